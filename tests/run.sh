#!/bin/sh
# The whole test suite (make check): unit tests, golden tests, pattern-set
# error tests, stream tests.  Ends with "N passed, N failed".
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${PHISCRUB_BIN:-$top/phiscrub}
build=${PHISCRUB_BUILD:-$top/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$1"; }

# Unit tests (C, one binary per module group); each prints its own tally.
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	if out=$("$t" 2>&1); then
		pass
	else
		fail "unit $(basename "$t")"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
done

# Golden tests: NAME.in -> NAME.out (and NAME.args, NAME.err, NAME.rc).
for dir in golden config stream; do
	for input in "$top"/tests/$dir/*.in "$top"/tests/$dir/*.yaml; do
		[ -e "$input" ] || continue
		base=${input%.*}
		name="$dir/$(basename "$base")"
		[ -f "$base.out" ] || [ -f "$base.err" ] || [ -f "$base.rc" ] || continue
		case "$input" in *.yaml) [ -e "$base.in" ] && continue ;; esac
		args=""
		[ -f "$base.args" ] && args=$(cat "$base.args")
		want_rc=0
		[ -f "$base.rc" ] && want_rc=$(cat "$base.rc")
		stdin=/dev/null
		case "$input" in *.in) stdin="$input" ;; esac
		(cd "$top/tests/$dir" && eval "\"$bin\" $args" <"$stdin" >"$tmp/out" 2>"$tmp/err")
		rc=$?
		ok=1
		if [ "$rc" != "$want_rc" ]; then ok=0; echo "    $name: status $rc, want $want_rc"; fi
		if [ -f "$base.out" ] && ! cmp -s "$tmp/out" "$base.out"; then
			ok=0; diff "$base.out" "$tmp/out" | head -20 | sed 's/^/    /'
		fi
		if [ -f "$base.err" ] && ! cmp -s "$tmp/err" "$base.err"; then
			ok=0; diff "$base.err" "$tmp/err" | head -10 | sed 's/^/    /'
		fi
		if [ $ok = 1 ]; then pass; else fail "$name"; fi
	done
done

# Script tests: each tests/sh/*.sh exits 0 on success.
for t in "$top"/tests/sh/*.sh; do
	[ -e "$t" ] || continue
	if out=$(PHISCRUB="$bin" TOP="$top" BUILD="$build" TMPDIR="$tmp" sh "$t" 2>&1); then
		pass
	else
		fail "sh/$(basename "$t")"
		printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
