//! Rules over the taggers' output, for layouts the taggers' sentence
//! windows cannot see or that the training data holds too few of:
//!
//! - a paragraph led by a name and a colon ("PENCE: Well, ...", a headline
//!   "Pence: Gennifer Flowers Won't Be at Debate");
//! - a quote signed with a dash ("“...” ― Sonya Herridge");
//! - a participial cue before the main clause ("Noting that ..., Wang
//!   said ..."): its speaker is the main clause's, its content ends at the
//!   comma before it; after it ("..., Mr Ebbers said, adding that ..."),
//!   it takes the main clause's speaker when it has none;
//! - a speaker and cue set off by commas mid-sentence ("The museum, Mr.
//!   Bush said, celebrated ..."): the content goes on after them;
//! - a quote running over several paragraphs (no closing mark at a
//!   paragraph's end, an opening mark at the next one's start);
//! - a quoted sentence nobody is named for: a statement without speaker
//!   or cue, rather than a guessed one;
//! - such a quote in the sentence right after a named speaker's quote
//!   and cue: a further content of that statement
//!   (a quote split by its cue is one statement, as PolNeAR has it);
//! - such a quote opening the paragraph right after one that quotes a
//!   named speaker: that speaker's, marked as continued;
//! - a cue inside another statement's content, with no speaker of its own
//!   or with its speaker in that content too: a verb of the reported
//!   clause or a position the outer speaker reports, dropped;
//! - a content two statements share: it stays with the statement cued in
//!   its own sentence ("\"...,\" Mr Bakrie said."), not one cued in the
//!   next sentence whose window reached over it.

use super::doc::Doc;
use super::{Chunk, Found};
use crate::tokens::flag;

/// Paragraph labels that look like "Name:" but name no speaker.
const LABELS: &[&str] = &[
    "note",
    "update",
    "updated",
    "photo",
    "photos",
    "video",
    "source",
    "sources",
    "related",
    "read",
    "watch",
    "correction",
    "editor",
    "editors",
    "tags",
    "share",
    "advertisement",
    "see",
    "also",
    "q",
    "a",
    "click",
    "image",
    "credit",
    "follow",
    "subscribe",
    "warning",
    "disclaimer",
    "contact",
    "email",
    "phone",
    "web",
    "by",
    "from",
    "to",
    "subject",
    "date",
    "cc",
    "re",
];

/// The most paragraphs one quote may run over.
const MAX_QUOTE_PARAGRAPHS: usize = 30;

/// The most tokens of a quote signed with a dash.
const MAX_SIGNED_QUOTE: usize = 400;

/// The most statements before or after a participial cue searched for its
/// main clause.
const MAX_LOOKAHEAD: usize = 8;

/// Words a quote needs to count as a statement of its own.
const MIN_QUOTE_WORDS: usize = 6;

/// Applies every rule to the statements the taggers found.
pub(crate) fn apply(doc: &Doc, found: &mut Vec<Found>) {
    shared_contents(doc, found);
    headline_speech_only(doc, found);
    colon_leads(doc, found);
    dash_signatures(doc, found);
    found.sort_by_key(|f| f.cue.map(|c| c.0));
    participial_cues(doc, found);
    trailing_participles(doc, found);
    parenthetical_cues(doc, found);
    multi_paragraph_quotes(doc, found);
    unattributed_quotes(doc, found);
    split_quotes(doc, found);
    continued_quotes(doc, found);
    nested_without_speaker(doc, found);
}

/// A cue inside another statement's content is mostly part of what that
/// statement reports, not a statement of its own: one whose own speaker
/// the role tagger did not find is a verb of the reported clause ("...,
/// and promoted the resumption of ..."); one whose speaker stands in that
/// content too is a position the outer speaker reports ("India is willing
/// to ..., Misri added"). A cue sharing the outer statement's speaker
/// ("Ministers said ... and warned that ...") stays, and so does one in a
/// sentence after the outer cue's, which the outer content overran
/// ("McCarty said: \"...\" She added that ..."), and one whose own content
/// holds the outer cue, which comes first: the trailing cue of a report of
/// a report, whose nested cue's content ran on over it ("Clinton had told
/// police that ..., the source added").
fn nested_without_speaker(doc: &Doc, found: &mut Vec<Found>) {
    // Content chunks by start, with for each prefix the largest end and
    // its statement, and the largest end of any other statement.
    let mut chunks: Vec<(usize, usize, usize)> = found
        .iter()
        .enumerate()
        .flat_map(|(k, f)| f.contents.iter().map(move |&(b, e)| (b, e, k)))
        .collect();
    chunks.sort_unstable();
    let mut best: Vec<[(usize, usize); 2]> = Vec::with_capacity(chunks.len());
    let mut top = [(0, usize::MAX); 2];
    for &(_, e, k) in &chunks {
        if k == top[0].1 {
            top[0].0 = top[0].0.max(e);
        } else if e > top[0].0 {
            top = [(e, k), top[0]];
        } else if e > top[1].0 {
            top[1] = (e, k);
        }
        best.push(top);
    }
    // The statements other than `k` whose content holds `(cb, ce)`.
    let owners = |k: usize, (cb, ce): Chunk| {
        let n = chunks.partition_point(|&(b, _, _)| b <= cb);
        let mut out = [None; 2];
        if n > 0 {
            for (slot, &(e, owner)) in out.iter_mut().zip(&best[n - 1]) {
                if owner != k && owner != usize::MAX && e >= ce {
                    *slot = Some(owner);
                }
            }
        }
        out
    };
    let drop: Vec<bool> = found
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let Some(cue) = f.cue else { return false };
            let outer = owners(k, cue);
            match f.speaker {
                None => outer.iter().any(Option::is_some),
                Some(speaker) => {
                    let around = owners(k, speaker);
                    let sent = |c: Chunk| doc.toks.get(c.0).map(|t| t.sent);
                    // `o` cued first and inside this content: this is the
                    // outer one, `o`'s content overran it.
                    let mutual = |o: usize| {
                        found[o]
                            .cue
                            .is_some_and(|oc| oc.0 < cue.0 && f.contents.iter().any(|&(b, e)| b <= oc.0 && oc.1 <= e))
                    };
                    outer.iter().flatten().any(|&o| {
                        around.contains(&Some(o)) && found[o].cue.is_none_or(|oc| sent(cue) <= sent(oc)) && !mutual(o)
                    })
                }
            }
        })
        .collect();
    let mut k = 0;
    found.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// A content chunk of one statement that overlaps the content of another,
/// whose cue stands in the chunk's sentences while the first one's does
/// not, belongs to the other: the role tagger's window of three sentences
/// lets a cue reach over a neighbour's quote ("\"We hope ...,\" Mr Bakrie
/// said. Gaymard said on Sunday that ..."). A chunk holding the other cue
/// is a report of a report, and stays. A statement left without content
/// goes.
fn shared_contents(doc: &Doc, found: &mut Vec<Found>) {
    let sent = |k: usize| doc.toks[k].sent;
    // The statements by the sentence of their cue.
    let mut by_sentence: Vec<(u32, usize)> = found
        .iter()
        .enumerate()
        .filter_map(|(k, f)| f.cue.map(|(cb, _)| (sent(cb), k)))
        .collect();
    by_sentence.sort_unstable();
    let lost: Vec<Vec<bool>> = found
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let own = f.cue.map(|(cb, _)| sent(cb));
            f.contents
                .iter()
                .map(|&c| {
                    let (first, last) = (sent(c.0), sent(c.1.saturating_sub(1).max(c.0)));
                    if own.is_none_or(|s| (first..=last).contains(&s)) {
                        return false;
                    }
                    let from = by_sentence.partition_point(|&(s, _)| s < first);
                    by_sentence[from..]
                        .iter()
                        .take_while(|&&(s, _)| s <= last)
                        .any(|&(_, o)| {
                            let g = &found[o];
                            o != k
                                && g.cue.is_some_and(|cue| !overlaps(c, cue))
                                && g.contents.iter().any(|&d| overlaps(c, d))
                        })
                })
                .collect()
        })
        .collect();
    for (f, lost) in found.iter_mut().zip(&lost) {
        let mut lost = lost.iter();
        f.contents.retain(|_| lost.next() != Some(&true));
    }
    found.retain(|f| !f.contents.is_empty());
}

/// In a headline, only quotes and what a named speaker "says" or "tells"
/// are statements: "calls on China to foster cooperation" is a headline's
/// verb, not speech; "REAGAN SAYS U.S. TO OFFER MISSILE TREATY" reports
/// what Reagan said.
fn headline_speech_only(doc: &Doc, found: &mut Vec<Found>) {
    found.retain(|f| {
        let Some((cb, ce)) = f.cue else { return true };
        !doc.toks[cb].headline
            || f.contents
                .iter()
                .any(|&(b, e)| doc.toks[b..e].iter().any(|t| t.has(flag::INQ | flag::QOPEN)))
            || (f.speaker.is_some() && ce == cb + 1 && matches!(super::lemma(doc.lower(cb)).as_str(), "say" | "tell"))
    });
}

/// Whether token `k` can be part of a name: capitalized, an initial, a
/// possessive or a hyphen.
fn name_token(doc: &Doc, k: usize) -> bool {
    doc.toks[k].has(flag::CAP) || matches!(doc.lower(k), "." | "'s" | "’s" | "-")
}

fn overlaps(a: Chunk, b: Chunk) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Adds the statements of a rule, each with the region it claims (sorted,
/// disjoint), and drops the tagger statements whose cue or speaker
/// overlaps one of those regions.
fn replace(found: &mut Vec<Found>, added: Vec<(Chunk, Found)>) {
    if added.is_empty() {
        return;
    }
    let claimed = |c: Chunk| {
        let k = added.partition_point(|(r, _)| r.1 <= c.0);
        added.get(k).is_some_and(|(r, _)| overlaps(*r, c))
    };
    found.retain(|f| !f.cue.is_some_and(claimed) && !f.speaker.is_some_and(claimed));
    found.extend(added.into_iter().map(|(_, f)| f));
}

/// "PENCE: Well, ..." and "Pence: Flowers Won't Be at Debate".
fn colon_leads(doc: &Doc, found: &mut Vec<Found>) {
    let mut added = Vec::new();
    for &(pb, pe) in &doc.paras {
        let mut k = pb;
        if doc.toks[k].has(flag::QOPEN) {
            k += 1;
        }
        let name_begin = k;
        while k < pe && k - name_begin < 6 && name_token(doc, k) {
            k += 1;
        }
        if k == name_begin
            || k + 1 >= pe
            || doc.lower(k) != ":"
            || !doc.toks[name_begin].has(flag::CAP)
            || LABELS.contains(&doc.lower(name_begin))
        {
            continue;
        }
        let lead = Found {
            speaker: Some((name_begin, k)),
            cue: Some((k, k + 1)),
            contents: vec![(k + 1, pe)],
            continued: false,
        };
        added.push(((pb, k + 1), lead));
    }
    replace(found, added);
}

/// "“...” ― Sonya Herridge": a quotation, a dash and a name that ends
/// the paragraph or stands before the next quotation ("... ― Sonya
/// Herridge “During the debate ...” ― Pamela Padilla"). The quotation runs
/// from its first quotation mark after the paragraph's start or the last
/// signature. Line breaks play no part: wire copy wraps anywhere.
fn dash_signatures(doc: &Doc, found: &mut Vec<Found>) {
    let mark = |k: usize| doc.toks[k].has(flag::QOPEN | flag::QCLOSE);
    let mut added = Vec::new();
    for &(pb, pe) in &doc.paras {
        // Where the next signed quotation may start.
        let mut from = pb;
        for k in pb + 1..pe {
            let dash = matches!(doc.lower(k), "―" | "—" | "–" | "--" | "-");
            let after_quote = matches!(doc.lower(k - 1), "”" | "\"" | "’" | "'" | "»");
            if !dash || !after_quote || k <= from {
                continue;
            }
            let mut n = k + 1;
            while n < pe && n - k <= 6 && name_token(doc, n) {
                n += 1;
            }
            let mut end = n;
            while end > k + 1 && doc.lower(end - 1) == "." {
                end -= 1;
            }
            if end == k + 1 || !doc.toks[k + 1].has(flag::CAP) || !(n == pe || mark(n)) {
                continue;
            }
            let lo = from.max(k.saturating_sub(MAX_SIGNED_QUOTE));
            let start = (lo..k - 1).find(|&j| mark(j)).unwrap_or(lo);
            if k - 1 - start < 2 {
                continue;
            }
            let signed = Found {
                speaker: Some((k + 1, end)),
                cue: Some((k, k + 1)),
                contents: vec![(start, k)],
                continued: false,
            };
            added.push(((k, end), signed));
            from = n;
        }
    }
    replace(found, added);
}

/// "Noting that ..., Wang said ...": the participial cue takes the main
/// clause's speaker, and its content ends at the comma before that clause.
/// `found` is sorted by cue position.
fn participial_cues(doc: &Doc, found: &mut [Found]) {
    for i in 0..found.len() {
        let Some((cb, ce)) = found[i].cue else { continue };
        let sent = doc.sents[doc.toks[cb].sent as usize];
        let first = cb == sent.begin || (cb == sent.begin + 1 && doc.toks[sent.begin].has(flag::PUNCT));
        if !first || ce - cb > 2 || !doc.lower(cb).ends_with("ing") {
            continue;
        }
        // The main clause: the next statement whose cue is in this sentence
        // (`found` is in cue order).
        let main = found[i + 1..]
            .iter()
            .enumerate()
            .take(MAX_LOOKAHEAD)
            .filter_map(|(k, g)| Some((i + 1 + k, g.cue?, g.speaker)))
            .take_while(|&(_, (gb, _), _)| gb < sent.end)
            .find_map(|(k, cue, speaker)| Some((k, cue, speaker?)).filter(|_| cue.0 >= ce));
        let Some((j, (gb, _), speaker)) = main else { continue };
        let clause = gb.min(speaker.0);
        let Some(comma) = (ce..clause).rev().find(|&k| doc.toks[k].has(flag::COMMA)) else {
            continue;
        };
        if comma > ce {
            found[i].speaker = Some(speaker);
            found[i].contents = vec![(ce, comma)];
            // The participle's clause is its own content, not the main
            // clause's.
            let own = |&(b, e): &Chunk| b >= cb && e <= comma + 1;
            if found[j].contents.iter().any(|c| !own(c)) {
                found[j].contents.retain(|c| !own(c));
            }
        }
    }
}

/// "..., Mr Ebbers said, adding that ...": a participial cue after a comma,
/// without a speaker of its own, takes the speaker of the statement cued
/// before it in its sentence. `found` is sorted by cue position.
fn trailing_participles(doc: &Doc, found: &mut [Found]) {
    for i in 1..found.len() {
        let Some((cb, ce)) = found[i].cue else { continue };
        if found[i].speaker.is_some()
            || ce - cb > 2
            || !doc.lower(cb).ends_with("ing")
            || cb == 0
            || !doc.toks[cb - 1].has(flag::COMMA)
        {
            continue;
        }
        let sent = doc.toks[cb].sent;
        found[i].speaker = found[..i]
            .iter()
            .rev()
            .take(MAX_LOOKAHEAD)
            .take_while(|g| g.cue.is_some_and(|(gb, _)| doc.toks[gb].sent == sent))
            .find_map(|g| g.speaker);
    }
}

/// Words that open an adjunct, not the rest of a clause: after "A, Smith
/// said," they start no reported predicate.
const ADJUNCT_OPENERS: &[&str] = &[
    "since",
    "because",
    "as",
    "while",
    "although",
    "though",
    "if",
    "unless",
    "when",
    "after",
    "before",
    "but",
    "and",
    "or",
    "so",
    "with",
    "without",
    "despite",
    "including",
    "according",
    "for",
    "in",
    "on",
    "at",
    "to",
    "by",
    "from",
];

/// "The museum, Mr. Bush said, celebrated ...": a speaker and cue set off
/// by commas inside a sentence whose content the role tagger ended at the
/// first comma (the subject alone) report the rest of the sentence too: it
/// is added as a second content piece. The cue may be followed by one word
/// ("said then"); the rest must not open with an adjunct ("since ...",
/// "including ...") or a word in "-ing".
fn parenthetical_cues(doc: &Doc, found: &mut [Found]) {
    for f in found.iter_mut() {
        let (Some((sb, se)), Some((cb, ce)), &[c]) = (f.speaker, f.cue, f.contents.as_slice()) else {
            continue;
        };
        if se != cb || sb == 0 || !doc.toks[sb - 1].has(flag::COMMA) || !(sb - 1..=sb).contains(&c.1) {
            continue;
        }
        let sent = doc.sents[doc.toks[cb].sent as usize];
        let close = if ce < sent.end && doc.toks[ce].has(flag::COMMA) {
            ce
        } else if ce + 1 < sent.end && doc.toks[ce + 1].has(flag::COMMA) && !doc.toks[ce].has(flag::PUNCT) {
            ce + 1
        } else {
            continue;
        };
        let mut end = sent.end;
        while end > close + 1 && doc.toks[end - 1].has(flag::PUNCT) && !doc.toks[end - 1].has(flag::QCLOSE) {
            end -= 1;
        }
        let first = close + 1;
        if first >= end || doc.toks[first].has(flag::PUNCT | flag::QOPEN) {
            continue;
        }
        let w = doc.lower(first);
        if ADJUNCT_OPENERS.contains(&w) || w.ends_with("ing") {
            continue;
        }
        f.contents.push((first, end));
    }
}

/// A quoted content reaching the end of its paragraph with the quote still
/// open runs on through the paragraphs that reopen it.
fn multi_paragraph_quotes(doc: &Doc, found: &mut [Found]) {
    for f in found.iter_mut() {
        let Some(last) = f.contents.last_mut() else { continue };
        let first = doc.toks[last.1 - 1].para as usize;
        for para in first..first + MAX_QUOTE_PARAGRAPHS {
            let (Some(&(pb, pe)), Some(&(nb, ne))) = (doc.paras.get(para), doc.paras.get(para + 1)) else {
                break;
            };
            let reaches_end = (last.1..pe).all(|k| doc.toks[k].has(flag::PUNCT) && !doc.toks[k].has(flag::QCLOSE));
            let open_at_end = doc.toks[pe - 1].has(flag::INQ);
            if !reaches_end
                || !open_at_end
                || !doc.toks[nb].has(flag::QOPEN)
                || !(pb..pe).any(|k| doc.toks[k].has(flag::QOPEN))
            {
                break;
            }
            last.1 = match (nb..ne).find(|&k| doc.toks[k].has(flag::QCLOSE)) {
                Some(close) => close + 1,
                None => ne,
            };
            if last.1 < ne {
                break;
            }
        }
    }
}

/// A quoted paragraph nobody is named for, right after a paragraph that
/// quotes a named speaker, goes on quoting that speaker (the convention of
/// news writing): it takes the speaker, marked as continued. `found` is in
/// any order; unattributed quotes carry neither speaker nor cue.
fn continued_quotes(doc: &Doc, found: &mut [Found]) {
    let para = |k: usize| doc.toks[k].para as usize;
    for i in 0..found.len() {
        let f = &found[i];
        let (Some(&(b, _)), None, None) = (f.contents.first(), f.speaker, f.cue) else {
            continue;
        };
        let p = para(b);
        // The quote opens its paragraph.
        if p == 0 || doc.paras.get(p).is_none_or(|&(pb, _)| pb != b) {
            continue;
        }
        // The statement with a quoted content ending last in the
        // paragraph before.
        let quoted = |g: &Found| {
            g.contents
                .iter()
                .any(|&(cb, ce)| (cb..ce).any(|k| doc.toks[k].has(flag::INQ)))
        };
        let before = found
            .iter()
            .filter(|g| quoted(g))
            .filter_map(|g| {
                let &(_, e) = g.contents.last()?;
                (e > 0 && para(e - 1) == p - 1).then_some((e, g.speaker))
            })
            .max_by_key(|&(e, _)| e);
        if let Some((_, Some(speaker))) = before {
            found[i].speaker = Some(speaker);
            found[i].continued = true;
        }
    }
}

/// A quote nobody is named for, opening the sentence after the one a
/// statement that quotes a named speaker ends in, goes on with that quote ("\"We have had problems,\" Obama said after the meeting.
/// \"Our goal is ...\""): it becomes a further content of the statement,
/// as a quote split by its cue is one statement. Unattributed quotes carry
/// neither speaker nor cue.
fn split_quotes(doc: &Doc, found: &mut Vec<Found>) {
    let para = |k: usize| doc.toks[k].para;
    let quoted = |&(b, e): &Chunk| (b..e).any(|k| doc.toks[k].has(flag::INQ));
    let unattributed = |f: &Found| f.speaker.is_none() && f.cue.is_none() && f.contents.len() == 1;
    // Where each statement ends (its last content, cue or speaker token),
    // in text order.
    let mut ends: Vec<(usize, usize)> = found
        .iter()
        .enumerate()
        .filter_map(|(j, g)| {
            let last = g.contents.iter().chain(&g.cue).chain(&g.speaker).map(|c| c.1).max()?;
            Some((last, j))
        })
        .collect();
    ends.sort_unstable();
    let mut quotes: Vec<usize> = (0..found.len()).filter(|&i| unattributed(&found[i])).collect();
    quotes.sort_unstable_by_key(|&i| found[i].contents[0].0);
    // The statement each merged quote went to.
    let mut into: Vec<Option<usize>> = vec![None; found.len()];
    for i in quotes {
        let (b, e) = found[i].contents[0];
        // The statement ending last before the quote, in its paragraph.
        let n = ends.partition_point(|&(end, _)| end <= b);
        let Some(&(end, j)) = n.checked_sub(1).and_then(|n| ends.get(n)) else {
            continue;
        };
        // The quote opens the sentence right after the one the statement
        // ends in: a paragraph of several quotes is not all one speaker's
        // (some text comes with its paragraphs run together).
        if end == 0 || para(end - 1) != para(b) || doc.toks[b].sent != doc.toks[end - 1].sent + 1 {
            continue;
        }
        let j = into[j].unwrap_or(j);
        let g = &found[j];
        if g.speaker.is_some() && g.cue.is_some() && !g.continued && g.contents.iter().any(quoted) {
            found[j].contents.push((b, e));
            into[i] = Some(j);
        }
    }
    let mut k = 0;
    found.retain(|_| {
        k += 1;
        into[k - 1].is_none()
    });
}

/// A quoted sentence (or more) no statement covers: a statement of its own,
/// without speaker or cue.
fn unattributed_quotes(doc: &Doc, found: &mut Vec<Found>) {
    let mut covered = vec![false; doc.toks.len()];
    for f in found.iter() {
        for &(b, e) in &f.contents {
            covered[b..e].iter_mut().for_each(|c| *c = true);
        }
    }
    for &(pb, pe) in &doc.paras {
        let mut k = pb;
        while k < pe {
            if !doc.toks[k].has(flag::QOPEN) {
                k += 1;
                continue;
            }
            let close = (k + 1..pe).find(|&j| doc.toks[j].has(flag::QCLOSE | flag::QOPEN));
            let end = match close {
                Some(j) if doc.toks[j].has(flag::QCLOSE) => j + 1,
                Some(j) => j,
                None => pe,
            };
            let words = (k..end).filter(|&j| !doc.toks[j].has(flag::PUNCT)).count();
            let sentence_start = doc.sents[doc.toks[k].sent as usize].begin == k;
            if words >= MIN_QUOTE_WORDS && sentence_start && !covered[k..end].iter().any(|&c| c) {
                found.push(Found {
                    speaker: None,
                    cue: None,
                    contents: vec![(k, end)],
                    continued: false,
                });
            }
            k = end.max(k + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(speaker: Option<Chunk>, cue: Chunk, contents: &[Chunk]) -> Found {
        Found {
            speaker,
            cue: Some(cue),
            contents: contents.to_vec(),
            continued: false,
        }
    }

    #[test]
    fn a_cue_inside_another_content_is_dropped_unless_its_speaker_is_outside() {
        // One sentence of 60 words.
        let (article, words) = article(&format!("{}.", vec!["word"; 60].join(" ")));
        assert_eq!(words.len(), 61);
        let mut found = vec![
            // "Misri said [that India ... and promoted the resumption ...]"
            statement(Some((0, 1)), (1, 2), &[(2, 30)]),
            // "promoted [the resumption ...]": inside the first content, no speaker.
            statement(None, (20, 21), &[(21, 30)]),
            // "[India] [is willing] ...": inside, its speaker inside too.
            statement(Some((10, 11)), (11, 12), &[(12, 18)]),
            // "Misri said ... and [warned] ...": the outer speaker's: kept.
            statement(Some((0, 1)), (24, 25), &[(25, 30)]),
            // A speaker inside some content, its cue outside it: kept.
            statement(Some((28, 29)), (31, 32), &[(32, 38)]),
            // Outside any other content, no speaker: kept.
            statement(None, (40, 41), &[(41, 50)]),
        ];
        nested_without_speaker(&Doc::new(&article), &mut found);
        let cues: Vec<Chunk> = found.iter().filter_map(|f| f.cue).collect();
        assert_eq!(cues, [(1, 2), (24, 25), (31, 32), (40, 41)]);
    }

    #[test]
    fn a_statement_in_a_sentence_after_the_outer_cue_stays() {
        let (article, words) = article("McCarty said: \"We deny it.\" She added that Washington did nothing.");
        assert_eq!(words[9..12], ["she", "added", "that"]);
        let doc = Doc::new(&article);
        assert!(doc.toks[9].sent > doc.toks[1].sent);
        // The colon's content overran the quote into the next sentence.
        let mut found = vec![
            statement(Some((0, 1)), (1, 3), &[(3, 16)]),
            statement(Some((9, 10)), (10, 11), &[(11, 15)]),
        ];
        nested_without_speaker(&doc, &mut found);
        assert_eq!(found.len(), 2);
    }

    /// `text` parsed, and the lower-cased words of its statement view.
    fn article(text: &str) -> (crate::Article, Vec<String>) {
        let article = crate::pipeline::shared()
            .parse(&crate::Document::text(text))
            .expect("parse");
        let doc = Doc::new(&article);
        let words = (0..doc.toks.len()).map(|k| doc.lower(k).to_owned()).collect();
        (article, words)
    }

    #[test]
    fn a_participle_after_a_comma_takes_the_speaker_of_its_sentence() {
        let (article, words) = article(
            "Mr Ebbers said the talks were short, adding that they met twice. \
                                Prices rose, saying much.",
        );
        assert_eq!(
            words[..9],
            ["mr", "ebbers", "said", "the", "talks", "were", "short", ",", "adding"]
        );
        assert_eq!(words[14..18], ["prices", "rose", ",", "saying"]);
        let mut found = vec![
            statement(Some((0, 2)), (2, 3), &[(3, 7)]),
            statement(None, (8, 9), &[(9, 13)]),
            // No statement before it in its own sentence: no speaker.
            statement(None, (17, 18), &[(18, 19)]),
        ];
        trailing_participles(&Doc::new(&article), &mut found);
        let speakers: Vec<Option<Chunk>> = found.iter().map(|f| f.speaker).collect();
        assert_eq!(speakers, [Some((0, 2)), Some((0, 2)), None]);
    }

    #[test]
    fn a_quote_goes_to_the_cue_of_its_own_sentence_not_a_neighbour_s() {
        let (article, words) = article(
            "Smith said the plan was sound. \"We will go ahead,\" Smith said. \
                                Jones said on Sunday that the vote would wait.",
        );
        assert_eq!(
            words[7..17],
            ["\"", "we", "will", "go", "ahead", ",", "\"", "smith", "said", "."]
        );
        assert_eq!(words[17..19], ["jones", "said"]);
        let quote = (7, 14);
        let mut found = vec![
            statement(Some((0, 1)), (1, 2), &[(2, 6)]),
            // The quote's own statement: "...," Smith said.
            statement(Some((14, 15)), (15, 16), &[quote]),
            // Jones's window reached back over the quote.
            statement(Some((17, 18)), (18, 19), &[quote, (21, 26)]),
            // A statement of the next sentence with nothing but the quote.
            statement(None, (19, 20), &[quote]),
            // A content holding the quote's cue: a report of a report.
            statement(Some((0, 1)), (1, 2), &[(7, 16)]),
        ];
        shared_contents(&Doc::new(&article), &mut found);
        let contents: Vec<&[Chunk]> = found.iter().map(|f| f.contents.as_slice()).collect();
        assert_eq!(contents, [&[(2, 6)][..], &[quote], &[(21, 26)], &[(7, 16)]]);
    }

    #[test]
    fn a_quote_in_the_sentence_after_a_named_speaker_s_quote_continues_it() {
        let (article, words) = article(
            "\"We met twice,\" Smith said after the talks. \"Our aim is a budget by May.\" \
             He left early. \"Nobody named this one after a sentence of narration.\"\n\n\
             \"Nobody named this one in the next paragraph at all.\"\n\n\
             Rates rose, analysts noted. \"The bank will wait until the summer.\"",
        );
        let at = |w: &str, from: usize| from + words[from..].iter().position(|x| x == w).expect(w);
        let smith = at("smith", 0);
        let first = (0, smith);
        let aim = at("our", 0) - 1;
        let left = at("he", 0);
        let second = (aim, left);
        let nobody = at("nobody", 0);
        let third = (nobody - 1, at("nobody", nobody + 1) - 1);
        let fourth = (third.1, at("rates", 0));
        let noted = at("noted", 0);
        let fifth = (noted + 2, words.len());
        let unattributed = |c: Chunk| Found {
            speaker: None,
            cue: None,
            contents: vec![c],
            continued: false,
        };
        let mut found = vec![
            statement(Some((smith, smith + 1)), (smith + 1, smith + 2), &[first]),
            unattributed(second),
            unattributed(third),
            unattributed(fourth),
            // A statement of unquoted words: the quote after it stays alone.
            statement(Some((noted - 1, noted)), (noted, noted + 1), &[(noted - 3, noted - 2)]),
            unattributed(fifth),
        ];
        split_quotes(&Doc::new(&article), &mut found);
        let contents: Vec<&[Chunk]> = found.iter().map(|f| f.contents.as_slice()).collect();
        assert_eq!(
            contents,
            [
                &[first, second][..],
                &[third],
                &[fourth],
                &[(noted - 3, noted - 2)],
                &[fifth]
            ]
        );
    }

    #[test]
    fn a_trailing_cue_whose_content_holds_the_nested_cue_stays() {
        let (article, words) = article("Jones had warned the council that costs would rise, the auditor added.");
        assert_eq!(words[..4], ["jones", "had", "warned", "the"]);
        let auditor = words.iter().position(|w| w == "auditor").expect("auditor");
        let mut found = vec![
            // "Jones [had warned] [the council ... the auditor]": its content
            // ran on over the trailing cue.
            statement(Some((0, 1)), (1, 3), &[(3, auditor + 2)]),
            // "[Jones had warned ... rise], [the auditor] [added]".
            statement(
                Some((auditor - 1, auditor + 1)),
                (auditor + 1, auditor + 2),
                &[(0, auditor - 2)],
            ),
        ];
        nested_without_speaker(&Doc::new(&article), &mut found);
        let cues: Vec<Chunk> = found.iter().filter_map(|f| f.cue).collect();
        assert_eq!(cues, [(auditor + 1, auditor + 2)]);
    }

    #[test]
    fn a_cue_set_off_by_commas_reports_the_rest_of_its_sentence() {
        let (article, words) = article(
            "The museum, Mr. Bush said, celebrated several heroes. \
             The plan, Smith said, since nobody objected, went ahead.",
        );
        assert_eq!(words[..6], ["the", "museum", ",", "mr.", "bush", "said"]);
        let smith = words.iter().position(|w| w == "smith").expect("smith");
        assert_eq!(
            words[smith - 3..smith + 4],
            ["the", "plan", ",", "smith", "said", ",", "since"]
        );
        let mut found = vec![
            statement(Some((3, 5)), (5, 6), &[(0, 2)]),
            statement(
                Some((smith, smith + 1)),
                (smith + 1, smith + 2),
                &[(smith - 3, smith - 1)],
            ),
        ];
        parenthetical_cues(&Doc::new(&article), &mut found);
        let contents: Vec<&[Chunk]> = found.iter().map(|f| f.contents.as_slice()).collect();
        // "celebrated several heroes" (the full stop left out); nothing
        // after "since".
        assert_eq!(contents, [&[(0, 2), (7, 10)][..], &[(smith - 3, smith - 1)]]);
    }

    #[test]
    fn its_own_content_does_not_make_a_cue_nested() {
        let (article, _) = article(&format!("{}.", vec!["word"; 30].join(" ")));
        let mut found = vec![statement(None, (5, 6), &[(0, 20)])];
        nested_without_speaker(&Doc::new(&article), &mut found);
        assert_eq!(found.len(), 1);
    }
}
