//! Mock interviews: phase budgets, grading blind guesses, scoring an attempt against the
//! problem's rubric, and the history of finished attempts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::estimate::{self, Evaluation, Options, Prefixes, Quantity};
use crate::model::{ComponentKind, Design, Phase, Practice};
use crate::problem::Problem;
use crate::review;

/// Minutes per phase of a 45-minute interview.
pub fn default_minutes(phase: Phase) -> u32 {
    match phase {
        Phase::Requirements => 5,
        Phase::Estimates => 5,
        Phase::ApiData => 5,
        Phase::HighLevel => 15,
        Phase::DeepDives => 10,
        Phase::Review => 5,
    }
}

/// The budget of a phase in seconds: the problem's own, else the default.
pub fn budget_seconds(problem: Option<&Problem>, phase: Phase) -> u64 {
    let minutes = problem.and_then(|p| p.phase_minutes.get(&phase).copied()).unwrap_or_else(|| default_minutes(phase));
    u64::from(minutes) * 60
}

pub fn total_budget_seconds(problem: Option<&Problem>) -> u64 {
    Phase::ALL.iter().map(|p| budget_seconds(problem, *p)).sum()
}

/// `mm:ss`, or `h:mm:ss` past an hour.
pub fn clock(seconds: u64) -> String {
    if seconds >= 3600 {
        format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
    } else {
        format!("{:02}:{:02}", seconds / 60, seconds % 60)
    }
}

/// How close a guess came to the engine's figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Within10Percent,
    Within2x,
    Within10x,
    Off,
    /// The guess is in other units, or not a number.
    Invalid(String),
}

impl Grade {
    pub fn label(&self) -> String {
        match self {
            Grade::Within10Percent => "within 10%".into(),
            Grade::Within2x => "within 2×".into(),
            Grade::Within10x => "within 10×".into(),
            Grade::Off => "off by more than 10×".into(),
            Grade::Invalid(why) => format!("not comparable: {why}"),
        }
    }

    /// Close enough to count in an interview (an order of magnitude is what estimates are for).
    pub fn is_pass(&self) -> bool {
        matches!(self, Grade::Within10Percent | Grade::Within2x)
    }
}

pub fn grade(guess: &Quantity, actual: &Quantity) -> Grade {
    if guess.base_unit != actual.base_unit {
        let unit = |u: &str| if u.is_empty() { "a plain number".to_string() } else { u.to_string() };
        return Grade::Invalid(format!("{} is not in {}", unit(&guess.base_unit), unit(&actual.base_unit)));
    }
    let (g, a) = (guess.base_value, actual.base_value);
    if a == 0.0 || g == 0.0 || g.signum() != a.signum() {
        return if (g - a).abs() <= f64::EPSILON { Grade::Within10Percent } else { Grade::Off };
    }
    let ratio = (g / a).abs().max((a / g).abs());
    if (g - a).abs() <= 0.1 * a.abs() {
        Grade::Within10Percent
    } else if ratio <= 2.0 {
        Grade::Within2x
    } else if ratio <= 10.0 {
        Grade::Within10x
    } else {
        Grade::Off
    }
}

/// One of the problem's key figures in a practice attempt: hidden until guessed.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigure {
    pub name: String,
    pub note: String,
    pub guess: Option<String>,
    /// The guess evaluated, or why it could not be.
    pub guessed: Option<Result<Quantity, String>>,
    /// The engine's value on the reference sheet.
    pub actual: Option<Quantity>,
    pub grade: Option<Grade>,
    /// The reference formula with its inputs substituted.
    pub trace: String,
}

/// The reference sheet evaluated (the figures a guess is graded against).
pub fn reference_evaluation(problem: &Problem) -> Evaluation {
    estimate::evaluate(&problem.reference.estimates, Options::default())
}

pub fn key_figures(problem: &Problem, practice: &Practice, reference: &Evaluation) -> Vec<KeyFigure> {
    let units = &problem.reference.estimates.units;
    problem
        .expected
        .iter()
        .map(|expected| {
            let index = reference.rows.iter().position(|r| r.name == expected.name);
            let row = index.map(|i| &reference.rows[i]);
            let actual = row.and_then(|r| r.outcome.as_ref().ok()).cloned();
            let guess = practice.guess(&expected.name).map(str::to_string);
            let guessed = guess.as_ref().map(|g| {
                estimate::calc_with_units(g, units, reference.convention, Prefixes::Si).map_err(|e| e.to_string())
            });
            let grade = match (&guessed, &actual) {
                (Some(Ok(g)), Some(a)) => Some(grade(g, a)),
                (Some(Err(e)), _) => Some(Grade::Invalid(e.clone())),
                _ => None,
            };
            let trace = match (index, row) {
                (Some(i), Some(r)) => format!("{} = {}\n  = {}", r.name, r.expr, reference.substituted(i)),
                _ => String::new(),
            };
            KeyFigure {
                name: expected.name.clone(),
                note: row.map(|r| r.note.clone()).unwrap_or_default(),
                guess,
                guessed,
                actual,
                grade,
                trace,
            }
        })
        .collect()
}

/// Whether an item was checked by sdw or judged by the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judged {
    /// sdw checked it against the design.
    Automatic,
    /// A rubric item: sdw looked for evidence in the design; the candidate may overrule.
    Evidence,
    /// A rubric item the candidate marked.
    SelfAssessed,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreItem {
    pub label: String,
    pub phase: Phase,
    pub judged: Judged,
    pub met: bool,
    pub detail: String,
    /// For rubric items: their number (from 1), to mark them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rubric: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureComparison {
    pub name: String,
    pub reference: Option<String>,
    /// The candidate's own row of that name, or their guess.
    pub yours: Option<String>,
    pub grade: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub problem: Option<String>,
    pub score: u32,
    pub met: usize,
    pub total: usize,
    pub weakest_phase: Option<Phase>,
    pub items: Vec<ScoreItem>,
    pub hints_used: usize,
    pub seconds_used: u64,
    /// Component kinds the reference uses and the design does not, and the other way round.
    pub missing_kinds: Vec<String>,
    pub extra_kinds: Vec<String>,
    pub your_components: usize,
    pub reference_components: usize,
    pub figures: Vec<FigureComparison>,
}

const STOPWORDS: [&str; 24] = [
    "with", "that", "this", "from", "into", "each", "every", "what", "when", "which", "their", "them", "they", "than",
    "then", "have", "your", "does", "over", "only", "most", "more", "both", "about",
];

/// The words of a rubric item worth looking for, cut to a stem so `replicas` finds
/// `replication`.
fn keywords(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 && !STOPWORDS.contains(w))
        .map(|w| w.chars().take(5).collect())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// What a design says in one phase, as text to look for evidence in. Assumptions given by the
/// brief do not count: they are there before the candidate writes anything.
fn phase_text(design: &Design, phase: Phase) -> String {
    let mut parts: Vec<String> = Vec::new();
    let r = &design.requirements;
    match phase {
        Phase::Requirements => {
            parts.extend(r.functional.iter().chain(&r.non_functional).chain(&r.out_of_scope).cloned());
        }
        Phase::Estimates => {
            parts.extend(
                design.estimates.formulas.iter().map(|f| format!("{} {} {}", f.name.replace('_', " "), f.expr, f.note)),
            );
        }
        Phase::ApiData => {
            parts.extend(design.api.iter().map(|e| format!("{} {} {} {}", e.method, e.path, e.request, e.response)));
            parts.extend(design.entities.iter().map(|e| {
                let fields: Vec<String> = e.fields.iter().map(ToString::to_string).collect();
                format!("{} {}", e.name, fields.join(" "))
            }));
        }
        Phase::HighLevel => {
            parts.extend(
                design.components.iter().map(|c| format!("{} {} {} {}", c.id, c.kind.title(), c.label, c.notes)),
            );
            parts.extend(design.links.iter().map(|l| l.label.clone()));
        }
        Phase::DeepDives => {
            parts.extend(
                design
                    .deep_dives
                    .iter()
                    .map(|d| format!("{} {} {} {}", d.topic, d.options.join(" "), d.decision, d.tradeoffs)),
            );
            parts.extend(design.open_questions.iter().cloned());
        }
        Phase::Review => {
            for p in [Phase::Requirements, Phase::Estimates, Phase::ApiData, Phase::HighLevel, Phase::DeepDives] {
                parts.push(phase_text(design, p));
            }
            parts.push(design.notes.clone());
        }
    }
    parts.join(" ").to_lowercase()
}

/// Evidence of a rubric item in a design: at least half its keywords (two or more) appear in
/// what the candidate wrote for the item's phase.
fn evidence(item: &str, text: &str) -> (bool, Vec<String>) {
    let words = keywords(item);
    let found: Vec<String> = words.iter().filter(|w| text.contains(w.as_str())).cloned().collect();
    let needed = words.len().div_ceil(2).max(2).min(words.len());
    (!words.is_empty() && found.len() >= needed, found)
}

/// Score a design: sdw's automatic checks plus the problem's rubric.
pub fn scorecard(design: &Design, problem: Option<&Problem>) -> Scorecard {
    let evaluation = estimate::evaluate(&design.estimates, Options::default());
    let practice = design.practice.clone().unwrap_or_default();
    let mut items: Vec<ScoreItem> = review::checklist(design, &evaluation)
        .into_iter()
        .map(|c| ScoreItem {
            label: c.label,
            phase: c.phase,
            judged: Judged::Automatic,
            met: c.passed,
            detail: c.detail,
            rubric: None,
        })
        .collect();
    if let Some(problem) = problem {
        let raised: Vec<usize> = practice.curveballs_raised.clone();
        if !raised.is_empty() {
            let unanswered: Vec<String> = raised
                .iter()
                .filter(|n| {
                    let prompt = problem.curveballs.get(**n - 1).map(|c| c.prompt.as_str()).unwrap_or_default();
                    !design.deep_dives.iter().any(|d| curveball_topic(prompt) == d.topic && !d.decision.is_empty())
                })
                .map(|n| format!("curveball {n}"))
                .collect();
            let met = unanswered.is_empty();
            items.push(ScoreItem {
                label: "The interviewer's curveballs are answered in deep dives".into(),
                phase: Phase::DeepDives,
                judged: Judged::Automatic,
                met,
                detail: if met {
                    format!("{} answered", raised.len())
                } else {
                    format!("missing: {}", unanswered.join(", "))
                },
                rubric: None,
            });
        }
        for (i, item) in problem.rubric.iter().enumerate() {
            let number = i + 1;
            let (found, words) = evidence(&item.item, &phase_text(design, item.phase));
            let (met, judged, detail) = match practice.self_assessed.get(&number) {
                Some(&met) => (
                    met,
                    Judged::SelfAssessed,
                    if met { "you marked it met" } else { "you marked it not met" }.to_string(),
                ),
                None if found => (true, Judged::Evidence, format!("found in the design: {}", words.join(", "))),
                None => {
                    (false, Judged::Evidence, "no evidence found in the design; mark it yourself if it is there".into())
                }
            };
            items.push(ScoreItem {
                label: item.item.clone(),
                phase: item.phase,
                judged,
                met,
                detail,
                rubric: Some(number),
            });
        }
    }
    let met = items.iter().filter(|i| i.met).count();
    let total = items.len();
    let score = (met * 100).checked_div(total).unwrap_or(0) as u32;
    let weakest_phase = Phase::ALL
        .iter()
        .filter_map(|phase| {
            let of_phase: Vec<&ScoreItem> = items.iter().filter(|i| i.phase == *phase).collect();
            if of_phase.is_empty() {
                return None;
            }
            let ratio = of_phase.iter().filter(|i| i.met).count() as f64 / of_phase.len() as f64;
            Some((*phase, ratio))
        })
        .filter(|(_, ratio)| *ratio < 1.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(phase, _)| phase);

    let kinds = |d: &Design| -> BTreeSet<ComponentKind> { d.components.iter().map(|c| c.kind).collect() };
    let (mut missing_kinds, mut extra_kinds, mut figures, mut reference_components) = (vec![], vec![], vec![], 0);
    if let Some(problem) = problem {
        let (yours, theirs) = (kinds(design), kinds(&problem.reference));
        missing_kinds = theirs.difference(&yours).map(|k| k.title().to_string()).collect();
        extra_kinds = yours.difference(&theirs).map(|k| k.title().to_string()).collect();
        reference_components = problem.reference.components.len();
        let reference = reference_evaluation(problem);
        for figure in key_figures(problem, &practice, &reference) {
            let own = evaluation.row(&figure.name).and_then(|r| r.outcome.as_ref().ok());
            let yours = own
                .map(|q| q.display.clone())
                .or_else(|| figure.guessed.as_ref().and_then(|g| g.as_ref().ok()).map(|q| q.display.clone()));
            let grade = match (own, &figure.actual) {
                (Some(own), Some(actual)) => Some(grade(own, actual).label()),
                _ => figure.grade.as_ref().map(Grade::label),
            };
            figures.push(FigureComparison {
                name: figure.name,
                reference: figure.actual.map(|q| q.display),
                yours,
                grade,
            });
        }
    }
    Scorecard {
        problem: problem.map(|p| p.id.clone()),
        score,
        met,
        total,
        weakest_phase,
        items,
        hints_used: practice.hints_used,
        seconds_used: practice.total_seconds(),
        missing_kinds,
        extra_kinds,
        your_components: design.components.len(),
        reference_components,
        figures,
    }
}

/// The deep-dive topic a curveball is answered under.
pub fn curveball_topic(prompt: &str) -> String {
    let first = prompt.split_inclusive(['.', '?', '!']).next().unwrap_or(prompt).trim();
    let topic: String = first.chars().take(80).collect();
    format!("Curveball: {topic}")
}

/// One finished attempt, as kept in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub problem: String,
    /// UTC date and time, `YYYY-MM-DD HH:MM`.
    pub date: String,
    pub seconds_used: u64,
    pub score: u32,
    pub hints_used: usize,
}

/// The longest attempt the history keeps: a week of clock time.
pub const MAX_ATTEMPT_SECONDS: u64 = 7 * 24 * 3600;
/// More hints than any problem has.
pub const MAX_HINTS: usize = 1_000;
/// The history file is read up to this size.
pub const MAX_HISTORY_BYTES: u64 = 64 * 1024 * 1024;

impl Attempt {
    /// What makes this attempt impossible, if anything: a score over 100, a date that is not
    /// `YYYY-MM-DD HH:MM`, an id no problem can have, more time or hints than an attempt takes.
    pub fn problem_with(&self) -> Option<String> {
        let id_ok = self.problem.len() <= 200
            && self.problem.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && self.problem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let date_ok = self.date.len() == 16
            && self.date.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                10 => b == b' ',
                13 => b == b':',
                _ => b.is_ascii_digit(),
            });
        if self.score > 100 {
            Some(format!("score {} is over 100", self.score))
        } else if !id_ok {
            Some(format!("`{}` is not a problem id", self.problem.chars().take(60).collect::<String>()))
        } else if !date_ok {
            Some(format!("date `{}` is not YYYY-MM-DD HH:MM", self.date.chars().take(40).collect::<String>()))
        } else if self.seconds_used > MAX_ATTEMPT_SECONDS {
            Some(format!("{} seconds is more than a week", self.seconds_used))
        } else if self.hints_used > MAX_HINTS {
            Some(format!("{} hints is more than {MAX_HINTS}", self.hints_used))
        } else {
            None
        }
    }
}

/// The history as read: the attempts that could be read, oldest first, and each line that
/// could not, with why. A bad line never hides the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub attempts: Vec<Attempt>,
    /// `FILE:LINE: why`, one for each line skipped.
    pub skipped: Vec<String>,
}

/// Where the history of the data folder `dir` is kept.
pub fn history_path(dir: &Path) -> PathBuf {
    dir.join("history.jsonl")
}

/// Add an attempt to the user's history (in `store::data_dir()`).
pub fn record(attempt: &Attempt) -> std::io::Result<PathBuf> {
    record_in(&crate::store::ensure_data_dir()?, attempt)
}

/// Add an attempt to the history kept in `dir`: one line appended under a lock, so that
/// attempts recorded at once all survive and no line already there is rewritten, even one
/// that cannot be read. An impossible attempt is refused.
pub fn record_in(dir: &Path, attempt: &Attempt) -> std::io::Result<PathBuf> {
    if let Some(problem) = attempt.problem_with() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("not recorded: {problem}")));
    }
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "the data folder {} is {}, not a folder; point SDW_DATA_DIR at a folder",
                    dir.display(),
                    crate::safe_fs::describe(meta.file_type())
                ),
            ));
        }
        Ok(_) => {}
        Err(_) => std::fs::create_dir_all(dir)?,
    }
    let path = history_path(dir);
    let line = serde_json::to_string(attempt).map_err(std::io::Error::other)?;
    crate::safe_fs::append_line(&path, &line)?;
    Ok(path)
}

/// Every recorded attempt in the user's history, oldest first, and the lines skipped.
pub fn history() -> std::io::Result<History> {
    match crate::store::data_dir() {
        Some(dir) => history_in(&dir),
        None => Ok(History::default()),
    }
}

/// The history kept in `dir`: missing is empty; a file that cannot be read at all (a link, a
/// FIFO, too large) is an error.
pub fn history_in(dir: &Path) -> std::io::Result<History> {
    let path = history_path(dir);
    let bytes = match crate::safe_fs::read_regular(&path, crate::safe_fs::Links::Refuse, MAX_HISTORY_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(History::default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(std::io::Error::new(
                e.kind(),
                format!("the data folder {} is not a folder; point SDW_DATA_DIR at a folder", dir.display()),
            ));
        }
        Err(e) => return Err(e),
    };
    Ok(parse_history(&bytes, &path.display().to_string()))
}

/// The lines of a history file, each judged on its own.
pub fn parse_history(bytes: &[u8], file: &str) -> History {
    let mut history = History::default();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let why = match std::str::from_utf8(line) {
            Err(_) => Some("not UTF-8 text".to_string()),
            Ok(text) => match serde_json::from_str::<Attempt>(text) {
                Err(e) => Some(format!("not an attempt ({e})")),
                Ok(attempt) => match attempt.problem_with() {
                    Some(problem) => Some(problem),
                    None => {
                        history.attempts.push(attempt);
                        None
                    }
                },
            },
        };
        if let Some(why) = why {
            history.skipped.push(format!("{file}:{}: skipped: {why}", i + 1));
        }
    }
    history
}

/// The current UTC time as `YYYY-MM-DD HH:MM`.
pub fn now_utc() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    utc(secs)
}

/// A moment as UTC `YYYY-MM-DD HH:MM`.
pub fn utc_of(time: SystemTime) -> String {
    utc(time.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0))
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (hour, minute) = (secs % 86_400 / 3600, secs % 3600 / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Library;

    fn q(expr: &str) -> Quantity {
        estimate::calc(expr, crate::model::Convention::Exact, Prefixes::Si).unwrap()
    }

    #[test]
    fn guesses_are_graded_by_how_close_they_come() {
        let actual = q("1157 request / s");
        assert_eq!(grade(&q("1200 request / s"), &actual), Grade::Within10Percent);
        assert_eq!(grade(&q("2000 request / s"), &actual), Grade::Within2x);
        assert_eq!(grade(&q("600 request / s"), &actual), Grade::Within2x);
        assert_eq!(grade(&q("200 request / s"), &actual), Grade::Within10x);
        assert_eq!(grade(&q("10 request / s"), &actual), Grade::Off);
        assert!(matches!(grade(&q("1157 byte / s"), &actual), Grade::Invalid(_)));
        // Per day or per second: the same rate is the same rate.
        assert_eq!(grade(&q("100 million request / day"), &actual), Grade::Within10Percent);
    }

    fn attempt(score: u32) -> Attempt {
        Attempt { problem: "twitter".into(), date: "2026-11-18 11:06".into(), seconds_used: 2400, score, hints_used: 1 }
    }

    #[test]
    fn the_history_skips_and_names_each_bad_line_and_keeps_the_rest() {
        let good = serde_json::to_string(&attempt(70)).unwrap();
        let huge = good.replace("70", "4294967295");
        let mut bytes = format!("{good}\n{huge}\n").into_bytes();
        bytes.extend(b"{\"problem\": \"tw\xff\"}\n");
        bytes.extend(format!("{{\"problem\":\"twitter\",\"da\n{good}\n").as_bytes());
        let history = parse_history(&bytes, "h.jsonl");
        assert_eq!(history.attempts, [attempt(70), attempt(70)]);
        assert_eq!(history.skipped.len(), 3, "{:?}", history.skipped);
        assert!(history.skipped[0].starts_with("h.jsonl:2: skipped: score 4294967295 is over 100"));
        assert!(history.skipped[1].starts_with("h.jsonl:3: skipped: not UTF-8"));
        assert!(history.skipped[2].starts_with("h.jsonl:4: skipped: not an attempt"));
    }

    #[test]
    fn an_impossible_attempt_is_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        assert!(record_in(dir.path(), &attempt(101)).unwrap_err().to_string().contains("over 100"));
        let bad_date = Attempt { date: "yesterday".into(), ..attempt(50) };
        assert!(record_in(dir.path(), &bad_date).is_err());
        record_in(dir.path(), &attempt(100)).unwrap();
        assert_eq!(history_in(dir.path()).unwrap().attempts, [attempt(100)]);
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00");
        assert_eq!(utc(1_795_000_000), "2026-11-18 11:06");
    }

    #[test]
    fn a_fresh_attempt_scores_far_below_the_reference() {
        let library = Library::builtin();
        for id in ["twitter", "url-shortener", "dropbox"] {
            let problem = &library.get(id).unwrap().problem;
            let fresh = scorecard(&problem.practice_design(), Some(problem));
            let reference = scorecard(&problem.reference_design(), Some(problem));
            assert!(fresh.items.len() >= 8 + problem.rubric.len().min(8));
            assert!(
                reference.score >= 80,
                "{id}: reference scores {}: {:#?}",
                reference.score,
                reference.items.iter().filter(|i| !i.met).collect::<Vec<_>>()
            );
            assert!(
                fresh.score <= 20,
                "{id}: fresh scores {}: {:#?}",
                fresh.score,
                fresh.items.iter().filter(|i| i.met).collect::<Vec<_>>()
            );
            assert!(fresh.weakest_phase.is_some());
            assert!(!fresh.missing_kinds.is_empty());
        }
    }

    #[test]
    fn self_assessment_overrules_the_evidence() {
        let library = Library::builtin();
        let problem = &library.get("url-shortener").unwrap().problem;
        let mut design = problem.practice_design();
        let before = scorecard(&design, Some(problem));
        design.practice.as_mut().unwrap().self_assessed.insert(1, true);
        let after = scorecard(&design, Some(problem));
        assert_eq!(after.met, before.met + 1);
        let item = after.items.iter().find(|i| i.rubric == Some(1)).unwrap();
        assert_eq!(item.judged, Judged::SelfAssessed);
    }
}
