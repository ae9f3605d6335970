//! The `lede.v1.ArticleService` handlers: validate, convert, run the domain
//! on the blocking pool, convert back.
//!
//! Work for a call stops when the call does: each call's [`Stop`] carries
//! its deadline and is cancelled when tonic drops the handler (the client
//! went away, or admission's timeout fired), and the stages look at it
//! between sentences.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use lede_core::{Article, Canceller, Pipeline, Stop};
use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

use crate::admission::{Admitted, reword_decoding_error};
use crate::convert::{self, Encoder};
use crate::error;
use crate::pb;
use crate::queue::Queue;

/// The service: one shared pipeline, and the queue its calls wait in for
/// a worker and their share of the input budget.
#[derive(Clone, Debug)]
pub struct ArticleService {
    pipeline: Arc<Pipeline>,
    max_message_bytes: usize,
    queue: Queue,
}

impl ArticleService {
    /// A service over `pipeline`; `max_message_bytes` is the request size
    /// limit the server enforces, named in the status of a stream item over
    /// it; `queue` bounds the calls and the input in analysis at once.
    pub fn new(pipeline: Arc<Pipeline>, max_message_bytes: usize, queue: Queue) -> ArticleService {
        ArticleService {
            pipeline,
            max_message_bytes,
            queue,
        }
    }

    /// Waits in the queue, then runs `work` on the blocking pool under the
    /// call's [`Stop`]. A panic inside becomes INTERNAL for this call alone
    /// (and is logged); the server serves on. The call's admission ticket
    /// and its queue slot (a worker, and a share of the input budget for
    /// its `input_bytes`) are held until `work` has ended, and dropping the
    /// returned future leaves the queue or cancels the work. The work is
    /// due by the call's deadline, counted from `start`.
    async fn run<T, F>(
        &self,
        admitted: Option<&Admitted>,
        start: Instant,
        input_bytes: usize,
        work: F,
    ) -> Result<T, Status>
    where
        F: FnOnce(&Pipeline, &Stop) -> Result<T, Status> + Send + 'static,
        T: Send + 'static,
    {
        let deadline = admitted.and_then(|a| a.deadline_from(start));
        let mut slot = self.queue.enter(input_bytes, deadline).await?;
        metrics::histogram!(crate::metrics::INPUT_BYTES).record(input_bytes as f64);
        let pipeline = Arc::clone(&self.pipeline);
        let (stop, canceller) = deadline.map_or_else(Stop::never, Stop::at).cancellable();
        let _cancel_on_drop = CancelOnDrop(canceller);
        let ticket = admitted.map(|a| Arc::clone(&a.ticket));
        // The call's span, so that the stages' spans are its children.
        let span = tracing::Span::current();
        let task = tokio::task::spawn_blocking(move || {
            let _ticket = ticket;
            let _span = span.enter();
            let result = work(&pipeline, &stop);
            if result.is_ok() {
                slot.completed();
            }
            result
        });
        match task.await {
            Ok(result) => result,
            Err(e) => {
                tracing::error!(error = %e, "analysis task failed");
                Err(Status::internal("internal error; the server logged the details"))
            }
        }
    }
}

impl ArticleService {
    /// [`ArticleService::run`] for a unary call: due by the call's deadline.
    async fn run_call<T, F>(&self, admitted: Option<&Admitted>, input_bytes: usize, work: F) -> Result<T, Status>
    where
        F: FnOnce(&Pipeline, &Stop) -> Result<T, Status> + Send + 'static,
        T: Send + 'static,
    {
        let start = admitted.map_or_else(Instant::now, |a| a.started);
        self.run(admitted, start, input_bytes, work).await
    }
}

/// Cancels the work of a call whose handler future is dropped.
struct CancelOnDrop(Canceller);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// What admission gave the call (absent when the service runs without the
/// admission layer, as in unit tests).
fn admitted<T>(request: &Request<T>) -> Option<Admitted> {
    request.extensions().get::<Admitted>().cloned()
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
        Input::Article(id, article) => {
            let article = convert::article(*article, encoding)?;
            let article = pipeline.check(article).map_err(|e| error::status(&e))?;
            Ok((id, article, false))
        }
    }
}

/// Either input of `Extract` and `Summarize`.
enum Input {
    Document(pb::Document),
    Article(String, Box<pb::Article>),
}

/// The size of a document's text or HTML.
fn document_bytes(document: Option<&pb::Document>) -> usize {
    match document.and_then(|d| d.content.as_ref()) {
        Some(pb::document::Content::Text(s) | pb::document::Content::Html(s)) => s.len(),
        None => 0,
    }
}

impl Input {
    /// The size of the text to analyse.
    fn bytes(&self) -> usize {
        match self {
            Input::Document(d) => document_bytes(Some(d)),
            Input::Article(_, a) => a.text.len(),
        }
    }

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
    min_confidence: f32,
    stop: &Stop,
) -> Result<pb::AnalyzeResponse, Status> {
    let encoding = convert::offset_encoding(offset_encoding)?;
    let options = convert::summary_options(summary_options)?;
    let min_confidence = convert::min_confidence(min_confidence)?;
    let (id, document) = convert::document(document)?;
    let mut analysis = pipeline
        .analyze_until(&document, &options, stop)
        .map_err(|e| error::status(&e))?;
    analysis.extraction.retain_confident(min_confidence);
    Ok(Encoder::new(&analysis.article.text, encoding).analysis(id, &analysis))
}

type ResponseStream = Pin<Box<dyn Stream<Item = Result<pb::AnalyzeStreamResponse, Status>> + Send>>;

#[tonic::async_trait]
impl pb::article_service_server::ArticleService for ArticleService {
    async fn parse(&self, request: Request<pb::ParseRequest>) -> Result<Response<pb::ParseResponse>, Status> {
        let admitted = admitted(&request);
        let pb::ParseRequest {
            document,
            offset_encoding,
        } = request.into_inner();
        let encoding = convert::offset_encoding(offset_encoding)?;
        let (document_id, document) = convert::document(document)?;
        let bytes = match &document.content {
            lede_core::Content::Text(s) | lede_core::Content::Html(s) => s.len(),
        };
        self.run_call(admitted.as_ref(), bytes, move |pipeline, _| {
            let article = pipeline.parse(&document).map_err(|e| error::status(&e))?;
            let notices = convert::notices(&article, &Default::default());
            let article = Encoder::new(&article.text, encoding).article(&article);
            Ok(Response::new(pb::ParseResponse {
                document_id,
                article: Some(article),
                notices,
            }))
        })
        .await
    }

    async fn extract(&self, request: Request<pb::ExtractRequest>) -> Result<Response<pb::ExtractResponse>, Status> {
        let admitted = admitted(&request);
        let pb::ExtractRequest {
            input,
            document_id,
            offset_encoding,
            min_confidence,
        } = request.into_inner();
        let encoding = convert::offset_encoding(offset_encoding)?;
        let min_confidence = convert::min_confidence(min_confidence)?;
        let input = Input::from_extract(input, document_id)?;
        self.run_call(admitted.as_ref(), input.bytes(), move |pipeline, stop| {
            let (document_id, article, parsed_here) = input_article(pipeline, input, encoding)?;
            let mut extraction = pipeline.extract_until(&article, stop).map_err(|e| error::status(&e))?;
            extraction.retain_confident(min_confidence);
            let encoder = Encoder::new(&article.text, encoding);
            Ok(Response::new(pb::ExtractResponse {
                document_id,
                article: parsed_here.then(|| encoder.article(&article)),
                participants: encoder.participants(&extraction.participants),
                statements: encoder.statements(&extraction.statements),
                notices: convert::notices(&article, &extraction),
            }))
        })
        .await
    }

    async fn summarize(
        &self,
        request: Request<pb::SummarizeRequest>,
    ) -> Result<Response<pb::SummarizeResponse>, Status> {
        let admitted = admitted(&request);
        let pb::SummarizeRequest {
            input,
            document_id,
            offset_encoding,
            summary_options,
        } = request.into_inner();
        let encoding = convert::offset_encoding(offset_encoding)?;
        let options = convert::summary_options(summary_options)?;
        let input = Input::from_summarize(input, document_id)?;
        self.run_call(admitted.as_ref(), input.bytes(), move |pipeline, stop| {
            let (document_id, article, parsed_here) = input_article(pipeline, input, encoding)?;
            let extraction = pipeline.extract_until(&article, stop).map_err(|e| error::status(&e))?;
            let summary = pipeline
                .summarize_until(&article, &extraction, &options, stop)
                .map_err(|e| error::status(&e))?;
            let encoder = Encoder::new(&article.text, encoding);
            Ok(Response::new(pb::SummarizeResponse {
                document_id,
                article: parsed_here.then(|| encoder.article(&article)),
                summary: Some(encoder.summary(&summary)),
                notices: convert::notices(&article, &extraction),
            }))
        })
        .await
    }

    async fn analyze(&self, request: Request<pb::AnalyzeRequest>) -> Result<Response<pb::AnalyzeResponse>, Status> {
        let admitted = admitted(&request);
        let pb::AnalyzeRequest {
            document,
            offset_encoding,
            summary_options,
            min_confidence,
        } = request.into_inner();
        let bytes = document_bytes(document.as_ref());
        self.run_call(admitted.as_ref(), bytes, move |pipeline, stop| {
            analyze(
                pipeline,
                document,
                offset_encoding,
                summary_options,
                min_confidence,
                stop,
            )
            .map(Response::new)
        })
        .await
    }

    type AnalyzeStreamStream = ResponseStream;

    async fn analyze_stream(
        &self,
        request: Request<Streaming<pb::AnalyzeStreamRequest>>,
    ) -> Result<Response<Self::AnalyzeStreamStream>, Status> {
        // The permit and the client's deadline cover the whole stream; the
        // server's time limit, each document.
        let admitted = admitted(&request);
        let deadline = admitted
            .as_ref()
            .and_then(|a| a.client_deadline)
            .map(tokio::time::Instant::from_std);
        let service = self.clone();
        let mut requests = request.into_inner();
        let responses = async_stream_from(move |tx| async move {
            loop {
                let next = match deadline {
                    Some(d) => tokio::time::timeout_at(d, requests.next()).await.ok(),
                    None => Some(requests.next().await),
                };
                let response = match next {
                    None => Err(Status::deadline_exceeded(
                        "deadline passed while waiting for the next document",
                    )),
                    Some(None) => break,
                    Some(Some(Ok(pb::AnalyzeStreamRequest {
                        document,
                        offset_encoding,
                        summary_options,
                        min_confidence,
                    }))) => {
                        let document_id = document.as_ref().map(|d| d.document_id.clone()).unwrap_or_default();
                        let bytes = document_bytes(document.as_ref());
                        let work = service.run(admitted.as_ref(), Instant::now(), bytes, move |pipeline, stop| {
                            analyze(
                                pipeline,
                                document,
                                offset_encoding,
                                summary_options,
                                min_confidence,
                                stop,
                            )
                        });
                        // A client that went away cancels the document in hand.
                        let result = tokio::select! {
                            result = work => result,
                            () = tx.closed() => break,
                        };
                        match result {
                            Ok(analysis) => Ok(pb::AnalyzeStreamResponse::from(analysis)),
                            // The call's deadline ends the whole stream.
                            Err(status) if status.code() == tonic::Code::DeadlineExceeded => Err(status),
                            Err(status) => Ok(pb::AnalyzeStreamResponse {
                                document_id,
                                error: Some(status.into()),
                                ..Default::default()
                            }),
                        }
                    }
                    // A broken request stream ends the call with its status.
                    Some(Some(Err(status))) => Err(reword_decoding_error(status, service.max_message_bytes)),
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
    tokio::spawn(tracing::Instrument::in_current_span(producer(tx)));
    tokio_stream::wrappers::ReceiverStream::new(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A service with room for two calls.
    fn service() -> ArticleService {
        let queue = Queue::new(crate::queue::Limits {
            workers: 2,
            inflight_bytes: 1 << 20,
            queue_length: 2,
            queued_bytes: 1 << 20,
        });
        ArticleService::new(Arc::new(Pipeline::new().expect("pipeline")), 1024, queue)
    }

    #[tokio::test]
    async fn a_panic_ends_its_call_internal_and_the_service_serves_on() {
        let service = service();
        let status = service
            .run(None, Instant::now(), 0, |_, _| -> Result<(), Status> {
                panic!("index 7 out of range")
            })
            .await
            .expect_err("the panic is an error");
        assert_eq!(status.code(), tonic::Code::Internal);
        assert!(!status.message().contains("index 7"), "the detail goes to the log only");
        let limit = service
            .run(None, Instant::now(), 0, |pipeline, _| {
                Ok(pipeline.limits().max_input_bytes)
            })
            .await;
        assert!(limit.is_ok(), "served after the panic");
    }

    #[tokio::test]
    async fn dropping_a_call_cancels_its_work() {
        let service = service();
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (seen_tx, seen_rx) = std::sync::mpsc::channel();
        let call = service.run(None, Instant::now(), 0, move |_, stop| {
            started_tx.send(()).expect("send");
            // Wait (bounded) for the stop the dropped call raises.
            let deadline = Instant::now() + std::time::Duration::from_secs(10);
            while !stop.is_stopped() && Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            seen_tx.send(stop.is_stopped()).expect("send");
            Ok(())
        });
        // Run the call until its work has started, then drop it.
        tokio::select! {
            _ = call => panic!("the work waits for the stop"),
            () = async {
                while started_rx.try_recv().is_err() {
                    tokio::task::yield_now().await;
                }
            } => {}
        }
        let stopped = tokio::task::spawn_blocking(move || seen_rx.recv().expect("work ended"))
            .await
            .expect("join");
        assert!(stopped, "the dropped call's work saw the stop");
    }
}
