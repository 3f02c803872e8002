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
sleep 1

expect_status "a second writer is refused" 1 "$INDEX" --db "$db" "$SAMPLE"
expect_grep "the refusal says why" "index is being written by another process" "$GZ_OUT/stderr"
expect_status "a reader searches while the writer works" 0 "$SEARCH" --db "$db" ASEAN
expect_grep "reader sees the committed articles" "matching article" "$GZ_OUT/stdout"

exec 3>&-
wait $writer || fail "the first writer failed: $(cat "$GZ_OUT/writer.err")"
ok "the first writer finished"
expect_eq "its article was added" "$(doccount "$db")" 34
