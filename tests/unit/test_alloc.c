/* coop_xcalloc_table: zeroed, writable to its last byte and released with free(), on both sides of
 * the size where it switches to huge pages (ASan checks the bounds and the free). */
#undef NDEBUG
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static void check_table(size_t count, size_t size)
{
	unsigned char *p = coop_xcalloc_table(count, size);
	size_t bytes = count * size;
	for (size_t i = 0; i < bytes; i++)
		assert(p[i] == 0);
	memset(p, 0xA5, bytes);
	assert(p[0] == 0xA5 && p[bytes - 1] == 0xA5);
	free(p);
}

int main(void)
{
	check_table(1, 1);
	check_table(1024, 24);
	/* just under, at and over 2 MiB, and an odd size far over it */
	check_table(2 * 1024 * 1024 / 8 - 1, 8);
	check_table(2 * 1024 * 1024 / 8, 8);
	check_table(2 * 1024 * 1024 / 8 + 1, 8);
	check_table(1000003, 24);

	/* a table that was freed and allocated again is zeroed again, not reused as it was left */
	for (int round = 0; round < 3; round++)
		check_table(3 * 1024 * 1024 / 16, 16);

	/* count 0 still gives memory that free() takes */
	free(coop_xcalloc_table(0, 16));
	return 0;
}
