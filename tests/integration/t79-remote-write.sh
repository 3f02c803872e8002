# t79 - writing to remote shards in the background (a thread per shard,
# common/store/xap_sender.h): small batches, replacing, deleting and the
# word list arrive whole, and the shards answer as one index does.  Small
# enough to run under ThreadSanitizer too (make check).
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "needs xapian-tcpsrv (make deps)"; exit 77; }
stub="$GZ_OUT/w.stub" one="$GZ_OUT/one.db" pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done' EXIT
: >"$stub"
for i in 0 1; do
    port=$(free_port)
    pids="$pids $(start_tcpsrv "$port" "$GZ_OUT/shard$i" --writable)"
    echo "remote 127.0.0.1:$port" >>"$stub"
done
"$INDEX" -q --commit-every 5 --db "$one" "$SAMPLE" || fail "index one"
expect_status "indexing in batches of 5 through two writable remote shards" 0 \
    "$INDEX" --commit-every 5 --db "$stub" "$SAMPLE"
expect_grep "... counts every article as new" "indexed 37 articles (37 new, 0 replaced)" "$GZ_OUT/stderr"
expect_status "indexing the same again" 0 "$INDEX" --full --commit-every 5 --db "$stub" "$SAMPLE"
expect_grep "... counts them replaced, though each replace went in the background" \
    "(0 new, 37 replaced)" "$GZ_OUT/stderr"
"$INDEX" -q --commit-every 5 --db "$one" "$SAMPLE" || fail "index one again"
id=$("$SEARCH" --db "$one" --json -n 1 Vientiane | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
"$INDEX" -q --db "$one" --delete "$id" && "$INDEX" -q --db "$stub" --delete "$id" || fail "delete"
expect_eq "both hold the same number of articles" "$(doccount "$stub")" "$(doccount "$one")"
for q in Vientiane 'ASEAN Regional Forum' 'person:"Kim Song-nam"' Pyongyan '--facets country:CN' \
    '--sort date laos'; do
    eval "set -- $q"
    "$SEARCH" --db "$one" --json "$@" >"$GZ_OUT/a.json" || fail "one: $q"
    "$SEARCH" --db "$stub" --json "$@" >"$GZ_OUT/b.json" || fail "stub: $q"
    cmp -s "$GZ_OUT/a.json" "$GZ_OUT/b.json" || fail "$q differs over the remote shards"
done
ok "searches over the shards written in the background answer as one index"
