//! Corrections to the tagger's entities that text outside CoNLL-2003 needs:
//! lower-case words inside a name ("Breitbart News Daily host Alex Marlow")
//! headlines in title case ("Hillary Clinton Was Headed To ER") and in
//! capitals ("SPAIN SEEKS BANK DEAL").

use std::collections::HashSet;

use super::lexicon::Lexicon;
use super::tagger::Entity;
use super::{PER, Story};
use crate::Span;

/// Lower-case words that may stand inside a name.
const CONNECTORS: &[&str] = &[
    "of", "the", "and", "de", "del", "della", "der", "den", "van", "von", "la", "le", "les", "du", "da", "di", "do",
    "dos", "das", "al", "el", "bin", "ibn", "y", "e", "for", "on", "in", "at", "'s", "’s", "&", "-", "st.", "a", "an",
    "to", "upon", "am", "im", "sur", "over", "under", "wa", "dello", "degli", "dei", "delle", "des", "af", "ter",
    "ten",
];

/// Pronouns and their contractions, which are never names.
const PRONOUNS: &[&str] = &[
    "i", "i'm", "i've", "i'll", "i'd", "we", "we're", "we've", "he", "he's", "she", "she's", "they", "they're", "it",
    "it's", "you", "you're", "me", "us", "him", "her", "them",
];

/// Function words that title case capitalizes and sentence case does not.
const TITLE_CASE_WORDS: &[&str] = &[
    "to", "for", "of", "in", "on", "at", "with", "but", "and", "or", "nor", "is", "was", "are", "were", "by", "from",
    "as", "after", "over", "into", "its", "their", "his", "her", "not", "be", "will", "has", "have", "a", "an", "the",
    "this", "that", "these", "those", "about", "than", "up", "out", "off", "so", "via", "vs", "vs.", "against",
    "before", "amid", "it", "he", "she", "they", "we", "you", "i", "who", "what", "how", "why", "when", "if",
];

/// Splits entities at a lower-case word that no name holds: the words
/// before keep the type; the words after are a person when they open with
/// a given name, else keep the type.
pub(crate) fn split_at_lower_case(story: &Story, lexicon: &Lexicon, entities: Vec<Entity>) -> Vec<Entity> {
    let mut out = Vec::with_capacity(entities.len());
    for e in entities {
        let words = story.tokens.within(e.span);
        if words.is_empty() || story.span(words.start).begin != e.span.begin {
            out.push(e);
            continue;
        }
        let (first, last) = (words.start, words.end - 1);
        // "Buducnost ( V )" keeps its brackets; "Lindsay ) Davenport" loses them.
        let name = e.span.slice(story.text);
        let balanced = name.matches('(').count() == name.matches(')').count() && !name.starts_with(['(', ')']);
        let is_cut = |k: usize| {
            let w = story.word(k);
            let quote = matches!(w, "\"" | "“" | "”" | "‘" | "’" | "«" | "»" | "," | ":" | ";")
                || (!balanced && matches!(w, "(" | ")" | "[" | "]"));
            let lower =
                story.opens_lower(k) && !w.chars().any(char::is_uppercase) && !CONNECTORS.contains(&story.lower(k));
            (last > first && lower) || quote
        };
        let mut start = first;
        let mut ty = e.ty;
        for k in first..=last {
            if is_cut(k) {
                if k > start {
                    out.push(Entity {
                        span: Span::new(story.span(start).begin, story.span(k - 1).end),
                        ty,
                    });
                }
                start = k + 1;
                if lexicon.is_first_name(story.lower(k + 1)) {
                    ty = PER;
                }
            }
        }
        if start == first {
            out.push(e);
        } else if start <= last {
            out.push(Entity {
                span: Span::new(story.span(start).begin, e.span.end),
                ty,
            });
        }
    }
    out.retain(|e| {
        e.span.slice(story.text).chars().any(char::is_alphanumeric)
            && !PRONOUNS.contains(&story.normalized(e.span).replace('’', "'").as_str())
    });
    out
}

/// Whether the sentence of tokens `sentence` (indices) is written in
/// title case ("Was Headed To ER But Diverted"): no content word in lower
/// case, and a capitalized function word past the first word, or, for the
/// first line (the headline), four capitalized words.
fn is_title_case(story: &Story, sentence: &[usize], headline: bool) -> bool {
    let words: Vec<usize> = sentence
        .iter()
        .copied()
        .filter(|&i| story.word(i).chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if words.len() < 4 || words.iter().all(|&i| !story.word(i).chars().any(char::is_lowercase)) {
        return false;
    }
    let function_word = |i: usize| TITLE_CASE_WORDS.contains(&story.lower(i));
    let capital_function_word = words.iter().skip(1).any(|&i| story.capitalized(i) && function_word(i));
    let lower_content_word = words.iter().any(|&i| story.opens_lower(i) && !function_word(i));
    let capitalized = words.iter().filter(|&&i| story.capitalized(i)).count();
    (capital_function_word || (headline && capitalized >= 4)) && !lower_content_word
}

/// Drops entities of title-case sentences that the rest of the article
/// does not confirm (as an entity, a person's name part, or a place or
/// country the lexicon knows).
pub(crate) fn confirm_title_case(story: &Story, lexicon: &Lexicon, entities: Vec<Entity>) -> Vec<Entity> {
    let title_case: Vec<Span> = story
        .sentences
        .iter()
        .enumerate()
        .filter(|(k, r)| is_title_case(story, &story.read[(*r).clone()], *k == 0))
        .filter_map(|(_, r)| {
            Some(
                story
                    .span(*story.read.get(r.start)?)
                    .cover(story.span(*story.read.get(r.end - 1)?)),
            )
        })
        .collect();
    if title_case.is_empty() {
        return entities;
    }
    confirmed_elsewhere(story, &title_case, entities, |norm| lexicon.knows_place(norm))
}

/// Whether the tokens `sentence` (indices) are written in capitals: two
/// words or more, no lower-case letter and no figure ("SPAIN SEEKS BANK
/// DEAL"; a table row such as "ST LOUIS 69 65 .515" is none).
fn is_capitals(story: &Story, sentence: &[usize]) -> bool {
    let words = sentence
        .iter()
        .filter(|&&i| story.word(i).chars().any(char::is_alphabetic))
        .count();
    words >= 2
        && sentence.iter().all(|&i| {
            let w = story.word(i);
            !w.chars().any(|c| c.is_lowercase() || c.is_ascii_digit())
        })
}

/// Drops entities of sentences in capitals (headlines, whole stories in
/// capitals) unless the same name stands as an entity in mixed case
/// elsewhere in the story, or is a person's name part there: no "SPAIN",
/// "VOLKSWAGEN" or "BANK" from a headline alone. Where the story has no
/// sentence in mixed case, countries and places the lexicon knows are kept.
/// Sentences inside `skip` (datelines: "LONDON, May 2") are left alone.
pub(crate) fn confirm_capitals(story: &Story, lexicon: &Lexicon, skip: &[Span], entities: Vec<Entity>) -> Vec<Entity> {
    let mut capitals: Vec<Span> = Vec::new();
    let mut mixed = false;
    for r in &story.sentences {
        let read = &story.read[r.clone()];
        let (Some(&a), Some(&b)) = (read.first(), read.last()) else {
            continue;
        };
        let span = story.span(a).cover(story.span(b));
        if is_capitals(story, read) {
            if !skip.iter().any(|s| s.contains(span)) {
                capitals.push(span);
            }
        } else if read.iter().any(|&i| story.word(i).chars().any(char::is_lowercase)) {
            mixed = true;
        }
    }
    if capitals.is_empty() {
        return entities;
    }
    confirmed_elsewhere(story, &capitals, entities, |norm| !mixed && lexicon.knows_place(norm))
}

/// Keeps the entities outside the sorted, disjoint `doubtful` spans, and
/// those inside them that the rest of the story confirms (the same name as
/// an entity outside them, or a person's name part there) or that `known`
/// vouches for.
fn confirmed_elsewhere(
    story: &Story,
    doubtful: &[Span],
    entities: Vec<Entity>,
    known: impl Fn(&str) -> bool,
) -> Vec<Entity> {
    let doubted = |e: &Entity| {
        let i = doubtful.partition_point(|s| s.end <= e.span.begin);
        doubtful.get(i).is_some_and(|s| s.contains(e.span))
    };
    let mut confirmed: HashSet<String> = HashSet::new();
    for e in entities.iter().filter(|e| !doubted(e)) {
        let norm = story.normalized(e.span);
        if e.ty == PER {
            confirmed.extend(norm.split(' ').map(str::to_string));
        }
        confirmed.insert(norm);
    }
    entities
        .into_iter()
        .filter(|e| {
            if !doubted(e) {
                return true;
            }
            let norm = story.normalized(e.span);
            confirmed.contains(&norm) || known(&norm)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Article;
    use crate::participants::tests::{entity, parsed, tokens_of};

    fn story_of(article: &Article) -> Story<'_> {
        Story::of(article, &[])
    }

    #[test]
    fn names_split_at_stray_lower_case_words_and_quotes() {
        let text = "Breitbart News Daily host Alex Marlow met the Bank of England and al-Aqsa , ” Figueroa said";
        let article = Article {
            tokens: tokens_of(text),
            text: text.to_string(),
            ..Article::default()
        };
        let n = article.tokens.tokens().len();
        let story = Story {
            text,
            tokens: &article.tokens,
            read: (0..n).collect(),
            sentences: std::iter::once(0..n).collect(),
            headline: vec![false],
        };
        let lexicon = Lexicon::load();
        let entities = vec![
            entity(text, "Breitbart News Daily host Alex Marlow", 1),
            entity(text, "Bank of England", 1),
            entity(text, "al-Aqsa", 2),
            entity(text, "” Figueroa", 0),
        ];
        let out: Vec<(&str, usize)> = split_at_lower_case(&story, &lexicon, entities)
            .iter()
            .map(|e| (e.span.slice(text), e.ty))
            .collect();
        assert_eq!(
            out,
            [
                ("Breitbart News Daily", 1),
                ("Alex Marlow", PER),
                ("Bank of England", 1),
                ("al-Aqsa", 2),
                ("Figueroa", 0)
            ]
        );
    }

    #[test]
    fn title_case_headline_entities_need_the_body() {
        let text = "Stealth Over Health: Hillary Clinton Was Headed To ER But Diverted\n\nHillary Clinton left early, an aide said.";
        let article = parsed(text);
        let story = story_of(&article);
        let lexicon = Lexicon::load();
        let head = text.find("Hillary").unwrap();
        let entities = vec![
            entity(text, "Stealth Over Health", 1),
            Entity {
                span: Span::new(head, head + "Hillary Clinton".len()),
                ty: PER,
            },
            Entity {
                span: Span::new(text.rfind("Hillary").unwrap(), text.rfind("Clinton").unwrap() + 7),
                ty: PER,
            },
        ];
        let out: Vec<&str> = confirm_title_case(&story, &lexicon, entities)
            .iter()
            .map(|e| e.span.slice(text))
            .collect();
        assert_eq!(out, ["Hillary Clinton", "Hillary Clinton"]);
        let last = story.sentences.last().unwrap().clone();
        assert!(!is_title_case(&story, &story.read[last], false));
    }
    fn nth_entity(text: &str, name: &str, n: usize, ty: usize) -> Entity {
        let begin = text.match_indices(name).nth(n).unwrap().0;
        Entity {
            span: Span::new(begin, begin + name.len()),
            ty,
        }
    }

    #[test]
    fn names_in_capitals_need_the_same_name_in_mixed_case() {
        let text = "SPAIN SEEKS VOLKSWAGEN BANK DEAL\n\nMADRID, May 2\n\nSpain asked the carmaker for help, \
                    Ana Ruiz said.\n\nRUIZ WILL MEET THE BOARD.";
        let article = parsed(text);
        let story = story_of(&article);
        let lexicon = Lexicon::load();
        let nth = |name: &str, n: usize, ty: usize| nth_entity(text, name, n, ty);
        let entities = vec![
            nth("SPAIN", 0, 2),
            nth("VOLKSWAGEN", 0, 1),
            nth("BANK", 0, 1),
            nth("MADRID", 0, 2),
            nth("Spain", 0, 2),
            nth("Ana Ruiz", 0, PER),
            nth("RUIZ", 0, PER),
        ];
        let dateline = nth("MADRID, May 2", 0, 2).span;
        let out: Vec<&str> = confirm_capitals(&story, &lexicon, &[dateline], entities)
            .iter()
            .map(|e| e.span.slice(text))
            .collect();
        assert_eq!(out, ["SPAIN", "MADRID", "Spain", "Ana Ruiz", "RUIZ"]);
        // A whole story in capitals keeps the countries and places it names.
        let text = "SPAIN SEEKS VOLKSWAGEN BANK DEAL. MADRID OFFICIALS MET ON FRIDAY.";
        let article = parsed(text);
        let story = story_of(&article);
        let nth = |name: &str, n: usize, ty: usize| nth_entity(text, name, n, ty);
        let entities = vec![nth("SPAIN", 0, 2), nth("VOLKSWAGEN", 0, 1), nth("MADRID", 0, 2)];
        let out: Vec<&str> = confirm_capitals(&story, &lexicon, &[], entities)
            .iter()
            .map(|e| e.span.slice(text))
            .collect();
        assert_eq!(out, ["SPAIN", "MADRID"]);
    }
}
