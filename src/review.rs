//! What a design covers and what it lacks: the checklist the Review phase shows, each item
//! tied to the phase that needs the work.

use crate::estimate::Evaluation;
use crate::model::{ComponentKind, Design, LinkMode, Phase, ReqRef, Tier};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub phase: Phase,
    pub label: String,
    pub passed: bool,
    /// What is missing, or what was found.
    pub detail: String,
}

fn check(phase: Phase, label: &str, missing: Vec<String>, found: String) -> Check {
    let passed = missing.is_empty();
    let detail = if passed { found } else { format!("missing: {}", missing.join(", ")) };
    Check { phase, label: label.to_string(), passed, detail }
}

/// Is a non-functional requirement measurable: a number ("p99 < 200 ms", "99.99%"), or an
/// absolute a test can check ("exactly once", "never", "no duplicates", "strongly
/// consistent")? "Fast" and "reliable" are neither.
pub fn is_measurable(text: &str) -> bool {
    const ABSOLUTES: [&str; 14] = [
        "exactly once",
        "at most",
        "at least",
        "never",
        "zero",
        "no ",
        "every",
        "only",
        "strongly consistent",
        "linear",
        "within",
        "immediately",
        "single",
        "one ",
    ];
    let lower = format!("{} ", text.to_lowercase());
    lower.chars().any(|c| c.is_ascii_digit()) || ABSOLUTES.iter().any(|w| lower.contains(w))
}

/// Words in a rate's name that mark it as reads or as writes.
const READ_WORDS: [&str; 14] = [
    "read", "redirect", "view", "fetch", "get", "lookup", "search", "suggest", "query", "deliver", "download", "feed",
    "timeline", "check",
];
const WRITE_WORDS: [&str; 14] = [
    "write", "upload", "post", "ingest", "create", "send", "insert", "update", "publish", "crawl", "order", "booking",
    "message", "event",
];

/// What kind of figure an evaluated row is, judged by its base unit and its name.
fn row_kinds(evaluation: &Evaluation) -> (bool, bool, bool, bool) {
    let (mut reads, mut writes, mut storage, mut bandwidth) = (false, false, false, false);
    for row in &evaluation.rows {
        let Ok(q) = &row.outcome else { continue };
        let name = row.name.to_lowercase();
        let per_second = q.base_unit.ends_with("/s");
        let information = q.base_unit.starts_with('B') || q.base_unit.starts_with("bit");
        if per_second && !information {
            // The row's name and note say what it counts: `peak_read_qps`, "the write path".
            reads |= mentions(&name, &row.note, &READ_WORDS);
            writes |= mentions(&name, &row.note, &WRITE_WORDS);
        }
        if information && per_second {
            bandwidth = true;
        }
        if q.base_unit == "B" {
            storage = true;
        }
    }
    (reads, writes, storage, bandwidth)
}

/// Reads per second above which one database copy is not enough.
const HEAVY_READS: f64 = 1_000.0;

/// Kinds that must not stand alone on the request path. Clients, DNS, CDNs, object stores and
/// outside services are redundant by nature or not ours to replicate.
fn needs_redundancy(kind: ComponentKind) -> bool {
    use ComponentKind::*;
    matches!(
        kind,
        LoadBalancer
            | ApiGateway
            | RealtimeGateway
            | Service
            | Cache
            | SqlDb
            | NosqlDb
            | SearchIndex
            | GraphDb
            | TimeSeriesDb
    )
}

/// Components a request reaches from the clients (or, without clients, from the edge)
/// through synchronous links: the path whose failure the user sees.
pub fn request_path(design: &Design) -> Vec<usize> {
    let index = |id: &str| design.components.iter().position(|c| c.id == id);
    let mut seen = vec![false; design.components.len()];
    let mut queue: Vec<usize> =
        design.components.iter().enumerate().filter(|(_, c)| c.kind == ComponentKind::Client).map(|(i, _)| i).collect();
    if queue.is_empty() {
        queue =
            design.components.iter().enumerate().filter(|(_, c)| c.kind.tier() == Tier::Edge).map(|(i, _)| i).collect();
    }
    if queue.is_empty() {
        // No way in is drawn: every component may be on the path.
        queue = (0..design.components.len()).collect();
    }
    for &i in &queue {
        seen[i] = true;
    }
    while let Some(i) = queue.pop() {
        for link in design.links.iter().filter(|l| l.mode == LinkMode::Sync && l.from == design.components[i].id) {
            if let Some(j) = index(&link.to)
                && !seen[j]
            {
                seen[j] = true;
                queue.push(j);
            }
        }
    }
    (0..design.components.len()).filter(|i| seen[*i]).collect()
}

/// The highest read rate of the sheet (requests per second), if reads are estimated.
pub fn peak_read_rate(evaluation: &Evaluation) -> Option<f64> {
    evaluation
        .rows
        .iter()
        .filter_map(|row| {
            let q = row.outcome.as_ref().ok()?;
            let counted =
                q.base_unit.ends_with("/s") && !q.base_unit.starts_with('B') && !q.base_unit.starts_with("bit");
            (counted && mentions(&row.name, &row.note, &READ_WORDS)).then_some(q.base_value)
        })
        .fold(None, |max, v| Some(max.map_or(v, |m: f64| m.max(v))))
}

/// Does a row's name or note use one of `vocabulary`'s words (`peak_read_qps`, "the write path")?
fn mentions(name: &str, note: &str, vocabulary: &[&str]) -> bool {
    let text = format!("{} {}", name.to_lowercase(), note.to_lowercase());
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| vocabulary.iter().any(|v| w.starts_with(v)))
}

pub fn checklist(design: &Design, evaluation: &Evaluation) -> Vec<Check> {
    let mut checks = Vec::new();
    let r = &design.requirements;

    checks.push(check(
        Phase::Requirements,
        "Functional requirements are stated",
        if r.functional.is_empty() { vec!["at least one".into()] } else { vec![] },
        format!("{} stated", r.functional.len()),
    ));
    let vague: Vec<String> = r
        .non_functional
        .iter()
        .enumerate()
        .filter(|(_, t)| !is_measurable(t))
        .map(|(i, _)| format!("N{}", i + 1))
        .collect();
    checks.push(check(
        Phase::Requirements,
        "Non-functional requirements are measurable",
        if r.non_functional.is_empty() { vec!["at least one (e.g. p99 < 200 ms, 99.99%)".into()] } else { vague },
        format!("{} measurable", r.non_functional.len()),
    ));

    let (reads, writes, storage, bandwidth) = row_kinds(evaluation);
    let mut gaps = Vec::new();
    for (covered, what) in
        [(reads, "read rate"), (writes, "write rate"), (storage, "storage"), (bandwidth, "bandwidth")]
    {
        if !covered {
            gaps.push(what.to_string());
        }
    }
    checks.push(check(
        Phase::Estimates,
        "Estimates cover reads, writes, storage and bandwidth",
        gaps,
        "all four estimated".into(),
    ));
    let broken: Vec<String> = evaluation
        .rows
        .iter()
        .filter(|row| row.outcome.is_err())
        .map(|row| row.name.clone())
        .chain(evaluation.sheet_errors.iter().cloned())
        .collect();
    // A check about "every X" fails while there is no X yet: an empty design is not a pass.
    let none_yet = |empty: bool, what: &str, found: Vec<String>| if empty { vec![what.to_string()] } else { found };
    checks.push(check(
        Phase::Estimates,
        "Every estimate evaluates",
        none_yet(design.estimates.formulas.is_empty(), "derived figures", broken),
        format!("{} rows", evaluation.rows.len()),
    ));

    let unserved: Vec<String> = (1..=r.functional.len())
        .map(ReqRef::functional)
        .filter(|req| !design.api.iter().any(|e| e.requirement == Some(*req)))
        .map(|req| req.to_string())
        .collect();
    checks.push(check(
        Phase::ApiData,
        "Every functional requirement has an endpoint",
        none_yet(design.api.is_empty(), "endpoints", unserved),
        format!("{} endpoints", design.api.len()),
    ));
    let untied: Vec<String> =
        design.api.iter().filter(|e| e.requirement.is_none()).map(|e| format!("{} {}", e.method, e.path)).collect();
    checks.push(check(
        Phase::ApiData,
        "Every endpoint names the requirement it serves",
        none_yet(design.api.is_empty(), "endpoints", untied),
        "all tied".into(),
    ));
    checks.push(check(
        Phase::ApiData,
        "The data model has entities with fields",
        if design.entities.iter().any(|e| !e.fields.is_empty()) {
            vec![]
        } else {
            vec!["an entity with typed fields".into()]
        },
        format!("{} entities", design.entities.len()),
    ));

    let unserved_nfr: Vec<String> = (1..=r.non_functional.len())
        .map(ReqRef::non_functional)
        .filter(|req| !design.components.iter().any(|c| c.serves.contains(req)))
        .map(|req| req.to_string())
        .collect();
    checks.push(check(
        Phase::HighLevel,
        "Every non-functional requirement is served by a component",
        none_yet(design.components.is_empty(), "components", unserved_nfr),
        "all served".into(),
    ));
    let dangling: Vec<String> = design
        .components
        .iter()
        .filter(|c| !design.links.iter().any(|l| l.from == c.id || l.to == c.id))
        .map(|c| c.id.clone())
        .collect();
    checks.push(check(
        Phase::HighLevel,
        "No component dangles",
        if design.components.is_empty() { vec!["components".into()] } else { dangling },
        format!("{} components, {} links", design.components.len(), design.links.len()),
    ));

    // With flows, the checks judge the analysis: what a failure takes down, how hot the
    // stores run, whether the peak is carried and the targets met. Without, the first
    // heuristics over the request path and the read rate.
    let analysis = (!design.flows.is_empty()).then(|| {
        crate::analysis::analyze(design, evaluation, crate::catalogue::active(), &crate::analysis::Failures::none())
    });
    let single: Vec<String> = match &analysis {
        Some(_) => design
            .components
            .iter()
            // Kinds bought as a service (an object store, a CDN, DNS, a provider) are not one
            // machine that can die: their availability is their SLA, which the SLO ledger counts.
            .filter(|c| needs_redundancy(c.kind))
            .filter_map(|c| {
                let failed = crate::analysis::analyze(
                    design,
                    evaluation,
                    crate::catalogue::active(),
                    &crate::analysis::Failures::one_of(&c.id),
                );
                let down: Vec<&str> = failed
                    .flows
                    .iter()
                    .filter(|f| f.status == crate::analysis::FlowStatus::Down)
                    .map(|f| f.name.as_str())
                    .collect();
                (!down.is_empty()).then(|| format!("{} (losing one instance takes down: {})", c.id, down.join(", ")))
            })
            .collect(),
        None => request_path(design)
            .into_iter()
            .map(|i| &design.components[i])
            .filter(|c| {
                needs_redundancy(c.kind) && c.replicas.as_ref().map_or(1, |r| r.count().unwrap_or(u32::MAX)) < 2
            })
            .map(|c| format!("{} (1 instance)", c.id))
            .collect(),
    };
    checks.push(check(
        Phase::HighLevel,
        "No single point of failure on the request path",
        if design.components.is_empty() { vec!["components".into()] } else { single },
        if analysis.is_some() {
            "losing any one instance takes no synchronous flow down".into()
        } else {
            "every hop has replicas".into()
        },
    ));
    match &analysis {
        Some(a) => {
            // A store past the utilisation warning at peak is the cache's (or read replicas') job.
            let hot: Vec<String> = a
                .components
                .iter()
                .filter(|c| c.kind.is_store())
                .filter_map(|c| {
                    let u = c.utilisation?;
                    (u > a.utilisation_warning).then(|| {
                        format!("a cache or read replicas in front of {} (at {:.0}% at peak)", c.id, u * 100.0)
                    })
                })
                .collect();
            checks.push(check(
                Phase::HighLevel,
                "A cache or read replicas where the read rate calls for them",
                hot,
                format!("every store under {:.0}% at peak", a.utilisation_warning * 100.0),
            ));
        }
        None => {
            let peak_reads = peak_read_rate(evaluation);
            let relieved = design.components.iter().any(|c| {
                matches!(c.kind, ComponentKind::Cache | ComponentKind::Cdn)
                    || (c.kind.is_store() && c.replicas.as_ref().map_or(1, |r| r.count().unwrap_or(u32::MAX)) >= 2)
            });
            checks.push(check(
                Phase::HighLevel,
                "A cache or read replicas where the read rate calls for them",
                match peak_reads {
                    Some(rate) if rate > HEAVY_READS && !relieved => {
                        vec![format!(
                            "a cache, CDN or read replicas for {} reads/s",
                            crate::estimate::human_count(rate)
                        )]
                    }
                    Some(_) => vec![],
                    None => vec!["a read rate in the estimates".into()],
                },
                match peak_reads {
                    Some(rate) if rate > HEAVY_READS => {
                        format!("{} reads/s, relieved", crate::estimate::human_count(rate))
                    }
                    Some(rate) => format!("{} reads/s: one store copes", crate::estimate::human_count(rate)),
                    None => "no read rate estimated".into(),
                },
            ));
        }
    }
    // Judged once the design declares flows: without them there are no loads or targets.
    if let Some(a) = &analysis {
        let mut gaps: Vec<String> = a
            .overloaded()
            .map(|c| {
                let flows: Vec<&str> = c.contributions.iter().map(|x| x.flow.as_str()).collect();
                format!(
                    "capacity for {} (at {:.0}% at peak, from {})",
                    c.id,
                    c.utilisation.unwrap_or(0.0) * 100.0,
                    flows.join(", ")
                )
            })
            .collect();
        gaps.extend(a.missed().map(|s| {
            format!(
                "{} on flow `{}`: {} against the target",
                s.requirement,
                s.flow.as_deref().unwrap_or(""),
                crate::export::capacity::computed_text(s)
            )
        }));
        let met = a.slos.iter().filter(|s| s.met == Some(true)).count();
        checks.push(check(
            Phase::HighLevel,
            "The design carries its peak and meets its targets",
            gaps,
            format!("peak carried, {met} targets met"),
        ));
    }

    let undecided: Vec<String> =
        design.deep_dives.iter().filter(|d| d.decision.trim().is_empty()).map(|d| d.topic.clone()).collect();
    checks.push(check(
        Phase::DeepDives,
        "Deep dives reach decisions",
        if design.deep_dives.is_empty() { vec!["at least one deep dive".into()] } else { undecided },
        format!("{} deep dives", design.deep_dives.len()),
    ));
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Options, evaluate, standard_sheet};
    use crate::model::{Component, ComponentKind, DeepDive, Endpoint};

    #[test]
    fn an_empty_design_passes_nothing() {
        let design = Design::default();
        let checks = checklist(&design, &evaluate(&design.estimates, Options::default()));
        let passed: Vec<&Check> = checks.iter().filter(|c| c.passed).collect();
        assert!(passed.is_empty(), "{passed:#?}");
        assert!(checks.len() >= 12);
    }

    #[test]
    fn measurable_means_a_number_or_a_testable_absolute() {
        assert!(is_measurable("p99 redirect < 100 ms"));
        assert!(is_measurable("99.99% availability"));
        assert!(is_measurable("Each payment is charged exactly once"));
        assert!(is_measurable("No acknowledged write is ever lost"));
        assert!(!is_measurable("The system should be fast"));
        assert!(!is_measurable("Highly available and reliable"));
    }

    #[test]
    fn gaps_are_named() {
        let mut design = Design::default();
        design.requirements.functional = vec!["shorten".into(), "redirect".into()];
        design.requirements.non_functional = vec!["fast".into(), "p99 < 100 ms".into()];
        design.estimates = standard_sheet();
        design.api.push(Endpoint {
            method: "POST".into(),
            path: "/u".into(),
            requirement: Some(ReqRef::functional(1)),
            ..Default::default()
        });
        design.components.push(Component {
            id: "api".into(),
            kind: ComponentKind::Service,
            label: String::new(),
            serves: vec![ReqRef::non_functional(2)],
            replicas: None,
            notes: String::new(),
            ..Default::default()
        });
        design.deep_dives.push(DeepDive { topic: "keys".into(), ..Default::default() });
        let checks = checklist(&design, &evaluate(&design.estimates, Options::default()));
        let detail = |label: &str| checks.iter().find(|c| c.label == label).unwrap().detail.clone();
        assert_eq!(detail("Non-functional requirements are measurable"), "missing: N1");
        assert_eq!(detail("Every functional requirement has an endpoint"), "missing: F2");
        assert_eq!(detail("Every non-functional requirement is served by a component"), "missing: N1");
        assert_eq!(detail("No component dangles"), "missing: api");
        assert_eq!(detail("Deep dives reach decisions"), "missing: keys");
        assert!(checks.iter().find(|c| c.label.starts_with("Estimates cover")).unwrap().passed);
        // The standard sheet peaks at 6.94 K reads/s and the design has no cache.
        assert!(detail("A cache or read replicas where the read rate calls for them").starts_with("missing: a cache"));
        assert_eq!(detail("No single point of failure on the request path"), "missing: api (1 instance)");
    }

    fn url_shortener() -> Design {
        crate::problem::Library::builtin().get("url-shortener").unwrap().problem.reference_design()
    }

    /// The checks that fail: label and detail.
    fn failing(design: &Design) -> Vec<(String, String)> {
        checklist(design, &evaluate(&design.estimates, Options::default()))
            .into_iter()
            .filter(|c| !c.passed)
            .map(|c| (c.label.clone(), c.detail.clone()))
            .collect()
    }

    fn analysis(design: &Design) -> crate::analysis::Analysis {
        let eval = evaluate(&design.estimates, Options::default());
        crate::analysis::analyze(
            design,
            &eval,
            crate::catalogue::Catalogue::embedded(),
            &crate::analysis::Failures::none(),
        )
    }

    const PEAK: &str = "The design carries its peak and meets its targets";
    const CACHE: &str = "A cache or read replicas where the read rate calls for them";
    const SPOF: &str = "No single point of failure on the request path";

    #[test]
    fn the_reference_passes_the_analysis_checks() {
        let failing = failing(&url_shortener());
        for label in [PEAK, CACHE, SPOF] {
            assert!(!failing.iter().any(|(l, _)| l == label), "{label}: {failing:?}");
        }
    }

    #[test]
    fn dropping_the_cache_overloads_the_store_and_fails_exactly_the_capacity_checks() {
        let reference = url_shortener();
        let before = failing(&reference);
        let mut d = reference.clone();
        let cache = d.components.iter().position(|c| c.id == "cache").unwrap();
        d.remove_component(cache);
        // Every redirect now reads the store: 57,870.37 × 2 + 19,097.22 = 134,838 query/s of
        // 91,200, as with a failed cache.
        let db = analysis(&d).component("url_db").cloned().unwrap();
        assert!((db.load_per_s - 134_837.962_962_962_95).abs() < 1e-6, "{}", db.load_per_s);
        let after = failing(&d);
        let new: Vec<&(String, String)> = after.iter().filter(|c| !before.contains(c)).collect();
        let labels: Vec<&str> = new.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, [CACHE, PEAK], "{new:?}");
        assert!(new[0].1.contains("in front of url_db (at 148% at peak)"), "{new:?}");
        assert!(new[1].1.starts_with("missing: capacity for url_db (at 148% at peak"), "{new:?}");
    }

    #[test]
    fn one_database_replica_is_a_single_point_of_failure_and_too_small() {
        let reference = url_shortener();
        let before = failing(&reference);
        let mut d = reference.clone();
        let db = d.components.iter_mut().find(|c| c.id == "url_db").unwrap();
        db.replicas = Some(crate::model::Replicas::Count(1));
        // One node carries 1,600 query/s against a load of 30,671: 1,917%.
        let a = analysis(&d);
        let db = a.component("url_db").unwrap();
        assert_eq!((db.replicas, db.capacity_per_s), (1, Some(1600.0)));
        let after = failing(&d);
        let new: Vec<&str> = after.iter().filter(|c| !before.contains(c)).map(|(l, _)| l.as_str()).collect();
        // A single node also runs the store far past the warning: the cache check fails with it.
        assert_eq!(new, [SPOF, CACHE, PEAK]);
        let spof = &after.iter().find(|(l, _)| l == SPOF).unwrap().1;
        assert_eq!(spof, "missing: url_db (losing one instance takes down: create a link, manage a link)");
    }

    #[test]
    fn an_async_link_made_sync_puts_its_consumer_on_the_request_path() {
        let reference = url_shortener();
        let mut d = reference.clone();
        let link = d.links.iter_mut().find(|l| l.from == "redirect" && l.to == "click_stream").unwrap();
        link.mode = crate::model::LinkMode::Sync;
        let (before, after) = (analysis(&reference), analysis(&d));
        let flow = |a: &crate::analysis::Analysis| a.flow("follow a short link").cloned().unwrap();
        // The redirect now waits for the stream: one more hop, 0.25 ms + the stream's 5 ms.
        assert!((flow(&after).latency_s - flow(&before).latency_s - 0.005_25).abs() < 1e-12);
        // ... and depends on it: its availability is multiplied by the stream's (1 of 3 at 99.5%).
        let stream = after.component("click_stream").unwrap().availability;
        assert!((flow(&after).availability - flow(&before).availability * stream).abs() < 1e-12);
        // The aggregator stays behind its own async link; no other figure moves.
        assert_eq!(before.components, after.components);
        assert_eq!(failing(&reference), failing(&d));
    }
}
