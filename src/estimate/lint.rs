//! The classic slips of back-of-the-envelope sheets, found in an evaluated sheet: a per-day
//! rate multiplied by years under a calendar whose year is not 365 days, a peak factor
//! applied twice on one path, and units that only a missing bracket explains (`a / b
//! req/s/server` is per second squared). Findings are advice: the figures still stand.

use super::{Evaluation, RowKind};
use crate::model::Convention;

/// One slip found on a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub row: String,
    pub message: String,
}

/// Every slip found in `evaluation`.
pub fn lint(evaluation: &Evaluation) -> Vec<Finding> {
    let mut findings = Vec::new();
    let rows = &evaluation.rows;
    let unit_of = |i: usize| rows[i].outcome.as_ref().map(|q| q.unit.clone()).unwrap_or_default();
    let (day, _, year) = evaluation.convention.lengths();
    let short_year = !has_whole_year(evaluation.convention);
    for row in rows {
        let Ok(q) = &row.outcome else { continue };
        // Units that only a missing bracket explains: time squared.
        if row.kind == RowKind::Formula && (q.base_unit.contains("s^2") || q.base_unit.contains("s^3")) {
            findings.push(Finding {
                row: row.name.clone(),
                message: format!(
                    "`{}` is in {}: dividing by a rate per unit without brackets (`a / b req/s/server`)? \
                     write `a / (b req/s/server)`",
                    row.name, q.unit
                ),
            });
        }
        // A per-day figure over years, in a calendar whose year is not 365 of its days.
        if short_year && row.kind == RowKind::Formula {
            let per_day = row.uses.iter().any(|&u| unit_of(u).ends_with("/day"));
            let years = row.uses.iter().any(|&u| matches!(unit_of(u).as_str(), "year" | "years" | "yr"))
                || row.expr.contains("year");
            if per_day && years {
                findings.push(Finding {
                    row: row.name.clone(),
                    message: format!(
                        "`{}` multiplies a per-day figure by years, and under `{}` a year is {:.0} of its days, not 365",
                        row.name,
                        evaluation.convention.key(),
                        year / day
                    ),
                });
            }
        }
    }
    // A peak factor applied twice: a row that multiplies by it and uses a row that carries
    // it already. Dividing by it (an average from a peak) takes it off again.
    let peaks = rows.iter().enumerate().filter(|(_, r)| {
        r.kind == RowKind::Input && r.name.contains("peak") && r.outcome.as_ref().is_ok_and(|q| q.unit.is_empty())
    });
    for (peak, peak_row) in peaks {
        let carries = carriers(evaluation, peak);
        for (i, row) in rows.iter().enumerate() {
            let through = row.uses.iter().any(|&u| u != peak && carries[u]);
            if applies(&row.expr, &peak_row.name) && through {
                findings.push(Finding {
                    row: row.name.clone(),
                    message: format!(
                        "`{}` applies `{}` and uses a row that already did: is the peak applied twice?",
                        rows[i].name, peak_row.name
                    ),
                });
            }
        }
    }
    findings
}

/// Whether `expr` multiplies by the row `peak` (uses it other than right after a `/`).
fn applies(expr: &str, peak: &str) -> bool {
    super::identifiers(expr).iter().filter(|i| i.name == peak).any(|i| !expr[..i.start].trim_end().ends_with('/'))
}

/// For each row, whether its figure carries the peak factor `peak`: it applies it, or uses a
/// row that carries it without dividing it off.
fn carriers(evaluation: &Evaluation, peak: usize) -> Vec<bool> {
    let rows = &evaluation.rows;
    let name = &rows[peak].name;
    let mut memo: Vec<Option<bool>> = vec![None; rows.len()];
    fn visit(
        row: usize,
        evaluation: &Evaluation,
        peak: usize,
        name: &str,
        memo: &mut [Option<bool>],
        depth: usize,
    ) -> bool {
        if let Some(known) = memo[row] {
            return known;
        }
        memo[row] = Some(false); // a cycle carries nothing
        let r = &evaluation.rows[row];
        let divides = super::identifiers(&r.expr).iter().any(|i| i.name == name) && !applies(&r.expr, name);
        let found = row != peak
            && depth < 10_000
            && (applies(&r.expr, name)
                || (!divides
                    && r.uses.iter().any(|&u| u != peak && visit(u, evaluation, peak, name, memo, depth + 1))));
        memo[row] = Some(found);
        found
    }
    (0..rows.len()).map(|row| visit(row, evaluation, peak, name, &mut memo, 0)).collect()
}

/// Whether a calendar counts a year as 365 of its days.
pub fn has_whole_year(convention: Convention) -> bool {
    let (day, _, year) = convention.lengths();
    (year / day - 365.0).abs() <= 0.5
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Options, evaluate};
    use crate::model::{Formula, Input, Sheet};

    fn sheet(convention: Convention, inputs: &[(&str, &str)], formulas: &[(&str, &str)]) -> Sheet {
        Sheet {
            convention,
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

    fn findings(sheet: &Sheet) -> Vec<String> {
        lint(&evaluate(sheet, Options::default())).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn a_missing_bracket_around_a_per_server_rate_is_found() {
        let inputs = [("load", "10k request / s"), ("capacity", "400 request / s / server")];
        let found =
            findings(&sheet(Convention::Exact, &inputs, &[("servers_needed", "load / 400 request / s / server")]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("dividing by a rate per unit without brackets"), "{found:?}");
        let fixed = findings(&sheet(Convention::Exact, &inputs, &[("servers_needed", "load / capacity")]));
        assert!(fixed.is_empty(), "{fixed:?}");
    }

    #[test]
    fn per_day_times_years_is_flagged_under_a_short_year_only() {
        let inputs = [("per_day", "1 TB / day"), ("retention", "5 years")];
        let formulas = [("total", "per_day * retention -> TB")];
        let rough = findings(&sheet(Convention::Rough, &inputs, &formulas));
        assert_eq!(
            rough,
            ["`total` multiplies a per-day figure by years, and under `rough` a year is 300 of its days, not 365"]
        );
        assert!(findings(&sheet(Convention::Exact, &inputs, &formulas)).is_empty());
        assert!(findings(&sheet(Convention::RoundDay, &inputs, &formulas)).is_empty());
        assert!(!has_whole_year(Convention::Primer) && has_whole_year(Convention::Exact));
    }

    #[test]
    fn a_peak_applied_twice_is_found() {
        let inputs = [("qps", "1000 request / s"), ("peak_factor", "3")];
        let twice = [("peak_qps", "qps * peak_factor"), ("peak_bandwidth", "peak_qps * peak_factor * 1 KB / request")];
        let found = findings(&sheet(Convention::Exact, &inputs, &twice));
        assert_eq!(
            found,
            ["`peak_bandwidth` applies `peak_factor` and uses a row that already did: is the peak applied twice?"]
        );
        let once = [("peak_qps", "qps * peak_factor"), ("peak_bandwidth", "peak_qps * 1 KB / request")];
        assert!(findings(&sheet(Convention::Exact, &inputs, &once)).is_empty());
        // An average taken from a peak, then peaked again: once.
        let back = [("average", "qps / peak_factor"), ("peak_again", "average * peak_factor")];
        assert!(findings(&sheet(Convention::Exact, &inputs, &back)).is_empty());
    }
}
