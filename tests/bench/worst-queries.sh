#!/bin/sh
# worst-queries.sh INDEX CGI [CGI...] - the CPU one request to gazette.cgi
# costs for the costliest queries we know of, per program given (say an
# older build beside bin/gazette.cgi), median of 3 runs.  The words come
# from the index itself: its most common terms.  docs/design/limits.md.
set -eu
db=$1
shift
common=$(xapian-delve -1 -a -v "$db" 2>/dev/null | awk '$1 ~ /^[a-z]+$/ { print $2, $1 }' |
    sort -rn | head -n 256 | cut -d' ' -f2)
w() { echo "$common" | sed -n "${1}p"; }
pair="\"$(w 1) $(w 2)\""
phrases=""; i=1
while [ $i -le 16 ]; do phrases="$phrases\"$(w $i) $(w $((i + 1)))\" OR "; i=$((i + 1)); done
words=$(echo "$common" | head -n 60 | tr '\n' ' ' | sed 's/ $//; s/ / OR /g')
nested=""; closing=""; i=1
while [ $i -le 30 ]; do nested="$nested(\"$(w $i) $(w $((i + 1)))\" OR "; closing="$closing)"; i=$((i + 1)); done
repeated=$(python3 -c 'import sys; print(" OR ".join([sys.argv[1]] * 85))' "$pair")
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$1"; }

cost() {    # cost CGI QUERY_STRING: median user+sys seconds of 3 runs
    for _ in 1 2 3; do
        env GAZETTE_DB="$db" REQUEST_METHOD=GET QUERY_STRING="$2" /usr/bin/time -f '%U %S' "$1" 2>&1 >/dev/null |
            tail -n 1 | awk '{ printf "%.2f\n", $1 + $2 }'
    done | sort -n | sed -n 2p
}

printf '| query | bytes |'
for cgi in "$@"; do printf ' %s |' "$cgi"; done
printf '\n|---|---|'
for cgi in "$@"; do printf -- '---|'; done
printf '\n'
row() {
    qs="q=$(enc "$2")$3"
    printf '| %s | %s |' "$1" "${#2}"
    for cgi in $cgis; do printf ' %s s |' "$(cost "$cgi" "$qs")"; done
    printf '\n'
}
cgis="$*"
row "one common phrase" "$pair" ""
row "that phrase OR'ed 85 times" "$repeated" ""
row "16 common phrases OR'ed" "${phrases% OR }" ""
row "60 common words OR'ed" "$words" ""
row "30 nested (phrase OR ...)" "$nested$(w 1)$closing" ""
row "the commonest word, page 1000 of 100" "$(w 1)" "&page=1000&n=100"
row "the 256 commonest words, pasted as text" "$(echo "$common" | tr '\n' ' ')" ""
