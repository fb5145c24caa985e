//! `sdw analyze`, and the findings `sdw check` reports from the analysis: the text tables, and
//! where in the file each finding points.

use std::fmt::Write as _;

use crate::analysis::{Analysis, ComponentStatus, Flips, SloEntry, SloKind};
use crate::estimate::{Evaluation, sig3};
use crate::export::capacity::{computed_text, duration, nines};
use crate::model::{Design, PathSeg};

fn percent(x: f64) -> String {
    if !x.is_finite() {
        return "∞".into();
    }
    format!("{}%", sig3(x * 100.0))
}

fn rate(x: f64, unit: &str) -> String {
    let count = crate::estimate::human_count(x);
    if unit.starts_with('/') { format!("{count}{unit}") } else { format!("{count} {unit}") }
}

fn target_text(s: &SloEntry) -> String {
    match (s.kind, s.target) {
        (Some(SloKind::Latency), Some(t)) => {
            format!("{} < {}", s.percentile.as_deref().unwrap_or("latency"), duration(t))
        }
        (Some(SloKind::Availability), Some(t)) => format!("≥ {}", nines(t)),
        (Some(kind), None) => format!("(which {} target?)", kind.key()),
        _ => "(not a target sdw can read)".into(),
    }
}

fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The analysis as text: components, flows, the SLO ledger, and what flipped.
pub fn analysis_text(design: &Design, analysis: &Analysis, flips: Option<&Flips>) -> String {
    let mut out = String::new();
    let title = if design.title.is_empty() { "Design" } else { &design.title };
    let _ = writeln!(out, "{title}: analysis at peak (numbers: {})", analysis.vintage);
    if !analysis.failed.is_empty() {
        let _ = writeln!(out, "failed: {}", analysis.failed.join(", "));
    }
    out.push_str("\nComponents\n");
    let mut rows =
        vec![["component", "load", "capacity", "use", "replicas", "availability", "status"].map(String::from).to_vec()];
    for c in &analysis.components {
        if c.load_per_s == 0.0 && c.kind == crate::model::ComponentKind::Client {
            continue;
        }
        let replicas = if c.live < c.replicas {
            format!("{} of {} up, {} needed", c.live, c.replicas, c.needed)
        } else {
            format!("{} ({} needed)", c.replicas, c.needed)
        };
        let status = match c.status {
            ComponentStatus::Ok => "ok".to_string(),
            ComponentStatus::Hot => format!("over {}", percent(analysis.utilisation_warning)),
            ComponentStatus::Overloaded => "OVERLOADED".into(),
            ComponentStatus::Failed => "FAILED".into(),
        };
        rows.push(vec![
            c.id.clone(),
            rate(c.load_per_s, &c.unit),
            c.capacity_per_s.map_or("unknown".into(), |cap| rate(cap, &c.unit)),
            c.utilisation.map_or("—".into(), percent),
            replicas,
            nines(c.availability),
            status,
        ]);
    }
    out.push_str(&table(&rows));

    out.push_str("\nFlows\n");
    let mut rows = vec![["flow", "serves", "rate", "availability", "latency", "status"].map(String::from).to_vec()];
    for f in &analysis.flows {
        rows.push(vec![
            f.name.clone(),
            f.serves.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            rate(f.rate_per_s, &f.unit),
            nines(f.availability),
            format!("≤ {}", duration(f.latency_s)),
            f.status.key().to_string(),
        ]);
    }
    out.push_str(&table(&rows));
    for f in analysis.flows.iter().filter(|f| !f.reasons.is_empty()) {
        for why in &f.reasons {
            let _ = writeln!(out, "  {}: {why}", f.name);
        }
    }

    if !analysis.slos.is_empty() {
        out.push_str("\nSLO ledger\n");
        let mut rows =
            vec![["req", "target", "flow", "computed", "met", "headroom", "budget/month"].map(String::from).to_vec()];
        for s in &analysis.slos {
            rows.push(vec![
                s.requirement.to_string(),
                target_text(s),
                s.flow.clone().unwrap_or_else(|| "—".into()),
                computed_text(s),
                s.verdict(),
                s.headroom.map_or("—".into(), percent),
                match (s.error_budget_per_month_s, s.downtime_per_month_s) {
                    (Some(b), Some(d)) => format!("{} (spends {})", duration(b), duration(d)),
                    _ => "—".into(),
                },
            ]);
        }
        out.push_str(&table(&rows));
        for s in analysis.slos.iter().filter(|s| s.kind.is_none() || s.flow.is_none() || s.met.is_none()) {
            let _ = writeln!(out, "  {}: {}", s.requirement, s.note);
        }
        out.push_str(
            "  Latencies are sums of each synchronous step's figure, weighted by its share: an upper bound on\n  the percentile, not the percentile (percentiles do not add).\n",
        );
    }
    if let Some(flips) = flips {
        out.push_str("\nCompared with the design as written\n");
        if flips.is_empty() {
            out.push_str("  nothing flipped\n");
        }
        for (id, before, after) in &flips.components {
            let _ = writeln!(out, "  component {id}: {} -> {}", before.key(), after.key());
        }
        for (name, before, after) in &flips.flows {
            let _ = writeln!(out, "  flow {name}: {} -> {}", before.key(), after.key());
        }
        let met = |m: &Option<bool>| match m {
            Some(true) => "met",
            Some(false) => "missed",
            None => "—",
        };
        for (r, flow, before, after) in &flips.slos {
            let _ = writeln!(out, "  {r} on {}: {} -> {}", flow.as_deref().unwrap_or("—"), met(before), met(after));
        }
    }
    if !analysis.problems.is_empty() {
        out.push_str("\nNot computed\n");
        for p in &analysis.problems {
            let _ = writeln!(out, "  {p}");
        }
    }
    out
}

/// One thing `sdw check` reports about the design's analysis, and the key it points at.
pub struct Finding {
    pub path: Vec<PathSeg>,
    pub message: String,
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

/// Overloaded components and missed SLOs, each naming its cause: the flows and rate rows
/// that load the component, or the component that costs the flow its target.
pub fn findings(design: &Design, analysis: &Analysis, base: &[PathSeg]) -> Vec<Finding> {
    let at = |rest: Vec<PathSeg>| -> Vec<PathSeg> { base.iter().cloned().chain(rest).collect() };
    let mut out = Vec::new();
    for c in analysis.overloaded() {
        let i = design.components.iter().position(|d| d.id == c.id).unwrap_or(0);
        let causes: Vec<String> = c
            .contributions
            .iter()
            .map(|x| {
                let row = design.flows.iter().find(|f| f.name == x.flow).map_or("", |f| f.rate.as_str());
                format!("flow `{}` (rate row `{row}`) {}", x.flow, rate(x.per_s, &c.unit))
            })
            .collect();
        let per = c.per_replica_per_s.map_or(String::new(), |p| format!(" = {} × {}", c.live, rate(p, &c.unit)));
        out.push(Finding {
            path: at(vec![key("components"), PathSeg::Index(i), key("id")]),
            message: format!(
                "component `{}` is over capacity at peak: {} of {}{per} ({}); from {}",
                c.id,
                rate(c.load_per_s, &c.unit),
                c.capacity_per_s.map_or("unknown".into(), |cap| rate(cap, &c.unit)),
                c.utilisation.map_or("—".into(), percent),
                causes.join(", ")
            ),
        });
    }
    for s in analysis.missed() {
        let Some(flow) = s.flow.as_deref().and_then(|name| analysis.flow(name)) else { continue };
        let cause = match s.kind {
            Some(SloKind::Latency) => flow
                .steps
                .iter()
                .filter(|st| st.latency_s > 0.0)
                .max_by(|a, b| a.latency_s.total_cmp(&b.latency_s))
                .map(|st| format!("the slowest step is {} -> {} at {}", st.from, st.to, duration(st.latency_s))),
            Some(SloKind::Availability) => flow
                .steps
                .iter()
                .filter(|st| !st.is_async && !st.bypassable)
                .filter_map(|st| analysis.component(&st.to))
                .min_by(|a, b| a.availability.total_cmp(&b.availability))
                .map(|c| {
                    format!(
                        "the weakest component is `{}` at {} ({} of {} replicas needed)",
                        c.id,
                        nines(c.availability),
                        c.needed,
                        c.live
                    )
                }),
            None => None,
        };
        out.push(Finding {
            path: at(vec![key("requirements"), key("non_functional"), PathSeg::Index(s.requirement.number - 1)]),
            message: format!(
                "{} misses its target on flow `{}`: {} against {}{}",
                s.requirement,
                flow.name,
                computed_text(s),
                target_text(s),
                cause.map_or(String::new(), |c| format!("; {c}"))
            ),
        });
    }
    for p in &analysis.problems {
        out.push(Finding { path: at(vec![key("flows")]), message: format!("not computed: {p}") });
    }
    out
}

/// The analysis of `design` with the catalogue in effect and no failures.
pub fn baseline(design: &Design, eval: &Evaluation, catalogue: &crate::catalogue::Catalogue) -> Analysis {
    crate::analysis::analyze(design, eval, catalogue, &crate::analysis::Failures::none())
}
