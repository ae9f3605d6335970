//! Dates in the text, resolved against the dateline or publication date:
//! "Monday" in a story filed on Monday 27 January 2025 is that day, "last
//! year" is 2024, "Jan. 27" is 27 January of the nearest year. The gist
//! says when the main event happened; statements say when they were made.

use jiff::civil::{Date, Weekday};

use crate::parse::dates::{month, weekday};
use crate::tokens::floor_char_boundary;
use crate::{Article, Span, Statement};

/// A resolved date, as precise as the text says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// A day.
    Day(Date),
    /// A month of a year.
    Month(i16, i8),
    /// A year.
    Year(i16),
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl When {
    /// The date as a phrase: "on 27 January 2025", "in January 2025",
    /// "in 2024".
    pub(crate) fn phrase(self) -> String {
        match self {
            When::Day(d) => format!("on {} {} {}", d.day(), month_name(d.month()), d.year()),
            When::Month(y, m) => format!("in {} {y}", month_name(m)),
            When::Year(y) => format!("in {y}"),
        }
    }

    /// The date in ISO 8601, as precise as it is: "2025-01-27", "2025-01",
    /// "2024".
    pub fn iso(self) -> String {
        match self {
            When::Day(d) => d.to_string(),
            When::Month(y, m) => format!("{y:04}-{m:02}"),
            When::Year(y) => format!("{y:04}"),
        }
    }
}

fn month_name(m: i8) -> &'static str {
    usize::try_from(m - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("")
}

/// The date relative dates are resolved against: the dateline's, else the
/// publication date.
pub(crate) fn anchor(article: &Article) -> Option<Date> {
    article
        .dateline
        .as_ref()
        .and_then(|d| d.date)
        .or(article.published_at.map(|p| p.date()))
}

/// The month a word names: "January", "Jan", "Jan.", "Sept".
fn month_of(word: &str) -> Option<i8> {
    month(word.trim_end_matches('.'))
}

/// A day of month: "27", "27th", "1st".
fn day_of(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !suffix.is_empty() && !matches!(suffix, "st" | "nd" | "rd" | "th") {
        return None;
    }
    let d: i8 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// A year: four digits from 1900 to 2099.
fn year_of(word: &str) -> Option<i16> {
    let y: i16 = word.parse().ok()?;
    (word.len() == 4 && (1900..2100).contains(&y)).then_some(y)
}

/// Days to add to `from` to reach `to` (0..7).
fn days_forward(from: Weekday, to: Weekday) -> i64 {
    i64::from((to.to_monday_zero_offset() - from.to_monday_zero_offset()).rem_euclid(7))
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().days(n)).ok()
}

/// The first date expression among the tokens inside `span` of the
/// article, resolved against `anchor`.
pub(crate) fn find(article: &Article, span: Span, anchor: Date) -> Option<When> {
    let text = article.text.as_str();
    let tokens = &article.tokens;
    let range = tokens.within(span);
    let words: Vec<&str> = tokens.tokens()[range.clone()]
        .iter()
        .map(|t| t.span.slice(text))
        .collect();
    let lower: Vec<&str> = range.map(|i| tokens.lower(i)).collect();
    for i in 0..words.len() {
        let w = lower[i];
        let prev = i.checked_sub(1).and_then(|j| lower.get(j)).copied().unwrap_or("");
        let next = lower.get(i + 1).copied().unwrap_or("");
        // Weekdays: the last such day on or before the anchor; "next Monday" after it.
        if let Some(wd) = weekday(w) {
            let back = days_forward(wd, anchor.weekday());
            let days = match prev {
                "next" => match days_forward(anchor.weekday(), wd) {
                    0 => 7,
                    f => f,
                },
                "last" if back == 0 => -7,
                _ => -back,
            };
            return add_days(anchor, days).map(When::Day);
        }
        match w {
            "today" | "tonight" => return Some(When::Day(anchor)),
            "yesterday" => return add_days(anchor, -1).map(When::Day),
            "tomorrow" => return add_days(anchor, 1).map(When::Day),
            "year" | "month" if matches!(prev, "last" | "this" | "next") => {
                let shift = match prev {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                if w == "year" {
                    return Some(When::Year(anchor.year() + shift));
                }
                let m = i16::from(anchor.month()) - 1 + shift;
                let (y, m) = (anchor.year() + m.div_euclid(12), m.rem_euclid(12) + 1);
                return i8::try_from(m).ok().map(|m| When::Month(y, m));
            }
            _ => {}
        }
        // "Jan. 27", "January 27, 2025", "27 January 2025", "January 2025".
        if let Some(m) = month_of(words[i]).filter(|_| words[i].chars().next().is_some_and(char::is_uppercase)) {
            let after = |k: usize| words.get(i + k).copied().unwrap_or("");
            let (day, year) = if let Some(d) = day_of(after(1)) {
                let y = if after(2) == "," {
                    year_of(after(3))
                } else {
                    year_of(after(2))
                };
                (Some(d), y)
            } else if let Some(d) = i.checked_sub(1).and_then(|j| day_of(words[j])) {
                (Some(d), year_of(after(1)))
            } else {
                (None, year_of(after(1)))
            };
            // A bare "May" or "March" is no date.
            if day.is_none() && year.is_none() {
                continue;
            }
            return match (day, year) {
                (Some(d), Some(y)) => Date::new(y, m, d).ok().map(When::Day),
                (Some(d), None) => nearest_year(anchor, m, d).map(When::Day),
                (None, Some(y)) => Some(When::Month(y, m)),
                (None, None) => None,
            };
        }
        if prev == "in"
            && next != "%"
            && let Some(y) = year_of(w)
        {
            return Some(When::Year(y));
        }
    }
    None
}

/// How far after its cue a statement's date may stand, in bytes.
const AFTER_CUE: usize = 48;

/// How long an opening clause that dates a statement may be, in bytes: "On
/// Friday", "Earlier this month", "On Dec. 18".
const OPENER: usize = 24;

/// When a statement was made, as the text dates it next to the cue: "Wang
/// Yi said Monday", "she told reporters on Jan. 5", "On Friday, he said".
/// A date inside the content is what was said about, not when it was said,
/// so only two places count: the words between the cue and the content (or
/// the next clause), and a short opening clause before the speaker. The
/// dateline's date is the filing date, not the statement's.
pub(crate) fn statement_date(article: &Article, statement: &Statement, anchor: Date) -> Option<When> {
    let text = article.text.as_str();
    let cue = statement.cue.as_ref()?.span;
    let at = article.sentences.partition_point(|s| s.span.end <= cue.begin);
    let sentence = article
        .sentences
        .get(at)
        .map(|s| s.span)
        .filter(|s| s.begin <= cue.begin && cue.end <= s.end)?;
    let lead = statement.speaker.map_or(cue.begin, |s| s.begin.min(cue.begin));
    let mut after_end = sentence.end.min(cue.end + AFTER_CUE);
    let mut before_begin = sentence.begin;
    if let Some(d) = &article.dateline
        && (before_begin..=lead).contains(&d.span.end)
    {
        before_begin = d.span.end;
    }
    for c in &statement.content {
        if c.begin >= cue.end {
            after_end = after_end.min(c.begin);
        }
        if c.end <= lead {
            before_begin = before_begin.max(c.end);
        }
    }
    // The cue and the words after it, to the end of its clause ("…, he
    // said, adding that talks resume next Monday" is no longer about it);
    // the cue itself may hold the time ("said Monday").
    let after = text
        .get(cue.begin..floor_char_boundary(text, after_end))
        .map(|s| clause_end(s, &[',', ';', ':', '"', '“', '(', '—']))
        .map(|n| Span::new(cue.begin, cue.begin + n));
    // "On Friday, Cuomo said": a short clause that opens the sentence.
    let opener = text.get(before_begin..lead).and_then(|s| {
        let start = s.len()
            - s.trim_start_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
                .len();
        let rest = &s[start..];
        let clause = start..start + Some(clause_end(rest, &[','])).filter(|&n| n < rest.len())?;
        (clause.len() <= OPENER).then(|| Span::new(before_begin + clause.start, before_begin + clause.end))
    });
    [after, opener]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .find_map(|s| find(article, s, anchor))
}

/// Where the clause that opens `s` ends: at the first of `stops`, but not
/// at the comma of "July 6, 2015".
fn clause_end(s: &str, stops: &[char]) -> usize {
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|rest| rest.find(stops)).map(|i| from + i) {
        let year = s[i..].strip_prefix(',').map(str::trim_start).is_some_and(|after| {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            digits == 4
        });
        if !year {
            return i;
        }
        from = i + 1;
    }
    s.len()
}

/// Month and day in the year that puts them nearest the anchor.
fn nearest_year(anchor: Date, month: i8, day: i8) -> Option<Date> {
    let y = anchor.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| Date::new(y, month, day).ok())
        .min_by_key(|d| d.since(anchor).map_or(i64::MAX, |s| i64::from(s.get_days()).abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(text: &str) -> Option<When> {
        let article = crate::pipeline::shared()
            .parse(&crate::Document::text(text))
            .expect("parses");
        find(&article, Span::new(0, text.len()), date(2025, 1, 27))
    }

    #[test]
    fn weekdays_resolve_to_the_last_such_day() {
        // 27 January 2025 is a Monday.
        assert_eq!(at("Wang Yi said Monday."), Some(When::Day(date(2025, 1, 27))));
        assert_eq!(at("He arrived on Saturday."), Some(When::Day(date(2025, 1, 25))));
        assert_eq!(at("They meet next Tuesday."), Some(When::Day(date(2025, 1, 28))));
        assert_eq!(at("It happened last Monday."), Some(When::Day(date(2025, 1, 20))));
        assert_eq!(at("She left yesterday."), Some(When::Day(date(2025, 1, 26))));
    }

    #[test]
    fn relative_years_and_months() {
        assert_eq!(at("The leaders met in Kazan last year."), Some(When::Year(2024)));
        assert_eq!(at("Sales fell last month."), Some(When::Month(2024, 12)));
        assert_eq!(at("Growth will slow next year."), Some(When::Year(2026)));
    }

    #[test]
    fn written_dates() {
        assert_eq!(at("BEIJING, Jan. 27 (Xinhua)"), Some(When::Day(date(2025, 1, 27))));
        assert_eq!(at("on Dec. 30 the talks ended"), Some(When::Day(date(2024, 12, 30))));
        assert_eq!(at("on 3 March 2021 they met"), Some(When::Day(date(2021, 3, 3))));
        assert_eq!(at("on March 3, 2021, they met"), Some(When::Day(date(2021, 3, 3))));
        assert_eq!(at("in October 2023"), Some(When::Month(2023, 10)));
        assert_eq!(at("founded in 1987"), Some(When::Year(1987)));
        assert_eq!(at("You may go in May if you march."), None);
    }

    /// The dates of the statements the pipeline finds in `body`, published
    /// on Monday 27 January 2025 with a Beijing dateline.
    fn statement_dates(body: &str) -> Vec<(String, Option<String>)> {
        let text = format!("Talks in Beijing\n\nJanuary 27, 2025\n\nBEIJING, Jan. 27 (Xinhua) -- {body}");
        let pipeline = crate::pipeline::shared();
        let article = pipeline.parse(&crate::Document::text(&text)).expect("parsed");
        let extraction = pipeline.extract(&article);
        extraction
            .statements
            .iter()
            .map(|s| {
                // The cue's verb: "said" or "said Monday" alike.
                let cue = s.cue.as_ref().map_or("", |c| article.slice(c.span));
                let verb = cue.split_whitespace().next().unwrap_or("");
                (verb.to_owned(), s.date.map(When::iso))
            })
            .collect()
    }

    fn dated(cue: &str, date: Option<&str>) -> (String, Option<String>) {
        (cue.to_owned(), date.map(str::to_owned))
    }

    #[test]
    fn a_statement_is_dated_by_the_words_at_its_cue() {
        assert_eq!(
            statement_dates("Both sides should meet each other halfway, Foreign Minister Wang Yi said Monday."),
            [dated("said", Some("2025-01-27"))]
        );
        assert_eq!(
            statement_dates("On Friday, the ministry said that talks would resume within weeks."),
            [dated("said", Some("2025-01-24"))]
        );
        assert_eq!(
            statement_dates("The minister told reporters on Jan. 15 that growth had slowed."),
            [dated("told", Some("2025-01-15"))]
        );
        assert_eq!(
            statement_dates("On July 6, 2015, the senator said that tuition should be free."),
            [dated("said", Some("2015-07-06"))]
        );
    }

    #[test]
    fn dates_in_the_content_or_the_dateline_are_not_the_statements() {
        assert_eq!(
            statement_dates("The ministry said the two leaders met in Kazan last year."),
            [dated("said", None)]
        );
        assert_eq!(
            statement_dates("The ministry said that the talks had gone well."),
            [dated("said", None)]
        );
    }

    #[test]
    fn a_clause_ends_at_its_stop_but_not_inside_a_date() {
        assert_eq!(clause_end("On July 6, 2015, he said", &[',']), "On July 6, 2015".len());
        assert_eq!(clause_end("on Friday, adding", &[',']), "on Friday".len());
        assert_eq!(clause_end("Monday — “yes”", &['—', '“']), "Monday ".len());
        assert_eq!(clause_end("no stop here", &[',']), "no stop here".len());
    }

    #[test]
    fn phrases() {
        assert_eq!(When::Day(date(2025, 1, 27)).phrase(), "on 27 January 2025");
        assert_eq!(When::Year(2024).phrase(), "in 2024");
        assert_eq!(When::Month(2024, 12).phrase(), "in December 2024");
    }
}
