//! The client's shared rate-limit budget: one per [`Client`](super::Client), shared by its clones.
//!
//! An API may say where a token's budget stands on every response, in headers its document
//! declares (e.g. `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset`). The limiter keeps
//! that state for all the tasks using one client, so that they spend the budget together instead
//! of each finding out with a 429:
//!
//! - Every attempt (first try or retry) takes a permit before it is sent.
//! - While the budget is unknown (a new client, or a window that has just reset) one request
//!   probes; the others wait for its answer instead of flooding the new window.
//! - When the answer carries the headers, the lowest `remaining` seen in the window minus the
//!   requests still in flight may go: answered requests were all counted by the server at or
//!   before the lowest answer, unanswered ones might have been counted after it. When that is
//!   spent, callers wait for the reset (plus a few milliseconds of jitter), or for answers that
//!   free more.
//! - A server that sends no rate-limit headers is not limited at all.
//! - A 429 with `Retry-After` pauses every caller of the client until then.
//! - Callers are served first come, first served: they queue on a fair (FIFO) async mutex, and
//!   only the one at the head waits for a reset or a probe.
//!
//! The rules live in [`State`], a plain state machine driven with explicit instants, so they can
//! be tested without clocks; [`Limiter`] wraps it with the queue and the sleeping.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::response::RateLimit;

/// How many requests may probe an unknown budget at once...
const PROBES: u32 = 1;
/// ...unless the probe is slow to answer (a long call): then one more goes after this long, so
/// one slow request does not hold up every other.
const PROBE_PATIENCE: Duration = Duration::from_millis(500);
/// Waits for a reset or a `Retry-After` end this much later, plus up to `JITTER_SPREAD`, so that
/// a clock a little behind the server's does not send into the old window.
const JITTER_BASE: Duration = Duration::from_millis(5);
const JITTER_SPREAD: Duration = Duration::from_millis(45);

/// What the limiter knows of the budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Budget {
    /// Nothing yet (a new client, or the window reset since the last answer): probe.
    Unknown,
    /// The server sends no rate-limit headers: nothing to plan by, nothing is held back.
    Unlimited,
    /// What the answers of the current window said.
    Known {
        /// The lowest `ratelimit-remaining` answered in this window.
        remaining: u64,
        /// When the window resets, on the runtime's clock.
        reset: Instant,
        /// The same reset as the server sent it.
        reset_at: DateTime<Utc>,
        /// `ratelimit-limit`.
        limit: u64,
    },
}

/// Why a caller is held back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WaitReason {
    /// A 429 said `Retry-After`: the whole client pauses.
    RetryAfter,
    /// The window's budget is spent: wait for its reset.
    BudgetSpent,
}

impl WaitReason {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            WaitReason::RetryAfter => "retry-after",
            WaitReason::BudgetSpent => "budget spent until reset",
        }
    }
}

/// What the caller at the head of the queue does now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Send; `probe` when it is the request probing an unknown budget.
    Go { probe: bool },
    /// Wait until this instant.
    WaitUntil { until: Instant, reason: WaitReason },
    /// Wait for the probe in flight to be answered.
    WaitForProbe,
}

/// What one answer said, for [`State::finish`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Observation<'a> {
    /// The answer's rate-limit headers, if it had all three.
    pub(crate) rate_limit: Option<&'a RateLimit>,
    /// For a 429: how long the whole client should pause (its `Retry-After`, or the backoff the
    /// retrying call uses when the answer announced nothing).
    pub(crate) pause: Option<Duration>,
    /// Whether the answer had an HTTP status at all (not a transport failure).
    pub(crate) answered: bool,
}

/// The limiter's rules, without clocks or waiting.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) budget: Budget,
    /// Permits taken and not yet finished (requests being sent or awaiting an answer).
    pub(crate) in_flight: u64,
    /// Of those, the ones probing an unknown budget.
    pub(crate) probes: u32,
    /// Set by a 429's `Retry-After`: nobody is sent before then.
    pub(crate) paused_until: Option<Instant>,
}

impl Default for State {
    fn default() -> Self {
        State {
            budget: Budget::Unknown,
            in_flight: 0,
            probes: 0,
            paused_until: None,
        }
    }
}

impl State {
    /// Decides for the caller at the head of the queue; a `Go` takes the permit.
    pub(crate) fn decide(&mut self, now: Instant) -> Decision {
        if let Some(until) = self.paused_until {
            if until > now {
                return Decision::WaitUntil {
                    until,
                    reason: WaitReason::RetryAfter,
                };
            }
            self.paused_until = None;
        }
        if let Budget::Known { reset, .. } = self.budget
            && now >= reset
        {
            // A new window: how much of it is ours is unknown until someone asks.
            self.budget = Budget::Unknown;
        }
        let decision = match &mut self.budget {
            Budget::Unlimited => Decision::Go { probe: false },
            Budget::Unknown if self.probes < PROBES => Decision::Go { probe: true },
            Budget::Unknown => Decision::WaitForProbe,
            Budget::Known { remaining, .. } if *remaining > self.in_flight => {
                Decision::Go { probe: false }
            }
            Budget::Known { reset, .. } => Decision::WaitUntil {
                until: *reset,
                reason: WaitReason::BudgetSpent,
            },
        };
        if let Decision::Go { probe } = decision {
            self.in_flight += 1;
            if probe {
                self.probes += 1;
            }
        }
        decision
    }

    /// Lets one more request probe an unknown budget, when the probes in flight are slow.
    pub(crate) fn extra_probe(&mut self) -> Decision {
        self.in_flight += 1;
        self.probes += 1;
        Decision::Go { probe: true }
    }

    /// Ends a permit and learns from its answer. `now` and `wall` are the same moment on the
    /// runtime's clock and on the wall clock (the reset header is wall-clock time).
    pub(crate) fn finish(
        &mut self,
        probe: bool,
        observation: &Observation<'_>,
        now: Instant,
        wall: DateTime<Utc>,
    ) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if probe {
            self.probes = self.probes.saturating_sub(1);
        }
        if let Some(pause) = observation.pause {
            let until = now + pause;
            if self.paused_until.is_none_or(|current| current < until) {
                self.paused_until = Some(until);
            }
        }
        let Some(rate_limit) = observation.rate_limit else {
            // An answer without the headers: this server does not announce a budget. A transport
            // failure teaches nothing.
            if observation.answered && self.budget == Budget::Unknown {
                self.budget = Budget::Unlimited;
            }
            return;
        };
        match &mut self.budget {
            Budget::Known {
                remaining,
                reset_at,
                ..
            } if *reset_at == rate_limit.reset => {
                // The same window: answers may arrive out of order, the lowest is the latest.
                *remaining = (*remaining).min(rate_limit.remaining);
            }
            // An answer from a window that has already been replaced.
            Budget::Known { reset_at, .. } if *reset_at > rate_limit.reset => {}
            budget => {
                let until_reset = (rate_limit.reset - wall).to_std().unwrap_or(Duration::ZERO);
                *budget = Budget::Known {
                    remaining: rate_limit.remaining,
                    reset: now + until_reset,
                    reset_at: rate_limit.reset,
                    limit: rate_limit.limit,
                };
            }
        }
    }

    /// The budget as the server last described it, for errors.
    pub(crate) fn rate_limit(&self) -> Option<RateLimit> {
        match &self.budget {
            Budget::Known {
                reset_at,
                limit,
                remaining,
                ..
            } => Some(RateLimit {
                limit: *limit,
                remaining: *remaining,
                reset: *reset_at,
            }),
            _ => None,
        }
    }
}

/// Why a request was not sent at all.
#[derive(Debug)]
pub(crate) struct Refused {
    /// How long the caller would have had to wait.
    pub(crate) wait: Duration,
    pub(crate) reason: WaitReason,
    pub(crate) rate_limit: Option<RateLimit>,
}

/// The shared limiter: the state, a fair queue and a wake-up for the caller at its head.
#[derive(Debug, Default)]
pub(crate) struct Limiter {
    /// Callers queue here in arrival order (tokio's mutex is fair); the holder alone decides
    /// and, when it must, waits.
    queue: tokio::sync::Mutex<()>,
    state: Mutex<State>,
    /// Signalled when a permit ends, so a caller waiting for a probe or on a spent budget
    /// rechecks.
    finished: Notify,
}

impl Limiter {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A permit at once, when nobody is queued and the budget allows one now: the common case,
    /// without the cost of an async wait and its timer.
    pub(crate) fn try_acquire(&self) -> Option<Permit<'_>> {
        let _head = self.queue.try_lock().ok()?;
        match self.state().decide(Instant::now()) {
            Decision::Go { probe } => Some(Permit {
                limiter: self,
                probe,
                finished: false,
            }),
            Decision::WaitForProbe | Decision::WaitUntil { .. } => None,
        }
    }

    /// Waits for a permit to send one request. Refuses at once when the wait would be longer than
    /// `max_wait` or end after `deadline`; a caller that gives up (its future dropped, e.g. by
    /// its timeout) leaves the queue.
    pub(crate) async fn acquire(
        &self,
        max_wait: Duration,
        deadline: Instant,
    ) -> Result<Permit<'_>, Refused> {
        let _head = self.queue.lock().await;
        // The wait last reported, so that waking for every answer does not repeat the event.
        let mut reported = None;
        // Set when the probe in flight has not answered within `PROBE_PATIENCE`.
        let mut impatient = false;
        loop {
            let now = Instant::now();
            let decision = {
                let mut state = self.state();
                match state.decide(now) {
                    Decision::WaitForProbe if impatient => state.extra_probe(),
                    decision => decision,
                }
            };
            impatient = false;
            match decision {
                Decision::Go { probe } => {
                    return Ok(Permit {
                        limiter: self,
                        probe,
                        finished: false,
                    });
                }
                Decision::WaitForProbe => {
                    let answer = std::pin::pin!(self.finished.notified());
                    let patience = std::pin::pin!(tokio::time::sleep(PROBE_PATIENCE));
                    impatient = matches!(
                        futures_util::future::select(answer, patience).await,
                        futures_util::future::Either::Right(_)
                    );
                }
                Decision::WaitUntil { until, reason } => {
                    let wait = until.saturating_duration_since(now);
                    if wait > max_wait || until >= deadline {
                        tracing::debug!(
                            wait_ms = millis(wait),
                            reason = reason.as_str(),
                            "rate limiter refuses: the wait is longer than allowed"
                        );
                        return Err(Refused {
                            wait,
                            reason,
                            rate_limit: self.state().rate_limit(),
                        });
                    }
                    let jitter = JITTER_BASE
                        + Duration::from_millis(fastrand::u64(
                            0..=u64::try_from(JITTER_SPREAD.as_millis()).unwrap_or(0),
                        ));
                    if reported != Some(until) {
                        reported = Some(until);
                        tracing::info!(
                            wait_ms = millis(wait + jitter),
                            reason = reason.as_str(),
                            "rate limiter pauses the client"
                        );
                    }
                    let sleep = std::pin::pin!(tokio::time::sleep_until(until + jitter));
                    if reason == WaitReason::BudgetSpent {
                        // Answers still coming in can show more of the window is left.
                        let answer = std::pin::pin!(self.finished.notified());
                        futures_util::future::select(sleep, answer).await;
                    } else {
                        sleep.await;
                    }
                }
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn snapshot(&self) -> (Budget, u64, Option<Instant>) {
        let state = self.state();
        (state.budget.clone(), state.in_flight, state.paused_until)
    }
}

pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The right to send one request. Finish it with what the answer said; dropping it unfinished
/// (a transport failure, a cancelled call) just gives the slot back.
#[derive(Debug)]
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
    probe: bool,
    finished: bool,
}

impl Permit<'_> {
    pub(crate) fn finish(mut self, observation: &Observation<'_>) {
        self.end(observation);
    }

    fn end(&mut self, observation: &Observation<'_>) {
        if self.finished {
            return;
        }
        self.finished = true;
        self.limiter
            .state()
            .finish(self.probe, observation, Instant::now(), Utc::now());
        self.limiter.finished.notify_one();
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.end(&Observation::default());
    }
}

#[cfg(test)]
#[path = "ratelimit_tests.rs"]
mod tests;
