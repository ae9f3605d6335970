//! Credited staff: the parse stage's credits, and the credit parentheses
//! of captions ("(Xinhua/Gao Jie)", "(Web editor: Xian Jiangnan, Wu Chaolan)")
//! whose text the tagger must not read as story participants.

use crate::{Article, Credit, CreditRole, ParticipantRole, Span};

/// The longest credit parenthesis read, in bytes.
const MAX_PAREN: usize = 120;

/// Credits of an article and the spans the tagger leaves out.
#[derive(Debug, Default)]
pub(crate) struct Credits {
    /// Credited people, without duplicates.
    pub people: Vec<Credit>,
    /// Spans of credit text.
    pub excluded: Vec<Span>,
}

/// The participant role of a credit role.
pub(crate) fn role(r: CreditRole) -> ParticipantRole {
    match r {
        CreditRole::Author => ParticipantRole::Author,
        CreditRole::Reporter => ParticipantRole::Reporter,
        CreditRole::Photographer => ParticipantRole::Photographer,
        CreditRole::Editor => ParticipantRole::Editor,
        CreditRole::Contributor => ParticipantRole::Contributor,
    }
}

/// Whether `s` looks like a person's name: one to four capitalized words.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "-'.".contains(c))
        })
}

/// The credits of `article`. The parse stage's credits come first; caption
/// credit parentheses are always left out of tagging, and when the parse
/// stage found no credits at all they are read here.
pub(crate) fn credits(article: &Article) -> Credits {
    let text = article.text.as_str();
    let mut out = Credits::default();
    for c in &article.credits {
        if c.span.get(text).is_some() {
            out.excluded.push(c.span);
        }
        push(&mut out.people, c.clone());
    }
    let fallback = article.credits.is_empty();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(open) = text[i..].find('(').map(|k| k + i) {
        let window = &bytes[open..(open + MAX_PAREN + 2).min(bytes.len())];
        // A parenthesis may run over a line break of wrapped copy, not
        // over a paragraph's end.
        let close = window
            .iter()
            .enumerate()
            .position(|(k, b)| *b == b')' || (*b == b'\n' && window[k + 1..].first() == Some(&b'\n')))
            .map(|k| k + open);
        let Some(close) = close else {
            i = open + 1;
            continue;
        };
        i = close + 1;
        if bytes.get(close) != Some(&b')') {
            continue;
        }
        let inner_span = Span::new(open + 1, close);
        let inner = inner_span.slice(text);
        let lower = inner.to_lowercase();
        if let Some(colon) = inner.find(':').filter(|_| {
            ["web editor", "editor", "edited by"]
                .iter()
                .any(|p| lower.trim_start().starts_with(p))
        }) {
            out.excluded.push(Span::new(open, close + 1));
            if fallback {
                let mut start = open + 1 + colon + 1;
                for part in inner[colon + 1..].split([',', ';']) {
                    for name in part.split(" and ") {
                        let offset = part.find(name).unwrap_or(0);
                        let span = Span::new(start + offset, start + offset + name.len()).trim(text);
                        if looks_like_name(span.slice(text)) {
                            push(
                                &mut out.people,
                                Credit {
                                    name: span.slice(text).to_string(),
                                    role: CreditRole::Editor,
                                    span,
                                },
                            );
                        }
                    }
                    start += part.len() + 1;
                }
            }
        } else if let Some(slash) = inner.rfind('/') {
            let (agency, name) = (&inner[..slash], &inner[slash + 1..]);
            if looks_like_name(agency) && looks_like_name(name) {
                out.excluded.push(Span::new(open, close + 1));
                if fallback {
                    let span = Span::new(open + 1 + slash + 1, close).trim(text);
                    push(
                        &mut out.people,
                        Credit {
                            name: span.slice(text).to_string(),
                            role: CreditRole::Photographer,
                            span,
                        },
                    );
                }
            }
        }
    }
    out
}

/// Adds a credit unless the same name and role are there (checking the
/// latest few only, so that the cost stays linear); keeps the first span.
fn push(people: &mut Vec<Credit>, c: Credit) {
    if !people
        .iter()
        .rev()
        .take(16)
        .any(|p| p.name == c.name && p.role == c.role)
    {
        people.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_credits_are_read_and_left_out() {
        let text = "Wang meets Misri. (Xinhua/Gao Jie)\n\n(Web editor: Xian Jiangnan, Wu Chaolan)";
        let article = Article {
            text: text.to_string(),
            ..Article::default()
        };
        let c = credits(&article);
        let names: Vec<(&str, CreditRole)> = c.people.iter().map(|p| (p.name.as_str(), p.role)).collect();
        assert_eq!(
            names,
            [
                ("Gao Jie", CreditRole::Photographer),
                ("Xian Jiangnan", CreditRole::Editor),
                ("Wu Chaolan", CreditRole::Editor)
            ]
        );
        assert_eq!(c.people[0].span.slice(text), "Gao Jie");
        assert_eq!(c.people[2].span.slice(text), "Wu Chaolan");
        assert_eq!(c.excluded.len(), 2);
        let plain = Article {
            text: "He said (in Paris) that 1/2 of (A/b c) left (".to_string(),
            ..Article::default()
        };
        assert!(credits(&plain).people.is_empty());
    }
}
