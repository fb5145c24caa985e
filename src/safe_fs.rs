//! How sdw touches the file system so that nothing in a folder can be turned against its user.
//!
//! Two kinds of file are told apart. A file the user *named* (`sdw open FILE`, `-o FILE`) is
//! written through a symbolic link to the existing file it names, as editors do. A file sdw
//! *invents* or *discovers* (recovery and lock files, temporaries, the history, an exported
//! document beside a design, problem files found in a folder) is never reached through a link
//! it did not expect, and only regular files are read: a link, a FIFO or a device found there is
//! refused with a message saying what was found. Reads open with `O_NONBLOCK`, so a FIFO
//! swapped in after the check cannot hang the program either.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Whether a path may be reached through a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// The user named the path: a link to an existing regular file is followed.
    Follow,
    /// sdw invented or discovered the path: a link there is refused.
    Refuse,
    /// Writing only: a link there is replaced by the new file, never followed (the user was
    /// asked, and the file the link names is left alone).
    Replace,
}

/// A temporary file older than this, whose writer holds no lock on it, is left over from a
/// save that was killed.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// What a file system object is, in words, for messages.
pub fn describe(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

fn refused(path: &Path, what: &str, advice: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("{} is {what}; {advice}", path.display()))
}

fn not_regular(path: &Path, file_type: fs::FileType) -> io::Error {
    refused(path, &format!("{}, not a regular file", describe(file_type)), "sdw reads and writes only regular files")
}

fn link_refused(path: &Path) -> io::Error {
    let target = fs::read_link(path).map(|t| format!(" to {}", t.display())).unwrap_or_default();
    refused(
        path,
        &format!("a symbolic link{target}, which sdw never makes"),
        "sdw does not follow it. Remove it if you did not put it there",
    )
}

#[cfg(unix)]
fn read_flags(links: Links) -> i32 {
    libc::O_NONBLOCK | if links == Links::Follow { 0 } else { libc::O_NOFOLLOW }
}

/// Open a regular file for reading: checked before it is opened (without following a link
/// when `links` says so), and again once open.
pub fn open_regular(path: &Path, links: Links) -> io::Result<File> {
    let meta = match links {
        Links::Follow => fs::metadata(path)?,
        Links::Refuse | Links::Replace => fs::symlink_metadata(path)?,
    };
    if meta.file_type().is_symlink() {
        return Err(link_refused(path));
    }
    if !meta.is_file() {
        return Err(not_regular(path, meta.file_type()));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(read_flags(links));
    }
    let file = options.open(path).map_err(|e| match e.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP) => link_refused(path),
        _ => e,
    })?;
    // Swapped between the check and the open.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(not_regular(path, opened.file_type()));
    }
    Ok(file)
}

/// The bytes of a regular file, refused when it holds more than `limit` bytes.
pub fn read_regular(path: &Path, links: Links, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path, links)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{} is over {limit} bytes; sdw reads such files up to that size", path.display()),
        ));
    }
    Ok(bytes)
}

/// The file at `path` as sdw would replace it: `None` when nothing is there; an error saying
/// what is there when sdw must not replace it.
fn check_replaceable(path: &Path, links: Links) -> io::Result<PathBuf> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        match links {
            Links::Refuse => return Err(link_refused(path)),
            Links::Replace => return Ok(path.to_path_buf()),
            Links::Follow => {}
        }
        // Written through to the file the link names, which must exist: a dangling link
        // would make sdw create a file somewhere the user never named.
        let target = fs::read_link(path).unwrap_or_default();
        let resolved = fs::canonicalize(path).map_err(|_| {
            refused(
                path,
                &format!("a symbolic link to {}, which does not exist", target.display()),
                "sdw writes through a link only to an existing file. Remove the link or create the file",
            )
        })?;
        let meta = fs::metadata(&resolved)?;
        if !meta.is_file() {
            return Err(not_regular(&resolved, meta.file_type()));
        }
        return Ok(resolved);
    }
    if !meta.is_file() {
        return Err(not_regular(path, meta.file_type()));
    }
    Ok(path.to_path_buf())
}

/// `.NAME.` for a file called NAME: the start of its temporaries' names. Cut to leave room
/// for the rest within the longest file name a file system allows.
fn temp_prefix(name: &OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes();
        prefix.push(OsStr::from_bytes(&bytes[..bytes.len().min(200)]));
    }
    #[cfg(not(unix))]
    {
        let lossy = name.to_string_lossy();
        let cut = (0..=lossy.len().min(200)).rev().find(|&i| lossy.is_char_boundary(i)).unwrap_or(0);
        prefix.push(&lossy[..cut]);
    }
    prefix.push(".");
    prefix
}

/// Whether `entry` is one of the temporaries of the file whose prefix is `prefix`: the
/// prefix, six letters or digits (or, from earlier versions, `PID.N`), then `.tmp`.
fn is_temp_of(entry: &OsStr, prefix: &OsStr) -> bool {
    let (entry, prefix) = (entry.to_string_lossy(), prefix.to_string_lossy());
    let Some(middle) = entry.strip_prefix(prefix.as_ref()).and_then(|rest| rest.strip_suffix(".tmp")) else {
        return false;
    };
    let random = middle.len() == 6 && middle.chars().all(|c| c.is_ascii_alphanumeric());
    let numbered = middle
        .split_once('.')
        .is_some_and(|(pid, n)| [pid, n].iter().all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())));
    random || numbered
}

/// Remove the temporaries of earlier saves of `name` in `dir` that were killed mid-write: old
/// enough, and not locked by a save still running. Failing to remove one is not an error.
pub fn remove_stale_temps(dir: &Path, name: &OsStr) -> usize {
    let prefix = temp_prefix(name);
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        if !is_temp_of(&entry.file_name(), &prefix) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        let old = meta.modified().ok().and_then(|m| SystemTime::now().duration_since(m).ok()) >= Some(STALE_AFTER);
        if !meta.is_file() || !old {
            continue;
        }
        let Ok(file) = open_regular(&path, Links::Refuse) else { continue };
        // A save in progress holds its temporary's lock until it is renamed into place.
        if file.try_lock().is_err() || !same_file(&file, &path) {
            continue;
        }
        if fs::remove_file(&path).is_ok() {
            removed += 1;
        }
        let _ = file.unlock();
    }
    removed
}

#[cfg(unix)]
pub(crate) fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
pub(crate) fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Write `bytes` to a temporary file beside `path`, flush it to disk, then rename it over
/// `path`: the file is either the old one or the new one, never a mix, and a failure leaves
/// it as it was. `links` says whether a symbolic link at `path` is written through (to the
/// existing file it names) or refused. Devices and FIFOs are refused, never renamed over.
pub fn write_atomic(path: &Path, bytes: &[u8], links: Links) -> io::Result<()> {
    let target = check_replaceable(path, links)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name =
        target.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name"))?;
    // Once per file a process writes: autosave writes every second, and listing a large
    // folder that often is waste, while temporaries go stale only when a save is killed.
    static CLEANED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let first_write = CLEANED.lock().map(|mut cleaned| {
        let new = !cleaned.contains(&target);
        if new {
            cleaned.push(target.clone());
        }
        new
    });
    if first_write.unwrap_or(true) {
        remove_stale_temps(&dir, name);
    }
    let prefix = temp_prefix(name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Files sdw invents are private; a new file the user named gets the usual mode.
        let mode = if links == Links::Refuse { 0o600 } else { 0o666 };
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    // Held until the rename, so that no later save takes this file for a stale one.
    let _ = tmp.as_file().try_lock();
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = fs::symlink_metadata(&target)
        && meta.is_file()
    {
        // Keep the permissions of the file being replaced.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    // A link planted at `target` since the check is replaced, never followed: rename works
    // on names.
    tmp.persist(&target).map_err(|e| e.error)?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Append one line to a file sdw keeps (the history), creating it when missing: under an
/// exclusive lock, in one write, never through a link, so that concurrent writers all get
/// their line in and nothing already there is rewritten. A last line cut short by a crash
/// stays as it was; the new line starts on a line of its own.
pub fn append_line(path: &Path, line: &str) -> io::Result<()> {
    if let Ok(meta) = fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            return Err(link_refused(path));
        }
        if !meta.is_file() {
            return Err(not_regular(path, meta.file_type()));
        }
    }
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| match e.raw_os_error() {
        #[cfg(unix)]
        Some(libc::ELOOP) => link_refused(path),
        _ => e,
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(path, meta.file_type()));
    }
    file.lock()?;
    let result = (|| {
        let mut text = String::with_capacity(line.len() + 2);
        if ends_without_newline(&file)? {
            text.push('\n');
        }
        text.push_str(line.trim_end_matches('\n'));
        text.push('\n');
        file.write_all(text.as_bytes())?;
        file.sync_data()
    })();
    let _ = file.unlock();
    result
}

fn ends_without_newline(file: &File) -> io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(false);
    }
    let mut last = [0u8; 1];
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(&mut last, len - 1)?;
    }
    #[cfg(not(unix))]
    {
        use std::io::{Seek, SeekFrom};
        let mut file = file;
        file.seek(SeekFrom::Start(len - 1))?;
        file.read_exact(&mut last)?;
    }
    Ok(last[0] != b'\n')
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    #[test]
    fn a_link_sdw_did_not_make_is_refused_and_its_target_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let link = dir.path().join("d.toml.sdw-recovery");
        symlink(&victim, &link).unwrap();
        let err = write_atomic(&link, b"x", Links::Refuse).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert!(read_regular(&link, Links::Refuse, 100).unwrap_err().to_string().contains("symbolic link"));
        assert!(append_line(&link, "x").unwrap_err().to_string().contains("symbolic link"));
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        // Replacing a link leaves its target alone.
        let replaced = dir.path().join("d.md");
        symlink(&victim, &replaced).unwrap();
        write_atomic(&replaced, b"doc", Links::Replace).unwrap();
        assert!(fs::symlink_metadata(&replaced).unwrap().is_file());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        // A named link is written through to its file, but never a dangling one.
        write_atomic(&link, b"new", Links::Follow).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "new");
        let dangling = dir.path().join("dangling.md");
        symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let err = write_atomic(&dangling, b"x", Links::Follow).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(!dir.path().join("nowhere").exists());
    }

    #[test]
    fn a_fifo_is_refused_without_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.toml");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        let err = read_regular(&fifo, Links::Follow, 100).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
        assert!(write_atomic(&fifo, b"x", Links::Follow).unwrap_err().to_string().contains("FIFO"));
    }

    #[test]
    fn invented_files_are_private_and_named_ones_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let invented = dir.path().join("history.jsonl");
        write_atomic(&invented, b"x", Links::Refuse).unwrap();
        assert_eq!(fs::metadata(&invented).unwrap().permissions().mode() & 0o777, 0o600);
        let named = dir.path().join("d.toml");
        fs::write(&named, "old").unwrap();
        fs::set_permissions(&named, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&named, b"new", Links::Follow).unwrap();
        assert_eq!(fs::metadata(&named).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary is left");
    }

    #[test]
    fn stale_temporaries_of_the_file_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        let plant = |name: &str, modified: SystemTime| {
            let path = dir.path().join(name);
            File::create(&path).unwrap().set_modified(modified).unwrap();
            path
        };
        let stale = [plant(".d.toml.4242.0.tmp", old), plant(".d.toml.aB3xY9.tmp", old)];
        let kept = [
            plant(".d.toml.x.aB3xY9.tmp", old),             // another file's
            plant(".d.toml.Zz9Zz9.tmp", SystemTime::now()), // too fresh: a save may be writing it
            plant("notes.tmp", old),
        ];
        let busy = plant(".d.toml.Busy01.tmp", old);
        let holder = File::open(&busy).unwrap();
        holder.lock().unwrap();
        write_atomic(&dir.path().join("d.toml"), b"x", Links::Follow).unwrap();
        assert!(stale.iter().all(|p| !p.exists()));
        assert!(kept.iter().all(|p| p.exists()));
        assert!(busy.exists(), "a locked temporary belongs to a save still running");
    }

    #[test]
    fn appending_keeps_a_cut_last_line_and_starts_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        append_line(&path, "one").unwrap();
        fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"{\"cut").unwrap();
        append_line(&path, "two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one\n{\"cut\ntwo\n");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
