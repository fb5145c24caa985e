//! The high-level design's side pane: the architecture drawn in the terminal, or the Mermaid
//! source of the same diagram (`m` switches). Its own keys first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::layout::Pane;
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
            other => return Some(other),
        }
        None
    }
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
    let inner = Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let drawing = diagram::draw(&app.design, inner.width as usize, inner.height as usize);
    let mut lines: Vec<Line> = drawing
        .cells
        .iter()
        .map(|row| {
            let mut spans: Vec<Span> = Vec::new();
            let mut run = String::new();
            let mut style = None;
            for cell in row {
                let s = match cell.tier {
                    Some(tier) => t.tier(tier),
                    None if cell.dashed => t.warn(),
                    None => t.dim(),
                };
                if style != Some(s) && !run.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut run), style.unwrap_or_default()));
                }
                style = Some(s);
                run.push(cell.ch);
            }
            if !run.is_empty() {
                spans.push(Span::styled(run, style.unwrap_or_default()));
            }
            Line::from(spans)
        })
        .collect();
    if app.design.components.is_empty() {
        lines = vec![Line::from(Span::styled("Add components (a) and links to see the architecture here.", t.dim()))];
    }
    let mut title = "Architecture (tiers left to right; ┄ async)".to_string();
    if drawing.hidden > 0 {
        title = format!("Architecture: {} components do not fit, widen the terminal", drawing.hidden);
    }
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

/// Rows the drawing needs to show every component.
pub fn drawing_height(app: &App, area: Rect) -> usize {
    diagram::draw(&app.design, area.width as usize, area.height as usize).height
}

fn render_mermaid(frame: &mut Frame, app: &App, area: Rect) {
    let (title, lines) = diagram_text(app);
    super::render_scrolled(frame, app, Pane::Diagram, area, lines, pane(app, &title, false));
}
