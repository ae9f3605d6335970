//! Datelines: where and when a story was filed.
//!
//! The forms of the major agencies, at the start of a paragraph:
//!
//! - Xinhua: "BEIJING, Jan. 27 (Xinhua) --"
//! - Reuters: "WASHINGTON (Reuters) -", "NEW YORK/WASHINGTON (Reuters) -",
//!   "LOWER MERION, Pa. (Reuters) -", a bare "(Reuters) -", and 1987 wire
//!   copy "CALGARY, Alberta, March 3 -"
//! - AP: "LONDON (AP) —", "(AP) —"
//! - AFP: "PARIS (AFP) -", "PARIS, Jan 27, 2025 (AFP) -"
//! - PTI: "NEW DELHI, Jan 27 (PTI)" with or without a dash
//! - Al Jazeera pages: "Washington, DC, United States:"

use jiff::civil::Weekday;

use super::{agencies, dates};

/// Month, day and the year when written.
pub(crate) type MonthDay = (i8, i8, Option<i16>);

/// A dateline at the start of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// Bytes the dateline covers from the start, separator included.
    pub len: usize,
    /// Byte range of the place, when one is named.
    pub location: Option<(usize, usize)>,
    /// Month and day, and the year when written.
    pub month_day: Option<MonthDay>,
    /// A weekday standing for the date ("WASHINGTON, Monday (AP) -").
    pub weekday: Option<Weekday>,
    /// The agency in parentheses.
    pub agency: Option<&'static str>,
}

/// Lower-case words that may join the words of a place name.
const CONNECTIVES: &[&str] = &[
    "de", "da", "del", "do", "dos", "das", "la", "le", "el", "al", "of", "upon", "sur", "am", "an", "der", "di", "du",
    "y", "es", "on", "en",
];

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }

    fn skip_spaces(&mut self) -> usize {
        let rest = self.rest();
        // A wrapped line may break a dateline anywhere a space stands.
        let n = rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
        self.pos += n;
        n
    }

    /// A word of a place name: letters, periods, hyphens, apostrophes.
    fn word(&self) -> Option<&'a str> {
        let rest = self.rest();
        let end = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')))
            .map_or(rest.len(), |(i, _)| i);
        let w = &rest[..end];
        w.chars().next().is_some_and(char::is_alphabetic).then_some(w)
    }

    /// A place: capitalized words joined by spaces or slashes. Returns the
    /// number of words, and whether all letters were upper case.
    fn place(&mut self, max_words: usize) -> Option<(usize, bool)> {
        let start = self.pos;
        let mut words = 0;
        let mut upper = true;
        let mut last_end = self.pos;
        while let Some(w) = self.word() {
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            if !capital && (words == 0 || !CONNECTIVES.contains(&w)) {
                break;
            }
            if capital && (dates::month(w.trim_end_matches('.')).is_some() || dates::weekday(w).is_some()) && words > 0
            {
                break;
            }
            upper &= w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
            self.pos += w.len();
            words += 1;
            last_end = self.pos;
            if words >= max_words {
                break;
            }
            // Next word after one space or a slash.
            let rest = self.rest();
            if rest.starts_with('/')
                || (rest.starts_with([' ', '\n']) && !rest[1..].starts_with([' ', '\n', '\r', '\t']))
            {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.pos = last_end;
        // A place does not end in a connective.
        let text = &self.s[start..self.pos];
        if words == 0 || text.rsplit(' ').next().is_some_and(|w| CONNECTIVES.contains(&w)) {
            self.pos = start;
            return None;
        }
        Some((words, upper))
    }

    /// A date: "Jan. 27", "March 3", "27 January", "Jan 27, 2025" or a weekday.
    fn date(&mut self) -> Option<(Option<MonthDay>, Option<Weekday>)> {
        let start = self.pos;
        // "Wednesday", or "March . 3 , 2024": six tokens at most.
        let t = dates::first_toks(self.rest(), 6);
        let base = self.pos;
        let num = |i: usize| -> Option<i32> {
            let x = t.get(i)?;
            (x.text.len() <= 4 && x.text.bytes().all(|b| b.is_ascii_digit())).then(|| x.text.parse().ok())?
        };
        if let Some(w) = t.first().and_then(|x| dates::weekday(x.text)) {
            self.pos = base + t[0].end;
            return Some((None, Some(w)));
        }
        let (m, d, mut next) = if let Some(m) = t.first().and_then(|x| dates::month(x.text)) {
            let mut i = 1;
            if t.get(i).is_some_and(|x| x.text == ".") {
                i += 1;
            }
            let d = num(i).filter(|d| (1..=31).contains(d))?;
            (m, d, i + 1)
        } else {
            let d = num(0).filter(|d| (1..=31).contains(d))?;
            let m = t.get(1).and_then(|x| dates::month(x.text))?;
            let mut i = 2;
            if t.get(i).is_some_and(|x| x.text == ".") {
                i += 1;
            }
            (m, d, i)
        };
        self.pos = base + t[next - 1].end;
        let mut year = None;
        if t.get(next).is_some_and(|x| x.text == ",")
            && let Some(y) = num(next + 1).filter(|y| (1900..=2200).contains(y))
        {
            year = Some(y as i16);
            next += 2;
            self.pos = base + t[next - 1].end;
        }
        if self.pos <= start {
            return None;
        }
        Some((Some((m, d as i8, year)), None))
    }

    /// "(Xinhua)", "(Reuters)", "(AP)": an agency in parentheses.
    fn agency(&mut self) -> Option<&'static str> {
        let rest = self.rest();
        let inner_end = rest.strip_prefix('(')?.find(')')?;
        if inner_end > 48 {
            return None;
        }
        let inner = &rest[1..=inner_end];
        let agency = inner.split(['/', ',']).find_map(|p| agencies::lookup(p.trim()))?;
        self.pos += inner_end + 2;
        Some(agency.name)
    }

    /// A dash that ends a dateline: "-", "--", "—", "–", followed by a space
    /// or the end of the line.
    fn dash(&mut self) -> bool {
        let rest = self.rest();
        for d in ["---", "--", "—", "–", "-"] {
            if let Some(after) = rest.strip_prefix(d)
                && (after.is_empty() || after.starts_with(char::is_whitespace))
            {
                self.pos += d.len();
                return true;
            }
        }
        false
    }
}

/// The dateline at the start of `s`, if there is one.
pub(crate) fn parse(s: &str) -> Option<Found> {
    let mut c = Cursor { s, pos: 0 };
    // A bare "(Reuters) -".
    if s.starts_with('(') {
        let agency = c.agency()?;
        let at = c.pos;
        c.skip_spaces();
        if !c.dash() {
            c.pos = at;
        }
        return Some(Found {
            len: c.pos,
            location: None,
            month_day: None,
            weekday: None,
            agency: Some(agency),
        });
    }
    let (_, upper) = c.place(6)?;
    let mut location_end = c.pos;
    let mut parts = 1;
    let mut month_day = None;
    let mut weekday = None;
    // Regions after commas ("LOWER MERION, Pa.", "CALGARY, Alberta"), then
    // a date after a comma or a space.
    loop {
        let here = c.pos;
        let comma = c.rest().starts_with(',');
        if comma {
            c.pos += 1;
        }
        if c.skip_spaces() == 0 && !comma {
            c.pos = here;
            break;
        }
        if let Some((md, wd)) = c.date() {
            month_day = md;
            weekday = wd;
            break;
        }
        if !comma || parts >= 4 {
            c.pos = here;
            break;
        }
        if c.place(4).is_none() {
            c.pos = here;
            break;
        }
        parts += 1;
        location_end = c.pos;
    }
    let dated = month_day.is_some() || weekday.is_some();
    if !dated {
        c.pos = location_end;
    }
    let before_agency = c.pos;
    c.skip_spaces();
    let agency = c.agency();
    if agency.is_none() {
        c.pos = before_agency;
    }
    let before_sep = c.pos;
    c.skip_spaces();
    let dash = c.dash();
    let colon = !dash && agency.is_none() && !dated && parts >= 2 && c.pos == location_end && {
        let ok = c.rest().starts_with(": ");
        if ok {
            c.pos += 1;
        }
        ok
    };
    if !dash && !colon {
        c.pos = before_sep;
    }
    // A capitalized phrase and a dash with nothing else to go by is a
    // dateline only when running text follows: "ECONOMIC SPOTLIGHT -
    // BANKAMERICA" is a headline.
    let running_text_follows = || {
        // Letters outside HTML entities ("&lt;" is not running text).
        let mut in_entity = false;
        let mut letters = c
            .rest()
            .chars()
            .filter(|&ch| {
                match ch {
                    '&' => in_entity = true,
                    ';' | ' ' => in_entity = false,
                    _ => {}
                }
                !in_entity && ch.is_alphabetic()
            })
            .take(40)
            .peekable();
        letters.peek().is_none() || letters.any(char::is_lowercase)
    };
    // "Kabul, Afghanistan –": a city and its country before a dash, short
    // names over a sentence (not a heading like "Despite The Fee, You're
    // Still Buying — Not Renting — Games").
    let city_country = || {
        parts >= 2
            && s[..location_end].split_whitespace().count() <= 5
            && c.rest().split_whitespace().take(8).count() == 8
            && c.rest().trim_start().starts_with(char::is_uppercase)
    };
    // Labels in capitals before a dash are not places: "NOTE -", "UPDATE 2 -".
    const LABELS: &[&str] = &[
        "NOTE",
        "UPDATE",
        "CORRECTED",
        "CORRECTION",
        "EXCLUSIVE",
        "BREAKING",
        "ANALYSIS",
        "WRAPUP",
        "FACTBOX",
        "REFILE",
        "RPT",
        "INSIGHT",
        "COLUMN",
        "PREVIEW",
        "REVIEW",
        "INTERVIEW",
        "EDITORIAL",
        "OPINION",
        "WATCH",
        "PHOTOS",
        "VIDEO",
        "LIVE",
        "TIMELINE",
        "Q&A",
        "NEWSMAKER",
        "FEATURE",
    ];
    if agency.is_none() && !dated && LABELS.contains(&s[..location_end].trim()) {
        return None;
    }
    let accepted =
        agency.is_some() || (dash && (dated || ((upper || city_country()) && running_text_follows()))) || colon;
    if !accepted {
        return None;
    }
    let letters = s[..location_end].chars().filter(|ch| ch.is_alphabetic()).count();
    if letters < 2 {
        return None;
    }
    Some(Found {
        len: c.pos,
        location: Some((0, location_end)),
        month_day,
        weekday,
        agency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Option<(String, String, Option<MonthDay>, Option<&'static str>)> {
        parse(s).map(|f| {
            let loc = f.location.map_or(String::new(), |(a, b)| s[a..b].to_owned());
            (loc, s[..f.len].to_owned(), f.month_day, f.agency)
        })
    }

    #[test]
    fn xinhua() {
        let (loc, all, md, ag) = show("BEIJING, Jan. 27 (Xinhua) -- China and India should").unwrap();
        assert_eq!(
            (loc.as_str(), all.as_str(), md, ag),
            (
                "BEIJING",
                "BEIJING, Jan. 27 (Xinhua) --",
                Some((1, 27, None)),
                Some("Xinhua")
            )
        );
    }

    #[test]
    fn reuters_forms() {
        assert_eq!(show("WASHINGTON (Reuters) - U.S. Secretary").unwrap().0, "WASHINGTON");
        assert_eq!(
            show("NEW YORK/WASHINGTON (Reuters) - The new").unwrap().0,
            "NEW YORK/WASHINGTON"
        );
        assert_eq!(
            show("LOWER MERION, Pa. (Reuters) - In Pennsylvania").unwrap().0,
            "LOWER MERION, Pa."
        );
        assert_eq!(
            show("DANANG, Vietnam (Reuters) - An alleged").unwrap().0,
            "DANANG, Vietnam"
        );
        let bare = parse("(Reuters) - Twitter Inc faced").unwrap();
        assert_eq!((bare.location, bare.len, bare.agency), (None, 11, Some("Reuters")));
    }

    #[test]
    fn reuters_1987() {
        let (loc, all, md, ag) = show("CALGARY, Alberta, March 3 - Some company said").unwrap();
        assert_eq!(
            (loc.as_str(), all.as_str(), md, ag),
            (
                "CALGARY, Alberta",
                "CALGARY, Alberta, March 3 -",
                Some((3, 3, None)),
                None
            )
        );
        assert_eq!(
            show("LIVINGSTON, N.J., March 12 - Foster").unwrap().0,
            "LIVINGSTON, N.J."
        );
        assert_eq!(show("Chicago, March 3 - The National").unwrap().0, "Chicago");
        assert_eq!(show("FRANKFURT, February 27 - Bank").unwrap().2, Some((2, 27, None)));
        assert_eq!(
            show("PEARL RIVER, N.Y., March 2 -\n    Oper shr").unwrap().1,
            "PEARL RIVER, N.Y., March 2 -"
        );
    }

    #[test]
    fn ap_afp_pti_and_al_jazeera() {
        assert_eq!(show("LONDON (AP) — Britain's Conservative").unwrap().3, Some("AP"));
        assert_eq!(parse("(AP) — The storm").unwrap().agency, Some("AP"));
        assert_eq!(
            show("PARIS, Jan 27, 2025 (AFP) - France").unwrap().2,
            Some((1, 27, Some(2025)))
        );
        assert_eq!(
            show("NEW DELHI, Jan 27 (PTI) The government").unwrap().1,
            "NEW DELHI, Jan 27 (PTI)"
        );
        assert_eq!(
            show("Washington, DC, United States: Getting to the Moon").unwrap().0,
            "Washington, DC, United States"
        );
        assert_eq!(
            parse("WASHINGTON, Monday (AP) - x").unwrap().weekday,
            Some(Weekday::Monday)
        );
    }

    #[test]
    fn city_and_country_before_a_dash() {
        assert_eq!(
            show("Kabul, Afghanistan – Taliban fighters have seized two more districts in the north, officials said.")
                .unwrap()
                .0,
            "Kabul, Afghanistan"
        );
        assert_eq!(parse("Kabul, Afghanistan – TALIBAN"), None);
        assert_eq!(
            parse("Despite The Monthly Fee, You're Still Buying — Not Renting — Games"),
            None
        );
    }

    #[test]
    fn sentences_are_not_datelines() {
        for s in [
            "Chinese Foreign Minister Wang Yi, also a member of the Political Bureau",
            "U.S. President Donald Trump on Friday voiced support",
            "Oil fell - and then rose",
            "Brussels, he said: no",
            "ECONOMIC SPOTLIGHT - BANKAMERICA &lt;BAC>",
            "In May, NASA’s Administrator Jim Bridenstine said",
            "Rebranded to resemble a neutral fact-checking account",
            "",
            "(",
            "A",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
