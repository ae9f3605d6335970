//! Whether a document sent as text is really a web page: callers paste
//! pages into the text field, and read as wire copy their scripts and
//! markup would become participants ("HFS &&") and the gist.

/// Elements whose tags mark markup rather than prose that mentions a tag.
const ELEMENTS: &[&str] = &[
    "a",
    "article",
    "b",
    "body",
    "br",
    "button",
    "div",
    "em",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "script",
    "section",
    "span",
    "strong",
    "style",
    "svg",
    "table",
    "td",
    "title",
    "tr",
    "ul",
];

/// Tags of [`ELEMENTS`] anywhere in a text that does not open with one,
/// at least one per this many bytes, that make it a page with some text
/// before it.
const TAGS_ANYWHERE: usize = 20;
const BYTES_PER_TAG: usize = 500;

/// Whether `text` is HTML: it opens with a doctype, an `<html>` or XML
/// declaration, or with a tag of a common element and has another; or it
/// is dense with such tags throughout. Prose that mentions a tag or two
/// ("the <p> element") stays text.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let opens = |prefix: &str| {
        start
            .get(..prefix.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
    };
    if opens("<!doctype html") || opens("<html") || opens("<?xml") {
        return true;
    }
    let tags = tags(start);
    (start.starts_with('<') && tags >= 2) || (tags >= TAGS_ANYWHERE && tags * BYTES_PER_TAG >= start.len())
}

/// How many opening or closing tags of [`ELEMENTS`] `text` holds.
fn tags(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (i, _) in text.match_indices('<') {
        let mut j = i + 1;
        if bytes.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_end = j + bytes[j..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let name = &text[j..name_end];
        let closed = matches!(
            bytes.get(name_end),
            Some(b'>' | b'/') | Some(b' ' | b'\t' | b'\n' | b'\r')
        );
        if closed && ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_fragments_are_html() {
        for page in [
            "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>",
            "\u{feff}  <html lang=\"en\"><body>Hi</body></html>",
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"></html>",
            "<div class=\"story\"><p>Wang Yi said so.</p></div>",
        ] {
            assert!(looks_like_html(page), "{page}");
        }
        let pasted = format!(
            "Skip to content\n{}",
            "<div><a href=\"/x\">Story</a></div><script>var HFS = a && b;</script>\n".repeat(10)
        );
        assert!(looks_like_html(&pasted));
    }

    #[test]
    fn prose_that_mentions_tags_is_text() {
        for text in [
            "BEIJING, Jan. 27 (Xinhua) -- Wang Yi said China and India should cooperate.",
            "The <p> element starts a paragraph, a browser maker said on Monday.",
            "<Reuters> Shares fell 3% as profits < forecasts; analysts said a > b.",
            "Use <b>bold</b> sparingly, the style guide says. It is a long article about markup, \
             which a reader would call prose and nothing else.",
        ] {
            assert!(!looks_like_html(text), "{text}");
        }
    }
}
