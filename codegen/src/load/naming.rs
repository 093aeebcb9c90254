//! What an operation is called before it is lowered: its `operationId`, checked unique (also
//! once snake-cased) and, in lenient mode, read from a misspelt key or made from its method and
//! path; and, for an operation without tags, the module its path gives.

use openapiv3::Operation;
use serde_yaml::Value;
use std::collections::BTreeMap;

use super::Loaded;
use super::text::misspelt_operation_id;
use crate::error::{Error, ErrorKind, child};

/// operationIds seen so far: id -> pointer of its first use, and snake-cased id -> (id, pointer).
#[derive(Default)]
pub(super) struct SeenIds {
    seen: BTreeMap<String, String>,
    snake: BTreeMap<String, (String, String)>,
}

/// The operationId of the operation at `at` (a misspelt key read as one in lenient mode), or
/// `None` with the error recorded when it is missing or taken, also once snake-cased.
pub(super) fn operation_id(
    loaded: &mut Loaded,
    ids: &mut SeenIds,
    (value, operation): (&Value, &Operation),
    (path, method, at): (&str, &str, &str),
    lenient: bool,
) -> Option<String> {
    let operation_id = match (&operation.operation_id, misspelt_operation_id(value)) {
        (Some(id), _) => id.clone(),
        (None, Some((key, id))) if lenient => {
            loaded.guesses.push(Error::new(
                ErrorKind::MissingOperationId,
                child(at, &key),
                format!("`{key}` read as `operationId` (`{id}`)"),
            ));
            id
        }
        (None, Some((key, _))) => {
            loaded.errors.push(Error::new(
                ErrorKind::MissingOperationId,
                child(at, &key),
                format!(
                    "{} {path} has no operationId (`{key}` is not `operationId`; the key is case-sensitive)",
                    method.to_uppercase()
                ),
            ));
            return None;
        }
        (None, None) if lenient => {
            let id = name_from_method_and_path(method, path);
            loaded.guesses.push(Error::new(
                ErrorKind::MissingOperationId,
                at,
                format!(
                    "{} {path} has no operationId; named `{id}` from its method and path",
                    method.to_uppercase()
                ),
            ));
            id
        }
        (None, None) => {
            loaded.errors.push(Error::new(
                ErrorKind::MissingOperationId,
                at,
                format!("{} {path} has no operationId", method.to_uppercase()),
            ));
            return None;
        }
    };
    if let Some(first) = ids.seen.get(&operation_id) {
        loaded.errors.push(Error::new(
            ErrorKind::DuplicateOperationId,
            child(at, "operationId"),
            format!("operationId `{operation_id}` is already used at {first}"),
        ));
        return None;
    }
    ids.seen.insert(operation_id.clone(), at.to_owned());
    let snake = crate::names::snake_name(&operation_id);
    if let Some((other, first)) = ids.snake.get(&snake) {
        loaded.errors.push(Error::new(
            ErrorKind::DuplicateOperationId,
            child(at, "operationId"),
            format!(
                "operationId `{operation_id}` collides with `{other}` (at {first}) once snake-cased as `{snake}`"
            ),
        ));
        return None;
    }
    ids.snake
        .insert(snake, (operation_id.clone(), at.to_owned()));
    Some(operation_id)
}

/// The name lenient mode gives an operation without an `operationId` (the key is optional in
/// OpenAPI 3.0): the method, then every path segment, a template segment `{x}` read as `by_x`,
/// so `GET /v1/zones/{zone_id}/records` is `get_v1_zones_by_zone_id_records`. Snake-casing
/// happens later, as for a written operationId; two operations that end with the same name are
/// reported as duplicates like written ones.
pub fn name_from_method_and_path(method: &str, path: &str) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
            .filter(|name| !name.contains(['{', '}']))
        {
            Some(name) => words.push(format!("by_{name}")),
            None => words.push(segment.replace(['{', '}'], "_")),
        }
    }
    words.join("_")
}

/// The module of an operation without tags: the first literal segment of its path that is not
/// a version (`v1`, `v2.1`) or `api`, so `/v2/droplets/{id}/actions` goes to `droplets`; a
/// path with no such segment (`/`, `/v1/{id}`) goes to `default`. A segment naming a module the
/// generator uses itself (`/models`) gets `_api` appended.
pub fn path_module(path: &str) -> String {
    let segment = first_plain_segment(path);
    if crate::names::RESERVED_MODULES.contains(&crate::names::module_name(&segment).as_str()) {
        format!("{segment}_api")
    } else {
        segment
    }
}

fn first_plain_segment(path: &str) -> String {
    let is_version = |segment: &str| {
        segment.strip_prefix(['v', 'V']).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
    };
    path.split('/')
        .find(|segment| {
            !segment.is_empty()
                && !segment.contains('{')
                && !is_version(segment)
                && !segment.eq_ignore_ascii_case("api")
                && segment.chars().any(|c| c.is_ascii_alphanumeric())
        })
        .unwrap_or("default")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::path_module;

    #[test]
    fn untagged_modules_come_from_the_first_plain_path_segment() {
        assert_eq!(path_module("/v2/droplets/{id}/actions"), "droplets");
        assert_eq!(path_module("/api/v1.2/users"), "users");
        assert_eq!(path_module("/{tenant}/orders"), "orders");
        assert_eq!(path_module("/"), "default");
        assert_eq!(path_module("/v1/{id}"), "default");
        assert_eq!(path_module("/v1/models/{id}"), "models_api");
    }
}
