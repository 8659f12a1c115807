"""bpfobj.py: just enough of a BPF object reader for the macros tests.

The tests ask what a compiled program *does*: which bytes of its context it
loads, which helpers it calls, which CO-RE relocations it carries.  This
module reads a clang -target bpf/bpfeb object (ELF64, either byte order)
and answers, without llvm-objdump text parsing or bpftool:

    obj = BpfObject("x.bpf.o")
    prog = obj.programs["parm3"]       # one per function symbol
    prog.ctx_loads                     # [(byte offset, size)] loaded from ctx
    prog.calls                         # [helper id, ...]
    prog.relos                         # [Relo(kind, path, offset), ...]

A relocation's path names the field as the loader will look it up:
"pt_regs.regs[3]" for access string 0:0:3 on struct pt_regs; its offset is
that field's byte offset in the object's own BTF.  The formats are the
kernel's: Documentation/bpf/btf.rst (.BTF, .BTF.ext) and
Documentation/bpf/instruction-set.rst.
"""
import struct
from collections import namedtuple

Relo = namedtuple("Relo", "kind path offset insn")

# struct bpf_core_relo kinds (enum bpf_core_relo_kind, linux/bpf.h)
RELO_KINDS = ["field_byte_offset", "field_byte_size", "field_exists",
              "field_signed", "field_lshift_u64", "field_rshift_u64",
              "type_id_local", "type_id_target", "type_exists",
              "type_size", "enumval_exists", "enumval_value",
              "type_matches"]

# BTF kinds (linux/btf.h)
INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, \
    RESTRICT, FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, \
    ENUM64 = range(1, 20)
MODIFIERS = (TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG)


class Btf:
    """Types of a .BTF section: kind, name, size and members per id."""

    def __init__(self, data, e):
        magic, ver, flags, hdr_len, type_off, type_len, str_off, str_len = \
            struct.unpack_from(e + "HBBIIIII", data, 0)
        assert magic == 0xEB9F, "bad BTF magic"
        self.strings = data[hdr_len + str_off:hdr_len + str_off + str_len]
        self.types = [None]          # id 0 is void
        pos, end = hdr_len + type_off, hdr_len + type_off + type_len
        while pos < end:
            name_off, info, size_or_type = struct.unpack_from(e + "III", data, pos)
            pos += 12
            kind, vlen = (info >> 24) & 0x1F, info & 0xFFFF
            t = {"kind": kind, "name": self.str(name_off),
                 "size": size_or_type, "type": size_or_type}
            if kind == INT:
                pos += 4
            elif kind == ARRAY:
                t["type"], _, t["nelems"] = struct.unpack_from(e + "III", data, pos)
                pos += 12
            elif kind in (STRUCT, UNION):
                t["members"] = []
                for _ in range(vlen):
                    mname, mtype, moff = struct.unpack_from(e + "III", data, pos)
                    bits = moff & 0xFFFFFF if info & 0x80000000 else moff
                    t["members"].append((self.str(mname), mtype, bits))
                    pos += 12
            elif kind == ENUM:
                t["values"] = []
                for _ in range(vlen):
                    vname, val = struct.unpack_from(e + "Ii", data, pos)
                    t["values"].append((self.str(vname), val))
                    pos += 8
            elif kind == ENUM64:
                pos += 12 * vlen
            elif kind == FUNC_PROTO:
                pos += 8 * vlen
            elif kind == VAR:
                pos += 4
            elif kind == DATASEC:
                pos += 12 * vlen
            elif kind == DECL_TAG:
                pos += 4
            self.types.append(t)

    def str(self, off):
        return self.strings[off:self.strings.index(b"\0", off)].decode()

    def skip_mods(self, tid):
        while self.types[tid]["kind"] in MODIFIERS[1:]:
            tid = self.types[tid]["type"]
        return tid

    def resolve(self, tid):
        """Follows typedefs and modifiers to the underlying type."""
        while tid and self.types[tid]["kind"] in MODIFIERS:
            tid = self.types[tid]["type"]
        return tid

    def size(self, tid):
        tid = self.resolve(tid)
        t = self.types[tid]
        if t["kind"] == PTR:
            return 8
        if t["kind"] == ARRAY:
            return t["nelems"] * self.size(t["type"])
        return t["size"]

    def spec(self, tid, access):
        """Access string "0:1:3" on type tid -> ("pt_regs.regs[3]", offset)."""
        idx = [int(x) for x in access.split(":")]
        root = self.types[self.skip_mods(tid)]
        path = root["name"] or "(anon)"
        off = idx[0] * self.size(tid)
        cur = tid
        for i in idx[1:]:
            cur = self.resolve(cur)
            t = self.types[cur]
            if t["kind"] in (STRUCT, UNION):
                name, mtype, bits = t["members"][i]
                path += "." + name if name else ""
                off += bits // 8
                cur = mtype
            elif t["kind"] == ARRAY:
                path += "[%d]" % i
                off += i * self.size(t["type"])
                cur = t["type"]
            else:
                raise ValueError("access %s steps into a %d" % (access, t["kind"]))
        return path, off


class Program:
    def __init__(self, name, section, insns):
        self.name, self.section, self.insns = name, section, insns
        self.relos = []
        self.ctx_loads, self.calls = [], []
        ctx = {1}                       # registers known to hold ctx
        for op, dst, src, off, imm in insns:
            cls = op & 0x07
            if op == 0x85 and src == 0:             # call helper
                self.calls.append(imm)
                ctx -= {1, 2, 3, 4, 5}
            elif cls == 0x01 and (op & 0xE0) == 0x60:  # ldx mem
                if src in ctx:
                    self.ctx_loads.append((off, {0x00: 4, 0x08: 2, 0x10: 1,
                                                 0x18: 8}[op & 0x18]))
                ctx.discard(dst)
            elif op == 0xBF:                        # mov64 dst, src
                (ctx.add if src in ctx else ctx.discard)(dst)
            elif cls in (0x04, 0x07, 0x00):         # alu, alu64, ld_imm64
                ctx.discard(dst)


class BpfObject:
    def __init__(self, path):
        data = open(path, "rb").read()
        assert data[:4] == b"\x7fELF" and data[4] == 2, path + ": not ELF64"
        e = "<" if data[5] == 1 else ">"
        self.big_endian = e == ">"
        shoff, = struct.unpack_from(e + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", data, 0x3A)
        secs = []
        for i in range(shnum):
            name, typ, _, _, off, size, link, _, _, entsize = \
                struct.unpack_from(e + "IIQQQQIIQQ", data, shoff + i * shentsize)
            secs.append({"name": name, "type": typ, "off": off, "size": size,
                         "link": link, "entsize": entsize})
        shstr = secs[shstrndx]

        def cstr(base, off):
            end = data.index(b"\0", base + off)
            return data[base + off:end].decode()
        for s in secs:
            s["name"] = cstr(shstr["off"], s["name"])
            s["data"] = data[s["off"]:s["off"] + s["size"]]
        self.sections = {s["name"]: s for s in secs}

        # Symbols: FUNC symbols are programs; undefined ones are externs.
        self.programs, self.externs = {}, []
        symtab = next(s for s in secs if s["type"] == 2)
        strtab = secs[symtab["link"]]
        for i in range(symtab["size"] // 24):
            name, info, _, shndx, value, size = \
                struct.unpack_from(e + "IBBHQQ", symtab["data"], i * 24)
            name = cstr(strtab["off"], name)
            if shndx == 0 and name:
                self.externs.append(name)
            elif info & 0xF == 2 and shndx < len(secs):     # STT_FUNC
                sec = secs[shndx]
                code = sec["data"][value:value + size]
                self.programs[name] = Program(name, sec["name"],
                                              self._insns(code, e))

        self.btf = Btf(self.sections[".BTF"]["data"], e) \
            if ".BTF" in self.sections else None
        if ".BTF.ext" in self.sections:
            self._core_relos(self.sections[".BTF.ext"]["data"], e)

    @staticmethod
    def _insns(code, e):
        out, i = [], 0
        while i + 8 <= len(code):
            op, regs, off, imm = struct.unpack_from(e + "BBhi", code, i)
            dst, src = (regs & 0xF, regs >> 4) if e == "<" else (regs >> 4, regs & 0xF)
            out.append((op, dst, src, off, imm))
            i += 16 if op == 0x18 else 8    # ld_imm64 takes two slots
        return out

    def _core_relos(self, data, e):
        hdr_len, = struct.unpack_from(e + "I", data, 4)
        if hdr_len < 32:
            return
        relo_off, relo_len = struct.unpack_from(e + "II", data, 24)
        if relo_len == 0:
            return
        pos = hdr_len + relo_off
        end = pos + relo_len
        rec_size, = struct.unpack_from(e + "I", data, pos)
        pos += 4
        by_section = {p.section: p for p in self.programs.values()}
        while pos < end:
            sec_off, n = struct.unpack_from(e + "II", data, pos)
            pos += 8
            prog = by_section.get(self.btf.str(sec_off))
            for _ in range(n):
                insn, tid, acc_off, kind = struct.unpack_from(e + "IIII", data, pos)
                pos += rec_size
                acc = self.btf.str(acc_off)
                kname = RELO_KINDS[kind]
                if kname.startswith("field"):
                    path, off = self.btf.spec(tid, acc)
                elif kname.startswith("enumval"):
                    t = self.btf.types[self.btf.resolve(tid)]
                    name, val = t["values"][int(acc)]
                    path, off = "%s::%s" % (t["name"], name), val
                else:
                    t = self.btf.types[self.btf.skip_mods(tid)]
                    path, off = t["name"] or "(anon)", None
                if prog:
                    prog.relos.append(Relo(kname, path, off, insn // 8))
