//! The architecture drawn in the terminal with box-drawing characters: components as boxes in
//! columns by tier (clients, edge, services, async, data, external), links as orthogonal lines
//! with arrowheads. Every source gets its own lane in a channel, so two callers never share a
//! vertical line and who calls whom stays readable. A design larger than the area is drawn at
//! the size it needs, for the pane to pan over. Pure: a design in, a grid of cells out.

use std::collections::BTreeMap;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::clip::{clip, width as text_width};
use crate::model::{Design, LinkMode, Tier};

/// What a cell shows. Lines and most letters are one character and cost no allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Glyph {
    Char(char),
    /// A grapheme of more than one character (a letter and its accent, an emoji sequence).
    Cluster(Box<str>),
    /// The second cell of a wide character: it draws nothing of its own.
    Covered,
}

/// One cell of the drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub glyph: Glyph,
    /// For box cells, the tier the box belongs to.
    pub tier: Option<usize>,
    /// Part of a line for an async link.
    pub dashed: bool,
    /// Part of the selected component's box or of one of its links.
    pub hot: bool,
    /// Part of the box of a component the analysis marks.
    pub mark: Option<Mark>,
}

/// How the analysis marks a component's box: a symbol before its name, so it reads without
/// colour, and a colour for those who have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Above the utilisation warning, still under 100%.
    Hot,
    /// Over what its live replicas carry.
    Overloaded,
    /// Failed: no replica left.
    Failed,
}

impl Mark {
    pub fn symbol(self) -> char {
        match self {
            Mark::Hot => '~',
            Mark::Overloaded => '!',
            Mark::Failed => '✗',
        }
    }
}

impl Cell {
    fn blank() -> Cell {
        Cell { glyph: Glyph::Char(' '), tier: None, dashed: false, hot: false, mark: None }
    }

    fn line(ch: char, dashed: bool, hot: bool) -> Cell {
        Cell { glyph: Glyph::Char(ch), tier: None, dashed, hot, mark: None }
    }

    /// Append what the cell shows to `out`.
    pub fn push_to(&self, out: &mut String) {
        match &self.glyph {
            Glyph::Char(c) => out.push(*c),
            Glyph::Cluster(s) => out.push_str(s),
            Glyph::Covered => {}
        }
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        self.push_to(&mut s);
        s
    }
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub x: usize,
    pub y: usize,
    pub w: usize,
    column: usize,
    tier: usize,
}

const BOX_HEIGHT: usize = 3;
/// Rows between boxes: room for lines to pass.
const V_GAP: usize = 1;
/// Narrower boxes than this are unreadable; the drawing grows and the pane pans instead.
const MIN_BOX: usize = 12;
const MAX_BOX: usize = 24;

pub struct Drawing {
    pub width: usize,
    pub height: usize,
    pub cells: Vec<Vec<Cell>>,
    /// Components with no place in the drawing (none since it grows to fit; kept so callers
    /// can say so should that change).
    pub hidden: usize,
    /// Each component's box, by its index in the design.
    pub boxes: Vec<Option<Placed>>,
}

impl Drawing {
    pub fn lines(&self) -> Vec<String> {
        self.cells
            .iter()
            .map(|row| {
                let mut line = String::new();
                for cell in row {
                    cell.push_to(&mut line);
                }
                line.trim_end().to_string()
            })
            .collect()
    }
}

/// Lay the design out in at least `width`×`height` cells, more when it needs them.
pub fn draw(design: &Design, width: usize, height: usize) -> Drawing {
    draw_selected(design, width, height, None)
}

/// The channel between column `c` and the next carries the lanes of links leaving or entering
/// column `c` on that side. Which lane a link takes: one per source and channel.
fn lanes(design: &Design, column_of: &[Option<usize>]) -> BTreeMap<(usize, usize), usize> {
    let mut lanes: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut next: BTreeMap<usize, usize> = BTreeMap::new();
    let mut claim = |channel: usize, source: usize| {
        let n = next.entry(channel).or_insert(0);
        lanes.entry((channel, source)).or_insert_with(|| {
            *n += 1;
            *n - 1
        });
    };
    for link in &design.links {
        let (Some(a), Some(b)) = (index_of(design, &link.from), index_of(design, &link.to)) else { continue };
        let (Some(ca), Some(cb)) = (column_of[a], column_of[b]) else { continue };
        if cb > ca {
            claim(cb - 1, a);
            if cb > ca + 1 {
                // Across columns: first down a lane of its own beside the source.
                claim(ca, a);
            }
        } else {
            claim(ca, a);
            if cb != ca {
                // Backward: along the channel right of the target too, keyed by the source.
                claim(cb, a);
            }
        }
    }
    lanes
}

/// Lay the design out; the component `selected` (an id) and its links are marked hot.
pub fn draw_selected(design: &Design, width: usize, height: usize, selected: Option<&str>) -> Drawing {
    draw_marked(design, width, height, selected, &BTreeMap::new())
}

/// As `draw_selected`, each component in `marks` (by id) showing its mark on its box.
pub fn draw_marked(
    design: &Design,
    width: usize,
    height: usize,
    selected: Option<&str>,
    marks: &BTreeMap<String, Mark>,
) -> Drawing {
    let tiers: Vec<Tier> =
        Tier::ALL.into_iter().filter(|t| design.components.iter().any(|c| c.kind.tier() == *t)).collect();
    let blank = |w: usize, h: usize| Drawing {
        width: w,
        height: h,
        cells: vec![vec![Cell::blank(); w]; h],
        hidden: 0,
        boxes: vec![None; design.components.len()],
    };
    if tiers.is_empty() || width < 10 || height < BOX_HEIGHT {
        let mut d = blank(width, height);
        d.hidden = design.components.len();
        return d;
    }
    let column_of: Vec<Option<usize>> =
        design.components.iter().map(|c| tiers.iter().position(|t| *t == c.kind.tier())).collect();
    let lanes = lanes(design, &column_of);
    let most_lanes = (0..tiers.len()).map(|c| lanes.keys().filter(|(ch, _)| *ch == c).count()).max().unwrap_or(0);
    // A lane per source, a cell either side, and one for the arrowhead.
    let channel = most_lanes + 3;
    let box_width = (width.saturating_sub(1) / tiers.len()).saturating_sub(channel).clamp(MIN_BOX, MAX_BOX);
    let tallest =
        tiers.iter().map(|t| design.components.iter().filter(|c| c.kind.tier() == *t).count()).max().unwrap_or(0);
    let width = width.max(1 + tiers.len() * (box_width + channel));
    let height = height.max(tallest * (BOX_HEIGHT + V_GAP) + 1);
    let mut drawing = blank(width, height);
    let column_x = |column: usize| 1 + column * (box_width + channel);
    // The x of lane `n` in the channel right of `column`.
    let lane_x = |column: usize, n: usize| column_x(column) + box_width + 1 + n;

    let mut placed: Vec<Option<Placed>> = vec![None; design.components.len()];
    for (column, tier) in tiers.iter().enumerate() {
        let members = design.components.iter().enumerate().filter(|(_, c)| c.kind.tier() == *tier);
        for (slot, (i, _)) in members.enumerate() {
            let y = slot * (BOX_HEIGHT + V_GAP);
            placed[i] = Some(Placed { x: column_x(column), y, w: box_width, column, tier: tier_index(*tier) });
        }
    }

    // Links first, boxes on top, so a line never scratches a label.
    let mut bits = vec![vec![0u8; width]; height];
    let mut dashed = vec![vec![false; width]; height];
    let mut hot = vec![vec![false; width]; height];
    let mut arrows: Vec<(usize, usize, char, bool)> = Vec::new();
    for link in &design.links {
        let (Some(ai), Some(bi)) = (index_of(design, &link.from), index_of(design, &link.to)) else { continue };
        let (Some(a), Some(b)) = (placed[ai], placed[bi]) else { continue };
        let is_async = link.mode == LinkMode::Async;
        let is_hot = selected.is_some_and(|id| id == link.from || id == link.to);
        let (ay, by) = (a.y + 1, b.y + 1);
        // Rows between boxes are free in every column: the one above b, or below it.
        let gap = if b.y > 0 { b.y - 1 } else { (b.y + BOX_HEIGHT).min(height - 1) };
        let mut segments: Vec<((usize, usize), (usize, usize))> = Vec::new();
        if b.column > a.column {
            // Out of a's right side, along a's lane in the channel left of b, into b's left.
            let lane = lane_x(b.column - 1, lanes[&(b.column - 1, ai)]);
            if b.column == a.column + 1 {
                segments.push(((a.x + a.w, ay), (lane, ay)));
                segments.push(((lane, ay), (lane, by)));
            } else {
                // Down a's own lane to the gap row next to b, across the columns between.
                let first_lane = lane_x(a.column, lanes[&(a.column, ai)]);
                segments.push(((a.x + a.w, ay), (first_lane, ay)));
                segments.push(((first_lane, ay), (first_lane, gap)));
                segments.push(((first_lane, gap), (lane, gap)));
                segments.push(((lane, gap), (lane, by)));
            }
            segments.push(((lane, by), (b.x - 1, by)));
            arrows.push((b.x - 1, by, '▶', is_hot));
        } else if b.column < a.column {
            // Backward: out of a's right into its lane, along the gap row next to b, down b's
            // right channel, into b's right side.
            let lane_a = lane_x(a.column, lanes[&(a.column, ai)]);
            let lane_b = lane_x(b.column, lanes[&(b.column, ai)]);
            segments.push(((a.x + a.w, ay), (lane_a, ay)));
            segments.push(((lane_a, ay), (lane_a, gap)));
            segments.push(((lane_a, gap), (lane_b, gap)));
            segments.push(((lane_b, gap), (lane_b, by)));
            segments.push(((lane_b, by), (b.x + b.w, by)));
            arrows.push((b.x + b.w, by, '◀', is_hot));
        } else {
            // Same column: out of a's right, along the channel right of the column, into b's
            // right side.
            let lane = lane_x(a.column, lanes[&(a.column, ai)]);
            segments.push(((a.x + a.w, ay), (lane, ay)));
            segments.push(((lane, ay), (lane, by)));
            segments.push(((lane, by), (b.x + b.w, by)));
            arrows.push((b.x + b.w, by, '◀', is_hot));
        }
        for ((x1, y1), (x2, y2)) in segments {
            trace(&mut bits, &mut dashed, &mut hot, (x1, y1), (x2, y2), is_async, is_hot);
        }
    }
    for y in 0..height {
        for x in 0..width {
            if bits[y][x] != 0 {
                drawing.cells[y][x] = Cell::line(junction(bits[y][x], dashed[y][x]), dashed[y][x], hot[y][x]);
            }
        }
    }
    for (x, y, ch, is_hot) in arrows {
        if y < height && x < width {
            drawing.cells[y][x] = Cell::line(ch, false, is_hot || hot[y][x]);
        }
    }

    for (i, p) in placed.iter().enumerate() {
        let Some(p) = *p else { continue };
        let c = &design.components[i];
        let is_hot = selected == Some(c.id.as_str());
        let mark = marks.get(&c.id).copied();
        let w = p.w.max(4);
        let replicas = match &c.replicas {
            Some(crate::model::Replicas::Count(n)) if *n > 1 => format!("×{n}"),
            // A fleet sized by a row: its count is on the estimate sheet.
            Some(crate::model::Replicas::Row(_)) => "×n".to_string(),
            _ => String::new(),
        };
        // The label when it fits, else the (shorter) id, else as much of the id as fits.
        let symbol = mark.map(|m| format!("{} ", m.symbol())).unwrap_or_default();
        let room = (w - 2).saturating_sub(text_width(&replicas) + text_width(&symbol));
        let name = if text_width(c.display_name()) <= room { c.display_name() } else { &c.id };
        let label = format!("{symbol}{}", clip(name, room));
        let kind = if c.kind.is_store() { ('╭', '╮', '╰', '╯') } else { ('┌', '┐', '└', '┘') };
        let cells = &mut drawing.cells;
        let mut put = |x: usize, y: usize, text: &str| {
            if y < height && x < width {
                let mut chars = text.chars();
                let glyph = match (chars.next(), chars.next()) {
                    (None, _) => Glyph::Covered,
                    (Some(c), None) => Glyph::Char(c),
                    _ => Glyph::Cluster(text.into()),
                };
                cells[y][x] = Cell { glyph, tier: Some(p.tier), dashed: false, hot: is_hot, mark };
            }
        };
        let corner = |ch: char| ch.to_string();
        put(p.x, p.y, &corner(kind.0));
        put(p.x + w - 1, p.y, &corner(kind.1));
        put(p.x, p.y + 2, &corner(kind.2));
        put(p.x + w - 1, p.y + 2, &corner(kind.3));
        for x in p.x + 1..p.x + w - 1 {
            put(x, p.y, "─");
            put(x, p.y + 2, "─");
        }
        put(p.x, p.y + 1, "│");
        put(p.x + w - 1, p.y + 1, "│");
        let inner = w - 2;
        let text = format!(
            "{label}{}{replicas}",
            " ".repeat(inner.saturating_sub(text_width(&label) + text_width(&replicas)))
        );
        let mut x = p.x + 1;
        for g in text.graphemes(true) {
            let gw = g.width();
            put(x, p.y + 1, g);
            // The cell a wide character covers draws nothing of its own.
            for k in 1..gw {
                put(x + k, p.y + 1, "");
            }
            x += gw.max(if gw == 0 { 0 } else { 1 });
        }
    }
    drawing.boxes = placed;
    drawing
}

fn index_of(design: &Design, id: &str) -> Option<usize> {
    design.components.iter().position(|c| c.id == id)
}

fn tier_index(tier: Tier) -> usize {
    Tier::ALL.iter().position(|t| *t == tier).unwrap_or(0)
}

/// Mark a straight segment's cells with the directions the line takes through them.
fn trace(
    bits: &mut [Vec<u8>],
    dashed: &mut [Vec<bool>],
    hot: &mut [Vec<bool>],
    (x1, y1): (usize, usize),
    (x2, y2): (usize, usize),
    is_async: bool,
    is_hot: bool,
) {
    let height = bits.len();
    let width = bits.first().map_or(0, Vec::len);
    let mut mark = |x: usize, y: usize, b: u8| {
        if y < height && x < width {
            bits[y][x] |= b;
            dashed[y][x] |= is_async;
            hot[y][x] |= is_hot;
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

    /// The x of every vertical line cell of row `y`.
    fn verticals(drawing: &Drawing, y: usize) -> Vec<usize> {
        (0..drawing.width)
            .filter(|&x| drawing.cells[y][x].tier.is_none() && "│┆".contains(&drawing.cells[y][x].text()))
            .collect()
    }

    #[test]
    fn two_callers_of_one_column_keep_lanes_of_their_own() {
        // web and mobile both call api and search: before, their lines shared one trunk, so
        // the picture could not say who calls what.
        let mut d = Design {
            components: vec![
                component("web", ComponentKind::Client),
                component("mobile", ComponentKind::Client),
                component("api", ComponentKind::Service),
                component("search", ComponentKind::Service),
            ],
            ..Design::default()
        };
        for (from, to) in [("web", "search"), ("mobile", "api"), ("web", "api")] {
            d.links.push(Link { from: from.into(), to: to.into(), ..Default::default() });
        }
        let drawing = draw(&d, 80, 12);
        let text = drawing.lines().join("\n");
        // Row 3 is the gap between the first and second boxes: web's lane going down to
        // search, and mobile's lane going up to api, side by side, not one line.
        let lanes = verticals(&drawing, 3);
        assert_eq!(lanes.len(), 2, "two lanes between the rows:\n{text}");
        assert_ne!(lanes[0], lanes[1]);
    }

    #[test]
    fn the_selected_component_and_its_links_are_marked() {
        let drawing = draw_selected(&design(), 100, 12, Some("api"));
        let hot: String = drawing.cells.iter().flatten().filter(|c| c.hot).map(|c| c.text()).collect();
        assert!(hot.contains("api"), "the box: {hot}");
        assert!(hot.contains('▶'), "its arrows: {hot}");
        let cold = draw_selected(&design(), 100, 12, None);
        assert!(cold.cells.iter().flatten().all(|c| !c.hot));
    }

    #[test]
    fn wide_labels_keep_the_box_square() {
        let mut d = design();
        d.components[3].label = "缓存集群".into();
        let drawing = draw(&d, 100, 12);
        let lines = drawing.lines();
        let row = lines.iter().position(|l| l.contains("缓存集群")).unwrap();
        let width_of = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        let label_at = width_of(&lines[row][..lines[row].find("缓存集群").unwrap()]);
        // The first border after the label, on its row and on the top border.
        let edge = |line: &str, chars: &str| {
            let mut x = 0;
            for ch in line.chars() {
                if x > label_at && chars.contains(ch) {
                    return x;
                }
                x += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            }
            usize::MAX
        };
        assert_eq!(edge(&lines[row], "│"), edge(&lines[row - 1], "┐╮"), "{}", lines.join("\n"));
    }

    #[test]
    fn a_design_wider_than_the_area_is_drawn_at_the_width_it_needs() {
        let drawing = draw(&design(), 40, 12);
        assert!(drawing.width > 40, "grown for the pane to pan over");
        assert_eq!(drawing.hidden, 0);
        assert!(drawing.boxes.iter().all(Option::is_some));
    }

    #[test]
    fn tiny_areas_and_empty_designs_do_not_panic() {
        assert_eq!(draw(&Design::default(), 80, 20).hidden, 0);
        let _ = draw(&design(), 3, 2);
        let _ = draw(&design(), 12, 3);
    }
}
