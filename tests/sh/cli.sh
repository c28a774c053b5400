# Command-line manners: --help, --version, --list-rules, usage errors.
set -eu
bin=$PHISCRUB
"$bin" --help | grep -q '^usage: phiscrub \[OPTION\]... \[FILE\]...'
"$bin" --version | grep -Eq '^phiscrub [0-9]+\.[0-9]+\.[0-9]+$'
"$bin" --list-rules | grep -q '^email	EMAIL	pattern	<builtin>/contact.yaml:[0-9]*$'
[ "$("$bin" --no-default-patterns --list-rules | wc -l)" -eq 0 ]
set +e
"$bin" --no-such-option </dev/null >/dev/null 2>&1; [ $? -eq 2 ] || exit 1
"$bin" --replace NAME=blur </dev/null >/dev/null 2>&1; [ $? -eq 2 ] || exit 1
set -e
echo "Email jane.doe@example.org or call (508) 555-0143, SSN 412-68-3390" | "$bin" |
	grep -qx 'Email \[EMAIL\] or call \[PHONE\], SSN \[ID\]'
echo "call Derek at 508-555-0143 and Derek again" | "$bin" --replace NAME=numbered,PHONE=mask |
	grep -qx 'call \[NAME-1\] at XXX-XXX-XXXX and \[NAME-1\] again'
