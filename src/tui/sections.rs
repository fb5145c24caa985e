//! Every editable list of a design, described once: its columns, how to read and write a cell
//! from text, how to add, remove and move a record. The screens, the editor and undo all work
//! through this table, so each phase gets the same keys and behaviour.

use crate::estimate::Evaluation;
use crate::model::{
    Cardinality, ComponentKind, DeepDive, Design, Endpoint, Entity, Field, Flow, Formula, Input, Link, LinkMode, Phase,
    Relation, ReqKind, ReqRef, Step, is_valid_id, is_valid_row_name,
};
use crate::practice::KeyFigure;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionId {
    /// The problem's key figures, guessed blind in a practice attempt.
    KeyFigures,
    /// A design of one's own states its problem here (one field, always there).
    Statement,
    Functional,
    NonFunctional,
    OutOfScope,
    Inputs,
    Formulas,
    Endpoints,
    Entities,
    Components,
    Links,
    /// The paths requests take over the links, with their rates: what the analysis loads.
    Flows,
    DeepDives,
    OpenQuestions,
}

/// How a cell is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Picked from a list (`choices`).
    Choice,
    /// Computed; shown, never edited.
    Computed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    pub kind: ColumnKind,
    /// Share of the row's width.
    pub weight: u16,
}

const fn text(title: &'static str, weight: u16) -> Column {
    Column { title, kind: ColumnKind::Text, weight }
}

const fn choice(title: &'static str, weight: u16) -> Column {
    Column { title, kind: ColumnKind::Choice, weight }
}

const fn computed(title: &'static str, weight: u16) -> Column {
    Column { title, kind: ColumnKind::Computed, weight }
}

const KEY_FIGURE_COLUMNS: &[Column] =
    &[computed("figure", 3), text("your guess", 4), computed("engine", 3), computed("grade", 3)];
const FUNCTIONAL_COLUMNS: &[Column] = &[text("requirement", 1)];
const INPUTS_COLUMNS: &[Column] = &[text("name", 3), text("value", 5), computed("=", 3), text("note", 4)];
const FORMULAS_COLUMNS: &[Column] = &[text("name", 3), text("expression", 5), computed("=", 3), text("note", 4)];
const ENDPOINTS_COLUMNS: &[Column] =
    &[choice("method", 2), text("path", 4), text("request", 4), text("response", 4), choice("serves", 2)];
const ENTITIES_COLUMNS: &[Column] = &[text("entity", 2), text("fields (;)", 6), text("relations (entity 1-N, ...)", 4)];
const COMPONENTS_COLUMNS: &[Column] =
    &[text("id", 2), choice("kind", 3), text("label", 3), text("serves", 2), text("replicas", 1), text("notes", 4)];
const LINKS_COLUMNS: &[Column] =
    &[choice("from", 2), choice("to", 2), text("label", 4), choice("mode", 1), choice("rate", 3)];
const FLOWS_COLUMNS: &[Column] =
    &[text("flow", 3), text("serves", 2), text("rate", 3), text("steps (;)", 8), computed("status", 3)];
const DEEPDIVES_COLUMNS: &[Column] =
    &[text("topic", 3), text("options (;)", 5), text("decision", 4), text("trade-offs", 5)];
const OPENQUESTIONS_COLUMNS: &[Column] = &[text("question", 1)];
const STATEMENT_COLUMNS: &[Column] = &[text("statement", 1)];

pub const METHODS: [&str; 10] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "WS", "GRPC", "SSE"];

/// What a cell reads from: the design and its evaluated estimates.
pub struct View<'a> {
    pub design: &'a Design,
    pub evaluation: &'a Evaluation,
    /// In a practice attempt: the key figures to guess.
    pub key_figures: &'a [KeyFigure],
    /// The design analysed, for the flows' status column (absent where nothing is analysed).
    pub analysis: Option<&'a crate::analysis::Analysis>,
}

impl SectionId {
    pub fn of_phase(phase: Phase) -> &'static [SectionId] {
        use SectionId::*;
        match phase {
            Phase::Requirements => &[Functional, NonFunctional, OutOfScope],
            Phase::Estimates => &[Inputs, Formulas],
            Phase::ApiData => &[Endpoints, Entities],
            Phase::HighLevel => &[Components, Links, Flows],
            Phase::DeepDives => &[DeepDives, OpenQuestions],
            Phase::Review => &[],
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            SectionId::KeyFigures => "Key figures: guess first, then see the engine's value",
            SectionId::Statement => "Problem statement",
            SectionId::Functional => "Functional requirements",
            SectionId::NonFunctional => "Non-functional requirements",
            SectionId::OutOfScope => "Out of scope",
            SectionId::Inputs => "Assumptions",
            SectionId::Formulas => "Derived figures",
            SectionId::Endpoints => "API endpoints",
            SectionId::Entities => "Data model",
            SectionId::Components => "Components",
            SectionId::Links => "Links",
            SectionId::Flows => "Flows",
            SectionId::DeepDives => "Deep dives",
            SectionId::OpenQuestions => "Open questions",
        }
    }

    /// A reminder shown beside the section title.
    pub fn hint(self) -> Option<&'static str> {
        match self {
            SectionId::KeyFigures => Some("Enter to guess (with units)"),
            SectionId::Statement => Some("what you are designing, for whom, at what scale"),
            SectionId::Functional => Some("what users can do"),
            SectionId::NonFunctional => Some("give each a number: p99 < 200 ms, 99.99%"),
            SectionId::Inputs => Some("stated assumptions, with units"),
            SectionId::Formulas => Some("any order; they may use each other"),
            SectionId::Entities => Some("fields as name: type PK"),
            SectionId::Links => Some("from → to; rate shows an estimate on the link"),
            SectionId::Flows => Some("steps: a -> b; b -> c, x 2, if 10%, miss cache, async"),
            _ => None,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            SectionId::KeyFigures => KEY_FIGURE_COLUMNS,
            SectionId::Statement => STATEMENT_COLUMNS,
            SectionId::Functional | SectionId::NonFunctional | SectionId::OutOfScope => FUNCTIONAL_COLUMNS,
            SectionId::Inputs => INPUTS_COLUMNS,
            SectionId::Formulas => FORMULAS_COLUMNS,
            SectionId::Endpoints => ENDPOINTS_COLUMNS,
            SectionId::Entities => ENTITIES_COLUMNS,
            SectionId::Components => COMPONENTS_COLUMNS,
            SectionId::Links => LINKS_COLUMNS,
            SectionId::Flows => FLOWS_COLUMNS,
            SectionId::DeepDives => DEEPDIVES_COLUMNS,
            SectionId::OpenQuestions => OPENQUESTIONS_COLUMNS,
        }
    }

    pub fn len(self, v: &View) -> usize {
        match self {
            SectionId::KeyFigures => v.key_figures.len(),
            other => other.len_of(v.design),
        }
    }

    /// The number of records a model section holds (key figures are not in the design).
    fn len_of(self, d: &Design) -> usize {
        match self {
            SectionId::KeyFigures => 0,
            SectionId::Statement => 1,
            SectionId::Functional => d.requirements.functional.len(),
            SectionId::NonFunctional => d.requirements.non_functional.len(),
            SectionId::OutOfScope => d.requirements.out_of_scope.len(),
            SectionId::Inputs => d.estimates.inputs.len(),
            SectionId::Formulas => d.estimates.formulas.len(),
            SectionId::Endpoints => d.api.len(),
            SectionId::Entities => d.entities.len(),
            SectionId::Components => d.components.len(),
            SectionId::Links => d.links.len(),
            SectionId::Flows => d.flows.len(),
            SectionId::DeepDives => d.deep_dives.len(),
            SectionId::OpenQuestions => d.open_questions.len(),
        }
    }

    /// The row's label shown before its cells (`F1`, `N2`), if the section numbers its rows.
    pub fn row_label(self, row: usize) -> Option<String> {
        match self {
            SectionId::Functional => Some(ReqRef::functional(row + 1).to_string()),
            SectionId::NonFunctional => Some(ReqRef::non_functional(row + 1).to_string()),
            _ => None,
        }
    }

    /// The row index of this section in the evaluation (inputs first, then formulas).
    fn evaluation_index(self, d: &Design, row: usize) -> usize {
        if self == SectionId::Formulas { d.estimates.inputs.len() + row } else { row }
    }

    pub fn get(self, v: &View, row: usize, col: usize) -> String {
        let d = v.design;
        let join = |items: &[String], sep: &str| items.join(sep);
        match self {
            SectionId::KeyFigures => {
                let f = &v.key_figures[row];
                match col {
                    0 => f.name.clone(),
                    1 => f.guess.clone().unwrap_or_default(),
                    2 => match (&f.guess, &f.actual) {
                        (None, _) => "? guess first".into(),
                        (Some(_), Some(q)) => q.display.clone(),
                        (Some(_), None) => "—".into(),
                    },
                    _ => f.grade.as_ref().map(|g| g.label()).unwrap_or_default(),
                }
            }
            SectionId::Statement => d.statement.clone(),
            SectionId::Functional => d.requirements.functional[row].clone(),
            SectionId::NonFunctional => d.requirements.non_functional[row].clone(),
            SectionId::OutOfScope => d.requirements.out_of_scope[row].clone(),
            SectionId::Inputs | SectionId::Formulas => {
                let (name, expr, note) = match self {
                    SectionId::Inputs => {
                        let i = &d.estimates.inputs[row];
                        (&i.name, &i.value, &i.note)
                    }
                    _ => {
                        let f = &d.estimates.formulas[row];
                        (&f.name, &f.expr, &f.note)
                    }
                };
                match col {
                    0 => name.clone(),
                    1 => expr.clone(),
                    2 => match v.evaluation.rows.get(self.evaluation_index(d, row)).map(|r| &r.outcome) {
                        Some(Ok(q)) => q.display.clone(),
                        Some(Err(e)) => format!("⚠ {e}"),
                        None => String::new(),
                    },
                    _ => note.clone(),
                }
            }
            SectionId::Endpoints => {
                let e = &d.api[row];
                match col {
                    0 => e.method.clone(),
                    1 => e.path.clone(),
                    2 => e.request.clone(),
                    3 => e.response.clone(),
                    _ => e.requirement.map(|r| r.to_string()).unwrap_or_default(),
                }
            }
            SectionId::Entities => {
                let e = &d.entities[row];
                match col {
                    0 => e.name.clone(),
                    1 => e.fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                    _ => e.relations.iter().map(format_relation).collect::<Vec<_>>().join(", "),
                }
            }
            SectionId::Components => {
                let c = &d.components[row];
                match col {
                    0 => c.id.clone(),
                    1 => c.kind.key().to_string(),
                    2 => c.label.clone(),
                    3 => c.serves.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                    4 => c.replicas.as_ref().map(|r| r.to_string()).unwrap_or_default(),
                    _ => c.notes.clone(),
                }
            }
            SectionId::Links => {
                let l = &d.links[row];
                match col {
                    0 => l.from.clone(),
                    1 => l.to.clone(),
                    2 => l.label.clone(),
                    3 => match l.mode {
                        LinkMode::Sync => "sync".into(),
                        LinkMode::Async => "async".into(),
                    },
                    _ => match &l.rate {
                        Some(rate) => match v.evaluation.row(rate).map(|r| &r.outcome) {
                            Some(Ok(q)) => format!("{rate} · {}", q.display),
                            _ => rate.clone(),
                        },
                        None => String::new(),
                    },
                }
            }
            SectionId::Flows => {
                let f = &d.flows[row];
                match col {
                    0 => f.name.clone(),
                    1 => f.serves.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                    2 => f.rate.clone(),
                    3 => f.steps.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                    _ => flow_status(v, row),
                }
            }
            SectionId::DeepDives => {
                let dd = &d.deep_dives[row];
                match col {
                    0 => dd.topic.clone(),
                    1 => join(&dd.options, "; "),
                    2 => dd.decision.clone(),
                    _ => dd.tradeoffs.clone(),
                }
            }
            SectionId::OpenQuestions => d.open_questions[row].clone(),
        }
    }

    /// The raw text a cell is edited as (a link's rate without its value, say).
    pub fn edit_text(self, v: &View, row: usize, col: usize) -> String {
        match (self, col) {
            (SectionId::Links, 4) => v.design.links[row].rate.clone().unwrap_or_default(),
            _ => self.get(v, row, col),
        }
    }

    /// The options of a choice column, as (value, description).
    pub fn choices(self, v: &View, col: usize) -> Vec<(String, String)> {
        let d = v.design;
        match (self, col) {
            (SectionId::Endpoints, 0) => METHODS.iter().map(|m| (m.to_string(), String::new())).collect(),
            (SectionId::Endpoints, 4) => std::iter::once((String::new(), "(none)".to_string()))
                .chain(
                    d.requirements
                        .functional
                        .iter()
                        .enumerate()
                        .map(|(i, t)| (ReqRef::functional(i + 1).to_string(), t.clone())),
                )
                .collect(),
            (SectionId::Components, 1) => {
                ComponentKind::ALL.iter().map(|k| (k.key().to_string(), k.title().to_string())).collect()
            }
            (SectionId::Links, 0 | 1) => {
                d.components.iter().map(|c| (c.id.clone(), c.display_name().to_string())).collect()
            }
            (SectionId::Links, 3) => {
                vec![("sync".into(), "request/response".into()), ("async".into(), "queue, stream, background".into())]
            }
            (SectionId::Links, 4) => {
                // Rates (something per second) first: a link carries a rate; ratios, sizes
                // and storage come after, marked.
                let (rates, others): (Vec<_>, Vec<_>) =
                    v.evaluation.rows.iter().partition(|r| is_rate(r.outcome.as_ref().ok()));
                let option = |r: &crate::estimate::RowResult, note: &str| {
                    let value = r.outcome.as_ref().map(|q| q.display.clone()).unwrap_or_default();
                    (r.name.clone(), format!("{value}{note}"))
                };
                std::iter::once((String::new(), "(none)".to_string()))
                    .chain(rates.into_iter().map(|r| option(r, "")))
                    .chain(others.into_iter().map(|r| option(r, "  (not a rate)")))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// Write a cell from text, validating it. On error the design is unchanged.
    pub fn set(self, d: &mut Design, row: usize, col: usize, value: &str) -> Result<(), String> {
        let value_trimmed = value.trim();
        match self {
            SectionId::KeyFigures => return Err("guesses are kept by the workbench, not the design sections".into()),
            SectionId::Statement => d.statement = value.trim().to_string(),
            SectionId::Functional => d.requirements.functional[row] = value_trimmed.to_string(),
            SectionId::NonFunctional => d.requirements.non_functional[row] = value_trimmed.to_string(),
            SectionId::OutOfScope => d.requirements.out_of_scope[row] = value_trimmed.to_string(),
            SectionId::Inputs | SectionId::Formulas => {
                if col == 0 {
                    if !is_valid_row_name(value_trimmed) {
                        return Err(format!("`{value_trimmed}` is not a row name: use letters, digits and _"));
                    }
                    let clash = d
                        .estimates
                        .rows()
                        .enumerate()
                        .any(|(i, (name, _, _))| name == value_trimmed && i != self.evaluation_index(d, row));
                    if clash {
                        return Err(format!("there is already a row called `{value_trimmed}`"));
                    }
                }
                let old_name = match self {
                    SectionId::Inputs => d.estimates.inputs[row].name.clone(),
                    _ => d.estimates.formulas[row].name.clone(),
                };
                let (name, expr, note) = match self {
                    SectionId::Inputs => {
                        let Input { name, value, note } = &mut d.estimates.inputs[row];
                        (name, value, note)
                    }
                    _ => {
                        let Formula { name, expr, note } = &mut d.estimates.formulas[row];
                        (name, expr, note)
                    }
                };
                match col {
                    0 => *name = value_trimmed.to_string(),
                    1 => *expr = value_trimmed.to_string(),
                    3 => *note = value_trimmed.to_string(),
                    _ => return Err("this column is computed".into()),
                }
                if col == 0 {
                    d.rename_rate(&old_name, value_trimmed);
                }
            }
            SectionId::Endpoints => {
                let e = &mut d.api[row];
                match col {
                    0 => e.method = value_trimmed.to_ascii_uppercase(),
                    1 => e.path = value_trimmed.to_string(),
                    2 => e.request = value_trimmed.to_string(),
                    3 => e.response = value_trimmed.to_string(),
                    _ => {
                        e.requirement = if value_trimmed.is_empty() {
                            None
                        } else {
                            let r: ReqRef = value_trimmed.parse()?;
                            if r.kind != ReqKind::Functional {
                                return Err("an endpoint serves a functional requirement (F1, F2, ...)".into());
                            }
                            Some(r)
                        }
                    }
                }
            }
            SectionId::Entities => match col {
                0 => {
                    if value_trimmed.is_empty() {
                        return Err("an entity needs a name".into());
                    }
                    if !crate::model::is_identifier(value_trimmed) {
                        return Err(format!(
                            "entity name `{value_trimmed}` must be a single word (letters, digits, _), as field names are"
                        ));
                    }
                    if d.entities.iter().enumerate().any(|(i, e)| e.name == value_trimmed && i != row) {
                        return Err(format!("there is already an entity `{value_trimmed}`"));
                    }
                    let old = std::mem::replace(&mut d.entities[row].name, value_trimmed.to_string());
                    for entity in &mut d.entities {
                        for relation in &mut entity.relations {
                            if relation.to == old {
                                relation.to = value_trimmed.to_string();
                            }
                        }
                    }
                }
                1 => {
                    let fields =
                        split_list(value, ';')
                            .map(|f| f.parse::<Field>().map_err(|e| e.0))
                            .collect::<Result<Vec<_>, _>>()?;
                    d.entities[row].fields = fields;
                }
                _ => {
                    // A relation may name an entity not written yet (a parent before its
                    // child); saving checks that every one exists by then.
                    let relations = split_list(value, ',').map(parse_relation).collect::<Result<Vec<_>, _>>()?;
                    d.entities[row].relations = relations;
                }
            },
            SectionId::Components => match col {
                0 => {
                    if !is_valid_id(value_trimmed) {
                        return Err("an id starts with a lowercase letter and uses a-z, 0-9, _ and -".into());
                    }
                    if d.components.iter().enumerate().any(|(i, c)| c.id == value_trimmed && i != row) {
                        return Err(format!("there is already a component `{value_trimmed}`"));
                    }
                    let old = d.components[row].id.clone();
                    d.rename_component(&old, value_trimmed);
                }
                1 => {
                    d.components[row].kind = ComponentKind::from_key(value_trimmed)
                        .ok_or_else(|| format!("unknown component kind `{value_trimmed}`"))?;
                }
                2 => d.components[row].label = value_trimmed.to_string(),
                3 => {
                    let serves = split_list(value, ',').map(str::parse::<ReqRef>).collect::<Result<Vec<_>, _>>()?;
                    if let Some(r) = serves.iter().find(|r| d.requirement(**r).is_none()) {
                        return Err(format!("there is no requirement {r}"));
                    }
                    d.components[row].serves = serves;
                }
                4 => {
                    d.components[row].replicas = if value_trimmed.is_empty() {
                        None
                    } else {
                        match value_trimmed.parse::<crate::model::Replicas>()? {
                            crate::model::Replicas::Row(row) if !d.estimates.rows().any(|(name, _, _)| name == row) => {
                                return Err(format!(
                                    "replicas is a number or an estimate row; there is no row `{row}`"
                                ));
                            }
                            replicas => Some(replicas),
                        }
                    }
                }
                _ => d.components[row].notes = value.trim().to_string(),
            },
            SectionId::Links => {
                let l = &mut d.links[row];
                match col {
                    0 => l.from = value_trimmed.to_string(),
                    1 => l.to = value_trimmed.to_string(),
                    2 => l.label = value_trimmed.to_string(),
                    3 => l.mode = if value_trimmed == "async" { LinkMode::Async } else { LinkMode::Sync },
                    _ => l.rate = (!value_trimmed.is_empty()).then(|| value_trimmed.to_string()),
                }
            }
            SectionId::Flows => match col {
                0 => {
                    if value_trimmed.is_empty() {
                        return Err("a flow needs a name".into());
                    }
                    if d.flows.iter().enumerate().any(|(i, f)| f.name == value_trimmed && i != row) {
                        return Err(format!("there is already a flow `{value_trimmed}`"));
                    }
                    d.flows[row].name = value_trimmed.to_string();
                }
                1 => {
                    let serves = split_list(value, ',').map(str::parse::<ReqRef>).collect::<Result<Vec<_>, _>>()?;
                    if let Some(r) = serves.iter().find(|r| d.requirement(**r).is_none()) {
                        return Err(format!("there is no requirement {r}"));
                    }
                    d.flows[row].serves = serves;
                }
                // Whether the row is a rate is the analysis's to say, on the row's status.
                2 => d.flows[row].rate = value_trimmed.to_string(),
                3 => {
                    let steps =
                        split_list(value, ';').map(|s| s.parse::<Step>().map_err(|e| e.0)).collect::<Result<_, _>>()?;
                    d.flows[row].steps = steps;
                }
                _ => return Err("this column is computed".into()),
            },
            SectionId::DeepDives => {
                let dd = &mut d.deep_dives[row];
                match col {
                    0 => dd.topic = value_trimmed.to_string(),
                    1 => dd.options = split_list(value, ';').map(str::to_string).collect(),
                    2 => dd.decision = value_trimmed.to_string(),
                    _ => dd.tradeoffs = value.trim().to_string(),
                }
            }
            SectionId::OpenQuestions => d.open_questions[row] = value_trimmed.to_string(),
        }
        Ok(())
    }

    /// Insert an empty record at `at`.
    pub fn insert(self, d: &mut Design, at: usize) {
        let at = at.min(self.len_of(d));
        match self {
            SectionId::KeyFigures | SectionId::Statement => {}
            SectionId::Functional => d.insert_requirement(ReqKind::Functional, at, String::new()),
            SectionId::NonFunctional => d.insert_requirement(ReqKind::NonFunctional, at, String::new()),
            SectionId::OutOfScope => d.requirements.out_of_scope.insert(at, String::new()),
            SectionId::Inputs => d.estimates.inputs.insert(at, Input::default()),
            SectionId::Formulas => d.estimates.formulas.insert(at, Formula::default()),
            SectionId::Endpoints => d.api.insert(at, Endpoint { method: "GET".into(), ..Default::default() }),
            SectionId::Entities => d.entities.insert(at, Entity::default()),
            SectionId::Components => {
                let id =
                    (1..).map(|n| format!("component{n}")).find(|id| d.component(id).is_none()).unwrap_or_default();
                d.components.insert(
                    at,
                    crate::model::Component {
                        id,
                        kind: ComponentKind::Service,
                        label: String::new(),
                        serves: vec![],
                        replicas: None,
                        notes: String::new(),
                        ..Default::default()
                    },
                );
            }
            SectionId::Links => {
                let first = d.components.first().map(|c| c.id.clone()).unwrap_or_default();
                let second = d.components.get(1).map(|c| c.id.clone()).unwrap_or_else(|| first.clone());
                d.links.insert(at, Link { from: first, to: second, ..Default::default() });
            }
            SectionId::Flows => {
                let name = (1..).map(|n| format!("flow{n}")).find(|n| !d.flows.iter().any(|f| f.name == *n));
                d.flows.insert(at, Flow { name: name.unwrap_or_default(), ..Default::default() });
            }
            SectionId::DeepDives => d.deep_dives.insert(at, DeepDive::default()),
            SectionId::OpenQuestions => d.open_questions.insert(at, String::new()),
        }
    }

    pub fn remove(self, d: &mut Design, row: usize) {
        if row >= self.len_of(d) {
            return;
        }
        match self {
            SectionId::KeyFigures => {}
            // The one field stays; deleting it clears the text.
            SectionId::Statement => d.statement.clear(),
            SectionId::Functional => {
                d.remove_requirement(ReqKind::Functional, row);
            }
            SectionId::NonFunctional => {
                d.remove_requirement(ReqKind::NonFunctional, row);
            }
            SectionId::OutOfScope => {
                d.requirements.out_of_scope.remove(row);
            }
            SectionId::Inputs => {
                d.estimates.inputs.remove(row);
            }
            SectionId::Formulas => {
                d.estimates.formulas.remove(row);
            }
            SectionId::Endpoints => {
                d.api.remove(row);
            }
            SectionId::Entities => {
                d.entities.remove(row);
            }
            SectionId::Components => d.remove_component(row),
            SectionId::Links => {
                d.links.remove(row);
            }
            SectionId::Flows => {
                d.flows.remove(row);
            }
            SectionId::DeepDives => {
                d.deep_dives.remove(row);
            }
            SectionId::OpenQuestions => {
                d.open_questions.remove(row);
            }
        }
    }

    pub fn swap(self, d: &mut Design, a: usize, b: usize) {
        let len = self.len_of(d);
        if a >= len || b >= len {
            return;
        }
        match self {
            SectionId::KeyFigures | SectionId::Statement => {}
            SectionId::Functional => d.swap_requirements(ReqKind::Functional, a, b),
            SectionId::NonFunctional => d.swap_requirements(ReqKind::NonFunctional, a, b),
            SectionId::OutOfScope => d.requirements.out_of_scope.swap(a, b),
            SectionId::Inputs => d.estimates.inputs.swap(a, b),
            SectionId::Formulas => d.estimates.formulas.swap(a, b),
            SectionId::Endpoints => d.api.swap(a, b),
            SectionId::Entities => d.entities.swap(a, b),
            SectionId::Components => d.components.swap(a, b),
            SectionId::Links => d.links.swap(a, b),
            SectionId::Flows => d.flows.swap(a, b),
            SectionId::DeepDives => d.deep_dives.swap(a, b),
            SectionId::OpenQuestions => d.open_questions.swap(a, b),
        }
    }

    /// Is the record still blank (so cancelling its creation removes it)?
    pub fn is_blank(self, v: &View, row: usize) -> bool {
        match self {
            SectionId::Components => {
                v.design.components[row].label.is_empty() && v.design.components[row].id.starts_with("component")
            }
            SectionId::Links => v.design.links[row].label.is_empty(),
            SectionId::Endpoints => v.design.api[row].path.is_empty(),
            SectionId::Flows => {
                let f = &v.design.flows[row];
                f.name.starts_with("flow") && f.rate.is_empty() && f.steps.is_empty() && f.serves.is_empty()
            }
            _ => self
                .columns()
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind == ColumnKind::Text)
                .all(|(i, _)| self.get(v, row, i).trim().is_empty()),
        }
    }
}

/// A flow's status cell: the first thing wrong with its steps or rate, as estimate errors show
/// (`⚠ ...`), else its status under the failures asked for, with availability and latency.
fn flow_status(v: &View, row: usize) -> String {
    let d = v.design;
    let flow = &d.flows[row];
    if flow.rate.is_empty() {
        return "⚠ no rate: name an estimate row".into();
    }
    if flow.steps.is_empty() {
        return "⚠ no steps yet".into();
    }
    if let Some(s) = flow.steps.iter().find(|s| !d.links.iter().any(|l| l.from == s.from && l.to == s.to)) {
        return format!("⚠ no link {} → {}", s.from, s.to);
    }
    let Some(analysis) = v.analysis else { return String::new() };
    // The analysis names a flow's problems `flow `name`...`.
    let prefix = format!("flow `{}`", flow.name);
    if let Some(problem) = analysis.problems.iter().find(|p| p.starts_with(&prefix)) {
        let rest = problem[prefix.len()..].trim_start_matches([',', ':', ' ']);
        return format!("⚠ {rest}");
    }
    match analysis.flow(&flow.name) {
        Some(f) => format!(
            "{} · {} · {}",
            f.status.key(),
            crate::tui::screens::analysis::percent(f.availability),
            crate::tui::screens::analysis::millis(f.latency_s)
        ),
        None => String::new(),
    }
}

fn split_list(text: &str, sep: char) -> impl Iterator<Item = &str> {
    text.split(sep).map(str::trim).filter(|s| !s.is_empty())
}

fn cardinality_short(c: Cardinality) -> &'static str {
    match c {
        Cardinality::OneToOne => "1-1",
        Cardinality::OneToMany => "1-N",
        Cardinality::ManyToOne => "N-1",
        Cardinality::ManyToMany => "N-N",
    }
}

fn format_relation(r: &Relation) -> String {
    let mut s = format!("{} {}", r.to, cardinality_short(r.cardinality));
    if !r.label.is_empty() {
        s.push_str(&format!(" {}", r.label));
    }
    s
}

/// `click 1-N records` → a relation to `click`, one to many, labelled "records".
fn parse_relation(text: &str) -> Result<Relation, String> {
    let mut words = text.split_whitespace();
    let to = words.next().ok_or("a relation names an entity")?.to_string();
    let cardinality = match words.next().unwrap_or("1-N").to_ascii_uppercase().as_str() {
        "1-1" => Cardinality::OneToOne,
        "1-N" => Cardinality::OneToMany,
        "N-1" => Cardinality::ManyToOne,
        "N-N" => Cardinality::ManyToMany,
        other => return Err(format!("cardinality `{other}` should be 1-1, 1-N, N-1 or N-N")),
    };
    let label = words.collect::<Vec<_>>().join(" ");
    Ok(Relation { to, cardinality, label })
}

/// Whether an estimate's value is a rate: something per second.
pub fn is_rate(value: Option<&crate::estimate::Quantity>) -> bool {
    value.is_some_and(|q| q.base_unit == "/s" || q.base_unit == "1/s" || q.base_unit.ends_with("/s"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Options, evaluate};

    #[test]
    fn every_section_round_trips_its_text_cells() {
        let mut d = Design::default();
        for phase in Phase::ALL {
            for &section in SectionId::of_phase(phase) {
                section.insert(&mut d, 0);
            }
        }
        d.entities[0].name = "url".into();
        let samples =
            ["shorten", "x_1", "url: string PK; hits: int", "url 1-N owns", "F1", "3", "note", "lb -> api, x 2"];
        for phase in Phase::ALL {
            for &section in SectionId::of_phase(phase) {
                for (col, column) in section.columns().iter().enumerate() {
                    if column.kind != ColumnKind::Text {
                        continue;
                    }
                    let accepted = samples.iter().find(|s| section.set(&mut d.clone(), 0, col, s).is_ok());
                    let Some(sample) = accepted else { panic!("{section:?} column {col} accepts nothing") };
                    section.set(&mut d, 0, col, sample).unwrap();
                    let ev = evaluate(&d.estimates, Options::default());
                    // What a cell shows can be typed back in and means the same.
                    let back = section.edit_text(
                        &View { design: &d, evaluation: &ev, key_figures: &[], analysis: None },
                        0,
                        col,
                    );
                    let mut again = d.clone();
                    section.set(&mut again, 0, col, &back).unwrap();
                    assert_eq!(again, d, "{section:?} column {col}: {back}");
                }
            }
        }
    }

    #[test]
    fn invalid_cells_are_refused_and_leave_the_design_alone() {
        let mut d = Design::default();
        SectionId::Components.insert(&mut d, 0);
        let before = d.clone();
        assert!(SectionId::Components.set(&mut d, 0, 0, "Bad Id").is_err());
        assert!(SectionId::Components.set(&mut d, 0, 3, "F9").is_err());
        assert!(SectionId::Components.set(&mut d, 0, 4, "zero").is_err());
        assert_eq!(d, before);
    }
}
