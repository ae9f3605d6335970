//! Speaker resolution: from a source mention to the participant it means.
//!
//! In order: a participant mention overlapping the speaker span, or its
//! part before an appositive's first comma ("Steve Clarke, deputy
//! administrator at NASA"): a person before others ("Ben Coppin from
//! Envisional"), then the mention ending nearest the span's end (the head
//! of an English noun phrase comes last); a name whose last word is a word
//! of a participant's name ("Wang" -> "Wang Yi"); a pronoun or a nominal
//! ("the ministry", "the spokesman") -> the nearest preceding participant
//! of a fitting kind, preferring one whose titles name the nominal's head.

use std::collections::HashMap;

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
    "newspaper",
    "paper",
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
    seen: HashMap<Span, Option<usize>>,
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
        Resolver {
            article,
            mentions,
            added: Vec::new(),
            ends,
            by_word,
            seen: HashMap::new(),
        }
    }

    /// The participant the speaker mention `speaker` means: its index in
    /// the participants given to [`Resolver::new`]. Call in text order.
    pub(crate) fn resolve(&mut self, speaker: Span, participants: &[Participant]) -> Option<usize> {
        if let Some(&known) = self.seen.get(&speaker) {
            return known;
        }
        let found = self.find(speaker, participants);
        if let Some((i, Some(kind))) = found {
            self.added.push((speaker, kind, i));
            if let Some((_, added)) = self.ends.get_mut(i) {
                added.push(speaker.end);
            }
        }
        let index = found.map(|(i, _)| i);
        self.seen.insert(speaker, index);
        index
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
        for &i in self.seen.values().flatten() {
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

    /// The participant for `speaker` and, when the speaker span is not one
    /// of its mentions yet, the kind of mention it is.
    fn find(&self, speaker: Span, participants: &[Participant]) -> Option<(usize, Option<MentionKind>)> {
        let text = self.article.text.as_str();
        let tokens = &self.article.tokens;
        let all = tokens.tokens();
        speaker.get(text)?;
        let inside = tokens.within(speaker);
        // The speaker's words: its tokens but punctuation and clitics ("'s").
        let words: Vec<usize> = inside
            .clone()
            .filter(|&k| !all[k].has(flag::PUNCT | flag::ELIDED))
            .collect();
        // "Steve Clarke, deputy associate administrator at NASA": an
        // appositive's head is the name before its first comma. A span
        // without a mention there ("Leading plaintiff, the University of
        // California") or with a possessor there ("Akihito's father,
        // Emperor Hirohito") is looked up whole.
        let head = inside
            .clone()
            .find(|&k| all[k].has(flag::COMMA))
            .filter(|&comma| !(inside.start..comma).any(|k| matches!(tokens.lower(k), "'s" | "’s")))
            .map(|comma| Span::new(speaker.begin, all[comma].span.begin));
        if let Some(i) = head
            .and_then(|h| self.by_overlap(h, participants))
            .or_else(|| self.by_overlap(speaker, participants))
        {
            return Some((i, None));
        }
        let is = |kinds: &'static [ParticipantKind]| move |p: &Participant| kinds.contains(&p.kind);
        let last = *words.last()?;
        let lower = tokens.lower(last);
        let first = words.first().map_or("", |&k| tokens.lower(k));
        let found = match lower {
            "he" | "him" | "she" | "her" => (
                self.nearest(speaker, participants, is(&[ParticipantKind::Person]))?,
                MentionKind::Pronoun,
            ),
            "they" | "them" => (
                self.nearest(
                    speaker,
                    participants,
                    is(&[
                        ParticipantKind::Organization,
                        ParticipantKind::Group,
                        ParticipantKind::Country,
                    ]),
                )?,
                MentionKind::Pronoun,
            ),
            "it" => (
                self.nearest(
                    speaker,
                    participants,
                    is(&[ParticipantKind::Organization, ParticipantKind::Country]),
                )?,
                MentionKind::Pronoun,
            ),
            _ if all[last].has(flag::CAP) && words.len() <= 4 => (
                self.by_name(speaker, all[last].span.slice(text), participants)?,
                MentionKind::Name,
            ),
            _ if matches!(
                first,
                "the" | "a" | "an" | "this" | "that" | "its" | "his" | "her" | "their"
            ) =>
            {
                let head = lower;
                let titled = self.nearest(speaker, participants, |p| {
                    p.titles
                        .iter()
                        .any(|t| t.to_lowercase().split_whitespace().any(|w| w == head))
                });
                let i = if let Some(i) = titled {
                    i
                } else if PERSON_NOUNS.contains(&head) {
                    self.nearest(speaker, participants, is(&[ParticipantKind::Person]))?
                } else if ORG_NOUNS.contains(&head) {
                    self.nearest(
                        speaker,
                        participants,
                        is(&[ParticipantKind::Organization, ParticipantKind::Country]),
                    )?
                } else {
                    return None;
                };
                (i, MentionKind::Nominal)
            }
            _ => return None,
        };
        Some((found.0, Some(found.1)))
    }

    /// The participant with a mention overlapping `speaker`: a person
    /// first ("Ben Coppin from Envisional"), then the mention that ends
    /// nearest the speaker's end, demonyms last.
    fn by_overlap(&self, speaker: Span, participants: &[Participant]) -> Option<usize> {
        let from = self.mentions.partition_point(|m| m.0.end <= speaker.begin);
        let limit = speaker.end.saturating_add(MAX_MENTION_BYTES);
        let person = |i: usize| participants.get(i).is_some_and(|p| p.kind == ParticipantKind::Person);
        self.mentions[from..]
            .iter()
            .take_while(|m| m.0.end < limit)
            .filter(|m| m.0.overlaps(speaker))
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
    /// looking back at most [`NEAREST_WINDOW`] mentions.
    fn nearest(
        &self,
        speaker: Span,
        participants: &[Participant],
        fits: impl Fn(&Participant) -> bool,
    ) -> Option<usize> {
        let latest = |list: &[(Span, MentionKind, usize)]| {
            let to = list.partition_point(|m| m.0.end <= speaker.begin);
            list[..to]
                .iter()
                .rev()
                .take(NEAREST_WINDOW)
                .find(|m| participants.get(m.2).is_some_and(&fits))
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
        let found: Vec<Option<usize>> = speakers.iter().map(|&s| resolver.resolve(s, participants)).collect();
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
        // A nominal: the nearest preceding organization or country.
        let ministry = find(text, "The ministry", 0);
        assert_eq!(resolve(text, ministry, &mut ps).as_deref(), Some("p3"));
        assert!(
            ps[2]
                .mentions
                .iter()
                .any(|x| x.span == ministry && x.kind == MentionKind::Nominal)
        );
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
