//! Where sdw's time goes, measured against the budgets of `docs/performance.md`.
//!
//! ```sh
//! cargo bench --bench budgets                      # everything (about a minute)
//! cargo bench --bench budgets -- estimate          # benches whose path contains `estimate`
//! cargo bench --bench budgets -- --write-large-design FILE   # write the generated design, then exit
//! ```
//!
//! Every bench uses the largest built-in problem (the one with the most estimate rows), or a
//! generated design of 300 components and 600 links with a big estimate sheet.

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Duration;

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sdw::estimate::{self, Options};
use sdw::export::{Exporter, Format};
use sdw::model::{Design, Phase};
use sdw::problem::{Library, Problem};
use sdw::tui::theme::Theme;
use sdw::tui::{Action, App};

/// The size the render budgets are stated for.
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--write-large-design") {
        let path = args.get(at + 1).expect("--write-large-design FILE");
        std::fs::write(path, large_design_toml()).expect("cannot write the large design");
        eprintln!("wrote {path}: {COMPONENTS} components, {LINKS} links, {} estimate rows", INPUTS + FORMULAS);
        return;
    }
    // Short runs by default: the machine is shared and the budgets are milliseconds.
    divan::Divan::default().sample_count(50).max_time(Duration::from_secs(2)).config_with_args().main();
}

// ----- fixtures -----

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(Library::builtin)
}

/// The built-in problem with the most estimate rows.
fn largest() -> &'static Problem {
    library()
        .entries()
        .iter()
        .map(|e| &e.problem)
        .max_by_key(|p| (p.reference.estimates.len(), p.reference.components.len()))
        .expect("the library has problems")
}

fn plain() -> Theme {
    Theme::plain()
}

/// Keep the recent-files list of the benches out of the user's data directory.
fn isolate_data_dir() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let dir = std::env::temp_dir().join(format!("sdw-bench-{}", std::process::id()));
        // SAFETY: set once, before anything of this process reads it.
        unsafe { std::env::set_var("SDW_DATA_DIR", dir) };
    });
}

fn workbench(design: Design) -> App {
    isolate_data_dir();
    let mut app = App::workbench(design, None, library().clone(), plain());
    app.update(Action::Resize { width: WIDTH, height: HEIGHT });
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|frame| sdw::tui::ui::render(frame, app)).expect("drawing to a test backend");
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

// ----- the large generated design -----

const COMPONENTS: usize = 300;
const LINKS: usize = 600;
const INPUTS: usize = 40;
const FORMULAS: usize = 110;
const FUNCTIONAL: usize = 20;

/// A design far larger than any real one, as TOML: 300 components across every kind, 600
/// links, a 150-row estimate sheet whose formulas chain through each other, 40 endpoints, 30
/// entities and 10 deep dives. Deterministic.
fn large_design_toml() -> String {
    use std::fmt::Write;
    let kinds = sdw::model::ComponentKind::ALL;
    let mut s = String::from("title = \"Generated: 300 components, 600 links\"\n\n[requirements]\n");
    let reqs = (1..=FUNCTIONAL).map(|i| format!("\"Users can do thing number {i}\"")).collect::<Vec<_>>();
    let _ = writeln!(s, "functional = [{}]", reqs.join(", "));
    let nfrs = (1..=10).map(|i| format!("\"p99 latency of path {i} < {} ms\"", 50 + i)).collect::<Vec<_>>();
    let _ = writeln!(s, "non_functional = [{}]\n", nfrs.join(", "));
    let units = ["request", "user", "byte", "message", "event"];
    for i in 0..INPUTS {
        let unit = units[i % units.len()];
        let _ = writeln!(
            s,
            "[[estimates.input]]\nname = \"in_{i}\"\nvalue = \"{} million {unit} / day\"\nnote = \"assumption {i}\"\n",
            i + 1
        );
    }
    for i in 0..FORMULAS {
        // Each formula uses an input and the formula before it of the same unit, so edits ripple.
        let input = i % INPUTS;
        let expr = if i < INPUTS {
            format!("in_{input} * 3 -> {} / s", units[input % units.len()])
        } else {
            format!("f_{} + in_{input} / 2 -> {} / s", i - INPUTS, units[input % units.len()])
        };
        let _ = writeln!(s, "[[estimates.formula]]\nname = \"f_{i}\"\nexpr = \"{expr}\"\n");
    }
    for i in 0..40 {
        let method = ["GET", "POST", "PUT", "DELETE"][i % 4];
        let _ = writeln!(
            s,
            "[[api]]\nmethod = \"{method}\"\npath = \"/api/v1/things_{i}/{{id}}\"\nrequest = \"{{ id, body_{i} }}\"\nresponse = \"200 {{ thing_{i} }}\"\nrequirement = \"F{}\"\n",
            i % FUNCTIONAL + 1
        );
    }
    for i in 0..30 {
        let fields = (0..8).map(|f| format!("\"field_{f}: string{}\"", if f == 0 { " PK" } else { "" }));
        let _ =
            writeln!(s, "[[entities]]\nname = \"entity_{i}\"\nfields = [{}]", fields.collect::<Vec<_>>().join(", "));
        if i + 1 < 30 {
            let _ = writeln!(
                s,
                "relations = [{{ to = \"entity_{}\", cardinality = \"one_to_many\", label = \"has\" }}]",
                i + 1
            );
        }
        s.push('\n');
    }
    for i in 0..COMPONENTS {
        let kind = kinds[i % kinds.len()];
        let _ = writeln!(
            s,
            "[[components]]\nid = \"c{i}\"\nkind = \"{}\"\nlabel = \"{} {i}\"\nserves = [\"F{}\"]\nreplicas = {}\nnotes = \"component number {i}\"\n",
            kind.key(),
            kind.title(),
            i % FUNCTIONAL + 1,
            i % 5 + 1
        );
    }
    // A deterministic scatter of links, never from a component to itself.
    let mut state: u64 = 0x5d_u64;
    let mut next = |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    for i in 0..LINKS {
        let from = next(COMPONENTS);
        let to = (from + 1 + next(COMPONENTS - 1)) % COMPONENTS;
        let mode = if i % 4 == 3 { "mode = \"async\"\n" } else { "" };
        let _ = writeln!(
            s,
            "[[links]]\nfrom = \"c{from}\"\nto = \"c{to}\"\nlabel = \"call {i}\"\n{mode}rate = \"f_{}\"\n",
            i % FORMULAS
        );
    }
    for i in 0..10 {
        let _ = writeln!(
            s,
            "[[deep_dives]]\ntopic = \"Question {i}\"\noptions = [\"option a\", \"option b\", \"option c\"]\ndecision = \"option a, because of reason {i}\"\ntradeoffs = \"costs more to run\"\n"
        );
    }
    s
}

/// The generated design in memory. Read with serde alone, so that the benches of what comes
/// after loading run even if the loader's limits refuse a design this large (the store
/// benches say so).
fn large_design() -> &'static Design {
    static DESIGN: OnceLock<Design> = OnceLock::new();
    DESIGN.get_or_init(|| {
        let design: Design = toml::from_str(&large_design_toml()).expect("the generated design is a design");
        assert_eq!((design.components.len(), design.links.len()), (COMPONENTS, LINKS));
        design
    })
}

/// Whether the loader accepts the generated design; if not, why, on stderr.
fn loader_accepts_large_design() -> bool {
    match sdw::store::parse_design(&large_design_toml(), "large.toml") {
        Ok(_) => true,
        Err(e) => {
            eprintln!("the loader refuses the generated design, so its load benches are skipped:\n{e}");
            false
        }
    }
}

// ----- the problem library -----

mod library {
    use super::*;

    /// Making the library: built-in problems are parsed when first used.
    #[divan::bench]
    fn builtin() -> Library {
        Library::builtin()
    }

    /// Parsing and validating every built-in problem, as `sdw check` and the picker do.
    #[divan::bench]
    fn all_entries() -> usize {
        Library::builtin().entries().len()
    }

    /// What `sdw list` reads: each built-in problem's top-level keys.
    #[divan::bench]
    fn summaries() -> usize {
        Library::builtin().summaries().len()
    }

    /// One problem by id, as `sdw estimate ID` and `sdw open FILE` need.
    #[divan::bench]
    fn get_largest() -> bool {
        Library::builtin().get(&largest().id).is_some()
    }
}

// ----- the analysis -----

/// The built-in problem whose flows have the most steps: the largest analysis.
fn largest_analysed() -> &'static Problem {
    library()
        .entries()
        .iter()
        .map(|e| &e.problem)
        .max_by_key(|p| {
            let steps: usize = p.reference.flows.iter().map(|f| f.steps.len()).sum();
            (steps, p.reference.components.len())
        })
        .expect("the library has problems")
}

mod analysis {
    use super::*;
    use sdw::analysis::{Failures, analyze};
    use sdw::catalogue::Catalogue;

    /// One analysis of the largest analysed reference, its sheet already evaluated: what the
    /// workbench adds to a keystroke (budget: under 1 ms). The engine's answers for constant
    /// expressions (`200 record / tweet`) are kept between calls, as they are between keystrokes.
    #[divan::bench]
    fn largest_reference(bencher: Bencher) {
        let design = largest_analysed().reference_design();
        let eval = estimate::evaluate(&design.estimates, Options::default());
        let catalogue = Catalogue::embedded();
        let _ = analyze(&design, &eval, catalogue, &Failures::none());
        bencher.bench(|| analyze(black_box(&design), black_box(&eval), catalogue, &Failures::none()));
    }

    /// Every component failed in turn: the design document's "what fails when" table.
    #[divan::bench]
    fn largest_reference_each_failure(bencher: Bencher) {
        let design = largest_analysed().reference_design();
        let eval = estimate::evaluate(&design.estimates, Options::default());
        let catalogue = Catalogue::embedded();
        bencher.bench(|| {
            design
                .components
                .iter()
                .map(|c| analyze(&design, &eval, catalogue, &Failures::all_of(&c.id)).flows.len())
                .sum::<usize>()
        });
    }
}

// ----- the estimate engine -----

mod estimate_engine {
    use super::*;

    /// The first evaluation of a process: the numbat prelude is interpreted into a base
    /// context. Later evaluations clone it.
    #[divan::bench]
    fn base_context_build() -> impl Sized {
        estimate::new_base_context(sdw::model::Convention::Exact)
    }

    /// Evaluating the largest problem's sheet with the base context already built.
    #[divan::bench]
    fn warm_largest_problem(bencher: Bencher) {
        let sheet = &largest().reference.estimates;
        let _ = estimate::evaluate(sheet, Options::default());
        bencher.bench(|| estimate::evaluate(black_box(sheet), Options::default()));
    }

    /// Cold: building the base context, then evaluating the largest problem's sheet.
    #[divan::bench]
    fn cold_largest_problem(bencher: Bencher) {
        let sheet = &largest().reference.estimates;
        bencher.bench(|| {
            let context = estimate::new_base_context(sheet.convention);
            (context, estimate::evaluate(black_box(sheet), Options::default()))
        });
    }

    /// The generated design's sheet (150 rows).
    #[divan::bench]
    fn warm_large_design(bencher: Bencher) {
        let sheet = &large_design().estimates;
        let _ = estimate::evaluate(sheet, Options::default());
        bencher.bench(|| estimate::evaluate(black_box(sheet), Options::default()));
    }

    /// The workbench's evaluator after a thousand edits of the largest problem's first
    /// assumption (which half its rows use): the steady cost of one more. numbat's state
    /// grows with every update, so this is where a growing cost per keystroke would show.
    #[divan::bench]
    fn edit_after_a_thousand_edits(bencher: Bencher) {
        let mut sheet = largest().reference.estimates.clone();
        let first = sheet.inputs[0].name.clone();
        let original = sheet.inputs[0].value.clone();
        let mut evaluator = estimate::Evaluator::default();
        let mut edits = 0usize;
        let mut edit = |evaluator: &mut estimate::Evaluator, sheet: &mut sdw::model::Sheet| {
            edits += 1;
            // The value times 1 to 7 in turn, so every row that uses it changes.
            sheet.set(&first, &format!("({original}) * {}", edits % 7 + 1));
            evaluator.evaluate(sheet, Options::default())
        };
        for _ in 0..1_000 {
            edit(&mut evaluator, &mut sheet);
        }
        bencher.bench_local(|| edit(&mut evaluator, &mut sheet));
    }

    /// `sdw calc`: one expression.
    #[divan::bench]
    fn calc_one_expression(bencher: Bencher) {
        let _ = estimate::calc("1", Default::default(), Default::default());
        bencher.bench(|| {
            estimate::calc(
                black_box("100 million request / day -> request / s"),
                Default::default(),
                Default::default(),
            )
        });
    }
}

// ----- the workbench -----

mod tui {
    use super::*;

    #[derive(Debug, Clone, Copy)]
    enum Screen {
        Picker,
        Requirements,
        Estimates,
        ApiData,
        HighLevel,
        Mermaid,
        DeepDives,
        Review,
        Help,
    }

    const SCREENS: [Screen; 9] = [
        Screen::Picker,
        Screen::Requirements,
        Screen::Estimates,
        Screen::ApiData,
        Screen::HighLevel,
        Screen::Mermaid,
        Screen::DeepDives,
        Screen::Review,
        Screen::Help,
    ];

    fn app_on(screen: Screen, design: &Design) -> App {
        let phase = |p: Phase| Action::GotoPhase(p.index());
        let mut app = match screen {
            Screen::Picker => {
                isolate_data_dir();
                let mut app = App::picker(library().clone(), Vec::new(), std::env::temp_dir(), plain());
                app.update(Action::Resize { width: WIDTH, height: HEIGHT });
                return app;
            }
            _ => workbench(design.clone()),
        };
        let actions: Vec<Action> = match screen {
            Screen::Picker | Screen::Requirements => vec![],
            Screen::Estimates => vec![phase(Phase::Estimates)],
            Screen::ApiData => vec![phase(Phase::ApiData)],
            Screen::HighLevel => vec![phase(Phase::HighLevel)],
            Screen::Mermaid => vec![phase(Phase::HighLevel), Action::ToggleMermaid],
            Screen::DeepDives => vec![phase(Phase::DeepDives)],
            Screen::Review => vec![phase(Phase::Review)],
            Screen::Help => vec![Action::Help],
        };
        for action in actions {
            app.update(action);
        }
        app
    }

    /// One frame of each screen of the largest problem at 200×60, drawn through ratatui's
    /// `TestBackend` as the event loop draws: full render, then the diff against the last frame.
    #[divan::bench(args = SCREENS)]
    fn render_largest_problem(bencher: Bencher, screen: Screen) {
        let app = app_on(screen, &largest().reference_design());
        let mut terminal = terminal();
        draw(&mut terminal, &app);
        bencher.bench_local(|| draw(&mut terminal, &app));
    }

    /// The same for the generated design of 300 components and 600 links.
    #[divan::bench(args = SCREENS)]
    fn render_large_design(bencher: Bencher, screen: Screen) {
        let app = app_on(screen, large_design());
        let mut terminal = terminal();
        draw(&mut terminal, &app);
        bencher.bench_local(|| draw(&mut terminal, &app));
    }

    /// A keystroke in the value of a row, re-evaluating what it changes, then the frame that
    /// shows it. Alternately deletes and types a `0` (the value ten times smaller or larger,
    /// so every figure using it changes). `last` picks the sheet's last formula instead of its
    /// first assumption (which, in the built-in problems, the most figures use).
    fn keystroke(bencher: Bencher, design: Design, last: bool) {
        let mut app = app_on(Screen::Estimates, &design);
        if last {
            app.update(Action::Bottom);
        }
        app.update(Action::Edit);
        assert!(app.edit.is_some(), "editing a value");
        // Type after the value's first character (a digit in these sheets), so that the `0`
        // scales the number rather than making a unit name unknown.
        app.update(Action::Type(key(KeyCode::Home)));
        app.update(Action::Type(key(KeyCode::Right)));
        // One `0` first, untimed: the evaluator works from a snapshot of the sheet as it was
        // last evaluated in full, and a keystroke that restores the snapshot's value costs
        // almost nothing. From here both the `0` and the Backspace change every figure that
        // uses the value, relative to the snapshot as well as to the keystroke before.
        app.update(Action::Type(key(KeyCode::Char('0'))));
        let mut terminal = terminal();
        draw(&mut terminal, &app);
        let mut typed = false;
        bencher.bench_local(|| {
            let code = if typed { KeyCode::Backspace } else { KeyCode::Char('0') };
            typed = !typed;
            app.update(Action::Type(key(code)));
            draw(&mut terminal, &app);
        });
    }

    #[divan::bench]
    fn keystroke_to_frame_largest_problem(bencher: Bencher) {
        keystroke(bencher, largest().reference_design(), false);
    }

    #[divan::bench]
    fn keystroke_to_frame_largest_problem_last_formula(bencher: Bencher) {
        keystroke(bencher, largest().reference_design(), true);
    }

    #[divan::bench]
    fn keystroke_to_frame_large_design(bencher: Bencher) {
        keystroke(bencher, large_design().clone(), false);
    }

    /// The high-level phase's fail key on the largest problem: the selected component failed
    /// and restored in turn, the design analysed again, the diagram with its marks and the
    /// analysis pane drawn.
    #[divan::bench]
    fn fail_key_to_frame_largest_problem(bencher: Bencher) {
        let mut app = app_on(Screen::HighLevel, &largest().reference_design());
        app.update(Action::Down);
        let mut terminal = terminal();
        draw(&mut terminal, &app);
        bencher.bench_local(|| {
            app.update(Action::ToggleFailure);
            draw(&mut terminal, &app);
        });
    }

    /// Moving the cursor down the estimates screen: a key that changes no figure.
    #[divan::bench]
    fn cursor_move_to_frame_largest_problem(bencher: Bencher) {
        let mut app = app_on(Screen::Estimates, &largest().reference_design());
        let mut terminal = terminal();
        draw(&mut terminal, &app);
        let mut down = false;
        bencher.bench_local(|| {
            down = !down;
            app.update(if down { Action::Down } else { Action::Up });
            draw(&mut terminal, &app);
        });
    }

    /// Opening a design in the workbench, up to the state the first frame draws.
    #[divan::bench]
    fn open_largest_problem(bencher: Bencher) {
        isolate_data_dir();
        let design = largest().reference_design();
        bencher.bench(|| App::workbench(design.clone(), None, library().clone(), plain()));
    }
}

// ----- export -----

mod export {
    use super::*;

    #[derive(Debug, Clone, Copy)]
    enum Kind {
        Markdown,
        Mermaid,
        Json,
    }

    fn format(kind: Kind) -> Format {
        match kind {
            Kind::Markdown => Format::Markdown,
            Kind::Mermaid => Format::Mermaid,
            Kind::Json => Format::Json,
        }
    }

    const KINDS: [Kind; 3] = [Kind::Markdown, Kind::Mermaid, Kind::Json];

    /// Compiling the built-in templates, as the first export of a process does.
    #[divan::bench]
    fn compile_templates() -> Exporter {
        Exporter::for_user(Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates").as_path()))
            .expect("the built-in templates compile")
    }

    #[divan::bench(args = KINDS)]
    fn largest_problem(bencher: Bencher, kind: Kind) {
        let problem = largest();
        let design = problem.reference_design();
        let exporter = Exporter::builtin();
        bencher.bench(|| exporter.render(black_box(&design), Some(problem), format(kind)).expect("exports"));
    }

    #[divan::bench(args = KINDS)]
    fn large_design(bencher: Bencher, kind: Kind) {
        let design = super::large_design();
        let exporter = Exporter::builtin();
        bencher.bench(|| exporter.render(black_box(design), None, format(kind)).expect("exports"));
    }
}

// ----- design files -----

mod store {
    use super::*;

    /// Parse and validate the generated design from its text.
    #[divan::bench]
    fn parse_large_design(bencher: Bencher) {
        if !loader_accepts_large_design() {
            return;
        }
        let text = large_design_toml();
        bencher.bench(|| sdw::store::parse_design(black_box(&text), "large.toml").expect("loads"));
    }

    /// Read it from disk, parse and validate it.
    #[divan::bench]
    fn load_large_design(bencher: Bencher) {
        if !loader_accepts_large_design() {
            return;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("large.toml");
        std::fs::write(&path, large_design_toml()).expect("writes");
        bencher.bench(|| sdw::store::load_design(black_box(&path)).expect("loads"));
    }

    /// Save it: serialise to TOML and write atomically (temporary file, then rename).
    #[divan::bench]
    fn save_large_design(bencher: Bencher) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("large.toml");
        let design = super::large_design();
        bencher.bench(|| sdw::store::save_design(black_box(&path), design).expect("saves"));
    }

    /// Parse the largest built-in problem file.
    #[divan::bench]
    fn parse_largest_problem(bencher: Bencher) {
        let id = &largest().id;
        let (name, text) = sdw::problem::builtin_sources()
            .iter()
            .find(|(name, _)| name.strip_suffix(".toml") == Some(id.as_str()))
            .expect("the problem's file");
        bencher.bench(|| sdw::store::parse_problem(black_box(text), name).expect("loads"));
    }
}
