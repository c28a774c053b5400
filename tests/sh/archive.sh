# Archives (issue 6): --format jsonl and csv scrub only the chosen fields,
# keep every other byte of each record, take --author-field values as
# names of their record, and stop at (or with --skip-bad-records drop and
# count) a bad record.  The fixtures are tests/archive/posts.jsonl and
# posts.csv: nested fields, unicode, escapes, quotes, embedded newlines,
# CRLF, big numbers.  With python3, tests/archive/skeleton.py checks byte
# for byte that nothing outside the chosen fields changed.
set -eu
bin=$PHISCRUB
a=$TOP/tests/archive
t=$TMPDIR/archive.$$
mkdir -p "$t"
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
py=
if command -v python3 >/dev/null 2>&1 && python3 -c 'import json' 2>/dev/null; then
	py=python3
else
	echo "archive.sh: no python3, byte-level skeleton checks skipped"
fi

# ---- JSON Lines -----------------------------------------------------------
J="--format jsonl --field title --field body --field comments.*.body \
--author-field user.handle --author-field user.display_name \
--author-field comments.*.author"
# shellcheck disable=SC2086
"$bin" $J --replace NAME=numbered "$a/posts.jsonl" > "$t/j.out" 2> "$t/j.err" ||
	fail "jsonl: status $?"
[ ! -s "$t/j.err" ] || { cat "$t/j.err"; fail "jsonl: messages"; }
[ "$(wc -l < "$t/j.out")" -eq "$(wc -l < "$a/posts.jsonl")" ] || fail "jsonl: line count"
# The PHI of the chosen fields is gone, handles and display names included.
for s in 508-555-0143 617-555-0199 maggie.t@example.org 'Maggie Thornbury' \
    sunny_day42 RiverRat_77 riverrat_77 'Derek is lucky'; do
	! grep -q -- "$s" "$t/j.out" || fail "jsonl: '$s' left"
done
# Fields not chosen keep their bytes: numbers as written, escapes, order.
for s in '"score": 1.10, "ratio": 1e5, "views": 123456789012345678901234' \
    '"tags": \["Derek", "surgery"\]' '"title": "Week 3 after surgery \\ud83d\\ude4f"' \
    '"title": 42, "b\\u006fdy": ' '"likes": 3' '^  {"id" : 5 ,"body":"tabs\\tand' \
    '"title": "nothing to hide", "body": "Plain text, no names."'; do
	grep -q -- "$s" "$t/j.out" || fail "jsonl: '$s' changed"
done
# A changed string keeps its escapes' style (\u, \/) and the CRLF line end.
grep -q 'caf\\u00[eE]9 \\/ back' "$t/j.out" || fail "jsonl: escapes"
[ "$(grep -c "$(printf '\r')\$" "$t/j.out")" -eq 1 ] || fail "jsonl: CRLF line"
# Each record is one document: the author's field and the mentions of it in
# the body get the same number, and the numbering starts again per record.
grep -q '^{"id": 1, "user": {"handle": "\[NAME-1\]", "display_name": "\[NAME-2\]"}' "$t/j.out" ||
	fail "jsonl: author fields"
grep -q '"body": "Hi all, \[NAME-2\] here (\[NAME-1\] on the old forum)' "$t/j.out" ||
	fail "jsonl: display name and handle quoted in the body"
grep -q '{"author": "\[NAME-1\]", "body": "thanks \[NAME-1\] :)"' "$t/j.out" ||
	fail "jsonl: a comment's author"
grep -q '"body":"\[NAME-1\] and \[NAME-1\] are both me' "$t/j.out" ||
	fail "jsonl: handle in another case"
# Without --author-field the handle stays (it is no name by itself).
"$bin" --format jsonl --field body "$a/posts.jsonl" | grep -q 'sunny_day42 on the old forum' ||
	fail "jsonl: handle redacted without --author-field"
if [ -n "$py" ]; then
	$py -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"):
    if l.strip(): json.loads(l)' "$t/j.out" || fail "jsonl: invalid JSON written"
	P=title,body,comments.*.body,user.handle,user.display_name,comments.*.author
	$py "$a/skeleton.py" jsonl "$P" "$a/posts.jsonl" > "$t/skel.in"
	$py "$a/skeleton.py" jsonl "$P" "$t/j.out" > "$t/skel.out"
	cmp "$t/skel.in" "$t/skel.out" || fail "jsonl: bytes outside the chosen fields changed"
fi
# No --field: every string value is scanned (the tags too), keys are not.
"$bin" --format jsonl "$a/posts.jsonl" > "$t/all.out"
grep -q '"tags": \["\[NAME\]", "surgery"\]' "$t/all.out" || fail "jsonl: every value"
grep -q '"display_name"' "$t/all.out" || fail "jsonl: a key changed"
# -j and the block size change nothing.
# shellcheck disable=SC2086
"$bin" $J --replace NAME=numbered -j 3 --block-size 4096 < "$a/posts.jsonl" > "$t/j3.out"
cmp "$t/j.out" "$t/j3.out" || fail "jsonl: -j 3 differs"

# ---- CSV -----------------------------------------------------------------
C="--format csv --column title --column 5 --author-field author --author-field display_name"
# shellcheck disable=SC2086
"$bin" $C --replace NAME=numbered "$a/posts.csv" > "$t/c.out" 2> "$t/c.err" || fail "csv: status $?"
[ ! -s "$t/c.err" ] || { cat "$t/c.err"; fail "csv: messages"; }
[ "$(head -n 1 "$t/c.out")" = "$(head -n 1 "$a/posts.csv")" ] || fail "csv: header"
for s in 508-555-0143 617-555-0199 maggie.t@example.org 'Maggie Thornbury' \
    sunny_day42 RiverRat_77 riverrat_77 Springfield; do
	! grep -q -- "$s" "$t/c.out" || fail "csv: '$s' left"
done
# A multi-line quoted field keeps its inner line ends (CRLF, LF, CRLF).
grep -q "^1,\"\[NAME-1\]\",\"\[NAME-2\]\",\"Week 3, after surgery\",\"Hi all, \[NAME-2\] here (\[NAME-1\]).$(printf '\r')\$" "$t/c.out" ||
	fail "csv: record 1"
grep -q '^She said ""call me \[NAME-[0-9]\]"" — café 🙏",4.50' "$t/c.out" || fail "csv: quotes, unicode"
grep -q '^2,"\[NAME-1\]","\[NAME-2\]", plain title ,"\[NAME-1\] says: ask \[NAME-1\]",007$' "$t/c.out" ||
	fail "csv: record 2 (spaces, 007 kept)"
grep -q '^3,"\[NAME-1\]","\[NAME-2\]",nothing,"no names here",  1  $' "$t/c.out" || fail "csv: record 3"
# The last record has no line end, and still has none.
[ "$(tail -c 1 "$t/c.out")" = , ] || fail "csv: final line end"
if [ -n "$py" ]; then
	$py "$a/skeleton.py" csv 1,2,3,4 "$a/posts.csv" > "$t/skel.in"
	$py "$a/skeleton.py" csv 1,2,3,4 "$t/c.out" > "$t/skel.out"
	cmp "$t/skel.in" "$t/skel.out" || fail "csv: bytes outside the chosen columns changed"
	$py -c 'import csv,sys
a = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
b = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
assert len(a) == len(b) and a[0] == b[0], "records or header"
for x, y in zip(a[1:], b[1:]):
    assert x[0] == y[0] and x[5] == y[5], "untouched columns"' "$a/posts.csv" "$t/c.out" ||
		fail "csv: python csv reading"
fi
# shellcheck disable=SC2086
"$bin" $C --replace NAME=numbered -j 2 --block-size 4096 < "$a/posts.csv" | cmp - "$t/c.out" ||
	fail "csv: -j 2 differs"
# --no-header: the first record is data too.
printf 'Derek,1\nJane Smith,2\n' | "$bin" --format csv --no-header --column 1 |
	grep -q '^"\[NAME\]",1$' || fail "csv: --no-header"

# ---- Bad records ---------------------------------------------------------
printf '%s\n' '{"body":"Derek one"}' '{"body": "cut short' '{"body":"Derek three"}' \
    '[1, 2]' '{"body":"Derek five"}' > "$t/bad.jsonl"
set +e
"$bin" --format jsonl --field body "$t/bad.jsonl" > "$t/out" 2> "$t/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad jsonl: status $rc"
printf '{"body":"[NAME] one"}\n' | cmp - "$t/out" || fail "bad jsonl: output"
grep -q "^phiscrub: $t/bad.jsonl:2: column [0-9]*: bad JSON record: " "$t/err" || fail "bad jsonl: message"
! grep -q 'cut short' "$t/err" || fail "bad jsonl: the message quotes the record"
"$bin" --format jsonl --field body --skip-bad-records "$t/bad.jsonl" > "$t/out" 2> "$t/err" ||
	fail "--skip-bad-records: status $?"
printf '{"body":"[NAME] one"}\n{"body":"[NAME] three"}\n{"body":"[NAME] five"}\n' |
	cmp - "$t/out" || fail "--skip-bad-records: output"
grep -q ":2: .*record skipped" "$t/err" && grep -q ":4: bad JSON record: not an object: record skipped" "$t/err" ||
	fail "--skip-bad-records: messages"
grep -qx 'phiscrub: 2 bad records skipped' "$t/err" || fail "--skip-bad-records: count"
printf 'a,b\n1,"Derek"\n2,"bad"x\n3,Jane\n4,too,many\n5,Derek\n' > "$t/bad.csv"
set +e
"$bin" --format csv --column b "$t/bad.csv" > "$t/out" 2> "$t/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "bad csv: status $rc"
printf 'a,b\n1,"[NAME]"\n' | cmp - "$t/out" || fail "bad csv: output"
grep -q "^phiscrub: $t/bad.csv:3: bad CSV record" "$t/err" || fail "bad csv: message"
"$bin" --format csv --column b --skip-bad-records "$t/bad.csv" > "$t/out" 2> "$t/err"
printf 'a,b\n1,"[NAME]"\n3,"[NAME]"\n5,"[NAME]"\n' | cmp - "$t/out" || fail "bad csv: skipped"
grep -q ':5: bad CSV record: 3 fields, the first record has 2: record skipped' "$t/err" &&
	grep -qx 'phiscrub: 2 bad records skipped' "$t/err" || fail "bad csv: skip messages"
# A record longer than --max-record is a bad record too.
printf '{"body":"%s"}\n{"body":"Derek"}\n' "$(printf '%0300d' 0)" > "$t/long.jsonl"
"$bin" --format jsonl --max-record 100 --skip-bad-records "$t/long.jsonl" > "$t/out" 2> "$t/err"
printf '{"body":"[NAME]"}\n' | cmp - "$t/out" || fail "--max-record"
grep -q ':1: record longer than 100 bytes (--max-record): record skipped' "$t/err" || fail "--max-record message"

# ---- The README's examples on samples/archive/ -------------------------------
s=$TOP/samples/archive
"$bin" --format jsonl --field title --field body --field 'comments.*.body' \
    --author-field user.handle --author-field user.display_name \
    --author-field 'comments.*.author' "$s/posts.jsonl" > "$t/s.jsonl" || fail "sample jsonl"
"$bin" --format csv --column title --column text --author-field author \
    "$s/posts.csv" > "$t/s.csv" || fail "sample csv"
for s in sunny_day42 RiverRat_77 508-555-0143 maggie.t@example.org Thornbury Beaulieu; do
	! grep -q -- "$s" "$t/s.jsonl" "$t/s.csv" || fail "samples: '$s' left"
done
grep -q '"created": "2024-03-02T18:44:10Z"' "$t/s.jsonl" || fail "samples: a field not chosen changed"
grep -q '^202,2024-02-12,"\[NAME\]","Humira and ""brain fog""",' "$t/s.csv" || fail "samples: csv"

# ---- Usage ---------------------------------------------------------------
usage() {
	set +e
	"$bin" "$@" < "$a/posts.csv" > /dev/null 2> "$t/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "status $rc for $*"
	[ -s "$t/err" ] || fail "no message for $*"
}
usage --field body
usage --format xml
usage --format csv --column nosuchcolumn
grep -q 'no column named "nosuchcolumn"' "$t/err" || fail "unknown column message"
usage --format csv --column 9
usage --format csv --no-header --column text
usage --format jsonl --field 'a..b'
usage --format jsonl --no-header
exit 0
