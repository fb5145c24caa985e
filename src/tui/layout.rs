//! Where everything on the frame goes. Computed once per state change from the app and the
//! terminal size, kept in `App::layout`: rendering draws into these rects and mouse events
//! are hit-tested against the same ones, so the two can never disagree.
//!
//! A new pane is a `Pane` variant, a line in `workbench_panes` (or `picker_panes`) and a
//! renderer in `screens::render_pane`.

use ratatui::layout::{Constraint, Layout, Position, Rect};

use super::app::{App, Overlay, Screen};
use crate::model::Phase;

/// Every region of the frame that draws something of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pane {
    /// The phase's editable lists.
    List,
    /// The problem's brief beside the requirements.
    Brief,
    /// The selected record in full.
    Details,
    /// The selected estimate row's derivation.
    Derivation,
    /// Storage growth over the years.
    Growth,
    /// The architecture diagram or its Mermaid source.
    Diagram,
    /// Loads, flows and the SLO ledger under the failed components.
    Analysis,
    /// The review checklist or scorecard.
    Review,
    /// The scorecard's comparison with the reference.
    Comparison,
    PickerFilter,
    PickerList,
    PickerRecent,
    PickerPreview,
    /// A scrollable overlay (help, the brief) drawn over everything.
    Overlay,
}

impl Pane {
    /// Panes whose text can be longer than the pane, scrolled by PgUp/PgDn and the wheel.
    pub fn scrolls(self) -> bool {
        matches!(
            self,
            Pane::Brief
                | Pane::Details
                | Pane::Derivation
                | Pane::Diagram
                | Pane::Analysis
                | Pane::Comparison
                | Pane::PickerPreview
                | Pane::Overlay
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FrameLayout {
    pub size: Rect,
    /// Too small to draw anything but a message.
    pub too_small: bool,
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
    /// Panes in drawing order; the overlay, when there is one, last.
    pub panes: Vec<(Pane, Rect)>,
}

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

impl FrameLayout {
    pub fn compute(app: &App, size: Rect) -> FrameLayout {
        let too_small = size.width < MIN_WIDTH || size.height < MIN_HEIGHT;
        let [header, tabs, body, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(size);
        let mut layout = FrameLayout { size, too_small, header, tabs, body, status, footer, panes: Vec::new() };
        if too_small {
            return layout;
        }
        match app.screen {
            Screen::Picker => {
                picker_panes(app, Rect { height: body.height + 2, y: header.y, ..body }, &mut layout.panes)
            }
            Screen::Workbench => workbench_panes(app, body, &mut layout.panes),
        }
        if let Some(rect) = overlay_rect(app, size) {
            layout.panes.push((Pane::Overlay, rect));
        }
        layout
    }

    pub fn pane(&self, pane: Pane) -> Option<Rect> {
        self.panes.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r)
    }

    /// The topmost pane under a point.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<Pane> {
        self.panes.iter().rev().find(|(_, r)| r.contains(Position::new(column, row))).map(|(p, _)| *p)
    }

    /// The pane PgUp/PgDn scroll when the pointer is not involved: the overlay, else the
    /// first scrolling pane of the screen.
    pub fn keyboard_scroll_pane(&self) -> Option<Pane> {
        if self.pane(Pane::Overlay).is_some() {
            return Some(Pane::Overlay);
        }
        self.panes.iter().map(|(p, _)| *p).find(|p| p.scrolls())
    }
}

fn workbench_panes(app: &App, body: Rect, panes: &mut Vec<(Pane, Rect)>) {
    let wide = body.width >= 100;
    match app.phase {
        Phase::Requirements | Phase::ApiData if wide => {
            let [l, r] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(body);
            let side = if app.phase == Phase::Requirements { Pane::Brief } else { Pane::Details };
            panes.extend([(Pane::List, l), (side, r)]);
        }
        Phase::Requirements | Phase::ApiData => panes.push((Pane::List, body)),
        Phase::Estimates | Phase::DeepDives => {
            if body.height < 24 {
                panes.push((Pane::List, body));
                return;
            }
            let [l, r] = Layout::vertical([Constraint::Min(6), Constraint::Length(10)]).areas(body);
            panes.push((Pane::List, l));
            if app.phase == Phase::DeepDives {
                panes.push((Pane::Details, r));
            } else if r.width >= 90 {
                let [d, g] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(r);
                panes.extend([(Pane::Derivation, d), (Pane::Growth, g)]);
            } else {
                panes.push((Pane::Derivation, r));
            }
        }
        Phase::HighLevel if wide => {
            let [l, r] = Layout::horizontal([Constraint::Percentage(36), Constraint::Percentage(64)]).areas(body);
            // The analysis under the diagram, a third of the height: it scrolls.
            let [d, a] = Layout::vertical([Constraint::Min(8), Constraint::Percentage(36)]).areas(r);
            panes.extend([(Pane::List, l), (Pane::Diagram, d), (Pane::Analysis, a)]);
        }
        Phase::HighLevel => {
            let [l, r] = Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
            // Narrow: the diagram and the analysis share the lower half, side by side.
            let [d, a] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(r);
            panes.extend([(Pane::List, l), (Pane::Diagram, d), (Pane::Analysis, a)]);
        }
        Phase::Review => {
            if app.scorecard.is_some() && body.width >= 110 {
                let [l, r] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(body);
                panes.extend([(Pane::Review, l), (Pane::Comparison, r)]);
            } else {
                panes.push((Pane::Review, body));
            }
        }
    }
}

fn picker_panes(app: &App, area: Rect, panes: &mut Vec<(Pane, Rect)>) {
    let [_top, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    let (left, preview) = if rest.width >= 100 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(48), Constraint::Percentage(52)]).areas(rest);
        (l, Some(r))
    } else {
        (rest, None)
    };
    let recent_height = if app.picker.recent.is_empty() { 0 } else { (app.picker.recent.len() as u16 + 2).min(7) };
    let [filter, list, recent] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(recent_height)]).areas(left);
    panes.extend([(Pane::PickerFilter, filter), (Pane::PickerList, list)]);
    if recent_height > 0 {
        panes.push((Pane::PickerRecent, recent));
    }
    if let Some(preview) = preview {
        panes.push((Pane::PickerPreview, preview));
    }
}

/// The scrollable overlays take most of the screen; dialogs size themselves to their text.
fn overlay_rect(app: &App, size: Rect) -> Option<Rect> {
    match app.overlay {
        Some(Overlay::Help | Overlay::Brief) => {
            Some(centered(size, 76.max(size.width * 3 / 5).min(100), size.height.saturating_sub(2)))
        }
        _ => None,
    }
}

/// A rect of `width`×`height` centred in `area`, clipped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// A pane's inside, without its border.
pub fn inner(area: Rect) -> Rect {
    Rect { x: area.x + 1, y: area.y + 1, width: area.width.saturating_sub(2), height: area.height.saturating_sub(2) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Library;
    use crate::tui::theme::Theme;

    fn app() -> App {
        let library = Library::builtin();
        let design = library.get("url-shortener").unwrap().problem.reference_design();
        App::workbench(design, None, library, Theme::plain())
    }

    #[test]
    fn the_pane_under_the_pointer_is_the_one_drawn_there() {
        let mut app = app();
        app.update(crate::tui::Action::Resize { width: 120, height: 40 });
        app.update(crate::tui::Action::GotoPhase(3));
        let list = app.layout.pane(Pane::List).unwrap();
        let diagram = app.layout.pane(Pane::Diagram).unwrap();
        assert_eq!(app.layout.pane_at(list.x + 1, list.y + 1), Some(Pane::List));
        assert_eq!(app.layout.pane_at(diagram.x + 1, diagram.y + 1), Some(Pane::Diagram));
        assert_eq!(app.layout.pane_at(0, 0), None, "the header is no pane");
        // Narrow: the diagram goes below the list.
        app.update(crate::tui::Action::Resize { width: 80, height: 24 });
        let diagram = app.layout.pane(Pane::Diagram).unwrap();
        assert!(diagram.y > app.layout.pane(Pane::List).unwrap().y);
    }

    #[test]
    fn an_overlay_is_on_top() {
        let mut app = app();
        app.update(crate::tui::Action::Resize { width: 120, height: 40 });
        app.update(crate::tui::Action::Help);
        let overlay = app.layout.pane(Pane::Overlay).unwrap();
        assert_eq!(app.layout.pane_at(overlay.x + 2, overlay.y + 2), Some(Pane::Overlay));
        assert_eq!(app.layout.keyboard_scroll_pane(), Some(Pane::Overlay));
    }
}
