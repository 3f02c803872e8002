# t15 - entity facets: what --extract prints, what the index stores, and a
# user's own gazetteer file.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/ent.db"

expect_status "extract the DPRK tour" 0 "$INDEX" --extract "$SAMPLE/2024-dprk-tour.txt"
python3 - "$GZ_OUT/stdout" <<'PY' || fail "entities of the sample articles"
import json, sys
arts = [json.loads(l) for l in open(sys.argv[1])]
by_title = {a["title"]: a for a in arts}
a = by_title["Wang Huning meets North Korean delegation in Beijing"]
assert a["people"][:2] == ["Wang Huning", "Kim Song Nam"], a["people"]
assert set(a["countries"]) == {"CN", "KP"}, a["countries"]
a = by_title["Laos welcomes North Korean party delegation ahead of ARF year"]
assert a["countries"][0] == "LA" and "KP" in a["countries"], a["countries"]
assert "ASEAN Regional Forum" in a["orgs"], a["orgs"]
for a in arts:
    for k in ("countries", "people", "orgs"):
        assert isinstance(a[k], list), (k, a)
PY
ok "people, countries and orgs of the sample articles"

expect_status "index with entities" 0 "$INDEX" --db "$db" "$SAMPLE"
xapian-delve -a "$db" 2>&1 | tr ' ' '\n' >"$GZ_OUT/terms" || fail "delve"
expect_grep "person filter term stored" "^XPkimsongnam$" "$GZ_OUT/terms"
expect_grep "country filter term stored" "^XC:KP$" "$GZ_OUT/terms"
expect_grep "org filter term stored" "^XOasean$" "$GZ_OUT/terms"
persons=$(xapian-delve -t XPkimsongnam "$db" | sed -n 's/.*termfreq \([0-9]*\).*/\1/p')
expect_eq "every spelling of Kim Song-nam is one person" "$persons" 5

printf 'country\tKP\tHermit Kingdom\n' >"$GZ_OUT/mine.tsv"
printf 'date 2024-05-01\nNews from the Hermit Kingdom\n\nThe Hermit Kingdom fired a missile.\n' >"$GZ_OUT/h.txt"
expect_status "a user gazetteer is read" 0 "$INDEX" --gazetteer "$GZ_OUT/mine.tsv" --extract "$GZ_OUT/h.txt"
expect_grep "its alias is found" '"countries":\["KP"\]' "$GZ_OUT/stdout"
printf 'nonsense\n' >"$GZ_OUT/bad.tsv"
expect_status "a bad gazetteer is a fatal error" 1 "$INDEX" --gazetteer "$GZ_OUT/bad.tsv" --extract "$GZ_OUT/h.txt"
expect_grep "the error names file and line" "bad.tsv:1: want KIND" "$GZ_OUT/stderr"
expect_status "--no-entities skips them" 0 "$INDEX" --no-entities --extract "$GZ_OUT/h.txt"
grep -q countries "$GZ_OUT/stdout" && fail "--no-entities still extracted"
ok "no entity fields with --no-entities"
