//! Making user text safe where it lands: inside Mermaid labels, Markdown table cells, list
//! items and fenced blocks. Templates never escape anything themselves; every string they
//! receive has been through one of these functions.

/// Longest label on an architecture node, in characters.
pub const NODE_LABEL_MAX: usize = 48;
/// Longest label on an arrow (the link label plus its rate).
pub const EDGE_LABEL_MAX: usize = 72;
/// Longest sequence-diagram participant name.
pub const PARTICIPANT_MAX: usize = 40;
/// Longest sequence-diagram message.
pub const MESSAGE_MAX: usize = 72;
/// Longest entity name, relation label or attribute comment on the ER diagram.
pub const ERD_TEXT_MAX: usize = 48;
/// Longest attribute name or type on the ER diagram.
pub const ERD_WORD_MAX: usize = 32;

/// One line of plain text: every control character and line break becomes a space, runs of
/// whitespace collapse to one, and the ends are trimmed.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// At most `max` characters, ending in `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Text for inside a Mermaid label, message or participant name: one line, at most `max`
/// characters, and every character Mermaid's lexers or its preprocessing could read as syntax
/// written as a Mermaid entity code (`#quot;`, `#35;`, ...), which Mermaid turns back into
/// the character when it draws. Empty when `text` has nothing printable.
///
/// Escaped: `"` (ends a quoted label), `#` and `;` (comments and statement ends in sequence
/// diagrams, and the entity syntax itself), `%` (comments and `%%{init}%%` directives),
/// `:` (the `style ...:...#...;` rewrite Mermaid applies to whole lines, and `wrap:`
/// prefixes), `<`, `>` and `&` (labels are HTML), `|` (edge-label delimiters), backticks
/// (Markdown labels), `$` (maths), `\`, and the private characters Mermaid uses to encode
/// entities (`¶`, `ﬂ`).
pub fn mermaid_text(text: &str, max: usize) -> String {
    let line = truncate(&one_line(text), max);
    let mut out = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '%' => out.push_str("#37;"),
            ':' => out.push_str("#58;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '$' => out.push_str("#36;"),
            '\\' => out.push_str("#92;"),
            '¶' => out.push_str("#182;"),
            'ﬂ' => out.push_str("#64258;"),
            c => out.push(c),
        }
    }
    out
}

/// A quoted Mermaid label (`"..."`), never empty: `fallback` stands in for blank text.
pub fn mermaid_quoted(text: &str, max: usize, fallback: &str) -> String {
    let mut inner = mermaid_text(text, max);
    if inner.is_empty() {
        inner = mermaid_text(fallback, max);
    }
    if inner.is_empty() {
        inner.push('?');
    }
    format!("\"{inner}\"")
}

/// Unquoted Mermaid text that must not be empty (sequence participants and messages).
pub fn mermaid_bare(text: &str, max: usize, fallback: &str) -> String {
    let inner = mermaid_text(text, max);
    if !inner.is_empty() {
        return inner;
    }
    let inner = mermaid_text(fallback, max);
    if inner.is_empty() { "?".into() } else { inner }
}

/// A word the ER diagram accepts as an attribute name or type: ASCII letters, digits and `_`,
/// starting with a letter or `_`, never one of the key markers `PK`, `FK`, `UK` (Mermaid
/// reads those case-insensitively), at most [`ERD_WORD_MAX`] characters. Anything else
/// becomes `_`; a trailing `[]` (an array type) is kept.
pub fn erd_word(text: &str, fallback: &str) -> String {
    let (body, array) = match text.trim().strip_suffix("[]") {
        Some(b) => (b, true),
        None => (text.trim(), false),
    };
    let mut word: String =
        body.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).take(ERD_WORD_MAX).collect();
    if word.chars().all(|c| c == '_') {
        word = fallback.to_string();
    }
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        word.insert(0, '_');
    }
    if matches!(word.to_ascii_uppercase().as_str(), "PK" | "FK" | "UK") {
        word.push('_');
    }
    if array {
        word.push_str("[]");
    }
    word
}

/// Text for a Markdown table cell: a `|` or a line break cannot end the cell or the row.
/// Backslashes are doubled (so a user's `\|` stays text), pipes escaped, line breaks become
/// `<br>`, and `<` is written `&lt;` so the text never turns into HTML.
pub fn md_cell(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table cell showing `text` as code (formulas, names). Falls back to
/// [`md_cell`] for text a code span cannot hold (backslashes, line breaks).
pub fn md_code_cell(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    if text.contains('\\') || text.chars().any(char::is_control) {
        return md_cell(text);
    }
    let ticks = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{}{pad}{ticks}", text.replace('|', "\\|"))
}

/// One line of Markdown text (list items, headings): line breaks become spaces and `<` is
/// written `&lt;`.
pub fn md_inline(text: &str) -> String {
    one_line(text).replace('<', "&lt;")
}

/// A Markdown paragraph block that keeps the writer's line breaks but cannot open a code
/// fence, a heading or an HTML block and so swallow the rest of the document.
pub fn md_block(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.trim().lines() {
        let line: String =
            line.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().replace('<', "&lt;");
        let trimmed = line.trim_start();
        let special = trimmed.starts_with("```")
            || trimmed.starts_with("~~~")
            || trimmed.starts_with('#')
            || trimmed.starts_with('>')
            || (!trimmed.is_empty() && trimmed.chars().all(|c| c == '=' || c == '-'));
        if special {
            out.push(format!("\\{trimmed}"));
        } else {
            out.push(line.trim_end().to_string());
        }
    }
    out.join("\n")
}

/// `text` as a Markdown block quote.
pub fn md_quote(text: &str) -> String {
    md_block(text)
        .lines()
        .map(|l| if l.is_empty() { ">".into() } else { format!("> {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A code fence long enough that nothing inside `content` can close it early.
pub fn fence_for(content: &str) -> String {
    "`".repeat((longest_run(content, '`') + 1).max(3))
}

fn longest_run(text: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        if c == ch {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_text_leaves_no_syntax_behind() {
        let hostile = "end\"; #1 <b>&</b> | `x` %%{init}%% style:x $$a$$ \\ ¶ ﬂ\nnext";
        let out = mermaid_text(hostile, 200);
        for bad in ['"', '<', '>', '|', '`', '%', ':', '$', '\\', '\n', '¶', 'ﬂ'] {
            assert!(!out.contains(bad), "{bad:?} left in {out}");
        }
        // Every # and ; belongs to an entity code.
        let stripped = strip_entities(&out);
        assert!(!stripped.contains('#') && !stripped.contains(';'), "{out}");
        assert!(out.starts_with("end#quot;#59; #35;1 #lt;b#gt;#amp;"));
        assert!(out.ends_with(" next"));
    }

    fn strip_entities(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('#') {
            out.push_str(&rest[..i]);
            let tail = &rest[i + 1..];
            let end = tail.find(';').expect("entity closed");
            assert!(tail[..end].chars().all(|c| c.is_ascii_alphanumeric()));
            rest = &tail[end + 1..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis_before_escaping() {
        let out = mermaid_text(&"a;".repeat(100), 10);
        assert_eq!(out, "a#59;a#59;a#59;a#59;a…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("日本語のラベルです", 4), "日本語…");
    }

    #[test]
    fn quoted_labels_are_never_empty() {
        assert_eq!(mermaid_quoted("  \n\t ", 10, "service"), "\"service\"");
        assert_eq!(mermaid_quoted("", 10, ""), "\"?\"");
        assert_eq!(mermaid_bare("\u{7}", 10, ""), "?");
    }

    #[test]
    fn erd_words_are_identifiers() {
        assert_eq!(erd_word("code", "f"), "code");
        assert_eq!(erd_word("string[]", "t"), "string[]");
        assert_eq!(erd_word("prénom", "f"), "pr_nom");
        assert_eq!(erd_word("日本", "field"), "field");
        assert_eq!(erd_word("9lives", "f"), "_9lives");
        assert_eq!(erd_word("pk", "f"), "pk_");
        assert_eq!(erd_word("Uk", "f"), "Uk_");
        assert_eq!(erd_word("a b-c", "f"), "a_b_c");
        assert_eq!(erd_word(&"x".repeat(100), "f").len(), ERD_WORD_MAX);
    }

    #[test]
    fn table_cells_keep_the_row_together() {
        assert_eq!(md_cell("a | b\nc\r\nd"), "a \\| b<br>c<br>d");
        assert_eq!(md_cell("x \\| y"), "x \\\\\\| y");
        assert_eq!(md_cell("<script>"), "&lt;script>");
        assert_eq!(md_code_cell("a * b"), "`a * b`");
        assert_eq!(md_code_cell("a | b"), "`a \\| b`");
        assert_eq!(md_code_cell("`x` and ``y``"), "``` `x` and ``y`` ```");
        assert_eq!(md_code_cell("a\\b"), "a\\\\b");
    }

    #[test]
    fn blocks_cannot_open_fences_or_headings() {
        assert_eq!(md_block("para\n```\n# title\n---\n> q"), "para\n\\```\n\\# title\n\\---\n\\> q");
        assert_eq!(md_quote("a\n\nb"), "> a\n>\n> b");
        assert_eq!(fence_for("no ticks"), "```");
        assert_eq!(fence_for("````"), "`````");
    }
}
