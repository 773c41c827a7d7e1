//! Proxy settings of the network transport.

use std::fmt;

/// Proxy settings.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Proxy {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` from the
    /// process environment (reqwest's behaviour).
    #[default]
    System,
    /// No proxy, whatever the environment says.
    None,
    /// All requests through this proxy URL (`http://host:port`, optionally
    /// with user information, which is never printed).
    Url(String),
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proxy::System => f.write_str("System"),
            Proxy::None => f.write_str("None"),
            Proxy::Url(url) => {
                // Hide user information (proxy passwords).
                let shown = match url.rsplit_once('@') {
                    Some((before, after)) => {
                        let scheme = before.split_once("://").map(|(s, _)| s).unwrap_or("");
                        format!("{scheme}://<redacted>@{after}")
                    }
                    None => url.clone(),
                };
                f.debug_tuple("Url").field(&shown).finish()
            }
        }
    }
}
