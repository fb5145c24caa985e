//! Whatever a user does in the workbench, what it saves opens again: random key presses,
//! pastes and typing over a real design, then a save and a load. Shrinking turns a failure into
//! the shortest sequence of keys that shows it.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sdw::model::Design;
use sdw::problem::Library;
use sdw::store;
use sdw::tui::theme::Theme;
use sdw::tui::{Action, App};

#[derive(Clone)]
enum Step {
    Key(KeyEvent),
    Paste(String),
    Tick,
    Render,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Key(k) if k.modifiers.contains(KeyModifiers::CONTROL) => write!(f, "C-{:?}", k.code),
            Step::Key(k) => write!(f, "{:?}", k.code),
            Step::Paste(text) => write!(f, "Paste({text:?})"),
            Step::Tick => write!(f, "Tick"),
            Step::Render => write!(f, "Render"),
        }
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn step() -> impl Strategy<Value = Step> {
    let keys: Vec<KeyEvent> = "adujkhlgGJKcbmy n123456"
        .chars()
        .map(|c| key(KeyCode::Char(c)))
        .chain([KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::Up, KeyCode::Down, KeyCode::Backspace].map(key))
        .chain(['s', 'r', 'u', 'w'].map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)))
        .collect();
    let words =
        ["x", "GET", "POST", "/path", "1 million user", "F1", "api", "db", "id: string PK", "a -> b", "service"];
    prop_oneof![
        10 => proptest::sample::select(keys).prop_map(Step::Key),
        3 => any::<char>().prop_map(|c| Step::Key(key(KeyCode::Char(c)))),
        2 => proptest::sample::select(words.to_vec()).prop_map(|w| Step::Paste(w.to_string())),
        1 => "(\\PC|\n){0,40}".prop_map(Step::Paste),
        1 => Just(Step::Tick),
        1 => Just(Step::Render),
    ]
}

fn start() -> impl Strategy<Value = Design> {
    let library = Library::builtin();
    let designs: Vec<Design> = ["url-shortener", "twitter"]
        .iter()
        .map(|id| library.get(id).unwrap().problem.reference_design())
        .chain([Design { title: "Blank".into(), ..Design::default() }])
        .collect();
    proptest::sample::select(designs)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn what_the_workbench_saves_opens_again(design in start(), steps in proptest::collection::vec(step(), 0..80)) {
        super::isolate_data_dir();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("design.toml");
        store::save_design(&path, &design).unwrap();
        let mut app = App::open(&path, Library::builtin(), Theme::plain()).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for step in steps {
            match step {
                Step::Key(k) => {
                    if let Some(action) = app.action_for_key(k) {
                        app.update(action);
                    }
                }
                Step::Paste(text) => {
                    app.update(Action::Paste(text));
                }
                Step::Tick => {
                    app.update(Action::Tick);
                }
                Step::Render => {
                    terminal.draw(|frame| sdw::tui::ui::render(frame, &app)).unwrap();
                }
            }
        }
        // Leave any field and dialog, then save.
        for _ in 0..3 {
            app.update(Action::Cancel);
            app.update(Action::Close);
        }
        app.update(Action::Save);
        let status = app.status.clone().map(|s| s.text).unwrap_or_default();
        if !status.starts_with("saved") {
            prop_assert!(status.starts_with("not saved"), "unsaved without a reason: {:?}", status);
            prop_assert!(store::load_design(&path).is_ok(), "the file on disk still opens");
        } else {
            let loaded = store::load_design(&path);
            prop_assert!(loaded.is_ok(), "the saved design does not open again:\n{}\n{}",
                loaded.as_ref().unwrap_err(), std::fs::read_to_string(&path).unwrap());
            prop_assert_eq!(loaded.unwrap(), app.design.clone());
        }
        if sdw::recovery::recovery_path(&path).exists() {
            prop_assert!(crate::read_recovery(&path).is_some(), "an unreadable recovery file");
        }
    }
}
