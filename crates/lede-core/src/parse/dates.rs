//! Dates and times as wire copy and web pages write them.
//!
//! "09:38, January 28, 2025", "4-MAR-1987 11:19:12.42", "November 19, 2019 /
//! 12:21 AM", "19 Nov 2019 05:44 GMT", "Nov. 20, 2019 6:02 AM EST",
//! "2025-01-28", and the ISO 8601 stamps of HTML metadata.

use jiff::civil::{Date, DateTime, Time, Weekday};

use crate::Published;

/// A word or a punctuation mark of a line, with its byte range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok<'a> {
    pub text: &'a str,
    pub begin: usize,
    pub end: usize,
}

/// Splits `s` into runs of letters and digits and single other characters,
/// skipping white space.
pub(crate) fn toks(s: &str) -> Vec<Tok<'_>> {
    first_toks(s, usize::MAX)
}

/// The first `max` of [`toks`], the rest of `s` left unread.
pub(crate) fn first_toks(s: &str, max: usize) -> Vec<Tok<'_>> {
    // A character can add two tokens (a word it ends, and itself) before
    // the count is checked; a few suffice for most callers, which read
    // the opening tokens only.
    let mut out = Vec::with_capacity(max.saturating_add(2).min(8));
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if out.len() >= max {
            out.truncate(max);
            return out;
        }
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(b) = start.take() {
            out.push(Tok {
                text: &s[b..i],
                begin: b,
                end: i,
            });
        }
        if !c.is_whitespace() {
            let e = i + c.len_utf8();
            out.push(Tok {
                text: &s[i..e],
                begin: i,
                end: e,
            });
        }
    }
    if let Some(b) = start {
        out.push(Tok {
            text: &s[b..],
            begin: b,
            end: s.len(),
        });
    }
    out
}

/// The month a name or abbreviation stands for ("Jan", "JANUARY", "Sept").
pub(crate) fn month(word: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 || word.len() > 9 || !word.is_ascii() {
        return None;
    }
    // Compared without regard to case, with no lower-case copy made.
    if word.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word) || (word.len() == 3 && m[..3].eq_ignore_ascii_case(word)))
        .map(|i| i as i8 + 1)
}

/// The weekday a name stands for ("Monday", "Tue").
pub(crate) fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    if !word.is_ascii() || word.len() < 3 {
        return None;
    }
    DAYS.iter().find(|(d, _)| d.eq_ignore_ascii_case(word)).map(|&(_, w)| w)
}

fn number(t: Option<&Tok<'_>>, max_len: usize) -> Option<i32> {
    let t = t?;
    if t.text.is_empty() || t.text.len() > max_len || !t.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.text.parse().ok()
}

fn is(t: Option<&Tok<'_>>, s: &str) -> bool {
    t.is_some_and(|t| t.text == s)
}

/// A date found among tokens: the date and the token range it covers.
fn date_at(t: &[Tok<'_>], i: usize) -> Option<(Date, usize)> {
    // MONTH [.] DAY [,] YEAR
    if let Some(m) = t.get(i).and_then(|w| month(w.text)) {
        let mut j = i + 1;
        if is(t.get(j), ".") {
            j += 1;
        }
        let day = number(t.get(j), 2)?;
        j += 1;
        if is(t.get(j), ",") {
            j += 1;
        }
        let year = number(t.get(j), 4).filter(|y| *y >= 1900)?;
        return Date::new(year as i16, m, day as i8).ok().map(|d| (d, j + 1));
    }
    let first = number(t.get(i), 4)?;
    // YEAR-MM-DD
    if first >= 1900 && is(t.get(i + 1), "-") && is(t.get(i + 3), "-") {
        let m = number(t.get(i + 2), 2)?;
        let d = number(t.get(i + 4), 2)?;
        return Date::new(first as i16, m as i8, d as i8).ok().map(|x| (x, i + 5));
    }
    if first > 31 {
        return None;
    }
    // DAY-MON-YEAR
    if is(t.get(i + 1), "-") && is(t.get(i + 3), "-") {
        let m = t.get(i + 2).and_then(|w| month(w.text))?;
        let year = number(t.get(i + 4), 4).filter(|y| *y >= 1900)?;
        return Date::new(year as i16, m, first as i8).ok().map(|d| (d, i + 5));
    }
    // DAY MONTH [.] [,] YEAR
    let m = t.get(i + 1).and_then(|w| month(w.text))?;
    let mut j = i + 2;
    if is(t.get(j), ".") {
        j += 1;
    }
    if is(t.get(j), ",") {
        j += 1;
    }
    let year = number(t.get(j), 4).filter(|y| *y >= 1900)?;
    Date::new(year as i16, m, first as i8).ok().map(|d| (d, j + 1))
}

/// A time of day found among tokens: the time, its offset when stated and
/// the token range after it.
fn time_at(t: &[Tok<'_>], i: usize) -> Option<(Time, Option<i32>, usize)> {
    let mut hour = number(t.get(i), 2)?;
    if !is(t.get(i + 1), ":") {
        return None;
    }
    let minute = number(t.get(i + 2), 2).filter(|_| t.get(i + 2).is_some_and(|x| x.text.len() == 2))?;
    let mut j = i + 3;
    let mut second = 0;
    let mut nanos = 0;
    if is(t.get(j), ":")
        && let Some(s) = number(t.get(j + 1), 2)
    {
        second = s;
        j += 2;
        if is(t.get(j), ".")
            && let Some(frac) = t
                .get(j + 1)
                .filter(|f| (1..=9).contains(&f.text.len()) && f.text.bytes().all(|b| b.is_ascii_digit()))
        {
            let digits: i32 = frac.text.parse().unwrap_or(0);
            nanos = digits * 10i32.pow(9 - frac.text.len() as u32);
            j += 2;
        }
    }
    // AM / PM, "a.m." / "p.m."
    let meridian = match t.get(j).map(|w| w.text.to_ascii_lowercase()) {
        Some(w) if w == "am" || w == "pm" => {
            j += 1;
            Some(w == "pm")
        }
        Some(w)
            if (w == "a" || w == "p")
                && is(t.get(j + 1), ".")
                && t.get(j + 2).is_some_and(|x| x.text.eq_ignore_ascii_case("m")) =>
        {
            j += 3;
            if is(t.get(j), ".") {
                j += 1;
            }
            Some(w == "p")
        }
        _ => None,
    };
    if let Some(pm) = meridian {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = match (pm, hour) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    let time = Time::new(hour as i8, minute as i8, second as i8, nanos).ok()?;
    let (offset, after) = zone_at(t, j).map_or((None, j), |(o, k)| (Some(o), k));
    Some((time, offset, after))
}

/// A time-zone abbreviation or a numeric offset ("GMT", "EST", "+08:00",
/// "UTC+8") at token `i`: the offset in seconds and the index after it.
fn zone_at(t: &[Tok<'_>], i: usize) -> Option<(i32, usize)> {
    const ZONES: &[(&str, i32)] = &[
        ("GMT", 0),
        ("UTC", 0),
        ("Z", 0),
        ("EST", -5),
        ("EDT", -4),
        ("CST", -6),
        ("CDT", -5),
        ("MST", -7),
        ("MDT", -6),
        ("PST", -8),
        ("PDT", -7),
        ("BST", 1),
        ("CET", 1),
        ("CEST", 2),
        ("EET", 2),
        ("EEST", 3),
        ("MSK", 3),
        ("JST", 9),
        ("KST", 9),
        ("HKT", 8),
        ("SGT", 8),
        ("AEST", 10),
        ("AEDT", 11),
    ];
    let mut j = i;
    if is(t.get(j), "(") {
        j += 1;
    }
    let mut base = None;
    if let Some(w) = t.get(j)
        && let Some(&(_, h)) = ZONES.iter().find(|(z, _)| *z == w.text)
    {
        base = Some(h * 3600);
        j += 1;
    }
    // "+08:00", "+0800", "+8" after a zone name or alone.
    if let Some(sign) = t.get(j).and_then(|w| match w.text {
        "+" => Some(1),
        "-" | "−" => Some(-1),
        _ => None,
    }) && (base.is_some_and(|b| b == 0) || base.is_none())
        && let Some(h) = t.get(j + 1).filter(|x| x.begin == t[j].end).and_then(|x| {
            let d = x.text;
            match d.len() {
                1 | 2 => d.parse::<i32>().ok().map(|h| h * 3600),
                4 => d.parse::<i32>().ok().map(|v| v / 100 * 3600 + v % 100 * 60),
                _ => None,
            }
        })
    {
        let mut secs = h;
        let mut k = j + 2;
        if is(t.get(k), ":")
            && let Some(m) = number(t.get(k + 1), 2)
        {
            secs += m * 60;
            k += 2;
        }
        if secs <= 14 * 3600 {
            return Some((sign * secs, k));
        }
    }
    base.map(|b| {
        if is(t.get(j), ")") {
            j += 1;
        }
        (b, j)
    })
}

/// A publication time found in a line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Found {
    /// The date and time, as precise as the line gives them.
    pub published: Published,
    /// Byte range of the line the date and time cover.
    pub begin: usize,
    /// End of that range.
    pub end: usize,
    /// Whether the line states the UTC offset.
    pub has_offset: bool,
}

/// The first date in `s`, with a time of day next to it (before or after)
/// where there is one.
pub(crate) fn find(s: &str) -> Option<Found> {
    let t = toks(s);
    let (date, di, dj) = (0..t.len()).find_map(|i| date_at(&t, i).map(|(d, j)| (d, i, j)))?;
    // A time right after the date (skipping a separator), or right before it.
    let mut time = None;
    for k in dj..(dj + 3).min(t.len()) {
        if let Some(found) = time_at(&t, k) {
            time = Some((found, k));
            break;
        }
        if !matches!(t[k].text, "/" | "," | "|" | "-" | "at" | "·" | "•") {
            break;
        }
    }
    if time.is_none() {
        for k in di.saturating_sub(8)..di {
            if let Some(found @ (_, _, after)) = time_at(&t, k)
                && di.saturating_sub(after) <= 2
            {
                time = Some((found, k));
                break;
            }
        }
    }
    let first = t.get(di)?.begin;
    let last = t.get(dj.saturating_sub(1))?.end;
    Some(match time {
        Some(((time, offset, after), k)) => Found {
            published: Published::DateTime {
                local: DateTime::from_parts(date, time),
                offset_seconds: offset,
            },
            begin: first.min(t[k].begin),
            end: last.max(t.get(after.saturating_sub(1)).map_or(last, |x| x.end)),
            has_offset: offset.is_some(),
        },
        None => Found {
            published: Published::Date(date),
            begin: first,
            end: last,
            has_offset: false,
        },
    })
}

/// An ISO 8601 / RFC 3339 stamp as HTML metadata gives it
/// ("2019-11-19T05:44:00Z", "2019-11-19T05:44:00+08:00", "2019-11-19").
pub(crate) fn iso(s: &str) -> Option<Published> {
    let s = s.trim();
    let date: Date = s.get(..10)?.parse().ok()?;
    let rest = s.get(10..)?;
    let Some(rest) = rest.strip_prefix(['T', ' ']) else {
        return rest.is_empty().then_some(Published::Date(date));
    };
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let time: Time = rest.get(..zone_at)?.parse().ok()?;
    let zone = rest.get(zone_at..).unwrap_or("");
    let offset = match zone {
        "" => None,
        "Z" | "z" => Some(0),
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z.chars().filter(char::is_ascii_digit).collect();
            let v: i32 = digits.parse().ok()?;
            let secs = match digits.len() {
                1 | 2 => v * 3600,
                4 => v / 100 * 3600 + v % 100 * 60,
                _ => return None,
            };
            Some(sign * secs)
        }
    };
    Some(Published::DateTime {
        local: DateTime::from_parts(date, time),
        offset_seconds: offset,
    })
}

/// The date of a month and day, with the year that puts it nearest to
/// `reference` (a story filed on Dec. 31 and published on Jan. 2).
pub(crate) fn resolve_month_day(month: i8, day: i8, reference: Date) -> Option<Date> {
    let year = reference.year();
    let candidates = [year - 1, year, year + 1];
    candidates
        .iter()
        .filter_map(|&y| Date::new(y, month, day).ok())
        .min_by_key(|d| {
            let days = (reference - *d).get_days().abs();
            // Datelines lie on or before the publication date, rarely after.
            if *d > reference { days * 4 } else { days }
        })
}

/// The latest date on or before `reference` that falls on `weekday`.
pub(crate) fn resolve_weekday(weekday: Weekday, reference: Date) -> Date {
    let back = (reference.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7);
    reference
        .checked_sub(jiff::Span::new().days(i64::from(back)))
        .unwrap_or(reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn show(s: &str) -> String {
        find(s).map(|f| f.published.to_string()).unwrap_or_default()
    }

    #[test]
    fn wire_and_page_stamps() {
        assert_eq!(show("Xinhua) 09:38, January 28, 2025"), "2025-01-28T09:38:00");
        assert_eq!(show("4-MAR-1987 11:19:12.42"), "1987-03-04T11:19:12.42");
        assert_eq!(
            show("November 19, 2019 / 12:21 AM / Updated 14 hours ago"),
            "2019-11-19T00:21:00"
        );
        assert_eq!(show("19 Nov 2019 05:44 GMT"), "2019-11-19T05:44:00Z");
        assert_eq!(show("Nov. 20, 2019 6:02 AM EST"), "2019-11-20T06:02:00-05:00");
        assert_eq!(show("Politics\tDecember 28, 2017 "), "2017-12-28");
        assert_eq!(show("date 2025-01-28 Chinese FM"), "2025-01-28");
        assert_eq!(show("Updated 3:15 p.m. Jan. 5, 2024 (UTC+8)"), "2024-01-05T15:15:00");
        assert_eq!(show("no date here, 12 apples"), "");
    }

    #[test]
    fn centiseconds_are_kept() {
        let Some(Found {
            published: Published::DateTime { local, .. },
            ..
        }) = find("4-MAR-1987 11:19:12.42")
        else {
            panic!("no time");
        };
        assert_eq!(local.subsec_nanosecond(), 420_000_000);
    }

    #[test]
    fn iso_stamps() {
        assert_eq!(iso("2019-11-19T05:44:00Z").unwrap().to_string(), "2019-11-19T05:44:00Z");
        assert_eq!(
            iso("2019-11-19T05:44:00+0800").unwrap().to_string(),
            "2019-11-19T05:44:00+08:00"
        );
        assert_eq!(
            iso("2019-11-19T05:44:00.000-05:00").unwrap().to_string(),
            "2019-11-19T05:44:00-05:00"
        );
        assert_eq!(iso("2019-11-19").unwrap().to_string(), "2019-11-19");
        assert!(iso("yesterday").is_none());
    }

    #[test]
    fn datelines_resolve_against_publication() {
        assert_eq!(resolve_month_day(1, 27, date(2025, 1, 28)), Some(date(2025, 1, 27)));
        assert_eq!(resolve_month_day(12, 31, date(2025, 1, 2)), Some(date(2024, 12, 31)));
        assert_eq!(resolve_month_day(2, 27, date(1987, 3, 2)), Some(date(1987, 2, 27)));
        // 2025-01-28 is a Tuesday.
        assert_eq!(resolve_weekday(Weekday::Monday, date(2025, 1, 28)), date(2025, 1, 27));
        assert_eq!(resolve_weekday(Weekday::Tuesday, date(2025, 1, 28)), date(2025, 1, 28));
    }
}
