#!/bin/sh
# The sample posts: every samples/NAME.txt, scrubbed with the default
# pattern sets (and the options in samples/NAME.args, if there is one),
# gives exactly samples/NAME.expected.  A sample without its .expected is
# a failure too.  When a change to the rules improves a sample, review the
# new output and regenerate it:
#     phiscrub samples/NAME.txt > samples/NAME.expected
set -eu
: "${PHISCRUB:?}" "${TOP:?}" "${TMPDIR:=/tmp}"
TMPDIR=$(mktemp -d "$TMPDIR/samples.XXXXXX")
trap 'rm -rf "$TMPDIR"' EXIT
cd "$TOP/samples"
fail=0
n=0
for txt in *.txt; do
	[ -e "$txt" ] || continue
	name=${txt%.txt}
	n=$((n + 1))
	if [ ! -f "$name.expected" ]; then
		echo "samples/$txt: no samples/$name.expected"
		fail=1
		continue
	fi
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# $args is split on purpose: it holds options.
	# shellcheck disable=SC2086
	if ! "$PHISCRUB" $args "$txt" >"$TMPDIR/sample.out" 2>"$TMPDIR/sample.err"; then
		echo "samples/$txt: phiscrub failed:"
		cat "$TMPDIR/sample.err"
		fail=1
		continue
	fi
	if ! cmp -s "$name.expected" "$TMPDIR/sample.out"; then
		echo "samples/$txt: output differs from samples/$name.expected:"
		diff "$name.expected" "$TMPDIR/sample.out" | sed 's/^/    /' || :
		fail=1
	fi
done
[ "$n" -ge 4 ] || { echo "only $n sample posts in samples/"; fail=1; }
if [ $fail = 1 ]; then
	echo "(if the new output is better, review it and regenerate the .expected file)"
fi
exit $fail
