//! What never goes into a summary: captions, credits, footers, site
//! furniture and dateline-only fragments.
//!
//! The parser labels paragraphs, and only body sentences reach the
//! summarizer; these checks catch what a body paragraph may still hold
//! (a caption the parser took for body text, a trailing editor line).

/// Phrases that mark a paragraph as a footer or site furniture wherever
/// they stand (lowercased).
const FURNITURE: &[&str] = &[
    "all rights reserved",
    "click here",
    "copyright ©",
    "editing by",
    "follow us on",
    "image caption",
    "image copyright",
    "media playback is",
    "on twitter",
    "optimised for modern web",
    "reporting by",
    "sign up for",
    "subscribe to our",
    "web editor:",
    "writing by",
    "(c) copyright",
];

/// Openings that mark a caption or furniture paragraph (lowercased).
const FURNITURE_OPENINGS: &[&str] = &[
    "advertisement",
    "caption:",
    "file photo",
    "image:",
    "image caption",
    "photo:",
    "photo taken",
    "picture:",
    "read more",
    "related:",
    "share this",
    "video:",
];

/// Whether a paragraph is a caption, credit, footer or furniture rather
/// than body text.
pub(super) fn is_furniture(paragraph: &str) -> bool {
    let p = paragraph.trim();
    if p.is_empty() {
        return true;
    }
    if FURNITURE_OPENINGS.iter().any(|o| starts_with_ignore_case(p, o)) {
        return true;
    }
    // A paragraph wholly in brackets: "(Web editor: ...)", "(Reporting by ...)".
    if p.starts_with('(') && p.ends_with(')') && !p[1..].contains('(') {
        return true;
    }
    if p.contains('©') {
        return true;
    }
    if ends_with_photo_credit(p) {
        return true;
    }
    // Only short paragraphs are searched for furniture phrases: a long body
    // paragraph may quote them.
    p.len() < 400 && contains_phrase(p, FURNITURE)
}

/// Whether `text` opens with `prefix` (lowercase ASCII), ignoring case.
fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `text` holds one of `phrases` (lowercase ASCII), ignoring case.
fn contains_phrase(text: &str, phrases: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    phrases.iter().any(|f| lower.contains(f))
}

/// Whether text ends with a photo credit in brackets: "(Xinhua/Gao Jie)",
/// "(AP Photo/Jane Doe)", "(Photo: Reuters)".
fn ends_with_photo_credit(p: &str) -> bool {
    let p = p.trim_end_matches(['.', ' ']);
    let Some(inner) = p.strip_suffix(')') else { return false };
    let Some(open) = inner.rfind('(') else { return false };
    let credit = &inner[open + 1..];
    let words = credit.split_whitespace().count();
    if words == 0 || words > 7 {
        return false;
    }
    let lower = credit.to_lowercase();
    let slash = credit.contains('/')
        && credit
            .split('/')
            .all(|part| part.trim().starts_with(char::is_uppercase));
    slash || lower.starts_with("photo") || lower.contains("photo:") || lower.starts_with("pictured")
}

/// Whether the line breaks of a paragraph wrap running text (wire copy
/// wrapped at a fixed width), rather than end its lines.
pub(super) fn is_hard_wrapped(paragraph: &str) -> bool {
    let lens: Vec<usize> = paragraph.lines().map(|l| l.trim().chars().count()).collect();
    let Some((&last, full)) = lens.split_last() else {
        return false;
    };
    if full.is_empty() {
        return false;
    }
    let max = full.iter().copied().max().unwrap_or(0);
    let long = full.iter().filter(|&&n| 10 * n >= 6 * max).count();
    // Wrapped text breaks mid-sentence: most lines but the last end
    // without a sentence's closing mark. One sentence a line (with short
    // lines) ends nearly every line with one.
    // No line, the last included, runs past the wrap width.
    let ended = paragraph.lines().rev().skip(1).filter(|l| ends_sentence(l)).count();
    max <= 100 && last <= max + 2 && 5 * long >= 4 * full.len() && 2 * ended < full.len()
}

/// Whether a line ends as a sentence does: with a full stop, question or
/// exclamation mark, or an ellipsis, before any closing quotes or brackets.
/// A line of its own without one is a heading, a link or a label.
pub(super) fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

/// Where the text after a dateline prefix starts: "BEIJING, Jan. 27
/// (Xinhua) -- China ..." gives the offset of "China"; `None` when the
/// sentence opens with no dateline.
pub(super) fn after_dateline(sentence: &str) -> Option<usize> {
    // The dateline's place is in capitals: "BEIJING", "NEW YORK", "LONDON".
    let first: &str = sentence.split([' ', ',', '(']).next()?;
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || first.chars().any(char::is_lowercase) {
        return None;
    }
    let window = sentence.get(..sentence.len().min(120)).unwrap_or(sentence);
    let mut best: Option<(usize, usize)> = None;
    for dash in [" -- ", " — ", " – ", " - ", " —", "—", "--"] {
        if let Some(at) = window.find(dash)
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, dash.len()));
        }
    }
    let (at, len) = best?;
    // Every word before the dash is capitalized, a number or bracketed:
    // "LONDON (Reuters)", "BEIJING, Jan. 27 (Xinhua)".
    let prefix_ok = sentence[..at].split_whitespace().all(|w| {
        w.trim_start_matches('(')
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    if !prefix_ok {
        return None;
    }
    let rest = &sentence[at + len..];
    let skip = rest.len() - rest.trim_start().len();
    Some(at + len + skip)
}

/// Whether a sentence reads as prose: enough words, and some of them
/// lowercase (a line of names, places and dates has none).
pub(super) fn is_prose(words: usize, lowercase: usize) -> bool {
    words >= 4 && lowercase >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_credits_and_footers_are_furniture() {
        assert!(is_furniture(
            "Chinese Foreign Minister Wang Yi meets with India's Foreign Secretary Vikram Misri in Beijing, Jan. 27, 2025. (Xinhua/Gao Jie)"
        ));
        assert!(is_furniture("(Web editor: Xian Jiangnan, Wu Chaolan)"));
        assert!(is_furniture("Reporting by Jane Doe; Editing by John Roe"));
        assert!(is_furniture("File photo shows a ship in the harbour."));
        assert!(is_furniture("Copyright © 2025 Example News. All rights reserved."));
        assert!(is_furniture(
            "Firefighters battle the blaze on Sunday. (AP Photo/Jane Doe)"
        ));
    }

    #[test]
    fn body_text_is_not_furniture() {
        assert!(!is_furniture(
            "China and India should strive for mutual understanding, Chinese Foreign Minister Wang Yi said Monday."
        ));
        assert!(!is_furniture(
            "The ministry (which declined to comment) said it would act."
        ));
        assert!(!is_furniture("Profits rose 8% (to $1.2bn) in the quarter."));
    }

    #[test]
    fn datelines_are_found_at_the_start_only() {
        let s = "BEIJING, Jan. 27 (Xinhua) -- China and India should strive.";
        assert_eq!(&s[after_dateline(s).unwrap()..], "China and India should strive.");
        let s = "LONDON (Reuters) - Shares fell.";
        assert_eq!(&s[after_dateline(s).unwrap()..], "Shares fell.");
        assert_eq!(after_dateline("The minister - who arrived late - spoke."), None);
        assert_eq!(after_dateline("UN envoys met on Monday."), None);
        assert_eq!(after_dateline("UN envoys - and aides - met."), None);
    }

    #[test]
    fn wrapped_wire_copy_is_told_from_one_sentence_a_line() {
        let wrapped = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects for the coming temporao,\nalthough normal.";
        assert!(is_hard_wrapped(wrapped));
        let lines = "Barca will be investigated for alleged misappropriation of funds in the £48.6m (57m euros) deal with Santos.\nThe signing has been correct\nRosell, speaking at a news conference after a Barca board meeting, insisted he had acted correctly.\nHe left.";
        assert!(!is_hard_wrapped(lines));
        assert!(!is_hard_wrapped("One line only."));
        let short_lines = "Mr Sodje, 37, is jointly charged with his brothers.\nAppearing at the Old Bailey earlier, all four denied it.\nMore on this story from Kent\nThey were all released on bail.";
        assert!(!is_hard_wrapped(short_lines));
        let heading = "More on this story and others from Kent\nMr Norton, who uses the hashtag, said the wall had been used as a toilet for months.";
        assert!(!is_hard_wrapped(heading));
        assert!(ends_sentence("They were released on bail.") && ends_sentence("\"It's over,\" he said.\""));
        assert!(ends_sentence("Is it? (Yes.)") && !ends_sentence("More on this story from Kent"));
    }

    #[test]
    fn prose_needs_lowercase_words() {
        assert!(!is_prose(5, 0));
        assert!(is_prose(6, 2));
        assert!(!is_prose(2, 1));
    }
}
