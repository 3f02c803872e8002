#!/usr/bin/env python3
"""make releval: Gazette's ranking against its peers on judged collections.

For each collection in ../shared/data/judged (CACM, CISI, MED): the documents
are converted once (title, text), indexed by Gazette and by each peer, and
every judged query is run as a person would paste it: Gazette gets the raw
text (`gazette-search --any`, top 1,000; turning text into a query is the
engine's job).  Peers: SQLite FTS5 (porter unicode61, bm25()), Xapian's own
BM25 through libxapian (QueryParser, English stemmer; its defaults and
k1=1.2 b=0.75), Lucene 8 (EnglishAnalyzer, BM25 1.2/0.75, title OR body;
skipped with a message where Java or liblucene8-java is missing).

Metrics as trec_eval defines them, computed here: MAP (AP over all judged
relevant documents), P@10, nDCG@10 (binary gains), recall@100; ties in score
are broken by document id.  One Markdown table, Gazette over the best peer.
"""
import argparse
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JUDGED = os.path.join(TOP, "..", "shared", "data", "judged")
OUT = os.path.join(TOP, "build", "releval")
def lucene_jar(part):
    """Debian's liblucene8-java names its jars by version: lucene-core-8.7.0.jar."""
    import glob
    found = sorted(glob.glob(f"/usr/share/java/lucene-{part}-8*.jar"))
    return found[-1] if found else f"/usr/share/java/lucene-{part}-8.jar"


LUCENE_JARS = [lucene_jar(p) for p in ("core", "analyzers-common", "queryparser")]

COLLECTIONS = {
    "cacm": ("cacm/cacm.all", "cacm/query.text", "cacm/qrels.text"),
    "cisi": ("cisi/CISI.ALL", "cisi/CISI.QRY", "cisi/CISI.REL"),
    "med": ("med/MED.ALL", "med/MED.QRY", "med/MED.REL"),
}


def smart_records(path):
    """SMART tagged records: {id: {field letter: text}}."""
    records, rid, field = {}, None, None
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\r\n")
            m = re.match(r"^\.I\s+(\d+)", line)
            if m:
                rid, field = m.group(1), None
                records[rid] = {}
            elif re.match(r"^\.[A-Z]\s*$", line):
                field = line[1]
                records[rid].setdefault(field, [])
            elif rid is not None and field is not None:
                records[rid][field].append(line)
    return {r: {k: " ".join(v).strip() for k, v in fs.items()} for r, fs in records.items()}


def read_qrels(path, name):
    rel = {}
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) < 3:
                continue
            q, d = (p[0], p[2]) if name == "med" else (p[0], p[1])
            rel.setdefault(str(int(q)), set()).add(str(int(d)))
    return rel


def metrics(ranked, relevant):
    """AP, P@10, nDCG@10, R@100 of one ranked list of doc ids."""
    hits, ap, dcg = 0, 0.0, 0.0
    for i, d in enumerate(ranked[:1000]):
        if d in relevant:
            hits += 1
            ap += hits / (i + 1)
            if i < 10:
                dcg += 1 / math.log2(i + 2)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return {"MAP": ap / len(relevant),
            "P@10": sum(1 for d in ranked[:10] if d in relevant) / 10,
            "nDCG@10": dcg / ideal if ideal else 0.0,
            "R@100": sum(1 for d in ranked[:100] if d in relevant) / len(relevant)}


def rank(run):
    """{qid: [(docid, score)]} -> {qid: [docid]}, score down, then id up."""
    return {q: [d for d, _ in sorted(hits, key=lambda h: (-h[1], int(h[0])))] for q, hits in run.items()}


def read_run(text):
    run = {}
    for line in text.splitlines():
        q, d, s = line.split("\t")
        run.setdefault(q, []).append((d, float(s)))
    return run


def clean(s):
    return s.replace("\t", " ").replace("\n", " ")


def gazette(name, docs, queries, args):
    work = os.path.join(OUT, name)
    db = os.path.join(work, "gazette.db")
    src = os.path.join(work, "docs.jsonl")
    with open(src, "w") as f:
        for d, fs in docs.items():
            # one date for all (the collections have none; older builds need one)
            f.write(json.dumps({"id": d, "date": "2000-01-01", "title": fs.get("T", ""),
                                "body": fs.get("W", "")}) + "\n")
    subprocess.run(["rm", "-rf", db], check=True)
    subprocess.run([os.path.join(args.bin, "gazette-index"), "-q", "--no-entities", "--no-spelling",
                    "--db", db, src], check=True)
    run = {}
    for q, text in queries.items():
        # Judgments are per document and the peers list every document: the
        # ranking is measured uncollapsed (one entry per story is how the
        # page presents it, docs/design/stories.md).
        out = subprocess.run([os.path.join(args.bin, "gazette-search"), "--db", db, "--any",
                              "--no-collapse", "--limit", "1000", "--json"] + args.extra + ["--", text],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print(f"  {name} query {q}: gazette-search exit {out.returncode}: {out.stderr.strip()}",
                  file=sys.stderr)
            run[q] = []
            continue
        run[q] = [(h["id"], h["score"]) for h in json.loads(out.stdout)["hits"]]
    return run


def fts5(name, docs, queries):
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE d USING fts5(title, body, tokenize='porter unicode61')")
    con.executemany("INSERT INTO d(rowid, title, body) VALUES (?, ?, ?)",
                    [(int(d), fs.get("T", ""), fs.get("W", "")) for d, fs in docs.items()])
    run = {}
    for q, text in queries.items():
        # FTS5's own syntax would reject punctuation: its words, OR'ed
        words = re.findall(r"\w+", text.lower())
        match = " OR ".join('"%s"' % w for w in words)
        rows = con.execute("SELECT rowid, bm25(d) FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT 1000",
                           (match,)).fetchall() if words else []
        run[q] = [(str(r), -s) for r, s in rows]
    return run


def tsv_files(name, docs, queries):
    work = os.path.join(OUT, name)
    dpath, qpath = os.path.join(work, "docs.tsv"), os.path.join(work, "queries.tsv")
    with open(dpath, "w") as f:
        for d, fs in docs.items():
            f.write(f"{d}\t{clean(fs.get('T', ''))}\t{clean(fs.get('W', ''))}\n")
    with open(qpath, "w") as f:
        for q, text in queries.items():
            f.write(f"{q}\t{clean(text)}\n")
    return dpath, qpath


def xapian(name, docs, queries, k1, b):
    dpath, qpath = tsv_files(name, docs, queries)
    out = subprocess.run([os.path.join(OUT, "xapian_peer"), dpath, qpath, k1, b],
                         capture_output=True, text=True, check=True)
    return read_run(out.stdout)


def lucene(name, docs, queries):
    dpath, qpath = tsv_files(name, docs, queries)
    cp = ":".join(LUCENE_JARS + [OUT])
    out = subprocess.run(["java", "-cp", cp, "LucenePeer", dpath, qpath],
                         capture_output=True, text=True, check=True)
    return read_run(out.stdout)


def lucene_ready():
    if not all(os.path.exists(j) for j in LUCENE_JARS):
        return "liblucene8-java is not installed"
    try:
        subprocess.run(["javac", "-cp", ":".join(LUCENE_JARS), "-d", OUT,
                        os.path.join(TOP, "tests", "releval", "LucenePeer.java")],
                       check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        return f"Java is not usable here ({e})"
    return None


def main():
    global OUT
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gazette-args", default="", help="extra gazette-search options, e.g. '--bm25 1.2,0.75'")
    ap.add_argument("--collections", default="cacm,cisi,med")
    ap.add_argument("--no-peers", action="store_true", help="Gazette only (quick experiments)")
    ap.add_argument("--bin", default=os.path.join(TOP, "bin"), help="where gazette-index/-search are")
    ap.add_argument("--work", help="where the indexes go and xapian_peer is (build/releval)")
    args = ap.parse_args()
    OUT = os.path.abspath(args.work or OUT)
    if not os.path.isdir(JUDGED):
        print("releval: needs ../shared/data/judged beside the clone", file=sys.stderr)
        return 77
    extra = args.extra = args.gazette_args.split()
    lucene_skip = None if args.no_peers else lucene_ready()
    if lucene_skip:
        print(f"releval: Lucene row skipped: {lucene_skip}", file=sys.stderr)
    engines = ["Gazette"] + ([] if args.no_peers else
                             ["FTS5", "Xapian default", "Xapian 1.2/0.75"] + ([] if lucene_skip else ["Lucene 8"]))
    table, started = {}, time.time()
    for name in args.collections.split(","):
        docs_p, q_p, rel_p = (os.path.join(JUDGED, p) for p in COLLECTIONS[name])
        os.makedirs(os.path.join(OUT, name), exist_ok=True)
        docs = smart_records(docs_p)
        rel = read_qrels(rel_p, name)
        queries = {str(int(q)): fs.get("W", "") for q, fs in smart_records(q_p).items()
                   if str(int(q)) in rel}
        runs = {"Gazette": gazette(name, docs, queries, args)}
        if not args.no_peers:
            runs["FTS5"] = fts5(name, docs, queries)
            runs["Xapian default"] = xapian(name, docs, queries, "default", "default")
            runs["Xapian 1.2/0.75"] = xapian(name, docs, queries, "1.2", "0.75")
            if not lucene_skip:
                runs["Lucene 8"] = lucene(name, docs, queries)
        for engine, run in runs.items():
            ranked = rank(run)
            per_q = [metrics(ranked.get(q, []), rel[q]) for q in queries]
            table[(name, engine)] = {m: sum(x[m] for x in per_q) / len(per_q) for m in per_q[0]}
        print(f"releval: {name}: {len(docs)} documents, {len(queries)} judged queries", file=sys.stderr)
    print_table(table, engines, args.collections.split(","))
    print(f"\n({time.time() - started:.0f} s; gazette-search {' '.join(extra) or 'defaults'})")
    return 0


def print_table(table, engines, names):
    peers = engines[1:]
    print("| collection | metric | " + " | ".join(engines) + (" | Gazette / best peer |" if peers else " |"))
    print("|---|---|" + "---|" * len(engines) + ("---|" if peers else ""))
    ratios = []
    for name in names:
        for m in ("MAP", "P@10", "nDCG@10", "R@100"):
            vals = [table[(name, e)][m] for e in engines]
            row = f"| {name} | {m} | " + " | ".join(f"{v:.4f}" for v in vals) + " |"
            if peers:
                best = max(vals[1:])
                r = vals[0] / best if best else 0
                row += f" {r:.3f} |"
                if m == "MAP":
                    ratios.append(r)
            print(row)
    if ratios:
        print(f"| mean | MAP | " + " | ".join(
            f"{sum(table[(n, e)]['MAP'] for n in names) / len(names):.4f}" for e in engines) +
              f" | {sum(ratios) / len(ratios):.3f} (lowest {min(ratios):.3f}) |")


if __name__ == "__main__":
    sys.exit(main())
