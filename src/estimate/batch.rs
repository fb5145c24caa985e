//! Evaluating many rows in few numbat calls. numbat saves a copy of its whole state before
//! every `interpret` call, to roll back on error, and that copy costs far more than the
//! arithmetic of one row. So the rows go to numbat together, as one `let` per line, and
//! their values come back together, as the fields of one struct. Only when a batch fails is
//! it split: the rows before the failing one go again as a batch, the failing row alone (so
//! its error reads exactly as it would on its own), and the rest as a new batch. Every row
//! gets the outcome that evaluating the rows one at a time, in the same order, would give.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use numbat::diagnostic::ErrorDiagnostic;
use numbat::resolver::{CodeSource, ResolverError};
use numbat::value::Value;
use numbat::{Context, InterpreterResult, NameResolutionError, NumbatError, Statement, Type};

use super::{Prefixes, Quantity, Renames, RowError, eval_row, prepare, quantity_of};

/// A sheet's rows as the engine sees them: names, expressions, and which rows each uses.
pub(super) struct Rows<'a> {
    pub names: &'a [&'a str],
    pub exprs: &'a [&'a str],
    pub uses: &'a [Vec<usize>],
    /// Rows whose names are also a unit's plural or alias, and the names they are bound
    /// under in numbat.
    pub renames: &'a Renames,
}

impl Rows<'_> {
    /// The name row `row` is bound under in numbat.
    fn bound(&self, row: usize) -> &str {
        self.renames.bound(self.names[row])
    }
}

/// What each row came to; `None` for a row not evaluated yet.
pub(super) type Outcomes = [Option<Result<Quantity, RowError>>];

/// Evaluate the rows in `queue` (row indices, each after every row it uses) in `ctx`, binding
/// each row that evaluates to its value, and record their outcomes. A row that uses a row
/// with an error, or whose expression the guard refuses, is not sent to numbat.
pub(super) fn eval_rows(ctx: &mut Context, rows: &Rows, queue: &[usize], outcomes: &mut Outcomes, prefixes: Prefixes) {
    let mut queue: Vec<usize> = queue.iter().copied().filter(|&row| outcomes[row].is_none()).collect();
    while !queue.is_empty() {
        let batch = ready_rows(rows, &queue, outcomes);
        match run_batch(ctx, rows, &batch, prefixes) {
            Ok(values) => {
                for (&row, outcome) in batch.iter().zip(values) {
                    outcomes[row] = Some(outcome);
                }
            }
            Err(Some(failed)) => {
                // Everything before the failing row typechecked; it may still meet a runtime
                // error, which the recursion finds the same way.
                eval_rows(ctx, rows, &batch[..failed], outcomes, prefixes);
                eval_one(ctx, rows, batch[failed], outcomes, prefixes);
            }
            Err(None) => {
                // numbat did not say where: one row at a time.
                for &row in &batch {
                    eval_one(ctx, rows, row, outcomes, prefixes);
                }
            }
        }
        queue.retain(|&row| outcomes[row].is_none());
    }
}

/// The rows of `queue` that can go to numbat together. A row that uses a row with an error,
/// or whose expression the guard refuses, gets its outcome here instead. A row is left for
/// later when whether (and which) row it uses fails depends on this batch: its error names
/// the first failed row it uses, as evaluating one row at a time would, and only a row whose
/// every used row evaluated reports its own error.
fn ready_rows(rows: &Rows, queue: &[usize], outcomes: &mut Outcomes) -> Vec<usize> {
    let mut batch = Vec::with_capacity(queue.len());
    let mut in_batch = vec![false; outcomes.len()];
    for &row in queue {
        let mut waits = false;
        let mut failed = None;
        for &used in &rows.uses[row] {
            if in_batch[used] {
                waits = true;
            } else if !matches!(outcomes[used], Some(Ok(_))) {
                failed = Some(used);
                break;
            }
        }
        match failed {
            Some(_) if waits => {}
            Some(used) => outcomes[row] = Some(Err(RowError::DependsOn { row: rows.names[used].to_string() })),
            None => match prepare(rows.exprs[row], rows.renames) {
                // Its own error counts only if every row it uses evaluates: until this batch
                // says so, the row waits (a failed row it uses is what it would report).
                Err(_) if waits => {}
                Err(e) => outcomes[row] = Some(Err(e)),
                Ok(_) => {
                    in_batch[row] = true;
                    batch.push(row);
                }
            },
        }
    }
    batch
}

/// Evaluate the rows in `queue` one numbat call each, in order: the meaning [`eval_rows`]
/// must keep, as a reference for the checks that compare the two.
pub(super) fn eval_rows_one_at_a_time(
    ctx: &mut Context,
    rows: &Rows,
    queue: &[usize],
    outcomes: &mut Outcomes,
    prefixes: Prefixes,
) {
    for &row in queue {
        if outcomes[row].is_none() {
            eval_one(ctx, rows, row, outcomes, prefixes);
        }
    }
}

/// Evaluate one row on its own, unless a row it uses has failed meanwhile.
fn eval_one(ctx: &mut Context, rows: &Rows, row: usize, outcomes: &mut Outcomes, prefixes: Prefixes) {
    let failed = rows.uses[row].iter().find(|&&used| !matches!(outcomes[used], Some(Ok(_))));
    outcomes[row] = Some(match failed {
        Some(&used) => Err(RowError::DependsOn { row: rows.names[used].to_string() }),
        None => eval_row(ctx, rows.bound(row), rows.exprs[row], rows.renames, prefixes),
    });
}

/// Bind every row of `batch` in one numbat call and read their values back in one more. On
/// failure nothing is bound, and the error is the position in `batch` of the row numbat
/// stopped at, when it said where.
fn run_batch(
    ctx: &mut Context,
    rows: &Rows,
    batch: &[usize],
    prefixes: Prefixes,
) -> Result<Vec<Result<Quantity, RowError>>, Option<usize>> {
    if let [row] = batch {
        return Ok(vec![eval_row(ctx, rows.bound(*row), rows.exprs[*row], rows.renames, prefixes)]);
    }
    let mut code = String::new();
    let mut line_starts = Vec::with_capacity(batch.len());
    for &row in batch {
        line_starts.push(code.len());
        // Every row of a batch was prepared without error already.
        let expr = prepare(rows.exprs[row], rows.renames).map(|t| t.code).unwrap_or_default();
        let _ = writeln!(code, "let {} = {expr}", rows.bound(row));
    }
    let types: Vec<Option<String>> = match ctx.interpret(&code, CodeSource::Text) {
        Ok((statements, _)) => statements
            .iter()
            .filter_map(|statement| match statement {
                Statement::DefineVariable(definition) => {
                    let (qualified, generic_over) =
                        definition.type_scheme.instantiate_for_printing(None::<std::iter::Empty<&str>>);
                    Some(if generic_over.is_empty() { quantity_type(&qualified.inner) } else { None })
                }
                _ => None,
            })
            .collect(),
        Err(e) => {
            return Err(
                error_position(&e).map(|at| line_starts.partition_point(|&start| start <= at).saturating_sub(1))
            );
        }
    };
    if types.len() != batch.len() {
        // Not one definition per row, which the guard should make impossible: read each back.
        return Ok(batch.iter().map(|&row| read_back(ctx, rows.bound(row), prefixes)).collect());
    }
    let names: Vec<&str> = batch.iter().map(|&row| rows.bound(row)).collect();
    Ok(read_values(ctx, &names, &types, prefixes)
        .unwrap_or_else(|| names.iter().map(|name| read_back(ctx, name, prefixes)).collect()))
}

/// The values of the bound rows `names`. Rows of a known quantity type come back as the
/// fields of one struct; any other row (not a quantity, or of a type numbat leaves generic, as
/// it does for `0 byte`) is read alone. `None` if numbat refuses the struct.
fn read_values(
    ctx: &mut Context,
    names: &[&str],
    types: &[Option<String>],
    prefixes: Prefixes,
) -> Option<Vec<Result<Quantity, RowError>>> {
    // Struct names live as long as the context; a fresh one each time never clashes.
    static NEXT_STRUCT: AtomicU64 = AtomicU64::new(0);
    let name = format!("SdwRowValues{}", NEXT_STRUCT.fetch_add(1, Ordering::Relaxed));
    let fields: Vec<(&str, &str)> =
        names.iter().zip(types).filter_map(|(&field, t)| t.as_deref().map(|t| (field, t))).collect();
    let mut values = Vec::new();
    if !fields.is_empty() {
        let mut code = format!("struct {name} {{");
        for (field, t) in &fields {
            let _ = write!(code, "{field}: {t}, ");
        }
        let _ = write!(code, "}}\n{name} {{");
        for (field, _) in &fields {
            let _ = write!(code, "{field}: {field}, ");
        }
        code.push('}');
        match ctx.interpret(&code, CodeSource::Internal) {
            Ok((_, InterpreterResult::Value(Value::StructInstance(_, read)))) if read.len() == fields.len() => {
                values = read;
            }
            _ => return None,
        }
    }
    let mut values = values.iter();
    Some(
        names
            .iter()
            .zip(types)
            .map(|(field, t)| match t.as_ref().and_then(|_| values.next()) {
                Some(value) => quantity_of(value, prefixes),
                None => read_back(ctx, field, prefixes),
            })
            .collect(),
    )
}

/// The value of one bound row.
fn read_back(ctx: &mut Context, name: &str, prefixes: Prefixes) -> Result<Quantity, RowError> {
    match ctx.interpret(name, CodeSource::Internal) {
        Ok((_, InterpreterResult::Value(value))) => quantity_of(&value, prefixes),
        Ok(_) => Err(RowError::NotANumber),
        Err(e) => Err(RowError::Runtime { message: e.to_string() }),
    }
}

/// The type of a row's value written as a numbat dimension expression, such as
/// `Count_request * Time^-1`, or `None` when the value is not a plain quantity.
fn quantity_type(t: &Type) -> Option<String> {
    let Type::Dimension(dtype) = t else { return None };
    if !dtype.type_variables(true).is_empty() {
        return None;
    }
    if dtype.factors().is_empty() {
        return Some("Scalar".into());
    }
    let factors: Vec<String> = dtype
        .factors()
        .iter()
        .map(|(factor, exponent)| {
            let (numer, denom) = (*exponent.numer(), *exponent.denom());
            match (numer, denom) {
                (1, 1) => factor.name().to_string(),
                (n, 1) => format!("{}^{n}", factor.name()),
                (n, d) => format!("{}^({n}/{d})", factor.name()),
            }
        })
        .collect();
    Some(factors.join(" * "))
}

/// Where in the code numbat saw an error starts, when it says.
fn error_position(err: &NumbatError) -> Option<usize> {
    match err {
        NumbatError::ResolverError(ResolverError::ParseErrors(errors)) => {
            errors.first().map(|e| e.span.start.as_usize())
        }
        NumbatError::ResolverError(_) => None,
        NumbatError::NameResolutionError(NameResolutionError::IdentifierClash { conflict_span, .. }) => {
            Some(conflict_span.start.as_usize())
        }
        NumbatError::NameResolutionError(NameResolutionError::ReservedIdentifier(span)) => Some(span.start.as_usize()),
        NumbatError::TypeCheckError(e) => {
            e.diagnostics().first().and_then(|d| d.labels.first()).map(|label| label.range.start)
        }
        NumbatError::RuntimeError(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::estimate::{base_context, deps};
    use crate::model::Convention;

    type OutcomeList = Vec<Option<Result<Quantity, RowError>>>;

    /// Each row's outcome, batched and one row at a time, for rows given as (name, expr).
    fn both_ways(sheet: &[(&str, &str)]) -> (OutcomeList, OutcomeList) {
        let names: Vec<&str> = sheet.iter().map(|r| r.0).collect();
        let exprs: Vec<&str> = sheet.iter().map(|r| r.1).collect();
        let uses = deps::row_dependencies(&names, &exprs);
        let order = deps::order(&uses).order;
        let renames = Renames::default();
        let rows = Rows { names: &names, exprs: &exprs, uses: &uses, renames: &renames };
        let prefixes = Prefixes::default();

        let mut batched = vec![None; sheet.len()];
        eval_rows(&mut base_context(Convention::Exact).clone(), &rows, &order, &mut batched, prefixes);
        let mut single = vec![None; sheet.len()];
        let mut ctx = base_context(Convention::Exact).clone();
        eval_rows_one_at_a_time(&mut ctx, &rows, &order, &mut single, prefixes);
        (batched, single)
    }

    #[test]
    fn a_batch_gives_what_one_row_at_a_time_gives() {
        let sheets: &[&[(&str, &str)]] = &[
            &[("a", "100 million request / day"), ("b", "a -> request / s"), ("c", "b * 2 KB / request -> MB / s")],
            // An error in the middle: the rows before and after it still evaluate.
            &[("a", "3 s"), ("b", "a + 1 byte"), ("c", "a * 2"), ("d", "c -> min"), ("e", "b * 2")],
            // A syntax error, an unknown name with a suggestion, a name numbat already has.
            &[("a", "2 +"), ("b", "7 user"), ("c", "userz * 2"), ("d", "bb * 2"), ("e", "b / 1 day")],
            // Values that are not quantities, a rational power, a runtime error.
            &[("a", "1 > 2"), ("b", "[1, 2]"), ("c", "sqrt(4 m)"), ("d", "c * c"), ("e", "1 / 0"), ("f", "e + 1")],
            &[("a", "4 m^2"), ("b", "a^0.5"), ("c", "a^(1/3)"), ("d", "b * c")],
            // numbat gives `0` a generic dimension.
            &[("a", "0 byte"), ("b", "0"), ("c", "a + 1 byte"), ("d", "b * 1 s")],
        ];
        for sheet in sheets {
            let (batched, single) = both_ways(sheet);
            assert_eq!(batched, single, "{sheet:?}");
        }
    }

    #[test]
    fn every_kind_of_dimension_reads_back_through_one_struct() {
        let mut ctx = base_context(Convention::Exact).clone();
        let code =
            "let a = 4 m^2\nlet b = a^0.5\nlet c = 8 s^3\nlet d = (8 s)^(-1/3)\nlet e = 3\nlet f = 2 GB / s / user\n";
        let (statements, _) = ctx.interpret(code, CodeSource::Text).unwrap();
        let types: Vec<Option<String>> = statements
            .iter()
            .map(|s| match s {
                Statement::DefineVariable(d) => {
                    quantity_type(&d.type_scheme.instantiate_for_printing(None::<std::iter::Empty<&str>>).0.inner)
                }
                _ => None,
            })
            .collect();
        assert_eq!(types[3].as_deref(), Some("Time^(-1/3)"));
        assert_eq!(types[4].as_deref(), Some("Scalar"));
        let values = read_values(&mut ctx, &["a", "b", "c", "d", "e", "f"], &types, Prefixes::default())
            .expect("numbat accepts the struct");
        let values: Vec<f64> = values.into_iter().map(|v| v.unwrap().base_value).collect();
        assert_eq!(values[..5], [4.0, 2.0, 8.0, 0.5, 3.0]);
        assert_eq!(values[5], 2e9, "bytes are the base unit of information");
    }

    const EXPRESSIONS: &[&str] = &[
        "3 request / s",
        "2 GB",
        "{} * 2",
        "{} + 1 s",
        "{} / {}",
        "{} -> GB",
        "{} * {} / 1 day",
        "{}^0.5",
        "",
        "bogus_name",
        "1 / 0",
        "{} > 1",
        "(2 +",
        "max({}, {})",
        "0 byte",
        "0",
        // Refused before numbat sees it, and using rows: which error it reports depends on
        // whether they evaluate.
        "{};{}",
        "{} + \"{}\"",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn batches_match_one_row_at_a_time(
            picks in prop::collection::vec((0..EXPRESSIONS.len(), 0..6usize, 0..6usize), 1..7)
        ) {
            let names = ["r0", "r1", "r2", "r3", "r4", "r5"];
            let exprs: Vec<String> = picks
                .iter()
                .map(|&(e, x, y)| EXPRESSIONS[e].replacen("{}", names[x], 1).replacen("{}", names[y], 1))
                .collect();
            let sheet: Vec<(&str, &str)> = names.iter().copied().zip(exprs.iter().map(String::as_str)).collect();
            let (batched, single) = both_ways(&sheet);
            prop_assert_eq!(batched, single);
        }
    }
}
