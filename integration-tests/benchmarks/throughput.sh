#!/usr/bin/env bash
# Issue 13's benchmark: `rewire score` against a hand-written single-pass Java program (the yardstick,
# dev.rewire.bench.singlepass.SinglePassBaseline, which uses nothing of Rewire's) and a plain TRL-style
# Python reward loop (python/trl_reward_loop.py), all three computing the same rewards on the same
# scaled example (examples/GenerateSamples.java, fixed seed: 16,600 prompts per domain = 298,644
# samples). Runs alternate (ROUNDS rounds of baseline, rewire, python) so that a busy neighbour on the
# machine hits all three alike; figures are medians over the rounds.
#
# Reported per program: records/s as the program reports it (start-up excluded: rewire's summary line,
# the others time from main), records/s over the whole wall time, start-up (rewire's `start X s`), time
# to the first record in the output file (polled every 5 ms; all three flush once per batch), CPU
# seconds per record (user + system of the process, every thread, from wait4), and for the two JVM
# programs allocation per record from one more run each under JFR (alloc.jfc: the sum
# of jdk.ObjectAllocationSample weights, each the bytes its thread allocated since its previous sample,
# cross-checked by the per-thread counters of jdk.ThreadAllocationStatistics). Agreement is checked
# with dev.rewire.bench.CompareScored: baseline vs rewire must agree on every record (strict: rewards,
# advantages, terms, rules, verdicts, observations); python vs rewire is reported.
#
# Results: target/results/throughput.json and throughput.txt. Exit status 1 when the baseline and
# rewire disagree.
#   integration-tests/benchmarks/throughput.sh                 # about 6-8 minutes on 2 cores
#   ROUNDS=1 PROMPTS=2000 integration-tests/benchmarks/throughput.sh   # a quick look
# Environment: ROUNDS (3), PROMPTS (16600 per domain), JAVA_OPTS (passed to ./rewire only),
# BEFORE (the ./rewire launcher of another checkout, e.g. a git worktree of an earlier commit, built
# there: it joins each round as "rewire (before)", so a change is measured against its parent in one run).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target/results"
data="$here/target/throughput"
rounds="${ROUNDS:-3}"
prompts="${PROMPTS:-16600}"
mkdir -p "$out" "$data"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rewire/djl}"

# ------------------------------------------------------------------ build (as run.sh)
mvn_() { (cd "$root" && { mvn -o -q -B "$@" || mvn -q -B "$@"; }); }
if [ ! -d "$root/runtime/dist/target/rewire/lib" ]; then
  mvn_ -DskipTests install
fi
stale=$(find "$here/src" "$here/pom.xml" -newer "$here/target/classes/dev/rewire/bench/singlepass/SinglePassBaseline.class" \
  2>/dev/null | head -1 || true)
if [ ! -f "$here/target/classes/dev/rewire/bench/singlepass/SinglePassBaseline.class" ] || [ -n "$stale" ]; then
  mvn_ compile -pl integration-tests/benchmarks
fi
if [ ! -s "$here/target/classpath.txt" ] || [ "$here/pom.xml" -nt "$here/target/classpath.txt" ]; then
  mvn_ dependency:build-classpath -pl integration-tests/benchmarks -Dmdep.outputFile="$here/target/classpath.txt"
fi
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"

# ------------------------------------------------------------------ the scaled example
samples="$data/samples.jsonl"
if [ ! -s "$samples" ] || [ "$(cat "$data/prompts" 2>/dev/null)" != "$prompts" ]; then
  java "$root/examples/GenerateSamples.java" "$prompts" "$data" >/dev/null 2>&1
  echo "$prompts" > "$data/prompts"
fi
lines=$(grep -c . "$samples")
echo "throughput: $lines samples ($prompts prompts per domain), $rounds rounds on $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------ first use
# What a first use leaves behind (the class-data sharing archive, the compiled policy in its cache) is
# made here, outside the measured runs: the figures are those of every later run.
"$root/rewire" bundles >/dev/null 2>&1 || true
[ -z "${BEFORE:-}" ] || "$BEFORE" bundles >/dev/null 2>&1 || true

# ------------------------------------------------------------------ alternated runs
measure() { # NAME ROUND OUTPUT -- COMMAND...
  local name=$1 round=$2 output=$3
  shift 4
  python3 "$here/python/measure.py" "$output" "$data/$name-$round.json" "$data/$name-$round.err" -- "$@" || {
    echo "throughput: $name (round $round) failed; its output:" >&2
    tail -20 "$data/$name-$round.err" >&2
    exit 2
  }
}
rate() { grep -oE '[0-9]+ records/s' "$data/$1-$round.err" | tail -1; }
rm -f "$data"/baseline-*.json "$data"/rewire-*.json "$data"/python-*.json "$data"/before-*.json
for round in $(seq 1 "$rounds"); do
  measure baseline "$round" "$data/baseline.jsonl" -- java -cp "$cp" dev.rewire.bench.singlepass.SinglePassBaseline \
    "$samples" "$data/baseline.jsonl" "$root/runtime/dist/target/rewire/policy"
  measure rewire "$round" "$data/rewire.jsonl" -- "$root/rewire" score --in "$samples" --out "$data/rewire.jsonl"
  if [ -n "${BEFORE:-}" ]; then
    measure before "$round" "$data/before.jsonl" -- "$BEFORE" score --in "$samples" --out "$data/before.jsonl"
  fi
  measure python "$round" "$data/python.jsonl" -- python3 "$here/python/trl_reward_loop.py" "$samples" "$data/python.jsonl"
  echo "throughput: round $round: baseline $(rate baseline) | rewire $(rate rewire) | python $(rate python)${BEFORE:+ | before $(rate before)}"
done

# ------------------------------------------------------------------ allocation (one JFR run each)
jfr_opts() { echo "-XX:StartFlightRecording=filename=$1,settings=$here/alloc.jfc,dumponexit=true"; }
measure baseline alloc "$data/alloc-baseline.jsonl" -- java "$(jfr_opts "$data/baseline.jfr")" -cp "$cp" \
  dev.rewire.bench.singlepass.SinglePassBaseline "$samples" "$data/alloc-baseline.jsonl" "$root/runtime/dist/target/rewire/policy"
JAVA_OPTS="${JAVA_OPTS:-} $(jfr_opts "$data/rewire.jfr")" \
  measure rewire alloc "$data/alloc-rewire.jsonl" -- "$root/rewire" score --in "$samples" --out "$data/alloc-rewire.jsonl"
if [ -n "${BEFORE:-}" ]; then
  JAVA_OPTS="${JAVA_OPTS:-} $(jfr_opts "$data/before.jfr")" \
    measure before alloc "$data/alloc-before.jsonl" -- "$BEFORE" score --in "$samples" --out "$data/alloc-before.jsonl"
fi
for p in baseline rewire ${BEFORE:+before}; do
  jfr print --json --events jdk.ObjectAllocationSample,jdk.ThreadAllocationStatistics "$data/$p.jfr" > "$data/$p-alloc.json"
done

# ------------------------------------------------------------------ agreement
status=0
java -cp "$cp" dev.rewire.bench.CompareScored "$data/rewire.jsonl" "$data/baseline.jsonl" --strict \
  > "$data/compare-baseline.txt" || status=1
java -cp "$cp" dev.rewire.bench.CompareScored "$data/rewire.jsonl" "$data/python.jsonl" \
  > "$data/compare-python.txt" || true
if [ -n "${BEFORE:-}" ]; then
  # a rework must not move a record: every field, provenance included (but the policy folder's hash,
  # which covers policy files scoring never reads, such as pairs.drl)
  java -cp "$cp" dev.rewire.bench.CompareScored "$data/before.jsonl" "$data/rewire.jsonl" --strict --policy-hash-may-differ \
    > "$data/compare-before.txt" || status=1
fi

python3 "$here/python/throughput_report.py" "$data" "$out" "$rounds" "$lines"
[ "$status" = 0 ] || echo "throughput: the single-pass baseline and rewire DISAGREE (see $data/compare-baseline.txt)" >&2
exit "$status"
