#!/usr/bin/env python3
"""skeleton.py: what must not change when phiscrub scrubs an archive.

    skeleton.py jsonl PATH[,PATH...] FILE
    skeleton.py csv COL[,COL...] FILE       (0-based column numbers)

prints FILE with the chosen values blanked out (each replaced by one
placeholder), byte for byte otherwise: every other value, key, number,
escape, space, quote and line end stays as it is.  tests/sh/archive.sh
compares the skeleton of an input with that of phiscrub's output, so any
change outside the chosen fields shows.  The positions are found by a
small tokenizer of its own (json.decoder.scanstring for JSON strings), not
by phiscrub's code.  A JSON path that reaches an object or an array takes
every string inside it, as phiscrub's --field does.
"""
import json
import sys
from json.decoder import scanstring

HOLE = "\x00"
WS = " \t\n\r"


def matches(path, patterns):
    for pat in patterns:
        if len(path) < len(pat):
            continue
        if all(p == "*" or p == str(k) for p, k in zip(pat, path)):
            return True
    return False


def walk(s, i, path, patterns, out):
    while s[i] in WS:
        i += 1
    c = s[i]
    if c in "{[":
        close = "}" if c == "{" else "]"
        i += 1
        index = 0
        while s[i] in WS:
            i += 1
        if s[i] == close:
            return i + 1
        while True:
            while s[i] in WS:
                i += 1
            if c == "{":
                key, i = scanstring(s, i + 1)
                while s[i] in WS:
                    i += 1
                i += 1  # ':'
            else:
                key = index
                index += 1
            i = walk(s, i, path + [key], patterns, out)
            while s[i] in WS:
                i += 1
            if s[i] == ",":
                i += 1
                continue
            return i + 1
    if c == '"':
        _, j = scanstring(s, i + 1)
        if matches(path, patterns):
            out.append((i, j))
        return j
    _, j = json.JSONDecoder().raw_decode(s, i)
    return j


def blank(s, spans):
    for a, b in sorted(spans, reverse=True):
        s = s[:a] + HOLE + s[b:]
    return s


def jsonl(patterns, text):
    pats = [p.split(".") for p in patterns]
    lines = text.split("\n")
    res = []
    for line in lines:
        spans = []
        if line.strip():
            walk(line, 0, [], pats, spans)
        res.append(blank(line, spans))
    return "\n".join(res)


def csv(cols, text):
    spans = []
    i, n, rec, col = 0, len(text), 0, 0
    while i < n:
        start = i
        if text[i] == '"':
            i += 1
            while True:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
        else:
            while i < n and text[i] not in ",\r\n":
                i += 1
        if rec > 0 and col in cols:
            spans.append((start, i))
        if i < n and text[i] == ",":
            i += 1
            col += 1
            continue
        rec += 1
        col = 0
        if i < n and text[i] == "\r":
            i += 1
        if i < n and text[i] == "\n":
            i += 1
    return blank(text, spans)


def main():
    kind, what, path = sys.argv[1:4]
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if kind == "jsonl":
        out = jsonl(what.split(","), text)
    else:
        out = csv({int(c) for c in what.split(",")}, text)
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
