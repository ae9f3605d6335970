//! Background IDF: how rare a term is in news at large, from the table
//! `lede-train summarize` builds from unlabelled news.
//!
//! The table is searched in place (9-byte records sorted by term hash), so
//! there is nothing to load or parse: it is a static byte slice.

use std::sync::LazyLock;

/// The table: records of a little-endian u64 term hash and a u8 IDF × 16.
/// The first record (hash 0) holds ln(number of stories).
static TABLE: &[u8] = include_bytes!("../../models/summarize.idf");

/// Bytes per record.
pub const RECORD: usize = 9;

/// IDF to a byte (sixteenths, capped).
#[cfg(any(test, feature = "train"))]
pub fn quantize(idf: f32) -> u8 {
    (idf.max(0.0) * 16.0).round().min(255.0) as u8
}

/// The record at index `i`.
fn record(i: usize) -> Option<(u64, u8)> {
    let r = TABLE.get(i * RECORD..(i + 1) * RECORD)?;
    let (hash, q) = r.split_at(8);
    Some((u64::from_le_bytes(hash.try_into().ok()?), *q.first()?))
}

/// The table as a hash table, built once on first use (about 21,000
/// terms): open addressing over a power-of-two table at most half full,
/// keys and values apart so that a probe reads few cache lines.
struct Map {
    /// Term hashes; 0 marks an empty slot.
    keys: Vec<u64>,
    /// The quantized IDF of each key.
    values: Vec<u8>,
    /// The value of term hash 0, which cannot take a slot.
    zero: Option<u8>,
}

impl Map {
    /// The slot a term hashes to.
    fn home(&self, term: u64) -> usize {
        (term.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & (self.keys.len() - 1)
    }

    /// The table of the records.
    fn build() -> Map {
        let n = TABLE.len() / RECORD;
        let size = (n * 2).next_power_of_two().max(16);
        let mut map = Map {
            keys: vec![0; size],
            values: vec![0; size],
            zero: None,
        };
        for (term, q) in (1..n).filter_map(record) {
            if term == 0 {
                map.zero = Some(q);
                continue;
            }
            let mut i = map.home(term);
            while map.keys.get(i).is_some_and(|&k| k != 0 && k != term) {
                i = (i + 1) & (size - 1);
            }
            if let (Some(k), Some(v)) = (map.keys.get_mut(i), map.values.get_mut(i)) {
                *k = term;
                *v = q;
            }
        }
        map
    }

    /// The quantized IDF of a term in the table.
    fn get(&self, term: u64) -> Option<u8> {
        if term == 0 {
            return self.zero;
        }
        let mask = self.keys.len() - 1;
        let mut i = self.home(term);
        loop {
            match self.keys.get(i) {
                Some(&k) if k == term => return self.values.get(i).copied(),
                Some(&0) | None => return None,
                Some(_) => i = (i + 1) & mask,
            }
        }
    }
}

static MAP: LazyLock<Map> = LazyLock::new(Map::build);

/// The IDF of a term; terms too rare to be in the table get that of a term
/// seen in one story.
pub(super) fn idf(term: u64) -> f32 {
    match MAP.get(term) {
        Some(q) => f32::from(q) / 16.0,
        None => record(0).map_or(8.0, |(_, q)| f32::from(q) / 16.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The term of a word.
    fn term_id(word: &str) -> u64 {
        let a = crate::pipeline::shared()
            .parse(&crate::Document::text(word))
            .expect("parses");
        a.tokens.tokens()[0].term
    }

    #[test]
    fn common_words_weigh_less_than_rare_ones() {
        assert!(TABLE.len().is_multiple_of(RECORD) && TABLE.len() > 1000 * RECORD);
        assert!(idf(term_id("company")) < idf(term_id("football")));
        assert!(idf(term_id("said")) < 1.0);
        assert!(idf(term_id("zzyzxq")) > 8.0);
        assert_eq!(quantize(1.5), 24);
    }
}
