//! `/` searches the whole design — requirements, estimate rows, endpoints, entities,
//! components, links, deep dives — and jumps to a hit as you type; `n`/`N` go to the next and
//! previous hit, wrapping round. Case-insensitive, over the text each cell shows.

use super::action::Action;
use super::app::{App, Cursor};
use super::widgets::text_input::TextInput;
use crate::model::Phase;

/// Where a hit is: the phase, and the section, row and column of its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub phase: usize,
    pub cursor: (usize, usize, usize),
}

/// The search being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPrompt {
    pub input: TextInput,
    /// Where the cursor was when the search began: Esc goes back there.
    origin: (Phase, Cursor),
}

impl App {
    /// Every cell of the design containing `query`, in the order of the phases and lists.
    pub fn search_hits(&self, query: &str) -> Vec<Hit> {
        let needle = query.to_lowercase();
        if needle.trim().is_empty() {
            return Vec::new();
        }
        let view = self.view();
        let mut hits = Vec::new();
        for phase in Phase::ALL {
            for (s, section) in self.sections_of(phase).iter().enumerate() {
                for row in 0..section.len(&view) {
                    for col in 0..section.columns().len() {
                        if section.get(&view, row, col).to_lowercase().contains(&needle) {
                            hits.push(Hit { phase: phase.index(), cursor: (s, row, col) });
                        }
                    }
                }
            }
        }
        hits
    }

    fn here(&self) -> Hit {
        let c = self.cursor();
        Hit { phase: self.phase.index(), cursor: (c.section, c.row, c.col) }
    }

    fn go_to(&mut self, hit: Hit) {
        self.phase = Phase::ALL[hit.phase];
        let (section, row, col) = hit.cursor;
        *self.cursor_mut() = Cursor { section, row, col };
    }

    /// Jump to the hit after (or before) the cursor, wrapping round; `inclusive` counts a hit
    /// on the cursor itself (while typing, the first hit from where the search began).
    fn jump(&mut self, query: &str, forward: bool, inclusive: bool) {
        let hits = self.search_hits(query);
        let here = self.here();
        let next = if forward {
            hits.iter().find(|h| if inclusive { **h >= here } else { **h > here }).or(hits.first())
        } else {
            hits.iter().rev().find(|h| **h < here).or(hits.last())
        };
        match next.copied() {
            Some(hit) => {
                self.go_to(hit);
                let n = hits.iter().position(|h| *h == hit).unwrap_or(0) + 1;
                self.say(format!("/{query}: match {n} of {} (n next, N previous)", hits.len()));
            }
            None => self.complain(format!("/{query}: no match in the design")),
        }
    }

    pub(in crate::tui) fn start_search(&mut self) {
        self.search = Some(SearchPrompt { input: TextInput::default(), origin: (self.phase, self.cursor()) });
        self.status = None;
    }

    /// `n` and `N` with the last search.
    pub(in crate::tui) fn repeat_search(&mut self, forward: bool) {
        match self.last_search.clone() {
            Some(query) => self.jump(&query, forward, false),
            None => self.say("no search yet: / searches the design"),
        }
    }

    /// Keys while the search is being typed.
    pub(in crate::tui) fn update_search(&mut self, action: Action) {
        let Some(prompt) = self.search.as_mut() else { return };
        match action {
            Action::Type(key) => {
                prompt.input.handle(key);
            }
            Action::Paste(text) => prompt.input.insert(&text.replace(['\n', '\r'], " ")),
            Action::Commit => {
                let query = prompt.input.text().to_string();
                self.search = None;
                if !query.trim().is_empty() {
                    self.last_search = Some(query);
                }
                return;
            }
            Action::Cancel => {
                let (phase, cursor) = prompt.origin;
                self.search = None;
                self.phase = phase;
                *self.cursor_mut() = cursor;
                self.status = None;
                return;
            }
            _ => return,
        }
        // Jump as the query grows, from where the search began.
        let (query, (phase, cursor)) = (prompt.input.text().to_string(), prompt.origin);
        self.phase = phase;
        *self.cursor_mut() = cursor;
        if query.trim().is_empty() {
            self.status = None;
        } else {
            self.jump(&query, true, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::problem::Library;
    use crate::tui::theme::Theme;
    use crate::tui::{Action, App};
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    fn app() -> App {
        let library = Library::builtin();
        let design = library.get("url-shortener").unwrap().problem.reference_design();
        App::workbench(design, None, library, Theme::plain())
    }

    fn search(app: &mut App, query: &str) {
        app.update(Action::Search);
        for c in query.chars() {
            app.update(Action::Type(KeyEvent::from(KeyCode::Char(c))));
        }
        app.update(Action::Commit);
    }

    #[test]
    fn search_finds_cells_in_every_phase_and_jumps_there() {
        let mut app = app();
        search(&mut app, "keygen");
        assert_eq!(app.phase, crate::model::Phase::HighLevel, "a component id");
        let c = app.cursor();
        assert_eq!(app.design.components[c.row].id, "keygen");
        // Case does not matter, and every kind of record is searched.
        assert!(!app.search_hits("REDIRECT").is_empty());
        let phases: std::collections::BTreeSet<usize> = app.search_hits("url").iter().map(|h| h.phase).collect();
        assert!(phases.len() >= 4, "requirements, estimates, API, components: {phases:?}");
    }

    #[test]
    fn n_and_n_shifted_walk_the_hits_and_wrap() {
        let mut app = app();
        search(&mut app, "cache");
        let hits = app.search_hits("cache");
        assert!(hits.len() > 2);
        let first = (app.phase, app.cursor());
        for _ in 0..hits.len() {
            app.update(Action::SearchNext);
        }
        assert_eq!((app.phase, app.cursor()), first, "all the way round");
        app.update(Action::SearchPrevious);
        let last = hits.last().unwrap();
        assert_eq!(app.phase.index(), last.phase);
    }

    #[test]
    fn no_match_says_so_and_esc_goes_back() {
        let mut app = app();
        app.update(Action::GotoPhase(2));
        let before = (app.phase, app.cursor());
        search(&mut app, "zzzz-nothing");
        assert!(app.status.as_ref().unwrap().error);
        assert_eq!((app.phase, app.cursor()), before);
        app.update(Action::Search);
        app.update(Action::Type(KeyEvent::from(KeyCode::Char('k'))));
        app.update(Action::Cancel);
        assert_eq!((app.phase, app.cursor()), before, "Esc returns to where the search began");
    }
}
