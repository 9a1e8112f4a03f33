#include "rdf_check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include <serd/serd.h>

typedef struct {
	uint64_t statements;
	uint64_t blank_nodes;
	int errors;
	char first_error[512];
	unsigned line, col;
} check_state;

static SerdStatus on_statement(void *handle, SerdStatementFlags flags, const SerdNode *graph,
                               const SerdNode *subject, const SerdNode *predicate, const SerdNode *object,
                               const SerdNode *datatype, const SerdNode *lang)
{
	check_state *st = handle;
	(void)flags;
	(void)predicate;
	(void)datatype;
	(void)lang;
	st->statements++;
	if (subject->type == SERD_BLANK || object->type == SERD_BLANK || (graph && graph->type == SERD_BLANK))
		st->blank_nodes++;
	return SERD_SUCCESS;
}

static SerdStatus on_error(void *handle, const SerdError *error)
{
	check_state *st = handle;
	if (st->errors++ == 0) {
		va_list args;
		va_copy(args, *error->args);
		/* serd hands over its own printf-style format and arguments */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		vsnprintf(st->first_error, sizeof st->first_error, (const char *)error->fmt, args);
#pragma GCC diagnostic pop
		va_end(args);
		/* serd's messages end with a newline; ours are one line */
		for (char *p = st->first_error; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		st->line = error->line;
		st->col = error->col;
	}
	return SERD_SUCCESS;
}

coop_result coop_rdf_check(coop_rdf_format format, const char *data, size_t len, uint64_t expected,
                           const char *name, coop_diag_sink *diag)
{
	SerdSyntax syntax;
	switch (format) {
	case COOP_RDF_TURTLE: syntax = SERD_TURTLE; break;
	case COOP_RDF_NTRIPLES: syntax = SERD_NTRIPLES; break;
	case COOP_RDF_NQUADS: syntax = SERD_NQUADS; break;
	default:
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: no serd self-check for %s",
		          coop_rdf_format_name(format));
		return COOP_ERR_INTERNAL;
	}
	(void)len;
	check_state st = {0};
	SerdReader *reader = serd_reader_new(syntax, &st, NULL, NULL, NULL, on_statement, NULL);
	serd_reader_set_strict(reader, true);
	serd_reader_set_error_sink(reader, on_error, &st);
	SerdStatus status = serd_reader_read_string(reader, (const uint8_t *)data);
	serd_reader_free(reader);

	if (st.errors || status > SERD_FAILURE) {
		coop_diag(diag, COOP_SEV_ERROR, NULL,
		          "internal error: self-check: %s output for '%s' does not parse at line %u, column %u: %s",
		          coop_rdf_format_name(format), name, st.line, st.col,
		          st.errors ? st.first_error : serd_strerror(status) ? (const char *)serd_strerror(status) : "");
		return COOP_ERR_INTERNAL;
	}
	if (st.blank_nodes) {
		coop_diag(diag, COOP_SEV_ERROR, NULL,
		          "internal error: self-check: %s output for '%s' has %" PRIu64 " statements with blank nodes",
		          coop_rdf_format_name(format), name, st.blank_nodes);
		return COOP_ERR_INTERNAL;
	}
	if (st.statements != expected) {
		coop_diag(diag, COOP_SEV_ERROR, NULL,
		          "internal error: self-check: %s output for '%s' holds %" PRIu64 " statements, %" PRIu64
		          " were written",
		          coop_rdf_format_name(format), name, st.statements, expected);
		return COOP_ERR_INTERNAL;
	}
	return COOP_OK;
}
