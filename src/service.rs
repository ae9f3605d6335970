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
use tokio::sync::{AcquireError, OwnedSemaphorePermit, Semaphore};
use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

use crate::admission::{Admitted, reword_decoding_error};
use crate::convert::{self, Encoder};
use crate::error;
use crate::pb;

/// The service: one shared pipeline.
#[derive(Clone, Debug)]
pub struct ArticleService {
    pipeline: Arc<Pipeline>,
    max_message_bytes: usize,
    budget: InputBudget,
}

/// How many bytes of input (document text or HTML, or a sent article's
/// text) may be in analysis at once. Memory grows with the input in
/// analysis (up to about 50 bytes a byte), so this, not the number of
/// calls, is what keeps a pod under its memory limit when large documents
/// arrive together. Counted in KiB.
#[derive(Clone, Debug)]
pub struct InputBudget {
    kib: Arc<Semaphore>,
    bytes: usize,
}

impl InputBudget {
    /// A budget of `bytes`.
    pub fn new(bytes: usize) -> InputBudget {
        InputBudget {
            kib: Arc::new(Semaphore::new(bytes.div_ceil(1024).min(Semaphore::MAX_PERMITS))),
            bytes,
        }
    }

    /// A share of the budget for `bytes` of input, or RESOURCE_EXHAUSTED
    /// when the budget is spent (shed like calls over the concurrency
    /// limit: the client retries with backoff, preferably on another pod).
    fn take(&self, bytes: usize) -> Result<OwnedSemaphorePermit, Status> {
        Arc::clone(&self.kib)
            .try_acquire_many_owned(self.kib(bytes))
            .map_err(|_| {
                Status::resource_exhausted(format!(
                    "server busy: {bytes} bytes of input would pass the budget of {} bytes in analysis at once \
                 (--max-inflight-bytes); retry with backoff",
                    self.bytes
                ))
            })
    }

    /// A share of the budget for `bytes` of input, once the budget has room
    /// for it (`lede work` waits where the server sheds). Asks for at most
    /// the whole budget, so that it always comes (the error is for a closed
    /// semaphore, which this budget never is).
    pub async fn wait(&self, bytes: usize) -> Result<OwnedSemaphorePermit, AcquireError> {
        let kib = self.kib(bytes).min(self.kib(self.bytes));
        Arc::clone(&self.kib).acquire_many_owned(kib).await
    }

    /// The permits `bytes` of input take: KiB, at least one.
    fn kib(&self, bytes: usize) -> u32 {
        u32::try_from(bytes.div_ceil(1024).max(1)).unwrap_or(u32::MAX)
    }
}

impl ArticleService {
    /// A service over `pipeline`; `max_message_bytes` is the request size
    /// limit the server enforces, named in the status of a stream item over
    /// it; `budget` bounds the input in analysis at once.
    pub fn new(pipeline: Arc<Pipeline>, max_message_bytes: usize, budget: InputBudget) -> ArticleService {
        ArticleService {
            pipeline,
            max_message_bytes,
            budget,
        }
    }

    /// Runs `work` on the blocking pool under the call's [`Stop`]. A panic
    /// inside becomes INTERNAL for this call alone (and is logged); the
    /// server serves on. The call's admission permit is held until `work`
    /// has ended, and dropping the returned future cancels the work.
    /// The work is due by the call's deadline, counted from `start`, and
    /// holds a share of the input budget for its `input_bytes` while it runs.
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
        let share = self.budget.take(input_bytes)?;
        let pipeline = Arc::clone(&self.pipeline);
        let stop = admitted
            .and_then(|a| a.deadline_from(start))
            .map_or_else(Stop::never, Stop::at);
        let (stop, canceller) = stop.cancellable();
        let _cancel_on_drop = CancelOnDrop(canceller);
        let permit = admitted.map(|a| Arc::clone(&a.permit));
        let task = tokio::task::spawn_blocking(move || {
            let _held = (permit, share);
            work(&pipeline, &stop)
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
        Input::Article(id, article) => Ok((id, convert::article(*article, encoding)?, false)),
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
    stop: &Stop,
) -> Result<pb::AnalyzeResponse, Status> {
    let encoding = convert::offset_encoding(offset_encoding)?;
    let options = convert::summary_options(summary_options)?;
    let (id, document) = convert::document(document)?;
    let analysis = pipeline
        .analyze_until(&document, &options, stop)
        .map_err(|e| error::status(&e))?;
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
            let article = Encoder::new(&article.text, encoding).article(&article);
            Ok(Response::new(pb::ParseResponse {
                document_id,
                article: Some(article),
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
        } = request.into_inner();
        let encoding = convert::offset_encoding(offset_encoding)?;
        let input = Input::from_extract(input, document_id)?;
        self.run_call(admitted.as_ref(), input.bytes(), move |pipeline, stop| {
            let (document_id, article, parsed_here) = input_article(pipeline, input, encoding)?;
            let extraction = pipeline.extract_until(&article, stop).map_err(|e| error::status(&e))?;
            let encoder = Encoder::new(&article.text, encoding);
            Ok(Response::new(pb::ExtractResponse {
                document_id,
                article: parsed_here.then(|| encoder.article(&article)),
                participants: encoder.participants(&extraction.participants),
                statements: encoder.statements(&extraction.statements),
                notices: convert::notices(&extraction.notices),
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
        } = request.into_inner();
        let bytes = document_bytes(document.as_ref());
        self.run_call(admitted.as_ref(), bytes, move |pipeline, stop| {
            analyze(pipeline, document, offset_encoding, summary_options, stop).map(Response::new)
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
                    }))) => {
                        let document_id = document.as_ref().map(|d| d.document_id.clone()).unwrap_or_default();
                        let bytes = document_bytes(document.as_ref());
                        let work = service.run(admitted.as_ref(), Instant::now(), bytes, move |pipeline, stop| {
                            analyze(pipeline, document, offset_encoding, summary_options, stop)
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
    tokio::spawn(producer(tx));
    tokio_stream::wrappers::ReceiverStream::new(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A service with an input budget of `budget` bytes.
    fn service(budget: usize) -> ArticleService {
        ArticleService::new(
            Arc::new(Pipeline::new().expect("pipeline")),
            1024,
            InputBudget::new(budget),
        )
    }

    #[tokio::test]
    async fn a_panic_ends_its_call_internal_and_the_service_serves_on() {
        let service = service(1 << 20);
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
    async fn input_past_the_budget_is_shed_until_the_budget_frees() {
        let service = service(8 * 1024);
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let big = tokio::spawn({
            let service = service.clone();
            async move {
                service
                    .run(None, Instant::now(), 6 * 1024, move |_, _| {
                        let _ = started_tx.send(());
                        let _ = release_rx.recv_timeout(std::time::Duration::from_secs(10));
                        Ok(())
                    })
                    .await
            }
        });
        started_rx.await.expect("the big call started");
        let shed = service
            .run(None, Instant::now(), 4 * 1024, |_, _| Ok(()))
            .await
            .expect_err("6 + 4 KiB pass the 8 KiB budget");
        assert_eq!(shed.code(), tonic::Code::ResourceExhausted);
        assert!(shed.message().contains("budget of 8192 bytes"), "{}", shed.message());
        let fits = service.run(None, Instant::now(), 2 * 1024, |_, _| Ok(())).await;
        assert!(fits.is_ok(), "6 + 2 KiB fit");
        release_tx.send(()).expect("release");
        assert!(big.await.expect("joined").is_ok());
        let whole = service.run(None, Instant::now(), 8 * 1024, |_, _| Ok(())).await;
        assert!(whole.is_ok(), "the big call's share came back");
    }

    #[tokio::test]
    async fn dropping_a_call_cancels_its_work() {
        let service = service(1 << 20);
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
