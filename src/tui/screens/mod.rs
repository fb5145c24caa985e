//! One module per screen. `render_phase` lays out the current phase: its editable lists
//! (drawn by `list`) and the panes beside them.

pub mod detail;
pub mod estimates;
pub mod high_level;
pub mod list;
pub mod picker;
pub mod review;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::app::App;
use crate::model::Phase;

/// The list and side areas of a phase's screen.
fn split(app: &App, body: Rect) -> (Rect, Option<Rect>) {
    let wide = body.width >= 100;
    match app.phase {
        Phase::Requirements | Phase::ApiData if wide => {
            let [l, r] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(body);
            (l, Some(r))
        }
        Phase::Requirements | Phase::ApiData => (body, None),
        Phase::Estimates | Phase::DeepDives => {
            let detail_height = if body.height >= 24 { 10 } else { 0 };
            if detail_height == 0 {
                return (body, None);
            }
            let [l, r] = Layout::vertical([Constraint::Min(6), Constraint::Length(detail_height)]).areas(body);
            (l, Some(r))
        }
        Phase::HighLevel if wide => {
            let [l, r] = Layout::horizontal([Constraint::Percentage(36), Constraint::Percentage(64)]).areas(body);
            (l, Some(r))
        }
        Phase::HighLevel => {
            let [l, r] = Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
            (l, Some(r))
        }
        Phase::Review => (body, None),
    }
}

pub fn list_area(app: &App, body: Rect) -> Rect {
    split(app, body).0
}

pub fn render_phase(frame: &mut Frame, app: &App, body: Rect) {
    let (list_rect, side) = split(app, body);
    if app.phase == Phase::Review {
        review::render(frame, app, list_rect);
        return;
    }
    list::render(frame, app, list_rect);
    if let Some(side) = side {
        match app.phase {
            Phase::Estimates => estimates::render_detail(frame, app, side),
            Phase::HighLevel => high_level::render(frame, app, side),
            Phase::Requirements => detail::render_brief(frame, app, side),
            _ => detail::render(frame, app, side),
        }
    }
    list::render_choice_popup(frame, app, list_rect);
}
