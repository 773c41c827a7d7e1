//! The rules of `docs/generated-api.md` on their own fixture
//! (`codegen/tests/fixtures/valid/tencent-shape-2020-04-04.json`).

use std::collections::BTreeMap;

use integration_tests::golden::tencent_shape as shape;
use serde_json::json;
use shape::check_tables::CheckTablesRequest;
use shape::check_tables::{Database, Table};
use shape::create_many::Rule;
use shape::create_many::{CreateManyRequest, CreateManyResponse};
use shape::types::Mode;

fn create_many() -> CreateManyRequest {
    CreateManyRequest::new(
        "first",
        "second",
        3,
        Mode::Fast,
        Rule::new("safe").secret("s3cret"),
        ["a", "b"],
        [("k", "v")],
        "third",
        true,
    )
}

#[test]
fn nine_required_members_are_arguments_of_new_in_spec_order() {
    let wire = serde_json::to_value(create_many()).unwrap();
    assert_eq!(
        wire,
        json!({
            "First": "first", "Second": "second", "Count": 3, "Mode": "fast",
            "Rule": { "Kind": "safe", "Secret": "s3cret" },
            "Names": ["a", "b"], "Labels": { "k": "v" }, "Third": "third", "Enabled": true
        })
    );
    // A required collection is sent even when empty; optional ones are not.
    let empty = CreateManyRequest::new(
        "f",
        "s",
        0,
        "safe",
        Rule::new(Mode::Safe),
        Vec::<String>::new(),
        BTreeMap::<String, String>::new(),
        "t",
        false,
    );
    let wire = serde_json::to_value(empty).unwrap();
    assert_eq!(wire["Names"], json!([]));
    assert!(
        wire.get("Rules").is_none() && wire.get("Weights").is_none(),
        "{wire}"
    );
}

#[test]
fn optional_collections_replace_and_append() {
    let request = create_many()
        .rules([Rule::new(Mode::Fast)])
        .push_rules(Rule::new(Mode::Safe))
        .weights([("a", 1_i64)])
        .insert_weights("b", 2)
        .push_names("c");
    assert_eq!(request.rules.len(), 2);
    assert_eq!(
        request.weights,
        BTreeMap::from([("a".into(), 1), ("b".into(), 2)])
    );
    assert_eq!(request.names, ["a", "b", "c"]);
}

#[test]
fn validation_reports_every_problem_through_lists_and_maps() {
    let database = Database::new()
        .tables(["ok", "toolong", "ok", "five5"].map(Table::new))
        .insert_by_name("x", Table::new("waytoolong"));
    let error = CheckTablesRequest::new(database)
        .limit(0)
        .validate()
        .unwrap_err();
    assert_eq!(
        error.members().collect::<Vec<_>>(),
        [
            "Database.Tables",
            "Database.Tables[1].TableName",
            "Database.Tables[3].TableName",
            "Database.ByName[\"x\"].TableName",
            "Limit",
        ]
    );
    assert!(CheckTablesRequest::new(Database::new()).validate().is_ok());
}

#[test]
fn always_present_response_members_are_plain_values() {
    let response: CreateManyResponse = serde_json::from_value(json!({
        "Rule": { "Kind": "fast" }, "Mode": "turbo", "Hint": null, "RequestId": "r"
    }))
    .unwrap();
    let kind: &Mode = &response.rule.kind;
    assert_eq!(kind, &Mode::Fast);
    assert_eq!(response.mode.as_str(), "turbo");
    assert_eq!(response.hint, None);
    assert_eq!(response.extra, None);
    assert!(response.names.is_empty());
    // Left out by the server: the default, not an error.
    let response: CreateManyResponse = serde_json::from_value(json!({})).unwrap();
    assert_eq!(response.rule.kind.as_str(), "");
    assert_eq!(response.request_id, "");
}

#[test]
fn requests_and_responses_round_trip_and_redact() {
    let request = create_many().push_rules(Rule::new("fast"));
    let wire = serde_json::to_value(&request).unwrap();
    let replayed: CreateManyRequest = serde_json::from_value(wire).unwrap();
    assert_eq!(replayed, request);
    let shown = format!("{request:?}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}
