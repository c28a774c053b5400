# Hostile pattern sets (issue 8, docs/hardening.md): each ends with a clear
# error and status 2, or for a regex that blows up while scanning, status 4
# and nothing of the unit it was scanning written (fail closed); always in
# bounded time (timeout 20 is a hang guard, not a timing) and memory.
set -eu
bin=$PHISCRUB
t=$TMPDIR/hostile.$$
mkdir -p "$t"
trap 'rm -rf "$t"' EXIT

# run EXPECTED-STATUS ARGS...: runs phiscrub under a hang guard with stdin
# from $t/in, stdout to $t/out, stderr to $t/err, and checks the status.
run() {
	want=$1
	shift
	set +e
	timeout 20 "$bin" "$@" < "$t/in" > "$t/out" 2> "$t/err"
	rc=$?
	set -e
	if [ "$rc" -ne "$want" ]; then
		echo "status $rc, want $want: phiscrub $*"
		cat "$t/err"
		exit 1
	fi
}
has() { grep -q -e "$1" "$t/err" || { echo "stderr lacks '$1':"; cat "$t/err"; exit 1; }; }
: > "$t/in"

# ---- A catastrophic regex: fail closed --------------------------------
cat > "$t/evil.yaml" <<'EOF'
phiscrub: 1
rules:
  - id: evil.backtrack
    category: ID
    pattern: '(a+)+$'
EOF
{
	echo "please call 508-555-0143 on Monday"
	awk 'BEGIN { for (i = 0; i < 30000; i++) printf "a"; print "!" }'
	echo "after the bad line: Derek 508-555-0143"
} > "$t/in"
run 4 -p "$t/evil.yaml"
has '^phiscrub: (standard input): rule "evil.backtrack" (.*evil.yaml:3) failed while scanning line 2: match limit exceeded; the text was not written$'
[ "$(wc -l < "$t/err")" -eq 1 ]
[ ! -s "$t/out" ]   # the whole unit (all three lines) was withheld

# The same line-buffered: the lines before it leave, redacted; nothing of
# the bad line or after it does.
run 4 -p "$t/evil.yaml" --line-buffered
printf 'please call [PHONE] on Monday\n' | cmp - "$t/out"
has 'failed while scanning line 2'

# In small units, the units before the bad one leave, nothing after.  The
# long line is cut into units; '$' matches at each cut (the end of the text
# scanned), so the first pieces are redacted whole as ID, and the last one,
# which ends in '!', hits the limit: no 'a' leaves unredacted.
awk 'BEGIN { for (i = 1; i <= 400; i++) printf "plain line %d of text\n", i }' > "$t/clean"
{ cat "$t/clean"; awk 'BEGIN { for (i = 0; i < 30000; i++) printf "a"; print "!" }'
  cat "$t/clean"; } > "$t/in"
run 4 -p "$t/evil.yaml" --unit-size=4096
has 'failed while scanning line 401'
n=$(wc -c < "$t/clean")
head -c "$n" "$t/out" | cmp - "$t/clean"
[ -z "$(tail -c +$((n + 1)) "$t/out" | sed 's/\[ID\]//g')" ]
! grep -q 'a!' "$t/out"

# A later file is not scanned once one hit the limit.
printf 'Derek 508-555-0143\n' > "$t/second"
awk 'BEGIN { for (i = 0; i < 30000; i++) printf "a"; print "!" }' > "$t/first"
: > "$t/in"
run 4 -p "$t/evil.yaml" "$t/first" "$t/second"
[ ! -s "$t/out" ]
has "$t/first: rule \"evil.backtrack\""

# --check must not report "nothing found" (0) for text it could not scan,
# and an archive field fails the same way.
awk 'BEGIN { for (i = 0; i < 30000; i++) printf "a"; print "!" }' > "$t/in"
run 4 -p "$t/evil.yaml" --check
has 'rule "evil.backtrack" (.*evil.yaml:3) failed while scanning line 1: match limit exceeded'
if "$bin" --help | grep -q -e '--format=FMT'; then
	awk 'BEGIN { printf "{\"body\": \"call 508-555-0143\"}\n{\"body\": \""; for (i = 0; i < 30000; i++) printf "a"; print "!\"}" }' > "$t/in"
	run 4 -p "$t/evil.yaml" --format=jsonl --line-buffered
	has 'failed while scanning line 1: match limit exceeded'
	! grep -q aaaa "$t/out"
fi

# A regex that exhausts the JIT stack (1 MiB): the same, fail closed.
cat > "$t/stack.yaml" <<'EOF'
phiscrub: 1
rules:
  - id: evil.stack
    category: ID
    pattern: 'x(?:(a)|b)+$'
EOF
awk 'BEGIN { printf "x"; for (i = 0; i < 900000; i++) printf "a"; print "!" }' > "$t/in"
run 4 --no-default-patterns -p "$t/stack.yaml" --unit-size=1048576
has 'rule "evil.stack" (.*stack.yaml:3) failed while scanning line 1: JIT stack limit reached; the text was not written$'
[ ! -s "$t/out" ]

# A regex too large to compile is refused before any input is read.
cat > "$t/huge-re.yaml" <<'EOF'
phiscrub: 1
rules:
  - id: huge
    category: ID
    pattern: '(?:a{65535}){65535}'
EOF
run 2 -p "$t/huge-re.yaml"
has 'huge-re.yaml:5:14: rule "huge": bad pattern at offset 19: regular expression is too large'

# ---- YAML bombs ---------------------------------------------------------
# Billion laughs: aliases are refused outright, at the first use.
cat > "$t/bomb.yaml" <<'EOF'
phiscrub: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
allow: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
EOF
run 2 -p "$t/bomb.yaml"
has '^phiscrub: .*bomb.yaml:3:8: YAML aliases are not allowed in pattern sets$'

# Deep nesting: 32 levels is the limit, flow or block style, however deep.
nest() { awk -v n="$1" 'BEGIN { printf "phiscrub: 1\nallow: "; for (i = 0; i < n; i++) printf "["; printf "x"; for (i = 0; i < n; i++) printf "]"; print "" }'; }
nest 33 > "$t/deep.yaml"
run 2 -p "$t/deep.yaml"
has 'deep.yaml:2:39: nesting deeper than 32 levels$'
nest 200000 > "$t/deeper.yaml"
run 2 -p "$t/deeper.yaml"
has 'deeper.yaml:2:39: nesting deeper than 32 levels$'
nest 30 > "$t/ok-depth.yaml"     # under the limit: another complaint
run 2 -p "$t/ok-depth.yaml"
has 'a word must be a scalar'
awk 'BEGIN { print "phiscrub: 1"; print "allow:"; for (i = 1; i <= 40; i++) { for (j = 0; j < i; j++) printf "  "; print "-" } }' > "$t/block.yaml"
run 2 -p "$t/block.yaml"
has 'nesting deeper than 32 levels$'

# Too many nodes, a huge scalar, a huge file.
awk 'BEGIN { printf "phiscrub: 1\nallow: [x"; for (i = 0; i < 250000; i++) printf ",x"; print "]" }' > "$t/wide.yaml"
run 2 -p "$t/wide.yaml"
has 'wide.yaml:2:399999: too many YAML nodes (limit 200000)$'
awk 'BEGIN { printf "phiscrub: 1\nname: "; for (i = 0; i < 1100000; i++) printf "n"; print "" }' > "$t/longscalar.yaml"
run 2 -p "$t/longscalar.yaml"
has 'longscalar.yaml:2:7: scalar longer than 1048576 bytes$'
{ echo "phiscrub: 1"; echo "allow:"; awk 'BEGIN { for (i = 0; i < 1200000; i++) print "  - word" i }'; } > "$t/bigfile.yaml"
run 2 -p "$t/bigfile.yaml"
has 'bigfile.yaml: larger than 16777216 bytes'

# ---- Word lists ---------------------------------------------------------
# A 100 MB line: refused as an over-long entry, in bounded memory.
mkdir "$t/lex"
head -c 100000000 /dev/zero | tr '\0' a > "$t/lex/huge.txt"
printf 'phiscrub: 1\nlexicons:\n  - id: huge\n    kind: surname\n    file: huge.txt\n' > "$t/lex/set.yaml"
if [ -x /usr/bin/time ]; then
	set +e
	timeout 20 /usr/bin/time -f %M -o "$t/rss" "$bin" -p "$t/lex/set.yaml" \
	    < /dev/null > "$t/out" 2> "$t/err"
	rc=$?
	set -e
	[ "$rc" -eq 2 ]
	rss=$(tail -1 "$t/rss")
	[ "$rss" -lt 204800 ] || { echo "peak RSS $rss KB"; exit 1; }
else
	run 2 -p "$t/lex/set.yaml"
fi
has "lex/huge.txt:1: word list entry longer than 1024 bytes$"
rm -f "$t/lex/huge.txt"

# ---- Includes -------------------------------------------------------------
# A set that includes itself, and a cycle of three.
mkdir "$t/inc"
printf 'phiscrub: 1\ninclude: [self.yaml]\n' > "$t/inc/self.yaml"
run 2 -p "$t/inc/self.yaml"
has 'self.yaml:2:11: include cycle through self.yaml$'
printf 'phiscrub: 1\ninclude: [c2.yaml]\n' > "$t/inc/c1.yaml"
printf 'phiscrub: 1\ninclude: [c3.yaml]\n' > "$t/inc/c2.yaml"
printf 'phiscrub: 1\ninclude: [c1.yaml]\n' > "$t/inc/c3.yaml"
run 2 -p "$t/inc/c1.yaml"
has 'c3.yaml:2:11: include cycle through c1.yaml$'

# Files outside the set's directory, however named, need
# --allow-outside-includes: an absolute path, a relative climb, a symbolic
# link inside the directory, a word list.
printf 'phiscrub: 1\ninclude: [/etc/shadow]\n' > "$t/inc/abs.yaml"
run 2 -p "$t/inc/abs.yaml"
has "abs.yaml:2:11: /etc/shadow is outside the pattern set's directory (--allow-outside-includes permits it)$"
printf 'phiscrub: 1\ninclude: [../../../../../../../../../../etc/shadow]\n' > "$t/inc/climb.yaml"
run 2 -p "$t/inc/climb.yaml"
has "climb.yaml:2:11: ../../../../../../../../../../etc/shadow is outside the pattern set's directory"
ln -s /etc/shadow "$t/inc/innocent.yaml"
printf 'phiscrub: 1\ninclude: [innocent.yaml]\n' > "$t/inc/link.yaml"
run 2 -p "$t/inc/link.yaml"
has "link.yaml:2:11: innocent.yaml is outside the pattern set's directory"
printf 'phiscrub: 1\nlexicons:\n  - id: pw\n    kind: surname\n    file: /etc/shadow\n' > "$t/inc/lexabs.yaml"
run 2 -p "$t/inc/lexabs.yaml"
has "lexabs.yaml:5:11: /etc/shadow is outside the pattern set's directory"
# A directory given with -p is the root: its sets may include each other.
mkdir "$t/inc/sub"
printf 'phiscrub: 1\nrules:\n  - id: tkt\n    category: ID\n    pattern: "TKT-\\\\d{4}"\n' > "$t/inc/sub/_tkt.yaml"
printf 'phiscrub: 1\ninclude: [sub/_tkt.yaml]\n' > "$t/inc/ok.yaml"
echo 'ticket TKT-1234' > "$t/in"
run 0 --no-default-patterns -p "$t/inc/ok.yaml"
echo 'ticket [ID]' | cmp - "$t/out"
: > "$t/in"

# ---- Encodings ------------------------------------------------------------
# Bytes that are not UTF-8, and UTF-16 without a byte-order mark: refused.
printf 'phiscrub: 1\nname: caf\351\n' > "$t/latin1.yaml"
run 2 -p "$t/latin1.yaml"
has 'latin1.yaml:1:1: incomplete UTF-8 octet sequence$'
printf 'phiscrub: 1\nname: x\n' | iconv -f UTF-8 -t UTF-16LE > "$t/u16nobom.yaml"
run 2 -p "$t/u16nobom.yaml"
has 'u16nobom.yaml:1:1: control characters are not allowed$'
# UTF-16 with a byte-order mark is YAML too (libyaml decodes it): accepted.
{ printf '\377\376'; printf 'phiscrub: 1\nrules:\n  - id: u16\n    category: ID\n    pattern: "TKT-\\\\d{4}"\n' | iconv -f UTF-8 -t UTF-16LE; } > "$t/u16.yaml"
echo 'ticket TKT-1234' > "$t/in"
run 0 --no-default-patterns -p "$t/u16.yaml"
echo 'ticket [ID]' | cmp - "$t/out"
