//! One function per subcommand.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use clap::CommandFactory;

use super::Outcome;
use super::args::{Cli, Command, UnitArgs};
use super::output;
use crate::estimate::{self, Evaluation, Options, Prefixes, RowKind};
use crate::export;
use crate::model::{Design, PathSeg};
use crate::problem::{self, Library, Problem};
use crate::store::{self, FileKind, LoadError, LoadErrors};

pub fn run(cli: Cli) -> Outcome {
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
        Some(Command::Estimate { target, set, units, json, explain, bands, sensitivity }) => {
            let ranges = Ranges { bands, sensitivity };
            estimate(&dirs, &target, &set, &units, json, explain, &ranges)
        }
        Some(Command::Check { targets }) => check(&dirs, &targets),
        Some(Command::Calc { units, expr }) => calc(&units, &expr.join(" ")),
        Some(Command::Export { target, format, output, templates }) => {
            export(&dirs, &target, format.into(), output.as_deref(), templates.as_deref())
        }
        Some(Command::Review { target, json, record }) => review(&dirs, &target, json, record),
        Some(Command::History { problem, json }) => history(problem.as_deref(), json),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "sdw", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The workbench on the problem picker, or on a design file.
fn workbench(dirs: &[PathBuf], file: Option<&Path>) -> Outcome {
    let (library, _) = library(dirs);
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
        Target::Problem(p, _) => Some((**p).clone()),
        Target::Design(..) => design.problem.as_deref().and_then(|id| library.get(id)).map(|e| e.problem.clone()),
    };
    if let (Some(id), None) = (&design.problem, &problem) {
        eprintln!("sdw: problem `{id}` is not in the library; scoring the automatic checks only");
    }
    let card = crate::practice::scorecard(&design, problem.as_ref());
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &card)?;
        writeln!(out)?;
    } else {
        out.write_all(output::scorecard(&design, problem.as_ref(), &card).as_bytes())?;
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
        eprintln!("recorded in {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn history(problem: Option<&str>, json: bool) -> Outcome {
    let attempts: Vec<_> =
        crate::practice::history().into_iter().filter(|a| problem.is_none_or(|p| a.problem == p)).collect();
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &attempts)?;
        writeln!(out)?;
    } else {
        out.write_all(output::history(&attempts).as_bytes())?;
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
    let mut stderr = std::io::stderr().lock();
    for e in &errors.0 {
        let _ = writeln!(stderr, "{e}");
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
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &output::list_json(&library))?;
        writeln!(out)?;
    } else {
        out.write_all(output::list_table(&library).as_bytes())?;
    }
    Ok(code(failed))
}

fn show(dirs: &[PathBuf], id: &str) -> Outcome {
    let (library, _) = library(dirs);
    let problem = find_problem(&library, id)?;
    std::io::stdout().lock().write_all(output::brief(problem).as_bytes())?;
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
    if path.exists() && !force {
        bail!("{} already exists; pass --force to overwrite it", path.display());
    }
    store::save_design(path, &design).with_context(|| format!("cannot write {}", path.display()))?;
    let what = match (id, reference) {
        (Some(id), true) => format!("the reference design of `{id}`"),
        (Some(id), false) => format!("a fresh attempt at `{id}` with the brief's assumptions"),
        (None, _) => "a blank design with the standard estimate sheet".to_string(),
    };
    println!("wrote {}: {what}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// A command-line target: a problem of the library or a file on disk.
enum Target {
    Problem(Box<Problem>, String),
    Design(Box<Design>, String, String),
}

impl Target {
    fn design(&self) -> Design {
        match self {
            Target::Problem(p, _) => p.reference_design(),
            Target::Design(d, _, _) => (**d).clone(),
        }
    }

    fn label(&self) -> &str {
        match self {
            Target::Problem(_, label) | Target::Design(_, label, _) => label,
        }
    }
}

fn looks_like_path(arg: &str) -> bool {
    arg.contains('/') || arg.contains('\\') || arg.ends_with(".toml") || Path::new(arg).exists()
}

fn load_target(arg: &str, library: impl FnOnce() -> Library) -> Result<Target, anyhow::Error> {
    if looks_like_path(arg) {
        let path = Path::new(arg);
        let text = store::read_text(path).map_err(|e| anyhow!(e))?;
        let file = path.display().to_string();
        return match store::file_kind(&text) {
            FileKind::Problem => {
                Ok(Target::Problem(Box::new(store::parse_problem(&text, &file).map_err(|e| anyhow!(e))?), file))
            }
            FileKind::Design => {
                Ok(Target::Design(Box::new(store::parse_design(&text, &file).map_err(|e| anyhow!(e))?), file, text))
            }
        };
    }
    let library = library();
    let problem = find_problem(&library, arg)?.clone();
    Ok(Target::Problem(Box::new(problem), arg.to_string()))
}

fn options(units: &UnitArgs) -> Options {
    Options {
        convention: units.convention.map(Into::into),
        prefixes: if units.binary { Prefixes::Binary } else { Prefixes::Si },
    }
}

/// What `sdw estimate` shows of the sheet's ranges.
struct Ranges {
    bands: bool,
    sensitivity: Option<String>,
}

fn estimate(
    dirs: &[PathBuf],
    arg: &str,
    set: &[(String, String)],
    units: &UnitArgs,
    json: bool,
    explain: bool,
    ranges: &Ranges,
) -> Outcome {
    let target = load_target(arg, || Library::load(dirs))?;
    let mut design = target.design();
    // A value from outside is checked against the row's own units before anything else.
    let before = if set.is_empty() { None } else { Some(estimate::evaluate(&design.estimates, options(units))) };
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
    if let Some(before) = &before {
        for (name, _) in set {
            estimate::check_override(before, &evaluation, name).map_err(|e| anyhow!("--set {e}"))?;
        }
    }
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &output::estimate_json(&design, &evaluation))?;
        writeln!(out)?;
    } else {
        out.write_all(output::estimate_table(&design, &evaluation, explain).as_bytes())?;
        if ranges.bands {
            let bands = estimate::bands(&design.estimates, options(units)).map_err(|e| anyhow!("--bands: {e}"))?;
            out.write_all(output::bands_table(&evaluation, &bands).as_bytes())?;
        }
        if let Some(figure) = &ranges.sensitivity {
            let swings = estimate::sensitivity(&design.estimates, options(units), figure)
                .map_err(|e| anyhow!("--sensitivity: {e}"))?;
            out.write_all(output::sensitivity_table(figure, &swings).as_bytes())?;
        }
    }
    Ok(code(evaluation.error_count() > 0))
}

fn calc(units: &UnitArgs, expr: &str) -> Outcome {
    let options = options(units);
    let convention = options.convention.unwrap_or_default();
    let q = estimate::calc(expr, convention, options.prefixes).map_err(|e| anyhow!("{e}"))?;
    let mut line = q.precise.clone();
    // Add the rounded, scaled form only when it says more than a plural, and not beside a
    // figure short enough to read at a glance ("1825 day", not "1825 day ≈ 1.83 K days").
    let plain = |s: &str| s.split_whitespace().map(|w| w.trim_end_matches('s')).collect::<Vec<_>>().join(" ");
    if plain(&q.display) != plain(&q.precise) && !(q.value.abs() < 1e5 && q.value.fract() == 0.0) {
        line.push_str(&format!("  ≈ {}", q.display));
    }
    println!("{line}  [{convention}]");
    Ok(ExitCode::SUCCESS)
}

/// The classic slips the sheet may hold, as warnings: advice, not failures.
fn warn_slips(evaluation: &Evaluation, file: &str) {
    for finding in estimate::lint(evaluation) {
        eprintln!("{file}: warning: row `{}`: {}", finding.row, finding.message);
    }
}

/// The sheet's stated figures that disagree with it, each located at its `value`.
fn stated_errors(
    sheet: &crate::model::Sheet,
    evaluation: &Evaluation,
    base: &[PathSeg],
    text: &str,
    file: &str,
) -> Vec<LoadError> {
    let locator = store::Locator::new(text);
    estimate::check_stated(sheet, evaluation)
        .into_iter()
        .filter_map(|check| {
            let message = check.outcome.err()?;
            let path: Vec<PathSeg> = base
                .iter()
                .cloned()
                .chain([
                    PathSeg::Key("estimates".into()),
                    PathSeg::Key("stated".into()),
                    PathSeg::Index(check.index),
                    PathSeg::Key("value".into()),
                ])
                .collect();
            let (line, column) = locator.locate(&path);
            Some(LoadError { file: file.to_string(), line, column, message })
        })
        .collect()
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
    let mut out = std::io::stdout().lock();
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
            failed |= !check_problem(&entry.problem, &text, &file, &mut out)?;
        }
        return Ok(code(failed));
    }
    for arg in targets {
        let target = match load_target(arg, || Library::load(dirs)) {
            Ok(t) => t,
            Err(e) => {
                match e.downcast_ref::<LoadErrors>() {
                    Some(errors) => report(errors),
                    None => eprintln!("sdw: {e:#}"),
                }
                failed = true;
                continue;
            }
        };
        let ok = match &target {
            Target::Problem(problem, label) => {
                let text = if looks_like_path(label) {
                    std::fs::read_to_string(label).unwrap_or_default()
                } else {
                    String::new()
                };
                check_problem(problem, &text, target.label(), &mut out)?
            }
            Target::Design(design, file, text) => {
                let evaluation = estimate::evaluate(&design.estimates, Options::default());
                let mut errors = row_errors(&evaluation, &[], text, file);
                errors.extend(stated_errors(&design.estimates, &evaluation, &[], text, file));
                warn_slips(&evaluation, file);
                report(&LoadErrors(errors.clone()));
                if errors.is_empty() {
                    writeln!(out, "ok  {file}: design, {} estimate rows", evaluation.rows.len())?;
                }
                errors.is_empty()
            }
        };
        failed |= !ok;
    }
    Ok(code(failed))
}

fn check_problem(problem: &Problem, text: &str, file: &str, out: &mut impl Write) -> anyhow::Result<bool> {
    let evaluation = estimate::evaluate(&problem.reference.estimates, Options::default());
    let mut errors = row_errors(&evaluation, &[PathSeg::Key("reference".into())], text, file);
    let base = [PathSeg::Key("reference".into())];
    errors.extend(stated_errors(&problem.reference.estimates, &evaluation, &base, text, file));
    warn_slips(&evaluation, file);
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
        writeln!(
            out,
            "ok  {file}: problem `{}`, {} estimate rows, {} expected figures met",
            problem.id,
            evaluation.rows.len(),
            figures.len()
        )?;
    }
    Ok(errors.is_empty())
}

fn export(
    dirs: &[PathBuf],
    arg: &str,
    format: export::Format,
    output: Option<&Path>,
    templates: Option<&Path>,
) -> Outcome {
    let exporter = export::Exporter::for_user(templates)?;
    let library = Library::load(dirs);
    let target = load_target(arg, || library.clone())?;
    let design = target.design();
    let problem = match &target {
        Target::Problem(problem, _) => Some(&**problem),
        Target::Design(design, _, _) => export::problem_of(design, &library),
    };
    let text = exporter.render(&design, problem, format)?;
    match output {
        Some(path) => {
            store::write_atomic(path, text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
            println!("wrote {}", path.display());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
