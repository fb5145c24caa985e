//! Figures stated elsewhere, held against the sheet: a design records what a source, a brief
//! or an interviewer said a row comes to, and a disagreement is shown with its factor, so a
//! copied slip ("302 MB/day" for 364 GB/day) is caught rather than carried forward.

use super::{Evaluation, Prefixes, Quantity, calc_with_units, human_count, sig3};
use crate::model::Sheet;

/// How one stated figure compares with the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct StatedCheck {
    /// Its position in the sheet's `stated` list.
    pub index: usize,
    pub name: String,
    /// Why it disagrees, if it does.
    pub outcome: Result<(), String>,
}

/// Check each of the sheet's stated figures against `evaluation` (the sheet, evaluated).
pub fn check_stated(sheet: &Sheet, evaluation: &Evaluation) -> Vec<StatedCheck> {
    sheet
        .stated
        .iter()
        .enumerate()
        .map(|(index, stated)| {
            let outcome = (|| {
                let row = evaluation
                    .row(&stated.name)
                    .ok_or_else(|| format!("`{}` is not a row of the sheet", stated.name))?;
                let ours = row.outcome.as_ref().map_err(|e| format!("`{}` has an error: {e}", stated.name))?;
                let theirs = calc_with_units(&stated.value, &sheet.units, evaluation.convention, Prefixes::Si)
                    .map_err(|e| format!("the stated figure `{}`: {e}", stated.value))?;
                compare(&stated.name, ours, &theirs, stated.tolerance_percent, &stated.source)
            })();
            StatedCheck { index, name: stated.name.clone(), outcome }
        })
        .collect()
}

fn compare(name: &str, ours: &Quantity, theirs: &Quantity, tolerance_percent: f64, source: &str) -> Result<(), String> {
    let who = if source.is_empty() { "the stated figure".to_string() } else { source.to_string() };
    if ours.base_unit != theirs.base_unit {
        let unit =
            |q: &Quantity| if q.base_unit.is_empty() { "a plain number".to_string() } else { q.base_unit.clone() };
        return Err(format!(
            "`{name}`: {who} gives {} ({}), but this sheet computes {} ({})",
            theirs.display,
            unit(theirs),
            ours.display,
            unit(ours)
        ));
    }
    let scale = ours.base_value.abs().max(theirs.base_value.abs());
    let difference = if scale == 0.0 { 0.0 } else { (ours.base_value - theirs.base_value).abs() / scale };
    if difference * 100.0 <= tolerance_percent {
        return Ok(());
    }
    Err(format!(
        "`{name}`: {who} says {}; this sheet computes {} ({}){}",
        theirs.display,
        ours.display,
        factor(ours.base_value, theirs.base_value),
        slip(ours.base_value, theirs.base_value)
    ))
}

/// How many times one figure is the other: `×1,205`, `×1.2`, `÷4`.
pub fn factor(ours: f64, theirs: f64) -> String {
    if theirs == 0.0 || ours == 0.0 || ours.signum() != theirs.signum() {
        return "against a figure of the other sign or zero".into();
    }
    let ratio = ours / theirs;
    let (sign, ratio) = if ratio >= 1.0 { ("×", ratio) } else { ("÷", 1.0 / ratio) };
    let number = if ratio >= 100.0 { group_thousands(ratio.round()) } else { sig3(ratio) };
    format!("{sign}{number}")
}

/// "1205" as "1,205".
fn group_thousands(x: f64) -> String {
    let digits = format!("{x:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A note when two figures differ by almost exactly a power of ten: the classic slip of a
/// thousand (KB for MB) or of ten (a dropped zero).
pub fn slip(ours: f64, theirs: f64) -> String {
    if theirs == 0.0 || ours == 0.0 {
        return String::new();
    }
    let exponent = (ours / theirs).abs().log10();
    let nearest = exponent.round();
    if nearest != 0.0 && (exponent - nearest).abs() < 0.005 {
        format!("; exactly a factor of {}: a slip of units or zeros?", human_count(10f64.powf(nearest.abs())))
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Options, evaluate};
    use crate::model::{Formula, Input, Stated};

    fn sheet_with(stated: &[(&str, &str, &str)]) -> Sheet {
        Sheet {
            units: vec!["paste".into()],
            inputs: vec![
                Input { name: "pastes".into(), value: "1M paste / day".into(), note: String::new() },
                Input { name: "size".into(), value: "364 KB / paste".into(), note: String::new() },
            ],
            formulas: vec![Formula {
                name: "storage_per_day".into(),
                expr: "pastes * size -> GB / day".into(),
                note: String::new(),
            }],
            stated: stated
                .iter()
                .map(|(name, value, source)| Stated {
                    name: name.to_string(),
                    value: value.to_string(),
                    tolerance_percent: 1.0,
                    source: source.to_string(),
                })
                .collect(),
            ..Sheet::default()
        }
    }

    fn outcomes(stated: &[(&str, &str, &str)]) -> Vec<Result<(), String>> {
        let sheet = sheet_with(stated);
        check_stated(&sheet, &evaluate(&sheet, Options::default())).into_iter().map(|c| c.outcome).collect()
    }

    #[test]
    fn a_copied_slip_is_shown_with_its_factor() {
        let [outcome] = outcomes(&[("storage_per_day", "302 MB / day", "the source")]).try_into().unwrap();
        assert_eq!(
            outcome,
            Err("`storage_per_day`: the source says 302 MB/day; this sheet computes 364 GB/day (×1,205)".into())
        );
        let [outcome] = outcomes(&[("storage_per_day", "364 MB / day", "")]).try_into().unwrap();
        assert_eq!(
            outcome,
            Err("`storage_per_day`: the stated figure says 364 MB/day; this sheet computes 364 GB/day (×1,000); exactly a factor of 1 K: a slip of units or zeros?".into())
        );
    }

    #[test]
    fn an_agreeing_figure_passes_and_other_mistakes_are_named() {
        let found = outcomes(&[
            ("storage_per_day", "364 GB / day", ""),
            ("storage_per_day", "365 GB / day", ""),
            ("nope", "1", ""),
            ("storage_per_day", "3 req / s", ""),
            ("storage_per_day", "3 +", ""),
        ]);
        assert_eq!(found[0], Ok(()));
        assert_eq!(found[1], Ok(()), "within the 1% tolerance");
        assert_eq!(found[2], Err("`nope` is not a row of the sheet".into()));
        assert!(
            found[3].as_ref().unwrap_err().contains("gives 3 req/s (req/s), but this sheet computes 364 GB/day (B/s)"),
            "{:?}",
            found[3]
        );
        assert!(found[4].as_ref().unwrap_err().starts_with("the stated figure `3 +`: syntax error"), "{:?}", found[4]);
        assert_eq!(factor(1.0, 4.0), "÷4");
    }
}
