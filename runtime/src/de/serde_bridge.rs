//! `Deserialize` for every generated structure through [`Fields`]'s
//! member-by-member decoder, including structures that have no `Default`.
//!
//! Requests and the data types users build take their required members in
//! `new(..)`, so they must not implement `Default` (that would build one
//! without them). They implement [`Decode`] instead, whose [`Decode::empty`]
//! is the starting point of decoding only; [`decode`] wraps the structure in
//! [`Partial`], which gives [`Fields`] the `Default` it needs, and reuses
//! its visitor unchanged: one decoder for responses, requests and data types.

use serde::de::{Deserialize, Deserializer, MapAccess};

use super::Fields;

/// A generated structure decoded from a JSON object one member at a time.
pub trait Decode: Sized {
    /// Wire names of the members; [`Decode::set`] receives positions in it.
    const NAMES: &'static [&'static str];

    /// Every member at its type's default: where decoding starts, and what a
    /// member the object does not hold keeps. Not a constructor for users.
    fn empty() -> Self;

    /// Decodes the value of the member at `index` in [`Decode::NAMES`] from
    /// `map` (whose next value it is) into `self`, usually with
    /// [`read`](super::read).
    fn set<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error>;
}

/// A [`Decode`] structure being decoded: what [`Fields`] works on.
pub struct Partial<T>(T);

impl<T: Decode> Default for Partial<T> {
    fn default() -> Self {
        Partial(T::empty())
    }
}

impl<T: Decode> Fields for Partial<T> {
    const NAMES: &'static [&'static str] = T::NAMES;

    fn set<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
        self.0.set(index, map)
    }
}

/// Decodes a [`Decode`] structure from a JSON object: what a generated
/// structure's `Deserialize` impl calls.
pub fn decode<'de, D: Deserializer<'de>, T: Decode>(deserializer: D) -> Result<T, D::Error> {
    super::fields::<D, Partial<T>>(deserializer).map(|partial| partial.0)
}

/// Decodes a structure, reading `null` as [`Decode::empty`]: what a
/// generated structure's [`Lenient`](super::Lenient) impl uses.
pub fn null_as_empty<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Decode,
{
    Option::<T>::deserialize(deserializer).map(|value| value.unwrap_or_else(T::empty))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator writes for a request with a required member: no
    /// `Default`.
    #[derive(Debug, PartialEq)]
    struct Job {
        id: String,
        tags: Vec<String>,
    }

    impl Decode for Job {
        const NAMES: &'static [&'static str] = &["JobId", "Tags"];

        fn empty() -> Self {
            Job {
                id: String::new(),
                tags: Vec::new(),
            }
        }

        fn set<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => super::super::read(map, &mut self.id),
                1 => super::super::read(map, &mut self.tags),
                _ => Ok(()),
            }
        }
    }

    impl<'de> Deserialize<'de> for Job {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode(deserializer)
        }
    }

    #[test]
    fn decodes_by_wire_name_without_default() {
        let job: Job = serde_json::from_str(r#"{"Tags":["a"],"JobId":"dts-1","X":1}"#).unwrap();
        assert_eq!(
            job,
            Job {
                id: "dts-1".into(),
                tags: vec!["a".into()],
            }
        );
    }

    #[test]
    fn absent_members_and_null_start_from_empty() {
        let job: Job = serde_json::from_str(r#"{"Tags":["a"]}"#).unwrap();
        assert_eq!(job.id, "");
        let job: Job = null_as_empty(&mut serde_json::Deserializer::from_str("null")).unwrap();
        assert_eq!(job, Job::empty());
        assert!(serde_json::from_str::<Job>("[1]").is_err());
    }
}
