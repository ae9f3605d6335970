//! Site furniture: lines that are no part of a story (navigation, share
//! links, promotions, copyright, update stamps), and the markers after
//! which only furniture follows.

use super::credits;

/// Lines of site furniture, compared whole and without regard to case.
const FURNITURE: &[&str] = &[
    "advertisement",
    "media playback is not supported on this device",
    "media playback is unsupported on your device",
    "advert",
    "caption",
    "enlarge this image",
    "toggle caption",
    "hide caption",
    "ad",
    "sponsored",
    "promoted",
    "tl;dr",
    "skip to main content",
    "skip to content",
    "menu",
    "toggle navigation",
    "share",
    "share this",
    "share this article",
    "share this story",
    "tweet",
    "facebook",
    "twitter",
    "email",
    "print",
    "whatsapp",
    "linkedin",
    "reddit",
    "copy link",
    "comments",
    "slideshow",
    "live",
    "more",
    "home",
    "close",
    "search",
    "subscribe",
    "sign in",
    "log in",
    "login",
    "newsletter",
    "related",
    "related coverage",
    "related stories",
    "related articles",
    "read more",
    "see also",
    "more:",
    "related:",
    "read more:",
    "see also:",
    "also read:",
    "recommended",
    "trending",
    "most popular",
    "most read",
    "top stories",
    "click here",
    "photo",
    "video",
    "listen",
    "watch",
];

/// Lines after which only furniture, credits and captions follow.
const END_MARKERS: &[&str] = &[
    "topics",
    "about the author",
    "our standards:",
    "related coverage",
    "related stories",
    "more from",
    "trending",
    "most popular",
    "most read",
    "recommended",
    "follow us",
    "share this article",
    "sign up",
    "newsletter",
    "comments",
    "tags",
    "see also",
    "read more",
];

/// Openings of lines that promote other stories ("Related: ...",
/// "SEE MORE: ...", "More articles from ...").
const PROMO_PREFIXES: &[&str] = &[
    "related:",
    "related post:",
    "related posts:",
    "related article:",
    "related story:",
    "tags:",
    "tagged:",
    "category:",
    "categories:",
    "filed under",
    "posted in",
    "posted by",
    "see more:",
    "read more:",
    "also read:",
    "more:",
    "watch:",
    "read also:",
    "recommended:",
    "more articles from",
    "read more on ",
    "read more about ",
    "more from",
    "more stories",
    "don't miss",
    "don’t miss",
    "click here",
    "follow us",
    "image credit",
    "(image credit",
    "photo credit",
    "(photo credit",
    "(credit:",
    "credit:",
];

/// Lines that open a run of related links ("More:" then headlines).
pub(super) const LINK_RUNS: &[&str] = &[
    "you may also like",
    "you may also like...",
    "you might also like",
    "you might also like...",
    "more stories",
    "related articles",
    "more on this",
    "more on this story",
    "recommended for you",
    "read next",
    "most viewed",
    "editor's picks",
    "don't miss",
    "don’t miss",
    "popular",
    "latest news",
    "latest stories",
    "more:",
    "related:",
    "read more:",
    "see also:",
    "also read:",
    "related coverage",
    "related stories",
    "read more",
];

/// `s` on one line in lower case, as the lists compare lines.
pub(super) fn fold(s: &str) -> String {
    crate::tokens::one_line_lower(s)
}

/// Whether a paragraph `s` is site furniture by its shape alone, given its
/// [`fold`] `f`.
pub(super) fn is_furniture_folded(s: &str, f: &str) -> bool {
    if FURNITURE.contains(&f) {
        return true;
    }
    // Control codes and separators: "&#2;", "___", "* * *".
    if !s.chars().any(char::is_alphanumeric) || (f.starts_with("&#") && f.len() <= 8) {
        return true;
    }
    // The number of words, up to 40 (no test below asks about more),
    // counted only when the rest of a test has held: most paragraphs are
    // no furniture and fail every test on its text.
    let words = || f.split_whitespace().take(40).count();
    // "5 Min Read", "View all (4)", "Updated 14 hours ago"
    if (f.ends_with("min read")
        || f.ends_with("minute read")
        || f.starts_with("view all")
        || f.starts_with("view comments"))
        && words() <= 4
    {
        return true;
    }
    // Copyright lines.
    if f.starts_with('©')
        || f.starts_with("(c) ")
        || f.contains("all rights reserved")
        || f.starts_with("copyright")
        || (f.len() < 300
            && (copyright_sign(f)
                || f.contains("subject to copyright")
                || f.contains("copyright 19")
                || f.contains("copyright 20")))
    {
        return true;
    }
    // Gallery counters and bare source tags: "6", "[The Verge]".
    if s.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '/')
        || (s.starts_with('[') && s.ends_with(']') && words() <= 4)
    {
        return true;
    }
    // Promotions of other stories and picture credits standing alone.
    if f.len() < 300 && PROMO_PREFIXES.iter().any(|p| f.starts_with(p)) {
        return true;
    }
    // "More Great WIRED Stories", "Most read articles": headings of lists.
    if ["stories", "articles", "reads", "videos"]
        .iter()
        .any(|w| f.ends_with(w))
        && words() <= 5
    {
        return true;
    }
    // Metadata lines: "05/10/2018 - Publicado por: X - Categoria: Y - Tags: z".
    if f.len() < 300 && (f.contains(" tags:") || f.contains("publicado por") || f.contains(" category:")) {
        return true;
    }
    // Gallery counters: "Image 1 of 5", "Photo 3/12".
    if matches!(
        f.split_whitespace().next(),
        Some("image" | "photo" | "picture" | "slide")
    ) && words() <= 6
        && f.split_whitespace()
            .skip(1)
            .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    {
        return true;
    }
    // Calls to follow the author or the site ("Follow Dave Lee on Twitter
    // @DaveLeeBBC"), forum and feedback pitches.
    let follow = f.starts_with("follow ")
        && f.len() < 200
        && [" on twitter", " on facebook", " on instagram", " on youtube", "@"]
            .iter()
            .any(|w| f.contains(w));
    if follow
        || f.contains("optimised for modern web")
        || f.contains("optimized for modern web")
        || f.starts_with("(graphic:")
    {
        return true;
    }
    if f.len() < 400
        && (f.contains("follow us on")
            || f.contains("follow him on")
            || f.contains("follow her on")
            || f.contains("follow them on")
            || f.starts_with("join our")
            || f.starts_with("want more")
            || f.starts_with("tell us what")
            || f.contains("click here"))
    {
        return true;
    }
    // An author's one-line biography: "Jane Doe is a freelance writer ...".
    // `contains` searches faster than `find`, and most paragraphs hold neither.
    if s.contains(" is a")
        && let Some(i) = s.find(" is a ").or_else(|| s.find(" is an "))
        && words() < 40
        && s.get(..i).is_some_and(credits::is_person)
        && [
            "writer",
            "reporter",
            "journalist",
            "correspondent",
            "editor",
            "contributor",
            "columnist",
            "producer",
        ]
        .iter()
        .any(|w| f.contains(w))
    {
        return true;
    }
    // Update stamps, newsletter and tip-line pitches.
    if f.len() < 80 && (f.starts_with("updated ") || f.starts_with("posted ") || f.starts_with("last updated")) {
        return true;
    }
    if f.len() < 200
        && (f.contains("newsletter")
            || (f.len() < 150 && f.contains("your inbox"))
            || f.contains("news alerts")
            || (f.ends_with(" emails") && words() <= 4)
            || f.starts_with("sign up")
            || f.starts_with("subscribe")
            || f.starts_with("have a tip"))
    {
        return true;
    }
    // AP slugs: "BC-EU--Britain-Brexit-Election, 1st Ld-Writethru".
    if s.starts_with("BC-") || f.contains("ld-writethru") || f.contains("writethru") {
        return true;
    }
    // Agency story codes alone: "[L8N1OX3B2]", "[nL4N1...]".
    if s.starts_with('[') && s.ends_with(']') && s.len() < 40 && !s.contains(' ') {
        return true;
    }
    false
}

/// A copyright sign before a year or a name ("© 2019", "©2019"), not one
/// inside mis-decoded text ("protegÃ©s").
fn copyright_sign(f: &str) -> bool {
    f.match_indices('©').any(|(i, c)| {
        let next = f[i + c.len()..].chars().next();
        let prev = f[..i].chars().next_back();
        next.is_none_or(|n| n == ' ' || n.is_ascii_digit()) && prev.is_none_or(|p| !p.is_alphabetic() && p != 'Ã')
    })
}

/// Whether a paragraph, given its [`fold`] `f`, marks the end of the story
/// ("Topics", "Related coverage", "___").
pub(super) fn is_end_marker(f: &str) -> bool {
    let f = f.trim_end_matches(':');
    END_MARKERS.iter().any(|m| m.trim_end_matches(':') == f)
        || f.starts_with("our standards:")
        || f.starts_with("our standards")
        || (f.chars().all(|c| c == '_' || c == '-' || c == '=' || c == '*') && f.len() >= 3)
}

/// Whether a line stands alone whatever its neighbours: a picture's caption
/// line in a scraped page ("Image copyright EPA Image caption ...") or a
/// line of site furniture ("Media playback is not supported on this
/// device"), or an AP slug ("BC-EU--Britain-Brexit, 1st Ld-Writethru"),
/// which the paragraph splitter never joins to the line beside it.
pub(super) fn stands_alone(line: &str) -> bool {
    let f = fold(line);
    ["image copyright", "image caption", "media caption"]
        .iter()
        .any(|p| f.starts_with(p))
        || FURNITURE.contains(&f.as_str())
        || (line.starts_with("BC-") && f.contains("writethru"))
}
