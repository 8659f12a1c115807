"""regs.py: every register macro reads the right register, on every arch.

For each architecture, regs.bpf.c is compiled with our headers and with
libbpf's, and each tiny program's code is checked against the table below:
which byte of the register struct it loads (PT_REGS_PARM3 on arm64 loads
8 bytes at offset 16, regs[2]), or for the _CORE forms which field its
CO-RE relocation names.  The table is written from the architectures'
ptrace.h and calling conventions, not from either header.

libbpf 1.1.2 (the Debian reference) is checked against the same table
where it is right; what it lacks or gets wrong is listed in LIBBPF_SKIP
and not compiled for it.
"""
import os
from harness import OUT, HERE, compile_bpf, first_error, ok, fail, expect_eq, done
from bpfobj import BpfObject

# One entry per architecture configuration:
#   flags    -D flags selecting it (FAKE_VMLINUX: vmlinux.h field names
#            and preserve_access_index, see arch_regs.h)
#   target   bpf (little-endian) or bpfeb
#   struct   the struct the macros cast ctx to
#   width    register field size in bytes
#   parms    PT_REGS_PARM1.. fields with their byte offsets
#   ret fp rc sp ip   the same for the other registers (fp None: none)
#   sc       PT_REGS_PARM1_SYSCALL..6; a field written "pt_regs.x" lives
#            in the kernel's struct pt_regs and is read through a CO-RE
#            flavor type (offset: in the kernel struct)
X86_64_UAPI = dict(
    flags=["-D__TARGET_ARCH_x86"], target="bpf", struct="pt_regs", width=8,
    parms=[("rdi", 112), ("rsi", 104), ("rdx", 96), ("rcx", 88), ("r8", 72),
           ("r9", 64)],
    ret=("rsp", 152), fp=("rbp", 32), rc=("rax", 80), sp=("rsp", 152),
    ip=("rip", 128),
    sc=[("rdi", 112), ("rsi", 104), ("rdx", 96), ("r10", 56), ("r8", 72),
        ("r9", 64)])
X86_64_VMLINUX = dict(
    X86_64_UAPI, flags=["-D__TARGET_ARCH_x86", "-DFAKE_VMLINUX"],
    parms=[("di", 112), ("si", 104), ("dx", 96), ("cx", 88), ("r8", 72),
           ("r9", 64)],
    ret=("sp", 152), fp=("bp", 32), rc=("ax", 80), sp=("sp", 152),
    ip=("ip", 128),
    sc=[("di", 112), ("si", 104), ("dx", 96), ("r10", 56), ("r8", 72),
        ("r9", 64)])
I386_UAPI = dict(
    flags=["-D__TARGET_ARCH_x86", "-D__i386__"], target="bpf",
    struct="pt_regs", width=4,
    parms=[("eax", 24), ("edx", 8), ("ecx", 4)],
    ret=("esp", 60), fp=("ebp", 20), rc=("eax", 24), sp=("esp", 60),
    ip=("eip", 48),
    sc=[("ebx", 0), ("ecx", 4), ("edx", 8), ("esi", 12), ("edi", 16),
        ("ebp", 20)])
I386_VMLINUX = dict(
    I386_UAPI, flags=["-D__TARGET_ARCH_x86", "-D__i386__", "-DFAKE_VMLINUX"],
    parms=[("ax", 24), ("dx", 8), ("cx", 4)],
    ret=("sp", 60), fp=("bp", 20), rc=("ax", 24), sp=("sp", 60),
    ip=("ip", 48),
    sc=[("bx", 0), ("cx", 4), ("dx", 8), ("si", 12), ("di", 16), ("bp", 20)])
ARM64 = dict(
    flags=["-D__TARGET_ARCH_arm64", "-DFAKE_VMLINUX"], target="bpf",
    struct="user_pt_regs", width=8,
    parms=[("regs[%d]" % i, 8 * i) for i in range(8)],
    ret=("regs[30]", 240), fp=("regs[29]", 232), rc=("regs[0]", 0),
    sp=("sp", 248), ip=("pc", 256),
    sc=[("pt_regs.orig_x0", 272)] + [("regs[%d]" % i, 8 * i) for i in range(1, 6)])
ARM = dict(
    flags=["-D__TARGET_ARCH_arm", "-DFAKE_VMLINUX"], target="bpf",
    struct="pt_regs", width=4,
    parms=[("uregs[%d]" % i, 4 * i) for i in range(4)],
    ret=("uregs[14]", 56), fp=("uregs[11]", 44), rc=("uregs[0]", 0),
    sp=("uregs[13]", 52), ip=("uregs[15]", 60),
    sc=[("uregs[%d]" % i, 4 * i) for i in range(6)])
RISCV = dict(
    flags=["-D__TARGET_ARCH_riscv", "-DFAKE_VMLINUX"], target="bpf",
    struct="user_regs_struct", width=8,
    parms=[("a%d" % i, 80 + 8 * i) for i in range(8)],
    ret=("ra", 8), fp=("s0", 64), rc=("a0", 80), sp=("sp", 16), ip=("pc", 0),
    sc=[("pt_regs.orig_a0", 280)] + [("a%d" % i, 80 + 8 * i) for i in range(1, 6)])
MIPS = dict(
    flags=["-D__TARGET_ARCH_mips", "-DFAKE_VMLINUX"], target="bpfeb",
    struct="pt_regs", width=8,
    parms=[("regs[%d]" % (4 + i), 32 + 8 * i) for i in range(8)],
    ret=("regs[31]", 248), fp=("regs[30]", 240), rc=("regs[2]", 16),
    sp=("regs[29]", 232), ip=("cp0_epc", 296),
    sc=[("regs[%d]" % (4 + i), 32 + 8 * i) for i in range(6)])
S390 = dict(
    flags=["-D__TARGET_ARCH_s390", "-DFAKE_VMLINUX"], target="bpfeb",
    struct="user_pt_regs", width=8,
    parms=[("gprs[%d]" % (2 + i), 40 + 8 * i) for i in range(5)],
    ret=("gprs[14]", 136), fp=("gprs[11]", 112), rc=("gprs[2]", 40),
    sp=("gprs[15]", 144), ip=("psw.addr", 16),
    sc=[("pt_regs.orig_gpr2", 152)] + [("gprs[%d]" % (2 + i), 40 + 8 * i)
                                      for i in range(1, 6)])
POWERPC = dict(
    flags=["-D__TARGET_ARCH_powerpc", "-DFAKE_VMLINUX"], target="bpf",
    struct="pt_regs", width=8,
    parms=[("gpr[%d]" % (3 + i), 24 + 8 * i) for i in range(8)],
    ret=("link", 288), fp=None, rc=("gpr[3]", 24), sp=("gpr[1]", 8),
    ip=("nip", 256),
    sc=[("orig_gpr3", 272)] + [("gpr[%d]" % (3 + i), 24 + 8 * i) for i in range(1, 6)])
LOONGARCH = dict(
    flags=["-D__TARGET_ARCH_loongarch", "-DFAKE_VMLINUX"], target="bpf",
    struct="user_pt_regs", width=8,
    parms=[("regs[%d]" % (4 + i), 32 + 8 * i) for i in range(8)],
    ret=("regs[1]", 8), fp=("regs[22]", 176), rc=("regs[4]", 32),
    sp=("regs[3]", 24), ip=("csr_era", 264),
    sc=[("orig_a0", 256)] + [("regs[%d]" % (4 + i), 32 + 8 * i) for i in range(1, 6)])

# The 32-bit kernels: our headers read registers through a struct of
# their own with 32-bit fields and the kernel's names (pt_regs___mb32), so
# that "long" fields (8 bytes in BPF) in the program's declaration cannot
# move them.  Direct reads then carry no relocation (the layout is the
# ABI) and _CORE reads name the kernel's fields.  -DLONG_REGS declares
# pt_regs as UAPI's <asm/ptrace.h> does, with longs: the offsets must not
# change (libbpf's headers read 8 bytes at twice the offset there).
I386_OURS = dict(abi=True, parms=I386_VMLINUX["parms"], ret=I386_VMLINUX["ret"],
                 fp=I386_VMLINUX["fp"], rc=I386_VMLINUX["rc"],
                 sp=I386_VMLINUX["sp"], ip=I386_VMLINUX["ip"],
                 sc=I386_VMLINUX["sc"])
I386_UAPI["minibpf"] = I386_OURS
I386_VMLINUX["minibpf"] = I386_OURS
ARM["minibpf"] = dict(abi=True)
I386_LONG = dict(I386_UAPI, flags=I386_UAPI["flags"] + ["-DLONG_REGS"])
ARM_LONG = dict(ARM, flags=["-D__TARGET_ARCH_arm", "-DLONG_REGS"])

ARCHES = {
    "x86_64": X86_64_UAPI, "x86_64-vmlinux": X86_64_VMLINUX,
    "i386": I386_UAPI, "i386-vmlinux": I386_VMLINUX, "i386-long": I386_LONG,
    "arm64": ARM64, "arm": ARM, "arm-long": ARM_LONG, "riscv64": RISCV,
    "mips64": MIPS, "s390x": S390, "powerpc64": POWERPC,
    "loongarch64": LOONGARCH,
}

# What libbpf 1.1.2 lacks or gets wrong (None: the arch as a whole).
LIBBPF_SKIP = {
    "i386-vmlinux": None,       # uses the x86-64 names di, si.. on i386
    "i386-long": None,          # reads 8-byte longs at twice the offset
    "arm-long": None,           # the same
    "loongarch64": None,        # arrived in libbpf 1.2
    "i386": ["-DNO_SYSCALL"],   # syscall args read from eax, edx, ecx
    "arm": ["-DNO_IP"],         # PT_REGS_IP is uregs[12] (r12), not pc
    "s390x": ["-DNO_RET"],      # PT_REGS_RET misspells gprs as "grps"
    "powerpc64": ["-DNO_RET", "-DNO_SP", "-DNO_SC_PARM1"],  # regs[31], sp,
                                # gpr[3] for orig_gpr3
    "riscv64": ["-DNO_SC_PARM1"],   # a0 for orig_a0
}


def strip_flavor(path):
    """pt_regs___arm64.orig_x0 -> pt_regs.orig_x0 (what the loader matches)."""
    head, _, rest = path.partition(".")
    return head.split("___")[0] + "." + rest


def field_path(arch, field):
    return field if field.startswith("pt_regs.") else arch["struct"] + "." + field


def check_direct(name, prog, arch, field, off, vmlinux):
    """A direct read: one load of `width` bytes at `off` from ctx."""
    want = [(off, arch["width"])]
    if prog.ctx_loads != want:
        return "loads %r from ctx, expected %r (%s)" % (prog.ctx_loads, want, field)
    if arch.get("abi"):     # our own 32-bit struct: an ABI, not relocated
        if prog.relos:
            return "relocations %r, expected none" % [r.path for r in prog.relos]
    elif vmlinux:   # preserve_access_index: the load itself is relocated
        paths = [r.path for r in prog.relos]
        if paths != [field_path(arch, field)]:
            return "relocations %r, expected [%r]" % (paths, field_path(arch, field))
    return None


def check_core(name, prog, arch, field, off):
    """A _CORE read: bpf_probe_read_kernel at a relocated field offset."""
    relos = [r for r in prog.relos if r.kind == "field_byte_offset"]
    if prog.calls != [113]:
        return "calls %r, expected [113] (bpf_probe_read_kernel)" % prog.calls
    if len(relos) != 1:
        return "%d field relocations, expected 1" % len(relos)
    r = relos[0]
    want = field_path(arch, field)
    if strip_flavor(r.path) != want:
        return "relocates %s, expected %s" % (r.path, want)
    if ("___" not in r.path or arch.get("abi")) and r.offset != off:
        return "%s at local offset %d, expected %d" % (r.path, r.offset, off)
    return None


def check_arch(aname, arch, headers, extra):
    if headers == "minibpf":
        arch = dict(arch, **arch.get("minibpf", {}))
    vmlinux = "-DFAKE_VMLINUX" in arch["flags"]
    nparms = len(arch["parms"])
    nsc = 6
    if headers == "libbpf":
        nparms, nsc = min(nparms, 5), 5
    flags = arch["flags"] + ["-DNR_PARMS=%d" % nparms, "-DNR_SC_PARMS=%d" % nsc]
    if arch["fp"] is None:
        flags.append("-DNO_FP")
    flags += extra
    tag = "%s/%s" % (aname, headers)
    out = os.path.join(OUT, "regs-%s-%s.o" % (aname, headers))
    good, msg = compile_bpf(os.path.join(HERE, "regs.bpf.c"), out, headers,
                            flags + (["-Werror"] if headers == "minibpf" else []),
                            target=arch["target"])
    if not good:
        fail("regs_compile/" + tag, first_error(msg))
        return
    ok("regs_compile/" + tag)
    obj = BpfObject(out)
    progs = obj.programs

    # The table as (program name, field, offset) for every macro tested.
    reads = [("parm%d" % (i + 1), f, o) for i, (f, o) in enumerate(arch["parms"][:nparms])]
    for reg in ("ret", "fp", "rc", "sp", "ip"):
        if arch[reg] and "-DNO_" + reg.upper() not in flags:
            reads.append((reg, arch[reg][0], arch[reg][1]))
    if "-DNO_SYSCALL" not in flags:
        for i, (f, o) in enumerate(arch["sc"][:nsc]):
            if i == 0 and "-DNO_SC_PARM1" in flags:
                continue
            reads.append(("sc_parm%d" % (i + 1), f, o))

    groups = {"direct": [], "core": [], "kprobe_args": [], "kretprobe": [],
              "ksyscall": []}
    for pname, field, off in reads:
        for suffix in ("", "_core"):
            prog = progs.get(pname + suffix)
            if prog is None:
                groups["core" if suffix else "direct"].append(pname + suffix + ": missing")
                continue
            if suffix or field.startswith("pt_regs."):  # flavor reads are CO-RE
                why = check_core(pname, prog, arch, field, off)
            else:
                why = check_direct(pname, prog, arch, field, off, vmlinux)
            if why:
                groups["core" if suffix else "direct"].append(pname + suffix + ": " + why)

    # BPF_KPROBE(name, a1..an) returning an reads PARMn.
    for n in range(1, nparms + 1):
        prog = progs.get("kprobe_arg%d" % n)
        field, off = arch["parms"][n - 1]
        why = "missing" if prog is None else \
            check_direct("kprobe_arg%d" % n, prog, arch, field, off, vmlinux)
        if why:
            groups["kprobe_args"].append("kprobe_arg%d: %s" % (n, why))
    prog = progs.get("kretprobe_rc")
    why = "missing" if prog is None else \
        check_direct("kretprobe_rc", prog, arch, arch["rc"][0], arch["rc"][1], vmlinux)
    if why:
        groups["kretprobe"].append(why)

    # BPF_KSYSCALL: reads the regs pointer from PARM1, then each syscall
    # argument through CO-RE; needs the LINUX_HAS_SYSCALL_WRAPPER extern.
    # (Skipped where the reference reads syscall argument 1 wrongly.)
    check_ksyscall = "-DNO_SYSCALL" not in flags and "-DNO_SC_PARM1" not in flags
    if check_ksyscall:
        prog = progs.get("ksyscall_args")
        if prog is None:
            groups["ksyscall"].append("missing")
        else:
            if "LINUX_HAS_SYSCALL_WRAPPER" not in obj.externs:
                groups["ksyscall"].append("no LINUX_HAS_SYSCALL_WRAPPER extern")
            if not prog.ctx_loads or prog.ctx_loads[0] != (arch["parms"][0][1], arch["width"]):
                groups["ksyscall"].append("first ctx load %r is not PARM1" % prog.ctx_loads[:1])
            got = {strip_flavor(r.path) for r in prog.relos}
            want = {field_path(arch, f) for f, _ in arch["sc"][:nsc]}
            if vmlinux and not arch.get("abi"):
                want.add(field_path(arch, arch["parms"][0][0]))
            if got != want:
                groups["ksyscall"].append("relocations %s, expected %s"
                                          % (sorted(got), sorted(want)))

    for g, problems in groups.items():
        if g == "ksyscall" and not check_ksyscall:
            continue
        if problems:
            fail("regs_%s/%s" % (g, tag), "; ".join(problems))
        else:
            ok("regs_%s/%s" % (g, tag))


def check_table_against_host():
    """The x86-64 UAPI table agrees with this machine's <asm/ptrace.h>,
    as a host C compiler lays it out (offsetof), not as we wrote it."""
    import subprocess
    arch = X86_64_UAPI
    fields = dict(arch["parms"] + arch["sc"] +
                  [arch[r] for r in ("ret", "fp", "rc", "sp", "ip")])
    src = "#include <stdio.h>\n#include <stddef.h>\n#include <asm/ptrace.h>\n" \
        "int main(void) {\n" + "".join(
            '\tprintf("%%s %%zu\\n", "%s", offsetof(struct pt_regs, %s));\n' % (f, f)
            for f in sorted(fields)) + "\treturn 0;\n}\n"
    os.makedirs(OUT, exist_ok=True)
    c, exe = os.path.join(OUT, "uapi_offsets.c"), os.path.join(OUT, "uapi_offsets")
    open(c, "w").write(src)
    r = subprocess.run(["cc", "-o", exe, c], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode:
        fail("regs_table_matches_host_uapi/x86_64", first_error(r.stdout))
        return
    out = subprocess.run([exe], stdout=subprocess.PIPE, universal_newlines=True).stdout
    got = {f: int(o) for f, o in (line.split() for line in out.splitlines())}
    expect_eq("regs_table_matches_host_uapi/x86_64", got, fields)


def main():
    check_table_against_host()
    for aname, arch in ARCHES.items():
        check_arch(aname, arch, "minibpf", [])
        if aname in LIBBPF_SKIP and LIBBPF_SKIP[aname] is None:
            continue
        check_arch(aname, arch, "libbpf", LIBBPF_SKIP.get(aname, []))
    done()


main()
