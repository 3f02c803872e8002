# lib.sh - helpers shared by the integration tests (sourced, not run).
# The runner sets GZ_BIN (binaries under test), GZ_TOP, GZ_SHARED, GZ_OUT.
set -u
INDEX="$GZ_BIN/gazette-index"
SEARCH="$GZ_BIN/gazette-search"
SAMPLE="$GZ_TOP/corpus/sample"
DUMP="$GZ_TOOLS/index_dump"     # every document, term, value and metadata key, by id
checks=0

fail() {
    echo "not ok: $*"
    exit 1
}

ok() {
    checks=$((checks + 1))
    echo "ok $checks - $*"
}

# Skips the whole test (exit 77) when ../shared/data is not beside the clone.
need_shared() {
    [ -d "$GZ_SHARED/reuters21578" ] || { echo "needs ../shared/data (not in a user's clone)"; exit 77; }
}

doccount() {
    xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p'
}

# expect_eq WHAT GOT WANT
expect_eq() {
    [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
    ok "$1"
}

# expect_status WHAT WANT command...: runs command, checks its exit status.
expect_status() {
    what=$1 want=$2
    shift 2
    "$@" >"$GZ_OUT/stdout" 2>"$GZ_OUT/stderr"
    got=$?
    [ "$got" = "$want" ] || { cat "$GZ_OUT/stderr"; fail "$what: exit status $got, want $want"; }
    ok "$what"
}

# expect_grep WHAT PATTERN FILE
expect_grep() {
    grep -q -- "$2" "$3" || { cat "$3"; fail "$1: no '$2' in $(basename "$3")"; }
    ok "$1"
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_tcpsrv PORT DB [--writable]: serves DB with xapian-tcpsrv on
# 127.0.0.1, in a session of its own (stopped, xapian-tcpsrv signals its
# whole process group, which would take the test with it); prints its pid.
# Waits until it accepts connections.
start_tcpsrv() {
    port=$1 served=$2
    shift 2
    setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 "$@" "$served" \
        >>"$GZ_OUT/tcpsrv-$port.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
            "$port" 2>/dev/null && { echo $pid; return 0; }
        sleep 0.05
    done
    kill $pid 2>/dev/null
    fail "xapian-tcpsrv on port $port did not start"
}

# kill_after PID DB N: once DB (an index, a shard or a stub) holds more than
# N articles, kills PID with SIGKILL and reaps it; fails when PID ends
# first or nothing is committed within a minute.
kill_after() {
    tries=0
    until [ "$(doccount "$2" 2>/dev/null)" -gt "$3" ] 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -gt 600 ] && { kill -9 "$1"; fail "no commit seen in $2"; }
        kill -0 "$1" 2>/dev/null || fail "the indexer ended before it could be killed"
        sleep 0.1
    done
    kill -9 "$1"
    wait "$1" 2>/dev/null
}
