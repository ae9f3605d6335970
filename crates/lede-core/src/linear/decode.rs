//! Decoding: the best tag sequence under first-order transitions and
//! constraints (Viterbi), for the taggers' 3 and 6 tags.

/// What a tag sequence may hold.
pub(crate) trait Constraint {
    /// Whether position `i` may take `tag`.
    fn tag(&self, i: usize, tag: usize) -> bool;
    /// Whether `tag` may follow `prev` (`None` at the first position).
    fn follows(&self, prev: Option<usize>, tag: usize) -> bool;
    /// The tags position `i` may take among the first `tags`, one bit each.
    fn allowed(&self, i: usize, tags: usize) -> u8 {
        (0..tags).filter(|&t| self.tag(i, t)).fold(0, |m, t| m | 1 << t)
    }
}

/// The best tag sequence for `n` positions given emission scores
/// (`n × tags`, row-major), transitions (`(tags + 1) × tags`) and
/// constraints.
///
/// Returns one tag per position (3 or 6 tags; none for another count);
/// positions where no tag is allowed get 0. (The finder keeps a
/// [`Decoder`] instead, with its buffers.)
#[cfg(any(test, feature = "train"))]
pub(crate) fn viterbi(
    n: usize,
    tags: usize,
    emissions: &[f32],
    trans: &[f32],
    c: &(impl Constraint + ?Sized),
) -> Vec<u8> {
    let mut d = Decoder::default();
    d.decode(n, tags, emissions, trans, c);
    d.out
}

/// [`viterbi`] with its buffers kept for the next sequence.
#[derive(Debug, Default)]
pub(crate) struct Decoder {
    /// Back pointers, `tags` per position.
    back: Vec<u8>,
    /// The decoded tags.
    out: Vec<u8>,
}

impl Decoder {
    /// The best tag sequence, as [`viterbi`] gives it, for 3 or 6 tags
    /// (empty for any other count).
    pub fn decode(
        &mut self,
        n: usize,
        tags: usize,
        emissions: &[f32],
        trans: &[f32],
        c: &(impl Constraint + ?Sized),
    ) -> &[u8] {
        self.out.clear();
        if n == 0 || emissions.len() < n * tags || trans.len() < (tags + 1) * tags {
            return &self.out;
        }
        match tags {
            3 => self.decode_n::<3>(n, emissions, trans, c),
            5 => self.decode_n::<5>(n, emissions, trans, c),
            6 => self.decode_n::<6>(n, emissions, trans, c),
            // The taggers have 5 (cues; 3 before B I L U) and 6 tags
            // (roles); no other count is decoded.
            _ => {}
        }
        &self.out
    }

    /// [`Decoder::decode`] for `T` tags, unrolled by the compiler.
    fn decode_n<const T: usize>(&mut self, n: usize, emissions: &[f32], trans: &[f32], c: &(impl Constraint + ?Sized)) {
        let (em, _) = emissions.as_chunks::<T>();
        let (trans, _) = trans.as_chunks::<T>();
        // Transitions with the forbidden ones at minus infinity, so that
        // the inner loop needs no branch for them; `start` scores the
        // first tag.
        let mut t_ok = [[f32::NEG_INFINITY; T]; T];
        let mut start = [f32::NEG_INFINITY; T];
        for t in 0..T {
            for (p, row) in t_ok.iter_mut().enumerate() {
                if c.follows(Some(p), t) {
                    row[t] = trans[p][t];
                }
            }
            if c.follows(None, t) {
                start[t] = trans[T][t];
            }
        }
        let mut prev = [f32::NEG_INFINITY; T];
        let first = c.allowed(0, T);
        for t in 0..T {
            if first & 1 << t != 0 && start[t] > f32::NEG_INFINITY {
                prev[t] = em[0][t] + start[t];
            }
        }
        self.back.clear();
        self.back.resize(n * T, 0);
        let (back, _) = self.back.as_chunks_mut::<T>();
        for (i, (em, back)) in em.iter().zip(back.iter_mut()).enumerate().take(n).skip(1) {
            let allowed = c.allowed(i, T);
            let mut cur = [f32::NEG_INFINITY; T];
            for t in 0..T {
                // The first best predecessor; with none, `best` is minus
                // infinity and so is the sum below.
                let (best, arg) = first_max::<T>(std::array::from_fn(|p| prev[p] + t_ok[p][t]));
                if allowed & 1 << t != 0 {
                    cur[t] = best + em[t];
                    back[t] = arg as u8;
                }
            }
            prev = cur;
        }
        self.backtrack(n, T, &prev);
    }

    /// Fills `out` from the back pointers and the scores of the last
    /// position (`tags` of them).
    fn backtrack(&mut self, n: usize, tags: usize, last: &[f32]) {
        let mut best = 0;
        for t in 1..last.len() {
            if last[t] > last[best] {
                best = t;
            }
        }
        self.out.resize(n, 0);
        let mut tag = best as u8;
        for i in (0..n).rev() {
            self.out[i] = tag;
            if i > 0 {
                tag = self.back.get(i * tags + usize::from(tag)).copied().unwrap_or(0);
            }
        }
    }
}

/// The largest of `scores` and the first place it stands (0 when all are
/// minus infinity), found pairwise: neighbouring runs of 1, 2, 4, ...
/// scores meet and the left one wins ties, which gives the first maximum
/// as a scan from the left would, in a tree of depth log₂ T rather than
/// one chain.
#[inline]
fn first_max<const T: usize>(mut scores: [f32; T]) -> (f32, usize) {
    let mut at: [usize; T] = std::array::from_fn(|k| k);
    let mut width = 1;
    while width < T {
        let mut k = 0;
        while k + width < T {
            if scores[k + width] > scores[k] {
                scores[k] = scores[k + width];
                at[k] = at[k + width];
            }
            k += 2 * width;
        }
        width *= 2;
    }
    match (scores.first(), at.first()) {
        (Some(&s), Some(&i)) => (s, i),
        _ => (f32::NEG_INFINITY, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_follows_constraints() {
        // Emissions prefer tag 1 everywhere and tag 2 nowhere, but tag 1
        // may not follow tag 1.
        let emissions = [0.0, 1.0, -9.0, 0.0, 1.0, -9.0, 0.0, 1.0, -9.0];
        let trans = [0.0; 12];
        struct NoRepeat;
        impl Constraint for NoRepeat {
            fn tag(&self, _: usize, _: usize) -> bool {
                true
            }
            fn follows(&self, p: Option<usize>, t: usize) -> bool {
                !(p == Some(1) && t == 1)
            }
        }
        let tags = viterbi(3, 3, &emissions, &trans, &NoRepeat);
        assert_eq!(tags, [1, 0, 1]);
    }

    #[test]
    fn pairwise_maximum_is_the_first_as_a_scan_finds_it() {
        let scan = |s: &[f32]| {
            let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
            for (k, &v) in s.iter().enumerate() {
                if v > best {
                    (best, arg) = (v, k);
                }
            }
            (best, arg)
        };
        let values = [f32::NEG_INFINITY, -1.0, 0.0, 2.5];
        // Every array of six over four values, ties and all.
        for code in 0..4usize.pow(6) {
            let s: [f32; 6] = std::array::from_fn(|k| values[code / 4usize.pow(k as u32) % 4]);
            assert_eq!(first_max(s), scan(&s), "{s:?}");
            let t = [s[0], s[1], s[2]];
            assert_eq!(first_max(t), scan(&t), "{t:?}");
        }
    }
}
