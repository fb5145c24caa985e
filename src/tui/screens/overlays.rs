//! The overlays: the dialogs that ask before something happens (quit, restore, overwrite,
//! start a problem, ask the interviewer, a curveball) and the scrollable help and brief. Each
//! one's update beside its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Overlay};
use crate::tui::keymap;
use crate::tui::layout::{Pane, centered};
use crate::tui::ui::wrap_words;

impl App {
    pub(in crate::tui) fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Option<Effect> {
        match (overlay, action) {
            (Overlay::Help | Overlay::Brief, action) => self.update_scrolled_overlay(action),
            (Overlay::ConfirmQuit, Action::Yes) => {
                // Quitting without saving keeps the work in the recovery file, not lost.
                self.overlay = None;
                self.should_quit = true;
            }
            (Overlay::ConfirmQuit, Action::No | Action::Close) => self.overlay = None,
            (Overlay::ConfirmQuit, Action::SaveAndQuit) => {
                self.overlay = None;
                self.save(false);
                // Quit only when the work is on disk; a refused save says why in the status.
                self.should_quit = !self.dirty && self.overlay.is_none();
            }
            (Overlay::Restore(recovered), Action::Yes) => {
                self.overlay = None;
                self.checkpoint();
                self.design = recovered.design.clone();
                self.dirty = true;
                self.refresh();
                // Into this window's own recovery file before the one it came from goes.
                self.autosave();
                if self.recovered.as_ref() == Some(&self.design)
                    && self.session.as_ref().is_some_and(|s| s.recovery_path().as_ref() != Some(&recovered.path))
                {
                    let _ = recovered.discard();
                }
                self.say("restored the unsaved work; Ctrl-S to keep it");
            }
            (Overlay::Restore(recovered), Action::No) => self.overlay = Some(Overlay::ConfirmDiscard(recovered)),
            (Overlay::Restore(recovered), Action::Close) => {
                // Kept where it is: this window writes its own work to a slot of its own.
                self.overlay = None;
                self.say(format!(
                    "kept the unsaved work in {}; it is offered again when this design is next opened",
                    path_name(&recovered.path)
                ));
            }
            (Overlay::ConfirmDiscard(recovered), Action::Yes) => {
                self.overlay = None;
                match recovered.discard() {
                    Ok(()) => self.say(format!("discarded the unsaved work ({} deleted)", path_name(&recovered.path))),
                    Err(e) => self.complain(format!("not discarded: {e}")),
                }
            }
            (Overlay::ConfirmDiscard(recovered), Action::No | Action::Close) => {
                self.overlay = Some(Overlay::Restore(recovered))
            }
            (Overlay::ConfirmExport(pending), Action::Yes) => {
                self.overlay = None;
                self.write_export(pending.target, pending.text);
            }
            (Overlay::ConfirmExport(pending), Action::No | Action::Close) => {
                self.overlay = None;
                self.say(format!("not exported: {} is left as it was", path_name(&pending.target)));
            }
            (Overlay::ConfirmOverwrite, Action::Yes) => {
                self.overlay = None;
                self.save(true);
            }
            (Overlay::ConfirmOverwrite, Action::No | Action::Close) => {
                self.overlay = None;
                self.complain("not saved: the file on disk was changed by something else");
            }
            (Overlay::StartDialog, Action::StartPractice) => self.start_selected(false),
            (Overlay::StartDialog, Action::StartStudy) => self.start_selected(true),
            (Overlay::StartDialog, Action::Close) => self.overlay = None,
            (Overlay::StartDialog, Action::Quit) => self.should_quit = true,
            (Overlay::Ask { selected }, Action::Down) => {
                let count = self.unasked().len();
                self.overlay = Some(Overlay::Ask { selected: (selected + 1).min(count.saturating_sub(1)) });
            }
            (Overlay::Ask { selected }, Action::Up) => {
                self.overlay = Some(Overlay::Ask { selected: selected.saturating_sub(1) })
            }
            (Overlay::Ask { selected }, Action::Commit) => {
                self.overlay = None;
                if let Some(&n) = self.unasked().get(selected) {
                    self.ask(n);
                }
            }
            (Overlay::Ask { .. }, Action::Cancel) => self.overlay = None,
            (Overlay::Curveball(n), Action::Commit) => {
                self.overlay = None;
                self.answer_curveball(n);
            }
            (Overlay::Curveball(_), Action::Close) => {
                self.overlay = None;
                self.say("the curveball waits for you on the Deep dives phase");
            }
            _ => {}
        }
        None
    }
}

fn dialog(frame: &mut Frame, app: &App, area: Rect, title: &str, lines: Vec<Line>) {
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(20).max(title.len() + 4) as u16 + 4;
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block =
        Block::default().borders(Borders::ALL).border_style(app.theme.border_focus()).title(format!(" {title} "));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
}

fn key_line(app: &App, pairs: &[(&str, &str)]) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in pairs {
        spans.push(Span::styled(k.to_string(), app.theme.key()));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    Line::from(spans)
}

pub fn render_dialog(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    match &app.overlay {
        None => {}
        Some(Overlay::Help | Overlay::Brief) => {}
        Some(Overlay::ConfirmQuit) => dialog(
            frame,
            app,
            area,
            "Quit without saving?",
            vec![
                Line::from(" There are unsaved changes. They stay in the recovery file"),
                Line::from(" and are offered back the next time you open this design."),
                Line::default(),
                key_line(app, &[("s", "save and quit"), ("y", "quit without saving"), ("n", "stay")]),
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
                    Line::from(Span::styled(" Enter starts the practice attempt.", t.dim())),
                    Line::default(),
                    Line::from(Span::styled(" The design is written to a new file in the current directory.", t.dim())),
                ],
            )
        }
    }
}

/// The text of the scrollable overlay that is open, with its title.
pub fn scrolled_text(app: &App) -> Option<(String, Vec<Line<'static>>)> {
    match app.overlay {
        Some(Overlay::Help) => Some((" Keys · Esc closes · j/k, PgUp/PgDn, g/G scroll ".to_string(), help_lines(app))),
        Some(Overlay::Brief) => {
            Some((" Brief · Esc closes · j/k, PgUp/PgDn, g/G scroll ".to_string(), super::detail::brief_lines(app)))
        }
        _ => None,
    }
}

pub fn render_scrolled(frame: &mut Frame, app: &App, rect: Rect) {
    let Some((title, lines)) = scrolled_text(app) else { return };
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.border_focus()).title(title);
    super::render_scrolled(frame, app, Pane::Overlay, rect, lines, block);
}

fn help_lines(app: &App) -> Vec<Line<'static>> {
    let t = app.theme;
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
    lines.push(Line::from(Span::styled(
        "Mouse: click a tab to switch phase, a row to select it; the wheel scrolls the pane under it.",
        t.dim(),
    )));
    lines
}

/// A path's last part, for the status line and the dialogs.
pub(in crate::tui) fn path_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
