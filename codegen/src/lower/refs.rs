//! Every `$ref` is followed here, for every kind of component: schemas (including the interior
//! pointers the loader read, such as `#/paths/~1v2~1x/get/responses/200/content/...`),
//! parameters, request bodies and responses. Errors are located at the `$ref` itself, where the
//! loader's reference check reports a dangling one too, so one broken reference is one error.

use indexmap::IndexMap;
use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, Schema};

use super::Lowerer;
use super::view::SchemaRef;
use crate::error::{Error, ErrorKind, child, pointer};
use crate::load::{Document, decode_name};

/// How many references a chain may have before it is called a cycle.
const MAX_CHAIN: usize = 32;

/// A kind of component a `$ref` may name: `#/components/<SECTION>/<name>`.
pub(super) trait Component: Sized + 'static {
    /// The section under `components`.
    const SECTION: &'static str;
    /// What one is called in messages.
    const WHAT: &'static str;
    /// The components of this kind, by name (schemas also by interior pointer).
    fn table(doc: &Document) -> &IndexMap<String, ReferenceOr<Self>>;
}

impl Component for Schema {
    const SECTION: &'static str = "schemas";
    const WHAT: &'static str = "schema";
    fn table(doc: &Document) -> &IndexMap<String, ReferenceOr<Self>> {
        &doc.schemas
    }
}

impl Component for Parameter {
    const SECTION: &'static str = "parameters";
    const WHAT: &'static str = "parameter";
    fn table(doc: &Document) -> &IndexMap<String, ReferenceOr<Self>> {
        &doc.parameters
    }
}

impl Component for RequestBody {
    const SECTION: &'static str = "requestBodies";
    const WHAT: &'static str = "request body";
    fn table(doc: &Document) -> &IndexMap<String, ReferenceOr<Self>> {
        &doc.request_bodies
    }
}

impl Component for Response {
    const SECTION: &'static str = "responses";
    const WHAT: &'static str = "response";
    fn table(doc: &Document) -> &IndexMap<String, ReferenceOr<Self>> {
        &doc.responses
    }
}

impl<'a> Lowerer<'a> {
    /// The key in `T::table` a reference names. `ref_at` is the pointer of the `$ref` itself.
    pub(super) fn component_key<T: Component>(
        &self,
        reference: &str,
        ref_at: &str,
    ) -> Result<&'a str, Error> {
        let table = T::table(self.doc);
        if let Some((key, _)) = table.get_key_value(reference) {
            // An interior reference, read by the loader.
            return Ok(key.as_str());
        }
        let prefix = format!("#/components/{}/", T::SECTION);
        let Some(escaped) = reference.strip_prefix(&prefix) else {
            let kind = if reference.starts_with('#') {
                ErrorKind::Unsupported
            } else {
                ErrorKind::ExternalRef
            };
            return Err(Error::new(
                kind,
                ref_at,
                format!(
                    "{} reference `{reference}` does not point at a {}",
                    T::WHAT,
                    T::WHAT
                ),
            ));
        };
        let name = decode_name(escaped);
        table
            .get_key_value(&name)
            .map(|(key, _)| key.as_str())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::DanglingRef,
                    ref_at,
                    format!(
                        "reference `{reference}` points at no {} (or one that failed to load)",
                        T::WHAT
                    ),
                )
            })
    }

    /// Follows `item`'s references (a chain of them too) to the component itself, returned with
    /// the pointer where it is written: `at` for an inline one, else its place under
    /// `components` (so errors inside it point there).
    pub(super) fn resolve_component<T: Component>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &str,
    ) -> Result<(&'a T, String), Error> {
        let mut current = item;
        let mut here = at.to_owned();
        for _ in 0..MAX_CHAIN {
            match current {
                ReferenceOr::Item(found) => return Ok((found, here)),
                ReferenceOr::Reference { reference } => {
                    let key = self.component_key::<T>(reference, &child(&here, "$ref"))?;
                    here = if key.starts_with('#') {
                        key.trim_start_matches('#').to_owned()
                    } else {
                        pointer(["components", T::SECTION, key])
                    };
                    current = &T::table(self.doc)[key];
                }
            }
        }
        Err(Error::new(
            ErrorKind::Unsupported,
            at,
            format!("{} references form a cycle", T::WHAT),
        ))
    }

    /// The component name a `#/components/schemas/...` (or interior) reference points at.
    pub(super) fn component_name(&self, reference: &str, at: &str) -> Result<&'a str, Error> {
        self.component_key::<Schema>(reference, &child(at, "$ref"))
    }

    /// Follows references to the schema object itself.
    pub(crate) fn resolve(&self, schema: SchemaRef<'a>, at: &str) -> Result<&'a Schema, Error> {
        let doc = self.doc;
        let mut current = schema;
        for _ in 0..MAX_CHAIN {
            match current {
                SchemaRef::Inline(schema) => return Ok(schema),
                SchemaRef::Ref(reference) => {
                    let name = self.component_name(reference, at)?;
                    match doc.schemas.get(name) {
                        Some(next) => current = SchemaRef::of(next),
                        None => break,
                    }
                }
            }
        }
        Err(Error::new(
            ErrorKind::Unsupported,
            at,
            "schema references form a cycle",
        ))
    }
}
