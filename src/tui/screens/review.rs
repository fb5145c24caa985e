//! The review screen: what the design covers and what it lacks, each item one Enter away
//! from the phase that needs the work.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

use crate::tui::app::App;
use crate::tui::ui::pane;

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let checks = app.checks();
    let passed = checks.iter().filter(|c| c.passed).count();
    let items: Vec<ListItem> = checks
        .iter()
        .map(|c| {
            let (mark, style) = if c.passed { ("✓", t.ok()) } else { ("✗", t.error()) };
            ListItem::new(vec![
                Line::from(vec![
                    Span::styled(format!(" {mark} "), style),
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
