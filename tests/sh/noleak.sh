# No PHI in messages or reports (issue 8, docs/hardening.md; house style
# R12).  The input is full of known PHI strings; every message path that can
# be reached is run on it, and stderr and every report file are searched
# for each string.  Only options that ask for the text explicitly
# (--findings-include-text, --highlight, --show-misses/--show-false-positives)
# may show it, and they are not run here.  Options another part of the
# program adds later (--check, --stats, --findings, archives) are run when
# --help lists them.
set -eu
bin=$PHISCRUB
t=$TMPDIR/noleak.$$
mkdir -p "$t"
trap 'rm -rf "$t"' EXIT
help=$("$bin" --help)
offers() { printf '%s\n' "$help" | grep -q -e "$1"; }

# The PHI, one string a line; each must never appear in a message.
cat > "$t/phi" <<'EOF'
Zebulon
Quackenbush
Okonkwo-Vasquez
508-555-0143
555-0143
zq1961@example.org
123-45-6789
00482913
03/14/1961
gofundme.com/f/help-zebulon
@zebquack
Tuscaloosa
EOF
cat > "$t/in" <<'EOF'
My husband Zebulon Quackenbush (DOB 03/14/1961) was admitted on March 14th.
Dr. Okonkwo-Vasquez at Tuscaloosa Memorial said call 508-555-0143 any time.
Email zq1961@example.org, SSN 123-45-6789, MRN 00482913, @zebquack on twitter,
and the fundraiser is at https://gofundme.com/f/help-zebulon - thanks, Zebulon
Zebulon Quackenbush Zebulon Quackenbush Zebulon Quackenbush Tuscaloosa, AL
EOF
# Repeat it so that later lines land in later units too.
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$t/in"; done > "$t/in10"
mv "$t/in10" "$t/in"

checked=0
# clean FILE WHAT: no PHI string in FILE.
clean() {
	checked=$((checked + 1))
	if grep -F -f "$t/phi" "$1" > "$t/hits"; then
		echo "PHI in $2:"
		cat "$t/hits"
		exit 1
	fi
}
# run WHAT ARGS...: runs phiscrub on the input, checks stderr; the text
# output is not a message and may be anything.
run() {
	what=$1
	shift
	set +e
	"$@" < "$t/in" > "$t/out" 2> "$t/err"
	set -e
	clean "$t/err" "stderr of $what"
}

# A plain run must redact every one of them (else the test proves nothing).
"$bin" < "$t/in" > "$t/out"
clean "$t/out" "the redacted output"
[ "$(grep -c . "$t/phi")" -eq 12 ]
grep -q 'Zebulon' "$t/in"

# Pattern-set errors, with the input waiting on stdin.
for set in "$TOP"/tests/config/*.yaml; do
	run "$(basename "$set")" sh -c 'cd "$1" && "$2" -p "$3"' sh \
	    "$TOP/tests/config" "$bin" "$(basename "$set")"
done
# Usage errors.
run "a bad option" "$bin" --no-such-option
run "a bad --unit-size" "$bin" --unit-size=12

# A regex that hits its match limit while scanning PHI.
printf 'phiscrub: 1\nrules:\n  - id: evil\n    category: ID\n    pattern: "(\\\\w+\\\\s?)+$"\n' > "$t/evil.yaml"
run "the match limit" "$bin" -p "$t/evil.yaml"
grep -q 'match limit' "$t/err" || { echo "no match-limit error"; cat "$t/err"; exit 1; }
[ ! -s "$t/out" ]
run "the match limit, line-buffered" "$bin" -p "$t/evil.yaml" --line-buffered
grep -q 'match limit' "$t/err"

# I/O errors: a full disk, a missing file, a read error, a write error.
if [ -w /dev/full ]; then
	set +e
	"$bin" < "$t/in" > /dev/full 2> "$t/err"
	set -e
	grep -q 'write error' "$t/err"
	clean "$t/err" "stderr of a write to /dev/full"
fi
run "a missing file" "$bin" "$t/no-such-file"
cc=${CC:-cc}
command -v "$cc" > /dev/null || cc=gcc
if "$cc" -shared -fPIC -o "$t/inject.so" "$TOP/tests/fault/inject.c" -ldl 2> /dev/null; then
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	export ASAN_OPTIONS
	run "a read error" env LD_PRELOAD="$t/inject.so" INJECT_READ_FAIL_AFTER=300 "$bin"
	grep -q 'read error' "$t/err"
	run "a write error" env LD_PRELOAD="$t/inject.so" INJECT_WRITE_FAIL_AFTER=10 "$bin" --line-buffered
	grep -q 'write error' "$t/err"
	clean "$t/out" "the output cut by a write error"
fi

# Listings.
run "--list-rules" "$bin" --list-rules
clean "$t/out" "--list-rules"
run "--version" "$bin" --version

# Reports, when this build has them.
if offers '--check'; then
	run "--check" "$bin" --check
	clean "$t/out" "stdout of --check"
fi
if offers '--stats'; then
	run "--stats" "$bin" --stats
fi
if offers '--findings='; then
	run "--findings" "$bin" --findings="$t/findings.jsonl"
	clean "$t/findings.jsonl" "the findings file"
	[ -s "$t/findings.jsonl" ]
	perm=$(stat -c %a "$t/findings.jsonl")
	[ "$perm" = 600 ] || { echo "findings file mode $perm, want 600"; exit 1; }
	run "--findings=-" "$bin" --findings=-
	if offers '--format-findings'; then
		run "--findings SARIF" "$bin" --findings="$t/findings.sarif" --format-findings=sarif
		clean "$t/findings.sarif" "the SARIF findings file"
	fi
	if offers '--baseline'; then
		run "--update-baseline" "$bin" --check --baseline="$t/base" --update-baseline
		[ -s "$t/base" ] && clean "$t/base" "the baseline file"
	fi
fi
if offers '--evaluate'; then
	printf '{"id": "doc-1", "text": "My husband Zebulon Quackenbush, call 508-555-0143 or zq1961@example.org", "spans": [{"start": 11, "end": 30, "category": "NAME"}, {"start": 37, "end": 49, "category": "PHONE"}]}\n' > "$t/gold.jsonl"
	run "--evaluate" "$bin" --evaluate "$t/gold.jsonl"
	clean "$t/out" "the --evaluate report"
	run "--evaluate json" "$bin" --evaluate --evaluate-format=json "$t/gold.jsonl"
	clean "$t/out" "the --evaluate json report"
	printf '{"id": "doc-2", "text": "Zebulon Quackenbush 508-555-0143", "spans": [{"start": 0, "end": 9' > "$t/badgold.jsonl"
	run "a bad gold file" "$bin" --evaluate "$t/badgold.jsonl"
fi
if offers '--skip-bad-records'; then
	# A malformed record and a bad field in an archive.
	printf '{"body": "Zebulon Quackenbush 508-555-0143"}\n{"body": "Zebulon Quackenbush 508-555-0143\n{"body": "zq1961@example.org", "x": Tuscaloosa}\n{"Zebulon Quackenbush": 1,}\n' > "$t/bad.jsonl"
	printf 'id,body\n1,"Zebulon Quackenbush 508-555-0143\n2,"zq1961@example.org""x\n' > "$t/bad.csv"
	for f in bad.jsonl bad.csv; do
		for opts in "--format=${f#bad.}" "--format=${f#bad.} --field=body" \
		    "--format=${f#bad.} --field=body --skip-bad-records" \
		    "--format=${f#bad.} --field=body --max-record=20" \
		    "--format=${f#bad.} --field=nosuchfield"; do
			# shellcheck disable=SC2086
			run "archive $f $opts" "$bin" $opts "$t/$f"
			[ -s "$t/err" ] || { echo "no message for $f $opts"; exit 1; }
		done
	done
fi
[ "$checked" -ge 30 ] || { echo "only $checked checks ran"; exit 1; }
