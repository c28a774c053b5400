# Many files (issue 6): -r walks a tree, -o writes a mirrored tree,
# --in-place replaces files atomically; binary files, symbolic links and
# special files are skipped with a warning; a run killed in the middle of
# --in-place (SIGKILL, SIGTERM) leaves the original file whole.
set -eu
bin=$PHISCRUB
t=$TMPDIR/tree.$$
mkdir -p "$t"
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mk_tree() {
	rm -rf "$1"
	mkdir -p "$1/a/b" "$1/c"
	printf 'Post by Derek Okafor, call 508-555-0143\n' > "$1/a/one.txt"
	printf 'Email jane.doe@example.org\nno newline at the end' > "$1/a/b/two.txt"
	chmod 640 "$1/a/b/two.txt"
	printf 'Derek\000binary 508-555-0143\n' > "$1/c/bin.dat"
	ln -s ../a/one.txt "$1/c/link.txt"
	: > "$1/empty.txt"
	printf 'SSN 412-68-3390\n' > "$1/c/sp ace.txt"
	printf 'call 617-555-0199\n' > "$1/.hidden"
}
mk_tree "$t/in"
(cd "$t/in" && find . -type f ! -name bin.dat | sort) > "$t/files"

# ---- -o: a mirrored tree --------------------------------------------------
"$bin" -r -o "$t/out" "$t/in" 2> "$t/err" || fail "-o: status $?"
(cd "$t/out" && find . -type f | sort) | cmp - "$t/files" || fail "-o: the files written"
while read -r f; do
	"$bin" < "$t/in/$f" | cmp - "$t/out/$f" || fail "-o: $f"
done < "$t/files"
[ "$(stat -c %a "$t/out/a/b/two.txt")" = 640 ] || fail "-o: mode not kept"
grep -qx "phiscrub: $t/in/c/bin.dat: binary file skipped" "$t/err" || fail "-o: binary warning"
grep -qx "phiscrub: $t/in/c/link.txt: symbolic link not followed" "$t/err" || fail "-o: link warning"
[ "$(wc -l < "$t/err")" -eq 2 ] || { cat "$t/err"; fail "-o: other messages"; }
[ -z "$(find "$t/out" -name '.*phiscrub-*')" ] || fail "-o: temporary files left"
! grep -rq '508-555\|example.org\|412-68\|617-555' "$t/out" || fail "-o: PHI left"
# Again over the same tree: files are replaced, not appended to.
"$bin" -r -o "$t/out" "$t/in" 2> /dev/null
"$bin" < "$t/in/a/one.txt" | cmp - "$t/out/a/one.txt" || fail "-o twice"

# ---- -r to standard output: the files in byte order of their names ---------
"$bin" -r "$t/in" > "$t/all" 2> /dev/null
for f in .hidden a/b/two.txt a/one.txt c/'sp ace.txt' empty.txt; do
	"$bin" < "$t/in/$f"
done > "$t/want"
cmp "$t/want" "$t/all" || fail "-r: order or content"

# ---- --in-place -----------------------------------------------------------
mk_tree "$t/ip"
"$bin" -r --in-place "$t/ip" 2> /dev/null || fail "--in-place: status $?"
while read -r f; do
	cmp "$t/out/$f" "$t/ip/$f" || fail "--in-place: $f"
done < "$t/files"
cmp "$t/in/c/bin.dat" "$t/ip/c/bin.dat" || fail "--in-place: binary file changed"
[ -L "$t/ip/c/link.txt" ] || fail "--in-place: link replaced"
[ "$(stat -c %a "$t/ip/a/b/two.txt")" = 640 ] || fail "--in-place: mode not kept"
[ -z "$(find "$t/ip" -name '.*phiscrub-*')" ] || fail "--in-place: temporary files left"

# ---- -r with --check (main()'s own loop): the same files ---------------------
set +e
"$bin" --check -r "$t/in" > "$t/out1" 2> "$t/err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "--check -r: status $rc"
[ ! -s "$t/out1" ] || fail "--check -r: text written"
grep -q "^$t/in/a/one.txt:1:[0-9]*: PHONE" "$t/err" || fail "--check -r: a finding"
grep -qx "phiscrub: $t/in/c/bin.dat: binary file skipped" "$t/err" || fail "--check -r: binary"
! grep -q "bin.dat:[0-9]" "$t/err" || fail "--check -r: the binary file was scanned"

# ---- Refusals -------------------------------------------------------------
refused() {
	set +e
	"$@" > /dev/null 2> "$t/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || fail "status $rc for: $*"
}
refused "$bin" -o "$t/o2" < "$t/in/a/one.txt"
grep -q 'standard input cannot be written with -o' "$t/err" || fail "-o stdin message"
refused "$bin" --in-place -o "$t/o2" "$t/in/a/one.txt"
(cd "$t/in/a" && refused "$bin" -o . one.txt)
grep -q 'one.txt: -o would write over the input' "$t/err" || fail "-o over the input"
refused "$bin" -o "$t/o3" "$t/in/a/one.txt" "$t/ip/a/one.txt"
grep -q 'would both be written to' "$t/err" || fail "-o collision"
# A directory without -r is refused, the other files still scrubbed.
set +e
"$bin" "$t/in/a" "$t/in/a/one.txt" > "$t/out1" 2> "$t/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "directory operand: status $rc"
grep -qx "phiscrub: $t/in/a: is a directory (-r walks it)" "$t/err" || fail "directory message"
cmp "$t/out/a/one.txt" "$t/out1" || fail "directory operand: the other file"

# ---- Interrupted --in-place -----------------------------------------------
# A file of a few blocks, and the LD_PRELOAD shim of tests/sh/faults.sh to
# deliver a signal after a set number of bytes is written, mid-file.
awk 'BEGIN { for (i = 0; i < 40000; i++)
	printf "Line %d: Derek Okafor called 508-555-0143, email d%d@example.org\n", i, i }' > "$t/big"
cc=${CC:-cc}
command -v "$cc" > /dev/null 2>&1 || cc=gcc
if "$cc" -shared -fPIC -o "$t/inject.so" "$TOP/tests/fault/inject.c" -ldl 2> /dev/null; then
	for sig in 9 15; do
		rm -rf "$t/k$sig"
		mkdir "$t/k$sig"
		cp "$t/big" "$t/k$sig/post.txt"
		set +e
		env LD_PRELOAD="$t/inject.so" INJECT_RAISE="$sig:1500000" \
		    "$bin" --in-place "$t/k$sig/post.txt" 2> /dev/null
		rc=$?
		set -e
		[ "$rc" -ne 0 ] || fail "signal $sig: status 0"
		cmp "$t/big" "$t/k$sig/post.txt" || fail "signal $sig: the original changed"
		# SIGTERM removes the temporary file; SIGKILL cannot, and leaves it
		# under a name of its own, never the original's.
		left=$(cd "$t/k$sig" && ls -A | grep -v '^post\.txt$' || :)
		case $sig in
		15) [ -z "$left" ] || fail "SIGTERM left $left" ;;
		9) case $left in '' | .post.txt.phiscrub-??????) ;; *) fail "SIGKILL left $left" ;; esac ;;
		esac
	done
else
	echo "tree.sh: no C compiler for the fault shim; signal tests by the shim skipped"
fi
# A real kill -9 while the file is being written (whenever it lands, the
# file is either the original or entirely scrubbed, never in between).
mkdir "$t/k"
for i in 1 2 3 4 5 6 7 8; do cat "$t/big"; done > "$t/k/post.txt"
cp "$t/k/post.txt" "$t/orig"
"$bin" -j 2 --in-place "$t/k/post.txt" 2> /dev/null &
pid=$!
n=0
while [ $n -lt 400 ] && [ -z "$(find "$t/k" -name '.post.txt.phiscrub-*')" ] &&
    kill -0 $pid 2> /dev/null; do
	sleep 0.01 2> /dev/null || sleep 1
	n=$((n + 1))
done
kill -9 $pid 2> /dev/null || :
wait $pid 2> /dev/null || :
if ! cmp -s "$t/orig" "$t/k/post.txt"; then
	"$bin" < "$t/orig" | cmp - "$t/k/post.txt" || fail "kill -9: a damaged file"
fi
exit 0
