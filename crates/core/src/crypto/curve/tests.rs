//! Arithmetic checks against known values and against slow, obviously
//! right constructions (double-and-add, Fermat inversion).

use super::ecdsa::CurveKey;
use super::limbs::{self, Limbs};
use super::modulus::{Modulus, Mont, Plain};
use super::point::{Affine, Curve, Jacobian};
use super::table::FixedBaseTable;
use super::{p256, p384, p521};

/// `a^e mod m` for Montgomery-form `a`, by square-and-multiply.
fn pow<const N: usize>(m: &Modulus<N>, a: &Mont<N>, exponent: &Limbs<N>) -> Mont<N> {
    let mut result = m.montgomery_one();
    for bit in (0..32 * N).rev() {
        result = m.square(&result);
        if exponent[bit / 32] >> (bit % 32) & 1 == 1 {
            result = m.mul(&result, a);
        }
    }
    result
}

/// `k P` by plain double-and-add over `add_affine` (exceptional cases and
/// all).
fn double_and_add<const N: usize>(
    curve: &Curve<N>,
    point: &Affine<N>,
    k: &Limbs<N>,
) -> Jacobian<N> {
    let mut sum = Jacobian::INFINITY;
    for bit in (0..32 * N).rev() {
        sum = curve.double(&sum);
        if k[bit / 32] >> (bit % 32) & 1 == 1 {
            sum = curve.add_affine(&sum, point);
        }
    }
    sum
}

/// `a` as a residue mod `m` (the tests' constants are below it).
fn plain<const N: usize>(m: &Modulus<N>, a: Limbs<N>) -> Plain<N> {
    m.residue(a).expect("below the modulus")
}

/// `a` in Montgomery form mod `m`.
fn mont<const N: usize>(m: &Modulus<N>, a: Limbs<N>) -> Mont<N> {
    m.to_montgomery(&plain(m, a))
}

fn affine<const N: usize>(curve: &Curve<N>, point: &Jacobian<N>) -> Option<Affine<N>> {
    curve.to_affine_batch(&[*point]).map(|points| points[0])
}

/// A deterministic stream of scalars (xorshift), reduced below `n`.
fn scalars<const N: usize>(curve: &Curve<N>, count: usize) -> impl Iterator<Item = Limbs<N>> + '_ {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..count).map(move |_| {
        let mut k = [0u32; N];
        for limb in &mut k {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *limb = state as u32;
        }
        while !curve.n.contains(&k) {
            k[N - 1] >>= 1;
        }
        k
    })
}

#[test]
fn montgomery_constants_round_trip() {
    for m in [&p256::CURVE.p, &p256::CURVE.n] {
        let a: Limbs<8> =
            limbs::from_hex("0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0");
        assert_eq!(m.out_of_montgomery(&mont(m, a)), plain(m, a));
        assert_eq!(
            m.out_of_montgomery(&m.montgomery_one()),
            plain(m, limbs::one())
        );
    }
}

#[test]
fn p256_field_products_match_known_values() {
    let p = &p256::CURVE.p;
    // (p - 1)^2 = 1 mod p.
    let minus_one = mont(p, limbs::sub(p.value(), &limbs::one()).0);
    assert_eq!(
        p.out_of_montgomery(&p.square(&minus_one)),
        plain(p, limbs::one())
    );
    // 2^128 * 2^128 = 2^256 = 2^224 - 2^192 - 2^96 + 1 mod p.
    let two_128: Limbs<8> =
        limbs::from_hex("0000000000000000000000000000000100000000000000000000000000000000");
    let product = p.out_of_montgomery(&p.mul(&mont(p, two_128), &mont(p, two_128)));
    let expected: Limbs<8> =
        limbs::from_hex("00000000fffffffeffffffffffffffffffffffff000000000000000000000001");
    assert_eq!(product.limbs(), &expected);
    // 2 - 3 = p - 1; -0 = 0.
    let two = mont(p, limbs::from_small(2));
    let three = mont(p, limbs::from_small(3));
    assert_eq!(p.sub(&two, &three), minus_one);
    assert_eq!(p.neg(&Mont::ZERO), Mont::ZERO);
    assert_eq!(p.add(&minus_one, &p.montgomery_one()), Mont::ZERO);
}

#[test]
fn inversion_agrees_with_fermat() {
    fn check<const N: usize>(curve: &Curve<N>) {
        for m in [&curve.p, &curve.n] {
            let exponent = limbs::sub(m.value(), &limbs::from_small(2)).0;
            for a in
                scalars(curve, 20).chain([limbs::one(), limbs::sub(m.value(), &limbs::one()).0])
            {
                let a_montgomery = mont(m, a);
                let fermat = pow(m, &a_montgomery, &exponent);
                assert_eq!(m.invert_montgomery(&a_montgomery), Some(fermat));
                let inverse = m.invert(&plain(m, a)).expect("invertible");
                assert_eq!(m.mul_plain(&a_montgomery, &inverse), plain(m, limbs::one()));
            }
            assert_eq!(m.invert(&plain(m, [0; N])), None);
            // m itself is no residue at all.
            assert_eq!(m.residue(*m.value()), None);
        }
    }
    check(&p256::CURVE);
    check(&p384::CURVE);
    check(&p521::CURVE);
}

#[test]
fn doubling_through_the_addition_path_and_negation_to_infinity() {
    fn check<const N: usize>(curve: &Curve<N>) {
        let g = curve.generator().expect("G is on the curve");
        let g_jacobian = curve.to_jacobian(&g);
        // P + P through the mixed addition is the doubling.
        let doubled = affine(curve, &curve.double(&g_jacobian));
        assert_eq!(affine(curve, &curve.add_affine(&g_jacobian, &g)), doubled);
        assert_eq!(affine(curve, &curve.add(&g_jacobian, &g_jacobian)), doubled);
        // A non-trivial Z on the Jacobian side.
        let two_g = curve.double(&g_jacobian);
        let two_g_affine = doubled.expect("2G is finite");
        let four_g = affine(curve, &curve.double(&two_g));
        assert_eq!(
            affine(curve, &curve.add_affine(&two_g, &two_g_affine)),
            four_g
        );
        assert_eq!(affine(curve, &curve.add(&two_g, &two_g)), four_g);
        // P + (-P) = infinity, both ways round and in both formulas.
        assert!(
            curve
                .add_affine(&two_g, &curve.negate(&two_g_affine))
                .is_infinity()
        );
        let minus_two_g = curve.to_jacobian(&curve.negate(&two_g_affine));
        assert!(curve.add(&two_g, &minus_two_g).is_infinity());
        assert!(curve.add(&minus_two_g, &two_g).is_infinity());
        // Infinity is the identity.
        assert_eq!(
            affine(curve, &curve.add_affine(&Jacobian::INFINITY, &g)),
            Some(g)
        );
        assert_eq!(
            affine(curve, &curve.add(&Jacobian::INFINITY, &two_g)),
            doubled
        );
        assert_eq!(
            affine(curve, &curve.add(&two_g, &Jacobian::INFINITY)),
            doubled
        );
        assert!(curve.double(&Jacobian::INFINITY).is_infinity());
        // 3G = 2G + G = G + 2G.
        assert_eq!(
            affine(curve, &curve.add_affine(&two_g, &g)),
            affine(curve, &curve.add(&g_jacobian, &two_g))
        );
    }
    check(&p256::CURVE);
    check(&p384::CURVE);
    check(&p521::CURVE);
}

#[test]
fn co_z_doubling_and_addition() {
    fn check<const N: usize>(curve: &Curve<N>) {
        let g = curve.generator().expect("G is on the curve");
        let g_jacobian = curve.to_jacobian(&g);
        let (two_g, g_rescaled) = curve.double_co_z(&g_jacobian);
        assert_eq!(two_g.z, g_rescaled.z);
        assert_eq!(affine(curve, &g_rescaled), Some(g));
        assert_eq!(
            affine(curve, &two_g),
            affine(curve, &curve.double(&g_jacobian))
        );
        // G + 2G, with G rescaled to the sum's Z.
        let (three_g, g_again) = curve.add_co_z(&g_rescaled, &two_g).expect("distinct x");
        assert_eq!(three_g.z, g_again.z);
        assert_eq!(affine(curve, &g_again), Some(g));
        assert_eq!(
            affine(curve, &three_g),
            affine(curve, &curve.add_affine(&two_g, &g))
        );
        // Same x (P + P, P + (-P)), different Z or infinity: refused.
        assert!(curve.add_co_z(&g_rescaled, &g_rescaled).is_none());
        let minus_g = Jacobian {
            y: curve.p.neg(&g_rescaled.y),
            ..g_rescaled
        };
        assert!(curve.add_co_z(&g_rescaled, &minus_g).is_none());
        assert!(curve.add_co_z(&g_jacobian, &two_g).is_none());
        assert!(curve.add_co_z(&Jacobian::INFINITY, &two_g).is_none());
    }
    check(&p256::CURVE);
    check(&p384::CURVE);
    check(&p521::CURVE);
}

#[test]
fn n_times_g_is_infinity() {
    fn check<const N: usize>(curve: &Curve<N>) {
        let g = curve.generator().expect("G is on the curve");
        assert!(double_and_add(curve, &g, curve.n.value()).is_infinity());
        let n_minus_1 = limbs::sub(curve.n.value(), &limbs::one()).0;
        assert_eq!(
            affine(curve, &double_and_add(curve, &g, &n_minus_1)),
            Some(curve.negate(&g))
        );
    }
    check(&p256::CURVE);
    check(&p384::CURVE);
    check(&p521::CURVE);
}

#[test]
fn p256_two_g_matches_the_published_value() {
    let curve = &p256::CURVE;
    let g = curve.generator().expect("G is on the curve");
    let two_g = affine(curve, &curve.double(&curve.to_jacobian(&g))).expect("finite");
    let x: Limbs<8> =
        limbs::from_hex("7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978");
    let y: Limbs<8> =
        limbs::from_hex("07775510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1");
    assert_eq!(curve.p.out_of_montgomery(&two_g.x).limbs(), &x);
    assert_eq!(curve.p.out_of_montgomery(&two_g.y).limbs(), &y);
}

#[test]
fn table_entries_and_sums_match_double_and_add() {
    fn check<const N: usize, const W: usize>(curve: &Curve<N>) {
        let g = curve.generator().expect("G is on the curve");
        let base = affine(
            curve,
            &double_and_add(curve, &g, &limbs::from_small(0x1234_5679)),
        )
        .expect("finite");
        let table = FixedBaseTable::<N, W>::new(curve, &base).expect("table");
        let entries = 1usize << (W - 1);
        for window in [0, 1, 7, FixedBaseTable::<N, W>::WINDOWS - 1] {
            for multiple in 1..=entries {
                // k = multiple * 2^(W window), as limbs (may exceed n: fine).
                let mut k = [0u32; N];
                let bit = W * window;
                if bit < 32 * N {
                    k[bit / 32] = (multiple as u32) << (bit % 32);
                    if bit % 32 + W > 32 && bit / 32 + 1 < N {
                        k[bit / 32 + 1] = (multiple as u32) >> (32 - bit % 32);
                    }
                    let expected = affine(curve, &double_and_add(curve, &base, &k));
                    assert_eq!(
                        Some(table.entry(window, multiple)),
                        expected,
                        "window {window} x{multiple}"
                    );
                }
            }
        }
        let n_minus_1 = limbs::sub(curve.n.value(), &limbs::one()).0;
        let all_ones = [u32::MAX; N];
        for k in scalars(curve, 8).chain([limbs::one(), n_minus_1, all_ones]) {
            let sum = table.add_multiple(curve, Jacobian::INFINITY, &k);
            assert_eq!(
                affine(curve, &sum),
                affine(curve, &double_and_add(curve, &base, &k))
            );
        }
        // k = n: every digit adds up to infinity.
        assert!(
            table
                .add_multiple(curve, Jacobian::INFINITY, curve.n.value())
                .is_infinity()
        );
    }
    // The widths in use (keys 4, G 6 / 5) and one more.
    check::<8, 4>(&p256::CURVE);
    check::<8, 5>(&p256::CURVE);
    check::<8, 6>(&p256::CURVE);
    check::<12, 4>(&p384::CURVE);
    check::<12, 5>(&p384::CURVE);
    check::<17, 4>(&p521::CURVE);
    check::<17, 5>(&p521::CURVE);
}

#[test]
fn keys_off_the_curve_or_out_of_range_are_refused() {
    let curve = &p256::CURVE;
    let x = curve.generator.0;
    let y = curve.generator.1;
    let bytes = |limbs: &Limbs<8>| -> [u8; 32] {
        let mut out = [0u8; 32];
        for (chunk, limb) in out.rchunks_exact_mut(4).zip(limbs) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        out
    };
    assert!(CurveKey::<8, 4>::new(curve, &bytes(&x), &bytes(&y)).is_some());
    // y + 1: off the curve.
    let y_plus_1 = limbs::add(&y, &limbs::one()).0;
    assert!(CurveKey::<8, 4>::new(curve, &bytes(&x), &bytes(&y_plus_1)).is_none());
    // Coordinates >= p are refused whatever they would reduce to.
    let p = *curve.p.value();
    assert!(CurveKey::<8, 4>::new(curve, &bytes(&p), &bytes(&y)).is_none());
    assert!(CurveKey::<8, 4>::new(curve, &bytes(&x), &bytes(&p)).is_none());
    assert!(CurveKey::<8, 4>::new(curve, &[0xff; 32], &bytes(&y)).is_none());
    // p - y is the negated point: valid.
    let minus_y = limbs::sub(&p, &y).0;
    assert!(CurveKey::<8, 4>::new(curve, &bytes(&x), &bytes(&minus_y)).is_some());
    // (0, 0) (a common "infinity" encoding) and wrong lengths.
    assert!(CurveKey::<8, 4>::new(curve, &[0; 32], &[0; 32]).is_none());
    assert!(CurveKey::<8, 4>::new(curve, &bytes(&x)[1..], &bytes(&y)).is_none());
}

#[test]
fn key_table_sizes() {
    let key = p256::ES256
        .checked_key(
            &hex32("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
            &hex32("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
        )
        .expect("G is a valid key");
    // 65 windows x 8 multiples x 64 bytes, built on first use and kept.
    assert!(!key.has_table(), "loading a key builds no table");
    let table = key.table(&p256::CURVE).expect("G has prime order");
    assert_eq!(table.bytes(), 65 * 8 * 64);
    let again = key.table(&p256::CURVE).expect("built");
    assert!(core::ptr::eq(table, again));
}

fn hex32(hex: &str) -> [u8; 32] {
    let limbs: Limbs<8> = limbs::from_hex(hex);
    let mut out = [0u8; 32];
    for (chunk, limb) in out.rchunks_exact_mut(4).zip(&limbs) {
        chunk.copy_from_slice(&limb.to_be_bytes());
    }
    out
}

#[test]
fn p521_field_products_match_known_values() {
    let p = &p521::CURVE.p;
    // 2^260 * 2^261 = 2^521 = 1 mod 2^521 - 1: the reduction wraps the
    // top of a 17-limb product whose top limb holds only 9 bits.
    let mut two_260 = [0u32; 17];
    two_260[260 / 32] = 1 << (260 % 32);
    let mut two_261 = [0u32; 17];
    two_261[261 / 32] = 1 << (261 % 32);
    let product = p.out_of_montgomery(&p.mul(&mont(p, two_260), &mont(p, two_261)));
    assert_eq!(product, plain(p, limbs::one()));
    // (p - 1)^2 = 1; (p - 1) + 1 = 0.
    let minus_one = mont(p, limbs::sub(p.value(), &limbs::one()).0);
    assert_eq!(
        p.out_of_montgomery(&p.square(&minus_one)),
        plain(p, limbs::one())
    );
    assert_eq!(p.add(&minus_one, &p.montgomery_one()), Mont::ZERO);
    assert_eq!(limbs::bit_length(p.value()), 521);
    assert_eq!(limbs::bit_length(p521::CURVE.n.value()), 521);
}

#[test]
fn p521_two_g_matches_the_published_value() {
    let curve = &p521::CURVE;
    let g = curve.generator().expect("G is on the curve");
    let two_g = affine(curve, &curve.double(&curve.to_jacobian(&g))).expect("finite");
    let x: Limbs<17> = limbs::from_hex(
        "000000433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505d769be97b3b204da6ef55507aa104a3a35c5af41cf2fa364d60fd967f43e3933ba6d783d",
    );
    let y: Limbs<17> = limbs::from_hex(
        "000000f4bb8cc7f86db26700a7f3eceeeed3f0b5c6b5107c4da97740ab21a29906c42dbbb3e377de9f251f6b93937fa99a3248f4eafcbe95edc0f4f71be356d661f41b02",
    );
    assert_eq!(curve.p.out_of_montgomery(&two_g.x).limbs(), &x);
    assert_eq!(curve.p.out_of_montgomery(&two_g.y).limbs(), &y);
}

#[test]
fn p521_keys_are_66_bytes_below_p_and_on_the_curve() {
    let curve = &p521::CURVE;
    let bytes = p521_bytes;
    let (x, y) = curve.generator;
    assert!(CurveKey::<17, 4>::new(curve, &bytes(&x), &bytes(&y)).is_some());
    let y_plus_1 = limbs::add(&y, &limbs::one()).0;
    assert!(CurveKey::<17, 4>::new(curve, &bytes(&x), &bytes(&y_plus_1)).is_none());
    // p itself, and bits above 521 (first byte over 0x01), are refused.
    let p = *curve.p.value();
    assert!(CurveKey::<17, 4>::new(curve, &bytes(&p), &bytes(&y)).is_none());
    let mut high = bytes(&x);
    high[0] |= 0x02;
    assert!(CurveKey::<17, 4>::new(curve, &high, &bytes(&y)).is_none());
    // p - y is the negated point: valid.
    let minus_y = limbs::sub(&p, &y).0;
    assert!(CurveKey::<17, 4>::new(curve, &bytes(&x), &bytes(&minus_y)).is_some());
    // 65 or 68 bytes (the limbs' width) are not the wire length.
    assert!(CurveKey::<17, 4>::new(curve, &bytes(&x)[1..], &bytes(&y)).is_none());
    let mut wide = [0u8; 68];
    wide[2..].copy_from_slice(&bytes(&x));
    assert!(CurveKey::<17, 4>::new(curve, &wide, &wide).is_none());
    assert!(CurveKey::<17, 4>::new(curve, &[0; 66], &[0; 66]).is_none());
}

#[test]
fn p521_key_table_size() {
    let curve = &p521::CURVE;
    let key = CurveKey::<17, 4>::new(
        curve,
        &p521_bytes(&curve.generator.0),
        &p521_bytes(&curve.generator.1),
    )
    .expect("G is a valid key");
    // 137 windows (544 bits / 4, plus one) x 8 multiples x 136 bytes.
    let table = key.table(curve).expect("G has prime order");
    assert_eq!(table.bytes(), 137 * 8 * 136);
}

/// The low 66 bytes (the wire length) of a 17-limb number.
fn p521_bytes(limbs: &Limbs<17>) -> [u8; 66] {
    let mut wide = [0u8; 68];
    for (chunk, limb) in wide.rchunks_exact_mut(4).zip(limbs) {
        chunk.copy_from_slice(&limb.to_be_bytes());
    }
    let mut out = [0u8; 66];
    out.copy_from_slice(&wide[2..]);
    out
}

#[test]
fn curve_constants_are_residues() {
    // `Modulus::constant` takes `b` and small numbers unchecked.
    fn check<const N: usize>(curve: &Curve<N>) {
        assert!(curve.p.contains(&curve.b));
        assert!(curve.p.contains(&limbs::from_small(3)));
    }
    check(&p256::CURVE);
    check(&p384::CURVE);
    check(&p521::CURVE);
}
