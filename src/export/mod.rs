//! Design documents: a design (and its evaluated estimates) rendered to Markdown with
//! Mermaid diagrams, to the diagrams alone, or to JSON.
//!
//! Rendering goes through tera templates (`templates/` in the source tree, embedded in the
//! binary). The templates see a flat view model built here ([`view`]): ids are generated,
//! every label is escaped for the place it lands, every number is already formatted. A
//! folder of templates can replace the built-in ones by file name: `--templates DIR`, or
//! `sdw/templates` in the user's configuration folder.

pub mod capacity;
mod escape;
mod flows;
pub mod limits;
pub mod view;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};
use tera::{Context, Tera};

pub use escape::{fence_for, md_block, md_cell, md_code_cell, md_inline, md_quote, mermaid_quoted, mermaid_text};
pub use flows::{FlowKind, flow_of_method};

use crate::estimate::{self, Evaluation, Options, RowKind};
use crate::model::Design;
use crate::problem::{Library, Problem};

/// The version of every JSON shape sdw prints (`docs/json.md`): raised when a field changes
/// meaning or goes away, not when one is added.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// The templates sdw ships, by file name.
pub const TEMPLATES: [(&str, &str); 4] = [
    ("design.md.tera", include_str!("../../templates/design.md.tera")),
    ("architecture.mmd.tera", include_str!("../../templates/architecture.mmd.tera")),
    ("sequence.mmd.tera", include_str!("../../templates/sequence.mmd.tera")),
    ("erd.mmd.tera", include_str!("../../templates/erd.mmd.tera")),
];

/// What `sdw export` produces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// The design document.
    #[default]
    Markdown,
    /// The diagrams alone, each a fenced `mermaid` block whose first line names it.
    Mermaid,
    /// The design and its evaluated estimates.
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot read the template folder {}: {source}", dir.display())]
    TemplateDir { dir: PathBuf, source: std::io::Error },
    #[error("cannot read template {}: {source}", path.display())]
    ReadTemplate { path: PathBuf, source: std::io::Error },
    #[error("template {origin}: {message}")]
    Template { origin: String, message: String },
    #[error("rendering {name}: {message}")]
    Render { name: String, message: String },
    #[error("template {name}: {reason}")]
    Limit { name: String, reason: limits::Exceeded },
}

/// A tera error with its causes, on one line.
fn describe(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        let text = e.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = e.source();
    }
    message.replace('\n', " ")
}

/// Compiled templates, ready to render any number of designs.
#[derive(Clone)]
pub struct Exporter {
    tera: Arc<Tera>,
    /// Where each template that replaces or adds to the built-in ones was read from.
    origins: BTreeMap<String, PathBuf>,
}

impl Exporter {
    /// The built-in templates, compiled once per process.
    pub fn builtin() -> &'static Exporter {
        static BUILTIN: OnceLock<Exporter> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Exporter::compile(TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())))
                .expect("the built-in templates compile")
        })
    }

    fn compile(templates: impl Iterator<Item = (String, String)>) -> Result<Exporter, ExportError> {
        let mut tera = Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_function("range", limits::range);
        let templates: Vec<(String, String)> = templates.collect();
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| {
            ExportError::Template {
                origin: templates.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", "),
                message: describe(&e),
            }
        })?;
        Ok(Exporter { tera: Arc::new(tera), origins: BTreeMap::new() })
    }

    /// The built-in templates with every `*.tera` file of `dir` added, replacing a built-in
    /// template of the same name.
    pub fn with_overrides(dir: &Path) -> Result<Exporter, ExportError> {
        let read =
            std::fs::read_dir(dir).map_err(|source| ExportError::TemplateDir { dir: dir.to_path_buf(), source })?;
        let mut paths: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "tera"))
            .collect();
        paths.sort();
        let mut templates: Vec<(String, String)> =
            TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut origins = BTreeMap::new();
        for path in paths {
            // A regular file only: a FIFO swapped in after the listing cannot hang the export.
            let text = crate::safe_fs::read_regular(&path, crate::safe_fs::Links::Follow, crate::store::MAX_FILE_BYTES)
                .and_then(|bytes| String::from_utf8(bytes).map_err(std::io::Error::other))
                .map_err(|source| ExportError::ReadTemplate { path: path.clone(), source })?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            origins.insert(name.clone(), path.clone());
            match templates.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => templates.push((name, text)),
            }
        }
        // Tera's messages name the template and line at fault.
        let exporter = Exporter::compile(templates.into_iter()).map_err(|e| match e {
            ExportError::Template { message, .. } => {
                ExportError::Template { origin: dir.display().to_string(), message }
            }
            other => other,
        })?;
        Ok(Exporter { origins, ..exporter })
    }

    /// A template's name as the user knows it: the file it came from, or the built-in name.
    fn describe_template(&self, name: &str) -> String {
        match self.origins.get(name) {
            Some(path) => path.display().to_string(),
            None => format!("{name} (built in)"),
        }
    }

    /// Templates for a user: `dir` when given, else the configuration folder's
    /// `sdw/templates` when it exists, else the built-in ones.
    pub fn for_user(dir: Option<&Path>) -> Result<Exporter, ExportError> {
        match dir {
            Some(dir) => Exporter::with_overrides(dir),
            None => match user_template_dir().filter(|d| d.is_dir()) {
                Some(dir) => Exporter::with_overrides(&dir),
                None => Ok(Exporter::builtin().clone()),
            },
        }
    }

    fn render_template(
        &self,
        name: &str,
        context: &Context,
        budget: &RefCell<limits::Budget>,
    ) -> Result<String, ExportError> {
        limits::render(&self.tera, name, context, &mut budget.borrow_mut()).map_err(|failure| match failure {
            limits::Failure::Exceeded(reason) => ExportError::Limit { name: self.describe_template(name), reason },
            limits::Failure::Tera(e) => ExportError::Render { name: name.to_string(), message: describe(&e) },
        })
    }

    fn render_view<T: serde::Serialize>(
        &self,
        name: &str,
        view: &T,
        budget: &RefCell<limits::Budget>,
    ) -> Result<String, ExportError> {
        let context = Context::from_serialize(view)
            .map_err(|e| ExportError::Render { name: name.to_string(), message: describe(&e) })?;
        Ok(self.render_template(name, &context, budget)?.trim_end().to_string())
    }

    /// The Mermaid source of the architecture diagram alone (empty without components):
    /// cheaper than a whole document when only the picture is needed.
    pub fn architecture_mermaid(&self, design: &Design, evaluation: &Evaluation) -> Result<String, ExportError> {
        if design.components.is_empty() {
            return Ok(String::new());
        }
        let budget = RefCell::new(limits::Budget::default());
        self.render_view("architecture.mmd.tera", &view::architecture(design, evaluation), &budget)
    }

    /// The document's view model with its diagrams rendered.
    pub fn document_view(
        &self,
        design: &Design,
        problem: Option<&Problem>,
        evaluation: &Evaluation,
    ) -> Result<view::DocumentView, ExportError> {
        self.document_view_within(design, problem, evaluation, &RefCell::new(limits::Budget::default()))
    }

    fn document_view_within(
        &self,
        design: &Design,
        problem: Option<&Problem>,
        evaluation: &Evaluation,
        budget: &RefCell<limits::Budget>,
    ) -> Result<view::DocumentView, ExportError> {
        // Diagram templates run inside the view builder; keep the first error.
        let error = std::cell::RefCell::new(None);
        let keep = |result: Result<String, ExportError>| {
            result.unwrap_or_else(|e| {
                error.borrow_mut().get_or_insert(e);
                String::new()
            })
        };
        let architecture = |v: &view::ArchitectureView| keep(self.render_view("architecture.mmd.tera", v, budget));
        let sequence = |v: &view::SequenceView| keep(self.render_view("sequence.mmd.tera", v, budget));
        let erd = |v: &view::ErdView| keep(self.render_view("erd.mmd.tera", v, budget));
        let document = view::document(
            design,
            problem,
            evaluation,
            &view::Diagrams { architecture: &architecture, sequence: &sequence, erd: &erd },
        );
        match error.into_inner() {
            Some(e) => Err(e),
            None => Ok(document),
        }
    }

    /// Render `design` in `format`. `problem` is the canned problem the design answers, if
    /// known: its prompt opens the document.
    pub fn render(&self, design: &Design, problem: Option<&Problem>, format: Format) -> Result<String, ExportError> {
        let evaluation = estimate::evaluate(&design.estimates, Options::default());
        match format {
            Format::Json => {
                let mut text =
                    serde_json::to_string_pretty(&to_json(design, &evaluation)).expect("JSON values always serialise");
                text.push('\n');
                Ok(text)
            }
            Format::Markdown => {
                let budget = RefCell::new(limits::Budget::default());
                let document = self.document_view_within(design, problem, &evaluation, &budget)?;
                Ok(tidy_markdown(&self.render_view("design.md.tera", &document, &budget)?))
            }
            Format::Mermaid => {
                let document = self.document_view(design, problem, &evaluation)?;
                Ok(mermaid_blocks(&document))
            }
        }
    }
}

impl Exporter {
    /// Every diagram of `design`'s document by name, each as raw Mermaid source (no fence):
    /// what a `.mmd` file or `mmdc` takes.
    pub fn diagrams(&self, design: &Design, problem: Option<&Problem>) -> Result<Vec<(String, String)>, ExportError> {
        let evaluation = estimate::evaluate(&design.estimates, Options::default());
        Ok(diagrams_of(&self.document_view(design, problem, &evaluation)?))
    }
}

/// Markdown with at most one blank line in a row outside fenced blocks, no blank lines at the
/// ends, and a final newline: templates can then lay out sections without counting newlines.
pub fn tidy_markdown(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &fence {
            Some(open) => {
                if trimmed.starts_with(open.as_str())
                    && trimmed.trim_start_matches(open.chars().next().unwrap_or('`')).trim().is_empty()
                {
                    fence = None;
                }
            }
            None => {
                let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
                if let Some(ch) = ch {
                    let run = trimmed.chars().take_while(|c| *c == ch).count();
                    if run >= 3 {
                        fence = Some(ch.to_string().repeat(run));
                    }
                }
                if line.trim().is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
                    continue;
                }
            }
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The diagrams of a document, each as a fenced `mermaid` block whose first line is a
/// `%% sdw:NAME` comment (`architecture`, `flow-write`, `flow-read`, `erd`), separated by
/// blank lines. Diagrams the design cannot have (no components, no entities) are left out.
pub fn mermaid_blocks(document: &view::DocumentView) -> String {
    let blocks: Vec<String> = diagrams_of(document)
        .into_iter()
        .map(|(name, source)| format!("```mermaid\n%% sdw:{name}\n{source}\n```\n"))
        .collect();
    blocks.join("\n")
}

/// The diagrams of a document by name (`architecture`, `flow-write`, `flow-read`, `erd`), in
/// document order; those the design cannot have are left out.
pub fn diagrams_of(document: &view::DocumentView) -> Vec<(String, String)> {
    let mut diagrams = Vec::new();
    let mut push = |name: String, source: &str| {
        if !source.is_empty() {
            diagrams.push((name, source.to_string()));
        }
    };
    push("architecture".into(), &document.architecture);
    for flow in &document.flows {
        push(format!("flow-{}", flow.key), &flow.diagram);
    }
    push("erd".into(), &document.erd);
    diagrams
}

/// Every row of an evaluated sheet, as `sdw estimate --json` prints them: values in SI base
/// units, rows in sheet order.
pub fn quantities_json(evaluation: &Evaluation) -> Value {
    Value::Array(
        evaluation
            .rows
            .iter()
            .map(|row| {
                let (value, unit, display, error) = match &row.outcome {
                    Ok(q) => (json!(q.base_value), json!(q.base_unit), json!(q.display), Value::Null),
                    Err(e) => (Value::Null, Value::Null, Value::Null, json!(e.to_string())),
                };
                json!({
                    "name": row.name,
                    "kind": match row.kind { RowKind::Input => "input", RowKind::Formula => "formula" },
                    "expr": row.expr,
                    "value": value,
                    "unit": unit,
                    "display": display,
                    "error": error,
                })
            })
            .collect(),
    )
}

/// The JSON export: the fields of `sdw estimate --json` (problem, title, convention,
/// sheet_errors, quantities) plus the whole design under `design`.
pub fn to_json(design: &Design, evaluation: &Evaluation) -> Value {
    json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "problem": design.problem,
        "title": design.title,
        "convention": evaluation.convention.key(),
        "sheet_errors": evaluation.sheet_errors,
        "quantities": quantities_json(evaluation),
        "design": design,
    })
}

/// Where a user keeps template overrides: `$XDG_CONFIG_HOME/sdw/templates`, else
/// `~/.config/sdw/templates`.
pub fn user_template_dir() -> Option<PathBuf> {
    crate::paths::template_dir()
}

/// The canned problem a design answers, if the library has it.
pub fn problem_of<'a>(design: &Design, library: &'a Library) -> Option<&'a Problem> {
    design.problem.as_deref().and_then(|id| library.get(id)).map(|entry| &entry.problem)
}

/// The Markdown document of `design` with the user's templates, and where it goes beside
/// its file (`<stem>.md`).
pub fn render_beside(design_path: &Path, design: &Design, library: &Library) -> anyhow::Result<(PathBuf, String)> {
    let target = design_path.with_extension("md");
    if target == design_path {
        anyhow::bail!("{} is already a .md file; not overwriting it", design_path.display());
    }
    let exporter = Exporter::for_user(None)?;
    let text = exporter.render(design, problem_of(design, library), Format::Markdown)?;
    Ok((target, text))
}

/// What is at `target` that an export beside a design would replace without asking: `None`
/// when nothing is there, or the document `ours` says this window wrote there last, still as
/// it was; else, in words, what is there. Something that is not a file (a folder, a FIFO) is an
/// error: it is never replaced.
pub fn existing_document(target: &Path, ours: Option<(&Path, &str)>) -> anyhow::Result<Option<String>> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!("cannot look at {}: {e}", target.display()),
    };
    let name = target.file_name().map_or_else(|| target.display().to_string(), |n| n.to_string_lossy().into_owned());
    if meta.file_type().is_symlink() {
        let to = std::fs::read_link(target).map(|t| t.display().to_string()).unwrap_or_default();
        return Ok(Some(format!(
            "{name} is a symbolic link to {to}. Exporting replaces the link with the document; the file it points to is left alone."
        )));
    }
    if !meta.is_file() {
        anyhow::bail!(
            "{} is {}, not a file sdw would replace",
            target.display(),
            crate::safe_fs::describe(meta.file_type())
        );
    }
    let limit = crate::store::MAX_FILE_BYTES;
    let on_disk = crate::safe_fs::read_regular(target, crate::safe_fs::Links::Refuse, limit).ok();
    if let (Some((path, text)), Some(bytes)) = (ours, &on_disk)
        && path == target
        && bytes == text.as_bytes()
    {
        return Ok(None);
    }
    Ok(Some(format!(
        "{name} is already there ({} bytes) and this window did not write it: it may be an earlier export, or written by hand. Exporting replaces it.",
        meta.len()
    )))
}

#[cfg(test)]
mod tests;
