//! Credential sources and the default chain, with injected environments and
//! temporary home directories (the process environment is never touched).

mod common;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloud_sdk_runtime::clock::Clock;
use cloud_sdk_runtime::credentials::{
    BoxFuture, Credentials, CredentialsError, CredentialsErrorKind, CredentialsProvider,
    DefaultChain, Env, EnvironmentProvider, ProfileProvider, Provider,
};
use cloud_sdk_runtime::{Client, Error, Proxy};
use common::ops::DescribeJobs;
use common::{verify_tc3, Reply, Server, TempDir};
use serde_json::json;

const SECRET: &str = "very-secret-value-42";

/// Nothing listens on port 1: the metadata services are "not there".
const NO_METADATA: &str = "http://127.0.0.1:1";

fn env(home: &TempDir, vars: &[(&str, &str)]) -> Env {
    let mut all = vec![
        ("HOME".to_owned(), home.path().to_owned()),
        (
            "TENCENTCLOUD_METADATA_ENDPOINT".to_owned(),
            NO_METADATA.to_owned(),
        ),
        (
            "ALIBABA_CLOUD_ECS_METADATA_ENDPOINT".to_owned(),
            NO_METADATA.to_owned(),
        ),
    ];
    all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Env::from_vars(all)
}

fn assert_no_secret(error: &CredentialsError) {
    let text = format!("{error} {error:?}");
    assert!(!text.contains(SECRET), "{text}");
}

#[test]
fn environment_variables_for_both_clouds() {
    let home = TempDir::new("env");
    let provider = EnvironmentProvider::with_env(env(
        &home,
        &[
            ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
            ("TENCENTCLOUD_SECRET_KEY", SECRET),
            ("TENCENTCLOUD_TOKEN", "tc-token"),
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ],
    ));
    let tencent = provider.load(Provider::Tencent).unwrap();
    assert_eq!(tencent.id(), "AKIDenv");
    assert_eq!(tencent.secret(), SECRET);
    assert_eq!(tencent.session_token(), Some("tc-token"));
    assert!(tencent.source().contains("TENCENTCLOUD_SECRET_ID"));
    let alibaba = provider.load(Provider::Alibaba).unwrap();
    assert_eq!(alibaba.id(), "LTAIenv");
    assert_eq!(alibaba.session_token(), None);
}

/// Environment variables set, the cloud asked for, and the text expected in the error.
type HalfSetCase<'a> = (&'a [(&'a str, &'a str)], Provider, &'a str);

#[tokio::test]
async fn half_set_environment_names_what_is_missing() {
    let home = TempDir::new("half");
    let cases: [HalfSetCase; 4] = [
        (
            &[("TENCENTCLOUD_SECRET_ID", "AKID")],
            Provider::Tencent,
            "Tencent Cloud: TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is missing or empty in the environment",
        ),
        (
            &[("TENCENTCLOUD_SECRET_ID", "AKID"), ("TENCENTCLOUD_SECRET_KEY", "")],
            Provider::Tencent,
            "Tencent Cloud: TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is missing or empty in the environment",
        ),
        (
            &[("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)],
            Provider::Alibaba,
            "Alibaba Cloud: ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but ALIBABA_CLOUD_ACCESS_KEY_ID is missing or empty in the environment",
        ),
        (
            &[("ALIBABA_CLOUD_SECURITY_TOKEN", SECRET)],
            Provider::Alibaba,
            "Alibaba Cloud: ALIBABA_CLOUD_SECURITY_TOKEN is set but ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are missing or empty in the environment",
        ),
    ];
    for (vars, cloud, message) in cases {
        let error = EnvironmentProvider::with_env(env(&home, vars))
            .load(cloud)
            .unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Incomplete);
        assert_eq!(error.message(), message);
        assert_no_secret(&error);
        // The chain stops there instead of falling through to a file.
        home.write(
            ".tencentcloud/credentials",
            "[default]\nsecret_id = A\nsecret_key = B\n",
        );
        let error = DefaultChain::new()
            .with_env(env(&home, vars))
            .load(cloud)
            .await
            .unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Incomplete);
    }
}

#[tokio::test]
async fn tencent_profile_file() {
    let home = TempDir::new("tc-profile");
    let path = home.write(
        ".tencentcloud/credentials",
        &format!(
            "[default]\nsecret_id = AKIDfile\nsecret_key = {SECRET}\n\n[other]\nsecret_id=AKIDother\nsecret_key=k2\ntoken=t2\n\n[broken]\nsecret_id = AKIDbroken\n"
        ),
    );
    let chain = DefaultChain::new().with_env(env(&home, &[]));
    let credentials = chain.load(Provider::Tencent).await.unwrap();
    assert_eq!(credentials.id(), "AKIDfile");
    assert_eq!(credentials.secret(), SECRET);
    assert_eq!(
        credentials.source(),
        format!("profile [default] of {}", path.display())
    );

    let other = chain
        .clone()
        .profile("other")
        .load(Provider::Tencent)
        .await
        .unwrap();
    assert_eq!(
        (other.id(), other.session_token()),
        ("AKIDother", Some("t2"))
    );

    let error = ProfileProvider::new()
        .with_env(env(&home, &[]))
        .profile("broken")
        .load(Provider::Tencent)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Incomplete);
    assert_eq!(
        error.message(),
        format!(
            "profile [broken] of {}: secret_id is set but secret_key is missing or empty",
            path.display()
        )
    );

    // The environment comes first.
    let env_first = DefaultChain::new()
        .with_env(env(
            &home,
            &[
                ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
                ("TENCENTCLOUD_SECRET_KEY", "x"),
            ],
        ))
        .load(Provider::Tencent)
        .await
        .unwrap();
    assert_eq!(env_first.id(), "AKIDenv");

    // TENCENTCLOUD_CREDENTIALS_FILE points elsewhere.
    let elsewhere = home.write(
        "elsewhere.ini",
        "[default]\nsecret_id=AKIDelse\nsecret_key=s\n",
    );
    let credentials = DefaultChain::new()
        .with_env(env(
            &home,
            &[("TENCENTCLOUD_CREDENTIALS_FILE", elsewhere.to_str().unwrap())],
        ))
        .load(Provider::Tencent)
        .await
        .unwrap();
    assert_eq!(credentials.id(), "AKIDelse");

    // A named profile that does not exist.
    let error = chain
        .profile("nope")
        .load(Provider::Tencent)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
    assert!(error.message().contains("no profile [nope]"), "{error}");
}

#[tokio::test]
async fn alibaba_cli_config_then_ini() {
    let home = TempDir::new("ali");
    let config = json!({
        "current": "dev",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "LTAIdefault", "access_key_secret": "s0"},
            {"name": "dev", "mode": "AK", "access_key_id": "LTAIdev", "access_key_secret": SECRET, "region_id": "cn-hangzhou"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "STS.id", "access_key_secret": "s1", "sts_token": "tok"},
            {"name": "sso", "mode": "CloudSSO", "access_key_id": "a", "access_key_secret": "b"},
            {"name": "half", "mode": "AK", "access_key_id": "LTAIhalf", "access_key_secret": ""}
        ]
    });
    let config_path = home.write(".aliyun/config.json", &config.to_string());
    home.write(
        ".alibabacloud/credentials.ini",
        &format!(
            "[default]\ntype = access_key\naccess_key_id = LTAIini\naccess_key_secret = {SECRET}\n\n\
             [project]\naccess_key_id = LTAIproject\naccess_key_secret = p\n\n\
             [temp]\ntype = sts\naccess_key_id = STS.ini\naccess_key_secret = s\nsecurity_token = ini-token\n\n\
             [rsa]\ntype = rsa_key_pair\npublic_key_id = r\n"
        ),
    );
    let chain = |vars: &[(&str, &str)]| DefaultChain::new().with_env(env(&home, vars));

    // `current` of config.json wins over everything in the INI file.
    let credentials = chain(&[]).load(Provider::Alibaba).await.unwrap();
    assert_eq!(credentials.id(), "LTAIdev");
    assert_eq!(
        credentials.source(),
        format!("profile \"dev\" of {}", config_path.display())
    );
    // An explicit profile, and ALIBABA_CLOUD_PROFILE.
    let sts = chain(&[])
        .profile("sts")
        .load(Provider::Alibaba)
        .await
        .unwrap();
    assert_eq!((sts.id(), sts.session_token()), ("STS.id", Some("tok")));
    let by_env = chain(&[("ALIBABA_CLOUD_PROFILE", "default")])
        .load(Provider::Alibaba)
        .await
        .unwrap();
    assert_eq!(by_env.id(), "LTAIdefault");
    // A profile only the INI file has.
    let project = chain(&[])
        .profile("project")
        .load(Provider::Alibaba)
        .await
        .unwrap();
    assert_eq!(project.id(), "LTAIproject");
    let temp = chain(&[])
        .profile("temp")
        .load(Provider::Alibaba)
        .await
        .unwrap();
    assert_eq!(temp.session_token(), Some("ini-token"));
    // With the CLI profile disabled, the INI default.
    let ini = chain(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")])
        .load(Provider::Alibaba)
        .await
        .unwrap();
    assert_eq!(ini.id(), "LTAIini");

    // Unsupported modes and types are errors that say so.
    let error = chain(&[])
        .profile("sso")
        .load(Provider::Alibaba)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Unsupported);
    assert!(error.message().contains("mode \"CloudSSO\""), "{error}");
    let error = chain(&[])
        .profile("rsa")
        .load(Provider::Alibaba)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Unsupported);
    assert!(error.message().contains("type \"rsa_key_pair\""), "{error}");
    let error = chain(&[])
        .profile("half")
        .load(Provider::Alibaba)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Incomplete);
    assert!(error
        .message()
        .ends_with("access_key_id is set but access_key_secret is missing or empty"));

    // Malformed JSON: the position, never the content.
    home.write(
        ".aliyun/config.json",
        &format!("{{\"profiles\": [{{\"access_key_secret\": \"{SECRET}\""),
    );
    let error = chain(&[]).load(Provider::Alibaba).await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
    assert!(
        error.message().contains("not valid JSON (line 1"),
        "{error}"
    );
    assert_no_secret(&error);
}

#[tokio::test]
async fn nothing_found_lists_every_place() {
    let home = TempDir::new("none");
    let error = DefaultChain::new()
        .with_env(env(&home, &[]))
        .load(Provider::Alibaba)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
    assert_eq!(
        error.message(),
        format!(
            "no Alibaba Cloud credentials found; looked in: environment: ALIBABA_CLOUD_ACCESS_KEY_ID and \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set; Alibaba OIDC: ALIBABA_CLOUD_OIDC_PROVIDER_ARN \
             and ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set; {home}/.aliyun/config.json: no such file; \
             {home}/.alibabacloud/credentials.ini: no such file; Alibaba ECS RAM role: \
             http://127.0.0.1:1: cannot connect; Alibaba credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not set",
            home = home.path()
        )
    );
    // No home directory at all.
    let error = DefaultChain::new()
        .with_env(Env::from_vars([("X", "y")]))
        .load(Provider::Tencent)
        .await
        .unwrap_err();
    assert!(error.message().contains("no home directory"), "{error}");
}

#[tokio::test]
async fn malformed_ini_names_the_line_only() {
    let home = TempDir::new("ini");
    home.write(
        ".tencentcloud/credentials",
        &format!("[default]\nsecret_id = A\n{SECRET}\n"),
    );
    let error = DefaultChain::new()
        .with_env(env(&home, &[]))
        .load(Provider::Tencent)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
    assert!(error
        .message()
        .ends_with("line 3 is neither a [section], a key = value pair nor a comment"));
    assert_no_secret(&error);
}

#[test]
fn debug_output_holds_no_values() {
    let env = Env::from_vars([("TENCENTCLOUD_SECRET_KEY", SECRET)]);
    for text in [
        format!("{env:?}"),
        format!("{:?}", EnvironmentProvider::with_env(env.clone())),
        format!("{:?}", DefaultChain::new().with_env(env.clone())),
        format!("{:?}", ProfileProvider::new().with_env(env.clone())),
        format!(
            "{:?}",
            Credentials::new("id", SECRET).with_session_token(SECRET)
        ),
    ] {
        assert!(!text.contains(SECRET), "{text}");
    }
}

// ------------------------------------------------------ refreshing provider

#[derive(Debug)]
struct ManualClock(AtomicU64);

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
}

/// Issues `key-N` credentials valid for one hour.
struct Rotating {
    calls: AtomicUsize,
    clock: Arc<ManualClock>,
}

impl CredentialsProvider for Rotating {
    fn provide_credentials(
        &self,
        cloud: Provider,
    ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        assert_eq!(cloud, Provider::Tencent);
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let expiry = self.clock.now() + Duration::from_secs(3600);
        Box::pin(async move {
            Ok(
                Credentials::new(format!("AKIDrotating{n}"), format!("secret-{n}"))
                    .with_session_token(format!("token-{n}"))
                    .with_expiry(expiry)
                    .with_source("rotating"),
            )
        })
    }
}

#[tokio::test]
async fn refreshing_provider_is_cached_and_renewed_before_expiry() {
    let server = Server::always(Reply::json(200, json!({"Response": {"RequestId": "r"}}))).await;
    let clock = Arc::new(ManualClock(AtomicU64::new(1_700_000_000)));
    let provider = Arc::new(Rotating {
        calls: AtomicUsize::new(0),
        clock: clock.clone(),
    });
    let client = Client::builder()
        .credentials_provider(provider.clone())
        .endpoint(server.url())
        .proxy(Proxy::None)
        .clock(clock.clone())
        .credentials_refresh_window(Duration::from_secs(600))
        .build()
        .unwrap();

    client.send(DescribeJobs::<false>::default()).await.unwrap();
    clock.0.fetch_add(2000, Ordering::SeqCst);
    client
        .clone()
        .send(DescribeJobs::<false>::default())
        .await
        .unwrap();
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1, "cached");
    // Ten minutes before expiry: renewed.
    clock.0.fetch_add(1000, Ordering::SeqCst);
    client.send(DescribeJobs::<false>::default()).await.unwrap();
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);

    let requests = server.requests();
    verify_tc3(&requests[1], "AKIDrotating0", "secret-0", "dts");
    verify_tc3(&requests[2], "AKIDrotating1", "secret-1", "dts");
    assert_eq!(requests[2].header("x-tc-token"), Some("token-1"));
}

#[tokio::test]
async fn failing_provider_surfaces_as_credentials_error() {
    struct Down;
    impl CredentialsProvider for Down {
        fn provide_credentials(
            &self,
            _: Provider,
        ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async { Err(CredentialsError::provider("vault unreachable")) })
        }
    }
    let server = Server::always(Reply::json(200, json!({"Response": {"RequestId": "r"}}))).await;
    let client = Client::builder()
        .credentials(Down)
        .endpoint(server.url())
        .proxy(Proxy::None)
        .build()
        .unwrap();
    let error = client
        .send(DescribeJobs::<false>::default())
        .await
        .unwrap_err();
    assert!(matches!(&error, Error::Credentials(e) if e.kind() == CredentialsErrorKind::Provider));
    assert_eq!(
        error.to_string(),
        "no usable credentials: vault unreachable"
    );
    assert_eq!(server.count(), 0);
}
