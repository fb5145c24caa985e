//! Unsaved work kept beside a design file, so that a crash, a `kill -9` or a closed terminal
//! never loses it.
//!
//! Every window that has a design open claims a *slot*: slot 1 keeps its work in
//! `NAME.sdw-recovery`, slot 2 in `NAME.sdw-recovery-2`, and so on. A slot is held by an
//! exclusive lock on a hidden lock file (`.NAME.sdw-lock`, `.NAME.sdw-lock-2`), which the
//! operating system releases when the process ends however it ends. So two windows on one
//! design never write over each other's work, and work left in a slot whose lock is free
//! belongs to a window that is gone: that is what the next window offers back. A window
//! never takes a slot that holds work, so the work stays until it is restored or discarded.
//!
//! None of these files is reached through a link, and only regular files are read: a link or
//! a FIFO planted at a slot's path makes that slot unused, and the window says so.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::Design;
use crate::safe_fs::{self, Links};
use crate::store;

/// Slots tried before a window gives up keeping its unsaved work.
const MAX_SLOTS: usize = 1024;

/// One window's hold on a design file's recovery slot. Dropping it frees the slot.
#[derive(Debug)]
pub struct Session {
    design: PathBuf,
    /// `None` when every slot is taken or unusable: this window keeps no recovery file.
    slot: Option<usize>,
    _lock: Option<Lock>,
    /// Another window held a slot on the design when this one claimed its own.
    shared: bool,
}

impl Session {
    /// Claim a slot for the design at `design`: the first whose lock is free and which holds
    /// no work. Work left in a slot stays there until it is restored or discarded, so this
    /// window's autosave can never overwrite it.
    pub fn claim(design: &Path) -> Session {
        let mut shared = false;
        for slot in 1..=MAX_SLOTS {
            let holds_work = match fs::symlink_metadata(recovery_path_of(design, slot)) {
                Ok(meta) if !meta.is_file() => continue, // a link or a FIFO: see `problems`
                Ok(_) => true,
                Err(_) => false,
            };
            match Lock::try_claim(&lock_path(design, slot)) {
                Claim::Held(_) if holds_work => {}
                Claim::Held(lock) => {
                    return Session { design: design.to_path_buf(), slot: Some(slot), _lock: Some(lock), shared };
                }
                Claim::Busy => shared = true,
                Claim::Uncoordinated if holds_work => {}
                Claim::Uncoordinated => {
                    return Session { design: design.to_path_buf(), slot: Some(slot), _lock: None, shared };
                }
                Claim::Unusable(_) => {}
            }
        }
        Session { design: design.to_path_buf(), slot: None, _lock: None, shared }
    }

    /// The design file this session is for.
    pub fn design_path(&self) -> &Path {
        &self.design
    }

    /// Whether another window had this design open when this one claimed its slot.
    pub fn shared(&self) -> bool {
        self.shared
    }

    /// Where this window keeps its unsaved work; `None` when it cannot keep any.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        self.slot.map(|slot| recovery_path_of(&self.design, slot))
    }

    /// Keep unsaved work, atomically, never through a link planted at the recovery file.
    pub fn write(&self, design: &Design) -> io::Result<()> {
        let Some(path) = self.recovery_path() else {
            return Err(io::Error::other(format!(
                "all {MAX_SLOTS} recovery slots of {} are taken or unusable, so this window keeps no recovery file",
                self.design.display()
            )));
        };
        safe_fs::write_atomic(&path, store::savable_toml(design)?.as_bytes(), Links::Refuse)
    }

    /// Forget this window's unsaved work (it was saved, or discarded).
    pub fn remove(&self) {
        if let Some(path) = self.recovery_path() {
            let _ = fs::remove_file(path);
        }
    }

    /// What sdw found beside the design and will not touch: recovery or lock files that are
    /// links, FIFOs or devices. Each message says what was found and what to do.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (_, path) in slot_files(&self.design, "", RECOVERY).into_iter().chain(slot_files(&self.design, ".", LOCK)) {
            let Ok(meta) = fs::symlink_metadata(&path) else { continue };
            if meta.is_file() {
                continue;
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let what = match fs::read_link(&path) {
                Ok(target) => format!("a symbolic link to {}", target.display()),
                Err(_) => safe_fs::describe(meta.file_type()).to_string(),
            };
            problems.push(format!(
                "{name} is {what}, which sdw never makes; it is left alone and that slot unused. Remove it if you did not put it there"
            ));
        }
        // Work that no longer loads is not offered, but it may still be worth reading.
        for (slot, path) in slot_files(&self.design, "", RECOVERY) {
            let regular = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            if Some(slot) == self.slot || !regular {
                continue;
            }
            if matches!(Lock::try_claim(&lock_path(&self.design, slot)), Claim::Busy) {
                continue;
            }
            let file = path.display().to_string();
            if let Err(errors) =
                store::read_regular_text(&path, Links::Refuse).and_then(|t| store::parse::<Design>(&t, &file))
            {
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                let first = errors.0.first().map(|e| format!("line {}: {}", e.line, e.message)).unwrap_or_default();
                problems.push(format!(
                    "{name} holds unsaved work that no longer loads ({first}); it is left alone: read it, then remove it"
                ));
            }
        }
        problems
    }

    /// Unsaved work that windows no longer running left for this design, newest first: every
    /// slot but this window's whose lock is free. Files that are not regular, or no longer
    /// load, are left out (and left alone).
    pub fn left_behind(&self) -> Vec<Recovered> {
        let mut found: Vec<Recovered> = Vec::new();
        for (slot, path) in slot_files(&self.design, "", RECOVERY) {
            if Some(slot) == self.slot {
                continue;
            }
            let lock = lock_path(&self.design, slot);
            // The lock is held by a window still working on it: not ours to offer.
            let _probe = match Lock::try_claim(&lock) {
                Claim::Held(lock) => Some(lock),
                Claim::Uncoordinated => None,
                Claim::Busy | Claim::Unusable(_) => continue,
            };
            let Ok(text) = store::read_regular_text(&path, Links::Refuse) else { continue };
            let Ok(design) = store::parse::<Design>(&text, &path.display().to_string()) else { continue };
            let modified = fs::symlink_metadata(&path).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            found.push(Recovered { path, lock, design, modified });
        }
        found.sort_by_key(|r| std::cmp::Reverse(r.modified));
        found
    }
}

/// Work found in a recovery file.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    /// The lock of its slot, taken before the file is deleted.
    lock: PathBuf,
    pub design: Design,
    /// When it was last written.
    pub modified: SystemTime,
}

impl Recovered {
    /// Delete the file it came from, unless a window has claimed its slot since it was found.
    pub fn discard(&self) -> io::Result<()> {
        let _lock = match Lock::try_claim(&self.lock) {
            Claim::Held(lock) => Some(lock),
            Claim::Uncoordinated => None,
            Claim::Busy => {
                return Err(io::Error::other(format!(
                    "another window has taken {} since it was found; it was not deleted",
                    self.path.display()
                )));
            }
            Claim::Unusable(why) => return Err(io::Error::other(why)),
        };
        match fs::remove_file(&self.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// What discarding it would lose: each part of the design where it differs from `current`
    /// (sections, and the parts of a section such as its functional requirements).
    pub fn differences(&self, current: &Design) -> Vec<String> {
        let table = |d: &Design| match toml::Value::try_from(d) {
            Ok(toml::Value::Table(t)) => t,
            _ => toml::Table::new(),
        };
        let mut out = Vec::new();
        differences_in(&table(&self.design), &table(current), "", &mut out);
        out
    }
}

/// The keys of `theirs` and `ours` whose values differ, described; tables one level down.
fn differences_in(theirs: &toml::Table, ours: &toml::Table, parent: &str, out: &mut Vec<String>) {
    let mut keys: Vec<&String> = theirs.keys().chain(ours.keys()).collect();
    keys.sort();
    keys.dedup();
    let size = |v: Option<&toml::Value>| match v {
        Some(toml::Value::Array(a)) => a.len(),
        Some(toml::Value::Table(t)) => t.len(),
        Some(_) => 1,
        None => 0,
    };
    for key in keys {
        let (t, o) = (theirs.get(key), ours.get(key));
        if t == o {
            continue;
        }
        let name = format!("{}{}", key.replace('_', " "), parent);
        let empty = toml::Table::new();
        match (t, o) {
            (Some(toml::Value::Table(a)), b) if parent.is_empty() => {
                let b = match b {
                    Some(toml::Value::Table(b)) => b,
                    _ => &empty,
                };
                differences_in(a, b, &format!(" ({})", key.replace('_', " ")), out);
            }
            (Some(toml::Value::String(text)), _) => out.push(format!("{name}: \u{201c}{}\u{201d}", shorten(text))),
            (Some(toml::Value::Array(_)), _) => {
                out.push(format!("{name}: {} in the unsaved work, {} now", size(t), size(o)))
            }
            (None, _) => out.push(format!("{name}: none in the unsaved work")),
            _ => out.push(format!("{name}: changed")),
        }
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The recovery file of the first window on a design: `NAME.sdw-recovery`.
pub fn recovery_path(design: &Path) -> PathBuf {
    recovery_path_of(design, 1)
}

const RECOVERY: &str = ".sdw-recovery";
const LOCK: &str = ".sdw-lock";

fn design_name(design: &Path) -> OsString {
    design.file_name().map_or_else(|| OsString::from("design.toml"), OsStr::to_os_string)
}

/// A file beside the design, named after it: `{before}NAME{after}` for slot 1,
/// `{before}NAME{after}-N` for slot N. Built from the name's own bytes, so that a name that
/// is not UTF-8 keeps files of its own.
fn slot_file(design: &Path, slot: usize, before: &str, after: &str) -> PathBuf {
    let mut name = OsString::from(before);
    name.push(design_name(design));
    name.push(after);
    if slot > 1 {
        name.push(format!("-{slot}"));
    }
    design.with_file_name(name)
}

/// Every slot file of one kind beside the design, with its slot, found by listing the folder
/// (so that no number of windows is too many to see).
fn slot_files(design: &Path, before: &str, after: &str) -> Vec<(usize, PathBuf)> {
    let dir = match design.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let first = slot_file(design, 1, before, after);
    let Some(first_name) = first.file_name().map(|n| n.to_string_lossy().into_owned()) else { return Vec::new() };
    let Ok(entries) = fs::read_dir(&dir) else { return Vec::new() };
    let mut found: Vec<(usize, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name();
            let slot = if name == first.file_name()? {
                1
            } else {
                let name = name.to_str()?;
                let n: usize = name.strip_prefix(first_name.as_str())?.strip_prefix('-')?.parse().ok()?;
                // Only the name sdw would give that slot (`-2`, not `-02`).
                if n < 2 || slot_file(design, n, before, after).file_name()? != name {
                    return None;
                }
                n
            };
            Some((slot, design.with_file_name(name)))
        })
        .collect();
    found.sort();
    found
}

fn recovery_path_of(design: &Path, slot: usize) -> PathBuf {
    slot_file(design, slot, "", RECOVERY)
}

fn lock_path(design: &Path, slot: usize) -> PathBuf {
    slot_file(design, slot, ".", LOCK)
}

/// An exclusive lock on a lock file, removed when dropped.
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    file: File,
}

/// What trying a slot's lock came to.
enum Claim {
    Held(Lock),
    /// Another process holds it.
    Busy,
    /// The file system cannot lock (or the folder cannot be written): windows cannot
    /// coordinate, and each uses the slot as if alone, as before there were slots.
    Uncoordinated,
    /// Something other than a regular file is at the lock's path: a link, a FIFO.
    Unusable(String),
}

impl Lock {
    /// The lock at `path`, opened without following a link and without blocking on a FIFO.
    fn try_claim(path: &Path) -> Claim {
        for _ in 0..3 {
            let mut options = OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).mode(0o600);
            }
            let unusable = |what: &str| Claim::Unusable(format!("{} is {what}, which sdw never makes", path.display()));
            let file = match options.open(path) {
                Ok(file) => file,
                #[cfg(unix)]
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return unusable("a symbolic link"),
                Err(_) => match fs::symlink_metadata(path) {
                    Ok(meta) if !meta.is_file() => return unusable(safe_fs::describe(meta.file_type())),
                    _ => return Claim::Uncoordinated,
                },
            };
            match file.metadata() {
                Ok(meta) if !meta.is_file() => return unusable(safe_fs::describe(meta.file_type())),
                _ => {}
            }
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Claim::Busy,
                Err(TryLockError::Error(_)) => return Claim::Uncoordinated,
            }
            // The last owner removes the file before it lets go: if it did so after we
            // opened it, we hold a lock on a file no one else can find. Try again.
            if safe_fs::same_file(&file, path) {
                return Claim::Held(Lock { path: path.to_path_buf(), file });
            }
        }
        Claim::Busy
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so that no one can take this file's lock and think
        // they hold the slot (see `try_claim`).
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(title: &str) -> Design {
        Design { title: title.into(), ..Design::default() }
    }

    #[test]
    fn a_second_window_keeps_its_work_in_a_slot_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.toml");
        let first = Session::claim(&path);
        let second = Session::claim(&path);
        assert!(!first.shared());
        assert!(second.shared());
        assert_ne!(first.recovery_path(), second.recovery_path());
        assert_eq!(first.recovery_path(), Some(recovery_path(&path)));
        first.write(&design("first")).unwrap();
        second.write(&design("second")).unwrap();
        // Neither window offers work of a window that is still open.
        assert!(first.left_behind().is_empty());
        assert!(second.left_behind().is_empty());

        // The first window goes away (its lock with it); a new window finds its work, but not
        // the work of the second, still open, and takes a slot of its own that holds none.
        drop(first);
        let third = Session::claim(&path);
        assert!(third.shared());
        assert_eq!(third.recovery_path(), Some(recovery_path_of(&path, 3)));
        assert_eq!(third.left_behind().iter().map(|r| r.design.title.as_str()).collect::<Vec<_>>(), ["first"]);

        // Once the second is gone too, its work is offered, as well.
        drop(second);
        let titles: Vec<String> = third.left_behind().into_iter().map(|r| r.design.title).collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert!(titles.contains(&"second".to_string()));
    }

    #[test]
    fn a_slot_is_free_again_once_its_window_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.toml");
        let first = Session::claim(&path);
        assert!(lock_path(&path, 1).exists());
        drop(first);
        assert!(!lock_path(&path, 1).exists(), "the lock file goes with its window");
        assert!(!Session::claim(&path).shared());
    }

    #[test]
    fn discarding_says_what_would_be_lost() {
        let mut work = design("Left behind");
        work.requirements.functional = vec!["a".into(), "b".into()];
        work.notes = "some notes".into();
        let recovered = Recovered {
            path: PathBuf::from("d.toml.sdw-recovery"),
            lock: PathBuf::from(".d.toml.sdw-lock"),
            design: work.clone(),
            modified: SystemTime::UNIX_EPOCH,
        };
        let differences = recovered.differences(&design("Now"));
        assert_eq!(
            differences,
            [
                "notes: \u{201c}some notes\u{201d}",
                "functional (requirements): 2 in the unsaved work, 0 now",
                "title: \u{201c}Left behind\u{201d}"
            ]
        );
        assert!(recovered.differences(&work).is_empty());
    }

    #[test]
    fn unreadable_recovery_files_are_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.toml");
        let session = Session::claim(&path);
        fs::write(recovery_path_of(&path, 2), "title = [").unwrap();
        assert!(session.left_behind().is_empty());
        let problems = session.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("d.toml.sdw-recovery-2 holds unsaved work that no longer loads (line 1:"));
        assert!(recovery_path_of(&path, 2).exists(), "and it is left alone");
    }
}
