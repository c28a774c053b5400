#!/usr/bin/env python3
"""Prints floors (tests/eval/floors format) from `phiscrub --evaluate --evaluate-format json`.

  ./phiscrub --evaluate --evaluate-format json tests/eval/*.jsonl ../shared/eval/dev/*.jsonl |
      python3 tests/eval-harness/floors-from-json.py [--margin 0.01]

Each figure is rounded down to 2 decimals, then the margin is taken off (never below 0).  A
maintainer's tool for raising floors: compare its output with tests/eval/floors and raise the
lines that went up; never lower a floor without a note in the file saying why.  `make eval`
itself needs no Python.
"""
import json
import math
import sys


def floor2(v, margin):
    return max(0.0, math.floor(v * 100 + 1e-9) / 100 - margin)


def main(argv):
    margin = 0.01
    if argv[:1] == ["--margin"]:
        margin = float(argv[1])
    d = json.load(sys.stdin)
    for f in d["files"]:
        name = f["name"]
        rows = [(c, v) for c, v in f["categories"].items()] + [("ALL", f["all"])]
        for cat, v in rows:
            for m in ("token_recall", "entity_recall"):
                if v[m] is not None:
                    print("%-31s %-8s %-13s %.2f" % (name, cat, m, floor2(v[m], margin)))
        p = f.get("precision")
        if p:
            for key, m in (("token_precision", "precision"), ("f1", "f1"), ("f2", "f2")):
                if p[key] is not None:
                    print("%-31s %-8s %-13s %.2f" % (name, "ALL", m, floor2(p[key], margin)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
