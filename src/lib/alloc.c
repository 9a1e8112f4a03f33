#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* MADV_HUGEPAGE */
#endif
#include "alloc.h"
#include "coopgraph/outfile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* the serializer and self-check threads allocate too: the count is shared */
static _Atomic long fail_at = -1; /* -1: not read yet; 0: never fail */
static _Atomic long alloc_count;

static int should_fail(void)
{
	if (fail_at < 0) {
		const char *env = getenv("COOPGRAPH_FAIL_ALLOC_AT");
		fail_at = env ? strtol(env, NULL, 10) : 0;
		if (fail_at < 0)
			fail_at = 0;
	}
	return fail_at > 0 && ++alloc_count == fail_at;
}

_Noreturn void coop_oom(void)
{
	static const char msg[] = "coopgraph: error: out of memory\n";
	/* write(2) rather than stdio: stdio may itself need memory */
	ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)ignored;
	/* no output may be left half-written: the temporary files go, the targets were never touched */
	coop_outfile_remove_temps();
	_exit(3);
}

void *coop_xmalloc(size_t size)
{
	void *p = should_fail() ? NULL : malloc(size ? size : 1);
	if (!p)
		coop_oom();
	return p;
}

void *coop_xcalloc(size_t count, size_t size)
{
	void *p = should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
	if (!p)
		coop_oom();
	return p;
}

/* 2 MiB: the huge page of x86-64 and arm64 with 4 KiB base pages */
#define TABLE_PAGE ((size_t)2 * 1024 * 1024)

void *coop_xcalloc_table(size_t count, size_t size)
{
	if (count && size > SIZE_MAX / count)
		coop_oom();
	size_t bytes = (count ? count : 1) * (size ? size : 1);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	if (bytes >= TABLE_PAGE) {
		size_t rounded = (bytes + TABLE_PAGE - 1) & ~(TABLE_PAGE - 1);
		void *p = NULL;
		if (rounded < bytes || should_fail() || posix_memalign(&p, TABLE_PAGE, rounded) != 0)
			coop_oom();
		/* only a hint: where transparent huge pages are off, this is 4 KiB pages as before */
		(void)madvise(p, rounded, MADV_HUGEPAGE);
		/* written, not calloc'ed: a probe reads a slot before it writes one, and a page first
		 * read maps the zero page, then faults again on the write */
		memset(p, 0, bytes);
		return p;
	}
#endif
	return coop_xcalloc(count, size);
}

void *coop_xrealloc(void *ptr, size_t size)
{
	void *p = should_fail() ? NULL : realloc(ptr, size ? size : 1);
	if (!p)
		coop_oom();
	return p;
}

char *coop_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = coop_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

void coop_xgrow(void **items, size_t *capacity, size_t need, size_t item_size)
{
	if (need <= *capacity)
		return;
	size_t cap = *capacity ? *capacity : 8;
	while (cap < need) {
		if (cap > SIZE_MAX / 2 / item_size)
			coop_oom();
		cap *= 2;
	}
	*items = coop_xrealloc(*items, cap * item_size);
	*capacity = cap;
}
