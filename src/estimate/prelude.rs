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

/// numbat's `core::functions`, except that rounding up or down in a unit first drops the
/// floating-point noise of the division: 1.1 M req/s × 3 ÷ 300 K req/s per server is
/// 11.000000000000002 in floating point, and is 11 servers, not 12. Functions without a body
/// are numbat's own, found by name. And `max` of two figures, and availability arithmetic:
/// the downtime an availability allows over a period, the availability of `replicas` in
/// parallel (any one up is enough), and `nines(4)` for 99.99 %. Series is multiplication.
const FUNCTIONS: &str = r#"fn abs<T: Dim>(x: T) -> T
fn sqrt<D: Dim>(x: D^2) -> D = x^(1/2)
fn cbrt<D: Dim>(x: D^3) -> D = if x > 0 then x^(1/3) else - (-x)^(1/3)
fn sqr<D: Dim>(x: D) -> D^2 = x^2
fn round(x: Scalar) -> Scalar
fn floor(x: Scalar) -> Scalar
fn ceil(x: Scalar) -> Scalar
fn trunc(x: Scalar) -> Scalar
fn fract(x: Scalar) -> Scalar
fn mod<T: Dim>(a: T, b: T) -> T
fn whole_if_nearly(x: Scalar) -> Scalar = if abs(x - round(x)) <= 1e-9 × abs(x) then round(x) else x
fn round_in<D: Dim>(base: D, value: D) -> D = round(value / base) × base
fn floor_in<D: Dim>(base: D, value: D) -> D = floor(whole_if_nearly(value / base)) × base
fn ceil_in<D: Dim>(base: D, value: D) -> D = ceil(whole_if_nearly(value / base)) × base
fn trunc_in<D: Dim>(base: D, value: D) -> D = trunc(whole_if_nearly(value / base)) × base
fn max<D: Dim>(a: D, b: D) -> D = if a > b then a else b
"#;

/// Availability arithmetic, once `Time` exists.
const AVAILABILITY: &str = r#"fn downtime(availability: Scalar, period: Time) -> Time = (1 - availability) × period -> second
fn parallel(availability: Scalar, replicas: Scalar) -> Scalar = 1 - (1 - availability)^replicas
fn nines(count: Scalar) -> Scalar = 1 - 10^(-count)
"#;

/// The whole prelude for a convention.
pub fn prelude_code(convention: Convention) -> String {
    let (day, month, year) = match convention {
        Convention::Exact => ("86400 second", "30 day", "365 day"),
        Convention::Rough => ("1e5 second", "2.5e6 second", "3e7 second"),
        Convention::Primer => ("86400 second", "2.5e6 second", "12 month"),
        Convention::RoundDay => ("1e5 second", "30 day", "365 day"),
    };
    let mut code = format!(
        r#"use core::scalar
use math::constants
use math::transcendental

{FUNCTIONS}
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

{AVAILABILITY}
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
