"""Times stix2-matcher over the match/nomatch cases of the conformance suite (the Python half of
run.sh). Prints one JSON line like the Rust example."""
import json
import sys
import time

from stix2matcher.matcher import Pattern

path, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
cases = [c for c in json.load(open(path))["cases"] if c["expected"] in ("match", "nomatch")]

matched = 0
per_case = [0] * len(cases)
start = time.perf_counter()
for _ in range(n):
    for i, c in enumerate(cases):
        t = time.perf_counter_ns()
        matched += bool(Pattern(c["pattern"], c["stix_version"]).match(c["observed_data"]))
        per_case[i] += time.perf_counter_ns() - t
full = (time.perf_counter() - start) * 1e9 / (n * len(cases))

prepared = [(Pattern(c["pattern"], c["stix_version"]), c["observed_data"]) for c in cases]
start = time.perf_counter()
for _ in range(n):
    for p, data in prepared:
        matched += bool(p.match(data))
pre = (time.perf_counter() - start) * 1e9 / (n * len(cases))
print(json.dumps({"cases": len(cases), "iterations": n, "ns_per_eval_incl_parse": round(full),
                  "ns_per_eval_precompiled": round(pre), "matched": matched, "per_case_ns": [t // n for t in per_case]}))
