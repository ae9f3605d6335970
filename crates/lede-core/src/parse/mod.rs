//! Parse: a document into an [`Article`] with every region labelled.

use crate::text;
use crate::{Article, Content, Document, Error, ErrorKind, Limits, Paragraph, ParagraphKind, Result, Sentence, Span};

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
    let Content::Text(text) = &doc.content else {
        return Err(Error::invalid("html", "HTML input is not supported yet"));
    };
    let mut article = Article {
        text: text.clone(),
        language_code: doc.language_code.clone(),
        url: doc.url.clone(),
        ..Article::default()
    };
    article.paragraphs = paragraphs(text)
        .into_iter()
        .map(|span| Paragraph {
            span,
            kind: ParagraphKind::Body,
        })
        .collect();
    let several = article.paragraphs.len() > 1;
    if let Some(first) = article.paragraphs.first_mut() {
        let line = first.span.slice(text);
        if several && !line.ends_with(['.', '!', '?']) && line.len() < 200 {
            first.kind = ParagraphKind::Headline;
            article.title = Some(line.to_owned());
            article.title_span = Some(first.span);
        }
    }
    article.sentences = sentences_of(&article);
    Ok(article)
}

/// Paragraph spans: blocks of text between blank lines, trimmed.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (false, None) => start = Some(offset),
            (true, Some(s)) => {
                out.push(Span::new(s, offset).trim(text));
                start = None;
            }
            _ => {}
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.len()).trim(text));
    }
    out
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
