//! The pipeline: parse, extract, summarize.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::participants::ParticipantFinder;
use crate::statements::StatementFinder;
use crate::tokens::Vocabulary;
use crate::{
    Article, Document, Extraction, Limits, Notice, Participant, Result, Statement, Stop, Summary, SummaryOptions,
    parse, summarize, when,
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

/// A stage of the pipeline, as a [`StageObserver`] hears of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// Parsing a document into an article.
    Parse,
    /// Finding participants and their mentions.
    Participants,
    /// Finding statements and their speakers.
    Statements,
    /// Summarizing.
    Summarize,
}

impl Stage {
    /// The stage's name in lower case: `parse`, `participants`,
    /// `statements`, `summarize`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Participants => "participants",
            Stage::Statements => "statements",
            Stage::Summarize => "summarize",
        }
    }
}

/// Hears how long each stage took, for metrics and traces. Called on the
/// thread that ran the stage, right after it ended (whether it succeeded
/// or not).
pub trait StageObserver: Send + Sync + std::fmt::Debug {
    /// `stage` just ended after `elapsed`.
    fn stage_finished(&self, stage: Stage, elapsed: Duration);
}

/// The analysis pipeline. Build it once with [`Pipeline::new`]: that loads
/// every lexicon and model. Then analyse through `&self` from any number of
/// threads.
#[derive(Debug)]
pub struct Pipeline {
    limits: Limits,
    /// The one word table every token is looked up in.
    vocab: Vocabulary,
    participants: ParticipantFinder,
    statements: StatementFinder,
    observer: Option<Arc<dyn StageObserver>>,
}

/// Word clusters from unlabelled news (`lede-train ner`).
const CLUSTERS: &str = include_str!("../models/ner.clusters.tsv");
/// How words are capitalized inside sentences of unlabelled news.
const CAPS: &str = include_str!("../models/ner.caps.tsv");

/// The vocabulary of the shipped word tables and the fixed word lists,
/// without what a trained model adds to it.
pub(crate) fn base_vocabulary() -> Vocabulary {
    let mut vocab = Vocabulary::new(CLUSTERS, CAPS);
    summarize::add_lists(&mut vocab);
    vocab
}

impl Pipeline {
    /// A pipeline with the default [`Limits`].
    pub fn new() -> Result<Pipeline> {
        Pipeline::with_limits(Limits::default())
    }

    /// A pipeline that refuses input beyond `limits`.
    pub fn with_limits(limits: Limits) -> Result<Pipeline> {
        let statements = StatementFinder::new()?;
        let mut vocab = base_vocabulary();
        statements.add_lists(&mut vocab);
        Ok(Pipeline {
            limits,
            vocab,
            participants: ParticipantFinder::new()?,
            statements,
            observer: None,
        })
    }

    /// This pipeline, telling `observer` how long each stage takes.
    pub fn with_observer(self, observer: Arc<dyn StageObserver>) -> Pipeline {
        Pipeline {
            observer: Some(observer),
            ..self
        }
    }

    /// Runs `work` as `stage`, timed when there is an observer.
    fn timed<T>(&self, stage: Stage, work: impl FnOnce() -> T) -> T {
        let Some(observer) = &self.observer else {
            return work();
        };
        let start = Instant::now();
        let result = work();
        observer.stage_finished(stage, start.elapsed());
        result
    }

    /// The limits this pipeline enforces.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Parses a document into an article with labelled regions and sentences.
    pub fn parse(&self, document: &Document) -> Result<Article> {
        self.timed(Stage::Parse, || parse::parse(document, &self.limits, &self.vocab))
    }

    /// Checks an article that was not parsed here (a caller sent it back)
    /// and builds its [`Tokens`](crate::Tokens): the error names the field
    /// that does not hold ([`Article::validate`]).
    pub fn check(&self, mut article: Article) -> Result<Article> {
        article.validate()?;
        self.tokenize(&mut article);
        Ok(article)
    }

    /// `article` with its tokens, built here when it came without them.
    fn prepared<'a>(&self, article: &'a Article) -> Result<Cow<'a, Article>> {
        if article.tokens.fit(article.text.len()) {
            return Ok(Cow::Borrowed(article));
        }
        self.check(article.clone()).map(Cow::Owned)
    }

    /// Builds the tokens of an article from its paragraphs and sentences.
    fn tokenize(&self, article: &mut Article) {
        article.tokens = crate::Tokens::build(
            &article.text,
            &article.paragraphs,
            &article.sentences,
            article.dateline.as_ref().map(|d| d.span),
            &self.vocab,
        );
    }

    /// Finds the participants and statements of a parsed article.
    pub fn extract(&self, article: &Article) -> Extraction {
        self.extract_until(article, &Stop::never())
            .unwrap_or_else(|_| Extraction::default())
    }

    /// Like [`Pipeline::extract`], but gives up with an error once `stop`
    /// says so (it is looked at between sentences).
    pub fn extract_until(&self, article: &Article, stop: &Stop) -> Result<Extraction> {
        stop.check("parse")?;
        let article = &*self.prepared(article)?;
        if !article.is_english() {
            let language = article.language_code.clone().unwrap_or_default();
            return Ok(Extraction {
                notices: vec![Notice::LanguageNotSupported(language)],
                ..Extraction::default()
            });
        }
        let mut participants = self.timed(Stage::Participants, || self.participants.find(article, stop));
        stop.check("finding participants")?;
        let mut statements = self.timed(Stage::Statements, || {
            self.statements.find(article, &mut participants, stop)
        });
        stop.check("finding statements")?;
        if let Some(anchor) = when::anchor(article) {
            for s in &mut statements {
                s.date = when::statement_date(article, s, anchor);
            }
        }
        Ok(Extraction {
            participants,
            statements,
            notices: Vec::new(),
        })
    }

    /// The statements stage alone (speakers resolved to `participants`),
    /// for the `statements` benchmark.
    #[doc(hidden)]
    pub fn find_statements(&self, article: &Article, participants: &mut [Participant]) -> Vec<Statement> {
        self.statements.find(article, participants, &Stop::never())
    }

    /// Summarizes a parsed article, using what extraction found in it.
    /// An article that does not hold together ([`Article::validate`]) gets
    /// an empty summary; [`Pipeline::summarize_until`] says why.
    pub fn summarize(&self, article: &Article, extraction: &Extraction, options: &SummaryOptions) -> Summary {
        self.prepared(article)
            .map(|article| self.timed(Stage::Summarize, || summarize::summarize(&article, extraction, options)))
            .unwrap_or_default()
    }

    /// Like [`Pipeline::summarize`], but gives up with an error once `stop`
    /// says so.
    pub fn summarize_until(
        &self,
        article: &Article,
        extraction: &Extraction,
        options: &SummaryOptions,
        stop: &Stop,
    ) -> Result<Summary> {
        stop.check("extraction")?;
        let article = self.prepared(article)?;
        Ok(self.timed(Stage::Summarize, || summarize::summarize(&article, extraction, options)))
    }

    /// Runs every stage once, in a row.
    pub fn analyze(&self, document: &Document, options: &SummaryOptions) -> Result<Analysis> {
        self.analyze_until(document, options, &Stop::never())
    }

    /// Like [`Pipeline::analyze`], but gives up with
    /// [`ErrorKind::DeadlineExceeded`](crate::ErrorKind::DeadlineExceeded) or
    /// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) once `stop`
    /// says so, so that a caller who stopped waiting stops costing work.
    pub fn analyze_until(&self, document: &Document, options: &SummaryOptions, stop: &Stop) -> Result<Analysis> {
        let article = self.parse(document)?;
        let extraction = self.extract_until(&article, stop)?;
        let summary = self.summarize_until(&article, &extraction, options, stop)?;
        Ok(Analysis {
            article,
            extraction,
            summary,
        })
    }
}

/// One pipeline for the unit tests of every module, loaded once.
#[cfg(test)]
pub(crate) fn shared() -> &'static Pipeline {
    static PIPELINE: std::sync::LazyLock<Pipeline> = std::sync::LazyLock::new(|| Pipeline::new().expect("pipeline"));
    &PIPELINE
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::ErrorKind;

    fn kind<T>(result: Result<T>) -> std::result::Result<(), ErrorKind> {
        result.map(|_| ()).map_err(|e| e.kind())
    }

    #[test]
    fn a_passed_deadline_or_a_cancel_stops_every_stage() {
        let pipeline = Pipeline::new().expect("pipeline");
        let document = Document::text("Wang Yi met Vikram Misri in Beijing on Monday. He said talks went well.");
        let options = SummaryOptions::default();
        let article = pipeline.parse(&document).expect("parse");
        let late = Stop::at(Instant::now());
        assert_eq!(
            kind(pipeline.analyze_until(&document, &options, &late)),
            Err(ErrorKind::DeadlineExceeded)
        );
        assert_eq!(
            kind(pipeline.extract_until(&article, &late)),
            Err(ErrorKind::DeadlineExceeded)
        );
        let extraction = pipeline.extract(&article);
        assert!(!extraction.participants.is_empty());
        assert_eq!(
            kind(pipeline.summarize_until(&article, &extraction, &options, &late)),
            Err(ErrorKind::DeadlineExceeded)
        );
        let (stop, cancel) = Stop::at(Instant::now() + Duration::from_secs(60)).cancellable();
        assert_eq!(kind(pipeline.analyze_until(&document, &options, &stop)), Ok(()));
        cancel.cancel();
        assert_eq!(
            kind(pipeline.analyze_until(&document, &options, &stop)),
            Err(ErrorKind::Cancelled)
        );
    }

    #[test]
    fn participants_and_statements_stop_inside_their_stage() {
        let pipeline = Pipeline::new().expect("pipeline");
        let text = "Wang Yi met Vikram Misri in Beijing. Misri said the talks went well. ".repeat(200);
        let article = pipeline.parse(&Document::text(text)).expect("parse");
        let mut participants = pipeline.participants.find(&article, &Stop::never());
        assert!(!participants.is_empty());
        let statements = pipeline.statements.find(&article, &mut participants, &Stop::never());
        assert!(!statements.is_empty());
        let (stop, cancel) = Stop::never().cancellable();
        cancel.cancel();
        assert!(
            pipeline.participants.find(&article, &stop).is_empty(),
            "a cancelled search tags no sentence"
        );
        assert!(
            pipeline.statements.find(&article, &mut participants, &stop).is_empty(),
            "a cancelled search reads no cue"
        );
    }

    #[test]
    fn an_observer_hears_each_stage_it_ran_in_order() {
        #[derive(Debug, Default)]
        struct Heard(std::sync::Mutex<Vec<Stage>>);
        impl StageObserver for Heard {
            fn stage_finished(&self, stage: Stage, _elapsed: Duration) {
                self.0.lock().expect("lock").push(stage);
            }
        }
        let heard = Arc::new(Heard::default());
        let pipeline = Pipeline::new()
            .expect("pipeline")
            .with_observer(Arc::clone(&heard) as Arc<dyn StageObserver>);
        let english = Document::text("Wang Yi met Vikram Misri in Beijing on Monday. He said talks went well.");
        pipeline
            .analyze(&english, &SummaryOptions::default())
            .expect("analysis");
        let german = Document::text(
            "Der Bundeskanzler traf sich am Montag in Berlin mit dem französischen Präsidenten. \
             Beide Seiten sagten, die Gespräche seien gut verlaufen und würden im nächsten Monat fortgesetzt.",
        );
        pipeline.analyze(&german, &SummaryOptions::default()).expect("analysis");
        use Stage::*;
        assert_eq!(
            *heard.0.lock().expect("lock"),
            [Parse, Participants, Statements, Summarize, Parse, Summarize],
            "a language without extraction skips its stages"
        );
        assert_eq!(Statements.as_str(), "statements");
    }

    #[test]
    fn an_article_in_another_language_says_why_it_has_no_participants() {
        let pipeline = Pipeline::new().expect("pipeline");
        let german = Document::text(
            "Der Bundeskanzler traf sich am Montag in Berlin mit dem französischen Präsidenten. \
             Beide Seiten sagten, die Gespräche seien gut verlaufen und würden im nächsten Monat fortgesetzt.",
        );
        let analysis = pipeline.analyze(&german, &SummaryOptions::default()).expect("analysis");
        assert_eq!(analysis.article.language_code.as_deref(), Some("de"));
        assert_eq!(
            analysis.extraction,
            Extraction {
                notices: vec![Notice::LanguageNotSupported("de".into())],
                ..Extraction::default()
            }
        );
        assert!(!analysis.summary.sentences.is_empty(), "the summary is still given");
        let english = Document::text("Wang Yi met Vikram Misri in Beijing on Monday. He said talks went well.");
        let extraction = pipeline.extract(&pipeline.parse(&english).expect("parsed"));
        assert!(extraction.notices.is_empty() && !extraction.participants.is_empty());
    }
}
