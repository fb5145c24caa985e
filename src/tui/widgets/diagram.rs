//! The architecture drawn in the terminal with box-drawing characters: components as boxes in
//! columns by tier (clients, edge, services, async, data, external), links as orthogonal lines
//! with arrowheads. Pure: a design in, a grid of characters out, so it is easy to test.

use super::clip::clip;
use crate::model::{Design, LinkMode, Tier};

/// One cell of the drawing: a character and, for box text, the tier it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    pub tier: Option<usize>,
    /// Part of a line for an async link.
    pub dashed: bool,
}

const EMPTY: Cell = Cell { ch: ' ', tier: None, dashed: false };

// Line directions as bits, so crossing lines merge into the right junction character.
const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

fn junction(bits: u8, dashed: bool) -> char {
    match bits {
        b if b == UP | DOWN => {
            if dashed {
                '┆'
            } else {
                '│'
            }
        }
        b if b == LEFT | RIGHT => {
            if dashed {
                '┄'
            } else {
                '─'
            }
        }
        b if b == UP || b == DOWN => '│',
        b if b == LEFT || b == RIGHT => '─',
        b if b == DOWN | RIGHT => '┌',
        b if b == DOWN | LEFT => '┐',
        b if b == UP | RIGHT => '└',
        b if b == UP | LEFT => '┘',
        b if b == UP | DOWN | RIGHT => '├',
        b if b == UP | DOWN | LEFT => '┤',
        b if b == LEFT | RIGHT | DOWN => '┬',
        b if b == LEFT | RIGHT | UP => '┴',
        _ => '┼',
    }
}

/// A laid-out box.
#[derive(Debug, Clone)]
struct Placed {
    x: usize,
    y: usize,
    w: usize,
    column: usize,
    tier: usize,
}

const BOX_HEIGHT: usize = 3;
/// Rows between boxes: room for lines to pass.
const V_GAP: usize = 1;

pub struct Drawing {
    pub width: usize,
    pub height: usize,
    pub cells: Vec<Vec<Cell>>,
    /// Components that did not fit in the area.
    pub hidden: usize,
}

impl Drawing {
    pub fn lines(&self) -> Vec<String> {
        self.cells.iter().map(|row| row.iter().map(|c| c.ch).collect::<String>().trim_end().to_string()).collect()
    }
}

/// Lay the design out in `width`×`height` cells.
pub fn draw(design: &Design, width: usize, height: usize) -> Drawing {
    let mut cells = vec![vec![EMPTY; width]; height];
    let tiers: Vec<Tier> =
        Tier::ALL.into_iter().filter(|t| design.components.iter().any(|c| c.kind.tier() == *t)).collect();
    if tiers.is_empty() || width < 10 || height < BOX_HEIGHT {
        return Drawing { width, height, cells, hidden: design.components.len() };
    }
    // Channels between columns carry vertical line segments; give each link a lane.
    let lanes_needed = design.links.len().clamp(1, 6);
    let channel = (lanes_needed + 2).min(width / (tiers.len() * 3).max(1)).max(3);
    let column_width = (width.saturating_sub(channel * tiers.len())) / tiers.len();
    let box_width = column_width.clamp(6, 24);

    let mut placed: Vec<Option<Placed>> = vec![None; design.components.len()];
    let mut hidden = 0;
    for (column, tier) in tiers.iter().enumerate() {
        let members: Vec<usize> =
            design.components.iter().enumerate().filter(|(_, c)| c.kind.tier() == *tier).map(|(i, _)| i).collect();
        let x = column * (column_width + channel) + 1;
        for (slot, &i) in members.iter().enumerate() {
            let y = slot * (BOX_HEIGHT + V_GAP);
            if y + BOX_HEIGHT > height {
                hidden += 1;
                continue;
            }
            placed[i] =
                Some(Placed { x, y, w: box_width.min(width.saturating_sub(x)), column, tier: tier_index(*tier) });
        }
    }

    // Links first, boxes on top, so a line never scratches a label.
    let mut bits = vec![vec![0u8; width]; height];
    let mut dashed = vec![vec![false; width]; height];
    let mut arrows: Vec<(usize, usize, char)> = Vec::new();
    let mut lane_use = vec![0usize; tiers.len() + 1];
    for link in &design.links {
        let from = design.components.iter().position(|c| c.id == link.from).and_then(|i| placed[i].clone());
        let to = design.components.iter().position(|c| c.id == link.to).and_then(|i| placed[i].clone());
        let (Some(a), Some(b)) = (from, to) else { continue };
        let is_async = link.mode == LinkMode::Async;
        let (ay, by) = (a.y + 1, b.y + 1);
        let mut segments: Vec<((usize, usize), (usize, usize))> = Vec::new();
        if b.column > a.column {
            // Out of a's right side, along a lane in the channel left of b, into b's left side.
            let lane_channel = b.column;
            let lane = b.x.saturating_sub(2 + lane_use[lane_channel] % (channel.saturating_sub(2)).max(1));
            lane_use[lane_channel] += 1;
            let start = a.x + a.w;
            if b.column == a.column + 1 {
                segments.push(((start, ay), (lane, ay)));
                segments.push(((lane, ay), (lane, by)));
                segments.push(((lane, by), (b.x - 1, by)));
            } else {
                // Across intermediate columns along the gap row just above b.
                // Rows between boxes are free in every column: the one above b, or below it.
                let gap = if b.y > 0 { b.y - 1 } else { (b.y + BOX_HEIGHT).min(height - 1) };
                let first_lane = a.x + a.w + 1;
                segments.push(((start, ay), (first_lane, ay)));
                segments.push(((first_lane, ay), (first_lane, gap)));
                segments.push(((first_lane, gap), (lane, gap)));
                segments.push(((lane, gap), (lane, by)));
                segments.push(((lane, by), (b.x - 1, by)));
            }
            arrows.push((b.x - 1, by, '▶'));
        } else if b.column < a.column {
            // Backwards: out of a's right into the channel beside it, along the gap row next to
            // b (free in every column, so no box hides the line), down the channel right of
            // b's column, into b's right side.
            let lane_at = |column: usize, lane_use: &mut Vec<usize>, x: usize| {
                let channel_index = (column + 1).min(tiers.len());
                let lane = x + 1 + lane_use[channel_index] % channel.saturating_sub(1).max(1);
                lane_use[channel_index] += 1;
                lane.min(width - 1)
            };
            let lane_a = lane_at(a.column, &mut lane_use, a.x + a.w);
            let lane_b = lane_at(b.column, &mut lane_use, b.x + b.w);
            let gap = if b.y > 0 { b.y - 1 } else { (b.y + BOX_HEIGHT).min(height - 1) };
            segments.push(((a.x + a.w, ay), (lane_a, ay)));
            segments.push(((lane_a, ay), (lane_a, gap)));
            segments.push(((lane_a, gap), (lane_b, gap)));
            segments.push(((lane_b, gap), (lane_b, by)));
            segments.push(((lane_b, by), (b.x + b.w, by)));
            arrows.push((b.x + b.w, by, '◀'));
        } else {
            // Same column: out of a's right, down/up the channel right of the column, into
            // b's right side.
            let lane_channel = a.column.max(b.column) + 1;
            let right_edge = a.x.max(b.x)
                + box_width
                + 1
                + lane_use[lane_channel.min(tiers.len())] % channel.saturating_sub(1).max(1);
            lane_use[lane_channel.min(tiers.len())] += 1;
            let lane = right_edge.min(width - 1);
            segments.push(((a.x + a.w, ay), (lane, ay)));
            segments.push(((lane, ay), (lane, by)));
            segments.push(((lane, by), (b.x + b.w, by)));
            arrows.push((b.x + b.w, by, '◀'));
        }
        for ((x1, y1), (x2, y2)) in segments {
            trace(&mut bits, &mut dashed, (x1, y1), (x2, y2), is_async);
        }
    }
    for y in 0..height {
        for x in 0..width {
            if bits[y][x] != 0 {
                cells[y][x] = Cell { ch: junction(bits[y][x], dashed[y][x]), tier: None, dashed: dashed[y][x] };
            }
        }
    }
    for (x, y, ch) in arrows {
        if y < height && x < width {
            cells[y][x] = Cell { ch, tier: None, dashed: false };
        }
    }

    for (i, p) in placed.iter().enumerate() {
        let Some(p) = p else { continue };
        let c = &design.components[i];
        let w = p.w.max(4);
        let replicas = match &c.replicas {
            Some(crate::model::Replicas::Count(n)) if *n > 1 => format!("×{n}"),
            // A fleet sized by a row: its count is on the estimate sheet.
            Some(crate::model::Replicas::Row(_)) => "×n".to_string(),
            _ => String::new(),
        };
        // The label when it fits, else the (shorter) id, else as much of the id as fits.
        let room = w - 2 - replicas.chars().count();
        let name = if c.display_name().chars().count() <= room { c.display_name() } else { &c.id };
        let label = clip(name, room);
        let kind = if c.kind.is_store() { ('╭', '╮', '╰', '╯') } else { ('┌', '┐', '└', '┘') };
        let put = |cells: &mut Vec<Vec<Cell>>, x: usize, y: usize, ch: char| {
            if y < height && x < width {
                cells[y][x] = Cell { ch, tier: Some(p.tier), dashed: false };
            }
        };
        put(&mut cells, p.x, p.y, kind.0);
        put(&mut cells, p.x + w - 1, p.y, kind.1);
        put(&mut cells, p.x, p.y + 2, kind.2);
        put(&mut cells, p.x + w - 1, p.y + 2, kind.3);
        for x in p.x + 1..p.x + w - 1 {
            put(&mut cells, x, p.y, '─');
            put(&mut cells, x, p.y + 2, '─');
        }
        put(&mut cells, p.x, p.y + 1, '│');
        put(&mut cells, p.x + w - 1, p.y + 1, '│');
        let inner = w - 2;
        let text = format!("{label}{:>pad$}", replicas, pad = inner - label.chars().count());
        for (k, ch) in text.chars().take(inner).enumerate() {
            put(&mut cells, p.x + 1 + k, p.y + 1, ch);
        }
    }
    Drawing { width, height, cells, hidden }
}

fn tier_index(tier: Tier) -> usize {
    Tier::ALL.iter().position(|t| *t == tier).unwrap_or(0)
}

/// Mark a straight segment's cells with the directions the line takes through them.
fn trace(
    bits: &mut [Vec<u8>],
    dashed: &mut [Vec<bool>],
    (x1, y1): (usize, usize),
    (x2, y2): (usize, usize),
    is_async: bool,
) {
    let height = bits.len();
    let width = bits.first().map_or(0, Vec::len);
    let mut mark = |x: usize, y: usize, b: u8| {
        if y < height && x < width {
            bits[y][x] |= b;
            dashed[y][x] |= is_async;
        }
    };
    if y1 == y2 {
        let (lo, hi) = (x1.min(x2), x1.max(x2));
        for x in lo..=hi {
            let mut b = 0;
            if x > lo {
                b |= LEFT;
            }
            if x < hi {
                b |= RIGHT;
            }
            mark(x, y1, b);
        }
    } else if x1 == x2 {
        let (lo, hi) = (y1.min(y2), y1.max(y2));
        for y in lo..=hi {
            let mut b = 0;
            if y > lo {
                b |= UP;
            }
            if y < hi {
                b |= DOWN;
            }
            mark(x1, y, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentKind, Link};

    fn component(id: &str, kind: ComponentKind) -> Component {
        Component {
            id: id.into(),
            kind,
            label: String::new(),
            serves: vec![],
            replicas: None,
            notes: String::new(),
            ..Default::default()
        }
    }

    fn design() -> Design {
        let mut d = Design {
            components: vec![
                component("client", ComponentKind::Client),
                component("lb", ComponentKind::LoadBalancer),
                component("api", ComponentKind::Service),
                component("cache", ComponentKind::Cache),
                component("db", ComponentKind::SqlDb),
            ],
            ..Design::default()
        };
        d.components[2].replicas = Some(crate::model::Replicas::Count(3));
        for (from, to) in [("client", "lb"), ("lb", "api"), ("api", "cache"), ("api", "db")] {
            d.links.push(Link { from: from.into(), to: to.into(), ..Default::default() });
        }
        d
    }

    #[test]
    fn boxes_sit_left_to_right_by_tier() {
        let drawing = draw(&design(), 100, 12);
        let text = drawing.lines().join("\n");
        let pos = |label: &str| {
            let line = drawing.lines().iter().position(|l| l.contains(label)).unwrap();
            let text = &drawing.lines()[line];
            (text[..text.find(label).unwrap()].chars().count(), line)
        };
        assert!(pos("client").0 < pos("lb").0, "{text}");
        assert!(pos("lb").0 < pos("api").0, "{text}");
        assert!(pos("api").0 < pos("cache").0, "{text}");
        assert_eq!(pos("cache").0, pos("db").0, "data stores share a column:\n{text}");
        assert!(text.contains("×3"), "replicas shown:\n{text}");
        assert!(text.contains('▶'), "arrowheads:\n{text}");
        assert_eq!(drawing.hidden, 0);
    }

    #[test]
    fn stores_are_rounded_and_lines_join() {
        let text = draw(&design(), 100, 12).lines().join("\n");
        assert!(text.contains('╭') && text.contains('╯'), "{text}");
        assert!(text.contains('┤') || text.contains('├') || text.contains('┐'), "{text}");
    }

    #[test]
    fn a_dozen_components_fit_at_120_by_40() {
        let mut d = design();
        for i in 0..8 {
            d.components.push(component(
                &format!("svc{i}"),
                if i % 2 == 0 { ComponentKind::Service } else { ComponentKind::Queue },
            ));
            d.links.push(Link { from: "api".into(), to: format!("svc{i}"), ..Default::default() });
        }
        let drawing = draw(&d, 70, 34);
        assert_eq!(drawing.hidden, 0, "{}", drawing.lines().join("\n"));
    }

    #[test]
    fn a_backward_link_goes_round_the_boxes_between() {
        // A store answering back to a client two columns left, with a service in between
        // on the same row: the line must not run under the service's box.
        let mut d = Design {
            components: vec![
                component("app", ComponentKind::Client),
                component("svc", ComponentKind::Service),
                component("db", ComponentKind::SqlDb),
            ],
            ..Design::default()
        };
        d.links.push(Link { from: "db".into(), to: "app".into(), ..Default::default() });
        let drawing = draw(&d, 60, 8);
        let lines = drawing.lines();
        let text = lines.join("\n");
        let column = |line: &str, label: &str| line[..line.find(label).unwrap()].chars().count();
        let (app_end, db_start) = (column(&lines[1], "app") + 12, column(&lines[1], "db"));
        // The arrow comes into the client's right side...
        assert!(lines[1].contains('◀'), "{text}");
        // ...from a line along the free row below the boxes, spanning the columns between.
        let gap: Vec<char> = lines[3].chars().collect();
        let covered = (app_end..db_start).filter(|&x| gap.get(x).is_some_and(|c| "─┄┐┌┘└┬┴┤├┼".contains(*c))).count();
        assert!(covered > (db_start - app_end) / 2, "{text}");
    }

    #[test]
    fn tiny_areas_and_empty_designs_do_not_panic() {
        assert_eq!(draw(&Design::default(), 80, 20).hidden, 0);
        let _ = draw(&design(), 3, 2);
        let _ = draw(&design(), 12, 3);
    }
}
