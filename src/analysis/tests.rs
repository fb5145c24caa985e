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
    // N1 (p99 < 5 ms) is missed, and says so: 8.8 > 5, headroom 1 - 8.8/5 = -76%.
    let n1 = a.slos.iter().find(|s| s.requirement.number == 1).unwrap();
    assert_eq!((n1.kind, n1.met), (Some(SloKind::Latency), Some(false)));
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
    assert_eq!(post.availability, 1.0);
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
