# t42 - the published quality figures, gated: entity precision, recall and
# F1 on Reuters' labels and the judged sets (tests/entities), KCNA credit,
# near-copy precision and recall (tests/stories) and web pages' article text
# (tests/extraction), each above a floor a
# little under what `make eval` measures now.  A change that lowers one
# (say the weight of a headline's countries) fails here, not only in eval.
. "$(dirname "$0")/lib.sh"
need_shared
[ -n "${GZ_FAST:-}" ] && { echo "measures the published figures: make check runs it, make test does not"; exit 77; }
python3 - "$GZ_TOP" "$GZ_BIN" <<'PY' || fail "a quality figure fell below its floor"
import re, subprocess, sys
top, bindir = sys.argv[1], sys.argv[2]

def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("%s failed: %s" % (cmd[0], r.stderr[-2000:]))
    return r.stdout

ent = run([top + "/tests/entities/eval", "--labelled-only", "--bin", bindir + "/gazette-index"])
stories = run([top + "/tests/stories/eval", "--bin", bindir])
pages = run([top + "/tests/extraction/eval.py", "--no-peers", "--bin", bindir])

def table_row(name, nth):
    rows = re.findall(r"^\| %s \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \|" % name, ent, re.M)
    return [float(x) for x in rows[nth]]

def percent(label):
    return float(re.search(r"^\| %s \| [^|]*?\(?([0-9.]+)%%" % re.escape(label), ent, re.M).group(1)) / 100

figures = {
    # over the articles Reuters labelled (the second table)
    "country F1": (table_row("country", 1)[2], 0.928),
    "org F1": (table_row("org", 1)[2], 0.90),
    "person recall": (table_row("person", 1)[1], 0.93),
    "Reuters people top 300, precision": (float(re.search(r"^\| Reuters people, top 300 \| ([0-9.]+)", ent, re.M).group(1)), 0.97),
    "Reuters orgs top 150, precision": (float(re.search(r"^\| Reuters orgs, top 150 \| ([0-9.]+)", ent, re.M).group(1)), 0.97),
    "BBC people, precision": (float(re.search(r"^\| BBC people, 200 random pairs \| ([0-9.]+)", ent, re.M).group(1)), 0.95),
    "KCNA person credit": (float(re.search(r"^\| person \| [0-9.]+% \([0-9/]+\) \| ([0-9.]+)%", ent, re.M).group(1)) / 100, 0.93),
    "KCNA org credit": (float(re.search(r"^\| org \| [0-9.]+% \([0-9/]+\) \| ([0-9.]+)%", ent, re.M).group(1)) / 100, 0.92),
    "KCNA phrase search": (float(re.search(r"phrase search finds the article \| \| ([0-9.]+)%", ent).group(1)) / 100, 0.97),
    "stories precision": (float(re.search(r"precision ([0-9.]+)", stories).group(1)), 0.97),
    "stories recall": (float(re.search(r"recall ([0-9.]+)", stories).group(1)), 0.70),
    "web page text F1": (float(re.search(r"^\| Gazette \| [0-9.]+ \| [0-9.]+ \| ([0-9.]+)", pages, re.M).group(1)), 0.95),
}
low = 0
for name, (got, floor) in figures.items():
    ok = got >= floor
    low += not ok
    print("%s %s: %.3f (floor %.3f)" % ("ok  " if ok else "LOW ", name, got, floor))
sys.exit(1 if low else 0)
PY
ok "every quality figure is above its floor"
