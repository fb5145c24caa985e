//! The unit checks a design's flows and component figures must pass to load: a rate row that
//! is a rate, multipliers and shares whose units convert, capacities per second, availabilities
//! that are shares and latencies that are times. Each problem carries the path of its key, so
//! the loader can point at its line and column. A row with its own error is left to the sheet,
//! which reports it.

use super::quantity::{Dims, Resolver, ValueError};
use super::{converts, parents, replica_rate};
use crate::estimate::Evaluation;
use crate::model::{Design, Issue, PathSeg};

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

/// The unit problems that stop a design from loading. The sheet is evaluated only when the
/// design has something to check: flows or figures stated on components.
pub fn load_issues(design: &Design, base: &[PathSeg]) -> Vec<Issue> {
    let stated = design.components.iter().any(|c| {
        c.capacity.is_some()
            || c.availability.is_some()
            || c.latency.is_some()
            || matches!(c.replicas, Some(crate::model::Replicas::Row(_)))
    });
    if design.flows.is_empty() && !stated && design.deep_dives.iter().all(|d| d.accepts.is_empty()) {
        return Vec::new();
    }
    let eval = crate::estimate::evaluate(&design.estimates, Default::default());
    model_issues(design, &eval, base)
}

/// Every unit problem of `design`'s flows and component figures, `base` prefixed to each path.
pub fn model_issues(design: &Design, eval: &Evaluation, base: &[PathSeg]) -> Vec<Issue> {
    let mut issues = Vec::new();
    // A deep dive accepts misses of non-functional requirements that exist.
    for (i, dive) in design.deep_dives.iter().enumerate() {
        for (j, r) in dive.accepts.iter().enumerate() {
            if r.kind != crate::model::ReqKind::NonFunctional || design.requirement(*r).is_none() {
                issues.push(Issue {
                    path: base
                        .iter()
                        .cloned()
                        .chain([key("deep_dives"), PathSeg::Index(i), key("accepts"), PathSeg::Index(j)])
                        .collect(),
                    message: format!(
                        "deep dive `{}` accepts {r}, which is not a non-functional requirement of the design",
                        dive.topic
                    ),
                });
            }
        }
    }
    let r = Resolver { eval, units: &design.estimates.units, convention: eval.convention };
    let at = |rest: &[PathSeg]| -> Vec<PathSeg> { base.iter().cloned().chain(rest.iter().cloned()).collect() };
    let mut push = |path: Vec<PathSeg>, message: String| issues.push(Issue { path, message });

    // Components: what one replica carries, how often it is up, how long a call takes.
    let mut capacity_units: Vec<Option<Dims>> = Vec::with_capacity(design.components.len());
    for (i, c) in design.components.iter().enumerate() {
        let here = |k: &str| at(&[key("components"), PathSeg::Index(i), key(k)]);
        let mut unit = None;
        if let Some(expr) = &c.capacity {
            match r.value(expr) {
                Ok(v) => {
                    let rate = replica_rate(&v.dims);
                    if rate.is_rate() {
                        unit = Some(rate);
                    } else {
                        push(
                            here("capacity"),
                            format!(
                                "capacity `{expr}` is in {}; it should be a count per second per replica, e.g. `2000 request / s`",
                                v.dims
                            ),
                        );
                    }
                }
                Err(ValueError::Invalid(why)) => push(here("capacity"), format!("capacity {why}")),
                Err(ValueError::RowBroken(_)) => {}
            }
        }
        capacity_units.push(unit);
        if let Some(expr) = &c.availability {
            match r.value(expr) {
                Ok(v) if v.dims.is_dimensionless() && (0.0..=1.0).contains(&v.base) => {}
                Ok(v) => push(
                    here("availability"),
                    format!("availability `{expr}` is {} {}; it should be a share such as `99.9%`", v.base, v.dims),
                ),
                Err(ValueError::Invalid(why)) => push(here("availability"), format!("availability {why}")),
                Err(ValueError::RowBroken(_)) => {}
            }
        }
        if let Some(expr) = &c.latency {
            match r.value(expr) {
                Ok(v) if v.dims == Dims::parse("s") => {}
                Ok(v) => push(
                    here("latency"),
                    format!("latency `{expr}` is in {}; it should be a time such as `5 ms`", v.dims),
                ),
                Err(ValueError::Invalid(why)) => push(here("latency"), format!("latency {why}")),
                Err(ValueError::RowBroken(_)) => {}
            }
        }
        if let Some(crate::model::Replicas::Row(row)) = &c.replicas
            && let Ok(v) = r.value(row)
        {
            let fleet = v.dims.is_dimensionless()
                || (v.dims.factors() == 1 && v.dims.counted().is_some_and(|u| v.dims.exponent(u) == 1));
            if !fleet {
                push(
                    here("replicas"),
                    format!("replicas `{row}` is in {}; it should be a count such as `42 servers`", v.dims),
                );
            }
        }
    }

    // Flows: a rate, then each step's multiplier and share, and the units arriving at each
    // component against its capacity.
    for (f, flow) in design.flows.iter().enumerate() {
        let here = |rest: &[PathSeg]| -> Vec<PathSeg> { at(&[&[key("flows"), PathSeg::Index(f)], rest].concat()) };
        let rate = match r.value(&flow.rate) {
            Ok(v) if v.dims.is_rate() => Some(v.dims),
            Ok(v) => {
                push(
                    here(&[key("rate")]),
                    format!(
                        "rate `{}` is in {}; a flow's rate is a count per second, such as `peak_read_qps` in click/s",
                        flow.rate, v.dims
                    ),
                );
                None
            }
            Err(_) => None,
        };
        // The component the flow starts from carries its rate, in the rate's unit.
        if let (Some(load), Some(origin)) = (&rate, super::flow_origin(flow, design))
            && let Some(i) = design.components.iter().position(|c| c.id == origin)
            && let Some(capacity) = &capacity_units[i]
            && !converts(load, capacity)
        {
            push(
                here(&[key("steps"), PathSeg::Index(0)]),
                format!(
                    "the flow starts at `{origin}` in {load}, but `{origin}` has its capacity in {capacity}: state its capacity in {load}, or in plain operations per second (`/s`) if one call carries one unit of the flow"
                ),
            );
        }
        // A target the flow names (`N1.2`) must be one its requirement states.
        for (r, n) in &flow.clauses {
            let stated = design.requirement(*r).map_or(0, |text| super::slo::read_all(text).0.len());
            if *n > stated {
                push(
                    here(&[key("serves")]),
                    format!("`{r}.{n}`: {r} states {stated} target(s) sdw can read, so there is no target {n}"),
                );
            }
        }
        let parent = parents(flow);
        let mut dims: Vec<Option<Dims>> = Vec::with_capacity(flow.steps.len());
        for (j, step) in flow.steps.iter().enumerate() {
            let path = here(&[key("steps"), PathSeg::Index(j)]);
            let mut d = match parent[j] {
                Some(p) => dims[p].clone(),
                None => rate.clone(),
            };
            if let Some(m) = &step.multiplier {
                match r.value(m) {
                    Ok(v) => d = d.map(|d| d.times(&v.dims)),
                    Err(ValueError::Invalid(why)) => {
                        push(path.clone(), format!("step {} -> {}: multiplier {why}", step.from, step.to));
                        d = None;
                    }
                    Err(ValueError::RowBroken(_)) => d = None,
                }
                if let Some(after) = &d
                    && !after.is_rate()
                {
                    push(
                        path.clone(),
                        format!(
                            "step {} -> {}: multiplier `{m}` turns the flow into {after}, not a count per second (its units should cancel the flow's, e.g. `x 200 record / tweet` on a tweet/s flow)",
                            step.from, step.to
                        ),
                    );
                    d = None;
                }
            }
            if let Some(s) = &step.share {
                match r.value(s) {
                    Ok(v) if v.dims.is_dimensionless() && (0.0..=1.0).contains(&v.base) => {}
                    Ok(v) => push(
                        path.clone(),
                        format!(
                            "step {} -> {}: share `{s}` is {} {}; a share is a number between 0 and 1 (or a percentage)",
                            step.from, step.to, v.base, v.dims
                        ),
                    ),
                    Err(ValueError::Invalid(why)) => {
                        push(path.clone(), format!("step {} -> {}: share {why}", step.from, step.to))
                    }
                    Err(ValueError::RowBroken(_)) => {}
                }
            }
            if let (Some(load), Some(i)) = (&d, design.components.iter().position(|c| c.id == step.to))
                && let Some(capacity) = &capacity_units[i]
                && !converts(load, capacity)
            {
                let hint = match (load.counted(), capacity.counted()) {
                    (Some(from), Some(to)) => format!(": add a multiplier such as `x 1 {to} / {from}`"),
                    _ => String::new(),
                };
                push(
                    path.clone(),
                    format!(
                        "step {} -> {}: the flow arrives in {load}, but `{}` has its capacity in {capacity}{hint}",
                        step.from, step.to, step.to
                    ),
                );
            }
            dims.push(d);
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate;
    use crate::model::{Component, ComponentKind, Flow, Link, Sheet};

    fn design(rate: &str, step: &str, capacity: Option<&str>) -> (Design, Evaluation) {
        let mut d = Design {
            estimates: Sheet::from_plain(&format!("reads = {rate}\nsize = 1 GB\n---\n")),
            ..Default::default()
        };
        d.components = vec![
            Component { id: "lb".into(), kind: ComponentKind::LoadBalancer, ..Default::default() },
            Component {
                id: "db".into(),
                kind: ComponentKind::SqlDb,
                capacity: capacity.map(String::from),
                ..Default::default()
            },
        ];
        d.links = vec![Link { from: "lb".into(), to: "db".into(), ..Default::default() }];
        d.flows = vec![Flow {
            name: "read".into(),
            rate: "reads".into(),
            steps: vec![step.parse().unwrap()],
            ..Default::default()
        }];
        let eval = estimate::evaluate(&d.estimates, Default::default());
        (d, eval)
    }

    fn messages(d: &Design, eval: &Evaluation) -> Vec<String> {
        model_issues(d, eval, &[]).into_iter().map(|i| format!("{}: {}", i.dotted_path(), i.message)).collect()
    }

    #[test]
    fn a_consistent_flow_passes() {
        let (d, eval) = design("100 click / s", "lb -> db, x 2 query / click", Some("500 query / s"));
        assert_eq!(messages(&d, &eval), Vec::<String>::new());
        let (d, eval) = design("100 click / s", "lb -> db, if 10%", Some("5000 / s"));
        assert_eq!(messages(&d, &eval), Vec::<String>::new(), "operations per second take any count");
    }

    #[test]
    fn a_rate_row_that_is_not_a_rate() {
        let (d, eval) = design("5 GB", "lb -> db", None);
        assert_eq!(
            messages(&d, &eval)[0],
            "flows[0].rate: rate `reads` is in B; a flow's rate is a count per second, such as `peak_read_qps` in click/s"
        );
    }

    #[test]
    fn a_multiplier_whose_units_do_not_convert() {
        let (d, eval) = design("100 click / s", "lb -> db, x 2 query / url", Some("500 query / s"));
        let m = messages(&d, &eval);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with(
                "flows[0].steps[0]: step lb -> db: multiplier `2 query / url` turns the flow into click·query/(s·url)"
            ),
            "{m:?}"
        );
        let (d, eval) = design("100 click / s", "lb -> db, x size", None);
        assert!(messages(&d, &eval)[0].contains("not a count per second"));
    }

    #[test]
    fn a_load_that_does_not_meet_the_capacitys_unit() {
        let (d, eval) = design("100 click / s", "lb -> db", Some("500 query / s"));
        assert_eq!(
            messages(&d, &eval),
            [
                "flows[0].steps[0]: step lb -> db: the flow arrives in click/s, but `db` has its capacity in query/s: add a multiplier such as `x 1 query / click`"
            ]
        );
    }

    #[test]
    fn bad_shares_and_component_figures() {
        let (mut d, eval) = design("100 click / s", "lb -> db, if 2 GB", None);
        d.components[1].availability = Some("5 ms".into());
        d.components[1].latency = Some("99%".into());
        d.components[1].capacity = Some("1 TB".into());
        let m = messages(&d, &eval);
        assert!(m.iter().any(|m| m.starts_with("components[1].capacity: capacity `1 TB` is in B")), "{m:?}");
        assert!(m.iter().any(|m| m.starts_with("components[1].availability:")), "{m:?}");
        assert!(m.iter().any(|m| m.starts_with("components[1].latency:")), "{m:?}");
        assert!(m.iter().any(|m| m.starts_with("flows[0].steps[0]: step lb -> db: share `2 GB`")), "{m:?}");
    }

    #[test]
    fn a_broken_row_is_left_to_the_sheet() {
        let (mut d, _) = design("100 click / s", "lb -> db", None);
        d.estimates = Sheet::from_plain("reads = 100 click / s + 1 GB\n---\n");
        let eval = estimate::evaluate(&d.estimates, Default::default());
        assert_eq!(messages(&d, &eval), Vec::<String>::new());
    }
}
