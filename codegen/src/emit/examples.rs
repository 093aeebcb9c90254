//! The `# Example` section of every operation's docs: a `no_run` doctest that calls the
//! operation with its real argument and setter names, using the spec's example values where it
//! has them.

use serde_json::Value;

use super::leaf;
use crate::ir::{
    Api, OperationMethod, ParamLocation, Success, TagModule, TypeDef, TypeKind, TypeRef,
};
use crate::names::bare;

/// How deep nested models are built in an example before giving up on the example.
const MAX_DEPTH: usize = 4;

/// Whether the value is passed to an `impl Into<T>` (so a literal converts) or must already be a
/// `T` (an element of a vector or map).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Into,
    Exact,
}

/// Doc lines of the example (with the heading), or none when no value could be written for a
/// required argument.
pub(super) fn operation(api: &Api, module: &TagModule, op: &OperationMethod) -> Vec<String> {
    let mut args = Vec::new();
    // Values that need a statement of their own (a parsed UUID) are bound to the argument's name.
    let mut lets = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let slot = if matches!(p.ty, TypeRef::Vec(_)) {
            Slot::Exact
        } else {
            Slot::Into
        };
        match value(api, &p.ty, p.example.as_ref(), slot, 0) {
            Some(v) if v.ends_with(")?") => {
                lets.push(format!("let {} = {v};", p.rust_name));
                args.push(p.rust_name.clone());
            }
            Some(v) => args.push(v),
            None => return Vec::new(),
        }
    }
    let mut calls = Vec::new();
    if let Some(body) = &op.body {
        if body.builder.is_some() {
            let from_body = |wire: &str| body.example.as_ref().and_then(|e| e.get(wire));
            let chosen: Vec<_> = if body.setters.iter().any(|s| s.required) {
                body.setters.iter().filter(|s| s.required).collect()
            } else {
                body.setters
                    .iter()
                    .filter(|s| from_body(&s.wire_name).or(s.example.as_ref()).is_some())
                    .take(1)
                    .collect()
            };
            for s in chosen {
                let example = from_body(&s.wire_name).or(s.example.as_ref());
                match value(api, &s.ty, example, Slot::Into, 0) {
                    Some(v) => calls.push(format!(".{}({v})", s.method)),
                    None => return Vec::new(),
                }
            }
        } else if body.required {
            // A positional body (raw bytes or a non-object JSON value).
            let v = match &body.raw_media_type {
                Some(_) => Some("b\"...\".to_vec()".to_owned()),
                None => value(api, &body.ty, body.example.as_ref(), Slot::Exact, 0),
            };
            match v {
                Some(v) => args.push(v),
                None => return Vec::new(),
            }
        }
    }
    for p in op.params.iter().filter(|p| !p.required) {
        // Show one bounded query parameter (`per_page`), the setter most calls want.
        if let Some(max) = p.maximum
            && p.location == ParamLocation::Query
            && calls.is_empty()
        {
            calls.push(format!(".{}({max})", p.rust_name));
        }
    }
    let head = format!(
        "let response = client.{}().{}({})",
        module.module,
        op.method_name,
        args.join(", ")
    );
    let mut lines = vec![
        String::new(),
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!(
            "let client = {}::Client::new(\"token\");",
            api.client.crate_name
        ),
    ];
    lines.extend(lets);
    if calls.len() <= 1 && head.len() + calls.concat().len() < 70 {
        lines.push(format!("{head}{}.send().await?;", calls.concat()));
    } else {
        lines.push(head);
        for call in &calls {
            lines.push(format!("    {call}"));
        }
        lines.push("    .send()".to_owned());
        lines.push("    .await?;".to_owned());
    }
    lines.push(match &op.success {
        Success::Json(_) | Success::JsonOrEmpty(_) => "println!(\"{:?}\", *response);".to_owned(),
        Success::Empty => "println!(\"done: {}\", response.status());".to_owned(),
        Success::Raw(_) => "println!(\"{} bytes\", response.len());".to_owned(),
    });
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// The model `name` by its path in the crate the output is compiled into (examples are doctests
/// of that crate).
fn models(api: &Api, name: &str) -> String {
    format!("{}::models::{}", api.client.crate_name, bare(name))
}

/// Rust source for a value of `ty`, from the spec's `example` where it fits.
fn value(
    api: &Api,
    ty: &TypeRef,
    example: Option<&Value>,
    slot: Slot,
    depth: usize,
) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let def = match ty {
        TypeRef::Named(name) => api.types.get(name),
        _ => None,
    };
    match (leaf(api, ty), def) {
        (TypeRef::String, _) => {
            let text = example.and_then(Value::as_str).unwrap_or("example");
            Some(match slot {
                Slot::Into => quoted(text),
                Slot::Exact => format!("{}.to_owned()", quoted(text)),
            })
        }
        (TypeRef::I32 | TypeRef::I64, _) => {
            Some(example.and_then(Value::as_i64).unwrap_or(1).to_string())
        }
        (TypeRef::F64, _) => Some(format!(
            "{:?}",
            example.and_then(Value::as_f64).unwrap_or(1.0)
        )),
        (TypeRef::Bool, _) => Some(example.and_then(Value::as_bool).unwrap_or(true).to_string()),
        (TypeRef::Uuid, _) => {
            let text = example
                .and_then(Value::as_str)
                .filter(|t| t.len() == 36)
                .unwrap_or("00000000-0000-0000-0000-000000000000");
            Some(format!("{}.parse::<uuid::Uuid>()?", quoted(text)))
        }
        (TypeRef::DateTime, _) => {
            let text = example
                .and_then(Value::as_str)
                .unwrap_or("2025-01-01T00:00:00Z");
            Some(format!(
                "{}.parse::<chrono::DateTime<chrono::Utc>>()?",
                quoted(text)
            ))
        }
        (TypeRef::Json, _) => Some(format!(
            "serde_json::json!({})",
            example.cloned().unwrap_or(Value::Null)
        )),
        (TypeRef::Option(inner) | TypeRef::Boxed(inner) | TypeRef::Sensitive(inner), _) => {
            value(api, inner, example, slot, depth)
        }
        (TypeRef::Vec(item), _) => {
            let first = example.and_then(Value::as_array).and_then(|a| a.first());
            let item = value(api, item, first, Slot::Exact, depth + 1)?;
            Some(format!("vec![{item}]"))
        }
        (TypeRef::Map(entry), _) => {
            let (key, first) = example
                .and_then(Value::as_object)
                .and_then(|o| o.iter().next())
                .map_or(("key".to_owned(), None), |(k, v)| (k.clone(), Some(v)));
            let entry = value(api, entry, first, Slot::Exact, depth + 1)?;
            Some(format!(
                "std::collections::BTreeMap::from([({}.to_owned(), {entry})])",
                quoted(&key)
            ))
        }
        (TypeRef::Named(name), _) => named(api, name, example, slot, depth),
        (TypeRef::Bytes, _) => Some("b\"...\".to_vec()".to_owned()),
        // A file part: bytes convert into one; an element of a vector is made whole.
        (TypeRef::File, _) => Some(match slot {
            Slot::Into => "std::fs::read(\"photo.png\")?".to_owned(),
            Slot::Exact => format!(
                "{}::FilePart::new(std::fs::read(\"photo.png\")?).file_name(\"photo.png\")",
                api.client.crate_name
            ),
        }),
    }
}

fn named(
    api: &Api,
    name: &str,
    example: Option<&Value>,
    slot: Slot,
    depth: usize,
) -> Option<String> {
    let TypeDef { kind, .. } = api.types.get(name)?;
    match kind {
        TypeKind::Enum(en) => {
            let text = example
                .and_then(Value::as_str)
                .or_else(|| en.variants.first().map(|v| v.wire.as_str()))?;
            Some(match slot {
                Slot::Into => quoted(text),
                Slot::Exact => format!("{}::from({})", models(api, name), quoted(text)),
            })
        }
        TypeKind::Untagged(un) => {
            let variant = match example {
                Some(Value::String(_)) => un.variants.iter().find(|v| v.ty == TypeRef::String),
                Some(Value::Number(_)) => un
                    .variants
                    .iter()
                    .find(|v| matches!(v.ty, TypeRef::I32 | TypeRef::I64)),
                _ => None,
            }
            .or_else(|| un.variants.first())?;
            let scalar_into = slot == Slot::Into
                && variant.from_impl
                && matches!(variant.ty, TypeRef::String | TypeRef::I32 | TypeRef::I64);
            let inner = value(
                api,
                &variant.ty,
                example,
                if scalar_into { Slot::Into } else { Slot::Exact },
                depth + 1,
            )?;
            Some(if scalar_into {
                inner
            } else {
                format!(
                    "{}::{}({inner})",
                    models(api, name),
                    bare(&variant.rust_name)
                )
            })
        }
        TypeKind::Struct(st) => {
            let mut text = format!("{}::builder()", models(api, name));
            // The required fields; with none, the ones the example shows.
            let required = st.fields.iter().any(|f| f.in_constructor);
            let shown = st.fields.iter().filter(|f| {
                if required {
                    f.in_constructor
                } else {
                    !f.read_only && example.and_then(|e| e.get(&f.wire_name)).is_some()
                }
            });
            for f in shown {
                let field_example = example
                    .and_then(|e| e.get(&f.wire_name))
                    .or(f.example.as_ref());
                let v = value(api, &f.ty, field_example, Slot::Into, depth + 1)?;
                text.push_str(&format!(".{}({v})", f.setter));
            }
            text.push_str(".build()?");
            Some(text)
        }
        TypeKind::Map(entry) => value(
            api,
            &TypeRef::Map(Box::new(entry.clone())),
            example,
            slot,
            depth,
        ),
        TypeKind::Alias(_) => None,
    }
}
