#include "side_table.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

static void lock(side_table *t)
{
    for (int spins = 0; __atomic_exchange_n(&t->lock, 1, __ATOMIC_ACQUIRE); spins++) {
        if (spins > 64) {
            sched_yield(); /* the holder may be descheduled; RAW callers have no GIL to order them */
        } else {
            __builtin_ia32_pause();
        }
    }
}

static void unlock(side_table *t) { __atomic_store_n(&t->lock, 0, __ATOMIC_RELEASE); }

static size_t home(uintptr_t block, size_t capacity)
{
    return (size_t)(((uint64_t)(block >> 4) * 0x9E3779B97F4A7C15ull) >> 20) & (capacity - 1);
}

int side_table_init(side_table *t)
{
    t->capacity = 1024;
    t->count = 0;
    t->slots = calloc(t->capacity, sizeof(side_entry)); /* libc's: the tracker's memory is not Python's */
    return t->slots ? 0 : ENOMEM;
}

static void place(side_entry *slots, size_t capacity, const side_entry *e)
{
    size_t i = home(e->block, capacity);
    while (slots[i].block && slots[i].block != e->block) {
        i = (i + 1) & (capacity - 1);
    }
    slots[i] = *e;
}

static int grow(side_table *t)
{
    size_t capacity = t->capacity * 2;
    side_entry *slots = calloc(capacity, sizeof(side_entry));
    if (!slots) {
        return -1;
    }
    for (size_t i = 0; i < t->capacity; i++) {
        if (t->slots[i].block) {
            place(slots, capacity, &t->slots[i]);
        }
    }
    free(t->slots);
    t->slots = slots;
    t->capacity = capacity;
    return 0;
}

int side_table_put(side_table *t, const side_entry *e)
{
    lock(t);
    if ((t->count + 1) * 2 > t->capacity && grow(t) != 0) {
        unlock(t);
        return -1;
    }
    size_t i = home(e->block, t->capacity);
    while (t->slots[i].block && t->slots[i].block != e->block) {
        i = (i + 1) & (t->capacity - 1);
    }
    if (!t->slots[i].block) {
        t->count++;
    }
    t->slots[i] = *e;
    unlock(t);
    return 0;
}

int side_table_take(side_table *t, uintptr_t block, side_entry *out)
{
    lock(t);
    size_t mask = t->capacity - 1;
    size_t i = home(block, t->capacity);
    while (t->slots[i].block && t->slots[i].block != block) {
        i = (i + 1) & mask;
    }
    if (!t->slots[i].block) {
        unlock(t);
        return -1;
    }
    *out = t->slots[i];
    /* Backward-shift deletion: pull later entries of the probe run into the hole so lookups never need tombstones. */
    size_t hole = i;
    for (size_t j = (i + 1) & mask; t->slots[j].block; j = (j + 1) & mask) {
        size_t want = home(t->slots[j].block, t->capacity);
        /* j's entry may move to the hole when its home is not in (hole, j] (cyclically). */
        int stays = hole <= j ? (hole < want && want <= j) : (hole < want || want <= j);
        if (!stays) {
            t->slots[hole] = t->slots[j];
            hole = j;
        }
    }
    memset(&t->slots[hole], 0, sizeof(side_entry));
    t->count--;
    unlock(t);
    return 0;
}

void side_table_clear(side_table *t)
{
    lock(t);
    memset(t->slots, 0, t->capacity * sizeof(side_entry));
    t->count = 0;
    unlock(t);
}

size_t side_table_count(side_table *t) { return __atomic_load_n(&t->count, __ATOMIC_RELAXED); }

size_t side_table_capacity(side_table *t) { return __atomic_load_n(&t->capacity, __ATOMIC_RELAXED); }
