//! The client's shared rate-limit budget: one per [`Client`](super::Client), shared by its clones.
//!
//! DigitalOcean says where a token's budget stands on every response (`ratelimit-limit`,
//! `ratelimit-remaining`, `ratelimit-reset`). The limiter keeps that state for all the tasks using
//! one client, so that they spend the budget together instead of each finding out with a 429:
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
mod tests {
    use super::*;

    fn limit(limit: u64, remaining: u64, reset: DateTime<Utc>) -> RateLimit {
        RateLimit {
            limit,
            remaining,
            reset,
        }
    }

    fn answered(rate_limit: &RateLimit) -> Observation<'_> {
        Observation {
            rate_limit: Some(rate_limit),
            pause: None,
            answered: true,
        }
    }

    /// `now` on both clocks, with the wall clock on a whole second like the headers.
    fn clocks() -> (Instant, DateTime<Utc>) {
        (
            Instant::now(),
            DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        )
    }

    #[test]
    fn an_unknown_budget_lets_one_probe_go_first() {
        let (now, wall) = clocks();
        let mut state = State::default();
        assert_eq!(state.decide(now), Decision::Go { probe: true });
        assert_eq!(state.decide(now), Decision::WaitForProbe);
        assert_eq!(state.decide(now), Decision::WaitForProbe);
        let headers = limit(50, 49, wall + chrono::TimeDelta::seconds(2));
        state.finish(true, &answered(&headers), now, wall);
        // 49 left, nothing else in flight: exactly 49 go, then the 50th waits for the reset.
        for _ in 0..49 {
            assert_eq!(state.decide(now), Decision::Go { probe: false });
        }
        assert_eq!(
            state.decide(now),
            Decision::WaitUntil {
                until: now + Duration::from_secs(2),
                reason: WaitReason::BudgetSpent
            }
        );
        assert_eq!(state.in_flight, 49);
    }

    #[test]
    fn the_lowest_answer_minus_requests_in_flight_is_what_may_go() {
        let (now, wall) = clocks();
        let reset = wall + chrono::TimeDelta::seconds(2);
        let mut state = State {
            budget: Budget::Known {
                remaining: 10,
                reset: now + Duration::from_secs(2),
                reset_at: reset,
                limit: 50,
            },
            ..State::default()
        };
        for _ in 0..10 {
            assert!(matches!(state.decide(now), Decision::Go { .. }));
        }
        assert!(matches!(state.decide(now), Decision::WaitUntil { .. }));
        // Answers out of order: the server counted this one sixth (4 left); the 9 still in
        // flight may have been counted after it, so nothing may go.
        state.finish(false, &answered(&limit(50, 4, reset)), now, wall);
        assert!(matches!(state.decide(now), Decision::WaitUntil { .. }));
        // An earlier-counted answer arriving late does not raise the lowest remaining.
        state.finish(false, &answered(&limit(50, 8, reset)), now, wall);
        assert!(matches!(state.decide(now), Decision::WaitUntil { .. }));
        // Once all ten are answered (the last counted says 0 left) the window is spent exactly.
        for left in [9, 7, 6, 5, 3, 2] {
            state.finish(false, &answered(&limit(50, left, reset)), now, wall);
        }
        state.finish(false, &answered(&limit(50, 0, reset)), now, wall);
        assert_eq!(state.in_flight, 1);
        assert!(matches!(state.decide(now), Decision::WaitUntil { .. }));
        state.finish(false, &answered(&limit(50, 1, reset)), now, wall);
        assert_eq!(state.in_flight, 0);
        assert!(matches!(state.decide(now), Decision::WaitUntil { .. }));
    }

    #[test]
    fn answers_that_show_the_server_counted_requests_in_flight_free_the_rest() {
        let (now, wall) = clocks();
        let reset = wall + chrono::TimeDelta::seconds(2);
        let mut state = State {
            budget: Budget::Known {
                remaining: 10,
                reset: now + Duration::from_secs(2),
                reset_at: reset,
                limit: 50,
            },
            ..State::default()
        };
        for _ in 0..4 {
            assert!(matches!(state.decide(now), Decision::Go { .. }));
        }
        // The four are answered: 6 left, nothing in flight, so 6 more go and no seventh.
        for left in [9, 8, 7, 6] {
            state.finish(false, &answered(&limit(50, left, reset)), now, wall);
        }
        for _ in 0..6 {
            assert_eq!(state.decide(now), Decision::Go { probe: false });
        }
        assert!(matches!(state.decide(now), Decision::WaitUntil { .. }));
    }

    #[test]
    fn a_reset_makes_the_budget_unknown_again_and_a_newer_window_replaces_the_old() {
        let (now, wall) = clocks();
        let mut state = State::default();
        assert_eq!(state.decide(now), Decision::Go { probe: true });
        let reset = wall + chrono::TimeDelta::seconds(2);
        state.finish(true, &answered(&limit(50, 0, reset)), now, wall);
        let until = now + Duration::from_secs(2);
        assert_eq!(
            state.decide(now),
            Decision::WaitUntil {
                until,
                reason: WaitReason::BudgetSpent
            }
        );
        // At the reset, one probe goes first.
        assert_eq!(state.decide(until), Decision::Go { probe: true });
        assert_eq!(state.decide(until), Decision::WaitForProbe);
        let later = wall + chrono::TimeDelta::seconds(2);
        let next_reset = later + chrono::TimeDelta::seconds(2);
        state.finish(true, &answered(&limit(50, 49, next_reset)), until, later);
        assert_eq!(state.decide(until), Decision::Go { probe: false });
        // An answer from the old window changes nothing.
        state.finish(false, &answered(&limit(50, 0, reset)), until, later);
        assert_eq!(state.decide(until), Decision::Go { probe: false });
    }

    #[test]
    fn a_retry_after_pauses_everyone_and_a_server_without_headers_is_not_limited() {
        let (now, wall) = clocks();
        let mut state = State::default();
        assert_eq!(state.decide(now), Decision::Go { probe: true });
        state.finish(
            true,
            &Observation {
                rate_limit: None,
                pause: None,
                answered: true,
            },
            now,
            wall,
        );
        assert_eq!(state.budget, Budget::Unlimited);
        for _ in 0..1000 {
            assert_eq!(state.decide(now), Decision::Go { probe: false });
        }
        state.finish(
            false,
            &Observation {
                rate_limit: None,
                pause: Some(Duration::from_secs(3)),
                answered: true,
            },
            now,
            wall,
        );
        let until = now + Duration::from_secs(3);
        assert_eq!(
            state.decide(now + Duration::from_secs(1)),
            Decision::WaitUntil {
                until,
                reason: WaitReason::RetryAfter
            }
        );
        assert_eq!(state.decide(until), Decision::Go { probe: false });
    }

    #[test]
    fn a_failed_probe_lets_the_next_caller_probe() {
        let (now, wall) = clocks();
        let mut state = State::default();
        assert_eq!(state.decide(now), Decision::Go { probe: true });
        state.finish(true, &Observation::default(), now, wall);
        assert_eq!(state.budget, Budget::Unknown);
        assert_eq!(state.decide(now), Decision::Go { probe: true });
    }

    fn far_deadline() -> Instant {
        Instant::now() + Duration::from_secs(3600)
    }

    /// Callers queued on a spent budget wait for the reset (never before it) and are then served
    /// in the order they arrived.
    #[tokio::test(start_paused = true)]
    async fn queued_callers_wait_for_the_reset_and_go_in_arrival_order() {
        use std::sync::Arc;
        let limiter = Arc::new(Limiter::default());
        let start = Instant::now();
        let wall = Utc::now();
        {
            let mut state = limiter.state();
            state.budget = Budget::Known {
                remaining: 0,
                reset: start + Duration::from_secs(2),
                reset_at: wall + chrono::TimeDelta::seconds(2),
                limit: 3,
            };
        }
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for caller in 0..5u32 {
            let limiter = Arc::clone(&limiter);
            let order = Arc::clone(&order);
            tasks.push(tokio::spawn(async move {
                let permit = limiter
                    .acquire(Duration::from_secs(60), far_deadline())
                    .await
                    .unwrap();
                order.lock().unwrap().push((caller, Instant::now() - start));
                // The probe learns the new window has plenty left.
                let reset = Utc::now() + chrono::TimeDelta::seconds(10);
                let headers = RateLimit {
                    limit: 50,
                    remaining: 40,
                    reset,
                };
                permit.finish(&Observation {
                    rate_limit: Some(&headers),
                    pause: None,
                    answered: true,
                });
            }));
            // Let each caller join the queue before the next one.
            tokio::task::yield_now().await;
        }
        for task in tasks {
            task.await.unwrap();
        }
        let order = order.lock().unwrap().clone();
        let callers: Vec<u32> = order.iter().map(|(caller, _)| *caller).collect();
        assert_eq!(callers, vec![0, 1, 2, 3, 4]);
        for (_, at) in &order {
            assert!(
                *at >= Duration::from_secs(2),
                "sent before the reset: {at:?}"
            );
            assert!(*at <= Duration::from_secs(2) + JITTER_BASE + JITTER_SPREAD);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_wait_longer_than_allowed_or_past_the_deadline_is_refused_at_once() {
        let limiter = Limiter::default();
        let wall = Utc::now();
        limiter.state().budget = Budget::Known {
            remaining: 0,
            reset: Instant::now() + Duration::from_secs(3000),
            reset_at: wall + chrono::TimeDelta::seconds(3000),
            limit: 5000,
        };
        let start = Instant::now();
        let refused = limiter
            .acquire(Duration::from_secs(60), far_deadline())
            .await
            .unwrap_err();
        assert_eq!(refused.reason, WaitReason::BudgetSpent);
        assert_eq!(refused.wait, Duration::from_secs(3000));
        assert_eq!(refused.rate_limit.unwrap().limit, 5000);
        // Within the max wait, but after the deadline.
        let refused = limiter
            .acquire(
                Duration::from_secs(3600),
                Instant::now() + Duration::from_secs(10),
            )
            .await
            .unwrap_err();
        assert_eq!(refused.wait, Duration::from_secs(3000));
        assert_eq!(Instant::now(), start, "a refusal does not wait");
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_caller_until_retry_after() {
        let limiter = Limiter::default();
        let start = Instant::now();
        limiter.state().budget = Budget::Unlimited;
        let permit = limiter
            .acquire(Duration::from_secs(60), far_deadline())
            .await
            .unwrap();
        permit.finish(&Observation {
            rate_limit: None,
            pause: Some(Duration::from_secs(5)),
            answered: true,
        });
        let (_, in_flight, paused) = limiter.snapshot();
        assert_eq!(in_flight, 0);
        assert_eq!(paused, Some(start + Duration::from_secs(5)));
        let permit = limiter
            .acquire(Duration::from_secs(60), far_deadline())
            .await
            .unwrap();
        assert!(Instant::now() >= start + Duration::from_secs(5));
        drop(permit);
        assert_eq!(
            limiter.snapshot().1,
            0,
            "a dropped permit gives its slot back"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn callers_behind_a_probe_wait_for_its_answer() {
        use std::sync::Arc;
        let limiter = Arc::new(Limiter::default());
        let probe = limiter
            .acquire(Duration::from_secs(60), far_deadline())
            .await
            .unwrap();
        let waiting = {
            let limiter = Arc::clone(&limiter);
            tokio::spawn(async move {
                let permit = limiter
                    .acquire(Duration::from_secs(60), far_deadline())
                    .await
                    .unwrap();
                permit.probe
            })
        };
        // Within the patience for a slow probe.
        tokio::time::sleep(PROBE_PATIENCE - Duration::from_millis(10)).await;
        assert!(!waiting.is_finished(), "went before the probe was answered");
        let headers = RateLimit {
            limit: 50,
            remaining: 49,
            reset: Utc::now() + chrono::TimeDelta::seconds(60),
        };
        probe.finish(&Observation {
            rate_limit: Some(&headers),
            pause: None,
            answered: true,
        });
        assert!(!waiting.await.unwrap(), "the second caller is not a probe");
    }

    #[tokio::test(start_paused = true)]
    async fn a_caller_waiting_on_a_spent_budget_goes_as_soon_as_answers_free_some() {
        use std::sync::Arc;
        let limiter = Arc::new(Limiter::default());
        let start = Instant::now();
        let reset_at = Utc::now() + chrono::TimeDelta::seconds(60);
        limiter.state().budget = Budget::Known {
            remaining: 1,
            reset: start + Duration::from_secs(60),
            reset_at,
            limit: 50,
        };
        let first = limiter
            .acquire(Duration::from_secs(120), far_deadline())
            .await
            .unwrap();
        let second = {
            let limiter = Arc::clone(&limiter);
            tokio::spawn(async move {
                let permit = limiter
                    .acquire(Duration::from_secs(120), far_deadline())
                    .await
                    .unwrap();
                drop(permit);
                Instant::now()
            })
        };
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(!second.is_finished(), "went while the budget was spent");
        // The answer shows the server had counted it already and one is still left.
        let headers = RateLimit {
            limit: 50,
            remaining: 1,
            reset: reset_at,
        };
        first.finish(&Observation {
            rate_limit: Some(&headers),
            pause: None,
            answered: true,
        });
        let went = second.await.unwrap();
        assert_eq!(
            went,
            start + Duration::from_secs(5),
            "waited for the reset instead"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_probe_lets_another_probe_go_after_a_while() {
        let limiter = Limiter::default();
        let start = Instant::now();
        let _slow = limiter
            .acquire(Duration::from_secs(60), far_deadline())
            .await
            .unwrap();
        let second = limiter
            .acquire(Duration::from_secs(60), far_deadline())
            .await
            .unwrap();
        assert!(second.probe);
        assert_eq!(Instant::now(), start + PROBE_PATIENCE);
        assert_eq!(limiter.snapshot().1, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn the_fast_path_takes_a_permit_only_when_nobody_waits_and_the_budget_allows() {
        let limiter = Limiter::default();
        // Unknown: the first is the probe, the second must wait for it.
        let probe = limiter.try_acquire().unwrap();
        assert!(probe.probe);
        assert!(limiter.try_acquire().is_none());
        drop(probe);
        limiter.state().budget = Budget::Unlimited;
        let queued = limiter.queue.lock().await;
        assert!(limiter.try_acquire().is_none(), "jumped the queue");
        drop(queued);
        assert!(limiter.try_acquire().is_some());
    }
}
