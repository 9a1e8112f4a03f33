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
 * Output is deterministic: the same input files, read in the same order, and the same options give
 * byte-identical output.
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

/*
 * The self-check: a strict parser reads the output as it is written and must find as many
 * statements as were written. AUTO runs it where coopgraph or the library makes choices about the
 * syntax: Turtle (prefixed names, grouped subjects) and RDF/XML (raptor2 checks nothing it is
 * given). In N-Triples and N-Quads every statement is one line of full IRIs and literals escaped
 * by serd, and the check would only test serd's escaping again (the test suite does that with four
 * parsers) while costing a third of the CPU time of a large export: AUTO leaves it out there.
 */
typedef enum {
	COOP_RDF_CHECK_AUTO = 0,
	COOP_RDF_CHECK_ON,
	COOP_RDF_CHECK_OFF
} coop_rdf_check_mode;

typedef struct {
	coop_rdf_format format;
	const char *base; /* checked with coop_rdf_base_check(); NULL means COOP_RDF_DEFAULT_BASE */
	coop_rdf_check_mode check;
} coop_rdf_opts;

#define COOP_RDF_OPTS_INIT {COOP_RDF_TURTLE, COOP_RDF_DEFAULT_BASE, COOP_RDF_CHECK_AUTO}

/* 1 if an export in format with the check set to mode re-parses its output. */
int coop_rdf_self_checks(coop_rdf_format format, coop_rdf_check_mode mode);

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
 * A streaming export, so that agreements never need to be kept in memory:
 *
 *   coop_rdf_export_begin()  starts the serializer on out (which the caller opened and later
 *                            commits or aborts) and writes the prefixes;
 *   coop_rdf_export_agreement() and coop_rdf_export_source()  map one agreement or source as the
 *                            reader hands it over: set them as coop_read_opts.on_agreement and
 *                            on_source, with the export as payload and streaming turned on;
 *   coop_rdf_export_end()    once coop_load() has returned the model: maps what the model holds
 *                            (institutions, programmes, people, anything it kept), ends the
 *                            document and, with the self-check (above), checks it;
 *   coop_rdf_export_free()   in every case.
 *
 * Once diag has seen an error after begin (the reader found a problem), nothing more is mapped and
 * end returns COOP_ERR_INPUT: the caller aborts out. Output follows input order: agreements (and
 * streamed sources) as they were read, then the rest of the model.
 */
typedef struct coop_rdf_export coop_rdf_export;

/* Returns COOP_OK, COOP_ERR_USAGE for a bad base (checked with coop_rdf_base_check) or
 * COOP_ERR_INTERNAL when a library cannot start; problems are reported through diag. */
coop_result coop_rdf_export_begin(coop_rdf_export **ex, const coop_rdf_opts *opts, coop_outfile *out,
                                  coop_diag_sink *diag);
/* A coop_agreement_fn and a coop_source_fn (reader.h); payload is the export. */
void coop_rdf_export_agreement(void *payload, const coop_model *model, const coop_agreement *agreement);
void coop_rdf_export_source(void *payload, const coop_model *model, const coop_source *source);
/*
 * *statements (may be NULL) receives the number of triples, or quads for N-Quads, written.
 * Returns COOP_OK; COOP_ERR_INPUT when the input had errors (or, with --strict, the mapping warned
 * about the data); COOP_ERR_IO when writing failed (coop_outfile_commit reports why);
 * COOP_ERR_INTERNAL when the mapping met data the reader should have refused, a library reported
 * a warning or an error, or the self-check failed. On failure the caller must abort out, so that
 * the previous file stays in place (after COOP_ERR_IO, commit it to have the reason reported).
 */
coop_result coop_rdf_export_end(coop_rdf_export *ex, const coop_model *model, uint64_t *statements);
void coop_rdf_export_free(coop_rdf_export *ex);

/* The whole export of a model that kept everything: begin, end and free in one call. */
coop_result coop_rdf_write(const coop_model *model, const coop_rdf_opts *opts, coop_outfile *out,
                           coop_diag_sink *diag, uint64_t *statements);

#ifdef __cplusplus
}
#endif

#endif
