//! Which member names hold secrets.

/// Name parts that mark a member as probably secret: the validator asks
/// for an explicit `sensitive` flag on any member whose name holds one.
const SECRET_HINTS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "accesskey",
    "access_key",
    "credential",
    "privatekey",
    "private_key",
];

/// The secret-looking part of a member name, if any (case-insensitive).
pub fn secret_hint(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    SECRET_HINTS
        .iter()
        .copied()
        .find(|hint| lower.contains(hint))
}

/// Hints that always mean a secret (a subset of [`SECRET_HINTS`]).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "credential",
    "privatekey",
    "private_key",
];

/// Tokens that are not secrets: pagination cursors and idempotency keys.
const PUBLIC_TOKENS: &[&str] = &[
    "nexttoken",
    "pagetoken",
    "continuationtoken",
    "clienttoken",
    "idempotencytoken",
    // The name of a token, not the token.
    "tokenid",
];

/// Whether a member named `name` holds a secret, as the importers decide
/// it; `None` when the name does not look secret ([`secret_hint`] finds
/// nothing). Names holding one of `password`, `passwd`, `secret`,
/// `credential`, `privatekey`, `private_key` are secret; so are `token`
/// names except pagination and idempotency tokens (`NextToken`,
/// `PageToken`, `ContinuationToken`, `ClientToken`, `IdempotencyToken`),
/// and `accesskey`/`access_key` names except the public key id (a name
/// ending in `Id`/`ID`: `AccessKeyId`). A bare `AccessKey` is the key's
/// secret half.
pub fn is_secret(name: &str) -> Option<bool> {
    secret_hint(name)?;
    let lower = name.to_lowercase();
    let secret = SECRET_WORDS.iter().any(|word| lower.contains(word))
        || (lower.contains("token") && !PUBLIC_TOKENS.iter().any(|t| lower.ends_with(t)))
        || ((lower.contains("accesskey") || lower.contains("access_key"))
            && !lower.ends_with("id"));
    Some(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets() {
        let table: &[(&str, Option<bool>)] = &[
            ("Password", Some(true)),
            ("TmpSecretKey", Some(true)),
            ("TmpToken", Some(true)),
            ("SessionToken", Some(true)),
            ("NextToken", Some(false)),
            ("ClientToken", Some(false)),
            ("TokenId", Some(false)),
            ("AccessKey", Some(true)),
            ("access_key", Some(true)),
            ("AccessKeyId", Some(false)),
            ("AccessKeyID", Some(false)),
            ("access_key_id", Some(false)),
            ("JobId", None),
        ];
        for (name, expected) in table {
            assert_eq!(is_secret(name), *expected, "is_secret({name:?})");
        }
        // Every word that decides a secret is also a hint the validator sees.
        for word in SECRET_WORDS {
            assert_eq!(secret_hint(word), Some(*word));
        }
    }
}
