/*
 * A soft assertion for table-driven unit tests: a failed CHECK prints where and why and the test
 * goes on, so one run shows every broken case; main() returns non-zero if any failed.
 */
#ifndef COOP_TEST_CHECK_H
#define COOP_TEST_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			failures++; \
		} \
	} while (0)

#endif
