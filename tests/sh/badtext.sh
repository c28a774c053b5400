# Bad text input (issue 8, docs/hardening.md): bytes that are not UTF-8,
# NULs, CR-only line ends, UTF-16 and UTF-32, zero-width characters and
# homoglyphs inside names.  Whatever is not PHI leaves byte for byte; the PHI
# around the bad bytes is still found.
set -eu
bin=$PHISCRUB
t=$TMPDIR/badtext.$$
mkdir -p "$t"
trap 'rm -rf "$t"' EXIT

# same INPUT-PRINTF EXPECTED-PRINTF [ARGS...]: phiscrub turns the one into
# the other, with status 0 and nothing on stderr, whole and line-buffered.
same() {
	printf "$1" > "$t/in"
	printf "$2" > "$t/want"
	shift 2
	for mode in "" --line-buffered; do
		timeout 20 "$bin" $mode "$@" < "$t/in" > "$t/out" 2> "$t/err" || {
			echo "status $? for $(od -c "$t/in" | head -3)"; cat "$t/err"; exit 1; }
		if ! cmp -s "$t/want" "$t/out"; then
			echo "input:"; od -c "$t/in" | head -5
			echo "want:"; od -c "$t/want" | head -5
			echo "got:"; od -c "$t/out" | head -5
			exit 1
		fi
		[ ! -s "$t/err" ] || { cat "$t/err"; exit 1; }
	done
}

# Invalid UTF-8: a stray continuation byte, a truncated sequence, bytes
# that never occur (FE, FF), an overlong '/' (C0 AF), an overlong NUL
# (C0 80), a lone surrogate (ED A0 80), a code point past U+10FFFF
# (F4 90 80 80): passed through untouched, the PHI beside them found.
same 'a \200 b \342\202 call 508-555-0143 \376\377 x\n' \
     'a \200 b \342\202 call [PHONE] \376\377 x\n'
same 'slash \300\257 nul \300\200 my husband Derek called\n' \
     'slash \300\257 nul \300\200 my husband [NAME] called\n'
same 'lone \355\240\200 surrogate, mail derek@example.org \364\220\200\200\n' \
     'lone \355\240\200 surrogate, mail [EMAIL] \364\220\200\200\n'
# ... right against the PHI, with no space between.
same 'x\377508-555-0143\377y\n' 'x\377[PHONE]\377y\n'

# NUL bytes are ordinary bytes: kept, and no end of the text.
same 'nul\000 call 508-555-0143 \000my husband Derek\000\n' \
     'nul\000 call [PHONE] \000my husband [NAME]\000\n'
same '\000\000\000' '\000\000\000'

# CR-only line ends (old Mac): the text is one long line, still scanned;
# CR LF pairs are kept as they came.
same 'my husband Derek\rcall 508-555-0143\rDOB 03/14/1961\rMy name is Derek\r' \
     'my husband [NAME]\rcall [PHONE]\rDOB [DATE]\rMy name is [NAME]\r'
same 'call 508-555-0143\r\nmy husband Derek\r\n' 'call [PHONE]\r\nmy husband [NAME]\r\n'

# A UTF-8 byte-order mark is kept.
same '\357\273\277call 508-555-0143\n' '\357\273\277call [PHONE]\n'

# Zero-width characters (U+200B, U+200C, U+200D, U+2060, U+00AD soft
# hyphen) inside a name do not hide it: the name is found with its evidence
# and redacted whole, the hidden characters with it.
same 'my husband J\342\200\213ohn Smith came\n' 'my husband [NAME] came\n'
same 'my husband J\342\200\214ohn came\n' 'my husband [NAME] came\n'
same 'my husband J\342\200\215ohn came\n' 'my husband [NAME] came\n'
same 'my husband J\342\201\240ohn came\n' 'my husband [NAME] came\n'
same 'my husband Jo\302\255hn came\n' 'my husband [NAME] came\n'
same 'Dr. Sm\342\200\213ith said so\n' 'Dr. [NAME] said so\n'
# Homoglyphs: a Cyrillic o (U+043E) or a full-width J (U+FF2A) in a name.
same 'my husband J\320\276hn came home\n' 'my husband [NAME] came home\n'
same 'J\320\276hn Smith came home\n' '[NAME] came home\n'
same 'my husband \357\274\252ohn came\n' 'my husband [NAME] came\n'
# Combining marks (Zoe + U+0308) and precomposed forms are the same name.
same 'my wife Zoe\314\210 came\n' 'my wife [NAME] came\n'
same 'my wife Zo\303\253 came\n' 'my wife [NAME] came\n'

# UTF-16 and UTF-32 (recognised by their byte-order mark) are refused with
# status 2 and nothing written; a later file is still processed.
refuse() {
	printf "$1" > "$t/wide"
	set +e
	timeout 20 "$bin" "$t/wide" "$t/next" > "$t/out" 2> "$t/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || { echo "status $rc for $2"; cat "$t/err"; exit 1; }
	printf 'phiscrub: %s: %s text (byte-order mark) is not supported; convert it to UTF-8 first (iconv -f %.6s -t UTF-8)\n' \
	    "$t/wide" "$2" "$2" | cmp - "$t/err"
	printf 'next [PHONE]\n' | cmp - "$t/out"
}
printf 'next 508-555-0143\n' > "$t/next"
refuse '\377\376c\000a\000l\000l\000 \0005\0000\0008\000\n\000' UTF-16LE
refuse '\376\377\000c\000a\000l\000l' UTF-16BE
refuse '\377\376\000\000c\000\000\000' UTF-32LE
refuse '\000\000\376\377\000\000\000c' UTF-32BE
# On standard input too.
set +e
printf '\377\376c\000' | "$bin" > "$t/out" 2> "$t/err"
rc=$?
set -e
[ "$rc" -eq 2 ] && [ ! -s "$t/out" ]
grep -q '^phiscrub: (standard input): UTF-16LE text' "$t/err"
# Converted, the same text is scrubbed.
if command -v iconv > /dev/null; then
	printf '\377\376c\000a\000l\000l\000 \0005\0000\0008\000-\0005\0005\0005\000-\0000\0001\0004\0003\000\n\000' |
	    iconv -f UTF-16 -t UTF-8 | "$bin" > "$t/out"
	printf 'call [PHONE]\n' | cmp - "$t/out"
fi
# A lone FF or FE byte (not a mark) is just a bad byte.
same '\377 call 508-555-0143\n' '\377 call [PHONE]\n'
same '\376' '\376'

# A mix of all of the above.  (That the output is the same for every
# chunking is checked by the fuzz target's replay of this kind of input:
# tests/fuzz/corpus/fuzz_filter/badtext, run by make check.)
{
	printf 'bad \377\376 \300\257 \355\240\200 nul\000 my husband J\342\200\213ohn Smith\r'
	printf 'J\320\276hn called 508-555-0143\r\n'
} > "$t/mix"
"$bin" < "$t/mix" > "$t/out"
! grep -q '555-0143\|ohn' "$t/out"
[ "$(wc -c < "$t/out")" -gt 30 ]
