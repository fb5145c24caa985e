//! Re-evaluating a sheet after an edit without starting over. The workbench evaluates the
//! sheet on every keystroke, and numbat's cost grows with every statement it checks. An
//! [`Evaluator`] keeps the last sheet, its evaluation and the numbat context the rows are
//! bound in, and when only expressions changed it evaluates just the changed rows and the
//! rows that use them. The
//! result is always what [`evaluate`](super::evaluate) gives; whenever that cannot be
//! guaranteed, it evaluates the whole sheet.

use numbat::Context;

use super::{Evaluation, Options, RowError, RowResult, batch, deps, evaluate_keeping_context};
use crate::model::Sheet;

/// Evaluates sheets, reusing the work of the previous call when the new sheet differs from
/// the last one only in some rows' expressions.
#[derive(Default)]
pub struct Evaluator {
    last: Option<Box<Last>>,
}

struct Last {
    sheet: Sheet,
    options: Options,
    evaluation: Evaluation,
    /// The base context with every row that evaluated bound to its value. A row whose value
    /// later became an error keeps its old binding, which nothing reads: the rows using it
    /// report the error instead of being evaluated.
    ctx: Context,
    /// Updates since the last full evaluation, which numbat's state grows with.
    updates: usize,
}

/// After this many updates the next evaluation starts afresh, so the context stays small.
const MAX_UPDATES: usize = 1_000;

impl Evaluator {
    /// Evaluate `sheet`, as [`evaluate`](super::evaluate) does.
    pub fn evaluate(&mut self, sheet: &Sheet, options: Options) -> Evaluation {
        if let Some(last) = &mut self.last
            && let Some(evaluation) = last.update(sheet, options)
        {
            return evaluation;
        }
        let (evaluation, ctx) = evaluate_keeping_context(sheet, options);
        self.last = ctx.map(|ctx| {
            Box::new(Last { sheet: sheet.clone(), options, evaluation: evaluation.clone(), ctx, updates: 0 })
        });
        evaluation
    }
}

impl Last {
    /// The evaluation of `sheet`, if it can be had from the last one by re-evaluating the
    /// rows whose expressions changed and those that use them.
    fn update(&mut self, sheet: &Sheet, options: Options) -> Option<Evaluation> {
        let old = &self.sheet;
        let same_shape = options == self.options
            && sheet.convention == old.convention
            && sheet.units == old.units
            && sheet.inputs.len() == old.inputs.len()
            && sheet.formulas.len() == old.formulas.len()
            && sheet.inputs.iter().zip(&old.inputs).all(|(a, b)| a.name == b.name)
            && sheet.formulas.iter().zip(&old.formulas).all(|(a, b)| a.name == b.name);
        if !same_shape || self.updates >= MAX_UPDATES {
            return None;
        }
        // A cycle, then or now, changes which rows are evaluated at all: start afresh.
        let had_cycle = self.evaluation.rows.iter().any(|r| matches!(r.outcome, Err(RowError::Cycle { .. })));
        let names: Vec<&str> = sheet.rows().map(|(name, _, _)| name).collect();
        let exprs: Vec<&str> = sheet.rows().map(|(_, expr, _)| expr).collect();
        let changed: Vec<bool> = old.rows().zip(&exprs).map(|((_, before, _), now)| before != *now).collect();
        let uses = if changed.iter().any(|c| *c) {
            deps::row_dependencies(&names, &exprs)
        } else {
            self.evaluation.rows.iter().map(|r| r.uses.clone()).collect()
        };
        let ordering = deps::order(&uses);
        if had_cycle || !ordering.cycles.is_empty() {
            return None;
        }

        // The changed rows and every row that uses one of them, directly or not.
        let mut dirty = changed;
        let mut used_by: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (row, row_uses) in uses.iter().enumerate() {
            for &used in row_uses {
                used_by[used].push(row);
            }
        }
        let mut stack: Vec<usize> = (0..dirty.len()).filter(|&i| dirty[i]).collect();
        while let Some(row) = stack.pop() {
            for &user in &used_by[row] {
                if !dirty[user] {
                    dirty[user] = true;
                    stack.push(user);
                }
            }
        }
        let mut outcomes: Vec<Option<Result<super::Quantity, RowError>>> =
            self.evaluation.rows.iter().map(|r| Some(r.outcome.clone())).collect();
        // Invalid and repeated names are errors whatever the expression, and names did not
        // change: those rows keep their outcome.
        let queue: Vec<usize> = ordering
            .order
            .iter()
            .copied()
            .filter(|&i| {
                dirty[i]
                    && !matches!(outcomes[i], Some(Err(RowError::InvalidName { .. } | RowError::DuplicateName { .. })))
            })
            .collect();
        for &i in &queue {
            outcomes[i] = None;
        }
        let view = batch::Rows { names: &names, exprs: &exprs, uses: &uses };
        batch::eval_rows(&mut self.ctx, &view, &queue, &mut outcomes, options.prefixes);
        let outcomes: Vec<Result<super::Quantity, RowError>> = outcomes
            .into_iter()
            .map(|o| o.unwrap_or(Err(RowError::Runtime { message: "not evaluated".into() })))
            .collect();

        // numbat suggests the nearest name it knows. This context knows rows a full
        // evaluation would not have bound yet; a suggestion of one of those may not be the
        // one a full evaluation makes.
        let mut position = vec![usize::MAX; names.len()];
        for (at, &row) in ordering.order.iter().enumerate() {
            position[row] = at;
        }
        for &i in &queue {
            if let Err(RowError::UnknownName { suggestion: Some(s), .. }) = &outcomes[i]
                && let Some(row) = names.iter().position(|n| n == s)
                && (position[row] >= position[i] || outcomes[row].is_err())
            {
                self.updates = MAX_UPDATES;
                return None;
            }
        }
        self.updates += 1;

        let evaluation = Evaluation {
            convention: self.evaluation.convention,
            rows: sheet
                .inputs
                .iter()
                .map(|r| (r.name.as_str(), r.value.as_str(), r.note.as_str(), super::RowKind::Input))
                .chain(
                    sheet
                        .formulas
                        .iter()
                        .map(|r| (r.name.as_str(), r.expr.as_str(), r.note.as_str(), super::RowKind::Formula)),
                )
                .zip(outcomes.into_iter().zip(uses))
                .map(|((name, expr, note, kind), (outcome, uses))| RowResult {
                    name: name.to_string(),
                    expr: expr.to_string(),
                    note: note.to_string(),
                    kind,
                    outcome,
                    uses,
                })
                .collect(),
            sheet_errors: self.evaluation.sheet_errors.clone(),
        };
        self.sheet = sheet.clone();
        self.evaluation = evaluation.clone();
        Some(evaluation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::evaluate;
    use crate::model::{Convention, Formula, Input};
    use crate::problem::Library;

    /// Every edit gives what a fresh evaluation gives.
    fn same_as_fresh(evaluator: &mut Evaluator, sheet: &Sheet, options: Options) {
        let fresh = evaluate(sheet, options);
        assert_eq!(evaluator.evaluate(sheet, options), fresh, "{sheet:?}");
    }

    fn small() -> Sheet {
        let input = |name: &str, value: &str| Input { name: name.into(), value: value.into(), note: String::new() };
        let formula = |name: &str, expr: &str| Formula { name: name.into(), expr: expr.into(), note: String::new() };
        Sheet {
            inputs: vec![input("dau", "10 million user"), input("per_user", "5 request / user / day")],
            formulas: vec![
                formula("qps", "dau * per_user -> request / s"),
                formula("peak", "qps * 3"),
                formula("bytes", "peak * 2 KB / request"),
                formula("other", "42 GB"),
            ],
            ..Sheet::default()
        }
    }

    #[test]
    fn edits_of_expressions_match_a_fresh_evaluation() {
        let mut evaluator = Evaluator::default();
        let mut sheet = small();
        same_as_fresh(&mut evaluator, &sheet, Options::default());
        let edits: &[(&str, &str)] = &[
            ("dau", "20 million user"),
            ("dau", "20 million user "),
            ("dau", "20 million user + 3 s"),
            ("dau", "20 million"),
            ("dau", "20 million user"),
            ("peak", "qps * 4"),
            ("peak", "qps * "),
            ("peak", "qs * 4"),
            ("peak", "qpz * 4"),
            ("peak", "bytes * 4"),
            ("peak", "qps * 4"),
            ("other", "ans"),
            ("other", "\"{dau}\""),
            ("other", "other * 2"),
            ("other", "1 TB"),
            ("bytes", "peak * 2 KB / request -> GB / s"),
            ("dau", ""),
            ("dau", "5 million user"),
        ];
        for (i, (name, expr)) in edits.iter().enumerate() {
            sheet.set(name, expr);
            same_as_fresh(&mut evaluator, &sheet, Options::default());
            if i == 0 {
                assert_eq!(
                    evaluator.last.as_ref().map(|l| l.updates),
                    Some(1),
                    "an edit re-evaluates only what changed"
                );
            }
        }
        sheet.formulas[3].note = "a note".into();
        same_as_fresh(&mut evaluator, &sheet, Options::default());
        sheet.convention = Convention::Rough;
        same_as_fresh(&mut evaluator, &sheet, Options::default());
        same_as_fresh(
            &mut evaluator,
            &sheet,
            Options { prefixes: super::super::Prefixes::Binary, ..Options::default() },
        );
        sheet.formulas.pop();
        same_as_fresh(&mut evaluator, &sheet, Options::default());
    }

    #[test]
    fn editing_any_row_of_every_problem_matches_a_fresh_evaluation() {
        let library = Library::builtin();
        for entry in library.entries() {
            let mut sheet = entry.problem.reference.estimates.clone();
            let mut evaluator = Evaluator::default();
            same_as_fresh(&mut evaluator, &sheet, Options::default());
            let names: Vec<String> = sheet.rows().map(|(name, _, _)| name.to_string()).collect();
            // A few rows spread over the sheet: a changed value, an error, then the original.
            for name in names.iter().step_by(20) {
                let original = sheet.rows().find(|r| r.0 == name).map(|r| r.1.to_string()).unwrap();
                for expr in [format!("({original}) * 2"), format!("{original} + 1 s"), original.clone()] {
                    sheet.set(name, &expr);
                    same_as_fresh(&mut evaluator, &sheet, Options::default());
                }
            }
        }
    }
}
