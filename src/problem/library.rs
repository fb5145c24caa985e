//! Where problems come from: the ones embedded in the binary, then the user's folders
//! (`--problems DIR`, `SDW_PROBLEMS`), where a problem with a built-in id shadows it.

use std::path::{Path, PathBuf};

use super::Problem;
use crate::store::{self, LoadErrors};

/// The embedded problem files, as (file name, text), sorted by file name.
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    include!(concat!(env!("OUT_DIR"), "/problems.rs"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    User(PathBuf),
}

#[derive(Debug, Clone)]
pub struct LibraryEntry {
    pub problem: Problem,
    pub origin: Origin,
    /// A user problem that replaces a built-in one with the same id.
    pub shadows_builtin: bool,
}

/// The problems available, sorted by id, and the files that failed to load.
#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: Vec<LibraryEntry>,
    pub errors: Vec<LoadErrors>,
}

impl Library {
    /// The built-in problems only.
    pub fn builtin() -> Library {
        let mut library = Library::default();
        for (name, text) in builtin_sources() {
            match store::parse_problem(text, &format!("problems/{name}")) {
                Ok(problem) => {
                    library.entries.push(LibraryEntry { problem, origin: Origin::Builtin, shadows_builtin: false })
                }
                Err(e) => library.errors.push(e),
            }
        }
        library.entries.sort_by(|a, b| a.problem.id.cmp(&b.problem.id));
        library
    }

    /// The built-in problems plus every `*.toml` in `dirs`, later folders winning.
    pub fn load(dirs: &[PathBuf]) -> Library {
        let mut library = Library::builtin();
        for dir in dirs {
            library.add_dir(dir);
        }
        library.entries.sort_by(|a, b| a.problem.id.cmp(&b.problem.id));
        library
    }

    fn add_dir(&mut self, dir: &Path) {
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => {
                self.errors.push(LoadErrors(vec![store::LoadError {
                    file: dir.display().to_string(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read the problem folder: {e}"),
                }]));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let loaded =
                store::read_text(&path).and_then(|text| store::parse_problem(&text, &path.display().to_string()));
            match loaded {
                Ok(problem) => {
                    self.insert(LibraryEntry { problem, origin: Origin::User(path), shadows_builtin: false })
                }
                Err(e) => self.errors.push(e),
            }
        }
    }

    fn insert(&mut self, mut entry: LibraryEntry) {
        if let Some(existing) = self.entries.iter_mut().find(|e| e.problem.id == entry.problem.id) {
            entry.shadows_builtin = existing.origin == Origin::Builtin || existing.shadows_builtin;
            *existing = entry;
        } else {
            self.entries.push(entry);
        }
    }

    pub fn entries(&self) -> &[LibraryEntry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&LibraryEntry> {
        self.entries.iter().find(|e| e.problem.id == id)
    }

    /// Ids close to `id`, for "did you mean" messages.
    pub fn similar(&self, id: &str) -> Vec<&str> {
        let id = id.to_lowercase();
        self.entries
            .iter()
            .map(|e| e.problem.id.as_str())
            .filter(|candidate| candidate.contains(&id) || id.contains(candidate) || shares_word(candidate, &id))
            .collect()
    }
}

fn shares_word(a: &str, b: &str) -> bool {
    a.split('-').any(|w| w.len() > 2 && b.split(['-', ' ', '_']).any(|x| x == w))
}
