//! The naming rules of `docs/naming.md`, on the golden output of the
//! `tencent-naming-2020-04-04.json` fixture: the names compile, mean the
//! wire names they stand for, and do not shadow generated methods.

use integration_tests::golden::tencent_naming as naming;
use naming::describe_ddos_geo_ip_block_config::{
    BlockConfig, DescribeDdosGeoIpBlockConfigErrorCode as Code,
    DescribeDdosGeoIpBlockConfigRequest as Request,
};
use naming::types::TagItem;

#[test]
fn members_named_like_generated_methods_get_a_value_suffix() {
    // `Default::default` and `new` are still the derive and the constructor.
    assert_eq!(Request::default(), Request::new());
    let request = Request::new()
        .default_value("d")
        .new_value("n")
        .validate_value(true)
        .item_ids(vec!["a".to_owned()])
        .convert_3d_format(true)
        .use_v2_api(false)
        .r#type("t");
    assert!(request.validate().is_ok());
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(
        wire,
        serde_json::json!({
            "ItemIDs": ["a"], "Convert3DFormat": true, "UseV2API": false,
            "Default": "d", "New": "n", "Validate": true, "Type": "t"
        })
    );
}

#[test]
fn error_codes_do_not_stutter_or_collide() {
    let table = [
        (
            "ResourceNotFound.ResourceNotFoundError",
            Code::ResourceNotFound,
        ),
        ("AuthFailure.AuthFailureError", Code::AuthFailure),
        (
            "InvalidParameter.InvalidParameterValue",
            Code::InvalidParameterValue,
        ),
        ("BIZ.GET.TOPIC.STATUS.ERROR", Code::BizGetTopicStatusError),
        ("BIZ_GET_TOPIC_STATUS_ERROR", Code::BizGetTopicStatusError2),
    ];
    for (wire, variant) in table {
        assert_eq!(Code::from(wire), variant, "{wire}");
        assert_eq!(variant.as_str(), wire);
    }
}

#[test]
fn nested_types_live_where_they_are_used() {
    // Only `DescribeDDoSGeoIPBlockConfig` uses `BlockConfig`: it is in that
    // action's module; `TagItem` is shared and in `types`.
    let config: BlockConfig =
        serde_json::from_value(serde_json::json!({ "IPv6Address": "::1", "DtsIPs": ["a"] }))
            .unwrap();
    assert_eq!(config.ipv6_address.as_deref(), Some("::1"));
    assert_eq!(config.dts_ips, ["a"]);
    let tag: TagItem = serde_json::from_value(serde_json::json!({ "TagKey": "k" })).unwrap();
    assert_eq!(tag.tag_key, "k");
}
