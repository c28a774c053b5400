#!/bin/sh
# man/libphiscrub.3 passes `mandoc -Tlint` at the style level: no error,
# warning or style message, except "referenced manual not found" and stale
# mandoc.db notes, which depend on what is installed on the machine.
set -eu
: "${TOP:?}" "${TMPDIR:=/tmp}"
page=$TOP/man/libphiscrub.3
if ! command -v mandoc >/dev/null 2>&1; then
	echo "mandoc not installed: man/libphiscrub.3 not linted (.ci/run installs it)"
	exit 0
fi
mandoc -Tlint -W style "$page" >"$TMPDIR/lint-lib" 2>&1 || :
grep -v -e 'referenced manual not found' -e 'mandoc\.db' "$TMPDIR/lint-lib" \
    >"$TMPDIR/lint-lib.left" || :
if [ -s "$TMPDIR/lint-lib.left" ]; then
	echo "mandoc -Tlint man/libphiscrub.3:"
	cat "$TMPDIR/lint-lib.left"
	exit 1
fi
# The page names every function of the public header.
rc=0
for fn in $(cc -E -P "$TOP/src/phiscrub.h" | grep -o 'scrub_[a-z0-9_]* *(' |
    tr -d ' (' | sort -u); do
	grep -q "^\.Nm $fn\( ,\)\{0,1\}$" "$page" ||
	    { echo "man/libphiscrub.3: $fn missing from NAME"; rc=9; }
	grep -q "^\.F[no] $fn\( \|$\)" "$page" ||
	    { echo "man/libphiscrub.3: $fn missing from SYNOPSIS"; rc=9; }
done
[ "$rc" != 9 ]
