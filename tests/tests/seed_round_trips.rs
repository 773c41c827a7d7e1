//! Round trips of the seed documents' examples (tests/fixtures/seeds):
//! requests built with the generated types serialise to the seed's request,
//! and every well-formed example response decodes into the generated type.

use std::path::{Path, PathBuf};

use dts_sdk::alibaba::dts::v20200101 as ali;
use dts_sdk::tencent::dts::v20180330 as tc18;
use dts_sdk::tencent::dts::v20211206 as tc21;
use serde_json::Value;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds")
}

fn fixture(file: &str) -> Value {
    let path = seeds().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The request serialises to the seed's body, and the seed's body decodes
/// back to the same request (a recorded request can be replayed).
fn assert_serialises_to<T>(request: &T, file: &str)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let wire = serde_json::to_value(request).unwrap();
    assert_eq!(
        wire,
        fixture(file),
        "request built for {file} differs from the seed"
    );
    let decoded: T = serde_json::from_value(fixture(file)).unwrap();
    assert_eq!(
        &decoded, request,
        "the seed {file} decodes to another request"
    );
}

#[test]
fn tencent_2018_requests_match_the_seeds() {
    use tc18::types::*;
    assert_serialises_to(
        &tc18::complete_migrate_job::CompleteMigrateJobRequest::new("dts-1kl0iy0v"),
        "003_7ee102edc7c956f1/CompleteMigrateJob.request.json",
    );
    for (file, job) in [
        (
            "003_7ee102edc7c956f1/DescribeMigrateCheckJob.request.json",
            "dts-1kl0iy0v",
        ),
        (
            "003_7ee102edc7c956f1/example-2/DescribeMigrateCheckJob.request.json",
            "dts-dau5czmd",
        ),
    ] {
        assert_serialises_to(
            &tc18::describe_migrate_check_job::DescribeMigrateCheckJobRequest::new(job),
            file,
        );
    }
    let dir = "003_7ee102edc7c956f1";
    assert_serialises_to(
        &tc18::create_migrate_check_job::CreateMigrateCheckJobRequest::new("dts-1kl0iy0v"),
        &format!("{dir}/CreateMigrateCheckJob.request.json"),
    );
    assert_serialises_to(
        &tc18::delete_migrate_job::DeleteMigrateJobRequest::new("dts-1kl0iy0v"),
        &format!("{dir}/DeleteMigrateJob.request.json"),
    );
    assert_serialises_to(
        &tc18::start_migrate_job::StartMigrateJobRequest::new("dts-1kl0iy0v"),
        &format!("{dir}/StartMigrateJob.request.json"),
    );
    assert_serialises_to(
        &tc18::stop_migrate_job::StopMigrateJobRequest::new("dts-1kl0iy0v"),
        &format!("{dir}/StopMigrateJob.request.json"),
    );
    assert_serialises_to(
        &tc18::describe_migrate_jobs::DescribeMigrateJobsRequest::new()
            .order("CreateTime")
            .order_seq("DESC")
            .offset(0)
            .limit(2),
        &format!("{dir}/DescribeMigrateJobs.request.json"),
    );

    let create = tc18::create_migrate_job::CreateMigrateJobRequest::new(
        "userstest",
        MigrateOption::new(RunMode::from(1))
            .migrate_type(MigrateType::from(1))
            .migrate_object(MigrateObject::from(1))
            .consistency_type(ConsistencyType::from(1))
            .is_override_root(0),
        DatabaseType::Mysql,
        "extranet",
        SrcInfo::new()
            .ip("14.17.22.36")
            .port(10301)
            .user("root")
            .supplier("others")
            .password("123456")
            .region("ap-guangzhou"),
        "mysql",
        AccessType::Cdb,
        DstInfo::new("ap-shanghai").instance_id("cdb-e78e0nnv"),
    );
    assert!(cloud_sdk_runtime::Operation::validate(&create).is_ok());
    assert_serialises_to(&create, &format!("{dir}/CreateMigrateJob.request.json"));
    let shown = format!("{create:?}");
    assert!(
        !shown.contains("123456"),
        "the source password leaked into Debug: {shown}"
    );

    // 000 is the current ModifyMigrateJob page; 001's example leaves out the
    // required DstInfo.Region, which DstInfo::new cannot express.
    let modify = tc18::modify_migrate_job::ModifyMigrateJobRequest::new("dts-1kl0iy0v")
        .job_name("userdts")
        .database_info(r#"[{"Database":"test","Table":["user","log"]}]"#)
        .migrate_option(
            MigrateOption::new(RunMode::Immediate)
                .migrate_type(MigrateType::from(2))
                .migrate_object(MigrateObject::from(2))
                .consistency_type(ConsistencyType::from(5))
                .is_override_root(0),
        )
        .dst_info(DstInfo::new("ap-guangzhou").read_only(0))
        .src_info(SrcInfo::new().supplier("others"));
    assert_serialises_to(
        &modify,
        "000_18bae82bd008562b/ModifyMigrateJob.request.json",
    );
}

#[test]
fn tencent_2021_request_matches_the_seed() {
    use tc21::types::*;
    let request = tc21::create_migration_service::CreateMigrationServiceRequest::new(
        DatabaseType::Mysql,
        "mysql",
        "ap-guangzhou",
        "ap-guangzhou",
        InstanceClass::Xlarge,
    )
    .push_tags(TagItem::new().tag_key("testkey").tag_value("testvalue"));
    assert_serialises_to(
        &request,
        "002_edcb400c39a80bb5/CreateMigrationService.request.json",
    );
}

#[test]
fn alibaba_request_matches_the_seed() {
    let request = ali::modify_dts_job::ModifyDtsJobRequest::new("dtsbi6e22ay243****");
    assert_serialises_to(&request, "004_ac220a4ef6c37f39/ModifyDtsJob.request.json");
}

/// Tencent wraps responses in `{"Response": ...}`; the runtime unwraps it.
fn tencent_body(file: &str) -> Value {
    fixture(file)["Response"].clone()
}

#[test]
fn every_seed_response_decodes() {
    let dir = "003_7ee102edc7c956f1";
    macro_rules! decodes {
        ($ty:ty, $file:expr) => {{
            let body = tencent_body(&$file);
            let expected_id = body["RequestId"].as_str().unwrap().to_owned();
            let response: $ty =
                serde_json::from_value(body).unwrap_or_else(|e| panic!("{}: {e}", $file));
            assert_eq!(response.request_id, expected_id, "{}", $file);
            response
        }};
    }
    decodes!(
        tc18::complete_migrate_job::CompleteMigrateJobResponse,
        format!("{dir}/CompleteMigrateJob.response.json")
    );
    decodes!(
        tc18::create_migrate_check_job::CreateMigrateCheckJobResponse,
        format!("{dir}/CreateMigrateCheckJob.response.json")
    );
    let created = decodes!(
        tc18::create_migrate_job::CreateMigrateJobResponse,
        format!("{dir}/CreateMigrateJob.response.json")
    );
    assert_eq!(created.job_id, "dts-1kl0iy0v");
    decodes!(
        tc18::delete_migrate_job::DeleteMigrateJobResponse,
        format!("{dir}/DeleteMigrateJob.response.json")
    );
    decodes!(
        tc18::start_migrate_job::StartMigrateJobResponse,
        format!("{dir}/StartMigrateJob.response.json")
    );
    decodes!(
        tc18::stop_migrate_job::StopMigrateJobResponse,
        format!("{dir}/StopMigrateJob.response.json")
    );
    for file in [
        format!("{dir}/ModifyMigrateJob.response.json"),
        "000_18bae82bd008562b/ModifyMigrateJob.response.json".to_owned(),
        "001_94c0362d42e2a704/ModifyMigrateJob.response.json".to_owned(),
    ] {
        decodes!(tc18::modify_migrate_job::ModifyMigrateJobResponse, file);
    }
    let failed = decodes!(
        tc18::describe_migrate_check_job::DescribeMigrateCheckJobResponse,
        format!("{dir}/DescribeMigrateCheckJob.response.json")
    );
    let passed = decodes!(
        tc18::describe_migrate_check_job::DescribeMigrateCheckJobResponse,
        format!("{dir}/example-2/DescribeMigrateCheckJob.response.json")
    );
    assert_ne!(failed.check_flag, passed.check_flag);
    assert_eq!(failed.error_code, -1);
    assert_eq!(passed.error_message, "ok");

    let service = decodes!(
        tc21::create_migration_service::CreateMigrationServiceResponse,
        "002_edcb400c39a80bb5/CreateMigrationService.response.json"
    );
    assert_eq!(service.job_ids, ["dts-1ewjspuw"]);

    let modified: ali::modify_dts_job::ModifyDtsJobResponse =
        serde_json::from_value(fixture("004_ac220a4ef6c37f39/ModifyDtsJob.response.json")).unwrap();
    assert_eq!(modified.dts_job_id.as_deref(), Some("bi6e22a****"));
    assert_eq!(modified.success, Some(true));
}

#[test]
fn the_fixture_index_names_only_files_that_exist() {
    let index = fixture("index.json");
    let entries = index["fixtures"].as_array().unwrap();
    assert!(entries.len() >= 20);
    for entry in entries {
        let file = entry["file"].as_str().unwrap();
        assert!(seeds().join(file).is_file(), "{file} is listed but missing");
    }
}
