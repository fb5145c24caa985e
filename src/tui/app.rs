//! The workbench's state and the one function that changes it, `App::update`. Rendering
//! reads this state and never changes it.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::{self, Context};
use super::layout::{FrameLayout, Pane};
use super::sections::{SectionId, View};
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
    pub(in crate::tui) before: Design,
    /// What was typed into a value picker so far: it jumps to the first option it starts.
    pub(in crate::tui) typed: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// The brief, the interviewer's answers and the hints taken, at any terminal size.
    Brief,
    ConfirmQuit,
    /// Unsaved work from an earlier session was found beside the file.
    Restore(Box<Recovered>),
    /// Discarding that work: what would be lost, asked before it is deleted.
    ConfirmDiscard(Box<Recovered>),
    /// Exporting would replace a file this window did not write: what is there.
    ConfirmExport(Box<PendingExport>),
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

/// An export waiting for the user to say it may replace what is at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingExport {
    pub target: PathBuf,
    /// What is there now, in words.
    pub found: String,
    pub text: String,
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
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
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
    pub(in crate::tui) disk_text: Option<String>,
    pub dirty: bool,
    pub phase: Phase,
    pub cursors: [Cursor; 6],
    pub edit: Option<Edit>,
    pub evaluation: Evaluation,
    /// The design analysed with the components failed below, recomputed with the estimates.
    pub analysis: crate::analysis::Analysis,
    /// Components failed on the high-level phase to see what breaks: workbench state, never
    /// saved in the design.
    pub failed: std::collections::BTreeSet<String>,
    /// The design or its sheet changed since `analysis` was computed.
    pub(in crate::tui) analysis_stale: bool,
    /// The numbers the analysis fills unstated component figures from.
    pub(in crate::tui) catalogue: crate::catalogue::Catalogue,
    /// Re-evaluates only what an edit changed, so typing in a large sheet stays instant.
    pub(in crate::tui) evaluator: estimate::Evaluator,
    pub prefixes: Prefixes,
    pub(in crate::tui) history: Vec<Design>,
    pub(in crate::tui) future: Vec<Design>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub show_mermaid: bool,
    /// The search being typed, if any; the last one searched, for n and N.
    pub search: Option<super::search::SearchPrompt>,
    pub last_search: Option<String>,
    /// How far the architecture drawing is panned to the right, in cells.
    pub diagram_pan_x: u16,
    pub review_selected: usize,
    pub size: Rect,
    /// Where everything on the frame goes, for drawing and for hit-testing the mouse.
    pub layout: FrameLayout,
    /// How far each scrolling pane is scrolled, in lines.
    pub scroll: BTreeMap<Pane, u16>,
    pub should_quit: bool,
    /// This window's recovery slot for the design file, while one is open.
    pub(in crate::tui) session: Option<Session>,
    /// The design as last written to the recovery file.
    pub(in crate::tui) recovered: Option<Design>,
    /// Why the last autosave failed, said once rather than every tick.
    pub(in crate::tui) autosave_error: Option<String>,
    /// The last document `e` wrote, and where: that file may be replaced without asking.
    pub(in crate::tui) exported: Option<(PathBuf, String)>,
    /// Practice: seconds spent per phase, counted here and written to the design on save.
    pub clock: BTreeMap<Phase, f64>,
    pub paused: bool,
    /// Practice: the problem's key figures with the candidate's guesses, graded.
    pub key_figures: Vec<KeyFigure>,
    /// Practice: the reference sheet evaluated, what guesses are graded against.
    pub(super) reference: Option<Evaluation>,
    /// The score of the attempt, kept current on the review phase.
    pub scorecard: Option<Scorecard>,
    /// The convention new designs started from the picker take (the settings' calendar).
    pub default_calendar: Option<crate::model::Convention>,
    /// Where finished attempts are recorded (the user's data directory).
    pub data_dir: Option<PathBuf>,
}

pub(in crate::tui) const HISTORY_LIMIT: usize = 200;

impl App {
    fn blank(library: Library, theme: Theme) -> App {
        let design = Design::default();
        let evaluation = estimate::evaluate(&design.estimates, Options::default());
        // A broken override file is `sdw analyze`'s to report; the workbench uses the numbers it ships.
        let catalogue = crate::catalogue::load(crate::catalogue::override_path().as_deref())
            .unwrap_or_else(|_| crate::catalogue::Catalogue::embedded().clone());
        let analysis = crate::analysis::analyze(&design, &evaluation, &catalogue, &crate::analysis::Failures::none());
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
            analysis,
            failed: Default::default(),
            analysis_stale: false,
            catalogue,
            evaluator: estimate::Evaluator::default(),
            prefixes: Prefixes::Si,
            history: Vec::new(),
            future: Vec::new(),
            overlay: None,
            status: None,
            show_mermaid: false,
            search: None,
            last_search: None,
            diagram_pan_x: 0,
            review_selected: 0,
            size: Rect::new(0, 0, 120, 40),
            layout: FrameLayout::default(),
            scroll: BTreeMap::new(),
            should_quit: false,
            session: None,
            recovered: None,
            autosave_error: None,
            exported: None,
            clock: BTreeMap::new(),
            paused: false,
            key_figures: Vec::new(),
            reference: None,
            scorecard: None,
            data_dir: store::data_dir(),
            default_calendar: None,
        }
    }

    /// The problem picker over `library`, with recent files to reopen.
    pub fn picker(library: Library, recent: Vec<PathBuf>, work_dir: PathBuf, theme: Theme) -> App {
        let mut app = App::blank(library, theme);
        app.picker.recent = recent;
        app.work_dir = work_dir;
        app.relayout();
        app
    }

    /// The workbench on a design already in memory (tests use this; so does `open`).
    pub fn workbench(design: Design, path: Option<PathBuf>, library: Library, theme: Theme) -> App {
        let mut app = App::blank(library, theme);
        app.load(design, path);
        app.relayout();
        app
    }

    /// Open a design file: load it (errors go back to the caller) and offer to restore unsaved
    /// work an earlier session left beside it.
    pub fn open(path: &Path, library: Library, theme: Theme) -> Result<App, store::LoadErrors> {
        // The workbench saves back to the file, so it must be a regular one (a FIFO would hang).
        let text = store::read_regular_text(path, crate::safe_fs::Links::Follow)?;
        let design = store::parse_design(&text, &path.display().to_string())?;
        let mut app = App::workbench(design, Some(path.to_path_buf()), library, theme);
        app.disk_text = Some(text);
        let (shared, left_behind, problems) = app
            .session
            .as_ref()
            .map(|s| (s.shared().then(|| s.recovery_path()), s.left_behind(), s.problems()))
            .unwrap_or_default();
        if let Some(own) = shared {
            let name = own
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "no file (every slot is taken)".into());
            app.say(format!(
                "this design is also open in another sdw window; this one keeps its unsaved work in {name}"
            ));
        }
        if let Some(problem) = problems.first() {
            app.complain(problem.clone());
        }
        // The newest work a window that is gone left behind; copies of the file are noise.
        for recovered in left_behind {
            if recovered.design == app.design {
                let _ = recovered.discard();
            } else {
                app.overlay = Some(Overlay::Restore(Box::new(recovered)));
                break;
            }
        }
        store::remember_recent(path);
        Ok(app)
    }

    pub(in crate::tui) fn load(&mut self, design: Design, path: Option<PathBuf>) {
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
        self.failed.clear();
        self.reference = match (&self.design.practice, &self.problem) {
            (Some(_), Some(problem)) => Some(crate::practice::reference_evaluation(problem)),
            _ => None,
        };
        self.refresh();
    }

    // ----- derived state -----

    pub fn view(&self) -> View<'_> {
        View {
            design: &self.design,
            evaluation: &self.evaluation,
            key_figures: &self.key_figures,
            analysis: Some(&self.analysis),
        }
    }

    pub fn sections(&self) -> &'static [SectionId] {
        self.sections_of(self.phase)
    }

    /// The lists `phase` shows, for this design.
    pub fn sections_of(&self, phase: Phase) -> &'static [SectionId] {
        if phase == Phase::Estimates && !self.key_figures.is_empty() {
            return &[SectionId::KeyFigures, SectionId::Inputs, SectionId::Formulas];
        }
        if phase == Phase::Requirements && self.problem.is_none() {
            // A design of one's own has no brief: it states its problem first.
            return &[SectionId::Statement, SectionId::Functional, SectionId::NonFunctional, SectionId::OutOfScope];
        }
        SectionId::of_phase(phase)
    }

    pub fn cursor(&self) -> Cursor {
        self.cursors[self.phase.index()]
    }

    pub(in crate::tui) fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursors[self.phase.index()]
    }

    pub fn current_section(&self) -> Option<SectionId> {
        self.sections().get(self.cursor().section).copied()
    }

    pub fn checks(&self) -> Vec<Check> {
        review::checklist(&self.design, &self.evaluation)
    }

    /// Re-evaluate the estimates, including the text being typed into an estimate cell.
    pub(in crate::tui) fn refresh(&mut self) {
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
        // Off the high-level phase nothing shows the analysis; a keystroke on the estimates
        // keeps its budget, and `update` analyses on the way back.
        if self.phase == Phase::HighLevel {
            self.reanalyze();
        } else {
            self.analysis_stale = true;
        }
        self.refresh_practice();
    }

    /// Analyse the design as it stands, with the failed components that still exist.
    pub(in crate::tui) fn reanalyze(&mut self) {
        self.failed.retain(|id| self.design.component(id).is_some());
        self.analysis_stale = false;
        let specs: Vec<String> = self.failed.iter().cloned().collect();
        let failures = crate::analysis::Failures::parse(&specs, &self.design).unwrap_or_default();
        self.analysis = crate::analysis::analyze(&self.design, &self.evaluation, &self.catalogue, &failures);
    }

    /// The contexts whose bindings are live, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match &self.overlay {
            Some(Overlay::Help | Overlay::Brief) => return vec![Context::Help],
            Some(Overlay::StartDialog) => return vec![Context::StartDialog],
            Some(Overlay::Ask { .. }) => return vec![Context::Choosing],
            Some(Overlay::Curveball(_)) => return vec![Context::Curveball],
            Some(_) => return vec![Context::Confirm],
            None => {}
        }
        if self.search.is_some() {
            return vec![Context::Search];
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
            let typing = [Context::Editing, Context::Filter, Context::Choosing, Context::Search]
                .iter()
                .any(|c| contexts.contains(c));
            typing.then_some(Action::Type(key))
        })
    }

    pub(in crate::tui) fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), error: false });
    }

    pub(in crate::tui) fn complain(&mut self, text: impl Into<String>) {
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
        let before = (self.phase, self.cursor());
        let effect = self.apply(action);
        // The analysis is shown on the high-level phase only: analyse when it is (see `refresh`).
        if self.analysis_stale && self.phase == Phase::HighLevel {
            self.reanalyze();
        }
        self.relayout();
        if (self.phase, self.cursor()) != before {
            self.follow_selection();
        }
        effect
    }

    /// Recompute where everything goes, after any change of state or size.
    pub(in crate::tui) fn relayout(&mut self) {
        self.layout = FrameLayout::compute(self, self.size);
    }

    fn apply(&mut self, action: Action) -> Option<Effect> {
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
            Action::Wheel { column, row, down } => {
                self.wheel(column, row, down);
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
        if self.search.is_some() {
            self.update_search(action);
            return None;
        }
        self.update_workbench(action)
    }

    /// What every phase of the workbench does alike; the rest goes to the phase's screen.
    fn update_workbench(&mut self, action: Action) -> Option<Effect> {
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
            Action::Help => self.open_scrolled(Overlay::Help),
            Action::Brief => self.open_scrolled(Overlay::Brief),
            Action::Search => self.start_search(),
            Action::SearchNext => self.repeat_search(true),
            Action::SearchPrevious => self.repeat_search(false),
            Action::Copy => return self.copy(false),
            Action::CopyDocument => return self.copy(true),
            Action::NextPhase => self.set_phase(Phase::ALL[(self.phase.index() + 1) % phases]),
            Action::PrevPhase => self.set_phase(Phase::ALL[(self.phase.index() + phases - 1) % phases]),
            Action::GotoPhase(i) if i < phases => self.set_phase(Phase::ALL[i]),
            Action::Pause => self.toggle_pause(),
            Action::Hint => self.hint(),
            Action::Ask => self.open_ask(),
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
            Action::PageDown | Action::PageUp | Action::HalfPageDown | Action::HalfPageUp => {
                if let Some(pane) = self.layout.keyboard_scroll_pane() {
                    self.scroll_by(pane, self.page_step(pane, &action));
                }
            }
            action => {
                let action = match self.phase {
                    Phase::Review => return self.update_review(action),
                    Phase::Estimates => self.update_estimates(action)?,
                    Phase::HighLevel => self.update_high_level(action)?,
                    _ => action,
                };
                return self.update_list(action);
            }
        }
        None
    }

    // ----- files -----

    pub(in crate::tui) fn save(&mut self, force: bool) {
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
            let on_disk = disk_text(&path);
            // Changed or deleted since it was read: either way, not ours to overwrite silently.
            if self.disk_text.is_some() && on_disk != self.disk_text {
                self.overlay = Some(Overlay::ConfirmOverwrite);
                return;
            }
        }
        match store::save_design(&path, &self.design) {
            Ok(()) => {
                self.dirty = false;
                self.disk_text = disk_text(&path);
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
    pub(in crate::tui) fn autosave(&mut self) {
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
        match session.write(&design) {
            Ok(()) => {
                self.recovered = Some(design);
                self.autosave_error = None;
            }
            Err(e) => {
                let message = format!("unsaved work is not being kept: {e}");
                if self.autosave_error.as_ref() != Some(&message) {
                    self.complain(message.clone());
                    self.autosave_error = Some(message);
                }
            }
        }
    }

    /// Export the Markdown document beside the design file. A file there that this window
    /// did not write (by hand, an earlier export, a link planted there) is replaced only once
    /// the user says so.
    pub(in crate::tui) fn export(&mut self) {
        let Some(path) = self.path.clone() else {
            self.complain("save the design to a file first");
            return;
        };
        let (target, text) = match crate::export::render_beside(&path, &self.design, &self.library) {
            Ok(rendered) => rendered,
            Err(e) => return self.complain(format!("export failed: {e:#}")),
        };
        let ours = self.exported.as_ref().map(|(p, t)| (p.as_path(), t.as_str()));
        match crate::export::existing_document(&target, ours) {
            Ok(None) => self.write_export(target, text),
            Ok(Some(found)) => {
                self.overlay = Some(Overlay::ConfirmExport(Box::new(PendingExport { target, found, text })))
            }
            Err(e) => self.complain(format!("not exported: {e}")),
        }
    }

    pub(in crate::tui) fn write_export(&mut self, target: PathBuf, text: String) {
        // Replaces a link there rather than writing through it: the user did not name it.
        match crate::safe_fs::write_atomic(&target, text.as_bytes(), crate::safe_fs::Links::Replace) {
            Ok(()) => {
                self.say(format!("exported {}", target.display()));
                self.exported = Some((target, text));
            }
            Err(e) => self.complain(format!("export failed: cannot write {}: {e}", target.display())),
        }
    }

    // ----- copying out -----

    /// What `y` copies here: the Mermaid source on the high-level screen, the selected row's
    /// derivation on the estimates, else the selected cell; `Y` the whole document.
    fn copy(&mut self, document: bool) -> Option<Effect> {
        use super::clipboard::Copied;
        let (what, text) = if document {
            let exporter = crate::export::Exporter::builtin();
            match exporter.render(&self.design, self.problem.as_ref(), crate::export::Format::Markdown) {
                Ok(text) => (Copied::Document, text),
                Err(e) => {
                    self.complain(format!("cannot render the document: {e:#}"));
                    return None;
                }
            }
        } else if self.phase == Phase::HighLevel {
            (Copied::Mermaid, super::screens::high_level::mermaid_source(self))
        } else if self.phase == Phase::Estimates && !self.in_key_figures() {
            let (_, lines) = super::screens::estimates::trace_lines(self);
            let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            (Copied::Derivation, text.join("\n"))
        } else {
            let c = self.cursor();
            match self.current_section().filter(|s| c.row < s.len(&self.view())) {
                Some(section) => (Copied::Cell, section.get(&self.view(), c.row, c.col)),
                None => {
                    self.say("nothing selected to copy");
                    return None;
                }
            }
        };
        let size = crate::estimate::sig3(text.len() as f64);
        self.say(format!("copied {} ({size} bytes) to the clipboard with OSC 52", what.describe()));
        Some(Effect::Copy(text))
    }

    // ----- mouse -----

    fn click(&mut self, column: u16, row: u16) {
        if self.overlay.is_some() || self.edit.is_some() || self.screen != Screen::Workbench {
            return;
        }
        if row == self.layout.tabs.y {
            if let Some(i) = super::ui::tab_at(self.layout.tabs, column) {
                self.set_phase(Phase::ALL[i]);
            }
            return;
        }
        match self.layout.pane_at(column, row) {
            Some(Pane::Review) => self.click_review(row),
            Some(Pane::List) => self.click_list(column, row),
            _ => {}
        }
    }

    /// The wheel scrolls the pane under the pointer; over a list it moves the selection.
    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let step: i32 = if down { 3 } else { -3 };
        match self.layout.pane_at(column, row) {
            Some(pane) if pane.scrolls() => self.scroll_by(pane, step),
            Some(Pane::List | Pane::Review | Pane::PickerList | Pane::PickerRecent) | None => {
                let _ = self.apply(if down { Action::Down } else { Action::Up });
            }
            _ => {}
        }
    }
}

/// The design file's text as it is on disk now, to tell whether something else changed it;
/// read only when it is a regular file, so that nothing swapped in can hang the workbench.
pub(in crate::tui) fn disk_text(path: &Path) -> Option<String> {
    store::read_regular_text(path, crate::safe_fs::Links::Follow).ok()
}
