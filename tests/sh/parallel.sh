# Beyond one process (issue 6, README "Archives"): the README's GNU parallel
# examples work.  Skipped (status 0, with a message) when GNU parallel is
# not installed.
set -eu
bin=$PHISCRUB
if ! parallel --version 2> /dev/null | head -n 1 | grep -q 'GNU parallel'; then
	echo "parallel.sh: GNU parallel is not installed; skipped"
	exit 0
fi
t=$TMPDIR/parallel.$$
mkdir -p "$t/archive/2023" "$t/archive/2024"
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# parallel keeps state under $HOME; keep it out of the user's.
HOME=$t
export HOME
dir=$(dirname "$bin")
PATH=$dir:$PATH
export PATH

for i in 1 2 3 4 5 6; do
	y=2023
	[ $i -gt 3 ] && y=2024
	awk -v i="$i" 'BEGIN { for (k = 0; k < 300; k++)
		printf "Post %d.%d: Derek Okafor called 508-555-0143 from Springfield\n", i, k }' \
	    > "$t/archive/$y/posts-$i.txt"
done
cp -R "$t/archive" "$t/orig"

# README: find ... | parallel phiscrub --in-place {}
find "$t/archive" -type f -name '*.txt' |
	parallel --will-cite -j 3 "$(basename "$bin")" --in-place {}
for f in $(cd "$t/orig" && find . -type f); do
	"$bin" < "$t/orig/$f" | cmp - "$t/archive/$f" || fail "--in-place by parallel: $f"
done
[ -z "$(find "$t/archive" -name '.*phiscrub-*')" ] || fail "temporary files left"

# README: parallel --pipe --block 10M -k phiscrub < big > clean (here 10k
# blocks): the output is in order, line for line, and scrubbed.
awk 'BEGIN { for (k = 0; k < 20000; k++)
	printf "%06d Derek Okafor called 508-555-0143, email derek@example.org\n", k }' > "$t/big"
parallel --will-cite --pipe --block 10k -k "$(basename "$bin")" < "$t/big" > "$t/clean"
[ "$(wc -l < "$t/clean")" -eq 20000 ] || fail "--pipe: line count"
! grep -q '508-555\|example.org' "$t/clean" || fail "--pipe: PHI left"
cut -c1-6 "$t/big" > "$t/want"
cut -c1-6 "$t/clean" | cmp - "$t/want" || fail "--pipe: out of order"
one=$(head -n 1 "$t/big" | "$bin" | cut -c8-)
[ "$(cut -c8- "$t/clean" | sort -u)" = "$one" ] || fail "--pipe: lines scrubbed differently"
exit 0
