//! Comparing two APIs: what changed, and the semver level each change needs.

use std::collections::BTreeSet;
use std::fmt;

use super::{Api, ApiItem, Kind, Level};

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum What {
    /// New in the new API.
    Added,
    /// Gone from the new API.
    Removed,
    /// Present in both, with a different signature.
    Changed,
    /// Present in both, same signature, different docs.
    Docs,
    /// No public item changed, but the text of a file did (function bodies, private items).
    Implementation,
}

impl What {
    /// `added`, `removed`, `changed`, `docs`, `implementation`.
    pub fn as_str(self) -> &'static str {
        match self {
            What::Added => "added",
            What::Removed => "removed",
            What::Changed => "changed",
            What::Docs => "docs changed",
            What::Implementation => "implementation changed",
        }
    }
}

/// One change to the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How much it asks of the version.
    pub level: Level,
    /// Added, removed, changed.
    pub what: What,
    /// What kind of item (for `Implementation`, `Module` and the path is the file).
    pub kind: Kind,
    /// The item's path.
    pub path: String,
    /// The signature, or `old => new`.
    pub detail: String,
    /// Why the level is what it is, when that is not obvious from `what`.
    pub reason: Option<&'static str>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.what == What::Implementation {
            return write!(f, "{}  implementation changed in {}", self.level, self.path);
        }
        write!(
            f,
            "{}  {} {} {}",
            self.level,
            self.what.as_str(),
            self.kind.as_str(),
            self.path
        )?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        if let Some(reason) = self.reason {
            write!(f, " ({reason})")?;
        }
        Ok(())
    }
}

/// Everything an edit did to the API, and the semver level it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every change, by path.
    pub changes: Vec<Change>,
}

impl Report {
    /// The highest level of any change; `None` when nothing changed.
    pub fn level(&self) -> Level {
        self.changes
            .iter()
            .map(|c| c.level)
            .max()
            .unwrap_or(Level::None)
    }

    /// The changes that are API changes (added, removed, changed), not docs or bodies.
    pub fn api_changes(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| matches!(c.what, What::Added | What::Removed | What::Changed))
    }
}

impl fmt::Display for Report {
    /// One change a line, then `semver: <level>` as the last line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        writeln!(f, "semver: {}", self.level())
    }
}

pub(crate) const NOT_EXHAUSTIVE_ENUM: &str =
    "the enum is not #[non_exhaustive]: a match without a wildcard arm breaks";
pub(crate) const CONSTRUCTIBLE: &str =
    "the struct is not #[non_exhaustive] and all its fields are public: a struct literal breaks";
pub(crate) const NEWLY_NON_EXHAUSTIVE: &str =
    "now #[non_exhaustive]: struct literals and exhaustive matches outside the crate break";
pub(crate) const ORDER_MAY_MOVE: &str = "the enum derives PartialOrd: variants after the new \
     one compare differently; cargo-semver-checks warns (partial_ord_enum_variants_reordered)";
pub(crate) const LOST_NON_EXHAUSTIVE: &str = "no longer #[non_exhaustive]";
pub(crate) const NOW_PRIVATE_FIELD: &str = "a field is no longer public: struct literals break";

/// Where a field or variant lives: `models::Scan` for `models::Scan.status` and
/// `models::ScanStatus` for `models::ScanStatus::Failed`.
fn parent_of(path: &str, kind: Kind) -> Option<&str> {
    match kind {
        Kind::Field => path.rsplit_once('.').map(|(p, _)| p),
        Kind::Variant => path.rsplit_once("::").map(|(p, _)| p),
        _ => None,
    }
}

/// Whether the item at `path` (in `has` but not in `lacks`) belongs to a type that is also
/// only in `has`: a field, variant, method or trait impl of a new or removed type is said once,
/// with the type.
fn belongs_to(path: &str, kind: Kind, has: &Api, lacks: &Api) -> bool {
    let owner = match kind {
        Kind::Field | Kind::Variant => parent_of(path, kind),
        Kind::TraitImpl => path.split_once(": ").map(|(ty, _)| ty),
        Kind::Method | Kind::Setter | Kind::MacroMethods | Kind::TagAccessor | Kind::Constant => {
            path.rsplit_once("::").map(|(ty, _)| ty)
        }
        _ => None,
    };
    owner.is_some_and(|ty| {
        has.items
            .get(ty)
            .is_some_and(|item| matches!(item.kind, Kind::Struct | Kind::Enum))
            && !lacks.items.contains_key(ty)
    })
}

/// The signature to show with an added or removed item; nothing for a unit variant, whose
/// signature is its name.
fn detail_of(path: &str, item: &ApiItem) -> String {
    if path.ends_with(&format!("::{}", item.signature)) || item.signature.is_empty() {
        String::new()
    } else {
        item.signature.clone()
    }
}

/// What `new` did to `old`'s public API.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    let paths: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    for path in paths {
        match (old.items.get(path), new.items.get(path)) {
            (None, Some(item)) => {
                if belongs_to(path, item.kind, new, old) {
                    continue;
                }
                let (level, reason) = added_level(old, new, path, item);
                changes.push(Change {
                    level,
                    what: What::Added,
                    kind: item.kind,
                    path: path.clone(),
                    detail: detail_of(path, item),
                    reason,
                });
            }
            (Some(item), None) => {
                if belongs_to(path, item.kind, old, new) {
                    continue;
                }
                changes.push(Change {
                    level: Level::Major,
                    what: What::Removed,
                    kind: item.kind,
                    path: path.clone(),
                    detail: detail_of(path, item),
                    reason: None,
                });
            }
            (Some(before), Some(after)) => {
                if let Some(change) = changed(path, before, after) {
                    changes.push(change);
                } else if before.docs != after.docs {
                    changes.push(Change {
                        level: Level::Patch,
                        what: What::Docs,
                        kind: after.kind,
                        path: path.clone(),
                        detail: String::new(),
                        reason: None,
                    });
                }
            }
            (None, None) => {}
        }
    }
    if changes.is_empty() {
        let files: BTreeSet<&String> = old.files.keys().chain(new.files.keys()).collect();
        for file in files {
            if old.files.get(file) != new.files.get(file) {
                changes.push(Change {
                    level: Level::Patch,
                    what: What::Implementation,
                    kind: Kind::Module,
                    path: file.clone(),
                    detail: String::new(),
                    reason: None,
                });
            }
        }
    }
    Report { changes }
}

/// The level of a new item. Only fields and variants can break users by being added.
fn added_level(old: &Api, new: &Api, path: &str, item: &ApiItem) -> (Level, Option<&'static str>) {
    let Some(parent) = parent_of(path, item.kind) else {
        return (Level::Minor, None);
    };
    let (Some(before), Some(_)) = (old.items.get(parent), new.items.get(parent)) else {
        // A field or variant of a new type comes with the type.
        return (Level::Minor, None);
    };
    match item.kind {
        Kind::Field if !before.non_exhaustive && !before.private_fields => {
            (Level::Major, Some(CONSTRUCTIBLE))
        }
        Kind::Variant if !before.non_exhaustive => (Level::Major, Some(NOT_EXHAUSTIVE_ENUM)),
        Kind::Variant if new.items.contains_key(&format!("{parent}: PartialOrd")) => {
            (Level::Minor, Some(ORDER_MAY_MOVE))
        }
        _ => (Level::Minor, None),
    }
}

/// The change between two versions of the same item, if its API changed.
fn changed(path: &str, before: &ApiItem, after: &ApiItem) -> Option<Change> {
    let change = |level, detail: String, reason| {
        Some(Change {
            level,
            what: What::Changed,
            kind: after.kind,
            path: path.to_owned(),
            detail,
            reason,
        })
    };
    if before.kind != after.kind || before.signature != after.signature {
        let detail = if before.kind == after.kind {
            format!("{} => {}", before.signature, after.signature)
        } else {
            format!(
                "{} {} => {} {}",
                before.kind.as_str(),
                before.signature,
                after.kind.as_str(),
                after.signature
            )
        };
        return change(Level::Major, detail, None);
    }
    if !before.non_exhaustive && after.non_exhaustive {
        let literal_or_match = before.kind == Kind::Enum || !before.private_fields;
        // A struct nobody outside could build by literal loses nothing by becoming
        // non-exhaustive, except that `Struct { .. }` patterns keep working: minor.
        let level = if literal_or_match {
            Level::Major
        } else {
            Level::Minor
        };
        return change(level, after.signature.clone(), Some(NEWLY_NON_EXHAUSTIVE));
    }
    if before.non_exhaustive && !after.non_exhaustive {
        return change(
            Level::Minor,
            after.signature.clone(),
            Some(LOST_NON_EXHAUSTIVE),
        );
    }
    if before.kind == Kind::Struct && !before.private_fields && after.private_fields {
        return change(
            Level::Major,
            after.signature.clone(),
            Some(NOW_PRIVATE_FIELD),
        );
    }
    None
}
