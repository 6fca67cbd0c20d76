//! The statistics checked against published values (the margin tables that French
//! barometer notices print, normal quantiles from statistical tables) and cases worked
//! out by hand.

use super::*;

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

#[test]
fn normal_quantiles_match_the_tables() {
    // Standard normal table: 90 %, 95 % and 99 % two-sided.
    assert!(close(z_for_confidence(0.90), 1.644_853_6, 1e-7));
    assert!(close(z_for_confidence(0.95), 1.959_964_0, 1e-7));
    assert!(close(z_for_confidence(0.99), 2.575_829_3, 1e-7));
    // The tails, through each branch of AS241.
    assert!(close(normal_quantile(0.001), -3.090_232_3, 1e-7));
    assert!(close(normal_quantile(1e-10), -6.361_340_9, 1e-6));
    assert!(close(normal_quantile(0.5), 0.0, 1e-15));
    assert!(close(normal_quantile(0.8), 0.841_621_2, 1e-7));
}

#[test]
fn p_values_invert_the_quantile() {
    assert!(close(two_sided_p(1.959_964), 0.05, 1e-6));
    assert!(close(two_sided_p(-2.575_829), 0.01, 1e-6));
    assert!(close(two_sided_p(0.0), 1.0, 1e-15));
}

/// The margin table of French barometer notices (95 %, simple random sample), in
/// points, rounded to one decimal as printed.
#[test]
fn margins_match_the_published_table() {
    let z = z_for_confidence(0.95);
    let points = |p: f64, n: f64| {
        let m = margin_of_error(p / 100.0, n, z, None).unwrap() * 100.0;
        (m * 10.0).round() / 10.0
    };
    // The issue's own case: n = 1 000, p = 20 % gives ±2.5 points.
    assert_eq!(points(20.0, 1000.0), 2.5);
    let published = [
        (1000.0, [1.4, 1.9, 2.5, 2.8, 3.0, 3.1]),
        (500.0, [1.9, 2.6, 3.5, 4.0, 4.3, 4.4]),
        (100.0, [4.3, 5.9, 7.8, 9.0, 9.6, 9.8]),
    ];
    for (n, row) in published {
        for (p, expected) in [5.0, 10.0, 20.0, 30.0, 40.0, 50.0].into_iter().zip(row) {
            assert_eq!(points(p, n), expected, "n = {n}, p = {p} %");
            // p and 1 − p have the same margin.
            assert_eq!(
                points(100.0 - p, n),
                expected,
                "n = {n}, p = {} %",
                100.0 - p
            );
        }
    }
}

#[test]
fn finite_population_correction_narrows_the_margin() {
    let z = z_for_confidence(0.95);
    let srs = margin_of_error(0.5, 1000.0, z, None).unwrap();
    // Half of a population of 2 000 asked: √(1 000 / 1 999) of the margin.
    let fpc = margin_of_error(0.5, 1000.0, z, Some(2000.0)).unwrap();
    assert!(close(fpc / srs, (1000.0_f64 / 1999.0).sqrt(), 1e-12));
    assert!(close(fpc * 100.0, 2.19, 0.005));
    // The whole population asked: no sampling error at all.
    assert_eq!(margin_of_error(0.5, 2000.0, z, Some(2000.0)), Some(0.0));
    // A population smaller than the sample is a mistake the correction ignores.
    assert_eq!(margin_of_error(0.5, 1000.0, z, Some(10.0)), Some(srs));
}

/// With a design effect, the correction reads the actual sample, not its effective
/// size: the whole population asked has no sampling error whatever the weights.
#[test]
fn the_correction_reads_the_actual_sample() {
    assert_eq!(finite_population_correction(1010.0, Some(1010.0)), 0.0);
    assert_eq!(finite_population_correction(1000.0, None), 1.0);
    let f = finite_population_correction(1010.0, Some(2000.0));
    assert!(close(f, (990.0_f64 / 1999.0).sqrt(), 1e-12));
    // z √(deff p(1−p)/n) √((N−n)/(N−1)), for deff 1.2, n 1 010, N 2 000, p 0.5.
    let m = margin_of_error(0.5, 1010.0 / 1.2, 1.959_964, None).unwrap() * f * 100.0;
    assert!(close(m, 2.38, 0.005), "{m}");
}

#[test]
fn margins_refuse_what_is_not_a_proportion_or_a_base() {
    let z = 1.96;
    assert_eq!(margin_of_error(1.2, 100.0, z, None), None);
    assert_eq!(margin_of_error(-0.1, 100.0, z, None), None);
    assert_eq!(margin_of_error(0.5, 0.0, z, None), None);
    assert_eq!(margin_of_error(0.5, f64::NAN, z, None), None);
    assert_eq!(margin_of_error(0.0, 100.0, z, None), Some(0.0));
}

#[test]
fn kish_effective_sample_sizes() {
    assert_eq!(kish_effective_n(&[1.0; 4]), Some(4.0));
    // (1 + 2)² / (1 + 4) = 9 / 5.
    assert!(close(kish_effective_n(&[1.0, 2.0]).unwrap(), 1.8, 1e-12));
    // Scaling the weights changes nothing.
    assert!(close(kish_effective_n(&[10.0, 20.0]).unwrap(), 1.8, 1e-12));
    assert_eq!(kish_effective_n(&[1.0, 0.0]), Some(1.0));
    assert_eq!(kish_effective_n(&[]), None);
    assert_eq!(kish_effective_n(&[0.0, 0.0]), None);
    assert_eq!(kish_effective_n(&[1.0, -1.0]), None);
    assert_eq!(kish_effective_n(&[1.0, f64::INFINITY]), None);
}

#[test]
fn design_effects_shrink_the_sample() {
    assert_eq!(effective_n(1000.0, Some(2.0)), 500.0);
    assert_eq!(effective_n(1000.0, None), 1000.0);
    assert_eq!(effective_n(1000.0, Some(0.0)), 1000.0);
    // A design effect of 2 widens the margin by √2.
    let z = 1.96;
    let plain = margin_of_error(0.3, 1000.0, z, None).unwrap();
    let design = margin_of_error(0.3, effective_n(1000.0, Some(2.0)), z, None).unwrap();
    assert!(close(design / plain, 2.0_f64.sqrt(), 1e-12));
}

/// Worked by hand: 50 % then 55 % of two samples of 1 000. Pooled p = 0.525, standard
/// error √(0.525 × 0.475 × 2 / 1 000) = 0.022 332, z = 0.05 / 0.022 332 = 2.239,
/// two-sided p = 0.025: significant at 95 %, not at 99 %.
#[test]
fn a_five_point_change_on_a_thousand_is_significant() {
    let t = two_proportion_test(0.50, 1000.0, 0.55, 1000.0).unwrap();
    assert!(close(t.z, 2.2389, 1e-4), "z = {}", t.z);
    assert!(close(t.p_value, 0.02516, 1e-4), "p = {}", t.p_value);
    assert!(t.significant(0.05));
    assert!(!t.significant(0.01));
    // The other way round, the sign changes and nothing else.
    let back = two_proportion_test(0.55, 1000.0, 0.50, 1000.0).unwrap();
    assert!(close(back.z, -t.z, 1e-12) && close(back.p_value, t.p_value, 1e-12));
}

/// Worked by hand: 40 % of 200, then 45 % of 150. Pooled p = (80 + 67.5) / 350 =
/// 0.421 43, standard error √(0.421 43 × 0.578 57 × (1/200 + 1/150)) = 0.053 33,
/// z = 0.938, p = 0.348: not significant.
#[test]
fn the_same_change_on_small_bases_is_not() {
    let t = two_proportion_test(0.40, 200.0, 0.45, 150.0).unwrap();
    assert!(close(t.z, 0.9376, 1e-3), "z = {}", t.z);
    assert!(close(t.p_value, 0.348, 1e-3), "p = {}", t.p_value);
    assert!(!t.significant(0.05));
}

#[test]
fn tests_refuse_missing_bases_and_accept_certainties() {
    assert_eq!(two_proportion_test(0.5, 0.0, 0.6, 100.0), None);
    assert_eq!(two_proportion_test(0.5, 100.0, 1.5, 100.0), None);
    let same = two_proportion_test(1.0, 100.0, 1.0, 300.0).unwrap();
    assert_eq!((same.z, same.p_value), (0.0, 1.0));
}

#[test]
fn small_bases() {
    assert_eq!(base_flag(29, 50, 30), BaseFlag::Suppressed);
    assert_eq!(base_flag(30, 50, 30), BaseFlag::Caution);
    assert_eq!(base_flag(49, 50, 30), BaseFlag::Caution);
    assert_eq!(base_flag(50, 50, 30), BaseFlag::Sufficient);
    assert_eq!(base_flag(0, 0, 0), BaseFlag::Sufficient);
}

#[test]
fn rounding_sums() {
    assert!(!rounding_sum_off(99.0));
    assert!(!rounding_sum_off(101.0));
    assert!(rounding_sum_off(98.9));
    assert!(rounding_sum_off(102.0));
}
