//! Scoring as `../shared/eval/score_statements.py` scores: exact and
//! token figures per role, and statements matched with and without their
//! speaker.

use std::collections::HashSet;

use lede_core::Statement;

use super::data::{ByteSpan, GoldDoc};

/// The figures of `score_statements.py`.
pub(crate) struct Figures {
    /// Exact (tp, predicted, gold) per role: source, cue, content.
    pub exact: [[usize; 3]; 3],
    /// Token (tp, predicted, gold) per role.
    pub token: [[usize; 3]; 3],
    /// Statement matches.
    pub statement: [usize; 3],
    /// Statement matches with the speaker.
    pub statement_speaker: [usize; 3],
}

/// Precision, recall and F1 of (true positives, predicted, gold).
pub(crate) fn prf(c: [usize; 3]) -> (f64, f64, f64) {
    let p = if c[1] > 0 { c[0] as f64 / c[1] as f64 } else { 0.0 };
    let r = if c[2] > 0 { c[0] as f64 / c[2] as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Figures {
    /// Prints the figures as the scorer does.
    pub(crate) fn print(&self) {
        println!(
            "{:<10}{:>9}{:>7}{:>7}   {:>8}{:>7}{:>7}",
            "role", "exact P", "R", "F1", "token P", "R", "F1"
        );
        for (k, role) in ["source", "cue", "content"].iter().enumerate() {
            let (ep, er, ef) = prf(self.exact[k]);
            let (tp, tr, tf) = prf(self.token[k]);
            println!("{role:<10}{ep:>9.3}{er:>7.3}{ef:>7.3}   {tp:>8.3}{tr:>7.3}{tf:>7.3}");
        }
        let (sp, sr, sf) = prf(self.statement);
        let (kp, kr, kf) = prf(self.statement_speaker);
        println!("statement          P {sp:.3}  R {sr:.3}  F1 {sf:.3}");
        println!("statement+speaker  P {kp:.3}  R {kr:.3}  F1 {kf:.3}");
    }
}

/// Outer characters the scorer trims before exact comparison.
const TRIM: &str = " \t\r\n\"'“”‘’.,;:—–-―()";

/// Scores statements against gold as `score_statements.py` does, in byte
/// offsets (equal to its code-point comparison since both map one to one).
pub(crate) fn score(docs: &[&GoldDoc], preds: &[Vec<Statement>]) -> Figures {
    let mut fig = Figures {
        exact: [[0; 3]; 3],
        token: [[0; 3]; 3],
        statement: [0; 3],
        statement_speaker: [0; 3],
    };
    for (d, pred) in docs.iter().zip(preds) {
        let text = d.text.as_str();
        let words = word_tokens(text);
        let mut gold_roles: [Vec<ByteSpan>; 3] = Default::default();
        let mut gold_items = Vec::new();
        for q in &d.quotes {
            gold_roles[0].extend(&q.source);
            gold_roles[1].extend(&q.cue);
            gold_roles[2].extend(&q.content);
            gold_items.push((q.source.clone(), token_ids(&words, &q.content)));
        }
        let mut pred_roles: [Vec<ByteSpan>; 3] = Default::default();
        let mut pred_items = Vec::new();
        for s in pred {
            let src: Vec<ByteSpan> = s.speaker.iter().map(|sp| (sp.begin, sp.end)).collect();
            pred_roles[0].extend(&src);
            pred_roles[1].extend(s.cue.iter().map(|c| (c.span.begin, c.span.end)));
            let con: Vec<ByteSpan> = s.content.iter().map(|c| (c.begin, c.end)).collect();
            pred_roles[2].extend(&con);
            pred_items.push((src, token_ids(&words, &con)));
        }
        for r in 0..3 {
            let g: HashSet<ByteSpan> = gold_roles[r].iter().map(|&s| trim(text, s)).collect();
            let p: HashSet<ByteSpan> = pred_roles[r].iter().map(|&s| trim(text, s)).collect();
            fig.exact[r][0] += g.intersection(&p).count();
            fig.exact[r][1] += p.len();
            fig.exact[r][2] += g.len();
            let gt = token_ids(&words, &gold_roles[r]);
            let pt = token_ids(&words, &pred_roles[r]);
            fig.token[r][0] += gt.intersection(&pt).count();
            fig.token[r][1] += pt.len();
            fig.token[r][2] += gt.len();
        }
        for (counts, need_speaker) in [(&mut fig.statement, false), (&mut fig.statement_speaker, true)] {
            let mut used = HashSet::new();
            for (psrc, ptoks) in &pred_items {
                let mut best = (0.0, None);
                for (j, (gsrc, gtoks)) in gold_items.iter().enumerate() {
                    if used.contains(&j) || ptoks.is_empty() || gtoks.is_empty() {
                        continue;
                    }
                    let dice = 2.0 * ptoks.intersection(gtoks).count() as f64 / (ptoks.len() + gtoks.len()) as f64;
                    if dice < 0.5 {
                        continue;
                    }
                    if need_speaker
                        && (!gsrc.is_empty() || !psrc.is_empty())
                        && !psrc
                            .iter()
                            .any(|&(pa, pb)| gsrc.iter().any(|&(ga, gb)| pa < gb && ga < pb))
                    {
                        continue;
                    }
                    if dice > best.0 {
                        best = (dice, Some(j));
                    }
                }
                if let (_, Some(j)) = best {
                    used.insert(j);
                    counts[0] += 1;
                }
            }
            counts[1] += pred_items.len();
            counts[2] += gold_items.len();
        }
    }
    fig
}

/// `re.finditer(r"\w+")` spans.
fn word_tokens(text: &str) -> Vec<ByteSpan> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn token_ids(words: &[ByteSpan], spans: &[ByteSpan]) -> HashSet<usize> {
    let mut out = HashSet::new();
    for &(a, b) in spans {
        let first = words.partition_point(|&(wa, _)| wa < a);
        for (k, &(wa, wb)) in words.iter().enumerate().skip(first) {
            if wa >= b {
                break;
            }
            if wb <= b {
                out.insert(k);
            }
        }
    }
    out
}

/// The span without the outer characters the scorer trims.
pub(crate) fn trim(text: &str, (mut a, mut b): ByteSpan) -> ByteSpan {
    while a < b {
        match text[a..b].chars().next() {
            Some(c) if TRIM.contains(c) => a += c.len_utf8(),
            _ => break,
        }
    }
    while b > a {
        match text[a..b].chars().next_back() {
            Some(c) if TRIM.contains(c) => b -= c.len_utf8(),
            _ => break,
        }
    }
    (a, b)
}
