//! The generated documentation of every DTS action links to the vendor's
//! own reference page for that action (issue 10: the URL is a fact).

use std::path::Path;

use cloud_sdk_codegen::{generate, load_dir};

#[test]
fn every_action_links_to_its_vendor_reference_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/services");
    let services = load_dir(&dir).unwrap_or_else(|e| panic!("{e}")).0;
    let files = generate(&services, |_| true).unwrap();
    for service in &services {
        let name = generated_file_name(service);
        let source = &files
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{name} not generated"))
            .contents;
        let prefix = match service.feature.split('-').next() {
            Some("tencent") => format!(
                "https://console.cloud.tencent.com/api/explorer?Product={}&Version={}&Action=",
                service.service, service.version
            ),
            _ => format!(
                "https://api.aliyun.com/document/{}/{}/",
                service.service, service.version
            ),
        };
        let mut missing = Vec::new();
        for action in &service.actions {
            let link = format!("/// Vendor reference: [`{0}`]({prefix}{0}).", action.wire);
            if !source.contains(&link) {
                missing.push(action.wire.as_str());
            }
        }
        assert!(
            missing.is_empty(),
            "{}: no vendor reference link for {missing:?}",
            service.feature
        );
    }
}

/// The generated file of a service: `<provider>_<service>_<version>.rs`,
/// as the module path names it.
fn generated_file_name(service: &cloud_sdk_codegen::Service) -> String {
    format!("{}.rs", service.module_path.join("_"))
}
