//! Where sdw keeps its own files, after the XDG Base Directory specification: each kind of
//! file under its variable (`XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_STATE_HOME`), else under
//! its default below `$HOME`. The specification says a relative value is invalid and must be
//! ignored, so one is treated as unset, as an empty one is. Every caller asks here.

use std::ffi::OsString;
use std::path::PathBuf;

/// An absolute path from the variable `name`, if it holds one.
fn absolute_var(name: &str, env: &impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    env(name).map(PathBuf::from).filter(|path| path.is_absolute())
}

/// `$VAR/sdw` when `VAR` is an absolute path, else `$HOME/<fallback>/sdw`.
fn base_dir(var: &str, fallback: &str, env: &impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    absolute_var(var, env)
        .or_else(|| absolute_var("HOME", env).map(|home| home.join(fallback)))
        .map(|base| base.join("sdw"))
}

fn from_process(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// Settings and template overrides: `$XDG_CONFIG_HOME/sdw`, else `~/.config/sdw`.
pub fn config_dir() -> Option<PathBuf> {
    base_dir("XDG_CONFIG_HOME", ".config", &from_process)
}

/// Data worth keeping (the practice history): `SDW_DATA_DIR` when set, else
/// `$XDG_DATA_HOME/sdw`, else `~/.local/share/sdw`.
pub fn data_dir() -> Option<PathBuf> {
    data_dir_in(&from_process)
}

fn data_dir_in(env: &impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    match env("SDW_DATA_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => base_dir("XDG_DATA_HOME", ".local/share", env),
    }
}

/// Template overrides: `templates` in the configuration folder.
pub fn template_dir() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("templates"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn an_absolute_xdg_value_is_used() {
        let env = env(&[("HOME", "/home/ann"), ("XDG_CONFIG_HOME", "/cfg"), ("XDG_DATA_HOME", "/data")]);
        assert_eq!(base_dir("XDG_CONFIG_HOME", ".config", &env), Some(PathBuf::from("/cfg/sdw")));
        assert_eq!(data_dir_in(&env), Some(PathBuf::from("/data/sdw")));
    }

    #[test]
    fn a_relative_or_empty_xdg_value_is_ignored() {
        for value in ["relative/dir", "", "./x", "~/cfg"] {
            let env = env(&[("HOME", "/home/ann"), ("XDG_CONFIG_HOME", value), ("XDG_DATA_HOME", value)]);
            assert_eq!(base_dir("XDG_CONFIG_HOME", ".config", &env), Some(PathBuf::from("/home/ann/.config/sdw")));
            assert_eq!(data_dir_in(&env), Some(PathBuf::from("/home/ann/.local/share/sdw")), "{value:?}");
        }
    }

    #[test]
    fn without_a_usable_home_there_is_no_folder() {
        assert_eq!(data_dir_in(&env(&[])), None);
        assert_eq!(data_dir_in(&env(&[("HOME", "relative")])), None);
        assert_eq!(data_dir_in(&env(&[("SDW_DATA_DIR", "/mine")])), Some(PathBuf::from("/mine")));
    }
}
