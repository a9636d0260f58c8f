/*
 * The size map: the requested size of every tracked block, found from the block's address alone.
 *
 * Why this and not a header or a hash table (measured on the json workload, docs/tracking.md): a 16-byte header on
 * each block moves small objects into larger pymalloc size classes (+21% peak memory, 1.18x time); a hash table
 * costs a cache miss per call. Blocks are 16-byte aligned, so a flat array of one 16-bit code per 16 bytes of
 * address space (1/8 of the space, like a sanitizer's shadow memory) answers with one load next to nothing else.
 * The array is reserved, not committed: only the pages that cover live blocks' addresses ever get memory, 2 bytes per
 * 16 bytes of address range that holds tracked blocks.
 *
 * Blocks not on a 16-byte boundary (see size_map_covers) are not in the map at all.
 *
 * Codes: 0 = not tracked; n + 1 for a block of n <= SIZE_MAP_MAX_INLINE bytes; SIZE_MAP_SIDE = the block's facts are
 * in the side table (larger than 64 KiB, sampled, or charged to a budget scope).
 */
#ifndef PYMEMORY_SIZE_MAP_H
#define PYMEMORY_SIZE_MAP_H

#include <stddef.h>
#include <stdint.h>

#define SIZE_MAP_ADDRESS_BITS 47 /* x86-64 user space with 4-level page tables; higher addresses use the side table */
#define SIZE_MAP_MAX_INLINE 65533u
#define SIZE_MAP_SIDE 0xFFFFu

typedef struct {
    uint16_t *codes;
    size_t bytes;
} size_map;

int size_map_init(size_map *map);
void size_map_clear(size_map *map);

/* Whether the size map can hold p's code: below 2^47 and on a 16-byte boundary. A block off that boundary may share its
   16 bytes with a neighbour (mimalloc, PYTHONMALLOC=mimalloc on 3.13, puts 8-byte blocks 8 bytes apart), and one code
   cannot describe two blocks: such blocks keep their facts in the side table, like blocks above the range. One mask
   and one test, as cheap as the range check alone. */
static inline int size_map_covers(const void *p)
{
    return ((uintptr_t)p & ((~(uintptr_t)0 << SIZE_MAP_ADDRESS_BITS) | (uintptr_t)15)) == 0;
}

static inline uint16_t size_map_get(const size_map *map, const void *p)
{
    return __atomic_load_n(&map->codes[(uintptr_t)p >> 4], __ATOMIC_RELAXED);
}

static inline void size_map_set(size_map *map, const void *p, uint16_t code)
{
    __atomic_store_n(&map->codes[(uintptr_t)p >> 4], code, __ATOMIC_RELAXED);
}

#endif
