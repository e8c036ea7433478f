#!/usr/bin/env python3
"""Summarizes the runs of throughput.sh into throughput.json and throughput.txt (medians over rounds).

Usage: throughput_report.py DATA_DIR RESULTS_DIR ROUNDS SAMPLES
"""
import json
import os
import re
import statistics
import sys

PROGRAMS = [("baseline", "single-pass Java"), ("rewire", "rewire score"), ("python", "TRL-style Python"),
            ("before", "rewire (before)")]


def reported(name, err):
    """(records written, records/s) as the program printed them."""
    text = open(err, encoding="utf-8", errors="replace").read()
    if name in ("rewire", "before"):
        m = re.findall(r"records in (\d+), out (\d+).*?wall ([\d.]+) s \(start ([\d.]+) s\); (\d+) records/s", text)
        if not m:
            raise SystemExit("no summary line in " + err)
        _, out, wall, start, rate = m[-1]
        return int(out), float(rate), float(start), float(wall)
    m = re.findall(r"(\d+) records in ([\d.]+) s: (\d+) records/s", text)
    if not m:
        raise SystemExit("no summary line in " + err)
    n, seconds, rate = m[-1]
    return int(n), float(rate), None, float(seconds)


def allocation(path):
    """Bytes allocated: the sum of allocation-sample weights, and the per-thread counters' total."""
    events = json.load(open(path))["recording"]["events"]
    sampled = sum(e["values"]["weight"] for e in events if e["type"] == "jdk.ObjectAllocationSample")
    threads = {}
    for e in events:
        if e["type"] == "jdk.ThreadAllocationStatistics":
            t = e["values"]["thread"]
            key = (t or {}).get("javaThreadId"), (t or {}).get("osThreadId")
            threads[key] = max(threads.get(key, 0), e["values"]["allocated"])
    return sampled, sum(threads.values())


def agreement(path):
    text = open(path).read()
    fields = {m[0]: {"agree": int(m[1]), "of": int(m[2])}
              for m in re.findall(r"^  (\w+)\s+(\d+) of (\d+) agree", text, re.M)}
    return {"agree": text.strip().endswith("AGREE"), "fields": fields, "text": text}


def main():
    data, results, rounds, samples = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    figures = {}
    programs = [(n, l) for n, l in PROGRAMS if os.path.exists(os.path.join(data, "%s-1.json" % n))]
    for name, label in programs:
        runs = []
        for r in range(1, rounds + 1):
            m = json.load(open(os.path.join(data, "%s-%d.json" % (name, r))))
            n, rate, start, timed = reported(name, os.path.join(data, "%s-%d.err" % (name, r)))
            runs.append({"records": n, "records_per_s": rate, "wall_records_per_s": n / m["wall_s"],
                         "wall_s": m["wall_s"], "start_s": start, "first_record_s": m["first_record_s"],
                         "cpu_s": m["cpu_s"], "cpu_us_per_record": 1e6 * m["cpu_s"] / n, "max_rss_mb": m["max_rss_mb"]})
        f = {"label": label, "records": runs[0]["records"], "runs": runs}
        for k in ("records_per_s", "wall_records_per_s", "wall_s", "first_record_s", "cpu_us_per_record",
                  "max_rss_mb"):
            values = [r[k] for r in runs if r[k] is not None]
            f[k] = statistics.median(values) if values else None
        if name in ("rewire", "before"):
            f["start_s"] = statistics.median(r["start_s"] for r in runs)
        jfr = os.path.join(data, name + "-alloc.json")
        if os.path.exists(jfr):
            sampled, counters = allocation(jfr)
            f["alloc_bytes_per_record"] = sampled / f["records"]
            f["alloc_bytes_per_record_thread_counters"] = counters / f["records"]
        figures[name] = f

    b, r, p = figures["baseline"], figures["rewire"], figures["python"]
    ratios = {
        "rewire_vs_baseline": r["records_per_s"] / b["records_per_s"],
        "rewire_vs_python": r["records_per_s"] / p["records_per_s"],
        "baseline_vs_python": b["records_per_s"] / p["records_per_s"],
        "rewire_vs_baseline_wall": r["wall_records_per_s"] / b["wall_records_per_s"],
        "rewire_vs_python_wall": r["wall_records_per_s"] / p["wall_records_per_s"],
        "cpu_per_record_rewire_vs_baseline": r["cpu_us_per_record"] / b["cpu_us_per_record"],
    }
    if "alloc_bytes_per_record" in r and "alloc_bytes_per_record" in b:
        ratios["alloc_per_record_rewire_vs_baseline"] = r["alloc_bytes_per_record"] / b["alloc_bytes_per_record"]
    if "before" in figures:
        f = figures["before"]
        ratios["rewire_vs_before"] = r["records_per_s"] / f["records_per_s"]
        ratios["rewire_vs_before_wall"] = r["wall_records_per_s"] / f["wall_records_per_s"]
        ratios["before_vs_baseline"] = f["records_per_s"] / b["records_per_s"]
    agree = {"baseline_vs_rewire": agreement(os.path.join(data, "compare-baseline.txt")),
             "python_vs_rewire": agreement(os.path.join(data, "compare-python.txt"))}
    if "before" in figures:
        agree["before_vs_rewire"] = agreement(os.path.join(data, "compare-before.txt"))
    doc = {"samples": samples, "rounds": rounds, "cores": os.cpu_count(),
           "method": {
               "records_per_s": "as each program reports it, start-up excluded (rewire: records in / (wall - start); "
                                "the others: from main to the last record); medians over alternated rounds",
               "wall_records_per_s": "records / wall time of the process, start-up included",
               "cpu_us_per_record": "user + system CPU of the process (all threads, wait4 rusage) per record",
               "first_record_s": "launch to the first byte of the output file, polled every 5 ms",
               "alloc_bytes_per_record": "one extra run under JFR: sum of jdk.ObjectAllocationSample weights (bytes "
                                         "each thread allocated since its previous sample) / records; "
                                         "alloc_bytes_per_record_thread_counters: per-thread maxima of "
                                         "jdk.ThreadAllocationStatistics, summed"},
           "programs": figures, "ratios": ratios,
           "agreement": {k: {"agree": v["agree"], "fields": v["fields"]} for k, v in agree.items()}}
    os.makedirs(results, exist_ok=True)
    json.dump(doc, open(os.path.join(results, "throughput.json"), "w"), indent=2)

    def fmt(v, spec):
        return "-" if v is None else format(v, spec)

    lines = ["Throughput on %d samples, default policy, %d alternated rounds on %d cores (medians)" %
             (samples, rounds, os.cpu_count()), "",
             "%-18s %11s %11s %9s %9s %10s %12s %9s" % ("program", "records/s", "wall rec/s", "start s", "first s",
                                                         "CPU us/rec", "alloc B/rec", "RSS MB")]
    for name, label in programs:
        f = figures[name]
        lines.append("%-18s %11s %11s %9s %9s %10s %12s %9s" % (
            label, fmt(f["records_per_s"], ",.0f"), fmt(f["wall_records_per_s"], ",.0f"), fmt(f.get("start_s"), ".2f"),
            fmt(f["first_record_s"], ".2f"), fmt(f["cpu_us_per_record"], ".1f"),
            fmt(f.get("alloc_bytes_per_record"), ",.0f"), fmt(f["max_rss_mb"], ".0f")))
    lines += ["",
              "rewire / single-pass Java: %.2fx records/s (%.2fx over wall time), %.1fx the CPU per record%s"
              % (ratios["rewire_vs_baseline"], ratios["rewire_vs_baseline_wall"],
                 ratios["cpu_per_record_rewire_vs_baseline"],
                 ", %.1fx the allocation per record" % ratios["alloc_per_record_rewire_vs_baseline"]
                 if "alloc_per_record_rewire_vs_baseline" in ratios else ""),
              "rewire / TRL-style Python: %.2fx records/s (%.2fx over wall time)"
              % (ratios["rewire_vs_python"], ratios["rewire_vs_python_wall"]),
              "single-pass Java / TRL-style Python: %.2fx" % ratios["baseline_vs_python"],
              "issue 13 targets: rewire >= 0.7x the single-pass Java program and >= 5x the Python loop", ""]
    if "before" in figures:
        lines.insert(-1, "rewire / rewire (before): %.2fx records/s (%.2fx over wall time); before / single-pass Java: %.2fx"
                     % (ratios["rewire_vs_before"], ratios["rewire_vs_before_wall"], ratios["before_vs_baseline"]))
    for key, title in (("baseline_vs_rewire", "single-pass Java vs rewire (strict)"),
                       ("python_vs_rewire", "TRL-style Python vs rewire"),
                       ("before_vs_rewire", "rewire (before) vs rewire (strict)")):
        if key not in agree:
            continue
        a = agree[key]
        parts = ["%s %d/%d" % (k, v["agree"], v["of"]) for k, v in a["fields"].items()]
        lines.append("agreement, %s: %s (%s)" % (title, "AGREE" if a["agree"] else "DIFFERENT", ", ".join(parts)))
    text = "\n".join(lines) + "\n"
    open(os.path.join(results, "throughput.txt"), "w").write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
