#!/usr/bin/env python3
"""make eval: how well Gazette reads a web page's article text.

On ../shared/data/article-html (88 real news pages with their article text
written by hand, from the article-extraction benchmark), the text Gazette
extracts (`gazette-index --extract`) is scored with the benchmark's own
metric: word 4-gram shingles of the extracted and the true text, true and
false positives and negatives normalised per page, precision and recall
averaged over the pages, F1 of the two.  In the same run, the peers that run
here: Readability.js (npm @mozilla/readability with jsdom, pinned in
package.json) and readability-lxml (Debian python3-readability); each is
skipped with a message where it is missing.  Also pages per second, against
the plain-text reader over the same text.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(TOP, "..", "shared", "data", "article-html")
HERE = os.path.dirname(os.path.abspath(__file__))

TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    grams = [tuple(tokens[i:i + n]) for i in range(0, max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def matching(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for k in set(t) | set(p):
        tp += min(t.get(k, 0), p.get(k, 0))
        fp += max(0, p.get(k, 0) - t.get(k, 0))
        fn += max(0, t.get(k, 0) - p.get(k, 0))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (tp, fp, fn)


def score(truth, predicted):
    """The benchmark's metrics_from_tp_fp_fns."""
    triples = [matching(truth[k]["articleBody"], predicted.get(k, {}).get("articleBody", ""))
               for k in truth]

    def prec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def rec(tp, fp, fn):
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    ps = [prec(*x) for x in triples if x[0] + x[1] > 0]
    rs = [rec(*x) for x in triples if x[0] + x[2] > 0]
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, triples


def gazette(bindir, pages):
    out, started = {}, time.time()
    for key, path in pages.items():
        r = subprocess.run([os.path.join(bindir, "gazette-index"), "--no-entities", "--extract",
                            "--format", "html", path], capture_output=True, text=True)
        lines = [l for l in r.stdout.splitlines() if l.strip()]
        art = json.loads(lines[0]) if lines else {}
        out[key] = {"articleBody": art.get("body", ""), "title": art.get("title", ""),
                    "date": art.get("date"), "reported": r.stderr.strip()}
    return out, time.time() - started


def plain_text_baseline(bindir, truth, work):
    """The same texts through the plain-text reader, one file each: pages/s."""
    paths = []
    for i, (key, v) in enumerate(truth.items()):
        p = os.path.join(work, f"{i}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write("date 2019-11-19\n" + v["articleBody"] + "\n")
        paths.append(p)
    started = time.time()
    for p in paths:
        subprocess.run([os.path.join(bindir, "gazette-index"), "--no-entities", "--extract", p],
                       capture_output=True)
    return time.time() - started


def readability_js(pages):
    if not os.path.isdir(os.path.join(HERE, "node_modules", "@mozilla", "readability")):
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True,
                           text=True)
        if r.returncode != 0:
            return None, "npm ci failed (no registry?): " + r.stderr[-300:]
    listing = "".join(f"{k}\t{p}\n" for k, p in pages.items())
    started = time.time()
    r = subprocess.run(["node", os.path.join(HERE, "readability.mjs")], input=listing,
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, "node failed: " + r.stderr[-300:]
    return (json.loads(r.stdout), time.time() - started), None


LXML_PEER = """
import gzip, json, sys
from readability import Document
import lxml.html
out = {}
for line in sys.stdin:
    key, path = line.rstrip("\\n").split("\\t")
    html = gzip.open(path).read().decode("utf-8", "replace")
    try:
        text = lxml.html.fromstring(Document(html).summary(html_partial=True)).text_content()
    except Exception:
        text = ""
    out[key] = {"articleBody": text}
json.dump(out, sys.stdout)
"""


def readability_lxml(pages):
    """Debian's python3-readability, run by Debian's python3 (it is where
    the package installs)."""
    python = "/usr/bin/python3"
    probe = subprocess.run([python, "-c", "import readability, lxml.html"], capture_output=True)
    if probe.returncode != 0:
        return None, "python3-readability is not installed"
    listing = "".join(f"{k}\t{p}\n" for k, p in pages.items())
    started = time.time()
    r = subprocess.run([python, "-c", LXML_PEER], input=listing, capture_output=True, text=True)
    if r.returncode != 0:
        return None, "readability-lxml failed: " + r.stderr[-300:]
    return (json.loads(r.stdout), time.time() - started), None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(TOP, "bin"))
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--pages", help="write Gazette's title, date and text per page to this JSON file")
    args = ap.parse_args()
    truth_path = os.path.join(DATA, "ground-truth.json")
    if not os.path.exists(truth_path):
        print("extraction eval: needs ../shared/data/article-html beside the clone", file=sys.stderr)
        return 77
    truth = json.load(open(truth_path, encoding="utf-8"))
    pages = {k: os.path.join(DATA, "html", k + ".html.gz") for k in truth}
    rows = []
    ours, secs = gazette(args.bin, pages)
    rows.append(("Gazette", score(truth, ours), secs))
    if not args.no_peers:
        for name, run in (("Readability.js", readability_js), ("readability-lxml", readability_lxml)):
            got, why = run(pages)
            if got is None:
                print(f"extraction eval: {name} skipped: {why}", file=sys.stderr)
            else:
                rows.append((name, score(truth, got[0]), got[1]))
    with tempfile.TemporaryDirectory() as work:
        plain = plain_text_baseline(args.bin, truth, work)
    print(f"Article text of {len(truth)} news pages (../shared/data/article-html), "
          "the benchmark's word 4-gram shingle metric:\n")
    print("| extractor | precision | recall | F1 | pages/s |")
    print("|---|---|---|---|---|")
    for name, (p, r, f1, _), s in rows:
        print(f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {len(truth) / s:.0f} |")
    print(f"| (plain-text reader, the same texts) | | | | {len(truth) / plain:.0f} |")
    passed = sum(1 for k in truth if "not an article" in ours[k]["reported"])
    print(f"\nGazette passed over {passed} of the {len(truth)} pages as not articles.")
    if args.pages:
        triples = rows[0][1][3]
        with open(args.pages, "w", encoding="utf-8") as f:
            json.dump({k: dict(ours[k], url=truth[k].get("url"), f1_parts=triples[i])
                       for i, k in enumerate(truth)}, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
