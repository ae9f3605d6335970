//! Titles, offices and nationality read off the words around a mention:
//! premodifiers ("Chinese Foreign Minister Wang Yi"), possessives ("India's
//! Foreign Secretary Vikram Misri") and appositives ("Wang, also a member of
//! the Political Bureau ...,", "Misri, the foreign secretary of India,").

use super::Story;
use super::lexicon::Lexicon;
use crate::{Mention, MentionKind, ParticipantKind, Span};

/// Words that may stand before a title in an appositive.
const MODIFIERS: &[&str] = &[
    "former",
    "deputy",
    "senior",
    "acting",
    "chief",
    "top",
    "interim",
    "vice",
    "assistant",
    "executive",
    "general",
    "then",
    "current",
    "new",
    "first",
    "second",
    "longtime",
    "veteran",
    "special",
    "foreign",
    "prime",
    "state",
    "permanent",
    "principal",
    "associate",
    "managing",
    "lead",
    "party",
    "national",
    "regional",
    "local",
];

/// Finite verbs that end an appositive's reading: the phrase after the
/// comma is a clause's subject ("Mueller, the president said").
const CLAUSE_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "asked",
    "explained",
    "insisted",
    "replied",
    "declared",
    "stressed",
    "is",
    "was",
    "are",
    "were",
    "has",
    "had",
];

/// The longest title read from an appositive, in words.
const MAX_TITLE_WORDS: usize = 16;

/// The longest appositive read, in tokens.
const MAX_APPOSITIVE: usize = 24;

/// A participant's titles as given back, and their lower-case words
/// joined by one space, side by side.
pub(crate) struct Titles<'a> {
    pub text: &'a mut Vec<String>,
    pub keys: &'a mut Vec<String>,
}

impl Titles<'_> {
    /// Adds the title at `span` unless it is there already (in any case).
    fn add(&mut self, story: &Story, span: Span) {
        let title = story.surface(span);
        if !self.text.iter().any(|t| t.eq_ignore_ascii_case(&title)) {
            self.text.push(title);
            self.keys.push(story.normalized(span));
        }
    }
}

/// Adds the titles and the nationality that the context of `mentions`
/// gives a participant of `kind`.
pub(crate) fn describe(
    mentions: &[Mention],
    story: &Story,
    lexicon: &Lexicon,
    kind: ParticipantKind,
    titles: &mut Titles,
    country: &mut Option<String>,
) {
    if !matches!(kind, ParticipantKind::Person | ParticipantKind::Organization) {
        return;
    }
    for m in mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let words = story.tokens.within(m.span);
        if words.is_empty() || story.span(words.start).begin != m.span.begin {
            continue;
        }
        let (first, last) = (words.start, words.end - 1);
        let mut before = first;
        if kind == ParticipantKind::Person
            && let Some(start) = title_before(story, lexicon, first)
        {
            titles.add(story, Span::new(story.span(start).begin, story.span(first - 1).end));
            before = start;
        }
        if country.is_none() {
            *country = nationality_before(story, lexicon, before);
        }
        if kind == ParticipantKind::Person {
            appositive(story, lexicon, last, titles, country);
        }
    }
}

/// Where a title right before token `first` starts: the longest title in
/// the lexicon ending there, extended over capitalized words that name its
/// office ("Foreign Ministry spokesperson").
fn title_before(story: &Story, lexicon: &Lexicon, first: usize) -> Option<usize> {
    let longest = lexicon.longest_title().min(first);
    let mut buf = String::new();
    let start = (1..=longest).rev().find(|&n| {
        let a = first - n;
        story.same_sentence(a, first) && lexicon.is_title(story.words_in(a, first, &mut buf))
    })?;
    let mut a = first - start;
    let mut extended = 0;
    while a > 0 && extended < 3 && story.same_sentence(a - 1, first) {
        let sentence_start = a < 2 || !story.same_sentence(a - 2, a - 1);
        let norm = story.lower(a - 1);
        if !story.capitalized(a - 1)
            || sentence_start
            || lexicon.demonym(norm).is_some()
            || lexicon.country(norm).is_some()
        {
            break;
        }
        if !lexicon.is_org_cue(norm) && !story.capitalized(a) {
            break;
        }
        a -= 1;
        extended += 1;
    }
    Some(a)
}

/// A nationality right before token `at`: a demonym ("Chinese"), a
/// country's possessive ("India's") or a country name ("U.S.").
fn nationality_before(story: &Story, lexicon: &Lexicon, at: usize) -> Option<String> {
    if at == 0 || !story.same_sentence(at - 1, at) {
        return None;
    }
    let end = if matches!(story.word(at - 1), "'s" | "’s" | "'" | "'S") {
        at - 1
    } else {
        at
    };
    let mut buf = String::new();
    for n in (1..=3.min(end)).rev() {
        let a = end - n;
        if !story.same_sentence(a, at) {
            continue;
        }
        let p = story.words_in(a, end, &mut buf);
        let found = lexicon
            .country(p)
            .or_else(|| if end == at { lexicon.demonym(p) } else { None });
        if let Some(c) = found {
            return Some(c.code.clone());
        }
    }
    None
}

/// Reads an appositive after token `last`: ", also a member of ...," or
/// ", the foreign secretary of India,".
fn appositive(story: &Story, lexicon: &Lexicon, last: usize, titles: &mut Titles, country: &mut Option<String>) {
    let comma = last + 1;
    if story.word(comma) != "," || !story.same_sentence(last, comma) {
        return;
    }
    let mut a = comma + 1;
    let mut end = None;
    for k in a..(a + MAX_APPOSITIVE).min(story.len()) {
        if !story.same_sentence(k, comma) {
            end = Some(k);
            break;
        }
        if matches!(story.word(k), "," | ";" | "." | "(" | ")" | "\"" | "“" | "”" | "--") {
            end = Some(k);
            break;
        }
    }
    let Some(end) = end else { return };
    while a < end
        && matches!(
            story.lower(a),
            "also" | "who" | "is" | "was" | "now" | "currently" | "formerly"
        )
    {
        a += 1;
    }
    while a < end && matches!(story.lower(a), "a" | "an" | "the") {
        a += 1;
    }
    // A possessive or demonym opening the appositive gives the nationality.
    let mut nat = None;
    for n in (1..=3).rev() {
        if a + n < end
            && matches!(story.word(a + n), "'s" | "’s")
            && let Some(c) = lexicon.country(&story.words(a, a + n))
        {
            nat = Some(c.code.clone());
            a += n + 1;
            break;
        }
    }
    if nat.is_none()
        && a < end
        && let Some(c) = lexicon.demonym(story.lower(a))
    {
        nat = Some(c.code.clone());
        a += 1;
    }
    // Another possessive ("the company's chief executive") names the employer.
    if nat.is_none() && a + 1 < end && matches!(story.word(a + 1), "'s" | "’s") {
        a += 2;
    }
    if a >= end {
        return;
    }
    // A relative clause ends the title: "leader who embodies ...".
    let end = (a..end)
        .find(|&k| matches!(story.lower(k), "who" | "which" | "that" | "whose" | "where" | "when"))
        .unwrap_or(end);
    if a >= end {
        return;
    }
    // A finite verb makes it the subject of a clause, not an appositive:
    // "criticism of Mueller, the president said ...". Only forms that are
    // no noun or participle count ("state", "accused" and "project" stand
    // in titles).
    if (a..end).any(|k| CLAUSE_VERBS.contains(&story.lower(k))) {
        return;
    }
    let words: Vec<&str> = (a..end).map(|k| story.lower(k)).collect();
    // The title must open the appositive, after at most three modifiers
    // ("former deputy foreign minister", "Foreign Ministry spokesperson").
    let title_at = |i: usize| {
        (1..=lexicon.longest_title().min(words.len() - i)).any(|n| lexicon.is_title(&words[i..i + n].join(" ")))
    };
    let opens = matches!(words[0], "member" | "head" | "chief" | "leader") || (0..words.len().min(4)).any(title_at);
    let modifiers_ok = (0..words.len().min(4))
        .find(|&i| title_at(i))
        .is_none_or(|i| (a..a + i).all(|k| MODIFIERS.contains(&story.lower(k)) || story.capitalized(k)));
    if !opens || !modifiers_ok || words.len() > MAX_TITLE_WORDS {
        return;
    }
    titles.add(story, Span::new(story.span(a).begin, story.span(end - 1).end));
    if country.is_none() {
        *country = nat.or_else(|| {
            let of = words.iter().rposition(|w| *w == "of")?;
            lexicon.country(&words[of + 1..].join(" ")).map(|c| c.code.clone())
        });
    }
}
