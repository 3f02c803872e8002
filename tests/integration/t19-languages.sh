# t19 - indexes in languages written in other scripts than Latin: the
# headline weight, query expansion and related articles treat their words
# as words (the schema's rule: a term is a word unless it starts with an
# upper-case prefix), as they do English ones.
. "$(dirname "$0")/lib.sh"

# lang_test LANGUAGE FILE TITLE_WORD TITLE_ID LIKE_ID WANT_RELATED
lang_test() {
    db="$GZ_OUT/$1.db"
    expect_status "index $1 articles" 0 "$INDEX" -q --language "$1" --db "$db" "$2"
    "$SEARCH" --db "$db" --json "$3" >"$GZ_OUT/hits.json" || fail "$1: search $3"
    expect_eq "$1: the article with the word in its headline ranks first" \
        "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hits"][0]["id"])' "$GZ_OUT/hits.json")" "$4"
    "$SEARCH" --db "$db" --json --like "$5" >"$GZ_OUT/like.json" || fail "$1: --like $5"
    expect_eq "$1: --like finds the related articles" \
        "$(python3 -c 'import json,sys; print(" ".join(sorted(h["id"] for h in json.load(open(sys.argv[1]))["hits"])))' "$GZ_OUT/like.json")" "$6"
}

cat >"$GZ_OUT/ru.jsonl" <<'JSON'
{"id":"r1","date":"2024-03-01","title":"Министр иностранных дел посетил Вьентьян","body":"Министр иностранных дел Северной Кореи посетил Вьентьян и провёл переговоры с коллегой из Лаоса о торговле и сотрудничестве."}
{"id":"r2","date":"2024-03-02","title":"Переговоры в Лаосе о торговле","body":"Во Вьентьяне министры обсудили торговлю, сотрудничество и строительство железной дороги между странами."}
{"id":"r3","date":"2024-03-03","title":"Урожай риса в провинции","body":"Крестьяне провинции собрали богатый урожай риса благодаря хорошей погоде."}
{"id":"r4","date":"2024-03-04","title":"Вьентьян принимает делегацию","body":"Делегация министерства иностранных дел прибыла во Вьентьян для переговоров о сотрудничестве и торговле."}
JSON
lang_test russian "$GZ_OUT/ru.jsonl" переговоры r2 r1 "r2 r4"

cat >"$GZ_OUT/el.jsonl" <<'JSON'
{"id":"g1","date":"2024-03-01","title":"Ο υπουργός εξωτερικών επισκέφθηκε τη Βιεντιάν","body":"Ο υπουργός εξωτερικών της Βόρειας Κορέας επισκέφθηκε τη Βιεντιάν και συζήτησε το εμπόριο και τη συνεργασία με τον ομόλογό του."}
{"id":"g2","date":"2024-03-02","title":"Συνομιλίες για το εμπόριο στο Λάος","body":"Στη Βιεντιάν οι υπουργοί συζήτησαν το εμπόριο, τη συνεργασία και τον σιδηρόδρομο."}
{"id":"g3","date":"2024-03-03","title":"Σοδειά ρυζιού στην επαρχία","body":"Οι αγρότες της επαρχίας μάζεψαν πλούσια σοδειά ρυζιού χάρη στον καλό καιρό."}
{"id":"g4","date":"2024-03-04","title":"Η Βιεντιάν υποδέχεται αντιπροσωπεία","body":"Αντιπροσωπεία του υπουργείου εξωτερικών έφτασε στη Βιεντιάν για συνομιλίες για τη συνεργασία και το εμπόριο."}
JSON
lang_test greek "$GZ_OUT/el.jsonl" συνομιλίες g2 g1 "g2 g4"
