# samples/hooks (issue 6): the git pre-commit hook refuses a commit of a
# staged text file with PHI and accepts a clean one; the pre-publish
# script's exit codes.
set -eu
bin=$PHISCRUB
t=$TMPDIR/hooks.$$
mkdir -p "$t"
hooks=$TOP/samples/hooks
# Both scripts find phiscrub through $PHISCRUB.
export PHISCRUB

fail() {
	printf 'hooks.sh: %s\n' "$1" >&2
	exit 1
}

# ---- pre-publish -----------------------------------------------------------
pp=$hooks/pre-publish
run_pp() {
	set +e
	"$@" >"$t/out" 2>"$t/err"
	rc=$?
	set -e
}
printf 'Thank you all for the kind words.\n' > "$t/clean.txt"
printf 'Thanks! Call me at (212) 736-5000 any time.\n' > "$t/dirty.txt"

run_pp sh "$pp" < "$t/clean.txt"
[ $rc -eq 0 ] && [ ! -s "$t/err" ] && [ ! -s "$t/out" ] || fail "pre-publish clean: status $rc"
run_pp sh "$pp" < "$t/dirty.txt"
[ $rc -eq 1 ] || fail "pre-publish dirty: status $rc"
grep -qx 'post:1:20: PHONE (phone.nanp)' "$t/err" || { cat "$t/err" >&2; fail "pre-publish: list"; }
! grep -q '736' "$t/err" "$t/out" || fail "pre-publish printed the number"
run_pp sh "$pp" "$t/dirty.txt"
[ $rc -eq 1 ] || fail "pre-publish file: status $rc"
grep -q "dirty.txt:1:20: PHONE" "$t/err" || fail "pre-publish file: list"
run_pp sh "$pp" "$t/clean.txt"
[ $rc -eq 0 ] || fail "pre-publish clean file: status $rc"
# Anything that stops the check stops the publication (fail closed).
run_pp sh "$pp" "$t/missing.txt"
[ $rc -eq 3 ] || fail "pre-publish missing file: status $rc"
run_pp sh "$pp" a b
[ $rc -eq 2 ] || fail "pre-publish two files: status $rc"
run_pp env PHISCRUB="$t/no-such-phiscrub" sh "$pp" < "$t/clean.txt"
[ $rc -ge 2 ] || fail "pre-publish without phiscrub: status $rc"
# A reviewed post passes with its baseline.
"$bin" --check --baseline "$t/bl" --update-baseline -q < "$t/dirty.txt"
run_pp sh "$pp" --baseline "$t/bl" < "$t/dirty.txt"
[ $rc -eq 0 ] || fail "pre-publish with baseline: status $rc"

# ---- git pre-commit --------------------------------------------------------
if ! command -v git >/dev/null 2>&1; then
	echo "hooks.sh: git not found, pre-commit hook not tested"
	exit 0
fi
repo=$t/repo
git init -q "$repo"
cd "$repo"
git config user.email test@example.invalid
git config user.name Test
git config commit.gpgsign false
cp "$hooks/pre-commit" .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
commits() { git rev-list --count HEAD 2>/dev/null || echo 0; }
commit() {
	set +e
	git commit -q -m "$1" >"$t/out" 2>"$t/err"
	rc=$?
	set -e
}

# A clean text file is committed.
printf '# Notes\n\nThe meeting went well.\n' > notes.md
git add notes.md
commit clean
[ $rc -eq 0 ] && [ "$(commits)" -eq 1 ] || { cat "$t/err" >&2; fail "clean commit refused"; }

# A phone number in a staged .md file: refused, listed without the number.
printf 'Call me at (212) 736-5000.\n' > "post one.md"
git add "post one.md"
commit dirty
[ $rc -ne 0 ] && [ "$(commits)" -eq 1 ] || fail "commit with a phone number accepted"
grep -qx 'post one.md:1:12: PHONE (phone.nanp)' "$t/err" || { cat "$t/err" >&2; fail "hook: list"; }
grep -q 'commit refused' "$t/err" || fail "hook: message"
! grep -q '736' "$t/err" "$t/out" || fail "hook printed the number"

# What counts is the index: fixing the work tree without git add does not
# help, adding the fix does.
printf 'Call me.\n' > "post one.md"
commit "fixed but not added"
[ $rc -ne 0 ] && [ "$(commits)" -eq 1 ] || fail "unstaged fix accepted"
git add "post one.md"
commit "fixed"
[ $rc -eq 0 ] && [ "$(commits)" -eq 2 ] || { cat "$t/err" >&2; fail "staged fix refused"; }

# Files of other extensions are not checked (phiscrub.extensions).
printf 'int phone = 2127365000; /* (212) 736-5000 */\n' > code.c
git add code.c
commit code
[ $rc -eq 0 ] && [ "$(commits)" -eq 3 ] || fail "a .c file was checked"
git config phiscrub.extensions "c md"
printf '/* (212) 736-5000 */\n' >> code.c
git add code.c
commit "code again"
[ $rc -ne 0 ] && [ "$(commits)" -eq 3 ] || fail "phiscrub.extensions ignored"
git reset -q code.c
git checkout -q code.c
git config --unset phiscrub.extensions

# A reviewed finding in the baseline is accepted, a new one is not.
printf 'Our clinic: (212) 736-5000.\n' > clinic.txt
"$bin" --check -q --baseline .phiscrub-baseline --update-baseline --label clinic.txt < clinic.txt
git add clinic.txt
commit "reviewed"
[ $rc -eq 0 ] && [ "$(commits)" -eq 4 ] || { cat "$t/err" >&2; fail "baselined finding refused"; }
printf 'mail jane.doe@example.org\n' >> clinic.txt
git add clinic.txt
commit "new finding"
[ $rc -ne 0 ] && [ "$(commits)" -eq 4 ] || fail "new finding accepted with a baseline"
grep -qx 'clinic.txt:2:6: EMAIL (email)' "$t/err" || { cat "$t/err" >&2; fail "baseline: list"; }
! grep -q 'PHONE' "$t/err" || fail "baseline: reviewed finding listed"
git reset -q clinic.txt

# phiscrub missing: refused, not waved through.
printf 'Fine text.\n' > more.txt
git add more.txt
git config phiscrub.program "$t/no-such-phiscrub"
commit "no phiscrub"
[ $rc -ne 0 ] && [ "$(commits)" -eq 4 ] || fail "commit accepted without phiscrub"
git config --unset phiscrub.program
commit "with phiscrub"
[ $rc -eq 0 ] && [ "$(commits)" -eq 5 ] || { cat "$t/err" >&2; fail "clean commit refused"; }
exit 0
