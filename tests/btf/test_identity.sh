#!/bin/sh
# test_identity.sh: --btf checked against the running kernel.  A minimal
# BTF made from this kernel's sysfs BTF carries its build id and is
# taken; the same file with one byte of the id changed is refused with
# both ids named; --btf DIR takes the file with the kernel's id; a BTF
# without an id whose long is 4 bytes is refused on this 64-bit kernel.
. "$(dirname "$0")/../lib.sh"
tmp=${TMPDIR:-/tmp}/minibpf-id.$$
mkdir -p "$tmp/dir" "$tmp/bad"
trap 'rm -rf "$tmp"' EXIT
SEED=$B/bpf/seed.bpf.o

if [ ! -r /sys/kernel/btf/vmlinux ] || [ ! -r /sys/kernel/notes ]; then
	skip btf_identity "no /sys/kernel/btf/vmlinux or /sys/kernel/notes"
	t_exit
fi
kid=$(python3 -B - <<'PY'
import struct
d = open('/sys/kernel/notes', 'rb').read()
while len(d) >= 12:
    n, s, t = struct.unpack('<III', d[:12])
    name = d[12:12 + n]
    off = 12 + (n + 3) // 4 * 4
    if t == 3 and name == b'GNU\0':
        print(d[off:off + s].hex())
        break
    d = d[off + (s + 3) // 4 * 4:]
PY
)
"$MINIBPF" btf min --btf /sys/kernel/btf/vmlinux "$SEED" -o "$tmp/dir/good.btf"
# The same file, the id's last byte changed: another kernel's.
python3 -B - "$tmp/dir/good.btf" "$tmp/bad/other.btf" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
at = d.index(b'GNU\0') + 4 + 19
d[at] ^= 0xff
open(sys.argv[2], 'wb').write(d)
PY
cp "$tmp/bad/other.btf" "$tmp/dir/other.btf"
oid=$(python3 -c "print('$kid'[:-2] + '%02x' % (int('$kid'[-2:], 16) ^ 0xff))")

out=$("$MINIBPF" inspect "$SEED" --explain --btf "$tmp/dir/good.btf" -v 2>&1)
expect_match build_id_of_the_running_kernel_taken "$out" "build id $kid, the running kernel's"
expect_match build_id_then_relocated "$out" '^core seed insn [0-9]+ byte_off 0 -> [0-9]+ struct bpf_map.map_type'

# min of an ELF with a build id (as of a vmlinux) keeps that id.
"$MINIBPF" btf min --btf "$tmp/bad/other.btf" "$SEED" -o "$tmp/again.btf"
out=$("$MINIBPF" inspect "$SEED" --explain --btf "$tmp/again.btf" 2>&1)
expect_match min_of_an_elf_keeps_its_build_id "$out" "made for the kernel with build id $oid"

out=$("$MINIBPF" inspect "$SEED" --explain --btf "$tmp/bad/other.btf" 2>&1)
expect_match build_id_mismatch_refused "$out" \
	"made for the kernel with build id $oid, but the running kernel's is $kid"
if printf '%s\n' "$out" | grep -q '^core seed'; then
	fail build_id_mismatch_nothing_relocated "$out"
else ok build_id_mismatch_nothing_relocated; fi

out=$("$MINIBPF" inspect "$SEED" --explain --btf "$tmp/dir" -v 2>&1)
expect_match btf_dir_picks_the_kernels_file "$out" "good.btf has the running kernel's build id"
expect_match btf_dir_then_relocated "$out" '^core seed insn [0-9]+ byte_off 0 -> '
out=$("$MINIBPF" inspect "$SEED" --explain --btf "$tmp/bad" 2>&1)
expect_match btf_dir_without_the_kernel_refused "$out" \
	"none of its 1 files has the running kernel's build id $kid"

# Raw BTF, no id: INT 'long int' of 4 bytes and an empty struct bpf_map.
python3 -B - "$tmp/long4.btf" <<'PY'
import struct, sys
strs = b'\0long int\0bpf_map\0'
types = struct.pack('<IIII', 1, 1 << 24, 4, 32 | 1 << 24)  # INT, signed, 32 bits
types += struct.pack('<III', 10, 4 << 24, 8)                # STRUCT, vlen 0
hdr = struct.pack('<HBBIIIII', 0xeB9F, 1, 0, 24, 0, len(types), len(types), len(strs))
open(sys.argv[1], 'wb').write(hdr + types + strs)
PY
out=$("$MINIBPF" inspect "$SEED" --explain --btf "$tmp/long4.btf" 2>&1)
expect_match word_size_mismatch_refused "$out" \
	"its long is 4 bytes but the running kernel's \(.*\) is 8"
t_exit
