//! Fitting text into a column, measured in terminal cells: a CJK character or an emoji takes
//! two, a combining mark none, so `缓存集群` is eight cells wide, not four.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How many terminal cells `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `width` cells, with `…` marking a cut. Whole graphemes only: an
/// accent is never split from its letter, a wide character never cut in half.
pub fn clip(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut or padded with spaces to exactly `width` cells (one less when a wide character
/// would straddle the edge, then padded).
pub fn fit(text: &str, max: usize) -> String {
    let clipped = clip(text, max);
    let pad = max.saturating_sub(width(&clipped));
    format!("{clipped}{}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_with_an_ellipsis_and_pads_to_the_width() {
        assert_eq!(clip("Ride-sharing service", 8), "Ride-sh…");
        assert_eq!(clip("Chat", 8), "Chat");
        assert_eq!(fit("Chat", 6), "Chat  ");
        assert_eq!(fit("Ride-sharing", 6), "Ride-…");
        assert_eq!(clip("anything", 0), "");
    }

    #[test]
    fn wide_characters_count_two_cells_and_marks_none() {
        assert_eq!(width("缓存集群"), 8);
        assert_eq!(fit("缓存集群", 10), "缓存集群  ");
        // Seven cells of room: three wide characters and the ellipsis, padded to seven.
        assert_eq!(clip("缓存集群", 7), "缓存集…");
        assert_eq!(width(&fit("缓存集群", 6)), 6);
        assert_eq!(width(&fit("缓存集群", 7)), 7);
        // An accent written as a combining mark stays with its letter and takes no cell.
        assert_eq!(width("cafe\u{301}"), 4);
        assert_eq!(clip("cafe\u{301} au lait", 5), "cafe\u{301}…");
        assert_eq!(width("🚀 launch"), 9);
        assert_eq!(width(&fit("🚀🚀🚀", 4)), 4);
    }
}
