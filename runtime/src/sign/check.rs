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
    if !name.is_empty() && name.bytes().all(|b| TCHAR[usize::from(b)]) {
        Ok(())
    } else {
        Err(invalid_header(name, "name is not an HTTP token"))
    }
}

/// Header values may hold visible characters, spaces and tabs, never CR, LF or
/// other control characters.
pub(crate) fn header_value(name: &str, value: &str) -> Result<(), SignError> {
    // No early exit and no branches, so the loop vectorises.
    let bad = value.bytes().fold(0u8, |bad, b| {
        bad | (u8::from(b < 0x20) & u8::from(b != b'\t')) | u8::from(b == 0x7f)
    }) != 0;
    if bad {
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
