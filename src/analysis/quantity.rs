//! The figures the analysis works with: a value in SI base units and its dimensions, read from
//! an evaluated row or computed by the estimate engine from an expression over rows.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Mutex, OnceLock};

use crate::estimate::{self, Evaluation, Prefixes, identifiers};
use crate::model::Convention;

/// Unit dimensions: base unit name to exponent (`click/(s·server)` is click¹ s⁻¹ server⁻¹).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dims(BTreeMap<String, i32>);

impl Dims {
    pub fn none() -> Dims {
        Dims::default()
    }

    pub fn per_second() -> Dims {
        Dims([("s".to_string(), -1)].into_iter().collect())
    }

    /// Read the engine's base-unit text: `B/s`, `req/(s·user)`, `/s`, `s^2`, or empty.
    pub fn parse(text: &str) -> Dims {
        let mut dims = BTreeMap::new();
        let (num, den) = text.split_once('/').unwrap_or((text, ""));
        let den = den.trim_start_matches('(').trim_end_matches(')');
        for (part, sign) in [(num, 1), (den, -1)] {
            for factor in part.split('·').map(str::trim).filter(|f| !f.is_empty()) {
                let (name, exponent) = match factor.split_once('^') {
                    Some((n, e)) => (n, e.parse::<f64>().map_or(1, |e| e.round() as i32)),
                    None => (factor, 1),
                };
                *dims.entry(name.to_string()).or_insert(0) += sign * exponent;
            }
        }
        dims.retain(|_, e| *e != 0);
        Dims(dims)
    }

    pub fn times(&self, other: &Dims) -> Dims {
        let mut dims = self.0.clone();
        for (name, e) in &other.0 {
            *dims.entry(name.clone()).or_insert(0) += e;
        }
        dims.retain(|_, e| *e != 0);
        Dims(dims)
    }

    /// How many base units appear.
    pub fn factors(&self) -> usize {
        self.0.len()
    }

    pub fn is_dimensionless(&self) -> bool {
        self.0.is_empty()
    }

    pub fn exponent(&self, name: &str) -> i32 {
        self.0.get(name).copied().unwrap_or(0)
    }

    /// Without `name`'s factor.
    pub fn without(&self, name: &str) -> Dims {
        let mut dims = self.0.clone();
        dims.remove(name);
        Dims(dims)
    }

    /// A count per second (`click/s`) or plain operations per second (`/s`): what a flow's
    /// rate and a component's capacity are.
    pub fn is_rate(&self) -> bool {
        self.exponent("s") == -1 && self.0.iter().filter(|(n, _)| *n != "s").all(|(n, e)| *e == 1 && is_count(n))
    }

    /// The counted thing of a rate (`click` in `click/s`), if any.
    pub fn counted(&self) -> Option<&str> {
        self.0.keys().map(String::as_str).find(|n| *n != "s")
    }
}

/// Countable units are everything but the physical base units the prelude knows.
fn is_count(name: &str) -> bool {
    !matches!(name, "s" | "B" | "bit" | "m" | "kg" | "K" | "A" | "mol" | "cd" | "rad" | "$" | "USD")
}

impl fmt::Display for Dims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let power = |n: &str, e: i32| if e == 1 { n.to_string() } else { format!("{n}^{e}") };
        let num: Vec<String> = self.0.iter().filter(|(_, e)| **e > 0).map(|(n, e)| power(n, *e)).collect();
        let den: Vec<String> = self.0.iter().filter(|(_, e)| **e < 0).map(|(n, e)| power(n, -*e)).collect();
        let mut text = num.join("·");
        match den.len() {
            0 => {}
            1 => text = format!("{text}/{}", den[0]),
            _ => text = format!("{text}/({})", den.join("·")),
        }
        if text.is_empty() { f.write_str("1") } else { f.write_str(&text) }
    }
}

/// A value in SI base units with its dimensions.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub base: f64,
    pub dims: Dims,
}

impl Value {
    pub fn number(x: f64) -> Value {
        Value { base: x, dims: Dims::none() }
    }
}

/// Why an expression has no value here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// A row it uses has its own error, reported on the estimate sheet.
    RowBroken(String),
    /// The expression itself is wrong: unknown name, syntax, unit mismatch.
    Invalid(String),
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::RowBroken(row) => write!(f, "row `{row}` has an error"),
            ValueError::Invalid(why) => f.write_str(why),
        }
    }
}

/// Evaluates the analysis's expressions against one evaluated sheet.
pub struct Resolver<'a> {
    pub eval: &'a Evaluation,
    pub units: &'a [String],
    pub convention: Convention,
}

type Memo = HashMap<(String, Vec<String>, Convention), Result<(f64, String), String>>;

/// The engine's answers, kept: most expressions (`200 record / tweet`) never change between
/// keystrokes, and a numbat evaluation costs far more than the whole analysis.
fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| Mutex::new(HashMap::new()))
}

const MEMO_LIMIT: usize = 4096;

impl Resolver<'_> {
    pub fn value(&self, expr: &str) -> Result<Value, ValueError> {
        let expr = expr.trim();
        if let Some(row) = self.eval.row(expr) {
            return match &row.outcome {
                Ok(q) => Ok(Value { base: q.base_value, dims: Dims::parse(&q.base_unit) }),
                Err(_) => Err(ValueError::RowBroken(expr.to_string())),
            };
        }
        if let Ok(x) = expr.parse::<f64>() {
            return Ok(Value::number(x));
        }
        if let Some(x) = expr.strip_suffix('%').and_then(|n| n.trim().parse::<f64>().ok()) {
            return Ok(Value::number(x / 100.0));
        }
        // Rows inside a longer expression go in as their values, so the engine checks the units.
        let mut text = String::with_capacity(expr.len() + 16);
        let mut last = 0;
        for ident in identifiers(expr) {
            let Some(row) = self.eval.row(ident.name) else { continue };
            let q = row.outcome.as_ref().map_err(|_| ValueError::RowBroken(ident.name.to_string()))?;
            text.push_str(&expr[last..ident.start]);
            text.push_str(&format!("({:e} {})", q.base_value, q.base_unit));
            last = ident.start + ident.name.len();
        }
        text.push_str(&expr[last..]);
        let key = (text, self.units.to_vec(), self.convention);
        if let Some(hit) = memo().lock().ok().and_then(|m| m.get(&key).cloned()) {
            return hit.map(|(base, unit)| Value { base, dims: Dims::parse(&unit) }).map_err(ValueError::Invalid);
        }
        let result = estimate::calc_with_units(&key.0, self.units, self.convention, Prefixes::Si)
            .map(|q| (q.base_value, q.base_unit))
            .map_err(|e| {
                // The engine's columns count in the substituted text: keep its words, not its place.
                let text = e.to_string();
                let text = text.split_once(" at column ").map_or(text.clone(), |(head, rest)| {
                    format!("{head}{}", rest.split_once(':').map_or(String::new(), |(_, tail)| format!(":{tail}")))
                });
                format!("`{expr}`: {text}")
            });
        if let Ok(mut m) = memo().lock() {
            if m.len() >= MEMO_LIMIT {
                m.clear();
            }
            m.insert(key, result.clone());
        }
        result.map(|(base, unit)| Value { base, dims: Dims::parse(&unit) }).map_err(ValueError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sheet;

    #[test]
    fn dims_read_the_engines_unit_text() {
        let d = Dims::parse("click/(s·server)");
        assert_eq!((d.exponent("click"), d.exponent("s"), d.exponent("server")), (1, -1, -1));
        assert_eq!(Dims::parse("/s"), Dims::per_second());
        assert!(Dims::parse("").is_dimensionless());
        assert_eq!(Dims::parse("m^2/s^2").exponent("s"), -2);
        assert_eq!(d.to_string(), "click/(s·server)");
        assert!(Dims::parse("url/s").is_rate());
        assert!(Dims::per_second().is_rate());
        assert!(!Dims::parse("B/s").is_rate(), "bytes per second is bandwidth, not a rate of requests");
        assert!(!Dims::parse("url").is_rate());
    }

    #[test]
    fn expressions_use_rows_and_keep_units() {
        let sheet = Sheet::from_plain("hit = 90 percent\nreads = 1000 click / s\n---\n");
        let eval = estimate::evaluate(&sheet, Default::default());
        let r = Resolver { eval: &eval, units: &[], convention: Convention::Exact };
        assert_eq!(r.value("reads").unwrap(), Value { base: 1000.0, dims: Dims::parse("click/s") });
        assert_eq!(r.value("10%").unwrap().base, 0.1);
        let miss = r.value("1 - hit").unwrap();
        assert!((miss.base - 0.1).abs() < 1e-12 && miss.dims.is_dimensionless());
        let fan = r.value("200 record / click").unwrap();
        assert_eq!(fan.dims, Dims::parse("record/click"));
        let err = r.value("reads + 1 GB").unwrap_err();
        assert!(matches!(&err, ValueError::Invalid(m) if m.contains("`reads + 1 GB`")), "{err}");
        assert!(matches!(r.value("nonsense_row * 2"), Err(ValueError::Invalid(_))));
    }
}
