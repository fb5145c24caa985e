//! Every JSON output against its schema in `docs/json.md`: the document is the contract, and
//! this test keeps the two from drifting apart.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{fixtures, sdw, stderr};

/// The JSON Schema of each command, by the command word after `sdw` in its heading.
fn schemas() -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap();
    let mut schemas = BTreeMap::new();
    let mut command = None;
    let mut block: Option<String> = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## `sdw ") {
            command = heading.split_whitespace().next().map(str::to_string);
        } else if line == "```json" {
            block = Some(String::new());
        } else if line == "```" {
            let schema = block.take().expect("a json block closes");
            let name = command.take().expect("every schema follows a `sdw COMMAND` heading");
            let schema: Value = serde_json::from_str(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
            schemas.insert(name, schema);
        } else if let Some(block) = &mut block {
            block.push_str(line);
            block.push('\n');
        }
    }
    schemas
}

fn assert_valid(schema: &Value, args: &[&str], output: &std::process::Output) {
    let value: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stderr(output)));
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{args:?} does not match docs/json.md:\n{}", errors.join("\n"));
}

#[test]
fn every_json_output_matches_its_documented_schema() {
    let schemas = schemas();
    assert_eq!(
        schemas.keys().map(String::as_str).collect::<Vec<_>>(),
        ["estimate", "export", "history", "list", "review"],
        "a schema for every command with JSON output"
    );
    let data = tempfile::tempdir().unwrap();
    let problems: Vec<String> = {
        let list = sdw().args(["list", "--json"]).output().unwrap();
        assert_valid(&schemas["list"], &["list", "--json"], &list);
        let list: Value = serde_json::from_slice(&list.stdout).unwrap();
        list["problems"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect()
    };
    let design = fixtures().join("valid/shortener.toml").display().to_string();
    let broken = fixtures().join("invalid/unit-mismatch.toml").display().to_string();
    let mut targets: Vec<&str> = problems.iter().map(String::as_str).collect();
    targets.extend([design.as_str(), broken.as_str()]);
    for target in targets {
        for args in [
            vec!["estimate", target, "--json"],
            vec!["export", target, "--format", "json"],
            vec!["review", target, "--json"],
        ] {
            let output = sdw().env("SDW_DATA_DIR", data.path()).args(&args).output().unwrap();
            if output.stdout.is_empty() {
                // A file that does not load prints no JSON: it fails with located errors.
                assert_eq!(output.status.code(), Some(1), "{args:?}");
                continue;
            }
            assert_valid(&schemas[args[0]], &args, &output);
        }
    }
    for id in ["twitter", "url-shortener", "twitter"] {
        sdw().env("SDW_DATA_DIR", data.path()).args(["-q", "review", id, "--record"]).assert().success();
    }
    for args in [vec!["history", "--json"], vec!["history", "twitter", "--json"]] {
        let output = sdw().env("SDW_DATA_DIR", data.path()).args(&args).output().unwrap();
        assert_valid(&schemas["history"], &args, &output);
    }
}

#[test]
fn the_schemas_reject_what_they_do_not_describe() {
    let schemas = schemas();
    let output = sdw().args(["estimate", "twitter", "--json"]).output().unwrap();
    let good: Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = jsonschema::validator_for(&schemas["estimate"]).unwrap();
    assert!(validator.is_valid(&good));
    for (what, change) in [
        (
            "without schema_version",
            Box::new(|v: &mut Value| drop(v.as_object_mut().unwrap().remove("schema_version")))
                as Box<dyn Fn(&mut Value)>,
        ),
        ("a version it does not describe", Box::new(|v: &mut Value| v["schema_version"] = 2.into())),
        ("a value given as text", Box::new(|v: &mut Value| v["quantities"][0]["value"] = "1e8".into())),
        ("an unknown convention", Box::new(|v: &mut Value| v["convention"] = "metric".into())),
    ] {
        let mut bad = good.clone();
        change(&mut bad);
        assert!(!validator.is_valid(&bad), "{what} passes");
    }
    let list = jsonschema::validator_for(&schemas["list"]).unwrap();
    assert!(!list.is_valid(&serde_json::json!([{ "id": "twitter" }])), "a bare array is not the list's shape");
}
