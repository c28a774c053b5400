# phiscrub: see README.md.  Plain make; pkg-config finds the libraries.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/phiscrub
MANPREFIX ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
CC ?= cc

DEPS = libpcre2-8 libutf8proc yaml-0.1 libsodium
WARN = -std=c11 -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
       -Wshadow -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS = $(WARN) $(if $(WERROR),-Werror) -D_GNU_SOURCE -fPIC -Isrc -Ibuild \
       $$($(PKG_CONFIG) --cflags $(DEPS)) $(CPPFLAGS) $(CFLAGS)
LIBS = $$($(PKG_CONFIG) --libs $(DEPS)) -lpthread

# B and PROG may be overridden to build in another tree (make B=build-asan).
B ?= build
PROG ?= phiscrub
LIB_SRC = alloc buf error fold lexicon yamldoc patterns validate spans tokens \
          words replace scanner
LIB_OBJ = $(LIB_SRC:%=$(B)/%.o) $(B)/builtin_patterns.o $(B)/lexblob.o
CLI_OBJ = $(B)/main.o $(B)/writer.o
PATTERN_SETS = $(sort $(wildcard patterns/*.yaml))
LEXICONS = $(sort $(wildcard patterns/lexicons/*.txt))

all: $(PROG)

$(PROG): $(CLI_OBJ) $(B)/libphiscrub.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libphiscrub.a $(LIBS)

$(B)/libphiscrub.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

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
$(B)/lexblob.o: tools/lexblob.S $(B)/lexicon.bin
	$(CC) -c -DLEXBLOB='"$(B)/lexicon.bin"' -o $@ tools/lexblob.S

# ---- Tests -----------------------------------------------------------
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

$(B)/tests/%: tests/unit/%.c tests/unit/harness.h $(B)/libphiscrub.a
	@mkdir -p $(B)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libphiscrub.a $(LIBS)

check: $(PROG) $(UNIT_TESTS)
	PHISCRUB_BIN=$(abspath $(PROG)) PHISCRUB_BUILD=$(abspath $(B)) sh tests/run.sh

.PHONY: all check clean install uninstall deps format
clean:
	rm -rf $(B) $(PROG)

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(DATADIR)/patterns/lexicons
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/phiscrub
	install -m 644 man/phiscrub.1 $(DESTDIR)$(MANPREFIX)/man1/phiscrub.1
	install -m 644 man/phiscrub-patterns.5 $(DESTDIR)$(MANPREFIX)/man5/phiscrub-patterns.5
	install -m 644 $(PATTERN_SETS) $(DESTDIR)$(DATADIR)/patterns/
	install -m 644 $(LEXICONS) patterns/lexicons/SOURCES.md $(DESTDIR)$(DATADIR)/patterns/lexicons/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/phiscrub $(DESTDIR)$(MANPREFIX)/man1/phiscrub.1 \
	    $(DESTDIR)$(MANPREFIX)/man5/phiscrub-patterns.5
	rm -rf $(DESTDIR)$(DATADIR)

# Installs the -dev packages that are missing (Debian/Ubuntu), or says how.
deps:
	@sh scripts/deps.sh

format:
	clang-format -i src/*.c src/*.h tools/*.c
