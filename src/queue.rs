//! The admission queue: calls wait here, first in first out, for a worker
//! and for their share of the input budget, and are shed only when they
//! cannot be served.
//!
//! A call starts at once when nobody waits and a worker and its input
//! bytes are free. Otherwise it joins the queue, unless
//! - the queue already holds `max_queue_length` calls, or its input would
//!   take the queued bytes past `max_queued_bytes` (RESOURCE_EXHAUSTED);
//! - its deadline would pass before it could be served: the expected wait
//!   (the input ahead of it and in analysis, at the measured service time
//!   per input byte, spread over the workers) plus its own expected run
//!   time (RESOURCE_EXHAUSTED at once, rather than DEADLINE_EXCEEDED after
//!   waiting);
//! - the server is shutting down and it could not be served before the
//!   drain ends (UNAVAILABLE: another server will take it).
//!
//! A waiting call that is dropped (its deadline passed, its client went
//! away) leaves the queue; it never held a worker or budget.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tonic::Status;

/// Why a call was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shed {
    /// The queue holds its most calls.
    QueueFull,
    /// The queue holds its most input bytes.
    QueueBytes,
    /// The call's deadline would pass before it could be served.
    Deadline,
    /// The server is shutting down.
    ShuttingDown,
}

impl Shed {
    /// Every reason.
    pub const ALL: [Shed; 4] = [Shed::QueueFull, Shed::QueueBytes, Shed::Deadline, Shed::ShuttingDown];

    /// The `reason` label of `lede_shed_total`.
    pub fn as_str(self) -> &'static str {
        match self {
            Shed::QueueFull => "queue_full",
            Shed::QueueBytes => "queue_bytes",
            Shed::Deadline => "deadline",
            Shed::ShuttingDown => "shutting_down",
        }
    }
}

/// Counts a refusal and words its status.
pub fn shed(reason: Shed, message: String) -> Status {
    metrics::counter!(crate::metrics::SHED, "reason" => reason.as_str()).increment(1);
    match reason {
        Shed::ShuttingDown => Status::unavailable(message),
        _ => Status::resource_exhausted(message),
    }
}

/// Queue settings.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Calls in analysis at once.
    pub workers: usize,
    /// Input bytes in analysis at once.
    pub inflight_bytes: usize,
    /// Calls waiting at once.
    pub queue_length: usize,
    /// Input bytes waiting at once.
    pub queued_bytes: usize,
}

/// The queue, shared by every call (cloning shares it).
#[derive(Clone, Debug)]
pub struct Queue {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    limits: Limits,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    running: usize,
    running_bytes: usize,
    waiting: VecDeque<Waiter>,
    queued_bytes: usize,
    next_id: u64,
    rate: Rate,
    /// When the drain ends, once the server is shutting down.
    drain_end: Option<Instant>,
}

#[derive(Debug)]
struct Waiter {
    id: u64,
    bytes: usize,
    tx: oneshot::Sender<Result<Slot, Status>>,
}

/// Seconds of analysis per input byte, from the calls that completed
/// (exponentially decayed sums, so that it follows the load).
#[derive(Clone, Copy, Debug)]
struct Rate {
    seconds: f64,
    bytes: f64,
}

impl Rate {
    /// Before any call completes: 1 µs a byte, about half the speed one
    /// core analyses news text at (BENCHMARKS.md), so that the first
    /// estimates err towards shedding.
    const PRIOR: Rate = Rate {
        seconds: 0.064,
        bytes: 64_000.0,
    };
    /// Each completed call weighs this much against everything before it.
    const DECAY: f64 = 0.95;
    /// A call costs at least as much as one of this many bytes: a call has
    /// a fixed cost too, which tiny inputs would otherwise blow up into a
    /// huge cost per byte.
    const MIN_BYTES: usize = 4096;

    fn per_byte(self) -> f64 {
        self.seconds / self.bytes
    }

    /// The expected run time of one call of `bytes`.
    fn run_time(self, bytes: usize) -> Duration {
        secs(self.per_byte() * bytes.max(Rate::MIN_BYTES) as f64)
    }

    fn add(&mut self, elapsed: Duration, bytes: usize) {
        self.seconds = self.seconds * Rate::DECAY + elapsed.as_secs_f64();
        self.bytes = self.bytes * Rate::DECAY + bytes.max(Rate::MIN_BYTES) as f64;
    }
}

impl Queue {
    /// An empty queue with `limits` (workers and queue length at least 1).
    pub fn new(limits: Limits) -> Queue {
        let limits = Limits {
            workers: limits.workers.max(1),
            ..limits
        };
        let queue = Queue {
            shared: Arc::new(Shared {
                limits,
                state: Mutex::new(State {
                    running: 0,
                    running_bytes: 0,
                    waiting: VecDeque::new(),
                    queued_bytes: 0,
                    next_id: 0,
                    rate: Rate::PRIOR,
                    drain_end: None,
                }),
            }),
        };
        queue.shared.lock().publish();
        queue
    }

    /// Waits for a worker and `bytes` of the input budget, in turn, or
    /// says why the call is refused. The call holds both until the
    /// returned [`Slot`] is dropped; dropping this future while it waits
    /// leaves the queue.
    pub async fn enter(&self, bytes: usize, deadline: Option<Instant>) -> Result<Slot, Status> {
        // A document over the input limit still runs (to be refused by the
        // pipeline), holding at most the whole budget.
        let bytes = bytes.min(self.shared.limits.inflight_bytes).max(1);
        let (id, rx) = {
            let mut state = self.shared.lock();
            if state.waiting.is_empty() && state.fits(&self.shared.limits, bytes) {
                let slot = state.start(&self.shared, bytes);
                state.publish();
                return Ok(slot);
            }
            state.admit(&self.shared.limits, bytes, deadline)?;
            let id = state.next_id;
            state.next_id += 1;
            let (tx, rx) = oneshot::channel();
            state.waiting.push_back(Waiter { id, bytes, tx });
            state.queued_bytes += bytes;
            state.publish();
            (id, rx)
        };
        let mut waiting = Waiting {
            shared: &self.shared,
            id,
            rx,
        };
        match (&mut waiting.rx).await {
            Ok(result) => result,
            Err(_) => Err(Status::internal("admission queue closed")),
        }
    }

    /// From now on the server is shutting down and its drain ends at
    /// `drain_end`: waiting calls that could not start and finish by then
    /// are refused with UNAVAILABLE at once, and so are new calls that
    /// would have to wait past it.
    pub fn shut_down(&self, drain_end: Instant) {
        let mut state = self.shared.lock();
        state.drain_end = Some(drain_end);
        let limits = self.shared.limits;
        let per_byte = state.rate.per_byte();
        let now = Instant::now();
        let mut ahead = state.running_bytes;
        let mut kept = VecDeque::with_capacity(state.waiting.len());
        for waiter in std::mem::take(&mut state.waiting) {
            let done = now + wait(per_byte, ahead, limits.workers) + state.rate.run_time(waiter.bytes);
            if done <= drain_end {
                ahead += waiter.bytes;
                kept.push_back(waiter);
            } else {
                state.queued_bytes -= waiter.bytes;
                let _ = waiter.tx.send(Err(shed(
                    Shed::ShuttingDown,
                    "server is shutting down and could not serve this call before it stops; retry on another server"
                        .into(),
                )));
            }
        }
        state.waiting = kept;
        state.publish();
    }

    /// Whether [`Queue::shut_down`] was called.
    pub fn is_shutting_down(&self) -> bool {
        self.shared.lock().drain_end.is_some()
    }

    /// The expected wait of a call that joined the queue now.
    #[cfg(test)]
    fn expected_wait(&self) -> Duration {
        let state = self.shared.lock();
        wait(
            state.rate.per_byte(),
            state.running_bytes + state.queued_bytes,
            self.shared.limits.workers,
        )
    }
}

/// The time `bytes` of input take on `workers` at `per_byte` seconds a byte.
fn wait(per_byte: f64, bytes: usize, workers: usize) -> Duration {
    secs(per_byte * bytes as f64 / workers as f64)
}

fn secs(s: f64) -> Duration {
    Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX)
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent across a panic elsewhere: every change
        // is made in full under the lock, with nothing inside that panics.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn fits(&self, limits: &Limits, bytes: usize) -> bool {
        self.running < limits.workers && self.running_bytes + bytes <= limits.inflight_bytes
    }

    fn start(&mut self, shared: &Arc<Shared>, bytes: usize) -> Slot {
        self.running += 1;
        self.running_bytes += bytes;
        Slot {
            shared: Some(Arc::clone(shared)),
            bytes,
            started: Instant::now(),
            completed: false,
        }
    }

    /// Whether a call of `bytes` due at `deadline` may wait in the queue.
    fn admit(&self, limits: &Limits, bytes: usize, deadline: Option<Instant>) -> Result<(), Status> {
        let per_byte = self.rate.per_byte();
        let wait = wait(per_byte, self.running_bytes + self.queued_bytes, limits.workers);
        let serve = wait + self.rate.run_time(bytes);
        let shutting_down = |message: String| {
            shed(
                Shed::ShuttingDown,
                format!("server is shutting down and {message}; retry on another server"),
            )
        };
        if self.waiting.len() >= limits.queue_length {
            let message = format!(
                "server busy: {} calls wait already, the queue's limit (--max-queue-length); retry with backoff",
                limits.queue_length
            );
            return Err(match self.drain_end {
                Some(_) => shutting_down("its queue is full".into()),
                None => shed(Shed::QueueFull, message),
            });
        }
        if self.queued_bytes + bytes > limits.queued_bytes {
            let message = format!(
                "server busy: {bytes} bytes of input would take the queue past its limit of {} bytes \
                 (--max-queued-bytes); retry with backoff",
                limits.queued_bytes
            );
            return Err(match self.drain_end {
                Some(_) => shutting_down("its queue is full".into()),
                None => shed(Shed::QueueBytes, message),
            });
        }
        let now = Instant::now();
        if let Some(end) = self.drain_end
            && now + serve > end
        {
            return Err(shutting_down(format!(
                "would take about {} ms to serve this call, past its drain",
                serve.as_millis()
            )));
        }
        if let Some(deadline) = deadline
            && now + serve > deadline
        {
            return Err(shed(
                Shed::Deadline,
                format!(
                    "server busy: the deadline is {} ms away, and this call would wait about {} ms and run about \
                     {} ms; retry later or with a longer deadline",
                    deadline.saturating_duration_since(now).as_millis(),
                    wait.as_millis(),
                    (serve - wait).as_millis()
                ),
            ));
        }
        Ok(())
    }

    /// Starts waiting calls, in order, while the first fits.
    fn dispatch(&mut self, shared: &Arc<Shared>) {
        while let Some(head) = self.waiting.front() {
            if !self.fits(&shared.limits, head.bytes) {
                break;
            }
            let Some(waiter) = self.waiting.pop_front() else { break };
            self.queued_bytes -= waiter.bytes;
            let slot = self.start(shared, waiter.bytes);
            if let Err(Ok(mut slot)) = waiter.tx.send(Ok(slot)) {
                // Its caller left between its turn and now: take it back.
                slot.shared = None;
                self.running -= 1;
                self.running_bytes -= slot.bytes;
            }
        }
    }

    /// Sets the queue's gauges.
    fn publish(&self) {
        use crate::metrics::{INFLIGHT_BYTES, INFLIGHT_CALLS, QUEUE_DEPTH};
        metrics::gauge!(QUEUE_DEPTH).set(self.waiting.len() as f64);
        metrics::gauge!(INFLIGHT_CALLS).set(self.running as f64);
        metrics::gauge!(INFLIGHT_BYTES).set(self.running_bytes as f64);
    }
}

/// A call's place in the queue while it waits; leaves the queue when dropped.
struct Waiting<'a> {
    shared: &'a Arc<Shared>,
    id: u64,
    rx: oneshot::Receiver<Result<Slot, Status>>,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        if let Some(at) = state.waiting.iter().position(|w| w.id == self.id) {
            if let Some(waiter) = state.waiting.remove(at) {
                state.queued_bytes -= waiter.bytes;
            }
            // The first waiter may have waited for budget this one held up.
            state.dispatch(self.shared);
            state.publish();
        }
        // A slot already sent is released when `rx` drops, after this.
    }
}

/// A worker and a share of the input budget, held by a call until dropped.
#[derive(Debug)]
pub struct Slot {
    shared: Option<Arc<Shared>>,
    bytes: usize,
    started: Instant,
    completed: bool,
}

impl Slot {
    /// Marks the call's analysis as done in full, so that its time counts
    /// towards the service time per byte (a refused or cancelled call's
    /// does not).
    pub fn completed(&mut self) {
        self.completed = true;
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some(shared) = self.shared.take() else { return };
        let mut state = shared.lock();
        state.running -= 1;
        state.running_bytes -= self.bytes;
        if self.completed {
            state.rate.add(self.started.elapsed(), self.bytes);
        }
        state.dispatch(&shared);
        state.publish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(workers: usize, queue_length: usize) -> Queue {
        Queue::new(Limits {
            workers,
            inflight_bytes: 1 << 20,
            queue_length,
            queued_bytes: 16 << 20,
        })
    }

    /// Polls `future` once: its result if ready.
    fn poll_once<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
        let waker = std::task::Waker::noop();
        match std::pin::Pin::new(future).poll(&mut std::task::Context::from_waker(waker)) {
            std::task::Poll::Ready(output) => Some(output),
            std::task::Poll::Pending => None,
        }
    }

    #[tokio::test]
    async fn waiting_calls_start_in_order_as_workers_free() {
        let queue = queue(1, 8);
        let first = queue.enter(1000, None).await.expect("a free worker");
        let mut second = Box::pin(queue.enter(1000, None));
        let mut third = Box::pin(queue.enter(1000, None));
        assert!(poll_once(&mut second).is_none() && poll_once(&mut third).is_none());
        drop(first);
        assert!(poll_once(&mut third).is_none(), "the third waits for the second");
        let second = poll_once(&mut second).expect("second's turn").expect("slot");
        drop(second);
        assert!(poll_once(&mut third).expect("third's turn").is_ok());
    }

    #[tokio::test]
    async fn a_full_queue_sheds_with_its_limit() {
        let queue = queue(1, 1);
        let _running = queue.enter(10, None).await.expect("runs");
        let mut waiting = Box::pin(queue.enter(10, None));
        assert!(poll_once(&mut waiting).is_none());
        let shed = queue.enter(10, None).await.expect_err("the queue is full");
        assert_eq!(shed.code(), tonic::Code::ResourceExhausted);
        assert!(shed.message().contains("--max-queue-length"), "{}", shed.message());
    }

    #[tokio::test]
    async fn queued_bytes_are_bounded() {
        let queue = Queue::new(Limits {
            workers: 1,
            inflight_bytes: 1 << 20,
            queue_length: 8,
            queued_bytes: 1500,
        });
        let _running = queue.enter(10, None).await.expect("runs");
        let mut waiting = Box::pin(queue.enter(1000, None));
        assert!(poll_once(&mut waiting).is_none());
        let shed = queue.enter(1000, None).await.expect_err("2000 queued bytes pass 1500");
        assert!(shed.message().contains("limit of 1500 bytes"), "{}", shed.message());
        assert!(poll_once(&mut Box::pin(queue.enter(400, None))).is_none(), "1400 fit");
    }

    #[tokio::test]
    async fn a_deadline_shorter_than_the_wait_is_shed_at_once() {
        let queue = queue(1, 8);
        let _running = queue.enter(1 << 20, None).await.expect("runs");
        // A megabyte ahead at the prior rate: about a second of wait.
        let soon = Instant::now() + Duration::from_millis(100);
        let shed = queue
            .enter(1000, Some(soon))
            .await
            .expect_err("cannot be served in time");
        assert_eq!(shed.code(), tonic::Code::ResourceExhausted);
        assert!(shed.message().contains("deadline"), "{}", shed.message());
        let later = Instant::now() + Duration::from_secs(60);
        assert!(
            poll_once(&mut Box::pin(queue.enter(1000, Some(later)))).is_none(),
            "waits"
        );
    }

    #[tokio::test]
    async fn a_caller_that_leaves_frees_its_place() {
        let queue = queue(1, 1);
        let running = queue.enter(10, None).await.expect("runs");
        let mut leaving = Box::pin(queue.enter(10, None));
        assert!(poll_once(&mut leaving).is_none());
        drop(leaving);
        let mut next = Box::pin(queue.enter(10, None));
        assert!(poll_once(&mut next).is_none(), "the place is free again");
        drop(running);
        assert!(poll_once(&mut next).expect("its turn").is_ok());
    }

    #[tokio::test]
    async fn input_waits_for_the_budget_and_a_large_input_runs_alone() {
        let queue = Queue::new(Limits {
            workers: 4,
            inflight_bytes: 8 * 1024,
            queue_length: 8,
            queued_bytes: 1 << 20,
        });
        let big = queue.enter(6 * 1024, None).await.expect("fits");
        let mut more = Box::pin(queue.enter(4 * 1024, None));
        assert!(poll_once(&mut more).is_none(), "6 + 4 KiB pass the 8 KiB budget");
        drop(big);
        let more = poll_once(&mut more).expect("its turn").expect("slot");
        drop(more);
        // Over the budget: holds the whole budget (the pipeline refuses it).
        assert!(queue.enter(1 << 30, None).await.is_ok());
    }

    #[tokio::test]
    async fn shutting_down_refuses_what_the_drain_cannot_serve() {
        let queue = queue(1, 8);
        let running = queue.enter(1 << 20, None).await.expect("runs");
        let mut small = Box::pin(queue.enter(1000, None));
        let mut large = Box::pin(queue.enter(1 << 20, None));
        assert!(poll_once(&mut small).is_none() && poll_once(&mut large).is_none());
        // About a second for the running megabyte, another for the large.
        queue.shut_down(Instant::now() + Duration::from_millis(1500));
        let refused = poll_once(&mut large)
            .expect("refused at once")
            .expect_err("past the drain");
        assert_eq!(refused.code(), tonic::Code::Unavailable);
        assert!(poll_once(&mut small).is_none(), "the small one is kept");
        let new = queue.enter(1 << 20, None).await.expect_err("past the drain");
        assert_eq!(new.code(), tonic::Code::Unavailable);
        drop(running);
        assert!(poll_once(&mut small).expect("its turn").is_ok());
    }

    #[tokio::test]
    async fn completed_calls_teach_the_rate() {
        let queue = queue(1, 8);
        let before = queue.expected_wait();
        let mut slot = queue.enter(100, None).await.expect("runs");
        assert!(queue.expected_wait() < before + Duration::from_millis(1));
        slot.started -= Duration::from_secs(2);
        slot.completed();
        drop(slot);
        let _running = queue.enter(1000, None).await.expect("runs");
        // 20 ms for 100 bytes is slower than the prior's 1 µs a byte.
        assert!(
            queue.expected_wait() > Duration::from_micros(1000),
            "{:?}",
            queue.expected_wait()
        );
    }
}
