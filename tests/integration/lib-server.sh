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
