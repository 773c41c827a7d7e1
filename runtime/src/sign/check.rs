//! Input checks shared by the signers. A value that could not travel in an
//! HTTP request, or that would change the shape of a canonical string (a line
//! break in a header), is rejected instead of being signed.

use super::SignError;

/// The method must be an uppercase token such as `GET` or `POST`.
pub(crate) fn method(method: &str) -> Result<(), SignError> {
    if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(SignError::InvalidMethod)
    }
}

/// The path is absolute and has no control characters.
pub(crate) fn path(path: &str) -> Result<(), SignError> {
    if path.starts_with('/') && !path.bytes().any(|b| b.is_ascii_control()) {
        Ok(())
    } else {
        Err(SignError::InvalidPath)
    }
}

/// RFC 3986 `pchar` and `/`: the bytes a path may hold unencoded.
fn is_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b)
}

/// The path is absolute and already percent-encoded, as it is sent and
/// signed (ACS3's canonical URI, ROA's canonicalized resource): every byte
/// is an RFC 3986 path character or a `%XX` escape. A `.` or `..` segment
/// (also as `%2E`) is refused too: HTTP clients remove it, so the path sent
/// would not be the path signed.
pub(crate) fn encoded_path(path: &str) -> Result<(), SignError> {
    self::path(path)?;
    let bytes = path.as_bytes();
    let unencoded = |at, reason| Err(SignError::UnencodedPath { at, reason });
    for (at, &b) in bytes.iter().enumerate() {
        if b == b'%' {
            let escape = bytes.get(at + 1..at + 3);
            if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                return unencoded(at, "'%' is not followed by two hex digits");
            }
        } else if !is_path_byte(b) {
            return unencoded(at, "this byte must be percent-encoded");
        }
    }
    let mut at = 0;
    for segment in path.split('/') {
        if is_dot_segment(segment) {
            return unencoded(at, "a '.' or '..' segment is removed by HTTP clients");
        }
        at += segment.len() + 1;
    }
    Ok(())
}

/// `.` or `..`, with any dot written as `%2E` or `%2e`.
fn is_dot_segment(segment: &str) -> bool {
    const DOTS: [&str; 6] = [".", "%2e", "..", ".%2e", "%2e.", "%2e%2e"];
    DOTS.iter().any(|dots| segment.eq_ignore_ascii_case(dots))
}

/// The headers as `(lowercase name, value)`, sorted by name with a stable
/// sort. Rejected: a name that is not an HTTP token, a value with a control
/// character, and a name given twice (in any case).
pub(crate) fn headers<K: AsRef<str>, V: AsRef<str>>(
    headers: &[(K, V)],
) -> Result<Vec<(String, &str)>, SignError> {
    let mut list = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let (name, value) = (name.as_ref(), value.as_ref());
        header_name(name)?;
        header_value(name, value)?;
        list.push((name.to_ascii_lowercase(), value));
    }
    list.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(pair) = list.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(SignError::DuplicateHeader(pair[0].0.clone()));
    }
    Ok(list)
}

/// A query string as sent has no spaces or control characters.
pub(crate) fn query_string(query: &str) -> Result<(), SignError> {
    if query.bytes().any(|b| b == b' ' || b.is_ascii_control()) {
        Err(SignError::InvalidQueryString)
    } else {
        Ok(())
    }
}

/// A payload hash is 64 lowercase hex digits, as [`super::sha256_hex`] writes.
pub(crate) fn payload_hash(hash: &str) -> Result<(), SignError> {
    if hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(SignError::InvalidPayloadHash)
    }
}

/// RFC 9110 `tchar`: the bytes of a token such as a header name.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Header names are RFC 9110 tokens.
pub(crate) fn header_name(name: &str) -> Result<(), SignError> {
    if !name.is_empty() && name.bytes().all(is_token_byte) {
        Ok(())
    } else {
        Err(invalid_header(name, "name is not an HTTP token"))
    }
}

/// Header values may hold visible characters, spaces and tabs, never CR, LF or
/// other control characters. Bytes of UTF-8 sequences are allowed.
pub(crate) fn header_value(name: &str, value: &str) -> Result<(), SignError> {
    if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
        Err(invalid_header(name, "value contains a control character"))
    } else {
        Ok(())
    }
}

fn invalid_header(name: &str, reason: &'static str) -> SignError {
    // Keep the error small even for a hostile name.
    let name: String = name.chars().take(64).collect();
    SignError::InvalidHeader { name, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings of every length up to 20 with `c` at every position, the
    /// rest plain.
    fn placements(c: char) -> impl Iterator<Item = String> {
        (1..=20).flat_map(move |len| {
            (0..len).map(move |at| {
                (0..len)
                    .map(|i| {
                        if i == at {
                            c
                        } else {
                            "aZ9-."[i % 5..].chars().next().unwrap_or('a')
                        }
                    })
                    .collect()
            })
        })
    }

    #[test]
    fn header_values_reject_exactly_control_characters() {
        let chars = (0..=0x7fu8).map(char::from).chain(['é', '未', '😀']);
        for c in chars {
            let bad = (c < ' ' && c != '\t') || c == '\u{7f}';
            for value in placements(c) {
                assert_eq!(header_value("x", &value).is_err(), bad, "{value:?}");
            }
        }
    }

    #[test]
    fn header_names_are_exactly_tokens() {
        // RFC 9110 section 5.6.2, written out.
        let tchar = "!#$%&'*+-.^_`|~0123456789\
                     ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let chars = (0..=0x7fu8).map(char::from).chain(['é', '未']);
        for c in chars {
            let token = tchar.contains(c);
            for name in placements(c) {
                assert_eq!(header_name(&name).is_ok(), token, "{name:?}");
            }
        }
        assert!(header_name("").is_err());
        assert!(header_name("x-acs-content-sha256").is_ok());
    }

    #[test]
    fn encoded_paths_hold_only_path_bytes_and_escapes() {
        for good in [
            "/",
            "/clusters/c-1/nodepools",
            "/a%20b/%E9%97%AE~x",
            "/a%2fb",
            "/v1/x:y@z!$&'()*+,;=",
            "/..a/.b./...",
        ] {
            assert_eq!(encoded_path(good), Ok(()), "{good}");
        }
        let err = |at, reason| Err(SignError::UnencodedPath { at, reason });
        let byte = "this byte must be percent-encoded";
        let escape = "'%' is not followed by two hex digits";
        let dot = "a '.' or '..' segment is removed by HTTP clients";
        assert_eq!(encoded_path("/a b"), err(2, byte));
        assert_eq!(encoded_path("/x?y=1"), err(2, byte));
        assert_eq!(encoded_path("/x#y"), err(2, byte));
        assert_eq!(encoded_path("/问"), err(1, byte));
        assert_eq!(encoded_path("/a%2"), err(2, escape));
        assert_eq!(encoded_path("/a%zz/"), err(2, escape));
        assert_eq!(encoded_path("/a/../b"), err(3, dot));
        assert_eq!(encoded_path("/a/%2E%2e"), err(3, dot));
        assert_eq!(encoded_path("/a/."), err(3, dot));
        assert_eq!(encoded_path("a/b"), Err(SignError::InvalidPath));
        assert_eq!(encoded_path("/a\nb"), Err(SignError::InvalidPath));
        assert_eq!(encoded_path(""), Err(SignError::InvalidPath));
    }

    #[test]
    fn headers_are_lowercased_sorted_and_unique() {
        let given = [("X-Acs-B", " 2 "), ("Accept", "a"), ("x-acs-a", "1")];
        assert_eq!(
            headers(&given),
            Ok(vec![
                ("accept".to_owned(), "a"),
                ("x-acs-a".to_owned(), "1"),
                ("x-acs-b".to_owned(), " 2 "),
            ])
        );
        let twice = [("Date", "x"), ("date", "y")];
        assert_eq!(
            headers(&twice),
            Err(SignError::DuplicateHeader("date".to_owned()))
        );
        assert!(headers(&[("date", "a\r\nx-acs-evil: 1")]).is_err());
    }

    #[test]
    fn payload_hashes_are_lowercase_hex() {
        let good = super::super::sha256_hex(b"x");
        assert!(payload_hash(&good).is_ok());
        assert!(payload_hash(&good.to_uppercase()).is_err());
        assert!(payload_hash(&good[1..]).is_err());
        assert!(payload_hash(&format!("{}\n", &good[1..])).is_err());
        assert!(payload_hash("").is_err());
    }
}
