#!/usr/bin/env python3
"""Independent token-level recall/precision check for phiscrub (reference scorer of FORMAT.md).

Usage: python3 tests/eval/wordiff_recall.py [options] FILE.jsonl [FILE2.jsonl ...] -- CMD [ARGS...]

For every document the command gets the document's text on stdin and must write the redacted
text to stdout. Original and output are split into word tokens (regex \\w+, Unicode) and aligned
with difflib.SequenceMatcher(autojunk=False); a token not carried over unchanged counts as
redacted. A token overlapping a gold span is a gold token of that span's category (only spans
whose category is in the document's "scored" list count for recall).

Reports: token recall per category and overall, entity recall (spans all of whose tokens were
redacted), and, over documents with "precision": true, token precision and false positives per
1,000 tokens.

Options:
  -j N, --jobs N      run N commands in parallel (default: number of CPUs, at most 8)
  --misses [N]        list up to N (default 50) missed gold spans (id, category, surface)
  --fps [N]           list up to N (default 50) redacted non-gold tokens in precision docs
  --quiet             only the summary table
Exit status: 0 on success, 2 on usage error or when the command fails.
"""
import concurrent.futures
import difflib
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

TOKEN_RE = re.compile(r"\w+")
CATEGORIES = ["NAME", "DATE", "AGE", "LOCATION", "PHONE", "EMAIL", "URL", "HANDLE", "ID"]


def usage(msg=None):
    if msg:
        sys.stderr.write("wordiff_recall: %s\n" % msg)
    sys.stderr.write(__doc__)
    sys.exit(2)


def parse_args(argv):
    if "--" not in argv:
        usage("missing '--' before the command")
    i = argv.index("--")
    opts, cmd = argv[:i], argv[i + 1:]
    if not cmd:
        usage("no command after '--'")
    files, jobs, misses, fps, quiet = [], min(8, os.cpu_count() or 1), 0, 0, False
    k = 0
    while k < len(opts):
        a = opts[k]
        if a in ("-j", "--jobs"):
            k += 1
            jobs = int(opts[k])
        elif a in ("--misses", "--fps"):
            n = 50
            if k + 1 < len(opts) and opts[k + 1].isdigit():
                k += 1
                n = int(opts[k])
            if a == "--misses":
                misses = n
            else:
                fps = n
        elif a == "--quiet":
            quiet = True
        elif a in ("-h", "--help"):
            usage()
        elif a.startswith("-"):
            usage("unknown option %s" % a)
        else:
            files.append(a)
        k += 1
    if not files:
        usage("no JSONL file given")
    return files, cmd, max(1, jobs), misses, fps, quiet


def load(files):
    docs = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                d = json.loads(line)
                d["_where"] = "%s:%d" % (f, n)
                docs.append(d)
    return docs


def run_cmd(cmd, text):
    p = subprocess.run(cmd, input=text.encode("utf-8"), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("command exited %d: %s" % (p.returncode,
                                                       p.stderr.decode("utf-8", "replace")[-500:]))
    return p.stdout.decode("utf-8", "replace")


def redacted_flags(orig_tokens, out_tokens):
    sm = difflib.SequenceMatcher(None, orig_tokens, out_tokens, autojunk=False)
    kept = [False] * len(orig_tokens)
    for a, _b, size in sm.get_matching_blocks():
        for i in range(a, a + size):
            kept[i] = True
    return [not k for k in kept]


def score_doc(doc, output):
    text = doc["text"]
    toks = [(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]
    red = redacted_flags([t[2] for t in toks], TOKEN_RE.findall(output))
    scored = set(doc.get("scored", CATEGORIES))
    spans = doc.get("spans", [])
    # token index -> set of categories (all spans) / scored categories
    tok_cats = [set() for _ in toks]
    span_toks = []
    for s in spans:
        idx = []
        for j in range(len(toks)):
            ts, te, _ = toks[j]
            if ts < s["end"] and te > s["start"]:
                idx.append(j)
                tok_cats[j].add(s["category"])
        span_toks.append(idx)
    return toks, red, tok_cats, span_toks, scored


def main(argv):
    files, cmd, jobs, nmiss, nfp, quiet = parse_args(argv)
    docs = load(files)
    outputs = [None] * len(docs)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            futs = {ex.submit(run_cmd, cmd, d["text"]): i for i, d in enumerate(docs)}
            for f in concurrent.futures.as_completed(futs):
                outputs[futs[f]] = f.result()
    except (OSError, RuntimeError) as e:
        sys.stderr.write("wordiff_recall: %s\n" % e)
        return 2

    tok_gold = defaultdict(int)     # category -> gold tokens
    tok_hit = defaultdict(int)      # category -> redacted gold tokens
    all_gold = all_hit = 0
    ent = defaultdict(int)
    ent_hit = defaultdict(int)
    p_red = p_red_gold = p_tokens = 0
    p_docs = 0
    miss_list, fp_list = [], []
    for d, out in zip(docs, outputs):
        toks, red, tok_cats, span_toks, scored = score_doc(d, out)
        text = d["text"]
        for j, cats in enumerate(tok_cats):
            sc = cats & scored
            for c in sc:
                tok_gold[c] += 1
                tok_hit[c] += red[j]
            if sc:
                all_gold += 1
                all_hit += red[j]
        for s, idx in zip(d.get("spans", []), span_toks):
            c = s["category"]
            if c not in scored or not idx:
                continue
            ent[c] += 1
            if all(red[j] for j in idx):
                ent_hit[c] += 1
            elif len(miss_list) < nmiss:
                kept = " ".join(toks[j][2] for j in idx if not red[j])
                miss_list.append("%s\t%s\t%r\tkept: %s" % (d["id"], c, text[s["start"]:s["end"]], kept))
        if d.get("precision"):
            p_docs += 1
            p_tokens += len(toks)
            for j in range(len(toks)):
                if red[j]:
                    p_red += 1
                    if tok_cats[j]:
                        p_red_gold += 1
                    elif len(fp_list) < nfp:
                        a, b = toks[j][0], toks[j][1]
                        fp_list.append("%s\t%r\tin: %r" % (d["id"], toks[j][2],
                                                            text[max(0, a - 25):b + 25]))

    pct = lambda a, b: ("%6.2f%%" % (100.0 * a / b)) if b else "     - "
    w = sys.stdout.write
    w("wordiff_recall: %d documents from %s, command: %s\n" % (len(docs), ", ".join(files), " ".join(cmd)))
    w("%-9s %8s %9s %8s %9s\n" % ("category", "tokens", "tok.rec", "spans", "ent.rec"))
    for c in CATEGORIES:
        if tok_gold[c] or ent[c]:
            w("%-9s %8d %9s %8d %9s\n" % (c, tok_gold[c], pct(tok_hit[c], tok_gold[c]),
                                          ent[c], pct(ent_hit[c], ent[c])))
    te, th = sum(ent.values()), sum(ent_hit.values())
    w("%-9s %8d %9s %8d %9s\n" % ("ALL", all_gold, pct(all_hit, all_gold), te, pct(th, te)))
    if p_docs:
        w("precision docs: %d, tokens %d, redacted %d, token precision %s, false positives %.2f per 1,000 tokens\n"
          % (p_docs, p_tokens, p_red, pct(p_red_gold, p_red).strip(),
             1000.0 * (p_red - p_red_gold) / p_tokens if p_tokens else 0.0))
    else:
        w("precision docs: 0 (no token precision)\n")
    if miss_list and not quiet:
        w("\nmissed spans (first %d):\n" % len(miss_list) + "\n".join(miss_list) + "\n")
    if fp_list and not quiet:
        w("\nfalse-positive tokens (first %d):\n" % len(fp_list) + "\n".join(fp_list) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
