//! Names that cannot collide with the runtime's, by construction, and a fixture that proves it.
//!
//! The list of runtime members is read from the runtime's source (`runtime/src`, parsed with
//! `syn`): every public item, associated item of an inherent impl and method of a public trait,
//! snake-cased (`RequestOptions` and `request_options` give the same generated names). The
//! fixture `tests/broken/runtime_members.yaml` is written from that list and the Rust keywords:
//! each name is a tag, an operationId, a query, path and header parameter and a body property.
//! [`the_fixture_names_every_runtime_member_and_keyword`] fails when the fixture misses one (a
//! runtime release that adds a member); `EXPECTORATE=overwrite cargo test -p tests --test
//! runtime_members` rewrites it, and the snapshot and compile tests
//! (`tests/snapshots/runtime_members`, `tests/compile/ui/pass/runtime_members.rs`) then prove
//! that the output still compiles. No list of runtime names is kept by hand.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use syn::{ImplItem, Item, TraitItem, Visibility};

/// The Rust keywords (strict, reserved and weak, 2024 edition), as the Rust reference lists them.
const KEYWORDS: &[&str] = &[
    "abstract",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "const",
    "continue",
    "crate",
    "do",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "macro",
    "macro_rules",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "pub",
    "raw",
    "ref",
    "return",
    "safe",
    "self",
    "Self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "union",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
];

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// The public names of `items` and of the public modules among them.
fn collect(items: &[Item], out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            Item::Fn(f) if is_pub(&f.vis) => {
                out.insert(f.sig.ident.to_string());
            }
            Item::Struct(s) if is_pub(&s.vis) => {
                out.insert(s.ident.to_string());
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                out.insert(e.ident.to_string());
            }
            Item::Const(c) if is_pub(&c.vis) => {
                out.insert(c.ident.to_string());
            }
            Item::Static(s) if is_pub(&s.vis) => {
                out.insert(s.ident.to_string());
            }
            Item::Type(t) if is_pub(&t.vis) => {
                out.insert(t.ident.to_string());
            }
            Item::Macro(m) => {
                if let Some(ident) = &m.ident {
                    out.insert(ident.to_string());
                }
            }
            Item::Trait(t) if is_pub(&t.vis) => {
                out.insert(t.ident.to_string());
                for member in &t.items {
                    match member {
                        TraitItem::Fn(f) => out.insert(f.sig.ident.to_string()),
                        TraitItem::Const(c) => out.insert(c.ident.to_string()),
                        TraitItem::Type(t) => out.insert(t.ident.to_string()),
                        _ => false,
                    };
                }
            }
            Item::Impl(i) if i.trait_.is_none() => {
                for member in &i.items {
                    match member {
                        ImplItem::Fn(f) if is_pub(&f.vis) => out.insert(f.sig.ident.to_string()),
                        ImplItem::Const(c) if is_pub(&c.vis) => out.insert(c.ident.to_string()),
                        _ => false,
                    };
                }
            }
            Item::Mod(m) if !is_test_only(&m.attrs) => {
                if is_pub(&m.vis) {
                    out.insert(m.ident.to_string());
                }
                if let Some((_, items)) = &m.content {
                    collect(items, out);
                }
            }
            _ => {}
        }
    }
}

/// `RequestOptions` -> `request_options`, `MAX_PER_PAGE` -> `max_per_page`.
fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let before_lower = i > 0
                && chars[i - 1].is_ascii_uppercase()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if after_lower || before_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every public member of the runtime, snake-cased, read from `runtime/src`.
fn runtime_members() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let mut names = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .expect("runtime/src is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a runtime source file is readable");
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if is_test_only(&file.attrs) {
            continue;
        }
        collect(&file.items, &mut names);
    }
    names.iter().map(|n| snake(n)).collect()
}

/// The fixture: every name as a tag (with one operation), an operation of the tag `things`, a
/// query, header and path parameter, and a body property.
fn fixture(names: &BTreeSet<String>) -> String {
    let mut y = String::new();
    y.push_str(
        "# Written by tests/tests/it/runtime_members.rs from the runtime's source and the Rust keywords:\n\
         # do not edit (EXPECTORATE=overwrite cargo test -p tests --test it -- runtime_members).\n\
         # Every name is a tag, an operationId, a query, header and path parameter and a body\n\
         # property; the output compiles (tests/compile/ui/pass/runtime_members.rs).\n\
         openapi: 3.0.3\n\
         info: {title: runtime members, version: \"1\"}\n\
         paths:\n",
    );
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            y,
            "  /v2/tag{i}:\n    get:\n      operationId: {name}_list\n      tags: [\"{name}\"]\n      responses:\n        \"204\": {{description: ok}}\n"
        );
        let _ = write!(
            y,
            "  /v2/things/op{i}:\n    get:\n      operationId: \"{name}\"\n      tags: [things]\n      responses:\n        \"204\": {{description: ok}}\n"
        );
    }
    let params = |location: &str, chunk: &[&String], y: &mut String| {
        for name in chunk {
            let required = if location == "path" { "true" } else { "false" };
            let _ = writeln!(
                y,
                "        - {{name: \"{name}\", in: {location}, required: {required}, schema: {{type: string}}}}"
            );
        }
    };
    let all: Vec<&String> = names.iter().collect();
    for location in ["query", "header"] {
        let _ = write!(
            y,
            "  /v2/{location}:\n    get:\n      operationId: {location}_params\n      tags: [params]\n      parameters:\n"
        );
        params(location, &all, &mut y);
        y.push_str("      responses:\n        \"204\": {description: ok}\n");
    }
    // Path templates in pieces of three: the docs quote the template, and a doc line (which
    // cannot break inside it) stays under 100 characters.
    for (i, chunk) in all.chunks(3).enumerate() {
        let template: String = chunk.iter().map(|n| format!("/{{{n}}}")).collect();
        let _ = write!(
            y,
            "  /v2/path{i}{template}:\n    get:\n      operationId: path_params{i}\n      tags: [params]\n      parameters:\n"
        );
        params("path", chunk, &mut y);
        y.push_str("      responses:\n        \"204\": {description: ok}\n");
    }
    y.push_str(
        "  /v2/body:\n    post:\n      operationId: body_fields\n      tags: [params]\n      \
         requestBody:\n        required: true\n        content:\n          application/json:\n            \
         schema: {$ref: \"#/components/schemas/BodyFields\"}\n      responses:\n        \
         \"200\":\n          description: ok\n          content:\n            application/json:\n              \
         schema: {$ref: \"#/components/schemas/BodyFields\"}\n\
         components:\n  schemas:\n    BodyFields:\n      type: object\n      properties:\n",
    );
    for name in names {
        let _ = writeln!(y, "        \"{name}\": {{type: string}}");
    }
    y
}

#[test]
fn the_fixture_names_every_runtime_member_and_keyword() {
    let members = runtime_members();
    // The parse found the runtime's API, not an empty or partial list.
    for known in [
        "client",
        "request_overrides",
        "timeout",
        "attempt_timeout",
        "operation_builder",
        "request_options",
        "query_entry",
        "execute_optional",
        "serialize_unknown",
        "version",
    ] {
        assert!(members.contains(known), "{known} is not among {members:?}");
    }
    let mut names = members;
    names.extend(KEYWORDS.iter().map(|k| snake(k)));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    expectorate::assert_contents(root.join("broken/runtime_members.yaml"), &fixture(&names));
}

#[test]
fn snake_case_joins_words_and_acronyms() {
    assert_eq!(snake("RequestOptions"), "request_options");
    assert_eq!(snake("MAX_PER_PAGE"), "max_per_page");
    assert_eq!(snake("CUSTOM_OPERATION_ID"), "custom_operation_id");
    assert_eq!(snake("HTTPServer"), "http_server");
    assert_eq!(snake("Self"), "self");
    assert_eq!(snake("to_json"), "to_json");
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_contract_lists_every_runtime_item_generated_code_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let contract = std::fs::read_to_string(root.join("runtime/src/contract.rs"))
        .expect("runtime/src/contract.rs is readable");
    let mut files = Vec::new();
    rust_files(&root.join("generated/src/auto"), &mut files);
    rust_files(&root.join("tests/snapshots"), &mut files);
    let mut named = BTreeSet::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a generated file is readable");
        for (at, _) in text.match_indices("crate::runtime::") {
            let rest = &text[at + "crate::runtime::".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            named.insert(rest[..end].to_owned());
        }
    }
    assert!(named.contains("OperationRequest"), "{named:?}");
    // Runtime values are made by constructors and methods, never by a struct literal: a
    // `crate::runtime::Path {` is only an impl's or a signature's.
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a generated file is readable");
        for line in text.lines() {
            let Some(at) = line.find("crate::runtime::") else {
                continue;
            };
            let rest = &line[at..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let trimmed = line.trim_start();
            let before = &line[..at];
            let typed =
                trimmed.starts_with("impl") || before.contains("->") || before.ends_with(" for ");
            assert!(
                !rest[end..].starts_with(" {") || typed,
                "{}: a struct literal of a runtime type: {line}",
                path.display()
            );
        }
    }
    let missing: Vec<&String> = named
        .iter()
        .filter(|item| !contract.contains(&format!("(crate::{item})")))
        .collect();
    assert!(
        missing.is_empty(),
        "generated code names runtime items that runtime/src/contract.rs does not list: {missing:?}"
    );
}

#[test]
fn the_generator_writes_for_the_runtime_contract_it_is_built_with() {
    assert_eq!(
        codegen::RUNTIME_CONTRACT,
        digitalocean_client_runtime::contract::VERSION
    );
    // The tests crate shares the workspace version with the runtime.
    let runtime_version = env!("CARGO_PKG_VERSION");
    assert!(
        runtime_version.starts_with(&format!("{}.", codegen::RUNTIME_VERSIONS)),
        "the generator says runtime {}, the runtime is {runtime_version}",
        codegen::RUNTIME_VERSIONS
    );
    // The generated client's manifest states that range.
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml"),
    )
    .unwrap();
    assert!(
        manifest.contains(&format!("runtime contract {}", codegen::RUNTIME_CONTRACT)),
        "generated/Cargo.toml does not name the contract"
    );
}
