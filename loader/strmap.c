/* strmap.c: a map from strings to 32-bit values, for the BTF writers:
 * btf_dump.c counts how often a name was handed out (foo, foo___2),
 * btf_min.c where each name went in the new string table.
 *
 * Open addressing with linear probing, grown at 3/4 full.  Keys are not
 * copied: they must outlive the map (both users keep strings of a BTF
 * that stays loaded).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "btf.h"
#include "log.h"

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct mb_strmap_slot *find_slot(struct mb_strmap_slot *slots,
					uint32_t mask, const char *key)
{
	uint32_t i = str_hash(key) & mask;

	while (slots[i].key && strcmp(slots[i].key, key))
		i = (i + 1) & mask;
	return &slots[i];
}

static int grow(struct mb_strmap *map)
{
	uint32_t size = map->slots ? 2 * (map->mask + 1) : 64;
	struct mb_strmap_slot *slots;

	if (!size)
		return -E2BIG;
	slots = mb_calloc(size, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (uint32_t i = 0; map->slots && i <= map->mask; i++)
		if (map->slots[i].key)
			*find_slot(slots, size - 1, map->slots[i].key) =
				map->slots[i];
	free(map->slots);
	map->slots = slots;
	map->mask = size - 1;
	return 0;
}

uint32_t *mb_strmap_get(struct mb_strmap *map, const char *key, bool *added)
{
	struct mb_strmap_slot *slot;

	if ((!map->slots || map->used >= (map->mask + 1) / 4 * 3) && grow(map))
		return NULL;
	slot = find_slot(map->slots, map->mask, key);
	*added = !slot->key;
	if (!slot->key) {
		slot->key = key;
		map->used++;
	}
	return &slot->val;
}

void mb_strmap_free(struct mb_strmap *map)
{
	free(map->slots);
	memset(map, 0, sizeof(*map));
}
