//! Where problems come from: the ones embedded in the binary, then the user's folders
//! (`--problems DIR`, `SDW_PROBLEMS`), where a problem with a built-in id shadows it.
//!
//! Built-in problems are parsed when first used, not when the library is made: a command
//! about one problem parses one file, and `sdw list` reads only the top of each (see
//! [`Library::summaries`]). The test suite checks that every built-in loads and validates.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Difficulty, Problem};
use crate::model::PathSeg;
use crate::safe_fs::Links;
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

/// What `sdw list` shows of a problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub difficulty: Difficulty,
    pub tags: Vec<String>,
    pub time_budget_minutes: u32,
    pub origin: Origin,
    pub shadows_builtin: bool,
}

impl Summary {
    fn of(entry: &LibraryEntry) -> Summary {
        let p = &entry.problem;
        Summary {
            id: p.id.clone(),
            title: p.title.clone(),
            difficulty: p.difficulty,
            tags: p.tags.clone(),
            time_budget_minutes: p.time_budget_minutes,
            origin: entry.origin.clone(),
            shadows_builtin: entry.shadows_builtin,
        }
    }
}

/// One embedded problem file, parsed on first use.
#[derive(Debug, Clone)]
struct Builtin {
    /// The file's stem, which is the problem's id (the test suite checks it).
    id: &'static str,
    name: &'static str,
    text: &'static str,
    entry: OnceLock<LibraryEntry>,
}

impl Builtin {
    fn entry(&self) -> &LibraryEntry {
        self.entry.get_or_init(|| {
            // The embedded files are part of the program, checked by the test suite like the
            // built-in templates and estimate prelude.
            let problem = store::parse_problem(self.text, &format!("problems/{}", self.name))
                .unwrap_or_else(|e| panic!("a built-in problem does not load:\n{e}"));
            LibraryEntry { problem, origin: Origin::Builtin, shadows_builtin: false }
        })
    }

    /// The summary from the top-level keys alone, which come before the first table; the
    /// whole file when that does not parse.
    fn summary(&self) -> Summary {
        #[derive(Deserialize)]
        struct Header {
            id: String,
            title: String,
            difficulty: Difficulty,
            #[serde(default)]
            tags: Vec<String>,
            #[serde(default = "super::default_time_budget")]
            time_budget_minutes: u32,
        }
        if self.entry.get().is_none() {
            let end = self.text.find("\n[").map_or(self.text.len(), |i| i + 1);
            if let Ok(h) = toml::from_str::<Header>(&self.text[..end]) {
                return Summary {
                    id: h.id,
                    title: h.title,
                    difficulty: h.difficulty,
                    tags: h.tags,
                    time_budget_minutes: h.time_budget_minutes,
                    origin: Origin::Builtin,
                    shadows_builtin: false,
                };
            }
        }
        Summary::of(self.entry())
    }
}

/// The problems available, sorted by id, and the files that failed to load.
#[derive(Debug, Clone, Default)]
pub struct Library {
    builtin: Vec<Builtin>,
    /// Problems from the user's folders, parsed when the library is loaded.
    user: Vec<LibraryEntry>,
    /// Every entry, sorted by id: the built-in ones are parsed the first time it is asked for.
    entries: OnceLock<Vec<LibraryEntry>>,
    /// Files of the user's folders that failed to load.
    pub errors: Vec<LoadErrors>,
}

impl Library {
    /// The built-in problems only.
    pub fn builtin() -> Library {
        let builtin = builtin_sources()
            .iter()
            .map(|&(name, text)| Builtin {
                id: name.strip_suffix(".toml").unwrap_or(name),
                name,
                text,
                entry: OnceLock::new(),
            })
            .collect();
        Library { builtin, ..Library::default() }
    }

    /// The built-in problems plus every `*.toml` in `dirs`, later folders winning.
    pub fn load(dirs: &[PathBuf]) -> Library {
        let mut library = Library::builtin();
        for dir in dirs {
            library.add_dir(dir);
        }
        library
    }

    /// The built-in problems that no user problem replaces.
    fn unshadowed(&self) -> impl Iterator<Item = &Builtin> {
        self.builtin.iter().filter(|b| !self.user.iter().any(|u| u.problem.id == b.id))
    }

    /// What `sdw list` shows, sorted by id, without parsing whole built-in problems.
    pub fn summaries(&self) -> Vec<Summary> {
        let mut summaries: Vec<Summary> = match self.entries.get() {
            Some(entries) => entries.iter().map(Summary::of).collect(),
            None => self.unshadowed().map(Builtin::summary).chain(self.user.iter().map(Summary::of)).collect(),
        };
        summaries.sort_by(|a, b| a.id.cmp(&b.id));
        summaries
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
            // Only regular files: a FIFO or a device named `*.toml` would hang or flood the read.
            let loaded = store::read_regular_text(&path, Links::Follow)
                .and_then(|text| store::parse_problem(&text, &path.display().to_string()).map(|p| (p, text)));
            match loaded {
                Ok((problem, text)) => {
                    self.insert(LibraryEntry { problem, origin: Origin::User(path), shadows_builtin: false }, &text)
                }
                Err(e) => self.errors.push(e),
            }
        }
    }

    /// Add a user problem; one with the id of an earlier user problem replaces it (later
    /// folders win), and both files are named in an error, since one of them is not used.
    fn insert(&mut self, mut entry: LibraryEntry, text: &str) {
        self.entries = OnceLock::new();
        let builtin = self.builtin.iter().any(|b| b.id == entry.problem.id);
        if let Some(existing) = self.user.iter_mut().find(|e| e.problem.id == entry.problem.id) {
            if let (Origin::User(first), Origin::User(second)) = (&existing.origin, &entry.origin) {
                let (line, column) = store::locate(text, &[PathSeg::Key("id".into())]);
                self.errors.push(LoadErrors(vec![store::LoadError {
                    file: second.display().to_string(),
                    line,
                    column,
                    message: format!(
                        "problem `{}` is also defined in {}; this file is used and that one is not \
                         (give each problem its own id)",
                        entry.problem.id,
                        first.display()
                    ),
                }]));
            }
            entry.shadows_builtin = existing.shadows_builtin;
            *existing = entry;
        } else {
            entry.shadows_builtin = builtin;
            self.user.push(entry);
        }
    }

    /// Every problem, sorted by id. Parses every built-in problem not parsed yet.
    pub fn entries(&self) -> &[LibraryEntry] {
        self.entries.get_or_init(|| {
            let mut entries: Vec<LibraryEntry> =
                self.unshadowed().map(|b| b.entry().clone()).chain(self.user.iter().cloned()).collect();
            entries.sort_by(|a, b| a.problem.id.cmp(&b.problem.id));
            entries
        })
    }

    /// The problem called `id`. Parses at most that one built-in problem.
    pub fn get(&self, id: &str) -> Option<&LibraryEntry> {
        if let Some(entries) = self.entries.get() {
            return entries.iter().find(|e| e.problem.id == id);
        }
        self.user
            .iter()
            .find(|e| e.problem.id == id)
            .or_else(|| self.builtin.iter().find(|b| b.id == id).map(Builtin::entry))
    }

    /// Ids close to `id`, closest first and at most three, for "did you mean" messages:
    /// near spellings (Jaro-Winkler similarity of 0.8 or more), ids that contain a query of
    /// three characters or more, and ids that share a whole word with it. A query with fewer
    /// than two letters or digits (`-`, `x`) resembles nothing.
    pub fn similar(&self, id: &str) -> Vec<&str> {
        let query = id.to_lowercase();
        let ids = self.unshadowed().map(|b| b.id).chain(self.user.iter().map(|e| e.problem.id.as_str()));
        if query.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return Vec::new();
        }
        let mut scored: Vec<(f64, &str)> = ids
            .filter_map(|candidate| {
                let score = strsim::jaro_winkler(candidate, &query);
                let close = score >= 0.8
                    || (query.chars().count() >= 3 && candidate.contains(&query))
                    || shares_word(candidate, &query);
                close.then_some((score, candidate))
            })
            .collect();
        if let Some(exact) = scored.iter().find(|(_, candidate)| *candidate == query) {
            return vec![exact.1];
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(3).map(|(_, candidate)| candidate).collect()
    }
}

/// Whether `a` and `b` share a word of three letters or more (`chat` in `group-chat`).
fn shares_word(a: &str, b: &str) -> bool {
    a.split('-').any(|w| w.len() > 2 && b.split(['-', ' ', '_']).any(|x| x == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_is_named_after_its_id_and_summarised_from_its_top_keys_as_from_the_whole_file() {
        let lazy = Library::builtin();
        let summaries = lazy.summaries();
        assert!(lazy.builtin.iter().all(|b| b.entry.get().is_none()), "summaries parse no whole problem");
        let eager = Library::builtin();
        let whole: Vec<Summary> = eager.entries().iter().map(Summary::of).collect();
        assert_eq!(summaries, whole);
        assert!(eager.entries().iter().zip(&eager.builtin).all(|(e, b)| e.problem.id == b.id));
        assert_eq!(eager.summaries(), whole);
    }

    #[test]
    fn get_parses_only_the_problem_asked_for() {
        let library = Library::builtin();
        let id = library.builtin[0].id;
        assert_eq!(library.get(id).map(|e| e.problem.id.as_str()), Some(id));
        assert_eq!(library.builtin.iter().filter(|b| b.entry.get().is_some()).count(), 1);
        assert!(library.get("no-such-problem").is_none());
        assert_eq!(library.similar(id), vec![id]);
    }

    #[test]
    fn near_misses_get_suggestions() {
        let library = Library::builtin();
        assert_eq!(library.similar("twitr").first(), Some(&"twitter"));
        assert_eq!(library.similar("url-shortner").first(), Some(&"url-shortener"));
        assert!(library.similar("url").contains(&"url-shortener"));
        assert!(library.similar("zzzzzz").is_empty());
        assert!(library.similar("nosuch").is_empty(), "{:?}", library.similar("nosuch"));
    }

    #[test]
    fn punctuation_resembles_nothing_and_suggestions_stay_few() {
        let library = Library::builtin();
        for query in ["-", "--", "x", "-x-", ".toml"] {
            assert!(library.similar(query).is_empty(), "{query}: {:?}", library.similar(query));
        }
        for query in ["sytem", "store", "rate", "search", "booking"] {
            assert!(library.similar(query).len() <= 3, "{query}: {:?}", library.similar(query));
        }
    }
}
