//! Logs and traces.
//!
//! Logs go to stderr as text (colour only on a terminal) or JSON, filtered
//! by `RUST_LOG`. Traces are exported over OTLP/gRPC only when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
//! is set, configured by the standard variables (`OTEL_SERVICE_NAME`,
//! `OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`, `OTEL_BSP_*`, ...).
//! Then each call gets a server span, a child of the caller's span when
//! its metadata carries a W3C `traceparent`, and each pipeline stage a
//! span under it. When unset, no exporter runs and the call spans stay at
//! DEBUG, which the log filter normally turns off.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use lede_core::Stage;
use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::{SpanKind, Tracer, TracerProvider as _};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

/// Whether traces are exported.
static TRACING: AtomicBool = AtomicBool::new(false);

/// The instrumentation scope of Lede's spans.
const SCOPE: &str = "lede";

/// What [`init`] set up; [`Telemetry::shutdown`] flushes it.
#[derive(Debug)]
#[must_use = "call shutdown() to flush the spans not yet exported"]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// Exports the spans still buffered and stops the exporter. Blocks:
    /// call it off the async runtime's workers (the exporter needs them).
    pub fn shutdown(self) {
        if let Some(provider) = self.provider
            && let Err(e) = provider.shutdown()
        {
            tracing::warn!(error = %e, "trace exporter did not shut down cleanly");
        }
    }
}

/// Whether the standard variables ask for traces.
fn otlp_endpoint_set() -> bool {
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// Sets up logging (`json` or text) and, when the OTLP endpoint is set,
/// trace export. Call it once, inside the Tokio runtime (the exporter's
/// gRPC client runs on it).
pub fn init(json: bool) -> anyhow::Result<Telemetry> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let text = (!json).then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
    });
    let json = json.then(|| tracing_subscriber::fmt::layer().json().with_writer(std::io::stderr));
    let logs = text
        .map(|l| l.boxed())
        .or(json.map(|l| l.boxed()))
        .map(|l| l.with_filter(filter));

    let provider = otlp_endpoint_set().then(tracer_provider).transpose()?;
    let traces = provider.as_ref().map(|provider| {
        // Lede's own spans and events at every level, whatever RUST_LOG says.
        tracing_opentelemetry::layer()
            .with_tracer(provider.tracer(SCOPE))
            .with_filter(tracing_subscriber::filter::filter_fn(|meta| {
                meta.target().starts_with("lede")
            }))
    });
    tracing_subscriber::registry().with(logs).with(traces).try_init()?;
    if let Some(provider) = &provider {
        opentelemetry::global::set_tracer_provider(provider.clone());
        TRACING.store(true, Ordering::Release);
    }
    Ok(Telemetry { provider })
}

/// The tracer provider the standard variables describe, with the service
/// name `lede` unless they name one.
fn tracer_provider() -> anyhow::Result<SdkTracerProvider> {
    let exporter = opentelemetry_otlp::SpanExporter::builder().with_tonic().build()?;
    let named = std::env::var_os("OTEL_SERVICE_NAME").is_some()
        || std::env::var("OTEL_RESOURCE_ATTRIBUTES").is_ok_and(|a| a.contains("service.name="));
    let mut resource = opentelemetry_sdk::Resource::builder();
    if !named {
        resource = resource.with_service_name("lede");
    }
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build())
}

/// Whether traces are exported.
pub fn enabled() -> bool {
    TRACING.load(Ordering::Acquire)
}

/// A call's span (tower-http's `make_span_with`): a server span named as
/// OpenTelemetry names gRPC spans (`lede.v1.ArticleService/Analyze`),
/// the child of the caller's `traceparent` when there is one.
pub fn call_span<B>(request: &http::Request<B>) -> tracing::Span {
    let path = request.uri().path();
    let (service, method) = path.trim_start_matches('/').split_once('/').unwrap_or(("", path));
    let span = tracing::debug_span!(
        "grpc",
        otel.name = path.trim_start_matches('/'),
        otel.kind = "server",
        otel.status_code = tracing::field::Empty,
        rpc.system = "grpc",
        rpc.service = service,
        rpc.method = method,
        rpc.grpc.status_code = tracing::field::Empty,
    );
    if enabled() {
        let parent = TraceContextPropagator::new().extract(&Headers(request.headers()));
        let _ = span.set_parent(parent);
    }
    span
}

/// Records a call's status code on its span (and marks the span failed
/// when the server is at fault).
pub fn record_status(span: &tracing::Span, code: i32, server_fault: bool) {
    span.record("rpc.grpc.status_code", code);
    if server_fault {
        span.record("otel.status_code", "ERROR");
    }
}

/// A span for `stage`, which just ended after `elapsed`, under the current
/// span (the call's). Made through OpenTelemetry directly, because a
/// `tracing` span cannot start in the past.
pub fn stage_span(stage: Stage, elapsed: Duration) {
    if !enabled() {
        return;
    }
    let parent = tracing::Span::current().context();
    let end = SystemTime::now();
    let tracer = opentelemetry::global::tracer(SCOPE);
    let mut span = tracer
        .span_builder(stage.as_str())
        .with_kind(SpanKind::Internal)
        .with_start_time(end.checked_sub(elapsed).unwrap_or(end))
        .start_with_context(&tracer, &parent);
    opentelemetry::trace::Span::end_with_timestamp(&mut span, end);
}

/// Request headers as a propagator reads them.
struct Headers<'a>(&'a http::HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(http::HeaderName::as_str).collect()
    }
}
