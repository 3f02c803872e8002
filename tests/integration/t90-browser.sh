# t90 - a person's search in a real browser: Debian's chromium, headless,
# driven by playwright-core (tests/browser/search.mjs) against lighttpd;
# then a journalist's tasks (tests/browser/newsroom.mjs).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
need_lighttpd
need_browser
browser="$BROWSER_DIR"
db="$GZ_OUT/browser.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"
start_server "$db"
node "$browser/search.mjs" "$BASE" "$GZ_OUT" || fail "the browser test failed (screenshots in $GZ_OUT)"
[ -s "$GZ_OUT/search-country-KP.png" ] && [ -s "$GZ_OUT/stories.png" ] || fail "no screenshot"
ok "screenshots saved in $GZ_OUT"

# The newsroom's tasks, each state saved at both sizes under build/screenshots.
shots="$GZ_TOP/build/screenshots"
mkdir -p "$shots"
node "$browser/newsroom.mjs" "$BASE" "$shots" >"$GZ_OUT/newsroom.log" 2>&1
rc=$?
cat "$GZ_OUT/newsroom.log"
[ $rc -eq 0 ] || fail "the newsroom test failed (screenshots in $shots)"
[ -s "$shots/article-phone.png" ] && [ -s "$shots/timeline-month-desktop.png" ] || fail "no newsroom screenshot"
ok "every newsroom task works in the browser; screenshots in build/screenshots"
