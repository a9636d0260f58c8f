/*
 * The tracker's allocator wrappers and figures. See pymemory_native.h for the contract and docs/tracking.md for the
 * design and its measurements; the reason for each choice is next to it here.
 *
 * The common call (no limit, no budget scope, a block up to 64 KiB, not sampled) costs: one thread-local pointer
 * read, the call below, one 16-bit store or load in the size map, and a few plain adds into this thread's counters.
 * No atomics and no locks: every counter has one writer (its thread), and a snapshot adds the threads up.
 */
#define _GNU_SOURCE
#include "pymemory_native.h"
#include "accounts.h"
#include "side_table.h"
#include "size_map.h"
#include "young_map.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RELAXED_LOAD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define RELAXED_STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
/* One writer per field (its thread): a relaxed load and store compile to a plain add and keep readers tear-free. */
#define BUMP(x, v) RELAXED_STORE((x), RELAXED_LOAD(x) + (v))
#define ALWAYS_INLINE static inline __attribute__((always_inline))
#define COLD __attribute__((noinline, cold))

typedef struct {
    pmn_allocator next;
    int domain;
} domain_context;

typedef struct thread_block {
    int depth;               /* > 0 while this thread is inside a tracked call: nested calls pass straight through */
    int scope_count;         /* budget scopes open on this thread */
    int in_grace;            /* this thread was refused: it may use the headroom above a limit */
    int claimed;
    int64_t sample_countdown; /* bytes until the next sample; huge while sampling is off */
    int64_t pending[PMN_DOMAINS]; /* live-byte changes not yet added to the shared totals */
    pmn_domain_counters counters[PMN_DOMAINS];
    uint64_t histogram[PMN_DOMAINS][PMN_BUCKETS];
    uint64_t mark_generation; /* the mark the two arrays below belong to */
    int64_t mark_bytes[PMN_DOMAINS];
    int64_t mark_blocks[PMN_DOMAINS];
    uint32_t scopes[PMN_SCOPE_DEPTH]; /* innermost last */
    uint64_t rng;
    struct thread_block *next_block;
} thread_block;

static struct {
    /* Read on every call: kept together at the front. */
    uint16_t *codes;         /* the size map's array */
    int64_t resolution;
    int limits_on;
    int mark_open;
    int64_t room[PMN_DOMAINS + 1]; /* the hard limits, or INT64_MAX: one compare each on the common path */

    int started;
    size_map map;
    young_map young;
    side_table side;
    pthread_key_t key;
    thread_block *blocks;    /* every thread block ever made; reused by later threads, never freed */
    pthread_mutex_t lock;    /* thread blocks, limits, sampling and marks change under it; calls never take it */
    uint64_t threads;

    /* Shared totals for the peak and the limits, fed by each thread every `resolution` bytes of change. */
    int64_t live[PMN_DOMAINS];
    int64_t live_total;
    int64_t peak[PMN_DOMAINS];
    int64_t peak_total;

    pmn_limits limits;
    int soft_above;
    uint64_t soft_crossings;
    sem_t soft_signal;

    int64_t sample_interval;
    pmn_sample_callback sampled;
    pmn_sample_freed_callback sample_freed;

    uint64_t mark_generation;
    int64_t mark_id;
    pmn_account mark_final; /* the last mark's figures when it closed */

    pmn_domain_counters baseline[PMN_DOMAINS]; /* the sums at the last restart */
    uint64_t baseline_histogram[PMN_DOMAINS][PMN_BUCKETS];
} g = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .resolution = 64 * 1024,
    .room = { INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX },
};

static __thread thread_block *tls_block __attribute__((tls_model("initial-exec")));

/* ---------------------------------------------------------------- threads */

static void add_shared(int d, int64_t change);

static void release_thread_block(void *value)
{
    thread_block *t = value;
    for (int d = 0; d < PMN_DOMAINS; d++) {
        int64_t pending = t->pending[d];
        t->pending[d] = 0;
        add_shared(d, pending);
    }
    t->depth = 0;
    t->in_grace = 0;
    t->scope_count = 0;
    tls_block = NULL;
    /* Its counters stay in the sums; a later thread may take the block over and go on adding to them. */
    __atomic_store_n(&t->claimed, 0, __ATOMIC_RELEASE);
}

static int64_t draw_interval(thread_block *t)
{
    int64_t mean = RELAXED_LOAD(g.sample_interval);
    if (mean <= 0) {
        return INT64_MAX / 2;
    }
    /* xorshift64*, then an exponential draw: the distance to the next sample of a Poisson process over bytes. */
    uint64_t x = t->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    t->rng = x;
    double u = (double)((x * 0x2545F4914F6CDD1Dull) >> 11) * (1.0 / 9007199254740992.0);
    return (int64_t)(-log1p(-u) * (double)mean) + 1;
}

COLD static thread_block *attach_thread(void)
{
    thread_block *t = NULL;
    pthread_mutex_lock(&g.lock);
    for (thread_block *b = g.blocks; b; b = b->next_block) {
        int expected = 0;
        if (__atomic_compare_exchange_n(&b->claimed, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            t = b;
            break;
        }
    }
    if (!t) {
        /* libc's calloc, not Python's: the tracker's own memory is never counted as Python's. */
        t = calloc(1, sizeof(thread_block));
        if (!t) {
            pthread_mutex_unlock(&g.lock);
            return NULL;
        }
        t->claimed = 1;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        t->rng = ((uint64_t)now.tv_nsec << 20) ^ (uint64_t)(uintptr_t)t ^ 0x9E3779B97F4A7C15ull;
        t->next_block = g.blocks;
        __atomic_store_n(&g.blocks, t, __ATOMIC_RELEASE);
    }
    g.threads++;
    pthread_mutex_unlock(&g.lock);
    t->sample_countdown = draw_interval(t);
    tls_block = t;
    pthread_setspecific(g.key, t);
    return t;
}

/* ---------------------------------------------------------------- shared totals, peak, soft limit */

static void update_peak(int64_t *peak, int64_t value)
{
    int64_t seen = RELAXED_LOAD(*peak);
    while (value > seen && !__atomic_compare_exchange_n(peak, &seen, value, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
}

static void add_shared(int d, int64_t change)
{
    int64_t live = __atomic_add_fetch(&g.live[d], change, __ATOMIC_RELAXED);
    int64_t total = __atomic_add_fetch(&g.live_total, change, __ATOMIC_RELAXED);
    update_peak(&g.peak[d], live);
    update_peak(&g.peak_total, total);
    int64_t soft = RELAXED_LOAD(g.limits.soft_total);
    if (soft > 0) {
        int above = total > soft;
        if (above != RELAXED_LOAD(g.soft_above) && __atomic_exchange_n(&g.soft_above, above, __ATOMIC_RELAXED) != above
            && above) {
            __atomic_add_fetch(&g.soft_crossings, 1, __ATOMIC_RELAXED);
            sem_post(&g.soft_signal); /* never blocks: .NET hears of it on its own thread, outside the allocator */
        }
    }
}

COLD static void flush(thread_block *t, int d)
{
    int64_t change = t->pending[d];
    t->pending[d] = 0;
    add_shared(d, change);
}

ALWAYS_INLINE void change_live(thread_block *t, int d, int64_t change)
{
    int64_t pending = t->pending[d] + change;
    t->pending[d] = pending;
    uint64_t resolution = (uint64_t)RELAXED_LOAD(g.resolution);
    if (UNLIKELY((uint64_t)pending + resolution > 2 * resolution)) {
        flush(t, d);
    }
}

/* ---------------------------------------------------------------- refusals */

/* Whether the interpreter's hard limits allow domain d to grow by `grow` bytes, as far as this thread can tell:
   the shared totals plus its own pending change (other threads' pending changes are at most `resolution` each). */
ALWAYS_INLINE int fits_limits(thread_block *t, int d, int64_t grow)
{
    int64_t own = t->pending[0] + t->pending[1] + t->pending[2];
    return RELAXED_LOAD(g.live[d]) + t->pending[d] + grow <= RELAXED_LOAD(g.room[d])
        && RELAXED_LOAD(g.live_total) + own + grow <= RELAXED_LOAD(g.room[PMN_DOMAINS]);
}

/* Whether this thread is within `margin` bytes below (or above) a hard limit or one of its budget scopes' limits. */
COLD static int near_a_limit(thread_block *t, int64_t margin)
{
    if (RELAXED_LOAD(g.limits_on)) {
        int64_t own = t->pending[0] + t->pending[1] + t->pending[2];
        for (int d = 0; d < PMN_DOMAINS; d++) {
            if (judge(RELAXED_LOAD(g.live[d]) + t->pending[d] + margin, RELAXED_LOAD(g.limits.hard[d]), 0) != WITHIN) {
                return 1;
            }
        }
        if (judge(RELAXED_LOAD(g.live_total) + own + margin, RELAXED_LOAD(g.limits.hard_total), 0) != WITHIN) {
            return 1;
        }
    }
    for (int i = 0; i < t->scope_count; i++) {
        if (accounts_scope_judge(t->scopes[i], margin, 0) != WITHIN) {
            return 1;
        }
    }
    return 0;
}

/* The whole decision, for a request the quick test did not clear: the limits and every budget scope on this thread.
   Raising MemoryError allocates too (the traceback, the exception's state), so after a refusal this thread may go
   `headroom` bytes above a limit, never more: memory stays bounded and the error can still be raised. */
COLD static int refuse(thread_block *t, int d, int64_t grow)
{
    int64_t headroom = RELAXED_LOAD(g.limits.headroom);
    int worst = WITHIN;
    if (RELAXED_LOAD(g.limits_on)) {
        int64_t own = t->pending[0] + t->pending[1] + t->pending[2];
        int a = judge(RELAXED_LOAD(g.live[d]) + t->pending[d] + grow, RELAXED_LOAD(g.limits.hard[d]), headroom);
        int b = judge(RELAXED_LOAD(g.live_total) + own + grow, RELAXED_LOAD(g.limits.hard_total), headroom);
        worst = a > b ? a : b;
    }
    uint32_t refusing_scope = 0;
    for (int i = 0; i < t->scope_count; i++) {
        int verdict = accounts_scope_judge(t->scopes[i], grow, headroom);
        if (verdict > worst) {
            worst = verdict;
            refusing_scope = t->scopes[i];
        }
    }
    if (worst == WITHIN) {
        /* The grace ends when this thread is back a headroom's width below every limit: not when a request of a
           domain without a limit of its own fits (raising MemoryError allocates in other domains too), nor when a
           few frees take it just below the limit while the error is still on its way out (it would be refused again
           at the next allocation, and its traceback lost). */
        if (t->in_grace && !near_a_limit(t, headroom)) {
            t->in_grace = 0;
        }
        return 0;
    }
    if (worst == IN_HEADROOM && t->in_grace) {
        return 0;
    }
    t->in_grace = 1;
    BUMP(t->counters[d].rejected, 1);
    if (refusing_scope) {
        accounts_scope_rejected(refusing_scope);
    }
    return 1;
}

ALWAYS_INLINE int must_refuse(thread_block *t, int d, int64_t grow)
{
    if (LIKELY(!t->scope_count && !t->in_grace) && (LIKELY(!RELAXED_LOAD(g.limits_on)) || fits_limits(t, d, grow))) {
        return 0;
    }
    return refuse(t, d, grow);
}

/* ---------------------------------------------------------------- marks */

COLD static void mark_change(thread_block *t, int d, int64_t bytes, int64_t blocks)
{
    uint64_t generation = __atomic_load_n(&g.mark_generation, __ATOMIC_ACQUIRE);
    if (t->mark_generation != generation) {
        memset(t->mark_bytes, 0, sizeof(t->mark_bytes)); /* this thread's first change under this mark */
        memset(t->mark_blocks, 0, sizeof(t->mark_blocks));
        t->mark_generation = generation;
    }
    t->mark_bytes[d] += bytes;
    t->mark_blocks[d] += blocks;
}

ALWAYS_INLINE void mark_young(thread_block *t, int d, void *p, size_t n)
{
    if (UNLIKELY(RELAXED_LOAD(g.mark_open)) && size_map_covers(p)) {
        young_map_set(&g.young, p, 1);
        mark_change(t, d, (int64_t)n, 1);
    }
}

ALWAYS_INLINE void forget_young(thread_block *t, int d, void *p, size_t n)
{
    if (UNLIKELY(RELAXED_LOAD(g.mark_open)) && size_map_covers(p) && young_map_get(&g.young, p)) {
        young_map_set(&g.young, p, 0);
        mark_change(t, d, -(int64_t)n, -1);
    }
}

/* ---------------------------------------------------------------- recording blocks */

ALWAYS_INLINE int bucket_of(size_t n)
{
    if (n == 0) {
        return 0;
    }
    int b = 64 - __builtin_clzll((unsigned long long)n);
    return b < PMN_BUCKETS ? b : PMN_BUCKETS - 1;
}

/* What the tracker knew of a block it has just forgotten (at free or realloc). */
typedef struct {
    uint16_t code;    /* its size-map code: 0 untracked */
    size_t size;
    side_entry side;  /* valid when code is SIZE_MAP_SIDE */
} block_facts;

ALWAYS_INLINE void count_block(thread_block *t, int d, void *p, size_t n, int new_block)
{
    pmn_domain_counters *k = &t->counters[d];
    BUMP(k->bytes_allocated, n);
    if (new_block) {
        BUMP(k->allocations, 1);
        BUMP(t->histogram[d][bucket_of(n)], 1);
    }
    change_live(t, d, (int64_t)n);
    mark_young(t, d, p, n);
}

COLD static void call_sample_freed(thread_block *t, uint32_t sample)
{
    pmn_sample_freed_callback freed = RELAXED_LOAD(g.sample_freed);
    if (freed && sample) {
        t->depth++;
        freed(sample);
        t->depth--;
    }
}

COLD static uint32_t take_sample(thread_block *t, int d, void *p, size_t n)
{
    t->sample_countdown = draw_interval(t);
    pmn_sample_callback sampled = RELAXED_LOAD(g.sampled);
    int64_t mean = RELAXED_LOAD(g.sample_interval);
    if (!sampled || mean <= 0) {
        return 0;
    }
    /* What this sample stands for: n / P(a block of n bytes is sampled), where P = 1 - exp(-n / mean). */
    double probability = -expm1(-(double)n / (double)mean);
    uint64_t weight = probability > 0 ? (uint64_t)((double)n / probability + 0.5) : (uint64_t)n;
    t->depth++; /* the callback may allocate (frame objects on 3.11+): those calls pass through uncounted */
    uint32_t sample = sampled(d, p, n, weight);
    t->depth--;
    return sample;
}

/* A block that needs a side entry: large, sampled, charged to a budget scope, or above the size map's range. */
COLD static void record_in_side(thread_block *t, int d, void *p, size_t n, uint32_t sample, int new_block)
{
    side_entry e = { .block = (uintptr_t)p, .size = n, .sample = sample, .domain = (uint8_t)d };
    for (int i = 0; i < t->scope_count; i++) {
        e.scopes[i] = t->scopes[i];
    }
    /* The young map has one byte per 16 bytes: a block off that boundary (mimalloc's 8-byte blocks) keeps its
       youth here, with the mark's generation, so that a later mark cannot mistake it for one of its own. */
    if (RELAXED_LOAD(g.mark_open) && !size_map_covers(p)) {
        e.mark_generation = __atomic_load_n(&g.mark_generation, __ATOMIC_ACQUIRE);
    }
    if (side_table_put(&g.side, &e) != 0) {
        /* No memory for the entry: the block stays untracked (its free passes through uncounted), so every
           figure stays true. */
        call_sample_freed(t, sample);
        return;
    }
    for (int i = 0; i < t->scope_count; i++) {
        accounts_charge_scope(t->scopes[i], d, (int64_t)n);
    }
    if (size_map_covers(p)) {
        size_map_set(&g.map, p, SIZE_MAP_SIDE);
    }
    count_block(t, d, p, n, new_block);
    if (e.mark_generation) {
        mark_change(t, d, (int64_t)n, 1);
    }
}

ALWAYS_INLINE void record_block(domain_context *c, thread_block *t, void *p, size_t n, int new_block)
{
    uint32_t sample = 0;
    if (UNLIKELY((t->sample_countdown -= (int64_t)n) < 0)) {
        sample = take_sample(t, c->domain, p, n);
    }
    if (LIKELY(n <= SIZE_MAP_MAX_INLINE && !sample && !t->scope_count && size_map_covers(p))) {
        size_map_set(&g.map, p, (uint16_t)(n + 1));
        count_block(t, c->domain, p, n, new_block);
    } else {
        record_in_side(t, c->domain, p, n, sample, new_block);
    }
}

/* Takes a block out of the records before the allocator below frees or moves it, so that a thread that gets the same
   address next cannot have its own record erased. */
COLD static void take_side_block(void *p, block_facts *f)
{
    if (side_table_take(&g.side, (uintptr_t)p, &f->side) != 0) {
        f->code = 0; /* above the size map's range and never recorded */
        return;
    }
    f->size = f->side.size;
    if (size_map_covers(p)) {
        size_map_set(&g.map, p, 0);
    }
}

ALWAYS_INLINE void take_block(void *p, block_facts *f)
{
    f->code = size_map_covers(p) ? size_map_get(&g.map, p) : SIZE_MAP_SIDE;
    if (LIKELY(f->code != SIZE_MAP_SIDE)) {
        if (f->code) {
            f->size = (size_t)f->code - 1;
            size_map_set(&g.map, p, 0);
        }
        return;
    }
    take_side_block(p, f);
}

/* Puts back what take_block took, when the allocator below refused to move the block. */
COLD static void restore_block(void *p, const block_facts *f)
{
    if (f->code == SIZE_MAP_SIDE && side_table_put(&g.side, &f->side) != 0) {
        return; /* cannot happen (the entry's slot was just freed); if it did, the block would only be forgotten */
    }
    if (f->code && size_map_covers(p)) {
        size_map_set(&g.map, p, f->code);
    }
}

COLD static void settle_side(thread_block *t, int d, const block_facts *f)
{
    for (int i = 0; i < PMN_SCOPE_DEPTH && f->side.scopes[i]; i++) {
        accounts_credit_scope(f->side.scopes[i], d, (int64_t)f->size);
    }
    call_sample_freed(t, f->side.sample);
    if (f->side.mark_generation && RELAXED_LOAD(g.mark_open)
        && f->side.mark_generation == __atomic_load_n(&g.mark_generation, __ATOMIC_ACQUIRE)) {
        mark_change(t, d, -(int64_t)f->size, -1);
    }
}

/* Credits what a forgotten block was charged to and settles its counters. */
ALWAYS_INLINE void settle_block(thread_block *t, int d, void *p, const block_facts *f, int is_free)
{
    if (UNLIKELY(f->code == SIZE_MAP_SIDE)) {
        settle_side(t, d, f);
    }
    pmn_domain_counters *k = &t->counters[d];
    if (is_free) {
        BUMP(k->frees, 1);
    }
    BUMP(k->bytes_freed, f->size);
    change_live(t, d, -(int64_t)f->size);
    forget_young(t, d, p, f->size);
}

/* ---------------------------------------------------------------- the four wrappers */

COLD static void *allocate_carefully(domain_context *c, thread_block *t, size_t nelem, size_t elsize, int zeroed)
{
    size_t n = nelem;
    if (zeroed && __builtin_mul_overflow(nelem, elsize, &n)) {
        return c->next.calloc(c->next.ctx, nelem, elsize); /* an overflowing request fails below, untracked */
    }
    if (t->depth) {
        return zeroed ? c->next.calloc(c->next.ctx, nelem, elsize) : c->next.malloc(c->next.ctx, n);
    }
    if (must_refuse(t, c->domain, (int64_t)n)) {
        return NULL;
    }
    t->depth = 1;
    void *p = zeroed ? c->next.calloc(c->next.ctx, nelem, elsize) : c->next.malloc(c->next.ctx, n);
    t->depth = 0;
    if (!p) {
        BUMP(t->counters[c->domain].failed, 1);
        return NULL;
    }
    record_block(c, t, p, n, 1);
    return p;
}

static void *pmn_malloc(void *ctx, size_t n)
{
    domain_context *c = ctx;
    thread_block *t = tls_block;
    if (UNLIKELY(!t) && !(t = attach_thread())) {
        return c->next.malloc(c->next.ctx, n);
    }
    if (UNLIKELY(t->depth | t->scope_count | t->in_grace) || (UNLIKELY(RELAXED_LOAD(g.limits_on)) && !fits_limits(t, c->domain, (int64_t)n))) {
        return allocate_carefully(c, t, n, 1, 0);
    }
    t->depth = 1;
    void *p = c->next.malloc(c->next.ctx, n);
    t->depth = 0;
    if (UNLIKELY(!p)) {
        BUMP(t->counters[c->domain].failed, 1);
        return NULL;
    }
    record_block(c, t, p, n, 1);
    return p;
}

static void *pmn_calloc(void *ctx, size_t nelem, size_t elsize)
{
    domain_context *c = ctx;
    thread_block *t = tls_block;
    if (UNLIKELY(!t) && !(t = attach_thread())) {
        return c->next.calloc(c->next.ctx, nelem, elsize);
    }
    return allocate_carefully(c, t, nelem, elsize, 1); /* calloc is rare: the careful path serves it */
}

static void *pmn_realloc(void *ctx, void *p, size_t n)
{
    domain_context *c = ctx;
    thread_block *t = tls_block;
    if (UNLIKELY(!t) && !(t = attach_thread())) {
        return c->next.realloc(c->next.ctx, p, n);
    }
    if (t->depth) {
        return c->next.realloc(c->next.ctx, p, n);
    }
    int d = c->domain;
    block_facts old = { 0 };
    if (p) {
        take_block(p, &old);
    }
    if (n > old.size && must_refuse(t, d, (int64_t)(n - old.size))) {
        restore_block(p, &old);
        return NULL;
    }
    t->depth = 1;
    void *q = c->next.realloc(c->next.ctx, p, n);
    t->depth = 0;
    if (UNLIKELY(!q)) {
        restore_block(p, &old); /* a failed realloc leaves the old block as it was */
        BUMP(t->counters[d].failed, 1);
        return NULL;
    }
    if (p) {
        BUMP(t->counters[d].reallocations, 1);
    }
    if (old.code) {
        settle_block(t, d, p, &old, 0); /* a tracked block resized or moved: the old size leaves, the new arrives */
        record_block(c, t, q, n, 0);
    } else {
        record_block(c, t, q, n, 1); /* realloc(NULL), or a block from before tracking: a new tracked block */
    }
    return q;
}

COLD static void free_carefully(domain_context *c, thread_block *t, void *p)
{
    block_facts f;
    take_block(p, &f);
    if (f.code) {
        settle_block(t, c->domain, p, &f, 1);
    } else {
        BUMP(t->counters[c->domain].untracked_frees, 1);
    }
}

static void pmn_free(void *ctx, void *p)
{
    domain_context *c = ctx;
    thread_block *t = tls_block;
    if (UNLIKELY(!t) && !(t = attach_thread())) {
        c->next.free(c->next.ctx, p);
        return;
    }
    if (UNLIKELY(t->depth) || !p) {
        c->next.free(c->next.ctx, p);
        return;
    }
    /* The common block, settled here by hand rather than through take_block and settle_block (free_carefully):
       those keep a block_facts, side entry included, on the stack because take_side_block takes its address, which
       costs a 80-byte frame and memory round trips on every free (measured in the disassembly). */
    uint16_t code = size_map_covers(p) ? size_map_get(&g.map, p) : SIZE_MAP_SIDE;
    if (LIKELY(code - 1u < SIZE_MAP_SIDE - 1u)) { /* 1 .. SIDE-1: a block the size map alone describes */
        size_t n = (size_t)code - 1;
        size_map_set(&g.map, p, 0);
        pmn_domain_counters *k = &t->counters[c->domain];
        BUMP(k->frees, 1);
        BUMP(k->bytes_freed, n);
        change_live(t, c->domain, -(int64_t)n);
        forget_young(t, c->domain, p, n);
    } else {
        free_carefully(c, t, p);
    }
    t->depth = 1;
    c->next.free(c->next.ctx, p);
    t->depth = 0;
}

/* ---------------------------------------------------------------- exports */

int pmn_abi_version(void) { return PMN_ABI_VERSION; }

int pmn_start(void)
{
    pthread_mutex_lock(&g.lock);
    int error = 0;
    if (!g.started) {
        error = size_map_init(&g.map);
        if (!error) {
            error = side_table_init(&g.side);
        }
        if (!error && pthread_key_create(&g.key, release_thread_block) != 0) {
            error = EAGAIN;
        }
        if (!error && sem_init(&g.soft_signal, 0, 0) != 0) {
            error = errno;
        }
        g.codes = g.map.codes;
        g.started = !error;
    }
    pthread_mutex_unlock(&g.lock);
    return error;
}

void *pmn_context(int domain, const pmn_allocator *next)
{
    if (domain < 0 || domain >= PMN_DOMAINS || !next) {
        return NULL;
    }
    domain_context *c = calloc(1, sizeof(domain_context));
    if (c) {
        c->next = *next;
        c->domain = domain;
    }
    return c;
}

void pmn_functions(void **malloc_fn, void **calloc_fn, void **realloc_fn, void **free_fn)
{
    *malloc_fn = (void *)pmn_malloc;
    *calloc_fn = (void *)pmn_calloc;
    *realloc_fn = (void *)pmn_realloc;
    *free_fn = (void *)pmn_free;
}

static void sum_counters(pmn_domain_counters *out)
{
    memset(out, 0, sizeof(pmn_domain_counters) * PMN_DOMAINS);
    for (thread_block *t = __atomic_load_n(&g.blocks, __ATOMIC_ACQUIRE); t; t = t->next_block) {
        for (int d = 0; d < PMN_DOMAINS; d++) {
            const uint64_t *from = (const uint64_t *)&t->counters[d];
            uint64_t *to = (uint64_t *)&out[d];
            for (size_t i = 0; i < sizeof(pmn_domain_counters) / sizeof(uint64_t); i++) {
                to[i] += __atomic_load_n(&from[i], __ATOMIC_RELAXED);
            }
        }
    }
}

static void sum_histogram(int d, uint64_t *out)
{
    memset(out, 0, sizeof(uint64_t) * PMN_BUCKETS);
    for (thread_block *t = __atomic_load_n(&g.blocks, __ATOMIC_ACQUIRE); t; t = t->next_block) {
        for (int b = 0; b < PMN_BUCKETS; b++) {
            out[b] += __atomic_load_n(&t->histogram[d][b], __ATOMIC_RELAXED);
        }
    }
}

void pmn_restart(void)
{
    pthread_mutex_lock(&g.lock);
    size_map_clear(&g.map);
    side_table_clear(&g.side);
    young_map_clear(&g.young);
    /* Figures start again from here: the counters only grow, so the current sums become the baseline. What threads
       still hold pending belongs to the earlier run: it is dropped, not carried as an offset of the shared totals,
       because a thread that allocates no more would keep that offset for ever (the peak and the limits would then be
       off by it even at PeakResolution 0). The allocators are not installed now, so no thread is changing its own. */
    sum_counters(g.baseline);
    for (int d = 0; d < PMN_DOMAINS; d++) {
        sum_histogram(d, g.baseline_histogram[d]);
    }
    for (thread_block *t = g.blocks; t; t = t->next_block) {
        for (int d = 0; d < PMN_DOMAINS; d++) {
            RELAXED_STORE(t->pending[d], 0);
        }
    }
    for (int d = 0; d < PMN_DOMAINS; d++) {
        RELAXED_STORE(g.live[d], 0);
        RELAXED_STORE(g.peak[d], 0);
    }
    RELAXED_STORE(g.live_total, 0);
    RELAXED_STORE(g.peak_total, 0);
    pthread_mutex_unlock(&g.lock);
}

void pmn_snapshot_read(pmn_snapshot *out)
{
    sum_counters(out->domains);
    for (int d = 0; d < PMN_DOMAINS; d++) {
        uint64_t *to = (uint64_t *)&out->domains[d];
        const uint64_t *base = (const uint64_t *)&g.baseline[d];
        for (size_t i = 0; i < sizeof(pmn_domain_counters) / sizeof(uint64_t); i++) {
            to[i] -= RELAXED_LOAD(base[i]);
        }
    }
    int64_t total = 0;
    for (int d = 0; d < PMN_DOMAINS; d++) {
        int64_t live = (int64_t)(out->domains[d].bytes_allocated - out->domains[d].bytes_freed);
        update_peak(&g.peak[d], live); /* what a snapshot saw stays the peak: it never goes down between snapshots */
        out->peak_live_bytes[d] = RELAXED_LOAD(g.peak[d]);
        total += live;
    }
    update_peak(&g.peak_total, total);
    out->peak_total_live_bytes = RELAXED_LOAD(g.peak_total);
    out->threads = RELAXED_LOAD(g.threads);
    out->side_entries = side_table_count(&g.side);
    out->side_capacity = side_table_capacity(&g.side);
    out->soft_limit_crossings = RELAXED_LOAD(g.soft_crossings);
}

void pmn_histogram_read(int domain, uint64_t out[PMN_BUCKETS])
{
    if (domain < 0 || domain >= PMN_DOMAINS) {
        memset(out, 0, sizeof(uint64_t) * PMN_BUCKETS);
        return;
    }
    sum_histogram(domain, out);
    for (int b = 0; b < PMN_BUCKETS; b++) {
        out[b] -= RELAXED_LOAD(g.baseline_histogram[domain][b]);
    }
}

void pmn_reset_peak(void)
{
    for (int d = 0; d < PMN_DOMAINS; d++) {
        RELAXED_STORE(g.peak[d], RELAXED_LOAD(g.live[d]));
    }
    RELAXED_STORE(g.peak_total, RELAXED_LOAD(g.live_total));
}

void pmn_set_resolution(int64_t bytes) { RELAXED_STORE(g.resolution, bytes < 0 ? 0 : bytes); }

void pmn_set_limits(const pmn_limits *limits)
{
    pthread_mutex_lock(&g.lock);
    pmn_limits l = *limits;
    for (int d = 0; d < PMN_DOMAINS; d++) {
        RELAXED_STORE(g.limits.hard[d], l.hard[d]);
        RELAXED_STORE(g.room[d], l.hard[d] > 0 ? l.hard[d] : INT64_MAX);
    }
    RELAXED_STORE(g.limits.hard_total, l.hard_total);
    RELAXED_STORE(g.room[PMN_DOMAINS], l.hard_total > 0 ? l.hard_total : INT64_MAX);
    RELAXED_STORE(g.limits.soft_total, l.soft_total);
    RELAXED_STORE(g.limits.headroom, l.headroom > 0 ? l.headroom : 0);
    RELAXED_STORE(g.soft_above, 0);
    RELAXED_STORE(g.limits_on, (l.hard[0] > 0) | (l.hard[1] > 0) | (l.hard[2] > 0) | (l.hard_total > 0));
    pthread_mutex_unlock(&g.lock);
}

int pmn_wait_soft_limit(int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (sem_timedwait(&g.soft_signal, &until) != 0) {
        if (errno != EINTR) {
            return 0;
        }
    }
    return 1;
}

void pmn_set_sampling(int64_t mean_interval, pmn_sample_callback sampled, pmn_sample_freed_callback freed)
{
    pthread_mutex_lock(&g.lock);
    RELAXED_STORE(g.sampled, sampled);
    RELAXED_STORE(g.sample_freed, freed);
    RELAXED_STORE(g.sample_interval, mean_interval > 0 ? mean_interval : 0);
    /* Every thread draws again at its next allocation, from the new rate (a draw with sampling off is "never"). */
    for (thread_block *t = g.blocks; t; t = t->next_block) {
        RELAXED_STORE(t->sample_countdown, 0);
    }
    pthread_mutex_unlock(&g.lock);
}

int64_t pmn_scope_open(int64_t limit)
{
    thread_block *t = tls_block;
    if (!t && !(t = attach_thread())) {
        return -1;
    }
    if (t->scope_count == PMN_SCOPE_DEPTH) {
        return -2;
    }
    uint32_t id = accounts_scope_open(limit);
    if (!id) {
        return -1;
    }
    t->scopes[t->scope_count++] = id;
    return id;
}

int pmn_scope_close(int64_t id)
{
    thread_block *t = tls_block;
    if (!t || t->scope_count == 0 || t->scopes[t->scope_count - 1] != (uint32_t)id) {
        return -1; /* not the innermost scope of this thread */
    }
    t->scopes[--t->scope_count] = 0;
    accounts_scope_close((uint32_t)id);
    return 0;
}

int pmn_scope_read(int64_t id, pmn_account *out) { return accounts_scope_read((uint32_t)id, out); }

static void sum_mark(pmn_account *out)
{
    memset(out, 0, sizeof(*out));
    uint64_t generation = __atomic_load_n(&g.mark_generation, __ATOMIC_ACQUIRE);
    for (thread_block *t = __atomic_load_n(&g.blocks, __ATOMIC_ACQUIRE); t; t = t->next_block) {
        if (RELAXED_LOAD(t->mark_generation) != generation) {
            continue;
        }
        for (int d = 0; d < PMN_DOMAINS; d++) {
            out->live_bytes[d] += RELAXED_LOAD(t->mark_bytes[d]);
            out->live_blocks[d] += RELAXED_LOAD(t->mark_blocks[d]);
        }
    }
}

int64_t pmn_mark_open(void)
{
    pthread_mutex_lock(&g.lock);
    int64_t id;
    if (g.mark_open) {
        id = -2; /* one mark at a time: opening one makes every existing block old */
    } else if (young_map_init(&g.young) != 0) {
        id = -1;
    } else {
        young_map_clear(&g.young); /* every block alive now is old */
        __atomic_add_fetch(&g.mark_generation, 1, __ATOMIC_RELEASE);
        id = ++g.mark_id;
        __atomic_store_n(&g.mark_open, 1, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&g.lock);
    return id;
}

int pmn_mark_close(int64_t id)
{
    pthread_mutex_lock(&g.lock);
    int result = -1;
    if (g.mark_open && id == g.mark_id) {
        __atomic_store_n(&g.mark_open, 0, __ATOMIC_SEQ_CST);
        sum_mark(&g.mark_final);
        result = 0;
    }
    pthread_mutex_unlock(&g.lock);
    return result;
}

int pmn_mark_read(int64_t id, pmn_account *out)
{
    pthread_mutex_lock(&g.lock);
    int result = -1;
    if (id == g.mark_id && id > 0) {
        if (g.mark_open) {
            sum_mark(out);
        } else {
            *out = g.mark_final;
        }
        result = 0;
    }
    pthread_mutex_unlock(&g.lock);
    return result;
}
