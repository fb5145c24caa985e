//! The one way CLI text reaches the terminal. Everything a command prints (tables, briefs,
//! scorecards, messages quoting input, file names) goes through here, so a title or a file
//! name holding an escape sequence is shown as `\e...`, never obeyed by the terminal; and a
//! closed stdout comes back as an error (`BrokenPipe`) for `main` to end on quietly, never as
//! a panic.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::text::{json_visible, visible};

/// Print `text` on stdout with its terminal controls shown as escapes.
pub fn out(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(visible(text).as_bytes())?;
    stdout.flush()
}

/// Print one line on stdout.
pub fn outln(line: &str) -> std::io::Result<()> {
    out(&format!("{line}\n"))
}

/// Print `value` as pretty JSON on stdout; strings keep their value, with the characters that
/// act on a terminal written as `\u` escapes.
pub fn json(value: &impl serde::Serialize) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(json_visible(&text).as_bytes())?;
    stdout.flush()
}

/// Print a document (Markdown, Mermaid, a completion script) on stdout as it is, byte for
/// byte, into a file or a pipe; on a terminal, with its controls shown as escapes.
pub fn document(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if stdout.is_terminal() {
        stdout.write_all(visible(text).as_bytes())?;
    } else {
        stdout.write_all(text.as_bytes())?;
    }
    stdout.flush()
}

/// Print `text` on stderr with its terminal controls shown as escapes. A message that cannot
/// be written has nowhere else to go, so failing to write is not an error.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(visible(text).as_bytes());
    let _ = stderr.flush();
}

/// Print one line on stderr.
pub fn errln(line: &str) {
    err(&format!("{line}\n"));
}

/// Set by `-q`: status lines are not printed.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Silence status lines (`-q`); results and errors are still printed.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// A line about what was done (`wrote FILE`): on stderr, so stdout holds only results and a
/// pipeline reads nothing it did not ask for; silenced by `-q`.
pub fn status(line: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        errln(line);
    }
}
