//! The vocabulary: one table of what Lede knows about a word, looked up
//! once per token when parse builds the [`Tokens`](super::Tokens). It
//! holds each word's clusters (from unlabelled news), its capitalization
//! class inside sentences, and the word lists of the stages that hold it,
//! keyed by the word's [`word_hash`](super::word_hash).

#[cfg(test)]
use super::hash::word_hash;
use super::hash::{IdMap, lower_hash};

/// The word lists, one bit each in [`WordInfo::lists`]. A stage registers
/// its list when the pipeline is built ([`Vocabulary::add_list`]).
pub(crate) mod list {
    /// A function word ("the", "of", "he"): says nothing of what a
    /// sentence is about.
    pub const STOP: u16 = 1;
    /// Opening a sentence, the word leans on the one before ("however").
    pub const LEANING: u16 = 1 << 1;
    /// A filler word, which no key phrase starts or ends with.
    pub const FILLER: u16 = 1 << 2;
    /// A function word a key phrase may hold inside ("of", "for").
    pub const INNER: u16 = 1 << 3;
    /// A word that can be a cue on its own ("said", "according").
    pub const CUE: u16 = 1 << 4;
    /// A form of a reporting verb ("says", "told", "warning").
    pub const REPORT: u16 = 1 << 5;
    /// A personal or relative pronoun that can name a speaker ("he", "who").
    pub const PRONOUN: u16 = 1 << 6;
}

/// What the vocabulary knows of one word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Word clusters, fine, middle and coarse; each one more than the
    /// cluster's number, so that 0 means the word has none.
    pub cluster: [u16; 3],
    /// How the word is written inside sentences of unlabelled news: 1
    /// mostly lower case, 2 mixed, 3 mostly capitalized; 0 unknown.
    pub caps: u8,
    /// The [`list`]s that hold the word.
    pub lists: u16,
}

/// Every known word by its hash.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    words: IdMap<u64, WordInfo>,
    /// One more than the largest cluster id of each level (0 stands for
    /// none), for tables indexed by cluster.
    cluster_values: [usize; 3],
}

impl Vocabulary {
    /// The vocabulary of a cluster file (`word<TAB>fine<TAB>mid<TAB>coarse`;
    /// where several forms of a word are listed, the first listed wins) and
    /// a capitalization file (`word<TAB>class`).
    pub(crate) fn new(clusters: &str, caps: &str) -> Vocabulary {
        let mut v = Vocabulary {
            words: IdMap::default(),
            cluster_values: [1; 3],
        };
        v.words.reserve(clusters.lines().count() + caps.lines().count());
        for line in clusters.lines() {
            let mut cols = line.split('\t');
            let (Some(word), Some(a), Some(b), Some(c)) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let ids = [a, b, c].map(|x| x.parse::<u16>().map_or(0, |v| v.saturating_add(1)));
            let info = v.words.entry(lower_hash(word)).or_default();
            if info.cluster == [0; 3] {
                info.cluster = ids;
                for (n, &c) in v.cluster_values.iter_mut().zip(&ids) {
                    *n = (*n).max(usize::from(c) + 1);
                }
            }
        }
        for line in caps.lines() {
            let mut cols = line.split('\t');
            let (Some(word), Some(class)) = (cols.next(), cols.next()) else {
                continue;
            };
            if let Ok(class) = class.parse::<u8>() {
                v.words.entry(lower_hash(word)).or_default().caps = class;
            }
        }
        v
    }

    /// Puts `words` (any case) on `list`.
    pub(crate) fn add_list<'a>(&mut self, words: impl IntoIterator<Item = &'a str>, list: u16) {
        for w in words {
            self.words.entry(lower_hash(w)).or_default().lists |= list;
        }
    }

    /// What the vocabulary knows of the word of hash `hash`.
    #[inline]
    pub(crate) fn get(&self, hash: u64) -> WordInfo {
        self.words.get(&hash).copied().unwrap_or_default()
    }

    /// One more than the largest cluster id of each level.
    pub(crate) fn cluster_values(&self) -> [usize; 3] {
        self.cluster_values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lookup_gives_clusters_caps_and_lists() {
        let mut v = Vocabulary::new("China\t3\t1\t0\nchina\t9\t9\t9\nsaid\t4\t2\t1\n", "china\t3\n");
        v.add_list(["Said", "the"], list::CUE);
        v.add_list(["the"], list::STOP);
        let china = v.get(word_hash("china"));
        assert_eq!((china.cluster, china.caps, china.lists), ([4, 2, 1], 3, 0));
        assert_eq!(v.get(word_hash("said")).lists, list::CUE);
        assert_eq!(v.get(word_hash("the")).lists, list::CUE | list::STOP);
        assert_eq!(v.get(word_hash("unknown")), WordInfo::default());
        assert_eq!(v.cluster_values(), [6, 4, 3]);
    }
}
