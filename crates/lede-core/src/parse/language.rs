//! Language detection (whatlang: trigrams and scripts, no model to load).

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

/// ISO 639-1 where one exists (BCP-47 prefers it), else ISO 639-3.
fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Eng => "en",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Rus => "ru",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Ukr => "uk",
        Lang::Vie => "vi",
        Lang::Ind => "id",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Nob => "nb",
        Lang::Fin => "fi",
        Lang::Ces => "cs",
        Lang::Slk => "sk",
        Lang::Slv => "sl",
        Lang::Hun => "hu",
        Lang::Ron => "ro",
        Lang::Bul => "bg",
        Lang::Srp => "sr",
        Lang::Hrv => "hr",
        Lang::Ell => "el",
        Lang::Heb => "he",
        Lang::Pes => "fa",
        Lang::Urd => "ur",
        Lang::Ben => "bn",
        Lang::Tam => "ta",
        Lang::Tel => "te",
        Lang::Mar => "mr",
        Lang::Guj => "gu",
        Lang::Pan => "pa",
        Lang::Kan => "kn",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Sin => "si",
        Lang::Nep => "ne",
        Lang::Tha => "th",
        Lang::Khm => "km",
        Lang::Mya => "my",
        Lang::Kat => "ka",
        Lang::Hye => "hy",
        Lang::Amh => "am",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Bel => "be",
        Lang::Mkd => "mk",
        Lang::Aze => "az",
        Lang::Uzb => "uz",
        Lang::Tgl => "tl",
        Lang::Jav => "jv",
        Lang::Afr => "af",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Aka => "ak",
        Lang::Cat => "ca",
        Lang::Epo => "eo",
        Lang::Lat => "la",
        Lang::Yid => "yi",
        Lang::Tuk => "tk",
        _ => lang.code(),
    }
}

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
}
