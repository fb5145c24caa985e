//! The user's settings: `$XDG_CONFIG_HOME/sdw/settings.toml` (else `~/.config/sdw/`; a
//! relative `XDG_CONFIG_HOME` is ignored, as the XDG spec says). Every key is optional; an
//! unknown key is an error with its line and column, like any file sdw reads.
//!
//! ```toml
//! theme = "light"               # "dark" (the default), "light", or "auto" (from COLORFGBG)
//! calendar = "rough"            # the convention new designs start with: "exact" or "rough"
//! problem_folders = ["~/interview-problems"]   # more canned problems, beside the built-in
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::Convention;
use crate::store::{self, LoadErrors};

/// The colours the workbench draws with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    /// For terminals with a dark background.
    #[default]
    Dark,
    /// For terminals with a light background.
    Light,
    /// Dark or light from the terminal's `COLORFGBG`, dark when it does not say.
    Auto,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub theme: ThemeChoice,
    /// The convention new designs start with.
    #[serde(default)]
    pub calendar: Option<Convention>,
    /// Folders of extra problem files, searched after the built-in library.
    #[serde(default)]
    pub problem_folders: Vec<PathBuf>,
}

/// Where the settings file is looked for.
pub fn settings_path() -> Option<PathBuf> {
    crate::paths::config_dir().map(|dir| dir.join("settings.toml"))
}

impl Settings {
    /// The settings in force: the file's, or the defaults when there is none.
    pub fn load() -> Result<Settings, LoadErrors> {
        match settings_path() {
            Some(path) if path.exists() => Settings::load_from(&path),
            _ => Ok(Settings::default()),
        }
    }

    pub fn load_from(path: &Path) -> Result<Settings, LoadErrors> {
        let text = store::read_text(path)?;
        let mut settings = Settings::parse(&text, &path.display().to_string())?;
        // `~/` in a folder means the home directory, as in a shell.
        if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
            for folder in &mut settings.problem_folders {
                if let Ok(rest) = folder.strip_prefix("~") {
                    *folder = home.join(rest);
                }
            }
        }
        Ok(settings)
    }

    /// Settings from a file's text; an empty file sets nothing.
    pub fn parse(text: &str, file: &str) -> Result<Settings, LoadErrors> {
        if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            return Ok(Settings::default());
        }
        store::parse(text, file)
    }

    /// Whether the workbench should draw for a light background.
    pub fn light(&self) -> bool {
        match self.theme {
            ThemeChoice::Dark => false,
            ThemeChoice::Light => true,
            ThemeChoice::Auto => background_is_light(std::env::var("COLORFGBG").ok().as_deref()),
        }
    }
}

/// `COLORFGBG` is "fg;bg" (rxvt, Konsole, iTerm2 and others set it): a background of 7 or
/// 9-15 is a light one.
fn background_is_light(colorfgbg: Option<&str>) -> bool {
    colorfgbg
        .and_then(|v| v.rsplit(';').next())
        .and_then(|bg| bg.trim().parse::<u8>().ok())
        .is_some_and(|bg| bg == 7 || (9..=15).contains(&bg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, LoadErrors> {
        Settings::parse(text, "settings.toml")
    }

    #[test]
    fn every_key_is_optional_and_read() {
        assert_eq!(parse("").unwrap(), Settings::default());
        assert_eq!(parse("# nothing set yet\n").unwrap(), Settings::default());
        let s = parse("theme = \"light\"\ncalendar = \"rough\"\nproblem_folders = [\"/p\"]\n").unwrap();
        assert_eq!(s.theme, ThemeChoice::Light);
        assert_eq!(s.calendar, Some(Convention::Rough));
        assert_eq!(s.problem_folders, [PathBuf::from("/p")]);
        assert!(s.light());
    }

    #[test]
    fn unknown_keys_and_bad_values_name_line_and_column() {
        let err = parse("theme = \"dark\"\ncolour = \"blue\"\n").unwrap_err().to_string();
        assert!(err.starts_with("settings.toml:2:1:") && err.contains("colour"), "{err}");
        let err = parse("theme = \"pink\"\n").unwrap_err().to_string();
        assert!(err.starts_with("settings.toml:1:9:") && err.contains("pink"), "{err}");
    }

    #[test]
    fn the_terminal_can_say_its_background_is_light() {
        assert!(background_is_light(Some("0;15")));
        assert!(background_is_light(Some("0;default;7")));
        assert!(!background_is_light(Some("15;0")));
        assert!(!background_is_light(None));
        assert!(!background_is_light(Some("garbage")));
    }
}
