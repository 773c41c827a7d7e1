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
    fn payload_hashes_are_lowercase_hex() {
        let good = super::super::sha256_hex(b"x");
        assert!(payload_hash(&good).is_ok());
        assert!(payload_hash(&good.to_uppercase()).is_err());
        assert!(payload_hash(&good[1..]).is_err());
        assert!(payload_hash(&format!("{}\n", &good[1..])).is_err());
        assert!(payload_hash("").is_err());
    }
}
