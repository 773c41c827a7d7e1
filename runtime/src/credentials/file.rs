//! Bounded, non-blocking reads of credential, profile and token files.
//!
//! A profile path can name anything: a FIFO blocks `open` until a writer
//! comes, `/dev/zero` never ends. So only regular files are read, at most
//! [`MAX_FILE_SIZE`] bytes, and on Tokio's blocking pool rather than an async
//! worker: should the file be swapped for something that blocks after the
//! check, only a pool thread waits, and the caller's deadline (the client's
//! operation timeout) still ends the call.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{CredentialsError, CredentialsErrorKind};

/// Larger files are refused; real ones are a few hundred bytes.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The file's text, `None` when it does not exist. Runs on the blocking pool
/// when called inside a Tokio runtime, inline otherwise.
pub(crate) async fn read_optional(
    path: &Path,
) -> Result<Option<Zeroizing<String>>, CredentialsError> {
    let owned: PathBuf = path.to_owned();
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => handle
            .spawn_blocking(move || read_optional_blocking(&owned))
            .await
            .unwrap_or_else(|_| Err(io_error(path, "the reading task failed"))),
        Err(_) => read_optional_blocking(&owned),
    }
}

/// The file's text; a missing file is an error naming it.
pub(crate) async fn read_required(path: &Path) -> Result<Zeroizing<String>, CredentialsError> {
    read_optional(path)
        .await?
        .ok_or_else(|| io_error(path, "no such file"))
}

fn io_error(path: &Path, why: &str) -> CredentialsError {
    CredentialsError::new(
        CredentialsErrorKind::Io,
        format!("{}: {why}", path.display()),
    )
}

fn read_optional_blocking(path: &Path) -> Result<Option<Zeroizing<String>>, CredentialsError> {
    let cannot = |e: std::io::Error| io_error(path, &format!("cannot be read ({})", e.kind()));
    // Checked before `open`, which is what blocks on a FIFO.
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    if !metadata.is_file() {
        return Err(io_error(
            path,
            "is not a regular file (a FIFO, device or directory is never read)",
        ));
    }
    let too_large = || {
        io_error(
            path,
            &format!("is larger than the {} KiB limit", MAX_FILE_SIZE / 1024),
        )
    };
    if metadata.len() > MAX_FILE_SIZE {
        return Err(too_large());
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot(e)),
    };
    // The size may have changed since `metadata`: read one byte past the
    // limit to tell.
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large());
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Some(Zeroizing::new(text.to_owned()))),
        Err(e) => Err(CredentialsError::new(
            CredentialsErrorKind::Invalid,
            format!(
                "{}: not valid UTF-8 (at byte {})",
                path.display(),
                e.valid_up_to()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_and_devices_are_refused_missing_files_are_none() {
        let error = read_optional_blocking(Path::new("/")).unwrap_err();
        assert!(error.message().contains("not a regular file"), "{error}");
        if Path::new("/dev/zero").exists() {
            let error = read_optional_blocking(Path::new("/dev/zero")).unwrap_err();
            assert_eq!(error.kind(), CredentialsErrorKind::Io);
            assert!(error.message().starts_with("/dev/zero: "), "{error}");
        }
        assert!(read_optional_blocking(Path::new("/nonexistent/x"))
            .unwrap()
            .is_none());
    }
}
