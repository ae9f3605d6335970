//! Corrections to the tagger's entities that text outside CoNLL-2003 needs:
//! lower-case words inside a name ("Breitbart News Daily host Alex Marlow")
//! and headlines in title case ("Hillary Clinton Was Headed To ER").

use std::collections::HashSet;

use super::lexicon::{Lexicon, normalize};
use super::tagger::Entity;
use super::{PER, Tokens};
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
pub(crate) fn split_at_lower_case(
    text: &str,
    tokens: &Tokens,
    lexicon: &Lexicon,
    entities: Vec<Entity>,
) -> Vec<Entity> {
    let mut out = Vec::with_capacity(entities.len());
    for e in entities {
        let Some(first) = tokens.at(e.span.begin) else {
            out.push(e);
            continue;
        };
        let mut last = first;
        while tokens.spans.get(last + 1).is_some_and(|s| s.end <= e.span.end) {
            last += 1;
        }
        // "Buducnost ( V )" keeps its brackets; "Lindsay ) Davenport" loses them.
        let name = e.span.slice(text);
        let balanced = name.matches('(').count() == name.matches(')').count() && !name.starts_with(['(', ')']);
        let is_cut = |k: usize| {
            let w = tokens.word(k);
            let quote = matches!(w, "\"" | "“" | "”" | "‘" | "’" | "«" | "»" | "," | ":" | ";")
                || (!balanced && matches!(w, "(" | ")" | "[" | "]"));
            let lower = w.chars().next().is_some_and(char::is_lowercase)
                && !w.chars().any(char::is_uppercase)
                && !CONNECTORS.contains(&w);
            (last > first && lower) || quote
        };
        let mut start = first;
        let mut ty = e.ty;
        let mut k = first;
        while k <= last {
            if is_cut(k) {
                if k > start {
                    out.push(Entity {
                        span: Span::new(tokens.spans[start].begin, tokens.spans[k - 1].end),
                        ty,
                    });
                }
                start = k + 1;
                if lexicon.is_first_name(&normalize(tokens.word(k + 1))) {
                    ty = PER;
                }
            }
            k += 1;
        }
        if start == first {
            out.push(e);
        } else if start <= last {
            out.push(Entity {
                span: Span::new(tokens.spans[start].begin, e.span.end),
                ty,
            });
        }
    }
    out.retain(|e| {
        e.span.get(text).is_some_and(|s| {
            s.chars().any(char::is_alphanumeric) && !PRONOUNS.contains(&s.to_lowercase().replace('’', "'").as_str())
        })
    });
    out
}

/// Whether a sentence is written in title case ("Was Headed To ER But
/// Diverted"): no content word in lower case, and a capitalized function
/// word past the first word, or, for the first line (the headline), four
/// capitalized words.
fn is_title_case(tokens: &Tokens, sentence: &[Span], headline: bool) -> bool {
    let words: Vec<&str> = sentence
        .iter()
        .map(|s| s.get(tokens.text).unwrap_or(""))
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if words.len() < 4 || words.iter().all(|w| !w.chars().any(char::is_lowercase)) {
        return false;
    }
    let capital_function_word = words.iter().skip(1).any(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && TITLE_CASE_WORDS.contains(&w.to_lowercase().as_str())
    });
    let lower_content_word = words.iter().any(|w| {
        w.chars().next().is_some_and(char::is_lowercase) && !TITLE_CASE_WORDS.contains(&w.to_lowercase().as_str())
    });
    let capitalized = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    (capital_function_word || (headline && capitalized >= 4)) && !lower_content_word
}

/// Drops entities of title-case sentences that the rest of the article
/// does not confirm (as an entity, a person's name part, or a place or
/// country the lexicon knows).
pub(crate) fn confirm_title_case(
    text: &str,
    tokens: &Tokens,
    sentences: &[Vec<Span>],
    lexicon: &Lexicon,
    entities: Vec<Entity>,
) -> Vec<Entity> {
    let title_case: Vec<(usize, usize)> = sentences
        .iter()
        .enumerate()
        .filter(|(i, s)| is_title_case(tokens, s, *i == 0))
        .map(|(_, s)| s)
        .filter_map(|s| Some((s.first()?.begin, s.last()?.end)))
        .collect();
    if title_case.is_empty() {
        return entities;
    }
    let in_title_case = |e: &Entity| {
        let i = title_case.partition_point(|(_, end)| *end <= e.span.begin);
        title_case
            .get(i)
            .is_some_and(|(begin, end)| *begin <= e.span.begin && e.span.end <= *end)
    };
    let mut confirmed: HashSet<String> = HashSet::new();
    for e in entities.iter().filter(|e| !in_title_case(e)) {
        let norm = normalize(e.span.slice(text));
        if e.ty == PER {
            confirmed.extend(norm.split(' ').map(str::to_string));
        }
        confirmed.insert(norm);
    }
    entities
        .into_iter()
        .filter(|e| {
            if !in_title_case(e) {
                return true;
            }
            let norm = normalize(e.span.slice(text));
            confirmed.contains(&norm)
                || lexicon.country(&norm).is_some()
                || lexicon.demonym(&norm).is_some()
                || lexicon.place(&norm).is_some()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participants::tagger;

    fn tokens_of(text: &str) -> (Tokens<'_>, Vec<Vec<Span>>) {
        let mut sentences = Vec::new();
        tagger::sentences_of(text, Span::new(0, text.len()), &mut sentences);
        (Tokens::of_sentences(text, &sentences), sentences)
    }

    fn entity(text: &str, name: &str, ty: usize) -> Entity {
        let begin = text.find(name).unwrap();
        Entity {
            span: Span::new(begin, begin + name.len()),
            ty,
        }
    }

    #[test]
    fn names_split_at_stray_lower_case_words_and_quotes() {
        let text = "Breitbart News Daily host Alex Marlow met the Bank of England and al-Aqsa , ” Figueroa said";
        let (tokens, _) = tokens_of(text);
        let lexicon = Lexicon::load();
        let entities = vec![
            entity(text, "Breitbart News Daily host Alex Marlow", 1),
            entity(text, "Bank of England", 1),
            entity(text, "al-Aqsa", 2),
            entity(text, "” Figueroa", 0),
        ];
        let out: Vec<(&str, usize)> = split_at_lower_case(text, &tokens, &lexicon, entities)
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
        let text = "Stealth Over Health: Hillary Clinton Was Headed To ER But Diverted\nHillary Clinton left early , an aide said .";
        let (tokens, sentences) = tokens_of(text);
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
        let out: Vec<&str> = confirm_title_case(text, &tokens, &sentences, &lexicon, entities)
            .iter()
            .map(|e| e.span.slice(text))
            .collect();
        assert_eq!(out, ["Hillary Clinton", "Hillary Clinton"]);
        assert!(!is_title_case(&tokens, &sentences[1], false));
    }
}
