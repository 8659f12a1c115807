"""progs.py: realistic programs build with our headers as with libbpf's,
and load into this kernel with minibpf.

The programs in tests/macros/progs/ (exec, file open, block I/O latency,
TCP connect) are written the way libbpf users write them, against a
vmlinux.h of this kernel; make builds each twice, NAME.minibpf.o with our
headers and NAME.libbpf.o with libbpf's.  The test checks that both
builds have the same programs, the same CO-RE relocations and the same
helper calls, then (as root) loads ours with `minibpf load`.  The seed
example is checked here too: both its builds relocate bpf_map.map_type
and call the helpers it names.
"""
import os
import subprocess
from harness import ROOT, B, OUT, ok, fail, skip, expect_eq, done
from bpfobj import BpfObject

PROGS = ["execsnoop", "opensnoop", "biolatency", "tcpconnect"]
MINIBPF = os.environ.get("MINIBPF", os.path.join(B, "minibpf"))
# the seed example's two builds: freestanding, and against vmlinux.h
SEEDS = {"freestanding": os.path.join(B, "bpf", "seed.bpf.o"),
         "vmlinux": os.path.join(B, "bpf", "seed-vmlinux.bpf.o")}


SIZE_KINDS = ("field_byte_size", "field_signed")


def summary(obj, sized):
    """What must not depend on the header set: per program, its section,
    the helpers it calls and the fields and types it relocates.  Sets, not
    lists: clang may duplicate a block (ours are larger, see below).  Our
    BPF_CORE_READ adds a size (and signed) record to each hop's offset
    record, which libbpf's does not; `sized` False leaves those kinds out,
    and the caller checks that libbpf's are a subset of ours."""
    return {name: (p.section, sorted(set(p.calls)),
                   sorted(set((r.kind, r.path) for r in p.relos
                              if sized or r.kind not in SIZE_KINDS)))
            for name, p in obj.programs.items()}


def check_same_as_libbpf(name):
    paths = [os.path.join(OUT, "progs", "%s.%s.o" % (name, h))
             for h in ("minibpf", "libbpf")]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        fail("progs_%s_same_as_libbpf" % name, "not built: " + ", ".join(missing))
        return
    ours, ref = (BpfObject(p) for p in paths)
    expect_eq("progs_%s_same_as_libbpf" % name, summary(ours, False),
              summary(ref, False))
    a, b = summary(ours, True), summary(ref, True)
    lost = [(n, r) for n in b for r in b[n][2] if r not in a.get(n, ("", [], []))[2]]
    expect_eq("progs_%s_keeps_libbpf_size_records" % name, lost, [])


def check_seed(how, path):
    name = "seed_%s_reads_map_type" % how
    if not os.path.exists(path):
        fail(name, "not built: " + path)
        return
    p = BpfObject(path).programs.get("seed")
    if p is None:
        fail(name, "no program named seed")
        return
    # BPF_CORE_READ(map, map_type) = probe read 113 of the kernel's size
    # of map_type at its offset; then lookup 1, update 2,
    # perf_event_read_value 55, update 2.
    field_relos = sorted(set((r.kind, r.path) for r in p.relos
                             if r.path.startswith("bpf_map")))
    expect_eq(name, (p.calls, field_relos, p.ctx_loads[:1]),
              ([113, 1, 2, 55, 2], [("field_byte_offset", "bpf_map.map_type"),
                                    ("field_byte_size", "bpf_map.map_type")],
               [(112, 8)]))


def load(path, name):
    """minibpf load OBJ: exit 0 and one "prog NAME id N" line per program."""
    want = sorted(BpfObject(path).programs)
    r = subprocess.run([MINIBPF, "load", path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    loaded = sorted(l.split()[1] for l in r.stdout.splitlines()
                    if l.startswith("prog ") and " id " in l)
    if r.returncode:
        fail(name, "minibpf load exited %d: %s" % (r.returncode,
                                                    r.stdout.strip()[-400:]))
    else:
        expect_eq(name, loaded, want)


def main():
    for name in PROGS:
        check_same_as_libbpf(name)
    for how, path in SEEDS.items():
        check_seed(how, path)

    objs = [(os.path.join(OUT, "progs", n + ".minibpf.o"), "progs_%s_loads" % n)
            for n in PROGS] + \
        [(p, "seed_%s_loads" % how) for how, p in SEEDS.items()]
    for path, name in objs:
        if os.geteuid() != 0:
            skip(name, "loading needs root")
        elif not os.access(MINIBPF, os.X_OK):
            skip(name, "no minibpf tool at " + MINIBPF)
        elif not os.path.exists(path):
            fail(name, "not built: " + path)
        else:
            load(path, name)
    done()


main()
