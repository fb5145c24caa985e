//! Ranges: an assumption written `low..likely..high` (`50..100..300 million user`). The sheet
//! is evaluated with every range at its likely value; [`bands`] gives each row the least and
//! greatest value over every combination of range ends (up to [`MAX_RANGES`] ranges), and
//! [`sensitivity`] ranks the ranges by how far each alone moves one figure. The same sheet
//! always gives the same bands.

use super::{Options, Quantity, evaluate};
use crate::model::Sheet;

/// Most ranges a sheet may have: every combination of their ends is evaluated.
pub const MAX_RANGES: usize = 8;

/// A range written in an input's value: where it is, and its three numbers as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    /// The input's index in the sheet.
    pub input: usize,
    start: usize,
    end: usize,
    pub low: String,
    pub likely: String,
    pub high: String,
}

/// The `low..likely..high` literal in `expr`, if there is one: byte span and three numbers.
pub fn find_range(expr: &str) -> Option<(usize, usize, [String; 3])> {
    let bytes = expr.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts =
            bytes[i].is_ascii_digit() && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if starts {
            let end = super::deps::number_end(bytes, i);
            let literal = &expr[i..end];
            if literal.contains("..") {
                let parts: Vec<&str> = literal.split("..").collect();
                if let [low, likely, high] = parts.as_slice() {
                    return Some((i, end, [low.to_string(), likely.to_string(), high.to_string()]));
                }
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// The ranges of a sheet's inputs.
pub fn ranges(sheet: &Sheet) -> Vec<Range> {
    sheet
        .inputs
        .iter()
        .enumerate()
        .filter_map(|(input, row)| {
            let (start, end, [low, likely, high]) = find_range(&row.value)?;
            Some(Range { input, start, end, low, likely, high })
        })
        .collect()
}

/// The sheet with range `range` set to one of its ends.
fn with_end(sheet: &Sheet, range: &Range, value: &str) -> Sheet {
    let mut sheet = sheet.clone();
    let expr = &mut sheet.inputs[range.input].value;
    expr.replace_range(range.start..range.end, value);
    sheet
}

/// Each row's least and greatest value over every combination of range ends (`None` for a
/// row that fails in any of them, or when there is no range).
pub fn bands(sheet: &Sheet, options: Options) -> Result<Vec<Option<(Quantity, Quantity)>>, String> {
    let found = ranges(sheet);
    if found.len() > MAX_RANGES {
        return Err(format!("the sheet has {} ranges; the limit is {MAX_RANGES}", found.len()));
    }
    let mut bands: Vec<Option<(Quantity, Quantity)>> = vec![None; sheet.len()];
    if found.is_empty() {
        return Ok(bands);
    }
    let mut failed = vec![false; sheet.len()];
    for corner in 0..(1usize << found.len()) {
        // Later ranges' spans are unchanged by earlier replacements: they are in other inputs.
        let mut scenario = sheet.clone();
        for (k, range) in found.iter().enumerate() {
            let end = if corner & (1 << k) == 0 { &range.low } else { &range.high };
            scenario = with_end(&scenario, range, end);
        }
        for (i, row) in evaluate(&scenario, options).rows.into_iter().enumerate() {
            match row.outcome {
                Err(_) => failed[i] = true,
                Ok(q) => {
                    let band = bands[i].get_or_insert_with(|| (q.clone(), q.clone()));
                    if q.base_value < band.0.base_value {
                        band.0 = q.clone();
                    }
                    if q.base_value > band.1.base_value {
                        band.1 = q;
                    }
                }
            }
        }
    }
    for (band, failed) in bands.iter_mut().zip(failed) {
        if failed {
            *band = None;
        }
    }
    Ok(bands)
}

/// How far one range alone moves a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    /// The input the range is in.
    pub input: String,
    /// The figure with the range at its low and at its high end.
    pub at_low: Quantity,
    pub at_high: Quantity,
    /// |at_high - at_low| over the figure's likely value.
    pub relative: f64,
}

/// The ranges ranked by how far each alone (the others at their likely values) moves the row
/// `figure`, most first; ties in sheet order.
pub fn sensitivity(sheet: &Sheet, options: Options, figure: &str) -> Result<Vec<Swing>, String> {
    let likely = evaluate(sheet, options);
    let base = likely.row(figure).ok_or_else(|| format!("the sheet has no row called `{figure}`"))?;
    let base = base.outcome.as_ref().map_err(|e| format!("`{figure}` has an error: {e}"))?;
    let value_at = |range: &Range, end: &str| -> Result<Quantity, String> {
        let evaluation = evaluate(&with_end(sheet, range, end), options);
        let row = evaluation.row(figure).ok_or_else(|| format!("no row `{figure}`"))?;
        row.outcome.clone().map_err(|e| format!("`{figure}` with `{}` at {end}: {e}", sheet.inputs[range.input].name))
    };
    let mut swings = Vec::new();
    for range in ranges(sheet) {
        let (at_low, at_high) = (value_at(&range, &range.low)?, value_at(&range, &range.high)?);
        let scale = base.base_value.abs();
        let relative = if scale == 0.0 { 0.0 } else { (at_high.base_value - at_low.base_value).abs() / scale };
        swings.push(Swing { input: sheet.inputs[range.input].name.clone(), at_low, at_high, relative });
    }
    // A stable sort keeps sheet order among equal swings.
    swings.sort_by(|a, b| b.relative.total_cmp(&a.relative));
    Ok(swings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Formula, Input};

    fn sheet() -> Sheet {
        let input = |name: &str, value: &str| Input { name: name.into(), value: value.into(), note: String::new() };
        let formula = |name: &str, expr: &str| Formula { name: name.into(), expr: expr.into(), note: String::new() };
        Sheet {
            inputs: vec![
                input("dau", "50..100..300 million user"),
                input("per_user", "2..5..10 request / user / day"),
                input("capacity", "1000 request / s / server"),
            ],
            formulas: vec![
                formula("qps", "dau * per_user -> request / s"),
                formula("servers", "ceil_in(server, qps / capacity)"),
            ],
            ..Sheet::default()
        }
    }

    #[test]
    fn a_range_evaluates_at_its_likely_value() {
        assert_eq!(find_range("50..100..300 million user"), Some((0, 12, ["50".into(), "100".into(), "300".into()])));
        assert_eq!(find_range("1.5..2..2.5 KB"), Some((0, 11, ["1.5".into(), "2".into(), "2.5".into()])));
        assert_eq!(find_range("100 million user"), None);
        let e = evaluate(&sheet(), Options::default());
        assert_eq!(e.row("qps").unwrap().outcome.as_ref().unwrap().display, "5.79 K req/s");
    }

    #[test]
    fn every_derived_row_gets_its_band() {
        let bands = bands(&sheet(), Options::default()).unwrap();
        let (low, high) = bands[3].clone().expect("qps has a band");
        // 50 M × 2 a day and 300 M × 10 a day.
        assert_eq!((low.display.as_str(), high.display.as_str()), ("1.16 K req/s", "34.7 K req/s"));
        let (low, high) = bands[4].clone().unwrap();
        assert_eq!((low.value, high.value), (2.0, 35.0));
        // A row without a range is its own band.
        let (low, high) = bands[2].clone().unwrap();
        assert_eq!(low, high);
        // Deterministic.
        assert_eq!(super::bands(&sheet(), Options::default()).unwrap(), bands);
    }

    #[test]
    fn sensitivity_ranks_the_range_that_moves_a_figure_most() {
        let swings = sensitivity(&sheet(), Options::default(), "qps").unwrap();
        let ranked: Vec<&str> = swings.iter().map(|s| s.input.as_str()).collect();
        // dau moves qps by (300 - 50) / 100 = 2.5 times; per_user by (10 - 2) / 5 = 1.6.
        assert_eq!(ranked, ["dau", "per_user"]);
        assert!((swings[0].relative - 2.5).abs() < 1e-9 && (swings[1].relative - 1.6).abs() < 1e-9);
        assert!(sensitivity(&sheet(), Options::default(), "nope").is_err());
    }
}
