//! The problem picker: the library with a filter, a preview of the selected brief, and recent
//! design files to reopen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use crate::tui::app::{App, PickerPane};
use crate::tui::ui::pane;
use crate::tui::widgets::clip::fit;

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let [top, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![Span::styled(" sdw ", t.title()), Span::raw("· the system design workbench")]),
            Line::from(Span::styled(" Pick a problem to practise or study, or reopen a recent design.", t.dim())),
        ]),
        top,
    );
    let wide = rest.width >= 100;
    let (left, preview) = if wide {
        let [l, r] = Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)]).areas(rest);
        (l, Some(r))
    } else {
        (rest, None)
    };
    let recent_height = if app.picker.recent.is_empty() { 0 } else { (app.picker.recent.len() as u16 + 2).min(7) };
    let [filter_area, list_area, recent_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(recent_height)]).areas(left);

    // The filter line.
    let filter = &app.picker.filter;
    let filter_line = if app.picker.filtering || !filter.text().is_empty() {
        let (visible, cursor) = filter.window(filter_area.width.saturating_sub(10) as usize);
        if app.picker.filtering {
            frame.set_cursor_position(Position::new(filter_area.x + 9 + cursor as u16, filter_area.y));
        }
        Line::from(vec![Span::styled(" filter: ", t.key()), Span::raw(visible)])
    } else {
        Line::from(Span::styled(" / to filter by title, tag or difficulty", t.dim()))
    };
    frame.render_widget(Paragraph::new(filter_line), filter_area);

    let problems = app.filtered_problems();
    // One title column for the whole library, so it does not shift while filtering; long
    // titles are cut rather than pushing the difficulty out of line.
    let longest = app.library.entries().iter().map(|e| e.problem.title.chars().count()).max().unwrap_or(0);
    let title_width = longest.min(36).min((list_area.width as usize).saturating_sub(20)).max(8);
    let items: Vec<ListItem> = problems
        .iter()
        .map(|p| {
            let difficulty_style = match p.difficulty.key() {
                "easy" => t.ok(),
                "medium" => t.warn(),
                _ => t.error(),
            };
            ListItem::new(Line::from(vec![
                Span::raw(format!(" {} ", fit(&p.title, title_width))),
                Span::styled(format!("{:<7}", p.difficulty.key()), difficulty_style),
                Span::styled(p.tags.join(", "), t.dim()),
            ]))
        })
        .collect();
    let focused = app.picker.pane == PickerPane::Problems;
    let title = format!("Problems ({} of {})", problems.len(), app.library.entries().len());
    let mut state = ListState::default().with_selected((!problems.is_empty()).then_some(app.picker.selected));
    let list = List::new(items).block(pane(app, &title, focused)).highlight_style(if focused {
        t.selected()
    } else {
        t.text()
    });
    frame.render_stateful_widget(list, list_area, &mut state);

    if recent_height > 0 {
        let items: Vec<ListItem> =
            app.picker.recent.iter().map(|p| ListItem::new(format!(" {}", p.display()))).collect();
        let focused = app.picker.pane == PickerPane::Recent;
        let mut state = ListState::default().with_selected(focused.then_some(app.picker.recent_selected));
        let list = List::new(items).block(pane(app, "Recent designs (Tab)", focused)).highlight_style(t.selected());
        frame.render_stateful_widget(list, recent_area, &mut state);
    }

    if let Some(preview) = preview {
        let mut lines = Vec::new();
        if let Some(p) = problems.get(app.picker.selected) {
            lines.extend(super::detail::problem_heading(app, p));
            lines.push(Line::from(Span::styled(
                format!(
                    "{} clarifying questions · {} hints · {} rubric items · reference: {} components, {} deep dives",
                    p.clarifying_questions.len(),
                    p.hints.len(),
                    p.rubric.len(),
                    p.reference.components.len(),
                    p.reference.deep_dives.len()
                ),
                t.dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(pane(app, "Brief", false)), preview);
    }
}
