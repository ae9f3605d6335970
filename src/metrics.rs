//! Prometheus metrics: the names dashboards know from go-grpc-prometheus,
//! and Lede's own. Recorded through the `metrics` facade (free when no
//! recorder is installed), rendered by `metrics-exporter-prometheus` and
//! served on their own port by [`serve`].
//!
//! Any subcommand can serve them: bind a listener and call [`spawn`] with
//! it (keep the guard it returns); then what the process records through
//! `metrics::counter!` and the like, and the stage timings of a pipeline
//! built with `.with_observer(lede::metrics::stage_observer())`, appear on
//! `/metrics`. [`install`] alone gives the handle that renders them.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http::{Request, Response};
use http_body::{Body as HttpBody, Frame};
use lede_core::{Stage, StageObserver};
use metrics::{Counter, Histogram, Label};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use prost::Message;
use tokio::net::TcpListener;
use tonic::body::Body;
use tower::{Layer, Service};

/// `grpc_server_started_total{grpc_type,grpc_service,grpc_method}`.
pub const STARTED: &str = "grpc_server_started_total";
/// `grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}`.
pub const HANDLED: &str = "grpc_server_handled_total";
/// `grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method}` (histogram).
pub const HANDLING_SECONDS: &str = "grpc_server_handling_seconds";
/// `grpc_server_msg_received_total{grpc_type,grpc_service,grpc_method}`.
pub const MSG_RECEIVED: &str = "grpc_server_msg_received_total";
/// `grpc_server_msg_sent_total{grpc_type,grpc_service,grpc_method}`.
pub const MSG_SENT: &str = "grpc_server_msg_sent_total";
/// `lede_stage_seconds{stage}` (histogram).
pub const STAGE_SECONDS: &str = "lede_stage_seconds";
/// `lede_input_bytes` (histogram): the input of each analysis.
pub const INPUT_BYTES: &str = "lede_input_bytes";
/// `lede_shed_total{reason}`.
pub const SHED: &str = "lede_shed_total";
/// `lede_queue_depth`: calls waiting for a worker.
pub const QUEUE_DEPTH: &str = "lede_queue_depth";
/// `lede_inflight_calls`: calls in analysis.
pub const INFLIGHT_CALLS: &str = "lede_inflight_calls";
/// `lede_inflight_bytes`: input bytes in analysis.
pub const INFLIGHT_BYTES: &str = "lede_inflight_bytes";
/// `lede_build_info{version}`: always 1.
pub const BUILD_INFO: &str = "lede_build_info";
/// `lede_jetstream_documents_total{outcome}`: documents a `lede work` took,
/// by what became of them.
pub const JETSTREAM_DOCUMENTS: &str = "lede_jetstream_documents_total";
/// `lede_jetstream_redelivered_total`: documents a `lede work` took that a
/// worker had taken before.
pub const JETSTREAM_REDELIVERED: &str = "lede_jetstream_redelivered_total";

/// Installs the Prometheus recorder for this process (once; later calls
/// return the same handle) and returns the handle that renders it.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    // go-grpc-prometheus's buckets (Prometheus' defaults) up to the longest
    // deadline worth waiting for; finer ones for a stage.
    let call_buckets = [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    ];
    let stage_buckets = [
        0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
    ];
    let byte_buckets: Vec<f64> = (10..=22).map(|p| f64::from(1u32 << p)).collect();
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(HANDLING_SECONDS.into()), &call_buckets)?
        .set_buckets_for_metric(Matcher::Full(STAGE_SECONDS.into()), &stage_buckets)?
        .set_buckets_for_metric(Matcher::Full(INPUT_BYTES.into()), &byte_buckets)?
        .build_recorder();
    let handle = recorder.handle();
    if metrics::set_global_recorder(recorder).is_err() {
        anyhow::bail!("another metrics recorder is installed in this process");
    }
    describe();
    metrics::gauge!(BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    // Every reason from the start, so that rate() sees the first shed.
    for reason in crate::queue::Shed::ALL {
        metrics::counter!(SHED, "reason" => reason.as_str()).absolute(0);
    }
    Ok(HANDLE.get_or_init(|| handle).clone())
}

/// The HELP lines.
fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(STARTED, "Total number of RPCs started on the server.");
    describe_counter!(
        HANDLED,
        "Total number of RPCs completed on the server, regardless of success or failure."
    );
    describe_histogram!(
        HANDLING_SECONDS,
        Unit::Seconds,
        "Histogram of response latency (seconds) of gRPC that had been application-level handled by the server."
    );
    describe_counter!(
        MSG_RECEIVED,
        "Total number of RPC stream messages received on the server."
    );
    describe_counter!(MSG_SENT, "Total number of gRPC stream messages sent by the server.");
    describe_histogram!(
        STAGE_SECONDS,
        Unit::Seconds,
        "Time each analysis stage took (parse, participants, statements, summarize)."
    );
    describe_histogram!(
        INPUT_BYTES,
        Unit::Bytes,
        "Input bytes (document text or HTML) of each analysis."
    );
    describe_counter!(
        SHED,
        "Calls refused before analysis, by reason: queue_full, queue_bytes, deadline, shutting_down."
    );
    describe_gauge!(QUEUE_DEPTH, "Calls waiting in the admission queue for a worker.");
    describe_gauge!(INFLIGHT_CALLS, "Calls in analysis.");
    describe_gauge!(INFLIGHT_BYTES, Unit::Bytes, "Input bytes in analysis.");
    describe_gauge!(BUILD_INFO, "Always 1; the version label names the running build.");
    describe_counter!(
        JETSTREAM_DOCUMENTS,
        "Documents a lede work took, by outcome: analysed, failed (an error result), dead (moved to the dead \
         letters), retried (left for another delivery)."
    );
    describe_counter!(
        JETSTREAM_REDELIVERED,
        "Documents a lede work took that a worker had taken before."
    );
}

/// Serves `/metrics` on `listener` from a task of its own until the
/// returned guard is dropped. Installs the recorder first: an error if
/// another recorder is installed in the process.
pub fn spawn(listener: TcpListener) -> anyhow::Result<Serving> {
    install()?;
    let task = tokio::spawn(async move {
        if let Err(e) = serve(listener).await {
            tracing::error!(error = %e, "metrics endpoint stopped");
        }
    });
    Ok(Serving {
        _task: AbortOnDrop(task),
    })
}

/// The task [`spawn`] started; dropping it stops serving.
#[derive(Debug)]
pub struct Serving {
    _task: AbortOnDrop,
}

/// Serves `/metrics` on `listener` in the Prometheus text format until the
/// future is dropped, installing the recorder first if need be.
pub async fn serve(listener: TcpListener) -> anyhow::Result<()> {
    use hyper::service::service_fn;
    use hyper_util::rt::TokioIo;

    let handle = install()?;
    let upkeep = handle.clone();
    let _upkeep = AbortOnDrop(tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            upkeep.run_upkeep();
        }
    }));
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                tracing::warn!(error = %e, "metrics listener: accept failed");
                continue;
            }
        };
        let handle = handle.clone();
        let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let response = if request.uri().path() == "/metrics" {
                Response::builder()
                    .header(http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .body(http_body_util::Full::new(bytes::Bytes::from(handle.render())))
            } else {
                Response::builder()
                    .status(http::StatusCode::NOT_FOUND)
                    .body(http_body_util::Full::new(bytes::Bytes::from_static(
                        b"metrics are at /metrics\n",
                    )))
            };
            std::future::ready(response)
        });
        tokio::spawn(async move {
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(error = %e, "metrics connection ended");
            }
        });
    }
}

/// Aborts a task when dropped.
#[derive(Debug)]
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The observer that times each stage into `lede_stage_seconds` (and a
/// trace span, when tracing is on).
pub fn stage_observer() -> Arc<dyn StageObserver> {
    Arc::new(StageTimer)
}

#[derive(Debug)]
struct StageTimer;

impl StageObserver for StageTimer {
    fn stage_finished(&self, stage: Stage, elapsed: Duration) {
        metrics::histogram!(STAGE_SECONDS, "stage" => stage.as_str()).record(elapsed.as_secs_f64());
        crate::telemetry::stage_span(stage, elapsed);
    }
}

/// A tower layer that counts every gRPC call of the services in
/// `descriptor_sets`, as go-grpc-prometheus does.
#[derive(Clone, Debug)]
pub struct GrpcMetricsLayer {
    methods: Arc<HashMap<String, Method>>,
}

/// A method's labels.
#[derive(Clone, Debug)]
struct Method {
    labels: [Label; 3],
}

impl GrpcMetricsLayer {
    /// Counts the methods declared in these encoded file descriptor sets;
    /// calls to other paths pass uncounted.
    pub fn new(descriptor_sets: &[&[u8]]) -> anyhow::Result<GrpcMetricsLayer> {
        let mut methods = HashMap::new();
        for set in descriptor_sets {
            let set = prost_types::FileDescriptorSet::decode(*set)?;
            for file in &set.file {
                for service in &file.service {
                    let full = match file.package() {
                        "" => service.name().to_owned(),
                        package => format!("{package}.{}", service.name()),
                    };
                    for method in &service.method {
                        let kind = match (method.client_streaming(), method.server_streaming()) {
                            (false, false) => "unary",
                            (true, false) => "client_stream",
                            (false, true) => "server_stream",
                            (true, true) => "bidi_stream",
                        };
                        methods.insert(
                            format!("/{full}/{}", method.name()),
                            Method {
                                labels: [
                                    Label::new("grpc_type", kind),
                                    Label::new("grpc_service", full.clone()),
                                    Label::new("grpc_method", method.name().to_owned()),
                                ],
                            },
                        );
                    }
                }
            }
        }
        Ok(GrpcMetricsLayer {
            methods: Arc::new(methods),
        })
    }
}

impl<S> Layer<S> for GrpcMetricsLayer {
    type Service = GrpcMetrics<S>;

    fn layer(&self, inner: S) -> GrpcMetrics<S> {
        GrpcMetrics {
            inner,
            methods: Arc::clone(&self.methods),
        }
    }
}

/// The service [`GrpcMetricsLayer`] makes.
#[derive(Clone, Debug)]
pub struct GrpcMetrics<S> {
    inner: S,
    methods: Arc<HashMap<String, Method>>,
}

impl<S> Service<Request<Body>> for GrpcMetrics<S>
where
    S: Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let Some(method) = self.methods.get(request.uri().path()).cloned() else {
            return Box::pin(inner.call(request));
        };
        let labels = method.labels.to_vec();
        metrics::counter!(STARTED, labels.iter()).increment(1);
        let started = Instant::now();
        let request =
            request.map(|body| Body::new(Counted::new(body, metrics::counter!(MSG_RECEIVED, labels.iter()), None)));
        Box::pin(async move {
            let result = inner.call(request).await;
            let finish = Finish {
                labels,
                started,
                code: None,
            };
            match result {
                Ok(response) => {
                    let (parts, body) = response.into_parts();
                    let code = tonic::Status::from_header_map(&parts.headers).map(|s| s.code());
                    let sent = metrics::counter!(MSG_SENT, finish.labels.iter());
                    let body = Counted::new(body, sent, Some(Finish { code, ..finish }));
                    Ok(Response::from_parts(parts, Body::new(body)))
                }
                Err(e) => {
                    finish.record(tonic::Code::Unknown);
                    Err(e)
                }
            }
        })
    }
}

/// What is recorded when a call ends.
#[derive(Debug)]
struct Finish {
    labels: Vec<Label>,
    started: Instant,
    /// The status in the response's headers (a trailers-only response).
    code: Option<tonic::Code>,
}

impl Finish {
    fn record(self, code: tonic::Code) {
        let Finish {
            mut labels, started, ..
        } = self;
        let handling: Histogram = metrics::histogram!(HANDLING_SECONDS, labels.iter());
        handling.record(started.elapsed().as_secs_f64());
        labels.push(Label::new("grpc_code", code_name(code)));
        metrics::counter!(HANDLED, labels.iter()).increment(1);
    }
}

/// A gRPC body that counts its messages as they pass, and records the
/// call's end (its status from the trailers, or CANCELLED if the body is
/// dropped before its end) when it finishes one.
struct Counted<B> {
    inner: B,
    messages: Counter,
    frames: FrameCounter,
    finish: Option<Finish>,
}

impl<B> Counted<B> {
    /// Counts `inner`'s messages into `messages`, and records `finish`
    /// when it ends.
    fn new(inner: B, messages: Counter, finish: Option<Finish>) -> Counted<B> {
        Counted {
            inner,
            messages,
            frames: FrameCounter::default(),
            finish,
        }
    }

    fn end(&mut self, code: Option<tonic::Code>) {
        if let Some(finish) = self.finish.take() {
            let code = code.or(finish.code).unwrap_or(tonic::Code::Ok);
            finish.record(code);
        }
    }
}

impl<B> HttpBody for Counted<B>
where
    B: HttpBody<Data = bytes::Bytes> + Unpin,
{
    type Data = bytes::Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let n = this.frames.feed(data);
                    if n > 0 {
                        this.messages.increment(n);
                    }
                } else if let Some(trailers) = frame.trailers_ref() {
                    let code = tonic::Status::from_header_map(trailers).map(|s| s.code());
                    this.end(code);
                }
            }
            Poll::Ready(None) => this.end(None),
            Poll::Ready(Some(Err(_))) => this.end(Some(tonic::Code::Unknown)),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl<B> Drop for Counted<B> {
    fn drop(&mut self) {
        // Dropped unread: a trailers-only response (its status is in the
        // headers), or a client that went away.
        if let Some(finish) = self.finish.take() {
            let code = finish.code.unwrap_or(tonic::Code::Cancelled);
            finish.record(code);
        }
    }
}

/// Counts the messages of the gRPC length-prefixed framing (a flag byte,
/// a four-byte big-endian length, the message) across data frames.
#[derive(Debug, Default)]
struct FrameCounter {
    header: [u8; 5],
    header_len: usize,
    remaining: usize,
}

impl FrameCounter {
    /// Takes the next bytes of the body; returns how many messages ended in them.
    fn feed(&mut self, mut data: &[u8]) -> u64 {
        let mut ended = 0;
        while !data.is_empty() {
            if self.remaining > 0 {
                let n = self.remaining.min(data.len());
                self.remaining -= n;
                data = &data[n..];
                ended += u64::from(self.remaining == 0);
                continue;
            }
            let n = (5 - self.header_len).min(data.len());
            self.header[self.header_len..self.header_len + n].copy_from_slice(&data[..n]);
            self.header_len += n;
            data = &data[n..];
            if self.header_len == 5 {
                self.header_len = 0;
                let [_, a, b, c, d] = self.header;
                self.remaining = u32::from_be_bytes([a, b, c, d]) as usize;
                ended += u64::from(self.remaining == 0);
            }
        }
        ended
    }
}

/// A status code as go-grpc-prometheus spells it (Go's `codes.Code.String()`).
fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code::*;
    match code {
        Ok => "OK",
        Cancelled => "Canceled",
        Unknown => "Unknown",
        InvalidArgument => "InvalidArgument",
        DeadlineExceeded => "DeadlineExceeded",
        NotFound => "NotFound",
        AlreadyExists => "AlreadyExists",
        PermissionDenied => "PermissionDenied",
        ResourceExhausted => "ResourceExhausted",
        FailedPrecondition => "FailedPrecondition",
        Aborted => "Aborted",
        OutOfRange => "OutOfRange",
        Unimplemented => "Unimplemented",
        Internal => "Internal",
        Unavailable => "Unavailable",
        DataLoss => "DataLoss",
        Unauthenticated => "Unauthenticated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_counted_across_chunks() {
        let mut message = vec![0u8, 0, 0, 0, 3, b'a', b'b', b'c'];
        message.extend([0u8, 0, 0, 0, 0]); // an empty message
        message.extend([0u8, 0, 0, 0, 2, b'x', b'y']);
        let whole = FrameCounter::default().feed(&message);
        assert_eq!(whole, 3);
        for split in 1..message.len() {
            let mut counter = FrameCounter::default();
            let (a, b) = message.split_at(split);
            assert_eq!(counter.feed(a) + counter.feed(b), 3, "split at {split}");
        }
        let mut partial = FrameCounter::default();
        assert_eq!(partial.feed(&message[..7]), 0, "the first message is not complete");
    }

    #[test]
    fn every_method_is_labelled_with_its_type() {
        let layer = GrpcMetricsLayer::new(&[crate::pb::FILE_DESCRIPTOR_SET, tonic_health::pb::FILE_DESCRIPTOR_SET])
            .expect("descriptors");
        let kind = |path: &str| layer.methods[path].labels[0].value().to_owned();
        assert_eq!(kind("/lede.v1.ArticleService/Analyze"), "unary");
        assert_eq!(kind("/lede.v1.ArticleService/AnalyzeStream"), "bidi_stream");
        assert_eq!(kind("/grpc.health.v1.Health/Watch"), "server_stream");
        assert_eq!(
            layer.methods["/lede.v1.ArticleService/Parse"].labels[2].value(),
            "Parse"
        );
    }

    #[test]
    fn codes_are_spelled_as_go_does() {
        assert_eq!(code_name(tonic::Code::InvalidArgument), "InvalidArgument");
        assert_eq!(code_name(tonic::Code::Cancelled), "Canceled");
        assert_eq!(code_name(tonic::Code::Ok), "OK");
    }
}
