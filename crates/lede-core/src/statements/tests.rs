//! Tests of the statement finder with the shipped model.

use super::*;
use crate::{Document, Limits};

fn statements(text: &str) -> (Article, Vec<Statement>) {
    let article = crate::parse::parse(&Document::text(text), &Limits::default()).expect("parse");
    let finder = StatementFinder::new().expect("model");
    let found = finder.find(&article, &mut []);
    (article, found)
}

/// (speaker, cue, content start, content end) of each statement.
fn summary(a: &Article, found: &[Statement]) -> Vec<(String, String, String)> {
    found
        .iter()
        .map(|s| {
            let content = s.content.iter().map(|&c| a.slice(c)).collect::<Vec<_>>().join(" | ");
            (
                s.speaker.map_or(String::new(), |x| a.slice(x).to_owned()),
                s.cue.as_ref().map_or(String::new(), |c| a.slice(c.span).to_owned()),
                content,
            )
        })
        .collect()
}

fn has(found: &[(String, String, String)], speaker: &str, cue: &str, start: &str, end: &str) -> bool {
    found
        .iter()
        .any(|(s, c, t)| s == speaker && c == cue && t.starts_with(start) && t.ends_with(end))
}

#[test]
fn the_sample_statements_have_speaker_cue_and_content() {
    let (a, found) = statements(include_str!("../../../../examples/xinhua-china-india.txt"));
    let s = summary(&a, &found);
    for (speaker, cue, start, end) in [
        (
            "Chinese Foreign Minister Wang Yi",
            "said",
            "China and India should strive",
            "consuming each other",
        ),
        (
            "Wang",
            "said",
            "both sides should seize the opportunity",
            "more substantive measures",
        ),
        (
            "Wang",
            "added",
            "The improvement and development of China-Indian relations",
            "Asia and the world",
        ),
        (
            "Misri",
            "said",
            "that India and China have carried out",
            "in various fields",
        ),
        (
            "Misri",
            "added",
            "India is willing to celebrate",
            "Shanghai Cooperation Organization",
        ),
    ] {
        assert!(has(&s, speaker, cue, start, end), "{speaker} {cue} {start}: {s:#?}");
    }
    // Text order and ids.
    assert!(
        found
            .windows(2)
            .all(|w| w[0].content[0].begin <= w[1].content[0].begin || w[0].cue.is_some())
    );
    assert_eq!(found.first().map(|s| s.id.as_str()), Some("s1"));
    assert!(
        found
            .iter()
            .filter(|s| s.cue.is_some())
            .all(|s| s.kind == StatementKind::Indirect)
    );
}

#[test]
fn lemmas_are_base_forms() {
    assert_eq!(lemma("said"), "say");
    assert_eq!(lemma("added"), "add");
    assert_eq!(lemma("told reporters"), "tell");
    assert_eq!(lemma("has said"), "say");
    assert_eq!(lemma("According to"), "according to");
    assert_eq!(lemma("noting"), "note");
}
