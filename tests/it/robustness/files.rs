//! Nothing sdw writes can be turned against its user: links and FIFOs planted beside a design
//! or in a problem folder, the `$EDITOR` round trip, exports over files sdw did not write, the
//! history under concurrent and broken writes, file names that are not UTF-8. The real binary,
//! in a pseudo-terminal for the workbench.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use sdw::model::Design;
use sdw::store;

use crate::pty::{Session, visible};
use crate::{sdw, stderr, stdout};

/// A command that must finish: a hang on a FIFO fails the test instead of stalling it.
const PATIENCE: Duration = Duration::from_secs(30);

fn design_file(title: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    store::save_design(&path, &Design { title: title.into(), ..Design::default() }).unwrap();
    (dir, path)
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Wait until `path` holds `text`.
fn wait_for_file(path: &Path, text: &str) {
    let started = Instant::now();
    while !std::fs::read_to_string(path).is_ok_and(|t| t.contains(text)) {
        assert!(started.elapsed() < Duration::from_secs(10), "`{text}` never reached {}", path.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// What `output` holds from about byte `from` on (the start of the next whole character).
fn after(output: &str, from: usize) -> &str {
    let start = output.char_indices().map(|(i, _)| i).find(|&i| i >= from).unwrap_or(output.len());
    &output[start..]
}

/// Wait until the screen shows `text` in what was printed after byte `from` of the output.
fn wait_after(session: &Session, from: usize, text: &str) {
    let started = Instant::now();
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let output = session.output();
        if visible(after(&output, from)).contains(&text) {
            return;
        }
        assert!(started.elapsed() < PATIENCE, "`{text}` never appeared after byte {from}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Keep the text of the field being typed.
fn keep_field(session: &mut Session) {
    session.type_raw("\r");
    std::thread::sleep(Duration::from_millis(200));
}

/// Quit the workbench, saying yes to "quit without saving?" when it asks.
fn quit(session: &mut Session) {
    let from = session.output().len();
    session.type_keys("q");
    let started = Instant::now();
    loop {
        let output = session.output();
        if after(&output, from).contains(crate::pty::LEAVE_ALTERNATE_SCREEN) {
            break;
        }
        if visible(after(&output, from)).contains("Quitwithoutsaving?") {
            session.type_keys("y");
            break;
        }
        assert!(started.elapsed() < PATIENCE, "q did not quit:\n{}", visible(&output));
        std::thread::sleep(Duration::from_millis(50));
    }
    session.wait();
}

// ----- links and FIFOs beside a design -----

#[test]
fn a_link_planted_at_the_recovery_file_is_never_written_through() {
    let (dir, _) = design_file("Linked");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    symlink(&victim, dir.path().join("d.toml.sdw-recovery")).unwrap();

    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for("d.toml.sdw-recovery is a symbolic link");
    session.type_keys("a");
    session.type_keys("typed over a link");
    session.wait_for("typed over a link");
    // The work goes to a slot of its own; the file the link names is never touched.
    wait_for_file(&dir.path().join("d.toml.sdw-recovery-2"), "typed over a link");
    std::thread::sleep(Duration::from_millis(1_200));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::symlink_metadata(dir.path().join("d.toml.sdw-recovery")).unwrap().file_type().is_symlink());
    keep_field(&mut session);
    quit(&mut session);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn a_dangling_link_at_the_lock_file_creates_nothing() {
    let (dir, _) = design_file("Locked");
    let named = dir.path().join("created-by-sdw");
    symlink(&named, dir.path().join(".d.toml.sdw-lock")).unwrap();
    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for(".d.toml.sdw-lock is a symbolic link");
    session.type_keys("a");
    session.type_keys("kept anyway");
    wait_for_file(&dir.path().join("d.toml.sdw-recovery-2"), "kept anyway");
    keep_field(&mut session);
    quit(&mut session);
    assert!(std::fs::symlink_metadata(&named).is_err(), "the file the link names was created");
}

#[test]
fn a_fifo_at_the_recovery_file_does_not_hang_the_workbench() {
    let (dir, _) = design_file("Fifo beside");
    mkfifo(&dir.path().join("d.toml.sdw-recovery"));
    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for("Fifo beside");
    session.wait_for("d.toml.sdw-recovery is a FIFO");
    quit(&mut session);
}

#[test]
fn opening_a_fifo_as_a_design_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.toml"));
    let output = sdw().current_dir(dir.path()).args(["open", "pipe.toml"]).timeout(PATIENCE).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("pipe.toml:1:1: this is a FIFO (named pipe), not a regular file"));
}

#[test]
fn a_fifo_in_a_problem_folder_hangs_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let problems = dir.path().join("problems");
    std::fs::create_dir(&problems).unwrap();
    mkfifo(&problems.join("trap.toml"));
    let trap = problems.join("trap.toml").display().to_string();
    let folder = problems.to_str().unwrap();
    for args in [
        vec!["list"],
        vec!["show", "twitter"],
        vec!["new", "twitter", "-o", "new.toml"],
        vec!["check"],
        vec!["estimate", "twitter"],
    ] {
        let output =
            sdw().current_dir(dir.path()).args(["--problems", folder]).args(&args).timeout(PATIENCE).output().unwrap();
        let err = stderr(&output);
        assert!(output.status.code().is_some(), "{args:?} did not finish: {err}");
        // Commands about one problem of the library leave the rest unread and unreported.
        if args[0] != "estimate" {
            let expected = format!("{trap}:1:1: this is a FIFO (named pipe), not a regular file");
            assert!(err.contains(&expected), "{args:?}: {err}");
        }
    }
    // The workbench's picker and a practice attempt start too.
    for args in [vec!["--problems", folder], vec!["--problems", folder, "practice", "twitter"]] {
        let mut session = Session::start(dir.path(), &args);
        session.wait_for(if args.len() == 2 { "Problems (" } else { "Twitter home timeline" });
        quit(&mut session);
    }
}

// ----- many windows and stale temporaries -----

#[test]
fn the_seventeenth_window_never_offers_or_deletes_work_of_open_ones() {
    let (dir, path) = design_file("Crowded");
    // Sixteen windows hold their slots, each with work in it.
    let windows: Vec<sdw::recovery::Session> = (0..16)
        .map(|i| {
            let window = sdw::recovery::Session::claim(&path);
            let work = Design { title: format!("window {i}"), ..Design::default() };
            window.write(&work).unwrap();
            window
        })
        .collect();
    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for("also open in another sdw window");
    session.type_keys("a");
    session.type_keys("the seventeenth");
    wait_for_file(&dir.path().join("d.toml.sdw-recovery-17"), "the seventeenth");
    assert!(!visible(&session.output()).contains("Unsavedworkfound"), "an open window's work was offered");
    keep_field(&mut session);
    quit(&mut session);
    for (i, window) in windows.iter().enumerate() {
        let kept = std::fs::read_to_string(window.recovery_path().unwrap()).expect("an open window's work is kept");
        assert!(kept.contains(&format!("window {i}")), "{kept}");
    }
}

#[test]
fn a_save_removes_the_temporaries_that_killed_saves_left_behind() {
    let (dir, path) = design_file("Stale");
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let mut stale = Vec::new();
    for n in 0..34 {
        let temp = dir.path().join(format!(".d.toml.{}.0.tmp", 40_000 + n));
        std::fs::File::create(&temp).unwrap().set_modified(an_hour_ago).unwrap();
        stale.push(temp);
    }
    let other = dir.path().join(".notes.toml.4242.0.tmp");
    std::fs::File::create(&other).unwrap().set_modified(an_hour_ago).unwrap();
    let output = sdw().current_dir(dir.path()).args(["new", "-o", "d.toml", "--force"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stale.iter().all(|t| !t.exists()), "stale temporaries are left");
    assert!(other.exists(), "another file's temporary is not this save's to remove");
    assert!(store::load_design(&path).is_ok());
}

// ----- the $EDITOR round trip -----

#[test]
fn the_editor_gets_a_private_temporary_file_and_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    store::save_design(&path, &Design { title: "Edited".into(), ..Design::default() }).unwrap();
    let tools = dir.path().join("my tools");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tools).unwrap();
    std::fs::create_dir_all(&tmp).unwrap();
    let log = dir.path().join("editor.log");
    let script = tools.join("fake editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor last; do :; done\nprintf '%s\\n' \"$@\" > '{log}'\nstat -c '%a' \"$last\" >> '{log}'\n\
             printf 'written by the editor\\n' > \"$last\"\n",
            log = log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let editor = format!("'{}' --wait", script.display());
    let mut session = Session::start_with_env(
        dir.path(),
        &["open", "d.toml"],
        &[("VISUAL", ""), ("EDITOR", &editor), ("TMPDIR", tmp.to_str().unwrap())],
    );
    session.wait_for("Edited");
    session.type_keys("a");
    session.type_raw("\x05"); // Ctrl-E: edit the field in $EDITOR
    // Coming back, the terminal is asked where its cursor is: answer as a terminal would.
    let started = Instant::now();
    let mut answered = 0;
    while !visible(&session.output()).contains("writtenbytheeditor") {
        assert!(started.elapsed() < PATIENCE, "the editor's text never came back:\n{}", visible(&session.output()));
        let asked = session.output().matches("\x1b[6n").count();
        for _ in answered..asked {
            session.type_raw("\x1b[1;1R");
        }
        answered = asked;
        std::thread::sleep(Duration::from_millis(50));
    }
    let logged = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = logged.lines().collect();
    assert_eq!(lines.len(), 3, "{logged}");
    assert_eq!(lines[0], "--wait", "the editor's own argument is passed");
    let name = Path::new(lines[1]).file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("sdw-edit-") && name != format!("sdw-edit-{}.txt", session.pid()), "{name}");
    assert!(Path::new(lines[1]).starts_with(&tmp), "{logged}");
    assert_eq!(lines[2], "600", "only its owner can read the temporary file");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "the temporary file is removed");
    keep_field(&mut session);
    quit(&mut session);
}

// ----- exporting beside a design -----

#[test]
fn export_asks_before_replacing_a_file_it_did_not_write() {
    let (dir, _) = design_file("Exported");
    let document = dir.path().join("d.md");
    std::fs::write(&document, "# my own notes\n").unwrap();
    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for("Exported");
    session.type_keys("e");
    session.wait_for("Replace the file?");
    session.wait_for("is already there");
    session.type_keys("n");
    session.wait_for("not exported");
    assert_eq!(std::fs::read_to_string(&document).unwrap(), "# my own notes\n");
    let from = session.output().len();
    session.type_keys("e");
    wait_after(&session, from, "Replace the file?");
    session.type_keys("y");
    wait_after(&session, from, "exported d.md");
    let written = std::fs::read_to_string(&document).unwrap();
    assert!(written.starts_with("# Exported"), "{written}");
    // Its own document is replaced without a question.
    let before = session.output().len();
    session.type_keys("e");
    std::thread::sleep(Duration::from_millis(800));
    assert!(!visible(after(&session.output(), before)).contains("Replacethefile?"));
    quit(&mut session);
}

#[test]
fn export_replaces_a_planted_link_only_when_told_and_never_writes_through_it() {
    let (dir, _) = design_file("Linked export");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    symlink(&victim, dir.path().join("d.md")).unwrap();
    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for("Linked export");
    session.type_keys("e");
    session.wait_for("d.md is a symbolic link to");
    session.type_keys("y");
    session.wait_for("exported");
    quit(&mut session);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let meta = std::fs::symlink_metadata(dir.path().join("d.md")).unwrap();
    assert!(meta.is_file(), "the link is replaced by the document");
}

#[test]
fn export_dash_o_writes_through_a_link_to_a_file_but_not_a_dangling_one() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    std::fs::write(&real, "old").unwrap();
    symlink(&real, dir.path().join("link.md")).unwrap();
    let output = sdw().current_dir(dir.path()).args(["export", "url-shortener", "-o", "link.md"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("# URL shortener"));
    assert!(std::fs::symlink_metadata(dir.path().join("link.md")).unwrap().file_type().is_symlink());

    let elsewhere = dir.path().join("elsewhere.md");
    symlink(&elsewhere, dir.path().join("dangling.md")).unwrap();
    let output = sdw().current_dir(dir.path()).args(["export", "url-shortener", "-o", "dangling.md"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("which does not exist"), "{}", stderr(&output));
    assert!(std::fs::symlink_metadata(&elsewhere).is_err(), "a dangling link made sdw create a file");
}

// ----- unsaved work found -----

fn plant_recovery(path: &Path, title: &str) -> PathBuf {
    let recovery = sdw::recovery::recovery_path(path);
    let work = Design { title: title.into(), ..Design::default() };
    std::fs::write(&recovery, store::to_toml(&work)).unwrap();
    recovery
}

#[test]
fn esc_on_unsaved_work_found_keeps_it_and_only_discard_deletes_it() {
    let (dir, path) = design_file("On disk");
    let recovery = plant_recovery(&path, "Left behind");
    let planted = std::fs::read(&recovery).unwrap();

    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for("Unsaved work found");
    session.wait_for("keep them for later");
    session.type_raw("\x1b");
    session.wait_for("kept the unsaved work in d.toml.sdw-recovery");
    // This window's own work goes elsewhere: the kept work is not overwritten.
    session.type_keys("a");
    session.type_keys("new work");
    wait_for_file(&dir.path().join("d.toml.sdw-recovery-2"), "new work");
    assert_eq!(std::fs::read(&recovery).unwrap(), planted);
    keep_field(&mut session);
    quit(&mut session);
    std::fs::remove_file(dir.path().join("d.toml.sdw-recovery-2")).unwrap();

    // Offered again; `n` says what would be lost and deletes only on `y`.
    let mut session = Session::start(dir.path(), &["open", "d.toml"]);
    session.wait_for("Unsaved work found");
    session.type_keys("n");
    session.wait_for("Discard the unsaved work?");
    session.wait_for("title: “Left behind”");
    session.type_keys("n");
    session.wait_for("Unsaved work found");
    assert!(recovery.exists());
    session.type_keys("n");
    session.wait_for("Discard the unsaved work?");
    session.type_keys("y");
    session.wait_for("discarded the unsaved work");
    assert!(!recovery.exists());
    quit(&mut session);
}

// ----- the history -----

fn history_file(data: &Path) -> PathBuf {
    data.join("history.jsonl")
}

#[test]
fn twenty_recordings_at_once_all_survive() {
    let data = tempfile::tempdir().unwrap();
    let children: Vec<std::process::Child> = (0..20)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_sdw"))
                .args(["review", "url-shortener", "--record", "--json"])
                .env("SDW_DATA_DIR", data.path())
                .env_remove("SDW_PROBLEMS")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let text = std::fs::read_to_string(history_file(data.path())).unwrap();
    assert_eq!(text.lines().count(), 20, "{text}");
    let output = sdw().env("SDW_DATA_DIR", data.path()).args(["history", "--json"]).output().unwrap();
    let history: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(history["attempts"].as_array().map(Vec::len), Some(20));
}

#[test]
fn bad_history_lines_are_skipped_and_named_and_never_rewritten() {
    let data = tempfile::tempdir().unwrap();
    let good = r#"{"problem":"twitter","date":"2026-11-18 11:06","seconds_used":2400,"score":70,"hints_used":1}"#;
    let mut bytes = format!("{good}\n").into_bytes();
    bytes.extend(b"{\"problem\":\"tw\xffitter\"}\n");
    bytes.extend(good.replace("\"score\":70", "\"score\":4294967295").as_bytes());
    bytes.push(b'\n');
    bytes.extend(format!("{good}\n").as_bytes());
    bytes.extend(br#"{"problem":"twitter","date":"2026-1"#); // cut short by a crash
    std::fs::write(history_file(data.path()), &bytes).unwrap();

    let output = sdw().env("SDW_DATA_DIR", data.path()).args(["history"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (out, err) = (stdout(&output), stderr(&output));
    assert_eq!(out.matches("twitter").count(), 3, "two attempts and their progress line:\n{out}");
    for (line, why) in [(2, "not UTF-8"), (3, "score 4294967295 is over 100"), (5, "not an attempt")] {
        assert!(err.contains(&format!("history.jsonl:{line}: skipped: {why}")), "line {line}: {err}");
    }

    let output = sdw().env("SDW_DATA_DIR", data.path()).args(["review", "url-shortener", "--record"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let after = std::fs::read(history_file(data.path())).unwrap();
    assert!(after.starts_with(&bytes), "what was there is kept byte for byte");
    let added = std::str::from_utf8(&after[bytes.len()..]).unwrap();
    assert!(added.starts_with("\n{\"problem\":\"url-shortener\""), "the new attempt has a line of its own: {added:?}");
}

#[test]
fn a_data_folder_that_is_a_file_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    for args in [vec!["review", "url-shortener", "--record"], vec!["history"]] {
        let output = sdw().env("SDW_DATA_DIR", &file).args(&args).output().unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("not a folder") && err.contains("SDW_DATA_DIR"), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
}

// ----- names and ids -----

#[test]
fn a_file_name_that_is_not_utf8_works_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"caf\xe9.toml");
    let output = sdw().current_dir(dir.path()).args(["new", "url-shortener", "-o"]).arg(name).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join(name).exists());
    let md = OsStr::from_bytes(b"caf\xe9.md");
    for args in [vec!["check"], vec!["estimate"], vec!["review"], vec!["export", "-o"]] {
        let mut cmd = sdw();
        cmd.current_dir(dir.path()).arg(args[0]).arg(name);
        if args.len() > 1 {
            cmd.arg(args[1]).arg(md);
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    assert!(dir.path().join(md).exists());
}

#[test]
fn two_user_problems_with_one_id_are_both_named() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("one"), dir.path().join("two"));
    for folder in [&first, &second] {
        std::fs::create_dir(folder).unwrap();
    }
    let problem =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("problems/url-shortener.toml"))
            .unwrap()
            .replace("id = \"url-shortener\"", "id = \"twin\"");
    std::fs::write(first.join("a.toml"), &problem).unwrap();
    std::fs::write(second.join("b.toml"), &problem).unwrap();
    let (a, b) = (first.join("a.toml").display().to_string(), second.join("b.toml").display().to_string());
    for command in ["list", "check"] {
        let output = sdw()
            .args(["--problems", first.to_str().unwrap(), "--problems", second.to_str().unwrap(), command])
            .output()
            .unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{command}: {err}");
        assert!(err.contains(&format!("{b}:1:1: problem `twin` is also defined in {a}")), "{command}: {err}");
    }
    let output = sdw().arg("check").arg(first.join("a.toml")).arg(second.join("b.toml")).output().unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("problem `twin` is also defined in {a}")), "{err}");
}

// ----- the dialogs, as drawn -----

#[test]
fn the_unsaved_work_and_replace_dialogs_say_what_they_will_do() {
    use sdw::problem::Library;
    use sdw::tui::{Action, App};
    crate::tui::isolate_data_dir();
    let (dir, path) = design_file("On disk");
    let recovery = plant_recovery(&path, "Left behind");
    let mut work = store::load_design(&recovery).unwrap();
    work.requirements.functional = vec!["shorten a link".into(), "redirect".into()];
    std::fs::write(&recovery, store::to_toml(&work)).unwrap();
    let written = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000);
    std::fs::File::options().write(true).open(&recovery).unwrap().set_modified(written).unwrap();
    let plain = sdw::tui::theme::Theme::plain();

    let mut app = App::open(&path, Library::builtin(), plain).unwrap();
    insta::assert_snapshot!("unsaved_work_found_80x24", crate::tui::screen(&mut app, 80, 24));
    app.update(Action::No);
    insta::assert_snapshot!("discard_unsaved_work_80x24", crate::tui::screen(&mut app, 80, 24));
    app.update(Action::Close);
    app.update(Action::Close);
    std::fs::write(dir.path().join("d.md"), "# my own notes\n").unwrap();
    app.update(Action::Export);
    insta::assert_snapshot!("replace_the_file_80x24", crate::tui::screen(&mut app, 80, 24));
    app.update(Action::No);
    assert_eq!(std::fs::read_to_string(dir.path().join("d.md")).unwrap(), "# my own notes\n");
    assert!(recovery.exists(), "Esc kept the unsaved work");
}
