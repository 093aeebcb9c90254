//! The broken-spec corpus in `tests/broken/`: small specs that are broken or merely awkward.
//!
//! `tests/broken/expected.txt` lists every file with what it must give: the kind and JSON
//! pointer of the first error of a strict run, or `works`. Broken files are checked by one
//! helper ([`fails`]); the ones that work get assertions on the generated code, which must also
//! parse with `syn`. The last tests run the real `cargo xtask codegen --spec` on broken specs: it
//! exits non-zero, prints the pointer and leaves `generated/src/auto` byte-for-byte as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{ErrorKind, GeneratedFile, Options};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("broken")
}

fn read(file: &str) -> String {
    std::fs::read_to_string(corpus_dir().join(file))
        .unwrap_or_else(|e| panic!("tests/broken/{file}: {e}"))
}

/// `expected.txt` as file -> `Some((kind, pointer))` for broken files, `None` for working ones.
fn manifest() -> BTreeMap<String, Option<(String, String)>> {
    let mut out = BTreeMap::new();
    for line in read("expected.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let expectation = match fields.as_slice() {
            [_, "works"] => None,
            [_, kind, pointer] => {
                let pointer = if *pointer == "-" { "" } else { pointer };
                Some(((*kind).to_owned(), pointer.to_owned()))
            }
            _ => panic!("malformed line in expected.txt: {line}"),
        };
        let previous = out.insert(fields[0].to_owned(), expectation);
        assert!(previous.is_none(), "{} is listed twice", fields[0]);
    }
    out
}

fn expectation(file: &str) -> Option<(String, String)> {
    manifest()
        .remove(file)
        .unwrap_or_else(|| panic!("{file} is not in tests/broken/expected.txt"))
}

fn lenient() -> Options {
    Options {
        lenient: true,
        ..Options::default()
    }
}

/// Asserts every file parses as Rust.
fn assert_parses(file: &str, files: &[GeneratedFile]) {
    for generated in files {
        if let Err(e) = syn::parse_file(&generated.contents) {
            panic!(
                "{file}: generated {} does not parse: {e}\n{}",
                generated.path, generated.contents
            );
        }
    }
}

/// A broken file: the first strict error has the listed kind and pointer, its message starts
/// with the pointer, nothing is generated, and a lenient run does not panic either.
fn fails(file: &str) {
    let (kind, pointer) = expectation(file).expect("listed as broken, not `works`");
    let text = read(file);
    let errors = match codegen::generate(&text) {
        Ok(files) => panic!(
            "{file}: expected {kind} at {pointer}, got {} files",
            files.len()
        ),
        Err(errors) => errors.0,
    };
    let first = &errors[0];
    assert_eq!(
        (format!("{:?}", first.kind), first.pointer.as_str()),
        (kind.clone(), pointer.as_str()),
        "{file}: first error is {first:?}; all: {errors:#?}"
    );
    let shown = if pointer.is_empty() { "/" } else { &pointer };
    assert!(
        first.to_string().starts_with(&format!("{shown}: ")),
        "{file}: {first}"
    );
    assert!(
        !first.message.trim().is_empty(),
        "{file}: error without a message"
    );
    // Lenient runs skip what they cannot generate; whatever they produce must still parse.
    let report = codegen::generate_with(&text, &lenient());
    assert_parses(file, &report.files);
    if report.files.is_empty() {
        assert!(
            !report.errors.is_empty(),
            "{file}: lenient run gave nothing"
        );
    }
}

/// A working file: generates in strict mode, every file parses; returns the text of
/// `models.rs` and of all files together.
fn works(file: &str) -> (String, String) {
    assert_eq!(expectation(file), None, "{file} is not listed as `works`");
    let files = codegen::generate(&read(file))
        .unwrap_or_else(|errors| panic!("{file} should generate, but:\n{errors}"));
    assert_parses(file, &files);
    let models = files
        .iter()
        .find(|f| f.path == "models.rs")
        .map(|f| f.contents.clone())
        .expect("models.rs is generated");
    let all = files
        .iter()
        .map(|f| format!("// FILE {}\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n");
    (models, all)
}

/// Each (wire name, Rust field) pair is read and written under that wire name: the model's
/// `Serialize` writes `self.<field>` under `"<wire>"` (`wire` as written in Rust source).
fn assert_renamed(file: &str, models: &str, pairs: &[(&str, &str)]) {
    let flat: String = models.chars().filter(|c| !c.is_whitespace()).collect();
    for (wire, field) in pairs {
        // Whitespace is dropped on both sides (prettyplease may break the call anywhere).
        let needle: String = format!("\"{wire}\",&self.{field}")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            flat.contains(&format!("{needle})")) || flat.contains(&format!("{needle},)")),
            "{file}: the field `{field}` is not written as {wire:?}:\n{models}"
        );
    }
}

fn assert_contains(file: &str, haystack: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            haystack.contains(needle),
            "{file}: generated code lacks `{needle}`:\n{haystack}"
        );
    }
}

/// One `#[test]` per line of `expected.txt` (`cargo test -p tests --test it -- broken::expected::
/// cookie_param` runs one), written by `tests/build.rs` from the manifest: a broken file gives
/// the listed error kind at the listed pointer, a working one generates code that parses.
mod expected {
    use super::{fails, works};
    include!(concat!(env!("OUT_DIR"), "/broken_tests.rs"));
}

#[test]
fn the_manifest_lists_every_file_of_the_corpus() {
    let listed = manifest();
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/broken is readable")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let listed_names: Vec<String> = listed.keys().cloned().collect();
    assert_eq!(
        on_disk, listed_names,
        "expected.txt and tests/broken/ differ"
    );
    let broken = listed.values().filter(|e| e.is_some()).count();
    assert!(broken >= 25, "only {broken} broken specs");
    // Every kind named in the manifest is a real ErrorKind (its variants read from the source,
    // so no list here needs keeping in step).
    let kinds = error_kinds();
    for (file, expectation) in &listed {
        if let Some((kind, _)) = expectation {
            assert!(kinds.contains(kind), "{file}: unknown kind {kind}");
        }
    }
}

/// The variants of `codegen::ErrorKind`, read with `syn` from `codegen/src/error.rs`.
fn error_kinds() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/src/error.rs");
    let text = std::fs::read_to_string(&path).expect("codegen/src/error.rs is readable");
    let file = syn::parse_file(&text).expect("codegen/src/error.rs parses");
    let kinds: Vec<String> = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == "ErrorKind" => {
                Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
            }
            _ => None,
        })
        .expect("enum ErrorKind in codegen/src/error.rs");
    assert!(
        kinds.contains(&format!("{:?}", ErrorKind::DanglingRef)),
        "{kinds:?}"
    );
    kinds
}

#[test]
fn invalid_yaml() {
    fails("invalid_yaml.yaml");
    let errors = codegen::generate(&read("invalid_yaml.yaml")).unwrap_err();
    assert!(errors.0[0].message.contains("line 4"), "{}", errors);
}
#[test]
fn swagger_2() {
    // Converted on load: the operation, its response type and the nullable field are generated.
    let (models, all) = works("swagger_2.yaml");
    assert_contains(
        "swagger_2.yaml",
        &all,
        &["/things", "Vec<super::models::Thing>", "fn list("],
    );
    assert_contains("swagger_2.yaml", &models, &["pub name: Option<String>"]);
}

#[test]
fn swagger_2_errors_are_located_in_the_2_0_document() {
    for file in [
        "swagger_1_2.yaml",
        "swagger_2_tsv.yaml",
        "swagger_2_two_bodies.yaml",
        "swagger_2_form_in_json.yaml",
        "swagger_2_dangling_definition.yaml",
        "swagger_2_header_array.yaml",
        "swagger_2_form_csv.yaml",
    ] {
        fails(file);
    }
}
#[test]
fn integer_status_codes() {
    fails("integer_status_codes.yaml");
    // Lenient mode reads the code as "200" and generates the operation, reporting the guess.
    let report = codegen::generate_with(&read("integer_status_codes.yaml"), &lenient());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.operations_generated, 1);
    assert_eq!(report.guesses.len(), 1);
    assert_eq!(
        report.guesses[0].pointer,
        "/paths/~1v1~1things/get/responses/200"
    );
    let things = report
        .files
        .iter()
        .find(|f| f.path == "things.rs")
        .expect("things.rs");
    assert!(
        things.contents.contains("Vec<String>"),
        "{}",
        things.contents
    );
}
#[test]
fn an_operation_without_tags_goes_to_the_module_of_its_first_path_segment() {
    let file = "missing_tag.yaml";
    let (_, all) = works(file);
    assert_contains(
        file,
        &all,
        &[
            "// FILE things.rs",
            "/// Operations without a tag whose path starts with `things`.",
            "pub fn list(&self) -> ThingsList",
            // An untagged operation whose path module is a tag's module joins that tag, and a
            // second tag is not an error.
            "// FILE gadgets.rs",
            "/// Operations tagged `Gadgets`.",
            "pub fn list(&self) -> GadgetsList",
            "pub fn gizmos(&self) -> GadgetsGizmos",
        ],
    );
    assert!(!all.contains("// FILE gizmos.rs"), "{all}");
}
#[test]
fn multiple_tags_generate_once_under_the_first_tag() {
    let file = "multiple_tags.yaml";
    let (_, all) = works(file);
    assert_contains(
        file,
        &all,
        &[
            "// FILE things.rs",
            "pub fn list(&self)",
            "/// Also tagged `Stuff`; generated once, under `Things`.",
        ],
    );
    assert!(!all.contains("// FILE stuff.rs"), "{all}");
}
#[test]
fn dangling_ref() {
    fails("dangling_ref.yaml");
    // Reported once, though both the loader and the lowering meet it.
    let errors = codegen::generate(&read("dangling_ref.yaml")).unwrap_err().0;
    let dangling = errors
        .iter()
        .filter(|e| e.kind == ErrorKind::DanglingRef)
        .count();
    assert_eq!(dangling, 1, "{errors:?}");
}
#[test]
fn every_kind_of_reference_is_followed_by_one_resolver() {
    // Dangling request-body and response references are each one error, located at the `$ref`
    // (where the loader's check finds them too).
    let file = "dangling_operation_refs.yaml";
    fails(file);
    let text = read(file);
    let errors = codegen::generate(&text).unwrap_err().0;
    let located: Vec<(ErrorKind, &str)> = errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str()))
        .collect();
    assert_eq!(
        located,
        [
            (
                ErrorKind::DanglingRef,
                "/paths/~1v2~1things/get/responses/200/$ref"
            ),
            (
                ErrorKind::DanglingRef,
                "/paths/~1v2~1things/post/requestBody/$ref"
            ),
        ],
        "{errors:#?}"
    );
    // With them fixed, the chained parameter reference (`outer` -> `inner`) becomes a setter.
    let fixed = text
        .replace("{$ref: \"#/components/responses/gone\"}", "{description: ok}")
        .replace(
            "requestBody: {$ref: \"#/components/requestBodies/gone\"}",
            "requestBody: {content: {application/json: {schema: {$ref: \"#/components/schemas/thing\"}}}}",
        );
    let files = codegen::generate(&fixed).unwrap_or_else(|e| panic!("{e}"));
    let things = files
        .iter()
        .find(|f| f.path == "things.rs")
        .expect("things.rs");
    assert!(
        things.contents.contains("pub fn per_page("),
        "{}",
        things.contents
    );
}
#[test]
fn cookie_param() {
    fails("cookie_param.yaml");
    // Lenient mode skips the operation it cannot generate and keeps the other.
    let report = codegen::generate_with(&read("cookie_param.yaml"), &lenient());
    assert_eq!(
        (report.operations_total, report.operations_generated),
        (2, 1)
    );
    assert_eq!(report.errors.len(), 1, "{:#?}", report.errors);
    let things = report.files.iter().find(|f| f.path == "things.rs");
    assert!(things.is_some_and(|f| f.contents.contains("pub fn other(&self)")));
}
#[test]
fn header_params_are_arguments_or_builder_methods_and_reserved_ones_are_ignored() {
    let file = "header_params.yaml";
    let (_, all) = works(file);
    assert_contains(
        file,
        &all,
        &[
            // Required: an argument after the path parameter.
            "        thing_id: impl Into<i64>,\n        x_dangerous: impl Into<bool>,\n    ) -> ThingsDelete {",
            // Optional, inherited from the path item: a builder method.
            "pub fn x_trace(mut self, value: impl Into<String>) -> Self {",
            "request.header(\"X-Dangerous\", value.to_string());",
            "request.header(\"X-Trace\", Clone::clone(value));",
        ],
    );
    // OpenAPI 3.0 says Accept, Content-Type and Authorization header parameters are ignored.
    for ignored in [
        "pub fn accept",
        "pub fn content_type",
        "pub fn authorization",
    ] {
        assert!(
            !all.contains(ignored),
            "{file}: `{ignored}` was generated:\n{all}"
        );
    }
}
#[test]
fn keyword_tag_module_and_method() {
    let file = "keyword_tag.yaml";
    let (_, all) = works(file);
    assert_contains(
        file,
        &all,
        &[
            "// FILE match_.rs",
            "pub fn match_(&self) -> match_::Match",
            "pub fn list(&self) -> MatchList",
        ],
    );
}
#[test]
fn form_body_is_encoded_from_the_model() {
    let file = "form_body.yaml";
    let (models, all) = works(file);
    assert_contains(file, &models, &["pub struct ThingsCreateRequest"]);
    assert_contains(file, &all, &["crate::runtime::to_form(&body)?"]);
}
#[test]
fn csv_response_is_returned_as_bytes_with_its_accept_header() {
    let file = "csv_response.yaml";
    let (_, all) = works(file);
    assert_contains(
        file,
        &all,
        &[
            "crate::runtime::Response<crate::runtime::bytes::Bytes>",
            "request.header(\"accept\", String::from(\"text/csv\"));",
            "self.client.execute_raw(request).await",
        ],
    );
}
#[test]
fn raw_upload_takes_bytes_and_sends_its_media_type() {
    let file = "raw_upload.yaml";
    let (_, all) = works(file);
    assert_contains(
        file,
        &all,
        &[
            "body: impl Into<crate::runtime::bytes::Bytes>",
            "crate::runtime::RequestBody::raw(",
            "\"application/octet-stream\"",
            "String::from(\"application/yaml\")",
        ],
    );
}
#[test]
fn only_error_responses_accept_any_success_without_reading_it() {
    let file = "only_error_responses.yaml";
    let (_, all) = works(file);
    assert_contains(
        file,
        &all,
        &[
            "crate::runtime::Response<()>",
            "self.client.execute_empty(request).await",
            "The spec documents no success response",
        ],
    );
}
#[test]
fn property_case_collision() {
    fails("property_case_collision.yaml");
    // A lenient run numbers the second field instead, keeping both wire names.
    let report = codegen::generate_with(&read("property_case_collision.yaml"), &lenient());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let models = &report
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents;
    assert_contains(
        "property_case_collision.yaml",
        models,
        &["pub foo_bar:", "pub foo_bar2:"],
    );
    assert_renamed(
        "property_case_collision.yaml",
        models,
        &[("fooBar", "foo_bar"), ("foo_bar", "foo_bar2")],
    );
}

#[test]
fn recursive_schemas_are_boxed() {
    let file = "recursive_schemas.yaml";
    let (models, _) = works(file);
    assert_contains(
        file,
        &models,
        &[
            "pub struct Tree",
            "pub parent: Option<Box<Tree>>",
            // Behind a Vec the recursion already has a size: no Box.
            "pub children: Option<Vec<Tree>>",
            "pub struct Owner",
            "pub favourite: Box<Tree>",
        ],
    );
}

#[test]
fn keyword_names_become_raw_identifiers_or_get_an_underscore() {
    let file = "keyword_names.yaml";
    let (models, all) = works(file);
    assert_contains(
        file,
        &models,
        &[
            "pub struct Struct",
            "pub r#type: String",
            "pub r#fn:",
            "pub r#gen:",
            "pub self_:",
            "pub super_:",
            "pub crate_:",
            "pub enum Enum",
            "Self::Type => \"type\"",
            "Self::Self_ => \"Self\"",
            "Self::Null => \"null\"",
            "Self::Loop => \"loop\"",
        ],
    );
    assert_contains(
        file,
        &all,
        &[
            "pub mod match_;",
            "r#type: impl Into<String>",
            "pub fn r#async(",
            "request.query(\"async\", ",
            "request.query(\"self\", ",
        ],
    );
    assert_renamed(
        file,
        &models,
        &[("self", "self_"), ("super", "super_"), ("crate", "crate_")],
    );
}

#[test]
fn digit_leading_names_get_a_prefix_and_a_rename() {
    let file = "digit_leading_names.yaml";
    let (models, all) = works(file);
    assert_contains(
        file,
        &models,
        &[
            "pub struct V2faSettings",
            "pub _2fa: Option<bool>",
            "pub _3d_secure:",
            "Self::V1 => \"1\"",
            "Self::V2fa => \"2fa\"",
            "Self::V10x => \"10x\"",
        ],
    );
    assert_contains(file, &all, &["pub mod _2fa;", "pub struct V2fa"]);
    assert_renamed(
        file,
        &models,
        &[("2fa", "_2fa"), ("3d_secure", "_3d_secure")],
    );
}

#[test]
fn punctuation_and_spaces_become_snake_case_with_renames() {
    let file = "punctuation_names.yaml";
    let (models, all) = works(file);
    assert_contains(
        file,
        &models,
        &[
            "pub struct OddThing",
            "pub first_name:",
            "pub odata_id:",
            "pub x_request_id:",
            "pub a_b:",
            "pub gr_e:",
            "pub quote_d:",
            "pub back_slash:",
            "pub enum OddState",
            "Self::InProgress => \"in progress\"",
            "Self::NA => \"n/a\"",
        ],
    );
    assert_contains(
        file,
        &all,
        &[
            "pub mod odd_things;",
            "pub fn filter_name(",
            "pub fn page_size(",
            "(\"filter[name]\", ",
            "(\"page size\", ",
        ],
    );
    assert_renamed(
        file,
        &models,
        &[
            ("first name", "first_name"),
            ("@odata.id", "odata_id"),
            ("x-request-id", "x_request_id"),
            ("a/b", "a_b"),
            ("größe", "gr_e"),
            ("quote\\\"d", "quote_d"),
            ("back\\\\slash", "back_slash"),
        ],
    );
}

#[test]
fn empty_names_get_placeholder_identifiers() {
    let file = "empty_names.yaml";
    let (models, _) = works(file);
    assert_contains(
        file,
        &models,
        &[
            "pub empty: Option<String>",
            "Self::Empty => \"\"",
            "\"\" => Self::Empty",
        ],
    );
    assert_renamed(file, &models, &[("", "empty")]);
}

#[test]
fn schemas_named_like_prelude_types_do_not_shadow_them() {
    let file = "shadowing_type_names.yaml";
    let (models, all) = works(file);
    // Every model and tag struct named like a prelude name the output uses unqualified is
    // renamed; the wire names stay. Compiled by tests/compile/ui/pass/shadowing_type_names.rs.
    for name in codegen::PRELUDE {
        assert!(
            !models.contains(&format!("pub struct {name} "))
                && !models.contains(&format!("pub enum {name} "))
                && !models.contains(&format!("pub type {name} ")),
            "{file}: a model is named `{name}`:\n{models}"
        );
    }
    assert_contains(
        file,
        &models,
        &[
            "pub struct ResultModel",
            "pub string: String",
            "pub option: Option<OptionModel>",
            "pub vec: Option<Vec<BoxModel>>",
            "pub enum BoxModel",
            "pub struct SomeModel",
            "pub into: IntoModel",
            "pub from: FromModel",
            "pub type ErrModel = String;",
            "pub type NoneModel = i64;",
            "pub type StringModel = crate::runtime::uuid::Uuid;",
            "pub enum CloneModel",
        ],
    );
    assert_contains(
        file,
        &all,
        &[
            "crate::runtime::Response<super::models::ResultModel>,",
            "pub struct Results {",
            "pub struct OptionOperations",
        ],
    );
    assert_renamed(file, &models, &[("String", "string")]);
}

// ---------------------------------------------------------------------------------------------
// The real xtask

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Every file under `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("directory is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("file is readable");
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

/// Runs `cargo xtask codegen --spec tests/broken/<file>` and checks the exit status, the
/// pointer on stderr, and that `generated/src/auto` did not change by a single byte.
fn xtask_refuses(file: &str) {
    let (kind, pointer) = expectation(file).expect("a broken file");
    let root = workspace_root();
    let auto = root.join("generated/src/auto");
    let before = snapshot(&auto);
    assert!(!before.is_empty(), "generated/src/auto is empty");
    let output = Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "xtask", "--", "codegen", "--spec"])
        .arg(corpus_dir().join(file))
        .current_dir(&root)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "xtask accepted {file}; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("{pointer}: ")),
        "xtask did not print the pointer {pointer} for {file}:\n{stderr}"
    );
    assert!(
        stderr.contains(&kind),
        "xtask did not name {kind}:\n{stderr}"
    );
    let after = snapshot(&auto);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "xtask added or removed files in generated/src/auto"
    );
    for (path, bytes) in &before {
        assert!(
            after.get(path) == Some(bytes),
            "xtask changed generated/src/auto/{}",
            path.display()
        );
    }
}

#[test]
fn xtask_refuses_broken_specs_and_writes_nothing() {
    // One error found while loading, one found while lowering an operation.
    xtask_refuses("dangling_ref.yaml");
    xtask_refuses("cookie_param.yaml");
}
#[test]
fn a_tag_named_base_url_gets_an_accessor_on_the_generated_client() {
    let file = "base_url_tag.yaml";
    let (_, all) = works(file);
    // The client crate's `Client` has a `base_url()` of its own (`names::CLIENT_METHODS`): the
    // tag's module and accessor take a trailing underscore.
    assert_contains(
        file,
        &all,
        &[
            "// FILE base_url_.rs",
            "impl Client {\n    /// Operations tagged `Base URL`.\n    pub fn base_url_(&self) -> base_url_::BaseUrl {",
            "pub fn list(&self) -> BaseUrlList",
        ],
    );
    // Compiled (and the runtime's `base_url` reached through `AsRef`) by
    // tests/compile/ui/pass/base_url_tag.rs, on the snapshot in tests/snapshots/base_url_tag.
    assert!(!all.contains("impl crate::runtime::Client"), "{all}");
}
#[test]
fn tags_and_operation_ids_named_like_runtime_methods_generate() {
    let file = "runtime_names.yaml";
    let (_, all) = works(file);
    for name in [
        "base_url",
        "request",
        "builder",
        "new",
        "from_env",
        "send",
        "execute",
        "execute_optional",
        "execute_raw",
        "execute_empty",
        "execute_url",
        "operation_url",
        "link_url",
        "send_attempts",
        "clone",
        "deref",
        "as_ref",
        "fmt",
        "from",
    ] {
        let camel: String = name
            .split('_')
            .map(|part| part[..1].to_uppercase() + &part[1..])
            .collect();
        // A tag struct or builder named like a prelude name the output uses unqualified
        // (`Clone`, `From`, `AsRef`) gets a suffix instead (see `names::PRELUDE`).
        let prelude = codegen::PRELUDE.contains(&camel.as_str());
        let (strukt, builder) = if prelude {
            (format!("{camel}Operations"), format!("{camel}Builder"))
        } else {
            (camel.clone(), camel)
        };
        // A tag named like a function the client crate adds to `Client` takes a trailing
        // underscore (its module and accessor); an operation method on a tag struct does not.
        let module = if codegen::CLIENT_METHODS.contains(&name) {
            format!("{name}_")
        } else {
            name.to_owned()
        };
        assert_contains(
            file,
            &all,
            &[
                &format!("// FILE {module}.rs"),
                &format!("pub fn {module}(&self) -> {module}::{strukt} {{"),
                &format!("pub fn {name}(&self) -> {builder} {{"),
            ],
        );
    }
    // Compiled, each accessor and method called, by tests/compile/ui/pass/runtime_names.rs.
}
