//! Phase 2 as data: the estimate sheet. Inputs are the stated assumptions, formulas derive
//! everything else; `crate::estimate` evaluates them. Numbers are never stored, only derived.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    #[serde(default, skip_serializing_if = "Convention::is_exact")]
    pub convention: Convention,
    /// Extra countable units this sheet uses beyond the built-in ones (e.g. `"tweet"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    #[serde(default, rename = "input", skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    #[serde(default, rename = "formula", skip_serializing_if = "Vec::is_empty")]
    pub formulas: Vec<Formula>,
    /// Figures the design was given (by a source, a brief, an interviewer) to hold the sheet
    /// against: `sdw check` says where they disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated: Vec<Stated>,
}

/// A figure stated elsewhere for one of the sheet's rows: `[[estimates.stated]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stated {
    /// The row it is a figure for.
    pub name: String,
    /// The figure, with units: `"302 MB / day"`.
    pub value: String,
    /// How far the sheet may be from it, in percent.
    #[serde(default = "default_tolerance", skip_serializing_if = "is_default_tolerance")]
    pub tolerance_percent: f64,
    /// Where it was stated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

fn default_tolerance() -> f64 {
    1.0
}

fn is_default_tolerance(t: &f64) -> bool {
    *t == 1.0
}

impl Sheet {
    pub fn is_empty(&self) -> bool {
        self.convention.is_exact()
            && self.units.is_empty()
            && self.inputs.is_empty()
            && self.formulas.is_empty()
            && self.stated.is_empty()
    }

    /// Every row, inputs first, each as (name, expression, note).
    pub fn rows(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.inputs
            .iter()
            .map(|i| (i.name.as_str(), i.value.as_str(), i.note.as_str()))
            .chain(self.formulas.iter().map(|f| (f.name.as_str(), f.expr.as_str(), f.note.as_str())))
    }

    pub fn len(&self) -> usize {
        self.inputs.len() + self.formulas.len()
    }

    /// A sheet from compact text, one `name = expr` row a line: inputs first, then a `---`
    /// line, then formulas; a `units: a, b` line declares extra units. Anything goes (the
    /// rows are checked when evaluated): the fuzz target and its regression replay build
    /// sheets this way.
    pub fn from_plain(text: &str) -> Sheet {
        let mut sheet = Sheet::default();
        let mut formulas = false;
        for line in text.lines() {
            if line == "---" {
                formulas = true;
                continue;
            }
            if let Some(units) = line.strip_prefix("units:") {
                sheet.units.extend(units.split(',').map(|u| u.trim().to_string()));
                continue;
            }
            let (name, expr) = line.split_once('=').unwrap_or((line, ""));
            let (name, expr) = (name.trim().to_string(), expr.trim().to_string());
            if formulas {
                sheet.formulas.push(Formula { name, expr, note: String::new() });
            } else {
                sheet.inputs.push(Input { name, value: expr, note: String::new() });
            }
        }
        sheet
    }

    /// Replace the expression of the row called `name`; false when there is no such row.
    pub fn set(&mut self, name: &str, expr: &str) -> bool {
        if let Some(input) = self.inputs.iter_mut().find(|i| i.name == name) {
            input.value = expr.to_string();
            return true;
        }
        if let Some(formula) = self.formulas.iter_mut().find(|f| f.name == name) {
            formula.expr = expr.to_string();
            return true;
        }
        false
    }
}

/// A stated assumption: a name and a value with units, and where the figure comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Input {
    pub name: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A derived figure: an expression over inputs and other formulas, in any order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Formula {
    pub name: String,
    pub expr: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// How long a day, a month and a year are taken to be: a calendar. Sources disagree, so a
/// figure reproduces only under the calendar its author used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// day = 86,400 s, month = 30 days, year = 365 days: the figures write-ups use.
    #[default]
    Exact,
    /// day ≈ 10^5 s, month ≈ 2.5 × 10^6 s, year ≈ 3 × 10^7 s: the mental-math figures.
    Rough,
    /// day = 86,400 s, month = 2.5 × 10^6 s, year = 12 months: the System Design Primer's
    /// conversion guide ("400 requests per second = 1 billion requests per month").
    Primer,
    /// day ≈ 10^5 s, month = 30 days, year = 365 days: a rounded day, whole-day months and
    /// years, as in the System Design Interview books.
    RoundDay,
}

impl Convention {
    /// Every calendar, in the order the workbench cycles through them.
    pub const ALL: [Convention; 4] = [Convention::Exact, Convention::Rough, Convention::Primer, Convention::RoundDay];

    pub fn is_exact(&self) -> bool {
        *self == Convention::Exact
    }

    pub fn key(self) -> &'static str {
        match self {
            Convention::Exact => "exact",
            Convention::Rough => "rough",
            Convention::Primer => "primer",
            Convention::RoundDay => "round_day",
        }
    }

    /// One line saying what the convention means, shown beside the numbers.
    pub fn describe(self) -> &'static str {
        match self {
            Convention::Exact => "exact: day = 86,400 s, month = 30 days, year = 365 days",
            Convention::Rough => "rough: day ≈ 10^5 s, month ≈ 2.5×10^6 s, year ≈ 3×10^7 s",
            Convention::Primer => "primer: day = 86,400 s, month = 2.5×10^6 s, year = 12 months",
            Convention::RoundDay => "round_day: day ≈ 10^5 s, month = 30 days, year = 365 days",
        }
    }

    /// Day, month and year in seconds.
    pub fn lengths(self) -> (f64, f64, f64) {
        match self {
            Convention::Exact => (86_400.0, 30.0 * 86_400.0, 365.0 * 86_400.0),
            Convention::Rough => (1e5, 2.5e6, 3e7),
            Convention::Primer => (86_400.0, 2.5e6, 12.0 * 2.5e6),
            Convention::RoundDay => (1e5, 30.0 * 1e5, 365.0 * 1e5),
        }
    }

    /// Why a span in years comes out as it does in months and days: "a year is 12.17 months
    /// of 30 days (5 years = 60.8 months) and 365 days".
    pub fn years_explained(self) -> String {
        let (day, month, year) = self.lengths();
        let months = year / month;
        let round = |x: f64| {
            let text = format!("{x:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        let five = format!("{:.1}", 5.0 * months);
        let five = five.trim_end_matches(".0");
        format!("a year is {} months (5 years = {five} months) and {} days", round(months), round(year / day))
    }

    /// The next calendar, for the workbench's toggle.
    pub fn toggled(self) -> Convention {
        let at = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Convention {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "exact" => Ok(Convention::Exact),
            "rough" => Ok(Convention::Rough),
            "primer" => Ok(Convention::Primer),
            "round_day" | "round-day" => Ok(Convention::RoundDay),
            other => Err(format!("unknown convention `{other}` (use exact, rough, primer or round_day)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_calendar_says_how_many_months_five_years_are() {
        assert_eq!(Convention::Exact.years_explained(), "a year is 12.17 months (5 years = 60.8 months) and 365 days");
        assert_eq!(Convention::Rough.years_explained(), "a year is 12 months (5 years = 60 months) and 300 days");
        assert_eq!(Convention::Primer.years_explained(), "a year is 12 months (5 years = 60 months) and 347.22 days");
        assert_eq!(
            Convention::RoundDay.years_explained(),
            "a year is 12.17 months (5 years = 60.8 months) and 365 days"
        );
        for c in Convention::ALL {
            assert_eq!(c.key().parse::<Convention>(), Ok(c));
            assert!(c.describe().starts_with(&format!("{}: ", c.key())));
        }
        // The toggle visits every calendar and comes back.
        let mut c = Convention::Exact;
        for _ in 0..Convention::ALL.len() {
            c = c.toggled();
        }
        assert_eq!(c, Convention::Exact);
    }

    #[test]
    fn plain_text_sheets_split_inputs_formulas_and_units() {
        let sheet = Sheet::from_plain("units: tweet, like\na = 1 tweet\nb\n---\nc = a * 2 = 3");
        assert_eq!(sheet.units, ["tweet", "like"]);
        assert_eq!(sheet.rows().collect::<Vec<_>>(), [("a", "1 tweet", ""), ("b", "", ""), ("c", "a * 2 = 3", "")]);
        assert_eq!((sheet.inputs.len(), sheet.formulas.len()), (2, 1));
    }
}
