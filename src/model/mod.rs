//! The design as data: what the user builds, phase by phase, and what a canned problem's
//! reference holds. Serde both ways; the TOML layout is the file format (see `README.md`).

mod component;
mod data;
mod edit;
mod flow;
mod practice;
mod requirement;
mod sheet;
mod validate;

pub use component::{Component, ComponentKind, Link, LinkMode, Tier};
pub use data::{Cardinality, Entity, Field, FieldError, Relation, is_identifier};
pub use flow::{Flow, Replicas, Step, StepError};
pub use practice::{Guess, Practice};
pub use requirement::{ReqKind, ReqRef};
pub use sheet::{Convention, Formula, Input, Sheet, Stated};
pub use validate::{Issue, MAX_LIST_LEN, MAX_SHEET_ROWS, PathSeg, dotted, is_valid_id, is_valid_row_name, validate};

use serde::{Deserialize, Serialize};

/// A system design: one section per interview phase.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Design {
    #[serde(default)]
    pub title: String,
    /// The id of the canned problem this design answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// What is being designed, in the author's words: for a design of one's own, the brief.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub statement: String,
    #[serde(default, skip_serializing_if = "Requirements::is_empty")]
    pub requirements: Requirements,
    #[serde(default, skip_serializing_if = "Sheet::is_empty")]
    pub estimates: Sheet,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api: Vec<Endpoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The paths requests take through the components, each over the design's links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// The vintage of the numbers catalogue that fills in what components do not state
    /// (`current`, `classic-2012`); unset, the catalogue's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deep_dives: Vec<DeepDive>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Present in a mock-interview attempt: the clock, questions asked, guesses, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<Practice>,
}

impl Design {
    /// The text of a numbered requirement, if it exists.
    pub fn requirement(&self, r: ReqRef) -> Option<&str> {
        let list = match r.kind {
            ReqKind::Functional => &self.requirements.functional,
            ReqKind::NonFunctional => &self.requirements.non_functional,
        };
        r.index().and_then(|i| list.get(i)).map(String::as_str)
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    /// The first link from `from` to `to`: the one a flow's step travels.
    pub fn link(&self, from: &str, to: &str) -> Option<&Link> {
        self.links.iter().find(|l| l.from == from && l.to == to)
    }
}

/// Phase 1: what the system must do, how well, and what it leaves out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Requirements {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functional: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_functional: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_scope: Vec<String>,
}

impl Requirements {
    pub fn is_empty(&self) -> bool {
        self.functional.is_empty() && self.non_functional.is_empty() && self.out_of_scope.is_empty()
    }
}

/// One API endpoint, tied to the functional requirement it serves.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub request: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub response: String,
    /// The functional requirement this endpoint serves, as `F1`, `F2`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<ReqRef>,
}

/// Phase 5: one hard question, the options weighed and what was chosen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeepDive {
    pub topic: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub decision: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tradeoffs: String,
    /// The non-functional requirements (`N3`) whose miss this deep dive explains and the
    /// design accepts: the SLO ledger shows them as "missed, accepted" rather than an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepts: Vec<ReqRef>,
}

/// The phases of a design interview, in the order they are worked through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Requirements,
    Estimates,
    ApiData,
    HighLevel,
    DeepDives,
    Review,
}

impl Phase {
    pub const ALL: [Phase; 6] =
        [Phase::Requirements, Phase::Estimates, Phase::ApiData, Phase::HighLevel, Phase::DeepDives, Phase::Review];

    pub fn title(self) -> &'static str {
        match self {
            Phase::Requirements => "Requirements",
            Phase::Estimates => "Estimates",
            Phase::ApiData => "API & data",
            Phase::HighLevel => "High-level design",
            Phase::DeepDives => "Deep dives",
            Phase::Review => "Review",
        }
    }

    pub fn index(self) -> usize {
        Phase::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}
