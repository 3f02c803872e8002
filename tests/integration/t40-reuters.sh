# t40 - all of Reuters-21578 (as shipped in ../shared/data): 18,000 articles,
# the same with -j 2, and a search that finds the cocoa stories.
. "$(dirname "$0")/lib.sh"
need_shared
reuters="$GZ_SHARED/reuters21578"

expect_status "index Reuters" 0 "$INDEX" --db "$GZ_OUT/r1.db" "$reuters"
expect_eq "every NEWID is a document" "$(doccount "$GZ_OUT/r1.db")" 18000
expect_grep "the non-article files are passed over" "passed over 8 files" "$GZ_OUT/stderr"
expect_grep "a new index is compacted at the end" "compacted: [0-9.]* MB as written" "$GZ_OUT/stderr"
xapian-compact "$GZ_OUT/r1.db" "$GZ_OUT/r1-again.db" >/dev/null || fail "xapian-compact"
left=$(du -sk "$GZ_OUT/r1.db" | cut -f1) again=$(du -sk "$GZ_OUT/r1-again.db" | cut -f1)
[ $((left * 100)) -le $((again * 103)) ] || fail "the index is $left KB, compacted again $again KB"
ok "the index left is as small as xapian-compact makes it ($left KB; again: $again KB)"

expect_status "index Reuters with -j 2" 0 "$INDEX" -j 2 --db "$GZ_OUT/r2.db" "$reuters"
expect_eq "-j 2 gives the same count" "$(doccount "$GZ_OUT/r2.db")" 18000
[ -e "$GZ_OUT/r2.db.gazette-tmp" ] && fail "shards left behind"
ok "no shards left behind"

# The same articles give the same index whatever -j: every document, term,
# position, value (story keys among them) and did-you-mean word.
expect_status "index Reuters with -j 4" 0 "$INDEX" -j 4 --db "$GZ_OUT/r4.db" "$reuters"
"$DUMP" "$GZ_OUT/r1.db" >"$GZ_OUT/dump1" || fail "dump -j 1"
"$DUMP" "$GZ_OUT/r4.db" >"$GZ_OUT/dump4" || fail "dump -j 4"
"$DUMP" "$GZ_OUT/r2.db" >"$GZ_OUT/dump2" || fail "dump -j 2"
cmp -s "$GZ_OUT/dump1" "$GZ_OUT/dump4" || { diff "$GZ_OUT/dump1" "$GZ_OUT/dump4" | head -20; fail "-j 4 differs from -j 1"; }
ok "the dump of the -j 4 index equals the dump of -j 1 ($(grep -c '^term XS' "$GZ_OUT/dump1") story copies)"
cmp -s "$GZ_OUT/dump1" "$GZ_OUT/dump2" || fail "-j 2 differs from -j 1"
ok "the dump of the -j 2 index equals the dump of -j 1"

# JSON Lines are decoded on threads beside the reader with -j (parse_pool.h):
# 5 threads have 2 decoders, and the index is still the one -j 1 builds.
"$INDEX" --no-entities --extract "$reuters" 2>/dev/null | head -4000 >"$GZ_OUT/r.jsonl" || fail "extract"
expect_status "index 4,000 of them as JSON Lines" 0 "$INDEX" --db "$GZ_OUT/rj1.db" "$GZ_OUT/r.jsonl"
expect_status "the same with -j 5" 0 "$INDEX" -j 5 --db "$GZ_OUT/rj5.db" "$GZ_OUT/r.jsonl"
"$DUMP" "$GZ_OUT/rj1.db" >"$GZ_OUT/dump1" && "$DUMP" "$GZ_OUT/rj5.db" >"$GZ_OUT/dump5" || fail "dump JSON Lines"
cmp -s "$GZ_OUT/dump1" "$GZ_OUT/dump5" || { diff "$GZ_OUT/dump1" "$GZ_OUT/dump5" | head; fail "-j 5 differs"; }
ok "JSON Lines decoded on threads (-j 5) give the index -j 1 gives"

"$SEARCH" --db "$GZ_OUT/r1.db" -n 5 cocoa brazil exports >"$GZ_OUT/s1" || fail "search r1"
"$SEARCH" --db "$GZ_OUT/r2.db" -n 5 cocoa brazil exports >"$GZ_OUT/s2" || fail "search r2"
grep '^[0-9]*\. ' "$GZ_OUT/s1" | sed 's/score.*//' >"$GZ_OUT/h1"
grep '^[0-9]*\. ' "$GZ_OUT/s2" | sed 's/score.*//' >"$GZ_OUT/h2"
cmp -s "$GZ_OUT/h1" "$GZ_OUT/h2" || { diff "$GZ_OUT/h1" "$GZ_OUT/h2"; fail "-j 2 ranks differently"; }
ok "-j 2 ranks the same hits the same way"
expect_grep "the Brazil cocoa story ranks first" "^1\. \[1987-04-09\] BRAZIL COCOA EXPORTERS" "$GZ_OUT/s1"

# Related articles are the list shown, not every article sharing a word:
# their total and facets describe the best 50 (of 2,136 that match).
cocoa=$("$SEARCH" --db "$GZ_OUT/r1.db" --json -n 1 cocoa brazil | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
"$SEARCH" --db "$GZ_OUT/r1.db" --json -n 5 -f --like "$cocoa" >"$GZ_OUT/like.json" || fail "--like"
python3 - "$GZ_OUT/like.json" <<'PY' || fail "related articles' total and facets"
import json, sys
d = json.load(open(sys.argv[1]))
assert 0 < d["total"] <= 50, d["total"]
countries = {v["value"]: v["count"] for v in d["facets"]["country"]}
assert max(countries, key=countries.get) == "BR", countries
assert all(c <= d["total"] for c in countries.values()), countries
PY
ok "related articles: a total of at most 50, facets over them (Brazil first)"

expect_status "-j 2 into a non-empty index replaces by id" 0 "$INDEX" -j 2 --full --db "$GZ_OUT/r2.db" "$reuters/reut2-000.sgm"
expect_eq "no duplicates after merging into a full index" "$(doccount "$GZ_OUT/r2.db")" 18000
expect_grep "merged articles counted as replaced" "(0 new, 1000 replaced)" "$GZ_OUT/stderr"

# Facets over a huge match set come from a uniform sample (a sample level:
# a hash of the id): estimates must sit within sampling error of the exact
# counts, and say that they are estimates.
for sample in 0 1000; do
    "$SEARCH" --db "$GZ_OUT/r1.db" --no-collapse --json -n 3 -f --facet-limit 30 --facet-sample $sample \
        said >"$GZ_OUT/facets-$sample.json" || fail "facet search, sample $sample"
done
python3 - "$GZ_OUT/facets-0.json" "$GZ_OUT/facets-1000.json" <<'PY' || fail "sampled facets"
import json, math, sys
exact, est = (json.load(open(p)) for p in sys.argv[1:])
assert exact["facets_exact"] and exact["total_exact"], "sample 0 must count every match"
assert not est["facets_exact"], "a sample must say so"
assert est["total"] == exact["total"] and est["total_exact"], "a one-word total is known exactly"
assert [h["id"] for h in exact["hits"]] == [h["id"] for h in est["hits"]], "ranking must not change"
n = exact["total"]
f = 500 / n     # the sample holds more than half of --facet-sample matches
def close(name, want, got):
    # 4 standard errors of a binomial sample of fraction f
    tol = 4 * want * math.sqrt((1 - f) / (want * f))
    assert abs(got - want) <= tol, (name, want, got, round(tol))
checked = 0
for facet in ("country", "org", "month"):
    got = {v["value"]: v["count"] for v in est["facets"][facet]}
    for v in exact["facets"][facet]:
        if v["count"] >= 150:
            close(facet + " " + v["value"], v["count"], got.get(v["value"], 0))
            checked += 1
assert checked >= 8, checked
print("# %d matches; %d sampled counts within 4 standard errors" % (n, checked))
PY
ok "facets of a huge match set: sampled estimates within sampling error, marked as estimates"
