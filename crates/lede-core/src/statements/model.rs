//! Linear sequence taggers: hashed features, a weight row per feature,
//! first-order tag transitions and Viterbi decoding under constraints.
//!
//! Two taggers make the statement model: the cue tagger (`O`, `B`, `I`
//! over the tokens of a sentence) and the role tagger (source, content and
//! cue over a window around one cue). Both are trained by the averaged
//! perceptron in `train.rs` and ship quantized in `models/statements.bin`.

use std::collections::{HashMap, HashSet};

use super::features::{CueDense, Feats, Lexicon, TokenDense, word_set};
use crate::{Error, Result};

/// Magic bytes and version at the start of the model file.
pub(crate) const MAGIC: &[u8; 8] = b"LEDESTM2";

/// The default [`Model::cue_bias`].
pub(crate) const CUE_BIAS: f32 = 0.0;

/// A map keyed by feature hashes.
#[cfg(feature = "train")]
pub(crate) type FeatureMap<V> = crate::tokens::IdMap<u32, V>;

/// The most tags a tagger may have.
pub(crate) const MAX_TAGS: usize = 6;

/// One feature's weights, quantized: `weight = q × scale`.
pub(crate) type Row = [i16; MAX_TAGS];

/// Feature hash -> weights, in a minimal-ish perfect hash table built at
/// load time (CHD: "hash, displace and compress"): a feature's bucket
/// gives a small pilot number, the feature and its pilot give its slot,
/// and the slot holds the key beside the weights. A lookup is two loads,
/// the first from a pilot table small enough to stay in cache, with no
/// probing; the table is about 1.2 slots per row, each of `4 + 2 × tags`
/// bytes (a hash map's buckets hold `4 + 2 × MAX_TAGS` bytes at up to
/// twice the rows, behind a control byte). Lookups are exact: a slot
/// counts only when its key is the feature's.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rows {
    /// Number of tags (weights per row).
    #[cfg(any(test, feature = "train"))]
    tags: usize,
    /// Number of buckets (`pilots.len()`).
    buckets: u32,
    /// Number of slots.
    slots: u32,
    /// The pilot of each bucket.
    pilots: Vec<u16>,
    /// `slots × (2 + tags)` values: the key (low half, high half), then
    /// the quantized weights. Empty slots hold key 0 and zero weights, so
    /// that a feature hash 0 landing there adds nothing.
    data: Vec<u16>,
}

/// `x` scaled to `0..n`.
fn reduce(x: u32, n: u32) -> usize {
    ((u64::from(x) * u64::from(n)) >> 32) as usize
}

impl Rows {
    /// The table of `rows` (distinct keys) for a tagger of `tags` tags.
    pub fn new(tags: usize, mut rows: Vec<(u32, Row)>) -> Result<Rows> {
        if tags > MAX_TAGS {
            return Err(Error::internal("statement model: too many tags"));
        }
        rows.sort_unstable_by_key(|r| r.0);
        if rows.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(Error::internal("statement model: a feature twice"));
        }
        let n = rows.len();
        let buckets = u32::try_from(n / 4 + 1).map_err(|_| Error::internal("statement model: too many rows"))?;
        // Keys by bucket, the fullest buckets first.
        let mut by_bucket: Vec<(u32, u32)> = rows
            .iter()
            .enumerate()
            .map(|(k, r)| (reduce(r.0, buckets) as u32, k as u32))
            .collect();
        by_bucket.sort_unstable();
        let mut groups: Vec<&[(u32, u32)]> = by_bucket.chunk_by(|a, b| a.0 == b.0).collect();
        groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        // A load of about 0.97; more room if some bucket finds no pilot.
        let mut slots = (n + n / 32 + 1) as u32;
        'size: loop {
            let mut table = Rows {
                #[cfg(any(test, feature = "train"))]
                tags,
                buckets,
                slots,
                pilots: vec![0; buckets as usize],
                data: vec![0; (slots as usize + 1) * (2 + tags)],
            };
            let mut taken = vec![false; slots as usize];
            let mut places = Vec::new();
            for g in &groups {
                let found = (0..=u16::MAX).find(|&p| {
                    places.clear();
                    for &(_, k) in g.iter() {
                        let i = table.slot(rows[k as usize].0, p);
                        if taken[i] || places.contains(&i) {
                            return false;
                        }
                        places.push(i);
                    }
                    true
                });
                let Some(p) = found else {
                    slots += slots / 16 + 1;
                    continue 'size;
                };
                table.pilots[g[0].0 as usize] = p;
                for (&(_, k), &i) in g.iter().zip(&places) {
                    taken[i] = true;
                    let (key, row) = rows[k as usize];
                    let stride = 2 + tags;
                    let slot = &mut table.data[i * stride..(i + 1) * stride];
                    slot[0] = key as u16;
                    slot[1] = (key >> 16) as u16;
                    for (d, &q) in slot[2..].iter_mut().zip(&row) {
                        *d = q as u16;
                    }
                }
            }
            return Ok(table);
        }
    }

    /// The slot of `key` under `pilot`.
    #[inline]
    fn slot(&self, key: u32, pilot: u16) -> usize {
        let x =
            (u64::from(key) ^ u64::from(pilot).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        reduce((x >> 32) as u32, self.slots)
    }

    /// The slot `key` would be in.
    #[inline]
    fn find(&self, key: u32) -> usize {
        let p = self.pilots.get(reduce(key, self.buckets)).copied().unwrap_or(0);
        self.slot(key, p)
    }

    /// Every `(key, weights)` but empty slots, in slot order.
    #[cfg(any(test, feature = "train"))]
    pub fn iter(&self) -> impl Iterator<Item = (u32, Row)> + '_ {
        let stride = 2 + self.tags;
        self.data.chunks_exact(stride).filter_map(move |s| {
            let key = u32::from(s[0]) | u32::from(s[1]) << 16;
            let mut row = [0i16; MAX_TAGS];
            for (r, &q) in row.iter_mut().zip(&s[2..]) {
                *r = q as i16;
            }
            (key != 0 || row.iter().any(|&q| q != 0)).then_some((key, row))
        })
    }

    /// The weights of `key`, zero when it has none.
    #[cfg(test)]
    pub fn get(&self, key: u32) -> Row {
        let mut sum = [0i32; MAX_TAGS];
        match self.tags {
            3 => self.sum::<3, 5>(&[key], &mut sum),
            _ => self.sum::<6, 8>(&[key], &mut sum),
        }
        sum.map(|s| s as i16)
    }

    /// Adds the weights of `feats` to `sum`; `S` is `2 + N`, `N` the
    /// number of tags.
    #[inline]
    fn sum<const N: usize, const S: usize>(&self, feats: &[u32], sum: &mut [i32; MAX_TAGS]) {
        let (slots, _) = self.data.as_chunks::<S>();
        // The last slot stays empty, and no key lands there.
        let empty = slots.len().saturating_sub(1);
        for &f in feats {
            let i = self.find(f);
            let Some(s) = slots.get(i) else { continue };
            let key = u32::from(s[0]) | u32::from(s[1]) << 16;
            // A feature not in the table reads the empty slot instead: a
            // quarter of the features are not, unpredictably, and a
            // mispredicted branch costs more than the adds.
            let i = std::hint::select_unpredictable(key == f, i, empty);
            if let Some(s) = slots.get(i) {
                for (acc, &q) in sum.iter_mut().zip(&s[2..]).take(N) {
                    *acc += i32::from(q as i16);
                }
            }
        }
    }
}

/// A trained tagger, its weights quantized to 16 bits.
#[derive(Debug, Default)]
pub(crate) struct Tagger {
    /// Number of tags.
    pub tags: usize,
    /// The weight of one quantum.
    pub scale: f32,
    /// Feature hash -> weights.
    pub rows: Rows,
    /// `(tags + 1) × tags` transition weights; row `tags` scores the first tag.
    pub trans: Vec<f32>,
}

impl Tagger {
    /// Adds the weights of `feats` for every tag to `out` (length `tags`).
    #[cfg(test)]
    pub fn emit(&self, feats: &[u32], out: &mut [f32]) {
        let mut sum = [0i32; MAX_TAGS];
        self.sum(feats, &mut sum);
        self.add_scaled(&sum, out);
    }

    /// Adds the quantized weights of `feats` to `sum`.
    #[inline]
    pub fn sum(&self, feats: &[u32], sum: &mut [i32; MAX_TAGS]) {
        match self.tags {
            3 => self.rows.sum::<3, 5>(feats, sum),
            6 => self.rows.sum::<6, 8>(feats, sum),
            _ => {}
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
            6 => self.decode_n::<6>(n, emissions, trans, c),
            // The taggers have 3 and 6 tags; no other count is decoded.
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

/// The weight sums of `tagger` for the features `add` gives each of
/// `inputs`.
fn sums<X>(tagger: &Tagger, inputs: impl Iterator<Item = X>, add: fn(&X, &mut Feats)) -> Vec<[i32; MAX_TAGS]> {
    let mut f = Feats::new();
    inputs
        .map(|x| {
            f.list.clear();
            add(&x, &mut f);
            let mut sum = [0; MAX_TAGS];
            tagger.sum(&f.list, &mut sum);
            sum
        })
        .collect()
}

/// Adds each of `rows` (those found) to `sum`.
#[inline]
fn add_rows<const N: usize>(rows: [Option<&[i32; MAX_TAGS]>; N], sum: &mut [i32; MAX_TAGS]) {
    for row in rows.into_iter().flatten() {
        for (s, &v) in sum.iter_mut().zip(row) {
            *s += v;
        }
    }
}

/// The cue tagger's weight sums of the features of small range
/// ([`CueDense`]), by value: three array reads in place of eight weight
/// look-ups for each token.
#[derive(Debug, Default)]
pub(crate) struct CueSums {
    /// By flags.
    flags: Vec<[i32; MAX_TAGS]>,
    /// By fine cluster and the flags its features read.
    fine: Vec<[i32; MAX_TAGS]>,
    /// By middle cluster.
    mid: Vec<[i32; MAX_TAGS]>,
}

impl CueSums {
    /// The sums for `cue`, for words of up to `cluster_values` clusters
    /// ([`Lexicon::cluster_values`]).
    fn new(cue: &Tagger, cluster_values: [usize; 2]) -> CueSums {
        let [fine_values, mid_values] = cluster_values;
        let x = |flags: usize, fine: usize, mid: usize| CueDense {
            flags,
            fine: fine as u16,
            mid: mid as u16,
        };
        // The flag bits `CueDense::fine_flags` reads, from its value.
        let fine_bits = |k: usize| (k & 1) | (k & 6) << 3;
        CueSums {
            flags: sums(cue, (0..CueDense::FLAGS).map(|b| x(b, 0, 0)), CueDense::flag_features),
            fine: sums(
                cue,
                (0..fine_values).flat_map(|c| (0..CueDense::FINE_FLAGS).map(move |k| x(fine_bits(k), c, 0))),
                CueDense::fine_features,
            ),
            mid: sums(cue, (0..mid_values).map(|c| x(0, 0, c)), CueDense::mid_features),
        }
    }

    /// Adds the weight sums of the features of `x` to `sum`.
    #[inline]
    pub fn add(&self, x: &CueDense, sum: &mut [i32; MAX_TAGS]) {
        add_rows(
            [
                self.flags.get(x.flags),
                self.fine
                    .get(usize::from(x.fine) * CueDense::FINE_FLAGS + x.fine_flags()),
                self.mid.get(usize::from(x.mid)),
            ],
            sum,
        );
    }
}

/// The role tagger's weight sums of the token features of small range
/// ([`TokenDense`]), by value: three array reads in place of six weight
/// look-ups for each token and side.
#[derive(Debug, Default)]
pub(crate) struct RoleSums {
    /// By side and flags.
    flags: Vec<[i32; MAX_TAGS]>,
    /// By side and fine cluster.
    fine: Vec<[i32; MAX_TAGS]>,
    /// By side, capitalization and middle cluster.
    mid: Vec<[i32; MAX_TAGS]>,
    /// The number of fine and of middle clusters (with 0 for none).
    fine_values: usize,
    mid_values: usize,
}

impl RoleSums {
    /// The sums for `role`, for words of up to `cluster_values` clusters
    /// ([`Lexicon::cluster_values`]).
    fn new(role: &Tagger, cluster_values: [usize; 2]) -> RoleSums {
        let [fine_values, mid_values] = cluster_values;
        let x = |rel: u64, flags: usize, fine: usize, mid: usize| TokenDense {
            rel,
            flags,
            fine: fine as u16,
            mid: mid as u16,
        };
        let sides = 1..=3;
        RoleSums {
            flags: sums(
                role,
                sides
                    .clone()
                    .flat_map(|rel| (0..TokenDense::FLAGS).map(move |b| x(rel, b, 0, 0))),
                TokenDense::flag_features,
            ),
            fine: sums(
                role,
                sides
                    .clone()
                    .flat_map(|rel| (0..fine_values).map(move |c| x(rel, 0, c, 0))),
                TokenDense::fine_features,
            ),
            mid: sums(
                role,
                sides.flat_map(|rel| (0..2).flat_map(move |cap| (0..mid_values).map(move |c| x(rel, cap, 0, c)))),
                TokenDense::mid_features,
            ),
            fine_values,
            mid_values,
        }
    }

    /// Adds the weight sums of the features of `x` to `sum`.
    #[inline]
    pub fn add(&self, x: &TokenDense, sum: &mut [i32; MAX_TAGS]) {
        let side = x.rel as usize - 1;
        add_rows(
            [
                self.flags.get(side * TokenDense::FLAGS + x.flags),
                self.fine.get(side * self.fine_values + usize::from(x.fine)),
                self.mid
                    .get((side * 2 + (x.flags & 1)) * self.mid_values + usize::from(x.mid)),
            ],
            sum,
        );
    }
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
    /// The cue tagger's weight sums of the features of small range.
    pub cue_sums: CueSums,
    /// The role tagger's weight sums of the token features of small range.
    pub role_sums: RoleSums,
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
        let lex = Lexicon::new(&word_set(cue_words.iter().map(String::as_str)), clusters);
        Ok(Model::new(
            cue,
            role,
            lex,
            #[cfg(feature = "train")]
            cue_words,
        ))
    }

    /// The model of the taggers `cue` and `role` over the lexicon `lex`,
    /// with the weight sums it keeps by value.
    pub fn new(cue: Tagger, role: Tagger, lex: Lexicon, #[cfg(feature = "train")] cue_words: HashSet<String>) -> Model {
        Model {
            cue_sums: CueSums::new(&cue, lex.cluster_values),
            role_sums: RoleSums::new(&role, lex.cluster_values),
            cue,
            role,
            lex,
            #[cfg(feature = "train")]
            cue_words,
            cue_bias: CUE_BIAS,
        }
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
    let mut rows: Vec<(u32, Row)> = t.rows.iter().filter(|(_, r)| r.iter().any(|&q| q != 0)).collect();
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
        let mut rows = Vec::with_capacity(nrows.min(self.bytes.len() / 5));
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
            rows.push((key, row));
        }
        Ok(Tagger {
            tags,
            scale,
            rows: Rows::new(tags, rows)?,
            trans,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::IdSet;

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

    #[test]
    fn every_row_is_found_and_no_other() {
        let mut rng = 0x1234_5678_u64;
        let mut next = || {
            rng = rng
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (rng >> 32) as u32
        };
        for (tags, n) in [(3, 0), (3, 1), (6, 7), (3, 5000), (6, 20_000)] {
            let mut keys: Vec<u32> = (0..n).map(|_| next()).collect();
            keys.sort_unstable();
            keys.dedup();
            let rows: Vec<(u32, Row)> = keys
                .iter()
                .map(|&k| {
                    (
                        k,
                        std::array::from_fn(|t| if t < tags { (k >> t) as i16 | 1 } else { 0 }),
                    )
                })
                .collect();
            let table = Rows::new(tags, rows.clone()).expect("table");
            for &(k, r) in &rows {
                assert_eq!(table.get(k), r, "{k}");
            }
            let known: IdSet<u32> = keys.iter().copied().collect();
            for _ in 0..10_000 {
                let k = next();
                if !known.contains(&k) {
                    assert_eq!(table.get(k), [0; MAX_TAGS]);
                }
            }
            let mut back: Vec<(u32, Row)> = table.iter().collect();
            back.sort_unstable();
            assert_eq!(back, rows);
        }
        assert!(Rows::new(3, vec![(5, [1; MAX_TAGS]), (5, [2; MAX_TAGS])]).is_err());
    }

    #[test]
    fn truncated_model_is_an_error_not_a_panic() {
        assert!(Model::from_bytes(b"LEDESTM1\x03").is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
