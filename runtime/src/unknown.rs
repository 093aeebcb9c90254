//! Properties the spec does not name: every generated model keeps them, readable, and sends them
//! back when it is serialized, so a read-modify-write never loses what a newer server added.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
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

impl FieldKey {
    /// The index of an own property, or `usize::MAX` for a property the model does not name.
    #[inline]
    pub fn index(&self) -> usize {
        match self {
            FieldKey::Known(index) => *index,
            FieldKey::Unknown(_) => usize::MAX,
        }
    }
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

/// A generated model decoded from a JSON object by [`deserialize_model`]: its own properties
/// into their fields, every other one into its [`UnknownFields`].
#[doc(hidden)]
pub trait DecodeModel: Sized {
    /// What a value of the wrong JSON kind was expected to be (`a `SshKey` object`).
    const EXPECTING: &'static str;
    /// The wire names of the model's own properties, in field order.
    const FIELDS: &'static [&'static str];

    /// Reads the object's properties.
    ///
    /// # Errors
    /// A property that fails to decode, appears twice or is required and missing.
    fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The body of every generated model's `Deserialize::deserialize`.
///
/// # Errors
/// Whatever the deserializer or the model's [`DecodeModel::decode_map`] reports.
#[doc(hidden)]
pub fn deserialize_model<'de, T: DecodeModel, D: de::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct ModelVisitor<T>(PhantomData<T>);

    impl<'de, T: DecodeModel> Visitor<'de> for ModelVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::decode_map(map)
        }
    }

    deserializer.deserialize_map(ModelVisitor(PhantomData))
}

/// Decodes the value of an own property into its slot; a second occurrence is an error.
///
/// # Errors
/// The value's own decoding error, or a duplicate property.
#[doc(hidden)]
#[inline]
pub fn fill_field<'de, T: de::Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(<A::Error as de::Error>::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Keeps the value of a property the model does not name.
///
/// # Errors
/// The value is not valid JSON.
#[doc(hidden)]
#[inline]
pub fn keep_unknown<'de, A: MapAccess<'de>>(
    unknown: &mut UnknownFields,
    key: FieldKey,
    map: &mut A,
) -> Result<(), A::Error> {
    match key {
        FieldKey::Unknown(name) => {
            let value: serde_json::Value = map.next_value()?;
            unknown.0.insert(name, value);
        }
        FieldKey::Known(_) => {
            map.next_value::<de::IgnoredAny>()?;
        }
    }
    Ok(())
}

/// The value of a required property, or a "missing field" error naming it.
///
/// # Errors
/// The property was not in the object.
#[doc(hidden)]
#[inline]
pub fn required_field<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Writes an optional property when it is set.
///
/// # Errors
/// The serializer's.
#[doc(hidden)]
#[inline]
pub fn serialize_optional<M: SerializeMap, T: serde::Serialize>(
    map: &mut M,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(name, value),
        None => Ok(()),
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
