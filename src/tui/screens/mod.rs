//! One module per screen, each with its update (an `impl App` block) beside its drawing.
//! `render_pane` draws one pane of the frame's layout; `content_height` tells the scrolling
//! code how long a pane's text is, from the same lines the pane draws.

pub mod analysis;
pub mod detail;
pub mod estimates;
pub mod high_level;
pub mod list;
pub mod overlays;
pub mod picker;
pub mod review;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};

use super::app::App;
use super::layout::{Pane, inner};

pub fn render_pane(frame: &mut Frame, app: &App, pane: Pane, rect: Rect) {
    match pane {
        Pane::List => {
            list::render(frame, app, rect);
            list::render_choice_popup(frame, app, rect);
        }
        Pane::Brief => detail::render_brief(frame, app, rect),
        Pane::Details => detail::render(frame, app, rect),
        Pane::Derivation => estimates::render_trace(frame, app, rect),
        Pane::Growth => estimates::render_chart(frame, app, rect),
        Pane::Diagram => high_level::render(frame, app, rect),
        Pane::Analysis => analysis::render(frame, app, rect),
        Pane::Review => review::render(frame, app, rect),
        Pane::Comparison => review::render_comparison(frame, app, rect),
        Pane::PickerFilter => picker::render_filter(frame, app, rect),
        Pane::PickerList => picker::render_list(frame, app, rect),
        Pane::PickerRecent => picker::render_recent(frame, app, rect),
        Pane::PickerPreview => picker::render_preview(frame, app, rect),
        Pane::Overlay => overlays::render_scrolled(frame, app, rect),
    }
}

/// The lines a scrolling pane shows, and its title; None for panes drawn otherwise.
pub fn pane_text(app: &App, pane: Pane) -> Option<(String, Vec<Line<'static>>)> {
    match pane {
        Pane::Brief => Some(("Brief".into(), detail::brief_lines(app))),
        Pane::Details => Some(detail::detail_lines(app)),
        Pane::Derivation => Some(estimates::trace_lines(app)),
        Pane::Comparison => app.scorecard.as_ref().map(|card| review::comparison_lines(app, card)),
        Pane::PickerPreview => Some(("Brief".into(), picker::preview_lines(app))),
        Pane::Overlay => overlays::scrolled_text(app),
        Pane::Diagram => Some(high_level::diagram_text(app)),
        Pane::Analysis => Some(("Analysis at peak".into(), analysis::analysis_lines(app, usize::MAX))),
        _ => None,
    }
}

/// How many lines the pane's text takes at the pane's width, wrapped as it is drawn.
pub fn content_height(app: &App, pane: Pane, rect: Rect) -> usize {
    if pane == Pane::Diagram && !app.show_mermaid {
        return high_level::drawing_height(app, inner(rect));
    }
    match pane_text(app, pane) {
        Some((_, lines)) => wrapped(lines).line_count(inner(rect).width),
        None => 0,
    }
}

fn wrapped(lines: Vec<Line<'static>>) -> Paragraph<'static> {
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// Draw a pane's lines in `block`, scrolled as the user left it (clamped to the text), with a
/// scrollbar on the border when the text is longer than the pane.
pub fn render_scrolled(frame: &mut Frame, app: &App, pane: Pane, rect: Rect, lines: Vec<Line<'static>>, block: Block) {
    let body = inner(rect);
    let paragraph = wrapped(lines);
    let total = paragraph.line_count(body.width);
    let max = total.saturating_sub(body.height as usize);
    let offset = (app.scroll_of(pane) as usize).min(max);
    frame.render_widget(paragraph.block(block).scroll((offset as u16, 0)), rect);
    if max > 0 {
        let mut state = ScrollbarState::new(max).position(offset);
        // Drawn on the border: a thin track, a thick thumb, so it reads as the pane's edge.
        let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_symbol("┃")
            .track_style(app.theme.border())
            .thumb_style(app.theme.border_focus());
        frame.render_stateful_widget(
            bar,
            Rect { y: rect.y + 1, height: rect.height.saturating_sub(2), ..rect },
            &mut state,
        );
    }
}
