# Many cores (issue 6): -j N scans files, and the blocks of one large
# input, on N threads, and the output is byte-identical whatever N is (the
# blocks are cut the same way for every N, and written in input order).
# The progress line appears only on a terminal and never with
# --no-progress.
set -eu
bin=$PHISCRUB
t=$TMPDIR/jobs.$$
mkdir -p "$t/tree/x" "$t/tree/y"
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Files of very different sizes, so that threads finish out of order.
i=0
for n in 3 2000 1 500 7000 0 40 1200 9 3000; do
	i=$((i + 1))
	awk -v n="$n" -v f="$i" 'BEGIN { for (k = 0; k < n; k++)
		printf "File %d line %d: Derek Okafor (born 03/14/1961) called 508-555-0143 from Springfield; my doctor Dr. Patel said hi\n", f, k }' \
	    > "$t/tree/$( [ $((i % 2)) = 0 ] && echo x || echo y)/f$i.txt"
done
"$bin" -j 1 -r "$t/tree" > "$t/j1"
[ -s "$t/j1" ] || fail "no output"
! grep -q '508-555' "$t/j1" || fail "not scrubbed"
for j in 2 3 8; do
	"$bin" -j "$j" -r "$t/tree" | cmp - "$t/j1" || fail "-r: -j $j differs from -j 1"
done
# In order: the same as scrubbing the files one by one.
for f in $(cd "$t/tree" && find . -type f | LC_ALL=C sort); do
	"$bin" -j 1 < "$t/tree/$f"
done | cmp - "$t/j1" || fail "-r: not in input order"

# One large stream, cut in blocks of 4 KiB: the same for every -j, from
# standard input and from a file.
cat "$t"/tree/*/*.txt > "$t/stream"
"$bin" -j 1 --block-size 4096 < "$t/stream" > "$t/s1"
for j in 2 4; do
	"$bin" -j "$j" --block-size 4096 < "$t/stream" | cmp - "$t/s1" || fail "stream: -j $j"
	"$bin" -j "$j" --block-size 4096 "$t/stream" | cmp - "$t/s1" || fail "file: -j $j"
done
# With numbered names each block is a document: [NAME-1] again after a cut.
"$bin" -j 2 --block-size 4096 --replace NAME=numbered < "$t/stream" > "$t/n2"
"$bin" -j 1 --block-size 4096 --replace NAME=numbered < "$t/stream" | cmp - "$t/n2" ||
	fail "numbered: -j 2 differs"
# The blocks do not depend on how much each read() returns: the same input
# trickled through a pipe line by line gives the same output.
awk '{ print; fflush() }' "$t/stream" |
	"$bin" -j 2 --block-size 4096 --replace NAME=numbered | cmp - "$t/n2" ||
	fail "numbered: a trickling pipe differs"
# Below the block size the whole input is one document, as on one thread.
"$bin" -j 3 < "$t/tree/y/f1.txt" | cmp - "$t/tree/y/f1.txt" > /dev/null 2>&1 &&
	fail "f1 not scrubbed"
"$bin" -j 3 < "$t/tree/y/f1.txt" > "$t/small3"
"$bin" --line-buffered < "$t/tree/y/f1.txt" | cmp - "$t/small3" ||
	fail "one block differs from the line-by-line scan"

# A line longer than a block is never cut between blocks (a value across
# the cut would be missed): the rest of that input is scanned as one
# stream, with the scanner's own overlapping cuts.  Every phone of a 280 KB
# line is found, and the output is the same for every -j.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "call (508) 555-0143 now Derek " }' > "$t/long"
{ head -n 50 "$t/stream"; cat "$t/long"; echo; head -n 50 "$t/stream"; } > "$t/mixed"
"$bin" -j 1 --block-size 4096 < "$t/mixed" > "$t/m1"
[ "$(grep -o '\[PHONE\]' "$t/m1" | wc -l)" -eq 10100 ] || fail "long line: phones missed"
! grep -q '555-0143' "$t/m1" || fail "long line: a phone left"
for j in 2 4; do
	"$bin" -j "$j" --block-size 4096 "$t/mixed" | cmp - "$t/m1" || fail "long line: -j $j"
done

# -o trees, on 1 and 3 threads: the same files.
"$bin" -j 1 -r -o "$t/o1" "$t/tree"
"$bin" -j 3 -r -o "$t/o3" --block-size 4096 "$t/tree"
"$bin" -j 1 -r -o "$t/o1b" --block-size 4096 "$t/tree"
diff -r "$t/o3" "$t/o1b" > /dev/null || fail "-o: -j 3 differs"
[ "$(cd "$t/o1" && find . -type f | wc -l)" -eq 10 ] || fail "-o: file count"

# Bad values.
for v in 0 -1 x 1025; do
	set +e
	"$bin" -j "$v" < /dev/null > /dev/null 2> "$t/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "-j $v: status $rc"
done
set +e
"$bin" --block-size 100 < /dev/null > /dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--block-size 100: status $rc"

# Progress: none when stderr is not a terminal ...
"$bin" -r "$t/tree" > /dev/null 2> "$t/err"
[ ! -s "$t/err" ] || fail "progress line without a terminal"
# ... one on a terminal (script(1) gives stderr a pty, stdout a file).
if command -v script > /dev/null 2>&1 &&
    script -qec true /dev/null > /dev/null 2>&1; then
	script -qec "'$bin' -r '$t/tree' > '$t/p.out'" /dev/null > "$t/tty" 2>&1 || :
	grep -q 'phiscrub: [0-9.]* MB, [0-9.]* MB/s, [0-9]*/10 files' "$t/tty" || fail "no progress line on a terminal"
	cmp "$t/p.out" "$t/j1" || fail "output with a progress line"
	script -qec "'$bin' --no-progress -r '$t/tree' > '$t/p.out'" /dev/null > "$t/tty" 2>&1 || :
	! grep -q 'MB/s' "$t/tty" || fail "progress line with --no-progress"
else
	echo "jobs.sh: no script(1); the progress line on a terminal is not tested"
fi
exit 0
