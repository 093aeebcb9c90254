//! Comparing one matched pair of operations: parameters, bodies, responses and their schemas.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::Value;

use super::{Operation, Report, escape, route_key};

/// A document and `$ref` resolution within it.
#[derive(Clone, Copy)]
pub(super) struct Doc<'a> {
    pub(super) root: &'a Value,
}

impl<'a> Doc<'a> {
    /// Follows `$ref`s (up to a chain of 32) from `node` at `pointer`; the node and its pointer.
    fn resolve(&self, mut node: &'a Value, mut pointer: String) -> (&'a Value, String) {
        for _ in 0..32 {
            let Some(target) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(local) = target.strip_prefix('#') else {
                break;
            };
            let Some(next) = self.root.pointer(&percent_decode(local)) else {
                break;
            };
            node = next;
            pointer = local.to_owned();
        }
        (node, pointer)
    }
}

/// A `$ref` fragment with its percent-escapes decoded (`%7B` in a path key), as a JSON pointer.
pub(super) fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// One matched pair of operations being compared.
pub(super) struct Pair<'r, 'a> {
    pub(super) report: &'r mut Report,
    pub(super) ours: Doc<'a>,
    pub(super) theirs: Doc<'a>,
    pub(super) operation: String,
    /// Schema pairs already compared under this operation (recursion and repeats).
    pub(super) seen: HashSet<(String, String)>,
}

/// A node of either side with its pointer.
type At<'a> = (&'a Value, String);

impl<'a> Pair<'_, 'a> {
    fn push(&mut self, what: String, ours: Option<String>, theirs: Option<String>) {
        self.report.push(self.operation.clone(), what, ours, theirs);
    }

    pub(super) fn operation(&mut self, our: &Operation<'a>, their: &Operation<'a>) {
        let (ours_at, theirs_at) = (our.pointer.clone(), their.pointer.clone());
        if route_key(our.method, our.path) != route_key(their.method, their.path) {
            let what = format!(
                "operation is `{} {}` in theirs",
                their.method.to_uppercase(),
                their.path
            );
            self.push(what, Some(ours_at.clone()), Some(theirs_at.clone()));
        }
        self.parameters(our, their);
        let body = |node: &'a Value| node.get("requestBody");
        match (body(our.node), body(their.node)) {
            (Some(o), Some(t)) => {
                let o = self.ours.resolve(o, format!("{ours_at}/requestBody"));
                let t = self.theirs.resolve(t, format!("{theirs_at}/requestBody"));
                self.flag("request body required", "required", &o, &t);
                self.content("request body", o, t);
            }
            (o, t) if o.is_some() || t.is_some() => {
                let side = if o.is_some() { "ours" } else { "theirs" };
                let where_ = |has: bool, at: &str| {
                    Some(format!("{at}{}", if has { "/requestBody" } else { "" }))
                };
                self.push(
                    format!("request body: only in {side}"),
                    where_(o.is_some(), &ours_at),
                    where_(t.is_some(), &theirs_at),
                );
            }
            _ => {}
        }
        self.responses(our, their);
    }

    /// The parameters of an operation and of its path item, by (location, name).
    fn parameter_map(doc: Doc<'a>, op: &Operation<'a>) -> BTreeMap<(String, String), At<'a>> {
        let mut map = BTreeMap::new();
        let item_pointer = format!("/paths/{}", escape(op.path));
        let item = doc.root.pointer(&item_pointer);
        let lists = [
            (
                item.and_then(|i| i.get("parameters")),
                format!("{item_pointer}/parameters"),
            ),
            (
                op.node.get("parameters"),
                format!("{}/parameters", op.pointer),
            ),
        ];
        for (list, pointer) in lists {
            let Some(list) = list.and_then(Value::as_array) else {
                continue;
            };
            for (i, parameter) in list.iter().enumerate() {
                let (node, at) = doc.resolve(parameter, format!("{pointer}/{i}"));
                let text = |key: &str| {
                    node.get(key)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned()
                };
                let key = (text("in"), text("name"));
                map.insert(key, (node, at));
            }
        }
        map
    }

    fn parameters(&mut self, our: &Operation<'a>, their: &Operation<'a>) {
        let mut ours = Self::parameter_map(self.ours, our);
        let mut theirs = Self::parameter_map(self.theirs, their);
        // Path parameters are matched by position, since their names may differ.
        let our_path: Vec<_> = ours.keys().filter(|(i, _)| i == "path").cloned().collect();
        for key in our_path {
            ours.remove(&key);
        }
        theirs.retain(|(location, _), _| location != "path");
        let keys: BTreeSet<_> = ours.keys().chain(theirs.keys()).cloned().collect();
        for key in keys {
            let label = format!("{} parameter `{}`", key.0, key.1);
            match (ours.get(&key), theirs.get(&key)) {
                (Some(o), Some(t)) => {
                    self.flag(&format!("{label} required"), "required", o, t);
                    let schema = |(node, at): &At<'a>| {
                        node.get("schema").map(|s| (s, format!("{at}/schema")))
                    };
                    if let (Some((os, op)), Some((ts, tp))) = (schema(o), schema(t)) {
                        let o = self.ours.resolve(os, op);
                        let t = self.theirs.resolve(ts, tp);
                        self.schema(&label, o, t);
                    }
                }
                (Some(o), None) => self.push(
                    format!("{label}: only in ours"),
                    Some(o.1.clone()),
                    Some(format!("{}/parameters", their.pointer)),
                ),
                (None, Some(t)) => self.push(
                    format!("{label}: only in theirs"),
                    Some(format!("{}/parameters", our.pointer)),
                    Some(t.1.clone()),
                ),
                (None, None) => {}
            }
        }
    }

    /// Reports a boolean keyword (`required`, `nullable`) that differs.
    fn flag(&mut self, label: &str, key: &str, ours: &At<'a>, theirs: &At<'a>) {
        let get = |(node, _): &At<'a>| node.get(key).and_then(Value::as_bool).unwrap_or(false);
        let (o, t) = (get(ours), get(theirs));
        if o != t {
            let what = format!("{label}: {} in ours, {} in theirs", yes(o), yes(t));
            self.push(
                what,
                Some(format!("{}/{key}", ours.1)),
                Some(format!("{}/{key}", theirs.1)),
            );
        }
    }

    fn responses(&mut self, our: &Operation<'a>, their: &Operation<'a>) {
        let map = |op: &Operation<'a>| -> BTreeMap<&'a str, &'a Value> {
            op.node
                .get("responses")
                .and_then(Value::as_object)
                .map(|r| r.iter().map(|(k, v)| (k.as_str(), v)).collect())
                .unwrap_or_default()
        };
        let (ours, theirs) = (map(our), map(their));
        let codes: BTreeSet<&str> = ours.keys().chain(theirs.keys()).copied().collect();
        for code in codes {
            let at = |op: &Operation<'a>| format!("{}/responses/{}", op.pointer, escape(code));
            let label = format!("response {code}");
            match (ours.get(code), theirs.get(code)) {
                (Some(o), Some(t)) => {
                    let o = self.ours.resolve(o, at(our));
                    let t = self.theirs.resolve(t, at(their));
                    self.content(&label, o, t);
                }
                (Some(_), None) => self.push(
                    format!("{label}: only in ours"),
                    Some(at(our)),
                    Some(format!("{}/responses", their.pointer)),
                ),
                (None, Some(_)) => self.push(
                    format!("{label}: only in theirs"),
                    Some(format!("{}/responses", our.pointer)),
                    Some(at(their)),
                ),
                (None, None) => {}
            }
        }
    }

    /// Compares the JSON schemas of a body (`content/<json media type>/schema`).
    fn content(&mut self, label: &str, ours: At<'a>, theirs: At<'a>) {
        let json = |(node, at): &At<'a>| -> Option<At<'a>> {
            let content = node.get("content")?.as_object()?;
            let (media, entry) = content.iter().find(|(m, _)| m.contains("json"))?;
            Some((
                entry.get("schema")?,
                format!("{at}/content/{}/schema", escape(media)),
            ))
        };
        match (json(&ours), json(&theirs)) {
            (Some(o), Some(t)) => {
                let o = self.ours.resolve(o.0, o.1);
                let t = self.theirs.resolve(t.0, t.1);
                self.schema(label, o, t);
            }
            (Some(o), None) => self.push(
                format!("{label}: JSON body only in ours"),
                Some(o.1),
                Some(theirs.1),
            ),
            (None, Some(t)) => self.push(
                format!("{label}: JSON body only in theirs"),
                Some(ours.1),
                Some(t.1),
            ),
            (None, None) => {}
        }
    }

    /// Compares two resolved schemas: type, format, enum values, nullable, and for objects their
    /// properties and required-ness, for arrays their items.
    fn schema(&mut self, label: &str, ours: At<'a>, theirs: At<'a>) {
        if !self.seen.insert((ours.1.clone(), theirs.1.clone())) {
            return;
        }
        for key in ["type", "format"] {
            let (o, t) = (ours.0.get(key), theirs.0.get(key));
            if let (Some(o), Some(t)) = (o, t)
                && o != t
            {
                let what = format!(
                    "{label}: {key} {} in ours, {} in theirs",
                    plain(o),
                    plain(t)
                );
                self.push(
                    what,
                    Some(format!("{}/{key}", ours.1)),
                    Some(format!("{}/{key}", theirs.1)),
                );
            }
        }
        self.enums(label, &ours, &theirs);
        self.flag(&format!("{label} nullable"), "nullable", &ours, &theirs);
        let (o_props, o_required) = self.object(self.ours, &ours);
        let (t_props, t_required) = self.object(self.theirs, &theirs);
        let names: BTreeSet<&String> = o_props.keys().chain(t_props.keys()).collect();
        for name in names {
            let property = child(label, &format!(".{name}"));
            match (o_props.get(name), t_props.get(name)) {
                (Some(o), Some(t)) => {
                    let (or, tr) = (o_required.get(name), t_required.get(name));
                    if or.is_some() != tr.is_some() {
                        let what = format!(
                            "{property} required: {} in ours, {} in theirs",
                            yes(or.is_some()),
                            yes(tr.is_some())
                        );
                        let place = |r: Option<&String>, props: &At<'a>| {
                            r.cloned().unwrap_or_else(|| props.1.clone())
                        };
                        self.push(what, Some(place(or, o)), Some(place(tr, t)));
                    }
                    let o = self.ours.resolve(o.0, o.1.clone());
                    let t = self.theirs.resolve(t.0, t.1.clone());
                    self.schema(&property, o, t);
                }
                (Some(o), None) => self.push(
                    format!("{property}: only in ours"),
                    Some(o.1.clone()),
                    Some(theirs.1.clone()),
                ),
                (None, Some(t)) => self.push(
                    format!("{property}: only in theirs"),
                    Some(ours.1.clone()),
                    Some(t.1.clone()),
                ),
                (None, None) => {}
            }
        }
        if let (Some(o), Some(t)) = (ours.0.get("items"), theirs.0.get("items")) {
            let o = self.ours.resolve(o, format!("{}/items", ours.1));
            let t = self.theirs.resolve(t, format!("{}/items", theirs.1));
            self.schema(&child(label, "[]"), o, t);
        }
    }

    fn enums(&mut self, label: &str, ours: &At<'a>, theirs: &At<'a>) {
        let values = |(node, _): &At<'a>| -> Option<BTreeSet<String>> {
            Some(node.get("enum")?.as_array()?.iter().map(plain).collect())
        };
        let (Some(o), Some(t)) = (values(ours), values(theirs)) else {
            return;
        };
        let (o_at, t_at) = (format!("{}/enum", ours.1), format!("{}/enum", theirs.1));
        for (only, side) in [(o.difference(&t), "ours"), (t.difference(&o), "theirs")] {
            let only: Vec<&str> = only.map(String::as_str).collect();
            if !only.is_empty() {
                let what = format!("{label}: enum values only in {side}: {}", only.join(", "));
                self.push(what, Some(o_at.clone()), Some(t_at.clone()));
            }
        }
    }

    /// The properties of an object schema (through `allOf`) with their pointers, and the names
    /// it requires with the pointer of the `required` entry.
    fn object(
        &self,
        doc: Doc<'a>,
        at: &At<'a>,
    ) -> (BTreeMap<String, At<'a>>, BTreeMap<String, String>) {
        let mut props = BTreeMap::new();
        let mut required = BTreeMap::new();
        let mut stack = vec![at.clone()];
        let mut visited = HashSet::new();
        while let Some((node, pointer)) = stack.pop() {
            if !visited.insert(pointer.clone()) {
                continue;
            }
            if let Some(map) = node.get("properties").and_then(Value::as_object) {
                for (name, schema) in map {
                    let place = format!("{pointer}/properties/{}", escape(name));
                    props.entry(name.clone()).or_insert((schema, place));
                }
            }
            if let Some(list) = node.get("required").and_then(Value::as_array) {
                for (i, name) in list.iter().enumerate() {
                    if let Some(name) = name.as_str() {
                        required
                            .entry(name.to_owned())
                            .or_insert(format!("{pointer}/required/{i}"));
                    }
                }
            }
            if let Some(parts) = node.get("allOf").and_then(Value::as_array) {
                for (i, part) in parts.iter().enumerate().rev() {
                    stack.push(doc.resolve(part, format!("{pointer}/allOf/{i}")));
                }
            }
        }
        (props, required)
    }
}

/// A property (`.name`) or the items (`[]`) of what `label` names: `response 200` and `.key`
/// give ``response 200 `key` ``, then `` `key.id` ``.
fn child(label: &str, suffix: &str) -> String {
    match label.strip_suffix('`') {
        Some(open) => format!("{open}{suffix}`"),
        None => format!("{label} `{}`", suffix.trim_start_matches('.')),
    }
}

/// A JSON value as text, strings without quotes.
fn plain(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

fn yes(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}
