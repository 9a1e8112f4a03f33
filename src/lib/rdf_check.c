#include "rdf_check.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <serd/serd.h>

#include "alloc.h"

/*
 * The writer hands over pages through a queue of this many pages. The parser takes the bytes a
 * page or a serd page at a time, and parsing a page takes far longer than copying it: the queue
 * lets the writer run ahead instead of waiting for each page to be parsed.
 */
#define QUEUE_PAGES 32
#define QUEUE_PAGE_SIZE (64 * 1024)
/* serd reads a page of this size at a time (Turtle). */
#define SERD_PAGE_SIZE (64 * 1024)
/* N-Triples and N-Quads are parsed in pieces of whole lines of at least this size (parse_lines). */
#define SEGMENT_SIZE (256 * 1024)

typedef struct {
	char *data;
	size_t len;
} page;

struct coop_rdf_check {
	coop_rdf_format format;
	char *name;
	pthread_t thread;

	/* the queue: pages[head .. head + count) (mod QUEUE_PAGES) are full; the writer fills the slot
	 * after them and the parser reads the one at head without holding the lock */
	pthread_mutex_t lock;
	pthread_cond_t not_empty;
	pthread_cond_t not_full;
	page pages[QUEUE_PAGES];
	unsigned head, count;
	int ended;   /* the writer has handed over everything */
	int stopped; /* the parser has given up; the writer drops what comes */
	size_t offset; /* how much of the page at head the parser has taken */

	/* written by the parser thread, read after pthread_join */
	SerdEnv *env; /* Turtle: the prefixes declared so far */
	uint64_t statements;
	uint64_t blank_nodes;
	int errors;
	SerdStatus status;
	char first_error[512];
	unsigned line, col;
	unsigned line_offset; /* lines in the pieces parsed before the current one */
};

/* Records a problem serd's reader lets through (it hands prefixed names and relative IRIs to
 * its caller unexpanded); line 0 says that serd gave no position. */
static SerdStatus refuse(coop_rdf_check *c, const char *what, const SerdNode *node)
{
	if (c->errors++ == 0) {
		snprintf(c->first_error, sizeof c->first_error, "%s '%.*s'", what, (int)(node->n_bytes > 200 ? 200 : node->n_bytes),
		         (const char *)node->buf);
		c->line = 0;
		c->col = 0;
	}
	return SERD_ERR_BAD_SYNTAX;
}

/* An IRI or prefixed name as the output must have it: absolute, or with a declared prefix. */
static SerdStatus check_node(coop_rdf_check *c, const SerdNode *node)
{
	if (!node)
		return SERD_SUCCESS;
	if (node->type == SERD_CURIE) {
		SerdChunk prefix, suffix;
		if (serd_env_expand(c->env, node, &prefix, &suffix) != SERD_SUCCESS)
			return refuse(c, "undeclared prefix in", node);
	} else if (node->type == SERD_URI && !serd_uri_string_has_scheme(node->buf)) {
		return refuse(c, "relative IRI", node);
	}
	return SERD_SUCCESS;
}

static SerdStatus on_prefix(void *handle, const SerdNode *name, const SerdNode *uri)
{
	coop_rdf_check *c = handle;
	return serd_env_set_prefix(c->env, name, uri);
}

static SerdStatus on_statement(void *handle, SerdStatementFlags flags, const SerdNode *graph,
                               const SerdNode *subject, const SerdNode *predicate, const SerdNode *object,
                               const SerdNode *datatype, const SerdNode *lang)
{
	coop_rdf_check *c = handle;
	(void)flags;
	(void)lang;
	c->statements++;
	if (subject->type == SERD_BLANK || object->type == SERD_BLANK || (graph && graph->type == SERD_BLANK))
		c->blank_nodes++;
	const SerdNode *nodes[] = {graph, subject, predicate, object, datatype};
	for (size_t i = 0; i < sizeof nodes / sizeof *nodes; i++) {
		SerdStatus st = check_node(c, nodes[i]);
		if (st != SERD_SUCCESS)
			return st;
	}
	return SERD_SUCCESS;
}

static SerdStatus on_error(void *handle, const SerdError *error)
{
	coop_rdf_check *c = handle;
	if (c->errors++ == 0) {
		va_list args;
		va_copy(args, *error->args);
		/* serd hands over its own printf-style format and arguments */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		vsnprintf(c->first_error, sizeof c->first_error, (const char *)error->fmt, args);
#pragma GCC diagnostic pop
		va_end(args);
		/* serd's messages end with a newline; ours are one line */
		for (char *p = c->first_error; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		c->line = error->line + c->line_offset;
		c->col = error->col;
	}
	return SERD_SUCCESS;
}

/* ---- the queue, parser side ---- */

/* Copies up to want bytes into buf, waiting for the writer; fewer only at the end of the output. */
static size_t take(coop_rdf_check *c, char *buf, size_t want)
{
	size_t got = 0;
	while (got < want) {
		pthread_mutex_lock(&c->lock);
		while (c->count == 0 && !c->ended)
			pthread_cond_wait(&c->not_empty, &c->lock);
		int empty = c->count == 0;
		pthread_mutex_unlock(&c->lock);
		if (empty)
			break; /* ended */
		page *p = &c->pages[c->head];
		size_t n = p->len - c->offset;
		if (n > want - got)
			n = want - got;
		memcpy(buf + got, p->data + c->offset, n);
		got += n;
		c->offset += n;
		if (c->offset == p->len) {
			c->offset = 0;
			pthread_mutex_lock(&c->lock);
			c->head = (c->head + 1) % QUEUE_PAGES;
			c->count--;
			pthread_cond_signal(&c->not_full);
			pthread_mutex_unlock(&c->lock);
		}
	}
	return got;
}

/* serd's page source: it takes a short page for the last one, so fill every page completely. */
static size_t read_page(void *buf, size_t size, size_t nmemb, void *stream)
{
	return take(stream, buf, size * nmemb);
}

static int read_failed(void *stream)
{
	(void)stream;
	return 0;
}

static SerdReader *new_reader(coop_rdf_check *c, SerdSyntax syntax)
{
	SerdReader *reader = serd_reader_new(syntax, c, NULL, NULL, on_prefix, on_statement, NULL);
	if (!reader)
		coop_oom();
	serd_reader_set_strict(reader, true);
	serd_reader_set_error_sink(reader, on_error, c);
	return reader;
}

/* Turtle: one reader for the whole output (prefixes and statements span lines). */
static void parse_stream(coop_rdf_check *c)
{
	SerdReader *reader = new_reader(c, SERD_TURTLE);
	c->status =
		serd_reader_read_source(reader, read_page, read_failed, c, (const uint8_t *)c->name, SERD_PAGE_SIZE);
	serd_reader_free(reader);
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned lines = 0;
	for (const char *end = s + n; (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
		lines++;
	return lines;
}

/*
 * N-Triples and N-Quads: every line stands alone, so they are parsed a piece of whole lines at a
 * time, each with a new reader. serd 0.30's N-Quads reader keeps about 250 bytes per statement
 * until it is freed (75 MB for 400,000 quads): one reader for the whole output would grow with it.
 */
static void parse_lines(coop_rdf_check *c, SerdSyntax syntax)
{
	size_t cap = SEGMENT_SIZE, used = 0;
	char *buf = coop_xmalloc(cap + 1);
	for (;;) {
		if (used == cap) {
			/* a line longer than a piece: make room for it */
			cap *= 2;
			buf = coop_xrealloc(buf, cap + 1);
		}
		size_t want = cap - used;
		size_t got = take(c, buf + used, want);
		used += got;
		int at_end = got < want;
		size_t end = used;
		if (!at_end) {
			while (end > 0 && buf[end - 1] != '\n')
				end--;
			if (end == 0)
				continue;
		}
		if (end == 0)
			break; /* the output ended with the previous piece */
		char kept = buf[end];
		buf[end] = '\0';
		SerdReader *reader = new_reader(c, syntax);
		SerdStatus status = serd_reader_read_string(reader, (const uint8_t *)buf);
		serd_reader_free(reader);
		if (status > SERD_FAILURE || c->errors) {
			c->status = status;
			break;
		}
		c->line_offset += count_lines(buf, end);
		buf[end] = kept;
		memmove(buf, buf + end, used - end);
		used -= end;
		if (at_end)
			break;
	}
	free(buf);
}

static void *parse(void *arg)
{
	coop_rdf_check *c = arg;
	if (c->format == COOP_RDF_TURTLE)
		parse_stream(c);
	else
		parse_lines(c, c->format == COOP_RDF_NQUADS ? SERD_NQUADS : SERD_NTRIPLES);
	/* serd stops at the first error: from now on the writer drops what it hands over */
	pthread_mutex_lock(&c->lock);
	c->stopped = 1;
	pthread_cond_signal(&c->not_full);
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* ---- the writer side ---- */

static void release(coop_rdf_check *c)
{
	for (int i = 0; i < QUEUE_PAGES; i++)
		free(c->pages[i].data);
	pthread_cond_destroy(&c->not_full);
	pthread_cond_destroy(&c->not_empty);
	pthread_mutex_destroy(&c->lock);
	serd_env_free(c->env);
	free(c->name);
	free(c);
}

coop_rdf_check *coop_rdf_check_start(coop_rdf_format format, const char *name, coop_diag_sink *diag)
{
	if (format != COOP_RDF_TURTLE && format != COOP_RDF_NTRIPLES && format != COOP_RDF_NQUADS) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: no serd self-check for %s",
		          coop_rdf_format_name(format));
		return NULL;
	}
	coop_rdf_check *c = coop_xcalloc(1, sizeof *c);
	c->format = format;
	c->name = coop_xstrdup(name);
	c->env = serd_env_new(NULL);
	if (!c->env)
		coop_oom();
	for (int i = 0; i < QUEUE_PAGES; i++)
		c->pages[i].data = coop_xmalloc(QUEUE_PAGE_SIZE);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->not_empty, NULL);
	pthread_cond_init(&c->not_full, NULL);
	int rc = pthread_create(&c->thread, NULL, parse, c);
	if (rc != 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot start the self-check: %s", strerror(rc));
		release(c);
		return NULL;
	}
	return c;
}

void coop_rdf_check_feed(coop_rdf_check *c, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		pthread_mutex_lock(&c->lock);
		while (c->count == QUEUE_PAGES && !c->stopped)
			pthread_cond_wait(&c->not_full, &c->lock);
		int stopped = c->stopped;
		unsigned slot = (c->head + c->count) % QUEUE_PAGES;
		pthread_mutex_unlock(&c->lock);
		if (stopped)
			return;
		size_t len = n < QUEUE_PAGE_SIZE ? n : QUEUE_PAGE_SIZE;
		memcpy(c->pages[slot].data, p, len);
		c->pages[slot].len = len;
		p += len;
		n -= len;
		pthread_mutex_lock(&c->lock);
		c->count++;
		pthread_cond_signal(&c->not_empty);
		pthread_mutex_unlock(&c->lock);
	}
}

/* Ends the input and waits for the parser. */
static void stop(coop_rdf_check *c)
{
	pthread_mutex_lock(&c->lock);
	c->ended = 1;
	pthread_cond_signal(&c->not_empty);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
}

void coop_rdf_check_abandon(coop_rdf_check *c)
{
	if (!c)
		return;
	stop(c);
	release(c);
}

coop_result coop_rdf_check_finish(coop_rdf_check *c, uint64_t expected, coop_diag_sink *diag)
{
	stop(c);
	const char *format = coop_rdf_format_name(c->format);
	coop_result rc = COOP_OK;
	if (c->errors || c->status > SERD_FAILURE) {
		const char *why = c->errors ? c->first_error : (const char *)serd_strerror(c->status);
		if (c->line)
			coop_diag(diag, COOP_SEV_ERROR, NULL,
			          "internal error: self-check: %s output for '%s' does not parse at line %u, column %u: %s",
			          format, c->name, c->line, c->col, why ? why : "");
		else
			coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: self-check: %s output for '%s' does not parse: %s",
			          format, c->name, why ? why : "");
		rc = COOP_ERR_INTERNAL;
	} else if (c->blank_nodes) {
		coop_diag(diag, COOP_SEV_ERROR, NULL,
		          "internal error: self-check: %s output for '%s' has %" PRIu64 " statements with blank nodes",
		          format, c->name, c->blank_nodes);
		rc = COOP_ERR_INTERNAL;
	} else if (c->statements != expected) {
		coop_diag(diag, COOP_SEV_ERROR, NULL,
		          "internal error: self-check: %s output for '%s' holds %" PRIu64 " statements, %" PRIu64
		          " were written",
		          format, c->name, c->statements, expected);
		rc = COOP_ERR_INTERNAL;
	}
	release(c);
	return rc;
}
