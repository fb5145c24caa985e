//! Folders of valid and invalid files, checked through the real binary. Each invalid file has
//! a `.stderr` beside it with exactly what `sdw check` must say.

use crate::{fixtures, sdw, stderr};

#[test]
fn every_invalid_file_gets_its_expected_messages_and_exit_1() {
    let dir = fixtures().join("invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let name = path.file_name().unwrap().to_str().unwrap();
        let expected = std::fs::read_to_string(path.with_extension("stderr"))
            .unwrap_or_else(|_| panic!("{name} has no .stderr file beside it"));
        let output = sdw().current_dir(&dir).args(["check", name]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        assert_eq!(stderr(&output), expected, "{name}");
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} invalid fixtures");
}

#[test]
fn every_valid_file_passes() {
    let dir = fixtures().join("valid");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let output = sdw().arg("check").arg(&path).output().unwrap();
        assert!(output.status.success(), "{}: {}", path.display(), stderr(&output));
    }
}

#[test]
fn binary_huge_and_nested_files_get_clean_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("binary.toml", vec![0xff, 0xfe, 0x00, 0x41, 0x9c], "not UTF-8"),
        ("huge.toml", format!("notes = \"{}\"\n", "x".repeat(5 * 1024 * 1024)).into_bytes(), "up to 4 MiB"),
        (
            "nested.toml",
            format!("notes = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "nest more than",
        ),
        ("nul.toml", b"title = \"a\0b\"\n".to_vec(), "1:"),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = sdw().arg("check").arg(&path).output().unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
        assert!(err.starts_with(&path.display().to_string()), "{name}: {err}");
    }
}

#[test]
fn a_missing_file_and_a_directory_are_clear_errors() {
    let output = sdw().args(["check", "no/such/design.toml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output), "no/such/design.toml:1:1: no such file\n");
    let dir = tempfile::tempdir().unwrap();
    let output = sdw().arg("estimate").arg(format!("{}/", dir.path().display())).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is a directory"));
}
