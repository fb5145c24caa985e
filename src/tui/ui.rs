//! Drawing the workbench: the frame around every screen (header, tabs, footer, status) and the
//! overlays. Reads `App`, never changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::app::{App, Screen};
use super::keymap;
use super::layout::{FrameLayout, MIN_HEIGHT, MIN_WIDTH};
use super::screens;
use super::widgets::clip::{width, width as text_width};
use crate::model::Phase;

/// Tab titles, shortened on narrow terminals.
pub fn tab_titles(width: u16) -> Vec<String> {
    Phase::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let title = if width >= 100 {
                p.title()
            } else {
                match p {
                    Phase::Requirements => "Reqs",
                    Phase::ApiData => "API",
                    Phase::HighLevel => "High-level",
                    Phase::DeepDives => "Dives",
                    other => other.title(),
                }
            };
            format!(" {} {title} ", i + 1)
        })
        .collect()
}

const TAB_GAP: u16 = 1;

/// Which tab is under `column`.
pub fn tab_at(tabs: Rect, column: u16) -> Option<usize> {
    let mut x = tabs.x;
    for (i, title) in tab_titles(tabs.width).iter().enumerate() {
        let w = width(title) as u16;
        if column >= x && column < x + w {
            return Some(i);
        }
        x += w + TAB_GAP;
    }
    None
}

pub fn render(frame: &mut Frame, app: &App) {
    let size = frame.area();
    // The layout kept in the app is for this size unless the frame is drawn at another (a
    // test's backend); then it is computed for the frame, the same way.
    let computed;
    let layout = if app.layout.size == size {
        &app.layout
    } else {
        computed = FrameLayout::compute(app, size);
        &computed
    };
    if layout.too_small {
        let text = format!("Terminal too small ({}×{}): need {MIN_WIDTH}×{MIN_HEIGHT}", size.width, size.height);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), size);
        return;
    }
    match app.screen {
        Screen::Workbench => {
            header(frame, app, layout.header);
            tabs(frame, app, layout.tabs);
        }
        Screen::Picker => screens::picker::render_heading(frame, app, Rect { height: 2, ..layout.header }),
    }
    for (pane, rect) in &layout.panes {
        screens::render_pane(frame, app, *pane, *rect);
    }
    status(frame, app, layout.status);
    footer(frame, app, layout.footer);
    if app.overlay.is_some() {
        screens::overlays::render_dialog(frame, app, size);
    }
}

fn header(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let file = app
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "(no file)".into());
    let title = if app.design.title.is_empty() { "Untitled design" } else { &app.design.title };
    let mut left = vec![
        Span::styled(" sdw ", t.title()),
        Span::styled("│ ", t.dim()),
        Span::styled(title.to_string(), t.text()),
        Span::styled(" │ ", t.dim()),
        Span::styled(file, t.dim()),
    ];
    if app.dirty {
        left.push(Span::styled(" ● unsaved", t.warn()));
    }
    let right: Line = if app.practising() {
        let (used, budget) = (app.phase_seconds(app.phase), app.budget(app.phase));
        let total = crate::practice::total_budget_seconds(app.problem.as_ref());
        let over = used > budget;
        let clock = crate::practice::clock;
        let mut spans = vec![
            Span::styled(if app.paused { "⏸ " } else { "⏱ " }, t.accent()),
            Span::styled(format!("{} / {}", clock(app.total_seconds()), clock(total)), t.text()),
            Span::styled("  ·  ", t.dim()),
            Span::styled(
                format!("{} {} / {}", app.phase.title(), clock(used), clock(budget)),
                if over { t.warn() } else { t.dim() },
            ),
        ];
        if over {
            spans.push(Span::styled(" over", t.warn()));
        }
        if app.paused {
            spans.push(Span::styled("  paused", t.warn()));
        }
        spans.push(Span::raw(" "));
        Line::from(spans)
    } else {
        let convention = app.evaluation.convention;
        let text = if area.width >= 110 { convention.describe().to_string() } else { convention.key().to_string() };
        Line::from(Span::styled(format!("{text} "), t.dim()))
    };
    let right_width = right.width() as u16;
    let [l, r] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(right_width.min(area.width / 2))]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(left)), l);
    frame.render_widget(Paragraph::new(right).right_aligned(), r);
}

fn tabs(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let mut spans = Vec::new();
    for (i, title) in tab_titles(area.width).into_iter().enumerate() {
        let style = if Phase::ALL[i] == app.phase { t.tab_active() } else { t.tab() };
        spans.push(Span::styled(title, style));
        spans.push(Span::raw(" ".repeat(TAB_GAP as usize)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn status(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    if let Some(prompt) = &app.search {
        let (visible, cursor) = prompt.input.window(area.width.saturating_sub(3) as usize);
        frame.set_cursor_position(ratatui::layout::Position::new(area.x + 2 + cursor as u16, area.y));
        let line = Line::from(vec![Span::styled(" /", t.key()), Span::raw(visible)]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let line = match &app.status {
        Some(s) => Line::from(Span::styled(format!(" {}", s.text), if s.error { t.error() } else { t.accent() })),
        None => Line::default(),
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn footer(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    // In practice the interviewer's keys come right after the screen's own: at 80 columns
    // they would not fit after the list's.
    let mut contexts = app.contexts();
    if let Some(i) = contexts.iter().position(|c| *c == keymap::Context::Practice) {
        let practice = contexts.remove(i);
        let after_screen = usize::from(contexts.first().is_some_and(|c| *c != keymap::Context::List));
        contexts.insert(after_screen.min(contexts.len()), practice);
    }
    for (keys, help) in keymap::footer(&contexts) {
        let help = help.split(" (").next().unwrap_or(help);
        let w = width(&keys) + width(help) + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, t.key()));
        spans.push(Span::styled(format!(" {help}  "), t.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Break `text` into lines of at most `width` cells, at spaces.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && text_width(&line) + 1 + text_width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A bordered block titled `title`, highlighted when `focused`.
pub fn pane(app: &App, title: &str, focused: bool) -> Block<'static> {
    let style: Style = if focused { app.theme.border_focus() } else { app.theme.border() };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), app.theme.heading()))
}
