//! Copying out of the workbench with OSC 52: the terminal itself puts the text on the system
//! clipboard, so it works over ssh and inside tmux, with no clipboard tool on the machine.

use base64::Engine as _;

/// What the user asked to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    Mermaid,
    Derivation,
    Cell,
    Document,
}

impl Copied {
    pub fn describe(self) -> &'static str {
        match self {
            Copied::Mermaid => "the Mermaid source",
            Copied::Derivation => "the row's derivation",
            Copied::Cell => "the cell",
            Copied::Document => "the whole design document (Markdown)",
        }
    }
}

/// The escape sequences that set the clipboard to `text`: OSC 52 for the terminal, and inside
/// tmux the same wrapped to pass through to the terminal outside.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    let plain = format!("\x1b]52;c;{payload}\x07");
    if in_tmux {
        // tmux passes a DCS sequence on when allow-passthrough is on; ESCs inside are doubled.
        format!("{plain}\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b"))
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_travels_base64_encoded_in_osc_52() {
        assert_eq!(osc52("hi", false), "\x1b]52;c;aGk=\x07");
        let wrapped = osc52("hi", true);
        assert!(wrapped.starts_with("\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07"), "{wrapped:?}");
        assert!(wrapped.ends_with("\x1b\\"));
        // Non-ASCII text is carried as its UTF-8 bytes.
        assert_eq!(osc52("缓存", false), "\x1b]52;c;57yT5a2Y\x07");
    }
}
