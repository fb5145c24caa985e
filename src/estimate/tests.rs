//! Engine tests, with the worked figures from the source material as test vectors.

use super::*;
use crate::model::{Formula, Input};

fn sheet(inputs: &[(&str, &str)], formulas: &[(&str, &str)]) -> Sheet {
    Sheet {
        inputs: inputs
            .iter()
            .map(|(n, v)| Input { name: n.to_string(), value: v.to_string(), note: String::new() })
            .collect(),
        formulas: formulas
            .iter()
            .map(|(n, e)| Formula { name: n.to_string(), expr: e.to_string(), note: String::new() })
            .collect(),
        ..Sheet::default()
    }
}

fn value(e: &Evaluation, name: &str) -> Quantity {
    match &e.row(name).unwrap().outcome {
        Ok(q) => q.clone(),
        Err(err) => panic!("row {name} failed: {err}"),
    }
}

fn error(e: &Evaluation, name: &str) -> RowError {
    e.row(name).unwrap().outcome.clone().unwrap_err()
}

fn exact(expr: &str) -> Quantity {
    calc(expr, Convention::Exact, Prefixes::Si).unwrap()
}

#[test]
fn hundred_million_a_day_is_1157_per_second() {
    let q = exact("100 million request / day -> request / s");
    assert!((q.value - 1157.407).abs() < 0.01, "{}", q.value);
    assert_eq!(q.display, "1.16 K req/s");
    assert_eq!(q.precise, "1157.4 req/s");
    // Five times that at peak: the seed rounds 5,787 up to "~6k".
    let peak = exact("5 * 100 million request / day -> request / s");
    assert!((peak.value - 5787.04).abs() < 0.01);
}

#[test]
fn rough_convention_uses_a_hundred_thousand_second_day() {
    let q = calc("100 million / day -> 1/s", Convention::Rough, Prefixes::Si).unwrap();
    assert_eq!(q.value, 1000.0);
    let exact = calc("100 million / day -> 1/s", Convention::Exact, Prefixes::Si).unwrap();
    assert_eq!(exact.precise, "1157.4 /s");
    assert_eq!(calc("month -> s", Convention::Rough, Prefixes::Si).unwrap().value, 2.5e6);
    assert_eq!(calc("month -> day", Convention::Exact, Prefixes::Si).unwrap().value, 30.0);
    assert_eq!(calc("year -> day", Convention::Exact, Prefixes::Si).unwrap().value, 365.0);
}

#[test]
fn worked_storage_and_keyspace_figures() {
    // A billion objects of 100 bytes each.
    let q = exact("1 billion * 100 bytes -> GB");
    assert_eq!(q.value, 100.0);
    assert_eq!(q.display, "100 GB");
    // 62^7 seven-character base-62 codes.
    let q = exact("62^7");
    assert_eq!(q.base_value, 3_521_614_606_208.0);
    assert_eq!(q.display, "3.52 tn");
    // 1000 URLs a second is 86.4 million a day.
    assert_eq!(exact("1000 url / s -> url / day").display, "86.4 M url/day");
}

#[test]
fn four_nines_allow_52_and_a_half_minutes_a_year() {
    let q = exact("(100 percent - 99.99 percent) * year -> minute");
    assert!((q.value - 52.56).abs() < 1e-9, "{}", q.value);
}

#[test]
fn information_gets_si_or_binary_prefixes() {
    assert_eq!(exact("91.3 TB").display, "91.3 TB");
    assert_eq!(exact("100 GB / day * 30 -> GB / day").display, "3 TB/day");
    assert_eq!(exact("1.2 Gbit / s").display, "1.2 Gbit/s");
    assert_eq!(exact("150 MB / s -> bit / s").display, "1.2 Gbit/s");
    let binary = calc("1 GiB", Convention::Exact, Prefixes::Binary).unwrap();
    assert_eq!(binary.display, "1 GiB");
    assert_eq!(exact("1 GiB").base_value, 1073741824.0);
    assert_eq!(exact("1 GB").base_unit, "B");
    assert_eq!(exact("8 bit -> byte").value, 1.0);
}

#[test]
fn counts_read_naturally() {
    assert_eq!(exact("8 server").display, "8 servers");
    assert_eq!(exact("1 server").display, "1 server");
    assert_eq!(exact("2500000 user").display, "2.5 M users");
    assert_eq!(exact("42").display, "42");
}

#[test]
fn unit_mismatch_names_both_units() {
    let err = calc("3 bytes + 2 s", Convention::Exact, Prefixes::Si).unwrap_err();
    assert_eq!(err.to_string(), "unit mismatch at column 9: cannot add B and s");
    let err = calc("3 url -> request", Convention::Exact, Prefixes::Si).unwrap_err();
    assert!(matches!(err, RowError::UnitMismatch { .. }), "{err}");
}

#[test]
fn syntax_and_unknown_name_errors_carry_columns() {
    let err = calc("2 * (3", Convention::Exact, Prefixes::Si).unwrap_err();
    assert!(matches!(err, RowError::Syntax { column: 7, .. }), "{err:?}");
    let err = calc("12 * fooo", Convention::Exact, Prefixes::Si).unwrap_err();
    assert!(matches!(&err, RowError::UnknownName { name, column: 6, .. } if name == "fooo"), "{err:?}");
}

#[test]
fn the_last_result_and_text_are_not_row_expressions() {
    // Rows are evaluated by dependency, several to a numbat call: numbat's last result names
    // no row, and text hides the names it interpolates.
    let e =
        evaluate(&sheet(&[("a", "3 s")], &[("b", "2 * ans"), ("c", "_ + a"), ("d", "\"{a}\"")]), Options::default());
    let error = |name: &str| e.row(name).unwrap().outcome.clone().unwrap_err();
    assert!(matches!(error("b"), RowError::Syntax { column: 5, .. }), "{:?}", error("b"));
    assert!(error("b").to_string().contains("`ans`"), "{}", error("b"));
    assert!(matches!(error("c"), RowError::Syntax { column: 1, .. }), "{:?}", error("c"));
    assert!(matches!(error("d"), RowError::Syntax { column: 1, .. }), "{:?}", error("d"));
}

#[test]
fn set_on_one_input_changes_every_dependent_row() {
    let mut s = standard_sheet();
    let before = evaluate(&s, Options::default());
    assert_eq!(before.error_count(), 0, "{:#?}", before.rows.iter().filter(|r| r.outcome.is_err()).collect::<Vec<_>>());
    assert!(s.set("dau", "20 million user"));
    let after = evaluate(&s, Options::default());
    for name in ["write_qps", "read_qps", "peak_read_qps", "storage_total", "egress", "cache_memory"] {
        let (b, a) = (value(&before, name).base_value, value(&after, name).base_value);
        assert!((a / b - 2.0).abs() < 1e-9, "{name}: {b} -> {a}");
    }
}

#[test]
fn the_standard_sheet_computes_its_figures() {
    let e = evaluate(&standard_sheet(), Options::default());
    // 10 M users × 2 writes a day.
    assert!((value(&e, "write_qps").value - 231.48).abs() < 0.01);
    assert_eq!(value(&e, "read_qps").display, "2.31 K req/s");
    // Peak 7,639 req/s over 700 req/s per server → 11 servers.
    assert_eq!(value(&e, "app_servers").display, "11 servers");
    // 20 GB/day × 365 × 5 × 3 = 109.5 TB → 55 shards of 2 TB.
    assert_eq!(value(&e, "storage_total").display, "110 TB");
    assert_eq!(value(&e, "db_shards").value, 55.0);
    assert_eq!(e.convention, Convention::Exact);
}

#[test]
fn rows_evaluate_in_any_order() {
    let s = sheet(&[], &[("c", "b * 2"), ("b", "a + 1 request"), ("a", "1 request")]);
    let e = evaluate(&s, Options::default());
    assert_eq!(value(&e, "c").value, 4.0);
}

#[test]
fn a_cycle_is_reported_by_name_and_spares_other_rows() {
    let s = sheet(&[("x", "1")], &[("a", "b + 1"), ("b", "c + 1"), ("c", "a + 1"), ("d", "a * 2"), ("ok", "x * 3")]);
    let e = evaluate(&s, Options::default());
    assert_eq!(error(&e, "a").to_string(), "cycle: a → b → c → a");
    assert_eq!(error(&e, "c").to_string(), "cycle: c → a → b → c");
    assert_eq!(error(&e, "d"), RowError::DependsOn { row: "a".into() });
    assert_eq!(value(&e, "ok").value, 3.0);
    let selfish = evaluate(&sheet(&[], &[("s1", "s1 + 1")]), Options::default());
    assert_eq!(error(&selfish, "s1").to_string(), "cycle: s1 → s1");
}

#[test]
fn one_bad_row_never_hides_the_others() {
    let s = sheet(&[("a", "2 GB"), ("b", "3 +")], &[("c", "a * 2"), ("d", "b * 2"), ("e", "a + 1 s")]);
    let e = evaluate(&s, Options::default());
    assert_eq!(value(&e, "c").display, "4 GB");
    assert!(matches!(error(&e, "b"), RowError::Syntax { .. }));
    assert_eq!(error(&e, "d"), RowError::DependsOn { row: "b".into() });
    assert!(matches!(error(&e, "e"), RowError::UnitMismatch { .. }));
    assert_eq!(e.error_count(), 3);
}

#[test]
fn names_that_clash_or_repeat_are_row_errors() {
    let s = sheet(&[("h", "1"), ("x", "1"), ("x", "2"), ("bad name", "3")], &[]);
    let e = evaluate(&s, Options::default());
    assert_eq!(error(&e, "h"), RowError::NameInUse { name: "h".into() });
    assert_eq!(e.rows[2].outcome, Err(RowError::DuplicateName { name: "x".into() }));
    assert_eq!(error(&e, "bad name"), RowError::InvalidName { name: "bad name".into() });
}

#[test]
fn absurd_numbers_are_errors_not_panics() {
    for expr in ["1e999999", "1 / 0", "0 / 0"] {
        let err = calc(expr, Convention::Exact, Prefixes::Si).unwrap_err();
        assert!(matches!(err, RowError::NotFinite | RowError::Runtime { .. }), "{expr}: {err:?}");
    }
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(matches!(calc(&deep, Convention::Exact, Prefixes::Si), Err(RowError::TooComplex { .. })));
    let nested = format!("{}1{}", "(".repeat(30), ")".repeat(30));
    assert_eq!(exact(&nested).value, 1.0);
    let minus = format!("{}1", "-".repeat(500));
    assert!(calc(&minus, Convention::Exact, Prefixes::Si).is_err());
    assert_eq!(calc("", Convention::Exact, Prefixes::Si), Err(RowError::Empty));
    assert!(matches!(calc("1\nlet y = 2", Convention::Exact, Prefixes::Si), Err(RowError::Syntax { column: 2, .. })));
}

#[test]
fn extra_units_are_declared_per_sheet() {
    let mut s = sheet(&[("daily_likes", "5 million likes / day")], &[("rate", "daily_likes -> like / s")]);
    s.units = vec!["like".into()];
    let e = evaluate(&s, Options::default());
    assert_eq!(value(&e, "rate").display, "57.9 like/s");
    s.units = vec!["day".into()];
    let e = evaluate(&s, Options::default());
    assert_eq!(e.sheet_errors.len(), 1, "{:?}", e.sheet_errors);
}

#[test]
fn substitution_shows_the_derivation() {
    let s = sheet(
        &[("dau", "100 million user"), ("per_user", "1 request / user / day")],
        &[("qps", "dau * per_user -> request / s")],
    );
    let e = evaluate(&s, Options::default());
    assert_eq!(e.substituted(2), "(100 M users) * (1 req/(day·user)) -> request / s");
}

#[test]
fn lengths_and_areas_take_si_prefixes() {
    assert_eq!(exact("2 km").display, "2 km");
    assert_eq!(exact("pi * (2 km)^2").display, "12.6 km^2");
    assert_eq!(exact("350 m").display, "350 m");
    assert_eq!(exact("3 dollar * 1000").display, "3 K dollars");
}

#[test]
fn huge_unit_exponents_are_refused_not_cancelled() {
    // Before the bound, numbat printed `1` for this: the two exponents met in floating point.
    for expr in ["byte^(2^63) / byte^(2^63-1)", "byte^2^63", "byte ** 5000"] {
        let err = calc(expr, Convention::Exact, Prefixes::Si).unwrap_err();
        assert!(err.to_string().contains("the limit is ±1000"), "{expr}: {err}");
    }
    // Built from a row's powers the guard cannot read: the result's unit is checked.
    let e = evaluate(&sheet(&[("b", "byte^900")], &[("c", "b^2")]), Options::default());
    assert!(error(&e, "c").to_string().contains("the result has byte to the power 1800"), "{:?}", error(&e, "c"));
    assert_eq!(exact("byte^1000 / byte^999").display, "1 B");
    assert_eq!(exact("62^7").value, 3_521_614_606_208.0);
}

#[test]
fn a_hash_is_refused_and_no_error_names_an_internal_row() {
    let err = calc("#x", Convention::Exact, Prefixes::Si).unwrap_err();
    assert_eq!(
        err,
        RowError::Syntax {
            column: 1,
            message: "`#` is not allowed: it would start a comment; a row's note is the place for words".into()
        }
    );
    for expr in ["#x", "1 # one", "", "x", "2 +", "let", "x = 1"] {
        let text = calc(expr, Convention::Exact, Prefixes::Si).unwrap_err().to_string();
        assert!(!text.contains("sdw_calc_result"), "{expr}: {text}");
    }
}

/// The `calc` blocks of the problem format's documentation: `expression => display` a line.
fn documented_examples() -> Vec<(String, String)> {
    let doc = include_str!("../../docs/problem-format.md");
    let mut examples = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        match line.trim() {
            "```calc" => inside = true,
            "```" => inside = false,
            example if inside => {
                let (expr, shown) = example.split_once("=>").expect("a calc example is `expression => display`");
                examples.push((expr.trim().to_string(), shown.trim().to_string()));
            }
            _ => {}
        }
    }
    examples
}

#[test]
fn the_documented_examples_give_what_the_documentation_shows() {
    let examples = documented_examples();
    assert!(examples.len() >= 5);
    for (expr, shown) in examples {
        match calc(&expr, Convention::Exact, Prefixes::Si) {
            Ok(q) => assert_eq!(q.display, shown, "{expr}"),
            Err(e) => assert_eq!(e.to_string(), shown, "{expr}"),
        }
    }
}

/// Words of numbat's own that no error may show: its names for dimensions, its grammar, and
/// the names the engine binds internally.
const INTERNAL_WORDS: &[&str] = &[
    "Count_",
    "DigitalInformation",
    "Scalar",
    "sdw_calc_result",
    "SdwRowValues",
    "struct",
    "identifier",
    "parenthesized",
    "Expected one of",
    "constraint",
    "procedure",
    "dimensionless",
    "let ",
];

/// Expressions that fail in every way the engine knows, each alone and in a sheet.
const BAD_EXPRESSIONS: &[&str] = &[
    "2 +",
    "(2 + 3",
    "2 3 )",
    "2 +* 3",
    "unit foo",
    "dimension X",
    "use prelude",
    "struct A {}",
    "fn f(x) = x",
    "@aliases(x) unit y",
    "let y = 2",
    "if 1 then 2",
    "2^(1 s)",
    "ceil(1 byte)",
    "ceil_in(server, 2 byte)",
    "[1,2]",
    "true",
    "2 s -> GB",
    "1 user + 2",
    "x.y",
    "(1 s)!",
    "floor_in(1 s)",
    "1e999",
    "2 $",
    "paste",
    "pastes * 3",
    "tb",
    "Gb",
    "10 conn * 10 KB -> GB",
    "1 < 2 byte",
    "1 / 0",
    "log10(3 s)",
    "day(2)",
    "mod(5 s, 2)",
    "0x",
    "1.2.3",
    "x |> y",
    "round_in(byte)",
    "#x",
    "x = 1",
    "5m",
    "3b",
    "1,00",
    "f(1,2)",
    "300M user + 2 GB / s",
    "\"text\"",
    "a;b",
    "ans",
    "print(1)",
    "assert(false)",
    "1 ->",
    "-> GB",
    "2 ** byte",
    "byte^(2^63)",
    "3 user -> request",
    "sqrt(-1)",
    "2 user^0.5 + 1 user",
    "conn -> url",
];

#[test]
fn no_error_speaks_numbat() {
    let mut texts = Vec::new();
    for expr in BAD_EXPRESSIONS {
        for convention in [Convention::Exact, Convention::Rough] {
            if let Err(e) = calc(expr, convention, Prefixes::Si) {
                texts.push((expr.to_string(), e.to_string()));
            }
        }
    }
    // The same in a sheet, after a row it uses, batched with other rows.
    let rows: Vec<(String, String)> =
        BAD_EXPRESSIONS.iter().enumerate().map(|(i, e)| (format!("r{i}"), format!("{e} + base * 0"))).collect();
    let formulas: Vec<(&str, &str)> = rows.iter().map(|(n, e)| (n.as_str(), e.as_str())).collect();
    let e = evaluate(&sheet(&[("base", "1")], &formulas), Options::default());
    for row in &e.rows {
        if let Err(err) = &row.outcome {
            texts.push((row.expr.clone(), err.to_string()));
        }
    }
    let e = evaluate(
        &Sheet { units: vec!["day".into(), "bad name".into(), "x".into(), "x".into()], ..Sheet::default() },
        Options::default(),
    );
    texts.extend(e.sheet_errors.iter().map(|s| ("units".to_string(), s.clone())));
    assert!(texts.len() > BAD_EXPRESSIONS.len(), "the corpus fails");
    for (expr, text) in texts {
        // A word the user typed may be quoted back.
        for word in INTERNAL_WORDS.iter().filter(|w| !expr.contains(w.trim())) {
            let lower = text.to_lowercase();
            assert!(!lower.contains(&word.to_lowercase()), "`{expr}` gives an error with `{word}` in it: {text}");
        }
    }
}

#[test]
fn ceil_in_counts_whole_servers_without_floating_point_noise() {
    // 160 combinations of a rate (in tenths of a million per second), a peak factor and a
    // per-server capacity, against integer arithmetic.
    let mut checked = 0;
    for rate_tenths in [11u64, 12, 24, 33, 7] {
        for peak in [2u64, 3, 5, 7] {
            for capacity in [100_000u64, 200_000, 300_000, 500_000, 700_000, 1_100_000, 1_500_000, 3_000_000] {
                let load = rate_tenths * 100_000 * peak;
                let servers = load.div_ceil(capacity);
                let expr = format!(
                    "ceil_in(server, {}M request / s * {peak} / ({capacity} request / s / server))",
                    rate_tenths as f64 / 10.0
                );
                assert_eq!(exact(&expr).value, servers as f64, "{expr}");
                let floor = format!(
                    "floor_in(server, {}M request / s * {peak} / ({capacity} request / s / server))",
                    rate_tenths as f64 / 10.0
                );
                assert_eq!(exact(&floor).value, (load / capacity) as f64, "{floor}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 160);
    // The case that was seen: 11 servers, not 12; and a real fraction still rounds up.
    assert_eq!(exact("ceil_in(server, 1.1M request / s * 3 / (300k request / s / server))").value, 11.0);
    assert_eq!(exact("ceil_in(server, 1.1M request / s * 3 / (299k request / s / server))").value, 12.0);
}

#[test]
fn published_worked_examples_reproduce_under_their_authors_calendars() {
    let units = ["paste".to_string()];
    let under = |convention, expr: &str| {
        calc_with_units(expr, &units, convention, Prefixes::Si).unwrap_or_else(|e| panic!("{expr}: {e}"))
    };
    // The System Design Primer's conversion guide: 2.5 million seconds a month.
    for (per_month, per_second) in [(2.5e6, 1.0), (100e6, 40.0), (1e9, 400.0)] {
        let q = under(Convention::Primer, &format!("{per_month} request / month -> request / s"));
        assert!((q.value - per_second).abs() < 1e-9, "{per_month}/month: {}", q.value);
    }
    // The primer's Pastebin: 10 M pastes a month are 4 writes a second; 1.27 KB each is
    // 12.7 GB a month and "~450 GB of new paste content in 3 years" (36 of its months).
    assert_eq!(under(Convention::Primer, "10M paste / month -> paste / s").precise, "4 paste/s");
    let three_years = under(Convention::Primer, "1.27 KB * 10M / month * 3 years -> GB");
    assert_eq!(three_years.display, "457 GB");
    // The same under exact: three years are 36.5 months of 30 days, and 464 GB.
    assert_eq!(under(Convention::Exact, "1.27 KB * 10M / month * 3 years -> GB").display, "464 GB");
    // A rounded 10^5-second day: 100 million a day is 1,000 a second, and five years of a
    // terabyte a day are 1,825 TB, where rough's 300-day year gives 1,500 TB.
    assert_eq!(under(Convention::RoundDay, "100M / day -> 1/s").value, 1000.0);
    assert_eq!(under(Convention::RoundDay, "1 TB / day * 5 years -> TB").value, 1825.0);
    assert_eq!(under(Convention::Rough, "1 TB / day * 5 years -> TB").value, 1500.0);
    assert_eq!(under(Convention::Exact, "5 years -> month").precise, "60.833 month");
    assert_eq!(under(Convention::Primer, "5 years -> month").value, 60.0);
}

#[test]
fn availability_arithmetic_keeps_its_nines() {
    let q = exact("downtime(99.99 %, week)");
    assert_eq!(q.precise, "60.48 s");
    assert_eq!(exact("downtime(99.9 %, year) -> h").precise, "8.76 h");
    let q = exact("parallel(99.9 %, 2)");
    assert_eq!((q.display.as_str(), q.precise.as_str(), q.unit.as_str()), ("99.9999 %", "99.9999 %", "%"));
    assert!((q.base_value - 0.999999).abs() < 1e-12, "JSON keeps the fraction: {}", q.base_value);
    // Series is multiplication.
    assert_eq!(exact("99.9 % * 99.9 %").display, "99.8001 %");
    assert_eq!(exact("nines(4)").display, "99.99 %");
    assert_eq!(exact("20%").display, "20 %");
    // A plain ratio is not a percentage.
    assert_eq!(exact("3 / 4").display, "0.75");
    // A row computed from percentage rows is one too; a count times a percentage is not.
    let e = evaluate(
        &sheet(
            &[("web", "99.9 %"), ("db", "99.95 %"), ("users", "10 million user")],
            &[("web_and_db", "web * db"), ("paying", "users * 5%"), ("ratio", "web_and_db / web_and_db")],
        ),
        Options::default(),
    );
    assert_eq!(value(&e, "web_and_db").display, "99.85 %");
    assert_eq!(value(&e, "paying").display, "500 K users");
    assert_eq!(value(&e, "ratio").display, "100 %");
    // A function of a percentage is not one.
    let e = evaluate(&sheet(&[("p", "1 %")], &[("bits", "-ln(p) / ln(2)^2"), ("twice", "p * 2")]), Options::default());
    assert_eq!(value(&e, "bits").display, "9.5851");
    assert_eq!(value(&e, "twice").display, "2 %");
}

#[test]
fn words_of_the_language_are_not_row_names() {
    let e = evaluate(
        &sheet(&[("both", "1"), ("per", "2"), ("M", "3"), ("if", "4"), ("fine", "5")], &[]),
        Options::default(),
    );
    for name in ["both", "per", "M", "if"] {
        assert_eq!(error(&e, name), RowError::ReservedName { name: name.into() });
    }
    assert_eq!(error(&e, "both").to_string(), "`both` is a word of the formula language; pick another row name");
    assert_eq!(value(&e, "fine").value, 5.0);
}

#[test]
fn rows_may_take_the_natural_names_that_are_unit_plurals() {
    let e = evaluate(
        &Sheet {
            units: vec!["paste".into()],
            ..sheet(
                &[
                    ("views", "1 billion view / day"),
                    ("server_capacity", "10k request / s / server"),
                    ("pastes", "5M paste / day"),
                    ("days", "30"),
                ],
                &[
                    ("qps", "views * 1 request / view -> request / s"),
                    ("servers", "ceil_in(server, qps * 3 / server_capacity)"),
                    ("nodes", "servers * 2 node / server"),
                    ("records", "pastes * days * day"),
                    ("typo", "servrs * 2"),
                ],
            )
        },
        Options::default(),
    );
    assert_eq!(value(&e, "servers").display, "4 servers");
    assert_eq!(value(&e, "nodes").display, "8 nodes");
    assert_eq!(value(&e, "records").display, "150 M pastes");
    // Errors and suggestions name the row as the sheet does.
    assert_eq!(error(&e, "typo").to_string(), "unknown name `servrs` at column 1 (did you mean `servers`?)");
    // The singular stays the unit's.
    let e = evaluate(&sheet(&[("server", "3")], &[]), Options::default());
    assert_eq!(error(&e, "server"), RowError::NameInUse { name: "server".into() });
}

#[test]
fn no_figure_can_be_misread() {
    // A billion URLs is not "1 B url": B is only ever bytes.
    assert_eq!(exact("1 billion url").display, "1 bn urls");
    assert_eq!(exact("2.5 trillion request").display, "2.5 tn req");
    assert_eq!(exact("(292B tweet) * (5 B/tweet)").display, "1.46 TB");
    // A binary unit asked for stays binary.
    assert_eq!(exact("2 TB -> TiB").display, "1.82 TiB");
    assert_eq!(exact("3 GiB * 1000").display, "2.93 TiB");
    assert_eq!(exact("3 GB * 1000").display, "3 TB");
}
