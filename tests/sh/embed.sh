#!/bin/sh
# libphiscrub as an embedding program gets it (issue 9):
#   1. the EXAMPLES program of man/libphiscrub.3 is samples/embed/redact.c,
#      in the page's source and as it renders;
#   2. libphiscrub.so exports exactly the functions of phiscrub.h (the
#      version script src/libphiscrub.map lists them), with soname .so.0;
#   3. `make install PREFIX=tmp` installs header, libraries, phiscrub.pc and
#      the man page; redact.c builds from that clean prefix with
#      `cc redact.c $(pkg-config --cflags --libs phiscrub)`, shared and
#      static, and gives the output of phiscrub(1), failing on a full disk;
#   4. samples/embed/precheck.py (python3, ctypes) flags a post with PHI
#      without echoing it and passes a clean one;
#   5. DESTDIR is honoured and `make uninstall` removes what was installed.
# Run by tests/run.sh with PHISCRUB, TOP, TMPDIR (and PHISCRUB_BUILD, the
# build tree, from make check).
set -eu
: "${PHISCRUB:?}" "${TOP:?}" "${TMPDIR:=/tmp}"
build=${PHISCRUB_BUILD:-$TOP/build}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
t=$TMPDIR/embed
rm -rf "$t"
mkdir -p "$t"
ver=$(sed -n 's/^#define SCRUB_VERSION "\(.*\)"/\1/p' "$TOP/src/phiscrub.h")
[ -n "$ver" ] || { echo "embed: no SCRUB_VERSION in src/phiscrub.h"; exit 1; }
fail=0
bad() { echo "embed: $*"; fail=1; }

# ---- 1. The man page's example is samples/embed/redact.c ---------------
# In the source, between the BEGIN and END comments, inside .Bd/.Ed, with
# the roff escapes \e (backslash) and a leading \& undone.
awk '
	/^\.\\" BEGIN samples\/embed\/redact\.c/ { on = 1; next }
	/^\.\\" END samples\/embed\/redact\.c/ { on = 0 }
	on && /^\.(Bd|Ed)/ { next }
	on { print }
' "$TOP/man/libphiscrub.3" | sed -e 's/\\e/\\/g' -e 's/^\\&//' >"$t/man-example.c"
if [ ! -s "$t/man-example.c" ]; then
	bad "man/libphiscrub.3: no example between the BEGIN/END comments"
elif ! cmp -s "$t/man-example.c" "$TOP/samples/embed/redact.c"; then
	bad "man/libphiscrub.3 EXAMPLES differs from samples/embed/redact.c:"
	diff "$TOP/samples/embed/redact.c" "$t/man-example.c" | head -20 || :
fi
# As rendered: the literal display, less its indent, is the file with its
# tabs expanded (catches an escape that the source check would miss).
if command -v mandoc >/dev/null 2>&1; then
	expand "$TOP/samples/embed/redact.c" >"$t/want-rendered"
	n=$(wc -l <"$t/want-rendered")
	# (A literal display renders as plain spaces, without overstrikes.)
	mandoc -Tascii "$TOP/man/libphiscrub.3" | sed 's/^     //' >"$t/rendered"
	first=$(grep -n -x -F -m1 "$(head -1 "$t/want-rendered")" "$t/rendered" |
	    cut -d: -f1)
	if [ -z "$first" ]; then
		bad "rendered man/libphiscrub.3: example not found"
	else
		sed -n "$first,$((first + n - 1))p" "$t/rendered" |
		    sed 's/[[:space:]]*$//' >"$t/got-rendered"
		sed 's/[[:space:]]*$//' "$t/want-rendered" >"$t/want-rendered2"
		if ! cmp -s "$t/got-rendered" "$t/want-rendered2"; then
			bad "rendered man/libphiscrub.3 example differs from redact.c:"
			diff "$t/want-rendered2" "$t/got-rendered" | head -20 || :
		fi
	fi
else
	echo "embed: mandoc not installed: rendered example not checked"
fi

# ---- 2. Exported symbols ------------------------------------------------
so=$build/libphiscrub.so
if [ ! -e "$so" ]; then
	bad "$so not built (make all builds it)"
	exit 1
fi
$CC -E -P "$TOP/src/phiscrub.h" | grep -o 'scrub_[a-z0-9_]* *(' | tr -d ' (' |
    sort -u >"$t/header.syms"
sed -n 's/^[[:space:]]*\(scrub_[a-z0-9_]*\);.*/\1/p' "$TOP/src/libphiscrub.map" |
    sort >"$t/map.syms"
nm -D --defined-only "$so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' |
    sort >"$t/so.syms"
[ "$(wc -l <"$t/header.syms")" -gt 20 ] || bad "few functions found in phiscrub.h"
if ! cmp -s "$t/header.syms" "$t/map.syms"; then
	bad "src/libphiscrub.map does not list the functions of phiscrub.h" \
	    "(< header, > map):"
	diff "$t/header.syms" "$t/map.syms" || :
fi
if ! cmp -s "$t/header.syms" "$t/so.syms"; then
	bad "libphiscrub.so exports other functions than phiscrub.h (< header, > .so):"
	diff "$t/header.syms" "$t/so.syms" | head -20 || :
fi
readelf -d "$so" | grep -q 'SONAME.*\[libphiscrub\.so\.0\]' ||
    bad "libphiscrub.so: soname is not libphiscrub.so.0"

# A sanitized build (make check-asan) links the library with the sanitizer
# runtime: programs built here need it first, and python3 cannot load it.
san=""
[ -n "${PHISCRUB_SANITIZED:-}" ] && san="-fsanitize=address,undefined"

# ---- 3. Install into a clean prefix, build and run redact.c ------------
# The build tree and program are the caller's; under make check, MAKEFLAGS
# also passes on its other variables (CFLAGS of make check-asan), so that
# nothing is rebuilt differently.
prefix=$t/prefix
make_() {
	${MAKE:-make} -s -C "$TOP" B="$build" PROG="$PHISCRUB" "$@"
}
if ! make_ install PREFIX="$prefix" >"$t/install.log" 2>&1; then
	bad "make install PREFIX=$prefix failed:"
	tail -20 "$t/install.log"
	exit 1
fi
for f in include/phiscrub.h lib/libphiscrub.a "lib/libphiscrub.so.$ver" \
    lib/libphiscrub.so.0 lib/libphiscrub.so lib/pkgconfig/phiscrub.pc \
    share/man/man3/libphiscrub.3; do
	[ -e "$prefix/$f" ] || bad "make install did not install $f"
done
[ "$(readlink "$prefix/lib/libphiscrub.so")" = "libphiscrub.so.$ver" ] ||
    bad "lib/libphiscrub.so is not a link to libphiscrub.so.$ver"
for f in include/phiscrub.h share/man/man3/libphiscrub.3 \
    lib/pkgconfig/phiscrub.pc; do
	[ -e "$prefix/$f" ] || continue
	mode=$(stat -c %a "$prefix/$f")
	[ "$mode" = 644 ] || bad "$f installed with mode $mode, want 644"
done
cmp -s "$prefix/include/phiscrub.h" "$TOP/src/phiscrub.h" ||
    bad "installed phiscrub.h differs from src/phiscrub.h"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
flags=$($PKG_CONFIG --cflags --libs phiscrub) ||
    { bad "pkg-config cannot read the installed phiscrub.pc"; exit 1; }
case " $flags " in
*" -I$prefix/include "*) ;;
*) bad "pkg-config --cflags phiscrub lacks -I$prefix/include: $flags" ;;
esac
[ "$($PKG_CONFIG --modversion phiscrub)" = "$ver" ] ||
    bad "pkg-config --modversion phiscrub is not $ver"

# The sample is copied away from the source tree, so that only the prefix
# can provide phiscrub.h.
cp "$TOP/samples/embed/redact.c" "$t/redact.c"
# shellcheck disable=SC2086 # word splitting of the flags is wanted
if ! (cd "$t" && $CC $san redact.c $flags -o redact) >"$t/cc.log" 2>&1; then
	bad "cc redact.c \$(pkg-config --cflags --libs phiscrub) failed:"
	cat "$t/cc.log"
	exit 1
fi
run_redact() {
	LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"
}
LD_LIBRARY_PATH="$prefix/lib" ldd "$t/redact" 2>/dev/null |
    grep -q "libphiscrub\.so\.0 => $prefix/lib/" ||
    bad "redact does not load libphiscrub.so.0 from the prefix"

# A sample with PHI, CRLF, multi-byte UTF-8 and no final newline, plus the
# project's sample post and the golden inputs: the same output as the CLI.
printf 'Hi, I am Sarah O'"'"'Brien from Worcester.\r\nMy mum Jos\303\251 (DOB 03/14/1951) is 93 \342\200\224 call 508-555-0143 or mail jose@example.org \360\237\230\200\r\nSSN 412-68-3390, na\303\257ve.' \
    >"$t/sample.txt"
check_outputs() { # LABEL PROGRAM...
	label=$1
	shift
	for f in "$t/sample.txt" "$TOP/samples/forum-post.txt" \
	    "$TOP"/tests/golden/*.in; do
		[ -e "$f" ] || continue
		[ -f "${f%.in}.args" ] && continue   # golden cases with options
		"$PHISCRUB" <"$f" >"$t/want" 2>/dev/null || continue
		if ! "$@" <"$f" >"$t/got" 2>"$t/err"; then
			bad "$label failed on ${f#"$TOP"/}:"
			cat "$t/err"
		elif ! cmp -s "$t/want" "$t/got"; then
			bad "$label output differs from phiscrub on ${f#"$TOP"/}:"
			diff "$t/want" "$t/got" | head -10 || :
		fi
	done
}
check_outputs "redact (shared)" run_redact "$t/redact"
grep -q 'Worcester\|508-555-0143\|412-68-3390' "$t/got" 2>/dev/null &&
    bad "redact left PHI in its output"
if [ -w /dev/full ]; then
	if run_redact "$t/redact" <"$t/sample.txt" >/dev/full 2>"$t/err"; then
		bad "redact >/dev/full exited 0"
	fi
	grep -qx 'redact: write error' "$t/err" ||
	    bad "redact >/dev/full: no write error message: $(cat "$t/err")"
fi
# The man page's run of the example.
cmd=$(sed -n 's/^\$ \(echo .*| \.\/redact\)$/\1/p' "$TOP/man/libphiscrub.3")
want=$(sed -n '/^\$ echo .*| \.\/redact$/{n;p;}' "$TOP/man/libphiscrub.3")
if [ -z "$cmd" ] || [ -z "$want" ]; then
	bad "man/libphiscrub.3: the example run was not found"
else
	got=$(cd "$t" && LD_LIBRARY_PATH="$prefix/lib" && export LD_LIBRARY_PATH &&
	    eval "$cmd" 2>&1) # eval: the command as the page prints it
	[ "$got" = "$want" ] || bad "man example: got '$got', want '$want'"
fi

# Statically, where the dependencies' static libraries are installed.
if [ -z "$san" ]; then
	sflags=$($PKG_CONFIG --static --cflags --libs phiscrub)
	# shellcheck disable=SC2086
	if (cd "$t" && $CC -static redact.c $sflags -o redact-static) \
	    >"$t/cc-static.log" 2>&1; then
		if ldd "$t/redact-static" >/dev/null 2>&1; then
			bad "redact-static is a dynamic executable"
		fi
		check_outputs "redact (static)" "$t/redact-static"
	elif grep -q 'cannot find -l' "$t/cc-static.log"; then
		echo "embed: static link skipped: $(grep -m1 'cannot find -l' "$t/cc-static.log")"
	else
		bad "cc -static redact.c \$(pkg-config --static ...) failed:"
		tail -20 "$t/cc-static.log"
	fi
fi

# ---- 4. The Python example ---------------------------------------------
if [ -n "$san" ]; then
	echo "embed: sanitized build: precheck.py not run"
elif ! command -v python3 >/dev/null 2>&1; then
	echo "embed: python3 not installed: precheck.py not run"
else
	pre=$TOP/samples/embed/precheck.py
	rc=0
	python3 "$pre" --lib "$prefix/lib/libphiscrub.so.0" "$t/sample.txt" \
	    >"$t/out" 2>"$t/err" || rc=$?
	[ "$rc" = 1 ] || bad "precheck.py on a post with PHI: status $rc, want 1"
	for cat in NAME LOCATION DATE AGE PHONE EMAIL ID; do
		grep -q ": $cat (" "$t/err" || bad "precheck.py did not list $cat"
	done
	grep -q '^precheck: line 2, column 46: PHONE (' "$t/err" ||
	    bad "precheck.py: the phone number is not at line 2, column 46"
	if grep -q 'Sarah\|Worcester\|508-555\|jose@\|412-68\|1951' "$t/err" "$t/out"; then
		bad "precheck.py printed PHI"
	fi
	[ -s "$t/out" ] && bad "precheck.py wrote to standard output"
	# A clean post, the library found through LD_LIBRARY_PATH.
	rc=0
	printf 'Day 3 after the infusion: tired but the nausea is better.\n' |
	    run_redact python3 "$pre" >"$t/out" 2>"$t/err" || rc=$?
	[ "$rc" = 0 ] || bad "precheck.py on a clean post: status $rc, want 0: $(cat "$t/err")"
	[ -s "$t/err" ] && bad "precheck.py on a clean post said: $(cat "$t/err")"
	rc=0
	python3 "$pre" --lib "$t/nonexistent.so" "$t/sample.txt" 2>"$t/err" || rc=$?
	[ "$rc" = 2 ] || bad "precheck.py without a library: status $rc, want 2"
fi

# ---- 5. DESTDIR and uninstall -------------------------------------------
dest=$t/dest
if ! make_ install-lib DESTDIR="$dest" PREFIX=/opt/phiscrub >"$t/install.log" 2>&1; then
	bad "make install-lib DESTDIR=... failed:"
	tail -20 "$t/install.log"
else
	if [ ! -e "$dest/opt/phiscrub/lib/libphiscrub.so.$ver" ] ||
	    [ ! -e "$dest/opt/phiscrub/include/phiscrub.h" ]; then
		bad "DESTDIR install: files missing under DESTDIR"
	fi
	grep -qx 'prefix=/opt/phiscrub' "$dest/opt/phiscrub/lib/pkgconfig/phiscrub.pc" ||
	    bad "DESTDIR install: phiscrub.pc does not say prefix=/opt/phiscrub"
	make_ uninstall-lib DESTDIR="$dest" PREFIX=/opt/phiscrub >"$t/install.log" 2>&1 ||
	    bad "make uninstall-lib DESTDIR=... failed"
	left=$(find "$dest" ! -type d | head -5)
	[ -z "$left" ] || bad "uninstall-lib left: $left"
fi
if ! make_ uninstall PREFIX="$prefix" >"$t/install.log" 2>&1; then
	bad "make uninstall PREFIX=$prefix failed:"
	tail -20 "$t/install.log"
fi
left=$(find "$prefix" ! -type d | head -5)
[ -z "$left" ] || bad "make uninstall left: $left"

rm -rf "$t"
exit "$fail"
