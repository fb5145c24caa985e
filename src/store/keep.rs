//! Saving over a file the user also edits by hand: the design is serialised afresh, then
//! merged into the file's own document (toml_edit), so every comment, blank line, key order,
//! quoting style and inline table the user wrote stays, and only what changed is rewritten.
//! A one-field change is a one-line diff.
//!
//! Records of a list are matched by their identity (a component's id, an entity's name, an
//! endpoint's method and path, ...), not their position, so deleting or moving one leaves the
//! others and their comments alone.

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// `fresh` (the design as sdw would write it) merged into `previous` (the file's text). None
/// when the previous text is no TOML to merge into.
pub fn merge(previous: &str, fresh: &str) -> Option<String> {
    let mut doc: DocumentMut = previous.parse().ok()?;
    let new: DocumentMut = fresh.parse().ok()?;
    merge_table(doc.as_table_mut(), new.as_table());
    Some(doc.to_string())
}

fn merge_table(old: &mut Table, new: &Table) {
    let stale: Vec<String> = old.iter().map(|(k, _)| k.to_string()).filter(|k| !new.contains_key(k)).collect();
    for key in stale {
        old.remove(&key);
    }
    for (key, new_item) in new.iter() {
        match old.get_mut(key) {
            Some(old_item) => merge_item(old_item, new_item),
            None => {
                old.insert(key, new_item.clone());
            }
        }
    }
}

fn merge_item(old: &mut Item, new: &Item) {
    match (old, new) {
        (Item::Table(o), Item::Table(n)) => merge_table(o, n),
        (Item::ArrayOfTables(o), Item::ArrayOfTables(n)) => merge_array_of_tables(o, n),
        (Item::Value(o), Item::Value(n)) => merge_value(o, n),
        // The user wrote a table inline (`practice = { ... }`) or a list of tables as an
        // inline array: keep their form.
        (Item::Value(o @ Value::InlineTable(_)), Item::Table(n)) => {
            merge_value(o, &Value::InlineTable(n.clone().into_inline_table()))
        }
        (Item::Value(o @ Value::Array(_)), Item::ArrayOfTables(n)) => {
            merge_value(o, &Value::Array(n.clone().into_array()))
        }
        (old, new) => *old = new.clone(),
    }
}

/// What identifies a record of a list, whatever its position.
fn identity(get: impl Fn(&str) -> Option<String>) -> Option<String> {
    const KEYS: &[&[&str]] =
        &[&["id"], &["name"], &["topic"], &["method", "path"], &["from", "to", "label"], &["question"], &["item"]];
    KEYS.iter().find_map(|keys| {
        let parts: Option<Vec<String>> = keys.iter().map(|k| get(k)).collect();
        parts.map(|p| p.join("\u{1f}"))
    })
}

fn table_identity(t: &Table) -> Option<String> {
    identity(|k| t.get(k).and_then(Item::as_value).map(value_text))
}

fn inline_identity(t: &InlineTable) -> Option<String> {
    identity(|k| t.get(k).map(value_text))
}

fn value_text(v: &Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    v.to_string()
}

/// For each new record, the old record it continues: the one with its identity, else the one
/// at its position when that has no identity of its own claimed by another.
fn pair<T>(old: &[T], new: &[T], id: impl Fn(&T) -> Option<String>) -> Vec<Option<usize>> {
    let old_ids: Vec<Option<String>> = old.iter().map(&id).collect();
    let new_ids: Vec<Option<String>> = new.iter().map(&id).collect();
    let mut used = vec![false; old.len()];
    let mut out = vec![None; new.len()];
    for (i, nid) in new_ids.iter().enumerate() {
        if let Some(nid) = nid
            && let Some(j) = (0..old.len()).find(|&j| !used[j] && old_ids[j].as_ref() == Some(nid))
        {
            used[j] = true;
            out[i] = Some(j);
        }
    }
    // A record whose identity changed (a renamed component) continues the one at its place,
    // if nothing else took it and its old identity is gone from the new list.
    for i in 0..new.len() {
        if out[i].is_none()
            && i < old.len()
            && !used[i]
            && old_ids[i].as_ref().is_none_or(|o| !new_ids.contains(&Some(o.clone())))
        {
            used[i] = true;
            out[i] = Some(i);
        }
    }
    out
}

fn merge_array_of_tables(old: &mut ArrayOfTables, new: &ArrayOfTables) {
    let old_tables: Vec<Table> = old.iter().cloned().collect();
    let new_tables: Vec<Table> = new.iter().cloned().collect();
    let pairs = pair(&old_tables, &new_tables, table_identity);
    let in_order = pairs.iter().flatten().is_sorted();
    let first_position = old_tables.iter().find_map(Table::position);
    let mut merged = ArrayOfTables::new();
    for (i, n) in new_tables.iter().enumerate() {
        let table = match pairs[i] {
            Some(j) => {
                let mut t = old_tables[j].clone();
                merge_table(&mut t, n);
                t
            }
            None => n.clone(),
        };
        merged.push(table);
    }
    if !in_order {
        // Tables are written in the order of their positions in the file: moved records
        // take the list's first position, so they come out in the new order.
        for t in merged.iter_mut() {
            t.set_position(first_position);
        }
    }
    *old = merged;
}

fn merge_value(old: &mut Value, new: &Value) {
    if same(old, new) {
        return;
    }
    match (&mut *old, new) {
        (Value::Array(o), Value::Array(n)) => {
            let old_values: Vec<Value> = o.iter().cloned().collect();
            let new_values: Vec<Value> = n.iter().cloned().collect();
            let pairs = if old_values.iter().chain(&new_values).all(|v| matches!(v, Value::InlineTable(_))) {
                pair(&old_values, &new_values, |v| v.as_inline_table().and_then(inline_identity))
            } else {
                // Plain values: kept where they are equal at the same place.
                (0..new_values.len()).map(|i| (i < old_values.len()).then_some(i)).collect()
            };
            let mut merged = toml_edit::Array::new();
            for (i, n) in new_values.iter().enumerate() {
                let value = match pairs[i] {
                    Some(j) => {
                        let mut v = old_values[j].clone();
                        merge_value(&mut v, n);
                        v
                    }
                    None => n.clone(),
                };
                merged.push_formatted(value);
            }
            // A new element of a list written one a line gets the layout of its neighbours.
            if new_values.len() > old_values.len() && old_values.len() > 1 {
                let pattern = old_values[1].decor().clone();
                for v in merged.iter_mut().skip(old_values.len()) {
                    *v.decor_mut() = pattern.clone();
                }
            }
            merged.set_trailing(o.trailing().clone());
            merged.set_trailing_comma(o.trailing_comma() || (o.is_empty() && n.trailing_comma()));
            *merged.decor_mut() = o.decor().clone();
            *o = merged;
        }
        (Value::InlineTable(o), Value::InlineTable(n)) => {
            let stale: Vec<String> = o.iter().map(|(k, _)| k.to_string()).filter(|k| !n.contains_key(k)).collect();
            for key in stale {
                o.remove(&key);
            }
            for (key, nv) in n.iter() {
                match o.get_mut(key) {
                    Some(ov) => merge_value(ov, nv),
                    None => {
                        o.insert(key, nv.clone());
                    }
                }
            }
        }
        (o, n) => {
            // A changed scalar: the new value in the old one's place, with its comments.
            let decor = o.decor().clone();
            *o = n.clone();
            *o.decor_mut() = decor;
        }
    }
}

/// Equal as data, whatever the formatting.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same(a, b)),
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `after` that differ from `before`, as (before, after).
    fn changed(before: &str, after: &str) -> Vec<(String, String)> {
        let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
        assert_eq!(b.len(), a.len(), "same number of lines:\n{after}");
        b.iter().zip(&a).filter(|(x, y)| x != y).map(|(x, y)| (x.to_string(), y.to_string())).collect()
    }

    const HAND_WRITTEN: &str = r#"# My shortener, written by hand.
title = "Shortener"   # the name on the document

[requirements]
functional = [
  "Shorten a URL",   # the main one
  "Redirect",
]

# Components, edge first.
[[components]]
id = "lb"
kind = "load_balancer"
label = 'L7 balancer'

[[components]]
id = "api"    # stateless
kind = "service"
"#;

    #[test]
    fn unchanged_data_leaves_the_text_byte_for_byte() {
        let fresh = "title = \"Shortener\"\n[requirements]\nfunctional = [\"Shorten a URL\", \"Redirect\"]\n\
                     [[components]]\nid = \"lb\"\nkind = \"load_balancer\"\nlabel = \"L7 balancer\"\n\
                     [[components]]\nid = \"api\"\nkind = \"service\"\n";
        assert_eq!(merge(HAND_WRITTEN, fresh).unwrap(), HAND_WRITTEN);
    }

    #[test]
    fn one_changed_field_is_one_changed_line() {
        let fresh = "title = \"Shortener\"\n[requirements]\nfunctional = [\"Shorten a URL\", \"Redirect\"]\n\
                     [[components]]\nid = \"lb\"\nkind = \"load_balancer\"\nlabel = \"L7 balancer\"\n\
                     [[components]]\nid = \"api\"\nkind = \"worker\"\n";
        let merged = merge(HAND_WRITTEN, fresh).unwrap();
        assert_eq!(
            changed(HAND_WRITTEN, &merged),
            [("kind = \"service\"".to_string(), "kind = \"worker\"".to_string())]
        );
        // An element of an array keeps its comment when its neighbour changes.
        let fresh = fresh.replace("\"Redirect\"", "\"Redirect to the long URL\"");
        let merged = merge(HAND_WRITTEN, &fresh).unwrap();
        let diff = changed(HAND_WRITTEN, &merged);
        assert_eq!(diff.len(), 2, "{merged}");
        assert!(merged.contains("\"Shorten a URL\",   # the main one"), "{merged}");
    }

    #[test]
    fn a_deleted_record_takes_only_its_own_lines() {
        let fresh = "title = \"Shortener\"\n[requirements]\nfunctional = [\"Shorten a URL\", \"Redirect\"]\n\
                     [[components]]\nid = \"api\"\nkind = \"service\"\n";
        let merged = merge(HAND_WRITTEN, fresh).unwrap();
        assert!(merged.contains("id = \"api\"    # stateless"), "api keeps its comment:\n{merged}");
        assert!(!merged.contains("\"lb\""), "{merged}");
        assert!(merged.starts_with("# My shortener, written by hand.\ntitle = \"Shortener\"   # the name"), "{merged}");
    }

    #[test]
    fn moved_records_come_out_in_the_new_order_with_their_comments() {
        let fresh = "title = \"Shortener\"\n[requirements]\nfunctional = [\"Shorten a URL\", \"Redirect\"]\n\
                     [[components]]\nid = \"api\"\nkind = \"service\"\n\
                     [[components]]\nid = \"lb\"\nkind = \"load_balancer\"\nlabel = \"L7 balancer\"\n";
        let merged = merge(HAND_WRITTEN, fresh).unwrap();
        let doc: DocumentMut = merged.parse().unwrap();
        let ids: Vec<String> = doc["components"]
            .as_array_of_tables()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, ["api", "lb"], "{merged}");
        assert!(merged.contains("# stateless"));
    }
}
