//! The pipeline: parse, extract, summarize.

use std::time::Instant;

use crate::participants::ParticipantFinder;
use crate::statements::StatementFinder;
use crate::{
    Article, Document, Error, ErrorKind, Extraction, Limits, Result, Summary, SummaryOptions, parse, summarize,
};

/// Everything one analysis finds in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The parsed article.
    pub article: Article,
    /// Its participants and statements.
    pub extraction: Extraction,
    /// Its summary.
    pub summary: Summary,
}

/// The analysis pipeline. Build it once with [`Pipeline::new`]: that loads
/// every lexicon and model. Then analyse through `&self` from any number of
/// threads.
#[derive(Debug)]
pub struct Pipeline {
    limits: Limits,
    participants: ParticipantFinder,
    statements: StatementFinder,
}

impl Pipeline {
    /// A pipeline with the default [`Limits`].
    pub fn new() -> Result<Pipeline> {
        Pipeline::with_limits(Limits::default())
    }

    /// A pipeline that refuses input beyond `limits`.
    pub fn with_limits(limits: Limits) -> Result<Pipeline> {
        Ok(Pipeline {
            limits,
            participants: ParticipantFinder::new()?,
            statements: StatementFinder::new()?,
        })
    }

    /// The limits this pipeline enforces.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Parses a document into an article with labelled regions and sentences.
    pub fn parse(&self, document: &Document) -> Result<Article> {
        parse::parse(document, &self.limits)
    }

    /// Finds the participants and statements of a parsed article.
    pub fn extract(&self, article: &Article) -> Extraction {
        if !article.is_english() {
            return Extraction::default();
        }
        let mut participants = self.participants.find(article);
        let statements = self.statements.find(article, &mut participants);
        Extraction {
            participants,
            statements,
        }
    }

    /// Summarizes a parsed article, using what extraction found in it.
    pub fn summarize(&self, article: &Article, extraction: &Extraction, options: &SummaryOptions) -> Summary {
        summarize::summarize(article, extraction, options)
    }

    /// Runs every stage once, in a row.
    pub fn analyze(&self, document: &Document, options: &SummaryOptions) -> Result<Analysis> {
        self.analyze_before(document, options, None)
    }

    /// Like [`Pipeline::analyze`], but gives up with
    /// [`ErrorKind::DeadlineExceeded`] between stages once `deadline` has
    /// passed, so that a caller who stopped waiting stops costing work.
    pub fn analyze_before(
        &self,
        document: &Document,
        options: &SummaryOptions,
        deadline: Option<Instant>,
    ) -> Result<Analysis> {
        let article = self.parse(document)?;
        check(deadline, "parse")?;
        let extraction = self.extract(&article);
        check(deadline, "extract")?;
        let summary = self.summarize(&article, &extraction, options);
        Ok(Analysis {
            article,
            extraction,
            summary,
        })
    }
}

/// An error when `deadline` has passed; `stage` names what was done.
fn check(deadline: Option<Instant>, stage: &str) -> Result<()> {
    match deadline {
        Some(d) if Instant::now() >= d => Err(Error::new(
            ErrorKind::DeadlineExceeded,
            None,
            format!("deadline passed after {stage}; the rest of the analysis was not run"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passed_deadline_stops_the_analysis() {
        let pipeline = Pipeline::new().expect("pipeline");
        let document = Document::text("One sentence. Another one.");
        let past = Instant::now();
        let error = pipeline
            .analyze_before(&document, &SummaryOptions::default(), Some(past))
            .expect_err("late");
        assert_eq!(error.kind(), ErrorKind::DeadlineExceeded);
        let later = Instant::now() + std::time::Duration::from_secs(60);
        assert!(
            pipeline
                .analyze_before(&document, &SummaryOptions::default(), Some(later))
                .is_ok()
        );
    }
}
