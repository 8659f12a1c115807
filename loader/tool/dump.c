/* dump.c: printing a map's contents for `minibpf run --dump MAP`.
 *
 * Each entry prints as its key and value types say (the library's
 * mb_map_print_key/value read the object's BTF).  Per-CPU maps hold one
 * value per possible CPU (each rounded up to 8 bytes): one line each,
 * "cpu0: ...".  Arrays of more than 16 entries leave out entries that
 * are all zero.  A global data section prints one line per variable; a
 * map whose name contains "hist" prints as a histogram (hist.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define ARRAY_SHOWN_ALL 16 /* larger arrays skip all-zero entries */

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* "  KEY: VALUE", or for a per-CPU map "  KEY:" then "    cpuN: VALUE". */
static void print_entry(FILE *f, const struct mb_map *map, const void *key,
			const uint8_t *value, int cpus)
{
	size_t stride = ((size_t)mb_map_value_size(map) + 7) & ~(size_t)7;

	fputs("  ", f);
	mb_map_print_key(f, map, key);
	fputc(':', f);
	if (!mb_map_is_percpu(map)) {
		fputc(' ', f);
		mb_map_print_value(f, map, value);
		fputc('\n', f);
		return;
	}
	fputc('\n', f);
	for (int cpu = 0; cpu < cpus; cpu++) {
		fprintf(f, "    cpu%d: ", cpu);
		mb_map_print_value(f, map, value + cpu * stride);
		fputc('\n', f);
	}
}

/* Every entry in key order (the kernel's order for hash maps). */
static int dump_entries(FILE *f, const struct mb_map *map, uint8_t *key,
			uint8_t *next, uint8_t *value, size_t vbuf)
{
	uint32_t type = mb_map_type(map), key_size = mb_map_key_size(map);
	bool skip_zero = mb_map_max_entries(map) > ARRAY_SHOWN_ALL &&
			 (type == BPF_MAP_TYPE_ARRAY ||
			  type == BPF_MAP_TYPE_PERCPU_ARRAY);
	int cpus = mb_map_is_percpu(map) ? mb_possible_cpus() : 1;
	uint64_t n = 0, zeros = 0;
	int err;

	for (err = mb_map_next_key(map, NULL, next); !err;
	     err = mb_map_next_key(map, key, next)) {
		memcpy(key, next, key_size);
		if (++n > 2ULL * mb_map_max_entries(map) + 2)
			break; /* keys changing under us */
		err = mb_map_lookup(map, key, value);
		if (err == -ENOENT)
			continue; /* deleted meanwhile */
		if (err)
			return err;
		if (skip_zero && all_zero(value, vbuf)) {
			zeros++;
			continue;
		}
		print_entry(f, map, key, value, cpus);
	}
	if (zeros)
		fprintf(f, "  (%llu entries that are all zero not shown)\n",
			(unsigned long long)zeros);
	if (n == 0)
		fputs("  (empty)\n", f);
	return err == -ENOENT ? 0 : err;
}

int dump_map(FILE *f, struct mb_map *map)
{
	size_t vbuf = mb_map_value_buf_size(map);
	uint32_t type = mb_map_type(map), key_size = mb_map_key_size(map);
	uint8_t *key, *next, *value;
	int err;

	fprintf(f, "%s (%s):\n", mb_map_name(map), mb_map_type_name(type));
	if (hist_applies(map))
		return hist_print(f, map);
	if (type == BPF_MAP_TYPE_RINGBUF ||
	    type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		fputs("  (streamed, not dumped)\n", f);
		return 0;
	}
	key = calloc(1, key_size ? key_size : 1);
	next = calloc(1, key_size ? key_size : 1);
	value = calloc(1, vbuf ? vbuf : 1);
	err = key && next && value && vbuf ? 0 : -ENOMEM;
	if (!err && mb_map_is_global_data(map)) {
		err = mb_map_lookup(map, key, value); /* key 0: the section */
		if (!err)
			mb_map_print_value(f, map, value);
	} else if (!err) {
		err = dump_entries(f, map, key, next, value, vbuf);
	}
	free(key);
	free(next);
	free(value);
	return err;
}
