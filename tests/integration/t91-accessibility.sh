# t91 - the page's states through axe-core (tests/browser/axe.mjs) at
# desktop and phone sizes: the start page, results, filters and a date
# range, long facet lists, an article view, a story's copies, related
# articles, nothing found, a bad request and a missing article; no
# violation of serious or critical impact, and a screenshot of each.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
need_lighttpd
need_browser
browser="$BROWSER_DIR"
db="$GZ_OUT/a11y.db"
"$INDEX" -q --db "$db" "$SAMPLE" "$GZ_TOP/tests/integration/pages/vientiane-talks.html" \
    "$GZ_TOP/tests/integration/pages/mekong.rss" || fail "index"
start_server "$db"
g=/gazette.cgi
node "$browser/axe.mjs" "$BASE" "$GZ_OUT" \
    "start=$g" \
    "results=$g?q=Laos" \
    "filtered=$g?q=Laos&country=LA&person=Sonexay+Siphandone&from=2024-03&to=2024-03" \
    "more=$g?q=the&more=1" \
    "article=$g?q=rail&id=https%3A%2F%2Fmekongwire.example%2F2024%2F03%2F21%2Flaos-vietnam-rail" \
    "story=$g?q=story%3Ah81f1b1759caad394" \
    "related=$g?like=second-desk-arf-opens" \
    "nothing=$g?q=Laos&source=Mekong+Wire&from=2023-01&to=2023-02" \
    "bad-request=$g?q=Laos&page=0" \
    "missing=$g?id=no-such-article" \
    "page-2=$g?q=the&page=2" \
    || fail "axe-core found serious or critical violations (screenshots in $GZ_OUT)"
[ -s "$GZ_OUT/article-phone.png" ] && [ -s "$GZ_OUT/results-desktop.png" ] || fail "no screenshot"
ok "screenshots of every state at both sizes in $GZ_OUT"
