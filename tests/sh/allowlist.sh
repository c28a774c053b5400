# Issue #4: no eponymous condition and no drug name or brand of the shipped
# list (patterns/lexicons/drugs-and-eponyms.txt: 200+ drugs and brands and
# every eponym of the issue) is ever redacted, in any case or position.
set -eu
bin=$PHISCRUB
list=$TOP/patterns/lexicons/drugs-and-eponyms.txt
t=$TMPDIR/allow.$$
mkdir -p "$t"
[ "$(grep -vc '^#' "$list")" -ge 200 ]
grep -v '^#' "$list" | while IFS= read -r w; do
	[ -n "$w" ] || continue
	upper=$(printf '%s' "$w" | tr '[:lower:]' '[:upper:]')
	lower=$(printf '%s' "$w" | tr '[:upper:]' '[:lower:]')
	printf 'I was told about %s at my last appointment.\n' "$w"
	printf '%s has been rough on me this year.\n' "$w"
	printf 'so tired of %s honestly\n' "$lower"
	printf 'UPDATE: STILL DEALING WITH %s AND THE FATIGUE\n' "$upper"
done > "$t/in"
"$bin" < "$t/in" > "$t/out"
if ! cmp -s "$t/in" "$t/out"; then
	diff "$t/in" "$t/out" | grep '^>' | head -20
	echo "allow-listed words were redacted"
	exit 1
fi
# The issue's own examples, spelled out.
for w in "Crohn's" "Parkinson's" "Alzheimer's" "Graves'" "Hashimoto's" "Cushing's" \
    "Addison's" "Bell's palsy" "Down syndrome" "Guillain-Barré" "Epstein-Barr" \
    "Hodgkin" "Huntington's" "Tourette" "Sjögren's" "Raynaud's" "Meniere's" \
    "Kawasaki" "Lou Gehrig's" "Ehlers-Danlos" "Humira"; do
	line="My mom has $w and we see the specialist soon."
	out=$(printf '%s\n' "$line" | "$bin")
	[ "$out" = "$line" ] || { echo "redacted: $w -> $out"; exit 1; }
done
rm -rf "$t"
