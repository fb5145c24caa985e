//! Bounds on rendering: a template from the user's folder is a program, and a nested loop can
//! write gigabytes or spin for hours. Every render runs on its own thread against a budget of
//! time and output shared by all the templates of one export; the caller stops waiting when
//! the time is up, and the render stops at its next write or `range` call once it is over.

use std::cell::RefCell;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tera::{Context, Kwargs, State, Tera, TeraResult};

/// How long one export may take, all its templates together. The built-in templates render
/// the largest design in about 10 ms.
pub const TIME_LIMIT: Duration = Duration::from_secs(2);

/// How much one export may write, all its templates together: a thousand times the document
/// of the largest built-in problem.
pub const OUTPUT_LIMIT: usize = 16 << 20;

/// Why a render was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Time,
    Output,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exceeded::Time => {
                write!(f, "stopped after {} s (an export may take at most that long)", TIME_LIMIT.as_secs())
            }
            Exceeded::Output => {
                write!(f, "stopped after writing {} MiB (an export may write at most that much)", OUTPUT_LIMIT >> 20)
            }
        }
    }
}

/// What one export may still spend.
#[derive(Debug, Clone)]
pub struct Budget {
    deadline: Instant,
    bytes_left: usize,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(TIME_LIMIT, OUTPUT_LIMIT)
    }
}

impl Budget {
    pub fn new(time: Duration, bytes: usize) -> Budget {
        Budget { deadline: Instant::now() + time, bytes_left: bytes }
    }
}

/// The render's view of its budget, on its own thread: the `range` function sees it too.
struct Meter {
    deadline: Instant,
    bytes_left: usize,
    cancelled: Arc<AtomicBool>,
    exceeded: Option<Exceeded>,
}

thread_local! {
    static METER: RefCell<Option<Meter>> = const { RefCell::new(None) };
}

/// Charge `bytes` to this thread's render; `Err` once it is over its budget or cancelled.
fn charge(bytes: usize) -> Result<(), Exceeded> {
    METER.with(|meter| {
        let mut meter = meter.borrow_mut();
        let Some(meter) = meter.as_mut() else { return Ok(()) };
        let over = if meter.cancelled.load(Ordering::Relaxed) || Instant::now() > meter.deadline {
            Some(Exceeded::Time)
        } else if bytes > meter.bytes_left {
            Some(Exceeded::Output)
        } else {
            meter.bytes_left -= bytes;
            None
        };
        if let Some(over) = over {
            meter.exceeded.get_or_insert(over);
            return Err(over);
        }
        Ok(())
    })
}

/// A `String` that takes no more than the budget allows.
struct Metered(Vec<u8>);

impl Write for Metered {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        charge(buf.len()).map_err(|over| std::io::Error::other(over.to_string()))?;
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `range`, with the budget checked on every call: a loop nested in a loop calls it
/// once per outer turn, so a render that writes nothing is still stopped.
pub fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    charge(0).map_err(|over| tera::Error::message(over.to_string()))?;
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message("Function `range` was called with a `step_by` argument of 0"));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    // Tera's own bound on one range.
    const MAX_LEN: usize = 100_000;
    let mut values = Vec::new();
    let mut next = start;
    while (step > 0 && next < end) || (step < 0 && next > end) {
        if values.len() == MAX_LEN {
            return Err(tera::Error::message(format!("Function `range` would produce more than {MAX_LEN} elements")));
        }
        values.push(next);
        next = match next.checked_add(step) {
            Some(n) => n,
            None => break,
        };
    }
    Ok(values)
}

/// Why a bounded render failed.
pub enum Failure {
    Exceeded(Exceeded),
    Tera(tera::Error),
}

/// Render `name` on a thread of its own within `budget`, which it draws down. When the time is
/// up the caller has its answer even if the template is still running; the render then stops
/// at its next write or `range` call.
pub fn render(tera: &Arc<Tera>, name: &str, context: &Context, budget: &mut Budget) -> Result<String, Failure> {
    let now = Instant::now();
    if now >= budget.deadline {
        return Err(Failure::Exceeded(Exceeded::Time));
    }
    let cancelled = Arc::new(AtomicBool::new(false));
    let meter = Meter {
        deadline: budget.deadline,
        bytes_left: budget.bytes_left,
        cancelled: Arc::clone(&cancelled),
        exceeded: None,
    };
    let (tx, rx) = mpsc::channel();
    let (tera, name, context) = (Arc::clone(tera), name.to_string(), context.clone());
    let spawned = std::thread::Builder::new().name("sdw-render".into()).spawn(move || {
        METER.with(|m| *m.borrow_mut() = Some(meter));
        let mut out = Metered(Vec::new());
        let result = tera.render_to(&name, &context, &mut out);
        let exceeded = METER.with(|m| m.borrow_mut().take().and_then(|m| m.exceeded));
        let _ = tx.send((result, exceeded, out.0));
    });
    if let Err(e) = spawned {
        return Err(Failure::Tera(tera::Error::message(format!("cannot start rendering: {e}"))));
    }
    let waited = rx.recv_timeout(budget.deadline.saturating_duration_since(now) + Duration::from_millis(50));
    match waited {
        Ok((_, Some(over), _)) => Err(Failure::Exceeded(over)),
        Ok((Err(e), None, _)) => Err(Failure::Tera(e)),
        Ok((Ok(()), None, bytes)) => {
            budget.bytes_left = budget.bytes_left.saturating_sub(bytes.len());
            String::from_utf8(bytes).map_err(|e| Failure::Tera(tera::Error::message(e.to_string())))
        }
        Err(_) => {
            cancelled.store(true, Ordering::Relaxed);
            Err(Failure::Exceeded(Exceeded::Time))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(template: &str) -> Arc<Tera> {
        let mut tera = Tera::new();
        tera.register_function("range", range);
        tera.add_raw_template("t", template).unwrap();
        Arc::new(tera)
    }

    fn run(template: &str, budget: &mut Budget) -> Result<String, Failure> {
        render(&tera(template), "t", &Context::new(), budget)
    }

    #[test]
    fn range_counts_as_tera_counts() {
        let out = run(
            "{% for i in range(end=3) %}{{ i }}{% endfor %}|{% for i in range(start=5, end=0, step_by=-2) %}{{ i }}{% endfor %}",
            &mut Budget::default(),
        );
        assert_eq!(out.ok().as_deref(), Some("012|531"));
        assert!(matches!(run("{{ range(end=3, step_by=0) }}", &mut Budget::default()), Err(Failure::Tera(_))));
        assert!(matches!(run("{{ range(start=3, end=0) }}", &mut Budget::default()), Err(Failure::Tera(_))));
    }

    #[test]
    fn a_render_within_its_budget_draws_it_down() {
        let mut budget = Budget::new(Duration::from_secs(5), 10);
        assert_eq!(run("abcd", &mut budget).ok().as_deref(), Some("abcd"));
        assert_eq!(budget.bytes_left, 6);
        assert!(
            matches!(run("abcdefg", &mut budget), Err(Failure::Exceeded(Exceeded::Output))),
            "the budget is shared"
        );
    }

    #[test]
    fn a_template_that_writes_without_end_is_stopped_at_the_output_limit() {
        let endless =
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}0123456789{% endfor %}{% endfor %}";
        let started = Instant::now();
        let result = run(endless, &mut Budget::new(Duration::from_secs(30), 1 << 20));
        assert!(matches!(result, Err(Failure::Exceeded(Exceeded::Output))));
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    }

    #[test]
    fn a_template_that_spins_without_writing_is_stopped_at_the_time_limit() {
        let spinning = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
        let started = Instant::now();
        let result = run(spinning, &mut Budget::new(Duration::from_millis(300), OUTPUT_LIMIT));
        assert!(matches!(result, Err(Failure::Exceeded(Exceeded::Time))));
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
