//! Corpus tests for the participants stage: the sample article, and the
//! tagger's F1 on the CoNLL-2003 dev set through the whole pipeline, scored
//! as `../shared/eval/score_ner.py` scores it.

use std::collections::HashSet;
use std::path::PathBuf;

use lede_core::{Document, MentionKind, Participant, ParticipantKind, ParticipantRole, Pipeline, SummaryOptions};

fn sample() -> &'static str {
    include_str!("../../../examples/xinhua-china-india.txt")
}

fn find<'a>(ps: &'a [Participant], name: &str) -> &'a Participant {
    ps.iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no participant {name}: {ps:#?}"))
}

#[test]
fn the_sample_article_has_its_people_countries_places_bodies_and_staff() {
    let pipeline = Pipeline::new().unwrap();
    let analysis = pipeline
        .analyze(&Document::text(sample()), &SummaryOptions::default())
        .unwrap();
    let ps = &analysis.extraction.participants;
    for p in ps {
        eprintln!(
            "{} {:?} {:?} {:?} {:?} {:.2} {:?} {:?}",
            p.id,
            p.kind,
            p.name,
            p.titles,
            p.country_code,
            p.salience,
            p.roles,
            p.mentions
                .iter()
                .map(|m| (analysis.article.slice(m.span), m.kind))
                .collect::<Vec<_>>()
        );
    }
    let wang = find(ps, "Wang Yi");
    assert_eq!(wang.kind, ParticipantKind::Person);
    assert_eq!(wang.country_code.as_deref(), Some("CN"));
    assert!(wang.titles.iter().any(|t| t == "Foreign Minister"), "{:?}", wang.titles);
    assert!(
        wang.titles
            .iter()
            .any(|t| t.starts_with("member of the Political Bureau")),
        "{:?}",
        wang.titles
    );
    assert!(wang.mentions.len() >= 6);
    let misri = find(ps, "Vikram Misri");
    assert_eq!(misri.country_code.as_deref(), Some("IN"));
    assert!(
        misri.titles.iter().any(|t| t == "Foreign Secretary"),
        "{:?}",
        misri.titles
    );
    assert!(misri.mentions.len() >= 4);
    for (name, code) in [("China", "CN"), ("India", "IN")] {
        let c = find(ps, name);
        assert_eq!(c.kind, ParticipantKind::Country);
        assert_eq!(c.country_code.as_deref(), Some(code));
    }
    assert!(
        find(ps, "China")
            .mentions
            .iter()
            .any(|m| m.kind == MentionKind::Demonym)
    );
    for name in ["Beijing", "Kazan"] {
        assert_eq!(find(ps, name).kind, ParticipantKind::Location);
    }
    for name in [
        "Shanghai Cooperation Organization",
        "Communist Party of China Central Committee",
    ] {
        assert_eq!(find(ps, name).kind, ParticipantKind::Organization);
    }
    assert!(find(ps, "Gao Jie").roles.contains(&ParticipantRole::Photographer));
    for name in ["Xian Jiangnan", "Wu Chaolan"] {
        let p = find(ps, name);
        assert!(p.roles.contains(&ParticipantRole::Editor));
        assert_eq!(p.salience, 0.0);
    }
    assert!(
        !ps.iter()
            .any(|p| p.kind == ParticipantKind::Organization && (p.name == "Wang" || p.name == "Misri"))
    );
    assert!(!ps.iter().any(|p| p.salience > 0.0 && p.name.contains("Gao")));
    // Most salient first, credited staff last.
    assert_eq!(ps[0].name, "Wang Yi");
    let first_staff = ps.iter().position(|p| p.salience == 0.0).unwrap();
    assert!(ps[first_staff..].iter().all(|p| p.salience == 0.0));
}

/// Whether a sentence is a dateline, as `score_ner.py`'s pattern
/// `^[A-Z][A-Z.'\- ]*( , [A-Za-z.'\- ]+)? \d{4}-\d{2}-\d{2}$` says.
fn is_dateline(s: &str) -> bool {
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
    let place =
        |c: &u8, lower: bool| c.is_ascii_uppercase() || (lower && c.is_ascii_lowercase()) || b".'- ".contains(c);
    let (first, rest) = match s[..head.len()].split_once(" , ") {
        Some((a, b)) => (a.as_bytes(), Some(b.as_bytes())),
        None => (head, None),
    };
    date_ok
        && first.first().is_some_and(u8::is_ascii_uppercase)
        && first.iter().all(|c| place(c, false))
        && rest.is_none_or(|r| !r.is_empty() && r.iter().all(|c| place(c, true)))
}

type Gold = Vec<(usize, usize, &'static str)>;

/// CoNLL documents rebuilt as `score_ner.py input` builds them: tokens
/// joined by one space, sentences by a newline; documents cut before the
/// headline preceding each dateline. Returns (text, gold PER/ORG/LOC spans).
fn conll_documents(data: &str) -> Vec<(String, Gold)> {
    let mut sents: Vec<Vec<(&str, &str)>> = Vec::new();
    let mut cur = Vec::new();
    for line in data.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        match (cols.first(), cols.last()) {
            (Some(w), Some(t)) => cur.push((*w, *t)),
            _ if !cur.is_empty() => sents.push(std::mem::take(&mut cur)),
            _ => {}
        }
    }
    if !cur.is_empty() {
        sents.push(cur);
    }
    let joined: Vec<String> = sents
        .iter()
        .map(|s| s.iter().map(|t| t.0).collect::<Vec<_>>().join(" "))
        .collect();
    let mut cuts = vec![0];
    for (i, line) in joined.iter().enumerate().skip(2) {
        if is_dateline(line) && i - 1 > *cuts.last().unwrap() {
            cuts.push(i - 1);
        }
    }
    cuts.push(sents.len());
    let mut docs = Vec::new();
    for w in cuts.windows(2) {
        let mut text = String::new();
        let mut gold = Vec::new();
        for (si, s) in sents[w[0]..w[1]].iter().enumerate() {
            if si > 0 {
                text.push('\n');
            }
            let mut cur: Option<(usize, usize, &'static str)> = None;
            for (ti, (tok, tag)) in s.iter().enumerate() {
                if ti > 0 {
                    text.push(' ');
                }
                let a = text.len();
                text.push_str(tok);
                let kind: Option<&'static str> = match tag.get(2..) {
                    Some("PER") => Some("PER"),
                    Some("ORG") => Some("ORG"),
                    Some("LOC") => Some("LOC"),
                    Some("MISC") => Some("MISC"),
                    _ => None,
                };
                match kind {
                    None => gold.extend(cur.take()),
                    Some(k) => {
                        if tag.starts_with("B-") || cur.is_none_or(|c| c.2 != k) {
                            gold.extend(cur.take());
                            cur = Some((a, text.len(), k));
                        } else if let Some(c) = cur.as_mut() {
                            c.1 = text.len();
                        }
                    }
                }
            }
            gold.extend(cur.take());
        }
        gold.retain(|g| g.2 != "MISC");
        docs.push((text, gold));
    }
    docs
}

/// `text` hard-wrapped as `../shared/eval/wrap.py` wraps it: where a line
/// would pass `width` columns, the last space before becomes a newline;
/// every byte offset holds.
fn wrap(text: &str, width: usize) -> String {
    let mut out: Vec<char> = text.chars().collect();
    let (mut col, mut last_space) = (0usize, None);
    for (i, &ch) in text.chars().collect::<Vec<_>>().iter().enumerate() {
        if ch == '\n' {
            (col, last_space) = (0, None);
            continue;
        }
        if ch == ' ' {
            last_space = Some(i);
        }
        col += 1;
        if col > width
            && let Some(k) = last_space
        {
            out[k] = '\n';
            (col, last_space) = (i - k, None);
        }
    }
    out.into_iter().collect()
}

/// Per type (PER, ORG, LOC): true positives, predicted, gold.
type Counts = [[usize; 3]; 3];

/// Scores the pipeline's name mentions on `docs` as `score_ner.py` does.
fn score(pipeline: &Pipeline, docs: &[(String, Gold)]) -> Counts {
    let mut counts = Counts::default();
    for (text, gold) in docs {
        let analysis = pipeline
            .analyze(&Document::text(text.as_str()), &SummaryOptions::default())
            .unwrap();
        let mut pred = HashSet::new();
        for p in &analysis.extraction.participants {
            let ty = match p.kind {
                ParticipantKind::Person => "PER",
                ParticipantKind::Organization => "ORG",
                ParticipantKind::Country | ParticipantKind::Location => "LOC",
                // As ../shared/eval/score_ner.py: other kinds are not scored.
                ParticipantKind::Group | ParticipantKind::Facility => continue,
            };
            for m in p.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
                pred.insert((m.span.begin, m.span.end, ty));
            }
        }
        let gold: HashSet<(usize, usize, &str)> = gold.iter().copied().collect();
        for (c, ty) in counts.iter_mut().zip(["PER", "ORG", "LOC"]) {
            c[0] += pred.iter().filter(|p| p.2 == ty && gold.contains(p)).count();
            c[1] += pred.iter().filter(|p| p.2 == ty).count();
            c[2] += gold.iter().filter(|g| g.2 == ty).count();
        }
    }
    counts
}

fn f1(c: [usize; 3]) -> f64 {
    let p = c[0] as f64 / c[1].max(1) as f64;
    let r = c[0] as f64 / c[2].max(1) as f64;
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

/// PER+ORG+LOC F1.
fn f1_all(c: &Counts) -> f64 {
    f1(std::array::from_fn(|k| c.iter().map(|t| t[k]).sum()))
}

/// F1 floors, a little under what was measured (see the participants README).
const FLOOR_ALL: f64 = 0.91;
const FLOOR_PER: f64 = 0.93;
/// How far the hard-wrapped figure may lie from the flowing one.
const WRAP_GAP: f64 = 0.005;

#[test]
fn conll_dev_f1_holds_its_floor_flowing_and_hard_wrapped() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ner/conll2003.dev.txt");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is absent", path.display());
        return;
    };
    let pipeline = Pipeline::new().unwrap();
    let docs = conll_documents(&data);
    assert_eq!(docs.len(), 213, "documents cut as score_ner.py cuts them");
    let wrapped: Vec<(String, Gold)> = docs.iter().map(|(t, g)| (wrap(t, 68), g.clone())).collect();
    assert!(wrapped.iter().zip(&docs).all(|(w, d)| w.0.len() == d.0.len()));
    let flowing = score(&pipeline, &docs);
    let wrapped = score(&pipeline, &wrapped);
    for (name, c) in [("flowing", &flowing), ("hard-wrapped", &wrapped)] {
        let per: Vec<String> = ["PER", "ORG", "LOC"]
            .iter()
            .zip(c)
            .map(|(ty, c)| format!("{ty} {:.3}", f1(*c)))
            .collect();
        eprintln!("{name}: PER+ORG+LOC F1 {:.3} ({})", f1_all(c), per.join(", "));
    }
    assert!(
        f1_all(&flowing) >= FLOOR_ALL,
        "PER+ORG+LOC F1 {:.3} under {FLOOR_ALL}",
        f1_all(&flowing)
    );
    assert!(
        f1(flowing[0]) >= FLOOR_PER,
        "PER F1 {:.3} under {FLOOR_PER}",
        f1(flowing[0])
    );
    let gap = (f1_all(&wrapped) - f1_all(&flowing)).abs();
    assert!(
        gap <= WRAP_GAP,
        "hard-wrapped text scores {gap:.4} away from flowing text"
    );
}

#[test]
fn wrapping_keeps_every_offset() {
    let text = "aaa bbb ccc\nddd eee";
    assert_eq!(wrap(text, 7), "aaa bbb\nccc\nddd eee");
    assert_eq!(wrap("no spaces here", 3), "no\nspaces\nhere");
}
