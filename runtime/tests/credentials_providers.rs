//! Cloud-workload credential providers against fake metadata and STS
//! servers on 127.0.0.1.

mod fake_cloud;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cloud_sdk_runtime::credentials::{
    AlibabaOidcProvider, CredentialEndpoints, CredentialsErrorKind, CredentialsUriProvider,
    CvmRoleProvider, EcsRamRoleProvider, Env, HttpTimeouts, ProfileProvider, Provider,
    TencentAssumeRoleProvider,
};
use cloud_sdk_runtime::{Credentials, Proxy};
use fake_cloud::{decode_pairs, iso, unix_now, verify_rpc_v2, verify_tc3, Answer, Fake};
use serde_json::json;

const SECRET: &str = "long-term-secret-42";
const ROLES: &str = "/latest/meta-data/cam/security-credentials/";
const ECS_ROLES: &str = "/latest/meta-data/ram/security-credentials/";

fn cvm_answer(expires_in: i64, n: usize) -> String {
    json!({
        "Code": "Success", "TmpSecretId": format!("AKIDtmp{n}"), "TmpSecretKey": "tmp-secret",
        "Token": "tmp-token", "ExpiredTime": unix_now() + expires_in,
        "Expiration": iso(unix_now() + expires_in)
    })
    .to_string()
}

#[tokio::test]
async fn cvm_role_discovery_cache_and_single_flight() {
    let fake = Fake::start(Duration::from_millis(100), |r| match r.path.as_str() {
        ROLES => Answer::Reply(200, "dts-role\n".into()),
        "/latest/meta-data/cam/security-credentials/dts-role" => {
            Answer::Reply(200, cvm_answer(3600, 0))
        }
        _ => Answer::Reply(404, String::new()),
    })
    .await;
    let provider = Arc::new(CvmRoleProvider::new().endpoint(fake.url.clone()));
    let calls: Vec<_> = (0..32)
        .map(|_| {
            let p = provider.clone();
            tokio::spawn(async move { p.load().await })
        })
        .collect();
    for call in calls {
        let credentials = call.await.unwrap().unwrap();
        assert_eq!(credentials.id(), "AKIDtmp0");
        assert_eq!(credentials.session_token(), Some("tmp-token"));
        assert!(credentials.expiry().is_some());
        assert_eq!(credentials.source(), "Tencent CVM role dts-role");
    }
    // One discovery and one credentials request for 32 callers.
    assert_eq!(fake.count(), 2);
    provider.load().await.unwrap();
    assert_eq!(fake.count(), 2, "cached");
}

#[tokio::test]
async fn cvm_role_refreshes_inside_the_window_and_env_sets_the_endpoint() {
    let fake = Fake::start(Duration::ZERO, |r| {
        // Valid for 200 s: inside the 5-minute refresh window.
        Answer::Reply(200, cvm_answer(200, r.path.len()))
    })
    .await;
    let env = Env::from_vars([("TENCENTCLOUD_METADATA_ENDPOINT", fake.url.as_str())]);
    let provider = CvmRoleProvider::new().role_name("r").with_env(env);
    provider.load().await.unwrap();
    provider.load().await.unwrap();
    let paths: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        vec![format!("{ROLES}r"), format!("{ROLES}r")],
        "refreshed once more"
    );
}

#[tokio::test]
async fn stalled_metadata_times_out_within_bounds() {
    let fake = Fake::start(Duration::ZERO, |_| Answer::Stall).await;
    let provider = CvmRoleProvider::new()
        .endpoint(fake.url.clone())
        .timeouts(HttpTimeouts {
            connect: Duration::from_millis(200),
            total: Duration::from_millis(300),
        });
    // Real elapsed time is what this test measures.
    #[allow(clippy::disallowed_methods)]
    let started = Instant::now();
    let error = provider.load().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), CredentialsErrorKind::Timeout);
    assert_eq!(
        error.message(),
        format!(
            "Tencent CVM role: {} did not answer within 300 ms",
            fake.url
        )
    );
}

#[tokio::test]
async fn tencent_assume_role_is_tc3_signed_and_errors_name_the_code() {
    let fake = Fake::start(Duration::ZERO, |r| {
        if !verify_tc3(r, "AKIDlong", SECRET, "sts") {
            return Answer::Reply(200, json!({"Response": {"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad"}, "RequestId": "r1"}}).to_string());
        }
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        if body["RoleArn"] == "qcs::cam::uin/1:roleName/denied" {
            return Answer::Reply(200, json!({"Response": {"Error": {"Code": "InvalidParameter.RoleNotExist", "Message": format!("echo {SECRET}")}, "RequestId": "r2"}}).to_string());
        }
        assert_eq!(r.header("x-tc-action"), Some("AssumeRole"));
        assert_eq!(r.header("x-tc-version"), Some("2018-08-13"));
        assert_eq!(r.header("x-tc-region"), Some("ap-guangzhou"));
        assert_eq!(body["RoleSessionName"], "migration");
        assert_eq!(body["DurationSeconds"], 900);
        Answer::Reply(200, json!({"Response": {"Credentials": {"TmpSecretId": "AKIDsts", "TmpSecretKey": "k", "Token": "t"}, "ExpiredTime": unix_now() + 900, "RequestId": "r3"}}).to_string())
    })
    .await;
    let base = Credentials::new("AKIDlong", SECRET);
    let provider = TencentAssumeRoleProvider::new(base.clone(), "qcs::cam::uin/1:roleName/dts")
        .session_name("migration")
        .duration_seconds(900)
        .endpoint(fake.url.clone())
        .proxy(Proxy::None);
    let credentials = provider.load().await.unwrap();
    assert_eq!(
        (credentials.id(), credentials.session_token()),
        ("AKIDsts", Some("t"))
    );

    let denied = TencentAssumeRoleProvider::new(base, "qcs::cam::uin/1:roleName/denied")
        .endpoint(fake.url.clone())
        .proxy(Proxy::None);
    let error = denied.load().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Service);
    let text = format!("{error} {error:?}");
    assert!(text.contains("Tencent STS AssumeRole"), "{text}");
    assert!(text.contains("InvalidParameter.RoleNotExist"), "{text}");
    assert!(text.contains("r2"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}

#[tokio::test]
async fn ecs_ram_role_uses_the_session_token_and_falls_back_without_one() {
    for imds_v2 in [true, false] {
        let fake = Fake::start(Duration::ZERO, move |r| {
            if r.method == "PUT" {
                assert_eq!(r.header("x-aliyun-ecs-metadata-token-ttl-seconds"), Some("21600"));
                return if imds_v2 { Answer::Reply(200, "imds-token".into()) } else { Answer::Reply(403, String::new()) };
            }
            let expected = if imds_v2 { Some("imds-token") } else { None };
            if r.header("x-aliyun-ecs-metadata-token") != expected {
                return Answer::Reply(401, String::new());
            }
            match r.path.as_str() {
                ECS_ROLES => Answer::Reply(200, "EcsRole".into()),
                "/latest/meta-data/ram/security-credentials/EcsRole" => Answer::Reply(200, json!({
                    "Code": "Success", "AccessKeyId": "STS.ecs", "AccessKeySecret": "s",
                    "SecurityToken": "tok", "Expiration": iso(unix_now() + 3600), "LastUpdated": iso(unix_now())
                }).to_string()),
                _ => Answer::Reply(404, String::new()),
            }
        })
        .await;
        let provider = EcsRamRoleProvider::new().endpoint(fake.url.clone());
        let credentials = provider.load().await.unwrap();
        assert_eq!(credentials.id(), "STS.ecs");
        assert_eq!(credentials.source(), "Alibaba ECS RAM role EcsRole");
        // With IMDSv1 disabled, a missing token is an error.
        if !imds_v2 {
            let error = EcsRamRoleProvider::new()
                .endpoint(fake.url.clone())
                .disable_imds_v1(true)
                .load()
                .await
                .unwrap_err();
            assert!(error.message().contains("IMDSv1 is disabled"), "{error}");
        }
    }
}

#[tokio::test]
async fn aliyun_cli_ram_role_arn_is_v2_signed_and_sts_errors_name_the_code() {
    let fake = Fake::start(Duration::ZERO, |r| {
        if !verify_rpc_v2(r, SECRET) {
            return Answer::Reply(
                400,
                json!({"Code": "SignatureDoesNotMatch", "RequestId": "x"}).to_string(),
            );
        }
        let query = decode_pairs(&r.query);
        let form = decode_pairs(&String::from_utf8_lossy(&r.body));
        assert_eq!(query["Action"], "AssumeRole");
        assert_eq!(query["AccessKeyId"], "LTAIlong");
        assert_eq!(form["RoleSessionName"], "dts-session");
        assert_eq!(form["DurationSeconds"], "1800");
        if form["RoleArn"] == "acs:ram::1:role/denied" {
            return Answer::Reply(
                403,
                json!({"Code": "NoPermission", "Message": "denied", "RequestId": "rq-9"})
                    .to_string(),
            );
        }
        Answer::Reply(
            200,
            json!({"RequestId": "ok", "Credentials": {
            "AccessKeyId": "STS.role", "AccessKeySecret": "s2", "SecurityToken": "t2",
            "Expiration": iso(unix_now() + 1800)}})
            .to_string(),
        )
    })
    .await;
    let home = std::env::temp_dir().join(format!("creds-cli-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    let profile = |name: &str, arn: &str| {
        json!({"name": name, "mode": "RamRoleArn",
        "access_key_id": "LTAIlong", "access_key_secret": SECRET, "ram_role_arn": arn,
        "ram_session_name": "dts-session", "expired_seconds": 1800})
    };
    let config = json!({"current": "role", "profiles": [
        profile("role", "acs:ram::1:role/dts"), profile("denied", "acs:ram::1:role/denied")]});
    std::fs::write(home.join(".aliyun/config.json"), config.to_string()).unwrap();
    let env = Env::from_vars([("HOME", home.to_str().unwrap())]);
    let endpoints = CredentialEndpoints::new()
        .alibaba_sts(fake.url.clone())
        .sts_proxy(Proxy::None);
    let provider = ProfileProvider::new()
        .with_env(env.clone())
        .endpoints(endpoints.clone());
    let credentials = provider.load(Provider::Alibaba).await.unwrap();
    assert_eq!(
        (credentials.id(), credentials.session_token()),
        ("STS.role", Some("t2"))
    );
    provider.load(Provider::Alibaba).await.unwrap();
    assert_eq!(fake.count(), 1, "the role provider and its cache are kept");

    let error = ProfileProvider::new()
        .with_env(env)
        .endpoints(endpoints)
        .profile("denied")
        .load(Provider::Alibaba)
        .await
        .unwrap_err();
    let text = format!("{error} {error:?}");
    assert_eq!(error.kind(), CredentialsErrorKind::Service);
    assert!(text.contains("profile \"denied\""), "{text}");
    assert!(text.contains("Alibaba STS AssumeRole"), "{text}");
    assert!(
        text.contains("NoPermission") && text.contains("rq-9"),
        "{text}"
    );
    assert!(!text.contains(SECRET), "{text}");
    std::fs::remove_dir_all(home).ok();
}

#[tokio::test]
async fn alibaba_oidc_sends_the_token_unsigned_and_uri_provider_reads_json() {
    let fake = Fake::start(Duration::ZERO, |r| {
        if r.path == "/creds" {
            return Answer::Reply(
                200,
                json!({"AccessKeyId": "STS.uri", "AccessKeySecret": "s",
                "SecurityToken": "t", "Expiration": iso(unix_now() + 3600)})
                .to_string(),
            );
        }
        let query = decode_pairs(&r.query);
        let form = decode_pairs(&String::from_utf8_lossy(&r.body));
        assert_eq!(query["Action"], "AssumeRoleWithOIDC");
        assert!(!query.contains_key("Signature"));
        assert_eq!(form["OIDCToken"], "eyJ.oidc.token");
        assert_eq!(form["OIDCProviderArn"], "acs:ram::1:oidc-provider/ack");
        assert_eq!(form["RoleArn"], "acs:ram::1:role/pod");
        Answer::Reply(
            200,
            json!({"Credentials": {"AccessKeyId": "STS.oidc", "AccessKeySecret": "s",
            "SecurityToken": "t", "Expiration": iso(unix_now() + 3600)}})
            .to_string(),
        )
    })
    .await;
    let token = std::env::temp_dir().join(format!("oidc-token-{}", std::process::id()));
    std::fs::write(&token, "eyJ.oidc.token\n").unwrap();
    let env = Env::from_vars([
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/pod"),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::1:oidc-provider/ack",
        ),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token.to_str().unwrap()),
        ("ALIBABA_CLOUD_STS_ENDPOINT", fake.url.as_str()),
    ]);
    let oidc = AlibabaOidcProvider::from_env()
        .with_env(env)
        .proxy(Proxy::None);
    assert_eq!(oidc.load().await.unwrap().id(), "STS.oidc");
    std::fs::remove_file(token).ok();

    let uri = CredentialsUriProvider::from_env().with_env(Env::from_vars([(
        "ALIBABA_CLOUD_CREDENTIALS_URI",
        format!("{}/creds", fake.url),
    )]));
    assert_eq!(uri.load().await.unwrap().id(), "STS.uri");
}

#[tokio::test]
async fn tke_oidc_posts_the_web_identity_token_anonymously() {
    let fake = Fake::start(Duration::ZERO, |r| {
        assert_eq!(r.header("authorization"), Some("SKIP"));
        assert_eq!(r.header("x-tc-action"), Some("AssumeRoleWithWebIdentity"));
        assert_eq!(r.header("x-tc-region"), Some("ap-shanghai"));
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["WebIdentityToken"], "eyJ.tke.token");
        assert_eq!(body["ProviderId"], "oidc-provider");
        assert_eq!(body["RoleArn"], "qcs::cam::uin/1:roleName/pod");
        Answer::Reply(200, json!({"Response": {"Credentials": {"TmpSecretId": "AKIDtke",
            "TmpSecretKey": "k", "Token": "t"}, "ExpiredTime": unix_now() + 7200, "RequestId": "r"}}).to_string())
    })
    .await;
    let token = std::env::temp_dir().join(format!("tke-token-{}", std::process::id()));
    std::fs::write(&token, "eyJ.tke.token").unwrap();
    let env = Env::from_vars([
        ("TKE_REGION", "ap-shanghai"),
        ("TKE_PROVIDER_ID", "oidc-provider"),
        ("TKE_WEB_IDENTITY_TOKEN_FILE", token.to_str().unwrap()),
        ("TKE_ROLE_ARN", "qcs::cam::uin/1:roleName/pod"),
        ("TENCENTCLOUD_STS_ENDPOINT", fake.url.as_str()),
    ]);
    let provider = cloud_sdk_runtime::credentials::TkeOidcProvider::from_env()
        .with_env(env)
        .proxy(Proxy::None);
    assert_eq!(provider.load().await.unwrap().id(), "AKIDtke");
    std::fs::remove_file(token).ok();
    // Half configured: the missing names, not a silent skip.
    let error = cloud_sdk_runtime::credentials::TkeOidcProvider::from_env()
        .with_env(Env::from_vars([("TKE_REGION", "ap-shanghai")]))
        .load()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Incomplete);
    assert!(error.message().contains("TKE_PROVIDER_ID"), "{error}");
}

#[tokio::test]
async fn default_chain_falls_back_to_the_cvm_role_after_env_and_files() {
    let fake = Fake::start(Duration::ZERO, |r| match r.path.as_str() {
        ROLES => Answer::Reply(200, "chain-role".into()),
        _ => Answer::Reply(200, cvm_answer(3600, 7)),
    })
    .await;
    let home = std::env::temp_dir().join(format!("creds-chain-{}", std::process::id()));
    let env = Env::from_vars([("HOME", home.to_str().unwrap())]);
    let chain = cloud_sdk_runtime::credentials::DefaultChain::new()
        .with_env(env.clone())
        .endpoints(CredentialEndpoints::new().tencent_metadata(fake.url.clone()));
    let credentials = chain.load(Provider::Tencent).await.unwrap();
    assert_eq!(credentials.id(), "AKIDtmp7");

    // The instance role comes after the files: a profile wins.
    std::fs::create_dir_all(home.join(".tencentcloud")).unwrap();
    std::fs::write(
        home.join(".tencentcloud/credentials"),
        "[default]\nsecret_id = AKIDfile\nsecret_key = k\n",
    )
    .unwrap();
    let chain = chain.clone().with_env(env);
    assert_eq!(
        chain.load(Provider::Tencent).await.unwrap().id(),
        "AKIDfile"
    );
    std::fs::remove_dir_all(&home).ok();
}
