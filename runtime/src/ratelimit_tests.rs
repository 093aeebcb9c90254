//! The rate limiter's unit tests (paused tokio time), kept beside `ratelimit.rs`.

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
