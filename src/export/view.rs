//! The view model: everything the templates see, flat and already formatted. Strings are
//! ready to paste where the built-in templates use them — Mermaid labels quoted and
//! escaped, table cells escaped for tables, paragraphs safe as Markdown blocks — so a
//! template only lays things out.

use serde::Serialize;

use super::escape::{
    self, EDGE_LABEL_MAX, ERD_TEXT_MAX, MESSAGE_MAX, NODE_LABEL_MAX, PARTICIPANT_MAX, md_block, md_cell, md_code_cell,
    md_inline, md_quote, mermaid_bare, mermaid_quoted,
};
use super::flows::{self, FlowKind, StepKind};
use crate::estimate::{Evaluation, RowKind};
use crate::model::{Cardinality, ComponentKind, Design, Endpoint, LinkMode, Replicas, Tier};
use crate::problem::Problem;

/// The whole design document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The design's title (Markdown inline text).
    pub title: String,
    /// The problem's prompt as a Markdown block quote, when the design answers a known problem.
    pub prompt: Option<String>,
    pub problem_title: Option<String>,
    pub functional: Vec<RequirementView>,
    pub non_functional: Vec<RequirementView>,
    /// Markdown inline text, one per item.
    pub out_of_scope: Vec<String>,
    /// The convention in force, e.g. `exact: day = 86,400 s, month = 30 days, year = 365 days`.
    pub convention: String,
    pub estimates: Vec<EstimateView>,
    /// Problems with the sheet itself (inline text).
    pub sheet_errors: Vec<String>,
    pub endpoints: Vec<EndpointView>,
    pub entities: Vec<EntityView>,
    pub components: Vec<ComponentView>,
    pub links: Vec<LinkView>,
    /// Mermaid source of the architecture diagram; empty without components.
    pub architecture: String,
    pub flows: Vec<FlowView>,
    /// The capacity-and-reliability section.
    pub capacity: super::capacity::CapacityView,
    /// Mermaid source of the ER diagram; empty without entities.
    pub erd: String,
    pub deep_dives: Vec<DeepDiveView>,
    /// Markdown inline text, one per question.
    pub open_questions: Vec<String>,
    /// A Markdown block; empty when the design has no notes.
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    /// `F1`, `N2`, ...
    pub id: String,
    pub text: String,
}

/// One row of the estimate sheet; every field is a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct EstimateView {
    pub name: String,
    /// `input` or `formula`.
    pub kind: &'static str,
    pub formula: String,
    /// `1.16 K url/s`, or `error: ...`.
    pub value: String,
    pub note: String,
    pub error: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointView {
    /// Table cells.
    pub method: String,
    pub path: String,
    pub request: String,
    pub response: String,
    /// `F1` or empty.
    pub serves: String,
    /// `POST /api/v1/links` as Markdown inline text, for a heading.
    pub heading: String,
    /// An example HTTP request, to go inside a fenced block opened and closed by `fence`.
    pub example: String,
    pub fence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    /// Inline text.
    pub name: String,
    pub fields: Vec<FieldView>,
    /// One sentence per relation, inline text: `link 1 to many daily_clicks (counted in)`.
    pub relations: Vec<String>,
    /// A Markdown block, or empty.
    pub notes: String,
}

/// One field; every part is a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    pub name: String,
    pub ty: String,
    /// `PK, FK` and the like, or empty.
    pub keys: String,
    /// `yes` when the value may be missing, else empty.
    pub optional: String,
}

/// One component; every part is a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub tier: String,
    pub replicas: String,
    pub serves: String,
    pub notes: String,
}

/// One link; every part is a table cell.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub from: String,
    pub to: String,
    pub label: String,
    /// `sync` or `async`.
    pub mode: &'static str,
    /// The rate row's value, or empty.
    pub rate: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowView {
    /// `write` or `read` for an inferred path; the flow's name as a slug for a declared one.
    pub key: String,
    /// `Write path: POST /api/v1/links` (inline text).
    pub title: String,
    /// Mermaid source, empty when the design has no path for this flow.
    pub diagram: String,
    /// Why there is no diagram, when there is none.
    pub missing: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeepDiveView {
    pub topic: String,
    /// Inline text, one per option.
    pub options: Vec<String>,
    /// Markdown blocks, possibly empty.
    pub decision: String,
    pub tradeoffs: String,
}

// ---------- diagrams ----------

/// The architecture flowchart: one subgraph per tier, then the links.
#[derive(Debug, Clone, Serialize)]
pub struct ArchitectureView {
    pub tiers: Vec<TierView>,
    pub edges: Vec<EdgeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierView {
    /// Generated: `tier_edge`.
    pub id: String,
    /// Quoted title.
    pub title: String,
    pub nodes: Vec<NodeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    /// Generated: `c0`, `c1`, ... in component order.
    pub id: String,
    /// The shape's opening and closing brackets (`[(` and `)]` for a store).
    pub open: &'static str,
    pub close: &'static str,
    /// Quoted, escaped label.
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EdgeView {
    pub from: String,
    pub to: String,
    /// `-->` for a synchronous link, `-.->` for an asynchronous one.
    pub arrow: &'static str,
    /// Quoted, escaped label, or empty for none.
    pub label: String,
}

/// One sequence diagram.
#[derive(Debug, Clone, Serialize)]
pub struct SequenceView {
    pub participants: Vec<ParticipantView>,
    pub messages: Vec<MessageView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParticipantView {
    /// `actor` for clients, `participant` otherwise.
    pub keyword: &'static str,
    /// The same generated id as on the architecture diagram.
    pub id: String,
    /// Escaped name (sequence diagrams take it unquoted).
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    pub from: String,
    /// The arrow with its activation mark: `->>+`, `-->>-` or `-)`.
    pub arrow: &'static str,
    pub to: String,
    /// Escaped, never empty.
    pub text: String,
    /// Lines before the message: `opt ...` when it opens a conditional step.
    pub before: Vec<String>,
    /// Lines after it: `end` when it closes one.
    pub after: Vec<String>,
}

/// The entity-relationship diagram.
#[derive(Debug, Clone, Serialize)]
pub struct ErdView {
    pub entities: Vec<ErdEntityView>,
    pub relations: Vec<ErdRelationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErdEntityView {
    /// Generated: `e0`, `e1`, ...
    pub id: String,
    /// Quoted, escaped name.
    pub label: String,
    pub attributes: Vec<ErdAttributeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErdAttributeView {
    /// Identifier-like words Mermaid accepts.
    pub ty: String,
    pub name: String,
    /// `PK`, `PK, FK`, ... or empty.
    pub keys: String,
    /// Quoted comment, or empty.
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErdRelationView {
    pub from: String,
    /// Crow's-foot notation: `||--o{`.
    pub cardinality: &'static str,
    pub to: String,
    /// Quoted label, never empty.
    pub label: String,
}

// ---------- building ----------

/// The raw text for each link: its label and, when its rate row evaluated, the rate.
pub fn link_texts(design: &Design, evaluation: &Evaluation) -> Vec<String> {
    design
        .links
        .iter()
        .map(|link| {
            let label = escape::one_line(&link.label);
            let rate = rate_text(link.rate.as_deref(), evaluation);
            match (label.is_empty(), rate) {
                (_, None) => label,
                (true, Some(r)) => r,
                (false, Some(r)) => format!("{label} · {r}"),
            }
        })
        .collect()
}

fn rate_text(rate: Option<&str>, evaluation: &Evaluation) -> Option<String> {
    let row = evaluation.row(rate?)?;
    row.outcome.as_ref().ok().map(|q| q.display.clone())
}

fn component_index(design: &Design, id: &str) -> Option<usize> {
    design.components.iter().position(|c| c.id == id)
}

fn node_shape(kind: ComponentKind) -> (&'static str, &'static str) {
    use ComponentKind::*;
    match kind {
        Client => ("([", "])"),
        Dns | Cdn => ("{{", "}}"),
        LoadBalancer => ("[/", "\\]"),
        ApiGateway | RealtimeGateway => ("[\\", "/]"),
        Service => ("[", "]"),
        Coordinator => ("[[", "]]"),
        Worker | Scheduler => ("(", ")"),
        Queue => (">", "]"),
        Stream => ("[/", "/]"),
        Cache | SqlDb | NosqlDb | TimeSeriesDb | GraphDb | ObjectStore | SearchIndex => ("[(", ")]"),
        External => ("[\\", "\\]"),
    }
}

fn tier_key(tier: Tier) -> &'static str {
    match tier {
        Tier::Client => "client",
        Tier::Edge => "edge",
        Tier::Services => "services",
        Tier::Async => "async",
        Tier::Data => "data",
        Tier::External => "external",
    }
}

pub fn architecture(design: &Design, evaluation: &Evaluation) -> ArchitectureView {
    let mut tiers = Vec::new();
    for tier in Tier::ALL {
        let nodes: Vec<NodeView> = design
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind.tier() == tier)
            .map(|(i, c)| {
                let (open, close) = node_shape(c.kind);
                NodeView {
                    id: format!("c{i}"),
                    open,
                    close,
                    label: mermaid_quoted(c.display_name(), NODE_LABEL_MAX, c.kind.title()),
                }
            })
            .collect();
        if !nodes.is_empty() {
            tiers.push(TierView {
                id: format!("tier_{}", tier_key(tier)),
                title: mermaid_quoted(tier.title(), NODE_LABEL_MAX, "tier"),
                nodes,
            });
        }
    }
    let texts = link_texts(design, evaluation);
    let edges = design
        .links
        .iter()
        .zip(&texts)
        .filter_map(|(link, text)| {
            let from = component_index(design, &link.from)?;
            let to = component_index(design, &link.to)?;
            Some(EdgeView {
                from: format!("c{from}"),
                to: format!("c{to}"),
                arrow: match link.mode {
                    LinkMode::Sync => "-->",
                    LinkMode::Async => "-.->",
                },
                label: if escape::mermaid_text(text, EDGE_LABEL_MAX).is_empty() {
                    String::new()
                } else {
                    mermaid_quoted(text, EDGE_LABEL_MAX, "")
                },
            })
        })
        .collect();
    ArchitectureView { tiers, edges }
}

/// Component `i` as a sequence diagram's participant (a client is drawn as an actor).
pub(super) fn participant(design: &Design, i: usize) -> ParticipantView {
    let c = &design.components[i];
    ParticipantView {
        keyword: if c.kind == ComponentKind::Client { "actor" } else { "participant" },
        id: format!("c{i}"),
        label: mermaid_bare(c.display_name(), PARTICIPANT_MAX, c.kind.title()),
    }
}

pub fn sequence(design: &Design, flow: &flows::Flow) -> SequenceView {
    let participants = flow.participants().into_iter().map(|i| participant(design, i)).collect();
    let messages = flow
        .steps
        .iter()
        .map(|step| MessageView {
            from: format!("c{}", step.from),
            arrow: match step.kind {
                StepKind::Call => "->>+",
                StepKind::Return => "-->>-",
                StepKind::Async => "-)",
            },
            to: format!("c{}", step.to),
            text: mermaid_bare(
                &step.text,
                MESSAGE_MAX,
                match step.kind {
                    StepKind::Call => "call",
                    StepKind::Return => "ok",
                    StepKind::Async => "event",
                },
            ),
            before: Vec::new(),
            after: Vec::new(),
        })
        .collect();
    SequenceView { participants, messages }
}

fn crow_foot(c: Cardinality) -> &'static str {
    match c {
        Cardinality::OneToOne => "||--||",
        Cardinality::OneToMany => "||--o{",
        Cardinality::ManyToOne => "}o--||",
        Cardinality::ManyToMany => "}o--o{",
    }
}

fn keys(primary: bool, foreign: bool, unique: bool) -> String {
    [(primary, "PK"), (foreign, "FK"), (unique, "UK")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, k)| *k)
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn erd(design: &Design) -> ErdView {
    let entities = design
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| ErdEntityView {
            id: format!("e{i}"),
            label: mermaid_quoted(&e.name, ERD_TEXT_MAX, "entity"),
            attributes: e
                .fields
                .iter()
                .map(|f| {
                    let name = escape::erd_word(&f.name, "field");
                    let ty = escape::erd_word(&f.ty, "value");
                    // Say what the diagram could not show: the real name, optionality.
                    let mut notes = Vec::new();
                    if name != f.name {
                        notes.push(f.name.clone());
                    }
                    if ty != f.ty {
                        notes.push(f.ty.clone());
                    }
                    if f.optional {
                        notes.push("optional".into());
                    }
                    ErdAttributeView {
                        ty,
                        name,
                        keys: keys(f.primary_key, f.foreign_key, f.unique),
                        comment: if notes.is_empty() {
                            String::new()
                        } else {
                            mermaid_quoted(&notes.join(", "), ERD_TEXT_MAX, "")
                        },
                    }
                })
                .collect(),
        })
        .collect();
    let index = |name: &str| design.entities.iter().position(|e| e.name == name);
    let relations = design
        .entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            e.relations.iter().filter_map(move |r| {
                let to = index(&r.to)?;
                Some(ErdRelationView {
                    from: format!("e{i}"),
                    cardinality: crow_foot(r.cardinality),
                    to: format!("e{to}"),
                    label: mermaid_quoted(&r.label, ERD_TEXT_MAX, r.cardinality.title()),
                })
            })
        })
        .collect();
    ErdView { entities, relations }
}

/// A plausible example request for `endpoint`, built from its method, path and request
/// sketch: `{ long_url: string, expires_at?: timestamp }` becomes a JSON body with sample
/// values; whatever cannot be read as fields is kept as a comment.
pub fn example_request(endpoint: &Endpoint) -> String {
    let method = escape::one_line(&endpoint.method).to_ascii_uppercase();
    let request = escape::one_line(&endpoint.request);
    let mut path = sample_path(&escape::one_line(&endpoint.path));
    let (body, rest) = match split_object(&request) {
        Some((inner, rest)) => (Some(sample_body(inner)), rest),
        None => (None, request.clone()),
    };
    // A query string in the sketch (`?from=date&to=date`) joins the path.
    let mut comment = rest.trim().to_string();
    if !path.contains('?')
        && let Some(q) = comment.split_whitespace().find(|w| w.starts_with('?') && w.len() > 1).map(str::to_string)
    {
        path.push_str(&q);
        comment = comment.replacen(&q, "", 1).trim().to_string();
    }
    let mut out = String::new();
    if !comment.is_empty() {
        out.push_str(&format!("# {comment}\n"));
    }
    out.push_str(&format!("{method} {path}"));
    if let Some(body) = body {
        out.push_str("\nContent-Type: application/json\n\n");
        out.push_str(&body);
    }
    out
}

fn sample_path(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..open + len];
        out.push_str(&sample_param(name));
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    out
}

fn sample_param(name: &str) -> String {
    let n = name.to_ascii_lowercase();
    if n == "id" || n.ends_with("_id") || n.ends_with("id") && n.len() <= 4 {
        "42".into()
    } else if n.is_empty() {
        "x".into()
    } else {
        format!("example-{}", n.replace(|c: char| !c.is_alphanumeric(), "-"))
    }
}

/// The inside of the first `{ ... }` in `text`, and the text around it.
fn split_object(text: &str) -> Option<(&str, String)> {
    let open = text.find('{')?;
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    let close = open + i;
                    let rest = format!("{} {}", &text[..open], &text[close + 1..]);
                    return Some((&text[open + 1..close], rest));
                }
            }
            _ => {}
        }
    }
    None
}

/// Split on commas outside brackets.
fn top_level_fields(inner: &str) -> Vec<&str> {
    let mut fields = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            ',' if depth == 0 => {
                fields.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    fields.push(&inner[start..]);
    fields.into_iter().map(str::trim).filter(|f| !f.is_empty()).collect()
}

fn sample_body(inner: &str) -> String {
    let fields = top_level_fields(inner);
    if fields.is_empty() {
        return "{}".into();
    }
    let lines: Vec<String> = fields
        .iter()
        .map(|field| {
            let (name, ty) = match field.split_once(':') {
                Some((n, t)) => (n.trim(), t.trim()),
                None => (field.trim(), ""),
            };
            let name = name.trim_end_matches('?').trim();
            let key = serde_json::to_string(name).unwrap_or_else(|_| "\"field\"".into());
            format!("  {key}: {}", sample_value(name, ty))
        })
        .collect();
    format!("{{\n{}\n}}", lines.join(",\n"))
}

fn sample_value(name: &str, ty: &str) -> String {
    let ty = ty.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    let has = |words: &[&str], s: &str| words.iter().any(|w| s.contains(w));
    if ty.starts_with('[') || ty.ends_with("[]") {
        return "[]".into();
    }
    if has(&["bool"], &ty) || name.starts_with("is_") {
        return "true".into();
    }
    if has(&["int", "number", "float", "count", "size"], &ty) || has(&["count", "size"], &name) {
        return "1".into();
    }
    if has(&["timestamp", "date", "time"], &ty) || name.ends_with("_at") {
        return "\"2030-01-01T00:00:00Z\"".into();
    }
    if has(&["url", "uri"], &name) {
        return "\"https://example.com/a/long/path\"".into();
    }
    if has(&["uuid"], &ty) || name == "id" || name.ends_with("_id") {
        return "\"7f3c9a2e-1b4d-4c8e-9f21-3a5b6c7d8e9f\"".into();
    }
    let word = name.replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    format!("\"example-{}\"", if word.is_empty() { "value" } else { &word })
}

fn requirement_views(list: &[String], letter: char) -> Vec<RequirementView> {
    list.iter()
        .enumerate()
        .map(|(i, text)| RequirementView { id: format!("{letter}{}", i + 1), text: md_inline(text) })
        .collect()
}

fn flow_view(design: &Design, kind: FlowKind, texts: &[String], render: &dyn Fn(&SequenceView) -> String) -> FlowView {
    if !design.api.is_empty() && !design.api.iter().any(|e| flows::flow_of_method(&e.method) == Some(kind)) {
        let methods = match kind {
            FlowKind::Write => "POST, PUT, PATCH, WS or GRPC",
            FlowKind::Read => "GET or SSE",
        };
        return FlowView {
            key: kind.key().to_string(),
            title: kind.title().to_string(),
            diagram: String::new(),
            missing: format!(
                "The API has no {methods} endpoint, so there is no {} to draw.",
                kind.title().to_lowercase()
            ),
        };
    }
    let flow = flows::derive(design, kind, texts);
    // No flows are declared: the path is read from the links' labels, and says so.
    let title = match flow.endpoint {
        Some(e) => md_inline(&format!("{}: {} {} (inferred from the links)", kind.title(), e.method, e.path)),
        None => format!("{} (inferred from the links)", kind.title()),
    };
    if flow.steps.is_empty() {
        let missing = if design.components.is_empty() {
            "No components yet, so no flow to draw."
        } else {
            "No synchronous path through the components for this flow."
        };
        return FlowView { key: kind.key().to_string(), title, diagram: String::new(), missing: missing.into() };
    }
    FlowView { key: kind.key().to_string(), title, diagram: render(&sequence(design, &flow)), missing: String::new() }
}

/// Everything but the diagrams' own text, which `diagrams` renders.
pub struct Diagrams<'a> {
    pub architecture: &'a dyn Fn(&ArchitectureView) -> String,
    pub sequence: &'a dyn Fn(&SequenceView) -> String,
    pub erd: &'a dyn Fn(&ErdView) -> String,
}

pub fn document(
    design: &Design,
    problem: Option<&Problem>,
    evaluation: &Evaluation,
    diagrams: &Diagrams,
) -> DocumentView {
    let texts = link_texts(design, evaluation);
    let title = if design.title.trim().is_empty() {
        problem.map_or("Untitled design".to_string(), |p| p.title.clone())
    } else {
        design.title.clone()
    };
    let estimates = evaluation
        .rows
        .iter()
        .map(|row| {
            let (value, error) = match &row.outcome {
                Ok(q) => (md_cell(&q.display), false),
                Err(e) => (md_cell(&format!("error: {e}")), true),
            };
            EstimateView {
                name: md_code_cell(&row.name),
                kind: match row.kind {
                    RowKind::Input => "input",
                    RowKind::Formula => "formula",
                },
                formula: md_code_cell(&row.expr),
                value,
                note: md_cell(&row.note),
                error,
            }
        })
        .collect();
    let endpoints = design
        .api
        .iter()
        .map(|e| {
            let example = example_request(e);
            EndpointView {
                method: md_cell(&e.method),
                path: md_code_cell(&e.path),
                request: md_cell(&e.request),
                response: md_cell(&e.response),
                serves: e.requirement.map(|r| r.to_string()).unwrap_or_default(),
                heading: md_inline(&format!("{} {}", e.method, e.path)),
                fence: escape::fence_for(&example),
                example,
            }
        })
        .collect();
    let entities = design
        .entities
        .iter()
        .map(|e| EntityView {
            name: md_inline(&e.name),
            fields: e
                .fields
                .iter()
                .map(|f| FieldView {
                    name: md_code_cell(&f.name),
                    ty: md_cell(&f.ty),
                    keys: keys(f.primary_key, f.foreign_key, f.unique),
                    optional: if f.optional { "yes".into() } else { String::new() },
                })
                .collect(),
            relations: e
                .relations
                .iter()
                .map(|r| {
                    let mut s = format!("{} {} {}", e.name, r.cardinality.title(), r.to);
                    if !r.label.trim().is_empty() {
                        s.push_str(&format!(" ({})", r.label.trim()));
                    }
                    md_inline(&s)
                })
                .collect(),
            notes: md_block(&e.notes),
        })
        .collect();
    let components = design
        .components
        .iter()
        .map(|c| ComponentView {
            id: md_code_cell(&c.id),
            name: md_cell(c.display_name()),
            kind: c.kind.title().to_string(),
            tier: c.kind.tier().title().to_string(),
            replicas: match &c.replicas {
                None => String::new(),
                Some(Replicas::Count(n)) => n.to_string(),
                // A fleet sized by a row: its count, and the row it comes from.
                Some(Replicas::Row(row)) => match evaluation.row(row).map(|r| &r.outcome) {
                    Some(Ok(q)) => format!("{} (`{row}`)", crate::estimate::precise(q.base_value.ceil())),
                    _ => md_code_cell(row),
                },
            },
            serves: c.serves.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", "),
            notes: md_cell(&c.notes),
        })
        .collect();
    let links = design
        .links
        .iter()
        .map(|l| LinkView {
            from: md_code_cell(&l.from),
            to: md_code_cell(&l.to),
            label: md_cell(&l.label),
            mode: match l.mode {
                LinkMode::Sync => "sync",
                LinkMode::Async => "async",
            },
            rate: md_cell(&rate_text(l.rate.as_deref(), evaluation).unwrap_or_default()),
        })
        .collect();
    DocumentView {
        title: md_inline(&title),
        prompt: problem.map(|p| md_quote(&p.prompt)).or_else(|| {
            // A design of one's own: its own statement opens the document.
            (!design.statement.trim().is_empty()).then(|| md_quote(&design.statement))
        }),
        problem_title: problem.map(|p| md_inline(&p.title)),
        functional: requirement_views(&design.requirements.functional, 'F'),
        non_functional: requirement_views(&design.requirements.non_functional, 'N'),
        out_of_scope: design.requirements.out_of_scope.iter().map(|s| md_inline(s)).collect(),
        convention: match evaluation.convention.describe().split_once(": ") {
            Some((name, meaning)) => format!("{name} ({meaning})"),
            None => evaluation.convention.describe().to_string(),
        },
        estimates,
        sheet_errors: evaluation.sheet_errors.iter().map(|s| md_inline(s)).collect(),
        endpoints,
        entities,
        components,
        links,
        architecture: if design.components.is_empty() {
            String::new()
        } else {
            (diagrams.architecture)(&architecture(design, evaluation))
        },
        flows: if design.flows.is_empty() {
            [FlowKind::Write, FlowKind::Read]
                .into_iter()
                .map(|kind| flow_view(design, kind, &texts, diagrams.sequence))
                .collect()
        } else {
            design
                .flows
                .iter()
                .map(|flow| super::capacity::declared_flow_view(design, flow, diagrams.sequence))
                .collect()
        },
        capacity: super::capacity::section(design, evaluation),
        erd: if design.entities.is_empty() { String::new() } else { (diagrams.erd)(&erd(design)) },
        deep_dives: design
            .deep_dives
            .iter()
            .map(|d| DeepDiveView {
                topic: md_inline(&d.topic),
                options: d.options.iter().map(|o| md_inline(o)).collect(),
                decision: md_block(&d.decision),
                tradeoffs: md_block(&d.tradeoffs),
            })
            .collect(),
        open_questions: design.open_questions.iter().map(|q| md_inline(q)).collect(),
        notes: md_block(&design.notes),
    }
}
