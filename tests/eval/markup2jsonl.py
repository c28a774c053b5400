#!/usr/bin/env python3
"""Convert phiscrub inline-markup eval sources to JSON Lines (see /work/shared/eval/FORMAT.md).

Markup:
  * posts are separated by a line consisting of exactly '==='
  * optional first line of a post: '#id: some-id' (otherwise id = <file-stem>-<index>)
  * PHI is written inline as [[CATEGORY:surface text]]

Usage: python3 tests/eval/markup2jsonl.py tests/eval/src/dev > tests/eval/dev.jsonl
       (a directory: every *.txt in it, sorted; or one or more .txt files)
Counts go to stderr. Exit status 1 with file:line on malformed markup.
"""
import json
import os
import re
import sys
from collections import Counter

CATEGORIES = ["NAME", "DATE", "AGE", "LOCATION", "PHONE", "EMAIL", "URL", "HANDLE", "ID"]
ID_RE = re.compile(r"^#id:\s*(\S+)\s*$")


class MarkupError(Exception):
    pass


def fail(path, line, msg):
    raise MarkupError("%s:%d: %s" % (path, line, msg))


def split_posts(path, raw):
    """Yield (first_line_number, [lines]) for each post."""
    lines = raw.split("\n")
    cur, start = [], 1
    for i, line in enumerate(lines, 1):
        if line.rstrip("\r") == "===":
            yield start, cur
            cur, start = [], i + 1
        else:
            cur.append(line.rstrip("\r"))
    yield start, cur


def parse_post(path, first_line, lines):
    """Return (id or None, text, spans) or None for an empty post."""
    # drop leading/trailing blank lines
    while lines and not lines[0].strip():
        lines = lines[1:]
        first_line += 1
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if not lines:
        return None
    pid = None
    m = ID_RE.match(lines[0])
    if lines[0].startswith("#id:"):
        if not m:
            fail(path, first_line, "malformed id line %r" % lines[0])
        pid = m.group(1)
        lines = lines[1:]
        first_line += 1
        while lines and not lines[0].strip():
            lines = lines[1:]
            first_line += 1
        if not lines:
            fail(path, first_line, "post %s has no text" % pid)
    src = "\n".join(lines)
    out = []          # pieces of output text
    outlen = 0        # code points emitted so far
    spans = []
    pos = 0
    line_of = lambda p: first_line + src.count("\n", 0, p)
    while True:
        o = src.find("[[", pos)
        c = src.find("]]", pos)
        if c != -1 and (o == -1 or c < o):
            fail(path, line_of(c), "']]' without matching '[['")
        if o == -1:
            out.append(src[pos:])
            outlen += len(src) - pos
            break
        out.append(src[pos:o])
        outlen += o - pos
        c = src.find("]]", o + 2)
        o2 = src.find("[[", o + 2)
        if c == -1 or (o2 != -1 and o2 < c):
            fail(path, line_of(o), "'[[' not closed by ']]' (nested or unbalanced markup)")
        inner = src[o + 2:c]
        if ":" not in inner:
            fail(path, line_of(o), "markup without CATEGORY: %r" % inner)
        cat, surface = inner.split(":", 1)
        if cat not in CATEGORIES:
            fail(path, line_of(o), "unknown category %r" % cat)
        if not surface:
            fail(path, line_of(o), "empty span")
        if surface != surface.strip():
            fail(path, line_of(o), "span has leading/trailing whitespace: %r" % surface)
        if "\n" in surface:
            fail(path, line_of(o), "span crosses a line break: %r" % surface)
        if "[" in surface or "]" in surface:
            fail(path, line_of(o), "bracket inside span: %r" % surface)
        spans.append({"start": outlen, "end": outlen + len(surface), "category": cat,
                      "_surface": surface, "_line": line_of(o)})
        out.append(surface)
        outlen += len(surface)
        pos = c + 2
    text = "".join(out)
    assert len(text) == outlen
    prev_end = -1
    for s in spans:
        if text[s["start"]:s["end"]] != s["_surface"]:
            fail(path, s["_line"], "offset mismatch for %r" % s["_surface"])
        if s["start"] < prev_end:
            fail(path, s["_line"], "overlapping spans")
        prev_end = s["end"]
    return pid, text, [{"start": s["start"], "end": s["end"], "category": s["category"]}
                       for s in spans]


def collect(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".txt"))
        else:
            files.append(a)
    return files


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    source = None
    if argv[0].startswith("--source="):
        source = argv[0].split("=", 1)[1]
        argv = argv[1:]
    files = collect(argv)
    if not files:
        sys.stderr.write("markup2jsonl: no .txt files found\n")
        return 1
    if source is None:
        # split name = name of the directory holding the files (dev / test)
        split = os.path.basename(os.path.dirname(os.path.abspath(files[0])))
        source = "phiscrub-" + split
    docs, seen = [], {}
    try:
        for path in files:
            with open(path, encoding="utf-8") as f:
                raw = f.read()
            if "\t" in raw:
                fail(path, raw[:raw.index("\t")].count("\n") + 1, "tab character in source")
            stem = os.path.splitext(os.path.basename(path))[0]
            idx = 0
            for first_line, lines in split_posts(path, raw):
                r = parse_post(path, first_line, lines)
                if r is None:
                    continue
                idx += 1
                pid, text, spans = r
                if pid is None:
                    pid = "%s-%03d" % (stem, idx)
                if pid in seen:
                    fail(path, first_line, "duplicate id %r (first in %s)" % (pid, seen[pid]))
                seen[pid] = "%s:%d" % (path, first_line)
                docs.append({"id": pid, "source": source, "text": text, "spans": spans,
                             "scored": list(CATEGORIES), "precision": True})
    except MarkupError as e:
        sys.stderr.write("markup2jsonl: %s\n" % e)
        return 1
    out = sys.stdout
    for d in docs:
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
    cnt = Counter(s["category"] for d in docs for s in d["spans"])
    total = sum(cnt.values())
    sys.stderr.write("%s: %d posts, %d spans (%s)\n" % (
        source, len(docs), total,
        ", ".join("%s %d" % (c, cnt[c]) for c in CATEGORIES)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
