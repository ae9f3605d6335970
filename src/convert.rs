//! Conversions between the domain types of `lede_core` and the protos.
//!
//! Spans are UTF-8 byte offsets in the domain; [`Offsets`] turns them into
//! the unit a request asks for (UTF-16 code units, code points) and back.

use lede_core as core;
use tonic::Status;

use crate::pb;

/// Largest `SummaryOptions.max_sentences` a request may ask for.
pub const MAX_SUMMARY_SENTENCES: u32 = 100;

/// Maps byte offsets of one text to and from the unit of an
/// [`pb::OffsetEncoding`].
pub struct Offsets {
    /// For each non-ASCII character that counts fewer units than bytes: the
    /// byte offset just after it and the bytes saved up to there.
    shifts: Vec<(usize, usize)>,
    /// The same, keyed by the unit offset just after the character.
    unit_ends: Vec<usize>,
}

impl Offsets {
    /// The mapping for `text` in `encoding`.
    pub fn new(text: &str, encoding: pb::OffsetEncoding) -> Offsets {
        let mut shifts = Vec::new();
        let mut unit_ends = Vec::new();
        if encoding != pb::OffsetEncoding::Utf8 && encoding != pb::OffsetEncoding::Unspecified && !text.is_ascii() {
            let mut saved = 0;
            for (i, c) in text.char_indices() {
                let units = match encoding {
                    pb::OffsetEncoding::Utf16 => c.len_utf16(),
                    _ => 1,
                };
                if c.len_utf8() > units {
                    saved += c.len_utf8() - units;
                    let end = i + c.len_utf8();
                    shifts.push((end, saved));
                    unit_ends.push(end - saved);
                }
            }
        }
        Offsets { shifts, unit_ends }
    }

    /// The unit offset of byte offset `byte` (a character boundary).
    pub fn unit(&self, byte: usize) -> usize {
        let n = self.shifts.partition_point(|&(end, _)| end <= byte);
        byte - n.checked_sub(1).map_or(0, |k| self.shifts[k].1)
    }

    /// The byte offset of unit offset `unit`.
    pub fn byte(&self, unit: usize) -> usize {
        let n = self.unit_ends.partition_point(|&end| end <= unit);
        unit + n.checked_sub(1).map_or(0, |k| self.shifts[k].1)
    }
}

/// Writes domain results as protos, for one article's text and one offset
/// encoding.
pub struct Encoder<'a> {
    text: &'a str,
    offsets: Offsets,
}

impl<'a> Encoder<'a> {
    /// An encoder for spans into `text`.
    pub fn new(text: &'a str, encoding: pb::OffsetEncoding) -> Encoder<'a> {
        Encoder {
            text,
            offsets: Offsets::new(text, encoding),
        }
    }

    fn span(&self, span: core::Span) -> pb::TextSpan {
        let unit = |b: usize| u32::try_from(self.offsets.unit(b)).unwrap_or(u32::MAX);
        pb::TextSpan {
            begin: unit(span.begin),
            end: unit(span.end),
        }
    }

    fn slice(&self, span: core::Span) -> String {
        span.get(self.text).unwrap_or_default().to_owned()
    }

    /// The proto of a parsed article.
    pub fn article(&self, article: &core::Article) -> pb::Article {
        let core::Article {
            text,
            title,
            title_span,
            source,
            published_at,
            dateline,
            credits,
            paragraphs,
            sentences,
            language_code,
            url,
            notices: _,
            tokens: _,
        } = article;
        pb::Article {
            text: text.clone(),
            title: title.clone().unwrap_or_default(),
            title_span: title_span.map(|s| self.span(s)),
            source: source.clone().unwrap_or_default(),
            published_at: published_at.map(|p| p.to_string()).unwrap_or_default(),
            dateline: dateline.as_ref().map(|d| pb::Dateline {
                span: Some(self.span(d.span)),
                location: d.location.clone(),
                date: d.date.map(|d| d.to_string()).unwrap_or_default(),
            }),
            credits: credits
                .iter()
                .map(|c| pb::Credit {
                    name: c.name.clone(),
                    role: credit_role(c.role) as i32,
                    span: Some(self.span(c.span)),
                })
                .collect(),
            paragraphs: paragraphs
                .iter()
                .map(|p| pb::Paragraph {
                    span: Some(self.span(p.span)),
                    kind: paragraph_kind(p.kind) as i32,
                })
                .collect(),
            sentences: sentences
                .iter()
                .map(|s| pb::Sentence {
                    span: Some(self.span(s.span)),
                    paragraph_index: u32::try_from(s.paragraph).unwrap_or(u32::MAX),
                })
                .collect(),
            language_code: language_code.clone().unwrap_or_default(),
            url: url.clone().unwrap_or_default(),
        }
    }

    /// The protos of participants.
    pub fn participants(&self, participants: &[core::Participant]) -> Vec<pb::Participant> {
        participants
            .iter()
            .map(|p| {
                let core::Participant {
                    id,
                    kind,
                    name,
                    aliases,
                    titles,
                    country_code,
                    salience,
                    roles,
                    mentions,
                } = p;
                pb::Participant {
                    id: id.clone(),
                    kind: participant_kind(*kind) as i32,
                    name: name.clone(),
                    aliases: aliases.clone(),
                    titles: titles.clone(),
                    country_code: country_code.clone().unwrap_or_default(),
                    salience: *salience,
                    roles: roles.iter().map(|&r| participant_role(r) as i32).collect(),
                    mentions: mentions
                        .iter()
                        .map(|m| pb::Mention {
                            span: Some(self.span(m.span)),
                            text: self.slice(m.span),
                            kind: mention_kind(m.kind) as i32,
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The protos of statements.
    pub fn statements(&self, statements: &[core::Statement]) -> Vec<pb::Statement> {
        statements
            .iter()
            .map(|s| {
                let core::Statement {
                    id,
                    speaker_id,
                    speaker,
                    cue,
                    content,
                    kind,
                    date,
                    confidence,
                    attribution,
                } = s;
                pb::Statement {
                    id: id.clone(),
                    speaker_id: speaker_id.clone().unwrap_or_default(),
                    speaker: speaker.map(|span| pb::SpeakerMention {
                        span: Some(self.span(span)),
                        text: self.slice(span),
                    }),
                    cue: cue.as_ref().map(|c| pb::Cue {
                        span: Some(self.span(c.span)),
                        text: self.slice(c.span),
                        lemma: c.lemma.clone(),
                    }),
                    content_spans: content.iter().map(|&span| self.span(span)).collect(),
                    content: content
                        .iter()
                        .map(|&span| self.slice(span))
                        .collect::<Vec<_>>()
                        .join(" "),
                    kind: statement_kind(*kind) as i32,
                    date: date.map(core::When::iso).unwrap_or_default(),
                    confidence: *confidence,
                    attribution: attribution_of(*attribution) as i32,
                }
            })
            .collect()
    }

    /// The proto of a summary.
    pub fn summary(&self, summary: &core::Summary) -> pb::Summary {
        let core::Summary {
            sentences,
            keywords,
            gist,
        } = summary;
        pb::Summary {
            sentences: sentences
                .iter()
                .map(|s| pb::SummarySentence {
                    span: Some(self.span(s.span)),
                    text: s.text.clone(),
                    score: s.score,
                })
                .collect(),
            keywords: keywords
                .iter()
                .map(|k| pb::Keyword {
                    text: k.text.clone(),
                    score: k.score,
                })
                .collect(),
            gist: gist.clone(),
        }
    }

    /// The response of `Analyze`.
    pub fn analysis(&self, document_id: String, analysis: &core::Analysis) -> pb::AnalyzeResponse {
        let core::Analysis {
            article,
            extraction,
            summary,
        } = analysis;
        pb::AnalyzeResponse {
            document_id,
            article: Some(self.article(article)),
            participants: self.participants(&extraction.participants),
            statements: self.statements(&extraction.statements),
            summary: Some(self.summary(summary)),
            notices: notices(article, extraction),
        }
    }
}

/// The protos of the notices of parsing `article` and of `extraction`.
pub fn notices(article: &core::Article, extraction: &core::Extraction) -> Vec<pb::Notice> {
    article
        .notices
        .iter()
        .chain(&extraction.notices)
        .map(|n| pb::Notice {
            code: match n {
                core::Notice::LanguageNotSupported(_) => pb::NoticeCode::LanguageNotSupported,
                core::Notice::TextIsHtml => pb::NoticeCode::TextIsHtml,
                _ => pb::NoticeCode::Unspecified,
            } as i32,
            message: n.to_string(),
        })
        .collect()
}

impl From<pb::AnalyzeResponse> for pb::AnalyzeStreamResponse {
    fn from(r: pb::AnalyzeResponse) -> pb::AnalyzeStreamResponse {
        let pb::AnalyzeResponse {
            document_id,
            article,
            participants,
            statements,
            summary,
            notices,
        } = r;
        pb::AnalyzeStreamResponse {
            document_id,
            article,
            participants,
            statements,
            summary,
            error: None,
            notices,
        }
    }
}

impl From<Status> for pb::google::rpc::Status {
    fn from(status: Status) -> pb::google::rpc::Status {
        pb::google::rpc::Status {
            code: status.code() as i32,
            message: status.message().to_owned(),
            details: vec![],
        }
    }
}

/// A request's document: its id and the domain document.
pub fn document(document: Option<pb::Document>) -> Result<(String, core::Document), Status> {
    let pb::Document {
        document_id,
        content,
        url,
        language_code,
        published_at,
    } = document.ok_or_else(|| Status::invalid_argument("document: required"))?;
    let content = match content {
        Some(pb::document::Content::Text(t)) => core::Content::Text(t),
        Some(pb::document::Content::Html(h)) => core::Content::Html(h),
        None => {
            return Err(Status::invalid_argument(
                "document.content: one of document.text and document.html is required",
            ));
        }
    };
    let published_at = published("document.published_at", &published_at)?;
    let non_empty = |s: String| (!s.is_empty()).then_some(s);
    Ok((
        document_id,
        core::Document {
            content,
            url: non_empty(url),
            language_code: non_empty(language_code),
            published_at,
        },
    ))
}

/// A request's publication time: empty for none, else as
/// [`core::Published::parse`] reads it.
fn published(field: &str, value: &str) -> Result<Option<core::Published>, Status> {
    match value {
        "" => Ok(None),
        s => core::Published::parse(s).map(Some).ok_or_else(|| {
            Status::invalid_argument(format!(
                "{field}: {s:?} is neither RFC 3339 (2025-01-28T09:38:00+08:00) nor YYYY-MM-DD"
            ))
        }),
    }
}

/// A request's offset encoding.
pub fn offset_encoding(value: i32) -> Result<pb::OffsetEncoding, Status> {
    pb::OffsetEncoding::try_from(value)
        .map_err(|_| Status::invalid_argument(format!("offset_encoding: unknown value {value}")))
}

/// A request's summary options.
pub fn summary_options(options: Option<pb::SummaryOptions>) -> Result<core::SummaryOptions, Status> {
    let pb::SummaryOptions {
        max_sentences,
        max_characters,
    } = options.unwrap_or_default();
    if max_sentences > MAX_SUMMARY_SENTENCES {
        return Err(Status::invalid_argument(format!(
            "summary_options.max_sentences: {max_sentences} is over the limit of {MAX_SUMMARY_SENTENCES}"
        )));
    }
    let defaults = core::SummaryOptions::default();
    Ok(core::SummaryOptions {
        max_sentences: if max_sentences == 0 {
            defaults.max_sentences
        } else {
            max_sentences as usize
        },
        max_characters: (max_characters > 0).then_some(max_characters as usize),
    })
}

/// A parsed article sent back by a caller, its spans in `encoding`, with
/// every span turned into bytes (a span that is not one of the text, in the
/// caller's units, is refused here); the domain checks the rest
/// ([`lede_core::Pipeline::check`]).
pub fn article(article: pb::Article, encoding: pb::OffsetEncoding) -> Result<core::Article, Status> {
    let pb::Article {
        text,
        title,
        title_span,
        source,
        published_at,
        dateline,
        credits,
        paragraphs,
        sentences,
        language_code,
        url,
    } = article;
    let offsets = Offsets::new(&text, encoding);
    let span = |field: String, span: Option<pb::TextSpan>| -> Result<core::Span, Status> {
        let s = span.ok_or_else(|| Status::invalid_argument(format!("{field}: required")))?;
        let (begin, end) = (offsets.byte(s.begin as usize), offsets.byte(s.end as usize));
        if begin > end || end > text.len() || !text.is_char_boundary(begin) || !text.is_char_boundary(end) {
            return Err(Status::invalid_argument(format!(
                "{field}: [{}, {}) is not a span of article.text ({} bytes)",
                s.begin,
                s.end,
                text.len()
            )));
        }
        Ok(core::Span::new(begin, end))
    };
    let published_at = published("article.published_at", &published_at)?;
    let dateline = dateline
        .map(|d| -> Result<core::Dateline, Status> {
            Ok(core::Dateline {
                span: span("article.dateline.span".into(), d.span)?,
                location: d.location,
                date: match d.date.as_str() {
                    "" => None,
                    s => Some(s.parse().map_err(|_| {
                        Status::invalid_argument(format!("article.dateline.date: {s:?} is not YYYY-MM-DD"))
                    })?),
                },
            })
        })
        .transpose()?;
    let credits = credits
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(core::Credit {
                span: span(format!("article.credits[{i}].span"), c.span)?,
                role: credit_role_from(c.role).ok_or_else(|| {
                    Status::invalid_argument(format!("article.credits[{i}].role: unknown value {}", c.role))
                })?,
                name: c.name,
            })
        })
        .collect::<Result<Vec<_>, Status>>()?;
    let paragraphs = paragraphs
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(core::Paragraph {
                span: span(format!("article.paragraphs[{i}].span"), p.span)?,
                kind: paragraph_kind_from(p.kind).ok_or_else(|| {
                    Status::invalid_argument(format!("article.paragraphs[{i}].kind: unknown value {}", p.kind))
                })?,
            })
        })
        .collect::<Result<Vec<_>, Status>>()?;
    let sentences = sentences
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            Ok(core::Sentence {
                span: span(format!("article.sentences[{i}].span"), s.span)?,
                paragraph: s.paragraph_index as usize,
            })
        })
        .collect::<Result<Vec<_>, Status>>()?;
    let title_span = title_span
        .map(|s| span("article.title_span".into(), Some(s)))
        .transpose()?;
    let non_empty = |s: String| (!s.is_empty()).then_some(s);
    Ok(core::Article {
        title: non_empty(title),
        title_span,
        source: non_empty(source),
        published_at,
        dateline,
        credits,
        paragraphs,
        sentences,
        language_code: non_empty(language_code),
        url: non_empty(url),
        text,
        notices: Vec::new(),
        tokens: core::Tokens::default(),
    })
}

macro_rules! enum_map {
    ($to:ident, $from:ident, $core:ty, $pb:ty, { $($c:ident => $p:ident),* $(,)? }) => {
        fn $to(value: $core) -> $pb {
            match value { $(<$core>::$c => <$pb>::$p),* }
        }
        fn $from(value: i32) -> Option<$core> {
            match <$pb>::try_from(value).ok()? { $(<$pb>::$p => Some(<$core>::$c),)* _ => None }
        }
    };
}

enum_map!(paragraph_kind, paragraph_kind_from, core::ParagraphKind, pb::ParagraphKind, {
    Body => Body, Headline => Headline, Caption => Caption, Dateline => Dateline,
    Byline => Byline, Footer => Footer, Boilerplate => Boilerplate,
});
enum_map!(credit_role, credit_role_from, core::CreditRole, pb::CreditRole, {
    Author => Author, Reporter => Reporter, Photographer => Photographer, Editor => Editor, Contributor => Contributor,
});

fn participant_kind(k: core::ParticipantKind) -> pb::ParticipantKind {
    use core::ParticipantKind as K;
    match k {
        K::Person => pb::ParticipantKind::Person,
        K::Organization => pb::ParticipantKind::Organization,
        K::Country => pb::ParticipantKind::Country,
        K::Location => pb::ParticipantKind::Location,
        K::Group => pb::ParticipantKind::Group,
        K::Facility => pb::ParticipantKind::Facility,
    }
}

fn participant_role(r: core::ParticipantRole) -> pb::ParticipantRole {
    use core::ParticipantRole as R;
    match r {
        R::Speaker => pb::ParticipantRole::Speaker,
        R::Author => pb::ParticipantRole::Author,
        R::Reporter => pb::ParticipantRole::Reporter,
        R::Photographer => pb::ParticipantRole::Photographer,
        R::Editor => pb::ParticipantRole::Editor,
        R::Contributor => pb::ParticipantRole::Contributor,
    }
}

fn mention_kind(k: core::MentionKind) -> pb::MentionKind {
    use core::MentionKind as M;
    match k {
        M::Name => pb::MentionKind::Name,
        M::Nominal => pb::MentionKind::Nominal,
        M::Pronoun => pb::MentionKind::Pronoun,
        M::Demonym => pb::MentionKind::Demonym,
    }
}

fn attribution_of(a: core::Attribution) -> pb::Attribution {
    match a {
        core::Attribution::Cue => pb::Attribution::Cue,
        core::Attribution::Continued => pb::Attribution::Continued,
        core::Attribution::None => pb::Attribution::None,
    }
}

/// The request's `min_confidence`, which must lie in [0, 1].
pub fn min_confidence(value: f32) -> Result<f32, Status> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(Status::invalid_argument(format!(
            "min_confidence: {value} is outside [0, 1]"
        )))
    }
}

fn statement_kind(k: core::StatementKind) -> pb::StatementKind {
    use core::StatementKind as S;
    match k {
        S::Direct => pb::StatementKind::Direct,
        S::Indirect => pb::StatementKind::Indirect,
        S::Mixed => pb::StatementKind::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_units_and_code_points() {
        let text = "a€b😀c";
        // bytes: a=0, €=1..4, b=4, 😀=5..9, c=9
        let u16 = Offsets::new(text, pb::OffsetEncoding::Utf16);
        assert_eq!([0, 1, 4, 5, 9, 10].map(|b| u16.unit(b)), [0, 1, 2, 3, 5, 6]);
        assert_eq!([0, 1, 2, 3, 5, 6].map(|u| u16.byte(u)), [0, 1, 4, 5, 9, 10]);
        let cp = Offsets::new(text, pb::OffsetEncoding::CodePoint);
        assert_eq!([0, 1, 4, 5, 9, 10].map(|b| cp.unit(b)), [0, 1, 2, 3, 4, 5]);
        assert_eq!([0, 1, 2, 3, 4, 5].map(|u| cp.byte(u)), [0, 1, 4, 5, 9, 10]);
        let utf8 = Offsets::new(text, pb::OffsetEncoding::Utf8);
        assert_eq!(utf8.unit(9), 9);
    }
}
