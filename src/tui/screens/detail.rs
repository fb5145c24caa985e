//! Panes beside the lists: the brief with its clarifying questions, and the full text of the
//! selected record.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::App;
use crate::tui::layout::Pane;
use crate::tui::ui::pane;

/// A problem's title, difficulty, budget and tags, then its prompt, one line a paragraph.
pub fn problem_heading(app: &App, p: &crate::problem::Problem) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut lines = vec![
        Line::from(Span::styled(p.title.clone(), t.title())),
        Line::from(Span::styled(
            format!("{} · {} minutes · {}", p.difficulty.key(), p.time_budget_minutes, p.tags.join(", ")),
            t.dim(),
        )),
        Line::default(),
    ];
    for paragraph in p.prompt.trim().split("\n\n") {
        lines.push(Line::from(paragraph.split_whitespace().collect::<Vec<_>>().join(" ")));
        lines.push(Line::default());
    }
    lines
}

pub fn render_brief(frame: &mut Frame, app: &App, area: Rect) {
    super::render_scrolled(frame, app, Pane::Brief, area, brief_lines(app), pane(app, "Brief", false));
}

/// The brief: the problem, the questions the interviewer answered, the hints taken.
pub fn brief_lines(app: &App) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut lines = Vec::new();
    match &app.problem {
        Some(p) => {
            lines.extend(problem_heading(app, p));
            // In practice the interviewer answers only what is asked; studying shows it all.
            let asked: Option<Vec<usize>> = app.design.practice.as_ref().map(|pr| pr.asked.clone());
            if !p.clarifying_questions.is_empty() {
                lines.push(Line::from(Span::styled("Clarifying questions", t.heading())));
                for (i, q) in p.clarifying_questions.iter().enumerate() {
                    if asked.as_ref().is_some_and(|a| !a.contains(&(i + 1))) {
                        continue;
                    }
                    lines.push(Line::from(vec![
                        Span::styled(format!("{}. ", i + 1), t.dim()),
                        Span::raw(q.question.clone()),
                    ]));
                    lines.push(Line::from(Span::styled(format!("   → {}", q.answer), t.accent())));
                }
                if let Some(asked) = &asked {
                    let left = p.clarifying_questions.len() - asked.len();
                    let hint = if left > 0 {
                        format!("{left} more questions the interviewer can answer: A to ask")
                    } else {
                        "every question asked".to_string()
                    };
                    lines.push(Line::from(Span::styled(hint, t.dim())));
                }
            }
            if let Some(practice) = &app.design.practice
                && practice.hints_used > 0
            {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(format!("Hints ({} taken)", practice.hints_used), t.heading())));
                for hint in p.hints.iter().take(practice.hints_used) {
                    lines.push(Line::from(format!("• {hint}")));
                }
            }
        }
        None if !app.design.statement.trim().is_empty() => {
            lines.push(Line::from(Span::styled("Problem statement", t.heading())));
            for paragraph in app.design.statement.trim().split("\n\n") {
                lines.push(Line::from(paragraph.split_whitespace().collect::<Vec<_>>().join(" ")));
                lines.push(Line::default());
            }
        }
        None => {
            lines.push(Line::from(Span::styled("No brief", t.heading())));
            lines.push(Line::from("This design is not tied to a problem of the library: state its problem first."));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "State what users can do (functional), how well the system must do it",
                t.dim(),
            )));
            lines.push(Line::from(Span::styled("with numbers (non-functional), and what you leave out.", t.dim())));
        }
    }
    lines
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let (title, lines) = detail_lines(app);
    super::render_scrolled(frame, app, Pane::Details, area, lines, pane(app, &title, false));
}

/// Every column of the selected record, in full, under the section's name.
pub fn detail_lines(app: &App) -> (String, Vec<Line<'static>>) {
    let t = app.theme;
    let mut lines = Vec::new();
    let c = app.cursor();
    let title = match app.current_section() {
        Some(section) if c.row < section.len(&app.view()) => {
            let view = app.view();
            for (i, column) in section.columns().iter().enumerate() {
                let text = section.get(&view, c.row, i);
                lines.push(Line::from(Span::styled(column.title.to_string(), t.heading())));
                let text = if text.is_empty() { "—".to_string() } else { text };
                for part in text.split("; ") {
                    lines.push(Line::from(format!("  {part}")));
                }
            }
            section.title().split(" (").next().unwrap_or_default().to_string()
        }
        _ => {
            lines.push(Line::from(Span::styled("Nothing selected: a adds a row.", t.dim())));
            "Details".to_string()
        }
    };
    (title, lines)
}
