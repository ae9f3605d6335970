//! The gist: one line that says what happened.
//!
//! When the story is a meeting between two of its most salient people, the
//! gist says who met whom, where and when, built from the participants, the
//! dateline and the resolved dates: "Chinese Foreign Minister Wang Yi met
//! India's Foreign Secretary Vikram Misri in Beijing on 27 January 2025".
//! Otherwise it is a sentence central to the whole article (the ranking
//! without the lead window the three-sentence summary favours; of the
//! three most central, the first that opens with no pronoun, connective or
//! quotation mark), whole, on one line and without its dateline, a pronoun
//! that speaks in it given way to its speaker's name. (Cutting a long one at a
//! clause boundary cut off its verb as often as not.) It never depends on
//! how many summary sentences were asked for.

use std::ops::Range;

use crate::tokens::{Tokens, flag, list, one_line};
use crate::when::{self as dates, When};
use crate::{Article, Extraction, MentionKind, Participant, ParticipantKind, ParticipantRole, Span};

/// How many of the best-ranked sentences are searched for a meeting.
const SEARCHED: usize = 6;

/// How many of the most salient participants a meeting's two sides must
/// be among.
const SIDES_AMONG: usize = 4;

/// A meeting pattern: the words as written (lowercased) and what the gist
/// says.
struct Pattern {
    words: &'static [&'static str],
    says: &'static str,
}

const fn p(words: &'static [&'static str], says: &'static str) -> Pattern {
    Pattern { words, says }
}

/// Meeting patterns, longest first where they share a start.
const PATTERNS: &[Pattern] = &[
    p(&["held", "talks", "with"], "held talks with"),
    p(&["holds", "talks", "with"], "held talks with"),
    p(&["talks", "with"], "held talks with"),
    p(&["met", "with"], "met"),
    p(&["meets", "with"], "met"),
    p(&["meeting", "with"], "met"),
    p(&["met"], "met"),
    p(&["meets"], "met"),
    p(&["spoke", "with"], "spoke with"),
    p(&["spoke", "to"], "spoke with"),
    p(&["talked", "with"], "spoke with"),
    p(&["phone", "call", "with"], "spoke by phone with"),
    p(&["hosted"], "hosted"),
];

/// A mention of a participant that may take part in an event.
#[derive(Clone, Copy)]
struct Seen<'a> {
    span: Span,
    who: &'a Participant,
}

/// A candidate sentence, as the ranking orders them.
pub(super) struct Ranked {
    /// Where its words stand (a dateline it opens with left out).
    pub span: Span,
    /// Its tokens, as indices into the article's tokens.
    pub tokens: Range<usize>,
}

impl Ranked {
    /// The sentence of the tokens `range` (not empty) of `tokens`.
    pub(super) fn of(tokens: &Tokens, range: Range<usize>) -> Ranked {
        let all = tokens.tokens();
        let span = match (all.get(range.start), range.end.checked_sub(1).and_then(|e| all.get(e))) {
            (Some(a), Some(b)) => Span::new(a.span.begin, b.span.end),
            _ => Span::default(),
        };
        Ranked { span, tokens: range }
    }
}

/// The gist: a meeting between two of the most salient people found in the
/// sentences `by_rank` (best first), else the sentence `central` on one
/// line; `None` when there is neither.
pub(super) fn gist(
    article: &Article,
    extraction: &Extraction,
    by_rank: &[Ranked],
    central: Option<&Ranked>,
) -> Option<String> {
    meeting(article, extraction, by_rank).or_else(|| central.map(|c| line(article, extraction, c)))
}

/// The sentence of `ranked` on one line; a pronoun that speaks in it
/// ("..., he said") is replaced by the name of the participant the
/// statement's speaker was linked to, as the gist stands without the
/// sentences that named him.
fn line(article: &Article, extraction: &Extraction, ranked: &Ranked) -> String {
    let tokens = &article.tokens;
    let named = extraction.statements.iter().find_map(|s| {
        let speaker = s.speaker.filter(|&sp| ranked.span.contains(sp))?;
        let pronoun = tokens
            .at(speaker.begin)
            .filter(|&i| tokens.tokens()[i].span == speaker && tokens.tokens()[i].on(list::PRONOUN))
            .map(|i| tokens.lower(i))?;
        let who = extraction
            .participants
            .iter()
            .find(|p| s.speaker_id.as_deref() == Some(&p.id))?;
        let fits = match pronoun {
            "he" | "she" => who.kind == ParticipantKind::Person,
            "it" => matches!(who.kind, ParticipantKind::Organization | ParticipantKind::Country),
            "they" => who.kind != ParticipantKind::Location,
            _ => false,
        };
        fits.then_some((speaker, who.name.as_str()))
    });
    let Some((speaker, name)) = named else {
        return one_line(article.slice(ranked.span));
    };
    let before = article.slice(Span::new(ranked.span.begin, speaker.begin));
    let after = article.slice(Span::new(speaker.end, ranked.span.end));
    one_line(&format!("{before}{name}{after}"))
}

/// "A met B" when a sentence near the top of the ranking has two of the
/// most salient people meet.
fn meeting(article: &Article, extraction: &Extraction, by_rank: &[Ranked]) -> Option<String> {
    let text = article.text.as_str();
    let mut seen: Vec<Seen> = extraction
        .participants
        .iter()
        .filter(|p| p.salience > 0.0 && !p.roles.iter().any(|r| !matches!(r, ParticipantRole::Speaker)))
        .take(SIDES_AMONG)
        .filter(|p| p.kind == ParticipantKind::Person)
        .flat_map(|p| p.mentions.iter().map(move |m| Seen { span: m.span, who: p }))
        .filter(|s| s.span.get(text).is_some())
        .collect();
    if seen.is_empty() {
        return None;
    }
    seen.sort_by_key(|s| s.span.begin);
    let anchor = dates::anchor(article);
    let lead = by_rank.iter().map(|r| r.span).min_by_key(|s| s.begin);
    let body: Vec<Span> = by_rank.iter().map(|r| r.span).collect();
    for ranked in by_rank.iter().take(SEARCHED) {
        let sentence = ranked.span;
        let Some(event) = event_in(article, ranked, &seen) else {
            continue;
        };
        let subject = describe(article, event.subject, &body);
        let object = describe(article, event.object, &body);
        let mut line = format!("{subject} {} {object}", event.says);
        if let Some(place) = place(article, extraction, sentence, event.object) {
            line.push_str(" in ");
            line.push_str(&place);
        }
        let when = anchor.and_then(|a| {
            dates::find(article, sentence, a)
                .or_else(|| lead.and_then(|l| dates::find(article, l, a)))
                .or_else(|| article.dateline.as_ref().and_then(|d| d.date).map(When::Day))
        });
        if let Some(when) = when {
            line.push(' ');
            line.push_str(&when.phrase());
        }
        return Some(line);
    }
    None
}

/// Who did what to whom in one sentence.
struct Event<'a> {
    subject: &'a Participant,
    object: &'a Participant,
    says: &'static str,
}

/// The first event pattern in a sentence with a participant before it and
/// another after it.
fn event_in<'a>(article: &Article, ranked: &Ranked, seen: &[Seen<'a>]) -> Option<Event<'a>> {
    let text = article.text.as_str();
    let sentence = ranked.span;
    let from = seen.partition_point(|s| s.span.begin < sentence.begin);
    let to = seen.partition_point(|s| s.span.begin < sentence.end);
    let inside = seen.get(from..to)?;
    if inside.len() < 2 {
        return None;
    }
    let tokens = &article.tokens;
    let all = tokens.tokens();
    // Whether token `k` of the sentence is `w` (lower case).
    let is = |k: usize, w: &str| ranked.tokens.contains(&k) && tokens.lower(k) == w;
    for i in ranked.tokens.clone() {
        let word = tokens.lower(i);
        for pat in PATTERNS {
            let Some((first, rest)) = pat.words.split_first() else {
                continue;
            };
            if word != *first || !rest.iter().enumerate().all(|(k, w)| is(i + 1 + k, w)) {
                continue;
            }
            let t = all[i];
            let end = all[i + pat.words.len() - 1].span.end;
            // One side before the verb, the other in the clause after it.
            let subject = inside.iter().find(|s| s.span.end <= t.span.begin)?;
            let clause_end = text[end..sentence.end]
                .find([',', ';'])
                .map_or(sentence.end, |k| end + k);
            let object = inside
                .iter()
                .find(|s| s.span.begin >= end && s.span.begin < clause_end && s.who.id != subject.who.id)?;
            return Some(Event {
                subject: subject.who,
                object: object.who,
                says: pat.says,
            });
        }
    }
    None
}

/// Where the event took place: a place named "in X" in the sentence, else
/// the dateline's place; never the event's own object.
fn place(article: &Article, extraction: &Extraction, sentence: Span, object: &Participant) -> Option<String> {
    let text = article.text.as_str();
    let named = extraction
        .participants
        .iter()
        .filter(|p| p.kind == ParticipantKind::Location && p.id != object.id)
        .find(|p| {
            p.mentions
                .iter()
                .any(|m| sentence.contains(m.span) && ends_with_in(&text[..m.span.begin]))
        });
    if let Some(p) = named {
        return Some(p.name.clone());
    }
    let location = article.dateline.as_ref()?.location.trim();
    if location.is_empty() || location.eq_ignore_ascii_case(&object.name) {
        return None;
    }
    Some(title_case(location))
}

/// Whether text ends with the word "in" (any case), before white space.
fn ends_with_in(text: &str) -> bool {
    let t = text.trim_end().as_bytes();
    t.len() >= 3 && t[t.len() - 3..].eq_ignore_ascii_case(b" in")
}

/// "NEW YORK" -> "New York"; names already in mixed case stay as written.
fn title_case(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_owned();
    }
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// A participant as the gist names it: with the nationality and title the
/// text gives before its full name ("Chinese Foreign Minister Wang Yi"),
/// else its first title and name.
fn describe(article: &Article, who: &Participant, body: &[Span]) -> String {
    let text = article.text.as_str();
    let in_body = |s: Span| body.iter().any(|b| b.contains(s));
    let full = who
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Name && m.span.get(text) == Some(who.name.as_str()))
        .min_by_key(|m| (!in_body(m.span), m.span.begin));
    if who.kind == ParticipantKind::Person
        && let Some(m) = full
    {
        let begin = title_start(&article.tokens, text, m.span.begin);
        if begin < m.span.begin {
            return one_line(&text[begin..m.span.end]);
        }
    }
    match (who.kind, who.titles.first()) {
        (ParticipantKind::Person, Some(title)) if !who.name.contains(title.as_str()) => format!("{title} {}", who.name),
        _ => who.name.clone(),
    }
}

/// Where the capitalized title words before a name begin: "Chinese Foreign
/// Minister" before "Wang Yi", "India's Foreign Secretary" before "Vikram
/// Misri". Stops at function words, lowercase words, punctuation and the
/// start of the name's sentence.
fn title_start(tokens: &Tokens, text: &str, name: usize) -> usize {
    let Some(at) = tokens.at(name) else { return name };
    let all = tokens.tokens();
    let sentence = all[at].sentence;
    let mut begin = name;
    for i in (at.saturating_sub(6)..at).rev() {
        let t = all[i];
        if t.sentence != sentence {
            break;
        }
        let possessive = t.has(flag::ELIDED) && matches!(t.span.slice(text), "'s" | "’s");
        let titled = t.has(flag::CAP) && !t.has(flag::ALL_CAPS) && !t.on(list::STOP) && !is_date_word(tokens.lower(i));
        if !(titled || possessive) {
            break;
        }
        begin = t.span.begin;
    }
    // Never start on a bare possessive.
    let rest = &text[begin..name];
    if rest.starts_with(['\'', '’']) { name } else { begin }
}

/// Weekday and month names, which stand before names without titling them.
fn is_date_word(lower: &str) -> bool {
    matches!(
        lower,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dateline, Mention, Paragraph, ParagraphKind, Published, Statement};
    use jiff::civil::date;

    const SAMPLE: &str = "BEIJING, Jan. 27 (Xinhua) -- China and India should strive for mutual understanding, Chinese Foreign Minister Wang Yi said Monday.\n\nWang, also a member of the Political Bureau of the Communist Party of China Central Committee, made the remarks during a meeting with India's Foreign Secretary Vikram Misri in Beijing.\n\nMisri said that India and China have carried out a series of useful dialogues.";

    fn mentions(text: &str, words: &[&str], kind: MentionKind) -> Vec<Mention> {
        let mut out = Vec::new();
        for w in words {
            let mut from = 0;
            while let Some(at) = text[from..].find(w) {
                let b = from + at;
                let e = b + w.len();
                let ok = text[e..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if ok && !out.iter().any(|m: &Mention| m.span.overlaps(Span::new(b, e))) {
                    out.push(Mention {
                        span: Span::new(b, e),
                        kind,
                    });
                }
                from = e;
            }
        }
        out.sort_by_key(|m| m.span.begin);
        out
    }

    fn participant(
        id: &str,
        kind: ParticipantKind,
        name: &str,
        titles: &[&str],
        salience: f32,
        ms: Vec<Mention>,
    ) -> Participant {
        Participant {
            id: id.to_owned(),
            kind,
            name: name.to_owned(),
            aliases: Vec::new(),
            titles: titles.iter().map(|t| (*t).to_owned()).collect(),
            country_code: None,
            salience,
            roles: Vec::new(),
            mentions: ms,
        }
    }

    fn sample() -> (Article, Extraction, Vec<Ranked>) {
        sample_of(SAMPLE)
    }

    /// `article` with one body paragraph and its tokens, and its sentences
    /// in text order as the ranking gives them.
    fn tokenized(mut article: Article) -> (Article, Vec<Ranked>) {
        article.paragraphs = vec![Paragraph {
            span: Span::new(0, article.text.len()),
            kind: ParagraphKind::Body,
        }];
        let article = crate::pipeline::shared().check(article).expect("a valid article");
        let ranked = article
            .tokens
            .sentences()
            .iter()
            .map(|s| Ranked::of(&article.tokens, s.range()))
            .collect();
        (article, ranked)
    }

    fn sample_of(text: &str) -> (Article, Extraction, Vec<Ranked>) {
        let article = Article {
            text: text.to_owned(),
            dateline: Some(Dateline {
                span: Span::new(0, 28),
                location: "BEIJING".into(),
                date: Some(date(2025, 1, 27)),
            }),
            published_at: Some(Published::Date(date(2025, 1, 28))),
            ..Article::default()
        };
        let name = MentionKind::Name;
        let extraction = Extraction {
            participants: vec![
                participant(
                    "p1",
                    ParticipantKind::Person,
                    "Wang Yi",
                    &["Foreign Minister"],
                    0.9,
                    mentions(text, &["Wang Yi", "Wang"], name),
                ),
                participant(
                    "p2",
                    ParticipantKind::Person,
                    "Vikram Misri",
                    &["Foreign Secretary"],
                    0.7,
                    mentions(text, &["Vikram Misri", "Misri"], name),
                ),
                participant(
                    "p3",
                    ParticipantKind::Country,
                    "China",
                    &[],
                    0.6,
                    mentions(text, &["China"], name),
                ),
                participant(
                    "p4",
                    ParticipantKind::Country,
                    "India",
                    &[],
                    0.6,
                    mentions(text, &["India"], name),
                ),
                participant(
                    "p5",
                    ParticipantKind::Location,
                    "Beijing",
                    &[],
                    0.2,
                    mentions(text, &["Beijing"], name),
                ),
            ],
            statements: Vec::new(),
            notices: Vec::new(),
        };
        let (article, body) = tokenized(article);
        (article, extraction, body)
    }

    #[test]
    fn the_sample_gist_says_who_met_whom_where_and_when() {
        let (article, extraction, body) = sample();
        let g = gist(&article, &extraction, &body, body.last()).expect("a meeting");
        assert_eq!(
            g,
            "Chinese Foreign Minister Wang Yi met India's Foreign Secretary Vikram Misri in Beijing on 27 January 2025"
        );
    }

    #[test]
    fn a_pronoun_that_speaks_in_the_gist_gives_way_to_the_speakers_name() {
        let text = "Wang Yi spoke to reporters in Beijing on Monday.\n\nTrade between the two countries could grow by a fifth next year, he said.\n\nIt was cold.";
        let (article, mut extraction, body) = sample_of(text);
        let he = Span::new(text.find(", he").expect("he") + 2, text.find(" said").expect("said"));
        let statement = |speaker_id: Option<&str>| Statement {
            id: "s1".into(),
            speaker_id: speaker_id.map(str::to_owned),
            speaker: Some(he),
            cue: None,
            content: Vec::new(),
            kind: crate::StatementKind::Indirect,
            date: None,
            confidence: 0.8,
            attribution: crate::Attribution::Cue,
        };
        extraction.statements = vec![statement(Some("p1"))];
        assert_eq!(
            gist(&article, &extraction, &[], body.get(1)).as_deref(),
            Some("Trade between the two countries could grow by a fifth next year, Wang Yi said.")
        );
        // Unlinked, or linked to a place, the sentence stays as written.
        for id in [None, Some("p5")] {
            extraction.statements = vec![statement(id)];
            assert_eq!(
                gist(&article, &extraction, &[], body.get(1)).as_deref(),
                Some("Trade between the two countries could grow by a fifth next year, he said.")
            );
        }
    }

    #[test]
    fn without_a_meeting_the_central_sentence_is_the_gist() {
        let (article, _, body) = sample();
        assert_eq!(gist(&article, &Extraction::default(), &body, None), None);
        let g = gist(&article, &Extraction::default(), &body, body.last());
        assert_eq!(
            g.as_deref(),
            Some("Misri said that India and China have carried out a series of useful dialogues.")
        );
    }

    #[test]
    fn without_a_dateline_a_weekday_resolves_against_the_publication_date() {
        let text = SAMPLE.replace("BEIJING, Jan. 27 (Xinhua) -- ", "");
        let (mut article, extraction, body) = sample_of(&text);
        article.dateline = None;
        let g = gist(&article, &extraction, &body, None).expect("a meeting");
        // "said Monday" in the lead; published on Tuesday 28 January 2025.
        assert!(g.ends_with("Vikram Misri in Beijing on 27 January 2025"), "{g}");
    }

    #[test]
    fn only_the_most_salient_people_meet_in_a_gist() {
        let text = "Poland's Anna Nowak met Petra Kvitova in Doha on Friday, the tour said. \
                    Kvitova won the first set.\n\nPoland plays Spain next.";
        let name = MentionKind::Name;
        let people = |a: f32, b: f32, kind: ParticipantKind| Extraction {
            participants: vec![
                participant("p1", kind, "Poland", &[], a, mentions(text, &["Poland"], name)),
                participant(
                    "p2",
                    ParticipantKind::Person,
                    "Anna Nowak",
                    &[],
                    b,
                    mentions(text, &["Anna Nowak"], name),
                ),
                participant(
                    "p3",
                    ParticipantKind::Person,
                    "Petra Kvitova",
                    &[],
                    0.8,
                    mentions(text, &["Petra Kvitova", "Kvitova"], name),
                ),
            ],
            statements: Vec::new(),
            notices: Vec::new(),
        };
        let (article, body) = tokenized(Article {
            text: text.to_owned(),
            published_at: Some(Published::Date(date(2025, 1, 28))),
            ..Article::default()
        });
        let g = gist(&article, &people(0.9, 0.7, ParticipantKind::Country), &body, None);
        assert_eq!(
            g.as_deref(),
            Some("Poland's Anna Nowak met Petra Kvitova on 24 January 2025")
        );
        // A country is no side of a meeting, and a side must be among the
        // most salient participants.
        let crowd = |extraction: &mut Extraction| {
            for k in 0..4 {
                extraction.participants.insert(
                    0,
                    participant(&format!("q{k}"), ParticipantKind::Person, "X", &[], 1.0, Vec::new()),
                );
            }
        };
        let mut e = people(0.9, 0.7, ParticipantKind::Country);
        crowd(&mut e);
        assert_eq!(gist(&article, &e, &body, None), None);
    }

    #[test]
    fn titles_are_read_back_from_the_text() {
        let text = "On Monday Prime Minister Jane Roe met the press. The Jane\nRoe case. Minister\nJane Roe left.";
        let (article, _) = tokenized(Article {
            text: text.to_owned(),
            ..Article::default()
        });
        let start = |at: usize| title_start(&article.tokens, text, at);
        assert_eq!(&text[start(10)..10], "");
        let at = text.find("Jane").unwrap_or(0);
        assert_eq!(&text[start(at)..at], "Prime Minister ");
        // A wrapped line is no break; a sentence's start is.
        let at = text.rfind("Jane").unwrap_or(0);
        assert_eq!(&text[start(at)..at], "Minister\n");
        let at = text.find("Roe case").unwrap_or(0);
        assert_eq!(&text[start(at)..at], "Jane\n");
        assert_eq!(title_case("NEW YORK"), "New York");
    }
}
