//! What reaches the user's terminal: text from data shown, never obeyed; signals that give the
//! terminal back; closed pipes ended quietly.

use std::path::Path;

use crate::{sdw, stderr, stdout};

/// Text that would act on a terminal printed raw: OSC 52 (sets the clipboard), a CSI that
/// clears the screen, a C1 CSI, a bell, and a right-to-left override.
const HOSTILE: &str = "Evil\x1b]52;c;SGVsbG8=\x07 \x1b[2J\u{9b}31m\u{202e}txt";

/// Whether `text` holds anything a terminal would act on (newlines and tabs aside).
fn acts_on_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

fn assert_shown_not_obeyed(what: &str, output: &std::process::Output) {
    let (out, err) = (stdout(output), stderr(output));
    assert!(!acts_on_terminal(&out), "{what}: stdout carries controls: {out:?}");
    assert!(!acts_on_terminal(&err), "{what}: stderr carries controls: {err:?}");
    let all = format!("{out}{err}");
    // clap takes escape sequences out of what it quotes back; the rest is shown.
    if what.contains("command line") {
        assert!(all.contains("\\u{202e}txt"), "{what}: {all}");
        return;
    }
    assert!(all.contains("\\e]52;c;SGVsbG8"), "{what}: the escape is shown, not dropped: {all}");
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn hostile_problem(dir: &Path) {
    let toml_text = |s: &str| toml::Value::String(s.to_string()).to_string();
    let brief = std::fs::read_to_string(crate::fixtures().join("problems/mini-cache.toml")).unwrap();
    let brief = brief
        .replace("title = \"Mini cache\"", &format!("title = {}", toml_text(HOSTILE)))
        .replace("tags = [\"test\"]", &format!("tags = [{}]", toml_text(HOSTILE)))
        .replace("\"About 100 million.\"", &toml_text(HOSTILE));
    write(&dir.join("hostile.toml"), &brief);
}

fn hostile_design(path: &Path) {
    let design = sdw::model::Design {
        title: HOSTILE.into(),
        problem: Some(format!("no-such{HOSTILE}")),
        ..sdw::problem::Library::builtin().get("url-shortener").unwrap().problem.reference_design()
    };
    let mut text = sdw::store::to_toml(&design);
    let quoted = toml::Value::String(HOSTILE.to_string()).to_string();
    text = text.replacen("note = \"", &format!("note = \"{}", quoted.trim_matches('"')), 1);
    write(path, &text);
}

#[test]
fn text_from_data_is_shown_as_escapes_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let problems = dir.path().join("problems");
    std::fs::create_dir(&problems).unwrap();
    hostile_problem(&problems);
    let design = dir.path().join("design.toml");
    hostile_design(&design);
    assert!(std::fs::read_to_string(&design).unwrap().contains("\\u001B]52"), "the design carries the escape");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let attempt = serde_json::json!({
        "problem": HOSTILE, "date": HOSTILE, "seconds_used": 60, "score": 50, "hints_used": 0
    });
    write(&data.join("history.jsonl"), &format!("{attempt}\n"));
    let bad_name = dir.path().join(format!("{HOSTILE}.toml"));
    write(&bad_name, "title = [[[\n");

    let design = design.to_str().unwrap();
    let problems = problems.to_str().unwrap();
    let bad_set = format!("{HOSTILE}=1");
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("list", vec!["list", "--problems", problems]),
        ("show", vec!["show", "mini-cache", "--problems", problems]),
        ("estimate", vec!["estimate", design]),
        ("estimate --explain", vec!["estimate", design, "--explain"]),
        ("review", vec!["review", design]),
        ("history", vec!["history"]),
        ("check a file with a hostile name", vec!["check", bad_name.to_str().unwrap()]),
        ("estimate a file with a hostile name", vec!["estimate", bad_name.to_str().unwrap()]),
        ("an unknown problem quoted back", vec!["show", HOSTILE]),
        ("an unknown command on the command line", vec![HOSTILE]),
        ("a bad --set quoted back", vec!["estimate", "url-shortener", "--set", &bad_set]),
    ];
    for (what, args) in runs {
        let output = sdw().current_dir(dir.path()).env("SDW_DATA_DIR", &data).args(&args).output().unwrap();
        assert_shown_not_obeyed(what, &output);
    }
}

#[test]
fn json_keeps_the_text_exactly_and_safely() {
    let dir = tempfile::tempdir().unwrap();
    hostile_problem(dir.path());
    let output = sdw().args(["list", "--json", "--problems"]).arg(dir.path()).output().unwrap();
    let out = stdout(&output);
    assert!(!acts_on_terminal(&out), "{out:?}");
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = listed["problems"].as_array().unwrap().iter().filter_map(|p| p["title"].as_str()).collect();
    assert!(titles.contains(&HOSTILE), "the value itself is unchanged: {titles:?}");
}

#[test]
fn documents_into_a_pipe_are_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("design.toml");
    hostile_design(&design);
    // Into a file or a pipe, a document is data: what the design says, as it says it.
    let output = sdw().arg("export").arg(&design).args(["--format", "json"]).output().unwrap();
    let exported: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(exported["title"], HOSTILE);
}

// ----- signals -----

use std::time::{Duration, Instant};

use crate::pty::{LEAVE_ALTERNATE_SCREEN, Session, visible};

const ENTER_ALTERNATE_SCREEN: &str = "\x1b[?1049h";

fn workbench_on_a_design() -> (tempfile::TempDir, std::path::PathBuf, Session) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    sdw::store::save_design(&path, &sdw::model::Design { title: "Signal test".into(), ..Default::default() }).unwrap();
    let session = Session::start(dir.path(), &["open", "design.toml"]);
    session.wait_for("Signal test");
    (dir, path, session)
}

#[test]
fn int_quit_usr1_and_alrm_end_the_workbench_as_term_does() {
    for signal in ["INT", "QUIT", "USR1", "ALRM"] {
        let (_dir, path, mut session) = workbench_on_a_design();
        session.type_keys("a");
        session.type_keys("kept on SIG");
        session.wait_for("kept on SIG");
        std::thread::sleep(Duration::from_millis(1_200));
        session.signal(signal);
        let status = session.wait();
        assert!(status.success(), "{signal}: exits cleanly, not {status:?}");
        let output = output_to_the_end(&session);
        let left = output.rfind(LEAVE_ALTERNATE_SCREEN).unwrap_or_else(|| panic!("{signal}: alternate screen left"));
        let entered = output.rfind(ENTER_ALTERNATE_SCREEN).unwrap();
        assert!(left > entered, "{signal}: left after entering");
        assert!(output[entered..].contains("\x1b[?1000l"), "{signal}: mouse reporting is switched off");
        let kept = crate::read_recovery(&path).expect("the work is in the recovery file");
        assert_eq!(kept.requirements.functional, ["kept on SIG"], "{signal}");
    }
}

/// Everything the ended process printed: the pty may still hold its last bytes when it exits.
fn output_to_the_end(session: &Session) -> String {
    let started = Instant::now();
    while !session.output().contains(LEAVE_ALTERNATE_SCREEN) && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    session.output()
}

/// The one-letter state of a process (`T` stopped, `S` sleeping, `R` running).
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // `pid (name) S ...`: the name may hold spaces, so read after its closing parenthesis.
    stat.rsplit_once(')').and_then(|(_, rest)| rest.trim_start().chars().next()).unwrap_or('?')
}

fn wait_for_state(session: &Session, wanted: char) {
    let started = Instant::now();
    while process_state(session.pid()) != wanted {
        assert!(started.elapsed() < Duration::from_secs(10), "never reached state {wanted}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The terminal's line discipline, as `stty` reports it: its flags, one word each.
fn terminal_modes(session: &Session) -> Vec<String> {
    let device = format!("/proc/{}/fd/0", session.pid());
    let out = std::process::Command::new("stty").args(["-a", "-F", &device]).output().unwrap();
    assert!(out.status.success(), "stty: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_string).collect()
}

fn cooked(modes: &[String]) -> bool {
    modes.iter().any(|m| m == "icanon") && modes.iter().any(|m| m == "echo")
}

/// Stop the workbench with `stop` (an outside SIGTSTP, or Ctrl-Z typed), then `fg` it: the
/// shell gets a cooked terminal and the main screen while it is stopped, and the workbench
/// takes raw mode and its screen back, whole, and goes on taking keys.
fn suspends_and_resumes(stop: impl Fn(&mut Session)) {
    let (_dir, path, mut session) = workbench_on_a_design();
    assert!(!cooked(&terminal_modes(&session)), "raw while running");
    let before = session.output().len();
    stop(&mut session);
    wait_for_state(&session, 'T');
    let started = Instant::now();
    while !session.output()[before..].contains(LEAVE_ALTERNATE_SCREEN) && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let stopped = session.output()[before..].to_string();
    assert!(stopped.contains(LEAVE_ALTERNATE_SCREEN), "the screen is given back before stopping: {stopped:?}");
    assert!(stopped.contains("\x1b[?1000l"), "mouse reporting is switched off: {stopped:?}");
    assert!(cooked(&terminal_modes(&session)), "the shell gets a cooked, echoing terminal");

    let before = session.output().len();
    session.signal("CONT");
    wait_for_state(&session, 'S');
    let started = Instant::now();
    while !visible(&session.output()[before..]).contains("Signaltest") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no redraw after fg: {}",
            visible(&session.output()[before..])
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let resumed = session.output()[before..].to_string();
    assert!(resumed.contains(ENTER_ALTERNATE_SCREEN), "its own screen again: {resumed:?}");
    assert!(resumed.contains("\x1b[2J"), "drawn whole over what the shell left: {}", visible(&resumed));
    assert!(visible(&resumed).contains("Functionalrequirements"), "every part of the screen is drawn again");
    assert!(!cooked(&terminal_modes(&session)), "raw again");
    session.type_keys("a");
    session.type_keys("after fg");
    session.wait_for("after fg");
    session.type_keys("\r\x13"); // Enter, Ctrl-S
    session.wait_for("saved");
    session.type_keys("q");
    let status = session.wait();
    assert!(status.success(), "{status:?}: {}", visible(&session.output()));
    let saved = sdw::store::load_design(&path).unwrap();
    assert_eq!(saved.requirements.functional, ["after fg"], "typing after fg reached the design");
}

#[test]
fn an_outside_sigtstp_and_fg_suspend_and_resume_cleanly() {
    suspends_and_resumes(|session| session.signal("TSTP"));
}

#[test]
fn ctrl_z_suspends_as_in_vim() {
    suspends_and_resumes(|session| session.type_keys("\x1a"));
}

#[test]
fn the_workbench_draws_no_bidi_override_and_no_escape_from_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    let design = sdw::model::Design {
        title: format!("Bidi{HOSTILE}"),
        requirements: sdw::model::Requirements {
            functional: vec![format!("Pay \u{202e}0001\u{202c} now{HOSTILE}")],
            ..Default::default()
        },
        ..Default::default()
    };
    sdw::store::save_design(&path, &design).unwrap();
    let mut session = Session::start(dir.path(), &["open", "design.toml"]);
    session.wait_for("Pay");
    session.type_keys("q");
    assert!(session.wait().success());
    let output = session.output();
    for c in ['\u{202e}', '\u{202c}', '\u{9b}', '\u{7}'] {
        assert!(!output.contains(c), "{c:?} reached the terminal: {}", visible(&output));
    }
    assert!(!output.contains("\x1b]52"), "an OSC from data reached the terminal");
    assert!(visible(&output).contains("Pay0001now"), "the text around the overrides is drawn in its order");
}

// ----- user templates are bounded -----

const ENDLESS_OUTPUT: &str =
    "{% for i in range(end=100000) %}{% for j in range(end=100000) %}0123456789abcdef{% endfor %}{% endfor %}";
const ENDLESS_SPIN: &str = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";

#[test]
fn a_runaway_user_template_fails_naming_itself_within_the_limits() {
    for (what, template, reason) in
        [("writes without end", ENDLESS_OUTPUT, "MiB"), ("spins without writing", ENDLESS_SPIN, "after 2 s")]
    {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        std::fs::create_dir(&templates).unwrap();
        write(&templates.join("design.md.tera"), template);
        let target = dir.path().join("out.md");
        let started = Instant::now();
        let output = sdw()
            .args(["export", "url-shortener", "--templates"])
            .arg(&templates)
            .arg("-o")
            .arg(&target)
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(10), "{what}: took {:?}", started.elapsed());
        assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(&templates.join("design.md.tera").display().to_string()), "{what}: {message}");
        assert!(message.contains(reason), "{what}: {message}");
        assert!(!target.exists(), "{what}: nothing half-written");
    }
}

#[test]
fn a_runaway_user_template_leaves_the_workbench_responsive() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("config/sdw/templates");
    std::fs::create_dir_all(&templates).unwrap();
    write(&templates.join("architecture.mmd.tera"), ENDLESS_SPIN);
    let path = dir.path().join("design.toml");
    let design = sdw::problem::Library::builtin().get("url-shortener").unwrap().problem.reference_design();
    sdw::store::save_design(&path, &design).unwrap();
    let config = dir.path().join("config");
    let mut session =
        Session::start_with_env(dir.path(), &["open", "design.toml"], &[("XDG_CONFIG_HOME", config.to_str().unwrap())]);
    session.wait_for("Functional requirements");
    let started = Instant::now();
    session.type_keys("e");
    session.wait_for("architecture.mmd.tera");
    assert!(started.elapsed() < Duration::from_secs(8), "the export gave up after {:?}", started.elapsed());
    session.type_keys("2");
    session.wait_for("Assumptions");
    session.type_keys("q");
    assert!(session.wait().success());
}

// ----- pipes and paths -----

/// Run sdw with `args` into a pipe whose reader has already gone: its exit code and stderr.
fn into_a_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let (err, code) = (dir.path().join("stderr"), dir.path().join("code"));
    // `true` exits at once; sdw starts writing a moment later, into a pipe nobody reads.
    let script = r#"{ sleep 0.3; "$0" "$@" 2>"$ERR"; echo $? >"$CODE"; } | true"#;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_sdw"))
        .args(args)
        .env("ERR", &err)
        .env("CODE", &code)
        .env_remove("SDW_PROBLEMS")
        .status()
        .unwrap();
    assert!(status.success());
    let code = std::fs::read_to_string(&code).unwrap().trim().parse().ok();
    (code, std::fs::read_to_string(&err).unwrap())
}

#[test]
fn json_completions_and_documents_into_a_closed_pipe_end_quietly() {
    for args in [
        &["list", "--json"][..],
        &["estimate", "twitter", "--json"],
        &["review", "twitter", "--json"],
        &["history", "--json"],
        &["export", "twitter", "--format", "json"],
        &["export", "twitter"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["show", "twitter"],
        &["estimate", "twitter", "--explain"],
    ] {
        let (code, err) = into_a_closed_pipe(args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}: nothing said about the pipe");
    }
}

#[test]
fn dev_stdout_and_dash_as_output_write_to_the_pipe() {
    for target in ["/dev/stdout", "-"] {
        let output = sdw().args(["export", "url-shortener", "-o", target]).output().unwrap();
        assert!(output.status.success(), "{target}: {}", stderr(&output));
        assert!(stdout(&output).starts_with("# URL shortener"), "{target}: {}", stdout(&output));
        assert!(!stdout(&output).contains("wrote "), "{target}: no status line in the document");
        assert!(!Path::new("-").exists(), "no file called -");
    }
    let output = sdw().args(["export", "url-shortener", "--format", "json", "-o", "/dev/null"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "", "a device is written straight through, and no status line");
}

#[test]
fn a_relative_xdg_folder_is_ignored_as_the_spec_says() {
    let home = tempfile::tempdir().unwrap();
    let work = home.path().join("work");
    std::fs::create_dir(&work).unwrap();
    // Data: a practice attempt recorded with a relative XDG_DATA_HOME lands under $HOME.
    let output = sdw()
        .current_dir(&work)
        .env_remove("SDW_DATA_DIR")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", "relative-data")
        .args(["review", "url-shortener", "--record"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!work.join("relative-data").exists(), "nothing under the relative folder");
    assert!(home.path().join(".local/share/sdw/history.jsonl").exists(), "{}", stderr(&output));

    // Configuration: templates under a relative XDG_CONFIG_HOME are not used; ~/.config's are.
    for base in [work.join("relative-config/sdw/templates"), home.path().join(".config/sdw/templates")] {
        std::fs::create_dir_all(&base).unwrap();
        write(&base.join("design.md.tera"), &format!("from {}", base.display()));
    }
    let output = sdw()
        .current_dir(&work)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", "relative-config")
        .args(["export", "url-shortener"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains(".config/sdw/templates"), "{}", stdout(&output));
}

// ----- `-` is stdin and stdout -----

#[test]
fn dash_reads_a_design_or_a_problem_from_stdin() {
    let design = std::fs::read(crate::fixtures().join("valid/shortener.toml")).unwrap();
    for (args, expect) in [
        (&["check", "-"][..], "ok  <stdin>: design"),
        (&["estimate", "-"], "Assumptions"),
        (&["estimate", "-", "--json"], "\"quantities\""),
        (&["export", "-"], "# "),
        (&["export", "-", "-o", "-", "--format", "mermaid"], "%% sdw:architecture"),
        (&["review", "-"], "/ 100"),
    ] {
        let output = sdw().args(args).write_stdin(design.clone()).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(stdout(&output).contains(expect), "{args:?}: {}", stdout(&output));
    }
    let problem = std::fs::read(crate::fixtures().join("problems/mini-cache.toml")).unwrap();
    let output = sdw().args(["check", "-"]).write_stdin(problem).output().unwrap();
    assert!(stdout(&output).contains("ok  <stdin>: problem `mini-cache`"), "{}", stdout(&output));
}

#[test]
fn errors_in_stdin_are_located_in_stdin() {
    let output = sdw().args(["check", "-"]).write_stdin("title = \"x\"\ncolour = 1\n").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("<stdin>:2:1: "), "{}", stderr(&output));
    let broken = "[[estimates.input]]\nname = \"a\"\nvalue = \"3 bytes + 2 s\"\n";
    let output = sdw().args(["check", "-"]).write_stdin(broken).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("<stdin>:3:"), "the row error points into stdin: {}", stderr(&output));
    let output = sdw().args(["estimate", "-"]).write_stdin(vec![b'a', 0xff, b'\n']).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("<stdin>:1:"), "{}", stderr(&output));
}

#[test]
fn new_dash_prints_the_design_and_practice_needs_a_file() {
    let output = sdw().args(["new", "url-shortener", "-o", "-"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let design = sdw::store::parse_design(&stdout(&output), "stdout").expect("a design on stdout");
    assert_eq!(design.problem.as_deref(), Some("url-shortener"));
    assert!(!Path::new("-").exists());
    let output = sdw().args(["practice", "url-shortener", "-o", "-"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("needs a file"), "{}", stderr(&output));
}

// ----- quiet and honest streams -----

#[test]
fn status_lines_go_to_stderr_and_q_silences_them() {
    let dir = tempfile::tempdir().unwrap();
    let runs: [&[&str]; 3] = [
        &["export", "url-shortener", "-o", "doc.md"],
        &["new", "url-shortener", "-o", "new.toml"],
        &["review", "url-shortener", "--record"],
    ];
    for args in runs {
        let output =
            sdw().current_dir(dir.path()).env("SDW_DATA_DIR", dir.path().join("data")).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(
            !stdout(&output).contains("wrote") && !stdout(&output).contains("recorded"),
            "{args:?}: {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).starts_with("wrote ") || stderr(&output).starts_with("recorded in "),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    std::fs::remove_file(dir.path().join("new.toml")).unwrap();
    for args in runs {
        let output = sdw()
            .current_dir(dir.path())
            .env("SDW_DATA_DIR", dir.path().join("data"))
            .arg("-q")
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "-q {args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "-q {args:?}");
    }
    // Errors are not status: -q still says what went wrong.
    let output = sdw().args(["-q", "show", "nosuch"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nosuch"), "{}", stderr(&output));
}

/// Every example of every `--help`, as printed: the lines under `Example:` or `Examples:`.
fn help_examples() -> Vec<String> {
    let root = stdout(&sdw().arg("--help").output().unwrap());
    let commands: Vec<String> = root
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 10, "{commands:?}");
    let mut examples = Vec::new();
    for help in
        std::iter::once(root).chain(commands.iter().map(|c| stdout(&sdw().args([c, "--help"]).output().unwrap())))
    {
        let lines = help.lines().skip_while(|l| !l.starts_with("Example")).skip(1);
        examples.extend(lines.take_while(|l| l.starts_with("  ")).map(|l| l.trim().to_string()));
    }
    examples
}

#[test]
fn every_help_example_pastes_into_bash_as_it_is() {
    let examples = help_examples();
    assert!(examples.len() >= 20, "{examples:?}");
    for example in examples {
        let dir = tempfile::tempdir().unwrap();
        let args = dir.path().join("args");
        let work = dir.path().join("work");
        std::fs::create_dir(&work).unwrap();
        // The programs an example names, as stubs that keep their arguments; then the line.
        let stubs = r#"sdw() { printf '%s\n' "$@" >> "$ARGS"; }; jq() { :; }; git() { :; }; cat() { :; }"#;
        let redirects = example.contains(" > ");
        let script = if redirects { example.clone() } else { format!("{stubs}; {example}") };
        let mut bash = std::process::Command::new("bash");
        bash.current_dir(&work).env("ARGS", &args);
        let output =
            if redirects { bash.args(["-n", "-c", &script]).output() } else { bash.args(["-c", &script]).output() };
        let output = output.unwrap();
        assert!(output.status.success(), "`{example}`: {}", String::from_utf8_lossy(&output.stderr));
        let created: Vec<_> = std::fs::read_dir(&work).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(created.is_empty(), "`{example}` redirects into {created:?}");
        if example.starts_with("sdw calc") {
            let seen = std::fs::read_to_string(&args).unwrap();
            let expr = seen.lines().last().unwrap();
            assert!(expr.contains("->") && expr.contains(' '), "`{example}` passes the expression whole: {seen:?}");
        }
    }
}

// ----- history and lookups -----

#[test]
fn history_of_an_unknown_problem_says_so_with_did_you_mean() {
    let data = tempfile::tempdir().unwrap();
    let output = sdw().env("SDW_DATA_DIR", data.path()).args(["history", "twiter"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no problem called `twiter`; did you mean `twitter`?"), "{}", stderr(&output));
    let output = sdw().env("SDW_DATA_DIR", data.path()).args(["history", "nosuch"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "sdw: no problem called `nosuch` (see `sdw list`)\n");
    // A real problem without attempts is not an error.
    let output = sdw().env("SDW_DATA_DIR", data.path()).args(["history", "twitter"]).output().unwrap();
    assert!(output.status.success());
    assert!(stdout(&output).contains("No finished attempts at `twitter` yet"), "{}", stdout(&output));
    assert!(stdout(&output).contains("sdw practice twitter"), "{}", stdout(&output));
}

#[test]
fn history_counts_read_right() {
    let data = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        sdw().env("SDW_DATA_DIR", data.path()).args(["-q", "review", "twitter", "--record"]).assert().success();
    }
    sdw().env("SDW_DATA_DIR", data.path()).args(["-q", "review", "url-shortener", "--record"]).assert().success();
    let output = sdw().env("SDW_DATA_DIR", data.path()).arg("history").output().unwrap();
    let out = stdout(&output);
    let line =
        |id: &str| out.lines().find(|l| l.trim_start().starts_with(id) && l.contains("best")).unwrap().to_string();
    assert!(line("twitter").contains(" 2 attempts "), "{out}");
    assert!(line("url-shortener").contains(" 1 attempt "), "{out}");
    assert!(!line("url-shortener").contains("1 attempts"), "{out}");
}

#[test]
fn an_id_where_a_file_belongs_points_to_practice_and_new() {
    let dir = tempfile::tempdir().unwrap();
    let output = sdw().current_dir(dir.path()).args(["open", "url-shortener"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("`url-shortener` is a problem, not a design file"), "{err}");
    assert!(err.contains("sdw practice url-shortener") && err.contains("sdw new url-shortener -o FILE"), "{err}");
}

#[test]
fn show_ends_by_naming_practice() {
    let output = sdw().args(["show", "twitter"]).output().unwrap();
    let out = stdout(&output);
    let tail: Vec<&str> = out.lines().rev().take(2).collect();
    assert!(tail.iter().any(|l| l.contains("sdw practice twitter")), "{out}");
}

#[test]
fn did_you_mean_is_close_and_short() {
    let output = sdw().args(["show", "url-shortner"]).output().unwrap();
    assert_eq!(stderr(&output), "sdw: no problem called `url-shortner`; did you mean `url-shortener`?\n");
    let output = sdw().args(["show", "--", "-x-"]).output().unwrap();
    assert_eq!(stderr(&output), "sdw: no problem called `-x-` (see `sdw list`)\n", "punctuation resembles nothing");
    let output = sdw().args(["estimate", "system"]).output().unwrap();
    assert!(stderr(&output).matches('`').count() <= 2 + 6, "at most three suggestions: {}", stderr(&output));
}

// ----- what the workbench fuzzer found -----

/// Every input the `workbench` fuzz target stopped on, replayed through the same checks
/// (`sdw::tui::replay::drive`).
#[test]
fn workbench_fuzz_findings_replay_cleanly() {
    let root = crate::fixtures().join("fuzz-regressions/workbench");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || sdw::tui::replay::drive(&bytes))
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("{name} fails again"));
        replayed += 1;
    }
    assert!(replayed > 0, "no findings under {}", root.display());
}

// ----- Mermaid for the Mermaid toolchain -----

#[test]
fn a_mmd_target_gets_exactly_one_raw_diagram() {
    let dir = tempfile::tempdir().unwrap();
    for (name, first_line) in [
        ("architecture", "flowchart LR"),
        // Twitter declares its flows, so each is a diagram of its own.
        ("flow-post-a-tweet", "sequenceDiagram"),
        ("flow-read-the-home-timeline", "sequenceDiagram"),
        ("erd", "erDiagram"),
    ] {
        let file = dir.path().join(format!("{name}.mmd"));
        let output = sdw().args(["-q", "export", "twitter", "--diagram", name, "-o"]).arg(&file).output().unwrap();
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with(first_line), "{name}: raw source, no fence: {text}");
        assert!(!text.contains("```"), "{name}: no Markdown fence in a .mmd file");
        // The same diagram on stdout.
        let printed = sdw().args(["export", "twitter", "--diagram", name]).output().unwrap();
        assert_eq!(stdout(&printed), text, "{name}");
    }
    // Several diagrams cannot share one .mmd file: the error names them.
    let file = dir.path().join("all.mmd");
    let output = sdw().args(["export", "twitter", "-o"]).arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("--diagram") && err.contains("architecture, flow-read-the-home-timeline, flow-post-a-tweet"),
        "{err}"
    );
    assert!(!file.exists());
    // A design with one diagram needs no choice.
    let design = dir.path().join("one.toml");
    let mut only_components = sdw::problem::Library::builtin().get("twitter").unwrap().problem.reference_design();
    only_components.entities.clear();
    only_components.api.clear();
    only_components.links.clear();
    only_components.flows.clear();
    sdw::store::save_design(&design, &only_components).unwrap();
    let file = dir.path().join("only.mmd");
    let output = sdw().arg("export").arg(&design).arg("-o").arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&file).unwrap().starts_with("flowchart LR"));
}

#[test]
fn a_diagram_that_does_not_exist_or_a_format_that_is_not_mermaid_is_refused() {
    let output = sdw().args(["export", "twitter", "--diagram", "flow-sideways"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no diagram called `flow-sideways`; this design has architecture"),
        "{}",
        stderr(&output)
    );
    let output = sdw().args(["export", "twitter", "--diagram", "erd", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--diagram takes Mermaid"), "{}", stderr(&output));
    // --format mermaid without a .mmd target keeps its fenced blocks.
    let output = sdw().args(["export", "twitter", "--format", "mermaid"]).output().unwrap();
    assert!(stdout(&output).starts_with("```mermaid\n%% sdw:architecture\n"), "{}", stdout(&output));
}

// ----- the manual page -----

#[test]
fn sdw_man_prints_a_manual_page_that_lists_every_command_and_file() {
    let output = sdw().arg("man").output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "roff: {}", &page[..80.min(page.len())]);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    for command in [
        "list",
        "show",
        "new",
        "estimate",
        "check",
        "calc",
        "open",
        "practice",
        "export",
        "review",
        "history",
        "man",
        "completions",
    ] {
        assert!(
            page.contains(&format!("sdw\\-{command}")) || page.contains(&format!("\\fB{command}\\fR")),
            "{command} missing"
        );
    }
    for file in ["sdw\\-recovery", "sdw\\-lock", "history.jsonl", "/sdw/recent", "templates/*.tera"] {
        assert!(page.contains(file), "{file} missing from FILES");
    }
    // When groff is there, the page renders without a warning.
    let groff = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut groff) = groff {
        use std::io::Write as _;
        groff.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let done = groff.wait_with_output().unwrap();
        assert!(done.status.success() && done.stderr.is_empty(), "groff: {}", String::from_utf8_lossy(&done.stderr));
    }
}

#[test]
fn sdw_paths_says_where_each_file_is_after_xdg() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("cfg");
    std::fs::create_dir_all(config.join("sdw/templates")).unwrap();
    let output = sdw()
        .env_remove("SDW_DATA_DIR")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", "relative")
        .env("XDG_CONFIG_HOME", &config)
        .arg("paths")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let line = |name: &str| out.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_string();
    let data = home.path().join(".local/share/sdw");
    assert!(line("history").contains(&data.join("history.jsonl").display().to_string()), "relative XDG ignored: {out}");
    assert!(line("history").ends_with("(not there yet)"), "{out}");
    assert!(line("templates").ends_with(&config.join("sdw/templates").display().to_string()), "it exists: {out}");
    let output = sdw().env("SDW_DATA_DIR", home.path().join("mine")).arg("paths").output().unwrap();
    assert!(stdout(&output).contains(&home.path().join("mine/recent").display().to_string()), "{}", stdout(&output));
}
