//! Background IDF: how rare a term is in news at large, from the table
//! `lede-train summarize` builds (see `train.rs`).
//!
//! The table is searched in place (9-byte records sorted by term hash), so
//! there is nothing to load or parse: it is a static byte slice.

use std::sync::LazyLock;

use super::terms::IdMap;

/// The table: records of a little-endian u64 term hash and a u8 IDF × 16.
/// The first record (hash 0) holds ln(number of stories).
static TABLE: &[u8] = include_bytes!("../../models/summarize.idf");

/// Bytes per record.
pub(super) const RECORD: usize = 9;

/// IDF to a byte (sixteenths, capped).
#[cfg(any(test, feature = "train"))]
pub(super) fn quantize(idf: f32) -> u8 {
    (idf.max(0.0) * 16.0).round().min(255.0) as u8
}

/// The record at index `i`.
fn record(i: usize) -> Option<(u64, u8)> {
    let r = TABLE.get(i * RECORD..(i + 1) * RECORD)?;
    let (hash, q) = r.split_at(8);
    Some((u64::from_le_bytes(hash.try_into().ok()?), *q.first()?))
}

/// The table as a map, built once on first use (about 21,000 terms).
static MAP: LazyLock<IdMap<u64, u8>> = LazyLock::new(|| (1..TABLE.len() / RECORD).filter_map(record).collect());

/// The IDF of a term; terms too rare to be in the table get that of a term
/// seen in one story.
pub(super) fn idf(term: u64) -> f32 {
    match MAP.get(&term) {
        Some(&q) => f32::from(q) / 16.0,
        None => record(0).map_or(8.0, |(_, q)| f32::from(q) / 16.0),
    }
}

#[cfg(test)]
mod tests {
    use super::super::terms::term_id;
    use super::*;

    #[test]
    fn common_words_weigh_less_than_rare_ones() {
        assert!(TABLE.len().is_multiple_of(RECORD) && TABLE.len() > 1000 * RECORD);
        assert!(idf(term_id("company")) < idf(term_id("football")));
        assert!(idf(term_id("said")) < 1.0);
        assert!(idf(term_id("zzyzxq")) > 8.0);
        assert_eq!(quantize(1.5), 24);
    }
}
