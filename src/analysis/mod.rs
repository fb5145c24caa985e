//! The analysis of a design: what each component carries at peak and whether it can, each
//! flow's availability and latency, the SLO ledger, and what is down, delayed or degraded when
//! components fail. Pure functions of the design, its evaluated sheet, the numbers catalogue
//! and the set of failed components: nothing here renders or prints, and nothing is stored.
//! How each figure is derived is written down in `docs/analysis.md`.

mod availability;
mod check;
mod failures;
mod quantity;
mod slo;

use std::collections::BTreeMap;

pub use availability::k_of_n;
pub use check::{load_issues, model_issues};
pub use failures::{FailError, Failures};
pub use quantity::{Dims, Resolver, Value, ValueError};
pub use slo::{SloKind, Stated, Target};

use crate::catalogue::{Catalogue, Vintage};
use crate::estimate::Evaluation;
use crate::model::{ComponentKind, Design, Flow, Replicas, ReqKind, ReqRef};

/// A month for error budgets: 30 days, the sheets' own month.
pub const MONTH_S: f64 = 30.0 * 86_400.0;

/// How a component stands at peak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ComponentStatus {
    Ok,
    /// Above the catalogue's utilisation warning, still under 100%.
    Hot,
    /// Over 100% of what its live replicas carry.
    Overloaded,
    /// Failed by the user: no replica left.
    Failed,
}

impl ComponentStatus {
    pub fn key(self) -> &'static str {
        match self {
            ComponentStatus::Ok => "ok",
            ComponentStatus::Hot => "hot",
            ComponentStatus::Overloaded => "overloaded",
            ComponentStatus::Failed => "failed",
        }
    }
}

/// How a flow stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlowStatus {
    Ok,
    /// Work behind an async step cannot happen now: it will, later.
    Delayed,
    /// Some requests fail or slow down: a share of them reach a failed component, or a
    /// component on the way cannot carry its load.
    Degraded,
    /// A synchronous dependency has no replica left: every request fails.
    Down,
}

impl FlowStatus {
    pub fn key(self) -> &'static str {
        match self {
            FlowStatus::Ok => "ok",
            FlowStatus::Delayed => "delayed",
            FlowStatus::Degraded => "degraded",
            FlowStatus::Down => "down",
        }
    }
}

/// Where a component's figure comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Stated on the component (an expression or a row).
    Stated(String),
    /// The catalogue's figure for the kind.
    Catalogue { source: String, year: u32 },
    /// Neither: the figure is unknown.
    Unknown,
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::Stated(expr) => format!("stated: {expr}"),
            Origin::Catalogue { source, year } => format!("catalogue: {source} ({year})"),
            Origin::Unknown => "unknown".into(),
        }
    }
}

/// The load one flow puts on one component.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub flow: String,
    pub per_s: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentFigures {
    pub id: String,
    pub kind: ComponentKind,
    /// Load at peak, in the unit of the component's capacity (or of its first flow).
    pub load_per_s: f64,
    /// The unit of `load_per_s` (`click/s`, `/s`).
    pub unit: String,
    pub contributions: Vec<Contribution>,
    /// What the live replicas carry together; `None` when unknown.
    pub capacity_per_s: Option<f64>,
    pub per_replica_per_s: Option<f64>,
    pub capacity_origin: Origin,
    pub utilisation: Option<f64>,
    pub replicas: u32,
    /// Replicas still up under the failures asked for.
    pub live: u32,
    /// Replicas needed to carry the load (k of n).
    pub needed: u32,
    /// Of one replica.
    pub replica_availability: f64,
    pub availability_origin: Origin,
    /// Of the component: at least `needed` of its `live` replicas up.
    pub availability: f64,
    pub latency_s: f64,
    pub latency_origin: Origin,
    pub status: ComponentStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepFigures {
    pub from: String,
    pub to: String,
    /// Calls per second this step makes at peak.
    pub load_per_s: f64,
    /// The share of the flow's requests that take this step, all conditions on the way.
    pub share: f64,
    /// The flow does not wait for it (an async step, or behind one).
    pub is_async: bool,
    /// A cache whose misses have somewhere else to go: the flow survives without it.
    pub bypassable: bool,
    /// What it adds to the flow's latency: share × (network round trip + the component's).
    pub latency_s: f64,
    /// A synchronous step whose multiplier is over 1 calls its component that many times per
    /// request, in parallel: the request waits for the slowest, so the step's figure (one
    /// call) is a lower bound. `Some(calls)` for such a step.
    pub fan_out: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlowFigures {
    pub name: String,
    pub serves: Vec<ReqRef>,
    pub rate_per_s: f64,
    pub unit: String,
    pub availability: f64,
    /// The sum of the synchronous steps' latencies, each weighted by its share: an upper
    /// bound on the flow's percentile when the components' figures are that percentile.
    pub latency_s: f64,
    pub status: FlowStatus,
    /// Why the status is what it is, one line per cause.
    pub reasons: Vec<String>,
    pub steps: Vec<StepFigures>,
    /// The component the flow starts from (the first step's `from`), when it is not a client:
    /// it carries the flow's rate and its failure takes the flow down. Its own processing time
    /// is not added: a flow's latency is that of the calls it makes.
    pub origin: Option<String>,
    /// The steps behind an async hop, summed like the synchronous ones (share × (network +
    /// the component's latency)): what the work behind the request takes, without any wait in
    /// a queue the design does not state.
    pub async_latency_s: f64,
    /// Every component behind an async hop states its own latency (so the design says how
    /// long work waits there); false when some figure is the catalogue's.
    pub async_latency_stated: bool,
    /// Some step continues from a component reached asynchronously.
    pub work_continues_async: bool,
}

impl FlowFigures {
    /// Whether the flow's work goes on behind an async step: some step continues from a
    /// component reached asynchronously (a queue's consumer, a worker's next call). A publish
    /// with nothing after it in the flow is a side effect, not the flow's work.
    pub fn spans_async(&self) -> bool {
        self.work_continues_async
    }
}

/// One line of the SLO ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct SloEntry {
    pub requirement: ReqRef,
    pub text: String,
    /// `None` when the requirement states a target sdw cannot read.
    pub kind: Option<SloKind>,
    pub target: Option<f64>,
    pub percentile: Option<String>,
    pub flow: Option<String>,
    pub computed: Option<f64>,
    pub met: Option<bool>,
    /// The share of the target's budget left (negative when missed): for latency
    /// 1 − computed / target, for availability 1 − (1 − computed) / (1 − target).
    pub headroom: Option<f64>,
    /// Availability only: the downtime the target allows in a 30-day month, in seconds.
    pub error_budget_per_month_s: Option<f64>,
    /// What the computed figure spends of that month, in seconds.
    pub downtime_per_month_s: Option<f64>,
    pub note: String,
    /// Latency only: `computed` is a lower bound (work behind an async step, whose wait in a
    /// queue the design does not state), so it can show a miss but never a met target.
    pub computed_is_lower_bound: bool,
    /// The deep dive (numbered from 1) that accepts this requirement's miss (`accepts`).
    pub accepted_by: Option<usize>,
}

impl SloEntry {
    /// Missed, and no deep dive accepts it: an error.
    pub fn is_unaccepted_miss(&self) -> bool {
        self.met == Some(false) && self.accepted_by.is_none()
    }

    /// The verdict as the ledger shows it: `met`, `MISSED`, `missed, accepted: deep dive 2`,
    /// `not checkable`, or `—` for a line without a figure.
    pub fn verdict(&self) -> String {
        match (self.met, self.accepted_by) {
            (Some(true), _) => "met".into(),
            (Some(false), Some(n)) => format!("missed, accepted: deep dive {n}"),
            (Some(false), None) => "MISSED".into(),
            (None, _) if self.computed.is_some() => "not checkable".into(),
            (None, _) => "—".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub vintage: String,
    pub utilisation_warning: f64,
    pub components: Vec<ComponentFigures>,
    pub flows: Vec<FlowFigures>,
    pub slos: Vec<SloEntry>,
    /// The failures analysed, as given (`cache`, `url_db:2`).
    pub failed: Vec<String>,
    /// Figures that could not be computed and why (a broken row, a unit that does not convert).
    pub problems: Vec<String>,
}

impl Analysis {
    pub fn component(&self, id: &str) -> Option<&ComponentFigures> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn flow(&self, name: &str) -> Option<&FlowFigures> {
        self.flows.iter().find(|f| f.name == name)
    }

    /// Components over 100% of what their live replicas carry.
    pub fn overloaded(&self) -> impl Iterator<Item = &ComponentFigures> {
        self.components.iter().filter(|c| c.status == ComponentStatus::Overloaded)
    }

    /// SLO entries whose target the design misses, and no deep dive accepts.
    pub fn missed(&self) -> impl Iterator<Item = &SloEntry> {
        self.slos.iter().filter(|s| s.is_unaccepted_miss())
    }

    /// SLO entries missed, with a deep dive that accepts the miss.
    pub fn accepted(&self) -> impl Iterator<Item = &SloEntry> {
        self.slos.iter().filter(|s| s.met == Some(false) && s.accepted_by.is_some())
    }

    /// SLO entries with a target the design's figures cannot judge.
    pub fn unchecked(&self) -> impl Iterator<Item = &SloEntry> {
        self.slos.iter().filter(|s| s.kind.is_some() && s.flow.is_some() && s.met.is_none())
    }
}

/// Units a fleet is counted in: a capacity "per server" times replicas gives the fleet's.
const FLEET_UNITS: &[&str] = &["server", "node", "shard", "partition", "instance", "replica", "broker", "host"];

/// One step's place in its flow: its parent (the step that reached its `from`), and what has
/// accumulated on the way.
#[derive(Debug, Clone)]
struct Walk {
    factor: f64,
    dims: Dims,
    share: f64,
    is_async: bool,
}

/// The figures of one component before the flows are laid on it.
struct Sizing {
    replicas: u32,
    live: u32,
    per_replica: Option<Value>,
    capacity_origin: Origin,
    availability: f64,
    availability_origin: Origin,
    latency_s: f64,
    latency_origin: Origin,
}

fn catalogue_origin(f: &crate::catalogue::Figure) -> Origin {
    Origin::Catalogue { source: f.source.clone(), year: f.year }
}

fn size_component(
    c: &crate::model::Component,
    vintage: &Vintage,
    r: &Resolver,
    failures: &Failures,
    problems: &mut Vec<String>,
) -> Sizing {
    let figures = vintage.kind(c.kind);
    let replicas = match &c.replicas {
        None => 1,
        Some(Replicas::Count(n)) => *n,
        Some(Replicas::Row(row)) => match r.value(row) {
            Ok(v) if v.base.is_finite() && v.base >= 1.0 => v.base.ceil().min(u32::MAX as f64) as u32,
            Ok(v) => {
                problems.push(format!("{}: replicas `{row}` is {}, not a count of at least 1", c.id, v.base));
                1
            }
            Err(e) => {
                problems.push(format!("{}: replicas: {e}", c.id));
                1
            }
        },
    };
    let lost = failures.lost(&c.id, replicas);
    let live = replicas - lost;
    let stated = |expr: &Option<String>, what: &str, problems: &mut Vec<String>| -> Option<Value> {
        let expr = expr.as_ref()?;
        match r.value(expr) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(format!("{}: {what}: {e}", c.id));
                None
            }
        }
    };
    let (per_replica, capacity_origin) = match stated(&c.capacity, "capacity", problems) {
        Some(v) => (Some(v), Origin::Stated(c.capacity.clone().unwrap_or_default())),
        None if c.capacity.is_some() => (None, Origin::Unknown),
        None => match figures.and_then(|f| f.throughput.as_ref()) {
            Some(f) => (Some(Value { base: f.value, dims: Dims::per_second() }), catalogue_origin(f)),
            None => (None, Origin::Unknown),
        },
    };
    let (availability, availability_origin) = match stated(&c.availability, "availability", problems) {
        Some(v) if v.dims.is_dimensionless() && (0.0..=1.0).contains(&v.base) => {
            (v.base, Origin::Stated(c.availability.clone().unwrap_or_default()))
        }
        Some(v) => {
            problems.push(format!("{}: availability {} is not a share between 0 and 100%", c.id, v.base));
            (1.0, Origin::Unknown)
        }
        None => match figures.and_then(|f| f.availability.as_ref()) {
            Some(f) => (f.value, catalogue_origin(f)),
            None => (1.0, Origin::Unknown),
        },
    };
    let (latency_s, latency_origin) = match stated(&c.latency, "latency", problems) {
        Some(v) if v.dims == Dims::parse("s") && v.base >= 0.0 => {
            (v.base, Origin::Stated(c.latency.clone().unwrap_or_default()))
        }
        Some(_) => {
            problems.push(format!("{}: latency is not a time", c.id));
            (0.0, Origin::Unknown)
        }
        None => match figures.and_then(|f| f.latency.as_ref()) {
            Some(f) => (f.value, catalogue_origin(f)),
            None => (0.0, Origin::Unknown),
        },
    };
    Sizing {
        replicas,
        live,
        per_replica,
        capacity_origin,
        availability,
        availability_origin,
        latency_s,
        latency_origin,
    }
}

/// A per-replica capacity as a rate, with the fleet unit (`/server`) taken out.
pub fn replica_rate(per_replica: &Dims) -> Dims {
    let mut dims = per_replica.clone();
    for unit in FLEET_UNITS {
        if dims.exponent(unit) == -1 {
            dims = dims.without(unit);
        }
    }
    dims
}

/// Whether a load in `load` units can be compared with a capacity in `capacity` units: the
/// same rate, or any count per second against plain operations per second.
pub fn converts(load: &Dims, capacity: &Dims) -> bool {
    load == capacity || (*capacity == Dims::per_second() && load.is_rate())
}

/// Whether a component of `kind` answers in front of another, so its misses (and, when it
/// fails, all its traffic) go on to what it fronts: a cache or a CDN.
pub fn fronts(kind: ComponentKind) -> bool {
    matches!(kind, ComponentKind::Cache | ComponentKind::Cdn)
}

/// Which steps the flow survives without: a cache whose misses a later step of the same flow
/// serves, or a step marked optional.
fn bypassable(flow: &Flow, design: &Design) -> Vec<bool> {
    flow.steps
        .iter()
        .enumerate()
        .map(|(j, step)| {
            step.optional
                || (design.component(&step.to).is_some_and(|c| fronts(c.kind))
                    && flow.steps[j + 1..].iter().any(|s| s.miss.as_deref() == Some(step.to.as_str())))
        })
        .collect()
}

/// The component a flow starts from, the first step's `from`, unless it is a client (or names
/// no component).
fn flow_origin<'d>(flow: &'d Flow, design: &Design) -> Option<&'d str> {
    let from = flow.steps.first()?.from.as_str();
    design.component(from).filter(|c| c.kind != ComponentKind::Client).map(|_| from)
}

/// The parent of each step: the latest earlier step that reached its `from`.
fn parents(flow: &Flow) -> Vec<Option<usize>> {
    (0..flow.steps.len()).map(|j| (0..j).rev().find(|&i| flow.steps[i].to == flow.steps[j].from)).collect()
}

/// Analyse `design` with its evaluated sheet, the catalogue, and the components failed.
pub fn analyze(design: &Design, eval: &Evaluation, catalogue: &Catalogue, failures: &Failures) -> Analysis {
    let mut problems = Vec::new();
    let vintage = match catalogue.vintage(design.numbers.as_deref()) {
        Ok(v) => v,
        Err(e) => {
            problems.push(e);
            catalogue.vintage(None).expect("the catalogue's default vintage exists")
        }
    };
    let network_s = vintage.network.as_ref().map_or(0.0, |n| n.value);
    let r = Resolver { eval, units: &design.estimates.units, convention: eval.convention };

    let sizings: Vec<Sizing> =
        design.components.iter().map(|c| size_component(c, vintage, &r, failures, &mut problems)).collect();
    let index: BTreeMap<&str, usize> = design.components.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();

    // The share of a cache's keys still served: a cache that lost some of its nodes misses more.
    let cache_lost_share = |id: &str| -> f64 {
        index.get(id).map_or(0.0, |&i| {
            let s = &sizings[i];
            if s.replicas == 0 { 1.0 } else { (s.replicas - s.live) as f64 / s.replicas as f64 }
        })
    };

    // ---------- loads ----------
    let mut loads: Vec<Vec<(String, f64, Dims)>> = vec![Vec::new(); design.components.len()];
    let mut walks: Vec<Vec<Option<Walk>>> = Vec::with_capacity(design.flows.len());
    let mut multipliers: Vec<Vec<f64>> = Vec::with_capacity(design.flows.len());
    let mut rates: Vec<Option<Value>> = Vec::with_capacity(design.flows.len());
    for flow in &design.flows {
        let rate = match r.value(&flow.rate) {
            Ok(v) if v.dims.is_rate() => Some(v),
            Ok(v) => {
                problems.push(format!(
                    "flow `{}`: rate `{}` is in {}, not a count per second",
                    flow.name, flow.rate, v.dims
                ));
                None
            }
            Err(e) => {
                problems.push(format!("flow `{}`: rate: {e}", flow.name));
                None
            }
        };
        // The component the flow starts from carries its rate (a client is outside the design).
        if let (Some(rate), Some(origin)) = (&rate, flow_origin(flow, design))
            && let Some(&i) = index.get(origin)
        {
            loads[i].push((flow.name.clone(), rate.base, rate.dims.clone()));
        }
        let parent = parents(flow);
        let mut walk: Vec<Option<Walk>> = Vec::with_capacity(flow.steps.len());
        let mut multiplier: Vec<f64> = vec![1.0; flow.steps.len()];
        for (j, step) in flow.steps.iter().enumerate() {
            let base = match parent[j] {
                Some(p) => walk[p].clone(),
                None => rate.as_ref().map(|v| Walk { factor: 1.0, dims: v.dims.clone(), share: 1.0, is_async: false }),
            };
            let Some(mut w) = base else {
                walk.push(None);
                continue;
            };
            let mut ok = true;
            if let Some(m) = &step.multiplier {
                match r.value(m) {
                    Ok(v) => {
                        w.factor *= v.base;
                        w.dims = w.dims.times(&v.dims);
                        multiplier[j] = v.base;
                    }
                    Err(e) => {
                        problems.push(format!("flow `{}`, step {}: multiplier: {e}", flow.name, j + 1));
                        ok = false;
                    }
                }
            }
            if let Some(s) = &step.share {
                match r.value(s) {
                    Ok(v) if v.dims.is_dimensionless() && (0.0..=1.0).contains(&v.base) => {
                        let mut share = v.base;
                        if let Some(cache) = &step.miss {
                            // Keys a failed cache node held now miss too; a failed cache, all.
                            let lost = cache_lost_share(cache);
                            share += (1.0 - share) * lost;
                        }
                        w.factor *= share;
                        w.share *= share;
                    }
                    Ok(v) => {
                        problems.push(format!(
                            "flow `{}`, step {}: share `{s}` is {} {}, not a share between 0 and 1",
                            flow.name,
                            j + 1,
                            v.base,
                            v.dims
                        ));
                        ok = false;
                    }
                    Err(e) => {
                        problems.push(format!("flow `{}`, step {}: share: {e}", flow.name, j + 1));
                        ok = false;
                    }
                }
            }
            let link_async = design.link(&step.from, &step.to).is_some_and(|l| !l.mode.is_sync());
            w.is_async |= step.is_async || link_async;
            if !ok {
                walk.push(None);
                continue;
            }
            if let (Some(rate), Some(&i)) = (&rate, index.get(step.to.as_str())) {
                loads[i].push((flow.name.clone(), rate.base * w.factor, w.dims.clone()));
            }
            walk.push(Some(w));
        }
        walks.push(walk);
        multipliers.push(multiplier);
        rates.push(rate);
    }

    // ---------- components ----------
    let warning = catalogue.utilisation_warning.value;
    let mut components = Vec::with_capacity(design.components.len());
    for (i, c) in design.components.iter().enumerate() {
        let s = &sizings[i];
        let capacity_dims = s.per_replica.as_ref().map(|v| replica_rate(&v.dims));
        if let Some(dims) = &capacity_dims
            && !dims.is_rate()
        {
            problems.push(format!("{}: capacity is in {dims} per replica, not a count per second", c.id));
        }
        let unit_dims = capacity_dims
            .clone()
            .filter(Dims::is_rate)
            .or_else(|| loads[i].first().map(|l| l.2.clone()))
            .unwrap_or_else(Dims::per_second);
        let mut load = 0.0;
        let mut contributions: Vec<Contribution> = Vec::new();
        for (flow, per_s, dims) in &loads[i] {
            if !converts(dims, &unit_dims) {
                problems.push(format!(
                    "flow `{flow}` reaches `{}` in {dims}, which does not convert to its {unit_dims}",
                    c.id
                ));
                continue;
            }
            load += per_s;
            match contributions.iter_mut().find(|x| &x.flow == flow) {
                Some(x) => x.per_s += per_s,
                None => contributions.push(Contribution { flow: flow.clone(), per_s: *per_s }),
            }
        }
        let per_replica =
            s.per_replica.as_ref().filter(|_| capacity_dims.as_ref().is_some_and(Dims::is_rate)).map(|v| v.base);
        let capacity = per_replica.map(|p| p * s.live as f64);
        let utilisation = capacity.map(|cap| {
            if cap > 0.0 {
                load / cap
            } else if load > 0.0 {
                f64::INFINITY
            } else {
                0.0
            }
        });
        let needed = match per_replica {
            Some(p) if p > 0.0 => ((load / p).ceil().max(1.0)).min(u32::MAX as f64) as u32,
            _ => 1,
        };
        let availability = if s.live == 0 {
            0.0
        } else if needed > s.live {
            // The live replicas carry only part of the load: the expected share served.
            (s.live as f64 * s.availability / needed as f64).min(1.0)
        } else {
            k_of_n(needed, s.live, s.availability)
        };
        let status = if s.live == 0 {
            ComponentStatus::Failed
        } else if utilisation.is_some_and(|u| u > 1.0) {
            ComponentStatus::Overloaded
        } else if utilisation.is_some_and(|u| u > warning) {
            ComponentStatus::Hot
        } else {
            ComponentStatus::Ok
        };
        components.push(ComponentFigures {
            id: c.id.clone(),
            kind: c.kind,
            load_per_s: load,
            unit: unit_dims.to_string(),
            contributions,
            capacity_per_s: capacity,
            per_replica_per_s: per_replica,
            capacity_origin: s.capacity_origin.clone(),
            utilisation,
            replicas: s.replicas,
            live: s.live,
            needed,
            replica_availability: s.availability,
            availability_origin: s.availability_origin.clone(),
            availability,
            latency_s: s.latency_s,
            latency_origin: s.latency_origin.clone(),
            status,
        });
    }

    // ---------- flows ----------
    let mut flows = Vec::with_capacity(design.flows.len());
    for (f, flow) in design.flows.iter().enumerate() {
        let bypass = bypassable(flow, design);
        let mut steps = Vec::with_capacity(flow.steps.len());
        let mut status = FlowStatus::Ok;
        let mut reasons = Vec::new();
        let mut worst = |s: FlowStatus, why: String, status: &mut FlowStatus| {
            *status = (*status).max(s);
            if !reasons.contains(&why) {
                reasons.push(why);
            }
        };
        // Per component on the synchronous path: the largest share of requests that need it.
        let mut needs: BTreeMap<usize, f64> = BTreeMap::new();
        let mut latency = 0.0;
        let mut async_latency = 0.0;
        let mut async_latency_stated = true;
        let origin = flow_origin(flow, design);
        if let Some(&i) = origin.and_then(|o| index.get(o)) {
            // Every request starts here: it is on the path like any synchronous step.
            let c = &components[i];
            needs.insert(i, 1.0);
            if c.status == ComponentStatus::Failed {
                worst(FlowStatus::Down, format!("`{}` is failed and every request starts there", c.id), &mut status);
            } else {
                if c.status == ComponentStatus::Overloaded {
                    let u = c.utilisation.unwrap_or(0.0) * 100.0;
                    worst(FlowStatus::Degraded, format!("`{}` is at {u:.0}% of its capacity", c.id), &mut status);
                } else if c.live < c.replicas && c.needed > c.live {
                    worst(
                        FlowStatus::Degraded,
                        format!("`{}` needs {} replicas and has {} left", c.id, c.needed, c.live),
                        &mut status,
                    );
                }
            }
        }
        for (j, step) in flow.steps.iter().enumerate() {
            let Some(w) = &walks[f][j] else { continue };
            let Some(&i) = index.get(step.to.as_str()) else { continue };
            let c = &components[i];
            let load = rates[f].as_ref().map_or(0.0, |r| r.base * w.factor);
            let failed = c.status == ComponentStatus::Failed;
            let step_latency =
                if w.is_async || (failed && bypass[j]) { 0.0 } else { w.share * (network_s + c.latency_s) };
            latency += step_latency;
            if w.is_async && !failed {
                async_latency += w.share * (network_s + c.latency_s);
                async_latency_stated &= matches!(c.latency_origin, Origin::Stated(_));
            }
            if !w.is_async && !bypass[j] {
                let need = needs.entry(i).or_insert(0.0);
                *need = need.max(w.share);
            }
            // What this step's component does to the flow.
            let on = if w.is_async { "behind an async step" } else { "on the request path" };
            if failed {
                if w.is_async {
                    worst(FlowStatus::Delayed, format!("`{}` is failed ({on}): its work waits", c.id), &mut status);
                } else if step.optional {
                    worst(
                        FlowStatus::Degraded,
                        format!("`{}` is failed: the flow goes on without it", c.id),
                        &mut status,
                    );
                } else if bypass[j] {
                    // Its misses go on to what it fronts: judged there.
                } else if w.share >= 1.0 {
                    worst(FlowStatus::Down, format!("`{}` is failed and every request needs it", c.id), &mut status);
                } else {
                    worst(
                        FlowStatus::Degraded,
                        format!("`{}` is failed: the {:.3}% of requests that reach it fail", c.id, w.share * 100.0),
                        &mut status,
                    );
                }
            } else if c.status == ComponentStatus::Overloaded {
                let u = c.utilisation.unwrap_or(0.0) * 100.0;
                if w.is_async {
                    worst(
                        FlowStatus::Delayed,
                        format!("`{}` is at {u:.0}% ({on}): a backlog builds", c.id),
                        &mut status,
                    );
                } else {
                    worst(FlowStatus::Degraded, format!("`{}` is at {u:.0}% of its capacity", c.id), &mut status);
                }
            } else if c.live < c.replicas && c.needed > c.live && !w.is_async {
                worst(
                    FlowStatus::Degraded,
                    format!("`{}` needs {} replicas and has {} left", c.id, c.needed, c.live),
                    &mut status,
                );
            }
            steps.push(StepFigures {
                from: step.from.clone(),
                to: step.to.clone(),
                load_per_s: load,
                share: w.share,
                is_async: w.is_async,
                bypassable: bypass[j],
                latency_s: step_latency,
                fan_out: (!w.is_async && multipliers[f][j] > 1.0).then_some(multipliers[f][j]),
            });
        }
        let availability: f64 =
            needs.iter().map(|(&i, &share)| 1.0 - share * (1.0 - components[i].availability)).product();
        flows.push(FlowFigures {
            name: flow.name.clone(),
            serves: flow.serves.clone(),
            rate_per_s: rates[f].as_ref().map_or(0.0, |r| r.base),
            unit: rates[f].as_ref().map_or_else(String::new, |r| r.dims.to_string()),
            availability,
            latency_s: latency,
            status,
            reasons,
            steps,
            origin: origin.map(String::from),
            async_latency_s: async_latency,
            async_latency_stated,
            work_continues_async: parents(flow)
                .iter()
                .any(|p| p.and_then(|p| walks[f][p].as_ref()).is_some_and(|w| w.is_async)),
        });
    }

    let slos = ledger(design, &flows);
    Analysis {
        vintage: vintage.id.clone(),
        utilisation_warning: warning,
        components,
        flows,
        slos,
        failed: failures.specs(),
        problems,
    }
}

/// The words of a text, lowercased, each without a possessive `'s` and a plural `s`: "pastes"
/// is "paste", "rider's" is "rider" (not "ride").
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace("'s", "")
        .replace("’s", "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4)
        .map(|w| if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") { &w[..w.len() - 1] } else { w })
        .map(String::from)
        .collect()
}

/// How a flow is bound to the targets of one kind a requirement states.
enum Binding {
    /// These targets (indices into the requirement's targets) judge the flow.
    To(Vec<usize>),
    /// Several targets, and the flow's name picks none or more than one of them.
    Ambiguous(Vec<usize>),
}

/// Which of a requirement's targets of one kind (`of_kind`, indices into `targets`) judge a
/// flow: those it names in `serves` (`N1.2`); else the only one; else the one clause that
/// shares a word with the flow's name, words every clause has left out; else, when no clause
/// matches and each target is at its own percentile, all of them; else ambiguous.
fn bind(targets: &[Target], of_kind: &[usize], flow: &Flow, requirement: ReqRef) -> Binding {
    let named: Vec<usize> = flow.clauses.iter().filter(|(r, _)| *r == requirement).map(|(_, n)| n - 1).collect();
    if !named.is_empty() {
        return Binding::To(of_kind.iter().copied().filter(|i| named.contains(i)).collect());
    }
    if of_kind.len() == 1 {
        return Binding::To(of_kind.to_vec());
    }
    let clause_words: Vec<Vec<String>> = of_kind.iter().map(|&i| words(&targets[i].clause)).collect();
    let common = |w: &String| clause_words.iter().all(|c| c.contains(w));
    let flow_words: Vec<String> = words(&flow.name).into_iter().filter(|w| !common(w)).collect();
    let matching: Vec<usize> = of_kind
        .iter()
        .zip(&clause_words)
        .filter(|(_, c)| flow_words.iter().any(|w| c.contains(w)))
        .map(|(&i, _)| i)
        .collect();
    if matching.len() == 1 {
        return Binding::To(matching);
    }
    // "p99 < 10 ms and p50 < 2 ms": targets at different percentiles of the same thing.
    let mut percentiles: Vec<Option<&str>> = of_kind.iter().map(|&i| targets[i].percentile.as_deref()).collect();
    percentiles.sort();
    percentiles.dedup();
    if matching.is_empty() && percentiles.len() == of_kind.len() && percentiles.iter().all(Option::is_some) {
        return Binding::To(of_kind.to_vec());
    }
    Binding::Ambiguous(matching)
}

/// Whether a latency clause is about what the caller waits for (the response, the
/// acknowledgement, a redirect's latency), not the work that goes on behind it: it names the
/// response ("latency", "response", "redirect", "returns", "ack", "acknowledge") and says
/// nothing of completion ("within", "visible", "delivered", "reflected", "propagates",
/// "reaches", "fresh", "appears").
fn about_the_response(clause: &str) -> bool {
    let lower = clause.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let names = |stems: &[&str]| words.iter().any(|w| stems.iter().any(|s| w.starts_with(s)));
    let response = words.contains(&"ack") || names(&["acknowledg", "latenc", "respon", "redirect", "return"]);
    let completion = names(&["within", "visib", "deliver", "reflect", "propagat", "reach", "fresh", "appear"]);
    response && !completion
}

fn ledger(design: &Design, flows: &[FlowFigures]) -> Vec<SloEntry> {
    let mut entries = Vec::new();
    for (n, text) in design.requirements.non_functional.iter().enumerate() {
        let requirement = ReqRef { kind: ReqKind::NonFunctional, number: n + 1 };
        let serving: Vec<(&Flow, &FlowFigures)> =
            design.flows.iter().zip(flows).filter(|(_, f)| f.serves.contains(&requirement)).collect();
        let accepted_by = design.deep_dives.iter().position(|d| d.accepts.contains(&requirement)).map(|i| i + 1);
        let blank = SloEntry {
            requirement,
            text: text.clone(),
            kind: None,
            target: None,
            percentile: None,
            flow: None,
            computed: None,
            met: None,
            headroom: None,
            error_budget_per_month_s: None,
            downtime_per_month_s: None,
            note: String::new(),
            computed_is_lower_bound: false,
            accepted_by: None,
        };
        let (targets, unread) = slo::read_all(text);
        for piece in &unread {
            entries.push(SloEntry {
                note: format!(
                    "states a target sdw cannot read: `{piece}` (write e.g. `p99 < 200 ms` or `99.9% available`)"
                ),
                ..blank.clone()
            });
        }
        if targets.is_empty() {
            if unread.is_empty() && slo::read(text) == Stated::Unparsed {
                entries.push(SloEntry {
                    note: "states a latency or availability goal sdw cannot read as a target (write e.g. `p99 < 200 ms` or `99.9% available`)".into(),
                    ..blank
                });
            }
            continue;
        }
        if serving.is_empty() {
            for t in &targets {
                entries.push(SloEntry {
                    kind: Some(t.kind),
                    target: Some(t.value),
                    percentile: t.percentile.clone(),
                    note: format!("no flow serves {requirement}: add it to the `serves` of the flows it judges"),
                    ..blank.clone()
                });
            }
            continue;
        }
        // Kinds in the order the requirement states them.
        let kinds: Vec<SloKind> = targets.iter().map(|t| t.kind).fold(Vec::new(), |mut v, k| {
            if !v.contains(&k) {
                v.push(k);
            }
            v
        });
        for (flow, figures) in &serving {
            for kind in &kinds {
                let of_kind: Vec<usize> = (0..targets.len()).filter(|&i| targets[i].kind == *kind).collect();
                let bound = match bind(&targets, &of_kind, flow, requirement) {
                    Binding::To(bound) => bound,
                    Binding::Ambiguous(matching) => {
                        let which: Vec<String> = if matching.is_empty() { of_kind.clone() } else { matching }
                            .iter()
                            .map(|i| format!("{requirement}.{} `{}`", i + 1, targets[*i].clause))
                            .collect();
                        entries.push(SloEntry {
                            kind: Some(*kind),
                            flow: Some(figures.name.clone()),
                            note: format!(
                                "ambiguous: {requirement} states {} {} targets and the flow's name does not pick one; serve one of {} to say which",
                                of_kind.len(),
                                kind.key(),
                                which.join(", ")
                            ),
                            ..blank.clone()
                        });
                        continue;
                    }
                };
                for i in bound {
                    entries.push(judge(&targets[i], figures, accepted_by, &blank));
                }
            }
        }
    }
    entries
}

/// One target against one flow's figures.
fn judge(t: &Target, flow: &FlowFigures, accepted_by: Option<usize>, blank: &SloEntry) -> SloEntry {
    let mut entry = SloEntry {
        kind: Some(t.kind),
        target: Some(t.value),
        percentile: t.percentile.clone(),
        flow: Some(flow.name.clone()),
        ..blank.clone()
    };
    match t.kind {
        SloKind::Latency => {
            let spans_async = flow.spans_async() && !about_the_response(&t.clause);
            let c = if spans_async { flow.latency_s + flow.async_latency_s } else { flow.latency_s };
            entry.computed = Some(c);
            entry.headroom = Some(1.0 - c / t.value);
            // A median target against a sum of per-call tails: under it is met, over it says nothing.
            let median = t.percentile.as_deref().and_then(|p| p[1..].parse::<f64>().ok()).is_some_and(|p| p < 90.0);
            if !spans_async && median && c > t.value {
                entry.headroom = None;
                entry.note = format!(
                    "not checkable from the design: a {} target against a sum of each step's latency figure (a tail, not a median) is judged only when the sum is under it",
                    t.percentile.as_deref().unwrap_or_default()
                );
            } else if !spans_async {
                entry.met = Some(c <= t.value);
                entry.note = "sum of the synchronous steps' latencies weighted by their shares: an upper bound on the percentile, not the percentile itself".into();
            } else if flow.async_latency_stated {
                entry.met = Some(c <= t.value);
                entry.note = "end to end, through the async steps, each with the latency the design states for it (taken to include the time work waits there)".into();
            } else {
                entry.computed_is_lower_bound = true;
                if c > t.value {
                    entry.met = Some(false);
                    entry.note = "end to end through the async steps, without any wait in a queue: even this lower bound is over the target".into();
                } else {
                    entry.headroom = None;
                    entry.note = format!(
                        "not checkable from the design: the flow's work continues through async steps, and how long it waits there is not stated (a `latency` on each component behind the async hop would say); the synchronous part alone is {:.3} ms, and does not measure this target",
                        flow.latency_s * 1e3
                    );
                }
            }
        }
        SloKind::Availability => {
            let c = flow.availability;
            entry.computed = Some(c);
            entry.met = Some(c >= t.value);
            entry.headroom = Some(if t.value < 1.0 { 1.0 - (1.0 - c) / (1.0 - t.value) } else { 0.0 });
            entry.error_budget_per_month_s = Some((1.0 - t.value) * MONTH_S);
            entry.downtime_per_month_s = Some((1.0 - c) * MONTH_S);
            entry.note = "product over the synchronous path, each component up when enough of its replicas are to carry the load".into();
        }
    }
    if t.kind == SloKind::Latency
        && let Some(step) = flow.steps.iter().find(|s| s.fan_out.is_some())
    {
        entry.note.push_str(&format!(
            "; fan-out: {} -> {} makes {} parallel calls per request and waits for the slowest, so its latency is a lower bound (the p99 of the slowest of N calls is at least the per-call p99, and near its p99.9 or beyond as N grows)",
            step.from,
            step.to,
            crate::estimate::human_count(step.fan_out.unwrap_or(1.0))
        ));
    }
    if entry.met == Some(false)
        && let Some(n) = accepted_by
    {
        entry.accepted_by = Some(n);
        entry.note = format!("missed, accepted: deep dive {n} explains why the design accepts it; {}", entry.note);
    }
    entry
}

/// An SLO line that changed: (requirement, flow, met before, met after).
pub type SloFlip = (ReqRef, Option<String>, Option<bool>, Option<bool>);

/// What changed between the design as written and a what-if.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flips {
    /// (component, before, after)
    pub components: Vec<(String, ComponentStatus, ComponentStatus)>,
    /// (flow, before, after)
    pub flows: Vec<(String, FlowStatus, FlowStatus)>,
    /// (requirement, flow, met before, met after)
    pub slos: Vec<SloFlip>,
}

impl Flips {
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.flows.is_empty() && self.slos.is_empty()
    }
}

/// The statuses and SLOs that differ between `before` and `after`.
pub fn flips(before: &Analysis, after: &Analysis) -> Flips {
    let mut out = Flips::default();
    for c in &after.components {
        if let Some(b) = before.component(&c.id)
            && b.status != c.status
        {
            out.components.push((c.id.clone(), b.status, c.status));
        }
    }
    for f in &after.flows {
        if let Some(b) = before.flow(&f.name)
            && b.status != f.status
        {
            out.flows.push((f.name.clone(), b.status, f.status));
        }
    }
    let key = |s: &SloEntry| (s.requirement, s.flow.clone(), s.kind, s.target.map(f64::to_bits));
    for s in &after.slos {
        if let Some(b) = before.slos.iter().find(|b| key(b) == key(s))
            && b.met != s.met
        {
            out.slos.push((s.requirement, s.flow.clone(), b.met, s.met));
        }
    }
    out
}

#[cfg(test)]
mod tests;
