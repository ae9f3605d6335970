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

/// Deepest element nesting past which a page is not given to Readability.
const MAX_DEPTH: usize = 400;

/// Most elements Readability is given; pages beyond take the plain route.
const MAX_ELEMENTS: usize = 60_000;

/// The nesting depth of `doc`'s elements, counted up to a little past
/// `limit` (a walk with an explicit stack: no recursion on deep pages).
fn nesting_depth(doc: &dom_query::Document, limit: usize) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > limit {
            break;
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            if c.is_element() {
                stack.push((c, depth + 1));
            }
        }
    }
    deepest
}

/// The text of a page's body, block by block, for pages Readability
/// cannot take; the wire analysis still labels its furniture.
fn plain(doc: &dom_query::Document) -> Page {
    doc.select("script, style, noscript, template, nav, header, footer")
        .remove();
    let body = doc.select("body");
    let text = if body.exists() {
        body.formatted_text()
    } else {
        doc.formatted_text()
    };
    Page {
        text: text.to_string(),
        title: Some(doc.select("title").text().trim().to_owned()).filter(|t| !t.is_empty()),
        lang: doc.select("html").attr("lang").map(|l| l.to_string()),
        ..Page::default()
    }
}

/// Elements a parser closes by itself or that hold nothing: they do not
/// deepen the tree when left open.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt",
    "rp", "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track",
    "wbr", "!doctype",
];

/// How deep the page's tags nest, judged from the markup in one pass
/// (close enough to refuse what the HTML parser handles in quadratic time:
/// every end tag searches the stack of open elements).
fn markup_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if bytes[i + 1..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let closing = bytes.get(i + 1) == Some(&b'/');
        let start = i + 1 + usize::from(closing);
        let end = bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'!'))
            .map_or(bytes.len(), |e| start + e);
        let name = html[start..end].to_ascii_lowercase();
        let tag_end = bytes[end..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |e| end + e);
        let self_closed = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
        if !name.is_empty() && !SELF_CLOSING.contains(&name.as_str()) && !self_closed {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        // Script and style bodies hold no tags.
        i = tag_end + 1;
        if !closing && (name == "script" || name == "style") {
            // Forward to its end tag, comparing without regard to case.
            let n = name.as_bytes();
            while i + 1 < bytes.len()
                && !(bytes[i] == b'<'
                    && bytes[i + 1] == b'/'
                    && bytes[i + 2..].len() >= n.len()
                    && bytes[i + 2..i + 2 + n.len()].eq_ignore_ascii_case(n))
            {
                i += 1;
            }
        }
    }
    deepest
}

/// The text of markup with its tags dropped, a line break for each tag:
/// linear, for pages too deep to parse as a tree.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !out.ends_with("\n\n") {
                    out.push_str("\n\n");
                }
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Extracts the article of `html`; `url` resolves relative links.
pub(crate) fn extract(html: &str, url: Option<&str>) -> Page {
    let config = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    if markup_depth(html) > MAX_DEPTH * 2 {
        return Page {
            text: strip_tags(html),
            ..Page::default()
        };
    }
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
    // Readability scores every node against its ancestors: on pathological
    // nesting that is quadratic, so such pages take the plain route.
    if nesting_depth(&doc, MAX_DEPTH) > MAX_DEPTH {
        return Page {
            captions,
            ..plain(&doc)
        };
    }
    let Ok(mut readability) = Readability::with_document(doc, url, Some(config.clone()))
        .or_else(|_| Readability::with_document(dom_query::Document::from(html), None, Some(config)))
    else {
        return plain(&dom_query::Document::from(html));
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
        Err(_) => Page {
            captions,
            ..plain(&dom_query::Document::from(html))
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_depth_counts_open_elements_only() {
        assert_eq!(
            markup_depth("<html><body><div><p>a<p>b<br><img src=x/></div></body></html>"),
            3
        );
        assert_eq!(
            markup_depth("<div><!-- <div><div> --><script>if (a<b) {}</script></div>"),
            2
        );
        assert_eq!(markup_depth(&"<div>".repeat(5000)), 5000);
        assert_eq!(markup_depth("<"), 0);
        assert_eq!(markup_depth("</"), 0);
        assert_eq!(markup_depth("<!--"), 0);
    }

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
