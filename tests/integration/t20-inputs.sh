# t20 - every input form and the bad input a user will feed gazette-index.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/in.db"
data="$GZ_OUT/data"
mkdir -p "$data"

printf '%s\n' \
  '{"id":"j1","date":"2024-01-01","title":"One","body":"first body"}' \
  '{"id":"j2","date":"2024-01-02","title":"Two","body":"second body"}' \
  '{"id":"j3","date":"2024-01-03","title":"Three","body":"third body"}' >"$data/good.jsonl"
gzip -c "$data/good.jsonl" >"$data/good.jsonl.gz"
expect_status "index gzip JSON Lines" 0 "$INDEX" --db "$db" "$data/good.jsonl.gz"
expect_eq "three articles from gzip" "$(doccount "$db")" 3

expect_status "index from stdin" 0 sh -c "cat '$SAMPLE/2023-korea.txt' | '$INDEX' --db '$db' -"
expect_eq "stdin articles added" "$(doccount "$db")" 6

expect_status "--format overrides the file name" 0 sh -c "cp '$data/good.jsonl' '$data/good.data' && '$INDEX' --db '$db' --format jsonl '$data/good.data'"
expect_eq "same ids replace" "$(doccount "$db")" 6

printf '%s\n' \
  '{"id":"b1","date":"2024-02-01","body":"fine"}' \
  '{"id":"b2","date":"2024-02-02","body":"broken' \
  '{"id":"b3","body":"no date"}' \
  '{"id":"b4","date":"2024-02-04","body":"also fine"}' >"$data/broken.jsonl"
expect_status "a broken JSON line is skipped, exit 3" 3 "$INDEX" --db "$db" "$data/broken.jsonl"
expect_grep "broken line reported as FILE:LINE" "broken.jsonl:2: invalid JSON" "$GZ_OUT/stderr"
grep -q "broken.jsonl:3" "$GZ_OUT/stderr" && fail "an article without a date is no error"
ok "an article without a date is not reported"
expect_grep "the summary counts it" "1 article without a date" "$GZ_OUT/stderr"
expect_eq "the good records and the undated one are indexed" "$(doccount "$db")" 9

i=0
while [ $i -lt 2000 ]; do
    printf '{"id":"c%d","date":"2024-03-01","body":"article %d of a long archive"}\n' $i $i
    i=$((i + 1))
done | gzip -c >"$data/long.jsonl.gz"
head -c 3000 "$data/long.jsonl.gz" >"$data/cut.jsonl.gz"
expect_status "a truncated gzip file fails, exit 3" 3 "$INDEX" --db "$db" "$data/cut.jsonl.gz"
expect_grep "truncated gzip named" "cut.jsonl.gz.*truncated gzip" "$GZ_OUT/stderr"
count=$(doccount "$db")
[ "$count" -gt 9 ] && [ "$count" -lt 2009 ] || fail "truncated gzip: $count documents"
ok "articles before the cut are kept, nothing already indexed is lost"
expect_status "the complete file indexes in full" 0 "$INDEX" --db "$db" "$data/long.jsonl.gz"
expect_eq "all 2000 then" "$(doccount "$db")" 2009

printf 'date 2024-05-05\nM\374nchen \377 talks\n' >"$data/latin1.txt"
expect_status "invalid UTF-8 is indexed" 0 "$INDEX" --db "$db" "$data/latin1.txt"
expect_status "its Latin-1 letter is searchable" 0 "$SEARCH" --db "$db" münchen
expect_grep "found through the folded form" "1 matching article" "$GZ_OUT/stdout"

printf 'no date here\nat all\n' >"$data/nodate.txt"
expect_status "a text file without a date line is one undated article" 0 "$INDEX" --db "$db" "$data/nodate.txt"
expect_grep "counted as undated" "1 article without a date" "$GZ_OUT/stderr"

printf 'hello\n' >"$data/what.dat"
expect_status "an unknown format is an error naming the file" 3 "$INDEX" --db "$db" "$data/what.dat"
expect_grep "format error" "what.dat: cannot tell the format" "$GZ_OUT/stderr"

expect_status "a missing input is a usage error" 2 "$INDEX" --db "$db" "$data/nope.txt"
expect_grep "missing input named" "nope.txt: No such file or directory" "$GZ_OUT/stderr"
expect_status "a bad option value is a usage error" 2 "$INDEX" --db "$db" -j 0 "$data/good.jsonl"
expect_grep "bad -j named" "--jobs wants a number" "$GZ_OUT/stderr"
expect_status "another language than the index's is refused" 1 "$INDEX" --db "$db" --language french "$data/good.jsonl"
expect_grep "language clash explained" "built with language 'english'" "$GZ_OUT/stderr"
expect_eq "after all the errors, the index is intact" "$(doccount "$db")" 2011
