# t60 - gazette-search's errors: missing index, bad query, bad options.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/s.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"

expect_status "no index at the path" 1 "$SEARCH" --db "$GZ_OUT/none.db" ASEAN
expect_grep "message names the path" "none.db" "$GZ_OUT/stderr"
expect_status "an unterminated quote is a syntax error" 2 "$SEARCH" --db "$db" '"ASEAN Regional'
expect_grep "the error points at the quote" "character 1" "$GZ_OUT/stderr"
expect_status "only exclusions is an error" 2 "$SEARCH" --db "$db" -- -ASEAN
expect_status "an unknown sort is an error" 2 "$SEARCH" --db "$db" --sort size ASEAN
expect_status "phrase search" 0 "$SEARCH" --db "$db" '"ASEAN Regional Forum"'
expect_grep "phrase matches" "matching article" "$GZ_OUT/stdout"
expect_status "hyphen variants: Kim Songnam" 0 "$SEARCH" --db "$db" Kim Songnam
expect_grep "finds Kim Song-nam" "North Korean party delegation sets out for Beijing" "$GZ_OUT/stdout"
expect_status "NOT excludes" 0 "$SEARCH" --db "$db" Kim Song-nam -Beijing
grep -q "sets out for Beijing" "$GZ_OUT/stdout" && fail "-Beijing did not exclude"
ok "-word excludes articles"
