#!/usr/bin/env bash
# rewire serve benchmark, every figure from one run on this machine: single-sample OpenRLHF
# requests (POST /get_reward) at 16 and 64 connections (wrk), latency at a fixed 2,000 requests/s
# (hey), and POST /v1/score throughput as a ratio of `rewire score` on the same samples.
# Load goes to 127.0.0.1 only, for a fixed duration. Results: target/results/serve.json.
#   integration-tests/benchmarks/serve.sh          (about 3 minutes; needs wrk and hey: apt-get install wrk hey)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target/results"
data="$here/target/serve"
mkdir -p "$out" "$data"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rewire/djl}"
for tool in wrk hey python3; do
  command -v "$tool" >/dev/null || { echo "serve.sh needs $tool (apt-get install wrk hey)" >&2; exit 2; }
done
duration="${DURATION:-20s}"
port="${PORT:-18791}"

# Samples: the example generator at a larger size (fixed seed), as bodies of each protocol.
[ -f "$data/samples.jsonl" ] || java "$root/examples/GenerateSamples.java" 2000 "$data" >/dev/null 2>&1
python3 - "$data" <<'PY'
import json, sys
d = sys.argv[1]
samples = [json.loads(l) for l in open(f"{d}/samples.jsonl")]
with open(f"{d}/openrlhf.txt", "w") as f:          # one sample per request, as OpenRLHF sends them
    for s in samples[:20000]:
        f.write(json.dumps({"query": [s["prompt"] + s["completion"]], "prompts": [s["prompt"]],
                            "labels": [s.get("reference", "")]}) + "\n")
chunks, chunk, last = [], [], None                 # /v1/score: whole groups, up to 256 samples a request
for s in samples:
    if len(chunk) >= 256 and s["prompt_id"] != last:
        chunks.append(chunk); chunk = []
    chunk.append(s); last = s["prompt_id"]
chunks.append(chunk)
with open(f"{d}/native.txt", "w") as f:
    for c in chunks:
        f.write(json.dumps(c) + "\n")
json.dump({"samples_per_request": len(samples) / len(chunks), "samples": len(samples)}, open(f"{d}/native.json", "w"))
PY
cat > "$data/post.lua" <<'LUA'
local bodies, i = {}, 0
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[i])
end
LUA

"$root/rewire" serve --port "$port" --domain math > "$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/ready" >/dev/null; do sleep 0.5; kill -0 $server; done
url="http://127.0.0.1:$port"

wrk_run() { # connections, endpoint, bodies -> "requests_per_s p50_ms p99_ms"
  BODIES="$3" wrk -t2 -c"$1" -d"$duration" --latency -s "$data/post.lua" "$url$2" > "$data/wrk-$1.txt"
  python3 - "$data/wrk-$1.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
ms = lambda s: float(s[:-2]) if s.endswith("ms") else float(s[:-2]) / 1000 if s.endswith("us") else float(s[:-1]) * 1000
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
# anchored: "Req/Sec ... 68.50%" ends in "50%" too
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1)); p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errors.group(1) if errors else 0}")
PY
}
BODIES="$data/openrlhf.txt" wrk -t2 -c16 -d5s -s "$data/post.lua" "$url/get_reward" > /dev/null   # warm-up
read -r rps16 p50_16 p99_16 err16 < <(wrk_run 16 /get_reward "$data/openrlhf.txt")
read -r rps64 p50_64 p99_64 err64 < <(wrk_run 64 /get_reward "$data/openrlhf.txt")
# A fixed offered load: 16 workers x 125 requests/s = 2,000 requests/s.
head -1 "$data/openrlhf.txt" > "$data/one.json"
hey -z "$duration" -c 16 -q 125 -m POST -T application/json -D "$data/one.json" "$url/get_reward" > "$data/hey.txt"
read -r rps2000 p50_2000 p99_2000 < <(python3 - "$data/hey.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p = lambda q: float(re.search(rf"{q}%% in ([\d.]+) secs".replace("%%", "%"), t).group(1)) * 1000
print(f"{rps:.0f} {p(50):.2f} {p(99):.2f}")
PY
)
read -r nrps np50 np99 nerr < <(wrk_run 2 /v1/score "$data/native.txt")
per_request=$(python3 -c "import json; print(json.load(open('$data/native.json'))['samples_per_request'])")
native_rate=$(awk -v r="$nrps" -v n="$per_request" 'BEGIN { printf "%.0f", r * n }')
kill $server; wait $server 2>/dev/null || true
trap - EXIT

"$root/rewire" score --in "$data/samples.jsonl" --out "$data/scored.jsonl" 2> "$data/score.txt"
cli_rate=$(grep -oE '[0-9]+ records/s' "$data/score.txt" | grep -oE '[0-9]+')
ratio=$(awk -v a="$native_rate" -v b="$cli_rate" 'BEGIN { printf "%.2f", a / b }')
cat > "$out/serve.json" <<JSON
{"openrlhf_single_sample": {"c16": {"requests_per_s": $rps16, "p50_ms": $p50_16, "p99_ms": $p99_16, "non_2xx": $err16},
                            "c64": {"requests_per_s": $rps64, "p50_ms": $p50_64, "p99_ms": $p99_64, "non_2xx": $err64},
                            "fixed_2000_per_s": {"requests_per_s": $rps2000, "p50_ms": $p50_2000, "p99_ms": $p99_2000}},
 "native_v1_score": {"samples_per_s": $native_rate, "samples_per_request": $per_request, "p50_ms": $np50, "p99_ms": $np99},
 "rewire_score_records_per_s": $cli_rate, "native_over_cli": $ratio, "duration": "$duration"}
JSON
cat "$out/serve.json"
