#!/usr/bin/env python3
"""Canary sentences for phiscrub: ordinary patient-post text with inserted names, phones,
e-mails and dates.

  python3 tests/eval/canary.py > canary.jsonl          # 1,000 sentences as JSON Lines (FORMAT.md)
  python3 tests/eval/canary.py --check ./phiscrub [ARGS...]
                                                       # exit 1 if any inserted value survives

Options (before --check):
  -n N            number of sentences (default 1000)
  --seed S        random seed (default 1729); output is deterministic for a given seed and lexicons
  --given FILE    given-name lexicon (default patterns/lexicons/given-names.txt)
  --surnames FILE surname lexicon (default patterns/lexicons/surnames.txt)
  --top-given K, --top-surnames K
                  size of the "common" head of a ranked lexicon (default 1000 / 5000)
  --tail F        fraction of names drawn from the whole list instead of the head (default 0.15)
  --per-doc       with --check: run the command once per sentence (default: once over all
                  sentences joined by a separator line "=====", falling back to per-sentence
                  runs when the output does not split back into one part per sentence)

Lexicons: one entry per line, '#' lines are comments. A lexicon whose header comment mentions an
order/rank ("Order: most ... first", "rank") is treated as ranked: names come from its first K
entries, plus a --tail share from the whole list. An unranked lexicon is sampled uniformly.

--check counts, for every inserted value (given name, surname, phone, e-mail, date), whether it
still occurs verbatim as a whole word in the command's output for that sentence (more often than
it occurs in the template text itself), lists the survivors on stderr and prints
"canary: N inserted values, M survived".
"""
import json
import os
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CATEGORIES = ["NAME", "DATE", "AGE", "LOCATION", "PHONE", "EMAIL", "URL", "HANDLE", "ID"]

# Slots: {NAME} full name, {GIVEN} given name, {SURNAME} surname, {NAME2}/{GIVEN2} a second
# person, {PHONE}, {EMAIL} (of the first person), {DATE}, {DATE2}.
# Templates hold no other PHI: no places, institutions, ages over 89, ids or handles.
TEMPLATES = [
    "My husband {NAME} was diagnosed with Crohn's on {DATE} and starts Humira next week.",
    "Please pray for my mom, {NAME}. Her surgery is {DATE} and she is so scared.",
    "Dr. {SURNAME} changed my levothyroxine to 75mcg at my appointment on {DATE}.",
    "Update: {GIVEN} is home from the hospital! Thank you all for the prayers. - {GIVEN2}",
    "If anyone wants to send a card or talk, call me at {PHONE}. Thanks, {GIVEN}",
    "My GI, Dr. {SURNAME}, says my calprotectin is down to 45 so Stelara is working.",
    "Has anyone else seen Dr. {SURNAME} for migraines? My first visit is {DATE}.",
    "We lost our dad {NAME} on {DATE}. He fought so hard. Rest easy, Dad.",
    "Questions about the support meeting? Email {EMAIL} or text {PHONE}.",
    "my daughter {GIVEN} had her tonsils out on {DATE} and she's eating popsicles like a champ",
    "Thank you to nurse {GIVEN} who stayed with me the whole night after my c-section.",
    "My wife {GIVEN} and I are celebrating 1 year cancer free on {DATE}!!",
    "Organizer: {NAME} (sister). Contact {EMAIL} with any questions.",
    "Appointment reminder for {NAME}: infusion on {DATE} at 9:30am, please arrive early.",
    "{NAME} wrote:\n> Does the prep get easier the second time?\nHonestly yes, it does.",
    "Shout out to my oncologist Dr. {NAME} for explaining every single scan result.",
    "I'm {GIVEN}, 34, newly diagnosed with Hashimoto's. My TSH was 9.8 in {DATE}.",
    "My son {GIVEN} was born {DATE} at 31 weeks and he's finally off oxygen.",
    "Call the on-call nurse line at {PHONE} if the fever goes above 101.",
    "Biopsy results came back benign! Dr. {SURNAME} called me herself on {DATE}.",
    "In loving memory of {NAME}, {DATE} - {DATE2}. Forever in our hearts.",
    "My grandma {NAME} turned 85 today and still does the crossword every morning.",
    "Caregiver log {DATE}: BP 128/82, pain 4/10, gave Tylenol 500mg. {GIVEN} slept well.",
    "Reply to {GIVEN}: I had the same thing after my second Remicade, it passed in a day.",
    "My brother {NAME} needs a kidney. If you are type O and willing to be tested, message me at {EMAIL}.",
    "Dr. {SURNAME} and PA {NAME2} were wonderful during my hysterectomy on {DATE}.",
    "{GIVEN} and {GIVEN2} run the Tuesday night group and honestly they saved my life.",
    "Does anyone know if Dr. {NAME} still takes new patients? Their office number was {PHONE}.",
    "So grateful for my sponsor {GIVEN}. One year sober as of {DATE}.",
    "my mother-in-law {NAME} keeps telling everyone my fibromyalgia is fake. ugh.",
    "Scan is {DATE}. Scanxiety is real. Hugs to everyone waiting on results. xo {GIVEN}",
    "The social worker, {NAME}, helped us apply for Medicaid and the paperwork went in on {DATE}.",
    "Thanks for reading, {NAME}",
    "Please keep {NAME} in your thoughts, she had a stroke on {DATE} and is in the ICU.",
    "Our baby {GIVEN} {SURNAME} arrived {DATE}, 7 lb 2 oz, mom and baby doing great!",
    "If you need to reach me about the meal train, my cell is {PHONE} and my email is {EMAIL}.",
    "Dr. {SURNAME} said the MRI from {DATE} shows no new lesions. Staying on Ocrevus.",
    "My dad {GIVEN} refuses to use his walker. He fell twice since {DATE}.",
    "Sending love to {NAME} and the whole family. We are here for you.",
    "I switched from Dr. {SURNAME} to Dr. {NAME2} after my A1C hit 8.1.",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON_ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.", "Oct.",
            "Nov.", "Dec."]


def ordinal(d):
    if 10 <= d % 100 <= 20:
        return "%dth" % d
    return "%d%s" % (d, {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th"))


def make_date(rng):
    y = rng.randint(1935, 2025)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    fmt = rng.randrange(12)
    return [
        "%s %s" % (MONTHS[m - 1], ordinal(d)),
        "%d/%d" % (m, d),
        "%02d/%02d/%d" % (m, d, y),
        "%02d/%02d/%d" % (d, m, y),
        "%d-%02d-%02d" % (y, m, d),
        "%02d.%02d.%d" % (d, m, y),
        "%s %d, %d" % (MON_ABBR[m - 1], d, y),
        "%s of %s" % (ordinal(d), MONTHS[m - 1]),
        "%d %s %d" % (d, MONTHS[m - 1], y),
        "%s %d" % (MONTHS[m - 1], d),
        "%d/%d/%02d" % (m, d, y % 100),
        "%s %d, %d" % (MONTHS[m - 1], d, y),
    ][fmt]


def make_phone(rng):
    area = rng.choice(["508", "617", "212", "916", "312", "713", "404", "206", "602", "303"])
    x = "%02d" % rng.randint(0, 99)
    fmt = rng.randrange(10)
    return [
        "(%s) 555-01%s" % (area, x),
        "%s.555.01%s" % (area, x),
        "%s-555-01%s" % (area, x),
        "+1 %s 555 01%s" % (area, x),
        "1-800-555-01%s" % x,
        "020 7946 0%03d" % rng.randint(0, 999),
        "07700 900%03d" % rng.randint(0, 999),
        "+44 7700 900%03d" % rng.randint(0, 999),
        "0491 570 %03d" % rng.randint(6, 159),
        "%s-555-01%s ext %d" % (area, x, rng.randint(1, 9)),
    ][fmt]


def ascii_fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", s.lower())


def make_email(rng, given, surname):
    g, s = ascii_fold(given) or "pat", ascii_fold(surname) or "lee"
    dom = rng.choice(["example.com", "example.org", "example.net", "mail.example.com"])
    local = rng.choice(["%s.%s" % (g, s), "%s%s" % (g[0], s), "%s_%s%d" % (g, s, rng.randint(1, 99)),
                        "%s%d" % (g, rng.randint(60, 99))])
    return "%s@%s" % (local, dom)


class Lexicon:
    def __init__(self, path, top, tail):
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        header, names, seen = [], [], set()
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                if line.startswith("#"):
                    header.append(line)
                    continue
                name = line.split("\t")[0].strip()
                # keep plausible names only (letters, apostrophes, hyphens, spaces, dots)
                if len(name) < 2 or not re.fullmatch(r"[^\W\d_][\w'’ .-]*", name) or \
                        re.search(r"\d|_", name) or name in seen:
                    continue
                seen.add(name)
                names.append(name)
        if not names:
            raise ValueError("%s: no entries" % path)
        h = " ".join(header).lower()
        self.ranked = bool(re.search(r"\border\b|\brank|most .* first|frequen", h))
        self.names = names
        self.head = names[:top] if self.ranked else names
        self.tail = tail

    def pick(self, rng):
        if self.ranked and rng.random() < self.tail:
            return rng.choice(self.names)
        return rng.choice(self.head)


def generate(n, seed, given, surnames):
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        tpl = TEMPLATES[i % len(TEMPLATES)] if i < len(TEMPLATES) else rng.choice(TEMPLATES)
        p1 = (given.pick(rng), surnames.pick(rng))
        p2 = (given.pick(rng), surnames.pick(rng))
        while p2[0] == p1[0]:
            p2 = (given.pick(rng), surnames.pick(rng))
        email = make_email(rng, *p1)
        phone = make_phone(rng)
        date, date2 = make_date(rng), make_date(rng)
        text, spans, values = "", [], []

        def put(s, cat=None):
            nonlocal text
            if cat:
                spans.append({"start": len(text), "end": len(text) + len(s), "category": cat})
                values.append((cat, s))
            text += s

        for piece in re.split(r"(\{[A-Z0-9]+\})", tpl):
            if piece == "{NAME}":
                put(p1[0], "NAME"); put(" "); put(p1[1], "NAME")
            elif piece == "{NAME2}":
                put(p2[0], "NAME"); put(" "); put(p2[1], "NAME")
            elif piece == "{GIVEN}":
                put(p1[0], "NAME")
            elif piece == "{GIVEN2}":
                put(p2[0], "NAME")
            elif piece == "{SURNAME}":
                put(p1[1], "NAME")
            elif piece == "{PHONE}":
                put(phone, "PHONE")
            elif piece == "{EMAIL}":
                put(email, "EMAIL")
            elif piece == "{DATE}":
                put(date, "DATE")
            elif piece == "{DATE2}":
                put(date2, "DATE")
            else:
                put(piece)
        # merge "Given Surname" into one NAME span (they are adjacent, separated by a space)
        merged = []
        for s in spans:
            if merged and s["category"] == "NAME" == merged[-1]["category"] and \
                    text[merged[-1]["end"]:s["start"]] == " ":
                merged[-1] = dict(merged[-1], end=s["end"])
            else:
                merged.append(s)
        for s in merged:
            assert text[s["start"]:s["end"]].strip() == text[s["start"]:s["end"]]
        docs.append({"id": "canary-%04d" % (i + 1), "source": "canary", "text": text,
                     "spans": merged, "scored": list(CATEGORIES), "precision": True,
                     "_values": values})
    return docs


def word_count(value, text):
    return len(re.findall(r"(?<!\w)%s(?!\w)" % re.escape(value), text))


def run(cmd, text):
    p = subprocess.run(cmd, input=text.encode("utf-8"), stdout=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("%s exited with status %d" % (" ".join(cmd), p.returncode))
    return p.stdout.decode("utf-8", "replace")


def check(docs, cmd, per_doc):
    outputs = None
    sep = "\n=====\n"
    if not per_doc:
        out = run(cmd, sep.join(d["text"] for d in docs) + "\n")
        parts = out.split(sep)
        if len(parts) == len(docs):
            outputs = parts
        else:
            sys.stderr.write("canary: batch output has %d parts for %d sentences; running per sentence\n"
                             % (len(parts), len(docs)))
    if outputs is None:
        outputs = [run(cmd, d["text"]) for d in docs]
    total, survived = 0, []
    per_cat, per_cat_surv = Counter(), Counter()
    for d, out in zip(docs, outputs):
        counts = Counter(v for _c, v in d["_values"])
        cats = {v: c for c, v in d["_values"]}
        for v, inserted in counts.items():
            total += inserted
            per_cat[cats[v]] += inserted
            background = word_count(v, d["text"]) - inserted
            left = word_count(v, out) - max(background, 0)
            if left > 0:
                n = min(left, inserted)
                survived.append((d["id"], cats[v], v, n, out))
                per_cat_surv[cats[v]] += n
    for sid, cat, v, n, out in survived:
        sys.stderr.write("%s\t%s\t%r%s\tout: %s\n" % (sid, cat, v, " x%d" % n if n > 1 else "",
                                                     out.strip()[:200]))
    msurv = sum(s[3] for s in survived)
    sys.stderr.write("canary: by category: %s\n" % ", ".join(
        "%s %d/%d survived" % (c, per_cat_surv[c], per_cat[c]) for c in sorted(per_cat)))
    sys.stderr.write("canary: %d inserted values, %d survived\n" % (total, msurv))
    return 1 if msurv else 0


def main(argv):
    n, seed, per_doc = 1000, 1729, False
    gpath = os.path.join(ROOT, "patterns", "lexicons", "given-names.txt")
    spath = os.path.join(ROOT, "patterns", "lexicons", "surnames.txt")
    top_g, top_s, tail = 1000, 5000, 0.15
    cmd = None
    i = 0
    try:
        while i < len(argv):
            a = argv[i]
            if a == "--check":
                cmd = argv[i + 1:]
                if not cmd:
                    raise ValueError("--check needs a command")
                break
            elif a == "-n":
                i += 1; n = int(argv[i])
            elif a == "--seed":
                i += 1; seed = int(argv[i])
            elif a == "--given":
                i += 1; gpath = argv[i]
            elif a == "--surnames":
                i += 1; spath = argv[i]
            elif a == "--top-given":
                i += 1; top_g = int(argv[i])
            elif a == "--top-surnames":
                i += 1; top_s = int(argv[i])
            elif a == "--tail":
                i += 1; tail = float(argv[i])
            elif a == "--per-doc":
                per_doc = True
            elif a in ("-h", "--help"):
                sys.stdout.write(__doc__)
                return 0
            else:
                raise ValueError("unknown argument %r" % a)
            i += 1
    except (ValueError, IndexError) as e:
        sys.stderr.write("canary: %s\n%s" % (e, __doc__))
        return 2
    try:
        given = Lexicon(gpath, top_g, tail)
        surnames = Lexicon(spath, top_s, tail)
    except (OSError, ValueError) as e:
        sys.stderr.write("canary: cannot read lexicon: %s\n" % e)
        return 2
    docs = generate(n, seed, given, surnames)
    if cmd is None:
        for d in docs:
            d = {k: v for k, v in d.items() if not k.startswith("_")}
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        return 0
    try:
        return check(docs, cmd, per_doc)
    except (OSError, RuntimeError) as e:
        sys.stderr.write("canary: %s\n" % e)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
