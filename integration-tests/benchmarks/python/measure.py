#!/usr/bin/env python3
"""Runs one command of throughput.sh and measures it from outside.

Usage: measure.py OUT_FILE RESULT_JSON STDERR_FILE -- COMMAND...

Wall time from launch to exit, time to the first byte of OUT_FILE (polled every 5 ms, so the first
batch's records), and the child's CPU time (user + system, all its threads, from wait4's rusage) and
peak RSS. The command must exec its program in place (./rewire does), so that the rusage is the
program's own.
"""
import json
import os
import subprocess
import sys
import time


def main():
    out, result, errors = sys.argv[1], sys.argv[2], sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1:]
    if os.path.exists(out):
        os.remove(out)
    with open(errors, "w") as err:
        t0 = time.perf_counter()
        child = subprocess.Popen(command, stdout=err, stderr=err)
        first = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            now = time.perf_counter()
            if first is None and os.path.exists(out) and os.path.getsize(out) > 0:
                first = now - t0
            if pid == child.pid:
                break
            time.sleep(0.005)
        wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped above; keep Popen from waiting again
    json.dump({"command": command, "exit": child.returncode, "wall_s": round(wall, 3),
               "first_record_s": None if first is None else round(first, 3),
               "user_s": usage.ru_utime, "sys_s": usage.ru_stime, "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
               "max_rss_mb": round(usage.ru_maxrss / 1024, 1)}, open(result, "w"))
    sys.exit(child.returncode)


if __name__ == "__main__":
    main()
