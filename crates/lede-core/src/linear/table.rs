//! Weight tables: a feature hash's weights for each tag, quantized.

use crate::{Error, Result};

/// The most tags a tagger may have.
pub(crate) const MAX_TAGS: usize = 6;

/// One feature's weights, quantized: `weight = q × scale`.
#[cfg(any(test, feature = "train"))]
pub(crate) type Row = [i8; MAX_TAGS];

/// The bytes of a slot's key.
const KEY: usize = 4;

/// Feature hash -> weights, in a minimal-ish perfect hash table (CHD:
/// "hash, displace and compress"), searched for when the model is trained
/// and stored as it stands in memory, so that loading copies it
/// ([`Rows::from_parts`]): a feature's bucket
/// gives a small pilot number, the feature and its pilot give its slot,
/// and the slot holds the key beside the weights. A lookup is two loads,
/// the first from a pilot table small enough to stay in cache, with no
/// probing; the table is about 1.03 slots per row, each of `4 + tags`
/// bytes: the key, then a signed byte a tag (a hash map's buckets would
/// hold more at up to twice the rows, behind a control byte). The tables
/// of the statements stage are read at random for every token, so their
/// size, against the core's L2 cache, sets much of the stage's speed.
/// Lookups are exact: a slot counts only when its key is the feature's.
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
    /// `(slots + 1) × (4 + tags)` bytes: each slot's key (u32 LE), then
    /// its quantized weights (i8). Empty slots hold key 0 and zero
    /// weights, so that a feature hash 0 landing there adds nothing.
    data: Vec<u8>,
}

/// `x` scaled to `0..n`.
fn reduce(x: u32, n: u32) -> usize {
    ((u64::from(x) * u64::from(n)) >> 32) as usize
}

impl Rows {
    /// The table of `rows` (distinct keys) for a tagger of `tags` tags,
    /// its pilots found by search (training; a model file stores them).
    #[cfg(any(test, feature = "train"))]
    pub fn new(tags: usize, mut rows: Vec<(u32, Row)>) -> Result<Rows> {
        if tags > MAX_TAGS {
            return Err(Error::internal("model: too many tags"));
        }
        rows.sort_unstable_by_key(|r| r.0);
        if rows.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(Error::internal("model: a feature twice"));
        }
        let n = rows.len();
        let buckets = u32::try_from(n / 4 + 1).map_err(|_| Error::internal("model: too many rows"))?;
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
                data: vec![0; (slots as usize + 1) * (KEY + tags)],
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
                    table.fill(i, rows[k as usize]);
                }
            }
            return Ok(table);
        }
    }

    /// The table of `slots` slots whose buckets have `pilots` and whose
    /// slots hold `data` (key and weights, `4 + tags` bytes a slot, one
    /// slot more at the end), as [`Rows::parts`] gave them.
    pub fn from_parts(tags: usize, slots: u32, pilots: Vec<u16>, data: Vec<u8>) -> Result<Rows> {
        let buckets = u32::try_from(pilots.len()).map_err(|_| Error::internal("model: too many buckets"))?;
        let size = (slots as usize + 1).checked_mul(KEY + tags);
        if tags > MAX_TAGS || buckets == 0 || size != Some(data.len()) {
            return Err(Error::internal(format!(
                "model: a table of {} bytes is not {slots} slots of {tags} tags",
                data.len()
            )));
        }
        Ok(Rows {
            #[cfg(any(test, feature = "train"))]
            tags,
            buckets,
            slots,
            pilots,
            data,
        })
    }

    /// Slot `i` holds `key` and its weights.
    #[cfg(any(test, feature = "train"))]
    fn fill(&mut self, i: usize, (key, row): (u32, Row)) {
        let stride = KEY + self.tags;
        let slot = &mut self.data[i * stride..(i + 1) * stride];
        slot[..KEY].copy_from_slice(&key.to_le_bytes());
        for (d, &q) in slot[KEY..].iter_mut().zip(&row) {
            *d = q as u8;
        }
    }

    /// The number of slots, each bucket's pilot and the slots' values,
    /// from which [`Rows::from_parts`] makes the table again.
    #[cfg(any(test, feature = "train"))]
    pub fn parts(&self) -> (u32, &[u16], &[u8]) {
        (self.slots, &self.pilots, &self.data)
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
        let stride = KEY + self.tags;
        self.data.chunks_exact(stride).filter_map(move |s| {
            let (key, weights) = s.split_at(KEY);
            let key = u32::from_le_bytes([key[0], key[1], key[2], key[3]]);
            let mut row = [0i8; MAX_TAGS];
            for (r, &q) in row.iter_mut().zip(weights) {
                *r = q as i8;
            }
            (key != 0 || row.iter().any(|&q| q != 0)).then_some((key, row))
        })
    }

    /// The weights of `key`, zero when it has none.
    #[cfg(test)]
    pub fn get(&self, key: u32) -> Row {
        let mut sum = [0i32; MAX_TAGS];
        match self.tags {
            3 => self.sum::<3, 7, 0>(&[key], &mut sum),
            4 => self.sum::<4, 8, 0>(&[key], &mut sum),
            5 => self.sum::<5, 9, 0>(&[key], &mut sum),
            _ => self.sum::<6, 10, 0>(&[key], &mut sum),
        }
        sum.map(|s| s as i8)
    }

    /// Adds the weights of `feats` to `sum[F..F + N]`; `S` is `4 + N`
    /// (the bytes of a slot), `N` the number of tags the rows hold, `F`
    /// the first of them ([`Tagger::first`]).
    #[inline]
    fn sum<const N: usize, const S: usize, const F: usize>(&self, feats: &[u32], sum: &mut [i32; MAX_TAGS]) {
        let (slots, _) = self.data.as_chunks::<S>();
        let mut acc = [0i32; N];
        for &f in feats {
            let Some(s) = slots.get(self.find(f)) else { continue };
            let key = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            // A feature not in the table adds its slot masked to zero: a
            // quarter of the features are not, unpredictably, and a
            // mispredicted branch costs more than the adds.
            let mask = -i32::from(key == f);
            for (a, &q) in acc.iter_mut().zip(&s[KEY..]) {
                *a += i32::from(q as i8) & mask;
            }
        }
        for (out, &a) in sum[F..].iter_mut().zip(&acc) {
            *out += a;
        }
    }
}

/// A trained tagger, its weights quantized to a signed byte.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tagger {
    /// Number of tags.
    pub tags: usize,
    /// The weight of one quantum.
    pub scale: f32,
    /// Feature hash -> weights.
    pub rows: Rows,
    /// `(tags + 1) × tags` transition weights; row `tags` scores the first tag.
    pub trans: Vec<f32>,
    /// The first tag the rows hold weights of: 0, or 1 when tag 0's
    /// weights, subtracted from the others', are left out (each token's
    /// scores then differ by the same amount, which changes no decoding).
    pub first: usize,
}

impl Tagger {
    /// The tagger of the float weights `rows` (a feature and its weight for
    /// each tag) and the transitions `trans`, quantized to a signed byte on
    /// one scale (the largest weight is 127); a row whose largest weight
    /// comes to fewer than `min` quanta is left out. The statement taggers
    /// lose nothing measurable with most of their rows so pruned (see
    /// `lede-train statements --min-weight`), and a table that fits the
    /// core's L2 cache is what makes them fast. With `without_first`, tag
    /// 0's weight is subtracted from the others' and left out of the rows
    /// ([`Tagger::first`]). A shape [`Tagger::sum`] cannot sum is an error.
    #[cfg(any(test, feature = "train"))]
    pub fn quantize(
        tags: usize,
        rows: &[(u32, [f32; MAX_TAGS])],
        trans: Vec<f32>,
        min: u8,
        without_first: bool,
    ) -> Result<Tagger> {
        let first = usize::from(without_first);
        if !Tagger::summable(tags, first) {
            return Err(Error::internal(format!(
                "model: no table of {tags} tags from tag {first}"
            )));
        }
        let shifted: Vec<(u32, [f32; MAX_TAGS])>;
        let rows = if without_first {
            shifted = rows
                .iter()
                .map(|&(key, w)| {
                    let mut out = [0.0; MAX_TAGS];
                    for t in 1..tags.min(MAX_TAGS) {
                        out[t - 1] = w[t] - w[0];
                    }
                    (key, out)
                })
                .collect();
            &shifted[..]
        } else {
            rows
        };
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 127.0;
        let floor = scale * (f32::from(min.max(1)) - 0.5);
        let quantized = rows
            .iter()
            .filter(|(_, weights)| weights.iter().any(|w| w.abs() >= floor))
            .map(|&(key, weights)| (key, weights.map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8)))
            .collect();
        Ok(Tagger {
            tags,
            scale,
            rows: Rows::new(tags - first, quantized)?,
            trans,
            first,
        })
    }

    /// Adds the weights of `feats` for every tag to `out` (length `tags`).
    #[cfg(test)]
    pub fn emit(&self, feats: &[u32], out: &mut [f32]) {
        let mut sum = [0i32; MAX_TAGS];
        self.sum(feats, &mut sum);
        self.add_scaled(&sum, out);
    }

    /// Whether [`Tagger::sum`] sums a tagger of `tags` tags whose rows
    /// start at tag `first`: the statement taggers' shapes (role: 6 from
    /// 0; cue: 5 from 1, and the shapes before and beside it).
    pub fn summable(tags: usize, first: usize) -> bool {
        matches!((tags, first), (3 | 5 | 6, 0) | (5, 1))
    }

    /// Adds the quantized weights of `feats` to `sum`. Always inlined:
    /// a call per feature would cost more than the look-up.
    #[inline(always)]
    pub fn sum(&self, feats: &[u32], sum: &mut [i32; MAX_TAGS]) {
        // The shapes of [`Tagger::summable`]; no other is built or read.
        match (self.tags, self.first) {
            (3, 0) => self.rows.sum::<3, 7, 0>(feats, sum),
            (5, 0) => self.rows.sum::<5, 9, 0>(feats, sum),
            (5, 1) => self.rows.sum::<4, 8, 1>(feats, sum),
            (6, 0) => self.rows.sum::<6, 10, 0>(feats, sum),
            _ => {}
        }
    }

    /// Adds quantized weight sums to `out` (length `tags`) as weights.
    #[inline]
    pub fn add_scaled(&self, sum: &[i32; MAX_TAGS], out: &mut [f32]) {
        // The taggers' tag counts unrolled: a loop of a count known only
        // at run time costs more than its five or six multiply-adds.
        match (self.tags, out) {
            (5, [a, b, c, d, e]) => self.scaled(sum, [a, b, c, d, e]),
            (6, [a, b, c, d, e, f]) => self.scaled(sum, [a, b, c, d, e, f]),
            (_, out) => {
                for (o, &s) in out.iter_mut().zip(sum).take(self.tags) {
                    *o += s as f32 * self.scale;
                }
            }
        }
    }

    #[inline(always)]
    fn scaled<const N: usize>(&self, sum: &[i32; MAX_TAGS], out: [&mut f32; N]) {
        for (o, &s) in out.into_iter().zip(sum) {
            *o += s as f32 * self.scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::IdSet;

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
                        std::array::from_fn(|t| if t < tags { (k >> t) as i8 | 1 } else { 0 }),
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
            // Its parts make the same table again; a cut table is an error.
            let (slots, pilots, data) = table.parts();
            let again = Rows::from_parts(tags, slots, pilots.to_vec(), data.to_vec()).expect("parts");
            assert!(again.iter().eq(table.iter()));
            assert!(Rows::from_parts(tags, slots, pilots.to_vec(), data[1..].to_vec()).is_err());
        }
        assert!(Rows::new(3, vec![(5, [1; MAX_TAGS]), (5, [2; MAX_TAGS])]).is_err());
    }

    #[test]
    fn quantizing_scales_the_largest_weight_to_127_and_drops_rows_under_the_minimum() {
        let row = |w: [f32; 3]| [w[0], w[1], w[2], 0.0, 0.0, 0.0];
        let rows = [
            (1, row([2.54, -0.1, 0.0])),
            (2, row([0.0, 0.08, -0.02])),  // 4 quanta at most
            (3, row([0.06, -0.04, 0.0])),  // 3 quanta
            (4, row([0.01, -0.045, 0.0])), // 2.25 quanta: rounds to 2
        ];
        for (min, kept) in [(1, 4), (2, 4), (3, 3), (4, 2)] {
            let t = Tagger::quantize(3, &rows, vec![0.0; 12], min, false).expect("tagger");
            assert_eq!(t.rows.iter().count(), kept, "min {min}");
            assert_eq!(t.rows.get(1)[..3], [127, -5, 0]);
            assert!((t.scale - 0.02).abs() < 1e-6);
        }
        // No table sums four tags, or three from tag 1: an error, not a
        // tagger that scores nothing.
        assert!(Tagger::quantize(4, &rows, vec![0.0; 20], 1, false).is_err());
        assert!(Tagger::quantize(4, &rows, vec![0.0; 20], 1, true).is_err());
    }
}
