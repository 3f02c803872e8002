# t75 - facets of a large match set from a sample level, on 4,000 articles
# generated from the sample corpus (no ../shared needed): estimates within
# sampling error of the exact counts, marked as estimates; small match sets,
# those within five times the sample size and --facet-sample 0 exact.
. "$(dirname "$0")/lib.sh"
"$INDEX" --extract "$SAMPLE" >"$GZ_OUT/extract.jsonl" 2>/dev/null || fail "extract"
"$GZ_BIN/gazette-generate" --from "$GZ_OUT/extract.jsonl" --docs 4000 --seed 7 \
    >"$GZ_OUT/generated.jsonl" || fail "generate"
"$INDEX" -q --db "$GZ_OUT/g.db" "$GZ_OUT/generated.jsonl" || fail "index"

for sample in 0 500 1000; do
    "$SEARCH" --db "$GZ_OUT/g.db" --no-collapse --json -n 5 -f --facet-limit 20 --facet-sample $sample the \
        >"$GZ_OUT/f-$sample.json" || fail "search, --facet-sample $sample"
done
"$SEARCH" --db "$GZ_OUT/g.db" --no-collapse --json -n 5 -f --facet-limit 20 the >"$GZ_OUT/f-default.json" \
    || fail "search with the default sample size"
python3 - "$GZ_OUT/f-0.json" "$GZ_OUT/f-500.json" "$GZ_OUT/f-default.json" "$GZ_OUT/f-1000.json" <<'PY' || fail "sampled facets"
import json, math, sys
exact, est, default, within = (json.load(open(p)) for p in sys.argv[1:])
n = exact["total"]
assert 2500 < n <= 5000 and exact["facets_exact"], (n, exact["facets_exact"])
assert default == exact, "a match set under the default sample size is counted exactly"
assert within["facets_exact"] and within["facets"] == exact["facets"], \
    "a match set within five times the sample size is counted whole, exactly"
assert not est["facets_exact"], "a sample must say so"
assert est["total"] == n and est["total_exact"], "a one-word total is known exactly"
assert [h["id"] for h in est["hits"]] == [h["id"] for h in exact["hits"]], "ranking must not change"
f = 250 / n         # the sample holds more than half of --facet-sample matches
checked = 0
for facet in ("country", "person", "org"):
    got = {v["value"]: v["count"] for v in est["facets"][facet]}
    for v in exact["facets"][facet]:
        if v["count"] >= 200:
            tol = 4 * v["count"] * math.sqrt((1 - f) / (v["count"] * f))
            assert abs(got.get(v["value"], 0) - v["count"]) <= tol, (facet, v, got.get(v["value"]), tol)
            checked += 1
assert checked >= 5, checked
print("# %d matches, %d sampled counts within 4 standard errors" % (n, checked))
recounted = 0
for facet in ("country", "person", "org", "month"):
    true = {v["value"]: v["count"] for v in exact["facets"][facet]}
    for v in est["facets"][facet]:
        if v["exact"] and v["value"] in true:
            assert v["count"] == true[v["value"]], (facet, v, true[v["value"]])
            recounted += 1
    if facet != "month":
        counts = [v["count"] for v in est["facets"][facet]]
        assert counts == sorted(counts, reverse=True), (facet, counts)
assert recounted >= 10, recounted
assert any(not v["exact"] for f in est["facets"] for v in est["facets"][f])
print("# %d displayed values recounted exactly, the others marked as estimates" % recounted)
PY
ok "a sampled facet count sits within sampling error of the exact one, and says it is an estimate"
ok "... and a displayed value cheap to count (its bound within the sample size) is counted exactly"

"$SEARCH" --db "$GZ_OUT/g.db" --no-collapse -n 1 -f --facet-sample 500 the >"$GZ_OUT/f.txt" || fail "text search"
expect_grep "the text output marks the estimated counts" "country (~: estimated from a sample):.* ~[0-9]" "$GZ_OUT/f.txt"
expect_status "a negative --facet-sample is refused" 2 "$SEARCH" --db "$GZ_OUT/g.db" --facet-sample -5 the
expect_grep "naming the option" "facet-sample" "$GZ_OUT/stderr"
