//! The real `lede serve` binary as a child process, for the tests that
//! need its memory, its exit, or its telemetry.
#![allow(dead_code)] // each test binary uses a part

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lede::pb::article_service_client::ArticleServiceClient;
use lede::pb::{self, document::Content};
use tonic::Code;
use tonic::transport::Channel;

/// A `lede serve` child process; killed when dropped.
pub struct ServerProcess {
    pub child: Child,
    pub address: String,
}

/// A local port nobody listens on (the binary binds it next).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl ServerProcess {
    /// Starts `lede serve` on a free local port with `args`, and waits until
    /// it answers.
    pub async fn start(args: &[&str]) -> ServerProcess {
        ServerProcess::start_with_env(args, &[]).await
    }

    /// [`ServerProcess::start`] with environment variables.
    pub async fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> ServerProcess {
        let address = format!("127.0.0.1:{}", free_port());
        let child = Command::new(env!("CARGO_BIN_EXE_lede"))
            .args(["serve", "--listen", &address])
            .args(args)
            .env("RUST_LOG", "warn")
            .envs(env.iter().copied())
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

    pub fn client(&self) -> ArticleServiceClient<Channel> {
        let channel = Channel::from_shared(format!("http://{}", self.address))
            .expect("uri")
            .connect_lazy();
        ArticleServiceClient::new(channel).max_decoding_message_size(64 * 1024 * 1024)
    }

    /// The most memory the process has held (VmHWM), in bytes.
    pub fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("/proc status");
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM");
        kib * 1024
    }

    pub fn terminate(&self) {
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

/// The body of `GET http://{address}{path}` (HTTP/1.1, no TLS).
pub async fn http_get(address: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_owned()
}

/// The value of the series `series` (name and labels, as rendered) in a
/// Prometheus text exposition, if present.
pub fn sample(exposition: &str, series: &str) -> Option<f64> {
    exposition
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// About `bytes` of news-like text.
pub fn article(bytes: usize) -> String {
    let paragraph = include_str!("../../examples/xinhua-china-india.txt");
    paragraph.repeat(bytes / paragraph.len() + 1)[..bytes]
        .trim_end_matches(|c: char| !c.is_ascii())
        .to_owned()
}

pub fn request(id: &str, text: &str) -> pb::AnalyzeRequest {
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
pub fn code<T>(result: Result<T, tonic::Status>) -> Code {
    result.map_or_else(|status| status.code(), |_| Code::Ok)
}
