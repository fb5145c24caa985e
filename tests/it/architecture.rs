//! The core never imports a front end: the model, engine, library, store, recovery, review, practice and
//! export modules know nothing of the terminal or the command line.

use std::path::{Path, PathBuf};

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn the_core_does_not_import_the_front_ends() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for core in
        ["model", "estimate", "problem", "export", "store.rs", "store", "recovery.rs", "review.rs", "practice.rs"]
    {
        rust_files(&src.join(core), &mut files);
    }
    assert!(files.len() >= 15, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in ["ratatui", "crossterm", "clap", "crate::tui", "crate::cli"] {
            assert!(!text.contains(forbidden), "{} mentions {forbidden}", file.display());
        }
    }
}
