#!/usr/bin/env bash
# Issue 22's warm-up figure: records written per second of a `rewire score` run on the scaled example
# (as throughput.sh makes it), second by second from the launch, beside the single-pass baseline and,
# with BEFORE=<another checkout's ./rewire>, an earlier build in the same run. Writes
# target/results/warmup.json and warmup.html (an SVG chart); needs throughput.sh to have run once
# (its build, its classpath and its samples).
#   integration-tests/benchmarks/warmup.sh
#   BEFORE=/path/to/old/checkout/rewire integration-tests/benchmarks/warmup.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target/results"
data="$here/target/throughput"
samples="$data/samples.jsonl"
[ -s "$samples" ] && [ -s "$here/target/classpath.txt" ] || { echo "warmup: run throughput.sh first" >&2; exit 2; }
mkdir -p "$out"
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
w="python3 $here/python/warmup.py"
"$root/rewire" bundles >/dev/null 2>&1 || true
$w record "single-pass Java" "$data/warm-baseline.jsonl" "$data/warm-baseline.json" -- \
  java -cp "$cp" dev.rewire.bench.singlepass.SinglePassBaseline "$samples" "$data/warm-baseline.jsonl" \
  "$root/runtime/dist/target/rewire/policy"
$w record "rewire score" "$data/warm-rewire.jsonl" "$data/warm-rewire.json" -- \
  "$root/rewire" score --in "$samples" --out "$data/warm-rewire.jsonl"
files=("$data/warm-baseline.json" "$data/warm-rewire.json")
if [ -n "${BEFORE:-}" ]; then
  "$BEFORE" bundles >/dev/null 2>&1 || true
  $w record "rewire (before)" "$data/warm-before.jsonl" "$data/warm-before.json" -- \
    "$BEFORE" score --in "$samples" --out "$data/warm-before.jsonl"
  files+=("$data/warm-before.json")
fi
$w report "$out" "${files[@]}"
echo "warmup: $out/warmup.html"
