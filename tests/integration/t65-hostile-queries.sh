# t65 - whatever a visitor types or sends: no crash, no refusal of text a
# person would paste, a notice when the text is not taken as typed, strict
# UTF-8 with the true reason, JSON that always keeps its keys.
. "$(dirname "$0")/lib.sh"
CGI="$GZ_BIN/gazette.cgi"
db="$GZ_OUT/q.db"
"$INDEX" -q --db "$db" "$SAMPLE" || fail "index"

total() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$GZ_OUT/stdout"; }
same_as() {     # same_as WHAT QUERY REFERENCE: both give the same hits
    "$SEARCH" --db "$db" --json --limit 50 -- "$3" >"$GZ_OUT/ref.json" || fail "$1: reference"
    expect_status "$1" 0 "$SEARCH" --db "$db" --json --limit 50 -- "$2"
    python3 - "$GZ_OUT/ref.json" "$GZ_OUT/stdout" <<'PY' || fail "$1: other hits than '$3'"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["total"] > 0 and [h["id"] for h in a["hits"]] == [h["id"] for h in b["hits"]], (a["total"], b["total"])
PY
}

# -- nesting: the recursive parser crashed at 1,000 levels ---------------------
deep=$(python3 -c 'print("(" * 1000 + "Laos" + ")" * 1000)')
expect_status "1,000 nested parentheses do not crash the CLI" 0 "$SEARCH" --db "$db" "$deep"
expect_grep "they are searched as words, with a note" "^note: searched as plain words: parentheses nest more than 32 deep" "$GZ_OUT/stdout"
expect_grep "which finds Laos" "Laos" "$GZ_OUT/stdout"
expect_status "100,000 parentheses neither" 0 "$SEARCH" --db "$db" "$(python3 -c 'print("(" * 100000)')"
same_as "32 levels are still syntax" "$(python3 -c 'print("(" * 32 + "Laos OR Vietnam" + ")" * 32)')" "Laos OR Vietnam"

# -- text people paste ---------------------------------------------------------
for q in '"ASEAN Regional' '(ASEAN Regional Forum' 'ASEAN Regional Forum)' 'ASEAN :)'; do
    expect_status "'$q' is searched, not refused" 0 "$SEARCH" --db "$db" --json -- "$q"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] > 0 and d["notice"].startswith("searched as plain words: "), d["notice"]' \
        "$GZ_OUT/stdout" || fail "'$q': no results or no notice"
done
same_as "Re:ASEAN summit finds ASEAN summits" 'Re:ASEAN summit' 'ASEAN summit'
same_as "Update:Laos railway finds Laos railway" 'Update:Laos railway' 'Laos railway'
same_as "a dangling OR is ignored" 'Laos OR' 'Laos'
same_as "so is a leading one" 'OR Laos' 'Laos'
same_as "a trailing NOT is ignored" 'ASEAN NOT' 'ASEAN'
same_as "NOT NOT cancels" 'NOT NOT ASEAN' 'ASEAN'
expect_status "a query of exclusions alone lists everything else" 0 "$SEARCH" --db "$db" --json --limit 100 'NOT ASEAN'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] > 0 and not any("ASEAN" in h["title"] for h in d["hits"]), d["total"]' \
    "$GZ_OUT/stdout" || fail "NOT ASEAN"
ok "NOT ASEAN: the articles without ASEAN"
long=$(python3 - "$SAMPLE" <<'PY'
import glob, re, sys
words = re.findall(r"[A-Za-z]+", " ".join(open(f).read() for f in sorted(glob.glob(sys.argv[1] + "/*.txt"))))
print(" ".join(words[:400]))
PY
)
expect_status "400 pasted words are searched (query by example)" 0 "$SEARCH" --db "$db" --json -- "$long"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] > 0 and d["notice"].startswith("a long text: searched for any of its"), d' \
    "$GZ_OUT/stdout" || fail "query by example"
ok "with a notice saying which words were kept"
expect_status "a malformed date stays a usage error" 2 "$SEARCH" --db "$db" 'Laos date:2024-02-30'
expect_status "an unknown country stays a usage error" 2 "$SEARCH" --db "$db" 'country:Atlantis'

# -- invalid UTF-8 ---------------------------------------------------------------
expect_status "Latin-1 bytes in a CLI query are repaired" 0 "$SEARCH" --db "$db" --json "$(printf 'Laos caf\351')"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["query"] == "Laos café" and "Latin-1" in d["notice"], d' \
    "$GZ_OUT/stdout" || fail "repaired query"
ok "JSON keeps its query (repaired) and says so"
expect_status "an escape character never reaches the terminal" 0 "$SEARCH" --db "$db" --json "$(printf 'Laos\033[2J')"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["query"] == "Laos[2J" and "control characters dropped" in d["notice"], d["query"]' \
    "$GZ_OUT/stdout" || fail "the escape character was kept in the query"
ok "control characters are dropped from the query that is echoed"

# -- the same through gazette.cgi -------------------------------------------------
cgi() {
    env -i PATH="$PATH" GAZETTE_DB="$db" REQUEST_METHOD=GET QUERY_STRING="$1" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$CGI" >"$GZ_OUT/resp" 2>"$GZ_OUT/cgi.err" \
        || fail "gazette.cgi exited non-zero for $1: $(tail -3 "$GZ_OUT/cgi.err")"
    sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$GZ_OUT/resp" >"$GZ_OUT/status"
    sed '1,/^\r$/d' "$GZ_OUT/resp" >"$GZ_OUT/body"
}
cgi "q=$(python3 -c 'print("%28" * 1000)')Laos&format=json"
expect_eq "1,000 parentheses over CGI: 200, no crash" "$(cat "$GZ_OUT/status")" 200
cgi "q=%22a+b%22$(python3 -c 'print("+OR+%22a+b%22" * 85)')&format=json"
expect_eq "a phrase OR'ed 85 times is answered" "$(cat "$GZ_OUT/status")" 200
for bad in '%ED%A0%80' '%C0%AF' '%F4%90%80%80' 'Caf%E9' '%1B%5B2J'; do
    cgi "q=$bad&format=json"
    expect_eq "q=$bad is a bad request" "$(cat "$GZ_OUT/status")" 400
    python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert "not valid URL-encoded UTF-8 text (at byte" in e and "memory" not in e, e' \
        "$GZ_OUT/body" || fail "q=$bad: the error does not give the true reason"
done
ok "each with the true reason, as valid JSON"
cgi "q=ASEAN&%E9=1&format=json"
expect_eq "a Latin-1 parameter name is a bad request" "$(cat "$GZ_OUT/status")" 400
python3 -c 'import json,sys; json.load(open(sys.argv[1]))["error"]' "$GZ_OUT/body" || fail "error JSON"
cgi "q=$(python3 -c 'print("+".join(["Laos"] * 600))')&format=json"
expect_eq "a long pasted q (3 KB) is searched" "$(cat "$GZ_OUT/status")" 200
cgi "q=%22ASEAN+Regional"
expect_eq "an unclosed quote on the page" "$(cat "$GZ_OUT/status")" 200
expect_grep "shows the notice" 'class="notice" role="note">searched as plain words' "$GZ_OUT/body"
exit 0
