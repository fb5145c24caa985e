//! The editable lists every phase is made of: sections stacked vertically, one row per record,
//! columns sized by weight, the cell under the cursor highlighted, and the cell being edited
//! drawn as a text field with a cursor. The update of every list comes first: moving, adding,
//! editing a cell, deleting, reordering.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use crate::tui::action::Action;
use crate::tui::app::{App, Cursor, Edit, EditState, Effect, HISTORY_LIMIT};
use crate::tui::layout::inner;
use crate::tui::sections::{ColumnKind, SectionId};
use crate::tui::ui::pane;
use crate::tui::widgets::clip::{fit, width};
use crate::tui::widgets::text_input::TextInput;

impl App {
    pub(in crate::tui) fn section_len(&self, index: usize) -> usize {
        self.sections().get(index).map_or(0, |s| s.len(&self.view()))
    }

    pub(in crate::tui) fn clamp_cursor(&mut self) {
        let sections = self.sections().len();
        let mut c = self.cursor();
        if sections == 0 {
            *self.cursor_mut() = Cursor::default();
            return;
        }
        c.section = c.section.min(sections - 1);
        c.row = c.row.min(self.section_len(c.section).saturating_sub(1));
        let columns = self.sections()[c.section].columns().len();
        c.col = c.col.min(columns - 1);
        *self.cursor_mut() = c;
    }

    pub(in crate::tui) fn move_down(&mut self) {
        let mut c = self.cursor();
        if c.row + 1 < self.section_len(c.section) {
            c.row += 1;
        } else if c.section + 1 < self.sections().len() {
            c.section += 1;
            c.row = 0;
        }
        *self.cursor_mut() = c;
        self.clamp_cursor();
    }

    pub(in crate::tui) fn move_up(&mut self) {
        let mut c = self.cursor();
        if c.row > 0 {
            c.row -= 1;
        } else if c.section > 0 {
            c.section -= 1;
            c.row = self.section_len(c.section).saturating_sub(1);
        }
        *self.cursor_mut() = c;
        self.clamp_cursor();
    }

    /// Remember the design before a change, for undo.
    pub(in crate::tui) fn checkpoint(&mut self) {
        self.history.push(self.design.clone());
        if self.history.len() > HISTORY_LIMIT {
            self.history.remove(0);
        }
        self.future.clear();
    }

    /// After any change to the design.
    pub(in crate::tui) fn changed(&mut self) {
        self.dirty = true;
        self.refresh();
        self.clamp_cursor();
        self.autosave();
    }

    pub(in crate::tui) fn update_list(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Down => self.move_down(),
            Action::Up => self.move_up(),
            Action::Top => {
                *self.cursor_mut() = Cursor { section: 0, row: 0, col: self.cursor().col };
                self.clamp_cursor();
            }
            Action::Bottom => {
                let last = self.sections().len().saturating_sub(1);
                *self.cursor_mut() =
                    Cursor { section: last, row: self.section_len(last).saturating_sub(1), col: self.cursor().col };
                self.clamp_cursor();
            }
            Action::Left => self.cursor_mut().col = self.cursor().col.saturating_sub(1),
            Action::Right => {
                self.cursor_mut().col += 1;
                self.clamp_cursor();
            }
            Action::Add => self.add(),
            Action::Edit => self.begin_edit(false),
            Action::OpenEditor => {
                self.begin_edit(false);
                return self.update_edit(Action::OpenEditor);
            }
            Action::Delete => {
                let c = self.cursor();
                if let Some(section) = self.current_section().filter(|s| *s != SectionId::KeyFigures)
                    && c.row < section.len(&self.view())
                {
                    self.checkpoint();
                    section.remove(&mut self.design, c.row);
                    self.changed();
                    self.say(format!(
                        "deleted a row of {} (u to undo)",
                        section.title().split(" (").next().unwrap_or_default()
                    ));
                }
            }
            Action::MoveUp | Action::MoveDown => {
                let c = self.cursor();
                if let Some(section) = self.current_section() {
                    let target = if action == Action::MoveUp { c.row.checked_sub(1) } else { Some(c.row + 1) };
                    if let Some(t) = target.filter(|t| *t < section.len(&self.view())) {
                        self.checkpoint();
                        section.swap(&mut self.design, c.row, t);
                        self.cursor_mut().row = t;
                        self.changed();
                    }
                }
            }
            Action::Paste(text) => {
                // Pasting onto a row starts editing it with the pasted text.
                self.begin_edit(false);
                if self.edit.is_some() {
                    return self.update_edit(Action::Paste(text));
                }
            }
            _ => {}
        }
        None
    }

    pub(in crate::tui) fn add(&mut self) {
        let Some(section) = self.current_section() else { return };
        let c = self.cursor();
        match section {
            SectionId::KeyFigures => self.say("the key figures come from the problem: Enter to guess one"),
            // A flow's steps go along links: with none there is nothing a flow could say.
            SectionId::Flows if self.design.links.is_empty() => {
                self.complain("a flow's steps follow the design's links: add components and links first")
            }
            // The statement is one field (Enter edits it): `a` adds to the top of the list below.
            SectionId::Statement => self.add_at(c.section + 1, 0),
            _ => self.add_at(c.section, if section.len(&self.view()) == 0 { 0 } else { c.row + 1 }),
        }
    }

    /// Insert a record at row `at` of the phase's list `index` and start editing it.
    fn add_at(&mut self, index: usize, at: usize) {
        let Some(section) = self.sections().get(index).copied() else { return };
        let c = self.cursor();
        let before = self.design.clone();
        section.insert(&mut self.design, at);
        *self.cursor_mut() = Cursor { section: index, row: at, col: 0 };
        self.refresh();
        self.begin_edit(true);
        match &mut self.edit {
            Some(edit) => {
                edit.before = before;
                self.say("a new row: Tab keeps a field and moves to the next, Enter keeps the row, Esc drops it");
            }
            None => {
                // Nothing to edit it with (a link before any component): no half-made row.
                self.design = before;
                *self.cursor_mut() = c;
                self.clamp_cursor();
                self.refresh();
            }
        }
    }

    /// Start editing the cell under the cursor.
    pub(in crate::tui) fn begin_edit(&mut self, adding: bool) {
        let Some(section) = self.current_section() else { return };
        let c = self.cursor();
        if c.row >= section.len(&self.view()) {
            self.say("this list is empty: a adds a row");
            return;
        }
        let Some(column) = section.columns().get(c.col) else { return };
        let state = match column.kind {
            ColumnKind::Computed => {
                self.say("this column is computed from the expression");
                return;
            }
            ColumnKind::Text => {
                let text = section.edit_text(&self.view(), c.row, c.col);
                // A new record's generated default (component1) is selected: typing replaces it.
                EditState::Text(if adding { TextInput::selected(&text) } else { TextInput::new(&text) })
            }
            ColumnKind::Choice => {
                let options = section.choices(&self.view(), c.col);
                if options.is_empty() {
                    self.complain("nothing to choose from yet (add components first)");
                    return;
                }
                let current = section.edit_text(&self.view(), c.row, c.col);
                let selected = options.iter().position(|(value, _)| *value == current).unwrap_or(0);
                EditState::Choice { options, selected }
            }
        };
        let before = self.design.clone();
        self.edit = Some(Edit { section, row: c.row, col: c.col, state, adding, before, typed: String::new() });
        self.status = None;
    }

    pub(in crate::tui) fn update_edit(&mut self, action: Action) -> Option<Effect> {
        let edit = self.edit.as_mut()?;
        match action {
            Action::Type(key) => {
                match &mut edit.state {
                    EditState::Text(input) => {
                        input.handle(key);
                    }
                    EditState::Choice { options, selected } => type_ahead(options, selected, &mut edit.typed, key),
                }
                self.refresh();
            }
            Action::Top | Action::Bottom | Action::PageUp | Action::PageDown => {
                if let EditState::Choice { options, selected } = &mut edit.state {
                    let last = options.len().saturating_sub(1);
                    *selected = match action {
                        Action::Top => 0,
                        Action::Bottom => last,
                        Action::PageUp => selected.saturating_sub(10),
                        _ => (*selected + 10).min(last),
                    };
                    edit.typed.clear();
                }
            }
            Action::Paste(text) => {
                if let EditState::Text(input) = &mut edit.state {
                    input.insert(&text.replace("\r\n", "\n").replace('\r', "\n"));
                }
                self.refresh();
            }
            Action::Replace(text) => {
                if let EditState::Text(input) = &mut edit.state {
                    input.set(&text);
                }
                self.refresh();
            }
            Action::Down | Action::Up => {
                if let EditState::Choice { options, selected } = &mut edit.state {
                    *selected = if action == Action::Down {
                        (*selected + 1).min(options.len() - 1)
                    } else {
                        selected.saturating_sub(1)
                    };
                }
            }
            Action::OpenEditor => {
                if let EditState::Text(input) = &edit.state {
                    return Some(Effect::EditExternally(input.text().to_string()));
                }
            }
            Action::Cancel => {
                let edit = self.edit.take().expect("editing");
                if edit.adding && edit.section.is_blank(&self.view(), edit.row) {
                    self.design = edit.before;
                    self.clamp_cursor();
                } else if edit.before != self.design {
                    // Fields already kept (of a record being added) stay, as one undo step.
                    self.edit = Some(edit);
                    self.finish_edit();
                }
                self.refresh();
                self.status = None;
            }
            Action::Commit | Action::NextField | Action::PrevField | Action::Save => {
                if !self.commit_edit() {
                    return None;
                }
                let edit = self.edit.clone().expect("editing");
                let columns = edit.section.columns();
                let editable = |i: usize| columns[i].kind != ColumnKind::Computed;
                let next = match action {
                    Action::NextField => (edit.col + 1..columns.len()).find(|i| editable(*i)),
                    Action::PrevField => (0..edit.col).rev().find(|i| editable(*i)),
                    _ => None,
                };
                match next {
                    Some(col) => {
                        self.cursor_mut().col = col;
                        let (adding, before) = (edit.adding, edit.before.clone());
                        self.edit = None;
                        self.begin_edit(adding);
                        if let Some(e) = &mut self.edit {
                            e.before = before;
                        }
                    }
                    None => self.finish_edit(),
                }
                if action == Action::Save {
                    self.finish_edit();
                    self.save(false);
                }
            }
            _ => {}
        }
        None
    }

    /// Write the edited text into the design; false (and a message) when it is invalid.
    pub(in crate::tui) fn commit_edit(&mut self) -> bool {
        let Some(edit) = &self.edit else { return true };
        let text = match &edit.state {
            EditState::Text(input) => input.text().to_string(),
            EditState::Choice { options, selected } => options[*selected].0.clone(),
        };
        let mut design = self.design.clone();
        if edit.section == SectionId::KeyFigures {
            // A guess is practice state, graded at once.
            let row = edit.row;
            let name = self.key_figures[row].name.clone();
            design.practice.get_or_insert_default().set_guess(&name, &text);
            self.design = design;
            self.dirty = true;
            self.refresh();
            if let Some(grade) = &self.key_figures[row].grade {
                let actual = self.key_figures[row].actual.as_ref().map(|q| q.display.clone()).unwrap_or_default();
                self.say(format!("{name}: the engine says {actual}; your guess is {}", grade.label()));
            }
            return true;
        }
        let rate_of_link = edit.section == SectionId::Links && edit.col == 4 && !text.is_empty();
        let flow_row = (edit.section == SectionId::Flows).then_some(edit.row);
        match edit.section.set(&mut design, edit.row, edit.col, &text) {
            Ok(()) => {
                if design != self.design {
                    self.design = design;
                    self.dirty = true;
                }
                self.refresh();
                self.autosave();
                if rate_of_link {
                    let value = self.evaluation.row(&text).and_then(|r| r.outcome.as_ref().ok());
                    if !crate::tui::sections::is_rate(value) {
                        let shown = value.map(|q| q.display.clone()).unwrap_or_else(|| "not computed".into());
                        self.complain(format!(
                            "`{text}` is {shown}, not a rate: a link carries something per second (kept anyway)"
                        ));
                    }
                }
                // The status column is narrow: say the whole of it once.
                if let Some(row) = flow_row.filter(|&row| row < self.design.flows.len()) {
                    let status = SectionId::Flows.get(&self.view(), row, 4);
                    self.say(format!("flow `{}`: {status}", self.design.flows[row].name));
                }
                true
            }
            Err(message) => {
                self.complain(message);
                false
            }
        }
    }

    /// Close the edit, recording one undo step for all it changed.
    pub(in crate::tui) fn finish_edit(&mut self) {
        if let Some(edit) = self.edit.take()
            && edit.before != self.design
        {
            self.history.push(edit.before);
            if self.history.len() > HISTORY_LIMIT {
                self.history.remove(0);
            }
            self.future.clear();
            self.changed();
        }
    }

    /// A click on a list row selects it (and the column under the pointer).
    pub(in crate::tui) fn click_list(&mut self, column: u16, row: u16) {
        let Some(list) = self.layout.pane(crate::tui::layout::Pane::List) else { return };
        if let Some((section, item)) = hit(self, list, column, row) {
            let col = column_at(self, list, section, column).unwrap_or(self.cursor().col);
            *self.cursor_mut() = Cursor { section, row: item, col };
            self.clamp_cursor();
        }
    }
}

/// Type-ahead in a value picker: each key extends what was typed, and the selection jumps to
/// the first option whose value (or description) starts with it; a key that matches nothing
/// starts afresh from itself. Backspace takes the last key back.
fn type_ahead(
    options: &[(String, String)],
    selected: &mut usize,
    typed: &mut String,
    key: ratatui::crossterm::event::KeyEvent,
) {
    use ratatui::crossterm::event::KeyCode;
    match key.code {
        KeyCode::Char(c) => typed.push(c),
        KeyCode::Backspace => {
            typed.pop();
        }
        _ => return,
    }
    let find = |prefix: &str| {
        let prefix = prefix.to_lowercase();
        options
            .iter()
            .position(|(v, _)| v.to_lowercase().starts_with(&prefix))
            .or_else(|| options.iter().position(|(_, d)| d.to_lowercase().starts_with(&prefix)))
    };
    if typed.is_empty() {
        return;
    }
    match find(typed) {
        Some(i) => *selected = i,
        None => {
            let last = typed.pop().map(String::from).unwrap_or_default();
            *typed = last;
            if let Some(i) = find(typed) {
                *selected = i;
            } else {
                typed.clear();
            }
        }
    }
}

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
                    let pad = (*x as usize).saturating_sub(width(&header));
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
                    let mut style = if editing_here {
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
                                if input.is_selected() {
                                    style = t.selected_cell();
                                }
                                let list_y = all.iter().skip(skip).position(|l| *l == ListLine::Row(s, r)).unwrap_or(0);
                                frame.set_cursor_position(Position::new(
                                    body.x + x + cursor as u16,
                                    body.y + list_y as u16,
                                ));
                                fit(&visible, w as usize)
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
    let width = options.iter().map(|(v, d)| width(v) + width(d) + 4).max().unwrap_or(10).min(60) as u16;
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
