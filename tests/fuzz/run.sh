#!/bin/sh
# Runs each fuzz target for SECONDS from its seeds (tests/fuzz/corpus/NAME),
# keeping what it finds new in build/fuzz/found/NAME.  Prints one line per
# target; a finding (crash, leak, sanitizer report, failed check) is kept
# as build/fuzz/NAME-crash-* and fails the run.
set -u
seconds=$1
shift
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
failed=0
# The seed folders of a target: its own, and for web pages and feeds the
# pages the integration tests read.
seeds() {
    [ -d "tests/fuzz/corpus/$1" ] && echo "tests/fuzz/corpus/$1"
    case "$1" in fuzz_html|fuzz_feed) echo tests/integration/pages ;; esac
}
for name in "$@"; do
    corpus="build/fuzz/found/$name"
    mkdir -p "$corpus"
    log="build/fuzz/$name.log"
    if build/fuzz/fuzz/"$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build/fuzz/$name-" \
        "$corpus" $(seeds "$name") >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz $name: $runs runs in $seconds s, no finding"
    else
        failed=1
        echo "FAIL fuzz $name: see $log"
        grep -E "ERROR|SUMMARY|==[0-9]+==" "$log" | head -n 20 | sed 's/^/    /'
    fi
done
exit $failed
