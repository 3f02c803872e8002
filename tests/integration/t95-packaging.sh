# t95 - what a packager gets: man pages that groff reads without a warning,
# `make install` putting each file where it belongs (the CGI programs in
# libexec, reading SYSCONFDIR), programs that run from there, and `make
# uninstall` taking every file away again.
. "$(dirname "$0")/lib.sh"
command -v groff >/dev/null || { echo "needs groff (make deps installs it)"; exit 77; }
for page in "$GZ_TOP"/man/*.[178]; do
    groff -wall -mandoc -z "$page" >"$GZ_OUT/groff.err" 2>&1 || fail "groff failed on $page"
    [ -s "$GZ_OUT/groff.err" ] && { cat "$GZ_OUT/groff.err"; fail "groff warns about $(basename "$page")"; }
    man -l "$page" >/dev/null 2>&1 || fail "man -l cannot show $(basename "$page")"
done
ok "every man page formats without a warning"

root="$GZ_OUT/root"
make -s -C "$GZ_TOP" install DESTDIR="$root" PREFIX=/usr INSTALL_FROM="$GZ_BIN" >"$GZ_OUT/install.log" 2>&1 \
    || { cat "$GZ_OUT/install.log"; fail "make install"; }
for f in usr/bin/gazette-index usr/bin/gazette-search usr/libexec/gazette/gazette.cgi \
         usr/libexec/gazette/gazette.fcgi usr/share/gazette/countries.tsv \
         usr/share/man/man1/gazette-index.1 usr/share/man/man1/gazette-search.1 \
         usr/share/man/man7/gazette-query.7 \
         usr/share/man/man8/gazette.cgi.8 usr/share/man/man8/gazette.fcgi.8; do
    [ -e "$root/$f" ] || fail "make install did not put /$f"
done
[ -e "$root/usr/bin/gazette.cgi" ] && fail "a CGI program in /usr/bin"
ok "make install puts commands in bin, CGI programs in libexec/gazette, data and man pages in share"

db="$GZ_OUT/installed.db"
expect_status "the installed indexer finds its gazetteer" 0 "$root/usr/bin/gazette-index" -q --db "$db" "$SAMPLE"
env -i PATH="$PATH" GAZETTE_DB="$db" REQUEST_METHOD=GET QUERY_STRING="q=Laos&country=Laos" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$root/usr/libexec/gazette/gazette.cgi" >"$GZ_OUT/resp" 2>&1
head -n 1 "$GZ_OUT/resp" | grep -q "^Status: 200" || { head -n 5 "$GZ_OUT/resp"; fail "installed gazette.cgi"; }
ok "the installed CGI answers from libexec (its gazetteer found from there)"

make -s -C "$GZ_TOP" uninstall DESTDIR="$root" PREFIX=/usr >/dev/null 2>&1 || fail "make uninstall"
left=$(find "$root" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
ok "make uninstall removes every file it installed"
