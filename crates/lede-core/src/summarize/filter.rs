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
    fn prose_needs_lowercase_words() {
        assert!(!is_prose(5, 0));
        assert!(is_prose(6, 2));
        assert!(!is_prose(2, 1));
    }
}
