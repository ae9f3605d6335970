//! CoNLL-2003 files read into documents as `../shared/eval/score_ner.py`
//! builds them: tokens joined by one space, sentences by a newline;
//! documents cut before the headline that precedes each dateline.

use lede_core::Span;

/// An entity of the gold standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Gold {
    /// Where it stands in the document text.
    pub span: Span,
    /// 0 PER, 1 ORG, 2 LOC, 3 MISC.
    pub ty: usize,
}

/// A document with its gold entities.
#[derive(Debug)]
pub(crate) struct Document {
    /// The text, as the scorer gives it to the pipeline.
    pub text: String,
    /// The gold entities, in text order.
    pub gold: Vec<Gold>,
}

impl Document {
    /// The lines of the text: one sentence of CoNLL tokens each.
    pub(crate) fn sentences(&self) -> impl Iterator<Item = &str> {
        self.text.split('\n')
    }
}

/// Whether a sentence is a dateline ("LONDON 1996-08-30"), as the scorer's
/// regular expression `^[A-Z][A-Z.'\- ]*( , [A-Za-z.'\- ]+)? \d{4}-\d{2}-\d{2}$` says.
pub(crate) fn is_dateline(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 12 {
        return false;
    }
    let (head, date) = b.split_at(b.len() - 11);
    let date_ok = date[0] == b' '
        && date[1..].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !date_ok {
        return false;
    }
    let place =
        |c: &u8, lower: bool| c.is_ascii_uppercase() || (lower && c.is_ascii_lowercase()) || b".'- ".contains(c);
    let (first, rest) = match s[..head.len()].split_once(" , ") {
        Some((a, b)) => (a.as_bytes(), Some(b.as_bytes())),
        None => (head, None),
    };
    first.first().is_some_and(u8::is_ascii_uppercase)
        && first.iter().all(|c| place(c, false))
        && rest.is_none_or(|r| !r.is_empty() && r.iter().all(|c| place(c, true)))
}

/// Reads a CoNLL file (word first, tag last on each line) into documents:
/// one after each -DOCSTART- line (GUM's file), or, in a file without
/// them (CoNLL-2003's), cut as the scorer cuts.
pub(crate) fn read(data: &str) -> Vec<Document> {
    let mut docs: Vec<Vec<Vec<(&str, &str)>>> = Vec::new();
    let mut sentences: Vec<Vec<(&str, &str)>> = Vec::new();
    let mut cur = Vec::new();
    let mut marked = false;
    for line in data.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        match (cols.first(), cols.last()) {
            (Some(&"-DOCSTART-"), _) => {
                marked = true;
                if !cur.is_empty() {
                    sentences.push(std::mem::take(&mut cur));
                }
                if !sentences.is_empty() {
                    docs.push(std::mem::take(&mut sentences));
                }
            }
            (Some(w), Some(t)) => cur.push((*w, *t)),
            _ if !cur.is_empty() => sentences.push(std::mem::take(&mut cur)),
            _ => {}
        }
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    if marked {
        docs.extend((!sentences.is_empty()).then_some(sentences));
        return docs.iter().map(|d| document(d)).collect();
    }
    let mut cuts = vec![0];
    for (i, s) in sentences.iter().enumerate().skip(2) {
        let line = s.iter().map(|t| t.0).collect::<Vec<_>>().join(" ");
        if is_dateline(&line) && i - 1 > cuts[cuts.len() - 1] {
            cuts.push(i - 1);
        }
    }
    cuts.push(sentences.len());
    cuts.windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| document(&sentences[w[0]..w[1]]))
        .collect()
}

/// One document of sentences of (word, tag).
fn document(sentences: &[Vec<(&str, &str)>]) -> Document {
    let mut text = String::new();
    let mut gold = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        if k > 0 {
            text.push('\n');
        }
        let mut cur: Option<Gold> = None;
        for (i, (word, tag)) in s.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let span = Span::new(text.len(), text.len() + word.len());
            text.push_str(word);
            let ty = match tag.get(2..) {
                Some("PER") => Some(0),
                Some("ORG") => Some(1),
                Some("LOC") => Some(2),
                Some("MISC") => Some(3),
                _ => None,
            };
            match ty {
                None => gold.extend(cur.take()),
                Some(ty) if tag.starts_with("B-") || cur.is_none_or(|c| c.ty != ty) => {
                    gold.extend(cur.take());
                    cur = Some(Gold { span, ty });
                }
                Some(_) => {
                    if let Some(c) = cur.as_mut() {
                        c.span = c.span.cover(span);
                    }
                }
            }
        }
        gold.extend(cur);
    }
    Document { text, gold }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_match_the_scorers_pattern() {
        assert!(is_dateline("LONDON 1996-08-30"));
        assert!(is_dateline("NEW YORK 1996-08-30"));
        assert!(is_dateline("MOSCOW , Russia 1996-08-30"));
        assert!(!is_dateline("London 1996-08-30"));
        assert!(!is_dateline("LONDON 1996-08"));
    }

    #[test]
    fn documents_are_cut_before_the_headline_of_each_dateline() {
        let data = "EU NNP B-ORG\nrejects VBZ O\n\nLONDON NNP B-LOC\n1996-08-30 CD O\n\nX NN O\n\n\
                    Y NN O\n\nHEAD NN O\n\nPARIS NNP B-LOC\n1996-08-31 CD O\n\nVikram NNP B-PER\nMisri NNP I-PER\n";
        let docs = read(data);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "EU rejects\nLONDON 1996-08-30\nX\nY");
        assert_eq!(docs[1].text, "HEAD\nPARIS 1996-08-31\nVikram Misri");
        let names: Vec<(&str, usize)> = docs[1]
            .gold
            .iter()
            .map(|g| (g.span.slice(&docs[1].text), g.ty))
            .collect();
        assert_eq!(names, [("PARIS", 2), ("Vikram Misri", 0)]);
        assert_eq!(docs[0].sentences().count(), 4);
    }

    #[test]
    fn docstart_lines_start_documents_and_nothing_else_cuts() {
        let data = "-DOCSTART- -X- -X- O\n\nHEAD NN -X- O\n\nPARIS NNP -X- B-LOC\n1996-08-31 CD -X- O\n\n\
                    -DOCSTART- -X- -X- O\n\nAda NNP -X- B-PER\nLovelace NNP -X- I-PER\nwrote VBD -X- O\n";
        let docs = read(data);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "HEAD\nPARIS 1996-08-31");
        assert_eq!(docs[1].text, "Ada Lovelace wrote");
        assert_eq!(docs[1].gold[0].span.slice(&docs[1].text), "Ada Lovelace");
    }
}
