//! Tests of the statement finder with the shipped model.

use super::*;
use crate::Document;

fn statements(text: &str) -> (Article, Vec<Statement>) {
    let article = crate::pipeline::shared().parse(&Document::text(text)).expect("parse");
    let finder = StatementFinder::new().expect("model");
    let found = finder.find(&article, &mut [], &crate::Stop::never());
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
    // Neither the headline's verb nor the caption's are statements; the
    // dateline is no content.
    let title = a.title_span.expect("title");
    assert!(
        found.iter().all(|s| s.content.iter().all(|c| !title.overlaps(*c))),
        "{s:#?}"
    );
    assert!(
        found.iter().all(|s| !a.slice(s.content[0]).contains("Xinhua")),
        "{s:#?}"
    );
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
    assert_eq!(lemma("promoted"), "promote");
    assert_eq!(lemma("argued"), "argue");
    assert_eq!(lemma("urging"), "urge");
    assert_eq!(lemma("proposed"), "propose");
    assert_eq!(lemma("warned"), "warn");
    assert_eq!(lemma("insisted"), "insist");
    assert_eq!(lemma("explained"), "explain");
}

fn one(text: &str) -> Vec<(String, String, String)> {
    let (a, found) = statements(text);
    summary(&a, &found)
}

#[test]
fn a_split_quote_gives_two_content_spans() {
    let text = "“We will build it,” he said. “And they will pay for it.”\n\nShe left the room.";
    let (a, found) = statements(text);
    let s = found
        .iter()
        .find(|s| s.speaker.is_some_and(|x| a.slice(x) == "he"))
        .expect("statement");
    let content: Vec<&str> = s.content.iter().map(|&c| a.slice(c)).collect();
    assert_eq!(content, ["“We will build it,”", "“And they will pay for it.”"]);
    assert_eq!(s.kind, StatementKind::Direct);
}

#[test]
fn transcript_and_headline_colons_name_the_speaker() {
    let s = one("Trump: “We will win”\n\nPENCE: Well, look, we agree on that.\n\nNote: this is no speech at all.");
    assert!(has(&s, "Trump", ":", "“We will win”", "“We will win”"), "{s:#?}");
    assert!(has(&s, "PENCE", ":", "Well, look", "agree on that"), "{s:#?}");
    assert!(!s.iter().any(|(speaker, _, _)| speaker == "Note"), "{s:#?}");
}

#[test]
fn a_quote_signed_with_a_dash_is_attributed() {
    // A story paragraph first, so that the parser does not take the short
    // signed lines for boilerplate.
    let s = one(
        "Readers wrote to us after the debate on Sunday night in large numbers.\n\n\
         “He represents our greatest shame.” ― Sonya Herridge\n“Another view of the debate.” ― Pamela Padilla",
    );
    assert!(has(&s, "Sonya Herridge", "―", "“He represents", "shame.”"), "{s:#?}");
    assert!(has(&s, "Pamela Padilla", "―", "“Another view", "debate.”"), "{s:#?}");
}

#[test]
fn a_quote_runs_over_paragraphs_without_a_closing_mark() {
    let text = "He told reporters: “This is the first paragraph of a long quote that goes on.\n\n\
                “And this is the second paragraph, where the quote ends.”\n\nThe meeting ended.";
    let s = one(text);
    // The cue's right edge is the cue tagger's call ("told" or "told
    // reporters:", as PolNeAR marks "said:"); the content is the point here.
    assert!(
        s.iter().any(|(speaker, cue, t)| speaker == "He"
            && cue.starts_with("told")
            && t.starts_with("“This is the first paragraph")
            && t.ends_with("where the quote ends.”")),
        "{s:#?}"
    );
}

#[test]
fn unattributed_quotes_have_no_speaker() {
    let (a, found) =
        statements("The crowd gathered outside.\n\n“This is a quote that nobody is named for.”\n\nThen it rained.");
    let s = found
        .iter()
        .find(|s| a.slice(s.content[0]).contains("nobody"))
        .expect("statement");
    assert_eq!((s.speaker, s.cue.as_ref(), s.kind), (None, None, StatementKind::Direct));
}

#[test]
fn every_quote_style_counts_as_quoted() {
    for (open, close) in [("“", "”"), ("\"", "\""), ("«", "»"), ("‘", "’")] {
        // A story paragraph first, so that the parser takes the quote for
        // body text, not for a headline or boilerplate.
        let text = format!(
            "The talks went on until late at night in the capital.\n\n\
             {open}We are ready to sign the agreement today,{close} the minister said."
        );
        let (a, found) = statements(&text);
        let s = found
            .iter()
            .find(|s| s.cue.is_some())
            .unwrap_or_else(|| panic!("{text}: {found:?}"));
        assert_eq!(s.kind, StatementKind::Direct, "{text}");
        assert_eq!(s.speaker.map(|x| a.slice(x)), Some("the minister"), "{text}");
    }
}

#[test]
fn reported_speech_patterns() {
    let s = one(
        "Officials said on Monday that the bridge would reopen in May. The bridge was closed in 2020, \
                 according to the city council. “It is safe,” the engineer told reporters.",
    );
    assert!(
        has(&s, "Officials", "said", "that the bridge", "reopen in May"),
        "{s:#?}"
    );
    assert!(
        has(
            &s,
            "the city council",
            "according to",
            "The bridge was closed",
            "in 2020"
        ),
        "{s:#?}"
    );
    assert!(
        has(&s, "the engineer", "told", "“It is safe,”", "“It is safe,”"),
        "{s:#?}"
    );
}

#[test]
fn pathological_input_neither_panics_nor_hangs() {
    let quotes = "“a ".repeat(20_000);
    let caps = "Said Wang Told Noting ".repeat(5_000);
    let dashes = "” ― A ".repeat(5_000);
    let saids = "he said that she said ".repeat(1_000);
    let open_quote = format!("“{}", "It is so, he said, and she added that it was. ".repeat(500));
    let colons = "A: b\n\n".repeat(5_000);
    for text in [
        quotes.as_str(),
        caps.as_str(),
        dashes.as_str(),
        saids.as_str(),
        open_quote.as_str(),
        colons.as_str(),
        "“",
        "said",
        ": :",
        "― ―",
    ] {
        let (a, found) = statements(text);
        assert!(found.iter().all(|s| s.content.iter().all(|c| c.get(&a.text).is_some())));
    }
}

/// The shipped model and the statement finder's tokens of the sample.
fn sample_doc() -> (Model, Doc) {
    let text = include_str!("../../../../examples/xinhua-china-india.txt");
    let article = crate::pipeline::shared().parse(&Document::text(text)).expect("parse");
    let model = Model::from_bytes(MODEL).expect("model");
    let doc = Doc::new(&article, &model.lex);
    (model, doc)
}

#[test]
fn cached_role_weights_equal_the_full_features() {
    let (model, doc) = sample_doc();
    let mut cache = TokenCache::new(&doc);
    let mut f = Feats::new();
    let cues = find_cues(&doc, &model, 0.0);
    assert!(cues.len() >= 5);
    for (b, e) in cues {
        let w = Window::new(&doc, b, e);
        let split = role_emissions(&doc, &w, &model, &mut cache);
        for i in w.begin..w.end {
            let mut full = [0.0; ROLE_TAGS];
            w.features(&doc, i, &mut f);
            model.role.emit(&f.list, &mut full);
            let k = i - w.begin;
            let split = &split[k * ROLE_TAGS..(k + 1) * ROLE_TAGS];
            for (a, b) in full.iter().zip(split) {
                assert!((a - b).abs() < 1e-3, "{full:?} {split:?}");
            }
        }
    }
}

#[test]
fn cue_sums_by_value_equal_the_looked_up_features() {
    let (model, doc) = sample_doc();
    let mut f = Feats::new();
    let mut clustered = 0;
    for &s in &doc.sents {
        let quoted = features::quoted(&doc, s);
        for i in s.begin..s.end {
            f.list.clear();
            let dense = features::cue_word_features(&doc, s, quoted, i, &mut f);
            clustered += usize::from(dense.fine > 0);
            let mut split = [0; MAX_TAGS];
            model.cue_sums.add(&dense, &mut split);
            model.cue.sum(&f.list, &mut split);
            dense.flag_features(&mut f);
            dense.fine_features(&mut f);
            dense.mid_features(&mut f);
            let mut full = [0; MAX_TAGS];
            model.cue.sum(&f.list, &mut full);
            assert_eq!(split, full, "token {i}");
        }
    }
    assert!(clustered > doc.toks.len() / 2);
}

#[test]
fn said_in_a_statement_and_headline_quotes() {
    let s = one("Acme Corp. said in a statement that profits would fall sharply this year.");
    assert!(
        s.iter().any(|(speaker, cue, content)| speaker == "Acme Corp."
            && cue.starts_with("said")
            && content.starts_with("that profits")),
        "{s:#?}"
    );
    let s = one("Minister says “we will not back down” on tariffs\n\nThe minister spoke in Geneva on Monday.");
    assert!(has(&s, "Minister", "says", "“we will not back down”", ""), "{s:#?}");
}
