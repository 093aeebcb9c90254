//! `cargo xtask drift PATH`: where our hand-written spec and another description of the same API
//! (DigitalOcean's published one, as a local file) disagree, for the operations both describe.
//!
//! Operations are matched by `operationId`, then by method and path (parameter names ignored).
//! For each pair it compares parameters (presence, required-ness, type, enum values), the JSON
//! request body and the success and error responses (status codes, and the JSON bodies' schemas:
//! properties, required-ness, types, enum values, followed through `$ref` and `allOf`). Operations
//! that only the other description has are listed when they carry one of our tags (what was
//! added upstream to a product we describe); operations only we have are listed too.
//!
//! Every difference is reported once, with its place on both sides as a JSON pointer, even when a
//! shared schema makes it appear under many operations. Pure: the caller reads the files.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

mod pair;
mod parse;
#[cfg(test)]
mod tests;

use pair::{Doc, Pair};
pub use parse::parse;

/// One disagreement between the two descriptions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The operation it was found under (the first one, when a shared schema repeats it).
    pub operation: String,
    /// What differs, in words.
    pub what: String,
    /// The place in our spec (JSON pointer), if it has one.
    pub ours: Option<String>,
    /// The place in the other description (JSON pointer), if it has one.
    pub theirs: Option<String>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}: {}", self.operation, self.what)?;
        writeln!(
            f,
            "  ours:   {}",
            self.ours.as_deref().unwrap_or("(absent)")
        )?;
        write!(
            f,
            "  theirs: {}",
            self.theirs.as_deref().unwrap_or("(absent)")
        )
    }
}

/// The report `cargo xtask drift` prints: every difference, then the count.
pub fn render(differences: &[Difference]) -> String {
    let mut text = String::new();
    for difference in differences {
        text.push_str(&format!("{difference}\n"));
    }
    text.push_str(&format!("{} difference(s)\n", differences.len()));
    text
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document: where it is and how it is named.
struct Operation<'a> {
    id: Option<&'a str>,
    method: &'static str,
    path: &'a str,
    pointer: String,
    tags: Vec<&'a str>,
    node: &'a Value,
}

impl Operation<'_> {
    fn label(&self) -> String {
        let route = format!("{} {}", self.method.to_uppercase(), self.path);
        match self.id {
            Some(id) => format!("{route} ({id})"),
            None => route,
        }
    }
}

fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        for method in METHODS {
            let Some(node) = item.get(method) else {
                continue;
            };
            found.push(Operation {
                id: node.get("operationId").and_then(Value::as_str),
                method,
                path,
                pointer: format!("/paths/{}/{method}", escape(path)),
                tags: tags(node),
                node,
            });
        }
    }
    found
}

fn tags(node: &Value) -> Vec<&str> {
    node.get("tags")
        .and_then(Value::as_array)
        .map(|tags| tags.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A path with every `{parameter}` written `{}`, so that renamed parameters still match.
fn route_key(method: &str, path: &str) -> String {
    let mut key = format!("{method} ");
    let mut in_param = false;
    for c in path.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_param = true;
                key.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => key.push(c),
            _ => {}
        }
    }
    key
}

/// JSON pointer escaping of one segment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Compares two descriptions; `ours` is our spec, `theirs` the other one.
pub fn compare(ours: &Value, theirs: &Value) -> Vec<Difference> {
    let mut report = Report::default();
    let our_ops = operations(ours);
    let their_ops = operations(theirs);
    let their_by_id: BTreeMap<&str, usize> = their_ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| op.id.map(|id| (id, i)))
        .collect();
    let their_by_route: BTreeMap<String, usize> = their_ops
        .iter()
        .enumerate()
        .map(|(i, op)| (route_key(op.method, op.path), i))
        .collect();
    let mut matched = HashSet::new();
    for our in &our_ops {
        let found = our
            .id
            .and_then(|id| their_by_id.get(id))
            .or_else(|| their_by_route.get(&route_key(our.method, our.path)))
            .copied();
        let Some(index) = found else {
            report.push(
                our.label(),
                "operation only in ours".into(),
                Some(our.pointer.clone()),
                None,
            );
            continue;
        };
        matched.insert(index);
        let mut pair = Pair {
            report: &mut report,
            ours: Doc { root: ours },
            theirs: Doc { root: theirs },
            operation: our.label(),
            seen: HashSet::new(),
        };
        pair.operation(our, &their_ops[index]);
    }
    let our_tags: BTreeSet<&str> = our_ops.iter().flat_map(|op| op.tags.clone()).collect();
    for (index, their) in their_ops.iter().enumerate() {
        if !matched.contains(&index) && their.tags.iter().any(|tag| our_tags.contains(tag)) {
            report.push(
                their.label(),
                "operation only in theirs".into(),
                None,
                Some(their.pointer.clone()),
            );
        }
    }
    report.differences
}

/// The differences found so far, each kept once by what and where.
#[derive(Default)]
struct Report {
    differences: Vec<Difference>,
    keys: HashSet<(String, Option<String>, Option<String>)>,
}

impl Report {
    fn push(
        &mut self,
        operation: String,
        what: String,
        ours: Option<String>,
        theirs: Option<String>,
    ) {
        // A schema shared by many operations gives the same difference at the same places: once.
        let key = (strip_context(&what), ours.clone(), theirs.clone());
        if self.keys.insert(key) {
            self.differences.push(Difference {
                operation,
                what,
                ours,
                theirs,
            });
        }
    }
}

/// The part of a difference's words that does not depend on the operation it was reached from.
fn strip_context(what: &str) -> String {
    what.rsplit_once(": ")
        .map_or(what, |(_, tail)| tail)
        .to_owned()
}
