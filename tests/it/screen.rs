//! The real binary in a pseudo-terminal, its screen read through a terminal emulator: the
//! workbench at 80×24 and 120×40, with a light theme, with wide text, scrolling, searching,
//! copying out and saving over a hand-written file.

use std::path::Path;

use crate::pty::Session;
use sdw::model::Design;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const CTRL_S: &str = "\x13";
const PAGE_DOWN: &str = "\x1b[6~";

/// A terminal's wheel turned over (column, row), both counted from 1 (SGR mouse report).
fn wheel_down(column: u16, row: u16) -> String {
    format!("\x1b[<65;{column};{row}M")
}

fn design_file(dir: &Path, design: &Design) {
    sdw::store::save_design(&dir.join("design.toml"), design).unwrap();
}

fn reference(id: &str) -> Design {
    sdw::problem::Library::builtin().get(id).unwrap().problem.reference_design()
}

/// Leave the workbench without saving and wait for it to end.
fn quit(mut session: Session) {
    session.type_raw("q");
    std::thread::sleep(std::time::Duration::from_millis(200));
    session.type_raw("y");
    assert!(session.wait().success());
}

#[test]
fn practice_at_80x24_reaches_the_brief_answers_and_hints_with_b() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::start_sized(dir.path(), &["practice", "url-shortener", "-o", "p.toml"], &[], 80, 24);
    let screen = session.wait_for_screen("Functional requirements");
    let footer = screen.screen().rows(0, 80).last().unwrap();
    assert!(footer.contains("A ask") && footer.contains("H hint") && footer.contains("B brief"), "{footer}");
    // Ask a question and take a hint, then read them in the brief.
    session.type_raw("A");
    session.wait_for_screen("Ask the interviewer");
    session.type_raw(ENTER);
    session.type_raw("H");
    session.wait_for_screen("Hint 1 of");
    session.type_raw("B");
    let screen = session.wait_for_screen("Esc closes");
    assert!(screen.screen().contents().contains("URL shortener"), "{}", screen.screen().contents());
    // The hint is at the end, out of sight at 80×24 until scrolled there.
    session.type_raw("G");
    let screen = session.wait_for_screen("Hints (1 taken)");
    assert!(screen.screen().contents().contains("→"), "the answer is logged:\n{}", screen.screen().contents());
    session.type_raw(ESC);
    std::thread::sleep(std::time::Duration::from_millis(200));
    quit(session);
}

#[test]
fn the_wheel_and_page_keys_scroll_the_pane_they_are_meant_for() {
    let dir = tempfile::tempdir().unwrap();
    design_file(dir.path(), &reference("url-shortener"));
    let mut session = Session::start_sized(dir.path(), &["open", "design.toml"], &[], 120, 40);
    session.type_raw("4m");
    let before = session.wait_for_screen("flowchart");
    // The Mermaid pane's text (the list on the left stays as it is).
    let first_line = |p: &vt100::Parser| p.screen().rows(42, 78).skip(3).take(30).collect::<Vec<_>>().join("\n");
    let top = first_line(&before);
    // The wheel over the Mermaid source scrolls it; the list keeps its selection.
    session.type_raw(&wheel_down(90, 20));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let after = session.screen();
    assert_ne!(first_line(&after), top, "scrolled:\n{}", after.screen().contents());
    assert!(!after.screen().rows(42, 78).nth(3).unwrap().contains("flowchart"));
    // PgDn scrolls it further.
    let scrolled = first_line(&after);
    session.type_raw(PAGE_DOWN);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_ne!(first_line(&session.screen()), scrolled);
    quit(session);
}

#[test]
fn search_jumps_to_a_component_and_n_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    design_file(dir.path(), &reference("url-shortener"));
    let mut session = Session::start_sized(dir.path(), &["open", "design.toml"], &[], 120, 40);
    session.wait_for_screen("Functional requirements");
    session.type_keys("/keygen");
    session.type_raw(ENTER);
    let screen = session.wait_for_screen("match 1 of");
    let text = screen.screen().contents();
    assert!(text.contains("keygen: its links"), "on the high-level screen, keygen selected:\n{text}");
    session.type_raw("n");
    session.wait_for_screen("match 2 of");
    quit(session);
}

#[test]
fn a_cjk_label_keeps_its_box_and_the_cursor_sits_where_the_text_ends() {
    let dir = tempfile::tempdir().unwrap();
    design_file(dir.path(), &Design { title: "Wide".into(), ..Design::default() });
    let mut session = Session::start_sized(dir.path(), &["open", "design.toml"], &[], 120, 40);
    session.wait_for_screen("Functional requirements");
    // Typing wide text into a requirement: the cursor follows the cells, not the characters.
    session.type_raw("ja");
    session.wait_for_screen("a new row");
    session.type_keys("ab中文中文");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = session.screen();
    let (row, cursor) = screen.screen().cursor_position();
    let line = screen.screen().rows(0, 120).nth(row as usize).unwrap();
    // The text's first cell, counted in cells as the terminal shows them.
    let start = (0..120u16)
        .find(|&c| {
            screen.screen().cell(row, c).is_some_and(|x| x.contents() == "a")
                && screen.screen().cell(row, c + 1).is_some_and(|x| x.contents() == "b")
        })
        .unwrap_or_else(|| panic!("the text on row {row}: {line}"));
    assert_eq!(cursor, start + 10, "ab is 2 cells, 中文中文 is 8: {line}");
    session.type_raw(ENTER);
    // A component labelled with the same text.
    session.type_raw("4a");
    session.wait_for_screen("a new row");
    session.type_keys("cache");
    session.type_raw("\t");
    session.type_raw("\t");
    session.type_keys("ab中文中文");
    session.type_raw(ENTER);
    session.wait_for_screen("cache: its links");
    // The label, once kept, is in the list too (cut there) and whole in the diagram.
    let screen = session.wait_for_screen("ab中…");
    // In the diagram the label's box closes on the same column as its top border.
    let rows: Vec<String> = screen.screen().rows(0, 120).collect();
    let label_row = rows.iter().position(|r| r.contains("ab中文中文")).unwrap();
    let cells = |r: usize| -> Vec<String> {
        (0..120u16)
            .map(|c| screen.screen().cell(r as u16, c).map(|x| x.contents().to_string()).unwrap_or_default())
            .collect()
    };
    let (top, middle) = (cells(label_row - 1), cells(label_row));
    // In the diagram pane, right of the list (whose `label` header has an a and a b too).
    let label_col = (42..119).find(|&c| middle[c] == "a" && middle[c + 1] == "b").unwrap();
    let right = |cells: &[String], edge: &str| (label_col..120).find(|&c| cells[c] == edge).unwrap();
    assert_eq!(right(&middle, "│"), right(&top, "┐"), "{}", rows.join("\n"));
    quit(session);
}

#[test]
fn a_light_theme_from_the_settings_file_draws_a_pale_selection_and_no_truecolour() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("sdw")).unwrap();
    std::fs::write(config.join("sdw").join("settings.toml"), "theme = \"light\"\n").unwrap();
    design_file(dir.path(), &reference("url-shortener"));
    let env = [("NO_COLOR", ""), ("XDG_CONFIG_HOME", config.to_str().unwrap()), ("COLORTERM", "")];
    let session = Session::start_sized(dir.path(), &["open", "design.toml"], &env, 80, 24);
    let screen = session.wait_for_screen("Functional requirements");
    // The selected row (the first requirement) has the light palette's pale background.
    let row = screen.screen().rows(0, 80).position(|r| r.contains("F1")).unwrap() as u16;
    assert_eq!(screen.screen().cell(row, 1).unwrap().bgcolor(), vt100::Color::Idx(254));
    assert!(!session.output().contains("48;2;") && !session.output().contains("38;2;"), "no truecolour codes");
    quit(session);

    // An unknown key is refused with its place.
    std::fs::write(config.join("sdw").join("settings.toml"), "theme = \"light\"\ncolour = 1\n").unwrap();
    let out = crate::sdw().env("XDG_CONFIG_HOME", &config).args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(crate::stderr(&out).contains("settings.toml:2:1"), "{}", crate::stderr(&out));
    // A relative XDG_CONFIG_HOME is ignored, as the spec says.
    let out = crate::sdw()
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", "config")
        .env("HOME", dir.path())
        .args(["list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::stderr(&out));
}

#[test]
fn saving_from_the_workbench_keeps_the_files_comments() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Our design, kept in git.\ntitle = \"Mine\"\n\n[requirements]\n# the one thing it does\nfunctional = [\"Shorten a URL\"]\n\n[[components]]\nid = \"api\"   # stateless\nkind = \"service\"\n";
    std::fs::write(dir.path().join("design.toml"), text).unwrap();
    let mut session = Session::start_sized(dir.path(), &["open", "design.toml"], &[], 120, 40);
    session.wait_for_screen("Functional requirements");
    // Edit the requirement's text: Enter, clear, type, Enter, save.
    session.type_raw("j");
    session.type_raw(ENTER);
    session.type_raw("\x15");
    session.type_keys("Shorten a long URL");
    session.type_raw(ENTER);
    session.type_raw(CTRL_S);
    session.wait_for_screen("saved");
    session.type_raw("q");
    assert!(session.wait().success());
    let saved = std::fs::read_to_string(dir.path().join("design.toml")).unwrap();
    let changed: Vec<(&str, &str)> = text.lines().zip(saved.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("functional = [\"Shorten a URL\"]", "functional = [\"Shorten a long URL\"]")], "{saved}");
    assert_eq!(text.lines().count(), saved.lines().count());
}

#[test]
fn y_copies_the_mermaid_source_with_osc_52() {
    let dir = tempfile::tempdir().unwrap();
    design_file(dir.path(), &reference("url-shortener"));
    let mut session = Session::start_sized(dir.path(), &["open", "design.toml"], &[("TMUX", "")], 120, 40);
    session.wait_for_screen("Functional requirements");
    session.type_raw("4y");
    session.wait_for_screen("copied the Mermaid source");
    let output = session.output();
    let start = output.find("\x1b]52;c;").expect("an OSC 52 sequence") + 7;
    let end = start + output[start..].find('\x07').unwrap();
    use base64::Engine as _;
    let copied = base64::engine::general_purpose::STANDARD.decode(&output[start..end]).unwrap();
    assert!(String::from_utf8(copied).unwrap().starts_with("flowchart"));
    quit(session);
}

#[test]
fn a_new_components_default_id_is_replaced_as_you_type() {
    let dir = tempfile::tempdir().unwrap();
    design_file(dir.path(), &Design { title: "Mine".into(), ..Design::default() });
    let mut session = Session::start_sized(dir.path(), &["open", "design.toml"], &[], 80, 24);
    session.wait_for_screen("Functional requirements");
    session.type_raw("4a");
    session.wait_for_screen("a new row");
    session.type_keys("lb");
    session.type_raw(ENTER);
    let screen = session.wait_for_screen("lb: its links");
    assert!(!screen.screen().contents().contains("component1lb"));
    quit(session);
}
