//! When to give up on an analysis: a deadline, a flag the caller raises
//! once it stops waiting, or both.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::{Error, ErrorKind, Result};

/// Tells the pipeline when to stop working for a caller who no longer
/// waits. The stages look at it between sentences, so that a call past its
/// deadline, or dropped, stops costing work within a sentence's time.
///
/// ```
/// use std::time::{Duration, Instant};
/// use lede_core::Stop;
///
/// let stop = Stop::at(Instant::now() + Duration::from_secs(5));
/// assert!(!stop.is_stopped());
/// let (stop, cancel) = Stop::never().cancellable();
/// cancel.cancel();
/// assert!(stop.is_stopped());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Stop {
    deadline: Option<Instant>,
    cancelled: Option<Arc<AtomicBool>>,
}

/// Raises the flag of the [`Stop`] it came with.
#[derive(Clone, Debug)]
pub struct Canceller(Arc<AtomicBool>);

impl Canceller {
    /// Stops the work: the stages give up at their next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Stop {
    /// Never stops: run to the end.
    pub fn never() -> Stop {
        Stop::default()
    }

    /// Stops once `deadline` has passed.
    pub fn at(deadline: Instant) -> Stop {
        Stop {
            deadline: Some(deadline),
            cancelled: None,
        }
    }

    /// This stop, which also stops when the returned [`Canceller`] says so.
    pub fn cancellable(self) -> (Stop, Canceller) {
        let flag = Arc::new(AtomicBool::new(false));
        let stop = Stop {
            cancelled: Some(Arc::clone(&flag)),
            ..self
        };
        (stop, Canceller(flag))
    }

    /// Whether the work should stop now.
    pub fn is_stopped(&self) -> bool {
        self.cancelled.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
            || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// An error when the work should stop; `done` says how far it got.
    pub(crate) fn check(&self, done: &str) -> Result<()> {
        if self.cancelled.as_ref().is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(Error::new(
                ErrorKind::Cancelled,
                None,
                format!("cancelled by the caller after {done}; the rest of the analysis was not run"),
            ));
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(Error::new(
                ErrorKind::DeadlineExceeded,
                None,
                format!("deadline passed after {done}; the rest of the analysis was not run"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn each_cause_gives_its_own_error() {
        assert!(Stop::never().check("parse").is_ok());
        let late = Stop::at(Instant::now());
        assert_eq!(
            late.check("parse").map_err(|e| e.kind()),
            Err(ErrorKind::DeadlineExceeded)
        );
        let (stop, cancel) = Stop::at(Instant::now() + Duration::from_secs(60)).cancellable();
        assert!(stop.check("parse").is_ok());
        cancel.cancel();
        let error = stop.check("parse").expect_err("cancelled");
        assert_eq!(error.kind(), ErrorKind::Cancelled);
        assert!(error.message().contains("after parse"), "{}", error.message());
    }
}
