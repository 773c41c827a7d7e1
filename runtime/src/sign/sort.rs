//! Sorting parameters and headers by name, fast.
//!
//! Every signer but TC3 sorts its inputs by name, and a comparison sort of
//! ~20 strings (mispredicted branches, string compares) cost as much as the
//! HMAC it feeds. So each name is reduced to a `u64`: its first 7 bytes
//! (zero-padded, big-endian, so integer order is byte order) and its input
//! position in the low byte. Integers sort branch-free, and only names whose
//! 7-byte prefixes tie are then compared in full.

use std::cmp::Ordering;

/// Inputs up to this length take the packed-key path (the position must fit
/// the low byte, and the keys live on the stack).
const PACKED_MAX: usize = 64;

/// A name's 7-byte prefix in the high bytes, position `i` in the low byte.
fn packed_key(name: &str, lowercase: bool, i: usize) -> u64 {
    let bytes = name.as_bytes();
    let mut buf = [0u8; 8];
    match bytes.get(..8) {
        Some(head) => buf.copy_from_slice(head),
        None => buf[..bytes.len()].copy_from_slice(bytes),
    }
    if lowercase {
        buf.make_ascii_lowercase();
    }
    // `i` < PACKED_MAX, so it fits the low byte.
    (u64::from_be_bytes(buf) & !0xff) | (i as u64 & 0xff)
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

/// Sorts `pairs` by name (ASCII-lowercased if `lowercase`), in place.
/// Stable: repeated names keep their input order.
fn sort(pairs: &mut [(&str, &str)], lowercase: bool) {
    if pairs.len() > PACKED_MAX {
        pairs.sort_by(|a, b| cmp_names(a.0, b.0, lowercase));
        return;
    }
    let mut keys = [0u64; PACKED_MAX];
    let keys = &mut keys[..pairs.len()];
    for (i, (key, pair)) in keys.iter_mut().zip(pairs.iter()).enumerate() {
        *key = packed_key(pair.0, lowercase, i);
    }
    // Keys are distinct (positions differ), so unstable sorting is exact.
    keys.sort_unstable();
    permute(pairs, keys);
    // Names with equal prefixes sit together in input order; finish them
    // with a stable insertion sort on the full names.
    for i in 1..pairs.len() {
        let mut j = i;
        while j > 0
            && keys[j] >> 8 == keys[j - 1] >> 8
            && cmp_names(pairs[j].0, pairs[j - 1].0, lowercase) == Ordering::Less
        {
            pairs.swap(j, j - 1);
            keys.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Moves the pair at position `keys[i] & 0xff` to position `i` for every
/// `i`, in place, by following the permutation's cycles.
fn permute(pairs: &mut [(&str, &str)], keys: &[u64]) {
    let mut done = [false; PACKED_MAX];
    for start in 0..pairs.len() {
        if done[start] {
            continue;
        }
        // Walk the cycle through `start`: position `j` takes from `src(j)`.
        let src = |j: usize| keys.get(j).map_or(j, |k| (k & 0xff) as usize);
        let held = pairs[start];
        let mut j = start;
        loop {
            done[j] = true;
            let from = src(j);
            if from == start || from >= pairs.len() {
                pairs[j] = held;
                break;
            }
            pairs[j] = pairs[from];
            j = from;
        }
    }
}

/// Pairs sorted by name in byte order (`TagValue.10` before `TagValue.2`).
pub(crate) fn by_name<'a, K, V>(
    pairs: impl IntoIterator<Item = &'a (K, V)>,
) -> Vec<(&'a str, &'a str)>
where
    K: AsRef<str> + 'a,
    V: AsRef<str> + 'a,
{
    let pairs = pairs.into_iter();
    let mut refs = Vec::with_capacity(pairs.size_hint().0);
    refs.extend(pairs.map(|(k, v)| (k.as_ref(), v.as_ref())));
    sort(&mut refs, false);
    refs
}

/// Pairs sorted by ASCII-lowercased name, the order of canonical headers.
pub(crate) fn by_lowercase_name<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let mut refs: Vec<(&str, &str)> = pairs.into_iter().collect();
    sort(&mut refs, true);
    refs
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
        for copies in [1, 5] {
            let pairs: Vec<(String, String)> = (0..copies)
                .flat_map(|c| {
                    NAMES
                        .iter()
                        .enumerate()
                        .map(move |(i, n)| (n.to_string(), format!("{c}.{i}")))
                })
                .collect();
            assert_eq!(by_name(&pairs), plain(&pairs, false), "{copies}");
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
        for _ in 0..2000 {
            let len = next(80) as usize;
            let pairs: Vec<(String, String)> = (0..len)
                .map(|i| {
                    let name: String = (0..next(12))
                        .map(|_| ['a', 'B', '.', '1'][next(4) as usize])
                        .collect();
                    (name, i.to_string())
                })
                .collect();
            assert_eq!(by_name(&pairs), plain(&pairs, false));
            let lower = by_lowercase_name(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            assert_eq!(lower, plain(&pairs, true));
        }
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
        let fast = by_lowercase_name(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(fast, plain(&pairs, true));
    }
}
