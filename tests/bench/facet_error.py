#!/usr/bin/env python3
"""facet_error.py - how far the facet counts a reader sees are from the truth
when a huge match set is counted over a sample (docs/design/facets.md).

For each of N broad queries (single words and pairs from QUERIES whose match
set exceeds the sample size, --no-collapse so that counts are articles), runs
each gazette-search given with its default sampling and once with
--facet-sample 0 (every match counted), and reports, over the displayed
values (top 10 per entity facet, every month), the largest relative error
and the share of values marked exact.

    facet_error.py INDEX QUERIES [--queries 100] SEARCH [SEARCH...]

Figures are printed as one Markdown table, one row per SEARCH binary.
"""
import argparse
import json
import subprocess
import sys

FACETS = ("country", "person", "org", "month")


def search(binary, db, args, query):
    out = subprocess.run([binary, "--db", db, "--json", "--no-collapse", "-n", "0", *args, query],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def broad_queries(binary, db, path, want, sample):
    words, seen = [], set()
    for line in open(path, encoding="utf-8"):
        for w in line.lower().split():
            w = "".join(c for c in w if c.isalpha())
            if len(w) > 2 and w not in seen:
                seen.add(w)
                words.append(w)
    picked = []
    for cand in words + [a + " " + b for a, b in zip(words, words[1:])]:
        if len(picked) == want:
            break
        if search(binary, db, [], cand)["total"] > sample:
            picked.append(cand)
    return picked


def errors(shown, exact, facets):
    worst, n, marked = 0.0, 0, 0
    for f in facets:
        truth = {v["value"]: v["count"] for v in exact["facets"][f]}
        for v in shown["facets"][f]:
            want = truth.get(v["value"], 0)
            if want:
                worst = max(worst, abs(v["count"] - want) / want)
            n += 1
            marked += bool(v.get("exact", shown["facets_exact"]))
    return worst, n, marked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("queries")
    ap.add_argument("search", nargs="+")
    ap.add_argument("--queries", dest="count", type=int, default=100)
    ap.add_argument("--sample", type=int, default=10000)
    a = ap.parse_args()
    qs = broad_queries(a.search[0], a.db, a.queries, a.count, a.sample)
    print("# %d broad queries (more than %d matches each)" % (len(qs), a.sample), file=sys.stderr)
    truth = {q: search(a.search[0], a.db, ["-f", "--facet-limit", "10000", "--facet-sample", "0"], q)
             for q in qs}
    print("| search | values | largest relative error | median of per-query largest | shown as exact |")
    print("|---|---|---|---|---|")
    for binary in a.search:
        shown = {q: search(binary, a.db, ["-f"], q) for q in qs}
        for name, facets in (("country, person, org (top 10 each)", FACETS[:3]),
                             ("months (all)", FACETS[3:])):
            worst_all, per_query, n_all, exact_marked, worst_q = 0.0, [], 0, 0, ""
            for q in qs:
                w, n, m = errors(shown[q], truth[q], facets)
                per_query.append(w)
                n_all += n
                exact_marked += m
                if w > worst_all:
                    worst_all, worst_q = w, q
            per_query.sort()
            print("| %s | %s | %.1f%% (%s) | %.1f%% | %d of %d |" % (
                binary, name, 100 * worst_all, worst_q, 100 * per_query[len(per_query) // 2],
                exact_marked, n_all))


if __name__ == "__main__":
    main()
