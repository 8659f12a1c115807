"""helpers.py: helper prototypes and ids, bpf_printk, byte order, maps.

  - scripts/gen-helpers.sh run again gives the committed bpf_helper_defs.h;
  - every helper id in it equals BPF_FUNC_<name> as this machine's C
    compiler computes it from linux/bpf.h's enum, and equals libbpf's id
    for every helper both list;
  - helpers.bpf.c, built with both header sets and both byte orders, calls
    the ids written out below, picks bpf_trace_printk or bpf_trace_vprintk
    by argument count, folds constant byte swaps, emits one "be"
    instruction for run-time ones (none on big-endian), lays out a
    BTF-defined map as the loader reads it and puts externs in .kconfig
    and .ksyms.
"""
import os
import re
import subprocess
from harness import ROOT, OUT, HERE, compile_bpf, first_error, ok, fail, \
    expect_eq, done
from bpfobj import BpfObject, ARRAY, PTR, STRUCT, DATASEC, ENUM

DEFS = os.path.join(ROOT, "macros", "bpf", "bpf_helper_defs.h")
LIBBPF_DEFS = "/usr/include/bpf/bpf_helper_defs.h"


def ids_in(path):
    """name -> id from a helper header: "(*const bpf_x)(...) = (void *)N;"."""
    text = open(path).read()
    return {m.group(1): int(m.group(2)) for m in
            re.finditer(r"\(\*\s*(?:const\s*)?(bpf_\w+)\)\(.*\) = \(void \*\) ?(\d+);", text)}


def check_regenerate():
    out = os.path.join(OUT, "bpf_helper_defs.h")
    os.makedirs(OUT, exist_ok=True)
    with open(out, "w") as f:
        r = subprocess.run(["sh", os.path.join(ROOT, "scripts", "gen-helpers.sh")],
                           stdout=f, stderr=subprocess.PIPE, universal_newlines=True)
    if r.returncode:
        fail("helpers_regenerated_file_is_committed", r.stderr.strip())
    elif open(out).read() != open(DEFS).read():
        fail("helpers_regenerated_file_is_committed",
             "scripts/gen-helpers.sh > %s differs from %s" % (out, DEFS))
    else:
        ok("helpers_regenerated_file_is_committed")


def check_ids_against_uapi_enum(ours):
    src = os.path.join(OUT, "helper_ids.c")
    exe = os.path.join(OUT, "helper_ids")
    # "+ f()" chains with or without the commas some mappers put between
    # entries (older: FN(a), FN(b); newer: FN(a, 0) FN(b, 1)).
    open(src, "w").write(
        "#include <stdio.h>\n#include <linux/bpf.h>\n"
        "static int show(const char *n, int id) { printf(\"bpf_%s %d\\n\", n, id); return 0; }\n"
        "#define SHOW(name, ...) + show(#name, BPF_FUNC_##name)\n"
        "int main(void) { return 0 __BPF_FUNC_MAPPER(SHOW) + 0; }\n")
    r = subprocess.run(["cc", "-o", exe, src], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode:
        fail("helpers_ids_match_uapi_enum", first_error(r.stdout))
        return
    out = subprocess.run([exe], stdout=subprocess.PIPE, universal_newlines=True).stdout
    uapi = {n: int(i) for n, i in (l.split() for l in out.splitlines())}
    del uapi["bpf_unspec"]
    expect_eq("helpers_ids_match_uapi_enum", ours, uapi)


def check_ids_against_libbpf(ours):
    ref = ids_in(LIBBPF_DEFS)
    both = set(ours) & set(ref)
    diff = {n: (ours[n], ref[n]) for n in both if ours[n] != ref[n]}
    if len(both) < 200:
        fail("helpers_ids_match_libbpf", "only %d helpers in common" % len(both))
    elif diff:
        fail("helpers_ids_match_libbpf", "ours vs libbpf: %r" % diff)
    else:
        ok("helpers_ids_match_libbpf")


# program: helper ids it must call, in order
CALLS = {
    "helper_ids": [1, 2, 5, 14, 55, 113, 158],
    "printk0": [6], "printk1": [6], "printk3": [6],
    "printk4": [177], "printk7": [177],
}
BE_INSN = 0xDC      # BPF_ALU | BPF_END | BPF_TO_BE


def be_widths(prog):
    return [imm for op, _, _, _, imm in prog.insns if op == BE_INSN]


def check_map_btf(obj):
    """counts: type is int (*)[1] (BPF_MAP_TYPE_HASH), max_entries int (*)[1024]."""
    btf = obj.btf
    sec = next((t for t in btf.types[1:] if t["kind"] == DATASEC
                and t["name"] == ".maps"), None)
    if sec is None:
        return "no .maps DATASEC"
    for t in btf.types[1:]:
        if t["kind"] != STRUCT or not t["members"]:
            continue
        members = {n: m for n, m, _ in t["members"]}
        if set(members) != {"type", "max_entries", "key", "value"}:
            continue
        def nelems(tid):
            p = btf.types[tid]
            a = btf.types[p["type"]] if p["kind"] == PTR else None
            return a["nelems"] if a and a["kind"] == ARRAY else None
        got = (nelems(members["type"]), nelems(members["max_entries"]),
               btf.size(btf.types[members["key"]]["type"]),
               btf.size(btf.types[members["value"]]["type"]))
        return None if got == (1, 1024, 4, 8) else \
            "type/max_entries/key size/value size %r, expected (1, 1024, 4, 8)" % (got,)
    return "no struct with type, max_entries, key, value"


def ulong_values(obj):
    """The values of the enums behind every map_extra member (__ulong)."""
    btf, vals = obj.btf, []
    for t in btf.types[1:]:
        for name, mtype, _ in t.get("members", []) if t["kind"] == STRUCT else []:
            e = btf.types[mtype]
            if name == "map_extra" and e["kind"] == ENUM:
                vals += [v for _, v in e["values"]]
    return vals


def check_object(headers, target):
    tag = "%s/%s" % (headers, target)
    out = os.path.join(OUT, "helpers-%s-%s.o" % (headers, target))
    good, msg = compile_bpf(os.path.join(HERE, "helpers.bpf.c"), out, headers,
                            ["-Werror"] if headers == "minibpf" else [], target=target)
    if not good:
        fail("helpers_compile/" + tag, first_error(msg))
        return
    ok("helpers_compile/" + tag)
    obj = BpfObject(out)
    p = obj.programs

    for name, calls in CALLS.items():
        expect_eq("helpers_calls_%s/%s" % (name, tag), p[name].calls, calls)

    # 0x1234 in network order is 0x3412 as a little-endian number.
    const = 0x3412 if target == "bpf" else 0x1234
    movs = [imm for op, _, _, _, imm in p["htons_const"].insns if op == 0xB7]
    expect_eq("helpers_htons_constant_folds/" + tag,
              (movs, be_widths(p["htons_const"])), ([const], []))
    swaps = [be_widths(p[n]) for n in ("htons_var", "htonl_var", "be64_var")]
    expect_eq("helpers_byte_swaps_are_one_insn/" + tag, swaps,
              [[16], [32], [64]] if target == "bpf" else [[], [], []])

    expect_eq("helpers_bpf_prog_arg3_reads_slot_2/" + tag,
              p["prog_arg3"].ctx_loads, [(16, 8)])

    why = check_map_btf(obj)
    if why:
        fail("helpers_map_btf_layout/" + tag, why)
    else:
        ok("helpers_map_btf_layout/" + tag)
    if headers == "minibpf":
        expect_eq("helpers_ulong_is_an_enum_value/" + tag, ulong_values(obj), [3])
    secs = sorted(t["name"] for t in obj.btf.types[1:] if t["kind"] == DATASEC)
    expect_eq("helpers_externs_in_kconfig_and_ksyms/" + tag,
              [s for s in secs if s in (".kconfig", ".ksyms")], [".kconfig", ".ksyms"])


def main():
    check_regenerate()
    ours = ids_in(DEFS)
    check_ids_against_uapi_enum(ours)
    check_ids_against_libbpf(ours)
    for headers in ("minibpf", "libbpf"):
        for target in ("bpf", "bpfeb"):
            check_object(headers, target)
    done()


main()
