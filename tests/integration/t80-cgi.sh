# t80 - gazette.cgi driven as a web server would drive it: environment
# variables in, status line, headers and body out.
. "$(dirname "$0")/lib.sh"
CGI="$GZ_BIN/gazette.cgi"
db="$GZ_OUT/cgi.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"

# cgi QUERY_STRING [extra env...]: runs one request, splits headers and body.
cgi() {
    qs=$1
    shift
    env -i PATH="$PATH" GAZETTE_DB="$db" REQUEST_METHOD="${METHOD:-GET}" SCRIPT_NAME=/gazette.cgi \
        QUERY_STRING="$qs" ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$@" "$CGI" \
        >"$GZ_OUT/resp" 2>"$GZ_OUT/cgi.err" || fail "gazette.cgi exited non-zero: $(cat "$GZ_OUT/cgi.err")"
    python3 - "$GZ_OUT/resp" "$GZ_OUT/head" "$GZ_OUT/body" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read()
head, _, body = raw.partition(b"\r\n\r\n")
open(sys.argv[2], "wb").write(head + b"\r\n")
open(sys.argv[3], "wb").write(body)
PY
}
status() { sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$GZ_OUT/head"; }

cgi 'q=Kim+Song-nam&country=KP'
expect_eq "a search answers 200" "$(status)" 200
expect_grep "HTML with a charset" "^Content-Type: text/html; charset=utf-8" "$GZ_OUT/head"
expect_grep "a content security policy" "^Content-Security-Policy: default-src 'none'" "$GZ_OUT/head"
expect_grep "nosniff" "^X-Content-Type-Options: nosniff" "$GZ_OUT/head"
expect_grep "cache headers" "^Cache-Control: public, max-age=60" "$GZ_OUT/head"
expect_grep "the result is on the page" "North Korean party delegation sets out for Beijing" "$GZ_OUT/body"
expect_grep "matches are marked" "<mark>Kim Song-nam</mark>" "$GZ_OUT/body"
expect_grep "the active filter can be removed" 'aria-label="Country: North Korea, remove this filter"' "$GZ_OUT/body"
len=$(sed -n 's/^Content-Length: \([0-9]*\).*/\1/p' "$GZ_OUT/head" | tr -d '\r')
expect_eq "Content-Length is the body's" "$len" "$(wc -c <"$GZ_OUT/body" | tr -d ' ')"

cgi 'q=%3Cscript%3Ealert(1)%3C%2Fscript%3E'
expect_eq "a script in q is just a query" "$(status)" 200
grep -q '<script>' "$GZ_OUT/body" && fail "<script> reached the page unescaped"
expect_grep "it is shown escaped" 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' "$GZ_OUT/body"
cgi 'q=Laos+%22x%22+%22%3E%3Cb%3E'
grep -q '"><b>' "$GZ_OUT/body" && fail "a quote in q broke out of the attribute"
expect_grep "a quote in q stays inside the attribute" 'value="Laos &quot;x&quot; &quot;&gt;&lt;b&gt;"' "$GZ_OUT/body"

cgi 'q=a&q=b'
expect_eq "a repeated q is a bad request" "$(status)" 400
expect_grep "the 400 page says why" "may be given only once" "$GZ_OUT/body"
cgi 'q=ASEAN&colour=red'
expect_eq "an unknown parameter is a bad request" "$(status)" 400
cgi 'q=ASEAN&page=0'
expect_eq "page=0 is a bad request" "$(status)" 400
cgi 'q=ASEAN&n=100000'
expect_eq "n too large is a bad request" "$(status)" 400
cgi 'q=ASEAN&from=2024-13'
expect_eq "a bad date is a bad request" "$(status)" 400
cgi 'q=%FF%FE'
expect_eq "invalid UTF-8 is a bad request" "$(status)" 400
cgi 'q=(ASEAN'
expect_eq "a query that does not parse is searched as words" "$(status)" 200
expect_grep "with a notice saying why" 'class="notice".*never closed' "$GZ_OUT/body"
expect_grep "and its results" "ASEAN" "$GZ_OUT/body"
cgi 'q=ASEAN+date%3A2024-13'
expect_eq "a malformed date: in q is a bad request" "$(status)" 400
cgi "q=$(python3 -c 'print("+".join(["ASEAN Laos Vietnam railway summit"] * 400))')"
expect_eq "a request over the size limit is refused" "$(status)" 414
cgi "$(python3 -c 'print("&".join("country=KP" for _ in range(70)))')"
expect_eq "too many parameters is a bad request" "$(status)" 400
METHOD=POST cgi 'q=ASEAN'
expect_eq "POST is not allowed" "$(status)" 405
expect_grep "Allow header" "^Allow: GET, HEAD" "$GZ_OUT/head"

env -i PATH="$PATH" GAZETTE_DB="$GZ_OUT/missing.db" REQUEST_METHOD=GET QUERY_STRING=q=x "$CGI" >"$GZ_OUT/resp" 2>/dev/null
grep -q "^Status: 503" "$GZ_OUT/resp" || fail "missing index: not 503"
grep -q "missing.db" "$GZ_OUT/resp" && fail "the 503 page shows the index path"
ok "a missing index is 503, and the page does not show its path"

cgi 'q=ASEAN' HTTP_ACCEPT_ENCODING='gzip, deflate'
expect_grep "gzip when accepted" "^Content-Encoding: gzip" "$GZ_OUT/head"
python3 -c 'import gzip,sys; t=gzip.decompress(open(sys.argv[1],"rb").read()).decode(); assert "</html>" in t and "ASEAN" in t' "$GZ_OUT/body" \
    || fail "gzip body does not round-trip"
ok "the gzip body decompresses to the page"
cgi 'q=ASEAN' HTTP_ACCEPT_ENCODING='gzip;q=0'
grep -q "^Content-Encoding" "$GZ_OUT/head" && fail "gzip;q=0 still compressed"
ok "gzip;q=0 means no gzip"

METHOD=HEAD cgi 'q=ASEAN'
expect_eq "HEAD answers 200" "$(status)" 200
expect_eq "HEAD has no body" "$(wc -c <"$GZ_OUT/body" | tr -d ' ')" 0

cgi 'q=ASEAN&country=LA&format=json&n=5'
expect_grep "JSON with a charset" "^Content-Type: application/json; charset=utf-8" "$GZ_OUT/head"
"$SEARCH" --db "$db" --json --facets --facet-limit 12 --limit 5 'ASEAN country:LA' >"$GZ_OUT/cli.json" || fail "cli"
python3 - "$GZ_OUT/body" "$GZ_OUT/cli.json" <<'PY' || fail "API differs from gazette-search --json"
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert set(api) == set(cli)
assert [h["id"] for h in api["hits"]] == [h["id"] for h in cli["hits"]]
assert api["total"] == cli["total"] and api["facets"] == cli["facets"]
PY
ok "format=json gives the gazette-search --json schema and results"
cgi 'q=ASEAN+OR+Laos+OR+railway+OR+summit&format=json&n=10&expand=0'
"$SEARCH" --db "$db" --json --facets --facet-limit 12 --no-expand 'ASEAN OR Laos OR railway OR summit' >"$GZ_OUT/cli.json" || fail "cli"
"$SEARCH" --db "$db" --json --facets --facet-limit 12 'ASEAN OR Laos OR railway OR summit' >"$GZ_OUT/cli-exp.json" || fail "cli"
python3 - "$GZ_OUT/body" "$GZ_OUT/cli.json" "$GZ_OUT/cli-exp.json" <<'PY' || fail "expand=0 is not --no-expand"
import json, sys
api, plain, expanded = (json.load(open(p)) for p in sys.argv[1:4])
ids = lambda d: [h["id"] for h in d["hits"]]
assert ids(api) == ids(plain), "expand=0 ranks as --no-expand"
assert ids(plain) != ids(expanded), "test query (four words): expansion should reorder it"
assert api["total"] == expanded["total"] and api["facets"] == expanded["facets"], "expansion only reorders"
PY
ok "expand=0 ranks by the typed words only (as --no-expand); expansion reorders, never adds"
cgi 'q=ASEAN+OR+Laos+OR+railway+OR+summit'
expect_grep "the page offers ranking by the typed words only" 'expand=0">rank by your words only' "$GZ_OUT/body"
cgi 'q=ASEAN+summit'
grep -q 'rank by your words only' "$GZ_OUT/body" && fail "a two-word query is not expanded: no link"
ok "no such link where nothing was expanded"
cgi 'q=ASEAN&expand=2'
expect_eq "a bad expand is a bad request" "$(status)" 400
cgi 'q=date%3A2024-13&format=json'
expect_eq "JSON errors are 400 too" "$(status)" 400
python3 -c 'import json,sys; assert "error" in json.load(open(sys.argv[1]))' "$GZ_OUT/body" || fail "json error body"
ok "a JSON error is a JSON object with the message"

cgi ''
expect_eq "the start page answers without a query" "$(status)" 200
expect_grep "it has the search box with a label" '<label class="sr" for="q">' "$GZ_OUT/body"

# Configuration from gazette.conf beside the program when GAZETTE_DB is unset.
mkdir -p "$GZ_OUT/cgi-bin"
cp "$CGI" "$GZ_OUT/cgi-bin/gazette.cgi"
printf '# Gazette CGI configuration\ndb = %s\n' "$db" >"$GZ_OUT/cgi-bin/gazette.conf"
env -i PATH="$PATH" REQUEST_METHOD=GET QUERY_STRING='q=ASEAN&format=json' \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$GZ_OUT/cgi-bin/gazette.cgi" >"$GZ_OUT/resp" 2>"$GZ_OUT/cgi.err"
grep -q "^Status: 200" "$GZ_OUT/resp" || fail "gazette.conf not read: $(head -1 "$GZ_OUT/resp")"
ok "the index path can come from gazette.conf beside the program"
rm "$GZ_OUT/cgi-bin/gazette.conf"
env -i PATH="$PATH" REQUEST_METHOD=GET QUERY_STRING='q=ASEAN' \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$GZ_OUT/cgi-bin/gazette.cgi" >"$GZ_OUT/resp" 2>"$GZ_OUT/cgi.err"
grep -q "^Status: 503" "$GZ_OUT/resp" || fail "unconfigured: not 503"
ok "without configuration, a search is 503"
