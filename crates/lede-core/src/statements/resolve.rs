//! Speaker resolution: from a source mention to the participant it means,
//! or to none. A wrong link is worse than none: callers read `speaker_id`.
//!
//! The speaker's noun phrase is its part before a comma or a ticker's
//! bracket, up to a preposition or a participle, without trailing time
//! words ("a spokesman for Texaco" -> "a spokesman"; "The union earlier"
//! -> "The union"; "EC ministers meeting here" -> "EC ministers"). Then:
//!
//! - a name (the phrase's last word capitalized, not a common noun
//!   written so at a sentence start or in a headline): a participant
//!   mention overlapping the phrase before an appositive's first comma, or
//!   the whole span ("Steve Clarke, deputy administrator at NASA"), a
//!   person before others, then the mention ending nearest the span's end;
//!   else a name whose last word is a word of a participant's name ("Wang"
//!   -> "Wang Yi");
//! - an unnamed source ("sources", "analysts", "officials", "a banker",
//!   "UAW officials"): unlinked, whatever body or place its phrase names;
//! - a spokesman, a statement, a report: the person the article describes
//!   so ("the spokesman, Reginald McGhee"), else the body its phrase names
//!   ("a spokesman for Texaco", "a Goldman Sachs spokesman"); such a
//!   spokesman is still a "he" for the pronouns after him; "the statement"
//!   or "the letter" naming no body is its issuer's, the speaker next to
//!   the noun's last use ("In a statement, the ministers said");
//! - office holders together ("EC foreign ministers", "OPEC ministers"):
//!   the organization their phrase names, none for two bodies or a
//!   country; a bare "Ministers" repeats the last speaker described so;
//! - any other description ("the central bank", "Austria's interior
//!   minister"): the participant whose name, titles or appositions hold
//!   every word of it ("Malaysia's central bank, Bank Negara"), nearest
//!   before it or else after it; "the company" is the company last quoted
//!   or named, "the government" the country its phrase or the text last
//!   names; a possessor or a place in the phrase is never the speaker; a
//!   definite description repeats the last speaker described by the same
//!   noun ("The spokesman said"); otherwise unlinked;
//! - a pronoun: the speaker of the last statement of its kind within
//!   [`PRONOUN_BYTES`] (he/she a person, it a body, they a plural or a
//!   body), even an unnamed one (then unlinked), else the nearest preceding
//!   participant of that kind in the window (a country rarely "said"),
//!   else unlinked; "which" and "who" the name just before them.

use std::collections::HashMap;

use crate::parse::dates::weekday;
use crate::tokens::flag;
use crate::{Article, Mention, MentionKind, Participant, ParticipantKind, ParticipantRole, Span};

/// Nouns that name a person by office or role.
const PERSON_NOUNS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "official",
    "senator",
    "governor",
    "candidate",
    "secretary",
    "chairman",
    "chairwoman",
    "chair",
    "leader",
    "ambassador",
    "premier",
    "mayor",
    "lawmaker",
    "director",
    "chief",
    "executive",
    "ceo",
    "envoy",
    "diplomat",
    "nominee",
    "congressman",
    "congresswoman",
    "representative",
    "prosecutor",
    "judge",
    "officer",
    "general",
    "commander",
    "chancellor",
    "king",
    "queen",
    "prince",
    "pope",
    "founder",
    "manager",
    "adviser",
    "advisor",
    "aide",
    "analyst",
    "economist",
    "professor",
    "researcher",
    "expert",
    "author",
    "businessman",
    "businesswoman",
    "billionaire",
    "man",
    "woman",
    "father",
    "mother",
    "son",
    "daughter",
    "wife",
    "husband",
    "actor",
    "actress",
    "singer",
    "player",
    "coach",
];

/// Nouns that name an organization.
const ORG_NOUNS: &[&str] = &[
    "ministry",
    "government",
    "company",
    "campaign",
    "agency",
    "department",
    "office",
    "committee",
    "party",
    "administration",
    "firm",
    "group",
    "bank",
    "court",
    "police",
    "council",
    "commission",
    "embassy",
    "organization",
    "organisation",
    "union",
    "association",
    "network",
    "board",
    "team",
    "army",
    "military",
    "navy",
    "cabinet",
    "parliament",
    "congress",
    "senate",
    "house",
    "authority",
    "authorities",
    "regulator",
    "university",
    "institute",
    "foundation",
    "coalition",
    "alliance",
    "statement",
    "report",
    "study",
    "survey",
    "poll",
    "magazine",
    "channel",
    "station",
    "website",
    "corporation",
    "bureau",
    "service",
    "spokesmen",
    "officials",
    "sources",
    "source",
    "lawmakers",
];

/// Heads of unnamed sources, which stay unlinked even when a body is named
/// in their phrase ("UAW officials", "a U.S. banker").
const UNNAMED: &[&str] = &[
    "source",
    "sources",
    "analyst",
    "analysts",
    "official",
    "officials",
    "banker",
    "bankers",
    "diplomat",
    "diplomats",
    "economist",
    "economists",
    "trader",
    "traders",
    "dealer",
    "dealers",
    "expert",
    "experts",
    "observer",
    "observers",
    "people",
    "residents",
    "critics",
    "insiders",
    "executives",
    "newspaper",
    "newspapers",
    "paper",
    "papers",
    "reports",
    "others",
    "witnesses",
    "members",
    "participants",
    "delegates",
    "negotiators",
    "lawmakers",
    "legislators",
    "investors",
    "spokesmen",
];

/// Heads of a speaker that speaks for a body named in its phrase ("a
/// Goldman Sachs spokesman", "a spokeswoman for the ministry").
const SPOKESMEN: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "statement",
    "letter",
    "report",
    "television",
    "radio",
    "newspaper",
];

/// Nouns any organization answers to ("the company said").
const GENERIC_BODIES: &[&str] = &["company", "firm", "group", "corporation", "concern"];

/// Words of a description that say nothing of whom it describes.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "new", "former", "top", "senior",
];

/// Words that may follow the head of a speaker's noun phrase in the
/// tagger's span ("The union earlier said", "Doumeng last month said");
/// weekdays too ([`weekday`]).
const ADVERBS: &[&str] = &[
    "also",
    "earlier",
    "later",
    "early",
    "late",
    "last",
    "this",
    "next",
    "week",
    "month",
    "year",
    "today",
    "yesterday",
    "tonight",
    "now",
    "then",
    "here",
    "there",
    "again",
    "previously",
    "recently",
    "night",
    "morning",
    "afternoon",
    "evening",
];

/// Words that end a speaker's noun phrase ("a spokesman for Texaco").
const PREPOSITIONS: &[&str] = &["for", "of", "at", "from", "with", "in", "to", "on"];

/// How far back (bytes) "which" looks for the name it follows.
const RELATIVE_BYTES: usize = 30;
/// How far back (bytes) a pronoun looks for its antecedent.
const PRONOUN_BYTES: usize = 1200;
/// How far back (bytes) "the company" or "the government" looks.
const BODY_BYTES: usize = 2000;
/// How far from the word "statement" (bytes) its issuer's mention may be.
const ISSUER_BYTES: usize = 120;
/// How far after a description (bytes) the name it describes may come.
const AFTER_BYTES: usize = 2000;

/// What a speaker is, for the pronouns that may refer back to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// "he", "she".
    Person,
    /// "it".
    Body,
    /// "they".
    Plural,
    /// None of those (a country, a place, an unknown word).
    Other,
}

/// How a statement's speaker was linked, or why it was not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Link {
    /// A name: a mention in the speaker span, or a surname.
    Name,
    /// A pronoun, to its nearest compatible antecedent.
    Pronoun,
    /// A description the article establishes for a participant.
    Description,
    /// An unnamed source ("sources", "analysts"): left unlinked on purpose.
    Unnamed,
    /// A speaker mention nothing could be found for.
    Unresolved,
}

/// Mentions longer than this (in bytes) are not looked for around a speaker.
const MAX_MENTION_BYTES: usize = 256;
/// How many mentions back a pronoun or a nominal looks for its referent.
const NEAREST_WINDOW: usize = 400;
/// How many participants sharing a name word a surname is weighed against.
const MAX_NAMESAKES: usize = 64;

/// Resolves the speakers of one document, in text order. The mentions are
/// indexed once, so that each speaker costs a binary search and a bounded
/// scan, whatever the number of statements and mentions.
pub(crate) struct Resolver<'a> {
    /// The article, for its text and tokens.
    article: &'a Article,
    /// Every mention: (span, kind, participant), by span end.
    mentions: Vec<(Span, MentionKind, usize)>,
    /// Mentions resolution adds (pronouns, nominals, surnames), in text order.
    added: Vec<(Span, MentionKind, usize)>,
    /// Per participant, the ends of its mentions (those it came with, then
    /// those added), each list sorted.
    ends: Vec<(Vec<usize>, Vec<usize>)>,
    /// Participants by each word of their name, in participant order.
    by_word: HashMap<String, Vec<usize>>,
    /// Speaker spans resolved so far.
    seen: HashMap<Span, (Option<usize>, Link)>,
    /// Per participant, the words of the appositions next to its names.
    descriptions: Vec<Vec<String>>,
    /// The speakers resolved so far, in text order: span, head word, what
    /// they are, and the participant (none for an unnamed source).
    history: Vec<(Span, String, Class, Option<usize>, Link)>,
}

impl<'a> Resolver<'a> {
    /// Indexes the mentions of `participants` in `article`.
    pub(crate) fn new(article: &'a Article, participants: &[Participant]) -> Resolver<'a> {
        let mut mentions: Vec<(Span, MentionKind, usize)> = participants
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.mentions.iter().map(move |m| (m.span, m.kind, i)))
            .collect();
        mentions.sort_by_key(|&(span, _, i)| (span.end, span.begin, i));
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in participants.iter().enumerate() {
            for word in p.name.split_whitespace() {
                let list = by_word.entry(word.to_owned()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let ends = participants
            .iter()
            .map(|p| {
                let mut own: Vec<usize> = p.mentions.iter().map(|m| m.span.end).collect();
                own.sort_unstable();
                (own, Vec::new())
            })
            .collect();
        let descriptions = participants
            .iter()
            .map(|p| {
                let mut words: Vec<String> = p
                    .mentions
                    .iter()
                    .filter(|m| m.kind == MentionKind::Name)
                    .flat_map(|m| apposition_words(&article.text, m.span))
                    .collect();
                words.sort_unstable();
                words.dedup();
                words
            })
            .collect();
        Resolver {
            article,
            history: Vec::new(),
            descriptions,
            mentions,
            added: Vec::new(),
            ends,
            by_word,
            seen: HashMap::new(),
        }
    }

    /// The participant the speaker mention `speaker` means (its index in
    /// the participants given to [`Resolver::new`]) and how it was found.
    /// Call in text order.
    pub(crate) fn resolve(&mut self, speaker: Span, participants: &[Participant]) -> (Option<usize>, Link) {
        if let Some(&known) = self.seen.get(&speaker) {
            return known;
        }
        let found = self.find(speaker, participants);
        // A description the participants stage already gave the
        // participant is not added again.
        let from = self.mentions.partition_point(|m| m.0.end < speaker.end);
        let known = |i: usize| {
            self.mentions[from..]
                .iter()
                .take_while(|m| m.0.end == speaker.end)
                .any(|m| m.0 == speaker && m.2 == i)
        };
        if let Ok((i, _, Some(kind))) = found
            && !known(i)
        {
            self.added.push((speaker, kind, i));
            if let Some((_, added)) = self.ends.get_mut(i) {
                added.push(speaker.end);
            }
        }
        let out = match found {
            Ok((i, link, _)) => (Some(i), link),
            Err(link) => (None, link),
        };
        self.seen.insert(speaker, out);
        let head = self.head_word(speaker).unwrap_or_default();
        // What the phrase says its speaker is comes first: "a spokesman for
        // Goldman Sachs" is linked to the firm but is a "he", "EC
        // ministers" are a "they".
        let class = match head.as_str() {
            "he" | "him" | "she" | "her" => Class::Person,
            "it" => Class::Body,
            "they" | "them" => Class::Plural,
            h if PERSON_NOUNS.contains(&h) => Class::Person,
            h if plural_person(h) => Class::Plural,
            h => match out.0.and_then(|i| participants.get(i)).map(|p| p.kind) {
                Some(ParticipantKind::Person) => Class::Person,
                Some(ParticipantKind::Organization | ParticipantKind::Group) => Class::Body,
                Some(_) => Class::Other,
                None if UNNAMED.contains(&h) && !h.ends_with('s') => Class::Person,
                None if h.ends_with('s') => Class::Plural,
                None if ORG_NOUNS.contains(&h) => Class::Body,
                None => Class::Other,
            },
        };
        self.history.push((speaker, head, class, out.0, out.1));
        out
    }

    /// The token range of the speaker's noun phrase: its part before a
    /// comma, up to a preposition ("a spokesman for Texaco" -> "a
    /// spokesman"), and the end of the part before the comma.
    fn core(&self, speaker: Span) -> (std::ops::Range<usize>, usize, Option<usize>) {
        let tokens = &self.article.tokens;
        let all = tokens.tokens();
        let inside = tokens.within(speaker);
        // A comma, or a ticker's bracket ("Citicorp <CCI> the largest U.S.
        // bank"), ends the head's phrase.
        let comma = inside
            .clone()
            .find(|&k| all[k].has(flag::COMMA) || tokens.lower(k) == "<");
        let phrase_end = comma.unwrap_or(inside.end);
        // A preposition or a participle after a noun of office or body
        // ("EC foreign ministers meeting here") ends it.
        let noun =
            |w: &str| PERSON_NOUNS.contains(&w) || plural_person(w) || ORG_NOUNS.contains(&w) || UNNAMED.contains(&w);
        let mut core_end = (inside.start..phrase_end)
            .find(|&k| {
                let w = tokens.lower(k);
                k > inside.start
                    && (PREPOSITIONS.contains(&w)
                        || w.len() >= 6 && w.ends_with("ing") && !noun(w) && noun(tokens.lower(k - 1)))
            })
            .unwrap_or(phrase_end);
        // "The union earlier", "Doumeng last month": time words and
        // adverbs after the head are not part of it.
        while core_end > inside.start + 1 && {
            let w = tokens.lower(core_end - 1);
            ADVERBS.contains(&w) || weekday(w).is_some()
        } {
            core_end -= 1;
        }
        (inside.start..core_end, phrase_end, comma)
    }

    /// The lower-case last word of the speaker's noun phrase.
    fn head_word(&self, speaker: Span) -> Option<String> {
        let tokens = &self.article.tokens;
        let all = tokens.tokens();
        let (core, _, _) = self.core(speaker);
        core.rev()
            .find(|&k| !all[k].has(flag::PUNCT | flag::ELIDED))
            .map(|k| tokens.lower(k).to_owned())
    }

    /// The speaker of the latest statement within `window` bytes before
    /// `speaker` whose class is `class`: a pronoun refers back to the
    /// speaker of the story's last statement before any other mention
    /// ("Reagan said ... Kampelman ... He said"), and an unnamed source's
    /// "he" stays unnamed. `None` when there is no such statement; `Err`
    /// with why its speaker is unlinked.
    /// A "he" is no spokeswoman's, a "she" no spokesman's (then it stays
    /// unlinked), and neither is a country's or a place's.
    fn last_speaker(
        &self,
        speaker: Span,
        pronoun: &str,
        class: Class,
        window: usize,
        participants: &[Participant],
    ) -> Option<Result<usize, Link>> {
        let floor = speaker.begin.saturating_sub(window);
        let fits = |h: &(Span, String, Class, Option<usize>, Link)| {
            h.2 == class
                && (class != Class::Person
                    || h.3
                        .and_then(|i| participants.get(i))
                        .is_none_or(|p| !matches!(p.kind, ParticipantKind::Country | ParticipantKind::Location)))
        };
        let h = self
            .history
            .iter()
            .rev()
            .filter(|h| h.0.end <= speaker.begin)
            .take_while(|h| h.0.end >= floor)
            .find(|h| fits(h))?;
        // "A spokeswoman said ... He said": the last speaker is of the
        // other gender, so "he" is someone the resolver cannot tell;
        // unlinked rather than an earlier man or the nearest name.
        let other_gender =
            matches!(pronoun, "he" | "him") && is_female(&h.1) || matches!(pronoun, "she" | "her") && is_male(&h.1);
        if other_gender {
            return Some(Err(Link::Unresolved));
        }
        Some(h.3.ok_or(h.4))
    }

    /// Records what was resolved in `participants`: each new speaker mention
    /// (kept sorted) and the speaker role.
    pub(crate) fn finish(self, participants: &mut [Participant]) {
        let mut touched = Vec::new();
        for &(span, kind, i) in &self.added {
            if let Some(p) = participants.get_mut(i) {
                p.mentions.push(Mention { span, kind });
                touched.push(i);
            }
        }
        for i in self.seen.values().filter_map(|v| v.0) {
            if let Some(p) = participants.get_mut(i)
                && !p.roles.contains(&ParticipantRole::Speaker)
            {
                p.roles.push(ParticipantRole::Speaker);
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for i in touched {
            if let Some(p) = participants.get_mut(i) {
                p.mentions.sort_by_key(|m| m.span);
            }
        }
    }

    /// The participant for `speaker`, how it was found and, when the
    /// speaker span is not one of its mentions yet, the kind of mention it
    /// is. `Err` says why there is none.
    fn find(&self, speaker: Span, participants: &[Participant]) -> Result<(usize, Link, Option<MentionKind>), Link> {
        let text = self.article.text.as_str();
        let tokens = &self.article.tokens;
        let all = tokens.tokens();
        speaker.get(text).ok_or(Link::Unresolved)?;
        let inside = tokens.within(speaker);
        // "Steve Clarke, deputy associate administrator at NASA": an
        // appositive's head is the name before its first comma. A span
        // without a mention there ("Leading plaintiff, the University of
        // California") or with a possessor there ("Akihito's father,
        // Emperor Hirohito") is looked up whole.
        let (core, phrase_end, comma) = self.core(speaker);
        let head = comma
            .filter(|&comma| !(inside.start..comma).any(|k| matches!(tokens.lower(k), "'s" | "’s")))
            .map(|comma| Span::new(speaker.begin, all[comma].span.begin));
        // The noun phrase's words: its tokens but punctuation and clitics
        // ("'s").
        let words: Vec<usize> = core.filter(|&k| !all[k].has(flag::PUNCT | flag::ELIDED)).collect();
        let &last = words.last().ok_or(Link::Unresolved)?;
        let lower = tokens.lower(last);
        // A capitalized head is a name ("The White House", "the Finance
        // Ministry") unless it is a common noun written so for being first
        // or in a headline ("Ministers said", "BUNDESBANK OFFICIAL SAYS").
        let common = PERSON_NOUNS.contains(&lower)
            || plural_person(lower)
            || ORG_NOUNS.contains(&lower)
            || UNNAMED.contains(&lower);
        let named = all[last].has(flag::CAP)
            && !(common
                && (all[last].has(flag::ALL_CAPS)
                    || words.len() == 1
                    || (words.len() == 2 && DETERMINERS.contains(&tokens.lower(words[0])))));
        if !named && !is_pronoun(lower) && !matches!(lower, "which" | "who") {
            // "the spokesman, Reginald McGhee": the person the apposition
            // names.
            if let Some(c) = comma
                && c + 1 < inside.end
                && !UNNAMED.contains(&lower)
                && let Some(i) = self.by_overlap_where(Span::new(all[c].span.end, speaker.end), participants, |p| {
                    p.kind == ParticipantKind::Person
                })
            {
                return Ok((i, Link::Name, None));
            }
            let found = self.by_description(speaker, &words, lower, inside.start..phrase_end, participants);
            // "professor of government William LeoGrande, a Cuba expert":
            // the person before the comma; "headquarters in Sao Paulo,
            // Lucio Cesar Pires": the name after it.
            if found == Err(Link::Unresolved)
                && let Some(c) = comma
                && c + 1 < inside.end
            {
                // The name must end the part before the comma: "a separate
                // Trump adviser," is no Trump, "Alabama's secretary of
                // state," no Alabama.
                let end = all[c.saturating_sub(1).max(inside.start)].span.end;
                let ends_before = self.mentions[self.mentions.partition_point(|m| m.0.end < end)..]
                    .iter()
                    .take_while(|m| m.0.end == end)
                    .find(|m| {
                        m.0.begin >= speaker.begin
                            && participants.get(m.2).is_some_and(|p| p.kind == ParticipantKind::Person)
                    })
                    .map(|m| m.2);
                if let Some(i) = ends_before {
                    return Ok((i, Link::Name, None));
                }
                let after = Span::new(all[c].span.end, speaker.end);
                if let Some(i) = self.by_overlap_where(after, participants, |p| p.kind != ParticipantKind::Location) {
                    return Ok((i, Link::Name, None));
                }
            }
            return found;
        }
        // "The top Democrat on the Senate Intelligence Committee", "Ben
        // Coppin from Envisional": a name the phrase ends with before its
        // preposition that no participant holds is not the body or place
        // after it. An office is another matter: "Secretary of State
        // George Shultz" is the man after it.
        let core_span = Span::new(all[words[0]].span.begin, all[last].span.end);
        if named && !common && last + 1 < phrase_end && self.by_overlap(core_span, participants).is_none() {
            let i = (words.len() <= 4)
                .then(|| self.by_name(speaker, all[last].span.slice(text), participants))
                .flatten()
                .ok_or(Link::Unresolved)?;
            return Ok((i, Link::Name, Some(MentionKind::Name)));
        }
        if let Some(i) = head
            .and_then(|h| self.by_overlap(h, participants))
            .or_else(|| self.by_overlap(speaker, participants))
        {
            return Ok((i, Link::Name, None));
        }
        let is = |kinds: &'static [ParticipantKind]| move |p: &Participant| kinds.contains(&p.kind);
        let window = Some(PRONOUN_BYTES);
        let class = match lower {
            "he" | "him" | "she" | "her" => Class::Person,
            "it" => Class::Body,
            _ => Class::Plural,
        };
        if is_pronoun(lower)
            && let Some(last) = self.last_speaker(speaker, lower, class, PRONOUN_BYTES, participants)
        {
            return last.map(|i| (i, Link::Pronoun, Some(MentionKind::Pronoun)));
        }
        let found = match lower {
            // "AMC, which said": the name just before.
            "which" | "who" => {
                let i = self
                    .nearest(speaker, Some(RELATIVE_BYTES), participants, |p| {
                        p.kind != ParticipantKind::Location
                    })
                    .ok_or(Link::Unresolved)?;
                return Ok((i, Link::Name, Some(MentionKind::Pronoun)));
            }
            "he" | "him" | "she" | "her" => self.nearest(speaker, window, participants, is(&[ParticipantKind::Person])),
            // People and bodies say things; a country rarely does.
            "they" | "them" => self.nearest(
                speaker,
                window,
                participants,
                is(&[ParticipantKind::Organization, ParticipantKind::Group]),
            ),
            "it" => self.nearest(speaker, window, participants, is(&[ParticipantKind::Organization])),
            _ if words.len() <= 4 => {
                let i = self
                    .by_name(speaker, all[last].span.slice(text), participants)
                    .ok_or(Link::Unresolved)?;
                return Ok((i, Link::Name, Some(MentionKind::Name)));
            }
            _ => return Err(Link::Unresolved),
        };
        found
            .map(|i| (i, Link::Pronoun, Some(MentionKind::Pronoun)))
            .ok_or(Link::Unresolved)
    }

    /// A speaker described by a common noun (`head`, the last of `words`):
    /// an unnamed source stays unlinked; a spokesman or a statement is the
    /// body named in its phrase (`phrase`, token indices); otherwise the
    /// participant whose name, titles or appositions hold every word of
    /// the description ("the central bank" -> "Malaysia's central bank,
    /// Bank Negara"; "Austria's interior minister" -> the person titled
    /// "Interior Minister"), nearest before the speaker or just after it.
    /// A possessor or a place in the phrase ("Austria's") is not the
    /// speaker.
    fn by_description(
        &self,
        speaker: Span,
        words: &[usize],
        head: &str,
        phrase: std::ops::Range<usize>,
        participants: &[Participant],
    ) -> Result<(usize, Link, Option<MentionKind>), Link> {
        let tokens = &self.article.tokens;
        let all = tokens.tokens();
        if UNNAMED.contains(&head) {
            return Err(Link::Unnamed);
        }
        // "a UAW spokesman said ... The spokesman said": a definite
        // description repeats the last speaker described so.
        if words.first().is_some_and(|&k| tokens.lower(k) == "the")
            && words.len() == 2
            && let Some(h) = self
                .history
                .iter()
                .rev()
                .filter(|h| h.0.end <= speaker.begin)
                .take_while(|h| h.0.end + BODY_BYTES >= speaker.begin)
                .find(|h| h.1 == head)
        {
            return h.3.map(|i| (i, Link::Description, None)).ok_or(h.4);
        }
        let phrase_span = Span::new(speaker.begin, all[phrase.end - 1].span.end.max(speaker.begin));
        let body = |p: &Participant| {
            matches!(
                p.kind,
                ParticipantKind::Organization | ParticipantKind::Country | ParticipantKind::Group
            )
        };
        // "EC foreign ministers", "OPEC ministers": office holders who
        // speak together speak for the organization their phrase names; a
        // bare "Ministers" or "the ministers" repeats the last speaker
        // described so.
        if plural_person(head) {
            // "French and Soviet trade ministers": more than one body, no
            // one speaker. "Belgrade trade union leaders", "party leaders":
            // the body they lead is not named.
            if phrase.clone().any(|k| {
                let w = tokens.lower(k);
                matches!(w, "and" | "&") || ORG_NOUNS.contains(&w) && !all[k].has(flag::CAP)
            }) {
                return Err(Link::Unresolved);
            }
            // A country's ministers are its government's, which is no
            // participant; "Brazilian business leaders" are no one's.
            if let Some(i) = self.by_overlap_where(phrase_span, participants, |p| {
                matches!(p.kind, ParticipantKind::Organization | ParticipantKind::Group)
            }) {
                return Ok((i, Link::Description, None));
            }
            let bare = words
                .iter()
                .all(|&k| tokens.lower(k) == "the" || k == words[words.len() - 1]);
            if bare
                && let Some(h) = self
                    .history
                    .iter()
                    .rev()
                    .filter(|h| h.0.end <= speaker.begin)
                    .take_while(|h| h.0.end + BODY_BYTES >= speaker.begin)
                    .find(|h| h.1 == head)
            {
                return h.3.map(|i| (i, Link::Description, None)).ok_or(h.4);
            }
            return Err(Link::Unresolved);
        }
        // "The statement added", "The letter also said" with no body named:
        // the speaker who issued it, the one next to the noun's last use
        // ("In a statement, the EC ministers said").
        if matches!(head, "statement" | "letter")
            && words.len() == 2
            && tokens.lower(words[0]) == "the"
            && self.by_overlap_where(phrase_span, participants, body).is_none()
            && let Some(found) = self.issuer(speaker, head)
        {
            return found.map(|i| (i, Link::Description, Some(MentionKind::Nominal)));
        }
        if SPOKESMEN.contains(&head) {
            // "a UAW spokesman ... the spokesman, Reginald McGhee": the
            // person the article describes so.
            if head.starts_with("spokes")
                && let Some(i) = self
                    .nearest_index(speaker, Some(BODY_BYTES), |i| {
                        participants[i].kind == ParticipantKind::Person
                            && self.descriptions[i].iter().any(|d| d == head)
                    })
                    .or_else(|| {
                        self.next_after(speaker, |i| {
                            participants[i].kind == ParticipantKind::Person
                                && self.descriptions[i].iter().any(|d| d == head)
                        })
                    })
            {
                return Ok((i, Link::Description, Some(MentionKind::Nominal)));
            }
            // "a Goldman Sachs spokesman", "a spokesman for Texaco".
            let i = self
                .by_overlap_where(phrase_span, participants, body)
                .ok_or(Link::Unresolved)?;
            return Ok((i, Link::Description, None));
        }
        // The description's words: lower-case ones but determiners.
        let wanted: Vec<&str> = words
            .iter()
            .filter(|&&k| {
                !all[k].has(flag::CAP)
                    || PERSON_NOUNS.contains(&tokens.lower(k))
                    || ORG_NOUNS.contains(&tokens.lower(k))
            })
            .map(|&k| tokens.lower(k))
            .filter(|w| !DETERMINERS.contains(w))
            .collect();
        if wanted.is_empty() {
            return Err(Link::Unresolved);
        }
        let person = PERSON_NOUNS.contains(&head);
        let org = ORG_NOUNS.contains(&head);
        if !person && !org {
            return Err(Link::Unresolved);
        }
        // "the Greek government": the country its phrase names, whatever
        // other country an apposition gave the words.
        if head == "government"
            && let Some(i) = self.by_overlap_where(phrase_span, participants, |p| p.kind == ParticipantKind::Country)
        {
            return Ok((i, Link::Description, None));
        }
        let described = |i: usize| {
            let p = &participants[i];
            let fits_kind = if person {
                p.kind == ParticipantKind::Person
            } else {
                p.kind != ParticipantKind::Person && p.kind != ParticipantKind::Location
            };
            fits_kind
                && wanted.iter().all(|w| {
                    self.descriptions[i].iter().any(|d| d == w)
                        || p.titles
                            .iter()
                            .any(|t| t.to_lowercase().split_whitespace().any(|x| x == *w))
                        || p.name.to_lowercase().split_whitespace().any(|x| x == *w)
                })
        };
        if let Some(i) = self
            .nearest_index(speaker, None, described)
            .or_else(|| self.next_after(speaker, described))
        {
            return Ok((i, Link::Description, Some(MentionKind::Nominal)));
        }
        // "The company said": the body last named, when the noun is one
        // any company answers to.
        // The company last quoted, else the one last named.
        if GENERIC_BODIES.contains(&head) && wanted.len() == 1 {
            let quoted = self
                .history
                .iter()
                .rev()
                .filter(|h| h.0.end <= speaker.begin)
                .take_while(|h| h.0.end + BODY_BYTES >= speaker.begin)
                .find_map(|h| h.3.filter(|&i| participants[i].kind == ParticipantKind::Organization));
            let i = quoted
                .or_else(|| {
                    self.nearest(speaker, Some(BODY_BYTES), participants, |p| {
                        p.kind == ParticipantKind::Organization
                    })
                })
                .ok_or(Link::Unresolved)?;
            return Ok((i, Link::Description, Some(MentionKind::Nominal)));
        }
        // "the government": the country last named.
        if head == "government" {
            let i = self
                .nearest(speaker, Some(BODY_BYTES), participants, |p| {
                    p.kind == ParticipantKind::Country
                })
                .ok_or(Link::Unresolved)?;
            return Ok((i, Link::Description, Some(MentionKind::Nominal)));
        }
        Err(Link::Unresolved)
    }

    /// The speaker who issued the statement or letter (`noun`) that
    /// `speaker` ("the statement") refers back to: the speaker resolved
    /// nearest the noun's last use within [`BODY_BYTES`] before it, within
    /// [`ISSUER_BYTES`] of that use. `None` when there is none; `Err` with
    /// why that speaker is unlinked.
    fn issuer(&self, speaker: Span, noun: &str) -> Option<Result<usize, Link>> {
        let text = self.article.text.as_str();
        let mut floor = speaker.begin.saturating_sub(BODY_BYTES);
        while !text.is_char_boundary(floor) {
            floor -= 1;
        }
        let before = text.get(floor..speaker.begin)?.to_ascii_lowercase();
        let at = floor + before.rfind(noun)?;
        self.history
            .iter()
            .filter(|h| h.0.end <= speaker.begin && h.0.begin.abs_diff(at) <= ISSUER_BYTES)
            .min_by_key(|h| h.0.begin.abs_diff(at))
            .map(|h| h.3.ok_or(h.4))
    }

    /// The participant with a mention overlapping `speaker`: a person
    /// first ("Ben Coppin from Envisional"), then the mention that ends
    /// nearest the speaker's end, demonyms last.
    fn by_overlap(&self, speaker: Span, participants: &[Participant]) -> Option<usize> {
        self.by_overlap_where(speaker, participants, |_| true)
    }

    /// [`Resolver::by_overlap`] among the participants passing `fits`.
    fn by_overlap_where(
        &self,
        speaker: Span,
        participants: &[Participant],
        fits: impl Fn(&Participant) -> bool,
    ) -> Option<usize> {
        let from = self.mentions.partition_point(|m| m.0.end <= speaker.begin);
        let limit = speaker.end.saturating_add(MAX_MENTION_BYTES);
        let person = |i: usize| participants.get(i).is_some_and(|p| p.kind == ParticipantKind::Person);
        self.mentions[from..]
            .iter()
            .take_while(|m| m.0.end < limit)
            .filter(|m| m.0.overlaps(speaker) && participants.get(m.2).is_some_and(&fits))
            .map(|&(span, kind, i)| {
                let rank = (
                    kind == MentionKind::Demonym,
                    !person(i),
                    speaker.end.abs_diff(span.end),
                    i,
                );
                (rank, i)
            })
            .min()
            .map(|(_, i)| i)
    }

    /// The participant whose name has the word `word` (its last word
    /// first), the one mentioned last before `speaker` when there are several.
    fn by_name(&self, speaker: Span, word: &str, participants: &[Participant]) -> Option<usize> {
        let mut best: Option<((bool, bool, usize), usize)> = None;
        for &i in self.by_word.get(word)?.iter().take(MAX_NAMESAKES) {
            let p = participants.get(i)?;
            let last_word = p.name.split_whitespace().next_back() == Some(word);
            let before = self.last_mention_before(i, speaker.begin);
            // Rank: a preceding mention, then a last-word match, then recency.
            let key = (before.is_some(), last_word, before.unwrap_or(0));
            if best.is_none_or(|(k, _)| key > k) {
                best = Some((key, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// The end of participant `i`'s last mention ending by `at`, counting
    /// the mentions resolution added.
    fn last_mention_before(&self, i: usize, at: usize) -> Option<usize> {
        let (own, added) = self.ends.get(i)?;
        let last = |ends: &[usize]| ends[..ends.partition_point(|&e| e <= at)].last().copied();
        last(own).max(last(added))
    }

    /// The participant passing `fits` mentioned last before `speaker`,
    /// looking back at most [`NEAREST_WINDOW`] mentions and, with
    /// `window`, that many bytes.
    fn nearest(
        &self,
        speaker: Span,
        window: Option<usize>,
        participants: &[Participant],
        fits: impl Fn(&Participant) -> bool,
    ) -> Option<usize> {
        self.nearest_index(speaker, window, |i| participants.get(i).is_some_and(&fits))
    }

    /// [`Resolver::nearest`] with a test on the participant's index.
    fn nearest_index(&self, speaker: Span, window: Option<usize>, fits: impl Fn(usize) -> bool) -> Option<usize> {
        let floor = window.map_or(0, |w| speaker.begin.saturating_sub(w));
        let latest = |list: &[(Span, MentionKind, usize)]| {
            let to = list.partition_point(|m| m.0.end <= speaker.begin);
            list[..to]
                .iter()
                .rev()
                .take(NEAREST_WINDOW)
                .take_while(|m| m.0.end >= floor)
                .find(|m| fits(m.2))
                .copied()
        };
        let indexed = latest(&self.mentions);
        let added = latest(&self.added);
        // The later of the two; at equal ends, the lower participant index.
        [indexed, added]
            .into_iter()
            .flatten()
            .max_by_key(|m| (m.0.end, std::cmp::Reverse(m.2)))
            .map(|m| m.2)
    }

    /// The participant passing `fits` first named after `speaker`, within
    /// [`AFTER_BYTES`]: "a top Bundesbank official ... Hans Tietmeyer".
    fn next_after(&self, speaker: Span, fits: impl Fn(usize) -> bool) -> Option<usize> {
        let from = self.mentions.partition_point(|m| m.0.end <= speaker.end);
        let limit = speaker.end.saturating_add(AFTER_BYTES);
        self.mentions[from..]
            .iter()
            .filter(|m| m.0.begin >= speaker.end)
            .take_while(|m| m.0.end <= limit)
            .find(|m| fits(m.2))
            .map(|m| m.2)
    }
}

/// Whether a lower-case word is the plural of an office or role that is
/// no unnamed source ("ministers", "leaders"; not "officials").
fn plural_person(word: &str) -> bool {
    !UNNAMED.contains(&word) && word.strip_suffix('s').is_some_and(|w| PERSON_NOUNS.contains(&w))
}

/// Whether a lower-case head word names a woman ("spokeswoman"; not a
/// name, whatever its letters).
fn is_female(word: &str) -> bool {
    matches!(
        word,
        "she"
            | "her"
            | "spokeswoman"
            | "chairwoman"
            | "congresswoman"
            | "businesswoman"
            | "woman"
            | "queen"
            | "actress"
            | "mother"
            | "daughter"
            | "wife"
    )
}

/// Whether a lower-case head word names a man ("spokesman"; not a name
/// such as "Bulman").
fn is_male(word: &str) -> bool {
    matches!(
        word,
        "he" | "him"
            | "spokesman"
            | "chairman"
            | "congressman"
            | "businessman"
            | "man"
            | "king"
            | "prince"
            | "father"
            | "son"
            | "husband"
            | "actor"
    )
}

/// Whether a lower-case word is a personal pronoun a speaker can be.
fn is_pronoun(word: &str) -> bool {
    matches!(word, "he" | "him" | "she" | "her" | "it" | "they" | "them")
}

/// The words of the apposition next to the mention `span` in `text`, lower
/// case: "Malaysia's central bank, [Bank Negara]" and "[Steve Clarke], the
/// deputy administrator,". Empty when the comma's neighbour is no short
/// phrase.
fn apposition_words(text: &str, span: Span) -> Vec<String> {
    const MAX_WORDS: usize = 8;
    let stop = |c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"' | '“' | '”');
    let mut out = Vec::new();
    let mut take = |phrase: &str| {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if (1..=MAX_WORDS).contains(&words.len()) {
            out.extend(
                words
                    .iter()
                    .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_lowercase()),
            );
        }
    };
    if let Some(after) = text.get(span.end..)
        && let Some(rest) = after.strip_prefix(", ")
    {
        let end = rest.find(stop).unwrap_or(rest.len()).min(120);
        if let Some(phrase) = rest.get(..end) {
            take(phrase);
        }
    }
    // "the official news agency Tanjug", "board member Leonhard Gleske":
    // lower-case words right before the name, from a determiner, a
    // capitalized word or a clause's start; not "the company charged
    // bargainers for [UAW]" (a preposition) nor words of a clause.
    if let Some(before) = text.get(..span.begin) {
        let mut back = before.split_whitespace().rev();
        let mut words: Vec<&str> = Vec::new();
        let bounded = loop {
            match back.next() {
                None => break true,
                Some(w) if DETERMINERS.contains(&w.to_lowercase().as_str()) => break true,
                Some(w) if w.ends_with(stop) || w.starts_with(char::is_uppercase) => break true,
                Some(w) if words.len() < 4 && w.chars().all(|c| c.is_lowercase()) && !PREPOSITIONS.contains(&w) => {
                    words.push(w);
                }
                Some(_) => break false,
            }
        };
        if bounded {
            take(&words.join(" "));
        }
    }
    if let Some(before) = text.get(..span.begin)
        && let Some(rest) = before.strip_suffix(", ")
    {
        let begin = rest.rfind(stop).map_or(0, |k| k + 1);
        if let Some(phrase) = rest.get(begin..) {
            // The phrase's last words: its head and modifiers.
            let words: Vec<&str> = phrase.split_whitespace().collect();
            take(&words[words.len().saturating_sub(4)..].join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant(
        id: &str,
        kind: ParticipantKind,
        name: &str,
        titles: &[&str],
        mentions: &[(usize, usize)],
    ) -> Participant {
        Participant {
            id: id.to_owned(),
            kind,
            name: name.to_owned(),
            aliases: Vec::new(),
            titles: titles.iter().map(|t| (*t).to_owned()).collect(),
            country_code: None,
            salience: 0.5,
            roles: Vec::new(),
            mentions: mentions
                .iter()
                .map(|&(b, e)| Mention {
                    span: Span::new(b, e),
                    kind: MentionKind::Name,
                })
                .collect(),
        }
    }

    /// Resolves `speaker`, as the only speaker of the document.
    fn resolve(text: &str, speaker: Span, participants: &mut [Participant]) -> Option<String> {
        resolve_all(text, &[speaker], participants).remove(0)
    }

    /// Resolves `speakers` in order; their participants' ids.
    fn resolve_all(text: &str, speakers: &[Span], participants: &mut [Participant]) -> Vec<Option<String>> {
        let article = crate::pipeline::shared()
            .parse(&crate::Document::text(text))
            .expect("parse");
        let mut resolver = Resolver::new(&article, participants);
        let found: Vec<Option<usize>> = speakers.iter().map(|&s| resolver.resolve(s, participants).0).collect();
        resolver.finish(participants);
        found
            .into_iter()
            .map(|i| i.and_then(|i| participants.get(i)).map(|p| p.id.clone()))
            .collect()
    }

    fn find(text: &str, needle: &str, nth: usize) -> Span {
        let begin = text.match_indices(needle).nth(nth).expect("needle").0;
        Span::new(begin, begin + needle.len())
    }

    #[test]
    fn speakers_resolve_by_overlap_surname_pronoun_and_nominal() {
        let text = "Foreign Minister Wang Yi met Vikram Misri of India's foreign ministry. Wang said so. \
                    He added more. The ministry said less. Misri said it too.";
        let wang = find(text, "Wang Yi", 0);
        let misri = find(text, "Vikram Misri", 0);
        let india = find(text, "India", 0);
        let mut ps = vec![
            participant(
                "p1",
                ParticipantKind::Person,
                "Wang Yi",
                &["Foreign Minister"],
                &[(wang.begin, wang.end)],
            ),
            participant(
                "p2",
                ParticipantKind::Person,
                "Vikram Misri",
                &[],
                &[(misri.begin, misri.end)],
            ),
            participant(
                "p3",
                ParticipantKind::Country,
                "India",
                &[],
                &[(india.begin, india.end)],
            ),
        ];
        // A span overlapping a mention: the mention ending nearest its end.
        assert_eq!(
            resolve(text, find(text, "Foreign Minister Wang Yi", 0), &mut ps).as_deref(),
            Some("p1")
        );
        // A surname: the first word of a Chinese name matches too.
        assert_eq!(resolve(text, find(text, "Wang", 1), &mut ps).as_deref(), Some("p1"));
        // "Misri" matches the last word of "Vikram Misri".
        let m = find(text, "Misri", 1);
        assert_eq!(resolve(text, m, &mut ps).as_deref(), Some("p2"));
        // A pronoun: the nearest preceding person ("Wang", now a mention of p1).
        let he = find(text, "He", 0);
        assert_eq!(resolve(text, he, &mut ps).as_deref(), Some("p1"));
        assert!(
            ps[0]
                .mentions
                .iter()
                .any(|x| x.span == he && x.kind == MentionKind::Pronoun)
        );
        assert!(
            ps[0].mentions.windows(2).all(|w| w[0].span <= w[1].span),
            "mentions stay sorted"
        );
        // A nominal no participant's name, title or apposition answers
        // to stays unlinked: India is a country, not its ministry.
        let ministry = find(text, "The ministry", 0);
        assert_eq!(resolve(text, ministry, &mut ps).as_deref(), None);
        assert!(ps[2].mentions.iter().all(|x| x.span != ministry));
        // Roles: speaker once, however often resolved.
        assert_eq!(ps[0].roles, [ParticipantRole::Speaker]);
        assert_eq!(ps[1].roles, [ParticipantRole::Speaker]);
    }

    #[test]
    fn a_person_in_the_speaker_span_comes_before_an_organization() {
        let text = "Ben Coppin from Envisional said so. Labour's advertising agency TBWA said more.";
        let spans = ["Ben Coppin", "Envisional", "Labour", "TBWA"].map(|n| find(text, n, 0));
        let kinds = [
            ParticipantKind::Person,
            ParticipantKind::Organization,
            ParticipantKind::Organization,
            ParticipantKind::Organization,
        ];
        let mut ps: Vec<Participant> = spans
            .iter()
            .zip(kinds)
            .enumerate()
            .map(|(k, (span, kind))| {
                let name = span.get(text).unwrap_or_default();
                participant(&format!("p{}", k + 1), kind, name, &[], &[(span.begin, span.end)])
            })
            .collect();
        let speakers = [
            find(text, "Ben Coppin from Envisional", 0),
            // No person: the mention ending nearest the span's end.
            find(text, "Labour's advertising agency TBWA", 0),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ["p1", "p4"].map(|p| Some(p.to_owned()))
        );
    }

    #[test]
    fn an_appositive_speaker_is_the_name_before_its_comma() {
        let text = "Stephen Miskin, a spokesman for Speaker Mike Turzai, said so. \
                    Leading plaintiff, the University of California, agreed. \
                    Akihito's father, Emperor Hirohito, said it.";
        let named = [
            ("Stephen Miskin", ParticipantKind::Person),
            ("Mike Turzai", ParticipantKind::Person),
            ("University of California", ParticipantKind::Organization),
            ("Akihito", ParticipantKind::Person),
            ("Hirohito", ParticipantKind::Person),
        ];
        let mut ps: Vec<Participant> = named
            .iter()
            .enumerate()
            .map(|(k, &(name, kind))| {
                let span = find(text, name, 0);
                participant(&format!("p{}", k + 1), kind, name, &[], &[(span.begin, span.end)])
            })
            .collect();
        let speakers = [
            // Two persons: the one the apposition describes.
            find(text, "Stephen Miskin, a spokesman for Speaker Mike Turzai", 0),
            // No mention before the comma: the span whole.
            find(text, "Leading plaintiff, the University of California", 0),
            // A possessor before the comma: the span whole.
            find(text, "Akihito's father, Emperor Hirohito", 0),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ["p1", "p3", "p5"].map(|p| Some(p.to_owned()))
        );
    }

    #[test]
    fn one_resolver_sees_the_mentions_it_added() {
        let text = "Wang Yi met Vikram Misri. Later, Wang said so. He added more. He said it again.";
        let wang = find(text, "Wang Yi", 0);
        let misri = find(text, "Vikram Misri", 0);
        let mut ps = vec![
            participant("p1", ParticipantKind::Person, "Wang Yi", &[], &[(wang.begin, wang.end)]),
            participant(
                "p2",
                ParticipantKind::Person,
                "Vikram Misri",
                &[],
                &[(misri.begin, misri.end)],
            ),
        ];
        let speakers = [
            find(text, "Wang", 1),
            find(text, "He", 0),
            find(text, "He", 0),
            find(text, "He", 1),
        ];
        // "He" follows Misri's mention in the text, but Wang's surname
        // mention, added by the resolver, is nearer.
        let ids = resolve_all(text, &speakers, &mut ps);
        assert_eq!(ids, vec![Some("p1".to_owned()); 4]);
        let pronouns = ps[0].mentions.iter().filter(|m| m.kind == MentionKind::Pronoun).count();
        assert_eq!(pronouns, 2, "a speaker span resolved twice is one mention");
        assert!(ps[0].mentions.windows(2).all(|w| w[0].span <= w[1].span));
    }

    /// Participants named `(name, kind, titles)`, each with a mention at
    /// every occurrence of its name in `text`.
    fn named(text: &str, list: &[(&str, ParticipantKind, &[&str])]) -> Vec<Participant> {
        list.iter()
            .enumerate()
            .map(|(k, &(name, kind, titles))| {
                let spans: Vec<(usize, usize)> = text.match_indices(name).map(|(b, m)| (b, b + m.len())).collect();
                participant(&format!("p{}", k + 1), kind, name, titles, &spans)
            })
            .collect()
    }

    fn ids(list: &[Option<&str>]) -> Vec<Option<String>> {
        list.iter().map(|x| x.map(str::to_owned)).collect()
    }

    #[test]
    fn unnamed_sources_stay_unlinked_whatever_their_phrase_names() {
        let text = "Ford Motor Co raised prices. Ford officials said so. A U.S. banker told Reuters more. \
                    Analysts said less. Several Ford executives said nothing.";
        let mut ps = named(
            text,
            &[
                ("Ford Motor Co", ParticipantKind::Organization, &[]),
                ("U.S.", ParticipantKind::Country, &[]),
            ],
        );
        let speakers = [
            find(text, "Ford officials", 0),
            find(text, "A U.S. banker", 0),
            find(text, "Analysts", 0),
            find(text, "Several Ford executives", 0),
        ];
        assert_eq!(resolve_all(text, &speakers, &mut ps), ids(&[None, None, None, None]));
    }

    #[test]
    fn a_possessor_is_not_the_speaker_and_a_title_names_the_person() {
        let text = "Interior Minister Karl Blecha met the police. Austria's interior minister said the border \
                    stays open. Austria's finance minister said nothing.";
        let mut ps = named(
            text,
            &[
                ("Karl Blecha", ParticipantKind::Person, &["Interior Minister"]),
                ("Austria", ParticipantKind::Country, &[]),
            ],
        );
        let speakers = [
            find(text, "Austria's interior minister", 0),
            // No one is titled finance minister: unlinked, not Austria.
            find(text, "Austria's finance minister", 0),
        ];
        assert_eq!(resolve_all(text, &speakers, &mut ps), ids(&[Some("p1"), None]));
    }

    #[test]
    fn a_name_no_participant_holds_is_not_the_body_after_its_preposition() {
        let text = "The top Democrat on the Senate Intelligence Committee said the inquiry goes on. \
                    Ben Coppin from Envisional said piracy grew. Senator Mark Warner of Virginia said more. \
                    In January Secretary of State Mark Warner said so.";
        let mut ps = named(
            text,
            &[
                ("Senate Intelligence Committee", ParticipantKind::Organization, &[]),
                ("Envisional", ParticipantKind::Organization, &[]),
                ("Mark Warner", ParticipantKind::Person, &[]),
                ("Virginia", ParticipantKind::Location, &[]),
            ],
        );
        let speakers = [
            find(text, "The top Democrat on the Senate Intelligence Committee", 0),
            find(text, "Ben Coppin from Envisional", 0),
            find(text, "Senator Mark Warner of Virginia", 0),
            find(text, "January Secretary of State Mark Warner", 0),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ids(&[None, None, Some("p3"), Some("p3")])
        );
    }

    #[test]
    fn a_description_resolves_to_the_participant_the_article_gives_it() {
        let text = "Chile's central bank said it bought shares in Banco Osorno. The move came after a loss, \
                    the central bank, Banco Central, said. Banco Osorno was closed on Monday. \
                    The central bank said it would lend more. The association said nothing.";
        let mut ps = named(
            text,
            &[
                ("Banco Central", ParticipantKind::Organization, &[]),
                ("Banco Osorno", ParticipantKind::Organization, &[]),
                ("Chile", ParticipantKind::Country, &[]),
            ],
        );
        let speakers = [
            // Named only later in the article.
            find(text, "Chile's central bank", 0),
            find(text, "The central bank", 0),
            // No association is named: unlinked, not the last body.
            find(text, "The association", 0),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ids(&[Some("p1"), Some("p1"), None])
        );
    }

    #[test]
    fn a_spokesman_speaks_for_the_body_his_phrase_names() {
        let text = "Exxon Corp cut prices. A spokesman for Mobil Oil said so. A Chevron spokesman said more.";
        let mut ps = named(
            text,
            &[
                ("Exxon Corp", ParticipantKind::Organization, &[]),
                ("Mobil Oil", ParticipantKind::Organization, &[]),
                ("Chevron", ParticipantKind::Organization, &[]),
            ],
        );
        let speakers = [
            find(text, "A spokesman for Mobil Oil", 0),
            find(text, "A Chevron spokesman", 0),
        ];
        assert_eq!(resolve_all(text, &speakers, &mut ps), ids(&[Some("p2"), Some("p3")]));
    }

    #[test]
    fn pronouns_follow_the_last_speaker_of_their_kind() {
        let text = "Mary Lutz said prices would rise. She met John Berg on Friday. She said more. \
                    A senior bank official said rates would hold. He said no more. \
                    France said it would wait. Acme Corp, which makes tools, said it would too.";
        let mut ps = named(
            text,
            &[
                ("Mary Lutz", ParticipantKind::Person, &[]),
                ("John Berg", ParticipantKind::Person, &[]),
                ("France", ParticipantKind::Country, &[]),
                ("Acme Corp", ParticipantKind::Organization, &[]),
            ],
        );
        let speakers = [
            find(text, "Mary Lutz", 0),
            // The last speaker, not the person named last.
            find(text, "She", 1),
            find(text, "A senior bank official", 0),
            // The unnamed official's "he" stays unnamed.
            find(text, "He", 0),
            find(text, "France", 0),
            // "it" is a body: not the country.
            find(text, "it", 0),
            find(text, "which", 0),
        ];
        let found = resolve_all(text, &speakers, &mut ps);
        assert_eq!(
            found,
            ids(&[Some("p1"), Some("p1"), None, None, Some("p3"), None, Some("p4")])
        );
    }

    #[test]
    fn a_spokesman_linked_to_his_body_is_still_a_he() {
        let text = "Acme Corp bought bonds, a spokesman for Zenith Bank Inc said. He said the trade was \
                    insured. A spokeswoman for Acme said little. She said no more. He said it again.";
        let mut ps = named(
            text,
            &[
                ("Acme Corp", ParticipantKind::Organization, &[]),
                ("Zenith Bank Inc", ParticipantKind::Organization, &[]),
                ("Acme", ParticipantKind::Organization, &[]),
            ],
        );
        let speakers = [
            find(text, "a spokesman for Zenith Bank Inc", 0),
            // "He": the spokesman, who speaks for the bank; no person is
            // named.
            find(text, "He", 0),
            find(text, "A spokeswoman for Acme", 0),
            find(text, "She", 0),
            // Not the spokeswoman's, and not surely the earlier man's.
            find(text, "He", 1),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ids(&[Some("p2"), Some("p2"), Some("p3"), Some("p3"), None])
        );
    }

    #[test]
    fn the_person_before_an_appositive_comma_is_the_speaker_not_a_place_after_it() {
        let text = "Professor of government William LeoGrande, a Cuba expert, said talks would go on. \
                    He said more. Anna Bulman, a researcher, said less. She said nothing. \
                    A separate Donald Trump adviser, who asked not to be named, said so.";
        let mut ps = named(
            text,
            &[
                ("William LeoGrande", ParticipantKind::Person, &[]),
                ("Cuba", ParticipantKind::Country, &[]),
                ("Anna Bulman", ParticipantKind::Person, &[]),
                ("Donald Trump", ParticipantKind::Person, &[]),
            ],
        );
        let speakers = [
            find(text, "Professor of government William LeoGrande, a Cuba expert", 0),
            find(text, "He", 0),
            find(text, "Anna Bulman, a researcher", 0),
            // "Bulman" is a name, not a man.
            find(text, "She", 0),
            // The name does not end the part before the comma: no Trump.
            find(text, "A separate Donald Trump adviser, who asked not to be named", 0),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ids(&[Some("p1"), Some("p1"), Some("p3"), Some("p3"), None])
        );
    }

    #[test]
    fn a_he_after_speakers_who_are_women_is_someone_new() {
        let text = "A spokeswoman for the bank said rates would rise. She said more. Mark Wells joined \
                    the board on Monday. He said nothing.";
        let mut ps = named(text, &[("Mark Wells", ParticipantKind::Person, &[])]);
        let speakers = [
            find(text, "A spokeswoman for the bank", 0),
            find(text, "She", 0),
            // Not the nearest name (Mark Wells, who said nothing before).
            find(text, "He", 0),
        ];
        assert_eq!(resolve_all(text, &speakers, &mut ps), ids(&[None, None, None]));
    }

    #[test]
    fn office_holders_together_speak_for_the_body_their_phrase_names() {
        let text = "OPEC oil ministers met in Vienna. OPEC oil ministers meeting here said output would hold. \
                    Ministers also said prices were too low. They said more. The ministers added a word. \
                    French and Soviet trade ministers said trade grew. UAW officials said nothing.";
        let mut ps = named(
            text,
            &[
                ("OPEC", ParticipantKind::Organization, &[]),
                ("Vienna", ParticipantKind::Location, &[]),
                ("French", ParticipantKind::Country, &[]),
                ("Soviet", ParticipantKind::Country, &[]),
                ("UAW", ParticipantKind::Organization, &[]),
            ],
        );
        let speakers = [
            find(text, "OPEC oil ministers meeting here", 0),
            // A bare plural repeats the last speaker described so.
            find(text, "Ministers", 0),
            find(text, "They", 0),
            find(text, "The ministers", 0),
            // Two bodies: no one speaker.
            find(text, "French and Soviet trade ministers", 0),
            // Officials are unnamed sources, whatever body is named.
            find(text, "UAW officials", 0),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ids(&[Some("p1"), Some("p1"), Some("p1"), Some("p1"), None, None])
        );
        // Ministers no body is named for stay unlinked, and so do leaders
        // of a body the phrase does not name, and a country's people.
        let text = "Ministers said prices were too low. Belgrade trade union leaders said pay fell. \
                    Brazilian business leaders said growth would slow.";
        let mut ps = named(
            text,
            &[
                ("Belgrade", ParticipantKind::Organization, &[]),
                ("Brazilian", ParticipantKind::Country, &[]),
            ],
        );
        let speakers = [
            find(text, "Ministers", 0),
            find(text, "Belgrade trade union leaders", 0),
            find(text, "Brazilian business leaders", 0),
        ];
        assert_eq!(resolve_all(text, &speakers, &mut ps), ids(&[None, None, None]));
    }

    #[test]
    fn the_statement_is_its_issuer_s() {
        let text = "Zenith Bank said profits rose. In a statement on Japan, the Tokyo Club said rates must \
                    fall. The statement added that yields were high. Acme Corp wrote to shareholders. \
                    The letter said the offer was low.";
        let mut ps = named(
            text,
            &[
                ("Zenith Bank", ParticipantKind::Organization, &[]),
                ("Japan", ParticipantKind::Country, &[]),
                ("Tokyo Club", ParticipantKind::Organization, &[]),
                ("Acme Corp", ParticipantKind::Organization, &[]),
            ],
        );
        let speakers = [
            find(text, "Zenith Bank", 0),
            find(text, "the Tokyo Club", 0),
            // The speaker next to the last "statement", not the last named.
            find(text, "The statement", 0),
            // No letter was mentioned before: unlinked, not Acme.
            find(text, "The letter", 0),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ids(&[Some("p1"), Some("p3"), Some("p3"), None])
        );
    }

    #[test]
    fn words_of_a_clause_before_a_name_do_not_describe_it() {
        // "the company charged bargainers for [Local 72]": no apposition;
        // "the company" is the company last quoted.
        let text = "Zenith Motors Corp said talks failed. \"We regret it,\" the company said. \
                    But the company charged bargainers for Local Seventy had reneged.";
        let mut ps = named(
            text,
            &[
                ("Zenith Motors Corp", ParticipantKind::Organization, &[]),
                ("Local Seventy", ParticipantKind::Organization, &[]),
            ],
        );
        let speakers = [
            find(text, "Zenith Motors Corp", 0),
            find(text, "the company", 0),
            find(text, "the company", 1),
        ];
        assert_eq!(
            resolve_all(text, &speakers, &mut ps),
            ids(&[Some("p1"), Some("p1"), Some("p1")])
        );
    }

    #[test]
    fn the_greek_government_is_greece_s_whatever_an_apposition_says() {
        // The comma after "Turkey" gives Turkey the words "Greek
        // government"; the phrase's own country comes first.
        let text = "If Turkey pushed Greece to talk with Turkey, the Greek government would not accept it. \
                    Later the Greek government said it would defend its rights.";
        let mut ps = named(
            text,
            &[
                ("Turkey", ParticipantKind::Country, &[]),
                ("Greece", ParticipantKind::Country, &[]),
                ("Greek", ParticipantKind::Country, &[]),
            ],
        );
        // "Greek" as a mention of Greece.
        let greek: Vec<Mention> = ps[2].mentions.clone();
        ps[1].mentions.extend(greek.into_iter().map(|m| Mention {
            kind: MentionKind::Demonym,
            ..m
        }));
        ps[1].mentions.sort_by_key(|m| m.span);
        ps.truncate(2);
        let speakers = [find(text, "the Greek government", 1)];
        assert_eq!(resolve_all(text, &speakers, &mut ps), ids(&[Some("p2")]));
    }

    #[test]
    fn a_ticker_ends_the_name_before_an_apposition() {
        let text = "Citicorp <CCI> the largest U.S. bank, said it might reclassify loans.";
        let mut ps = named(
            text,
            &[
                ("Citicorp", ParticipantKind::Organization, &[]),
                ("U.S. bank", ParticipantKind::Organization, &[]),
            ],
        );
        let speakers = [find(text, "Citicorp <CCI> the largest U.S. bank", 0)];
        assert_eq!(resolve_all(text, &speakers, &mut ps), ids(&[Some("p1")]));
    }

    #[test]
    fn unknown_speakers_stay_unresolved() {
        let text = "Sources said so. He said nothing.";
        let mut ps = Vec::new();
        assert_eq!(resolve(text, find(text, "Sources", 0), &mut ps), None);
        assert_eq!(resolve(text, find(text, "He", 0), &mut ps), None);
        // A pronoun with no preceding person stays unresolved.
        let mut ps = vec![participant("p1", ParticipantKind::Person, "Ann Lee", &[], &[(30, 33)])];
        assert_eq!(resolve(text, find(text, "He", 0), &mut ps), None);
        assert!(ps[0].roles.is_empty());
    }
}
