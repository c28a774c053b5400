#!/bin/sh
# make check-valgrind (issue 8): every golden test (tests/golden/NAME.in with
# its .args) and every pattern-set error test (tests/config/NAME.yaml) under
# valgrind memcheck: no invalid access, no use of uninitialised memory, no
# definite or indirect leak.  The outputs themselves are checked by make
# check; here only valgrind's verdict counts.  Errors inside code generated
# by PCRE2's JIT compiler are suppressed (tests/fault/pcre2-jit.supp: it
# reads 16 bytes at a time past the subject and valgrind cannot see that it
# is safe); AddressSanitizer (make check-asan) covers those reads.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${PHISCRUB_BIN:-$top/phiscrub}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
command -v valgrind >/dev/null || { echo "valgrind: not installed"; exit 1; }
passed=0
failed=0
for input in "$top"/tests/golden/*.in "$top"/tests/config/*.yaml; do
	[ -e "$input" ] || continue
	base=${input%.*}
	dir=$(dirname "$input")
	case "$input" in
	*.yaml) [ -e "$base.in" ] && continue
		[ -f "$base.args" ] || continue ;;
	esac
	args=""
	[ -f "$base.args" ] && args=$(cat "$base.args")
	stdin=/dev/null
	case "$input" in *.in) stdin="$input" ;; esac
	(cd "$dir" && eval "valgrind -q --error-exitcode=99 --leak-check=full \
	    --suppressions=\"$top/tests/fault/pcre2-jit.supp\" \
	    --errors-for-leak-kinds=definite,indirect --log-file=\"$tmp/vg\" \
	    \"$bin\" $args" <"$stdin" >"$tmp/out" 2>"$tmp/err")
	rc=$?
	if [ "$rc" = 99 ] || [ -s "$tmp/vg" ]; then
		failed=$((failed + 1))
		echo "FAIL: valgrind $(basename "$dir")/$(basename "$base") (status $rc)"
		sed 's/^/    /' "$tmp/vg" | head -40
	else
		passed=$((passed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
