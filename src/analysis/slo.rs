//! Reading targets out of non-functional requirements: "p99 < 200 ms", "99.99% availability",
//! "within 5 s at p95". A requirement may state several: one per `;`-separated clause
//! ("p99 < 50 ms; create p99 < 300 ms"), and within a clause one per piece joined by `, ` or
//! ` and ` ("99.99% for reads, 99.9% for writes"); text in brackets qualifies a target and is
//! skipped. Durations may be compound ("10 min 30 s").

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
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        _ => return None,
    })
}

/// A duration at the start of `s`: a number and a time unit, then any further smaller
/// number-and-unit pairs ("10 min 30 s", "1 h 15 min"), in seconds.
fn duration(s: &str) -> Option<f64> {
    let (value, rest) = leading_number(s.trim_start())?;
    let mut unit = time_unit(rest)?;
    let mut total = value * unit;
    let mut rest = skip_word(rest);
    while let Some((value, after)) = leading_number(rest.trim_start())
        && let Some(next) = time_unit(after)
        && next < unit
    {
        total += value * next;
        unit = next;
        rest = skip_word(after);
    }
    Some(total)
}

/// `s` after its leading blanks and the word that follows them.
fn skip_word(s: &str) -> &str {
    let s = s.trim_start();
    let end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    &s[end..]
}

const BOUNDS: &[&str] = &["<=", "≤", "<", "under", "within", "below", "less than", "at most", "in under"];

fn latency_target(clause: &str) -> Option<f64> {
    for bound in BOUNDS {
        let mut from = 0;
        while let Some(at) = clause[from..].find(bound) {
            let after = &clause[from + at + bound.len()..];
            if let Some(value) = duration(after) {
                return Some(value);
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

/// The pieces of one `;`-clause that each state their own target: split at `, ` and ` and `,
/// a piece that states no target joining the one before it ("for reads and writes").
fn pieces(clause: &str) -> Vec<String> {
    let mut raw: Vec<&str> = Vec::new();
    for part in clause.split(", ") {
        raw.extend(part.split(" and "));
    }
    let mut out: Vec<String> = Vec::new();
    let states = |p: &str| latency_target(p).is_some() || availability_target(p).is_some() || duration(p).is_some();
    for part in raw {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if !states(part) && !looks_like_target(part) => {
                last.push_str(" and ");
                last.push_str(part);
            }
            _ => out.push(part.to_string()),
        }
    }
    out
}

/// Whether a piece names a percentile and a number, so a reader would take it for a latency
/// target, though sdw read none from it.
fn looks_like_target(piece: &str) -> bool {
    percentile(piece).is_some_and(|p| piece.replacen(&p, "", 1).chars().any(|c| c.is_ascii_digit()))
}

/// The targets `text` states, and the pieces that look like targets sdw could not read.
pub fn read_all(text: &str) -> (Vec<Target>, Vec<String>) {
    // "Availability zones" are places, not a target.
    let lower = text.to_lowercase().replace("availability zone", "zone");
    let about_availability = lower.contains("availab") || lower.contains("uptime");
    let mut targets = Vec::new();
    let mut unread = Vec::new();
    for clause in outside_brackets(&lower).split(';') {
        // Durability's nines are not availability.
        let durability = clause.contains("durab") && !clause.contains("availab");
        // "within 5 s at p95 and 10 s at p99": the second piece keeps the first's bound.
        let mut latency_before = false;
        for piece in pieces(clause.trim()) {
            let latency = latency_target(&piece).or_else(|| if latency_before { duration(&piece) } else { None });
            if let Some(value) = latency {
                latency_before = true;
                targets.push(Target {
                    kind: SloKind::Latency,
                    value,
                    percentile: percentile(&piece),
                    clause: piece.clone(),
                });
            } else if about_availability
                && !durability
                && let Some(value) = availability_target(&piece)
            {
                latency_before = false;
                targets.push(Target { kind: SloKind::Availability, value, percentile: None, clause: piece.clone() });
            } else if looks_like_target(&piece) && !durability {
                unread.push(piece);
            }
        }
    }
    (targets, unread)
}

/// The targets `text` states.
pub fn read(text: &str) -> Stated {
    let lower = text.to_lowercase().replace("availability zone", "zone");
    let about_availability = lower.contains("availab") || lower.contains("uptime");
    let about_latency = lower.contains("latency") || lower.contains("p99") || lower.contains("p95");
    let (targets, _) = read_all(text);
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
    fn every_target_of_a_clause_list_is_read() {
        let t = targets("Availability: 99.99% for reads, 99.9% for writes");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!((t[0].1 - 0.9999).abs() < 1e-12 && (t[1].1 - 0.999).abs() < 1e-12, "{t:?}");
        let t = targets("p99 search < 200 ms and p99 place-page < 150 ms");
        assert_eq!(t, [(SloKind::Latency, 0.2, Some("p99".into())), (SloKind::Latency, 0.15, Some("p99".into()))]);
        // The second piece keeps the first's bound, each its own percentile.
        let t = targets("a committed change reaches the owner's other devices within 5 s at p95 and 10 s at p99");
        assert_eq!(t, [(SloKind::Latency, 5.0, Some("p95".into())), (SloKind::Latency, 10.0, Some("p99".into()))]);
        // A piece with no target of its own qualifies the one before: one target, not two.
        assert_eq!(targets("99.95% availability for reads and submissions").len(), 1);
        assert_eq!(targets("p99 < 200 ms for listing, commit and change-feed calls").len(), 1);
        match read("p99 < 10 ms and p50 < 2 ms for get and put") {
            Stated::Targets(t) => assert!(t[1].clause.contains("get and put"), "{t:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn compound_durations_add_up() {
        assert_eq!(targets("an expired hold is released within 10 min 30 s")[0].1, 630.0);
        assert_eq!(targets("rebuilt within 1 h 15 min")[0].1, 4500.0);
        // A larger unit after a smaller one starts something else.
        assert_eq!(targets("within 30 s 5 min later")[0].1, 30.0);
    }

    #[test]
    fn a_piece_that_looks_like_a_target_but_is_not_read_is_kept() {
        let (t, unread) = read_all("p99 < 200 ms for reads, p99 < 3 fortnights for writes");
        assert_eq!(t.len(), 1);
        assert_eq!(unread, ["p99 < 3 fortnights for writes"]);
    }

    #[test]
    fn unreadable_targets_are_said_to_be_so() {
        assert_eq!(read("Low latency for everyone"), Stated::Unparsed);
        assert_eq!(read("Highly available, always"), Stated::Unparsed);
        assert_eq!(read("Every code is unique forever"), Stated::None);
    }
}
