#!/usr/bin/env bash
# Hunt benchmark: generated Zeek + Suricata EVE logs with planted hits, 1,000,000 indicators,
# `cairn hunt` side by side with `rg -F -f indicators.txt` on the same files.
#
#   bench/hunt/run.sh [SIZE] [INDICATORS] [PLANTED]      (defaults: 2G 1000000 10000)
#
# Environment: DIR (scratch directory, default /tmp/cairn-hunt-bench), CAIRN (a prebuilt cairn
# binary; default: cargo build --release -p cli), SEED (default 1), SKIP_RG=1 to skip ripgrep,
# RUNS (Cairn runs, default 5: the medians are reported; ripgrep runs once).
# Reports wall MB/s, MB per CPU-second (robust when other jobs share the machine), peak RSS,
# the matching rate Cairn prints (indicators already compiled), hits, recall on the planted hits
# and false hits, for both tools.
set -euo pipefail

SIZE=${1:-2G}
INDICATORS=${2:-1000000}
PLANTED=${3:-10000}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
DIR=${DIR:-/tmp/cairn-hunt-bench}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2" >&2; apt-get install -y "$2" >/dev/null; }; }
[ -x /usr/bin/time ] || { echo "installing time" >&2; apt-get install -y time >/dev/null; }
[ -n "${SKIP_RG:-}" ] || need rg ripgrep

cargo build --release -q -p hunt --example loggen --manifest-path "$ROOT/Cargo.toml"
LOGGEN=$CARGO_TARGET_DIR/release/examples/loggen
if [ -z "${CAIRN:-}" ]; then
    cargo build --release -q -p cli --manifest-path "$ROOT/Cargo.toml"
    CAIRN=$CARGO_TARGET_DIR/release/cairn
fi

rm -rf "$DIR"
mkdir -p "$DIR"
echo "== generating $SIZE of logs, $INDICATORS indicators, $PLANTED planted hits in $DIR"
"$LOGGEN" "$DIR" "$SIZE" "$SEED" "$INDICATORS" "$PLANTED"
cd "$DIR"
LOGS="conn.log dns.log http.log ssl.log files.log eve.json"
BYTES=$(cat $LOGS | wc -c)
cat $LOGS indicators.txt >/dev/null   # warm the page cache for both tools

measure() { # name, output, command...: prints "wall user sys rss_kb"
    local name=$1 out=$2
    shift 2
    /usr/bin/time -v -o "$name.time" "$@" >"$out" 2>"$name.stderr" || true
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; w=s}
        /User time/ {u=$2} /System time/ {y=$2} /Maximum resident/ {r=$2}
        END {print w, u, y, r}' "$name.time"
}

report() { # name, then lines of "wall user sys rss_kb [matching_s]" on stdin: medians
    python3 -c '
import statistics, sys
name, size = sys.argv[1], int(sys.argv[2])
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
med = lambda k: statistics.median(r[k] for r in rows)
wall, cpu, rss = med(0), statistics.median(r[1] + r[2] for r in rows), med(3)
line = f"{name:8} wall {wall:8.2f} s  {size/1e6/max(wall,1e-9):8.1f} MB/s   cpu {cpu:8.2f} s  {size/1e6/max(cpu,1e-9):8.1f} MB/cpu-s   peak RSS {rss/1024:8.1f} MB"
if all(len(r) > 4 for r in rows):
    m = sorted(size / 1e6 / r[4] for r in rows)
    line += f"\n{name:8} matching {size/1e6/med(4):8.1f} MB/s (median of {len(rows)}; min {m[0]:.1f}, max {m[-1]:.1f})"
print(line)
' "$1" "$BYTES"
}

echo "== cairn hunt ($CAIRN), $RUNS runs"
for _ in $(seq "$RUNS"); do
    read -r wall user sys rss <<<"$(measure cairn hits.jsonl "$CAIRN" hunt --indicators indicators.txt $LOGS)"
    matching=$(grep -o 'bytes in [0-9.]* s' cairn.stderr | awk '{print $3}')
    echo "$wall $user $sys $rss $matching"
done | report cairn
tail -1 cairn.stderr
if [ -z "${SKIP_RG:-}" ]; then
    echo "== rg -F -f indicators.txt"
    measure rg rg.out rg -F -n --no-heading --with-filename -f indicators.txt $LOGS | report rg
fi

python3 - <<'PY'
import json, os
planted = [json.loads(l) for l in open("planted.jsonl")]
want = {(p["file"], p["line"], p["matched"]) for p in planted}
got = set()
n = 0
for l in open("hits.jsonl"):
    h = json.loads(l)
    n += 1
    got.add((h["file"], h["line"], h["matched"]))
found = len(want & got)
print(f"cairn    hits {n:9}  recall {found}/{len(want)} = {100*found/max(len(want),1):.2f}%  false hits {len(got - want)}")
if os.path.exists("rg.out"):
    lines = set()
    for l in open("rg.out", errors="replace"):
        parts = l.split(":", 2)
        if len(parts) >= 2 and parts[1].isdigit():
            lines.add((parts[0], int(parts[1])))
    want_lines = {(f, ln) for f, ln, _ in want}
    found = len(want_lines & lines)
    print(f"rg       lines {len(lines):8}  recall {found}/{len(want_lines)} = {100*found/max(len(want_lines),1):.2f}%  lines not planted {len(lines - want_lines)}")
PY
