# t30 - one writer at a time, with a clear message; readers read meanwhile.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/lock.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "initial index"

# A writer that holds the lock while it waits for more input on stdin.
fifo="$GZ_OUT/fifo"
mkfifo "$fifo"
"$INDEX" -q --db "$db" - <"$fifo" 2>"$GZ_OUT/writer.err" &
writer=$!
exec 3>"$fifo"
printf '%s\n' '{"id":"w1","date":"2024-06-01","body":"written while locked"}' >&3
# Wait until the writer holds the index's lock (it first loads the
# gazetteer, which takes a while under ASan): Xapian keeps the lock file
# open in the process that holds the lock.
tries=0
until ls -l /proc/$writer/fd 2>/dev/null | grep -q "$db/flintlock"; do
    tries=$((tries + 1))
    [ $tries -gt 600 ] && fail "the first writer never took the lock"
    kill -0 $writer 2>/dev/null || fail "the first writer ended: $(cat "$GZ_OUT/writer.err")"
    sleep 0.05
done

expect_status "a second writer is refused" 1 "$INDEX" --db "$db" "$SAMPLE"
expect_grep "the refusal says why" "index is being written by another process" "$GZ_OUT/stderr"
expect_status "a reader searches while the writer works" 0 "$SEARCH" --db "$db" ASEAN
expect_grep "reader sees the committed articles" "^[1-9][0-9]* matching \(articles\|stories\)" "$GZ_OUT/stdout"

exec 3>&-
wait $writer || fail "the first writer failed: $(cat "$GZ_OUT/writer.err")"
ok "the first writer finished"
expect_eq "its article was added" "$(doccount "$db")" 38
