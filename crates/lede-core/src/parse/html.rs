//! Web pages: the article text and the page's metadata.
//!
//! The main text comes from dom_smoothie (MIT, a Readability.js port with
//! JSON-LD support; on the article-extraction benchmark it scores within a
//! point of trafilatura at four times rs-trafilatura's speed). Its formatted
//! text mode keeps block elements apart with blank lines, which become
//! Lede's paragraphs. The metadata (title, byline, published time, site
//! name, canonical URL, language) comes from the same parse: meta tags,
//! JSON-LD and the document's `lang`.

use std::collections::HashSet;

use dom_smoothie::{Config, Readability, TextMode};

/// What a page yields.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// The article text, paragraphs apart by blank lines.
    pub text: String,
    /// The page's title for the article (metadata, not the `<title>`
    /// with its site suffix where metadata has better).
    pub title: Option<String>,
    /// The byline metadata ("By Jane Doe", "Jane Doe, John Roe").
    pub byline: Option<String>,
    /// The published time as the page states it (ISO 8601 mostly).
    pub published: Option<String>,
    /// The site's name ("Reuters").
    pub site: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// The document's declared language.
    pub lang: Option<String>,
    /// The texts of the links inside the article, folded (white space
    /// collapsed, lower case): a paragraph that is nothing but links is a
    /// list of other stories.
    pub links: HashSet<String>,
    /// The texts of the page's picture captions, folded.
    pub captions: HashSet<String>,
}

/// White space collapsed and lower case, to compare link texts.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Extracts the article of `html`; `url` resolves relative links.
pub(crate) fn extract(html: &str, url: Option<&str>) -> Page {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let doc = dom_query::Document::from(html);
    // Picture captions, to label them where they stand in the text.
    let captions: HashSet<String> = doc
        .select("figcaption, [class*=caption]")
        .iter()
        .map(|n| fold(&n.text()))
        .filter(|t| t.len() >= 10)
        .collect();
    // Hover cards and tooltips repeat a name's profile inside a sentence.
    doc.select("[class*=rollover], [class*=tooltip], [class*=popover], [class*=hovercard]")
        .remove();
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let Ok(mut readability) = Readability::with_document(doc, url, Some(config.clone()))
        .or_else(|_| Readability::with_document(dom_query::Document::from(html), None, Some(config)))
    else {
        return Page::default();
    };
    match readability.parse() {
        Ok(article) => Page {
            captions,
            links: {
                let content = dom_query::Document::from(article.content.as_ref());
                content
                    .select("a")
                    .iter()
                    .map(|a| fold(&a.text()))
                    .filter(|t| t.len() >= 3)
                    .collect()
            },
            text: article.text_content.to_string(),
            title: Some(article.title).filter(|t| !t.trim().is_empty()),
            byline: article.byline.filter(|b| !b.trim().is_empty()),
            published: article.published_time,
            site: article.site_name,
            url: article.url,
            lang: article.lang,
        },
        Err(_) => Page::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_and_metadata() {
        let html = r#"<html lang="en"><head><title>Talks resume - Example News</title>
            <meta property="og:title" content="Talks resume">
            <meta property="article:published_time" content="2025-01-28T09:38:00+08:00">
            <meta name="author" content="Jane Doe">
            <link rel="canonical" href="https://example.com/a"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Talks resume</h1>
            <p>BEIJING, Jan. 27 (Xinhua) -- China and India should strive for mutual understanding, support and collaboration, rather than fostering suspicion, Chinese Foreign Minister Wang Yi said Monday.</p>
            <p>Wang made the remarks during a meeting with India's Foreign Secretary Vikram Misri in Beijing, where both sides agreed to resume direct flights and to hold further talks this year.</p>
            <p>Misri said that India and China have carried out a series of useful dialogues and communications in accordance with the consensus reached by the leaders of the two countries.</p>
            </article><footer>Copyright 2025 Example</footer></body></html>"#;
        let page = extract(html, None);
        assert!(
            page.text.contains("BEIJING, Jan. 27 (Xinhua) -- China"),
            "{}",
            page.text
        );
        assert!(page.text.contains("\n\nWang made"), "{}", page.text);
        assert!(!page.text.contains("Copyright"));
        assert_eq!(page.title.as_deref(), Some("Talks resume"));
        assert_eq!(page.published.as_deref(), Some("2025-01-28T09:38:00+08:00"));
        assert_eq!(page.lang.as_deref(), Some("en"));
    }
}
