# t90 - a person's search in a real browser: Debian's chromium, headless,
# driven by playwright-core (tests/browser/search.mjs) against lighttpd.
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
