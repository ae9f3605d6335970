//! Linear sequence taggers: hashed features, a weight row per feature,
//! first-order tag transitions and Viterbi decoding under constraints.
//!
//! Two taggers make the statement model: the cue tagger (`O`, `B`, `I`
//! over the tokens of a sentence) and the role tagger (source, content and
//! cue over a window around one cue). Both are trained by the averaged
//! perceptron in `train.rs` and ship quantized in `models/statements.bin`.

use std::collections::{HashMap, HashSet};

use super::features::{Lexicon, word_set};
use crate::hash::IdMap;
use crate::{Error, Result};

/// Magic bytes and version at the start of the model file.
pub(crate) const MAGIC: &[u8; 8] = b"LEDESTM2";

/// The default [`Model::cue_bias`].
pub(crate) const CUE_BIAS: f32 = 0.0;

/// A map keyed by feature hashes.
pub(crate) type FeatureMap<V> = IdMap<u32, V>;

/// The most tags a tagger may have.
pub(crate) const MAX_TAGS: usize = 6;

/// One feature's weights, quantized: `weight = q × scale`.
pub(crate) type Row = [i16; MAX_TAGS];

/// A trained tagger. Each feature's weights sit beside its key in the
/// table, quantized to 16 bits, so that a lookup touches one cache line.
#[derive(Debug, Default)]
pub(crate) struct Tagger {
    /// Number of tags.
    pub tags: usize,
    /// The weight of one quantum.
    pub scale: f32,
    /// Feature hash -> weights.
    pub rows: FeatureMap<Row>,
    /// `(tags + 1) × tags` transition weights; row `tags` scores the first tag.
    pub trans: Vec<f32>,
}

impl Tagger {
    /// Adds the weights of `feats` for every tag to `out` (length `tags`).
    pub fn emit(&self, feats: &[u32], out: &mut [f32]) {
        let mut sum = [0i32; MAX_TAGS];
        self.sum(feats, &mut sum);
        self.add_scaled(&sum, out);
    }

    /// Adds the quantized weights of `feats` to `sum`.
    pub fn sum(&self, feats: &[u32], sum: &mut [i32; MAX_TAGS]) {
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for (s, &q) in sum.iter_mut().zip(row) {
                    *s += i32::from(q);
                }
            }
        }
    }

    /// Adds quantized weight sums to `out` (length `tags`) as weights.
    pub fn add_scaled(&self, sum: &[i32; MAX_TAGS], out: &mut [f32]) {
        for (o, &s) in out.iter_mut().zip(sum).take(self.tags) {
            *o += s as f32 * self.scale;
        }
    }
}

/// What a tag sequence may hold.
pub(crate) trait Constraint {
    /// Whether position `i` may take `tag`.
    fn tag(&self, i: usize, tag: usize) -> bool;
    /// Whether `tag` may follow `prev` (`None` at the first position).
    fn follows(&self, prev: Option<usize>, tag: usize) -> bool;
}

/// The best tag sequence for `n` positions given emission scores
/// (`n × tags`, row-major), transitions (`(tags + 1) × tags`) and
/// constraints.
///
/// Returns one tag per position; positions where no tag is allowed get 0.
pub(crate) fn viterbi(
    n: usize,
    tags: usize,
    emissions: &[f32],
    trans: &[f32],
    c: &(impl Constraint + ?Sized),
) -> Vec<u8> {
    if n == 0 || tags == 0 || tags > MAX_TAGS {
        return Vec::new();
    }
    // Transitions with the forbidden ones at minus infinity, so that the
    // inner loop needs no branch for them.
    let mut t_ok = [f32::NEG_INFINITY; (MAX_TAGS + 1) * MAX_TAGS];
    for p in 0..=tags {
        for t in 0..tags {
            let prev = (p < tags).then_some(p);
            if c.follows(prev, t) {
                t_ok[p * tags + t] = trans[p * tags + t];
            }
        }
    }
    let mut score = vec![f32::NEG_INFINITY; n * tags];
    let mut back = vec![0u8; n * tags];
    for t in 0..tags {
        if c.tag(0, t) && t_ok[tags * tags + t] > f32::NEG_INFINITY {
            score[t] = emissions[t] + trans[tags * tags + t];
        }
    }
    for i in 1..n {
        let (done, rest) = score.split_at_mut(i * tags);
        let prev = &done[(i - 1) * tags..];
        let cur = &mut rest[..tags];
        for t in 0..tags {
            if !c.tag(i, t) {
                continue;
            }
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for (p, &sp) in prev.iter().enumerate() {
                let s = sp + t_ok[p * tags + t];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            if best > f32::NEG_INFINITY {
                cur[t] = best + emissions[i * tags + t];
                back[i * tags + t] = arg as u8;
            }
        }
    }
    let mut out = vec![0u8; n];
    let last = &score[(n - 1) * tags..n * tags];
    let mut best = 0;
    for t in 1..tags {
        if last[t] > last[best] {
            best = t;
        }
    }
    out[n - 1] = best as u8;
    for i in (1..n).rev() {
        let t = out[i] as usize;
        out[i - 1] = back[i * tags + t];
    }
    out
}

/// The shipped model: both taggers and the cue-word lexicon.
#[derive(Debug, Default)]
pub(crate) struct Model {
    /// Tags cue tokens in a sentence (`O`, `B`, `I`).
    pub cue: Tagger,
    /// Tags source and content around one cue.
    pub role: Tagger,
    /// Lower-cased words seen as one-word cues in training.
    #[cfg(feature = "train")]
    pub cue_words: HashSet<String>,
    /// `cue_words` by hash and the word clusters, for the tokenizer.
    pub lex: Lexicon,
    /// Added to the score of a cue's first token: trades the cue tagger's
    /// precision for recall (tuned on dev).
    pub cue_bias: f32,
}

impl Model {
    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(Error::internal("statement model: bad magic"));
        }
        let cue = r.tagger()?;
        let role = r.tagger()?;
        let len = r.u32()? as usize;
        let words = std::str::from_utf8(r.take(len)?).map_err(|_| Error::internal("statement model: bad lexicon"))?;
        let cue_words: HashSet<String> = words.split('\n').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        let n = r.u32()? as usize;
        let mut clusters = HashMap::default();
        clusters.reserve(n.min(bytes.len() / 14));
        for _ in 0..n {
            let b = r.take(14)?;
            let mut key = [0u8; 8];
            key.copy_from_slice(&b[..8]);
            let c = |k: usize| u16::from_le_bytes([b[8 + 2 * k], b[9 + 2 * k]]);
            clusters.insert(u64::from_le_bytes(key), [c(0), c(1), c(2)]);
        }
        Ok(Model {
            cue,
            role,
            lex: Lexicon::new(&word_set(cue_words.iter().map(String::as_str)), clusters),
            #[cfg(feature = "train")]
            cue_words,
            cue_bias: CUE_BIAS,
        })
    }

    /// Writes the model, weights quantized to 16 bits.
    #[cfg(feature = "train")]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        write_tagger(&mut out, &self.cue);
        write_tagger(&mut out, &self.role);
        let mut words: Vec<&str> = self.cue_words.iter().map(String::as_str).collect();
        words.sort_unstable();
        let joined = words.join("\n");
        out.extend_from_slice(&(joined.len() as u32).to_le_bytes());
        out.extend_from_slice(joined.as_bytes());
        let mut clusters: Vec<(&u64, &[u16; 3])> = self.lex.clusters.iter().collect();
        clusters.sort_unstable();
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (key, c) in clusters {
            out.extend_from_slice(&key.to_le_bytes());
            for v in c {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }
}

#[cfg(feature = "train")]
fn write_tagger(out: &mut Vec<u8>, t: &Tagger) {
    out.push(t.tags as u8);
    let mut rows: Vec<(u32, Row)> = t
        .rows
        .iter()
        .filter(|(_, r)| r.iter().any(|&q| q != 0))
        .map(|(&k, &r)| (k, r))
        .collect();
    rows.sort_unstable();
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.extend_from_slice(&t.scale.to_le_bytes());
    for w in &t.trans {
        out.extend_from_slice(&w.to_le_bytes());
    }
    for (key, row) in rows {
        // A row: key, a mask of the tags with a weight, those weights.
        let mask = row
            .iter()
            .enumerate()
            .fold(0u8, |m, (k, &v)| if v != 0 { m | 1 << k } else { m });
        out.extend_from_slice(&key.to_le_bytes());
        out.push(mask);
        for v in row.into_iter().filter(|&v| v != 0) {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

/// A cursor over the model bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| Error::internal("statement model: truncated"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_bits(self.u32()?))
    }

    fn tagger(&mut self) -> Result<Tagger> {
        let tags = usize::from(self.take(1)?[0]);
        if tags > MAX_TAGS {
            return Err(Error::internal("statement model: too many tags"));
        }
        let nrows = self.u32()? as usize;
        let scale = self.f32()?;
        let mut trans = Vec::with_capacity((tags + 1) * tags);
        for _ in 0..(tags + 1) * tags {
            trans.push(self.f32()?);
        }
        let mut rows = FeatureMap::default();
        rows.reserve(nrows.min(self.bytes.len() / 5));
        for _ in 0..nrows {
            let key = self.u32()?;
            let mask = self.take(1)?[0];
            let mut row = [0i16; MAX_TAGS];
            for (k, w) in row.iter_mut().enumerate().take(tags) {
                if mask & (1 << k) != 0 {
                    let q = self.take(2)?;
                    *w = i16::from_le_bytes([q[0], q[1]]);
                }
            }
            rows.insert(key, row);
        }
        Ok(Tagger {
            tags,
            scale,
            rows,
            trans,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_follows_constraints() {
        // Two tags; emissions prefer tag 1 everywhere, but tag 1 may not follow tag 1.
        let emissions = [0.0, 1.0, 0.0, 1.0, 0.0, 1.0];
        let trans = [0.0; 6];
        struct NoRepeat;
        impl Constraint for NoRepeat {
            fn tag(&self, _: usize, _: usize) -> bool {
                true
            }
            fn follows(&self, p: Option<usize>, t: usize) -> bool {
                !(p == Some(1) && t == 1)
            }
        }
        let tags = viterbi(3, 2, &emissions, &trans, &NoRepeat);
        assert_eq!(tags, [1, 0, 1]);
    }

    #[test]
    fn truncated_model_is_an_error_not_a_panic() {
        assert!(Model::from_bytes(b"LEDESTM1\x03").is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
