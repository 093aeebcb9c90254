//! The other files a document's `$ref`s name (`common.yaml#/Error`), read for the generator,
//! which does no IO: each file the document names, then each file those name, relative to the
//! document's folder. A file outside that folder (`../x.yaml`, or a link that leads out) is read
//! only when allowed (`--refs-outside`); one not read is left out, and the generator reports
//! the reference to it as a located error.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The texts of every file `document` (whose text is `text`) references, transitively, keyed as
/// `codegen::external_files` names them.
pub fn referenced(document: &Path, text: &str, outside: bool) -> BTreeMap<String, String> {
    let folder = document.parent().unwrap_or(Path::new("."));
    let canonical_folder = folder.canonicalize().ok();
    let mut files = BTreeMap::new();
    let mut todo: Vec<String> = codegen::external_files(text, "");
    let mut seen: Vec<String> = todo.clone();
    while let Some(name) = todo.pop() {
        let path = folder.join(&name);
        let inside = path
            .canonicalize()
            .ok()
            .zip(canonical_folder.as_ref())
            .is_some_and(|(path, folder)| path.starts_with(folder));
        if !inside && !outside {
            continue;
        }
        let Ok(content) = fs::read_to_string(&path) else {
            continue;
        };
        for next in codegen::external_files(&content, &name) {
            if !seen.contains(&next) {
                seen.push(next.clone());
                todo.push(next);
            }
        }
        files.insert(name, content);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_inside_the_folder_are_read_and_outside_only_when_allowed() {
        let base = std::env::temp_dir().join(format!("xtask-files-{}", std::process::id()));
        let folder = base.join("api");
        fs::create_dir_all(folder.join("schemas")).unwrap();
        let root = "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: 'schemas/a.yaml'}\n    B: {$ref: '../outside.yaml'}\n";
        fs::write(folder.join("openapi.yaml"), root).unwrap();
        fs::write(folder.join("schemas/a.yaml"), "$ref: 'c.yaml'\n").unwrap();
        fs::write(folder.join("schemas/c.yaml"), "type: string\n").unwrap();
        fs::write(base.join("outside.yaml"), "type: integer\n").unwrap();
        let document = folder.join("openapi.yaml");
        let read = referenced(&document, root, false);
        assert_eq!(
            read.keys().collect::<Vec<_>>(),
            ["schemas/a.yaml", "schemas/c.yaml"]
        );
        let read = referenced(&document, root, true);
        assert_eq!(
            read.get("../outside.yaml").map(String::as_str),
            Some("type: integer\n")
        );
        fs::remove_dir_all(&base).unwrap();
    }
}
