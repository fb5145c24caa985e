//! Fitting text into a column.

/// `text` cut to at most `width` characters, with `…` marking a cut.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// `text` cut or padded to exactly `width` characters.
pub fn fit(text: &str, width: usize) -> String {
    format!("{:<width$}", clip(text, width))
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
}
