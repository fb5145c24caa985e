//! The estimate engine on arbitrary text: one expression through `calc`, and the same bytes
//! read as a sheet (`name = expr` per line, inputs before a `---` line, formulas after) through
//! `evaluate`. Every row gets a value or an error, never a panic, a stack overflow or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdw::estimate::{self, Options, Prefixes};
use sdw::model::{Convention, Formula, Input, Sheet};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let convention = if data.first().is_some_and(|b| b & 1 == 1) { Convention::Rough } else { Convention::Exact };
    let prefixes = if data.first().is_some_and(|b| b & 2 == 2) { Prefixes::Binary } else { Prefixes::Si };
    let _ = estimate::calc(text, convention, prefixes);

    let mut sheet = Sheet { convention, ..Sheet::default() };
    let mut formulas = false;
    for line in text.lines() {
        if line == "---" {
            formulas = true;
            continue;
        }
        if let Some(units) = line.strip_prefix("units:") {
            sheet.units.extend(units.split(',').map(|u| u.trim().to_string()));
            continue;
        }
        let (name, expr) = line.split_once('=').unwrap_or((line, ""));
        let (name, expr) = (name.trim().to_string(), expr.trim().to_string());
        if formulas {
            sheet.formulas.push(Formula { name, expr, note: String::new() });
        } else {
            sheet.inputs.push(Input { name, value: expr, note: String::new() });
        }
    }
    let evaluation = estimate::evaluate(&sheet, Options { convention: None, prefixes });
    assert_eq!(evaluation.rows.len(), sheet.len());
    for (i, row) in evaluation.rows.iter().enumerate() {
        let _ = evaluation.substituted(i);
        if let Ok(q) = &row.outcome {
            assert!(q.value.is_finite() && q.base_value.is_finite(), "{}: {q:?}", row.name);
        }
    }
});
