//! Participants: people, organizations, countries and places, with every
//! mention linked.
//!
//! The stage runs in four steps:
//!
//! 1. The named-entity tagger (`tagger`, an averaged perceptron trained
//!    by `train.rs` on CoNLL-2003) tags the story paragraphs: headline,
//!    body, captions, datelines. Credited names (from the parse stage, or
//!    caption credits such as "(Xinhua/Gao Jie)") are left out.
//! 2. Entities are made consistent across the article: a word that is part
//!    of a person's full name is that person ("Wang" after "Wang Yi"), and
//!    the same text gets the same type everywhere.
//! 3. Mentions are linked into participants: people by name parts, bodies
//!    and places by their text, acronym or country; country demonyms
//!    ("Chinese") become demonym mentions of the country.
//! 4. Titles and nationality come from premodifiers ("Chinese Foreign
//!    Minister Wang Yi"), possessives ("India's Foreign Secretary") and
//!    appositives ("Wang, also a member of ..."); salience from mention
//!    counts and positions. Credited staff come last with salience 0.

/// Training for this stage (`lede-train`).
#[cfg(feature = "train")]
pub mod train;

mod cleanup;
mod credits;
mod features;
mod lexicon;
mod roles;
mod tagger;

use std::collections::{HashMap, HashSet};

use crate::{Article, Mention, MentionKind, ParagraphKind, Participant, ParticipantKind, ParticipantRole, Span, Stop};
use lexicon::{Lexicon, normalize};
use tagger::Entity;

/// Finds the participants of an article.
#[derive(Debug)]
pub(crate) struct ParticipantFinder {
    tagger: tagger::Tagger,
    lexicon: Lexicon,
}

/// People sharing a name word that a name part is checked against, at most.
const MAX_NAMESAKES: usize = 32;

/// Entity types of the tagger.
const PER: usize = 0;
const ORG: usize = 1;
const LOC: usize = 2;
const MISC: usize = 3;

/// The article's tokens, sentence by sentence.
pub(crate) struct Tokens<'a> {
    /// The article text.
    pub text: &'a str,
    /// Every token, in order.
    pub spans: Vec<Span>,
    /// Index of the sentence of each token.
    pub sentence: Vec<usize>,
}

impl<'a> Tokens<'a> {
    /// The tokens of `sentences` (token spans into `text`), in order.
    pub(crate) fn of_sentences(text: &'a str, sentences: &[Vec<Span>]) -> Tokens<'a> {
        let mut tokens = Tokens {
            text,
            spans: Vec::with_capacity(sentences.iter().map(Vec::len).sum()),
            sentence: Vec::new(),
        };
        for (i, s) in sentences.iter().enumerate() {
            tokens.spans.extend_from_slice(s);
            tokens.sentence.extend(std::iter::repeat_n(i, s.len()));
        }
        tokens
    }

    /// Index of the token starting at byte `begin`.
    pub(crate) fn at(&self, begin: usize) -> Option<usize> {
        self.spans.binary_search_by_key(&begin, |s| s.begin).ok()
    }

    /// The text of token `i` ("" when out of range).
    pub(crate) fn word(&self, i: usize) -> &str {
        self.spans.get(i).and_then(|s| s.get(self.text)).unwrap_or("")
    }

    /// Whether tokens `a` and `b` lie in the same sentence.
    pub(crate) fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.sentence.get(a).is_some_and(|s| Some(s) == self.sentence.get(b))
    }
}

/// A participant being built.
#[derive(Debug)]
struct Draft {
    kind: ParticipantKind,
    name: String,
    /// Lower-case name words (people: to link name parts).
    words: Vec<String>,
    titles: Vec<String>,
    country: Option<String>,
    mentions: Vec<Mention>,
    roles: Vec<ParticipantRole>,
}

impl Draft {
    fn new(kind: ParticipantKind, name: &str) -> Draft {
        Draft {
            kind,
            name: name.to_string(),
            words: normalize(name).split(' ').map(str::to_string).collect(),
            titles: Vec::new(),
            country: None,
            mentions: Vec::new(),
            roles: Vec::new(),
        }
    }
}

impl ParticipantFinder {
    /// Loads the tagger and lexicons.
    pub(crate) fn new() -> crate::Result<ParticipantFinder> {
        let lexicon = Lexicon::load();
        let tagger = tagger::Tagger::new(
            include_bytes!("../../models/ner.model.bin"),
            include_str!("../../models/ner.clusters.tsv"),
            include_str!("../../models/ner.caps.tsv"),
            &lexicon,
        )
        .ok_or_else(|| crate::Error::internal("the named-entity model does not load"))?;
        Ok(ParticipantFinder { tagger, lexicon })
    }

    /// The participants of `article`, most salient first, credited staff last.
    /// Tagging gives up between sentences once `stop` says so (the caller
    /// then throws the partial result away).
    pub(crate) fn find(&self, article: &Article, stop: &Stop) -> Vec<Participant> {
        let text = article.text.as_str();
        let credits = credits::credits(article);
        let (tokens, sentences) = self.story_tokens(article, &credits.excluded);
        let entities = self.tagger.tag(text, &sentences, stop);
        if stop.is_stopped() {
            return Vec::new();
        }
        let credit_names: HashSet<String> = credits.people.iter().map(|c| normalize(&c.name)).collect();
        // The agency in a dateline or byline ("BEIJING, Jan. 27 (Xinhua) --")
        // is the article's source, not a participant.
        let mut agency_lines: Vec<Span> = article
            .paragraphs
            .iter()
            .filter(|p| matches!(p.kind, ParagraphKind::Byline | ParagraphKind::Dateline))
            .map(|p| p.span)
            .collect();
        agency_lines.extend(article.dateline.as_ref().map(|d| d.span));
        let source = article.source.as_deref().map(normalize);
        let entities: Vec<Entity> = entities
            .into_iter()
            .filter(|e| {
                let norm = normalize(e.span.slice(text));
                let agency = source.as_ref() == Some(&norm) && agency_lines.iter().any(|d| d.contains(e.span));
                !agency && !credit_names.contains(&norm)
            })
            .collect();
        let entities = cleanup::split_at_lower_case(text, &tokens, &self.lexicon, entities);
        let entities = cleanup::confirm_title_case(text, &tokens, &sentences, &self.lexicon, entities);
        let mut entities = consistent(text, &tokens, entities);
        self.nested_organizations(text, &mut entities);
        let mut drafts = self.link(text, &entities);
        for d in &mut drafts {
            roles::describe(
                d_mentions(d),
                &tokens,
                &self.lexicon,
                &mut d.titles,
                &mut d.country,
                d.kind,
            );
            if d.country.is_none() {
                d.country = self.own_country(d);
            }
        }
        self.nominals(&tokens, &mut drafts);
        let mut out = self.rank(article, drafts);
        let mut staff: HashMap<String, usize> = HashMap::new();
        for c in credits.people {
            let role = credits::role(c.role);
            let mention = (!c.span.is_empty()).then_some(Mention {
                span: c.span,
                kind: MentionKind::Name,
            });
            if let Some(p) = staff.get(&normalize(&c.name)).and_then(|&i| out.get_mut(i)) {
                if !p.roles.contains(&role) {
                    p.roles.push(role);
                }
                if let Some(m) = mention.filter(|m| !p.mentions.contains(m)) {
                    p.mentions.push(m);
                }
                continue;
            }
            staff.insert(normalize(&c.name), out.len());
            out.push(Participant {
                id: String::new(),
                kind: ParticipantKind::Person,
                name: c.name.clone(),
                titles: Vec::new(),
                country_code: None,
                salience: 0.0,
                roles: vec![role],
                mentions: mention.into_iter().collect(),
            });
        }
        for (i, p) in out.iter_mut().enumerate() {
            p.id = format!("p{}", i + 1);
            p.mentions.sort_by_key(|m| m.span);
        }
        out
    }

    /// Tokens of the story paragraphs, and their sentences, leaving out
    /// `excluded` spans (credits).
    fn story_tokens<'a>(&self, article: &'a Article, excluded: &[Span]) -> (Tokens<'a>, Vec<Vec<Span>>) {
        let text = article.text.as_str();
        let mut sentences = Vec::new();
        // Story text: body, headline, captions, datelines and bylines (their
        // credited names are left out below); of the blocks the parser calls
        // boilerplate, those that read as prose or as table rows (results,
        // standings), which belong to the story, unlike menus and links.
        let story = |p: &crate::Paragraph| match p.kind {
            ParagraphKind::Body
            | ParagraphKind::Headline
            | ParagraphKind::Caption
            | ParagraphKind::Dateline
            | ParagraphKind::Byline => true,
            ParagraphKind::Boilerplate => p.span.get(text).is_some_and(reads_as_story),
            ParagraphKind::Footer => false,
        };
        if article.paragraphs.is_empty() {
            tagger::sentences_of(text, Span::new(0, text.len()), &mut sentences);
        }
        for p in article.paragraphs.iter().filter(|p| story(p)) {
            if p.span.get(text).is_some() {
                tagger::sentences_of(text, p.span, &mut sentences);
            }
        }
        let mut excluded = excluded.to_vec();
        excluded.sort();
        // The longest excluded span bounds how far back an overlap may start.
        let longest = excluded.iter().map(|x| x.len()).max().unwrap_or(0);
        for s in &mut sentences {
            s.retain(|t| {
                let from = excluded.partition_point(|x| x.begin + longest < t.begin);
                !excluded[from..]
                    .iter()
                    .take_while(|x| x.begin < t.end)
                    .any(|x| x.overlaps(*t))
            });
        }
        sentences.retain(|s| !s.is_empty());
        sentences.sort_by_key(|s| s.first().map(|t| t.begin));
        (Tokens::of_sentences(text, &sentences), sentences)
    }

    /// Adds the body named inside a body's name: "Political Bureau of the
    /// Communist Party of China Central Committee" names the Communist Party
    /// of China Central Committee too. The inner name must span at least two
    /// words and end in an organization word ("committee", "party").
    fn nested_organizations(&self, text: &str, entities: &mut Vec<Entity>) {
        let mut inner = Vec::new();
        for e in entities.iter().filter(|e| e.ty == ORG) {
            let name = e.span.slice(text);
            let Some(at) = name
                .find(" of the ")
                .map(|k| k + " of the ".len())
                .or_else(|| name.find(" of ").map(|k| k + 4))
            else {
                continue;
            };
            let rest = &name[at..];
            let words: Vec<&str> = rest.split(' ').collect();
            let capitalized = words
                .first()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            let cue = words.last().is_some_and(|w| self.lexicon.is_org_cue(&normalize(w)));
            if words.len() >= 2 && capitalized && cue && !rest.contains(" of the ") {
                inner.push(Entity {
                    span: Span::new(e.span.begin + at, e.span.end),
                    ty: ORG,
                });
            }
        }
        if !inner.is_empty() {
            entities.extend(inner);
            entities.sort_by_key(|e| e.span);
        }
    }

    /// Links entity mentions into participants.
    fn link(&self, text: &str, entities: &[Entity]) -> Vec<Draft> {
        let mut drafts: Vec<Draft> = Vec::new();
        // Full names first, so that "Wang" finds "Wang Yi".
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(entities[i].span.len()), entities[i].span.begin));
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut person_words: HashMap<String, Vec<usize>> = HashMap::new();
        let mut acronyms: HashMap<String, String> = HashMap::new();
        for i in order {
            let e = entities[i];
            let surface = e.span.slice(text);
            let norm = normalize(surface);
            let (kind, key, mention_kind, name) = match e.ty {
                PER => (
                    ParticipantKind::Person,
                    String::new(),
                    MentionKind::Name,
                    surface.to_string(),
                ),
                MISC => match self.lexicon.demonym(&norm) {
                    Some(c) => (
                        ParticipantKind::Country,
                        format!("country:{}", c.code),
                        MentionKind::Demonym,
                        c.name.clone(),
                    ),
                    None => continue,
                },
                LOC => match self.lexicon.country(&norm) {
                    Some(c) => (
                        ParticipantKind::Country,
                        format!("country:{}", c.code),
                        MentionKind::Name,
                        surface.to_string(),
                    ),
                    None => (
                        ParticipantKind::Location,
                        format!("loc:{norm}"),
                        MentionKind::Name,
                        surface.to_string(),
                    ),
                },
                _ => (
                    ParticipantKind::Organization,
                    format!("org:{norm}"),
                    MentionKind::Name,
                    surface.to_string(),
                ),
            };
            let mention = Mention {
                span: e.span,
                kind: mention_kind,
            };
            if kind == ParticipantKind::Person {
                let words: Vec<&str> = norm.split(' ').collect();
                let found = words.first().and_then(|w| person_words.get(*w)).and_then(|c| {
                    // Of several namesakes ("Clinton"), the one named most so far.
                    c.iter()
                        .take(MAX_NAMESAKES)
                        .copied()
                        .filter(|&d| contains_run(&drafts[d].words, &words))
                        .max_by_key(|&d| (drafts[d].mentions.len(), std::cmp::Reverse(d)))
                });
                let d = match found {
                    Some(d) => d,
                    None => {
                        drafts.push(Draft::new(kind, &name));
                        let d = drafts.len() - 1;
                        for w in &drafts[d].words {
                            person_words.entry(w.clone()).or_default().push(d);
                        }
                        d
                    }
                };
                drafts[d].mentions.push(mention);
                continue;
            }
            let key = if kind == ParticipantKind::Organization {
                // An acronym links to the spelled-out name: "SCO".
                let a = acronym(&norm);
                if a.len() >= 2 {
                    acronyms.entry(a).or_insert_with(|| key.clone());
                }
                acronyms.get(&norm).cloned().unwrap_or(key)
            } else {
                key
            };
            let d = *by_key.entry(key).or_insert_with(|| {
                drafts.push(Draft::new(kind, &name));
                drafts.len() - 1
            });
            let draft = &mut drafts[d];
            if mention_kind == MentionKind::Name
                && (draft.mentions.iter().all(|m| m.kind != MentionKind::Name) || name.len() > draft.name.len())
            {
                draft.name = name;
            }
            draft.mentions.push(mention);
        }
        drafts
    }

    /// Links nominal mentions ("the foreign minister", "the spokesperson")
    /// to the person last named before them with that title.
    fn nominals(&self, tokens: &Tokens, drafts: &mut [Draft]) {
        /// People with titles considered, at most.
        const MAX_PEOPLE: usize = 64;
        let people: Vec<(usize, Vec<String>, Vec<usize>)> = drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == ParticipantKind::Person && !d.titles.is_empty())
            .take(MAX_PEOPLE)
            .map(|(i, d)| {
                let mut ends: Vec<usize> = d.mentions.iter().map(|m| m.span.end).collect();
                ends.sort_unstable();
                (
                    i,
                    d.titles.iter().flat_map(|t| self.titles_in(&normalize(t))).collect(),
                    ends,
                )
            })
            .collect();
        if people.is_empty() {
            return;
        }
        let mut taken: Vec<Span> = drafts.iter().flat_map(|d| d.mentions.iter().map(|m| m.span)).collect();
        taken.sort();
        let longest = self.lexicon.longest_title();
        for k in 0..tokens.spans.len() {
            if !tokens.word(k).eq_ignore_ascii_case("the") {
                continue;
            }
            let Some(n) = (1..=longest).rev().find(|&n| {
                tokens.same_sentence(k, k + n)
                    && (k + 1..=k + n).all(|j| tokens.word(j).chars().next().is_some_and(char::is_lowercase))
                    && self.lexicon.is_title(&normalize_words(tokens, k + 1, k + n + 1))
            }) else {
                continue;
            };
            let after = tokens.word(k + n + 1);
            if after == "of"
                || (tokens.same_sentence(k, k + n + 1) && after.chars().next().is_some_and(char::is_uppercase))
            {
                continue;
            }
            let span = Span::new(tokens.spans[k].begin, tokens.spans[k + n].end);
            let i = taken.partition_point(|t| t.end <= span.begin);
            if taken.get(i).is_some_and(|t| t.overlaps(span)) {
                continue;
            }
            let title = normalize_words(tokens, k + 1, k + n + 1);
            let head = title.rsplit(' ').next().unwrap_or("");
            let matches =
                |titles: &Vec<String>| titles.iter().any(|t| *t == title || t.rsplit(' ').next() == Some(head));
            let last_before = |ends: &[usize]| {
                ends.partition_point(|&e| e <= span.begin)
                    .checked_sub(1)
                    .map(|i| ends[i])
            };
            let best = people
                .iter()
                .filter(|(_, titles, _)| matches(titles))
                .filter_map(|(i, _, ends)| last_before(ends).map(|end| (end, *i)))
                .max();
            if let Some((_, d)) = best {
                drafts[d].mentions.push(Mention {
                    span,
                    kind: MentionKind::Nominal,
                });
            }
        }
    }

    /// The lexicon's titles inside a normalized title ("foreign secretary of
    /// india" -> "foreign secretary", "secretary").
    fn titles_in(&self, title: &str) -> Vec<String> {
        let words: Vec<&str> = title.split(' ').collect();
        let mut out = Vec::new();
        for i in 0..words.len() {
            for n in 1..=self.lexicon.longest_title().min(words.len() - i) {
                let phrase = words[i..i + n].join(" ");
                if self.lexicon.is_title(&phrase) {
                    out.push(phrase);
                }
            }
        }
        out
    }

    /// A participant's own country: a country's code, a known place's
    /// country, a country named inside an organization's name.
    fn own_country(&self, d: &Draft) -> Option<String> {
        let norm = normalize(&d.name);
        match d.kind {
            ParticipantKind::Country => self.lexicon.country(&norm).map(|c| c.code.clone()),
            ParticipantKind::Location => self.lexicon.place(&norm).filter(|c| !c.is_empty()).map(str::to_string),
            ParticipantKind::Organization => {
                let words: Vec<&str> = norm.split(' ').collect();
                (0..words.len()).find_map(|i| {
                    (1..=3.min(words.len() - i)).rev().find_map(|n| {
                        let phrase = words[i..i + n].join(" ");
                        self.lexicon
                            .country(&phrase)
                            .or_else(|| self.lexicon.demonym(&phrase))
                            .map(|c| c.code.clone())
                    })
                })
            }
            _ => None,
        }
    }

    /// Scores salience and orders the participants.
    fn rank(&self, article: &Article, drafts: Vec<Draft>) -> Vec<Participant> {
        let len = article.text.len().max(1) as f32;
        let lead: Vec<Span> = article
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Headline)
            .map(|p| p.span)
            .chain(article.title_span)
            .chain(
                article
                    .paragraphs
                    .iter()
                    .find(|p| p.kind == ParagraphKind::Body)
                    .map(|p| p.span),
            )
            .collect();
        // People carry stories; countries and places set them.
        let kind_weight = |k: ParticipantKind| match k {
            ParticipantKind::Person => 1.0,
            ParticipantKind::Organization | ParticipantKind::Group => 0.8,
            ParticipantKind::Country | ParticipantKind::Location => 0.6,
        };
        let weight = |d: &Draft| -> f32 {
            kind_weight(d.kind)
                * d.mentions
                    .iter()
                    .map(|m| if m.kind == MentionKind::Name { 1.0 } else { 0.5 })
                    .sum::<f32>()
        };
        let max = drafts.iter().map(weight).fold(1.0f32, f32::max);
        let mut scored: Vec<(f32, usize, Draft)> = drafts
            .into_iter()
            .filter(|d| !d.mentions.is_empty())
            .map(|d| {
                let first = d.mentions.iter().map(|m| m.span.begin).min().unwrap_or(0);
                let in_lead = d.mentions.iter().any(|m| lead.iter().any(|l| l.contains(m.span)));
                let s = kind_weight(d.kind)
                    * (0.55 * weight(&d) / max
                        + 0.25 * f32::from(u8::from(in_lead))
                        + 0.2 * (1.0 - first as f32 / len));
                (s.clamp(0.01, 1.0), first, d)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .map(|(salience, _, d)| Participant {
                id: String::new(),
                kind: d.kind,
                name: d.name,
                titles: d.titles,
                country_code: d.country,
                salience,
                roles: d.roles,
                mentions: d.mentions,
            })
            .collect()
    }
}

/// Whether a block the parser calls boilerplate reads as story text: a
/// sentence, or a table row (a figure among a few words: "LG 2 OB 0", or
/// capitals only: "KANSAS CITY AT DETROIT"), unlike a menu item ("Middle
/// East") or a link.
fn reads_as_story(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let figure = s
        .split_whitespace()
        .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
    let capitals = s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase);
    let sentence = s.trim_end().ends_with(['.', '!', '?', '"', '”']);
    sentence || (words <= 30 && (figure || capitals))
}

/// The normalized words of tokens `a..b`.
fn normalize_words(tokens: &Tokens, a: usize, b: usize) -> String {
    let mut out = String::new();
    for k in a..b {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(tokens.word(k).chars().flat_map(char::to_lowercase));
    }
    out
}

/// The mentions of a draft (a helper that keeps borrows apart).
fn d_mentions(d: &Draft) -> Vec<Mention> {
    d.mentions.clone()
}

/// Whether `words` occur as a contiguous run inside `name`.
fn contains_run(name: &[String], words: &[&str]) -> bool {
    !words.is_empty()
        && words.len() <= name.len()
        && name
            .windows(words.len())
            .any(|w| w.iter().zip(words).all(|(a, b)| a == b))
}

/// The initials of a normalized name's content words ("shanghai cooperation organization" -> "sco").
fn acronym(norm: &str) -> String {
    const SKIP: &[&str] = &["of", "the", "and", "for", "'s", "&"];
    let words: Vec<&str> = norm.split(' ').filter(|w| !SKIP.contains(w)).collect();
    if words.len() < 2 {
        return String::new();
    }
    words.iter().filter_map(|w| w.chars().next()).collect()
}

/// Makes entity types consistent across the article: a mention that is
/// part of a person's full name is that person; otherwise the same text
/// takes its most frequent type.
fn consistent(text: &str, tokens: &Tokens, entities: Vec<Entity>) -> Vec<Entity> {
    let mut name_parts: HashMap<String, usize> = HashMap::new();
    for e in entities.iter().filter(|e| e.ty == PER) {
        let norm = normalize(e.span.slice(text));
        let words: Vec<&str> = norm.split(' ').collect();
        if words.len() >= 2 {
            for w in words.iter().filter(|w| w.chars().count() > 1) {
                *name_parts.entry((*w).to_string()).or_default() += 1;
            }
        }
    }
    let mut votes: HashMap<String, [usize; 4]> = HashMap::new();
    for e in &entities {
        votes.entry(normalize(e.span.slice(text))).or_default()[e.ty] += 1;
    }
    let mut out: Vec<Entity> = entities
        .iter()
        .map(|e| {
            let norm = normalize(e.span.slice(text));
            let ty = if e.ty != PER && name_parts.contains_key(&norm) {
                PER
            } else {
                let v = votes.get(&norm).copied().unwrap_or_default();
                let best = (0..4).max_by_key(|&t| (v[t], t == e.ty)).unwrap_or(e.ty);
                if v[best] > v[e.ty] { best } else { e.ty }
            };
            Entity { span: e.span, ty }
        })
        .collect();
    // Name parts the tagger missed: "Misri" alone, capitalized, outside any entity.
    if !name_parts.is_empty() {
        let mut covered = vec![false; tokens.spans.len()];
        for e in &out {
            let mut k = tokens.at(e.span.begin);
            while let Some(i) = k.filter(|&i| tokens.spans.get(i).is_some_and(|s| s.end <= e.span.end)) {
                covered[i] = true;
                k = Some(i + 1);
            }
        }
        let mut added = Vec::new();
        for (i, span) in tokens.spans.iter().enumerate() {
            let word = tokens.word(i);
            if covered[i]
                || !word.chars().next().is_some_and(char::is_uppercase)
                || word.chars().all(char::is_uppercase)
            {
                continue;
            }
            let lower = word.to_lowercase();
            let next_is_name =
                tokens.same_sentence(i, i + 1) && tokens.word(i + 1).chars().next().is_some_and(char::is_uppercase);
            let prev_is_name = i > 0 && tokens.same_sentence(i - 1, i) && covered[i - 1];
            if name_parts.contains_key(&lower) && !next_is_name && !prev_is_name {
                added.push(Entity { span: *span, ty: PER });
            }
        }
        out.extend(added);
        out.sort_by_key(|e| e.span);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Pipeline, SummaryOptions};

    #[test]
    fn acronyms_read_content_words() {
        assert_eq!(acronym("shanghai cooperation organization"), "sco");
        assert_eq!(acronym("bank of england"), "be");
        assert_eq!(acronym("xinhua"), "");
    }

    #[test]
    fn name_parts_link_to_the_full_name() {
        let text =
            "Foreign Minister Wang Yi met Vikram Misri in Beijing. Wang said China and India agreed, Misri said.";
        let analysis = Pipeline::new()
            .unwrap()
            .analyze(&Document::text(text), &SummaryOptions::default())
            .unwrap();
        let people: Vec<&Participant> = analysis
            .extraction
            .participants
            .iter()
            .filter(|p| p.kind == ParticipantKind::Person)
            .collect();
        let wang = people.iter().find(|p| p.name == "Wang Yi").expect("Wang Yi");
        assert_eq!(wang.mentions.len(), 2);
        let misri = people.iter().find(|p| p.name == "Vikram Misri").expect("Vikram Misri");
        assert_eq!(misri.mentions.len(), 2);
        assert!(wang.titles.iter().any(|t| t == "Foreign Minister"));
        let china = analysis
            .extraction
            .participants
            .iter()
            .find(|p| p.name == "China")
            .expect("China");
        assert_eq!(china.kind, ParticipantKind::Country);
        assert_eq!(china.country_code.as_deref(), Some("CN"));
    }

    #[test]
    fn a_title_with_the_links_to_the_person_holding_it() {
        let text = "Foreign Minister Wang Yi met Vikram Misri, the foreign secretary of India, in Beijing.\n\n\
                    The minister said ties had improved. The foreign secretary agreed.";
        let analysis = Pipeline::new()
            .unwrap()
            .analyze(&Document::text(text), &SummaryOptions::default())
            .unwrap();
        let ps = &analysis.extraction.participants;
        let nominals = |name: &str| -> Vec<&str> {
            let p = ps.iter().find(|p| p.name == name).unwrap();
            p.mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Nominal)
                .map(|m| analysis.article.slice(m.span))
                .collect()
        };
        assert_eq!(nominals("Wang Yi"), ["The minister"]);
        assert_eq!(nominals("Vikram Misri"), ["The foreign secretary"]);
        let misri = ps.iter().find(|p| p.name == "Vikram Misri").unwrap();
        assert_eq!(misri.country_code.as_deref(), Some("IN"));
        assert_eq!(misri.titles, ["foreign secretary of India"]);
    }

    #[test]
    fn appositives_that_are_no_titles_are_left_alone() {
        let text = "Gennifer Flowers, who once had an affair with the president, spoke. Donald Trump, a leader who embodies \
                    the spirit, replied. Jane Smith, the company's chief executive, agreed.";
        let analysis = Pipeline::new()
            .unwrap()
            .analyze(&Document::text(text), &SummaryOptions::default())
            .unwrap();
        let titles = |name: &str| {
            analysis
                .extraction
                .participants
                .iter()
                .find(|p| p.name == name)
                .unwrap()
                .titles
                .clone()
        };
        assert!(titles("Gennifer Flowers").is_empty());
        assert_eq!(titles("Donald Trump"), ["leader"]);
        assert_eq!(titles("Jane Smith"), ["chief executive"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let finder = ParticipantFinder::new().unwrap();
        for text in ["", " ", "\n\n", "A", "(", "Mr. X, the", "'s 's", "é É ü", ", , Wang ,"] {
            let article = Article {
                text: text.to_string(),
                ..Article::default()
            };
            let _ = finder.find(&article, &crate::Stop::never());
        }
        for text in [
            "(".repeat(50_000),
            "(A/B C) ".repeat(5_000),
            "The minister said. ".repeat(5_000),
            "Foreign Minister Wang Yi, the minister, ".repeat(3_000),
            (0..5_000).map(|i| format!("Wang Zhi{i} ")).collect::<String>(),
        ] {
            let article = Article {
                text,
                ..Article::default()
            };
            let _ = finder.find(&article, &crate::Stop::never());
        }
        let long = "Wang Yi met Smith, the chief of Acme Corp. ".repeat(2000);
        let article = Article {
            text: long,
            ..Article::default()
        };
        assert!(!finder.find(&article, &crate::Stop::never()).is_empty());
    }
}
