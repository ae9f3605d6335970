//! What an operator sees of the real binary: Prometheus metrics on
//! `--metrics-listen`, and OpenTelemetry traces sent over OTLP to a
//! receiver inside this test.

mod common;

use std::time::Duration;

use common::{ServerProcess, code, free_port, http_get, request, sample};
use lede::pb;
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{TraceService, TraceServiceServer};
use opentelemetry_proto::tonic::collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse};
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use opentelemetry_proto::tonic::trace::v1::Span;
use tokio::sync::mpsc;
use tonic::Code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_each_call_by_method_and_code() {
    let metrics = format!("127.0.0.1:{}", free_port());
    let server = ServerProcess::start(&["--metrics-listen", &metrics]).await;
    let mut client = server.client();
    for i in 0..3 {
        client
            .analyze(request(
                &i.to_string(),
                "Wang Yi met Vikram Misri. He said talks went well.",
            ))
            .await
            .expect("analyzed");
    }
    assert_eq!(code(client.analyze(request("empty", " ")).await), Code::InvalidArgument);
    let stream = tokio_stream::iter((0..2).map(|i| pb::AnalyzeStreamRequest {
        document: request(&i.to_string(), "One sentence. Another one.").document,
        ..Default::default()
    }));
    let mut responses = client.analyze_stream(stream).await.expect("stream").into_inner();
    while responses.message().await.expect("response").is_some() {}

    let exposition = http_get(&metrics, "/metrics").await;
    let series = |labels: &str| format!(r#"{{grpc_type="{labels}"#);
    let analyze = r#"unary",grpc_service="lede.v1.ArticleService",grpc_method="Analyze""#;
    let stream = r#"bidi_stream",grpc_service="lede.v1.ArticleService",grpc_method="AnalyzeStream""#;
    let value = |name: &str, labels: String| sample(&exposition, &format!("{name}{labels}"));
    assert_eq!(
        value("grpc_server_started_total", series(analyze) + "}"),
        Some(4.0),
        "{exposition}"
    );
    let handled = |method: &str, code: &str| {
        value(
            "grpc_server_handled_total",
            series(method) + &format!(r#",grpc_code="{code}"}}"#),
        )
    };
    assert_eq!(handled(analyze, "OK"), Some(3.0), "{exposition}");
    assert_eq!(handled(analyze, "InvalidArgument"), Some(1.0), "{exposition}");
    assert_eq!(handled(stream, "OK"), Some(1.0), "{exposition}");
    assert_eq!(value("grpc_server_msg_received_total", series(stream) + "}"), Some(2.0));
    assert_eq!(value("grpc_server_msg_sent_total", series(stream) + "}"), Some(2.0));
    assert_eq!(
        value("grpc_server_handling_seconds_count", series(analyze) + "}"),
        Some(4.0)
    );
    // Three Analyze calls and two stream documents; parsing refused the
    // empty one, so it went no further.
    for (stage, runs) in [
        ("parse", 6.0),
        ("participants", 5.0),
        ("statements", 5.0),
        ("summarize", 5.0),
    ] {
        let count = value("lede_stage_seconds_count", format!(r#"{{stage="{stage}"}}"#));
        assert_eq!(count, Some(runs), "{stage}: {exposition}");
    }
    assert_eq!(
        value("lede_input_bytes_count", String::new()),
        Some(6.0),
        "{exposition}"
    );
    assert_eq!(value("lede_queue_depth", String::new()), Some(0.0));
    assert_eq!(value("lede_inflight_calls", String::new()), Some(0.0));
    assert_eq!(
        value(
            "lede_build_info",
            format!(r#"{{version="{}"}}"#, env!("CARGO_PKG_VERSION"))
        ),
        Some(1.0)
    );
}

/// An OTLP trace receiver: hands each exported span to the test.
struct Receiver(mpsc::UnboundedSender<(Span, Option<String>)>);

#[tonic::async_trait]
impl TraceService for Receiver {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        for resource_spans in request.into_inner().resource_spans {
            let service = resource_spans.resource.and_then(|r| {
                r.attributes
                    .into_iter()
                    .find(|a| a.key == "service.name")
                    .and_then(|a| match a.value.and_then(|v| v.value) {
                        Some(Value::StringValue(s)) => Some(s),
                        _ => None,
                    })
            });
            for scope in resource_spans.scope_spans {
                for span in scope.spans {
                    let _ = self.0.send((span, service.clone()));
                }
            }
        }
        Ok(tonic::Response::new(ExportTraceServiceResponse::default()))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_calls_spans_reach_the_otlp_endpoint_as_children_of_the_callers_trace() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    let (spans_tx, mut spans) = mpsc::unbounded_channel();
    let receiver = tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(TraceServiceServer::new(Receiver(spans_tx)))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let server = ServerProcess::start_with_env(
        &[],
        &[
            ("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint),
            // Export within 50 ms of a span's end rather than 5 s.
            ("OTEL_BSP_SCHEDULE_DELAY", "50"),
        ],
    )
    .await;

    // The caller's span, as a W3C traceparent.
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let caller_span = "00f067aa0ba902b7";
    let mut call = tonic::Request::new(request("traced", "Wang Yi met Vikram Misri. He said talks went well."));
    call.metadata_mut().insert(
        "traceparent",
        format!("00-{trace_id}-{caller_span}-01").parse().expect("metadata"),
    );
    server.client().analyze(call).await.expect("analyzed");

    // The call's span and its four stage spans, in whatever batches they come.
    let mut ours: Vec<(Span, Option<String>)> = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while ours.len() < 5 {
        match tokio::time::timeout_at(deadline, spans.recv()).await {
            Ok(Some((span, service))) => {
                if hex(&span.trace_id) == trace_id {
                    ours.push((span, service));
                }
            }
            _ => panic!("spans of the trace did not arrive: {ours:?}"),
        }
    }
    let call_span = ours
        .iter()
        .map(|(span, _)| span)
        .find(|s| s.name == "lede.v1.ArticleService/Analyze")
        .unwrap_or_else(|| panic!("no call span: {ours:?}"));
    assert_eq!(
        hex(&call_span.parent_span_id),
        caller_span,
        "the caller's span is the parent"
    );
    for stage in ["parse", "participants", "statements", "summarize"] {
        let span = ours
            .iter()
            .map(|(span, _)| span)
            .find(|s| s.name == stage)
            .unwrap_or_else(|| panic!("no {stage} span: {ours:?}"));
        assert_eq!(span.parent_span_id, call_span.span_id, "{stage} is a child of the call");
        assert!(span.start_time_unix_nano >= call_span.start_time_unix_nano);
        assert!(span.end_time_unix_nano <= call_span.end_time_unix_nano);
    }
    assert!(
        ours.iter().all(|(_, service)| service.as_deref() == Some("lede")),
        "the service name defaults to lede: {ours:?}"
    );
    receiver.abort();
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
