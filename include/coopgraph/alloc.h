/*
 * Allocation that never returns NULL. Out of memory is a clean fatal error for a command-line tool:
 * coop_oom() reports it and exits with code 3 (COOP_ERR_IO), so no caller carries a NULL path that
 * would only ever run in that one situation. COOPGRAPH_FAIL_ALLOC_AT=N makes the N-th allocation
 * fail, so the tests can prove the path is clean.
 */
#ifndef COOPGRAPH_ALLOC_H
#define COOPGRAPH_ALLOC_H

#include <stddef.h>

void *coop_xmalloc(size_t size);
void *coop_xcalloc(size_t count, size_t size);
/* Zeroed memory for a large hash table, read and written at random and released with free(): on
 * Linux it asks for transparent huge pages, so that probes do not miss the TLB. */
void *coop_xcalloc_table(size_t count, size_t size);
void *coop_xrealloc(void *ptr, size_t size);
char *coop_xstrdup(const char *s);
/* Grows *items (of item_size each) so that it holds at least need items; doubles the capacity. */
void coop_xgrow(void **items, size_t *capacity, size_t need, size_t item_size);
_Noreturn void coop_oom(void);

#endif
