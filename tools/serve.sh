#!/bin/sh
# Serves gazette.cgi (or gazette.fcgi, as FastCGI) with lighttpd on
# 127.0.0.1: used by `make serve` and by the web tests.
# Usage: tools/serve.sh PORT INDEX PROGRAM STATE_DIR
# Runs in the foreground until killed; the configuration it writes to
# STATE_DIR/lighttpd.conf is the one to copy for a real deployment.
set -eu
port=$1 db=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
cgi=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
state=$4
mkdir -p "$state/www"
state=$(cd "$state" && pwd)
command -v lighttpd >/dev/null || { echo "serve: lighttpd is not installed (make deps)" >&2; exit 1; }
name=$(basename "$cgi")
# How long a search waits for a remote shard (docs/clusters.md),
# passed on when set.
timeout=
[ -n "${GAZETTE_SHARD_TIMEOUT:-}" ] && timeout=", \"GAZETTE_SHARD_TIMEOUT\" => \"$GAZETTE_SHARD_TIMEOUT\""
if [ "${name%.fcgi}" != "$name" ]; then
    # One long-lived FastCGI process per core, started by lighttpd; the index
    # path comes from the process environment.
    modules='"mod_fastcgi"'
    handler="fastcgi.server = (\"/$name\" => ((\"bin-path\" => \"$cgi\",
    \"socket\" => \"$state/gazette.sock\", \"max-procs\" => 2, \"check-local\" => \"disable\",
    \"bin-environment\" => (\"GAZETTE_DB\" => \"$db\"$timeout))))"
else
    modules='"mod_alias", "mod_cgi", "mod_setenv"'
    handler="alias.url = (\"/$name\" => \"$cgi\")
cgi.assign = (\"$name\" => \"\")
# The index comes from the server's configuration, never from the request.
setenv.add-environment = (\"GAZETTE_DB\" => \"$db\"$timeout)"
fi
cat >"$state/lighttpd.conf" <<CONF
server.modules = ($modules, "mod_redirect", "mod_accesslog")
server.bind = "127.0.0.1"
server.port = $port
server.document-root = "$state/www"
server.errorlog = "$state/error.log"
accesslog.filename = "$state/access.log"
mimetype.assign = (".html" => "text/html; charset=utf-8")
# $name is the whole site; / leads to it.
$handler
url.redirect = ("^/\$" => "/$name")
CONF
exec lighttpd -D -f "$state/lighttpd.conf"
