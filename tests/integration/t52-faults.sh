# t52 - an unlucky operator's faults: stubs that list themselves, each other
# or a shard twice; a shard server that never greets; signals the indexer
# cannot act on at once; Ctrl-C during a -j run.
. "$(dirname "$0")/lib.sh"
CGI="$GZ_BIN/gazette.cgi"
cd "$GZ_OUT" || fail "cd"
"$INDEX" -q --db one.db "$SAMPLE" || fail "index the sample"

# ---- stubs that cannot describe an archive --------------------------------
printf 'auto self.stub\n' >self.stub
printf 'auto b.stub\n' >a.stub
printf 'auto a.stub\n' >b.stub
printf 'auto one.db\nauto ./one.db/\n' >twice.stub
for stub in self.stub a.stub twice.stub; do
    expect_status "search refuses $stub" 1 "$SEARCH" --db "$stub" korea
    expect_grep "the message names $stub" "^gazette-search: $stub:[12]: " "$GZ_OUT/stderr"
    expect_status "indexing refuses $stub" 1 "$INDEX" -q --db "$stub" "$SAMPLE"
    expect_grep "the indexer names $stub" "^gazette-index: $stub:[12]: " "$GZ_OUT/stderr"
    env -i PATH="$PATH" GAZETTE_DB="$GZ_OUT/$stub" REQUEST_METHOD=GET QUERY_STRING=q=korea \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$CGI" \
        >resp 2>cgi.err
    grep -q "^Status: 503" resp || fail "$stub: the CGI answers $(head -1 resp)"
    grep -q "$stub" cgi.err || fail "$stub: the CGI's log does not name the stub"
    ok "the CGI answers 503 for $stub and logs why"
done

# the annotated lines of docs/clusters.md, and ":PORT" for this machine
printf '# the archive\nauto one.db    # the first shard\n' >commented.stub
expect_status "a comment after a shard line" 0 "$SEARCH" --db commented.stub korea
port=$(free_port)
printf 'auto one.db\nremote :%s\n' "$port" >local.stub
expect_status "a remote shard on this machine that is down" 3 "$SEARCH" --db local.stub korea
expect_grep "named as 127.0.0.1" "shard 127.0.0.1:$port did not answer" "$GZ_OUT/stderr"

# running out of file descriptors is this process's fault, not the shards'
"$INDEX" -q --shards 8 --db eight.stub "$SAMPLE" || fail "index 8 shards"
expect_status "out of file descriptors is an error, not a partial answer" 1 \
    sh -c 'ulimit -n 12 && exec "$0" --db eight.stub korea' "$SEARCH"
expect_grep "that says to raise the limit" "out of file descriptors.*ulimit -n" "$GZ_OUT/stderr"

# ---- a shard server that accepts and never greets --------------------------
# mute.py PORT GREETING: accepts connections, sends GREETING (maybe empty)
# and then nothing, for a minute.
cat >mute.py <<'PY'
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
print("ready", flush=True)
held = []
end = time.time() + 60
s.settimeout(0.2)
while time.time() < end:
    try:
        c, _ = s.accept()
        c.sendall(sys.argv[2].encode())
        held.append(c)
    except socket.timeout:
        pass
PY
port=$(free_port)
python3 mute.py "$port" "" >mute.log &
mute=$!
until grep -q ready mute.log; do sleep 0.05; done
printf 'remote 127.0.0.1:%s\n' "$port" >mute.stub
start=$(date +%s)
expect_status "a writable shard that never greets" 1 timeout 60 "$INDEX" -q --db mute.stub "$SAMPLE"
took=$(($(date +%s) - start))
[ "$took" -le 20 ] || fail "waited $took s for a greeting (the connect timeout is 10 s)"
expect_grep "the message says so" "no xapian-tcpsrv greeting within 10 s" "$GZ_OUT/stderr"
kill $mute 2>/dev/null; wait $mute 2>/dev/null

# A server whose greeting starts and never ends: the indexer waits inside
# Xapian; the first SIGTERM cannot reach it, a second one ends it.
port=$(free_port)
# (a log of its own: the first server's "ready" must not be read for this one's)
python3 mute.py "$port" "\001" >stalled.log &
mute=$!
until grep -q ready stalled.log; do sleep 0.05; done
printf 'remote 127.0.0.1:%s\n' "$port" >mute.stub
"$INDEX" -q --db mute.stub "$SAMPLE" 2>second.err &
pid=$!
sleep 2
kill -TERM $pid
sleep 1
kill -TERM $pid
tries=0
while kill -0 $pid 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -gt 50 ] && { kill -9 $pid; fail "a second SIGTERM did not end gazette-index"; }
    sleep 0.1
done
wait $pid
expect_eq "a second signal ends gazette-index (128 + SIGTERM)" "$?" 143
expect_grep "and says the index keeps its last commit" "second signal" second.err
kill $mute 2>/dev/null; wait $mute 2>/dev/null

# ---- Ctrl-C during -j keeps what was read ----------------------------------
python3 - >many.jsonl <<'PY'
import json, random
random.seed(7)
words = ("harvest field province farm manager report rice wheat rain flood road bridge school "
         "hospital factory workers council minister meeting trade export import port ship train "
         "village county city river mountain coal steel power plant water forest fishing boat").split()
for i in range(40000):
    body = " ".join(random.choice(words) for _ in range(60)) + "."
    print(json.dumps({"id": "a%d" % i, "date": "2024-05-%02d" % (i % 28 + 1),
                      "title": "Report %d on the %s" % (i, random.choice(words)), "body": body}))
PY
"$INDEX" -j 2 --db jobs.db many.jsonl 2>jobs.err &
pid=$!
# how far the indexer has read its input (Linux's fdinfo)
read_pos() {
    for fd in /proc/$pid/fd/*; do
        [ "$(readlink "$fd")" = "$GZ_OUT/many.jsonl" ] &&
            sed -n 's/^pos:[[:space:]]*//p' "/proc/$pid/fdinfo/${fd##*/}"
    done
}
tries=0
until [ "$(read_pos)" -gt 2000000 ] 2>/dev/null; do
    tries=$((tries + 1))
    [ $tries -gt 600 ] && { kill -9 $pid; fail "the input was not read"; }
    kill -0 $pid 2>/dev/null || fail "the -j run ended before it could be interrupted"
    sleep 0.05
done
kill -INT $pid
wait $pid
expect_eq "Ctrl-C during -j exits 130" "$?" 130
kept=$(doccount jobs.db)
[ "${kept:-0}" -gt 0 ] && [ "$kept" -lt 40000 ] || { cat jobs.err; fail "Ctrl-C during -j kept $kept articles"; }
ok "Ctrl-C during -j keeps the articles read before it ($kept)"
expect_grep "the summary counts what it kept" "interrupted after indexing $kept articles" jobs.err
grep -q "Interrupted system call" jobs.err && fail "the interruption is reported as a read error"
expect_status "the interrupted index searches" 0 "$SEARCH" --db jobs.db harvest
expect_status "a rerun completes it" 0 "$INDEX" -q -j 2 --db jobs.db many.jsonl
expect_eq "with every article once" "$(doccount jobs.db)" 40000

# ---- a damaged position table (it can crash libxapian itself) --------------
# Xapian 1.4's Database::check frees one of its own objects with the wrong
# size (AddressSanitizer's new-delete-type-mismatch, inside libxapian):
# not Gazette's to fix, so that one check is off for --check.
check() {
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:new_delete_type_mismatch=0" "$INDEX" "$@"
}
"$INDEX" -q --db sound.db "$SAMPLE" || fail "index the sample"
expect_status "--check on a sound index" 0 check --db sound.db --check
expect_grep "says it is sound" "^sound.db: sound" "$GZ_OUT/stdout"
cp -r sound.db damaged.db
python3 -c 'f = open("damaged.db/position.glass", "r+b"); f.seek(8192 + 100); f.write(b"\xff" * 40)'
expect_status "--check finds the damage" 1 check --db damaged.db --check
expect_grep "and says so" "^damaged.db: DAMAGED: " "$GZ_OUT/stdout"
expect_status "--check on a stub checks each shard" 0 check --db eight.stub --check
expect_eq "one line per shard" "$(grep -c ': sound' "$GZ_OUT/stdout")" 8
expect_status "--check of nothing" 1 check --db nothing.db --check
expect_grep "cannot be checked" "^nothing.db: cannot be checked" "$GZ_OUT/stdout"
printf 'date 2024-06-02\n\nNorth Korea and Laos\n\nNorth Korea met Laos again.\n' >more.txt
cp -r sound.db cut.db
truncate -s 8192 cut.db/position.glass
expect_status "indexing into a damaged index stops with exit 1" 1 "$INDEX" --db cut.db more.txt
expect_grep "saying it is damaged and what to do" "cut.db is damaged.*--check.*replica" "$GZ_OUT/stderr"
grep -q "holds" "$GZ_OUT/stderr" && fail "a damaged index is said to hold its last commit"
ok "no count of a damaged index"
