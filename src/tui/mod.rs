//! The interactive workbench. `run` owns the terminal: it sets it up, restores it on every way
//! out (quit, error, panic, SIGTERM and the other ending signals), hands it to the shell and
//! takes it back around a suspension (Ctrl-Z, SIGTSTP, `fg`), and feeds events to `App::update`.

pub mod action;
pub mod app;
pub mod clipboard;
mod interview;
pub mod keymap;
pub mod layout;
pub mod replay;
pub mod screens;
mod scroll;
pub mod search;
pub mod sections;
pub mod theme;
pub mod ui;
pub mod widgets;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyCode,
    KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType};

pub use action::Action;
pub use app::{App, Effect};

/// When the process started, for `SDW_TIMING`'s first-frame figure: noted by `main` first thing.
static PROCESS_START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Note that the process starts now (the first call wins).
pub fn note_process_start() {
    let _ = PROCESS_START.set(Instant::now());
}

/// How often the loop wakes without input, to autosave work being typed.
const TICK: Duration = Duration::from_millis(500);

/// Leave raw mode and the alternate screen; safe to call more than once.
fn restore() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Take the terminal again after the shell had it: raw mode, the alternate screen, mouse
/// reporting and bracketed paste, as `ratatui::try_init` and `run` set them up.
fn reclaim() {
    let _ = ratatui::crossterm::terminal::enable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    );
}

/// Held while a frame is drawn and while the terminal is handed over to the shell, so a
/// suspension never lands in the middle of a frame.
static TERMINAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Set when the terminal was taken back after a suspension: the next frame is drawn whole,
/// over whatever the shell left on the screen.
static RECLAIMED: AtomicBool = AtomicBool::new(false);

/// Signals that end the workbench as a quit does: the terminal is restored and the work is
/// already in the recovery file.
const ENDING_SIGNALS: [std::ffi::c_int; 6] = {
    use signal_hook::consts::*;
    [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGALRM]
};

/// Stop the process as SIGTSTP's default action would, with the terminal given back first;
/// on `fg` (SIGCONT), take it again and redraw. A plain SIGCONT (after a SIGSTOP, which no
/// program can catch) also takes the terminal again, since the shell has had it meanwhile.
fn handle_job_control() -> std::io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGTSTP};
    let mut signals = signal_hook::iterator::Signals::new([SIGTSTP, SIGCONT])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let _drawing = TERMINAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if signal == SIGTSTP {
                restore();
                // Stops every thread here until SIGCONT.
                let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
            }
            reclaim();
            RECLAIMED.store(true, Ordering::SeqCst);
        }
    });
    Ok(())
}

/// Run the workbench until the user quits.
pub fn run(mut app: App) -> anyhow::Result<()> {
    let terminated = Arc::new(AtomicBool::new(false));
    for signal in ENDING_SIGNALS {
        let _ = signal_hook::flag::register(signal, Arc::clone(&terminated));
    }
    // The event loop notices the flag between events. When the terminal itself has gone away,
    // crossterm's input poll can spin without returning; then this watchdog ends the process.
    // Nothing is lost: every change is already in the recovery file.
    let watchdog = Arc::clone(&terminated);
    std::thread::spawn(move || {
        while !watchdog.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_secs(1));
        restore();
        std::process::exit(0);
    });
    let mut terminal = ratatui::try_init().context("cannot open the terminal")?; // installs a restoring panic hook
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    // Without it Ctrl-Z still suspends the way a shell would, only not from outside.
    let _ = handle_job_control();
    // ratatui's hook leaves raw mode and the alternate screen; mouse reporting and bracketed
    // paste must be switched off too, or the shell is left unusable after a panic.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    let result = event_loop(&mut terminal, &mut app, &terminated);
    restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, terminated: &AtomicBool) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize { width: size.width, height: size.height });
    let timing = std::env::var_os("SDW_TIMING").is_some();
    let started = *PROCESS_START.get_or_init(Instant::now);
    let mut first_frame = true;
    // When the input the next frame answers was read.
    let mut input_at: Option<Instant> = None;
    let mut last_tick = Instant::now();
    let mut clock = Instant::now();
    // An event that changes nothing (the terminal reports every mouse movement) draws no frame.
    let mut redraw = true;
    loop {
        if redraw {
            let frame_start = Instant::now();
            {
                let _drawing = TERMINAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                if RECLAIMED.swap(false, Ordering::SeqCst) {
                    // The screen is cleared and a blank frame drawn over it, so ratatui knows
                    // every cell is blank and the next frame is drawn whole. (`Terminal::clear`
                    // would do both but asks the terminal where its cursor is, and a terminal
                    // that does not answer makes that fail.)
                    execute!(std::io::stdout(), Clear(ClearType::All))?;
                    terminal.draw(|_| {})?;
                    let size = terminal.size()?;
                    app.update(Action::Resize { width: size.width, height: size.height });
                }
                terminal.draw(|frame| draw(frame, app))?;
            }
            if timing {
                if first_frame {
                    eprintln!("sdw timing: first frame {:?} after the process started", started.elapsed());
                }
                log_timing(frame_start, input_at.take());
            }
            // Fault injection for the tests, in debug builds only: proves the terminal is given
            // back when the workbench panics.
            #[cfg(debug_assertions)]
            if first_frame && std::env::var_os("SDW_TEST_PANIC").is_some() {
                panic!("panic requested by SDW_TEST_PANIC");
            }
            first_frame = false;
        }
        redraw = true;
        if app.should_quit || terminated.load(Ordering::Relaxed) {
            return Ok(());
        }
        app.prepare_for_input();
        // The interview clock moves by real time, whatever woke the loop.
        app.update(Action::Advance(clock.elapsed()));
        clock = Instant::now();
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if !event::poll(timeout)? {
            app.update(Action::Tick);
            last_tick = Instant::now();
            continue;
        }
        let event = event::read()?;
        let read_at = Instant::now();
        let action = action_for_event(app, event);
        let Some(action) = action else {
            redraw = false;
            continue;
        };
        input_at = Some(read_at);
        match app.update(action) {
            Some(Effect::EditExternally(text)) => {
                match edit_externally(terminal, &text) {
                    Ok(Some(new_text)) => app.update(Action::Replace(new_text)),
                    Ok(None) => {
                        app.update(Action::Report("the editor exited with an error; the field is unchanged".into()))
                    }
                    Err(e) => app.update(Action::Report(format!("{e:#}"))),
                };
            }
            Some(Effect::Copy(text)) => {
                let sequence = clipboard::osc52(&text, std::env::var_os("TMUX").is_some());
                let mut stdout = std::io::stdout();
                if let Err(e) = stdout.write_all(sequence.as_bytes()).and_then(|()| stdout.flush()) {
                    app.update(Action::Report(format!("could not copy: {e}")));
                }
            }
            // The job-control thread gives the terminal back, stops, and takes it again.
            Some(Effect::Suspend) => {
                let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
            }
            None => {}
        }
    }
}

/// Render the workbench into `frame`, then take bidi controls out of every cell: ratatui
/// already drops C0 and C1 controls, but an override in a title or a label would reorder
/// what the terminal shows around it.
pub fn draw(frame: &mut ratatui::Frame, app: &App) {
    ui::render(frame, app);
    neutralise_bidi(frame.buffer_mut());
}

fn neutralise_bidi(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if let std::borrow::Cow::Owned(clean) = crate::text::without_bidi(cell.symbol()) {
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}

/// What the workbench does with one event from the terminal, if anything.
pub fn action_for_event(app: &App, event: Event) -> Option<Action> {
    match event {
        // Ctrl-Z suspends from any screen, also while typing, as in vim and helix.
        Event::Key(key)
            if key.kind != KeyEventKind::Release
                && key.code == KeyCode::Char('z')
                && key.modifiers.contains(KeyModifiers::CONTROL) =>
        {
            Some(Action::Suspend)
        }
        Event::Key(key) if key.kind != KeyEventKind::Release => app.action_for_key(key),
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column: mouse.column, row: mouse.row }),
            MouseEventKind::ScrollDown => Some(Action::Wheel { column: mouse.column, row: mouse.row, down: true }),
            MouseEventKind::ScrollUp => Some(Action::Wheel { column: mouse.column, row: mouse.row, down: false }),
            _ => None,
        },
        _ => None,
    }
}

/// One frame's figures: how long drawing took and, when the frame answers an input (a key,
/// a paste, a click), the time from reading that input to the frame drawn: update and render.
fn log_timing(frame_start: Instant, input_at: Option<Instant>) {
    let mut stderr = std::io::stderr().lock();
    let _ = match input_at {
        Some(input) => {
            writeln!(stderr, "sdw timing: frame {:?}, input to frame {:?}", frame_start.elapsed(), input.elapsed())
        }
        None => writeln!(stderr, "sdw timing: frame {:?}", frame_start.elapsed()),
    };
}

/// The editor to run, split as a shell would split it: `$VISUAL`, else `$EDITOR`, else `vi`.
/// A value may carry arguments or quote a path with spaces (`"/opt/My Editor/ed" --wait`).
pub fn editor_command() -> anyhow::Result<Vec<String>> {
    let setting = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()).map(|v| (name, v)));
    let Some((name, value)) = setting else { return Ok(vec!["vi".to_string()]) };
    let words = shell_words::split(&value).map_err(|e| anyhow::anyhow!("cannot read ${name} ({value}): {e}"))?;
    if words.is_empty() {
        anyhow::bail!("${name} names no program");
    }
    Ok(words)
}

/// Suspend the screen and let the user's editor edit `text`, in a private temporary file:
/// a random name, created exclusively (so never through a link planted in the temporary
/// folder), readable by its owner alone, removed afterwards.
fn edit_externally(terminal: &mut DefaultTerminal, text: &str) -> anyhow::Result<Option<String>> {
    let command = editor_command()?;
    let mut file = tempfile::Builder::new()
        .prefix("sdw-edit-")
        .suffix(".txt")
        .tempfile()
        .context("cannot make a temporary file")?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    restore();
    let status = std::process::Command::new(&command[0]).args(&command[1..]).arg(file.path()).status();
    *terminal = ratatui::try_init()?;
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    terminal.clear()?;
    // By name: an editor may have saved by writing a new file and renaming it over this one.
    let limit = crate::store::MAX_FILE_BYTES;
    let edited = crate::safe_fs::read_regular(file.path(), crate::safe_fs::Links::Refuse, limit)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    match status {
        Ok(s) if s.success() => Ok(Some(edited?.trim_end_matches('\n').to_string())),
        Ok(_) => Ok(None),
        Err(e) => Err(anyhow::anyhow!("cannot run {}: {e}", command[0])),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    #[test]
    fn bidi_controls_never_reach_a_cell() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 30, 1));
        buffer.set_string(0, 0, "abc\u{202e}def\u{2066}gh\u{200f}", ratatui::style::Style::default());
        super::neutralise_bidi(&mut buffer);
        let shown: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert!(!shown.chars().any(crate::text::is_bidi_control), "{shown:?}");
        assert!(shown.starts_with("abcdefgh"), "the text around them stays in order: {shown:?}");
    }
}
