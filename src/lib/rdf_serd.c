/*
 * Turtle, N-Triples and N-Quads through serd's writer: the only file that writes with serd.
 *
 * serd streams in constant memory (raptor's Turtle writer keeps every triple until the end, about
 * 220 bytes each, and spends most of its time in its own sorted tree). Given each subject's
 * statements together, serd's abbreviated Turtle groups them under the subject and writes object
 * lists for repeated predicates. Output is UTF-8: serd escapes only what the syntax requires
 * (quotes, backslashes, control characters as \uXXXX).
 *
 * Prefixed names are made here, not by serd: its own CURIE style only abbreviates local names of
 * letters and digits, so inst:km-93 would stay a full IRI, and it tries every prefix in turn. Here
 * the namespace is the IRI up to its last '/' or '#', looked up by length, and the local name must
 * be a Turtle PN_LOCAL without escapes (letters, digits, '_', '-', '.', ':'; not starting with '-'
 * or '.', not ending with '.'); anything else, like a percent-encoded ID, stays a full IRI.
 *
 * serd writes whatever it is given, so the mapping hands it only checked IRIs, canonical language
 * tags and CR-free literals, as it did for raptor. XML 1.0 cannot carry the rest of what could
 * hurt: libxml2 refuses NUL, the C0 controls other than tab, line feed and carriage return, lone
 * surrogates (also as &#xD800;) and invalid UTF-8. serd escapes quotes, backslashes, tab and line
 * feed where the syntax needs it, and DEL and any C0 control as \uXXXX; NEL, U+2028 and the other
 * characters that are valid in a Turtle or N-Triples string go out as they are (checked in
 * tests/suites/rdf_hazards.sh). The strict re-parse of rdf_check.c would catch anything else.
 *
 * The bytes are collected in pages and each page goes to the output file and to the self-check.
 *
 * This serializer runs on the export's worker thread (rdf_export.c) and reports nothing through
 * the diagnostics sink while it writes: errors are kept and reported when the export ends.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <serd/serd.h>

#include "alloc.h"
#include "buf.h"
#include "rdf_check.h"
#include "rdf_map.h"

#define PAGE_SIZE (64 * 1024)

typedef struct {
	coop_rdf_serializer base; /* first: the serializer functions get this struct */
	coop_rdf_format format;
	coop_outfile *out;
	coop_diag_sink *diag;
	SerdEnv *env;
	SerdWriter *writer;
	coop_rdf_check *check;
	int serd_errors;
	char serd_error[600]; /* the first one, reported when the export ends */
	uint64_t written;

	char *page;
	size_t used;

	SerdNode predicates[COOP_P_COUNT];
	SerdNode datatypes[COOP_DT_COUNT];
	coop_buf subject_iri;
	SerdNode subject;

	/* Turtle: the declared prefixes, and room for the prefixed names being written */
	coop_rdf_prefix *prefixes;
	size_t *prefix_lens;
	size_t prefix_count;
	coop_buf subject_name;
	coop_buf object_name;
	coop_buf term_names; /* predicates and datatypes as prefixed names, NUL-separated */
} serd_out;

static SerdNode iri_node(const char *iri, size_t len)
{
	/* minted IRIs are checked printable ASCII: characters and bytes are the same */
	SerdNode node = {(const uint8_t *)iri, len, len, 0, SERD_URI};
	return node;
}

static int local_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c == '.' || c == ':';
}

/* 1 if the len bytes at local can follow "prefix:" in Turtle as they are. */
static int plain_local_name(const char *local, size_t len)
{
	if (len == 0 || local[0] == '-' || local[0] == '.' || local[len - 1] == '.')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!local_name_char(local[i]))
			return 0;
	return 1;
}

/*
 * The node for an IRI: in Turtle the prefixed name, built in name, when a declared prefix covers
 * it with a plain local name; otherwise the IRI itself.
 */
static SerdNode qualified(const serd_out *s, const char *iri, size_t len, coop_buf *name)
{
	if (s->format != COOP_RDF_TURTLE)
		return iri_node(iri, len);
	size_t ns_len = len;
	while (ns_len > 0 && iri[ns_len - 1] != '/' && iri[ns_len - 1] != '#')
		ns_len--;
	if (ns_len == 0 || !plain_local_name(iri + ns_len, len - ns_len))
		return iri_node(iri, len);
	for (size_t i = 0; i < s->prefix_count; i++) {
		if (s->prefix_lens[i] != ns_len || memcmp(s->prefixes[i].iri, iri, ns_len) != 0)
			continue;
		coop_buf_clear(name);
		coop_buf_puts(name, s->prefixes[i].prefix);
		coop_buf_putc(name, ':');
		coop_buf_append(name, iri + ns_len, len - ns_len);
		SerdNode node = {(const uint8_t *)name->data, name->len, name->len, 0, SERD_CURIE};
		return node;
	}
	return iri_node(iri, len);
}

static void pass_on(serd_out *s)
{
	if (!s->used)
		return;
	coop_outfile_write(s->out, s->page, s->used);
	if (s->check)
		coop_rdf_check_feed(s->check, s->page, s->used);
	s->used = 0;
}

static size_t on_bytes(const void *data, size_t len, void *stream)
{
	serd_out *s = stream;
	const char *p = data;
	size_t left = len;
	while (left) {
		size_t n = PAGE_SIZE - s->used;
		if (n > left)
			n = left;
		memcpy(s->page + s->used, p, n);
		s->used += n;
		p += n;
		left -= n;
		if (s->used == PAGE_SIZE)
			pass_on(s);
	}
	return len;
}

static void write_subject(serd_out *s, const char *iri, size_t len)
{
	coop_buf_clear(&s->subject_iri);
	coop_buf_append(&s->subject_iri, iri, len);
	s->subject = qualified(s, s->subject_iri.data, len, &s->subject_name);
}

static void write_one(serd_out *s, const SerdNode *graph, const SerdNode *predicate, const SerdNode *object,
                      const SerdNode *datatype, const SerdNode *lang)
{
	SerdStatus st =
		serd_writer_write_statement(s->writer, 0, graph, &s->subject, predicate, object, datatype, lang);
	if (st != SERD_SUCCESS) {
		if (s->serd_errors++ == 0)
			snprintf(s->serd_error, sizeof s->serd_error, "serd could not write a statement about <%.400s>: %s",
			         s->subject_iri.data, (const char *)serd_strerror(st));
		return;
	}
	s->written++;
}

static void write_statement(serd_out *s, coop_rdf_pred predicate, const coop_rdf_object *object,
                            const coop_rdf_graphs *graphs)
{
	SerdNode value, lang_node;
	const SerdNode *datatype = NULL, *lang = NULL;
	if (object->is_iri) {
		value = qualified(s, object->value, object->len, &s->object_name);
	} else {
		/* serd_node_from_substring notes newlines and quotes, which pick Turtle's """long""" form */
		value = serd_node_from_substring(SERD_LITERAL, (const uint8_t *)object->value, object->len);
		if (object->lang) {
			lang_node = serd_node_from_substring(SERD_LITERAL, (const uint8_t *)object->lang, strlen(object->lang));
			lang = &lang_node;
		} else if (object->datatype != COOP_DT_STRING) {
			datatype = &s->datatypes[object->datatype];
		}
	}
	const SerdNode *p = &s->predicates[predicate];
	if (s->format != COOP_RDF_NQUADS) {
		write_one(s, NULL, p, &value, datatype, lang);
		return;
	}
	for (uint32_t i = 0; i < graphs->count; i++) {
		if (graphs->items[i].value) {
			SerdNode graph = iri_node(graphs->items[i].value, graphs->items[i].len);
			write_one(s, &graph, p, &value, datatype, lang);
		} else {
			write_one(s, NULL, p, &value, datatype, lang);
		}
	}
}

/* ---- the sink the mapping writes to ---- */

static void direct_subject(void *payload, const char *iri, size_t len)
{
	write_subject(payload, iri, len);
}

static void direct_statement(void *payload, coop_rdf_pred predicate, const coop_rdf_object *object,
                             const coop_rdf_graphs *graphs)
{
	write_statement(payload, predicate, object, graphs);
}

/* ---- the serializer ---- */

static coop_result serd_out_finish(coop_rdf_serializer *base)
{
	serd_out *s = (serd_out *)base;
	SerdStatus st = serd_writer_finish(s->writer);
	pass_on(s);
	if (st != SERD_SUCCESS && s->serd_errors++ == 0)
		snprintf(s->serd_error, sizeof s->serd_error, "serd could not finish the output: %s",
		         (const char *)serd_strerror(st));
	if (s->serd_errors) {
		coop_diag(s->diag, COOP_SEV_ERROR, NULL, "internal error: %s", s->serd_error);
		return COOP_ERR_INTERNAL;
	}
	return COOP_OK;
}

static uint64_t serd_out_written(const coop_rdf_serializer *base)
{
	return ((const serd_out *)base)->written;
}

static coop_result serd_out_check(coop_rdf_serializer *base)
{
	serd_out *s = (serd_out *)base;
	coop_rdf_check *check = s->check;
	if (!check)
		return COOP_OK; /* made without the self-check */
	s->check = NULL;
	return coop_rdf_check_finish(check, s->written, s->diag);
}

static void serd_out_free(coop_rdf_serializer *base)
{
	serd_out *s = (serd_out *)base;
	if (!s)
		return;
	coop_rdf_check_abandon(s->check);
	serd_writer_free(s->writer);
	serd_env_free(s->env);
	coop_buf_free(&s->subject_iri);
	coop_buf_free(&s->subject_name);
	coop_buf_free(&s->object_name);
	coop_buf_free(&s->term_names);
	if (s->prefixes)
		coop_rdf_prefixes_free(s->prefixes, s->prefix_count);
	free(s->prefix_lens);
	free(s->page);
	free(s);
}

coop_rdf_serializer *coop_rdf_serd_new(coop_rdf_format format, const char *base, int self_check,
                                       coop_outfile *out, coop_diag_sink *diag)
{
	SerdSyntax syntax;
	SerdStyle style = SERD_STYLE_BULK;
	switch (format) {
	case COOP_RDF_TURTLE:
		syntax = SERD_TURTLE;
		/* not SERD_STYLE_ASCII: UTF-8 is valid everywhere and readable; not SERD_STYLE_CURIED:
		 * prefixed names are made here */
		style = (SerdStyle)(style | SERD_STYLE_ABBREVIATED);
		break;
	case COOP_RDF_NTRIPLES: syntax = SERD_NTRIPLES; break;
	case COOP_RDF_NQUADS: syntax = SERD_NQUADS; break;
	default:
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: serd does not write %s", coop_rdf_format_name(format));
		return NULL;
	}
	serd_out *s = coop_xcalloc(1, sizeof *s);
	s->base.sink = (coop_rdf_sink){s, direct_subject, direct_statement};
	s->base.finish = serd_out_finish;
	s->base.written = serd_out_written;
	s->base.check = serd_out_check;
	s->base.free = serd_out_free;
	s->format = format;
	s->out = out;
	s->diag = diag;
	s->page = coop_xmalloc(PAGE_SIZE);
	if (format == COOP_RDF_TURTLE) {
		s->prefixes = coop_rdf_prefixes(base, &s->prefix_count);
		s->prefix_lens = coop_xmalloc((s->prefix_count + 1) * sizeof *s->prefix_lens);
		for (size_t i = 0; i < s->prefix_count; i++)
			s->prefix_lens[i] = strlen(s->prefixes[i].iri);
	}
	/* predicates and datatypes: their names once, one after the other (offsets: the buffer moves) */
	size_t offsets[COOP_P_COUNT + COOP_DT_COUNT];
	SerdNode nodes[COOP_P_COUNT + COOP_DT_COUNT];
	coop_buf name = COOP_BUF_INIT;
	for (int t = 0; t < COOP_P_COUNT + COOP_DT_COUNT; t++) {
		const char *iri = t < COOP_P_COUNT ? coop_rdf_pred_iri((coop_rdf_pred)t)
		                                   : coop_rdf_datatype_iri((coop_rdf_datatype)(t - COOP_P_COUNT));
		/* rdf:type stays an IRI: serd writes it as "a" */
		nodes[t] = t == COOP_P_RDF_TYPE ? iri_node(iri, strlen(iri)) : qualified(s, iri, strlen(iri), &name);
		offsets[t] = s->term_names.len;
		coop_buf_append(&s->term_names, nodes[t].buf, nodes[t].n_bytes);
		coop_buf_putc(&s->term_names, '\0');
	}
	coop_buf_free(&name);
	for (int t = 0; t < COOP_P_COUNT + COOP_DT_COUNT; t++) {
		nodes[t].buf = (const uint8_t *)s->term_names.data + offsets[t];
		if (t < COOP_P_COUNT)
			s->predicates[t] = nodes[t];
		else
			s->datatypes[t - COOP_P_COUNT] = nodes[t];
	}

	s->check = self_check ? coop_rdf_check_start(format, coop_outfile_path(out), diag) : NULL;
	s->env = serd_env_new(NULL);
	if (s->env)
		s->writer = serd_writer_new(syntax, style, s->env, NULL, on_bytes, s);
	if ((self_check && !s->check) || !s->env || !s->writer) {
		if (!self_check || s->check)
			coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: cannot start serd's %s writer",
			          coop_rdf_format_name(format));
		serd_out_free(&s->base);
		return NULL;
	}

	for (size_t i = 0; i < s->prefix_count; i++) {
		SerdNode prefix = serd_node_from_string(SERD_LITERAL, (const uint8_t *)s->prefixes[i].prefix);
		SerdNode iri = iri_node(s->prefixes[i].iri, s->prefix_lens[i]);
		if (serd_writer_set_prefix(s->writer, &prefix, &iri) != SERD_SUCCESS && s->serd_errors++ == 0)
			snprintf(s->serd_error, sizeof s->serd_error, "serd refused the prefix %s:", s->prefixes[i].prefix);
	}
	return &s->base;
}
