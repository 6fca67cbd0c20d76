//! Statistics: pure functions over numbers, and nothing else. The margin of error of a
//! proportion (with the finite-population correction and an effective sample size),
//! Kish's effective sample size from weights, the two-proportion z-test of a change
//! between editions, the small-base rule and the rounding check. Proportions are
//! fractions (0.2 for 20 %); margins and changes come back in the same unit.
//!
//! The normal distribution's quantile is Wichura's AS241 (accurate to about 1e-16) and
//! its tail comes from `libm::erfc`: a statistics crate would bring a linear-algebra
//! library into the build for two functions.

/// The z value of a two-sided confidence level: 1.96 for 0.95.
///
/// `confidence` must lie strictly between 0 and 1.
pub fn z_for_confidence(confidence: f64) -> f64 {
    normal_quantile(1.0 - (1.0 - confidence) / 2.0)
}

/// The standard normal quantile: the `x` with P(Z ≤ x) = `p` (Wichura, AS241, PPND16).
pub fn normal_quantile(p: f64) -> f64 {
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let x = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -x } else { x }
}

/// Two-sided p-value of a standard normal statistic `z`: P(|Z| ≥ |z|).
pub fn two_sided_p(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Margin of error of proportion `p` measured on `n` respondents (effective), at the
/// confidence whose z value is `z`: z·√(p(1−p)/n), times the finite-population
/// correction √((N−n)/(N−1)) when the population's size `population` is known.
///
/// `None` when there is no respondent, or when `p` is not a proportion.
pub fn margin_of_error(p: f64, n: f64, z: f64, population: Option<f64>) -> Option<f64> {
    if !(0.0..=1.0).contains(&p) || !n.is_finite() || n <= 0.0 {
        return None;
    }
    let fpc = match population {
        Some(pop) if pop > 1.0 && pop >= n => ((pop - n) / (pop - 1.0)).sqrt(),
        _ => 1.0,
    };
    Some(z * (p * (1.0 - p) / n).sqrt() * fpc)
}

/// The finite-population correction of a sample of `n` respondents (the actual count,
/// not an effective size) drawn from a population of `population`: √((N − n)/(N − 1)).
/// 1 when the population is unknown or not larger than one.
pub fn finite_population_correction(n: f64, population: Option<f64>) -> f64 {
    match population {
        Some(pop) if pop > 1.0 && pop >= n => ((pop - n) / (pop - 1.0)).sqrt(),
        _ => 1.0,
    }
}

/// Kish's effective sample size of weighted respondents: (Σw)² / Σw².
///
/// `None` for an empty list, a weight that is negative or not finite, or weights that
/// are all zero.
pub fn kish_effective_n(weights: &[f64]) -> Option<f64> {
    if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
        return None;
    }
    let sum: f64 = weights.iter().sum();
    let squares: f64 = weights.iter().map(|w| w * w).sum();
    (squares > 0.0).then(|| sum * sum / squares)
}

/// The effective sample size of `n` respondents under design effect `deff` (n / deff);
/// `n` itself without one.
pub fn effective_n(n: f64, deff: Option<f64>) -> f64 {
    match deff {
        Some(d) if d > 0.0 => n / d,
        _ => n,
    }
}

/// A two-proportion z-test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZTest {
    /// The statistic: (p2 − p1) / standard error, with the pooled proportion.
    pub z: f64,
    /// Its two-sided p-value.
    pub p_value: f64,
}

impl ZTest {
    /// True when the change is significant at level `alpha` (0.05 for 95 %).
    pub fn significant(&self, alpha: f64) -> bool {
        self.p_value < alpha
    }
}

/// The z-test of a change from proportion `p1` on `n1` respondents to `p2` on `n2`
/// (independent samples, pooled proportion).
///
/// `None` when a base is not positive or a value is not a proportion. Two proportions
/// both 0 or both 1 are equal: z = 0, p = 1.
pub fn two_proportion_test(p1: f64, n1: f64, p2: f64, n2: f64) -> Option<ZTest> {
    let proportion = 0.0..=1.0;
    if !proportion.contains(&p1) || !proportion.contains(&p2) || n1 <= 0.0 || n2 <= 0.0 {
        return None;
    }
    if !n1.is_finite() || !n2.is_finite() {
        return None;
    }
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se == 0.0 {
        return Some(ZTest {
            z: 0.0,
            p_value: 1.0,
        });
    }
    let z = (p2 - p1) / se;
    Some(ZTest {
        z,
        p_value: two_sided_p(z),
    })
}

/// How far a base can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BaseFlag {
    /// At or above the caution threshold.
    Sufficient,
    /// Below the caution threshold: to be read with caution.
    Caution,
    /// Below the suppression threshold: the figure is not shown.
    Suppressed,
}

/// The flag of a base of `n` respondents: suppressed below `suppress_below`, caution
/// below `caution_below`.
pub fn base_flag(n: u32, caution_below: u32, suppress_below: u32) -> BaseFlag {
    if n < suppress_below {
        BaseFlag::Suppressed
    } else if n < caution_below {
        BaseFlag::Caution
    } else {
        BaseFlag::Sufficient
    }
}

/// True when a single-choice question's published percentages, which should add up to
/// 100, add up to something rounding cannot explain (outside 99–101).
pub fn rounding_sum_off(sum: f64) -> bool {
    !(99.0..=101.0).contains(&sum)
}

fn poly(c: &[f64; 8], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, k| acc * x + k)
}

// The coefficients of AS241 as Wichura published them (more digits than an f64 keeps).
#[allow(clippy::excessive_precision)]
const A: [f64; 8] = [
    3.387_132_872_796_366_5,
    133.141_667_891_784_38,
    1_971.590_950_306_551_3,
    13_731.693_765_509_461,
    45_921.953_931_549_87,
    67_265.770_927_008_7,
    33_430.575_583_588_13,
    2_509.080_928_730_122_7,
];
#[allow(clippy::excessive_precision)]
const B: [f64; 8] = [
    1.0,
    42.313_330_701_600_91,
    687.187_007_492_057_9,
    5_394.196_021_424_751,
    21_213.794_301_586_597,
    39_307.895_800_092_71,
    28_729.085_735_721_943,
    5_226.495_278_852_545,
];
#[allow(clippy::excessive_precision)]
const C: [f64; 8] = [
    1.423_437_110_749_683_5,
    4.630_337_846_156_546,
    5.769_497_221_460_691,
    3.647_848_324_763_204_5,
    1.270_458_252_452_368_4,
    0.241_780_725_177_450_6,
    0.022_723_844_989_269_184,
    7.745_450_142_783_414e-4,
];
#[allow(clippy::excessive_precision)]
const D: [f64; 8] = [
    1.0,
    2.053_191_626_637_759,
    1.676_384_830_183_803_8,
    0.689_767_334_985_1,
    0.148_103_976_427_480_08,
    0.015_198_666_563_616_457,
    5.475_938_084_995_345e-4,
    1.050_750_071_644_416_9e-9,
];
#[allow(clippy::excessive_precision)]
const E: [f64; 8] = [
    6.657_904_643_501_103,
    5.463_784_911_164_114,
    1.784_826_539_917_291_3,
    0.296_560_571_828_504_9,
    0.026_532_189_526_576_124,
    0.001_242_660_947_388_078_4,
    2.711_555_568_743_487_6e-5,
    2.010_334_399_292_288_1e-7,
];
#[allow(clippy::excessive_precision)]
const F: [f64; 8] = [
    1.0,
    0.599_832_206_555_888,
    0.136_929_880_922_735_8,
    0.014_875_361_290_850_615,
    7.868_691_311_456_133e-4,
    1.846_318_317_510_054_8e-5,
    1.421_511_758_316_446e-7,
    2.044_263_103_389_939_7e-15,
];

#[cfg(test)]
mod tests;
