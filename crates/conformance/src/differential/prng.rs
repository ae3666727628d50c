//! A small seeded PRNG (xoshiro256**, seeded through SplitMix64): the same
//! seed gives the same keys, messages and corruptions on every machine, so a
//! failing run can be replayed. Not for secrets; nothing here is one.

use core::convert::Infallible;

/// xoshiro256** (Blackman and Vigna): fast, and good enough to pick test
/// cases.
#[derive(Debug, Clone)]
pub struct Prng {
    state: [u64; 4],
}

impl Prng {
    /// A generator seeded from one word (expanded with SplitMix64, so that
    /// nearby seeds give unrelated streams).
    pub fn new(seed: u64) -> Prng {
        let mut mix = seed;
        let mut next = || {
            mix = mix.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = mix;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Prng {
            state: [next(), next(), next(), next()],
        }
    }

    /// A generator for one labelled sub-stream of `seed` (an algorithm, a
    /// chunk), independent of the order in which sub-streams run.
    pub fn derive(seed: u64, labels: &[u64]) -> Prng {
        let mut word = seed;
        for &label in labels {
            word = Prng::new(word ^ label.rotate_left(17)).next_u64();
        }
        Prng::new(word)
    }

    pub fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = &mut self.state;
        let result = s1.wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = *s1 << 17;
        *s2 ^= *s0;
        *s3 ^= *s1;
        *s1 ^= *s2;
        *s0 ^= *s3;
        *s2 ^= t;
        *s3 = s3.rotate_left(45);
        result
    }

    /// Uniform in `0..bound` (`bound > 0`); the modulo bias is irrelevant here.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    pub fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }

    pub fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let word = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut out = vec![0; len];
        self.fill(&mut out);
        out
    }

    /// A byte other than `avoid`.
    pub fn byte_except(&mut self, avoid: u8) -> u8 {
        avoid.wrapping_add(1 + self.below(255) as u8)
    }
}

// The rsa crate's raw private operation takes an optional blinding RNG and
// needs its type even when none is passed; blinding changes nothing about
// the result, so the harness passes `None::<&mut Prng>`.
impl rsa::rand_core::TryRng for Prng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.next_u64() as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.next_u64())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.fill(dst);
        Ok(())
    }
}

impl rsa::rand_core::TryCryptoRng for Prng {}

#[cfg(test)]
mod tests {
    use super::Prng;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Prng::new(7);
        let mut b = Prng::new(7);
        assert_eq!(a.bytes(40), b.bytes(40));
        assert_ne!(Prng::new(8).next_u64(), Prng::new(7).next_u64());
        assert_ne!(
            Prng::derive(1, &[2, 3]).next_u64(),
            Prng::derive(1, &[3, 2]).next_u64()
        );
    }

    #[test]
    fn byte_except_never_returns_the_byte() {
        let mut rng = Prng::new(1);
        for avoid in 0..=255u8 {
            for _ in 0..8 {
                assert_ne!(rng.byte_except(avoid), avoid);
            }
        }
    }
}
