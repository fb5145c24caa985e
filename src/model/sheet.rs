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
}

impl Sheet {
    pub fn is_empty(&self) -> bool {
        self.convention.is_exact() && self.units.is_empty() && self.inputs.is_empty() && self.formulas.is_empty()
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

/// How long a day, a month and a year are taken to be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Convention {
    /// day = 86,400 s, month = 30 days, year = 365 days: the figures write-ups use.
    #[default]
    Exact,
    /// day ≈ 10^5 s, month ≈ 2.5 × 10^6 s, year ≈ 3 × 10^7 s: the mental-math figures.
    Rough,
}

impl Convention {
    pub fn is_exact(&self) -> bool {
        *self == Convention::Exact
    }

    pub fn key(self) -> &'static str {
        match self {
            Convention::Exact => "exact",
            Convention::Rough => "rough",
        }
    }

    /// One line saying what the convention means, shown beside the numbers.
    pub fn describe(self) -> &'static str {
        match self {
            Convention::Exact => "exact: day = 86,400 s, month = 30 days, year = 365 days",
            Convention::Rough => "rough: day ≈ 10^5 s, month ≈ 2.5×10^6 s, year ≈ 3×10^7 s",
        }
    }

    pub fn toggled(self) -> Convention {
        match self {
            Convention::Exact => Convention::Rough,
            Convention::Rough => Convention::Exact,
        }
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
            other => Err(format!("unknown convention `{other}` (use exact or rough)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_sheets_split_inputs_formulas_and_units() {
        let sheet = Sheet::from_plain("units: tweet, like\na = 1 tweet\nb\n---\nc = a * 2 = 3");
        assert_eq!(sheet.units, ["tweet", "like"]);
        assert_eq!(sheet.rows().collect::<Vec<_>>(), [("a", "1 tweet", ""), ("b", "", ""), ("c", "a * 2 = 3", "")]);
        assert_eq!((sheet.inputs.len(), sheet.formulas.len()), (2, 1));
    }
}
