//! One function per subcommand.

use std::ffi::OsStr;
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
use crate::settings::{self, Settings};
use crate::store::{self, FileKind, LoadError, LoadErrors};

pub fn run(cli: Cli) -> Outcome {
    print::set_quiet(cli.quiet);
    if let Some(Command::Settings) = cli.command {
        return show_settings();
    }
    // A settings file sdw cannot read is an error with its line and column, for every command.
    let settings = Settings::load().map_err(|e| anyhow!(e))?;
    let mut dirs = settings.problem_folders.clone();
    dirs.extend(problem_dirs(&cli.problem_dirs));
    match cli.command {
        Some(Command::Settings) => unreachable!("handled above"),
        None => workbench(&dirs, None, &settings),
        Some(Command::Open { file }) => workbench(&dirs, Some(&file), &settings),
        Some(Command::Practice { problem, output }) => practice(&dirs, &problem, output.as_deref(), &settings),
        Some(Command::List { json }) => list(&dirs, json),
        Some(Command::Show { problem }) => show(&dirs, &problem),
        Some(Command::New { problem, output, reference, force }) => {
            new(&dirs, problem.as_deref(), &output, reference, force, &settings)
        }
        Some(Command::Estimate { target, set, units, json, explain, bands, sensitivity }) => {
            let ranges = Ranges { bands, sensitivity };
            estimate(&dirs, &target, &set, &units, json, explain, &ranges)
        }
        Some(Command::Analyze { target, fail, set, numbers, json }) => {
            analyze(&dirs, &target, &fail, &set, numbers.as_deref(), json)
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

/// The workbench draws on a terminal; into a file or a pipe it would write screens of escape
/// codes, so it refuses, before anything is created.
fn require_terminal() -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        bail!(
            "the workbench needs a terminal, and standard output is not one (redirected to a file or a pipe?); \
             for text, use `sdw export`, `sdw estimate` or `sdw review`"
        );
    }
    Ok(())
}

/// The workbench on the problem picker, or on a design file.
fn workbench(dirs: &[PathBuf], file: Option<&Path>, settings: &Settings) -> Outcome {
    let (library, _) = library(dirs);
    if let Some(id) = file.filter(|f| !f.exists()).and_then(|f| f.to_str()).filter(|id| library.get(id).is_some()) {
        bail!(
            "`{id}` is a problem, not a design file: `sdw practice {id}` starts a timed attempt, \
             `sdw new {id} -o FILE` a design file to open"
        );
    }
    let theme = crate::tui::theme::Theme::from_env(settings.light());
    let mut app = match file {
        Some(path) => crate::tui::App::open(path, library, theme).map_err(|e| anyhow!(e))?,
        None => {
            let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            crate::tui::App::picker(library, store::recent_files(), dir, theme)
        }
    };
    app.default_calendar = settings.calendar;
    // After the file is read: a broken file says what is wrong with it wherever output goes.
    require_terminal()?;
    crate::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}

fn practice(dirs: &[PathBuf], id: &str, output: Option<&Path>, settings: &Settings) -> Outcome {
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
    // After the arguments are checked, so that a mistake there is what the user hears first.
    require_terminal()?;
    let mut design = problem.practice_design();
    if let Some(calendar) = settings.calendar {
        design.estimates.convention = calendar;
    }
    store::save_design(&path, &design).with_context(|| format!("cannot write {}", path.display()))?;
    workbench(dirs, Some(&path), settings)
}

fn review(dirs: &[PathBuf], arg: &OsStr, json: bool, record: bool) -> Outcome {
    let library = Library::load(dirs);
    let target = load_target(arg, || library.clone())?;
    let design = target.design();
    let problem = match &target {
        Target::Problem(p, ..) => Some((**p).clone()),
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
    let history = crate::practice::history().context("cannot read the history")?;
    for skipped in &history.skipped {
        print::errln(&format!("sdw: {skipped}"));
    }
    let attempts: Vec<_> = history.attempts.into_iter().filter(|a| problem.is_none_or(|p| a.problem == p)).collect();
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

/// `sdw settings`: where the file is, what is in force, and every key it takes.
fn show_settings() -> Outcome {
    use std::fmt::Write as _;
    let path = settings::settings_path();
    let shown = path.as_ref().map_or_else(|| "(no HOME or XDG_CONFIG_HOME)".to_string(), |p| p.display().to_string());
    let exists = path.as_ref().is_some_and(|p| p.exists());
    let settings = Settings::load().map_err(|e| anyhow!(e))?;
    let theme = match settings.theme {
        settings::ThemeChoice::Dark => "dark",
        settings::ThemeChoice::Light => "light",
        settings::ThemeChoice::Auto => "auto",
    };
    let folders: Vec<String> =
        settings.problem_folders.iter().map(|p| format!("{:?}", p.display().to_string())).collect();
    let calendars: Vec<String> = crate::model::Convention::ALL.iter().map(|c| format!("\"{}\"", c.key())).collect();
    let mut text = String::new();
    let _ =
        writeln!(text, "settings file: {shown}{}", if exists { "" } else { " (not there: the defaults are in force)" });
    let _ = writeln!(text, "  theme = \"{theme}\"");
    let _ = writeln!(text, "  calendar = \"{}\"", settings.calendar.unwrap_or_default().key());
    let _ = writeln!(text, "  problem_folders = [{}]", folders.join(", "));
    let _ = writeln!(text);
    let _ = writeln!(text, "Keys (all optional; any other key is an error with its line and column):");
    let _ =
        writeln!(text, "  theme            \"dark\" (default), \"light\", or \"auto\" (from the terminal's COLORFGBG)");
    let _ = writeln!(
        text,
        "  calendar         {} (the first is the default): the calendar new designs start with",
        calendars.join(", ")
    );
    let _ = writeln!(
        text,
        "  problem_folders  folders of extra problem files (~/ is your home), loaded after the built-in"
    );
    let _ = writeln!(text, "The folder is $XDG_CONFIG_HOME/sdw (when that is an absolute path), else ~/.config/sdw.");
    // Through the one output path: file names are shown, never obeyed, and a closed pipe ends quietly.
    print::out(&text)?;
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

fn new(dirs: &[PathBuf], id: Option<&str>, path: &Path, reference: bool, force: bool, settings: &Settings) -> Outcome {
    let mut design = match id {
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
    if let Some(calendar) = settings.calendar {
        design.estimates.convention = calendar;
    }
    store::save_new_design(path, &design).with_context(|| format!("cannot write {}", path.display()))?;
    let what = match (id, reference) {
        (Some(id), true) => format!("the reference design of `{id}`"),
        (Some(id), false) => format!("a fresh attempt at `{id}` with the brief's assumptions"),
        (None, _) => "a blank design with the standard estimate sheet".to_string(),
    };
    print::status(&format!("wrote {}: {what}", path.display()));
    Ok(ExitCode::SUCCESS)
}

/// A command-line target: a problem of the library, or a problem or design read from a file
/// or stdin, with its label (the id, the file name, `<stdin>`) and, when it was read, its
/// text, which locates errors.
enum Target {
    Problem(Box<Problem>, String, Option<String>),
    Design(Box<Design>, String, String),
}

/// How errors name what came from stdin, as ripgrep does.
const STDIN_LABEL: &str = "<stdin>";

impl Target {
    fn design(&self) -> Design {
        match self {
            Target::Problem(p, ..) => p.reference_design(),
            Target::Design(d, _, _) => (**d).clone(),
        }
    }
}

/// Whether a command-line argument names a file rather than a problem id. A name that is not
/// UTF-8 cannot be an id.
fn looks_like_path(arg: &OsStr) -> bool {
    let Some(text) = arg.to_str() else { return true };
    text.contains('/') || text.contains('\\') || text.ends_with(".toml") || Path::new(arg).exists()
}

fn load_target(arg: &OsStr, library: impl FnOnce() -> Library) -> Result<Target, anyhow::Error> {
    if arg == "-" {
        return parse_target(read_stdin()?, STDIN_LABEL.to_string());
    }
    if looks_like_path(arg) {
        let path = Path::new(arg);
        let text = store::read_text(path).map_err(|e| anyhow!(e))?;
        return parse_target(text, path.display().to_string());
    }
    let library = library();
    let id = arg.to_string_lossy();
    let problem = find_problem(&library, &id)?.clone();
    Ok(Target::Problem(Box::new(problem), id.into_owned(), None))
}

/// A problem or a design, whichever `text` holds.
fn parse_target(text: String, file: String) -> Result<Target, anyhow::Error> {
    match store::file_kind(&text) {
        FileKind::Problem => {
            let problem = store::parse_problem(&text, &file).map_err(|e| anyhow!(e))?;
            Ok(Target::Problem(Box::new(problem), file, Some(text)))
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

/// What `sdw estimate` shows of the sheet's ranges.
struct Ranges {
    bands: bool,
    sensitivity: Option<String>,
}

fn estimate(
    dirs: &[PathBuf],
    arg: &OsStr,
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
    set_rows(&mut design, set)?;
    let evaluation = estimate::evaluate(&design.estimates, options(units));
    if let Some(before) = &before {
        for (name, _) in set {
            estimate::check_override(before, &evaluation, name).map_err(|e| anyhow!("--set {e}"))?;
        }
    }
    if json {
        print::json(&output::estimate_json(&design, &evaluation))?;
    } else {
        print::out(&output::estimate_table(&design, &evaluation, explain))?;
        if ranges.bands {
            let bands = estimate::bands(&design.estimates, options(units)).map_err(|e| anyhow!("--bands: {e}"))?;
            print::out(&output::bands_table(&evaluation, &bands))?;
        }
        if let Some(figure) = &ranges.sensitivity {
            let swings = estimate::sensitivity(&design.estimates, options(units), figure)
                .map_err(|e| anyhow!("--sensitivity: {e}"))?;
            print::out(&output::sensitivity_table(figure, &swings))?;
        }
    }
    Ok(code(evaluation.error_count() > 0))
}

/// The numbers catalogue in effect: the embedded one, or the user's laid over it.
fn catalogue() -> anyhow::Result<crate::catalogue::Catalogue> {
    crate::catalogue::load(crate::catalogue::override_path().as_deref()).map_err(|e| anyhow!(e))
}

fn set_rows(design: &mut Design, set: &[(String, String)]) -> anyhow::Result<()> {
    for (name, expr) in set {
        if !design.estimates.set(name, expr) {
            let name: String = match name.char_indices().nth(60) {
                Some((cut, _)) => format!("{}…", &name[..cut]),
                None => name.clone(),
            };
            bail!("--set: the sheet has no row called `{name}`");
        }
    }
    Ok(())
}

fn analyze(
    dirs: &[PathBuf],
    arg: &OsStr,
    fail: &[String],
    set: &[(String, String)],
    numbers: Option<&str>,
    json: bool,
) -> Outcome {
    use crate::analysis::{Failures, analyze, flips};
    let target = load_target(arg, || Library::load(dirs))?;
    let mut written = target.design();
    if let Some(vintage) = numbers {
        written.numbers = Some(vintage.to_string());
    }
    let catalogue = catalogue()?;
    catalogue.vintage(written.numbers.as_deref()).map_err(|e| anyhow!(e))?;
    let failures = Failures::parse(fail, &written).map_err(|e| anyhow!(e))?;
    let mut design = written.clone();
    set_rows(&mut design, set)?;
    let evaluation = estimate::evaluate(&design.estimates, Options::default());
    let analysis = analyze(&design, &evaluation, &catalogue, &failures);
    // A what-if is compared with the design as written, with nothing failed.
    let compared = if set.is_empty() && failures.is_empty() {
        None
    } else {
        let evaluation = estimate::evaluate(&written.estimates, Options::default());
        Some(flips(&analyze(&written, &evaluation, &catalogue, &Failures::none()), &analysis))
    };
    if json {
        print::json(&export::capacity::analysis_json(&analysis, compared.as_ref()))?;
    } else {
        print::out(&super::analysis::analysis_text(&design, &analysis, compared.as_ref()))?;
    }
    Ok(code(!analysis.problems.is_empty() || evaluation.error_count() > 0))
}

/// The analysis's findings on a design, located in its file.
fn analysis_findings(
    design: &Design,
    evaluation: &Evaluation,
    base: &[PathSeg],
    text: &str,
    file: &str,
) -> Vec<LoadError> {
    let catalogue = match catalogue() {
        Ok(c) => c,
        Err(e) => return vec![LoadError { file: file.to_string(), line: 1, column: 1, message: e.to_string() }],
    };
    let analysis = super::analysis::baseline(design, evaluation, &catalogue);
    let locator = store::Locator::new(text);
    super::analysis::findings(design, &analysis, base)
        .into_iter()
        .map(|f| {
            let (line, column) = locator.locate(&f.path);
            LoadError { file: file.to_string(), line, column, message: f.message }
        })
        .collect()
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
    print::outln(&format!("{line}  [{convention}]"))?;
    Ok(ExitCode::SUCCESS)
}

/// The classic slips the sheet may hold, as warnings: advice, not failures.
fn warn_slips(evaluation: &Evaluation, file: &str) {
    for finding in estimate::lint(evaluation) {
        print::errln(&format!("{file}: warning: row `{}`: {}", finding.row, finding.message));
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

fn check(dirs: &[PathBuf], targets: &[std::ffi::OsString]) -> Outcome {
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
                problem::Origin::User(path) => (
                    path.display().to_string(),
                    store::read_regular_text(path, crate::safe_fs::Links::Follow).unwrap_or_default(),
                ),
            };
            failed |= !check_problem(&entry.problem, &text, &file)?;
        }
        return Ok(code(failed));
    }
    // Problem files checked so far, by id: two with one id cannot share a library.
    let mut seen_ids: Vec<(String, String)> = Vec::new();
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
            Target::Problem(problem, label, text) => {
                let is_file = text.is_some();
                let text = text.clone().unwrap_or_default();
                let unique = match seen_ids.iter().find(|(id, first)| is_file && *id == problem.id && first != label) {
                    Some((_, first)) => {
                        let (line, column) = store::locate(&text, &[PathSeg::Key("id".into())]);
                        report(&LoadErrors(vec![LoadError {
                            file: label.clone(),
                            line,
                            column,
                            message: format!(
                                "problem `{}` is also defined in {first}; a library holding both would use only one",
                                problem.id
                            ),
                        }]));
                        false
                    }
                    None => {
                        if is_file {
                            seen_ids.push((problem.id.clone(), label.clone()));
                        }
                        true
                    }
                };
                check_problem(problem, &text, label)? && unique
            }
            Target::Design(design, file, text) => {
                let evaluation = estimate::evaluate(&design.estimates, Options::default());
                let mut errors = row_errors(&evaluation, &[], text, file);
                errors.extend(stated_errors(&design.estimates, &evaluation, &[], text, file));
                warn_slips(&evaluation, file);
                if errors.is_empty() {
                    errors = analysis_findings(design, &evaluation, &[], text, file);
                }
                report(&LoadErrors(errors.clone()));
                if errors.is_empty() {
                    print::outln(&format!(
                        "ok  {file}: design, {} estimate rows, {} flows",
                        evaluation.rows.len(),
                        design.flows.len()
                    ))?;
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
    let base = [PathSeg::Key("reference".into())];
    let mut errors = row_errors(&evaluation, &base, text, file);
    errors.extend(stated_errors(&problem.reference.estimates, &evaluation, &base, text, file));
    warn_slips(&evaluation, file);
    if errors.is_empty() {
        errors = analysis_findings(&problem.reference, &evaluation, &base, text, file);
    }
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
    arg: &OsStr,
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
        Target::Problem(problem, ..) => Some(&**problem),
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
