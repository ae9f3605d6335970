//! The wire-copy analysis: labels every paragraph of a text and reads the
//! headline, source, publication time, dateline and credits out of it.
//!
//! It works the same on scraped wire copy and on the text extracted from a
//! web page. The order of a story is what it relies on: furniture and a
//! publication line, the headline, a standfirst, bylines and photo
//! credits, the body opening with its dateline, then credit footers,
//! sign-offs and site furniture again.
//!
//! [`analyze`] runs one [`Labeler`] through the story in that order: the
//! headline, where the body opens, what stands before it, the body and
//! what follows it, then the passes over the whole (credits closing a
//! paragraph, teasers, repeated captions). What one paragraph looks like
//! is in [`super::shapes`], site furniture in [`super::furniture`].

use jiff::civil::Date;

use std::cell::OnceCell;

use super::furniture::{LINK_RUNS, fold, is_end_marker, is_furniture_folded};
use super::shapes::{
    agency_only, bare_name, byline_like, caption, described_author, headline_shaped, is_byline, place_and_date, prose,
    publication, split_site_suffix, word_count,
};
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

/// Analyses `text`, whose paragraphs are `spans`.
///
/// `known_published` is the publication time the caller already knows (from
/// a page's metadata): it resolves datelines when the text states none.
/// `page` says the text was extracted from a web page.
pub(crate) fn analyze(text: &str, spans: &[Span], known_published: Option<Published>, page: bool) -> Found {
    let mut l = Labeler::new(text, spans, page);
    let headline = l.headline();
    let (body_start, standfirst) = l.body_start(headline);
    l.before_body(headline, body_start, standfirst);
    let captions = l.body(body_start);
    l.closing_credits(body_start);
    l.teasers(body_start);
    l.repeats(body_start, captions);
    l.finish(body_start, known_published)
}

/// One analysis under way: each paragraph's text and the kind given it so
/// far, and what the paragraphs have told of the story.
struct Labeler<'t> {
    text: &'t str,
    spans: &'t [Span],
    strs: Vec<&'t str>,
    /// Each paragraph on one line in lower case ([`fold`]).
    folded: Vec<String>,
    /// Whether each paragraph is site furniture ([`is_furniture_folded`]).
    furniture: Vec<bool>,
    /// Each paragraph's caption credits, when it is a caption ([`caption`]),
    /// found on first need.
    captions: Vec<OnceCell<Option<Vec<credits::Found>>>>,
    /// The dateline opening each paragraph ([`dateline::parse`]), found on
    /// first need.
    datelines: Vec<OnceCell<Option<dateline::Found>>>,
    kinds: Vec<Option<ParagraphKind>>,
    /// The text was extracted from a web page.
    page: bool,
    found: Found,
    credits: Vec<(Span, CreditRole)>,
    /// The source, and the rank of the evidence for it (lower is stronger).
    source: Option<&'static str>,
    source_rank: u8,
    /// The publication date found, and whether a publication line stated it.
    published: Option<(dates::Found, bool)>,
}

impl<'t> Labeler<'t> {
    fn new(text: &'t str, spans: &'t [Span], page: bool) -> Labeler<'t> {
        let strs: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
        let folded: Vec<String> = strs.iter().map(|s| fold(s)).collect();
        Labeler {
            text,
            spans,
            furniture: strs
                .iter()
                .zip(&folded)
                .map(|(s, f)| is_furniture_folded(s, f))
                .collect(),
            captions: vec![OnceCell::new(); spans.len()],
            datelines: vec![OnceCell::new(); spans.len()],
            strs,
            folded,
            kinds: vec![None; spans.len()],
            page,
            found: Found::default(),
            credits: Vec::new(),
            source: None,
            source_rank: u8::MAX,
            published: None,
        }
    }

    /// The caption credits of paragraph `i`, when it is a caption.
    fn caption(&self, i: usize) -> Option<&Vec<credits::Found>> {
        self.captions[i].get_or_init(|| caption(self.strs[i])).as_ref()
    }

    /// The dateline opening paragraph `i`.
    fn dateline(&self, i: usize) -> Option<&dateline::Found> {
        self.datelines[i].get_or_init(|| dateline::parse(self.strs[i])).as_ref()
    }

    /// Takes `name` as the source when the evidence (`rank`) is stronger
    /// than what gave the source so far.
    /// Paragraph `i` is a dateline alone on its line, its place the first
    /// `place_len` bytes and its date `d`: the article's dateline and
    /// publication date unless earlier ones were found.
    fn dateline_line(&mut self, i: usize, place_len: usize, d: dates::Found) -> ParagraphKind {
        if self.found.dateline.is_none() {
            self.found.dateline = Some(Dateline {
                span: self.spans[i],
                location: one_line(&self.strs[i][..place_len]),
                date: Some(d.published.date()),
            });
        }
        if self.published.is_none() {
            self.published = Some((d, false));
        }
        ParagraphKind::Dateline
    }

    fn set_source(&mut self, name: &'static str, rank: u8) {
        if rank < self.source_rank && !matches!(name, "Getty Images" | "EPA") {
            self.source = Some(name);
            self.source_rank = rank;
        }
    }

    /// Finds and labels the headline and the title in it; returns its
    /// paragraph.
    fn headline(&mut self) -> Option<usize> {
        let n = self.strs.len();
        // The headline: the first paragraph that is not furniture or a stamp;
        // a self.page title with a site suffix gives way to the same headline below.
        let first =
            (0..n).find(|&i| !self.furniture[i] && publication(self.strs[i]).is_none() && self.caption(i).is_none());
        let mut headline = None;
        if let Some(h0) = first {
            if let Some((head, suffix)) = split_site_suffix(self.strs[h0]) {
                let folded = fold(head);
                if let Some(j) = (h0 + 1..n.min(h0 + 400)).find(|&j| self.folded[j] == folded) {
                    headline = Some(j);
                    for part in suffix.split(['|', '-', '–']) {
                        if let Some(a) = agencies::lookup(part.trim()) {
                            self.set_source(a.name, 7);
                        }
                    }
                    self.kinds[h0] = Some(ParagraphKind::Boilerplate);
                }
            }
            if headline.is_none() && n > 1 && headline_shaped(self.strs[h0]) && self.dateline(h0).is_none() {
                headline = Some(h0);
            }
        }
        if let Some(h) = headline {
            self.kinds[h] = Some(ParagraphKind::Headline);
            let s = self.strs[h];
            let mut title = self.spans[h];
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
                title = Span::new(self.spans[h].begin + d.end + skip, self.spans[h].end);
                self.published = Some((d, false));
            }
            self.found.title = Some(title);
        }
        headline
    }

    /// Whether paragraph `i`, not labelled yet, could open the body: it is
    /// no furniture, byline, caption, agency line or name standing alone.
    fn opens_body(&self, i: usize) -> bool {
        let s = self.strs[i];
        self.kinds[i].is_none()
            && !self.furniture[i]
            && !byline_like(s)
            && self.caption(i).is_none()
            && agency_only(s).is_none()
            && !bare_name(s)
    }

    /// Where the body opens, and whether a standfirst may stand above it.
    fn body_start(&self, headline: Option<usize>) -> (usize, bool) {
        let n = self.strs.len();
        // The body opens at the first dateline after the headline.
        let from = headline.map_or(0, |h| h + 1);
        let mut body_start = (from..n.min(from + 60)).find(|&i| {
            self.kinds[i].is_none() && self.dateline(i).is_some() && self.caption(i).is_none() && !self.furniture[i]
        });
        // A dateline below several paragraphs of running text does not open
        // the story; the running text does.
        let prose_above = |b: usize| {
            (from..b)
                .filter(|&i| self.kinds[i].is_none() && prose(self.strs[i]) && self.caption(i).is_none())
                .count()
        };
        let lines_above = |b: usize| (from..b).filter(|&i| self.opens_body(i)).count();
        if let Some(b) = body_start
            && (prose_above(b) > 2 || lines_above(b) > 4)
        {
            body_start = None;
        }
        let has_dateline = body_start.is_some();
        let mut standfirst = has_dateline;
        if body_start.is_none() {
            let opens_body = |i: usize| self.opens_body(i);
            // Without a headline the first paragraph that is not furniture or a
            // byline opens the body.
            body_start = (from..n).find(|&i| opens_body(i));
            // A standfirst stands between the headline and the byline; the body
            // opens after the byline.
            if let Some(b) = body_start
                && headline.is_some()
                && let Some(last_byline) = (b + 1..n.min(b + 6)).rev().find(|&i| byline_like(self.strs[i]))
            {
                body_start = (last_byline + 1..n).find(|&i| opens_body(i));
                standfirst = true;
            }
        }
        let body_start = body_start.unwrap_or(n);
        (body_start, standfirst)
    }

    /// Labels what stands before the body: furniture, stamps, bylines,
    /// captions, standfirsts.
    fn before_body(&mut self, headline: Option<usize>, body_start: usize, standfirst: bool) {
        for i in 0..body_start {
            if self.kinds[i].is_some() {
                continue;
            }
            let s = self.strs[i];
            let before_headline = headline.is_some_and(|h| i < h);
            let kind = if let Some((place_len, d)) = place_and_date(s).filter(|_| !before_headline) {
                self.dateline_line(i, place_len, d)
            } else if let Some((d, agency)) = publication(s) {
                if self.published.as_ref().is_none_or(|(_, strong)| !strong) {
                    self.published = Some((d, true));
                }
                if let Some(a) = agency {
                    self.set_source(a, 1);
                }
                // "Source: Xinhua| 2025-01-28 09:38:22|Editor: huaxia"
                for part in s.split('|') {
                    let base = self.spans[i].begin + (part.as_ptr() as usize - s.as_ptr() as usize);
                    self.credits.extend(credits::spans(credits::footer(part), base));
                }
                ParagraphKind::Byline
            } else if let Some(photos) = self.caption(i) {
                self.credits.extend(credits::spans(photos.clone(), self.spans[i].begin));
                ParagraphKind::Caption
            } else if before_headline || self.furniture[i] {
                ParagraphKind::Boilerplate
            } else if is_byline(s) {
                let names = credits::byline(s);
                if let Some(a) = s.rsplit(',').next().and_then(agency_only) {
                    self.set_source(a.name, 2);
                }
                self.credits.extend(credits::spans(names, self.spans[i].begin));
                ParagraphKind::Byline
            } else if let Some(a) = agency_only(s) {
                self.set_source(a.name, 2);
                ParagraphKind::Byline
            } else if let Some(name) = described_author(s) {
                let b = self.spans[i].begin + (name.as_ptr() as usize - s.as_ptr() as usize);
                self.credits.push((Span::new(b, b + name.len()), CreditRole::Author));
                ParagraphKind::Byline
            } else if bare_name(s) {
                self.credits.push((self.spans[i], CreditRole::Author));
                ParagraphKind::Byline
            } else if standfirst && prose(s) {
                // A standfirst under the headline.
                ParagraphKind::Headline
            } else {
                ParagraphKind::Boilerplate
            };
            self.kinds[i] = Some(kind);
        }
    }

    /// Labels the body and what follows it; returns the captions found
    /// there (folded), which stand as captions wherever they repeat.
    fn body(&mut self, body_start: usize) -> Vec<String> {
        let n = self.strs.len();
        // The body and what follows it.
        // Furniture markers ("___", "Topics") end the story only when no
        // running text follows them; AP also uses "___" between sections.
        let mut long_prose_after = vec![false; n + 1];
        for i in (0..n).rev() {
            long_prose_after[i] =
                long_prose_after[i + 1] || (word_count(self.strs[i]) >= 30 && blocks::ends_sentence(self.strs[i]));
        }
        let mut tail = false;
        let mut links = false;
        let mut captions: Vec<String> = Vec::new();
        for i in body_start..n {
            if self.kinds[i].is_some() {
                continue;
            }
            let s = self.strs[i];
            let f = self.folded[i].clone();
            let kind = if credits::is_footer(s) {
                self.credits
                    .extend(credits::spans(credits::footer(s), self.spans[i].begin));
                ParagraphKind::Footer
            } else if matches!(f.as_str(), "reuter" | "reuters") {
                self.set_source("Reuters", 4);
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
                    self.set_source(a.name, 5);
                }
                ParagraphKind::Footer
            } else if let Some(photos) = self.caption(i) {
                self.credits.extend(credits::spans(photos.clone(), self.spans[i].begin));
                captions.push(f.clone());
                ParagraphKind::Caption
            } else if let Some((place_len, d)) = place_and_date(s) {
                self.dateline_line(i, place_len, d)
            } else if i > body_start && !long_prose_after[i + 1] && s.len() < 80 && publication(s).is_some() {
                if self.published.is_none()
                    && let Some((d, _)) = publication(s)
                {
                    self.published = Some((d, false));
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
                    self.set_source(a.name, 8);
                }
                ParagraphKind::Boilerplate
            } else if is_end_marker(&f) {
                tail = !long_prose_after[i + 1];
                ParagraphKind::Boilerplate
            } else if i > body_start
                && !long_prose_after[i + 1]
                && credits::is_person(s)
                && word_count(s) <= 4
                && self.strs.get(i + 1).is_none_or(|next| {
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
            } else if (links && s.len() < 140 && !blocks::ends_sentence(s)) || self.furniture[i] {
                ParagraphKind::Boilerplate
            } else if self.dateline(i).is_some_and(|d| d.len == s.len()) {
                ParagraphKind::Dateline
            } else {
                links = false;
                ParagraphKind::Body
            };
            self.kinds[i] = Some(kind);
        }
        captions
    }

    /// Takes the credits closing a body paragraph: "... he said.
    /// (Reporting by X; Editing by Y)".
    fn closing_credits(&mut self, body_start: usize) {
        let n = self.strs.len();
        // Credits closing a body paragraph: "... he said. (Reporting by X;
        // Editing by Y)".
        for i in body_start..n {
            let s = self.strs[i];
            if self.kinds[i] == Some(ParagraphKind::Body)
                && s.ends_with(')')
                && let Some(open) = s.rfind('(')
                && credits::is_footer(&s[open..])
            {
                self.credits
                    .extend(credits::spans(credits::footer(&s[open..]), self.spans[i].begin + open));
            }
        }
    }

    /// Teasers for other stories on a page: an upper-case kicker over a
    /// headline.
    fn teasers(&mut self, body_start: usize) {
        let n = self.strs.len();
        // Teasers for other stories: an upper-case kicker over a headline
        // ("TIME TRAVELLER" / "Conspiracy theorists say ..."). A subhead in
        // upper case stands over running text instead.
        for i in body_start..n {
            let kicker = self.page && self.kinds[i] == Some(ParagraphKind::Body) && {
                let s = self.strs[i];
                let letters = s.chars().filter(|c| c.is_alphabetic()).count();
                word_count(s) <= 6 && letters >= 3 && s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
            };
            if !kicker {
                continue;
            }
            let Some(next) = self.strs.get(i + 1) else { continue };
            let teaser = self.kinds[i + 1] == Some(ParagraphKind::Boilerplate)
                || (self.kinds[i + 1] == Some(ParagraphKind::Body)
                    && word_count(next) < 25
                    && !blocks::ends_sentence(next));
            if teaser {
                self.kinds[i] = Some(ParagraphKind::Boilerplate);
                self.kinds[i + 1] = Some(ParagraphKind::Boilerplate);
            }
        }
    }

    /// Repeats: body text standing twice on a page, and any caption
    /// standing again, are captions.
    fn repeats(&mut self, body_start: usize, captions: Vec<String>) {
        let n = self.strs.len();
        // A paragraph of body text standing twice is a picture's caption (a
        // gallery repeats them); a story does not repeat itself.
        let mut seen_body: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for i in body_start..n {
            if self.page && self.kinds[i] == Some(ParagraphKind::Body) && word_count(self.strs[i]) >= 4 {
                if let Some(&first) = seen_body.get(self.strs[i]) {
                    self.kinds[first] = Some(ParagraphKind::Caption);
                    self.kinds[i] = Some(ParagraphKind::Caption);
                } else {
                    seen_body.insert(self.strs[i], i);
                }
            }
        }

        // A caption repeated anywhere is a caption every time.
        let caption_texts: std::collections::HashSet<String> = (0..n)
            .filter(|&i| self.kinds[i] == Some(ParagraphKind::Caption))
            .map(|i| self.folded[i].clone())
            .chain(captions)
            .collect();
        if !caption_texts.is_empty() {
            for i in 0..n {
                if self.kinds[i] != Some(ParagraphKind::Headline) && caption_texts.contains(&self.folded[i]) {
                    self.kinds[i] = Some(ParagraphKind::Caption);
                }
            }
        }
    }

    /// The paragraphs with their kinds, the dateline resolved against the
    /// publication date, the source, and the credits each once.
    fn finish(mut self, body_start: usize, known_published: Option<Published>) -> Found {
        let n = self.strs.len();
        self.found.paragraphs = self
            .spans
            .iter()
            .zip(&self.kinds)
            .map(|(&span, kind)| Paragraph {
                span,
                kind: kind.unwrap_or(ParagraphKind::Body),
            })
            .collect();

        // The dateline, resolved against the publication date.
        let pub_date = self
            .published
            .as_ref()
            .map(|(d, _)| d.published)
            .or(known_published)
            .map(|p| p.date());
        if body_start < n
            && let Some(d) = self.dateline(body_start).cloned()
        {
            if let Some(a) = d.agency {
                self.set_source(a, 0);
            }
            let base = self.spans[body_start].begin;
            let date = resolve(&d, pub_date);
            self.found.dateline = Some(Dateline {
                span: Span::new(base, base + d.len).trim(self.text),
                location: d
                    .location
                    .map(|(a, b)| one_line(&self.strs[body_start][a..b]))
                    .unwrap_or_default(),
                date,
            });
        }
        self.found.source = self.source;
        self.found.published = self.published.map(|(d, _)| {
            let mut p = d.published;
            if let Published::DateTime {
                offset_seconds: offset @ None,
                ..
            } = &mut p
            {
                *offset = self.source.and_then(agencies::lookup).and_then(|a| a.offset_seconds);
            }
            p
        });
        let mut seen = std::collections::HashSet::new();
        for (span, role) in self.credits {
            let name = one_line(span.slice(self.text));
            if seen.insert((name.to_lowercase(), role)) {
                self.found.credits.push(Credit { name, role, span });
            }
        }

        self.found
    }
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
