//! The problem picker: the library with a filter, a preview of the selected brief, and recent
//! design files to reopen. Its update first, then its panes.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use crate::problem::Problem;
use crate::store;
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay, PickerPane};
use crate::tui::layout::Pane;
use crate::tui::ui::pane;
use crate::tui::widgets::clip::{fit, width};

impl App {
    /// The library entries matching the filter. With no filter, by title (the picker shows
    /// titles, not ids); with one, fuzzily matched over title, id, difficulty and tags as fzf
    /// and helix do (`shortner` finds the URL shortener), best match first.
    pub fn filtered_problems(&self) -> Vec<&Problem> {
        use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
        use nucleo_matcher::{Config, Matcher, Utf32Str};
        let mut problems: Vec<&Problem> = self.library.entries().iter().map(|e| &e.problem).collect();
        problems.sort_by_cached_key(|p| (p.title.to_lowercase(), p.id.clone()));
        let query = self.picker.filter.text();
        if query.trim().is_empty() {
            return problems;
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, &Problem)> = problems
            .into_iter()
            .filter_map(|p| {
                let haystack = format!("{} {} {} {}", p.title, p.id, p.difficulty.key(), p.tags.join(" "));
                pattern.score(Utf32Str::new(&haystack, &mut buf), &mut matcher).map(|score| (score, p))
            })
            .collect();
        // Stable: equal scores stay in title order.
        scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        scored.into_iter().map(|(_, p)| p).collect()
    }

    pub(in crate::tui) fn update_picker(&mut self, action: Action) {
        let count = self.filtered_problems().len();
        let picker = &mut self.picker;
        match action {
            Action::Quit if !picker.filtering => self.should_quit = true,
            Action::Help => self.open_scrolled(Overlay::Help),
            Action::Filter => {
                picker.filtering = true;
                picker.pane = PickerPane::Problems;
            }
            Action::Type(key) => {
                picker.filter.handle(key);
                picker.selected = 0;
            }
            Action::Paste(text) => {
                picker.filter.insert(&text.replace(['\n', '\r'], " "));
                picker.selected = 0;
            }
            Action::Commit => picker.filtering = false,
            Action::Cancel => {
                picker.filtering = false;
                picker.filter.set("");
            }
            Action::SwitchPane => {
                picker.pane = match picker.pane {
                    PickerPane::Problems if !picker.recent.is_empty() => PickerPane::Recent,
                    _ => PickerPane::Problems,
                }
            }
            Action::Down => match picker.pane {
                PickerPane::Problems => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
                PickerPane::Recent => {
                    picker.recent_selected = (picker.recent_selected + 1).min(picker.recent.len().saturating_sub(1))
                }
            },
            Action::Top | Action::Bottom => {
                let last = if action == Action::Top { 0 } else { usize::MAX };
                match picker.pane {
                    PickerPane::Problems => picker.selected = last.min(count.saturating_sub(1)),
                    PickerPane::Recent => picker.recent_selected = last.min(picker.recent.len().saturating_sub(1)),
                }
            }
            Action::Up => match picker.pane {
                PickerPane::Problems => picker.selected = picker.selected.saturating_sub(1),
                PickerPane::Recent => picker.recent_selected = picker.recent_selected.saturating_sub(1),
            },
            Action::Start => match picker.pane {
                PickerPane::Problems if count > 0 => self.overlay = Some(Overlay::StartDialog),
                PickerPane::Problems => self.complain("no problem matches the filter"),
                PickerPane::Recent => {
                    if let Some(path) = picker.recent.get(picker.recent_selected).cloned() {
                        match App::open(&path, self.library.clone(), self.theme) {
                            Ok(opened) => {
                                let (size, work_dir) = (self.size, self.work_dir.clone());
                                *self = opened;
                                self.size = size;
                                self.work_dir = work_dir;
                            }
                            Err(e) => self.complain(e.to_string().lines().next().unwrap_or_default().to_string()),
                        }
                    }
                }
            },
            _ => {}
        }
    }

    pub(in crate::tui) fn start_selected(&mut self, study: bool) {
        self.overlay = None;
        let Some(problem) = self.filtered_problems().get(self.picker.selected).map(|p| (*p).clone()) else { return };
        let mut design = if study { problem.reference_design() } else { problem.practice_design() };
        if let Some(calendar) = self.default_calendar {
            design.estimates.convention = calendar;
        }
        let path = store::unused_path(&self.work_dir, &problem.id);
        self.load(design, Some(path.clone()));
        self.sync_clock();
        match store::save_design(&path, &self.design) {
            Ok(()) => {
                self.disk_text = crate::tui::app::disk_text(&path);
                store::remember_recent(&path);
                let mode =
                    if study { "study: the whole reference design" } else { "practice: the brief's assumptions only" };
                self.say(format!("started {} ({mode}) in {}", problem.title, path.display()));
            }
            Err(e) => {
                self.dirty = true;
                self.complain(format!("could not create {}: {e}", path.display()));
            }
        }
    }
}

/// The heading above the picker's panes.
pub fn render_heading(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![Span::styled(" sdw ", t.title()), Span::raw("· the system design workbench")]),
            Line::from(Span::styled(" Pick a problem to practise or study, or reopen a recent design.", t.dim())),
        ]),
        area,
    );
}

pub fn render_filter(frame: &mut Frame, app: &App, filter_area: Rect) {
    let t = app.theme;
    let filter = &app.picker.filter;
    let filter_line = if app.picker.filtering || !filter.text().is_empty() {
        let (visible, cursor) = filter.window(filter_area.width.saturating_sub(10) as usize);
        if app.picker.filtering {
            frame.set_cursor_position(Position::new(filter_area.x + 9 + cursor as u16, filter_area.y));
        }
        Line::from(vec![Span::styled(" filter: ", t.key()), Span::raw(visible)])
    } else {
        Line::from(Span::styled(" / to filter by title, tag or difficulty (typos forgiven)", t.dim()))
    };
    frame.render_widget(Paragraph::new(filter_line), filter_area);
}

pub fn render_list(frame: &mut Frame, app: &App, list_area: Rect) {
    let t = app.theme;
    let problems = app.filtered_problems();
    // One title column for the whole library, so it does not shift while filtering; long
    // titles are cut rather than pushing the difficulty out of line.
    let longest = app.library.entries().iter().map(|e| width(&e.problem.title)).max().unwrap_or(0);
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
}

pub fn render_recent(frame: &mut Frame, app: &App, recent_area: Rect) {
    let t = app.theme;
    let items: Vec<ListItem> = app.picker.recent.iter().map(|p| ListItem::new(format!(" {}", p.display()))).collect();
    let focused = app.picker.pane == PickerPane::Recent;
    let mut state = ListState::default().with_selected(focused.then_some(app.picker.recent_selected));
    let list = List::new(items).block(pane(app, "Recent designs (Tab)", focused)).highlight_style(t.selected());
    frame.render_stateful_widget(list, recent_area, &mut state);
}

pub fn preview_lines(app: &App) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut lines = Vec::new();
    if let Some(p) = app.filtered_problems().get(app.picker.selected) {
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
    lines
}

pub fn render_preview(frame: &mut Frame, app: &App, area: Rect) {
    super::render_scrolled(frame, app, Pane::PickerPreview, area, preview_lines(app), pane(app, "Brief", false));
}
