//! Decoding generated structures member by member.
//!
//! Generated response and data types implement [`Fields`] (a list of wire
//! names and one `match` that decodes a member by position) and a three-line
//! `Deserialize` that calls [`fields`], instead of deriving `Deserialize`
//! with a lenient `deserialize_with` per member. Both decode the same way,
//! but the derive writes a wrapper type and visitor code for every member,
//! which made up most of the generated crate's compile time; here the
//! visitor is written once, and the per-member code is one match arm.
//!
//! Semantics, the same as `#[serde(default, deserialize_with = "lenient")]`
//! on every member: the structure starts from its `Default`, each member the
//! object holds is decoded with [`Lenient`], members it does not hold keep
//! their default, unknown keys are skipped, and a member that appears twice
//! is an error (neither copy wins: the service sent two values).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::{Lenient, LenientSeed, DUPLICATE};

/// A structure decoded from a JSON object one member at a time.
pub trait Fields: Default {
    /// Wire names of the members; [`Fields::set`] receives positions in it.
    const NAMES: &'static [&'static str];

    /// Decodes the value of the member at `index` in [`Fields::NAMES`] from
    /// `map` (whose next value it is) into `self`, usually with [`read`].
    fn set<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
}

/// Decodes a [`Fields`] structure from a JSON object: what a generated
/// structure's `Deserialize` impl calls.
pub fn fields<'de, D: Deserializer<'de>, T: Fields>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

/// Decodes the next value of `map` leniently, as the member's type allows,
/// into `slot`. It takes the slot rather than returning the value so that a
/// generated match arm is one call, with no `?` of its own: that halves what
/// the compiler checks per member.
pub fn read<'de, A: MapAccess<'de>, T: Lenient>(map: &mut A, slot: &mut T) -> Result<(), A::Error> {
    *slot = map.next_value_seed(LenientSeed(PhantomData))?;
    Ok(())
}

struct FieldsVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        let mut seen = Seen::default();
        while let Some(member) = map.next_key_seed(MemberSeed(T::NAMES))? {
            match member {
                Some(index) => {
                    if !seen.insert(index) {
                        return Err(de::Error::custom(format_args!(
                            "{DUPLICATE}`{}` appears more than once",
                            T::NAMES[index]
                        )));
                    }
                    value.set(index, &mut map)?
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(value)
    }
}

/// The members decoded so far, without allocating for the first 128.
#[derive(Default)]
struct Seen {
    first: u128,
    rest: Vec<bool>,
}

impl Seen {
    /// Marks `index`; false when it was already marked.
    fn insert(&mut self, index: usize) -> bool {
        if index < 128 {
            let bit = 1u128 << index;
            let new = self.first & bit == 0;
            self.first |= bit;
            return new;
        }
        let index = index - 128;
        if self.rest.len() <= index {
            self.rest.resize(index + 1, false);
        }
        !std::mem::replace(&mut self.rest[index], true)
    }
}

/// Reads an object key as the position of a known member, without
/// allocating: `None` for a key the structure does not have.
struct MemberSeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for MemberSeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    /// What the generator writes for a structure with three members.
    #[derive(Debug, Default, PartialEq)]
    struct Job {
        id: String,
        progress: Option<u32>,
        tags: Vec<String>,
    }

    impl Fields for Job {
        const NAMES: &'static [&'static str] = &["JobId", "Progress", "Tags"];

        fn set<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => read(map, &mut self.id),
                1 => read(map, &mut self.progress),
                2 => read(map, &mut self.tags),
                _ => Ok(()),
            }
        }
    }

    impl<'de> Deserialize<'de> for Job {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            fields(deserializer)
        }
    }

    #[test]
    fn members_decode_by_wire_name_and_leniently() {
        let job: Job =
            serde_json::from_str(r#"{"Tags":"a","JobId":"dts-1","Progress":"40"}"#).unwrap();
        assert_eq!(
            job,
            Job {
                id: "dts-1".into(),
                progress: Some(40),
                tags: vec!["a".into()],
            }
        );
    }

    #[test]
    fn absent_null_and_unknown_members() {
        let job: Job =
            serde_json::from_str(r#"{"JobId":null,"Extra":{"deep":[1,2]},"Progress":null}"#)
                .unwrap();
        assert_eq!(job, Job::default());
        let job: Job = serde_json::from_str("{}").unwrap();
        assert_eq!(job, Job::default());
    }

    #[test]
    fn a_repeated_member_is_an_error() {
        let error = serde_json::from_str::<Job>(r#"{"JobId":"a","JobId":"b"}"#).unwrap_err();
        assert!(error
            .to_string()
            .starts_with("the key `JobId` appears more than once"));
        // Unknown keys are skipped, repeated or not.
        let job: Job = serde_json::from_str(r#"{"X":1,"X":2,"JobId":"a"}"#).unwrap();
        assert_eq!(job.id, "a");
    }

    #[test]
    fn members_past_the_first_128_are_tracked_too() {
        let mut seen = Seen::default();
        assert!(seen.insert(3) && seen.insert(127) && seen.insert(200));
        assert!(!seen.insert(3) && !seen.insert(127) && !seen.insert(200));
        assert!(seen.insert(129));
    }

    #[test]
    fn the_same_from_a_json_value() {
        let value = serde_json::json!({"JobId": "dts-2", "Progress": 7});
        let job: Job = serde_json::from_value(value).unwrap();
        assert_eq!((job.id.as_str(), job.progress), ("dts-2", Some(7)));
    }

    #[test]
    fn what_is_not_an_object_or_cannot_fit_is_an_error() {
        for bad in [r#"[1]"#, r#""text""#, r#"{"Progress":-1}"#] {
            let error = serde_json::from_str::<Job>(bad).unwrap_err();
            assert!(!error.to_string().is_empty(), "{bad}");
        }
    }
}
