#!/usr/bin/env python3
"""Keeps, from the Tencent Go SDK's DTS client, only what lists the error
codes each action may return, for codegen/tests/import_tencent_errors.rs.

The Go SDK is not on PyPI or crates.io, so CI cannot download it; this
script is run by a maintainer on a checkout of
github.com/TencentCloud/tencentcloud-sdk-go and its output is committed
(the codes and action names are facts; every other line is dropped):

    python3 scripts/extract-tencent-go-errors.py SDK_CHECKOUT COMMIT

writes codegen/tests/vendor/tencent-dts-<version>-client-errors.go for
v20180330 and v20211206. The importer reads this file and a full
client.go alike (`sdkgen import tencent ... --action-errors FILE`).
"""
import pathlib
import re
import sys

FUNC = re.compile(r"^func \(c \*Client\) ([A-Za-z0-9]+)\(request \*[A-Za-z0-9]+Request\)")
CODE = re.compile(r'^//  [A-Z0-9_]+ = "[^"]+"$')
HEAD = "// 可能返回的错误码:"

checkout, commit = pathlib.Path(sys.argv[1]), sys.argv[2]
out_dir = pathlib.Path(__file__).resolve().parent.parent / "codegen/tests/vendor"
out_dir.mkdir(parents=True, exist_ok=True)
for version in ["v20180330", "v20211206"]:
    source = checkout / f"tencentcloud/dts/{version}/client.go"
    kept = [
        f"// Extract of github.com/TencentCloud/tencentcloud-sdk-go@{commit}",
        f"// tencentcloud/dts/{version}/client.go (Apache-2.0): the error codes each",
        "// action may return, by scripts/extract-tencent-go-errors.py.",
    ]
    block = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line == HEAD:
            block = [line]
        elif block and CODE.match(line):
            block.append(line)
        elif m := FUNC.match(line):
            kept.extend(block)
            kept.append(line.split(" {")[0] + " {}")
            block = []
        elif not line.startswith("//"):
            block = []
    target = out_dir / f"tencent-dts-{version}-client-errors.go"
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{target}: {sum(1 for k in kept if k.startswith('func'))} actions")
