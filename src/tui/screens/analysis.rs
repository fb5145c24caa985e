//! The high-level phase's analysis pane: what each component carries against what it can, the
//! flows and their status, and the SLO ledger, under the components failed with `f`. The
//! figures are the ones `sdw analyze` prints, from the same `analysis::analyze`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::analysis::{ComponentStatus, FlowStatus, SloEntry, SloKind};
use crate::estimate::{human_count, sig3};
use crate::tui::app::App;
use crate::tui::layout::Pane;
use crate::tui::ui::pane;
use crate::tui::widgets::clip::clip;

/// A share as a percentage, with enough nines to tell 99.99% from 99.995%.
pub fn percent(a: f64) -> String {
    if !a.is_finite() {
        return "—".into();
    }
    if !(0.99..1.0).contains(&a) {
        return format!("{}%", sig3(a * 100.0));
    }
    let digits = ((-(1.0 - a).log10()).ceil() as usize).clamp(2, 9);
    format!("{:.*}%", digits.saturating_sub(1), a * 100.0)
}

pub fn millis(s: f64) -> String {
    if !s.is_finite() {
        "—".into()
    } else if s < 1e-3 {
        format!("{} µs", sig3(s * 1e6))
    } else if s < 1.0 {
        format!("{} ms", sig3(s * 1e3))
    } else {
        format!("{} s", sig3(s))
    }
}

/// A rate in as few cells as it reads in: `71.2K/s`.
fn per_s(x: f64) -> String {
    format!("{}/s", human_count(x).replace(' ', ""))
}

fn component_symbol(status: ComponentStatus) -> &'static str {
    match status {
        ComponentStatus::Ok => " ",
        ComponentStatus::Hot => "~",
        ComponentStatus::Overloaded => "!",
        ComponentStatus::Failed => "✗",
    }
}

fn slo_target(s: &SloEntry) -> String {
    match (s.kind, s.target) {
        (Some(SloKind::Latency), Some(t)) => {
            format!("{} < {}", s.percentile.as_deref().unwrap_or("latency"), millis(t))
        }
        (Some(SloKind::Availability), Some(t)) => format!("≥ {}", percent(t)),
        _ => "unreadable target".into(),
    }
}

fn slo_computed(s: &SloEntry) -> String {
    match (s.kind, s.computed) {
        (Some(SloKind::Latency), Some(c)) => format!("≤ {}", millis(c)),
        (Some(SloKind::Availability), Some(c)) => percent(c),
        _ => "—".into(),
    }
}

/// The pane's lines, `width` cells wide inside its border.
pub fn analysis_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let a = &app.analysis;
    let mut lines = Vec::new();
    let failed = if app.failed.is_empty() {
        "nothing failed".to_string()
    } else {
        format!("failed: {}", app.failed.iter().cloned().collect::<Vec<_>>().join(", "))
    };
    lines.push(Line::from(Span::styled(clip(&failed, width), if app.failed.is_empty() { t.dim() } else { t.error() })));
    lines.push(Line::from(Span::styled(
        clip("f fails / restores the selected · ✗ failed ! over ~ hot", width),
        t.dim(),
    )));
    let status_style = |s: ComponentStatus| -> Style {
        match s {
            ComponentStatus::Ok => t.ok(),
            ComponentStatus::Hot => t.warn(),
            ComponentStatus::Overloaded | ComponentStatus::Failed => t.error(),
        }
    };
    lines.push(Line::from(Span::styled(clip("Load / capacity at peak", width), t.heading())));
    // What needs attention first: failed, over, hot, then the busiest.
    let mut components: Vec<_> = a.components.iter().collect();
    components.sort_by(|x, y| {
        y.status.cmp(&x.status).then(y.utilisation.unwrap_or(0.0).total_cmp(&x.utilisation.unwrap_or(0.0)))
    });
    let (idle, components): (Vec<_>, Vec<_>) = components
        .into_iter()
        .partition(|c| c.status == ComponentStatus::Ok && c.load_per_s == 0.0 && c.capacity_per_s.is_none());
    let id_width =
        components.iter().map(|c| c.id.chars().count()).max().unwrap_or(2).clamp(2, (width / 4).clamp(2, 12));
    for c in components {
        let capacity = match c.status {
            ComponentStatus::Failed => "0".to_string(),
            _ => c.capacity_per_s.map_or("?".to_string(), per_s),
        };
        // Narrow panes keep the numbers and lose the words.
        let of = if width >= 44 { " of " } else { "/" };
        let utilisation = match (c.status, c.utilisation) {
            (ComponentStatus::Failed, _) => "failed".to_string(),
            (_, Some(u)) if u > 0.0 && u < 0.001 => "< 0.1%".to_string(),
            (_, Some(u)) => format!("{}%", sig3(u * 100.0)),
            (_, None) => "—".to_string(),
        };
        let row = format!(
            "{} {:<id_width$} {:>6} {:>7}{of}{}",
            component_symbol(c.status),
            clip(&c.id, id_width),
            utilisation,
            per_s(c.load_per_s),
            capacity,
        );
        lines.push(Line::from(Span::styled(clip(&row, width), status_style(c.status))));
    }
    if !idle.is_empty() {
        let ids: Vec<&str> = idle.iter().map(|c| c.id.as_str()).collect();
        lines.push(Line::from(Span::styled(clip(&format!("  no load: {}", ids.join(", ")), width), t.dim())));
    }
    if a.components.is_empty() {
        lines.push(Line::from(Span::styled("  no components yet", t.dim())));
    }
    lines.push(Line::from(Span::styled("Flows", t.heading())));
    for f in &a.flows {
        let style = match f.status {
            FlowStatus::Ok => t.ok(),
            FlowStatus::Delayed => t.warn(),
            FlowStatus::Degraded | FlowStatus::Down => t.error(),
        };
        let row = format!(
            "  {} {} · {} · {} · {}",
            f.name,
            f.status.key(),
            per_s(f.rate_per_s),
            percent(f.availability),
            millis(f.latency_s)
        );
        lines.push(Line::from(Span::styled(clip(&row, width), style)));
        for reason in &f.reasons {
            lines.push(Line::from(Span::styled(clip(&format!("    {reason}"), width), t.dim())));
        }
    }
    if a.flows.is_empty() {
        lines.push(Line::from(Span::styled("  no flows yet: add them in the Flows list", t.dim())));
    }
    lines.push(Line::from(Span::styled("SLOs (latency: summed, an upper bound)", t.heading())));
    for s in &a.slos {
        let (mark, style) = match s.met {
            Some(true) => ("✓", t.ok()),
            Some(false) => ("✗", t.error()),
            None => ("?", t.dim()),
        };
        let flow = s.flow.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
        let row = format!("{mark} {} {} → {}{flow}", s.requirement, slo_target(s), slo_computed(s));
        lines.push(Line::from(Span::styled(clip(&row, width), style)));
    }
    if a.slos.is_empty() {
        lines.push(Line::from(Span::styled("  no targets: state one in a non-functional requirement", t.dim())));
    }
    for problem in &a.problems {
        lines.push(Line::from(Span::styled(clip(&format!("⚠ {problem}"), width), t.warn())));
    }
    lines
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let lines = analysis_lines(app, area.width.saturating_sub(2) as usize);
    super::render_scrolled(frame, app, Pane::Analysis, area, lines, pane(app, "Analysis at peak", false));
}
