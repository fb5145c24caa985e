//! Hand calculations: every figure asserted here is worked out in the comment above it.

use super::*;
use crate::estimate;
use crate::store;

fn design(toml: &str) -> Design {
    store::parse_design(toml, "test.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn run(d: &Design, failures: &Failures) -> Analysis {
    let eval = estimate::evaluate(&d.estimates, Default::default());
    analyze(d, &eval, Catalogue::embedded(), failures)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

const CHAIN: &str = r#"
[requirements]
functional = ["serve pages"]
non_functional = ["p99 page latency < 5 ms", "99.9% available"]

[[estimates.input]]
name = "peak_qps"
value = "250 request / s"

[[components]]
id = "client"
kind = "client"

[[components]]
id = "lb"
kind = "load_balancer"
replicas = 2
capacity = "1000 request / s"
availability = "99.9%"
latency = "1 ms"

[[components]]
id = "api"
kind = "service"
replicas = 4
capacity = "100 request / s"
availability = "99%"
latency = "4 ms"

[[components]]
id = "cache"
kind = "cache"
latency = "1 ms"
availability = "99.9%"

[[components]]
id = "db"
kind = "sql_db"
availability = "99.95%"
latency = "10 ms"

[[components]]
id = "queue"
kind = "queue"

[[links]]
from = "client"
to = "lb"

[[links]]
from = "lb"
to = "api"

[[links]]
from = "api"
to = "cache"

[[links]]
from = "api"
to = "db"

[[links]]
from = "api"
to = "queue"
mode = "async"

[[flows]]
name = "page"
serves = ["F1", "N1", "N2"]
rate = "peak_qps"
steps = ["client -> lb", "lb -> api", "api -> cache", "api -> db, if 20%, miss cache", "api -> queue"]
"#;

#[test]
fn availability_of_a_mixed_chain_counts_k_of_n_replicas() {
    let a = run(&design(CHAIN), &Failures::none());
    // lb: 250 req/s over 1,000 per replica needs 1 of its 2: 1 - 0.001² = 0.999999.
    let lb = a.component("lb").unwrap();
    assert_eq!((lb.needed, lb.replicas), (1, 2));
    assert!(close(lb.availability, 0.999_999));
    // api: 250 / 100 per replica needs 3 of its 4, each up 99% of the time:
    // P(≥3 of 4) = 4·0.99³·0.01 + 0.99⁴ = 0.03881196 + 0.96059601 = 0.99940797,
    // far from the 1 - 0.01⁴ = 0.99999999 that "up while one replica is" would claim.
    let api = a.component("api").unwrap();
    assert_eq!(api.needed, 3);
    assert!(close(api.availability, 0.999_407_97), "{}", api.availability);
    // cache: bypassable (its misses go to db), so left out of the product.
    // db: one replica at 99.95%, needed by the 20% of requests that miss:
    // 1 - 0.2 · 0.0005 = 0.9999.
    // queue: async, left out.
    // flow: 0.999999 · 0.99940797 · 0.9999 = 0.99930800...
    let page = a.flow("page").unwrap();
    let by_hand = 0.999_999 * 0.999_407_97 * (1.0 - 0.2 * 0.0005);
    assert!(close(page.availability, by_hand), "{} vs {by_hand}", page.availability);
    // N2 (99.9%) is met: 0.999308 ≥ 0.999; its monthly budget is 0.001 · 30 days = 2,592 s.
    let n2 = a.slos.iter().find(|s| s.requirement.number == 2).unwrap();
    assert_eq!(n2.met, Some(true));
    assert!(close(n2.error_budget_per_month_s.unwrap(), 2592.0));
}

#[test]
fn latency_sums_the_synchronous_steps_weighting_the_conditional_one() {
    let a = run(&design(CHAIN), &Failures::none());
    // Each hop costs the catalogue's network round trip (0.25 ms, current vintage) plus the
    // component's own latency; the miss step counts for its 20% share; the async queue not at all:
    // (0.25 + 1) + (0.25 + 4) + (0.25 + 1) + 0.2 · (0.25 + 10) = 1.25 + 4.25 + 1.25 + 2.05 = 8.8 ms.
    let page = a.flow("page").unwrap();
    assert!(close(page.latency_s, 0.0088), "{}", page.latency_s);
    // N1 (p99 < 5 ms) is missed, and says so: 8.8 > 5, headroom 1 - 8.8/5 = -76%. (The page
    // publishes to a queue with nothing after it in the flow: a side effect, not its work.)
    let n1 = a.slos.iter().find(|s| s.requirement.number == 1).unwrap();
    assert_eq!((n1.kind, n1.met), (Some(SloKind::Latency), Some(false)));
    assert!(!n1.computed_is_lower_bound);
    assert!(close(n1.headroom.unwrap(), 1.0 - 8.8 / 5.0));
    assert_eq!(n1.percentile.as_deref(), Some("p99"));
}

#[test]
fn a_failed_cache_sends_every_request_to_what_it_fronts() {
    let d = design(CHAIN);
    let a = run(&d, &Failures::all_of("cache"));
    // db now takes every request: load 250 req/s against the catalogue's 10,000/s per SQL node.
    let db = a.component("db").unwrap();
    assert!(close(db.load_per_s, 250.0));
    // Latency: the cache hop is skipped, the miss is taken always:
    // 1.25 + 4.25 + 1 · (0.25 + 10) = 15.75 ms.
    let page = a.flow("page").unwrap();
    assert!(close(page.latency_s, 0.01575), "{}", page.latency_s);
    // db is now needed by every request: availability 0.999999 · 0.99940797 · 0.9995.
    assert!(close(page.availability, 0.999_999 * 0.999_407_97 * 0.9995));
    assert_eq!(page.status, FlowStatus::Ok, "the store carries it: nothing is down or overloaded");
}

#[test]
fn failures_are_down_degraded_or_delayed() {
    let d = design(CHAIN);
    // Every request needs api: with no replica left the flow is down.
    let a = run(&d, &Failures::all_of("api"));
    assert_eq!(a.flow("page").unwrap().status, FlowStatus::Down);
    assert_eq!(a.flow("page").unwrap().availability, 0.0);
    // db serves only the 20% that miss: the others still work.
    let a = run(&d, &Failures::all_of("db"));
    assert_eq!(a.flow("page").unwrap().status, FlowStatus::Degraded);
    // The queue is behind an async step: its work waits.
    let a = run(&d, &Failures::all_of("queue"));
    assert_eq!(a.flow("page").unwrap().status, FlowStatus::Delayed);
    // api loses 2 of 4: the 2 left carry 200 of the 250 req/s.
    let f = Failures::parse(&["api:2".into()], &d).unwrap();
    let a = run(&d, &f);
    let api = a.component("api").unwrap();
    assert_eq!((api.live, api.status), (2, ComponentStatus::Overloaded));
    assert!(close(api.utilisation.unwrap(), 1.25));
    assert_eq!(a.flow("page").unwrap().status, FlowStatus::Degraded);
    // Losing 1 of 4 leaves 3, exactly the 3 needed: ok, but at 250/300 it is hot.
    let a = run(&d, &Failures::parse(&["api:1".into()], &d).unwrap());
    assert_eq!(a.component("api").unwrap().status, ComponentStatus::Hot);
    assert_eq!(a.flow("page").unwrap().status, FlowStatus::Ok);
}

#[test]
fn a_fan_out_multiplier_turns_tweets_into_timeline_inserts() {
    let d = design(
        r#"
[estimates]
units = ["tweet"]

[[estimates.input]]
name = "peak_tweets"
value = "100 tweet / s"

[[estimates.input]]
name = "fan_out"
value = "200 record / tweet"

[[components]]
id = "api"
kind = "service"
capacity = "1000 tweet / s"

[[components]]
id = "fanout"
kind = "worker"
replicas = 2
capacity = "200 tweet / s"

[[components]]
id = "timelines"
kind = "cache"
replicas = 5
capacity = "5000 record / s"

[[links]]
from = "api"
to = "fanout"
mode = "async"

[[links]]
from = "fanout"
to = "timelines"

[[flows]]
name = "post"
rate = "peak_tweets"
steps = ["api -> fanout", "fanout -> timelines, x fan_out"]
"#,
    );
    let a = run(&d, &Failures::none());
    // 100 tweets/s × 200 records per tweet = 20,000 record/s on timelines; 5 × 5,000 = 25,000
    // of capacity: 80% used, 4 of the 5 nodes needed (20,000 / 5,000).
    let t = a.component("timelines").unwrap();
    assert!(close(t.load_per_s, 20_000.0));
    assert_eq!(t.unit, "record/s");
    assert!(close(t.utilisation.unwrap(), 0.8));
    assert_eq!(t.needed, 4);
    // fanout sees the tweets themselves: 100 of 2 × 200.
    assert!(close(a.component("fanout").unwrap().utilisation.unwrap(), 0.25));
    // Both steps come after the async hop: the post itself waits for neither.
    let post = a.flow("post").unwrap();
    assert!(post.steps.iter().all(|s| s.is_async));
    assert_eq!(post.latency_s, 0.0);
    // Only the flow's origin, api, is on the request's path: 1 replica at the catalogue's figure.
    assert_eq!(post.origin.as_deref(), Some("api"));
    assert!(close(post.availability, a.component("api").unwrap().availability));
}

fn url_shortener() -> Design {
    crate::problem::Library::builtin().get("url-shortener").unwrap().problem.reference_design()
}

#[test]
fn losing_the_url_shorteners_cache_puts_its_store_over_capacity() {
    let d = url_shortener();
    // The store's capacity: 57 nodes × (8 reads in flight / 5 ms) = 57 × 1,600 = 91,200 query/s.
    // With the cache, it reads the 10% of redirects that miss, 2 replica reads each, and every
    // create and edit writes 3 replicas:
    // 57,870.37 × 0.1 × 2 + 5,787.04 × 3 + 578.70 × 3 = 11,574.07 + 17,361.11 + 1,736.11 = 30,671.30.
    let a = run(&d, &Failures::none());
    let db = a.component("url_db").unwrap();
    assert!(close(db.capacity_per_s.unwrap(), 91_200.0));
    assert!(close(db.load_per_s, 30_671.296_296_296_29), "{}", db.load_per_s);
    assert_eq!(db.status, ComponentStatus::Ok);
    // Without it, every redirect reads the store: 57,870.37 × 2 + 19,097.22 = 134,837.96,
    // 148% of 91,200.
    let a = run(&d, &Failures::all_of("cache"));
    let db = a.component("url_db").unwrap();
    assert!(close(db.load_per_s, 134_837.962_962_962_95), "{}", db.load_per_s);
    assert_eq!(db.status, ComponentStatus::Overloaded);
    assert!(close(db.utilisation.unwrap(), 134_837.962_962_962_95 / 91_200.0));
    let follow = a.flow("follow a short link").unwrap();
    assert_eq!(follow.status, FlowStatus::Degraded);
    assert!(follow.reasons.iter().any(|r| r.contains("`url_db` is at 148%")), "{:?}", follow.reasons);
}

#[test]
fn the_url_shortener_carries_its_peak_and_meets_its_slos() {
    let a = run(&url_shortener(), &Failures::none());
    assert!(a.problems.is_empty(), "{:?}", a.problems);
    assert_eq!(a.overloaded().count(), 0);
    assert_eq!(a.missed().count(), 0, "{:?}", a.missed().collect::<Vec<_>>());
    assert!(a.flows.iter().all(|f| f.status == FlowStatus::Ok));
}

#[test]
fn a_what_if_reports_what_flipped() {
    let d = url_shortener();
    let before = run(&d, &Failures::none());
    // Half the redirects miss: 57,870.37 × 0.5 × 2 + 19,097.22 = 76,967.59 of 91,200 = 84%,
    // over the 70% warning but under 100%.
    let mut what_if = d.clone();
    assert!(what_if.estimates.set("cache_hit_rate", "50 percent"));
    let after = run(&what_if, &Failures::none());
    let f = flips(&before, &after);
    assert_eq!(f.components, [("url_db".to_string(), ComponentStatus::Ok, ComponentStatus::Hot)]);
    assert!(f.slos.is_empty() && f.flows.is_empty());
}

#[test]
fn the_classic_vintage_changes_the_latencies_it_covers() {
    let mut d = design(CHAIN);
    d.components[4].latency = None;
    let current = run(&d, &Failures::none());
    d.numbers = Some("classic-2012".into());
    let classic = run(&d, &Failures::none());
    assert_eq!(classic.vintage, "classic-2012");
    // db: 5 ms (2025) against one 10 ms disk seek (2012); the network round trip 0.25 ms against
    // 0.5 ms. Four hops, the db one at a 20% share:
    // Δ = 3 · 0.25 ms + 0.2 · (0.25 ms + 5 ms) = 0.75 + 1.05 = 1.8 ms.
    assert!(close(classic.flow("page").unwrap().latency_s - current.flow("page").unwrap().latency_s, 0.0018));
    assert!(classic.component("db").unwrap().latency_origin.describe().contains("(2012)"));
}

/// A design whose `post` flow acknowledges through `api` and delivers through a queue.
const ASYNC: &str = r#"
[requirements]
functional = ["post"]
non_functional = ["p99 post acknowledgement < 50 ms; delivered to followers within 30 min", "99.9% available"]

[[estimates.input]]
name = "peak_qps"
value = "100 request / s"

[[components]]
id = "gateway"
kind = "api_gateway"
replicas = 2
capacity = "1000 request / s"
availability = "99.9%"
latency = "1 ms"

[[components]]
id = "api"
kind = "service"
replicas = 2
capacity = "1000 request / s"
latency = "4 ms"

[[components]]
id = "queue"
kind = "queue"

[[components]]
id = "worker"
kind = "worker"
replicas = 2
capacity = "1000 request / s"

[[links]]
from = "gateway"
to = "api"

[[links]]
from = "api"
to = "queue"
mode = "async"

[[links]]
from = "queue"
to = "worker"

[[flows]]
name = "post"
serves = ["F1", "N1.1", "N1.2", "N2"]
rate = "peak_qps"
steps = ["gateway -> api", "api -> queue", "queue -> worker"]
"#;

fn slo(a: &Analysis, n: usize, kind: SloKind) -> Vec<&SloEntry> {
    a.slos.iter().filter(|s| s.requirement.number == n && s.kind == Some(kind)).collect()
}

#[test]
fn a_target_spanning_async_steps_is_never_met_on_the_synchronous_figure() {
    let d = design(ASYNC);
    let a = run(&d, &Failures::none());
    let n1 = slo(&a, 1, SloKind::Latency);
    assert_eq!(n1.len(), 2, "{n1:?}");
    // The acknowledgement is the synchronous part: 0.25 + 4 = 4.25 ms, under 50 ms, met.
    assert!(close(n1[0].computed.unwrap(), 0.004_25));
    assert_eq!(n1[0].met, Some(true));
    // Delivery goes through the queue and the worker, whose wait the design does not state: the
    // end-to-end figure (4.25 ms plus two catalogue hops) is a lower bound, under 30 min, so it
    // proves nothing: not checkable, listed, never met.
    assert_eq!(n1[1].met, None, "{:?}", n1[1]);
    assert!(n1[1].computed_is_lower_bound);
    assert!(n1[1].note.starts_with("not checkable from the design"), "{}", n1[1].note);
    assert_eq!(n1[1].verdict(), "not checkable");
    assert!(a.unchecked().count() == 1 && a.missed().count() == 0);
    // Stating the queue's and the worker's latency (the time work waits there) makes it
    // checkable: 4.25 + (0.25 + 20 min) + (0.25 + 15 min) = 35 min + 4.75 ms, over 30 min.
    let mut stated = d.clone();
    stated.components[2].latency = Some("20 min".into());
    stated.components[3].latency = Some("15 min".into());
    let a = run(&stated, &Failures::none());
    let n1 = slo(&a, 1, SloKind::Latency);
    assert!(close(n1[1].computed.unwrap(), 35.0 * 60.0 + 0.004_75), "{:?}", n1[1].computed);
    assert_eq!(n1[1].met, Some(false));
    assert!(!n1[1].computed_is_lower_bound);
}

#[test]
fn an_async_lower_bound_over_the_target_is_a_miss() {
    let mut d = design(ASYNC);
    d.requirements.non_functional[0] = "delivered to followers within 2 ms".into();
    let a = run(&d, &Failures::none());
    // 4.25 ms without any queue wait is already over 2 ms.
    let n1 = slo(&a, 1, SloKind::Latency);
    assert_eq!((n1[0].met, n1[0].computed_is_lower_bound), (Some(false), true));
}

#[test]
fn the_component_a_flow_starts_from_carries_it_and_can_take_it_down() {
    let d = design(ASYNC);
    let a = run(&d, &Failures::none());
    // gateway is the first step's origin: it carries the flow's 100 req/s, 10% of its 1,000.
    let g = a.component("gateway").unwrap();
    assert!(close(g.load_per_s, 100.0) && close(g.utilisation.unwrap(), 0.05), "{}", g.load_per_s);
    let post = a.flow("post").unwrap();
    assert_eq!(post.origin.as_deref(), Some("gateway"));
    // Its availability is on the path: 1 of 2 at 99.9% is 1 - 0.001² = 0.999999, times api's
    // (1 of 2 at the catalogue's figure).
    let api = a.component("api").unwrap();
    assert!(close(post.availability, 0.999_999 * api.availability), "{}", post.availability);
    // Failing it takes the flow down.
    let a = run(&d, &Failures::all_of("gateway"));
    assert_eq!(a.flow("post").unwrap().status, FlowStatus::Down);
    assert_eq!(a.flow("post").unwrap().availability, 0.0);
    // A flow starting at a client puts nothing on it.
    let chain = run(&design(CHAIN), &Failures::none());
    assert_eq!(chain.flow("page").unwrap().origin, None);
    assert_eq!(chain.component("client").unwrap().load_per_s, 0.0);
}

#[test]
fn the_task_schedulers_burst_flow_fails_with_its_scheduler() {
    let d = crate::problem::Library::builtin().get("task-scheduler").unwrap().problem.reference_design();
    let before = run(&d, &Failures::none());
    let after = run(&d, &Failures::all_of("scheduler"));
    assert!(before.component("scheduler").unwrap().load_per_s > 0.0);
    let burst = after.flow("fire due runs in the top-of-hour burst").unwrap();
    assert_eq!(burst.status, FlowStatus::Down, "{:?}", burst.reasons);
}

#[test]
fn a_missed_target_is_accepted_only_by_a_deep_dive_that_says_so() {
    // CHAIN misses N1 (8.8 ms against 5 ms).
    let mut d = design(CHAIN);
    let a = run(&d, &Failures::none());
    assert_eq!(a.missed().count(), 1);
    assert_eq!(a.missed().next().unwrap().verdict(), "MISSED");
    // A deep dive naming another requirement does not accept it.
    d.deep_dives.push(crate::model::DeepDive { topic: "caching".into(), ..Default::default() });
    d.deep_dives.push(crate::model::DeepDive {
        topic: "why pages may take 9 ms".into(),
        accepts: vec!["N2".parse().unwrap()],
        ..Default::default()
    });
    assert_eq!(run(&d, &Failures::none()).missed().count(), 1);
    d.deep_dives[1].accepts = vec!["N1".parse().unwrap()];
    let a = run(&d, &Failures::none());
    assert_eq!(a.missed().count(), 0);
    let n1 = a.accepted().next().unwrap();
    assert_eq!((n1.met, n1.accepted_by), (Some(false), Some(2)));
    assert_eq!(n1.verdict(), "missed, accepted: deep dive 2");
    // N2 is met, so nothing is accepted for it.
    assert_eq!(a.accepted().count(), 1);
}

#[test]
fn a_deep_dive_accepting_a_requirement_that_does_not_exist_is_a_load_error() {
    let mut d = design(CHAIN);
    d.deep_dives.push(crate::model::DeepDive {
        topic: "x".into(),
        accepts: vec!["N9".parse().unwrap(), "F1".parse().unwrap()],
        ..Default::default()
    });
    let issues = load_issues(&d, &[]);
    let paths: Vec<String> = issues.iter().map(|i| i.dotted_path()).collect();
    assert_eq!(paths, ["deep_dives[0].accepts[0]", "deep_dives[0].accepts[1]"], "{issues:?}");
    d.deep_dives[0].accepts = vec!["N1".parse().unwrap()];
    assert!(load_issues(&d, &[]).is_empty());
}

const TWO_TARGETS: &str = r#"
[requirements]
functional = ["read", "create"]
non_functional = ["Read latency p99 < 200 ms for pastes; create p99 < 500 ms for a paste"]

[[estimates.input]]
name = "peak_qps"
value = "100 request / s"

[[components]]
id = "api"
kind = "service"

[[components]]
id = "db"
kind = "sql_db"

[[links]]
from = "api"
to = "db"

[[flows]]
name = "create a paste"
serves = ["F2", "N1"]
rate = "peak_qps"
steps = ["api -> db"]

[[flows]]
name = "ride along"
serves = ["F1", "N1"]
rate = "peak_qps"
steps = ["api -> db"]
"#;

#[test]
fn a_flow_binds_to_the_clause_that_names_it_or_is_reported_ambiguous() {
    let mut d = design(TWO_TARGETS);
    let a = run(&d, &Failures::none());
    let n1 = slo(&a, 1, SloKind::Latency);
    // "paste" is in both clauses and picks neither; "create" is only in the second.
    let create: Vec<_> = n1.iter().filter(|s| s.flow.as_deref() == Some("create a paste")).collect();
    assert_eq!(create.len(), 1);
    assert_eq!(create[0].target, Some(0.5));
    // "ride along" names neither: listed as ambiguous, not bound to the first.
    let ride: Vec<_> = n1.iter().filter(|s| s.flow.as_deref() == Some("ride along")).collect();
    assert_eq!((ride.len(), ride[0].target, ride[0].met), (1, None, None));
    assert!(ride[0].note.starts_with("ambiguous"), "{}", ride[0].note);
    // Serving N1.1 says which.
    d.flows[1].clauses = vec![("N1".parse().unwrap(), 1)];
    let a = run(&d, &Failures::none());
    let ride: Vec<_> = a.slos.iter().filter(|s| s.flow.as_deref() == Some("ride along")).collect();
    assert_eq!((ride.len(), ride[0].target, ride[0].met), (1, Some(0.2), Some(true)));
    // A clause the requirement does not state is a load error.
    d.flows[1].clauses = vec![("N1".parse().unwrap(), 3)];
    let issues = load_issues(&d, &[]);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].dotted_path(), "flows[1].serves");
}

#[test]
fn words_match_whole_not_by_stem() {
    assert_eq!(words("the rider's screen"), ["rider", "screen"]);
    assert!(!words("the rider's screen").contains(&"ride".to_string()));
    assert_eq!(words("Pastes and reads"), ["paste", "read"]);
}

#[test]
fn a_failed_cdn_sends_its_misses_on_like_a_cache() {
    let toml = CHAIN.replace("id = \"cache\"\nkind = \"cache\"", "id = \"cache\"\nkind = \"cdn\"");
    assert!(toml.contains("kind = \"cdn\""));
    let d = design(&toml);
    let a = run(&d, &Failures::all_of("cache"));
    // As with a cache: db takes all 250 req/s, the flow is not down, latency 15.75 ms.
    assert!(close(a.component("db").unwrap().load_per_s, 250.0));
    let page = a.flow("page").unwrap();
    assert_eq!(page.status, FlowStatus::Ok);
    assert!(close(page.latency_s, 0.01575), "{}", page.latency_s);
}

#[test]
fn miss_on_a_component_that_fronts_nothing_is_a_load_error() {
    let toml = CHAIN.replace("id = \"cache\"\nkind = \"cache\"", "id = \"cache\"\nkind = \"service\"");
    let err = store::parse_design(&toml, "test.toml").unwrap_err().to_string();
    assert!(err.contains("only a cache or a CDN has misses"), "{err}");
    assert!(err.contains("test.toml:"), "with its line and column: {err}");
}

#[test]
fn a_synchronous_fan_out_is_flagged_as_a_lower_bound() {
    let toml = CHAIN.replace("\"api -> db, if 20%, miss cache\"", "\"api -> db, if 20%, miss cache, x 10\"");
    let a = run(&design(&toml), &Failures::none());
    let page = a.flow("page").unwrap();
    let db = page.steps.iter().find(|s| s.to == "db").unwrap();
    assert_eq!(db.fan_out, Some(10.0));
    // Still one call's latency, weighted by the share: 0.2 · (0.25 + 10) ms.
    assert!(close(db.latency_s, 0.2 * 0.010_25));
    let n1 = a.slos.iter().find(|s| s.requirement.number == 1).unwrap();
    assert!(n1.note.contains("fan-out: api -> db makes 10 parallel calls"), "{}", n1.note);
    // Without a multiplier over 1, no step is flagged.
    let plain = run(&design(CHAIN), &Failures::none());
    assert!(plain.flow("page").unwrap().steps.iter().all(|s| s.fan_out.is_none()));
    assert!(!plain.slos.iter().any(|s| s.note.contains("fan-out")));
}

#[test]
fn a_clause_about_the_response_is_told_from_one_about_the_work_behind_it() {
    assert!(about_the_response("Redirect latency p99 < 50 ms measured at our edge"));
    assert!(!about_the_response("a create returns 201 within p99 < 300 ms"), "within: completion wins");
    assert!(about_the_response("writes are acknowledged in p99 < 20 ms"));
    assert!(!about_the_response("a new tweet is visible to followers within 5 s"));
    assert!(!about_the_response("notifications are delivered p99 < 2 s"));
    assert!(!about_the_response("p99 < 200 ms"), "a bare target says nothing of the response: end to end");
}
