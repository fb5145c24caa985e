//! Bytes read as a session at the keyboard: the workbench fuzz target and its regression tests
//! decode their input here, so a crash found by one replays the same way in the other.

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::action::Action;
use super::app::{App, Effect};

/// One thing that happens to the workbench: what the terminal sends, or the loop's own clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Event(Event),
    Tick,
    Advance(Duration),
}

/// Apply `step` to `app` as the event loop does (the same key dispatch), answering the
/// effects as a user would: the external editor hands back `edited`, a suspension resumes.
pub fn apply(app: &mut App, step: &Step, edited: &str) {
    let action = match step {
        Step::Event(event) => super::action_for_event(app, event.clone()),
        Step::Tick => Some(Action::Tick),
        Step::Advance(by) => Some(Action::Advance(*by)),
    };
    match action.and_then(|action| app.update(action)) {
        Some(Effect::EditExternally(_)) => {
            app.update(Action::Replace(edited.to_string()));
        }
        // The clipboard is the terminal's: nothing comes back into the workbench.
        Some(Effect::Suspend | Effect::Copy(_)) | None => {}
    }
}

/// The keys a user presses most, so random bytes reach deep into the screens quickly.
const KEYS: &[KeyCode] = &[
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Up,
    KeyCode::Down,
    KeyCode::Left,
    KeyCode::Right,
    KeyCode::Home,
    KeyCode::End,
    KeyCode::Backspace,
    KeyCode::Delete,
];

/// The actions one input stands for, in order. Each byte is one step:
/// - `0x00..=0x7f`: that character typed (control characters as Ctrl and a letter);
/// - `0x80..=0x8b`: one of [`KEYS`];
/// - `0xf0`, n, n bytes: a paste of those bytes (as UTF-8, lossily);
/// - `0xf1`, w, h: a resize to w × h (each 0 to 255);
/// - `0xf2`, x, y: a left click at column x, row y;
/// - `0xf3`: the autosave tick; `0xf4`, s: s seconds of interview clock;
/// - anything else: Shift or Alt with the next character.
pub fn steps(bytes: &[u8]) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut rest = bytes;
    while let Some((&first, tail)) = rest.split_first() {
        rest = tail;
        let mut take = |n: usize| {
            let (taken, tail) = rest.split_at(n.min(rest.len()));
            rest = tail;
            taken
        };
        let key = |code, mods| Step::Event(Event::Key(KeyEvent::new(code, mods)));
        steps.push(match first {
            b'\r' | b'\n' => key(KeyCode::Enter, KeyModifiers::NONE),
            0x1b => key(KeyCode::Esc, KeyModifiers::NONE),
            b'\t' => key(KeyCode::Tab, KeyModifiers::NONE),
            0x7f => key(KeyCode::Backspace, KeyModifiers::NONE),
            c @ 0x00..=0x1f => key(KeyCode::Char((c + b'a' - 1).max(b'a') as char), KeyModifiers::CONTROL),
            c @ 0x20..=0x7e => key(KeyCode::Char(c as char), KeyModifiers::NONE),
            c @ 0x80..=0x8b => key(KEYS[usize::from(c - 0x80)], KeyModifiers::NONE),
            0xf0 => {
                let n = take(1).first().copied().unwrap_or(0);
                Step::Event(Event::Paste(String::from_utf8_lossy(take(usize::from(n))).into_owned()))
            }
            0xf1 => {
                let size = take(2);
                let (width, height) = (size.first().copied().unwrap_or(80), size.get(1).copied().unwrap_or(24));
                Step::Event(Event::Resize(width.into(), height.into()))
            }
            0xf2 => {
                let at = take(2);
                let (column, row) = (at.first().copied().unwrap_or(0), at.get(1).copied().unwrap_or(0));
                Step::Event(Event::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: column.into(),
                    row: row.into(),
                    modifiers: KeyModifiers::NONE,
                }))
            }
            0xf3 => Step::Tick,
            0xf4 => Step::Advance(Duration::from_secs(take(1).first().copied().unwrap_or(1).into())),
            modifier => {
                let c = take(1).first().copied().unwrap_or(b'a');
                let mods = if modifier & 1 == 1 { KeyModifiers::SHIFT } else { KeyModifiers::ALT };
                key(KeyCode::Char(char::from(c).to_ascii_uppercase()), mods)
            }
        });
    }
    steps
}

/// Play `bytes` against the workbench and check what it reaches: no panic while updating or
/// drawing (at 80×24 and whatever sizes the input resizes to), and the design, whatever state
/// it is in, survives the way the workbench keeps it. The recovery file holds any state and
/// must read back unchanged; a state the workbench would save (it refuses one `sdw open` would
/// reject) must also load back as a design file, unchanged. The first byte picks the problem
/// and whether it is studied (the whole reference) or practised (the brief, with the clock and
/// key figures). Nothing is written to disk: the design has no file and no history is kept.
pub fn drive(bytes: &[u8]) {
    use std::sync::OnceLock;

    use crate::model::Design;
    use crate::problem::{Library, Problem};
    use ratatui::{Terminal, backend::TestBackend};

    // Parsed once per process: the fuzzer runs this many times a second.
    static LIBRARY: OnceLock<(Library, Vec<Problem>)> = OnceLock::new();
    let (library, problems) = LIBRARY.get_or_init(|| {
        let library = Library::builtin();
        let problems = library.entries().iter().map(|entry| entry.problem.clone()).collect();
        (library, problems)
    });
    let Some((&choice, input)) = bytes.split_first() else { return };
    let problem = &problems[usize::from(choice & 0x7f) % problems.len()];
    let design = if choice & 0x80 == 0 { problem.reference_design() } else { problem.practice_design() };
    let mut app = App::workbench(design, None, library.clone(), super::theme::Theme::plain());
    app.data_dir = None;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let steps = steps(input);
    for (i, step) in steps.iter().enumerate() {
        apply(&mut app, step, "edited in $EDITOR\nsecond line");
        if let Step::Event(Event::Resize(width, height)) = step {
            terminal.backend_mut().resize(*width, *height);
        }
        if i % 16 == 15 || i + 1 == steps.len() {
            terminal.draw(|frame| super::draw(frame, &app)).expect("a test terminal draws");
        }
        if app.should_quit {
            break;
        }
    }
    let saved = crate::store::to_toml(&app.design);
    let recovered: Design = crate::store::parse(&saved, "recovery")
        .unwrap_or_else(|e| panic!("the recovery file must read back: {e}\n{saved}"));
    assert_eq!(recovered, app.design, "the recovery file changed the design\n{saved}");
    if crate::model::validate(&app.design, &[]).is_empty() {
        let again = crate::store::parse_design(&saved, "saved.toml")
            .unwrap_or_else(|e| panic!("a design the workbench saves must load again: {e}\n{saved}"));
        assert_eq!(again, app.design, "save → load changed the design\n{saved}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> Step {
        Step::Event(Event::Key(KeyEvent::new(code, mods)))
    }

    #[test]
    fn bytes_decode_to_keys_pastes_and_events() {
        let steps = steps(b"a\x13\x81\xf0\x03xyz\xf1\x50\x18\xf3");
        assert_eq!(steps.len(), 6, "{steps:?}");
        assert_eq!(steps[0], key(KeyCode::Char('a'), KeyModifiers::NONE));
        assert_eq!(steps[1], key(KeyCode::Char('s'), KeyModifiers::CONTROL));
        assert_eq!(steps[2], key(KeyCode::Esc, KeyModifiers::NONE));
        assert_eq!(steps[3], Step::Event(Event::Paste("xyz".into())));
        assert_eq!(steps[4], Step::Event(Event::Resize(80, 24)));
        assert_eq!(steps[5], Step::Tick);
    }

    #[test]
    fn a_session_of_every_kind_of_step_drives_cleanly() {
        // Study and practice, each phase visited, rows added, pasted into, edited in $EDITOR,
        // undone, resized down to nothing and up again.
        for first in [0u8, 0x80, 7, 0x85] {
            let mut bytes = vec![first];
            for phase in b"123456" {
                bytes.extend_from_slice(&[*phase, b'a', 0xf0, 4]);
                bytes.extend_from_slice(b"x\x01y\xc3");
                bytes.extend_from_slice(&[0x05, 0x80, b'j', b'E', 0x0d, b'u', 0xf1, 0, 0, 0xf3, 0xf1, 120, 40, 0x81]);
            }
            drive(&bytes);
        }
    }

    #[test]
    fn truncated_input_still_decodes() {
        assert_eq!(steps(b"\xf0\x09ab"), [Step::Event(Event::Paste("ab".into()))]);
        assert_eq!(steps(b"\xf1"), [Step::Event(Event::Resize(80, 24))]);
    }
}
