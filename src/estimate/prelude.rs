//! The numbat prelude sdw evaluates sheets in: a small, fast subset of numbat's standard
//! library, time units fixed by the convention, information units with metric and binary
//! prefixes, and countable domain units (`request`, `user`, `url`, ...), each its own dimension
//! so that adding users to requests is an error.

use crate::model::Convention;

/// Countable things that back-of-the-envelope sheets talk about, with their short forms.
/// Each gets its own dimension; a plural alias is added automatically.
pub const DOMAIN_UNITS: &[(&str, &[&str])] = &[
    ("request", &["req"]),
    ("query", &[]),
    ("user", &[]),
    ("url", &[]),
    ("message", &["msg"]),
    ("post", &[]),
    ("tweet", &[]),
    ("event", &[]),
    ("file", &[]),
    ("chunk", &[]),
    ("object", &[]),
    ("photo", &[]),
    ("video", &[]),
    ("ride", &[]),
    ("trip", &[]),
    ("order", &[]),
    ("payment", &[]),
    ("transaction", &["txn"]),
    ("task", &[]),
    ("notification", &[]),
    ("click", &[]),
    ("view", &[]),
    ("connection", &["conn"]),
    ("session", &[]),
    ("follower", &[]),
    ("device", &[]),
    ("record", &[]),
    ("upload", &[]),
    ("page", &[]),
    ("document", &[]),
    ("booking", &[]),
    ("server", &[]),
    ("shard", &[]),
    ("node", &[]),
    ("partition", &[]),
];

/// The plural of a unit name, as people write it in sheets.
pub fn plural(name: &str) -> String {
    if name.ends_with('s') || name.ends_with('x') || name.ends_with("ch") || name.ends_with("sh") {
        format!("{name}es")
    } else if let Some(stem) = name.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{name}s")
    }
}

/// numbat code declaring one countable unit in a dimension of its own.
pub fn count_unit_code(name: &str, short: &[&str]) -> String {
    let mut aliases = vec![plural(name)];
    aliases.extend(short.iter().map(|s| format!("{s}: short")));
    format!("dimension Count_{name}\n@aliases({})\nunit {name}: Count_{name}\n", aliases.join(", "))
}

/// The whole prelude for a convention.
pub fn prelude_code(convention: Convention) -> String {
    let (day, month, year) = match convention {
        Convention::Exact => ("86400 second", "30 day", "365 day"),
        Convention::Rough => ("1e5 second", "2.5e6 second", "3e7 second"),
    };
    let mut code = format!(
        r#"use core::scalar
use core::functions
use math::constants
use math::transcendental

dimension Time
dimension DigitalInformation

@metric_prefixes
@aliases(seconds, s: short, sec: none)
unit second: Time
@aliases(minutes, min: short)
unit minute: Time = 60 second
@aliases(hours, h: short, hr: none)
unit hour: Time = 3600 second
@aliases(days)
unit day: Time = {day}
@aliases(weeks)
unit week: Time = 7 day
@aliases(months)
unit month: Time = {month}
@aliases(years, yr: none)
unit year: Time = {year}

@metric_prefixes
@binary_prefixes
@aliases(byte: both, bytes: both, B: short)
unit byte: DigitalInformation
@metric_prefixes
@binary_prefixes
@aliases(bit: both, bits: both)
unit bit: DigitalInformation = byte / 8
unit KB: DigitalInformation = kB
unit Kbit: DigitalInformation = kbit
@metric_prefixes
@aliases(bps: short)
unit bps = bit / second

@aliases(%: short, pct: none)
unit percent = 1e-2

dimension Length
@metric_prefixes
@aliases(metres, meter, meters, m: short)
unit metre: Length

dimension Money
@aliases(dollars, USD: none)
unit dollar: Money
@aliases(cents)
unit cent: Money = dollar / 100
"#
    );
    for (name, short) in DOMAIN_UNITS {
        code.push_str(&count_unit_code(name, short));
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_read_naturally() {
        assert_eq!(plural("url"), "urls");
        assert_eq!(plural("query"), "queries");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("match"), "matches");
    }
}
