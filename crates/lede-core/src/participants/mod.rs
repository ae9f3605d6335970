//! Participants: people, organizations, countries and places, with every
//! mention linked.
//!
//! The stage runs in four steps:
//!
//! 1. The named-entity tagger (`tagger`, an averaged perceptron trained
//!    by `lede-train ner` on CoNLL-2003) tags the sentences of the story
//!    paragraphs (headline, body, captions, datelines), reading the
//!    article's tokens as parse made them ([`Story`]). Credited names
//!    (from the parse stage, or caption credits such as "(Xinhua/Gao
//!    Jie)") are left out.
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

mod cleanup;
mod credits;
mod features;
mod lexicon;
mod names;
mod roles;
mod tagger;
#[cfg(feature = "train")]
pub mod train;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::tokens::{Tokens, flag, lower_case, one_line, one_line_lower};
use crate::{Article, Mention, MentionKind, ParagraphKind, Participant, ParticipantKind, ParticipantRole, Span, Stop};
use lexicon::Lexicon;
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
/// A facility: not a tagger type, but given by a name's head word
/// ("Hospital", "Airport", "Street").
const FAC: usize = 4;

/// What the stage reads of an article: the sentences of its story
/// paragraphs, as the article's [`Tokens`] hold them, with credited names
/// left out.
pub(crate) struct Story<'a> {
    /// The article text.
    pub text: &'a str,
    /// The article's tokens.
    pub tokens: &'a Tokens,
    /// The tokens read (indices into `tokens`), in text order.
    pub read: Vec<usize>,
    /// Each sentence read, as a range of `read`.
    pub sentences: Vec<Range<usize>>,
    /// Whether each of `sentences` is in a headline paragraph.
    pub headline: Vec<bool>,
}

impl<'a> Story<'a> {
    /// The story of `article`, leaving out tokens that overlap `excluded`
    /// (credits). Story paragraphs: body, headline, captions, datelines and
    /// bylines (their credited names are left out); of the blocks the
    /// parser calls boilerplate, those that read as prose or as table rows
    /// (results, standings), which belong to the story, unlike menus and
    /// links.
    pub(crate) fn of(article: &'a Article, excluded: &[Span]) -> Story<'a> {
        let text = article.text.as_str();
        let tokens = &article.tokens;
        let story: Vec<bool> = article
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| match p.kind {
                ParagraphKind::Body
                | ParagraphKind::Headline
                | ParagraphKind::Caption
                | ParagraphKind::Dateline
                | ParagraphKind::Byline => true,
                ParagraphKind::Boilerplate => reads_as_story(text, tokens, i),
                ParagraphKind::Footer => false,
            })
            .collect();
        let mut excluded = excluded.to_vec();
        excluded.sort();
        // The longest excluded span bounds how far back an overlap may start.
        let longest = excluded.iter().map(|x| x.len()).max().unwrap_or(0);
        let kept = |t: Span| {
            let from = excluded.partition_point(|x| x.begin + longest < t.begin);
            !excluded[from..]
                .iter()
                .take_while(|x| x.begin < t.end)
                .any(|x| x.overlaps(t))
        };
        let mut read = Vec::with_capacity(tokens.tokens().len());
        let mut sentences = Vec::with_capacity(tokens.sentences().len());
        let mut headline = Vec::with_capacity(tokens.sentences().len());
        for s in tokens.sentences() {
            if !story.get(s.paragraph as usize).copied().unwrap_or(false) {
                continue;
            }
            let begin = read.len();
            read.extend(s.range().filter(|&i| kept(tokens.tokens()[i].span)));
            if read.len() > begin {
                sentences.push(begin..read.len());
                headline.push(
                    article
                        .paragraphs
                        .get(s.paragraph as usize)
                        .is_some_and(|p| p.kind == ParagraphKind::Headline),
                );
            }
        }
        Story {
            text,
            tokens,
            read,
            sentences,
            headline,
        }
    }

    /// The spans of the tokens read in `r` (a range of `read`).
    pub(crate) fn spans(&self, r: Range<usize>) -> impl Iterator<Item = Span> + '_ {
        self.read[r].iter().map(|&i| self.tokens.tokens()[i].span)
    }

    /// The number of tokens of the article.
    pub(crate) fn len(&self) -> usize {
        self.tokens.tokens().len()
    }

    /// The span of token `i` (empty past the end).
    pub(crate) fn span(&self, i: usize) -> Span {
        self.tokens.tokens().get(i).map_or(Span::default(), |t| t.span)
    }

    /// The text of token `i` ("" past the end).
    pub(crate) fn word(&self, i: usize) -> &'a str {
        self.tokens
            .tokens()
            .get(i)
            .and_then(|t| t.span.get(self.text))
            .unwrap_or("")
    }

    /// The lower-cased text of token `i` ("" past the end).
    pub(crate) fn lower(&self, i: usize) -> &'a str {
        self.tokens.lower(i)
    }

    /// Whether token `i` is capitalized.
    pub(crate) fn capitalized(&self, i: usize) -> bool {
        self.tokens.tokens().get(i).is_some_and(|t| t.has(flag::CAP))
    }

    /// Whether token `i` opens with a lower-case letter.
    pub(crate) fn opens_lower(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_lowercase)
    }

    /// Whether tokens `a` and `b` lie in the same sentence.
    pub(crate) fn same_sentence(&self, a: usize, b: usize) -> bool {
        let t = self.tokens.tokens();
        matches!((t.get(a), t.get(b)), (Some(x), Some(y)) if x.sentence == y.sentence)
    }

    /// The lower-cased words of tokens `a..b`, joined by one space.
    pub(crate) fn words(&self, a: usize, b: usize) -> String {
        let mut out = String::new();
        self.tokens.lower_words(a..b, &mut out);
        out
    }

    /// [`Story::words`] put in `buf`: for looking many phrases up.
    pub(crate) fn words_in<'b>(&self, a: usize, b: usize, buf: &'b mut String) -> &'b str {
        self.tokens.lower_words(a..b, buf);
        buf
    }

    /// The lower-cased words inside `span`, joined by one space: a name
    /// as the lexicons key it.
    pub(crate) fn normalized(&self, span: Span) -> String {
        self.tokens.normalized(span)
    }

    /// The text of `span` on one line: a name or title as given back.
    pub(crate) fn surface(&self, span: Span) -> String {
        one_line(span.slice(self.text))
    }
}

/// A name given as a string (a credit, the source) as entity names are
/// compared with it: lower case, on one line.
fn key(name: &str) -> String {
    one_line_lower(name)
}

/// A participant being built.
#[derive(Debug)]
struct Draft {
    kind: ParticipantKind,
    name: String,
    /// Its name's lower-case words joined by one space.
    norm: String,
    /// Lower-case name words (people: to link name parts).
    words: Vec<String>,
    titles: Vec<String>,
    /// The titles' lower-case words joined by one space.
    title_keys: Vec<String>,
    country: Option<String>,
    mentions: Vec<Mention>,
    roles: Vec<ParticipantRole>,
}

impl Draft {
    fn new(kind: ParticipantKind, name: String, norm: String) -> Draft {
        Draft {
            kind,
            name,
            words: norm.split(' ').map(str::to_string).collect(),
            norm,
            titles: Vec::new(),
            title_keys: Vec::new(),
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
        let tagger = tagger::Tagger::new(include_bytes!("../../models/ner.model.bin"), lexicon.gazetteer())
            .map_err(|e| crate::Error::internal(format!("the named-entity model does not load: {e}")))?;
        Ok(ParticipantFinder { tagger, lexicon })
    }

    /// The participants of `article`, most salient first, credited staff last.
    /// Tagging gives up between sentences, and the later passes between
    /// one another, once `stop` says so (the caller then throws the partial
    /// result away).
    pub(crate) fn find(&self, article: &Article, stop: &Stop) -> Vec<Participant> {
        let credits = credits::credits(article);
        let story = Story::of(article, &credits.excluded);
        let entities = self.tagger.tag(&story, stop);
        if stop.is_stopped() {
            return Vec::new();
        }
        let credit_names: HashSet<String> = credits.people.iter().map(|c| key(&c.name)).collect();
        // The agency in a dateline or byline ("BEIJING, Jan. 27 (Xinhua) --")
        // is the article's source, not a participant.
        let mut agency_lines: Vec<Span> = article
            .paragraphs
            .iter()
            .filter(|p| matches!(p.kind, ParagraphKind::Byline | ParagraphKind::Dateline))
            .map(|p| p.span)
            .collect();
        agency_lines.extend(article.dateline.as_ref().map(|d| d.span));
        let source = article.source.as_deref().map(key);
        let entities: Vec<Entity> = entities
            .into_iter()
            .filter(|e| {
                let name = key(e.span.slice(story.text));
                let agency = source.as_ref() == Some(&name) && agency_lines.iter().any(|d| d.contains(e.span));
                !agency && !credit_names.contains(&name)
            })
            .collect();
        // Each pass below runs whole; between them the work gives up once
        // `stop` says so, so that a late call on a long article stops soon.
        macro_rules! give_up {
            () => {
                if stop.is_stopped() {
                    return Vec::new();
                }
            };
        }
        let entities = cleanup::split_at_lower_case(&story, &self.lexicon, entities);
        give_up!();
        let entities = names::trim(&story, entities);
        let entities = names::join(&story, entities);
        give_up!();
        let entities = cleanup::confirm_title_case(&story, &self.lexicon, entities);
        let entities = cleanup::confirm_capitals(&story, &self.lexicon, &agency_lines, entities);
        give_up!();
        let entities = names::kinds(&story, &self.lexicon, entities);
        give_up!();
        let mut entities = consistent(&story, &self.lexicon, entities);
        give_up!();
        self.nested_organizations(&story, &mut entities);
        give_up!();
        let mut drafts = self.link(&story, &entities);
        give_up!();
        for d in &mut drafts {
            let mut titles = roles::Titles {
                text: &mut d.titles,
                keys: &mut d.title_keys,
            };
            roles::describe(&d.mentions, &story, &self.lexicon, d.kind, &mut titles, &mut d.country);
            if d.country.is_none() {
                d.country = self.own_country(d);
            }
        }
        give_up!();
        self.nominals(&story, &mut drafts);
        give_up!();
        let mut out = self.rank(article, drafts);
        let mut staff: HashMap<String, usize> = HashMap::new();
        for c in credits.people {
            let role = credits::role(c.role);
            let mention = (!c.span.is_empty()).then_some(Mention {
                span: c.span,
                kind: MentionKind::Name,
            });
            let name = key(&c.name);
            if let Some(p) = staff.get(&name).and_then(|&i| out.get_mut(i)) {
                if !p.roles.contains(&role) {
                    p.roles.push(role);
                }
                if let Some(m) = mention.filter(|m| !p.mentions.contains(m)) {
                    p.mentions.push(m);
                }
                continue;
            }
            staff.insert(name, out.len());
            out.push(Participant {
                id: String::new(),
                kind: ParticipantKind::Person,
                name: one_line(&c.name),
                aliases: Vec::new(),
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

    /// Adds the body named inside a body's name: "Political Bureau of the
    /// Communist Party of China Central Committee" names the Communist Party
    /// of China Central Committee too. The inner name follows the first
    /// "of the" (else the first "of"), spans at least two words, opens
    /// capitalized, ends in an organization word ("committee", "party")
    /// and holds no further "of the".
    fn nested_organizations(&self, story: &Story, entities: &mut Vec<Entity>) {
        let mut inner = Vec::new();
        for e in entities.iter().filter(|e| e.ty == ORG) {
            let words = story.tokens.within(e.span);
            let of_the = |k: usize| story.lower(k) == "of" && story.lower(k + 1) == "the" && k + 1 < words.end;
            let at = match words.clone().skip(1).find(|&k| of_the(k)) {
                Some(k) => k + 2,
                None => match words.clone().skip(1).find(|&k| story.lower(k) == "of") {
                    Some(k) => k + 1,
                    None => continue,
                },
            };
            let rest = at..words.end;
            let of_the = rest.clone().any(of_the);
            let cue = rest.end > at && self.lexicon.is_org_cue(story.lower(rest.end - 1));
            if rest.len() >= 2 && story.capitalized(at) && cue && !of_the {
                inner.push(Entity {
                    span: Span::new(story.span(at).begin, e.span.end),
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
    fn link(&self, story: &Story, entities: &[Entity]) -> Vec<Draft> {
        let mut drafts: Vec<Draft> = Vec::new();
        // Full names first, so that "Wang" finds "Wang Yi".
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(entities[i].span.len()), entities[i].span.begin));
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut person_words: HashMap<String, Vec<usize>> = HashMap::new();
        let mut acronyms: HashMap<String, String> = HashMap::new();
        // "The European Community (EC)": an acronym given in brackets right
        // after a name is that name's, before a longer one with the same
        // initials ("European Commission").
        for e in entities.iter().filter(|e| e.ty == ORG) {
            let stem = company_stem(&story.normalized(e.span)).to_owned();
            let a = acronym(&stem);
            let after = story.text.get(e.span.end..).unwrap_or_default();
            let given = after
                .strip_prefix(" (")
                .and_then(|rest| rest.get(..a.len() + 1))
                .is_some_and(|x| x.eq_ignore_ascii_case(&format!("{a})")));
            if a.len() >= 2 && given {
                acronyms.insert(a, format!("org:{stem}"));
            }
        }
        for i in order {
            let e = entities[i];
            let surface = story.surface(e.span);
            let norm = story.normalized(e.span);
            let country = |c: &lexicon::Country| Some(c.code.clone());
            let (kind, key, mention_kind, name, code) = match e.ty {
                PER => (ParticipantKind::Person, String::new(), MentionKind::Name, surface, None),
                MISC => match self.lexicon.demonym(&norm) {
                    Some(c) => (
                        ParticipantKind::Country,
                        format!("country:{}", c.code),
                        MentionKind::Demonym,
                        c.name.clone(),
                        country(c),
                    ),
                    None => continue,
                },
                LOC => match self.lexicon.country(&norm) {
                    Some(c) => (
                        ParticipantKind::Country,
                        format!("country:{}", c.code),
                        MentionKind::Name,
                        surface,
                        country(c),
                    ),
                    None => (
                        ParticipantKind::Location,
                        format!("loc:{norm}"),
                        MentionKind::Name,
                        surface,
                        None,
                    ),
                },
                FAC => (
                    ParticipantKind::Facility,
                    format!("fac:{norm}"),
                    MentionKind::Name,
                    surface,
                    None,
                ),
                _ => (
                    ParticipantKind::Organization,
                    format!("org:{}", company_stem(&norm)),
                    MentionKind::Name,
                    surface,
                    None,
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
                        drafts.push(Draft::new(kind, name, norm.clone()));
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
                // An acronym links to the spelled-out name: "SCO", "UAB"
                // for "United Asian Bank Bhd".
                let a = acronym(company_stem(&norm));
                if a.len() >= 2 {
                    acronyms.entry(a).or_insert_with(|| key.clone());
                }
                acronyms.get(&norm).cloned().unwrap_or(key)
            } else {
                key
            };
            let d = *by_key.entry(key).or_insert_with(|| {
                drafts.push(Draft::new(kind, name.clone(), norm.clone()));
                drafts.len() - 1
            });
            let draft = &mut drafts[d];
            draft.country = draft.country.take().or(code);
            // The longest name, in mixed case rather than capitals ("Dubai", not
            // the dateline's "DUBAI").
            let capitals = |n: &str| !n.chars().any(char::is_lowercase);
            let better = name.len() > draft.name.len()
                || (name.len() == draft.name.len() && capitals(&draft.name) && !capitals(&name));
            if mention_kind == MentionKind::Name
                && (draft.mentions.iter().all(|m| m.kind != MentionKind::Name) || better)
            {
                draft.name = name;
                draft.norm = norm;
            }
            draft.mentions.push(mention);
        }
        merge_short_names(drafts)
    }

    /// Links nominal mentions ("the foreign minister", "the spokesperson")
    /// to the person last named before them with that title.
    fn nominals(&self, story: &Story, drafts: &mut [Draft]) {
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
                (i, d.title_keys.iter().flat_map(|t| self.titles_in(t)).collect(), ends)
            })
            .collect();
        if people.is_empty() {
            return;
        }
        let mut taken: Vec<Span> = drafts.iter().flat_map(|d| d.mentions.iter().map(|m| m.span)).collect();
        taken.sort();
        let longest = self.lexicon.longest_title();
        let mut buf = String::new();
        for &k in &story.read {
            if story.lower(k) != "the" {
                continue;
            }
            let Some(n) = (1..=longest).rev().find(|&n| {
                story.same_sentence(k, k + n)
                    && (k + 1..=k + n).all(|j| story.opens_lower(j))
                    && self.lexicon.is_title(story.words_in(k + 1, k + n + 1, &mut buf))
            }) else {
                continue;
            };
            if story.word(k + n + 1) == "of" || (story.same_sentence(k, k + n + 1) && story.capitalized(k + n + 1)) {
                continue;
            }
            let span = Span::new(story.span(k).begin, story.span(k + n).end);
            let i = taken.partition_point(|t| t.end <= span.begin);
            if taken.get(i).is_some_and(|t| t.overlaps(span)) {
                continue;
            }
            let title = story.words(k + 1, k + n + 1);
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

    /// A participant's own country: a known place's country, a country
    /// named inside an organization's name (a country's is set when it is
    /// linked).
    fn own_country(&self, d: &Draft) -> Option<String> {
        let norm = &d.norm;
        match d.kind {
            ParticipantKind::Location => self.lexicon.place(norm).filter(|c| !c.is_empty()).map(str::to_string),
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
            ParticipantKind::Country | ParticipantKind::Location | ParticipantKind::Facility => 0.6,
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
                aliases: aliases(&article.text, &d.name, &d.mentions),
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

/// Whether paragraph `p`, a block the parser calls boilerplate, reads as
/// story text: a sentence, or a table row (a figure among a few words:
/// "LG 2 OB 0", or capitals only: "KANSAS CITY AT DETROIT"), unlike a menu
/// item ("Middle East") or a link.
fn reads_as_story(text: &str, tokens: &Tokens, p: usize) -> bool {
    let sentences = &tokens.sentences()[tokens.paragraph(p)];
    let (Some(first), Some(last)) = (sentences.first(), sentences.last()) else {
        return false;
    };
    let toks = &tokens.tokens()[first.tokens.0 as usize..last.tokens.1 as usize];
    let s = Span::new(first.span.begin, last.span.end).slice(text);
    let words = toks.iter().filter(|t| !t.has(flag::PUNCT)).count();
    let figure = toks
        .iter()
        .any(|t| t.span.slice(text).starts_with(|c: char| c.is_ascii_digit()));
    let capitals = s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase);
    let sentence = s.ends_with(['.', '!', '?', '"', '”']);
    sentence || (words <= 30 && (figure || capitals))
}

/// A normalized company name without its suffix: "boeing co." -> "boeing",
/// "j.p. morgan and co." -> "j.p. morgan", "united asian bank bhd" ->
/// "united asian bank".
fn company_stem(norm: &str) -> &str {
    let mut stem = norm;
    while let Some((rest, last)) = stem.rsplit_once(' ') {
        if names::is_company_suffix(last) || matches!(last, "and" | "&" | "," | ".") {
            stem = rest;
        } else {
            break;
        }
    }
    stem
}

/// Merges an organization or facility named by a short name into the one
/// whose full name it opens, when only one does: "Boeing" into "Boeing
/// Co.", "Emirates" into "Emirates Airlines". The participant keeps the
/// full name and every mention.
fn merge_short_names(mut drafts: Vec<Draft>) -> Vec<Draft> {
    let institution = |k: ParticipantKind| matches!(k, ParticipantKind::Organization | ParticipantKind::Facility);
    let first = |norm: &str| norm.split(' ').next().unwrap_or("").to_string();
    // Institutions by their first word, so that a long article compares few.
    let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, d) in drafts.iter().enumerate().filter(|(_, d)| institution(d.kind)) {
        by_first.entry(first(&d.norm)).or_default().push(i);
    }
    let mut into: Vec<Option<usize>> = vec![None; drafts.len()];
    for (i, short) in drafts.iter().enumerate() {
        if !institution(short.kind) {
            continue;
        }
        let stem = company_stem(&short.norm);
        let Some(same_first) = by_first.get(&first(stem)) else {
            continue;
        };
        let mut longer = same_first.iter().map(|&j| (j, &drafts[j])).filter(|&(j, d)| {
            j != i
                && d.kind == short.kind
                && d.norm.len() > stem.len()
                && d.norm.starts_with(stem)
                && d.norm.as_bytes().get(stem.len()) == Some(&b' ')
        });
        if let (Some((j, _)), None) = (longer.next(), longer.next()) {
            into[i] = Some(j);
        }
    }
    for i in 0..drafts.len() {
        // Follow a chain to its end: "Boeing" -> "Boeing Co." -> none.
        let mut j = i;
        let mut steps = 0;
        while let Some(next) = into[j] {
            j = next;
            steps += 1;
            if steps > drafts.len() {
                break;
            }
        }
        if j != i && into[j].is_none() {
            let mentions = std::mem::take(&mut drafts[i].mentions);
            drafts[j].mentions.extend(mentions);
        }
    }
    drafts.retain(|d| !d.mentions.is_empty());
    drafts
}

/// The names other than `name` that `mentions` use, each once, in text
/// order; one differing in case only ("BEIJING") is the same name.
fn aliases(text: &str, name: &str, mentions: &[Mention]) -> Vec<String> {
    let mut names: Vec<&Mention> = mentions.iter().filter(|m| m.kind == MentionKind::Name).collect();
    names.sort_by_key(|m| m.span);
    let mut out: Vec<String> = Vec::new();
    // The lower case of `name` and of each alias kept, made once.
    let mut seen: Vec<String> = vec![lower_case(name)];
    for m in names {
        let alias = one_line(m.span.slice(text));
        let lower = lower_case(&alias);
        if !seen.contains(&lower) {
            seen.push(lower);
            out.push(alias);
        }
    }
    out
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
/// takes its most frequent type. A one-word name is that name wherever
/// else it stands capitalized alone, tagged MISC or missed ("Boeing" of a
/// headline, "Misri" after "Vikram Misri").
fn consistent(story: &Story, lexicon: &Lexicon, entities: Vec<Entity>) -> Vec<Entity> {
    let norms: Vec<String> = entities.iter().map(|e| story.normalized(e.span)).collect();
    let mut name_parts: HashSet<&str> = HashSet::new();
    for (e, norm) in entities.iter().zip(&norms) {
        let words: Vec<&str> = norm.split(' ').collect();
        if e.ty == PER && words.len() >= 2 {
            name_parts.extend(words.iter().filter(|w| w.chars().count() > 1));
        }
    }
    let mut votes: HashMap<&str, [usize; 5]> = HashMap::new();
    for (e, norm) in entities.iter().zip(&norms) {
        votes.entry(norm).or_default()[e.ty] += 1;
    }
    let mut out: Vec<Entity> = entities
        .iter()
        .zip(&norms)
        .map(|(e, norm)| {
            let ty = if e.ty != PER && name_parts.contains(norm.as_str()) {
                PER
            } else {
                let v = votes.get(norm.as_str()).copied().unwrap_or_default();
                let best = (0..5).max_by_key(|&t| (v[t], t == e.ty)).unwrap_or(e.ty);
                if v[best] > v[e.ty] { best } else { e.ty }
            };
            Entity { span: e.span, ty }
        })
        .collect();
    // One-word names the tagger found once and missed elsewhere ("Boeing"
    // of a headline), taking the kind they have where found: words news
    // does not mostly write in lower case.
    let mut single: HashMap<&str, usize> = HashMap::new();
    for e in &out {
        let words = story.tokens.within(e.span);
        if words.len() == 1 && e.ty != MISC {
            let t = &story.tokens.tokens()[words.start];
            if !t.has(flag::ALL_CAPS) && matches!(t.caps, 0 | 3) {
                single.entry(story.lower(words.start)).or_insert(e.ty);
            }
        }
    }
    // The same word tagged MISC elsewhere ("Boeing wins order") is that
    // name too, unless it is a nationality.
    for e in &mut out {
        let words = story.tokens.within(e.span);
        if e.ty == MISC && words.len() == 1 {
            let w = story.lower(words.start);
            if let Some(&ty) = single.get(w).filter(|_| lexicon.demonym(w).is_none()) {
                e.ty = ty;
            }
        }
    }
    // Name parts the tagger missed: "Misri" alone, capitalized, outside any entity.
    if !name_parts.is_empty() || !single.is_empty() {
        let mut covered = vec![false; story.len()];
        for e in &out {
            for i in story.tokens.within(e.span) {
                covered[i] = true;
            }
        }
        let mut added = Vec::new();
        for &i in &story.read {
            let word = story.word(i);
            if covered[i] || !story.capitalized(i) || word.chars().all(char::is_uppercase) {
                continue;
            }
            let next_is_name = story.same_sentence(i, i + 1) && story.capitalized(i + 1);
            let prev_is_name = i > 0 && story.same_sentence(i - 1, i) && covered[i - 1];
            if next_is_name || prev_is_name {
                continue;
            }
            let ty = match name_parts.contains(story.lower(i)) {
                true => Some(PER),
                false => single.get(story.lower(i)).copied(),
            };
            if let Some(ty) = ty {
                added.push(Entity {
                    span: story.span(i),
                    ty,
                });
            }
        }
        out.extend(added);
        out.sort_by_key(|e| e.span);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tokens::Vocabulary;
    use crate::{Document, Paragraph, Pipeline, SummaryOptions};

    /// The tokens of `text` as one body paragraph.
    pub(crate) fn tokens_of(text: &str) -> Tokens {
        let p = Paragraph {
            span: Span::new(0, text.len()),
            kind: ParagraphKind::Body,
        };
        Tokens::build(text, &[p], &[], None, &Vocabulary::default())
    }

    /// `text` parsed by the shared pipeline.
    pub(crate) fn parsed(text: &str) -> Article {
        crate::pipeline::shared().parse(&Document::text(text)).expect("parse")
    }

    /// An entity of kind `ty` over the first `name` in `text`.
    pub(crate) fn entity(text: &str, name: &str, ty: usize) -> Entity {
        let begin = text.find(name).expect("name in text");
        Entity {
            span: Span::new(begin, begin + name.len()),
            ty,
        }
    }

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
    fn a_bare_name_in_the_headline_does_not_hide_the_full_name_below() {
        // The headline tags "Trump adviser Page" MISC, or "Page" nothing:
        // that must not teach the tagger that "Page" is no name.
        let names = |headline: &str| -> Vec<String> {
            let text = format!(
                "{headline}\n\nWASHINGTON (Reuters) - Carter Page, a former foreign policy adviser to President \
                 Donald Trump, testified to lawmakers that he met a Russian deputy prime minister in Moscow. \
                 Page said he did not meet senior officials in July."
            );
            let article = parsed(&text);
            let finder = ParticipantFinder::new().unwrap();
            finder
                .find(&article, &Stop::never())
                .into_iter()
                .map(|p| p.name)
                .collect()
        };
        for headline in [
            "Former Trump adviser Page met Russian officials in 2016 Moscow trips",
            "Page met Russian officials",
        ] {
            let found = names(headline);
            assert!(found.iter().any(|n| n == "Carter Page"), "{headline}: {found:?}");
        }
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
                    the spirit, replied. Jane Smith, the company's chief executive, agreed. Allies criticized \
                    Robert Mueller, the president said on Sunday. Critics of Mueller, the president added, are wrong. \
                    Roy Moore, a former state judge, spoke. Tom Smith, a general accused of war crimes, left.";
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
        assert!(titles("Robert Mueller").is_empty(), "{:?}", titles("Robert Mueller"));
        assert_eq!(titles("Roy Moore"), ["former state judge"]);
        assert_eq!(titles("Tom Smith"), ["general accused of war crimes"]);
        assert_eq!(titles("Donald Trump"), ["leader"]);
        assert_eq!(titles("Jane Smith"), ["chief executive"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let pipeline = crate::pipeline::shared();
        let finder = ParticipantFinder::new().unwrap();
        let find = |text: String| match pipeline.parse(&Document::text(text)) {
            Ok(article) => finder.find(&article, &crate::Stop::never()),
            Err(_) => Vec::new(),
        };
        for text in ["", " ", "\n\n", "A", "(", "Mr. X, the", "'s 's", "é É ü", ", , Wang ,"] {
            let _ = find(text.to_string());
            let bare = Article {
                text: text.to_string(),
                ..Article::default()
            };
            assert!(
                finder.find(&bare, &crate::Stop::never()).is_empty(),
                "no tokens, no one"
            );
        }
        for text in [
            "(".repeat(50_000),
            "(A/B C) ".repeat(5_000),
            "The minister said. ".repeat(5_000),
            "Foreign Minister Wang Yi, the minister, ".repeat(3_000),
            (0..5_000).map(|i| format!("Wang Zhi{i} ")).collect::<String>(),
        ] {
            let _ = find(text);
        }
        assert!(!find("Wang Yi met Smith, the chief of Acme Corp. ".repeat(2000)).is_empty());
    }

    fn participants_of(text: &str) -> Vec<Participant> {
        crate::pipeline::shared()
            .analyze(&Document::text(text), &SummaryOptions::default())
            .unwrap()
            .extraction
            .participants
    }

    #[test]
    fn aliases_boundaries_and_kinds_hold_through_the_pipeline() {
        let text = "Boeing wins order from Emirates\n\n\
                    DUBAI, March 3 -- Emirates Airlines ordered 40 jets from Boeing Co. on Tuesday, the airline said. \
                    Emirates will take the first in 2028, and Boeing said the deal was worth $12 billion.\n\n\
                    Sheikh Mohammed bin Rashid Al Maktoum, the ruler of Dubai, said the order showed confidence. \
                    Officials of UK Athletics and analysts at J.P. Morgan and Co. praised the deal, he said.\n\n\
                    United Asian Bank Bhd will lend part of the money. UAB said it had the approval of Downing \
                    Street, though a lawyer said the Glass-Steagall Act and the Banking (Amendment) Act would not \
                    apply. Mayo Clinic and Walter Reed National Military Medical Center doctors flew on the first \
                    jet; Walter Reed said so. Getty Images took the pictures.";
        let ps = participants_of(text);
        let get = |name: &str| {
            ps.iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("{name} in {:?}", ps.iter().map(|p| &p.name).collect::<Vec<_>>()))
        };
        let boeing = get("Boeing Co.");
        assert_eq!(
            (boeing.kind, boeing.aliases.as_slice()),
            (ParticipantKind::Organization, &["Boeing".to_string()][..])
        );
        assert_eq!(boeing.mentions.len(), 3);
        let emirates = get("Emirates Airlines");
        assert_eq!(emirates.kind, ParticipantKind::Organization);
        assert_eq!(emirates.aliases, ["Emirates"]);
        assert_eq!(get("United Asian Bank Bhd").aliases, ["UAB"]);
        let dubai = get("Dubai");
        assert_eq!(
            (dubai.mentions.len(), dubai.aliases.len()),
            (2, 0),
            "DUBAI is no other name"
        );
        assert_eq!(get("Mohammed bin Rashid Al Maktoum").kind, ParticipantKind::Person);
        assert_eq!(get("UK Athletics").kind, ParticipantKind::Organization);
        assert_eq!(get("J.P. Morgan and Co.").kind, ParticipantKind::Organization);
        assert_eq!(get("Downing Street").kind, ParticipantKind::Organization);
        assert_eq!(get("Getty Images").kind, ParticipantKind::Organization);
        assert_eq!(get("Mayo Clinic").kind, ParticipantKind::Facility);
        let reed = get("Walter Reed National Military Medical Center");
        assert_eq!(
            (reed.kind, reed.aliases.as_slice()),
            (ParticipantKind::Facility, &["Walter Reed".to_string()][..])
        );
        for p in &ps {
            let first = p.name.split(' ').next().unwrap_or("");
            assert!(!["of", "for", "the", "at"].contains(&first), "{}", p.name);
            assert!(!p.name.contains("Act") && !p.name.contains("Steagall"), "{}", p.name);
            assert!(
                !(p.kind == ParticipantKind::Person && p.name.starts_with("J.P.")),
                "{}",
                p.name
            );
            assert!(
                p.name != "Emirates" && p.name != "Boeing" && p.name != "UAB",
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn names_take_the_kind_a_reader_expects() {
        let text = "Planemaker delays jet deliveries\n\n\
                    SEATTLE, June 4 -- The planemaker said on Tuesday that deliveries of its 787 Dreamliner \
                    would slip to the autumn, sending its shares down 3 percent by 1500 UTC. The company told \
                    Bloomberg that a supplier in Madrid had missed its deadlines.\n\n\
                    A spokesman for the Fact Checker column said it had rated the claim of Trump as false. \
                    The words were translated from Malay by an aide, the spokesman said.\n\n\
                    In Torbay, the council leader said the town would ask Downing Street for money. \
                    He said the White House had also been told.";
        let ps = participants_of(text);
        let kind = |name: &str| ps.iter().find(|p| p.name == name).map(|p| p.kind);
        let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(kind("Bloomberg"), Some(ParticipantKind::Organization), "{names:?}");
        assert_eq!(kind("Madrid"), Some(ParticipantKind::Location), "{names:?}");
        assert_eq!(kind("Downing Street"), Some(ParticipantKind::Organization), "{names:?}");
        assert_eq!(kind("White House"), Some(ParticipantKind::Organization), "{names:?}");
        assert_eq!(kind("UTC"), None, "a time zone is no participant: {names:?}");
        assert_ne!(kind("Dreamliner"), Some(ParticipantKind::Organization), "{names:?}");
        for p in &ps {
            assert!(!p.name.starts_with("of ") && !p.name.starts_with("for "), "{}", p.name);
            if p.kind == ParticipantKind::Person {
                assert!(
                    !["Checker", "Fact Checker", "Malay", "Torbay", "Bloomberg"].contains(&p.name.as_str()),
                    "{}",
                    p.name
                );
            }
        }
        // "Michael Bloomberg" named in full keeps "Bloomberg" a person.
        let ps = participants_of("Michael Bloomberg spoke in New York on Monday. Bloomberg said he would run.");
        let bloomberg = ps
            .iter()
            .find(|p| p.name == "Michael Bloomberg")
            .expect("Michael Bloomberg");
        assert_eq!(bloomberg.kind, ParticipantKind::Person);
    }

    #[test]
    fn a_headline_in_capitals_gives_only_names_the_story_confirms() {
        let text = "SPAIN SEEKS VOLKSWAGEN BANK DEAL\n\nMADRID, May 2 -- The government in Madrid asked the \
                    carmaker for a loan on Friday, Economy Minister Ana Ruiz said.";
        let names: Vec<String> = participants_of(text).into_iter().map(|p| p.name).collect();
        assert!(names.iter().any(|n| n == "Ana Ruiz"), "{names:?}");
        assert!(names.iter().any(|n| n.eq_ignore_ascii_case("madrid")), "{names:?}");
        for caps in ["SPAIN", "VOLKSWAGEN", "BANK", "VOLKSWAGEN BANK"] {
            assert!(!names.iter().any(|n| n == caps), "{caps} in {names:?}");
        }
    }

    #[test]
    fn a_hard_wrapped_article_has_the_participants_of_the_flowing_one() {
        // Wire copy wrapped at 60 columns, names broken at line ends.
        let wrapped = "Speaking in Washington on Monday, Foreign Minister Jacques\n\
                       Chirac of France said he had met the American banker Andres\n\
                       Trujillo, who has been the chairman of the U.S. Federal\n\
                       Reserve Board since 2019. Chirac said the Federal Reserve\n\
                       Board and the Banque de France would work together on rates.\n\
                       Trujillo agreed.";
        let flowing = wrapped.replace('\n', " ");
        let pipeline = crate::pipeline::shared();
        let participants = |text: &str| {
            let analysis = pipeline
                .analyze(&Document::text(text), &SummaryOptions::default())
                .unwrap();
            analysis.extraction.participants
        };
        let (a, b) = (participants(&flowing), participants(wrapped));
        let names = |ps: &[Participant]| ps.iter().map(|p| (p.name.clone(), p.kind)).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        assert_eq!(a, b, "mentions, titles, countries and salience too");
        for name in ["Jacques Chirac", "Andres Trujillo"] {
            assert!(
                b.iter().any(|p| p.name == name && p.kind == ParticipantKind::Person),
                "{name}"
            );
        }
        assert!(b.iter().any(|p| p.name == "Federal Reserve Board"));
        assert!(
            b.iter()
                .all(|p| !p.name.contains('\n') && p.titles.iter().all(|t| !t.contains('\n')))
        );
    }
}
