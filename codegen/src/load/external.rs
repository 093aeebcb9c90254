//! `$ref`s into other files (`pet.yaml#/Pet`, `./common.json#/components/schemas/Error`),
//! bundled into the document before anything else reads it. The generator does no IO: the caller
//! reads the files [`external_files`] names (transitively) and hands their texts in, keyed by
//! their path relative to the document's folder (`schemas/pet.yaml`, `../shared/x.yaml`).
//!
//! Each referenced value is copied into the document's `components` (under its own name when
//! the reference names `#/components/<section>/<Name>` or ends in a name, else the file's name;
//! numbered if the name is taken) and the reference is rewritten to point there. References
//! inside a copied value are read relative to its file, so a file's `#/...` is that file's.
//! A path item given by an external reference is copied in place. A file that was not handed
//! in, or that does not parse, or a fragment that names nothing, is a located error at the `$ref`.

use super::*;
use serde_yaml::Mapping;

/// The files the `$ref`s of `text` name, each relative to the root document's folder, given
/// that `text` is the file `at` (`""` for the root document). No IO; unreadable text names none.
pub fn external_files(text: &str, at: &str) -> Vec<String> {
    let Ok(root) = read_text(text) else {
        return Vec::new();
    };
    let mut refs = Vec::new();
    collect(&root, "", &mut refs);
    let mut files: Vec<String> = refs
        .iter()
        .filter_map(|(_, reference)| split(reference))
        .map(|(file, _)| join(at, file))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// `file#fragment` -> (file, fragment) for a reference into another file.
fn split(reference: &str) -> Option<(&str, &str)> {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    (!file.is_empty() && !file.contains("://")).then_some((file, fragment))
}

/// `reference` (relative to the file `from`) as a path relative to the root document's folder,
/// `.` and `..` resolved (a path that leaves the folder keeps its leading `..`).
fn join(from: &str, reference: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in reference.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

/// Every `$ref` string below `value`, with its pointer.
fn collect(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Mapping(map) => {
            for (key, item) in map {
                let key = scalar_text(key);
                let here = child(at, &key);
                match (key.as_str(), item) {
                    ("$ref", Value::String(reference)) => out.push((here, reference.clone())),
                    ("example" | "examples", _) => {}
                    _ => collect(item, &here, out),
                }
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                collect(item, &child(at, &index.to_string()), out);
            }
        }
        _ => {}
    }
}

/// The value at a JSON pointer, mutably.
fn pointer_mut<'v>(value: &'v mut Value, at: &str) -> Option<&'v mut Value> {
    let mut current = value;
    for token in at.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        current = match current {
            Value::Mapping(map) => map.get_mut(token.as_str())?,
            Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// The state of one bundling.
struct Bundler<'f> {
    files: &'f BTreeMap<String, String>,
    parsed: BTreeMap<String, Option<Value>>,
    /// (file, fragment) -> the local reference it was given.
    placed: BTreeMap<(String, String), String>,
    /// Values still to copy: (section, name, file, value).
    pending: Vec<(String, String, String, Value)>,
}

/// Bundles every external reference of `root` (see the module docs).
pub(super) fn bundle(root: &mut Value, files: &BTreeMap<String, String>, loaded: &mut Loaded) {
    let mut refs = Vec::new();
    collect(root, "", &mut refs);
    if !refs.iter().any(|(_, r)| split(r).is_some()) {
        return;
    }
    let mut bundler = Bundler {
        files,
        parsed: BTreeMap::new(),
        placed: BTreeMap::new(),
        pending: Vec::new(),
    };
    // The document's own path items first: an external one is copied in place.
    for (at, reference) in &refs {
        let Some((file, fragment)) = split(reference) else {
            continue;
        };
        let file = join("", file);
        let in_paths = at.starts_with("/paths/") && at.matches('/').count() == 3;
        if in_paths {
            match bundler.value(&file, fragment) {
                Ok(mut value) => {
                    bundler.rewrite(root, &mut value, &file, loaded, at);
                    if let Some(item) = pointer_mut(root, at.trim_end_matches("/$ref")) {
                        *item = value;
                    }
                }
                Err(message) => {
                    loaded
                        .errors
                        .push(Error::new(ErrorKind::ExternalRef, at.as_str(), message))
                }
            }
            continue;
        }
        match bundler.local(root, &file, fragment, at) {
            Ok(local) => {
                if let Some(slot) = pointer_mut(root, at) {
                    *slot = Value::String(local);
                }
            }
            Err(message) => {
                loaded
                    .errors
                    .push(Error::new(ErrorKind::ExternalRef, at.as_str(), message))
            }
        }
        bundler.drain(root, loaded);
    }
    bundler.drain(root, loaded);
}

impl Bundler<'_> {
    /// The value `fragment` names in `file`, or why there is none.
    fn value(&mut self, file: &str, fragment: &str) -> Result<Value, String> {
        if !self.parsed.contains_key(file) {
            let parsed = self.files.get(file).and_then(|text| read_text(text).ok());
            self.parsed.insert(file.to_owned(), parsed);
        }
        let Some(parsed) = &self.parsed[file] else {
            return Err(match self.files.get(file) {
                Some(_) => format!("`{file}` does not parse as JSON or YAML"),
                None => format!(
                    "`{file}` was not read: it does not exist, or it is outside the document's folder (read only when allowed)"
                ),
            });
        };
        resolve_pointer(parsed, &decode_fragment(fragment))
            .cloned()
            .ok_or_else(|| format!("`{file}#{fragment}` names nothing in that file"))
    }

    /// The local reference for `file#fragment`, placing its value (later, by [`Self::drain`])
    /// the first time. `at` is where the reference is, to choose its section.
    fn local(
        &mut self,
        root: &Value,
        file: &str,
        fragment: &str,
        at: &str,
    ) -> Result<String, String> {
        let key = (file.to_owned(), fragment.to_owned());
        if let Some(local) = self.placed.get(&key) {
            return Ok(local.clone());
        }
        let value = self.value(file, fragment)?;
        let tokens: Vec<&str> = fragment.split('/').filter(|t| !t.is_empty()).collect();
        let (section, name) = match tokens.as_slice() {
            ["components", section, name] => ((*section).to_owned(), (*name).to_owned()),
            [.., name] => (section_of(at).to_owned(), (*name).to_owned()),
            [] => {
                let stem = file.rsplit('/').next().unwrap_or(file);
                let stem = stem.split('.').next().unwrap_or(stem);
                (section_of(at).to_owned(), stem.to_owned())
            }
        };
        let name = self.free_name(root, &section, &name);
        let local = format!(
            "#/components/{section}/{}",
            crate::error::escape_token(&name)
        );
        self.placed.insert(key, local.clone());
        self.pending.push((section, name, file.to_owned(), value));
        Ok(local)
    }

    /// `name`, or `name_2`, ... when the document or an earlier copy has it.
    fn free_name(&self, root: &Value, section: &str, name: &str) -> String {
        let taken = |candidate: &str| {
            get(root, "components")
                .and_then(|c| get(c, section))
                .and_then(|s| get(s, candidate))
                .is_some()
                || self
                    .pending
                    .iter()
                    .any(|(s, n, _, _)| s == section && n == candidate)
                || self.placed.values().any(|local| {
                    local
                        == &format!(
                            "#/components/{section}/{}",
                            crate::error::escape_token(candidate)
                        )
                })
        };
        let mut candidate = name.to_owned();
        let mut n = 2;
        while taken(&candidate) {
            candidate = format!("{name}_{n}");
            n += 1;
        }
        candidate
    }

    /// Rewrites the references inside `value`, a value copied from `file`, to local ones.
    fn rewrite(
        &mut self,
        root: &Value,
        value: &mut Value,
        file: &str,
        loaded: &mut Loaded,
        at: &str,
    ) {
        let mut refs = Vec::new();
        collect(value, "", &mut refs);
        for (inner, reference) in refs {
            let (target_file, fragment) = match split(&reference) {
                Some((other, fragment)) => (join(file, other), fragment.to_owned()),
                None => match reference.strip_prefix('#') {
                    Some(fragment) => (file.to_owned(), fragment.to_owned()),
                    None => continue,
                },
            };
            match self.local(root, &target_file, &fragment, &inner) {
                Ok(local) => {
                    if let Some(slot) = pointer_mut(value, &inner) {
                        *slot = Value::String(local);
                    }
                }
                Err(message) => loaded.errors.push(Error::new(
                    ErrorKind::ExternalRef,
                    at,
                    format!("in `{file}` at {inner}: {message}"),
                )),
            }
        }
    }

    /// Copies every pending value into `root`'s components, its own references rewritten.
    fn drain(&mut self, root: &mut Value, loaded: &mut Loaded) {
        while let Some((section, name, file, mut value)) = self.pending.pop() {
            let at = format!(
                "/components/{section}/{}",
                crate::error::escape_token(&name)
            );
            // Reserve the name before its references are placed (they may come back to it).
            insert(root, &section, &name, Value::Null);
            self.rewrite(root, &mut value, &file, loaded, &at);
            insert(root, &section, &name, value);
        }
    }
}

/// `root.components.<section>.<name> = value`, creating the mappings on the way.
fn insert(root: &mut Value, section: &str, name: &str, value: Value) {
    let Value::Mapping(map) = root else {
        return;
    };
    let components = map
        .entry(Value::String("components".to_owned()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Value::Mapping(components) = components else {
        return;
    };
    let section = components
        .entry(Value::String(section.to_owned()))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if let Value::Mapping(section) = section {
        section.insert(Value::String(name.to_owned()), value);
    }
}

/// The components section a reference at `at` lands in when its fragment does not say.
fn section_of(at: &str) -> &'static str {
    let tokens: Vec<&str> = at.split('/').collect();
    match tokens.as_slice() {
        [.., "parameters", _, "$ref"] => "parameters",
        [.., "responses", _, "$ref"] => "responses",
        [.., "requestBody", "$ref"] => "requestBodies",
        [.., "headers", _, "$ref"] => "headers",
        _ => "schemas",
    }
}

/// A fragment as a JSON pointer: percent-decoded, `""` for the whole file.
fn decode_fragment(fragment: &str) -> String {
    let mut out = Vec::new();
    let bytes = fragment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = fragment
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: list
      parameters:
        - $ref: 'common.yaml#/parameters/limit'
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml'}
  /owners:
    $ref: 'paths/owners.yaml'
components:
  schemas:
    Pet: {type: string}
"##;

    fn files() -> BTreeMap<String, String> {
        BTreeMap::from([
            (
                "common.yaml".to_owned(),
                "parameters:\n  limit: {name: limit, in: query, schema: {type: integer}}\n"
                    .to_owned(),
            ),
            (
                "schemas/pet.yaml".to_owned(),
                "type: object\nproperties:\n  owner: {$ref: 'owner.yaml#/Owner'}\n  tag: {$ref: '#/definitions/Tag'}\ndefinitions:\n  Tag: {type: string}\n"
                    .to_owned(),
            ),
            (
                "schemas/owner.yaml".to_owned(),
                "Owner: {type: object, properties: {pets: {type: array, items: {$ref: 'pet.yaml'}}}}\n"
                    .to_owned(),
            ),
            (
                "paths/owners.yaml".to_owned(),
                "get:\n  operationId: owners\n  responses:\n    \"200\":\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '../schemas/owner.yaml#/Owner'}\n"
                    .to_owned(),
            ),
        ])
    }

    #[test]
    fn files_are_named_relative_to_the_document() {
        assert_eq!(
            external_files(ROOT, ""),
            ["common.yaml", "paths/owners.yaml", "schemas/pet.yaml"]
        );
        let pet = &files()["schemas/pet.yaml"];
        assert_eq!(
            external_files(pet, "schemas/pet.yaml"),
            ["schemas/owner.yaml"]
        );
        assert_eq!(join("a/b.yaml", "../../c.yaml"), "../c.yaml");
    }

    #[test]
    fn references_into_other_files_are_bundled() {
        let mut root = read_text(ROOT).expect("yaml");
        let mut loaded = Loaded::default();
        bundle(&mut root, &files(), &mut loaded);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let at = |p: &str| resolve_pointer(&root, p).cloned();
        assert_eq!(
            at("/paths/~1pets/get/parameters/0/$ref"),
            Some(Value::String("#/components/parameters/limit".to_owned()))
        );
        // The whole file `schemas/pet.yaml` is a schema named after the file; `Pet` is taken.
        let pet_ref = at("/paths/~1pets/get/responses/200/content/application~1json/schema/$ref");
        assert_eq!(
            pet_ref,
            Some(Value::String("#/components/schemas/pet".to_owned()))
        );
        // Its own `#/definitions/Tag` is its file's; `owner.yaml` is beside it; the cycle back
        // to `pet.yaml` lands on the same copy.
        assert_eq!(
            at("/components/schemas/pet/properties/tag/$ref"),
            Some(Value::String("#/components/schemas/Tag".to_owned()))
        );
        assert_eq!(
            at("/components/schemas/Owner/properties/pets/items/$ref"),
            Some(Value::String("#/components/schemas/pet".to_owned()))
        );
        // The path item is copied in place, its reference read from its own folder.
        assert_eq!(
            at("/paths/~1owners/get/responses/200/content/application~1json/schema/$ref"),
            Some(Value::String("#/components/schemas/Owner".to_owned()))
        );
    }

    #[test]
    fn a_file_not_handed_in_is_a_located_error() {
        let mut root = read_text(ROOT).expect("yaml");
        let mut loaded = Loaded::default();
        let mut some = files();
        some.remove("common.yaml");
        bundle(&mut root, &some, &mut loaded);
        assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
        assert_eq!(loaded.errors[0].kind, ErrorKind::ExternalRef);
        assert_eq!(
            loaded.errors[0].pointer,
            "/paths/~1pets/get/parameters/0/$ref"
        );
        assert!(
            loaded.errors[0]
                .message
                .contains("`common.yaml` was not read")
        );
    }
}
