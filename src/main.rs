//! `lede`: serve the gRPC API, or analyze articles on the command line.

use std::io::{BufReader, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use lede::cli::{self, AnalyzeOptions, Format, Omit};
use lede::jetstream;
use lede::pb;
use lede::server::{self, Config};
use lede_core::{Limits, Pipeline, SummaryOptions};

#[derive(Parser)]
#[command(
    name = "lede",
    version,
    about = "News articles in, structured metadata out: parse, participants, statements, summary"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve lede.v1.ArticleService over gRPC (with health and reflection).
    Serve(ServeArgs),
    /// Analyze articles in-process and print AnalyzeResponse JSON.
    Analyze(AnalyzeArgs),
    /// Send Analyze calls to a running server and report rate, latency and status codes.
    Loadgen(LoadgenArgs),
    /// Publish `lede analyze --jsonl` input to NATS JetStream, one document a line.
    Submit(SubmitArgs),
    /// Analyze documents from NATS JetStream and publish the results (one of many workers).
    Work(WorkArgs),
    /// Write the results from NATS JetStream, one line per document, until all have come.
    Collect(CollectArgs),
}

/// Where the queue is: the flags `lede submit`, `lede work` and `lede collect` share.
#[derive(clap::Args)]
struct NatsArgs {
    /// NATS server URL (or a comma-separated list); credentials may sit in it
    /// (nats://user:password@host:4222).
    #[arg(long = "nats", env = "LEDE_NATS_URL", value_name = "URL")]
    url: String,
    /// The queue's stream; its subjects and consumers are named after it
    /// (<stream>.documents, <stream>.results, <stream>.dead, <stream>-workers).
    #[arg(long, env = "LEDE_NATS_STREAM", default_value = "lede")]
    stream: String,
    /// Copies JetStream keeps of each stream it creates here (3 on a NATS cluster, so that
    /// the queue survives losing a server).
    #[arg(long, env = "LEDE_NATS_STREAM_REPLICAS", default_value_t = 1)]
    stream_replicas: usize,
}

impl NatsArgs {
    fn layout(&self) -> anyhow::Result<jetstream::Layout> {
        jetstream::Layout::new(&self.stream, self.stream_replicas)
    }
}

#[derive(clap::Args)]
struct SubmitArgs {
    #[command(flatten)]
    nats: NatsArgs,
    /// Lines of {"id", "text"} or {"id", "html"} as `lede analyze --jsonl` reads them; `-` or nothing for standard input.
    file: Option<PathBuf>,
}

#[derive(clap::Args)]
struct WorkArgs {
    #[command(flatten)]
    nats: NatsArgs,
    /// Documents in analysis at once [default: cores].
    #[arg(long, env = "LEDE_CONCURRENCY")]
    concurrency: Option<usize>,
    /// How long a document taken by a worker that died waits before another
    /// worker gets it (the shared consumer's ack wait; a worker at work on a
    /// long document keeps extending it).
    #[arg(long, env = "LEDE_ACK_WAIT", default_value = "30s", value_parser = duration)]
    ack_wait: Duration,
    /// A document delivered more often than this without an answer goes to
    /// the dead-letter subject (<stream>.dead), with an error result.
    #[arg(long, env = "LEDE_MAX_DELIVERIES", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    max_deliveries: u32,
    /// How often progress and rates go to the log.
    #[arg(long, env = "LEDE_LOG_INTERVAL", default_value = "10s", value_parser = duration)]
    log_interval: Duration,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    telemetry: TelemetryArgs,
}

#[derive(clap::Args)]
struct CollectArgs {
    #[command(flatten)]
    nats: NatsArgs,
    /// Distinct documents to wait for.
    #[arg(long)]
    count: u64,
    /// Give up after this long, exiting non-zero with the number missing [default: wait for ever].
    #[arg(long, value_parser = duration)]
    timeout: Option<Duration>,
}

/// The limits of one analysis, which `lede serve` and `lede work` share.
#[derive(clap::Args)]
struct LimitArgs {
    /// Longest one document's analysis may run (for a call, a client's shorter grpc-timeout wins).
    #[arg(long, env = "LEDE_REQUEST_TIMEOUT", default_value = "30s", value_parser = duration)]
    request_timeout: Duration,
    /// Largest document text or HTML in bytes; larger ones end INVALID_ARGUMENT.
    #[arg(long, env = "LEDE_MAX_INPUT_BYTES", default_value_t = Limits::default().max_input_bytes)]
    max_input_bytes: usize,
    /// Input bytes in analysis at once (memory grows up to ~50 bytes a byte); calls and
    /// documents past it wait in the queue. At least --max-input-bytes [default: 2 x --max-input-bytes].
    #[arg(long, env = "LEDE_MAX_INFLIGHT_BYTES")]
    max_inflight_bytes: Option<usize>,
    /// Threads for the analysis (the blocking pool) [default: cores].
    #[arg(long, env = "LEDE_BLOCKING_THREADS")]
    blocking_threads: Option<usize>,
}

impl LimitArgs {
    fn max_inflight_bytes(&self) -> usize {
        self.max_inflight_bytes
            .unwrap_or(self.max_input_bytes.saturating_mul(2))
    }

    /// The runtime, with a blocking pool of `--blocking-threads`.
    fn runtime(&self) -> anyhow::Result<tokio::runtime::Runtime> {
        Ok(tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .max_blocking_threads(self.blocking_threads.unwrap_or_else(cores).max(1))
            .build()?)
    }
}

/// How the analysis is written: the flags `lede analyze` and `lede work` share.
#[derive(clap::Args)]
struct OutputArgs {
    /// Sentences in the summary.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    summary_sentences: u32,
    /// Most characters in the summary.
    #[arg(long)]
    summary_characters: Option<usize>,
    /// Unit of the output spans.
    #[arg(long, value_enum, default_value_t = Offsets::Utf8)]
    offsets: Offsets,
    /// Leave these out of the JSON, comma-separated: article text, participant mentions,
    /// paragraph and sentence spans.
    #[arg(long, value_enum, value_delimiter = ',')]
    omit: Vec<Omit>,
    /// Leave out statements whose confidence is below this, in [0, 1]
    /// (0.9: those right at least nine times in ten on the links dev set).
    #[arg(long, default_value_t = 0.0, value_parser = confidence)]
    min_confidence: f32,
}

/// A confidence in [0, 1], from the command line.
fn confidence(s: &str) -> Result<f32, String> {
    let v: f32 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside [0, 1]"))
    }
}

impl OutputArgs {
    fn summary(&self) -> SummaryOptions {
        SummaryOptions {
            max_sentences: self.summary_sentences as usize,
            max_characters: self.summary_characters,
        }
    }

    fn offsets(&self) -> pb::OffsetEncoding {
        match self.offsets {
            Offsets::Utf8 => pb::OffsetEncoding::Utf8,
            Offsets::Utf16 => pb::OffsetEncoding::Utf16,
            Offsets::CodePoint => pb::OffsetEncoding::CodePoint,
        }
    }
}

/// Logs and metrics: the flags `lede serve` and `lede work` share.
#[derive(clap::Args)]
struct TelemetryArgs {
    /// Log format.
    #[arg(long, env = "LEDE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Serve Prometheus metrics at http://ADDR/metrics (e.g. [::]:9090) [default: off].
    #[arg(long, env = "LEDE_METRICS_LISTEN")]
    metrics_listen: Option<String>,
}

#[derive(clap::Args)]
struct LoadgenArgs {
    /// Server address.
    #[arg(long, default_value = "http://127.0.0.1:50051")]
    target: String,
    /// Articles to send: a text file, or JSONL of {"id", "text"|"html"} with --jsonl.
    #[arg(long, default_value = "examples/xinhua-china-india.txt")]
    input: PathBuf,
    /// The input is JSONL (at most 10,000 documents are read).
    #[arg(long)]
    jsonl: bool,
    /// HTTP/2 connections.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Calls in flight (closed loop), or the most in flight (with --rate).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// How long to run.
    #[arg(long, default_value = "10s", value_parser = duration)]
    duration: Duration,
    /// Stop after this many calls.
    #[arg(long)]
    requests: Option<u64>,
    /// Open loop: start this many calls per second.
    #[arg(long)]
    rate: Option<f64>,
    /// Per-call deadline.
    #[arg(long, default_value = "10s", value_parser = duration)]
    timeout: Duration,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LEDE_LISTEN", default_value = server::DEFAULT_LISTEN)]
    listen: String,
    /// Calls in analysis at once; more wait in the queue [default: 2 x cores].
    #[arg(long, env = "LEDE_MAX_CONCURRENCY")]
    max_concurrency: Option<usize>,
    /// Calls waiting for a worker at once; more are shed with RESOURCE_EXHAUSTED.
    #[arg(long, env = "LEDE_MAX_QUEUE_LENGTH", default_value_t = server::DEFAULT_MAX_QUEUE_LENGTH)]
    max_queue_length: usize,
    /// Input bytes waiting for a worker at once; calls past it are shed with RESOURCE_EXHAUSTED.
    #[arg(long, env = "LEDE_MAX_QUEUED_BYTES", default_value_t = server::DEFAULT_MAX_QUEUED_BYTES)]
    max_queued_bytes: usize,
    /// Largest request message in bytes; larger ones end RESOURCE_EXHAUSTED.
    #[arg(long, env = "LEDE_MAX_MESSAGE_BYTES", default_value_t = 8 * 1024 * 1024)]
    max_message_bytes: usize,
    #[command(flatten)]
    limits: LimitArgs,
    /// Connections older than this are asked to reconnect (spreads clients over new pods).
    #[arg(long, env = "LEDE_MAX_CONNECTION_AGE", default_value = "5m", value_parser = duration)]
    max_connection_age: Duration,
    /// How long calls on an aged connection may still finish.
    #[arg(long, env = "LEDE_MAX_CONNECTION_AGE_GRACE", default_value = "30s", value_parser = duration)]
    max_connection_age_grace: Duration,
    /// After SIGTERM, how long health reports NOT_SERVING before new calls are refused.
    #[arg(long, env = "LEDE_SHUTDOWN_DELAY", default_value = "5s", value_parser = duration)]
    shutdown_delay: Duration,
    /// Then, how long in-flight calls may take to finish.
    #[arg(long, env = "LEDE_DRAIN_TIMEOUT", default_value = "20s", value_parser = duration)]
    drain_timeout: Duration,
    /// Serve TLS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "LEDE_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, env = "LEDE_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Require client certificates signed by this CA (PEM): mutual TLS.
    #[arg(long, env = "LEDE_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<PathBuf>,
    #[command(flatten)]
    telemetry: TelemetryArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Offsets {
    Utf8,
    Utf16,
    CodePoint,
}

#[derive(clap::Args)]
struct AnalyzeArgs {
    /// The article to analyze; `-` or nothing for standard input.
    file: Option<PathBuf>,
    /// The input is HTML.
    #[arg(long)]
    html: bool,
    /// Read lines of {"id", "text"} or {"id", "html"}; write one response per line, in order.
    #[arg(long)]
    jsonl: bool,
    #[command(flatten)]
    output: OutputArgs,
    /// JSON (an AnalyzeResponse) for programs, or a short report for a person (single document only).
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Indent the JSON (single document only).
    #[arg(long)]
    pretty: bool,
    /// The document's language, when the text does not show it well: a BCP-47 tag ("en",
    /// "en-GB") or an ISO 639 code ("eng") (single document only; --jsonl lines carry
    /// "languageCode").
    #[arg(long)]
    language: Option<String>,
    /// When the document was published, if the text does not say: RFC 3339
    /// or YYYY-MM-DD (single document only; --jsonl lines carry "publishedAt").
    #[arg(long, value_parser = published)]
    published_at: Option<lede_core::Published>,
    /// Worker threads for --jsonl [default: cores].
    #[arg(long)]
    threads: Option<usize>,
    /// Largest document in bytes.
    #[arg(long, default_value_t = Limits::default().max_input_bytes)]
    max_input_bytes: usize,
}

fn published(s: &str) -> Result<lede_core::Published, String> {
    lede_core::Published::parse(s)
        .ok_or_else(|| format!("{s:?} is neither RFC 3339 (2025-01-28T09:38:00+08:00) nor YYYY-MM-DD"))
}

fn duration(s: &str) -> Result<Duration, String> {
    let d: jiff::SignedDuration = s
        .parse()
        .map_err(|e| format!("{s:?} is not a duration such as 30s or 5m: {e}"))?;
    Duration::try_from(d).map_err(|_| format!("{s:?} must not be negative"))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Analyze(args) => analyze(args),
        Command::Loadgen(args) => loadgen(args),
        Command::Submit(args) => submit(args),
        Command::Work(args) => work(args),
        Command::Collect(args) => collect(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lede: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let defaults = Config::default();
    let config = Config {
        max_concurrency: args.max_concurrency.unwrap_or(defaults.max_concurrency).max(1),
        max_queue_length: args.max_queue_length,
        max_queued_bytes: args.max_queued_bytes,
        request_timeout: args.limits.request_timeout,
        max_message_bytes: args.max_message_bytes,
        max_input_bytes: args.limits.max_input_bytes,
        max_inflight_bytes: args.limits.max_inflight_bytes(),
        max_connection_age: args.max_connection_age,
        max_connection_age_grace: args.max_connection_age_grace,
        shutdown_delay: args.shutdown_delay,
        drain_timeout: args.drain_timeout,
        tls: tls(&args)?,
    };
    args.limits.runtime()?.block_on(args.telemetry.run(async {
        let listener = bind(&args.listen).await?;
        let _metrics = args.telemetry.serve_metrics().await?;
        server::serve(listener, config, shutdown_signal()).await
    }))
}

async fn bind(address: &str) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {address}: {e}"))
}

impl TelemetryArgs {
    /// Runs `work` with logs (and traces, when configured) set up, then
    /// flushes the spans not yet exported.
    async fn run(&self, work: impl Future<Output = anyhow::Result<()>>) -> anyhow::Result<()> {
        let telemetry = lede::telemetry::init(matches!(self.log_format, LogFormat::Json))?;
        let done = work.await;
        // Flushing blocks, so off the workers.
        tokio::task::spawn_blocking(move || telemetry.shutdown()).await?;
        done
    }

    /// Serves `/metrics` when --metrics-listen asks, until the guard is dropped.
    async fn serve_metrics(&self) -> anyhow::Result<Option<lede::metrics::Serving>> {
        let Some(address) = &self.metrics_listen else {
            return Ok(None);
        };
        let listener = bind(address).await?;
        tracing::info!(address = %listener.local_addr()?, "serving Prometheus metrics at /metrics");
        Ok(Some(lede::metrics::spawn(listener)?))
    }
}

fn tls(args: &ServeArgs) -> anyhow::Result<Option<server::Tls>> {
    let read = |path: &PathBuf| std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()));
    let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) else {
        return Ok(None);
    };
    Ok(Some(server::Tls {
        cert_pem: read(cert)?,
        key_pem: read(key)?,
        client_ca_pem: args.tls_client_ca.as_ref().map(read).transpose()?,
    }))
}

/// Resolves on SIGTERM (Kubernetes) or SIGINT (Ctrl-C). Call it inside the
/// runtime: the SIGTERM handler is in place once it returns, so a SIGTERM sent
/// before the future is first polled stops the process cleanly too.
fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        let ctrl_c = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        #[cfg(unix)]
        let term = async move {
            match term {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => {},
            () = term => {},
        }
    }
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<()> {
    let pipeline = Pipeline::with_limits(Limits {
        max_input_bytes: args.max_input_bytes,
    })?;
    let options = AnalyzeOptions {
        html: args.html,
        summary: args.output.summary(),
        offsets: args.output.offsets(),
        pretty: args.pretty,
        threads: args.threads.unwrap_or_else(cores),
        published_at: args.published_at,
        language_code: args.language,
        format: args.format,
        omit: args.output.omit,
        min_confidence: args.output.min_confidence,
    };
    let mut input = open(args.file.as_ref())?;
    let stdout = std::io::stdout();
    let mut output = std::io::BufWriter::new(stdout.lock());
    if !args.jsonl {
        return cli::analyze_one(&pipeline, &mut input, &mut output, &options);
    }
    if options.format == Format::Text {
        anyhow::bail!("--format text is for one document; --jsonl writes JSON lines");
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} documents, {per_sec} [{elapsed}]")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let failures = cli::analyze_jsonl(&pipeline, &mut input, &mut output, &options, |n| {
        if let Some(bar) = &bar {
            bar.set_position(n);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish();
    }
    // The process ends next and its memory with it: freeing the models'
    // tables one by one would cost more than a short article's analysis.
    std::mem::forget(pipeline);
    if failures > 0 {
        anyhow::bail!("{failures} input line(s) failed; their output lines carry the error");
    }
    Ok(())
}

fn loadgen(args: LoadgenArgs) -> anyhow::Result<()> {
    use std::io::BufRead;
    let read = |path: &PathBuf| {
        std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
    };
    let documents = if args.jsonl {
        let file = std::fs::File::open(&args.input)
            .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", args.input.display()))?;
        let mut documents = Vec::new();
        for (n, line) in (1..).zip(BufReader::new(file).lines().take(10_000)) {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            documents.push(cli::json_line(&line, n).map_err(|(_, status)| anyhow::anyhow!("{}", status.message()))?);
        }
        documents
    } else {
        vec![pb::Document {
            content: Some(pb::document::Content::Text(read(&args.input)?)),
            ..Default::default()
        }]
    };
    let options = lede::loadgen::LoadOptions {
        target: args.target,
        connections: args.connections,
        concurrency: args.concurrency,
        duration: args.duration,
        requests: args.requests,
        rate: args.rate,
        timeout: args.timeout,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(lede::loadgen::run(&options, documents))?;
    println!("{report}");
    Ok(())
}

/// The named file, or standard input for `-` or none.
fn open(file: Option<&PathBuf>) -> anyhow::Result<Box<dyn std::io::BufRead + Send>> {
    Ok(match file {
        Some(path) if path.as_os_str() != "-" => Box::new(BufReader::new(
            std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?,
        )),
        _ => Box::new(BufReader::new(std::io::stdin())),
    })
}

/// A runtime for the commands that only wait on the network.
fn small_runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

fn submit(args: SubmitArgs) -> anyhow::Result<()> {
    let layout = args.nats.layout()?;
    let input = open(args.file.as_ref())?;
    let report = small_runtime()?.block_on(async {
        let client = jetstream::connect(&args.nats.url, "lede submit").await?;
        let report = jetstream::submit(&client, &layout, input).await?;
        client.flush().await?;
        anyhow::Ok(report)
    })?;
    eprintln!(
        "lede submit: {} documents published to {}, {} duplicates dropped by JetStream, {} bad lines skipped",
        report.published,
        layout.documents(),
        report.duplicates,
        report.skipped
    );
    if report.skipped > 0 {
        anyhow::bail!("{} input line(s) skipped; the messages above name them", report.skipped);
    }
    Ok(())
}

fn work(args: WorkArgs) -> anyhow::Result<()> {
    let layout = args.nats.layout()?;
    let options = jetstream::WorkOptions {
        concurrency: args.concurrency.unwrap_or_else(cores).max(1),
        ack_wait: args.ack_wait,
        max_deliveries: args.max_deliveries,
        request_timeout: args.limits.request_timeout,
        max_inflight_bytes: args.limits.max_inflight_bytes(),
        log_interval: args.log_interval,
        analyze: AnalyzeOptions {
            html: false,
            summary: args.output.summary(),
            offsets: args.output.offsets(),
            pretty: false,
            threads: 1,
            published_at: None,
            language_code: None,
            format: Format::Json,
            omit: args.output.omit.clone(),
            min_confidence: args.output.min_confidence,
        },
    };
    args.limits.runtime()?.block_on(args.telemetry.run(async {
        let shutdown = shutdown_signal();
        let _metrics = args.telemetry.serve_metrics().await?;
        // The server's pipeline, its stages timed into the metrics.
        let pipeline = Arc::new(
            Pipeline::with_limits(Limits {
                max_input_bytes: args.limits.max_input_bytes,
            })?
            .with_observer(lede::metrics::stage_observer()),
        );
        let client = jetstream::connect(&args.nats.url, "lede work").await?;
        jetstream::work(client, &layout, pipeline, options, shutdown).await?;
        Ok(())
    }))
}

fn collect(args: CollectArgs) -> anyhow::Result<()> {
    let layout = args.nats.layout()?;
    let options = jetstream::CollectOptions {
        count: args.count,
        timeout: args.timeout,
    };
    let written = small_runtime()?.block_on(async {
        let client = jetstream::connect(&args.nats.url, "lede collect").await?;
        let mut stdout = tokio::io::BufWriter::new(tokio::io::stdout());
        jetstream::collect(&client, &layout, options, &mut stdout).await
    })?;
    if written < args.count {
        anyhow::bail!(
            "timed out: {} of {} results missing ({written} written)",
            args.count - written,
            args.count
        );
    }
    Ok(())
}
