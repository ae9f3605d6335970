//! The gRPC server: the article service, health, reflection, and the tower
//! layers every call goes through.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use lede_core::{Limits, Pipeline};
use tokio::net::TcpListener;
use tonic::transport::server::TcpIncoming;
use tonic::transport::{Certificate, Identity, Server, ServerTlsConfig};
use tonic_health::ServingStatus;
use tower_http::classify::GrpcFailureClass;
use tower_http::trace::TraceLayer;

use crate::admission::AdmissionLayer;
use crate::metrics::GrpcMetricsLayer;
use crate::pb::article_service_server::ArticleServiceServer;
use crate::queue::{self, Queue};
use crate::service::ArticleService;

/// The default address `lede serve` listens on.
pub const DEFAULT_LISTEN: &str = "[::]:50051";

/// The default of `--max-queue-length`.
pub const DEFAULT_MAX_QUEUE_LENGTH: usize = 128;

/// The default of `--max-queued-bytes`: four largest documents.
pub const DEFAULT_MAX_QUEUED_BYTES: usize = 4 * 4 * 1024 * 1024;

/// How the server runs. Every field has a flag and an environment variable
/// (see `lede serve --help`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Calls to the article service in analysis at once; more wait in
    /// the queue.
    pub max_concurrency: usize,
    /// Calls waiting at once for a worker; more are shed.
    pub max_queue_length: usize,
    /// Input bytes waiting at once; calls past it are shed.
    pub max_queued_bytes: usize,
    /// Longest a call may run (a client's shorter `grpc-timeout` wins).
    pub request_timeout: Duration,
    /// Largest request message, in bytes.
    pub max_message_bytes: usize,
    /// Largest document text or HTML, in bytes.
    pub max_input_bytes: usize,
    /// Input bytes in analysis at once; calls past it wait. At least
    /// `max_input_bytes`, so that a largest document can run.
    pub max_inflight_bytes: usize,
    /// Connections older than this are asked to go away, so that clients
    /// reconnect and spread over new pods.
    pub max_connection_age: Duration,
    /// How long calls on such a connection may still finish.
    pub max_connection_age_grace: Duration,
    /// After SIGTERM: how long health says NOT_SERVING before the server
    /// stops accepting calls (so probes take the pod out of rotation).
    pub shutdown_delay: Duration,
    /// After that: how long in-flight calls may take to finish.
    pub drain_timeout: Duration,
    /// Serve TLS instead of plaintext, when set.
    pub tls: Option<Tls>,
}

/// Server TLS, in PEM.
#[derive(Clone)]
pub struct Tls {
    /// The server's certificate chain.
    pub cert_pem: Vec<u8>,
    /// The server's private key.
    pub key_pem: Vec<u8>,
    /// With this CA, clients must present a certificate it signed (mTLS).
    pub client_ca_pem: Option<Vec<u8>>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("mutual", &self.client_ca_pem.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_concurrency: 2 * std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_queue_length: DEFAULT_MAX_QUEUE_LENGTH,
            max_queued_bytes: DEFAULT_MAX_QUEUED_BYTES,
            request_timeout: Duration::from_secs(30),
            max_message_bytes: 8 * 1024 * 1024,
            max_input_bytes: Limits::default().max_input_bytes,
            max_inflight_bytes: 2 * Limits::default().max_input_bytes,
            max_connection_age: Duration::from_secs(300),
            max_connection_age_grace: Duration::from_secs(30),
            shutdown_delay: Duration::from_secs(5),
            drain_timeout: Duration::from_secs(20),
            tls: None,
        }
    }
}

/// Serves on `listener` until `shutdown` resolves; then reports NOT_SERVING,
/// waits `shutdown_delay`, stops accepting calls and lets in-flight calls
/// finish for at most `drain_timeout`.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        config.max_inflight_bytes >= config.max_input_bytes,
        "--max-inflight-bytes ({}) must be at least --max-input-bytes ({}): a largest document could never run",
        config.max_inflight_bytes,
        config.max_input_bytes
    );
    let pipeline = Arc::new(
        Pipeline::with_limits(Limits {
            max_input_bytes: config.max_input_bytes,
        })?
        .with_observer(crate::metrics::stage_observer()),
    );
    let queue = Queue::new(queue::Limits {
        workers: config.max_concurrency,
        inflight_bytes: config.max_inflight_bytes,
        queue_length: config.max_queue_length,
        queued_bytes: config.max_queued_bytes,
    });
    let service = ArticleServiceServer::new(ArticleService::new(pipeline, config.max_message_bytes, queue.clone()))
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(usize::MAX);

    let (reporter, health) = tonic_health::server::health_reporter();
    reporter.set_serving::<ArticleServiceServer<ArticleService>>().await;
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()?;

    let local: SocketAddr = listener.local_addr()?;
    tracing::info!(address = %local, ?config, "serving lede.v1.ArticleService");

    let (stop_accepting, stopped) = tokio::sync::oneshot::channel::<()>();
    let (drain_started, drain_deadline) = tokio::sync::oneshot::channel::<()>();
    let delay = config.shutdown_delay;
    let drain = config.drain_timeout;
    let draining = queue.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!(?delay, "shutting down: health NOT_SERVING, then draining");
        // Calls that could not be served before the drain ends are
        // refused now, so that their clients retry elsewhere at once.
        draining.shut_down(std::time::Instant::now() + delay + drain);
        reporter.set_not_serving::<ArticleServiceServer<ArticleService>>().await;
        reporter.set_service_status("", ServingStatus::NotServing).await;
        tokio::time::sleep(delay).await;
        let _ = stop_accepting.send(());
        let _ = drain_started.send(());
    });

    let mut builder = Server::builder();
    if let Some(tls) = &config.tls {
        let mut tls_config = ServerTlsConfig::new().identity(Identity::from_pem(&tls.cert_pem, &tls.key_pem));
        if let Some(ca) = &tls.client_ca_pem {
            tls_config = tls_config.client_ca_root(Certificate::from_pem(ca));
        }
        builder = builder.tls_config(tls_config)?;
    }
    let grpc_metrics = GrpcMetricsLayer::new(&[
        crate::pb::FILE_DESCRIPTOR_SET,
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ])?;
    let server = builder
        .max_connection_age(config.max_connection_age)
        .max_connection_age_grace(config.max_connection_age_grace)
        .layer(
            TraceLayer::new_for_grpc()
                .make_span_with(crate::telemetry::call_span)
                .on_failure(log_failure),
        )
        .layer(grpc_metrics)
        .layer(AdmissionLayer::new(
            config.max_concurrency.saturating_add(config.max_queue_length),
            queue,
            config.request_timeout,
            config.max_message_bytes,
        ))
        .add_service(health)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(service)
        // No Nagle delay: small gRPC frames would otherwise wait ~40 ms
        // for delayed ACKs.
        .serve_with_incoming_shutdown(TcpIncoming::from(listener).with_nodelay(Some(true)), async {
            let _ = stopped.await;
        });
    tokio::select! {
        result = server => result?,
        () = async {
            if drain_deadline.await.is_ok() {
                tokio::time::sleep(drain).await;
            } else {
                std::future::pending::<()>().await;
            }
        } => tracing::warn!(?drain, "drain timeout passed with calls still in flight; exiting"),
    }
    tracing::info!("server stopped");
    Ok(())
}

/// Logs a failed call: at ERROR when the server is at fault, at DEBUG when
/// the status is an answer to the caller (bad input, shed load, a deadline),
/// which under overload would otherwise flood the log.
fn log_failure(class: GrpcFailureClass, latency: Duration, span: &tracing::Span) {
    let latency_ms = latency.as_millis();
    match class {
        GrpcFailureClass::Code(code) if is_callers_status(code.get()) => {
            crate::telemetry::record_status(span, code.get(), false);
            tracing::debug!(code = code.get(), latency_ms, "call refused");
        }
        GrpcFailureClass::Code(code) => {
            crate::telemetry::record_status(span, code.get(), true);
            tracing::error!(code = code.get(), latency_ms, "call failed");
        }
        class => tracing::error!(%class, latency_ms, "call failed"),
    }
}

/// Whether a status code answers the caller's request rather than reports a
/// fault of the server: CANCELLED, INVALID_ARGUMENT, DEADLINE_EXCEEDED,
/// NOT_FOUND, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, OUT_OF_RANGE,
/// UNAUTHENTICATED.
fn is_callers_status(code: i32) -> bool {
    matches!(code, 1 | 3 | 4 | 5 | 8 | 9 | 11 | 16)
}
