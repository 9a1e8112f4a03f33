/*
 * The self-check of the Turtle, N-Triples and N-Quads export: what the writer produces is parsed
 * again, strictly, by serd's reader, and the number of statements must be the number the writer was
 * given. It catches an invalid IRI or language tag that slipped through, a raw CR in a Turtle
 * string, a blank node, and a statement the writer dropped or duplicated. (RDF/XML is checked by
 * raptor's own parser in rdf_raptor.c: serd cannot read it.)
 *
 * The check streams: the bytes go through a bounded queue (2 MB) to a thread that parses them while
 * the export is still running. So the output is never held in memory, it can be standard output
 * or a device that cannot be read back, and the parse runs on a second core instead of after the
 * export.
 */
#ifndef COOP_RDF_CHECK_H
#define COOP_RDF_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "coopgraph/diag.h"
#include "coopgraph/rdf.h"

typedef struct coop_rdf_check coop_rdf_check;

/*
 * Starts parsing format (not COOP_RDF_RDFXML); name is the output's name for the messages. Returns
 * NULL after reporting through diag when the parser thread cannot be started.
 */
coop_rdf_check *coop_rdf_check_start(coop_rdf_format format, const char *name, coop_diag_sink *diag);

/* Hands the next n bytes of the output to the parser (waits while the queue is full; after a parse
 * error it returns at once). */
void coop_rdf_check_feed(coop_rdf_check *check, const void *data, size_t n);

/*
 * Ends the input, waits for the parser and requires exactly expected statements and no blank node.
 * Returns COOP_OK, or COOP_ERR_INTERNAL after reporting the first parse error or the counts.
 * Frees check.
 */
coop_result coop_rdf_check_finish(coop_rdf_check *check, uint64_t expected, coop_diag_sink *diag);

/* Stops the parser without judging what it saw (the export failed for another reason). NULL ok. */
void coop_rdf_check_abandon(coop_rdf_check *check);

#endif
