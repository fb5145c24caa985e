//! Reading targets out of non-functional requirements: "p99 < 200 ms", "99.99% availability",
//! "within 5 s at p95". A requirement may state several, one per `;`-separated clause
//! ("p99 < 50 ms; create p99 < 300 ms"); text in brackets qualifies a target and is skipped.

/// What a target bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SloKind {
    Availability,
    Latency,
}

impl SloKind {
    pub fn key(self) -> &'static str {
        match self {
            SloKind::Availability => "availability",
            SloKind::Latency => "latency",
        }
    }
}

/// One target, in SI base units: seconds for latency, a fraction for availability.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub kind: SloKind,
    pub value: f64,
    /// `p99`, `p95`, ... when the clause names one.
    pub percentile: Option<String>,
    /// The clause the target was read from, lowercased words and all.
    pub clause: String,
}

/// What a requirement's text states.
#[derive(Debug, Clone, PartialEq)]
pub enum Stated {
    Targets(Vec<Target>),
    /// It speaks of latency or availability, but no target could be read.
    Unparsed,
    /// Not a latency or availability requirement.
    None,
}

/// Text outside round brackets.
fn outside_brackets(s: &str) -> String {
    let mut depth = 0usize;
    s.chars()
        .filter(|c| match c {
            '(' => {
                depth += 1;
                false
            }
            ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// A number at the start of `s` (digits, `.`, `,` as a thousands separator), and what follows.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(s.len());
    let digits = s[..end].trim_end_matches(['.', ',']);
    let value = digits.replace(',', "").parse::<f64>().ok()?;
    Some((value, &s[digits.len()..]))
}

/// A time unit at the start of `s`, as seconds per unit.
fn time_unit(s: &str) -> Option<f64> {
    let word: String = s.trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
    Some(match word.as_str() {
        "ms" | "msec" | "millisecond" | "milliseconds" => 1e-3,
        "us" | "µs" | "microsecond" | "microseconds" => 1e-6,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "min" | "mins" | "minute" | "minutes" => 60.0,
        _ => return None,
    })
}

const BOUNDS: &[&str] = &["<=", "≤", "<", "under", "within", "below", "less than", "at most", "in under"];

fn latency_target(clause: &str) -> Option<f64> {
    for bound in BOUNDS {
        let mut from = 0;
        while let Some(at) = clause[from..].find(bound) {
            let after = &clause[from + at + bound.len()..];
            if let Some((value, rest)) = leading_number(after.trim_start())
                && let Some(unit) = time_unit(rest)
            {
                return Some(value * unit);
            }
            from += at + bound.len();
        }
    }
    None
}

fn percentile(clause: &str) -> Option<String> {
    clause
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .find(|w| w.len() >= 2 && w.starts_with('p') && w[1..].chars().all(|c| c.is_ascii_digit() || c == '.'))
        .map(|w| w.trim_end_matches('.').to_string())
}

fn availability_target(clause: &str) -> Option<f64> {
    let mut from = 0;
    while let Some(at) = clause[from..].find('%') {
        let before = &clause[from..from + at];
        let start = before.rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
        if let Ok(value) = before[start..].parse::<f64>()
            && (90.0..100.0).contains(&value)
        {
            return Some(value / 100.0);
        }
        from += at + 1;
    }
    None
}

/// The targets `text` states.
pub fn read(text: &str) -> Stated {
    // "Availability zones" are places, not a target.
    let lower = text.to_lowercase().replace("availability zone", "zone");
    let about_availability = lower.contains("availab") || lower.contains("uptime");
    let about_latency = lower.contains("latency") || lower.contains("p99") || lower.contains("p95");
    let mut targets = Vec::new();
    for clause in outside_brackets(&lower).split(';') {
        let clause = clause.trim();
        // Durability's nines are not availability.
        let durability = clause.contains("durab") && !clause.contains("availab");
        if let Some(value) = latency_target(clause) {
            targets.push(Target {
                kind: SloKind::Latency,
                value,
                percentile: percentile(clause),
                clause: clause.to_string(),
            });
        } else if about_availability
            && !durability
            && let Some(value) = availability_target(clause)
        {
            targets.push(Target { kind: SloKind::Availability, value, percentile: None, clause: clause.to_string() });
        }
    }
    if !targets.is_empty() {
        Stated::Targets(targets)
    } else if about_availability || about_latency {
        Stated::Unparsed
    } else {
        Stated::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<(SloKind, f64, Option<String>)> {
        match read(text) {
            Stated::Targets(t) => t.into_iter().map(|t| (t.kind, t.value, t.percentile)).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn latency_targets_with_their_percentile() {
        let t =
            targets("Redirect latency p99 < 50 ms measured at our edge (cache hit p99 < 10 ms); create p99 < 300 ms");
        assert_eq!(
            t,
            [(SloKind::Latency, 0.05, Some("p99".into())), (SloKind::Latency, 0.3, Some("p99".into()))],
            "the bracketed qualification is not a target"
        );
        assert_eq!(targets("Keystroke to suggestions shown within 1 s")[0].1, 1.0);
        assert_eq!(targets("p95 API latency < 200 ms (database queries < 50 ms)").len(), 1);
    }

    #[test]
    fn availability_targets_and_not_durability() {
        let t = targets("Redirects are 99.99% available (about 52.6 minutes of downtime a year); creation 99.9%");
        assert_eq!(t.len(), 2);
        assert!((t[0].1 - 0.9999).abs() < 1e-12 && (t[1].1 - 0.999).abs() < 1e-12, "{t:?}");
        assert_eq!(targets("99.95% availability for reads and submissions")[0].0, SloKind::Availability);
        assert_eq!(read("Durability: 99.999999999% (11 nines) per year for committed file data"), Stated::None);
    }

    #[test]
    fn unreadable_targets_are_said_to_be_so() {
        assert_eq!(read("Low latency for everyone"), Stated::Unparsed);
        assert_eq!(read("Highly available, always"), Stated::Unparsed);
        assert_eq!(read("Every code is unique forever"), Stated::None);
    }
}
