//! Property tests of the generator against hostile input: random OpenAPI documents built from
//! awkward names (keywords, digits, punctuation, non-ASCII, empty), nested and recursive schemas,
//! dangling refs, every parameter location and random responses, plus random mutations of
//! `spec/digitalocean.yaml` (keys deleted, renamed or duplicated, values replaced).
//!
//! Every input must either give files that all parse with `syn` (and declare no item, field,
//! variant or method twice, which `syn` alone would accept but `rustc` would not), or give
//! located errors. A panic fails the test (proptest reports it with the shrunk input).
//!
//! CI (`.ci/run`) runs a bounded number of cases. For a long run:
//!
//! ```text
//! FUZZ_CASES=100000 cargo test -p tests --test it --release -- fuzz::
//! ```
//!
//! `FUZZ_CASES` sets the case count of every property here; without it the built documents get
//! 192 cases and the (much larger) spec mutations 24.
//!
//! `syn` accepting a file is not `rustc` accepting it, so a sample of lenient outputs (built
//! documents and mutated specs, drawn with a fixed seed, or `FUZZ_COMPILE_SEED`) is compiled
//! too: one `cargo xtask corpus` run, which checks every output in one crate with a module per
//! document, and fails if any does not compile.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use codegen::{ErrorKind, Options};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Map, Value, json};

/// The case count: `FUZZ_CASES` if set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The property

/// Runs the generator on `text` (strict or lenient) and checks the outcome.
fn check(text: &str, lenient: bool) -> Result<(), TestCaseError> {
    let options = Options {
        lenient,
        ..Options::default()
    };
    let report = codegen::generate_with(text, &options);
    for error in &report.errors {
        prop_assert!(
            error.pointer.is_empty() || error.pointer.starts_with('/'),
            "error without a JSON pointer: {error:?}"
        );
        prop_assert!(
            !error.message.contains("internal error"),
            "the generator produced invalid Rust: {error}"
        );
        prop_assert!(!error.message.is_empty(), "empty message: {error:?}");
    }
    if !lenient {
        prop_assert!(
            report.errors.is_empty() || report.files.is_empty(),
            "a strict run with errors still produced files"
        );
    }
    for file in &report.files {
        let parsed = syn::parse_file(&file.contents).map_err(|e| {
            TestCaseError::fail(format!(
                "{} does not parse: {e}\n{}",
                file.path, file.contents
            ))
        })?;
        no_duplicates(&file.path, &parsed)?;
        prop_assert!(
            !file.contents.contains("invalid_name"),
            "{} holds an identifier the name functions could not make valid",
            file.path
        );
    }
    let mut paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    let before = paths.len();
    paths.dedup();
    prop_assert_eq!(before, paths.len(), "two generated files share a path");
    Ok(())
}

fn insert(seen: &mut BTreeSet<String>, what: &str, name: String) -> Result<(), TestCaseError> {
    if seen.insert(name.clone()) {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!(
            "{what} `{name}` is defined twice"
        )))
    }
}

/// Names `rustc` requires to be unique that `syn` does not check: items of a file, fields of a
/// struct, variants of an enum, and inherent methods of a type.
fn no_duplicates(path: &str, file: &syn::File) -> Result<(), TestCaseError> {
    let mut items = BTreeSet::new();
    let mut methods: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                insert(&mut items, &format!("{path}: item"), s.ident.to_string())?;
                let mut fields = BTreeSet::new();
                for field in &s.fields {
                    if let Some(ident) = &field.ident {
                        insert(
                            &mut fields,
                            &format!("{path}: field of {}", s.ident),
                            ident.to_string(),
                        )?;
                    }
                }
            }
            syn::Item::Enum(e) => {
                insert(&mut items, &format!("{path}: item"), e.ident.to_string())?;
                let mut variants = BTreeSet::new();
                for variant in &e.variants {
                    insert(
                        &mut variants,
                        &format!("{path}: variant of {}", e.ident),
                        variant.ident.to_string(),
                    )?;
                }
            }
            syn::Item::Mod(m) => insert(&mut items, &format!("{path}: item"), m.ident.to_string())?,
            syn::Item::Type(t) => {
                insert(&mut items, &format!("{path}: item"), t.ident.to_string())?
            }
            syn::Item::Fn(f) => insert(
                &mut items,
                &format!("{path}: item"),
                f.sig.ident.to_string(),
            )?,
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let self_ty = quote_type(&i.self_ty);
                let seen = methods.entry(self_ty.clone()).or_default();
                for impl_item in &i.items {
                    if let syn::ImplItem::Fn(f) = impl_item {
                        insert(
                            seen,
                            &format!("{path}: method of {self_ty}"),
                            f.sig.ident.to_string(),
                        )?;
                    }
                }
            }
            _ => {}
        }
    }
    no_alias_cycles(path, file)
}

/// Every identifier in a type expression (`Vec<A>` gives `std`, `vec`, `Vec`, `A`).
fn idents_in(ty: &syn::Type, out: &mut BTreeSet<String>) {
    match ty {
        syn::Type::Path(p) => {
            for segment in &p.path.segments {
                out.insert(segment.ident.to_string());
                if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
                    for arg in &args.args {
                        if let syn::GenericArgument::Type(inner) = arg {
                            idents_in(inner, out);
                        }
                    }
                }
            }
        }
        syn::Type::Array(a) => idents_in(&a.elem, out),
        syn::Type::Slice(s) => idents_in(&s.elem, out),
        syn::Type::Reference(r) => idents_in(&r.elem, out),
        syn::Type::Paren(p) => idents_in(&p.elem, out),
        syn::Type::Group(g) => idents_in(&g.elem, out),
        syn::Type::Tuple(t) => t.elems.iter().for_each(|e| idents_in(e, out)),
        _ => {}
    }
}

/// `type A = Vec<A>;` parses but never compiles: type aliases may not be recursive.
fn no_alias_cycles(path: &str, file: &syn::File) -> Result<(), TestCaseError> {
    let aliases: std::collections::BTreeMap<String, BTreeSet<String>> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Type(t) => {
                let mut names = BTreeSet::new();
                idents_in(&t.ty, &mut names);
                Some((t.ident.to_string(), names))
            }
            _ => None,
        })
        .collect();
    for start in aliases.keys() {
        // Depth-first from `start`, looking for a way back to it through aliases only.
        let mut stack = vec![start.clone()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            for next in aliases.get(&current).into_iter().flatten() {
                if next == start {
                    return Err(TestCaseError::fail(format!(
                        "{path}: type alias {start} is recursive"
                    )));
                }
                if aliases.contains_key(next) && seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
    }
    Ok(())
}

fn quote_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        _ => "<type>".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Building documents

/// Names chosen to collide, shadow and break identifiers.
const AWKWARD: &[&str] = &[
    "a",
    "A",
    "a_b",
    "aB",
    "a-b",
    "A B",
    "type",
    "Type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "async",
    "gen",
    "r#type",
    "_",
    "__",
    "2fa",
    "10",
    "",
    " ",
    "-",
    "日本",
    "größe",
    "é",
    "@odata.id",
    "x.y",
    "a/b",
    "~0",
    "~1",
    "{id}",
    "per_page",
    "page",
    "client",
    "options",
    "request",
    "send",
    "timeout",
    "retry_policy",
    "new",
    "models",
    "mod",
    "runtime",
    "Error",
    "String",
    "Option",
    "Result",
    "Box",
    "Vec",
    "Some",
    "None",
    "Unknown",
    "value",
    "items",
    "links",
    "meta",
    "id",
];

fn awkward_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(AWKWARD).prop_map(str::to_owned),
        2 => "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
        1 => "[0-9][a-z0-9]{0,3}",
        1 => "[ -/:-@\\[-`{-~]{0,4}[a-z]{0,3}",
        1 => "\\PC{0,5}",
    ]
}

/// Component schema names come from a small pool so that refs resolve, dangle and recurse.
const COMPONENTS: &[&str] = &[
    "node", "thing", "type", "2fa", "a b", "Error", "self", "日本", "Node", "x",
];

fn component_ref() -> impl Strategy<Value = Value> {
    prop_oneof![
        40 => proptest::sample::select(COMPONENTS)
            .prop_map(|n| json!({"$ref": format!("#/components/schemas/{}", n.replace('~', "~0").replace('/', "~1"))})),
        1 => Just(json!({"$ref": "other.yaml#/components/schemas/node"})),
        1 => Just(json!({"$ref": "#/components/parameters/page"})),
        1 => Just(json!({"$ref": "#/paths"})),
        1 => Just(json!({"$ref": "#"})),
        1 => Just(json!({"$ref": 7})),
    ]
}

fn leaf_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        Just(json!({"type": "object"})),
        Just(json!({"type": "string", "nullable": true})),
        Just(json!({"not": {"type": "string"}})),
        Just(json!({"type": "array"})),
        proptest::collection::vec(awkward_name(), 0..5)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        Just(json!({"type": "integer", "enum": [1, 2, 3]})),
        Just(json!({"type": "string", "enum": [null, "a", 1]})),
        component_ref(),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf_schema().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            (
                proptest::collection::vec((awkward_name(), inner.clone()), 0..5),
                proptest::collection::vec(awkward_name(), 0..3),
                any::<u8>(),
            )
                .prop_map(|(properties, required, flags)| {
                    let mut props = Map::new();
                    for (name, schema) in properties {
                        props.insert(name, schema);
                    }
                    let mut out = json!({"type": "object", "properties": props});
                    if flags & 1 == 1 {
                        out["required"] = json!(required);
                    }
                    if flags & 2 == 2 {
                        out["nullable"] = json!(true);
                    }
                    if flags & 4 == 4 {
                        out["readOnly"] = json!(true);
                    }
                    if flags & 8 == 8 {
                        out["x-sensitive"] = json!(true);
                    }
                    if flags & 16 == 16 {
                        out["additionalProperties"] = json!(flags & 32 == 32);
                    }
                    out
                }),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            inner
                .clone()
                .prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            (
                proptest::sample::select(&["oneOf", "allOf", "anyOf"][..]),
                proptest::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(key, branches)| json!({ key: branches })),
            inner.prop_map(|s| json!({"allOf": [s], "nullable": true, "description": "wrapped"})),
        ]
    })
}

/// A schema for a parameter: mostly scalars, sometimes anything.
fn parameter_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => Just(json!({"type": "string"})),
        2 => Just(json!({"type": "integer", "minimum": 1, "default": 20})),
        1 => Just(json!({"type": "boolean"})),
        1 => Just(json!({"type": "string", "format": "uuid"})),
        1 => Just(json!({"type": "string", "format": "date-time"})),
        1 => proptest::collection::vec(awkward_name(), 1..4)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        1 => Just(json!({"type": "array", "items": {"type": "string"}})),
        1 => Just(json!({"oneOf": [{"type": "integer"}, {"type": "string", "title": "name"}]})),
        1 => Just(json!({"anyOf": [{"$ref": "#/components/schemas/thing"}, {"type": "string", "format": "uuid"}]})),
        1 => Just(json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "array", "items": {"type": "integer"}}}})),
        1 => schema(),
    ]
}

/// Parameter styles, two of them wrong for a query parameter.
const STYLES: [&str; 6] = [
    "form",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
    "simple",
    "bogus",
];

/// A parameter named `name` in `location`; a few shapes are broken on purpose.
fn parameter(name: String, location: &'static str) -> impl Strategy<Value = Value> {
    (any::<bool>(), parameter_schema(), 0u8..80).prop_map(move |(required, schema, shape)| {
        match shape {
            0 => json!({"$ref": format!("#/components/parameters/{name}")}),
            1 => json!({"name": name, "in": location, "content": {"application/json": {"schema": schema}}}),
            2 => json!({"in": location, "schema": schema}),
            3..=8 => json!({
                "name": name,
                "in": location,
                "required": required || location == "path",
                "schema": schema,
                "style": STYLES[usize::from(shape - 3)],
                "explode": shape % 2 == 0,
            }),
            _ => json!({
                "name": name,
                "in": location,
                "required": required || location == "path",
                "schema": schema,
            }),
        }
    })
}

/// A parameter with a random name and location.
fn any_parameter() -> impl Strategy<Value = Value> {
    (
        awkward_name(),
        prop_oneof![
            12 => Just("query"),
            2 => Just("path"),
            1 => proptest::sample::select(&["header", "cookie", "body"][..]),
        ],
    )
        .prop_flat_map(|(name, location)| parameter(name, location))
}

fn content() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            12 => Just("application/json"),
            1 => Just("application/merge-patch+json"),
            1 => Just("application/json; charset=utf-8"),
            1 => proptest::sample::select(&["text/plain", "multipart/form-data", "*/*"][..]),
            1 => proptest::sample::select(&["application/x-www-form-urlencoded", "application/*"][..]),
        ],
        proptest::option::weighted(0.9, schema()),
    )
        .prop_map(|(media, schema)| {
            let mut media_object = Map::new();
            if let Some(schema) = schema {
                media_object.insert("schema".to_owned(), schema);
            }
            json!({ media: media_object })
        })
}

fn responses() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            6 => Just("200"),
            2 => Just("201"),
            1 => Just("202"),
            2 => Just("204"),
            1 => Just("2XX"),
            1 => Just("404"),
        ],
        proptest::collection::vec(
            (
                proptest::sample::select(
                    &["200", "201", "204", "404", "default", "5XX", "600", "abc"][..],
                ),
                0u8..12,
            ),
            0..3,
        ),
        content(),
    )
        .prop_map(|(main, others, main_content)| {
            let mut out = Map::new();
            let main_response = if main == "204" {
                json!({"description": "no content"})
            } else {
                json!({"description": "ok", "content": main_content})
            };
            out.insert(main.to_owned(), main_response);
            for (code, shape) in others {
                let response = match shape {
                    0 => json!({"$ref": "#/components/responses/missing"}),
                    1 => json!({"$ref": "#/components/responses/error"}),
                    2 if code == "abc" => json!({"content": {}}),
                    _ => json!({"description": "other", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}),
                };
                out.insert(code.to_owned(), response);
            }
            Value::Object(out)
        })
}

const TAGS: &[&str] = &[
    "Things", "things", "Odd Tag!", "type", "2fa", "Self", "models", "日本",
];

/// One operation on a path whose template names `template_params`.
fn operation(template_params: Vec<String>) -> impl Strategy<Value = Value> {
    let path_params = template_params
        .into_iter()
        .map(|name| {
            prop_oneof![
                12 => parameter(name.clone(), "path").prop_map(Some),
                1 => parameter(name, "query").prop_map(Some),
                1 => Just(None),
            ]
        })
        .collect::<Vec<_>>();
    (
        proptest::option::weighted(0.95, awkward_name()),
        prop_oneof![
            20 => proptest::sample::select(TAGS).prop_map(|tag| vec![tag]),
            1 => proptest::collection::vec(proptest::sample::select(TAGS), 0..3),
        ],
        path_params,
        proptest::collection::vec(any_parameter(), 0..3),
        proptest::option::weighted(0.4, (content(), any::<bool>())),
        proptest::option::weighted(0.97, responses()),
        proptest::option::weighted(
            0.1,
            Just(json!([{"name": "active", "state": ["status"], "success": ["ACTIVE"]}])),
        ),
    )
        .prop_map(
            |(id, tags, path_params, mut parameters, body, responses, waiters)| {
                parameters.extend(path_params.into_iter().flatten());
                let mut op = Map::new();
                if let Some(id) = id {
                    op.insert("operationId".to_owned(), json!(id));
                }
                op.insert("tags".to_owned(), json!(tags));
                op.insert("parameters".to_owned(), json!(parameters));
                if let Some((content, required)) = body {
                    op.insert(
                        "requestBody".to_owned(),
                        json!({"required": required, "content": content}),
                    );
                }
                if let Some(responses) = responses {
                    op.insert("responses".to_owned(), responses);
                }
                if let Some(waiters) = waiters {
                    op.insert("x-waiters".to_owned(), waiters);
                }
                op.insert("x-scopes".to_owned(), json!(["thing:read"]));
                Value::Object(op)
            },
        )
}

/// A path template and the parameter names in it.
fn path_template() -> impl Strategy<Value = (String, Vec<String>)> {
    proptest::collection::vec(
        prop_oneof![
            12 => "[a-z_]{1,6}".prop_map(|s| (s, None)),
            6 => awkward_name()
                .prop_filter("braces", |n| !n.contains(['{', '}', '/']))
                .prop_map(|n| (format!("{{{n}}}"), Some(n))),
            1 => proptest::sample::select(&["{", "}{", "{}", "{a}{a}", "%2F", "a b"][..])
                .prop_map(|s| (s.to_owned(), None)),
        ],
        0..4,
    )
    .prop_map(|segments| {
        let path = segments
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join("/");
        let mut names: Vec<String> = segments.into_iter().filter_map(|(_, n)| n).collect();
        names.dedup();
        (format!("/{path}"), names)
    })
}

/// A path item: a template and one to three operations on it.
fn path_item() -> impl Strategy<Value = (String, Value)> {
    path_template().prop_flat_map(|(path, names)| {
        (
            Just(path),
            proptest::collection::vec(
                (
                    prop_oneof![
                        30 => proptest::sample::select(&["get", "post", "put", "patch", "delete"][..]),
                        1 => proptest::sample::select(&["head", "trace", "options"][..]),
                    ],
                    operation(names.clone()),
                ),
                1..3,
            ),
            proptest::option::weighted(0.1, any_parameter()),
        )
            .prop_map(|(path, operations, item_parameter)| {
                let mut item = Map::new();
                for (method, operation) in operations {
                    item.insert(method.to_owned(), operation);
                }
                if let Some(parameter) = item_parameter {
                    item.insert("parameters".to_owned(), json!([parameter]));
                }
                (path, Value::Object(item))
            })
    })
}

fn document() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(path_item(), 0..5),
        proptest::collection::vec(
            (
                prop_oneof![
                    10 => proptest::sample::select(&COMPONENTS[..8]),
                    1 => proptest::sample::select(COMPONENTS),
                ],
                schema(),
            ),
            0..10,
        ),
        proptest::collection::vec((awkward_name(), any_parameter()), 0..2),
        prop_oneof![
            30 => Just("3.0.3"),
            1 => Just("3.1.0"),
            1 => Just("2.0"),
        ],
    )
        .prop_map(|(paths, schemas, parameters, version)| {
            let mut path_map = Map::new();
            for (path, item) in paths {
                path_map.insert(path, item);
            }
            let mut schema_map = Map::new();
            // Most components exist, so most refs resolve (and some recurse).
            for name in COMPONENTS.iter().take(8) {
                schema_map.insert(
                    (*name).to_owned(),
                    json!({"type": "object", "properties": {"status": {"type": "string"}}}),
                );
            }
            for (name, schema) in schemas {
                schema_map.insert(name.to_owned(), schema);
            }
            let mut parameter_map = Map::new();
            for (name, parameter) in parameters {
                parameter_map.insert(name, parameter);
            }
            json!({
                "openapi": version,
                "info": {"title": "fuzz", "version": "1"},
                "paths": path_map,
                "components": {
                    "schemas": schema_map,
                    "parameters": parameter_map,
                    "responses": {"error": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
                },
            })
        })
}

// ---------------------------------------------------------------------------------------------
// Mutating the real spec

fn real_spec() -> &'static serde_yaml::Value {
    static SPEC: OnceLock<serde_yaml::Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/digitalocean.yaml");
        let text = std::fs::read_to_string(path).expect("spec is readable");
        serde_yaml::from_str(&text).expect("spec is YAML")
    })
}

/// One edit somewhere in the tree: `route` picks a child at each level (modulo its length),
/// `depth` how far down to go, `kind` what to do there.
#[derive(Debug, Clone)]
struct Mutation {
    route: Vec<usize>,
    depth: usize,
    kind: u8,
    name: String,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (
        proptest::collection::vec(any::<usize>(), 12),
        1usize..12,
        0u8..9,
        awkward_name(),
    )
        .prop_map(|(route, depth, kind, name)| Mutation {
            route,
            depth,
            kind,
            name,
        })
}

fn children(value: &mut serde_yaml::Value) -> Vec<&mut serde_yaml::Value> {
    match value {
        serde_yaml::Value::Mapping(map) => map.values_mut().collect(),
        serde_yaml::Value::Sequence(items) => items.iter_mut().collect(),
        _ => Vec::new(),
    }
}

/// Walks `route` down to a container and edits one of its entries.
fn mutate(root: &mut serde_yaml::Value, m: &Mutation) {
    let mut current = root;
    for step in m.route.iter().take(m.depth) {
        let is_leafy = children(current).iter().all(|c| {
            !matches!(
                c,
                serde_yaml::Value::Mapping(_) | serde_yaml::Value::Sequence(_)
            )
        });
        if is_leafy {
            break;
        }
        let mut kids = children(current);
        let len = kids.len();
        let index = step % len;
        current = kids.swap_remove(index);
        if !matches!(
            current,
            serde_yaml::Value::Mapping(_) | serde_yaml::Value::Sequence(_)
        ) {
            return;
        }
    }
    let pick = m.route.last().copied().unwrap_or(0);
    let replacement = match m.kind {
        0 => serde_yaml::Value::String(m.name.clone()),
        1 => serde_yaml::Value::Null,
        2 => serde_yaml::Value::Number((pick as u64 % 1000).into()),
        3 => serde_yaml::Value::Mapping(Default::default()),
        4 => serde_yaml::Value::Sequence(Vec::new()),
        _ => serde_yaml::Value::Bool(pick % 2 == 0),
    };
    match current {
        serde_yaml::Value::Mapping(map) if !map.is_empty() => {
            let index = pick % map.len();
            let key = map.keys().nth(index).cloned();
            let Some(key) = key else { return };
            match m.kind {
                // Delete the entry.
                6 => {
                    map.shift_remove(&key);
                }
                // Rename the key, keeping the value.
                7 => {
                    if let Some(value) = map.shift_remove(&key) {
                        map.insert(serde_yaml::Value::String(m.name.clone()), value);
                    }
                }
                // Copy the value under a new key (duplicated operations, properties, schemas).
                8 => {
                    if let Some(value) = map.get(&key).cloned() {
                        map.insert(serde_yaml::Value::String(m.name.clone()), value);
                    }
                }
                _ => {
                    map.insert(key, replacement);
                }
            }
        }
        serde_yaml::Value::Sequence(items) if !items.is_empty() => {
            let index = pick % items.len();
            match m.kind {
                6 => {
                    items.remove(index);
                }
                7 | 8 => {
                    let copy = items[index].clone();
                    items.push(copy);
                }
                _ => items[index] = replacement,
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// The tests

proptest! {
    #![proptest_config(config(192))]

    /// Built documents, both as YAML and as JSON text, strict and lenient.
    #[test]
    fn built_documents_give_code_or_errors(doc in document(), as_json in any::<bool>()) {
        let text = if as_json {
            serde_json::to_string_pretty(&doc).expect("JSON")
        } else {
            serde_yaml::to_string(&doc).expect("YAML")
        };
        check(&text, false)?;
        check(&text, true)?;
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// The real spec with a few random edits.
    #[test]
    fn mutated_spec_gives_code_or_errors(
        mutations in proptest::collection::vec(mutation(), 1..6),
        lenient in any::<bool>(),
    ) {
        let mut spec = real_spec().clone();
        for m in &mutations {
            mutate(&mut spec, m);
        }
        let text = serde_yaml::to_string(&spec).expect("YAML");
        check(&text, lenient)?;
    }

    /// Arbitrary text, and the real spec cut short at a random byte.
    #[test]
    fn truncated_or_random_text_gives_errors_not_panics(cut in any::<usize>(), noise in "\\PC{0,64}") {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/digitalocean.yaml"))
            .expect("spec is readable");
        let mut end = cut % text.len();
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        check(&format!("{}{noise}", &text[..end]), true)?;
        check(&noise, false)?;
    }
}

/// The unmodified spec passes the same checks (so the property is not vacuous), and a document
/// the builder makes can generate code at all.
#[test]
fn the_checks_accept_the_real_spec_and_reject_nothing_valid() {
    let text = serde_yaml::to_string(real_spec()).expect("YAML");
    let files = codegen::generate(&text).expect("the real spec generates");
    assert!(files.len() > 2);
    check(&text, false).expect("the real spec passes the fuzz checks");
    let minimal = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/v2/things": {"get": {"operationId": "things_list", "tags": ["Things"],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"type": {"type": "string"}}}}}}}}}},
    });
    let files = codegen::generate(&minimal.to_string()).expect("a minimal document generates");
    assert!(files.iter().any(|f| f.contents.contains("pub r#type:")));
    let errors = codegen::generate("openapi: 2.0").expect_err("2.0 is refused");
    assert_eq!(errors.0[0].kind, ErrorKind::UnsupportedVersion);
}

/// How many built documents and mutated specs the compile check samples.
const COMPILE_SAMPLE: (usize, usize) = (8, 2);

/// A sample of generated outputs compiles (`rustc`, not only `syn`): every document the
/// generator gives files for, errors or not.
#[test]
fn a_sample_of_outputs_compiles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let seed: u64 = std::env::var("FUZZ_COMPILE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let lenient = Options {
        lenient: true,
        ..Options::default()
    };
    let mut written = 0;
    let mut attempts = 0;
    while written < COMPILE_SAMPLE.0 && attempts < 200 {
        attempts += 1;
        let doc = document()
            .new_tree(&mut runner)
            .expect("a document")
            .current();
        let text = serde_json::to_string_pretty(&doc).expect("JSON");
        if codegen::generate_with(&text, &lenient).operations_generated == 0 {
            continue;
        }
        std::fs::write(dir.path().join(format!("built_{written}.json")), text).unwrap();
        written += 1;
    }
    assert_eq!(
        written, COMPILE_SAMPLE.0,
        "too few built documents generate operations"
    );
    let strategy = proptest::collection::vec(mutation(), 1..6);
    for index in 0..COMPILE_SAMPLE.1 {
        let mut spec = real_spec().clone();
        for m in &strategy.new_tree(&mut runner).expect("mutations").current() {
            mutate(&mut spec, m);
        }
        let text = serde_yaml::to_string(&spec).expect("YAML");
        std::fs::write(dir.path().join(format!("mutated_{index}.yaml")), text).unwrap();
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let output = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "xtask", "--", "corpus"])
        .arg(dir.path())
        .current_dir(root)
        .output()
        .expect("cargo runs");
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "seed {seed}: a generated output does not compile\n{table}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{table}");
    // The compile step reports on stderr; the table is all of stdout.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cargo check of "), "{table}{stderr}");
    assert!(!table.contains(" NO "), "{table}");
}
