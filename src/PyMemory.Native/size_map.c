#define _GNU_SOURCE
#include "size_map.h"

#include <errno.h>
#include <sys/mman.h>

int size_map_init(size_map *map)
{
    size_t bytes = ((size_t)1 << (SIZE_MAP_ADDRESS_BITS - 4)) * sizeof(uint16_t);
    /* MAP_NORESERVE: 16 TiB of address space, no commit charge; untouched pages read as zero ("not tracked"). */
    void *codes = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (codes == MAP_FAILED) {
        return errno ? errno : ENOMEM;
    }
    map->codes = codes;
    map->bytes = bytes;
    return 0;
}

void size_map_clear(size_map *map)
{
    /* Gives the pages back; they read as zero again. */
    (void)madvise(map->codes, map->bytes, MADV_DONTNEED);
}
