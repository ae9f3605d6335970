//! Parse: a document into an [`Article`] with every region labelled.
//!
//! Plain text (wire copy) is labelled, never rewritten: `Article::text` is
//! the input and every field carries a span into it. HTML is reduced to its
//! article text first ([`html`]), and the same analysis then runs over that
//! text, so that datelines, captions and credits are found in pages too.
//!
//! - [`blocks`] splits paragraphs;
//! - [`wire`] labels them (headline, byline, dateline, caption, body,
//!   footer, boilerplate) and reads the headline, source, publication time,
//!   dateline and credits, with [`dateline`], [`dates`], [`credits`] and the
//!   agency table in [`agencies`];
//! - [`language`] detects the language when the caller gives none.

mod agencies;
mod blocks;
mod credits;
mod dateline;
mod dates;
mod html;
mod language;
mod wire;

use crate::text;
use crate::{
    Article, Content, Credit, CreditRole, Document, Error, ErrorKind, Limits, ParagraphKind, Result, Sentence, Span,
};

/// Parses a document. Plain text is kept as it is and labelled; HTML is
/// reduced to its article text first.
pub(crate) fn parse(doc: &Document, limits: &Limits) -> Result<Article> {
    let (field, input) = match &doc.content {
        Content::Text(t) => ("text", t),
        Content::Html(h) => ("html", h),
    };
    if input.len() > limits.max_input_bytes {
        return Err(Error::new(
            ErrorKind::TooLarge,
            Some(field.to_owned()),
            format!(
                "{} bytes is over the limit of {} bytes",
                input.len(),
                limits.max_input_bytes
            ),
        ));
    }
    if input.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::EmptyInput,
            Some(field.to_owned()),
            "must not be empty or white space only",
        ));
    }
    let mut article = match &doc.content {
        Content::Text(text) => {
            let mut article = Article {
                text: text.clone(),
                ..Article::default()
            };
            label(&mut article);
            article
        }
        Content::Html(html) => parse_html(html, doc.url.as_deref())?,
    };
    if doc.url.is_some() {
        article.url.clone_from(&doc.url);
    }
    article.language_code = doc.language_code.clone().or_else(|| {
        let body: String = article
            .body()
            .take(8)
            .map(|p| p.span.slice(&article.text))
            .collect::<Vec<_>>()
            .join("\n");
        language::detect(if body.len() >= 40 { &body } else { &article.text }).or(article.language_code.take())
    });
    article.sentences = sentences_of(&article);
    Ok(article)
}

/// Runs the wire-copy analysis over `article.text` and fills the article.
fn label(article: &mut Article) {
    let spans = blocks::paragraphs(&article.text);
    let found = wire::analyze(&article.text, &spans);
    article.paragraphs = found.paragraphs;
    article.title_span = found.title;
    article.title = found
        .title
        .map(|s| s.slice(&article.text).split_whitespace().collect::<Vec<_>>().join(" "));
    article.source = found.source.map(str::to_owned);
    article.published_at = found.published;
    article.dateline = found.dateline;
    article.credits = found.credits;
}

/// Extracts a page's article text, labels it, and fills what the text does
/// not say from the page's metadata.
fn parse_html(html: &str, url: Option<&str>) -> Result<Article> {
    let page = html::extract(html, url);
    if page.text.trim().is_empty() {
        return Err(Error::invalid("html", "no article text found in the page"));
    }
    let mut article = Article {
        text: page.text,
        ..Article::default()
    };
    label(&mut article);
    // The page's own title beats a guess from the text, unless the text's
    // headline is that title.
    if let Some(title) = page.title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")) {
        let same = article.title.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(&title));
        if !same {
            if let Some(i) = article
                .paragraphs
                .iter()
                .position(|p| p.kind == ParagraphKind::Headline)
            {
                // The text's first line was a guess; it is body or furniture.
                if article
                    .title_span
                    .is_some_and(|s| article.paragraphs[i].span.contains(s))
                {
                    article.paragraphs[i].kind = ParagraphKind::Body;
                }
            }
            article.title_span = None;
            article.title = Some(title);
        }
    }
    if let Some(p) = page.published.as_deref().and_then(dates::iso) {
        article.published_at = Some(p);
    }
    if article.source.is_none() {
        article.source = page
            .site
            .filter(|s| !s.trim().is_empty())
            .map(|s| agencies::lookup(&s).map_or_else(|| s.trim().to_owned(), |a| a.name.to_owned()));
    }
    if let Some(byline) = page.byline {
        add_byline(&mut article, &byline);
    }
    article.url = page.url.filter(|u| u.starts_with("http"));
    article.language_code = page
        .lang
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty() && l.len() <= 16);
    Ok(article)
}

/// Adds the authors of a metadata byline that the text does not credit.
/// Their spans point into the text where the name stands there, else they
/// are empty at the text's start.
fn add_byline(article: &mut Article, byline: &str) {
    let line = if byline.trim_start().to_lowercase().starts_with("by ") {
        byline.to_owned()
    } else {
        format!("By {byline}")
    };
    for (a, b, role) in credits::byline(&line) {
        let name = &line[a..b];
        if article
            .credits
            .iter()
            .any(|c| c.role == role && c.name.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let span = article
            .text
            .find(name)
            .map_or(Span::new(0, 0), |i| Span::new(i, i + name.len()));
        article.credits.push(Credit {
            name: name.to_owned(),
            role: CreditRole::Author,
            span,
        });
    }
}

/// The sentences of the body paragraphs.
pub(crate) fn sentences_of(article: &Article) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (index, p) in article.paragraphs.iter().enumerate() {
        if p.kind == ParagraphKind::Body {
            out.extend(
                text::sentences(&article.text, p.span)
                    .into_iter()
                    .map(|span| Sentence { span, paragraph: index }),
            );
        }
    }
    out
}
