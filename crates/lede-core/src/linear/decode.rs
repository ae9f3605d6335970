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
            // Each tag's first best predecessor (with none, `best` stays
            // minus infinity and so does the sum below), every tag at
            // once a predecessor at a time: the compiler makes each step
            // a few vector instructions.
            let mut best = [f32::NEG_INFINITY; T];
            let mut arg = [0u32; T];
            for (p, row) in t_ok.iter().enumerate() {
                for t in 0..T {
                    let s = prev[p] + row[t];
                    let better = s > best[t];
                    best[t] = if better { s } else { best[t] };
                    arg[t] = if better { p as u32 } else { arg[t] };
                }
            }
            let mut cur = [f32::NEG_INFINITY; T];
            for t in 0..T {
                if allowed & 1 << t != 0 {
                    cur[t] = best[t] + em[t];
                    back[t] = arg[t] as u8;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Any tag anywhere; `tag` may follow `prev` where the function says so.
    struct Follows(fn(Option<usize>, usize) -> bool);

    impl Constraint for Follows {
        fn tag(&self, _: usize, _: usize) -> bool {
            true
        }
        fn follows(&self, prev: Option<usize>, tag: usize) -> bool {
            (self.0)(prev, tag)
        }
    }

    #[test]
    fn viterbi_follows_constraints() {
        // Emissions prefer tag 1 everywhere and tag 2 nowhere, but tag 1
        // may not follow tag 1.
        let emissions = [0.0, 1.0, -9.0, 0.0, 1.0, -9.0, 0.0, 1.0, -9.0];
        let no_repeat = Follows(|p, t| !(p == Some(1) && t == 1));
        assert_eq!(viterbi(3, 3, &emissions, &[0.0; 12], &no_repeat), [1, 0, 1]);
    }

    #[test]
    fn of_tied_paths_the_first_predecessor_wins() {
        // Every score is equal: each position follows tag 0, the first
        // predecessor, and the last position takes the first tag.
        let free = Follows(|_, _| true);
        assert_eq!(viterbi(4, 3, &[0.0; 12], &[0.0; 12], &free), [0, 0, 0, 0]);
        // Tag 2 pays at the last position; of its predecessors, tied, the
        // first allowed one (1, as 0 may not precede 2) is kept.
        let mut emissions = [0.0; 9];
        emissions[8] = 1.0;
        let not_zero_then_two = Follows(|p, t| !(p == Some(0) && t == 2));
        assert_eq!(viterbi(3, 3, &emissions, &[0.0; 12], &not_zero_then_two), [0, 1, 2]);
    }
}
