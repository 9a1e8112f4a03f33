#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define CHUNK_SIZE (64 * 1024)

struct coop_arena_chunk {
	coop_arena_chunk *next;
	size_t size;
	/* data follows, 8-byte aligned because the header is two words */
};

void coop_arena_init(coop_arena *arena)
{
	arena->head = NULL;
	arena->cur = arena->end = NULL;
	arena->total = 0;
}

void coop_arena_free(coop_arena *arena)
{
	coop_arena_chunk *c = arena->head;
	while (c) {
		coop_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	coop_arena_init(arena);
}

void coop_arena_reset(coop_arena *arena)
{
	coop_arena_chunk *c = arena->head;
	if (!c)
		return;
	/* keep the oldest chunk (the last in the list): it is the standard size */
	while (c->next) {
		coop_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena->head = c;
	arena->cur = (char *)(c + 1);
	arena->end = arena->cur + c->size;
	arena->total = 0;
}

void *coop_arena_alloc(coop_arena *arena, size_t size)
{
	size = (size + 7) & ~(size_t)7;
	if (size == 0)
		size = 8;
	if ((size_t)(arena->end - arena->cur) < size) {
		size_t data = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE;
		if (data > SIZE_MAX - sizeof(coop_arena_chunk))
			coop_oom();
		coop_arena_chunk *c = coop_xmalloc(sizeof *c + data);
		c->size = data;
		if (size > CHUNK_SIZE / 4 && arena->head) {
			/* a big block gets a chunk of its own, behind the current one, so the
			 * free space left in the current chunk is not wasted */
			c->next = arena->head->next;
			arena->head->next = c;
			arena->total += size;
			return c + 1;
		}
		c->next = arena->head;
		arena->head = c;
		arena->cur = (char *)(c + 1);
		arena->end = arena->cur + data;
	}
	void *p = arena->cur;
	arena->cur += size;
	arena->total += size;
	return p;
}

void *coop_arena_memdup(coop_arena *arena, const void *src, size_t size)
{
	void *p = coop_arena_alloc(arena, size);
	if (size)
		memcpy(p, src, size);
	return p;
}

char *coop_arena_strndup(coop_arena *arena, const char *s, size_t n)
{
	char *p = coop_arena_alloc(arena, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *coop_arena_strdup(coop_arena *arena, const char *s)
{
	return coop_arena_strndup(arena, s, strlen(s));
}
