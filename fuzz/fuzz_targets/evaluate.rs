//! The estimate engine on arbitrary text: one expression through `calc`, and the same bytes
//! read as a sheet (`name = expr` per line, inputs before a `---` line, formulas after) through
//! `evaluate`. Every row gets a value or an error, never a panic, a stack overflow or a hang;
//! a batched evaluation, one numbat call per row and the incremental `Evaluator` after every
//! edit give every row the same value and the same error (`sdw::estimate::check_text`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(disagreement) = sdw::estimate::check_text(data) {
        panic!("{disagreement}");
    }
});
