//! The notation of interview notes, read into numbat's: scale letters against a number
//! (`20k`, `300M`, `1.5B`, `2T`), digit-group commas (`1,000,000`), `per` for division
//! (`1 photo per 5 tweet`), ratios (`10:1`), and `M`, `K` or `k` standing alone for a million
//! or a thousand. What numbat reports about the translated text is mapped back to the
//! user's columns.
//!
//! The one rule for `B`: against a number it is a billion (`292B tweet`), standing alone it
//! is a byte (`5 B / tweet`). `M` is always a million (metres are `m`). A lowercase `m` or
//! `b` against a number (`5m`, `3b`) could mean too many things and is refused.

use super::{Renames, RowError};

/// Text translated for numbat, with where each of its bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub code: String,
    /// For each byte of `code`, the byte of the original text it stands for.
    origin: Vec<usize>,
}

impl Translated {
    /// The byte of the original text that byte `at` of the code stands for.
    pub fn original_byte(&self, at: usize) -> usize {
        self.origin.get(at).copied().unwrap_or_else(|| self.origin.last().map_or(0, |last| last + 1))
    }

    fn push(&mut self, text: &str, from: usize) {
        self.code.push_str(text);
        self.origin.extend(std::iter::repeat_n(from, text.len()));
    }
}

/// The scale a letter stands for against a number, if it is one.
pub fn scale_word(letter: u8) -> Option<&'static str> {
    match letter {
        b'k' | b'K' => Some("thousand"),
        b'M' => Some("million"),
        b'B' => Some("billion"),
        b'T' => Some("trillion"),
        _ => None,
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Where a number literal that starts at `i` ends, digit-group commas included (`1,000`:
/// one to three digits, then groups of exactly three).
pub fn number_end(bytes: &[u8], i: usize) -> usize {
    let end = super::deps::number_end(bytes, i);
    let integer_digits = bytes[i..end].iter().take_while(|b| b.is_ascii_digit()).count();
    if integer_digits == 0 || integer_digits > 3 || end != i + integer_digits {
        return end;
    }
    let mut at = end;
    while bytes.get(at) == Some(&b',')
        && bytes.get(at + 1..at + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !bytes.get(at + 4).is_some_and(u8::is_ascii_digit)
    {
        at += 4;
    }
    if at == end { end } else { super::deps::number_end(bytes, at - 3).max(at) }
}

/// The scale letter glued to the number that ends at `end`, if there is one (a single
/// letter with no name character after it, or `bn`/`tn`), and how many bytes it takes.
pub fn glued_scale(bytes: &[u8], end: usize) -> Option<(u8, usize)> {
    // `bn` and `tn`, as the display writes a billion and a trillion, read back as `B`/`T`.
    if let Some(pair @ (b"bn" | b"tn")) = bytes.get(end..end + 2)
        && !bytes.get(end + 2).is_some_and(|&b| is_ident_byte(b))
    {
        return Some((pair[0].to_ascii_uppercase(), 2));
    }
    let letter = *bytes.get(end)?;
    let alone = !bytes.get(end + 1).is_some_and(|&b| is_ident_byte(b));
    (alone && (scale_word(letter).is_some() || matches!(letter, b'm' | b'b'))).then_some((letter, 1))
}

/// Read `expr` into numbat's notation.
pub fn translate(expr: &str, renames: &Renames) -> Result<Translated, RowError> {
    let bytes = expr.as_bytes();
    let mut out = Translated { code: String::with_capacity(expr.len() + 16), origin: Vec::new() };
    let column = |at: usize| expr[..at].chars().count() + 1;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts_number = b.is_ascii_digit() || (b == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_name = i > 0 && is_ident_byte(bytes[i - 1]);
        if starts_number && !after_name {
            let end = number_end(bytes, i);
            // A range `low..likely..high` is its likely value.
            if expr[i..end].contains("..")
                && let Some((0, range_end, [_, likely, _])) = super::ranges::find_range(&expr[i..])
            {
                let likely_at = i + expr[i..].find("..").map_or(0, |d| d + 2);
                out.push(&likely, likely_at);
                i += range_end;
                continue;
            }
            if expr[i..end].contains("..") {
                return Err(RowError::Syntax {
                    column: column(i),
                    message: "a range is written low..likely..high, such as `50..100..300`".into(),
                });
            }
            let number_in_code = out.code.len();
            for (k, &d) in bytes[i..end].iter().enumerate() {
                if d != b',' {
                    out.push(std::str::from_utf8(&[d]).unwrap_or("?"), i + k);
                }
            }
            let mut next = end;
            if let Some((letter, len)) = glued_scale(bytes, end) {
                let number = &expr[i..end];
                match scale_word(letter) {
                    Some(word) => {
                        out.push(" ", end);
                        out.push(word, end);
                        next = end + len;
                    }
                    None if letter == b'm' => {
                        return Err(RowError::Syntax {
                            column: column(end),
                            message: format!(
                                "`{number}m` is ambiguous: write `{number}M` for a million, `{number} min` for minutes or `{number} m` for metres"
                            ),
                        });
                    }
                    None => {
                        return Err(RowError::Syntax {
                            column: column(end),
                            message: format!(
                                "`{number}b` is ambiguous: write `{number}B` for a billion, `{number} bit` or `{number} B` for bytes"
                            ),
                        });
                    }
                }
            }
            // A ratio between two numbers: `10:1`.
            let mut j = next;
            while bytes.get(j) == Some(&b' ') {
                j += 1;
            }
            if bytes.get(j) == Some(&b':') {
                let mut k = j + 1;
                while bytes.get(k) == Some(&b' ') {
                    k += 1;
                }
                if bytes.get(k).is_some_and(u8::is_ascii_digit) {
                    let divisor_end = number_end(bytes, k);
                    let divisor: String = expr[k..divisor_end].chars().filter(|&c| c != ',').collect();
                    // Bracketed, so `10:1 * x` is ten times x.
                    out.code.insert(number_in_code, '(');
                    out.origin.insert(number_in_code, i);
                    out.push("/", j);
                    out.push(&divisor, k);
                    out.push(")", divisor_end);
                    i = divisor_end;
                    continue;
                }
            }
            i = next;
        } else if is_ident_byte(b) && !b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && is_ident_byte(bytes[i]) {
                i += 1;
            }
            let word = &expr[start..i];
            let called = bytes[i..].iter().find(|b| **b != b' ') == Some(&b'(');
            let replacement = match word {
                "per" => Some("/"),
                "M" if !called => Some("million"),
                "K" | "k" if !called => Some("thousand"),
                _ => renames.get(word),
            };
            out.push(replacement.unwrap_or(word), start);
        } else {
            let len = expr[i..].chars().next().map_or(1, char::len_utf8);
            out.push(&expr[i..i + len], i);
            i += len;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(expr: &str) -> String {
        translate(expr, &Renames::default()).unwrap().code
    }

    #[test]
    fn scale_letters_against_a_number_multiply_it() {
        assert_eq!(code("300M * 2 / day"), "300 million * 2 / day");
        assert_eq!(code("20k + 20K"), "20 thousand + 20 thousand");
        assert_eq!(code("1.5B tweet"), "1.5 billion tweet");
        assert_eq!(code("2T"), "2 trillion");
        // As the display writes them.
        assert_eq!(code("1.5bn url + 2tn"), "1.5 billion url + 2 trillion");
        // A unit glued to a number stays the unit.
        assert_eq!(code("5GB + 2KB + 3kB + 100ms + 2Mbps"), "5GB + 2KB + 3kB + 100ms + 2Mbps");
    }

    #[test]
    fn b_against_a_number_is_a_billion_and_alone_a_byte() {
        assert_eq!(code("(292B tweets) * (5 B/tweet)"), "(292 billion tweets) * (5 B/tweet)");
        assert_eq!(code("5B/tweet"), "5 billion/tweet");
    }

    #[test]
    fn m_and_k_alone_are_a_million_and_a_thousand() {
        assert_eq!(code("300 M user"), "300 million user");
        assert_eq!(code("3 k req + 4 K req"), "3 thousand req + 4 thousand req");
        // Metres stay `m`; a row called `k_factor` is not a thousand.
        assert_eq!(code("5 m + k_factor"), "5 m + k_factor");
    }

    #[test]
    fn ambiguous_lowercase_letters_are_refused() {
        let err = translate("10 * 5m", &Renames::default()).unwrap_err();
        assert_eq!(
            err,
            RowError::Syntax {
                column: 7,
                message: "`5m` is ambiguous: write `5M` for a million, `5 min` for minutes or `5 m` for metres".into()
            }
        );
        assert!(translate("3b", &Renames::default()).unwrap_err().to_string().contains("`3B` for a billion"));
    }

    #[test]
    fn digit_groups_per_and_ratios() {
        assert_eq!(code("1,000,000 order / day"), "1000000 order / day");
        assert_eq!(code("1,500.5 + 12,345"), "1500.5 + 12345");
        // Not digit groups: argument lists keep their commas.
        assert_eq!(code("max(1, 2) + f(1,20) + g(1234,567)"), "max(1, 2) + f(1,20) + g(1234,567)");
        assert_eq!(code("1 photo per 5 tweet"), "1 photo / 5 tweet");
        assert_eq!(code("2 request per user per day"), "2 request / user / day");
        assert_eq!(code("10:1"), "(10/1)");
        assert_eq!(code("x * 100 : 1"), "x * (100/1)");
        assert_eq!(code("4k:1"), "(4 thousand/1)");
        assert_eq!(code("peak_per_user"), "peak_per_user");
    }

    #[test]
    fn columns_map_back_to_the_original_text() {
        let t = translate("1,000,000 + x", &Renames::default()).unwrap();
        let x = t.code.find('x').unwrap();
        assert_eq!(t.original_byte(x), 12);
        let t = translate("20k + y", &Renames::default()).unwrap();
        assert_eq!(t.original_byte(t.code.find('y').unwrap()), 6);
    }
}
