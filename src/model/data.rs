//! Phase 3: the data model. Fields are written the way people sketch them on a whiteboard,
//! `"code: string PK"`, and parsed into typed parts so they can be checked and drawn.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// `name: type` followed by any of the markers `PK`, `FK`, `UK` (unique) and a `?` on the type
/// for an optional value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub ty: String,
    pub optional: bool,
    pub primary_key: bool,
    pub foreign_key: bool,
    pub unique: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError(pub String);

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A single word of letters, digits and `_`, not starting with a digit: a field or entity name.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

impl FromStr for Field {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let expected =
            || FieldError(format!("field `{s}` should look like `name: type` (optionally followed by PK, FK or UK)"));
        let (name, rest) = s.split_once(':').ok_or_else(expected)?;
        let name = name.trim();
        if !is_identifier(name) {
            return Err(FieldError(format!("field name `{name}` must be a single word (letters, digits, _)")));
        }
        let mut words = rest.split_whitespace();
        let ty = words.next().ok_or_else(expected)?;
        let (ty, optional) = match ty.strip_suffix('?') {
            Some(t) => (t, true),
            None => (ty, false),
        };
        if !is_identifier(ty.trim_end_matches("[]")) {
            return Err(FieldError(format!("field type `{ty}` must be a single word such as string, int, timestamp")));
        }
        let mut field = Field {
            name: name.to_string(),
            ty: ty.to_string(),
            optional,
            primary_key: false,
            foreign_key: false,
            unique: false,
        };
        for marker in words {
            match marker.to_ascii_uppercase().as_str() {
                "PK" => field.primary_key = true,
                "FK" => field.foreign_key = true,
                "UK" | "UNIQUE" => field.unique = true,
                other => {
                    return Err(FieldError(format!("unknown marker `{other}` on field `{name}` (use PK, FK or UK)")));
                }
            }
        }
        Ok(field)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}{}", self.name, self.ty, if self.optional { "?" } else { "" })?;
        for (on, marker) in [(self.primary_key, "PK"), (self.foreign_key, "FK"), (self.unique, "UK")] {
            if on {
                write!(f, " {marker}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A relation from the entity that holds it to another entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub to: String,
    #[serde(default)]
    pub cardinality: Cardinality,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cardinality {
    OneToOne,
    #[default]
    OneToMany,
    ManyToOne,
    ManyToMany,
}

impl Cardinality {
    pub fn title(self) -> &'static str {
        match self {
            Cardinality::OneToOne => "1 to 1",
            Cardinality::OneToMany => "1 to many",
            Cardinality::ManyToOne => "many to 1",
            Cardinality::ManyToMany => "many to many",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whiteboard_fields() {
        let f: Field = "code: string PK".parse().unwrap();
        assert_eq!((f.name.as_str(), f.ty.as_str(), f.primary_key), ("code", "string", true));
        let f: Field = "expires_at: timestamp?".parse().unwrap();
        assert!(f.optional);
        let f: Field = "user_id: uuid FK uk".parse().unwrap();
        assert!(f.foreign_key && f.unique && !f.primary_key);
        assert_eq!(f.to_string(), "user_id: uuid FK UK");
        let f: Field = "tags: string[]".parse().unwrap();
        assert_eq!(f.ty, "string[]");
    }

    #[test]
    fn explains_malformed_fields() {
        assert!("code string".parse::<Field>().unwrap_err().0.contains("name: type"));
        assert!("my code: string".parse::<Field>().unwrap_err().0.contains("single word"));
        assert!("code: string PRIMARY".parse::<Field>().unwrap_err().0.contains("unknown marker"));
        assert!("code:".parse::<Field>().is_err());
    }
}
