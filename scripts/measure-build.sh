#!/usr/bin/env bash
# Measures what users pay for the generated crate: the time to generate every
# spec, and the build time of `dts-sdk` alone per feature (its dependencies
# already built), debug and release. Prints a Markdown table for the README.
# Run on an otherwise idle machine: `bash scripts/measure-build.sh [runs]`.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
export CARGO_INCREMENTAL=0

seconds() { # command... -> wall seconds of the fastest of $runs runs
  local best=""
  for _ in $(seq "$runs"); do
    touch generated/src/lib.rs
    local start end took
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    took=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best=$took; fi
  done
  printf '%.2f' "$best"
}

actions() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["actions"]))' "$1"; }

cargo build --quiet --release -p cloud-sdk-codegen --bin sdkgen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
generate=$(seconds target/release/sdkgen generate spec/services "$out")
echo "Generating every spec (sdkgen, release): ${generate} s"
echo
echo "| feature | actions | debug | per action | release | per action |"
echo "|---|---|---|---|---|---|"
for spec in spec/services/*.json; do
  feature=$(basename "$spec" .json)
  count=$(actions "$spec")
  row="| \`$feature\` | $count"
  for profile in dev release; do
    build=(cargo build --quiet --locked --profile "$profile" -p dts-sdk --no-default-features --features "$feature")
    "${build[@]}" >/dev/null 2>&1 # dependencies and the build script, not measured
    took=$(seconds "${build[@]}")
    row="$row | ${took} s | $(echo "scale=3; $took / $count" | bc | sed 's/^\./0./') s"
  done
  echo "$row |"
done
