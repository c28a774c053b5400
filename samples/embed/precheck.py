#!/usr/bin/env python3
"""precheck.py: a pre-publish check of a post with libphiscrub (ctypes).

    python3 precheck.py [--lib PATH] [FILE]

Reads the post from FILE (or standard input) and scans it with the default
pattern sets, without producing any redacted text.  If anything would be
redacted, it lists where and what kind (never the text itself) on standard
error and exits 1, so that forum software or a git hook can hold the post
back; it exits 0 when the post is clean and 2 on an error.

The library is found as PATH, else $PHISCRUB_LIB, else libphiscrub.so.0
through the dynamic loader (LD_LIBRARY_PATH, ldconfig).
"""
import ctypes
import os
import sys


# These mirror the structures of phiscrub.h (tests/sh/embed.sh runs this
# script, so a change there that is not made here fails make check).
class ScrubError(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int),
                ("file", ctypes.c_char * 512),
                ("line", ctypes.c_ulong),
                ("column", ctypes.c_ulong),
                ("message", ctypes.c_char * 1024)]


class Finding(ctypes.Structure):
    _fields_ = [("start", ctypes.c_uint64),
                ("end", ctypes.c_uint64),
                ("line", ctypes.c_uint64),
                ("column", ctypes.c_uint64),
                ("category", ctypes.c_int),
                ("rule_id", ctypes.c_char_p),
                ("score", ctypes.c_double),
                ("text", ctypes.c_void_p),       # the matched bytes: unused
                ("text_len", ctypes.c_size_t),
                ("replacement", ctypes.c_void_p),
                ("replacement_len", ctypes.c_size_t)]


OUTPUT_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p,
                             ctypes.c_void_p, ctypes.c_size_t)
FINDING_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p,
                              ctypes.POINTER(Finding))


def open_library(path):
    lib = ctypes.CDLL(path or os.environ.get("PHISCRUB_LIB")
                      or "libphiscrub.so.0")
    vp, err = ctypes.c_void_p, ctypes.POINTER(ScrubError)
    for name, res, args in [
            ("scrub_category_name", ctypes.c_char_p, [ctypes.c_int]),
            ("scrub_loader_new", vp, []),
            ("scrub_loader_free", None, [vp]),
            ("scrub_loader_add_defaults", ctypes.c_int, [vp, err]),
            ("scrub_loader_finish", ctypes.c_int,
             [vp, ctypes.POINTER(vp), err]),
            ("scrub_ruleset_free", None, [vp]),
            ("scrub_scan_opts_init", None, [vp]),
            ("scrub_scanner_new", vp, [vp, vp, err]),
            ("scrub_scanner_free", None, [vp]),
            ("scrub_scanner_feed", ctypes.c_int,
             [vp, ctypes.c_char_p, ctypes.c_size_t, err]),
            ("scrub_scanner_finish", ctypes.c_int, [vp, err])]:
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    return lib


def scan_options(lib, on_finding):
    """struct scrub_scan_opts, whose operators[] has one slot per category:
    the count is asked of the library rather than copied from phiscrub.h."""
    ncat = 0
    while lib.scrub_category_name(ncat) is not None:
        ncat += 1

    class ScanOpts(ctypes.Structure):
        _fields_ = [("line_buffered", ctypes.c_int),
                    ("operators", ctypes.c_int * ncat),
                    ("key", ctypes.c_void_p),
                    ("key_len", ctypes.c_size_t),
                    ("max_unit", ctypes.c_size_t),
                    ("output", OUTPUT_FN),
                    ("on_finding", FINDING_FN),
                    ("user", ctypes.c_void_p)]

    opts = ScanOpts()
    lib.scrub_scan_opts_init(ctypes.byref(opts))
    opts.on_finding = on_finding   # output stays NULL: check mode
    return opts


def precheck(lib, post):
    """Returns the findings of POST (bytes) as (line, column, category,
    rule id) tuples."""
    err = ScrubError()
    found = []

    def on_finding(user, f):
        f = f.contents
        category = lib.scrub_category_name(f.category) or b"?"
        found.append((f.line, f.column, category.decode(),
                      f.rule_id.decode(errors="replace")))
        return 0

    callback = FINDING_FN(on_finding)   # kept alive during the scan
    loader = lib.scrub_loader_new()
    rules = ctypes.c_void_p()
    rc = lib.scrub_loader_add_defaults(loader, ctypes.byref(err))
    if rc == 0:
        rc = lib.scrub_loader_finish(loader, ctypes.byref(rules),
                                     ctypes.byref(err))
    lib.scrub_loader_free(loader)
    if rc < 0:
        raise RuntimeError(err.message.decode(errors="replace"))
    try:
        opts = scan_options(lib, callback)
        scanner = lib.scrub_scanner_new(rules, ctypes.byref(opts),
                                        ctypes.byref(err))
        if not scanner:
            raise RuntimeError(err.message.decode(errors="replace"))
        try:
            rc = lib.scrub_scanner_feed(scanner, post, len(post),
                                        ctypes.byref(err))
            if rc == 0:
                rc = lib.scrub_scanner_finish(scanner, ctypes.byref(err))
            if rc < 0:
                raise RuntimeError(err.message.decode(errors="replace"))
        finally:
            lib.scrub_scanner_free(scanner)
    finally:
        lib.scrub_ruleset_free(rules)
    return found


def main(argv):
    args = argv[1:]
    lib_path = None
    if len(args) >= 2 and args[0] == "--lib":
        lib_path, args = args[1], args[2:]
    if len(args) > 1 or (args and args[0].startswith("-") and args[0] != "-"):
        sys.stderr.write("usage: precheck.py [--lib PATH] [FILE]\n")
        return 2
    try:
        if args and args[0] != "-":
            with open(args[0], "rb") as fp:
                post = fp.read()
        else:
            post = sys.stdin.buffer.read()
        lib = open_library(lib_path)
        found = precheck(lib, post)
    except (OSError, RuntimeError) as e:
        sys.stderr.write("precheck: %s\n" % e)
        return 2
    for line, column, category, rule in found:
        sys.stderr.write("precheck: line %d, column %d: %s (%s)\n"
                         % (line, column, category, rule))
    if found:
        sys.stderr.write("precheck: %d item(s) would be redacted: %s\n"
                         % (len(found),
                            ", ".join(sorted({f[2] for f in found}))))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
