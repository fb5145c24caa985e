//! The canned-problem library: a problem is a brief (prompt, clarifying questions, hints,
//! rubric, key figures) plus a reference design in the same schema as a user's design.

mod library;

pub use library::{Library, LibraryEntry, Origin, Summary, builtin_sources};

use serde::{Deserialize, Serialize};

use crate::model::{Design, Phase};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub id: String,
    pub title: String,
    pub difficulty: Difficulty,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default = "default_time_budget")]
    pub time_budget_minutes: u32,
    /// Minutes per phase in a mock interview, where they differ from the defaults.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub phase_minutes: std::collections::BTreeMap<Phase, u32>,
    pub prompt: String,
    #[serde(default)]
    pub clarifying_questions: Vec<Clarification>,
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default)]
    pub curveballs: Vec<Curveball>,
    #[serde(default)]
    pub rubric: Vec<RubricItem>,
    /// Key figures of the reference sheet, checked by `sdw check` and the test suite.
    #[serde(default)]
    pub expected: Vec<Expected>,
    pub reference: Design,
}

fn default_time_budget() -> u32 {
    45
}

impl Problem {
    /// The reference design, titled and tied to this problem.
    pub fn reference_design(&self) -> Design {
        let mut design = self.reference.clone();
        if design.title.is_empty() {
            design.title = self.title.clone();
        }
        design.problem = Some(self.id.clone());
        design
    }

    /// A fresh attempt: the title, the problem id, and the brief's stated assumptions (the
    /// reference sheet's inputs). Everything else is the candidate's to write; the attempt is
    /// timed and scored as a mock interview.
    pub fn practice_design(&self) -> Design {
        let mut design = Design {
            title: self.title.clone(),
            problem: Some(self.id.clone()),
            practice: Some(crate::model::Practice::default()),
            ..Design::default()
        };
        design.estimates.convention = self.reference.estimates.convention;
        design.estimates.units = self.reference.estimates.units.clone();
        design.estimates.inputs = self.reference.estimates.inputs.clone();
        design
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn key(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// A question a candidate should ask, and what the interviewer answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clarification {
    pub question: String,
    pub answer: String,
}

/// A twist the interviewer raises once the candidate reaches a phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curveball {
    pub after: Phase,
    pub prompt: String,
}

/// One thing a strong answer covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricItem {
    pub item: String,
    pub phase: Phase,
}

/// A key figure of the reference sheet: the row, the value it must have, and how close.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Expected {
    pub name: String,
    /// An expression with units, e.g. `"1157 url / s"`.
    pub value: String,
    #[serde(default = "default_tolerance")]
    pub tolerance_percent: f64,
    /// Where the figure comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// What the source material says when its own arithmetic is wrong; the test suite
    /// asserts the engine disagrees with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_figure: Option<String>,
}

fn default_tolerance() -> f64 {
    1.0
}

/// Checks on the brief itself, beyond the reference design's own validation.
pub fn validate_brief(problem: &Problem) -> Vec<crate::model::Issue> {
    use crate::model::{Issue, PathSeg};
    let key = |k: &str| PathSeg::Key(k.to_string());
    let mut issues = Vec::new();
    let id_ok = problem.id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && problem.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        issues.push(Issue {
            path: vec![key("id")],
            message: format!("problem id `{}` must be lowercase words joined by -", problem.id),
        });
    }
    let sheet = &problem.reference.estimates;
    for (i, expected) in problem.expected.iter().enumerate() {
        if !sheet.rows().any(|(name, _, _)| name == expected.name) {
            issues.push(Issue {
                path: vec![key("expected"), PathSeg::Index(i), key("name")],
                message: format!("expected figure `{}` is not a row of the reference sheet", expected.name),
            });
        }
        if !(expected.tolerance_percent > 0.0 && expected.tolerance_percent < 100.0) {
            issues.push(Issue {
                path: vec![key("expected"), PathSeg::Index(i), key("tolerance_percent")],
                message: "tolerance_percent must be between 0 and 100".into(),
            });
        }
    }
    issues
}

/// The outcome of checking one expected figure against the evaluated reference sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureCheck {
    pub index: usize,
    pub name: String,
    pub expected: String,
    /// The engine's value, when the row evaluated.
    pub actual: Option<crate::estimate::Quantity>,
    /// `Err` says why the figure is not met.
    pub outcome: Result<(), String>,
}

/// Compare two quantities in base units; `None` when their units differ.
fn relative_difference(a: &crate::estimate::Quantity, b: &crate::estimate::Quantity) -> Option<f64> {
    if a.base_unit != b.base_unit {
        return None;
    }
    let scale = a.base_value.abs().max(b.base_value.abs());
    Some(if scale == 0.0 { 0.0 } else { (a.base_value - b.base_value).abs() / scale })
}

/// Check every `[[expected]]` figure of `problem` against `evaluation` (its reference sheet,
/// evaluated). A figure with a `source_figure` also checks that the source's number really is
/// off: an erratum that agrees with the engine is itself an error.
pub fn check_figures(problem: &Problem, evaluation: &crate::estimate::Evaluation) -> Vec<FigureCheck> {
    use crate::estimate::{Prefixes, calc_with_units};
    let units = &problem.reference.estimates.units;
    let calc = |expr: &str, convention, prefixes| calc_with_units(expr, units, convention, prefixes);
    problem
        .expected
        .iter()
        .enumerate()
        .map(|(index, expected)| {
            let row = evaluation.row(&expected.name);
            let actual = row.and_then(|r| r.outcome.as_ref().ok()).cloned();
            let outcome = (|| {
                let row = row.ok_or_else(|| format!("`{}` is not a row of the sheet", expected.name))?;
                let actual = row.outcome.as_ref().map_err(|e| format!("`{}` has an error: {e}", expected.name))?;
                let want = calc(&expected.value, evaluation.convention, Prefixes::Si)
                    .map_err(|e| format!("expected value `{}`: {e}", expected.value))?;
                let diff = relative_difference(actual, &want).ok_or_else(|| {
                    format!(
                        "`{}` is in {} but the expected value `{}` is in {}",
                        expected.name, actual.base_unit, expected.value, want.base_unit
                    )
                })?;
                if diff * 100.0 > expected.tolerance_percent {
                    return Err(format!(
                        "`{}` is {} ({}), expected {} ± {}%",
                        expected.name, actual.display, actual.precise, expected.value, expected.tolerance_percent
                    ));
                }
                if let Some(source) = &expected.source_figure {
                    let theirs = calc(source, evaluation.convention, Prefixes::Si)
                        .map_err(|e| format!("source figure `{source}`: {e}"))?;
                    if relative_difference(actual, &theirs).is_some_and(|d| d * 100.0 <= expected.tolerance_percent) {
                        return Err(format!(
                            "source figure `{source}` agrees with the engine's {}; it is not an erratum",
                            actual.display
                        ));
                    }
                }
                Ok(())
            })();
            FigureCheck { index, name: expected.name.clone(), expected: expected.value.clone(), actual, outcome }
        })
        .collect()
}
