# t72 - one name per person across the archive: a surname alone goes to the
# full name other articles give (and an earlier article is revised when a
# later run brings that name), an ambiguous surname stays as written, a
# firm other articles name as a company is not a person, and -j gives the
# same names as one run.
. "$(dirname "$0")/lib.sh"
first="$GZ_OUT/names-first" later="$GZ_OUT/names-later"
mkdir -p "$first" "$later"
cat >"$first/1987-march.txt" <<'TXT'
date 1987-03-02
Budget plan goes to Congress
President Reagan said on Monday that the budget plan would go to Congress this week.
date 1987-03-03
Treasury chief meets bankers
Treasury Secretary James Baker met bankers in New York. Baker said rates could fall.
date 1987-03-04
Baker sees weaker dollar
Treasury Secretary James Baker told reporters the dollar could weaken further.
date 1987-03-05
White House staff changes
White House chief of staff Howard Baker named two new aides. Howard Baker said more would follow.
date 1987-03-06
Aides named
Chief of staff Howard Baker named a press aide on Friday.
date 1987-03-09
Rates seen lower
Secretary Baker said on Monday that interest rates were likely to ease.
date 1987-03-10
Broker sees growth
Merrill Lynch and Co Inc said it expected earnings to grow this year.
date 1987-03-11
Broker hires economist
Merrill Lynch and Co said it had hired a new chief economist.
date 1987-03-12
Analysts see steady rates
Merrill Lynch said rates would hold steady through the spring.
TXT
cat >"$later/1987-later.txt" <<'TXT'
date 1987-03-16
President signs farm bill
President Ronald Reagan signed the farm bill into law on Monday.
date 1987-03-17
Veto threatened
Ronald Reagan threatened to veto the highway bill, aides said.
TXT

# people PATH: "date: name, name" per article, by date
people() {
    "$SEARCH" --db "$1" --json --limit 100 --sort date-asc 'date:1987' |
        python3 -c 'import json,sys
for h in json.load(sys.stdin)["hits"]: print(h["date"] + ": " + ", ".join(h["people"]))'
}
# total PATH QUERY
total() {
    "$SEARCH" --db "$1" --json --limit 0 "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}

db="$GZ_OUT/names.db"
# The extractor reads one article at a time: these are the names as written.
"$INDEX" --extract "$first" | grep -q '"people":\["Merrill Lynch"\]' || fail "extractor no longer takes the headline-less 'Merrill Lynch said' for a person: the test needs a new case"
expect_status "index the first month" 0 "$INDEX" --db "$db" "$first"
people "$db" >"$GZ_OUT/first.txt"
expect_grep "alone in the archive, Reagan stays Reagan" "^1987-03-02: Reagan$" "$GZ_OUT/first.txt"
expect_grep "Baker of an article naming neither Baker stays Baker" "^1987-03-09: Baker$" "$GZ_OUT/first.txt"
expect_grep "a firm named as a company elsewhere is not a person" "^1987-03-12: $" "$GZ_OUT/first.txt"

expect_status "index a later week" 0 "$INDEX" --db "$db" "$later"
expect_grep "the run says it revised the earlier article" "across the archive: 1 article revised" "$GZ_OUT/stderr"
people "$db" >"$GZ_OUT/later.txt"
expect_grep "the earlier 'President Reagan' is now Ronald Reagan" "^1987-03-02: Ronald Reagan$" "$GZ_OUT/later.txt"
expect_grep "the ambiguous Baker is still Baker" "^1987-03-09: Baker$" "$GZ_OUT/later.txt"
"$SEARCH" --db "$db" --json --facets=person 'date:1987' >"$GZ_OUT/facets.json"
python3 - "$GZ_OUT/facets.json" <<'PY' || fail "person facet"
import json, sys
counts = {f["value"]: f["count"] for f in json.load(open(sys.argv[1]))["facets"]["person"]}
assert counts.get("Ronald Reagan") == 3, counts
assert "Reagan" not in counts and "Merrill Lynch" not in counts, counts
assert counts.get("James Baker") == 2 and counts.get("Howard Baker") == 2 and counts.get("Baker") == 1, counts
PY
ok "the person facet: Ronald Reagan 3, no Reagan, no Merrill Lynch, Baker apart"
expect_eq "the facet value finds all three articles" "$(total "$db" 'person:"Ronald Reagan"')" 3
expect_eq "person:Reagan is read as the name the archive shows for it" "$(total "$db" 'person:Reagan')" 3
expect_eq "a firm the archive says is no person is found by no person: filter" "$(total "$db" 'person:"Merrill Lynch"')" 0
expect_eq "the ambiguous person:Baker finds only the article that wrote Baker alone" "$(total "$db" 'person:Baker')" 1

expect_status "a run with nothing new changes nothing" 0 "$INDEX" --db "$db" "$later"
grep -q "revised" "$GZ_OUT/stderr" && fail "a second run revised articles again"
people "$db" | diff - "$GZ_OUT/later.txt" >/dev/null || fail "a second run changed the names"
ok "settling again with the same articles leaves every article as it was"

expect_status "index both in one run with -j 2" 0 "$INDEX" -j 2 --db "$GZ_OUT/names-j2.db" "$first" "$later"
people "$GZ_OUT/names-j2.db" | diff - "$GZ_OUT/later.txt" >"$GZ_OUT/diff" || { cat "$GZ_OUT/diff"; fail "-j 2 differs"; }
ok "-j 2 in one run gives every article the same people as two runs"

# A headline with no body names people by surname alone: the archive says
# whose, when it names one such person in full often enough; else no one.
heads="$GZ_OUT/names-heads.jsonl" hdb="$GZ_OUT/names-heads.db"
cat >"$heads" <<'JSON'
{"id":"h1","date":"1987-04-01","title":"Reagan sets out budget","body":"WASHINGTON - President Ronald Reagan set out his budget on Wednesday."}
{"id":"h2","date":"1987-04-02","title":"Reagan meets Nakasone","body":"WASHINGTON - Ronald Reagan met the Japanese prime minister on Thursday."}
{"id":"h3","date":"1987-04-03","title":"Veto threatened","body":"WASHINGTON - Ronald Reagan threatened to veto the highway bill."}
{"id":"h4","date":"1987-04-06","title":"REAGAN CUTS SHORT DALLAS TRIP","body":""}
{"id":"h5","date":"1987-04-07","title":"Citrus crop safe","body":"ORLANDO - Citrus analyst Robert Frost said the crop was safe."}
{"id":"h6","date":"1987-04-08","title":"FROST DAMAGES FLORIDA CITRUS, SHORT COVERING SEEN","body":""}
JSON
expect_status "index headlines without bodies" 0 "$INDEX" --db "$hdb" "$heads"
people "$hdb" >"$GZ_OUT/heads.txt"
expect_grep "a body-less headline's REAGAN is Ronald Reagan" "^1987-04-06: Ronald Reagan$" "$GZ_OUT/heads.txt"
expect_grep "a word a full name is too rare to claim is no one" "^1987-04-08: $" "$GZ_OUT/heads.txt"
expect_eq "person:\"Ronald Reagan\" finds the headline too" "$(total "$hdb" 'person:"Ronald Reagan"')" 4
expect_eq "person:\"Robert Frost\" finds only the article that names him" "$(total "$hdb" 'person:"Robert Frost"')" 1
expect_eq "no headline word becomes a person of its own" "$(total "$hdb" 'person:Short')" 0
