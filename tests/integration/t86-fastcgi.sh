# t86 - gazette.fcgi, the FastCGI responder, behind lighttpd: answers as
# gazette.cgi does, serves request after request from its long-lived
# processes, and sees what the indexer commits while it runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
need_lighttpd
db="$GZ_OUT/web.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"

expect_status "outside a FastCGI server it refuses to run" 1 "$GZ_BIN/gazette.fcgi" </dev/null
expect_grep "and says why" "not started by a FastCGI server" "$GZ_OUT/stderr"

start_server "$db" gazette.fcgi
ok "lighttpd runs gazette.fcgi on port $PORT"

curl -s "$BASE/gazette.fcgi?q=ASEAN+Regional+Forum&format=json" >"$GZ_OUT/api.json"
"$SEARCH" --db "$db" --json --facets --facet-limit 12 ASEAN Regional Forum >"$GZ_OUT/cli.json" \
    || fail "cli search"
python3 - "$GZ_OUT/api.json" "$GZ_OUT/cli.json" <<'PY' || fail "FastCGI JSON differs from gazette-search --json"
import json, sys
api, cli = (json.load(open(p)) for p in sys.argv[1:])
assert api["total"] > 0 and api == cli, (api.get("total"), cli.get("total"))
PY
ok "the JSON API over FastCGI equals gazette-search --json"

code=$(curl -s -o "$GZ_OUT/page.html" -w '%{http_code}' "$BASE/gazette.fcgi?q=Laos")
expect_eq "a search page over FastCGI answers 200" "$code" 200
expect_grep "with results" "<mark>Laos</mark>" "$GZ_OUT/page.html"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gazette.fcgi?q=a&q=b")
expect_eq "a bad request is 400" "$code" 400
for i in 1 2 3 4 5 6 7 8 9 10; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gazette.fcgi?q=talks&page=$i")
    [ "$code" = 200 ] || fail "request $i answered $code"
done
ok "ten more requests served, each 200"
deep=$(python3 -c 'print("%28" * 1000 + "Laos")')
for i in 1 2 3 4; do     # more than the workers: each that gets one must survive it
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gazette.fcgi?q=$deep")
    [ "$code" = 200 ] || fail "1,000 parentheses answered $code"
done
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gazette.fcgi?q=talks")
expect_eq "1,000 nested parentheses kill no worker: the next request is served" "$code" 200

# The index stays open between requests: an article committed now must be
# found by the next request, with no restart.
mkdir -p "$GZ_OUT/new"
cat >"$GZ_OUT/new/late.txt" <<'TXT'
date 2024-05-02
Zanzibar ferry timetable changes
The Zanzibar ferry operators published a new timetable on Thursday.
TXT
curl -s "$BASE/gazette.fcgi?q=zanzibar&format=json" >"$GZ_OUT/before.json"
"$INDEX" -q --db "$db" "$GZ_OUT/new" || fail "index while serving"
curl -s "$BASE/gazette.fcgi?q=zanzibar&format=json" >"$GZ_OUT/after.json"
python3 - "$GZ_OUT/before.json" "$GZ_OUT/after.json" <<'PY' || fail "new article not seen"
import json, sys
before, after = (json.load(open(p)) for p in sys.argv[1:])
assert before["total"] == 0, before["total"]
assert after["total"] == 1 and after["hits"][0]["title"] == "Zanzibar ferry timetable changes", after
PY
ok "an article indexed while serving is found by the next request"

code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gazette.fcgi/extra/path?q=talks")
expect_eq "a path after the program's name is no page (404)" "$code" 404
stop_server

# A stub that lists itself: every request a 503 with Gazette's own page,
# and the server's log says which stub and that gazette.fcgi says so.
printf 'auto loop.stub\n' >"$GZ_OUT/loop.stub"
rm -rf "$GZ_OUT/server"
start_server "$GZ_OUT/loop.stub" gazette.fcgi
for i in 1 2 3; do
    code=$(curl -s -o "$GZ_OUT/loop.html" -w '%{http_code}' "$BASE/gazette.fcgi?q=talks")
    [ "$code" = 503 ] || fail "a stub that lists itself answered $code"
done
expect_grep "with Gazette's page" "not available right now" "$GZ_OUT/loop.html"
expect_grep "the log names the program and the stub" "gazette.fcgi: .*loop.stub:1: " "$GZ_OUT/server/error.log"
stop_server
