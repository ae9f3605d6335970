//! Paragraphs of plain text.
//!
//! A paragraph ends at a blank line; inside a block, a line break ends one
//! too unless the text is hard-wrapped there. Wire copy wraps its lines at
//! a fixed width (about 70 columns) and, in the 1980s, marked paragraphs by
//! indenting their first line; web scrapes put one short item a line
//! (navigation, bylines, photo credits), which stay paragraphs of their
//! own.
//!
//! Whether a text is hard-wrapped is read off its lines: many of its long
//! lines inside blocks end where the next word would not have fit within
//! the widest. In such a text a line break is a space wherever the next
//! word would not have fit, or the line breaks off mid-sentence; it ends the
//! paragraph where the line stops short after a sentence. Indented copy
//! opens each paragraph with an indented line. Text that is neither puts a
//! paragraph a line, unless a line carries on in lower case. Everywhere, a
//! line break ends a paragraph before a line that opens with a dateline,
//! and after a headline in capitals above mixed-case text. After parse,
//! every line break inside a paragraph is a space to every reader.

use crate::Span;

use super::{dateline, furniture};
use crate::tokens::is_abbreviation;

/// Whether a line ends a sentence (or a quoted one).
pub(crate) fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .ends_with(['.', '!', '?', ':', '。', '！', '？'])
}

/// One line of the text.
struct Line {
    begin: usize,
    end: usize,
    /// Starts with white space (and holds more).
    indented: bool,
    blank: bool,
    /// Width in characters, indentation included, trailing space not.
    width: usize,
    /// Characters of its first word.
    first_word: usize,
}

impl Line {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        text[self.begin..self.end].trim()
    }
}

/// The paragraph spans of `text`, without their surrounding white space.
pub(crate) fn paragraphs(text: &str) -> Vec<Span> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        lines.push(Line {
            begin: offset,
            end: offset + content.len(),
            indented: content.starts_with([' ', '\t']) && !trimmed.is_empty(),
            blank: trimmed.is_empty(),
            width: content.trim_end().chars().count(),
            first_word: trimmed.split_whitespace().next().map_or(0, |w| w.chars().count()),
        });
        offset += raw.len();
    }
    let indented = lines.iter().filter(|l| l.indented).count();
    let blank = lines.iter().filter(|l| l.blank).count();
    let indent_mode = indented >= 1 && blank < indented;
    let wrap = wrap_width(&lines);

    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<&Line> = None;
    for line in &lines {
        if line.blank {
            if let (Some(s), Some(p)) = (start.take(), prev) {
                out.push(Span::new(s, p.end).trim(text));
            }
            prev = None;
            continue;
        }
        if let (Some(s), Some(p)) = (start, prev) {
            if !joins(text, p, line, indent_mode, wrap) {
                out.push(Span::new(s, p.end).trim(text));
                start = Some(line.begin);
            }
        } else {
            start = Some(line.begin);
        }
        prev = Some(line);
    }
    if let (Some(s), Some(p)) = (start, prev) {
        out.push(Span::new(s, p.end).trim(text));
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Whether line `b` goes on the paragraph of the line `a` above it.
fn joins(text: &str, a: &Line, b: &Line, indent_mode: bool, wrap: Option<usize>) -> bool {
    let (sa, sb) = (a.text(text), b.text(text));
    if dateline::parse(sa).is_some_and(|d| d.len == sa.len()) {
        // A dateline alone on its line opens the paragraph below it.
        return true;
    }
    if opens_story(sa, sb) || furniture::stands_alone(sa) || furniture::stands_alone(sb) {
        return false;
    }
    let lower = sb.starts_with(char::is_lowercase);
    if indent_mode {
        // Paragraphs open indented; a line that is not goes on a long line
        // above it, or on a short one that breaks off mid-sentence (the
        // first line of a story whose dateline was cut off).
        return !b.indented && (a.width >= 40 || lower || breaks_off(sa, sb));
    }
    if b.indented && !a.indented {
        return false;
    }
    match wrap {
        Some(width) => {
            // The next word would not have fit on the line: a wrap.
            let full = a.width + 1 + b.first_word > width;
            // A long line breaking off mid-sentence goes on below.
            let mid_sentence = 4 * a.width >= 3 * width && !ends_sentence(sa);
            lower || full || mid_sentence
        }
        // Text that is not hard-wrapped puts a paragraph a line: a line
        // goes on the one above only when it carries on in lower case.
        None => lower,
    }
}

/// Whether line `a` breaks off mid-sentence into line `b`: both hold
/// running words (a lower-case letter), and `a` does not end a sentence
/// (an abbreviation at its end, "the U.S.", ends none).
fn breaks_off(a: &str, b: &str) -> bool {
    let last = a.rsplit(char::is_whitespace).next().unwrap_or(a);
    let abbreviation = last.strip_suffix('.').is_some_and(is_abbreviation);
    a.chars().any(char::is_lowercase) && b.chars().any(char::is_lowercase) && (!ends_sentence(a) || abbreviation)
}

/// Whether a break between lines `a` and `b` must end a paragraph: `b`
/// opens with a dateline, or `a` is a headline in capitals above
/// mixed-case text.
fn opens_story(a: &str, b: &str) -> bool {
    if dateline::parse(b).is_some_and(|d| d.len < b.len() && (d.location.is_some() || d.agency.is_some())) {
        return true;
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = letters(a) >= 4 && !a.chars().any(char::is_lowercase);
    capitals && b.chars().any(char::is_lowercase) && b.split_whitespace().count() >= 2
}

/// The width a hard-wrapped text is wrapped at, or `None` when the text
/// is not hard-wrapped: of the lines of 40 columns or more that stand
/// inside blocks, hardly any runs past 100 columns, and three or more, at
/// least a third of them, end where the next word would not have fit.
fn wrap_width(lines: &[Line]) -> Option<usize> {
    // Lines of 40 columns and more: menus and bylines, one short item a
    // line, say nothing of a wrap.
    let inner: Vec<(usize, usize)> = lines
        .windows(2)
        .filter(|w| !w[0].blank && !w[1].blank && w[0].width >= 40)
        .map(|w| (w[0].width, w[1].first_word))
        .collect();
    let n = inner.len();
    if n < 3 || 20 * inner.iter().filter(|l| l.0 > 100).count() > n {
        return None;
    }
    let width = inner.iter().map(|l| l.0).filter(|&w| w <= 100).max()?;
    let full = inner.iter().filter(|&&(w, next)| w + 1 + next > width).count();
    (width >= 40 && full >= 3 && 3 * full >= n).then_some(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn blank_lines_split() {
        assert_eq!(
            paras(" Title\n\nBody one.\r\n\r\nBody two."),
            ["Title", "Body one.", "Body two."]
        );
    }

    #[test]
    fn indented_wire_copy() {
        let text = "4-MAR-1987 11:19:12.42\n&#2;\nLEAF DISEASE HITS RUBBER\n    COLOMBO, March 4 - A leaf disease affecting seven pct of\nSri Lanka's rubber plantations may reduce output.\n    About 2,900 hectares\nof rubber.\n Reuter\n&#3;\n";
        assert_eq!(
            paras(text),
            [
                "4-MAR-1987 11:19:12.42",
                "&#2;",
                "LEAF DISEASE HITS RUBBER",
                "COLOMBO, March 4 - A leaf disease affecting seven pct of\nSri Lanka's rubber plantations may reduce output.",
                "About 2,900 hectares\nof rubber.",
                "Reuter",
                "&#3;"
            ]
        );
    }

    #[test]
    fn a_lone_dateline_joins_the_table_below() {
        let text = "HEAD\n    PEARL RIVER, N.Y., March 2 -\n    Oper shr eight cts vs five cts\n    Year\n";
        assert_eq!(
            paras(text)[1],
            "PEARL RIVER, N.Y., March 2 -\n    Oper shr eight cts vs five cts"
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_join_whole() {
        let flowing = "Andres Trujillo said the Federal Reserve Board would meet on Tuesday. It is not yet known what the board will decide about rates.\n\nJacques Chirac agreed. He said so on a visit to the United States and to Canada last week, aides said.\nShort line.\n";
        let wrapped = "Andres Trujillo said the Federal Reserve Board would meet on\nTuesday. It is not yet known what the board will decide about\nrates.\n\nJacques Chirac agreed. He said so on a visit to the United States\nand to Canada last week, aides said.\nShort line.\n";
        assert_eq!(paragraphs(flowing), paragraphs(wrapped));
        assert_eq!(paras(wrapped).len(), 3);
    }

    #[test]
    fn a_headline_in_capitals_or_a_dateline_opens_a_paragraph() {
        let text = "VOLKSWAGEN OF AMERICA TO LAY OFF 1,650 WORKERS AT PLANT\nVolkswagen of America Inc said it would lay off 1,650 workers.\n";
        assert_eq!(paras(text).len(), 2);
        let text = "ATT <T> SETS SOME PHONE EQUIPMENT DISCOUNTS\nAmerican Telephone and\nTelegraph Co said small businesses can win a discount.\n    The program starts in April\nand runs to June.\n    The Federal Reserve entered the U.S.\nGovernment securities market.\n";
        assert_eq!(
            paras(text),
            [
                "ATT <T> SETS SOME PHONE EQUIPMENT DISCOUNTS",
                "American Telephone and\nTelegraph Co said small businesses can win a discount.",
                "The program starts in April\nand runs to June.",
                "The Federal Reserve entered the U.S.\nGovernment securities market."
            ]
        );
        let text = "As U.S. budget fight looms, Republicans flip their fiscal script\nWASHINGTON (Reuters) - The head of a faction spoke on Sunday.\n";
        assert_eq!(
            paras(text)[1],
            "WASHINGTON (Reuters) - The head of a faction spoke on Sunday."
        );
    }

    #[test]
    fn short_lines_stay_apart() {
        let text = "By DANICA KIRKA and JILL LAWLESS\nAssociated Press\nITV, ASSOCIATED PRESS\n";
        assert_eq!(paras(text).len(), 3);
    }
}
