/*
 * A chunked arena: the model allocates every string and sub-array here and frees them all at once.
 * Allocations are 8-byte aligned and never move, so pointers into the arena stay valid.
 */
#ifndef COOP_ARENA_H
#define COOP_ARENA_H

#include <stddef.h>

typedef struct coop_arena_chunk coop_arena_chunk;

typedef struct {
	coop_arena_chunk *head;
	char *cur;
	char *end;
	size_t total; /* bytes handed out, for statistics */
} coop_arena;

void coop_arena_init(coop_arena *arena);
void coop_arena_free(coop_arena *arena);
/* Frees everything but the first chunk, which is kept for reuse. */
void coop_arena_reset(coop_arena *arena);
void *coop_arena_alloc(coop_arena *arena, size_t size);
void *coop_arena_memdup(coop_arena *arena, const void *src, size_t size);
char *coop_arena_strdup(coop_arena *arena, const char *s);
char *coop_arena_strndup(coop_arena *arena, const char *s, size_t n);

#endif
