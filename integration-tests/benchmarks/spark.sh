#!/usr/bin/env bash
# Issue 23's measurement: `rewire score` against the same input scored by the Spark job at local[1] and
# local[2] (the driver JVM is the executor, so nothing but the job's own cost is measured), alternated
# ROUNDS times. Reported per mode: wall time (the whole command, JVM starts included), records/s over
# it, the fixed cost (the same command on one prompt's group: JVMs, Spark's context, the host start),
# peak RSS of the process tree's largest JVM (GNU time's maximum resident set), and whether the records
# equal the local run's byte for byte. The scaled example (examples/GenerateSamples.java, fixed seed).
# Results: target/results/spark.json and spark.txt.
#   integration-tests/benchmarks/spark.sh                      # 300k samples: about 10 minutes on 2 cores
#   PROMPTS=556000 MODES="local[2]" ROUNDS=1 DRIVER_MEMORY=3g integration-tests/benchmarks/spark.sh   # 10M
# Environment: ROUNDS (1), PROMPTS (16600 per domain = 298,644 samples), MODES ("local local[1] local[2]"),
# DRIVER_MEMORY (the local[N] JVM's heap, driver and executor in one; default 2g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target/results"
data="$here/target/spark"
rounds="${ROUNDS:-1}"
prompts="${PROMPTS:-16600}"
modes="${MODES:-local local[1] local[2]}"
mkdir -p "$out" "$data"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rewire/djl}"
samples="$data/samples.jsonl"
if [ ! -s "$samples" ] || [ "$(cat "$data/prompts" 2>/dev/null)" != "$prompts" ]; then
  java "$root/examples/GenerateSamples.java" "$prompts" "$data" >/dev/null 2>&1
  echo "$prompts" > "$data/prompts"
fi
head -n 8 "$samples" > "$data/one-group.jsonl"
lines=$(grep -c . "$samples")
echo "spark: $lines samples, modes: $modes, $rounds round(s) on $(nproc) cores"

run() { # mode input output -> "wall_s max_rss_kb" (the rewire script may exit non-zero: time then says so on a line before)
  local mode="$1" in="$2" o="$3" t="$data/time.txt"
  rm -rf "$o"
  if [ "$mode" = local ]; then
    /usr/bin/time -f "%e %M" -o "$t" "$root/rewire" score --in "$in" --out "$o" 2>"$data/$mode.log" >/dev/null || true
  else
    /usr/bin/time -f "%e %M" -o "$t" "$root/rewire" spark score --master "$mode" --driver-memory "${DRIVER_MEMORY:-2g}" \
      --in "$in" --out "$o" 2>"$data/$mode.log" >/dev/null || true
  fi
  grep -E '^[0-9.]+ [0-9]+$' "$t" | tail -1
}
"$root/rewire" bundles >/dev/null 2>&1 || true   # first use: the build and the class-data archive
results=()
for mode in $modes; do
  read -r fixed _ < <(run "$mode" "$data/one-group.jsonl" "$data/one-$mode.jsonl")
  for round in $(seq "$rounds"); do
    read -r wall rss < <(run "$mode" "$samples" "$data/out-$mode.jsonl")
    same=true
    if [ "$mode" != local ]; then cmp -s "$data/out-local.jsonl" "$data/out-$mode.jsonl" || same=false; fi
    [ -f "$data/out-local.jsonl" ] || same=unknown
    records=$(grep -c . "$data/out-$mode.jsonl" || echo 0)
    echo "  $mode round $round: $records records in $wall s ($(python3 -c "print(round($records/$wall))") records/s), fixed cost $fixed s, peak RSS $((rss/1024)) MB, records equal to local: $same"
    results+=("{\"mode\":\"$mode\",\"round\":$round,\"records\":$records,\"wall_s\":$wall,\"fixed_s\":$fixed,\"peak_rss_mb\":$((rss/1024)),\"equal_to_local\":\"$same\"}")
  done
done
printf '{"samples":%s,"cores":%s,"runs":[%s]}\n' "$lines" "$(nproc)" "$(IFS=,; echo "${results[*]}")" > "$out/spark.json"
python3 - "$out/spark.json" > "$out/spark.txt" <<'PY'
import json, sys, statistics
d = json.load(open(sys.argv[1]))
by = {}
for r in d["runs"]:
    by.setdefault(r["mode"], []).append(r)
base = statistics.median(r["wall_s"] for r in by.get("local", [])) if "local" in by else None
print(f'{d["samples"]} samples on {d["cores"]} cores (median of rounds)')
print("| mode | wall s | records/s | vs local | fixed cost s | peak RSS MB | records equal |")
print("|---|---|---|---|---|---|---|")
for mode, runs in by.items():
    wall = statistics.median(r["wall_s"] for r in runs)
    rec = runs[0]["records"]
    ratio = f"{base / wall:.2f}x" if base else "-"
    print(f'| {mode} | {wall:.1f} | {rec / wall:,.0f} | {ratio} | {runs[0]["fixed_s"]} | {max(r["peak_rss_mb"] for r in runs)} | {runs[0]["equal_to_local"]} |')
PY
cat "$out/spark.txt"
