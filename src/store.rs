//! Reading and writing design and problem files. Loading is strict and reports every problem
//! it can find at once, each with file, line and column; saving is atomic.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::model::{Design, Issue, PathSeg, validate};
use crate::problem::Problem;
use crate::safe_fs::{self, Links};

/// Files larger than this are refused before they are parsed.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Arrays, inline tables and dotted keys nested deeper than this are refused before they are
/// parsed.
pub const MAX_NESTING: usize = 32;
/// A file with more problems than this gets the first ones and a count of the rest.
pub const MAX_REPORTED: usize = 100;

/// One problem in a file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// Everything wrong with a file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

impl LoadErrors {
    fn one(file: &str, line: usize, column: usize, message: impl Into<String>) -> LoadErrors {
        LoadErrors(vec![LoadError { file: file.to_string(), line, column, message: message.into() }])
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Read a regular file sdw found or made (a problem in a folder, a recovery file) as text,
/// refusing links when `links` says so, anything but a regular file, and what is too large
/// or not UTF-8. Nothing here can hang on a FIFO.
pub fn read_regular_text(path: &Path, links: Links) -> Result<String, LoadErrors> {
    let file = path.display().to_string();
    let bytes = safe_fs::read_regular(path, links, MAX_FILE_BYTES).map_err(|e| {
        let message = match e.kind() {
            io::ErrorKind::InvalidData => {
                let limit = MAX_FILE_BYTES / 1024 / 1024;
                format!("the file is over {limit} MiB; sdw reads files up to {limit} MiB")
            }
            io::ErrorKind::InvalidInput => e
                .to_string()
                .strip_prefix(&format!("{file} is "))
                .map_or_else(|| e.to_string(), |rest| format!("this is {rest}")),
            _ => io_message(&e),
        };
        LoadErrors::one(&file, 1, 1, message)
    })?;
    decode(&bytes, &file)
}

/// Read a file the user named as text, refusing what is too large or not UTF-8. A pipe or a
/// device named on purpose (`sdw check /dev/stdin`) is read too, up to the same limit.
pub fn read_text(path: &Path) -> Result<String, LoadErrors> {
    let file = path.display().to_string();
    let metadata = fs::metadata(path).map_err(|e| LoadErrors::one(&file, 1, 1, io_message(&e)))?;
    if metadata.is_dir() {
        return Err(LoadErrors::one(&file, 1, 1, "is a directory, not a file"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(LoadErrors::one(
            &file,
            1,
            1,
            format!("the file is {} bytes; sdw reads files up to {} MiB", metadata.len(), MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    // Devices and pipes (`/dev/zero`, `<(yes)`) report no length: the limit holds while reading.
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| io::Read::read_to_end(&mut io::Read::take(f, MAX_FILE_BYTES + 1), &mut bytes))
        .map_err(|e| LoadErrors::one(&file, 1, 1, io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let limit = MAX_FILE_BYTES / 1024 / 1024;
        return Err(LoadErrors::one(
            &file,
            1,
            1,
            format!("the input is over {limit} MiB; sdw reads files up to {limit} MiB"),
        ));
    }
    decode(&bytes, &file)
}

pub fn decode(bytes: &[u8], file: &str) -> Result<String, LoadErrors> {
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Ok(text),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&bytes[..good]);
            let (line, column) = line_col(&text, good);
            Err(LoadErrors::one(file, line, column, "the file is not UTF-8 text"))
        }
    }
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Refuse deeply nested arrays, inline tables and dotted keys before a parser recurses into
/// them. A table header's segments, a key's segments and every bracket count as one level each.
fn check_nesting(text: &str, file: &str) -> Result<(), LoadErrors> {
    let bytes = text.as_bytes();
    let too_deep = |i: usize| {
        let (line, column) = line_col(text, i);
        LoadErrors::one(file, line, column, format!("arrays, tables or dotted keys nest more than {MAX_NESTING} deep"))
    };
    // Open brackets, each with the depth of the key being read inside it (for inline tables).
    let mut stack: Vec<(u8, usize)> = Vec::new();
    // Segments of the last table header, and of the top-level key being read.
    let (mut header, mut top_key) = (0usize, 0usize);
    let mut in_key = true;
    let mut at_line_start = true;
    let mut i = 0usize;
    let depth = |stack: &[(u8, usize)], header: usize, top_key: usize| {
        header + top_key + stack.iter().map(|(_, key)| 1 + key).sum::<usize>()
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                at_line_start = true;
                if stack.is_empty() {
                    in_key = true;
                    top_key = 0;
                }
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                let triple = bytes.get(i..i + 3) == Some(&[b, b, b][..]);
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if triple && bytes.get(i..i + 3) == Some(&[b, b, b][..]) {
                        i += 3;
                        break;
                    }
                    if !triple && (bytes[i] == b || bytes[i] == b'\n') {
                        i += 1;
                        break;
                    }
                    if b == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'[' if at_line_start && stack.is_empty() => {
                // A table header: count its segments, skipping quoted ones.
                header = 1;
                top_key = 0;
                while i < bytes.len() && bytes[i] != b'\n' {
                    match bytes[i] {
                        b'.' => {
                            header += 1;
                            if header > MAX_NESTING {
                                return Err(too_deep(i));
                            }
                        }
                        q @ (b'"' | b'\'') => {
                            i += 1;
                            while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                                i += usize::from(q == b'"' && bytes[i] == b'\\') + 1;
                            }
                        }
                        b']' if bytes.get(i + 1) != Some(&b']') => {
                            i += 1;
                            break;
                        }
                        _ => {}
                    }
                    i += 1;
                }
                in_key = true;
                continue;
            }
            b'[' | b'{' => {
                stack.push((b, 0));
                in_key = b == b'{';
                if depth(&stack, header, top_key) > MAX_NESTING {
                    return Err(too_deep(i));
                }
                i += 1;
            }
            b']' | b'}' => {
                stack.pop();
                in_key = false;
                i += 1;
            }
            b',' => {
                if let Some((b'{', key)) = stack.last_mut() {
                    *key = 0;
                    in_key = true;
                }
                i += 1;
            }
            b'=' => {
                in_key = false;
                i += 1;
            }
            b'.' if in_key => {
                match stack.last_mut() {
                    Some((_, key)) => *key += 1,
                    None => top_key += 1,
                }
                if depth(&stack, header, top_key) > MAX_NESTING {
                    return Err(too_deep(i));
                }
                i += 1;
            }
            _ => i += 1,
        }
        at_line_start = false;
    }
    Ok(())
}

/// Where a path points in the text: the key itself when it exists, else the deepest parent
/// that does.
pub fn locate(text: &str, path: &[PathSeg]) -> (usize, usize) {
    Locator::new(text).locate(path)
}

/// Finds where paths point in one text, parsing it once: a file with thousands of problems
/// is located in one pass, not one parse per problem.
pub struct Locator<'a> {
    text: &'a str,
    doc: Option<toml_edit::Document<&'a str>>,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Locator<'a> {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Locator { text, doc: toml_edit::Document::parse(text).ok(), line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset, as [`line_col`].
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// Where `path` points: the key itself when it exists, else the deepest parent that does.
    pub fn locate(&self, path: &[PathSeg]) -> (usize, usize) {
        use toml_edit::{Item, Value};
        enum Node<'d> {
            Item(&'d Item),
            Value(&'d Value),
            Table(&'d toml_edit::Table),
        }
        let Some(doc) = &self.doc else {
            return (1, 1);
        };
        let mut best: Option<usize> = None;
        let mut node = Node::Item(doc.as_item());
        for seg in path {
            let table_like: Option<&dyn toml_edit::TableLike> = match &node {
                Node::Item(item) => item.as_table_like(),
                Node::Value(Value::InlineTable(t)) => Some(t as &dyn toml_edit::TableLike),
                Node::Value(_) => None,
                Node::Table(t) => Some(*t as &dyn toml_edit::TableLike),
            };
            let next = match seg {
                PathSeg::Key(k) => table_like
                    .and_then(|t| t.get_key_value(k))
                    .map(|(key, item)| (key.span().or_else(|| item.span()), Node::Item(item))),
                PathSeg::Index(i) => match &node {
                    Node::Item(Item::ArrayOfTables(tables)) => tables.get(*i).map(|t| (t.span(), Node::Table(t))),
                    Node::Item(Item::Value(Value::Array(a))) | Node::Value(Value::Array(a)) => {
                        a.get(*i).map(|v| (v.span(), Node::Value(v)))
                    }
                    _ => None,
                },
            };
            let Some((span, next_node)) = next else { break };
            if let Some(span) = span {
                best = Some(span.start);
            }
            node = next_node;
        }
        best.map_or((1, 1), |offset| self.line_col(offset))
    }
}

fn serde_path(path: &serde_ignored::Path<'_>, out: &mut Vec<PathSeg>) {
    use serde_ignored::Path as P;
    match path {
        P::Root => {}
        P::Seq { parent, index } => {
            serde_path(parent, out);
            out.push(PathSeg::Index(*index));
        }
        P::Map { parent, key } => {
            serde_path(parent, out);
            out.push(PathSeg::Key(key.clone()));
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => serde_path(parent, out),
    }
}

/// Parse TOML into `T`, reporting the syntax or type error and every unknown key.
pub fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, LoadErrors> {
    if text.trim().is_empty() {
        return Err(LoadErrors::one(file, 1, 1, "the file is empty"));
    }
    check_nesting(text, file)?;
    let mut unknown: Vec<Vec<PathSeg>> = Vec::new();
    let deserializer = toml::Deserializer::parse(text).map_err(|e| toml_error(&e, text, file))?;
    let result: Result<T, toml::de::Error> = serde_ignored::deserialize(deserializer, |path| {
        let mut segs = Vec::new();
        serde_path(&path, &mut segs);
        unknown.push(segs);
    });
    let locator = (!unknown.is_empty()).then(|| Locator::new(text));
    let mut errors: Vec<(usize, usize, String)> = unknown
        .iter()
        .map(|path| {
            let (line, column) = locator.as_ref().map_or((1, 1), |l| l.locate(path));
            let name = match path.last() {
                Some(PathSeg::Key(k)) => k.clone(),
                _ => crate::model::dotted(path),
            };
            let message = match path.len() {
                0 | 1 => format!("unknown key `{name}`"),
                n => format!("unknown key `{name}` in `{}`", crate::model::dotted(&path[..n - 1])),
            };
            (line, column, message)
        })
        .collect();
    if let Err(e) = &result {
        let located = toml_error(e, text, file).0.remove(0);
        errors.push((located.line, located.column, located.message));
    }
    if errors.is_empty()
        && let Ok(value) = result
    {
        return Ok(value);
    }
    errors.sort();
    errors.dedup();
    Err(LoadErrors(capped(
        errors
            .into_iter()
            .map(|(line, column, message)| LoadError { file: file.to_string(), line, column, message })
            .collect(),
    )))
}

/// At most [`MAX_REPORTED`] problems, then one line saying how many more there are.
fn capped(mut errors: Vec<LoadError>) -> Vec<LoadError> {
    if errors.len() > MAX_REPORTED {
        let more = errors.len() - MAX_REPORTED;
        errors.truncate(MAX_REPORTED + 1);
        let last = &mut errors[MAX_REPORTED];
        last.message = format!("and {more} more problems (sdw reports the first {MAX_REPORTED})");
    }
    errors
}

fn toml_error(e: &toml::de::Error, text: &str, file: &str) -> LoadErrors {
    let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    let mut message = e.message().trim().replace('\n', " ");
    // Name the key for errors about a value; a missing field is about its table instead.
    let about_a_value = !message.starts_with("missing field");
    if let Some(key) = e.span().filter(|_| about_a_value).and_then(|s| key_at(text, s.start)) {
        message = format!("`{key}`: {message}");
    }
    LoadErrors::one(file, line, column, message)
}

/// The dotted path of the innermost key whose value spans `offset`, e.g. `components[2].kind`.
pub fn key_at(text: &str, offset: usize) -> Option<String> {
    use toml_edit::{Item, Value};
    fn within(span: Option<std::ops::Range<usize>>, offset: usize) -> bool {
        span.is_some_and(|s| s.start <= offset && offset < s.end.max(s.start + 1))
    }
    fn walk_value(value: &Value, offset: usize, path: &mut Vec<PathSeg>) {
        match value {
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    if within(v.span(), offset) {
                        path.push(PathSeg::Index(i));
                        walk_value(v, offset, path);
                        return;
                    }
                }
            }
            Value::InlineTable(t) => {
                for (k, v) in t.iter() {
                    if within(v.span(), offset) || t.key(k).is_some_and(|key| within(key.span(), offset)) {
                        path.push(PathSeg::Key(k.to_string()));
                        walk_value(v, offset, path);
                        return;
                    }
                }
            }
            _ => {}
        }
    }
    fn walk_table(table: &toml_edit::Table, offset: usize, path: &mut Vec<PathSeg>) {
        for (k, item) in table.iter() {
            let key_hit = table.key(k).is_some_and(|key| within(key.span(), offset));
            match item {
                Item::Value(v) if key_hit || within(v.span(), offset) => {
                    path.push(PathSeg::Key(k.to_string()));
                    walk_value(v, offset, path);
                    return;
                }
                Item::Table(t) => {
                    let mut inner = path.clone();
                    inner.push(PathSeg::Key(k.to_string()));
                    let before = inner.len();
                    walk_table(t, offset, &mut inner);
                    if inner.len() > before {
                        *path = inner;
                        return;
                    }
                }
                Item::ArrayOfTables(tables) => {
                    for (i, t) in tables.iter().enumerate() {
                        let mut inner = path.clone();
                        inner.extend([PathSeg::Key(k.to_string()), PathSeg::Index(i)]);
                        let before = inner.len();
                        walk_table(t, offset, &mut inner);
                        if inner.len() > before {
                            *path = inner;
                            return;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let doc = toml_edit::Document::parse(text).ok()?;
    let mut path = Vec::new();
    walk_table(doc.as_table(), offset, &mut path);
    if path.is_empty() { None } else { Some(crate::model::dotted(&path)) }
}

fn issues_to_errors(issues: Vec<Issue>, text: &str, file: &str) -> Vec<LoadError> {
    if issues.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(text);
    capped(
        issues
            .into_iter()
            .map(|issue| {
                let (line, column) = locator.locate(&issue.path);
                LoadError { file: file.to_string(), line, column, message: issue.message }
            })
            .collect(),
    )
}

/// Parse and validate a design file's text.
pub fn parse_design(text: &str, file: &str) -> Result<Design, LoadErrors> {
    let design: Design = parse(text, file)?;
    let mut issues = validate(&design, &[]);
    if issues.is_empty() {
        issues = crate::analysis::load_issues(&design, &[]);
    }
    let errors = issues_to_errors(issues, text, file);
    if errors.is_empty() { Ok(design) } else { Err(LoadErrors(errors)) }
}

/// Parse and validate a problem file's text: its brief and its reference design.
pub fn parse_problem(text: &str, file: &str) -> Result<Problem, LoadErrors> {
    let problem: Problem = parse(text, file)?;
    let base = [PathSeg::Key("reference".into())];
    let mut issues = validate(&problem.reference, &base);
    if issues.is_empty() {
        issues = crate::analysis::load_issues(&problem.reference, &base);
    }
    issues.extend(crate::problem::validate_brief(&problem));
    let errors = issues_to_errors(issues, text, file);
    if errors.is_empty() { Ok(problem) } else { Err(LoadErrors(errors)) }
}

/// Load a design file from disk.
pub fn load_design(path: &Path) -> Result<Design, LoadErrors> {
    let text = read_text(path)?;
    parse_design(&text, &path.display().to_string())
}

/// What a TOML file holds, judged by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Design,
    Problem,
}

pub fn file_kind(text: &str) -> FileKind {
    let is_problem = toml_edit::Document::parse(text)
        .map(|doc| doc.as_table().contains_key("reference") || doc.as_table().contains_key("prompt"))
        .unwrap_or(false);
    if is_problem { FileKind::Problem } else { FileKind::Design }
}

/// A design as TOML text, sections in interview order, lists in the order given.
pub fn to_toml(design: &Design) -> String {
    toml::to_string_pretty(design).expect("a design always serialises to TOML")
}

/// A design as the TOML sdw writes, refused when it would be too large to read back.
pub(crate) fn savable_toml(design: &Design) -> io::Result<String> {
    let text = to_toml(design);
    check_size(&text)?;
    Ok(text)
}

/// Refuse text too large to read back.
fn check_size(text: &str) -> io::Result<()> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the design is {:.1} MiB; sdw reads files up to {} MiB, so it could not be opened again",
                text.len() as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

/// Save a design atomically: the file on disk is either the old one or the new one, never a
/// mix, whatever happens during the write. Saving over an existing design keeps what its
/// author wrote (comments, order, formatting) and rewrites only what changed.
pub fn save_design(path: &Path, design: &Design) -> io::Result<()> {
    let previous = fs::read_to_string(path).ok();
    let text = match previous {
        Some(previous) => to_toml_over(&previous, design),
        None => to_toml(design),
    };
    check_size(&text)?;
    write_atomic(path, text.as_bytes())
}

/// Write a design afresh, replacing whatever file was there (`sdw new --force`).
pub fn save_new_design(path: &Path, design: &Design) -> io::Result<()> {
    write_atomic(path, savable_toml(design)?.as_bytes())
}

/// `design` as TOML written over `previous`, a design file's text: comments, key order and
/// formatting kept, only what changed rewritten. Should the merge not give back exactly
/// `design` (the previous text was not a design, say), the fresh serialisation is used.
pub fn to_toml_over(previous: &str, design: &Design) -> String {
    let fresh = to_toml(design);
    match keep::merge(previous, &fresh) {
        Some(merged) if parse_design(&merged, "").is_ok_and(|d| d == *design) => merged,
        _ => fresh,
    }
}

/// Write `bytes` to a temporary file beside `path`, flush it to disk, then rename it over
/// `path`. A failure leaves `path` as it was. The user named `path`: a symbolic link there is
/// written through to the existing file it names (see [`safe_fs::write_atomic`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    safe_fs::write_atomic(path, bytes, Links::Follow)
}

/// Where sdw keeps its own data (recent files, practice history): `SDW_DATA_DIR`, else
/// `$XDG_DATA_HOME/sdw`, else `~/.local/share/sdw`.
pub fn data_dir() -> Option<PathBuf> {
    crate::paths::data_dir()
}

/// The data folder, created when missing: an error that says what is wrong when there is
/// none, or when what is there is not a folder.
pub fn ensure_data_dir() -> io::Result<PathBuf> {
    let dir = data_dir()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no data folder (set HOME or SDW_DATA_DIR)"))?;
    let named_by = if std::env::var_os("SDW_DATA_DIR").is_some_and(|v| dir.as_os_str() == v) {
        "SDW_DATA_DIR"
    } else {
        "the data folder"
    };
    match fs::metadata(&dir) {
        Ok(meta) if meta.is_dir() => return Ok(dir),
        Ok(meta) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{named_by} is {}, which is {}, not a folder; point it at a folder (sdw creates it when missing)",
                    dir.display(),
                    safe_fs::describe(meta.file_type())
                ),
            ));
        }
        Err(_) => {}
    }
    fs::create_dir_all(&dir).map_err(|e| {
        io::Error::new(e.kind(), format!("cannot create {named_by} {}: {}", dir.display(), io_message(&e)))
    })?;
    Ok(dir)
}

/// Design files opened recently, most recent first.
pub fn recent_files() -> Vec<PathBuf> {
    let Some(dir) = data_dir() else { return Vec::new() };
    let bytes = safe_fs::read_regular(&dir.join("recent"), Links::Refuse, 64 * 1024).unwrap_or_default();
    bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(path_from_bytes)
        .filter(|p| p.exists())
        .take(10)
        .collect()
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().as_bytes().to_vec()
}

/// Put `path` first in the recent files. Failing to record it is not worth an error.
pub fn remember_recent(path: &Path) {
    let path = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    // One path a line: a name with a line break in it cannot be kept.
    if path_bytes(&path).contains(&b'\n') {
        return;
    }
    let mut recent = recent_files();
    recent.retain(|p| p != &path);
    recent.insert(0, path);
    let mut bytes = Vec::new();
    for p in recent.iter().take(10) {
        bytes.extend(path_bytes(p));
        bytes.push(b'\n');
    }
    if let Ok(dir) = ensure_data_dir() {
        let _ = safe_fs::write_atomic(&dir.join("recent"), &bytes, Links::Refuse);
    }
}

/// `dir/<stem>.toml`, or `dir/<stem>-2.toml`, ... : the first name not taken.
pub fn unused_path(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.toml"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{stem}-{n}.toml"))).find(|p| !p.exists()).unwrap_or(first)
}

#[path = "store/keep.rs"]
mod keep;

#[cfg(test)]
#[path = "store/tests.rs"]
mod tests;
