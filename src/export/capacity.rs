//! The analysis as data for readers: the JSON `sdw analyze --json` prints, and the rows of the
//! design document's capacity-and-reliability section. Numbers in SI base units.

use serde_json::{Value, json};

use crate::analysis::{Analysis, Flips, SloEntry};

fn slo_json(s: &SloEntry) -> Value {
    json!({
        "requirement": s.requirement.to_string(),
        "text": s.text,
        "kind": s.kind.map_or("unparsed", |k| k.key()),
        "target": s.target,
        "percentile": s.percentile,
        "computed": s.computed,
        "met": s.met,
        "flow": s.flow,
        "headroom": s.headroom,
        "error_budget_per_month_s": s.error_budget_per_month_s,
        "downtime_per_month_s": s.downtime_per_month_s,
        "note": s.note,
    })
}

/// The whole analysis, and what flipped against the design as written when given.
pub fn analysis_json(analysis: &Analysis, flips: Option<&Flips>) -> Value {
    let components: Vec<Value> = analysis
        .components
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "kind": c.kind.key(),
                "load_per_s": c.load_per_s,
                "unit": c.unit,
                "capacity_per_s": c.capacity_per_s,
                "per_replica_per_s": c.per_replica_per_s,
                "capacity_source": c.capacity_origin.describe(),
                "utilisation": c.utilisation,
                "replicas": c.replicas,
                "live_replicas": c.live,
                "needed_replicas": c.needed,
                "availability": c.availability,
                "replica_availability": c.replica_availability,
                "availability_source": c.availability_origin.describe(),
                "latency_s": c.latency_s,
                "latency_source": c.latency_origin.describe(),
                "status": c.status.key(),
                "load_by_flow": c.contributions.iter().map(|x| json!({"flow": x.flow, "per_s": x.per_s})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let flows: Vec<Value> = analysis
        .flows
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "serves": f.serves.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "rate_per_s": f.rate_per_s,
                "unit": f.unit,
                "availability": f.availability,
                "latency_ms": f.latency_s * 1e3,
                "latency_s": f.latency_s,
                "latency_is_upper_bound": true,
                "status": f.status.key(),
                "reasons": f.reasons,
                "steps": f.steps.iter().map(|s| json!({
                    "from": s.from,
                    "to": s.to,
                    "load_per_s": s.load_per_s,
                    "share": s.share,
                    "async": s.is_async,
                    "bypassable": s.bypassable,
                    "latency_s": s.latency_s,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = json!({
        "schema_version": 1,
        "numbers": analysis.vintage,
        "utilisation_warning": analysis.utilisation_warning,
        "components": components,
        "flows": flows,
        "slos": analysis.slos.iter().map(slo_json).collect::<Vec<_>>(),
        "failed": analysis.failed,
        "problems": analysis.problems,
    });
    if let Some(flips) = flips {
        out["flipped"] = json!({
            "components": flips.components.iter().map(|(id, b, a)| json!({"id": id, "before": b.key(), "after": a.key()})).collect::<Vec<_>>(),
            "flows": flips.flows.iter().map(|(name, b, a)| json!({"name": name, "before": b.key(), "after": a.key()})).collect::<Vec<_>>(),
            "slos": flips.slos.iter().map(|(r, flow, b, a)| json!({"requirement": r.to_string(), "flow": flow, "met_before": b, "met_after": a})).collect::<Vec<_>>(),
        });
    }
    out
}

// ---------- the design document ----------

use serde::Serialize;

use super::escape::{MESSAGE_MAX, md_cell, md_code_cell, mermaid_bare};
use super::view::{FlowView, MessageView, SequenceView};
use crate::analysis::{ComponentStatus, Failures, FlowStatus, SloKind, analyze};
use crate::estimate::{Evaluation, human_count, sig3};
use crate::model::{ComponentKind, Design, Flow};

/// One row of the utilisation table (Markdown cells).
#[derive(Debug, Clone, Serialize)]
pub struct UtilisationRow {
    pub id: String,
    pub load: String,
    pub capacity: String,
    pub utilisation: String,
    pub replicas: String,
    pub availability: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SloRow {
    pub requirement: String,
    pub target: String,
    pub flow: String,
    pub computed: String,
    pub met: String,
    pub budget: String,
}

/// What losing one component does.
#[derive(Debug, Clone, Serialize)]
pub struct FailureRow {
    pub component: String,
    pub down: String,
    pub degraded: String,
    pub delayed: String,
    pub requirements: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CapacityView {
    /// False when the design declares no flows: there is nothing to compute.
    pub computed: bool,
    pub numbers: String,
    pub warning: String,
    pub components: Vec<UtilisationRow>,
    pub slos: Vec<SloRow>,
    pub failures: Vec<FailureRow>,
}

fn rate(x: f64, unit: &str) -> String {
    let count = human_count(x);
    if unit.starts_with('/') { format!("{count}{unit}") } else { format!("{count} {unit}") }
}

fn percent(x: f64) -> String {
    if x.is_finite() { format!("{}%", sig3(x * 100.0)) } else { "∞".into() }
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "—".into() } else { md_cell(&items.join(", ")) }
}

/// The capacity-and-reliability section: computed from the flows, each component failed in turn.
pub fn section(design: &Design, evaluation: &Evaluation) -> CapacityView {
    let catalogue = crate::catalogue::active();
    let analysis = analyze(design, evaluation, catalogue, &Failures::none());
    let computed = !design.flows.is_empty();
    let components = analysis
        .components
        .iter()
        .filter(|c| c.load_per_s > 0.0 && c.kind != ComponentKind::Client)
        .map(|c| UtilisationRow {
            id: md_code_cell(&c.id),
            load: md_cell(&rate(c.load_per_s, &c.unit)),
            capacity: md_cell(&c.capacity_per_s.map_or("unknown".into(), |cap| rate(cap, &c.unit))),
            utilisation: c.utilisation.map_or("—".into(), percent),
            replicas: format!("{} ({} needed)", c.replicas, c.needed),
            availability: nines(c.availability),
            status: match c.status {
                ComponentStatus::Ok => "ok".into(),
                ComponentStatus::Hot => format!("over {}", percent(analysis.utilisation_warning)),
                ComponentStatus::Overloaded => "**overloaded**".into(),
                ComponentStatus::Failed => "failed".into(),
            },
        })
        .collect();
    let slos = analysis
        .slos
        .iter()
        .map(|s| SloRow {
            requirement: s.requirement.to_string(),
            target: match (s.kind, s.target) {
                (Some(SloKind::Latency), Some(t)) => {
                    md_cell(&format!("{} < {}", s.percentile.as_deref().unwrap_or("latency"), duration(t)))
                }
                (Some(SloKind::Availability), Some(t)) => format!("≥ {}", nines(t)),
                _ => "not a target sdw can read".into(),
            },
            flow: s.flow.as_deref().map_or("—".into(), md_cell),
            computed: computed_text(s),
            met: match s.met {
                Some(true) => "met".into(),
                Some(false) => "**missed**".into(),
                None => md_cell(&s.note),
            },
            budget: match (s.error_budget_per_month_s, s.downtime_per_month_s) {
                (Some(b), Some(d)) => format!("{} a month, {} spent", duration(b), duration(d)),
                _ => "—".into(),
            },
        })
        .collect();
    let failures = if computed {
        design
            .components
            .iter()
            .filter(|c| c.kind != ComponentKind::Client)
            .map(|c| {
                let failed = analyze(design, evaluation, catalogue, &Failures::all_of(&c.id));
                let names = |status: FlowStatus| -> Vec<String> {
                    failed.flows.iter().filter(|f| f.status == status).map(|f| f.name.clone()).collect()
                };
                let mut requirements: Vec<String> = failed
                    .slos
                    .iter()
                    .filter(|s| s.met == Some(false))
                    .filter(|s| {
                        analysis.slos.iter().any(|b| {
                            b.requirement == s.requirement
                                && b.flow == s.flow
                                && b.kind == s.kind
                                && b.met == Some(true)
                        })
                    })
                    .map(|s| s.requirement.to_string())
                    .collect();
                requirements.dedup();
                FailureRow {
                    component: md_code_cell(&c.id),
                    down: list(&names(FlowStatus::Down)),
                    degraded: list(&names(FlowStatus::Degraded)),
                    delayed: list(&names(FlowStatus::Delayed)),
                    requirements: list(&requirements),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    CapacityView {
        computed,
        numbers: md_cell(&analysis.vintage),
        warning: percent(analysis.utilisation_warning),
        components,
        slos,
        failures,
    }
}

/// A declared flow as a sequence diagram: calls nest under the step that reached their
/// caller, a conditional step sits in an `opt` block, an async step is a one-way arrow.
pub fn declared_flow_view(design: &Design, flow: &Flow, render: &dyn Fn(&SequenceView) -> String) -> FlowView {
    let parents: Vec<Option<usize>> =
        (0..flow.steps.len()).map(|j| (0..j).rev().find(|&i| flow.steps[i].to == flow.steps[j].from)).collect();
    let mut participants: Vec<usize> = Vec::new();
    let mut messages = Vec::new();
    fn emit(
        j: usize,
        under_async: bool,
        design: &Design,
        flow: &Flow,
        parents: &[Option<usize>],
        participants: &mut Vec<usize>,
        messages: &mut Vec<MessageView>,
    ) {
        let step = &flow.steps[j];
        let index = |id: &str| design.components.iter().position(|c| c.id == id);
        let (Some(from), Some(to)) = (index(&step.from), index(&step.to)) else { return };
        for i in [from, to] {
            if !participants.contains(&i) {
                participants.push(i);
            }
        }
        let link = design.link(&step.from, &step.to);
        let is_async = under_async || step.is_async || link.is_some_and(|l| !l.mode.is_sync());
        let label = link.map(|l| l.label.split(';').next().unwrap_or("").trim().to_string()).unwrap_or_default();
        let mut text = if label.is_empty() { "call".to_string() } else { label };
        if let Some(m) = &step.multiplier {
            text.push_str(&format!(" (x {m})"));
        }
        let mut before = Vec::new();
        if let Some(share) = &step.share {
            let why = match &step.miss {
                Some(cache) => format!("on a miss of {cache}, {share}"),
                None => format!("if {share}"),
            };
            before.push(format!("opt {}", mermaid_bare(&why, MESSAGE_MAX, "conditional")));
        } else if step.optional {
            before.push("opt when it answers".to_string());
        }
        let close = !before.is_empty();
        messages.push(MessageView {
            from: format!("c{from}"),
            arrow: if is_async { "-)" } else { "->>+" },
            to: format!("c{to}"),
            text: mermaid_bare(&text, MESSAGE_MAX, "call"),
            before,
            after: Vec::new(),
        });
        for child in (j + 1..flow.steps.len()).filter(|&c| parents[c] == Some(j)) {
            emit(child, is_async, design, flow, parents, participants, messages);
        }
        if !is_async {
            messages.push(MessageView {
                from: format!("c{to}"),
                arrow: "-->>-",
                to: format!("c{from}"),
                text: "ok".into(),
                before: Vec::new(),
                after: Vec::new(),
            });
        }
        if close && let Some(last) = messages.last_mut() {
            last.after.push("end".into());
        }
    }
    for j in (0..flow.steps.len()).filter(|&j| parents[j].is_none()) {
        emit(j, false, design, flow, &parents, &mut participants, &mut messages);
    }
    let key: String = flow
        .name
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let serves: Vec<String> = flow.serves.iter().map(ToString::to_string).collect();
    let title = if serves.is_empty() {
        super::escape::md_inline(&flow.name)
    } else {
        super::escape::md_inline(&format!("{} (serves {})", flow.name, serves.join(", ")))
    };
    if messages.is_empty() {
        return FlowView { key, title, diagram: String::new(), missing: "The flow has no steps.".into() };
    }
    let participants = participants.into_iter().map(|i| super::view::participant(design, i)).collect();
    FlowView { key, title, diagram: render(&SequenceView { participants, messages }), missing: String::new() }
}

// ---------- figures as people read them ----------

/// Availability with enough nines to tell 99.99% from 99.995%.
pub fn nines(a: f64) -> String {
    if a >= 1.0 {
        return "100%".into();
    }
    let digits = ((-(1.0 - a).log10()).ceil() as usize).clamp(2, 9);
    format!("{:.*}%", digits.saturating_sub(1), a * 100.0)
}

pub fn duration(s: f64) -> String {
    if s < 1e-3 {
        format!("{} µs", sig3(s * 1e6))
    } else if s < 1.0 {
        format!("{} ms", sig3(s * 1e3))
    } else if s < 120.0 {
        format!("{} s", sig3(s))
    } else if s < 7200.0 {
        format!("{} min", sig3(s / 60.0))
    } else {
        format!("{} h", sig3(s / 3600.0))
    }
}

pub fn computed_text(s: &SloEntry) -> String {
    match (s.kind, s.computed) {
        (Some(SloKind::Latency), Some(c)) if s.computed_is_lower_bound => format!("≥ {}", duration(c)),
        (Some(SloKind::Latency), Some(c)) => format!("≤ {}", duration(c)),
        (Some(SloKind::Availability), Some(c)) => nines(c),
        _ => "—".into(),
    }
}
