/* test_bpfapi.c: bpf_tail_call_static, SEC("?...") and bpf_core_cast on
 * this kernel.
 *
 * tailcall.bpf.o (with our headers): entry tail-calls slot 0 of jmp,
 * where the test puts callee, on getpid() of this process; callee_hits
 * counts the calls that arrived, fell_through those that did not.  Its
 * not_by_default program is in a "?" section.  Needs root ("skip"
 * without it); the objects are read from $B/tests/bpfapi.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness.h"
#include "internal.h"
#include "object.h"

static char messages[4096];

static void collect(enum mb_print_level level, const char *msg, void *ctx)
{
	size_t len = strlen(messages);

	if (level <= MB_WARN)
		snprintf(messages + len, sizeof(messages) - len, "%s\n", msg);
}

static struct mb_object *open_file(const char *file)
{
	struct mb_open_opts opts = { .print = collect, .level = MB_WARN };
	struct mb_object *obj;
	char path[512];

	if (geteuid() != 0)
		SKIP("needs root");
	if (access("/sys/kernel/tracing/events", F_OK) &&
	    mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL))
		SKIP("cannot mount tracefs: %s", strerror(errno));
	messages[0] = '\0';
	snprintf(path, sizeof(path), "%s/tests/bpfapi/%s",
		 getenv("B") ? getenv("B") : "build", file);
	if (mb_object_open(path, &opts, &obj))
		FAILF("open %.150s: %.300s", path, messages);
	return obj;
}

static struct mb_object *open_obj(void)
{
	return open_file("tailcall.ours.bpf.o");
}

/* A u32 global's value, read from .bss. */
static uint32_t bss_u32(struct mb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_globals; i++) {
		const struct mb_global *g = &obj->globals[i];
		uint8_t buf[256] = { 0 };
		uint32_t key = 0, v;

		if (strcmp(g->name, name))
			continue;
		CHECK(obj->maps[g->map].def.value_size <= sizeof(buf));
		CHECK_EQ(mb_map_lookup(&obj->maps[g->map], &key, buf), 0);
		memcpy(&v, buf + g->offset, sizeof(v));
		return v;
	}
	FAILF("no global %s", name);
}

TEST(question_mark_section_is_not_loaded_by_default)
{
	struct mb_object *obj = open_obj();
	struct mb_program *p = mb_object_find_program(obj, "not_by_default");

	CHECK(p != NULL);
	CHECK(!mb_program_autoload(p));
	CHECK(mb_program_autoload(mb_object_find_program(obj, "entry")));
	CHECK_STR(mb_program_type_name(p), "tracepoint");
	if (mb_object_load(obj))
		FAILF("load: %.300s", messages);
	CHECK(mb_program_fd(p) < 0);
	CHECK(mb_program_fd(mb_object_find_program(obj, "entry")) >= 0);
	mb_object_close(obj);
}

TEST(question_mark_section_loads_when_asked)
{
	struct mb_object *obj = open_obj();
	struct mb_program *p = mb_object_find_program(obj, "not_by_default");

	mb_program_set_autoload(p, true);
	if (mb_object_load(obj))
		FAILF("load: %.300s", messages);
	CHECK(mb_program_fd(p) >= 0);
	mb_object_close(obj);
}

TEST(tail_call_static_reaches_the_program_in_slot_0)
{
	struct mb_object *obj = open_obj();
	struct mb_program *entry, *callee;
	struct mb_link *link;
	uint32_t pid = getpid(), key = 0, fd;

	CHECK_EQ(mb_object_set_global(obj, "want_pid", &pid, sizeof(pid)), 0);
	if (mb_object_load(obj))
		FAILF("load: %.300s", messages);
	entry = mb_object_find_program(obj, "entry");
	callee = mb_object_find_program(obj, "callee");
	fd = mb_program_fd(callee);
	CHECK_EQ(mb_map_update(mb_object_find_map(obj, "jmp"), &key, &fd, 0),
		 0);
	if (mb_program_attach(entry, &link))
		FAILF("attach: %.300s", messages);
	syscall(SYS_getpid);
	syscall(SYS_getpid);
	mb_link_detach(link);
	CHECK_EQ(bss_u32(obj, "callee_hits"), 2);
	CHECK_EQ(bss_u32(obj, "fell_through"), 0);
	mb_object_close(obj);
}

/* An empty slot: the tail call fails and entry goes on. */
TEST(tail_call_static_to_an_empty_slot_falls_through)
{
	struct mb_object *obj = open_obj();
	struct mb_link *link;
	uint32_t pid = getpid();

	CHECK_EQ(mb_object_set_global(obj, "want_pid", &pid, sizeof(pid)), 0);
	if (mb_object_load(obj))
		FAILF("load: %.300s", messages);
	if (mb_program_attach(mb_object_find_program(obj, "entry"), &link))
		FAILF("attach: %.300s", messages);
	syscall(SYS_getpid);
	mb_link_detach(link);
	CHECK_EQ(bss_u32(obj, "callee_hits"), 0);
	CHECK_EQ(bss_u32(obj, "fell_through"), 1);
	mb_object_close(obj);
}

/* bpf_core_cast: the current task read as the kernel's task_struct
 * (through the bpf_rdonly_cast kfunc, at the kernel's type id) gives
 * this process's tgid, and so does its group leader's. */
TEST(core_cast_reads_the_kernel_task_struct)
{
	struct mb_object *obj = open_file("core_cast.ours.bpf.o");
	struct mb_link *link;
	uint32_t pid = getpid();

	CHECK_EQ(mb_object_set_global(obj, "want_pid", &pid, sizeof(pid)), 0);
	if (mb_object_load(obj))
		FAILF("load: %.300s", messages);
	if (mb_program_attach(mb_object_find_program(obj, "cast"), &link))
		FAILF("attach: %.300s", messages);
	syscall(SYS_getpid);
	mb_link_detach(link);
	CHECK_EQ(bss_u32(obj, "hits"), 1);
	CHECK_EQ(bss_u32(obj, "seen_tgid"), pid);
	CHECK_EQ(bss_u32(obj, "seen_leader_tgid"), pid);
	mb_object_close(obj);
}
