/*
 * The RDF writer on top of raptor2: the only file that talks to raptor.
 *
 * raptor2 checks almost nothing it is given and reports almost nothing it gets wrong (HAZARDS E,
 * G1): the mapping only hands it checked IRIs, canonical language tags and CR-free literals; the
 * bytes go through our own iostream handler into a coop_outfile, so a full disk is noticed; a log
 * handler turns every raptor warning or error into a failure; and what was written is parsed again
 * before the caller commits it.
 *
 * The raptor world is created here, after the input has been read, because raptor_world_open()
 * takes over libxml2's global error handlers (HAZARDS G5), and freed before returning.
 */
#include "coopgraph/rdf.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <raptor2.h>

#include "alloc.h"
#include "buf.h"
#include "iri.h"
#include "rdf_check.h"
#include "rdf_map.h"

static const char *const format_names[] = {"turtle", "ntriples", "nquads", "rdfxml"};
/* rdfxml-abbrev groups each subject's properties in one element, like Turtle does. */
static const char *const raptor_names[] = {"turtle", "ntriples", "nquads", "rdfxml-abbrev"};

const char *coop_rdf_format_name(coop_rdf_format format)
{
	return (unsigned)format < sizeof format_names / sizeof *format_names ? format_names[format] : "?";
}

int coop_rdf_format_from_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof format_names / sizeof *format_names; i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *coop_rdf_base_check(const char *base)
{
	return coop_iri_base_check(base);
}

typedef struct {
	raptor_world *world;
	raptor_serializer *serializer;
	coop_outfile *out;
	coop_buf copy;          /* everything written, for the self-check */
	size_t passed;          /* how much of copy went to out */
	coop_diag_sink *diag;
	int raptor_errors;      /* warnings and errors raptor logged */
	int nquads;
	uint64_t written;       /* statements written (quads count once per graph) */

	raptor_term *predicates[COOP_P_COUNT];
	raptor_uri *datatypes[COOP_DT_COUNT];
	raptor_term **graphs;   /* one per source */
	uint32_t graph_count;
	raptor_term *subject;
} writer;

static void on_log(void *user_data, raptor_log_message *message)
{
	writer *w = user_data;
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

/* ---- output through coop_outfile ----
 *
 * Everything raptor writes is kept in w->copy for the self-check (coop_outfile has no way to read
 * back a temporary file before it is committed) and passed on to the outfile in large pieces:
 * raptor's N-Triples writer calls write_byte for every character, so this path must be cheap.
 */

#define PASS_ON_SIZE (64 * 1024)

static void pass_on(writer *w)
{
	if (w->copy.len > w->passed) {
		coop_outfile_write(w->out, w->copy.data + w->passed, w->copy.len - w->passed);
		w->passed = w->copy.len;
	}
}

static int io_write_byte(void *context, const int byte)
{
	writer *w = context;
	coop_buf *b = &w->copy;
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = (char)byte;
		b->data[b->len] = '\0';
	} else {
		coop_buf_putc(b, (char)byte);
	}
	if (b->len - w->passed >= PASS_ON_SIZE)
		pass_on(w);
	return 0;
}

static int io_write_bytes(void *context, const void *ptr, size_t size, size_t nmemb)
{
	writer *w = context;
	coop_buf_append(&w->copy, ptr, size * nmemb);
	if (w->copy.len - w->passed >= PASS_ON_SIZE)
		pass_on(w);
	return (int)nmemb;
}

static const raptor_iostream_handler io_handler = {
	2, NULL, NULL, io_write_byte, io_write_bytes, NULL, NULL, NULL,
};

/* ---- the sink ---- */

static void sink_subject(void *payload, const char *iri)
{
	writer *w = payload;
	if (w->subject)
		raptor_free_term(w->subject);
	w->subject = raptor_new_term_from_counted_uri_string(w->world, (const unsigned char *)iri, strlen(iri));
	if (!w->subject)
		coop_oom();
}

static void sink_statement(void *payload, coop_rdf_pred predicate, const coop_rdf_object *object,
                           const coop_rdf_graphs *graphs)
{
	writer *w = payload;
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
	if (!w->nquads || graphs->count == 0) {
		raptor_serializer_serialize_statement(w->serializer, &st);
		w->written++;
	} else {
		for (uint32_t i = 0; i < graphs->count; i++) {
			uint32_t g = graphs->sources[i];
			st.graph = g < w->graph_count ? w->graphs[g] : NULL;
			raptor_serializer_serialize_statement(w->serializer, &st);
			w->written++;
		}
	}
	raptor_free_term(term);
}

/* ---- setup ---- */

typedef struct {
	const char *prefix;
	char *iri;
} prefix_decl;

static int compare_prefixes(const void *a, const void *b)
{
	return strcmp(((const prefix_decl *)a)->prefix, ((const prefix_decl *)b)->prefix);
}

/* Declares the vocabulary and data prefixes, sorted by name. raptor writes rdf: itself, first. */
static void declare_prefixes(writer *w, const char *base)
{
	size_t n = 0, total = COOP_NS_COUNT + coop_rdf_data_prefix_count;
	prefix_decl *decls = coop_xcalloc(total, sizeof *decls);
	for (int ns = 0; ns < COOP_NS_COUNT; ns++) {
		if (ns == COOP_NS_RDF)
			continue;
		decls[n].prefix = coop_rdf_ns_prefix((coop_rdf_ns)ns);
		decls[n++].iri = coop_xstrdup(coop_rdf_ns_iri((coop_rdf_ns)ns));
	}
	for (size_t i = 0; i < coop_rdf_data_prefix_count; i++) {
		size_t len = strlen(base) + strlen(coop_rdf_data_prefixes[i].type) + 1;
		decls[n].prefix = coop_rdf_data_prefixes[i].prefix;
		decls[n].iri = coop_xmalloc(len);
		snprintf(decls[n].iri, len, "%s%s", base, coop_rdf_data_prefixes[i].type);
		n++;
	}
	qsort(decls, n, sizeof *decls, compare_prefixes);
	for (size_t i = 0; i < n; i++) {
		raptor_uri *uri = raptor_new_uri(w->world, (const unsigned char *)decls[i].iri);
		if (!uri)
			coop_oom();
		raptor_serializer_set_namespace(w->serializer, uri, (const unsigned char *)decls[i].prefix);
		raptor_free_uri(uri);
		free(decls[i].iri);
	}
	free(decls);
}

static void make_terms(writer *w, const coop_rdf_map *map, uint32_t sources)
{
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
	w->graph_count = sources;
	w->graphs = coop_xcalloc((size_t)sources + 1, sizeof *w->graphs);
	for (uint32_t s = 0; s < sources; s++) {
		w->graphs[s] = raptor_new_term_from_uri_string(w->world,
		                                               (const unsigned char *)coop_rdf_graph_iri(map, s));
		if (!w->graphs[s])
			coop_oom();
	}
}

static void free_terms(writer *w)
{
	for (int p = 0; p < COOP_P_COUNT; p++)
		if (w->predicates[p])
			raptor_free_term(w->predicates[p]);
	for (int d = 0; d < COOP_DT_COUNT; d++)
		if (w->datatypes[d])
			raptor_free_uri(w->datatypes[d]);
	for (uint32_t s = 0; s < w->graph_count; s++)
		if (w->graphs[s])
			raptor_free_term(w->graphs[s]);
	free(w->graphs);
	if (w->subject)
		raptor_free_term(w->subject);
}

/* ---- RDF/XML self-check: serd cannot read RDF/XML, so raptor's own parser does ---- */

typedef struct {
	uint64_t statements;
	uint64_t blank_nodes;
} parse_count;

static void on_parsed(void *user_data, raptor_statement *st)
{
	parse_count *c = user_data;
	c->statements++;
	if (st->subject->type == RAPTOR_TERM_TYPE_BLANK || st->object->type == RAPTOR_TERM_TYPE_BLANK)
		c->blank_nodes++;
}

static coop_result check_rdfxml(writer *w, const char *name)
{
	raptor_parser *parser = raptor_new_parser(w->world, "rdfxml");
	if (!parser)
		coop_oom();
	parse_count count = {0, 0};
	raptor_parser_set_statement_handler(parser, &count, on_parsed);
	/* Every IRI we write is absolute; the parser insists on a base all the same. */
	raptor_uri *base = raptor_new_uri(w->world, (const unsigned char *)"urn:coopgraph:self-check");
	if (!base)
		coop_oom();
	int errors_before = w->raptor_errors;
	int rc = raptor_parser_parse_start(parser, base);
	/* raptor hands each chunk to libxml2 whole, and libxml2 (rightly kept without XML_PARSE_HUGE)
	 * refuses a single lookup over 10 MB: feed it in pieces */
	const unsigned char *data = (const unsigned char *)coop_buf_str(&w->copy);
	size_t left = w->copy.len;
	while (rc == 0) {
		size_t n = left < 65536 ? left : 65536;
		rc = raptor_parser_parse_chunk(parser, data, n, n == left);
		data += n;
		left -= n;
		if (left == 0)
			break;
	}
	raptor_free_parser(parser);
	raptor_free_uri(base);
	if (rc != 0 || w->raptor_errors != errors_before) {
		coop_diag(w->diag, COOP_SEV_ERROR, NULL, "internal error: self-check: rdfxml output for '%s' does not parse",
		          name);
		return COOP_ERR_INTERNAL;
	}
	if (count.blank_nodes || count.statements != w->written) {
		coop_diag(w->diag, COOP_SEV_ERROR, NULL,
		          "internal error: self-check: rdfxml output for '%s' holds %" PRIu64 " statements (%" PRIu64
		          " with blank nodes), %" PRIu64 " were written",
		          name, count.statements, count.blank_nodes, w->written);
		return COOP_ERR_INTERNAL;
	}
	return COOP_OK;
}

coop_result coop_rdf_write(const coop_model *model, const coop_rdf_opts *opts, coop_outfile *out,
                           coop_diag_sink *diag, uint64_t *statements)
{
	if (statements)
		*statements = 0;
	const char *base = opts && opts->base ? opts->base : COOP_RDF_DEFAULT_BASE;
	coop_rdf_format format = opts ? opts->format : COOP_RDF_TURTLE;
	const char *why = coop_rdf_base_check(base);
	if (why) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "base IRI '%s' %s", base, why);
		return COOP_ERR_USAGE;
	}
	if ((unsigned)format >= sizeof raptor_names / sizeof *raptor_names) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: unknown RDF format %d", (int)format);
		return COOP_ERR_INTERNAL;
	}

	coop_rdf_map *map = coop_rdf_map_new(model, base);
	writer w;
	memset(&w, 0, sizeof w);
	w.out = out;
	w.diag = diag;
	w.nquads = format == COOP_RDF_NQUADS;

	w.world = raptor_new_world();
	if (!w.world)
		coop_oom();
	/* Interning only costs time here: every IRI is built once (PERFORMANCE.md). */
	raptor_world_set_flag(w.world, RAPTOR_WORLD_FLAG_URI_INTERNING, 0);
	raptor_world_set_log_handler(w.world, &w, on_log);
	if (raptor_world_open(w.world) != 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: cannot initialise raptor");
		raptor_free_world(w.world);
		coop_rdf_map_free(map);
		return COOP_ERR_INTERNAL;
	}
	w.serializer = raptor_new_serializer(w.world, raptor_names[format]);
	raptor_iostream *io = raptor_new_iostream_from_handler(w.world, &w, &io_handler);
	if (!w.serializer || !io)
		coop_oom();
	if (format == COOP_RDF_TURTLE || format == COOP_RDF_RDFXML)
		declare_prefixes(&w, base);
	make_terms(&w, map, coop_model_source_count(model));

	coop_result rc = COOP_OK;
	/* A NULL base: absolute IRIs everywhere, no @base and no relative prefixes. */
	if (raptor_serializer_start_to_iostream(w.serializer, NULL, io) != 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: raptor cannot start the %s serializer",
		          raptor_names[format]);
		rc = COOP_ERR_INTERNAL;
	} else {
		coop_rdf_sink sink = {&w, sink_subject, sink_statement};
		rc = coop_rdf_map_run(map, &sink, diag, NULL);
		if (raptor_serializer_serialize_end(w.serializer) != 0 && rc == COOP_OK) {
			coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: raptor could not finish the output");
			rc = COOP_ERR_INTERNAL;
		}
	}
	raptor_free_serializer(w.serializer);
	raptor_free_iostream(io);
	w.serializer = NULL;
	pass_on(&w);

	if (rc == COOP_OK && w.raptor_errors)
		rc = COOP_ERR_INTERNAL;
	if (rc == COOP_OK && coop_outfile_failed(out))
		rc = COOP_ERR_IO; /* coop_outfile_commit() reports it with the reason */
	if (rc == COOP_OK) {
		const char *name = coop_outfile_path(out);
		if (format == COOP_RDF_RDFXML)
			rc = check_rdfxml(&w, name);
		else
			rc = coop_rdf_check(format, coop_buf_str(&w.copy), w.copy.len, w.written, name, diag);
	}

	free_terms(&w);
	raptor_free_world(w.world);
	coop_buf_free(&w.copy);
	coop_rdf_map_free(map);
	if (statements && rc == COOP_OK)
		*statements = w.written;
	return rc;
}
