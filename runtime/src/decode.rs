//! Decoding: a response body read as the operation's type, with errors that say where and what.

use bytes::Bytes;
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use super::error::{DecodeError, Error};
use super::response::{Response, ResponseMeta};
use crate::client::*;
use crate::operation::*;

/// A 2xx response with its body read.
pub(crate) struct Raw {
    pub(crate) meta: ResponseMeta,
    /// As the header came (a shared slice, no copy); read as text only to check or report it.
    pub(crate) content_type: Option<HeaderValue>,
    pub(crate) body: Bytes,
}

pub(crate) fn decode<T: DeserializeOwned>(
    request: &OperationRequest,
    raw: Raw,
) -> Result<Response<T>, Error> {
    let operation_id = request.operation_id;
    let Raw {
        meta,
        content_type,
        body,
    } = raw;
    // Not a JSON syntax error: the server sent nothing (a GET was retried before it got here).
    if has_no_body(meta.status(), &body) {
        return Err(Error::EmptyBody {
            operation_id,
            method: request.method,
            status: meta.status(),
            request_id: meta.request_id().map(str::to_owned),
            attempts: meta.attempts(),
        });
    }
    let decode_error = |path: String, reason: String| {
        Error::Decode(Box::new(DecodeError {
            operation_id,
            status: meta.status(),
            content_type: content_type
                .as_ref()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            path,
            reason,
            excerpt: excerpt(&body),
            request_id: meta.request_id().map(str::to_owned),
        }))
    };
    if let Some(content_type) = &content_type
        && !is_json_content_type(content_type.as_bytes())
    {
        let content_type = String::from_utf8_lossy(content_type.as_bytes());
        return Err(decode_error(
            ".".into(),
            format!("expected a JSON body, got content type {content_type:?}"),
        ));
    }
    // The fast path decodes without tracking the path; only a failure pays for decoding again
    // with `serde_path_to_error` to say where (it costs ~45% on a 200-item page).
    if let Ok(value) = serde_json::from_slice::<T>(&body) {
        return Ok(Response::new(value, meta));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let value = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => value,
        Err(error) => {
            let path = error.path().to_string();
            let reason = describe_json_error(error.inner(), &body, error.path());
            return Err(decode_error(path, reason));
        }
    };
    if let Err(error) = deserializer.end() {
        return Err(decode_error(".".into(), error.to_string()));
    }
    Ok(Response::new(value, meta))
}

/// Whether a 2xx response carries no body: 204 and 205 never do (whatever bytes follow), and
/// any other status with nothing but whitespace has none either.
pub(crate) fn has_no_body(status: u16, body: &[u8]) -> bool {
    status == 204 || status == 205 || body.iter().all(u8::is_ascii_whitespace)
}

/// Whether a `Content-Type` value is JSON (`application/json` or any `+json`, any case),
/// checked on the bytes without copying them.
pub(crate) fn is_json_content_type(content_type: &[u8]) -> bool {
    let essence = content_type
        .split(|b| *b == b';')
        .next()
        .unwrap_or_default()
        .trim_ascii();
    essence.eq_ignore_ascii_case(b"application/json")
        || (essence.len() >= 5 && essence[essence.len() - 5..].eq_ignore_ascii_case(b"+json"))
}

/// The start of a body that does not look like JSON; `None` for anything JSON-like, which might
/// hold sensitive values.
pub(crate) fn excerpt(body: &[u8]) -> Option<String> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if matches!(first, b'{' | b'[' | b'"') {
        return None;
    }
    Some(
        String::from_utf8_lossy(body)
            .chars()
            .take(EXCERPT_CHARS)
            .collect(),
    )
}

/// Explains a serde_json failure without repeating any value from the body. Syntax and
/// end-of-input messages name only the position; data messages ("invalid type: string
/// \"...\", expected u64") can quote values, so only their `expected` clause is kept, with the
/// JSON kind found at the failing path.
pub(crate) fn describe_json_error(
    error: &serde_json::Error,
    body: &[u8],
    path: &serde_path_to_error::Path,
) -> String {
    if error.classify() != serde_json::error::Category::Data {
        return error.to_string();
    }
    let position = format!("line {} column {}", error.line(), error.column());
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message.as_str(),
    };
    if message.starts_with("missing field ") || message.starts_with("duplicate field ") {
        // Field names come from the Rust type, not from the body.
        return format!("{message} at {position}");
    }
    let found = json_kind_at(body, path);
    // The last ", expected " is the type's own description; a value quoted earlier in the
    // message cannot follow it.
    match message.rsplit_once(", expected ") {
        Some((_, expected)) => format!("expected {expected}, found {found} at {position}"),
        None => format!("the {found} here is not valid for this field at {position}"),
    }
}

pub(crate) fn json_kind_at(body: &[u8], path: &serde_path_to_error::Path) -> &'static str {
    use serde_path_to_error::Segment;
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return "value";
    };
    for segment in path.iter() {
        let next = match segment {
            Segment::Seq { index } => value.get_mut(*index).map(serde_json::Value::take),
            Segment::Map { key } => value.get_mut(key.as_str()).map(serde_json::Value::take),
            Segment::Enum { .. } | Segment::Unknown => None,
        };
        match next {
            Some(next) => value = next,
            None => return "value",
        }
    }
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}
