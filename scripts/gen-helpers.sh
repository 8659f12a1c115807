#!/bin/sh
# gen-helpers.sh: write macros/bpf/bpf_helper_defs.h from the kernel's UAPI
# header, so that the list of BPF helpers follows the kernel, not our typing.
#
#	scripts/gen-helpers.sh [/usr/include/linux/bpf.h] > macros/bpf/bpf_helper_defs.h
#
# linux/bpf.h holds two things we need:
#   - a comment block, "Start of BPF helper function descriptions", where
#     each helper opens with its C prototype on a line of its own:
#	 * long bpf_probe_read_kernel(void *dst, u32 size, const void *unsafe_ptr)
#   - the __BPF_FUNC_MAPPER(FN) list, FN(unspec), FN(map_lookup_elem), ...,
#     whose position is the helper's id (newer headers also spell the id out:
#     FN(map_lookup_elem, 1, ##ctx)).  The id is what a BPF program calls:
#     "call 113" is bpf_probe_read_kernel.
#
# Each helper becomes a constant function pointer whose value is its id;
# clang turns a call through it into a BPF "call <id>" instruction.
#
# Types are rewritten to what a BPF program sees: the kernel's u32/u64 become
# plain C types (so the file needs no typedefs), a struct bpf_map * becomes
# void * (programs pass &my_map, a pointer to an anonymous struct), and the
# kernel-internal contexts become the UAPI ones the program is given
# (sk_buff -> __sk_buff, xdp_buff -> xdp_md, sk_msg_buff -> sk_msg_md).
# A helper documented once per context type (bpf_get_socket_cookie) takes
# void * where those prototypes disagree.
set -eu

UAPI=${1:-/usr/include/linux/bpf.h}
[ -r "$UAPI" ] || { echo "gen-helpers: cannot read $UAPI" >&2; exit 1; }

awk '
# --- Pass over the file: collect prototypes and the id mapper. ---
/Start of BPF helper function descriptions/ { in_doc = 1; next }
in_doc && /^ \*\// { in_doc = 0 }
# A prototype is the only doc line with exactly " * " before text.
in_doc && /^ \* [a-z]/ && /\(.*\)$/ {
	line = substr($0, 4)
	open = index(line, "(")
	head = substr(line, 1, open - 1)	# "long bpf_probe_read_kernel"
	args = substr(line, open + 1, length(line) - open - 1)
	name = head; sub(/^.*[ *]/, "", name)
	ret = substr(head, 1, length(head) - length(name))
	sub(/ +$/, "", ret)
	if (!(name in nproto)) { order[++nnames] = name; nproto[name] = 0 }
	nproto[name]++
	proto_ret[name, nproto[name]] = ret
	proto_args[name, nproto[name]] = args
	next
}
/^#define __BPF_FUNC_MAPPER\(FN\)/ { in_map = 1; next }
in_map {
	if ($0 !~ /\\$/) in_map = 0
	if (match($0, /FN\([a-z0-9_]+/)) {
		fn = substr($0, RSTART + 3, RLENGTH - 3)
		rest = substr($0, RSTART + RLENGTH)
		if (rest ~ /^, *[0-9]+/) {	# explicit id
			sub(/^, */, "", rest); sub(/[^0-9].*$/, "", rest)
			id = rest + 0
		} else {
			id = nmapped
		}
		helper_id["bpf_" fn] = id
		nmapped++
	}
}

# --- Type rewriting: one C type, as written in the doc, to ours. ---
function c_type(t,   ptr, base) {
	ptr = t; sub(/^[^*]*/, "", ptr)		# trailing stars
	base = t; sub(/ *\**$/, "", base)
	if (base == "u8") base = "unsigned char"
	else if (base == "s8") base = "signed char"
	else if (base == "u16" || base == "__be16") base = "unsigned short"
	else if (base == "s16") base = "short"
	else if (base == "u32" || base == "__be32" || base == "__wsum") base = "unsigned int"
	else if (base == "s32") base = "int"
	else if (base == "u64") base = "unsigned long long"
	else if (base == "s64") base = "long long"
	else if (base == "size_t") base = "unsigned long"
	else if (base == "struct bpf_map") base = "void"
	else if (base == "struct sk_buff") base = "struct __sk_buff"
	else if (base == "const struct sk_buff") base = "const struct __sk_buff"
	else if (base == "struct xdp_buff") base = "struct xdp_md"
	else if (base == "struct sk_msg_buff") base = "struct sk_msg_md"
	return ptr == "" ? base : base " " ptr
}

# Split "const void *key" into type "const void *" and name "key".
function split_param(p, out) {
	sub(/^ +/, "", p); sub(/ +$/, "", p)
	if (p == "..." || p == "void") { out["type"] = p; out["name"] = ""; return }
	out["name"] = p; sub(/^.*[ *]/, "", out["name"])
	out["type"] = substr(p, 1, length(p) - length(out["name"]))
	sub(/ +$/, "", out["type"])
}

# One parameter list from all of a helper'"'"'s prototypes; where they
# disagree on a type the parameter is void *.
function params(name,   n, i, k, nargs, a, p, t, nm, out, list) {
	n = nproto[name]
	nargs = split(proto_args[name, 1], a, ",")
	list = ""
	for (i = 1; i <= nargs; i++) {
		split_param(a[i], p)
		t = c_type(p["type"]); nm = p["name"]
		for (k = 2; k <= n; k++) {
			split(proto_args[name, k], b, ",")
			split_param(b[i], q)
			if (c_type(q["type"]) != t) t = "void *"
			if (q["name"] != nm) nm = (i == 1 ? "ctx" : "arg" i)
		}
		out = (nm == "" ? t : (t ~ /\*$/ ? t nm : t " " nm))
		list = list (i > 1 ? ", " : "") out
	}
	return list
}

END {
	bad = 0
	for (i = 1; i <= nnames; i++) {
		name = order[i]
		if (!(name in helper_id)) {
			printf "gen-helpers: %s is documented but not in __BPF_FUNC_MAPPER\n", name > "/dev/stderr"
			bad = 1; continue
		}
		r = c_type(proto_ret[name, 1])
		decl[i] = sprintf("static %s(*const %s)(%s) = (void *)%d;",
			(r ~ /\*$/ ? r : r " "), name, params(name), helper_id[name])
	}
	for (name in helper_id)
		if (name != "bpf_unspec" && !(name in nproto)) {
			printf "gen-helpers: %s has an id but no prototype\n", name > "/dev/stderr"
			bad = 1
		}
	if (bad || nnames == 0) exit 1

	print "/* bpf_helper_defs.h: every BPF helper the kernel UAPI lists, with its id."
	print " *"
	print " * GENERATED by scripts/gen-helpers.sh from linux/bpf.h; do not edit."
	print " * Run it again when the UAPI header gains helpers."
	print " *"
	print " * Each helper is a constant pointer whose value is the helper id from"
	print " * __BPF_FUNC_MAPPER; clang compiles a call through it to \"call <id>\"."
	print " * The descriptions of what each helper does are in linux/bpf.h."
	print " */"
	print "#ifndef MINIBPF_BPF_HELPER_DEFS_H"
	print "#define MINIBPF_BPF_HELPER_DEFS_H"
	print ""
	print "/* The structs the prototypes point to; their bodies come from"
	print " * vmlinux.h or linux/bpf.h when a program needs them. */"
	for (i = 1; i <= nnames; i++) {	# every struct the declarations name
		rest = decl[i]
		while (match(rest, /struct [a-z_0-9]+/)) {
			fwd[substr(rest, RSTART + 7, RLENGTH - 7)] = 1
			rest = substr(rest, RSTART + RLENGTH)
		}
	}
	nf = 0
	for (s in fwd) fl[++nf] = s
	for (i = 2; i <= nf; i++)	# insertion sort: stable output
		for (k = i; k > 1 && fl[k - 1] > fl[k]; k--) {
			t = fl[k]; fl[k] = fl[k - 1]; fl[k - 1] = t
		}
	for (i = 1; i <= nf; i++) print "struct " fl[i] ";"
	print ""
	for (i = 1; i <= nnames; i++) if (i in decl) print decl[i]
	print ""
	print "#endif /* MINIBPF_BPF_HELPER_DEFS_H */"
}
' "$UAPI"
