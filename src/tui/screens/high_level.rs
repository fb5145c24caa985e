//! The high-level design's side pane: the architecture drawn in the terminal, or the Mermaid
//! source of the same diagram (`m` switches). Its own keys first.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::LinkMode;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::layout::{Pane, inner};
use crate::tui::sections::SectionId;
use crate::tui::ui::pane;
use crate::tui::widgets::diagram;

impl App {
    /// The high-level screen's own keys; anything else goes back to the lists.
    pub(in crate::tui) fn update_high_level(&mut self, action: Action) -> Option<Action> {
        match action {
            Action::ToggleMermaid => {
                self.show_mermaid = !self.show_mermaid;
                self.scroll.remove(&Pane::Diagram);
            }
            Action::ToggleFailure => self.toggle_failure(),
            Action::PanLeft => self.diagram_pan_x = self.diagram_pan_x.saturating_sub(PAN_STEP),
            Action::PanRight => {
                let max = self
                    .diagram_viewport()
                    .map_or(0, |(drawing, view)| drawing.width.saturating_sub(view.width as usize));
                self.diagram_pan_x = (self.diagram_pan_x + PAN_STEP).min(max as u16);
            }
            other => return Some(other),
        }
        None
    }

    /// Fail the selected component (every replica), or restore it, and analyse again.
    fn toggle_failure(&mut self) {
        let Some(id) = self.selected_component().map(str::to_string) else {
            return self.complain("select a component (or a link from it) to fail it".to_string());
        };
        let failing = self.failed.insert(id.clone());
        if !failing {
            self.failed.remove(&id);
        }
        self.reanalyze();
        let broken: Vec<String> = self
            .analysis
            .flows
            .iter()
            .filter(|f| f.status != crate::analysis::FlowStatus::Ok)
            .map(|f| format!("{} {}", f.name, f.status.key()))
            .collect();
        let what = if broken.is_empty() { "every flow ok".to_string() } else { broken.join(", ") };
        self.say(format!("{id} {}: {what}", if failing { "failed" } else { "restored" }));
    }

    /// The component whose links the diagram shows: the selected component, or the source of
    /// the selected link.
    pub fn selected_component(&self) -> Option<&str> {
        let c = self.cursor();
        match self.current_section()? {
            SectionId::Components => self.design.components.get(c.row).map(|c| c.id.as_str()),
            SectionId::Links => self.design.links.get(c.row).map(|l| l.from.as_str()),
            _ => None,
        }
    }

    /// The drawing at the size it needs and the part of the pane it is drawn in.
    fn diagram_viewport(&self) -> Option<(diagram::Drawing, Rect)> {
        let area = inner(self.layout.pane(Pane::Diagram)?);
        let view = drawing_area(self, area);
        let drawing = diagram::draw_marked(
            &self.design,
            view.width as usize,
            view.height as usize,
            self.selected_component(),
            &marks(self),
        );
        Some((drawing, view))
    }

    /// Pan so the selected component's box is in view (after the selection moved).
    pub(in crate::tui) fn follow_selection(&mut self) {
        if self.phase != crate::model::Phase::HighLevel || self.show_mermaid {
            return;
        }
        let Some(index) =
            self.selected_component().and_then(|id| self.design.components.iter().position(|c| c.id == id))
        else {
            return;
        };
        let Some((drawing, view)) = self.diagram_viewport() else { return };
        let Some(b) = drawing.boxes.get(index).copied().flatten() else { return };
        let (w, h) = (view.width as usize, view.height as usize);
        let fit = |offset: usize, start: usize, len: usize, room: usize| {
            if start < offset {
                start.saturating_sub(1)
            } else if start + len > offset + room {
                (start + len + 1).saturating_sub(room)
            } else {
                offset
            }
        };
        self.diagram_pan_x = fit(self.diagram_pan_x as usize, b.x, b.w, w) as u16;
        let y = fit(self.scroll_of(Pane::Diagram) as usize, b.y, 3, h) as u16;
        self.scroll.insert(Pane::Diagram, y);
    }
}

/// What the analysis says of each component worth marking on the diagram.
pub fn marks(app: &App) -> BTreeMap<String, diagram::Mark> {
    use crate::analysis::ComponentStatus;
    app.analysis
        .components
        .iter()
        .filter_map(|c| {
            let mark = match c.status {
                ComponentStatus::Ok => return None,
                ComponentStatus::Hot => diagram::Mark::Hot,
                ComponentStatus::Overloaded => diagram::Mark::Overloaded,
                ComponentStatus::Failed => diagram::Mark::Failed,
            };
            Some((c.id.clone(), mark))
        })
        .collect()
}

/// Columns a pan key moves the diagram.
const PAN_STEP: u16 = 8;

/// The rows under the drawing that list the selected component's links.
fn links_strip(app: &App, area: Rect) -> Vec<Line<'static>> {
    let t = app.theme;
    let Some(id) = app.selected_component() else { return Vec::new() };
    let rate = |name: &Option<String>| {
        name.as_deref().filter(|n| !n.is_empty()).map(|n| {
            let value = app.evaluation.row(n).and_then(|r| r.outcome.as_ref().ok()).map(|q| q.display.clone());
            match value {
                Some(v) => format!(" · {n} = {v}"),
                None => format!(" · {n}"),
            }
        })
    };
    let mut lines = vec![Line::from(Span::styled(format!("{id}: its links"), t.heading()))];
    for link in app.design.links.iter().filter(|l| l.from == id || l.to == id) {
        let (arrow, other) = if link.from == id { ("→ calls ", &link.to) } else { ("← called by ", &link.from) };
        let mode = if link.mode == LinkMode::Async { " (async)" } else { "" };
        let label = if link.label.is_empty() { String::new() } else { format!("  {}", link.label) };
        lines.push(Line::from(vec![
            Span::styled(format!("  {arrow}"), t.dim()),
            Span::styled(other.clone(), t.accent()),
            Span::raw(format!("{label}{mode}")),
            Span::styled(rate(&link.rate).unwrap_or_default(), t.value()),
        ]));
    }
    if lines.len() == 1 {
        lines.push(Line::from(Span::styled("  no links yet: add them in the Links list", t.dim())));
    }
    // At most a third of the pane, so the drawing keeps most of it.
    let room = (area.height as usize / 3).max(2);
    if lines.len() > room {
        let more = lines.len() - room + 1;
        lines.truncate(room - 1);
        lines.push(Line::from(Span::styled(format!("  … {more} more (see the Links list)"), t.dim())));
    }
    lines
}

/// The part of the pane's inside the drawing gets: all of it but the links strip.
fn drawing_area(app: &App, area: Rect) -> Rect {
    let strip = links_strip(app, area).len() as u16;
    let strip = if strip > 0 { strip + 1 } else { 0 };
    Rect { height: area.height.saturating_sub(strip), ..area }
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    if app.show_mermaid {
        render_mermaid(frame, app, area);
    } else {
        render_diagram(frame, app, area);
    }
}

fn render_diagram(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme;
    let body = inner(area);
    let view = drawing_area(app, body);
    let drawing = diagram::draw_marked(
        &app.design,
        view.width as usize,
        view.height as usize,
        app.selected_component(),
        &marks(app),
    );
    let pan_x = (app.diagram_pan_x as usize).min(drawing.width.saturating_sub(view.width as usize));
    let pan_y = (app.scroll_of(Pane::Diagram) as usize).min(drawing.height.saturating_sub(view.height as usize));
    let mut lines: Vec<Line> = drawing
        .cells
        .iter()
        .skip(pan_y)
        .take(view.height as usize)
        .map(|row| {
            let mut spans: Vec<Span> = Vec::new();
            let mut run = String::new();
            let mut style = None;
            for cell in row.iter().skip(pan_x).take(view.width as usize) {
                let mut s = match cell.tier {
                    Some(tier) => t.tier(tier),
                    None if cell.dashed => t.warn(),
                    None => t.dim(),
                };
                if cell.hot {
                    s = t.hot();
                }
                s = match cell.mark {
                    Some(diagram::Mark::Failed | diagram::Mark::Overloaded) => s.patch(t.error()),
                    Some(diagram::Mark::Hot) => s.patch(t.warn()),
                    None => s,
                };
                if style != Some(s) && !run.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut run), style.unwrap_or_default()));
                }
                style = Some(s);
                cell.push_to(&mut run);
            }
            if !run.is_empty() {
                spans.push(Span::styled(run, style.unwrap_or_default()));
            }
            Line::from(spans)
        })
        .collect();
    if app.design.components.is_empty() {
        lines = vec![Line::from(Span::styled("Add components (a) and links to see the architecture here.", t.dim()))];
    } else {
        let strip = links_strip(app, body);
        if !strip.is_empty() {
            lines.resize(view.height as usize, Line::default());
            lines.push(Line::default());
            lines.extend(strip);
        }
    }
    let wider = drawing.width > view.width as usize;
    let taller = drawing.height > view.height as usize;
    let title = match (wider, taller) {
        (false, false) => "Architecture (tiers left to right; ┄ async)".to_string(),
        (true, _) => format!(
            "Architecture: columns {}-{} of {} (< > pan{})",
            pan_x + 1,
            (pan_x + view.width as usize).min(drawing.width),
            drawing.width,
            if taller { ", PgUp/PgDn scroll" } else { "" }
        ),
        (false, true) => "Architecture (PgUp/PgDn scroll; ┄ async)".to_string(),
    };
    frame.render_widget(Paragraph::new(lines).block(pane(app, &title, false)), area);
}

/// The same Mermaid the exported document carries.
pub fn mermaid_source(app: &App) -> String {
    crate::export::Exporter::builtin()
        .architecture_mermaid(&app.design, &app.evaluation)
        .unwrap_or_else(|e| format!("cannot render the diagram: {e}"))
}

/// The pane's text when it is text: the Mermaid source.
pub fn diagram_text(app: &App) -> (String, Vec<Line<'static>>) {
    let lines = mermaid_source(app).lines().map(|l| Line::from(l.to_string())).collect();
    ("Mermaid source (m for the diagram)".to_string(), lines)
}

/// Rows the drawing needs to show every component, as far as vertical scrolling goes: the
/// drawing's height less the rows the links strip takes from the pane.
pub fn drawing_height(app: &App, area: Rect) -> usize {
    let view = drawing_area(app, area);
    let drawing = diagram::draw(&app.design, view.width as usize, view.height as usize);
    drawing.height + (area.height - view.height) as usize
}

fn render_mermaid(frame: &mut Frame, app: &App, area: Rect) {
    let (title, lines) = diagram_text(app);
    super::render_scrolled(frame, app, Pane::Diagram, area, lines, pane(app, &title, false));
}
