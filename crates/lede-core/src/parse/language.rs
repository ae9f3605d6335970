//! Language: detection (whatlang: trigrams and scripts, no model to load),
//! and the codes callers send, read as BCP-47 language subtags.

use whatlang::Lang;

/// Characters of text the detector reads: enough for a reliable guess,
/// little enough to stay a small part of parsing.
const SAMPLE_BYTES: usize = 1024;

/// The BCP-47 code of the language `text` is written in, or `None` when the
/// detector is not confident.
pub(crate) fn detect(text: &str) -> Option<String> {
    let end = crate::tokens::floor_char_boundary(text, SAMPLE_BYTES);
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(code(info.lang()).to_owned())
}

/// Function words that make up about a fifth of running English text and
/// are rare as words of the other languages written in Latin script.
const ENGLISH: [&str; 14] = [
    "the", "of", "and", "to", "that", "for", "with", "said", "from", "by", "on", "at", "is", "was",
];

/// Words [`reads_as_english`] reads.
const ENGLISH_WORDS: usize = 200;

/// Whether `words` (lower case, in text order) read as English: of the
/// first 200 that begin with a letter, at least 40, an eighth of them
/// [`ENGLISH`] function words and one in fifty "the". English news runs at
/// a fifth (at least 0.12 on 99% of the BBC, XSum and PolNeAR dev
/// articles); French, German, Spanish or Dutch text stays under 0.05.
pub(crate) fn reads_as_english<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let (mut n, mut function, mut the) = (0, 0, 0);
    for w in words
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .take(ENGLISH_WORDS)
    {
        n += 1;
        function += usize::from(ENGLISH.contains(&w));
        the += usize::from(w == "the");
    }
    n >= 40 && function * 8 >= n && the * 50 >= n
}

/// ISO 639-1 where one exists (BCP-47 prefers it), else ISO 639-3.
fn code(lang: Lang) -> &'static str {
    two_letter(lang.code()).unwrap_or(lang.code())
}

/// A caller's language code as the BCP-47 language subtag: "EN", "en-GB",
/// "en_GB" and "eng" are all "en", "zh-Hans" is "zh", "cym" and "wel" are
/// "cy". ISO 639-2 and 639-3 codes become the two-letter code where ISO
/// 639-1 has one. `Ok(None)` for "und" (undetermined: detect it); an error
/// message for what is no language tag at all.
pub(crate) fn normalize(tag: &str) -> Result<Option<String>, String> {
    let mut subtags = tag.trim().split(['-', '_']);
    let primary = subtags.next().unwrap_or_default().to_ascii_lowercase();
    let well_formed = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !well_formed {
        return Err(format!(
            "{tag:?} is not a language code: send a BCP-47 tag (\"en\", \"en-GB\", \"zh-Hans\") or an ISO 639 code (\"eng\")"
        ));
    }
    Ok(match primary.as_str() {
        "und" => None,
        three if three.len() == 3 => Some(two_letter(three).map_or(primary.clone(), str::to_owned)),
        _ => Some(primary),
    })
}

/// The ISO 639-1 code of an ISO 639-2 (terminological or bibliographic)
/// or 639-3 code, where one exists.
fn two_letter(three: &str) -> Option<&'static str> {
    ISO_639_1
        .binary_search_by(|(code, _)| (*code).cmp(three))
        .ok()
        .map(|i| ISO_639_1[i].1)
}

/// Every ISO 639-1 language by its ISO 639-2 codes (both the T and the B
/// code where they differ, "zho" and "chi"), from Debian's iso-codes; plus
/// the 639-3 codes of the individual languages that whatlang detects
/// under a macrolanguage ("cmn" Mandarin for "zh", "pes" for "fa"). Sorted.
#[rustfmt::skip]
const ISO_639_1: &[(&str, &str)] = &[
    ("aar", "aa"), ("abk", "ab"), ("afr", "af"), ("aka", "ak"), ("alb", "sq"), ("amh", "am"), ("ara", "ar"), ("arg", "an"),
    ("arm", "hy"), ("asm", "as"), ("ava", "av"), ("ave", "ae"), ("aym", "ay"), ("aze", "az"), ("bak", "ba"), ("bam", "bm"),
    ("baq", "eu"), ("bel", "be"), ("ben", "bn"), ("bih", "bh"), ("bis", "bi"), ("bod", "bo"), ("bos", "bs"), ("bre", "br"),
    ("bul", "bg"), ("bur", "my"), ("cat", "ca"), ("ces", "cs"), ("cha", "ch"), ("che", "ce"), ("chi", "zh"), ("chu", "cu"),
    ("chv", "cv"), ("cmn", "zh"), ("cor", "kw"), ("cos", "co"), ("cre", "cr"), ("cym", "cy"), ("cze", "cs"), ("dan", "da"), ("deu", "de"),
    ("div", "dv"), ("dut", "nl"), ("dzo", "dz"), ("ell", "el"), ("eng", "en"), ("epo", "eo"), ("est", "et"), ("eus", "eu"),
    ("ewe", "ee"), ("fao", "fo"), ("fas", "fa"), ("fij", "fj"), ("fin", "fi"), ("fra", "fr"), ("fre", "fr"), ("fry", "fy"),
    ("ful", "ff"), ("geo", "ka"), ("ger", "de"), ("gla", "gd"), ("gle", "ga"), ("glg", "gl"), ("glv", "gv"), ("gre", "el"),
    ("grn", "gn"), ("guj", "gu"), ("hat", "ht"), ("hau", "ha"), ("heb", "he"), ("her", "hz"), ("hin", "hi"), ("hmo", "ho"),
    ("hrv", "hr"), ("hun", "hu"), ("hye", "hy"), ("ibo", "ig"), ("ice", "is"), ("ido", "io"), ("iii", "ii"), ("iku", "iu"),
    ("ile", "ie"), ("ina", "ia"), ("ind", "id"), ("ipk", "ik"), ("isl", "is"), ("ita", "it"), ("jav", "jv"), ("jpn", "ja"),
    ("kal", "kl"), ("kan", "kn"), ("kas", "ks"), ("kat", "ka"), ("kau", "kr"), ("kaz", "kk"), ("khm", "km"), ("kik", "ki"),
    ("kin", "rw"), ("kir", "ky"), ("kom", "kv"), ("kon", "kg"), ("kor", "ko"), ("kua", "kj"), ("kur", "ku"), ("lao", "lo"),
    ("lat", "la"), ("lav", "lv"), ("lim", "li"), ("lin", "ln"), ("lit", "lt"), ("ltz", "lb"), ("lub", "lu"), ("lug", "lg"),
    ("mac", "mk"), ("mah", "mh"), ("mal", "ml"), ("mao", "mi"), ("mar", "mr"), ("may", "ms"), ("mkd", "mk"), ("mlg", "mg"),
    ("mlt", "mt"), ("mon", "mn"), ("mri", "mi"), ("msa", "ms"), ("mya", "my"), ("nau", "na"), ("nav", "nv"), ("nbl", "nr"),
    ("nde", "nd"), ("ndo", "ng"), ("nep", "ne"), ("nld", "nl"), ("nno", "nn"), ("nob", "nb"), ("nor", "no"), ("nya", "ny"),
    ("oci", "oc"), ("oji", "oj"), ("ori", "or"), ("orm", "om"), ("oss", "os"), ("pan", "pa"), ("per", "fa"), ("pes", "fa"), ("pli", "pi"),
    ("pol", "pl"), ("por", "pt"), ("pus", "ps"), ("que", "qu"), ("roh", "rm"), ("ron", "ro"), ("rum", "ro"), ("run", "rn"),
    ("rus", "ru"), ("sag", "sg"), ("san", "sa"), ("sin", "si"), ("slk", "sk"), ("slo", "sk"), ("slv", "sl"), ("sme", "se"),
    ("smo", "sm"), ("sna", "sn"), ("snd", "sd"), ("som", "so"), ("sot", "st"), ("spa", "es"), ("sqi", "sq"), ("srd", "sc"),
    ("srp", "sr"), ("ssw", "ss"), ("sun", "su"), ("swa", "sw"), ("swe", "sv"), ("tah", "ty"), ("tam", "ta"), ("tat", "tt"),
    ("tel", "te"), ("tgk", "tg"), ("tgl", "tl"), ("tha", "th"), ("tib", "bo"), ("tir", "ti"), ("ton", "to"), ("tsn", "tn"),
    ("tso", "ts"), ("tuk", "tk"), ("tur", "tr"), ("twi", "tw"), ("uig", "ug"), ("ukr", "uk"), ("urd", "ur"), ("uzb", "uz"),
    ("ven", "ve"), ("vie", "vi"), ("vol", "vo"), ("wel", "cy"), ("wln", "wa"), ("wol", "wo"), ("xho", "xh"), ("yid", "yi"),
    ("yor", "yo"), ("zha", "za"), ("zho", "zh"), ("zul", "zu"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_chinese_and_french() {
        assert_eq!(
            detect("China and India should strive for mutual understanding, support and collaboration, rather than fostering suspicion.").as_deref(),
            Some("en")
        );
        assert_eq!(
            detect(
                "中国外长王毅1月27日在北京会见印度外交秘书米斯里。王毅表示，中印双方应该相互理解、相互支持、相互成就。"
            )
            .as_deref(),
            Some("zh")
        );
        assert_eq!(
            detect("Le ministre chinois des Affaires étrangères a appelé la Chine et l'Inde à favoriser la coopération plutôt que la division.").as_deref(),
            Some("fr")
        );
    }

    #[test]
    fn english_reads_as_english_by_its_function_words_and_no_other_language_does() {
        let words = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let reads = |text: &str| reads_as_english(words(text).iter().map(String::as_str));
        let english = "The minister said on Monday that the two countries would resume talks on trade \
            and investment, and that a delegation was expected to travel to the capital for the meeting \
            with officials of the central bank, which is due to set out its plans by the end of the month.";
        assert!(reads(english));
        assert!(!reads(&english[..90]), "too few words to tell");
        let french = "Le ministre a déclaré lundi que les deux pays reprendraient les négociations sur le \
            commerce et les investissements, et qu'une délégation devait se rendre dans la capitale pour la \
            réunion avec les responsables de la banque centrale, qui doit présenter ses projets d'ici la fin du mois.";
        let german = "Der Minister sagte am Montag, dass die beiden Länder die Gespräche über Handel und \
            Investitionen wieder aufnehmen würden und dass eine Delegation in die Hauptstadt reisen solle, \
            um sich mit Vertretern der Zentralbank zu treffen, die ihre Pläne bis Ende des Monats vorlegen soll.";
        let dutch = "De minister zei maandag dat de twee landen de gesprekken over handel en investeringen \
            zouden hervatten en dat een delegatie naar de hoofdstad zou reizen voor de vergadering met \
            vertegenwoordigers van de centrale bank, die is gevraagd haar plannen voor het einde van de maand voor te leggen.";
        for other in [french, german, dutch] {
            assert!(!reads(other), "{other}");
        }
    }

    #[test]
    fn callers_codes_become_the_language_subtag() {
        for (tag, want) in [
            ("en", "en"),
            ("EN", "en"),
            ("en-GB", "en"),
            ("en_GB", "en"),
            (" en-Latn-GB ", "en"),
            ("eng", "en"),
            ("ENG", "en"),
            ("zh-Hans", "zh"),
            ("zh_Hant_TW", "zh"),
            ("zho", "zh"),
            ("chi", "zh"),
            ("cmn", "zh"),
            ("cym", "cy"),
            ("wel", "cy"),
            ("de-CH-1901", "de"),
            ("yue", "yue"),
            ("haw", "haw"),
        ] {
            assert_eq!(normalize(tag), Ok(Some(want.to_owned())), "{tag}");
        }
        assert_eq!(normalize("und"), Ok(None));
        for bad in [
            "",
            "e",
            "english",
            "en--GB",
            "12",
            "en-toolongsubtag",
            "x-klingon",
            "日本",
        ] {
            let message = normalize(bad).expect_err(bad);
            assert!(message.contains("BCP-47"), "{message}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_covers_every_detected_language() {
        assert!(ISO_639_1.windows(2).all(|w| w[0].0 < w[1].0));
        for &lang in Lang::all() {
            assert_eq!(code(lang).len(), 2, "{lang:?} ({}) has no ISO 639-1 code", lang.code());
        }
    }
}
