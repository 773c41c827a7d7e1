#!/usr/bin/env bash
# Fetches Tencent's tccli metadata (every service's api.json) for the
# importer's robustness test (codegen/tests/import_tccli_services.rs), and
# the DTS error-code modules of Tencent's Python SDK
# (tencentcloud-sdk-python-dts: tencentcloud/dts/<version>/errorcodes.py)
# for the error-code test (codegen/tests/import_tencent_errors.rs).
#
# Downloads the pinned tccli wheel from PyPI into target/vendor-meta/ and
# extracts only tccli/services/<service>/<version>/api.json. Idempotent: a
# marker file records a finished extraction of this exact version.
# Run from anywhere: `bash scripts/fetch-tccli.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="3.1.189.1"
DEST="target/vendor-meta"
SERVICES="$DEST/tccli/services"
MARKER="$DEST/tccli-$VERSION.extracted"

if [[ -f "$MARKER" && -d "$SERVICES" ]]; then
  echo "tccli $VERSION metadata already in $SERVICES"
else # the tccli download and extraction, up to the matching `fi`

if ! command -v python3 >/dev/null 2>&1; then
  echo "error: python3 is needed to download and extract the tccli wheel" >&2
  exit 1
fi

mkdir -p "$DEST"
if ! compgen -G "$DEST/tccli-$VERSION-*.whl" >/dev/null; then
  if ! python3 -m pip --version >/dev/null 2>&1; then
    echo "error: pip is needed to download the tccli wheel (python3 -m pip)" >&2
    exit 1
  fi
  echo "downloading tccli $VERSION from PyPI into $DEST"
  if ! python3 -m pip download --no-deps --quiet --disable-pip-version-check \
    --dest "$DEST" "tccli==$VERSION"; then
    echo "error: could not download tccli==$VERSION with pip (is PyPI reachable?)" >&2
    exit 1
  fi
fi
WHEEL=$(compgen -G "$DEST/tccli-$VERSION-*.whl" | head -n 1)

# Extract into a fresh folder so an interrupted run leaves nothing half done.
rm -rf "$DEST/tccli" "$MARKER"
python3 - "$WHEEL" "$DEST" <<'EOF'
import re
import sys
import zipfile

wheel, dest = sys.argv[1], sys.argv[2]
pattern = re.compile(r"^tccli/services/[^/]+/[^/]+/api\.json$")
try:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if pattern.match(n)]
        if not names:
            sys.exit(f"error: {wheel} holds no tccli/services/*/*/api.json")
        for name in names:
            archive.extract(name, dest)
except zipfile.BadZipFile as e:
    sys.exit(f"error: {wheel} is not a valid wheel ({e}); delete it and rerun")
print(f"extracted {len(names)} api.json files")
EOF
touch "$MARKER"
echo "tccli $VERSION metadata in $SERVICES (wheel: $WHEEL)"
fi # tccli

# The DTS error codes, the same way: pinned wheel, only errorcodes.py kept.
DTS_SDK_VERSION="3.1.193"
DTS_SDK="$DEST/tencentcloud/dts"
DTS_MARKER="$DEST/tencentcloud-sdk-python-dts-$DTS_SDK_VERSION.extracted"
if [[ -f "$DTS_MARKER" && -d "$DTS_SDK" ]]; then
  echo "tencentcloud-sdk-python-dts $DTS_SDK_VERSION error codes already in $DTS_SDK"
  exit 0
fi
if ! compgen -G "$DEST/tencentcloud_sdk_python_dts-$DTS_SDK_VERSION-*.whl" >/dev/null; then
  echo "downloading tencentcloud-sdk-python-dts $DTS_SDK_VERSION from PyPI into $DEST"
  if ! python3 -m pip download --no-deps --quiet --disable-pip-version-check \
    --dest "$DEST" "tencentcloud-sdk-python-dts==$DTS_SDK_VERSION"; then
    echo "error: could not download tencentcloud-sdk-python-dts==$DTS_SDK_VERSION with pip" >&2
    exit 1
  fi
fi
DTS_WHEEL=$(compgen -G "$DEST/tencentcloud_sdk_python_dts-$DTS_SDK_VERSION-*.whl" | head -n 1)
rm -rf "$DTS_SDK" "$DTS_MARKER"
python3 - "$DTS_WHEEL" "$DEST" <<'EOF2'
import re
import sys
import zipfile

wheel, dest = sys.argv[1], sys.argv[2]
pattern = re.compile(r"^tencentcloud/dts/v\d{8}/errorcodes\.py$")
try:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if pattern.match(n)]
        if not names:
            sys.exit(f"error: {wheel} holds no tencentcloud/dts/*/errorcodes.py")
        for name in names:
            archive.extract(name, dest)
except zipfile.BadZipFile as e:
    sys.exit(f"error: {wheel} is not a valid wheel ({e}); delete it and rerun")
print(f"extracted {len(names)} errorcodes.py files")
EOF2
touch "$DTS_MARKER"
echo "tencentcloud-sdk-python-dts $DTS_SDK_VERSION error codes in $DTS_SDK (wheel: $DTS_WHEEL)"
