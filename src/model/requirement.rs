//! References to numbered requirements: `F1` is the first functional requirement, `N2` the
//! second non-functional one. Endpoints and components point at requirements this way.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReqKind {
    Functional,
    NonFunctional,
}

impl ReqKind {
    pub fn letter(self) -> char {
        match self {
            ReqKind::Functional => 'F',
            ReqKind::NonFunctional => 'N',
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ReqKind::Functional => "functional",
            ReqKind::NonFunctional => "non-functional",
        }
    }
}

/// A 1-based reference to a requirement, as people number them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReqRef {
    pub kind: ReqKind,
    pub number: usize,
}

impl ReqRef {
    pub fn functional(number: usize) -> Self {
        ReqRef { kind: ReqKind::Functional, number }
    }

    pub fn non_functional(number: usize) -> Self {
        ReqRef { kind: ReqKind::NonFunctional, number }
    }

    /// The 0-based position in its list, or `None` for the invalid number 0.
    pub fn index(self) -> Option<usize> {
        self.number.checked_sub(1)
    }
}

impl fmt::Display for ReqRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind.letter(), self.number)
    }
}

impl FromStr for ReqRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || format!("`{s}` is not a requirement reference (expected F1, F2, ... or N1, N2, ...)");
        let mut chars = s.chars();
        let kind = match chars.next().map(|c| c.to_ascii_uppercase()) {
            Some('F') => ReqKind::Functional,
            Some('N') => ReqKind::NonFunctional,
            _ => return Err(bad()),
        };
        let number: usize = chars.as_str().parse().map_err(|_| bad())?;
        if number == 0 {
            return Err(format!("`{s}`: requirements are numbered from 1"));
        }
        Ok(ReqRef { kind, number })
    }
}

impl Serialize for ReqRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ReqRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_both_kinds() {
        assert_eq!("F3".parse::<ReqRef>().unwrap(), ReqRef::functional(3));
        assert_eq!("n12".parse::<ReqRef>().unwrap(), ReqRef::non_functional(12));
        assert_eq!(ReqRef::non_functional(2).to_string(), "N2");
    }

    #[test]
    fn rejects_zero_and_garbage() {
        assert!("F0".parse::<ReqRef>().unwrap_err().contains("numbered from 1"));
        assert!("X1".parse::<ReqRef>().is_err());
        assert!("F".parse::<ReqRef>().is_err());
        assert!("F-1".parse::<ReqRef>().is_err());
    }
}
