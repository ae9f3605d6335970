//! Tests of the statement finder with the shipped model.

use super::*;
use crate::Document;

fn statements(text: &str) -> (Article, Vec<Statement>) {
    let article = crate::pipeline::shared().parse(&Document::text(text)).expect("parse");
    let found = crate::pipeline::shared().find_statements(&article, &mut []);
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

/// Whether `found` holds a statement of `speaker` whose cue is `cue` or
/// opens with it ("said", or "said Monday": PolNeAR marks a time word
/// after the verb both ways) and whose content runs from `start` to `end`.
fn has(found: &[(String, String, String)], speaker: &str, cue: &str, start: &str, end: &str) -> bool {
    found.iter().any(|(s, c, t)| {
        let opens = c == cue || c.strip_prefix(cue).is_some_and(|rest| rest.starts_with(' '));
        s == speaker && opens && t.starts_with(start) && t.ends_with(end)
    })
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
    // Exactly those five and the participial "Noting ...": the position
    // Misri reports ("India is willing to ...") is his content, not a
    // statement of India's.
    assert_eq!(found.len(), 6, "{s:#?}");
    assert!(
        found
            .iter()
            .any(|st| st.cue.as_ref().is_some_and(|c| a.slice(c.span) == "Noting")),
        "{s:#?}"
    );
    assert!(
        found
            .iter()
            .all(|st| st.speaker.is_none_or(|sp| !a.slice(sp).starts_with("India"))),
        "{s:#?}"
    );
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
    assert_eq!(lemma("to announce"), "announce");
    assert_eq!(lemma("recently rejected"), "reject");
    assert_eq!(lemma("publicly said"), "say");
    assert_eq!(lemma("reportedly"), "reportedly");
    assert_eq!(lemma("According to"), "according to");
    assert_eq!(lemma("according\nto"), "according to");
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
fn wrapping_changes_no_statement() {
    // One body paragraph per blank-line block, as given (parse's own
    // reading of wrapped copy is tested with parse).
    let article = |text: &str| {
        let mut paragraphs = Vec::new();
        let mut begin = 0;
        for block in text.split("\n\n") {
            paragraphs.push(crate::Paragraph {
                span: Span::new(begin, begin + block.len()),
                kind: crate::ParagraphKind::Body,
            });
            begin += block.len() + 2;
        }
        let a = Article {
            text: text.to_owned(),
            paragraphs,
            ..Article::default()
        };
        crate::pipeline::shared().check(a).expect("article")
    };
    for flowing in [
        "Readers wrote to us after the debate.\n\n\
         “He represents our greatest shame.” ― Sonya Herridge\n“Another view of the debate.” ― Pamela Padilla",
        "The debate went on for hours.\n\nPENCE: Well, look, we agree on that and we will say so.",
        "“We will build it,” he said. “And they will pay for it.” Officials said on Monday that the bridge \
         would reopen in May, according to the city council.",
    ] {
        let expected = crate::pipeline::shared().find_statements(&article(flowing), &mut []);
        assert!(!expected.is_empty(), "{flowing}");
        // Every space, every second one, ... every fifth one a line break.
        for step in 1..=5 {
            let mut spaces = 0;
            let wrapped: String = flowing
                .chars()
                .map(|c| match c {
                    ' ' => {
                        spaces += 1;
                        if spaces % step == 0 { '\n' } else { ' ' }
                    }
                    c => c,
                })
                .collect();
            let found = crate::pipeline::shared().find_statements(&article(&wrapped), &mut []);
            assert_eq!(found, expected, "{wrapped}");
        }
    }
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

/// The shipped model and the sample article.
fn sample() -> (Model, Article) {
    let text = include_str!("../../../../examples/xinhua-china-india.txt");
    let article = crate::pipeline::shared().parse(&Document::text(text)).expect("parse");
    let vocab = crate::pipeline::base_vocabulary();
    let model = Model::from_bytes(MODEL, vocab.cluster_values()).expect("model");
    (model, article)
}

#[test]
fn cached_role_weights_equal_the_full_features() {
    let (model, article) = sample();
    let doc = Doc::new(&article);
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
    let (model, article) = sample();
    let doc = Doc::new(&article);
    let mut f = Feats::new();
    let mut clustered = 0;
    for &s in &doc.sents {
        let quoted = cues::quoted(&doc, s);
        for i in s.begin..s.end {
            f.list.clear();
            let dense = cues::cue_word_features(&doc, s, quoted, i, &mut f);
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

#[test]
fn said_to_before_a_verb_names_no_speaker() {
    // "X is said to ...": what others say of X, its source unnamed.
    for (text, subject) in [
        (
            "JAPAN SAID TO SEE TRADE PACT AS MAJOR STEP\nThe Japanese government, which has long\nsought a deal with its partners, appears to be\n\
             satisfied the accord is a major development.\n    Trade sources said they believed that the minister\n\
             considered the accord, announced yesterday, to be a major step.\n",
            "JAPAN",
        ),
        (
            "The central bank is said to favour a cut in interest rates next month.",
            "The central bank",
        ),
        (
            "Acme Corp is believed to be preparing a bid for its smaller rival.",
            "Acme Corp",
        ),
    ] {
        let s = one(text);
        assert!(s.iter().all(|(speaker, _, _)| speaker != subject), "{text}: {s:#?}");
    }
    // Said to someone: the subject speaks.
    let s = one("The minister said to reporters on Monday that the talks would resume next week.");
    assert!(s.iter().any(|(speaker, _, _)| speaker == "The minister"), "{s:#?}");
}

#[test]
fn a_headline_reports_what_its_speaker_says_and_no_other_verb() {
    let s = one(
        "SMITH SAYS TALKS WITH UNIONS WILL GO ON\n    Labour leader John Smith said on Tuesday that talks with the\n\
         unions would go on next week.\n",
    );
    assert!(
        s.iter().any(|(speaker, cue, content)| speaker == "SMITH"
            && cue == "SAYS"
            && content.starts_with("TALKS WITH UNIONS")),
        "{s:#?}"
    );
    let (a, found) = statements(
        "Minister calls on banks to lend more to small firms\n\n\
         The minister spoke to bankers in Geneva on Monday about the economy and its prospects.",
    );
    let title = a.title_span.expect("title");
    assert!(
        found.iter().all(|s| !s.content.iter().any(|c| title.overlaps(*c))),
        "{found:#?}"
    );
}

#[test]
fn a_quoted_paragraph_after_a_speaker_s_quote_continues_it() {
    let text = "Jane Porter, the mayor, spoke at the town hall on Tuesday evening.\n\n\
                “We will rebuild the bridge before the winter comes,” Porter said. She spoke for an hour \
                and took questions from the floor.\n\n\
                “The money is already in the budget, and the work starts next month.”\n\n\
                The council meets again in May.\n\n\
                “Nobody has told us anything about the roads yet, not one word.”";
    let (a, found) = statements(text);
    let continued = found
        .iter()
        .find(|s| a.slice(s.content[0]).contains("The money"))
        .unwrap_or_else(|| panic!("{:?}", summary(&a, &found)));
    assert_eq!(
        continued.attribution,
        Attribution::Continued,
        "{:?}",
        summary(&a, &found)
    );
    assert_eq!(continued.speaker.map(|x| a.slice(x)), Some("Porter"));
    assert!(continued.cue.is_none());
    // After a paragraph of narration, a quote is nobody's.
    let alone = found
        .iter()
        .find(|s| a.slice(s.content[0]).contains("Nobody has told"))
        .expect("unattributed quote");
    assert_eq!((alone.attribution, alone.speaker), (Attribution::None, None));
}

#[test]
fn cues_that_report_no_speech_are_told_apart() {
    let text = "The court refused the request. Ann Lee did not say more. Ann Lee said so.";
    let cue = |word: &str, lemma: &str| {
        let begin = text.find(word).expect("cue");
        Cue {
            span: Span::new(begin, begin + word.len()),
            lemma: lemma.into(),
        }
    };
    assert!(!reports_speech(&cue("refused", "refus"), text));
    assert!(!reports_speech(&cue("did not say", "say"), text));
    assert!(reports_speech(&cue("said", "say"), text));
}

#[test]
fn a_named_speaker_is_surer_than_an_unresolved_one_or_a_refusal() {
    let text = "Jane Porter said on Monday the city would rebuild the bridge before winter.\n\n\
                The council refused to pay for the new road, and the plan was dropped.\n\n\
                Its members said they would meet again in May to discuss the budget.";
    let extraction =
        crate::pipeline::shared().extract(&crate::pipeline::shared().parse(&Document::text(text)).expect("parse"));
    let by_cue = |cue: &str| {
        extraction.statements.iter().find(|s| {
            s.cue
                .as_ref()
                .is_some_and(|c| text[c.span.begin..c.span.end].starts_with(cue))
        })
    };
    let named = by_cue("said on Monday")
        .or_else(|| by_cue("said"))
        .expect("named statement");
    assert!(named.speaker_id.is_some() && named.confidence >= 0.9, "{named:?}");
    for s in &extraction.statements {
        assert!((0.0..=1.0).contains(&s.confidence), "{s:?}");
    }
    if let Some(refused) = by_cue("refused") {
        assert!(refused.confidence < 0.5, "{refused:?}");
    }
    let mut kept = extraction.clone();
    kept.retain_confident(0.9);
    assert!(kept.statements.iter().all(|s| s.confidence >= 0.9) && !kept.statements.is_empty());
}

/// The name of the participant each statement's speaker is linked to
/// (empty when unlinked), by cue, through the whole pipeline.
fn links(text: &str) -> Vec<(String, String)> {
    let out = crate::pipeline::shared()
        .analyze(&Document::text(text), &crate::SummaryOptions::default())
        .expect("analyze");
    let ex = out.extraction;
    ex.statements
        .iter()
        .map(|s| {
            let name = s
                .speaker_id
                .as_ref()
                .and_then(|id| ex.participants.iter().find(|p| &p.id == id))
                .map_or(String::new(), |p| p.name.clone());
            let cue = s
                .cue
                .as_ref()
                .map_or(String::new(), |c| out.article.slice(c.span).to_owned());
            (cue, name)
        })
        .collect()
}

#[test]
fn an_acronym_in_brackets_is_the_name_before_it_and_its_ministers_speak_for_it() {
    // "EC" could be the European Commission's initials too, a longer name
    // the story gives later; the brackets say whose it is.
    let text = "The European Community (EC) warned Japan over trade on Monday.\n\n\
                EC foreign ministers meeting here said they were disturbed by the trade gap. \
                Ministers also asked the European Commission to prepare a report by July.\n\n\
                The ministers added that the EC would act if nothing changed.";
    let found = links(text);
    for cue in ["said", "added"] {
        assert!(
            found.iter().any(|(c, n)| c == cue && n == "European Community"),
            "{cue}: {found:?}"
        );
    }
    assert!(found.iter().all(|(_, n)| n != "European Commission"), "{found:?}");
}

#[test]
fn cues_that_report_no_statement_get_a_low_confidence_or_none() {
    // The list, in sentences of our own; the last is a statement.
    let text = "Parliament recently rejected the budget plan of Prime Minister Ola Berg.\n\n\
                The finance committee has refused to release the audit of the state railway.\n\n\
                This sparked speculation that the central bank would cut rates in March.\n\n\
                Which is not to say that the plan will work, or that investors will come back.\n\n\
                Remember that the last rate cut came only after two months of falling prices.\n\n\
                Consider the price of bread, which has doubled since the spring.\n\n\
                The price of the new shares was not announced by the company on Friday.\n\n\
                Some lawmakers are favoring a tax on imported steel and aluminium.\n\n\
                Emirates ordered 40 jets, executives of both companies announced Wednesday at the Dubai Air Show.\n\n\
                Ministers will meet in Paris next week to discuss the new trade rules.\n\n\
                Ola Berg said the budget would be balanced by the end of next year.";
    let extraction =
        crate::pipeline::shared().extract(&crate::pipeline::shared().parse(&Document::text(text)).expect("parse"));
    let cue_text = |s: &Statement| s.cue.as_ref().map_or("", |c| &text[c.span.begin..c.span.end]);
    let said = extraction
        .statements
        .iter()
        .find(|s| cue_text(s) == "said")
        .expect("Ola Berg's statement");
    assert!(said.confidence >= 0.9, "{said:?}");
    for s in &extraction.statements {
        if s.cue.is_some() && cue_text(s) != "said" {
            assert!(s.confidence < 0.5, "{}: {s:?}", cue_text(s));
        }
    }
    // At least the refusal, the rejection and the agentless announcement
    // were found as cues, so the loop above tested them.
    for cue in ["rejected", "refused", "announced"] {
        assert!(
            extraction.statements.iter().any(|s| cue_text(s).contains(cue)),
            "{cue}: {:?}",
            extraction.statements
        );
    }
    // min_confidence 0.5 keeps only the statement.
    let mut kept = extraction.clone();
    kept.retain_confident(0.5);
    assert_eq!(kept.statements.len(), 1, "{:?}", kept.statements);
}

#[test]
fn an_agentless_passive_cue_names_no_speaker() {
    // (text, the cue's words, whether its subject is no speaker)
    for (text, cue, agentless) in [
        ("The senator was accused of lying to the committee.", "accused of", true),
        (
            "The senator has been widely criticized for the vote.",
            "has been widely criticized",
            true,
        ),
        (
            "The plan is expected to cut taxes for most families.",
            "is expected",
            true,
        ),
        (
            "The report was first released by the ministry on Monday.",
            "released",
            false,
        ),
        (
            "Moody's added that the outlook for the bank was stable.",
            "added",
            false,
        ),
        (
            "She said a statement was expected within the week.",
            "said a statement was expected",
            false,
        ),
        (
            "The minister was worried about the cost of the plan.",
            "worried about",
            false,
        ),
        (
            "The general was quoted as saying the war was over.",
            "quoted as saying",
            false,
        ),
    ] {
        let article = crate::pipeline::shared().parse(&Document::text(text)).expect("parse");
        let doc = Doc::new(&article);
        let words: Vec<&str> = (0..doc.toks.len()).map(|k| doc.lower(k)).collect();
        let cue: Vec<String> = cue.split(' ').map(str::to_lowercase).collect();
        let cb = (0..words.len())
            .find(|&k| words[k..].starts_with(&cue.iter().map(String::as_str).collect::<Vec<_>>()))
            .unwrap_or_else(|| panic!("{text}: {words:?}"));
        assert_eq!(agentless_passive(&doc, cb, cb + cue.len()), agentless, "{text}");
    }
    // In the finder: the subject of "was accused of" is not its speaker.
    let s = one("Mr Quiros was accused of using $50 million of investors' money for personal expenses.");
    assert!(s.iter().all(|(speaker, _, _)| speaker != "Mr Quiros"), "{s:#?}");
}

#[test]
fn a_further_cue_of_function_words_and_adverbs_only_is_no_cue() {
    let text = "He would recently have voted against it, then said so.";
    let article = crate::pipeline::shared().parse(&Document::text(text)).expect("parse");
    let doc = Doc::new(&article);
    let kinds: Vec<(&str, bool)> = (0..doc.toks.len())
        .map(|k| (doc.lower(k), function_word(&doc, k)))
        .collect();
    let function: Vec<&str> = kinds.iter().filter(|k| k.1).map(|k| k.0).collect();
    assert_eq!(
        function,
        [
            "he", "would", "recently", "have", "against", "it", ",", "then", "so", "."
        ]
    );
    // A cue holding one word that is none of these stands: "voted against".
    assert!(kinds.iter().any(|&(w, f)| w == "voted" && !f));
}

#[test]
fn cue_tags_mark_one_token_cues_apart_from_the_ends_of_longer_ones() {
    // "said", "has long argued", "told reporters", "noted" after O.
    let tags = [0, CUE_U, 0, CUE_B, CUE_I, CUE_L, CUE_B, CUE_L, CUE_U].map(|t| t as u8);
    let mut out = Vec::new();
    push_cue_chunks(&tags, 10, &mut out);
    assert_eq!(out, [(11, 12), (13, 16), (16, 18), (18, 19)]);
    let c = CueConstraint;
    for (prev, tag) in [
        (Some(CUE_U), CUE_I),
        (Some(0), CUE_L),
        (Some(CUE_B), 0),
        (Some(CUE_I), CUE_U),
        (None, CUE_I),
    ] {
        assert!(!c.follows(prev, tag), "{prev:?} {tag}");
    }
    for (prev, tag) in [
        (Some(CUE_B), CUE_L),
        (Some(CUE_I), CUE_I),
        (Some(CUE_L), CUE_U),
        (Some(CUE_U), CUE_B),
        (None, CUE_U),
    ] {
        assert!(c.follows(prev, tag), "{prev:?} {tag}");
    }
}
