# Check mode (issue 6): exit codes, the findings list on stderr, --quiet,
# --label, --highlight, --stats and the baseline of reviewed findings.
set -eu
bin=$PHISCRUB
t=$TMPDIR/check.$$
mkdir -p "$t"
nl='
'

fail() {
	printf 'check.sh: %s\n' "$1" >&2
	exit 1
}

# Runs phiscrub with "$@"; sets rc, and leaves stdout and stderr in
# $t/out and $t/err.
run() {
	set +e
	"$bin" "$@" >"$t/out" 2>"$t/err"
	rc=$?
	set -e
}

printf 'Nothing to see here.\nJust words, 42 of them.\n' > "$t/clean.txt"
# \303\251 = é, \360\237\230\200 = an emoji (2 UTF-16 units): the column
# counts characters, not bytes.
printf 'Hello, nothing here.\nH\303\251llo \360\237\230\200 call (212) 736-5000 now\nmail jane.doe@example.org\n' > "$t/dirty.txt"

# Clean input: status 0, nothing written anywhere.
run --check "$t/clean.txt"
[ $rc -eq 0 ] || fail "clean: status $rc"
[ ! -s "$t/out" ] && [ ! -s "$t/err" ] || fail "clean: output written"
run --check < "$t/clean.txt"
[ $rc -eq 0 ] || fail "clean stdin: status $rc"

# Dirty input: status 1, no text on stdout, each finding on stderr as
# FILE:LINE:COLUMN: CATEGORY (rule), never the matched text.
run --check "$t/dirty.txt"
[ $rc -eq 1 ] || fail "dirty: status $rc"
[ ! -s "$t/out" ] || fail "dirty: text written in check mode"
printf '%s\n' "$t/dirty.txt:2:14: PHONE (phone.nanp)" "$t/dirty.txt:3:6: EMAIL (email)" |
	cmp -s - "$t/err" || { cat "$t/err" >&2; fail "dirty: findings list"; }
! grep -q '736\|jane' "$t/err" || fail "dirty: matched text on stderr"

# Standard input is "(standard input)", or the --label.
run --check < "$t/dirty.txt"
[ $rc -eq 1 ] || fail "stdin: status $rc"
grep -qx '(standard input):2:14: PHONE (phone.nanp)' "$t/err" || fail "stdin name"
run --check --label posts/today.md - < "$t/dirty.txt"
grep -qx 'posts/today.md:3:6: EMAIL (email)' "$t/err" || fail "--label"

# --quiet / -q: the status alone.
run --check --quiet "$t/dirty.txt"
[ $rc -eq 1 ] && [ ! -s "$t/err" ] && [ ! -s "$t/out" ] || fail "--quiet"
run --check -q "$t/clean.txt"
[ $rc -eq 0 ] && [ ! -s "$t/err" ] || fail "-q clean"

# Several files: 1 when any has a finding; only the dirty one is listed.
run --check "$t/clean.txt" "$t/dirty.txt"
[ $rc -eq 1 ] || fail "two files: status $rc"
[ "$(wc -l < "$t/err")" -eq 2 ] && ! grep -q clean.txt "$t/err" || fail "two files: list"

# Errors win over findings (fail closed): a missing file is 3, a usage
# error 2, a broken pattern set 2.
run --check "$t/dirty.txt" "$t/missing.txt"
[ $rc -eq 3 ] || fail "missing file: status $rc"
grep -q 'missing.txt' "$t/err" || fail "missing file: no message"
run --check --no-such-option "$t/clean.txt"
[ $rc -eq 2 ] || fail "bad option: status $rc"
printf 'phiscrub: 1\nrules: [\n' > "$t/bad.yaml"
run --check -p "$t/bad.yaml" "$t/clean.txt"
[ $rc -eq 2 ] || fail "bad pattern set: status $rc"
run --check --highlight "$t/clean.txt"
[ $rc -eq 2 ] || fail "--check with --highlight: status $rc"
# A findings list that cannot be written is an error too.
set +e
"$bin" --check "$t/dirty.txt" 2>/dev/full
rc=$?
set -e
[ $rc -eq 3 ] || fail "stderr full: status $rc"

# --highlight: the input with [[CATEGORY:text]] marks when not a terminal;
# without the marks it is the input byte for byte.
run --highlight "$t/dirty.txt"
[ $rc -eq 0 ] || fail "--highlight: status $rc"
grep -q '^H.*llo .* call \[\[PHONE:(212) 736-5000\]\] now$' "$t/out" || fail "--highlight marks"
grep -qx 'mail \[\[EMAIL:jane.doe@example.org\]\]' "$t/out" || fail "--highlight email"
sed 's/\[\[[A-Z]*:\([^]]*\)\]\]/\1/g' "$t/out" | cmp -s - "$t/dirty.txt" || fail "--highlight changed the text"
run --highlight "$t/clean.txt"
cmp -s "$t/out" "$t/clean.txt" || fail "--highlight clean"
# On a terminal: reverse video and the category (when script(1) can make
# one); NO_COLOR turns the colour off.
if command -v script >/dev/null 2>&1 &&
    script -qec "true" /dev/null >/dev/null 2>&1; then
	script -qec "\"$bin\" --highlight \"$t/dirty.txt\"" /dev/null > "$t/tty" 2>&1 || true
	esc=$(printf '\033')
	grep -q "${esc}\[2m\[PHONE\]${esc}\[0;7m(212) 736-5000${esc}\[0m" "$t/tty" ||
		fail "--highlight on a terminal"
	NO_COLOR=1 script -qec "\"$bin\" --highlight \"$t/dirty.txt\"" /dev/null > "$t/tty" 2>&1 || true
	grep -q '\[\[PHONE:(212) 736-5000\]\]' "$t/tty" || fail "NO_COLOR"
	# Check mode finds the same on a terminal as in a pipe: a terminal
	# makes scrubbing line-buffered, which would leave the first Grace
	# (identified on the next line) out, but check mode writes no text.
	printf 'Grace came by.\nmy daughter Grace is well\n' > "$t/grace.txt"
	run --check "$t/grace.txt"
	[ "$(wc -l < "$t/err")" -eq 2 ] || fail "grace: two findings expected"
	script -qec "\"$bin\" --check \"$t/grace.txt\"" /dev/null 2>&1 | tr -d '\r' > "$t/tty" || true
	cmp -s "$t/err" "$t/tty" || fail "check mode differs on a terminal"
fi

# --stats: counts per category and rule, the version and the rule-set
# digest, on stderr at the end; the same digest on every run.
run --stats "$t/dirty.txt"
[ $rc -eq 0 ] || fail "--stats: status $rc"
grep -q '\[PHONE\]' "$t/out" || fail "--stats: no text"
grep -qx 'phiscrub: stats: version [0-9.]*' "$t/err" || fail "stats: version"
grep -Eqx 'phiscrub: stats: ruleset [0-9a-f]{64}' "$t/err" || fail "stats: digest"
grep -qx 'phiscrub: stats: documents 1' "$t/err" || fail "stats: documents"
grep -qx "phiscrub: stats: bytes $(wc -c < "$t/dirty.txt" | tr -d ' ')" "$t/err" || fail "stats: bytes"
grep -qx 'phiscrub: stats: findings 2' "$t/err" || fail "stats: findings"
grep -qx 'phiscrub: stats: category PHONE 1' "$t/err" || fail "stats: PHONE"
grep -qx 'phiscrub: stats: category EMAIL 1' "$t/err" || fail "stats: EMAIL"
grep -qx 'phiscrub: stats: category NAME 0' "$t/err" || fail "stats: NAME"
grep -qx 'phiscrub: stats: rule phone.nanp PHONE 1' "$t/err" || fail "stats: rule"
grep -qx 'phiscrub: stats: rule email EMAIL 1' "$t/err" || fail "stats: rule email"
digest=$(sed -n 's/^phiscrub: stats: ruleset //p' "$t/err")
run --check --stats --quiet "$t/clean.txt"
[ $rc -eq 0 ] || fail "--stats --check clean: status $rc"
grep -qx "phiscrub: stats: ruleset $digest" "$t/err" || fail "stats: digest changed"
grep -qx 'phiscrub: stats: findings 0' "$t/err" || fail "stats: clean findings"
printf 'phiscrub: 1\nname: extra\nrules:\n  - id: x.test\n    category: ID\n    pattern: "XQ[0-9]{4}"\n' > "$t/extra.yaml"
run --check --stats -q -p "$t/extra.yaml" "$t/clean.txt"
! grep -qx "phiscrub: stats: ruleset $digest" "$t/err" || fail "stats: digest ignores a pattern set"

# ---- Baseline ------------------------------------------------------------
bl=$t/baseline
# A missing baseline accepts nothing (and is not created).
run --check --baseline "$bl" "$t/dirty.txt"
[ $rc -eq 1 ] && [ "$(wc -l < "$t/err")" -eq 2 ] || fail "missing baseline: status $rc"
[ ! -e "$bl" ] || fail "baseline created without --update-baseline"
# An unreadable one is an error.
run --check --baseline "$t" "$t/dirty.txt"
[ $rc -eq 3 ] || fail "baseline is a directory: status $rc"
# --update-baseline records the findings (as hashes) and accepts them.
run --check --baseline "$bl" --update-baseline "$t/dirty.txt"
[ $rc -eq 0 ] || { cat "$t/err" >&2; fail "update-baseline: status $rc"; }
[ -f "$bl" ] || fail "no baseline written"
case $(ls -l "$bl") in -rw-------*) ;; *) fail "baseline mode is not 0600" ;; esac
# (whole values: the salt and hashes are hex and may hold any digits)
! grep -q '736-5000\|jane\|example' "$bl" || fail "PHI in the baseline"
[ "$(grep -c '^[0-9a-f]\{32\} ' "$bl")" -eq 2 ] || fail "baseline entries"
ls "$t" | grep -q '^baseline\.' && fail "temporary baseline file left"
# Reviewed findings no longer fail the check...
run --check --baseline "$bl" "$t/dirty.txt"
[ $rc -eq 0 ] && [ ! -s "$t/err" ] || fail "reviewed findings still fail"
# ...also after other lines moved them, or case and spacing changed...
{ printf 'A new first line.\n'; sed 's/call (212)/CALL  (212)/' "$t/dirty.txt"; } > "$t/moved.txt"
run --check --baseline "$bl" "$t/moved.txt"
[ $rc -eq 0 ] || { cat "$t/err" >&2; fail "moved findings fail"; }
# ...but a new finding does, and only it is listed.
{ cat "$t/dirty.txt"; printf 'or call (617) 253-1000 later\n'; } > "$t/more.txt"
run --check --baseline "$bl" "$t/more.txt"
[ $rc -eq 1 ] || fail "new finding: status $rc"
printf '%s\n' "$t/more.txt:4:9: PHONE (phone.nanp)" | cmp -s - "$t/err" ||
	{ cat "$t/err" >&2; fail "new finding: list"; }
# The same number in other words is a different finding (the context is
# part of the hash).
printf 'my number is (212) 736-5000\n' > "$t/other.txt"
run --check --baseline "$bl" "$t/other.txt"
[ $rc -eq 1 ] || fail "same value, new context: status $rc"
# Updating adds to the baseline and keeps its salt.
salt=$(grep '^salt ' "$bl")
run --check --baseline "$bl" --update-baseline "$t/more.txt"
[ $rc -eq 0 ] || fail "second update: status $rc"
[ "$(grep -c '^[0-9a-f]\{32\} ' "$bl")" -eq 3 ] || fail "baseline not extended"
grep -qx "$salt" "$bl" || fail "salt changed"
run --check --baseline "$bl" "$t/more.txt"
[ $rc -eq 0 ] || fail "after second update: status $rc"
! grep -q '253-1000\|736-5000\|jane' "$bl" || fail "PHI in the updated baseline"
# --stats counts what is new.
run --check --stats --baseline "$bl" "$t/other.txt"
grep -qx 'phiscrub: stats: new 1' "$t/err" || fail "stats: new"
# Another baseline (another salt) hashes the same finding differently.
run --check -q --baseline "$t/bl2" --update-baseline "$t/dirty.txt"
[ "$(grep '^[0-9a-f]\{32\} ' "$t/bl2" | cut -c1-32 | sort)" != \
  "$(grep '^[0-9a-f]\{32\} ' "$bl" | cut -c1-32 | sort | head -2)" ] || fail "unsalted hashes"
# A damaged baseline is refused (2), not ignored.
printf 'not a baseline\n' > "$t/bad-bl"
run --check --baseline "$t/bad-bl" "$t/clean.txt"
[ $rc -eq 2 ] || fail "bad baseline: status $rc"
sed 's/^salt .*/salt 1234/' "$bl" > "$t/bad-bl"
run --check --baseline "$t/bad-bl" "$t/clean.txt"
[ $rc -eq 2 ] || fail "bad salt: status $rc"
{ cat "$bl"; printf 'zzzz\n'; } > "$t/bad-bl"
run --check --baseline "$t/bad-bl" "$t/clean.txt"
[ $rc -eq 2 ] && grep -q "bad-bl:$(($(wc -l < "$bl") + 1)):" "$t/err" || fail "bad entry: status $rc"
run --update-baseline "$t/clean.txt"
[ $rc -eq 2 ] || fail "--update-baseline without --baseline: status $rc"
exit 0
