//! Edits that keep a design's cross-references intact: removing or moving a requirement
//! renumbers every `F`/`N` reference to it; renaming a component or an estimate row updates the
//! links that name it.

use super::{Design, ReqKind, ReqRef};

impl Design {
    fn requirement_list(&mut self, kind: ReqKind) -> &mut Vec<String> {
        match kind {
            ReqKind::Functional => &mut self.requirements.functional,
            ReqKind::NonFunctional => &mut self.requirements.non_functional,
        }
    }

    /// Rewrite every requirement reference of `kind` through `map` (old 1-based number → new
    /// number, or `None` to drop the reference).
    fn remap_requirements(&mut self, kind: ReqKind, map: impl Fn(usize) -> Option<usize>) {
        let apply = |r: ReqRef| -> Option<ReqRef> {
            if r.kind != kind {
                return Some(r);
            }
            map(r.number).map(|number| ReqRef { kind, number })
        };
        for endpoint in &mut self.api {
            endpoint.requirement = endpoint.requirement.and_then(apply);
        }
        for component in &mut self.components {
            component.serves = component.serves.iter().filter_map(|r| apply(*r)).collect();
        }
        for flow in &mut self.flows {
            flow.serves = flow.serves.iter().filter_map(|r| apply(*r)).collect();
            flow.clauses = flow.clauses.iter().filter_map(|(r, n)| apply(*r).map(|r| (r, *n))).collect();
        }
    }

    /// Insert a requirement at 0-based `index`; later references shift down by one.
    pub fn insert_requirement(&mut self, kind: ReqKind, index: usize, text: String) {
        let list = self.requirement_list(kind);
        let index = index.min(list.len());
        list.insert(index, text);
        self.remap_requirements(kind, |n| Some(if n > index { n + 1 } else { n }));
    }

    /// Remove the requirement at 0-based `index`, dropping references to it and renumbering the
    /// ones after it.
    pub fn remove_requirement(&mut self, kind: ReqKind, index: usize) -> Option<String> {
        let list = self.requirement_list(kind);
        if index >= list.len() {
            return None;
        }
        let removed = list.remove(index);
        let number = index + 1;
        self.remap_requirements(kind, |n| match n.cmp(&number) {
            std::cmp::Ordering::Less => Some(n),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(n - 1),
        });
        Some(removed)
    }

    /// Swap two requirements (0-based), swapping the references to them too.
    pub fn swap_requirements(&mut self, kind: ReqKind, a: usize, b: usize) {
        let list = self.requirement_list(kind);
        if a >= list.len() || b >= list.len() || a == b {
            return;
        }
        list.swap(a, b);
        let (na, nb) = (a + 1, b + 1);
        self.remap_requirements(kind, |n| {
            Some(if n == na {
                nb
            } else if n == nb {
                na
            } else {
                n
            })
        });
    }

    /// Rename a component, updating every link that names it.
    pub fn rename_component(&mut self, old: &str, new: &str) {
        for component in &mut self.components {
            if component.id == old {
                component.id = new.to_string();
            }
        }
        for link in &mut self.links {
            if link.from == old {
                link.from = new.to_string();
            }
            if link.to == old {
                link.to = new.to_string();
            }
        }
        for step in self.flows.iter_mut().flat_map(|f| f.steps.iter_mut()) {
            for end in [&mut step.from, &mut step.to] {
                if end == old {
                    *end = new.to_string();
                }
            }
            if step.miss.as_deref() == Some(old) {
                step.miss = Some(new.to_string());
            }
        }
    }

    /// Remove a component and the links that touch it.
    pub fn remove_component(&mut self, index: usize) {
        if index < self.components.len() {
            let id = self.components.remove(index).id;
            self.links.retain(|l| l.from != id && l.to != id);
            for flow in &mut self.flows {
                flow.steps.retain(|s| s.from != id && s.to != id);
                for step in &mut flow.steps {
                    // Without the cache, its misses are every request.
                    if step.miss.as_deref() == Some(id.as_str()) {
                        step.miss = None;
                        step.share = None;
                    }
                }
            }
        }
    }

    /// Rename an estimate row in the links that show its rate. (Formulas that use the old
    /// name are left for the user to see: the engine reports them as unknown names.)
    pub fn rename_rate(&mut self, old: &str, new: &str) {
        for link in &mut self.links {
            if link.rate.as_deref() == Some(old) {
                link.rate = Some(new.to_string());
            }
        }
        for flow in &mut self.flows {
            if flow.rate == old {
                flow.rate = new.to_string();
            }
        }
        for component in &mut self.components {
            if component.replicas == Some(super::Replicas::Row(old.to_string())) {
                component.replicas = Some(super::Replicas::Row(new.to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Component, ComponentKind, Design, Endpoint, Link, ReqKind, ReqRef};

    fn design() -> Design {
        let mut d = Design::default();
        d.requirements.functional = vec!["a".into(), "b".into(), "c".into()];
        d.api = vec![
            Endpoint {
                method: "GET".into(),
                path: "/a".into(),
                requirement: Some(ReqRef::functional(1)),
                ..Default::default()
            },
            Endpoint {
                method: "GET".into(),
                path: "/c".into(),
                requirement: Some(ReqRef::functional(3)),
                ..Default::default()
            },
        ];
        d.components = vec![Component {
            id: "svc".into(),
            kind: ComponentKind::Service,
            label: String::new(),
            serves: vec![ReqRef::functional(2), ReqRef::functional(3)],
            replicas: None,
            notes: String::new(),
            ..Default::default()
        }];
        d
    }

    #[test]
    fn removing_a_requirement_renumbers_references() {
        let mut d = design();
        d.remove_requirement(ReqKind::Functional, 1);
        assert_eq!(d.requirements.functional, ["a", "c"]);
        assert_eq!(d.api[1].requirement, Some(ReqRef::functional(2)));
        assert_eq!(d.components[0].serves, [ReqRef::functional(2)]);
        d.remove_requirement(ReqKind::Functional, 0);
        assert_eq!(d.api[0].requirement, None);
    }

    #[test]
    fn inserting_and_swapping_keep_references_pointing_at_the_same_text() {
        let mut d = design();
        d.insert_requirement(ReqKind::Functional, 0, "new".into());
        assert_eq!(d.requirement(d.api[1].requirement.unwrap()), Some("c"));
        d.swap_requirements(ReqKind::Functional, 1, 3);
        assert_eq!(d.requirement(d.api[0].requirement.unwrap()), Some("a"));
        assert_eq!(d.requirement(d.api[1].requirement.unwrap()), Some("c"));
    }

    #[test]
    fn renaming_and_removing_components_updates_links() {
        let mut d = design();
        d.components.push(Component {
            id: "db".into(),
            kind: ComponentKind::SqlDb,
            label: String::new(),
            serves: vec![],
            replicas: None,
            notes: String::new(),
            ..Default::default()
        });
        d.links.push(Link { from: "svc".into(), to: "db".into(), ..Default::default() });
        d.rename_component("db", "store");
        assert_eq!(d.links[0].to, "store");
        d.remove_component(0);
        assert!(d.links.is_empty());
    }
}
