//! Unsaved work kept beside a design file, so that a crash, a `kill -9` or a closed terminal
//! never loses it.
//!
//! Every window that has a design open claims a *slot*: slot 1 keeps its work in
//! `NAME.sdw-recovery`, slot 2 in `NAME.sdw-recovery-2`, and so on. A slot is held by an
//! exclusive lock on a hidden lock file (`.NAME.sdw-lock`, `.NAME.sdw-lock-2`), which the
//! operating system releases when the process ends however it ends. So two windows on one
//! design never write over each other's work, and work left in a slot whose lock is free
//! belongs to a window that is gone: that is what the next window offers back.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use crate::model::Design;
use crate::store;

/// Slots tried before giving up on coordination (and sharing slot 1, as if alone).
const MAX_SLOTS: usize = 16;

/// One window's hold on a design file's recovery slot. Dropping it frees the slot.
#[derive(Debug)]
pub struct Session {
    design: PathBuf,
    slot: usize,
    _lock: Option<Lock>,
}

impl Session {
    /// Claim the first free slot for the design at `design`.
    pub fn claim(design: &Path) -> Session {
        for slot in 1..=MAX_SLOTS {
            if let Some(lock) = Lock::try_claim(&lock_path(design, slot)) {
                return Session { design: design.to_path_buf(), slot, _lock: Some(lock) };
            }
        }
        Session { design: design.to_path_buf(), slot: 1, _lock: None }
    }

    /// The design file this session is for.
    pub fn design_path(&self) -> &Path {
        &self.design
    }

    /// Whether another window had this design open when this one claimed its slot.
    pub fn shared(&self) -> bool {
        self.slot > 1
    }

    /// Where this window keeps its unsaved work.
    pub fn recovery_path(&self) -> PathBuf {
        recovery_path_of(&self.design, self.slot)
    }

    /// Keep unsaved work, atomically.
    pub fn write(&self, design: &Design) -> io::Result<()> {
        store::write_atomic(&self.recovery_path(), store::savable_toml(design)?.as_bytes())
    }

    /// Forget this window's unsaved work (it was saved, or discarded).
    pub fn remove(&self) {
        let _ = fs::remove_file(self.recovery_path());
    }

    /// Unsaved work that windows no longer running left for this design, newest first: this
    /// window's own slot, and every other slot whose lock is free. Files that no longer load
    /// are left out.
    pub fn left_behind(&self) -> Vec<Recovered> {
        let mut found: Vec<(std::time::SystemTime, Recovered)> = Vec::new();
        for slot in 1..=MAX_SLOTS {
            let path = recovery_path_of(&self.design, slot);
            if !path.exists() {
                continue;
            }
            // The lock is held by a window still working on it: not ours to offer.
            let _probe = if slot == self.slot {
                None
            } else {
                match Lock::try_claim(&lock_path(&self.design, slot)) {
                    Some(lock) => Some(lock),
                    None => continue,
                }
            };
            let Ok(text) = store::read_text(&path) else { continue };
            let Ok(design) = store::parse::<Design>(&text, &path.display().to_string()) else { continue };
            let modified = fs::metadata(&path).and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            found.push((modified, Recovered { path, design }));
        }
        found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
        found.into_iter().map(|(_, r)| r).collect()
    }
}

/// Work found in a recovery file.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    pub design: Design,
}

impl Recovered {
    /// Delete the file it came from.
    pub fn discard(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The recovery file of the first window on a design: `NAME.sdw-recovery`.
pub fn recovery_path(design: &Path) -> PathBuf {
    recovery_path_of(design, 1)
}

/// A file beside the design, named after it: `{before}NAME{after}` for slot 1,
/// `{before}NAME{after}-N` for slot N.
fn slot_file(design: &Path, slot: usize, before: &str, after: &str) -> PathBuf {
    let name = design.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "design.toml".into());
    match slot {
        1 => design.with_file_name(format!("{before}{name}{after}")),
        n => design.with_file_name(format!("{before}{name}{after}-{n}")),
    }
}

fn recovery_path_of(design: &Path, slot: usize) -> PathBuf {
    slot_file(design, slot, "", ".sdw-recovery")
}

fn lock_path(design: &Path, slot: usize) -> PathBuf {
    slot_file(design, slot, ".", ".sdw-lock")
}

/// An exclusive lock on a lock file, removed when dropped.
#[derive(Debug)]
struct Lock {
    /// Empty when nothing is locked (see `try_claim`).
    path: PathBuf,
    file: Option<File>,
}

impl Lock {
    /// The lock at `path`, unless another process holds it. Where the file system cannot
    /// lock at all (or the folder cannot be written), windows cannot coordinate and each
    /// claims the slot as if alone, as before there were slots.
    fn try_claim(path: &Path) -> Option<Lock> {
        for _ in 0..3 {
            let file = match OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path) {
                Ok(file) => file,
                Err(_) => return Some(Lock { path: PathBuf::new(), file: None }),
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return None,
                Err(TryLockError::Error(_)) => return Some(Lock { path: PathBuf::new(), file: None }),
            }
            // The last owner removes the file before it lets go: if it did so after we
            // opened it, we hold a lock on a file no one else can find. Try again.
            if same_file(&file, path) {
                return Some(Lock { path: path.to_path_buf(), file: Some(file) });
            }
        }
        None
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so that no one can take this file's lock and think
        // they hold the slot (see `try_claim`).
        if let Some(file) = &self.file {
            let _ = fs::remove_file(&self.path);
            let _ = file.unlock();
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
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
        assert_eq!(first.recovery_path(), recovery_path(&path));
        first.write(&design("first")).unwrap();
        second.write(&design("second")).unwrap();
        // Neither window offers work of a window that is still open.
        assert_eq!(first.left_behind().iter().map(|r| r.design.title.as_str()).collect::<Vec<_>>(), ["first"]);

        // The first window goes away (its lock with it); a new window takes slot 1 and finds
        // its work, but not the work of the second, still open.
        drop(first);
        let third = Session::claim(&path);
        assert!(!third.shared());
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
    fn unreadable_recovery_files_are_not_offered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.toml");
        let session = Session::claim(&path);
        fs::write(session.recovery_path(), "title = [").unwrap();
        assert!(session.left_behind().is_empty());
    }
}
