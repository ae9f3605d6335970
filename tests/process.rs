//! The `lede serve` process under stress: overload, and SIGTERM under load.
//! These run the real binary, so that its memory and its exit can be seen.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lede::pb::article_service_client::ArticleServiceClient;
use lede::pb::{self, document::Content};
use tonic::Code;
use tonic::transport::Channel;

/// A `lede serve` child process; killed when dropped.
struct ServerProcess {
    child: Child,
    address: String,
}

impl ServerProcess {
    /// Starts `lede serve` on a free local port with `args`, and waits until
    /// it answers.
    async fn start(args: &[&str]) -> ServerProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let address = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_lede"))
            .args(["serve", "--listen", &address])
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start lede serve");
        let server = ServerProcess { child, address };
        let started = Instant::now();
        while tokio::net::TcpStream::connect(&server.address).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "lede serve did not start");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        server
    }

    fn client(&self) -> ArticleServiceClient<Channel> {
        let channel = Channel::from_shared(format!("http://{}", self.address))
            .expect("uri")
            .connect_lazy();
        ArticleServiceClient::new(channel).max_decoding_message_size(64 * 1024 * 1024)
    }

    /// The most memory the process has held (VmHWM), in bytes.
    fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc status");
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM");
        kib * 1024
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// About `bytes` of news-like text.
fn article(bytes: usize) -> String {
    let paragraph = include_str!("../examples/xinhua-china-india.txt");
    paragraph.repeat(bytes / paragraph.len() + 1)[..bytes]
        .trim_end_matches(|c: char| !c.is_ascii())
        .to_owned()
}

fn request(id: &str, text: &str) -> pb::AnalyzeRequest {
    pb::AnalyzeRequest {
        document: Some(pb::Document {
            document_id: id.into(),
            content: Some(Content::Text(text.into())),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A call's status code, `OK` included.
fn code<T>(result: Result<T, tonic::Status>) -> Code {
    result.map_or_else(|status| status.code(), |_| Code::Ok)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_documents_together_are_held_to_the_input_budget() {
    // Room for six calls, but input for one 1.5 MB document at a time.
    let server = ServerProcess::start(&[
        "--max-concurrency",
        "6",
        "--max-input-bytes",
        "2097152",
        "--max-inflight-bytes",
        "2097152",
    ])
    .await;
    let text = article(1536 * 1024);
    let mut callers = Vec::new();
    for i in 0..6 {
        let mut client = server.client();
        let text = text.clone();
        callers.push(tokio::spawn(async move {
            client
                .analyze(request(&i.to_string(), &text))
                .await
                .map(|_| ())
                .map_err(|s| (s.code(), s.message().to_owned()))
        }));
    }
    let mut results = Vec::new();
    for caller in callers {
        results.push(caller.await.expect("join"));
    }
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let shed = results
        .iter()
        .filter(|r| matches!(r, Err((Code::ResourceExhausted, m)) if m.contains("budget of 2097152 bytes")))
        .count();
    assert!(ok >= 1 && ok + shed == results.len(), "{results:?}");
    assert!(shed >= 1, "six at once cannot all fit: {results:?}");
    let peak = server.peak_rss();
    eprintln!("{ok} of 6 large calls OK, {shed} shed; peak RSS {} MiB", peak >> 20);
    assert!(peak < 192 << 20, "peak RSS {} MiB", peak >> 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_concurrent_100_kb_calls_are_served_or_shed_in_bounded_memory() {
    let server = ServerProcess::start(&["--max-concurrency", "4"]).await;
    let idle = server.peak_rss();
    let text = article(100 * 1024);
    let mut callers = Vec::new();
    for i in 0..64 {
        let mut client = server.client();
        let text = text.clone();
        callers.push(tokio::spawn(async move {
            let mut codes = Vec::new();
            for round in 0..4 {
                codes.push(code(client.analyze(request(&format!("{i}-{round}"), &text)).await));
            }
            codes
        }));
    }
    let mut codes = Vec::new();
    for caller in callers {
        codes.extend(caller.await.expect("join"));
    }
    let ok = codes.iter().filter(|&&c| c == Code::Ok).count();
    assert!(ok > 0, "{codes:?}");
    assert!(
        codes.iter().all(|&c| matches!(c, Code::Ok | Code::ResourceExhausted)),
        "only OK or RESOURCE_EXHAUSTED: {codes:?}"
    );
    // Four analyses at a time, whatever waits: memory must not grow with
    // the number of callers.
    let peak = server.peak_rss();
    eprintln!(
        "{ok} of {} calls OK; peak RSS {} MiB (idle {} MiB)",
        codes.len(),
        peak >> 20,
        idle >> 20
    );
    assert!(peak < 128 << 20, "peak RSS {} MiB", peak >> 20);
    // And the server still serves.
    server
        .client()
        .analyze(request("after", "Still here. Yes."))
        .await
        .expect("served after the load");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_lets_accepted_calls_finish_and_exits_in_time() {
    let delay = Duration::from_millis(300);
    let drain = Duration::from_secs(10);
    let mut server = ServerProcess::start(&[
        "--max-concurrency",
        "64",
        "--shutdown-delay",
        "300ms",
        "--drain-timeout",
        "10s",
    ])
    .await;
    let text = article(50 * 1024);
    let begun = Instant::now();
    // Each caller calls until a call is refused.
    let mut callers = Vec::new();
    for i in 0..8 {
        let mut client = server.client();
        let text = text.clone();
        callers.push(tokio::spawn(async move {
            let mut calls = Vec::new();
            loop {
                let started = begun.elapsed();
                let code = code(client.analyze(request(&i.to_string(), &text)).await);
                calls.push((started, code));
                if code != Code::Ok || begun.elapsed() > Duration::from_secs(60) {
                    return calls;
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let term = begun.elapsed();
    server.terminate();
    let mut calls = Vec::new();
    for caller in callers {
        calls.extend(caller.await.expect("join"));
    }
    let exit = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            begun.elapsed() < term + delay + drain,
            "the server did not exit within its shutdown delay and drain timeout"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert!(exit.success(), "clean exit: {exit:?}");
    eprintln!(
        "{} calls, {} begun before SIGTERM; exit {:?} after SIGTERM",
        calls.len(),
        calls.iter().filter(|(s, _)| *s < term).count(),
        begun.elapsed() - term
    );
    let before: Vec<Code> = calls.iter().filter(|(s, _)| *s < term).map(|&(_, c)| c).collect();
    assert!(before.len() >= 8, "calls were in flight at SIGTERM: {calls:?}");
    // During the shutdown delay the server still takes calls (health says
    // NOT_SERVING, so that balancers stop sending them); with a margin for
    // scheduling, every call begun by then ends OK.
    let served = term + delay / 2;
    assert!(
        calls.iter().filter(|(s, _)| *s < served).all(|&(_, c)| c == Code::Ok),
        "calls begun before SIGTERM or during the shutdown delay finish OK: {calls:?}"
    );
    // Later calls are refused: UNAVAILABLE, or CANCELLED when the client's
    // HTTP/2 connection closes under a call it sent before it read the
    // server's GOAWAY (the server never took that call).
    assert!(
        calls
            .iter()
            .all(|&(_, c)| matches!(c, Code::Ok | Code::Unavailable | Code::Cancelled)),
        "later calls are refused cleanly: {calls:?}"
    );
    assert_eq!(
        calls.iter().filter(|&&(_, c)| c != Code::Ok).count(),
        8,
        "every caller was finally refused: {calls:?}"
    );
}
