//! Quotation marks: which tokens open or close a quote, and which stand
//! inside one, paragraph by paragraph.

use super::{Token, flag};

/// Marks quotation marks and the tokens inside quotes in one paragraph.
/// A quote still open at the paragraph's end stays open to that end (a
/// quote running over several paragraphs reopens each paragraph).
pub(super) fn mark(toks: &mut [Token], text: &str) {
    let mut double = false;
    let mut single = false;
    for i in 0..toks.len() {
        let s = toks[i].span.slice(text);
        // Read only for a straight single quote: most tokens are none.
        let before_space = || {
            toks[i].span.begin == 0
                || text[..toks[i].span.begin]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || c == '(')
        };
        let mut mark = 0;
        match s {
            "\"" => {
                mark = if double { flag::QCLOSE } else { flag::QOPEN };
                double = !double;
            }
            "“" | "«" | "„" | "「" | "『" => {
                mark = flag::QOPEN;
                double = true;
            }
            "”" | "»" | "」" | "』" => {
                mark = flag::QCLOSE;
                double = false;
            }
            "‘" => {
                mark = flag::QOPEN;
                single = true;
            }
            "’" | "'" if single => {
                mark = flag::QCLOSE;
                single = false;
            }
            "'" if before_space() && toks.get(i + 1).is_some_and(|n| n.span.begin == toks[i].span.end) => {
                mark = flag::QOPEN;
                single = true;
            }
            _ => {}
        }
        if mark != 0 {
            toks[i].flags |= mark;
        } else if double || single {
            toks[i].flags |= flag::INQ;
        }
    }
}
