//! The whole analysis never panics, and every span fits the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lede_core::{Document, Pipeline, SummaryOptions};
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::new().expect("pipeline"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(analysis) = PIPELINE.analyze(&Document::text(text.as_ref()), &SummaryOptions::default()) else {
        return;
    };
    let fits = |s: lede_core::Span| s.get(&analysis.article.text).is_some();
    for p in &analysis.extraction.participants {
        assert!(p.mentions.iter().all(|m| fits(m.span)));
    }
    for s in &analysis.extraction.statements {
        assert!(s.content.iter().all(|&c| fits(c)));
        assert!(s.speaker.is_none_or(fits));
    }
    assert!(analysis.summary.sentences.iter().all(|s| fits(s.span)));
});
