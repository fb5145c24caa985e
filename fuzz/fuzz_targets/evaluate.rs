//! The estimate engine on arbitrary text: one expression through `calc`, and the same bytes
//! read as a sheet (`name = expr` per line, inputs before a `---` line, formulas after) through
//! `evaluate`. Every row gets a value or an error, never a panic, a stack overflow or a hang;
//! and the incremental `Evaluator` agrees with a fresh evaluation after every edit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdw::estimate::{self, Options, Prefixes};
use sdw::model::{Convention, Sheet};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let convention = if data.first().is_some_and(|b| b & 1 == 1) { Convention::Rough } else { Convention::Exact };
    let prefixes = if data.first().is_some_and(|b| b & 2 == 2) { Prefixes::Binary } else { Prefixes::Si };
    let _ = estimate::calc(text, convention, prefixes);

    let sheet = Sheet { convention, ..Sheet::from_plain(text) };
    let options = Options { convention: None, prefixes };
    let evaluation = estimate::evaluate(&sheet, options);
    assert_eq!(evaluation.rows.len(), sheet.len());
    for (i, row) in evaluation.rows.iter().enumerate() {
        let _ = evaluation.substituted(i);
        if let Ok(q) = &row.outcome {
            assert!(q.value.is_finite() && q.base_value.is_finite(), "{}: {q:?}", row.name);
        }
    }

    // The workbench's incremental evaluator gives what a fresh evaluation gives, edit after
    // edit: each of the first rows takes the next row's expression in turn.
    let mut evaluator = estimate::Evaluator::default();
    assert_eq!(evaluator.evaluate(&sheet, options), evaluation);
    let rows: Vec<(String, String)> =
        sheet.rows().map(|(name, expr, _)| (name.to_string(), expr.to_string())).collect();
    let mut edited = sheet.clone();
    for i in 0..rows.len().min(4) {
        edited.set(&rows[i].0, &rows[(i + 1) % rows.len()].1);
        assert_eq!(evaluator.evaluate(&edited, options), estimate::evaluate(&edited, options), "{edited:?}");
    }
});
