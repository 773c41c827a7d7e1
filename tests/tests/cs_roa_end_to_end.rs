//! CS / ACK 2015-12-15, an Alibaba ROA product, end to end: `build.rs`
//! imports the vendor metadata and generates the client (see
//! `build_cs_roa.rs`), this test compiles it and calls a local server with
//! a GET with a path parameter, a POST with a JSON body and a DELETE with
//! query members. The server checks method, path, query and body, and
//! recomputes the ACS3 signature from the request it received.
//!
//! Without the vendor metadata the test says it skipped (and fails when
//! `CLOUD_SDK_REQUIRE_VENDOR_DATA` is set, as for the importer tests).

#[cfg(not(cs_roa))]
#[test]
fn cs_roa_end_to_end() {
    // Prints the skip line, or panics when vendor data is required.
    assert!(test_support::vendor_meta("alibaba-more/cs-2015-12-15.json").is_none());
}

/// The generated client; the test calls three of its 117 actions.
#[cfg(cs_roa)]
#[allow(dead_code)]
mod cs {
    include!(concat!(env!("OUT_DIR"), "/cs_roa.rs"));
}

#[cfg(cs_roa)]
mod end_to_end {
    use super::cs::{create_cluster, delete_cluster, describe_cluster_detail, AlibabaCsClient};
    use cloud_sdk_runtime::operation::SigningAlgorithm;
    use cloud_sdk_runtime::{Client, Credentials, Error, Proxy};
    use serde_json::json;
    use test_support::{verify_acs3, verify_roa_v1, Recorded, Reply, Server};

    const ID: &str = "LTAItestAccessKeyId";
    const SECRET: &str = "ali-Very-S3cret-Secret";

    fn route(request: &Recorded) -> Reply {
        let reply = match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/clusters/c%201%2Fx") => json!({
                "cluster_id": "c 1/x", "name": "demo", "state": "running", "size": 3
            }),
            ("POST", "/clusters") => {
                json!({ "cluster_id": "c-new", "request_id": "req-2", "task_id": "T-1" })
            }
            ("DELETE", "/clusters/c-new") => {
                json!({ "cluster_id": "c-new", "request_id": "req-3", "task_id": "T-2" })
            }
            _ => {
                return Reply::json(
                    404,
                    json!({ "code": "ErrorClusterNotFound", "message": "no route", "requestId": "req-404" }),
                )
            }
        };
        Reply::json(200, reply).with_header("x-acs-request-id", "req-header")
    }

    fn client(server: &Server) -> AlibabaCsClient {
        client_signing(server, SigningAlgorithm::Acs3)
    }

    fn client_signing(server: &Server, algorithm: SigningAlgorithm) -> AlibabaCsClient {
        let runtime = Client::builder()
            .credentials(Credentials::new(ID, SECRET))
            .endpoint(server.url())
            .proxy(Proxy::None)
            .region("cn-hangzhou")
            .signing_algorithm(algorithm)
            .build()
            .unwrap();
        AlibabaCsClient::new(runtime)
    }

    #[tokio::test]
    async fn get_post_and_delete_reach_their_routes_signed() {
        let server = Server::start(|request, _| route(request)).await;
        let cs = client(&server);

        // GET with a path parameter that needs encoding.
        let detail = cs
            .describe_cluster_detail(describe_cluster_detail::DescribeClusterDetailRequest::new(
                "c 1/x",
            ))
            .await
            .unwrap();
        assert_eq!(detail.cluster_id.as_deref(), Some("c 1/x"));
        assert_eq!(detail.state.as_deref(), Some("running"));

        // POST whose JSON body is the `body` member.
        let body = create_cluster::CreateClusterBody::new(
            "demo",
            "cn-hangzhou",
            "ManagedKubernetes",
            "vpc-1",
            "172.21.0.0/20",
            ["vsw-1", "vsw-2"],
        );
        let created = cs
            .create_cluster(create_cluster::CreateClusterRequest::new().body(body))
            .await
            .unwrap();
        assert_eq!(created.cluster_id.as_deref(), Some("c-new"));
        assert_eq!(created.task_id.as_deref(), Some("T-1"));

        // DELETE with query members, one a JSON list.
        let deleted = cs
            .delete_cluster(
                delete_cluster::DeleteClusterRequest::new("c-new")
                    .retain_all_resources(false)
                    .retain_resources(["slb-1"]),
            )
            .await
            .unwrap();
        assert_eq!(deleted.request_id.as_deref(), Some("req-3"));

        let seen = server.requests();
        assert_eq!(seen.len(), 3);
        let [get, post, delete] = [&seen[0], &seen[1], &seen[2]];
        assert_eq!((get.method.as_str(), get.query.as_str()), ("GET", ""));
        assert!(get.body.is_empty());
        assert_eq!(get.header("x-acs-action"), Some("DescribeClusterDetail"));
        assert_eq!(get.header("x-acs-version"), Some("2015-12-15"));

        assert_eq!(post.header("content-type"), Some("application/json"));
        assert_eq!(post.query, "", "no RegionId is added to ROA calls");
        let sent = post.json();
        assert_eq!(sent["name"], "demo");
        assert_eq!(sent["cluster_type"], "ManagedKubernetes");
        assert_eq!(sent["vswitch_ids"], json!(["vsw-1", "vsw-2"]));

        let query = delete.query_params();
        assert_eq!(query["retain_all_resources"], "false");
        assert_eq!(query["retain_resources"], r#"["slb-1"]"#);
        assert!(delete.body.is_empty());

        for request in &seen {
            verify_acs3(request, ID, SECRET);
        }
    }

    #[tokio::test]
    async fn an_roa_error_names_code_message_and_request_id() {
        let server = Server::start(|request, _| route(request)).await;
        let error = client(&server)
            .describe_cluster_detail(describe_cluster_detail::DescribeClusterDetailRequest::new(
                "missing",
            ))
            .await
            .unwrap_err();
        let Error::Service(service) = &error else {
            panic!("expected a service error, got {error:?}");
        };
        assert_eq!(service.raw_code, "ErrorClusterNotFound");
        assert_eq!(service.message, "no route");
        assert_eq!(service.request_id.as_deref(), Some("req-404"));
        assert_eq!(service.http_status, 404);
    }

    #[tokio::test]
    async fn the_older_roa_signature_is_accepted_too() {
        let server = Server::start(|request, _| route(request)).await;
        let cs = client_signing(&server, SigningAlgorithm::RoaV1);
        let deleted = cs
            .delete_cluster(
                delete_cluster::DeleteClusterRequest::new("c-new").retain_all_resources(true),
            )
            .await
            .unwrap();
        assert_eq!(deleted.task_id.as_deref(), Some("T-2"));
        let [delete] = server.requests().try_into().unwrap();
        assert_eq!(delete.query, "retain_all_resources=true");
        verify_roa_v1(&delete, ID, SECRET);
    }
}
