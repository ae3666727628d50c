//! Arithmetic modulo an odd `N`-limb modulus: Montgomery multiplication
//! (CIOS) plus add/sub/invert. One generic implementation serves all six
//! moduli (p and n of P-256, P-384 and P-521). CIOS needs only an odd
//! modulus below `R`: P-521's 521-bit moduli in 17 limbs (`R = 2^544`)
//! work unchanged.
//!
//! Values are kept fully reduced (`< m`) after every operation, so equal
//! residues are equal limbs and comparisons need no final reduction.
//! Residues are typed by form ([`Plain`], [`Mont`], see `form.rs`): the
//! functions here are the only conversions between them. Nothing here is
//! constant time: ECDSA verification handles only public data.

mod form;

pub(crate) use form::{Mont, Plain};

use super::limbs::{self, Limbs};

/// A Montgomery product, `(a, b) -> a b R^-1 mod m`, compiled for one
/// modulus (see [`Modulus::from_hex`]).
pub(crate) type Product<const N: usize> = fn(&Limbs<N>, &Limbs<N>) -> Limbs<N>;

/// An odd modulus `m` with its Montgomery constants (`R = 2^(32N)`).
#[derive(Debug)]
pub(crate) struct Modulus<const N: usize> {
    value: Limbs<N>,
    /// [`Modulus::montgomery_product`] compiled with this modulus as a
    /// constant: multiplications by its 0 and 1 limbs (and by
    /// `-m^-1 = 1` for both primes p) fold away. ES256 verify in wasm ran
    /// 136 -> 115 us with it.
    product: Product<N>,
    /// `-m^-1 mod 2^32`.
    neg_inverse: u32,
    /// `R^2 mod m`: multiplying by it converts into Montgomery form.
    r_squared: Limbs<N>,
}

impl<const N: usize> Modulus<N> {
    /// Builds the modulus and its constants at compile time. `product`
    /// must be `|a, b| M.montgomery_product(a, b)` for a `const M` equal
    /// to this modulus (a function of its own, so the constant folds in).
    pub(crate) const fn from_hex(hex: &str, product: Product<N>) -> Self {
        let value: Limbs<N> = limbs::from_hex(hex);
        assert!(value[0] & 1 == 1, "Montgomery needs an odd modulus");
        // Newton's iteration doubles the correct low bits each step:
        // 1 -> 2 -> 4 -> 8 -> 16 -> 32 (an odd number is its own inverse mod 8,
        // so start from 3 correct bits and 4 steps suffice; 5 is harmless).
        let mut inverse = value[0];
        let mut step = 0;
        while step < 5 {
            inverse = inverse.wrapping_mul(2u32.wrapping_sub(value[0].wrapping_mul(inverse)));
            step += 1;
        }
        // R^2 mod m by doubling 1 (2 * 32 * N) times, reducing each time.
        let mut r_squared = limbs::one::<N>();
        let mut doubling = 0;
        while doubling < 64 * N {
            let (doubled, carry) = limbs::add(&r_squared, &r_squared);
            r_squared = if carry != 0 || !limbs::less_than(&doubled, &value) {
                limbs::sub(&doubled, &value).0
            } else {
                doubled
            };
            doubling += 1;
        }
        Modulus {
            value,
            product,
            neg_inverse: inverse.wrapping_neg(),
            r_squared,
        }
    }

    /// The modulus itself.
    pub(crate) fn value(&self) -> &Limbs<N> {
        &self.value
    }

    /// `a < m`: `a` is a canonical residue.
    pub(crate) fn contains(&self, a: &Limbs<N>) -> bool {
        limbs::less_than(a, &self.value)
    }

    /// `a` as a residue, if it is one (`a < m`). Inlined: it is the range
    /// check the callers made before the forms were typed, and kept the
    /// wasm build from growing.
    #[inline(always)]
    pub(crate) fn residue(&self, a: Limbs<N>) -> Option<Plain<N>> {
        self.contains(&a).then_some(Plain(a))
    }

    /// `a` into Montgomery form, if it is a residue (`a < m`): the range
    /// check and [`Modulus::to_montgomery`] without a copy between them.
    pub(crate) fn residue_to_montgomery(&self, a: &Limbs<N>) -> Option<Mont<N>> {
        self.contains(a)
            .then(|| Mont((self.product)(a, &self.r_squared)))
    }

    /// `a mod m` for `a < 2m`: one conditional subtraction.
    pub(crate) fn reduce(&self, a: Limbs<N>) -> Plain<N> {
        Plain(self.reduce_once(a, 0))
    }

    /// A constant below `m` (the curve's `b`, small numbers), into
    /// Montgomery form without a range check: the constants are checked
    /// below their modulus by the curve tests, not on every call.
    pub(crate) fn constant(&self, a: &Limbs<N>) -> Mont<N> {
        Mont((self.product)(a, &self.r_squared))
    }

    /// `a + b mod m`.
    pub(crate) fn add(&self, a: &Mont<N>, b: &Mont<N>) -> Mont<N> {
        let (sum, carry) = limbs::add(&a.0, &b.0);
        Mont(self.reduce_once(sum, carry))
    }

    /// `a - b mod m`.
    pub(crate) fn sub(&self, a: &Mont<N>, b: &Mont<N>) -> Mont<N> {
        Mont(self.sub_limbs(&a.0, &b.0))
    }

    /// `-a mod m`.
    pub(crate) fn neg(&self, a: &Mont<N>) -> Mont<N> {
        if a.is_zero() {
            *a
        } else {
            Mont(limbs::sub(&self.value, &a.0).0)
        }
    }

    /// `a b mod m`: `(a R)(b R) R^-1 = (a b) R`.
    pub(crate) fn mul(&self, a: &Mont<N>, b: &Mont<N>) -> Mont<N> {
        Mont((self.product)(&a.0, &b.0))
    }

    /// `a b mod m` as a plain residue: `(a R) b R^-1 = a b`, one product
    /// that also leaves Montgomery form.
    pub(crate) fn mul_plain(&self, a: &Mont<N>, b: &Plain<N>) -> Plain<N> {
        Plain((self.product)(&a.0, &b.0))
    }

    /// The Montgomery product itself, coarsely integrated operand
    /// scanning: each row multiplies and then reduces one limb. Always
    /// inlined: only into each modulus's own [`Product`] function. Raw
    /// limbs, so visible only to the curve definitions that compile it.
    #[inline(always)]
    #[allow(clippy::needless_range_loop)] // The index runs over three arrays.
    pub(super) fn montgomery_product(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        let m = &self.value;
        let mut t = [0u32; N];
        let mut t_high = 0u32;
        for i in 0..N {
            let b_i = u64::from(b[i]);
            // t += a * b_i; the sum of a limb, a product and a carry fits u64.
            let mut carry = 0u64;
            for j in 0..N {
                let sum = u64::from(t[j]) + u64::from(a[j]) * b_i + carry;
                t[j] = sum as u32;
                carry = sum >> 32;
            }
            let sum = u64::from(t_high) + carry;
            let top = sum as u32;
            let top_carry = (sum >> 32) as u32;
            // t = (t + q * m) / 2^32, with q chosen so the low limb vanishes.
            let q = u64::from(t[0].wrapping_mul(self.neg_inverse));
            let mut carry = (u64::from(t[0]) + q * u64::from(m[0])) >> 32;
            for j in 1..N {
                let sum = u64::from(t[j]) + q * u64::from(m[j]) + carry;
                t[j - 1] = sum as u32;
                carry = sum >> 32;
            }
            let sum = u64::from(top) + carry;
            t[N - 1] = sum as u32;
            t_high = top_carry + (sum >> 32) as u32;
        }
        // t < 2m here.
        self.reduce_once(t, t_high)
    }

    /// `a^2 mod m`.
    pub(crate) fn square(&self, a: &Mont<N>) -> Mont<N> {
        self.mul(a, a)
    }

    /// `a R mod m` (into Montgomery form): `a (R^2) R^-1`.
    pub(crate) fn to_montgomery(&self, a: &Plain<N>) -> Mont<N> {
        Mont((self.product)(&a.0, &self.r_squared))
    }

    /// `a` out of Montgomery form: `(a R) 1 R^-1`.
    #[cfg(test)]
    pub(crate) fn out_of_montgomery(&self, a: &Mont<N>) -> Plain<N> {
        self.mul_plain(a, &Plain(limbs::one()))
    }

    /// The Montgomery form of 1 (`R mod m`).
    pub(crate) fn montgomery_one(&self) -> Mont<N> {
        self.to_montgomery(&Plain(limbs::one()))
    }

    /// `a^-1 mod m`, by the binary extended Euclidean algorithm (variable
    /// time; faster than Fermat in wasm). `None` for `a == 0` (or any `a`
    /// sharing a factor with `m`, which a prime modulus rules out).
    pub(crate) fn invert(&self, a: &Plain<N>) -> Option<Plain<N>> {
        self.invert_limbs(&a.0).map(Plain)
    }

    /// The inverse of a Montgomery-form value, in Montgomery form.
    pub(crate) fn invert_montgomery(&self, a: &Mont<N>) -> Option<Mont<N>> {
        // invert(aR) = a^-1 R^-1; two products with R^2 give a^-1 R.
        let inverse = self.invert_limbs(&a.0)?;
        let product = self.product;
        Some(Mont(product(
            &product(&inverse, &self.r_squared),
            &self.r_squared,
        )))
    }

    /// [`Modulus::invert`] on the limbs, whichever form they hold: the
    /// inverse of the integer they spell.
    fn invert_limbs(&self, a: &Limbs<N>) -> Option<Limbs<N>> {
        if limbs::is_zero(a) || !self.contains(a) {
            return None;
        }
        // Invariants: x1 * a == u and x2 * a == v (mod m).
        let mut u = *a;
        let mut v = self.value;
        let mut x1 = limbs::one::<N>();
        let mut x2 = [0u32; N];
        let one = limbs::one::<N>();
        while u != one && v != one {
            if limbs::is_zero(&u) || limbs::is_zero(&v) {
                return None; // gcd(a, m) > 1
            }
            while u[0] & 1 == 0 {
                limbs::shift_right_one(&mut u, 0);
                self.halve(&mut x1);
            }
            while v[0] & 1 == 0 {
                limbs::shift_right_one(&mut v, 0);
                self.halve(&mut x2);
            }
            if limbs::less_than(&u, &v) {
                v = limbs::sub(&v, &u).0;
                x2 = self.sub_limbs(&x2, &x1);
            } else {
                u = limbs::sub(&u, &v).0;
                x1 = self.sub_limbs(&x1, &x2);
            }
        }
        Some(if u == one { x1 } else { x2 })
    }

    /// `a - b mod m` on the limbs of residues of one form.
    fn sub_limbs(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        let (difference, borrow) = limbs::sub(a, b);
        if borrow != 0 {
            limbs::add(&difference, &self.value).0
        } else {
            difference
        }
    }

    /// `x / 2 mod m` (m is odd: an odd x becomes the even x + m first).
    fn halve(&self, x: &mut Limbs<N>) {
        if x[0] & 1 == 0 {
            limbs::shift_right_one(x, 0);
        } else {
            let (sum, carry) = limbs::add(x, &self.value);
            *x = sum;
            limbs::shift_right_one(x, carry);
        }
    }

    /// Subtracts `m` once when `carry:a >= m` (inputs below `2m`).
    fn reduce_once(&self, a: Limbs<N>, carry: u32) -> Limbs<N> {
        if carry != 0 || !limbs::less_than(&a, &self.value) {
            limbs::sub(&a, &self.value).0
        } else {
            a
        }
    }
}
