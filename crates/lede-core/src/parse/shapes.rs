//! What one paragraph looks like: a headline, a byline or publication
//! line, a caption, a dateline standing alone, running text.

use super::{agencies, blocks, credits, dateline, dates};
use crate::CreditRole;

/// Whether `s` names an agency and nothing else ("Associated Press").
pub(super) fn agency_only(s: &str) -> Option<&'static agencies::Agency> {
    if s.len() > 40 {
        return None;
    }
    agencies::lookup(s)
}

/// The author of a byline that names a role: "Greg Beacham, AP Sports
/// Writer", "Steve Peoples, AP National Political Writer".
pub(super) fn described_author(s: &str) -> Option<&str> {
    let (name, role) = s.split_once(", ")?;
    let role = role.to_lowercase();
    let roles = ["writer", "correspondent", "reporter", "editor", "columnist", "staff"];
    (s.len() < 80 && credits::is_person(name) && roles.iter().any(|r| role.ends_with(r))).then_some(name)
}

/// A name standing alone under a headline ("Rodrigo Campos"): a byline.
/// Upper-case lines are table heads and kickers, not names.
pub(super) fn bare_name(s: &str) -> bool {
    word_count(s) <= 4 && credits::is_person(s) && s.chars().any(char::is_lowercase)
}

/// A dateline standing alone with its date ("LONDON 1996-08-30"): the place
/// in capitals, then the date.
pub(super) fn place_and_date(s: &str) -> Option<(usize, dates::Found)> {
    // A place of four words and a date fit well within 80 bytes; running
    // text is not searched for dates.
    if s.len() > 80 {
        return None;
    }
    let d = dates::find(s)?;
    let place = s[..d.begin].trim_end().trim_end_matches(',').trim_end();
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2
        && s[d.end..].trim().is_empty()
        && place.split_whitespace().count() <= 4
        && place.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        && d.begin > 0)
        .then_some((place.len(), d))
}

/// Whether a paragraph is a byline or a publication line.
pub(super) fn byline_like(s: &str) -> bool {
    publication(s).is_some() || is_byline(s) || described_author(s).is_some()
}

/// "By X", "by X and Y, Reuters": a byline naming people or short enough
/// to be one (not "By any measure, ...").
pub(super) fn is_byline(s: &str) -> bool {
    (s.starts_with("By ") || s.starts_with("by ") || s.starts_with("BY "))
        && (!credits::byline(s).is_empty() || word_count(s) <= 6)
        && !blocks::ends_sentence(s)
}

/// A publication line: a date (and time) with at most a few other words
/// ("Xinhua) 09:38, January 28, 2025", "Politics  December 28, 2017").
pub(super) fn publication(s: &str) -> Option<(dates::Found, Option<&'static str>)> {
    if s.len() > 140 {
        return None;
    }
    let found = dates::find(s)?;
    let rest = format!("{} {}", &s[..found.begin], &s[found.end..]);
    let mut agency = None;
    let mut words = 0;
    for w in rest.split(|c: char| c.is_whitespace() || matches!(c, '/' | '|' | ',' | '·' | '•')) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        if let Some(a) = agencies::lookup(w) {
            agency.get_or_insert(a.name);
            continue;
        }
        let lower = w.to_lowercase();
        if matches!(
            lower.as_str(),
            "updated"
                | "am"
                | "pm"
                | "published"
                | "posted"
                | "last"
                | "on"
                | "at"
                | "ago"
                | "hours"
                | "hour"
                | "minutes"
                | "mins"
                | "date"
                | "time"
                | "first"
                | "modified"
                | "source"
                | "edt"
                | "est"
                | "gmt"
                | "utc"
        ) || lower.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        words += 1;
    }
    (words <= 3 && !blocks::ends_sentence(s.trim_end_matches(')')) || words == 0).then_some((found, agency))
}

/// A caption made of a credit alone: "ITV, ASSOCIATED PRESS", "AP Photo".
pub(super) fn credit_only_caption(s: &str) -> Option<Vec<credits::Found>> {
    // Nine words are as many as more: most paragraphs are not counted to the end.
    let words = s.split_whitespace().take(9).count();
    if words == 0 || words > 8 || blocks::ends_sentence(s) {
        return None;
    }
    let parts: Vec<&str> = s
        .split([',', '/', ';', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let lower = s.to_lowercase();
    let agency_part = parts.iter().any(|p| agencies::lookup(p).is_some());
    if !(agency_part && (parts.len() >= 2 || lower.contains("photo") || lower.contains("images"))) {
        return None;
    }
    // "Alex Wong | Getty Images": the person is the photographer.
    Some(
        parts
            .iter()
            .filter(|p| credits::is_person(p))
            .map(|p| {
                let b = p.as_ptr() as usize - s.as_ptr() as usize;
                (b, b + p.len(), CreditRole::Photographer)
            })
            .collect(),
    )
}

/// A credit line closing a caption: "...treatment Credit: EPA",
/// "... Photo: Jane Doe".
pub(super) fn credit_tail(s: &str) -> bool {
    let tail_start = crate::tokens::ceil_char_boundary(s, s.len().saturating_sub(80));
    let tail = &s[tail_start..];
    // Every mark ends in a colon: most paragraphs have none near the end.
    if !tail.contains(':') {
        return false;
    }
    [
        "Credit:",
        "Credits:",
        "Photo:",
        "Image:",
        "Picture:",
        "Photograph:",
        "Illustration:",
        "Photo credit:",
        "Image credit:",
    ]
    .iter()
    .filter_map(|m| tail.rfind(m).map(|i| &tail[i + m.len()..]))
    .any(|credit| (1..=8).contains(&credit.split_whitespace().count()) && !blocks::ends_sentence(credit))
}

/// Whether a paragraph is a caption, and its photo credits.
pub(super) fn caption(s: &str) -> Option<Vec<credits::Found>> {
    if s.starts_with("By ") || s.starts_with("by ") || s.starts_with("BY ") {
        return None;
    }
    let lower_start = s.get(..12).unwrap_or(s).to_lowercase();
    if let Some((_, found)) = credits::photo(s) {
        // A dateline opening the paragraph makes it body text that happens to
        // end in parentheses.
        if dateline::parse(s).is_none() {
            return Some(found);
        }
    }
    if lower_start.starts_with("file photo")
        || lower_start.starts_with("photo:")
        || lower_start.starts_with("pictured:")
        || lower_start.starts_with("image copyr")
        || lower_start.starts_with("image captio")
        || lower_start.starts_with("media captio")
        || lower_start.starts_with("caption:")
        || lower_start.starts_with("picture:")
        || (credit_tail(s) && dateline::parse(s).is_none())
    {
        return Some(Vec::new());
    }
    credit_only_caption(s)
}

/// A site suffix on a page title: "Headline | News | Al Jazeera",
/// "Headline - Reuters". Returns the headline part and the suffix.
pub(super) fn split_site_suffix(s: &str) -> Option<(&str, &str)> {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        let i = if sep == " | " { s.find(sep) } else { s.rfind(sep) };
        if let Some(i) = i {
            let suffix = &s[i + sep.len()..];
            if suffix.split_whitespace().count() <= 6 && i > 0 {
                return Some((s[..i].trim(), suffix));
            }
        }
    }
    None
}

/// Words of a paragraph; for Chinese and Japanese, which do not space
/// words, about two characters a word.
pub(super) fn word_count(s: &str) -> usize {
    let spaced = s.split_whitespace().count();
    let ideographs = s
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF))
        .count();
    spaced.max(ideographs / 2)
}

/// Whether a paragraph could be a headline.
pub(super) fn headline_shaped(s: &str) -> bool {
    // A quoted sentence closing inside the line makes it a quote, not a
    // headline ("“He represents our shame.” ― Sonya Herridge").
    if [".”", ".\"", "!”", "?”", "!\"", "?\""].iter().any(|q| s.contains(q)) {
        return false;
    }
    let words = word_count(s);
    (2..=22).contains(&words) && s.len() <= 200 && !s.trim_end().ends_with(['.', ','])
        || ((2..=30).contains(&words)
            && s.len() <= 250
            && s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
}

/// Whether a paragraph reads as running text rather than a label.
pub(super) fn prose(s: &str) -> bool {
    let words = word_count(s);
    (words >= 12 && blocks::ends_sentence(s)) || words >= 25
}
