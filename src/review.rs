//! What a design covers and what it lacks: the checklist the Review phase shows, each item
//! tied to the phase that needs the work.

use crate::estimate::Evaluation;
use crate::model::{Design, Phase, ReqRef};

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
            let text = format!("{name} {}", row.note.to_lowercase());
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            let mentions = |vocabulary: &[&str]| words.iter().any(|w| vocabulary.iter().any(|v| w.starts_with(v)));
            reads |= mentions(&READ_WORDS);
            writes |= mentions(&WRITE_WORDS);
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
        format!("{} quantified", r.non_functional.len()),
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
    checks.push(check(Phase::Estimates, "Every estimate evaluates", broken, format!("{} rows", evaluation.rows.len())));

    let unserved: Vec<String> = (1..=r.functional.len())
        .map(ReqRef::functional)
        .filter(|req| !design.api.iter().any(|e| e.requirement == Some(*req)))
        .map(|req| req.to_string())
        .collect();
    checks.push(check(
        Phase::ApiData,
        "Every functional requirement has an endpoint",
        unserved,
        format!("{} endpoints", design.api.len()),
    ));
    let untied: Vec<String> =
        design.api.iter().filter(|e| e.requirement.is_none()).map(|e| format!("{} {}", e.method, e.path)).collect();
    checks.push(check(Phase::ApiData, "Every endpoint names the requirement it serves", untied, "all tied".into()));
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
        unserved_nfr,
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
    fn an_empty_design_fails_the_substantive_checks() {
        let design = Design::default();
        let checks = checklist(&design, &evaluate(&design.estimates, Options::default()));
        let failed: Vec<&str> = checks.iter().filter(|c| !c.passed).map(|c| c.label.as_str()).collect();
        assert_eq!(
            failed,
            [
                "Functional requirements are stated",
                "Non-functional requirements are measurable",
                "Estimates cover reads, writes, storage and bandwidth",
                "The data model has entities with fields",
                "No component dangles",
                "Deep dives reach decisions",
            ]
        );
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
    }
}
