//! Percent-encoding for signing and for the wire.
//!
//! * [`percent_encode`]: RFC 3986 over UTF-8, the encoding Alibaba V2 and ACS3
//!   sign. `A-Z a-z 0-9 - _ . ~` stay, every other byte becomes `%XX` with
//!   uppercase hex, so a space is `%20` and `*` is `%2A`.
//! * [`percent_encode_pairs`]: `name=value&...` in that encoding, what the
//!   client sends.
//! * [`form_encode_pairs`]: the same with a space written as `+`, which is what
//!   the official Python SDKs put on the wire (`urllib.parse.urlencode`). TC3
//!   GET signs the query string exactly as sent, so a client that wants to
//!   mirror the SDK byte for byte uses this.

use super::hash::Sink;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt;

/// Bytes that RFC 3986 encoding escapes: all but `A-Z a-z 0-9 - _ . ~`.
pub const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Like [`RFC3986`] but leaves the space alone, so form encoding can turn it
/// into `+` while copying unescaped runs.
const FORM: &AsciiSet = &RFC3986.remove(b' ');

/// RFC 3986 percent-encoding of `s`'s UTF-8 bytes, uppercase hex.
///
/// The result displays as the encoded text and iterates over it in slices,
/// so it can be written anywhere without an intermediate `String`.
pub fn percent_encode(s: &str) -> impl Iterator<Item = &str> + fmt::Display + Clone {
    utf8_percent_encode(s, RFC3986)
}

/// Appends the RFC 3986 encoding of `s` to `out`.
pub fn push_percent_encoded(out: &mut String, s: &str) {
    push_encoded_runs(out, s, false);
}

/// Appends the form encoding of `s` to `out`: RFC 3986 with space as `+`.
pub fn push_form_encoded(out: &mut String, s: &str) {
    for chunk in utf8_percent_encode(s, FORM) {
        if chunk.contains(' ') {
            out.extend(chunk.chars().map(|c| if c == ' ' { '+' } else { c }));
        } else {
            out.push_str(chunk);
        }
    }
}

/// `name=value` pairs form-encoded and joined with `&`, in the given order:
/// Python's `urlencode`, as the Tencent and Alibaba SDKs send query strings
/// and form bodies.
pub fn form_encode_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    join_pairs(pairs, push_form_encoded)
}

/// `name=value` pairs RFC 3986 encoded (a space is `%20`) and joined with
/// `&`, in the given order: the client's query strings and form bodies,
/// which every server decodes like the SDKs' `+`.
pub fn percent_encode_pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    join_pairs(pairs, push_percent_encoded)
}

fn join_pairs<K: AsRef<str>, V: AsRef<str>>(
    pairs: &[(K, V)],
    push: fn(&mut String, &str),
) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push(&mut out, name.as_ref());
        out.push('=');
        push(&mut out, value.as_ref());
    }
    out
}

/// For each byte, whether [`RFC3986`] escapes it. The signers' hot paths
/// use tables instead of the crate's iterator, which tests a runtime set
/// byte by byte and was the largest cost of V2 signing; a test checks the
/// two agree on all 256 bytes.
const ESCAPED: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~'));
        b += 1;
    }
    table
};

/// Uppercase hex digits, for percent escapes.
const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

/// For each byte, its encoding in the first bytes and their count in the
/// last: `b` (1), `%XY` (3), or with `double` `%25XY` (5), the encoding of
/// the encoding (`X` and `Y` are unreserved). Eight bytes, so an encoder
/// can copy a whole entry with one store and advance by the count, without
/// a branch per byte.
const fn escape_table(double: bool) -> [[u8; 8]; 256] {
    let mut table = [[0u8; 8]; 256];
    let mut b = 0;
    while b < 256 {
        let hi = UPPER_HEX[b >> 4];
        let lo = UPPER_HEX[b & 0x0f];
        table[b] = if !ESCAPED[b] {
            [b as u8, 0, 0, 0, 0, 0, 0, 1]
        } else if double {
            [b'%', b'2', b'5', hi, lo, 0, 0, 5]
        } else {
            [b'%', hi, lo, 0, 0, 0, 0, 3]
        };
        b += 1;
    }
    table
}

static SINGLE: [[u8; 8]; 256] = escape_table(false);
static DOUBLE: [[u8; 8]; 256] = escape_table(true);

/// The table of single or double encoding (see [`escape_table`]).
pub(crate) fn escapes(double: bool) -> &'static [[u8; 8]; 256] {
    if double {
        &DOUBLE
    } else {
        &SINGLE
    }
}

/// Appends the RFC 3986 encoding of `s` to `out`, or with `double` the
/// encoding of that encoding, copying unreserved runs whole. This is the
/// encoder of the trace functions; the streaming signers use the table
/// encoder of [`Buffered`](super::hash::Buffered), so comparing traces with
/// signatures checks one against the other.
pub(crate) fn push_encoded_runs(out: &mut String, s: &str, double: bool) {
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if ESCAPED[usize::from(b)] {
            // Runs hold unreserved ASCII only, so `get` always succeeds.
            out.push_str(s.get(run..i).unwrap_or_default());
            let entry = &escapes(double)[usize::from(b)];
            let n = usize::from(entry[7]);
            out.extend(entry[..n].iter().map(|&c| char::from(c)));
            run = i + 1;
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
}

/// Writes the RFC 3986 encoding of `s` to `sink`.
pub(crate) fn encode_into(sink: &mut impl Sink, s: &str) {
    sink.put_encoded(s, false);
}

/// Writes `encode(encode(s))` to `sink` in one pass.
pub(crate) fn double_encode_into(sink: &mut impl Sink, s: &str) {
    sink.put_encoded(s, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        percent_encode(s).to_string()
    }

    #[test]
    fn unreserved_bytes_stay() {
        let unreserved = "ABCXYZabcxyz0189-_.~";
        assert_eq!(enc(unreserved), unreserved);
    }

    #[test]
    fn reserved_bytes_are_uppercase_escapes() {
        assert_eq!(enc(" "), "%20");
        assert_eq!(enc("*"), "%2A");
        assert_eq!(enc("/"), "%2F");
        assert_eq!(enc("+"), "%2B");
        assert_eq!(enc("="), "%3D");
        assert_eq!(enc("&"), "%26");
        assert_eq!(enc("%"), "%25");
        assert_eq!(enc(":"), "%3A");
        assert_eq!(enc("!'()"), "%21%27%28%29");
        assert_eq!(enc("\u{0}\n\u{7f}"), "%00%0A%7F");
    }

    #[test]
    fn non_ascii_is_encoded_per_utf8_byte() {
        assert_eq!(enc("é"), "%C3%A9");
        assert_eq!(enc("未命名"), "%E6%9C%AA%E5%91%BD%E5%90%8D");
        assert_eq!(enc("😀"), "%F0%9F%98%80");
    }

    #[test]
    fn push_appends() {
        let mut out = String::from("x=");
        push_percent_encoded(&mut out, "a b*~");
        assert_eq!(out, "x=a%20b%2A~");
    }

    #[test]
    fn form_encoding_uses_plus_for_space() {
        let mut out = String::new();
        push_form_encoded(&mut out, "2024-03-10 02:00:00");
        assert_eq!(out, "2024-03-10+02%3A00%3A00");
        let mut out = String::new();
        push_form_encoded(&mut out, " a  b *~+");
        assert_eq!(out, "+a++b+%2A~%2B");
    }

    #[test]
    fn form_pairs_keep_order() {
        let pairs = [("b", "1 2"), ("a", "x/y=")];
        assert_eq!(form_encode_pairs(&pairs), "b=1+2&a=x%2Fy%3D");
        assert_eq!(form_encode_pairs::<&str, &str>(&[]), "");
        assert_eq!(percent_encode_pairs(&pairs), "b=1%202&a=x%2Fy%3D");
    }

    #[test]
    fn fast_table_agrees_with_the_crate_on_every_byte() {
        for b in 0u8..128 {
            let s = char::from(b).to_string();
            let mut fast = String::new();
            encode_into(&mut fast, &s);
            assert_eq!(fast, enc(&s), "byte {b:#04x}");
        }
        // Every non-ASCII byte occurs in some UTF-8 text; all are escaped.
        assert!(ESCAPED[128..].iter().all(|&e| e));
        assert!(SINGLE[128..].iter().all(|e| e[0] == b'%' && e[7] == 3));
        for s in ["é~*", "未命名 x", "a+b=c&d/e", "", "plain", "%2A"] {
            let mut fast = String::new();
            encode_into(&mut fast, s);
            assert_eq!(fast, enc(s), "{s}");
        }
    }

    #[test]
    fn double_encoding_matches_two_rounds() {
        for s in [
            "a b",
            "Timestamp=2016-02-23T12:46:24Z",
            "{\"k\":true}",
            "é~*",
            "",
        ] {
            let mut once = String::new();
            double_encode_into(&mut once, s);
            assert_eq!(once, enc(&enc(s)), "{s}");
        }
    }
}
