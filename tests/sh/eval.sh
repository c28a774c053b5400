# phiscrub --evaluate: the scorer on a hand-made gold file with known
# figures, the JSON format, floors, and errors in gold and floors files.
#
# tests/eval-harness/gold.jsonl holds two documents, scored against the
# patterns of tests/eval-harness/set.yaml (no default patterns, so the
# figures do not move as detection improves):
#   one (precision): "💪 qxjosé saw vrob ztel on kmay 5; zeta9 was there."
#     gold NAME qxjosé (missed), NAME "vrob ztel" (vrob caught, ztel missed),
#     DATE "kmay 5" (caught); zeta9 is a false positive.  The emoji before
#     the spans makes byte and code-point offsets differ.
#   two (recall only, NAME scored): "ask qanabelle at 555-0100 or vrob."
#     NAME qanabelle (caught by a finding on its first four letters only:
#     partial overlap counts), PHONE 555-0100 (not scored), NAME vrob.
# Tokens: NAME 5 gold, 3 caught; DATE 2 of 2; ALL 5 of 7 (71.43%).
# Spans: NAME 2 of 4, DATE 1 of 1, ALL 3 of 5.  Precision (document one,
# 10 tokens): 4 redacted, 3 of them gold = 75%, 1 false positive = 100 per
# 1,000 tokens; recall there 3/5, F1 = 2PR/(P+R) = 0.666667,
# F2 = 5PR/(4P+R) = 0.625.
set -eu
bin=$PHISCRUB
h=$TOP/tests/eval-harness
t=$TMPDIR/eval
mkdir -p "$t"
ev() { "$bin" --no-default-patterns -p "$h/set.yaml" --evaluate "$@"; }
fail() { echo "eval.sh: $*" >&2; exit 1; }

# The table: exact counts and ratios.
ev "$h/gold.jsonl" >"$t/out"
grep -Eq '^gold\.jsonl +NAME +5 +3 +60\.00% +4 +2 +50\.00%$' "$t/out" ||
	fail "NAME row"
grep -Eq '^ +DATE +2 +2 +100\.00% +1 +1 +100\.00%$' "$t/out" || fail "DATE row"
grep -Eq '^ +ALL +7 +5 +71\.43% +5 +3 +60\.00%$' "$t/out" || fail "ALL row"
grep -q PHONE "$t/out" && fail "PHONE is not scored in document two"
grep -Eq '^gold\.jsonl +2 +17 +71\.43% +60\.00% +75\.00% +100\.00 +66\.67% +62\.50% ' \
	"$t/out" || fail "summary row"

# Blank lines are skipped; the figures are those of the documents alone.
mkdir -p "$t/blank"
{ echo; cat "$h/gold.jsonl"; echo "   "; } >"$t/blank/gold.jsonl"
ev "$t/blank/gold.jsonl" | sed '/MB\/s/d; s/ *[0-9.]* *[0-9]*$//' >"$t/b1"
sed '/MB\/s/d; s/ *[0-9.]* *[0-9]*$//' "$t/out" >"$t/b2"
cmp -s "$t/b1" "$t/b2" || fail "blank lines changed the figures"

# Two files: per file rows and a TOTAL that adds them up.
cp "$h/gold.jsonl" "$t/again.jsonl"
ev "$h/gold.jsonl" "$t/again.jsonl" >"$t/two"
grep -Eq '^again\.jsonl +NAME +5 +3 ' "$t/two" || fail "second file"
grep -Eq '^TOTAL +NAME +10 +6 +60\.00% +8 +4 +50\.00%$' "$t/two" || fail "TOTAL"

# Examples, with context and the rule that fired.
ev --show-misses 1 --show-false-positives 5 "$h/gold.jsonl" >"$t/ex"
grep -q '^Missed spans in gold\.jsonl (1 of 2):$' "$t/ex" || fail "misses header"
grep -q '^  one (line 1) NAME kept: qxjosé$' "$t/ex" || fail "miss"
grep -q '^    💪 \[\[qxjosé\]\] saw vrob' "$t/ex" || fail "miss context"
grep -q '^  one (line 1) ID t\.fp redacted: zeta9$' "$t/ex" || fail "false positive"
grep -q 'kmay 5; \[\[zeta9\]\] was there\.$' "$t/ex" || fail "fp context"
ev "$h/gold.jsonl" | grep -q '^Missed' && fail "examples printed unasked"

# JSON: the same figures, and valid JSON.
ev --evaluate-format json "$h/gold.jsonl" >"$t/json"
for want in '"token_recall": 0.714286' '"entity_recall": 0.6' \
    '"token_precision": 0.75' '"fp_per_1k": 100.0' '"f1": 0.666667' \
    '"f2": 0.625' '"caught_tokens": 3' '"name": "gold.jsonl"'; do
	grep -Eq "^ *$want,?\$" "$t/json" || fail "json lacks $want"
done
if command -v python3 >/dev/null 2>&1; then
	python3 -m json.tool "$t/json" >/dev/null || fail "invalid JSON"
	ev --evaluate-format json --show-misses 9 --show-false-positives 9 \
	    "$h/gold.jsonl" "$t/again.jsonl" | python3 -c '
import json, sys
d = json.load(sys.stdin)
f = d["files"][0]
assert f["categories"]["NAME"]["gold_tokens"] == 5, f
assert f["precision"]["redacted"] == 4 and f["precision"]["redacted_gold"] == 3
assert [m["text"] for m in f["misses"]] == ["qxjosé", "vrob ztel"], f["misses"]
assert f["misses"][1]["kept"] == ["ztel"]
assert f["false_positives"][0]["tokens"] == ["zeta9"]
assert d["total"]["all"]["gold_tokens"] == 14
' || fail "JSON content"
fi

# Floors: met, not met (status 1, the line named), other files skipped.
cat >"$t/floors" <<'EOF'
# a comment
gold.jsonl NAME token_recall 0.60
gold.jsonl ALL  entity_recall 0.6   # trailing comment
gold.jsonl ALL  f2 0.62
absent.jsonl ALL token_recall 0.99
EOF
ev --floors "$t/floors" "$h/gold.jsonl" >"$t/out" 2>"$t/err" || fail "floors met"
grep -q 'Floors (.*): 3 checked, all met, 1 skipped' "$t/out" || fail "floors summary"
echo "gold.jsonl DATE entity_recall 1" >>"$t/floors"
echo "gold.jsonl ALL precision 0.76" >>"$t/floors"
set +e
ev --floors "$t/floors" "$h/gold.jsonl" >"$t/out" 2>"$t/err"
rc=$?
set -e
[ $rc -eq 1 ] || fail "floor not met: status $rc"
grep -q 'floors:7: gold\.jsonl ALL precision is 0\.7500, below the floor 0\.7600$' \
	"$t/err" || fail "floor message"
[ "$(wc -l <"$t/err")" -eq 1 ] || fail "only one floor fails"
echo "gold.jsonl AGE token_recall 0.5" >"$t/floors"
set +e
ev --floors "$t/floors" "$h/gold.jsonl" >/dev/null 2>"$t/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'not measurable' "$t/err" || fail "unmeasurable floor"
for bad in 'gold.jsonl NAME recall 0.5' 'gold.jsonl NAME precision 0.5' \
    'gold.jsonl ALL f1 50' 'gold.jsonl ALL f1' 'gold.jsonl XYZ token_recall 0.1'; do
	printf '\n%s\n' "$bad" >"$t/floors"
	set +e
	ev --floors "$t/floors" "$h/gold.jsonl" >/dev/null 2>"$t/err"; rc=$?
	set -e
	[ $rc -eq 2 ] || fail "bad floors line '$bad': status $rc"
	grep -q 'floors:2: expected FILE' "$t/err" || fail "bad floors message"
done

# Bad gold files: status 2 and file:line, never the text in the message.
good=$(head -n 1 "$h/gold.jsonl")
check_bad() {   # LINE2 MESSAGE
	printf '%s\n%s\n' "$good" "$1" >"$t/bad.jsonl"
	set +e
	ev "$t/bad.jsonl" >/dev/null 2>"$t/err"
	rc=$?
	set -e
	[ $rc -eq 2 ] || fail "bad gold ($2): status $rc"
	grep -q "^phiscrub: $t/bad.jsonl:2: $2" "$t/err" || { cat "$t/err"; fail "message for $2"; }
	grep -q secretname "$t/err" && fail "PHI in the message for $2"
	return 0
}
check_bad '{"id": "x", "text": "secretname", "spans": [' 'malformed JSON at column'
check_bad '{"id": "x", "text": "secretname" "spans": []}' 'malformed JSON at column'
check_bad '["secretname"]' 'a document must be a JSON object'
check_bad '{"id": "x", "text": "secretname", "spans": [], "precison": true}' \
	'unknown key "precison"'
check_bad '{"id": "x", "text": "secretname", "spans": [{"start": 0, "end": 11, "category": "NAME"}]}' \
	'span 1: offsets 0-11 are not within the text'
check_bad '{"id": "x", "text": "secretname", "spans": [{"start": 3, "end": 3, "category": "NAME"}]}' \
	'span 1: offsets 3-3'
check_bad '{"id": "x", "text": "secretname", "spans": [{"start": 0, "end": 6, "category": "PERSON"}]}' \
	'span 1: unknown category "PERSON"'
check_bad '{"id": "x", "text": "secretname", "spans": [], "scored": ["NAME", "WHO"]}' \
	'"scored" must be a list of categories'
check_bad '{"id": 7, "text": "secretname", "spans": []}' '"id" and "text" must be'
check_bad '{"id": "x", "text": "secretname", "spans": [], "id": "y"}' 'malformed JSON'
# A span may end at the last code point (10 here: the emoji counts as one).
printf '{"id": "x", "text": "\360\237\222\252 secretna", "spans": [{"start": 2, "end": 10, "category": "NAME"}]}\n' \
	>"$t/edge.jsonl"
ev "$t/edge.jsonl" >/dev/null || fail "span at the end of the text"

# Usage and I/O errors.
set +e
ev >/dev/null 2>&1; [ $? -eq 2 ] || fail "no gold file"
ev --evaluate-format yaml "$h/gold.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "format"
ev --show-misses x "$h/gold.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--show-misses x"
ev "$t/no-such.jsonl" >/dev/null 2>&1; [ $? -eq 3 ] || fail "missing file"
ev --floors "$t/no-such" "$h/gold.jsonl" >/dev/null 2>&1; [ $? -eq 3 ] || fail "missing floors"
if [ -w /dev/full ]; then
	ev "$h/gold.jsonl" >/dev/full 2>/dev/null; [ $? -eq 3 ] || fail "write error"
fi
set -e
ev - <"$h/gold.jsonl" | grep -Eq '^- +NAME +5 +3 ' || fail "standard input"
exit 0
