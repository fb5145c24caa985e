//! Flows: the paths requests take through the design. A flow names the requirements it serves,
//! the estimate row that gives its rate, and its ordered steps over the design's own links.
//! Each step is written on one line, the way it is said aloud:
//!
//! ```text
//! lb -> redirect
//! redirect -> url_db, if 1 - cache_hit_rate, miss cache
//! fanout -> timeline_cache, x 200 record / tweet, async
//! gateway -> limiter, optional
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ReqRef;

/// One path through the design, such as "follow a short link".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "RawFlow", into = "RawFlow")]
pub struct Flow {
    pub name: String,
    /// The requirements this flow carries out (`F2`) and is judged by (`N1`).
    pub serves: Vec<ReqRef>,
    /// The targets of a requirement this flow is judged by, when it names them: `N1.2` in
    /// `serves` is `(N1, 2)`, the second target N1's text states. A requirement named here is
    /// in `serves` too; one that is not here judges the flow by all its targets that bind.
    pub clauses: Vec<(ReqRef, usize)>,
    /// The estimate row whose value is the flow's rate at peak (a count per second).
    pub rate: String,
    pub steps: Vec<Step>,
}

/// A flow as it is written: `serves` holds `N1.2` for the second target of N1.
#[derive(Serialize, Deserialize)]
struct RawFlow {
    name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    serves: Vec<Serve>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    rate: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    steps: Vec<Step>,
}

/// `N1`, or `N1.2`: the second target stated by N1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serve {
    pub requirement: ReqRef,
    pub clause: Option<usize>,
}

impl FromStr for Serve {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s.split_once('.') {
            None => Ok(Serve { requirement: s.parse()?, clause: None }),
            Some((r, n)) => {
                let requirement: ReqRef = r.parse()?;
                let clause = n.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("`{s}`: after the `.` comes which target of {r} the flow is judged by (1, 2, ...)")
                })?;
                if requirement.kind != super::ReqKind::NonFunctional {
                    return Err(format!("`{s}`: only a non-functional requirement states targets to pick from"));
                }
                Ok(Serve { requirement, clause: Some(clause) })
            }
        }
    }
}

impl fmt::Display for Serve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.clause {
            None => write!(f, "{}", self.requirement),
            Some(n) => write!(f, "{}.{n}", self.requirement),
        }
    }
}

impl Serialize for Serve {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Serve {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

impl From<RawFlow> for Flow {
    fn from(raw: RawFlow) -> Flow {
        let mut serves = Vec::new();
        let mut clauses = Vec::new();
        for s in raw.serves {
            if !serves.contains(&s.requirement) {
                serves.push(s.requirement);
            }
            if let Some(n) = s.clause
                && !clauses.contains(&(s.requirement, n))
            {
                clauses.push((s.requirement, n));
            }
        }
        Flow { name: raw.name, serves, clauses, rate: raw.rate, steps: raw.steps }
    }
}

impl From<Flow> for RawFlow {
    fn from(flow: Flow) -> RawFlow {
        let mut serves = Vec::new();
        for r in &flow.serves {
            let named: Vec<usize> = flow.clauses.iter().filter(|(c, _)| c == r).map(|(_, n)| *n).collect();
            if named.is_empty() {
                serves.push(Serve { requirement: *r, clause: None });
            }
            serves.extend(named.into_iter().map(|n| Serve { requirement: *r, clause: Some(n) }));
        }
        RawFlow { name: flow.name, serves, rate: flow.rate, steps: flow.steps }
    }
}

/// One hop of a flow: a call along the design's link from `from` to `to`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Step {
    pub from: String,
    pub to: String,
    /// How many calls to `to` one unit of the flow makes (`200 record / tweet`, `3`, a row).
    /// It multiplies the load of this step and of every step after it on the way.
    pub multiplier: Option<String>,
    /// The share of requests that take this step (`10%`, `1 - cache_hit_rate`): it scales the
    /// load, weights the latency, and makes a failure behind it degrade rather than take the
    /// flow down.
    pub share: Option<String>,
    /// The cache whose misses this step serves: when that cache fails, every request takes the
    /// step.
    pub miss: Option<String>,
    /// The flow does not wait for this step (a publish, a background job).
    pub is_async: bool,
    /// The flow goes on without this step when its component is down (a rate limiter that
    /// fails open, best-effort enrichment): left out of the availability, and its failure
    /// degrades rather than takes the flow down.
    pub optional: bool,
}

impl Step {
    pub fn new(from: &str, to: &str) -> Step {
        Step { from: from.to_string(), to: to.to_string(), ..Default::default() }
    }
}

/// Why a step's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError(pub String);

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Split on commas that are not inside brackets (`ceil_in(server, x)` stays whole).
fn clauses(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn is_id(s: &str) -> bool {
    super::is_valid_id(s)
}

impl FromStr for Step {
    type Err = StepError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts = clauses(s);
        let head = parts[0].trim();
        let (from, to) = head.split_once("->").ok_or_else(|| {
            StepError(format!("step `{s}` should start `from -> to` (two component ids joined by ->)"))
        })?;
        let (from, to) = (from.trim(), to.trim());
        for (end, id) in [("from", from), ("to", to)] {
            if !is_id(id) {
                return Err(StepError(format!(
                    "step `{s}`: `{id}` ({end}) is not a component id (lowercase letters, digits, _ and -)"
                )));
            }
        }
        let mut step = Step::new(from, to);
        for clause in &parts[1..] {
            let clause = clause.trim();
            let (word, rest) = clause.split_once(char::is_whitespace).unwrap_or((clause, ""));
            let rest = rest.trim();
            let needs = |what: &str| StepError(format!("step `{s}`: `{word}` needs {what} after it"));
            match word {
                "async" if rest.is_empty() => step.is_async = true,
                "optional" if rest.is_empty() => step.optional = true,
                "x" | "×" | "*" => {
                    if rest.is_empty() {
                        return Err(needs("a multiplier, e.g. `x 200 record / tweet`"));
                    }
                    step.multiplier = Some(rest.to_string());
                }
                "if" => {
                    if rest.is_empty() {
                        return Err(needs("the share of requests taking the step, e.g. `if 10%`"));
                    }
                    step.share = Some(rest.to_string());
                }
                "miss" => {
                    if !is_id(rest) {
                        return Err(needs("the id of the cache whose misses take this step"));
                    }
                    step.miss = Some(rest.to_string());
                }
                "" => return Err(StepError(format!("step `{s}` has an empty clause between commas"))),
                _ => {
                    return Err(StepError(format!(
                        "step `{s}`: unknown clause `{clause}` (use `x MULTIPLIER`, `if SHARE`, `miss CACHE`, `optional` or `async`)"
                    )));
                }
            }
        }
        Ok(step)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}", self.from, self.to)?;
        if let Some(m) = &self.multiplier {
            write!(f, ", x {m}")?;
        }
        if let Some(share) = &self.share {
            write!(f, ", if {share}")?;
        }
        if let Some(cache) = &self.miss {
            write!(f, ", miss {cache}")?;
        }
        if self.optional {
            f.write_str(", optional")?;
        }
        if self.is_async {
            f.write_str(", async")?;
        }
        Ok(())
    }
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How many replicas a component runs: a number, or the estimate row that sizes the fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replicas {
    Count(u32),
    Row(String),
}

impl Replicas {
    /// The stated number, when it is one.
    pub fn count(&self) -> Option<u32> {
        match self {
            Replicas::Count(n) => Some(*n),
            Replicas::Row(_) => None,
        }
    }
}

impl fmt::Display for Replicas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Replicas::Count(n) => write!(f, "{n}"),
            Replicas::Row(row) => f.write_str(row),
        }
    }
}

impl FromStr for Replicas {
    type Err = String;

    /// A whole number of at least 1, or a row name.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Ok(n) = s.parse::<u32>() {
            return if n == 0 { Err("replicas must be at least 1".into()) } else { Ok(Replicas::Count(n)) };
        }
        if super::is_valid_row_name(s) {
            Ok(Replicas::Row(s.to_string()))
        } else {
            Err(format!("replicas is a whole number of at least 1 or an estimate row name, not `{s}`"))
        }
    }
}

impl Serialize for Replicas {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Replicas::Count(n) => serializer.serialize_u32(*n),
            Replicas::Row(row) => serializer.serialize_str(row),
        }
    }
}

impl<'de> Deserialize<'de> for Replicas {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Count(i64),
            Row(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Count(n) => u32::try_from(n)
                .ok()
                .filter(|n| *n > 0)
                .map(Replicas::Count)
                .ok_or_else(|| serde::de::Error::custom("replicas must be a whole number of at least 1")),
            Raw::Row(row) => row.parse().map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_and_write_their_short_form() {
        let step: Step = "redirect -> url_db, if 1 - cache_hit_rate, miss cache".parse().unwrap();
        assert_eq!(step.from, "redirect");
        assert_eq!(step.to, "url_db");
        assert_eq!(step.share.as_deref(), Some("1 - cache_hit_rate"));
        assert_eq!(step.miss.as_deref(), Some("cache"));
        assert!(!step.is_async);
        assert_eq!(step.to_string(), "redirect -> url_db, if 1 - cache_hit_rate, miss cache");

        let fan: Step = "fanout->timelines ,x ceil_in(record, 200 record / tweet), async".parse().unwrap();
        assert_eq!(fan.multiplier.as_deref(), Some("ceil_in(record, 200 record / tweet)"));
        assert!(fan.is_async);
        assert_eq!(fan.to_string().parse::<Step>().unwrap(), fan);
    }

    #[test]
    fn malformed_steps_say_what_is_wrong() {
        let err = |s: &str| s.parse::<Step>().unwrap_err().0;
        assert!(err("lb redirect").contains("should start `from -> to`"), "{}", err("lb redirect"));
        assert!(err("lb -> Redirect").contains("`Redirect` (to) is not a component id"));
        assert!(err("lb -> redirect, maybe").contains("unknown clause `maybe`"));
        assert!(err("lb -> redirect, if").contains("`if` needs the share"));
        assert!(err("lb -> redirect,, async").contains("empty clause"));
    }

    #[test]
    fn a_flow_may_name_the_target_of_a_requirement_it_is_judged_by() {
        let flow: Flow =
            toml::from_str("name = \"create\"\nserves = [\"F1\", \"N1.2\", \"N2\"]\nrate = \"r\"").unwrap();
        let n = |k: &str| k.parse::<ReqRef>().unwrap();
        assert_eq!(flow.serves, [n("F1"), n("N1"), n("N2")]);
        assert_eq!(flow.clauses, [(n("N1"), 2)]);
        let written = toml::to_string(&flow).unwrap();
        assert!(written.contains("serves = [\"F1\", \"N1.2\", \"N2\"]"), "{written}");
        assert_eq!(toml::from_str::<Flow>(&written).unwrap(), flow);
        assert!(toml::from_str::<Flow>("name = \"x\"\nserves = [\"N1.0\"]").is_err());
        assert!(toml::from_str::<Flow>("name = \"x\"\nserves = [\"F1.2\"]").is_err());
    }

    #[test]
    fn replicas_are_a_count_or_a_row() {
        #[derive(Deserialize, Serialize)]
        struct R {
            r: Replicas,
        }
        let n: R = toml::from_str("r = 3").unwrap();
        assert_eq!(n.r, Replicas::Count(3));
        let row: R = toml::from_str("r = \"redirect_servers\"").unwrap();
        assert_eq!(row.r, Replicas::Row("redirect_servers".into()));
        assert!(toml::from_str::<R>("r = 0").is_err());
        assert!(toml::from_str::<R>("r = \"two servers\"").is_err());
        assert_eq!(toml::to_string(&row).unwrap().trim(), "r = \"redirect_servers\"");
    }
}
