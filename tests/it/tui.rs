//! The workbench through ratatui's TestBackend: every screen as an insta snapshot at 80×24 and
//! 120×40, and whole flows driven by key presses, asserting on the design that results. What
//! only a real terminal shows runs the binary in a pseudo-terminal.

use std::sync::Once;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sdw::model::{Design, Phase};
use sdw::problem::Library;
use sdw::tui::theme::Theme;
use sdw::tui::{Action, App};

/// Keep the recent-files list of these tests out of the user's data directory.
pub(crate) fn isolate_data_dir() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = std::env::temp_dir().join(format!("sdw-tests-{}", std::process::id()));
        // SAFETY: set once, before any test thread of this binary reads it.
        unsafe { std::env::set_var("SDW_DATA_DIR", dir) };
    });
}

fn plain() -> Theme {
    Theme::plain()
}

fn study(id: &str) -> App {
    isolate_data_dir();
    let library = Library::builtin();
    let design = library.get(id).expect("built-in problem").problem.reference_design();
    App::workbench(design, None, library, plain())
}

/// A small design saved in a fresh folder, open in the workbench. Keep the folder alive.
fn open_new_design() -> (tempfile::TempDir, std::path::PathBuf, App) {
    isolate_data_dir();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    sdw::store::save_design(&path, &Design { title: "Mine".into(), ..Design::default() }).unwrap();
    let app = App::open(&path, Library::builtin(), plain()).unwrap();
    (dir, path, app)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Press keys: `Enter`, `Esc`, `Tab`, `BackTab`, `Up`, `Down`, `Left`, `Right`, `Space`,
/// `C-s` (Ctrl), or a word whose characters are pressed one by one.
fn press(app: &mut App, keys: &str) {
    for token in keys.split_whitespace() {
        let events: Vec<KeyEvent> = match token {
            "Enter" => vec![key(KeyCode::Enter)],
            "Esc" => vec![key(KeyCode::Esc)],
            "Tab" => vec![key(KeyCode::Tab)],
            "BackTab" => vec![KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)],
            "Up" => vec![key(KeyCode::Up)],
            "Down" => vec![key(KeyCode::Down)],
            "Left" => vec![key(KeyCode::Left)],
            "Right" => vec![key(KeyCode::Right)],
            "Space" => vec![key(KeyCode::Char(' '))],
            t if t.starts_with("C-") && t.len() == 3 => {
                vec![KeyEvent::new(KeyCode::Char(t.chars().nth(2).unwrap()), KeyModifiers::CONTROL)]
            }
            word => word.chars().map(|c| key(KeyCode::Char(c))).collect(),
        };
        for event in events {
            if let Some(action) = app.action_for_key(event) {
                app.update(action);
            }
        }
    }
}

/// Type text into the field being edited, spaces included.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(key(KeyCode::Char(c))));
    }
}

pub(crate) fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.update(Action::Resize { width, height });
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| sdw::tui::ui::render(frame, app)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn every_phase_renders_at_80x24_and_120x40() {
    let mut app = study("url-shortener");
    for (i, phase) in Phase::ALL.iter().enumerate() {
        app.update(Action::GotoPhase(i));
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("phase{}_{:?}_{w}x{h}", i + 1, phase).to_lowercase();
            insta::assert_snapshot!(name, screen(&mut app, w, h));
        }
    }
}

#[test]
fn the_picker_help_and_mermaid_views_render() {
    isolate_data_dir();
    let mut picker = App::picker(Library::builtin(), vec![], std::env::temp_dir(), plain());
    insta::assert_snapshot!("picker_120x40", screen(&mut picker, 120, 40));
    insta::assert_snapshot!("picker_80x24", screen(&mut picker, 80, 24));
    press(&mut picker, "/ tw");
    insta::assert_snapshot!("picker_filtered_80x24", screen(&mut picker, 80, 24));

    let mut app = study("url-shortener");
    press(&mut app, "?");
    insta::assert_snapshot!("help_120x40", screen(&mut app, 120, 40));
    press(&mut app, "Esc 4 m");
    let mermaid = screen(&mut app, 120, 40);
    assert!(mermaid.contains("flowchart"), "{mermaid}");
}

#[test]
fn the_picker_lists_problems_by_title() {
    isolate_data_dir();
    let picker = App::picker(Library::builtin(), vec![], std::env::temp_dir(), plain());
    let titles: Vec<String> = picker.filtered_problems().iter().map(|p| p.title.to_lowercase()).collect();
    assert!(titles.len() > 1, "the library has problems");
    assert!(titles.is_sorted(), "{titles:?}");
}

#[test]
fn tiny_terminals_degrade_without_panicking() {
    let mut app = study("twitter");
    for (i, _) in Phase::ALL.iter().enumerate() {
        app.update(Action::GotoPhase(i));
        for (w, h) in [(40, 10), (20, 5), (1, 1), (60, 15)] {
            let _ = screen(&mut app, w, h);
        }
    }
    assert!(screen(&mut app, 30, 8).contains("need 40×10"));
}

#[test]
fn adding_a_requirement_and_saving_writes_the_file() {
    let (_dir, path, mut app) = open_new_design();
    press(&mut app, "a");
    type_text(&mut app, "Users can shorten a long URL");
    press(&mut app, "Enter");
    assert!(app.dirty);
    assert!(sdw::recovery::recovery_path(&path).exists(), "unsaved work goes to the recovery file");
    press(&mut app, "C-s");
    assert!(!app.dirty);
    assert!(!sdw::recovery::recovery_path(&path).exists(), "saving removes the recovery file");
    let saved = sdw::store::load_design(&path).unwrap();
    assert_eq!(saved.requirements.functional, ["Users can shorten a long URL"]);
}

#[test]
fn estimates_recompute_on_every_keystroke() {
    let mut app = study("url-shortener");
    press(&mut app, "2");
    let qps = |app: &App| app.evaluation.row("write_qps").unwrap().outcome.clone().unwrap().base_value;
    let before = qps(&app);
    // The cursor starts on the first assumption's value: new_urls_per_day.
    press(&mut app, "Enter C-u");
    type_text(&mut app, "200 million url / day");
    assert!((qps(&app) / before - 2.0).abs() < 1e-9, "recomputed while typing");
    type_text(&mut app, " + 3 s");
    assert!(app.evaluation.row("new_urls_per_day").unwrap().outcome.is_err(), "the error shows on its row");
    assert!(app.evaluation.row("write_qps").unwrap().outcome.is_err(), "and on the rows that use it");
    press(&mut app, "Esc");
    assert_eq!(qps(&app), before, "cancel restores the value");
    press(&mut app, "c");
    assert_eq!(app.design.estimates.convention, sdw::model::Convention::Rough);
    assert!((qps(&app) - 1000.0).abs() < 1e-9);
    press(&mut app, "u");
    assert_eq!(app.design.estimates.convention, sdw::model::Convention::Exact);
}

#[test]
fn add_edit_move_delete_undo_redo_on_components() {
    let mut app = study("url-shortener");
    let count = app.design.components.len();
    press(&mut app, "4 G");
    // Adding a component edits id, then (Tab) kind, a choice, then the rest. The generated
    // id is selected, so typing replaces it.
    let components = app.design.components.len();
    press(&mut app, "g a");
    type_text(&mut app, "audit");
    press(&mut app, "Tab");
    // The kind chooser: move to `worker`.
    let target = sdw::model::ComponentKind::ALL.iter().position(|k| *k == sdw::model::ComponentKind::Worker).unwrap();
    let current = sdw::model::ComponentKind::ALL.iter().position(|k| *k == sdw::model::ComponentKind::Service).unwrap();
    for _ in current..target {
        press(&mut app, "j");
    }
    press(&mut app, "Tab");
    type_text(&mut app, "Audit writer");
    press(&mut app, "Esc");
    assert_eq!(app.design.components.len(), components + 1);
    let added = &app.design.components[1];
    assert_eq!((added.id.as_str(), added.kind), ("audit", sdw::model::ComponentKind::Worker));
    press(&mut app, "K");
    assert_eq!(app.design.components[0].id, "audit");
    press(&mut app, "d");
    assert_eq!(app.design.components.len(), count);
    press(&mut app, "u");
    assert_eq!(app.design.components[0].id, "audit");
    press(&mut app, "u u");
    assert_eq!(app.design.components.len(), count, "undo reaches back before the add");
    press(&mut app, "C-r");
    assert_eq!(app.design.components.len(), count + 1);
}

#[test]
fn invalid_text_is_refused_and_kept_for_fixing() {
    let mut app = study("url-shortener");
    press(&mut app, "4 Enter C-u");
    type_text(&mut app, "Not An Id");
    press(&mut app, "Enter");
    assert!(app.edit.is_some(), "still editing");
    assert!(app.status.as_ref().unwrap().error);
    press(&mut app, "Esc");
    assert!(app.design.components.iter().all(|c| c.id != "Not An Id"));
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut app = study("url-shortener");
    press(&mut app, "a");
    type_text(&mut app, "Something new");
    press(&mut app, "Enter q");
    assert!(!app.should_quit, "asks first");
    press(&mut app, "n");
    assert!(!app.should_quit);
    press(&mut app, "q y");
    assert!(app.should_quit);
}

#[test]
fn review_jumps_to_the_phase_that_needs_work() {
    isolate_data_dir();
    let mut app = App::workbench(Design::default(), None, Library::builtin(), plain());
    press(&mut app, "6 j j");
    let target = app.checks()[app.review_selected].phase;
    press(&mut app, "Enter");
    assert_eq!(app.phase, target);
}

#[test]
fn clicking_a_tab_switches_phase() {
    let mut app = study("url-shortener");
    let _ = screen(&mut app, 120, 40);
    // The third tab starts after the first two and their gaps.
    let titles = sdw::tui::ui::tab_titles(120);
    let x = (titles[0].chars().count() + titles[1].chars().count() + 2) as u16 + 1;
    app.update(Action::Click { column: x, row: 1 });
    assert_eq!(app.phase, Phase::ApiData);
}

#[test]
fn reopening_after_a_crash_offers_the_unsaved_work() {
    let (_dir, path, mut app) = open_new_design();
    press(&mut app, "a");
    type_text(&mut app, "typed but never saved");
    app.update(Action::Tick);
    drop(app); // as if killed
    let mut again = App::open(&path, Library::builtin(), plain()).unwrap();
    assert!(matches!(again.overlay, Some(sdw::tui::app::Overlay::Restore(_))));
    press(&mut again, "y");
    assert_eq!(again.design.requirements.functional, ["typed but never saved"]);
    assert!(again.dirty);
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_silently() {
    let (_dir, path, mut app) = open_new_design();
    std::fs::write(&path, "title = \"Theirs\"\n").unwrap();
    press(&mut app, "a");
    type_text(&mut app, "mine");
    press(&mut app, "Enter C-s");
    assert!(matches!(app.overlay, Some(sdw::tui::app::Overlay::ConfirmOverwrite)));
    press(&mut app, "n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "title = \"Theirs\"\n");
    press(&mut app, "C-s y");
    assert!(std::fs::read_to_string(&path).unwrap().contains("mine"));
}

#[test]
fn practice_screens_render() {
    isolate_data_dir();
    let library = Library::builtin();
    let design = library.get("url-shortener").unwrap().problem.practice_design();
    let mut app = App::workbench(design, None, library, plain());
    app.update(Action::Advance(std::time::Duration::from_secs(330)));
    press(&mut app, "A Enter H");
    insta::assert_snapshot!("practice_requirements_120x40", screen(&mut app, 120, 40));
    press(&mut app, "2 Enter");
    type_text(&mut app, "1000 url / s");
    press(&mut app, "Enter");
    insta::assert_snapshot!("practice_estimates_120x40", screen(&mut app, 120, 40));
    press(&mut app, "6");
    while app.overlay.is_some() {
        press(&mut app, "Esc");
    }
    insta::assert_snapshot!("practice_review_120x40", screen(&mut app, 120, 40));
    insta::assert_snapshot!("practice_review_80x24", screen(&mut app, 80, 24));
}

#[test]
fn mouse_movement_draws_no_frames_and_a_key_after_a_burst_of_input_is_not_held_back() {
    // The terminal reports every movement of the mouse; redrawing for each was wasted work,
    // and over SSH a stream of it. And input of more than 1,024 bytes at once (here 1.2 KB of
    // mouse reports, then the key) must all be read: crossterm's default reader left the rest
    // unread until another key came.
    let dir = tempfile::tempdir().unwrap();
    sdw::store::save_design(&dir.path().join("design.toml"), &Design { title: "Mouse".into(), ..Design::default() })
        .unwrap();
    let mut session = crate::pty::Session::start_with_env(dir.path(), &["open", "design.toml"], &[("SDW_TIMING", "1")]);
    session.wait_for("Functional requirements");
    let frames = |session: &crate::pty::Session| session.output().matches("sdw timing: frame").count();
    let before = frames(&session);
    // 100 movements without a button pressed (SGR mouse reports), then a key.
    let moves: String = (0..100).map(|i| format!("\x1b[<35;{};{}M", 10 + i % 50, 5 + i % 20)).collect();
    session.type_raw(&moves);
    session.type_keys("2");
    session.wait_for("Derived figures");
    let drawn = frames(&session) - before;
    // The key's frame, and the few the half-second tick draws meanwhile. (Before the fix: one
    // frame per movement.)
    assert!((1..=5).contains(&drawn), "{drawn} frames drawn for 100 mouse movements and a key");
    session.type_keys("q");
    assert!(session.wait().success());
}

#[test]
fn a_new_components_generated_id_is_replaced_by_typing_and_enter_keeps_the_row() {
    let mut app = study("url-shortener");
    press(&mut app, "4 a");
    type_text(&mut app, "lb2");
    press(&mut app, "Enter");
    assert!(app.edit.is_none(), "Enter keeps the row and stops editing, new row or not");
    assert_eq!(app.design.components[1].id, "lb2", "not component1lb2");
    // On an existing row Enter does the same; Tab is what moves on.
    press(&mut app, "Enter");
    type_text(&mut app, "x");
    press(&mut app, "Tab");
    assert_eq!(app.edit.as_ref().map(|e| e.col), Some(1), "Tab moves to the next field");
    press(&mut app, "Esc");
    assert_eq!(app.design.components[1].id, "lb2x");
}

#[test]
fn value_pickers_jump_as_you_type_and_take_g_and_shift_g() {
    let mut app = study("url-shortener");
    press(&mut app, "4 l Enter");
    let chosen = |app: &App| match &app.edit.as_ref().unwrap().state {
        sdw::tui::app::EditState::Choice { options, selected } => options[*selected].0.clone(),
        _ => panic!("a choice"),
    };
    type_text(&mut app, "wo");
    assert_eq!(chosen(&app), "worker");
    type_text(&mut app, "o");
    assert_eq!(chosen(&app), "object_store", "a key that matches nothing starts afresh");
    press(&mut app, "G");
    let last = sdw::model::ComponentKind::ALL.last().unwrap().key();
    assert_eq!(chosen(&app), last);
    press(&mut app, "g");
    assert_eq!(chosen(&app), sdw::model::ComponentKind::ALL[0].key());
    press(&mut app, "Esc");
}

#[test]
fn the_rate_picker_offers_rates_first_and_warns_about_a_non_rate() {
    let mut app = study("url-shortener");
    // The first link's rate column.
    press(&mut app, "4 G g");
    let links = app.sections().iter().position(|s| *s == sdw::tui::sections::SectionId::Links).unwrap();
    app.cursors[Phase::HighLevel.index()] = sdw::tui::app::Cursor { section: links, row: 0, col: 4 };
    press(&mut app, "Enter");
    let options = match &app.edit.as_ref().unwrap().state {
        sdw::tui::app::EditState::Choice { options, .. } => options.clone(),
        _ => panic!("a choice"),
    };
    let first_non_rate = options.iter().position(|(_, d)| d.ends_with("(not a rate)")).unwrap();
    assert!(options[1..first_non_rate].iter().all(|(_, d)| !d.contains("not a rate")));
    assert!(options[first_non_rate..].iter().all(|(_, d)| d.ends_with("(not a rate)")), "rates first");
    for _ in 0..first_non_rate {
        press(&mut app, "Down");
    }
    press(&mut app, "Enter");
    let status = app.status.clone().unwrap();
    assert!(status.error && status.text.contains("not a rate"), "{}", status.text);
}

#[test]
fn an_entity_may_name_one_written_later_and_saving_checks_it() {
    let (_dir, path, mut app) = open_new_design();
    press(&mut app, "3 j a");
    type_text(&mut app, "Order Item");
    press(&mut app, "Enter");
    assert!(app.status.as_ref().unwrap().error, "entity names are single words, as field names are");
    press(&mut app, "C-u");
    type_text(&mut app, "order");
    press(&mut app, "Tab Tab");
    type_text(&mut app, "line_item 1-N");
    press(&mut app, "Enter");
    assert!(app.edit.is_none(), "a forward reference is accepted while writing");
    press(&mut app, "C-s");
    let status = app.status.clone().unwrap();
    assert!(status.error && status.text.contains("not saved"), "{}", status.text);
    assert!(!std::fs::read_to_string(&path).unwrap().contains("line_item"));
    // Once the child exists, it saves.
    press(&mut app, "a");
    type_text(&mut app, "line_item");
    press(&mut app, "Enter C-s");
    assert!(!app.dirty, "{:?}", app.status);
}

#[test]
fn the_quit_dialog_saves_and_quits() {
    let (_dir, path, mut app) = open_new_design();
    press(&mut app, "a");
    type_text(&mut app, "Keep me");
    press(&mut app, "Enter q s");
    assert!(app.should_quit);
    assert!(std::fs::read_to_string(&path).unwrap().contains("Keep me"));
}

#[test]
fn the_start_dialog_starts_practice_on_enter_and_quits_on_ctrl_c() {
    isolate_data_dir();
    let dir = tempfile::tempdir().unwrap();
    let mut picker = App::picker(Library::builtin(), vec![], dir.path().to_path_buf(), plain());
    press(&mut picker, "Enter Enter");
    assert!(picker.practising(), "Enter starts the default: a practice attempt");
    let mut picker = App::picker(Library::builtin(), vec![], dir.path().to_path_buf(), plain());
    press(&mut picker, "Enter C-c");
    assert!(picker.should_quit);
}

#[test]
fn a_design_of_ones_own_states_its_problem() {
    let (_dir, path, mut app) = open_new_design();
    press(&mut app, "Enter");
    type_text(&mut app, "A status page for our APIs, read by 1 million people");
    press(&mut app, "Enter C-s");
    assert_eq!(
        sdw::store::load_design(&path).unwrap().statement,
        "A status page for our APIs, read by 1 million people"
    );
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("Problem statement"), "{text}");
    let design = sdw::store::load_design(&path).unwrap();
    let doc = sdw::export::Exporter::builtin().render(&design, None, sdw::export::Format::Markdown).unwrap();
    assert!(doc.contains("> A status page for our APIs"), "{doc}");
}

#[test]
fn the_picker_filter_forgives_typos() {
    isolate_data_dir();
    let mut picker = App::picker(Library::builtin(), vec![], std::env::temp_dir(), plain());
    for query in ["shortner", "urlshort", "URL shortener", "url short"] {
        picker.picker.filter.set(query);
        let titles: Vec<&str> = picker.filtered_problems().iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles.first(), Some(&"URL shortener"), "{query}: {titles:?}");
    }
    picker.picker.filter.set("zzqx");
    assert!(picker.filtered_problems().is_empty(), "nothing matches nonsense");
}

#[test]
fn g_and_shift_g_reach_both_ends_of_every_list() {
    isolate_data_dir();
    let mut picker = App::picker(Library::builtin(), vec![], std::env::temp_dir(), plain());
    press(&mut picker, "G");
    assert_eq!(picker.picker.selected, picker.filtered_problems().len() - 1);
    press(&mut picker, "g");
    assert_eq!(picker.picker.selected, 0);
    let mut app = study("url-shortener");
    press(&mut app, "6 G");
    assert_eq!(app.review_selected, app.review_items().len() - 1, "review too");
    press(&mut app, "g");
    assert_eq!(app.review_selected, 0);
    press(&mut app, "4 G");
    let c = app.cursor();
    // The last list of the high-level phase is its flows.
    assert_eq!((c.section, c.row), (2, app.design.flows.len() - 1));
}

/// Select the url-shortener's cache on the high-level phase (the ninth component).
fn select_the_cache(app: &mut App) {
    press(app, "4 g");
    while app.selected_component() != Some("cache") {
        let before = app.cursor();
        press(app, "j");
        assert_ne!(app.cursor(), before, "the cache is in the list");
    }
}

#[test]
fn failing_the_cache_overloads_the_database_and_restoring_it_clears_that() {
    use sdw::analysis::{ComponentStatus, FlowStatus};
    let mut app = study("url-shortener");
    let db = |app: &App| app.analysis.component("url_db").unwrap().status;
    let follow = |app: &App| app.analysis.flow("follow a short link").unwrap().status;
    press(&mut app, "4");
    assert_eq!(db(&app), ComponentStatus::Ok, "the reference carries its peak");
    assert_eq!(follow(&app), FlowStatus::Ok);
    select_the_cache(&mut app);
    press(&mut app, "f");
    assert!(app.failed.contains("cache"));
    assert_eq!(app.analysis.component("cache").unwrap().status, ComponentStatus::Failed);
    assert_eq!(db(&app), ComponentStatus::Overloaded, "every read now reaches the database");
    assert_eq!(follow(&app), FlowStatus::Degraded);
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("✗ cache"), "the diagram and the pane mark the failed cache:\n{shown}");
    assert!(shown.contains("! url_db"), "and the database over capacity:\n{shown}");
    assert!(!app.dirty, "a failure is the workbench's, not the design's");
    press(&mut app, "f");
    assert!(app.failed.is_empty());
    assert_eq!(db(&app), ComponentStatus::Ok, "restoring the cache clears it");
    assert_eq!(follow(&app), FlowStatus::Ok);
    assert!(!screen(&mut app, 120, 40).contains("✗ cache"));
}

#[test]
fn the_flows_list_and_the_analysis_pane_render() {
    let mut app = study("url-shortener");
    select_the_cache(&mut app);
    press(&mut app, "f G");
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("flows_and_analysis_cache_failed_{w}x{h}"), screen(&mut app, w, h));
    }
}

#[test]
fn a_flow_is_added_and_edited_like_any_row_and_its_errors_show_on_its_row() {
    let mut app = study("url-shortener");
    press(&mut app, "4 G");
    let flows = app.design.flows.len();
    press(&mut app, "a");
    type_text(&mut app, "resolve only");
    press(&mut app, "Tab");
    type_text(&mut app, "F2");
    press(&mut app, "Tab");
    type_text(&mut app, "peak_write_qps");
    press(&mut app, "Tab");
    type_text(&mut app, "lb -> gateway; gateway -> cache");
    press(&mut app, "Enter");
    assert_eq!(app.design.flows.len(), flows + 1);
    let row = app.cursor().row;
    let flow = &app.design.flows[row];
    assert_eq!(flow.name, "resolve only");
    assert_eq!(flow.steps.len(), 2);
    assert!(app.analysis.flow("resolve only").is_some(), "analysed on the keystroke that wrote it");
    let status = |app: &App| sdw::tui::sections::SectionId::Flows.get(&app.view(), row, 4);
    assert!(status(&app).starts_with("ok"), "{}", status(&app));
    // A step along no link: the row says so, nothing breaks.
    press(&mut app, "h h h h h l l l Enter C-u");
    type_text(&mut app, "lb -> url_db");
    press(&mut app, "Enter");
    assert!(status(&app).contains("⚠ no link lb → url_db"), "{}", status(&app));
    // A step that does not parse is refused, kept for fixing, and the design is unchanged.
    press(&mut app, "Enter C-u");
    type_text(&mut app, "lb redirect");
    press(&mut app, "Enter");
    assert!(app.edit.is_some(), "the bad text stays in the editor");
    press(&mut app, "Esc");
    assert_eq!(app.design.flows[row].steps[0].to, "url_db");
    // A rate row that is not a rate shows on the row too.
    press(&mut app, "h Enter C-u");
    type_text(&mut app, "cache_hit_rate");
    press(&mut app, "Enter");
    press(&mut app, "l Enter C-u");
    type_text(&mut app, "lb -> redirect");
    press(&mut app, "Enter");
    assert!(status(&app).starts_with('⚠'), "{}", status(&app));
}

#[test]
fn a_flow_added_in_the_real_terminal_shows_its_status() {
    isolate_data_dir();
    let dir = tempfile::tempdir().unwrap();
    let library = Library::builtin();
    let design = library.get("url-shortener").unwrap().problem.reference_design();
    sdw::store::save_design(&dir.path().join("design.toml"), &design).unwrap();
    let mut session = crate::pty::Session::start(dir.path(), &["open", "design.toml"]);
    session.wait_for("URL shortener");
    session.type_keys("4");
    session.wait_for("Load / capacity at peak");
    session.type_keys("G");
    session.type_keys("apty check\tF2\tpeak_write_qps\tlb -> gateway\r");
    session.wait_for("flow `pty check`: ok · 99.9");
    session.type_keys("q");
}
