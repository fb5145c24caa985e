//! The components a what-if fails: `cache` loses every replica, `url_db:2` loses two.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::Design;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Failures {
    /// Component id to replicas lost (`None`: all of them).
    lost: BTreeMap<String, Option<u32>>,
}

/// A failure that names nothing in the design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailError(pub String);

impl fmt::Display for FailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FailError {}

/// Edit distance, for did-you-mean.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (row[j + 1] + 1).min(row[j] + 1).min(previous + usize::from(ca != *cb));
            previous = here;
        }
    }
    row[b.len()]
}

/// The closest id to `wanted`, if one is close enough to be a typo.
pub fn did_you_mean<'a>(wanted: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    ids.map(|id| (distance(wanted, id), id))
        .filter(|(d, id)| *d <= (id.len().max(wanted.len()) / 3).max(2) || id.contains(wanted) || wanted.contains(id))
        .min_by_key(|(d, _)| *d)
        .map(|(_, id)| id)
}

impl Failures {
    pub fn none() -> Failures {
        Failures::default()
    }

    /// Fail every replica of one component.
    pub fn all_of(id: &str) -> Failures {
        let mut f = Failures::default();
        f.lost.insert(id.to_string(), None);
        f
    }

    /// Fail one replica of one component: what a single machine's loss does.
    pub fn one_of(id: &str) -> Failures {
        let mut f = Failures::default();
        f.lost.insert(id.to_string(), Some(1));
        f
    }

    /// Read `ID` or `ID:N` specs against the design's components.
    pub fn parse(specs: &[String], design: &Design) -> Result<Failures, FailError> {
        let mut out = Failures::default();
        for spec in specs {
            let (id, count) = match spec.split_once(':') {
                Some((id, n)) => {
                    let n: u32 = n.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        FailError(format!("--fail {spec}: after `:` comes how many replicas to fail (1 or more)"))
                    })?;
                    (id.trim(), Some(n))
                }
                None => (spec.trim(), None),
            };
            if design.component(id).is_none() {
                let ids = design.components.iter().map(|c| c.id.as_str());
                let hint = match did_you_mean(id, ids) {
                    Some(near) => format!(" (did you mean `{near}`?)"),
                    None => {
                        let all: Vec<&str> = design.components.iter().map(|c| c.id.as_str()).collect();
                        format!(" (the components are: {})", all.join(", "))
                    }
                };
                return Err(FailError(format!("--fail {spec}: there is no component `{id}`{hint}")));
            }
            out.lost.insert(id.to_string(), count);
        }
        Ok(out)
    }

    /// Replicas of `id` lost, out of `replicas`.
    pub fn lost(&self, id: &str, replicas: u32) -> u32 {
        match self.lost.get(id) {
            None => 0,
            Some(None) => replicas,
            Some(Some(n)) => (*n).min(replicas),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lost.is_empty()
    }

    /// The failures as they are written on the command line.
    pub fn specs(&self) -> Vec<String> {
        self.lost
            .iter()
            .map(|(id, n)| match n {
                None => id.clone(),
                Some(n) => format!("{id}:{n}"),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentKind, Replicas};

    fn design() -> Design {
        let mut d = Design::default();
        for id in ["cache", "url_db", "redirect"] {
            d.components.push(Component {
                id: id.into(),
                kind: ComponentKind::Service,
                replicas: Some(Replicas::Count(3)),
                ..Default::default()
            });
        }
        d
    }

    #[test]
    fn failures_name_components_and_replica_counts() {
        let f = Failures::parse(&["cache".into(), "url_db:2".into()], &design()).unwrap();
        assert_eq!(f.lost("cache", 3), 3);
        assert_eq!(f.lost("url_db", 3), 2);
        assert_eq!(f.lost("url_db", 1), 1, "never more than it has");
        assert_eq!(f.lost("redirect", 3), 0);
        assert_eq!(f.specs(), ["cache", "url_db:2"]);
    }

    #[test]
    fn an_unknown_id_suggests_the_nearest() {
        let err = Failures::parse(&["url-db".into()], &design()).unwrap_err();
        assert_eq!(err.0, "--fail url-db: there is no component `url-db` (did you mean `url_db`?)");
        let err = Failures::parse(&["zzzzzzzz".into()], &design()).unwrap_err();
        assert!(err.0.contains("the components are: cache, url_db, redirect"), "{err}");
        assert!(Failures::parse(&["cache:0".into()], &design()).is_err());
    }
}
