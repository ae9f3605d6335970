//! The word lists the stage puts in the vocabulary, so that parse marks
//! the tokens on them ([`list::CUE`], [`list::REPORT`], [`list::PRONOUN`]):
//! the cue words its model learned, every form of the reporting verbs, and
//! the subject pronouns.

use std::collections::HashSet;

use crate::tokens::{Vocabulary, list};

/// Subject pronouns: the speakers a pronoun can name ("he said").
const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it", "you", "who"];

/// Reporting, belief and stance verbs, in their base forms: a general
/// English lexicon (no corpus statistics), inflected by [`inflect`].
const REPORTING_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "note",
    "state",
    "claim",
    "argue",
    "insist",
    "explain",
    "announce",
    "report",
    "write",
    "tweet",
    "post",
    "declare",
    "assert",
    "contend",
    "maintain",
    "suggest",
    "acknowledge",
    "admit",
    "concede",
    "deny",
    "warn",
    "predict",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "urge",
    "call",
    "ask",
    "demand",
    "propose",
    "recommend",
    "reply",
    "respond",
    "answer",
    "retort",
    "counter",
    "complain",
    "criticize",
    "criticise",
    "praise",
    "accuse",
    "blame",
    "charge",
    "allege",
    "confirm",
    "reveal",
    "disclose",
    "indicate",
    "show",
    "find",
    "conclude",
    "estimate",
    "believe",
    "think",
    "feel",
    "hope",
    "fear",
    "worry",
    "expect",
    "know",
    "doubt",
    "wonder",
    "recall",
    "remember",
    "mention",
    "point",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "repeat",
    "describe",
    "label",
    "dub",
    "characterize",
    "quote",
    "cite",
    "agree",
    "disagree",
    "dispute",
    "reject",
    "dismiss",
    "question",
    "challenge",
    "defend",
    "endorse",
    "oppose",
    "decline",
    "refuse",
    "speak",
    "testify",
    "observe",
    "comment",
    "remark",
    "joke",
    "quip",
    "boast",
    "brag",
    "lament",
    "concur",
    "caution",
    "advise",
    "inform",
    "notify",
    "assure",
    "reassure",
    "convince",
    "persuade",
    "announce",
    "proclaim",
    "signal",
    "hint",
    "imply",
    "acknowledge",
    "recognize",
    "recognise",
    "understand",
    "realize",
    "realise",
    "assume",
    "guess",
    "suspect",
    "presume",
    "believe",
    "consider",
    "regard",
    "deem",
    "view",
    "see",
    "want",
    "wish",
    "prefer",
    "plan",
    "intend",
    "decide",
    "vote",
    "support",
    "favor",
    "favour",
    "applaud",
    "welcome",
    "condemn",
    "denounce",
    "slam",
    "blast",
    "attack",
    "rebuke",
    "mock",
    "ridicule",
    "accuse",
    "thank",
    "apologize",
    "apologise",
    "pray",
    "shout",
    "scream",
    "yell",
    "chant",
    "sing",
    "cry",
    "whisper",
    "mutter",
    "exclaim",
    "ask",
    "inquire",
    "query",
    "interrupt",
    "continue",
    "conclude",
    "begin",
    "summarize",
    "clarify",
    "elaborate",
    "detail",
    "outline",
    "list",
    "specify",
    "tout",
    "hail",
    "brand",
    "term",
    "liken",
    "compare",
    "predict",
    "forecast",
    "project",
    "calculate",
    "rate",
    "rank",
    "poll",
    "survey",
    "learn",
    "hear",
    "read",
    "discover",
    "determine",
    "establish",
    "prove",
    "demonstrate",
    "illustrate",
    "reflect",
    "appear",
    "seem",
    "insinuate",
    "speculate",
    "theorize",
    "posit",
    "acknowledge",
];

/// Irregular forms of [`REPORTING_VERBS`].
const IRREGULAR_FORMS: &[&str] = &[
    "said",
    "told",
    "wrote",
    "written",
    "thought",
    "felt",
    "knew",
    "known",
    "found",
    "spoke",
    "spoken",
    "saw",
    "seen",
    "understood",
    "heard",
    "read",
    "taught",
    "sang",
    "sung",
    "began",
    "begun",
    "foresaw",
    "foreseen",
    "according",
];

/// `verb`, "verbs", "verbed", "verbing", with the usual spelling changes.
fn inflect(verb: &str, out: &mut HashSet<String>) {
    out.insert(verb.to_owned());
    if let Some(stem) = verb.strip_suffix('e') {
        out.extend([format!("{verb}s"), format!("{verb}d"), format!("{stem}ing")]);
    } else if let Some(stem) = verb.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        out.extend([format!("{stem}ies"), format!("{stem}ied"), format!("{verb}ing")]);
    } else if verb.ends_with(['s', 'x', 'z']) || verb.ends_with("sh") || verb.ends_with("ch") {
        out.extend([format!("{verb}es"), format!("{verb}ed"), format!("{verb}ing")]);
    } else {
        out.extend([format!("{verb}s"), format!("{verb}ed"), format!("{verb}ing")]);
    }
}

/// Every form of the reporting verbs.
fn reporting_forms() -> HashSet<String> {
    let mut out = HashSet::new();
    for v in REPORTING_VERBS {
        inflect(v, &mut out);
    }
    out.extend(IRREGULAR_FORMS.iter().map(|w| (*w).to_owned()));
    out
}

/// Puts `cue_words` (a model's), the reporting verbs and the pronouns on
/// their lists in `vocab`.
pub(crate) fn add(vocab: &mut Vocabulary, cue_words: &[String]) {
    vocab.add_list(cue_words.iter().map(String::as_str), list::CUE);
    vocab.add_list(reporting_forms().iter().map(String::as_str), list::REPORT);
    vocab.add_list(PRONOUNS.iter().copied(), list::PRONOUN);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::word_hash;

    #[test]
    fn each_list_holds_its_words_in_every_form() {
        let mut vocab = Vocabulary::default();
        add(&mut vocab, &["said".to_owned(), "according".to_owned()]);
        let lists = |w: &str| vocab.get(word_hash(w)).lists;
        assert_eq!(lists("said"), list::CUE | list::REPORT);
        assert_eq!(lists("according"), list::CUE | list::REPORT);
        for w in ["urges", "urged", "urging", "denies", "denied", "criticizes", "told"] {
            assert_eq!(lists(w), list::REPORT, "{w}");
        }
        assert_eq!(lists("who"), list::PRONOUN);
        assert_eq!(lists("table"), 0);
    }
}
