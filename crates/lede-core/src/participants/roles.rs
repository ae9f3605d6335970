//! Titles, offices and nationality read off the words around a mention:
//! premodifiers ("Chinese Foreign Minister Wang Yi"), possessives ("India's
//! Foreign Secretary Vikram Misri") and appositives ("Wang, also a member of
//! the Political Bureau ...,", "Misri, the foreign secretary of India,").

use super::Tokens;
use super::lexicon::{Lexicon, normalize};
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

/// The longest title read from an appositive, in words.
const MAX_TITLE_WORDS: usize = 16;

/// The longest appositive read, in tokens.
const MAX_APPOSITIVE: usize = 24;

/// Adds the titles and the nationality that the context of `mentions`
/// gives a participant of `kind`.
pub(crate) fn describe(
    mentions: Vec<Mention>,
    tokens: &Tokens,
    lexicon: &Lexicon,
    titles: &mut Vec<String>,
    country: &mut Option<String>,
    kind: ParticipantKind,
) {
    if !matches!(kind, ParticipantKind::Person | ParticipantKind::Organization) {
        return;
    }
    for m in mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let Some(first) = tokens.at(m.span.begin) else { continue };
        let mut last = first;
        while tokens.spans.get(last + 1).is_some_and(|s| s.end <= m.span.end) {
            last += 1;
        }
        let mut before = first;
        if kind == ParticipantKind::Person
            && let Some(start) = title_before(tokens, lexicon, first)
        {
            add_title(
                titles,
                Span::new(tokens.spans[start].begin, tokens.spans[first - 1].end).slice(tokens.text),
            );
            before = start;
        }
        if country.is_none() {
            *country = nationality_before(tokens, lexicon, before);
        }
        if kind == ParticipantKind::Person {
            appositive(tokens, lexicon, last, titles, country);
        }
    }
}

/// Adds a title unless it is there already (in any case).
fn add_title(titles: &mut Vec<String>, title: &str) {
    if !titles.iter().any(|t| t.eq_ignore_ascii_case(title)) {
        titles.push(title.to_string());
    }
}

/// The normalized text of tokens `a..b`.
fn phrase(tokens: &Tokens, a: usize, b: usize) -> String {
    match (tokens.spans.get(a), tokens.spans.get(b.wrapping_sub(1))) {
        (Some(x), Some(y)) if a < b && x.begin <= y.end => normalize(Span::new(x.begin, y.end).slice(tokens.text)),
        _ => String::new(),
    }
}

/// Where a title right before token `first` starts: the longest title in
/// the lexicon ending there, extended over capitalized words that name its
/// office ("Foreign Ministry spokesperson").
fn title_before(tokens: &Tokens, lexicon: &Lexicon, first: usize) -> Option<usize> {
    let longest = lexicon.longest_title().min(first);
    let start = (1..=longest).rev().find(|&n| {
        let a = first - n;
        tokens.same_sentence(a, first) && lexicon.is_title(&phrase(tokens, a, first))
    })?;
    let mut a = first - start;
    let mut extended = 0;
    while a > 0 && extended < 3 && tokens.same_sentence(a - 1, first) {
        let w = tokens.word(a - 1);
        let capitalized = w.chars().next().is_some_and(char::is_uppercase);
        let sentence_start = a < 2 || !tokens.same_sentence(a - 2, a - 1);
        let norm = normalize(w);
        if !capitalized || sentence_start || lexicon.demonym(&norm).is_some() || lexicon.country(&norm).is_some() {
            break;
        }
        if !lexicon.is_org_cue(&norm) && !tokens.word(a).chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        a -= 1;
        extended += 1;
    }
    Some(a)
}

/// A nationality right before token `at`: a demonym ("Chinese"), a
/// country's possessive ("India's") or a country name ("U.S.").
fn nationality_before(tokens: &Tokens, lexicon: &Lexicon, at: usize) -> Option<String> {
    if at == 0 || !tokens.same_sentence(at - 1, at) {
        return None;
    }
    let end = if matches!(tokens.word(at - 1), "'s" | "’s" | "'" | "'S") {
        at - 1
    } else {
        at
    };
    for n in (1..=3.min(end)).rev() {
        let a = end - n;
        if !tokens.same_sentence(a, at) {
            continue;
        }
        let p = phrase(tokens, a, end);
        let found = lexicon
            .country(&p)
            .or_else(|| if end == at { lexicon.demonym(&p) } else { None });
        if let Some(c) = found {
            return Some(c.code.clone());
        }
    }
    None
}

/// Reads an appositive after token `last`: ", also a member of ...," or
/// ", the foreign secretary of India,".
fn appositive(tokens: &Tokens, lexicon: &Lexicon, last: usize, titles: &mut Vec<String>, country: &mut Option<String>) {
    let comma = last + 1;
    if tokens.word(comma) != "," || !tokens.same_sentence(last, comma) {
        return;
    }
    let mut a = comma + 1;
    let mut end = None;
    for k in a..(a + MAX_APPOSITIVE).min(tokens.spans.len()) {
        if !tokens.same_sentence(k, comma) {
            end = Some(k);
            break;
        }
        if matches!(tokens.word(k), "," | ";" | "." | "(" | ")" | "\"" | "“" | "”" | "--") {
            end = Some(k);
            break;
        }
    }
    let Some(end) = end else { return };
    while a < end
        && matches!(
            tokens.word(a).to_lowercase().as_str(),
            "also" | "who" | "is" | "was" | "now" | "currently" | "formerly"
        )
    {
        a += 1;
    }
    while a < end && matches!(tokens.word(a).to_lowercase().as_str(), "a" | "an" | "the") {
        a += 1;
    }
    // A possessive or demonym opening the appositive gives the nationality.
    let mut nat = None;
    for n in (1..=3).rev() {
        if a + n < end
            && matches!(tokens.word(a + n), "'s" | "’s")
            && let Some(c) = lexicon.country(&phrase(tokens, a, a + n))
        {
            nat = Some(c.code.clone());
            a += n + 1;
            break;
        }
    }
    if nat.is_none()
        && a < end
        && let Some(c) = lexicon.demonym(&normalize(tokens.word(a)))
    {
        nat = Some(c.code.clone());
        a += 1;
    }
    // Another possessive ("the company's chief executive") names the employer.
    if nat.is_none() && a + 1 < end && matches!(tokens.word(a + 1), "'s" | "’s") {
        a += 2;
    }
    if a >= end {
        return;
    }
    // A relative clause ends the title: "leader who embodies ...".
    let end = (a..end)
        .find(|&k| {
            matches!(
                tokens.word(k).to_lowercase().as_str(),
                "who" | "which" | "that" | "whose" | "where" | "when"
            )
        })
        .unwrap_or(end);
    if a >= end {
        return;
    }
    let words: Vec<String> = (a..end).map(|k| normalize(tokens.word(k))).collect();
    // The title must open the appositive, after at most three modifiers
    // ("former deputy foreign minister", "Foreign Ministry spokesperson").
    let title_at = |i: usize| {
        (1..=lexicon.longest_title().min(words.len() - i)).any(|n| lexicon.is_title(&words[i..i + n].join(" ")))
    };
    let opens =
        matches!(words[0].as_str(), "member" | "head" | "chief" | "leader") || (0..words.len().min(4)).any(title_at);
    let modifiers_ok = (0..words.len().min(4)).find(|&i| title_at(i)).is_none_or(|i| {
        (a..a + i).all(|k| {
            let w = tokens.word(k);
            MODIFIERS.contains(&w.to_lowercase().as_str()) || w.chars().next().is_some_and(char::is_uppercase)
        })
    });
    if !opens || !modifiers_ok || words.len() > MAX_TITLE_WORDS {
        return;
    }
    let title = Span::new(tokens.spans[a].begin, tokens.spans[end - 1].end).slice(tokens.text);
    add_title(titles, title);
    if country.is_none() {
        *country = nat.or_else(|| {
            let of = words.iter().rposition(|w| w == "of")?;
            lexicon.country(&words[of + 1..].join(" ")).map(|c| c.code.clone())
        });
    }
}
