//! Which rows a formula refers to, and the order to evaluate them in. Rows may be written in
//! any order; cycles are found here and reported with the names of the rows in them.

use std::collections::HashMap;

/// An identifier in an expression and where it starts (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident<'a> {
    pub name: &'a str,
    pub start: usize,
}

/// The identifiers of a numbat expression, skipping numbers (`1e9`, `0x1F`, `1_000`) and
/// string literals.
pub fn identifiers(expr: &str) -> Vec<Ident<'_>> {
    let bytes = expr.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < expr.len() {
        let c = expr[i..].chars().next().unwrap_or(' ');
        if c == '"' {
            i += 1;
            while i < expr.len() && bytes[i] != b'"' {
                i += 1;
            }
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            // A number with digit-group commas and a scale letter (`1,500k`) is one literal.
            i = super::notation::number_end(bytes, i);
            if let Some((_, len)) = super::notation::glued_scale(bytes, i) {
                i += len;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < expr.len() {
                let c = expr[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() || c == '_' {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            out.push(Ident { name: &expr[start..i], start });
        } else {
            i += c.len_utf8();
        }
    }
    out
}

/// Where the number literal starting at `i` ends: `1_000`, `2.5e-3`, `0x1F`, `0b101`.
pub(super) fn number_end(bytes: &[u8], mut i: usize) -> usize {
    let radix_prefix = bytes[i] == b'0' && matches!(bytes.get(i + 1), Some(b'x' | b'X' | b'b' | b'B' | b'o' | b'O'));
    if radix_prefix {
        i += 2;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        return i;
    }
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_' || bytes[i] == b'.') {
        i += 1;
    }
    if i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < bytes.len() && matches!(bytes[j], b'+' | b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}

/// The result of ordering a sheet's rows by their dependencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// Rows in an order where every row comes after the rows it uses.
    pub order: Vec<usize>,
    /// Cycles found, each as row indices in dependency order.
    pub cycles: Vec<Vec<usize>>,
}

/// Order `deps` (row → rows it uses) so that dependencies come first. Rows on a cycle are
/// left out of `order` and reported in `cycles`; rows that only depend on a cycle stay in
/// `order` (the caller reports them as depending on a failed row).
pub fn order(deps: &[Vec<usize>]) -> Order {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let n = deps.len();
    let mut mark = vec![Mark::New; n];
    let mut on_cycle = vec![false; n];
    let mut cycles = Vec::new();
    let mut order = Vec::with_capacity(n);
    // Iterative depth-first search: a hostile sheet cannot overflow the stack.
    for root in 0..n {
        if mark[root] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                match mark[dep] {
                    Mark::New => {
                        mark[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active => {
                        let from = stack.iter().position(|&(r, _)| r == dep).unwrap_or(0);
                        let cycle: Vec<usize> = stack[from..].iter().map(|&(r, _)| r).collect();
                        if !cycle.iter().all(|&r| on_cycle[r]) {
                            for &r in &cycle {
                                on_cycle[r] = true;
                            }
                            cycles.push(cycle);
                        }
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
                if !on_cycle[node] {
                    order.push(node);
                }
            }
        }
    }
    Order { order, cycles }
}

/// For each row, the indices of the rows its expression names.
pub fn row_dependencies(names: &[&str], exprs: &[&str]) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    exprs
        .iter()
        .map(|expr| {
            let mut deps: Vec<usize> = identifiers(expr).iter().filter_map(|id| index.get(id.name).copied()).collect();
            deps.sort_unstable();
            deps.dedup();
            deps
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(expr: &str) -> Vec<&str> {
        identifiers(expr).into_iter().map(|i| i.name).collect()
    }

    #[test]
    fn finds_identifiers_but_not_numbers() {
        assert_eq!(
            names("dau * 2 request / user / day -> request/s"),
            ["dau", "request", "user", "day", "request", "s"]
        );
        assert_eq!(names("1e9 * x_1 + 0x1F + 1_000 + 2.5e-3 + .5"), ["x_1"]);
        assert_eq!(names("ceil(peak / cap)"), ["ceil", "peak", "cap"]);
        assert_eq!(names("100 GB"), ["GB"]);
        assert_eq!(names("300M * 1,000k / x"), ["x"]);
    }

    #[test]
    fn orders_dependencies_first() {
        // 0 uses 1, 1 uses 2.
        let o = order(&[vec![1], vec![2], vec![]]);
        assert_eq!(o.order, [2, 1, 0]);
        assert!(o.cycles.is_empty());
    }

    #[test]
    fn reports_cycles_by_member() {
        // 0 -> 1 -> 2 -> 0, and 3 depends on the cycle.
        let o = order(&[vec![1], vec![2], vec![0], vec![0]]);
        assert_eq!(o.cycles, [vec![0, 1, 2]]);
        assert_eq!(o.order, [3]);
        // A row that refers to itself.
        let o = order(&[vec![0]]);
        assert_eq!(o.cycles, [vec![0]]);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let deps: Vec<Vec<usize>> = (0..100_000).map(|i| if i + 1 < 100_000 { vec![i + 1] } else { vec![] }).collect();
        assert_eq!(order(&deps).order.len(), 100_000);
    }
}
