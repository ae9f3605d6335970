//! Builds the background IDF table the summarizer weighs terms with, from
//! the unlabelled news in `../shared/data/unlabelled` (the `train` feature).
//!
//! ```text
//! cargo run --release -p lede-train -- summarize [--data DIR] [--out FILE] [--min-df N]
//! ```
//!
//! Each story (title line, then body; stories apart by a blank line) is one
//! document. A term is what the summarizer compares: a lowercased, lightly
//! stemmed content word, hashed. The table keeps terms in at least
//! `--min-df` stories (default 3), as 9-byte records sorted by hash: the
//! hash (u64, little-endian) and the IDF times 16 (u8). Deterministic: no
//! randomness, the output depends on the input alone.

use std::collections::HashMap;
use std::path::PathBuf;

use super::idf::{self, RECORD};
use super::terms;
use crate::{Paragraph, ParagraphKind, Span, Tokens};

/// Runs the IDF build with command-line `args`.
pub fn main(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut data = root.join("../../../shared/data/unlabelled/reuters21578.txt");
    let mut out = root.join("models/summarize.idf");
    let mut min_df = 3usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--data" => data = it.next().ok_or("--data needs a file")?.into(),
            "--out" => out = it.next().ok_or("--out needs a file")?.into(),
            "--min-df" => min_df = it.next().ok_or("--min-df needs a number")?.parse()?,
            "--help" | "-h" => {
                println!("lede-train summarize [--data reuters21578.txt] [--out models/summarize.idf] [--min-df 3]");
                return Ok(());
            }
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    let text = std::fs::read_to_string(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let (table, docs) = build(&text, min_df);
    std::fs::write(&out, &table)?;
    println!(
        "{docs} stories, {} terms with df >= {min_df}, {} bytes -> {}",
        table.len() / RECORD,
        table.len(),
        out.display()
    );
    Ok(())
}

/// The table for a corpus of stories apart by blank lines, and the number
/// of stories.
fn build(text: &str, min_df: usize) -> (Vec<u8>, usize) {
    let mut df: HashMap<u64, u32> = HashMap::new();
    let mut docs = 0usize;
    let vocab = crate::pipeline::base_vocabulary();
    for story in text.split("\n\n") {
        if story.trim().is_empty() {
            continue;
        }
        docs += 1;
        let whole = Paragraph {
            span: Span::new(0, story.len()),
            kind: ParagraphKind::Body,
        };
        let tokens = Tokens::build(story, &[whole], &[], None, &vocab);
        let (counts, _) = terms::content_terms(&tokens, whole.span);
        for (id, _) in counts {
            *df.entry(id).or_insert(0) += 1;
        }
    }
    let mut rows: Vec<(u64, u8)> = df
        .into_iter()
        .filter(|&(_, n)| n as usize >= min_df)
        .map(|(id, n)| (id, idf::quantize((docs as f32 / n as f32).ln())))
        .collect();
    rows.sort_unstable();
    let mut table = Vec::with_capacity(rows.len() * RECORD + 9);
    // The first record holds the corpus size under hash 0.
    table.extend_from_slice(&0u64.to_le_bytes());
    table.push(idf::quantize((docs as f32).ln()));
    for (id, q) in rows {
        table.extend_from_slice(&id.to_le_bytes());
        table.push(q);
    }
    (table, docs)
}
