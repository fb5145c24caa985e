//! A single-line text field with a cursor: left/right, home/end, word jumps, deletion by
//! character or word, and paste.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
    /// The whole text is selected: typing replaces it (a generated default, say).
    selected: bool,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput { text: text.to_string(), cursor: text.chars().count(), selected: false }
    }

    /// A field whose text is selected, so that the first key typed replaces it.
    pub fn selected(text: &str) -> TextInput {
        TextInput { selected: !text.is_empty(), ..TextInput::new(text) }
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text.char_indices().nth(char_index).map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// The character index of the grapheme boundary before the cursor (an accent written as a
    /// combining mark, or an emoji sequence, is one step).
    fn grapheme_left(&self) -> usize {
        let before = &self.text[..self.byte_at(self.cursor)];
        before.graphemes(true).next_back().map_or(0, |g| self.cursor - g.chars().count())
    }

    fn grapheme_right(&self) -> usize {
        let after = &self.text[self.byte_at(self.cursor)..];
        after.graphemes(true).next().map_or(self.cursor, |g| self.cursor + g.chars().count())
    }

    pub fn insert(&mut self, s: &str) {
        if std::mem::take(&mut self.selected) {
            self.text.clear();
            self.cursor = 0;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += s.chars().count();
    }

    fn word_left(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i > 0 && !chars[i - 1].is_alphanumeric() {
            i -= 1;
        }
        while i > 0 && chars[i - 1].is_alphanumeric() {
            i -= 1;
        }
        i
    }

    fn word_right(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i < chars.len() && !chars[i].is_alphanumeric() {
            i += 1;
        }
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        i
    }

    fn delete_range(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte_at(from.min(to)), self.byte_at(from.max(to)));
        self.text.replace_range(a..b, "");
        self.cursor = from.min(to);
    }

    /// Handle an editing key; returns false for keys that are not about text.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if self.selected {
            match key.code {
                // Typing replaces the selection, deleting clears it, moving keeps the text.
                KeyCode::Char(_) if !ctrl && !alt => {}
                KeyCode::Backspace | KeyCode::Delete => {
                    *self = TextInput::new("");
                    return true;
                }
                KeyCode::Left | KeyCode::Home => {
                    self.selected = false;
                    self.cursor = 0;
                    return true;
                }
                _ => self.selected = false,
            }
        }
        match key.code {
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => return false,
            KeyCode::Char('w') if ctrl => self.delete_range(self.word_left(), self.cursor),
            KeyCode::Char('u') if ctrl => self.delete_range(0, self.cursor),
            KeyCode::Char('k') if ctrl => self.delete_range(self.cursor, self.len()),
            KeyCode::Char('b') if alt => self.cursor = self.word_left(),
            KeyCode::Char('f') if alt => self.cursor = self.word_right(),
            KeyCode::Char(_) if ctrl || alt => return false,
            KeyCode::Char(c) => self.insert(&c.to_string()),
            KeyCode::Backspace if ctrl || alt => self.delete_range(self.word_left(), self.cursor),
            KeyCode::Backspace => self.delete_range(self.grapheme_left(), self.cursor),
            KeyCode::Delete => self.delete_range(self.cursor, self.grapheme_right()),
            KeyCode::Left if ctrl || alt => self.cursor = self.word_left(),
            KeyCode::Right if ctrl || alt => self.cursor = self.word_right(),
            KeyCode::Left => self.cursor = self.grapheme_left(),
            KeyCode::Right => self.cursor = self.grapheme_right(),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.len(),
            _ => return false,
        }
        true
    }

    /// The visible part of the text for a field `width` cells wide, and the cell the cursor
    /// falls on in it. Scrolls so the cursor is always visible; widths are terminal cells, so
    /// after `ab中文` the cursor sits at cell 6, where the text ends.
    pub fn window(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let shown = self.text.replace('\n', "⏎");
        let graphemes: Vec<&str> = shown.graphemes(true).collect();
        // The grapheme the cursor is before.
        let mut chars = 0;
        let at = graphemes
            .iter()
            .position(|g| {
                let here = chars >= self.cursor;
                chars += g.chars().count();
                here
            })
            .unwrap_or(graphemes.len());
        // Scroll left from the cursor until the field is full, keeping one cell for it.
        let mut start = at;
        let mut used = 1;
        while start > 0 && used + graphemes[start - 1].width() <= width {
            start -= 1;
            used += graphemes[start].width();
        }
        let cursor: usize = graphemes[start..at].iter().map(|g| g.width()).sum();
        let mut visible = String::new();
        let mut cells = 0;
        for g in &graphemes[start..] {
            if cells + g.width() > width {
                break;
            }
            visible.push_str(g);
            cells += g.width();
        }
        (visible, cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::CONTROL)
    }

    #[test]
    fn types_moves_and_deletes() {
        let mut t = TextInput::new("");
        for c in "héllo world".chars() {
            t.handle(key(KeyCode::Char(c)));
        }
        t.handle(ctrl(KeyCode::Left));
        assert_eq!(t.cursor(), 6);
        t.handle(key(KeyCode::Backspace));
        assert_eq!(t.text(), "héllo world".replacen(' ', "", 1));
        t.handle(key(KeyCode::Home));
        t.handle(key(KeyCode::Delete));
        assert_eq!(t.text(), "élloworld");
        t.handle(key(KeyCode::End));
        t.handle(ctrl(KeyCode::Char('w')));
        assert_eq!(t.text(), "");
    }

    #[test]
    fn paste_inserts_at_the_cursor_and_window_follows_it() {
        let mut t = TextInput::new("ad");
        t.handle(key(KeyCode::Left));
        t.insert("bc");
        assert_eq!(t.text(), "abcd");
        let long = TextInput::new(&"x".repeat(50));
        let (visible, cursor) = long.window(10);
        assert_eq!(visible.len(), 9);
        assert_eq!(cursor, 9);
    }

    #[test]
    fn the_cursor_counts_cells_not_characters() {
        let mut t = TextInput::new("");
        for c in "ab中文中文".chars() {
            t.handle(key(KeyCode::Char(c)));
        }
        assert_eq!(t.window(40), ("ab中文中文".to_string(), 10), "the cursor is where the text ends");
        t.handle(key(KeyCode::Left));
        assert_eq!(t.window(40).1, 8);
        // In a narrow field the text scrolls by whole characters and the cursor stays inside.
        t.handle(key(KeyCode::End));
        let (visible, cursor) = t.window(5);
        assert_eq!((visible.as_str(), cursor), ("中文", 4));
    }

    #[test]
    fn a_selected_default_is_replaced_by_typing_and_kept_by_moving() {
        let mut t = TextInput::selected("component1");
        for c in "lb".chars() {
            t.handle(key(KeyCode::Char(c)));
        }
        assert_eq!(t.text(), "lb");
        let mut t = TextInput::selected("component1");
        t.handle(key(KeyCode::End));
        t.handle(key(KeyCode::Char('x')));
        assert_eq!(t.text(), "component1x", "End keeps the default and appends");
        let mut t = TextInput::selected("component1");
        t.handle(key(KeyCode::Backspace));
        assert_eq!(t.text(), "");
        let mut t = TextInput::selected("component1");
        t.insert("pasted");
        assert_eq!(t.text(), "pasted");
    }

    #[test]
    fn an_accent_and_its_letter_are_one_step() {
        let mut t = TextInput::new("cafe\u{301}");
        t.handle(key(KeyCode::Left));
        assert_eq!(t.cursor(), 3, "one step back over e and its accent");
        assert_eq!(t.window(20).1, 3);
        t.handle(key(KeyCode::End));
        t.handle(key(KeyCode::Backspace));
        assert_eq!(t.text(), "caf");
        let mut rocket = TextInput::new("go 🚀");
        assert_eq!(rocket.window(20).1, 5);
        rocket.handle(key(KeyCode::Backspace));
        assert_eq!(rocket.text(), "go ");
    }
}
