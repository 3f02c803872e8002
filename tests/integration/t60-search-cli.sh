# t60 - gazette-search's errors: missing index, bad query, bad options.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/s.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"

expect_status "no index at the path" 1 "$SEARCH" --db "$GZ_OUT/none.db" ASEAN
expect_grep "message names the path" "none.db" "$GZ_OUT/stderr"
expect_status "an unterminated quote is searched as words" 0 "$SEARCH" --db "$db" '"ASEAN Regional'
expect_grep "a note says so and points at the quote" "^note: searched as plain words: .*quote.*character 1" "$GZ_OUT/stdout"
expect_grep "and the words are found" "ASEAN Regional Forum meets" "$GZ_OUT/stdout"
expect_status "only exclusions: every other article" 0 "$SEARCH" --db "$db" -- -ASEAN
grep -q "ASEAN" "$GZ_OUT/stdout" && fail "-ASEAN listed an ASEAN article"
expect_grep "-ASEAN lists the others" "^[1-9][0-9]* matching \(articles\|stories\)" "$GZ_OUT/stdout"
expect_status "a malformed date is still a usage error" 2 "$SEARCH" --db "$db" 'ASEAN date:2024-13'
expect_grep "naming the field" "date:" "$GZ_OUT/stderr"
expect_status "an unknown sort is an error" 2 "$SEARCH" --db "$db" --sort size ASEAN
expect_status "phrase search" 0 "$SEARCH" --db "$db" '"ASEAN Regional Forum"'
expect_grep "phrase matches" "^[1-9][0-9]* matching \(article\|stor\)" "$GZ_OUT/stdout"
expect_status "hyphen variants: Kim Songnam" 0 "$SEARCH" --db "$db" Kim Songnam
expect_grep "finds Kim Song-nam" "North Korean party delegation sets out for Beijing" "$GZ_OUT/stdout"
expect_status "NOT excludes" 0 "$SEARCH" --db "$db" Kim Song-nam -Beijing
grep -q "sets out for Beijing" "$GZ_OUT/stdout" && fail "-Beijing did not exclude"
ok "-word excludes articles"
