//! News agencies and publishers: the names they go by and, where their copy
//! states local times without an offset, their home time zone.
//!
//! The zone table is deliberately small: an agency is listed with an offset
//! only when its copy is filed from one zone without daylight saving, so
//! that a bare "09:38, January 28, 2025" under a Xinhua line is 09:38 in
//! Beijing (UTC+08:00). International agencies (Reuters, AP, AFP) file from
//! everywhere and get no offset: their times stay as the text states them.

/// One agency or publisher.
pub(crate) struct Agency {
    /// The name the article's `source` carries.
    pub name: &'static str,
    /// Spellings found in datelines, bylines, sign-offs and photo credits,
    /// compared without regard to case.
    pub aliases: &'static [&'static str],
    /// UTC offset in seconds of the agency's home newsroom, for agencies
    /// whose copy gives local times without an offset.
    pub offset_seconds: Option<i32>,
}

const H: i32 = 3600;

/// The agencies Lede knows, most common first.
pub(crate) const AGENCIES: &[Agency] = &[
    Agency {
        name: "Reuters",
        aliases: &["Reuters", "Reuter", "Thomson Reuters"],
        offset_seconds: None,
    },
    Agency {
        name: "AP",
        aliases: &["AP", "Associated Press", "The Associated Press", "AP Photo"],
        offset_seconds: None,
    },
    Agency {
        name: "AFP",
        aliases: &["AFP", "Agence France-Presse", "Agence France Presse", "AFP Photo"],
        offset_seconds: None,
    },
    Agency {
        name: "Xinhua",
        aliases: &["Xinhua", "Xinhua News Agency", "New China News Agency", "Xinhuanet"],
        offset_seconds: Some(8 * H),
    },
    Agency {
        name: "People's Daily",
        aliases: &["People's Daily", "People’s Daily", "People's Daily Online"],
        offset_seconds: Some(8 * H),
    },
    Agency {
        name: "China Daily",
        aliases: &["China Daily", "chinadaily.com.cn"],
        offset_seconds: Some(8 * H),
    },
    Agency {
        name: "Global Times",
        aliases: &["Global Times"],
        offset_seconds: Some(8 * H),
    },
    Agency {
        name: "CGTN",
        aliases: &["CGTN"],
        offset_seconds: Some(8 * H),
    },
    Agency {
        name: "China News Service",
        aliases: &["China News Service", "CNS", "Chinanews"],
        offset_seconds: Some(8 * H),
    },
    Agency {
        name: "PTI",
        aliases: &["PTI", "Press Trust of India"],
        offset_seconds: Some(5 * H + 1800),
    },
    Agency {
        name: "IANS",
        aliases: &["IANS", "Indo-Asian News Service"],
        offset_seconds: Some(5 * H + 1800),
    },
    Agency {
        name: "ANI",
        aliases: &["ANI", "Asian News International"],
        offset_seconds: Some(5 * H + 1800),
    },
    Agency {
        name: "Kyodo",
        aliases: &["Kyodo", "Kyodo News"],
        offset_seconds: Some(9 * H),
    },
    Agency {
        name: "Jiji",
        aliases: &["Jiji", "Jiji Press"],
        offset_seconds: Some(9 * H),
    },
    Agency {
        name: "Yonhap",
        aliases: &["Yonhap", "Yonhap News Agency"],
        offset_seconds: Some(9 * H),
    },
    Agency {
        name: "KCNA",
        aliases: &["KCNA", "Korean Central News Agency"],
        offset_seconds: Some(9 * H),
    },
    Agency {
        name: "TASS",
        aliases: &["TASS", "ITAR-TASS"],
        offset_seconds: Some(3 * H),
    },
    Agency {
        name: "RIA Novosti",
        aliases: &["RIA Novosti", "RIA"],
        offset_seconds: Some(3 * H),
    },
    Agency {
        name: "Interfax",
        aliases: &["Interfax"],
        offset_seconds: Some(3 * H),
    },
    Agency {
        name: "Anadolu",
        aliases: &["Anadolu", "Anadolu Agency", "AA"],
        offset_seconds: Some(3 * H),
    },
    Agency {
        name: "Bernama",
        aliases: &["Bernama"],
        offset_seconds: Some(8 * H),
    },
    Agency {
        name: "Antara",
        aliases: &["Antara"],
        offset_seconds: Some(7 * H),
    },
    Agency {
        name: "WAM",
        aliases: &["WAM", "Emirates News Agency"],
        offset_seconds: Some(4 * H),
    },
    Agency {
        name: "SPA",
        aliases: &["SPA", "Saudi Press Agency"],
        offset_seconds: Some(3 * H),
    },
    Agency {
        name: "Al Jazeera",
        aliases: &[
            "Al Jazeera",
            "Al Jazeera News",
            "Al Jazeera Media Network",
            "Al Jazeera English",
        ],
        offset_seconds: None,
    },
    Agency {
        name: "dpa",
        aliases: &["dpa", "Deutsche Presse-Agentur"],
        offset_seconds: None,
    },
    Agency {
        name: "EFE",
        aliases: &["EFE"],
        offset_seconds: None,
    },
    Agency {
        name: "ANSA",
        aliases: &["ANSA"],
        offset_seconds: None,
    },
    Agency {
        name: "UPI",
        aliases: &["UPI", "United Press International"],
        offset_seconds: None,
    },
    Agency {
        name: "Bloomberg",
        aliases: &["Bloomberg", "Bloomberg News"],
        offset_seconds: None,
    },
    Agency {
        name: "EPA",
        aliases: &["EPA", "EPA-EFE"],
        offset_seconds: None,
    },
    Agency {
        name: "Getty Images",
        aliases: &["Getty Images", "Getty"],
        offset_seconds: None,
    },
    Agency {
        name: "BBC",
        aliases: &["BBC", "BBC News"],
        offset_seconds: None,
    },
    Agency {
        name: "CNN",
        aliases: &["CNN"],
        offset_seconds: None,
    },
    Agency {
        name: "Sputnik",
        aliases: &["Sputnik"],
        offset_seconds: Some(3 * H),
    },
];

/// The agency `name` stands for, comparing without regard to case, outer
/// white space and outer punctuation ("Xinhua)" is Xinhua).
pub(crate) fn lookup(name: &str) -> Option<&'static Agency> {
    let name =
        name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ',' | '.' | ':' | '-'));
    if name.is_empty() {
        return None;
    }
    AGENCIES
        .iter()
        .find(|a| a.aliases.iter().any(|alias| alias.eq_ignore_ascii_case(name)))
}

/// Whether `word` names an agency or is a word that only organisations and
/// picture desks carry ("Images", "Photo", "Pool", "Handout").
pub(crate) fn is_organisation(name: &str) -> bool {
    if lookup(name).is_some() {
        return true;
    }
    const ORG_WORDS: &[&str] = &[
        "press",
        "news",
        "agency",
        "images",
        "image",
        "photo",
        "photos",
        "pool",
        "handout",
        "staff",
        "file",
        "reuters",
        "afp",
        "ap",
        "xinhua",
        "getty",
        "epa",
        "media",
        "network",
        "service",
        "wire",
        "tv",
        "network",
        "television",
        "ministry",
        "office",
        "government",
        "nasa",
        "courtesy",
        "stringer",
        "photographer",
        "daily",
        "times",
        "post",
        "journal",
        "agencies",
    ];
    name.split(|c: char| c.is_whitespace() || c == '/' || c == '-')
        .any(|w| ORG_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str()))
        || lookup(name.split_whitespace().last().unwrap_or("")).is_some_and(|_| name.split_whitespace().count() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_fold_case_and_outer_punctuation() {
        assert_eq!(lookup("Xinhua)").map(|a| a.name), Some("Xinhua"));
        assert_eq!(lookup("REUTER").map(|a| a.name), Some("Reuters"));
        assert_eq!(lookup("ASSOCIATED PRESS").map(|a| a.name), Some("AP"));
        assert_eq!(
            lookup("Press Trust of India").and_then(|a| a.offset_seconds),
            Some(19800)
        );
        assert!(lookup("Gao Jie").is_none());
    }

    #[test]
    fn organisations_are_told_from_people() {
        assert!(is_organisation("Getty Images"));
        assert!(is_organisation("ASSOCIATED PRESS"));
        assert!(!is_organisation("Gao Jie"));
        assert!(!is_organisation("Brendan McDermid"));
    }
}
