//! Credits: the people a story names as its authors, reporters,
//! photographers, editors and contributors.
//!
//! - bylines: "By Feizal Samath, Reuters", "By DANICA KIRKA and JILL LAWLESS",
//!   "by Laura Winter";
//! - footers: "(Web editor: Xian Jiangnan, Wu Chaolan)", "Reporting by X;
//!   additional reporting by Y and Z; Editing by W", "(Writing by X)",
//!   "Associated Press writer X in Y contributed to this report.";
//! - photo credits closing captions: "(Xinhua/Gao Jie)", "REUTERS/Brendan
//!   McDermid", "(AP Photo/Evan Vucci)", "[Name/Al Jazeera]".
//!
//! Names are kept as written; credits naming only an organisation are
//! dropped.

use crate::{CreditRole, Span};

use super::agencies;

/// A credit found in a line: the name's byte range in that line and the role.
pub(crate) type Found = (usize, usize, CreditRole);

/// Byte offset of `inner`, a subslice of `outer`, within `outer`.
fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize)
        .saturating_sub(outer.as_ptr() as usize)
        .min(outer.len())
}

/// Particles that may stand lower-case inside a name.
const PARTICLES: &[&str] = &[
    "de", "da", "van", "von", "der", "den", "bin", "binti", "al", "el", "di", "le", "la", "du", "dos", "del", "ter",
    "y",
];

/// Whether `s` reads as a person's name: two to five capitalized words (or
/// particles), letters, periods, hyphens and apostrophes only, and no
/// organisation word.
pub(crate) fn is_person(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || s.len() > 60 {
        return false;
    }
    let shaped = words.iter().enumerate().all(|(i, w)| {
        let first = w.chars().next().unwrap_or(' ');
        let chars_ok = w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'));
        chars_ok && (first.is_uppercase() || (i > 0 && i + 1 < words.len() && PARTICLES.contains(w)))
    });
    shaped && !agencies::is_organisation(s)
}

/// Splits a list of names ("A, B and C", "A & B") and keeps the people;
/// `cut` words end a name ("X in London").
fn names_in(list: &str) -> Vec<(usize, usize)> {
    names_of(list, false)
}

/// As [`names_in`]; `single` also takes one-word names ("huaxia"), for lists
/// under an explicit label ("Editor: huaxia").
fn names_of(list: &str, single: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pieces = vec![list];
    for sep in [";", ",", " and ", " & ", " AND "] {
        pieces = pieces.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    for piece in pieces {
        let mut p = piece;
        for stop in [" in ", " at ", " from ", " on ", " for ", " with ", " of the "] {
            if let Some(i) = p.find(stop) {
                p = &p[..i];
            }
        }
        // "Associated Press writer Jill Lawless": drop the descriptor up to
        // its last lower-case word.
        if let Some(i) = (p.split_whitespace().count() > 1)
            .then(|| p.split_whitespace())
            .into_iter()
            .flatten()
            .rfind(|w| w.chars().next().is_some_and(char::is_lowercase) && !PARTICLES.contains(w))
            .map(|w| offset_in(p, w) + w.len())
        {
            p = &p[i..];
        }
        let mut name =
            p.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ')' | '(' | ':' | '|' | '"'));
        // "JILL LAWLESS Associated Press": the agency is not in the name.
        for alias in agencies::AGENCIES.iter().flat_map(|a| a.aliases) {
            if name.len() > alias.len() + 1
                && name.is_char_boundary(name.len() - alias.len())
                && name[name.len() - alias.len()..].eq_ignore_ascii_case(alias)
                && name[..name.len() - alias.len()].ends_with(' ')
            {
                name = name[..name.len() - alias.len()].trim_end();
                break;
            }
        }
        let one_word = single
            && name.len() >= 3
            && !name.contains(' ')
            && name.chars().all(char::is_alphabetic)
            && !agencies::is_organisation(name);
        if is_person(name) || one_word {
            let begin = offset_in(list, name);
            out.push((begin, begin + name.len()));
        }
    }
    out
}

/// The authors a byline names ("By X, Reuters", "By X and Y", "by X").
pub(crate) fn byline(s: &str) -> Vec<Found> {
    let t = s.trim();
    let Some(rest) = ["By ", "by ", "BY "].iter().find_map(|p| t.strip_prefix(p)) else {
        return Vec::new();
    };
    if rest.len() > 150 {
        return Vec::new();
    }
    let base = offset_in(s, rest);
    names_in(rest)
        .into_iter()
        .map(|(a, b)| (base + a, base + b, CreditRole::Author))
        .collect()
}

/// The role a credit label names: "Reporting by", "Editing by", "Web editor:".
fn role_of(label: &str) -> Option<CreditRole> {
    let l = label.trim().to_lowercase();
    let l = l.trim_start_matches(['(', '[']).trim();
    if l.contains("photo") {
        Some(CreditRole::Photographer)
    } else if l.contains("report") {
        Some(CreditRole::Reporter)
    } else if l.contains("edit") || l.contains("sub-edit") {
        Some(CreditRole::Editor)
    } else if l.contains("writ") || l.contains("compil") || l.contains("author") {
        Some(CreditRole::Author)
    } else if l.contains("contribut") || l.contains("research") {
        Some(CreditRole::Contributor)
    } else {
        None
    }
}

/// The credits of a footer line, or nothing when the line is not one.
pub(crate) fn footer(s: &str) -> Vec<Found> {
    let t = s.trim();
    if t.is_empty() || t.len() > 400 {
        return Vec::new();
    }
    let mut out = Vec::new();
    // "X and Y contributed to this report." / "... contributed reporting."
    if let Some(i) = t.find(" contributed") {
        let head = &t[..i];
        let base = offset_in(s, head);
        out.extend(
            names_in(head)
                .into_iter()
                .map(|(a, b)| (base + a, base + b, CreditRole::Contributor)),
        );
        return out;
    }
    let inner = t.trim_start_matches(['(', '[']).trim_end_matches(['.', ')', ']']);
    for segment in inner.split(';') {
        // "Web editor: A, B" or "Reporting by A"
        let (label, list) = if let Some(i) = segment.find(':') {
            (&segment[..i], &segment[i + 1..])
        } else if let Some(i) = segment.find(" by ").or_else(|| segment.find(" By ")) {
            (&segment[..i], &segment[i + 4..])
        } else {
            continue;
        };
        if label.split_whitespace().count() > 4 {
            continue;
        }
        let Some(role) = role_of(label) else { continue };
        let base = offset_in(s, list);
        out.extend(
            names_of(list, true)
                .into_iter()
                .map(|(a, b)| (base + a, base + b, role)),
        );
    }
    out
}

/// Whether a line is a credit footer (whether or not it names people).
pub(crate) fn is_footer(s: &str) -> bool {
    let t = s.trim().trim_start_matches(['(', '[']);
    if t.len() > 400 {
        return false;
    }
    let lower = crate::tokens::lower_case(t);
    let labels = [
        "reporting by",
        "additional reporting",
        "editing by",
        "edited by",
        "writing by",
        "written by",
        "compiled by",
        "web editor",
        "editor:",
        "editors:",
        "photos by",
        "graphics by",
        "translated by",
    ];
    labels.iter().any(|l| lower.starts_with(l))
        || (lower.contains(" contributed to this report") || lower.contains(" contributed reporting"))
            && lower.len() < 250
}

/// The photo credit closing a caption: the byte range of the credit and
/// the photographers it names. `None` when the text ends with no credit.
pub(crate) fn photo(s: &str) -> Option<((usize, usize), Vec<Found>)> {
    let t = s.trim_end();
    // "(Xinhua/Gao Jie)", "(AP Photo/Evan Vucci)", "[SpaceX via Nasa]"
    let (open, close) = if t.ends_with(')') {
        ('(', ')')
    } else if t.ends_with(']') {
        ('[', ']')
    } else {
        ('\0', '\0')
    };
    let credit = if open != '\0' {
        let start = t.rfind(open)?;
        let inner = &t[start + 1..t.len() - close.len_utf8()];
        if inner.split_whitespace().count() > 10 || inner.is_empty() {
            return None;
        }
        let lower = inner.to_lowercase();
        let photo_like = inner.contains('/')
            || lower.starts_with("photo")
            || lower.starts_with("file")
            || lower.contains(" via ")
            || lower.contains("getty")
            || inner.split([',', '/']).any(|p| agencies::lookup(p.trim()).is_some());
        if !photo_like {
            return None;
        }
        inner
    } else {
        // "... REUTERS/Brendan McDermid", "AFP PHOTO / NAME"
        let tail_start = crate::tokens::ceil_char_boundary(t, t.len().saturating_sub(90));
        let tail = &t[tail_start..];
        // Every mark but "AFP PHOTO" has a slash: most paragraphs have neither.
        if !tail.contains('/') && !tail.contains("AFP PHOTO") {
            return None;
        }
        let at = [
            "REUTERS/",
            "Reuters/",
            "AP Photo/",
            "AFP PHOTO",
            "AFP/",
            "EPA/",
            "XINHUA/",
            "Xinhua/",
        ]
        .iter()
        .filter_map(|m| tail.find(m))
        .min()?;
        &tail[at..]
    };
    let credit_begin = offset_in(s, credit);
    let mut found = Vec::new();
    for part in credit.split(['/', ',', ';']) {
        let mut p = part.trim();
        for prefix in [
            "Photo by ",
            "Photos by ",
            "Photo: ",
            "Photo:",
            "File: ",
            "File:",
            "Photograph: ",
            "Picture: ",
        ] {
            if let Some(r) = p.strip_prefix(prefix) {
                p = r.trim();
            }
        }
        if let Some(i) = p.find(" via ") {
            p = &p[..i];
        }
        let p = p.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '(' | ')' | '[' | ']'));
        if is_person(p) && !p.eq_ignore_ascii_case("file photo") {
            let b = offset_in(s, p);
            found.push((b, b + p.len(), CreditRole::Photographer));
        }
    }
    Some(((credit_begin, credit_begin + credit.len()), found))
}

/// Spans of credits found in a line at `base`.
pub(crate) fn spans(found: Vec<Found>, base: usize) -> impl Iterator<Item = (Span, CreditRole)> {
    found
        .into_iter()
        .map(move |(a, b, role)| (Span::new(base + a, base + b), role))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str, found: Vec<Found>) -> Vec<(String, CreditRole)> {
        found.into_iter().map(|(a, b, r)| (s[a..b].to_owned(), r)).collect()
    }

    #[test]
    fn xinhua_web_editors_and_photo() {
        let s = "(Web editor: Xian Jiangnan, Wu Chaolan)";
        assert_eq!(
            show(s, footer(s)),
            [
                ("Xian Jiangnan".to_owned(), CreditRole::Editor),
                ("Wu Chaolan".to_owned(), CreditRole::Editor)
            ]
        );
        let c = "meets with India's Foreign Secretary Vikram Misri, in Beijing, Jan. 27, 2025. (Xinhua/Gao Jie)";
        let (_, found) = photo(c).unwrap();
        assert_eq!(show(c, found), [("Gao Jie".to_owned(), CreditRole::Photographer)]);
    }

    #[test]
    fn reuters_footer() {
        let s = "Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly, Saqib Iqbal Ahmed and Gertrude Chavez-Dreyfuss; Editing by Nick Zieminski and Dan Grebler";
        let got = show(s, footer(s));
        assert_eq!(got.len(), 6);
        assert_eq!(got[0], ("Rodrigo Campos".to_owned(), CreditRole::Reporter));
        assert_eq!(got[3], ("Gertrude Chavez-Dreyfuss".to_owned(), CreditRole::Reporter));
        assert_eq!(got[5], ("Dan Grebler".to_owned(), CreditRole::Editor));
        let s = "(Reporting by Jane Doe in London; Writing by John Roe; Editing by Mary Major)";
        assert_eq!(
            show(s, footer(s)),
            [
                ("Jane Doe".to_owned(), CreditRole::Reporter),
                ("John Roe".to_owned(), CreditRole::Author),
                ("Mary Major".to_owned(), CreditRole::Editor)
            ]
        );
        assert!(is_footer(s));
        let s = "Editor: huaxia";
        assert_eq!(show(s, footer(s)), [("huaxia".to_owned(), CreditRole::Editor)]);
    }

    #[test]
    fn bylines() {
        let s = "By Feizal Samath, Reuters";
        assert_eq!(show(s, byline(s)), [("Feizal Samath".to_owned(), CreditRole::Author)]);
        let s = "By DANICA KIRKA and JILL LAWLESS";
        assert_eq!(show(s, byline(s)).len(), 2);
        let s = "By DANICA KIRKA and JILL LAWLESS Associated Press";
        assert_eq!(show(s, byline(s))[1], ("JILL LAWLESS".to_owned(), CreditRole::Author));
        let s = "by Laura Winter";
        assert_eq!(show(s, byline(s)), [("Laura Winter".to_owned(), CreditRole::Author)]);
        assert!(byline("Bystanders fled").is_empty());
    }

    #[test]
    fn ap_contributors() {
        let s = "Associated Press writer Jill Lawless in London contributed to this report.";
        assert_eq!(
            show(s, footer(s)),
            [("Jill Lawless".to_owned(), CreditRole::Contributor)]
        );
        assert!(is_footer(s));
    }

    #[test]
    fn photo_credits() {
        let s = "Traders work on the floor in New York, U.S., November 18, 2019. REUTERS/Brendan McDermid";
        assert_eq!(
            show(s, photo(s).unwrap().1),
            [("Brendan McDermid".to_owned(), CreditRole::Photographer)]
        );
        let s = "A lander concept [SpaceX via Nasa]";
        assert!(photo(s).unwrap().1.is_empty());
        let s = "Biden speaks. (AP Photo/Evan Vucci)";
        assert_eq!(
            show(s, photo(s).unwrap().1),
            [("Evan Vucci".to_owned(), CreditRole::Photographer)]
        );
        assert!(photo("He said it was fine (and it was).").is_none());
    }
}
