#!/usr/bin/env bash
# Side by side: `cairn validate` against the Python stix2-validator on the same STIX files.
# Usage: bench/stix/run.sh [OBJECTS]   (default 2000 objects of ATT&CK Enterprise; runs: 5)
source "$(dirname "$0")/../lib.sh"
N="${1:-2000}"
RUNS="${RUNS:-5}"
PY=$(venv stix stix2-validator)
CAIRN=$(cairn_release)

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

echo "input: $SUBSET ($N objects), $RUNS runs each, medians" >&2
py_times=$(for _ in $(seq "$RUNS"); do
    "$PY" - "$SUBSET" <<'PY'
import sys, time
from stix2validator import validate_file, ValidationOptions
opts = ValidationOptions(version="2.1")
t = time.perf_counter(); validate_file(sys.argv[1], opts); print(time.perf_counter() - t)
PY
done | median)
rs_times=$(for _ in $(seq "$RUNS"); do
    s=$(date +%s.%N); "$CAIRN" validate -q "$SUBSET" >/dev/null || true; e=$(date +%s.%N)
    echo "$e - $s" | bc -l
done | median)
awk -v n="$N" -v py="$py_times" -v rs="$rs_times" 'BEGIN {
    printf "stix2-validator: %.3f s  (%.1f us/object)\n", py, py / n * 1e6
    printf "cairn validate:  %.3f s  (%.1f us/object, whole process)\n", rs, rs / n * 1e6
    printf "ratio: %.0fx\n", py / rs
}'
