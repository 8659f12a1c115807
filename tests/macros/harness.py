"""harness.py: the Python side of the macros tests' harness.

Prints the lines tests/run.sh counts (ok NAME / FAIL NAME: why /
skip NAME: why) and compiles test sources with either header set:

    HEADERS["minibpf"]  -DHEADERS_MINIBPF -I macros   (ours)
    HEADERS["libbpf"]   -DHEADERS_LIBBPF               (/usr/include/bpf,
                                                       the reference only)

ROOT is the repository, OUT the build directory for this area
($B/tests/macros).
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
B = os.environ.get("B", os.path.join(ROOT, "build"))
OUT = os.path.join(B, "tests", "macros")
HERE = os.path.join(ROOT, "tests", "macros")
CLANG = os.environ.get("CLANG", "clang-14")

# Our headers first; libbpf's come from the default /usr/include.  The
# multiarch directory (asm/types.h for linux/types.h) goes last in both.
HEADERS = {
    "minibpf": ["-DHEADERS_MINIBPF", "-I", os.path.join(ROOT, "macros")],
    "libbpf": ["-DHEADERS_LIBBPF"],
}
COMMON = ["-g", "-O2", "-Wall", "-I", HERE,
          "-idirafter", "/usr/include/x86_64-linux-gnu"]

failed = False


def ok(name):
    print("ok " + name)


def fail(name, why):
    global failed
    failed = True
    print("FAIL %s: %s" % (name, why))


def skip(name, why):
    print("skip %s: %s" % (name, why))


def expect_eq(name, got, want):
    if got == want:
        ok(name)
    else:
        fail(name, "got %r, expected %r" % (got, want))


def compile_bpf(src, out, headers, flags=(), clang=None, target="bpf"):
    """Compiles src to out; returns (True, "") or (False, compiler output)."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [clang or CLANG, "-target", target] + COMMON + HEADERS[headers] + \
        list(flags) + ["-c", src, "-o", out]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    return r.returncode == 0, r.stdout


def first_error(text):
    """The first 'error:' line of compiler output, for a FAIL message."""
    for line in text.splitlines():
        if "error:" in line:
            return line.strip()
    return text.strip().splitlines()[0] if text.strip() else "(no output)"


def done():
    sys.exit(1 if failed else 0)
