//! The engine's promises checked on arbitrary text: what the `evaluate` fuzz target runs on
//! every input, and what the replay of its findings runs on each kept input, so the two can
//! never drift apart.

use super::{Evaluation, Evaluator, Options, Prefixes, calc, evaluate, evaluate_one_row_at_a_time};
use crate::model::{Convention, Sheet};

/// Largest sheet also evaluated one row at a time as a reference.
const ONE_AT_A_TIME_ROWS: usize = 40;

/// Read `data` as one expression and as a sheet (`name = expr` per line, inputs before a
/// `---` line, formulas after, `units: a, b` for extra units; the first byte picks the
/// convention and the prefixes), evaluate it every way the program does, and say where two
/// ways disagree: a fresh evaluation, one numbat call per row, and the workbench's
/// incremental evaluator after each of a few edits must give every row the same value and
/// the same error. Never panics on its own account; numbat or the engine may.
pub fn check_text(data: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(data) else { return Ok(()) };
    let convention = if data.first().is_some_and(|b| b & 1 == 1) { Convention::Rough } else { Convention::Exact };
    let prefixes = if data.first().is_some_and(|b| b & 2 == 2) { Prefixes::Binary } else { Prefixes::Si };
    let _ = calc(text, convention, prefixes);

    let sheet = Sheet { convention, ..Sheet::from_plain(text) };
    let options = Options { convention: None, prefixes };
    let evaluation = evaluate(&sheet, options);
    if evaluation.rows.len() != sheet.len() {
        return Err(format!("{} rows evaluated for a sheet of {}", evaluation.rows.len(), sheet.len()));
    }
    for (i, row) in evaluation.rows.iter().enumerate() {
        let _ = evaluation.substituted(i);
        if let Ok(q) = &row.outcome
            && !(q.value.is_finite() && q.base_value.is_finite())
        {
            return Err(format!("row `{}` has a value that is not finite: {q:?}", row.name));
        }
    }
    // One numbat call per row copies numbat's whole state each time, so its cost grows with
    // the square of the rows: a reference for small sheets (a 139-row input took 14 s under
    // the fuzzer's sanitiser). The batch proptest covers the same promise on small sheets.
    if sheet.len() <= ONE_AT_A_TIME_ROWS {
        agree("one row at a time", &evaluate_one_row_at_a_time(&sheet, options), "batched", &evaluation)?;
    }

    // Edit after edit, each of the first rows takes the next row's expression in turn.
    let mut evaluator = Evaluator::default();
    agree("incremental", &evaluator.evaluate(&sheet, options), "fresh", &evaluation)?;
    let rows: Vec<(String, String)> =
        sheet.rows().map(|(name, expr, _)| (name.to_string(), expr.to_string())).collect();
    let mut edited = sheet.clone();
    for i in 0..rows.len().min(4) {
        edited.set(&rows[i].0, &rows[(i + 1) % rows.len()].1);
        agree("incremental", &evaluator.evaluate(&edited, options), "fresh", &evaluate(&edited, options))
            .map_err(|e| format!("after edit {}: {e}", i + 1))?;
    }
    Ok(())
}

/// The first row whose value or error differs between two evaluations of one sheet.
fn agree(left_name: &str, left: &Evaluation, right_name: &str, right: &Evaluation) -> Result<(), String> {
    if left == right {
        return Ok(());
    }
    for (a, b) in left.rows.iter().zip(&right.rows) {
        if a != b {
            return Err(format!(
                "row `{}`: {left_name} gives {:?}, {right_name} gives {:?}",
                a.name, a.outcome, b.outcome
            ));
        }
    }
    Err(format!("{left_name} and {right_name} evaluations differ: {left:?} / {right:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_refused_before_numbat_reports_the_failed_row_it_uses_every_way() {
        // Found by the `evaluate` fuzz target: after `a` became `-`, the workbench said `c`
        // depends on `a`, which has an error, and a fresh evaluation (what `sdw check` shows)
        // called `;` a syntax error in `c`.
        assert_eq!(check_text(b"a\nb=-\nc=a;b"), Ok(()));
    }

    #[test]
    fn a_disagreement_is_reported_with_the_row() {
        let sheet = Sheet::from_plain("a = 1 s");
        let one = evaluate(&sheet, Options::default());
        let mut other = one.clone();
        other.rows[0].outcome = Err(super::super::RowError::Empty);
        let error = agree("left", &one, "right", &other).unwrap_err();
        assert!(error.starts_with("row `a`: left gives Ok("), "{error}");
    }
}
