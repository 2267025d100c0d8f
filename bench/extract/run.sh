#!/usr/bin/env bash
# Side by side: Cairn's IOC scanner against iocsearcher, ioc-finder and iocextract (Python, in
# bench/.venv-extract) on the same report-like files, single thread, medians of RUNS runs.
# Usage: bench/extract/run.sh [MB]   (default 4 MB for the peers; Cairn also runs on 20 MB)
# Also prints Cairn's full extraction (IOCs + entities + relations) on the 20 MB corpus, with
# Cairn's own tables and with the ATT&CK Enterprise lexicon (issue 4 target: >= 50 MB/s, no file
# slower than 2x the average cost per byte).
# iocextract (refang=True) runs at about 0.01 MB/s: 3 runs on 4 MB take ~15 minutes.
source "$(dirname "$0")/../lib.sh"
MB="${1:-4}"
RUNS="${RUNS:-3}"
# Cairn is cheap to repeat: more runs steady its median on a shared machine.
CAIRN_RUNS="${CAIRN_RUNS:-15}"
# iocextract imports `requests` without declaring it.
PY=$(venv extract iocsearcher ioc-finder iocextract requests)
CORPUS="$OUT/extract-corpus"
BIG="$OUT/extract-corpus-20mb"

(cd "$REPO" && cargo bench -q -p extract --bench ioc_files --no-run) 2>"$OUT/extract-build.log" \
    || { cat "$OUT/extract-build.log" >&2; exit 1; }
ioc_files() { (cd "$REPO" && cargo bench -q -p extract --bench ioc_files -- "$@") 2>>"$OUT/extract-build.log"; }

[ -d "$CORPUS" ] || ioc_files write "$CORPUS" "$MB" >&2
[ -d "$BIG" ] || ioc_files write "$BIG" 20 >&2
FILES=("$CORPUS"/report-*.txt)
BYTES=$(cat "${FILES[@]}" | wc -c)
echo "input: ${#FILES[@]} files, $BYTES bytes (MISP galaxy descriptions + generated IOC tables); $RUNS runs, medians" >&2

peer() { # NAME: prints median seconds over all files
    for _ in $(seq "$RUNS"); do
        "$PY" - "$1" "${FILES[@]}" <<'PY'
import sys, time
name, files = sys.argv[1], sys.argv[2:]
texts = [open(f, encoding="utf-8").read() for f in files]
if name == "iocsearcher":
    from iocsearcher.searcher import Searcher
    s = Searcher()
    run = lambda t: s.search_data(t)
elif name == "ioc-finder":
    from ioc_finder import find_iocs
    run = lambda t: find_iocs(t)
else:
    import iocextract
    run = lambda t: list(iocextract.extract_iocs(t, refang=True))
t0 = time.perf_counter()
for t in texts:
    run(t)
print(time.perf_counter() - t0)
PY
    done | median
}

read -r _ rs_small worst_small n_small <<<"$(RUNS=$CAIRN_RUNS ioc_files scan "${FILES[@]}")"
read -r big_bytes rs_big worst_big n_big <<<"$(RUNS=5 ioc_files scan "$BIG"/report-*.txt)"
printf "%-12s %10s %10s\n" tool "MB/s" "vs cairn"
cairn_mbs=$(awk -v b="$BYTES" -v s="$rs_small" 'BEGIN {printf "%.1f", b / s / 1048576}')
printf "%-12s %10s %10s   (%s IOCs; worst file %.2fx the average cost per byte)\n" cairn "$cairn_mbs" 1 "$n_small" "$worst_small"
awk -v b="$big_bytes" -v s="$rs_big" -v w="$worst_big" -v n="$n_big" 'BEGIN {printf "%-12s %10.1f %10s   (20 MB corpus, %s IOCs; worst file %.2fx)\n", "cairn-20mb", b / s / 1048576, "", n, w}'
for lex in builtin attack; do
    read -r fb fs fw fn <<<"$(RUNS=5 LEXICON=$lex ioc_files full "$BIG"/report-*.txt)"
    awk -v b="$fb" -v s="$fs" -v w="$fw" -v n="$fn" -v l="$lex" 'BEGIN {printf "%-12s %10.1f %10s   (full extraction, %s lexicon, 20 MB corpus, %s findings; worst file %.2fx)\n", "cairn-full", b / s / 1048576, "", l, n, w}'
done
for p in iocsearcher ioc-finder iocextract; do
    t=$(peer "$p")
    awk -v p="$p" -v b="$BYTES" -v s="$t" -v c="$rs_small" 'BEGIN {printf "%-12s %10.2f %9.0fx slower\n", p, b / s / 1048576, s / c}'
done
