//! The back-of-the-envelope engine: a sheet of named inputs and formulas with units goes in;
//! for every row, a value with its unit and a human rendering, or an error naming the row,
//! comes out. Arithmetic and dimension checking are numbat's; ordering, guards and display
//! are ours.

mod batch;
mod deps;
mod display;
mod incremental;
mod lint;
mod notation;
mod powers;
mod prelude;
mod ranges;
mod selfcheck;
mod standard;
mod stated;
mod words;

use std::sync::OnceLock;

use numbat::diagnostic::ErrorDiagnostic;
use numbat::module_importer::BuiltinModuleImporter;
use numbat::resolver::{CodeSource, ResolverError};
use numbat::value::Value;
use numbat::{Context, InterpreterResult, NameResolutionError, NumbatError, TypeCheckError};

pub use deps::{Ident, identifiers};
pub use display::{Prefixes, human_count, percent_text, precise, sig3};
pub use incremental::Evaluator;
pub use lint::{Finding, lint};
pub use powers::MAX_EXPONENT;
pub use prelude::{DOMAIN_UNITS, plural};
pub use ranges::{MAX_RANGES, Swing, bands, sensitivity};
#[doc(hidden)]
pub use selfcheck::check_text;
pub use standard::standard_sheet;
pub use stated::{StatedCheck, check_stated};

use crate::model::{Convention, MAX_SHEET_ROWS, Sheet, is_valid_row_name};

/// Longest expression accepted: far beyond any real formula, short enough that numbat's
/// recursive parser stays well inside the stack.
pub const MAX_EXPR_LEN: usize = 1_000;
/// Deepest bracket nesting accepted in an expression.
pub const MAX_NESTING: usize = 32;

/// A computed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value in `unit`.
    pub value: f64,
    /// The unit the expression produced (its `->` target, if any): `url/s`, `B`.
    pub unit: String,
    /// The value in base units (seconds, bytes, one request): what JSON carries.
    pub base_value: f64,
    pub base_unit: String,
    /// `1.16 K url/s`: three significant digits and a scale.
    pub display: String,
    /// `1157.4 url/s`: full precision for tables and scripts.
    pub precise: String,
}

/// Why a row has no value. Every variant names what went wrong in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    Empty,
    Syntax {
        column: usize,
        message: String,
    },
    UnknownName {
        name: String,
        column: usize,
        suggestion: Option<String>,
    },
    /// `left` and `right` are units as a sheet writes them (`B/s`, `url/s`, "a plain
    /// number"); `operation` is `add`, `subtract`, `compare`, `convert` or, for a function's
    /// argument, "argument N of `f`"; `hint` is the likely fix.
    UnitMismatch {
        column: usize,
        left: String,
        right: String,
        operation: String,
        hint: Option<String>,
    },
    Cycle {
        rows: Vec<String>,
    },
    DependsOn {
        row: String,
    },
    InvalidName {
        name: String,
    },
    DuplicateName {
        name: String,
    },
    NameInUse {
        name: String,
    },
    /// A word of the formula language itself (`both`, `if`, `per`, `M`).
    ReservedName {
        name: String,
    },
    NotFinite,
    NotANumber,
    TooComplex {
        reason: String,
    },
    Runtime {
        message: String,
    },
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowError::Empty => write!(f, "the expression is empty"),
            RowError::Syntax { column, message } => {
                write!(f, "syntax error at column {column}: {message}")
            }
            RowError::UnknownName { name, column, suggestion } => {
                write!(f, "unknown name `{name}` at column {column}")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")
                } else if name.len() >= 3 && name.chars().all(|c| c.is_ascii_lowercase()) {
                    // A word: most likely a thing to count that the sheet has not declared.
                    let unit = match name.strip_suffix('s') {
                        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem,
                        _ => name,
                    };
                    write!(f, ": `{unit}` is not a unit or a row here; declare it with `units = [\"{unit}\"]`")
                } else {
                    Ok(())
                }
            }
            RowError::UnitMismatch { column, left, right, operation, hint } => {
                write!(f, "unit mismatch at column {column}: ")?;
                match operation.as_str() {
                    "convert" => write!(f, "cannot convert {left} to {right}")?,
                    op if op.starts_with("argument") => write!(f, "{op} must be {left}, not {right}")?,
                    op => write!(f, "cannot {op} {left} and {right}")?,
                }
                match hint {
                    Some(hint) => write!(f, "; {hint}"),
                    None => Ok(()),
                }
            }
            RowError::Cycle { rows } => {
                let mut path = rows.clone();
                path.push(rows[0].clone());
                write!(f, "cycle: {}", path.join(" → "))
            }
            RowError::DependsOn { row } => write!(f, "depends on `{row}`, which has an error"),
            RowError::InvalidName { name } => {
                write!(f, "`{name}` is not a valid row name (one word of ASCII letters, digits and _)")
            }
            RowError::DuplicateName { name } => write!(f, "`{name}` is defined more than once"),
            RowError::NameInUse { name } => {
                write!(f, "`{name}` is already the name of a unit or function; pick another row name")
            }
            RowError::ReservedName { name } => {
                write!(f, "`{name}` is a word of the formula language; pick another row name")
            }
            RowError::NotFinite => write!(f, "the result is not a finite number (overflow or 0/0)"),
            RowError::NotANumber => write!(f, "the result is not a number"),
            RowError::TooComplex { reason } => write!(f, "{reason}"),
            RowError::Runtime { message } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for RowError {}

/// Whether a row is a stated assumption or a derived figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Input,
    Formula,
}

/// One evaluated row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct RowResult {
    pub name: String,
    pub expr: String,
    pub note: String,
    pub kind: RowKind,
    pub outcome: Result<Quantity, RowError>,
    /// Indices of the rows this row's expression uses.
    pub uses: Vec<usize>,
}

/// A whole evaluated sheet, rows in sheet order (inputs first).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub convention: Convention,
    pub rows: Vec<RowResult>,
    /// Problems with the sheet itself, such as an extra unit that cannot be declared.
    pub sheet_errors: Vec<String>,
}

impl Evaluation {
    pub fn row(&self, name: &str) -> Option<&RowResult> {
        self.rows.iter().find(|r| r.name == name)
    }

    pub fn error_count(&self) -> usize {
        self.sheet_errors.len() + self.rows.iter().filter(|r| r.outcome.is_err()).count()
    }

    /// The row's formula with each row it uses replaced by that row's value: the derivation
    /// trace behind a number.
    pub fn substituted(&self, index: usize) -> String {
        let row = &self.rows[index];
        let mut out = String::new();
        let mut last = 0;
        for ident in identifiers(&row.expr) {
            let Some(used) = self.rows.iter().find(|r| r.name == ident.name && r.name != row.name) else {
                continue;
            };
            out.push_str(&row.expr[last..ident.start]);
            match &used.outcome {
                Ok(q) => out.push_str(&format!("({})", q.display)),
                Err(_) => out.push_str(&format!("({}: error)", used.name)),
            }
            last = ident.start + ident.name.len();
        }
        out.push_str(&row.expr[last..]);
        out
    }
}

/// Why a value given for row `name` from outside the sheet (`sdw estimate --set`) cannot
/// stand: it has an error of its own, or it is not in the units the row had. `before` and
/// `after` are the sheet's evaluations without and with the new value.
pub fn check_override(before: &Evaluation, after: &Evaluation, name: &str) -> Result<(), String> {
    let (Some(old), Some(new)) = (before.row(name), after.row(name)) else { return Ok(()) };
    // Quoted back in full only when it is short enough to read.
    let given = match new.expr.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &new.expr[..cut]),
        None => new.expr.clone(),
    };
    let new_value = match &new.outcome {
        Ok(q) => q,
        Err(e) => return Err(format!("`{name}={given}`: {e}")),
    };
    match &old.outcome {
        Ok(q) if q.base_unit != new_value.base_unit => {
            let unit = |q: &Quantity| if q.unit.is_empty() { "a plain number".to_string() } else { q.unit.clone() };
            let hint = if new_value.unit.is_empty() && !q.unit.is_empty() {
                format!("; did you mean `{} {}`?", new.expr.trim(), q.unit.replace('/', " / "))
            } else {
                String::new()
            };
            Err(format!(
                "`{name}={given}` is {}, but the row `{name}` is in {} ({}){hint}",
                unit(new_value),
                unit(q),
                old.expr
            ))
        }
        _ => Ok(()),
    }
}

/// Options for one evaluation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Overrides the sheet's own convention.
    pub convention: Option<Convention>,
    pub prefixes: Prefixes,
}

/// The base numbat context for a convention, built once per process and cloned per use.
fn base_context(convention: Convention) -> &'static Context {
    static CONTEXTS: [OnceLock<Context>; Convention::ALL.len()] = [const { OnceLock::new() }; Convention::ALL.len()];
    let at = Convention::ALL.iter().position(|c| *c == convention).unwrap_or(0);
    CONTEXTS[at].get_or_init(|| new_base_context(convention))
}

/// A base context built from scratch: the prelude interpreted, as the first evaluation of a
/// process does. Public for the benchmarks; everything else shares [`base_context`].
#[doc(hidden)]
pub fn new_base_context(convention: Convention) -> Context {
    let mut ctx = Context::new(BuiltinModuleImporter::default());
    let _ = ctx
        .interpret(&prelude::prelude_code(convention), CodeSource::Internal)
        .expect("the built-in estimate prelude is valid numbat");
    ctx
}

/// Checks that keep hostile input away from numbat's recursive parser.
fn guard(expr: &str) -> Result<(), RowError> {
    if expr.trim().is_empty() {
        return Err(RowError::Empty);
    }
    if expr.len() > MAX_EXPR_LEN {
        return Err(RowError::TooComplex {
            reason: format!("the expression is {} characters long; the limit is {MAX_EXPR_LEN}", expr.len()),
        });
    }
    if let Some(column) = expr.chars().position(|c| c == '\n' || c == '\r') {
        return Err(RowError::Syntax { column: column + 1, message: "an expression must fit on one line".into() });
    }
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in expr.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_NESTING {
        return Err(RowError::TooComplex {
            reason: format!("brackets nest {deepest} deep; the limit is {MAX_NESTING}"),
        });
    }
    // Long chains of unary operators and powers also recurse in the parser.
    let unary_run =
        expr.as_bytes().split(|b| !matches!(b, b'-' | b'+' | b'^' | b' ')).map(<[u8]>::len).max().unwrap_or(0);
    if unary_run > MAX_NESTING {
        return Err(RowError::TooComplex {
            reason: format!("a run of {unary_run} operators in a row is too long; the limit is {MAX_NESTING}"),
        });
    }
    // `;` would start a second numbat statement (a function definition, a `print`): an
    // expression is one formula.
    if let Some(column) = expr.chars().position(|c| c == ';') {
        return Err(RowError::Syntax {
            column: column + 1,
            message: "`;` is not allowed: a row is one formula".into(),
        });
    }
    // numbat reads the rest of the line after `#` as a comment, where the formula the user
    // meant would silently vanish.
    if let Some(column) = expr.chars().position(|c| c == '#') {
        return Err(RowError::Syntax {
            column: column + 1,
            message: "`#` is not allowed: it would start a comment; a row's note is the place for words".into(),
        });
    }
    // A lone `=` reads as a definition, and numbat's advice would name the row's internal
    // binding; the row's name is set apart from its formula.
    let chars: Vec<char> = expr.chars().collect();
    if let Some(column) = (0..chars.len()).find(|&i| {
        chars[i] == '='
            && !matches!(chars.get(i + 1), Some('='))
            && !matches!(i.checked_sub(1).map(|p| chars[p]), Some('=' | '<' | '>' | '!'))
    }) {
        return Err(RowError::Syntax {
            column: column + 1,
            message: "`=` is not allowed in a formula: the row's name goes in its own field (compare with `==`)".into(),
        });
    }
    // numbat interpolates names inside strings, where the sheet's dependencies cannot see
    // them; and a row is a number, never text.
    if let Some(column) = expr.chars().position(|c| c == '"') {
        return Err(RowError::Syntax {
            column: column + 1,
            message: "an estimate is a number; text in quotes is not allowed".into(),
        });
    }
    // A sheet is evaluated in dependency order, several rows to a numbat call: numbat's
    // last result has no meaning in it.
    if let Some(last) = identifiers(expr).iter().find(|i| matches!(i.name, "ans" | "_")) {
        return Err(RowError::Syntax {
            column: expr[..last.start].chars().count() + 1,
            message: format!(
                "`{}` (numbat's last result) is not available here; refer to a row by its name",
                last.name
            ),
        });
    }
    // Powers, `!` and `if` nest to the right in numbat's parser, each level one recursion.
    let powers = expr.matches('^').count() + expr.matches("**").count();
    let nots = expr.matches('!').count() - expr.matches("!=").count();
    let ifs = identifiers(expr).iter().filter(|i| i.name == "if").count();
    // So do signs: a `+` or `-` after an operator or an opening bracket.
    let mut signs = 0;
    let mut previous = None;
    for c in expr.chars().filter(|c| !c.is_whitespace()) {
        let after_operator = previous.is_none_or(|p| "([{,+-*/^=<>&|×÷·⋅→:?".contains(p));
        if (c == '-' || c == '+') && after_operator {
            signs += 1;
        }
        previous = Some(c);
    }
    let counts = [(powers, "powers (^)"), (nots, "`!` operators"), (ifs, "`if`s"), (signs, "signs (unary + or -)")];
    for (count, what) in counts {
        if count > MAX_NESTING {
            return Err(RowError::TooComplex {
                reason: format!("{count} {what} in one expression; the limit is {MAX_NESTING}"),
            });
        }
    }
    if let Some((column, exponent)) = powers::oversized_exponent(expr) {
        return Err(RowError::TooComplex {
            reason: format!("the exponent at column {column} is {}; the limit is ±{MAX_EXPONENT}", sig3(exponent)),
        });
    }
    Ok(())
}

/// A row's expression checked by [`guard`] and read into numbat's notation.
fn prepare(expr: &str, renames: &Renames) -> Result<notation::Translated, RowError> {
    guard(expr)?;
    notation::translate(expr, renames)
}

/// Rows named like a unit's plural or alias (`servers`, `records`, `views`, `days`): in their
/// sheet the name means the row, bound in numbat under a name of its own, and the unit is
/// written in its singular (`server`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Renames {
    /// (row name, bound name), sorted by row name.
    pairs: Vec<(String, String)>,
}

/// The prefix of the numbat names of rows renamed by [`Renames`].
const RENAMED_ROW: &str = "row__";

impl Renames {
    /// The renames a sheet with these row names and extra units needs.
    fn for_rows(names: &[&str], units: &[String]) -> Renames {
        let mut pairs: Vec<(String, String)> = names
            .iter()
            .filter(|name| is_unit_alias(name, units))
            .map(|name| (name.to_string(), format!("{RENAMED_ROW}{name}")))
            .collect();
        pairs.sort();
        pairs.dedup();
        Renames { pairs }
    }

    /// The name a row called `name` is bound under.
    fn bound<'a>(&'a self, name: &'a str) -> &'a str {
        match self.pairs.binary_search_by(|(row, _)| row.as_str().cmp(name)) {
            Ok(at) => &self.pairs[at].1,
            Err(_) => name,
        }
    }

    /// The bound name of a renamed row called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs.binary_search_by(|(row, _)| row.as_str().cmp(name)).ok().map(|at| self.pairs[at].1.as_str())
    }
}

/// Whether `name` is a plural or short form of a built-in or declared unit (not its
/// singular, which stays the unit's).
fn is_unit_alias(name: &str, units: &[String]) -> bool {
    const TIME_AND_INFORMATION: &[&str] =
        &["seconds", "minutes", "hours", "days", "weeks", "months", "years", "bytes", "bits", "metres", "meters"];
    TIME_AND_INFORMATION.contains(&name)
        || DOMAIN_UNITS.iter().any(|(unit, short)| plural(unit) == name || short.contains(&name))
        || units.iter().any(|unit| plural(unit) == name)
}

/// Convert a numbat error into a row error; `offset` is where the row's expression starts in
/// the code numbat saw, so columns count from the start of the expression.
fn row_error(err: &NumbatError, offset: usize, expr: &str, translated: &notation::Translated) -> RowError {
    let column = |byte: usize| -> usize {
        let at = translated.original_byte(byte.saturating_sub(offset)).min(expr.len());
        expr.get(..at).map_or(at, |s| s.chars().count()) + 1
    };
    match err {
        NumbatError::ResolverError(ResolverError::ParseErrors(errors)) => {
            let first = &errors[0];
            let column = column(first.span.start.as_usize());
            RowError::Syntax { column, message: words::syntax(&first.kind.to_string(), expr, column) }
        }
        NumbatError::ResolverError(other) => RowError::Syntax { column: 1, message: words::plain(&other.to_string()) },
        NumbatError::NameResolutionError(NameResolutionError::IdentifierClash { conflicting_identifier, .. }) => {
            RowError::NameInUse { name: conflicting_identifier.clone() }
        }
        NumbatError::NameResolutionError(other) => RowError::Runtime { message: words::plain(&other.to_string()) },
        NumbatError::TypeCheckError(TypeCheckError::UnknownIdentifier(span, name, suggestion)) => {
            let suggestion = match words::unit_spelling(name) {
                Some(spelling) => Some(spelling.to_string()),
                None => suggestion
                    .as_deref()
                    .map(|s| s.strip_prefix(RENAMED_ROW).unwrap_or(s).to_string())
                    .filter(|s| words::keep_suggestion(name, s)),
            };
            RowError::UnknownName { name: name.clone(), column: column(span.start.as_usize()), suggestion }
        }
        NumbatError::TypeCheckError(TypeCheckError::IncompatibleDimensions(e)) => {
            let expected: Vec<(String, i128, i128)> =
                e.expected_type.iter().map(|f| (f.0.to_string(), *f.1.numer(), *f.1.denom())).collect();
            let actual: Vec<(String, i128, i128)> =
                e.actual_type.iter().map(|f| (f.0.to_string(), *f.1.numer(), *f.1.denom())).collect();
            let operation = describe_operation(&e.operation);
            // Two sides with units that differ by one countable unit: a figure per that unit
            // written without its `/ unit`.
            let both_have_units = !expected.is_empty() && !actual.is_empty();
            let hint = words::differing_count(&expected, &actual).filter(|_| both_have_units).map(|count| {
                match words::first_figure(expr, &count) {
                    Some(figure) => format!("did you mean `{figure} / {count}`?"),
                    None => format!("is a figure missing its `/ {count}`?"),
                }
            });
            let hint = hint.or_else(|| {
                let rounding = ["ceil", "floor", "round"].iter().find(|f| operation.ends_with(&format!("`{f}`")));
                rounding.map(|f| format!("to round to whole units, use `{f}_in(unit, x)`"))
            });
            RowError::UnitMismatch {
                column: column(e.span_operation.start.as_usize()),
                left: words::dimension_text(&expected),
                right: words::dimension_text(&actual),
                operation,
                hint,
            }
        }
        NumbatError::TypeCheckError(other) => {
            let diagnostics = other.diagnostics();
            let at = diagnostics.first().and_then(|d| d.labels.first()).map(|l| column(l.range.start));
            let message = words::type_message(&other.to_string().replace('\n', " "));
            match at {
                Some(c) => RowError::Runtime { message: format!("at column {c}: {message}") },
                None => RowError::Runtime { message },
            }
        }
        NumbatError::RuntimeError(e) => RowError::Runtime { message: words::plain(&e.to_string()) },
    }
}

fn describe_operation(op: &str) -> String {
    match op {
        "addition" => "add".into(),
        "subtraction" => "subtract".into(),
        "unit conversion" => "convert".into(),
        "comparison" => "compare".into(),
        other => match other.split_once(" of function call to '") {
            Some((argument, function)) => format!("{argument} of `{}`", function.trim_end_matches('\'')),
            None => format!("combine ({})", words::plain(other)),
        },
    }
}

/// Copy a numbat quantity into plain data. A macro, because numbat's quantity type has no
/// public name to write in a function signature.
macro_rules! raw {
    ($q:expr) => {
        display::Raw {
            value: $q.unsafe_value().to_f64(),
            factors: $q
                .unit()
                .iter()
                .map(|f| display::RawFactor {
                    name: f.unit_id.canonical_name.name.to_string(),
                    prefix: f.prefix.factor().to_f64(),
                    prefix_symbol: f.prefix.as_string_short().to_string(),
                    exponent: *f.exponent.numer() as f64 / *f.exponent.denom() as f64,
                })
                .collect(),
        }
    };
}

/// Evaluate `expr` as row `name` in `ctx`, binding the name on success.
fn eval_row(
    ctx: &mut Context,
    name: &str,
    expr: &str,
    renames: &Renames,
    prefixes: Prefixes,
) -> Result<Quantity, RowError> {
    let translated = prepare(expr, renames)?;
    let prefix = format!("let {name} = ");
    let code = format!("{prefix}{}\n{name}", translated.code);
    let (_, result) =
        ctx.interpret(&code, CodeSource::Text).map_err(|e| row_error(&e, prefix.len(), expr, &translated))?;
    match result {
        InterpreterResult::Value(value) => quantity_of(&value, prefixes),
        InterpreterResult::Continue => Err(RowError::NotANumber),
    }
}

/// Whether a plain-number result of `expr` is a percentage: it asks for an availability
/// (`parallel`, `nines`), or it is arithmetic over percentages alone (`99.9 % * 99.9 %`,
/// `1 - loss`, `web * db` where both rows are percentages), with no other name or function
/// (`-ln(rate) / ln(2)^2` is a count of bits, not a percentage).
fn writes_percent(expr: &str, is_percent_row: impl Fn(&str) -> bool) -> bool {
    let names = identifiers(expr);
    if names.iter().any(|i| matches!(i.name, "parallel" | "nines")) {
        return true;
    }
    let mentions =
        expr.contains('%') || names.iter().any(|i| matches!(i.name, "percent" | "pct") || is_percent_row(i.name));
    mentions && names.iter().all(|i| matches!(i.name, "percent" | "pct") || is_percent_row(i.name))
}

/// A plain number shown as the percentage it is: `99.9999 %`.
fn show_as_percent(q: &mut Quantity) {
    if q.unit.is_empty() {
        let text = display::percent_text(q.value);
        q.value *= 100.0;
        q.unit = "%".into();
        q.display = format!("{text} %");
        q.precise = format!("{text} %");
    }
}

/// Plain numbers that are percentages show as percentages: a row that writes one, and a row
/// whose plain-number result is computed from percentage rows (`a = 99.9 %`, `b = a * a`).
/// `order` lists every row after the rows it uses.
fn present_percentages(
    names: &[&str],
    exprs: &[&str],
    uses: &[Vec<usize>],
    order: &[usize],
    outcomes: &mut [Option<Result<Quantity, RowError>>],
) {
    let mut percent = vec![false; exprs.len()];
    for &row in order {
        let Some(Ok(q)) = &mut outcomes[row] else { continue };
        let is_percent_row = |name: &str| uses[row].iter().any(|&u| percent[u] && names[u] == name);
        if q.unit.is_empty() && writes_percent(exprs[row], is_percent_row) {
            show_as_percent(q);
        }
        percent[row] = q.unit == "%";
    }
}

/// A numbat value as a row's outcome: a finite quantity, rendered, or why not.
fn quantity_of(value: &Value, prefixes: Prefixes) -> Result<Quantity, RowError> {
    let Value::Quantity(q) = value else { return Err(RowError::NotANumber) };
    let q = q.full_simplify();
    let raw = raw!(q);
    // A power beyond the bound built from names the guard cannot read (`(b^900)^900`).
    if let Some(f) = raw.factors.iter().find(|f| f.exponent.abs() > MAX_EXPONENT) {
        return Err(RowError::TooComplex {
            reason: format!(
                "the result has {} to the power {}; the limit for an exponent is ±{MAX_EXPONENT}",
                f.name,
                sig3(f.exponent)
            ),
        });
    }
    let rendered = display::render(&raw, prefixes);
    let base = q.to_base_unit_representation();
    let (base_value, base_unit) = display::base(&raw!(base));
    if !rendered.value.is_finite() || !base_value.is_finite() {
        return Err(RowError::NotFinite);
    }
    Ok(Quantity {
        precise: format!("{} {}", precise(rendered.value), rendered.unit).trim_end().to_string(),
        value: rendered.value,
        unit: rendered.unit,
        base_value,
        base_unit,
        display: rendered.display,
    })
}

/// Evaluate every row of `sheet`. One bad row never hides the others: each row gets a value
/// or its own error, and rows that use a broken row say which.
pub fn evaluate(sheet: &Sheet, options: Options) -> Evaluation {
    evaluate_keeping_context(sheet, options).0
}

/// [`evaluate`], also giving back the context the rows were evaluated in, with every row that
/// evaluated bound (none when the sheet was refused): what [`Evaluator`] builds on.
fn evaluate_keeping_context(sheet: &Sheet, options: Options) -> (Evaluation, Option<Context>) {
    evaluate_with(sheet, options, batch::eval_rows)
}

/// [`evaluate`] with one numbat call per row: slower, and by definition what [`evaluate`]
/// gives. The fuzz target and its regression replay compare the two.
#[doc(hidden)]
pub fn evaluate_one_row_at_a_time(sheet: &Sheet, options: Options) -> Evaluation {
    evaluate_with(sheet, options, batch::eval_rows_one_at_a_time).0
}

type RowEvaluator = fn(&mut Context, &batch::Rows, &[usize], &mut batch::Outcomes, Prefixes);

fn evaluate_with(sheet: &Sheet, options: Options, eval_rows: RowEvaluator) -> (Evaluation, Option<Context>) {
    let convention = options.convention.unwrap_or(sheet.convention);
    if let Some(too_big) = too_big(sheet) {
        // numbat's cost per row grows with the rows before it: refuse rather than hang.
        let rows = sheet
            .rows()
            .zip(std::iter::repeat_n(RowKind::Input, sheet.inputs.len()).chain(std::iter::repeat(RowKind::Formula)))
            .map(|((name, expr, note), kind)| RowResult {
                name: name.to_string(),
                expr: expr.to_string(),
                note: note.to_string(),
                kind,
                outcome: Err(RowError::TooComplex { reason: too_big.clone() }),
                uses: Vec::new(),
            })
            .collect();
        return (Evaluation { convention, rows, sheet_errors: vec![too_big] }, None);
    }
    let mut ctx = base_context(convention).clone();
    let mut sheet_errors = Vec::new();
    for unit in &sheet.units {
        if !is_valid_row_name(unit) {
            sheet_errors.push(format!("unit `{unit}`: a unit name is one word of ASCII letters, digits and _"));
            continue;
        }
        if let Err(e) = ctx.interpret(&prelude::count_unit_code(unit, &[]), CodeSource::Text) {
            let why = match *e {
                NumbatError::NameResolutionError(_) => "that name is already taken by a unit or function".to_string(),
                other => words::plain(&other.to_string()),
            };
            sheet_errors.push(format!("unit `{unit}`: {why}"));
        }
    }

    let rows: Vec<(&str, &str, &str, RowKind)> = sheet
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.value.as_str(), i.note.as_str(), RowKind::Input))
        .chain(sheet.formulas.iter().map(|f| (f.name.as_str(), f.expr.as_str(), f.note.as_str(), RowKind::Formula)))
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r.0).collect();
    let exprs: Vec<&str> = rows.iter().map(|r| r.1).collect();
    let uses = deps::row_dependencies(&names, &exprs);
    let mut outcomes: Vec<Option<Result<Quantity, RowError>>> = vec![None; rows.len()];

    // Names first: an invalid or repeated name is the row's error, whatever its formula.
    for (i, name) in names.iter().enumerate() {
        if !is_valid_row_name(name) {
            outcomes[i] = Some(Err(RowError::InvalidName { name: name.to_string() }));
        } else if names[..i].contains(name) {
            outcomes[i] = Some(Err(RowError::DuplicateName { name: name.to_string() }));
        } else if is_reserved_word(name) {
            outcomes[i] = Some(Err(RowError::ReservedName { name: name.to_string() }));
        }
    }
    let ordering = deps::order(&uses);
    for cycle in &ordering.cycles {
        let members: Vec<String> = cycle.iter().map(|&i| names[i].to_string()).collect();
        for (k, &i) in cycle.iter().enumerate() {
            // Each member reports the cycle starting from itself.
            let mut rotated = members.clone();
            rotated.rotate_left(k);
            outcomes[i].get_or_insert(Err(RowError::Cycle { rows: rotated }));
        }
    }
    let renames = Renames::for_rows(&names, &sheet.units);
    let view = batch::Rows { names: &names, exprs: &exprs, uses: &uses, renames: &renames };
    eval_rows(&mut ctx, &view, &ordering.order, &mut outcomes, options.prefixes);
    present_percentages(&names, &exprs, &uses, &ordering.order, &mut outcomes);

    let rows = rows
        .into_iter()
        .zip(outcomes)
        .zip(uses)
        .map(|(((name, expr, note, kind), outcome), uses)| RowResult {
            name: name.to_string(),
            expr: expr.to_string(),
            note: note.to_string(),
            kind,
            outcome: outcome.unwrap_or(Err(RowError::Runtime { message: "not evaluated".into() })),
            uses,
        })
        .collect();
    (Evaluation { convention, rows, sheet_errors }, Some(ctx))
}

/// A word numbat's grammar or sdw's notation gives a meaning of its own, which a row's name
/// would hide.
fn is_reserved_word(name: &str) -> bool {
    ["M", "K", "k", "per"].contains(&name)
        || numbat::keywords::KEYWORDS.iter().any(|k| k.trim_end_matches([' ', '(']) == name)
}

/// Why a sheet is too large to evaluate, if it is.
fn too_big(sheet: &Sheet) -> Option<String> {
    if sheet.len() > MAX_SHEET_ROWS {
        return Some(format!("the sheet has {} rows; the limit is {MAX_SHEET_ROWS}", sheet.len()));
    }
    if sheet.units.len() > MAX_SHEET_ROWS {
        return Some(format!("the sheet declares {} units; the limit is {MAX_SHEET_ROWS}", sheet.units.len()));
    }
    None
}

/// Evaluate one expression with a sheet's extra units declared, as expected figures are.
pub fn calc_with_units(
    expr: &str,
    units: &[String],
    convention: Convention,
    prefixes: Prefixes,
) -> Result<Quantity, RowError> {
    let mut ctx = base_context(convention).clone();
    for unit in units.iter().take(MAX_SHEET_ROWS).filter(|u| is_valid_row_name(u)) {
        let _ = ctx.interpret(&prelude::count_unit_code(unit, &[]), CodeSource::Text);
    }
    calc_in(&mut ctx, expr, prefixes)
}

/// Evaluate one stand-alone expression, as `sdw calc` does.
pub fn calc(expr: &str, convention: Convention, prefixes: Prefixes) -> Result<Quantity, RowError> {
    let mut ctx = base_context(convention).clone();
    calc_in(&mut ctx, expr, prefixes)
}

fn calc_in(ctx: &mut Context, expr: &str, prefixes: Prefixes) -> Result<Quantity, RowError> {
    let mut q = eval_row(ctx, "sdw_calc_result", expr, &Renames::default(), prefixes)?;
    if writes_percent(expr, |_| false) {
        show_as_percent(&mut q);
    }
    Ok(q)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod seed_figures;
