//! What the generated client needs to know of its API beyond the operations: the default base
//! URL (the document's first server, when it is absolute) and the conventions a document declares
//! with vendor extensions at its root (`spec/README.md`, "Extensions"):
//!
//! - `x-client-environment: {token: [NAME, ...], base-url: NAME}`: the variables `from_env` reads;
//! - `x-rate-limit-headers: {limit, remaining, reset}`: the headers the API reports its budget in;
//! - `x-pagination: {page, page-size, max-page-size, next: [..], total: [..]}`: list operations'
//!   query parameters and where a page keeps its next link and total.
//!
//! A malformed extension is a located `Invalid` error.

use serde_yaml::Value;

use super::servers::{first_server, resolve};
use super::{Loaded, get, scalar_text};
use crate::error::{Error, ErrorKind, child};

/// The document's client conventions (each `None` or empty when the document declares none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientConventions {
    /// The first server's URL (variables' defaults substituted), when it is absolute `https`
    /// (or `http` to loopback); `None` for no server or a relative one.
    pub default_base_url: Option<String>,
    /// `x-client-environment.token`: the variables a token is read from, in order.
    pub token_variables: Vec<String>,
    /// `x-client-environment.base-url`: the variable a base URL is read from.
    pub base_url_variable: Option<String>,
    /// `x-rate-limit-headers`: `[limit, remaining, reset]`.
    pub rate_limit_headers: Option<[String; 3]>,
    /// `x-pagination`.
    pub pagination: Option<PaginationConvention>,
}

/// How the API pages its lists (`x-pagination`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationConvention {
    /// The page-number query parameter (`page`).
    pub page: String,
    /// The page-size query parameter (`per_page`).
    pub page_size: String,
    /// The largest page size the API honours, if it says.
    pub max_page_size: Option<u64>,
    /// Wire names from the page object to its next link (`[links, pages, next]`).
    pub next: Vec<String>,
    /// Wire names from the page object to its total item count (`[meta, total]`), if any.
    pub total: Vec<String>,
}

pub(super) fn read_client_conventions(root: &Value, loaded: &mut Loaded) {
    let conventions = &mut loaded.document.client;
    if let Some(server) = first_server(root, "") {
        conventions.default_base_url = resolve(&server).ok();
    }
    let errors = &mut loaded.errors;
    if let Some(env) = get(root, "x-client-environment") {
        let at = "/x-client-environment";
        match env {
            Value::Mapping(_) => {
                match get(env, "token") {
                    Some(Value::Sequence(names)) => {
                        conventions.token_variables = names.iter().map(scalar_text).collect();
                    }
                    Some(Value::String(name)) => conventions.token_variables = vec![name.clone()],
                    Some(_) => errors.push(invalid(
                        child(at, "token"),
                        "must be a list of environment variable names",
                    )),
                    None => {}
                }
                conventions.base_url_variable = get(env, "base-url").map(scalar_text);
                if let Some(bad) = conventions
                    .token_variables
                    .iter()
                    .chain(&conventions.base_url_variable)
                    .find(|name| !is_variable_name(name))
                {
                    errors.push(invalid(
                        at.to_owned(),
                        &format!(
                            "`{bad}` is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)"
                        ),
                    ));
                }
            }
            _ => errors.push(invalid(at.to_owned(), "must be a mapping")),
        }
    }
    if let Some(headers) = get(root, "x-rate-limit-headers") {
        let at = "/x-rate-limit-headers";
        let name = |key: &str| {
            get(headers, key)
                .map(scalar_text)
                .filter(|n| is_header_name(n))
        };
        match (name("limit"), name("remaining"), name("reset")) {
            (Some(limit), Some(remaining), Some(reset)) => {
                conventions.rate_limit_headers = Some([
                    limit.to_ascii_lowercase(),
                    remaining.to_ascii_lowercase(),
                    reset.to_ascii_lowercase(),
                ]);
            }
            _ => errors.push(invalid(
                at.to_owned(),
                "must name three HTTP headers: `limit`, `remaining` and `reset`",
            )),
        }
    }
    if let Some(paging) = get(root, "x-pagination") {
        let at = "/x-pagination";
        let text = |key: &str| get(paging, key).map(scalar_text);
        let path = |key: &str| match get(paging, key) {
            Some(Value::Sequence(steps)) => {
                Some(steps.iter().map(scalar_text).collect::<Vec<String>>())
            }
            _ => None,
        };
        let max = match get(paging, "max-page-size") {
            None => Ok(None),
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n > 0) => Ok(n.as_u64()),
            Some(_) => Err(()),
        };
        match (text("page"), text("page-size"), path("next"), max) {
            (Some(page), Some(page_size), Some(next), Ok(max_page_size)) if !next.is_empty() => {
                conventions.pagination = Some(PaginationConvention {
                    page,
                    page_size,
                    max_page_size,
                    next,
                    total: path("total").unwrap_or_default(),
                });
            }
            _ => errors.push(invalid(
                at.to_owned(),
                "needs `page` and `page-size` (query parameter names), `next` (a list of property \
                 names), optionally `total` (a list) and `max-page-size` (a positive integer)",
            )),
        }
    }
}

fn invalid(at: String, message: &str) -> Error {
    Error::new(ErrorKind::Invalid, at, message)
}

fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
