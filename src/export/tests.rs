// Tests build designs up field by field, the way a user fills in the phases.
#![allow(clippy::field_reassign_with_default)]

use super::*;
use crate::model::{Component, ComponentKind, Endpoint, Entity, Input, Link, LinkMode};
use crate::problem::Library;

/// The URL shortener without its declared flows: its paths are inferred from the links.
fn shortener() -> (Design, Problem) {
    let (mut design, problem) = shortener_with_flows();
    design.flows.clear();
    (design, problem)
}

fn shortener_with_flows() -> (Design, Problem) {
    let library = Library::builtin();
    let problem = library.get("url-shortener").expect("the URL shortener is built in").problem.clone();
    (problem.reference_design(), problem)
}

fn component(id: &str, kind: ComponentKind, label: &str) -> Component {
    Component {
        id: id.into(),
        kind,
        label: label.into(),
        serves: vec![],
        replicas: None,
        notes: String::new(),
        ..Default::default()
    }
}

fn link(from: &str, to: &str, label: &str) -> Link {
    Link { from: from.into(), to: to.into(), label: label.into(), ..Default::default() }
}

fn markdown(design: &Design, problem: Option<&Problem>) -> String {
    Exporter::builtin().render(design, problem, Format::Markdown).unwrap()
}

#[test]
fn the_document_has_every_section_in_order() {
    let (design, problem) = shortener();
    let md = markdown(&design, Some(&problem));
    let headings = [
        "# URL shortener",
        "> Design a link-shortening service",
        "## Requirements",
        "### Functional",
        "### Non-functional",
        "### Out of scope",
        "## Assumptions and estimates",
        "Convention: exact (day = 86,400 s",
        "## API",
        "### Example requests",
        "## Data model",
        "## High-level architecture",
        "```mermaid\nflowchart LR",
        "## Key flows",
        "### Write path: POST /api/v1/links",
        "### Read path: GET /{code} (inferred from the links)",
        "## Capacity and reliability",
        "No flows are declared",
        "## Entity-relationship diagram",
        "```mermaid\nerDiagram",
        "## Deep dives",
        "## Open questions",
        "## Notes",
    ];
    let mut at = 0;
    for heading in headings {
        let found = md[at..].find(heading).unwrap_or_else(|| panic!("{heading:?} missing or out of order"));
        at += found + heading.len();
    }
    assert!(md.contains("| `peak_read_qps` | `read_qps * peak_factor` | 57.9 K click/s |"));
    assert!(md.contains("GET /{code} · 57.9 K click/s"), "edge labels carry the link's rate");
    assert!(md.contains("-.->|\"click event · 11.6 K click/s\"|"), "async links are dashed");
    assert!(md.contains("c9[(\"Link store (Cassandra / DynamoDB)\")]"), "stores are cylinders");
    assert!(md.ends_with("\n") && !md.ends_with("\n\n"));
    assert!(!md.contains("\n\n\n"));
}

#[test]
fn the_flows_follow_the_designs_own_links() {
    let (design, problem) = shortener();
    let mermaid = Exporter::builtin().render(&design, Some(&problem), Format::Mermaid).unwrap();
    let write = mermaid.split("%% sdw:flow-write").nth(1).unwrap().split("```").next().unwrap();
    // client -> lb -> gateway -> link service -> its stores, and back.
    for line in [
        "c0->>+c3: POST /api/v1/links",
        "c3->>+c4: /api/v1/*",
        "c4->>+c6: create / update / stats · 5.79 K url/s",
        "c6->>+c9: insert mapping (quorum) · 5.79 K url/s",
        "c3-->>-c0: 201 { code, short_url, long_url, expires_at? }",
    ] {
        assert!(write.contains(line), "{line} not in\n{write}");
    }
    assert!(!write.contains("read click counts"), "a write path skips reads");
    let read = mermaid.split("%% sdw:flow-read").nth(1).unwrap().split("```").next().unwrap();
    for line in ["c0->>+c2: GET /{code}", "c5->>+c8: GET code", "c5->>+c9: read on cache miss", "c5-)c11: click event"]
    {
        assert!(read.contains(line), "{line} not in\n{read}");
    }
}

#[test]
fn the_architecture_alone_matches_the_documents() {
    let (design, problem) = shortener();
    let evaluation = estimate::evaluate(&design.estimates, Options::default());
    let alone = Exporter::builtin().architecture_mermaid(&design, &evaluation).unwrap();
    let document = Exporter::builtin().document_view(&design, Some(&problem), &evaluation).unwrap();
    assert_eq!(alone, document.architecture);
    assert_eq!(Exporter::builtin().architecture_mermaid(&Design::default(), &evaluation).unwrap(), "");
}

#[test]
fn mermaid_format_is_one_named_block_per_diagram() {
    let (design, problem) = shortener();
    let out = Exporter::builtin().render(&design, Some(&problem), Format::Mermaid).unwrap();
    let names: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("%% sdw:")).collect();
    assert_eq!(names, ["architecture", "flow-write", "flow-read", "erd"]);
    assert_eq!(out.matches("```mermaid\n").count(), 4);
    assert_eq!(out.lines().filter(|l| *l == "```").count(), 4);
}

#[test]
fn an_empty_design_says_so_section_by_section() {
    let md = markdown(&Design::default(), None);
    for line in [
        "# Untitled design",
        "No functional requirements yet.",
        "No non-functional requirements yet.",
        "Nothing is declared out of scope.",
        "No estimates yet.",
        "No API endpoints yet.",
        "No entities yet.",
        "No components yet.",
        "No components yet, so no flow to draw.",
        "No deep dives yet.",
        "No open questions.",
        "No notes.",
    ] {
        assert!(md.contains(line), "{line:?} missing from\n{md}");
    }
    assert!(!md.contains("```mermaid"));
    assert!(!md.contains("> "), "no problem, no prompt");
    let mermaid = Exporter::builtin().render(&Design::default(), None, Format::Mermaid).unwrap();
    assert_eq!(mermaid, "");
}

#[test]
fn hostile_text_never_reaches_the_diagrams_raw() {
    let evil = "end\"]; subgraph x; click c0 call alert() %%{init}%% <img src=x> | `a` #1;\nnext";
    let mut design = Design { title: evil.into(), ..Design::default() };
    design.requirements.functional = vec![evil.into()];
    design.components = vec![
        component("client", ComponentKind::Client, evil),
        component("lb", ComponentKind::LoadBalancer, evil),
        component("api", ComponentKind::Service, evil),
        component("db", ComponentKind::SqlDb, ""),
    ];
    design.links =
        vec![link("client", "lb", evil), link("lb", "api", evil), link("api", "db", &format!("write {evil}"))];
    design.api =
        vec![Endpoint { method: "POST".into(), path: evil.into(), request: evil.into(), ..Default::default() }];
    design.entities = vec![Entity {
        name: evil.into(),
        fields: vec!["end: string PK".parse().unwrap(), "pk: int".parse().unwrap()],
        ..Default::default()
    }];
    let mermaid = Exporter::builtin().render(&design, None, Format::Mermaid).unwrap();
    for line in mermaid.lines() {
        assert!(!line.contains("<img"), "{line}");
        assert!(!line.contains("%%{"), "{line}");
        assert!(!line.contains('`') || line.starts_with("```"), "{line}");
    }
    assert!(mermaid.contains("c3[(\"db\")]"), "a blank label falls back to the id");
    assert!(mermaid.contains("string end_ PK") || mermaid.contains("string end PK"));
    assert!(mermaid.contains("int pk_ \"pk\""), "a key marker is never a field name");
    let md = markdown(&design, None);
    assert!(md.contains("- **F1** end\"]; subgraph x; click c0 call alert() %%{init}%% &lt;img src=x> | `a` #1; next"));
}

#[test]
fn dangling_links_and_relations_are_left_out_of_the_diagrams() {
    let mut design = Design::default();
    design.components = vec![component("a", ComponentKind::Service, "A")];
    design.links = vec![link("a", "ghost", "x"), link("a", "a", "self")];
    design.entities = vec![Entity {
        name: "e".into(),
        relations: vec![crate::model::Relation {
            to: "nobody".into(),
            cardinality: Default::default(),
            label: String::new(),
        }],
        ..Default::default()
    }];
    let mermaid = Exporter::builtin().render(&design, None, Format::Mermaid).unwrap();
    assert!(!mermaid.contains("ghost") && !mermaid.contains("nobody"));
    assert!(mermaid.contains("c0 -->|\"self\"| c0"));
}

#[test]
fn async_links_are_dashed_and_one_way_in_flows() {
    let mut design = Design::default();
    design.components = vec![
        component("app", ComponentKind::Client, "App"),
        component("svc", ComponentKind::Service, "Orders"),
        component("q", ComponentKind::Queue, "Jobs"),
        component("db", ComponentKind::SqlDb, "Orders DB"),
    ];
    design.links = vec![
        link("app", "svc", "POST /orders"),
        Link { mode: LinkMode::Async, ..link("svc", "q", "enqueue job") },
        link("svc", "db", "insert order"),
    ];
    design.api = vec![Endpoint { method: "POST".into(), path: "/orders".into(), ..Default::default() }];
    let mermaid = Exporter::builtin().render(&design, None, Format::Mermaid).unwrap();
    assert!(mermaid.contains("c1 -.->|\"enqueue job\"| c2"));
    assert!(mermaid.contains("c2>\"Jobs\"]"), "queues have their own shape");
    assert!(mermaid.contains("c1->>+c3: insert order\n  c3-->>-c1: ok\n  c1-)c2: enqueue job\n  c1-->>-c0: ok"));
    // No GET endpoint: the read path says why it is missing.
    let md = markdown(&design, None);
    assert!(
        md.contains("### Read path\n\nThe API has no GET or SSE endpoint, so there is no read path to draw."),
        "{md}"
    );
    // Without any API, the flows follow the links that read like writes and reads.
    design.api.clear();
    let md = markdown(&design, None);
    assert!(md.contains("### Write path (inferred from the links)\n\n```mermaid\nsequenceDiagram"), "{md}");
}

#[test]
fn a_read_asks_the_cache_first_and_shows_only_the_reading_use_of_a_link() {
    let mut design = Design::default();
    design.components = vec![
        component("app", ComponentKind::Client, "App"),
        component("svc", ComponentKind::Service, "Messages"),
        component("db", ComponentKind::NosqlDb, "Message store"),
        component("cache", ComponentKind::Cache, "Recent cache"),
        component("log", ComponentKind::Queue, "Events"),
    ];
    design.links = vec![
        link("app", "svc", "HTTPS"),
        Link { rate: Some("msg_rate".into()), ..link("svc", "db", "append; range reads for history") },
        link("svc", "cache", "write-through; recent reads"),
        Link { mode: LinkMode::Async, ..link("svc", "log", "message event") },
    ];
    design.api = vec![
        Endpoint { method: "POST".into(), path: "/messages".into(), ..Default::default() },
        Endpoint { method: "GET".into(), path: "/messages".into(), ..Default::default() },
    ];
    design.estimates.inputs =
        vec![Input { name: "msg_rate".into(), value: "1000 msg / s".into(), note: String::new() }];
    let mermaid = Exporter::builtin().render(&design, None, Format::Mermaid).unwrap();
    let read = &mermaid[mermaid.find("%% sdw:flow-read").unwrap()..];
    let read = &read[..read.find("```").unwrap()];
    assert!(read.contains("c1->>+c3: recent reads\n  c3-->>-c1: ok\n  c1->>+c2: range reads for history\n"), "{read}");
    assert!(!read.contains("c1-)c4"), "a read sends no neutral side effects: {read}");
    let write = &mermaid[mermaid.find("%% sdw:flow-write").unwrap()..];
    let write = &write[..write.find("```").unwrap()];
    // The write shows the writing use, and the link's rate, which counts it.
    assert!(write.contains("c1->>+c2: append · 1 K msg/s\n"), "{write}");
    assert!(write.contains("c1->>+c3: write-through\n"), "{write}");
    assert!(write.contains("c1-)c4: message event"), "{write}");
}

#[test]
fn example_requests_come_from_the_sketch() {
    let e = |method: &str, path: &str, request: &str| Endpoint {
        method: method.into(),
        path: path.into(),
        request: request.into(),
        ..Default::default()
    };
    assert_eq!(
        view::example_request(&e(
            "POST",
            "/v1/users/{user_id}/posts",
            "{ text: string, media_ids?: uuid[], draft: bool }"
        )),
        "POST /v1/users/42/posts\nContent-Type: application/json\n\n{\n  \"text\": \"example-text\",\n  \"media_ids\": [],\n  \"draft\": true\n}"
    );
    assert_eq!(
        view::example_request(&e("get", "/stats/{code}", "?from=date&to=date (owner only)")),
        "# (owner only)\nGET /stats/example-code?from=date&to=date"
    );
    assert_eq!(view::example_request(&e("DELETE", "/x", "")), "DELETE /x");
    // Unbalanced braces are kept as words, not a body.
    assert_eq!(view::example_request(&e("PUT", "/x/{id", "{ oops")), "# { oops\nPUT /x/{id");
}

#[test]
fn a_fence_in_user_text_cannot_close_the_example_block() {
    let mut design = Design::default();
    design.api = vec![Endpoint {
        method: "POST".into(),
        path: "/x".into(),
        request: "```\n# Pwned".into(),
        ..Default::default()
    }];
    let md = markdown(&design, None);
    assert!(md.contains("````http\n# ``` # Pwned\nPOST /x\n````"), "{md}");
}

#[test]
fn tidy_markdown_keeps_code_blocks_as_they_are() {
    assert_eq!(tidy_markdown("\n\na\n\n\n\nb\n```\nx\n\n\ny\n```\n\n\n"), "a\n\nb\n```\nx\n\n\ny\n```\n");
}

#[test]
fn json_carries_the_design_and_the_quantities() {
    let (design, _) = shortener();
    let json: Value = serde_json::from_str(&Exporter::builtin().render(&design, None, Format::Json).unwrap()).unwrap();
    assert_eq!(json["problem"], "url-shortener");
    assert_eq!(json["convention"], "exact");
    assert_eq!(json["design"]["components"][0]["id"], "client");
    let q = json["quantities"].as_array().unwrap();
    let write = q.iter().find(|r| r["name"] == "write_qps").unwrap();
    assert!((write["value"].as_f64().unwrap() - 1157.407).abs() < 0.01);
    assert_eq!(write["display"], "1.16 K url/s");
}

#[test]
fn templates_can_be_replaced_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("design.md.tera"), "Title: {{ title }}\n{% include \"extra.md.tera\" %}\n").unwrap();
    std::fs::write(dir.path().join("extra.md.tera"), "{{ functional | length }} requirements").unwrap();
    std::fs::write(dir.path().join("ignored.txt"), "{{ broken").unwrap();
    let exporter = Exporter::with_overrides(dir.path()).unwrap();
    let (design, problem) = shortener();
    assert_eq!(
        exporter.render(&design, Some(&problem), Format::Markdown).unwrap(),
        "Title: URL shortener\n5 requirements\n"
    );
    // The diagrams still come from the built-in templates.
    let mermaid = exporter.render(&design, Some(&problem), Format::Mermaid).unwrap();
    assert!(mermaid.contains("flowchart LR"));

    std::fs::write(dir.path().join("erd.mmd.tera"), "{% for e in entities %}").unwrap();
    let err = Exporter::with_overrides(dir.path()).err().expect("a broken template is an error");
    assert!(err.to_string().contains("erd.mmd.tera"), "{err}");
    let err = Exporter::with_overrides(&dir.path().join("missing")).err().unwrap();
    assert!(err.to_string().contains("cannot read the template folder"), "{err}");
}

#[test]
fn the_document_beside_a_design_replaces_only_what_this_window_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let (design, _) = shortener();
    let path = dir.path().join("attempt.toml");
    let library = Library::builtin();
    let (target, text) = render_beside(&path, &design, &library).unwrap();
    assert_eq!(target, dir.path().join("attempt.md"));
    assert!(text.starts_with("# URL shortener\n\n> Design a link-shortening service"));
    assert!(render_beside(&dir.path().join("notes.md"), &design, &library).is_err());
    // Nothing there, or this window's own last document: no question.
    assert_eq!(existing_document(&target, None).unwrap(), None);
    std::fs::write(&target, &text).unwrap();
    assert_eq!(existing_document(&target, Some((&target, &text))).unwrap(), None);
    // Anything else is described, a link with where it points.
    let found = existing_document(&target, None).unwrap().unwrap();
    assert!(found.contains("this window did not write it"), "{found}");
    std::fs::write(&target, "# my notes").unwrap();
    assert!(existing_document(&target, Some((&target, &text))).unwrap().is_some());
    std::fs::remove_file(&target).unwrap();
    std::os::unix::fs::symlink("elsewhere.txt", &target).unwrap();
    let found = existing_document(&target, Some((&target, &text))).unwrap().unwrap();
    assert!(found.contains("symbolic link to elsewhere.txt"), "{found}");
    std::fs::remove_file(&target).unwrap();
    std::fs::create_dir(&target).unwrap();
    assert!(existing_document(&target, None).unwrap_err().to_string().contains("a folder"));
}

#[test]
fn declared_flows_draw_conditions_as_opt_blocks_and_async_steps_one_way() {
    let (design, problem) = shortener_with_flows();
    let mermaid = Exporter::builtin().render(&design, Some(&problem), Format::Mermaid).unwrap();
    let names: Vec<&str> = mermaid.lines().filter_map(|l| l.strip_prefix("%% sdw:")).collect();
    assert_eq!(
        names,
        [
            "architecture",
            "flow-follow-a-short-link",
            "flow-create-a-link",
            "flow-manage-a-link",
            "flow-read-click-stats",
            "erd"
        ]
    );
    let follow = mermaid.split("%% sdw:flow-follow-a-short-link").nth(1).unwrap().split("```").next().unwrap();
    // The cache miss is a block of its own, nested in the redirect's call; the click event is
    // one-way and the flow does not wait for it.
    assert!(
        follow.contains(
            "  c5->>+c8: GET code\n  c8-->>-c5: ok\n  opt on a miss of cache, 1 - cache_hit_rate\n  c5->>+c9: read on cache miss (x quorum_reads)\n  c9-->>-c5: ok\n  end\n  c5-)c11: click event\n"
        ),
        "{follow}"
    );
    assert!(follow.contains("c11-)c12: consume clicks"), "after an async step, everything is one-way");
    assert!(follow.trim_end().ends_with("c2-->>-c0: ok"), "{follow}");
}

#[test]
fn the_document_computes_capacity_slos_and_what_fails_when() {
    let (design, problem) = shortener_with_flows();
    let md = markdown(&design, Some(&problem));
    assert!(md.contains("### follow a short link (serves F2, N1, N2, N4)"), "declared flows are titled by name");
    assert!(!md.contains("inferred from the links"));
    assert!(md.contains("| `url_db` | 30.7 K query/s | 91.2 K query/s | 33.6% | 57 (20 needed) | 100% | ok |"), "{md}");
    assert!(md.contains("| N1 | p99 &lt; 50 ms | follow a short link | ≤ 15 ms | met | — |"), "{md}");
    // Losing the cache: the store goes over, so every flow through it is degraded.
    let cache_row = md
        .lines()
        .find(|l| l.starts_with("| `cache` |") && l.contains("degraded") || l.starts_with("| `cache` | —"))
        .unwrap();
    assert!(cache_row.contains("follow a short link"), "{cache_row}");
    // Losing the link store takes creation down and misses its availability target.
    let db_row = md.lines().rfind(|l| l.starts_with("| `url_db` |")).unwrap();
    assert!(db_row.starts_with("| `url_db` | create a link, manage a link |"), "{db_row}");
    assert!(db_row.ends_with("| N2 |"), "{db_row}");
}
