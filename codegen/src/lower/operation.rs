//! Lowering of operations into tag modules: method names, docs and collisions. Parameters,
//! bodies and responses have modules of their own (`parameters`, `body`); pagination, waiters
//! and builders run on the finished IR.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::StatusCode;

use super::docs::{doc_lines, docs_or};
use super::names_in;
use super::{Lowerer, waiters};
use crate::error::{Error, ErrorKind, child};
use crate::ir::{HttpMethod, OperationMethod, Success, TagModule};
use crate::load::{OwnServer, RawOperation};
use crate::names::{RESERVED_MODULES, bare, module_name, snake_name};

/// The generator's own members of an operation builder, which a parameter or body setter may
/// not be named after: its fields (`client`, `options`, `body`) and inherent methods (`send`,
/// `pages`, `items`, `body`), as `emit::builder` and `emit::paging` write them. Nothing of the
/// runtime is here: the per-request overrides are provided methods of the runtime's
/// `RequestOverrides` trait and the request is built in the builder's `OperationBuilder` impl,
/// so a generated setter of the same name shadows them instead of clashing.
pub(super) const BUILDER_MEMBERS: &[&str] =
    &["client", "options", "body", "send", "pages", "items"];

/// An operation's doc lines: its summary and description (or a sentence naming it), then what
/// the reader needs besides: method and path, other tags, its own server, an undocumented
/// success, the OAuth scopes the description does not name, deprecation.
fn operation_docs(raw: &RawOperation, scopes: &[String]) -> Vec<String> {
    let op = &raw.operation;
    let mut docs = Vec::new();
    if let Some(summary) = op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        docs.extend(doc_lines(summary));
    }
    if let Some(description) = op.description.as_deref().filter(|s| !s.trim().is_empty()) {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.extend(doc_lines(description));
    }
    if docs.is_empty() {
        docs.push(format!("Calls `{}`.", raw.operation_id));
    }
    docs.push(String::new());
    docs.push(format!(
        "`{} {}` (operation `{}`).",
        raw.method.to_uppercase(),
        raw.path,
        raw.operation_id
    ));
    if !raw.other_tags.is_empty() {
        let list: Vec<String> = raw.other_tags.iter().map(|t| format!("`{t}`")).collect();
        docs.push(String::new());
        docs.push(format!(
            "Also tagged {}; generated once, under `{}`.",
            list.join(", "),
            raw.tag
        ));
    }
    if let Some(line) = own_server_doc(raw.own_server.as_ref()) {
        docs.push(String::new());
        docs.push(line);
    }
    if !declares_success(&op.responses) {
        docs.push(String::new());
        docs.push(
            "The spec documents no success response: a 2xx is accepted and its body is not read."
                .to_owned(),
        );
    }
    // The spec's own description usually names the scopes already; say it once.
    let described = |scope: &String| docs.iter().any(|line| line.contains(scope.as_str()));
    if !scopes.is_empty() && !scopes.iter().all(described) {
        let list: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
        docs.push(String::new());
        docs.push(format!("Required OAuth scopes: {}.", list.join(", ")));
    }
    if op.deprecated {
        docs.push(String::new());
        docs.push("Deprecated by the API.".to_owned());
    }
    docs
}

/// The method's name in its tag module: the snake-cased `operationId` without the tag's words
/// in front (`droplets_list` under `Droplets` is `list`).
fn method_name(raw: &RawOperation) -> String {
    let full = snake_name(&raw.operation_id);
    let full = bare(&full);
    // The tag's own words, not the module name: a keyword tag (`match`) has module `match_`.
    let tag_words = snake_name(&raw.tag);
    let rest = full
        .strip_prefix(bare(&tag_words))
        .and_then(|r| r.strip_prefix('_'))
        .filter(|r| !r.is_empty())
        .unwrap_or(full);
    snake_name(rest)
}

/// Whether any 2xx response (or the `2XX` range) is documented.
fn declares_success(responses: &openapiv3::Responses) -> bool {
    responses.responses.keys().any(|code| match code {
        StatusCode::Code(n) => (200..300).contains(n),
        StatusCode::Range(r) => *r == 2,
    })
}

/// The docs of a module of untagged operations (see [`crate::load::path_module`]).
fn untagged_docs(segment: &str) -> String {
    if segment == "default" {
        "Operations without a tag whose path has no segment to name a module after.".to_owned()
    } else {
        format!("Operations without a tag whose path starts with `{segment}`.")
    }
}

/// Splits a path template into literals and `{parameter}` names.
fn parse_template(path: &str, at: &str) -> Result<Vec<(bool, String)>, Error> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        if !literal.is_empty() {
            parts.push((false, literal.to_owned()));
        }
        let after = after.get(1..).unwrap_or_default();
        let Some(close) = after.find('}') else {
            return Err(Error::new(
                ErrorKind::PathParam,
                at,
                format!("path template `{path}` has an unclosed `{{`"),
            ));
        };
        let (name, tail) = after.split_at(close);
        if name.is_empty() || name.contains('{') {
            return Err(Error::new(
                ErrorKind::PathParam,
                at,
                format!("path template `{path}` has an empty or nested parameter"),
            ));
        }
        parts.push((true, name.to_owned()));
        rest = tail.get(1..).unwrap_or_default();
    }
    if rest.contains('}') {
        return Err(Error::new(
            ErrorKind::PathParam,
            at,
            format!("path template `{path}` has an unmatched `}}`"),
        ));
    }
    if !rest.is_empty() {
        parts.push((false, rest.to_owned()));
    }
    Ok(parts)
}

/// The strings of a JSON list (other items skipped); empty when `value` is not a list.
pub(super) fn string_list(value: Option<&serde_json::Value>) -> Vec<String> {
    value
        .and_then(serde_json::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> BTreeMap<String, TagModule> {
        let doc = self.doc;
        let mut tags: BTreeMap<String, TagModule> = BTreeMap::new();
        // An untagged operation joins the module of a tag with its path's name, if any.
        let tagged: BTreeMap<String, &str> = doc
            .operations
            .iter()
            .filter(|raw| !raw.untagged)
            .map(|raw| (module_name(&raw.tag), raw.tag.as_str()))
            .collect();
        for raw in &doc.operations {
            let named = module_name(&raw.tag);
            let tag = match tagged.get(&named) {
                Some(tag) if raw.untagged => *tag,
                _ => raw.tag.as_str(),
            };
            let Some(module) = self.module_for(raw, named) else {
                continue;
            };
            if let Some(existing) = tags.get(&module)
                && existing.tag != tag
            {
                self.errors.push(Error::new(
                    ErrorKind::NameCollision,
                    child(&raw.pointer, "tags"),
                    format!(
                        "tags `{}` and `{}` both become module `{module}`",
                        existing.tag, tag
                    ),
                ));
                continue;
            }
            let mark = self.added.len();
            let mut op = match self.lower_operation(raw, &module) {
                Ok(op) => op,
                Err(e) => {
                    self.errors.push(e);
                    self.roll_back(mark);
                    continue;
                }
            };
            let entry = tags.entry(module.clone()).or_insert_with(|| {
                let untagged = raw.untagged && !tagged.contains_key(&module);
                let accessor_doc = if untagged {
                    untagged_docs(&raw.tag)
                } else {
                    format!("Operations tagged `{tag}`.")
                };
                TagModule {
                    tag: tag.to_owned(),
                    module: module.clone(),
                    struct_name: crate::names::tag_struct_name(tag),
                    docs: docs_or(doc.tag_descriptions.get(tag).map(String::as_str), || {
                        accessor_doc.clone()
                    }),
                    operations: Vec::new(),
                    accessor_doc,
                    untagged,
                }
            });
            if !self.settle_names(raw, &mut op, entry) {
                continue;
            }
            if let Some(value) = raw.operation.extensions.get("x-waiters") {
                self.waiters.push(waiters::PendingWaiters {
                    module: module.clone(),
                    operation_id: op.operation_id.clone(),
                    pointer: raw.pointer.clone(),
                    value,
                });
            }
            entry.operations.push(op);
        }
        tags
    }

    /// The module an operation of `raw`'s tag goes in (`named`, its tag's module name), or `None`
    /// (an error pushed) when the generator uses that name itself; lenient, such a module gets
    /// `_api` appended instead (a guess).
    fn module_for(&mut self, raw: &RawOperation, named: String) -> Option<String> {
        let mut module = named;
        if RESERVED_MODULES.contains(&module.as_str()) && self.lenient {
            // Lenient: the module gets `_api` appended, as an untagged path's does.
            let renamed = format!("{module}_api");
            self.guesses.push(Error::new(
                ErrorKind::NameCollision,
                child(&raw.pointer, "tags"),
                format!(
                    "tag `{}` would become module `{module}`, which the generator uses itself; named `{renamed}`",
                    raw.tag
                ),
            ));
            module = renamed;
        }
        if RESERVED_MODULES.contains(&module.as_str()) {
            let at = if raw.untagged {
                raw.pointer.clone()
            } else {
                child(&raw.pointer, "tags")
            };
            self.errors.push(Error::new(
                ErrorKind::NameCollision,
                at,
                format!(
                    "tag `{}` would become module `{module}`, which the generator uses itself",
                    raw.tag
                ),
            ));
            return None;
        }
        Some(module)
    }

    /// Settles `op`'s method and builder names in `entry`, the module it joins: a method or
    /// builder name another of its operations has, or a builder named as the tag struct, is an
    /// error (pushed; `false`), or, lenient, a numbered or `Builder`-suffixed name (a guess).
    fn settle_names(
        &mut self,
        raw: &RawOperation,
        op: &mut OperationMethod,
        entry: &TagModule,
    ) -> bool {
        let clash = |op: &OperationMethod, entry: &TagModule| {
            entry
                .operations
                .iter()
                .find(|other| other.method_name == op.method_name || other.builder == op.builder)
                .map(|other| other.operation_id.clone())
        };
        if let (Some(other), true) = (clash(op, entry), self.lenient) {
            // Lenient: numbered, as colliding type names are.
            let (method, builder) = (op.method_name.clone(), op.builder.clone());
            for n in 2.. {
                op.method_name = format!("{method}_{n}");
                op.builder = format!("{builder}{n}");
                if clash(op, entry).is_none() {
                    break;
                }
            }
            self.guesses.push(Error::new(
                ErrorKind::NameCollision,
                child(&raw.pointer, "operationId"),
                format!(
                    "operations `{}` and `{other}` both become method `{method}` of `{}`; named `{}`",
                    op.operation_id, entry.struct_name, op.method_name
                ),
            ));
        }
        if let Some(other) = clash(op, entry) {
            self.errors.push(Error::new(
                ErrorKind::NameCollision,
                child(&raw.pointer, "operationId"),
                format!(
                    "operations `{}` and `{other}` both become method `{}` of `{}`",
                    op.operation_id, op.method_name, entry.struct_name
                ),
            ));
            return false;
        }
        if op.builder == entry.struct_name && self.lenient {
            let renamed = format!("{}Builder", op.builder);
            self.guesses.push(Error::new(
                ErrorKind::NameCollision,
                child(&raw.pointer, "operationId"),
                format!(
                    "builder `{}` has the name of the tag struct; named `{renamed}`",
                    op.builder
                ),
            ));
            op.builder = renamed;
        }
        if op.builder == entry.struct_name {
            self.errors.push(Error::new(
                ErrorKind::NameCollision,
                child(&raw.pointer, "operationId"),
                format!("builder `{}` has the name of the tag struct", op.builder),
            ));
            return false;
        }
        true
    }

    fn lower_operation(
        &mut self,
        raw: &'a RawOperation,
        module: &str,
    ) -> Result<OperationMethod, Error> {
        let op = &raw.operation;
        let at = raw.pointer.as_str();
        let camel = crate::names::builder_name(&raw.operation_id);
        let http_method = match raw.method {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "patch" => HttpMethod::Patch,
            "delete" => HttpMethod::Delete,
            "head" => HttpMethod::Head,
            "options" => HttpMethod::Options,
            other => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    at,
                    format!("HTTP method {} is not supported", other.to_uppercase()),
                ));
            }
        };

        let template = parse_template(&raw.path, at)?;
        let (path_parts, ordered) = self.lower_parameters(raw, &camel, &template)?;

        let body = match &op.request_body {
            None => None,
            Some(body) => Some(self.lower_body(body, &camel, &child(at, "requestBody"))?),
        };
        // A response to HEAD has no body whatever its headers say (RFC 9110 section 9.3.2).
        let success = if http_method == HttpMethod::Head {
            Success::Empty
        } else {
            self.lower_success(raw, &camel)?
        };

        let scopes = string_list(op.extensions.get("x-scopes"));
        let mut docs = operation_docs(raw, &scopes);
        let method_name = method_name(raw);
        let preview = super::view::preview_of(&op.extensions);
        if let Some(reason) = &preview {
            docs.insert(0, String::new());
            docs.insert(0, super::view::preview_line(reason));
        }
        Ok(OperationMethod {
            pointer: raw.pointer.clone(),
            operation_id: raw.operation_id.clone(),
            module: module.to_owned(),
            method_name,
            builder: camel,
            http_method,
            path: raw.path.clone(),
            path_parts,
            params: ordered,
            body,
            success,
            paginated: false,
            preview,
            waiters: Vec::new(),
            scopes,
            docs,
            deprecated: op.deprecated,
            server: match &raw.own_server {
                Some(OwnServer::Followed(server)) => Some(server.clone()),
                _ => None,
            },
        })
    }

    /// Drops operations that mention a type that failed to lower.
    pub(super) fn drop_incomplete_operations(
        &mut self,
        mut tags: BTreeMap<String, TagModule>,
    ) -> BTreeMap<String, TagModule> {
        for module in tags.values_mut() {
            let mut kept = Vec::new();
            for op in std::mem::take(&mut module.operations) {
                let mut names = BTreeSet::new();
                op.params.iter().for_each(|p| names_in(&p.ty, &mut names));
                if let Some(body) = &op.body {
                    names_in(&body.ty, &mut names);
                }
                if let Success::Json(ty) | Success::JsonOrEmpty(ty) = &op.success {
                    names_in(ty, &mut names);
                }
                match names.iter().find(|n| !self.types.contains_key(*n)) {
                    Some(missing) => self.errors.push(Error::new(
                        ErrorKind::Unsupported,
                        op.pointer.clone(),
                        format!(
                            "operation `{}` uses type `{missing}`, which could not be generated",
                            op.operation_id
                        ),
                    )),
                    None => kept.push(op),
                }
            }
            module.operations = kept;
        }
        tags.retain(|_, module| !module.operations.is_empty());
        tags
    }
}

/// What an operation's docs say about a server of its own.
fn own_server_doc(own: Option<&OwnServer>) -> Option<String> {
    Some(match own? {
        OwnServer::Followed(server) => format!(
            "Served from `{server}`, unlike the API's other operations: a client with the \
             default base URL sends it there (with its credentials); a client given another \
             `base_url` sends it to that base URL, like every operation."
        ),
        OwnServer::NotFollowed(server) => format!(
            "The document serves this operation from `{server}`, unlike its other operations, \
             but the client cannot use that server as written: it sends this operation to its \
             base URL. Reach it with a client whose `base_url` is the server's URL."
        ),
    })
}
