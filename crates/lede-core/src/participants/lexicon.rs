//! Lexicons that ship with the crate: countries with ISO 3166-1 codes and
//! demonyms, places, titles and offices, organization cues, given names;
//! GeoNames' cities and the US states (`models/cities.tsv`, derived by
//! `crates/lede-train/src/ner/cities.py`).

use super::features::{Gazetteer, gaz};
use crate::Span;
use crate::tokens::{TextMap, TextSet, tokenize, word_hash};

const COUNTRIES: &str = include_str!("../../models/countries.tsv");
const PLACES: &str = include_str!("../../models/places.tsv");
const TITLES: &str = include_str!("../../models/titles.txt");
const ORG_CUES: &str = include_str!("../../models/org_cues.txt");
const FIRST_NAMES: &str = include_str!("../../models/first_names.txt");
const CITIES: &str = include_str!("../../models/cities.tsv");

/// A country.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Its usual English name.
    pub name: String,
}

/// The lexicons, loaded once.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    countries: Vec<Country>,
    /// Lower-case name -> country index.
    by_name: TextMap<String, usize>,
    /// Lower-case demonym -> country index.
    by_demonym: TextMap<String, usize>,
    /// Lower-case place -> country code ("" for regions).
    places: TextMap<String, String>,
    /// Titles as lower-case word sequences.
    titles: TextSet<String>,
    /// The longest title in words.
    longest_title: usize,
    org_cues: TextSet<String>,
    first_names: TextSet<String>,
    /// Lower-case names of GeoNames' cities and the US states (a tagger
    /// feature only).
    cities: TextSet<String>,
}

/// The lines of a lexicon file, without comments and blank lines.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Lower-case words of a lexicon entry, as the tokenizer splits them,
/// joined by one space: as [`Tokens::normalized`](crate::Tokens) gives a
/// name of the text.
fn normalize(s: &str) -> String {
    // Words of letters alone, one space apart (most entries): the
    // tokenizer would give those very words.
    let plain = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ');
    if plain {
        return s.to_ascii_lowercase();
    }
    tokenized(s)
}

/// [`normalize`] by the tokenizer.
fn tokenized(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for t in tokenize(s, Span::new(0, s.len())) {
        if !out.is_empty() {
            out.push(' ');
        }
        let word = t.slice(s);
        if word.is_ascii() {
            let begin = out.len();
            out.push_str(word);
            out[begin..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

impl Lexicon {
    /// Loads the lexicons embedded in the crate.
    pub(crate) fn load() -> Lexicon {
        let mut lex = Lexicon::default();
        for line in lines(COUNTRIES) {
            let mut cols = line.split('\t');
            let (Some(code), Some(names)) = (cols.next(), cols.next()) else {
                continue;
            };
            let demonyms = cols.next().unwrap_or("");
            let index = lex.countries.len();
            let name = names.split('|').next().unwrap_or(names).to_string();
            lex.countries.push(Country {
                code: code.to_string(),
                name,
            });
            for n in names.split('|').filter(|n| !n.is_empty()) {
                lex.by_name.entry(normalize(n)).or_insert(index);
            }
            for d in demonyms.split('|').filter(|d| !d.is_empty()) {
                lex.by_demonym.entry(normalize(d)).or_insert(index);
            }
        }
        for line in lines(PLACES) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next() else { continue };
            lex.places
                .insert(normalize(name), cols.next().unwrap_or("").trim().to_string());
        }
        for line in lines(TITLES) {
            let t = normalize(line);
            lex.longest_title = lex.longest_title.max(t.split(' ').count());
            lex.titles.insert(t);
        }
        lex.org_cues = lines(ORG_CUES).map(normalize).collect();
        lex.first_names = lines(FIRST_NAMES)
            .flat_map(str::split_whitespace)
            .map(normalize)
            .collect();
        lex.cities = lines(CITIES)
            .filter_map(|l| l.split('\t').next())
            .map(normalize)
            .collect();
        lex
    }

    /// The gazetteer the tagger's features read.
    pub(crate) fn gazetteer(&self) -> Gazetteer {
        let mut phrases = Vec::with_capacity(self.cities.len() + 2_000);
        let mut add = |phrase: &str, flags: u16| {
            phrases.push((phrase.split(' ').map(word_hash).collect(), flags));
        };
        for name in self.by_name.keys() {
            add(name, gaz::COUNTRY);
        }
        for name in self.by_demonym.keys() {
            add(name, gaz::DEMONYM);
        }
        for name in self.places.keys() {
            add(name, gaz::PLACE);
        }
        for name in &self.titles {
            add(name, gaz::TITLE);
        }
        for name in &self.org_cues {
            add(name, gaz::ORG_CUE);
        }
        for name in &self.first_names {
            add(name, gaz::FIRST_NAME);
        }
        for name in &self.cities {
            add(name, gaz::CITY);
        }
        Gazetteer::new(phrases)
    }

    /// The country a name (as normalized by [`normalize`]) names.
    pub(crate) fn country(&self, normalized: &str) -> Option<&Country> {
        self.by_name.get(normalized).and_then(|&i| self.countries.get(i))
    }

    /// The country of a demonym ("chinese").
    pub(crate) fn demonym(&self, normalized: &str) -> Option<&Country> {
        self.by_demonym.get(normalized).and_then(|&i| self.countries.get(i))
    }

    /// The country code of a known place; `Some("")` for a known region.
    pub(crate) fn place(&self, normalized: &str) -> Option<&str> {
        self.places.get(normalized).map(String::as_str)
    }

    /// Whether a normalized phrase is a country, a demonym or a place the
    /// lexicon knows.
    pub(crate) fn knows_place(&self, normalized: &str) -> bool {
        self.country(normalized).is_some() || self.demonym(normalized).is_some() || self.place(normalized).is_some()
    }

    /// Whether a normalized phrase is a title or office.
    pub(crate) fn is_title(&self, normalized: &str) -> bool {
        self.titles.contains(normalized)
    }

    /// The longest title, in words.
    pub(crate) fn longest_title(&self) -> usize {
        self.longest_title
    }

    /// Whether a normalized word is a common given name.
    pub(crate) fn is_first_name(&self, normalized: &str) -> bool {
        self.first_names.contains(normalized)
    }

    /// Whether a lower-case word marks an organization ("ministry", "corp").
    pub(crate) fn is_org_cue(&self, normalized: &str) -> bool {
        self.org_cues.contains(normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_entries_normalize_as_the_tokenizer_splits_them() {
        let files = [COUNTRIES, PLACES, TITLES, ORG_CUES, FIRST_NAMES, CITIES];
        let entries = files
            .iter()
            .flat_map(|f| lines(f))
            .flat_map(|l| l.split(['\t', '|']))
            .chain(["New York", "St. Louis", "Winston-Salem", "Aix  en", " Paris", "Zürich"]);
        let mut n = 0;
        for e in entries {
            assert_eq!(normalize(e), tokenized(e), "{e:?}");
            n += 1;
        }
        assert!(n > 30_000, "{n} entries");
    }

    #[test]
    fn countries_demonyms_and_titles_load() {
        let lex = Lexicon::load();
        assert_eq!(lex.country("china").map(|c| c.code.as_str()), Some("CN"));
        assert_eq!(lex.country("united states").map(|c| c.code.as_str()), Some("US"));
        assert_eq!(lex.demonym("indian").map(|c| c.code.as_str()), Some("IN"));
        assert_eq!(lex.demonym("chinese").map(|c| c.name.as_str()), Some("China"));
        assert_eq!(lex.place("kazan"), Some("RU"));
        assert!(lex.is_title("foreign minister") && lex.is_title("spokesperson") && lex.is_title("chief executive"));
        assert!(lex.is_org_cue("ministry"));
        assert!(lex.first_names.contains("vikram"));
        assert!(lex.countries.len() > 190);
        assert!(lex.cities.contains("aachen") && lex.cities.contains("new york city"));
        assert!(!lex.cities.contains("of") && !lex.cities.contains("nice"));
    }
}
