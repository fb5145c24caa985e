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
