/*
 * Reading coopgraph XML into the model: well-formedness, the XSD, and the hostile-input policy.
 *
 * Input is streamed through a SAX parser with the schema plugged into the stream, so memory grows
 * with the model, not with the file. Every file is read by coopgraph itself (no decompression, no
 * URLs), must be UTF-8 and must not contain a DOCTYPE; nothing is ever loaded from the network or
 * from another file, and the schema is coopgraph's own embedded copy.
 */
#ifndef COOPGRAPH_READER_H
#define COOPGRAPH_READER_H

#include <stddef.h>
#include <stdint.h>

#include "coopgraph/diag.h"
#include "coopgraph/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called for each agreement as soon as it is read and checked, in streaming mode. The agreement and
 * its strings are valid only during the call. */
typedef void (*coop_agreement_fn)(void *payload, const coop_model *model, const coop_agreement *agreement);
typedef void (*coop_source_fn)(void *payload, const coop_model *model, const coop_source *source);
/* Where an entity (a child of the root) lies in file: bytes [start, end), from its start tag's '<'
 * to just after its end tag; start == end when unknown. Called for every entity when its end tag
 * has been read, before a streamed one is handed to on_agreement or on_source. */
typedef void (*coop_span_fn)(void *payload, const char *file, uint64_t start, uint64_t end);

typedef struct {
	uint64_t max_file_size;   /* bytes per input file; 0: no limit */
	uint32_t max_entities;    /* per dataset, all kinds together; 0: no limit */
	uint32_t max_children;    /* child elements of one entity (names, parties, ...) */
	/*
	 * Streaming: agreements, by far the most numerous entities, are checked as they are read, passed
	 * to on_agreement (if set) and not kept, so memory grows with the institutions and people, not
	 * with the agreements. References to IDs that appear later are still checked, at the end. The
	 * model then holds no agreements (coop_model_streamed_agreement_count says how many passed).
	 */
	int stream_agreements;
	coop_agreement_fn on_agreement;
	void *payload;
	/* The same for sources, the next most numerous (often one per agreement): checked, passed to
	 * on_source, and not kept (coop_model_streamed_source_count). */
	int stream_sources;
	coop_source_fn on_source;
	/* Optional, for a caller that reads some streamed entities again later (coopgraph graph). */
	coop_span_fn on_span;
} coop_read_opts;

/* Defaults: 4 GiB per file, 50 million entities, 10,000 children per entity, everything kept. */
#define COOP_READ_OPTS_INIT {UINT64_C(4) << 30, 50000000u, 10000u, 0, NULL, NULL, 0, NULL, NULL}

/* Reads one file into model. Messages name the file as given in path. */
coop_result coop_read_file(coop_model *model, const char *path, const coop_read_opts *opts,
                           coop_diag_sink *diag);

/* Reads a document held in memory; name is used in messages. */
coop_result coop_read_memory(coop_model *model, const char *name, const char *data, size_t size,
                             const coop_read_opts *opts, coop_diag_sink *diag);

/*
 * Reads every path (a directory stands for its *.xml files, sorted by name), then links and checks
 * the whole dataset. On COOP_OK, *out is the model (the caller frees it); otherwise *out is NULL
 * and the problems went to diag.
 */
coop_result coop_load(coop_model **out, const char *const *paths, size_t count,
                      const coop_read_opts *opts, coop_diag_sink *diag);

/* Releases libxml2's global state; call once at exit. */
void coop_reader_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif
