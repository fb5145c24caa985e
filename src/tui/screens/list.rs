//! The editable lists every phase is made of: sections stacked vertically, one row per record,
//! columns sized by weight, the cell under the cursor highlighted, and the cell being edited
//! drawn as a text field with a cursor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use crate::tui::app::{App, EditState};
use crate::tui::sections::{ColumnKind, SectionId};
use crate::tui::ui::pane;
use crate::tui::widgets::clip::fit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLine {
    Header(usize),
    /// Column titles, for sections with more than one column.
    Columns(usize),
    Row(usize, usize),
    Empty(usize),
    Gap,
}

/// Every line of the phase's lists, top to bottom.
pub fn lines(app: &App) -> Vec<ListLine> {
    let mut out = Vec::new();
    for (s, section) in app.sections().iter().enumerate() {
        if s > 0 {
            out.push(ListLine::Gap);
        }
        out.push(ListLine::Header(s));
        if section.columns().len() > 1 {
            out.push(ListLine::Columns(s));
        }
        let len = section.len(&app.view());
        if len == 0 {
            out.push(ListLine::Empty(s));
        }
        out.extend((0..len).map(|r| ListLine::Row(s, r)));
    }
    out
}

fn cursor_line(app: &App, lines: &[ListLine]) -> usize {
    let c = app.cursor();
    lines.iter().position(|l| *l == ListLine::Row(c.section, c.row) || *l == ListLine::Empty(c.section)).unwrap_or(0)
}

/// First visible line, keeping the cursor and, when possible, its section header in view.
fn offset(app: &App, lines: &[ListLine], height: usize) -> usize {
    let at = cursor_line(app, lines);
    if height == 0 || at < height.saturating_sub(1) {
        return 0;
    }
    (at + 2).saturating_sub(height).min(lines.len().saturating_sub(height))
}

fn inner(area: Rect) -> Rect {
    Rect { x: area.x + 1, y: area.y + 1, width: area.width.saturating_sub(2), height: area.height.saturating_sub(2) }
}

const LABEL_WIDTH: u16 = 4;

/// Column x positions and widths for `section` in a list `width` wide.
fn column_layout(section: SectionId, width: u16) -> Vec<(u16, u16)> {
    let columns = section.columns();
    let available = width.saturating_sub(LABEL_WIDTH + columns.len() as u16);
    let total: u16 = columns.iter().map(|c| c.weight).sum();
    let mut x = LABEL_WIDTH;
    let mut out = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let w = if i + 1 == columns.len() {
            available.saturating_sub(x - LABEL_WIDTH - i as u16)
        } else {
            available * c.weight / total.max(1)
        };
        out.push((x, w));
        x += w + 1;
    }
    out
}

fn truncate(text: &str, width: usize) -> String {
    fit(&text.replace('\n', " ⏎ "), width)
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let title = app.phase.title();
    frame.render_widget(pane(app, title, true), area);
    let body = inner(area);
    let all = lines(app);
    let skip = offset(app, &all, body.height as usize);
    let c = app.cursor();
    let view = app.view();
    let mut items = Vec::new();
    for line in all.iter().skip(skip).take(body.height as usize) {
        let item = match *line {
            ListLine::Gap => Line::default(),
            ListLine::Header(s) => {
                let section = app.sections()[s];
                let mut spans = vec![Span::styled(section.title().to_string(), t.heading())];
                spans.push(Span::styled(format!(" ({})", section.len(&app.view())), t.dim()));
                if let Some(hint) = section.hint() {
                    spans.push(Span::styled(format!("  {hint}"), t.dim()));
                }
                Line::from(spans)
            }
            ListLine::Columns(s) => {
                let section = app.sections()[s];
                let mut header = " ".repeat(LABEL_WIDTH as usize);
                for ((x, w), col) in column_layout(section, body.width).iter().zip(section.columns()) {
                    let pad = (*x as usize).saturating_sub(header.chars().count());
                    header.push_str(&" ".repeat(pad));
                    header.push_str(&truncate(col.title, *w as usize));
                }
                Line::from(Span::styled(header, t.dim()))
            }
            ListLine::Empty(s) => {
                let style = if s == c.section { t.selected() } else { t.dim() };
                Line::from(Span::styled("    (empty: a adds one)", style))
            }
            ListLine::Row(s, r) => {
                let section = app.sections()[s];
                let selected = s == c.section && r == c.row;
                let label = section.row_label(r).unwrap_or_default();
                let mut spans =
                    vec![Span::styled(format!("{label:<4}"), if selected { t.selected() } else { t.dim() })];
                for (col, (x, w)) in column_layout(section, body.width).into_iter().enumerate() {
                    // Wide characters (CJK, emoji) can make a cell wider than its column.
                    let pad = (x as usize).saturating_sub(spans.iter().map(Span::width).sum::<usize>());
                    spans.push(Span::styled(" ".repeat(pad), if selected { t.selected() } else { t.text() }));
                    let text = section.get(&view, r, col);
                    let column = section.columns()[col];
                    let editing_here =
                        app.edit.as_ref().is_some_and(|e| e.section == section && e.row == r && e.col == col);
                    let style = if editing_here {
                        t.editing()
                    } else if selected && col == c.col {
                        t.selected_cell()
                    } else if column.kind == ColumnKind::Computed {
                        if text.starts_with('⚠') { t.error() } else { t.value() }
                    } else if selected {
                        t.selected()
                    } else {
                        t.text()
                    };
                    let shown = match (&app.edit, editing_here) {
                        (Some(edit), true) => match &edit.state {
                            EditState::Text(input) => {
                                let (visible, cursor) = input.window(w as usize);
                                let list_y = all.iter().skip(skip).position(|l| *l == ListLine::Row(s, r)).unwrap_or(0);
                                frame.set_cursor_position(Position::new(
                                    body.x + x + cursor as u16,
                                    body.y + list_y as u16,
                                ));
                                format!("{visible:<width$}", width = w as usize)
                            }
                            EditState::Choice { options, selected } => {
                                truncate(&format!("▾ {}", options[*selected].0), w as usize)
                            }
                        },
                        _ => truncate(&text, w as usize),
                    };
                    spans.push(Span::styled(shown, style));
                }
                Line::from(spans)
            }
        };
        items.push(ListItem::new(item));
    }
    frame.render_stateful_widget(List::new(items), body, &mut ListState::default());
}

/// The options popup when a choice cell is being edited.
pub fn render_choice_popup(frame: &mut Frame, app: &App, area: Rect) {
    let Some(edit) = &app.edit else { return };
    let EditState::Choice { options, selected } = &edit.state else { return };
    let t = app.theme;
    let body = inner(area);
    let all = lines(app);
    let skip = offset(app, &all, body.height as usize);
    let row_y =
        all.iter().skip(skip).position(|l| *l == ListLine::Row(app.cursor().section, edit.row)).unwrap_or(0) as u16;
    let (x, _) = column_layout(edit.section, body.width)[edit.col];
    let width =
        options.iter().map(|(v, d)| v.chars().count() + d.chars().count() + 4).max().unwrap_or(10).min(60) as u16;
    let height = (options.len() as u16 + 2).min(area.height.saturating_sub(2)).max(3);
    let y = if body.y + row_y + 1 + height <= area.bottom() {
        body.y + row_y + 1
    } else {
        area.bottom().saturating_sub(height)
    };
    let rect =
        Rect { x: (body.x + x).min(area.right().saturating_sub(width)), y, width: width.min(area.width), height };
    frame.render_widget(Clear, rect);
    let items: Vec<ListItem> = options
        .iter()
        .map(|(value, description)| {
            let value = if value.is_empty() { "—" } else { value };
            ListItem::new(Line::from(vec![Span::raw(format!(" {value} ")), Span::styled(description.clone(), t.dim())]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(*selected));
    let list =
        List::new(items).block(pane(app, edit.section.columns()[edit.col].title, true)).highlight_style(t.selected());
    frame.render_stateful_widget(list, rect, &mut state);
}

/// The (section, row) under a click, if any.
pub fn hit(app: &App, area: Rect, column: u16, row: u16) -> Option<(usize, usize)> {
    let body = inner(area);
    if !body.contains(Position::new(column, row)) {
        return None;
    }
    let all = lines(app);
    let skip = offset(app, &all, body.height as usize);
    match all.get(skip + (row - body.y) as usize)? {
        ListLine::Row(s, r) => Some((*s, *r)),
        ListLine::Empty(s) | ListLine::Header(s) | ListLine::Columns(s) => Some((*s, 0)),
        ListLine::Gap => None,
    }
}

/// The column of `section` under x position `column`.
pub fn column_at(app: &App, area: Rect, section: usize, column: u16) -> Option<usize> {
    let body = inner(area);
    let section = *app.sections().get(section)?;
    let x = column.checked_sub(body.x)?;
    column_layout(section, body.width).iter().position(|(start, w)| x >= *start && x < start + w + 1)
}

/// Show a long text wrapped, for panes beside the lists.
pub fn wrapped(text: &str) -> Paragraph<'_> {
    Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false })
}
