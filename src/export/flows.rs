//! Key flows for the sequence diagrams, derived from the components and links a design
//! actually has: the main write path and the main read path.
//!
//! A flow follows one endpoint: the first endpoint of the flow's kind (POST, PUT, PATCH, WS
//! or GRPC for the write path, GET or SSE for the read path) whose route through the
//! components recognisably carries it — a link or component on the way shares a word with
//! its path — else the first endpoint of that kind.
//!
//! It starts at the client whose route fits best and follows synchronous links. Routing
//! components (clients, DNS, CDNs, load balancers, gateways) pass the request on along one
//! link: the one whose label names the endpoint's method, shares words with its path or
//! reads like the flow (a write or a read), looking a few hops ahead so a generic `HTTPS`
//! hop still leads to the right service. Every other component calls each link that fits:
//! a write path skips links whose labels only read, a read path skips links that only
//! write, and calls to other services need a reason (a word of the path or of the flow).
//! A read asks caches first. A label of several uses (`append; range reads`) shows only the
//! uses that fit the flow. Each call returns; asynchronous links of the components on the
//! path are drawn as one-way messages (on a read path, only those whose label reads, such as
//! a click event). Nothing here depends on map order, so a design always gives the same
//! flows.

use std::collections::BTreeSet;

use super::escape;
use crate::model::{ComponentKind, Design, Endpoint, LinkMode, Tier};

/// Deepest chain of calls drawn.
const MAX_DEPTH: usize = 8;
/// Most messages in one diagram.
const MAX_STEPS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    Write,
    Read,
}

impl FlowKind {
    pub fn title(self) -> &'static str {
        match self {
            FlowKind::Write => "Write path",
            FlowKind::Read => "Read path",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            FlowKind::Write => "write",
            FlowKind::Read => "read",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A synchronous request; the callee is active until its return.
    Call,
    /// The answer to the matching call.
    Return,
    /// A fire-and-forget message over an asynchronous link.
    Async,
}

/// One message of a flow, between components given by their index in the design.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub from: usize,
    pub to: usize,
    pub kind: StepKind,
    /// Raw text (escaped later for wherever it is drawn).
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Flow<'a> {
    pub kind: FlowKind,
    pub endpoint: Option<&'a Endpoint>,
    pub steps: Vec<Step>,
}

impl Flow<'_> {
    /// Components in the order they first take part.
    pub fn participants(&self) -> Vec<usize> {
        let mut seen = Vec::new();
        for step in &self.steps {
            for i in [step.from, step.to] {
                if !seen.contains(&i) {
                    seen.push(i);
                }
            }
        }
        seen
    }
}

const WRITE_WORDS: &[&str] = &[
    "post",
    "put",
    "patch",
    "delete",
    "write",
    "insert",
    "create",
    "update",
    "upsert",
    "append",
    "save",
    "store",
    "publish",
    "send",
    "commit",
    "register",
    "upload",
    "set",
    "add",
    "remove",
    "claim",
    "charge",
    "record",
    "lease",
    "increment",
    "take",
    "tombstone",
    "evict",
    "push",
    "deliver",
];
const READ_WORDS: &[&str] = &[
    "get", "read", "fetch", "lookup", "look", "query", "list", "search", "load", "resolve", "download", "find", "view",
    "history", "sync", "miss", "hit", "nearby", "poll", "click",
];
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const STOP_WORDS: &[&str] = &[
    "api", "http", "https", "www", "the", "an", "of", "to", "and", "or", "for", "by", "on", "in", "with", "per", "via",
    "from", "at", "is",
];

/// Lower-case words of `text`, without noise words and version segments (`v1`), with a
/// plural `s` dropped so `tweets` meets `tweet`.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .filter(|w| !(w.starts_with('v') && w.len() <= 3 && w[1..].chars().all(|c| c.is_ascii_digit())))
        .map(|w| {
            if w.chars().count() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect()
}

fn token_match(a: &str, b: &str) -> bool {
    a == b || (a.len() >= 4 && b.len() >= 4 && (a.contains(b) || b.contains(a)))
}

fn overlap(wanted: &[String], have: &[String]) -> i32 {
    wanted.iter().filter(|w| have.iter().any(|h| token_match(w, h))).count() as i32
}

/// Does a word of `have` start with one of `words` (whole-word for short ones), so `created`
/// reads as `create` but `spread` never as `read`?
fn has_any(have: &[String], words: &[&str]) -> bool {
    have.iter().any(|h| words.iter().any(|w| h == w || (w.len() >= 4 && h.starts_with(w))))
}

/// HTTP methods written in capitals in a label (`GET /{code}`).
fn label_methods(label: &str) -> Vec<String> {
    label.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| HTTP_METHODS.contains(w)).map(String::from).collect()
}

/// Components that hand a request on rather than handle it.
fn routes(kind: ComponentKind) -> bool {
    matches!(kind.tier(), Tier::Client | Tier::Edge)
}

struct Scorer {
    flavor: FlowKind,
    /// The endpoint's method in capitals, as labels write it.
    method: Option<String>,
    /// Words that name the endpoint's protocol in a label (`websocket` for WS).
    protocol: Vec<&'static str>,
    path: Vec<String>,
}

impl Scorer {
    fn new(flavor: FlowKind, endpoint: Option<&Endpoint>) -> Scorer {
        let method = endpoint.map(|e| e.method.trim().to_ascii_uppercase());
        let protocol = match method.as_deref() {
            Some("WS") => vec!["ws", "wss", "websocket", "socket"],
            Some("SSE") => vec!["sse", "event", "stream"],
            Some("GRPC") => vec!["grpc", "rpc"],
            _ => Vec::new(),
        };
        Scorer { flavor, method, protocol, path: endpoint.map(|e| tokens(&e.path)).unwrap_or_default() }
    }

    fn flavor_score(&self, label: &[String]) -> i32 {
        let (same, opposite) = match self.flavor {
            FlowKind::Write => (WRITE_WORDS, READ_WORDS),
            FlowKind::Read => (READ_WORDS, WRITE_WORDS),
        };
        match (has_any(label, same), has_any(label, opposite)) {
            (true, _) => 1,
            (false, true) => -2,
            _ => 0,
        }
    }

    /// How well one link fits as the next hop of a routed request.
    fn routing(&self, edge: &Edge, target: &[String], kind: ComponentKind) -> i32 {
        let mut score = self.flavor_score(&edge.label_tokens);
        if let Some(method) = &self.method {
            let named =
                edge.methods.contains(method) || edge.label_tokens.iter().any(|t| self.protocol.contains(&t.as_str()));
            if named {
                score += 4;
            } else if !edge.methods.is_empty() {
                score -= 4;
            }
        }
        score += 2 * overlap(&self.path, &edge.label_tokens).min(3) + overlap(&self.path, target).min(2);
        if kind == ComponentKind::Dns {
            score -= 3;
        }
        score
    }

    /// Does this link (or where it goes) share a word with the endpoint's path? (A path
    /// without words is recognised by its method.)
    fn recognises(&self, edge: &Edge, target: &[String]) -> bool {
        if self.path.is_empty() {
            return self.method.as_ref().is_some_and(|m| edge.methods.contains(m))
                || edge.label_tokens.iter().any(|t| self.protocol.contains(&t.as_str()));
        }
        overlap(&self.path, &edge.label_tokens) > 0 || overlap(&self.path, target) > 0
    }

    /// What a call along `edge` says. A label of several `;`-separated uses (`append at
    /// quorum; range reads`) shows only the uses that read like this flow, and the link's
    /// rate only with its first use, the one the rate counts.
    fn message(&self, edge: &Edge) -> String {
        let clauses: Vec<&str> = edge.label.split(';').map(str::trim).filter(|c| !c.is_empty()).collect();
        let fitting: Vec<&str> = clauses.iter().copied().filter(|c| self.flavor_score(&tokens(c)) > 0).collect();
        if fitting.is_empty() || fitting.len() == clauses.len() {
            edge.text.clone()
        } else if fitting[0] == clauses[0] {
            format!("{}{}", fitting.join("; "), edge.rate_suffix)
        } else {
            fitting.join("; ")
        }
    }

    /// Whether a component on the path sends this asynchronous message while handling the
    /// request. Writes have side effects unless a label says it reads; a read has none
    /// unless a label says so (a view counted, a miss reported).
    fn async_fits(&self, label: &[String]) -> bool {
        match self.flavor {
            FlowKind::Write => self.flavor_score(label) >= 0,
            FlowKind::Read => self.flavor_score(label) > 0,
        }
    }

    /// How well a link fits as one of the calls a service makes while handling the request.
    fn fan_out(&self, edge: &Edge, target: &[String]) -> i32 {
        let both: Vec<String> = edge.label_tokens.iter().chain(target).cloned().collect();
        self.flavor_score(&edge.label_tokens) + overlap(&self.path, &both).min(2)
    }
}

struct Edge {
    to: usize,
    mode: LinkMode,
    /// The link label with its rate, raw.
    text: String,
    /// The link label alone, raw.
    label: String,
    /// What `text` adds to the label: ` · ` and the rate, or nothing.
    rate_suffix: String,
    label_tokens: Vec<String>,
    methods: Vec<String>,
}

/// The links of a design as an adjacency list over component indices.
struct Graph<'a> {
    design: &'a Design,
    out: Vec<Vec<Edge>>,
    incoming_sync: Vec<bool>,
    target_tokens: Vec<Vec<String>>,
}

impl<'a> Graph<'a> {
    fn new(design: &'a Design, link_texts: &[String]) -> Graph<'a> {
        let index = |id: &str| design.components.iter().position(|c| c.id == id);
        let n = design.components.len();
        let mut out: Vec<Vec<Edge>> = (0..n).map(|_| Vec::new()).collect();
        let mut incoming_sync = vec![false; n];
        for (i, link) in design.links.iter().enumerate() {
            let (Some(from), Some(to)) = (index(&link.from), index(&link.to)) else {
                continue;
            };
            if from == to {
                continue;
            }
            if link.mode == LinkMode::Sync {
                incoming_sync[to] = true;
            }
            let text = link_texts.get(i).cloned().unwrap_or_default();
            out[from].push(Edge {
                to,
                mode: link.mode,
                rate_suffix: text.strip_prefix(&escape::one_line(&link.label)).unwrap_or_default().to_string(),
                text,
                label: link.label.clone(),
                label_tokens: tokens(&link.label),
                methods: label_methods(&link.label),
            });
        }
        let target_tokens = design
            .components
            .iter()
            .map(|c| {
                let mut t = tokens(&c.label);
                t.extend(tokens(&c.id));
                t
            })
            .collect();
        Graph { design, out, incoming_sync, target_tokens }
    }

    fn kind(&self, i: usize) -> ComponentKind {
        self.design.components[i].kind
    }

    fn sync_out(&self, i: usize) -> impl Iterator<Item = (usize, &Edge)> {
        self.out[i].iter().enumerate().filter(|(_, e)| e.mode == LinkMode::Sync)
    }
}

/// How many hops ahead a routing choice looks.
const LOOKAHEAD: usize = 3;

struct Walker<'g, 'a> {
    graph: &'g Graph<'a>,
    scorer: Scorer,
    steps: Vec<Step>,
    expanded: BTreeSet<usize>,
    /// Whether a link the flow follows names the endpoint's method or a word of its path.
    evidence: bool,
}

impl Walker<'_, '_> {
    fn local(&self, edge: &Edge) -> i32 {
        let mut score = self.scorer.routing(edge, &self.graph.target_tokens[edge.to], self.graph.kind(edge.to));
        // A routing component with nowhere to send the request is a dead end.
        if routes(self.graph.kind(edge.to)) && self.graph.sync_out(edge.to).next().is_none() {
            score -= 2;
        }
        score
    }

    /// The best score reachable from `node` within `depth` hops (never below 0).
    fn ahead(&self, node: usize, depth: usize, path: &mut Vec<usize>) -> i32 {
        if depth == 0 {
            return 0;
        }
        let mut best = 0;
        for (_, edge) in self.graph.sync_out(node) {
            if path.contains(&edge.to) {
                continue;
            }
            path.push(edge.to);
            let value = self.local(edge) + self.ahead(edge.to, depth - 1, path);
            path.pop();
            best = best.max(value);
        }
        best
    }

    /// The best link on from a routing component, with its own score, if any.
    fn best_route(&self, node: usize, ancestors: &[usize]) -> Option<(usize, i32)> {
        let mut best: Option<(usize, i32, i32)> = None;
        for (k, edge) in self.graph.sync_out(node) {
            if ancestors.contains(&edge.to) {
                continue;
            }
            let local = self.local(edge);
            let mut path = ancestors.to_vec();
            path.push(edge.to);
            let value = local + self.ahead(edge.to, LOOKAHEAD, &mut path);
            if best.is_none_or(|(_, _, v)| value > v) {
                best = Some((k, local, value));
            }
        }
        best.map(|(k, local, _)| (k, local))
    }

    /// The links a handling component calls, in file order (caches first on a read).
    fn fan_out(&self, node: usize, ancestors: &[usize]) -> Vec<usize> {
        let mut chosen = Vec::new();
        for (k, edge) in self.graph.sync_out(node) {
            if ancestors.contains(&edge.to) {
                continue;
            }
            let tier = self.graph.kind(edge.to).tier();
            if matches!(tier, Tier::Client | Tier::Edge) {
                continue;
            }
            if self.scorer.flavor_score(&edge.label_tokens) < 0 {
                continue;
            }
            let score = self.scorer.fan_out(edge, &self.graph.target_tokens[edge.to]);
            let needed = if tier == Tier::Services { 1 } else { 0 };
            if score >= needed {
                chosen.push(k);
            }
        }
        // A read asks the caches first.
        if self.scorer.flavor == FlowKind::Read {
            chosen.sort_by_key(|&k| self.graph.kind(self.graph.out[node][k].to) != ComponentKind::Cache);
        }
        chosen
    }

    fn call(&mut self, node: usize, k: usize, text: Option<String>) -> usize {
        let edge = &self.graph.out[node][k];
        self.evidence |= self.scorer.recognises(edge, &self.graph.target_tokens[edge.to]);
        self.steps.push(Step {
            from: node,
            to: edge.to,
            kind: StepKind::Call,
            text: text.unwrap_or_else(|| self.scorer.message(edge)),
        });
        edge.to
    }

    fn walk(&mut self, node: usize, depth: usize, ancestors: &mut Vec<usize>) {
        if depth >= MAX_DEPTH || !self.expanded.insert(node) {
            return;
        }
        let chosen: Vec<usize> = if routes(self.graph.kind(node)) {
            self.best_route(node, ancestors).map(|(k, _)| k).into_iter().collect()
        } else {
            self.fan_out(node, ancestors)
        };
        for k in chosen {
            if self.steps.len() + 2 > MAX_STEPS {
                break;
            }
            let to = self.call(node, k, None);
            ancestors.push(to);
            self.walk(to, depth + 1, ancestors);
            ancestors.pop();
            self.steps.push(Step { from: to, to: node, kind: StepKind::Return, text: "ok".into() });
        }
        let asyncs: Vec<usize> = self.graph.out[node]
            .iter()
            .enumerate()
            .filter(|(_, e)| e.mode == LinkMode::Async)
            .filter(|(_, e)| self.scorer.async_fits(&e.label_tokens))
            .map(|(k, _)| k)
            .collect();
        for k in asyncs {
            if self.steps.len() + 1 > MAX_STEPS {
                break;
            }
            let edge = &self.graph.out[node][k];
            self.steps.push(Step { from: node, to: edge.to, kind: StepKind::Async, text: edge.text.clone() });
        }
    }
}

/// Where requests come from: the clients; failing those, the entry points of the graph.
fn starts(graph: &Graph) -> Vec<usize> {
    let n = graph.design.components.len();
    let has_out = |i: usize| graph.sync_out(i).next().is_some();
    let clients: Vec<usize> = (0..n).filter(|&i| graph.kind(i) == ComponentKind::Client && has_out(i)).collect();
    if !clients.is_empty() {
        return clients;
    }
    let entries: Vec<usize> = (0..n).filter(|&i| !graph.incoming_sync[i] && has_out(i)).collect();
    if !entries.is_empty() {
        return entries;
    }
    (0..n).filter(|&i| has_out(i)).collect()
}

/// The flow for one endpoint (or none), and whether the links it follows recognisably carry
/// that endpoint.
fn follow<'a>(graph: &Graph<'a>, kind: FlowKind, endpoint: Option<&'a Endpoint>) -> (Flow<'a>, bool) {
    let mut walker = Walker {
        graph,
        scorer: Scorer::new(kind, endpoint),
        steps: Vec::new(),
        expanded: BTreeSet::new(),
        evidence: false,
    };
    // The client whose best route fits best; ties go to the first.
    let mut start: Option<(usize, usize, i32, i32)> = None;
    for i in starts(graph) {
        if let Some((k, local)) = walker.best_route(i, &[i]) {
            let mut path = vec![i, graph.out[i][k].to];
            let value = local + walker.ahead(graph.out[i][k].to, LOOKAHEAD, &mut path);
            if start.is_none_or(|(_, _, _, v)| value > v) {
                start = Some((i, k, local, value));
            }
        }
    }
    let Some((start, k, local, _)) = start else {
        return (Flow { kind, endpoint, steps: Vec::new() }, false);
    };
    let _ = local;
    walker.expanded.insert(start);
    let mut answer = "ok".to_string();
    let first = endpoint.map(|e| {
        let response = e.response.split(';').next().unwrap_or("").trim();
        if !response.is_empty() {
            answer = response.to_string();
        }
        format!("{} {}", e.method.trim(), e.path.trim())
    });
    let to = walker.call(start, k, first);
    let mut ancestors = vec![start, to];
    walker.walk(to, 1, &mut ancestors);
    walker.steps.push(Step { from: to, to: start, kind: StepKind::Return, text: answer });
    (Flow { kind, endpoint, steps: walker.steps }, walker.evidence)
}

/// The flow of `kind` through `design`: the first endpoint with a method of that kind whose
/// path through the components recognisably carries it (a link on the way names its method
/// or a word of its path), else the first such endpoint; without such endpoints, the path
/// that reads most like a write (or a read). `link_texts[i]` is the raw text for link `i`
/// (its label and rate). A design without a path gives a flow with no steps.
pub fn derive<'a>(design: &'a Design, kind: FlowKind, link_texts: &[String]) -> Flow<'a> {
    let graph = Graph::new(design, link_texts);
    let candidates: Vec<&Endpoint> = design.api.iter().filter(|e| flow_of_method(&e.method) == Some(kind)).collect();
    if candidates.is_empty() {
        return follow(&graph, kind, None).0;
    }
    let mut first = None;
    for endpoint in candidates {
        let (flow, recognised) = follow(&graph, kind, Some(endpoint));
        if recognised && !flow.steps.is_empty() {
            return flow;
        }
        first.get_or_insert(flow);
    }
    first.expect("at least one candidate")
}

/// Which flow an endpoint's method belongs to, if any.
pub fn flow_of_method(method: &str) -> Option<FlowKind> {
    match method.trim().to_ascii_uppercase().as_str() {
        "POST" | "PUT" | "PATCH" | "WS" | "GRPC" => Some(FlowKind::Write),
        "GET" | "SSE" => Some(FlowKind::Read),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_drop_noise_and_plurals() {
        assert_eq!(tokens("/api/v1/links/{code}"), ["link", "code"]);
        assert_eq!(tokens("POST /tweets"), ["post", "tweet"]);
        assert_eq!(tokens("read / write rules"), ["read", "write", "rule"]);
        assert!(token_match("socket", "websocket"));
        assert!(!token_match("id", "idempotency"));
    }

    #[test]
    fn methods_belong_to_flows() {
        assert_eq!(flow_of_method("put"), Some(FlowKind::Write));
        assert_eq!(flow_of_method(" WS "), Some(FlowKind::Write));
        assert_eq!(flow_of_method("GET"), Some(FlowKind::Read));
        assert_eq!(flow_of_method("DELETE"), None);
        assert_eq!(label_methods("GET /{code}, then post"), ["GET"]);
        assert!(has_any(&tokens("tweet-created event"), WRITE_WORDS));
        assert!(!has_any(&tokens("spread across proxies"), READ_WORDS));
    }
}
