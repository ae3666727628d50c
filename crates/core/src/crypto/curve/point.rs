//! Points of a short Weierstrass curve `y^2 = x^3 - 3x + b` over `F_p`, in
//! affine and Jacobian coordinates (`x = X/Z^2`, `y = Y/Z^3`).
//!
//! Incomplete formulas with every exceptional case handled explicitly
//! (complete formulas cost about twice as much per addition). The cases:
//! either input at infinity, `P + P` (the addition formula would give 0/0:
//! it becomes a doubling) and `P + (-P)` (infinity). Doubling needs no
//! special case beyond infinity: prime-order curves have no point with
//! `y = 0`. Coordinates are in Montgomery form ([`Mont`]).

use super::limbs::{self, Limbs};
use super::modulus::{Modulus, Mont};
use alloc::vec::Vec;

/// A finite point in affine coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Affine<const N: usize> {
    pub(crate) x: Mont<N>,
    pub(crate) y: Mont<N>,
}

/// A point in Jacobian coordinates; `Z = 0` is the point at infinity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian<const N: usize> {
    pub(crate) x: Mont<N>,
    pub(crate) y: Mont<N>,
    pub(crate) z: Mont<N>,
}

impl<const N: usize> Jacobian<N> {
    pub(crate) const INFINITY: Self = Jacobian {
        x: Mont::ZERO,
        y: Mont::ZERO,
        z: Mont::ZERO,
    };

    pub(crate) fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }
}

/// A curve `y^2 = x^3 - 3x + b` of prime order `n` (cofactor 1).
#[derive(Debug)]
pub(crate) struct Curve<const N: usize> {
    /// The field prime.
    pub(crate) p: Modulus<N>,
    /// The group order.
    pub(crate) n: Modulus<N>,
    /// Bytes of a coordinate or scalar on the wire: `ceil(bits(p) / 8)`,
    /// below the limbs' `4 N` for P-521 (66 of 68).
    pub(crate) field_bytes: usize,
    /// `b`, plain (not Montgomery).
    pub(crate) b: Limbs<N>,
    /// The generator's coordinates, plain.
    pub(crate) generator: (Limbs<N>, Limbs<N>),
}

impl<const N: usize> Curve<N> {
    /// The affine point for plain coordinates `x, y < p` on the curve, or
    /// `None` (off the curve, or a coordinate not reduced).
    pub(crate) fn point(&self, x: &Limbs<N>, y: &Limbs<N>) -> Option<Affine<N>> {
        let p = &self.p;
        let (x, y) = (p.residue_to_montgomery(x)?, p.residue_to_montgomery(y)?);
        let b = p.constant(&self.b);
        // x^3 - 3x + b = (x^2 - 3) x + b
        let x_squared = p.square(&x);
        let three = p.constant(&limbs::from_small(3));
        let rhs = p.add(&p.mul(&p.sub(&x_squared, &three), &x), &b);
        (p.square(&y) == rhs).then_some(Affine { x, y })
    }

    /// The generator `G`.
    pub(crate) fn generator(&self) -> Option<Affine<N>> {
        self.point(&self.generator.0, &self.generator.1)
    }

    pub(crate) fn negate(&self, point: &Affine<N>) -> Affine<N> {
        Affine {
            x: point.x,
            y: self.p.neg(&point.y),
        }
    }

    pub(crate) fn to_jacobian(&self, point: &Affine<N>) -> Jacobian<N> {
        Jacobian {
            x: point.x,
            y: point.y,
            z: self.p.montgomery_one(),
        }
    }

    /// `2P` ("dbl-2001-b", a = -3): 3M + 5S.
    pub(crate) fn double(&self, point: &Jacobian<N>) -> Jacobian<N> {
        self.double_co_z(point).0
    }

    /// `2P`, and `P` rescaled to `2P`'s `Z` for free ("DBLU"): the pair a
    /// co-Z addition chain starts from. With `Z' = 2YZ = Z * 2Y`, `P` is
    /// `(X (2Y)^2, Y (2Y)^3, Z') = (4 beta, 8 gamma^2, Z')`, both computed
    /// by the doubling anyway.
    pub(crate) fn double_co_z(&self, point: &Jacobian<N>) -> (Jacobian<N>, Jacobian<N>) {
        if point.is_infinity() {
            return (*point, *point);
        }
        let p = &self.p;
        let delta = p.square(&point.z);
        let gamma = p.square(&point.y);
        let beta = p.mul(&point.x, &gamma);
        // alpha = 3 (X - delta)(X + delta) = 3X^2 - 3Z^4 (a = -3).
        let product = p.mul(&p.sub(&point.x, &delta), &p.add(&point.x, &delta));
        let alpha = p.add(&p.add(&product, &product), &product);
        let beta4 = double_twice(p, &beta);
        let x = p.sub(&p.square(&alpha), &p.add(&beta4, &beta4));
        let y_plus_z = p.add(&point.y, &point.z);
        let z = p.sub(&p.sub(&p.square(&y_plus_z), &gamma), &delta);
        let gamma_squared = p.square(&gamma);
        let gamma8 = p.add(
            &double_twice(p, &gamma_squared),
            &double_twice(p, &gamma_squared),
        );
        let y = p.sub(&p.mul(&alpha, &p.sub(&beta4, &x)), &gamma8);
        let rescaled = Jacobian {
            x: beta4,
            y: gamma8,
            z,
        };
        (Jacobian { x, y, z }, rescaled)
    }

    /// `P + Q` for `P`, `Q` sharing one `Z` (co-Z "ZADDU", Meloni 2007):
    /// 5M + 2S, and `P` rescaled to the sum's `Z`, ready for the next
    /// addition of `P`. `None` when `x(P) = x(Q)` (`Q = P` or `Q = -P`),
    /// which a chain of small multiples of a point of prime order never
    /// meets; neither input may be at infinity.
    pub(crate) fn add_co_z(
        &self,
        first: &Jacobian<N>,
        second: &Jacobian<N>,
    ) -> Option<(Jacobian<N>, Jacobian<N>)> {
        if first.is_infinity() || second.is_infinity() || first.z != second.z {
            return None;
        }
        let p = &self.p;
        let x_difference = p.sub(&first.x, &second.x);
        if x_difference.is_zero() {
            return None;
        }
        let c = p.square(&x_difference);
        let w1 = p.mul(&first.x, &c);
        let w2 = p.mul(&second.x, &c);
        let y_difference = p.sub(&first.y, &second.y);
        let d = p.square(&y_difference);
        let a1 = p.mul(&first.y, &p.sub(&w1, &w2));
        let x = p.sub(&p.sub(&d, &w1), &w2);
        let y = p.sub(&p.mul(&y_difference, &p.sub(&w1, &x)), &a1);
        let z = p.mul(&first.z, &x_difference);
        Some((Jacobian { x, y, z }, Jacobian { x: w1, y: a1, z }))
    }

    /// `P + A` with `A` affine ("madd-2007-bl" shape): 8M + 3S.
    pub(crate) fn add_affine(&self, point: &Jacobian<N>, other: &Affine<N>) -> Jacobian<N> {
        if point.is_infinity() {
            return self.to_jacobian(other);
        }
        let p = &self.p;
        let z1z1 = p.square(&point.z);
        let u2 = p.mul(&other.x, &z1z1);
        let s2 = p.mul(&other.y, &p.mul(&point.z, &z1z1));
        let h = p.sub(&u2, &point.x);
        let r = p.sub(&s2, &point.y);
        if h.is_zero() {
            // Same x: the same point (double it) or its negation (infinity).
            return if r.is_zero() {
                self.double(point)
            } else {
                Jacobian::INFINITY
            };
        }
        let hh = p.square(&h);
        let hhh = p.mul(&h, &hh);
        let v = p.mul(&point.x, &hh);
        let x = p.sub(&p.sub(&p.square(&r), &hhh), &p.add(&v, &v));
        let y = p.sub(&p.mul(&r, &p.sub(&v, &x)), &p.mul(&point.y, &hhh));
        let z = p.mul(&point.z, &h);
        Jacobian { x, y, z }
    }

    /// `P + Q`, both Jacobian ("add-1998-cmo-2" shape): 12M + 4S. The
    /// tables use co-Z additions instead; this is the tests' reference.
    #[cfg(test)]
    pub(crate) fn add(&self, first: &Jacobian<N>, second: &Jacobian<N>) -> Jacobian<N> {
        if first.is_infinity() {
            return *second;
        }
        if second.is_infinity() {
            return *first;
        }
        let p = &self.p;
        let z1z1 = p.square(&first.z);
        let z2z2 = p.square(&second.z);
        let u1 = p.mul(&first.x, &z2z2);
        let u2 = p.mul(&second.x, &z1z1);
        let s1 = p.mul(&first.y, &p.mul(&second.z, &z2z2));
        let s2 = p.mul(&second.y, &p.mul(&first.z, &z1z1));
        let h = p.sub(&u2, &u1);
        let r = p.sub(&s2, &s1);
        if h.is_zero() {
            return if r.is_zero() {
                self.double(first)
            } else {
                Jacobian::INFINITY
            };
        }
        let hh = p.square(&h);
        let hhh = p.mul(&h, &hh);
        let v = p.mul(&u1, &hh);
        let x = p.sub(&p.sub(&p.square(&r), &hhh), &p.add(&v, &v));
        let y = p.sub(&p.mul(&r, &p.sub(&v, &x)), &p.mul(&s1, &hhh));
        let z = p.mul(&p.mul(&first.z, &second.z), &h);
        Jacobian { x, y, z }
    }

    /// Converts many finite points to affine with one field inversion
    /// (Montgomery's trick). `None` if any point is at infinity.
    pub(crate) fn to_affine_batch(&self, points: &[Jacobian<N>]) -> Option<Vec<Affine<N>>> {
        let p = &self.p;
        // prefix[i] = z_0 * ... * z_(i-1)
        let mut prefix = Vec::with_capacity(points.len());
        let mut product = p.montgomery_one();
        for point in points {
            if point.is_infinity() {
                return None;
            }
            prefix.push(product);
            product = p.mul(&product, &point.z);
        }
        // inverse = (z_0 * ... * z_i)^-1, walking back from the end.
        let mut inverse = p.invert_montgomery(&product)?;
        let mut affine = Vec::with_capacity(points.len());
        for (point, before) in points.iter().zip(&prefix).rev() {
            let z_inverse = p.mul(&inverse, before);
            inverse = p.mul(&inverse, &point.z);
            let z_inverse2 = p.square(&z_inverse);
            let z_inverse3 = p.mul(&z_inverse2, &z_inverse);
            affine.push(Affine {
                x: p.mul(&point.x, &z_inverse2),
                y: p.mul(&point.y, &z_inverse3),
            });
        }
        affine.reverse();
        Some(affine)
    }
}

/// `4a mod p`.
fn double_twice<const N: usize>(p: &Modulus<N>, a: &Mont<N>) -> Mont<N> {
    let twice = p.add(a, a);
    p.add(&twice, &twice)
}
