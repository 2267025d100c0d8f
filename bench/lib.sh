# Shared helpers for the side-by-side benchmark scripts (sourced, not run).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
SHARED="${CAIRN_SHARED:-$REPO/../shared}"
OUT="$BENCH_DIR/out"
mkdir -p "$OUT"

# venv NAME PACKAGE...: a Python venv under bench/ with the peers installed (idempotent).
venv() {
    local dir="$BENCH_DIR/.venv-$1"; shift
    if [ ! -x "$dir/bin/python" ]; then
        python3 -m venv "$dir"
    fi
    "$dir/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
    echo "$dir/bin/python"
}

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

cairn_release() {
    (cd "$REPO" && cargo build --release --locked -q -p cli) >&2
    echo "$REPO/target/release/cairn"
}
