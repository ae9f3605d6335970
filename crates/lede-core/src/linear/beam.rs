//! Beam search over tag sequences whose scores may depend on the two tags
//! before (the named-entity tagger's, whose features read them and the
//! document's earlier predictions, so that Viterbi over first-order
//! transitions does not apply).

/// A hypothesis: score, tag, the slot of its parent in the column before,
/// and the parent's tag.
type Cell = (f32, usize, usize, usize);

/// Beam search with its buffers kept for the next sequence.
#[derive(Debug, Default)]
pub(crate) struct Beam {
    /// Up to `width` hypotheses a position, `width` slots a column.
    cells: Vec<Cell>,
    /// How many slots of each column are filled.
    counts: Vec<usize>,
    candidates: Vec<Cell>,
}

impl Beam {
    /// Tags `n` positions, keeping the best `width` hypotheses at each
    /// (`width` 1 is greedy) that score within `margin` of the best, and
    /// appends the tags of the best sequence to `out`.
    ///
    /// `score(i, prev, prev2)` gives every tag's score at position `i`
    /// after tags `prev` and `prev2` (0 before the first position); tag
    /// `t` may follow `p` where `allowed(p, t)`. Hypotheses ending in the
    /// same two tags are merged, as no score sees further back.
    pub(crate) fn decode<const N: usize>(
        &mut self,
        n: usize,
        width: usize,
        margin: f32,
        allowed: impl Fn(usize, usize) -> bool,
        mut score: impl FnMut(usize, usize, usize) -> [f32; N],
        out: &mut Vec<usize>,
    ) {
        let width = width.max(1);
        self.cells.clear();
        self.counts.clear();
        const ROOT: [Cell; 1] = [(0.0, 0, 0, 0)];
        for i in 0..n {
            self.candidates.clear();
            let parents = if i == 0 {
                &ROOT[..]
            } else {
                &self.cells[(i - 1) * width..(i - 1) * width + self.counts[i - 1]]
            };
            for (k, &(total, prev, _, prev2)) in parents.iter().enumerate() {
                let scores = score(i, prev, prev2);
                for (label, s) in scores.iter().enumerate() {
                    if allowed(prev, label) {
                        self.candidates.push((total + s, label, k, prev));
                    }
                }
            }
            let column = self.cells.len();
            // Most positions have one hypothesis within the margin of the
            // best: it alone goes on, with no search of the kept ones.
            let best = self.candidates.iter().fold(f32::MIN, |m, c| m.max(c.0));
            let mut close = self.candidates.iter().filter(|c| c.0 >= best - margin);
            if let (Some(&only), None) = (close.next(), close.next()) {
                self.cells.push(only);
                self.counts.push(1);
                self.cells.resize(column + width, (f32::MIN, 0, 0, 0));
                continue;
            }
            // Keep the best `width`; of hypotheses ending in the same two
            // tags, only the best.
            for &c in &self.candidates {
                let kept = &mut self.cells[column..];
                if let Some(same) = kept.iter_mut().find(|x| x.1 == c.1 && x.3 == c.3) {
                    if c.0 > same.0 {
                        *same = c;
                    }
                    continue;
                }
                if kept.len() < width {
                    self.cells.push(c);
                } else if let Some(worst) = kept.iter_mut().min_by(|a, b| a.0.total_cmp(&b.0))
                    && c.0 > worst.0
                {
                    *worst = c;
                }
            }
            self.cells[column..].sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let best = self.cells.get(column).map_or(0.0, |c| c.0);
            let close = self.cells[column..].iter().take_while(|c| c.0 >= best - margin).count();
            self.counts.push(close);
            self.cells.resize(column + width, (f32::MIN, 0, 0, 0));
        }
        let start = out.len();
        out.resize(start + n, 0);
        let mut k = 0;
        for i in (0..n).rev() {
            let Some(&(_, label, parent, _)) = self.cells.get(i * width + k) else {
                break;
            };
            out[start + i] = label;
            k = parent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_beam_finds_what_greedy_misses_keeps_to_allowed_tags_and_drops_what_falls_behind() {
        // Position 0 slightly prefers tag 1, but tag 2 after tag 0 at
        // position 1 pays far more; tag 2 may follow only tag 0.
        let score = |i: usize, prev: usize, _: usize| -> [f32; 3] {
            match (i, prev) {
                (0, _) => [0.0, 0.1, -1.0],
                (_, 0) => [0.0, 0.0, 5.0],
                _ => [0.0, 0.0, 0.0],
            }
        };
        let allowed = |p: usize, t: usize| t != 2 || p == 0;
        let mut beam = Beam::default();
        let mut out = Vec::new();
        beam.decode(2, 1, f32::INFINITY, allowed, score, &mut out);
        assert_eq!(out, [1, 0], "greedy");
        out.clear();
        beam.decode(2, 4, f32::INFINITY, allowed, score, &mut out);
        assert_eq!(out, [0, 2], "beam");
        out.clear();
        beam.decode(2, 4, 0.05, allowed, score, &mut out);
        assert_eq!(
            out,
            [1, 0],
            "tag 0 falls 0.1 behind at position 0, out of a 0.05 margin"
        );
        out.clear();
        beam.decode(0, 4, f32::INFINITY, allowed, score, &mut out);
        assert!(out.is_empty());
    }
}
