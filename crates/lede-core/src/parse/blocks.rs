//! Paragraphs of plain text.
//!
//! A paragraph ends at a blank line; inside a block, a line break ends one
//! too unless the text is hard-wrapped there. Wire copy of the 1980s marks
//! paragraphs by indenting their first line and wraps the rest at about 70
//! columns; web scrapes put one short item a line (navigation, bylines,
//! photo credits), which stay paragraphs of their own.

use crate::Span;

use super::dateline;

/// Whether a line ends a sentence (or a quoted one).
pub(crate) fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .ends_with(['.', '!', '?', ':', '。', '！', '？'])
}

/// The paragraph spans of `text`, without their surrounding white space.
pub(crate) fn paragraphs(text: &str) -> Vec<Span> {
    struct Line {
        begin: usize,
        end: usize,
        indented: bool,
        blank: bool,
    }
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
        });
        offset += raw.len();
    }
    let indented = lines.iter().filter(|l| l.indented).count();
    let blank = lines.iter().filter(|l| l.blank).count();
    let indent_mode = indented >= 2 && blank < indented;

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
            let a = text[p.begin..p.end].trim();
            let b = text[line.begin..line.end].trim();
            let joins = if dateline::parse(a).is_some_and(|d| d.len == a.len()) {
                // A dateline alone on its line opens the paragraph below it.
                true
            } else if indent_mode {
                !line.indented && (a.chars().count() >= 40 || b.starts_with(char::is_lowercase))
            } else {
                b.starts_with(char::is_lowercase) || (a.chars().count() >= 50 && !ends_sentence(a))
            };
            if !joins {
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
    fn short_lines_stay_apart() {
        let text = "By DANICA KIRKA and JILL LAWLESS\nAssociated Press\nITV, ASSOCIATED PRESS\n";
        assert_eq!(paras(text).len(), 3);
    }
}
