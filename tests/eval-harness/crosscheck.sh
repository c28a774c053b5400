#!/bin/sh
# make eval-crosscheck: recall and precision of `phiscrub --evaluate` (findings
# against gold spans) side by side with tests/eval/wordiff_recall.py (the
# independent check: diffs input and output at word level, as FORMAT.md's
# reference scorer does).  Usage: crosscheck.sh PHISCRUB GOLD.jsonl [PYTHON]
#
# Small differences are expected where difflib aligns a redacted word with an
# equal word elsewhere in the output (wordiff counts it kept), or where the
# replacement tag equals the original word ("NAME" -> "[NAME]").
set -eu
bin=$1
gold=$2
py=${3:-python3}
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$bin" --evaluate "$gold" >"$tmp/ev"
"$py" "$top/tests/eval/wordiff_recall.py" --quiet "$gold" -- "$bin" >"$tmp/wd"

awk -v gold="$gold" '
FNR == 1 { part++; sec = 0 }
# phiscrub --evaluate: the recall table, then the summary table.
part == 1 && /^Recall per category/ { sec = 1; getline; next }
part == 1 && /^Summary/ { sec = 2; getline; next }
part == 1 && /^$/ { sec = 0 }
part == 1 && sec == 1 {
	c = $(NF - 6); tok[c] = $(NF - 5); etr[c] = $(NF - 3); spans[c] = $(NF - 2)
	eer[c] = $NF; order[++n] = c
}
part == 1 && sec == 2 { eprec = $6; efp = $7 }
# wordiff_recall.py: its table and the precision line.
part == 2 && NF == 5 && $3 ~ /%$/ { wtr[$1] = $3; wer[$1] = $5 }
part == 2 && /^precision docs:/ {
	for (i = 1; i <= NF; i++) {
		if ($i == "precision" && $(i + 1) ~ /%,$/) { wprec = $(i + 1); sub(/,$/, "", wprec) }
		if ($i == "positives") wfp = $(i + 1)
	}
}
END {
	printf "Cross-check on %s: token recall, entity recall and precision\n", gold
	printf "%-9s %8s %10s %9s %7s %10s %9s\n", "category", "tokens", "--evaluate",
	    "wordiff", "spans", "--evaluate", "wordiff"
	for (i = 1; i <= n; i++) {
		c = order[i]
		printf "%-9s %8s %10s %9s %7s %10s %9s\n", c, tok[c], etr[c],
		    (c in wtr) ? wtr[c] : "-", spans[c], eer[c], (c in wer) ? wer[c] : "-"
	}
	printf "%-9s %8s %10s %9s\n", "precision", "", eprec, wprec
	printf "%-9s %8s %10s %9s\n", "fp/1k", "", efp, wfp
}' "$tmp/ev" "$tmp/wd"
