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
