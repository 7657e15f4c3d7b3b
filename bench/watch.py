#!/usr/bin/env python3
"""Edit-to-served latency of `bantin serve` (and `hugo server`) on a gen-corpus site.

For the newest document of the site (it is on the home page and on page 1 of its year's
index), repeats two kinds of edit and times, from the moment the file is written, how long
until the server serves pages showing it (polling over HTTP every 5 ms):

- **body**: a line appended to the body; done when the document's page shows it;
- **front matter**: the title changed; done when the document's page, the home page and the
  year's index page all show the new title ("every index page correct");
- **year move**: the title changed and the date moved to the last day of the year before;
  done when the document's page and that year's index page show the new title and the old
  year's index page no longer lists the document (hundreds of list pages change: counts,
  page bars and positions).

Prints the median, min and max of each, and the server's peak memory. A browser adds only
its reload on top (`node ../shared/tools/sitecheck/livereload.mjs URL FILE` measures that
part for body edits). Usage:

    bench/watch.py                       # 10,000 documents, bantin, and Hugo if found
    bench/watch.py --size 1000 --runs 9 --no-hugo
"""
import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench import REPO, corpus, find_hugo  # noqa: E402

POLL = 0.005


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return None


def wait_for(urls, marker, timeout, gone=()):
    """Seconds until every URL serves a page containing `marker` and every (url, text) of
    `gone` serves a page without its text (None on timeout)."""
    t0 = time.perf_counter()
    pending = [(u, marker, True) for u in urls] + [(u, text, False) for u, text in gone]
    while pending:
        if time.perf_counter() - t0 > timeout:
            return None
        url, text, wanted = pending[0]
        page = get(url)
        if page is not None and (text in page) == wanted:
            pending.pop(0)
        else:
            time.sleep(POLL)
    return time.perf_counter() - t0


def newest(files):
    """The file with the latest `date:` in its front matter."""
    best = None
    for f in files:
        with open(f, encoding="utf-8") as h:
            head = h.read(2000)
        m = re.search(r"^date:\s*(\d{4}-\d{2}-\d{2})", head, re.M)
        if m and (best is None or m.group(1) > best[0]):
            best = (m.group(1), f)
    return best


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as h:
            m = re.search(r"VmHWM:\s+(\d+) kB", h.read())
            return int(m.group(1)) / 1024 if m else None
    except OSError:
        return None


def served_at(log_path):
    """The address a server printed in its log (servers move to a free port when busy)."""
    with open(log_path, encoding="utf-8", errors="replace") as h:
        m = re.search(r"http://127\.0\.0\.1:(\d+)", h.read())
    return f"http://127.0.0.1:{m.group(1)}" if m else None


def measure(name, cmd, cwd, doc_file, doc_url, index_urls, year_urls, runs, timeout):
    """`year_urls(year)`: the index page of a year (None: no year move; Hugo's generated
    site keeps years in a taxonomy its server did not update in our runs)."""
    log_path = os.path.join("/tmp", f"watch-{name}.log")
    log = open(log_path, "w")
    server = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    original = open(doc_file, encoding="utf-8").read()
    results = {"body": [], "front matter": [], "year move": []}
    try:
        t0 = time.perf_counter()
        base = None
        while base is None or get(base + doc_url) is None:
            base = base or served_at(log_path)
            if server.poll() is not None or time.perf_counter() - t0 > 600:
                sys.exit(f"{name}: server did not start (see /tmp/watch-{name}.log)")
            time.sleep(0.2)
        print(f"{name}: first page served after {time.perf_counter() - t0:.1f} s", flush=True)
        time.sleep(3)
        title = re.search(r'^title:\s*"?(.*?)"?\s*$', original, re.M).group(1)
        for i in range(runs):
            marker = f"suaxong{os.getpid()}x{i}"
            with open(doc_file, "a", encoding="utf-8") as h:
                h.write(f"\n\nĐoạn sửa {marker}.\n")
            results["body"].append(wait_for([base + doc_url], marker, timeout))
            time.sleep(1.5)
            marker = f"tieude{os.getpid()}x{i}"
            edited = re.sub(r"^title:.*$", f'title: "{title} {marker}"', original, count=1,
                            flags=re.M)
            with open(doc_file, "w", encoding="utf-8") as h:
                h.write(edited)
            urls = [base + doc_url] + [base + u for u in index_urls]
            results["front matter"].append(wait_for(urls, marker, timeout))
            with open(doc_file, "w", encoding="utf-8") as h:
                h.write(original)
            time.sleep(1.5)
            if year_urls is None:
                continue
            marker = f"sangnam{os.getpid()}x{i}"
            year = int(re.search(r"^date:\s*(\d{4})", original, re.M).group(1))
            moved = re.sub(r"^date:.*$", f"date: {year - 1}-12-31", edited, count=1, flags=re.M)
            moved = moved.replace(f"tieude{os.getpid()}x{i}", marker)
            with open(doc_file, "w", encoding="utf-8") as h:
                h.write(moved)
            results["year move"].append(wait_for(
                [base + doc_url, base + year_urls(year - 1)], marker, timeout,
                gone=[(base + year_urls(year), doc_url)]))
            with open(doc_file, "w", encoding="utf-8") as h:
                h.write(original)
            # The move back re-renders as much; let it finish before the next edit.
            wait_for([base + year_urls(year)], doc_url, timeout)
            time.sleep(1.5)
        rss = peak_rss_mb(server.pid)
    finally:
        with open(doc_file, "w", encoding="utf-8") as h:
            h.write(original)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    for kind, times in results.items():
        if not times:
            continue
        ok = [t * 1000 for t in times if t is not None]
        timeouts = len(times) - len(ok)
        if ok:
            print(f"{name:6} {kind:13} median {statistics.median(ok):7.1f} ms  "
                  f"min {min(ok):7.1f}  max {max(ok):7.1f}  ({len(ok)} runs, {timeouts} timed out)")
        else:
            print(f"{name:6} {kind:13} every run timed out")
    print(f"{name:6} peak memory {rss:.0f} MB" if rss else f"{name:6} peak memory ?", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--hugo", default=None)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--bantin", default=os.path.join(REPO, "target", "release", "bantin"))
    args = ap.parse_args()

    native = corpus(args.size, "native")
    content = os.path.join(native, "content")
    files = sorted(os.path.join(content, f) for f in os.listdir(content) if f.endswith(".md"))
    date, doc = newest(files)
    stem = os.path.splitext(os.path.basename(doc))[0]
    measure("bantin", [args.bantin, "serve", "--root", native, "--port", "18741"], native,
            doc, f"/van-ban/{stem}/", ["/", f"/nam/{date[:4]}/"], lambda y: f"/nam/{y}/",
            args.runs, args.timeout)

    hugo, version, layouts = (None, None, None) if args.no_hugo else find_hugo(args.hugo)
    if hugo:
        site = corpus(args.size, "hugo", layouts)
        hdoc = os.path.join(site, "content", "posts", os.path.basename(doc))
        if os.path.exists(hdoc):
            measure("hugo", [hugo, "server", "--source", site, "--port", "18742", "--bind",
                             "127.0.0.1", "--baseURL", "http://127.0.0.1:18742/"],
                    site, hdoc, f"/posts/{stem}/", ["/", f"/years/{date[:4]}/"],
                    None, args.runs, args.timeout)
        out = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
        m = re.search(r"hugo (v[0-9.]+)", out)
        print(f"(Hugo {m.group(1) if m else version})")


if __name__ == "__main__":
    main()
