//! Retry policy: which failures are retried, how long to wait between attempts, and when to give up.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use super::response::RateLimit;

/// How the client retries a failed request.
///
/// What is retried:
/// - `429 Too Many Requests`, for every method: after `Retry-After` when sent; else, when the
///   rate-limit window resets within [`max_rate_limit_wait`](RetryPolicy::max_rate_limit_wait),
///   until it resets; else with exponential backoff. When the hourly quota is gone (no requests
///   remaining and the reset is further away than `max_rate_limit_wait`) the request fails at
///   once with [`Error::RateLimited`](super::Error::RateLimited) instead of sleeping.
/// - `5xx` answers and connections that broke after the request was sent: only for idempotent
///   methods (`GET`, `PUT`, `DELETE`), so a `POST` or `PATCH` is never sent twice.
/// - Connections that failed before anything was sent: for every method.
/// - Attempts that took longer than the per-attempt timeout
///   ([`ClientBuilder::attempt_timeout`](super::ClientBuilder::attempt_timeout)): only for
///   idempotent methods, at once, on a new connection.
///
/// The number of attempts is bounded by [`max_attempts`](RetryPolicy::max_attempts), except that
/// a wait the server announced (a `Retry-After`, or a reset within `max_rate_limit_wait`) does
/// not count against it (a policy of one attempt still sends once). The total time spent
/// (attempts and waits together) is bounded by the request's timeout: the client never starts a
/// wait that would end after it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    /// Four attempts, backoff from 500 ms up to 20 s, rate-limit waits of at most 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            max_rate_limit_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every request is sent exactly once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The most attempts one request may take, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles on every further retry.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest backoff between two attempts.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest the client waits for a `Retry-After` or a rate-limit reset before giving up
    /// with [`Error::RateLimited`](super::Error::RateLimited).
    pub fn max_rate_limit_wait(mut self, delay: Duration) -> Self {
        self.max_rate_limit_wait = delay;
        self
    }

    /// Exponential backoff with jitter before retry number `retry` (1 for the first retry): a
    /// random duration between half and all of `initial * 2^(retry-1)`, capped at `max_backoff`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let half = ceiling / 2;
        let jitter_nanos = fastrand::u64(0..=u64::try_from(half.as_nanos()).unwrap_or(u64::MAX));
        half + Duration::from_nanos(jitter_nanos)
    }

    /// How long to wait before retrying a `429`, or `None` to give up at once.
    #[cfg(test)]
    pub(crate) fn rate_limit_delay(
        &self,
        retry_after: Option<Duration>,
        rate_limit: Option<&RateLimit>,
        now: DateTime<Utc>,
        retry: u32,
    ) -> Option<Duration> {
        self.rate_limit_wait(retry_after, rate_limit, now, retry)
            .map(|wait| wait.delay)
    }

    /// How long to wait before retrying a `429` and whether the server announced that wait, or
    /// `None` to give up at once.
    pub(crate) fn rate_limit_wait(
        &self,
        retry_after: Option<Duration>,
        rate_limit: Option<&RateLimit>,
        now: DateTime<Utc>,
        retry: u32,
    ) -> Option<RateLimitWait> {
        let backoff = || RateLimitWait {
            delay: self.backoff(retry),
            announced: false,
        };
        let announced = |delay| RateLimitWait {
            delay,
            announced: true,
        };
        if let Some(wait) = retry_after {
            return (wait <= self.max_rate_limit_wait).then(|| announced(wait));
        }
        let Some(rate_limit) = rate_limit else {
            return Some(backoff());
        };
        // A reset in the past gives a negative span, which `to_std` refuses: back off instead.
        match (rate_limit.reset - now).to_std() {
            Ok(until_reset) if until_reset > self.max_rate_limit_wait => {
                // With requests remaining the 429 came from the short burst limit, which clears
                // long before the hourly window resets; with none left the quota is gone.
                (rate_limit.remaining > 0).then(backoff)
            }
            Ok(until_reset) if !until_reset.is_zero() => Some(announced(until_reset)),
            _ => Some(backoff()),
        }
    }
}

/// A wait before retrying a `429`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RateLimitWait {
    pub(crate) delay: Duration,
    /// Announced by the server (`Retry-After` or the window's reset), not guessed by backoff.
    pub(crate) announced: bool,
}

/// Reads `Retry-After`, as delay seconds or as an HTTP date. A date in the past means "now".
pub(crate) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((date - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_between_half_and_cap() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(250));
        for retry in 1..40 {
            let delay = policy.backoff(retry);
            assert!(delay >= Duration::from_millis(50), "{delay:?}");
            assert!(delay <= Duration::from_millis(250), "{delay:?}");
        }
    }

    fn limit(remaining: u64, reset_in: i64, now: DateTime<Utc>) -> RateLimit {
        RateLimit {
            limit: 5000,
            remaining,
            reset: now + chrono::TimeDelta::seconds(reset_in),
        }
    }

    #[test]
    fn rate_limit_delay_follows_retry_after_reset_or_backoff() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(10))
            .max_backoff(Duration::from_millis(10))
            .max_rate_limit_wait(Duration::from_secs(60));
        let now = Utc::now();
        let backoff = |d: Option<Duration>| d.is_some_and(|d| d <= Duration::from_millis(10));
        // Retry-After wins, unless it is too long.
        assert_eq!(
            policy.rate_limit_delay(Some(Duration::from_secs(3)), None, now, 1),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            policy.rate_limit_delay(Some(Duration::from_secs(61)), None, now, 1),
            None
        );
        // A reset within the max wait is waited for.
        assert_eq!(
            policy.rate_limit_delay(None, Some(&limit(0, 30, now)), now, 1),
            Some(Duration::from_secs(30))
        );
        // Hourly quota gone: give up at once.
        assert_eq!(
            policy.rate_limit_delay(None, Some(&limit(0, 3000, now)), now, 1),
            None
        );
        // Burst limit with requests remaining, reset in the past, no headers: back off.
        assert!(backoff(policy.rate_limit_delay(
            None,
            Some(&limit(10, 3000, now)),
            now,
            1
        )));
        assert!(backoff(policy.rate_limit_delay(
            None,
            Some(&limit(0, -100, now)),
            now,
            1
        )));
        assert!(backoff(policy.rate_limit_delay(None, None, now, 1)));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = Utc::now();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(
            "retry-after",
            "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));
    }
}
