//! Text from data made safe for a terminal. A title, a label, a file name or an error message
//! quoting input may hold escape sequences (OSC 52 writes to the clipboard, CSI moves the
//! cursor), C1 controls, or bidi overrides that reorder what is shown. Printed as they are,
//! they act on the user's terminal; shown here, they read as what they are.

use std::borrow::Cow;

/// Characters that change the direction of the text around them (Trojan Source, CVE-2021-42574):
/// embeddings, overrides, isolates and the implicit marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` would act on a terminal rather than be drawn: C0 controls other than newline
/// and tab, DEL, C1 controls, bidi controls, and the Unicode line and paragraph separators.
pub fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `text` with every character that would act on a terminal written as a visible escape:
/// `\e` for ESC, `\r`, `\xNN` for the other C0 controls and DEL, `\u{NNNN}` for the rest.
/// Newlines and tabs are kept. Text with nothing to escape is returned as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if !acts_on_terminal(c) => out.push(c),
            '\u{1b}' => out.push_str("\\e"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// JSON text with the characters serde_json leaves raw (DEL, C1 controls, bidi controls, line
/// separators) written as `\uNNNN` escapes: the same JSON value, safe on a terminal. serde_json
/// already escapes C0 controls, and a character outside strings is never one of these.
pub fn json_visible(json: &str) -> Cow<'_, str> {
    if !json.chars().any(acts_on_terminal) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if acts_on_terminal(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` without bidi controls, for the workbench, whose cells already drop C0 and C1
/// controls. What is left keeps its logical order.
pub fn without_bidi(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_bidi_control) {
        Cow::Owned(text.chars().filter(|c| !is_bidi_control(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_passes_through_untouched() {
        let text = "URL shortener\n\t100 M url/day · ≈ 1.16 K/s → 日本語";
        assert!(matches!(visible(text), Cow::Borrowed(_)));
        assert_eq!(visible(text), text);
    }

    #[test]
    fn escape_sequences_and_controls_become_visible() {
        assert_eq!(visible("a\x1b]52;c;SGVsbG8=\x07b"), "a\\e]52;c;SGVsbG8=\\x07b");
        assert_eq!(visible("\x1b[2J\r\x08\x7f"), "\\e[2J\\r\\x08\\x7f");
        assert_eq!(visible("c1 \u{9b}31m"), "c1 \\u{9b}31m");
        assert_eq!(visible("evil\u{202e}txt.exe\u{2066}"), "evil\\u{202e}txt.exe\\u{2066}");
        assert_eq!(visible("line\u{2028}sep"), "line\\u{2028}sep");
    }

    #[test]
    fn nothing_that_acts_on_a_terminal_survives() {
        let hostile: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let shown = visible(&hostile);
        assert!(!shown.chars().any(acts_on_terminal), "{shown:?}");
        // Every escaped character is still readable: nothing is dropped.
        assert!(shown.contains("\\e") && shown.contains("\\u{202e}") && shown.contains("\\x00"));
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_teeth() {
        let value = serde_json::json!({ "title": "a\u{9b}b\u{202e}c\u{7f}", "n": 1 });
        let raw = serde_json::to_string_pretty(&value).unwrap();
        assert!(raw.contains('\u{202e}'), "serde_json leaves bidi controls raw");
        let safe = json_visible(&raw);
        assert!(!safe.chars().any(|c| acts_on_terminal(c) && c != '\n'), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
    }

    #[test]
    fn bidi_controls_are_dropped_for_the_workbench() {
        assert_eq!(without_bidi("abc\u{202e}def\u{2069}"), "abcdef");
        assert!(matches!(without_bidi("plain"), Cow::Borrowed(_)));
    }
}
