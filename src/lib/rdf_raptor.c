/*
 * RDF/XML through raptor2: the only file that talks to raptor.
 *
 * raptor's plain "rdfxml" serializer writes each statement as it comes (one rdf:Description per
 * triple), so memory stays constant. Its "rdfxml-abbrev" serializer groups each subject's
 * properties in one element, which reads better, but it keeps the whole graph in memory until the
 * end (about 220 bytes per triple, 8 GB for a million agreements): the export would no longer fit
 * on a laptop. The grouped, readable serialization is Turtle; RDF/XML is for tools that need it.
 *
 * raptor2 checks almost nothing it is given and reports almost nothing it gets wrong (HAZARDS E,
 * G1): the mapping only hands it checked IRIs, canonical language tags and CR-free literals; the
 * bytes go through our own iostream handler into a coop_outfile, so a full disk is noticed; a log
 * handler turns every raptor warning or error into a failure; and raptor's RDF/XML parser (serd
 * cannot read RDF/XML) reads everything again as it is written, a page at a time.
 *
 * The raptor world is created when the serializer starts, and raptor_world_open() takes over
 * libxml2's global error handlers (HAZARDS G5): the reader, which is still running in a streaming
 * export, installs its own handlers for each file it parses, so it is not affected.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <raptor2.h>

#include "alloc.h"
#include "buf.h"
#include "rdf_map.h"

/* raptor hands each chunk to libxml2 whole, and libxml2 (rightly kept without XML_PARSE_HUGE)
 * refuses a single lookup over 10 MB: the self-check gets the output in pieces of this size */
#define PAGE_SIZE (64 * 1024)

typedef struct {
	coop_rdf_serializer base; /* first: the serializer functions get this struct */
	raptor_world *world;
	raptor_serializer *serializer;
	raptor_iostream *io;
	coop_outfile *out;
	coop_diag_sink *diag;
	int raptor_errors;      /* warnings and errors raptor logged */
	uint64_t written;
	coop_buf pending;       /* written by raptor, not yet passed on */

	raptor_parser *parser;  /* the self-check */
	raptor_uri *parse_base;
	int parse_failed;
	uint64_t parsed;
	uint64_t parsed_blank;

	raptor_term *predicates[COOP_P_COUNT];
	raptor_uri *datatypes[COOP_DT_COUNT];
	raptor_term *subject;
} raptor_out;

static void on_log(void *user_data, raptor_log_message *message)
{
	raptor_out *w = user_data;
	if (message->level < RAPTOR_LOG_LEVEL_WARN)
		return;
	w->raptor_errors++;
	if (message->locator && message->locator->line > 0)
		coop_diag(w->diag, COOP_SEV_ERROR, NULL, "internal error: raptor: line %d: %s", message->locator->line,
		          message->text ? message->text : "(no message)");
	else
		coop_diag(w->diag, COOP_SEV_ERROR, NULL, "internal error: raptor: %s",
		          message->text ? message->text : "(no message)");
}

/* ---- output: raptor -> pending -> outfile and the self-check ---- */

static void on_parsed(void *user_data, raptor_statement *st)
{
	raptor_out *w = user_data;
	w->parsed++;
	if (st->subject->type == RAPTOR_TERM_TYPE_BLANK || st->object->type == RAPTOR_TERM_TYPE_BLANK)
		w->parsed_blank++;
}

static void check_chunk(raptor_out *w, const char *data, size_t n, int is_end)
{
	if (!w->parser || w->parse_failed)
		return;
	if (raptor_parser_parse_chunk(w->parser, (const unsigned char *)data, n, is_end) != 0)
		w->parse_failed = 1;
}

/* Passes on whole pages (all of pending when flush is set), outside raptor's own callbacks. */
static void pass_on(raptor_out *w, int flush)
{
	size_t done = 0;
	while (w->pending.len - done >= PAGE_SIZE || (flush && done < w->pending.len)) {
		size_t n = w->pending.len - done < PAGE_SIZE ? w->pending.len - done : PAGE_SIZE;
		coop_outfile_write(w->out, w->pending.data + done, n);
		check_chunk(w, w->pending.data + done, n, 0);
		done += n;
	}
	if (done) {
		memmove(w->pending.data, w->pending.data + done, w->pending.len - done);
		coop_buf_truncate(&w->pending, w->pending.len - done);
	}
}

static int io_write_byte(void *context, const int byte)
{
	raptor_out *w = context;
	coop_buf_putc(&w->pending, (char)byte);
	return 0;
}

static int io_write_bytes(void *context, const void *ptr, size_t size, size_t nmemb)
{
	raptor_out *w = context;
	coop_buf_append(&w->pending, ptr, size * nmemb);
	return (int)nmemb;
}

static const raptor_iostream_handler io_handler = {
	2, NULL, NULL, io_write_byte, io_write_bytes, NULL, NULL, NULL,
};

/* ---- the sink ---- */

static void sink_subject(void *payload, const char *iri, size_t len)
{
	raptor_out *w = payload;
	if (w->subject)
		raptor_free_term(w->subject);
	w->subject = raptor_new_term_from_counted_uri_string(w->world, (const unsigned char *)iri, len);
	if (!w->subject)
		coop_oom();
}

static void sink_statement(void *payload, coop_rdf_pred predicate, const coop_rdf_object *object,
                           const coop_rdf_graphs *graphs)
{
	raptor_out *w = payload;
	(void)graphs; /* RDF/XML has no graphs */
	raptor_term *term;
	if (object->is_iri) {
		term = raptor_new_term_from_counted_uri_string(w->world, (const unsigned char *)object->value,
		                                               object->len);
	} else if (object->lang) {
		term = raptor_new_term_from_counted_literal(w->world, (const unsigned char *)object->value, object->len,
		                                            NULL, (const unsigned char *)object->lang,
		                                            (unsigned char)strlen(object->lang));
	} else {
		raptor_uri *dt = object->datatype == COOP_DT_STRING ? NULL : w->datatypes[object->datatype];
		term = raptor_new_term_from_counted_literal(w->world, (const unsigned char *)object->value, object->len,
		                                            dt, NULL, 0);
	}
	if (!term)
		coop_oom();

	raptor_statement st;
	raptor_statement_init(&st, w->world);
	st.subject = w->subject;
	st.predicate = w->predicates[predicate];
	st.object = term;
	raptor_serializer_serialize_statement(w->serializer, &st);
	w->written++;
	raptor_free_term(term);
	pass_on(w, 0);
}

/* ---- the serializer ---- */

static coop_result raptor_finish(coop_rdf_serializer *base)
{
	raptor_out *w = (raptor_out *)base;
	coop_result rc = COOP_OK;
	if (raptor_serializer_serialize_end(w->serializer) != 0) {
		coop_diag(w->diag, COOP_SEV_ERROR, NULL, "internal error: raptor could not finish the output");
		rc = COOP_ERR_INTERNAL;
	}
	/* raptor writes the rest when the serializer and its stream go */
	raptor_free_serializer(w->serializer);
	w->serializer = NULL;
	raptor_free_iostream(w->io);
	w->io = NULL;
	pass_on(w, 1);
	if (w->raptor_errors)
		rc = COOP_ERR_INTERNAL;
	return rc;
}

static uint64_t raptor_written(const coop_rdf_serializer *base)
{
	return ((const raptor_out *)base)->written;
}

static coop_result raptor_check(coop_rdf_serializer *base)
{
	raptor_out *w = (raptor_out *)base;
	if (!w->parser)
		return COOP_OK; /* made without the self-check */
	int errors_before = w->raptor_errors;
	check_chunk(w, NULL, 0, 1);
	const char *name = coop_outfile_path(w->out);
	if (w->parse_failed || w->raptor_errors != errors_before) {
		coop_diag(w->diag, COOP_SEV_ERROR, NULL, "internal error: self-check: rdfxml output for '%s' does not parse",
		          name);
		return COOP_ERR_INTERNAL;
	}
	if (w->parsed_blank || w->parsed != w->written) {
		coop_diag(w->diag, COOP_SEV_ERROR, NULL,
		          "internal error: self-check: rdfxml output for '%s' holds %" PRIu64 " statements (%" PRIu64
		          " with blank nodes), %" PRIu64 " were written",
		          name, w->parsed, w->parsed_blank, w->written);
		return COOP_ERR_INTERNAL;
	}
	return COOP_OK;
}

static void raptor_free_out(coop_rdf_serializer *base)
{
	raptor_out *w = (raptor_out *)base;
	if (!w)
		return;
	if (w->serializer)
		raptor_free_serializer(w->serializer);
	if (w->io)
		raptor_free_iostream(w->io);
	if (w->parser)
		raptor_free_parser(w->parser);
	if (w->parse_base)
		raptor_free_uri(w->parse_base);
	for (int p = 0; p < COOP_P_COUNT; p++)
		if (w->predicates[p])
			raptor_free_term(w->predicates[p]);
	for (int d = 0; d < COOP_DT_COUNT; d++)
		if (w->datatypes[d])
			raptor_free_uri(w->datatypes[d]);
	if (w->subject)
		raptor_free_term(w->subject);
	if (w->world)
		raptor_free_world(w->world);
	coop_buf_free(&w->pending);
	free(w);
}

/* Declares the vocabulary namespaces, sorted by prefix; raptor writes rdf: itself, first. The
 * dataset's own prefixes are left out: RDF/XML writes resources as full IRIs. */
static void declare_namespaces(raptor_out *w, const char *base)
{
	size_t count = 0;
	coop_rdf_prefix *prefixes = coop_rdf_prefixes(base, &count);
	for (size_t i = 0; i < count; i++) {
		int vocabulary = 0;
		for (int ns = 0; ns < COOP_NS_COUNT; ns++)
			if (ns != COOP_NS_RDF && strcmp(prefixes[i].prefix, coop_rdf_ns_prefix((coop_rdf_ns)ns)) == 0)
				vocabulary = 1;
		if (!vocabulary)
			continue;
		raptor_uri *uri = raptor_new_uri(w->world, (const unsigned char *)prefixes[i].iri);
		if (!uri)
			coop_oom();
		raptor_serializer_set_namespace(w->serializer, uri, (const unsigned char *)prefixes[i].prefix);
		raptor_free_uri(uri);
	}
	coop_rdf_prefixes_free(prefixes, count);
}

coop_rdf_serializer *coop_rdf_raptor_new(const char *base, int self_check, coop_outfile *out,
                                         coop_diag_sink *diag)
{
	raptor_out *w = coop_xcalloc(1, sizeof *w);
	w->base.sink = (coop_rdf_sink){w, sink_subject, sink_statement};
	w->base.finish = raptor_finish;
	w->base.written = raptor_written;
	w->base.check = raptor_check;
	w->base.free = raptor_free_out;
	w->out = out;
	w->diag = diag;

	w->world = raptor_new_world();
	if (!w->world)
		coop_oom();
	/* Interning only costs time here: every IRI is built once (PERFORMANCE.md). */
	raptor_world_set_flag(w->world, RAPTOR_WORLD_FLAG_URI_INTERNING, 0);
	raptor_world_set_log_handler(w->world, w, on_log);
	if (raptor_world_open(w->world) != 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: cannot initialise raptor");
		raptor_free_out(&w->base);
		return NULL;
	}
	w->serializer = raptor_new_serializer(w->world, "rdfxml");
	w->io = raptor_new_iostream_from_handler(w->world, w, &io_handler);
	if (self_check) {
		w->parser = raptor_new_parser(w->world, "rdfxml");
		/* Every IRI we write is absolute; the parser insists on a base all the same. */
		w->parse_base = raptor_new_uri(w->world, (const unsigned char *)"urn:coopgraph:self-check");
		if (!w->parser || !w->parse_base)
			coop_oom();
		raptor_parser_set_statement_handler(w->parser, w, on_parsed);
	}
	if (!w->serializer || !w->io)
		coop_oom();
	for (int p = 0; p < COOP_P_COUNT; p++) {
		w->predicates[p] = raptor_new_term_from_uri_string(
			w->world, (const unsigned char *)coop_rdf_pred_iri((coop_rdf_pred)p));
		if (!w->predicates[p])
			coop_oom();
	}
	for (int d = 0; d < COOP_DT_COUNT; d++) {
		w->datatypes[d] = raptor_new_uri(w->world, (const unsigned char *)coop_rdf_datatype_iri((coop_rdf_datatype)d));
		if (!w->datatypes[d])
			coop_oom();
	}
	declare_namespaces(w, base);
	/* A NULL base: absolute IRIs everywhere, no xml:base. */
	if (raptor_serializer_start_to_iostream(w->serializer, NULL, w->io) != 0 ||
	    (w->parser && raptor_parser_parse_start(w->parser, w->parse_base) != 0)) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: raptor cannot start writing RDF/XML");
		raptor_free_out(&w->base);
		return NULL;
	}
	return &w->base;
}
