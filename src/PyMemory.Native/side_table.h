/*
 * The side table: the facts of the few blocks the size map cannot hold alone (larger than 64 KiB, sampled, or
 * charged to a budget scope). An open-addressing hash table keyed by address, with linear
 * probing and backward-shift deletion (no tombstones), behind one spin lock: its users are rare enough, or already
 * in a diagnostic mode, that the lock costs less than anything lock-free would.
 */
#ifndef PYMEMORY_SIDE_TABLE_H
#define PYMEMORY_SIDE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "pymemory_native.h"


typedef struct {
    uintptr_t block;    /* 0 = empty slot */
    uint64_t size;
    uint32_t sample;    /* the sample's id; 0 = not sampled */
    uint32_t scopes[PMN_SCOPE_DEPTH]; /* the budget scopes charged, outermost first; 0 ends the list */
    uint64_t mark_generation; /* young under this mark (blocks the young map cannot hold); 0 = not young */
    uint8_t domain;
} side_entry;

typedef struct {
    side_entry *slots;
    size_t capacity; /* a power of two */
    size_t count;
    int lock;
} side_table;

int side_table_init(side_table *table);
/* Adds or replaces the entry for e->block; -1 when no memory could be found to grow. */
int side_table_put(side_table *table, const side_entry *e);
/* Removes the entry for block into *out; -1 when there is none. */
int side_table_take(side_table *table, uintptr_t block, side_entry *out);
void side_table_clear(side_table *table);
size_t side_table_count(side_table *table);
size_t side_table_capacity(side_table *table);

#endif
