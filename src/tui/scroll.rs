//! Scrolling the panes whose text can be longer than the pane: by line, by page, by half a
//! page, to either end. Offsets are clamped to the text as it is wrapped at the pane's width,
//! so scrolling past the end and back costs no extra keys.

use super::action::Action;
use super::app::{App, Overlay};
use super::layout::{Pane, inner};
use super::screens;

impl App {
    pub fn scroll_of(&self, pane: Pane) -> u16 {
        self.scroll.get(&pane).copied().unwrap_or(0)
    }

    /// The furthest a pane can be scrolled: its text's height less the pane's.
    fn max_scroll(&self, pane: Pane) -> u16 {
        let Some(rect) = self.layout.pane(pane) else { return 0 };
        let height = screens::content_height(self, pane, rect);
        height.saturating_sub(inner(rect).height as usize).min(u16::MAX as usize) as u16
    }

    pub(in crate::tui) fn scroll_by(&mut self, pane: Pane, delta: i32) {
        let now = self.scroll_of(pane).min(self.max_scroll(pane)) as i32;
        let next = (now + delta).clamp(0, self.max_scroll(pane) as i32) as u16;
        self.scroll.insert(pane, next);
    }

    pub(in crate::tui) fn scroll_to_end(&mut self, pane: Pane, end: bool) {
        let to = if end { self.max_scroll(pane) } else { 0 };
        self.scroll.insert(pane, to);
    }

    /// Lines a page action moves in `pane`: a whole page keeps one line of context.
    pub(in crate::tui) fn page_step(&self, pane: Pane, action: &Action) -> i32 {
        let height = self.layout.pane(pane).map_or(1, |r| inner(r).height.max(1)) as i32;
        match action {
            Action::PageDown => (height - 1).max(1),
            Action::PageUp => -(height - 1).max(1),
            Action::HalfPageDown => (height / 2).max(1),
            Action::HalfPageUp => -(height / 2).max(1),
            _ => 0,
        }
    }

    /// Open a scrollable overlay at its top.
    pub(in crate::tui) fn open_scrolled(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
        self.scroll.remove(&Pane::Overlay);
    }

    /// Keys in the help and the brief: they scroll, and close.
    pub(in crate::tui) fn update_scrolled_overlay(&mut self, action: Action) {
        let pane = Pane::Overlay;
        match action {
            Action::Down | Action::ScrollDown => self.scroll_by(pane, 1),
            Action::Up | Action::ScrollUp => self.scroll_by(pane, -1),
            Action::PageDown | Action::PageUp | Action::HalfPageDown | Action::HalfPageUp => {
                self.scroll_by(pane, self.page_step(pane, &action))
            }
            Action::Top => self.scroll_to_end(pane, false),
            Action::Bottom => self.scroll_to_end(pane, true),
            Action::Close => self.overlay = None,
            // The key that opened it closes it too.
            Action::Brief if self.overlay == Some(Overlay::Brief) => self.overlay = None,
            Action::Help if self.overlay == Some(Overlay::Help) => self.overlay = None,
            _ => {}
        }
    }
}
