//! A single-line text field with a cursor: left/right, home/end, word jumps, deletion by
//! character or word, and paste.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput { text: text.to_string(), cursor: text.chars().count() }
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

    pub fn insert(&mut self, s: &str) {
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
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    self.delete_range(self.cursor - 1, self.cursor);
                }
            }
            KeyCode::Delete => {
                if self.cursor < self.len() {
                    self.delete_range(self.cursor, self.cursor + 1);
                }
            }
            KeyCode::Left if ctrl || alt => self.cursor = self.word_left(),
            KeyCode::Right if ctrl || alt => self.cursor = self.word_right(),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.len(),
            _ => return false,
        }
        true
    }

    /// The visible part of the text for a field `width` columns wide, and where the cursor falls
    /// in it. Scrolls so the cursor is always visible.
    pub fn window(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let chars: Vec<char> = self.text.chars().map(|c| if c == '\n' { '⏎' } else { c }).collect();
        let start = (self.cursor + 1).saturating_sub(width);
        let visible: String = chars.iter().skip(start).take(width).collect();
        (visible, self.cursor - start)
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
}
