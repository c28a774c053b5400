# Stream behaviour: byte-exact pass-through, chunking, write errors, pipes.
set -eu
bin=$PHISCRUB
t=$TMPDIR/stream.$$
mkdir -p "$t"

# CRLF, tabs, a BOM, emoji and invalid UTF-8 round-trip when nothing is redacted.
printf '\357\273\277line one\r\n\ttabbed \360\237\230\200 emoji\r\nbad \377\376 bytes\nno newline at end' > "$t/plain"
"$bin" < "$t/plain" > "$t/out"
cmp "$t/plain" "$t/out"

# Invalid bytes do not stop the valid text around them from being scanned.
printf 'bad \377 call 508-555-0143 \376 now\n' | "$bin" > "$t/out"
printf 'bad \377 call [PHONE] \376 now\n' | cmp - "$t/out"

# The same output whatever the unit size (the cut points move).
for i in $(seq 1 400); do
	printf 'Line %d: my husband Derek called (508) 555-0143 on March 14th, email d%d@example.org\n' "$i" "$i"
done > "$t/many"
"$bin" < "$t/many" > "$t/ref"
"$bin" --unit-size=4096 < "$t/many" > "$t/small"
cmp "$t/ref" "$t/small"
grep -c '\[PHONE\]' "$t/ref" | grep -qx 400

# A long line with no newline is cut at whitespace without splitting a phone.
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "call (508) 555-0143 now "; }' > "$t/long"
"$bin" --unit-size=4096 < "$t/long" > "$t/out"
[ "$(grep -o '\[PHONE\]' "$t/out" | wc -l)" -eq 3000 ]
! grep -q '555' "$t/out"

# Write errors end the run with status 3 and a message.
if [ -w /dev/full ]; then
	set +e
	"$bin" < "$t/many" > /dev/full 2> "$t/err"
	rc=$?
	set -e
	[ "$rc" -eq 3 ]
	grep -q '^phiscrub: write error: No space left on device$' "$t/err"
fi

# A reader that closes early ends the run quietly (SIGPIPE, no message).
set +e
yes 'Derek called 508-555-0143' | head -c 3000000 | "$bin" 2> "$t/err" | head -1 > /dev/null
set -e
[ ! -s "$t/err" ]

# '-' reads standard input; files are processed in order.
printf 'a 508-555-0143\n' > "$t/f1"
printf 'b\n' | "$bin" "$t/f1" - > "$t/out"
printf 'a [PHONE]\nb\n' | cmp - "$t/out"

# A missing input file is an I/O error (status 3) that names the file.
set +e
"$bin" "$t/nonexistent" > /dev/null 2> "$t/err"
rc=$?
set -e
[ "$rc" -eq 3 ]
grep -q 'nonexistent: No such file or directory' "$t/err"
rm -rf "$t"

# --line-buffered: each line comes out before the next one goes in (the
# timeout only guards against a hang; it measures nothing).
t2=$TMPDIR/lb.$$
mkdir -p "$t2"
mkfifo "$t2/in" "$t2/out"
"$bin" --line-buffered < "$t2/in" > "$t2/out" &
pid=$!
exec 3> "$t2/in"
exec 4< "$t2/out"
printf 'call 508-555-0143\n' >&3
line=$(timeout 20 head -n 1 <&4) || { kill $pid; exit 1; }
[ "$line" = "call [PHONE]" ]
exec 3>&-
wait $pid
exec 4<&-
rm -rf "$t2"
