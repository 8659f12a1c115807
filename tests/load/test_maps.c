/* test_maps.c: maps, global data and externs, checked through the kernel.
 *
 * Each test opens one object of tests/progs/, loads it into this kernel
 * and reads back what the kernel holds: map attributes with
 * BPF_OBJ_GET_INFO_BY_FD, map contents with BPF_MAP_LOOKUP_ELEM, and the
 * value a socket filter computes with BPF_PROG_TEST_RUN.  The broken
 * objects (maps_err_*) only need to be opened, which needs no root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "harness.h"
#include "internal.h"
#include "sys.h"
#include "btf.h"

static char messages[16384];

static void capture(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t n = strlen(messages);

	snprintf(messages + n, sizeof(messages) - n, "%s\n", msg);
}

static int try_open(const char *name, struct mb_object **objp)
{
	struct mb_open_opts opts = { .print = capture, .level = MB_WARN };
	char path[256];

	snprintf(path, sizeof(path), "%s/tests/progs/%s",
		 getenv("B") ? getenv("B") : "build", name);
	messages[0] = '\0';
	return mb_object_open(path, &opts, objp);
}

static struct mb_object *open_obj(const char *name)
{
	struct mb_object *obj;
	int err = try_open(name, &obj);

	if (err)
		FAILF("open %s: %d: %.400s", name, err, messages);
	return obj;
}

static struct mb_object *load_obj(const char *name)
{
	struct mb_object *obj;
	int err;

	if (geteuid())
		SKIP("needs root");
	obj = open_obj(name);
	err = mb_object_load(obj);
	if (err)
		FAILF("load %s: %d: %.400s", name, err, messages);
	return obj;
}

static struct mb_map *map_of(struct mb_object *obj, const char *name)
{
	struct mb_map *map = mb_object_find_map(obj, name);

	if (!map)
		FAILF("no map %s", name);
	return map;
}

static struct bpf_map_info map_info(struct mb_map *map)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	CHECK_EQ(mb_sys_obj_info(mb_map_fd(map), &info, &len), 0);
	return info;
}

static uint32_t prog_id(struct mb_object *obj, const char *name)
{
	struct mb_program *prog = mb_object_find_program(obj, name);
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	CHECK(prog);
	memset(&info, 0, sizeof(info));
	CHECK_EQ(mb_sys_obj_info(mb_program_fd(prog), &info, &len), 0);
	return info.id;
}

/* Run a socket filter on a zeroed packet of len bytes: its return. */
static uint32_t test_run(struct mb_object *obj, const char *prog, uint32_t len)
{
	struct mb_program *p = mb_object_find_program(obj, prog);
	unsigned char pkt[128] = { 0 };
	union bpf_attr attr;

	CHECK(p);
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = mb_program_fd(p);
	attr.test.data_in = mb_ptr(pkt);
	attr.test.data_size_in = len;
	attr.test.repeat = 1;
	CHECK_EQ(mb_sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)), 0);
	return attr.test.retval;
}

/* The single value of a data map (key 0), into buf. */
static void read_value(struct mb_map *map, void *buf)
{
	uint32_t zero = 0;

	CHECK_EQ(mb_sys_map_lookup(mb_map_fd(map), &zero, buf), 0);
}

/* ---- BTF-defined maps -------------------------------------------------- */

TEST(btf_map_attributes_read_back)
{
	struct mb_object *obj = load_obj("maps_btf.bpf.o");
	struct bpf_map_info i = map_info(map_of(obj, "counts"));

	CHECK_EQ(i.type, BPF_MAP_TYPE_HASH);
	CHECK_EQ(i.key_size, 4);
	CHECK_EQ(i.value_size, 8);
	CHECK_EQ(i.max_entries, 64);
	CHECK_EQ(i.map_flags, BPF_F_NO_PREALLOC);
	CHECK_STR(i.name, "counts");
	CHECK_EQ(i.id, mb_map_id(map_of(obj, "counts")));
	CHECK(i.btf_id != 0);			/* created with the object's BTF */
	CHECK(i.btf_key_type_id != 0);
	CHECK(i.btf_value_type_id != 0);
	i = map_info(map_of(obj, "by_struct"));
	CHECK_EQ(i.type, BPF_MAP_TYPE_LRU_HASH);
	CHECK_EQ(i.key_size, 8);		/* sizeof(struct key) */
	CHECK_EQ(i.value_size, 8);
	CHECK_EQ(i.max_entries, 32);
	i = map_info(map_of(obj, "pcpu"));
	CHECK_EQ(i.type, BPF_MAP_TYPE_PERCPU_ARRAY);
	CHECK_EQ(i.max_entries, 4);
	mb_object_close(obj);
}

TEST(ringbuf_size_rounded_up_to_pages_times_power_of_two)
{
	struct mb_object *obj = load_obj("maps_btf.bpf.o");
	struct bpf_map_info i = map_info(map_of(obj, "rb"));

	CHECK_EQ(i.type, BPF_MAP_TYPE_RINGBUF);
	CHECK_EQ(i.max_entries, 16384);		/* declared 10000 */
	mb_object_close(obj);
}

TEST(perf_event_array_gets_one_slot_per_possible_cpu)
{
	struct mb_object *obj = load_obj("maps_btf.bpf.o");
	struct bpf_map_info i = map_info(map_of(obj, "events"));

	CHECK_EQ(i.type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	CHECK_EQ(i.max_entries, mb_possible_cpus());
	mb_object_close(obj);
}

TEST(bloom_filter_gets_map_extra_from_ulong)
{
	struct mb_object *obj = load_obj("maps_btf.bpf.o");
	struct bpf_map_info i = map_info(map_of(obj, "bloom"));

	CHECK_EQ(i.type, BPF_MAP_TYPE_BLOOM_FILTER);
	CHECK_EQ(i.map_extra, 3);
	mb_object_close(obj);
}

TEST(percpu_value_buffer_holds_every_cpu)
{
	struct mb_object *obj = open_obj("maps_btf.bpf.o");

	CHECK_EQ(mb_map_value_buf_size(map_of(obj, "pcpu")),
		 8 * mb_possible_cpus());
	CHECK_EQ(mb_map_value_buf_size(map_of(obj, "counts")), 8);
	mb_object_close(obj);
}

TEST(program_updates_btf_map)
{
	struct mb_object *obj = load_obj("maps_btf.bpf.o");
	uint32_t key = 7;
	uint64_t v = 0;

	/* skb->len is the packet after its 14-byte Ethernet header */
	CHECK_EQ(test_run(obj, "count_len", 14 + 20), 20);
	CHECK_EQ(test_run(obj, "count_len", 14 + 30), 50);
	CHECK_EQ(mb_map_lookup(map_of(obj, "counts"), &key, &v), 0);
	CHECK_EQ(v, 50);
	mb_object_close(obj);
}

/* ---- map-in-map and prog arrays -------------------------------------- */

TEST(map_in_map_initial_slots_hold_inner_maps)
{
	struct mb_object *obj = load_obj("maps_in_map.bpf.o");
	struct mb_map *outer = map_of(obj, "outer");
	uint32_t key, id = 0;

	CHECK_EQ(map_info(outer).type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	key = 0;	/* looked up from user space: the inner map's id */
	CHECK_EQ(mb_map_lookup(outer, &key, &id), 0);
	CHECK_EQ(id, mb_map_id(map_of(obj, "inner_a")));
	key = 2;
	CHECK_EQ(mb_map_lookup(outer, &key, &id), 0);
	CHECK_EQ(id, mb_map_id(map_of(obj, "inner_b")));
	key = 1;
	CHECK_EQ(mb_map_lookup(outer, &key, &id), -ENOENT);
	key = 1;
	CHECK_EQ(mb_map_lookup(map_of(obj, "outer_hash"), &key, &id), 0);
	CHECK_EQ(id, mb_map_id(map_of(obj, "inner_b")));
	mb_object_close(obj);
}

TEST(program_reads_through_outer_map)
{
	struct mb_object *obj = load_obj("maps_in_map.bpf.o");
	uint32_t zero = 0, v = 42;

	CHECK_EQ(mb_map_update(map_of(obj, "inner_a"), &zero, &v, BPF_ANY), 0);
	CHECK_EQ(test_run(obj, "read_outer", 14), 42);
	mb_object_close(obj);
}

TEST(prog_array_initial_slot_holds_program)
{
	struct mb_object *obj = load_obj("maps_in_map.bpf.o");
	uint32_t key = 1, id = 0;

	CHECK_EQ(mb_map_lookup(map_of(obj, "jump"), &key, &id), 0);
	CHECK_EQ(id, prog_id(obj, "target"));
	CHECK_EQ(test_run(obj, "tail", 14), 77);
	mb_object_close(obj);
}

/* ---- pinned maps ------------------------------------------------------ */

/* A bpffs of our own on /sys/fs/bpf, in a mount namespace of our own:
 * nothing of the machine's is touched, and it goes away with us. */
static void private_bpffs(void)
{
	if (unshare(CLONE_NEWNS) ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL))
		FAILF("private bpffs on /sys/fs/bpf: %s", strerror(errno));
}

TEST(pinned_map_is_shared_by_the_next_load)
{
	struct mb_object *first, *second;
	uint32_t key = 1, v = 99;

	if (geteuid())
		SKIP("needs root");
	private_bpffs();
	first = load_obj("maps_pinned.bpf.o");
	CHECK_EQ(access("/sys/fs/bpf/mb_test_pinned", F_OK), 0);
	CHECK_EQ(mb_map_update(map_of(first, "mb_test_pinned"), &key, &v,
			       BPF_ANY), 0);
	second = load_obj("maps_pinned.bpf.o");
	CHECK_EQ(mb_map_id(map_of(second, "mb_test_pinned")),
		 mb_map_id(map_of(first, "mb_test_pinned")));
	CHECK_EQ(test_run(second, "read_pinned", 14), 99);
	mb_object_close(second);
	mb_object_close(first);
	unlink("/sys/fs/bpf/mb_test_pinned");
}

/* ---- legacy maps ------------------------------------------------------- */

TEST(legacy_maps_load_with_their_definitions)
{
	struct mb_object *obj = load_obj("maps_legacy.bpf.o");
	struct bpf_map_info i = map_info(map_of(obj, "old"));
	uint32_t one = 1;
	uint64_t v = 10;

	CHECK_EQ(i.type, BPF_MAP_TYPE_ARRAY);
	CHECK_EQ(i.key_size, 4);
	CHECK_EQ(i.value_size, 8);
	CHECK_EQ(i.max_entries, 3);
	i = map_info(map_of(obj, "old_hash"));
	CHECK_EQ(i.type, BPF_MAP_TYPE_HASH);
	CHECK_EQ(i.max_entries, 10);
	CHECK_EQ(i.map_flags, BPF_F_NO_PREALLOC);
	CHECK_EQ(mb_map_update(map_of(obj, "old"), &one, &v, BPF_ANY), 0);
	CHECK_EQ(test_run(obj, "use_old", 14), 15);
	mb_object_close(obj);
}

/* ---- broken map definitions ------------------------------------------ */

static void check_open_fails(const char *name, const char *message)
{
	struct mb_object *obj;

	CHECK_EQ(try_open(name, &obj), -EINVAL);
	CHECK_CONTAINS(messages, message);
}

TEST(unknown_map_member_is_an_error_naming_it)
{
	check_open_fails("maps_err_unknown.bpf.o",
			 "map painted: unknown member 'colour'");
}

TEST(key_size_conflicting_with_key_type_is_an_error)
{
	check_open_fails("maps_err_keysize.bpf.o",
			 "map confused: key_size 8 conflicts with key type of 4 bytes");
}

TEST(map_without_type_is_an_error)
{
	check_open_fails("maps_err_notype.bpf.o", "map typeless: missing member type");
}

TEST(absurd_max_entries_is_an_error)
{
	check_open_fails("maps_err_absurd.bpf.o", "map huge: absurd max_entries");
}

/* ---- global data -------------------------------------------------------- */

TEST(data_sections_become_named_array_maps)
{
	struct mb_object *obj = load_obj("globals_basic.bpf.o");
	struct bpf_map_info i = map_info(map_of(obj, ".rodata"));

	CHECK_EQ(i.type, BPF_MAP_TYPE_ARRAY);
	CHECK_EQ(i.key_size, 4);
	CHECK_EQ(i.max_entries, 1);
	CHECK_EQ(i.map_flags, BPF_F_RDONLY_PROG | BPF_F_MMAPABLE);
	CHECK_STR(i.name, "globals_.rodata");
	CHECK(i.btf_value_type_id != 0);	/* the DATASEC */
	i = map_info(map_of(obj, ".data"));
	CHECK_EQ(i.map_flags, BPF_F_MMAPABLE);
	CHECK_EQ(i.value_size, 12);		/* int + char[8] */
	CHECK_STR(i.name, "globals_.data");
	i = map_info(map_of(obj, ".bss"));
	CHECK_STR(i.name, "globals_.bss");
	CHECK_EQ(i.value_size, 12);		/* u64 + u32 */
	i = map_info(map_of(obj, ".data.custom"));
	CHECK_STR(i.name, ".data.custom");
	CHECK_EQ(i.value_size, 4);
	mb_object_close(obj);
}

struct data_sec {
	int counter_init;
	char greeting[8];
};

struct bss_sec {
	uint64_t calls;
	uint32_t seen_len;
};

TEST(global_data_initial_values_and_program_writes_read_back)
{
	struct mb_object *obj = load_obj("globals_basic.bpf.o");
	struct data_sec d;
	struct bss_sec b;

	read_value(map_of(obj, ".data"), &d);
	CHECK_EQ(d.counter_init, 7);
	CHECK_STR(d.greeting, "hello");
	read_value(map_of(obj, ".bss"), &b);
	CHECK_EQ(b.calls, 0);
	CHECK_EQ(test_run(obj, "compute", 33), 10051);
	read_value(map_of(obj, ".data"), &d);
	CHECK_EQ(d.counter_init, 10);		/* 7 + custom 3 */
	read_value(map_of(obj, ".bss"), &b);
	CHECK_EQ(b.calls, 1);
	CHECK_EQ(b.seen_len, 33 - 14);		/* skb->len: no Ethernet header */
	mb_object_close(obj);
}

TEST(rodata_cannot_be_written_after_load)
{
	struct mb_object *obj = load_obj("globals_basic.bpf.o");
	struct mb_map *ro = map_of(obj, ".rodata");
	char value[64] = { 0 };
	uint32_t zero = 0;

	CHECK(mb_map_value_size(ro) <= sizeof(value));
	CHECK_EQ(mb_map_update(ro, &zero, value, BPF_ANY), -EPERM);
	mb_object_close(obj);
}

TEST(set_changes_rodata_that_the_program_returns)
{
	struct mb_object *obj;
	uint32_t limit = 0;
	char ro[64];

	if (geteuid())
		SKIP("needs root");
	obj = open_obj("globals_basic.bpf.o");
	CHECK_EQ(mb_object_set_global_str(obj, "limit", "20"), 0);
	CHECK_EQ(mb_object_set_global_str(obj, "small", "0x7"), 0);
	CHECK_EQ(mb_object_set_global_str(obj, "flag", "false"), 0);
	CHECK_EQ(mb_object_set_global_str(obj, "mode", "MODE_C"), 0);
	CHECK_EQ(mb_object_set_global_str(obj, "tag", "xyz"), 0);
	CHECK_EQ(mb_object_set_global_str(obj, "negative", "-5"), 0);
	CHECK_EQ(mb_object_load(obj), 0);
	/* 20 * 1000 + 7 * 10 + 0, MODE_C +100000, tag 'x' +200000 */
	CHECK_EQ(test_run(obj, "compute", 14), 320070);
	read_value(map_of(obj, ".rodata"), ro);
	memcpy(&limit, ro, 4);		/* limit is the first variable */
	CHECK_EQ(limit, 20);
	mb_object_close(obj);
}

TEST(set_binary_value_must_match_the_size)
{
	struct mb_object *obj = open_obj("globals_basic.bpf.o");
	uint32_t v = 3;
	uint16_t s = 3;

	CHECK_EQ(mb_object_set_global(obj, "limit", &v, sizeof(v)), 0);
	CHECK_EQ(mb_object_set_global(obj, "limit", &s, sizeof(s)), -EINVAL);
	CHECK_CONTAINS(messages, "globals: variable limit: 2 bytes given, the variable has 4");
	mb_object_close(obj);
}

TEST(set_rejects_what_does_not_fit)
{
	struct mb_object *obj = open_obj("globals_basic.bpf.o");

	CHECK_EQ(mb_object_set_global_str(obj, "nope", "1"), -ENOENT);
	CHECK_CONTAINS(messages, "globals: variable nope: no global variable 'nope' in");
	CHECK_EQ(mb_object_set_global_str(obj, "small", "300"), -ERANGE);
	CHECK_CONTAINS(messages, "value 300 does not fit in u8 small");
	CHECK_EQ(mb_object_set_global_str(obj, "limit", "-1"), -ERANGE);
	CHECK_EQ(mb_object_set_global_str(obj, "negative", "-40000"), -ERANGE);
	CHECK_CONTAINS(messages, "value -40000 does not fit in s16 negative");
	CHECK_EQ(mb_object_set_global_str(obj, "limit", "12abc"), -EINVAL);
	CHECK_EQ(mb_object_set_global_str(obj, "flag", "maybe"), -EINVAL);
	CHECK_EQ(mb_object_set_global_str(obj, "mode", "MODE_Z"), -EINVAL);
	CHECK_EQ(mb_object_set_global_str(obj, "tag", "eight ch"), -ERANGE);
	CHECK_EQ(mb_object_set_global_str(obj, "big", "0xffffffffffffffff"), 0);
	CHECK_EQ(mb_object_set_global_str(obj, "big", "0x10000000000000000"), -ERANGE);
	mb_object_close(obj);
}

TEST(set_after_load_is_refused)
{
	struct mb_object *obj = load_obj("globals_basic.bpf.o");

	CHECK_EQ(mb_object_set_global_str(obj, "limit", "1"), -EBUSY);
	CHECK_CONTAINS(messages, "globals: variable limit:");
	mb_object_close(obj);
}

/* ---- externs --------------------------------------------------------- */

/* "CONFIG_HZ" -> "250" from the running kernel's config, or "". */
static void config_value(const char *name, char *buf, size_t size)
{
	char line[512];
	size_t n = strlen(name);
	gzFile f = gzopen("/proc/config.gz", "rb");

	buf[0] = '\0';
	if (!f)
		SKIP("no /proc/config.gz");
	while (gzgets(f, line, sizeof(line)))
		if (!strncmp(line, name, n) && line[n] == '=')
			snprintf(buf, size, "%.*s", (int)strcspn(line + n + 1, "\n"),
				 line + n + 1);
	gzclose(f);
}

/* The address /proc/kallsyms gives name, or 0. */
static uint64_t kallsyms_addr(const char *name)
{
	unsigned long long addr;
	char line[512], sym[256];
	FILE *f = fopen("/proc/kallsyms", "r");
	uint64_t found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %*c %255s", &addr, sym) == 2 &&
		    !strcmp(sym, name))
			found = addr;
	fclose(f);
	return found;
}

struct kconfig_bss {
	uint32_t version, wrapper, syscall, jit;
	int hz;
	char localversion[16];
};

TEST(kconfig_externs_hold_the_kernel_config)
{
	struct mb_object *obj = load_obj("externs_kconfig.bpf.o");
	unsigned int a = 0, b = 0, c = 0;
	struct kconfig_bss k;
	char hz[32], lv[64], jit[8];
	struct utsname u;
	uint64_t missing = 1;

	config_value("CONFIG_HZ", hz, sizeof(hz));
	config_value("CONFIG_LOCALVERSION", lv, sizeof(lv));
	config_value("CONFIG_BPF_JIT", jit, sizeof(jit));
	CHECK_EQ(test_run(obj, "read_kconfig", 14), 0);
	read_value(map_of(obj, ".bss"), &k);
	uname(&u);
	sscanf(u.release, "%u.%u.%u", &a, &b, &c);
	CHECK_EQ(k.version, (a << 16) + (b << 8) + (c > 255 ? 255 : c));
	CHECK_EQ(k.syscall, 1);			/* CONFIG_BPF_SYSCALL=y */
	CHECK_EQ(k.jit, !strcmp(jit, "y") ? 1 : !strcmp(jit, "m") ? 2 : 0);
	CHECK_EQ(k.hz, atoi(hz));
	CHECK(strlen(lv) >= 2);			/* "-fc-v657", quoted */
	lv[strlen(lv) - 1] = '\0';
	CHECK_STR(k.localversion, lv + 1);
	/* x86-64 kernels since 4.17 enter syscalls through __x64_sys_* */
	CHECK_EQ(k.wrapper, kallsyms_addr("__x64_sys_bpf") != 0);
	read_value(map_of(obj, ".data"), &missing);	/* out_missing */
	CHECK_EQ(missing, 0);			/* weak, not in the config */
	mb_object_close(obj);
}

TEST(kconfig_map_is_read_only_and_frozen)
{
	struct mb_object *obj = load_obj("externs_kconfig.bpf.o");
	struct mb_map *kc = map_of(obj, ".kconfig");
	struct bpf_map_info i = map_info(kc);
	char value[256] = { 0 };
	uint32_t zero = 0;

	CHECK_EQ(i.map_flags & BPF_F_RDONLY_PROG, BPF_F_RDONLY_PROG);
	CHECK(i.btf_value_type_id != 0);	/* fixed-up .kconfig DATASEC */
	CHECK(mb_map_value_size(kc) <= sizeof(value));
	CHECK_EQ(mb_map_update(kc, &zero, value, BPF_ANY), -EPERM);
	mb_object_close(obj);
}

TEST(typeless_ksym_is_the_kallsyms_address_and_kfuncs_call)
{
	struct mb_object *obj = load_obj("externs_ksym.bpf.o");
	uint64_t addr = 0, missing = 1;

	CHECK_EQ(test_run(obj, "use_ksyms", 14), 1);	/* kfuncs called */
	read_value(map_of(obj, ".bss"), &addr);
	CHECK(addr != 0);
	CHECK_EQ(addr, kallsyms_addr("bpf_task_acquire"));
	read_value(map_of(obj, ".data"), &missing);
	CHECK_EQ(missing, 0);			/* weak, not in kallsyms */
	/* .ksyms rewritten so that the kernel took the object's BTF */
	CHECK(map_info(map_of(obj, ".bss")).btf_id != 0);
	mb_object_close(obj);
}

/* A typed ksym loads as BPF_PSEUDO_BTF_ID with the vmlinux id of the
 * variable.  The kernel then needs the variable's address, which only a
 * kernel with CONFIG_KALLSYMS_ALL has; without it the verifier names the
 * variable it found under our id, which is proof enough of the id. */
TEST(typed_ksym_is_the_kernel_btf_variable)
{
	struct mb_object *obj;
	int err;

	if (geteuid())
		SKIP("needs root");
	obj = open_obj("externs_ksym_typed.bpf.o");
	err = mb_object_load(obj);
	if (err) {
		CHECK_CONTAINS(messages, "kernel symbol 'bpf_prog_active'");
	} else {
		CHECK_EQ(test_run(obj, "use_percpu", 14), 1);
	}
	mb_object_close(obj);
}
