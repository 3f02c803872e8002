#!/bin/sh
# Serves gazette.cgi with lighttpd on 127.0.0.1: used by `make serve` and by
# the web tests.  Usage: tools/serve.sh PORT INDEX CGI_BINARY STATE_DIR
# Runs in the foreground until killed; the configuration it writes to
# STATE_DIR/lighttpd.conf is the one to copy for a real deployment.
set -eu
port=$1 db=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
cgi=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
state=$4
mkdir -p "$state/www"
state=$(cd "$state" && pwd)
command -v lighttpd >/dev/null || { echo "serve: lighttpd is not installed (make deps)" >&2; exit 1; }
cat >"$state/lighttpd.conf" <<CONF
server.modules = ("mod_alias", "mod_cgi", "mod_setenv", "mod_redirect", "mod_accesslog")
server.bind = "127.0.0.1"
server.port = $port
server.document-root = "$state/www"
server.errorlog = "$state/error.log"
accesslog.filename = "$state/access.log"
mimetype.assign = (".html" => "text/html; charset=utf-8")
# gazette.cgi is the whole site; / leads to it.
alias.url = ("/gazette.cgi" => "$cgi")
cgi.assign = ("gazette.cgi" => "")
url.redirect = ("^/\$" => "/gazette.cgi")
# The index comes from the server's configuration, never from the request.
setenv.add-environment = ("GAZETTE_DB" => "$db")
CONF
exec lighttpd -D -f "$state/lighttpd.conf"
