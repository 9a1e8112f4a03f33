/*
 * The self-check of the RDF export: what was written is parsed again by a strict parser that is
 * not the one that wrote it (serd for Turtle, N-Triples and N-Quads), and the number of statements
 * must be the number the writer was given. It catches an invalid IRI or language tag that slipped
 * through, a raw CR in a Turtle string, and a statement the writer dropped or duplicated.
 */
#ifndef COOP_RDF_CHECK_H
#define COOP_RDF_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "coopgraph/diag.h"
#include "coopgraph/rdf.h"

/*
 * Parses the len bytes at data (data[len] must be '\0') as format, strictly, and requires exactly
 * expected statements and no blank node. format must not be COOP_RDF_RDFXML (serd cannot read it;
 * rdf_raptor.c checks RDF/XML itself). Returns COOP_OK, or COOP_ERR_INTERNAL after reporting the
 * first parse error or the counts through diag; name is the output's name for the messages.
 */
coop_result coop_rdf_check(coop_rdf_format format, const char *data, size_t len, uint64_t expected,
                           const char *name, coop_diag_sink *diag);

#endif
