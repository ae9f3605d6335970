//! The wire-copy analysis: labels every paragraph of a text and reads the
//! headline, source, publication time, dateline and credits out of it.
//!
//! It works the same on scraped wire copy and on the text extracted from a
//! web page. The order of a story is what it relies on: furniture and a
//! publication line, the headline, a standfirst, bylines and photo
//! credits, the body opening with its dateline, then credit footers,
//! sign-offs and site furniture again.

use jiff::civil::Date;

use super::{agencies, blocks, credits, dateline, dates};
use crate::tokens::one_line;
use crate::{Credit, CreditRole, Dateline, Paragraph, ParagraphKind, Published, Span};

/// What the analysis found in a text.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub paragraphs: Vec<Paragraph>,
    pub title: Option<Span>,
    pub source: Option<&'static str>,
    pub published: Option<Published>,
    pub dateline: Option<Dateline>,
    pub credits: Vec<Credit>,
}

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
const LINK_RUNS: &[&str] = &[
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

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether a paragraph is site furniture by its shape alone.
fn is_furniture(s: &str) -> bool {
    let f = fold(s);
    if FURNITURE.contains(&f.as_str()) {
        return true;
    }
    // Control codes and separators: "&#2;", "___", "* * *".
    if !s.chars().any(char::is_alphanumeric) || (f.starts_with("&#") && f.len() <= 8) {
        return true;
    }
    // "5 Min Read", "View all (4)", "Updated 14 hours ago"
    let words: Vec<&str> = f.split_whitespace().collect();
    if words.len() <= 4
        && (f.ends_with("min read")
            || f.ends_with("minute read")
            || f.starts_with("view all")
            || f.starts_with("view comments"))
    {
        return true;
    }
    // Copyright lines.
    if f.starts_with('©')
        || f.starts_with("(c) ")
        || f.contains("all rights reserved")
        || f.starts_with("copyright")
        || (f.len() < 300
            && (copyright_sign(&f)
                || f.contains("subject to copyright")
                || f.contains("copyright 19")
                || f.contains("copyright 20")))
    {
        return true;
    }
    // Gallery counters and bare source tags: "6", "[The Verge]".
    if s.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '/')
        || (s.starts_with('[') && s.ends_with(']') && words.len() <= 4)
    {
        return true;
    }
    // Promotions of other stories and picture credits standing alone.
    if f.len() < 300 && PROMO_PREFIXES.iter().any(|p| f.starts_with(p)) {
        return true;
    }
    // "More Great WIRED Stories", "Most read articles": headings of lists.
    if words.len() <= 5
        && ["stories", "articles", "reads", "videos"]
            .iter()
            .any(|w| f.ends_with(w))
    {
        return true;
    }
    // Metadata lines: "05/10/2018 - Publicado por: X - Categoria: Y - Tags: z".
    if f.len() < 300 && (f.contains(" tags:") || f.contains("publicado por") || f.contains(" category:")) {
        return true;
    }
    // Gallery counters: "Image 1 of 5", "Photo 3/12".
    if words.len() <= 6
        && matches!(words.first().copied(), Some("image" | "photo" | "picture" | "slide"))
        && words
            .iter()
            .skip(1)
            .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
    {
        return true;
    }
    // Calls to follow the author or the site, forum and feedback pitches.
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
    if words.len() < 40
        && let Some(i) = s.find(" is a ").or_else(|| s.find(" is an "))
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
            || (words.len() <= 4 && f.ends_with(" emails"))
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

fn is_end_marker(s: &str) -> bool {
    let f = fold(s);
    let f = f.trim_end_matches(':');
    END_MARKERS.iter().any(|m| m.trim_end_matches(':') == f)
        || f.starts_with("our standards:")
        || f.starts_with("our standards")
        || (f.chars().all(|c| c == '_' || c == '-' || c == '=' || c == '*') && f.len() >= 3)
}

/// Whether `s` names an agency and nothing else ("Associated Press").
fn agency_only(s: &str) -> Option<&'static agencies::Agency> {
    if s.len() > 40 {
        return None;
    }
    agencies::lookup(s)
}

/// The author of a byline that names a role: "Greg Beacham, AP Sports
/// Writer", "Steve Peoples, AP National Political Writer".
fn described_author(s: &str) -> Option<&str> {
    let (name, role) = s.split_once(", ")?;
    let role = role.to_lowercase();
    let roles = ["writer", "correspondent", "reporter", "editor", "columnist", "staff"];
    (s.len() < 80 && credits::is_person(name) && roles.iter().any(|r| role.ends_with(r))).then_some(name)
}

/// A name standing alone under a headline ("Rodrigo Campos"): a byline.
/// Upper-case lines are table heads and kickers, not names.
fn bare_name(s: &str) -> bool {
    word_count(s) <= 4 && credits::is_person(s) && s.chars().any(char::is_lowercase)
}

/// A dateline standing alone with its date ("LONDON 1996-08-30"): the place
/// in capitals, then the date.
fn place_and_date(s: &str) -> Option<(usize, dates::Found)> {
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
fn byline_like(s: &str) -> bool {
    publication(s).is_some() || is_byline(s) || described_author(s).is_some()
}

/// "By X", "by X and Y, Reuters": a byline naming people or short enough
/// to be one (not "By any measure, ...").
fn is_byline(s: &str) -> bool {
    (s.starts_with("By ") || s.starts_with("by ") || s.starts_with("BY "))
        && (!credits::byline(s).is_empty() || word_count(s) <= 6)
        && !blocks::ends_sentence(s)
}

/// A publication line: a date (and time) with at most a few other words
/// ("Xinhua) 09:38, January 28, 2025", "Politics  December 28, 2017").
fn publication(s: &str) -> Option<(dates::Found, Option<&'static str>)> {
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
fn credit_only_caption(s: &str) -> Option<Vec<credits::Found>> {
    let words = s.split_whitespace().count();
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
fn credit_tail(s: &str) -> bool {
    let tail_start = crate::tokens::ceil_char_boundary(s, s.len().saturating_sub(80));
    let tail = &s[tail_start..];
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
fn caption(s: &str) -> Option<Vec<credits::Found>> {
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
        || (credit_tail(s) && dateline::parse(s).is_none())
    {
        return Some(Vec::new());
    }
    credit_only_caption(s)
}

/// A site suffix on a page title: "Headline | News | Al Jazeera",
/// "Headline - Reuters". Returns the headline part and the suffix.
fn split_site_suffix(s: &str) -> Option<(&str, &str)> {
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
fn word_count(s: &str) -> usize {
    let spaced = s.split_whitespace().count();
    let ideographs = s
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF))
        .count();
    spaced.max(ideographs / 2)
}

/// Whether a paragraph could be a headline.
fn headline_shaped(s: &str) -> bool {
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
fn prose(s: &str) -> bool {
    let words = word_count(s);
    (words >= 12 && blocks::ends_sentence(s)) || words >= 25
}

/// Analyses `text`, whose paragraphs are `spans`.
///
/// `known_published` is the publication time the caller already knows (from
/// a page's metadata): it resolves datelines when the text states none.
/// `page` says the text was extracted from a web page.
pub(crate) fn analyze(text: &str, spans: &[Span], known_published: Option<Published>, page: bool) -> Found {
    let n = spans.len();
    let strs: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
    let mut kinds: Vec<Option<ParagraphKind>> = vec![None; n];
    let mut found = Found::default();
    let mut credit_list: Vec<(Span, CreditRole)> = Vec::new();
    let mut source: Option<&'static str> = None;
    let mut source_rank = u8::MAX;
    let mut set_source = |name: &'static str, rank: u8, source: &mut Option<&'static str>| {
        if rank < source_rank && !matches!(name, "Getty Images" | "EPA") {
            *source = Some(name);
            source_rank = rank;
        }
    };
    let mut published: Option<(dates::Found, bool)> = None;

    // The headline: the first paragraph that is not furniture or a stamp;
    // a page title with a site suffix gives way to the same headline below.
    let first =
        (0..n).find(|&i| !is_furniture(strs[i]) && publication(strs[i]).is_none() && caption(strs[i]).is_none());
    let mut headline = None;
    if let Some(h0) = first {
        if let Some((head, suffix)) = split_site_suffix(strs[h0]) {
            let folded = fold(head);
            if let Some(j) = (h0 + 1..n.min(h0 + 400)).find(|&j| fold(strs[j]) == folded) {
                headline = Some(j);
                for part in suffix.split(['|', '-', '–']) {
                    if let Some(a) = agencies::lookup(part.trim()) {
                        set_source(a.name, 7, &mut source);
                    }
                }
                kinds[h0] = Some(ParagraphKind::Boilerplate);
            }
        }
        if headline.is_none() && n > 1 && headline_shaped(strs[h0]) && dateline::parse(strs[h0]).is_none() {
            headline = Some(h0);
        }
    }
    if let Some(h) = headline {
        kinds[h] = Some(ParagraphKind::Headline);
        let s = strs[h];
        let mut title = spans[h];
        // "date 2025-01-28 Chinese FM calls on ...": a date before the title.
        if let Some(d) = dates::find(s)
            && s[..d.begin].split_whitespace().count() <= 1
            && s[d.end..].split_whitespace().count() >= 3
        {
            let rest = &s[d.end..];
            let skip = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '|' | '-'))
                    .len();
            title = Span::new(spans[h].begin + d.end + skip, spans[h].end);
            published = Some((d, false));
        }
        found.title = Some(title);
    }

    // The body opens at the first dateline after the headline.
    let from = headline.map_or(0, |h| h + 1);
    let mut body_start = (from..n.min(from + 60)).find(|&i| {
        kinds[i].is_none() && dateline::parse(strs[i]).is_some() && caption(strs[i]).is_none() && !is_furniture(strs[i])
    });
    // A dateline below several paragraphs of running text does not open
    // the story; the running text does.
    let prose_above = |b: usize| {
        (from..b)
            .filter(|&i| kinds[i].is_none() && prose(strs[i]) && caption(strs[i]).is_none())
            .count()
    };
    let lines_above = |b: usize| {
        (from..b)
            .filter(|&i| {
                let s = strs[i];
                kinds[i].is_none()
                    && !is_furniture(s)
                    && !byline_like(s)
                    && caption(s).is_none()
                    && agency_only(s).is_none()
                    && !bare_name(s)
            })
            .count()
    };
    if let Some(b) = body_start
        && (prose_above(b) > 2 || lines_above(b) > 4)
    {
        body_start = None;
    }
    let has_dateline = body_start.is_some();
    let mut standfirst = has_dateline;
    if body_start.is_none() {
        let opens_body = |i: usize| {
            let s = strs[i];
            kinds[i].is_none()
                && !is_furniture(s)
                && !byline_like(s)
                && caption(s).is_none()
                && agency_only(s).is_none()
                && !bare_name(s)
        };
        // Without a headline the first paragraph that is not furniture or a
        // byline opens the body.
        body_start = (from..n).find(|&i| opens_body(i));
        // A standfirst stands between the headline and the byline; the body
        // opens after the byline.
        if let Some(b) = body_start
            && headline.is_some()
            && let Some(last_byline) = (b + 1..n.min(b + 6)).rev().find(|&i| byline_like(strs[i]))
        {
            body_start = (last_byline + 1..n).find(|&i| opens_body(i));
            standfirst = true;
        }
    }
    let body_start = body_start.unwrap_or(n);

    // Before the body: furniture, stamps, bylines, captions, standfirsts.
    for i in 0..body_start {
        if kinds[i].is_some() {
            continue;
        }
        let s = strs[i];
        let before_headline = headline.is_some_and(|h| i < h);
        let kind = if let Some((place_len, d)) = place_and_date(s).filter(|_| !before_headline) {
            found.dateline.get_or_insert_with(|| Dateline {
                span: spans[i],
                location: one_line(&s[..place_len]),
                date: Some(d.published.date()),
            });
            if published.is_none() {
                published = Some((d, false));
            }
            ParagraphKind::Dateline
        } else if let Some((d, agency)) = publication(s) {
            if published.as_ref().is_none_or(|(_, strong)| !strong) {
                published = Some((d, true));
            }
            if let Some(a) = agency {
                set_source(a, 1, &mut source);
            }
            // "Source: Xinhua| 2025-01-28 09:38:22|Editor: huaxia"
            for part in s.split('|') {
                let base = spans[i].begin + (part.as_ptr() as usize - s.as_ptr() as usize);
                credit_list.extend(credits::spans(credits::footer(part), base));
            }
            ParagraphKind::Byline
        } else if let Some(photos) = caption(s) {
            credit_list.extend(credits::spans(photos, spans[i].begin));
            ParagraphKind::Caption
        } else if before_headline || is_furniture(s) {
            ParagraphKind::Boilerplate
        } else if is_byline(s) {
            let names = credits::byline(s);
            if let Some(a) = s.rsplit(',').next().and_then(agency_only) {
                set_source(a.name, 2, &mut source);
            }
            credit_list.extend(credits::spans(names, spans[i].begin));
            ParagraphKind::Byline
        } else if let Some(a) = agency_only(s) {
            set_source(a.name, 2, &mut source);
            ParagraphKind::Byline
        } else if let Some(name) = described_author(s) {
            let b = spans[i].begin + (name.as_ptr() as usize - s.as_ptr() as usize);
            credit_list.push((Span::new(b, b + name.len()), CreditRole::Author));
            ParagraphKind::Byline
        } else if bare_name(s) {
            credit_list.push((spans[i], CreditRole::Author));
            ParagraphKind::Byline
        } else if standfirst && prose(s) {
            // A standfirst under the headline.
            ParagraphKind::Headline
        } else {
            ParagraphKind::Boilerplate
        };
        kinds[i] = Some(kind);
    }

    // The body and what follows it.
    // Furniture markers ("___", "Topics") end the story only when no
    // running text follows them; AP also uses "___" between sections.
    let mut long_prose_after = vec![false; n + 1];
    for i in (0..n).rev() {
        long_prose_after[i] = long_prose_after[i + 1] || (word_count(strs[i]) >= 30 && blocks::ends_sentence(strs[i]));
    }
    let mut tail = false;
    let mut links = false;
    let mut captions: Vec<String> = Vec::new();
    for i in body_start..n {
        if kinds[i].is_some() {
            continue;
        }
        let s = strs[i];
        let f = fold(s);
        let kind = if credits::is_footer(s) {
            credit_list.extend(credits::spans(credits::footer(s), spans[i].begin));
            ParagraphKind::Footer
        } else if matches!(f.as_str(), "reuter" | "reuters") {
            set_source("Reuters", 4, &mut source);
            ParagraphKind::Footer
        } else if matches!(f.as_str(), "enditem" | "(end)" | "end" | "-end-" | "- end -" | "[end]") {
            ParagraphKind::Footer
        } else if f.starts_with("source:") {
            // "SOURCE: Al Jazeera and news agencies"
            let named = s.get("source:".len()..).unwrap_or("").trim();
            let agency = agencies::lookup(named).or_else(|| {
                named
                    .split([',', '/', '&'])
                    .flat_map(|p| p.split(" and "))
                    .find_map(|p| agencies::lookup(p.trim()))
            });
            if let Some(a) = agency {
                set_source(a.name, 5, &mut source);
            }
            ParagraphKind::Footer
        } else if let Some(photos) = caption(s) {
            credit_list.extend(credits::spans(photos, spans[i].begin));
            captions.push(f.clone());
            ParagraphKind::Caption
        } else if let Some((place_len, d)) = place_and_date(s) {
            if found.dateline.is_none() {
                found.dateline = Some(Dateline {
                    span: spans[i],
                    location: one_line(&s[..place_len]),
                    date: Some(d.published.date()),
                });
            }
            if published.is_none() {
                published = Some((d, false));
            }
            ParagraphKind::Dateline
        } else if i > body_start && !long_prose_after[i + 1] && s.len() < 80 && publication(s).is_some() {
            if published.is_none()
                && let Some((d, _)) = publication(s)
            {
                published = Some((d, false));
            }
            if tail {
                ParagraphKind::Boilerplate
            } else {
                ParagraphKind::Footer
            }
        } else if tail {
            if (f.starts_with('©') || f.starts_with("copyright"))
                && let Some(a) = s
                    .split(|c: char| c.is_ascii_digit() || c == '©' || c == '.')
                    .find_map(|p| agencies::lookup(p.trim()))
            {
                set_source(a.name, 8, &mut source);
            }
            ParagraphKind::Boilerplate
        } else if is_end_marker(s) {
            tail = !long_prose_after[i + 1];
            ParagraphKind::Boilerplate
        } else if i > body_start
            && !long_prose_after[i + 1]
            && credits::is_person(s)
            && word_count(s) <= 4
            && strs.get(i + 1).is_none_or(|next| {
                let first = next.split_whitespace().next().unwrap_or("");
                s.split_whitespace().any(|name| name == first)
            })
        {
            // An author box: the name, then a line of biography.
            tail = true;
            ParagraphKind::Boilerplate
        } else if LINK_RUNS.contains(&f.as_str()) {
            links = true;
            ParagraphKind::Boilerplate
        } else if (links && s.len() < 140 && !blocks::ends_sentence(s)) || is_furniture(s) {
            ParagraphKind::Boilerplate
        } else if dateline::parse(s).is_some_and(|d| d.len == s.len()) {
            ParagraphKind::Dateline
        } else {
            links = false;
            ParagraphKind::Body
        };
        kinds[i] = Some(kind);
    }
    // Credits closing a body paragraph: "... he said. (Reporting by X;
    // Editing by Y)".
    for i in body_start..n {
        let s = strs[i];
        if kinds[i] == Some(ParagraphKind::Body)
            && s.ends_with(')')
            && let Some(open) = s.rfind('(')
            && credits::is_footer(&s[open..])
        {
            credit_list.extend(credits::spans(credits::footer(&s[open..]), spans[i].begin + open));
        }
    }

    // Teasers for other stories: an upper-case kicker over a headline
    // ("TIME TRAVELLER" / "Conspiracy theorists say ..."). A subhead in
    // upper case stands over running text instead.
    for i in body_start..n {
        let kicker = page && kinds[i] == Some(ParagraphKind::Body) && {
            let s = strs[i];
            let letters = s.chars().filter(|c| c.is_alphabetic()).count();
            word_count(s) <= 6 && letters >= 3 && s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        };
        if !kicker {
            continue;
        }
        let Some(next) = strs.get(i + 1) else { continue };
        let teaser = kinds[i + 1] == Some(ParagraphKind::Boilerplate)
            || (kinds[i + 1] == Some(ParagraphKind::Body) && word_count(next) < 25 && !blocks::ends_sentence(next));
        if teaser {
            kinds[i] = Some(ParagraphKind::Boilerplate);
            kinds[i + 1] = Some(ParagraphKind::Boilerplate);
        }
    }

    // A paragraph of body text standing twice is a picture's caption (a
    // gallery repeats them); a story does not repeat itself.
    let mut seen_body: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for i in body_start..n {
        if page && kinds[i] == Some(ParagraphKind::Body) && word_count(strs[i]) >= 4 {
            if let Some(&first) = seen_body.get(strs[i]) {
                kinds[first] = Some(ParagraphKind::Caption);
                kinds[i] = Some(ParagraphKind::Caption);
            } else {
                seen_body.insert(strs[i], i);
            }
        }
    }

    // A caption repeated anywhere is a caption every time.
    let caption_texts: std::collections::HashSet<String> = (0..n)
        .filter(|&i| kinds[i] == Some(ParagraphKind::Caption))
        .map(|i| fold(strs[i]))
        .chain(captions)
        .collect();
    if !caption_texts.is_empty() {
        for i in 0..n {
            if kinds[i] != Some(ParagraphKind::Headline) && caption_texts.contains(&fold(strs[i])) {
                kinds[i] = Some(ParagraphKind::Caption);
            }
        }
    }

    found.paragraphs = spans
        .iter()
        .zip(&kinds)
        .map(|(&span, kind)| Paragraph {
            span,
            kind: kind.unwrap_or(ParagraphKind::Body),
        })
        .collect();

    // The dateline, resolved against the publication date.
    let pub_date = published
        .as_ref()
        .map(|(d, _)| d.published)
        .or(known_published)
        .map(|p| p.date());
    if body_start < n
        && let Some(d) = dateline::parse(strs[body_start])
    {
        if let Some(a) = d.agency {
            set_source(a, 0, &mut source);
        }
        let base = spans[body_start].begin;
        let date = resolve(&d, pub_date);
        found.dateline = Some(Dateline {
            span: Span::new(base, base + d.len).trim(text),
            location: d
                .location
                .map(|(a, b)| one_line(&strs[body_start][a..b]))
                .unwrap_or_default(),
            date,
        });
    }
    found.source = source;
    found.published = published.map(|(d, _)| {
        let mut p = d.published;
        if let Published::DateTime {
            offset_seconds: offset @ None,
            ..
        } = &mut p
        {
            *offset = source.and_then(agencies::lookup).and_then(|a| a.offset_seconds);
        }
        p
    });
    let mut seen = std::collections::HashSet::new();
    for (span, role) in credit_list {
        let name = one_line(span.slice(text));
        if seen.insert((name.to_lowercase(), role)) {
            found.credits.push(Credit { name, role, span });
        }
    }
    found
}

fn resolve(d: &dateline::Found, reference: Option<Date>) -> Option<Date> {
    if let Some((m, day, year)) = d.month_day {
        if let Some(y) = year {
            return Date::new(y, m, day).ok();
        }
        return reference.and_then(|r| dates::resolve_month_day(m, day, r));
    }
    d.weekday.zip(reference).map(|(w, r)| dates::resolve_weekday(w, r))
}
