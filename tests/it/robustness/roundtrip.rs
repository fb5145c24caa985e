//! Properties over generated valid designs: any of them survives save → load unchanged, and
//! exports to Mermaid that passes the export tests' structural check and Markdown whose tables
//! keep their column count, whatever its strings hold (quotes, newlines, `"""`, `'''`,
//! backslashes, control characters, unicode, Markdown and Mermaid syntax).

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use sdw::export::{Exporter, Format};
use sdw::model::{
    Cardinality, Component, ComponentKind, Convention, DeepDive, Design, Endpoint, Entity, Field, Formula, Input, Link,
    LinkMode, Relation, ReqRef, Requirements, Sheet, validate,
};
use sdw::store;

/// Pieces of text that break naive writers of TOML, Markdown and Mermaid.
const HOSTILE: &[&str] = &[
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "\\",
    "\\\"",
    "\\u0041",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{7}",
    "\u{1b}[2J",
    "\u{7f}",
    "#",
    "# not a comment",
    "|",
    "||",
    "\\|",
    "`",
    "```",
    "~~~",
    "[[links]]",
    "[x]",
    "{{",
    "}}",
    "{",
    "}",
    "%%",
    "%%{init: {}}%%",
    ";",
    ":",
    "-->",
    "-.->",
    "end",
    "subgraph",
    "<b>",
    "</script>",
    "&amp;",
    "#quot;",
    "#35;",
    "$x$",
    "*",
    "_",
    "- ",
    "1. ",
    "> ",
    "---",
    "é",
    "e\u{301}",
    "中文",
    "🙂",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "¶",
    "ﬂ",
    " ",
    "  ",
    "x = 1",
];

/// Any text: plain words, hostile pieces and arbitrary unicode, mixed.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 ,./()-]{0,12}",
        3 => select(HOSTILE).prop_map(String::from),
        1 => any::<String>(),
    ];
    vec(piece, 0..5).prop_map(|pieces| pieces.concat())
}

/// Text with something printable in it, for what validation requires to be non-blank.
fn nonblank() -> impl Strategy<Value = String> {
    ("[a-zA-Z0-9/]{1,6}", text()).prop_map(|(word, rest)| format!("{word}{rest}"))
}

fn row_name() -> impl Strategy<Value = String> {
    "[a-zA-Z_][a-zA-Z0-9_]{0,10}"
}

fn field(j: usize) -> impl Strategy<Value = Field> {
    let name = prop_oneof!["[a-z_][a-z0-9_]{0,8}", Just("é".to_string()), Just("pk".to_string())];
    let ty =
        ("[a-zA-Z][a-zA-Z0-9_]{0,8}", any::<bool>()).prop_map(|(t, array)| if array { format!("{t}[]") } else { t });
    (name, ty, any::<[bool; 4]>()).prop_map(move |(name, ty, [optional, primary_key, foreign_key, unique])| Field {
        name: format!("{name}_{j}"),
        ty,
        optional,
        primary_key,
        foreign_key,
        unique,
    })
}

const METHODS: &[&str] =
    &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "WS", "GRPC", "SSE", "get", "Post"];

prop_compose! {
    fn sheet()(
        rough in any::<bool>(),
        units in vec("[a-z][a-z0-9_]{0,8}", 0..3),
        inputs in vec((row_name(), text(), text()), 0..5),
        formulas in vec((row_name(), text(), text()), 0..5),
    ) -> Sheet {
        // Row names made unique by a suffix only they have.
        let inputs = inputs
            .into_iter()
            .enumerate()
            .map(|(i, (name, value, note))| Input { name: format!("{name}_i{i}"), value, note })
            .collect();
        let formulas = formulas
            .into_iter()
            .enumerate()
            .map(|(i, (name, expr, note))| Formula { name: format!("{name}_f{i}"), expr, note })
            .collect();
        Sheet {
            convention: if rough { Convention::Rough } else { Convention::Exact },
            units,
            inputs,
            formulas,
            ..Sheet::default()
        }
    }
}

/// An entity's name, fields, relations (target, cardinality, label) and notes.
type EntityParts = (String, Vec<Field>, Vec<(Index, Index, String)>, String);
/// A component's id, kind, label, served requirements (non-functional?, which), replicas, notes.
type ComponentParts = (String, Index, String, Vec<(bool, Index)>, Option<u32>, String);

/// Raw ingredients; references are indexes resolved against what exists.
#[derive(Debug, Clone)]
struct Ingredients {
    title: String,
    problem: Option<String>,
    requirements: Requirements,
    sheet: Sheet,
    endpoints: Vec<(Index, String, String, String, Option<Index>)>,
    entities: Vec<EntityParts>,
    components: Vec<ComponentParts>,
    links: Vec<(Index, Index, String, bool, Option<Index>)>,
    deep_dives: Vec<DeepDive>,
    open_questions: Vec<String>,
    notes: String,
}

fn entity() -> impl Strategy<Value = EntityParts> {
    (nonblank(), 0usize..4, vec((any::<Index>(), any::<Index>(), text()), 0..3), text()).prop_flat_map(
        |(name, fields, relations, notes)| {
            let fields: Vec<_> = (0..fields).map(field).collect();
            (Just(name), fields, Just(relations), Just(notes))
        },
    )
}

prop_compose! {
    fn ingredients()(
        title in text(),
        problem in proptest::option::of(text()),
        functional in vec(text(), 0..4),
        non_functional in vec(text(), 0..3),
        out_of_scope in vec(text(), 0..3),
        sheet in sheet(),
        endpoints in vec((any::<Index>(), nonblank(), text(), text(), proptest::option::of(any::<Index>())), 0..4),
        entities in vec(entity(), 0..4),
        components in vec(
            ("[a-z][a-z0-9_-]{0,8}", any::<Index>(), text(), vec((any::<bool>(), any::<Index>()), 0..3),
             proptest::option::of(1u32..1000), text()),
            0..6,
        ),
        links in vec((any::<Index>(), any::<Index>(), text(), any::<bool>(), proptest::option::of(any::<Index>())), 0..8),
        deep_dives in vec((nonblank(), vec(text(), 0..3), text(), text()), 0..3),
        open_questions in vec(text(), 0..3),
        notes in text(),
    ) -> Ingredients {
        Ingredients {
            title,
            problem,
            requirements: Requirements { functional, non_functional, out_of_scope },
            sheet,
            endpoints,
            entities,
            components,
            links,
            deep_dives: deep_dives
                .into_iter()
                .map(|(topic, options, decision, tradeoffs)| DeepDive { topic, options, decision, tradeoffs, accepts: Vec::new() })
                .collect(),
            open_questions,
            notes,
        }
    }
}

fn build(i: Ingredients) -> Design {
    let functional = i.requirements.functional.len();
    let non_functional = i.requirements.non_functional.len();
    let api = i
        .endpoints
        .into_iter()
        .map(|(method, path, request, response, requirement)| Endpoint {
            method: method.get(METHODS).to_string(),
            path,
            request,
            response,
            requirement: requirement.filter(|_| functional > 0).map(|r| ReqRef::functional(r.index(functional) + 1)),
        })
        .collect();
    // Entity names made unique by a numbered suffix.
    let names: Vec<String> = i.entities.iter().enumerate().map(|(k, e)| format!("{} #{k}", e.0)).collect();
    let entities = i
        .entities
        .into_iter()
        .enumerate()
        .map(|(k, (_, fields, relations, notes))| Entity {
            name: names[k].clone(),
            fields,
            relations: relations
                .into_iter()
                .map(|(to, cardinality, label)| Relation {
                    to: to.get(&names).clone(),
                    cardinality: *cardinality.get(&[
                        Cardinality::OneToOne,
                        Cardinality::OneToMany,
                        Cardinality::ManyToOne,
                        Cardinality::ManyToMany,
                    ]),
                    label,
                })
                .collect(),
            notes,
        })
        .collect();
    let components: Vec<Component> = i
        .components
        .into_iter()
        .enumerate()
        .map(|(k, (id, kind, label, serves, replicas, notes))| Component {
            id: format!("{id}-{k}"),
            kind: *kind.get(&ComponentKind::ALL),
            label,
            serves: serves
                .into_iter()
                .filter_map(|(nfr, r)| match nfr {
                    true if non_functional > 0 => Some(ReqRef::non_functional(r.index(non_functional) + 1)),
                    false if functional > 0 => Some(ReqRef::functional(r.index(functional) + 1)),
                    _ => None,
                })
                .collect(),
            replicas: replicas.map(sdw::model::Replicas::Count),
            notes,
            ..Default::default()
        })
        .collect();
    let rows: Vec<String> = i.sheet.rows().map(|(name, _, _)| name.to_string()).collect();
    let links = i
        .links
        .into_iter()
        .filter_map(|(from, to, label, async_, rate)| {
            if components.len() < 2 {
                return None;
            }
            let (from, to) = (from.index(components.len()), to.index(components.len()));
            (from != to).then(|| Link {
                from: components[from].id.clone(),
                to: components[to].id.clone(),
                label,
                mode: if async_ { LinkMode::Async } else { LinkMode::Sync },
                rate: rate.filter(|_| !rows.is_empty()).map(|r| r.get(&rows).clone()),
            })
        })
        .collect();
    Design {
        title: i.title,
        problem: i.problem,
        requirements: i.requirements,
        estimates: i.sheet,
        api,
        entities,
        components,
        links,
        deep_dives: i.deep_dives,
        open_questions: i.open_questions,
        notes: i.notes,
        ..Design::default()
    }
}

fn design() -> impl Strategy<Value = Design> {
    ingredients().prop_map(build)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_design_round_trips_through_its_text(design in design()) {
        prop_assert_eq!(validate(&design, &[]), vec![], "the generator makes valid designs");
        let text = store::to_toml(&design);
        let again = store::parse_design(&text, "design.toml");
        prop_assert!(again.is_ok(), "{}\n{}", again.unwrap_err(), text);
        prop_assert_eq!(again.unwrap(), design);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_design_round_trips_through_a_file(design in design()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("design.toml");
        store::save_design(&path, &design).unwrap();
        prop_assert_eq!(store::load_design(&path).unwrap(), design.clone());
        // Saving it again changes nothing on disk.
        let first = std::fs::read(&path).unwrap();
        store::save_design(&path, &store::load_design(&path).unwrap()).unwrap();
        prop_assert_eq!(std::fs::read(&path).unwrap(), first);
    }

    #[test]
    fn any_valid_design_exports_mermaid_that_checks_and_tables_that_hold(design in design()) {
        // The export tests' structural checks, on designs whose references all resolve: every
        // link, rate, endpoint and relation reaches the diagrams.
        use crate::export::{check_markdown, check_mermaid, mermaid_blocks};
        let exporter = Exporter::builtin();
        let mermaid = exporter.render(&design, None, Format::Mermaid).unwrap();
        for (name, block) in mermaid_blocks(&mermaid) {
            prop_assert!(check_mermaid(&block).is_ok(), "{}: {:?}\n{}", name, check_mermaid(&block), block);
        }
        let markdown = exporter.render(&design, None, Format::Markdown).unwrap();
        prop_assert!(check_markdown(&markdown).is_ok(), "{:?}\n{}", check_markdown(&markdown), markdown);
    }
}
