# t81 - a read replica with Xapian's own replication: the master is indexed
# with changesets kept (XAPIAN_MAX_CHANGESETS), xapian-replicate-server
# serves it, xapian-replicate keeps a copy up to date, and a gazette.fcgi
# searching the copy sees new articles without a restart -- also after a
# -j run, which replaces the master whole (a full copy, a new replica).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
need_lighttpd
command -v xapian-replicate-server >/dev/null || { echo "needs xapian-tools (make deps)"; exit 77; }
export XAPIAN_MAX_CHANGESETS=20
masters="$GZ_OUT/masters" replica="$GZ_OUT/replica/news"
mkdir -p "$masters" "$GZ_OUT/replica"
"$INDEX" -q --db "$masters/news" "$SAMPLE" || fail "index the master"
rport=$(free_port)
setsid xapian-replicate-server -I 127.0.0.1 -p "$rport" "$masters" >"$GZ_OUT/replicate-server.log" 2>&1 &
rpid=$!
pids="$rpid"
stop_all() {
    stop_server
    for p in $pids; do kill "$p" 2>/dev/null; done
}
trap stop_all EXIT
tries=0
until xapian-replicate -q -h 127.0.0.1 -p "$rport" -m news -o "$replica" 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -gt 50 ] && fail "xapian-replicate-server does not answer"
    sleep 0.1
done
expect_eq "the replica holds the master's articles" "$(doccount "$replica")" "$(doccount "$masters/news")"
# Following the master: a replication every second, changesets applied at once.
setsid xapian-replicate -q -h 127.0.0.1 -p "$rport" -m news -i 1 -r 0 "$replica" \
    >"$GZ_OUT/replicate.log" 2>&1 &
pids="$pids $!"
start_server "$replica" gazette.fcgi
trap stop_all EXIT      # start_server set its own
api_total() {
    curl -s "$BASE/gazette.fcgi?q=$1&format=json" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
expect_eq "gazette.fcgi over the replica answers" "$(api_total Vientiane)" \
    "$("$SEARCH" --db "$masters/news" --json Vientiane | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"

printf 'date 2024-09-02\nQuenbrook harbour reopens\n\nThe Quenbrook harbour reopened to ferries on Monday.\n' \
    >"$GZ_OUT/new.txt"
"$INDEX" -q --db "$masters/news" "$GZ_OUT/new.txt" || fail "index a new article"
wait_for() {    # QUERY TOTAL WHAT
    tries=0
    until [ "$(api_total "$1")" = "$2" ]; do
        tries=$((tries + 1))
        [ $tries -gt 100 ] && fail "$3: $(api_total "$1") for $1, want $2"
        sleep 0.2
    done
    ok "$3"
}
wait_for Quenbrook 1 "a new article on the master reaches gazette.fcgi through the replica, no restart"

printf 'date 2024-09-03\nQuenbrook ferry timetable\n\nFerries from Quenbrook run hourly again.\n' \
    >"$GZ_OUT/new2.txt"
"$INDEX" -q -j 2 --db "$masters/news.j" "$SAMPLE" "$GZ_OUT/new.txt" "$GZ_OUT/new2.txt" || fail "-j index"
rm -rf "$masters/news.old" && mv "$masters/news" "$masters/news.old" && mv "$masters/news.j" "$masters/news" ||
    fail "swap the master"
wait_for Quenbrook 2 "a master rebuilt whole (-j) reaches it too (a full copy)"
