//! Every subcommand, through the real binary.

use crate::{fixtures, sdw, stderr, stdout};

fn user_problems() -> std::path::PathBuf {
    fixtures().join("problems")
}

#[test]
fn calc_gives_the_worked_figures() {
    let out = sdw().args(["calc", "100 million / day -> 1/s"]).output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("1157.4 /s"), "{}", stdout(&out));
    assert!(stdout(&out).contains("[exact]"));

    let out = sdw().args(["calc", "--convention", "rough", "100 million / day -> 1/s"]).output().unwrap();
    assert!(stdout(&out).starts_with("1000 /s"), "{}", stdout(&out));
    assert!(stdout(&out).contains("[rough]"));

    // Words are joined, so quoting is optional.
    let out = sdw().args(["calc", "62^7"]).output().unwrap();
    assert!(stdout(&out).starts_with("3,521,614,606,208"), "{}", stdout(&out));
    let out = sdw().args(["calc", "1", "billion", "*", "100", "bytes", "->", "GB"]).output().unwrap();
    assert!(stdout(&out).starts_with("100 GB"), "{}", stdout(&out));
    let out = sdw().args(["calc", "(100 percent - 99.99 percent) * year -> minutes"]).output().unwrap();
    assert!(stdout(&out).starts_with("52.56 min"), "{}", stdout(&out));
}

#[test]
fn calc_reports_unit_errors_cleanly() {
    let out = sdw().args(["calc", "3 bytes + 2 s"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "sdw: unit mismatch at column 9: cannot add B and s\n");
    for bad in ["1e999999", "1/0", "(((((", "", "foo bar"] {
        let out = sdw().args(["calc", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("sdw: "), "{bad}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{bad}: {}", stderr(&out));
    }
    // Close to the longest single argument a shell passes.
    let nested = format!("{}1{}", "(".repeat(60_000), ")".repeat(60_000));
    let out = sdw().args(["calc", &nested]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("characters long"), "{}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(sdw().arg("frobnicate").output().unwrap().status.code(), Some(2));
    assert_eq!(sdw().arg("calc").output().unwrap().status.code(), Some(2));
    assert_eq!(sdw().args(["estimate", "x", "--set", "noequals"]).output().unwrap().status.code(), Some(2));
    assert_eq!(sdw().args(["calc", "--convention", "sloppy", "1"]).output().unwrap().status.code(), Some(2));
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["list", "show", "new", "estimate", "check", "calc", "completions"] {
        let out = sdw().args([command, "--help"]).output().unwrap();
        assert!(out.status.success(), "{command}");
        assert!(stdout(&out).contains("Example"), "{command} --help has no example");
    }
}

#[test]
fn list_shows_user_problems_and_what_they_shadow() {
    let out = sdw().arg("--problems").arg(user_problems()).arg("list").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("mini-cache"));
    let out = sdw().env("SDW_PROBLEMS", user_problems()).args(["list", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mini = list["problems"].as_array().unwrap().iter().find(|p| p["id"] == "mini-cache").expect("listed");
    assert_eq!(mini["difficulty"], "easy");
    assert_eq!(mini["shadows_builtin"], false);

    // A user problem with a built-in id replaces it, and the listing says so.
    let dir = tempfile::tempdir().unwrap();
    let builtin = sdw().args(["list", "--json"]).output().unwrap();
    let builtin: serde_json::Value = serde_json::from_slice(&builtin.stdout).unwrap();
    if let Some(first) = builtin["problems"].as_array().unwrap().first() {
        let id = first["id"].as_str().unwrap();
        let text = std::fs::read_to_string(user_problems().join("mini-cache.toml")).unwrap();
        std::fs::write(dir.path().join("mine.toml"), text.replace("id = \"mini-cache\"", &format!("id = \"{id}\"")))
            .unwrap();
        let out = sdw().arg("--problems").arg(dir.path()).arg("list").output().unwrap();
        let line = stdout(&out).lines().find(|l| l.starts_with(id)).unwrap().to_string();
        assert!(line.contains("Mini cache") && line.contains("shadows the built-in"), "{line}");
    }
}

#[test]
fn a_broken_user_problem_is_reported_but_the_rest_still_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.toml"), "id = \"broken\"\n").unwrap();
    let out = sdw().arg("--problems").arg(dir.path()).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("broken.toml:1:1: missing field"), "{}", stderr(&out));
}

#[test]
fn show_prints_the_brief_and_questions() {
    let out = sdw().arg("--problems").arg(user_problems()).args(["show", "mini-cache"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Mini cache"));
    assert!(text.contains("How many reads per day?"));
    assert!(text.contains("About 100 million."));
    let out = sdw().args(["show", "no-such-problem"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no problem called `no-such-problem`"));
}

#[test]
fn new_writes_a_design_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempt.toml");
    let out =
        sdw().arg("--problems").arg(user_problems()).args(["new", "mini-cache", "-o"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("problem = \"mini-cache\""));
    assert!(text.contains("reads_per_day"), "the brief's assumptions are in: {text}");
    assert!(!text.contains("[[components]]"), "the reference stays hidden: {text}");

    // A second `new` to the same file is refused; --force overwrites.
    let again = sdw()
        .arg("--problems")
        .arg(user_problems())
        .args(["new", "mini-cache", "--reference", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let forced = sdw()
        .arg("--problems")
        .arg(user_problems())
        .args(["new", "mini-cache", "--reference", "--force", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(std::fs::read_to_string(&file).unwrap().contains("[[components]]"));

    // The new file checks and estimates.
    assert!(sdw().arg("check").arg(&file).output().unwrap().status.success());
    let est = sdw().arg("estimate").arg(&file).output().unwrap();
    assert!(stdout(&est).contains("read_qps"), "{}", stdout(&est));

    // Without a problem: the standard sheet, which evaluates cleanly.
    let blank = dir.path().join("blank.toml");
    assert!(sdw().args(["new", "-o"]).arg(&blank).output().unwrap().status.success());
    let est = sdw().arg("estimate").arg(&blank).output().unwrap();
    assert!(est.status.success(), "{}", stdout(&est));
    for row in ["peak_read_qps", "storage_total", "egress", "cache_memory", "app_servers", "db_shards"] {
        assert!(stdout(&est).contains(row), "{row} missing");
    }
}

#[test]
fn check_validates_problems_and_their_figures() {
    let out = sdw().arg("--problems").arg(user_problems()).args(["check", "mini-cache"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 expected figures met"));
    // A figure that the sheet does not meet fails the check, at the figure's line.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(user_problems().join("mini-cache.toml")).unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, text.replace("value = \"1157 request / s\"", "value = \"2000 request / s\"")).unwrap();
    let out = sdw().arg("check").arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(":17:1: `read_qps` is 1.16 K req/s (1157.4 req/s), expected 2000 request / s ± 1%"),
        "{}",
        stderr(&out)
    );
    // An erratum that is not wrong is itself an error.
    std::fs::write(
        &broken,
        text.replace("source_figure = \"6000 request / s\"", "source_figure = \"5790 request / s\""),
    )
    .unwrap();
    let out = sdw().arg("check").arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("agrees with the engine"), "{}", stderr(&out));
}

#[test]
fn completions_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let out = sdw().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        assert!(stdout(&out).contains("estimate"), "{shell}");
    }
}

#[test]
fn calc_refuses_a_saturating_exponent_and_a_comment() {
    let out = sdw().args(["calc", "byte^(2^63) / byte^(2^63-1)"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the limit is ±1000"), "{}", stderr(&out));
    let out = sdw().args(["calc", "#x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("`#` is not allowed"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("sdw_calc_result"), "{}", stderr(&out));
}

#[test]
fn every_example_in_calc_help_runs() {
    // Split as bash splits them: an example that does not paste into a shell is a bug too.
    let help = stdout(&sdw().args(["calc", "--help"]).output().unwrap());
    let examples: Vec<&str> = help.lines().filter_map(|l| l.trim().strip_prefix("sdw calc ")).collect();
    assert!(examples.len() >= 3, "{help}");
    for example in examples {
        let out = sdw()
            .arg("calc")
            .args(shell_words::split(example).expect("the example splits as a shell would"))
            .output()
            .unwrap();
        assert!(out.status.success(), "sdw calc {example}: {}", stderr(&out));
        assert!(stdout(&out).ends_with("]\n"), "sdw calc {example}: {}", stdout(&out));
    }
}

#[test]
fn calc_reads_interview_notation() {
    let value = |expr: &str| {
        let out = sdw().args(["calc", expr]).output().unwrap();
        assert!(out.status.success(), "{expr}: {}", stderr(&out));
        stdout(&out)
    };
    assert!(value("300M * 2 / day -> 1/s").starts_with("6944.4 /s"), "{}", value("300M * 2 / day -> 1/s"));
    assert!(value("20k + 1,000").starts_with("21,000"));
    assert!(
        value("(292B tweet) * (5 B/tweet) -> TB").starts_with("1.46 TB"),
        "{}",
        value("(292B tweet) * (5 B/tweet) -> TB")
    );
    assert!(value("1 photo per 5 tweet").starts_with("0.2 photo/tweet"));
    assert!(value("10:1 * 3").starts_with("30"));
}

#[test]
fn the_workbench_refuses_to_draw_into_a_file_or_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    sdw::store::save_design(&path, &sdw::model::Design { title: "Mine".into(), ..Default::default() }).unwrap();
    // assert_cmd's standard output is a pipe: `sdw open f.toml > out.txt` is the same.
    let out =
        crate::sdw().current_dir(dir.path()).args(["open", "d.toml"]).env("SDW_DATA_DIR", dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no screens of escape codes in the file");
    assert!(stderr(&out).contains("needs a terminal"), "{}", stderr(&out));
    // Nor does `practice` leave a new file behind when it cannot open the workbench.
    let out =
        crate::sdw().current_dir(dir.path()).args(["practice", "url-shortener", "-o", "p.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("p.toml").exists());
    // A broken file still says what is wrong with it first.
    std::fs::write(dir.path().join("bad.toml"), "title = 3\n").unwrap();
    let out = crate::sdw().current_dir(dir.path()).args(["open", "bad.toml"]).output().unwrap();
    assert!(stderr(&out).contains("bad.toml:1:9"), "{}", stderr(&out));
}

#[test]
fn the_settings_calendar_and_problem_folders_apply_to_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("sdw")).unwrap();
    let folders = user_problems();
    std::fs::write(
        config.join("sdw").join("settings.toml"),
        format!("# mine\ncalendar = \"rough\"\nproblem_folders = [{:?}]\n", folders.display().to_string()),
    )
    .unwrap();
    let run = |args: &[&str]| {
        crate::sdw()
            .current_dir(dir.path())
            .env("XDG_CONFIG_HOME", &config)
            .env_remove("SDW_PROBLEMS")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["new", "url-shortener", "-o", "d.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let design = sdw::store::load_design(&dir.path().join("d.toml")).unwrap();
    assert_eq!(design.estimates.convention, sdw::model::Convention::Rough, "new designs take the calendar");
    let without =
        crate::sdw().env_remove("SDW_PROBLEMS").env("XDG_CONFIG_HOME", dir.path()).args(["list"]).output().unwrap();
    let with = run(&["list"]);
    assert!(stdout(&with).lines().count() > stdout(&without).lines().count(), "the folder's problems are listed");
    let out = run(&["settings"]);
    assert!(stdout(&out).contains("calendar = \"rough\""), "{}", stdout(&out));
}
