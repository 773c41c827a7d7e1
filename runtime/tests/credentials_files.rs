#![cfg(unix)]

//! Defect 2.6: profile files are read off the async workers, bounded in
//! size, within the call's deadline.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use cloud_sdk_runtime::credentials::{CredentialsErrorKind, Env, ProfileProvider, Provider};

fn temp_home(name: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!("creds-{name}-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".tencentcloud")).unwrap();
    home
}

/// Runs `load` on its own runtime thread and waits at most 5 s for it, so a
/// read that blocks fails the test instead of hanging it.
fn load_within(home: &std::path::Path, limit: Duration) -> Option<String> {
    let env = Env::from_vars([("HOME", home.to_str().unwrap())]);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let result = runtime.block_on(async {
            tokio::time::timeout(
                limit,
                ProfileProvider::new().with_env(env).load(Provider::Tencent),
            )
            .await
        });
        let text = match result {
            Err(_) => "timed out".to_owned(),
            Ok(Ok(_)) => "credentials".to_owned(),
            Ok(Err(e)) => format!("{:?}: {}", e.kind(), e.message()),
        };
        let _ = tx.send(text);
    });
    rx.recv_timeout(Duration::from_secs(5)).ok()
}

#[test]
fn a_fifo_as_the_profile_file_ends_within_the_deadline() {
    let home = temp_home("fifo");
    let fifo = home.join(".tencentcloud/credentials");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available: skipped");
        return;
    }
    let outcome = load_within(&home, Duration::from_millis(500));
    // Unblock a reader that might still wait on the FIFO, then clean up.
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags_nonblock(&fifo);
    std::fs::remove_dir_all(&home).ok();
    let outcome = outcome.expect("the read blocked past the deadline");
    assert!(outcome.starts_with("Io: "), "{outcome}");
    assert!(outcome.contains("is not a regular file"), "{outcome}");
}

#[test]
fn a_file_over_the_limit_is_a_clear_error() {
    let home = temp_home("large");
    let path = home.join(".tencentcloud/credentials");
    let mut text = String::from("[default]\nsecret_id = AKID\nsecret_key = s\n");
    text.push_str(&"# padding\n".repeat(120_000));
    std::fs::write(&path, text).unwrap();
    let outcome = load_within(&home, Duration::from_secs(3)).expect("ended");
    std::fs::remove_dir_all(&home).ok();
    assert_eq!(
        outcome,
        format!("Io: {}: is larger than the 1024 KiB limit", path.display())
    );
}

#[test]
fn dev_zero_as_the_profile_file_is_refused() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    let env = Env::from_vars([("TENCENTCLOUD_CREDENTIALS_FILE", "/dev/zero")]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(ProfileProvider::new().with_env(env).load(Provider::Tencent))
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Io);
    assert!(
        error
            .message()
            .starts_with("/dev/zero: is not a regular file"),
        "{error}"
    );
}

/// Opening a FIFO for writing without blocking (fails when no reader waits).
trait NonBlockingOpen {
    fn custom_flags_nonblock(&mut self, path: &std::path::Path) -> std::io::Result<std::fs::File>;
}

impl NonBlockingOpen for std::fs::OpenOptions {
    fn custom_flags_nonblock(&mut self, path: &std::path::Path) -> std::io::Result<std::fs::File> {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK on Linux and macOS.
        #[cfg(target_os = "linux")]
        const O_NONBLOCK: i32 = 0o4000;
        #[cfg(not(target_os = "linux"))]
        const O_NONBLOCK: i32 = 0x0004;
        self.custom_flags(O_NONBLOCK).open(path)
    }
}
