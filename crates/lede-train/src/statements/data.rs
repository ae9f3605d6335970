//! The PolNeAR data: articles with their gold attributions.

use std::path::Path;

use serde_json::Value;

use crate::BoxError;

/// A span in UTF-8 bytes, `(begin, end)`.
pub(crate) type ByteSpan = (usize, usize);

/// One gold attribution.
pub(crate) struct Gold {
    pub source: Vec<ByteSpan>,
    pub cue: Vec<ByteSpan>,
    pub content: Vec<ByteSpan>,
}

/// One article with its gold attributions.
pub(crate) struct GoldDoc {
    pub id: String,
    pub text: String,
    pub quotes: Vec<Gold>,
}

/// Reads a PolNeAR JSONL file, converting code-point spans to bytes.
pub(crate) fn load(path: &Path) -> Result<Vec<GoldDoc>, BoxError> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().ok_or("record without text")?.to_owned();
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        let spans = |q: &Value, key: &str| -> Vec<ByteSpan> {
            q[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| {
                    let a = bytes.get(s[0].as_u64()? as usize)?;
                    let b = bytes.get(s[1].as_u64()? as usize)?;
                    (a < b).then_some((*a, *b))
                })
                .collect()
        };
        let quotes = v["quotes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|q| Gold {
                source: spans(q, "speaker_spans"),
                cue: spans(q, "cue_spans"),
                content: spans(q, "content_spans"),
            })
            .collect();
        let id = v["id"].as_str().unwrap_or_default().to_owned();
        out.push(GoldDoc { id, text, quotes });
    }
    Ok(out)
}

/// The one-word cues seen `min` times or more, lower case.
pub(crate) fn cue_words(docs: &[&GoldDoc], min: usize) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for d in docs {
        for &(a, b) in d.quotes.iter().flat_map(|q| &q.cue) {
            let w = d.text[a..b].trim().to_lowercase();
            if !w.is_empty() && !w.contains(char::is_whitespace) {
                *counts.entry(w).or_default() += 1;
            }
        }
    }
    counts.into_iter().filter(|&(_, n)| n >= min).map(|(w, _)| w).collect()
}
