# t90 - a person's search in a real browser: Debian's chromium, headless,
# driven by playwright-core (tests/browser/search.mjs) against lighttpd.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-server.sh"
need_lighttpd
[ -x /usr/bin/chromium ] || { echo "needs chromium (make deps installs it)"; exit 77; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "needs node and npm"; exit 77; }
browser="$GZ_TOP/tests/browser"
if [ ! -d "$browser/node_modules/playwright-core" ]; then
    (cd "$browser" && npm ci --no-audit --no-fund >"$GZ_OUT/npm.log" 2>&1) || { cat "$GZ_OUT/npm.log"; fail "npm ci"; }
fi
db="$GZ_OUT/browser.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"
start_server "$db"
node "$browser/search.mjs" "$BASE" "$GZ_OUT" || fail "the browser test failed (screenshots in $GZ_OUT)"
[ -s "$GZ_OUT/search-country-KP.png" ] && [ -s "$GZ_OUT/stories.png" ] || fail "no screenshot"
ok "screenshots saved in $GZ_OUT"
