//! The estimate engine on arbitrary text: one expression through `calc`, and the same bytes
//! read as a sheet (`name = expr` per line, inputs before a `---` line, formulas after) through
//! `evaluate`. Every row gets a value or an error, never a panic, a stack overflow or a hang.
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
    let evaluation = estimate::evaluate(&sheet, Options { convention: None, prefixes });
    assert_eq!(evaluation.rows.len(), sheet.len());
    for (i, row) in evaluation.rows.iter().enumerate() {
        let _ = evaluation.substituted(i);
        if let Ok(q) = &row.outcome {
            assert!(q.value.is_finite() && q.base_value.is_finite(), "{}: {q:?}", row.name);
        }
    }
});
