//! The estimates screen's lower panes: the derivation trace of the selected row, and a chart
//! of storage growing over the years. Its own keys first: the convention and the prefixes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Wrap};

use crate::estimate::{Prefixes, RowKind, sig3};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::layout::Pane;
use crate::tui::sections::SectionId;
use crate::tui::ui::pane;

impl App {
    /// The estimates' own keys; anything else goes back to the lists.
    pub(in crate::tui) fn update_estimates(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::ToggleConvention => {
                self.checkpoint();
                self.design.estimates.convention = self.design.estimates.convention.toggled();
                self.changed();
                self.say(format!("convention {}", self.design.estimates.convention.describe()));
            }
            Action::ToggleBinary => {
                self.prefixes = if self.prefixes == Prefixes::Si { Prefixes::Binary } else { Prefixes::Si };
                self.refresh();
            }
            other => return Some(other),
        }
        None
    }
}

/// The evaluation row under the cursor.
fn selected_row(app: &App) -> Option<usize> {
    let c = app.cursor();
    let section = app.current_section().filter(|s| *s != SectionId::KeyFigures)?;
    if c.row >= section.len(&app.view()) {
        return None;
    }
    Some(if section == SectionId::Formulas { app.design.estimates.inputs.len() + c.row } else { c.row })
}

pub fn render_trace(frame: &mut Frame, app: &App, area: Rect) {
    let (title, lines) = trace_lines(app);
    super::render_scrolled(frame, app, Pane::Derivation, area, lines, pane(app, &title, false));
}

/// The derivation pane's text: the blind estimate being guessed, or the selected row's formula
/// with its values substituted.
pub fn trace_lines(app: &App) -> (String, Vec<Line<'static>>) {
    let t = app.theme;
    let mut lines = Vec::new();
    if app.in_key_figures() {
        let row = app.cursor().row;
        if let Some(figure) = app.key_figures.get(row) {
            lines.push(Line::from(Span::styled(figure.name.clone(), t.heading())));
            if !figure.note.is_empty() {
                lines.push(Line::from(Span::styled(figure.note.clone(), t.dim())));
            }
            if app.figure_hidden(row) {
                lines.push(Line::from(
                    "Work it out from the assumptions below, then Enter to type your guess with units \
                     (e.g. 5000 request / s). The engine's figure appears once you guess.",
                ));
            } else {
                for (i, line) in figure.trace.lines().enumerate() {
                    lines.push(Line::from(Span::styled(line.to_string(), if i == 0 { t.text() } else { t.value() })));
                }
                if let (Some(actual), Some(grade)) = (&figure.actual, &figure.grade) {
                    lines.push(Line::from(vec![
                        Span::styled(format!("  = {}", actual.display), t.value()),
                        Span::styled(
                            format!("   your guess: {}", grade.label()),
                            if grade.is_pass() { t.ok() } else { t.warn() },
                        ),
                    ]));
                }
            }
        }
        return ("Blind estimate".to_string(), lines);
    }
    if let Some(i) = selected_row(app) {
        let row = &app.evaluation.rows[i];
        lines
            .push(Line::from(vec![Span::styled(format!("{} = ", row.name), t.heading()), Span::raw(row.expr.clone())]));
        match &row.outcome {
            Ok(q) => {
                let substituted = app.evaluation.substituted(i);
                if substituted != row.expr {
                    lines.push(Line::from(vec![Span::styled("  = ", t.dim()), Span::raw(substituted)]));
                }
                lines.push(Line::from(vec![
                    Span::styled("  = ", t.dim()),
                    Span::styled(q.precise.clone(), t.value()),
                    Span::styled(format!("   ≈ {}", q.display), t.value()),
                ]));
                lines.push(Line::from(Span::styled(
                    format!("  in base units: {} {}", crate::estimate::precise(q.base_value), q.base_unit),
                    t.dim(),
                )));
            }
            Err(e) => lines.push(Line::from(Span::styled(format!("  ⚠ {e}"), t.error()))),
        }
        let users: Vec<&str> =
            app.evaluation.rows.iter().filter(|r| r.uses.contains(&i)).map(|r| r.name.as_str()).collect();
        if !users.is_empty() {
            lines.push(Line::from(Span::styled(format!("  used by: {}", users.join(", ")), t.dim())));
        }
        if !row.note.is_empty() {
            lines.push(Line::from(Span::styled(format!("  {}", row.note), t.dim())));
        }
        if row.kind == RowKind::Input {
            lines.push(Line::from(Span::styled(
                "  an assumption: change it and every figure that uses it follows",
                t.dim(),
            )));
        }
    } else {
        lines.push(Line::from(Span::styled("Select a row to see how its value is derived.", t.dim())));
    }
    for e in &app.evaluation.sheet_errors {
        lines.push(Line::from(Span::styled(format!("⚠ {e}"), t.error())));
    }
    ("Derivation".to_string(), lines)
}

/// A storage rate worth charting: the selected row if it is data per unit of time, else the
/// first such row of the sheet. Returns (row index, bytes per second).
fn storage_rate(app: &App) -> Option<(usize, f64)> {
    let is_rate = |i: usize| {
        let row = &app.evaluation.rows[i];
        row.outcome.as_ref().ok().filter(|q| q.base_unit == "B/s" && q.base_value > 0.0).map(|q| (i, q.base_value))
    };
    let preferred = selected_row(app).and_then(is_rate);
    preferred.or_else(|| {
        let storage = (0..app.evaluation.rows.len())
            .filter(|i| app.evaluation.rows[*i].name.contains("storage"))
            .find_map(is_rate);
        storage.or_else(|| (0..app.evaluation.rows.len()).find_map(is_rate))
    })
}

/// Years to chart: the sheet's retention when it has one, else five.
fn years(app: &App) -> usize {
    app.evaluation
        .rows
        .iter()
        .filter(|r| r.name.contains("retention"))
        .find_map(|r| r.outcome.as_ref().ok().filter(|q| q.base_unit == "s"))
        .map(|q| (q.base_value / (365.0 * 86_400.0)).round() as usize)
        .filter(|y| (1..=20).contains(y))
        .unwrap_or(5)
}

pub fn render_chart(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let Some((row, rate)) = storage_rate(app) else {
        let text =
            Paragraph::new(Span::styled("No data rate (bytes per unit of time) in the sheet to chart yet.", t.dim()))
                .wrap(Wrap { trim: true })
                .block(pane(app, "Growth", false));
        frame.render_widget(text, area);
        return;
    };
    let years = years(app);
    let year_seconds = 365.0 * 86_400.0;
    let totals: Vec<f64> = (1..=years).map(|y| rate * year_seconds * y as f64).collect();
    let (scale, unit) = [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB"), (1.0, "B")]
        .into_iter()
        .find(|(s, _)| totals.last().copied().unwrap_or(0.0) >= *s)
        .unwrap_or((1.0, "B"));
    let width = area.width.saturating_sub(2);
    let bar_width = (width / years.max(1) as u16).saturating_sub(1).clamp(3, 8);
    let bars: Vec<Bar> = totals
        .iter()
        .enumerate()
        .map(|(i, v)| {
            // Values are written on the bars only when they fit.
            let text = if bar_width >= 5 { sig3(v / scale) } else { String::new() };
            Bar::default().value((v / scale * 10.0) as u64).text_value(text).label(Line::from(format!("y{}", i + 1)))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&bars))
        .bar_width(bar_width)
        .bar_gap(1)
        .bar_style(t.accent())
        .value_style(t.text())
        .block(pane(app, &format!("{} over {years} years ({unit}, one copy)", app.evaluation.rows[row].name), false));
    frame.render_widget(chart, area);
}
