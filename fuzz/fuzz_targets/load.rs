//! Design and problem loading on arbitrary text: every input gets a value or located errors,
//! never a panic, a stack overflow or a hang. A design that loads also survives save → load
//! unchanged and exports to every format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdw::export::{Exporter, Format};
use sdw::store;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = store::file_kind(text);
    if let Err(errors) = store::parse_problem(text, "fuzz.toml") {
        assert!(!errors.0.is_empty());
    }
    match store::parse_design(text, "fuzz.toml") {
        Ok(design) => {
            let saved = store::to_toml(&design);
            let again = store::parse_design(&saved, "saved.toml")
                .unwrap_or_else(|e| panic!("a loaded design must load again once saved: {e}\n{saved}"));
            assert_eq!(design, again, "save → load changed the design\n{saved}");
            if design.estimates.len() <= 20 {
                for format in [Format::Markdown, Format::Mermaid, Format::Json] {
                    let _ = Exporter::builtin().render(&design, None, format);
                }
            }
        }
        Err(errors) => {
            assert!(!errors.0.is_empty());
            for e in &errors.0 {
                assert!(e.line >= 1 && e.column >= 1, "{e}");
            }
        }
    }
});
