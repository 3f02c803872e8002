#!/usr/bin/env python3
"""run.py - `make bench`: Gazette against SQLite FTS5 and Xapian's own
scriptindex / quest / omega, in one run, on the same articles, printing one
Markdown table of figures and ratios Gazette/peer.

    tests/bench/run.py [--docs N] [--queries 500] [--seconds 10] [--no-cgi]

Articles: Reuters-21578 from ../shared/data (through gazette-index --extract,
so every engine indexes the same id, date, title and body), or with --docs N
that many synthetic articles from corpus/generate.c learned from it.
Absolute times on a shared 2-core machine are noise; the ratios, measured in
the same run, are the result.  Peers come from Debian packages (sqlite3,
xapian-omega, xapian-tools, wrk), installed by `make deps` with extras.
"""
import argparse, csv, json, os, random, re, shutil, signal, socket, sqlite3, statistics
import subprocess, sys, time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(TOP, "bin")
OUT = os.path.join(TOP, "build", "bench")
REUTERS = os.path.join(TOP, "..", "shared", "data", "reuters21578")

SCRIPTINDEX_SCRIPT = """\
id : field=id boolean=Q unique=Q
date : field=date value=0 boolean=D
title : field=title index=S index
body : field=body index
"""


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, stdin=None, stderr_to=None):
    """Runs cmd under /usr/bin/time; returns (wall, cpu, peak_kb).  stderr_to:
    a list that gets the command's stderr."""
    fmt = "%e %U %S %M"
    res = subprocess.run(["/usr/bin/time", "-f", fmt, "-o", os.path.join(OUT, "time.txt")] + cmd,
                         stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if res.returncode not in (0, 3):
        sys.exit("bench: %s failed: %s" % (cmd[0], res.stderr[-400:]))
    if stderr_to is not None:
        stderr_to.append(res.stderr)
    wall, user, sys_, kb = open(os.path.join(OUT, "time.txt")).read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(kb)


PHASE_LINE = re.compile(r"time by phase \(s\): (.*)")


def phases_of(stderr):
    """gazette-index -v's phase line as {name: seconds} (index: the busiest
    thread's), with "serial" and "total"."""
    m = PHASE_LINE.search(stderr)
    if not m:
        sys.exit("bench: gazette-index -v printed no phase line: %s" % stderr[-400:])
    out = {}
    for part in re.split(r"[,;] ", m.group(1)):
        words = part.split()
        if len(words) >= 2 and re.match(r"[\d.]+$", words[-1]):
            out[" ".join(words[:-1])] = float(words[-1])
        elif len(words) >= 2 and re.match(r"[\d.]+$", words[1]):
            out[words[0]] = float(words[1])
    return out


def qbench_modes(out):
    """qbench's lines: {mode: (p50, p95, p99)}, and its stage lines as printed."""
    modes, stages = {}, []
    for line in out.splitlines():
        if line.startswith("stages("):
            stages.append(line)
        else:
            mode, *v = line.split()
            modes[mode] = tuple(float(x) for x in v)
    return modes, stages


def jobs_table(corpus, jobs_list, rounds=2, again=False):
    """gazette-index -j N for each N, rounds interleaved (the median kept):
    wall, CPU, peak memory, the index's size and the phases.  again: with
    --full over a copy of the -j 1 index the first table left, an archive
    read again (every article replaced, copied one by one with -j;
    docs/indexing.md)."""
    index = os.path.join(BIN, "gazette-index")
    runs = {j: [] for j in jobs_list}
    for _ in range(rounds):
        for j in jobs_list:
            db = os.path.join(OUT, "%s-%d.db" % ("again" if again else "jobs", j))
            shutil.rmtree(db, ignore_errors=True)
            if again:
                shutil.copytree(os.path.join(OUT, "jobs-1.db"), db)
            err = []
            t = timed([index, "-v", "-j", str(j), "--db", db, corpus] + (["--full"] if again else []),
                      stderr_to=err)
            runs[j].append(t + (size_of(db), phases_of(err[0])))
    table = {}
    for j, rs in runs.items():
        rs.sort(key=lambda r: r[0])
        table[j] = rs[len(rs) // 2]
    return table


def print_jobs_table(table, what="Indexing"):
    base = table[min(table)][0]
    print("\n### %s with -j N on this machine (%d cores), median of 2 runs\n" % (what, os.cpu_count()))
    print("| -j | wall (s) | speed-up | CPU (s) | peak memory (MB) | index (MB) | serial (s) |")
    print("|---|---|---|---|---|---|---|")
    for j, (wall, cpu, kb, size, ph) in sorted(table.items()):
        print("| %d | %.2f | %.2f | %.2f | %.0f | %.1f | %.2f (%.0f%%) |"
              % (j, wall, base / wall, cpu, kb / 1024, size / 1e6, ph.get("serial", 0),
                 100 * ph.get("serial", 0) / ph["total"] if ph.get("total") else 0))
    names = []
    for _, (_, _, _, _, ph) in sorted(table.items()):
        names += [n for n in ph if n not in names and n not in ("total", "serial")]
    print("\n| phase (s, gazette-index -v) | " + " | ".join("-j %d" % j for j in sorted(table)) + " |")
    print("|---|" + "---|" * len(table))
    for n in names + ["serial", "total"]:
        print("| %s | %s |" % (n, " | ".join("%.2f" % table[j][4][n] if n in table[j][4] else ""
                                             for j in sorted(table))))


def size_of(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def prepare(args):
    os.makedirs(OUT, exist_ok=True)
    src = os.path.join(OUT, "reuters.jsonl")
    if not os.path.isdir(REUTERS):
        sys.exit("bench: needs ../shared/data/reuters21578 beside the clone")
    with open(src, "w") as f:
        sh([os.path.join(BIN, "gazette-index"), "--no-entities", "--extract", REUTERS], stdout=f,
           stderr=subprocess.DEVNULL)
    corpus = src
    if args.docs:
        corpus = os.path.join(OUT, "synthetic.jsonl")
        with open(corpus, "w") as f:
            sh([os.path.join(BIN, "gazette-generate"), "--from", src, "--docs", str(args.docs),
                "--seed", "1"], stdout=f)
    arts = [json.loads(l) for l in open(corpus)]
    with open(os.path.join(OUT, "articles.csv"), "w", newline="") as f:
        w = csv.writer(f)
        for a in arts:
            w.writerow([a["title"], a["body"], a["date"], a["id"]])
    with open(os.path.join(OUT, "scriptindex.txt"), "w") as f:
        for a in arts:
            f.write("id=%s\ndate=%s\n" % (a["id"], a["date"].replace("-", "")))
            for field in ("title", "body"):
                lines = a[field].split("\n") or [""]
                f.write("%s=%s\n" % (field, lines[0]))
                for more in lines[1:]:
                    f.write("=%s\n" % more)
            f.write("\n")
    with open(os.path.join(OUT, "index.script"), "w") as f:
        f.write(SCRIPTINDEX_SCRIPT)
    return corpus, arts


def queries_from(arts, n):
    rnd = random.Random(42)
    out = []
    while len(out) < n:
        words = re.findall(r"[A-Za-z]{3,}", rnd.choice(arts)["title"])[:3]
        if len(words) >= 2:
            out.append(" ".join(w.lower() for w in words))
    path = os.path.join(OUT, "queries.txt")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return out, path


def index_all(corpus):
    r = {}
    for name, jobs, extra in (("gazette", "1", []), ("gazette -j 2", "2", []),
                              ("gazette --no-stories", "1", ["--no-stories"])):
        db = os.path.join(OUT, "gazette-j%s%s.db" % (jobs, "-flat" if extra else ""))
        shutil.rmtree(db, ignore_errors=True)
        r[name] = timed([os.path.join(BIN, "gazette-index"), "-q", "-j", jobs, "--db", db] + extra
                        + [corpus])
        r[name] += (size_of(db),)
        if jobs == "1":     # sizes compared compacted, as -j 2 leaves its index
            packed = db + ".compact"
            shutil.rmtree(packed, ignore_errors=True)
            sh(["xapian-compact", "-m", db, packed], stdout=subprocess.DEVNULL)
            r[name] += (size_of(packed),)
    floor = os.path.join(OUT, "floor.db")
    shutil.rmtree(floor, ignore_errors=True)
    r["floor"] = timed([os.path.join(TOP, "build", "release", "tests", "floor"), floor, corpus])
    r["floor"] += (size_of(floor),)
    # Xapian writing Gazette's own documents (-j 1's index), read into memory first
    replayed = os.path.join(OUT, "replay.db")
    out = subprocess.run([os.path.join(TOP, "build", "release", "tests", "replay"),
                          os.path.join(OUT, "gazette-j1.db"), replayed],
                         capture_output=True, text=True, check=True)
    r["replay"] = float(out.stdout.split()[0])
    fts = os.path.join(OUT, "fts5.db")
    if os.path.exists(fts):
        os.remove(fts)
    load = ("CREATE VIRTUAL TABLE docs USING fts5(title, body, date UNINDEXED, id UNINDEXED,"
            " tokenize='porter unicode61');\n.mode csv\n.import %s docs\n" % os.path.join(OUT, "articles.csv"))
    with open(os.path.join(OUT, "load.sql"), "w") as f:
        f.write(load)
    with open(os.path.join(OUT, "load.sql")) as f:
        r["fts5"] = timed(["sqlite3", fts], stdin=f) + (size_of(fts),)
    xdb = os.path.join(OUT, "omega", "bench")
    shutil.rmtree(xdb, ignore_errors=True)
    os.makedirs(os.path.dirname(xdb), exist_ok=True)
    r["scriptindex"] = timed(["scriptindex", "--overwrite", xdb, os.path.join(OUT, "index.script"),
                              os.path.join(OUT, "scriptindex.txt")]) + (size_of(xdb),)
    return r


def pcts(ms):
    ms = sorted(ms)
    pick = lambda p: ms[min(len(ms) - 1, int(p * (len(ms) - 1) + 0.5))]
    return pick(0.5), pick(0.95), pick(0.99)


def per_process(cmds_of, queries, rounds=2):
    """Mean wall ms of one process per query for each command maker, run
    interleaved (query by query) so that drift in the machine's speed
    falls on all of them alike."""
    ms = [[] for _ in cmds_of]
    for _ in range(rounds):
        for q in queries:
            for i, cmd_of in enumerate(cmds_of):
                t0 = time.perf_counter()
                subprocess.run(cmd_of(q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                ms[i].append((time.perf_counter() - t0) * 1e3)
    return [statistics.mean(m) for m in ms]


def fts5_inprocess(queries):
    con = sqlite3.connect(os.path.join(OUT, "fts5.db"))
    ms = []
    for q in queries:
        match = " ".join('"%s"' % w for w in q.split())
        t0 = time.perf_counter()
        con.execute("SELECT id, title, snippet(docs, 1, '[', ']', '...', 20) FROM docs "
                    "WHERE docs MATCH ? ORDER BY rank LIMIT 10", (match,)).fetchall()
        ms.append((time.perf_counter() - t0) * 1e3)
    return pcts(ms)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cgi_rps(queries, seconds):
    if not shutil.which("wrk") or not shutil.which("lighttpd"):
        return None
    state = os.path.join(OUT, "web")
    os.makedirs(os.path.join(state, "www"), exist_ok=True)
    odir = os.path.join(OUT, "omega")
    for sub in ("log", "cdb"):
        os.makedirs(os.path.join(odir, sub), exist_ok=True)
    with open(os.path.join(odir, "omega.conf"), "w") as f:
        f.write("database_dir %s\ntemplate_dir /usr/share/xapian-omega/templates\nlog_dir %s/log\n"
                "cdb_dir %s/cdb\n" % (odir, odir, odir))
    port = free_port()
    with open(os.path.join(state, "lighttpd.conf"), "w") as f:
        f.write("""server.modules = ("mod_alias", "mod_cgi", "mod_setenv", "mod_fastcgi")
server.bind = "127.0.0.1"
server.port = %d
server.document-root = "%s/www"
server.errorlog = "%s/error.log"
server.max-worker = 0
alias.url = ("/gazette.cgi" => "%s/gazette.cgi", "/omega" => "/usr/lib/cgi-bin/omega/omega")
cgi.assign = ("gazette.cgi" => "", "/omega" => "")
setenv.add-environment = ("GAZETTE_DB" => "%s/gazette-j1.db", "OMEGA_CONFIG_FILE" => "%s/omega.conf")
fastcgi.server = ("/gazette.fcgi" => (("bin-path" => "%s/gazette.fcgi", "socket" => "%s/gazette.sock",
    "max-procs" => 2, "check-local" => "disable",
    "bin-environment" => ("GAZETTE_DB" => "%s/gazette-j1.db"))))
""" % (port, state, state, BIN, OUT, odir, BIN, state, OUT))
    server = subprocess.Popen(["lighttpd", "-D", "-f", os.path.join(state, "lighttpd.conf")])
    time.sleep(0.5)
    results = {}
    paths = {"gazette.cgi": "/gazette.cgi?q=", "omega": "/omega?DB=bench&P=",
             "gazette.fcgi": "/gazette.fcgi?q="}
    try:
        # Each runs twice, in mirrored order, so that a drift in the shared
        # machine's speed falls on all alike; the mean of the two is kept.
        order = ["gazette.cgi", "omega", "gazette.fcgi"]
        for name in order + order[::-1]:
            lua = os.path.join(OUT, "wrk-%s.lua" % name)
            with open(lua, "w") as f:
                f.write("local q = {%s}\nrequest = function()\n"
                        "  return wrk.format('GET', '%s' .. q[math.random(#q)])\nend\n"
                        % (",".join('"%s"' % x.replace(" ", "+") for x in queries[:100]), paths[name]))
            out = subprocess.run(["wrk", "-t2", "-c4", "-d%ds" % seconds, "-s", lua,
                                  "http://127.0.0.1:%d" % port], capture_output=True, text=True).stdout
            m = re.search(r"Requests/sec:\s+([\d.]+)", out)
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            rps, bad = float(m.group(1)) if m else 0.0, int(non2xx.group(1)) if non2xx else 0
            had = results.get(name)
            results[name] = ((had[0] + rps) / 2, had[1] + bad) if had else (rps, bad)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    return results


def start_tcpsrv(path, writable):
    """xapian-tcpsrv on a free loopback port, in its own session (stopped,
    it signals its process group); returns (process, port)."""
    port = free_port()
    cmd = ["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port)]
    p = subprocess.Popen(cmd + (["--writable"] if writable else []) + [path], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return p, port
        except OSError:
            time.sleep(0.05)
    sys.exit("bench: xapian-tcpsrv did not start")


def stub(path, ports):
    with open(path, "w") as f:
        f.writelines("remote 127.0.0.1:%d\n" % p for p in ports)
    return path


def remove_cluster(stub_path):
    shutil.rmtree(stub_path + ".shards", ignore_errors=True)
    if os.path.exists(stub_path):
        os.remove(stub_path)


def cluster_figures(corpus, qfile):
    """Searching 3 loopback shards against one index, in process (qbench,
    interleaved rounds); indexing into 2 writable remote shards against
    -j 2 on 2 local shards (docs/clusters.md)."""
    qbench = os.path.join(TOP, "build", "release", "tests", "qbench")
    index = os.path.join(BIN, "gazette-index")
    three = os.path.join(OUT, "cluster3")
    remove_cluster(three)
    sh([index, "-q", "-j", "2", "--shards", "3", "--db", three, corpus])
    servers = [start_tcpsrv(os.path.join(three + ".shards", str(i)), False) for i in range(3)]
    remote3 = stub(os.path.join(OUT, "remote3.stub"), [port for _, port in servers])
    runs = {"one": [], "three": []}
    try:
        for _ in range(2):
            for name, db in (("one", os.path.join(OUT, "gazette-j1.db")), ("three", remote3)):
                out = subprocess.run([qbench, db, qfile, "1"], capture_output=True, text=True,
                                     check=True).stdout
                runs[name].append(qbench_modes(out)[0])
    finally:
        for p, _ in servers:
            p.terminate()
            p.wait()
    searching = {name: {mode: tuple(statistics.median(r[mode][k] for r in rs) for k in range(3))
                        for mode in rs[0]} for name, rs in runs.items()}
    writes = {}
    for name in ("remote", "local"):
        for rep in range(2):
            dirs = [os.path.join(OUT, "w%s%d-%d" % (name, rep, i)) for i in range(2)]
            for d in dirs:
                shutil.rmtree(d, ignore_errors=True)
            local2 = os.path.join(OUT, "local2-%d" % rep)
            remove_cluster(local2)
            if name == "remote":
                servers = [start_tcpsrv(d, True) for d in dirs]
                try:
                    t = timed([index, "-q", "--db", stub(os.path.join(OUT, "w2.stub"),
                                                          [port for _, port in servers]), corpus])
                finally:
                    for p, _ in servers:
                        p.terminate()
                        p.wait()
            else:
                t = timed([index, "-q", "-j", "2", "--shards", "2", "--db", local2, corpus])
            writes.setdefault(name, []).append(t[0])
    return searching, {k: statistics.median(v) for k, v in writes.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=0)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--no-cgi", action="store_true")
    ap.add_argument("--jobs", default="1,2,4",
                    help="the -j values of the indexing table (comma-separated)")
    ap.add_argument("--jobs-only", action="store_true",
                    help="only the -j table (a machine with many cores, docs/indexing.md)")
    args = ap.parse_args()
    corpus, arts = prepare(args)
    jobs = jobs_table(corpus, sorted({int(j) for j in args.jobs.split(",")} | {1}))
    if args.jobs_only:
        print("\n## Gazette indexing: %d articles (%s)" % (len(arts), "synthetic" if args.docs
                                                           else "Reuters-21578"))
        print_jobs_table(jobs)
        print_jobs_table(jobs_table(corpus, sorted(jobs), again=True),
                         "Reading the archive again (--full)")
        return
    queries, qfile = queries_from(arts, args.queries)
    idx = index_all(corpus)
    qb = subprocess.run([os.path.join(TOP, "build", "release", "tests", "qbench"),
                         os.path.join(OUT, "gazette-j1.db"), qfile, "3"],
                        capture_output=True, text=True, check=True)
    inproc, stages = qbench_modes(qb.stdout)
    flat = subprocess.run([os.path.join(TOP, "build", "release", "tests", "qbench"),
                           os.path.join(OUT, "gazette-j1.db"), qfile, "3", "10000", "no-collapse"],
                          capture_output=True, text=True, check=True)
    for mode, v in qbench_modes(flat.stdout)[0].items():
        inproc["no-collapse " + mode] = v
    fts_in = fts5_inprocess(queries)
    gz_proc, quest_proc, load_floor = per_process([
        lambda q: [os.path.join(BIN, "gazette-search"), "--db", os.path.join(OUT, "gazette-j1.db"),
                   "--limit", "10", "--facets"] + q.split(),
        lambda q: ["quest", "--msize", "10", "--db", os.path.join(OUT, "omega", "bench"), q],
        lambda q: ["quest", "--version"]], queries)
    web = None if args.no_cgi else cgi_rps(queries, args.seconds)
    searching, writes = cluster_figures(corpus, qfile)

    g, g2, f, s, fl = idx["gazette"], idx["gazette -j 2"], idx["fts5"], idx["scriptindex"], idx["floor"]
    print("\n## Gazette benchmark: %d articles (%s), %d queries\n"
          % (len(arts), "synthetic" if args.docs else "Reuters-21578", len(queries)))
    print("| figure | Gazette | peer | Gazette/peer | target |")
    print("|---|---|---|---|---|")
    row = lambda n, a, b, r, t: print("| %s | %s | %s | %.2f | %s |" % (n, a, b, r, t))
    row("index wall, -j 2 vs scriptindex (s)", "%.2f" % g2[0], "%.2f" % s[0], g2[0] / s[0], "<= 0.35")
    row("index wall, -j 2 vs FTS5 (s)", "%.2f" % g2[0], "%.2f" % f[0], g2[0] / f[0], "<= 2.0")
    row("index wall, -j 1 vs FTS5 (s)", "%.2f" % g[0], "%.2f" % f[0], g[0] / f[0], "")
    row("Xapian write floor (tests/bench/floor.c, 1 thread) vs scriptindex (s)", "%.2f" % fl[0],
        "%.2f" % s[0], fl[0] / s[0], "")
    row("Xapian write floor vs FTS5 (s)", "%.2f" % fl[0], "%.2f" % f[0], fl[0] / f[0], "")
    row("index wall, -j 1 vs the Xapian floor (s)", "%.2f" % g[0], "%.2f" % fl[0], g[0] / fl[0], "<= 1.3")
    row("Xapian writing Gazette's own documents (tests/bench/replay.cc; writes only) vs the floor (s)",
        "%.2f" % idx["replay"], "%.2f" % fl[0], idx["replay"] / fl[0], "")
    row("index wall, -j 1 vs Xapian writing its documents (replay) (s)", "%.2f" % g[0],
        "%.2f" % idx["replay"], g[0] / idx["replay"], "")
    row("Xapian floor size (positions, no text) vs FTS5 (MB)", "%.1f" % (fl[3] / 1e6), "%.1f" % (f[3] / 1e6),
        fl[3] / f[3], "")
    row("index CPU, -j 1 vs FTS5 (s)", "%.2f" % g[1], "%.2f" % f[1], g[1] / f[1], "")
    row("index peak memory, -j 1 vs FTS5 (MB)", "%.0f" % (g[2] / 1024), "%.0f" % (f[2] / 1024), g[2] / f[2], "")
    row("index size, -j 1 vs FTS5 (MB)", "%.1f" % (g[3] / 1e6), "%.1f" % (f[3] / 1e6), g[3] / f[3], "<= 1.0")
    row("index size, -j 2 (compacted) vs FTS5 (MB)", "%.1f" % (g2[3] / 1e6), "%.1f" % (f[3] / 1e6), g2[3] / f[3], "<= 1.0")
    row("index size vs scriptindex (MB)", "%.1f" % (g[3] / 1e6), "%.1f" % (s[3] / 1e6), g[3] / s[3], "")
    ns = idx["gazette --no-stories"]
    row("stories: index wall, -j 1 vs --no-stories (s)", "%.2f" % g[0], "%.2f" % ns[0], g[0] / ns[0], "<= 1.10")
    row("stories: index CPU, -j 1 vs --no-stories (s)", "%.2f" % g[1], "%.2f" % ns[1], g[1] / ns[1], "<= 1.10")
    row("stories: index size compacted, -j 1 vs --no-stories (MB)", "%.1f" % (g[4] / 1e6),
        "%.1f" % (ns[4] / 1e6), g[4] / ns[4], "<= 1.10")
    for mode in ("top10", "top10+snippets+facets"):
        a, b = inproc[mode], inproc["no-collapse " + mode]
        row("stories: in-process %s p50, collapsed vs --no-collapse (ms)" % mode, "%.3f" % a[0],
            "%.3f" % b[0], a[0] / b[0], "")
    row("one process per query, top 10 + snippets + 4 facets vs quest (ms, mean)",
        "%.2f" % gz_proc, "%.2f" % quest_proc, gz_proc / quest_proc, "<= 0.8")
    row("the floor: `quest --version` (start a process, load Xapian) vs quest (ms, mean)",
        "%.2f" % load_floor, "%.2f" % quest_proc, load_floor / quest_proc, "")
    t = inproc["top10"]
    row("in-process top 10, p50 vs FTS5 (ms)", "%.3f" % t[0], "%.3f" % fts_in[0], t[0] / fts_in[0], "p50 <= 0.5 ms")
    for mode in ("top10", "top10+snippets", "top10+snippets+facets", "top10+snippets+exact-facets"):
        p = inproc[mode]
        print("| in-process %s p50 / p95 / p99 (ms) | %.3f / %.3f / %.3f | | | |" % (mode, *p))
    print("| FTS5 in-process top 10 + snippet p50 / p95 / p99 (ms) | | %.3f / %.3f / %.3f | | |" % fts_in)
    for mode in ("top10", "top10+snippets+facets"):
        a, b = searching["three"][mode], searching["one"][mode]
        row("cluster: in-process %s p50 (p99), 3 loopback xapian-tcpsrv shards vs one index (ms)" % mode,
            "%.3f (%.2f)" % (a[0], a[2]), "%.3f (%.2f)" % (b[0], b[2]), a[0] / b[0], "p50 <= 2.0")
    a, b = searching["three"]["top10"], searching["three"]["xapian-floor"]
    row("cluster: in-process top10 p50 (p99) over the 3 shards vs Xapian's own search over them "
        "(words ORed, BM25, top 10's data; qbench xapian-floor) (ms)",
        "%.3f (%.2f)" % (a[0], a[2]), "%.3f (%.2f)" % (b[0], b[2]), a[0] / b[0], "")
    a, b = searching["three"]["termfreq"], searching["one"]["top10"]
    row("cluster: one term's frequency over the 3 shards (a round trip to each in turn; qbench "
        "termfreq) vs a whole top 10 on one index, p50 (p99) (ms)",
        "%.3f (%.2f)" % (a[0], a[2]), "%.3f (%.2f)" % (b[0], b[2]), a[0] / b[0], "")
    if 2 in jobs:
        row("index wall, -j 2 --shards 2 (a new local cluster) vs -j 2 into one index (s)",
            "%.2f" % writes["local"], "%.2f" % jobs[2][0], writes["local"] / jobs[2][0], "<= 1.2")
    row("cluster: indexing throughput into 2 writable remote shards vs -j 2 on 2 local shards "
        "(s; ratio: throughput)", "%.2f" % writes["remote"], "%.2f" % writes["local"],
        writes["local"] / writes["remote"], ">= 0.8")
    if web:
        (gr, gbad), (orps, obad), (fr, fbad) = web["gazette.cgi"], web["omega"], web["gazette.fcgi"]
        row("CGI requests/s under lighttpd vs omega", "%.1f" % gr, "%.1f" % orps,
            gr / orps if orps else 0, ">= 1.25")
        row("gazette.fcgi (FastCGI, 2 processes) requests/s vs omega CGI", "%.1f" % fr, "%.1f" % orps,
            fr / orps if orps else 0, "")
        if gbad or obad or fbad:
            print("\nnon-2xx responses: gazette.cgi %d, omega %d, gazette.fcgi %d" % (gbad, obad, fbad))
    print_jobs_table(jobs)
    print_jobs_table(jobs_table(corpus, sorted(jobs), again=True),
                     "Reading the archive again (--full)")
    print("\n### Where the searches with facets spend their time (qbench, ms, mean per stage)\n")
    print("\n".join(stages))
    print("\n" + qb.stderr.strip())


if __name__ == "__main__":
    main()
