# t85 - gazette.cgi behind a real web server: lighttpd on a free loopback
# port, queried with curl, then stopped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
need_lighttpd
db="$GZ_OUT/web.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"
start_server "$db"
ok "lighttpd serves gazette.cgi on port $PORT"

code=$(curl -s -o "$GZ_OUT/page.html" -w '%{http_code}' "$BASE/gazette.cgi?q=ASEAN+Regional+Forum")
expect_eq "a search over HTTP answers 200" "$code" 200
expect_grep "with results" "ASEAN Regional Forum" "$GZ_OUT/page.html"
curl -s -D "$GZ_OUT/h" -o "$GZ_OUT/gz" -H 'Accept-Encoding: gzip' "$BASE/gazette.cgi?q=Laos"
expect_grep "gzip through the server" "Content-Encoding: gzip" "$GZ_OUT/h"
python3 -c 'import gzip,sys; assert b"</html>" in gzip.decompress(open(sys.argv[1],"rb").read())' "$GZ_OUT/gz" \
    || fail "gzip body"
ok "the gzip body decompresses"
curl -s "$BASE/gazette.cgi?q=ASEAN&format=json" >"$GZ_OUT/api.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] > 0 and d["facets"]["country"]' "$GZ_OUT/api.json" \
    || fail "json api"
ok "the JSON API answers with facets"
code=$(curl -s -o "$GZ_OUT/bad.html" -w '%{http_code}' "$BASE/gazette.cgi?q=a&q=b")
expect_eq "a bad request is 400 over HTTP" "$code" 400
code=$(curl -s -o /dev/null -w '%{http_code}' -d '' "$BASE/gazette.cgi?q=a")
expect_eq "POST is 405 over HTTP" "$code" 405
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/")
expect_eq "/ redirects to the search page" "$code" 301
stop_server
curl -s -o /dev/null "$BASE/gazette.cgi" && fail "the server still answers after stop"
ok "the server is stopped"
