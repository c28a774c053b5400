#!/bin/sh
# Writes samples/forum-post.txt under each replacement operator (issue 5):
# forum-post.OPERATOR.txt, every category with that operator (shift: the
# dates only; the other categories keep their tags), keyed with demo.key,
# a demo key that is not a secret, so that the keyed operators give the
# same output on every machine.
#   samples/operators/regen.sh [OUTDIR]    (default: this directory)
# The phiscrub binary is $PHISCRUB, or ./phiscrub at the top of the tree.
# Run it again when the pattern sets, word lists or operators change;
# tests/sh/replace.sh checks that these files are up to date.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${PHISCRUB:-$top/phiscrub}
out=${1:-$here}
# git keeps no file modes but x, and phiscrub refuses a key file that
# others may read: use a private copy.
key=$(mktemp)
trap 'rm -f "$key"' EXIT INT TERM
cp "$here/demo.key" "$key"
chmod 600 "$key"
all="NAME DATE AGE LOCATION PHONE EMAIL URL HANDLE ID"
mkdir -p "$out"
for op in tag numbered mask pseudonym surrogate shift generalize keep; do
	if [ "$op" = shift ]; then
		spec=DATE=shift
	else
		spec=
		for cat in $all; do
			spec="$spec${spec:+,}$cat=$op"
		done
	fi
	# From samples/, so that the document name (which keys the date
	# offset) is "forum-post.txt" wherever the tree is.
	(cd "$top/samples" && "$bin" --key-file "$key" --replace "$spec" \
	    forum-post.txt) >"$out/forum-post.$op.txt"
done
