//! Properties the spec does not name: every generated model keeps them, readable, and sends them
//! back when it is serialized, so a read-modify-write never loses what a newer server added.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::de::{self, DeserializeSeed, Visitor};
use serde::ser::SerializeMap;

/// The properties of a JSON object that its model does not name, kept as the server sent them.
///
/// It dereferences to a `BTreeMap<String, serde_json::Value>`, so it reads and changes like
/// one. A generated model decodes every property it does not know into this map and writes the
/// map's entries back when it is serialized (after its own fields; an entry whose key is one of
/// the model's own property names is skipped, the field wins).
///
/// `Debug` prints the keys only, never the values: a property nobody described may be a secret.
#[derive(Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UnknownFields(BTreeMap<String, serde_json::Value>);

impl UnknownFields {
    /// An empty map.
    pub fn new() -> UnknownFields {
        UnknownFields(BTreeMap::new())
    }

    /// Takes the map.
    pub fn into_inner(self) -> BTreeMap<String, serde_json::Value> {
        self.0
    }
}

impl Deref for UnknownFields {
    type Target = BTreeMap<String, serde_json::Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for UnknownFields {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl From<BTreeMap<String, serde_json::Value>> for UnknownFields {
    fn from(map: BTreeMap<String, serde_json::Value>) -> Self {
        UnknownFields(map)
    }
}

impl FromIterator<(String, serde_json::Value)> for UnknownFields {
    fn from_iter<I: IntoIterator<Item = (String, serde_json::Value)>>(iter: I) -> Self {
        UnknownFields(iter.into_iter().collect())
    }
}

impl IntoIterator for UnknownFields {
    type Item = (String, serde_json::Value);
    type IntoIter = std::collections::btree_map::IntoIter<String, serde_json::Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Hidden;
        impl fmt::Debug for Hidden {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("..")
            }
        }
        f.debug_map()
            .entries(self.0.keys().map(|key| (key, Hidden)))
            .finish()
    }
}

/// A property name read by a generated `Deserialize`: the index of one of the model's own
/// properties, or a name it does not know.
#[doc(hidden)]
#[derive(Debug)]
pub enum FieldKey {
    /// Index into the model's list of wire names.
    Known(usize),
    /// A property the model does not name.
    Unknown(String),
}

/// Reads one property name, looking it up in the model's wire names.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct FieldKeySeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldKeySeed {
    type Value = FieldKey;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<FieldKey, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldKeySeed {
    type Value = FieldKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<FieldKey, E> {
        Ok(match self.0.iter().position(|known| *known == name) {
            Some(index) => FieldKey::Known(index),
            None => FieldKey::Unknown(name.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<FieldKey, E> {
        Ok(match self.0.iter().position(|known| *known == name) {
            Some(index) => FieldKey::Known(index),
            None => FieldKey::Unknown(name),
        })
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<FieldKey, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(name), &self)),
        }
    }
}

/// Writes the unknown properties after a model's own fields, skipping any whose name is one of
/// the model's own (`known`), so a key is never written twice.
#[doc(hidden)]
pub fn serialize_unknown<M: SerializeMap>(
    map: &mut M,
    unknown: &UnknownFields,
    known: &[&str],
) -> Result<(), M::Error> {
    for (key, value) in &unknown.0 {
        if !known.contains(&key.as_str()) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_keys_never_values() {
        let mut unknown = UnknownFields::new();
        unknown.insert("token".into(), serde_json::json!("s3cr3t-value"));
        unknown.insert("nested".into(), serde_json::json!({"password": "hunter2"}));
        let debug = format!("{unknown:?}");
        assert_eq!(debug, r#"{"nested": .., "token": ..}"#);
        assert!(!debug.contains("s3cr3t") && !debug.contains("hunter2"));
    }
}
