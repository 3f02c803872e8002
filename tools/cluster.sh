#!/bin/sh
# A cluster on this machine, for trying it out (`make cluster-demo`): N
# shards, each served twice by xapian-tcpsrv on 127.0.0.1 -- writable for
# the indexer (one client at a time), read-only for searches (a process per
# connection) -- the sample corpus indexed through the writable stub, and
# the search page (gazette.fcgi under lighttpd) over the read-only stub.
# Runs until interrupted, then stops every server it started (by pid).
# Usage: tools/cluster.sh [SHARDS [PORT [DIR]]]    (defaults 3, 8080, build/cluster)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-3} port=${2:-8080} dir=${3:-$top/build/cluster}
command -v xapian-tcpsrv >/dev/null || { echo "cluster: xapian-tcpsrv is missing (make deps)" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pids=""
stop() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT TERM

# A free port from the kernel; xapian-tcpsrv in its own session, because
# when it stops it signals its whole process group.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
serve_shard() {    # PORT PATH [--writable]
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$@" >>"$dir/tcpsrv.log" 2>&1 &
    pids="$pids $!"
    for _ in $(seq 100); do
        python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" \
            2>/dev/null && return 0
        sleep 0.05
    done
    echo "cluster: xapian-tcpsrv on port $1 did not start (see $dir/tcpsrv.log)" >&2
    exit 1
}

: >"$dir/write.stub"
: >"$dir/read.stub"
i=0
while [ "$i" -lt "$n" ]; do
    w=$(free_port)
    serve_shard "$w" "$dir/shard$i" --writable
    echo "remote 127.0.0.1:$w" >>"$dir/write.stub"
    i=$((i + 1))
done
"$top/bin/gazette-index" --db "$dir/write.stub" "$top/corpus/sample"
i=0
while [ "$i" -lt "$n" ]; do
    r=$(free_port)
    serve_shard "$r" "$dir/shard$i"
    echo "remote 127.0.0.1:$r" >>"$dir/read.stub"
    i=$((i + 1))
done
echo "cluster: $n shards; index more with: bin/gazette-index --db $dir/write.stub FILES"
echo "cluster: search with: bin/gazette-search --db $dir/read.stub QUERY"
echo "cluster: the page is on http://127.0.0.1:$port/ (Ctrl-C stops everything)"
"$top/tools/serve.sh" "$port" "$dir/read.stub" "$top/bin/gazette.fcgi" "$dir/web" &
pids="$pids $!"
wait
