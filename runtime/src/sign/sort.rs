//! Sorting parameters and headers by name, fast.
//!
//! Every signer but TC3 sorts its inputs by name, and a comparison sort of
//! ~20 strings (mispredicted branches, string compares) cost as much as the
//! HMAC it feeds. So each name is reduced to a `u64`: its first 7 bytes
//! (zero-padded, big-endian, so integer order is byte order) and its input
//! position in the low byte. Integers sort branch-free, and only names whose
//! 7-byte prefixes tie are then compared in full. The pairs are never moved:
//! callers read them through the sorted positions.

use super::swar;
use std::cmp::Ordering;

/// Inputs up to this length take the packed-key path: the position must fit
/// the low byte.
const PACKED_MAX: usize = 256;

/// Runs of tied prefixes up to this length are finished by insertion sort.
const INSERTION_MAX: usize = 16;

/// The first 7 bytes of `name`, zero-padded, big-endian in the high bytes.
/// Built in registers, never copied through a buffer: a variable-length
/// copy followed by a word load stalls on store forwarding, which made this
/// the hottest line of V1 signing. Names of 4 to 7 bytes (`Action`,
/// `Format`) are two overlapping 4-byte loads, not a loop.
#[inline]
fn prefix(name: &str, lowercase: bool) -> u64 {
    let bytes = name.as_bytes();
    let word = match (
        bytes.first_chunk::<8>(),
        bytes.first_chunk::<4>(),
        bytes.last_chunk::<4>(),
    ) {
        (Some(head), _, _) => u64::from_be_bytes(*head),
        (None, Some(first), Some(last)) => {
            u64::from(u32::from_be_bytes(*first)) << 32
                | u64::from(u32::from_be_bytes(*last)) << (8 * (8 - bytes.len()))
        }
        _ => bytes
            .iter()
            .enumerate()
            .fold(0, |word, (i, &b)| word | u64::from(b) << (56 - 8 * i)),
    };
    let word = if lowercase {
        swar::ascii_lowercase(word)
    } else {
        word
    };
    word & !0xff
}

fn cmp_names(a: &str, b: &str, lowercase: bool) -> Ordering {
    if lowercase {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.as_bytes().cmp(b.as_bytes())
    }
}

/// The positions of a list of names in sorted order. Stable: repeated
/// names keep their input order. Iterate with [`Order::into_positions`].
pub(crate) struct Order {
    /// Positions, smallest name first. One heap block that the iterator
    /// takes over, never copied.
    positions: Vec<u64>,
}

impl Order {
    /// The positions, smallest name first, by value.
    pub(crate) fn into_positions(self) -> impl Iterator<Item = usize> {
        // Positions came from `usize` indices, so the casts are exact.
        self.positions.into_iter().map(|p| p as usize)
    }

    /// The positions, smallest name first, for walking them more than once.
    pub(crate) fn positions(&self) -> impl Iterator<Item = usize> + Clone + '_ {
        self.positions.iter().map(|&p| p as usize)
    }
}

/// `pairs` sorted by name in byte order (`TagValue.10` before
/// `TagValue.2`), borrowed.
pub(crate) fn by_name<K: AsRef<str>, V: AsRef<str>>(
    pairs: &[(K, V)],
) -> impl Iterator<Item = (&str, &str)> {
    order(pairs.len(), |i| pairs[i].0.as_ref(), false)
        .into_positions()
        .map(move |i| (pairs[i].0.as_ref(), pairs[i].1.as_ref()))
}

/// Sorts the `len` names that `name(i)` returns by byte order
/// (ASCII-lowercased first if `lowercase`).
///
/// Each name is reduced to a `u64`: its first 7 bytes and its position in
/// the low byte. Integers sort branch-free; only names whose prefixes tie
/// are then compared in full. The pairs themselves are never moved or
/// copied: callers read them through the returned positions.
pub(crate) fn order<'a>(len: usize, name: impl Fn(usize) -> &'a str, lowercase: bool) -> Order {
    if len > PACKED_MAX {
        let mut positions: Vec<u64> = (0..len as u64).collect();
        positions.sort_by(|&a, &b| cmp_names(name(a as usize), name(b as usize), lowercase));
        return Order { positions };
    }
    // `i` < PACKED_MAX, so it fits the low byte.
    let mut keys: Vec<u64> = (0..len)
        .map(|i| prefix(name(i), lowercase) | i as u64)
        .collect();
    // Keys are distinct (positions differ), so unstable sorting is exact.
    keys.sort_unstable();
    // Names with equal prefixes now sit together in input order; finish each
    // such run on the full names, stably. Runs are short (insertion sort)
    // except for long lists, whose names share a prefix (`ResourceId.1` to
    // `ResourceId.200`), where insertion sort would be quadratic.
    let full = |&a: &u64, &b: &u64| {
        cmp_names(
            name((a & 0xff) as usize),
            name((b & 0xff) as usize),
            lowercase,
        )
    };
    for run in keys.chunk_by_mut(|a, b| a >> 8 == b >> 8) {
        if run.len() > INSERTION_MAX {
            run.sort_by(full);
            continue;
        }
        for i in 1..run.len() {
            let mut j = i;
            while j > 0 && full(&run[j], &run[j - 1]) == Ordering::Less {
                run.swap(j, j - 1);
                j -= 1;
            }
        }
    }
    for key in &mut keys {
        *key &= 0xff;
    }
    Order { positions: keys }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 16] = [
        "TagValue.2",
        "TagValue.10",
        "Tag",
        "Tags.0.TagKey",
        "Tags.0.TagValue",
        "Tags.0.TagKey.1234567890",
        "",
        "a",
        "a\0",
        "Z",
        "é",
        "Tags.0.TagKey.1234567890x",
        "Tags.0.TagKey.1234567890",
        "SignatureNonce",
        "SignatureMethod",
        "Tag",
    ];

    /// The pairs in the order `order` gives.
    fn sorted(pairs: &[(String, String)], lowercase: bool) -> Vec<(&str, &str)> {
        order(pairs.len(), |i| pairs[i].0.as_str(), lowercase)
            .into_positions()
            .map(|i| (pairs[i].0.as_str(), pairs[i].1.as_str()))
            .collect()
    }

    fn plain(pairs: &[(String, String)], lowercase: bool) -> Vec<(&str, &str)> {
        let mut v: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        v.sort_by(|a, b| cmp_names(a.0, b.0, lowercase));
        v
    }

    #[test]
    fn byte_order_like_a_stable_sort() {
        // Both paths: packed keys, and more names than fit them.
        for copies in [1, 17] {
            let pairs: Vec<(String, String)> = (0..copies)
                .flat_map(|c| {
                    NAMES
                        .iter()
                        .enumerate()
                        .map(move |(i, n)| (n.to_string(), format!("{c}.{i}")))
                })
                .collect();
            assert_eq!(sorted(&pairs, false), plain(&pairs, false), "{copies}");
        }
    }

    #[test]
    fn random_lists_like_a_stable_sort() {
        // Few distinct characters force long shared prefixes and repeats.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..500 {
            let len = next(300) as usize;
            let pairs: Vec<(String, String)> = (0..len)
                .map(|i| {
                    let name: String = (0..next(12))
                        .map(|_| ['a', 'B', '.', '1'][next(4) as usize])
                        .collect();
                    (name, i.to_string())
                })
                .collect();
            assert_eq!(sorted(&pairs, false), plain(&pairs, false));
            assert_eq!(sorted(&pairs, true), plain(&pairs, true));
        }
    }

    #[test]
    fn long_runs_of_one_prefix_like_a_stable_sort() {
        // 256 names with one 7-byte prefix: a single run, past insertion sort.
        let pairs: Vec<(String, String)> = (0..256)
            .map(|i| (format!("ResourceId.{}", (i * 37) % 256), i.to_string()))
            .collect();
        assert_eq!(sorted(&pairs, false), plain(&pairs, false));
    }

    #[test]
    fn lowercase_order_like_a_stable_sort() {
        let names = [
            "X-Acs-Date",
            "host",
            "x-acs-content-sha256",
            "Content-Type",
            "x-acs-version",
            "ACCEPT",
            "HOST",
        ];
        let pairs: Vec<(String, String)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i.to_string()))
            .collect();
        assert_eq!(sorted(&pairs, true), plain(&pairs, true));
    }
}
