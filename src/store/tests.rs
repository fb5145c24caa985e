use super::*;

#[test]
fn line_and_column_count_characters() {
    let text = "a = 1\nbé = \"x\"\n";
    assert_eq!(line_col(text, 0), (1, 1));
    assert_eq!(line_col(text, 6), (2, 1));
    assert_eq!(line_col(text, 10), (2, 4));
}

#[test]
fn unknown_keys_are_all_reported_with_positions() {
    let text = "title = \"x\"\ncolour = 1\n\n[[components]]\nid = \"api\"\nkind = \"service\"\nsize = 3\n";
    let err = parse_design(text, "d.toml").unwrap_err();
    let lines: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(lines, ["d.toml:2:1: unknown key `colour`", "d.toml:7:1: unknown key `size` in `components[0]`"]);
}

#[test]
fn wrong_types_name_the_position() {
    let err = parse_design("title = 3\n", "d.toml").unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert!(err.to_string().starts_with("d.toml:1:9: `title`: invalid type"), "{err}");
    let err = parse_design("[[components]]\nid = \"a\"\nkind = \"mainframe\"\n", "d.toml").unwrap_err();
    assert!(err.to_string().starts_with("d.toml:3:8: `components[0].kind`: unknown variant `mainframe`"), "{err}");
}

#[test]
fn dangling_references_point_at_the_key() {
    let text = r#"title = "t"
[requirements]
functional = ["a", "b", "c", "d", "e"]

[[api]]
method = "GET"
path = "/x"
requirement = "F7"

[[components]]
id = "api"
kind = "service"

[[links]]
from = "api"
to = "db"
"#;
    let err = parse_design(text, "d.toml").unwrap_err();
    let lines: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "d.toml:8:1: endpoint GET /x serves F7, but there are only 5 functional requirements",
            "d.toml:16:1: link to `db`, but there is no component with that id",
        ]
    );
}

#[test]
fn empty_binary_and_nested_input_get_clear_errors() {
    assert_eq!(parse_design("  \n", "d.toml").unwrap_err().to_string(), "d.toml:1:1: the file is empty");
    let err = decode(b"title = \"a\xff\"", "d.toml").unwrap_err();
    assert_eq!(err.to_string(), "d.toml:1:11: the file is not UTF-8 text");
    let deep = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse_design(&deep, "d.toml").unwrap_err().to_string().contains("nest more than"));
    let inline = format!("x = {}", "{a = ".repeat(50_000));
    assert!(parse_design(&inline, "d.toml").unwrap_err().to_string().contains("nest more than"));
    // Brackets inside strings and table headers do not count.
    let ok = "title = \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n[requirements]\nfunctional = [\"a\"]\n";
    assert!(parse_design(ok, "d.toml").is_ok());
}

#[test]
fn save_is_atomic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.toml");
    let text = r#"title = "Shortener"

[requirements]
functional = ["shorten a URL", "redirect"]

[[estimates.input]]
name = "writes"
value = "100 million url / day"

[[components]]
id = "web"
kind = "service"
serves = ["F1"]

[[components]]
id = "db"
kind = "nosql_db"

[[links]]
from = "web"
to = "db"
mode = "async"
"#;
    let design = parse_design(text, "x").unwrap();
    save_design(&path, &design).unwrap();
    let again = load_design(&path).unwrap();
    assert_eq!(design, again);
    // Order is kept: components stay web, db.
    assert_eq!(again.components[0].id, "web");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_failed_save_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-dir").join("design.toml");
    assert!(save_design(&path, &Design::default()).is_err());
}

#[test]
fn saving_never_replaces_a_device_or_a_symlink() {
    // A device is refused, not renamed over.
    let err = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    // A symlink keeps pointing at its file, which gets the new text.
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.toml");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
}

#[test]
fn saving_over_a_hand_written_design_changes_only_the_edited_line() {
    let text = "# Notes for the team: keep this file tidy.\n\
                title = \"Pastebin\"  # working title\n\n\
                [requirements]\n\
                # What users can do.\n\
                functional = [\n    \"Paste text and get a link\",\n    \"Read a paste by its link\",\n]\n\n\
                [[components]]\n# the only way in\nid = \"api\"\nkind = \"service\"\nlabel = 'Paste API'\n\n\
                [[components]]\nid = \"db\"\nkind = \"sql_db\"\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    fs::write(&path, text).unwrap();
    let mut design = load_design(&path).unwrap();
    save_design(&path, &design).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "saving an unchanged design changes nothing");
    design.components[1].label = "Postgres".into();
    design.components[0].kind = crate::model::ComponentKind::Worker;
    save_design(&path, &design).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    let before: Vec<&str> = text.lines().collect();
    let after: Vec<&str> = saved.lines().collect();
    // The kind changes in place; the new label joins the end of its record.
    assert_eq!(after.len(), before.len() + 1, "{saved}");
    let changed: Vec<(&str, &str)> = before.iter().zip(&after).filter(|(b, a)| b != a).map(|(b, a)| (*b, *a)).collect();
    assert_eq!(changed, [("kind = \"service\"", "kind = \"worker\"")], "{saved}");
    assert_eq!(after.last(), Some(&"label = \"Postgres\""));
    assert_eq!(load_design(&path).unwrap(), design);
}

#[test]
fn a_finished_score_over_100_is_refused_where_it_is() {
    let err = parse_design("title = \"t\"\n\n[practice]\nfinished_score = 4294967295\n", "d.toml").unwrap_err();
    assert_eq!(err.to_string(), "d.toml:4:1: a finished attempt scores out of 100, not 4294967295");
    assert!(parse_design("title = \"t\"\n\n[practice]\nfinished_score = 100\n", "d.toml").is_ok());
}
