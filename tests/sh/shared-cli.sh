# Issue #9: the command is a client of phiscrub.h like any other.  The same
# CLI objects, linked against libphiscrub.so (which exports nothing but the
# API), must build and behave as the static binary does.
set -eu
shared=$BUILD/phiscrub-shared
[ -x "$shared" ] || { echo "no $shared (make check builds it)"; exit 1; }
export LD_LIBRARY_PATH="$BUILD${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
for f in "$TOP"/samples/*.txt "$TOP"/tests/golden/*.in; do
	"$PHISCRUB" < "$f" > "$TMPDIR/static.out"
	"$shared" < "$f" > "$TMPDIR/shared.out"
	cmp -s "$TMPDIR/static.out" "$TMPDIR/shared.out" ||
		{ echo "different output for $f"; exit 1; }
done
ldd "$shared" | grep -q "libphiscrub.so.0 => $BUILD/"
