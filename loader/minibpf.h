/* minibpf.h: the public interface of libminibpf, a small eBPF loader.
 *
 * minibpf reads a BPF ELF object (clang -target bpf -g), relocates it
 * against the running kernel's BTF (CO-RE), creates its maps and loads its
 * programs with the raw bpf() syscall, then attaches them where their
 * section names say.  Everything is done in this library; it links only
 * libc, libelf and zlib.
 *
 * Usage:
 *
 *	struct mb_object *obj;
 *	int err = mb_object_open("prog.bpf.o", NULL, &obj);
 *	if (!err)
 *		err = mb_object_load(obj);
 *	if (!err)
 *		err = mb_object_attach(obj);
 *	...			// read maps with mb_map_lookup() and friends
 *	mb_object_close(obj);	// detaches, closes every fd
 *
 * Conventions: functions return >= 0 (a value or an fd) or -errno.  The
 * library never prints: messages go to the print callback given in
 * struct mb_open_opts, each starting with its stage ("elf:", "btf:",
 * "core:", "load:", "attach:") and naming the thing at fault.
 */
#ifndef MINIBPF_H
#define MINIBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct mb_object;
struct mb_program;
struct mb_map;
struct mb_link;
struct mb_ringbuf;
struct mb_perfbuf;

enum mb_print_level {
	MB_ERROR, /* why an operation failed */
	MB_WARN,  /* something was skipped or degraded */
	MB_INFO,  /* --explain lines: one per CO-RE relocation */
	MB_DEBUG, /* -v: each stage, verifier logs in full */
};

/* Receives one message, without a trailing newline. */
typedef void (*mb_print_fn)(enum mb_print_level level, const char *msg,
			    void *ctx);

struct mb_open_opts {
	const char *btf_path; /* target BTF for CO-RE; NULL: the kernel's */
	mb_print_fn print;    /* NULL: messages are dropped */
	void *print_ctx;      /* passed to print */
	enum mb_print_level level; /* highest level passed to print */
	bool force_legacy_kprobe;  /* attach kprobes through tracefs */
};

/* Objects: open reads and checks the file; load creates maps, relocates
 * and loads the programs; close releases everything, attached or not. */
int mb_object_open(const char *path, const struct mb_open_opts *opts,
		   struct mb_object **objp);
int mb_object_load(struct mb_object *obj);
int mb_object_attach(struct mb_object *obj);
void mb_object_detach(struct mb_object *obj);
void mb_object_close(struct mb_object *obj);

const char *mb_object_name(const struct mb_object *obj);
const char *mb_object_license(const struct mb_object *obj);
size_t mb_object_program_count(const struct mb_object *obj);
struct mb_program *mb_object_program(struct mb_object *obj, size_t i);
struct mb_program *mb_object_find_program(struct mb_object *obj,
					  const char *name);
size_t mb_object_map_count(const struct mb_object *obj);
struct mb_map *mb_object_map(struct mb_object *obj, size_t i);
struct mb_map *mb_object_find_map(struct mb_object *obj, const char *name);

/* Globals (.data, .rodata, .bss, custom .data.* sections): set the initial
 * value of a variable before mb_object_load().  size must equal the
 * variable's size. */
int mb_object_set_global(struct mb_object *obj, const char *name,
			 const void *value, size_t size);
/* The same from text, as the tool's --set NAME=VALUE: integers (decimal,
 * 0x hex, negative), bools (true/false) and char arrays (the string). */
int mb_object_set_global_str(struct mb_object *obj, const char *name,
			     const char *value);

/* Programs */
const char *mb_program_name(const struct mb_program *prog);
const char *mb_program_section(const struct mb_program *prog);
const char *mb_program_type_name(const struct mb_program *prog); /* "kprobe" */
size_t mb_program_insn_count(const struct mb_program *prog);
int mb_program_fd(const struct mb_program *prog);
uint32_t mb_program_id(const struct mb_program *prog);
/* Leave a program out of mb_object_load() (true by default). */
void mb_program_set_autoload(struct mb_program *prog, bool autoload);
bool mb_program_autoload(const struct mb_program *prog);
/* Does the loaded program call this helper (BPF_FUNC_*)?  The tool asks
 * about bpf_trace_printk to decide whether to read trace_pipe. */
bool mb_program_calls_helper(const struct mb_program *prog, int32_t helper);
int mb_program_attach(struct mb_program *prog, struct mb_link **linkp);
/* A USDT probe, "PATH:PROVIDER:NAME" (PATH: a file, or a library or
 * program name searched as the dynamic linker and the shell would), at
 * every call site; pid -1 for every process.  usdt_cookie is what
 * bpf_usdt_cookie() returns.  The program uses <bpf/usdt.bpf.h>.  A
 * plain SEC("usdt") is attached only this way (mb_object_attach skips
 * it); SEC("usdt/PATH:PROVIDER:NAME") also by mb_object_attach. */
int mb_program_attach_usdt(struct mb_program *prog, int pid, const char *target,
			   uint64_t usdt_cookie, struct mb_link **linkp);
void mb_link_detach(struct mb_link *link);

/* Maps */
const char *mb_map_name(const struct mb_map *map);
int mb_map_fd(const struct mb_map *map);
uint32_t mb_map_id(const struct mb_map *map);
uint32_t mb_map_type(const struct mb_map *map);
const char *mb_map_type_name(uint32_t map_type); /* "hash", ... */
uint32_t mb_map_key_size(const struct mb_map *map);
uint32_t mb_map_value_size(const struct mb_map *map);
uint32_t mb_map_max_entries(const struct mb_map *map);
/* Sizes user space chooses at run time (a hash map declared with
 * max_entries 0, a stack-trace map's value size): between open and
 * load, as libbpf's bpf_map__set_max_entries/set_value_size; -EBUSY
 * once the object is loaded.  A ring buffer's size is rounded up to
 * page_size * 2^k; global data sections keep their section's size. */
int mb_map_set_max_entries(struct mb_map *map, uint32_t max_entries);
int mb_map_set_value_size(struct mb_map *map, uint32_t value_size);
/* Per-CPU maps hold one value per possible CPU, each rounded up to 8
 * bytes: lookup buffers must be mb_map_value_buf_size() long. */
size_t mb_map_value_buf_size(const struct mb_map *map);
int mb_map_lookup(const struct mb_map *map, const void *key, void *value);
int mb_map_update(const struct mb_map *map, const void *key, const void *value,
		  uint64_t flags);
/* key NULL gives the first key; -ENOENT after the last. */
int mb_map_next_key(const struct mb_map *map, const void *key, void *next);
int mb_possible_cpus(void);
bool mb_map_is_percpu(const struct mb_map *map);
/* A map made for .data, .rodata, .bss or .kconfig, not declared. */
bool mb_map_is_global_data(const struct mb_map *map);

/* Printing data as the object's BTF declares it: {pid=42, comm="bash"}.
 * Without BTF a 1, 2, 4 or 8-byte value prints as a number, anything
 * else as hex bytes.  A value is one CPU's for a per-CPU map; a global
 * data section prints one "  name = value" line per variable. */
void mb_map_print_key(FILE *f, const struct mb_map *map, const void *key);
void mb_map_print_value(FILE *f, const struct mb_map *map, const void *value);
/* A record of the object's struct name (a ring buffer event): -ENOENT if
 * the object has no such struct or size is smaller than it. */
int mb_object_print_struct(FILE *f, const struct mb_object *obj,
			   const char *name, const void *data, size_t size);
/* A 1, 2, 4 or 8-byte integer of map data, in the host's byte order. */
uint64_t mb_data_uint(const void *data, size_t size);

/* bpf_printk's output: <tracefs>/trace_pipe opened non-blocking, or
 * -ENOENT when tracefs is not mounted. */
int mb_trace_pipe_open(void);

/* BTF files: raw BTF (/sys/kernel/btf/vmlinux) or an ELF file with a
 * .BTF section (a vmlinux, pahole's output, a BPF object), for tools
 * that show BTF or make the small BTF a kernel without its own needs.
 * opts gives the print callback (NULL: quiet); its btf_path is unused. */
struct mb_btf;
int mb_btf_open(const char *path, const struct mb_open_opts *opts,
		struct mb_btf **btfp);
void mb_btf_close(struct mb_btf *btf);
/* Every type, as `bpftool btf dump file` prints it. */
void mb_btf_print_raw(FILE *f, const struct mb_btf *btf);
/* Every type as a C declaration: a vmlinux.h that compiles. */
int mb_btf_print_c(FILE *f, const struct mb_btf *btf,
		   const struct mb_open_opts *opts);
/* The types of the BTF file full that the CO-RE relocations of the
 * nr_objs objects use, and nothing else, written to out: raw BTF, or a
 * small ELF file with .BTF and a GNU build id, which --btf then checks
 * against the running kernel: build_id (hex) if given, for pahole's BTF
 * of a -dbg vmlinux, which has none, else full's own (a vmlinux, or
 * /sys/kernel/btf/vmlinux: the running kernel's id). */
int mb_btf_write_min(const char *full, const char *const *objs, size_t nr_objs,
		     const char *build_id, const char *out,
		     const struct mb_open_opts *opts);

/* Ring buffer reader: calls fn for each record; epoll-based. */
typedef int (*mb_ringbuf_fn)(void *ctx, const void *data, size_t size);
int mb_ringbuf_open(int map_fd, mb_ringbuf_fn fn, void *ctx,
		    struct mb_ringbuf **rbp);
int mb_ringbuf_poll(struct mb_ringbuf *rb, int timeout_ms);
void mb_ringbuf_close(struct mb_ringbuf *rb);

/* Perf buffer reader over a BPF_MAP_TYPE_PERF_EVENT_ARRAY map: one ring
 * per CPU; lost counts the records the kernel dropped. */
typedef void (*mb_perfbuf_fn)(void *ctx, int cpu, const void *data,
			      size_t size);
int mb_perfbuf_open(int map_fd, size_t pages_per_cpu, mb_perfbuf_fn fn,
		    void *ctx, struct mb_perfbuf **pbp);
int mb_perfbuf_poll(struct mb_perfbuf *pb, int timeout_ms);
uint64_t mb_perfbuf_lost(const struct mb_perfbuf *pb);
void mb_perfbuf_close(struct mb_perfbuf *pb);

#endif
