#!/usr/bin/env python3
"""Prints the README's "Measured detection quality" tables (Markdown) from
`phiscrub --evaluate --evaluate-format json` on standard input.

  ./phiscrub --evaluate --evaluate-format json tests/eval/*.jsonl ../shared/eval/dev/*.jsonl |
      python3 tests/eval-harness/readme-table.py
"""
import json
import sys

CATS = ["NAME", "DATE", "AGE", "LOCATION", "PHONE", "EMAIL", "URL", "HANDLE", "ID"]


def pct(v):
    return "-" if v is None else "%.1f" % (100 * v)


def main():
    d = json.load(sys.stdin)
    rows = d["files"] + ([dict(d["total"], name="all files")] if len(d["files"]) > 1 else [])
    w = sys.stdout.write
    w("| corpus | docs | token recall | entity recall | precision | FP / 1k tokens | F1 | F2 | MB/s |\n")
    w("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
    for f in rows:
        p = f["precision"] or {}
        fp = p.get("fp_per_1k")
        w("| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n" % (
            f["name"], f["documents"], pct(f["all"]["token_recall"]),
            pct(f["all"]["entity_recall"]), pct(p.get("token_precision")),
            "-" if fp is None else "%.1f" % fp, pct(p.get("f1")), pct(p.get("f2")),
            "-" if f["mb_per_s"] is None else "%.1f" % f["mb_per_s"]))
    w("\nToken recall (%) per category (- : no gold spans of that category):\n\n")
    w("| corpus | " + " | ".join(CATS) + " |\n|---|" + "--:|" * len(CATS) + "\n")
    for f in rows:
        w("| %s | %s |\n" % (f["name"], " | ".join(
            pct(f["categories"][c]["token_recall"]) if c in f["categories"] else "-"
            for c in CATS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
