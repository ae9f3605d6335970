//! Splitting text into tokens and sentences, with byte offsets into the
//! original text. Parse runs this once per paragraph ([`super::Tokens`]);
//! no later stage splits text again.

use crate::Span;

/// Abbreviations that end with a period but rarely end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms", "dr",
    "prof", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev", "st", "mt", "ft", "vs", "etc", "inc",
    "corp", "co", "ltd", "jr", "sr", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "i.e", "e.g", "pres", "adm", "maj",
    "cmdr", "messrs", "ave",
];

/// Splits `span` of `text` into token spans.
///
/// Words keep inner hyphens, apostrophes and periods ("China-India",
/// "U.S.", "don't"); a possessive "'s" is a token of its own, as in
/// CoNLL-2003; numbers keep their separators ("1,000.5").
pub(crate) fn tokenize(text: &str, span: Span) -> Vec<Span> {
    let s = span.slice(text);
    let bytes = s.as_bytes();
    let mut tokens = Vec::with_capacity(s.len() / 5);
    let token = |begin: usize, end: usize| Span::new(span.begin + begin, span.begin + end);
    // The byte where the next character starts.
    let mut next = 0;
    'tokens: while let Some(c) = char_at(s, next) {
        let i = next;
        let mut end = i + c.len_utf8();
        next = end;
        if c.is_whitespace() {
            continue;
        }
        if is_ideograph(c) {
            // Chinese and Japanese write no spaces: each ideograph is a token.
        } else if c.is_alphanumeric() {
            let numeric = c.is_numeric();
            loop {
                match bytes.get(end) {
                    Some(&b) if ASCII_ALPHANUMERIC[usize::from(b)] => end += 1,
                    _ => {
                        let Some(d) = char_at(s, end) else { break };
                        let joins = (d.is_alphanumeric() && !is_ideograph(d))
                            || (matches!(d, '-' | '\'' | '’' | '.' | ',' | '&') && joins_inside(s, end, d, numeric));
                        if !joins {
                            break;
                        }
                        end += d.len_utf8();
                    }
                }
            }
            // "U.S." keeps its final period; "Jan." too.
            if s[end..].starts_with('.') && (is_abbreviation(&s[i..end]) || is_number_sign(&s[i..end], &s[end + 1..])) {
                end += 1;
            }
            next = end;
            // Split a possessive 's off: "India's" -> "India" "'s".
            let word = &s[i..end];
            if matches!(word.as_bytes().last(), Some(b's' | b'S')) {
                for suffix in ["'s", "’s", "'S"] {
                    if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                        let cut = end - suffix.len();
                        tokens.push(token(i, cut));
                        tokens.push(token(cut, end));
                        continue 'tokens;
                    }
                }
            }
        } else if let Some(len) = clitic_len(&s[i..]) {
            // A clitic standing alone, as CoNLL-2003 writes it: "India 's".
            end = i + len;
            next = end;
        } else if c == '.' || c == '-' {
            // An ellipsis is one token; so is a run of dashes.
            let mark = if c == '.' { b'.' } else { b'-' };
            while bytes.get(end) == Some(&mark) {
                end += 1;
            }
            next = end;
        }
        tokens.push(token(i, end));
    }
    tokens
}

/// Which bytes are ASCII letters and digits, looked up in the word loop.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The character at byte `i` of `s` (a character boundary), if any.
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    }
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
pub(crate) fn is_abbreviation(word: &str) -> bool {
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    if word.contains('.') && word.chars().all(|c| c == '.' || c.is_alphabetic()) {
        return true;
    }
    if word.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
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

/// Groups the tokens of one paragraph into sentences: the token ranges
/// `[begin, end)` of each. A sentence ends at `.`, `!` or `?` (and any
/// closing quotes or brackets after it) followed by white space and a
/// token that can open a sentence; abbreviations and initials do not end
/// one. `。`, `！` and `？` end a sentence whatever follows, as Chinese and
/// Japanese put no space after them. A line break is white space like any
/// other: where lines are paragraphs, the paragraph splitter has said so.
pub(crate) fn sentence_ranges(text: &str, tokens: &[Span]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let word = tokens[i].slice(text);
        let full_width = matches!(word, "。" | "！" | "？" | "．");
        let mut ends = full_width || matches!(word, "." | "!" | "?" | "..." | "?!" | "!?" | "…");
        let mut last = i;
        if ends {
            // Closing quotes and brackets belong to the sentence they close.
            while last + 1 < tokens.len()
                && tokens[last + 1].begin == tokens[last].end
                && is_closer(tokens[last + 1].slice(text))
            {
                last += 1;
            }
            if let Some(next) = tokens.get(last + 1)
                && !full_width
            {
                let gap = &text[tokens[last].end..next.begin];
                let first = next.slice(text).chars().next().unwrap_or(' ');
                ends = !gap.is_empty() && !first.is_lowercase();
            }
        }
        if ends || last + 1 == tokens.len() {
            out.push((start, last + 1));
            start = last + 1;
        }
        i = last + 1;
    }
    out
}

/// The sentence spans of `span` of `text` (for tests and lexicons; parse
/// builds sentences with [`super::Tokens`]).
#[cfg(test)]
pub(crate) fn sentences(text: &str, span: Span) -> Vec<Span> {
    let tokens = tokenize(text, span);
    sentence_ranges(text, &tokens)
        .into_iter()
        .map(|(b, e)| Span::new(tokens[b].begin, tokens[e - 1].end))
        .collect()
}

/// Whether `c` is a CJK ideograph (or kana), which the splitter makes a
/// token of its own.
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0x20000..=0x2FFFF) // extensions B and on
}

fn is_closer(token: &str) -> bool {
    matches!(token, "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "」" | "』" | "）")
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
            .map(|t| t.slice(text))
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
    fn a_line_break_is_white_space_between_sentences_and_inside_them() {
        assert_eq!(
            sents("The Federal\nReserve Board met.\nIt said no."),
            ["The Federal\nReserve Board met.", "It said no."]
        );
    }

    #[test]
    fn chinese_splits_at_full_width_stops_and_ideographs() {
        assert_eq!(
            sents("王毅表示，中印应合作。米斯里说：“同意。”印方愿意！"),
            ["王毅表示，中印应合作。", "米斯里说：“同意。”", "印方愿意！"]
        );
        assert_eq!(words("王毅说"), ["王", "毅", "说"]);
        assert_eq!(words("Wang王"), ["Wang", "王"]);
    }

    #[test]
    fn offsets_are_bytes_into_the_original_text() {
        let text = "Überall “Zitat” — gut.";
        for t in tokenize(text, Span::new(0, text.len())) {
            assert!(text.is_char_boundary(t.begin) && text.is_char_boundary(t.end));
        }
    }
}
