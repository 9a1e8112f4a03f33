/*
 * Diagnostics: where a problem is, how bad it is, and one place that decides what to do with it.
 *
 * The library never prints. It reports through a coop_diag_sink, which counts errors and warnings,
 * applies --strict (warnings become errors), -q and --max-errors, and hands each surviving message
 * to the caller's emit function. The CLI prints them as "file:line:col: error: message".
 */
#ifndef COOPGRAPH_DIAG_H
#define COOPGRAPH_DIAG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Results of library calls; the numbers are the CLI's exit codes. */
typedef enum {
	COOP_OK = 0,
	COOP_ERR_INPUT = 1,    /* the input was rejected; details went to the sink */
	COOP_ERR_USAGE = 2,    /* bad options or arguments */
	COOP_ERR_IO = 3,       /* reading, writing, network or out of memory */
	COOP_ERR_INTERNAL = 4  /* a bug, or a library refused data we believed valid */
} coop_result;

const char *coop_result_name(coop_result result);

/* A position in an input file. file is the path as the user gave it; 0 means unknown. */
typedef struct {
	const char *file;
	uint32_t line;
	uint32_t col;
} coop_loc;

typedef enum { COOP_SEV_NOTE = 0, COOP_SEV_WARNING, COOP_SEV_ERROR } coop_severity;

typedef void (*coop_diag_fn)(void *payload, coop_severity severity, const coop_loc *loc,
                             const char *message);

typedef struct coop_diag_sink {
	coop_diag_fn emit;     /* NULL: count only */
	void *payload;
	size_t max_errors;     /* stop emitting after this many errors; 0 = no limit */
	int strict;            /* warnings count and print as errors */
	int no_warnings;       /* drop warnings (ignored when strict) */
	size_t errors;         /* errors reported so far, including those past max_errors */
	size_t warnings;
	size_t suppressed;     /* errors not emitted because max_errors was reached */
} coop_diag_sink;

#define COOP_DIAG_SINK_INIT {NULL, NULL, 0, 0, 0, 0, 0, 0}

#if defined(__GNUC__)
#define COOP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define COOP_PRINTF(fmt, args)
#endif

/* Reports one message; loc may be NULL. Messages are one line, lower case, no final period. */
void coop_diag(coop_diag_sink *sink, coop_severity severity, const coop_loc *loc, const char *fmt,
               ...) COOP_PRINTF(4, 5);

/* True once max_errors has been reached: long checks may stop early. */
int coop_diag_full(const coop_diag_sink *sink);

#ifdef __cplusplus
}
#endif

#endif
