//! Turning numbat quantities into the numbers people write on a whiteboard: `1.16 K req/s`,
//! `91.3 TB`, `1.2 Gbit/s`. Information units get SI (or binary) prefixes; counts get
//! K / M / B / T suffixes; everything gets three significant digits.

/// How to print prefixes on bytes and bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Prefixes {
    #[default]
    Si,
    Binary,
}

/// A numbat quantity as plain data: its value and its unit factors. (numbat does not export
/// its quantity type by name, so the engine copies what display needs into this.)
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    pub value: f64,
    pub factors: Vec<RawFactor>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawFactor {
    /// numbat's canonical unit name (`second`, `byte`, `url`).
    pub name: String,
    /// The prefix as a factor (1e9 for giga, 1024 for kibi, 1 for none).
    pub prefix: f64,
    /// The prefix as written (`G`, `Ki`, or empty).
    pub prefix_symbol: String,
    pub exponent: f64,
}

/// One unit factor with its prefix folded into the number.
#[derive(Debug, Clone, PartialEq)]
struct Factor {
    name: String,
    exponent: f64,
}

fn short_name(canonical: &str) -> &str {
    match canonical {
        "second" => "s",
        "minute" => "min",
        "hour" => "h",
        "byte" => "B",
        "request" => "req",
        other => other,
    }
}

fn is_information(name: &str) -> bool {
    matches!(name, "B" | "bit")
}

/// Split `q` into its value with every prefix folded in, and its unprefixed factors.
fn unprefixed(q: &Raw) -> (f64, Vec<Factor>) {
    let mut value = q.value;
    let mut factors = Vec::new();
    for f in &q.factors {
        value *= f.prefix.powf(f.exponent);
        // Named numbers (`billion url`) are folded into the value: the scale is shown as K/M/B/T.
        if let Some(scale) = named_number(&f.name) {
            value *= scale.powf(f.exponent);
            continue;
        }
        factors.push(Factor { name: short_name(&f.name).to_string(), exponent: f.exponent });
    }
    (value, factors)
}

fn named_number(name: &str) -> Option<f64> {
    Some(match name {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        "quadrillion" => 1e15,
        "quintillion" => 1e18,
        _ => return None,
    })
}

fn is_binary_prefix(symbol: &str) -> bool {
    matches!(symbol, "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei")
}

/// Render `x^e` exponents readably.
fn power(name: &str, exponent: f64) -> String {
    if exponent == 1.0 {
        name.to_string()
    } else if exponent.fract() == 0.0 {
        format!("{name}^{}", exponent as i64)
    } else {
        format!("{name}^{exponent}")
    }
}

/// `B/s`, `req/(user·day)`, `/s`: the unit text for a set of factors, numerator first.
fn unit_text(factors: &[Factor]) -> String {
    let num: Vec<String> = factors.iter().filter(|f| f.exponent > 0.0).map(|f| power(&f.name, f.exponent)).collect();
    let den: Vec<String> = factors.iter().filter(|f| f.exponent < 0.0).map(|f| power(&f.name, -f.exponent)).collect();
    let mut text = num.join("·");
    match den.len() {
        0 => {}
        1 => text = format!("{text}/{}", den[0]),
        _ => text = format!("{text}/({})", den.join("·")),
    }
    text
}

/// Three significant digits, trailing zeros dropped: `1.1574` → `1.16`, `100.0` → `100`.
pub fn sig3(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    // Drop float noise first (109.49999999999999 is 109.5), then round to three digits.
    let x: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    let magnitude = x.abs().log10().floor() as i32;
    // Absurd magnitudes (1e157, 1e-300) in scientific notation, not 150 digits or a bare 0.
    if !(-10..15).contains(&magnitude) {
        let text = format!("{x:.2e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        return format!("{}e{exponent}", trim_zeros(mantissa));
    }
    let decimals = (2 - magnitude).clamp(0, 12);
    // Round half away from zero (91.25 → 91.3), as people do by hand.
    let scale = 10f64.powi(decimals);
    let rounded = (x * scale).round() / scale;
    trim_zeros(&format!("{rounded:.0$}", decimals as usize))
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// A count with a K / M / B / T scale and three significant digits: `3.47 M`.
pub fn human_count(x: f64) -> String {
    let (scaled, symbol) = pick(x, &COUNT);
    if symbol.is_empty() { sig3(scaled) } else { format!("{} {symbol}", sig3(scaled)) }
}

/// A precise rendering for scripts and tables: at least five significant digits, never
/// rounding away integer digits (`1157.4`, `5787`, `3521614606336`, `0.012346`).
pub fn precise(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let magnitude = x.abs().log10().floor() as i32;
    if !(-6..21).contains(&magnitude) {
        return format!("{x:.4e}");
    }
    let decimals = (4 - magnitude).clamp(0, 12) as usize;
    let text = trim_zeros(&format!("{x:.decimals$}"));
    // Five digits and more are grouped in threes, as people write them: 5,000,000.
    if magnitude >= 4 { group_digits(&text) } else { text }
}

/// `5000000.5` as `5,000,000.5`.
fn group_digits(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (integer, fraction) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

const SI: [(f64, &str); 7] = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, "")];
const BINARY: [(f64, &str); 7] = [
    (1152921504606846976.0, "Ei"),
    (1125899906842624.0, "Pi"),
    (1099511627776.0, "Ti"),
    (1073741824.0, "Gi"),
    (1048576.0, "Mi"),
    (1024.0, "Ki"),
    (1.0, ""),
];
/// Count scales. A billion is `bn` and a trillion `tn`: `B` is only ever bytes, and a bare
/// `T` reads as tera.
const COUNT: [(f64, &str); 5] = [(1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "K"), (1.0, "")];

fn pick(value: f64, scales: &[(f64, &'static str)]) -> (f64, &'static str) {
    let a = value.abs();
    for &(factor, symbol) in scales {
        // Compare after rounding to three digits, so 999.96 k becomes 1 M rather than 1000 k.
        if a >= factor * 0.9995 {
            return (value / factor, symbol);
        }
    }
    (value, "")
}

/// Like `pick`, for a unit raised to `exponent` (a prefix on m^2 scales by its square). Only
/// prefixes up to kilo are used for lengths above the first power, to stay readable.
fn pick_power(value: f64, scales: &[(f64, &'static str)], exponent: i32) -> (f64, &'static str) {
    if exponent == 1 {
        return pick(value, scales);
    }
    let a = value.abs();
    for &(factor, symbol) in scales.iter().filter(|(f, _)| *f <= 1e3) {
        let f = factor.powi(exponent);
        if a >= f * 0.9995 {
            return (value / f, symbol);
        }
    }
    (value, "")
}

/// A fraction as a percentage with the digits that matter: three significant digits of what
/// it falls short of 100 % by, so nines stay visible (`99.9999`, not `100`; `99.8001`, not
/// `99.8`), and at least one decimal's worth of ordinary percentages (`66.5`, `20`).
pub fn percent_text(fraction: f64) -> String {
    let percent = fraction * 100.0;
    let shortfall = (100.0 - percent).abs();
    let leading = if shortfall > 0.0 { (-shortfall.log10().floor()).max(0.0) as usize } else { 0 };
    let decimals = (leading + 3).min(10);
    // Drop float noise (99.80010000000001) before trimming.
    let text = format!("{:.decimals$}", (percent * 1e10).round() / 1e10);
    trim_zeros(&text)
}

/// The human rendering of a quantity: number, scale and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The unit as evaluated, with its prefixes (`url/s`, `GB/day`).
    pub unit: String,
    /// The value in `unit`.
    pub value: f64,
    /// Three significant digits with a scale: `1.16 K url/s`.
    pub display: String,
}

pub fn render(q: &Raw, prefixes: Prefixes) -> Rendered {
    let as_written: Vec<Factor> = q
        .factors
        .iter()
        .map(|f| Factor { name: format!("{}{}", f.prefix_symbol, short_name(&f.name)), exponent: f.exponent })
        .collect();
    let unit = unit_text(&as_written);
    let (value, mut factors) = unprefixed(q);
    // Bytes, bits and metres take an SI prefix (km^2 for an area); counts take K/M/B/T.
    let prefixable = factors.iter().position(|f| {
        (is_information(&f.name) && f.exponent == 1.0) || (f.name == "m" && [1.0, 2.0, 3.0].contains(&f.exponent))
    });
    let display = match prefixable {
        Some(i) => {
            // A binary prefix asked for (`-> TiB`) keeps the display binary too.
            let asked_binary = q.factors.iter().any(|f| is_binary_prefix(&f.prefix_symbol));
            let binary = (prefixes == Prefixes::Binary || asked_binary) && factors[i].name == "B";
            let table = if binary { &BINARY } else { &SI };
            let exponent = factors[i].exponent as i32;
            let (scaled, symbol) = pick_power(value, table, exponent);
            factors[i].name = format!("{symbol}{}", factors[i].name);
            format!("{} {}", sig3(scaled), unit_text(&factors))
        }
        None => {
            let (scaled, symbol) = pick(value, &COUNT);
            let mut text = unit_text(&factors);
            // A plain count or duration reads better in the plural ("8 servers", "5 years");
            // symbols (`s`, `%`, `req`) stay as they are.
            let word =
                factors.first().is_some_and(|f| f.name.len() > 2 && f.name.chars().all(|c| c.is_ascii_alphabetic()));
            if factors.len() == 1 && factors[0].exponent == 1.0 && value != 1.0 && word && factors[0].name != "req" {
                text = super::prelude::plural(&text);
            }
            // A plain number below a thousand is a ratio or a factor: keep its digits (0.9999,
            // not 1).
            let number = if text.is_empty() && symbol.is_empty() { precise(scaled) } else { sig3(scaled) };
            match (symbol.is_empty(), text.is_empty()) {
                (true, true) => number,
                (true, false) if text.starts_with('/') => format!("{number} {text}"),
                (true, false) => format!("{number} {text}"),
                (false, true) => format!("{number} {symbol}"),
                (false, false) if text.starts_with('/') => format!("{number} {symbol}{text}"),
                (false, false) => format!("{number} {symbol} {text}"),
            }
        }
    };
    Rendered { unit, value: q.value, display }
}

/// The value and unit text of a quantity already in base units (`1157.4`, `url/s`).
pub fn base(q: &Raw) -> (f64, String) {
    let (value, factors) = unprefixed(q);
    (value, unit_text(&factors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_significant_digits() {
        assert_eq!(sig3(1.1574), "1.16");
        assert_eq!(sig3(91.25), "91.3");
        assert_eq!(sig3(100.0), "100");
        assert_eq!(sig3(1.2), "1.2");
        assert_eq!(sig3(0.01234), "0.0123");
    }

    #[test]
    fn percentages_keep_their_nines() {
        assert_eq!(percent_text(0.999999), "99.9999");
        assert_eq!(percent_text(0.998001), "99.8001");
        assert_eq!(percent_text(0.9999), "99.99");
        assert_eq!(percent_text(0.665), "66.5");
        assert_eq!(percent_text(0.2), "20");
        assert_eq!(percent_text(1.0), "100");
        assert_eq!(percent_text(1.5), "150");
        assert_eq!(percent_text(1.0 / 3.0), "33.333");
    }

    #[test]
    fn precise_keeps_integer_digits() {
        assert_eq!(precise(1157.4074), "1157.4");
        assert_eq!(precise(5787.037), "5787");
        assert_eq!(precise(3521614606336.0), "3,521,614,606,336");
        assert_eq!(precise(5e6), "5,000,000");
        assert_eq!(precise(-12345.6), "-12,346");
        assert_eq!(precise(10000.5), "10,000");
        assert_eq!(precise(57.87037), "57.87");
        assert_eq!(precise(1000.0), "1000");
    }
}
