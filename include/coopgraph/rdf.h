/*
 * The RDF export: the model as a knowledge graph in Turtle, N-Triples, N-Quads or RDF/XML.
 *
 * The vocabulary (W3C ORG, schema.org, SKOS, DCTERMS, PROV-O, FRAPO and the small coop: vocabulary
 * of schemas/coop.ttl) and every IRI pattern are described in docs/vocabulary.md. In short:
 *   - every entity gets {base}{type}/{id}, the ID percent-encoded as one path segment, with type
 *     one of institution, person, agreement, programme, source; parts of an entity (memberships,
 *     fundings, quotes...) get numbered child IRIs below it; there are no blank nodes, so exports
 *     of parts of a dataset merge by concatenation;
 *   - the built-in agreement kinds and statuses are concepts of the coop: namespace, the same in
 *     every dataset;
 *   - N-Quads puts every fact in the named graph of each source that states it (the graph name is
 *     the source's own IRI, {base}source/{id}); facts without a source go to the default graph.
 *
 * Output is deterministic: the same model and options give byte-identical output.
 */
#ifndef COOPGRAPH_RDF_H
#define COOPGRAPH_RDF_H

#include <stdint.h>

#include "coopgraph/diag.h"
#include "coopgraph/model.h"
#include "coopgraph/outfile.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The namespace of the coop: vocabulary (schemas/coop.ttl). */
#define COOP_RDF_VOCAB_NS "https://w3id.org/coopgraph/ns#"

/*
 * The base IRI used when none is given. It is a placeholder under example.org, fine for trying
 * things out; a dataset that is published or merged with others should get its own (--base), so
 * that its IRIs do not collide with someone else's.
 */
#define COOP_RDF_DEFAULT_BASE "https://example.org/coopgraph/"

typedef enum {
	COOP_RDF_TURTLE = 0,
	COOP_RDF_NTRIPLES,
	COOP_RDF_NQUADS,
	COOP_RDF_RDFXML
} coop_rdf_format;

typedef struct {
	coop_rdf_format format;
	const char *base; /* checked with coop_rdf_base_check(); NULL means COOP_RDF_DEFAULT_BASE */
} coop_rdf_opts;

#define COOP_RDF_OPTS_INIT {COOP_RDF_TURTLE, COOP_RDF_DEFAULT_BASE}

/* "turtle", "ntriples", "nquads", "rdfxml" and back; -1 for an unknown name. */
const char *coop_rdf_format_name(coop_rdf_format format);
int coop_rdf_format_from_name(const char *name);

/*
 * Checks a base IRI: an absolute http:, https: or urn: IRI of printable ASCII without spaces and
 * without any of  < > " { } | \ ^ `  that ends with '/' or '#'. Returns NULL when it is fine,
 * otherwise a short reason ("must end with '/' or '#'") for the error message.
 */
const char *coop_rdf_base_check(const char *base);

/*
 * Writes the model to out (which the caller opened and later commits or aborts), then re-parses
 * what was written with a strict parser and compares the number of statements. *statements (may be
 * NULL) receives the number of triples, or quads for N-Quads, written.
 *
 * Returns COOP_OK; COOP_ERR_IO when writing failed; COOP_ERR_INTERNAL when the mapping met data
 * the reader should have refused, a library reported a warning or an error, or the self-check
 * failed. Every problem is reported through diag. On failure the caller must abort out, so that
 * the previous file stays in place.
 */
coop_result coop_rdf_write(const coop_model *model, const coop_rdf_opts *opts, coop_outfile *out,
                           coop_diag_sink *diag, uint64_t *statements);

#ifdef __cplusplus
}
#endif

#endif
