//! The one place colours are chosen. A dark and a light palette, picked by the settings; only
//! the colours the terminal can show (truecolour only where `COLORTERM` declares it, the 256
//! palette where `TERM` does, else the 16 named colours); with `NO_COLOR` set, everything is
//! drawn with bold, reverse and underline only.

use ratatui::style::{Color, Modifier, Style};

/// How many colours the terminal declares it can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Ansi16,
    Ansi256,
    TrueColor,
}

impl Depth {
    /// From `COLORTERM` and `TERM`, as terminals declare themselves.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> Depth {
        if colorterm.is_some_and(|c| c == "truecolor" || c == "24bit") {
            Depth::TrueColor
        } else if term.is_some_and(|t| t.contains("256color")) {
            Depth::Ansi256
        } else {
            Depth::Ansi16
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Drawn for a light background.
    pub light: bool,
    pub depth: Depth,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to a non-empty value (<https://no-color.org>), for a
    /// dark background unless `light`.
    pub fn from_env(light: bool) -> Theme {
        let var = |name: &str| std::env::var(name).ok();
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            light,
            depth: Depth::detect(var("COLORTERM").as_deref(), var("TERM").as_deref()),
        }
    }

    /// No colour at all: bold, reverse and underline only (tests, `NO_COLOR`).
    pub fn plain() -> Theme {
        Theme { color: false, light: false, depth: Depth::Ansi16 }
    }

    /// A background shade: `(r, g, b)` in truecolour, `index` of the 256 palette, or None on
    /// a 16-colour terminal (the caller falls back to reverse video).
    fn shade(self, rgb: (u8, u8, u8), index: u8) -> Option<Color> {
        match self.depth {
            Depth::TrueColor => Some(Color::Rgb(rgb.0, rgb.1, rgb.2)),
            Depth::Ansi256 => Some(Color::Indexed(index)),
            Depth::Ansi16 => None,
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    /// A named colour that reads on this background: the dark palette's bright colours are
    /// too pale on white, so the light one takes their darker twins.
    fn ink(self, dark: Color, light: Color) -> Style {
        self.fg(if self.light { light } else { dark })
    }

    pub fn text(self) -> Style {
        Style::new()
    }

    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    pub fn title(self) -> Style {
        self.ink(Color::Cyan, Color::Blue).add_modifier(Modifier::BOLD)
    }

    pub fn accent(self) -> Style {
        self.ink(Color::Cyan, Color::Blue)
    }

    pub fn heading(self) -> Style {
        self.ink(Color::Blue, Color::Blue).add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.ink(Color::Yellow, Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn ok(self) -> Style {
        self.ink(Color::Green, Color::Green)
    }

    pub fn warn(self) -> Style {
        self.ink(Color::Yellow, Color::Magenta)
    }

    pub fn error(self) -> Style {
        if self.color { Style::new().fg(Color::Red) } else { Style::new().add_modifier(Modifier::BOLD) }
    }

    pub fn value(self) -> Style {
        self.ink(Color::Green, Color::Green)
    }

    /// A selected row: a background shade that keeps the text readable on either scheme.
    pub fn selected(self) -> Style {
        let (rgb, index) = if self.light { ((220, 228, 240), 254) } else { ((40, 48, 64), 237) };
        match (self.color, self.shade(rgb, index)) {
            (true, Some(bg)) => Style::new().bg(bg).add_modifier(Modifier::BOLD),
            _ => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    pub fn selected_cell(self) -> Style {
        let (rgb, index) = if self.light { ((190, 205, 230), 152) } else { ((60, 72, 100), 60) };
        match (self.color, self.shade(rgb, index)) {
            (true, Some(bg)) => Style::new().bg(bg).add_modifier(Modifier::BOLD),
            _ => Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
        }
    }

    pub fn editing(self) -> Style {
        let (rgb, index, fg) =
            if self.light { ((255, 255, 235), 230, Color::Black) } else { ((30, 30, 30), 235, Color::White) };
        match (self.color, self.shade(rgb, index)) {
            (true, Some(bg)) => Style::new().bg(bg).fg(fg),
            _ => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn tab(self) -> Style {
        self.dim()
    }

    pub fn tab_active(self) -> Style {
        if self.color {
            let bg = if self.light { Color::Blue } else { Color::Cyan };
            let fg = if self.light { Color::White } else { Color::Black };
            Style::new().fg(fg).bg(bg).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn border(self) -> Style {
        self.dim()
    }

    pub fn border_focus(self) -> Style {
        self.ink(Color::Cyan, Color::Blue)
    }

    /// The selected component and its links in the diagram.
    pub fn hot(self) -> Style {
        self.ink(Color::Yellow, Color::Magenta).add_modifier(Modifier::BOLD)
    }

    /// A tier's colour in the diagram. On a light background white boxes would vanish, so
    /// clients are drawn black there and the pale colours take darker ones.
    pub fn tier(self, index: usize) -> Style {
        const DARK: [Color; 6] = [Color::White, Color::Magenta, Color::Cyan, Color::Yellow, Color::Green, Color::Blue];
        const LIGHT: [Color; 6] =
            [Color::Black, Color::Magenta, Color::Blue, Color::Red, Color::Green, Color::DarkGray];
        let palette = if self.light { LIGHT } else { DARK };
        self.fg(palette[index % palette.len()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truecolour_only_where_the_terminal_declares_it() {
        assert_eq!(Depth::detect(Some("truecolor"), Some("xterm-256color")), Depth::TrueColor);
        assert_eq!(Depth::detect(None, Some("xterm-256color")), Depth::Ansi256);
        assert_eq!(Depth::detect(None, Some("xterm")), Depth::Ansi16);
        let no_truecolour = |t: Theme| {
            [t.selected(), t.selected_cell(), t.editing()]
                .iter()
                .all(|s| !matches!(s.bg, Some(Color::Rgb(..))) && !matches!(s.fg, Some(Color::Rgb(..))))
        };
        for light in [false, true] {
            let theme = |depth| Theme { color: true, light, depth };
            assert!(no_truecolour(theme(Depth::Ansi256)));
            assert!(no_truecolour(theme(Depth::Ansi16)));
            assert!(!no_truecolour(theme(Depth::TrueColor)));
            // On 16 colours the selection is reverse video, readable on any background.
            assert!(theme(Depth::Ansi16).selected().add_modifier.contains(Modifier::REVERSED));
        }
    }

    #[test]
    fn the_light_theme_never_draws_white_on_white() {
        let light = Theme { color: true, light: true, depth: Depth::Ansi256 };
        for i in 0..6 {
            assert_ne!(light.tier(i).fg, Some(Color::White), "tier {i}");
        }
        assert_ne!(
            light.selected().bg,
            Theme { light: false, ..light }.selected().bg,
            "a pale selection, not a dark one"
        );
        assert_eq!(light.selected().bg, Some(Color::Indexed(254)));
    }
}
