# t50 - kill -9 during indexing leaves the last commit usable, and a rerun
# completes the work with exactly the right count.
. "$(dirname "$0")/lib.sh"
need_shared
db="$GZ_OUT/kill.db"
reuters="$GZ_SHARED/reuters21578"

"$INDEX" -q --commit-every 500 --db "$db" "$reuters" &
# After a few commits, kill without warning.
kill_after $! "$db" 1499
count=$(doccount "$db")
[ -n "$count" ] || fail "the index does not open after kill -9"
[ $((count % 500)) -eq 0 ] && [ "$count" -lt 18000 ] || fail "after kill: $count documents, not a whole number of commits"
ok "after kill -9 the index opens at its last commit ($count documents)"
expect_status "a search works on the killed index" 0 "$SEARCH" --db "$db" oil
expect_status "a rerun completes the work" 0 "$INDEX" --db "$db" "$reuters"
expect_eq "exactly 18000 documents after the rerun" "$(doccount "$db")" 18000

# kill -9 while the finished index is being compacted: the index in place is
# the whole committed one (the new copy is swapped in by one rename, or not).
rm -rf "$db"
"$INDEX" -q --db "$db" "$reuters" &
pid=$!
tries=0
until [ -d "$db.gazette-tmp/compacted" ]; do
    tries=$((tries + 1))
    # (a sanitized build on a busy machine takes over a minute to get there)
    [ $tries -gt 6000 ] && { kill -9 $pid; fail "no compaction seen in 300 s"; }
    kill -0 $pid 2>/dev/null || fail "the indexer ended before its compaction could be caught"
    sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
expect_eq "killed while compacting: the index holds every article" "$(doccount "$db")" 18000
expect_status "the next run clears the half-made copy" 0 "$INDEX" --db "$db" "$GZ_SHARED/reuters21578/reut2-000.sgm"
[ -e "$db.gazette-tmp" ] && fail "the half-made copy is left"
ok "the half-made copy is removed by the next run"
