//! The real `sdw` binary in a pseudo-terminal: keys in, everything it prints collected.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// Leaves the alternate screen: the last thing a well-behaved full-screen program prints.
pub const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";

/// `sdw` running in a pseudo-terminal, with everything it prints collected.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    /// Set when the reader has seen the end of the output: everything printed is collected.
    drained: Arc<std::sync::atomic::AtomicBool>,
    _master: Box<dyn MasterPty + Send>,
    size: (u16, u16),
}

impl Session {
    pub fn start(dir: &Path, args: &[&str]) -> Session {
        Session::start_with_env(dir, args, &[])
    }

    pub fn start_with_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_sized(dir, args, env, 120, 40)
    }

    /// In a terminal `cols`×`rows`.
    pub fn start_sized(dir: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sdw"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("SDW_DATA_DIR", dir.join("data"));
        cmd.env_remove("SDW_PROBLEMS");
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("sdw starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let done = Arc::clone(&drained);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Session { child, writer, output, drained, _master: pair.master, size: (cols, rows) }
    }

    /// The screen as a terminal shows it now: everything printed so far, run through a
    /// terminal emulator.
    pub fn screen(&self) -> vt100::Parser {
        let (cols, rows) = self.size;
        let nonzero = |n: u16| std::num::NonZeroU16::new(n.max(1)).unwrap();
        let mut parser = vt100::Parser::new(nonzero(rows), nonzero(cols), 0);
        parser.process(&self.output.lock().unwrap());
        parser
    }

    /// Wait until the emulated screen shows `text` (spaces included), and return it.
    pub fn wait_for_screen(&self, text: &str) -> vt100::Parser {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if screen.screen().contents().contains(text) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "`{text}` never appeared on the screen:\n{}",
                screen.screen().contents()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Wait until the screen shows `text` (ignoring escape sequences and spaces, which the
    /// terminal backend often skips over by moving the cursor).
    pub fn wait_for(&self, text: &str) {
        let started = Instant::now();
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        loop {
            if visible(&self.output()).contains(&text) {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "`{text}` never appeared:\n{}",
                visible(&self.output())
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Send `bytes` as they are, in one write: escape sequences such as mouse reports.
    pub fn type_raw(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn type_keys(&mut self, keys: &str) {
        for c in keys.chars() {
            write!(self.writer, "{c}").unwrap();
            self.writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child")
    }

    /// Send a signal (`KILL`, `TERM`, `HUP`) with the shell's own `kill`, which every machine has.
    pub fn signal(&self, signal: &str) {
        let script = format!("kill -s {signal} {}", self.pid());
        let status = std::process::Command::new("sh").args(["-c", &script]).status().unwrap();
        assert!(status.success(), "{script}");
    }

    /// Wait for the process to end, and for what it printed last to be read.
    pub fn wait(&mut self) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader ends when the last holder of the terminal is gone; on a busy
                // machine that can be a moment after the exit.
                let exited = Instant::now();
                while !self.drained.load(std::sync::atomic::Ordering::SeqCst)
                    && exited.elapsed() < Duration::from_secs(2)
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = self.child.kill();
                panic!("sdw did not end:\n{}", visible(&self.output()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
    }
}

/// The printable text of terminal output, escape sequences and spaces removed.
pub fn visible(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ params final-byte; other escapes: ESC and one more character.
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            } else {
                chars.next();
            }
        } else if !c.is_control() && !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}
