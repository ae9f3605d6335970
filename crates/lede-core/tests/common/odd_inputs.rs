//! Odd and hostile documents that any entry point (the library, gRPC, the
//! command line) must answer or refuse cleanly. Shared by the robustness
//! tests of every layer through `#[path]`.

#![allow(dead_code)]

/// A document: plain text, or HTML when `html` is set.
pub struct OddInput {
    /// What the case is.
    pub name: &'static str,
    /// The content.
    pub content: String,
    /// Whether `content` is HTML.
    pub html: bool,
}

fn text(name: &'static str, content: impl Into<String>) -> OddInput {
    OddInput {
        name,
        content: content.into(),
        html: false,
    }
}

fn html(name: &'static str, content: impl Into<String>) -> OddInput {
    OddInput {
        name,
        content: content.into(),
        html: true,
    }
}

/// Every case; none is over the default input limit.
pub fn odd_inputs() -> Vec<OddInput> {
    vec![
        text("one 1 MB line without punctuation", "word ".repeat(200_000)),
        text("one 200,000-character word", "a".repeat(200_000)),
        text(
            "control characters and NULs",
            "Hello\u{0}\u{1}\u{7} world.\u{0}\n\u{1b}[31m He said.\r\n".repeat(100),
        ),
        text(
            "right-to-left and zero-width marks",
            "\u{202e}Wang\u{200b} said\u{200d} \u{2067}yes\u{2069}. \u{feff}\u{200f}".repeat(100),
        ),
        text("5,000 unbalanced quotation marks", "\"“ He said ‘ « ".repeat(1_250)),
        text(
            "Chinese text",
            "中国外交部长王毅27日在北京会见印度外交秘书米斯里。王毅表示，中印双方应该相互理解。".repeat(50),
        ),
        text(
            "capitalized words only",
            "Wang Yi Misri Beijing India China Said Added ".repeat(5_000),
        ),
        text("blank lines only between one-letter lines", "a\n\nb\n\n".repeat(10_000)),
        text("emoji", "😀 said 😀. “😀,” 😀 added.".repeat(1_000)),
        text("a dateline and nothing else", "BEIJING, Jan. 27 (Xinhua) --"),
        html(
            "HTML nested 20,000 deep",
            format!(
                "<html><body>{}deep text.{}</body></html>",
                "<div>".repeat(20_000),
                "</div>".repeat(20_000)
            ),
        ),
        html(
            "HTML without a body",
            "<html><head><title>Only a title</title></head></html>",
        ),
        html("HTML that is not HTML at all", "just words, no tags"),
        html("HTML unclosed everywhere", "<p><b><i><a href='x'>text".repeat(2_000)),
        html("HTML of a script only", "<script>var a = '<p>not text</p>';</script>"),
    ]
}
