//! A tower layer that admits calls to `lede.v1.ArticleService`: a bound on
//! the calls in the server at once (running, queued, or on their way to
//! the queue: past it a call is shed before its message is read), a
//! deadline (the server's request timeout or the client's `grpc-timeout`,
//! whichever is sooner, ending DEADLINE_EXCEEDED), and clear statuses for
//! messages over the size limit. The handlers then wait in the
//! [`Queue`] for a worker.
//!
//! Health and reflection calls pass straight through, so that probes answer
//! while the service is saturated.

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http::{HeaderValue, Request, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tonic::Status;
use tonic::body::Body;
use tower::{Layer, Service};

use crate::queue::{Queue, Shed, shed};

/// The path prefix of the calls this layer admits.
const SERVICE_PREFIX: &str = "/lede.v1.ArticleService/";

/// Admission settings.
#[derive(Clone, Debug)]
pub struct AdmissionLayer {
    tickets: Arc<Semaphore>,
    max_calls: usize,
    queue: Queue,
    timeout: Duration,
    max_message_bytes: usize,
}

impl AdmissionLayer {
    /// At most `max_calls` calls in the server at once (the queue's
    /// workers plus its length), each for at most `timeout`, with messages
    /// of at most `max_message_bytes` (enforced by tonic; this layer only
    /// words the status).
    pub fn new(max_calls: usize, queue: Queue, timeout: Duration, max_message_bytes: usize) -> AdmissionLayer {
        AdmissionLayer {
            tickets: Arc::new(Semaphore::new(max_calls.min(Semaphore::MAX_PERMITS))),
            max_calls,
            queue,
            timeout,
            max_message_bytes,
        }
    }
}

impl<S> Layer<S> for AdmissionLayer {
    type Service = Admission<S>;

    fn layer(&self, inner: S) -> Admission<S> {
        Admission {
            inner,
            settings: self.clone(),
        }
    }
}

/// The service [`AdmissionLayer`] makes.
#[derive(Clone, Debug)]
pub struct Admission<S> {
    inner: S,
    settings: AdmissionLayer,
}

impl<S, B> Service<Request<B>> for Admission<S>
where
    S: Service<Request<B>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = std::pin::Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // Take the service that was driven to readiness; leave a fresh clone.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        if !request.uri().path().starts_with(SERVICE_PREFIX) {
            return Box::pin(inner.call(request));
        }
        let settings = self.settings.clone();
        let Ok(ticket) = Arc::clone(&settings.tickets).try_acquire_owned() else {
            let status = if settings.queue.is_shutting_down() {
                shed(
                    Shed::ShuttingDown,
                    "server is shutting down and its queue is full; retry on another server".into(),
                )
            } else {
                shed(
                    Shed::QueueFull,
                    format!(
                        "server busy: {} calls are running or queued, its limit (--max-concurrency plus \
                         --max-queue-length); retry with backoff",
                        settings.max_calls
                    ),
                )
            };
            return Box::pin(async move { Ok(status.into_http()) });
        };
        let client_timeout = grpc_timeout(request.headers().get("grpc-timeout"));
        let timeout = client_timeout.map_or(settings.timeout, |t| t.min(settings.timeout));
        let mut request = request;
        let ticket = Arc::new(ticket);
        let now = Instant::now();
        request.extensions_mut().insert(Admitted {
            started: now,
            timeout: settings.timeout,
            client_deadline: client_timeout.and_then(|t| now.checked_add(t)),
            ticket: Arc::clone(&ticket),
        });
        Box::pin(async move {
            let _ticket = ticket;
            match tokio::time::timeout(timeout, inner.call(request)).await {
                Ok(Ok(response)) => Ok(reword_decoding_errors(response, settings.max_message_bytes)),
                Ok(Err(e)) => Err(e),
                Err(_) => Ok(
                    Status::deadline_exceeded(format!("deadline of {} ms exceeded", timeout.as_millis())).into_http(),
                ),
            }
        })
    }
}

/// What admission gave a call, in its request's extensions: its time
/// limits (handlers stop work past them) and its place among the calls in
/// the server. Handlers hold the ticket until their work on the blocking
/// pool has ended, so that work a client gave up on still counts against
/// the limit until it has stopped.
#[derive(Clone, Debug)]
pub struct Admitted {
    /// When the call was admitted.
    pub started: Instant,
    /// The server's limit for one call, or for one document of a stream.
    pub timeout: Duration,
    /// The client's deadline (`grpc-timeout`), which bounds the whole call.
    pub client_deadline: Option<Instant>,
    /// The call's ticket; released when the last holder drops it.
    pub ticket: Arc<OwnedSemaphorePermit>,
}

impl Admitted {
    /// When work started at `start` is due: the server's limit from then,
    /// or the client's deadline if sooner (`None`: a limit too far away to
    /// be an instant).
    pub fn deadline_from(&self, start: Instant) -> Option<Instant> {
        let server = start.checked_add(self.timeout);
        match (server, self.client_deadline) {
            (Some(s), Some(c)) => Some(s.min(c)),
            (s, c) => s.or(c),
        }
    }
}

/// Parses a `grpc-timeout` header ("100m", "5S"): digits, then a unit.
fn grpc_timeout(value: Option<&HeaderValue>) -> Option<Duration> {
    let s = value?.to_str().ok()?;
    let (digits, unit) = s.split_at(s.len().checked_sub(1)?);
    let n: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(n.saturating_mul(3600)),
        "M" => Duration::from_secs(n.saturating_mul(60)),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    })
}

/// tonic answers a request it cannot decode with statuses that misread
/// the caller's mistake: OUT_OF_RANGE for a message over the size limit
/// (the convention is RESOURCE_EXHAUSTED, with the limit), and INTERNAL
/// for bytes that are not a valid message, such as a string field that is
/// not UTF-8 (that is the caller's INVALID_ARGUMENT, not a server fault).
/// This rewords a unary call's answer; [`reword_decoding_error`] does it
/// for a stream's items.
fn reword_decoding_errors(response: Response<Body>, limit: usize) -> Response<Body> {
    match Status::from_header_map(response.headers()).and_then(|s| reworded(s.code(), s.message(), limit)) {
        Some(status) => status.into_http(),
        None => response,
    }
}

/// A stream item's decoding error, reworded as [`reword_decoding_errors`]
/// does for unary calls.
pub fn reword_decoding_error(status: Status, limit: usize) -> Status {
    reworded(status.code(), status.message(), limit).unwrap_or(status)
}

/// The status a decoding error should have been, if it is one.
fn reworded(code: tonic::Code, message: &str, limit: usize) -> Option<Status> {
    match code {
        tonic::Code::OutOfRange if message.contains("too large") => Some(Status::resource_exhausted(format!(
            "request message is larger than the limit of {limit} bytes (LEDE_MAX_MESSAGE_BYTES)"
        ))),
        tonic::Code::Internal if message.starts_with("failed to decode Protobuf message") => {
            Some(Status::invalid_argument(format!(
                "request is not a valid message of lede.v1: {}",
                message.trim_start_matches("failed to decode Protobuf message: ")
            )))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_timeout_units() {
        let parse = |s: &'static str| grpc_timeout(Some(&HeaderValue::from_static(s)));
        assert_eq!(parse("100m"), Some(Duration::from_millis(100)));
        assert_eq!(parse("5S"), Some(Duration::from_secs(5)));
        assert_eq!(parse("2M"), Some(Duration::from_secs(120)));
        assert_eq!(parse("x"), None);
        assert_eq!(parse(""), None);
    }
}
