# t25 - messy input loses no article and stops no run: undated articles,
# bad ids, NUL bytes, bare CR, BOMs, Latin-1 JSON, broken SGML, huge
# articles, dangling links and loops, a full disk, kills before the first
# commit and during -j.
. "$(dirname "$0")/lib.sh"
data="$GZ_OUT/data"
mkdir -p "$data/tree/sub"

# -- undated articles ---------------------------------------------------------
printf 'An archive page with no date, about the Mekong ferry.\n' >"$data/undated.txt"
printf '%s\n' '{"id":"u1","title":"Undated wire","body":"Mekong ferry talks"}' \
    '{"id":"u2","date":"2024-02-30","body":"Mekong ferry, a bad date"}' \
    '{"id":"d1","date":"2024-02-01","body":"Mekong ferry, dated"}' \
    '{"id":"d2","date":"2023-02-01","body":"Mekong ferry, dated earlier"}' >"$data/undated.jsonl"
db="$GZ_OUT/undated.db"
expect_status "undated articles are indexed; a malformed date is reported, exit 3" 3 \
    "$INDEX" --db "$db" "$data/undated.txt" "$data/undated.jsonl"
expect_grep "the malformed date is named with its line" "undated.jsonl:2: invalid \"date\" '2024-02-30'" "$GZ_OUT/stderr"
expect_grep "the summary counts the undated" "3 articles without a date" "$GZ_OUT/stderr"
expect_eq "all five articles are in" "$(doccount "$db")" 5
"$SEARCH" --db "$db" --json --limit 10 --sort date Mekong ferry >"$GZ_OUT/s.json" || fail "search"
python3 - "$GZ_OUT/s.json" <<'PY' || fail "undated articles in results"
import json, sys
d = json.load(open(sys.argv[1]))
dates = [h["date"] for h in d["hits"]]
assert d["total"] == 5, d["total"]
assert dates[:2] == ["2024-02-01", "2023-02-01"] and dates[2:] == [None] * 3, dates
PY
ok "newest first puts the undated last, with a null date"
"$SEARCH" --db "$db" --json --limit 10 --sort date-asc Mekong ferry >"$GZ_OUT/s.json" || fail "search"
python3 -c 'import json,sys; d=[h["date"] for h in json.load(open(sys.argv[1]))["hits"]]; assert d == ["2023-02-01","2024-02-01",None,None,None], d' \
    "$GZ_OUT/s.json" || fail "oldest first"
ok "oldest first puts the undated last too"
for f in 'date:2023..2024' 'date:..2030' 'date:1990..'; do
    "$SEARCH" --db "$db" --json "Mekong $f" | python3 -c 'import json,sys; assert json.load(sys.stdin)["total"] == 2' \
        || fail "$f let undated articles through"
done
ok "date filters, open or closed, leave the undated out"
expect_status "the text CLI prints an undated hit" 0 "$SEARCH" --db "$db" Mekong ferry
expect_grep "as undated" "\[undated\] An archive page" "$GZ_OUT/stdout"

# -- one bad record never stops a run, with or without -j ---------------------
long=$(python3 -c 'print("x" * 300)')
{ printf 'date 2024-01-01\nid:\n\nEmpty id, about rice.\n\n'
  printf 'date 2024-01-02\nid: %s\n\nLong id, about rice.\n\n' "$long"
  i=0; while [ $i -lt 40 ]; do printf 'date 2024-01-03\nid: r%d\n\nRice harvest %d.\n\n' $i $i; i=$((i + 1)); done
} >"$data/ids.txt"
for jobs in 1 2; do
    db="$GZ_OUT/ids$jobs.db"
    expect_status "-j $jobs: bad ids are reported, the run goes on, exit 3" 3 "$INDEX" -j $jobs --db "$db" "$data/ids.txt"
    expect_grep "-j $jobs: the long id is skipped, naming its line" "ids.txt:6: 'id:' of 300 bytes" "$GZ_OUT/stderr"
    expect_grep "-j $jobs: the empty id falls back to a content id" "ids.txt:1: empty 'id:'" "$GZ_OUT/stderr"
    expect_eq "-j $jobs: the other 41 articles are indexed" "$(doccount "$db")" 41
    expect_grep "-j $jobs: the summary agrees with the index" "now holds 41" "$GZ_OUT/stderr"
done

# JSON Lines are decoded on threads beside the reader with -j (parse_pool.h):
# bad lines spread over many batches are reported as one reader reports
# them, in order, and the rest indexed.
python3 - "$data/spread.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1, 1201):
        if i % 97 == 0:
            f.write('{"id": "b%d", "body": unfinished\n' % i)
        elif i % 89 == 0:
            f.write(json.dumps({"id": "w%d" % i, "date": "2024-13-01", "body": "grain %d" % i}) + "\n")
        elif i % 151 == 0:
            f.write("\n[%d]\n" % i)
        else:
            f.write(json.dumps({"id": "g%d" % i, "date": "2024-01-02", "body": "Grain shipment %d left port." % i}) + "\n")
PY
for jobs in 1 5; do
    expect_status "-j $jobs: bad JSON lines are reported, exit 3" 3 "$INDEX" -j $jobs --db "$GZ_OUT/spread$jobs.db" "$data/spread.jsonl"
    grep -v "in [0-9.]* s\|compacted:" "$GZ_OUT/stderr" >"$GZ_OUT/spread$jobs.err"
done
expect_eq "-j 5 indexes what -j 1 does" "$(doccount "$GZ_OUT/spread5.db")" "$(doccount "$GZ_OUT/spread1.db")"
expect_eq "the good and the warned lines are in" "$(doccount "$GZ_OUT/spread1.db")" 1181
cmp -s "$GZ_OUT/spread1.err" "$GZ_OUT/spread5.err" ||
    { diff "$GZ_OUT/spread1.err" "$GZ_OUT/spread5.err" | head; fail "-j 5 reports differently"; }
expect_grep "each bad line named, in input order" "spread.jsonl:1171: invalid JSON" "$GZ_OUT/spread5.err"
[ "$(grep -c 'spread.jsonl:[0-9]*:' "$GZ_OUT/spread5.err")" -eq 32 ] || fail "not every bad line reported"
ok "-j 5 reports the 32 bad lines as -j 1 does, word for word and in order"

# -- readers --------------------------------------------------------------------
printf 'date 2024-03-01\nFerry report\n\nThe ferry\000 crossed at dawn near Pakse.\n' >"$data/nul.txt"
printf 'date 2024-03-02\rCR one about Luang Prabang.\r\rdate 2024-03-03\rCR two about Savannakhet.\r' >"$data/cr.txt"
printf '\357\273\277{"id":"j1","date":"2024-03-04","body":"BOM first line about Vientiane"}\n{"id":"j2","date":"2024-03-05","body":"Caf\351 in M\374nchen"}\n' >"$data/latin1.jsonl"
printf '<REUTERS NEWID="1">\n<DATE>1-APR-1987 10:00:00.00</DATE>\n<TEXT><TITLE>OPEN BODY</TITLE><BODY>Talks in Caf&#233; Laos \000 went on.\n</TEXT>\n</REUTERS>\n' >"$data/open.sgm"
db="$GZ_OUT/readers.db"
expect_status "damaged but readable files are indexed" 3 "$INDEX" --db "$db" "$data/nul.txt" "$data/cr.txt" \
    "$data/latin1.jsonl" "$data/open.sgm"
expect_eq "every article of them" "$(doccount "$db")" 6
expect_grep "an unclosed <BODY> is reported" "open.sgm:1: record NEWID 1: <BODY> is never closed" "$GZ_OUT/stderr"
expect_status "the text after a NUL byte is indexed" 0 "$SEARCH" --db "$db" Pakse
expect_grep "found" "^1 matching article" "$GZ_OUT/stdout"
expect_status "bare-CR articles stay apart" 0 "$SEARCH" --db "$db" Savannakhet
expect_grep "one article" "^1 matching article" "$GZ_OUT/stdout"
expect_status "a BOM does not cost the first JSON line" 0 "$SEARCH" --db "$db" Vientiane
expect_grep "found" "^1 matching article" "$GZ_OUT/stdout"
expect_status "Latin-1 JSON is read as docs/indexing.md promises" 0 "$SEARCH" --db "$db" münchen
expect_grep "found" "^1 matching article" "$GZ_OUT/stdout"
expect_status "an SGML character reference is kept" 0 "$SEARCH" --db "$db" café Laos
expect_grep "found" "^1 matching article" "$GZ_OUT/stdout"

# -- a huge article is cut, and costs a search no more than a long one ---------
python3 - "$data/huge.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("date 2024-04-01\nHuge report\n\nThe opening paragraph about the dam.\n\n")
    f.write("filler words about nothing in particular. " * 60000)
    f.write("\n\nA hidden word: zanzibarite.\n")
PY
db="$GZ_OUT/huge.db"
expect_status "a 2.5 MB article is indexed, cut, exit 3" 3 "$INDEX" --db "$db" "$data/huge.txt"
expect_grep "the cut is reported with the limit" "huge.txt:1: article of 2.* KB: only its first 1024 KB are indexed" "$GZ_OUT/stderr"
expect_grep "and counted" "1 cut to --max-article-kb" "$GZ_OUT/stderr"
expect_status "words past the limit are not indexed" 0 "$SEARCH" --db "$db" zanzibarite
expect_grep "none found" "^0 matching articles" "$GZ_OUT/stdout"
expect_status "--max-article-kb raises the limit" 0 "$INDEX" --db "$db" --max-article-kb 4096 "$data/huge.txt"
expect_status "then the word is found" 0 "$SEARCH" --db "$db" --json zanzibarite
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); h=d["hits"][0]; assert d["total"]==1 and h["highlights"]==[] and h["snippet"].startswith("The opening"), h' \
    "$GZ_OUT/stdout" || fail "snippet of a word past the scan limit"
ok "a snippet scans only the first 256 KB: past it, the lead is shown"

# A line with no end (30 MB of zeros in 30 KB of gzip) is read only up to a cap.
head -c 30000000 /dev/zero | gzip -c >"$data/bomb.jsonl.gz"
expect_status "a gzip bomb of one endless line is read up to a cap, exit 3" 3 "$INDEX" --db "$db" "$data/bomb.jsonl.gz"
expect_grep "the cut is reported" "bomb.jsonl.gz:1: a line longer than 16 MB: the rest of it" "$GZ_OUT/stderr"

# -- directories: a dangling link and a link loop are passed over -------------
cp "$data/nul.txt" "$data/tree/a.txt"
cp "$data/cr.txt" "$data/tree/sub/b.txt"
ln -s "$data/nowhere.txt" "$data/tree/dangling.txt"
ln -s .. "$data/tree/sub/loop"
db="$GZ_OUT/tree.db"
expect_status "a tree with a dangling link and a loop is indexed, exit 3" 3 "$INDEX" --db "$db" "$data/tree"
expect_grep "the dangling link is named" "tree/dangling.txt: a dangling symbolic link: passed over" "$GZ_OUT/stderr"
expect_grep "the loop is named" "tree/sub/loop: a link back to a folder above it: passed over" "$GZ_OUT/stderr"
expect_eq "the real files are indexed" "$(doccount "$db")" 3

# -- messages -------------------------------------------------------------------
printf 'hello\n' >"$data/what.dat"
expect_status "a file of unknown format" 3 "$INDEX" --db "$db" "$data/what.dat"
grep -q "gazette-index: : " "$GZ_OUT/stderr" && fail "an empty file name in the message"
expect_grep "the message starts with the file" "^gazette-index: $data/what.dat: cannot tell the format" "$GZ_OUT/stderr"

# A full disk (a file size limit stands in for it): the message says why,
# the summary says what the index holds, and it is intact.
db="$GZ_OUT/full.db"
cat "$data/ids.txt" "$data/ids.txt" "$data/ids.txt" >"$data/more.txt"
for jobs in 1 2; do
    sh -c "trap '' XFSZ; ulimit -f 64; exec '$INDEX' -j $jobs --batch-mb 1 --db '$db.$jobs' '$data/huge.txt'" \
        >"$GZ_OUT/stdout" 2>"$GZ_OUT/stderr" && fail "-j $jobs: a full disk went unnoticed"
    expect_grep "-j $jobs: the cause is named" "File too large" "$GZ_OUT/stderr"
    expect_grep "-j $jobs: the summary says what the index holds" "the index holds [0-9]* (its last commit)" "$GZ_OUT/stderr"
    grep -q "^gazette-index: indexed" "$GZ_OUT/stderr" && fail "-j $jobs: the summary claims articles were indexed"
    expect_status "-j $jobs: the index still searches" 0 "$SEARCH" --db "$db.$jobs" dam
done

# -- kills before the first commit, and during -j -------------------------------
mkfifo "$data/fifo.txt"
db="$GZ_OUT/early.db"
"$INDEX" -q --db "$db" --format text "$data/fifo.txt" &
pid=$!
exec 3>"$data/fifo.txt"             # the indexer is now past opening its index
printf 'date 2024-05-01\nNever committed.\n' >&3
sleep 0.5
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
expect_status "an index killed before its first commit searches (empty)" 0 "$SEARCH" --db "$db" anything
expect_grep "as an empty index" "^0 matching articles" "$GZ_OUT/stdout"

"$INDEX" -q -j 2 --db "$db" --format text "$data/fifo.txt" &
pid=$!
exec 3>"$data/fifo.txt"
cat "$data/ids.txt" >&3
tries=0
until [ -d "$db.gazette-tmp/shard-1" ]; do
    tries=$((tries + 1)); [ $tries -gt 300 ] && fail "no shard appeared"; sleep 0.1
done
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
[ -d "$db.gazette-tmp" ] || fail "the killed -j run left no shards (test setup)"
expect_status "the next run works" 0 "$INDEX" -q --db "$db" "$data/nul.txt"
[ -d "$db.gazette-tmp" ] && fail "the shards of the killed -j run are still there"
ok "the next run removes the shards a killed -j run left"
exit 0
