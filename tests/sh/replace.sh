# Replacement operators from the command line (issue 5): the key file
# (--key-file, PHISCRUB_KEY_FILE) and its checks, a fixed key giving fixed
# output, -z records as documents, the --map file, and samples/operators
# being up to date.  replace.key is a test key, not a secret; git keeps no
# modes, so the test uses a private copy.
set -eu
bin=$PHISCRUB
t=$TMPDIR/replace.$$
mkdir "$t"
cp "$TOP/tests/sh/replace.key" "$t/key"
chmod 600 "$t/key"
fail() { echo "replace.sh: $*" >&2; exit 1; }

# status CMD...: runs CMD with stdout to $t/out and stderr to $t/err and
# prints its exit status.
status() {
	set +e
	"$@" >"$t/out" 2>"$t/err"
	echo $?
	set -e
}

# 1. No key for pseudonym: status 2, a message about the key, no PHI.
echo "Derek called" >"$t/in"
[ "$(status "$bin" --replace NAME=pseudonym "$t/in")" = 2 ] ||
	fail "pseudonym without a key did not exit 2"
grep -q 'needs a secret key' "$t/err" || fail "no message about the key"
! grep -q Derek "$t/err" || fail "the message holds PHI"
[ ! -s "$t/out" ] || fail "text written without a key"

# shift is for dates only.
[ "$(status "$bin" --replace NAME=shift "$t/in")" = 2 ] ||
	fail "--replace NAME=shift was accepted"

# 2. Key files others may read, empty, missing, too short: status 2.
for mode in 644 640 604 660; do
	cp "$t/key" "$t/open.key"
	chmod "$mode" "$t/open.key"
	[ "$(status "$bin" --key-file "$t/open.key" --replace NAME=pseudonym \
	    "$t/in")" = 2 ] || fail "a key file of mode $mode was accepted"
	grep -q 'group or others' "$t/err" || fail "no message for mode $mode"
	[ ! -s "$t/out" ] || fail "text written with a key file of mode $mode"
	rm -f "$t/open.key"
done
: >"$t/empty.key"
chmod 600 "$t/empty.key"
[ "$(status "$bin" --key-file "$t/empty.key" "$t/in")" = 2 ] ||
	fail "an empty key file was accepted"
grep -q 'empty' "$t/err" || fail "no message for an empty key file"
[ "$(status "$bin" --key-file "$t/no-such.key" "$t/in")" = 2 ] ||
	fail "a missing key file was accepted"
printf 'too short' >"$t/short.key"
chmod 600 "$t/short.key"
[ "$(status "$bin" --key-file "$t/short.key" --replace NAME=pseudonym \
    "$t/in")" = 2 ] || fail "a 9-byte key was accepted"
cp "$t/key" "$t/open.key"
chmod 644 "$t/open.key"
[ "$(PHISCRUB_KEY_FILE=$t/open.key status "$bin" --replace NAME=pseudonym \
    "$t/in")" = 2 ] || fail "PHISCRUB_KEY_FILE of mode 644 was accepted"

# 3. A fixed key gives fixed output (golden), from the option or the
# environment, with or without the key file's final newline; another key
# gives other output.
echo "Derek called 508-555-0143; DEREK and derek" >"$t/in"
a=$("$bin" --key-file "$t/key" --replace NAME=pseudonym,PHONE=pseudonym <"$t/in")
[ "$a" = "[NAME-801db5] called [PHONE-698b8e]; [NAME-801db5] and [NAME-801db5]" ] ||
	fail "pseudonyms under the test key: got \"$a\""
b=$(PHISCRUB_KEY_FILE=$t/key "$bin" --replace NAME=pseudonym,PHONE=pseudonym <"$t/in")
[ "$a" = "$b" ] || fail "PHISCRUB_KEY_FILE gave \"$b\""
printf '%s' "$(cat "$t/key")" >"$t/nonl.key"
chmod 600 "$t/nonl.key"
b=$("$bin" --key-file "$t/nonl.key" --replace NAME=pseudonym,PHONE=pseudonym <"$t/in")
[ "$a" = "$b" ] || fail "the final newline of the key file counted"
printf 'another phiscrub test key, not a secret\n' >"$t/key2"
chmod 600 "$t/key2"
b=$("$bin" --key-file "$t/key2" --replace NAME=pseudonym,PHONE=pseudonym <"$t/in")
[ "$a" != "$b" ] || fail "two keys gave the same pseudonyms"
b=$("$bin" --key-file "$t/key" --replace NAME=surrogate,PHONE=surrogate <"$t/in")
[ "$b" = "Soren called 888-555-0186; SOREN and soren" ] ||
	fail "surrogates under the test key: got \"$b\""

# 4. Keyed date shift: one offset per document name, the same in every run.
printf 'on 3/14/2021 and 3/24/2021\n' >"$t/d.txt"
a=$(cd "$t" && "$bin" --key-file key --replace DATE=shift d.txt)
b=$(cd "$t" && "$bin" --key-file key --replace DATE=shift d.txt)
[ "$a" = "$b" ] || fail "keyed shift differs between runs"
[ "$a" = "on 2/6/2021 and 2/16/2021" ] || fail "keyed shift of d.txt: got \"$a\""
b=$("$bin" --key-file "$t/key" --replace DATE=shift --label d.txt <"$t/d.txt")
[ "$a" = "$b" ] || fail "--label did not name standard input"

# 5. -z: each NUL-terminated record is a document, the NUL written after it.
printf 'Derek met Sarah\0Sarah met Derek\0Sarah' |
	"$bin" -z --replace NAME=numbered | tr '\0' '|' >"$t/z"
[ "$(cat "$t/z")" = "[NAME-1] met [NAME-2]|[NAME-1] met [NAME-2]|[NAME-1]" ] ||
	fail "-z: got \"$(cat "$t/z")\""
printf 'on 3/14/2021\0on 3/14/2021\0on 3/14/2021\0on 3/14/2021\0' |
	"$bin" -z --key-file "$t/key" --replace DATE=shift | tr '\0' '\n' >"$t/z"
[ "$(wc -l <"$t/z")" -eq 4 ] || fail "-z: not 4 records"
[ "$(sort -u "$t/z" | wc -l)" -gt 1 ] ||
	fail "-z: every record got the same date offset"

# 6. --map: mode 0600, one JSON line per finding, refused when the file
# exists, replaced with --force.
echo "Derek called 508-555-0143" >"$t/in"
(umask 022 && "$bin" --key-file "$t/key" --replace NAME=pseudonym \
    --map "$t/map.jsonl" <"$t/in" >/dev/null)
case $(ls -l "$t/map.jsonl") in
-rw-------*) ;;
*) fail "the map file is not mode 0600: $(ls -l "$t/map.jsonl")" ;;
esac
grep -qx '{"document":"-","category":"NAME","original":"Derek","replacement":"\[NAME-801db5\]"}' \
    "$t/map.jsonl" || fail "map: $(cat "$t/map.jsonl")"
grep -qx '{"document":"-","category":"PHONE","original":"508-555-0143","replacement":"\[PHONE\]"}' \
    "$t/map.jsonl" || fail "map: $(cat "$t/map.jsonl")"
cp "$t/map.jsonl" "$t/map.before"
[ "$(status "$bin" --map "$t/map.jsonl" "$t/in")" = 2 ] ||
	fail "an existing map file was not refused"
grep -q 'exists' "$t/err" || fail "no message for an existing map file"
cmp -s "$t/map.jsonl" "$t/map.before" || fail "the refused map file changed"
chmod 644 "$t/map.jsonl"
"$bin" --map "$t/map.jsonl" --force <"$t/in" >/dev/null
case $(ls -l "$t/map.jsonl") in
-rw-------*) ;;
*) fail "the forced map file is not mode 0600" ;;
esac
[ "$(wc -l <"$t/map.jsonl")" -eq 2 ] || fail "the forced map file was not replaced"
# No map file is left behind when the run cannot start.
[ "$(status "$bin" --replace NAME=pseudonym --map "$t/nokey.jsonl" "$t/in")" = 2 ] ||
	fail "pseudonym without a key did not exit 2"
[ ! -e "$t/nokey.jsonl" ] || fail "a map file was left by a failed run"

# 7. samples/operators are what regen.sh makes now.
PHISCRUB=$bin sh "$TOP/samples/operators/regen.sh" "$t/samples"
for f in "$t"/samples/*.txt; do
	cmp -s "$f" "$TOP/samples/operators/${f##*/}" ||
		fail "samples/operators/${f##*/} is out of date (run samples/operators/regen.sh)"
done
rm -rf "$t"
