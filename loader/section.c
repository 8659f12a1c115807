/* section.c: what a program's section name means.
 *
 * clang puts each BPF program in the section its SEC("...") names; the
 * name says which program type to load it as, which attach type the
 * kernel should expect, and where to attach it:
 *
 *	SEC("kprobe/do_unlinkat")   -> BPF_PROG_TYPE_KPROBE, attach kprobe
 *	SEC("tp_btf/sched_switch")  -> BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP,
 *	                               attach_btf_id of btf_trace_sched_switch
 *
 * A name matches an entry when it equals the prefix, or starts with the
 * prefix followed by '/' (the target comes after it).  A leading '?'
 * (do not load by default) is handled by the ELF reader.
 */
#include <string.h>

#include "internal.h"
#include "log.h"
#include "object.h"
#include "btf.h"

#define BTF_NONE NULL, 0

static const struct mb_sec_def sec_defs[] = {
	{ "kprobe", BPF_PROG_TYPE_KPROBE, 0, MB_ATTACH_KPROBE, BTF_NONE },
	{ "kretprobe", BPF_PROG_TYPE_KPROBE, 0, MB_ATTACH_KRETPROBE, BTF_NONE },
	{ "ksyscall", BPF_PROG_TYPE_KPROBE, 0, MB_ATTACH_KSYSCALL, BTF_NONE },
	{ "kretsyscall", BPF_PROG_TYPE_KPROBE, 0, MB_ATTACH_KRETSYSCALL,
	  BTF_NONE },
	{ "uprobe", BPF_PROG_TYPE_KPROBE, 0, MB_ATTACH_UPROBE, BTF_NONE },
	{ "uretprobe", BPF_PROG_TYPE_KPROBE, 0, MB_ATTACH_URETPROBE, BTF_NONE },
	{ "usdt", BPF_PROG_TYPE_KPROBE, 0, MB_ATTACH_USDT, BTF_NONE },
	{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, MB_ATTACH_TRACEPOINT,
	  BTF_NONE },
	{ "tp", BPF_PROG_TYPE_TRACEPOINT, 0, MB_ATTACH_TRACEPOINT, BTF_NONE },
	{ "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, MB_ATTACH_RAW_TP,
	  BTF_NONE },
	{ "raw_tp", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, MB_ATTACH_RAW_TP,
	  BTF_NONE },
	{ "tp_btf", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, MB_ATTACH_TRACING,
	  "btf_trace_", BTF_KIND_TYPEDEF },
	{ "fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, MB_ATTACH_TRACING,
	  "", BTF_KIND_FUNC },
	{ "fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, MB_ATTACH_TRACING,
	  "", BTF_KIND_FUNC },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, MB_ATTACH_NONE, BTF_NONE },
	{ "socket", BPF_PROG_TYPE_SOCKET_FILTER, 0, MB_ATTACH_NONE, BTF_NONE },
	{ "xdp", BPF_PROG_TYPE_XDP, BPF_XDP, MB_ATTACH_NONE, BTF_NONE },
	{ "tc", BPF_PROG_TYPE_SCHED_CLS, 0, MB_ATTACH_NONE, BTF_NONE },
	{ "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, MB_ATTACH_NONE, BTF_NONE },
	{ "action", BPF_PROG_TYPE_SCHED_ACT, 0, MB_ATTACH_NONE, BTF_NONE },
	{ "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB,
	  BPF_CGROUP_INET_INGRESS, MB_ATTACH_NONE, BTF_NONE },
	{ "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS,
	  MB_ATTACH_NONE, BTF_NONE },
	{ "syscall", BPF_PROG_TYPE_SYSCALL, 0, MB_ATTACH_NONE, BTF_NONE },
};

/* kprobe/do_sys_open matches "kprobe"; kprobex/... does not. */
const struct mb_sec_def *mb_section_find(const char *sec_name,
					 const char **target)
{
	for (size_t i = 0; i < ARRAY_SIZE(sec_defs); i++) {
		size_t n = strlen(sec_defs[i].prefix);

		if (strncmp(sec_name, sec_defs[i].prefix, n))
			continue;
		if (sec_name[n] != '\0' && sec_name[n] != '/')
			continue;
		*target = sec_name[n] == '/' ? sec_name + n + 1 : "";
		return &sec_defs[i];
	}
	return NULL;
}

/* A section no entry above matches: the program is kept (inspect lists
 * it, another can be loaded without it) and refused only if loaded. */
static const struct mb_sec_def unknown_def = { "", 0, 0, MB_ATTACH_NONE,
					       BTF_NONE };

const struct mb_sec_def *mb_section_unknown(void)
{
	return &unknown_def;
}

static const char *const prog_type_names[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER] = "socket_filter",
	[BPF_PROG_TYPE_KPROBE] = "kprobe",
	[BPF_PROG_TYPE_SCHED_CLS] = "sched_cls",
	[BPF_PROG_TYPE_SCHED_ACT] = "sched_act",
	[BPF_PROG_TYPE_TRACEPOINT] = "tracepoint",
	[BPF_PROG_TYPE_XDP] = "xdp",
	[BPF_PROG_TYPE_PERF_EVENT] = "perf_event",
	[BPF_PROG_TYPE_CGROUP_SKB] = "cgroup_skb",
	[BPF_PROG_TYPE_RAW_TRACEPOINT] = "raw_tracepoint",
	[BPF_PROG_TYPE_TRACING] = "tracing",
	[BPF_PROG_TYPE_SYSCALL] = "syscall",
};

const char *mb_prog_type_name(uint32_t prog_type)
{
	if (prog_type < ARRAY_SIZE(prog_type_names) &&
	    prog_type_names[prog_type])
		return prog_type_names[prog_type];
	return "unknown";
}

static const char *const map_type_names[] = {
	[BPF_MAP_TYPE_HASH] = "hash",
	[BPF_MAP_TYPE_ARRAY] = "array",
	[BPF_MAP_TYPE_PROG_ARRAY] = "prog_array",
	[BPF_MAP_TYPE_PERF_EVENT_ARRAY] = "perf_event_array",
	[BPF_MAP_TYPE_PERCPU_HASH] = "percpu_hash",
	[BPF_MAP_TYPE_PERCPU_ARRAY] = "percpu_array",
	[BPF_MAP_TYPE_STACK_TRACE] = "stack_trace",
	[BPF_MAP_TYPE_CGROUP_ARRAY] = "cgroup_array",
	[BPF_MAP_TYPE_LRU_HASH] = "lru_hash",
	[BPF_MAP_TYPE_LRU_PERCPU_HASH] = "lru_percpu_hash",
	[BPF_MAP_TYPE_LPM_TRIE] = "lpm_trie",
	[BPF_MAP_TYPE_ARRAY_OF_MAPS] = "array_of_maps",
	[BPF_MAP_TYPE_HASH_OF_MAPS] = "hash_of_maps",
	[BPF_MAP_TYPE_DEVMAP] = "devmap",
	[BPF_MAP_TYPE_SOCKMAP] = "sockmap",
	[BPF_MAP_TYPE_CPUMAP] = "cpumap",
	[BPF_MAP_TYPE_XSKMAP] = "xskmap",
	[BPF_MAP_TYPE_SOCKHASH] = "sockhash",
	[BPF_MAP_TYPE_QUEUE] = "queue",
	[BPF_MAP_TYPE_STACK] = "stack",
	[BPF_MAP_TYPE_SK_STORAGE] = "sk_storage",
	[BPF_MAP_TYPE_DEVMAP_HASH] = "devmap_hash",
	[BPF_MAP_TYPE_STRUCT_OPS] = "struct_ops",
	[BPF_MAP_TYPE_RINGBUF] = "ringbuf",
	[BPF_MAP_TYPE_INODE_STORAGE] = "inode_storage",
	[BPF_MAP_TYPE_TASK_STORAGE] = "task_storage",
	[BPF_MAP_TYPE_BLOOM_FILTER] = "bloom_filter",
};

const char *mb_map_type_name(uint32_t map_type)
{
	if (map_type < ARRAY_SIZE(map_type_names) && map_type_names[map_type])
		return map_type_names[map_type];
	return "unknown";
}
