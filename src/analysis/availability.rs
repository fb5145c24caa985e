//! Availability of replicated components: a component that needs `k` of its `n` replicas to
//! carry its load is up when at least `k` are up, each independently with probability `a`.

/// P(at least `k` of `n` independent replicas are up), each up with probability `a`.
/// Summed in log space so a fleet of thousands neither overflows nor loses its tail.
pub fn k_of_n(k: u32, n: u32, a: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    let a = a.clamp(0.0, 1.0);
    if a == 1.0 {
        return 1.0;
    }
    if a == 0.0 {
        return 0.0;
    }
    // The failure side is the smaller sum when k is small: P(fewer than k up) = Σ_{i<k} ...
    let (ln_a, ln_b) = (a.ln(), (1.0 - a).ln());
    let ln_choose = |n: u32, i: u32| -> f64 {
        let i = i.min(n - i);
        (0..i).map(|j| ((n - j) as f64).ln() - ((j + 1) as f64).ln()).sum()
    };
    let term = |i: u32| (ln_choose(n, i) + i as f64 * ln_a + (n - i) as f64 * ln_b).exp();
    if k <= n / 2 {
        let below: f64 = (0..k).map(term).sum();
        (1.0 - below).clamp(0.0, 1.0)
    } else {
        (k..=n).map(term).sum::<f64>().clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_n_is_one_minus_all_down() {
        // 1 of 3 at 99%: 1 - 0.01^3 = 0.999999.
        assert!((k_of_n(1, 3, 0.99) - 0.999_999).abs() < 1e-12);
        assert_eq!(k_of_n(1, 1, 0.995), 0.995);
    }

    #[test]
    fn all_of_n_is_the_product() {
        // 3 of 3 at 99%: 0.99^3 = 0.970299.
        assert!((k_of_n(3, 3, 0.99) - 0.970_299).abs() < 1e-12);
    }

    #[test]
    fn two_of_three_by_hand() {
        // P(≥2 of 3 up) = 3·a²·(1-a) + a³; at a = 0.9: 3·0.81·0.1 + 0.729 = 0.243 + 0.729 = 0.972.
        assert!((k_of_n(2, 3, 0.9) - 0.972).abs() < 1e-12);
    }

    #[test]
    fn large_fleets_stay_finite() {
        let a = k_of_n(900, 1286, 0.995);
        assert!(a > 0.999_999 && a <= 1.0, "{a}");
        assert_eq!(k_of_n(4, 3, 0.999), 0.0);
        assert_eq!(k_of_n(0, 3, 0.5), 1.0);
    }
}
