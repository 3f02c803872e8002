# t77 - an archive on three shards served by xapian-tcpsrv (loopback): the
# indexer writes through the stub, every search answers exactly as one index
# of the same articles does, replace and delete reach the right shard, a
# shard that stops answering gives partial answers within the timeout (and
# all of them down, an error), and a restarted shard is used again.  Also
# local shards: --shards, a changed shard count refused until --reshard,
# -j, and a kill mid-run.
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "needs xapian-tcpsrv (make deps)"; exit 77; }
export GAZETTE_SHARD_TIMEOUT=1
one="$GZ_OUT/one.db" stub="$GZ_OUT/cluster.stub"
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done' EXIT
: >"$stub"
for i in 0 1 2; do
    eval "port$i=$(free_port)"
    eval "port=\$port$i"
    eval "pid$i=$(start_tcpsrv "$port" "$GZ_OUT/shard$i" --writable)"
    eval "pids=\"\$pids \$pid$i\""
    echo "remote 127.0.0.1:$port" >>"$stub"
done
# shellcheck disable=SC2154
ok "three writable xapian-tcpsrv on ports $port0 $port1 $port2"

input="$SAMPLE"
if [ -d "$GZ_SHARED/reuters21578" ]; then
    mkdir -p "$GZ_OUT/input"
    cp -r "$SAMPLE" "$GZ_OUT/input/sample"
    cp "$GZ_SHARED"/reuters21578/reut2-00[0-1].sgm "$GZ_OUT/input/"
    input="$GZ_OUT/input"
fi
"$INDEX" -q --db "$one" "$input" || fail "index one"
expect_status "the indexer writes through the stub to the remote shards" 0 \
    "$INDEX" -q --db "$stub" "$input"
total=$(doccount "$one")
n0=$(doccount "$GZ_OUT/shard0") n1=$(doccount "$GZ_OUT/shard1") n2=$(doccount "$GZ_OUT/shard2")
[ $((n0 + n1 + n2)) = "$total" ] && [ "$n0" -gt 0 ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] ||
    fail "shards hold $n0 + $n1 + $n2, one index $total"
ok "each article is in one shard ($n0 + $n1 + $n2 = $total)"

# compare_all DB: the JSON of every query below over DB equals one index's.
queries="$GZ_OUT/queries.txt"
cat >"$queries" <<'Q'
ASEAN Regional Forum
Kim Song-nam Laos
"ASEAN Regional Forum"
person:"Wang Huning"
person:"Wang Huning" country:CN date:2024-03
country:KP
country:LA
org:ASEAN
date:2024-03
date:2024-01..2024-06
the
laos OR vietnam
railway NOT china
title:railway
--facets ASEAN
--facets country:KP
--facets --facet-sample 5 the
--facets --facet-sample 5 laos
--facet-limit 3 --facets delegation
--sort date laos
--sort date-asc laos
--sort date country:CN
--sort date-asc country:KP
--offset 3 --limit 3 laos
--offset 6 --limit 3 laos
--offset 0 --limit 50 the
--no-collapse Regional Forum
--any kip reference rate
--no-expand Kim Song-nam visit to Vientiane talks
Pyongyan
Vientianne railway
Regional Forum opens
oil prices
--facets oil
--sort date grain
country:US --facets
"interest rates"
--no-collapse --limit 20 dividend
Q
compare_all() {
    n=0
    while IFS= read -r q; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        eval "set -- $q"
        "$SEARCH" --db "$one" --json "$@" >"$GZ_OUT/a.json" 2>&1 || fail "one index: $q"
        "$SEARCH" --db "$cmp_db" --json "$@" >"$GZ_OUT/b.json" 2>"$GZ_OUT/b.err" ||
            { cat "$GZ_OUT/b.err"; fail "$cmp_db: $q"; }
        cmp -s "$GZ_OUT/a.json" "$GZ_OUT/b.json" || {
            diff "$GZ_OUT/a.json" "$GZ_OUT/b.json" | head -5
            fail "$q: the JSON over $(basename "$cmp_db") differs from one index's"
        }
    done <"$queries"
    echo "$n"
}
cmp_db="$stub"
n=$(compare_all) || { echo "$n"; exit 1; }
ok "$n queries: the same JSON over the remote shards as over one index (hits, order, scores, totals, facets, snippets, pages, suggestions)"

# A query of filters only has nothing to rank by: newest first (oldest
# first when asked), ties by id, whatever the shards.
for order in relevance date-asc; do
    "$SEARCH" --db "$stub" --json --sort "$order" -n 50 country:KP >"$GZ_OUT/f.json" || fail "filters only"
    python3 - "$GZ_OUT/f.json" "$order" <<'PY' || fail "filters only, --sort $order: wrong order"
import json, sys
hits = json.load(open(sys.argv[1]))["hits"]
keys = [(h["date"], h["id"]) for h in hits]
want = sorted(keys, reverse=sys.argv[2] == "relevance")
assert len(keys) > 3 and [k[0] for k in keys] == [k[0] for k in want], keys
PY
done
ok "filters only: newest first by default, oldest first with --sort date-asc"

# Replace and delete by id reach the article's shard.
id=$("$SEARCH" --db "$one" --json --limit 1 'person:"Wang Huning"' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
python3 -c 'import json,sys; print(json.dumps({"id": sys.argv[1], "date": "2024-03-21", "title": "Wang Huning replaced", "body": "A corrected report about the Quenbrook harbour talks."}))' \
    "$id" >"$GZ_OUT/fix.jsonl"
"$INDEX" -q --db "$one" "$GZ_OUT/fix.jsonl" || fail "replace in one"
expect_status "re-indexing an id through the stub replaces it" 0 "$INDEX" -q --db "$stub" "$GZ_OUT/fix.jsonl"
expect_eq "... in its shard, not beside it" "$(doccount "$stub")" "$total"
"$SEARCH" --db "$stub" --json Quenbrook | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["total"] == 1, d' ||
    fail "the replacement is not found"
ok "... and the new text is what is found"
gone=$("$SEARCH" --db "$one" --json --limit 1 --sort date-asc country:KP |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
"$INDEX" -q --db "$one" --delete "$gone" || fail "delete in one"
expect_status "--delete ID through the stub" 0 "$INDEX" -q --db "$stub" --delete "$gone"
expect_eq "... removes the article from its shard" "$(doccount "$stub")" "$((total - 1))"
n=$(compare_all) || { echo "$n"; exit 1; }
ok "after the replace and the delete, still the same JSON as one index ($n queries)"

# One shard stops answering: partial answers, within the timeout.
# shellcheck disable=SC2154
kill "$pid1"
expect_status "a shard down: the CLI answers from the others, exit 3" 3 "$SEARCH" --db "$stub" laos
expect_grep "... warning which shard" "warning: shard 127.0.0.1:$port1 did not answer" "$GZ_OUT/stderr"
grep -q '^1\. ' "$GZ_OUT/stdout" || fail "no hits in a partial answer"
"$SEARCH" --db "$stub" --json laos >"$GZ_OUT/p.json" 2>/dev/null
python3 - "$GZ_OUT/p.json" "$port1" <<'PY' || fail "partial JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["partial"] is True and d["total"] > 0, d
assert [f["shard"] for f in d["failed_shards"]] == ["127.0.0.1:" + sys.argv[2]], d["failed_shards"]
assert "refused" in d["failed_shards"][0]["error"], d["failed_shards"]
PY
ok "... the JSON says partial and names the failed shard"
# shellcheck disable=SC2154
kill -STOP "$pid2"     # a shard that hangs: accepts, never answers
t0=$(date +%s%N)
expect_status "a hung shard: answered after the timeout, still partial" 3 "$SEARCH" --db "$stub" --facets laos
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 6000 ] || fail "the search took $ms ms with a 1 s timeout"
ok "... in $ms ms with GAZETTE_SHARD_TIMEOUT=1 (never hangs)"
kill -CONT "$pid2"
# shellcheck disable=SC2154
kill "$pid0" "$pid2"
expect_status "every shard down: exit 1" 1 "$SEARCH" --db "$stub" laos
expect_grep "... saying no shard answered" "no shard answered" "$GZ_OUT/stderr"
for i in 0 1 2; do
    eval "port=\$port$i"
    eval "pid$i=$(start_tcpsrv "$port" "$GZ_OUT/shard$i" --writable)"
    eval "pids=\"\$pids \$pid$i\""
done
n=$(compare_all) || { echo "$n"; exit 1; }
ok "shards restarted: complete answers again, the same JSON as one index ($n queries)"

# Local shards: --shards, refusing a changed count, --reshard, -j.
local_db="$GZ_OUT/local"
expect_status "--shards 3 makes a stub and three local shards" 0 "$INDEX" -q --db "$local_db" --shards 3 "$input"
expect_eq "... listed in the stub" "$(grep -c '^auto local.shards/' "$local_db")" 3
"$INDEX" -q --db "$local_db" "$GZ_OUT/fix.jsonl" || fail "replace in local shards"
"$INDEX" -q --db "$local_db" --delete "$gone" || fail "delete in local shards"
cmp_db="$local_db"
n=$(compare_all) || { echo "$n"; exit 1; }
ok "local shards answer as one index ($n queries)"
echo "auto local.shards/3" >>"$local_db"
expect_status "a fourth shard in the stub: indexing is refused" 1 "$INDEX" -q --db "$local_db" "$GZ_OUT/fix.jsonl"
expect_grep "... saying how to reshard" "run gazette-index --db .* --reshard" "$GZ_OUT/stderr"
expect_status "--shards 5 on a stub of four is refused" 2 "$INDEX" -q --db "$local_db" --shards 5 "$GZ_OUT/fix.jsonl"
expect_grep "... naming the count it lists" "lists 4 shards, not 5" "$GZ_OUT/stderr"
expect_status "--reshard moves the articles to the four shards" 0 "$INDEX" --db "$local_db" --reshard
expect_grep "... and says how many it moved" "moved [0-9]* articles to their shards" "$GZ_OUT/stderr"
n3=$(doccount "$GZ_OUT/local.shards/3")
[ "$n3" -gt 0 ] || fail "the new shard is empty after --reshard"
n=$(compare_all) || { echo "$n"; exit 1; }
ok "after --reshard: $n3 articles in the new shard, still the same JSON ($n queries)"
# a copy of the stub from before the reshard still searches, but as a partial answer
head -n -1 "$local_db" >"$GZ_OUT/stale"
sed -i 's#^auto local.shards/#auto '"$GZ_OUT"'/local.shards/#' "$GZ_OUT/stale"
expect_status "a stub older than --reshard: a partial answer" 3 "$SEARCH" --db "$GZ_OUT/stale" --json korea
expect_grep "... that says why" "stale lists this shard as 0 of 3, but it was placed as 0/4" "$GZ_OUT/stderr"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["partial"] is True' "$GZ_OUT/stdout" ||
    fail "a stale stub's answer is not marked partial"
ok "... and is marked partial in JSON"
expect_status "-j 2 into local shards" 0 "$INDEX" -q -j 2 --db "$GZ_OUT/par" --shards 2 "$input"
"$INDEX" -q --db "$GZ_OUT/par" "$GZ_OUT/fix.jsonl" && "$INDEX" -q --db "$GZ_OUT/par" --delete "$gone" ||
    fail "replace, delete after -j"
cmp_db="$GZ_OUT/par"
n=$(compare_all) || { echo "$n"; exit 1; }
ok "-j 2 into two shards answers as one index ($n queries)"
# A new cluster is built as one index is: each shard compacted from the
# threads that took its articles, the same documents in the same shards.
expect_status "-j 4 into three new local shards" 0 "$INDEX" -j 4 --db "$GZ_OUT/par4" --shards 3 "$input"
expect_grep "... compacted as they are built" "compacted: [0-9.]* MB as written" "$GZ_OUT/stderr"
expect_status "-j 1 into three new local shards" 0 "$INDEX" -j 1 --db "$GZ_OUT/par1" --shards 3 "$input"
for k in 0 1 2; do
    "$DUMP" "$GZ_OUT/par1.shards/$k" >"$GZ_OUT/dump1" &&
        "$DUMP" "$GZ_OUT/par4.shards/$k" >"$GZ_OUT/dump4" || fail "index_dump"
    cmp -s "$GZ_OUT/dump1" "$GZ_OUT/dump4" || { diff "$GZ_OUT/dump1" "$GZ_OUT/dump4" | head; fail "shard $k differs"; }
done
ok "each shard of -j 4 equals the same shard of -j 1 (documents, place, names, word keys)"
# A run that rewrites most of an existing local cluster compacts its shards
# in place, side by side: the same articles, each shard as small as
# xapian-compact makes it, nothing left beside them.
expect_status "-j 2 --full over the three shards" 0 "$INDEX" -j 2 --full --db "$GZ_OUT/par1" "$input"
expect_grep "... compacts them" "compacted: [0-9.]* MB as written, [0-9.]* MB now" "$GZ_OUT/stderr"
for k in 0 1 2; do
    shard="$GZ_OUT/par1.shards/$k"
    [ -e "$shard.gazette-tmp" ] && fail "shard $k's compaction left $shard.gazette-tmp"
    "$DUMP" "$shard" >"$GZ_OUT/dump1" && "$DUMP" "$GZ_OUT/par4.shards/$k" >"$GZ_OUT/dump4" ||
        fail "index_dump"
    cmp -s "$GZ_OUT/dump1" "$GZ_OUT/dump4" || { diff "$GZ_OUT/dump1" "$GZ_OUT/dump4" | head; fail "shard $k differs"; }
    rm -rf "$GZ_OUT/again"
    xapian-compact "$shard" "$GZ_OUT/again" >/dev/null || fail "xapian-compact shard $k"
    left=$(du -sk "$shard" | cut -f1) again=$(du -sk "$GZ_OUT/again" | cut -f1)
    [ $((left * 100)) -le $((again * 103)) ] || fail "shard $k is $left KB, compacted again $again KB"
done
ok "... each shard compacted in place, its articles unchanged"

# A kill mid-run leaves each shard at its last commit; a rerun completes.
"$INDEX" -q --extract "$SAMPLE" >"$GZ_OUT/extract.jsonl" 2>/dev/null
"$GZ_BIN/gazette-generate" --from "$GZ_OUT/extract.jsonl" --docs 20000 --seed 3 >"$GZ_OUT/gen.jsonl" ||
    fail "generate"
"$INDEX" -q --no-entities --commit-every 300 --db "$GZ_OUT/killed" --shards 3 "$GZ_OUT/gen.jsonl" &
kill_after $! "$GZ_OUT/killed.shards/2" 500
for i in 0 1 2; do
    [ -n "$(doccount "$GZ_OUT/killed.shards/$i")" ] || fail "shard $i does not open after kill -9"
done
expect_status "after kill -9 every shard opens and the archive searches" 0 "$SEARCH" --db "$GZ_OUT/killed" the
expect_status "a rerun completes the work" 0 "$INDEX" -q --no-entities --db "$GZ_OUT/killed" "$GZ_OUT/gen.jsonl"
expect_eq "exactly 20000 articles after the rerun" "$(doccount "$GZ_OUT/killed")" 20000

# The same over writable remote shards: xapian-tcpsrv commits what it has
# received when the indexer's connection drops, so a kill leaves whole
# articles; a rerun completes the count.
: >"$GZ_OUT/killed-remote.stub"
for i in 0 1; do
    port=$(free_port)
    pids="$pids $(start_tcpsrv "$port" "$GZ_OUT/killed-remote$i" --writable)"
    echo "remote 127.0.0.1:$port" >>"$GZ_OUT/killed-remote.stub"
done
head -6000 "$GZ_OUT/gen.jsonl" >"$GZ_OUT/gen6k.jsonl"
"$INDEX" -q --no-entities --commit-every 300 --db "$GZ_OUT/killed-remote.stub" "$GZ_OUT/gen6k.jsonl" &
kill_after $! "$GZ_OUT/killed-remote1" 300
expect_status "after kill -9, the remote shards search" 0 "$SEARCH" --db "$GZ_OUT/killed-remote.stub" the
# A server holds the dead writer's lock until it notices that connection is
# gone (after the request it was serving): a rerun may have to wait for it.
tries=0
until "$INDEX" -q --no-entities --db "$GZ_OUT/killed-remote.stub" "$GZ_OUT/gen6k.jsonl" \
        2>"$GZ_OUT/rerun.err"; do
    tries=$((tries + 1))
    if [ $tries -gt 50 ] || ! grep -q "being written by another process" "$GZ_OUT/rerun.err"; then
        cat "$GZ_OUT/rerun.err" >&2
        fail "a rerun through the stub completes the work"
    fi
    sleep 0.2
done
ok "a rerun through the stub completes the work ($tries waits for a lock)"
expect_eq "exactly 6000 articles over the remote shards after the rerun" \
    "$(doccount "$GZ_OUT/killed-remote.stub")" 6000
