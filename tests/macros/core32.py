"""core32.py: BPF_CORE_READ gives the right value on 32-bit kernels.

On a 32-bit kernel `long` and pointers are 4 bytes; in a BPF program 8.
core32.bpf.c reads mm->task_size, mm->pgd and the signed mm->nice through
BPF_CORE_READ; this test relocates each program against a kernel layout
written out below (as a loader would from that kernel's BTF), runs it in
a small BPF interpreter of its own over a fake kernel memory, and checks
  - the value returned: 0xbf000000, not c19cc000bf000000 (task_size and
    the pgd pointer after it), and -2 for the signed long;
  - the length of each probe read: the kernel's field size, which only a
    FIELD_BYTE_SIZE relocation can give;
for 32- and 64-bit kernels, little- and big-endian objects.  libbpf's
headers are run too, on the 32-bit kernel, where they read 8 bytes: the
test must see the wrong value there, which shows it can tell.
Nothing here uses the loader: the object reader is bpfobj.py, the
instruction set is the kernel's (Documentation/bpf/standardization).
"""
import os
import struct
from harness import OUT, HERE, compile_bpf, first_error, ok, fail, expect_eq, done
from bpfobj import BpfObject

TASK, MM, CTX = 0x100000, 0x200000, 0x10000
STACK_TOP = 0x7fff0000

# Each kernel: field -> (offset, size, signed), and the word size.  The
# 32-bit one is armv7's (or i386's) view of these fields.
KERNELS = {
    32: {"task_struct.mm": (0, 4, 0), "task_struct.tgid": (4, 4, 1),
         "mm_struct.task_size": (0, 4, 0), "mm_struct.pgd": (4, 4, 0),
         "mm_struct.nice": (8, 4, 1), "mm_struct.after": (12, 4, 1)},
    64: {"task_struct.mm": (0, 8, 0), "task_struct.tgid": (8, 4, 1),
         "mm_struct.task_size": (0, 8, 0), "mm_struct.pgd": (8, 8, 0),
         "mm_struct.nice": (16, 8, 1), "mm_struct.after": (24, 4, 1)},
}
# What is in kernel memory, by field.
VALUES = {"task_struct.mm": MM, "task_struct.tgid": 1234,
          "mm_struct.task_size": 0xbf000000, "mm_struct.pgd": 0xc19cc000,
          "mm_struct.nice": -2, "mm_struct.after": 0x5a5a5a5a}
GARBAGE = 0x1122334455667788            # ctx[1]: read_into's initial value
WANT = {"task_size": 0xbf000000, "pgd": 0xc19cc000,
        "nice": (-2) & (2 ** 64 - 1), "read_into": 0xbf000000,
        "read_user": 0xbf000000}
U64 = 2 ** 64 - 1
# libbpf's headers on the 32-bit kernel: 8 bytes read each time, so the
# next field fills the upper half (pgd after task_size, `after` after
# nice), as measured on armmp 6.1 for task_size.  The task->mm pointer
# is garbage-topped too (tgid), but the kernel truncates it.
LIBBPF_WRONG = {"task_size": 0xc19cc000bf000000,
                "nice": 0x5a5a5a5afffffffe,
                "read_into": 0xc19cc000bf000000}


class Fault(Exception):
    pass


class Memory:
    """Regions of bytes at fixed addresses; e is the byte order."""
    def __init__(self, e, bits):
        self.e, self.regions = e, []
        self.word = 2 ** bits - 1       # a kernel address is this wide

    def add(self, base, size):
        buf = bytearray(size)
        self.regions.append((base, buf))
        return buf

    def _find(self, addr, n):
        for base, buf in self.regions:
            if base <= addr and addr + n <= base + len(buf):
                return buf, addr - base
        raise Fault("access of %d bytes at %#x" % (n, addr))

    def read(self, addr, n):
        buf, off = self._find(addr, n)
        return bytes(buf[off:off + n])

    def write(self, addr, data):
        buf, off = self._find(addr, len(data))
        buf[off:off + len(data)] = data

    def load(self, addr, n):
        return int.from_bytes(self.read(addr, n), self.order())

    def store(self, addr, n, v):
        self.write(addr, (v & (2 ** (8 * n) - 1)).to_bytes(n, self.order()))

    def order(self):
        return "big" if self.e == ">" else "little"


def kernel_memory(e, bits):
    """The fake kernel: a task and its mm laid out as kernel `bits` does."""
    mem = Memory(e, bits)
    mem.add(TASK, 64)
    mem.add(MM, 64)
    for field, (off, size, _) in KERNELS[bits].items():
        base = TASK if field.startswith("task_struct") else MM
        mem.store(base + off, size, VALUES[field])
    ctx = mem.add(CTX, 16)
    mem.store(CTX, 8, TASK)
    mem.store(CTX + 8, 8, GARBAGE)
    mem.add(STACK_TOP - 512, 512)
    return mem


def relocate(prog, bits):
    """The program's instructions by slot, with each CO-RE record's value
    for this kernel put where a loader puts it."""
    slots, i = {}, 0
    for insn in prog.insns:
        slots[i] = list(insn)
        i += 2 if insn[0] == 0x18 else 1
    for r in prog.relos:
        off, size, signed = KERNELS[bits][r.path]
        val = {"field_byte_offset": off, "field_byte_size": size,
               "field_signed": signed}[r.kind]
        insn = slots[r.insn]
        if insn[0] & 0x07 in (0x01, 0x02, 0x03):    # ldx, st, stx: offset
            insn[3] = val
        else:                                       # mov, add, ld_imm64
            insn[4] = val
    return slots


def sx(v, bits):
    v &= 2 ** bits - 1
    return v - 2 ** bits if v >> (bits - 1) else v


def alu(op, a, b, bits):
    m = 2 ** bits - 1
    a, b = a & m, b & m
    if op == 0x00: return a + b
    if op == 0x10: return a - b
    if op == 0x20: return a * b
    if op == 0x30: return a // b if b else 0
    if op == 0x40: return a | b
    if op == 0x50: return a & b
    if op == 0x60: return a << (b % bits)
    if op == 0x70: return a >> (b % bits)
    if op == 0x80: return -a
    if op == 0x90: return a % b if b else a
    if op == 0xA0: return a ^ b
    if op == 0xB0: return b
    if op == 0xC0: return sx(a, bits) >> (b % bits)
    raise Fault("alu op %#x" % op)


def jump(op, a, b, bits):
    m = 2 ** bits - 1
    a, b = a & m, b & m
    return {0x00: True, 0x10: a == b, 0x20: a > b, 0x30: a >= b,
            0x40: bool(a & b), 0x50: a != b,
            0x60: sx(a, bits) > sx(b, bits), 0x70: sx(a, bits) >= sx(b, bits),
            0xA0: a < b, 0xB0: a <= b,
            0xC0: sx(a, bits) < sx(b, bits),
            0xD0: sx(a, bits) <= sx(b, bits)}[op]


SIZES = {0x00: 4, 0x08: 2, 0x10: 1, 0x18: 8}


def run(slots, mem):
    """Runs from slot 0 to exit; returns (r0, [(helper, length), ...])."""
    r = [0] * 11
    r[1], r[10] = CTX, STACK_TOP
    reads, pc = [], 0
    for _ in range(10000):
        op, dst, src, off, imm = slots[pc]
        cls, code = op & 0x07, op & 0xF0
        x = r[src] if op & 0x08 else imm
        pc += 1
        if op == 0x18:
            r[dst] = (imm & 0xFFFFFFFF) | (slots[pc][4] & 0xFFFFFFFF) << 32
            pc += 1
        elif cls in (0x07, 0x04):                   # alu64, alu32
            bits = 64 if cls == 0x07 else 32
            v = x if cls == 0x07 or op & 0x08 else imm & 0xFFFFFFFF
            if cls == 0x07 and not op & 0x08:
                v = imm & U64                       # imm sign-extends
            r[dst] = alu(code, r[dst], v, bits) & (U64 if bits == 64 else 0xFFFFFFFF)
        elif cls == 0x01:                           # ldx
            r[dst] = mem.load(r[src] + off, SIZES[op & 0x18])
        elif cls == 0x03:                           # stx
            mem.store(r[dst] + off, SIZES[op & 0x18], r[src])
        elif cls == 0x02:                           # st
            mem.store(r[dst] + off, SIZES[op & 0x18], imm)
        elif op == 0x95:
            return r[0], reads
        elif op == 0x85:
            r[0] = probe_read(mem, imm, r[1], r[2], r[3] & mem.word)
            reads.append((imm, r[2]))
            r[1:6] = [0] * 5
        elif cls in (0x05, 0x06):
            bits = 64 if cls == 0x05 else 32
            v = (imm & U64) if not op & 0x08 else x
            if jump(code, r[dst], v, bits):
                pc += off
        else:
            raise Fault("instruction %#x at %d" % (op, pc - 1))
    raise Fault("no exit after 10000 instructions")


def probe_read(mem, helper, dst, n, src):
    """bpf_probe_read_kernel (113) / _user (112): copy n bytes, or zero
    them and fail as the kernel does.  The caller cut src to the kernel's
    word: a 32-bit kernel truncates the 64-bit register it is handed."""
    if helper not in (112, 113):
        raise Fault("helper %d" % helper)
    try:
        data = mem.read(src, n)
    except Fault:
        mem.write(dst, bytes(n))
        return (-14) & U64
    mem.write(dst, data)
    return 0


def check(headers, target, bits, want_ok):
    tag = "%s/%s/%d-bit" % (headers, target, bits)
    out = os.path.join(OUT, "core32-%s-%s.o" % (headers, target))
    good, msg = compile_bpf(os.path.join(HERE, "core32.bpf.c"), out, headers,
                            ["-Werror"] if headers == "minibpf" else [],
                            target=target)
    if not good:
        fail("core32_compile/" + tag, first_error(msg))
        return
    obj = BpfObject(out)
    e = ">" if obj.big_endian else "<"
    for name, want in sorted(WANT.items()):
        try:
            got, reads = run(relocate(obj.programs[name], bits),
                             kernel_memory(e, bits))
        except (Fault, KeyError) as err:
            fail("core32_%s/%s" % (name, tag), "interpreter: %s" % err)
            continue
        if want_ok:
            expect_eq("core32_%s_value/%s" % (name, tag), hex(got), hex(want))
            # two hops: task->mm (a pointer), mm->field: kernel sizes
            field = "mm_struct." + {"read_into": "task_size",
                                    "read_user": "task_size"}.get(name, name)
            sizes = [n for _, n in reads]
            expect_eq("core32_%s_read_sizes/%s" % (name, tag), sizes,
                      [KERNELS[bits]["task_struct.mm"][1],
                       KERNELS[bits][field][1]])
        elif name in LIBBPF_WRONG:
            expect_eq("core32_%s_libbpf_reads_wrong/%s" % (name, tag),
                      hex(got), hex(LIBBPF_WRONG[name]))


def main():
    for target in ("bpf", "bpfeb"):
        for bits in (32, 64):
            check("minibpf", target, bits, True)
    # libbpf's chains read sizeof(local) bytes: wrong on a 32-bit kernel.
    # (task_size: c19cc000bf000000, as measured on armmp 6.1.)
    check("libbpf", "bpf", 32, False)
    done()


main()
