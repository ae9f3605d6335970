//! The `lede.v1.ArticleService` handlers: validate, convert, run the domain
//! on the blocking pool, convert back.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use lede_core::{Article, Pipeline};
use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

use crate::admission::Deadline;
use crate::convert::{self, Encoder};
use crate::error;
use crate::pb;

/// The service: one shared pipeline.
#[derive(Clone, Debug)]
pub struct ArticleService {
    pipeline: Arc<Pipeline>,
}

impl ArticleService {
    /// A service over `pipeline`.
    pub fn new(pipeline: Arc<Pipeline>) -> ArticleService {
        ArticleService { pipeline }
    }

    /// Runs `work` on the blocking pool. A panic inside becomes INTERNAL for
    /// this call alone (and is logged); the server serves on.
    async fn run<T, F>(&self, work: F) -> Result<T, Status>
    where
        F: FnOnce(&Pipeline) -> Result<T, Status> + Send + 'static,
        T: Send + 'static,
    {
        let pipeline = Arc::clone(&self.pipeline);
        match tokio::task::spawn_blocking(move || work(&pipeline)).await {
            Ok(result) => result,
            Err(e) => {
                tracing::error!(error = %e, "analysis task failed");
                Err(Status::internal("internal error; the server logged the details"))
            }
        }
    }
}

/// The article a request names: parsed from its document, or sent back
/// already parsed. Returns the document id and whether the article was
/// parsed here (and so belongs in the response).
fn input_article(
    pipeline: &Pipeline,
    input: Input,
    encoding: pb::OffsetEncoding,
) -> Result<(String, Article, bool), Status> {
    match input {
        Input::Document(document) => {
            let (id, document) = convert::document(Some(document))?;
            let article = pipeline.parse(&document).map_err(|e| error::status(&e))?;
            Ok((id, article, true))
        }
        Input::Article(id, article) => Ok((id, convert::article(*article, encoding)?, false)),
    }
}

/// Either input of `Extract` and `Summarize`.
enum Input {
    Document(pb::Document),
    Article(String, Box<pb::Article>),
}

impl Input {
    fn from_extract(input: Option<pb::extract_request::Input>, document_id: String) -> Result<Input, Status> {
        match input {
            Some(pb::extract_request::Input::Document(d)) => Ok(Input::Document(d)),
            Some(pb::extract_request::Input::Article(a)) => Ok(Input::Article(document_id, Box::new(a))),
            None => Err(Status::invalid_argument(
                "input: one of document and article is required",
            )),
        }
    }

    fn from_summarize(input: Option<pb::summarize_request::Input>, document_id: String) -> Result<Input, Status> {
        match input {
            Some(pb::summarize_request::Input::Document(d)) => Ok(Input::Document(d)),
            Some(pb::summarize_request::Input::Article(a)) => Ok(Input::Article(document_id, Box::new(a))),
            None => Err(Status::invalid_argument(
                "input: one of document and article is required",
            )),
        }
    }
}

/// Analyzes one document: what `Analyze` and each `AnalyzeStream` item do.
fn analyze(
    pipeline: &Pipeline,
    document: Option<pb::Document>,
    offset_encoding: i32,
    summary_options: Option<pb::SummaryOptions>,
    deadline: Option<Instant>,
) -> Result<pb::AnalyzeResponse, Status> {
    let encoding = convert::offset_encoding(offset_encoding)?;
    let options = convert::summary_options(summary_options)?;
    let (id, document) = convert::document(document)?;
    let analysis = pipeline
        .analyze_before(&document, &options, deadline)
        .map_err(|e| error::status(&e))?;
    Ok(Encoder::new(&analysis.article.text, encoding).analysis(id, &analysis))
}

/// When the call's answer is due, as the admission layer set it.
fn deadline<T>(request: &Request<T>) -> Option<Instant> {
    request.extensions().get::<Deadline>().map(|d| d.0)
}

/// DEADLINE_EXCEEDED once `deadline` has passed: the client stopped
/// waiting, so the rest of the work is not done.
fn check(deadline: Option<Instant>) -> Result<(), Status> {
    match deadline {
        Some(d) if Instant::now() >= d => Err(Status::deadline_exceeded(
            "deadline passed; the rest of the work was not done",
        )),
        _ => Ok(()),
    }
}

type ResponseStream = Pin<Box<dyn Stream<Item = Result<pb::AnalyzeStreamResponse, Status>> + Send>>;

#[tonic::async_trait]
impl pb::article_service_server::ArticleService for ArticleService {
    async fn parse(&self, request: Request<pb::ParseRequest>) -> Result<Response<pb::ParseResponse>, Status> {
        let pb::ParseRequest {
            document,
            offset_encoding,
        } = request.into_inner();
        let encoding = convert::offset_encoding(offset_encoding)?;
        let (document_id, document) = convert::document(document)?;
        self.run(move |pipeline| {
            let article = pipeline.parse(&document).map_err(|e| error::status(&e))?;
            let article = Encoder::new(&article.text, encoding).article(&article);
            Ok(Response::new(pb::ParseResponse {
                document_id,
                article: Some(article),
            }))
        })
        .await
    }

    async fn extract(&self, request: Request<pb::ExtractRequest>) -> Result<Response<pb::ExtractResponse>, Status> {
        let deadline = deadline(&request);
        let pb::ExtractRequest {
            input,
            document_id,
            offset_encoding,
        } = request.into_inner();
        let encoding = convert::offset_encoding(offset_encoding)?;
        let input = Input::from_extract(input, document_id)?;
        self.run(move |pipeline| {
            let (document_id, article, parsed_here) = input_article(pipeline, input, encoding)?;
            check(deadline)?;
            let extraction = pipeline.extract(&article);
            let encoder = Encoder::new(&article.text, encoding);
            Ok(Response::new(pb::ExtractResponse {
                document_id,
                article: parsed_here.then(|| encoder.article(&article)),
                participants: encoder.participants(&extraction.participants),
                statements: encoder.statements(&extraction.statements),
            }))
        })
        .await
    }

    async fn summarize(
        &self,
        request: Request<pb::SummarizeRequest>,
    ) -> Result<Response<pb::SummarizeResponse>, Status> {
        let deadline = deadline(&request);
        let pb::SummarizeRequest {
            input,
            document_id,
            offset_encoding,
            summary_options,
        } = request.into_inner();
        let encoding = convert::offset_encoding(offset_encoding)?;
        let options = convert::summary_options(summary_options)?;
        let input = Input::from_summarize(input, document_id)?;
        self.run(move |pipeline| {
            let (document_id, article, parsed_here) = input_article(pipeline, input, encoding)?;
            check(deadline)?;
            let extraction = pipeline.extract(&article);
            check(deadline)?;
            let summary = pipeline.summarize(&article, &extraction, &options);
            let encoder = Encoder::new(&article.text, encoding);
            Ok(Response::new(pb::SummarizeResponse {
                document_id,
                article: parsed_here.then(|| encoder.article(&article)),
                summary: Some(encoder.summary(&summary)),
            }))
        })
        .await
    }

    async fn analyze(&self, request: Request<pb::AnalyzeRequest>) -> Result<Response<pb::AnalyzeResponse>, Status> {
        let deadline = deadline(&request);
        let pb::AnalyzeRequest {
            document,
            offset_encoding,
            summary_options,
        } = request.into_inner();
        self.run(move |pipeline| {
            analyze(pipeline, document, offset_encoding, summary_options, deadline).map(Response::new)
        })
        .await
    }

    type AnalyzeStreamStream = ResponseStream;

    async fn analyze_stream(
        &self,
        request: Request<Streaming<pb::AnalyzeStreamRequest>>,
    ) -> Result<Response<Self::AnalyzeStreamStream>, Status> {
        let service = self.clone();
        let mut requests = request.into_inner();
        let responses = async_stream_from(move |tx| async move {
            while let Some(item) = requests.next().await {
                let response = match item {
                    Ok(pb::AnalyzeStreamRequest {
                        document,
                        offset_encoding,
                        summary_options,
                    }) => {
                        let document_id = document.as_ref().map(|d| d.document_id.clone()).unwrap_or_default();
                        let result = service
                            .run(move |pipeline| analyze(pipeline, document, offset_encoding, summary_options, None))
                            .await;
                        match result {
                            Ok(analysis) => Ok(pb::AnalyzeStreamResponse::from(analysis)),
                            Err(status) => Ok(pb::AnalyzeStreamResponse {
                                document_id,
                                error: Some(status.into()),
                                ..Default::default()
                            }),
                        }
                    }
                    // A broken request stream ends the call with its status.
                    Err(status) => Err(status),
                };
                let failed = response.is_err();
                if tx.send(response).await.is_err() || failed {
                    break;
                }
            }
        });
        Ok(Response::new(Box::pin(responses)))
    }
}

/// A stream fed by `producer` through a channel of one, so that the producer
/// waits for the client to take each response (backpressure).
fn async_stream_from<F, Fut>(producer: F) -> impl Stream<Item = Result<pb::AnalyzeStreamResponse, Status>>
where
    F: FnOnce(tokio::sync::mpsc::Sender<Result<pb::AnalyzeStreamResponse, Status>>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tokio::spawn(producer(tx));
    tokio_stream::wrappers::ReceiverStream::new(rx)
}
