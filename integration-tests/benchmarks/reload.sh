#!/usr/bin/env bash
# Issue 22's reload figure: a 100-rule policy saved while `rewire score` scores a steady stream and
# while `rewire serve` is under wrk load, timed from the save to the first record or response decided
# by the new policy (python/reload_latency.py says how). Results: target/results/reload.json.
#   integration-tests/benchmarks/reload.sh        # about 2 minutes; serve needs wrk (apt-get install wrk)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target/results"
work="$here/target/reload"
rm -rf "$work"; mkdir -p "$out" "$work"
[ -d "$root/runtime/dist/target/rewire/lib" ] || (cd "$root" && mvn -q -B -DskipTests install)
rm -f "$out/reload.json"
python3 "$here/python/reload_latency.py" score "$root" "$work" "$out/reload.json" "${RELOADS:-5}"
command -v wrk >/dev/null && python3 "$here/python/reload_latency.py" serve "$root" "$work" "$out/reload.json" "${RELOADS:-5}"
cat "$out/reload.json"
