//! The scriptable front end: one function per subcommand, each a few lines over the core.

mod analysis;
mod args;
mod commands;
mod manual;
mod output;
mod print;

pub use args::{Cli, Command};

use std::process::ExitCode;

use clap::Parser;

/// What a command reports back: success, or a failure already explained on stderr.
pub type Outcome = anyhow::Result<ExitCode>;

/// Parse the command line and run it. Errors are printed as one clear line each; the exit code
/// is 0 for success, 1 for bad input or a failed check, 2 for a usage error.
pub fn main() -> ExitCode {
    crate::tui::note_process_start();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap quotes what it did not understand; shown as escapes when that holds controls.
            let plain = e.render().to_string();
            if plain.chars().any(crate::text::acts_on_terminal) {
                match e.use_stderr() {
                    true => print::err(&plain),
                    false => {
                        let _ = print::out(&plain);
                    }
                }
            } else {
                let _ = e.print();
            }
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed stdout (e.g. `sdw list | head -1`) is not an error worth reporting.
            if e.chain().any(|cause| {
                cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // File errors already read `file:line:col: message`; print them as they are.
            if let Some(errors) = e.downcast_ref::<crate::store::LoadErrors>() {
                print::errln(&errors.to_string());
                return ExitCode::from(1);
            }
            for line in format!("{e:#}").lines() {
                print::errln(&format!("sdw: {line}"));
            }
            ExitCode::from(1)
        }
    }
}
