/*
 * The young map, for marks: one byte per 16 bytes of address space, set when a block is allocated while the mark is
 * open. Opening a mark gives all its pages back at once (they read as zero), which makes every existing block "old"
 * in one system call; freeing a young block credits the mark. A byte, not a bit, so that two threads allocating
 * neighbouring blocks never share a read-modify-write. Reserved only when the first mark opens (8 TiB of address
 * space, no commit charge); committed memory is 1 byte per 16 bytes of address range that holds young blocks.
 */
#ifndef PYMEMORY_YOUNG_MAP_H
#define PYMEMORY_YOUNG_MAP_H

#include "size_map.h"

typedef struct {
    uint8_t *flags;
    size_t bytes;
} young_map;

int young_map_init(young_map *map);
void young_map_clear(young_map *map);

static inline int young_map_get(const young_map *map, const void *p)
{
    return __atomic_load_n(&map->flags[(uintptr_t)p >> 4], __ATOMIC_RELAXED);
}

static inline void young_map_set(young_map *map, const void *p, uint8_t value)
{
    __atomic_store_n(&map->flags[(uintptr_t)p >> 4], value, __ATOMIC_RELAXED);
}

#endif
