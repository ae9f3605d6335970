//! A parsed article: its text and every region, sentence and field in it.

use std::fmt;

use jiff::civil::{Date, DateTime};

use crate::{Error, ErrorKind, Result, Span, Tokens};

/// A parsed article. Every span points into [`Article::text`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// The text all spans point into: the input itself for plain text, the
    /// extracted article text for HTML.
    pub text: String,
    /// The headline.
    pub title: Option<String>,
    /// Where the headline stands in the text (absent when it came from HTML
    /// metadata only).
    pub title_span: Option<Span>,
    /// The agency or publisher ("Xinhua", "Reuters").
    pub source: Option<String>,
    /// When the article was published.
    pub published_at: Option<Published>,
    /// The dateline ("BEIJING, Jan. 27 (Xinhua) --").
    pub dateline: Option<Dateline>,
    /// Authors, reporters, photographers and editors the article credits.
    pub credits: Vec<Credit>,
    /// Every paragraph of the text, in order, with its kind.
    pub paragraphs: Vec<Paragraph>,
    /// The sentences of the body paragraphs, in order.
    pub sentences: Vec<Sentence>,
    /// BCP-47 language code, given by the caller or detected ("en").
    pub language_code: Option<String>,
    /// The canonical URL, from the caller or the page's metadata.
    pub url: Option<String>,
    /// What parsing did that the caller should know: text read as HTML.
    pub notices: Vec<crate::Notice>,
    /// Every paragraph's sentences and tokens, as parse split them once for
    /// every later stage. An article assembled elsewhere (a caller's) may
    /// leave this empty: the pipeline then builds it from the paragraphs
    /// and sentences above.
    pub tokens: Tokens,
}

impl Article {
    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// The paragraphs of body text, in order.
    pub fn body(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs.iter().filter(|p| p.kind == ParagraphKind::Body)
    }

    /// Checks that the article holds together, as one a caller sends back
    /// must: a text that is not blank, paragraphs, and every span inside
    /// the text on character boundaries, each sentence inside its
    /// paragraph. The error names the field ("article.sentences[3].span").
    pub fn validate(&self) -> Result<()> {
        let text = self.text.as_str();
        if text.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::EmptyInput,
                Some("article.text".to_owned()),
                "must not be empty or white space only",
            ));
        }
        if self.paragraphs.is_empty() {
            return Err(Error::invalid(
                "article.paragraphs",
                "empty; send the article that Parse returned, or a document",
            ));
        }
        let check = |field: &dyn Fn() -> String, span: Span| -> Result<()> {
            if span.get(text).is_some() {
                Ok(())
            } else {
                Err(Error::invalid(
                    field(),
                    format!(
                        "[{}, {}) is not a span of article.text ({} bytes, on character boundaries)",
                        span.begin,
                        span.end,
                        text.len()
                    ),
                ))
            }
        };
        if let Some(s) = self.title_span {
            check(&|| "article.title_span".into(), s)?;
        }
        if let Some(d) = &self.dateline {
            check(&|| "article.dateline.span".into(), d.span)?;
        }
        for (i, c) in self.credits.iter().enumerate() {
            check(&|| format!("article.credits[{i}].span"), c.span)?;
        }
        for (i, p) in self.paragraphs.iter().enumerate() {
            check(&|| format!("article.paragraphs[{i}].span"), p.span)?;
        }
        for (i, s) in self.sentences.iter().enumerate() {
            check(&|| format!("article.sentences[{i}].span"), s.span)?;
            let Some(p) = self.paragraphs.get(s.paragraph) else {
                return Err(Error::invalid(
                    format!("article.sentences[{i}].paragraph_index"),
                    format!("{} is past the {} paragraphs", s.paragraph, self.paragraphs.len()),
                ));
            };
            if !p.span.contains(s.span) {
                return Err(Error::invalid(
                    format!("article.sentences[{i}].span"),
                    format!(
                        "[{}, {}) is not inside its paragraph {}",
                        s.span.begin, s.span.end, s.paragraph
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Whether the article is in English (or its language is unknown), the
    /// language the extraction models were trained on.
    pub fn is_english(&self) -> bool {
        self.language_code
            .as_deref()
            .is_none_or(|code| code == "en" || code.starts_with("en-"))
    }
}

/// What a paragraph is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParagraphKind {
    /// Article body text.
    Body,
    /// The headline.
    Headline,
    /// A photo or video caption.
    Caption,
    /// A dateline standing alone.
    Dateline,
    /// A byline or publication line ("By X", "Xinhua) 09:38, January 28, 2025").
    Byline,
    /// A footer: editor lines, sign-offs, copyright.
    Footer,
    /// Site furniture: share links, related stories, navigation.
    Boilerplate,
}

/// A paragraph: a block of text and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Where the paragraph stands, without its surrounding white space.
    pub span: Span,
    /// What it is.
    pub kind: ParagraphKind,
}

/// A sentence of body text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence stands, without surrounding white space.
    pub span: Span,
    /// Index into [`Article::paragraphs`] of the paragraph holding it.
    pub paragraph: usize,
}

/// A dateline: where and when the story was filed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline, including the agency and dash.
    pub span: Span,
    /// The place as written ("BEIJING", "NEW YORK/WASHINGTON").
    pub location: String,
    /// The date, resolved against the publication date where the dateline
    /// gives no year.
    pub date: Option<Date>,
}

/// What a credited person did for the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CreditRole {
    /// Wrote the article.
    Author,
    /// Reported for it.
    Reporter,
    /// Took a photo in it.
    Photographer,
    /// Edited it.
    Editor,
    /// Contributed reporting.
    Contributor,
}

/// A person the article credits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    /// The name as written.
    pub name: String,
    /// What they did.
    pub role: CreditRole,
    /// Where the name stands in the text.
    pub span: Span,
}

/// A publication time, as precise as the source gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Published {
    /// A date alone.
    Date(Date),
    /// A local time; with the UTC offset in seconds where known.
    DateTime {
        /// The time as the source states it.
        local: DateTime,
        /// Offset from UTC in seconds, when known.
        offset_seconds: Option<i32>,
    },
}

impl Published {
    /// Reads what [`Published`]'s `Display` prints: RFC 3339
    /// ("2025-01-28T09:38:00+08:00", "…Z"), a local time without offset
    /// ("2025-01-28T09:38:00") or a date ("2025-01-28").
    pub fn parse(s: &str) -> Option<Published> {
        if let Ok(date) = s.parse::<Date>()
            && s.len() == 10
        {
            return Some(Published::Date(date));
        }
        if let Ok(ts) = s.parse::<jiff::Timestamp>() {
            let zone = s
                .get(19..)
                .unwrap_or_default()
                .trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
            let offset = parse_offset(zone)?;
            return Some(Published::DateTime {
                local: offset.to_datetime(ts),
                offset_seconds: Some(offset.seconds()),
            });
        }
        s.parse::<DateTime>().ok().map(|local| Published::DateTime {
            local,
            offset_seconds: None,
        })
    }

    /// The calendar date, as the source states it (local, for a time).
    pub fn date(&self) -> Date {
        match *self {
            Published::Date(date) => date,
            Published::DateTime { local, .. } => local.date(),
        }
    }
}

/// "Z", "+08:00" or "-05:30" as an offset.
fn parse_offset(zone: &str) -> Option<jiff::tz::Offset> {
    if zone.eq_ignore_ascii_case("z") {
        return Some(jiff::tz::Offset::UTC);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = zone.get(1..)?.split_once(':')?;
    let seconds = hours.parse::<i32>().ok()? * 3600 + minutes.parse::<i32>().ok()? * 60;
    jiff::tz::Offset::from_seconds(sign * seconds).ok()
}

impl fmt::Display for Published {
    /// RFC 3339 where the offset is known ("2025-01-28T09:38:00+08:00"),
    /// else the date or local time alone; fractions of a second only when
    /// the source gives them ("1987-03-03T11:12:24.65").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Published::Date(date) => write!(f, "{date}"),
            Published::DateTime { local, offset_seconds } => {
                write!(f, "{}T{}", local.date(), local.time().strftime("%H:%M:%S"))?;
                // Fractions of a second as the source gives them ("12.42").
                let nanos = local.subsec_nanosecond();
                if nanos != 0 {
                    let digits = format!("{nanos:09}");
                    write!(f, ".{}", digits.trim_end_matches('0'))?;
                }
                if let Some(secs) = offset_seconds {
                    if secs == 0 {
                        return f.write_str("Z");
                    }
                    let sign = if secs < 0 { '-' } else { '+' };
                    let secs = secs.unsigned_abs();
                    write!(f, "{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60)?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn published_reads_what_it_prints() {
        for s in [
            "2025-01-28T09:38:00+08:00",
            "2025-01-28",
            "2025-01-28T09:38:00",
            "2025-01-28T09:38:00Z",
            "1987-03-03T11:12:24.65",
        ] {
            assert_eq!(Published::parse(s).map(|p| p.to_string()).as_deref(), Some(s));
        }
        for s in ["yesterday", "2025-01-28T09:38:00+8", "2025-1-28", ""] {
            assert_eq!(Published::parse(s), None, "{s}");
        }
    }

    #[test]
    fn published_prints_rfc3339_with_the_offset() {
        let p = Published::DateTime {
            local: date(2025, 1, 28).at(9, 38, 0, 0),
            offset_seconds: Some(8 * 3600),
        };
        assert_eq!(p.to_string(), "2025-01-28T09:38:00+08:00");
        let p = Published::DateTime {
            local: date(2025, 1, 28).at(9, 38, 0, 0),
            offset_seconds: Some(-5 * 3600 - 1800),
        };
        assert_eq!(p.to_string(), "2025-01-28T09:38:00-05:30");
        assert_eq!(Published::Date(date(2025, 1, 28)).to_string(), "2025-01-28");
    }
}
