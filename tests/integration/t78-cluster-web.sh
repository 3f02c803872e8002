# t78 - gazette.fcgi over two remote shards (xapian-tcpsrv, read-only,
# loopback): a shard that stops answering gives a partial page and JSON
# without a restart of the server, the long-lived processes use it again
# once it is back, and with no shard at all the answer is 503.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
need_lighttpd
command -v xapian-tcpsrv >/dev/null || { echo "needs xapian-tcpsrv (make deps)"; exit 77; }
export GAZETTE_SHARD_TIMEOUT=1
"$INDEX" -q --db "$GZ_OUT/archive" --shards 2 "$SAMPLE" || fail "index"
stub="$GZ_OUT/remote.stub" pids=""
: >"$stub"
for i in 0 1; do
    eval "port$i=$(free_port)"
    eval "port=\$port$i"
    eval "pid$i=$(start_tcpsrv "$port" "$GZ_OUT/archive.shards/$i")"
    eval "pids=\"\$pids \$pid$i\""
    echo "remote 127.0.0.1:$port" >>"$stub"
done
start_server "$stub" gazette.fcgi
trap 'stop_server; for p in $pids; do kill $p 2>/dev/null; done' EXIT
ok "lighttpd runs gazette.fcgi over two xapian-tcpsrv shards"

api() {
    curl -s "$BASE/gazette.fcgi?q=laos&format=json" >"$GZ_OUT/api.json"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("partial" if d["partial"] else "complete", d["total"])' \
        "$GZ_OUT/api.json"
}
"$SEARCH" --db "$GZ_OUT/archive" --json laos >"$GZ_OUT/cli.json" || fail "cli"
full=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$GZ_OUT/cli.json")
expect_eq "the JSON API over both shards is complete" "$(api)" "complete $full"
curl -s "$BASE/gazette.fcgi?q=ASEAN+Regional+Forum&format=json" >"$GZ_OUT/web.json"
"$SEARCH" --db "$GZ_OUT/archive" --json --facets --facet-limit 12 ASEAN Regional Forum >"$GZ_OUT/one.json" ||
    fail "cli over the local shards"
cmp -s "$GZ_OUT/web.json" "$GZ_OUT/one.json" || fail "the API over the remote shards differs from the CLI's JSON"
ok "... and the same JSON as gazette-search gives over the archive's own shards"

# shellcheck disable=SC2154
kill "$pid1"
for _ in 1 2 3 4; do api >/dev/null; done     # each of the FastCGI processes
got=$(api)
[ "${got%% *}" = partial ] && [ "${got#* }" -gt 0 ] && [ "${got#* }" -lt "$full" ] ||
    fail "with shard 1 down: $got (one index: $full)"
ok "shard 1 stopped: a partial answer from shard 0 ($got of $full), no restart"
code=$(curl -s -o "$GZ_OUT/page.html" -w '%{http_code}' "$BASE/gazette.fcgi?q=laos")
expect_eq "the page still answers 200" "$code" 200
expect_grep "... saying results may be incomplete" "did not answer (1 shard): these results may be incomplete" "$GZ_OUT/page.html"

# shellcheck disable=SC2154
eval "pid1=$(start_tcpsrv "$port1" "$GZ_OUT/archive.shards/1")"
pids="$pids $pid1"
tries=0
until [ "$(api)" = "complete $full" ] && [ "$(api)" = "complete $full" ] && [ "$(api)" = "complete $full" ]; do
    tries=$((tries + 1))
    [ $tries -gt 100 ] && fail "gazette.fcgi did not notice shard 1 coming back: $(api)"
    sleep 0.2
done
ok "shard 1 back: gazette.fcgi answers completely again, without a restart"

# shellcheck disable=SC2154
kill "$pid0" "$pid1"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/gazette.fcgi?q=laos&format=json")
expect_eq "no shard answers: 503" "$code" 503
