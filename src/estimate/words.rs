//! Errors in the user's words. numbat speaks of its dimensions (`Count_url`,
//! `DigitalInformation`, `Scalar`) and its grammar ("struct instantiation"); a sheet's user
//! knows units (`url/s`, `B`) and formulas. Everything an error says passes through here.

use super::prelude::DOMAIN_UNITS;

/// The unit a base dimension is measured in, as a sheet writes it.
fn unit_of_dimension(dimension: &str) -> String {
    match dimension {
        "Time" => "s".into(),
        "DigitalInformation" => "B".into(),
        "Length" => "m".into(),
        "Money" => "dollar".into(),
        other => other.strip_prefix("Count_").unwrap_or(other).to_string(),
    }
}

/// Base dimensions with their exponents, as units: `B/s`, `connection·B`, `url/(s·user)`, or
/// "a plain number" for none.
pub fn dimension_text(factors: &[(String, i128, i128)]) -> String {
    let power = |name: String, numer: i128, denom: i128| match (numer, denom) {
        (1, 1) => name,
        (n, 1) => format!("{name}^{n}"),
        (n, d) => format!("{name}^({n}/{d})"),
    };
    let top: Vec<String> =
        factors.iter().filter(|f| f.1 > 0).map(|(name, n, d)| power(unit_of_dimension(name), *n, *d)).collect();
    let bottom: Vec<String> =
        factors.iter().filter(|f| f.1 < 0).map(|(name, n, d)| power(unit_of_dimension(name), -n, *d)).collect();
    match (top.is_empty(), bottom.len()) {
        (true, 0) => "a plain number".into(),
        (false, 0) => top.join("·"),
        (top_empty, n) => {
            let under = if n == 1 { bottom[0].clone() } else { format!("({})", bottom.join("·")) };
            if top_empty { format!("1/{under}") } else { format!("{}/{under}", top.join("·")) }
        }
    }
}

/// The one countable unit by which two sides of a mismatch differ, if that is all they
/// differ by: `connection` between `connection·B` and `B`.
pub fn differing_count(left: &[(String, i128, i128)], right: &[(String, i128, i128)]) -> Option<String> {
    let mut difference: Vec<(String, i128, i128)> = Vec::new();
    for (name, n, d) in left {
        let other = right.iter().find(|f| &f.0 == name).map_or(0, |f| f.1 * d / f.2.max(1));
        if *n != other || *d != 1 {
            difference.push((name.clone(), n - other, *d));
        }
    }
    for (name, n, d) in right {
        if !left.iter().any(|f| &f.0 == name) {
            difference.push((name.clone(), -n, *d));
        }
    }
    match difference.as_slice() {
        [(name, n, 1)] if n.abs() == 1 => name.strip_prefix("Count_").map(str::to_string),
        _ => None,
    }
}

/// The first figure with a unit written in `expr` (`10 KB`), other than a count of
/// `not_in`, for a suggestion that reads like the user's own formula.
pub fn first_figure(expr: &str, not_in: &str) -> Option<String> {
    let words: Vec<&str> = expr.split(|c: char| c.is_whitespace() || "()*+-".contains(c)).collect();
    words.windows(2).find_map(|pair| {
        let number = pair[0].chars().next().is_some_and(|c| c.is_ascii_digit());
        let unit = pair[1].chars().next().is_some_and(char::is_alphabetic) && !names_count(pair[1], not_in);
        (number && unit).then(|| format!("{} {}", pair[0], pair[1]))
    })
}

/// What a word of a mistyped unit most likely meant: `tb` → `TB`, `Gb` → `Gbit` or `GB`.
pub fn unit_spelling(name: &str) -> Option<&'static str> {
    Some(match name {
        "kb" | "Kb" => "KB` (kilobytes) or `Kbit",
        "mb" => "MB` (megabytes) or `Mbit",
        "Mb" => "Mbit` (megabits) or `MB",
        "gb" => "GB",
        "Gb" => "Gbit` (gigabits) or `GB",
        "tb" => "TB",
        "Tb" => "Tbit` (terabits) or `TB",
        "pb" => "PB",
        "kbps" => "Kbps",
        "gbps" => "Gbps",
        "mbps" => "Mbps",
        "byte/s" => "B/s",
        "sec" | "secs" => "s",
        "mins" => "min",
        "hrs" => "h",
        _ => return None,
    })
}

/// Whether numbat's suggestion for an unknown name is worth making: a typo's fix (one
/// letter off, or two in a long name, or only the case), but not a different word (`day` for
/// `max`), and never a different countable unit two letters away (`page` for `paste`),
/// which would silently count the wrong thing.
pub fn keep_suggestion(name: &str, suggestion: &str) -> bool {
    if suggestion.eq_ignore_ascii_case(name) {
        return true;
    }
    let countable = DOMAIN_UNITS
        .iter()
        .any(|(unit, short)| *unit == suggestion || super::plural(unit) == suggestion || short.contains(&suggestion));
    match edit_distance(name, suggestion) {
        1 => true,
        2 => name.chars().count() >= 6 && !countable,
        _ => false,
    }
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Whether `word` names the countable unit `count` (its plural or short form included).
pub fn names_count(word: &str, count: &str) -> bool {
    word == count
        || word == super::plural(count)
        || DOMAIN_UNITS.iter().any(|(unit, short)| *unit == count && short.contains(&word))
}

/// A type error of numbat's, in the sheet's words.
pub fn type_message(message: &str) -> String {
    let message = plain(message);
    let between = |text: &str, start: &str, end: &str| -> Option<String> {
        let rest = text.strip_prefix(start)?;
        Some(rest.strip_suffix(end).unwrap_or(rest).to_string())
    };
    if let Some(got) = between(&message, "Exponents need to be dimensionless (got ", ").") {
        return format!("an exponent must be a plain number, not {got}");
    }
    if let Some(got) = between(&message, "Argument of factorial needs to be dimensionless (got ", ").") {
        return format!("`!` needs a plain number, not {got}");
    }
    if let Some(constraint) = message.strip_prefix("Could not solve the following constraint: ") {
        let (left, right) = constraint.split_once(" = ").unwrap_or((constraint, "?"));
        return format!("the units do not fit together: {left} would have to be {right}");
    }
    if let Some(rest) = message.strip_prefix("Function '")
        && let Some((name, rest)) = rest.split_once("' called with ")
        && let Some((given, needs)) = rest.split_once(" arguments(s), but needs ")
    {
        let needs = match needs.split_once("..") {
            Some((low, high)) if low == high => low.to_string(),
            Some((low, high)) => format!("{low} to {high}"),
            None => needs.to_string(),
        };
        return format!("`{name}` takes {needs} arguments, not {given}");
    }
    if let Some(got) = between(&message, "Incompatible types in function call: expected function type, got '", "'") {
        return format!("only a function can be called, and this is a value in {got}");
    }
    message
}

/// numbat's words for dimensions and grammar, in the sheet's words, for messages that are
/// not rebuilt from their parts.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(rest.len(), |e| at + e);
        let word = &rest[at..end];
        match word {
            "Scalar" => out.push_str("a plain number"),
            "Time" | "DigitalInformation" | "Length" | "Money" => out.push_str(&unit_of_dimension(word)),
            w if w.starts_with("Count_") => out.push_str(&unit_of_dimension(w)),
            w if w.starts_with(super::RENAMED_ROW) => out.push_str(&w[super::RENAMED_ROW.len()..]),
            "identifier" => out.push_str("name"),
            "procedure" => out.push_str("function"),
            _ => out.push_str(word),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace(" × ", "·").replace("Function or function", "Function")
}

/// A parse error of numbat's, said about a formula.
pub fn syntax(message: &str, expr: &str, column: usize) -> String {
    let start = expr.trim_start();
    let first_word =
        &start[..start.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '@')).unwrap_or(start.len())];
    if ["fn", "unit", "dimension", "use", "struct", "let", "where", "print", "assert", "assert_eq"]
        .contains(&first_word)
        || first_word.starts_with('@')
    {
        return format!(
            "`{first_word}` starts a definition or a command, not a formula: a row is one formula (extra units go in `units = [...]`)"
        );
    }
    let at_end = expr.chars().count() < column;
    if message.starts_with("Expected one of") {
        return if at_end {
            "the formula ends too soon: a number, a name or a bracket is missing".into()
        } else {
            "a number, a name or a bracket is missing here".into()
        };
    }
    if message.starts_with("Missing closing parenthesis") {
        return "a `(` is not closed: add `)`".into();
    }
    if let Some(rest) = message.strip_prefix("Trailing characters: '") {
        let what = rest.trim_end_matches('\'');
        if what == "," {
            return "a comma here neither groups digits in threes (`1,000`) nor separates a function's arguments"
                .into();
        }
        return format!("`{what}` is left over: the formula had already ended");
    }
    plain(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(list: &[(&str, i128)]) -> Vec<(String, i128, i128)> {
        list.iter().map(|(n, e)| (n.to_string(), *e, 1)).collect()
    }

    #[test]
    fn dimensions_read_as_units() {
        assert_eq!(dimension_text(&dims(&[("DigitalInformation", 1), ("Time", -1)])), "B/s");
        assert_eq!(dimension_text(&dims(&[("Count_url", 1), ("Time", -1), ("Count_user", -1)])), "url/(s·user)");
        assert_eq!(dimension_text(&dims(&[])), "a plain number");
        assert_eq!(dimension_text(&dims(&[("Time", -1)])), "1/s");
        assert_eq!(dimension_text(&dims(&[("Length", 2)])), "m^2");
    }

    #[test]
    fn a_missing_per_unit_is_found() {
        let left = dims(&[("Count_connection", 1), ("DigitalInformation", 1)]);
        assert_eq!(differing_count(&left, &dims(&[("DigitalInformation", 1)])), Some("connection".into()));
        assert_eq!(differing_count(&dims(&[("Time", 1)]), &dims(&[("DigitalInformation", 1)])), None);
        assert_eq!(first_figure("10 conn * 10 KB -> GB", "connection"), Some("10 KB".into()));
    }

    #[test]
    fn only_typos_get_a_suggestion() {
        assert!(keep_suggestion("userz", "users"));
        assert!(keep_suggestion("tb", "TB"));
        assert!(!keep_suggestion("paste", "page"));
        assert!(!keep_suggestion("pastes", "pages"));
        assert!(!keep_suggestion("max", "day"));
        assert!(keep_suggestion("storage_per_dya", "storage_per_day"));
    }

    #[test]
    fn plain_words_replace_internal_names() {
        assert_eq!(plain("got Count_user × DigitalInformation and Scalar"), "got user·B and a plain number");
        assert_eq!(plain("Expected identifier"), "Expected name");
    }
}
