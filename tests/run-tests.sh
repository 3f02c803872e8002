#!/bin/sh
# Runs every test against one build (default build/asan): the cmocka unit
# tests, then the shell integration tests in tests/integration/; or, when
# names follow the build, only the tests whose names start with one of them
# ("t7" runs t70, t72...; "test_query" one unit test).  Ends with
# one "N passed, N failed, N skipped" line; exits non-zero if any failed.
set -u
build=${1:-build/asan}
[ $# -gt 0 ] && shift
only="$*"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2

# the release build's programs live in bin/ (what `make` builds)
bindir="$top/$build/bin"
[ "$build" = build/release ] && bindir="$top/bin"
export GZ_BIN="$bindir"
export GZ_TOOLS="$top/$build/tests"     # index_dump
export GZ_TOP="$top"
export GZ_SHARED="$top/../shared/data"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
out="$top/tests/out"
rm -rf "$out" && mkdir -p "$out"

# A hung test fails instead of hanging CI (seconds; the slowest takes ~60).
unit_limit=${GZ_UNIT_TIMEOUT:-300}
test_limit=${GZ_TEST_TIMEOUT:-900}
passed=0 failed=0 skipped=0
# Does the test name start with one of the names asked for (or none asked)?
wanted() {
    [ -z "$only" ] && return 0
    for w in $only; do
        case "$1" in "$w"*) return 0 ;; esac
    done
    return 1
}

for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    wanted "$name" || continue
    if timeout "$unit_limit" "$t" >"$out/$name.log" 2>&1; then
        passed=$((passed + 1)); echo "ok   unit/$name"
    else
        failed=$((failed + 1)); echo "FAIL unit/$name"; sed 's/^/    /' "$out/$name.log"
    fi
done
for t in tests/integration/t*.sh; do
    name=$(basename "$t" .sh)
    wanted "$name" || continue
    export GZ_OUT="$out/$name"
    mkdir -p "$GZ_OUT"
    timeout "$test_limit" sh "$t" >"$out/$name.log" 2>&1
    rc=$?
    [ $rc -eq 124 ] && echo "timed out after $test_limit s" >>"$out/$name.log"
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1)); echo "ok   $name"
    elif [ $rc -eq 77 ]; then
        skipped=$((skipped + 1)); echo "skip $name: $(tail -n 1 "$out/$name.log")"
    else
        failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' "$out/$name.log" | tail -n 40
    fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
