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
//! - [`language`] detects the language when the caller gives none, and
//!   reads the code a caller gives;
//! - [`sniff`] tells a web page sent as text, which is parsed as HTML.

mod agencies;
mod blocks;
mod credits;
mod dateline;
pub(crate) mod dates;
mod furniture;
mod html;
mod language;
mod shapes;
mod sniff;
mod wire;

use crate::tokens::{Tokens, Vocabulary, one_line};
use crate::{
    Article, Content, Credit, CreditRole, Document, Error, ErrorKind, Limits, Notice, ParagraphKind, Published, Result,
    Sentence, Span,
};

/// Parses a document. Plain text is kept as it is and labelled; HTML is
/// reduced to its article text first. Then every paragraph is split into
/// sentences and tokens once, for every later stage ([`Tokens`]), the
/// words looked up in `vocab`.
pub(crate) fn parse(doc: &Document, limits: &Limits, vocab: &Vocabulary) -> Result<Article> {
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
    let language_code = match doc.language_code.as_deref().map(language::normalize) {
        Some(Err(message)) => return Err(Error::invalid("language_code", message)),
        Some(Ok(code)) => code,
        None => None,
    };
    // A page pasted into the text field is parsed as the page it is (and
    // the caller told), unless no article text comes out of it.
    let page = match &doc.content {
        Content::Text(text) if sniff::looks_like_html(text) => parse_html(text, doc.url.as_deref(), doc.published_at)
            .ok()
            .map(|mut article| {
                article.notices.push(Notice::TextIsHtml);
                article
            }),
        _ => None,
    };
    let mut article = match (&doc.content, page) {
        (_, Some(article)) => article,
        (Content::Text(text), None) => {
            let mut article = Article {
                text: text.clone(),
                ..Article::default()
            };
            label(&mut article, doc.published_at, false);
            article
        }
        (Content::Html(html), None) => parse_html(html, doc.url.as_deref(), doc.published_at)?,
    };
    // What the document states wins over what the caller knows.
    article.published_at = article.published_at.or(doc.published_at);
    // A page's canonical URL, else the one the caller gives.
    if article.url.is_none() {
        article.url.clone_from(&doc.url);
    }
    tokenize(&mut article, vocab);
    article.language_code = language_code.or_else(|| detect_language(&mut article));
    Ok(article)
}

/// The language of the article's body, for an article whose caller named
/// none: English when its first words read as English by their function
/// words (most articles Lede sees, at a hundredth of the detector's cost),
/// else the detector's guess over its first body paragraphs, else the
/// page's own `lang`.
fn detect_language(article: &mut Article) -> Option<String> {
    let tokens = &article.tokens;
    let words = article
        .sentences
        .iter()
        .flat_map(|s| tokens.within(s.span))
        .map(|i| tokens.lower(i));
    if language::reads_as_english(words) {
        return Some("en".to_owned());
    }
    let body: String = article
        .body()
        .take(8)
        .map(|p| p.span.slice(&article.text))
        .collect::<Vec<_>>()
        .join("\n");
    language::detect(if body.len() >= 40 { &body } else { &article.text }).or(article.language_code.take())
}

/// Builds the article's [`Tokens`] and its body sentences from them.
pub(crate) fn tokenize(article: &mut Article, vocab: &Vocabulary) {
    article.tokens = Tokens::build(
        &article.text,
        &article.paragraphs,
        &[],
        article.dateline.as_ref().map(|d| d.span),
        vocab,
    );
    article.sentences = body_sentences(article);
}

/// Runs the wire-copy analysis over `article.text` and fills the article.
fn label(article: &mut Article, known_published: Option<Published>, page: bool) {
    let spans = blocks::paragraphs(&article.text);
    let found = wire::analyze(&article.text, &spans, known_published, page);
    article.paragraphs = found.paragraphs;
    article.title_span = found.title;
    article.title = found.title.map(|s| one_line(s.slice(&article.text)));
    article.source = found.source.map(str::to_owned);
    article.published_at = found.published;
    article.dateline = found.dateline;
    article.credits = found.credits;
}

/// Extracts a page's article text, labels it, and fills what the text does
/// not say from the page's metadata.
fn parse_html(html: &str, url: Option<&str>, known_published: Option<Published>) -> Result<Article> {
    let page = html::extract(html, url);
    if page.text.trim().is_empty() {
        return Err(Error::invalid("html", "no article text found in the page"));
    }
    let mut article = Article {
        text: page.text,
        ..Article::default()
    };
    let meta_published = page.published.as_deref().and_then(dates::iso);
    label(&mut article, meta_published.or(known_published), true);
    // Paragraphs made of links only ("Who will make the Rock Hall in 2020?",
    // "[The Verge]") list other stories.
    if !page.links.is_empty() || !page.captions.is_empty() {
        for p in &mut article.paragraphs {
            let s = p.span.slice(&article.text);
            let pieces: Vec<&str> = s
                .split(['|', '\n', '•', '·'])
                .map(|piece| {
                    // "Story headline [VIDEO]": the tag is not part of the link.
                    let piece = piece.trim();
                    let piece = match piece.rfind(" [") {
                        Some(i) if piece.ends_with(']') => &piece[..i],
                        _ => piece,
                    };
                    piece.trim_matches(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | ',' | ';'))
                })
                .filter(|piece| !piece.is_empty())
                .collect();
            // Every piece a link, or most of a list of several.
            let linked: usize = pieces
                .iter()
                .filter(|p| page.links.contains(&html::fold(p)))
                .map(|p| p.len())
                .sum();
            let total: usize = pieces.iter().map(|p| p.len()).sum();
            let all_links = total > 0 && (linked == total || (pieces.len() >= 3 && linked * 10 >= total * 7));
            if p.kind == ParagraphKind::Body && all_links && (s.len() < 400 || pieces.len() >= 3) {
                p.kind = ParagraphKind::Boilerplate;
            }
            if p.kind == ParagraphKind::Body && page.captions.contains(&html::fold(s)) {
                p.kind = ParagraphKind::Caption;
            }
        }
    }
    // The page's own title beats a guess from the text, unless the text's
    // headline is that title.
    if let Some(title) = page.title.map(|t| one_line(&t)) {
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
                    let line = article.paragraphs[i].span.slice(&article.text);
                    let prose = line.split_whitespace().count() >= 12 && blocks::ends_sentence(line);
                    article.paragraphs[i].kind = if prose {
                        ParagraphKind::Body
                    } else {
                        ParagraphKind::Boilerplate
                    };
                }
            }
            article.title_span = None;
            article.title = Some(title);
        }
    }
    if meta_published.is_some() {
        article.published_at = meta_published;
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
    article.language_code = page.lang.and_then(|l| language::normalize(&l).ok().flatten());
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

/// The sentences of the body paragraphs, as the tokens split them.
fn body_sentences(article: &Article) -> Vec<Sentence> {
    article
        .tokens
        .sentences()
        .iter()
        .filter(|s| {
            article
                .paragraphs
                .get(s.paragraph as usize)
                .is_some_and(|p| p.kind == ParagraphKind::Body)
        })
        .map(|s| Sentence {
            span: s.span,
            paragraph: s.paragraph as usize,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dateline, Published};
    use jiff::civil::date;

    fn parse_text(text: &str) -> Article {
        parse(&Document::text(text), &Limits::default(), &Vocabulary::default()).expect("parses")
    }

    fn kinds(a: &Article) -> Vec<(ParagraphKind, &str)> {
        a.paragraphs.iter().map(|p| (p.kind, a.slice(p.span))).collect()
    }

    fn credits(a: &Article) -> Vec<(&str, CreditRole)> {
        a.credits.iter().map(|c| (c.name.as_str(), c.role)).collect()
    }

    #[test]
    fn the_callers_publication_date_dates_the_dateline_and_fills_the_gap() {
        let text =
            "BEIJING, Jan. 27 (Xinhua) -- China and India should strive for mutual understanding, the minister said.";
        let alone = parse_text(text);
        assert_eq!(
            (alone.dateline.as_ref().and_then(|d| d.date), alone.published_at),
            (None, None)
        );
        let known = Published::Date(date(2025, 1, 28));
        let document = Document {
            published_at: Some(known),
            ..Document::text(text)
        };
        let told = parse(&document, &Limits::default(), &Vocabulary::default()).expect("parses");
        assert_eq!(told.dateline.and_then(|d| d.date), Some(date(2025, 1, 27)));
        assert_eq!(told.published_at, Some(known));
        // What the document states wins.
        let document = Document {
            published_at: Some(Published::Date(date(2020, 1, 1))),
            ..Document::text(format!("Xinhua) 09:38, January 28, 2025\n\n{text}"))
        };
        let stated = parse(&document, &Limits::default(), &Vocabulary::default()).expect("parses");
        assert_eq!(stated.published_at.map(|p| p.date()), Some(date(2025, 1, 28)));
    }

    #[test]
    fn the_xinhua_sample() {
        let text = include_str!("../../../../examples/xinhua-china-india.txt");
        let a = parse_text(text);
        assert_eq!(a.text, text);
        assert_eq!(
            a.title.as_deref(),
            Some("Chinese FM calls on China, India to foster cooperation, not division")
        );
        assert_eq!(a.slice(a.title_span.unwrap()), a.title.as_deref().unwrap());
        assert_eq!(a.source.as_deref(), Some("Xinhua"));
        assert_eq!(
            a.published_at.map(|p| p.to_string()).as_deref(),
            Some("2025-01-28T09:38:00+08:00")
        );
        let Some(Dateline {
            span,
            location,
            date: dl_date,
        }) = &a.dateline
        else {
            panic!("no dateline")
        };
        assert_eq!(
            (a.slice(*span), location.as_str(), *dl_date),
            ("BEIJING, Jan. 27 (Xinhua) --", "BEIJING", Some(date(2025, 1, 27)))
        );
        assert_eq!(
            credits(&a),
            [
                ("Gao Jie", CreditRole::Photographer),
                ("Xian Jiangnan", CreditRole::Editor),
                ("Wu Chaolan", CreditRole::Editor)
            ]
        );
        for c in &a.credits {
            assert_eq!(a.slice(c.span), c.name);
        }
        let count = |k| a.paragraphs.iter().filter(|p| p.kind == k).count();
        assert_eq!(count(ParagraphKind::Caption), 2);
        assert_eq!(count(ParagraphKind::Body), 6);
        assert_eq!(count(ParagraphKind::Footer), 1);
        assert_eq!(count(ParagraphKind::Byline), 1);
        assert_eq!(count(ParagraphKind::Headline), 1);
        let body = a.body().next().unwrap();
        assert!(
            a.slice(body.span)
                .starts_with("BEIJING, Jan. 27 (Xinhua) -- China and India")
        );
        assert!(a.sentences.iter().all(|s| body.span.begin <= s.span.begin));
        assert!(!a.body().any(|p| a.slice(p.span).contains("(Xinhua/Gao Jie)")));
        assert_eq!(a.language_code.as_deref(), Some("en"));
    }

    #[test]
    fn captions_credits_and_site_furniture_are_no_body() {
        let text = "Storm hits coast\n\n\
            MIAMI (AP) — A storm hit the coast on Wednesday, cutting power to thousands of homes, officials said.\n\n\
            Firefighters battle the blaze on Sunday. (AP Photo/Jane Doe)\n\n\
            File photo shows a ship in the harbour.\n\n\
            Image copyright EPA Image caption Jane Roe said the decision had been taken after interviews\n\
            The mayor said on Twitter that the roads, which flooded overnight, would reopen by noon.\n\n\
            Mr Blair paid tribute to the crews on Twitter, writing: \"They worked through the night.\"\n\n\
            The ministry (which declined to comment) said it would act, and Sinn FÃ©in agreed.\n\n\
            Media playback is not supported on this device\n\n\
            Follow Dave Lee on Twitter @DaveLeeBBC\n\n\
            (Graphic: Global assets in 2019 - here)\n\n\
            Reporting by Jane Doe; Editing by John Roe\n\n\
            Copyright © 2025 Example News. All rights reserved.\n";
        let a = parse_text(text);
        let body: Vec<&str> = a.body().map(|p| a.slice(p.span)).collect();
        assert_eq!(
            body,
            [
                "MIAMI (AP) — A storm hit the coast on Wednesday, cutting power to thousands of homes, officials said.",
                "The mayor said on Twitter that the roads, which flooded overnight, would reopen by noon.",
                "Mr Blair paid tribute to the crews on Twitter, writing: \"They worked through the night.\"",
                "The ministry (which declined to comment) said it would act, and Sinn FÃ©in agreed."
            ]
        );
        let captions = kinds(&a).into_iter().filter(|k| k.0 == ParagraphKind::Caption).count();
        assert_eq!(captions, 3, "{:?}", kinds(&a));
    }

    #[test]
    fn reuters_web_copy_with_footer_credits() {
        let text = "Oil falls on supply worries - Reuters\n\nBusiness News\nNovember 19, 2019 / 12:21 AM / Updated 14 hours ago\n\nOil falls on supply worries\n\nJane Roe\n\n5 Min Read\n\nNEW YORK/LONDON (Reuters) - Oil prices fell sharply on Tuesday on oversupply concerns, traders said, as Russia signalled it would not cut output further.\n\nFILE PHOTO: An oil pump in Texas, U.S., November 18, 2019. REUTERS/Nick Oxford\n\nBrent crude fell 2.7% to $60.73 a barrel by midday, its lowest in a week.\n\nReporting by Jane Roe; additional reporting by Ann Lee and Bo Chen; Editing by Dan Grebler\n\nOur Standards: The Thomson Reuters Trust Principles.\n\nApps\nNewsletters\n";
        let a = parse_text(text);
        assert_eq!(a.title.as_deref(), Some("Oil falls on supply worries"));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(
            a.published_at,
            Some(Published::DateTime {
                local: date(2019, 11, 19).at(0, 21, 0, 0),
                offset_seconds: None
            })
        );
        assert_eq!(
            a.dateline.as_ref().map(|d| d.location.as_str()),
            Some("NEW YORK/LONDON")
        );
        assert_eq!(a.dateline.as_ref().and_then(|d| d.date), None);
        assert_eq!(
            credits(&a),
            [
                ("Jane Roe", CreditRole::Author),
                ("Nick Oxford", CreditRole::Photographer),
                ("Jane Roe", CreditRole::Reporter),
                ("Ann Lee", CreditRole::Reporter),
                ("Bo Chen", CreditRole::Reporter),
                ("Dan Grebler", CreditRole::Editor)
            ]
        );
        let k = kinds(&a);
        assert_eq!(k.iter().filter(|(kind, _)| *kind == ParagraphKind::Body).count(), 2);
        assert!(k.contains(&(
            ParagraphKind::Caption,
            "FILE PHOTO: An oil pump in Texas, U.S., November 18, 2019. REUTERS/Nick Oxford"
        )));
        assert!(k.contains(&(ParagraphKind::Boilerplate, "5 Min Read")));
        assert!(k.contains(&(ParagraphKind::Boilerplate, "Apps")));
    }

    #[test]
    fn reuters_1987_wire_copy() {
        let text = "3-MAR-1987 11:12:24.65\n&#2;\nCANADA OIL FIRM SETS DRILLING PLAN\n    By Jane Roe, Reuters\n    CALGARY, Alberta, March 3 - Some Oil Ltd said it will drill\n15 wells this year in Alberta.\n    The company said the wells would cost 30 mln dlrs.\n Reuter\n&#3;\n";
        let a = parse_text(text);
        assert_eq!(a.title.as_deref(), Some("CANADA OIL FIRM SETS DRILLING PLAN"));
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert_eq!(
            a.published_at.map(|p| p.to_string()).as_deref(),
            Some("1987-03-03T11:12:24.65")
        );
        let d = a.dateline.as_ref().unwrap();
        assert_eq!(
            (d.location.as_str(), d.date),
            ("CALGARY, Alberta", Some(date(1987, 3, 3)))
        );
        assert_eq!(credits(&a), [("Jane Roe", CreditRole::Author)]);
        let k = kinds(&a);
        assert_eq!(k[0].0, ParagraphKind::Byline);
        assert_eq!(k[1], (ParagraphKind::Boilerplate, "&#2;"));
        assert_eq!(
            k[5],
            (
                ParagraphKind::Body,
                "The company said the wells would cost 30 mln dlrs."
            )
        );
        assert_eq!(k[6], (ParagraphKind::Footer, "Reuter"));
    }

    #[test]
    fn ap_web_copy() {
        let text = "Storm hits coast | Local\n\nSkip to main content\n\nNov. 20, 2019 6:02 AM EST\n\nStorm hits coast\n\nBy JOHN DOE and MARY ROE\nAssociated Press\nBC-US--Storm, 1st Ld-Writethru\nJANE POE, ASSOCIATED PRESS\n\nMIAMI (AP) — A storm hit the coast on Wednesday, cutting power to thousands of homes, officials said.\n\nView all (4)\n\nMore rain is expected on Thursday.\n\nAssociated Press writer Sam Lee in Tampa contributed to this report.\n\n___\n\nFollow AP's coverage at https://apnews.com/storms\n";
        let a = parse_text(text);
        assert_eq!(a.title.as_deref(), Some("Storm hits coast"));
        assert_eq!(a.source.as_deref(), Some("AP"));
        assert_eq!(
            a.published_at.map(|p| p.to_string()).as_deref(),
            Some("2019-11-20T06:02:00-05:00")
        );
        assert_eq!(a.dateline.as_ref().map(|d| d.location.as_str()), Some("MIAMI"));
        assert_eq!(
            credits(&a),
            [
                ("JOHN DOE", CreditRole::Author),
                ("MARY ROE", CreditRole::Author),
                ("JANE POE", CreditRole::Photographer),
                ("Sam Lee", CreditRole::Contributor)
            ]
        );
        let k = kinds(&a);
        assert!(k.contains(&(ParagraphKind::Caption, "JANE POE, ASSOCIATED PRESS")));
        assert!(k.contains(&(ParagraphKind::Boilerplate, "BC-US--Storm, 1st Ld-Writethru")));
        assert!(k.contains(&(ParagraphKind::Boilerplate, "View all (4)")));
        assert!(k.contains(&(
            ParagraphKind::Boilerplate,
            "Follow AP's coverage at https://apnews.com/storms"
        )));
        assert_eq!(a.body().count(), 2);
    }

    #[test]
    fn xinhuanet_stamp_and_inline_reuters_credits() {
        let a = parse_text(
            "China, India agree to resume flights\n\nSource: Xinhua| 2025-01-28 09:38:22|Editor: huaxia\n\nBEIJING, Jan. 27 (Xinhua) -- China and India agreed on Monday to resume direct flights.\n",
        );
        assert_eq!(
            a.published_at.map(|p| p.to_string()).as_deref(),
            Some("2025-01-28T09:38:22+08:00")
        );
        assert_eq!(credits(&a), [("huaxia", CreditRole::Editor)]);
        let a = parse_text(
            "Trump urges voters to back Moore\n\nPENSACOLA, Fla. (Reuters) - U.S. President Donald Trump on Friday voiced support for Roy Moore.  He spoke at a rally. (Reporting by Jane Doe; Editing by Bill Roe)\n",
        );
        assert_eq!(
            credits(&a),
            [("Jane Doe", CreditRole::Reporter), ("Bill Roe", CreditRole::Editor)]
        );
        assert_eq!(
            a.dateline.as_ref().map(|d| d.location.as_str()),
            Some("PENSACOLA, Fla.")
        );
    }

    #[test]
    fn a_standfirst_above_the_byline_is_not_body() {
        let a = parse_text(
            "Why the moon matters again\n\nThe race back to the moon has drawn in private firms, and the stakes are higher than ever before for all of them.\n\nby Jane Doe\n19 Nov 2019\n\nGetting to the Moon, while not easy, has been done many times before by crews from one country.\n\nStaying there is harder.\n\nEnditem\n",
        );
        let k = kinds(&a);
        assert_eq!(k[1].0, ParagraphKind::Headline);
        assert!(
            a.slice(a.body().next().unwrap().span)
                .starts_with("Getting to the Moon")
        );
        assert_eq!(k.last().map(|p| p.0), Some(ParagraphKind::Footer));
        assert_eq!(credits(&a), [("Jane Doe", CreditRole::Author)]);
    }

    #[test]
    fn afp_pti_and_bare_agency_datelines() {
        let a = parse_text(
            "France to raise pension age\n\nPARIS, Jan 27, 2025 (AFP) - France will raise the pension age, the prime minister said on Monday.\n\nUnions called for strikes.",
        );
        assert_eq!(
            (a.source.as_deref(), a.dateline.as_ref().and_then(|d| d.date)),
            (Some("AFP"), Some(date(2025, 1, 27)))
        );
        let a = parse_text(
            "Monsoon arrives early\n\nNEW DELHI, June 1 (PTI) The monsoon reached Kerala on Saturday, three days ahead of schedule, the weather office said.\n\nPTI 06:45, June 2, 2024\n",
        );
        assert_eq!(a.source.as_deref(), Some("PTI"));
        assert_eq!(
            a.dateline.as_ref().map(|d| (d.location.as_str(), d.date)),
            Some(("NEW DELHI", Some(date(2024, 6, 1))))
        );
        let a = parse_text(
            "Twitter shuts account\n\n(Reuters) - Twitter Inc faced questions on Friday about its approach to internal security.\n",
        );
        let d = a.dateline.as_ref().unwrap();
        assert_eq!((d.location.as_str(), a.slice(d.span)), ("", "(Reuters) -"));
    }

    #[test]
    fn al_jazeera_page_text() {
        let text = "Moon race heats up | News | Al Jazeera\n\nHome\nNews\n\nMoon race heats up\n\nNASA's sights are set on the Moon and Mars, and private firms want a share of the work.\n\nby Laura Winter\n19 Nov 2019 05:44 GMT\n\nAn illustration of a lunar lander [SpaceX via Nasa]\n\nWashington, DC, United States: Getting to the Moon, while not easy, has been done many times before.\n\nMore:\n\nThe New Space Race\n\nSpacewalking into history\n\nNASA chose five more companies on Monday to bid for lunar deliveries.\n\nSOURCE: Al Jazeera News\n\nABOUT THE AUTHOR\n\nLaura Winter\n";
        let a = parse_text(text);
        assert_eq!(a.title.as_deref(), Some("Moon race heats up"));
        assert_eq!(a.source.as_deref(), Some("Al Jazeera"));
        assert_eq!(
            a.published_at.map(|p| p.to_string()).as_deref(),
            Some("2019-11-19T05:44:00Z")
        );
        assert_eq!(
            a.dateline.as_ref().map(|d| d.location.as_str()),
            Some("Washington, DC, United States")
        );
        assert_eq!(credits(&a), [("Laura Winter", CreditRole::Author)]);
        let body: Vec<&str> = a.body().map(|p| a.slice(p.span)).collect();
        assert_eq!(body.len(), 2, "{:?}", kinds(&a));
        assert!(body[0].starts_with("Washington, DC"));
        let k = kinds(&a);
        assert!(k.contains(&(
            ParagraphKind::Caption,
            "An illustration of a lunar lander [SpaceX via Nasa]"
        )));
        assert!(k.contains(&(ParagraphKind::Boilerplate, "The New Space Race")));
    }

    #[test]
    fn html_spans_slice_the_extracted_text() {
        let html = r#"<html lang="en"><head><title>Talks resume - Example News</title>
            <meta property="og:title" content="Talks resume">
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2025-01-28T09:38:00+08:00">
            <meta name="author" content="Jane Doe"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Talks resume</h1>
            <p>BEIJING, Jan. 27 (Xinhua) -- China and India should strive for mutual understanding, support and collaboration, rather than fostering suspicion, Chinese Foreign Minister Wang Yi said Monday.</p>
            <p>Chinese Foreign Minister Wang Yi meets India's Foreign Secretary Vikram Misri in Beijing, Jan. 27, 2025. (Xinhua/Gao Jie)</p>
            <p>Wang made the remarks during a meeting with India's Foreign Secretary Vikram Misri in Beijing, where both sides agreed to resume direct flights and to hold further talks this year.</p>
            <p>(Web editor: Xian Jiangnan, Wu Chaolan)</p>
            </article></body></html>"#;
        let a = parse(&Document::html(html), &Limits::default(), &Vocabulary::default()).unwrap();
        assert_eq!(a.title.as_deref(), Some("Talks resume"));
        assert_eq!(a.source.as_deref(), Some("Xinhua"));
        assert_eq!(
            a.published_at.map(|p| p.to_string()).as_deref(),
            Some("2025-01-28T09:38:00+08:00")
        );
        assert_eq!(
            a.dateline.as_ref().map(|d| (a.slice(d.span), d.date)),
            Some(("BEIJING, Jan. 27 (Xinhua) --", Some(date(2025, 1, 27))))
        );
        for p in &a.paragraphs {
            assert!(p.span.get(&a.text).is_some());
        }
        for s in &a.sentences {
            assert!(s.span.get(&a.text).is_some());
        }
        let names: Vec<_> = credits(&a);
        assert!(names.contains(&("Gao Jie", CreditRole::Photographer)));
        assert!(names.contains(&("Wu Chaolan", CreditRole::Editor)));
        assert!(names.contains(&("Jane Doe", CreditRole::Author)));
        assert_eq!(a.body().count(), 2);
        assert_eq!(a.language_code.as_deref(), Some("en"));
    }

    #[test]
    fn a_page_sent_as_text_is_parsed_as_html_with_a_notice() {
        let page = "<!doctype html><html><head><title>Talks in Beijing</title>\
            <script>var HFS = window.HFS && HFS.init();</script></head><body>\
            <article><p>BEIJING, Jan. 27 (Xinhua) -- Wang Yi met Vikram Misri in Beijing on Monday.</p>\
            <p>China and India should cooperate rather than compete, Wang said.</p></article></body></html>";
        let as_text = parse_text(page);
        let as_html = parse(&Document::html(page), &Limits::default(), &Vocabulary::default()).expect("parses");
        assert_eq!(as_text.notices, [Notice::TextIsHtml]);
        assert!(as_html.notices.is_empty());
        assert_eq!(as_text.text, as_html.text);
        assert!(!as_text.text.contains("HFS") && !as_text.text.contains('<'));
        assert_eq!(as_text.title.as_deref(), Some("Talks in Beijing"));
        assert!(
            parse_text("Wang Yi said China and India should cooperate.")
                .notices
                .is_empty()
        );
    }

    #[test]
    fn language_codes_are_read_as_language_subtags() {
        let with_code = |code: &str| {
            let mut doc = Document::text(
                "Wang Yi said China and India should strive for mutual understanding, support and \
                 collaboration rather than fostering suspicion, and that the two neighbours should meet halfway.",
            );
            doc.language_code = Some(code.to_owned());
            parse(&doc, &Limits::default(), &Vocabulary::default())
        };
        for code in ["EN", "en-GB", "en_GB", "eng"] {
            assert_eq!(
                with_code(code).expect(code).language_code.as_deref(),
                Some("en"),
                "{code}"
            );
        }
        assert_eq!(with_code("zh-Hans").expect("zh").language_code.as_deref(), Some("zh"));
        assert_eq!(
            with_code("und").expect("und").language_code.as_deref(),
            Some("en"),
            "detected"
        );
        let e = with_code("English!").expect_err("not a code");
        assert_eq!((e.kind(), e.field()), (ErrorKind::InvalidInput, Some("language_code")));
    }

    #[test]
    fn non_english_text_gets_regions_and_sentences() {
        let a = parse_text(
            "中印应该合作而不是分裂\n\n新华社北京1月27日电 中共中央政治局委员、外交部长王毅27日在北京会见印度外交秘书米斯里。王毅表示，中印双方应该相互理解、相互支持、相互成就。\n\n米斯里表示，印方愿同中方庆祝两国建交75周年。",
        );
        assert_eq!(a.language_code.as_deref(), Some("zh"));
        assert_eq!(a.title.as_deref(), Some("中印应该合作而不是分裂"));
        assert_eq!(a.body().count(), 2);
        assert!(!a.sentences.is_empty());
    }

    #[test]
    fn odd_pages_give_an_article_or_a_clear_error() {
        let long_p = format!("<p>{}</p>", "Word ".repeat(5000));
        let deep = format!("{}text{}", "<div>".repeat(2000), "</div>".repeat(2000));
        for html in [
            "<html></html>",
            "just some text without tags",
            "<p>short</p>",
            "<script>alert(1)</script>",
            "\u{0}\u{1}<<<>>>&&&;;",
            long_p.as_str(),
            deep.as_str(),
        ] {
            let mut doc = Document::html(html);
            doc.url = Some("not a url".to_owned());
            match parse(&doc, &Limits::default(), &Vocabulary::default()) {
                Ok(a) => {
                    assert!(a.paragraphs.iter().all(|p| p.span.get(&a.text).is_some()));
                    assert!(a.sentences.iter().all(|s| s.span.get(&a.text).is_some()));
                }
                Err(e) => assert_eq!(e.field(), Some("html")),
            }
        }
    }

    #[test]
    fn empty_and_oversized_input_are_refused() {
        let e = parse(&Document::text(" \n "), &Limits::default(), &Vocabulary::default()).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::EmptyInput, Some("text")));
        let e = parse(
            &Document::html("x".repeat(20)),
            &Limits { max_input_bytes: 10 },
            &Vocabulary::default(),
        )
        .unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::TooLarge, Some("html")));
    }

    #[test]
    fn pathological_input_stays_fast_and_whole() {
        let long = "BEIJING (Xinhua) -- ".to_owned() + &"Word \"quoted\" Capital (X/Y) ".repeat(20_000);
        let a = parse_text(&long);
        assert!(!a.paragraphs.is_empty());
        let lines = "Short line\n".repeat(20_000);
        let a = parse_text(&lines);
        assert!(a.paragraphs.len() > 1000);
        let a = parse_text("(\n)\n[\n]\n-\n--\n&#\n By\nBy \n(Reuters\n");
        assert!(a.paragraphs.iter().all(|p| p.span.get(&a.text).is_some()));
    }
}
