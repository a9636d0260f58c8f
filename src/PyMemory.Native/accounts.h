/*
 * Budget scopes: a block charged to a scope carries the scope's id in its side-table entry and is credited when it is
 * freed, on whichever thread. Ids are never reused while their slot is open, and a credit only lands on a scope whose
 * slot still holds the same id, so a closed scope's late frees cannot touch a newer one.
 */
#ifndef PYMEMORY_ACCOUNTS_H
#define PYMEMORY_ACCOUNTS_H

#include "pymemory_native.h"
#include "side_table.h"

#include <stdint.h>

/* How a charge of `grow` more bytes compares with a limit: within it, within the headroom above it, or beyond. */
enum { WITHIN = 0, IN_HEADROOM = 1, BEYOND = 2 };

static inline int judge(int64_t live_after, int64_t limit, int64_t headroom)
{
    if (limit <= 0 || live_after <= limit) {
        return WITHIN;
    }
    return live_after <= limit + headroom ? IN_HEADROOM : BEYOND;
}

uint32_t accounts_scope_open(int64_t limit);  /* 0 when every slot is open */
void accounts_scope_close(uint32_t id);
int accounts_scope_judge(uint32_t id, int64_t grow, int64_t headroom);
void accounts_scope_rejected(uint32_t id);
void accounts_charge_scope(uint32_t id, int domain, int64_t bytes);
void accounts_credit_scope(uint32_t id, int domain, int64_t bytes);
int accounts_scope_read(uint32_t id, pmn_account *out);


#endif
