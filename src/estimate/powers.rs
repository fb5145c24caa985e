//! Exponents stay small. numbat checks a unit's exponent exactly while type checking but
//! computes it in floating point at run time, so `byte^(2^63) / byte^(2^63-1)` type-checks
//! as bytes and prints `1`: beyond 2^53 the two disagree without a word. No estimate needs a
//! power beyond [`MAX_EXPONENT`] (`62^7` keys, `2^64` ids, `1.05^365` compounding all fit), so
//! larger exponents written with numbers alone are refused before numbat sees them, and a
//! result whose unit carries a larger power is refused after.

use super::deps;

/// Largest exponent, in magnitude, a power may have.
pub const MAX_EXPONENT: f64 = 1_000.0;

/// The first power in `expr` whose exponent, written with numbers alone, exceeds
/// [`MAX_EXPONENT`]: its column (1-based, in characters) and value.
pub fn oversized_exponent(expr: &str) -> Option<(usize, f64)> {
    let bytes = expr.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let operator = match (bytes[i], bytes.get(i + 1)) {
            (b'*', Some(b'*')) => 2,
            (b'^', _) => 1,
            _ => {
                i += 1;
                continue;
            }
        };
        let start = i + operator;
        let mut parser = Parser { bytes, at: start };
        if let Some(value) = parser.exponent()
            && value.abs() > MAX_EXPONENT
        {
            let column = expr[..start].chars().count() + 1;
            return Some((column, value));
        }
        i = start;
    }
    None
}

/// A recursive-descent reader of exponents made of numbers, signs, brackets and `+ - * / ^`,
/// which is what numbat evaluates while type checking. Anything else (a name, a function)
/// gives `None`: numbat then decides, and it accepts a name only over a plain number.
struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_spaces();
        self.bytes.get(self.at).copied()
    }

    /// What a power operator binds on its right: a signed operand, itself possibly a power
    /// (`^` groups to the right).
    fn exponent(&mut self) -> Option<f64> {
        match self.peek()? {
            b'-' => {
                self.at += 1;
                Some(-self.exponent()?)
            }
            b'+' => {
                self.at += 1;
                self.exponent()
            }
            _ => {
                let base = self.primary()?;
                match self.power_operator() {
                    Some(len) => {
                        self.at += len;
                        Some(base.powf(self.exponent()?))
                    }
                    None => Some(base),
                }
            }
        }
    }

    fn power_operator(&mut self) -> Option<usize> {
        match (self.peek()?, self.bytes.get(self.at + 1)) {
            (b'^', _) => Some(1),
            (b'*', Some(b'*')) => Some(2),
            _ => None,
        }
    }

    fn primary(&mut self) -> Option<f64> {
        match self.peek()? {
            b'(' => {
                self.at += 1;
                let value = self.sum()?;
                (self.peek()? == b')').then(|| self.at += 1)?;
                Some(value)
            }
            c if c.is_ascii_digit() || c == b'.' => {
                let end = deps::number_end(self.bytes, self.at);
                let text = std::str::from_utf8(&self.bytes[self.at..end]).ok()?.replace('_', "");
                self.at = end;
                // A name glued to the number (`2k`) is not a number alone.
                if self.bytes.get(self.at).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
                    return None;
                }
                text.parse().ok()
            }
            _ => None,
        }
    }

    fn sum(&mut self) -> Option<f64> {
        let mut value = self.product()?;
        loop {
            match self.peek() {
                Some(b'+') => {
                    self.at += 1;
                    value += self.product()?;
                }
                Some(b'-') => {
                    self.at += 1;
                    value -= self.product()?;
                }
                _ => return Some(value),
            }
        }
    }

    fn product(&mut self) -> Option<f64> {
        let mut value = self.exponent()?;
        loop {
            match (self.peek(), self.bytes.get(self.at + 1)) {
                (Some(b'*'), next) if next != Some(&b'*') => {
                    self.at += 1;
                    value *= self.exponent()?;
                }
                (Some(b'/'), _) => {
                    self.at += 1;
                    value /= self.exponent()?;
                }
                _ => return Some(value),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_beyond_the_bound_are_found_wherever_they_are_written() {
        assert_eq!(oversized_exponent("byte^(2^63) / byte^(2^63-1)"), Some((6, 2f64.powi(63))));
        assert_eq!(oversized_exponent("byte^2^63"), Some((6, 2f64.powi(63))));
        assert_eq!(oversized_exponent("byte ** 1001"), Some((8, 1001.0)));
        assert_eq!(oversized_exponent("1 s^-(10 * 200)"), Some((5, -2000.0)));
        assert_eq!(oversized_exponent("2 * byte^(1e4)"), Some((10, 1e4)));
    }

    #[test]
    fn everyday_powers_pass() {
        for expr in ["62^7", "2^64", "1.05^365", "4 m^2", "a^(1/3)", "(8 s)^(-1/3)", "x^y", "2^k", "byte^1000"] {
            assert_eq!(oversized_exponent(expr), None, "{expr}");
        }
    }
}
