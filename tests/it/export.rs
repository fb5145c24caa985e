//! `sdw export`: snapshots of every canned problem's document and diagrams, a structural
//! check of the Mermaid that hostile designs produce, and the command line.
//!
//! A new problem file gets its snapshots the first time these tests run with
//! `INSTA_UPDATE=always`; review the new `.snap` files and commit them with the problem.

use std::collections::BTreeMap;

use proptest::prelude::*;
use sdw::export::{Exporter, Format};
use sdw::model::{
    Cardinality, Component, ComponentKind, DeepDive, Design, Endpoint, Entity, Field, Formula, Input, Link, LinkMode,
    Relation,
};
use sdw::problem::Library;

use crate::{sdw, stderr, stdout};

// ---------- snapshots ----------

#[test]
fn every_canned_problem_exports_to_a_reviewed_document() {
    let library = Library::builtin();
    assert!(library.errors.is_empty(), "{:?}", library.errors);
    for entry in library.entries() {
        let problem = &entry.problem;
        let design = problem.reference_design();
        let exporter = Exporter::builtin();
        let markdown = exporter.render(&design, Some(problem), Format::Markdown).unwrap();
        let mermaid = exporter.render(&design, Some(problem), Format::Mermaid).unwrap();
        if let Err(e) = check_markdown(&markdown) {
            panic!("{}: {e}", problem.id);
        }
        for (name, block) in mermaid_blocks(&mermaid) {
            if let Err(e) = check_mermaid(&block) {
                panic!("{} {name}: {e}\n{block}", problem.id);
            }
        }
        // Every problem has a component graph and a data model, so it draws them, and the
        // two key flows when its API has both kinds of endpoint.
        assert!(mermaid.contains("%% sdw:architecture\nflowchart LR"), "{}", problem.id);
        assert!(mermaid.contains("%% sdw:erd\nerDiagram"), "{}", problem.id);
        if design.flows.is_empty() {
            assert!(mermaid.contains("%% sdw:flow-write\nsequenceDiagram"), "{}: no write path", problem.id);
            assert!(mermaid.contains("%% sdw:flow-read\nsequenceDiagram"), "{}: no read path", problem.id);
        } else {
            // Declared flows: one sequence diagram each.
            assert_eq!(mermaid.matches("sequenceDiagram").count(), design.flows.len(), "{}", problem.id);
        }
        insta::assert_snapshot!(format!("markdown-{}", problem.id), markdown);
        insta::assert_snapshot!(format!("mermaid-{}", problem.id), mermaid);
    }
}

// ---------- a structural check of the Mermaid sdw writes ----------

/// `(name, source)` of each block of `sdw export --format mermaid`.
pub(crate) fn mermaid_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in text.lines() {
        match (&mut current, line) {
            (None, "```mermaid") => current = Some((String::new(), Vec::new())),
            (Some((name, _)), l) if name.is_empty() && l.starts_with("%% sdw:") => {
                *name = l["%% sdw:".len()..].to_string();
            }
            (Some(_), "```") => {
                let (name, lines) = current.take().unwrap();
                blocks.push((name, lines.join("\n")));
            }
            (Some((_, lines)), l) => lines.push(l),
            (None, "") => {}
            (None, other) => panic!("text outside a block: {other:?}"),
        }
    }
    assert!(current.is_none(), "an unclosed block");
    blocks
}

/// Text Mermaid cannot misread: no character its lexers treat as syntax, every `#` the start
/// of an entity code (`#quot;`, `#35;`) and every `;` the end of one, one line, not empty,
/// and short.
fn check_text(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("empty text".into());
    }
    if let Some(c) =
        text.chars().find(|c| "\"<>|`%$\\:¶ﬂ".contains(*c) || c.is_control() || *c == '\u{2028}' || *c == '\u{2029}')
    {
        return Err(format!("raw {c:?} in {text:?}"));
    }
    let mut decoded = 0;
    let mut rest = text;
    while let Some(i) = rest.find(['#', ';']) {
        decoded += rest[..i].chars().count();
        if rest[i..].starts_with(';') {
            return Err(format!("raw ; in {text:?}"));
        }
        let tail = &rest[i + 1..];
        let end = tail.find(';').ok_or_else(|| format!("unterminated entity in {text:?}"))?;
        if end == 0 || !tail[..end].chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("raw # in {text:?}"));
        }
        decoded += 1;
        rest = &tail[end + 1..];
    }
    decoded += rest.chars().count();
    if decoded > 80 {
        return Err(format!("{decoded} characters is too long: {text:?}"));
    }
    Ok(())
}

/// `"text"` with checked text inside.
fn check_quoted(quoted: &str) -> Result<(), String> {
    let inner =
        quoted.strip_prefix('"').and_then(|q| q.strip_suffix('"')).ok_or_else(|| format!("not quoted: {quoted:?}"))?;
    check_text(inner)
}

fn is_id(s: &str, prefix: char) -> bool {
    s.strip_prefix(prefix).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

pub(crate) fn check_mermaid(source: &str) -> Result<(), String> {
    let mut lines = source.lines();
    match lines.next() {
        Some("flowchart LR") => check_flowchart(lines),
        Some("sequenceDiagram") => check_sequence(lines),
        Some("erDiagram") => check_erd(lines),
        other => Err(format!("unknown diagram header {other:?}")),
    }
}

const SHAPES: [(&str, &str); 11] = [
    ("[(", ")]"),
    ("([", "])"),
    ("[[", "]]"),
    ("{{", "}}"),
    ("[/", "\\]"),
    ("[/", "/]"),
    ("[\\", "/]"),
    ("[\\", "\\]"),
    (">", "]"),
    ("[", "]"),
    ("(", ")"),
];

fn check_flowchart<'a>(lines: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut ids = Vec::<String>::new();
    let mut depth = 0;
    for line in lines {
        let err = |why: &str| Err(format!("{why}: {line:?}"));
        if let Some(rest) = line.strip_prefix("  subgraph ") {
            let (id, title) = rest.split_once(' ').ok_or("subgraph without a title")?;
            if depth != 0 || !id.starts_with("tier_") || !id[5..].chars().all(|c| c.is_ascii_lowercase()) {
                return err("bad subgraph");
            }
            let title = title.strip_prefix('[').and_then(|t| t.strip_suffix(']')).ok_or("subgraph title")?;
            check_quoted(title)?;
            depth += 1;
        } else if line == "  end" {
            if depth != 1 {
                return err("unbalanced end");
            }
            depth -= 1;
        } else if let Some(node) = line.strip_prefix("    ") {
            if depth != 1 {
                return err("node outside a subgraph");
            }
            let digits = node[1..].chars().take_while(char::is_ascii_digit).count();
            let (id, shape) = node.split_at(1 + digits);
            if !is_id(id, 'c') || ids.iter().any(|i| i == id) {
                return err("bad or repeated node id");
            }
            let ok = SHAPES.iter().any(|(open, close)| {
                shape
                    .strip_prefix(open)
                    .and_then(|s| s.strip_suffix(close))
                    .is_some_and(|label| check_quoted(label).is_ok())
            });
            if !ok {
                return err("bad node shape or label");
            }
            ids.push(id.to_string());
        } else if let Some(edge) = line.strip_prefix("  ") {
            let parts: Vec<&str> = edge.splitn(2, ' ').collect();
            let (from, rest) = (parts[0], parts.get(1).copied().unwrap_or(""));
            let (arrow, rest) = rest.rsplit_once(' ').ok_or("edge without a target")?;
            let (arrow, label) = match arrow.split_once('|') {
                Some((a, l)) => (a, Some(l.strip_suffix('|').ok_or("edge label not closed")?)),
                None => (arrow, None),
            };
            if !matches!(arrow, "-->" | "-.->") {
                return err("bad arrow");
            }
            if let Some(label) = label {
                check_quoted(label)?;
            }
            for id in [from, rest] {
                if !ids.iter().any(|i| i == id) {
                    return err("edge to an undeclared node");
                }
            }
        } else {
            return err("unexpected line");
        }
    }
    if depth != 0 {
        return Err("unclosed subgraph".into());
    }
    Ok(())
}

fn check_sequence<'a>(lines: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut active = BTreeMap::<String, i32>::new();
    let mut messages = 0;
    let mut blocks = 0usize;
    for line in lines {
        let err = |why: &str| Err(format!("{why}: {line:?}"));
        let body = line.strip_prefix("  ").ok_or("not indented")?;
        // A conditional step's block: `opt TEXT` ... `end`, balanced.
        if let Some(text) = body.strip_prefix("opt ") {
            check_text(text)?;
            blocks += 1;
            continue;
        }
        if body == "end" {
            if blocks == 0 {
                return err("an end without a block");
            }
            blocks -= 1;
            continue;
        }
        if let Some(rest) = body.strip_prefix("actor ").or_else(|| body.strip_prefix("participant ")) {
            let (id, name) = rest.split_once(" as ").ok_or("participant without a name")?;
            if !is_id(id, 'c') || active.contains_key(id) || messages > 0 {
                return err("bad participant");
            }
            check_text(name)?;
            active.insert(id.to_string(), 0);
            continue;
        }
        let (head, text) = body.split_once(": ").ok_or("message without text")?;
        check_text(text)?;
        let from_len = 1 + head[1..].chars().take_while(char::is_ascii_digit).count();
        let (from, rest) = head.split_at(from_len);
        let (arrow, to) =
            ["->>+", "-->>-", "-)"].iter().find_map(|a| rest.strip_prefix(a).map(|to| (*a, to))).ok_or("bad arrow")?;
        if !active.contains_key(from) || !active.contains_key(to) {
            return err("message between undeclared participants");
        }
        match arrow {
            "->>+" => *active.get_mut(to).unwrap() += 1,
            "-->>-" => {
                let count = active.get_mut(from).unwrap();
                if *count == 0 {
                    return err("deactivating an inactive participant");
                }
                *count -= 1;
            }
            _ => {}
        }
        messages += 1;
    }
    if messages == 0 {
        return Err("a sequence without messages".into());
    }
    if blocks != 0 {
        return Err("an opt block left open".into());
    }
    if let Some((id, _)) = active.iter().find(|(_, n)| **n != 0) {
        return Err(format!("{id} is left active"));
    }
    Ok(())
}

fn is_erd_word(word: &str) -> bool {
    let word = word.strip_suffix("[]").unwrap_or(word);
    let mut chars = word.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(word.to_ascii_uppercase().as_str(), "PK" | "FK" | "UK")
}

fn check_erd<'a>(lines: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut ids = Vec::<String>::new();
    let mut in_block = false;
    for line in lines {
        let err = |why: &str| Err(format!("{why}: {line:?}"));
        if in_block {
            if line == "  }" {
                in_block = false;
                continue;
            }
            let attr = line.strip_prefix("    ").ok_or("attribute not indented")?;
            let (words, comment) = match attr.find(" \"") {
                Some(i) => (&attr[..i], Some(&attr[i + 1..])),
                None => (attr, None),
            };
            let mut parts = words.splitn(3, ' ');
            let (ty, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            if !is_erd_word(ty) || !is_erd_word(name) || name.ends_with("[]") {
                return err("attribute type and name must be identifiers");
            }
            if let Some(keys) = parts.next()
                && !keys.split(", ").all(|k| matches!(k, "PK" | "FK" | "UK"))
            {
                return err("bad keys");
            }
            if let Some(comment) = comment {
                check_quoted(comment)?;
            }
        } else if let Some(entity) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(" {")) {
            let (id, label) = entity.split_once('[').ok_or("entity without a name")?;
            if !is_id(id, 'e') || ids.iter().any(|i| i == id) {
                return err("bad entity id");
            }
            check_quoted(label.strip_suffix(']').ok_or("entity name not closed")?)?;
            ids.push(id.to_string());
            in_block = true;
        } else {
            let rel = line.strip_prefix("  ").ok_or("not indented")?;
            let (left, label) = rel.split_once(" : ").ok_or("relation without a label")?;
            check_quoted(label)?;
            let parts: Vec<&str> = left.split(' ').collect();
            if parts.len() != 3 || !matches!(parts[1], "||--||" | "||--o{" | "}o--||" | "}o--o{") {
                return err("bad relation");
            }
            if !ids.iter().any(|i| i == parts[0]) || !ids.iter().any(|i| i == parts[2]) {
                return err("relation to an undeclared entity");
            }
        }
    }
    if in_block {
        return Err("unclosed entity".into());
    }
    Ok(())
}

/// The cells of a table row, split as GitHub splits them: `\` escapes the next character.
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut chars = row.trim().chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => count += 1,
            _ => {}
        }
    }
    count - 1
}

/// Fenced blocks close, tables keep their column count, and every Mermaid block checks.
pub(crate) fn check_markdown(text: &str) -> Result<(), String> {
    let mut fence: Option<(String, Vec<&str>)> = None;
    let mut table: Option<usize> = None;
    for line in text.lines() {
        if let Some((open, body)) = &mut fence {
            if line == open.as_str() {
                if body.first() == Some(&"mermaid") {
                    check_mermaid(&body[1..].join("\n"))?;
                }
                fence = None;
            } else {
                body.push(line);
            }
            continue;
        }
        if line.starts_with("```") {
            let ticks = line.chars().take_while(|c| *c == '`').count();
            let info = &line[ticks..];
            fence = Some(("`".repeat(ticks), vec![info]));
            table = None;
            continue;
        }
        if line.starts_with('|') {
            let n = cells(line);
            match table {
                None => table = Some(n),
                Some(m) if m != n => return Err(format!("a row of {n} cells in a table of {m}: {line:?}")),
                _ => {}
            }
        } else {
            table = None;
        }
    }
    if fence.is_some() {
        return Err("an unclosed code block".into());
    }
    Ok(())
}

// ---------- hostile designs ----------

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("end".to_string()),
        Just("graph".to_string()),
        Just("subgraph".to_string()),
        Just("class".to_string()),
        Just("style".to_string()),
        Just("classDef".to_string()),
        Just("click".to_string()),
        Just("participant".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just(";".to_string()),
        Just("#".to_string()),
        Just("#35;".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("|".to_string()),
        Just("\\|".to_string()),
        Just("`".to_string()),
        Just("```".to_string()),
        Just(":".to_string()),
        Just("wrap:".to_string()),
        Just("%%".to_string()),
        Just("%%{init: {}}%%".to_string()),
        Just("$$x$$".to_string()),
        Just("-->".to_string()),
        Just("[]{}()".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("\u{2028}".to_string()),
        Just("\\".to_string()),
        Just("¶ß".to_string()),
        Just("ﬂ°".to_string()),
        Just("日本語".to_string()),
        Just("é".to_string()),
        Just("🙂".to_string()),
        Just("\u{200b}".to_string()),
        Just(" ".to_string()),
        Just("x".repeat(120)),
        "[a-zA-Z0-9 _/.-]{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn kind() -> impl Strategy<Value = ComponentKind> {
    prop::sample::select(ComponentKind::ALL.to_vec())
}

fn field() -> impl Strategy<Value = Field> {
    (hostile_text(), hostile_text(), any::<[bool; 4]>()).prop_map(|(name, ty, [optional, pk, fk, uk])| Field {
        name,
        ty,
        optional,
        primary_key: pk,
        foreign_key: fk,
        unique: uk,
    })
}

fn design() -> impl Strategy<Value = Design> {
    let components = prop::collection::vec((hostile_text(), kind(), hostile_text()), 0..8);
    let entities = prop::collection::vec((hostile_text(), prop::collection::vec(field(), 0..4)), 0..4);
    (
        hostile_text(),
        prop::collection::vec(hostile_text(), 0..3),
        components,
        prop::collection::vec(
            (any::<prop::sample::Index>(), any::<prop::sample::Index>(), hostile_text(), any::<bool>(), any::<bool>()),
            0..12,
        ),
        entities,
        prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), hostile_text()), 0..4),
        prop::collection::vec(
            (
                prop::sample::select(vec!["GET", "POST", "PUT", "WS", "DELETE", "get", "<x>"]),
                hostile_text(),
                hostile_text(),
                hostile_text(),
            ),
            0..4,
        ),
        (hostile_text(), prop::collection::vec(hostile_text(), 0..3), hostile_text()),
    )
        .prop_map(|(title, requirements, components, links, entities, relations, api, (topic, options, note))| {
            let mut design = Design { title, ..Design::default() };
            design.requirements.functional = requirements.clone();
            design.requirements.out_of_scope = requirements;
            design.estimates.inputs =
                vec![Input { name: "qps".into(), value: "1000 req / s".into(), note: note.clone() }];
            design.estimates.formulas = vec![Formula { name: "broken".into(), expr: note.clone(), note: note.clone() }];
            // Ids: sometimes the hostile text itself, so duplicates and junk ids occur too.
            design.components = components
                .into_iter()
                .enumerate()
                .map(|(i, (label, kind, id))| Component {
                    id: if i % 3 == 0 { id } else { format!("c{i}") },
                    kind,
                    label,
                    serves: vec![],
                    replicas: None,
                    notes: note.clone(),
                    ..Default::default()
                })
                .collect();
            if !design.components.is_empty() {
                let n = design.components.len();
                design.links = links
                    .into_iter()
                    .map(|(a, b, label, async_, rated)| Link {
                        from: design.components[a.index(n)].id.clone(),
                        to: design.components[b.index(n)].id.clone(),
                        label,
                        mode: if async_ { LinkMode::Async } else { LinkMode::Sync },
                        rate: rated.then(|| if async_ { "qps".into() } else { "broken".into() }),
                    })
                    .collect();
            }
            design.entities =
                entities.into_iter().map(|(name, fields)| Entity { name, fields, ..Default::default() }).collect();
            if !design.entities.is_empty() {
                let n = design.entities.len();
                for (a, b, label) in relations {
                    let to = design.entities[b.index(n)].name.clone();
                    design.entities[a.index(n)].relations.push(Relation {
                        to,
                        cardinality: [
                            Cardinality::OneToOne,
                            Cardinality::OneToMany,
                            Cardinality::ManyToOne,
                            Cardinality::ManyToMany,
                        ][label.len() % 4],
                        label,
                    });
                }
            }
            design.api = api
                .into_iter()
                .map(|(method, path, request, response)| Endpoint {
                    method: method.into(),
                    path,
                    request,
                    response,
                    requirement: None,
                })
                .collect();
            design.deep_dives =
                vec![DeepDive { topic, options, decision: note.clone(), tradeoffs: note.clone(), accepts: Vec::new() }];
            design.open_questions = vec![note.clone()];
            design.notes = note;
            design
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn hostile_designs_give_mermaid_that_checks_and_tables_that_hold(design in design()) {
        let exporter = Exporter::builtin();
        let mermaid = exporter.render(&design, None, Format::Mermaid).unwrap();
        for (name, block) in mermaid_blocks(&mermaid) {
            prop_assert!(check_mermaid(&block).is_ok(), "{name}: {:?}\n{block}", check_mermaid(&block));
        }
        let markdown = exporter.render(&design, None, Format::Markdown).unwrap();
        prop_assert!(check_markdown(&markdown).is_ok(), "{:?}\n{markdown}", check_markdown(&markdown));
        let json = exporter.render(&design, None, Format::Json).unwrap();
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    }
}

#[test]
fn the_checker_rejects_what_mermaid_would_misread() {
    assert!(check_mermaid("flowchart LR\n  subgraph tier_x [\"a\"]\n    c0[\"x\"]\n  end").is_ok());
    assert!(check_mermaid("flowchart LR\n  subgraph tier_x [\"a\"]\n    c0[\"x\"y\"]\n  end").is_err());
    assert!(check_mermaid("flowchart LR\n  subgraph tier_x [\"a\"]\n    end[\"x\"]\n  end").is_err());
    assert!(check_mermaid("flowchart LR\n  subgraph tier_x [\"a\"]\n    c0[\"x\"]").is_err());
    assert!(check_mermaid("flowchart LR\n  c0 --> c1").is_err());
    assert!(check_mermaid("sequenceDiagram\n  participant c0 as a;b\n  c0->>+c0: x\n  c0-->>-c0: y").is_err());
    assert!(check_mermaid("sequenceDiagram\n  participant c0 as a\n  c0-->>-c0: y").is_err());
    assert!(check_mermaid("erDiagram\n  e0[\"a\"] {\n    string pk\n  }").is_err());
    assert!(check_mermaid("erDiagram\n  e0[\"a\"] {\n    string[] code PK, FK \"c #35; d\"\n  }").is_ok());
    assert!(check_markdown("| a | b |\n| --- | --- |\n| x \\| y | z |").is_ok());
    assert!(check_markdown("| a | b |\n| --- | --- |\n| x | y | z |").is_err());
    assert!(check_markdown("```mermaid\nflowchart LR").is_err());
}

// ---------- the command line ----------

#[test]
fn export_prints_the_document_and_writes_files_atomically() {
    let out = sdw().args(["export", "url-shortener"]).output().unwrap();
    assert!(out.status.success());
    let library = Library::builtin();
    let problem = &library.get("url-shortener").unwrap().problem;
    let expected = Exporter::builtin().render(&problem.reference_design(), Some(problem), Format::Markdown).unwrap();
    assert_eq!(stdout(&out), expected);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.md");
    std::fs::write(&file, "old").unwrap();
    let out = sdw().args(["export", "url-shortener", "--format", "mermaid", "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out), "", "the status line is not part of the output");
    assert!(stderr(&out).starts_with("wrote "), "{}", stderr(&out));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("```mermaid\n%% sdw:architecture\nflowchart LR\n"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn a_design_file_exports_with_its_problems_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("study.toml");
    assert!(sdw().args(["new", "twitter", "--reference", "-o"]).arg(&design).output().unwrap().status.success());
    let out = sdw().arg("export").arg(&design).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let library = Library::builtin();
    let prompt = library.get("twitter").unwrap().problem.prompt.lines().next().unwrap().to_string();
    assert!(text.contains(&format!("> {}", prompt.trim())), "{text}");

    // A design without a known problem has no prompt line.
    std::fs::write(&design, "title = \"Mine\"\nproblem = \"nowhere\"\n").unwrap();
    let text = stdout(&sdw().arg("export").arg(&design).output().unwrap());
    assert!(text.starts_with("# Mine\n\n## Requirements\n"), "{text}");
}

#[test]
fn json_export_has_the_estimate_quantities_and_the_design() {
    let export: serde_json::Value =
        serde_json::from_slice(&sdw().args(["export", "twitter", "--format", "json"]).output().unwrap().stdout)
            .unwrap();
    let estimate: serde_json::Value =
        serde_json::from_slice(&sdw().args(["estimate", "twitter", "--json"]).output().unwrap().stdout).unwrap();
    assert_eq!(export["quantities"], estimate["quantities"]);
    assert_eq!(export["convention"], estimate["convention"]);
    assert_eq!(export["design"]["problem"], "twitter");
    assert!(export["design"]["components"].as_array().is_some_and(|c| !c.is_empty()));
}

#[test]
fn templates_from_a_folder_replace_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("design.md.tera"), "{{ title }}: {{ endpoints | length }} endpoints\n").unwrap();
    let out = sdw().args(["export", "url-shortener", "--templates"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out), "URL shortener: 6 endpoints\n");

    std::fs::write(dir.path().join("design.md.tera"), "{% if %}").unwrap();
    let out = sdw().args(["export", "url-shortener", "--templates"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(crate::stderr(&out).contains("design.md.tera"), "{}", crate::stderr(&out));

    // The configuration folder is used when no --templates is given.
    let config = tempfile::tempdir().unwrap();
    let templates = config.path().join("sdw/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("design.md.tera"), "from config\n").unwrap();
    let out = sdw().args(["export", "url-shortener"]).env("XDG_CONFIG_HOME", config.path()).output().unwrap();
    assert_eq!(stdout(&out), "from config\n");
}

#[test]
fn export_errors_are_one_clear_line() {
    let out = sdw().args(["export", "no-such-problem"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(crate::stderr(&out).starts_with("sdw: no problem called `no-such-problem`"));
    let out = sdw().args(["export", "url-shortener", "--format", "pdf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let help = sdw().args(["export", "--help"]).output().unwrap();
    assert!(stdout(&help).contains("Example"));
}
