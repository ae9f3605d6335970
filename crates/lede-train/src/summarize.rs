//! `lede-train summarize`: the background IDF table the summarizer weighs
//! terms with, from the unlabelled news in `../shared/data/unlabelled`.
//!
//! Each story (a title line, then the body; stories apart by a blank line)
//! is one document. A term is what the summarizer compares: a token's
//! plural-cut word hash, for content words only. The table keeps terms in at
//! least `--min-df` stories, as 9-byte records sorted by hash: the hash (u64,
//! little-endian) and the IDF times 16 (u8); the first record, under hash 0,
//! holds ln(number of stories). Deterministic: the output depends on the
//! input alone.

use std::collections::HashMap;
use std::path::PathBuf;

use lede_core::train::summarize::{RECORD, quantize, story_terms};

use crate::BoxError;

/// The options of `lede-train summarize`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Unlabelled stories, apart by blank lines.
    #[arg(long, default_value = "../shared/data/unlabelled/reuters21578.txt")]
    data: PathBuf,
    /// Where the table goes.
    #[arg(long, default_value = "crates/lede-core/models/summarize.idf")]
    out: PathBuf,
    /// Keep terms found in at least this many stories.
    #[arg(long, default_value_t = 3)]
    min_df: usize,
}

/// Builds and writes the table.
pub(crate) fn run(args: Args) -> Result<(), BoxError> {
    let text = std::fs::read_to_string(&args.data).map_err(|e| format!("{}: {e}", args.data.display()))?;
    let (table, docs) = build(&text, args.min_df);
    std::fs::write(&args.out, &table).map_err(|e| format!("{}: {e}", args.out.display()))?;
    println!(
        "{docs} stories, {} terms with df >= {}, {} bytes -> {}",
        table.len() / RECORD - 1,
        args.min_df,
        table.len(),
        args.out.display()
    );
    Ok(())
}

/// The table for a corpus of stories apart by blank lines, and the number
/// of stories.
fn build(text: &str, min_df: usize) -> (Vec<u8>, usize) {
    let mut df: HashMap<u64, u32> = HashMap::new();
    let mut docs = 0usize;
    for story in text.split("\n\n").filter(|s| !s.trim().is_empty()) {
        docs += 1;
        for term in story_terms(story) {
            *df.entry(term).or_insert(0) += 1;
        }
    }
    let mut rows: Vec<(u64, u8)> = df
        .into_iter()
        .filter(|&(_, n)| n as usize >= min_df)
        .map(|(term, n)| (term, quantize((docs as f32 / n as f32).ln())))
        .collect();
    rows.sort_unstable();
    let mut table = Vec::with_capacity((rows.len() + 1) * RECORD);
    table.extend_from_slice(&0u64.to_le_bytes());
    table.push(quantize((docs as f32).ln()));
    for (term, q) in rows {
        table.extend_from_slice(&term.to_le_bytes());
        table.push(q);
    }
    (table, docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_terms_weigh_more_and_the_table_is_sorted() {
        let corpus = "TALKS RESUME\nThe talks resumed.\n\nTALK SHOW\nA talk show aired.\n\nBANKS\nThe bank talks.";
        let (table, docs) = build(corpus, 1);
        assert_eq!(docs, 3);
        let records: Vec<(u64, u8)> = table
            .chunks(RECORD)
            .map(|r| (u64::from_le_bytes(r[..8].try_into().expect("8 bytes")), r[8]))
            .collect();
        assert_eq!(records[0], (0, quantize(3f32.ln())));
        assert!(records[1..].windows(2).all(|w| w[0].0 < w[1].0));
        // "talk(s)" stands in every story, "show" in one.
        let talk = story_terms("talks")[0];
        let show = story_terms("show")[0];
        let q = |t: u64| records.iter().find(|r| r.0 == t).map(|r| r.1);
        assert_eq!(q(talk), Some(0));
        assert_eq!(q(show), Some(quantize(3f32.ln())));
    }
}
