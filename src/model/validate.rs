//! Checks a design's cross-references once it has parsed: every link, endpoint, component and
//! relation must point at something that exists. All problems are reported, not just the first.

use std::collections::HashSet;

use super::{Design, Replicas, ReqKind, ReqRef};

/// One step of a path into the file, e.g. `links`, `3`, `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// A problem found in a design, with the path of the offending key so the caller can point at
/// its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub path: Vec<PathSeg>,
    pub message: String,
}

impl Issue {
    fn at(path: &[PathSeg], message: impl Into<String>) -> Issue {
        Issue { path: path.to_vec(), message: message.into() }
    }

    /// The path written the way TOML readers think of it: `links[3].to`.
    pub fn dotted_path(&self) -> String {
        dotted(&self.path)
    }
}

pub fn dotted(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn key(k: &str) -> PathSeg {
    PathSeg::Key(k.to_string())
}

/// Is `s` usable as a component id: lowercase ASCII letters, digits, `_` and `-`, starting
/// with a letter.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Is `s` usable as an estimate row name (a numbat identifier without surprises).
pub fn is_valid_row_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Longest list a design may hold (requirements, endpoints, components, links, ...): far
/// beyond any real design, small enough that checking and drawing it stays instant.
pub const MAX_LIST_LEN: usize = 5_000;
/// Most rows (inputs and formulas together), and most extra units, an estimate sheet may hold:
/// numbat's cost per row or unit grows with those before it.
pub const MAX_SHEET_ROWS: usize = 300;

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "WS", "GRPC", "SSE"];

/// Every cross-reference problem in `design`, in file order. `base` is prefixed to each path
/// (problem files keep their design under `reference`).
pub fn validate(design: &Design, base: &[PathSeg]) -> Vec<Issue> {
    let mut issues = Vec::new();
    let p = |rest: &[PathSeg]| -> Vec<PathSeg> { base.iter().cloned().chain(rest.iter().cloned()).collect() };

    // Sizes first: past a limit, the per-item checks below would only repeat themselves.
    let lists: [(&[&str], usize); 10] = [
        (&["requirements", "functional"], design.requirements.functional.len()),
        (&["requirements", "non_functional"], design.requirements.non_functional.len()),
        (&["requirements", "out_of_scope"], design.requirements.out_of_scope.len()),
        (&["api"], design.api.len()),
        (&["entities"], design.entities.len()),
        (&["components"], design.components.len()),
        (&["links"], design.links.len()),
        (&["flows"], design.flows.len()),
        (&["deep_dives"], design.deep_dives.len()),
        (&["open_questions"], design.open_questions.len()),
    ];
    for (keys, len) in lists {
        if len > MAX_LIST_LEN {
            let path: Vec<PathSeg> = keys.iter().map(|k| key(k)).collect();
            issues.push(Issue::at(
                &p(&path),
                format!("`{}` has {len} entries; the limit is {MAX_LIST_LEN}", keys.join(".")),
            ));
        }
    }
    if design.estimates.units.len() > MAX_SHEET_ROWS {
        issues.push(Issue::at(
            &p(&[key("estimates"), key("units")]),
            format!("the sheet declares {} units; the limit is {MAX_SHEET_ROWS}", design.estimates.units.len()),
        ));
    }
    if design.estimates.len() > MAX_SHEET_ROWS {
        issues.push(Issue::at(
            &p(&[key("estimates")]),
            format!("the estimate sheet has {} rows; the limit is {MAX_SHEET_ROWS}", design.estimates.len()),
        ));
    }
    if let Some(score) = design.practice.as_ref().and_then(|practice| practice.finished_score)
        && score > 100
    {
        issues.push(Issue::at(
            &p(&[key("practice"), key("finished_score")]),
            format!("a finished attempt scores out of 100, not {score}"),
        ));
    }
    if !issues.is_empty() {
        return issues;
    }

    let check_req = |who: &str, r: ReqRef, path: &[PathSeg], issues: &mut Vec<Issue>| {
        if design.requirement(r).is_none() {
            let count = match r.kind {
                ReqKind::Functional => design.requirements.functional.len(),
                ReqKind::NonFunctional => design.requirements.non_functional.len(),
            };
            let kind = r.kind.describe();
            let there = match count {
                0 => format!("there are no {kind} requirements"),
                1 => format!("there is only 1 {kind} requirement"),
                n => format!("there are only {n} {kind} requirements"),
            };
            issues.push(Issue::at(path, format!("{who} serves {r}, but {there}")));
        }
    };

    // Estimates: row names must be usable identifiers and unique.
    let mut row_names = HashSet::new();
    for (i, input) in design.estimates.inputs.iter().enumerate() {
        check_row_name(
            &input.name,
            &p(&[key("estimates"), key("input"), PathSeg::Index(i), key("name")]),
            &mut row_names,
            &mut issues,
        );
    }
    for (i, formula) in design.estimates.formulas.iter().enumerate() {
        check_row_name(
            &formula.name,
            &p(&[key("estimates"), key("formula"), PathSeg::Index(i), key("name")]),
            &mut row_names,
            &mut issues,
        );
    }
    for (i, unit) in design.estimates.units.iter().enumerate() {
        if !is_valid_row_name(unit) || unit.starts_with('_') {
            issues.push(Issue::at(
                &p(&[key("estimates"), key("units"), PathSeg::Index(i)]),
                format!("unit name `{unit}` must be one word of letters, digits and _"),
            ));
        }
    }

    // API: each endpoint names a method and the functional requirement it serves.
    for (i, endpoint) in design.api.iter().enumerate() {
        let here = p(&[key("api"), PathSeg::Index(i)]);
        if !METHODS.contains(&endpoint.method.to_ascii_uppercase().as_str()) {
            let mut path = here.clone();
            path.push(key("method"));
            issues.push(Issue::at(
                &path,
                format!("unknown method `{}` (use one of {})", endpoint.method, METHODS.join(", ")),
            ));
        }
        if endpoint.path.trim().is_empty() {
            let mut path = here.clone();
            path.push(key("path"));
            issues.push(Issue::at(&path, "endpoint path is empty"));
        }
        if let Some(r) = endpoint.requirement {
            let mut path = here.clone();
            path.push(key("requirement"));
            if r.kind != ReqKind::Functional {
                issues.push(Issue::at(
                    &path,
                    format!("an endpoint serves a functional requirement (F1, F2, ...), not {r}"),
                ));
            } else {
                check_req(&format!("endpoint {} {}", endpoint.method, endpoint.path), r, &path, &mut issues);
            }
        }
    }

    // Data model: unique entity names, relations to entities that exist.
    let mut entity_names = HashSet::new();
    for (i, entity) in design.entities.iter().enumerate() {
        let here = p(&[key("entities"), PathSeg::Index(i)]);
        if entity.name.trim().is_empty() {
            issues.push(Issue::at(&[here.clone(), vec![key("name")]].concat(), "entity name is empty"));
        } else if !entity_names.insert(entity.name.as_str()) {
            issues.push(Issue::at(
                &[here.clone(), vec![key("name")]].concat(),
                format!("entity `{}` is defined twice", entity.name),
            ));
        }
        let mut field_names = HashSet::new();
        for (j, field) in entity.fields.iter().enumerate() {
            if !field_names.insert(field.name.as_str()) {
                issues.push(Issue::at(
                    &[here.clone(), vec![key("fields"), PathSeg::Index(j)]].concat(),
                    format!("field `{}` appears twice in entity `{}`", field.name, entity.name),
                ));
            }
        }
    }
    for (i, entity) in design.entities.iter().enumerate() {
        for (j, relation) in entity.relations.iter().enumerate() {
            if !entity_names.contains(relation.to.as_str()) {
                issues.push(Issue::at(
                    &p(&[key("entities"), PathSeg::Index(i), key("relations"), PathSeg::Index(j), key("to")]),
                    format!("relation to `{}`, but there is no entity of that name", relation.to),
                ));
            }
        }
    }

    // Components: valid, unique ids; the requirements they serve exist.
    let mut ids = HashSet::new();
    for (i, component) in design.components.iter().enumerate() {
        let here = p(&[key("components"), PathSeg::Index(i)]);
        let id_path = [here.clone(), vec![key("id")]].concat();
        if !is_valid_id(&component.id) {
            issues.push(Issue::at(
                &id_path,
                format!(
                    "component id `{}` must start with a lowercase letter and use only a-z, 0-9, _ and -",
                    component.id
                ),
            ));
        } else if !ids.insert(component.id.as_str()) {
            issues.push(Issue::at(&id_path, format!("component id `{}` is used twice", component.id)));
        }
        for (j, r) in component.serves.iter().enumerate() {
            check_req(
                &format!("component `{}`", component.id),
                *r,
                &[here.clone(), vec![key("serves"), PathSeg::Index(j)]].concat(),
                &mut issues,
            );
        }
        if let Some(Replicas::Row(row)) = &component.replicas
            && !row_names.contains(row.as_str())
        {
            issues.push(Issue::at(
                &[here.clone(), vec![key("replicas")]].concat(),
                format!("replicas `{row}` is not a row of the estimate sheet"),
            ));
        }
    }

    // Links: both ends exist; a rate names an estimate row.
    let all_ids: HashSet<&str> = design.components.iter().map(|c| c.id.as_str()).collect();
    for (i, link) in design.links.iter().enumerate() {
        let here = p(&[key("links"), PathSeg::Index(i)]);
        for (end, id) in [("from", &link.from), ("to", &link.to)] {
            if !all_ids.contains(id.as_str()) {
                issues.push(Issue::at(
                    &[here.clone(), vec![key(end)]].concat(),
                    format!("link {end} `{id}`, but there is no component with that id"),
                ));
            }
        }
        if link.from == link.to && all_ids.contains(link.from.as_str()) {
            issues.push(Issue::at(&here, format!("link from `{}` to itself", link.from)));
        }
        if let Some(rate) = &link.rate
            && !row_names.contains(rate.as_str())
        {
            issues.push(Issue::at(
                &[here.clone(), vec![key("rate")]].concat(),
                format!("rate `{rate}` is not a row of the estimate sheet"),
            ));
        }
    }

    // Flows: each a distinct name, a rate row, and steps along links that exist.
    let mut flow_names = HashSet::new();
    for (i, flow) in design.flows.iter().enumerate() {
        let here = p(&[key("flows"), PathSeg::Index(i)]);
        let at = |rest: &[PathSeg]| -> Vec<PathSeg> { here.iter().cloned().chain(rest.iter().cloned()).collect() };
        if flow.name.trim().is_empty() {
            issues.push(Issue::at(&at(&[key("name")]), "flow name is empty"));
        } else if !flow_names.insert(flow.name.as_str()) {
            issues.push(Issue::at(&at(&[key("name")]), format!("flow `{}` is defined twice", flow.name)));
        }
        for (j, r) in flow.serves.iter().enumerate() {
            check_req(&format!("flow `{}`", flow.name), *r, &at(&[key("serves"), PathSeg::Index(j)]), &mut issues);
        }
        if flow.rate.trim().is_empty() {
            issues.push(Issue::at(
                &at(&[key("name")]),
                format!("flow `{}` has no rate: name the estimate row of its requests per second", flow.name),
            ));
        } else if !row_names.contains(flow.rate.as_str()) {
            issues.push(Issue::at(
                &at(&[key("rate")]),
                format!("rate `{}` is not a row of the estimate sheet", flow.rate),
            ));
        }
        if flow.steps.is_empty() {
            issues.push(Issue::at(&at(&[key("name")]), format!("flow `{}` has no steps", flow.name)));
        }
        for (j, step) in flow.steps.iter().enumerate() {
            let step_path = at(&[key("steps"), PathSeg::Index(j)]);
            if design.link(&step.from, &step.to).is_none() {
                let why = if !all_ids.contains(step.from.as_str()) {
                    format!("there is no component `{}`", step.from)
                } else if !all_ids.contains(step.to.as_str()) {
                    format!("there is no component `{}`", step.to)
                } else if design.link(&step.to, &step.from).is_some() {
                    format!("the link goes the other way, {} -> {}", step.to, step.from)
                } else {
                    "the design has no such link".to_string()
                };
                issues.push(Issue::at(&step_path, format!("step {} -> {}: {why}", step.from, step.to)));
            }
            if j > 0 && !flow.steps[..j].iter().any(|s| s.to == step.from || s.from == step.from) {
                issues.push(Issue::at(
                    &step_path,
                    format!("step {} -> {}: no earlier step of the flow reaches `{}`", step.from, step.to, step.from),
                ));
            }
            if let Some(cache) = &step.miss {
                let fronted = flow.steps[..j].iter().any(|s| &s.to == cache);
                match design.component(cache) {
                    None => issues.push(Issue::at(&step_path, format!("miss `{cache}`: there is no such component"))),
                    Some(c) if !matches!(c.kind, super::ComponentKind::Cache | super::ComponentKind::Cdn) => {
                        issues.push(Issue::at(
                            &step_path,
                            format!(
                                "miss `{cache}`: `{cache}` is a {}, and only a cache or a CDN has misses that go on to what it fronts",
                                c.kind.key()
                            ),
                        ))
                    }
                    Some(_) if !fronted => issues.push(Issue::at(
                        &step_path,
                        format!("miss `{cache}`: no earlier step of the flow calls `{cache}`"),
                    )),
                    Some(_) => {}
                }
                if step.share.is_none() {
                    issues.push(Issue::at(
                        &step_path,
                        format!("miss `{cache}` needs the share of requests that miss, e.g. `if 1 - hit_rate`"),
                    ));
                }
            }
        }
    }

    for (i, dive) in design.deep_dives.iter().enumerate() {
        if dive.topic.trim().is_empty() {
            issues
                .push(Issue::at(&p(&[key("deep_dives"), PathSeg::Index(i), key("topic")]), "deep dive topic is empty"));
        }
    }
    issues
}

fn check_row_name<'a>(name: &'a str, path: &[PathSeg], seen: &mut HashSet<&'a str>, issues: &mut Vec<Issue>) {
    if !is_valid_row_name(name) {
        issues.push(Issue::at(
            path,
            format!("row name `{name}` must be one word of ASCII letters, digits and _ (not starting with a digit)"),
        ));
    } else if !seen.insert(name) {
        issues.push(Issue::at(path, format!("row `{name}` is defined twice")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentKind, Endpoint, Link};

    fn component(id: &str) -> Component {
        Component {
            id: id.into(),
            kind: ComponentKind::Service,
            label: String::new(),
            serves: vec![],
            replicas: None,
            notes: String::new(),
            ..Default::default()
        }
    }

    #[test]
    fn reports_every_dangling_reference() {
        let mut d = Design::default();
        d.requirements.functional = vec!["shorten".into(); 5];
        d.components = vec![component("api"), component("api"), component("Bad Id")];
        d.links = vec![Link { from: "api".into(), to: "db".into(), ..Default::default() }];
        d.api = vec![Endpoint {
            method: "POST".into(),
            path: "/x".into(),
            requirement: Some(ReqRef::functional(7)),
            ..Default::default()
        }];
        let issues = validate(&d, &[]);
        let messages: Vec<String> = issues.iter().map(|i| format!("{}: {}", i.dotted_path(), i.message)).collect();
        assert_eq!(
            messages,
            [
                "api[0].requirement: endpoint POST /x serves F7, but there are only 5 functional requirements",
                "components[1].id: component id `api` is used twice",
                "components[2].id: component id `Bad Id` must start with a lowercase letter and use only a-z, 0-9, _ and -",
                "links[0].to: link to `db`, but there is no component with that id",
            ]
        );
    }

    #[test]
    fn a_consistent_design_has_no_issues() {
        let mut d = Design::default();
        d.requirements.functional = vec!["a".into()];
        d.components = vec![component("a"), component("b")];
        d.links = vec![Link { from: "a".into(), to: "b".into(), ..Default::default() }];
        assert!(validate(&d, &[]).is_empty());
    }
}
