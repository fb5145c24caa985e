//! `sdw estimate`: text, JSON, --set, --explain and conventions, through the real binary.

use crate::{fixtures, sdw, stderr, stdout};

fn shortener() -> std::path::PathBuf {
    fixtures().join("valid/shortener.toml")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = sdw().arg("estimate").arg(shortener()).args(args).arg("--json").output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn value(doc: &serde_json::Value, name: &str) -> f64 {
    doc["quantities"].as_array().unwrap().iter().find(|q| q["name"] == name).unwrap()["value"].as_f64().unwrap()
}

#[test]
fn json_has_base_unit_values_in_sheet_order() {
    let doc = json(&[]);
    assert_eq!(doc["problem"], "url-shortener");
    assert_eq!(doc["convention"], "exact");
    let names: Vec<&str> = doc["quantities"].as_array().unwrap().iter().map(|q| q["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["new_urls_per_day", "peak_factor", "write_qps", "peak_write_qps"]);
    assert!((value(&doc, "write_qps") - 1157.407).abs() < 0.001);
    assert!((value(&doc, "peak_write_qps") - 5787.037).abs() < 0.001);
    let row = &doc["quantities"][2];
    assert_eq!(row["unit"], "url/s");
    assert_eq!(row["display"], "1.16 K url/s");
    assert!(row["error"].is_null());
    assert_eq!(row["expr"], "new_urls_per_day -> url / s");
}

#[test]
fn set_changes_every_dependent_row() {
    let doc = json(&["--set", "new_urls_per_day=200 million url / day"]);
    assert!((value(&doc, "write_qps") - 2314.815).abs() < 0.001);
    assert!((value(&doc, "peak_write_qps") - 11574.07).abs() < 0.01);
    let out = sdw().arg("estimate").arg(shortener()).args(["--set", "nope=1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no row called `nope`"));
}

#[test]
fn rough_convention_changes_rates_and_is_named() {
    let doc = json(&["--convention", "rough"]);
    assert_eq!(doc["convention"], "rough");
    assert_eq!(value(&doc, "write_qps"), 1000.0);
    let out = sdw().arg("estimate").arg(shortener()).args(["--convention", "rough"]).output().unwrap();
    assert!(stdout(&out).contains("convention rough: day ≈ 10^5 s"));
}

#[test]
fn explain_substitutes_inputs() {
    let out = sdw().arg("estimate").arg(shortener()).arg("--explain").output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("= (100 M url/day) -> url / s"), "{text}");
    assert!(text.contains("= 1157.4 url/s"), "{text}");
}

#[test]
fn a_bad_set_is_an_error_on_the_set_itself() {
    let set = |value: &str| sdw().arg("estimate").arg(shortener()).args(["--set", value, "--json"]).output().unwrap();
    let out = set("peak_factor=5 bytes + 1 s");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no sheet of dependent errors: {}", stdout(&out));
    assert_eq!(stderr(&out), "sdw: --set `peak_factor=5 bytes + 1 s`: unit mismatch at column 9: cannot add B and s\n");
    // A value in the wrong units names the row's units and the likely fix.
    let out = set("new_urls_per_day=1 billion");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "sdw: --set `new_urls_per_day=1 billion` is a plain number, but the row `new_urls_per_day` is in url/day \
         (100 million url / day); did you mean `1 billion url / day`?\n"
    );
    let out = set("write_qps=peak_write_qps / 5");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cycle: write_qps → peak_write_qps → write_qps"), "{}", stderr(&out));
    // The right units pass, and in the notation of notes.
    let out = set("new_urls_per_day=1B url / day");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn every_calendar_is_named_and_explain_says_how_it_counts_years() {
    for (flag, key, write_qps) in
        [("exact", "exact", 1157.407), ("primer", "primer", 1157.407), ("round-day", "round_day", 1000.0)]
    {
        let doc = json(&["--convention", flag]);
        assert_eq!(doc["convention"], key);
        assert!((value(&doc, "write_qps") - write_qps).abs() < 0.001, "{flag}");
    }
    let out = sdw().arg("estimate").arg(shortener()).args(["--convention", "primer", "--explain"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("convention primer: day = 86,400 s, month = 2.5×10^6 s, year = 12 months"), "{text}");
    assert!(text.contains("calendar primer: a year is 12 months (5 years = 60 months)"), "{text}");
    let out = sdw().arg("estimate").arg(shortener()).arg("--explain").output().unwrap();
    assert!(stdout(&out).contains("calendar exact: a year is 12.17 months (5 years = 60.8 months) and 365 days"));
}

#[test]
fn check_holds_a_design_against_the_figures_it_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shortener()).unwrap();
    let write = |stated: &str| {
        let path = dir.path().join("design.toml");
        let body = text.replacen("[[api]]", &format!("{stated}\n[[api]]"), 1);
        std::fs::write(&path, body).unwrap();
        sdw().arg("check").arg(&path).output().unwrap()
    };
    // The source's 6k req/s is a slip of the sheet's 5,787 (more than the 1% tolerance).
    let out = write(
        "[[estimates.stated]]\nname = \"peak_write_qps\"\nvalue = \"60 k url / s\"\nsource = \"the course notes\"\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("design.toml:"), "{err}");
    assert!(
        err.contains("`peak_write_qps`: the course notes says 60 K url/s; this sheet computes 5.79 K url/s (÷10.4)"),
        "{err}"
    );
    // Within a stated tolerance it passes.
    let out = write("[[estimates.stated]]\nname = \"peak_write_qps\"\nvalue = \"6k url / s\"\ntolerance_percent = 5\n");
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_warns_of_the_classic_slips_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shortener()).unwrap();
    let path = dir.path().join("slips.toml");
    let slip = "[[estimates.formula]]\nname = \"peak_twice\"\nexpr = \"peak_write_qps * peak_factor\"\n\n[[api]]";
    std::fs::write(&path, text.replacen("[[api]]", slip, 1)).unwrap();
    let out = sdw().arg("check").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("warning: row `peak_twice`: `peak_twice` applies `peak_factor` and uses a row that already did"),
        "{}",
        stderr(&out)
    );
    // The file as it was has no slip to warn of.
    let out = sdw().arg("check").arg(shortener()).output().unwrap();
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn ranges_give_bands_and_a_ranked_sensitivity() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(shortener())
        .unwrap()
        .replacen("value = \"100 million url / day\"", "value = \"50..100..300 million url / day\"", 1)
        .replacen("value = \"5\"", "value = \"3..5..8\"", 1);
    let path = dir.path().join("ranges.toml");
    std::fs::write(&path, text).unwrap();
    let run =
        || sdw().arg("estimate").arg(&path).args(["--bands", "--sensitivity", "peak_write_qps"]).output().unwrap();
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // The sheet itself is at the likely values.
    assert!(text.contains("peak_write_qps     5.79 K url/s"), "{text}");
    assert!(text.contains("peak_write_qps    1.74 K url/s .. 27.8 K url/s"), "{text}");
    let ranked: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("What moves `peak_write_qps` most"))
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(ranked, ["new_urls_per_day", "peak_factor"], "{text}");
    assert_eq!(stdout(&run()), text, "the same file gives the same bands");
    // Without a range there is no band to show, and a bad range names its form.
    let out = sdw().arg("estimate").arg(shortener()).arg("--bands").output().unwrap();
    assert!(stdout(&out).contains("Bands: no row depends on a range"), "{}", stdout(&out));
    let out = sdw().arg("estimate").arg(shortener()).args(["--set", "peak_factor=3..5"]).output().unwrap();
    assert!(stderr(&out).contains("a range is written low..likely..high"), "{}", stderr(&out));
}
