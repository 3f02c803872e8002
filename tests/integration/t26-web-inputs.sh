# t26 - web pages, feeds and web archives read as articles, and runs that
# read only what is new: a page gives its own text (not its menus, share
# buttons, captions, related links or notices) with words never glued
# across markup, its headline, date, publisher and canonical URL; a page
# in Windows-1252 is read as such; an index page and a PDF named .html are
# reported and passed over; RSS and Atom give an article per item, and a
# feed read twice replaces them; a WARC gives its HTML responses (gzip'd
# and chunked too) and passes over its other records; a cut gzip member is
# reported after what came before it; a second run over an unchanged tree
# reads nothing, a touched file is read again, --full reads everything.
. "$(dirname "$0")/lib.sh"
pages="$GZ_TOP/tests/integration/pages"

field() {   # field FILE N KEY: KEY of the N-th JSON line of FILE
    python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[int(sys.argv[2])])[sys.argv[3]])' "$@"
}

expect_status "a news page is read" 0 "$INDEX" --extract "$pages/vientiane-talks.html"
cp "$GZ_OUT/stdout" "$GZ_OUT/page.jsonl"
expect_eq "its headline" "$(field "$GZ_OUT/page.jsonl" 0 title)" "Laos and Vietnam agree on rail link timetable"
expect_eq "its date" "$(field "$GZ_OUT/page.jsonl" 0 date)" "2024-03-21"
expect_eq "its publisher" "$(field "$GZ_OUT/page.jsonl" 0 source)" "Mekong Wire"
expect_eq "its canonical URL is its id" "$(field "$GZ_OUT/page.jsonl" 0 id)" \
    "https://mekongwire.example/2024/03/21/laos-vietnam-rail"
field "$GZ_OUT/page.jsonl" 0 body >"$GZ_OUT/body.txt"
for furniture in "We use cookies" "Share on X" "Related" "freight train near the border" \
                 "All rights reserved" "By Staff Reporter" "Politics"; do
    grep -q "$furniture" "$GZ_OUT/body.txt" && { cat "$GZ_OUT/body.txt"; fail "'$furniture' is in the text"; }
done
ok "menus, notices, share buttons, bylines, captions, related links and footers are left out"
expect_grep "a link inside a sentence keeps its spaces" "financing from ASEAN partners" "$GZ_OUT/body.txt"
expect_eq "four paragraphs" "$(grep -c . "$GZ_OUT/body.txt")" 4

expect_status "a Windows-1252 page is read" 0 "$INDEX" --extract "$pages/hanoi-cafe-1252.html"
expect_grep "its characters are converted" "Owners of cafés in the old quarter" "$GZ_OUT/stdout"
expect_grep "its quotation marks too" "“We have no choice,”" "$GZ_OUT/stdout"

printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj << /Type /Catalog >> endobj\n' >"$GZ_OUT/report.html"
expect_status "an index page and a PDF named .html are reported" 3 "$INDEX" --extract \
    "$pages/index-page.html" "$GZ_OUT/report.html"
expect_grep "the index page is named" "index-page.html: not an article" "$GZ_OUT/stderr"
expect_grep "the PDF is named" "report.html: not an article" "$GZ_OUT/stderr"
[ -s "$GZ_OUT/stdout" ] && fail "a page that is not an article was extracted"

db="$GZ_OUT/feeds.db"
expect_status "an RSS and an Atom feed are indexed" 0 "$INDEX" -q --db "$db" "$pages/mekong.rss" "$pages/mekong.atom"
expect_eq "one article per item and entry" "$(doccount "$db")" 4
expect_status "the feeds read again (--full)" 0 "$INDEX" -q --full --db "$db" "$pages/mekong.rss" "$pages/mekong.atom"
expect_eq "a feed read twice replaces its items" "$(doccount "$db")" 4
"$SEARCH" --db "$db" --json 'Luang Prabang' >"$GZ_OUT/feed.json" || fail "search the feeds"
python3 - "$GZ_OUT/feed.json" <<'PY' || fail "the RSS item"
import json, sys
hit = json.load(open(sys.argv[1]))["hits"][0]
assert hit["date"] == "2024-03-20" and hit["id"] == "mekongwire-20240320-asean", hit
assert hit["url"] == "https://mekongwire.example/2024/03/20/asean-ministers", hit
PY
ok "an RSS item has its date, guid and link; its HTML description is text"
expect_status "an Atom entry's XHTML content is searched" 0 "$SEARCH" --db "$db" '"Friendship Bridge"'
expect_grep "found" "Thai and Lao officials open new Mekong bridge" "$GZ_OUT/stdout"

warc="$GZ_OUT/crawl.warc.gz"
python3 "$GZ_TOP/tests/integration/make-warc.py" "$warc" --gzip --chunked "$pages/vientiane-talks.html" \
    "$pages/hanoi-cafe-1252.html=windows-1252" "$pages/index-page.html" || fail "make-warc.py"
wdb="$GZ_OUT/warc.db"
expect_status "a WARC is indexed (its index page reported)" 3 "$INDEX" --db "$wdb" "$warc"
expect_eq "its two article pages" "$(doccount "$wdb")" 2
expect_grep "the other records are passed over and counted" "passed over 7 web archive records" "$GZ_OUT/stderr"
expect_grep "the index page is named by its record and URL" "record 7 (https://mekongwire.example/pages/index-page.html): not an article" "$GZ_OUT/stderr"
expect_status "the charset of the HTTP header is used" 0 "$SEARCH" --db "$wdb" --json cafés
expect_grep "and the WARC date stands in for a page without one" '"date":"2024-03-25"' "$GZ_OUT/stdout"

python3 "$GZ_TOP/tests/integration/make-warc.py" "$GZ_OUT/cut.warc.gz" --gzip --cut-last \
    "$pages/vientiane-talks.html" || fail "make-warc.py --cut-last"
expect_status "a WARC whose last gzip member is cut short" 3 "$INDEX" --db "$GZ_OUT/cut.db" "$GZ_OUT/cut.warc.gz"
expect_grep "is reported" "truncated gzip data" "$GZ_OUT/stderr"
expect_eq "what came before the cut is indexed" "$(doccount "$GZ_OUT/cut.db")" 1

tree="$GZ_OUT/tree"
mkdir -p "$tree/2024/03" && cp "$pages/vientiane-talks.html" "$pages/mekong.rss" "$tree/2024/03/" &&
    cp "$SAMPLE"/*.txt "$tree/" || fail "copying the tree"
idb="$GZ_OUT/incremental.db"
expect_status "a tree is indexed" 0 "$INDEX" --db "$idb" "$tree"
first=$(doccount "$idb")
expect_status "the same tree again" 0 "$INDEX" --db "$idb" "$tree"
expect_grep "reads nothing" "indexed 0 articles" "$GZ_OUT/stderr"
expect_grep "and says how many files it passed over" "passed over [0-9]* files read before and unchanged" "$GZ_OUT/stderr"
touch "$tree/2024/03/mekong.rss"
expect_status "a touched feed" 0 "$INDEX" --db "$idb" "$tree"
expect_grep "is read again" "indexed 2 articles (0 new, 2 replaced)" "$GZ_OUT/stderr"
expect_status "--full" 0 "$INDEX" --full --db "$idb" "$tree"
expect_grep "reads everything" "indexed $first articles (0 new, $first replaced)" "$GZ_OUT/stderr"
expect_status "another --max-article-kb" 0 "$INDEX" --max-article-kb 512 --db "$idb" "$tree"
expect_grep "reads everything again: the files would give other articles" \
    "indexed $first articles (0 new, $first replaced)" "$GZ_OUT/stderr"

# Where articles are from: shown, counted and filtered.
"$SEARCH" --db "$db" --json --facets 'source:"Mekong Wire (Atom)"' >"$GZ_OUT/src.json" || fail "source:"
python3 - "$GZ_OUT/src.json" <<'PY' || fail "source: filter and facet"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 2 and all(h["source"] == "Mekong Wire (Atom)" for h in d["hits"]), d["hits"]
assert d["facets"]["source"] == [{"value": "Mekong Wire (Atom)", "label": "Mekong Wire (Atom)",
                                  "count": 2, "exact": True}], d["facets"]["source"]
PY
ok "source: filters by where an article is from (any case and spacing), and is a facet"
expect_status "source:mekongwire finds the RSS items" 0 "$SEARCH" --db "$db" source:MEKONGWIRE
expect_grep "two of them" "^2 matching" "$GZ_OUT/stdout"
expect_grep "the text output names the source" "    source: Mekong Wire" "$GZ_OUT/stdout"
env -i PATH="$PATH" GAZETTE_DB="$db" REQUEST_METHOD=GET ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
    QUERY_STRING="source=Mekong+Wire&format=json&utm_source=newsletter&utm_medium=email&fbclid=IwAR0x" \
    "$GZ_BIN/gazette.cgi" >"$GZ_OUT/cgi.out" 2>&1
head -n 1 "$GZ_OUT/cgi.out" | grep -q "^Status: 200" || { head -n 12 "$GZ_OUT/cgi.out"; fail "the page's source filter"; }
expect_grep "the page filters by source, and ignores tracking parameters" '"total":2' "$GZ_OUT/cgi.out"
env -i PATH="$PATH" GAZETTE_DB="$db" REQUEST_METHOD=GET ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
    QUERY_STRING="q=Laos&source=Mekong+Wire" "$GZ_BIN/gazette.cgi" >"$GZ_OUT/page.html" 2>&1
expect_grep "the page has a Sources block" "<h2[^>]*>Sources" "$GZ_OUT/page.html"
expect_grep "and the active source as a chip that removes it" 'aria-label="Source: Mekong Wire, remove this filter"' "$GZ_OUT/page.html"

# The article view: the whole text, the search's words marked.
page_id="https://mekongwire.example/2024/03/21/laos-vietnam-rail"
expect_status "gazette-search --show prints an article whole" 0 "$SEARCH" --db "$idb" --show "$page_id" rail
expect_grep "its last paragraph" "construction could begin once the route was fixed" "$GZ_OUT/stdout"
expect_grep "the query's words marked" '\*\*rail\*\*' "$GZ_OUT/stdout"
expect_eq "its four paragraphs" "$(grep -c '^    [A-Z]' "$GZ_OUT/stdout")" 4
expect_status "--show of an id the archive lacks is refused" 2 "$SEARCH" --db "$idb" --show no-such-id
expect_grep "naming it" "no article has the id 'no-such-id'" "$GZ_OUT/stderr"
view() {
    env -i PATH="$PATH" GAZETTE_DB="$idb" REQUEST_METHOD=GET ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
        QUERY_STRING="$1" "$GZ_BIN/gazette.cgi" >"$GZ_OUT/view.html" 2>&1
}
view "q=rail&id=https%3A%2F%2Fmekongwire.example%2F2024%2F03%2F21%2Flaos-vietnam-rail"
head -n 1 "$GZ_OUT/view.html" | grep -q "^Status: 200" || { head -n 5 "$GZ_OUT/view.html"; fail "the article view"; }
expect_eq "the page's article view has the text in its paragraphs" \
    "$(grep -o '<div class="text"><p>.*</p></div>' "$GZ_OUT/view.html" | grep -o '<p>' | wc -l)" 4
expect_grep "with the search's words marked" "<mark>rail</mark>" "$GZ_OUT/view.html"
expect_grep "a link to the original" 'class="original" href="https://mekongwire.example/2024/03/21/laos-vietnam-rail"' "$GZ_OUT/view.html"
expect_grep "a way back to the results" '<a href="gazette.cgi?q=rail">' "$GZ_OUT/view.html"
expect_grep "its organisations as filters of the results" 'href="gazette.cgi?q=rail&amp;org=ASEAN" class="chip org"' "$GZ_OUT/view.html"
view "id=no-such-id"
expect_grep "an id the archive lacks is a 404" "^Status: 404" "$GZ_OUT/view.html"
view "q=kip"
expect_grep "a hit without an original opens the article view from its headline" \
    '<h2><a href="gazette.cgi?q=kip&amp;id=kip-fixing' "$GZ_OUT/view.html"
view "q=rail"
expect_grep "a hit with an original links it, and the view beside it" 'class="read">Read here</a>' "$GZ_OUT/view.html"

# A search to take away: every article as CSV or JSON Lines, and a feed.
take() {
    env -i PATH="$PATH" GAZETTE_DB="$idb" REQUEST_METHOD=GET HTTP_HOST=news.example \
        SCRIPT_NAME=/gazette.cgi ASAN_OPTIONS="${ASAN_OPTIONS:-}" QUERY_STRING="$1" \
        "$GZ_BIN/gazette.cgi" >"$GZ_OUT/take.out" 2>&1
    sed '1,/^\r$/d' "$GZ_OUT/take.out" >"$GZ_OUT/take.body"
}
articles=$("$SEARCH" --db "$idb" --json --no-collapse --limit 1 Laos |
           python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
take "q=Laos&format=csv"
expect_grep "CSV is a download" 'Content-Disposition: attachment; filename="gazette-search.csv"' "$GZ_OUT/take.out"
python3 - "$GZ_OUT/take.body" "$articles" <<'PY' || fail "the CSV export"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) == int(sys.argv[2]), (len(rows), sys.argv[2])
assert set(rows[0]) == {"id", "date", "title", "source", "url", "countries", "people", "orgs"}
rail = [r for r in rows if r["id"] == "https://mekongwire.example/2024/03/21/laos-vietnam-rail"][0]
assert rail["source"] == "Mekong Wire" and rail["countries"] == "LA; VN", rail
PY
ok "the CSV export holds every article of the search, one row each"
take "q=Laos&format=jsonl"
expect_eq "the JSON Lines export too" "$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["id"]))' "$GZ_OUT/take.body")" "$articles"
take "q=Laos&format=atom"
expect_grep "the feed's type" "Content-Type: application/atom+xml" "$GZ_OUT/take.out"
if command -v xmllint >/dev/null; then
    xmllint --noout "$GZ_OUT/take.body" || fail "xmllint rejects the feed"
    ok "xmllint reads the feed"
fi
python3 - "$GZ_OUT/take.body" <<'PY' || fail "the Atom feed"
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(sys.argv[1]).getroot()
assert feed.tag == A + "feed" and feed.find(A + "id").text and feed.find(A + "updated").text
entries = feed.findall(A + "entry")
assert entries, "no entries"
dates = [e.find(A + "updated").text for e in entries]
assert dates == sorted(dates, reverse=True), dates           # newest first
for e in entries:
    assert e.find(A + "id").text.startswith("http://news.example/gazette.cgi?id=")
    assert e.find(A + "title").text and e.find(A + "link").get("href").startswith("http")
rail = [e for e in entries if e.find(A + "title").text.startswith("Laos and Vietnam agree")][0]
assert rail.find(A + "link").get("href") == "https://mekongwire.example/2024/03/21/laos-vietnam-rail"
PY
ok "the Atom feed has ids, titles, dates newest first and links (the original when on the web)"
view "q=Laos"
expect_grep "the page links the exports and the feed" 'format=atom">Atom feed</a>' "$GZ_OUT/view.html"

# The page for a newsroom: views named by their headline, no story linked
# to itself, an error that keeps the query, chips that say what they are,
# a way past the results to the filters, counts that clicking keeps.
view "q=story%3Ah81f1b1759caad394"
expect_grep "a story's list is named by its headline" 'Every copy of the story “ASEAN Regional Forum opens' "$GZ_OUT/view.html"
grep -q 'similar article' "$GZ_OUT/view.html" && fail "the story's own list links to itself"
ok "and does not link to itself as a similar article"
view "like=second-desk-arf-opens"
expect_grep "related articles are named by the article's headline" 'Articles related to “ASEAN Regional Forum opens' "$GZ_OUT/view.html"
view "q=Laos&colour=red"
expect_grep "a 400 page keeps the query in the box" 'id="q" name="q" type="search"[^>]*value="Laos"' "$GZ_OUT/view.html"
view "q=Laos&country=LA&from=2024-07&to=2024-07"
expect_grep "a filter's chip says what it is" '>Country: Laos <span aria-hidden="true">×</span><' "$GZ_OUT/view.html"
expect_grep "a date range is one chip" '>Dates: Jul 2024<span class="sr">, remove these dates</span> <span aria-hidden="true">×</span><' "$GZ_OUT/view.html"
expect_grep "one link clears every filter, the words kept" '<a href="gazette.cgi?q=Laos" class="clear">Clear all filters</a>' "$GZ_OUT/view.html"
expect_grep "a skip link and a jump to the filters come first" '<body><nav class="jumps" aria-label="Jump to"><a href="#results">Skip to the results</a> <a href="#filters">Filters</a>' "$GZ_OUT/view.html"
expect_grep "the filters are where the jump goes" '<aside id="filters"' "$GZ_OUT/view.html"
expect_grep "a selected filter is told to screen readers" 'aria-current="true"><span>Laos<span class="sr"> (selected filter)</span>' "$GZ_OUT/view.html"
view "q=Laos"
shown=$(grep -o 'country=LA"><span>Laos</span><span class="n">[0-9]*' "$GZ_OUT/view.html" | grep -o '[0-9]*$')
view "q=Laos&country=LA"
expect_grep "a facet's count is what clicking it gives: the articles ($shown)" "stories ($shown articles)\|>$shown articles<" "$GZ_OUT/view.html"

# When nothing is found: what would find something, and what the archive holds.
view "q=Laos&source=Mekong+Wire&from=2023-01&to=2023-02"
expect_grep "nothing found: removing the dates would find articles" 'remove “date: 2023-01..2023-02”</a> → [0-9]* article' "$GZ_OUT/view.html"
expect_grep "and what the archive holds" 'The archive holds [0-9]* articles, from 20[0-9-]* to 20[0-9-]*; sources: ' "$GZ_OUT/view.html"
view "q=Laos+country%3ABR"
expect_grep "a filter typed into the query is offered for removal too" 'href="gazette.cgi?q=Laos">remove “country: BR”</a> → [0-9]* article' "$GZ_OUT/view.html"
"$SEARCH" --db "$idb" --json 'source:"Mekong Wire" zanzibar' >"$GZ_OUT/none.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] == 0 and d["archive"]["documents"] > 0 and d["suggestion"] is None, d' \
    "$GZ_OUT/none.json" || fail "the JSON of nothing found"
ok "JSON says what the archive holds, and offers no correction that finds nothing"
view "q=Pyongyan"
expect_grep "a correction is offered as the user types (and finds articles)" 'Did you mean <a href="gazette.cgi?q=Pyongyang">Pyongyang</a>' "$GZ_OUT/view.html"

# Long facet lists: a way to more of them, and to any value by name.
view "q=the"
expect_grep "a cut list offers more" '<p class="more"><a href="gazette.cgi?q=the&amp;more=1">Show more People</a>' "$GZ_OUT/view.html"
view "q=the&more=1"
shown=$(grep -o '<h2>People</h2><ul>.*</ul>' "$GZ_OUT/view.html" | sed 's|</ul>.*||' | grep -o '<li>' | wc -l)
[ "$shown" -gt 12 ] || fail "more=1 lists no more people ($shown)"
ok "more=1 lists more values ($shown people)"
expect_grep "a field finds a person by name, the search kept" '<form class="find" method="get" action="gazette.cgi"><label for="find-person">Find a person</label> <input id="find-person" name="person" list="list-person" autocomplete="off" required>' "$GZ_OUT/view.html"

# The timeline: a time axis of the hits, long gaps folded, a month's days.
printf 'date 2020-01-15\nLaos reopens a border market\n\nLaos reopened a border market with Vietnam.\n' \
    >"$tree/2020-market.txt"
"$INDEX" -q --db "$idb" "$tree" || fail "index an article of 2020"
view "q=Laos"
expect_grep "the results open with a timeline by month" '<section class="timeline" aria-labelledby="timeline-h"><h2 id="timeline-h">By month</h2><ol class="axis">' "$GZ_OUT/view.html"
expect_grep "a month is a link that narrows the search to it" 'href="gazette.cgi?q=Laos&amp;from=2024-07&amp;to=2024-07"><span class="n">[0-9]*</span><span class="sr"> articles in Jul 2024</span>' "$GZ_OUT/view.html"
expect_grep "an empty month between hits is shown" '<li class="empty"><span class="col"></span><span class="lbl">Apr</span></li>' "$GZ_OUT/view.html"
expect_grep "a long stretch of empty months is folded and marked" '<li class="fold"><span class="lbl">&hellip; [0-9]* months &hellip;</span></li>' "$GZ_OUT/view.html"
expect_grep "a range is picked from the axis's months" '<select id="range-from" name="from"><option>2020-01</option>' "$GZ_OUT/view.html"
view "q=Laos&from=2024-07&to=2024-07"
expect_grep "within one month the timeline shows days" '<h2 id="timeline-h">By day</h2>' "$GZ_OUT/view.html"
expect_grep "a day narrows to that day" 'href="gazette.cgi?q=Laos&amp;from=2024-07-30&amp;to=2024-07-30"><span class="n">1</span><span class="sr"> article in 30 Jul 2024</span>' "$GZ_OUT/view.html"
