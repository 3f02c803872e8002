#!/bin/sh
# make-deb.sh OUT - builds the Debian package from a copy of the source tree
# in OUT (dpkg-buildpackage writes beside the tree it builds, so the clone's
# parent is left alone), then checks it with lintian, failing on any error or
# warning.  Prints the path of the .deb.
set -eu
out=${1:?usage: make-deb.sh OUT}
top=$(cd "$(dirname "$0")/.." && pwd)
version=$(cat "$top/VERSION")
src="$out/gazette-$version"

rm -rf "$out" && mkdir -p "$src"
out=$(cd "$out" && pwd)
src="$out/gazette-$version"
# the files of the tree, not its builds, indexes or test output
if [ -d "$top/.git" ] && command -v git >/dev/null; then
    (cd "$top" && git ls-files -z --cached --others --exclude-standard) |
        (cd "$top" && xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$src"
else
    (cd "$top" && tar -cf - --exclude=./build --exclude=./bin --exclude=./tests/out .) |
        tar -xf - -C "$src"
fi

changelog_version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
[ "$changelog_version" = "$version" ] || {
    echo "make-deb: debian/changelog says $changelog_version, VERSION says $version" >&2
    exit 1
}

(cd "$src" && dpkg-buildpackage -us -uc -b -J >"$out/build.log" 2>&1) || {
    tail -n 40 "$out/build.log" >&2
    echo "make-deb: dpkg-buildpackage failed; the whole log is $out/build.log" >&2
    exit 1
}
deb=$(ls "$out"/gazette_"$version"_*.deb)
lintian --fail-on error,warning --tag-display-limit 0 "$deb" >"$out/lintian.log" 2>&1 || {
    cat "$out/lintian.log" >&2
    echo "make-deb: lintian found errors or warnings in $deb" >&2
    exit 1
}
cat "$out/lintian.log"
echo "$deb"
