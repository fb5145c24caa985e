//! The worked figures of the source material, recomputed by the engine — and the places where
//! the source's own arithmetic slips, each with the figure it gives and the right one.

use super::{Prefixes, Quantity, calc};
use crate::model::Convention;

fn exact(expr: &str) -> Quantity {
    calc(expr, Convention::Exact, Prefixes::Si).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance * expected.abs()
}

#[test]
fn request_rates_from_daily_volumes() {
    assert!(close(exact("100 million request / day -> request / s").value, 1157.4, 1e-4));
    assert!(close(exact("5 * 100 million request / day -> request / s").value, 5787.0, 1e-4));
    assert!(close(exact("5 million view / day -> view / s").value, 57.87, 1e-3));
    assert!(close(exact("1000 url / s -> million url / day").value, 86.4, 1e-9));
    assert!(close(exact("10 million ride / day -> ride / s").value, 115.74, 1e-4));
}

#[test]
fn rates_from_concurrent_clients() {
    // 200,000 drivers reporting every 4 s; 2 M riders polling every 10 s.
    assert_eq!(exact("200000 request / (4 s) -> request / s").value, 50_000.0);
    assert_eq!(exact("2 million request / (10 s) -> request / s").value, 200_000.0);
}

#[test]
fn storage_and_bandwidth() {
    assert_eq!(exact("10 million * 1 KB / day -> GB / day").display, "10 GB/day");
    assert!(close(exact("10 GB / day * 365 day -> TB").value, 3.65, 1e-12));
    assert!(close(exact("10000 * 100 MB / day * year -> TB").value, 365.0, 1e-12));
    assert_eq!(exact("1 billion * 100 bytes -> GB").value, 100.0);
    // Bandwidth-delay product of a 1 Gbit/s link with 100 ms round trips.
    assert_eq!(exact("1 Gbit / s * 100 ms -> MB").value, 12.5);
    // Light in fibre over 6,000 km.
    assert_eq!(exact("6000 km / (200000 km / s) -> ms").value, 30.0);
}

#[test]
fn availability_and_failures() {
    assert!(close(exact("(100 percent - 99.99 percent) * year -> minute").value, 52.56, 1e-9));
    assert!(close(exact("(100 percent - 99.9 percent) * year -> hour").value, 8.76, 1e-9));
    assert!(close(exact("(100 percent - 99.95 percent) * month -> minute").value, 21.6, 1e-9));
    assert!(close(exact("(99.9 percent)^3 -> percent").value, 99.7003, 1e-6));
    assert!(close(exact("364 / 365 -> percent").value, 99.726, 1e-4));
}

#[test]
fn keyspace() {
    assert_eq!(exact("62^7").base_value, 3_521_614_606_208.0);
    assert_eq!(exact("62^6").base_value, 56_800_235_584.0);
}

/// The source's slips: each asserts the right figure and that the source's is really off.
#[test]
fn ride_requests_peak_near_347_a_second_not_50_to_100() {
    let peak = exact("3 * 10 million ride / day -> ride / s").value;
    assert!(close(peak, 347.2, 1e-3));
    assert!(peak > 3.0 * 100.0, "the source's ~50-100 is below even the average of {}", peak / 3.0);
}

#[test]
fn four_nines_is_52_6_minutes_not_52() {
    let minutes = exact("(100 percent - 99.99 percent) * year -> minute").value;
    assert!((minutes - 52.0).abs() > 0.5);
}

#[test]
fn location_bandwidth_is_38_4_megabytes_or_307_megabits() {
    let rate = exact("150000 / s * 256 byte -> MB / s");
    assert_eq!(rate.value, 38.4);
    assert_eq!(exact("150000 / s * 256 byte -> Mbit / s").value, 307.2);
    assert!(close(exact("150000 / s * 256 byte -> MiB / s").value, 36.62, 1e-3));
}

#[test]
fn one_point_two_gigabytes_a_second_is_9_6_gigabits_not_10() {
    let gbit = exact("600000 / s * 2 KB -> Gbit / s").value;
    assert!(close(gbit, 9.6, 1e-12));
    assert!((gbit - 10.0).abs() > 0.3);
}

#[test]
fn a_hundred_servers_at_2000_hours_mtbf_fail_1_2_times_a_day_not_once() {
    let per_day = exact("100 / (2000 hour) -> 1 / day").value;
    assert!(close(per_day, 1.2, 1e-12));
}

#[test]
fn a_hundred_million_users_posting_five_times_a_day_is_half_a_billion_posts() {
    let per_day = exact("100 million * 5 post / day -> billion post / day").value;
    assert!(close(per_day, 0.5, 1e-12), "the source says billions a day");
    let per_minute = exact("100 million * 5 post / day -> post / minute").value;
    assert!(close(per_minute, 347_222.2, 1e-6), "the source says millions a minute");
    // Billions a day holds for feed deliveries: 1,000 followers each.
    assert!(close(exact("100 million * 5 * 1000 post / day -> billion post / day").value, 500.0, 1e-12));
}

#[test]
fn erasure_coding_six_plus_three_costs_50_percent_not_150() {
    let overhead = exact("(6 + 3) / 6 - 1 -> percent").value;
    assert_eq!(overhead, 50.0);
    let replication = exact("3 - 1 -> percent").value;
    assert_eq!(replication, 200.0);
}
