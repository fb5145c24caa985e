//! The high-level design's side pane: the architecture drawn in the terminal, or the Mermaid
//! source of the same diagram (`m` switches).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::ui::pane;
use crate::tui::widgets::diagram;

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

fn render_mermaid(frame: &mut Frame, app: &App, area: Rect) {
    // The same Mermaid the exported document carries.
    let source = crate::export::Exporter::builtin()
        .architecture_mermaid(&app.design, &app.evaluation)
        .unwrap_or_else(|e| format!("cannot render the diagram: {e}"));
    let lines: Vec<Line> = source.lines().map(|l| Line::from(l.to_string())).collect();
    frame.render_widget(Paragraph::new(lines).block(pane(app, "Mermaid source (m for the diagram)", false)), area);
}
