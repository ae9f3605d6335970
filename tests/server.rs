//! The gRPC API end to end: a real server on 127.0.0.1:0 and the generated
//! client.

use std::time::{Duration, Instant};

use lede::pb::article_service_client::ArticleServiceClient;
use lede::pb::{self, document::Content};
use lede::server::{Config, serve};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_stream::StreamExt;
use tonic::Code;
use tonic::transport::Channel;

#[path = "../crates/lede-core/tests/common/odd_inputs.rs"]
mod odd_inputs;

const SAMPLE: &str = include_str!("../examples/xinhua-china-india.txt");

/// A running server; it shuts down when dropped.
struct TestServer {
    channel: Channel,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl TestServer {
    async fn start(config: Config) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, config, async {
            let _ = stopped.await;
        }));
        let channel = Channel::from_shared(format!("http://{address}"))
            .expect("uri")
            .connect()
            .await
            .expect("connect");
        TestServer {
            channel,
            stop: Some(stop),
            task,
        }
    }

    fn client(&self) -> ArticleServiceClient<Channel> {
        ArticleServiceClient::new(self.channel.clone()).max_decoding_message_size(64 * 1024 * 1024)
    }

    async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task).await.expect("join").expect("server ended cleanly");
    }
}

fn quick() -> Config {
    Config {
        shutdown_delay: Duration::ZERO,
        drain_timeout: Duration::from_secs(5),
        ..Config::default()
    }
}

fn document(id: &str, text: &str) -> pb::Document {
    pb::Document {
        document_id: id.into(),
        content: Some(Content::Text(text.into())),
        ..Default::default()
    }
}

/// Opens an `AnalyzeStream` call that sends `documents` (id, text).
async fn analyze_stream(
    client: &mut ArticleServiceClient<Channel>,
    documents: &[(&str, &str)],
) -> tonic::Streaming<pb::AnalyzeStreamResponse> {
    let requests: Vec<pb::AnalyzeStreamRequest> = documents
        .iter()
        .map(|&(id, text)| pb::AnalyzeStreamRequest {
            document: Some(document(id, text)),
            ..Default::default()
        })
        .collect();
    client
        .analyze_stream(tokio_stream::iter(requests))
        .await
        .expect("stream")
        .into_inner()
}

#[tokio::test]
async fn all_five_rpcs_answer_on_the_sample() {
    let server = TestServer::start(quick()).await;
    let mut client = server.client();

    let parsed = client
        .parse(pb::ParseRequest {
            document: Some(document("sample", SAMPLE)),
            ..Default::default()
        })
        .await
        .expect("parse")
        .into_inner();
    assert_eq!(parsed.document_id, "sample");
    let article = parsed.article.expect("article");
    assert_eq!(article.text, SAMPLE, "plain text is returned as sent");
    assert!(!article.paragraphs.is_empty() && !article.sentences.is_empty());

    // Extract from the parsed article, as a client that parsed first would.
    let extracted = client
        .extract(pb::ExtractRequest {
            input: Some(pb::extract_request::Input::Article(article.clone())),
            document_id: "again".into(),
            ..Default::default()
        })
        .await
        .expect("extract from article")
        .into_inner();
    assert_eq!(extracted.document_id, "again");
    assert!(extracted.article.is_none(), "the caller has the article already");
    // The lead statement comes through with its speaker resolved and dated.
    let lead = extracted.statements.first().expect("statements");
    let speaker = extracted.participants.iter().find(|p| p.id == lead.speaker_id);
    assert_eq!(speaker.map(|p| p.name.as_str()), Some("Wang Yi"));
    assert_eq!(lead.cue.as_ref().map(|c| c.lemma.as_str()), Some("say"));
    assert_eq!(
        lead.date, "2025-01-27",
        "\"said Monday\" in a story filed Monday 27 January 2025"
    );
    let from_article = extracted.statements.clone();

    let extracted = client
        .extract(pb::ExtractRequest {
            input: Some(pb::extract_request::Input::Document(document("sample", SAMPLE))),
            ..Default::default()
        })
        .await
        .expect("extract from document")
        .into_inner();
    assert_eq!(extracted.article.as_ref().map(|a| a.text.as_str()), Some(SAMPLE));
    assert_eq!(
        extracted.statements, from_article,
        "an article round-trips through its proto"
    );

    let summarized = client
        .summarize(pb::SummarizeRequest {
            input: Some(pb::summarize_request::Input::Document(document("sample", SAMPLE))),
            summary_options: Some(pb::SummaryOptions {
                max_sentences: 2,
                max_characters: 0,
            }),
            ..Default::default()
        })
        .await
        .expect("summarize")
        .into_inner();
    let summary = summarized.summary.expect("summary");
    assert_eq!(summary.sentences.len(), 2);
    for s in &summary.sentences {
        let span = s.span.expect("span");
        assert_eq!(&SAMPLE[span.begin as usize..span.end as usize], s.text);
    }

    let analyzed = client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("sample", SAMPLE)),
            ..Default::default()
        })
        .await
        .expect("analyze")
        .into_inner();
    assert_eq!(analyzed.document_id, "sample");
    assert_eq!(analyzed.summary.expect("summary").sentences.len(), 3);

    server.shutdown().await;
}

#[tokio::test]
async fn the_stream_answers_in_order_and_a_bad_document_does_not_break_it() {
    let server = TestServer::start(quick()).await;
    let mut client = server.client();
    let mut responses = analyze_stream(
        &mut client,
        &[("a", SAMPLE), ("bad", "   \n "), ("c", "One sentence. Two sentences.")],
    )
    .await;
    let mut seen = Vec::new();
    while let Some(response) = responses.next().await {
        let response = response.expect("item");
        seen.push((
            response.document_id.clone(),
            response.error.map(|e| (e.code, e.message)),
        ));
    }
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0], ("a".to_string(), None));
    assert_eq!(seen[1].0, "bad");
    let (code, message) = seen[1].1.clone().expect("error for the blank document");
    assert_eq!(code, Code::InvalidArgument as i32);
    assert!(message.contains("document.text"), "{message}");
    assert_eq!(seen[2], ("c".to_string(), None));
    server.shutdown().await;
}

#[tokio::test]
async fn an_article_in_another_language_comes_with_a_notice() {
    let server = TestServer::start(quick()).await;
    let german = "Der Bundeskanzler traf sich am Montag in Berlin mit dem französischen Präsidenten. \
                  Beide Seiten sagten, die Gespräche seien gut verlaufen und würden im nächsten Monat fortgesetzt.";
    let analyzed = server
        .client()
        .analyze(pb::AnalyzeRequest {
            document: Some(document("de", german)),
            ..Default::default()
        })
        .await
        .expect("analyze")
        .into_inner();
    assert!(analyzed.participants.is_empty() && analyzed.summary.is_some());
    let codes: Vec<(i32, bool)> = analyzed
        .notices
        .iter()
        .map(|n| (n.code, n.message.contains("\"de\"")))
        .collect();
    assert_eq!(codes, [(pb::NoticeCode::LanguageNotSupported as i32, true)]);
    server.shutdown().await;
}

/// The sample as a web page: its paragraphs in `<p>`, with a script and
/// navigation around them.
fn sample_page() -> String {
    let paragraphs: String = SAMPLE.split("\n\n").map(|p| format!("<p>{}</p>\n", p.trim())).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>Chinese FM calls on China, India to foster cooperation</title>\
         <script>if (window.HFS && HFS.ready) {{ HFS.track('page'); }}</script></head>\
         <body><nav><a href=\"/\">Home</a> | <a href=\"/world\">World</a></nav><article>{paragraphs}</article></body></html>"
    )
}

#[tokio::test]
async fn language_codes_in_any_case_or_form_are_read_as_the_language_subtag() {
    let server = TestServer::start(quick()).await;
    let mut client = server.client();
    for (code, expected) in [
        ("EN", "en"),
        ("en-GB", "en"),
        ("en_GB", "en"),
        ("eng", "en"),
        ("zh-Hans", "zh"),
    ] {
        let analyzed = client
            .analyze(pb::AnalyzeRequest {
                document: Some(pb::Document {
                    language_code: code.into(),
                    ..document(code, SAMPLE)
                }),
                ..Default::default()
            })
            .await
            .expect("analyze")
            .into_inner();
        let article = analyzed.article.expect("article");
        assert_eq!(article.language_code, expected, "{code}");
        // English in any spelling keeps extraction on; Chinese, as the
        // caller asserts, turns it off with a notice.
        let english = expected == "en";
        assert_eq!(!analyzed.participants.is_empty(), english, "{code}");
        assert_eq!(analyzed.notices.is_empty(), english, "{code}: {:?}", analyzed.notices);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_page_sent_as_text_is_parsed_as_html_with_a_notice() {
    let server = TestServer::start(quick()).await;
    let mut client = server.client();
    let page = sample_page();
    let as_text = client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("page", &page)),
            ..Default::default()
        })
        .await
        .expect("analyze")
        .into_inner();
    let as_html = client
        .analyze(pb::AnalyzeRequest {
            document: Some(pb::Document {
                content: Some(Content::Html(page.clone())),
                ..document("page", "")
            }),
            ..Default::default()
        })
        .await
        .expect("analyze")
        .into_inner();
    let codes: Vec<i32> = as_text.notices.iter().map(|n| n.code).collect();
    assert_eq!(codes, [pb::NoticeCode::TextIsHtml as i32]);
    assert!(as_html.notices.is_empty(), "{:?}", as_html.notices);
    let text = as_text.article.as_ref().map(|a| a.text.clone()).unwrap_or_default();
    assert!(!text.contains("HFS") && !text.contains('<'), "{text}");
    assert_eq!(as_text.article, as_html.article);
    assert_eq!(as_text.participants, as_html.participants);
    let names: Vec<&str> = as_text.participants.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"Wang Yi") && !names.iter().any(|n| n.contains("HFS")),
        "{names:?}"
    );
    // Parse and Summarize say so too.
    let parsed = client
        .parse(pb::ParseRequest {
            document: Some(document("page", &page)),
            ..Default::default()
        })
        .await
        .expect("parse")
        .into_inner();
    assert_eq!(parsed.notices.iter().map(|n| n.code).collect::<Vec<_>>(), codes);
    let summarized = client
        .summarize(pb::SummarizeRequest {
            input: Some(pb::summarize_request::Input::Document(document("page", &page))),
            ..Default::default()
        })
        .await
        .expect("summarize")
        .into_inner();
    assert_eq!(summarized.notices.iter().map(|n| n.code).collect::<Vec<_>>(), codes);
    // The sample itself stays text.
    let plain = client
        .parse(pb::ParseRequest {
            document: Some(document("plain", SAMPLE)),
            ..Default::default()
        })
        .await
        .expect("parse")
        .into_inner();
    assert!(plain.notices.is_empty());
    assert_eq!(plain.article.map(|a| a.text).as_deref(), Some(SAMPLE));
    server.shutdown().await;
}

#[tokio::test]
async fn bad_requests_end_invalid_argument_naming_the_field() {
    let server = TestServer::start(quick()).await;
    let mut client = server.client();
    let cases: Vec<(pb::AnalyzeRequest, &str)> = vec![
        (
            pb::AnalyzeRequest {
                document: Some(document("x", "")),
                ..Default::default()
            },
            "document.text",
        ),
        (
            pb::AnalyzeRequest {
                document: Some(document("x", " \n\t ")),
                ..Default::default()
            },
            "document.text",
        ),
        (
            pb::AnalyzeRequest {
                document: None,
                ..Default::default()
            },
            "document",
        ),
        (
            pb::AnalyzeRequest {
                document: Some(pb::Document {
                    content: None,
                    ..Default::default()
                }),
                ..Default::default()
            },
            "document.content",
        ),
        (
            pb::AnalyzeRequest {
                document: Some(document("x", "Text.")),
                offset_encoding: 42,
                ..Default::default()
            },
            "offset_encoding",
        ),
        (
            pb::AnalyzeRequest {
                document: Some(pb::Document {
                    published_at: "last Monday".into(),
                    ..document("x", "Text.")
                }),
                ..Default::default()
            },
            "document.published_at",
        ),
        (
            pb::AnalyzeRequest {
                document: Some(pb::Document {
                    language_code: "English".into(),
                    ..document("x", "Text.")
                }),
                ..Default::default()
            },
            "document.language_code",
        ),
        (
            pb::AnalyzeRequest {
                document: Some(document("x", "Text.")),
                summary_options: Some(pb::SummaryOptions {
                    max_sentences: 1000,
                    max_characters: 0,
                }),
                ..Default::default()
            },
            "summary_options.max_sentences",
        ),
    ];
    for (request, field) in cases {
        let status = client.analyze(request).await.expect_err("must be refused");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert!(status.message().starts_with(field), "{field}: {}", status.message());
    }
    let status = client
        .extract(pb::ExtractRequest {
            input: Some(pb::extract_request::Input::Article(pb::Article {
                text: "Short.".into(),
                paragraphs: vec![pb::Paragraph {
                    span: Some(pb::TextSpan { begin: 0, end: 99 }),
                    kind: 1,
                }],
                ..Default::default()
            })),
            ..Default::default()
        })
        .await
        .expect_err("span past the text");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(
        status.message().starts_with("article.paragraphs[0].span"),
        "{}",
        status.message()
    );
    let status = client
        .extract(pb::ExtractRequest::default())
        .await
        .expect_err("no input");
    assert_eq!(status.code(), Code::InvalidArgument);
    server.shutdown().await;
}

#[tokio::test]
async fn size_limits_end_with_the_limit_in_the_message() {
    let config = Config {
        max_message_bytes: 64 * 1024,
        max_input_bytes: 16 * 1024,
        ..quick()
    };
    let server = TestServer::start(config).await;
    let mut client = server.client();
    let big = "word ".repeat(20_000);
    let status = client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("big", &big)),
            ..Default::default()
        })
        .await
        .expect_err("over the message limit");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("65536"), "{}", status.message());
    let medium = "word ".repeat(5_000);
    let status = client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("medium", &medium)),
            ..Default::default()
        })
        .await
        .expect_err("over the input limit");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("16384"), "{}", status.message());
    // In a stream, a message over the limit ends the call the same way,
    // after the answers to the messages before it.
    let mut responses = analyze_stream(&mut client, &[("small", "One sentence. Two."), ("big", big.as_str())]).await;
    let first = responses.next().await.expect("first").expect("answered");
    assert_eq!(first.document_id, "small");
    let status = responses
        .next()
        .await
        .expect("second")
        .expect_err("over the message limit");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("65536"), "{}", status.message());
    // The server is still up.
    client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("ok", "Still here. Yes.")),
            ..Default::default()
        })
        .await
        .expect("served after refusals");
    server.shutdown().await;
}

/// `AnalyzeRequest` and `AnalyzeStreamRequest` as a careless client might
/// encode them: the document text as raw bytes, which need not be UTF-8.
#[derive(Clone, PartialEq, prost::Message)]
struct RawRequest {
    #[prost(message, optional, tag = "1")]
    document: Option<RawDocument>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawDocument {
    #[prost(bytes = "vec", tag = "2")]
    text: Vec<u8>,
}

#[tokio::test]
async fn a_message_that_does_not_decode_ends_invalid_argument() {
    let server = TestServer::start(quick()).await;
    let raw = RawRequest {
        document: Some(RawDocument {
            text: b"caf\xe9 au lait.".to_vec(),
        }),
    };
    let mut grpc = tonic::client::Grpc::new(server.channel.clone());
    grpc.ready().await.expect("ready");
    let codec = tonic_prost::ProstCodec::<RawRequest, pb::AnalyzeResponse>::default();
    let path = http::uri::PathAndQuery::from_static("/lede.v1.ArticleService/Analyze");
    let status = grpc
        .unary(tonic::Request::new(raw.clone()), path, codec)
        .await
        .expect_err("not UTF-8");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("not UTF-8"), "{}", status.message());

    grpc.ready().await.expect("ready");
    let codec = tonic_prost::ProstCodec::<RawRequest, pb::AnalyzeStreamResponse>::default();
    let path = http::uri::PathAndQuery::from_static("/lede.v1.ArticleService/AnalyzeStream");
    let mut responses = grpc
        .streaming(tonic::Request::new(tokio_stream::iter(vec![raw])), path, codec)
        .await
        .expect("stream")
        .into_inner();
    let status = responses.next().await.expect("an item").expect_err("not UTF-8");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn offsets_follow_the_requested_encoding() {
    let server = TestServer::start(quick()).await;
    let mut client = server.client();
    let text = "Zoë Müller said “yes” to the plan on Monday, the café owner told reporters in Köln.\n\n\
                Then 😀 she left the building and walked home through the rain.";
    for (encoding, count) in [
        (pb::OffsetEncoding::Utf8, text.len()),
        (pb::OffsetEncoding::Utf16, text.encode_utf16().count()),
        (pb::OffsetEncoding::CodePoint, text.chars().count()),
    ] {
        let article = client
            .parse(pb::ParseRequest {
                document: Some(document("o", text)),
                offset_encoding: encoding as i32,
            })
            .await
            .expect("parse")
            .into_inner()
            .article
            .expect("article");
        let last = article.sentences.last().and_then(|s| s.span).expect("a sentence");
        assert_eq!(last.end as usize, count, "{encoding:?}");
        // The article goes back in with the same encoding.
        client
            .extract(pb::ExtractRequest {
                input: Some(pb::extract_request::Input::Article(article)),
                offset_encoding: encoding as i32,
                ..Default::default()
            })
            .await
            .expect("the article round-trips");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn health_serves_and_turns_not_serving_on_shutdown() {
    use tonic_health::pb::health_check_response::ServingStatus;
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
    let config = Config {
        shutdown_delay: Duration::from_millis(500),
        ..quick()
    };
    let server = TestServer::start(config).await;
    let mut health = HealthClient::new(server.channel.clone());
    for service in ["", "lede.v1.ArticleService"] {
        let status = health
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .expect("check")
            .into_inner()
            .status;
        assert_eq!(status, ServingStatus::Serving as i32, "{service:?}");
    }
    let mut watch = health
        .watch(HealthCheckRequest {
            service: "lede.v1.ArticleService".into(),
        })
        .await
        .expect("watch")
        .into_inner();
    assert_eq!(
        watch.next().await.expect("first").expect("ok").status,
        ServingStatus::Serving as i32
    );
    let TestServer {
        channel: _,
        mut stop,
        task,
    } = server;
    let _ = stop.take().expect("stop").send(());
    assert_eq!(
        watch.next().await.expect("second").expect("ok").status,
        ServingStatus::NotServing as i32
    );
    task.await.expect("join").expect("clean exit");
}

/// The services that reflection version `$v` lists (the generated v1 and
/// v1alpha clients have the same shape in different modules).
macro_rules! listed_services {
    ($v:ident, $channel:expr) => {{
        use tonic_reflection::pb::$v::ServerReflectionRequest;
        use tonic_reflection::pb::$v::server_reflection_client::ServerReflectionClient;
        use tonic_reflection::pb::$v::server_reflection_request::MessageRequest;
        use tonic_reflection::pb::$v::server_reflection_response::MessageResponse;
        let request = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        };
        let mut responses = ServerReflectionClient::new($channel)
            .server_reflection_info(tokio_stream::iter([request]))
            .await
            .expect(stringify!($v))
            .into_inner();
        match responses.next().await.expect("one").expect("ok").message_response {
            Some(MessageResponse::ListServicesResponse(list)) => {
                list.service.into_iter().map(|s| s.name).collect::<Vec<String>>()
            }
            other => panic!("not a list: {other:?}"),
        }
    }};
}

#[tokio::test]
async fn reflection_lists_the_service_in_v1_and_v1alpha() {
    let server = TestServer::start(quick()).await;
    let v1 = listed_services!(v1, server.channel.clone());
    assert!(v1.iter().any(|s| s == "lede.v1.ArticleService"), "{v1:?}");
    let v1alpha = listed_services!(v1alpha, server.channel.clone());
    assert!(v1alpha.iter().any(|s| s == "lede.v1.ArticleService"), "{v1alpha:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn calls_over_the_concurrency_limit_wait_and_a_full_queue_sheds() {
    // One worker and two places in the queue: three calls in the server.
    let config = Config {
        max_concurrency: 1,
        max_queue_length: 2,
        ..quick()
    };
    let server = TestServer::start(config).await;
    let text = "A sentence here. ".repeat(30_000);
    let mut calls = Vec::new();
    for i in 0..8 {
        let mut client = server.client();
        let text = text.clone();
        calls.push(tokio::spawn(async move {
            client
                .analyze(pb::AnalyzeRequest {
                    document: Some(document(&i.to_string(), &text)),
                    ..Default::default()
                })
                .await
                .map(|_| ())
                .map_err(|s| (s.code(), s.message().to_owned()))
        }));
    }
    let mut results = Vec::new();
    for call in calls {
        results.push(call.await.expect("join"));
    }
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert!(
        ok >= 3,
        "the running call and the two queued ones are served: {results:?}"
    );
    assert!(
        results.iter().all(|r| r
            .as_ref()
            .err()
            .is_none_or(|(code, m)| *code == Code::ResourceExhausted && m.contains("--max-queue-length"))),
        "the rest are shed naming the limit: {results:?}"
    );
    assert!(
        ok < results.len(),
        "eight calls at once do not fit in three places: {results:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn calls_past_their_deadline_end_deadline_exceeded() {
    // The server's own timeout; a client's shorter grpc-timeout takes the
    // same path (tonic's client also times out locally, so it cannot show
    // the server's answer).
    let config = Config {
        request_timeout: Duration::from_millis(1),
        ..quick()
    };
    let server = TestServer::start(config).await;
    let mut client = server.client();
    let text = "A sentence here. ".repeat(200_000);
    let status = client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("slow", &text)),
            ..Default::default()
        })
        .await
        .expect_err("deadline");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    // In a stream, the server's limit holds for each document, and a
    // document over it ends the stream.
    let mut responses = analyze_stream(&mut client, &[("slow", &text)]).await;
    let status = responses.next().await.expect("an item").expect_err("deadline");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn the_work_of_a_call_past_its_deadline_stops() {
    let text = "Wang Yi met Vikram Misri in Beijing on Monday, and both said the talks went well. ".repeat(12_000);
    // How long the whole analysis takes on this machine, in-process; timed
    // again after the calls, and the longer taken, so that a machine busier
    // during the calls than before them does not fail the test.
    let pipeline = lede_core::Pipeline::new().expect("pipeline");
    let time_full = || {
        let started = Instant::now();
        pipeline
            .analyze(&lede_core::Document::text(text.clone()), &Default::default())
            .expect("analysis");
        started.elapsed()
    };
    let full = time_full();
    // One call at a time, due after a quarter of that: the slot frees only
    // once the work of the late call has stopped.
    let config = Config {
        max_concurrency: 1,
        request_timeout: full / 4,
        ..quick()
    };
    let server = TestServer::start(config).await;
    let mut client = server.client();
    let started = Instant::now();
    let status = client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("late", &text)),
            ..Default::default()
        })
        .await
        .expect_err("past the deadline");
    assert_eq!(status.code(), Code::DeadlineExceeded, "{status:?}");
    loop {
        match client
            .analyze(pb::AnalyzeRequest {
                document: Some(document("next", "One sentence. And another.")),
                ..Default::default()
            })
            .await
        {
            Ok(_) => break,
            // Shed, or queued behind the late call past its own deadline.
            Err(status) => assert!(
                matches!(status.code(), Code::ResourceExhausted | Code::DeadlineExceeded),
                "{status:?}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let freed = started.elapsed();
    let full = full.max(time_full());
    assert!(
        freed < full * 3 / 4,
        "the late call's work ran on: its slot freed after {freed:?}; the whole analysis takes {full:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn odd_documents_are_answered_or_refused_and_the_server_serves_on() {
    let server = TestServer::start(quick()).await;
    let mut client = server.client();
    for case in odd_inputs::odd_inputs() {
        let content = if case.html {
            Content::Html(case.content)
        } else {
            Content::Text(case.content)
        };
        let result = client
            .analyze(pb::AnalyzeRequest {
                document: Some(pb::Document {
                    content: Some(content),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await;
        match result {
            Ok(response) => assert!(response.into_inner().article.is_some(), "{}", case.name),
            Err(status) => {
                assert_eq!(status.code(), Code::InvalidArgument, "{}: {status:?}", case.name);
                assert!(status.message().starts_with("document."), "{}: {status:?}", case.name);
            }
        }
    }
    // A 20 MB message, over the default 8 MiB limit.
    let status = client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("huge", &"x".repeat(20 << 20))),
            ..Default::default()
        })
        .await
        .expect_err("over the message limit");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status.message().contains("limit of 8388608 bytes"),
        "{}",
        status.message()
    );
    client
        .analyze(pb::AnalyzeRequest {
            document: Some(document("ok", SAMPLE)),
            ..Default::default()
        })
        .await
        .expect("served after the odd ones");
    server.shutdown().await;
}

#[tokio::test]
async fn the_load_generator_counts_every_call_by_status() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(
        listener,
        Config {
            max_concurrency: 2,
            ..quick()
        },
        async {
            let _ = stopped.await;
        },
    ));
    let options = lede::loadgen::LoadOptions {
        target: format!("http://{address}"),
        connections: 2,
        concurrency: 8,
        duration: Duration::from_secs(60),
        requests: Some(40),
        rate: None,
        timeout: Duration::from_secs(30),
    };
    let report = lede::loadgen::run(&options, vec![document("s", SAMPLE)])
        .await
        .expect("run");
    assert_eq!(report.latencies.len(), 40);
    let ok = report.codes.get("Ok").copied().unwrap_or(0);
    let shed = report.codes.get("ResourceExhausted").copied().unwrap_or(0);
    assert_eq!(ok + shed, 40, "{:?}", report.codes);
    assert!(ok > 0, "{:?}", report.codes);
    assert!(report.quantile(0.5) <= report.quantile(0.99));
    let _ = stop.send(());
    task.await.expect("join").expect("clean exit");
}

#[tokio::test]
async fn min_confidence_filters_statements_in_extract_analyze_and_the_stream() {
    // A named statement (sure) and a refusal (reports no speech: unsure).
    let text = "Jane Porter said on Monday the city would rebuild the bridge before winter.\n\n\
                The finance committee has refused to release the audit of the state railway.\n\n\
                Jane Porter added that the work would cost 40 million dollars.";
    let server = TestServer::start(quick()).await;
    let mut client = server.client();
    let analyze = |min_confidence: f32| pb::AnalyzeRequest {
        document: Some(document("d", text)),
        min_confidence,
        ..Default::default()
    };
    let all = client
        .analyze(analyze(0.0))
        .await
        .expect("analyze")
        .into_inner()
        .statements;
    assert!(all.iter().any(|s| s.confidence < 0.5), "a low one to filter: {all:?}");
    assert!(all.iter().any(|s| s.confidence >= 0.9), "a sure one to keep: {all:?}");
    let sure: Vec<pb::Statement> = all.iter().filter(|s| s.confidence >= 0.5).cloned().collect();
    let kept = client
        .analyze(analyze(0.5))
        .await
        .expect("analyze")
        .into_inner()
        .statements;
    assert_eq!(kept, sure, "exactly the statements at or above 0.5, unchanged");

    let extracted = client
        .extract(pb::ExtractRequest {
            input: Some(pb::extract_request::Input::Document(document("d", text))),
            min_confidence: 0.5,
            ..Default::default()
        })
        .await
        .expect("extract")
        .into_inner()
        .statements;
    assert_eq!(extracted, sure);

    let requests = [0.5, 0.0].map(|min_confidence| pb::AnalyzeStreamRequest {
        document: Some(document("d", text)),
        min_confidence,
        ..Default::default()
    });
    let mut stream = client
        .analyze_stream(tokio_stream::iter(requests))
        .await
        .expect("stream")
        .into_inner();
    let mut each = Vec::new();
    while let Some(response) = stream.next().await {
        each.push(response.expect("response").statements);
    }
    assert_eq!(each, [sure.clone(), all.clone()], "each request's own threshold");

    // Outside [0, 1]: refused, naming the field.
    let status = client.analyze(analyze(1.5)).await.expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(status.message().contains("min_confidence"), "{}", status.message());
    server.shutdown().await;
}
