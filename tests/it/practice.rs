//! `sdw review` and `sdw history` through the real binary, and a whole mock interview driven
//! through key events.

use crate::{sdw, stdout};

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_fresh_attempt_scores_far_below_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempt.toml");
    assert!(sdw().args(["new", "twitter", "-o"]).arg(&file).output().unwrap().status.success());
    let fresh = sdw().arg("review").arg(&file).arg("--json").output().unwrap();
    assert!(fresh.status.success());
    let fresh: serde_json::Value = serde_json::from_slice(&fresh.stdout).unwrap();
    let reference = sdw().args(["review", "twitter", "--json"]).output().unwrap();
    let reference: serde_json::Value = serde_json::from_slice(&reference.stdout).unwrap();
    let (f, r) = (fresh["score"].as_u64().unwrap(), reference["score"].as_u64().unwrap());
    assert!(r >= 80 && f <= 20, "fresh {f}, reference {r}");
    let items = fresh["items"].as_array().unwrap();
    assert!(items.len() >= 8);
    assert!(items.iter().all(|i| i["met"].is_boolean() && i["label"].is_string()));
    let text = stdout(&sdw().args(["review", "twitter"]).output().unwrap());
    assert!(text.lines().filter(|l| l.trim_start().starts_with(['✓', '✗'])).count() >= 8, "{text}");
}

#[test]
fn recorded_attempts_show_in_the_history_with_progress() {
    let data = data_dir();
    let empty = sdw().env("SDW_DATA_DIR", data.path()).arg("history").output().unwrap();
    assert!(stdout(&empty).contains("No finished attempts yet"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempt.toml");
    sdw().args(["new", "url-shortener", "-o"]).arg(&file).output().unwrap();
    for _ in 0..2 {
        let out = sdw().env("SDW_DATA_DIR", data.path()).arg("review").arg(&file).arg("--record").output().unwrap();
        assert!(out.status.success());
    }
    sdw().env("SDW_DATA_DIR", data.path()).args(["review", "url-shortener", "--record"]).output().unwrap();
    let out = sdw().env("SDW_DATA_DIR", data.path()).arg("history").output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("url-shortener  ") && text.contains("3 attempts"), "{text}");
    assert!(text.contains("up "), "progress is shown: {text}");
    let json = sdw().env("SDW_DATA_DIR", data.path()).args(["history", "--json", "url-shortener"]).output().unwrap();
    let attempts: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(attempts.as_array().unwrap().len(), 3);
}
