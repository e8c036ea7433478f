#!/usr/bin/env python3
"""Policy reload from file save to the first decision by the new policy, in `rewire score` and
under `rewire serve` load.

Usage: reload_latency.py score|serve ROOT WORK_DIR RESULT_JSON [RELOADS]

The policy folder holds the default policy and a generated file of 82 rules of the shapes rule
authors write (routes by a field, weight rules joining a route), 100 rules in all. Each reload saves
the generated file anew (written beside it, then renamed over it, as editors save) with a marker
rule that puts its name on every overlong-penalty route; the latency is the time from that save
to the first record (score) or response (serve) carrying the marker.

score: `rewire score --in -` fed about 4,000 samples/s (the bundled example, cycled with fresh ids)
and followed through its output file. serve: wrk holds 64 connections of single-sample OpenRLHF
requests on `/get_reward` while a probe posts one sample to `/v1/score` every 10 ms.
Both watch the policy folder every 100 ms (--poll-ms 100), so a tenth of a second of each figure,
at most, is the poll.
"""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

GENERATED = 82


def policy_text(marker):
    rules = ["package rewire.policy.generated;",
             "import dev.rewire.framework.policy.SampleFact;",
             "import dev.rewire.framework.policy.Route;", ""]
    for i in range(GENERATED - 1):
        if i % 2 == 0:
            rules.append('rule "route data source %d"\nwhen\n    $s : SampleFact( fields["data_source"] == "set-%d", hasReference )\n'
                         'then\n    insert( new Route( $s.getId(), "exact_match", 1.0, drools.getRule().getName() ) );\nend\n' % (i, i))
        else:
            rules.append('rule "weight source %d"\nwhen\n    $s : SampleFact( source == "vendor-%d" )\n'
                         '    $r : Route( sampleId == $s.id, term == "exact_match" )\nthen\n'
                         '    $r.scale( 0.9, drools.getRule().getName() );\nend\n' % (i, i))
    rules.append('rule "reload marker %d"\nwhen\n    $s : SampleFact( )\n'
                 '    $r : Route( sampleId == $s.id, term == "length_penalty" )\nthen\n'
                 '    $r.scale( 1.0, drools.getRule().getName() );\nend\n' % marker)
    return "\n".join(rules)


def save(policy_dir, marker):
    tmp = os.path.join(policy_dir, ".generated.drl.tmp")
    with open(tmp, "w") as f:
        f.write(policy_text(marker))
    os.replace(tmp, os.path.join(policy_dir, "generated.drl"))
    return time.perf_counter()


def samples(root):
    with open(os.path.join(root, "examples/samples.jsonl")) as f:
        base = [json.loads(line) for line in f if line.strip()]
    cycle = 0
    while True:
        for s in base:
            t = dict(s)
            t["id"] = "%s-c%d" % (s["id"], cycle)
            t["prompt_id"] = "%s-c%d" % (s["prompt_id"], cycle)
            yield t
        cycle += 1


def measure(reloads, policy_dir, seen, warmup_s=8.0, timeout_s=30.0):
    time.sleep(warmup_s)
    figures = []
    for marker in range(1, reloads + 1):
        saved = save(policy_dir, marker)
        while marker not in seen and time.perf_counter() - saved < timeout_s:
            time.sleep(0.002)
        figures.append(round((seen[marker] - saved) * 1000, 1) if marker in seen else None)
        print("reload %d: %s ms" % (marker, figures[-1]), file=sys.stderr)
        time.sleep(2.0)
    return figures


MARKER = re.compile(r"reload marker (\d+)")


def score(root, work, reloads):
    policy_dir = os.path.join(work, "policy")
    out = os.path.join(work, "reload-scored.jsonl")
    child = subprocess.Popen([os.path.join(root, "rewire"), "score", "--in", "-", "--out", out, "--policy", policy_dir,
                              "--poll-ms", "100", "--flush-ms", "20"],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=open(out + ".err", "w"), text=True)
    seen, stop = {}, threading.Event()

    def feed():
        gen, start, n = samples(root), time.perf_counter(), 0
        try:
            while not stop.is_set():
                for _ in range(40):
                    child.stdin.write(json.dumps(next(gen)) + "\n")
                    n += 1
                child.stdin.flush()
                ahead = n / 4000.0 - (time.perf_counter() - start)
                if ahead > 0:
                    time.sleep(ahead)
        finally:
            child.stdin.close()

    def follow():
        while not os.path.exists(out):
            time.sleep(0.01)
        with open(out) as f:
            while child.poll() is None or True:
                line = f.readline()
                if not line:
                    if child.poll() is not None:
                        return
                    time.sleep(0.002)
                    continue
                m = MARKER.search(line)
                if m and int(m.group(1)) not in seen:
                    seen[int(m.group(1))] = time.perf_counter()

    threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=follow, daemon=True)]
    for t in threads:
        t.start()
    figures = measure(reloads, policy_dir, seen)
    stop.set()
    child.wait(timeout=60)
    return figures


def serve(root, work, reloads):
    policy_dir = os.path.join(work, "policy")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(os.path.join(work, "reload-serve.log"), "w")
    server = subprocess.Popen([os.path.join(root, "rewire"), "serve", "--port", str(port), "--domain", "math",
                               "--policy", policy_dir, "--poll-ms", "100"], stdout=log, stderr=log)
    url = "http://127.0.0.1:%d" % port
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url + "/ready", timeout=1)
                break
            except Exception:
                time.sleep(0.5)
        gen = samples(root)
        bodies = os.path.join(work, "reload-bodies.txt")
        with open(bodies, "w") as f:
            for _ in range(2000):
                s = next(gen)
                f.write(json.dumps({"query": [s.get("prompt", "") + s.get("completion", "")], "prompts": [s.get("prompt", "")],
                                    "labels": [s.get("reference") or ""]}) + "\n")
        lua = os.path.join(work, "reload-post.lua")
        with open(lua, "w") as f:
            f.write('local bodies, i = {}, 0\nfor line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end\n'
                    'request = function()\n  i = i % #bodies + 1\n'
                    '  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[i])\nend\n')
        load = subprocess.Popen(["wrk", "-t2", "-c64", "-d%ds" % (12 + reloads * 5), "-s", lua, url + "/get_reward"],
                                env=dict(os.environ, BODIES=bodies), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen, stop = {}, threading.Event()

        def probe():
            while not stop.is_set():
                body = json.dumps([next(gen)]).encode()
                try:
                    req = urllib.request.Request(url + "/v1/score", data=body, headers={"Content-Type": "application/json"})
                    text = urllib.request.urlopen(req, timeout=10).read().decode()
                    m = MARKER.search(text)
                    if m and int(m.group(1)) not in seen:
                        seen[int(m.group(1))] = time.perf_counter()
                except Exception as e:
                    print("probe: %s" % e, file=sys.stderr)
                time.sleep(0.01)

        t = threading.Thread(target=probe, daemon=True)
        t.start()
        figures = measure(reloads, policy_dir, seen)
        stop.set()
        load.kill()
        return figures
    finally:
        server.terminate()
        server.wait(timeout=60)


def main():
    mode, root, work, result = sys.argv[1:5]
    reloads = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    policy_dir = os.path.join(work, "policy")
    os.makedirs(policy_dir, exist_ok=True)
    with open(os.path.join(root, "runtime/dist/target/rewire/policy/default.drl")) as src, \
            open(os.path.join(policy_dir, "default.drl"), "w") as dst:
        dst.write(src.read())
    save(policy_dir, 0)
    figures = score(root, work, reloads) if mode == "score" else serve(root, work, reloads)
    ok = [f for f in figures if f is not None]
    summary = {"mode": mode, "rules": 18 + GENERATED, "reload_ms": figures,
               "median_ms": sorted(ok)[len(ok) // 2] if ok else None, "max_ms": max(ok) if ok else None}
    existing = json.load(open(result)) if os.path.exists(result) else {}
    existing[mode] = summary
    with open(result, "w") as f:
        json.dump(existing, f, indent=1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
