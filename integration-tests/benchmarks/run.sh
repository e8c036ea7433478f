#!/usr/bin/env bash
# Rewire benchmarks: JMH on the hot paths, then an end-to-end throughput run; every figure is
# reported against a baseline measured in the same run. Results land in
# integration-tests/benchmarks/target/results/ (JMH JSON, end-to-end JSON, text summary).
#   integration-tests/benchmarks/run.sh            # everything (about 5 minutes on 2 cores)
#   integration-tests/benchmarks/run.sh e2e        # the end-to-end run only
#   integration-tests/benchmarks/run.sh REGEX      # only the JMH benchmarks matching REGEX (e.g. PolicyReload)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target/results"
mkdir -p "$out"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rewire/djl}"

if [ ! -f "$here/target/classes/dev/rewire/bench/ScorerBenchmark.class" ] || [ ! -d "$root/runtime/dist/target/rewire/lib" ]; then
  (cd "$root" && mvn -q -B -DskipTests install)
fi
(cd "$here" && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"

what="${1:-all}"
if [ "$what" != e2e ]; then
  java -Drewire.root="$root" -cp "$cp" org.openjdk.jmh.Main -rf json -rff "$out/jmh.json" \
    -jvmArgsAppend "-Drewire.root=$root -DDJL_CACHE_DIR=$DJL_CACHE_DIR" $([ "$what" = all ] || echo "$what") \
    | tee "$out/jmh.txt"
  [ "$what" = all ] || exit 0
fi

# End to end: a larger example from the same generator (fixed seed), scored by the distribution.
data="$here/target/e2e"
mkdir -p "$data"
java "$root/examples/GenerateSamples.java" 2000 "$data" 2>/dev/null
lines=$(wc -l < "$data/samples.jsonl")
java -cp "$cp" dev.rewire.bench.CopyBaseline "$data/samples.jsonl" "$data/baseline.jsonl" | tee "$data/baseline.txt"
"$root/rewire" score --in "$data/samples.jsonl" --out "$data/scored.jsonl" 2> "$data/score.txt"
cat "$data/score.txt"
base=$(sed -E 's/.* ([0-9]+) records\/s/\1/' "$data/baseline.txt")
rate=$(grep -oE '[0-9]+ records/s' "$data/score.txt" | grep -oE '[0-9]+')
start=$(grep -oE 'start [0-9.]+ s' "$data/score.txt" | grep -oE '[0-9.]+')
ratio=$(awk -v a="$rate" -v b="$base" 'BEGIN { printf "%.3f", a / b }')
printf '{"samples": %d, "rewire_records_per_s": %s, "baseline_records_per_s": %s, "ratio": %s, "start_s": %s}\n' \
  "$lines" "$rate" "$base" "$ratio" "$start" | tee "$out/e2e.json"
echo "rewire score runs at $ratio x the decode-and-write baseline on $lines samples (start-up excluded)"
