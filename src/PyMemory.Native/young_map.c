#define _GNU_SOURCE
#include "young_map.h"

#include <errno.h>
#include <sys/mman.h>

int young_map_init(young_map *map)
{
    if (map->flags) {
        return 0;
    }
    size_t bytes = (size_t)1 << (SIZE_MAP_ADDRESS_BITS - 4);
    void *flags = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (flags == MAP_FAILED) {
        return errno ? errno : ENOMEM;
    }
    map->bytes = bytes;
    __atomic_store_n(&map->flags, (uint8_t *)flags, __ATOMIC_RELEASE);
    return 0;
}

void young_map_clear(young_map *map)
{
    if (map->flags) {
        (void)madvise(map->flags, map->bytes, MADV_DONTNEED);
    }
}
