//! Speaker resolution: from a source mention to the participant it means.
//!
//! In order: a participant mention overlapping the speaker span (the one
//! whose end lies nearest the span's end: the head of an English noun
//! phrase comes last); a name whose last word is a word of a participant's
//! name ("Wang" -> "Wang Yi"); a pronoun or a nominal ("the ministry",
//! "the spokesman") -> the nearest preceding participant of a fitting kind,
//! preferring one whose titles name the nominal's head.

use crate::{Mention, MentionKind, Participant, ParticipantKind, ParticipantRole, Span};

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

/// Resolves the speaker mention `speaker` of `text` to a participant and
/// records it there: the mention (when new) and the speaker role. Returns
/// the participant's id.
pub(crate) fn resolve(text: &str, speaker: Span, participants: &mut [Participant]) -> Option<String> {
    let words: Vec<&str> = speaker
        .get(text)?
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let (index, kind) = if let Some(i) = by_overlap(speaker, participants) {
        (i, None)
    } else {
        let last = *words.last()?;
        let lower = last.to_lowercase();
        let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
        match lower.as_str() {
            "he" | "him" | "she" | "her" => (
                nearest(speaker, participants, |p| p.kind == ParticipantKind::Person)?,
                Some(MentionKind::Pronoun),
            ),
            "they" | "them" => (
                nearest(speaker, participants, |p| {
                    matches!(
                        p.kind,
                        ParticipantKind::Organization | ParticipantKind::Group | ParticipantKind::Country
                    )
                })?,
                Some(MentionKind::Pronoun),
            ),
            "it" => (
                nearest(speaker, participants, |p| {
                    matches!(p.kind, ParticipantKind::Organization | ParticipantKind::Country)
                })?,
                Some(MentionKind::Pronoun),
            ),
            _ if last.chars().next().is_some_and(char::is_uppercase) && words.len() <= 4 => {
                (by_name(speaker, last, participants)?, Some(MentionKind::Name))
            }
            _ if matches!(
                first.as_str(),
                "the" | "a" | "an" | "this" | "that" | "its" | "his" | "her" | "their"
            ) =>
            {
                let head = lower.as_str();
                let titled = nearest(speaker, participants, |p| {
                    p.titles
                        .iter()
                        .any(|t| t.to_lowercase().split_whitespace().any(|w| w == head))
                });
                let i = if let Some(i) = titled {
                    i
                } else if PERSON_NOUNS.contains(&head) {
                    nearest(speaker, participants, |p| p.kind == ParticipantKind::Person)?
                } else if ORG_NOUNS.contains(&head) {
                    nearest(speaker, participants, |p| {
                        matches!(p.kind, ParticipantKind::Organization | ParticipantKind::Country)
                    })?
                } else {
                    return None;
                };
                (i, Some(MentionKind::Nominal))
            }
            _ => return None,
        }
    };
    let p = participants.get_mut(index)?;
    if let Some(kind) = kind
        && !p.mentions.iter().any(|m| m.span == speaker)
    {
        let at = p.mentions.partition_point(|m| m.span < speaker);
        p.mentions.insert(at, Mention { span: speaker, kind });
    }
    if !p.roles.contains(&ParticipantRole::Speaker) {
        p.roles.push(ParticipantRole::Speaker);
    }
    Some(p.id.clone())
}

/// The participant with a mention overlapping `speaker`: the mention that
/// ends nearest the speaker's end, demonyms last.
fn by_overlap(speaker: Span, participants: &[Participant]) -> Option<usize> {
    let mut best: Option<((bool, usize), usize)> = None;
    for (i, p) in participants.iter().enumerate() {
        for m in p.mentions.iter().filter(|m| m.span.overlaps(speaker)) {
            let key = (m.kind == MentionKind::Demonym, speaker.end.abs_diff(m.span.end));
            if best.is_none_or(|(k, _)| key < k) {
                best = Some((key, i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// The participant whose name has the word `word` (its last word first),
/// the one mentioned last before `speaker` when there are several.
fn by_name(speaker: Span, word: &str, participants: &[Participant]) -> Option<usize> {
    let mut best: Option<((bool, bool, usize), usize)> = None;
    for (i, p) in participants.iter().enumerate() {
        let mut name = p.name.split_whitespace();
        let last_word = name.next_back() == Some(word);
        if !last_word && !p.name.split_whitespace().any(|w| w == word) {
            continue;
        }
        let before = p
            .mentions
            .iter()
            .filter(|m| m.span.end <= speaker.begin)
            .map(|m| m.span.end)
            .max();
        // Rank: a preceding mention, then a last-word match, then recency.
        let key = (before.is_some(), last_word, before.unwrap_or(0));
        if best.is_none_or(|(k, _)| key > k) {
            best = Some((key, i));
        }
    }
    best.map(|(_, i)| i)
}

/// The participant passing `fits` mentioned last before `speaker`.
fn nearest(speaker: Span, participants: &[Participant], fits: impl Fn(&Participant) -> bool) -> Option<usize> {
    participants
        .iter()
        .enumerate()
        .filter(|(_, p)| fits(p))
        .filter_map(|(i, p)| {
            p.mentions
                .iter()
                .filter(|m| m.span.end <= speaker.begin)
                .map(|m| m.span.end)
                .max()
                .map(|end| (end, i))
        })
        .max()
        .map(|(_, i)| i)
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
