# t18 - invisible characters and scripts written without spaces: no-break
# spaces are spaces, soft hyphens and joiners vanish inside a word, and
# Chinese, Japanese, Thai and Korean text is searchable, with snippets that
# highlight what was asked for.
. "$(dirname "$0")/lib.sh"
db="$GZ_OUT/scripts.db"
# \u escapes keep the invisible characters visible in this file
cat >"$GZ_OUT/scripts.jsonl" <<'JSON'
{"id":"nbsp","date":"1992-04-01","title":"Tokyo talks","body":"Prime Minister Kiichi\u00a0Miyazawa met the press. Kim\u202fSong-nam arrived later."}
{"id":"shy","date":"1992-04-02","title":"Laos visit","body":"Kiichi Miya\u00adzawa flew to Vien\u00adtiane for inter\u00adnational talks on the Me\u2060kong river and co\u200doperation."}
{"id":"zh","date":"2024-03-05","title":"王沪宁会见老挝客人","body":"新华社北京3月5日电 中共中央政治局常委王沪宁在北京会见了老挝人民革命党代表团。"}
{"id":"ja","date":"2024-03-06","title":"東京で会議","body":"東京で日本の首相が会見した。大阪ではない。"}
{"id":"th","date":"2024-03-07","title":"นายกฯ เยือนลาว","body":"นายกรัฐมนตรีไทยเดินทางไปเยือนประเทศลาวเมื่อวันจันทร์"}
{"id":"ko","date":"2024-03-08","title":"외무상 방문","body":"김성남 부장이 라오스를 방문하였다."}
JSON
expect_status "index invisible characters and unspaced scripts" 0 "$INDEX" -q --db "$db" "$GZ_OUT/scripts.jsonl"

# ids of the hits for a query, one per line
hits() {
    "$SEARCH" --db "$db" --json "$1" >"$GZ_OUT/hits.json" || fail "search $1"
    python3 -c "import json,sys; print(' '.join(h['id'] for h in json.load(open(sys.argv[1]))['hits']))" \
        "$GZ_OUT/hits.json"
}

# 9: no-break spaces inside names
expect_eq "a name with a no-break space is the person" "$(hits 'person:"Kiichi Miyazawa" date:1992-04-01')" "nbsp"
expect_eq "a narrow no-break space inside a name" "$(hits 'person:"Kim Song Nam"')" "nbsp"
# 10: soft hyphen, word joiner, zero-width joiner
expect_eq "soft hyphen inside a word" "$(hits international)" "shy"
expect_eq "soft hyphen inside a place" "$(hits vientiane)" "shy"
expect_eq "zero-width joiner inside a word" "$(hits cooperation)" "shy"
expect_eq "a word joiner inside a word" "$(hits mekong)" "shy"
expect_eq "a name with a soft hyphen is the whole person" "$(hits 'person:"Kiichi Miyazawa"' | tr ' ' '\n' | sort | xargs)" "nbsp shy"
"$SEARCH" --db "$db" --json vientiane >"$GZ_OUT/shy.json" || fail "search vientiane"
python3 - "$GZ_OUT/shy.json" <<'PY' || fail "people of an article with soft hyphens"
import json, sys
h = json.load(open(sys.argv[1]))["hits"][0]
assert h["people"] == ["Kiichi Miyazawa"], h["people"]
PY
ok "soft hyphens do not cut a name"

# 11: one test per script, each with its highlight
expect_eq "Chinese name inside unspaced text" "$(hits 王沪宁)" "zh"
expect_eq "Chinese word" "$(hits 会见)" "zh"
expect_eq "a Chinese phrase across words" "$(hits '"王沪宁 在 北京"')" "zh"
expect_eq "a character not in the text" "$(hits 王沪生)" ""
expect_eq "Japanese" "$(hits 東京)" "ja"
expect_eq "Japanese kana" "$(hits 会見した)" "ja"
expect_eq "Thai" "$(hits ลาว)" "th"
expect_eq "Korean word with its particle" "$(hits 라오스)" "ko"
expect_eq "Korean name" "$(hits 김성남)" "ko"
expect_status "Chinese snippet" 0 "$SEARCH" --db "$db" 王沪宁
expect_grep "Chinese highlight is the name" '常委\*\*王沪宁\*\*在北京' "$GZ_OUT/stdout"
expect_status "Thai snippet" 0 "$SEARCH" --db "$db" ลาว
expect_grep "Thai highlight, with the text before it" 'ประเทศ\*\*ลาว\*\*เมื่อ' "$GZ_OUT/stdout"
expect_status "Korean snippet" 0 "$SEARCH" --db "$db" 라오스
expect_grep "Korean highlight" '\*\*라오스\*\*를' "$GZ_OUT/stdout"
expect_status "Japanese snippet" 0 "$SEARCH" --db "$db" 東京
expect_grep "Japanese highlight" '\*\*東京\*\*で日本' "$GZ_OUT/stdout"
