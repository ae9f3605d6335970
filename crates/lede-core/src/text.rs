//! Tokens and sentences with byte offsets into the original text.
//!
//! Shared by every stage: the tagger, the statement finder and the
//! summarizer all read the same tokens.

use crate::Span;

/// A token: a word, a number or a punctuation mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// Where the token stands.
    pub span: Span,
}

/// Abbreviations that end with a period but rarely end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr",
    "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev", "st", "mt", "ft", "vs", "etc", "inc",
    "corp", "co", "ltd", "jr", "sr", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "i.e", "e.g", "pres", "adm", "maj",
    "cmdr", "messrs", "ave",
];

/// Splits `span` of `text` into tokens.
///
/// Words keep inner hyphens, apostrophes and periods ("China-India",
/// "U.S.", "don't"); a possessive "'s" is a token of its own, as in
/// CoNLL-2003; numbers keep their separators ("1,000.5").
pub(crate) fn tokenize(text: &str, span: Span) -> Vec<Token> {
    let s = span.slice(text);
    let mut tokens = Vec::with_capacity(s.len() / 5);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(j, d)) = chars.peek() {
                let joins = d.is_alphanumeric()
                    || (matches!(d, '-' | '\'' | '’' | '.' | ',' | '&') && joins_inside(s, j, d, c.is_numeric()));
                if !joins {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            // "U.S." keeps its final period; "Jan." too.
            if s[end..].starts_with('.') && (is_abbreviation(&s[i..end]) || is_number_sign(&s[i..end], &s[end + 1..])) {
                end += 1;
                chars.next();
            }
            // Split a possessive 's off: "India's" -> "India" "'s".
            let word = &s[i..end];
            for suffix in ["'s", "’s", "'S"] {
                if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                    let cut = end - suffix.len();
                    tokens.push(Token {
                        span: Span::new(span.begin + i, span.begin + cut),
                    });
                    tokens.push(Token {
                        span: Span::new(span.begin + cut, span.begin + end),
                    });
                    end = usize::MAX;
                    break;
                }
            }
            if end == usize::MAX {
                continue;
            }
        } else if let Some(len) = clitic_len(&s[i..]) {
            // A clitic standing alone, as CoNLL-2003 writes it: "India 's".
            end = i + len;
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
        } else if c == '.' {
            // An ellipsis is one token.
            while let Some(&(j, '.')) = chars.peek() {
                end = j + 1;
                chars.next();
            }
        } else if c == '-' {
            while let Some(&(j, '-')) = chars.peek() {
                end = j + 1;
                chars.next();
            }
        }
        tokens.push(Token {
            span: Span::new(span.begin + i, span.begin + end),
        });
    }
    tokens
}

/// The length of a clitic ("'s", "'re", "'ll") opening `s` and followed by
/// no letter or digit.
fn clitic_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('\'').or_else(|| s.strip_prefix('’'))?;
    let apostrophe = s.len() - rest.len();
    let word_len = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
    let word = &rest[..word_len];
    const CLITICS: &[&str] = &["s", "S", "re", "ve", "ll", "m", "d", "RE", "VE", "LL", "M", "D"];
    CLITICS.contains(&word).then_some(apostrophe + word_len)
}

/// Whether punctuation `d` at byte `j` of `s` joins the word around it.
fn joins_inside(s: &str, j: usize, d: char, numeric: bool) -> bool {
    let next = s[j + d.len_utf8()..].chars().next();
    let Some(next) = next else { return false };
    match d {
        ',' => numeric && next.is_ascii_digit(),
        '.' => next.is_alphanumeric() && (numeric || next.is_alphabetic()),
        _ => next.is_alphanumeric(),
    }
}

/// Whether `word` (without its final period) is a known abbreviation or an
/// initial ("J." in "J. Smith").
fn is_abbreviation(word: &str) -> bool {
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    if word.contains('.') && word.chars().all(|c| c == '.' || c.is_alphabetic()) {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Whether `word` followed by a period and `rest` is "No." before a number.
fn is_number_sign(word: &str, rest: &str) -> bool {
    word.eq_ignore_ascii_case("no")
        && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
        && rest.starts_with(' ')
}

/// Splits `span` of `text` into sentence spans, without surrounding white
/// space. A sentence ends at `.`, `!` or `?` (and any closing quotes or
/// brackets after it) followed by white space and a token that can open a
/// sentence; abbreviations and initials do not end one.
pub(crate) fn sentences(text: &str, span: Span) -> Vec<Span> {
    let tokens = tokenize(text, span);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        start.get_or_insert(t.span.begin);
        let word = t.span.slice(text);
        let mut ends = matches!(word, "." | "!" | "?" | "..." | "?!" | "!?");
        let mut last = i;
        if ends {
            // Closing quotes and brackets belong to the sentence they close.
            while last + 1 < tokens.len()
                && tokens[last + 1].span.begin == tokens[last].span.end
                && is_closer(tokens[last + 1].span.slice(text))
            {
                last += 1;
            }
            if let Some(next) = tokens.get(last + 1) {
                let gap = &text[tokens[last].span.end..next.span.begin];
                let first = next.span.slice(text).chars().next().unwrap_or(' ');
                ends = !gap.is_empty() && !first.is_lowercase();
            }
        }
        if ends || last + 1 == tokens.len() {
            let begin = start.take().unwrap_or(t.span.begin);
            out.push(Span::new(begin, tokens[last].span.end));
        }
        i = last + 1;
    }
    out
}

fn is_closer(token: &str) -> bool {
    matches!(token, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

/// The largest char boundary of `text` at or before `at` (`str::floor_char_boundary`,
/// stable only since Rust 1.91, above this crate's MSRV).
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// The smallest char boundary of `text` at or after `at`.
pub(crate) fn ceil_char_boundary(text: &str, at: usize) -> usize {
    (at.min(text.len())..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.span.slice(text))
            .collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        sentences(text, Span::new(0, text.len()))
            .iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn char_boundaries_round_down_and_up() {
        let t = "a—b"; // the dash is three bytes, 1..4
        assert_eq!(
            (0..=5).map(|i| floor_char_boundary(t, i)).collect::<Vec<_>>(),
            [0, 1, 1, 1, 4, 5]
        );
        assert_eq!(
            (0..=6).map(|i| ceil_char_boundary(t, i)).collect::<Vec<_>>(),
            [0, 1, 4, 4, 4, 5, 5]
        );
    }

    #[test]
    fn tokens_keep_abbreviations_numbers_and_split_possessives() {
        assert_eq!(
            words("India's U.S. envoy paid $1,000.50 on Jan. 27, China-India ties."),
            [
                "India",
                "'s",
                "U.S.",
                "envoy",
                "paid",
                "$",
                "1,000.50",
                "on",
                "Jan.",
                "27",
                ",",
                "China-India",
                "ties",
                "."
            ]
        );
    }

    #[test]
    fn clitics_standing_alone_stay_whole() {
        assert_eq!(
            words("India 's envoy , they 're 'sure'"),
            ["India", "'s", "envoy", ",", "they", "'re", "'", "sure", "'"]
        );
    }

    #[test]
    fn sentences_survive_abbreviations_and_initials() {
        let text = "BEIJING, Jan. 27 (Xinhua) -- The U.S. envoy met J. Smith. \"We agreed,\" he said. Then they left!";
        assert_eq!(
            sents(text),
            [
                "BEIJING, Jan. 27 (Xinhua) -- The U.S. envoy met J. Smith.",
                "\"We agreed,\" he said.",
                "Then they left!"
            ]
        );
    }

    #[test]
    fn a_quote_closing_after_the_period_stays_with_its_sentence() {
        assert_eq!(sents("He said \"no.\" She left."), ["He said \"no.\"", "She left."]);
    }

    #[test]
    fn offsets_are_bytes_into_the_original_text() {
        let text = "Überall “Zitat” — gut.";
        for t in tokenize(text, Span::new(0, text.len())) {
            assert!(text.is_char_boundary(t.span.begin) && text.is_char_boundary(t.span.end));
        }
    }
}
