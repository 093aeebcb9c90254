//! Tidy: the rules ARCHITECTURE.md states about the code, checked on the sources so that they
//! stay true (in the manner of rust-analyzer's `tidy` tests). Each test reads files, never runs
//! the generator, and names every place that breaks its rule:
//!
//! - which part of `codegen` may use which ([`LAYERS`], the table of "What may import what"),
//!   and that `codegen` does no IO;
//! - no hand-written function over [`MAX_FN_LINES`] lines, no hand-written file over
//!   [`MAX_FILE_LINES`] (in `codegen/`, `runtime/src/` and `xtask/`);
//! - emit makes no decision the IR should carry (no grouping of HTTP methods), and puts no
//!   `allow(missing_docs)` on a generated module;
//! - generated docs: no line over 100 characters, no doubled blank line, no leading blank line;
//! - no list kept by hand that a test can derive: `names::PRELUDE` is exactly the prelude names
//!   the output writes unqualified, and no test spells out the `ErrorKind` variants.
//!
//! A rule that another branch is about to make true is listed in [`PENDING`]; the test fails as
//! soon as the entry is no longer needed, so the list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest hand-written function, in lines from `fn` to its closing brace.
const MAX_FN_LINES: usize = 120;
/// The longest hand-written file, in lines.
const MAX_FILE_LINES: usize = 500;
/// The longest generated doc line, indentation and `///` included (`codegen::format` wraps).
const MAX_DOC_LINE: usize = 100;

/// What each part of `codegen/src` may use, mirroring ARCHITECTURE.md ("What may import what"):
/// the part, the other parts of the crate it may name, and the dependencies it may name. The
/// pipeline's order is load -> lower -> emit -> format; `ir` and `names` are shared data and
/// naming, `error` the located error. A dependency not listed for a part is refused there.
const LAYERS: &[(&str, &[&str], &[&str])] = &[
    // The pipeline (`run`) strings the phases together; it alone sees them all.
    (
        "lib",
        &[
            "api", "drift", "emit", "error", "format", "ir", "load", "lower", "names",
        ],
        &["proc_macro2"],
    ),
    ("error", &[], &["thiserror"]),
    // The public-API report reads generated text (lib's `GeneratedFile`) with syn.
    ("api", &["lib"], &["syn", "quote", "proc_macro2"]),
    ("names", &[], &["heck"]),
    ("drift", &[], &[]),
    // Plain data (examples are JSON values).
    ("ir", &[], &["serde_json"]),
    // load knows openapiv3 and serde_yaml (and the JSON it reads them from).
    (
        "load",
        &["error", "names"],
        &[
            "openapiv3",
            "serde_yaml",
            "serde_json",
            "serde",
            "indexmap",
            "percent_encoding",
        ],
    ),
    // lower knows load and ir; it is the last code that sees openapiv3 (heck spells
    // openapiv3's `format` variants as the spec writes them, not identifiers).
    (
        "lower",
        &["error", "names", "load", "ir"],
        &[
            "openapiv3",
            "serde_json",
            "indexmap",
            "percent_encoding",
            "heck",
        ],
    ),
    // emit knows only ir and names, and writes tokens.
    (
        "emit",
        &["ir", "names"],
        &["proc_macro2", "quote", "serde_json"],
    ),
    // format knows only tokens (and reports a generator bug as an error).
    (
        "format",
        &["error"],
        &["proc_macro2", "syn", "prettyplease"],
    ),
];

/// Breaches of a rule that another branch removes, as `(rule, place)`. Each must still be found;
/// once it is gone, delete its line here.
const PENDING: &[(&str, &str)] = &[];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// Every `.rs` file under `dir` (relative to the workspace), sorted.
fn rust_files(dir: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), &mut out);
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The path relative to the workspace, with `/`.
fn shown(path: &Path) -> String {
    let relative = path.strip_prefix(root()).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/")
}

/// Fails listing `breaches` (as `(rule, place, detail)`), except those in [`PENDING`]; fails too
/// when a pending entry of one of `rules` was not found.
fn check(rules: &[&str], breaches: Vec<(&str, String, String)>) {
    let mut problems = Vec::new();
    let mut seen_pending = BTreeSet::new();
    for (rule, place, detail) in &breaches {
        if PENDING.contains(&(*rule, place.as_str())) {
            seen_pending.insert((*rule, place.as_str()));
        } else {
            problems.push(format!("{rule}: {place}: {detail}"));
        }
    }
    for (rule, place) in PENDING {
        if rules.contains(rule) && !seen_pending.contains(&(*rule, *place)) {
            problems.push(format!(
                "{rule}: {place} is listed in PENDING but no longer breaks the rule; remove it"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// A small lexer: enough of Rust to find identifiers, paths, functions and braces outside
// comments and literals.

/// One token of code: an identifier, `::`, or one punctuation character; with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    line: usize,
}

/// `text` with comments and the contents of string and character literals blanked (newlines
/// kept, so lines still count), quotes left in place.
fn blank_non_code(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && !chars[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
            && raw_string_hashes(&chars[i..]).is_some()
        {
            let prefix = if c == 'b' { 2 } else { 1 };
            let hashes = raw_string_hashes(&chars[i..]).unwrap_or(0);
            for _ in 0..prefix + hashes + 1 {
                out.push(chars[i]);
                i += 1;
            }
            let closing: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let closing: Vec<char> = closing.chars().collect();
            while i < chars.len() && !chars[i..].starts_with(&closing) {
                out.push(blank(chars[i]));
                i += 1;
            }
            for _ in 0..closing.len().min(chars.len() - i) {
                out.push(chars[i]);
                i += 1;
            }
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            if i < chars.len() {
                out.push('"');
                i += 1;
            }
        } else if c == '\'' {
            // A character literal (`'a'`, `'\n'`, `'\u{1F600}'`), else a lifetime or label.
            let end = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|&c| c == '\'')
                    .map(|p| i + 2 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    out.push('\'');
                    out.extend(std::iter::repeat_n(' ', end - i - 1));
                    out.push('\'');
                    i = end + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// For `r"`, `r#"`, `br##"` at the start of `chars`: the number of `#`.
fn raw_string_hashes(chars: &[char]) -> Option<usize> {
    let rest = if chars.first() == Some(&'b') {
        &chars[1..]
    } else {
        chars
    };
    let rest = rest.strip_prefix(&['r'])?;
    let hashes = rest.iter().take_while(|&&c| c == '#').count();
    (rest.get(hashes) == Some(&'"')).then_some(hashes)
}

/// The tokens of `text` outside comments and literals.
fn tokens(text: &str) -> Vec<Token> {
    let code = blank_non_code(text);
    let mut out = Vec::new();
    for (index, line) in code.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphabetic() || c == '_' {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push(Token {
                    text: chars[start..i].iter().collect(),
                    line: index + 1,
                });
            } else if c.is_ascii_digit() {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
            } else if c == ':' && chars.get(i + 1) == Some(&':') {
                out.push(Token {
                    text: "::".to_owned(),
                    line: index + 1,
                });
                i += 2;
            } else {
                if !c.is_whitespace() {
                    out.push(Token {
                        text: c.to_string(),
                        line: index + 1,
                    });
                }
                i += 1;
            }
        }
    }
    out
}

/// The index just past the bracket group opening at `open` (`(`, `[` or `{`).
fn group_end(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

fn is_ident(t: &Token) -> bool {
    t.text
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

// ---------------------------------------------------------------------------------------------
// Imports.

/// The part of `codegen/src` a file belongs to (`lower/walk.rs` -> `lower`, `ir.rs` -> `ir`)
/// and its module path (`["lower", "walk"]`; `mod.rs` is its folder's module).
fn codegen_module(path: &Path) -> Vec<String> {
    let relative = path
        .strip_prefix(root().join("codegen/src"))
        .expect("a codegen source");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The dependencies of `codegen`, as crate names in code (`percent-encoding` ->
/// `percent_encoding`), read from its manifest.
fn codegen_dependencies() -> BTreeSet<String> {
    let manifest = read(&root().join("codegen/Cargo.toml"));
    let mut in_dependencies = false;
    let mut names = BTreeSet::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && let Some((name, _)) = line.split_once(['=', '.']) {
            names.insert(name.trim().replace('-', "_"));
        }
    }
    assert!(names.contains("openapiv3"), "codegen/Cargo.toml: {names:?}");
    names
}

/// Everything a codegen file names: other parts of the crate (by their top-level module) and
/// dependencies, each with the line, skipping the bodies of `quote!` (generated code, not ours).
fn named_from(path: &Path, dependencies: &BTreeSet<String>) -> Vec<(String, usize)> {
    let module = codegen_module(path);
    let tokens = tokens(&read(path));
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let next = tokens.get(i + 1).map(|t| t.text.as_str());
        let after_path = i > 0 && matches!(tokens[i - 1].text.as_str(), "::" | ".");
        if (t.text == "quote" || t.text == "quote_spanned") && next == Some("!") {
            i = group_end(&tokens, i + 2);
            continue;
        }
        if after_path || next != Some("::") {
            i += 1;
            continue;
        }
        match t.text.as_str() {
            "crate" => {
                if let Some(part) = tokens.get(i + 2).filter(|t| is_ident(t)) {
                    found.push((part.text.clone(), t.line));
                }
            }
            "super" | "self" => {
                let mut up = 0;
                let mut j = i;
                while tokens.get(j).is_some_and(|t| t.text == "super")
                    && tokens.get(j + 1).is_some_and(|t| t.text == "::")
                {
                    up += 1;
                    j += 2;
                }
                if t.text == "self" {
                    j = i + 2;
                }
                let kept = module.len().saturating_sub(up);
                let part = if kept > 0 {
                    Some(module[0].clone())
                } else {
                    tokens
                        .get(j)
                        .filter(|t| is_ident(t))
                        .map(|t| t.text.clone())
                };
                if let Some(part) = part {
                    found.push((part, t.line));
                }
                i = j;
                continue;
            }
            name if dependencies.contains(name) => found.push((name.to_owned(), t.line)),
            "std" | "core" | "alloc" => {
                // `codegen` is pure: no file, network, process or environment access.
                if let Some(module) = tokens.get(i + 2)
                    && ["fs", "net", "process", "env", "io"].contains(&module.text.as_str())
                {
                    found.push((format!("std::{}", module.text), t.line));
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[test]
fn each_part_of_codegen_names_only_what_the_architecture_allows() {
    let dependencies = codegen_dependencies();
    let layers: BTreeMap<&str, (&[&str], &[&str])> = LAYERS
        .iter()
        .map(|(part, modules, crates)| (*part, (*modules, *crates)))
        .collect();
    let mut breaches = Vec::new();
    for path in rust_files("codegen/src") {
        let module = codegen_module(&path);
        let part = module.first().map_or("lib", String::as_str);
        let Some((modules, crates)) = layers.get(part) else {
            breaches.push((
                "a part of codegen missing from LAYERS",
                shown(&path),
                format!("add `{part}` to the table (and to ARCHITECTURE.md)"),
            ));
            continue;
        };
        for (name, line) in named_from(&path, &dependencies) {
            let allowed = name == part
                || modules.contains(&name.as_str())
                || crates.contains(&name.as_str())
                || !(layers.contains_key(name.as_str())
                    || dependencies.contains(&name)
                    || name.starts_with("std::"));
            if !allowed {
                breaches.push((
                    "import",
                    shown(&path),
                    format!("line {line}: `{part}` may not name `{name}`"),
                ));
            }
        }
    }
    check(
        &["import", "a part of codegen missing from LAYERS"],
        breaches,
    );
}

/// Emit prints what lower decided: an or-pattern of HTTP methods (`Post | Put | ...`) is a
/// decision by method, which belongs in the IR.
#[test]
fn emit_does_not_decide_by_http_method() {
    let mut breaches = Vec::new();
    for path in rust_files("codegen/src/emit") {
        let tokens = tokens(&read(&path));
        for (i, window) in tokens.windows(4).enumerate() {
            let texts: Vec<&str> = window.iter().map(|t| t.text.as_str()).collect();
            if texts[0] == "|" && texts[1] == "HttpMethod" && texts[2] == "::" {
                breaches.push((
                    "emit decides by HTTP method",
                    shown(&path),
                    format!("line {}: an or-pattern of HTTP methods", tokens[i].line),
                ));
            }
        }
    }
    breaches.dedup_by(|a, b| a.1 == b.1);
    check(&["emit decides by HTTP method"], breaches);
}

/// Every generated item is documented: no generated module allows `missing_docs`.
#[test]
fn emit_puts_no_allow_missing_docs_on_generated_modules() {
    let mut breaches = Vec::new();
    for path in rust_files("codegen/src/emit") {
        let tokens = tokens(&read(&path));
        for (i, t) in tokens.iter().enumerate() {
            if t.text == "missing_docs"
                && tokens[..i].iter().rev().take(12).any(|t| t.text == "allow")
            {
                breaches.push((
                    "allow(missing_docs)",
                    shown(&path),
                    format!("line {}", t.line),
                ));
            }
        }
    }
    check(&["allow(missing_docs)"], breaches);
}

// ---------------------------------------------------------------------------------------------
// Lengths.

/// Each function in `text` as (name, first line, length in lines from `fn` to its closing
/// brace). Functions without a body (trait declarations) and `fn` pointer types are skipped.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.text != "fn" || !tokens.get(i + 1).is_some_and(is_ident) {
            continue;
        }
        // The body is the first `{` outside parentheses, brackets and generics; a `;` first
        // means there is none.
        let mut depth = 0i32;
        let mut body = None;
        for (j, u) in tokens.iter().enumerate().skip(i + 2) {
            match u.text.as_str() {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                "{" if depth == 0 => {
                    body = Some(j);
                    break;
                }
                ";" if depth == 0 => break,
                _ => {}
            }
        }
        if let Some(open) = body {
            let end = group_end(&tokens, open);
            let last = tokens[end.saturating_sub(1)].line;
            out.push((tokens[i + 1].text.clone(), t.line, last - t.line + 1));
        }
    }
    out
}

#[test]
fn hand_written_functions_and_files_stay_short() {
    let mut breaches = Vec::new();
    let files = ["codegen", "runtime/src", "xtask"]
        .into_iter()
        .flat_map(rust_files);
    for path in files {
        let text = read(&path);
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            breaches.push((
                "file length",
                shown(&path),
                format!("{lines} lines (at most {MAX_FILE_LINES})"),
            ));
        }
        for (name, line, length) in functions(&text) {
            if length > MAX_FN_LINES {
                breaches.push((
                    "function length",
                    shown(&path),
                    format!("line {line}: `{name}` is {length} lines (at most {MAX_FN_LINES})"),
                ));
            }
        }
    }
    check(&["file length", "function length"], breaches);
}

#[test]
fn the_lexer_counts_functions_past_strings_comments_and_nesting() {
    let text = "fn a() {\n    let s = \"}\";\n    // }\n    let c = '}';\n    let r = r#\"}\"#;\n}\n\
                trait T { fn decl(&self); fn with_body(&self) -> fn(u8) -> u8 { |x| x } }\n\
                fn b<'a>(x: &'a [u8; 2]) -> impl Fn() {\n    move || {\n        let _ = x;\n    }\n}\n";
    let found = functions(text);
    assert_eq!(
        found,
        [
            ("a".to_owned(), 1, 6),
            ("with_body".to_owned(), 7, 1),
            ("b".to_owned(), 8, 5),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Generated docs.

/// Every generated file: the checked-in client and the snapshots.
fn generated_files() -> Vec<PathBuf> {
    let mut files = rust_files("generated/src/auto");
    files.extend(rust_files("tests/snapshots"));
    assert!(files.len() > 30, "{} generated files", files.len());
    files
}

#[test]
fn generated_docs_are_wrapped_with_no_stray_blank_lines() {
    let mut breaches = Vec::new();
    for path in generated_files() {
        let text = read(&path);
        let mut above: Option<&str> = None;
        for (index, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let doc = trimmed
                .strip_prefix("///")
                .or_else(|| trimmed.strip_prefix("//!"))
                .map(str::trim);
            let at = format!("line {}", index + 1);
            if doc.is_some() && line.chars().count() > MAX_DOC_LINE {
                breaches.push((
                    "doc line length",
                    shown(&path),
                    format!("{at}: {} characters", line.chars().count()),
                ));
            }
            match (above, doc) {
                (Some(""), Some("")) => {
                    breaches.push(("doubled blank doc line", shown(&path), at));
                }
                (None, Some("")) => breaches.push(("doc starts blank", shown(&path), at)),
                _ => {}
            }
            above = doc;
        }
    }
    check(
        &[
            "doc line length",
            "doubled blank doc line",
            "doc starts blank",
        ],
        breaches,
    );
}

// ---------------------------------------------------------------------------------------------
// Lists a test can derive.

/// The names defined in generated code (types, traits, generic parameters, consts, imports),
/// read with `syn`.
fn defined_names(file: &syn::File, out: &mut BTreeSet<String>) {
    fn generics(g: &syn::Generics, out: &mut BTreeSet<String>) {
        for param in &g.params {
            match param {
                syn::GenericParam::Type(t) => out.insert(t.ident.to_string()),
                syn::GenericParam::Const(c) => out.insert(c.ident.to_string()),
                syn::GenericParam::Lifetime(_) => false,
            };
        }
    }
    fn items(list: &[syn::Item], out: &mut BTreeSet<String>) {
        for item in list {
            match item {
                syn::Item::Struct(s) => {
                    out.insert(s.ident.to_string());
                    generics(&s.generics, out);
                }
                syn::Item::Enum(e) => {
                    out.insert(e.ident.to_string());
                    generics(&e.generics, out);
                }
                syn::Item::Type(t) => {
                    out.insert(t.ident.to_string());
                }
                syn::Item::Trait(t) => {
                    out.insert(t.ident.to_string());
                }
                syn::Item::Const(c) => {
                    out.insert(c.ident.to_string());
                }
                syn::Item::Fn(f) => generics(&f.sig.generics, out),
                syn::Item::Impl(i) => {
                    generics(&i.generics, out);
                    // Associated types and consts are reached through `Self::`, never bare.
                    for item in &i.items {
                        if let syn::ImplItem::Fn(f) = item {
                            generics(&f.sig.generics, out);
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        items(inner, out);
                    }
                }
                syn::Item::Use(u) => use_names(&u.tree, out),
                _ => {}
            }
        }
    }
    fn use_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(p) => use_names(&p.tree, out),
            syn::UseTree::Name(n) => {
                out.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) => {
                out.insert(r.rename.to_string());
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    items(&file.items, out);
}

/// The `UpperCamelCase` names `text` writes as a path of one segment (not after `::` or `.`),
/// outside attributes and not where an item or an enum variant is declared.
fn single_segment_names(text: &str, out: &mut BTreeSet<String>) {
    let tokens = tokens(text);
    let mut declared = BTreeSet::new();
    for (i, t) in tokens.iter().enumerate() {
        match t.text.as_str() {
            "struct" | "enum" | "type" | "trait" | "const" | "static" | "fn" | "mod" => {
                declared.insert(i + 1);
            }
            _ => {}
        }
        if t.text == "enum"
            && let Some(open) = tokens[i..]
                .iter()
                .position(|t| t.text == "{")
                .map(|p| i + p)
        {
            // A variant's name comes first in the body or after a `,` at the body's own depth,
            // past its attributes.
            let end = group_end(&tokens, open);
            let mut j = open + 1;
            let mut expect_variant = true;
            while j < end {
                match tokens[j].text.as_str() {
                    "#" => {
                        j = group_end(&tokens, j + 1);
                        continue;
                    }
                    "(" | "{" | "[" => {
                        j = group_end(&tokens, j);
                        continue;
                    }
                    "," => expect_variant = true,
                    _ if expect_variant && is_ident(&tokens[j]) => {
                        declared.insert(j);
                        expect_variant = false;
                    }
                    _ => {}
                }
                j += 1;
            }
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.text == "#" {
            let open = if tokens.get(i + 1).is_some_and(|t| t.text == "!") {
                i + 2
            } else {
                i + 1
            };
            if tokens.get(open).is_some_and(|t| t.text == "[") {
                i = group_end(&tokens, open);
                continue;
            }
        }
        let qualified = i > 0 && matches!(tokens[i - 1].text.as_str(), "::" | ".");
        if !qualified
            && !declared.contains(&i)
            && t.text.starts_with(|c: char| c.is_ascii_uppercase())
            && t.text != "Self"
        {
            out.insert(t.text.clone());
        }
        i += 1;
    }
}

#[test]
fn prelude_lists_exactly_the_names_the_output_writes_unqualified() {
    let mut defined = BTreeSet::new();
    let mut written = BTreeSet::new();
    for path in generated_files() {
        let text = read(&path);
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", shown(&path)));
        defined_names(&file, &mut defined);
        single_segment_names(&text, &mut written);
    }
    let unqualified: BTreeSet<&str> = written
        .iter()
        .filter(|name| !defined.contains(*name))
        .map(String::as_str)
        .collect();
    let listed: BTreeSet<&str> = codegen::PRELUDE.iter().copied().collect();
    assert_eq!(
        unqualified, listed,
        "codegen::PRELUDE is out of step with the names the output writes unqualified"
    );
}

/// The variants of `codegen::ErrorKind`, read from its source.
fn error_kinds() -> BTreeSet<String> {
    let text = read(&root().join("codegen/src/error.rs"));
    let file = syn::parse_file(&text).expect("codegen/src/error.rs parses");
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == "ErrorKind" => {
                Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
            }
            _ => None,
        })
        .expect("enum ErrorKind in codegen/src/error.rs")
}

/// No test keeps its own copy of the `ErrorKind` variants (an array or a list of three or more
/// of them in a row): read them with `syn` from `codegen/src/error.rs` instead.
#[test]
fn no_test_spells_out_the_error_kinds() {
    let kinds = error_kinds();
    assert!(kinds.len() > 10, "{kinds:?}");
    let mut breaches = Vec::new();
    let files = ["tests/tests", "tests/src", "codegen/tests", "xtask"]
        .into_iter()
        .flat_map(rust_files);
    for path in files {
        let tokens = tokens(&read(&path));
        let mut run = 0;
        let mut i = 0;
        while i + 2 < tokens.len() {
            if tokens[i].text == "ErrorKind"
                && tokens[i + 1].text == "::"
                && kinds.contains(&tokens[i + 2].text)
            {
                run += 1;
                if run == 3 {
                    breaches.push((
                        "hand-kept ErrorKind list",
                        shown(&path),
                        format!("line {}", tokens[i].line),
                    ));
                }
                i += 3;
                if tokens.get(i).is_some_and(|t| t.text == ",") {
                    i += 1;
                    continue;
                }
            }
            run = 0;
            i += 1;
        }
    }
    check(&["hand-kept ErrorKind list"], breaches);
}
