# Findings files (issue 6): JSON Lines offsets that slice back to exactly
# the redacted bytes, code-point and UTF-16 offsets, mode 0600, no matched
# text unless asked, SARIF 2.1.0.
set -eu
bin=$PHISCRUB
t=$TMPDIR/findings.$$
mkdir -p "$t"

fail() {
	printf 'findings.sh: %s\n' "$1" >&2
	exit 1
}

# \303\251 = é, \303\266 = ö, \303\240 = à (two bytes, one code point, one
# UTF-16 unit); \360\237\230\200 and \360\237\221\215 = emoji outside the BMP
# (four bytes, one code point, two UTF-16 units).
printf 'H\303\251llo \360\237\230\200\360\237\230\200 wr\303\266te: call (212) 736-5000 now.\n' > "$t/in.txt"
printf 'so, caf\303\251 \303\240 mail jane.doe@example.org \360\237\221\215 or 617-253-1000\n' >> "$t/in.txt"
printf 'no final newline, SSN 412-68-3390' >> "$t/in.txt"
phi='(212) 736-5000
jane.doe@example.org
617-253-1000
412-68-3390'

# The value of numeric field $2 in JSON line $1.
num() {
	printf '%s\n' "$1" | sed -n "s/.*\"$2\":\\([0-9]*\\)[,}].*/\\1/p"
}
# Bytes [$2, $3) of file $1.
slice() {
	dd if="$1" bs=1 skip="$2" count=$(($3 - $2)) 2>/dev/null
}

"$bin" --findings "$t/f.jsonl" "$t/in.txt" > "$t/out"
# Created with mode 0600.
case $(ls -l "$t/f.jsonl") in -rw-------*) ;; *) fail "findings file mode" ;; esac
[ "$(wc -l < "$t/f.jsonl")" -eq 4 ] || { cat "$t/f.jsonl" >&2; fail "4 findings expected"; }
# No matched text without --findings-include-text.
printf '%s\n' "$phi" | while IFS= read -r s; do
	! grep -qF "$s" "$t/f.jsonl" || fail "matched text in the findings file: $s"
done
! grep -q '"text"' "$t/f.jsonl" || fail "text field without --findings-include-text"
grep -q '^{"file":"[^"]*in.txt","document":1,"line":1,"column":' "$t/f.jsonl" ||
	fail "field names"

# The byte offsets slice the input back to exactly the values redacted,
# and putting the replacements there gives the output byte for byte.
: > "$t/slices"
: > "$t/rebuilt"
pos=0
while IFS= read -r line; do
	start=$(num "$line" start)
	end=$(num "$line" end)
	cat=$(printf '%s\n' "$line" | sed -n 's/.*"category":"\([A-Z]*\)".*/\1/p')
	[ -n "$start" ] && [ -n "$end" ] && [ -n "$cat" ] || fail "unparsed: $line"
	slice "$t/in.txt" "$start" "$end" >> "$t/slices"
	echo >> "$t/slices"
	slice "$t/in.txt" "$pos" "$start" >> "$t/rebuilt"
	printf '[%s]' "$cat" >> "$t/rebuilt"
	pos=$end
done < "$t/f.jsonl"
size=$(wc -c < "$t/in.txt" | tr -d ' ')
slice "$t/in.txt" "$pos" "$size" >> "$t/rebuilt"
printf '%s\n' "$phi" | cmp -s - "$t/slices" || { cat "$t/slices" >&2; fail "byte offsets"; }
cmp -s "$t/rebuilt" "$t/out" || fail "findings do not match the redactions of the output"

# Lines and columns (code points from 1).
sed -n 's/.*"line":\([0-9]*\),"column":\([0-9]*\),.*"category":"\([A-Z]*\)".*/\1:\2:\3/p' \
    "$t/f.jsonl" > "$t/lc"
printf '1:22:PHONE\n2:17:EMAIL\n2:43:PHONE\n3:23:ID\n' | cmp -s - "$t/lc" ||
	{ cat "$t/lc" >&2; fail "lines and columns"; }

# Code-point and UTF-16 offsets, checked by Python's own counting.
if command -v python3 >/dev/null 2>&1; then
	"$bin" --findings "$t/t.jsonl" --findings-include-text "$t/in.txt" > /dev/null
	python3 - "$t/in.txt" "$t/t.jsonl" <<'EOF' || fail "code-point or UTF-16 offsets"
import json, sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8")
u16 = text.encode("utf-16-le")
n = 0
for line in open(sys.argv[2], encoding="utf-8"):
    f = json.loads(line)
    want = data[f["start"]:f["end"]].decode("utf-8")
    assert want == f["text"], (want, f)
    assert text[f["start_cp"]:f["end_cp"]] == want, f
    assert len(data[:f["start"]].decode("utf-8")) == f["start_cp"], f
    assert u16[2 * f["start_utf16"]:2 * f["end_utf16"]].decode("utf-16-le") == want, f
    before = text[:f["start_cp"]]
    assert before.count("\n") + 1 == f["line"], f
    assert f["start_cp"] - (before.rfind("\n") + 1) + 1 == f["column"], f
    n += 1
assert n == 4, n
# The emoji make the three counts differ: the test means something.
f = json.loads(open(sys.argv[2], encoding="utf-8").readline())
assert f["start"] > f["start_utf16"] > f["start_cp"], f
EOF
	# The matched text only with --findings-include-text.
	grep -qF '"text":"jane.doe@example.org"' "$t/t.jsonl" || fail "--findings-include-text"
	# Ill-formed UTF-8 before a finding (a stray byte, cut sequences, an
	# encoded surrogate, an overlong form, a value above U+10FFFF) counts
	# as Python's errors="replace" decodes it: one U+FFFD per maximal
	# ill-formed subsequence.
	printf 'bad \377 \342\202 \355\240\200 \360\237\230 \300\257 x\n\360\237\230\200 \341\200 call (212) 736-5000 \364\220\200\200 mail jane.doe@example.org\n' > "$t/bad.txt"
	"$bin" --findings "$t/bad.jsonl" "$t/bad.txt" > /dev/null
	python3 - "$t/bad.txt" "$t/bad.jsonl" <<'EOF' || fail "offsets after ill-formed UTF-8"
import json, sys
data = open(sys.argv[1], "rb").read()
n = 0
for line in open(sys.argv[2], encoding="utf-8"):
    f = json.loads(line)
    pre = data[:f["start"]].decode("utf-8", "replace")
    mid = data[f["start"]:f["end"]].decode("utf-8", "replace")
    assert len(pre) == f["start_cp"] and len(pre) + len(mid) == f["end_cp"], f
    assert len(pre.encode("utf-16-le")) // 2 == f["start_utf16"], f
    assert f["column"] == len(pre) - pre.rfind("\n"), f
    n += 1
assert n == 2, n
EOF
fi

# An existing findings file is kept unless --force; --force makes it 0600.
printf 'keep me\n' > "$t/old.jsonl"
chmod 644 "$t/old.jsonl"
set +e
"$bin" --findings "$t/old.jsonl" "$t/in.txt" > /dev/null 2> "$t/err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "existing findings file: status $rc"
grep -q -- '--force' "$t/err" || fail "existing findings file: message"
grep -qx 'keep me' "$t/old.jsonl" || fail "existing findings file overwritten"
"$bin" --findings "$t/old.jsonl" --force "$t/in.txt" > /dev/null
[ "$(wc -l < "$t/old.jsonl")" -eq 4 ] || fail "--force did not overwrite"
case $(ls -l "$t/old.jsonl") in -rw-------*) ;; *) fail "--force: mode not 0600" ;; esac

# '-' is standard error; in check mode stdout stays empty.
set +e
"$bin" --check --quiet --findings - "$t/in.txt" > "$t/out" 2> "$t/err"
rc=$?
set -e
[ $rc -eq 1 ] && [ ! -s "$t/out" ] || fail "--findings - with --check"
[ "$(grep -c '^{"file":' "$t/err")" -eq 4 ] || fail "--findings -: findings on stderr"

# Each NUL-separated record is a document with its own offsets (-z).
printf 'call (212) 736-5000\000nothing\000mail jane.doe@example.org' |
	"$bin" -z --check -q --findings - 2> "$t/err" || true
grep -q '"document":1,"line":1,"column":6,"start":5,"end":19,' "$t/err" || fail "-z document 1"
grep -q '"document":3,"line":1,"column":6,"start":5,"end":25,' "$t/err" || fail "-z document 3"

# A findings file that cannot be written is an error (3).
set +e
"$bin" --findings /dev/full "$t/in.txt" > /dev/null 2>&1
rc=$?
set -e
[ $rc -eq 3 ] || fail "findings on a full disk: status $rc"

# ---- SARIF 2.1.0 ---------------------------------------------------------
"$bin" --check -q --findings "$t/f.sarif" --format-findings sarif "$t/in.txt" || true
case $(ls -l "$t/f.sarif") in -rw-------*) ;; *) fail "SARIF file mode" ;; esac
printf '%s\n' "$phi" | while IFS= read -r s; do
	! grep -qF "$s" "$t/f.sarif" || fail "matched text in SARIF: $s"
done
"$bin" --check -q --findings "$t/empty.sarif" --format-findings sarif /dev/null
if command -v python3 >/dev/null 2>&1; then
	python3 - "$t/f.sarif" "$t/empty.sarif" <<'EOF' || fail "SARIF content"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["version"] == "2.1.0"
assert "sarif-schema-2.1.0" in d["$schema"]
assert len(d["runs"]) == 1
run = d["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "phiscrub" and drv["version"]
assert len(drv["properties"]["ruleSetDigest"]) == 64
rules = drv["rules"]
assert run["columnKind"] == "unicodeCodePoints"
res = run["results"]
assert len(res) == 4, len(res)
got = []
for r in res:
    assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    assert r["level"] in ("warning", "error", "note")
    assert r["message"]["text"]
    reg = r["locations"][0]["physicalLocation"]["region"]
    loc = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert loc.endswith("in.txt")
    got.append((reg["startLine"], reg["startColumn"], r["properties"]["category"]))
    assert reg["charLength"] > 0 and reg["byteLength"] >= reg["charLength"]
assert got == [(1, 22, "PHONE"), (2, 17, "EMAIL"), (2, 43, "PHONE"), (3, 23, "ID")], got
inv = run["invocations"][0]
assert inv["exitCode"] == 1 and inv["executionSuccessful"] is True
e = json.load(open(sys.argv[2], encoding="utf-8"))
assert e["runs"][0]["results"] == [] and e["runs"][0]["invocations"][0]["exitCode"] == 0
EOF
elif command -v jq >/dev/null 2>&1; then
	[ "$(jq -r .version "$t/f.sarif")" = 2.1.0 ] || fail "SARIF version"
	[ "$(jq '.runs[0].results | length' "$t/f.sarif")" -eq 4 ] || fail "SARIF results"
else
	grep -q '^{"version":"2.1.0",' "$t/f.sarif" || fail "SARIF version"
fi
set +e
"$bin" --findings "$t/x.sarif" --format-findings xml "$t/in.txt" > /dev/null 2>&1
rc=$?
set -e
[ $rc -eq 2 ] || fail "--format-findings xml: status $rc"
exit 0
