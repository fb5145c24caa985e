//! The review screen: what the design covers and what it lacks, each item one Enter away
//! from the phase that needs the work. With a problem to score against, the scorecard: its
//! rubric (Space marks an item), the score, the weakest phase, and the design beside the
//! reference. Its update first, then its panes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

use crate::practice::{Judged, Scorecard, clock};
use crate::tui::action::Action;
use crate::tui::app::{App, Effect};
use crate::tui::layout::{Pane, inner};
use crate::tui::ui::pane;

impl App {
    pub(in crate::tui) fn update_review(&mut self, action: Action) -> Option<Effect> {
        let last = self.review_items().len().saturating_sub(1);
        match action {
            Action::Down => self.review_selected = (self.review_selected + 1).min(last),
            Action::Up => self.review_selected = self.review_selected.saturating_sub(1),
            Action::Top => self.review_selected = 0,
            Action::Bottom => self.review_selected = last,
            Action::Jump => {
                if let Some(phase) = self.review_items().get(self.review_selected).map(|(phase, _)| *phase) {
                    self.set_phase(phase);
                }
            }
            Action::ToggleMet => self.toggle_met(),
            Action::Finish => self.finish(),
            _ => {}
        }
        None
    }

    /// A click selects the item under it; each item is two lines.
    pub(in crate::tui) fn click_review(&mut self, row: u16) {
        let Some(list) = self.layout.pane(Pane::Review).map(inner) else { return };
        if row < list.y || row >= list.bottom() {
            return;
        }
        let count = self.review_items().len();
        // The list scrolls to keep the selection in view, as ratatui's List does.
        let per_page = (list.height as usize / 2).max(1);
        let first = self.review_selected.saturating_sub(per_page - 1);
        let index = first + (row - list.y) as usize / 2;
        if index < count {
            self.review_selected = index;
        }
    }
}

fn mark(app: &App, met: bool) -> Span<'static> {
    if met { Span::styled(" ✓ ", app.theme.ok()) } else { Span::styled(" ✗ ", app.theme.error()) }
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    match &app.scorecard {
        Some(card) => render_scorecard(frame, app, area, card),
        None => render_checklist(frame, app, area),
    }
}

fn render_checklist(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let checks = app.checks();
    let passed = checks.iter().filter(|c| c.passed).count();
    let items: Vec<ListItem> = checks
        .iter()
        .map(|c| {
            ListItem::new(vec![
                Line::from(vec![
                    mark(app, c.passed),
                    Span::raw(c.label.clone()),
                    Span::styled(format!("  [{} {}]", c.phase.index() + 1, c.phase.title()), t.dim()),
                ]),
                Line::from(Span::styled(format!("     {}", c.detail), if c.passed { t.dim() } else { t.warn() })),
            ])
        })
        .collect();
    let title = format!("Review: {passed} of {} checks pass", checks.len());
    let list = List::new(items).block(pane(app, &title, true)).highlight_style(t.selected());
    let mut state = ListState::default().with_selected(Some(app.review_selected));
    frame.render_stateful_widget(list, area, &mut state);
}

fn render_scorecard(frame: &mut Frame, app: &App, area: Rect, card: &Scorecard) {
    let t = app.theme;
    let list_area = area;
    let items: Vec<ListItem> = card
        .items
        .iter()
        .map(|item| {
            let who = match item.judged {
                Judged::Automatic => "checked",
                Judged::Evidence => "evidence",
                Judged::SelfAssessed => "you",
            };
            let number = item.rubric.map(|n| format!("{n}. ")).unwrap_or_default();
            ListItem::new(vec![
                Line::from(vec![
                    mark(app, item.met),
                    Span::raw(format!("{number}{}", item.label)),
                    Span::styled(format!("  [{} · {who}]", item.phase.title()), t.dim()),
                ]),
                Line::from(Span::styled(format!("     {}", item.detail), if item.met { t.dim() } else { t.warn() })),
            ])
        })
        .collect();
    let mut title = format!("Score {} / 100 · {} of {} met", card.score, card.met, card.total);
    if let Some(phase) = card.weakest_phase {
        title.push_str(&format!(" · weakest: {}", phase.title()));
    }
    let list = List::new(items).block(pane(app, &title, true)).highlight_style(t.selected());
    let mut state = ListState::default().with_selected(Some(app.review_selected));
    frame.render_stateful_widget(list, list_area, &mut state);
}

pub fn render_comparison(frame: &mut Frame, app: &App, area: Rect) {
    let Some(card) = &app.scorecard else { return };
    let (title, lines) = comparison_lines(app, card);
    super::render_scrolled(frame, app, Pane::Comparison, area, lines, pane(app, &title, false));
}

/// The candidate's design beside the reference: time, hints, components, key figures.
pub fn comparison_lines(app: &App, card: &Scorecard) -> (String, Vec<Line<'static>>) {
    let t = app.theme;
    let mut lines = Vec::new();
    if app.practising() {
        lines.push(Line::from(vec![
            Span::styled("Time ", t.heading()),
            Span::raw(format!(
                "{} of {}",
                clock(card.seconds_used.max(app.total_seconds())),
                clock(crate::practice::total_budget_seconds(app.problem.as_ref()))
            )),
            Span::styled(format!("   hints {}", card.hints_used), t.dim()),
        ]));
        for phase in crate::model::Phase::ALL {
            let (used, budget) = (app.phase_seconds(phase), app.budget(phase));
            let style = if used > budget { t.warn() } else { t.dim() };
            lines.push(Line::from(Span::styled(
                format!("  {:<18} {} / {}", phase.title(), clock(used), clock(budget)),
                style,
            )));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        format!("Components: yours {}, reference {}", card.your_components, card.reference_components),
        t.heading(),
    )));
    if !card.missing_kinds.is_empty() {
        lines.push(Line::from(format!("  reference also has: {}", card.missing_kinds.join(", "))));
    }
    if !card.extra_kinds.is_empty() {
        lines.push(Line::from(format!("  only yours has: {}", card.extra_kinds.join(", "))));
    }
    if !card.figures.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Key figures: yours → reference", t.heading())));
        for f in &card.figures {
            lines.push(Line::from(vec![
                Span::raw(format!("  {}: ", f.name)),
                Span::styled(f.yours.clone().unwrap_or_else(|| "—".into()), t.text()),
                Span::styled(" → ", t.dim()),
                Span::styled(f.reference.clone().unwrap_or_else(|| "—".into()), t.value()),
            ]));
            if let Some(grade) = &f.grade {
                lines.push(Line::from(Span::styled(format!("    {grade}"), t.dim())));
            }
        }
    }
    if app.practising() {
        lines.push(Line::default());
        let finished = app.design.practice.as_ref().and_then(|p| p.finished_score);
        lines.push(Line::from(Span::styled(
            match finished {
                Some(score) => format!("Finished with {score} / 100."),
                None => "Space marks a rubric item; f finishes and records the attempt.".to_string(),
            },
            t.dim(),
        )));
    }
    ("Against the reference".to_string(), lines)
}
