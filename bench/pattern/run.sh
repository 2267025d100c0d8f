#!/usr/bin/env bash
# Pattern evaluation, side by side: Cairn's `pattern` crate vs the Python reference stix2-matcher,
# over the match/nomatch cases of shared/conformance/pattern-matcher-cases.json.
# Usage: bench/pattern/run.sh [RUNS]   (prints each run and the median ratio)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cases="$repo/../shared/conformance/pattern-matcher-cases.json"
runs=${1:-5}
venv="$repo/bench/.venv-pattern"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet stix2-matcher
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
cargo build --quiet --release -p pattern --example conformance_bench
rust_bin="$CARGO_TARGET_DIR/release/examples/conformance_bench"
ratios_full=(); ratios_pre=(); ratios_case=()
for i in $(seq "$runs"); do
  py=$("$venv/bin/python" "$here/reference.py" "$cases" 3)
  rs=$("$rust_bin" "$cases" 50)
  read -r rf rp rc summary < <(python3 -c 'import json,statistics,sys; p=json.loads(sys.argv[1]); r=json.loads(sys.argv[2])
rc = statistics.median(a / max(b, 1) for a, b in zip(p["per_case_ns"], r["per_case_ns"]))
print(p["ns_per_eval_incl_parse"]/r["ns_per_eval_incl_parse"], p["ns_per_eval_precompiled"]/r["ns_per_eval_precompiled"], rc,
      "python=%dns/%dns rust=%dns/%dns (mean per evaluation incl. parse / precompiled)" % (p["ns_per_eval_incl_parse"], p["ns_per_eval_precompiled"], r["ns_per_eval_incl_parse"], r["ns_per_eval_precompiled"]))' "$py" "$rs")
  echo "run $i: $summary; median per-case ratio ${rc}x"
  ratios_full+=("$rf"); ratios_pre+=("$rp"); ratios_case+=("$rc")
done
python3 - "${ratios_full[*]}" "${ratios_pre[*]}" "${ratios_case[*]}" <<'PY'
import statistics, sys
full, pre, case = ([float(x) for x in a.split()] for a in sys.argv[1:4])
print(f"median over {len(full)} runs, speed-up vs stix2-matcher: {statistics.median(full):.0f}x on the mean time per "
      f"evaluation including parse, {statistics.median(pre):.0f}x precompiled, {statistics.median(case):.0f}x "
      f"median per-case ratio (target >= 100x)")
PY
