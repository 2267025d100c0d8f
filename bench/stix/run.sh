#!/usr/bin/env bash
# Side by side: Cairn's STIX parse + validate against the Python stix2-validator, on the same file,
# both timed in process (no interpreter or process start-up in either figure).
# Usage: bench/stix/run.sh [OBJECTS]   (default: the first 2000 objects of ATT&CK Enterprise)
source "$(dirname "$0")/../lib.sh"
N="${1:-2000}"
RUNS="${RUNS:-5}"
PY=$(venv stix stix2-validator)

# The same input for both: the first N objects of ATT&CK Enterprise as one bundle.
SUBSET="$OUT/attack-subset-$N.json"
if [ ! -f "$SUBSET" ]; then
    "$PY" - "$SHARED/data/mitre-attack/enterprise-attack-18.1.json.gz" "$N" "$SUBSET" <<'PY'
import gzip, json, sys
bundle = json.load(gzip.open(sys.argv[1]))
bundle["objects"] = bundle["objects"][: int(sys.argv[2])]
json.dump(bundle, open(sys.argv[3], "w"))
PY
fi

echo "input: $SUBSET ($N objects); median of $RUNS runs each" >&2
py=$(for _ in $(seq "$RUNS"); do
    "$PY" - "$SUBSET" <<'PY'
import sys, time
from stix2validator import validate_file, ValidationOptions
opts = ValidationOptions(version="2.1")
t = time.perf_counter(); validate_file(sys.argv[1], opts); print(time.perf_counter() - t)
PY
done | median)
rs=$(cd "$REPO" && cargo run --release --locked -q -p stix --example validate_timing -- "$SUBSET" "$RUNS" | cut -d' ' -f1)
awk -v n="$N" -v py="$py" -v rs="$rs" 'BEGIN {
    printf "stix2-validator: %8.3f s  %9.1f us/object\n", py, py / n * 1e6
    printf "cairn (stix):    %8.3f s  %9.1f us/object\n", rs, rs / n * 1e6
    printf "ratio: %.0fx faster per object\n", py / rs
}'
