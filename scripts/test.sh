#!/usr/bin/env bash
# Every check the project makes, in the order a failure is cheapest to see.
# Run from anywhere: `bash scripts/test.sh`. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
in_ci() { [ "${CI:-}" = "true" ]; }

# Tests that need the vendors' metadata fail instead of skipping: this run
# must check everything (test_support::vendor_data).
export CLOUD_SDK_REQUIRE_VENDOR_DATA=1
SHARED="${SHARED_DIR:-../shared}"
MSRV="1.88"
# Commits before this one predate the 72-character rule.
SUBJECTS_SINCE="5786b1c"

step "commit subjects of at most 72 characters (after $SUBJECTS_SINCE)"
if [ "$(git rev-parse --is-shallow-repository 2>/dev/null || echo none)" != "false" ]; then
  echo "    skipped: no full git history here"
elif ! git cat-file -e "$SUBJECTS_SINCE^{commit}" 2>/dev/null; then
  echo "    skipped: $SUBJECTS_SINCE is not in this history"
else
  long=$(git log --format='%h %s' "$SUBJECTS_SINCE..HEAD" | while IFS= read -r line; do
    subject="${line#* }"
    # Characters, not bytes: a UTF-8 locale for ${#subject}.
    [ "$(LC_ALL=C.UTF-8 bash -c 'echo ${#1}' _ "$subject")" -gt 72 ] && echo "$line"
  done || true)
  if [ -n "$long" ]; then
    echo "error: commit subjects longer than 72 characters (put details in the body):" >&2
    echo "$long" >&2
    exit 1
  fi
fi

step "signing vectors: runtime/tests/vectors is the copy of $SHARED/vectors"
if [ -d "$SHARED/vectors" ]; then
  diff -r --exclude=ORIGIN.md "$SHARED/vectors" runtime/tests/vectors
else
  echo "    skipped: $SHARED/vectors is not here to compare with"
fi

step "formatting"
cargo fmt --all -- --check

step "spec files"
cargo run --quiet --locked -p cloud-sdk-codegen --bin sdkgen -- check spec/services

step "main job (README, The commands): the SDK written as a standalone crate"
cargo run --quiet --locked -p cloud-sdk-codegen --bin sdkgen -- generate spec/services target/dts-sdk-static \
  --crate --runtime-path runtime

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

step "tests (vendor data required)"
cargo test --workspace --locked

step "examples: the DTS flows, offline against their simulator"
# `cargo test` has just built them; run the binaries rather than build again
# with `cargo run` (whose feature set differs from the workspace build).
examples="${CARGO_TARGET_DIR:-target}/debug/examples"
for example in tencent_migration_flow alibaba_migration_flow; do
  echo "    $example"
  run=("$examples/$example")
  [ -x "$examples/$example" ] || run=(cargo run --quiet --locked -p dts-sdk --example "$example")
  env -u TENCENTCLOUD_SECRET_ID -u ALIBABA_CLOUD_ACCESS_KEY_ID -u DTS_ENDPOINT "${run[@]}" >/dev/null
done

step "licenses, bans and sources (cargo-deny; advisories need the network)"
if command -v cargo-deny >/dev/null 2>&1; then
  cargo deny --locked check licenses bans sources
elif in_ci; then
  echo "error: cargo-deny is not installed (.ci/run installs it)" >&2
  exit 1
else
  echo "    skipped: cargo-deny is not installed (cargo install --locked cargo-deny)"
fi

step "minimum Rust version $MSRV: the published crates build with it"
if rustup run "$MSRV" rustc --version >/dev/null 2>&1; then
  cargo "+$MSRV" check --locked --quiet -p cloud-sdk-runtime -p cloud-sdk-codegen -p dts-sdk
elif in_ci; then
  echo "error: Rust $MSRV is not installed (.ci/run installs it)" >&2
  exit 1
else
  echo "    skipped: Rust $MSRV is not installed (rustup toolchain install $MSRV --profile minimal)"
fi

step "packages build from their tarballs"
# Cargo unpacks the verification registry's crates under
# $CARGO_HOME/registry/src/-<hash>/ and reuses an unpacked copy of the same
# name and version without unpacking again: a copy left by an earlier run
# would be verified instead of today's sources. Drop ours first.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/{cloud-sdk-codegen,cloud-sdk-runtime,dts-sdk}-[0-9]*
cargo package --workspace --locked --allow-dirty --quiet --exclude integration-tests --exclude test-support --exclude dts-cli
