//! One function per subcommand.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use clap::CommandFactory;

use super::Outcome;
use super::args::{Cli, Command, UnitArgs};
use super::output;
use super::print;
use crate::estimate::{self, Evaluation, Options, Prefixes, RowKind};
use crate::export;
use crate::model::{Design, PathSeg};
use crate::problem::{self, Library, Problem};
use crate::store::{self, FileKind, LoadError, LoadErrors};

pub fn run(cli: Cli) -> Outcome {
    print::set_quiet(cli.quiet);
    let dirs = problem_dirs(&cli.problem_dirs);
    match cli.command {
        None => workbench(&dirs, None),
        Some(Command::Open { file }) => workbench(&dirs, Some(&file)),
        Some(Command::Practice { problem, output }) => practice(&dirs, &problem, output.as_deref()),
        Some(Command::List { json }) => list(&dirs, json),
        Some(Command::Show { problem }) => show(&dirs, &problem),
        Some(Command::New { problem, output, reference, force }) => {
            new(&dirs, problem.as_deref(), &output, reference, force)
        }
        Some(Command::Estimate { target, set, units, json, explain }) => {
            estimate(&dirs, &target, &set, &units, json, explain)
        }
        Some(Command::Check { targets }) => check(&dirs, &targets),
        Some(Command::Calc { units, expr }) => calc(&units, &expr.join(" ")),
        Some(Command::Export { target, format, diagram, output, templates }) => {
            export(&dirs, &target, format, diagram.as_deref(), output.as_deref(), templates.as_deref())
        }
        Some(Command::Review { target, json, record }) => review(&dirs, &target, json, record),
        Some(Command::History { problem, json }) => history(&dirs, problem.as_deref(), json),
        Some(Command::Paths) => {
            print::out(&output::paths())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            print::document(&super::manual::page()?)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            // Into memory first: `generate` panics when stdout is a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "sdw", &mut script);
            print::document(&String::from_utf8_lossy(&script))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The workbench on the problem picker, or on a design file.
fn workbench(dirs: &[PathBuf], file: Option<&Path>) -> Outcome {
    let (library, _) = library(dirs);
    if let Some(id) = file.filter(|f| !f.exists()).and_then(|f| f.to_str()).filter(|id| library.get(id).is_some()) {
        bail!(
            "`{id}` is a problem, not a design file: `sdw practice {id}` starts a timed attempt, \
             `sdw new {id} -o FILE` a design file to open"
        );
    }
    let theme = crate::tui::theme::Theme::from_env();
    let app = match file {
        Some(path) => crate::tui::App::open(path, library, theme).map_err(|e| anyhow!(e))?,
        None => {
            let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            crate::tui::App::picker(library, store::recent_files(), dir, theme)
        }
    };
    crate::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}

fn practice(dirs: &[PathBuf], id: &str, output: Option<&Path>) -> Outcome {
    let (library, _) = library(dirs);
    let problem = find_problem(&library, id)?;
    let path = match output {
        Some(path) if path.as_os_str() == "-" => {
            bail!("a practice attempt needs a file to keep the work in; pick a file name for -o")
        }
        Some(path) if path.exists() => {
            bail!("{} already exists; open it with `sdw open` or pick another -o", path.display())
        }
        Some(path) => path.to_path_buf(),
        None => store::unused_path(Path::new("."), &problem.id),
    };
    store::save_design(&path, &problem.practice_design())
        .with_context(|| format!("cannot write {}", path.display()))?;
    workbench(dirs, Some(&path))
}

fn review(dirs: &[PathBuf], arg: &str, json: bool, record: bool) -> Outcome {
    let library = Library::load(dirs);
    let target = load_target(arg, || library.clone())?;
    let design = target.design();
    let problem = match &target {
        Target::Problem(p, _, _) => Some((**p).clone()),
        Target::Design(..) => design.problem.as_deref().and_then(|id| library.get(id)).map(|e| e.problem.clone()),
    };
    if let (Some(id), None) = (&design.problem, &problem) {
        print::errln(&format!("sdw: problem `{id}` is not in the library; scoring the automatic checks only"));
    }
    let card = crate::practice::scorecard(&design, problem.as_ref());
    if json {
        print::json(&output::versioned(serde_json::to_value(&card)?))?;
    } else {
        print::out(&output::scorecard(&design, problem.as_ref(), &card))?;
    }
    if record {
        let Some(problem) = &problem else { bail!("only an attempt at a library problem can be recorded") };
        let attempt = crate::practice::Attempt {
            problem: problem.id.clone(),
            date: crate::practice::now_utc(),
            seconds_used: card.seconds_used,
            score: card.score,
            hints_used: card.hints_used,
        };
        let path = crate::practice::record(&attempt).context("cannot record the attempt")?;
        print::status(&format!("recorded in {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

fn history(dirs: &[PathBuf], problem: Option<&str>, json: bool) -> Outcome {
    let attempts: Vec<_> =
        crate::practice::history().into_iter().filter(|a| problem.is_none_or(|p| a.problem == p)).collect();
    // A problem with attempts is shown even if it has left the library since; one with none
    // must at least exist, or the user mistyped it.
    if let Some(id) = problem.filter(|_| attempts.is_empty()) {
        find_problem(&Library::load(dirs), id)?;
    }
    if json {
        print::json(&output::versioned(serde_json::json!({ "attempts": attempts })))?;
    } else {
        print::out(&output::history(&attempts, problem))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--problems` folders, then those in `SDW_PROBLEMS`.
pub fn problem_dirs(flags: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("SDW_PROBLEMS")
        .map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect())
        .unwrap_or_default();
    dirs.extend(flags.iter().cloned());
    dirs
}

/// Load the library; files that fail to load are reported and make the command fail at the end.
fn library(dirs: &[PathBuf]) -> (Library, bool) {
    let library = Library::load(dirs);
    let failed = !library.errors.is_empty();
    for errors in &library.errors {
        report(errors);
    }
    (library, failed)
}

fn report(errors: &LoadErrors) {
    for e in &errors.0 {
        print::errln(&e.to_string());
    }
}

fn code(failed: bool) -> ExitCode {
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn find_problem<'a>(library: &'a Library, id: &str) -> anyhow::Result<&'a Problem> {
    if let Some(entry) = library.get(id) {
        return Ok(&entry.problem);
    }
    let similar = library.similar(id);
    if similar.is_empty() {
        bail!("no problem called `{id}` (see `sdw list`)")
    }
    bail!(
        "no problem called `{id}`; did you mean {}?",
        similar.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or ")
    )
}

fn list(dirs: &[PathBuf], json: bool) -> Outcome {
    let (library, failed) = library(dirs);
    if json {
        print::json(&output::list_json(&library))?;
    } else {
        print::out(&output::list_table(&library))?;
    }
    Ok(code(failed))
}

fn show(dirs: &[PathBuf], id: &str) -> Outcome {
    let (library, _) = library(dirs);
    let problem = find_problem(&library, id)?;
    print::out(&output::brief(problem))?;
    Ok(ExitCode::SUCCESS)
}

fn new(dirs: &[PathBuf], id: Option<&str>, path: &Path, reference: bool, force: bool) -> Outcome {
    let design = match id {
        Some(id) => {
            let (library, _) = library(dirs);
            let problem = find_problem(&library, id)?;
            if reference { problem.reference_design() } else { problem.practice_design() }
        }
        None if reference => bail!("--reference needs a problem id"),
        None => Design { title: "Untitled design".into(), estimates: estimate::standard_sheet(), ..Design::default() },
    };
    if path.as_os_str() == "-" {
        print::document(&store::savable_toml(&design)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if path.exists() && !force {
        bail!("{} already exists; pass --force to overwrite it", path.display());
    }
    store::save_design(path, &design).with_context(|| format!("cannot write {}", path.display()))?;
    let what = match (id, reference) {
        (Some(id), true) => format!("the reference design of `{id}`"),
        (Some(id), false) => format!("a fresh attempt at `{id}` with the brief's assumptions"),
        (None, _) => "a blank design with the standard estimate sheet".to_string(),
    };
    print::status(&format!("wrote {}: {what}", path.display()));
    Ok(ExitCode::SUCCESS)
}

/// A command-line target: a problem of the library, or a problem or design read from a file
/// or stdin, with its label (the id, the file name, `<stdin>`) and its text (empty for the
/// library's), which locates errors.
enum Target {
    Problem(Box<Problem>, String, String),
    Design(Box<Design>, String, String),
}

/// How errors name what came from stdin, as ripgrep does.
const STDIN_LABEL: &str = "<stdin>";

impl Target {
    fn design(&self) -> Design {
        match self {
            Target::Problem(p, _, _) => p.reference_design(),
            Target::Design(d, _, _) => (**d).clone(),
        }
    }
}

fn looks_like_path(arg: &str) -> bool {
    arg.contains('/') || arg.contains('\\') || arg.ends_with(".toml") || Path::new(arg).exists()
}

fn load_target(arg: &str, library: impl FnOnce() -> Library) -> Result<Target, anyhow::Error> {
    if arg == "-" {
        return parse_target(read_stdin()?, STDIN_LABEL.to_string());
    }
    if looks_like_path(arg) {
        let path = Path::new(arg);
        let text = store::read_text(path).map_err(|e| anyhow!(e))?;
        return parse_target(text, path.display().to_string());
    }
    let library = library();
    let problem = find_problem(&library, arg)?.clone();
    Ok(Target::Problem(Box::new(problem), arg.to_string(), String::new()))
}

/// A problem or a design, whichever `text` holds.
fn parse_target(text: String, file: String) -> Result<Target, anyhow::Error> {
    match store::file_kind(&text) {
        FileKind::Problem => {
            let problem = store::parse_problem(&text, &file).map_err(|e| anyhow!(e))?;
            Ok(Target::Problem(Box::new(problem), file, text))
        }
        FileKind::Design => {
            let design = store::parse_design(&text, &file).map_err(|e| anyhow!(e))?;
            Ok(Target::Design(Box::new(design), file, text))
        }
    }
}

/// All of stdin as text, within the size limit files have: `git show HEAD~1:design.toml |
/// sdw check -`.
fn read_stdin() -> Result<String, anyhow::Error> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(store::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow!("cannot read {STDIN_LABEL}: {e}"))?;
    if bytes.len() as u64 > store::MAX_FILE_BYTES {
        let limit = store::MAX_FILE_BYTES >> 20;
        let message = format!("the input is over {limit} MiB; sdw reads up to {limit} MiB");
        let error = LoadError { file: STDIN_LABEL.to_string(), line: 1, column: 1, message };
        return Err(anyhow!(LoadErrors(vec![error])));
    }
    store::decode(&bytes, STDIN_LABEL).map_err(|e| anyhow!(e))
}

fn options(units: &UnitArgs) -> Options {
    Options {
        convention: units.convention.map(Into::into),
        prefixes: if units.binary { Prefixes::Binary } else { Prefixes::Si },
    }
}

fn estimate(
    dirs: &[PathBuf],
    arg: &str,
    set: &[(String, String)],
    units: &UnitArgs,
    json: bool,
    explain: bool,
) -> Outcome {
    let target = load_target(arg, || Library::load(dirs))?;
    let mut design = target.design();
    for (name, expr) in set {
        if !design.estimates.set(name, expr) {
            let name: String = match name.char_indices().nth(60) {
                Some((cut, _)) => format!("{}…", &name[..cut]),
                None => name.clone(),
            };
            bail!("--set: the sheet has no row called `{name}`");
        }
    }
    let evaluation = estimate::evaluate(&design.estimates, options(units));
    if json {
        print::json(&output::estimate_json(&design, &evaluation))?;
    } else {
        print::out(&output::estimate_table(&design, &evaluation, explain))?;
    }
    Ok(code(evaluation.error_count() > 0))
}

fn calc(units: &UnitArgs, expr: &str) -> Outcome {
    let options = options(units);
    let convention = options.convention.unwrap_or_default();
    let q = estimate::calc(expr, convention, options.prefixes).map_err(|e| anyhow!("{e}"))?;
    let mut line = q.precise.clone();
    // Add the rounded, scaled form only when it says more than a plural.
    let plain = |s: &str| s.split_whitespace().map(|w| w.trim_end_matches('s')).collect::<Vec<_>>().join(" ");
    if plain(&q.display) != plain(&q.precise) {
        line.push_str(&format!("  ≈ {}", q.display));
    }
    print::outln(&format!("{line}  [{convention}]"))?;
    Ok(ExitCode::SUCCESS)
}

/// Every row error of a sheet, located at the row's expression in the file.
fn row_errors(evaluation: &Evaluation, base: &[PathSeg], text: &str, file: &str) -> Vec<LoadError> {
    let mut inputs = 0;
    let mut formulas = 0;
    let mut errors = Vec::new();
    let locator = store::Locator::new(text);
    for message in &evaluation.sheet_errors {
        let path: Vec<PathSeg> =
            base.iter().cloned().chain([PathSeg::Key("estimates".into()), PathSeg::Key("units".into())]).collect();
        let (line, column) = locator.locate(&path);
        errors.push(LoadError { file: file.to_string(), line, column, message: message.clone() });
    }
    for row in &evaluation.rows {
        let (section, index, key) = match row.kind {
            RowKind::Input => {
                inputs += 1;
                ("input", inputs - 1, "value")
            }
            RowKind::Formula => {
                formulas += 1;
                ("formula", formulas - 1, "expr")
            }
        };
        if let Err(e) = &row.outcome {
            let path: Vec<PathSeg> = base
                .iter()
                .cloned()
                .chain([
                    PathSeg::Key("estimates".into()),
                    PathSeg::Key(section.into()),
                    PathSeg::Index(index),
                    PathSeg::Key(key.into()),
                ])
                .collect();
            let (line, column) = locator.locate(&path);
            errors.push(LoadError {
                file: file.to_string(),
                line,
                column,
                message: format!("row `{}`: {e}", row.name),
            });
        }
    }
    errors
}

fn check(dirs: &[PathBuf], targets: &[String]) -> Outcome {
    let mut failed = false;
    if targets.is_empty() {
        let (library, load_failed) = library(dirs);
        failed |= load_failed;
        for entry in library.entries() {
            let (file, text) = match &entry.origin {
                problem::Origin::Builtin => {
                    let name = format!("{}.toml", entry.problem.id);
                    let text = problem::builtin_sources()
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, t)| t.to_string())
                        .unwrap_or_default();
                    (format!("problems/{name}"), text)
                }
                problem::Origin::User(path) => {
                    (path.display().to_string(), std::fs::read_to_string(path).unwrap_or_default())
                }
            };
            failed |= !check_problem(&entry.problem, &text, &file)?;
        }
        return Ok(code(failed));
    }
    for arg in targets {
        let target = match load_target(arg, || Library::load(dirs)) {
            Ok(t) => t,
            Err(e) => {
                match e.downcast_ref::<LoadErrors>() {
                    Some(errors) => report(errors),
                    None => print::errln(&format!("sdw: {e:#}")),
                }
                failed = true;
                continue;
            }
        };
        let ok = match &target {
            Target::Problem(problem, label, text) => check_problem(problem, text, label)?,
            Target::Design(design, file, text) => {
                let evaluation = estimate::evaluate(&design.estimates, Options::default());
                let errors = row_errors(&evaluation, &[], text, file);
                report(&LoadErrors(errors.clone()));
                if errors.is_empty() {
                    print::outln(&format!("ok  {file}: design, {} estimate rows", evaluation.rows.len()))?;
                }
                errors.is_empty()
            }
        };
        failed |= !ok;
    }
    Ok(code(failed))
}

fn check_problem(problem: &Problem, text: &str, file: &str) -> anyhow::Result<bool> {
    let evaluation = estimate::evaluate(&problem.reference.estimates, Options::default());
    let mut errors = row_errors(&evaluation, &[PathSeg::Key("reference".into())], text, file);
    let figures = problem::check_figures(problem, &evaluation);
    let locator = store::Locator::new(text);
    for figure in &figures {
        if let Err(message) = &figure.outcome {
            let path = [PathSeg::Key("expected".into()), PathSeg::Index(figure.index), PathSeg::Key("value".into())];
            let (line, column) = locator.locate(&path);
            errors.push(LoadError { file: file.to_string(), line, column, message: message.clone() });
        }
    }
    report(&LoadErrors(errors.clone()));
    if errors.is_empty() {
        print::outln(&format!(
            "ok  {file}: problem `{}`, {} estimate rows, {} expected figures met",
            problem.id,
            evaluation.rows.len(),
            figures.len()
        ))?;
    }
    Ok(errors.is_empty())
}

fn export(
    dirs: &[PathBuf],
    arg: &str,
    format: Option<super::args::ExportFormat>,
    diagram: Option<&str>,
    output: Option<&Path>,
    templates: Option<&Path>,
) -> Outcome {
    use super::args::ExportFormat;
    // A .mmd file holds one raw diagram, which is what mermaid-cli reads.
    let raw_target = output.filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("mmd")));
    let format = match (format, diagram.is_some() || raw_target.is_some()) {
        (Some(ExportFormat::Mermaid) | None, true) => None,
        (Some(other), true) => {
            let wants = if diagram.is_some() { "--diagram" } else { "a .mmd file" };
            bail!("{wants} takes Mermaid, not --format {}", format!("{other:?}").to_lowercase())
        }
        (format, false) => Some(format.unwrap_or(ExportFormat::Markdown)),
    };
    let exporter = export::Exporter::for_user(templates)?;
    let library = Library::load(dirs);
    let target = load_target(arg, || library.clone())?;
    let design = target.design();
    let problem = match &target {
        Target::Problem(problem, _, _) => Some(&**problem),
        Target::Design(design, _, _) => export::problem_of(design, &library),
    };
    let text = match format {
        Some(format) => exporter.render(&design, problem, format.into())?,
        None => one_diagram(&exporter.diagrams(&design, problem)?, diagram, raw_target)?,
    };
    match output {
        Some(path) if path.as_os_str() != "-" => {
            if write_output(path, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))? {
                print::status(&format!("wrote {}", path.display()));
            }
        }
        _ => print::document(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The diagram `wanted` (or the only one there is) as raw Mermaid source with a final newline;
/// an error that names the choices when there is no such diagram or more than one.
fn one_diagram(diagrams: &[(String, String)], wanted: Option<&str>, file: Option<&Path>) -> anyhow::Result<String> {
    let names = || diagrams.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ");
    let found = match wanted {
        Some(wanted) => diagrams.iter().find(|(name, _)| name == wanted).ok_or_else(|| match diagrams.len() {
            0 => anyhow!("this design has no diagrams (no components, no entities)"),
            _ => anyhow!("no diagram called `{wanted}`; this design has {}", names()),
        })?,
        None => match diagrams {
            [only] => only,
            [] => bail!("this design has no diagrams (no components, no entities)"),
            _ => bail!(
                "{} holds one diagram and this design has {}: pick one with --diagram NAME",
                file.map(|f| f.display().to_string()).unwrap_or_default(),
                names()
            ),
        },
    };
    Ok(format!("{}\n", found.1))
}

/// Write `bytes` to the file the user named: a regular file (or a new one) is replaced
/// atomically; a device or a pipe (`/dev/stdout`, `/dev/null`, a FIFO, `>(process)`), which
/// cannot be renamed over, is written straight through. Says whether a file was written,
/// worth reporting.
fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut stream = std::fs::OpenOptions::new().write(true).open(path)?;
            stream.write_all(bytes)?;
            stream.flush()?;
            Ok(false)
        }
        _ => store::write_atomic(path, bytes).map(|()| true),
    }
}
