//! HTML parsing never panics, and every span fits the extracted text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lede_core::{Document, Pipeline};
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::new().expect("pipeline"));

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    if let Ok(article) = PIPELINE.parse(&Document::html(html.as_ref())) {
        for p in &article.paragraphs {
            assert!(p.span.get(&article.text).is_some());
        }
        for s in &article.sentences {
            assert!(s.span.get(&article.text).is_some());
        }
    }
});
