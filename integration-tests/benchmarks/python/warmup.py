#!/usr/bin/env python3
"""The JIT's warm-up from outside: records written per second of a run, second by second.

Usage:
  warmup.py record NAME OUT_FILE RESULT_JSON -- COMMAND...   run COMMAND, following OUT_FILE as it grows
  warmup.py report RESULT_DIR RESULT_JSON...                  warmup.json and warmup.html (an SVG chart)

Records are counted as the newlines appended to OUT_FILE (polled every 10 ms; rewire, like the
baseline, flushes once per batch), from the launch of COMMAND, so start-up shows as seconds with
no records.
"""
import html
import json
import os
import subprocess
import sys
import time


def record(name, out, result, command):
    if os.path.exists(out):
        os.remove(out)
    t0 = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counts, seen, offset, fh = [], 0, 0, None
    while True:
        done = child.poll() is not None
        if fh is None and os.path.exists(out):
            fh = open(out, "rb")
        if fh is not None:
            chunk = fh.read()
            seen += chunk.count(b"\n")
        second = int(time.perf_counter() - t0)
        while len(counts) <= second:
            counts.append(seen)
        counts[second] = seen
        if done:
            break
        time.sleep(0.01)
    per_second = [counts[0]] + [counts[i] - counts[i - 1] for i in range(1, len(counts))]
    with open(result, "w") as f:
        json.dump({"name": name, "status": child.returncode, "wall_s": time.perf_counter() - t0,
                   "records": seen, "records_per_second": per_second}, f)
    if child.returncode != 0:
        sys.exit("warmup: %s exited with %d" % (name, child.returncode))


def report(directory, files):
    runs = [json.load(open(f)) for f in files]
    with open(os.path.join(directory, "warmup.json"), "w") as f:
        json.dump(runs, f, indent=1)
    width, height, pad = 720, 300, 40
    seconds = max(len(r["records_per_second"]) for r in runs)
    peak = max(max(r["records_per_second"]) for r in runs) or 1
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    lines, legend = [], []
    for i, r in enumerate(runs):
        pts = " ".join("%.1f,%.1f" % (pad + s * (width - 2 * pad) / max(1, seconds - 1),
                                      height - pad - v * (height - 2 * pad) / peak)
                       for s, v in enumerate(r["records_per_second"]))
        lines.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (colours[i % 4], pts))
        legend.append('<text x="%d" y="%d" fill="%s">%s: %d records in %.1f s</text>'
                      % (pad + 10, pad + 16 * (i + 1), colours[i % 4], html.escape(r["name"]), r["records"], r["wall_s"]))
    axes = ('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555"/><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555"/>'
            % (pad, height - pad, width - pad, height - pad, pad, pad, pad, height - pad))
    labels = ('<text x="%d" y="%d">%d records/s</text><text x="%d" y="%d">second %d of the run</text>'
              % (pad + 4, pad - 6, peak, width - pad - 150, height - pad + 28, seconds - 1))
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">%s%s%s%s</svg>' % (
        width, height, axes, labels, "".join(lines), "".join(legend))
    rows = "".join("<tr><td>%s</td>%s</tr>" % (html.escape(r["name"]), "".join("<td>%d</td>" % v for v in r["records_per_second"]))
                   for r in runs)
    with open(os.path.join(directory, "warmup.html"), "w") as f:
        f.write("<!doctype html><meta charset=utf-8><title>Rewire warm-up</title><h1>Records written per second of the run</h1>"
                + svg + "<table border=1 cellspacing=0><tr><th>program</th>" + "".join("<th>%d</th>" % s for s in range(seconds))
                + "</tr>" + rows + "</table>")
    for r in runs:
        print("%-22s %s" % (r["name"], " ".join("%6d" % v for v in r["records_per_second"])))


if __name__ == "__main__":
    if sys.argv[1] == "record":
        record(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[sys.argv.index("--") + 1:])
    else:
        report(sys.argv[2], sys.argv[3:])
