"""errors.py: mistakes get a compile error that says what is wrong.

Each case of must_fail.bpf.c is compiled with our headers; the compile
must fail and its output must contain the message written here.  One case,
standalone, must compile: our headers alone, no architecture, no other
header, everything that needs no registers.
"""
import os
from harness import OUT, HERE, compile_bpf, first_error, ok, fail, done

SRC = os.path.join(HERE, "must_fail.bpf.c")
NO_ARCH = "give the kernel's architecture with -D__TARGET_ARCH_xxx"

# case: (flags, clang, message the compiler must print)
CASES = {
    "no_arch_parm": ([], "clang-14", NO_ARCH),
    "no_arch_kprobe": ([], "clang-14", NO_ARCH),
    "x86_64_parm7": (["-D__TARGET_ARCH_x86"], "clang-14",
                     "PT_REGS_PARM7: x86_64 passes only 6 arguments in registers"),
    "x86_64_kprobe_7_args": (["-D__TARGET_ARCH_x86"], "clang-14",
                             "PT_REGS_PARM7: x86_64 passes only 6 arguments in registers"),
    "i386_parm4": (["-D__TARGET_ARCH_x86", "-D__i386__"], "clang-14",
                   "PT_REGS_PARM4: i386 passes only 3 arguments in registers"),
    "arm_kprobe_5_args": (["-D__TARGET_ARCH_arm"], "clang-14",
                          "PT_REGS_PARM5: arm passes only 4 arguments in registers"),
    "s390_parm6_core": (["-D__TARGET_ARCH_s390"], "clang-14",
                        "PT_REGS_PARM6: s390x passes only 5 arguments in registers"),
    "powerpc_fp": (["-D__TARGET_ARCH_powerpc"], "clang-14",
                   "PT_REGS_FP: powerpc64 has no frame pointer register"),
    "kprobe_9_args": (["-D__TARGET_ARCH_arm64"], "clang-14",
                      "BPF_KPROBE takes at most 8 arguments"),
    "ksyscall_7_args": (["-D__TARGET_ARCH_arm64"], "clang-14",
                        "BPF_KSYSCALL takes at most 6 arguments"),
    "type_matches_clang14": ([], "clang-14",
                             "bpf_core_type_matches() needs clang 15 or newer"),
    "ksym_not_weak": ([], "clang-14", "must be declared __weak"),
}


def main():
    out = os.path.join(OUT, "must_fail.o")
    good, msg = compile_bpf(SRC, out, "minibpf", ["-DCASE_standalone", "-Werror"])
    if good:
        ok("errors_none_standalone_without_arch")
    else:
        fail("errors_none_standalone_without_arch", first_error(msg))

    for case, (flags, clang, message) in CASES.items():
        name = "errors_" + case
        good, msg = compile_bpf(SRC, out, "minibpf", ["-DCASE_" + case] + flags,
                                clang=clang)
        if good:
            fail(name, "compiled, expected an error")
        elif message not in msg:
            fail(name, "no %r in: %s" % (message, first_error(msg)))
        else:
            ok(name)
    done()


main()
