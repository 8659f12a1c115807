/* hist.c: a map of power-of-two slots printed as a histogram.
 *
 * Latency and size tools count values by their log2 in a map: the
 * program computes slot = floor(log2(v)) and adds 1 at that key.  The
 * rule minibpf uses to recognise such a map (also in `run --help`):
 *
 *	its name contains "hist", its keys and values are integers of
 *	1, 2, 4 or 8 bytes, and it is a hash or array map (per-CPU
 *	counts are summed over the CPUs).
 *
 * Key k counts the values in [2^k, 2^(k+1)); key 0 also counts 0.  The
 * rows from the lowest to the highest non-empty slot are printed, with
 * a bar scaled to the largest count:
 *
 *	  [64, 128)             12 |****************************************|
 *	  [128, 256)             3 |**********                              |
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define NR_SLOTS  64
#define BAR_WIDTH 40

static bool int_size(uint32_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

bool hist_applies(const struct mb_map *map)
{
	switch (mb_map_type(map)) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		break;
	default:
		return false;
	}
	return strstr(mb_map_name(map), "hist") &&
	       int_size(mb_map_key_size(map)) &&
	       int_size(mb_map_value_size(map));
}

/* The count of one entry: its value, or the sum over CPUs. */
static uint64_t entry_count(const struct mb_map *map, const uint8_t *value,
			    int cpus)
{
	uint64_t sum = 0;

	for (int cpu = 0; cpu < cpus; cpu++)
		sum += mb_data_uint(value + cpu * 8, mb_map_value_size(map));
	return sum;
}

/* Read every entry into counts[slot]; keys past the last slot are
 * counted in *other. */
static int hist_collect(struct mb_map *map, uint64_t *counts, uint64_t *other)
{
	size_t vbuf = mb_map_value_buf_size(map);
	uint32_t key_size = mb_map_key_size(map);
	int cpus = mb_map_is_percpu(map) ? mb_possible_cpus() : 1;
	uint8_t key[8] = { 0 }, next[8] = { 0 };
	uint8_t *value = calloc(1, vbuf ? vbuf : 1);
	int err;

	if (!value || !vbuf) {
		free(value);
		return -ENOMEM;
	}
	for (err = mb_map_next_key(map, NULL, next); !err;
	     err = mb_map_next_key(map, key, next)) {
		uint64_t slot;

		memcpy(key, next, key_size);
		err = mb_map_lookup(map, key, value);
		if (err == -ENOENT)
			continue;
		if (err)
			break;
		slot = mb_data_uint(key, key_size);
		if (slot < NR_SLOTS)
			counts[slot] += entry_count(map, value, cpus);
		else
			*other += entry_count(map, value, cpus);
	}
	free(value);
	return err == -ENOENT ? 0 : err;
}

static void print_row(FILE *f, int slot, uint64_t count, uint64_t max)
{
	char range[64], bar[BAR_WIDTH + 1];
	int n = max ? (int)(count * BAR_WIDTH / max) : 0;

	if (slot == 0)
		snprintf(range, sizeof(range), "[0, 2)");
	else if (slot == NR_SLOTS - 1)
		snprintf(range, sizeof(range), "[%llu, inf)", 1ULL << slot);
	else
		snprintf(range, sizeof(range), "[%llu, %llu)", 1ULL << slot,
			 1ULL << (slot + 1));
	memset(bar, '*', n);
	memset(bar + n, ' ', BAR_WIDTH - n);
	bar[BAR_WIDTH] = '\0';
	fprintf(f, "  %-24s %10llu |%s|\n", range, (unsigned long long)count,
		bar);
}

int hist_print(FILE *f, struct mb_map *map)
{
	uint64_t counts[NR_SLOTS] = { 0 }, other = 0, max = 0;
	int lo = -1, hi = -1;
	int err = hist_collect(map, counts, &other);

	if (err)
		return err;
	for (int i = 0; i < NR_SLOTS; i++) {
		if (!counts[i])
			continue;
		if (lo < 0)
			lo = i;
		hi = i;
		if (counts[i] > max)
			max = counts[i];
	}
	if (lo < 0)
		fputs("  (empty)\n", f);
	for (int i = lo; lo >= 0 && i <= hi; i++)
		print_row(f, i, counts[i], max);
	if (other)
		fprintf(f, "  (%llu counted at keys >= %d, not log2 slots)\n",
			(unsigned long long)other, NR_SLOTS);
	return 0;
}
