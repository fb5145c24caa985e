//! The mock interview inside the workbench: the clock, the scripted interviewer (clarifying
//! questions and curveballs), hints, blind guesses and the scored review. State changes still
//! happen only through `App::update`; these are its helpers.

use std::time::Duration;

use super::app::{App, Cursor, Overlay};
use super::sections::SectionId;
use crate::model::{DeepDive, Phase};
use crate::practice::{self, Attempt};

impl App {
    /// A mock-interview attempt (as opposed to studying or free design).
    pub fn practising(&self) -> bool {
        self.design.practice.is_some()
    }

    pub fn phase_seconds(&self, phase: Phase) -> u64 {
        self.clock.get(&phase).copied().unwrap_or(0.0) as u64
    }

    pub fn total_seconds(&self) -> u64 {
        self.clock.values().sum::<f64>() as u64
    }

    pub fn budget(&self, phase: Phase) -> u64 {
        practice::budget_seconds(self.problem.as_ref(), phase)
    }

    /// Move to `phase`; leaving a phase forward lets the interviewer raise its curveballs.
    pub(super) fn set_phase(&mut self, phase: Phase) {
        let from = self.phase;
        self.phase = phase;
        if phase.index() > from.index() {
            self.raise_curveballs(|after| after.index() < phase.index());
        }
        if phase == Phase::Review {
            self.refresh_practice();
        }
    }

    /// Time passes: the current phase's clock runs unless paused; when its budget runs out,
    /// say so once and let the curveballs due after it come.
    pub(super) fn advance(&mut self, elapsed: Duration) {
        if !self.practising() || self.paused {
            return;
        }
        let phase = self.phase;
        let before = self.phase_seconds(phase);
        *self.clock.entry(phase).or_insert(0.0) += elapsed.as_secs_f64();
        let after = self.phase_seconds(phase);
        let budget = self.budget(phase);
        if before < budget && after >= budget {
            self.status = Some(super::app::Status {
                text: format!("{} has used its {} minutes: time to move on", phase.title(), budget / 60),
                error: true,
            });
            self.raise_curveballs(|after_phase| after_phase == phase);
        }
    }

    /// Write the clock into the design, so the file records time per phase.
    pub(super) fn sync_clock(&mut self) {
        if let Some(practice) = self.design.practice.as_mut() {
            for (phase, seconds) in &self.clock {
                practice.elapsed_seconds.insert(*phase, *seconds as u64);
            }
        }
    }

    pub(super) fn toggle_pause(&mut self) {
        if !self.practising() {
            self.say("the clock runs in practice attempts (sdw practice <problem>)");
            return;
        }
        self.paused = !self.paused;
        self.say(if self.paused { "clock paused (P resumes)" } else { "clock running" });
    }

    /// Recompute what practice shows: graded key figures, and the scorecard on review.
    pub(super) fn refresh_practice(&mut self) {
        self.key_figures = match (&self.design.practice, &self.problem, &self.reference) {
            (Some(practice), Some(problem), Some(reference)) => practice::key_figures(problem, practice, reference),
            _ => Vec::new(),
        };
        self.scorecard = match (&self.problem, self.phase) {
            (Some(problem), Phase::Review) => Some(practice::scorecard(&self.design, Some(problem))),
            _ => None,
        };
    }

    /// Clarifying questions not asked yet, by number (from 1).
    pub fn unasked(&self) -> Vec<usize> {
        let count = self.problem.as_ref().map_or(0, |p| p.clarifying_questions.len());
        let asked = self.design.practice.as_ref().map(|p| p.asked.clone()).unwrap_or_default();
        (1..=count).filter(|n| !asked.contains(n)).collect()
    }

    pub(super) fn open_ask(&mut self) {
        if !self.practising() || self.problem.is_none() {
            self.say("asking the interviewer is part of a practice attempt");
        } else if self.unasked().is_empty() {
            self.say("you have asked every question the interviewer has an answer for");
        } else {
            self.overlay = Some(Overlay::Ask { selected: 0 });
        }
    }

    pub(super) fn ask(&mut self, number: usize) {
        let Some(q) = self.problem.as_ref().and_then(|p| p.clarifying_questions.get(number - 1)).cloned() else {
            return;
        };
        if let Some(practice) = self.design.practice.as_mut() {
            practice.asked.push(number);
        }
        self.dirty = true;
        self.autosave();
        self.say(format!("Interviewer: {}", q.answer));
    }

    pub(super) fn hint(&mut self) {
        let hints = self.problem.as_ref().map(|p| p.hints.clone()).unwrap_or_default();
        let Some(practice) = self.design.practice.as_mut() else {
            self.say("hints are part of a practice attempt");
            return;
        };
        if practice.hints_used >= hints.len() {
            self.say("no more hints for this problem");
            return;
        }
        practice.hints_used += 1;
        let n = practice.hints_used;
        self.dirty = true;
        self.autosave();
        self.say(format!("Hint {n} of {}: {}", hints.len(), hints[n - 1]));
    }

    /// Raise the first curveball due (its `after` phase passes `due`) that was not raised yet.
    fn raise_curveballs(&mut self, due: impl Fn(Phase) -> bool) {
        if self.overlay.is_some() {
            return;
        }
        let Some(problem) = &self.problem else { return };
        let Some(practice) = &self.design.practice else { return };
        let next = problem
            .curveballs
            .iter()
            .enumerate()
            .map(|(i, c)| (i + 1, c))
            .find(|(n, c)| due(c.after) && !practice.curveballs_raised.contains(n));
        if let Some((n, _)) = next {
            if let Some(practice) = self.design.practice.as_mut() {
                practice.curveballs_raised.push(n);
            }
            self.dirty = true;
            self.overlay = Some(Overlay::Curveball(n));
        }
    }

    /// Open a deep dive for the curveball and start writing its options.
    pub(super) fn answer_curveball(&mut self, number: usize) {
        let Some(prompt) = self.problem.as_ref().and_then(|p| p.curveballs.get(number - 1)).map(|c| c.prompt.clone())
        else {
            return;
        };
        let topic = practice::curveball_topic(&prompt);
        self.checkpoint();
        let row = match self.design.deep_dives.iter().position(|d| d.topic == topic) {
            Some(row) => row,
            None => {
                self.design.deep_dives.push(DeepDive { topic, ..DeepDive::default() });
                self.design.deep_dives.len() - 1
            }
        };
        self.changed();
        self.phase = Phase::DeepDives;
        *self.cursor_mut() = Cursor { section: 0, row, col: 1 };
        self.begin_edit(false);
        self.say(format!("Interviewer: {prompt}"));
    }

    /// The review's rows: the scorecard when there is a problem to score against, else the
    /// checklist. Each as (phase to jump to, label).
    pub fn review_items(&self) -> Vec<(Phase, String)> {
        match &self.scorecard {
            Some(card) => card.items.iter().map(|i| (i.phase, i.label.clone())).collect(),
            None => self.checks().into_iter().map(|c| (c.phase, c.label)).collect(),
        }
    }

    pub(super) fn toggle_met(&mut self) {
        let Some(card) = &self.scorecard else {
            self.say("marking items needs a problem's rubric");
            return;
        };
        let Some(item) = card.items.get(self.review_selected) else { return };
        let Some(number) = item.rubric else {
            self.say("sdw checks this item itself: change the design to change it");
            return;
        };
        let met = !item.met;
        self.design.practice.get_or_insert_default().self_assessed.insert(number, met);
        self.dirty = true;
        self.refresh_practice();
        self.autosave();
    }

    /// Finish the attempt: score it, record it in the history, keep the score in the file.
    pub(super) fn finish(&mut self) {
        let (Some(problem), true) = (self.problem.clone(), self.practising()) else {
            self.say("finishing records a practice attempt (sdw practice <problem>)");
            return;
        };
        self.sync_clock();
        let card = practice::scorecard(&self.design, Some(&problem));
        let attempt = Attempt {
            problem: problem.id.clone(),
            date: practice::now_utc(),
            seconds_used: card.seconds_used,
            score: card.score,
            hints_used: card.hints_used,
        };
        if let Some(p) = self.design.practice.as_mut() {
            p.finished_score = Some(card.score);
        }
        self.dirty = true;
        self.paused = true;
        let recorded = match &self.data_dir {
            Some(dir) => practice::record_in(dir, &attempt),
            None => Err(std::io::Error::other("no data directory (set HOME or SDW_DATA_DIR)")),
        };
        match recorded {
            Ok(_) => self.say(format!("finished: {} / 100, recorded in your history (sdw history)", card.score)),
            Err(e) => {
                self.complain(format!("finished with {} / 100, but the history could not be written: {e}", card.score))
            }
        }
        self.refresh_practice();
    }

    /// Is the key figure under the cursor still hidden?
    pub fn figure_hidden(&self, row: usize) -> bool {
        self.key_figures.get(row).is_some_and(|f| f.guess.is_none())
    }

    pub fn in_key_figures(&self) -> bool {
        self.current_section() == Some(SectionId::KeyFigures)
    }
}
