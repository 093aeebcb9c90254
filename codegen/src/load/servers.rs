//! Operations (or path items) that name their own server, unlike the rest of the document: the
//! server the generated client sends them to, or why it cannot, as a located error (strict mode)
//! or a reported guess (lenient mode).

use serde_yaml::Value;

use super::{Loaded, get, scalar_text};
use crate::error::{Error, ErrorKind, child};

/// The first entry of a document's, path item's or operation's `servers`.
pub(super) struct ServerAt<'a> {
    /// Its `url` as written, without a trailing `/`.
    pub(super) template: String,
    /// The server object (for its `variables`).
    server: &'a Value,
    /// Pointer to the server object (`.../servers/0`).
    at: String,
}

/// The first server of the `servers` of `value` (at pointer `at`), if it names one.
pub(super) fn first_server<'a>(value: &'a Value, at: &str) -> Option<ServerAt<'a>> {
    let Some(Value::Sequence(servers)) = get(value, "servers") else {
        return None;
    };
    let server = servers.first()?;
    let url = get(server, "url").map(scalar_text)?;
    Some(ServerAt {
        template: url.trim_end_matches('/').to_owned(),
        server,
        at: format!("{}/0", child(at, "servers")),
    })
}

/// What the client does with an operation's own server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnServer {
    /// Sent there (an absolute `https` URL, or `http` to a loopback host, variables'
    /// defaults substituted) while the client has its default base URL.
    Followed(String),
    /// Lenient mode only: the server cannot be used as written (a variable without a default, a
    /// relative URL, plain `http` to another host), so the operation goes to the client's base
    /// URL; reported as a guess, and its docs say so.
    NotFollowed(String),
}

/// The operation's own server, if it names one unlike the document. `None` means refused (strict
/// mode, a server the client cannot use), `Some(None)` that the operation has no server of its
/// own.
pub(super) fn own_server(
    loaded: &mut Loaded,
    (document, own): (Option<&str>, Option<ServerAt<'_>>),
    (path, method): (&str, &str),
    lenient: bool,
) -> Option<Option<OwnServer>> {
    let Some(own) = own else {
        return Some(None);
    };
    if Some(own.template.as_str()) == document {
        return Some(None);
    }
    let (at, problem) = match resolve(&own) {
        Ok(url) => return Some(Some(OwnServer::Followed(url))),
        Err(found) => found,
    };
    let method = method.to_uppercase();
    let url = &own.template;
    if lenient {
        loaded.guesses.push(Error::new(
            ErrorKind::Unsupported,
            at,
            format!(
                "{method} {path} names its own server `{url}`, but {problem}; it is sent to the \
                 client's base URL like the document's other operations"
            ),
        ));
        Some(Some(OwnServer::NotFollowed(url.clone())))
    } else {
        loaded.errors.push(Error::new(
            ErrorKind::Unsupported,
            at,
            format!("{method} {path} is served from `{url}` (its own `servers`), but {problem}"),
        ));
        None
    }
}

/// The server's URL with each `{variable}` replaced by its default, or the pointer and text of
/// why the client cannot use it.
pub(super) fn resolve(own: &ServerAt<'_>) -> Result<String, (String, String)> {
    let mut url = String::new();
    let mut rest = own.template.as_str();
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err((
                child(&own.at, "url"),
                "its URL has a `{` that is never closed".to_owned(),
            ));
        };
        let name = &rest[open + 1..open + close];
        let variable = get(own.server, "variables").and_then(|v| get(v, name));
        let Some(variable) = variable else {
            return Err((
                child(&own.at, "url"),
                format!("its URL's variable `{name}` is not declared under `variables`"),
            ));
        };
        let Some(default) = get(variable, "default").map(scalar_text) else {
            return Err((
                child(&child(&own.at, "variables"), name),
                format!(
                    "its variable `{name}` has no `default` (OpenAPI 3.0 requires one), so \
                     the generated client cannot know the server"
                ),
            ));
        };
        url.push_str(&default);
        rest = &rest[open + close + 1..];
    }
    url.push_str(rest);
    let url = url.trim_end_matches('/').to_owned();
    let at = child(&own.at, "url");
    let lower = url.to_ascii_lowercase();
    let host = |scheme: &str| {
        let rest = &lower[scheme.len()..];
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        rest[..end].to_owned()
    };
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|scheme| lower.starts_with(scheme));
    if let Some(scheme) = scheme {
        let authority = host(scheme);
        let fine = |c: char| c.is_ascii_alphanumeric() || "-._:[]%".contains(c);
        if authority.is_empty() || !authority.chars().all(fine) {
            return Err((
                at,
                format!(
                    "`{url}` (variables' defaults substituted) does not name a host the client \
                     can reach; a default that is a placeholder must be replaced by the user's own \
                     URL"
                ),
            ));
        }
    }
    if scheme == Some("https://") {
        return Ok(url);
    }
    if scheme == Some("http://") {
        let authority = host("http://");
        let name = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default().to_owned(),
            None => authority.split(':').next().unwrap_or_default().to_owned(),
        };
        if name == "localhost" || name == "::1" || name.starts_with("127.") {
            return Ok(url);
        }
        return Err((
            at,
            format!(
                "`{url}` is plain http to a host other than loopback, and the client sends \
                 credentials only over https"
            ),
        ));
    }
    Err((
        at,
        format!("`{url}` is not an absolute http(s) URL, and the client needs one"),
    ))
}
