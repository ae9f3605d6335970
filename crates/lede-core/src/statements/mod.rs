//! Statements: who said what.
//!
//! The stage reads the tokens parse built ([`Article::tokens`]) of the
//! headline and body, without the dateline ([`doc`]). Two learned taggers
//! do the work, both linear models over hashed features ([`hashing`]),
//! trained by an averaged perceptron on PolNeAR (`lede-train statements`):
//!
//! 1. the cue tagger ([`cues`]) marks the cues of each sentence ("said",
//!    "told reporters", "according to", "noting", a colon) with `B`/`I`
//!    tags;
//! 2. for each cue, the role tagger ([`roles`]) labels the tokens of the
//!    cue's sentence and its neighbours as source or content (`B`/`I`
//!    each), with features relative to the cue: side and distance, commas,
//!    quotation marks and other cues in between, sentence and paragraph
//!    offsets.
//!
//! Rules then extend content to the whole quotation it sits in (quotes
//! over several sentences and paragraphs), give a quote two cues share to
//! the one in its own sentence, add quotes nobody is named for as
//! statements without a speaker, give a quoted paragraph right after a
//! named speaker's quote to that speaker (`Attribution::Continued`), and
//! resolve speakers to participants (`resolve.rs`), leaving a speaker
//! unlinked rather than guessing. Each statement gets a `confidence` from
//! how its speaker was linked and whether its cue reports speech; cues that
//! report none ("refused", "Remember", "did not say") are kept with a low
//! one. Measured with `scripts/eval.sh links statements` and
//! `scripts/link-calibration.py` (README).

mod cues;
mod doc;
mod hashing;
mod lists;
mod model;
mod resolve;
mod roles;
mod rules;
/// What `lede-train` needs of this stage.
#[cfg(feature = "train")]
pub mod train;

use doc::{Doc, Tok};
use hashing::{Feats, Summing};
use model::Model;
use roles::Window;

use crate::linear::{Constraint, Decoder, MAX_TAGS};
use crate::parse::dates::weekday;
use crate::tokens::{Tokens, Vocabulary, flag};
use crate::{Article, Attribution, Cue, Participant, Span, Statement, StatementKind, Stop};

/// The shipped model.
static MODEL: &[u8] = include_bytes!("../../models/statements.bin");

/// Cue tag: the first token of a cue of two or more (`O` is 0).
pub const CUE_B: usize = 1;
/// Cue tag: a cue's further token, not its last.
pub const CUE_I: usize = 2;
/// Cue tag: a cue of one token.
pub const CUE_U: usize = 3;
/// Cue tag: the last token of a cue of two or more.
pub const CUE_L: usize = 4;
/// Role tag: a source's first token (`O` is 0).
pub const SRC_B: usize = 1;
/// Role tag: a source's further token.
pub const SRC_I: usize = 2;
/// Role tag: a content's first token.
pub const CON_B: usize = 3;
/// Role tag: a content's further token.
pub const CON_I: usize = 4;
/// Role tag: the cue.
pub const CUE: usize = 5;
/// Number of role tags.
pub const ROLE_TAGS: usize = 6;
/// Number of cue tags.
pub const CUE_TAGS: usize = 5;

/// Finds statements and attributes them to participants.
#[derive(Debug)]
pub(crate) struct StatementFinder {
    model: Model,
}

impl StatementFinder {
    /// Loads the model, for tokens with the word clusters of `vocab`.
    pub(crate) fn new(vocab: &Vocabulary) -> crate::Result<StatementFinder> {
        Ok(StatementFinder {
            model: Model::from_bytes(MODEL, vocab.cluster_values())?,
        })
    }

    /// Puts the model's cue words, the reporting verbs and the pronouns on
    /// their lists in `vocab`: the stage reads them from the tokens.
    pub(crate) fn add_lists(&self, vocab: &mut Vocabulary) {
        lists::add(vocab, &self.model.cue_words);
    }

    /// The statements of `article` in text order. Speakers resolve to
    /// `participants`; a speaker mention not yet among a participant's
    /// mentions (a pronoun, a nominal) is added to it, and the participant
    /// gets the speaker role. Gives up between cues once `stop` says so
    /// (the caller then throws the partial result away).
    pub(crate) fn find(&self, article: &Article, participants: &mut [Participant], stop: &Stop) -> Vec<Statement> {
        let mut statements = find_statements(article, &self.model, stop);
        if stop.is_stopped() {
            return Vec::new();
        }
        let mut resolver = resolve::Resolver::new(article, participants);
        for s in &mut statements {
            let link = s.speaker.map(|speaker| {
                let (found, link) = resolver.resolve(speaker, participants);
                s.speaker_id = found.and_then(|i| participants.get(i)).map(|p| p.id.clone());
                link
            });
            s.confidence = confidence(s, link, article);
        }
        resolver.finish(participants);
        statements
    }
}

/// Beginnings of cue lemmas that report no speech or stated position:
/// refusals, rejections, beliefs and wishes, questions, imperatives, verbs
/// of showing and of acting ("refus" for "refused", whose lemma the
/// suffix rules leave so).
const NO_SPEECH: &[&str] = &[
    "refus", "reject", "rememb", "consider", "ask", "expect", "hop", "believ", "want", "show", "threaten", "determin",
    "fear", "think", "feel", "wish", "favo", "spark", "oppos", "declin", "discuss", "know", "see", "find", "seem",
    "appear", "estimat", "blockad", "attack", "outlin", "continu",
];

/// Whether a cue reports speech or a stated position: not one of
/// [`NO_SPEECH`], not negated ("did not say", "could not say").
fn reports_speech(cue: &Cue, text: &str) -> bool {
    let words = cue.span.get(text).unwrap_or_default().to_lowercase();
    let negated = words
        .split_whitespace()
        .any(|w| matches!(w, "not" | "never" | "n't") || w.ends_with("n't") || w.ends_with("n’t"));
    !negated && !NO_SPEECH.iter().any(|stem| cue.lemma.starts_with(stem))
}

/// How likely `s` is right: a real statement whose `speaker_id` names the
/// speaker, or is rightly empty. From how the speaker was linked (`link`;
/// none when the text names no speaker) and whether the cue reports speech
/// (`text` is the article's). The figures are set below the precision of
/// each case on the Reuters links dev set (README: Statements,
/// calibration).
fn confidence(s: &Statement, link: Option<resolve::Link>, article: &Article) -> f32 {
    use resolve::Link;
    let by_link = match (s.attribution, link) {
        (Attribution::None, _) => 0.2,
        (Attribution::Continued, _) => 0.7,
        (_, Some(Link::Name)) => 0.95,
        (_, Some(Link::Unnamed)) => 0.85,
        (_, Some(Link::Pronoun | Link::Description)) => 0.8,
        (_, Some(Link::Unresolved)) => 0.3,
        (_, None) => 0.2,
    };
    let speech =
        s.cue.as_ref().is_none_or(|c| reports_speech(c, &article.text)) && !circumstance_only(s, &article.tokens);
    if speech { by_link } else { by_link * 0.3 }
}

/// Words that open a time or place adjunct ("Wednesday at the Dubai Air
/// Show", "on Tuesday in Dubai"), besides the weekdays.
const CIRCUMSTANCE: &[&str] = &[
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "earlier",
    "later",
    "last",
    "next",
    "on",
    "at",
    "in",
    "during",
];

/// Words of a clause: a content holding one says something.
const CLAUSE_WORDS: &[&str] = &[
    "that", "is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "could", "should", "can",
    "may", "might", "must", "to", "not",
];

/// Whether the content of `s` is only a time or place ("executives
/// announced Wednesday at the Dubai Air Show"): the cue's object is
/// elsewhere or none, and nothing is reported. A quote is never so.
fn circumstance_only(s: &Statement, tokens: &Tokens) -> bool {
    if s.cue.is_none() || s.kind != StatementKind::Indirect {
        return false;
    }
    let mut words = s
        .content
        .iter()
        .flat_map(|&c| tokens.within(c))
        .map(|i| tokens.lower(i));
    let Some(first) = words.next() else { return false };
    (CIRCUMSTANCE.contains(&first) || weekday(first).is_some())
        && words.all(|w| !CLAUSE_WORDS.contains(&w) && !w.ends_with("ed"))
}

/// The cue chunks `(begin, end)` (token indices) the cue tagger finds.
#[cfg(test)]
pub(crate) fn find_cues(doc: &Doc, model: &Model, bias: f32) -> Vec<(usize, usize)> {
    find_cue_candidates(doc, model, bias, None).0
}

/// The cue chunks the cue tagger finds with `bias` added to each cue's
/// first token, and, decoded again with `extra` in its place, the further
/// chunks that overlap none of those (candidates that need more evidence).
pub(crate) fn find_cue_candidates(doc: &Doc, model: &Model, bias: f32, extra: Option<f32>) -> (Vec<Chunk>, Vec<Chunk>) {
    let tagger = &model.cue;
    let mut out = Vec::new();
    let mut more = Vec::new();
    let mut emissions = Vec::new();
    let mut decoder = Decoder::default();
    let mut chunks = Vec::new();
    for &s in &doc.sents {
        let n = s.end - s.begin;
        emissions.clear();
        emissions.resize(n * CUE_TAGS, 0.0);
        let quoted = cues::quoted(doc, s);
        for i in s.begin..s.end {
            let mut words = Summing::new(tagger);
            let dense = cues::cue_word_features(doc, s, quoted, i, &mut words);
            let mut sum = words.total();
            model.cue_sums.add(&dense, &mut sum);
            let k = i - s.begin;
            tagger.add_scaled(&sum, &mut emissions[k * CUE_TAGS..(k + 1) * CUE_TAGS]);
            emissions[k * CUE_TAGS + CUE_B] += bias;
            emissions[k * CUE_TAGS + CUE_U] += bias;
        }
        let tags = decoder.decode(n, CUE_TAGS, &emissions, &tagger.trans, &CueConstraint);
        let first = out.len();
        push_cue_chunks(tags, s.begin, &mut out);
        if let Some(extra) = extra {
            for k in 0..n {
                emissions[k * CUE_TAGS + CUE_B] += extra - bias;
                emissions[k * CUE_TAGS + CUE_U] += extra - bias;
            }
            let tags = decoder.decode(n, CUE_TAGS, &emissions, &tagger.trans, &CueConstraint);
            chunks.clear();
            push_cue_chunks(tags, s.begin, &mut chunks);
            // Both lists run in text order: one pass finds the overlaps.
            let found = &out[first..];
            let mut k = 0;
            for &(b, e) in &chunks {
                while k < found.len() && found[k].1 <= b {
                    k += 1;
                }
                if found.get(k).is_none_or(|&(fb, _)| fb >= e) {
                    more.push((b, e));
                }
            }
        }
    }
    (out, more)
}

/// The constraint of the cue tagger's `B I… L` and `U` tags: `I` and `L`
/// continue a cue of two or more tokens, and only they follow `B` or `I`.
pub(crate) struct CueConstraint;

impl Constraint for CueConstraint {
    fn tag(&self, _: usize, _: usize) -> bool {
        true
    }

    fn follows(&self, prev: Option<usize>, tag: usize) -> bool {
        (tag == CUE_I || tag == CUE_L) == matches!(prev, Some(CUE_B | CUE_I))
    }

    fn allowed(&self, _: usize, tags: usize) -> u8 {
        all_tags(tags)
    }
}

/// The constraints of the role tagger over a window whose cue covers
/// positions `[cue_begin, cue_end)`: cue tokens are `CUE`, no other token
/// is, and `I` tags continue a chunk of their role.
pub(crate) struct RoleConstraint {
    /// The cue's first position.
    pub cue_begin: usize,
    /// One past the cue's last position.
    pub cue_end: usize,
}

impl Constraint for RoleConstraint {
    fn tag(&self, i: usize, tag: usize) -> bool {
        (self.cue_begin..self.cue_end).contains(&i) == (tag == CUE)
    }

    fn allowed(&self, i: usize, tags: usize) -> u8 {
        let cue = 1 << CUE;
        if (self.cue_begin..self.cue_end).contains(&i) {
            all_tags(tags) & cue
        } else {
            all_tags(tags) & !cue
        }
    }

    fn follows(&self, prev: Option<usize>, tag: usize) -> bool {
        match tag {
            SRC_I => matches!(prev, Some(SRC_B | SRC_I)),
            CON_I => matches!(prev, Some(CON_B | CON_I)),
            _ => true,
        }
    }
}

/// The bits of the first `tags` tags.
fn all_tags(tags: usize) -> u8 {
    (1u16 << tags.min(8)).wrapping_sub(1) as u8
}

/// A run of tokens `(begin, end)`.
pub(crate) type Chunk = (usize, usize);

/// Appends the cue chunks of `tags` (offset by `base`): `B I… L`, `U`,
/// and a `B I…` the sentence's end cuts off.
fn push_cue_chunks(tags: &[u8], base: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = None;
    for (k, &t) in tags.iter().enumerate() {
        let t = usize::from(t);
        if t != CUE_I
            && t != CUE_L
            && let Some(s) = start.take()
        {
            out.push((base + s, base + k));
        }
        if t == CUE_B || t == CUE_U {
            start = Some(k);
        }
    }
    if let Some(s) = start {
        out.push((base + s, base + tags.len()));
    }
}

/// Appends the `(begin, end)` chunks of `b`/`i` tags (offset by `base`).
fn push_chunks(tags: &[u8], base: usize, b: usize, i: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = None;
    for (k, &t) in tags.iter().enumerate() {
        let t = usize::from(t);
        if t != i
            && let Some(s) = start.take()
        {
            out.push((base + s, base + k));
        }
        if t == b {
            start = Some(k);
        }
    }
    if let Some(s) = start {
        out.push((base + s, base + tags.len()));
    }
}

/// Role-tagger weights the windows of one document share: those of the
/// cue-independent features per token and side of the cue (`3 × tokens`
/// entries, filled as windows need them), and the weight sums of the
/// state features per state; and the buffers every window reuses.
pub(crate) struct TokenCache {
    weights: Vec<[f32; ROLE_TAGS]>,
    filled: Vec<bool>,
    /// The weight sums of the state features by state key, direct-mapped
    /// ([`state_slot`]): each slot holds its key plus one (0 when empty).
    states: Vec<(u32, [i32; MAX_TAGS])>,
    /// Per window key: the window it was filled for (its number plus one)
    /// and the weight sums of the window features.
    window: Vec<(u32, [i32; MAX_TAGS])>,
    windows: u32,
    /// Feature buffer.
    feats: Feats,
    /// The emissions of the current window.
    emissions: Vec<f32>,
    /// Viterbi buffers.
    decoder: Decoder,
}

/// Bits of a [`TokenCache::states`] slot number: a document meets a few
/// hundred states.
const STATE_BITS: u32 = 10;

/// The slot of state key `key` in [`TokenCache::states`].
fn state_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - STATE_BITS)) as usize
}

impl TokenCache {
    /// An empty cache for the tokens of `doc`.
    pub(crate) fn new(doc: &Doc) -> TokenCache {
        TokenCache {
            weights: vec![[0.0; ROLE_TAGS]; 3 * doc.toks.len()],
            filled: vec![false; 3 * doc.toks.len()],
            states: vec![(0, [0; MAX_TAGS]); 1 << STATE_BITS],
            window: vec![(0, [0; MAX_TAGS]); Window::WINDOW_KEYS],
            windows: 0,
            feats: Feats::new(),
            emissions: Vec::new(),
            decoder: Decoder::default(),
        }
    }
}

/// Source and content chunks (token ranges) of the cue in `w`.
pub(crate) fn find_roles(doc: &Doc, w: &Window, model: &Model, cache: &mut TokenCache) -> (Vec<Chunk>, Vec<Chunk>) {
    let n = w.end - w.begin;
    role_emissions(doc, w, model, cache);
    let tags = cache.decoder.decode(
        n,
        ROLE_TAGS,
        &cache.emissions,
        &model.role.trans,
        &RoleConstraint {
            cue_begin: w.cue_begin - w.begin,
            cue_end: w.cue_end - w.begin,
        },
    );
    let mut sources = Vec::new();
    let mut contents = Vec::new();
    push_chunks(tags, w.begin, SRC_B, SRC_I, &mut sources);
    push_chunks(tags, w.begin, CON_B, CON_I, &mut contents);
    (sources, contents)
}

/// The role tagger's scores (`tokens × ROLE_TAGS`) over the window `w`,
/// from the weights `cache` holds where it can.
pub(crate) fn role_emissions<'c>(doc: &Doc, w: &Window, model: &Model, cache: &'c mut TokenCache) -> &'c [f32] {
    let tagger = &model.role;
    let TokenCache {
        weights,
        filled,
        states,
        window,
        windows,
        feats: f,
        emissions,
        ..
    } = cache;
    let n = w.end - w.begin;
    emissions.clear();
    emissions.resize(n * ROLE_TAGS, 0.0);
    let (rows, _) = emissions.as_chunks_mut::<ROLE_TAGS>();
    *windows += 1;
    let stamp = *windows;
    // The state key of the previous token, the weight sums of its state
    // and window features and the hash prefix of its distance feature:
    // neighbours far from the cue often share all three.
    let mut last: Option<(u32, [i32; MAX_TAGS], u64)> = None;
    for (i, out) in (w.begin..w.end).zip(rows) {
        let side = w.side(i);
        let slot = 3 * i + side as usize - 1;
        if !filled[slot] {
            let (hashed, dense) = roles::token_feature_array(doc, i, side);
            let mut sum = [0; MAX_TAGS];
            model.role_sums.add(&dense, &mut sum);
            tagger.sum(&hashed, &mut sum);
            tagger.add_scaled(&sum, &mut weights[slot]);
            filled[slot] = true;
        }
        *out = weights[slot];
        // The cue features in three parts: by state (shared by every
        // window of the document), by state within this window, by word.
        let st = w.state(doc, i);
        let key = w.state_key(&st);
        let (mut sum, prefix) = match last {
            Some((k, sum, prefix)) if k == key => (sum, prefix),
            _ => {
                let entry = &mut states[state_slot(key)];
                if entry.0 != key + 1 {
                    entry.1 = [0; MAX_TAGS];
                    f.list.clear();
                    w.state_features(&st, f);
                    tagger.sum(&f.list, &mut entry.1);
                    entry.0 = key + 1;
                }
                let mut sum = entry.1;
                let entry = &mut window[Window::window_key(&st)];
                if entry.0 != stamp {
                    entry.1 = [0; MAX_TAGS];
                    f.list.clear();
                    w.window_features(&st, f);
                    tagger.sum(&f.list, &mut entry.1);
                    entry.0 = stamp;
                }
                for (s, &v) in sum.iter_mut().zip(&entry.1) {
                    *s += v;
                }
                let prefix = Window::distance_prefix(&st);
                last = Some((key, sum, prefix));
                (sum, prefix)
            }
        };
        tagger.sum(&w.word_feature_pair(&st, prefix, doc.toks[i].hash), &mut sum);
        tagger.add_scaled(&sum, out);
    }
    emissions
}

/// Participles that, passive and before an infinitive, report what
/// others say of the subject: "X is said to favour", "X SAID TO VIEW".
const REPORTED_OF: &[&str] = &[
    "said",
    "reported",
    "rumoured",
    "rumored",
    "alleged",
    "believed",
    "thought",
    "understood",
    "known",
];

/// Whether the cue `[cb, ce)` reports others' words about its subject
/// rather than the subject's own: one of [`REPORTED_OF`] after a form of
/// "be" (left out in headlines), then "to" and a lower-case verb ("said
/// to view", not "said to reporters", "said to the court"). The subject
/// is then no speaker: the source goes unnamed.
fn reported_of(doc: &Doc, cb: usize, ce: usize) -> bool {
    let last = ce - 1;
    let Some(to) = (ce < doc.toks.len()).then_some(ce) else {
        return false;
    };
    let after = doc.lower(to + 1);
    let passive = cb > 0 && BE.contains(&doc.lower(cb - 1));
    REPORTED_OF.contains(&doc.lower(last))
        && (passive || doc.toks[last].headline)
        && doc.lower(to) == "to"
        && doc.toks[to].sent == doc.toks[last].sent
        && after.chars().next().is_some_and(char::is_alphabetic)
        && !matches!(
            after,
            "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "their"
                | "its"
                | "our"
                | "my"
                | "your"
                | "this"
                | "that"
                | "reporters"
                | "journalists"
        )
        && (doc.toks[last].headline || !doc.toks[to + 1].has(flag::CAP))
}

/// Forms of "be" before a passive participle.
/// ("’s" is left out: mostly a possessive, "Moody's added"; "he's been
/// accused" has "been".)
const BE: &[&str] = &["is", "was", "are", "were", "be", "been", "being"];

/// Auxiliaries a cue may open with before its form of "be" ("has been
/// accused", "will be asked").
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "will", "would", "could", "can", "may", "might", "must", "should", "shall",
];

/// Adverbs that may stand between "be" and its participle ("was first
/// reported", "has long been seen"), besides those in "-ly".
const PASSIVE_ADVERBS: &[&str] = &[
    "also", "first", "often", "widely", "long", "never", "not", "now", "still", "later", "once", "already", "been",
    "being", "even", "since",
];

/// Participles not in "-ed" whose passive reports what others say or do
/// to the subject ("was told", "is known as").
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "told", "known", "seen", "thought", "held", "shown", "sought", "given", "written", "taken", "spoken", "chosen",
    "drawn", "caught", "brought", "made", "found",
];

/// Participles whose passive tells the subject's own state of mind ("is
/// worried about", "was convinced that"), the subject then being the
/// source; and "quoted" ("was quoted as saying").
const EXPERIENCER: &[&str] = &[
    "worried",
    "concerned",
    "convinced",
    "divided",
    "assured",
    "inclined",
    "poised",
    "shocked",
    "outraged",
    "impressed",
    "determined",
    "committed",
    "pleased",
    "surprised",
    "disappointed",
    "interested",
    "prepared",
    "satisfied",
    "excited",
    "troubled",
    "alarmed",
    "opposed",
    "frustrated",
    "angered",
    "confused",
    "dedicated",
    "resigned",
    "quoted",
    "said",
    "engaged",
    "involved",
    "tired",
    "disturbed",
    "encouraged",
    "heartened",
    "delighted",
    "dismayed",
    "baffled",
    "puzzled",
    "annoyed",
    "irritated",
    "upset",
    "scared",
    "frightened",
    "fixated",
    "obsessed",
    "focused",
    "set",
    "unified",
    "united",
    "split",
    "unimpressed",
    "unconvinced",
    "amazed",
    "stunned",
    "thrilled",
    "relieved",
    "saddened",
];

/// Whether the cue `[cb, ce)` is a passive without its agent ("Mr Quiros
/// was accused of", "has been mentioned as", "is expected to"): a form of
/// "be" in the cue or just before it, then (past adverbs) a participle
/// that is not one of [`EXPERIENCER`], and no "by" after it in the cue or
/// right after the cue. Its subject is what is reported on, not who
/// reports it: no speaker (PolNeAR's annotators give most such cues no
/// source).
fn agentless_passive(doc: &Doc, cb: usize, ce: usize) -> bool {
    let adverb = |w: &str| PASSIVE_ADVERBS.contains(&w) || (w.len() > 4 && w.ends_with("ly"));
    // The form of "be": opening the cue past auxiliaries and adverbs ("has
    // long been seen", not "said a statement was expected"), or before it
    // past adverbs.
    let be = (cb..ce)
        .take_while(|&k| {
            let w = doc.lower(k);
            BE.contains(&w) || AUXILIARIES.contains(&w) || adverb(w)
        })
        .find(|&k| BE.contains(&doc.lower(k)))
        .or_else(|| {
            let mut j = cb;
            while j > 0 && cb - j < 3 {
                j -= 1;
                let w = doc.lower(j);
                if BE.contains(&w) {
                    return Some(j);
                }
                if !adverb(w) {
                    break;
                }
            }
            None
        });
    let Some(be) = be else { return false };
    let mut p = be + 1;
    while p < ce && adverb(doc.lower(p)) {
        p += 1;
    }
    if p >= ce.max(cb + 1) {
        return false;
    }
    let w = doc.lower(p);
    let participle = (w.len() > 4 && w.ends_with("ed")) || IRREGULAR_PARTICIPLES.contains(&w);
    let agent = (p + 1..(ce + 2).min(doc.toks.len())).any(|k| doc.lower(k) == "by");
    participle && !EXPERIENCER.contains(&w) && !agent
}

/// Whether token `k` is a function word (the vocabulary's stop words), an
/// adverb in "-ly" or punctuation.
fn function_word(doc: &Doc, k: usize) -> bool {
    let t = &doc.toks[k];
    let w = doc.lower(k);
    t.on(crate::tokens::list::STOP) || t.has(flag::PUNCT) || (w.len() > 4 && w.ends_with("ly"))
}

/// A statement in token ranges, before it becomes a [`Statement`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Found {
    /// The source mention.
    pub speaker: Option<Chunk>,
    /// The cue.
    pub cue: Option<Chunk>,
    /// The content pieces, in order.
    pub contents: Vec<Chunk>,
    /// Whether the speaker is that of the quote in the paragraph before.
    pub continued: bool,
}

/// The statements of `article` with the speakers unresolved, in text order.
pub(crate) fn find_statements(article: &Article, model: &Model, stop: &Stop) -> Vec<Statement> {
    let doc = Doc::new(article);
    if doc.toks.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<Found> = Vec::new();
    let mut cache = TokenCache::new(&doc);
    let (cues, extras) = find_cue_candidates(&doc, model, model.cue_bias, Some(model.extra.bias));
    let candidates = cues
        .into_iter()
        .map(|c| (c, false))
        .chain(extras.into_iter().map(|c| (c, true)));
    for ((cb, ce), extra) in candidates {
        if stop.is_stopped() {
            return Vec::new();
        }
        // A further cue of function words and adverbs only ("would",
        // "recently", "then") is the edge of a verb group, not a cue.
        if extra && (cb..ce).all(|k| function_word(&doc, k)) {
            continue;
        }
        // A further cue's speaker stands next to it: its sentence is
        // window enough.
        let w = Window::reaching(&doc, cb, ce, usize::from(!extra));
        let (sources, mut contents) = find_roles(&doc, &w, model, &mut cache);
        if contents.is_empty() {
            continue;
        }
        if extra {
            // A cue the tagger found only with a bias stands when the
            // role tagger finds a speaker next to it and a content of
            // some length.
            let len: usize = contents.iter().map(|c| c.1 - c.0).sum();
            let gap = sources
                .iter()
                .map(|&(b, e)| if e <= cb { cb - e } else { b.saturating_sub(ce) })
                .min();
            if len < model.extra.min_content || gap.is_none_or(|g| g > model.extra.max_gap) {
                continue;
            }
        }
        for c in &mut contents {
            *c = extend_to_quote(&doc, *c);
        }
        contents.sort_unstable();
        contents.dedup();
        let speaker = sources
            .iter()
            .copied()
            .min_by_key(|&(b, e)| if e <= cb { cb - e } else { b.saturating_sub(ce) })
            .filter(|&(_, e)| !(reported_of(&doc, cb, ce) || (e <= cb && agentless_passive(&doc, cb, ce))));
        found.push(Found {
            speaker,
            cue: Some((cb, ce)),
            contents,
            continued: false,
        });
    }
    rules::apply(&doc, &mut found);
    let mut out: Vec<(usize, Statement)> = found
        .into_iter()
        .filter_map(|f| {
            let content: Vec<Span> = f.contents.iter().filter_map(|&(b, e)| trim_punct(&doc, b, e)).collect();
            if content.is_empty() {
                return None;
            }
            let kind = kind_of(&doc, &f.contents);
            let cue = f.cue.filter(|_| !f.continued).map(|(b, e)| {
                let span = cover(&doc, b, e);
                Cue {
                    span,
                    lemma: lemma(&article.tokens.normalized(span)),
                }
            });
            let first = [
                f.contents.first().map(|c| c.0),
                f.cue.map(|c| c.0),
                f.speaker.map(|c| c.0),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0);
            let statement = Statement {
                id: String::new(),
                speaker_id: None,
                speaker: f.speaker.and_then(|(b, e)| trim_punct(&doc, b, e)),
                cue,
                content,
                kind,
                date: None,
                confidence: 0.0,
                attribution: match (f.continued, f.cue) {
                    (true, _) => Attribution::Continued,
                    (false, Some(_)) => Attribution::Cue,
                    (false, None) => Attribution::None,
                },
            };
            Some((first, statement))
        })
        .collect();
    out.sort_by_key(|(first, s)| (*first, s.cue.as_ref().map(|c| c.span.begin)));
    out.into_iter()
        .enumerate()
        .map(|(k, (_, mut s))| {
            s.id = format!("s{}", k + 1);
            s
        })
        .collect()
}

/// The span from token `b` to the end of token `e - 1`.
fn cover(doc: &Doc, b: usize, e: usize) -> Span {
    Span::new(
        doc.toks[b].span.begin,
        doc.toks[e - 1].span.end.max(doc.toks[b].span.begin),
    )
}

/// The chunk's span without outer punctuation other than quotation marks.
fn trim_punct(doc: &Doc, mut b: usize, mut e: usize) -> Option<Span> {
    let strip = |t: &Tok| t.has(flag::PUNCT) && !t.has(flag::QOPEN | flag::QCLOSE);
    while b < e && strip(&doc.toks[b]) {
        b += 1;
    }
    while e > b && strip(&doc.toks[e - 1]) {
        e -= 1;
    }
    (b < e).then(|| cover(doc, b, e))
}

/// A content chunk that starts or ends inside a quotation, widened to the
/// whole quotation within its paragraph: taggers see a window of three
/// sentences, quotes can run longer.
fn extend_to_quote(doc: &Doc, (mut b, mut e): (usize, usize)) -> (usize, usize) {
    let toks = &doc.toks;
    let para = toks[b].para as usize;
    let (pb, pe) = doc.paras.get(para).copied().unwrap_or((b, e));
    if toks[b].has(flag::INQ) {
        let k = toks[b].run.0 as usize;
        if k > pb && toks[k - 1].has(flag::QOPEN) {
            b = k - 1;
        }
    }
    if e > b && toks[e - 1].has(flag::INQ) {
        let k = toks[e - 1].run.1 as usize;
        if k < pe && toks[k].has(flag::QCLOSE) {
            e = k + 1;
        }
    }
    (b, e)
}

/// Direct when every word of the content is quoted, mixed when some are,
/// indirect when none are.
fn kind_of(doc: &Doc, contents: &[(usize, usize)]) -> StatementKind {
    let (mut quoted, mut plain) = (0, 0);
    for &(b, e) in contents {
        for t in &doc.toks[b..e] {
            if !t.has(flag::PUNCT) {
                if t.has(flag::INQ) {
                    quoted += 1;
                } else {
                    plain += 1;
                }
            }
        }
    }
    match (quoted, plain) {
        (0, _) => StatementKind::Indirect,
        (_, 0) => StatementKind::Direct,
        _ => StatementKind::Mixed,
    }
}

/// The base form of a cue (its words, as [`Tokens::normalized`](crate::Tokens)
/// gives them): its main verb's lemma ("told reporters" -> "tell"), or the
/// phrase itself for "according to" and punctuation.
pub(crate) fn lemma(cue: &str) -> String {
    const SKIP: &[&str] = &[
        "has",
        "have",
        "had",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "also",
        "then",
        "will",
        "would",
        "could",
        "may",
        "might",
        "did",
        "does",
        "do",
        "not",
        "to",
        "later",
        "further",
        "previously",
        "again",
        "once",
        "repeatedly",
        "he",
        "she",
        "it",
        "they",
        "'s",
        "’s",
        "just",
        "even",
    ];
    const IRREGULAR: &[(&str, &str)] = &[
        ("said", "say"),
        ("says", "say"),
        ("saying", "say"),
        ("told", "tell"),
        ("tells", "tell"),
        ("telling", "tell"),
        ("wrote", "write"),
        ("written", "write"),
        ("writes", "write"),
        ("writing", "write"),
        ("thought", "think"),
        ("knew", "know"),
        ("known", "know"),
        ("felt", "feel"),
        ("found", "find"),
        ("spoke", "speak"),
        ("spoken", "speak"),
        ("saw", "see"),
        ("seen", "see"),
        ("gave", "give"),
        ("made", "make"),
        ("taught", "teach"),
        ("noted", "note"),
        ("noting", "note"),
        ("argued", "argue"),
        ("arguing", "argue"),
        ("stated", "state"),
        ("declared", "declare"),
        ("believed", "believe"),
        ("believes", "believe"),
        ("hoped", "hope"),
        ("continued", "continue"),
        ("concluded", "conclude"),
        ("announced", "announce"),
        ("suggested", "suggest"),
        ("described", "describe"),
        ("described", "describe"),
        ("urged", "urge"),
        ("promised", "promise"),
        ("insisted", "insist"),
        ("reported", "report"),
        ("quoted", "quote"),
        ("explained", "explain"),
        ("claimed", "claim"),
        ("warned", "warn"),
        ("stressed", "stress"),
        ("emphasized", "emphasize"),
        ("indicated", "indicate"),
        ("denied", "deny"),
        ("replied", "reply"),
        ("agreed", "agree"),
        ("argues", "argue"),
        ("notes", "note"),
    ];
    // On one line: a cue may run over a line break ("according\nto").
    let lower = crate::tokens::one_line(&cue.to_lowercase());
    let lower = lower.as_str();
    if lower.starts_with("according to") {
        return "according to".to_owned();
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    // "recently rejected", "publicly said": an adverb before the verb is
    // skipped too.
    let last = words.len().saturating_sub(1);
    let Some(word) = words
        .iter()
        .enumerate()
        .find(|&(k, w)| {
            let adverb = k < last && w.len() > 4 && w.ends_with("ly");
            !SKIP.contains(w) && !adverb
        })
        .map(|(_, w)| w)
        .or(words.first())
    else {
        return lower.to_owned();
    };
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return lower.to_owned();
    }
    if let Some((_, l)) = IRREGULAR.iter().find(|(w, _)| *w == word) {
        return (*l).to_owned();
    }
    if let Some(stem) = word.strip_suffix("ied") {
        return format!("{stem}y");
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["ing", "ed"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 3
        {
            let b = stem.as_bytes();
            // "admitted" -> "admit", but "added" -> "add".
            if stem.len() >= 4
                && b[b.len() - 1] == b[b.len() - 2]
                && !matches!(b[b.len() - 1], b'l' | b's' | b'f' | b'z')
            {
                return stem[..stem.len() - 1].to_owned();
            }
            // "promoted" -> "promote", "argued" -> "argue", "urging" -> "urge".
            let silent_e = [
                "u", "v", "z", "c", "rg", "ng", "at", "ot", "ar", "ir", "ur", "as", "os", "is", "ut",
            ];
            if silent_e.iter().any(|e| stem.ends_with(e)) && !stem.ends_with("ss") {
                return format!("{stem}e");
            }
            return stem.to_owned();
        }
    }
    if let Some(stem) = word.strip_suffix('s')
        && stem.len() >= 3
        && !stem.ends_with('s')
    {
        return stem.to_owned();
    }
    word.to_owned()
}

#[cfg(test)]
mod tests;
