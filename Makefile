# phiscrub: see README.md.  Plain make; pkg-config finds the libraries.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/phiscrub
MANPREFIX ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
CC ?= cc

DEPS = libpcre2-8 libutf8proc yaml-0.1 libsodium jansson
WARN = -std=c11 -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
       -Wshadow -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS = $(WARN) $(if $(WERROR),-Werror) -D_GNU_SOURCE -fPIC -Isrc -Ibuild \
       $$($(PKG_CONFIG) --cflags $(DEPS)) $(CPPFLAGS) $(CFLAGS)
# libcsv has no pkg-config file.
LIBS = $$($(PKG_CONFIG) --libs $(DEPS)) -lcsv -lpthread

# B and PROG may be overridden to build in another tree (make B=build-asan).
B ?= build
PROG ?= phiscrub
LIB_SRC = alloc buf error fold lexicon yamldoc patterns validate spans tokens \
          words replace surrogate surrogate_date prefilter scanner
LIB_OBJ = $(LIB_SRC:%=$(B)/%.o) $(B)/builtin_patterns.o $(B)/lexblob.o \
          $(B)/surrogate_lists.o
CLI_OBJ = $(B)/main.o $(B)/writer.o $(B)/eval.o $(B)/report.o $(B)/secrets.o \
          $(B)/archive.o $(B)/jobs.o $(B)/tree.o
PATTERN_SETS = $(sort $(wildcard patterns/*.yaml))
LEXICONS = $(sort $(wildcard patterns/lexicons/*.txt))

all: $(PROG)

# The CLI is a client of phiscrub.h only (issue 9).  It shares three small
# utility modules with the library (allocation, byte buffers, UTF-8
# decoding), compiled into it on their own, so that it links as well
# against the shared library, which exports nothing but the API: make check
# builds $(B)/phiscrub-shared that way to prove it.
CLI_UTIL_OBJ = $(B)/cli/alloc.o $(B)/cli/buf.o $(B)/cli/fold.o

$(PROG): $(CLI_OBJ) $(CLI_UTIL_OBJ) $(B)/libphiscrub.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(CLI_UTIL_OBJ) \
	    $(B)/libphiscrub.a $(LIBS)

$(B)/phiscrub-shared: $(CLI_OBJ) $(CLI_UTIL_OBJ) $(SHLIB_LINKS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(CLI_UTIL_OBJ) \
	    -L$(B) -lphiscrub $(LIBS)

$(B)/cli/%.o: src/%.c src/*.h
	@mkdir -p $(B)/cli
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libphiscrub.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

# ---- libphiscrub (issue 9, man/libphiscrub.3) --------------------------
# The shared library is linked from the same -fPIC objects as the static
# one and exports only the functions of phiscrub.h (src/libphiscrub.map).
# SOVERSION changes when the ABI breaks; VERSION follows SCRUB_VERSION.
VERSION := $(shell sed -n 's/^\#define SCRUB_VERSION "\(.*\)"/\1/p' src/phiscrub.h)
SOVERSION = 0
LIB_DEPS = libpcre2-8 libutf8proc yaml-0.1 libsodium
SHLIB = libphiscrub.so.$(VERSION)
SHLIB_LINKS = $(B)/libphiscrub.so.$(SOVERSION) $(B)/libphiscrub.so

$(B)/$(SHLIB): $(LIB_OBJ) src/libphiscrub.map
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libphiscrub.so.$(SOVERSION) \
	    -Wl,--version-script=src/libphiscrub.map -Wl,-z,defs -Wl,-z,noexecstack \
	    -o $@ $(LIB_OBJ) $$($(PKG_CONFIG) --libs $(LIB_DEPS))
$(SHLIB_LINKS): $(B)/$(SHLIB)
	ln -sf $(SHLIB) $@
all: $(SHLIB_LINKS)

# phiscrub.pc for the PREFIX/LIBDIR/INCLUDEDIR of this make run (so always
# remade: the file is tiny and the directories come from the command line).
$(B)/phiscrub.pc: phiscrub.pc.in FORCE | $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@REQUIRES_PRIVATE@|$(LIB_DEPS)|' phiscrub.pc.in >$@.tmp
	mv $@.tmp $@
FORCE:

install-lib: $(B)/libphiscrub.a $(SHLIB_LINKS) $(B)/phiscrub.pc
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(MANPREFIX)/man3
	install -m 644 src/phiscrub.h $(DESTDIR)$(INCLUDEDIR)/phiscrub.h
	install -m 644 $(B)/libphiscrub.a $(DESTDIR)$(LIBDIR)/libphiscrub.a
	install -m 755 $(B)/$(SHLIB) $(DESTDIR)$(LIBDIR)/$(SHLIB)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libphiscrub.so.$(SOVERSION)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libphiscrub.so
	install -m 644 $(B)/phiscrub.pc $(DESTDIR)$(LIBDIR)/pkgconfig/phiscrub.pc
	install -m 644 man/libphiscrub.3 $(DESTDIR)$(MANPREFIX)/man3/libphiscrub.3

uninstall-lib:
	rm -f $(DESTDIR)$(INCLUDEDIR)/phiscrub.h $(DESTDIR)$(LIBDIR)/libphiscrub.a \
	    $(DESTDIR)$(LIBDIR)/$(SHLIB) $(DESTDIR)$(LIBDIR)/libphiscrub.so.$(SOVERSION) \
	    $(DESTDIR)$(LIBDIR)/libphiscrub.so $(DESTDIR)$(LIBDIR)/pkgconfig/phiscrub.pc \
	    $(DESTDIR)$(MANPREFIX)/man3/libphiscrub.3
.PHONY: install-lib uninstall-lib

$(B)/%.o: src/%.c src/*.h | $(B)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B):
	mkdir -p $(B)

# Default pattern sets and word lists are compiled into the binary.
$(B)/embed: tools/embed.c | $(B)
	$(CC) $(ALL_CFLAGS) -o $@ tools/embed.c
$(B)/builtin_patterns.c: $(B)/embed $(PATTERN_SETS)
	$(B)/embed $@ $(PATTERN_SETS)
$(B)/builtin_patterns.o: $(B)/builtin_patterns.c src/builtin.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

MKLEX_OBJ = $(B)/mklex.o $(B)/lexicon.o $(B)/fold.o $(B)/buf.o $(B)/alloc.o
$(B)/mklex.o: tools/mklex.c src/lexicon.h | $(B)
	$(CC) $(ALL_CFLAGS) -c -o $@ tools/mklex.c
$(B)/mklex: $(MKLEX_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(MKLEX_OBJ) $(LIBS)
$(B)/lexicon.bin: $(B)/mklex $(LEXICONS)
	$(B)/mklex $@ $(foreach f,$(LEXICONS),$(basename $(notdir $(f)))=$(f))
# Enumerable name lists for the surrogate operator (issue 5).
SURR_LISTS = $(addprefix patterns/lexicons/,given-names-female.txt \
       given-names-male.txt surnames.txt common-words.txt name-words.txt \
       stopwords.txt medical.txt drugs-and-eponyms.txt)
$(B)/mksurr: tools/mksurr.c | $(B)
	$(CC) $(ALL_CFLAGS) -o $@ tools/mksurr.c
$(B)/surrogate_lists.c: $(B)/mksurr $(SURR_LISTS)
	$(B)/mksurr $@ $(SURR_LISTS)
$(B)/surrogate_lists.o: $(B)/surrogate_lists.c src/surrogate.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(B)/lexblob.o: tools/lexblob.S $(B)/lexicon.bin
	$(CC) -c -DLEXBLOB='"$(B)/lexicon.bin"' -o $@ tools/lexblob.S

# ---- Tests -----------------------------------------------------------
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

$(B)/tests/%: tests/unit/%.c tests/unit/harness.h $(B)/libphiscrub.a
	@mkdir -p $(B)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libphiscrub.a $(LIBS)

# The fuzz targets, replayed without libFuzzer over their regressions and
# seed corpus (tests/fuzz/replay.c), run with the unit tests.
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC))
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(B)/tests/test_%)
FUZZ_DEFS = -DFUZZ_DATA_DIR='"$(abspath tests/fuzz/data)"'

# The archive parsers are a CLI module: the targets link it too.
FUZZ_OBJ = $(B)/archive.o

$(B)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_OBJ) $(B)/libphiscrub.a
	@mkdir -p $(B)/tests
	$(CC) $(ALL_CFLAGS) $(FUZZ_DEFS) \
	    -DREPLAY_DIRS='"$(abspath tests/fuzz/regressions/fuzz_$*):$(abspath tests/fuzz/corpus/fuzz_$*)"' \
	    -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(FUZZ_OBJ) \
	    $(B)/libphiscrub.a $(LIBS)

check: $(PROG) $(SHLIB_LINKS) $(B)/phiscrub-shared $(UNIT_TESTS) $(FUZZ_REPLAY)
	PHISCRUB_BIN=$(abspath $(PROG)) PHISCRUB_BUILD=$(abspath $(B)) sh tests/run.sh

.PHONY: all check clean install uninstall deps format
.PHONY: fuzz check-asan check-valgrind check-big

# ---- Hardening (issue 8, docs/hardening.md) ----------------------------
# make fuzz: builds each libFuzzer target with clang in build-fuzz/ and runs
# it FUZZ_SECONDS; the corpus grows in build-fuzz/corpus/TARGET, a crash
# input is saved as build-fuzz/crash-TARGET-* (copy it into
# tests/fuzz/regressions/TARGET/ once fixed).
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_B = build-fuzz
FUZZ_SAN = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined
fuzz:
	$(MAKE) B=$(FUZZ_B) PROG=$(FUZZ_B)/phiscrub CC=$(FUZZ_CC) \
	    CFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_B)/libphiscrub.a \
	    $(FUZZ_B)/archive.o
	@set -e; for t in $(FUZZ_TARGETS); do \
	    echo "$(FUZZ_CC) ... -o $(FUZZ_B)/$$t tests/fuzz/$$t.c"; \
	    $(FUZZ_CC) $(WARN) -D_GNU_SOURCE -Isrc $(FUZZ_SAN) -fsanitize=fuzzer \
	        $(FUZZ_DEFS) -o $(FUZZ_B)/$$t tests/fuzz/$$t.c \
	        $(FUZZ_B)/archive.o $(FUZZ_B)/libphiscrub.a $(LIBS); \
	done
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_B)/corpus/$$t; \
	    maxlen=20000; [ $$t = fuzz_patterns ] && maxlen=8192; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    if ! $(FUZZ_B)/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	        -max_len=$$maxlen -print_final_stats=1 \
	        -artifact_prefix=$(CURDIR)/$(FUZZ_B)/crash-$$t- \
	        $(CURDIR)/$(FUZZ_B)/corpus/$$t $(CURDIR)/tests/fuzz/corpus/$$t \
	        >$(FUZZ_B)/$$t.log 2>&1; then \
	        tail -40 $(FUZZ_B)/$$t.log; \
	        echo "fuzz: $$t FAILED (log: $(FUZZ_B)/$$t.log)"; exit 1; \
	    fi; \
	    grep -E '^#[0-9]+[[:space:]]+DONE|^Done|stat::peak_rss_mb' \
	        $(FUZZ_B)/$$t.log | sed "s/^/fuzz: $$t: /"; \
	done

# make check-asan: the whole suite with AddressSanitizer (and LeakSanitizer)
# and UndefinedBehaviorSanitizer, any report fatal.
ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
# The build tools (tools/*.c) run once at build time and may leave their
# memory to exit: leaks are looked for in the tests only.
check-asan:
	ASAN_OPTIONS=detect_leaks=0 $(MAKE) B=build-asan PROG=build-asan/phiscrub \
	    CFLAGS="$(ASAN_FLAGS)" build-asan/phiscrub
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 PHISCRUB_SANITIZED=1 \
	    $(MAKE) B=build-asan PROG=build-asan/phiscrub CFLAGS="$(ASAN_FLAGS)" check

# make check-valgrind: the golden and pattern-set tests under memcheck.
check-valgrind: $(PROG)
	PHISCRUB_BIN=$(abspath $(PROG)) sh tests/fault/valgrind.sh

# make check-big: a 1 GB line through the filter, peak memory bounded.
check-big: $(PROG)
	PHISCRUB=$(abspath $(PROG)) TOP=$(CURDIR) PHISCRUB_BIG_TESTS=1 sh tests/sh/big.sh

# ---- Detection quality (issue 3) --------------------------------------
# make eval: phiscrub --evaluate on the project's corpus (tests/eval) and on
# the shared development sets (EVAL_DEV, skipped when absent); fails when a
# figure falls below tests/eval/floors, or when the leak canary finds an
# inserted value that survived (python3; skipped when it is missing).
EVAL_DEV ?= ../shared/eval/dev
EVAL_FILES = $(sort $(wildcard tests/eval/*.jsonl)) \
	$(sort $(wildcard $(EVAL_DEV)/*.jsonl))
PYTHON ?= python3
.PHONY: eval eval-aggressive eval-crosscheck
eval: $(PROG)
	@[ -d $(EVAL_DEV) ] || echo "eval: $(EVAL_DEV) not found, shared development sets skipped"
	@st=0; \
	echo "$(PROG) --evaluate --floors tests/eval/floors $(EVAL_FILES)"; \
	$(abspath $(PROG)) --evaluate --floors tests/eval/floors $(EVAL_FILES) || st=1; \
	if command -v $(PYTHON) >/dev/null 2>&1; then \
	    echo "$(PYTHON) tests/eval/canary.py --check $(PROG)"; \
	    $(PYTHON) tests/eval/canary.py --check $(abspath $(PROG)) || st=1; \
	else echo "eval: $(PYTHON) not found, leak canary skipped"; fi; \
	exit $$st
eval-aggressive: $(PROG)
	$(abspath $(PROG)) --evaluate --aggressive \
	    --floors tests/eval/floors-aggressive $(EVAL_FILES)
# The independent check (needs python3): recall by diffing input and output
# at word level, next to the figures of --evaluate.
eval-crosscheck: $(PROG)
	sh tests/eval-harness/crosscheck.sh $(abspath $(PROG)) tests/eval/dev.jsonl $(PYTHON)

# ---- Benchmark (issue 7) -----------------------------------------------
# make bench: throughput, start-up, memory and scaling, written to stdout
# and bench/results.md.  BENCH_SIZES, BENCH_RUNS, BENCH_CACHE: see
# bench/run.sh.
.PHONY: bench
$(B)/bench-gen: bench/gen.c | $(B)
	$(CC) $(ALL_CFLAGS) -o $@ bench/gen.c
$(B)/bench-timeit: bench/timeit.c | $(B)
	$(CC) $(ALL_CFLAGS) -o $@ bench/timeit.c
bench: $(PROG) $(B)/bench-gen $(B)/bench-timeit
	PHISCRUB=$(abspath $(PROG)) BENCH_GEN=$(abspath $(B)/bench-gen) \
	    BENCH_TIMEIT=$(abspath $(B)/bench-timeit) sh bench/run.sh

clean:
	rm -rf $(B) $(PROG)

install: $(PROG) install-lib
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(DATADIR)/patterns/lexicons
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/phiscrub
	install -m 644 man/phiscrub.1 $(DESTDIR)$(MANPREFIX)/man1/phiscrub.1
	install -m 644 man/phiscrub-patterns.5 $(DESTDIR)$(MANPREFIX)/man5/phiscrub-patterns.5
	install -m 644 $(PATTERN_SETS) $(DESTDIR)$(DATADIR)/patterns/
	install -m 644 $(LEXICONS) patterns/lexicons/SOURCES.md $(DESTDIR)$(DATADIR)/patterns/lexicons/

uninstall: uninstall-lib
	rm -f $(DESTDIR)$(BINDIR)/phiscrub $(DESTDIR)$(MANPREFIX)/man1/phiscrub.1 \
	    $(DESTDIR)$(MANPREFIX)/man5/phiscrub-patterns.5
	rm -rf $(DESTDIR)$(DATADIR)

# Installs the -dev packages that are missing (Debian/Ubuntu), or says how.
deps:
	@sh scripts/deps.sh

format:
	clang-format -i src/*.c src/*.h tools/*.c
