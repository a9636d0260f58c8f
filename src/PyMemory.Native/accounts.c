#include "accounts.h"

#include <pthread.h>
#include <string.h>

#define SCOPE_SLOTS 1024

typedef struct {
    uint32_t id;  /* 0 = never used */
    int open;
    int64_t limit;
    pmn_account account;
} scope_slot;

static scope_slot scopes[SCOPE_SLOTS];
static uint32_t last_scope_id;
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;

static void add(pmn_account *a, int domain, int64_t bytes, int64_t blocks)
{
    __atomic_add_fetch(&a->live_bytes[domain], bytes, __ATOMIC_RELAXED);
    __atomic_add_fetch(&a->live_blocks[domain], blocks, __ATOMIC_RELAXED);
}

static void read_account(const pmn_account *from, pmn_account *to)
{
    for (int d = 0; d < PMN_DOMAINS; d++) {
        to->live_bytes[d] = __atomic_load_n(&from->live_bytes[d], __ATOMIC_RELAXED);
        to->live_blocks[d] = __atomic_load_n(&from->live_blocks[d], __ATOMIC_RELAXED);
    }
    to->rejected = __atomic_load_n(&from->rejected, __ATOMIC_RELAXED);
}

static scope_slot *scope_of(uint32_t id)
{
    scope_slot *s = &scopes[id % SCOPE_SLOTS];
    return id && __atomic_load_n(&s->id, __ATOMIC_ACQUIRE) == id ? s : NULL;
}

uint32_t accounts_scope_open(int64_t limit)
{
    pthread_mutex_lock(&gate);
    uint32_t id = 0;
    for (int tries = 0; tries < SCOPE_SLOTS; tries++) {
        uint32_t candidate = ++last_scope_id;
        if (candidate == 0) {
            candidate = ++last_scope_id; /* 0 means "none" */
        }
        scope_slot *s = &scopes[candidate % SCOPE_SLOTS];
        if (!s->open) {
            __atomic_store_n(&s->id, 0, __ATOMIC_RELEASE); /* late credits of the old id stop here */
            memset(&s->account, 0, sizeof(s->account));
            s->limit = limit;
            s->open = 1;
            __atomic_store_n(&s->id, candidate, __ATOMIC_RELEASE);
            id = candidate;
            break;
        }
    }
    pthread_mutex_unlock(&gate);
    return id;
}

void accounts_scope_close(uint32_t id)
{
    pthread_mutex_lock(&gate);
    scope_slot *s = scope_of(id);
    if (s) {
        s->open = 0; /* still readable, and still credited, until the slot is reused */
    }
    pthread_mutex_unlock(&gate);
}

int accounts_scope_judge(uint32_t id, int64_t grow, int64_t headroom)
{
    scope_slot *s = scope_of(id);
    if (!s) {
        return WITHIN;
    }
    int64_t live = 0;
    for (int d = 0; d < PMN_DOMAINS; d++) {
        live += __atomic_load_n(&s->account.live_bytes[d], __ATOMIC_RELAXED);
    }
    return judge(live + grow, __atomic_load_n(&s->limit, __ATOMIC_RELAXED), headroom);
}

void accounts_scope_rejected(uint32_t id)
{
    scope_slot *s = scope_of(id);
    if (s) {
        __atomic_add_fetch(&s->account.rejected, 1, __ATOMIC_RELAXED);
    }
}

void accounts_charge_scope(uint32_t id, int domain, int64_t bytes)
{
    scope_slot *s = scope_of(id);
    if (s) {
        add(&s->account, domain, bytes, 1);
    }
}

void accounts_credit_scope(uint32_t id, int domain, int64_t bytes)
{
    scope_slot *s = scope_of(id);
    if (s) {
        add(&s->account, domain, -bytes, -1);
    }
}

int accounts_scope_read(uint32_t id, pmn_account *out)
{
    scope_slot *s = scope_of(id);
    if (!s) {
        return -1;
    }
    read_account(&s->account, out);
    return 0;
}
