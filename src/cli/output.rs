//! Text and JSON renderings of core results for the terminal.

use serde_json::{Value, json};

use crate::estimate::{self, Evaluation, RowKind};
use crate::model::Design;
use crate::problem::{Library, Origin, Problem};

fn origin_note(origin: &Origin, shadows: bool) -> String {
    match (origin, shadows) {
        (Origin::Builtin, _) => String::new(),
        (Origin::User(path), true) => format!("  [{}, shadows the built-in]", path.display()),
        (Origin::User(path), false) => format!("  [{}]", path.display()),
    }
}

pub fn list_table(library: &Library) -> String {
    let entries = library.summaries();
    let id_width = entries.iter().map(|e| e.id.len()).max().unwrap_or(2).max(2);
    let title_width = entries.iter().map(|e| e.title.chars().count()).max().unwrap_or(5).max(5);
    let mut out = format!("{:id_width$}  {:title_width$}  {:10}  TAGS\n", "ID", "TITLE", "DIFFICULTY");
    for e in &entries {
        out.push_str(&format!(
            "{:id_width$}  {:title_width$}  {:10}  {}{}\n",
            e.id,
            e.title,
            e.difficulty.key(),
            e.tags.join(", "),
            origin_note(&e.origin, e.shadows_builtin)
        ));
    }
    out
}

/// `value`'s fields with `schema_version` among them: every `--json` output is such an object.
pub fn versioned(value: Value) -> Value {
    let mut object = match value {
        Value::Object(object) => object,
        other => serde_json::Map::from_iter([("data".to_string(), other)]),
    };
    object.insert("schema_version".into(), json!(crate::export::JSON_SCHEMA_VERSION));
    Value::Object(object)
}

pub fn list_json(library: &Library) -> Value {
    let problems = Value::Array(
        library
            .summaries()
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "title": e.title,
                    "difficulty": e.difficulty.key(),
                    "tags": e.tags,
                    "time_budget_minutes": e.time_budget_minutes,
                    "source": match &e.origin { Origin::Builtin => "builtin".to_string(), Origin::User(p) => p.display().to_string() },
                    "shadows_builtin": e.shadows_builtin,
                })
            })
            .collect(),
    );
    versioned(json!({ "problems": problems }))
}

/// Wrap `text` to `width` columns, indenting every line by `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    for paragraph in text.trim().split("\n\n") {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push_str(indent);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

pub fn brief(p: &Problem) -> String {
    let mut out = format!("{}  ({}, {} minutes)\n", p.title, p.difficulty.key(), p.time_budget_minutes);
    if !p.tags.is_empty() {
        out.push_str(&format!("tags: {}\n", p.tags.join(", ")));
    }
    out.push('\n');
    out.push_str(&wrap(&p.prompt, 78, ""));
    if !p.clarifying_questions.is_empty() {
        out.push_str("\nClarifying questions\n");
        for (i, q) in p.clarifying_questions.iter().enumerate() {
            out.push_str(&format!("{:>3}. {}\n", i + 1, q.question));
            out.push_str(&wrap(&q.answer, 72, "     → "));
        }
    }
    let assumptions = &p.reference.estimates.inputs;
    if !assumptions.is_empty() {
        out.push_str("\nStated assumptions\n");
        let width = assumptions.iter().map(|i| i.name.len()).max().unwrap_or(0);
        for input in assumptions {
            out.push_str(&format!("  {:width$}  {}\n", input.name, input.value));
        }
    }
    out.push_str(&format!("\nPractise it as a timed mock interview: sdw practice {}\n", p.id));
    out.push_str(&format!("Or start a design file:               sdw new {} -o {}.toml\n", p.id, p.id));
    out
}

pub fn estimate_table(design: &Design, evaluation: &Evaluation, explain: bool) -> String {
    let title = if design.title.is_empty() { "Design" } else { &design.title };
    let mut out = format!("{title}: estimates  (convention {})\n", evaluation.convention.describe());
    if explain {
        // A figure over years moves with the calendar: say how this one counts them.
        out.push_str(&format!(
            "  calendar {}: {}\n",
            evaluation.convention.key(),
            evaluation.convention.years_explained()
        ));
    }
    for message in &evaluation.sheet_errors {
        out.push_str(&format!("  error: {message}\n"));
    }
    let name_width = evaluation.rows.iter().map(|r| r.name.len()).max().unwrap_or(4);
    let value_width = evaluation
        .rows
        .iter()
        .filter_map(|r| r.outcome.as_ref().ok())
        .map(|q| q.display.chars().count())
        .max()
        .unwrap_or(5);
    let mut section = None;
    for (i, row) in evaluation.rows.iter().enumerate() {
        if section != Some(row.kind) {
            section = Some(row.kind);
            out.push_str(match row.kind {
                RowKind::Input => "\nAssumptions\n",
                RowKind::Formula => "\nDerived\n",
            });
        }
        match &row.outcome {
            Ok(q) if explain && row.kind == RowKind::Formula => {
                let pad = " ".repeat(name_width);
                out.push_str(&format!("  {:name_width$} = {}\n", row.name, row.expr));
                let substituted = evaluation.substituted(i);
                if substituted != row.expr {
                    out.push_str(&format!("  {pad} = {substituted}\n"));
                }
                out.push_str(&format!("  {pad} = {}   ≈ {}\n", q.precise, q.display));
            }
            Ok(q) => {
                let display_width = value_width;
                out.push_str(&format!("  {:name_width$}  {:>display_width$}   {}\n", row.name, q.display, row.expr));
            }
            Err(e) => out.push_str(&format!("  {:name_width$}  error: {e}\n", row.name)),
        }
        if explain && !row.note.is_empty() {
            out.push_str(&format!("  {:name_width$}  ({})\n", "", row.note));
        }
    }
    out
}

pub fn estimate_json(design: &Design, evaluation: &Evaluation) -> Value {
    json!({
        "schema_version": crate::export::JSON_SCHEMA_VERSION,
        "problem": design.problem,
        "title": design.title,
        "convention": evaluation.convention.key(),
        "sheet_errors": evaluation.sheet_errors,
        "quantities": crate::export::quantities_json(evaluation),
    })
}

pub fn scorecard(design: &Design, problem: Option<&Problem>, card: &crate::practice::Scorecard) -> String {
    use crate::practice::{Judged, budget_seconds, clock, total_budget_seconds};
    let title = if design.title.is_empty() { "Design" } else { &design.title };
    let mut out = format!("{title}: {} / 100  ({} of {} met)", card.score, card.met, card.total);
    if let Some(phase) = card.weakest_phase {
        out.push_str(&format!("  ·  weakest phase: {}", phase.title()));
    }
    out.push('\n');
    if design.practice.is_some() {
        out.push_str(&format!(
            "time used {} of {}  ·  hints used {}\n",
            clock(card.seconds_used),
            clock(total_budget_seconds(problem)),
            card.hints_used
        ));
        if let Some(practice) = &design.practice {
            for phase in crate::model::Phase::ALL {
                let used = practice.elapsed_seconds.get(&phase).copied().unwrap_or(0);
                let budget = budget_seconds(problem, phase);
                if used > budget {
                    out.push_str(&format!("  {} ran over: {} of {}\n", phase.title(), clock(used), clock(budget)));
                }
            }
        }
    }
    for (heading, automatic) in [("Checks", true), ("Rubric", false)] {
        let items: Vec<_> = card.items.iter().filter(|i| (i.judged == Judged::Automatic) == automatic).collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{heading}\n"));
        for item in items {
            let mark = if item.met { "✓" } else { "✗" };
            let number = item.rubric.map(|n| format!("{n}. ")).unwrap_or_default();
            out.push_str(&format!("  {mark} {number}{}  [{}]\n", item.label, item.phase.title()));
            out.push_str(&format!("      {}\n", item.detail));
        }
    }
    if problem.is_some() {
        out.push_str(&format!(
            "\nComponents: yours {}, reference {}\n",
            card.your_components, card.reference_components
        ));
        if !card.missing_kinds.is_empty() {
            out.push_str(&format!("  the reference also uses: {}\n", card.missing_kinds.join(", ")));
        }
        if !card.extra_kinds.is_empty() {
            out.push_str(&format!("  only yours uses: {}\n", card.extra_kinds.join(", ")));
        }
        if !card.figures.is_empty() {
            let width = card.figures.iter().map(|f| f.name.len()).max().unwrap_or(4);
            out.push_str(&format!("\nKey figures\n  {:width$}  {:>16}  {:>16}  grade\n", "", "yours", "reference"));
            for f in &card.figures {
                out.push_str(&format!(
                    "  {:width$}  {:>16}  {:>16}  {}\n",
                    f.name,
                    f.yours.as_deref().unwrap_or("—"),
                    f.reference.as_deref().unwrap_or("—"),
                    f.grade.as_deref().unwrap_or("")
                ));
            }
        }
    }
    out
}

/// The history table and the progress per problem; `problem` is the one asked about, if any.
pub fn history(attempts: &[crate::practice::Attempt], problem: Option<&str>) -> String {
    use crate::practice::clock;
    if attempts.is_empty() {
        let (at, start) = match problem {
            Some(id) => (format!(" at `{id}`"), format!("sdw practice {id}")),
            None => (String::new(), "sdw practice <problem>".to_string()),
        };
        return format!("No finished attempts{at} yet. Start one with `{start}`, finish it on the Review tab (f).\n");
    }
    let mut out = String::from("DATE              PROBLEM               SCORE  TIME      HINTS\n");
    for a in attempts {
        out.push_str(&format!(
            "{:16}  {:20}  {:>5}  {:8}  {:>5}\n",
            a.date,
            a.problem,
            a.score,
            clock(a.seconds_used),
            a.hints_used
        ));
    }
    out.push_str("\nProgress\n");
    let mut problems: Vec<&str> = attempts.iter().map(|a| a.problem.as_str()).collect();
    problems.sort();
    problems.dedup();
    for p in problems {
        let scores: Vec<u32> = attempts.iter().filter(|a| a.problem == p).map(|a| a.score).collect();
        let best = scores.iter().max().copied().unwrap_or(0);
        let (first, last) = (scores[0], scores[scores.len() - 1]);
        let trend = match last.cmp(&first) {
            _ if scores.len() == 1 => "the first".into(),
            std::cmp::Ordering::Greater => format!("up {} since the first", last - first),
            std::cmp::Ordering::Less => format!("down {} since the first", first - last),
            std::cmp::Ordering::Equal => "level".into(),
        };
        let count = match scores.len() {
            1 => "1 attempt ".to_string(),
            n => format!("{n} attempts"),
        };
        out.push_str(&format!("  {p:20}  {count}  best {best}  latest {last}  ({trend})\n"));
    }
    out
}

/// Each row's band over the sheet's ranges, for the rows a range moves.
pub fn bands_table(evaluation: &Evaluation, bands: &[Option<(estimate::Quantity, estimate::Quantity)>]) -> String {
    let moved: Vec<(&str, String)> = evaluation
        .rows
        .iter()
        .zip(bands)
        .filter_map(|(row, band)| {
            let (low, high) = band.as_ref()?;
            (low.base_value != high.base_value)
                .then(|| (row.name.as_str(), format!("{} .. {}", low.display, high.display)))
        })
        .collect();
    if moved.is_empty() {
        return "\nBands: no row depends on a range (write an assumption as low..likely..high)\n".into();
    }
    let width = moved.iter().map(|(name, _)| name.len()).max().unwrap_or(4);
    let mut out = String::from("\nBands (least .. greatest over every combination of range ends)\n");
    for (name, band) in moved {
        out.push_str(&format!("  {name:<width$}  {band}\n"));
    }
    out
}

/// The ranges ranked by how far each alone moves one figure.
pub fn sensitivity_table(figure: &str, swings: &[estimate::Swing]) -> String {
    if swings.is_empty() {
        return format!("\nSensitivity of `{figure}`: the sheet has no range\n");
    }
    let width = swings.iter().map(|s| s.input.len()).max().unwrap_or(4);
    let mut out = format!("\nWhat moves `{figure}` most (each range alone, the others at their likely values)\n");
    for swing in swings {
        out.push_str(&format!(
            "  {:<width$}  {} .. {}  (a swing of {} of the likely value)\n",
            swing.input,
            swing.at_low.display,
            swing.at_high.display,
            estimate::percent_text(swing.relative) + " %"
        ));
    }
    out
}

/// Where each of sdw's own files is, whether it exists yet, and what decided the place.
pub fn paths() -> String {
    let data = crate::paths::data_dir();
    let config = crate::paths::config_dir();
    let rows: [(&str, Option<std::path::PathBuf>, &str); 5] = [
        ("data", data.clone(), "SDW_DATA_DIR, else $XDG_DATA_HOME/sdw, else ~/.local/share/sdw"),
        ("history", data.as_ref().map(|d| d.join("history.jsonl")), "finished practice attempts"),
        ("recent", data.as_ref().map(|d| d.join("recent")), "design files opened recently"),
        ("config", config.clone(), "$XDG_CONFIG_HOME/sdw, else ~/.config/sdw"),
        ("templates", crate::paths::template_dir(), "*.tera files that replace the built-in templates"),
    ];
    let mut out = String::new();
    for (name, path, what) in rows {
        let (shown, state) = match &path {
            Some(path) => (path.display().to_string(), if path.exists() { "" } else { "  (not there yet)" }),
            None => ("(none: HOME is not set)".to_string(), ""),
        };
        out.push_str(&format!("{name:10} {shown}{state}\n{:10} {what}\n", ""));
    }
    out.push_str("\nBeside each design FILE: FILE.sdw-recovery (unsaved work) and .FILE.sdw-lock (open windows).\n");
    out
}
