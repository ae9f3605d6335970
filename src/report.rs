//! `lede analyze --format text`: an analysis as a short report for a
//! person: the article's header, who is in it, who said what, and the
//! summary.

use std::fmt::Write;

use crate::pb;

/// The report of one analysis.
pub fn report(response: &pb::AnalyzeResponse) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(&mut out, response);
    out
}

fn write_report(out: &mut String, r: &pb::AnalyzeResponse) -> std::fmt::Result {
    let pb::AnalyzeResponse {
        document_id: _,
        article,
        participants,
        statements,
        summary,
        notices,
    } = r;
    let article = article.clone().unwrap_or_default();
    writeln!(out, "{}", or(&article.title, "(no headline found)"))?;
    let dateline = article.dateline.as_ref().map(|d| {
        [d.location.as_str(), d.date.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let header = [
        ("source", article.source.clone()),
        ("dateline", dateline.unwrap_or_default()),
        ("published", article.published_at.clone()),
        ("language", article.language_code.clone()),
    ];
    let header: Vec<String> = header
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    if !header.is_empty() {
        writeln!(out, "{}", header.join(" | "))?;
    }
    if !article.credits.is_empty() {
        let credits: Vec<String> = article
            .credits
            .iter()
            .map(|c| format!("{} ({})", c.name, label(c.role().as_str_name(), "CREDIT_ROLE_")))
            .collect();
        writeln!(out, "credits: {}", credits.join(", "))?;
    }

    if !participants.is_empty() {
        writeln!(out, "\nParticipants")?;
    }
    for p in participants {
        let mut about = vec![label(p.kind().as_str_name(), "PARTICIPANT_KIND_")];
        about.extend(p.titles.iter().cloned());
        if !p.country_code.is_empty() {
            about.push(p.country_code.clone());
        }
        about.extend(p.roles().map(|r| label(r.as_str_name(), "PARTICIPANT_ROLE_")));
        let aliases = if p.aliases.is_empty() {
            String::new()
        } else {
            format!("; also {}", p.aliases.join(", "))
        };
        writeln!(out, "  {} ({}{aliases})", p.name, about.join(", "))?;
    }

    if !statements.is_empty() {
        writeln!(out, "\nStatements")?;
    }
    for s in statements {
        let speaker = participants
            .iter()
            .find(|p| !s.speaker_id.is_empty() && p.id == s.speaker_id)
            .map(|p| p.name.clone())
            .or_else(|| s.speaker.as_ref().map(|m| m.text.clone()))
            .unwrap_or_else(|| "(unnamed)".to_owned());
        let cue = s.cue.as_ref().map_or_else(String::new, |c| format!(" ({})", c.text));
        writeln!(out, "  {speaker}{cue}: {}", s.content)?;
    }

    if let Some(summary) = summary {
        if !summary.sentences.is_empty() {
            writeln!(out, "\nSummary")?;
        }
        for s in &summary.sentences {
            writeln!(out, "  - {}", s.text)?;
        }
        if !summary.keywords.is_empty() {
            let keywords: Vec<&str> = summary.keywords.iter().map(|k| k.text.as_str()).collect();
            writeln!(out, "\nKeywords: {}", keywords.join(", "))?;
        }
        if !summary.gist.is_empty() {
            writeln!(out, "Gist: {}", summary.gist)?;
        }
    }
    for n in notices {
        writeln!(out, "\nNote: {}", n.message)?;
    }
    Ok(())
}

fn or<'a>(value: &'a str, default: &'a str) -> &'a str {
    if value.is_empty() { default } else { value }
}

/// An enum value's name for people: "PARTICIPANT_KIND_PERSON" is "person".
fn label(name: &str, prefix: &str) -> String {
    name.strip_prefix(prefix)
        .unwrap_or(name)
        .replace('_', " ")
        .to_lowercase()
}
