#!/usr/bin/env bash
# Every check the project makes, in the order a failure is cheapest to see.
# Run from anywhere: `bash scripts/test.sh`. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "formatting"
cargo fmt --all -- --check

step "spec files"
cargo run --quiet --locked -p cloud-sdk-codegen --bin sdkgen -- check spec/services

step "clippy, warnings denied, every target"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "each service version alone (one cargo feature each)"
for spec in spec/services/*.json; do
  feature=$(basename "$spec" .json)
  echo "    $feature"
  cargo check --quiet --locked -p dts-sdk --no-default-features --features "$feature"
done

step "docs, broken links denied"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "vendor metadata for the importer test (tccli wheel from PyPI, once)"
bash scripts/fetch-tccli.sh

step "tests"
cargo test --workspace --locked

step "packages build from their tarballs"
cargo package --workspace --locked --allow-dirty --quiet --exclude integration-tests --exclude test-support
