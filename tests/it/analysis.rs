//! `sdw analyze` and the analysis findings of `sdw check`, through the real binary.

use serde_json::Value;

use crate::{sdw, stderr, stdout};

fn analyze_json(args: &[&str]) -> (Value, std::process::Output) {
    let output = sdw().arg("analyze").args(args).arg("--json").output().unwrap();
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}{}", stdout(&output), stderr(&output)));
    (json, output)
}

fn problem_ids() -> Vec<String> {
    let output = sdw().args(["list", "--json"]).output().unwrap();
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    list["problems"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_json_carries_the_documented_fields() {
    let (json, output) = analyze_json(&["url-shortener"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["failed"], Value::Array(vec![]));
    let db = json["components"].as_array().unwrap().iter().find(|c| c["id"] == "url_db").unwrap();
    for key in ["load_per_s", "capacity_per_s", "utilisation", "availability"] {
        assert!(db[key].is_number(), "{key}: {db}");
    }
    let flow = &json["flows"][0];
    for key in ["name", "serves", "rate_per_s", "availability", "latency_ms", "status"] {
        assert!(!flow[key].is_null(), "{key}: {flow}");
    }
    assert_eq!(flow["status"], "ok");
    let slo = json["slos"].as_array().unwrap().iter().find(|s| s["requirement"] == "N1").unwrap();
    assert_eq!(slo["kind"], "latency");
    assert!((slo["target"].as_f64().unwrap() - 0.05).abs() < 1e-12, "SI base units: seconds");
    // "Redirect latency p99 < 50 ms" is about what the browser waits for: the click event
    // that goes on through the stream is not part of it, so the synchronous sum judges it.
    assert_eq!(slo["met"], Value::Bool(true), "{slo}");
    assert!(slo["note"].as_str().unwrap().starts_with("sum of the synchronous steps"), "{slo}");
    assert_eq!(slo["flow"], "follow a short link");
    let create = json["slos"].as_array().unwrap().iter().find(|s| s["flow"] == "create a link").unwrap();
    assert_eq!(create["requirement"], "N1");
}

#[test]
fn failing_the_cache_overloads_the_store_and_says_what_flipped() {
    let (json, output) = analyze_json(&["url-shortener", "--fail", "cache"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json["failed"][0], "cache");
    let db = json["components"].as_array().unwrap().iter().find(|c| c["id"] == "url_db").unwrap();
    assert_eq!(db["status"], "overloaded");
    assert!(db["utilisation"].as_f64().unwrap() > 1.0);
    let flipped = json["flipped"]["components"].as_array().unwrap();
    assert!(flipped.iter().any(|c| c["id"] == "url_db" && c["before"] == "ok" && c["after"] == "overloaded"));
    // The text names it too.
    let text = stdout(&sdw().args(["analyze", "url-shortener", "--fail", "cache"]).output().unwrap());
    assert!(text.contains("component url_db: ok -> overloaded"), "{text}");
    assert!(text.contains("upper bound"), "the latency caveat is printed:\n{text}");
}

#[test]
fn an_unknown_failure_is_exit_1_with_a_suggestion() {
    let output = sdw().args(["analyze", "url-shortener", "--fail", "url-db"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("there is no component `url-db` (did you mean `url_db`?)"), "{}", stderr(&output));
}

#[test]
fn a_what_if_reports_the_slos_and_components_that_flip() {
    // Half the redirects miss the cache: the store goes over the 70% warning.
    let (json, output) = analyze_json(&["url-shortener", "--set", "cache_hit_rate=50 percent"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let flipped = json["flipped"]["components"].as_array().unwrap();
    assert_eq!(flipped.len(), 1, "{flipped:?}");
    assert_eq!(
        (&flipped[0]["id"], &flipped[0]["before"], &flipped[0]["after"]),
        (&"url_db".into(), &"ok".into(), &"hot".into())
    );
    // Four times the stated peak: the fleets sized from rows grow with it, the fixed pair of
    // load balancers does not.
    let (json, _) = analyze_json(&["url-shortener", "--set", "peak_factor=20"]);
    let flipped = json["flipped"]["components"].as_array().unwrap();
    assert!(flipped.iter().any(|c| c["id"] == "lb" && c["after"] == "overloaded"), "{flipped:?}");
    assert!(!flipped.iter().any(|c| c["id"] == "redirect"), "redirect_servers follows peak_factor: {flipped:?}");
    let unknown = sdw().args(["analyze", "url-shortener", "--set", "nope=1"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn every_problem_analyses_clean_and_survives_each_failure() {
    for id in problem_ids() {
        let (json, output) = analyze_json(&[&id]);
        assert!(output.status.success(), "{id}: {}", stderr(&output));
        assert_eq!(json["problems"], Value::Array(vec![]), "{id}");
        for c in json["components"].as_array().unwrap() {
            assert!(c["utilisation"].as_f64().is_none_or(|u| u <= 1.0), "{id}: {} over 100% at its own peak", c["id"]);
        }
        for c in json["components"].as_array().unwrap() {
            let component = c["id"].as_str().unwrap();
            let (failed, output) = analyze_json(&[&id, "--fail", component]);
            assert!(output.status.success(), "{id} --fail {component}: {}", stderr(&output));
            assert_eq!(failed["failed"][0], component);
            for f in failed["flows"].as_array().unwrap() {
                assert!(["ok", "degraded", "delayed", "down"].contains(&f["status"].as_str().unwrap()), "{f}");
            }
        }
    }
}

#[test]
fn check_reports_an_overloaded_component_and_a_missed_slo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    let design = r#"title = "Tiny"

[requirements]
functional = ["serve pages"]
non_functional = ["p99 page latency < 1 ms"]

[[estimates.input]]
name = "peak_qps"
value = "5000 request / s"

[[components]]
id = "lb"
kind = "load_balancer"

[[components]]
id = "api"
kind = "service"
replicas = 2
capacity = "1000 request / s"

[[links]]
from = "lb"
to = "api"

[[flows]]
name = "pages"
serves = ["F1", "N1"]
rate = "peak_qps"
steps = ["lb -> api"]
"#;
    std::fs::write(&path, design).unwrap();
    let output = sdw().arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    // Pointed at the component's id (line 16) and at the requirement (line 5).
    assert!(
        err.contains(":16:1: component `api` is over capacity at peak: 5 K req/s of 2 K req/s = 2 × 1 K req/s (250%); from flow `pages` (rate row `peak_qps`)"),
        "{err}"
    );
    assert!(err.contains(":5:19: N1 misses its target on flow `pages`"), "{err}");
    assert!(err.contains("the slowest step is lb -> api"), "{err}");

    // Enough replicas and a reachable target: clean.
    let fixed = design.replace("replicas = 2", "replicas = 6").replace("< 1 ms", "< 50 ms");
    std::fs::write(&path, fixed).unwrap();
    let output = sdw().arg("check").arg(&path).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("1 flows"));
}

#[test]
fn flow_mistakes_are_load_errors_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    let design = r#"[[estimates.input]]
name = "peak_qps"
value = "5000 request / s"

[[estimates.input]]
name = "size"
value = "2 GB"

[[components]]
id = "lb"
kind = "load_balancer"

[[components]]
id = "api"
kind = "service"

[[links]]
from = "lb"
to = "api"

[[flows]]
name = "pages"
rate = "size"
steps = ["lb -> api", "api -> db", "lb -> api, x 2 GB / request"]
"#;
    std::fs::write(&path, design).unwrap();
    let output = sdw().args(["analyze"]).arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("design.toml:24:23: step api -> db: there is no component `db`"), "{err}");
    // Once the step is fixed, the units are checked.
    std::fs::write(&path, design.replace("\"api -> db\", ", "")).unwrap();
    let err = stderr(&sdw().args(["analyze"]).arg(&path).output().unwrap());
    assert!(err.contains("design.toml:23:1: rate `size` is in B"), "{err}");
    std::fs::write(&path, design.replace("\"api -> db\", ", "").replace("rate = \"size\"", "rate = \"peak_qps\""))
        .unwrap();
    let err = stderr(&sdw().args(["analyze"]).arg(&path).output().unwrap());
    assert!(
        err.contains("design.toml:24:23: step lb -> api: multiplier `2 GB / request` turns the flow into B/s"),
        "{err}"
    );
}

#[test]
fn the_numbers_vintage_can_be_switched() {
    let (current, _) = analyze_json(&["url-shortener"]);
    let (classic, output) = analyze_json(&["url-shortener", "--numbers", "classic-2012"]);
    assert!(output.status.success());
    assert_eq!(classic["numbers"], "classic-2012");
    let latency = |j: &Value| j["flows"][0]["latency_ms"].as_f64().unwrap();
    assert!(latency(&classic) > latency(&current), "2012's disks and network are slower");
    let bad = sdw().args(["analyze", "url-shortener", "--numbers", "1999"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("there are: classic-2012, current"), "{}", stderr(&bad));
}
