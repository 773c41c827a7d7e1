//! Hashing primitives shared by the signers: keyed MACs, lowercase hex on the
//! stack, and sinks that let one canonicalisation routine either build a
//! string (for traces and tests) or feed a hasher (the allocation-free path).

use super::{encode, swar};
use hmac::{Hmac, KeyInit};
use sha1::Sha1;
use sha2::digest::{Digest, Update};
use sha2::Sha256;
use std::fmt;

/// HMAC-SHA256.
pub(crate) type HmacSha256 = Hmac<Sha256>;
/// HMAC-SHA1.
pub(crate) type HmacSha1 = Hmac<Sha1>;

/// Block size of SHA-1 and SHA-256, which is also the HMAC key block size.
const BLOCK: usize = 64;

/// Builds the HMAC key block for a key given as concatenated `parts`,
/// without allocating the concatenation.
fn key_block<D: Digest>(parts: &[&[u8]]) -> [u8; BLOCK] {
    let mut block = [0u8; BLOCK];
    let total: usize = parts.iter().map(|p| p.len()).sum();
    if total <= BLOCK {
        let mut at = 0;
        for part in parts {
            block[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
    } else {
        // RFC 2104: a key longer than the block is replaced by its digest.
        let mut d = D::new();
        for part in parts {
            Digest::update(&mut d, part);
        }
        let digest = d.finalize();
        for (dst, src) in block.iter_mut().zip(digest.iter()) {
            *dst = *src;
        }
    }
    block
}

/// HMAC-SHA256 keyed with the concatenation of `parts`.
pub(crate) fn hmac_sha256(parts: &[&[u8]]) -> HmacSha256 {
    // `new` takes a full block, so it cannot fail on the key length.
    HmacSha256::new(&key_block::<Sha256>(parts).into())
}

/// HMAC-SHA1 keyed with the concatenation of `parts`.
pub(crate) fn hmac_sha1(parts: &[&[u8]]) -> HmacSha1 {
    HmacSha1::new(&key_block::<Sha1>(parts).into())
}

/// One-shot HMAC-SHA256 returning the raw 32-byte tag.
pub(crate) fn hmac_sha256_once(key: &[u8], data: &[u8]) -> [u8; 32] {
    use hmac::Mac;
    let mut mac = hmac_sha256(&[key]);
    Mac::update(&mut mac, data);
    mac.finalize().into_bytes().into()
}

/// A SHA-256 digest written as 64 lowercase hex digits, held on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HexDigest([u8; 64]);

impl HexDigest {
    /// Hex-encodes a 32-byte digest.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        let mut out = [0u8; 64];
        write_hex(bytes, &mut out);
        Self(out)
    }

    /// Parses 64 lowercase hex digits, the form every signer here emits.
    pub fn parse(s: &str) -> Option<Self> {
        let bytes: [u8; 64] = s.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .then_some(Self(bytes))
    }

    /// The hex digits as bytes, without the UTF-8 check of `as_str`.
    pub(crate) fn as_bytes(&self) -> &[u8; 64] {
        &self.0
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for HexDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for HexDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HexDigest({})", self.as_str())
    }
}

/// `hex(SHA256(data))`, the payload hash of TC3 and ACS3.
pub fn sha256_hex(data: &[u8]) -> HexDigest {
    HexDigest::from_bytes(&Sha256::digest(data).into())
}

/// Writes `src` as lowercase hex into `dst`, which must be twice as long.
pub(crate) fn write_hex(src: &[u8], dst: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (pair, byte) in dst.chunks_exact_mut(2).zip(src) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0x0f)];
    }
}

/// Lowercase hex of arbitrary bytes, for traces.
pub(crate) fn hex_string(src: &[u8]) -> String {
    let mut out = vec![0u8; src.len() * 2];
    write_hex(src, &mut out);
    out.into_iter().map(char::from).collect()
}

/// Where a canonicalisation routine writes its output.
pub(crate) trait Sink {
    /// Appends `s`.
    fn put(&mut self, s: &str);
    /// Appends one ASCII byte (a separator).
    fn put_byte(&mut self, b: u8);
    /// Appends `s` with ASCII letters lowercased.
    fn put_lowercase(&mut self, s: &str);
    /// Appends a canonical header line, `name:value\n`.
    fn put_header_line(&mut self, name: &str, value: &str) {
        self.put(name);
        self.put_byte(b':');
        self.put(value);
        self.put_byte(b'\n');
    }
    /// Appends the RFC 3986 encoding of `s`, or with `double` the encoding
    /// of that encoding (see [`super::encode`]).
    fn put_encoded(&mut self, s: &str, double: bool);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }

    fn put_byte(&mut self, b: u8) {
        self.push(char::from(b));
    }

    fn put_lowercase(&mut self, s: &str) {
        let start = self.len();
        self.push_str(s);
        // `start` was the old length, a char boundary.
        if let Some(tail) = self.get_mut(start..) {
            tail.make_ascii_lowercase();
        }
    }

    fn put_encoded(&mut self, s: &str, double: bool) {
        encode::push_encoded_runs(self, s, double);
    }
}

/// Size of the stack buffer in front of a hasher.
const SINK_BUF: usize = 1024;
/// Spare bytes past `SINK_BUF`, so the encoder's 8-byte stores near the end
/// stay in bounds.
const SLACK: usize = 8;

/// Feeds a hasher through a stack buffer, so canonical strings made of many
/// small pieces reach the hasher in a few large updates and are never
/// allocated. [`Buffered::with`] lends one out and returns the hasher.
pub(crate) struct Buffered<H: Update> {
    hasher: H,
    buf: [u8; SINK_BUF + SLACK],
    len: usize,
}

impl<H: Update> Buffered<H> {
    /// Wraps `hasher`.
    fn new(hasher: H) -> Self {
        Self {
            hasher,
            buf: [0; SINK_BUF + SLACK],
            len: 0,
        }
    }

    fn flush(&mut self) {
        self.hasher.update(&self.buf[..self.len]);
        self.len = 0;
    }

    /// Makes room for `n` bytes; returns false if they should bypass the buffer.
    #[inline]
    fn reserve(&mut self, n: usize) -> bool {
        if self.len + n > SINK_BUF {
            self.flush();
        }
        n <= SINK_BUF
    }

    /// Slow path of `put`: the buffer is too full for `bytes`.
    #[cold]
    fn put_slow(&mut self, bytes: &[u8]) {
        self.flush();
        if bytes.len() < SINK_BUF {
            self.buf[..bytes.len()].copy_from_slice(bytes);
            self.len = bytes.len();
        } else {
            self.hasher.update(bytes);
        }
    }

    /// `put_encoded` of a value too long for the buffer even when empty:
    /// encoded a buffer's worth at a time (encoding is byte by byte, so
    /// any split point is fine).
    #[cold]
    fn put_encoded_long(&mut self, bytes: &[u8], double: bool) {
        let widest = if double { 5 } else { 3 };
        for chunk in bytes.chunks(SINK_BUF / widest) {
            if self.len + widest * chunk.len() > SINK_BUF {
                self.flush();
            }
            self.len = encode_run(&mut self.buf, self.len, chunk, encode::escapes(double));
        }
    }

    /// Runs `write` on a sink in front of `hasher` and returns the hasher
    /// with everything written. The sink never moves: a 1 KB struct passed
    /// by value to a `finish(self)` is copied whole.
    #[inline(always)]
    pub(crate) fn with(hasher: H, write: impl FnOnce(&mut Self)) -> H {
        let mut sink = Self::new(hasher);
        write(&mut sink);
        sink.flush();
        sink.hasher
    }

    /// Flushes and returns the hasher.
    #[cfg(test)]
    fn finish(mut self) -> H {
        self.flush();
        self.hasher
    }
}

impl<H: Update> Sink for Buffered<H> {
    #[inline]
    fn put(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) => {
                copy_inline(dst, bytes);
                self.len = end;
            }
            None => self.put_slow(bytes),
        }
    }

    #[inline]
    fn put_byte(&mut self, b: u8) {
        self.reserve(1);
        self.buf[self.len] = b;
        self.len += 1;
    }

    /// One room check for the whole line instead of one per piece.
    #[inline]
    fn put_header_line(&mut self, name: &str, value: &str) {
        let end = self.len + name.len() + value.len() + 2;
        if end > SINK_BUF {
            self.put(name);
            self.put_byte(b':');
            self.put(value);
            self.put_byte(b'\n');
            return;
        }
        let (name, value) = (name.as_bytes(), value.as_bytes());
        let colon = self.len + name.len();
        copy_inline(&mut self.buf[self.len..colon], name);
        self.buf[colon] = b':';
        copy_inline(&mut self.buf[colon + 1..end - 1], value);
        self.buf[end - 1] = b'\n';
        self.len = end;
    }

    /// One room check for the whole of `s`, then [`encode_run`] without
    /// checks. Inlined, so a signer's loop keeps the length in a register.
    #[inline(always)]
    fn put_encoded(&mut self, s: &str, double: bool) {
        let bytes = s.as_bytes();
        let widest = if double { 5 } else { 3 };
        if self.len + widest * bytes.len() > SINK_BUF {
            self.flush();
            if widest * bytes.len() > SINK_BUF {
                self.put_encoded_long(bytes, double);
                return;
            }
        }
        self.len = encode_run(&mut self.buf, self.len, bytes, encode::escapes(double));
    }

    fn put_lowercase(&mut self, s: &str) {
        for chunk in s.as_bytes().chunks(SINK_BUF) {
            self.reserve(chunk.len());
            let dst = &mut self.buf[self.len..self.len + chunk.len()];
            for (d, b) in dst.iter_mut().zip(chunk) {
                *d = b.to_ascii_lowercase();
            }
            self.len += chunk.len();
        }
    }
}

/// `dst.copy_from_slice(src)` (same lengths) without a call to `memcpy`,
/// which costs more than the copy for the short names and values of a
/// canonical request: at most 16 bytes as two overlapping halves, more in
/// 16-byte blocks and an overlapping last block.
#[inline(always)]
pub(crate) fn copy_inline(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    match (src.first_chunk::<8>(), src.last_chunk::<8>()) {
        (Some(first), Some(last)) if n <= 16 => {
            dst[..8].copy_from_slice(first);
            dst[n - 8..n].copy_from_slice(last);
        }
        (Some(_), Some(_)) => {
            let (blocks, _) = src.as_chunks::<16>();
            for (i, block) in blocks.iter().enumerate() {
                dst[16 * i..16 * i + 16].copy_from_slice(block);
            }
            if let Some(last) = src.last_chunk::<16>() {
                dst[n - 16..n].copy_from_slice(last);
            }
        }
        _ => match (src.first_chunk::<4>(), src.last_chunk::<4>()) {
            (Some(first), Some(last)) => {
                dst[..4].copy_from_slice(first);
                dst[n - 4..n].copy_from_slice(last);
            }
            _ => {
                for (d, s) in dst.iter_mut().zip(src) {
                    *d = *s;
                }
            }
        },
    }
}

/// Encodes `bytes` into `buf` from `len` with `table` (see
/// [`encode::escapes`]) and returns the new length. The caller leaves room
/// for every byte escaped: `len` plus the widest entry times `bytes.len()`
/// at most `SINK_BUF`, so the 8-byte stores stay within the slack.
///
/// Plain runs (see [`swar::non_plain_bytes`]: most of names, ids, dates)
/// are copied whole, everything else goes byte by byte, each byte's whole
/// table entry copied with one 8-byte store and the length advanced by its
/// count. Most values are 4 to 16 bytes long and all plain, so those are
/// tested in one go, through two overlapping halves.
#[inline(always)]
fn encode_run(buf: &mut [u8], len: usize, bytes: &[u8], table: &[[u8; 8]; 256]) -> usize {
    let n = bytes.len();
    match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(first), Some(last)) if n <= 16 => {
            if non_plain_pair(first, last) == [0, 0] {
                buf[len..len + 8].copy_from_slice(first);
                buf[len + n - 8..len + n].copy_from_slice(last);
                return len + n;
            }
        }
        (Some(_), Some(_)) => {}
        _ => {
            if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
                let word = u64::from(u32::from_le_bytes(*first))
                    | u64::from(u32::from_le_bytes(*last)) << 32;
                if swar::non_plain_bytes(word) == 0 {
                    buf[len..len + 4].copy_from_slice(first);
                    buf[len + n - 4..len + n].copy_from_slice(last);
                    return len + n;
                }
            }
            return encode_bytes(buf, len, bytes, table);
        }
    }
    encode_words(buf, len, bytes, table)
}

/// [`swar::non_plain_bytes`] of two words at once, which the compiler
/// turns into one pass of 2-lane vector instructions.
#[inline(always)]
fn non_plain_pair(a: &[u8; 8], b: &[u8; 8]) -> [u64; 2] {
    [u64::from_le_bytes(*a), u64::from_le_bytes(*b)].map(swar::non_plain_bytes)
}

/// [`encode_run`] of a value longer than 16 bytes or not all plain: 16
/// bytes at a time, each half copied whole if it is plain, then a word,
/// then the tail.
#[inline(always)]
fn encode_words(buf: &mut [u8], mut len: usize, bytes: &[u8], table: &[[u8; 8]; 256]) -> usize {
    let (chunks, mut rest) = bytes.as_chunks::<16>();
    for chunk in chunks {
        let (a, b) = chunk.split_at(8);
        // Both halves of 16 bytes are 8 bytes: the fallback never happens.
        let (a, b): (&[u8; 8], &[u8; 8]) = (
            a.try_into().unwrap_or(&[0; 8]),
            b.try_into().unwrap_or(&[0; 8]),
        );
        let masks = non_plain_pair(a, b);
        for (half, mask) in [(a, masks[0]), (b, masks[1])] {
            if mask == 0 {
                buf[len..len + 8].copy_from_slice(half);
                len += 8;
            } else {
                len = encode_bytes(buf, len, half, table);
            }
        }
    }
    if let Some((word, after)) = rest.split_first_chunk::<8>() {
        if swar::non_plain_bytes(u64::from_le_bytes(*word)) == 0 {
            buf[len..len + 8].copy_from_slice(word);
            len += 8;
        } else {
            len = encode_bytes(buf, len, word, table);
        }
        rest = after;
    }
    if rest.is_empty() {
        return len;
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        if swar::non_plain_bytes(u64::from_le_bytes(*last)) == 0 {
            // The last eight bytes are plain, so those before the tail
            // were just copied unchanged: write the last eight over them.
            let start = len + rest.len() - 8;
            buf[start..start + 8].copy_from_slice(last);
            return start + 8;
        }
    }
    encode_bytes(buf, len, rest, table)
}

/// Byte by byte: see [`encode_run`].
#[inline(always)]
fn encode_bytes(buf: &mut [u8], mut len: usize, bytes: &[u8], table: &[[u8; 8]; 256]) -> usize {
    for &b in bytes {
        let entry = &table[usize::from(b)];
        buf[len..len + 8].copy_from_slice(entry);
        len += usize::from(entry[7]);
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::Mac;

    #[test]
    fn empty_payload_hash() {
        assert_eq!(
            sha256_hex(b"").as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn split_and_long_keys_match_plain_hmac() {
        let long = [7u8; 100];
        for key in [&b"TC3secret"[..], &long[..], b""] {
            let mut plain = HmacSha256::new_from_slice(key).unwrap();
            Mac::update(&mut plain, b"msg");
            let (a, b) = key.split_at(key.len() / 2);
            let mut split = hmac_sha256(&[a, b]);
            Mac::update(&mut split, b"msg");
            assert_eq!(plain.finalize().into_bytes(), split.finalize().into_bytes());
        }
    }

    #[test]
    fn buffered_sink_equals_one_update() {
        let long = "x".repeat(700);
        let pieces = ["abc", "DEF", long.as_str(), "", "tail"];
        let mut sink = Buffered::new(Sha256::new());
        let mut text = String::new();
        for p in pieces {
            sink.put(p);
            text.put(p);
            sink.put_lowercase(p);
            text.put_lowercase(p);
            sink.put_byte(b'&');
            text.put_byte(b'&');
            for double in [false, true] {
                sink.put_encoded("é a~", double);
                text.put_encoded("é a~", double);
            }
        }
        assert!(text.contains("&%C3%A9%20a~%25C3%25A9%2520a~"), "{text}");
        assert_eq!(sink.finish().finalize(), Sha256::digest(text.as_bytes()));
    }

    #[test]
    fn table_encoder_equals_run_encoder() {
        // Every ASCII byte, non-ASCII text, and inputs long enough to need
        // several flushes, after a start that leaves the buffer part full.
        let ascii: String = (0u8..128).map(char::from).collect();
        let long = format!("{}{}", "{\"k\":\"v w\"}".repeat(40), "x".repeat(300));
        for input in [ascii.as_str(), "é未命名😀 ~*", long.as_str(), ""] {
            for double in [false, true] {
                for lead in [0, 1, 250, 254, 256, 260, 264] {
                    let mut sink = Buffered::new(Sha256::new());
                    let mut text = String::new();
                    let pad = "p".repeat(lead);
                    sink.put(&pad);
                    text.put(&pad);
                    sink.put_encoded(input, double);
                    text.put_encoded(input, double);
                    assert_eq!(
                        sink.finish().finalize(),
                        Sha256::digest(text.as_bytes()),
                        "{input:?} {double} {lead}"
                    );
                }
            }
        }
    }

    #[test]
    fn table_encoder_equals_run_encoder_at_every_length_and_position() {
        // Each length through the short, 8-16 byte and chunked paths, all
        // plain or with one byte that is escaped, or unreserved but not
        // plain, at each position (first, last, inside a half or a tail).
        for len in 0..=40 {
            for (odd, at) in [("", 0)]
                .into_iter()
                .chain((0..len).flat_map(|at| [(" ", at), ("~", at), ("é", at)]))
            {
                let input: String = (0..len)
                    .map(|i| {
                        if i == at && !odd.is_empty() {
                            odd
                        } else {
                            "aZ9-."[i % 5..][..1].as_ref()
                        }
                    })
                    .collect();
                for double in [false, true] {
                    let mut sink = Buffered::new(Sha256::new());
                    let mut text = String::new();
                    sink.put_encoded(&input, double);
                    text.put_encoded(&input, double);
                    assert_eq!(
                        sink.finish().finalize(),
                        Sha256::digest(text.as_bytes()),
                        "{input:?} {double}"
                    );
                }
            }
        }
    }

    #[test]
    fn header_lines_at_every_fill_level() {
        let value = "v".repeat(40);
        let mut sink = Buffered::new(Sha256::new());
        let mut text = String::new();
        // Lines of growing length cross the buffer's end at every offset.
        for i in 0..600 {
            let (name, value) = (&"x-acs-name"[..i % 10], &value[..i % 40]);
            sink.put_header_line(name, value);
            text.put_header_line(name, value);
        }
        assert_eq!(sink.finish().finalize(), Sha256::digest(text.as_bytes()));
    }

    #[test]
    fn put_copies_every_length() {
        let long: String = (0..100).map(|i| char::from(b'a' + i % 26)).collect();
        for len in 0..=100 {
            let mut sink = Buffered::new(Sha256::new());
            sink.put("<");
            sink.put(&long[..len]);
            sink.put(">");
            let text = format!("<{}>", &long[..len]);
            assert_eq!(
                sink.finish().finalize(),
                Sha256::digest(text.as_bytes()),
                "{len}"
            );
        }
    }

    #[test]
    fn hex_digest_parse() {
        let d = sha256_hex(b"x");
        assert_eq!(HexDigest::parse(d.as_str()), Some(d));
        assert_eq!(HexDigest::parse(&d.as_str().to_uppercase()), None);
        assert_eq!(HexDigest::parse("abc"), None);
    }
}
