# lib-server.sh - starts and stops lighttpd serving gazette.cgi (or, given
# gazette.fcgi, the FastCGI program) for a test (sourced after lib.sh).
# Sets BASE to the server's address.
need_lighttpd() {
    command -v lighttpd >/dev/null || { echo "needs lighttpd (make deps installs it)"; exit 77; }
}

start_server() {
    db=$1 program=${2:-gazette.cgi}
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$GZ_TOP/tools/serve.sh" "$PORT" "$db" "$GZ_BIN/$program" "$GZ_OUT/server" >"$GZ_OUT/server.log" 2>&1 &
    SERVER=$!
    trap 'stop_server' EXIT
    BASE="http://127.0.0.1:$PORT"
    tries=0
    until curl -s -o /dev/null "$BASE/$program"; do
        tries=$((tries + 1))
        [ $tries -gt 50 ] && { cat "$GZ_OUT/server.log"; fail "lighttpd did not start"; }
        sleep 0.1
    done
}

stop_server() {
    [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    SERVER=""
}

# need_browser: skips the test (77) without chromium, node and npm; installs
# the browser tests' npm packages (tests/browser/package-lock.json) when
# they are missing.  Sets BROWSER_DIR.
need_browser() {
    [ -x /usr/bin/chromium ] || { echo "needs chromium (make deps installs it)"; exit 77; }
    command -v node >/dev/null && command -v npm >/dev/null || { echo "needs node and npm"; exit 77; }
    BROWSER_DIR="$GZ_TOP/tests/browser"
    if [ ! -d "$BROWSER_DIR/node_modules/axe-core" ] || [ ! -d "$BROWSER_DIR/node_modules/playwright-core" ]; then
        (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund >"$GZ_OUT/npm.log" 2>&1) ||
            { cat "$GZ_OUT/npm.log"; fail "npm ci"; }
    fi
}
