//! What a mock interview records in the design file: time spent per phase, the clarifying
//! questions asked, hints taken, curveballs raised, blind guesses and self-assessment.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Phase;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Practice {
    /// Seconds spent in each phase so far.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub elapsed_seconds: BTreeMap<Phase, u64>,
    /// Clarifying questions asked, by their number in the brief (from 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub asked: Vec<usize>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hints_used: usize,
    /// Curveballs the interviewer has raised, by number (from 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub curveballs_raised: Vec<usize>,
    /// Blind guesses at the problem's key figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guesses: Vec<Guess>,
    /// Rubric items the candidate marked themselves, by number (from 1): met or not.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub self_assessed: BTreeMap<usize, bool>,
    /// Set when the attempt was finished and scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_score: Option<u32>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Guess {
    /// The key figure guessed at (a row of the reference sheet).
    pub name: String,
    /// The guess, an expression with units.
    pub value: String,
}

impl Practice {
    pub fn total_seconds(&self) -> u64 {
        self.elapsed_seconds.values().sum()
    }

    pub fn guess(&self, name: &str) -> Option<&str> {
        self.guesses.iter().find(|g| g.name == name).map(|g| g.value.as_str())
    }

    pub fn set_guess(&mut self, name: &str, value: &str) {
        match self.guesses.iter_mut().find(|g| g.name == name) {
            Some(g) => g.value = value.to_string(),
            None => self.guesses.push(Guess { name: name.to_string(), value: value.to_string() }),
        }
        self.guesses.retain(|g| !g.value.trim().is_empty());
    }
}
