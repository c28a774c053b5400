# A 1 GB line (issue 8; issue 2's memory bound): one line of 2^30 bytes with
# no newline goes through phiscrub in bounded memory (peak RSS under 64 MB,
# measured by /usr/bin/time), and every phone number in it is redacted,
# including those that straddle the cuts between units.  It takes minutes,
# so it runs only with PHISCRUB_BIG_TESTS=1 (make check-big, run by CI).
set -eu
if [ "${PHISCRUB_BIG_TESTS:-0}" != 1 ]; then
	echo "big.sh: skipped (set PHISCRUB_BIG_TESTS=1 or run make check-big)"
	exit 0
fi
bin=$PHISCRUB
t=${TMPDIR:-/tmp}/big.$$
mkdir -p "$t"
trap 'rm -rf "$t"' EXIT
[ -x /usr/bin/time ] || { echo "big.sh: needs GNU time (/usr/bin/time)"; exit 1; }

# 28 bytes a repetition: 2^30 / 28 = 38347922 whole ones, then "call 508".
yes 'call 508-555-0143 now Derek ' | tr -d '\n' | head -c 1073741824 |
    /usr/bin/time -f %M -o "$t/rss" "$bin" |
    tr ' ' '\n' |
    awk '/555-0143/ { bad++ } /^\[PHONE\]$/ { phones++ } { bytes += length($0) + 1 }
         END { print bad + 0, phones + 0, bytes }' > "$t/counts"
read -r bad phones bytes < "$t/counts"
rss=$(tail -1 "$t/rss")
echo "big.sh: 1 GiB line: peak RSS ${rss} KB, $phones phones redacted, $bad left"
[ "$bad" -eq 0 ]
[ "$phones" -eq 38347922 ]
[ "$bytes" -gt 500000000 ]
[ "$rss" -lt 65536 ] || { echo "big.sh: peak RSS $rss KB is not under 64 MB"; exit 1; }
