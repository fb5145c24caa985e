//! `sdw review` and `sdw history` through the real binary, and a whole mock interview driven
//! through key events.

use crate::{sdw, stdout};

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_fresh_attempt_scores_far_below_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempt.toml");
    assert!(sdw().args(["new", "twitter", "-o"]).arg(&file).output().unwrap().status.success());
    let fresh = sdw().arg("review").arg(&file).arg("--json").output().unwrap();
    assert!(fresh.status.success());
    let fresh: serde_json::Value = serde_json::from_slice(&fresh.stdout).unwrap();
    let reference = sdw().args(["review", "twitter", "--json"]).output().unwrap();
    let reference: serde_json::Value = serde_json::from_slice(&reference.stdout).unwrap();
    let (f, r) = (fresh["score"].as_u64().unwrap(), reference["score"].as_u64().unwrap());
    assert!(r >= 80 && f <= 20, "fresh {f}, reference {r}");
    let items = fresh["items"].as_array().unwrap();
    assert!(items.len() >= 8);
    assert!(items.iter().all(|i| i["met"].is_boolean() && i["label"].is_string()));
    let text = stdout(&sdw().args(["review", "twitter"]).output().unwrap());
    assert!(text.lines().filter(|l| l.trim_start().starts_with(['✓', '✗'])).count() >= 8, "{text}");
}

#[test]
fn recorded_attempts_show_in_the_history_with_progress() {
    let data = data_dir();
    let empty = sdw().env("SDW_DATA_DIR", data.path()).arg("history").output().unwrap();
    assert!(stdout(&empty).contains("No finished attempts yet"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attempt.toml");
    sdw().args(["new", "url-shortener", "-o"]).arg(&file).output().unwrap();
    for _ in 0..2 {
        let out = sdw().env("SDW_DATA_DIR", data.path()).arg("review").arg(&file).arg("--record").output().unwrap();
        assert!(out.status.success());
    }
    sdw().env("SDW_DATA_DIR", data.path()).args(["review", "url-shortener", "--record"]).output().unwrap();
    let out = sdw().env("SDW_DATA_DIR", data.path()).arg("history").output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("url-shortener  ") && text.contains("3 attempts"), "{text}");
    assert!(text.contains("up "), "progress is shown: {text}");
    let json = sdw().env("SDW_DATA_DIR", data.path()).args(["history", "--json", "url-shortener"]).output().unwrap();
    let attempts: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(attempts["attempts"].as_array().unwrap().len(), 3);
}

mod mock_interview {
    use std::time::Duration;

    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use sdw::model::Phase;
    use sdw::problem::Library;
    use sdw::tui::app::Overlay;
    use sdw::tui::theme::Theme;
    use sdw::tui::{Action, App};

    fn key(app: &mut App, code: KeyCode) {
        let event = KeyEvent::new(code, KeyModifiers::NONE);
        if let Some(action) = app.action_for_key(event) {
            app.update(action);
        }
    }

    fn keys(app: &mut App, text: &str) {
        for c in text.chars() {
            key(app, KeyCode::Char(c));
        }
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::Type(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        }
    }

    fn add_row(app: &mut App, cells: &[&str]) {
        keys(app, "a");
        for (i, cell) in cells.iter().enumerate() {
            type_text(app, cell);
            key(app, if i + 1 == cells.len() { KeyCode::Esc } else { KeyCode::Tab });
        }
    }

    #[test]
    fn a_whole_mock_interview_is_timed_asked_guessed_and_graded() {
        let data = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("attempt.toml");
        let library = Library::builtin();
        let problem = library.get("url-shortener").unwrap().problem.clone();
        sdw::store::save_design(&path, &problem.practice_design()).unwrap();
        let mut app = App::open(&path, library, Theme::plain()).unwrap();
        app.data_dir = Some(data.path().to_path_buf());
        assert!(app.practising());

        // Requirements: the clock runs; ask the interviewer; take a hint.
        app.update(Action::Advance(Duration::from_secs(200)));
        keys(&mut app, "A");
        assert!(matches!(app.overlay, Some(Overlay::Ask { .. })));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.design.practice.as_ref().unwrap().asked, [1]);
        assert!(app.status.as_ref().unwrap().text.starts_with("Interviewer: "));
        keys(&mut app, "H");
        assert_eq!(app.design.practice.as_ref().unwrap().hints_used, 1);
        add_row(&mut app, &["Users can shorten a long URL"]);
        add_row(&mut app, &["Anyone can follow a short link"]);
        keys(&mut app, "G");
        add_row(&mut app, &["p99 redirect latency < 100 ms"]);

        // The requirements phase runs over its five minutes: the header warns, time is kept.
        app.update(Action::Advance(Duration::from_secs(200)));
        assert!(app.phase_seconds(Phase::Requirements) >= 400);
        assert!(app.status.as_ref().unwrap().text.contains("time to move on"));

        // Estimates: the key figures are hidden until guessed, then graded.
        keys(&mut app, "2");
        assert!(app.figure_hidden(0));
        let first = app.key_figures[0].name.clone();
        let actual = app.key_figures[0].actual.clone().unwrap();
        key(&mut app, KeyCode::Enter);
        type_text(&mut app, &format!("{} {}", actual.base_value * 1.05, actual.base_unit.replace('/', " / ")));
        key(&mut app, KeyCode::Enter);
        assert!(!app.figure_hidden(0), "{first} revealed");
        assert_eq!(app.key_figures[0].grade.as_ref().unwrap().label(), "within 10%", "{:?}", app.key_figures[0]);
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Enter);
        type_text(&mut app, "1 url / s");
        key(&mut app, KeyCode::Enter);
        let far = app.key_figures[1].grade.clone().unwrap();
        assert!(!far.is_pass(), "{far:?}");

        // Moving past the high-level phase lets the interviewer raise a curveball, answered in
        // a deep dive.
        keys(&mut app, "4");
        keys(&mut app, "5");
        let raised = app.design.practice.as_ref().unwrap().curveballs_raised.clone();
        if let Some(Overlay::Curveball(n)) = app.overlay {
            assert_eq!(raised, [n]);
            key(&mut app, KeyCode::Enter);
            assert_eq!(app.phase, Phase::DeepDives);
            type_text(&mut app, "shard by code; add capacity ahead of time");
            key(&mut app, KeyCode::Tab);
            type_text(&mut app, "scale out the redirect tier behind the CDN");
            key(&mut app, KeyCode::Enter);
            assert!(app.design.deep_dives[0].topic.starts_with("Curveball: "));
        } else {
            panic!("no curveball raised: {raised:?}, overlay {:?}", app.overlay);
        }

        // Review: the scorecard, self-assessment, finishing records the attempt.
        keys(&mut app, "6");
        // Reaching the review may bring the last curveballs: leave them for later.
        while matches!(app.overlay, Some(Overlay::Curveball(_))) {
            key(&mut app, KeyCode::Esc);
        }
        let card = app.scorecard.clone().expect("a scorecard on review");
        assert!(card.items.len() >= 8);
        let before = card.met;
        let rubric_row = card.items.iter().position(|i| i.rubric.is_some() && !i.met).unwrap();
        for _ in 0..rubric_row {
            key(&mut app, KeyCode::Down);
        }
        keys(&mut app, " ");
        assert_eq!(app.review_selected, rubric_row);
        assert_eq!(app.scorecard.as_ref().unwrap().met, before + 1, "{:?}", app.status);
        let score = app.scorecard.as_ref().unwrap().score;
        assert!(score < 50, "a partial attempt scores low: {score}");
        keys(&mut app, "f");
        assert_eq!(app.design.practice.as_ref().unwrap().finished_score, Some(score));
        let history = sdw::practice::history_in(data.path()).unwrap().attempts;
        assert_eq!(history.len(), 1);
        assert_eq!((history[0].problem.as_str(), history[0].score, history[0].hints_used), ("url-shortener", score, 1));
        assert!(history[0].seconds_used >= 400);

        // The file records it all.
        key(&mut app, KeyCode::Char('s'));
        app.update(Action::Save);
        let saved = sdw::store::load_design(&path).unwrap();
        let practice = saved.practice.unwrap();
        assert!(practice.elapsed_seconds[&Phase::Requirements] >= 400);
        assert_eq!(practice.guesses.len(), 2);
        assert_eq!(practice.asked, [1]);
    }
}
