# t96 - the Debian package: `make deb`'s script builds it from a copy of the
# tree and lintian finds no error or warning; installed on this machine it
# indexes the sample corpus, its CGI program answers from /usr/lib/cgi-bin
# with the index /etc/gazette.conf names, its FastCGI program serves a search
# under lighttpd; purged, it leaves none of its files.  Installs system-wide,
# so it runs only as root (CI) and never over a gazette package already
# there.
. "$(dirname "$0")/lib.sh"
[ -n "${GZ_FAST:-}" ] && { echo "builds a whole package: make check runs it, make test does not"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "installs a package: runs as root only (as CI does)"; exit 77; }
for tool in dpkg-buildpackage dh lintian fakeroot; do
    command -v $tool >/dev/null || { echo "needs $tool (make deps installs it)"; exit 77; }
done
dpkg-query -W -f='${Status}' gazette 2>/dev/null | grep -q installed &&
    { echo "a gazette package is installed here: not replacing it"; exit 77; }

"$GZ_TOP/tools/make-deb.sh" "$GZ_OUT/deb" >"$GZ_OUT/make-deb.log" 2>&1 ||
    { cat "$GZ_OUT/make-deb.log"; fail "make-deb.sh (dpkg-buildpackage, then lintian)"; }
deb=$(tail -n 1 "$GZ_OUT/make-deb.log")
[ -f "$deb" ] || fail "no .deb: $deb"
grep -E "^[EW]: " "$GZ_OUT/deb/lintian.log" && fail "lintian errors or warnings"
ok "the package builds and lintian reports no error or warning"

purge() { dpkg --purge gazette >>"$GZ_OUT/dpkg.log" 2>&1; }
trap purge EXIT
dpkg -i "$deb" >"$GZ_OUT/dpkg.log" 2>&1 || { cat "$GZ_OUT/dpkg.log"; fail "dpkg -i"; }
for f in /usr/bin/gazette-index /usr/bin/gazette-search /usr/lib/cgi-bin/gazette.cgi \
         /usr/lib/cgi-bin/gazette.fcgi /etc/gazette.conf /usr/share/gazette/countries.tsv \
         /usr/share/man/man7/gazette-query.7.gz /lib/systemd/system/gazette-fcgi.socket \
         /lib/systemd/system/gazette-shard@.service; do
    [ -e "$f" ] || fail "the package did not install $f"
done
dpkg-query -W -f='${Conffiles}' gazette | grep -q "/etc/gazette.conf" || fail "/etc/gazette.conf is not a conffile"
getent passwd gazette >/dev/null || fail "no gazette user for the shard servers"
ok "installed: commands, CGI programs in /usr/lib/cgi-bin, /etc/gazette.conf as a conffile, systemd units"

db="$GZ_OUT/news.db"
expect_status "the installed indexer indexes the sample corpus" 0 /usr/bin/gazette-index -q --db "$db" "$SAMPLE"
/usr/bin/gazette-search --db "$db" --json 'Kim Song-nam' >"$GZ_OUT/search.json" || fail "installed gazette-search"
expect_grep "the installed searcher finds the seed story" "Kim Song-nam" "$GZ_OUT/search.json"

echo "db = $db" >>/etc/gazette.conf
env -i PATH="$PATH" REQUEST_METHOD=GET QUERY_STRING="q=Laos&format=json" \
    /usr/lib/cgi-bin/gazette.cgi >"$GZ_OUT/cgi.out" 2>&1
head -n 1 "$GZ_OUT/cgi.out" | grep -q "^Status: 200" || { head -n 5 "$GZ_OUT/cgi.out"; fail "installed gazette.cgi"; }
expect_grep "the installed CGI searches the index /etc/gazette.conf names" '"total":[1-9]' "$GZ_OUT/cgi.out"

. "$(dirname "$0")/lib-server.sh"
GZ_BIN=/usr/lib/cgi-bin start_server "$db" gazette.fcgi
trap 'stop_server; purge' EXIT
curl -s "$BASE/gazette.fcgi?q=ASEAN+Regional+Forum" >"$GZ_OUT/page.html"
expect_grep "the installed FastCGI program serves a search under lighttpd" "Regional Forum" "$GZ_OUT/page.html"
stop_server

purge || { cat "$GZ_OUT/dpkg.log"; fail "dpkg --purge"; }
trap - EXIT
left=""
for f in /usr/bin/gazette-index /usr/lib/cgi-bin/gazette.cgi /etc/gazette.conf /usr/share/gazette \
         /usr/share/doc/gazette /usr/share/man/man1/gazette-index.1.gz /lib/systemd/system/gazette-fcgi.service; do
    [ -e "$f" ] && left="$left $f"
done
[ -z "$left" ] || fail "dpkg --purge left:$left"
dpkg-query -W gazette >/dev/null 2>&1 && [ "$(dpkg-query -W -f='${Status}' gazette)" != "unknown ok not-installed" ] &&
    fail "dpkg still knows the package: $(dpkg-query -W -f='${Status}' gazette)"
ok "purged: no file of the package is left, /etc/gazette.conf included"
