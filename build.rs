//! Embeds every `problems/*.toml` in the binary, so the installed `sdw` works from any
//! directory and a new problem file needs no registration by hand.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=problems");
    // Read at run time, not baked in with env!: the compiled build script is reused by any
    // checkout of the package that shares the target folder.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("problems");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        // The path is rebuilt where the library is compiled, so it names that checkout's file.
        code.push_str(&format!(
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/problems/\", {name:?}))),\n"
        ));
    }
    code.push_str("]\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("problems.rs");
    fs::write(out, code).unwrap();
}
