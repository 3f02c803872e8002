# t17 - scraped copy that lost its spaces ("ComradeKim Jong Unvisited"):
# phrase search, the person facet and snippets read it as the words it is,
# and the stored text stays as written.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/glued.db"
cat >"$GZ_OUT/glued.jsonl" <<'JSON'
{"id":"g1","date":"2024-08-06","title":"Leader Visits Flood Areas","body":"Pyongyang, August 6 (KCNA) -- The respected ComradeKim Jong Unvisited the flood-hit areas of North Phyongan Province.\nKim Jong Unsaid the Party would rebuild the houses by the end of the year."}
{"id":"g2","date":"2024-08-07","title":"Students Visit University","body":"Pyongyang, August 7 (KCNA) -- Students of Kim Il SungUniversity laid flowers to PresidentKim Il Sungand thanked the Workers’ Party of Korea."}
{"id":"g3","date":"2024-08-08","title":"Burger chain opens","body":"McDonald said its iPhone app and the PetroChina deal were unrelated."}
JSON
expect_status "index glued copy" 0 "$INDEX" -q --db "$db" "$GZ_OUT/glued.jsonl"

expect_status "phrase search of a glued name" 0 "$SEARCH" --db "$db" --json '"Kim Jong Un"'
python3 - "$GZ_OUT/stdout" <<'PY' || fail "Kim Jong Un found in glued text"
import json, sys
d = json.load(open(sys.argv[1]))
hits = d["hits"]
assert [h["id"] for h in hits] == ["g1"], hits
h = hits[0]
assert h["people"] == ["Kim Jong Un"], h["people"]
PY
ok "phrase search and the person facet read glued names"

expect_status "snippet of a glued name" 0 "$SEARCH" --db "$db" '"Kim Jong Un" said'
expect_grep "snippet keeps the text as written, highlights the name" 'Comrade\*\*Kim Jong Un\*\*visited' "$GZ_OUT/stdout"
expect_grep "the glued verb is a word of its own (its highlight joins the name's)" '\*\*Kim Jong Unsaid\*\*' "$GZ_OUT/stdout"

expect_status "a university glued to a name" 0 "$SEARCH" --db "$db" --json '"Kim Il Sung University"'
python3 - "$GZ_OUT/stdout" <<'PY' || fail "Kim Il Sung University"
import json, sys
d = json.load(open(sys.argv[1]))
assert [h["id"] for h in d["hits"]] == ["g2"], d["hits"]
assert "Workers' Party of Korea" in d["hits"][0]["orgs"], d["hits"][0]["orgs"]
PY
ok "name glued to the next word, curly apostrophe in a party's name"

expect_status "person filter on glued text" 0 "$SEARCH" --db "$db" --json 'person:"Kim Il Sung"'
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert [h['id'] for h in d['hits']] == ['g2'], d" \
    "$GZ_OUT/stdout" || fail "person:\"Kim Il Sung\""

# real mixed case stays one word: "Donald" and "China" do not match it
expect_status "McDonald is not Donald" 0 "$SEARCH" --db "$db" --json 'donald OR china OR phone'
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['hits'] == [], d['hits']" \
    "$GZ_OUT/stdout" || fail "mixed case split"
expect_status "McDonald still found" 0 "$SEARCH" --db "$db" --json 'mcdonald petrochina iphone'
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert [h['id'] for h in d['hits']] == ['g3'], d" \
    "$GZ_OUT/stdout" || fail "mixed case words"
ok "real mixed case stays whole"
