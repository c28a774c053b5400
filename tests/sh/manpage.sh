#!/bin/sh
# The manual pages: every option that `phiscrub --help` prints has an
# entry (an .It line) in man/phiscrub.1; the pages pass `mandoc -Tlint`
# without a warning; and every example of the form
#     $ echo ... | phiscrub ...      (or printf)
#     expected output
# in a literal block of man/*.1 and man/*.5 (and in a ``` block of
# README.md) gives exactly that output; and every key, lexicon kind,
# validator and operator of the pattern-set loader is documented.
set -eu
: "${PHISCRUB:?}" "${TOP:?}" "${TMPDIR:=/tmp}"
TMPDIR=$(mktemp -d "$TMPDIR/manpage.XXXXXX")
trap 'rm -rf "$TMPDIR"' EXIT
page=$TOP/man/phiscrub.1
fail=0

# 1. Options.  Long ones anywhere in --help; short ones where an option
# line starts ("  -p, --patterns").
"$PHISCRUB" --help >"$TMPDIR/help"
longs=$(grep -o -- '--[a-z][a-z0-9-]*' "$TMPDIR/help" | sort -u)
shorts=$(sed -n 's/^  *-\([A-Za-z0-9]\), --.*/\1/p' "$TMPDIR/help" | sort -u)
[ -n "$longs" ] || { echo "no long options found in --help"; exit 1; }
grep '^\.It' "$page" >"$TMPDIR/items"
for o in $longs; do
	name=${o#--}
	# mdoc writes --name as "Fl \-name"; the name must end there.
	if ! grep -q -- "Fl \\\\-$name\\([^a-z0-9-]\\|\$\\)" "$TMPDIR/items"; then
		echo "man/phiscrub.1: no .It entry for $o (printed by --help)"
		fail=1
	fi
done
for o in $shorts; do
	if ! grep -q -- "Fl $o\\([^A-Za-z0-9-]\\|\$\\)" "$TMPDIR/items"; then
		echo "man/phiscrub.1: no .It entry for -$o (printed by --help)"
		fail=1
	fi
done

# 1b. The pattern-set format: every key, lexicon kind, validator and
# operator that the loader knows (the string tables of src/patterns.c and
# src/validate.c) is named in man/phiscrub-patterns.5 as "Ic NAME" or
# "Cm NAME"; every operator also in man/phiscrub.1 (--replace).
# strings FILE START: the quoted strings of the C initializers whose
# first line matches START, up to the end of each initializer.
strings() {
	awk -v start="$2" '
	$0 ~ start { on = 1 }
	on {
		line = $0
		while (match(line, /"[^"]*"/)) {
			print substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, RSTART + RLENGTH)
		}
		if ($0 ~ /};/) on = 0
	}' "$1" | sort -u
}
fmt=$TOP/man/phiscrub-patterns.5
src=$TOP/src
if [ -f "$fmt" ] && [ -f "$src/patterns.c" ]; then
	words=$( {
		strings "$src/patterns.c" 'const char \*const keys\[\] = '
		strings "$src/patterns.c" 'kind_names\[SCRUB_LK_COUNT\] = '
		strings "$src/patterns.c" 'operator_names\[SCRUB_OP_COUNT\] = '
		strings "$src/validate.c" 'validator_names\[SCRUB_V_COUNT\] = '
	} | sort -u)
	[ -n "$words" ] || { echo "no keys found in src/patterns.c"; exit 1; }
	for w in $words; do
		if ! grep -q -- "\\(Ic\\|Cm\\) $w\\([^A-Za-z0-9_-]\\|\$\\)" "$fmt"; then
			echo "man/phiscrub-patterns.5: \"$w\" (known to src/patterns.c or src/validate.c) is not documented"
			fail=1
		fi
	done
	for w in $(strings "$src/patterns.c" 'operator_names\[SCRUB_OP_COUNT\] = '); do
		if ! grep -q -- "^\\.It Cm $w\\([^A-Za-z0-9_-]\\|\$\\)" "$page"; then
			echo "man/phiscrub.1: operator \"$w\" is not described under --replace"
			fail=1
		fi
	done
fi

# 1c. A literal block after a comment ".\" example: PATH" in a manual page
# is a copy of the file PATH of the source tree (the worked example).
for f in "$TOP"/man/*.1 "$TOP"/man/*.5; do
	[ -e "$f" ] || continue
	sed -n 's/^\.\\" example: //p' "$f" >"$TMPDIR/paths"
	while read -r path; do
		awk -v want="$path" '
		$0 == ".\\\" example: " want { armed = 1; next }
		armed && /^\.Bd -literal/ { on = 1; next }
		on && /^\.Ed/ { exit }
		on { gsub(/\\&/, ""); gsub(/\\e/, "\\"); print }
		' "$f" >"$TMPDIR/copy"
		if [ ! -f "$TOP/$path" ]; then
			echo "${f##*/}: the example file $path does not exist"
			fail=1
		elif ! cmp -s "$TMPDIR/copy" "$TOP/$path"; then
			echo "${f##*/}: the copy of $path differs from the file:"
			diff "$TOP/$path" "$TMPDIR/copy" | sed 's/^/    /' || :
			fail=1
		fi
	done <"$TMPDIR/paths"
done

# 2. Lint.
if command -v mandoc >/dev/null 2>&1; then
	for f in "$TOP"/man/*.1 "$TOP"/man/*.5; do
		[ -e "$f" ] || continue
		if ! mandoc -Tlint -W warning "$f" >"$TMPDIR/lint" 2>&1 ||
		    grep -q ': \(WARNING\|ERROR\|UNSUPP\|BADARG\)' "$TMPDIR/lint"; then
			echo "mandoc -Tlint ${f#"$TOP"/}:"
			grep -v 'mandoc\.db' "$TMPDIR/lint" || :
			fail=1
		fi
	done
else
	echo "mandoc not installed: lint skipped (.ci/run installs it)"
fi
# groff, where it is installed, also warns about characters its fonts lack.
if command -v groff >/dev/null 2>&1; then
	for f in "$TOP"/man/*.1 "$TOP"/man/*.5; do
		[ -e "$f" ] || continue
		groff -mdoc -ww -z "$f" >"$TMPDIR/groff" 2>&1 || :
		if [ -s "$TMPDIR/groff" ]; then
			echo "groff -mdoc -ww -z ${f#"$TOP"/}:"
			cat "$TMPDIR/groff"
			fail=1
		fi
	done
fi

# 3. Examples, in the manual pages and in README.md.  Writes one script
# per example: the command (with phiscrub pointing at the binary under
# test) and the output it must give.
cd "$TOP"
rm -rf "$TMPDIR/ex"
mkdir "$TMPDIR/ex"
for f in "$TOP"/man/*.1 "$TOP"/man/*.5 "$TOP"/README.md; do
	[ -e "$f" ] || continue
	# In the manual pages literal blocks are .Bd -literal ... .Ed, with
	# mdoc escapes; in README.md they are ``` fences, without escapes.
	awk -v dir="$TMPDIR/ex" -v src="${f##*/}" '
	function unesc(s) {
		if (src ~ /\.md$/) return s
		gsub(/\\&/, "", s); gsub(/\\e/, "\\", s); return s
	}
	function close_ex() { if (n) { close(dir "/" src "-" n ".want") } ; cur = 0 }
	src !~ /\.md$/ && /^\.Bd -literal/ { lit = 1; next }
	src !~ /\.md$/ && /^\.Ed/ { lit = 0; close_ex(); next }
	src ~ /\.md$/ && /^```/ { lit = !lit; close_ex(); next }
	!lit { next }
	/^\$ / {
		close_ex()
		cmd = unesc(substr($0, 3))
		if (cmd ~ /^(echo|printf) / && cmd ~ /\| *phiscrub( |$)/) {
			n++
			b = dir "/" src "-" n
			sub(/\| *phiscrub/, "| \"$PHISCRUB\"", cmd)
			print cmd > (b ".sh"); close(b ".sh")
			print src ": " substr($0, 3) > (b ".name"); close(b ".name")
			printf "" > (b ".want")
			cur = 1
		}
		next
	}
	cur { print unesc($0) > (dir "/" src "-" n ".want") }
	' "$f"
done
# The examples of the keyed operators use a key file "key" made by
# umask 077; printf 'phiscrub-example-key-0123456789' > key
(umask 077 && printf 'phiscrub-example-key-0123456789' >"$TMPDIR/ex-key")
for s in "$TMPDIR"/ex/*.sh; do
	[ -e "$s" ] || continue
	# shellcheck disable=SC2016 # $KEY is expanded when the example runs
	sed 's|--key-file key |--key-file "$KEY" |' "$s" >"$s.new" && mv "$s.new" "$s"
done
count=0
for s in "$TMPDIR"/ex/*.sh; do
	[ -e "$s" ] || continue
	count=$((count + 1))
	b=${s%.sh}
	if ! PHISCRUB=$PHISCRUB KEY=$TMPDIR/ex-key sh "$s" >"$b.got" 2>&1 || ! cmp -s "$b.want" "$b.got"; then
		printf 'example in %s:\n' "$(cat "$b.name")"
		diff "$b.want" "$b.got" | sed 's/^/    /' || :
		fail=1
	fi
done
[ "$count" -ge 10 ] || { echo "only $count runnable examples found"; fail=1; }
exit $fail
