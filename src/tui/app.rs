//! The workbench's state and the one function that changes it, `App::update`. Rendering
//! reads this state and never changes it.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::{self, Context};
use super::sections::{ColumnKind, SectionId, View};
use super::theme::Theme;
use super::widgets::text_input::TextInput;
use std::collections::BTreeMap;

use crate::estimate::{self, Evaluation, Options, Prefixes};
use crate::model::{Design, Phase};
use crate::practice::{KeyFigure, Scorecard};
use crate::problem::{Library, Problem};
use crate::recovery::{Recovered, Session};
use crate::review::{self, Check};
use crate::store;

/// Where the cursor is on one phase's screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub section: usize,
    pub row: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditState {
    Text(TextInput),
    Choice { options: Vec<(String, String)>, selected: usize },
}

/// A cell being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub section: SectionId,
    pub row: usize,
    pub col: usize,
    pub state: EditState,
    /// The record was just added: Enter moves on to its next field, Esc removes it.
    pub adding: bool,
    /// The design before this edit began, for undo.
    before: Design,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    ConfirmQuit,
    /// Unsaved work from an earlier session was found beside the file.
    Restore(Box<Recovered>),
    /// The file changed on disk since it was opened; saving would overwrite that.
    ConfirmOverwrite,
    StartDialog,
    /// Practice: pick a clarifying question to ask the interviewer.
    Ask {
        selected: usize,
    },
    /// Practice: the interviewer raises a curveball (its number, from 1).
    Curveball(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Workbench,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerPane {
    Problems,
    Recent,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PickerState {
    pub filter: TextInput,
    pub filtering: bool,
    pub selected: usize,
    pub pane: PickerPane,
    pub recent: Vec<PathBuf>,
    pub recent_selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Work the event loop must do outside `update`: it needs the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the screen, edit this text in `$EDITOR`, send the result back as `Paste`.
    EditExternally(String),
    /// Give the terminal back and stop, as Ctrl-Z does in a shell; carry on after `fg`.
    Suspend,
}

pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    pub picker: PickerState,
    pub library: Library,
    /// Where new attempts started from the picker are written.
    pub work_dir: PathBuf,
    pub design: Design,
    pub path: Option<PathBuf>,
    pub problem: Option<Problem>,
    /// The file's text as last read or written, to notice changes made by others.
    disk_text: Option<String>,
    pub dirty: bool,
    pub phase: Phase,
    pub cursors: [Cursor; 6],
    pub edit: Option<Edit>,
    pub evaluation: Evaluation,
    /// Re-evaluates only what an edit changed, so typing in a large sheet stays instant.
    evaluator: estimate::Evaluator,
    pub prefixes: Prefixes,
    history: Vec<Design>,
    future: Vec<Design>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub show_mermaid: bool,
    pub review_selected: usize,
    pub size: Rect,
    pub should_quit: bool,
    /// This window's recovery slot for the design file, while one is open.
    session: Option<Session>,
    /// The design as last written to the recovery file.
    recovered: Option<Design>,
    /// Practice: seconds spent per phase, counted here and written to the design on save.
    pub clock: BTreeMap<Phase, f64>,
    pub paused: bool,
    /// Practice: the problem's key figures with the candidate's guesses, graded.
    pub key_figures: Vec<KeyFigure>,
    /// Practice: the reference sheet evaluated, what guesses are graded against.
    pub(super) reference: Option<Evaluation>,
    /// The score of the attempt, kept current on the review phase.
    pub scorecard: Option<Scorecard>,
    /// Where finished attempts are recorded (the user's data directory).
    pub data_dir: Option<PathBuf>,
}

const HISTORY_LIMIT: usize = 200;

impl App {
    fn blank(library: Library, theme: Theme) -> App {
        let design = Design::default();
        let evaluation = estimate::evaluate(&design.estimates, Options::default());
        App {
            theme,
            screen: Screen::Picker,
            picker: PickerState {
                filter: TextInput::default(),
                filtering: false,
                selected: 0,
                pane: PickerPane::Problems,
                recent: Vec::new(),
                recent_selected: 0,
            },
            library,
            work_dir: PathBuf::from("."),
            design,
            path: None,
            problem: None,
            disk_text: None,
            dirty: false,
            phase: Phase::Requirements,
            cursors: [Cursor::default(); 6],
            edit: None,
            evaluation,
            evaluator: estimate::Evaluator::default(),
            prefixes: Prefixes::Si,
            history: Vec::new(),
            future: Vec::new(),
            overlay: None,
            status: None,
            show_mermaid: false,
            review_selected: 0,
            size: Rect::new(0, 0, 120, 40),
            should_quit: false,
            session: None,
            recovered: None,
            clock: BTreeMap::new(),
            paused: false,
            key_figures: Vec::new(),
            reference: None,
            scorecard: None,
            data_dir: store::data_dir(),
        }
    }

    /// The problem picker over `library`, with recent files to reopen.
    pub fn picker(library: Library, recent: Vec<PathBuf>, work_dir: PathBuf, theme: Theme) -> App {
        let mut app = App::blank(library, theme);
        app.picker.recent = recent;
        app.work_dir = work_dir;
        app
    }

    /// The workbench on a design already in memory (tests use this; so does `open`).
    pub fn workbench(design: Design, path: Option<PathBuf>, library: Library, theme: Theme) -> App {
        let mut app = App::blank(library, theme);
        app.load(design, path);
        app
    }

    /// Open a design file: load it (errors go back to the caller) and offer to restore unsaved
    /// work an earlier session left beside it.
    pub fn open(path: &Path, library: Library, theme: Theme) -> Result<App, store::LoadErrors> {
        let text = store::read_text(path)?;
        let design = store::parse_design(&text, &path.display().to_string())?;
        let mut app = App::workbench(design, Some(path.to_path_buf()), library, theme);
        app.disk_text = Some(text);
        let (shared, left_behind) =
            app.session.as_ref().map(|s| (s.shared().then(|| s.recovery_path()), s.left_behind())).unwrap_or_default();
        if let Some(own) = shared {
            let name = own.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            app.say(format!(
                "this design is also open in another sdw window; this one keeps its unsaved work in {name}"
            ));
        }
        // The newest work a window that is gone left behind; copies of the file are noise.
        for recovered in left_behind {
            if recovered.design == app.design {
                recovered.discard();
            } else {
                app.overlay = Some(Overlay::Restore(Box::new(recovered)));
                break;
            }
        }
        store::remember_recent(path);
        Ok(app)
    }

    fn load(&mut self, design: Design, path: Option<PathBuf>) {
        self.problem = design.problem.as_deref().and_then(|id| self.library.get(id)).map(|e| e.problem.clone());
        self.design = design;
        if self.session.as_ref().map(Session::design_path) != path.as_deref() {
            // Free the old slot before claiming one for the new file.
            self.session = None;
            self.session = path.as_deref().map(Session::claim);
        }
        self.path = path;
        self.screen = Screen::Workbench;
        self.phase = Phase::Requirements;
        self.cursors = [Cursor::default(); 6];
        // On the estimates, the value is what people change most.
        self.cursors[Phase::Estimates.index()].col = 1;
        self.history.clear();
        self.future.clear();
        self.dirty = false;
        self.clock = self
            .design
            .practice
            .as_ref()
            .map(|p| p.elapsed_seconds.iter().map(|(phase, s)| (*phase, *s as f64)).collect())
            .unwrap_or_default();
        self.paused = false;
        self.reference = match (&self.design.practice, &self.problem) {
            (Some(_), Some(problem)) => Some(crate::practice::reference_evaluation(problem)),
            _ => None,
        };
        self.refresh();
    }

    // ----- derived state -----

    pub fn view(&self) -> View<'_> {
        View { design: &self.design, evaluation: &self.evaluation, key_figures: &self.key_figures }
    }

    pub fn sections(&self) -> &'static [SectionId] {
        if self.phase == Phase::Estimates && !self.key_figures.is_empty() {
            return &[SectionId::KeyFigures, SectionId::Inputs, SectionId::Formulas];
        }
        SectionId::of_phase(self.phase)
    }

    pub fn cursor(&self) -> Cursor {
        self.cursors[self.phase.index()]
    }

    pub(super) fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursors[self.phase.index()]
    }

    pub fn current_section(&self) -> Option<SectionId> {
        self.sections().get(self.cursor().section).copied()
    }

    pub fn checks(&self) -> Vec<Check> {
        review::checklist(&self.design, &self.evaluation)
    }

    /// Re-evaluate the estimates, including the text being typed into an estimate cell.
    fn refresh(&mut self) {
        let mut sheet = self.design.estimates.clone();
        if let Some(edit) = &self.edit
            && let EditState::Text(input) = &edit.state
            && matches!(edit.section, SectionId::Inputs | SectionId::Formulas)
            && edit.col == 1
        {
            let name = match edit.section {
                SectionId::Inputs => sheet.inputs[edit.row].name.clone(),
                _ => sheet.formulas[edit.row].name.clone(),
            };
            sheet.set(&name, input.text());
        }
        self.evaluation = self.evaluator.evaluate(&sheet, Options { convention: None, prefixes: self.prefixes });
        self.refresh_practice();
    }

    /// The contexts whose bindings are live, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Some(Overlay::Help { .. }) => return vec![Context::Help],
            Some(Overlay::StartDialog) => return vec![Context::StartDialog],
            Some(Overlay::Ask { .. }) => return vec![Context::Choosing],
            Some(Overlay::Curveball(_)) => return vec![Context::Curveball],
            Some(_) => return vec![Context::Confirm],
            None => {}
        }
        if self.screen == Screen::Picker {
            return if self.picker.filtering { vec![Context::Filter] } else { vec![Context::Picker] };
        }
        match &self.edit {
            Some(Edit { state: EditState::Text(_), .. }) => return vec![Context::Editing],
            Some(Edit { state: EditState::Choice { .. }, .. }) => return vec![Context::Choosing],
            None => {}
        }
        let mut contexts = match self.phase {
            Phase::Estimates => vec![Context::Estimates, Context::List],
            Phase::HighLevel => vec![Context::HighLevel, Context::List],
            Phase::Review => vec![Context::Review],
            _ => vec![Context::List],
        };
        if self.practising() {
            contexts.push(Context::Practice);
        }
        contexts.push(Context::Global);
        contexts
    }

    /// Turn a key into an action in the current contexts; unbound keys are typed into the field
    /// being edited or the picker filter.
    pub fn action_for_key(&self, key: ratatui::crossterm::event::KeyEvent) -> Option<Action> {
        let contexts = self.contexts();
        keymap::lookup(&contexts, key).or_else(|| {
            let typing = contexts.contains(&Context::Editing) || contexts.contains(&Context::Filter);
            typing.then_some(Action::Type(key))
        })
    }

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: false });
    }

    pub(super) fn complain(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: true });
    }

    // ----- the update function -----

    /// Apply one action. Returns work only the event loop can do.
    /// Work done after a frame is drawn, while the user has not pressed the next key yet,
    /// so that the next keystroke's frame comes sooner.
    pub fn prepare_for_input(&mut self) {
        self.evaluator.prepare();
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                return None;
            }
            Action::Tick => {
                self.autosave();
                return None;
            }
            Action::Suspend => {
                // A stopped job can be killed; the work is in the recovery file first.
                self.autosave();
                return Some(Effect::Suspend);
            }
            Action::Click { column, row } => {
                self.click(column, row);
                return None;
            }
            Action::Report(text) => {
                self.complain(text);
                return None;
            }
            Action::Advance(elapsed) => {
                self.advance(elapsed);
                return None;
            }
            _ => {}
        }
        if let Some(overlay) = self.overlay.clone() {
            return self.update_overlay(overlay, action);
        }
        if self.screen == Screen::Picker {
            self.update_picker(action);
            return None;
        }
        if self.edit.is_some() {
            return self.update_edit(action);
        }
        self.update_list(action)
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) -> Option<Effect> {
        match (overlay, action) {
            (Overlay::Help { scroll }, Action::ScrollDown) => {
                self.overlay = Some(Overlay::Help { scroll: scroll.saturating_add(1) })
            }
            (Overlay::Help { scroll }, Action::ScrollUp) => {
                self.overlay = Some(Overlay::Help { scroll: scroll.saturating_sub(1) })
            }
            (Overlay::Help { .. }, Action::Close) => self.overlay = None,
            (Overlay::ConfirmQuit, Action::Yes) => {
                // Quitting without saving keeps the work in the recovery file, not lost.
                self.overlay = None;
                self.should_quit = true;
            }
            (Overlay::ConfirmQuit, Action::No | Action::Close) => self.overlay = None,
            (Overlay::Restore(recovered), Action::Yes) => {
                self.overlay = None;
                self.checkpoint();
                self.design = recovered.design.clone();
                self.dirty = true;
                self.refresh();
                // Into this window's own recovery file before the one it came from goes.
                self.autosave();
                if self.recovered.as_ref() == Some(&self.design)
                    && self.session.as_ref().is_some_and(|s| s.recovery_path() != recovered.path)
                {
                    recovered.discard();
                }
                self.say("restored the unsaved work; Ctrl-S to keep it");
            }
            (Overlay::Restore(recovered), Action::No | Action::Close) => {
                self.overlay = None;
                recovered.discard();
                self.say("discarded the unsaved work from the earlier session");
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

    // ----- picker -----

    /// The library entries matching the filter, by title: the picker shows titles, not ids.
    pub fn filtered_problems(&self) -> Vec<&Problem> {
        let words: Vec<String> =
            self.picker.filter.text().to_lowercase().split_whitespace().map(str::to_string).collect();
        let mut problems: Vec<&Problem> = self
            .library
            .entries()
            .iter()
            .map(|e| &e.problem)
            .filter(|p| {
                let haystack =
                    format!("{} {} {} {}", p.id, p.title, p.difficulty.key(), p.tags.join(" ")).to_lowercase();
                words.iter().all(|w| haystack.contains(w))
            })
            .collect();
        problems.sort_by_cached_key(|p| (p.title.to_lowercase(), p.id.clone()));
        problems
    }

    fn update_picker(&mut self, action: Action) {
        let count = self.filtered_problems().len();
        let picker = &mut self.picker;
        match action {
            Action::Quit if !picker.filtering => self.should_quit = true,
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
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

    fn start_selected(&mut self, study: bool) {
        self.overlay = None;
        let Some(problem) = self.filtered_problems().get(self.picker.selected).map(|p| (*p).clone()) else { return };
        let design = if study { problem.reference_design() } else { problem.practice_design() };
        let path = store::unused_path(&self.work_dir, &problem.id);
        self.load(design, Some(path.clone()));
        self.sync_clock();
        match store::save_design(&path, &self.design) {
            Ok(()) => {
                self.disk_text = std::fs::read_to_string(&path).ok();
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

    // ----- lists -----

    fn section_len(&self, index: usize) -> usize {
        self.sections().get(index).map_or(0, |s| s.len(&self.view()))
    }

    fn clamp_cursor(&mut self) {
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

    fn move_down(&mut self) {
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

    fn move_up(&mut self) {
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
    pub(super) fn checkpoint(&mut self) {
        self.history.push(self.design.clone());
        if self.history.len() > HISTORY_LIMIT {
            self.history.remove(0);
        }
        self.future.clear();
    }

    /// After any change to the design.
    pub(super) fn changed(&mut self) {
        self.dirty = true;
        self.refresh();
        self.clamp_cursor();
        self.autosave();
    }

    fn update_list(&mut self, action: Action) -> Option<Effect> {
        let phases = Phase::ALL.len();
        match action {
            Action::Quit => {
                if self.dirty {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.should_quit = true;
                }
            }
            Action::Save => self.save(false),
            Action::Export => self.export(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::NextPhase => self.set_phase(Phase::ALL[(self.phase.index() + 1) % phases]),
            Action::PrevPhase => self.set_phase(Phase::ALL[(self.phase.index() + phases - 1) % phases]),
            Action::GotoPhase(i) if i < phases => self.set_phase(Phase::ALL[i]),
            Action::Pause => self.toggle_pause(),
            Action::Hint => self.hint(),
            Action::Ask => self.open_ask(),
            Action::ToggleMet => self.toggle_met(),
            Action::Finish => self.finish(),
            Action::Down if self.phase == Phase::Review => {
                self.review_selected = (self.review_selected + 1).min(self.review_items().len().saturating_sub(1));
            }
            Action::Up if self.phase == Phase::Review => self.review_selected = self.review_selected.saturating_sub(1),
            Action::Jump => {
                if let Some(phase) = self.review_items().get(self.review_selected).map(|(phase, _)| *phase) {
                    self.set_phase(phase);
                }
            }
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
            Action::Undo => match self.history.pop() {
                Some(previous) => {
                    self.future.push(std::mem::replace(&mut self.design, previous));
                    self.changed();
                    self.say("undone");
                }
                None => self.say("nothing to undo"),
            },
            Action::Redo => match self.future.pop() {
                Some(next) => {
                    self.history.push(std::mem::replace(&mut self.design, next));
                    self.changed();
                    self.say("redone");
                }
                None => self.say("nothing to redo"),
            },
            Action::ToggleConvention => {
                self.checkpoint();
                self.design.estimates.convention = self.design.estimates.convention.toggled();
                self.changed();
                self.say(format!("convention {}", self.design.estimates.convention.describe()));
            }
            Action::ToggleBinary => {
                self.prefixes = if self.prefixes == Prefixes::Si { Prefixes::Binary } else { Prefixes::Si };
                self.refresh();
            }
            Action::ToggleMermaid => self.show_mermaid = !self.show_mermaid,
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

    fn add(&mut self) {
        let Some(section) = self.current_section() else { return };
        if section == SectionId::KeyFigures {
            self.say("the key figures come from the problem: Enter to guess one");
            return;
        }
        let c = self.cursor();
        let at = if section.len(&self.view()) == 0 { 0 } else { c.row + 1 };
        let before = self.design.clone();
        section.insert(&mut self.design, at);
        *self.cursor_mut() = Cursor { section: c.section, row: at, col: 0 };
        self.refresh();
        self.begin_edit(true);
        match &mut self.edit {
            Some(edit) => edit.before = before,
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
    pub(super) fn begin_edit(&mut self, adding: bool) {
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
            ColumnKind::Text => EditState::Text(TextInput::new(&section.edit_text(&self.view(), c.row, c.col))),
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
        self.edit = Some(Edit { section, row: c.row, col: c.col, state, adding, before: self.design.clone() });
        self.status = None;
    }

    fn update_edit(&mut self, action: Action) -> Option<Effect> {
        let edit = self.edit.as_mut()?;
        match action {
            Action::Type(key) => {
                if let EditState::Text(input) = &mut edit.state {
                    input.handle(key);
                }
                self.refresh();
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
                    Action::Commit if edit.adding => (edit.col + 1..columns.len()).find(|i| editable(*i)),
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
    fn commit_edit(&mut self) -> bool {
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
        match edit.section.set(&mut design, edit.row, edit.col, &text) {
            Ok(()) => {
                if design != self.design {
                    self.design = design;
                    self.dirty = true;
                }
                self.refresh();
                self.autosave();
                true
            }
            Err(message) => {
                self.complain(message);
                false
            }
        }
    }

    /// Close the edit, recording one undo step for all it changed.
    fn finish_edit(&mut self) {
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

    // ----- files -----

    fn save(&mut self, force: bool) {
        let Some(path) = self.path.clone() else {
            self.complain("this design has no file");
            return;
        };
        // A design sdw would refuse to open again (an endpoint without a path, a relation to a
        // deleted entity) is not written over the file; the recovery file keeps it meanwhile.
        if let Some(issue) = crate::model::validate(&self.design, &[]).into_iter().next() {
            self.autosave();
            let phase = match issue.path.first() {
                Some(crate::model::PathSeg::Key(k)) => match k.as_str() {
                    "requirements" => Phase::Requirements,
                    "estimates" => Phase::Estimates,
                    "components" | "links" => Phase::HighLevel,
                    "deep_dives" => Phase::DeepDives,
                    _ => Phase::ApiData,
                },
                _ => Phase::Requirements,
            };
            self.complain(format!("not saved: {} ({}); fix it and save again", issue.message, phase.title()));
            return;
        }
        if !force {
            let on_disk = std::fs::read_to_string(&path).ok();
            // Changed or deleted since it was read: either way, not ours to overwrite silently.
            if self.disk_text.is_some() && on_disk != self.disk_text {
                self.overlay = Some(Overlay::ConfirmOverwrite);
                return;
            }
        }
        match store::save_design(&path, &self.design) {
            Ok(()) => {
                self.dirty = false;
                self.disk_text = std::fs::read_to_string(&path).ok();
                if let Some(session) = &self.session {
                    session.remove();
                }
                self.recovered = None;
                store::remember_recent(&path);
                self.say(format!("saved {}", path.display()));
            }
            Err(e) => {
                self.autosave();
                let kept = if self.recovered.as_ref() == Some(&self.design) {
                    "your work is kept in the recovery file"
                } else {
                    "your work is only in this window: do not quit"
                };
                self.complain(format!("not saved ({e}); {kept}"));
            }
        }
    }

    /// Keep unsaved work (including a field being typed) in the recovery file.
    pub(super) fn autosave(&mut self) {
        let Some(session) = &self.session else { return };
        if !self.dirty && self.edit.is_none() {
            return;
        }
        let mut design = self.design.clone();
        if let Some(edit) = &self.edit
            && let EditState::Text(input) = &edit.state
        {
            let _ = edit.section.set(&mut design, edit.row, edit.col, input.text());
        }
        if self.recovered.as_ref() == Some(&design) || (!self.dirty && design == self.design) {
            return;
        }
        if session.write(&design).is_ok() {
            self.recovered = Some(design);
        }
    }

    fn export(&mut self) {
        let Some(path) = self.path.clone() else {
            self.complain("save the design to a file first");
            return;
        };
        match crate::export::export_beside(&path, &self.design, &self.library) {
            Ok(out) => self.say(format!("exported {}", out.display())),
            Err(e) => self.complain(format!("export failed: {e:#}")),
        }
    }

    // ----- mouse -----

    fn click(&mut self, column: u16, row: u16) {
        if self.overlay.is_some() || self.edit.is_some() || self.screen != Screen::Workbench {
            return;
        }
        let areas = super::ui::areas(self.size);
        if row == areas.tabs.y {
            if let Some(i) = super::ui::tab_at(areas.tabs, column) {
                self.phase = Phase::ALL[i];
            }
            return;
        }
        if self.phase == Phase::Review {
            let list = super::ui::body_list_area(self, areas.body);
            if row > list.y && row < list.bottom() {
                let index = (row - list.y - 1) as usize;
                if index < self.checks().len() {
                    self.review_selected = index;
                }
            }
            return;
        }
        let list = super::ui::body_list_area(self, areas.body);
        if let Some((section, item)) = super::screens::list::hit(self, list, column, row) {
            let col = super::screens::list::column_at(self, list, section, column).unwrap_or(self.cursor().col);
            *self.cursor_mut() = Cursor { section, row: item, col };
            self.clamp_cursor();
        }
    }
}
