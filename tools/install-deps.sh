#!/bin/sh
# Installs the Debian packages Gazette builds, tests and runs with, when missing.
# Called by `make deps`; safe to rerun (it only touches packages that are absent).
set -eu

# lighttpd, curl, chromium and node/npm serve and drive the web tests;
# clang and its runtime (libFuzzer) build the fuzz targets; groff and man
# check the man pages; xmllint the Atom feeds; debhelper and lintian build and check the Debian
# package (make deb, t96).
packages="build-essential pkg-config libxapian-dev xapian-tools libstemmer-dev
zlib1g-dev libjansson-dev libutf8proc-dev libfcgi-dev libxml2-dev iso-codes tzdata libcmocka-dev python3
lighttpd curl chromium nodejs clang libclang-rt-dev groff-base man-db libxml2-utils
debhelper dpkg-dev fakeroot lintian"
[ "$#" -gt 0 ] && packages="$packages $*"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing" >&2
as_root=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root (or sudo) to install:$missing" >&2; exit 1; }
    as_root="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $missing
