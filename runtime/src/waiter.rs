//! Waiters: poll a resource until it reaches a success state, a failure state or a timeout.

use std::time::Duration;

use tokio::time::Instant;

use super::error::Error;
use super::response::Response;

/// How long and how often a waiter polls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct WaitOptions {
    timeout: Duration,
    interval: Duration,
}

impl Default for WaitOptions {
    /// Poll every 5 s for at most 10 minutes.
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(600),
            interval: Duration::from_secs(5),
        }
    }
}

impl WaitOptions {
    /// Gives up with [`Error::WaitTimeout`] after this long.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Waits this long between two polls.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }
}

/// Polls until `state` of the response is one of `success` (returns that response), one of
/// `failure` ([`Error::WaitFailed`] at once) or the timeout passes ([`Error::WaitTimeout`]).
///
/// A state that is absent or in neither list keeps the waiter polling. An error from `poll`
/// (which has already been retried by the client's policy) ends the wait with that error.
pub async fn wait_until<T, F, Fut>(
    operation_id: &'static str,
    options: WaitOptions,
    mut poll: F,
    state: fn(&T) -> Option<&str>,
    success: &'static [&'static str],
    failure: &'static [&'static str],
) -> Result<Response<T>, Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Response<T>, Error>>,
{
    let deadline = Instant::now() + options.timeout;
    loop {
        let response = poll().await?;
        let current = state(&response).map(str::to_owned);
        tracing::debug!(
            operation_id,
            state = current.as_deref().unwrap_or("(none)"),
            "waiter poll"
        );
        if let Some(current) = &current {
            if success.contains(&current.as_str()) {
                return Ok(response);
            }
            if failure.contains(&current.as_str()) {
                return Err(Error::WaitFailed {
                    operation_id,
                    state: current.clone(),
                });
            }
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(Error::WaitTimeout {
                operation_id,
                timeout: options.timeout,
                last_state: current,
            });
        }
        tokio::time::sleep(options.interval.min(remaining)).await;
    }
}
