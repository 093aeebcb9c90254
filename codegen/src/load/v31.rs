//! OpenAPI 3.1 read as OpenAPI 3.0: the document is rewritten in place, as YAML values, before
//! anything is parsed, so the rest of the generator (and `openapiv3`) sees only 3.0. Every
//! rewrite happens at a known JSON pointer. A rewrite that keeps the meaning (`const: x` ->
//! `enum: [x]`, `type: [string, "null"]` -> `type: string, nullable: true`) is silent; one that
//! loses meaning (a tuple's `prefixItems`, a type list of several types) is a guess in lenient
//! mode and a located error in strict mode. Webhooks are read and reported in
//! [`Loaded::notes`], not generated: a client does not call them.

use super::*;
use serde_yaml::Mapping;

#[path = "v31_schema.rs"]
mod schema;

use schema::rewrite;

/// The dialect OpenAPI 3.1 documents use unless they say otherwise.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Keys whose value maps names (not keywords) to objects: each value is walked, its key is not
/// read as a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "paths",
    "content",
    "encoding",
    "variables",
];

/// Keys whose value is data (or an extension), never a schema.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "enum" | "default" | "const") || key.starts_with("x-")
}

/// Rewrites the 3.1 document `root` into 3.0 (see the module docs).
pub(super) fn normalise(root: &mut Value, lenient: bool, loaded: &mut Loaded) {
    let Value::Mapping(map) = root else {
        return;
    };
    if let Some(dialect) = map.remove("jsonSchemaDialect") {
        let dialect = scalar_text(&dialect);
        if dialect != DEFAULT_DIALECT {
            report(
                loaded,
                lenient,
                Error::new(
                    ErrorKind::Unsupported,
                    "/jsonSchemaDialect",
                    format!(
                        "schemas use the dialect `{dialect}`; they are read as OpenAPI 3.1's own"
                    ),
                ),
            );
        }
    }
    if let Some(webhooks) = map.remove("webhooks") {
        for (name, item) in entries(Some(&webhooks)) {
            for method in METHODS.iter().filter(|m| get(item, m).is_some()) {
                loaded.notes.push(Error::new(
                    ErrorKind::Unsupported,
                    pointer(["webhooks", name.as_str(), method]),
                    format!(
                        "webhook `{name}` ({}) is a request the API sends, not one a client makes; it is read, not generated",
                        method.to_uppercase()
                    ),
                ));
            }
        }
    }
    if map.get("paths").is_none() {
        // 3.1 makes `paths` optional (a document may hold only webhooks or components).
        map.insert(
            Value::String("paths".to_owned()),
            Value::Mapping(Mapping::new()),
        );
    }
    path_item_refs(root, loaded);
    walk(root, "", false, lenient, loaded);
}

/// Pushes `error` as a guess (lenient) or an error (strict).
fn report(loaded: &mut Loaded, lenient: bool, error: Error) {
    if lenient {
        loaded.guesses.push(error);
    } else {
        loaded.errors.push(error);
    }
}

/// Path items given by `$ref` (to `#/components/pathItems/X` or anywhere in the document) are
/// replaced by what they point at; the item's own `summary`/`description` win. A reference that
/// names nothing is left for the path reader to report.
fn path_item_refs(root: &mut Value, loaded: &mut Loaded) {
    let refs: Vec<(String, String)> = entries(get(root, "paths"))
        .into_iter()
        .filter_map(|(path, item)| {
            let reference = get(item, "$ref")?.as_str()?.to_owned();
            Some((path, reference))
        })
        .collect();
    for (path, reference) in refs {
        let at = pointer(["paths", path.as_str(), "$ref"]);
        let target = reference
            .strip_prefix('#')
            .and_then(|target| resolve_pointer(root, target))
            .cloned();
        let Some(Value::Mapping(mut target)) = target else {
            // Reported here, once: the path is taken out so the path reader does not report
            // the reference again.
            if let Some(Value::Mapping(paths)) = get_mut(root, "paths") {
                paths.remove(path.as_str());
            }
            loaded.errors.push(Error::new(
                ErrorKind::DanglingRef,
                at,
                format!("path item reference `{reference}` names no path item in the document"),
            ));
            continue;
        };
        if target.contains_key("$ref") {
            loaded.errors.push(Error::new(
                ErrorKind::Unsupported,
                at,
                format!("path item reference `{reference}` names another reference"),
            ));
            continue;
        }
        let Some(Value::Mapping(paths)) = get_mut(root, "paths") else {
            continue;
        };
        if let Some(Value::Mapping(item)) = paths.get_mut(path.as_str()) {
            item.remove("$ref");
            for (key, value) in std::mem::take(item) {
                target.insert(key, value);
            }
            *item = target;
        }
    }
}

fn get_mut<'a>(value: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    match value {
        Value::Mapping(map) => map.get_mut(key),
        _ => None,
    }
}

/// Walks `value` (at `at`). `names` says the keys of this mapping are names, not keywords.
fn walk(value: &mut Value, at: &str, names: bool, lenient: bool, loaded: &mut Loaded) {
    match value {
        Value::Mapping(map) => {
            if !names {
                rewrite(map, at, lenient, loaded);
            }
            for (key, item) in map.iter_mut() {
                let key = scalar_text(key);
                if !names && (is_data(&key) || (key == "examples" && !item.is_sequence())) {
                    continue;
                }
                let inner = !names && NAME_MAPS.contains(&key.as_str());
                walk(item, &child(at, &key), inner, lenient, loaded);
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                walk(item, &child(at, &index.to_string()), false, lenient, loaded);
            }
        }
        Value::Tagged(tagged) => walk(&mut tagged.value, at, names, lenient, loaded),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::schema::key;
    use super::*;

    fn run(yaml: &str, lenient: bool) -> (Value, Loaded) {
        let mut root: Value = serde_yaml::from_str(yaml).expect("yaml");
        let mut loaded = Loaded::default();
        normalise(&mut root, lenient, &mut loaded);
        (root, loaded)
    }

    fn schema<'a>(root: &'a Value, name: &str) -> &'a Value {
        resolve_pointer(root, &format!("/components/schemas/{name}")).expect("schema")
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("yaml")
    }

    const DOC: &str = r##"
openapi: 3.1.0
jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base
webhooks:
  newPet:
    post:
      responses: {"200": {description: ok}}
paths:
  /pets:
    $ref: '#/components/pathItems/Pets'
components:
  pathItems:
    Pets:
      get:
        operationId: listPets
        responses: {"200": {description: ok}}
  schemas:
    Pet:
      type: object
      properties:
        name: {type: [string, "null"], examples: [Rex, Bo]}
        kind: {const: dog}
        age: {type: integer, exclusiveMinimum: 0}
        owner: {$ref: '#/components/schemas/Owner', description: who}
        friend: {anyOf: [{$ref: '#/components/schemas/Pet'}, {type: "null"}], description: a friend}
        tags: {anyOf: [{type: array, items: {type: string}}, {type: "null"}]}
        photo: {type: string, contentEncoding: base64}
        const: {type: string}
    Owner: {type: object}
"##;

    #[test]
    fn rewrites_keep_the_meaning_silently() {
        let (root, loaded) = run(DOC, false);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        assert!(loaded.guesses.is_empty(), "{:?}", loaded.guesses);
        let pet = schema(&root, "Pet");
        let prop = |name: &str| get(get(pet, "properties").unwrap(), name).unwrap().clone();
        assert_eq!(
            prop("name"),
            yaml("{type: string, nullable: true, example: Rex}")
        );
        assert_eq!(prop("kind"), yaml("{type: string, enum: [dog]}"));
        assert_eq!(
            prop("age"),
            yaml("{type: integer, minimum: 0, exclusiveMinimum: true}")
        );
        assert_eq!(
            prop("owner"),
            yaml("{description: who, allOf: [{$ref: '#/components/schemas/Owner'}]}")
        );
        assert_eq!(
            prop("friend"),
            yaml(
                "{description: a friend, nullable: true, allOf: [{$ref: '#/components/schemas/Pet'}]}"
            )
        );
        assert_eq!(
            prop("tags"),
            yaml("{nullable: true, type: array, items: {type: string}}")
        );
        assert_eq!(prop("photo"), yaml("{type: string, format: byte}"));
        // A property named like a keyword is a name, not a keyword.
        assert_eq!(prop("const"), yaml("{type: string}"));
        // The path item reference is resolved; the webhook is a note, not an operation.
        assert_eq!(
            get(get(get(&root, "paths").unwrap(), "/pets").unwrap(), "get")
                .and_then(|op| get(op, "operationId")),
            Some(&key("listPets"))
        );
        assert!(get(&root, "webhooks").is_none());
        assert_eq!(loaded.notes.len(), 1);
        assert_eq!(loaded.notes[0].pointer, "/webhooks/newPet/post");
    }

    const LOSSY: &str = r##"
openapi: 3.1.0
jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema
paths: {}
components:
  schemas:
    Pair: {type: array, prefixItems: [{type: string}, {type: integer}]}
    Either: {type: [string, integer]}
"##;

    #[test]
    fn lossy_rewrites_are_guesses_when_lenient_and_errors_when_strict() {
        let (root, loaded) = run(LOSSY, true);
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let at: Vec<&str> = loaded.guesses.iter().map(|g| g.pointer.as_str()).collect();
        assert_eq!(
            at,
            [
                "/jsonSchemaDialect",
                "/components/schemas/Pair/prefixItems",
                "/components/schemas/Either/type"
            ]
        );
        assert_eq!(schema(&root, "Pair"), &yaml("{type: array, items: {}}"));
        assert_eq!(schema(&root, "Either"), &yaml("{}"));
        let (_, strict) = run(LOSSY, false);
        assert!(strict.guesses.is_empty());
        assert_eq!(strict.errors.len(), 3);
        assert!(
            strict
                .errors
                .iter()
                .all(|e| e.kind == ErrorKind::Unsupported)
        );
    }

    #[test]
    fn a_path_item_reference_to_nothing_is_located() {
        let (_, loaded) = run(
            "openapi: 3.1.0\npaths:\n  /a:\n    $ref: '#/components/pathItems/Nope'\n",
            true,
        );
        assert_eq!(loaded.errors.len(), 1);
        assert_eq!(loaded.errors[0].pointer, "/paths/~1a/$ref");
        assert_eq!(loaded.errors[0].kind, ErrorKind::DanglingRef);
    }
}
