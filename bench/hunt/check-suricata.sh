#!/usr/bin/env bash
# Validates `cairn export --format suricata` output with real rule parsers from pip, in a venv
# this script creates: every rule through `suricataparser`, the rules file through
# `suricata-check` (its findings are printed; issues at WARNING or above fail the check), and
# the dataset files against Suricata's documented formats (string: base64 per line; md5, sha1,
# sha256: hex per line; ipv4: dotted quads).
#
#   bench/hunt/check-suricata.sh [INDICATORS]     (default: 2000 generated indicators)
#
# Environment: DIR (scratch, default /tmp/cairn-suricata-check), VENV (default $DIR/venv),
# CAIRN (a prebuilt cairn binary; default: cargo build -p cli).
set -euo pipefail

N=${1:-2000}
DIR=${DIR:-/tmp/cairn-suricata-check}
VENV=${VENV:-$DIR/venv}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

mkdir -p "$DIR"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q suricataparser suricata-check

cargo build -q -p hunt --example loggen --manifest-path "$ROOT/Cargo.toml"
if [ -z "${CAIRN:-}" ]; then
    cargo build -q -p cli --manifest-path "$ROOT/Cargo.toml"
    CAIRN=$CARGO_TARGET_DIR/debug/cairn
fi
"$CARGO_TARGET_DIR/debug/examples/loggen" "$DIR/gen" 1K 7 "$N" 0
# A few hand-written awkward values beside the generated ones.
cat "$DIR/gen/indicators.txt" - > "$DIR/indicators.txt" <<'LIST'
evil-example.co.uk
xn--80ak6aa92e.example
2001:db8:bad::/48
2001:db8:bad::1
http://quote.example/a;b"c|d\e?x=1
phish@evil.example
LIST
rm -rf "$DIR/datasets"
"$CAIRN" export --format suricata --indicators "$DIR/indicators.txt" --dataset-dir "$DIR/datasets" > "$DIR/cairn.rules"

"$VENV/bin/python" - "$DIR/cairn.rules" "$DIR/datasets" <<'PY'
import base64, binascii, ipaddress, os, re, sys
from suricataparser import parse_rule
rules_path, ds_dir = sys.argv[1], sys.argv[2]
bad = 0
total = 0
sids = set()
for n, line in enumerate(open(rules_path), 1):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    total += 1
    rule = parse_rule(line)
    if rule is None:
        bad += 1
        print(f"suricataparser: line {n}: not a rule: {line}")
        continue
    if rule.sid in sids:
        bad += 1
        print(f"line {n}: duplicate sid {rule.sid}")
    sids.add(rule.sid)
print(f"suricataparser: {total - bad}/{total} rules parsed, {len(sids)} distinct sids")
checks = {
    "cairn-domains.lst": lambda v: re.fullmatch(r"[a-z0-9._-]+", base64.b64decode(v, validate=True).decode()) is not None,
    "cairn-ipv4.lst": lambda v: isinstance(ipaddress.ip_address(v), ipaddress.IPv4Address),
    "cairn-md5.lst": lambda v: re.fullmatch(r"[0-9a-f]{32}", v) is not None,
    "cairn-sha1.lst": lambda v: re.fullmatch(r"[0-9a-f]{40}", v) is not None,
    "cairn-sha256.lst": lambda v: re.fullmatch(r"[0-9a-f]{64}", v) is not None,
}
for name in sorted(os.listdir(ds_dir)):
    check = checks.get(name)
    lines = open(os.path.join(ds_dir, name)).read().splitlines()
    wrong = 0
    for v in lines:
        try:
            ok = check is not None and check(v)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            ok = False
        wrong += not ok
    print(f"dataset {name}: {len(lines) - wrong}/{len(lines)} values in Suricata's format")
    bad += wrong
sys.exit(1 if bad else 0)
PY

cd "$DIR"
rm -rf check-out
"$VENV/bin/suricata-check" -r cairn.rules -o check-out --issue-severity INFO >/dev/null 2>check.log || true
echo "suricata-check findings (by code):"
grep -o '^\[[A-Z0-9]*\] ([A-Z]*)' check-out/suricata-check-fast.log | sort | uniq -c || echo "  none"
if grep -qE '^\[[A-Z0-9]+\] \((WARNING|ERROR|CRITICAL)\)' check-out/suricata-check-fast.log; then
    echo "suricata-check: issues at WARNING or above (see $DIR/check-out/suricata-check-fast.log)"
    exit 1
fi
echo "suricata-check: no issues at WARNING or above"
