//! The `lede serve` process under stress: overload (the admission queue),
//! and SIGTERM under load.
//! These run the real binary, so that its memory and its exit can be seen.

mod common;

use std::time::{Duration, Instant};

use common::{ServerProcess, article, code, free_port, http_get, request, sample};
use tonic::Code;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_documents_together_wait_for_the_input_budget() {
    // Room for six calls, but input for one 1.5 MB document at a time: the
    // others wait in the queue (their text, not their analysis, in memory).
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
            code(client.analyze(request(&i.to_string(), &text)).await)
        }));
    }
    let mut codes = Vec::new();
    for caller in callers {
        codes.push(caller.await.expect("join"));
    }
    assert!(codes.iter().all(|&c| c == Code::Ok), "{codes:?}");
    // Six analyses at once would hold about 6 x 75 MB. One at a time, the
    // peak is one analysis, the call before's response on its way out, and
    // what glibc's per-thread arenas keep of the analyses before on other
    // threads: 116 MiB on one core, 175-211 MiB on two as the timing falls
    // (a faster tagger overlaps more; MALLOC_ARENA_MAX=1 gives 108 MiB).
    let peak = server.peak_rss();
    eprintln!("6 large calls OK, one at a time; peak RSS {} MiB", peak >> 20);
    assert!(peak < 256 << 20, "peak RSS {} MiB", peak >> 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_sending_100_kb_three_times_are_queued_and_served_in_bounded_memory() {
    // The defaults: 2 x cores workers, a queue of 128 calls and 16 MiB.
    let server = ServerProcess::start(&[]).await;
    let idle = server.peak_rss();
    let text = article(100 * 1024);
    let begun = Instant::now();
    let mut callers = Vec::new();
    for i in 0..64 {
        let mut client = server.client();
        let text = text.clone();
        callers.push(tokio::spawn(async move {
            let mut codes = Vec::new();
            for round in 0..3 {
                let mut call = tonic::Request::new(request(&format!("{i}-{round}"), &text));
                call.set_timeout(Duration::from_secs(60));
                codes.push(code(client.analyze(call).await));
            }
            codes
        }));
    }
    let mut codes = Vec::new();
    for caller in callers {
        codes.extend(caller.await.expect("join"));
    }
    let ok = codes.iter().filter(|&&c| c == Code::Ok).count();
    let peak = server.peak_rss();
    eprintln!(
        "{ok} of {} calls OK in {:.1} s; peak RSS {} MiB (idle {} MiB)",
        codes.len(),
        begun.elapsed().as_secs_f64(),
        peak >> 20,
        idle >> 20
    );
    assert!(ok >= 96, "at least half are served within their deadline: {codes:?}");
    assert!(
        codes.iter().all(|&c| matches!(c, Code::Ok | Code::ResourceExhausted)),
        "only OK or RESOURCE_EXHAUSTED: {codes:?}"
    );
    // The workers' analyses and the queue's bytes, whatever waits: memory
    // must not grow with the number of callers.
    assert!(peak < 128 << 20, "peak RSS {} MiB", peak >> 20);
    // And the server still serves.
    server
        .client()
        .analyze(request("after", "Still here. Yes."))
        .await
        .expect("served after the load");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_whose_deadline_is_shorter_than_the_queue_wait_is_shed_at_once() {
    let metrics = format!("127.0.0.1:{}", free_port());
    let server = ServerProcess::start(&["--max-concurrency", "1", "--metrics-listen", &metrics]).await;
    // One megabyte in analysis and three waiting: seconds of work ahead.
    let text = article(1024 * 1024);
    let mut load = Vec::new();
    for i in 0..4 {
        let mut client = server.client();
        let text = text.clone();
        load.push(tokio::spawn(async move {
            code(client.analyze(request(&i.to_string(), &text)).await)
        }));
    }
    let started = Instant::now();
    while sample(&http_get(&metrics, "/metrics").await, "lede_queue_depth").unwrap_or(0.0) < 3.0 {
        assert!(started.elapsed() < Duration::from_secs(30), "the calls never queued");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut hurried = tonic::Request::new(request("hurried", "A short one. Really."));
    hurried.set_timeout(Duration::from_millis(300));
    // Had it waited, the client would have seen DEADLINE_EXCEEDED.
    let status = server.client().analyze(hurried).await.expect_err("shed");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("deadline"), "{}", status.message());
    let exposition = http_get(&metrics, "/metrics").await;
    assert_eq!(
        sample(&exposition, r#"lede_shed_total{reason="deadline"}"#),
        Some(1.0),
        "{exposition}"
    );
    for call in load {
        assert_eq!(call.await.expect("join"), Code::Ok, "the queued calls are served");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_serves_the_queue_refuses_new_calls_unavailable_and_exits_in_time() {
    let delay = Duration::from_millis(300);
    let drain = Duration::from_secs(20);
    let mut server = ServerProcess::start(&["--shutdown-delay", "300ms", "--drain-timeout", "20s"]).await;
    let text = article(100 * 1024);
    let begun = Instant::now();
    // 64 callers, each calling until a call is refused: the queue is full
    // of calls when SIGTERM comes.
    let mut callers = Vec::new();
    for i in 0..64 {
        let mut client = server.client();
        let text = text.clone();
        callers.push(tokio::spawn(async move {
            let mut calls = Vec::new();
            loop {
                let started = begun.elapsed();
                let mut call = tonic::Request::new(request(&i.to_string(), &text));
                call.set_timeout(Duration::from_secs(60));
                let code = code(client.analyze(call).await);
                calls.push((started, code));
                if code != Code::Ok || begun.elapsed() > Duration::from_secs(60) {
                    return calls;
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
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
    let before: Vec<Code> = calls.iter().filter(|(s, _)| *s < term).map(|&(_, c)| c).collect();
    eprintln!(
        "{} calls, {} begun before SIGTERM ({} OK); exit {:?} after SIGTERM",
        calls.len(),
        before.len(),
        before.iter().filter(|&&c| c == Code::Ok).count(),
        begun.elapsed() - term
    );
    assert!(before.len() >= 64, "calls were running or queued at SIGTERM: {calls:?}");
    // Running and queued calls, and those begun during the shutdown delay
    // (health says NOT_SERVING, so that balancers stop sending them; with
    // a margin for scheduling), finish OK within the drain.
    let served = term + delay / 2;
    assert!(
        calls.iter().filter(|(s, _)| *s < served).all(|&(_, c)| c == Code::Ok),
        "calls begun before SIGTERM or during the shutdown delay finish OK: {calls:?}"
    );
    // Later calls are refused UNAVAILABLE (another server will take them),
    // never RESOURCE_EXHAUSTED; or CANCELLED when the client's HTTP/2
    // connection closes under a call it sent before it read the server's
    // GOAWAY (the server never took that call).
    assert!(
        calls
            .iter()
            .all(|&(_, c)| matches!(c, Code::Ok | Code::Unavailable | Code::Cancelled)),
        "later calls are refused cleanly: {calls:?}"
    );
    assert_eq!(
        calls.iter().filter(|&&(_, c)| c != Code::Ok).count(),
        64,
        "every caller was finally refused: {calls:?}"
    );
}
