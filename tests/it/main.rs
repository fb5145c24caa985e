//! Integration tests: the real `sdw` binary, driven through its command line.

mod analysis;
mod architecture;
mod cli;
mod estimate;
mod export;
mod fixtures;
mod json_schemas;
mod library;
mod practice;
mod pty;
mod robustness;
mod screen;
mod terminal;
mod tui;

use std::path::PathBuf;

use assert_cmd::Command;

/// The `sdw` binary, run with no user problem folders from the environment.
pub fn sdw() -> Command {
    let mut cmd = Command::cargo_bin("sdw").expect("the sdw binary is built");
    cmd.env_remove("SDW_PROBLEMS").env("NO_COLOR", "1");
    cmd
}

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// stdout of a finished command as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What the first window on `design` keeps in its recovery file, if anything loadable.
pub fn read_recovery(design: &std::path::Path) -> Option<sdw::model::Design> {
    let text = std::fs::read_to_string(sdw::recovery::recovery_path(design)).ok()?;
    sdw::store::parse::<sdw::model::Design>(&text, "recovery").ok()
}
