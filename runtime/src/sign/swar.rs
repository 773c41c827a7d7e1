//! Eight bytes at a time in a `u64` (SWAR): byte classes and ASCII
//! lowercasing without a table or a branch per byte, for the signers' hot
//! loops over names and values.
//!
//! Words are read little-endian. A class function returns the high bit of
//! each byte of the class set and every other bit clear, judging each byte
//! on its own: no carry or borrow crosses bytes, so words may overlap.
//!
//! The arithmetic: for a 7-bit byte `v` and `c` <= 0x80, `v + (0x80 - c)`
//! has its high bit set exactly when `v >= c`, and `(v ^ c) + 0x7f` exactly
//! when `v != c`; neither carries into the next byte. The low 7 bits of
//! such intermediates are junk: only their high bits are combined.

/// `0x01` in every byte of a word.
const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
const HI: u64 = LO * 0x80;

/// `c` in every byte of a word.
const fn splat(c: u8) -> u64 {
    LO * c as u64
}

/// High bit set where the 7-bit byte of `low` is at least `c`.
#[inline(always)]
fn at_least(low: u64, c: u8) -> u64 {
    low + splat(0x80 - c)
}

/// High bit set where the 7-bit byte of `low` differs from `c`.
#[inline(always)]
fn differs(low: u64, c: u8) -> u64 {
    (low ^ splat(c)) + splat(0x7f)
}

/// The bytes of `word` outside the "plain" alphabet `A-Z a-z 0-9 - .`.
///
/// RFC 3986 leaves all of these bytes alone, so an encoder can copy a
/// plain word whole; and all of them are HTTP token characters. They make
/// up most of names, ids, dates, versions and header names. `_` and `~` are
/// unreserved too but not plain here: they are rare, testing for them takes
/// two more comparisons per word (measurably slower V2 signing), and a word
/// holding one only takes an encoder's byte-by-byte path.
#[inline]
pub(crate) fn non_plain_bytes(word: u64) -> u64 {
    // Bytes with the high bit set (non-ASCII) are not plain whatever the
    // 7-bit test says.
    let low = word & !HI;
    let folded = low | splat(0x20); // ASCII letters to lowercase
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    // `-` `.` `/` and the digits are 0x2d..=0x39; `/` is not plain.
    let digit_dash_dot = at_least(low, b'-') & !at_least(low, b'9' + 1) & differs(low, b'/');
    (!(letter | digit_dash_dot) | word) & HI
}

/// The bytes of `word` that may not appear in an HTTP header value: ASCII
/// control characters but the tab, and DEL. Bytes of UTF-8 sequences are
/// allowed.
#[inline]
pub(crate) fn control_bytes(word: u64) -> u64 {
    let low = word & !HI;
    let below_space = !at_least(low, b' ');
    let control = (below_space & differs(low, b'\t')) | !differs(low, 0x7f);
    control & !word & HI
}

/// `to_ascii_lowercase` of each byte of `word`: `A-Z` gain 0x20, every
/// other byte stays.
#[inline]
pub(crate) fn ascii_lowercase(word: u64) -> u64 {
    let low = word & !HI;
    let upper = at_least(low, b'A') & !at_least(low, b'Z' + 1) & !word & HI;
    word | upper >> 2
}

/// Whether `class` (one of the functions above) marks any byte of `bytes`.
///
/// Two words at a time, which the compiler runs as 2-lane SSE2: up to 16
/// bytes as two overlapping halves, longer inputs in 16-byte blocks and an
/// overlapping last block; inputs shorter than a word as two overlapping
/// halves, or byte by byte.
#[inline(always)]
pub(crate) fn any(bytes: &[u8], class: impl Fn(u64) -> u64) -> bool {
    let pair = |a: &[u8], b: &[u8]| {
        // Callers pass 8-byte slices: the fallback never happens.
        let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        let [a, b] = [word(a), word(b)].map(&class);
        a | b
    };
    let marks = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(first), Some(last)) if bytes.len() <= 16 => pair(first, last),
        (Some(_), Some(_)) => {
            let (blocks, _) = bytes.as_chunks::<16>();
            let last = bytes.last_chunk::<16>().unwrap_or(&[0; 16]);
            blocks
                .iter()
                .chain([last])
                .fold(0, |marks, block| marks | pair(&block[..8], &block[8..]))
        }
        _ => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            (Some(first), Some(last)) => class(
                u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32,
            ),
            _ => bytes.iter().fold(0, |marks, &b| marks | class(splat(b))),
        },
    };
    marks != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `class` against `want` for every byte value in every
    /// position, among neighbours in and out of the class (borrows and
    /// carries between bytes would show up as wrong neighbours).
    fn per_byte(class: fn(u64) -> u64, want: impl Fn(u8) -> bool) {
        for b in 0..=255u8 {
            for fill in [b'a', b'Z', b'%', 0xff, 0x00, b'~', b'\t', 0x7f, b] {
                for pos in 0..8 {
                    let mut bytes = [fill; 8];
                    bytes[pos] = b;
                    let expected = bytes
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (i, &c)| m | u64::from(want(c)) << (8 * i + 7));
                    let got = class(u64::from_le_bytes(bytes));
                    assert_eq!(got, expected, "byte {b:#04x} at {pos} among {fill:#04x}");
                }
            }
        }
    }

    #[test]
    fn non_plain_bytes_per_byte() {
        per_byte(non_plain_bytes, |c| {
            !(c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
        });
    }

    #[test]
    fn control_bytes_per_byte() {
        per_byte(control_bytes, |c| (c < 0x20 && c != b'\t') || c == 0x7f);
    }

    #[test]
    fn lowercasing_per_byte() {
        for b in 0..=255u8 {
            for fill in [b'A', b'z', 0x00, 0xff, b'@', b'[', b] {
                for pos in 0..8 {
                    let mut bytes = [fill; 8];
                    bytes[pos] = b;
                    let want = u64::from_le_bytes(bytes.map(|c| c.to_ascii_lowercase()));
                    assert_eq!(
                        ascii_lowercase(u64::from_le_bytes(bytes)),
                        want,
                        "{bytes:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn any_sees_every_position_at_every_length() {
        for len in 0..=40 {
            assert!(!any(&vec![b'a'; len], control_bytes), "{len}");
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'\n';
                assert!(any(&bytes, control_bytes), "{len} {at}");
            }
        }
    }
}
