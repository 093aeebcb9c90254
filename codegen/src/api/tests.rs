//! The semver rules and the CHANGELOG draft, on small hand-written sources.

use super::changelog::DRAFT_HEADING;
use super::diff::{CONSTRUCTIBLE, NEWLY_NON_EXHAUSTIVE, NOT_EXHAUSTIVE_ENUM, ORDER_MAY_MOVE};
use super::*;

fn api(models: &str) -> Api {
    Api::extract(&[GeneratedFile {
        path: "models.rs".to_owned(),
        contents: models.to_owned(),
    }])
    .expect("test source parses")
}

fn report(old: &str, new: &str) -> Report {
    diff(&api(old), &api(new))
}

const PLAIN_STRUCT: &str = "pub struct S { pub a: Option<String> }";
const PLAIN_ENUM: &str = "pub enum E { A, Unknown(String) }";

#[test]
fn a_field_added_to_a_plain_struct_is_major_and_to_a_non_exhaustive_one_minor() {
    let added = report(
        PLAIN_STRUCT,
        "pub struct S { pub a: Option<String>, pub b: Option<i64> }",
    );
    assert_eq!(added.level(), Level::Major, "{added}");
    assert_eq!(added.changes[0].path, "models::S.b");
    assert_eq!(added.changes[0].reason, Some(CONSTRUCTIBLE));

    let added = report(
        "#[non_exhaustive] pub struct S { pub a: Option<String> }",
        "#[non_exhaustive] pub struct S { pub a: Option<String>, pub b: Option<i64> }",
    );
    assert_eq!(added.level(), Level::Minor, "{added}");
    assert_eq!(added.to_string().lines().last(), Some("semver: minor"));
}

#[test]
fn a_field_added_to_a_struct_with_private_fields_is_minor() {
    let added = report(
        "pub struct S { pub a: i64, client: u8 }",
        "pub struct S { pub a: i64, pub b: i64, client: u8 }",
    );
    assert_eq!(added.level(), Level::Minor, "{added}");
}

#[test]
fn a_variant_added_to_an_exhaustive_enum_is_major_and_to_a_non_exhaustive_one_minor() {
    let added = report(PLAIN_ENUM, "pub enum E { A, B, Unknown(String) }");
    assert_eq!(added.level(), Level::Major, "{added}");
    assert_eq!(added.changes[0].path, "models::E::B");
    assert_eq!(added.changes[0].reason, Some(NOT_EXHAUSTIVE_ENUM));

    let added = report(
        "#[non_exhaustive] pub enum E { A, Unknown(String) }",
        "#[non_exhaustive] pub enum E { A, B, Unknown(String) }",
    );
    assert_eq!(added.level(), Level::Minor, "{added}");
    assert_eq!(added.changes[0].reason, None);
    let ordered = report(
        "#[derive(PartialOrd)] #[non_exhaustive] pub enum E { A, Unknown(String) }",
        "#[derive(PartialOrd)] #[non_exhaustive] pub enum E { A, B, Unknown(String) }",
    );
    assert_eq!(ordered.level(), Level::Minor, "{ordered}");
    assert_eq!(ordered.changes[0].reason, Some(ORDER_MAY_MOVE));
}

#[test]
fn becoming_non_exhaustive_is_major_and_ceasing_to_be_is_minor() {
    let marked = report(PLAIN_ENUM, &format!("#[non_exhaustive] {PLAIN_ENUM}"));
    assert_eq!(marked.level(), Level::Major, "{marked}");
    assert_eq!(marked.changes[0].reason, Some(NEWLY_NON_EXHAUSTIVE));
    let marked = report(PLAIN_STRUCT, &format!("#[non_exhaustive] {PLAIN_STRUCT}"));
    assert_eq!(marked.level(), Level::Major, "{marked}");
    let unmarked = report(&format!("#[non_exhaustive] {PLAIN_STRUCT}"), PLAIN_STRUCT);
    assert_eq!(unmarked.level(), Level::Minor, "{unmarked}");
}

#[test]
fn removals_and_changed_types_are_major() {
    let removed = report(PLAIN_STRUCT, "pub struct S {}");
    assert_eq!(removed.level(), Level::Major, "{removed}");
    assert_eq!(removed.changes[0].what, What::Removed);
    let retyped = report(PLAIN_STRUCT, "pub struct S { pub a: Option<i64> }");
    assert_eq!(retyped.level(), Level::Major, "{retyped}");
    assert_eq!(
        retyped.changes[0].detail, "Option<String> => Option<i64>",
        "{retyped}"
    );
    let variant = report(PLAIN_ENUM, "pub enum E { A, Unknown(Box<str>) }");
    assert_eq!(variant.level(), Level::Major, "{variant}");
    let gone = report(PLAIN_ENUM, "pub enum E { Unknown(String) }");
    assert_eq!(gone.level(), Level::Major, "{gone}");
    let derive = report(&format!("#[derive(Default)] {PLAIN_STRUCT}"), PLAIN_STRUCT);
    assert_eq!(derive.level(), Level::Major, "{derive}");
    assert_eq!(derive.changes[0].path, "models::S: Default");
}

#[test]
fn a_trait_impl_with_a_different_associated_type_is_changed() {
    let old = "pub struct O; impl ::std::ops::Deref for O { type Target = u8; fn deref(&self) -> &u8 { todo!() } }";
    let new = old
        .replace("Target = u8", "Target = u16")
        .replace("&u8", "&u16");
    let changed = report(old, &new);
    assert_eq!(changed.level(), Level::Major, "{changed}");
    assert_eq!(
        changed.changes[0].detail,
        "impl Deref { type Target = u8 } => impl Deref { type Target = u16 }"
    );
}

#[test]
fn a_removed_type_is_one_change_not_one_per_member() {
    let removed = report(
        "#[derive(Clone)] pub struct S { pub a: i64 } impl S { pub fn a(&self) -> i64 { self.a } }",
        "",
    );
    assert_eq!(removed.changes.len(), 1, "{removed}");
    assert_eq!(removed.changes[0].path, "models::S");
}

#[test]
fn new_methods_types_and_modules_are_minor_and_changed_signatures_major() {
    let old = "pub struct B { x: u8 } impl B { pub fn a(mut self, value: impl Into<String>) -> Self { self } }";
    let new = "pub struct B { x: u8 } impl B { pub fn a(mut self, value: impl Into<String>) -> Self { self } pub fn b(mut self, value: i64) -> Self { self } } pub struct N; pub mod m {}";
    let added = report(old, new);
    assert_eq!(added.level(), Level::Minor, "{added}");
    let kinds: Vec<(Kind, &str)> = added
        .changes
        .iter()
        .map(|c| (c.kind, c.path.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (Kind::Setter, "models::B::b"),
            (Kind::Struct, "models::N"),
            (Kind::Module, "models::m")
        ]
    );
    let changed = report(
        old,
        "pub struct B { x: u8 } impl B { pub fn a(mut self, value: impl Into<i64>) -> Self { self } }",
    );
    assert_eq!(changed.level(), Level::Major, "{changed}");
}

#[test]
fn docs_and_bodies_are_patch_and_identical_files_none() {
    let docs = report(
        &format!("/// One.\n{PLAIN_STRUCT}"),
        &format!("/// Two.\n{PLAIN_STRUCT}"),
    );
    assert_eq!(docs.level(), Level::Patch, "{docs}");
    assert_eq!(docs.changes[0].what, What::Docs);
    let body = report("pub fn f() -> i64 { 1 }", "pub fn f() -> i64 { 2 }");
    assert_eq!(body.level(), Level::Patch, "{body}");
    assert_eq!(
        body.to_string(),
        "patch  implementation changed in models.rs\nsemver: patch\n"
    );
    let same = report(PLAIN_STRUCT, PLAIN_STRUCT);
    assert_eq!(same.to_string(), "semver: none\n");
}

#[test]
fn a_rewrapped_signature_is_the_same_signature() {
    let wrapped = report(
        "pub async fn send(x: u8) -> Result<Vec<u8>, String> { todo!() }",
        "pub async fn send(\n    x: u8,\n) -> Result<\n    Vec<u8>,\n    String,\n> { todo!() }",
    );
    assert_eq!(wrapped.level(), Level::Patch, "{wrapped}");
    assert_eq!(
        api("pub fn f(&self, v: ::uuid::Uuid, w: &'a mut T) -> crate::x::Y<'a, T> { }")
            .items["models::f"]
            .signature,
        "fn f(&self, v: ::uuid::Uuid, w: &'a mut T) -> crate::x::Y<'a, T>"
    );
}

#[test]
fn tag_accessors_are_told_apart_and_impl_paths_resolved() {
    let root = Api::extract(&[GeneratedFile {
        path: "mod.rs".to_owned(),
        contents: "pub mod ssh_keys; impl crate::Client { pub fn ssh_keys(&self) -> ssh_keys::SshKeys { todo!() } }".to_owned(),
    }])
    .unwrap();
    assert_eq!(root.items["Client::ssh_keys"].kind, Kind::TagAccessor);
    assert_eq!(root.items["ssh_keys"].kind, Kind::Module);
}

#[test]
fn a_file_that_is_not_rust_is_named() {
    let error = Api::extract(&[GeneratedFile {
        path: "models.rs".to_owned(),
        contents: "pub struct {".to_owned(),
    }])
    .unwrap_err();
    assert!(
        error.to_string().starts_with("models.rs: not Rust: "),
        "{error}"
    );
}

const CHANGELOG: &str =
    "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- by hand\n\n## [0.1.0]\n\n- first\n";

#[test]
fn the_changelog_draft_is_made_merged_and_idempotent() {
    let minor = report(
        "#[non_exhaustive] pub struct S { pub a: i64 }",
        "#[non_exhaustive] pub struct S { pub a: i64, pub b: i64 }",
    );
    let once = changelog_draft(CHANGELOG, &minor).expect("a draft is written");
    assert!(
        once.starts_with(&format!(
            "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n{DRAFT_HEADING}\n\n{DRAFT_BEGIN}\n\
             Semver level of these changes: minor\n\n- minor: added field `models::S.b`: `i64`\n\
             {DRAFT_END}\n\n### Added\n- by hand\n"
        )),
        "{once}"
    );
    assert_eq!(
        changelog_draft(&once, &minor),
        None,
        "the same report twice"
    );
    assert_eq!(changelog_draft(&once, &Report::default()), None);

    let major = report(PLAIN_STRUCT, "pub struct S {}");
    let twice = changelog_draft(&once, &major).expect("a new line");
    assert!(
        twice.contains("Semver level of these changes: major\n"),
        "{twice}"
    );
    assert!(
        twice.contains("- minor: added field `models::S.b`"),
        "{twice}"
    );
    assert!(
        twice.contains("- major: removed field `models::S.a`"),
        "{twice}"
    );
    assert_eq!(twice.matches(DRAFT_BEGIN).count(), 1, "{twice}");
    // A later minor change does not lower the recorded level.
    let three = changelog_draft(&twice, &minor).unwrap_or(twice.clone());
    assert!(
        three.contains("Semver level of these changes: major\n"),
        "{three}"
    );
}

#[test]
fn a_changelog_without_unreleased_gets_one_above_the_last_release() {
    let minor = report("", "pub struct N;");
    let text = changelog_draft("# Changelog\n\n## [0.1.0]\n\n- first\n", &minor).unwrap();
    assert!(
        text.starts_with(&format!(
            "# Changelog\n\n## [Unreleased]\n\n{DRAFT_HEADING}\n\n{DRAFT_BEGIN}"
        )),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("{DRAFT_END}\n\n## [0.1.0]\n\n- first\n")),
        "{text}"
    );
}

#[test]
fn a_foreign_crate_through_the_runtime_is_the_same_path() {
    let report = report(
        "pub struct S; impl ::serde::Serialize for S { }",
        "pub struct S; impl crate::runtime::serde::Serialize for S { }",
    );
    assert!(report.level() <= Level::Patch, "{:?}", report.changes);
}
