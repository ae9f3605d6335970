//! What callers send: a document of plain text or HTML.

/// The content of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Plain text, such as scraped wire copy. `Article::text` is exactly this.
    Text(String),
    /// A web page. `Article::text` is the article text extracted from it.
    Html(String),
}

/// One document to analyse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The content: plain text or HTML.
    pub content: Content,
    /// Where the document came from, if the caller knows; used to resolve
    /// relative links and as a fallback for the source.
    pub url: Option<String>,
    /// BCP-47 language code the caller asserts ("en"); detected when absent.
    pub language_code: Option<String>,
    /// When the document was published, if the caller knows (from its
    /// feed or CMS). It resolves a dateline without a year and relative
    /// dates ("said Monday"), and stands as [`Article::published_at`]
    /// when the document itself states none.
    ///
    /// [`Article::published_at`]: crate::Article::published_at
    pub published_at: Option<crate::Published>,
}

impl Document {
    /// A plain-text document.
    pub fn text(text: impl Into<String>) -> Document {
        Document {
            content: Content::Text(text.into()),
            url: None,
            language_code: None,
            published_at: None,
        }
    }

    /// An HTML document.
    pub fn html(html: impl Into<String>) -> Document {
        Document {
            content: Content::Html(html.into()),
            url: None,
            language_code: None,
            published_at: None,
        }
    }
}

/// Bounds on what one call may ask of the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest text or HTML accepted, in bytes.
    pub max_input_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 4 * 1024 * 1024,
        }
    }
}
