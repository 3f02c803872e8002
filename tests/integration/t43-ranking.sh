# t43 - the ranking figures, gated: `make releval`'s run on the judged
# collections (CACM, CISI, MED in ../shared/data/judged), with the binaries
# under test and the peers in the same run (SQLite FTS5, Xapian's BM25 at
# its defaults and at 1.2/0.75; Lucene 8 too where it is installed).  On
# each collection Gazette's MAP must be at or above the best peer's, and
# above a floor a little under what it measures now, so a change that
# costs ranking (a weight, the analyzer, the query by example) fails here.
. "$(dirname "$0")/lib.sh"
[ -n "${GZ_FAST:-}" ] && { echo "measures the published figures: make check runs it, make test does not"; exit 77; }
[ -d "$GZ_SHARED/judged" ] || { echo "needs ../shared/data/judged (not in a user's clone)"; exit 77; }
command -v xapian-config >/dev/null || { echo "needs xapian-config (libxapian-dev)"; exit 77; }
mkdir -p "$GZ_OUT/releval"
# shellcheck disable=SC2046
g++ -std=c++17 -O2 $(xapian-config --cxxflags) -o "$GZ_OUT/releval/xapian_peer" \
    "$GZ_TOP/tests/releval/xapian_peer.cc" $(xapian-config --libs) || fail "building the Xapian peer"
python3 "$GZ_TOP/tests/releval/run.py" --bin "$GZ_BIN" --work "$GZ_OUT/releval" \
    >"$GZ_OUT/releval.md" 2>"$GZ_OUT/releval.err" || { cat "$GZ_OUT/releval.err"; fail "releval"; }
cat "$GZ_OUT/releval.md"
python3 - "$GZ_OUT/releval.md" <<'PY' || fail "a ranking figure fell below its floor"
import re, sys
table = open(sys.argv[1]).read()
floors = {"cacm": 0.340, "cisi": 0.215, "med": 0.555}
low = 0
for name, floor in floors.items():
    m = re.search(r"^\| %s \| MAP \| ([0-9.]+) \|.*\| ([0-9.]+) \|$" % name, table, re.M)
    if not m:
        sys.exit("no MAP row for %s" % name)
    got, ratio = float(m.group(1)), float(m.group(2))
    for what, value, least in (("MAP", got, floor), ("MAP / best peer", ratio, 1.0)):
        ok = value >= least
        low += not ok
        print("%s %s %s: %.4f (floor %.3f)" % ("ok  " if ok else "LOW ", name, what, value, least))
sys.exit(1 if low else 0)
PY
ok "on every judged collection Gazette's MAP is above its floor and at or above every peer's"
