"""core.py: the CO-RE macros emit the relocations and reads they should.

core.bpf.c is compiled with our headers and with libbpf's, by clang 14 (the
baseline), 15 (which adds bpf_core_type_matches) and 19.  For every program the
test compares, in order, the CO-RE records clang wrote to .BTF.ext
(relocation kind and the field or type it names) and the helpers called,
with the table below; then our records with libbpf's, program by program.

Our BPF_CORE_READ family adds to each hop's offset record a size record
(the read's length is the kernel field's size, which is what makes it
right on a 32-bit kernel: see core32.py) and, for a signed integer read
into a wider local, a signed record; clang may repeat or reorder these,
so records are compared as sets, and with libbpf's on the offsets alone.
"""
import os
from harness import OUT, HERE, compile_bpf, first_error, ok, fail, done
from bpfobj import BpfObject

OFF, SIZE, EXISTS, SIGNED, LSHIFT, RSHIFT = (
    "field_byte_offset", "field_byte_size", "field_exists", "field_signed",
    "field_lshift_u64", "field_rshift_u64")
READ, READ_STR, READ_USER, READ_USER_STR, PROBE_READ = 113, 115, 112, 114, 4


def hop(path):
    """One CO-RE hop of our chains: the field's offset and its size."""
    return [(OFF, path), (SIZE, path)]


def last_int(path):
    """The last hop into a signed integer: and whether the kernel's is."""
    return hop(path) + [(SIGNED, path)]


def chain(n):
    """BPF_CORE_READ over n fields: a read of each hop's `next`, then val."""
    first = 10 - n
    return (sum([hop("s%d.next" % i) for i in range(first, 9)], []) +
            last_int("s9.val"), [READ] * n)


# A bitfield read relocates offset, size, both shifts and signedness; the
# right shift appears twice, once for each branch (signed, unsigned).
def bitfield(path):
    return [(OFF, path), (SIZE, path), (LSHIFT, path), (SIGNED, path),
            (RSHIFT, path), (RSHIFT, path)]


EXPECTED = {
    "read_into": (hop("s7.next") + hop("s8.next") + last_int("s9.val"),
                  [READ] * 3),
    "read_str_into": (hop("s8.next") + [(OFF, "s9.name")], [READ, READ_STR]),
    "read_user": (hop("s8.next") + last_int("s9.val"), [READ_USER] * 2),
    "read_user_str_into": (hop("s8.next") + [(OFF, "s9.name")],
                           [READ_USER, READ_USER_STR]),
    "probe_read": ([], [READ, READ]),           # no CO-RE on plain types
    "bitfield_probed": (bitfield("bits.c"), [READ]),
    "bitfield": (bitfield("bits.b"), []),       # a direct load, no helper
    "field_exists": ([(EXISTS, "s9.val")], []),
    "field_size": ([(SIZE, "s9.name")], []),
    "field_offset": ([(OFF, "s9.val")], []),
    "field_signed": ([(SIGNED, "s9.val")], []),
    "field_exists_type": ([(EXISTS, "s8.next")], []),
    "type_exists": ([("type_exists", "s3")], []),
    "type_size": ([("type_size", "s4")], []),
    "type_id_local": ([("type_id_local", "s5")], []),
    "type_id_kernel": ([("type_id_target", "s6")], []),
    "type_matches": ([("type_matches", "s7")], []),
    "enum_exists": ([("enumval_exists", "colour::GREEN")], []),
    "enum_value": ([("enumval_value", "colour::BLUE")], []),
    "core_read": ([(OFF, "s9.val")], [READ]),
    "core_read_str": ([(OFF, "s9.name")], [READ_STR]),
    "core_read_user": ([(OFF, "s9.val")], [READ_USER]),
    # user variables named p, val, __t are not captured by our macros
    "shadow": (bitfield("bits.b") + hop("s8.next") + last_int("s9.val"),
               [READ] * 5),
}
for n in range(1, 10):
    EXPECTED["chain%d" % n] = chain(n)

# Where libbpf 1.1.2 differs on purpose or lacks the macro: its chains
# record offsets only, each hop reading sizeof(the local) bytes.
def offsets_only(entry):
    relos, calls = entry
    return [r for r in relos if r[0] == OFF], calls


LIBBPF_FLAGS = ["-DREF_NO_FIELD_SIGNED"]
LIBBPF_EXPECTED = dict(EXPECTED, probe_read=([], [PROBE_READ, PROBE_READ]))
CHAINS = ["read_into", "read_str_into", "read_user", "read_user_str_into",
          "shadow"] + ["chain%d" % n for n in range(1, 10)]
for k in CHAINS:
    LIBBPF_EXPECTED[k] = offsets_only(EXPECTED[k])
del LIBBPF_EXPECTED["field_signed"], LIBBPF_EXPECTED["shadow"]

# Programs each build must contain (type_matches: clang 15 only).
def wanted(expected, clang):
    return {k: v for k, v in expected.items()
            if clang != "clang-14" or k != "type_matches"}


def check(headers, clang):
    tag = "%s/%s" % (headers, clang)
    flags = (["-Werror"] if headers == "minibpf" else LIBBPF_FLAGS) + \
        (["-DWANT_TYPE_MATCHES"] if clang != "clang-14" else [])
    out = os.path.join(OUT, "core-%s-%s.o" % (headers, clang))
    good, msg = compile_bpf(os.path.join(HERE, "core.bpf.c"), out, headers,
                            flags, clang=clang)
    if not good:
        fail("core_compile/" + tag, first_error(msg))
        return None
    ok("core_compile/" + tag)
    obj = BpfObject(out)
    expected = wanted(EXPECTED if headers == "minibpf" else LIBBPF_EXPECTED, clang)
    for name, (relos, calls) in sorted(expected.items()):
        prog = obj.programs.get(name)
        if prog is None:
            fail("core_%s/%s" % (name, tag), "program missing")
            continue
        got = sorted(set((r.kind, r.path) for r in prog.relos))
        if got != sorted(set(relos)):
            fail("core_%s/%s" % (name, tag), "relocations %r, expected %r" % (got, relos))
        elif prog.calls != calls:
            fail("core_%s/%s" % (name, tag), "calls %r, expected %r" % (prog.calls, calls))
        else:
            ok("core_%s/%s" % (name, tag))
    return obj


def same_as_libbpf(ours, ref, clang):
    """Ours and libbpf's write the same CO-RE records for every program both
    have, offsets included (probe_read differs on purpose: helper 113),
    comparing the offset records (ours add size and signed ones)."""
    diffs = []
    for name, prog in sorted(ref.programs.items()):
        mine = ours.programs.get(name)
        if mine is None:
            diffs.append(name + ": missing from ours")
            continue
        a = [(r.kind, r.path, r.offset) for r in mine.relos
             if r.kind == OFF or name not in CHAINS]
        b = [(r.kind, r.path, r.offset) for r in prog.relos
             if r.kind == OFF or name not in CHAINS]
        if a != b:
            diffs.append("%s: %r vs %r" % (name, a, b))
    name = "core_records_match_libbpf/" + clang
    if diffs:
        fail(name, "; ".join(diffs))
    else:
        ok(name)


def main():
    for clang in ("clang-14", "clang-15", "clang-19"):
        ours = check("minibpf", clang)
        ref = check("libbpf", clang)
        if ours and ref:
            same_as_libbpf(ours, ref, clang)
    done()


main()
