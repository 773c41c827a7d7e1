#!/usr/bin/env bash
# Sweeps every Tencent Cloud service version in the pinned tccli metadata
# through the whole pipeline and prints a Markdown table of the figures:
#
#   import   `sdkgen import tencent api.json` (wall seconds)
#   check    `sdkgen check` of the imported spec
#   generate `sdkgen generate` of that one spec, and the lines it wrote
#   reimport `sdkgen import tencent --into` the imported spec: must report
#            "no changes" and leave the file byte for byte as it was
#   compile  `cargo clippy -- -D warnings` of the generated code, in batches
#            of services in one throwaway crate; CPU seconds (user + system)
#            of the batch, divided over its actions
#
# Usage: bash scripts/sweep-tencent.sh [table.md]   (default: target/sweep-tencent.md)
# Needs the metadata (`bash scripts/fetch-tccli.sh`). Everything else lives in
# one temporary folder (specs, generated code, the crate and its one target
# folder), deleted at the end: only the table is kept. Runs under `nice`.
# SWEEP_ONLY=<regex> limits the sweep to matching `service/version` folders;
# SWEEP_BATCH_ACTIONS sets how many actions one compile batch holds (600);
# SWEEP_TARGET_DIR reuses a target folder (kept), such as the one of
# codegen/tests/compile_sample.rs, target/compile-sample/target.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
table=${1:-target/sweep-tencent.md}
services_dir=target/vendor-meta/tccli/services
only=${SWEEP_ONLY:-.}
batch_actions=${SWEEP_BATCH_ACTIONS:-600}
target_dir=${SWEEP_TARGET_DIR:-}

if [[ ! -d $services_dir ]]; then
  echo "error: no tccli metadata in $services_dir; run bash scripts/fetch-tccli.sh" >&2
  exit 1
fi

nice cargo build --quiet --release --locked -p cloud-sdk-codegen --bin sdkgen
sdkgen=$root/target/release/sdkgen

work=$(mktemp -d /tmp/sweep-tencent.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/specs" "$work/one" "$work/gen" "$work/re" "$work/crate/src"
if [[ -z $target_dir ]]; then target_dir=$work/target; else target_dir=$(realpath "$target_dir"); fi

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | sed 's/^\./0./'; }

rows=$work/rows.tsv # label spec actions import check generate lines reimport file
failures=0
fail() { # label message
  echo "FAIL $1: $2" >&2
  echo "| $1 | FAIL: $2 |" >>"$work/failures.md"
  failures=$((failures + 1))
}

for api in "$services_dir"/*/*/api.json; do
  folder=${api#"$services_dir"/}
  folder=${folder%/api.json}
  [[ $folder =~ $only ]] || continue
  label=${folder/\// }

  start=$(now)
  if ! nice "$sdkgen" import tencent "$api" >"$work/imported.json" 2>"$work/err"; then
    fail "$label" "import: $(head -c 300 "$work/err" | tr '\n|' ' /')"
    continue
  fi
  import_s=$(since "$start")
  name=$(jq -r '"tencent-\(.service)-\(.version)"' "$work/imported.json")
  spec=$work/specs/$name.json
  mv "$work/imported.json" "$spec"
  actions=$(jq '.actions | length' "$spec")

  start=$(now)
  if ! nice "$sdkgen" check "$spec" >/dev/null 2>"$work/err"; then
    fail "$label" "check: $(head -c 300 "$work/err" | tr '\n|' ' /')"
    continue
  fi
  check_s=$(since "$start")

  rm -rf "$work/one"/* "$work/gen"/*
  cp "$spec" "$work/one/"
  start=$(now)
  if ! nice "$sdkgen" generate "$work/one" "$work/gen" >/dev/null 2>"$work/err"; then
    fail "$label" "generate: $(head -c 300 "$work/err" | tr '\n|' ' /')"
    continue
  fi
  generate_s=$(since "$start")
  lines=$(cat "$work/gen"/*.rs | wc -l)
  file=$(basename "$(ls "$work/gen"/tencent_*.rs)")

  cp "$spec" "$work/re/"
  start=$(now)
  if ! report=$(nice "$sdkgen" import tencent "$api" --into "$work/re/$name.json" 2>&1); then
    fail "$label" "re-import: $(echo "$report" | head -c 300 | tr '\n|' ' /')"
    continue
  fi
  reimport_s=$(since "$start")
  # The changelog is one line of the report (notes and the vendor-docs
  # report come before and after it).
  if ! grep -q ': no changes$' <<<"$report" || ! cmp -s "$spec" "$work/re/$name.json"; then
    fail "$label" "re-import changed the spec: $(echo "$report" | head -c 300 | tr '\n|' ' /')"
    continue
  fi
  rm "$work/re/$name.json"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$name" "$actions" "$import_s" \
    "$check_s" "$generate_s" "$lines" "$reimport_s" "$file" >>"$rows"
  echo "ok $label: $actions actions, $lines lines" >&2
done

# Compile: batches of about $batch_actions actions in one crate, one target
# folder for all of them (the runtime and the dependencies build once).
cp Cargo.lock "$work/crate/Cargo.lock"
cat >"$work/crate/src/lib.rs" <<'EOF'
//! Throwaway crate of scripts/sweep-tencent.sh: generated services only.
#![deny(missing_docs)]

pub use cloud_sdk_runtime as runtime;

include!("services.rs");
EOF
compile_batch() { # spec names...
  rm -f "$work/crate/src"/tencent_*.rs "$work/crate/src/services.rs"
  rm -rf "$work/one"/*
  local features=""
  for name in "$@"; do
    cp "$work/specs/$name.json" "$work/one/"
    features="$features\"$name\", "
  done
  "$sdkgen" generate "$work/one" "$work/crate/src" >/dev/null || return 1
  {
    echo '[package]'
    echo 'name = "sweep-tencent"'
    echo 'version = "0.0.0"'
    echo 'edition = "2021"'
    echo 'publish = false'
    echo '[workspace]'
    echo '[dependencies]'
    echo "cloud-sdk-runtime = { path = \"$root/runtime\" }"
    echo 'serde = { version = "1", features = ["derive"] }'
    echo 'serde_json = "1"'
    echo '[features]'
    echo "default = [${features%, }]"
    for name in "$@"; do echo "$name = []"; done
  } >"$work/crate/Cargo.toml"
  (cd "$work/crate" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$target_dir nice /usr/bin/time -f '%U %S' -o "$work/cpu" \
    cargo clippy --quiet --offline -- -D warnings) >"$work/compile.log" 2>&1
}

# Dependencies and the runtime first, so that batches time only generated code.
compile_batch "$(head -n 1 "$rows" | cut -f 2)" || true
compile_rows=$work/compile.tsv # label compile_cpu_per_action warnings
flush() {
  [[ ${#batch[@]} -gt 0 ]] || return 0
  local ok=1
  compile_batch "${batch[@]}" || ok=0
  local cpu warnings
  cpu=$(awk '{print $1 + $2}' "$work/cpu" 2>/dev/null || echo 0)
  warnings=$(grep -c '^warning' "$work/compile.log" || true)
  echo "batch of ${#batch[@]} services, $batch_total actions: ${cpu} s CPU, ok=$ok" >&2
  for name in "${batch[@]}"; do
    local file
    file=$(awk -F '\t' -v n="$name" '$2 == n { print $9 }' "$rows")
    if [[ $ok == 0 ]] && grep -q "src/$file" "$work/compile.log"; then
      fail "$name" "compile: $(grep -m1 -A3 '^error' "$work/compile.log" | head -c 300 | tr '\n|' ' /')"
    else
      echo -e "$name\t$(echo "scale=4; $cpu / $batch_total" | bc | sed 's/^\./0./')\t$warnings\t$ok" >>"$compile_rows"
    fi
  done
  if [[ $ok == 0 ]]; then cp "$work/compile.log" "$root/target/sweep-tencent-compile-$(date +%H%M%S).log"; fi
  batch=()
  batch_total=0
}
batch=()
batch_total=0
while IFS=$'\t' read -r _ name actions _; do
  batch+=("$name")
  batch_total=$((batch_total + actions))
  if ((batch_total >= batch_actions)); then flush; fi
done <"$rows"
flush

# The table: one row per service version, then the totals.
{
  echo "| service version | actions | import s | check s | generate s | lines | re-import | clippy CPU s per action | warnings |"
  echo "|---|---|---|---|---|---|---|---|---|"
  join -t $'\t' -1 2 -2 1 <(sort -t $'\t' -k2,2 "$rows") <(sort -t $'\t' -k1,1 "$compile_rows") |
    sort -t $'\t' -k2,2 |
    awk -F '\t' '{ status = ($12 == 1) ? $11 : "batch failed";
      printf "| %s | %s | %.3f | %.3f | %.3f | %s | no changes | %s | %s |\n", $2, $3, $4, $5, $6, $7, $10, status }'
  cat "$work/failures.md" 2>/dev/null || true
  echo
  awk -F '\t' '{ n++; a += $3; i += $4; c += $5; g += $6; l += $7 }
    END { printf "Totals: %d service versions, %d actions; import %.1f s, check %.1f s, generate %.1f s (wall, release sdkgen); %d generated lines\n", n, a, i, c, g, l }' "$rows"
  awk -F '\t' '$4 == 1 { ok++ } END { printf "Compiled with clippy -D warnings: %d\n", ok }' "$compile_rows"
  echo "Failures: $failures"
} >"$table"
cat "$table" | tail -n 4
[[ $failures == 0 ]]
