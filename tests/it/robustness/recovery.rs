//! Work survives the process: the real `sdw` binary in a pseudo-terminal, typed into, killed
//! with SIGKILL and reopened; ended with SIGTERM and SIGHUP, or made to panic, which must give
//! the terminal back.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sdw::model::Design;
use sdw::problem::Library;
use sdw::store;
use sdw::tui::App;
use sdw::tui::app::Overlay;
use sdw::tui::theme::Theme;

use crate::pty::{LEAVE_ALTERNATE_SCREEN, Session, visible};

fn design_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    store::save_design(&path, &Design { title: "Kill test".into(), ..Design::default() }).unwrap();
    (dir, path)
}

#[test]
fn work_typed_before_a_kill_9_is_offered_back_on_reopening() {
    let (dir, path) = design_file();
    let original = std::fs::read_to_string(&path).unwrap();
    let recovery = sdw::recovery::recovery_path(&path);

    let mut session = Session::start(dir.path(), &["open", "design.toml"]);
    session.wait_for("Kill test");
    // Add a requirement and leave it mid-edit: even a field being typed is kept.
    session.type_keys("a");
    session.type_keys("survives a kill");
    session.wait_for("survives a kill");
    // The workbench autosaves within a second of a change.
    let started = Instant::now();
    while !std::fs::read_to_string(&recovery).is_ok_and(|t| t.contains("survives a kill")) {
        assert!(started.elapsed() < Duration::from_secs(5), "no recovery file after {:?}", started.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(1_200));
    session.signal("KILL");
    assert!(session.wait().signal().is_some(), "killed, not exited");
    drop(session);

    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "the design file itself is untouched");
    let kept = std::fs::read_to_string(&recovery).expect("the recovery file outlives the process");
    assert!(kept.contains("survives a kill"), "{kept}");

    // The library offers it back...
    let app = App::open(&path, Library::builtin(), Theme::plain()).unwrap();
    match &app.overlay {
        Some(Overlay::Restore(found)) => assert_eq!(found.design.requirements.functional, ["survives a kill"]),
        other => panic!("no restore offer: {other:?}"),
    }
    drop(app);

    // ...and so does the real workbench: restore, save, quit.
    let mut session = Session::start(dir.path(), &["open", "design.toml"]);
    session.wait_for("Unsaved work found");
    session.type_keys("y");
    session.wait_for("restored");
    session.type_keys("\x13"); // Ctrl-S
    session.wait_for("saved design.toml"); // not the "unsaved" of the message before
    session.type_keys("q");
    let status = session.wait();
    assert!(status.success(), "{status:?}: {}", visible(&session.output()));
    assert!(session.output().contains(LEAVE_ALTERNATE_SCREEN), "the terminal is given back");
    let saved = store::load_design(&path).unwrap();
    assert_eq!(saved.requirements.functional, ["survives a kill"]);
    assert!(!recovery.exists(), "saving removes the recovery file");
}

#[test]
fn sigterm_and_sighup_end_the_workbench_cleanly_and_keep_the_work() {
    for signal in ["TERM", "HUP"] {
        let (dir, path) = design_file();
        let mut session = Session::start(dir.path(), &["open", "design.toml"]);
        session.wait_for("Kill test");
        session.type_keys("a");
        session.type_keys("kept on");
        session.type_keys(" SIG");
        session.wait_for("kept on SIG");
        std::thread::sleep(Duration::from_millis(1_200));
        session.signal(signal);
        let status = session.wait();
        assert!(status.success() && status.signal().is_none(), "{signal}: exits cleanly, not {status:?}");
        let output = session.output();
        let left = output.rfind(LEAVE_ALTERNATE_SCREEN).unwrap_or_else(|| panic!("{signal}: alternate screen left"));
        assert!(output.contains("\x1b[?1049h"), "{signal}: it had entered the alternate screen");
        assert!(left > output.rfind("\x1b[?1049h").unwrap(), "{signal}: left after entering");
        let kept = crate::read_recovery(&path).expect("the work is in the recovery file");
        assert_eq!(kept.requirements.functional, ["kept on SIG"], "{signal}");
    }
}

#[test]
fn two_windows_on_one_design_each_keep_their_own_work() {
    let (dir, path) = design_file();
    let first_recovery = sdw::recovery::recovery_path(&path);
    let second_recovery = dir.path().join("design.toml.sdw-recovery-2");

    let mut first = Session::start(dir.path(), &["open", "design.toml"]);
    first.wait_for("Kill test");
    first.type_keys("a");
    first.type_keys("typed in the first");
    first.wait_for("typed in the first");
    let mut second = Session::start(dir.path(), &["open", "design.toml"]);
    second.wait_for("also open in another sdw window");
    second.type_keys("a");
    second.type_keys("typed in the second");
    second.wait_for("typed in the second");
    for (recovery, text) in [(&first_recovery, "typed in the first"), (&second_recovery, "typed in the second")] {
        let started = Instant::now();
        while !std::fs::read_to_string(recovery).is_ok_and(|t| t.contains(text)) {
            assert!(started.elapsed() < Duration::from_secs(5), "{text}: not in {}", recovery.display());
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    first.signal("KILL");
    first.wait();
    second.signal("KILL");
    second.wait();
    drop((first, second));

    // Both windows' work survives; the newest is offered first, the other the next time.
    let mut offered = Vec::new();
    for _ in 0..2 {
        let mut app = App::open(&path, Library::builtin(), Theme::plain()).unwrap();
        match &app.overlay {
            Some(Overlay::Restore(found)) => offered.push(found.design.requirements.functional.clone()),
            other => panic!("no restore offer: {other:?}"),
        }
        // Discarding is asked twice: what would be lost, then yes.
        app.update(sdw::tui::Action::No);
        assert!(matches!(app.overlay, Some(Overlay::ConfirmDiscard(_))), "{:?}", app.overlay);
        app.update(sdw::tui::Action::Yes);
    }
    offered.sort();
    assert_eq!(offered, [vec!["typed in the first".to_string()], vec!["typed in the second".to_string()]]);
    let app = App::open(&path, Library::builtin(), Theme::plain()).unwrap();
    assert!(app.overlay.is_none(), "nothing more to offer");
}

#[test]
fn a_panic_gives_the_terminal_back_and_keeps_the_work() {
    let (dir, path) = design_file();
    // A recovery file from an earlier session, to show the panic does not lose it.
    let mut kept = store::load_design(&path).unwrap();
    kept.requirements.functional.push("kept through a panic".into());
    sdw::recovery::Session::claim(&path).write(&kept).unwrap();

    let mut session = Session::start_with_env(dir.path(), &["open", "design.toml"], &[("SDW_TEST_PANIC", "1")]);
    let status = session.wait();
    assert!(!status.success(), "{status:?}");
    let output = session.output();
    let entered = output.find("\x1b[?1049h").expect("it entered the alternate screen");
    let left = output.rfind(LEAVE_ALTERNATE_SCREEN).expect("the alternate screen is left");
    assert!(left > entered);
    for (sequence, what) in [("\x1b[?1000l", "mouse reporting"), ("\x1b[?2004l", "bracketed paste")] {
        let off = output.rfind(sequence).unwrap_or_else(|| panic!("{what} is never switched off"));
        assert!(off > entered, "{what} is switched off after the panic");
    }
    let message = output.find("panic requested by SDW_TEST_PANIC").expect("the panic is reported");
    assert!(message > left, "the report comes after the terminal is restored, where it can be read");
    assert_eq!(crate::read_recovery(&path).unwrap().requirements.functional, ["kept through a panic"]);
}
