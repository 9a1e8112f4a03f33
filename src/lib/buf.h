/*
 * A growable byte string. The escaping functions and the writers append to one and read data/len.
 *
 * Contract:
 *   - A zeroed coop_buf (COOP_BUF_INIT) is a valid empty buffer with no memory; data is NULL until
 *     the first append. Use coop_buf_str() where a C string is needed even for an untouched buffer.
 *   - Once anything has been appended (even zero bytes), data is non-NULL and data[len] == '\0', so
 *     data can be passed as a C string. Embedded NUL bytes are kept (len counts them).
 *   - Appending may move data: do not keep pointers into it across appends.
 *   - Allocation failure is fatal (coop_oom), so no function here reports errors.
 */
#ifndef COOP_BUF_H
#define COOP_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "coopgraph/diag.h" /* COOP_PRINTF */

typedef struct {
	char *data; /* NULL until first use, then always NUL-terminated */
	size_t len; /* bytes in use, excluding the terminating NUL */
	size_t cap; /* bytes allocated, including room for the NUL */
} coop_buf;

#define COOP_BUF_INIT {NULL, 0, 0}

/* Releases the memory and leaves b empty and reusable. Accepts an untouched buffer. */
void coop_buf_free(coop_buf *b);
/* Empties b but keeps its capacity, for reuse in a loop. */
void coop_buf_clear(coop_buf *b);
/* Makes room for at least extra more bytes (plus the NUL) without further reallocation. */
void coop_buf_reserve(coop_buf *b, size_t extra);
/* Shortens b to len bytes; len larger than b->len is ignored. */
void coop_buf_truncate(coop_buf *b, size_t len);

void coop_buf_append(coop_buf *b, const void *data, size_t n);
void coop_buf_puts(coop_buf *b, const char *s);
void coop_buf_putc(coop_buf *b, char c);
void coop_buf_printf(coop_buf *b, const char *fmt, ...) COOP_PRINTF(2, 3);
void coop_buf_vprintf(coop_buf *b, const char *fmt, va_list ap) COOP_PRINTF(2, 0);

/* The contents as a C string: "" for an untouched buffer. Valid until the next change to b. */
const char *coop_buf_str(const coop_buf *b);
/* Hands the contents to the caller (free() it) and leaves b empty. Never NULL. */
char *coop_buf_detach(coop_buf *b);

#endif
