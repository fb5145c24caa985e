//! Drawing the workbench: the frame around every screen (header, tabs, footer, status) and the
//! overlays. Reads `App`, never changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::app::{App, Overlay, Screen};
use super::keymap;
use super::screens;
use crate::model::Phase;

pub struct Areas {
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub footer: Rect,
    pub status: Rect,
}

pub fn areas(size: Rect) -> Areas {
    let [header, tabs, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(size);
    Areas { header, tabs, body, footer, status }
}

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
        let w = title.chars().count() as u16;
        if column >= x && column < x + w {
            return Some(i);
        }
        x += w + TAB_GAP;
    }
    None
}

/// The rect the current phase draws its list in (for mouse hit-testing).
pub fn body_list_area(app: &App, body: Rect) -> Rect {
    screens::list_area(app, body)
}

pub fn render(frame: &mut Frame, app: &App) {
    let size = frame.area();
    if size.width < 40 || size.height < 10 {
        let text = format!("Terminal too small ({}×{}): need 40×10", size.width, size.height);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), size);
        return;
    }
    let a = areas(size);
    match app.screen {
        Screen::Picker => {
            screens::picker::render(frame, app, Rect { height: a.body.height + 2, y: a.header.y, ..a.body })
        }
        Screen::Workbench => {
            header(frame, app, a.header);
            tabs(frame, app, a.tabs);
            screens::render_phase(frame, app, a.body);
        }
    }
    status(frame, app, a.status);
    footer(frame, app, a.footer);
    overlay(frame, app, size);
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
    for (keys, help) in keymap::footer(&app.contexts()) {
        let help = help.split(" (").next().unwrap_or(help);
        let w = keys.chars().count() + help.chars().count() + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, t.key()));
        spans.push(Span::styled(format!(" {help}  "), t.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Break `text` into lines of at most `width` characters, at spaces.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
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

/// A rect of `width`×`height` centred in `area`, clipped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

fn dialog(frame: &mut Frame, app: &App, area: Rect, title: &str, lines: Vec<Line>) {
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(20).max(title.len() + 4) as u16 + 4;
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block =
        Block::default().borders(Borders::ALL).border_style(app.theme.border_focus()).title(format!(" {title} "));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}

fn path_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn key_line(app: &App, pairs: &[(&str, &str)]) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in pairs {
        spans.push(Span::styled(k.to_string(), app.theme.key()));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    Line::from(spans)
}

fn overlay(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    match &app.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => help(frame, app, area, *scroll),
        Some(Overlay::ConfirmQuit) => dialog(
            frame,
            app,
            area,
            "Quit without saving?",
            vec![
                Line::from(" There are unsaved changes. They stay in the recovery file"),
                Line::from(" and are offered back the next time you open this design."),
                Line::default(),
                key_line(app, &[("y", "quit"), ("n", "stay")]),
            ],
        ),
        Some(Overlay::Restore(recovered)) => dialog(
            frame,
            app,
            area,
            "Unsaved work found",
            vec![
                Line::from(" An earlier session left unsaved changes to this design"),
                Line::from(" (it was closed without saving, or it crashed):"),
                Line::from(format!(
                    " {}, last written {} UTC.",
                    path_name(&recovered.path),
                    crate::practice::utc_of(recovered.modified)
                )),
                Line::default(),
                key_line(app, &[("y", "restore them"), ("n", "discard them…"), ("Esc", "keep them for later")]),
            ],
        ),
        Some(Overlay::ConfirmDiscard(recovered)) => {
            let mut lines = vec![
                Line::from(format!(" This deletes {} for good. It differs from", path_name(&recovered.path))),
                Line::from(" the design as it is now in:"),
            ];
            let differences = recovered.differences(&app.design);
            let shown = differences.len().min(8);
            lines.extend(differences[..shown].iter().map(|d| Line::from(format!("   · {d}"))));
            if differences.len() > shown {
                lines.push(Line::from(format!("   and {} more", differences.len() - shown)));
            }
            lines.push(Line::default());
            lines.push(key_line(app, &[("y", "discard it"), ("n", "go back")]));
            dialog(frame, app, area, "Discard the unsaved work?", lines);
        }
        Some(Overlay::ConfirmExport(pending)) => {
            let mut lines: Vec<Line> =
                wrap_words(&pending.found, 60).into_iter().map(|l| Line::from(format!(" {l}"))).collect();
            lines.push(Line::default());
            lines.push(key_line(app, &[("y", "replace it"), ("n", "don't export")]));
            dialog(frame, app, area, "Replace the file?", lines);
        }
        Some(Overlay::ConfirmOverwrite) => dialog(
            frame,
            app,
            area,
            "The file changed on disk",
            vec![
                Line::from(" Something else wrote to this file since it was opened"),
                Line::from(" (another editor, a git pull). Saving replaces that version."),
                Line::default(),
                key_line(app, &[("y", "overwrite it"), ("n", "don't save")]),
            ],
        ),
        Some(Overlay::Ask { selected }) => {
            let questions = app.problem.as_ref().map(|p| p.clarifying_questions.clone()).unwrap_or_default();
            let mut lines = Vec::new();
            for (i, n) in app.unasked().iter().enumerate() {
                let text = questions.get(n - 1).map(|q| q.question.clone()).unwrap_or_default();
                let style = if i == *selected { t.selected() } else { t.text() };
                lines.push(Line::from(Span::styled(format!(" {n}. {text}"), style)));
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                " Enter asks · Esc cancels · the answer is logged in your attempt",
                t.dim(),
            )));
            dialog(frame, app, area, "Ask the interviewer", lines);
        }
        Some(Overlay::Curveball(n)) => {
            let prompt = app
                .problem
                .as_ref()
                .and_then(|p| p.curveballs.get(n - 1))
                .map(|c| c.prompt.clone())
                .unwrap_or_default();
            let mut lines: Vec<Line> =
                wrap_words(&prompt, 64).into_iter().map(|l| Line::from(format!(" {l}"))).collect();
            lines.push(Line::default());
            lines.push(key_line(app, &[("Enter", "answer it in a deep dive"), ("Esc", "later")]));
            dialog(frame, app, area, "The interviewer has a question", lines);
        }
        Some(Overlay::StartDialog) => {
            let problems = app.filtered_problems();
            let title = problems.get(app.picker.selected).map(|p| p.title.clone()).unwrap_or_default();
            dialog(
                frame,
                app,
                area,
                &format!("Start {title}"),
                vec![
                    Line::from(vec![
                        Span::styled(" p ", t.key()),
                        Span::raw("practice: the brief and its assumptions; the rest is yours"),
                    ]),
                    Line::from(vec![Span::styled(" s ", t.key()), Span::raw("study: open the whole reference design")]),
                    Line::from(vec![Span::styled(" Esc ", t.key()), Span::raw("back")]),
                    Line::default(),
                    Line::from(Span::styled(" The design is written to a new file in the current directory.", t.dim())),
                ],
            )
        }
    }
}

fn help(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let t = app.theme;
    let rect = centered(area, 76, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let mut lines = Vec::new();
    for (ctx, bindings) in keymap::help_sections() {
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(ctx.title(), t.heading())));
        for (keys, what) in bindings {
            lines.push(Line::from(vec![Span::styled(format!("  {keys:<16}"), t.key()), Span::raw(what)]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled("Mouse: click a tab to switch phase, a row to select it.", t.dim())));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focus())
        .title(" Keys · Esc to close · j/k to scroll ");
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

/// A bordered block titled `title`, highlighted when `focused`.
pub fn pane(app: &App, title: &str, focused: bool) -> Block<'static> {
    let style: Style = if focused { app.theme.border_focus() } else { app.theme.border() };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), app.theme.heading()))
}
