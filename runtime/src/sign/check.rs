//! Input checks shared by the signers. A value that could not travel in an
//! HTTP request, or that would change the shape of a canonical string (a line
//! break in a header), is rejected instead of being signed.

use super::{swar, SignError};

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

/// For each byte, whether it is an RFC 9110 token character.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    table
};

/// Header names are RFC 9110 tokens.
pub(crate) fn header_name(name: &str) -> Result<(), SignError> {
    // Plain bytes (letters, digits, `-`, `.`) are token characters, and
    // almost every header name is made of them alone: test those eight
    // bytes at a time, and only other names byte by byte.
    let bytes = name.as_bytes();
    let token =
        !swar::any(bytes, swar::non_plain_bytes) || bytes.iter().all(|&b| TCHAR[usize::from(b)]);
    if !name.is_empty() && token {
        Ok(())
    } else {
        Err(invalid_header(name, "name is not an HTTP token"))
    }
}

/// Header values may hold visible characters, spaces and tabs, never CR, LF or
/// other control characters.
pub(crate) fn header_value(name: &str, value: &str) -> Result<(), SignError> {
    if swar::any(value.as_bytes(), swar::control_bytes) {
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
        let chars = (0..=0x7fu8).map(char::from).chain(['é', '未']);
        for c in chars {
            let token = c.is_ascii() && TCHAR[c as usize];
            for name in placements(c) {
                assert_eq!(header_name(&name).is_ok(), token, "{name:?}");
            }
        }
        assert!(header_name("").is_err());
        assert!(header_name("x-acs-content-sha256").is_ok());
    }
}
