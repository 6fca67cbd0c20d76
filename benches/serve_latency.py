#!/usr/bin/env python3
"""Latency of `barograph serve` from a data change to the updated PDF and pages.

Starts `barograph serve` on a copy of a project, then N times: changes a percentage in
the survey file and measures, from just before the write, how long until the article
page served over HTTP shows the new figure and the infographic PDF on disk has changed.
Prints the median and the spread. Usage:

    python3 benches/serve_latency.py BAROGRAPH_BIN PROJECT_DIR [RUNS]
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def main() -> None:
    binary, project = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    work = tempfile.mkdtemp()
    root = os.path.join(work, "project")
    os.makedirs(root)
    for name in ("site.yaml", "data", "content", "templates", "fonts"):
        src = os.path.join(project, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(root, name))
        elif os.path.isfile(src):
            shutil.copy(src, root)
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--root", root],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = proc.stdout.readline().split()[1]
        proc.stdout.readline()  # first build
        data = os.path.join(root, "data", "barometre-esante-2026.yaml")
        pdf = os.path.join(root, "output", "barometre-e-sante-2026", "barometre-esante-2026.pdf")
        page = url + "barometre-e-sante-2026/"
        text = open(data, encoding="utf-8").read()
        samples = []
        for i in range(runs):
            value = 40 + (i % 20)  # 'imagerie' is 76 in the example: a new value each run
            new = re.sub(r"(id: imagerie\n(?:.*\n){2}\s*values: \{ soignants: )\d+", rf"\g<1>{value}", text)
            before = os.stat(pdf).st_mtime_ns
            start = time.perf_counter()
            with open(data, "w", encoding="utf-8") as f:
                f.write(new)
            want = f"{value}\u202f%"
            while True:
                html = urllib.request.urlopen(page).read().decode()
                if want in html and os.stat(pdf).st_mtime_ns != before:
                    break
                time.sleep(0.001)
            samples.append((time.perf_counter() - start) * 1000)
            time.sleep(0.2)
        samples.sort()
        print(f"data change -> PDF and page updated under serve: median {statistics.median(samples):.1f} ms, "
              f"min {samples[0]:.1f} ms, max {samples[-1]:.1f} ms ({runs} runs)")
    finally:
        proc.kill()
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
