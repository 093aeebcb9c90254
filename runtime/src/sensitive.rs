//! `Sensitive<T>`: a wrapper for secret values that serialises transparently but never prints them.

use std::fmt;

/// A value that must not appear in logs: its `Debug` output is `[REDACTED]`.
///
/// On the wire it is exactly the wrapped value (`#[serde(transparent)]`). Call
/// [`expose`](Sensitive::expose) to read it deliberately.
#[derive(Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret value.
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// Borrows the secret value.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Sensitive(value)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}
