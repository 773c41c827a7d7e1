//! The golden files of the generator's fixture specs, compiled as modules.

/// Output for `codegen/tests/fixtures/valid/tencent-fixture-2020-02-02.json`.
pub mod tencent_fixture {
    include!("../../codegen/tests/golden/tencent_fixture_v20200202.rs");
}

/// Output for `codegen/tests/fixtures/valid/alibaba-fixture-2020-03-03.json`.
pub mod alibaba_fixture {
    include!("../../codegen/tests/golden/alibaba_fixture_v20200303.rs");
}

/// Output for `codegen/tests/fixtures/valid/tencent-naming-2020-04-04.json`:
/// the naming rules of `docs/naming.md`.
pub mod tencent_naming {
    include!("../../codegen/tests/golden/tencent_naming_v20200404.rs");
}

/// Output for `codegen/tests/fixtures/valid/tencent-shape-2020-04-04.json`:
/// one action per rule of `docs/generated-api.md`.
pub mod tencent_shape {
    include!("../../codegen/tests/golden/tencent_shape_v20200404.rs");
}

/// Output for `codegen/tests/fixtures/valid/tencent-flows-2020-05-05.json`:
/// paginators of each cursor kind and waiters of each acceptor kind.
pub mod tencent_flows {
    include!("../../codegen/tests/golden/tencent_flows_v20200505.rs");
}

/// Output for `codegen/tests/fixtures/valid/alibaba-roafixture-2021-01-01.json`:
/// ROA path templates, methods, locations and root responses.
pub mod alibaba_roa_fixture {
    include!("../../codegen/tests/golden/alibaba_roa_fixture_v20210101.rs");
}
