//! A name's boundaries and kind from its own words, after tagging: no name
//! opens with a preposition or an article ("of UK Athletics"); particles
//! join the parts of one name ("Mohammed bin Rashid Al Maktoum"); a
//! company's suffix makes the name before it one company ("J.P. Morgan and
//! Co."); a name's head word gives its kind ("Mayo Clinic" a facility,
//! "Getty Images" an organization); laws ("Glass-Steagall Act") are no
//! participants; a short name takes the kind of the full name it opens
//! ("Emirates" after "Emirates Airlines").

use std::collections::HashMap;
use std::ops::Range;

use super::lexicon::Lexicon;
use super::tagger::Entity;
use super::{FAC, LOC, MISC, ORG, PER, Story};
use crate::Span;
use crate::tokens::{TextSet, flag};

/// Words a name does not open with: prepositions and conjunctions in any
/// case, articles in lower case ("The Times" keeps its article).
const OPENERS: &[&str] = &[
    "of", "for", "in", "on", "at", "by", "from", "to", "with", "into", "and", "or", "&", "-", "'s", "’s",
];

/// Articles, which a name opens with only when capitalized.
const ARTICLES: &[&str] = &["the", "a", "an"];

/// Particles between the parts of one person's name.
const PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "ben", "abu", "al", "el", "al-", "van", "von", "der", "den", "de", "del", "della", "di",
    "da", "du", "dos", "das", "la", "le", "y", "ter", "ten", "zu",
];

/// Company suffixes, without their final period ("Co.", "Inc", "Bhd").
const COMPANY: &[&str] = &[
    "co",
    "inc",
    "corp",
    "ltd",
    "bhd",
    "plc",
    "llc",
    "lp",
    "ag",
    "gmbh",
    "nv",
    "sa",
    "spa",
    "pty",
    "limited",
    "incorporated",
    "corporation",
    "company",
    "cos",
];

/// Head words of organizations that the tagger may read as a person or a
/// place ("Getty Images", "Emirates Airlines").
const ORG_HEADS: &[&str] = &[
    "airlines",
    "airline",
    "airways",
    "images",
    "bank",
    "group",
    "holdings",
    "motors",
    "pictures",
    "records",
    "studios",
    "foundation",
    "institute",
    "university",
    "college",
    "party",
    "ministry",
    "agency",
    "council",
    "committee",
    "association",
    "federation",
    "network",
    "securities",
    "investments",
    "telecom",
];

/// Head words of facilities: buildings, hospitals, airports, streets.
const FACILITY_HEADS: &[&str] = &[
    "hospital",
    "clinic",
    "infirmary",
    "airport",
    "airfield",
    "stadium",
    "arena",
    "street",
    "avenue",
    "boulevard",
    "bridge",
    "tower",
    "towers",
    "prison",
    "jail",
    "penitentiary",
    "hotel",
    "mosque",
    "cathedral",
    "museum",
    "station",
    "terminal",
    "building",
    "medical center",
    "medical centre",
    "health center",
    "health centre",
    "military base",
    "air base",
    "naval base",
];

/// Seats of government and markets named after their place that stand for
/// the body: organizations, not facilities or people.
const METONYMS: &[&str] = &[
    "white house",
    "downing street",
    "kremlin",
    "the kremlin",
    "pentagon",
    "elysee",
    "élysée",
    "elysee palace",
    "élysée palace",
    "blue house",
    "zhongnanhai",
    "quai d'orsay",
    "whitehall",
];

/// News agencies and outlets that one word names, which the tagger reads
/// as people for want of a head word ("told Bloomberg"); a person of the
/// same name named in full ("Michael Bloomberg") still makes it a person.
const MEDIA: &[&str] = &[
    "bloomberg",
    "reuters",
    "xinhua",
    "afp",
    "agence france-presse",
    "associated press",
    "cnn",
    "bbc",
    "cnbc",
    "al jazeera",
    "tass",
    "interfax",
    "kyodo",
    "yonhap",
    "bernama",
    "nhk",
    "dpa",
    "ansa",
];

/// Time zones, which the tagger reads as organizations ("1500 UTC"): no
/// participants.
const TIME_ZONES: &[&str] = &[
    "utc", "gmt", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "cet", "cest", "eet", "eest", "jst",
    "hkt", "sgt", "aest", "aedt",
];

/// Places a head word would make facilities but that news reads as places
/// or markets.
const PLACES: &[&str] = &[
    "wall street",
    "fleet street",
    "tiananmen square",
    "times square",
    "red square",
];

/// Words that end a law's name.
const LAW_HEADS: &[&str] = &["Act", "Acts", "Treaty", "Amendment"];

/// `w` without a final period, in lower case.
fn bare(w: &str) -> &str {
    w.strip_suffix('.').unwrap_or(w)
}

/// Whether the lower-case word `w` is a company suffix ("co.", "inc").
pub(crate) fn is_company_suffix(w: &str) -> bool {
    COMPANY.contains(&bare(w))
}

/// Trims words a name does not open or end with: "of UK Athletics" ->
/// "UK Athletics", "the Bank of" -> "Bank". Drops a name left empty.
pub(crate) fn trim(story: &Story, entities: Vec<Entity>) -> Vec<Entity> {
    let trimmed = |k: usize| {
        let w = story.lower(k);
        OPENERS.contains(&w) || (ARTICLES.contains(&w) && story.opens_lower(k))
    };
    entities
        .into_iter()
        .filter_map(|e| {
            let words = story.tokens.within(e.span);
            if words.is_empty() {
                return Some(e);
            }
            let (mut a, mut b) = (words.start, words.end);
            while a < b && trimmed(a) {
                a += 1;
            }
            // "Lord's" (the ground) keeps its "'s" at the end.
            // Nor a capitalized word: "James To".
            let trailing = |k: usize| !matches!(story.lower(k), "'s" | "’s") && !story.capitalized(k) && trimmed(k);
            while b > a && (trailing(b - 1) || ARTICLES.contains(&story.lower(b - 1))) {
                b -= 1;
            }
            (a < b).then(|| Entity {
                span: if (a, b) == (words.start, words.end) {
                    e.span
                } else {
                    story.span(a).cover(story.span(b - 1))
                },
                ty: e.ty,
            })
        })
        .collect()
}

/// Joins the parts of one name that the tagger split: two people with only
/// particles between ("Mohammed bin Rashid" + "Al Maktoum", "Rafael van
/// der" + "Vaart"); a name with a company suffix after it ("J.P. Morgan and
/// Co."), which is then a company, with a person or company just before it;
/// a title-case common word the tagger gave a kind of its own before a
/// name of another kind ("Global" + "South", [`split_name`]); a head word
/// left out after a name ("Getty" + "Images"), whose kind [`kinds`] then
/// reads.
pub(crate) fn join(story: &Story, mut entities: Vec<Entity>) -> Vec<Entity> {
    entities.sort_by_key(|e| e.span);
    // A head word the tagger left out right after a name, in title case
    // and in no name of its own: "Getty" + "Images", "Mayo" + "Clinic".
    let starts: Vec<usize> = entities.iter().map(|e| e.span.begin).collect();
    for e in &mut entities {
        let words = story.tokens.within(e.span);
        let k = words.end;
        let head = story.lower(k);
        let title_case = story.capitalized(k) && !story.word(k).chars().all(|c| c.is_uppercase());
        if e.ty != MISC
            && !words.is_empty()
            && title_case
            && story.same_sentence(words.end - 1, k)
            && (ORG_HEADS.contains(&head) || FACILITY_HEADS.contains(&head))
            && !starts.contains(&story.span(k).begin)
            && !story.capitalized(k + 1)
        {
            e.span = e.span.cover(story.span(k));
        }
    }
    // A company suffix right after a name: "Morgan" + "and Co.".
    for e in &mut entities {
        let words = story.tokens.within(e.span);
        if words.is_empty() {
            continue;
        }
        let mut k = words.end;
        if matches!(story.lower(k), "and" | "&") && is_company_suffix(story.lower(k + 1)) && story.capitalized(k + 1) {
            k += 1;
        }
        if story.same_sentence(words.end - 1, k) && is_company_suffix(story.lower(k)) && story.capitalized(k) {
            let end = if story.word(k + 1) == "." && !story.word(k).ends_with('.') {
                k + 1
            } else {
                k
            };
            e.span = e.span.cover(story.span(end));
            e.ty = ORG;
        } else if e.ty != MISC && words.len() >= 2 && is_company_suffix(story.lower(words.end - 1)) {
            e.ty = ORG;
        }
    }
    let mut out: Vec<Entity> = Vec::with_capacity(entities.len());
    for e in entities {
        if let Some(last) = out.last_mut() {
            let (a, b) = (story.tokens.within(last.span), story.tokens.within(e.span));
            if !a.is_empty() && !b.is_empty() && a.end <= b.start && story.same_sentence(a.end - 1, b.start) {
                let between = a.end..b.start;
                let particles = between.len() <= 3 && between.clone().all(|k| PARTICLES.contains(&story.lower(k)));
                let opens_with_particle = PARTICLES.contains(&story.lower(b.start));
                let people = last.ty == PER && e.ty == PER && (!between.is_empty() || opens_with_particle) && particles;
                let company = e.ty == ORG
                    && matches!(last.ty, PER | ORG)
                    && is_company_suffix(story.lower(b.end - 1))
                    && between.is_empty();
                if people || company {
                    last.span = last.span.cover(e.span);
                    last.ty = if company { ORG } else { PER };
                    continue;
                }
                if between.is_empty() && last.ty != e.ty && split_name(story, a, b.start) {
                    last.span = last.span.cover(e.span);
                    last.ty = e.ty;
                    continue;
                }
            }
        }
        out.push(e);
    }
    out
}

/// Whether a name of words `first` and the name of another kind right
/// after it, opening at `next`, are one name the tagger split ("Global" +
/// "South"): every word of the first is in title case and a word that
/// news mostly writes in lower case (the word tables' capitalization
/// class), so it modifies what follows rather than naming something of
/// its own, and the next opens in title case. The joined name takes the
/// kind of its last part, its head. Two names side by side whose first
/// is itself a name ("Clinton White House", "OSCE Chechnya") stay two.
fn split_name(story: &Story, first: Range<usize>, next: usize) -> bool {
    let toks = story.tokens.tokens();
    let title_case = |k: usize| toks.get(k).is_some_and(|t| t.has(flag::CAP) && !t.has(flag::ALL_CAPS));
    let common = |k: usize| toks.get(k).is_some_and(|t| matches!(t.caps, 1 | 2));
    title_case(next) && first.into_iter().all(|k| title_case(k) && common(k))
}

/// The first words of the [`METONYMS`] of more than one word.
fn seat_openers() -> &'static TextSet<&'static str> {
    static FIRST: std::sync::LazyLock<TextSet<&'static str>> = std::sync::LazyLock::new(|| {
        METONYMS
            .iter()
            .filter_map(|m| m.split_once(' ').map(|(first, _)| first))
            .collect()
    });
    &FIRST
}

/// Seats of government of two or more words in title case that the tagger
/// missed ("Downing Street", "White House"), as organizations; each word
/// capitalized and in no name already.
fn seats(story: &Story, entities: &[Entity]) -> Vec<Entity> {
    let mut out = Vec::new();
    for r in &story.sentences {
        let read = &story.read[r.clone()];
        for (j, &k) in read.iter().enumerate() {
            if !story.capitalized(k) {
                continue;
            }
            let first = story.lower(k);
            // Most capitalized words open no seat: a set says so at once.
            if !seat_openers().contains(first) {
                continue;
            }
            let opens = |m: &&&str| m.len() > first.len() && m.starts_with(first) && m.as_bytes()[first.len()] == b' ';
            for seat in METONYMS.iter().filter(opens) {
                let n = seat.split(' ').count();
                let Some(words) = read.get(j..j + n) else { continue };
                let fits = words.windows(2).all(|w| w[1] == w[0] + 1)
                    && words.iter().all(|&w| story.capitalized(w))
                    && seat.split(' ').zip(words).all(|(s, &w)| story.lower(w) == s);
                let span = story.span(k).cover(story.span(words[n - 1]));
                if fits && !entities.iter().any(|e| e.span.overlaps(span)) {
                    out.push(Entity { span, ty: ORG });
                }
            }
        }
    }
    out
}

/// The spans of laws named in the story: a run of capitalized words (and
/// brackets, hyphens, "of", "and") ending in "Act", "Treaty" or
/// "Amendment" that no capitalized word follows ("Glass-Steagall Act",
/// "Banking (Amendment) Act"; not "North Atlantic Treaty Organization";
/// "Treaty of Rome" is left to the tagger).
fn laws(story: &Story) -> Vec<Span> {
    let mut out = Vec::new();
    for r in &story.sentences {
        let read = &story.read[r.clone()];
        for (j, &k) in read.iter().enumerate() {
            let continued = read.get(j + 1).is_some_and(|&n| story.capitalized(n));
            if !LAW_HEADS.contains(&story.word(k)) || j == 0 || continued {
                continue;
            }
            let part = |i: usize| story.capitalized(i) || matches!(story.word(i), "(" | ")" | "-" | "of" | "and" | "&");
            let mut a = j;
            while a > 0 && part(read[a - 1]) {
                a -= 1;
            }
            while a < j && !story.capitalized(read[a]) {
                a += 1;
            }
            // At least one capitalized word before the head: not "Act" alone.
            if a < j {
                out.push(story.span(read[a]).cover(story.span(k)));
            }
        }
    }
    out
}

/// The kind a name's own words give it, if any: seats of government are
/// organizations, a facility word makes a facility, an organization word or
/// company suffix an organization.
fn head_kind(norm: &str) -> Option<usize> {
    if METONYMS.contains(&norm) || MEDIA.contains(&norm) {
        return Some(ORG);
    }
    if PLACES.contains(&norm) {
        return Some(LOC);
    }
    let words: Vec<&str> = norm.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let last = words[words.len() - 1];
    // A region named by a compass point: "Global South", "Middle East".
    if words.len() == 2 && matches!(last, "north" | "south" | "east" | "west") && !ORG_HEADS.contains(&words[0]) {
        return Some(LOC);
    }
    let last_two = words[words.len() - 2..].join(" ");
    if FACILITY_HEADS.contains(&last) || FACILITY_HEADS.contains(&last_two.as_str()) {
        return Some(FAC);
    }
    if ORG_HEADS.contains(&last) || is_company_suffix(last) {
        return Some(ORG);
    }
    None
}

/// Sets kinds from names' own words and drops laws. A person, place or
/// organization whose head word says otherwise takes the head's kind
/// ("Getty Images", "Mayo Clinic", "Downing Street"); an organization word
/// overrides a place only when the lexicon does not know the place ("West
/// Bank"). A name that opens a longer name with a head word takes that
/// name's kind, unless it is a country or a known place: a person's name
/// any such name ("Walter Reed" of "Walter Reed National Military Medical
/// Center"), other names only the head word after them ("Emirates" of
/// "Emirates Airlines", not "Wuxi" of "Wuxi Xiling Power Group").
pub(crate) fn kinds(story: &Story, lexicon: &Lexicon, mut entities: Vec<Entity>) -> Vec<Entity> {
    let laws = laws(story);
    entities.extend(seats(story, &entities));
    // Each entity with whether its head word gave it an institution's kind.
    let mut typed: Vec<(Entity, bool)> = entities
        .into_iter()
        .filter(|e| !laws.iter().any(|l| l.overlaps(e.span)))
        .filter(|e| {
            let words = story.tokens.within(e.span);
            words.len() != 1 || !TIME_ZONES.contains(&story.lower(words.start))
        })
        .map(|mut e| {
            let norm = story.normalized(e.span);
            let headed = match head_kind(&norm) {
                Some(ty) if e.ty != MISC && !(ty == ORG && e.ty == LOC && lexicon.knows_place(&norm)) => {
                    e.ty = ty;
                    ty != LOC
                }
                _ => false,
            };
            (e, headed)
        })
        .collect();
    typed.sort_by_key(|(e, _)| e.span);
    // One name the tagger split before an institution's: "Walter Reed" +
    // "National Military Medical Center", "UK" + "Athletics".
    let mut joined: Vec<(Entity, bool)> = Vec::with_capacity(typed.len());
    for (e, headed) in typed {
        if let Some((last, last_headed)) = joined.last_mut() {
            let (a, b) = (story.tokens.within(last.span), story.tokens.within(e.span));
            let adjacent =
                !a.is_empty() && !b.is_empty() && a.end == b.start && story.same_sentence(a.end - 1, b.start);
            // "St. Louis-based" describes the name after it.
            let based = a.end > a.start && story.lower(a.end - 1).ends_with("-based");
            let joins = !based && ((headed && matches!(last.ty, PER | LOC | ORG)) || (e.ty == ORG && last.ty == LOC));
            if adjacent && joins && !*last_headed {
                last.span = last.span.cover(e.span);
                last.ty = e.ty;
                *last_headed = headed;
                continue;
            }
        }
        joined.push((e, headed));
    }
    let norms: Vec<String> = joined.iter().map(|(e, _)| story.normalized(e.span)).collect();
    let headed: HashMap<&str, usize> = joined
        .iter()
        .zip(&norms)
        .filter(|((_, headed), _)| *headed)
        .map(|((e, _), norm)| (norm.as_str(), e.ty))
        .collect();
    let mut out: Vec<Entity> = joined.into_iter().map(|(e, _)| e).collect();
    if headed.is_empty() {
        return out;
    }
    // Headed names by their first word, so that a long article compares few.
    let mut by_first: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for (&long, &ty) in &headed {
        by_first
            .entry(long.split(' ').next().unwrap_or(""))
            .or_default()
            .push((long, ty));
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for norm in &norms {
        *count.entry(norm.as_str()).or_default() += 1;
    }
    for (e, norm) in out.iter_mut().zip(&norms) {
        if e.ty == MISC || headed.contains_key(norm.as_str()) || lexicon.knows_place(norm) {
            continue;
        }
        // A person named in full more often than the institution named
        // after them stays a person: "Andy Warhol" beside "the Andy Warhol
        // Museum". One word alone ("Ruch" beside "Ruch Chorzow") is no
        // evidence of a person.
        let alone = if norm.contains(' ') {
            count.get(norm.as_str()).copied().unwrap_or(0)
        } else {
            0
        };
        let Some(same_first) = by_first.get(norm.split(' ').next().unwrap_or("")) else {
            continue;
        };
        let longer = same_first
            .iter()
            .filter(|(long, _)| long.len() > norm.len() && long.starts_with(norm.as_str()))
            .filter(|(long, _)| long.as_bytes().get(norm.len()) == Some(&b' '))
            .filter(|(long, _)| e.ty == PER || !long[norm.len() + 1..].contains(' '))
            .filter(|(long, _)| e.ty != PER || alone <= count.get(*long).copied().unwrap_or(0))
            .map(|&(_, ty)| ty)
            .min();
        if let Some(ty) = longer {
            e.ty = ty;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::participants::tests::{entity, parsed};

    fn names<'a>(text: &'a str, entities: &[Entity]) -> Vec<(&'a str, usize)> {
        entities.iter().map(|e| (e.span.slice(text), e.ty)).collect()
    }

    #[test]
    fn names_open_with_no_preposition_or_article() {
        let text = "The chief of UK Athletics met the Fenwick Trust and The Guardian for Harrow Council.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let entities = vec![
            entity(text, "of UK Athletics", ORG),
            entity(text, "the Fenwick Trust", ORG),
            entity(text, "The Guardian", ORG),
            entity(text, "for Harrow Council", ORG),
        ];
        assert_eq!(
            names(text, &trim(&story, entities)),
            [
                ("UK Athletics", ORG),
                ("Fenwick Trust", ORG),
                ("The Guardian", ORG),
                ("Harrow Council", ORG)
            ]
        );
        let text = "Aides rated the claim of Trump as false.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        assert_eq!(
            names(text, &trim(&story, vec![entity(text, "of Trump", PER)])),
            [("Trump", PER)]
        );
        let text = "They met James To of the Civic Party.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        assert_eq!(
            names(text, &trim(&story, vec![entity(text, "James To", PER)])),
            [("James To", PER)]
        );
        let text = "The chief of UK Athletics met the Fenwick Trust and The Guardian for Harrow Council.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let of = entity(text, "of", ORG);
        assert!(trim(&story, vec![of]).is_empty());
    }

    #[test]
    fn particles_join_one_name_and_company_suffixes_make_a_company() {
        let text = "Sheikh Mohammed bin Rashid Al Maktoum thanked Ruud van der Berg and J.P. Morgan and Co. on Friday.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let entities = vec![
            entity(text, "Mohammed", PER),
            entity(text, "Rashid", PER),
            entity(text, "Al Maktoum", PER),
            entity(text, "Ruud", PER),
            entity(text, "Berg", PER),
            entity(text, "J.P.", PER),
            entity(text, "Morgan", PER),
        ];
        assert_eq!(
            names(text, &join(&story, entities)),
            [
                ("Mohammed bin Rashid Al Maktoum", PER),
                ("Ruud van der Berg", PER),
                ("J.P. Morgan and Co.", ORG)
            ]
        );
        // Two people side by side stay two: "Berg and Morgan".
        let text = "Ruud Berg and Ann Morgan met.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let two = vec![entity(text, "Ruud Berg", PER), entity(text, "Ann Morgan", PER)];
        assert_eq!(join(&story, two).len(), 2);
    }

    #[test]
    fn a_common_word_split_off_a_name_joins_it_and_two_names_stay_two() {
        let text =
            "Leaders of the Global South met in Brasilia, where the Clinton White House had sent Middle East envoys.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let entities = vec![
            entity(text, "Global", ORG),
            entity(text, "South", LOC),
            entity(text, "Brasilia", LOC),
            entity(text, "Clinton", PER),
            entity(text, "White House", ORG),
            entity(text, "Middle", ORG),
            entity(text, "East", LOC),
        ];
        assert_eq!(
            names(text, &join(&story, entities)),
            [
                ("Global South", LOC),
                ("Brasilia", LOC),
                ("Clinton", PER),
                ("White House", ORG),
                ("Middle East", LOC)
            ]
        );
        // Side by side with a gap between: no join.
        let text = "The Global, South and North teams met.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let entities = vec![entity(text, "Global", ORG), entity(text, "South", LOC)];
        assert_eq!(names(text, &join(&story, entities)), [("Global", ORG), ("South", LOC)]);
    }

    #[test]
    fn a_region_named_by_a_compass_point_is_a_place() {
        let text = "Leaders of the Global South and the Middle East met the Bank of the West.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let entities = vec![
            entity(text, "Global South", ORG),
            entity(text, "Middle East", ORG),
            entity(text, "Bank of the West", ORG),
        ];
        assert_eq!(
            names(text, &kinds(&story, &Lexicon::load(), entities)),
            [("Global South", LOC), ("Middle East", LOC), ("Bank of the West", ORG)]
        );
    }

    #[test]
    fn a_head_word_left_out_after_a_name_joins_it() {
        let text = "Photos by Getty Images show Kellerman Clinic staff near the Grand Hotel Royal.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let entities = vec![
            entity(text, "Getty", PER),
            entity(text, "Kellerman", PER),
            entity(text, "Grand", ORG),
        ];
        // "Hotel" is followed by another capitalized word: left to the tagger.
        assert_eq!(
            names(text, &join(&story, entities)),
            [("Getty Images", PER), ("Kellerman Clinic", PER), ("Grand", ORG)]
        );
        let joined = join(&story, vec![entity(text, "Getty", PER), entity(text, "Kellerman", PER)]);
        assert_eq!(
            names(text, &kinds(&story, &Lexicon::load(), joined)),
            [("Getty Images", ORG), ("Kellerman Clinic", FAC)]
        );
    }

    #[test]
    fn head_words_give_the_kind_and_laws_are_no_participants() {
        let text = "Walter Reed doctors at Walter Reed National Military Medical Center, the Mayo Clinic, Getty \
                    Images, Emirates and Emirates Airlines, Downing Street and Wall Street spoke of the Glass-Steagall \
                    Act and the Banking (Amendment) Act near the West Bank.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let lexicon = Lexicon::load();
        let entities = vec![
            entity(text, "Walter Reed", PER),
            entity(text, "Walter Reed National Military Medical Center", ORG),
            entity(text, "Mayo Clinic", LOC),
            entity(text, "Getty Images", PER),
            entity(text, "Emirates", LOC),
            entity(text, "Emirates Airlines", ORG),
            entity(text, "Downing Street", PER),
            entity(text, "Wall Street", ORG),
            entity(text, "Glass-Steagall", ORG),
            entity(text, "Banking", ORG),
            entity(text, "Amendment", ORG),
            entity(text, "West Bank", LOC),
        ];
        let out = kinds(&story, &lexicon, entities);
        let kind = |name: &str| out.iter().find(|e| e.span.slice(text) == name).map(|e| e.ty);
        assert_eq!(kind("Walter Reed"), Some(FAC));
        assert_eq!(kind("Walter Reed National Military Medical Center"), Some(FAC));
        assert_eq!(kind("Mayo Clinic"), Some(FAC));
        assert!(
            out.iter()
                .any(|e| e.span.slice(text).starts_with("Getty") && e.ty == ORG)
        );
        assert_eq!(kind("Emirates"), Some(ORG));
        assert_eq!(kind("Emirates Airlines"), Some(ORG));
        assert_eq!(kind("Downing Street"), Some(ORG));
        assert_eq!(kind("Wall Street"), Some(LOC));
        assert_eq!(kind("West Bank"), Some(LOC));
        for law in ["Glass-Steagall", "Banking", "Amendment"] {
            assert_eq!(kind(law), None, "{law}");
        }
        // A person named more often alone than the museum named after him.
        let text = "Andy Warhol painted soup. The Andy Warhol Museum opened later; Andy Warhol was dead by then.";
        let article = parsed(text);
        let story = Story::of(&article, &[]);
        let warhol = text.rfind("Andy Warhol was").unwrap();
        let entities = vec![
            entity(text, "Andy Warhol", PER),
            entity(text, "Andy Warhol Museum", FAC),
            Entity {
                span: Span::new(warhol, warhol + "Andy Warhol".len()),
                ty: PER,
            },
        ];
        let out = kinds(&story, &lexicon, entities);
        assert_eq!(out.iter().map(|e| e.ty).collect::<Vec<_>>(), [PER, FAC, PER]);
    }
}
