//! Values of an open enum that this version of the client does not know: kept as the server sent
//! them in a type that cannot be mistaken for a known variant, and heard once per process.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Mutex, PoisonError};

/// A value of an open enum that this version of the client does not know, as the server sent
/// it (`Status::Unknown(value)`).
///
/// It has no public constructor: the one way to get one is to convert text that is not a known
/// value (`Status::from("NEW_STATE")`, or decoding it), so `Status::Unknown` never holds a value
/// that has a variant of its own. [`as_str`](UnknownValue::as_str) gives the text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// Wraps text the enum's `From<&str>` found no variant for. Generated code only.
    #[doc(hidden)]
    #[inline]
    pub fn from_unmatched(text: &str) -> UnknownValue {
        UnknownValue(text.into())
    }

    /// The value as written on the wire.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reports the value, decoded for the enum `type_name`, with one `tracing` warn event the
    /// first time this process decodes it (see [`heard`]). Generated code only.
    #[doc(hidden)]
    #[inline]
    pub fn decoded(self, type_name: &'static str) -> UnknownValue {
        heard(type_name, &self.0);
        self
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// How many distinct (enum, value) pairs are remembered. Past it, new ones are no longer
/// reported (the last report says so), so a server sending a new value in every response
/// cannot grow the set or flood the log.
const REMEMBERED: usize = 256;

/// Values longer than this are cut (at a character boundary) in the set and in the event.
const SHOWN: usize = 128;

/// The (enum, value) pairs reported so far.
type Heard = HashSet<(&'static str, Box<str>)>;

static HEARD: Mutex<Option<Heard>> = Mutex::new(None);

/// Emits one `warn` event (target `digitalocean_client_runtime::enum_value`, fields `type_name`
/// and `value`) the first time the process decodes `value` for the enum `type_name`; later decodes
/// of the same pair say nothing. Returns whether it reported.
pub(crate) fn heard(type_name: &'static str, value: &str) -> bool {
    let shown = cut(value);
    let mut guard = HEARD.lock().unwrap_or_else(PoisonError::into_inner);
    let set = guard.get_or_insert_with(HashSet::new);
    if set.len() >= REMEMBERED || set.contains(&(type_name, Box::from(shown))) {
        return false;
    }
    set.insert((type_name, shown.into()));
    let full = set.len() == REMEMBERED;
    drop(guard);
    if full {
        tracing::warn!(
            type_name,
            value = shown,
            "{type_name} received a value this version of the client does not know: {shown:?} \
             (the API may be newer than the client; {REMEMBERED} unknown values reported, \
             further ones are not)"
        );
    } else {
        tracing::warn!(
            type_name,
            value = shown,
            "{type_name} received a value this version of the client does not know: {shown:?} \
             (the API may be newer than the client; reported once per process)"
        );
    }
    true
}

fn cut(value: &str) -> &str {
    if value.len() <= SHOWN {
        return value;
    }
    let mut end = SHOWN;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    &value[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Level, Metadata, Subscriber};

    /// Collects the `type_name` and `value` fields of every warn event.
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<(String, String)>>>);

    struct Fields(String, String);

    impl Visit for Fields {
        fn record_str(&mut self, field: &Field, value: &str) {
            match field.name() {
                "type_name" => self.0 = value.to_owned(),
                "value" => self.1 = value.to_owned(),
                _ => {}
            }
        }

        fn record_debug(&mut self, _: &Field, _: &dyn fmt::Debug) {}
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            if *event.metadata().level() == Level::WARN {
                let mut fields = Fields(String::new(), String::new());
                event.record(&mut fields);
                self.0.lock().unwrap().push((fields.0, fields.1));
            }
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }

    // The set is per process and tests share the process: each test uses enum names of its own.

    #[test]
    fn a_value_is_heard_once_per_enum_and_value() {
        let capture = Capture::default();
        tracing::subscriber::with_default(capture.clone(), || {
            for _ in 0..3 {
                UnknownValue::from_unmatched("PAUSED").decoded("TestStatusA");
            }
            UnknownValue::from_unmatched("RESUMED").decoded("TestStatusA");
            UnknownValue::from_unmatched("PAUSED").decoded("TestStatusB");
            UnknownValue::from_unmatched("PAUSED").decoded("TestStatusA");
        });
        let events = capture.0.lock().unwrap().clone();
        let pairs: Vec<(&str, &str)> = events
            .iter()
            .map(|(e, v)| (e.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("TestStatusA", "PAUSED"),
                ("TestStatusA", "RESUMED"),
                ("TestStatusB", "PAUSED")
            ]
        );
    }

    #[test]
    fn converting_text_is_not_hearing_it() {
        let capture = Capture::default();
        tracing::subscriber::with_default(capture.clone(), || {
            let value = UnknownValue::from_unmatched("typed-by-a-user");
            assert_eq!(value.as_str(), "typed-by-a-user");
        });
        assert!(capture.0.lock().unwrap().is_empty());
    }

    #[test]
    fn long_values_are_cut_at_a_character_boundary() {
        let long = "é".repeat(100);
        assert_eq!(cut(&long).len(), SHOWN);
        assert!(cut(&long).chars().all(|c| c == 'é'));
        assert_eq!(cut("short"), "short");
        assert!(heard("TestLongValue", &long));
        // The same first 128 bytes: the same value as far as the log is concerned.
        assert!(!heard("TestLongValue", &format!("{long}tail")));
    }
}
