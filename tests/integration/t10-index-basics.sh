# t10 - index the sample corpus, re-index it, extract it, delete from it.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/news.db"

expect_status "index sample corpus" 0 "$INDEX" --db "$db" "$SAMPLE"
expect_eq "all 37 sample articles indexed" "$(doccount "$db")" 37
expect_grep "summary counts new articles" "indexed 37 articles (37 new, 0 replaced)" "$GZ_OUT/stderr"

expect_status "re-index the same corpus (--full: read again though unchanged)" 0 "$INDEX" --full --db "$db" "$SAMPLE"
expect_eq "re-indexing replaces, never duplicates" "$(doccount "$db")" 37
expect_grep "summary counts replacements" "(0 new, 37 replaced)" "$GZ_OUT/stderr"

expect_status "extract the sample corpus" 0 "$INDEX" --extract "$SAMPLE"
expect_eq "extract prints one JSON line per article" "$(wc -l <"$GZ_OUT/stdout" | tr -d ' ')" 37
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    a = json.loads(line)
    assert set(a) >= {"id", "date", "title", "body"}, a
' "$GZ_OUT/stdout" || fail "extract output is not the documented JSON"
ok "extract lines are JSON objects with id, date, title, body"

expect_status "search the index" 0 "$SEARCH" --db "$db" Kim Song-nam
expect_grep "the delegation story is found" "North Korean party delegation sets out for Beijing" "$GZ_OUT/stdout"

id=$("$INDEX" --extract "$SAMPLE/2024-dprk-tour.txt" | head -n 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
expect_status "delete one article by id" 0 "$INDEX" --db "$db" --delete "$id"
expect_eq "the index has one article fewer" "$(doccount "$db")" 36
expect_status "search after delete" 0 "$SEARCH" --db "$db" Kim Song-nam
grep -q "sets out for Beijing" "$GZ_OUT/stdout" && fail "deleted article still found"
ok "the deleted article is no longer found"
expect_status "deleting an unknown id is reported" 3 "$INDEX" --db "$db" --delete no-such-id
expect_grep "unknown id named" "no article with id 'no-such-id'" "$GZ_OUT/stderr"
expect_eq "nothing else was deleted" "$(doccount "$db")" 36

# -- compaction: a run that wrote most of an index leaves it compacted ------
cdb="$GZ_OUT/compact.db"
expect_status "index the sample into a new index" 0 "$INDEX" --db "$cdb" "$SAMPLE"
expect_grep "the summary gives the size before and after" "compacted: [0-9.]* MB as written, [0-9.]* MB now" "$GZ_OUT/stderr"
[ -e "$cdb.gazette-tmp" ] && fail "the scratch directory is left behind"
ok "the index it replaced is removed"
expect_status "-v gives the time of each phase" 0 "$INDEX" -v --full --db "$cdb" "$SAMPLE"
expect_grep "phases named" "time by phase (s): parse [0-9.]*, index [0-9.]*, names [0-9.]*, compact [0-9.]*" "$GZ_OUT/stderr"
expect_status "--no-compact leaves it as written" 0 "$INDEX" --no-compact --full --db "$cdb" "$SAMPLE"
grep -q "compacted:" "$GZ_OUT/stderr" && fail "--no-compact compacted"
ok "--no-compact does not compact"
cp "$SAMPLE/2024-dprk-tour.txt" "$GZ_OUT/one.txt"
expect_status "a run that adds a small part" 0 "$INDEX" --full --db "$cdb" "$GZ_OUT/one.txt"
grep -q "compacted:" "$GZ_OUT/stderr" && fail "a small addition compacted the whole index"
ok "a run that writes a small part of the index does not compact it"
# A file system that cannot exchange two directories in one rename takes two:
# a kill between them leaves the old index in the scratch directory, and the
# next run puts it back before anything else.
mkdir "$cdb.gazette-tmp" && mv "$cdb" "$cdb.gazette-tmp/old" || fail "test setup"
expect_status "the next run after a kill between the renames" 0 "$INDEX" --db "$cdb" "$GZ_OUT/one.txt"
expect_eq "the old index is back, whole" "$(doccount "$cdb")" 37
