/*
 * PyMemory's native tracker: allocator wrappers for CPython's RAW, MEM and OBJ domains that count every call without
 * entering .NET. PyMemory.Core loads this library, creates one context per domain with pmn_context, and installs
 * {context, pmn_malloc, pmn_calloc, pmn_realloc, pmn_free} with PyMem_SetAllocator. The library never calls libpython
 * itself: the only calls out are to the wrapped ("next") allocator and, rarely, to the callbacks .NET registers
 * (a sampled allocation, the free of a sampled block).
 *
 * The layout of every struct here is mirrored in src/PyMemory.Core/Tracking/Native (one .cs file each); PMN_ABI_VERSION changes
 * whenever one of them does, and .NET refuses a library with another version.
 */
#ifndef PYMEMORY_NATIVE_H
#define PYMEMORY_NATIVE_H

#include <stddef.h>
#include <stdint.h>

#define PMN_ABI_VERSION 1
#define PMN_DOMAINS 3
#define PMN_BUCKETS 64
#define PMN_SCOPE_DEPTH 4
#define PMN_EXPORT __attribute__((visibility("default")))

/* CPython's PyMemAllocatorEx, identical in 3.8-3.13. */
typedef struct {
    void *ctx;
    void *(*malloc)(void *ctx, size_t size);
    void *(*calloc)(void *ctx, size_t nelem, size_t elsize);
    void *(*realloc)(void *ctx, void *ptr, size_t new_size);
    void (*free)(void *ctx, void *ptr);
} pmn_allocator;

/* The figures of one domain. Every field only grows, so a snapshot of two moments can be subtracted. */
typedef struct {
    uint64_t allocations;      /* successful malloc/calloc, realloc(NULL), realloc of a block allocated untracked */
    uint64_t frees;            /* frees of tracked blocks */
    uint64_t reallocations;    /* successful realloc of a non-NULL block */
    uint64_t bytes_allocated;  /* requested bytes of allocations, plus the new size of each tracked realloc */
    uint64_t bytes_freed;      /* sizes of freed blocks, plus the old size of each tracked realloc */
    uint64_t failed;           /* the allocator below returned NULL */
    uint64_t rejected;         /* refused by a limit or a budget scope (returned NULL without calling below) */
    uint64_t untracked_frees;  /* frees of blocks the tracker never saw (allocated before it was installed) */
} pmn_domain_counters;

typedef struct {
    pmn_domain_counters domains[PMN_DOMAINS];
    int64_t peak_live_bytes[PMN_DOMAINS];
    int64_t peak_total_live_bytes;
    uint64_t threads;          /* threads that have called a tracked allocator */
    uint64_t side_entries;     /* blocks whose facts live in the side table (larger than 64 KiB, sampled, charged) */
    uint64_t side_capacity;
    uint64_t soft_limit_crossings;
} pmn_snapshot;

/* A limit on live bytes; 0 means none. */
typedef struct {
    int64_t hard[PMN_DOMAINS];
    int64_t hard_total;
    int64_t soft_total;
    int64_t headroom;          /* after a refusal, the refusing thread may go this far above a hard limit */
} pmn_limits;

/* Charges of one budget scope or one mark. */
typedef struct {
    int64_t live_bytes[PMN_DOMAINS];
    int64_t live_blocks[PMN_DOMAINS];
    int64_t rejected;
} pmn_account;

/* Called on the allocating thread, with the tracker bypassed (allocations inside pass through uncounted). Returns
   the sample's id (non-zero) or 0 to record nothing; must not raise into CPython. */
typedef uint32_t (*pmn_sample_callback)(int domain, void *block, size_t size, uint64_t weight);
/* Called when a sampled block is freed (or reallocated away), with the tracker bypassed. */
typedef void (*pmn_sample_freed_callback)(uint32_t sample);

PMN_EXPORT int pmn_abi_version(void);
/* Reserves the size map. Returns 0, or an errno value. Idempotent. */
PMN_EXPORT int pmn_start(void);
/* A context wrapping next for domain; never freed (a RAW call may still run on another thread after removal). */
PMN_EXPORT void *pmn_context(int domain, const pmn_allocator *next);
PMN_EXPORT void pmn_functions(void **malloc_fn, void **calloc_fn, void **realloc_fn, void **free_fn);
/* Starts the figures again before an installation: every tracked block is forgotten (the allocators of an earlier
   installation were removed, so its blocks are freed without the tracker), counters, peaks and live totals restart
   at zero. */
PMN_EXPORT void pmn_restart(void);
/* Adds up every thread's counters: 8 words per domain and thread, so that a snapshot stays cheap. */
PMN_EXPORT void pmn_snapshot_read(pmn_snapshot *out);
/* One domain's allocations by requested size: bucket 0 is 0 bytes, bucket k holds [2^(k-1), 2^k), the last also
   everything larger. */
PMN_EXPORT void pmn_histogram_read(int domain, uint64_t out[PMN_BUCKETS]);
PMN_EXPORT void pmn_reset_peak(void);
/* How far live bytes may drift per thread before the shared totals (peak, limits) see it; 0 = exact, every call. */
PMN_EXPORT void pmn_set_resolution(int64_t bytes);
PMN_EXPORT void pmn_set_limits(const pmn_limits *limits);
/* Blocks until the soft limit is crossed upwards or timeout_ms passes; 1 when crossed. */
PMN_EXPORT int pmn_wait_soft_limit(int timeout_ms);
PMN_EXPORT void pmn_set_sampling(int64_t mean_interval, pmn_sample_callback sampled, pmn_sample_freed_callback freed);

/* Budget scopes: charge what this thread allocates while open; credited when freed, on any thread. */
/* Returns the scope id (> 0); -1 when 1024 scopes are open, -2 when this thread already has PMN_SCOPE_DEPTH open. */
PMN_EXPORT int64_t pmn_scope_open(int64_t limit);
/* 0, or -1 when id is not this thread's innermost open scope (scopes close in reverse order, on their thread). */
PMN_EXPORT int pmn_scope_close(int64_t id);
PMN_EXPORT int pmn_scope_read(int64_t id, pmn_account *out);

/* Marks: blocks allocated after a mark opened (on any thread) and still alive. One mark is open at a time.
   open returns the id (> 0); -1 when the young map cannot be reserved, -2 when a mark is open. */
PMN_EXPORT int64_t pmn_mark_open(void);
PMN_EXPORT int pmn_mark_close(int64_t id);
/* The open mark's figures, or the last mark's as they were when it closed; -1 for any other id. */
PMN_EXPORT int pmn_mark_read(int64_t id, pmn_account *out);

#endif
