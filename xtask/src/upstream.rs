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

/// Reads a JSON or YAML document into a JSON value. Mapping keys that YAML gives as numbers or
/// booleans (`200:` for a status code) become their text; integers too large for 64 bits (real
/// descriptions have them as bounds) become floats.
pub fn parse(text: &str) -> Result<Value, String> {
    use serde::Deserialize as _;
    Loose::deserialize(serde_yaml::Deserializer::from_str(text))
        .map(|loose| loose.0)
        .map_err(|e| e.to_string())
}

/// A JSON value read from YAML leniently (see [`parse`]).
struct Loose(Value);

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

/// A mapping key as text, whatever scalar YAML gave.
struct Key(String);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = deserializer.deserialize_any(LooseVisitor)?;
        Ok(Key(value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned)))
    }
}

struct LooseVisitor;

impl<'de> serde::de::Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON or YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::from(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::from(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((Key(key), Loose(value))) = map.next_entry()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
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

/// A document and `$ref` resolution within it.
#[derive(Clone, Copy)]
struct Doc<'a> {
    root: &'a Value,
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

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One matched pair of operations being compared.
struct Pair<'r, 'a> {
    report: &'r mut Report,
    ours: Doc<'a>,
    theirs: Doc<'a>,
    operation: String,
    /// Schema pairs already compared under this operation (recursion and repeats).
    seen: HashSet<(String, String)>,
}

/// A node of either side with its pointer.
type At<'a> = (&'a Value, String);

impl<'a> Pair<'_, 'a> {
    fn push(&mut self, what: String, ours: Option<String>, theirs: Option<String>) {
        self.report.push(self.operation.clone(), what, ours, theirs);
    }

    fn operation(&mut self, our: &Operation<'a>, their: &Operation<'a>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str) -> Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// theirs.yaml differs from ours.yaml in the eight ways its header lists: the report has each
    /// once, with both places, and nothing else (tests/upstream/expected.txt).
    #[test]
    fn known_differences_are_reported_once_each_with_both_places() {
        let differences = compare(
            &read("tests/upstream/ours.yaml"),
            &read("tests/upstream/theirs.yaml"),
        );
        expectorate::assert_contents("../tests/upstream/expected.txt", &render(&differences));
        assert_eq!(differences.len(), 8, "{}", render(&differences));
        let places: HashSet<_> = differences.iter().map(|d| (&d.ours, &d.theirs)).collect();
        assert_eq!(places.len(), differences.len(), "a place reported twice");
        // The shared `Key` schema is reached from three operations; its new property is one line.
        let created = differences
            .iter()
            .filter(|d| d.what.contains("created_at"))
            .count();
        assert_eq!(created, 1);
        // Each place is a real node of its document.
        let (ours, theirs) = (
            read("tests/upstream/ours.yaml"),
            read("tests/upstream/theirs.yaml"),
        );
        for d in &differences {
            for (doc, place) in [(&ours, &d.ours), (&theirs, &d.theirs)] {
                if let Some(place) = place {
                    let node = place.trim_end_matches("/type").trim_end_matches("/enum");
                    assert!(
                        doc.pointer(&percent_decode(node)).is_some(),
                        "no node at {place}: {d}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_document_against_itself_has_no_difference() {
        for name in [
            "spec/digitalocean.yaml",
            "tests/upstream/ours.yaml",
            "tests/upstream/theirs.yaml",
        ] {
            let doc = read(name);
            assert_eq!(compare(&doc, &doc), Vec::new(), "{name}");
        }
    }

    #[test]
    fn yaml_integer_keys_and_big_integers_are_read() {
        let doc =
            parse("responses:\n  200: {description: ok}\nmaximum: 18446744073709551616\n").unwrap();
        assert!(doc.pointer("/responses/200/description").is_some());
        assert!(doc["maximum"].is_f64());
    }

    #[test]
    fn renamed_path_parameters_still_match() {
        assert_eq!(
            route_key("get", "/v2/keys/{key_id}/"),
            route_key("get", "/v2/keys/{id}")
        );
        assert_ne!(
            route_key("get", "/v2/keys/{id}"),
            route_key("put", "/v2/keys/{id}")
        );
    }
}
