#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void coop_buf_free(coop_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void coop_buf_clear(coop_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void coop_buf_reserve(coop_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - 1 - b->len)
		coop_oom();
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	void *data = b->data;
	coop_xgrow(&data, &b->cap, need, 1);
	b->data = data;
	/* the buffer's promise is a NUL-terminated string once it has memory, even when nothing was
	 * appended (an empty input to an escaping function) */
	b->data[b->len] = '\0';
}

void coop_buf_truncate(coop_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

void coop_buf_append(coop_buf *b, const void *data, size_t n)
{
	coop_buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void coop_buf_puts(coop_buf *b, const char *s)
{
	coop_buf_append(b, s, strlen(s));
}

void coop_buf_putc(coop_buf *b, char c)
{
	coop_buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void coop_buf_vprintf(coop_buf *b, const char *fmt, va_list ap)
{
	/* Try in the space we have; vsnprintf tells us how much it needed if that was too little. */
	coop_buf_reserve(b, 64);
	va_list again;
	va_copy(again, ap);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap);
	if (n < 0) {
		/* Only an encoding error or a result over INT_MAX gets here: a bug in the caller. */
		va_end(again);
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		coop_buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	b->len += (size_t)n;
}

void coop_buf_printf(coop_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	coop_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *coop_buf_str(const coop_buf *b)
{
	return b->data ? b->data : "";
}

char *coop_buf_detach(coop_buf *b)
{
	if (!b->data)
		coop_buf_append(b, "", 0);
	char *data = b->data;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return data;
}
