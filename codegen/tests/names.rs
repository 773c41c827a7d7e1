//! Names of the checked-in DTS specs as the generator derives them: data
//! type names are short, and no two items of one generated module share a
//! name (see `docs/naming.md`).

use std::collections::BTreeMap;
use std::path::Path;

use cloud_sdk_codegen::{load_dir, Service};

fn services() -> Vec<Service> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/services");
    load_dir(&dir).unwrap_or_else(|e| panic!("{e}")).0
}

#[test]
fn data_type_names_are_at_most_40_characters() {
    for service in services() {
        let names = service
            .structs
            .iter()
            .map(|s| &s.rust)
            .chain(service.enums.iter().map(|e| &e.rust));
        let longest = names.max_by_key(|n| n.len()).unwrap();
        assert!(
            longest.len() <= 40,
            "{}: `{longest}` has {} characters",
            service.feature,
            longest.len()
        );
    }
}

#[test]
fn no_two_items_of_a_module_share_a_name() {
    for service in services() {
        // Module name -> names of the types emitted in it.
        let mut modules: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for action in &service.actions {
            let items = modules.entry(&action.module).or_default();
            items.extend([
                action.input.rust.as_str(),
                action.output.rust.as_str(),
                action.error_enum.as_str(),
            ]);
        }
        for s in &service.structs {
            let module = s.scope.map_or("types", |a| &service.actions[a].module);
            modules.entry(module).or_default().push(&s.rust);
        }
        for e in &service.enums {
            modules.entry("types").or_default().push(&e.rust);
        }
        for (module, mut names) in modules {
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(
                names.len(),
                count,
                "{}: a name repeats in `{module}`",
                service.feature
            );
        }
    }
}

#[test]
fn types_only_one_action_uses_live_in_its_module() {
    let services = services();
    let alibaba = services
        .iter()
        .find(|s| s.feature == "alibaba-dts-2020-01-01")
        .unwrap();
    let scoped = alibaba.structs.iter().filter(|s| s.scope.is_some()).count();
    let shared = alibaba.structs.len() - scoped;
    assert!(scoped > 0 && shared > 0, "{scoped} scoped, {shared} shared");
    // `DataInitializationDetailList` belongs to `DescribeMigrationJobDetail`.
    let detail = alibaba
        .structs
        .iter()
        .find(|s| s.rust == "DataInitializationDetailList")
        .unwrap();
    let action = &alibaba.actions[detail.scope.unwrap()];
    assert_eq!(action.wire, "DescribeMigrationJobDetail");
}
