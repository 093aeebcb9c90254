//! Checks the generated builders run before anything is sent: required fields of a model
//! builder, and the bounds the spec gives integer parameters (such as `per_page`).

// Each helper is used only by the builders that need it, so a small spec may leave one unused.
#![allow(dead_code)]

use super::error::Error;

/// The value of a required field of a model builder, or `InvalidInput` naming the field.
pub fn required<T>(value: Option<T>, model: &str, field: &str) -> Result<T, Error> {
    value.ok_or_else(|| Error::InvalidInput {
        message: format!(
            "`{model}` needs the field `{field}`, which was not set (call `.{field}(..)` on the builder)"
        ),
    })
}

/// A request body built from an operation's setters; a missing required field names the
/// operation too.
pub fn body<T>(operation_id: &str, built: Result<T, Error>) -> Result<T, Error> {
    built.map_err(|error| match error {
        Error::InvalidInput { message } => Error::InvalidInput {
            message: format!("{operation_id}: the request body {message}"),
        },
        other => other,
    })
}

/// `InvalidInput` when an integer parameter is outside the bounds the spec gives it.
pub fn check_range(
    operation_id: &str,
    name: &str,
    value: i64,
    minimum: Option<i64>,
    maximum: Option<i64>,
) -> Result<(), Error> {
    let low = minimum.is_some_and(|min| value < min);
    let high = maximum.is_some_and(|max| value > max);
    if !low && !high {
        return Ok(());
    }
    let bounds = match (minimum, maximum) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => unreachable!("a value out of bounds has a bound"),
    };
    Err(Error::InvalidInput {
        message: format!("{operation_id}: `{name}` is {value}, but it must be {bounds}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(error: Error) -> String {
        match error {
            Error::InvalidInput { message } => message,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn missing_fields_are_named_with_their_model_and_operation() {
        let missing = required::<String>(None, "SshKey", "public_key").unwrap_err();
        let text = message(body::<String>("ssh_keys_create", Err(missing)).unwrap_err());
        assert_eq!(
            text,
            "ssh_keys_create: the request body `SshKey` needs the field `public_key`, which was not set (call `.public_key(..)` on the builder)"
        );
        assert_eq!(required(Some(3), "M", "f").unwrap(), 3);
    }

    #[test]
    fn ranges_are_inclusive_and_name_the_parameter() {
        assert!(check_range("op", "per_page", 1, Some(1), Some(200)).is_ok());
        assert!(check_range("op", "per_page", 200, Some(1), Some(200)).is_ok());
        assert_eq!(
            message(check_range("op", "per_page", 201, Some(1), Some(200)).unwrap_err()),
            "op: `per_page` is 201, but it must be between 1 and 200"
        );
        assert_eq!(
            message(check_range("op", "page", 0, Some(1), None).unwrap_err()),
            "op: `page` is 0, but it must be at least 1"
        );
        assert!(check_range("op", "n", i64::MIN, None, None).is_ok());
    }
}
