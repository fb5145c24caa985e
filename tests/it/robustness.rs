//! Nothing a user types or loads can crash sdw or lose their work. Hostile input through every
//! door (design files, problem folders, `--set`, `calc`, the workbench's fields) gets a clear
//! error and exit code 1, in bounded time; saves that fail leave the file as it was and say so;
//! work survives `kill -9` (see `recovery`); the fuzzers' findings are replayed here.

mod files;
mod recovery;
mod roundtrip;
mod workbench;

use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sdw::estimate::{self, Options, Prefixes, RowError};
use sdw::model::{Convention, Design, Formula, Input, Phase, Sheet};
use sdw::problem::Library;
use sdw::store;
use sdw::tui::app::Overlay;
use sdw::tui::theme::Theme;
use sdw::tui::{Action, App};

use crate::{fixtures, sdw, stderr, stdout};

/// Long enough for the slowest hostile case on a loaded debug build; a hang fails the test.
const PATIENCE: Duration = Duration::from_secs(60);

/// Keep the recent-files list of these tests out of the user's data directory: one setting
/// for the whole test binary, shared with the workbench tests.
pub(crate) fn isolate_data_dir() {
    crate::tui::isolate_data_dir();
}

/// What a failure must never look like: a panic, an abort, a debug dump.
fn assert_no_crash(what: &str, text: &str) {
    for bad in ["panicked", "RUST_BACKTRACE", "stack overflow", "fatal runtime error", "Error {", "Err(", "Some("] {
        assert!(!text.contains(bad), "{what}: `{bad}` in\n{text}");
    }
}

/// A command that must fail cleanly: exit 1, `expected` in the message, every line of it
/// `file:line:col: message` when `file` is given.
fn assert_clean_failure(what: &str, output: &std::process::Output, file: Option<&str>, expected: &str) {
    let err = stderr(output);
    assert_no_crash(what, &err);
    assert_eq!(output.status.code(), Some(1), "{what}: exit code\n{err}");
    assert!(err.contains(expected), "{what}: expected `{expected}` in\n{err}");
    assert!(err.len() < 64 * 1024, "{what}: {} bytes of errors", err.len());
    if let Some(file) = file {
        for line in err.lines() {
            let rest = line.strip_prefix(file).and_then(|r| r.strip_prefix(':'));
            let position: Vec<&str> = rest.map(|r| r.splitn(3, ':').collect()).unwrap_or_default();
            let located = position.len() == 3
                && position[0].parse::<usize>().is_ok_and(|l| l >= 1)
                && position[1].parse::<usize>().is_ok_and(|c| c >= 1);
            assert!(located, "{what}: not `{file}:line:col: message`: {line}");
        }
    }
}

fn nested(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// A design file's text with one input row.
fn with_input(value: &str) -> Vec<u8> {
    format!("title = \"t\"\n\n[[estimates.input]]\nname = \"x\"\nvalue = '''{value}'''\n").into_bytes()
}

/// Hostile design files: (file name, contents, what the error must say).
fn hostile_designs() -> Vec<(&'static str, Vec<u8>, String)> {
    let mut many_links = String::from("title = \"t\"\n");
    for _ in 0..10_000 {
        many_links.push_str("[[links]]\nfrom = \"a\"\nto = \"b\"\n");
    }
    let mut many_rows = String::from("title = \"t\"\n");
    for i in 0..1_000 {
        many_rows.push_str(&format!("[[estimates.input]]\nname = \"r{i}\"\nvalue = \"{i} byte\"\n"));
    }
    let many_unknown: String = (0..5_000).map(|i| format!("key{i} = {i}\n")).collect();
    let key = vec!["a"; 100].join(".");
    vec![
        ("empty.toml", Vec::new(), "the file is empty".into()),
        ("blank.toml", b" \n\t\n\n".to_vec(), "the file is empty".into()),
        ("binary.toml", (0..=255u8).cycle().take(4096).collect(), "not UTF-8".into()),
        ("latin1.toml", b"title = \"caf\xe9\"\n".to_vec(), "1:13: the file is not UTF-8 text".into()),
        ("utf16.toml", b"\xff\xfet\x00i\x00t\x00".to_vec(), "not UTF-8".into()),
        ("nul.toml", b"title = \"a\0b\"\n".to_vec(), "1:".into()),
        ("huge.toml", format!("notes = \"{}\"\n", "x".repeat(30 << 20)).into_bytes(), "up to 4 MiB".into()),
        ("arrays.toml", format!("notes = {}\n", nested("[", "1", "]", 100_000)).into_bytes(), "nest more than 32".into()),
        ("tables.toml", format!("notes = {}\n", "{a = ".repeat(100_000)).into_bytes(), "nest more than 32".into()),
        ("dotted.toml", format!("{key} = 1\n").into_bytes(), "nest more than 32".into()),
        ("header.toml", format!("[{key}]\n").into_bytes(), "nest more than 32".into()),
        (
            "mixed.toml",
            format!("x = {}1{}\n", format!("{{{} = ", vec!["a"; 20].join(".")).repeat(20), "}".repeat(20)).into_bytes(),
            "nest more than 32".into(),
        ),
        ("wrong-type.toml", b"title = 3\n".to_vec(), "1:9: `title`: invalid type".into()),
        ("wrong-list.toml", b"[requirements]\nfunctional = \"one\"\n".to_vec(), "invalid type".into()),
        ("unknown.toml", b"title = \"t\"\ncolour = \"red\"\n".to_vec(), "2:1: unknown key `colour`".into()),
        ("many-unknown.toml", many_unknown.into_bytes(), "more problems (sdw reports the first 100)".into()),
        (
            "dangling.toml",
            b"title = \"t\"\n[[components]]\nid = \"api\"\nkind = \"service\"\n[[links]]\nfrom = \"api\"\nto = \"db\"\n"
                .to_vec(),
            "7:1: link to `db`, but there is no component with that id".into(),
        ),
        (
            "cycle.toml",
            b"title = \"t\"\n[[estimates.formula]]\nname = \"a\"\nexpr = \"b\"\n[[estimates.formula]]\nname = \"b\"\nexpr = \"a\"\n"
                .to_vec(),
            "cycle: a → b → a".into(),
        ),
        ("overflow.toml", with_input("1e999999"), "not a finite number".into()),
        ("div-zero.toml", with_input("1 byte / 0"), "Division by zero".into()),
        ("zero-by-zero.toml", with_input("0/0"), "Division by zero".into()),
        ("nan.toml", with_input("sqrt(-1)"), "not a finite number".into()),
        ("parens.toml", with_input(&nested("(", "1", ")", 100_000)), "the limit is 1000".into()),
        ("deep-parens.toml", with_input(&nested("(", "1", ")", 400)), "brackets nest 400 deep; the limit is 32".into()),
        ("statement.toml", with_input("1; print(\"hello\")"), "`;` is not allowed".into()),
        ("recursion.toml", with_input("1; fn g(a) = g(a); let b = g(1)"), "`;` is not allowed".into()),
        ("powers.toml", with_input(&vec!["2"; 200].join("^")), "the limit is 32".into()),
        ("signs.toml", with_input(&"-(-".repeat(30)), "the limit is 32".into()),
        ("many-rows.toml", many_rows.into_bytes(), "the estimate sheet has 1000 rows; the limit is 300".into()),
        (
            "many-units.toml",
            format!("[estimates]\nunits = [{}]\n", (0..1_000).map(|i| format!("\"u{i}\"")).collect::<Vec<_>>().join(", "))
                .into_bytes(),
            "the sheet declares 1000 units; the limit is 300".into(),
        ),
        ("many-links.toml", many_links.into_bytes(), "`links` has 10000 entries; the limit is 5000".into()),
    ]
}

#[test]
fn hostile_design_files_get_located_errors_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, expected) in hostile_designs() {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let file = path.display().to_string();
        // A file that loads has its row errors located by `check`, tabled by `estimate` and
        // shown inline by `export`; `open` would start the workbench (see `recovery`).
        let loads = store::load_design(&path).is_ok();
        for command in ["check", "estimate", "export", "open"] {
            if loads && command == "open" {
                continue;
            }
            let what = format!("sdw {command} {name}");
            let output = sdw().arg(command).arg(&path).timeout(PATIENCE).output().unwrap();
            match (command, loads) {
                ("check", _) => assert_clean_failure(&what, &output, Some(&file), &expected),
                ("estimate", true) => {
                    assert_no_crash(&what, &stderr(&output));
                    assert_eq!(output.status.code(), Some(1), "{what}");
                    assert!(stdout(&output).contains(expected.as_str()), "{what}: {}", stdout(&output));
                }
                ("export", true) => {
                    assert_no_crash(&what, &stderr(&output));
                    assert!(output.status.success(), "{what}: {}", stderr(&output));
                }
                _ => assert_clean_failure(&what, &output, Some(&file), &expected),
            }
        }
    }
}

#[test]
fn endless_devices_and_pipes_are_cut_at_the_size_limit() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let output = sdw().args(["check", device]).timeout(PATIENCE).output().unwrap();
        assert_clean_failure(device, &output, Some(device), "up to 4 MiB");
    }
    // A pipe that never ends, as `sdw check <(yes)` would give.
    let output = std::process::Command::new("sh")
        .args(["-c", "yes | \"$0\" check /dev/stdin", env!("CARGO_BIN_EXE_sdw")])
        .output()
        .unwrap();
    assert_clean_failure("a pipe", &output, Some("/dev/stdin"), "up to 4 MiB");
}

#[test]
fn hostile_problem_files_get_located_errors_and_exit_1() {
    let valid = std::fs::read_to_string(fixtures().join("problems/mini-cache.toml")).unwrap();
    let mut cases: Vec<(&str, Vec<u8>, String)> = hostile_designs()
        .into_iter()
        .filter(|(name, _, _)| {
            ["empty", "binary", "latin1", "huge", "arrays", "tables", "dotted", "header", "many-unknown"]
                .contains(&name.trim_end_matches(".toml"))
        })
        .collect();
    let replace = |from: &str, to: &str| {
        assert!(valid.contains(from), "mini-cache.toml has `{from}`");
        valid.replacen(from, to, 1).into_bytes()
    };
    cases.extend([
        ("wrong-type.toml", replace("difficulty = \"easy\"", "difficulty = 3"), "`difficulty`:".to_string()),
        ("unknown.toml", replace("difficulty = \"easy\"", "difficulty = \"easy\"\ncolour = 1"), "unknown key".into()),
        ("missing.toml", replace("difficulty = \"easy\"", ""), "missing field `difficulty`".into()),
        (
            "dangling.toml",
            format!("{valid}\n[[reference.links]]\nfrom = \"nowhere\"\nto = \"nothing\"\n").into_bytes(),
            "no component with that id".into(),
        ),
    ]);
    for (name, bytes, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let file = path.display().to_string();
        for args in [&["list"][..], &["check"], &["show", "mini-cache"]] {
            let what = format!("sdw --problems DIR {} with {name}", args.join(" "));
            let output = sdw().arg("--problems").arg(dir.path()).args(args).timeout(PATIENCE).output().unwrap();
            let err = stderr(&output);
            assert_no_crash(&what, &err);
            assert!(err.contains(&expected), "{what}: expected `{expected}` in\n{err}");
            let mine: Vec<&str> = err.lines().filter(|l| l.starts_with(&file)).collect();
            assert!(!mine.is_empty(), "{what}: no line names the file\n{err}");
            if args[0] != "show" {
                assert_eq!(output.status.code(), Some(1), "{what}\n{err}");
            }
        }
    }
}

#[test]
fn a_problem_whose_sheet_is_broken_fails_its_check_with_positions() {
    let valid = std::fs::read_to_string(fixtures().join("problems/mini-cache.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    let text = format!(
        "{valid}\n[[reference.estimates.formula]]\nname = \"loop_a\"\nexpr = \"loop_b\"\n\n\
         [[reference.estimates.formula]]\nname = \"loop_b\"\nexpr = \"loop_a + 1e999999\"\n\n\
         [[reference.estimates.formula]]\nname = \"deep\"\nexpr = \"{}\"\n",
        nested("(", "1", ")", 5_000)
    );
    std::fs::write(&path, text).unwrap();
    let output = sdw().arg("check").arg(&path).timeout(PATIENCE).output().unwrap();
    let file = path.display().to_string();
    assert_clean_failure("check broken problem", &output, Some(&file), "cycle: loop_a → loop_b → loop_a");
    assert!(stderr(&output).contains("the limit is 1000"), "{}", stderr(&output));
}

#[test]
fn hostile_set_overrides_are_errors_on_the_set_with_exit_1() {
    let deep = nested("(", "1", ")", 50_000);
    let cases = [
        (format!("new_urls_per_day={deep}"), "the limit is 1000"),
        ("new_urls_per_day=1e999999".to_string(), "not a finite number"),
        ("new_urls_per_day=1/0".to_string(), "Division by zero"),
        ("new_urls_per_day=0/0".to_string(), "Division by zero"),
        ("new_urls_per_day=".to_string(), "the expression is empty"),
        ("new_urls_per_day=1; print(\"x\")".to_string(), "`;` is not allowed"),
        ("new_urls_per_day=\u{1}\u{7f}\u{202e}".to_string(), "new_urls_per_day"),
        ("new_urls_per_day=new_urls_per_day".to_string(), "cycle"),
    ];
    for (set, expected) in cases {
        let what = format!("--set {}", set.chars().take(40).collect::<String>());
        let output = sdw().args(["estimate", "url-shortener", "--set", &set]).timeout(PATIENCE).output().unwrap();
        assert_no_crash(&what, &stderr(&output));
        assert_no_crash(&what, &stdout(&output));
        assert_eq!(output.status.code(), Some(1), "{what}");
        // The `--set` itself is the error: one line, and no sheet of dependent errors.
        let err = stderr(&output);
        assert!(err.starts_with("sdw: --set ") && err.lines().count() == 1, "{what}: {err}");
        assert!(err.contains(expected), "{what}: `{expected}` in\n{err}");
        assert!(stdout(&output).is_empty(), "{what}: {}", stdout(&output));
        assert!(!stdout(&output).starts_with('x'), "{what}: numbat printed");
    }
    let output = sdw().args(["estimate", "url-shortener", "--set", "no_such_row=1"]).output().unwrap();
    assert_clean_failure("--set unknown row", &output, None, "the sheet has no row called `no_such_row`");
    let output =
        sdw().args(["estimate", "url-shortener", "--set", &format!("{}=1", "x".repeat(100_000))]).output().unwrap();
    assert_clean_failure("--set long name", &output, None, "no row called");
}

/// Expressions that once threatened numbat (deep recursion, statements smuggled in, absurd
/// numbers), each with what its error must say.
fn hostile_expressions() -> Vec<(String, &'static str)> {
    let chain = |op: &str, n: usize| vec!["1"; n].join(op);
    vec![
        ("1e999999".into(), "not a finite number"),
        ("-1e999999".into(), "not a finite number"),
        ("1e-999999 byte".into(), ""),
        ("1/0".into(), "Division by zero"),
        ("0/0".into(), "Division by zero"),
        ("1 byte / 0 s".into(), "Division by zero"),
        ("sqrt(-1)".into(), "not a finite number"),
        ("2^1e308".into(), ""),
        ("m^1e308".into(), "exponent"),
        ("(m^(2^40))^(2^40)".into(), ""),
        ("1000000!".into(), "not a finite number"),
        ("0x".to_string() + &"F".repeat(900), "Overflow in number literal"),
        ("9".repeat(999), "not a finite number"),
        (nested("(", "1", ")", 100_000), "the limit is 1000"),
        (nested("(", "1", ")", 33), "brackets nest 33 deep; the limit is 32"),
        (nested("[", "1", "]", 33), "the limit is 32"),
        (nested("ceil(", "1", ")", 33), "the limit is 32"),
        (nested("\"{", "1", "}\"", 33), "the limit is 32"),
        ("-".repeat(999) + "1", "the limit is 32"),
        ("- ".repeat(400) + "1", "the limit is 32"),
        ("-(".repeat(40) + "1" + &")".repeat(40), "the limit is 32"),
        ("-".repeat(30) + &"(-".repeat(30) + "1" + &")".repeat(30), "the limit is 32"),
        (vec!["2"; 400].join("^"), "powers (^) in one expression; the limit is 32"),
        ("1^-".repeat(300) + "1", "the limit is 32"),
        (vec!["2"; 300].join("**"), "the limit is 32"),
        ("!".repeat(990) + "true", "`!` operators in one expression; the limit is 32"),
        ("1".to_string() + &"!".repeat(900), "the limit is 32"),
        ("if true then ".repeat(40) + "1" + &" else 0".repeat(40), "the limit is"),
        (chain("+", 500), ""),
        (chain("*", 500), ""),
        (chain(" ", 500), ""),
        (chain(" per ", 166), ""),
        (chain(" -> ", 200), ""),
        (chain(" == ", 200), ""),
        ("x".repeat(1000), "unknown name"),
        ("é".repeat(500), "unknown name"),
        ("🙂 + 1".into(), "Unexpected character"),
        ("\u{202e}1".into(), ""),
        ("1\u{0}2".into(), ""),
        ("1\n2".into(), "one line"),
        ("1\r".into(), "one line"),
        ("1; print(\"smuggled\")".into(), "`;` is not allowed"),
        ("1; fn f(x) = f(x); let y = f(1)".into(), "`;` is not allowed"),
        ("\"a;b\"".into(), "`;` is not allowed"),
        ("use prelude".into(), ""),
        ("print(1)".into(), ""),
        ("let y = 1".into(), ""),
        ("fn f(x) = x".into(), ""),
        ("".into(), "empty"),
        ("   ".into(), "empty"),
        ("?".into(), ""),
        ("1 -> ?".into(), ""),
        ("random()".into(), ""),
        ("now()".into(), ""),
    ]
}

#[test]
fn hostile_calc_expressions_fail_cleanly_or_compute() {
    for (expr, expected) in hostile_expressions() {
        if expr.len() > 100_000 || expr.contains('\0') {
            continue; // beyond what a shell can pass in one argument
        }
        let what = format!("calc {}", expr.chars().take(40).collect::<String>());
        let output = sdw().arg("calc").arg(&expr).timeout(PATIENCE).output().unwrap();
        let (out, err) = (stdout(&output), stderr(&output));
        assert_no_crash(&what, &err);
        assert!(!out.contains("smuggled"), "{what}: numbat printed");
        match output.status.code() {
            Some(0) => assert!(err.is_empty() && out.ends_with("]\n"), "{what}: {out}{err}"),
            Some(1) => {
                assert!(err.starts_with("sdw: ") && err.lines().count() == 1, "{what}: {err}");
                assert!(err.contains(expected), "{what}: `{expected}` in {err}");
                assert!(out.is_empty(), "{what}: {out}");
            }
            code => panic!("{what}: exit {code:?}\n{err}"),
        }
    }
}

/// The engine in this process: every hostile expression, in a thread with a quarter of a
/// normal main thread's stack, gives a value or an error naming its limit.
#[test]
fn hostile_expressions_stay_inside_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for (expr, expected) in hostile_expressions() {
                for convention in [Convention::Exact, Convention::Rough] {
                    match estimate::calc(&expr, convention, Prefixes::Si) {
                        Ok(q) => assert!(q.value.is_finite() && q.base_value.is_finite(), "{expr}: {q:?}"),
                        Err(e) => {
                            let text = e.to_string();
                            assert!(text.contains(expected), "{expr}: `{expected}` in {text}");
                            if matches!(e, RowError::TooComplex { .. }) {
                                assert!(text.contains("limit is"), "{expr}: a limit error names the limit: {text}");
                            }
                        }
                    }
                }
            }
        })
        .unwrap();
    handle.join().expect("no expression crashes the engine");
}

#[test]
fn absurd_values_display_briefly() {
    for expr in ["100!", "170!", "1e300 byte", "1e-300 byte", "1e250 url / s", "1e-200 m"] {
        let q = estimate::calc(expr, Convention::Exact, Prefixes::Si).unwrap();
        assert!(q.display.len() < 40, "{expr}: {}", q.display);
        assert!(q.precise.len() < 40, "{expr}: {}", q.precise);
        assert_ne!(q.display.split(' ').next(), Some("0"), "{expr}: a value that is not zero shows as 0");
    }
}

#[test]
fn a_sheet_too_large_to_evaluate_says_so_on_every_row() {
    let inputs: Vec<Input> =
        (0..5_000).map(|i| Input { name: format!("r{i}"), value: "1 byte".into(), note: String::new() }).collect();
    let sheet = Sheet { inputs, ..Sheet::default() };
    let started = std::time::Instant::now();
    let evaluation = estimate::evaluate(&sheet, Options::default());
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(evaluation.rows.len(), 5_000);
    assert_eq!(evaluation.sheet_errors, ["the sheet has 5000 rows; the limit is 300"]);
    assert!(evaluation.rows.iter().all(|r| r.outcome.is_err()));

    // At the limit, every row still evaluates.
    let inputs: Vec<Input> = (0..sdw::model::MAX_SHEET_ROWS)
        .map(|i| Input { name: format!("r{i}"), value: format!("{i} byte"), note: String::new() })
        .collect();
    let formulas = vec![Formula { name: "total".into(), expr: "r1 + r299".into(), note: String::new() }];
    let sheet = Sheet { inputs: inputs[..299].to_vec(), formulas, ..Sheet::default() };
    let evaluation = estimate::evaluate(&sheet, Options::default());
    assert_eq!(evaluation.error_count(), 1, "only `total`, which names a row that is not there");
}

// ----- the workbench's fields -----

fn plain() -> Theme {
    Theme::plain()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = app.action_for_key(key(code)) {
        app.update(action);
    }
}

fn render(app: &mut App, width: u16, height: u16) {
    app.update(Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| sdw::tui::ui::render(frame, app)).unwrap();
}

/// A design on disk, opened in the workbench.
fn opened(design: &Design) -> (tempfile::TempDir, PathBuf, App) {
    isolate_data_dir();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    store::save_design(&path, design).unwrap();
    let app = App::open(&path, Library::builtin(), plain()).unwrap();
    (dir, path, app)
}

fn shortener() -> Design {
    Library::builtin().get("url-shortener").unwrap().problem.reference_design()
}

#[test]
fn hostile_text_in_estimate_fields_is_a_row_error_not_a_crash() {
    let (_dir, path, mut app) = opened(&shortener());
    app.update(Action::GotoPhase(Phase::Estimates.index()));
    for (expr, expected) in hostile_expressions() {
        // Edit the first assumption's value: replace it with the hostile text.
        press(&mut app, KeyCode::Enter);
        assert!(app.edit.is_some(), "editing");
        app.update(Action::Replace(String::new()));
        if expr.len() < 40 {
            for c in expr.chars() {
                app.update(Action::Type(key(KeyCode::Char(c))));
            }
        } else {
            app.update(Action::Paste(expr.clone()));
        }
        let row = app.evaluation.row("new_urls_per_day").unwrap();
        if let Err(e) = &row.outcome {
            assert!(e.to_string().contains(expected), "{expr}: `{expected}` in {e}");
        }
        render(&mut app, 80, 24);
        render(&mut app, 120, 40);
        app.update(Action::Tick);
        press(&mut app, KeyCode::Esc);
    }
    // Every edit was cancelled: the design is as it was.
    assert_eq!(app.design, store::load_design(&path).unwrap());
}

#[test]
fn hostile_text_in_every_field_saves_and_loads_again() {
    let hostile = [
        "\"\"\" ''' \\ \\\" \\u0000 ' \" ` $ { } [ ] # = ; %%",
        "tab\there, nul\u{0}here, bell\u{7}, escape\u{1b}[2J, del\u{7f}",
        "line one\nline two\r\nline three",
        "rtl \u{202e} zero width \u{200b} combining e\u{301} 𝕦𝕟𝕚𝕔𝕠𝕕𝕖 🙂 中文",
        "[[links]]\nfrom = \"x\"\n",
        "| a | b |\n```mermaid\nflowchart LR\n```",
    ];
    let (_dir, path, mut app) = opened(&Design { title: "Mine".into(), ..Design::default() });
    for text in hostile {
        press(&mut app, KeyCode::Char('a'));
        app.update(Action::Paste(text.into()));
        press(&mut app, KeyCode::Enter);
        render(&mut app, 80, 24);
    }
    app.update(Action::Save);
    assert!(!app.dirty, "saved: {:?}", app.status);
    let saved = store::load_design(&path).expect("what the workbench saves, sdw opens again");
    assert_eq!(saved, app.design);
    assert_eq!(saved.requirements.functional.len(), hostile.len());
    // The export of it is well-formed too.
    let markdown = sdw().args(["export"]).arg(&path).output().unwrap();
    assert!(markdown.status.success(), "{}", stderr(&markdown));
}

#[test]
fn a_paste_too_large_to_save_is_refused_and_the_file_kept() {
    let (_dir, path, mut app) = opened(&Design { title: "Mine".into(), ..Design::default() });
    let before = std::fs::read(&path).unwrap();
    press(&mut app, KeyCode::Char('a'));
    app.update(Action::Paste("x".repeat(6 << 20)));
    render(&mut app, 80, 24);
    press(&mut app, KeyCode::Enter);
    app.update(Action::Save);
    let status = app.status.clone().expect("the user is told");
    assert!(status.error && status.text.contains("not saved") && status.text.contains("4 MiB"), "{}", status.text);
    assert!(app.dirty, "still unsaved");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file on disk is untouched");
    // Undoing the paste makes the design saveable again.
    press(&mut app, KeyCode::Char('u'));
    app.update(Action::Save);
    assert!(!app.dirty, "{:?}", app.status);
}

/// What the workbench property (`workbench`) found, pinned down.
#[test]
fn workbench_findings_stay_fixed() {
    // Wide characters made a cell wider than its column, and the list screen panicked.
    let (_dir, _path, mut app) = opened(&shortener());
    for text in
        ["中文中文中文中文中文中文中文中文中文中文中文中文中文", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"]
    {
        for phase in 0..5 {
            app.update(Action::GotoPhase(phase));
            app.update(Action::Paste(text.into()));
            press(&mut app, KeyCode::Enter);
            for (w, h) in [(80, 24), (120, 40), (40, 10)] {
                render(&mut app, w, h);
            }
            press(&mut app, KeyCode::Esc);
        }
    }

    // A link added before any component existed stayed behind, blank and invalid; so would a
    // flow before any link (G goes to the last list, the flows; k up to the links).
    let blank = Design { title: "Blank".into(), ..Design::default() };
    let (_dir, _path, mut app) = opened(&blank);
    app.update(Action::GotoPhase(Phase::HighLevel.index()));
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(app.design, blank, "no half-made flow");
    assert!(!app.dirty);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.current_section(), Some(sdw::tui::sections::SectionId::Links));
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(app.design, blank, "no half-made link");
    assert!(!app.dirty);

    // The workbench saved designs sdw would not open again.
    let (_dir, path, mut app) = opened(&shortener());
    let before = std::fs::read(&path).unwrap();
    app.update(Action::GotoPhase(Phase::ApiData.index()));
    press(&mut app, KeyCode::Char('a'));
    app.update(Action::NextField);
    app.update(Action::Save);
    let status = app.status.clone().expect("told why");
    assert!(
        status.error && status.text.starts_with("not saved: endpoint path is empty (API & data)"),
        "{}",
        status.text
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is untouched");
    assert!(crate::read_recovery(&path).is_some_and(|d| d.api.len() == app.design.api.len()), "the work is kept");
}

// ----- saves that fail -----

/// A directory this process cannot create files in, even as root: read-only permissions,
/// and the immutable attribute where permissions are not enough. `None` when neither works.
struct ReadOnlyDir {
    path: PathBuf,
    immutable: bool,
}

impl ReadOnlyDir {
    fn new(path: &Path) -> Option<ReadOnlyDir> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
        let mut dir = ReadOnlyDir { path: path.to_path_buf(), immutable: false };
        if dir.blocks_writes() {
            return Some(dir);
        }
        let chattr = std::process::Command::new("chattr").arg("+i").arg(path).output();
        dir.immutable = chattr.is_ok_and(|o| o.status.success());
        if dir.immutable && dir.blocks_writes() { Some(dir) } else { None }
    }

    fn blocks_writes(&self) -> bool {
        let probe = self.path.join(".probe");
        let created = std::fs::write(&probe, b"x").is_ok();
        let _ = std::fs::remove_file(&probe);
        !created
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = std::process::Command::new("chattr").arg("-i").arg(&self.path).status();
        }
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_save_into_a_read_only_directory_keeps_the_file_and_says_so() {
    let (dir, path, mut app) = opened(&Design { title: "Mine".into(), ..Design::default() });
    let before = std::fs::read(&path).unwrap();
    press(&mut app, KeyCode::Char('a'));
    app.update(Action::Paste("work that cannot be saved".into()));
    press(&mut app, KeyCode::Enter);
    let Some(read_only) = ReadOnlyDir::new(dir.path()) else {
        eprintln!("skipped: cannot make a read-only directory here");
        return;
    };
    // Through the store API.
    let err = store::save_design(&path, &app.design).unwrap_err();
    assert!(err.to_string().to_lowercase().contains("permitted") || err.to_string().contains("denied"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Through the workbench.
    app.update(Action::Save);
    let status = app.status.clone().expect("the user is told");
    assert!(status.error && status.text.starts_with("not saved"), "{}", status.text);
    assert!(app.dirty);
    assert_eq!(std::fs::read(&path).unwrap(), before, "the original is intact");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 3, "the design, its recovery file and the window's lock; no temporary file: {names:?}");
    drop(read_only);
    // Once the directory is writable again, the same work saves.
    app.update(Action::Save);
    assert!(!app.dirty, "{:?}", app.status);
    assert_eq!(store::load_design(&path).unwrap().requirements.functional, ["work that cannot be saved"]);
}

#[test]
fn a_save_that_runs_out_of_space_keeps_the_file() {
    // A file size limit makes every write past 1 KiB fail, as a full disk does; through the
    // real binary, so the limit binds only that process.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    let original = "title = \"Mine\"\n";
    std::fs::write(&path, original).unwrap();
    let script = "trap '' XFSZ; ulimit -f 2; exec \"$@\"";
    let output = std::process::Command::new("sh")
        .args(["-c", script, "sh"])
        .arg(env!("CARGO_BIN_EXE_sdw"))
        .args(["new", "twitter", "--reference", "--force", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_clean_failure("new --force on a full disk", &output, None, "cannot write");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "the original is intact");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    let output = sdw().args(["export", "twitter", "-o"]).arg(&path).output().unwrap();
    assert!(output.status.success());
}

#[test]
fn write_atomic_survives_stale_temporary_files_and_long_names() {
    let dir = tempfile::tempdir().unwrap();
    // A temporary file left by an earlier process with this pid (killed mid-save).
    let path = dir.path().join("design.toml");
    std::fs::write(&path, "old").unwrap();
    for stale in
        [format!(".design.toml.{}.tmp", std::process::id()), format!(".design.toml.{}.0.tmp", std::process::id())]
    {
        std::fs::write(dir.path().join(stale), "stale").unwrap();
    }
    store::write_atomic(&path, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    // The longest name the file system allows can still be saved.
    let long = dir.path().join(format!("{}.toml", "d".repeat(250)));
    std::fs::write(&long, "old").unwrap();
    store::write_atomic(&long, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&long).unwrap(), "new");
}

// ----- concurrent edits -----

#[test]
fn every_kind_of_change_on_disk_is_noticed_before_saving() {
    type Change = fn(&Path);
    let changes: [(&str, Change); 3] = [
        ("rewritten", |p| std::fs::write(p, "title = \"Theirs\"\n").unwrap()),
        ("deleted", |p| std::fs::remove_file(p).unwrap()),
        ("replaced by a save of the same design with a new title", |p| {
            store::save_design(p, &Design { title: "Theirs".into(), ..Design::default() }).unwrap()
        }),
    ];
    for (what, change) in changes {
        let (_dir, path, mut app) = opened(&Design { title: "Mine".into(), ..Design::default() });
        change(&path);
        let theirs = std::fs::read(&path).ok();
        press(&mut app, KeyCode::Char('a'));
        app.update(Action::Paste("mine".into()));
        press(&mut app, KeyCode::Enter);
        app.update(Action::Save);
        assert!(matches!(app.overlay, Some(Overlay::ConfirmOverwrite)), "{what}: asks first");
        app.update(Action::No);
        assert_eq!(std::fs::read(&path).ok(), theirs, "{what}: their file is kept");
        assert!(app.dirty, "{what}: mine is still unsaved");
        assert!(sdw::recovery::recovery_path(&path).exists(), "{what}: and kept in the recovery file");
        app.update(Action::Save);
        app.update(Action::Yes);
        assert!(!app.dirty, "{what}: saved after confirming");
        assert_eq!(store::load_design(&path).unwrap().requirements.functional, ["mine"], "{what}");
    }
}

#[test]
fn a_recovery_file_that_is_garbage_is_ignored_not_fatal() {
    for junk in [&b""[..], b"\xff\xfe\x00", b"title = [[[[", b"title = \"a\"\ncolour = 1\n"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("design.toml");
        store::save_design(&path, &Design { title: "Mine".into(), ..Design::default() }).unwrap();
        std::fs::write(sdw::recovery::recovery_path(&path), junk).unwrap();
        isolate_data_dir();
        let app = App::open(&path, Library::builtin(), plain()).expect("the design opens");
        assert!(app.overlay.is_none(), "nothing to restore from garbage");
        assert_eq!(app.design.title, "Mine");
    }
}

// ----- what the fuzzers found -----

/// Every input a fuzzer ever crashed sdw with, replayed through the same checks the fuzz
/// targets make (`fuzz/fuzz_targets/`).
#[test]
fn fuzz_regressions_replay_cleanly() {
    let root = fixtures().join("fuzz-regressions");
    let mut replayed = 0;
    for (target, check) in [("load", replay_load as fn(&str)), ("evaluate", replay_evaluate)] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            let text = text.to_string();
            let started = std::time::Instant::now();
            // A quarter of the stack the fuzzers ran with: what once overflowed has a margin now.
            std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || check(&text))
                .unwrap()
                .join()
                .unwrap_or_else(|_| panic!("{name} crashes sdw again"));
            assert!(started.elapsed() < PATIENCE / 2, "{name} took {:?}", started.elapsed());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no fuzz regressions found under {}", root.display());
}

fn replay_load(text: &str) {
    let _ = store::file_kind(text);
    let _ = store::parse_problem(text, "fuzz.toml");
    if let Ok(design) = store::parse_design(text, "fuzz.toml") {
        let saved = store::to_toml(&design);
        let again = store::parse_design(&saved, "saved.toml").expect("a loaded design loads again once saved");
        assert_eq!(design, again);
        for format in [sdw::export::Format::Markdown, sdw::export::Format::Mermaid, sdw::export::Format::Json] {
            let _ = sdw::export::Exporter::builtin().render(&design, None, format);
        }
    }
}

fn replay_evaluate(text: &str) {
    // Exactly what the `evaluate` fuzz target checks on these bytes.
    if let Err(disagreement) = estimate::check_text(text.as_bytes()) {
        panic!("{disagreement}");
    }
}
