/*
 * The export: mapping, serializer and self-check together.
 *
 * Agreements and sources come from the reader's callbacks, on the reader's thread, which also
 * parses the XML and runs the XSD: the most expensive work of an export. So the mapping and the
 * serializer run on a thread of their own (the worker): the callback only copies the record
 * (model_copy.c) into a batch and goes on reading; the worker maps each record and writes its
 * statements. Reading on one core, mapping and writing on the other: at 1M agreements N-Quads
 * took 42.7 s with the mapping on the reader's thread, where only the writing had a thread.
 *
 * The queue holds at most BATCHES batches of about BATCH_BYTES, so memory stays constant; the
 * records are mapped in the order they were read, so the output is the same bytes as without the
 * worker. What the mapping and the serializer report goes to sinks of the export's own and reaches
 * the caller's sink when the export ends, on the caller's thread: the reader may be reporting at the
 * same time. Once the input has been read, the caller maps the rest of the model and the worker
 * writes it, then finishes and self-checks the output: the serializer lives on one thread.
 */
#include <inttypes.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "iri.h"
#include "model_copy.h"
#include "rdf_map.h"

#define BATCHES 4
#define BATCH_BYTES (256 * 1024)

static const char *const format_names[] = {"turtle", "ntriples", "nquads", "rdfxml"};

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

int coop_rdf_self_checks(coop_rdf_format format, coop_rdf_check_mode mode)
{
	if (mode == COOP_RDF_CHECK_AUTO)
		return format == COOP_RDF_TURTLE || format == COOP_RDF_RDFXML;
	return mode == COOP_RDF_CHECK_ON;
}

const char *coop_rdf_base_check(const char *base)
{
	return coop_iri_base_check(base);
}

typedef struct {
	const coop_agreement *agreement; /* one of the two */
	const coop_source *source;
} record;

/* What goes to the worker: records to map and write, or statements (the mapping of the rest of
 * the model, on the caller's thread) to write. */
typedef struct {
	coop_arena arena;
	coop_copier copier;
	record *records;
	size_t count, cap;
	unsigned char *data; /* statements, encoded by relay_statement() */
	size_t len, data_cap;
} batch;

/* A message of the mapping or the serializer, kept until the export ends. */
typedef struct {
	coop_severity severity;
	int has_loc;
	coop_loc loc; /* loc.file points into text */
	char *text;   /* the file name, a NUL, the message */
} message;

/* A sink that keeps what it is told, for one thread at a time: the mapping and the serializer have
 * one each, since the caller maps the rest of the model while the worker writes. */
typedef struct {
	coop_diag_sink sink;
	message *messages;
	size_t count, cap;
} recorder;

struct coop_rdf_export {
	coop_rdf_serializer *serializer;
	coop_rdf_map *map;
	coop_outfile *out;
	coop_diag_sink *diag;     /* the caller's, used on the caller's thread only */
	recorder map_said;        /* what the mapping reported */
	recorder writer_said;     /* what the serializer reported */
	coop_rdf_format format;
	size_t errors_before; /* errors reported before the export began */

	/* the worker: batches[head .. head + count) are full; the caller fills *filling */
	int started;          /* the batches and locks exist */
	int running;          /* the thread runs */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t not_empty;
	pthread_cond_t not_full;
	batch batches[BATCHES];
	unsigned head, count;
	batch *filling;
	int ended;
	/* the caller maps the rest of the model and the worker writes its statements */
	int relaying;
	uint32_t sent_generation; /* N-Quads: a graph set goes over once, when it changes */
	int sent_any;
	coop_rdf_iri *graphs;     /* the worker's copy of the current graph set */
	size_t graph_cap;
	coop_buf graph_iris;      /* and of its IRIs */
	uint32_t graph_count;
	uint32_t graph_generation;

	/* the end of the serializer, on the thread that wrote (end_serializer) */
	int end_requested;        /* set by the caller before the worker is joined */
	int check_wanted;         /* the mapping succeeded */
	uint64_t expected;        /* statements mapped */
	coop_result finished, checked;
};

static void record_message(void *payload, coop_severity severity, const coop_loc *loc, const char *text)
{
	recorder *r = payload;
	coop_xgrow((void **)&r->messages, &r->cap, r->count + 1, sizeof *r->messages);
	message *m = &r->messages[r->count++];
	const char *file = loc && loc->file ? loc->file : "";
	size_t file_len = strlen(file), text_len = strlen(text);
	m->severity = severity;
	m->has_loc = loc != NULL;
	m->text = coop_xmalloc(file_len + 1 + text_len + 1);
	memcpy(m->text, file, file_len + 1);
	memcpy(m->text + file_len + 1, text, text_len + 1);
	if (loc) {
		m->loc = *loc;
		m->loc.file = loc->file ? m->text : NULL;
	}
}

static void recorder_init(recorder *r)
{
	r->sink = (coop_diag_sink)COOP_DIAG_SINK_INIT;
	r->sink.emit = record_message;
	r->sink.payload = r;
}

static void replay_recorded(recorder *r, coop_diag_sink *to)
{
	for (size_t i = 0; i < r->count; i++) {
		message *m = &r->messages[i];
		coop_diag(to, m->severity, m->has_loc ? &m->loc : NULL, "%s", m->text + strlen(m->text) + 1);
		free(m->text);
	}
	r->count = 0;
}

/* Passes what the mapping, then the serializer, reported to the caller's sink; on the caller's
 * thread, with the worker stopped or joined. */
static void replay_messages(coop_rdf_export *e)
{
	replay_recorded(&e->map_said, e->diag);
	replay_recorded(&e->writer_said, e->diag);
}

/* ---- statements to the worker ---- */

enum { RECORD_SUBJECT = 'S', RECORD_GRAPHS = 'G', RECORD_STATEMENT = 'T' };

static void publish(coop_rdf_export *e);

/* Room for need more bytes of statements in the batch being filled. */
static unsigned char *reserve(coop_rdf_export *e, size_t need)
{
	if (e->filling->len + need > BATCH_BYTES && e->filling->len > 0)
		publish(e);
	batch *b = e->filling;
	coop_xgrow((void **)&b->data, &b->data_cap, b->len + need, 1);
	return b->data + b->len;
}

static void put_u32(unsigned char **p, uint32_t v)
{
	memcpy(*p, &v, sizeof v);
	*p += sizeof v;
}

static uint32_t get_u32(const unsigned char **p)
{
	uint32_t v;
	memcpy(&v, *p, sizeof v);
	*p += sizeof v;
	return v;
}

/* A string as its length, its bytes and a NUL (serd reads one byte past the end of a node). */
static void put_string(unsigned char **p, const char *str, size_t len)
{
	put_u32(p, (uint32_t)len);
	memcpy(*p, str, len);
	(*p)[len] = '\0';
	*p += len + 1;
}

static const char *get_string(const unsigned char **p, size_t *len)
{
	*len = get_u32(p);
	const char *str = (const char *)*p;
	*p += *len + 1;
	return str;
}

static void relay_subject(coop_rdf_export *e, const char *iri, size_t len)
{
	unsigned char *p = reserve(e, 1 + 4 + len + 1);
	*p++ = RECORD_SUBJECT;
	put_string(&p, iri, len);
	e->filling->len += 1 + 4 + len + 1;
}

/* N-Quads: the graph set as a record of its own, each IRI as a string, the default graph as the
 * length UINT32_MAX. */
static void relay_graphs(coop_rdf_export *e, const coop_rdf_graphs *graphs)
{
	size_t size = 1 + 4;
	for (uint32_t i = 0; i < graphs->count; i++)
		size += graphs->items[i].value ? 4 + graphs->items[i].len + 1 : 4;
	unsigned char *p = reserve(e, size);
	*p++ = RECORD_GRAPHS;
	put_u32(&p, graphs->count);
	for (uint32_t i = 0; i < graphs->count; i++) {
		const coop_rdf_iri *g = &graphs->items[i];
		if (g->value)
			put_string(&p, g->value, g->len);
		else
			put_u32(&p, UINT32_MAX);
	}
	e->filling->len += size;
	e->sent_generation = graphs->generation;
	e->sent_any = 1;
}

static void relay_statement(coop_rdf_export *e, coop_rdf_pred predicate, const coop_rdf_object *object,
                            const coop_rdf_graphs *graphs)
{
	if (e->format == COOP_RDF_NQUADS && (!e->sent_any || graphs->generation != e->sent_generation))
		relay_graphs(e, graphs);
	size_t lang_len = object->lang ? strlen(object->lang) : 0;
	size_t size = 4 + 4 + object->len + 1 + 4 + lang_len + 1;
	unsigned char *p = reserve(e, size);
	*p++ = RECORD_STATEMENT;
	*p++ = (unsigned char)predicate;
	*p++ = (unsigned char)object->is_iri;
	*p++ = (unsigned char)object->datatype;
	put_string(&p, object->value, object->len);
	put_string(&p, object->lang ? object->lang : "", lang_len);
	e->filling->len += size;
}

/* The worker's copy of a graph set record (the batch it is in will be reused). */
static const unsigned char *replay_graphs(coop_rdf_export *e, const unsigned char *p)
{
	uint32_t count = get_u32(&p);
	coop_xgrow((void **)&e->graphs, &e->graph_cap, count ? count : 1, sizeof *e->graphs);
	coop_buf_clear(&e->graph_iris);
	for (uint32_t i = 0; i < count; i++) {
		uint32_t n;
		memcpy(&n, p, sizeof n);
		if (n == UINT32_MAX) {
			p += sizeof n;
			e->graphs[i] = (coop_rdf_iri){NULL, 0};
			continue;
		}
		size_t len;
		const char *iri = get_string(&p, &len);
		/* an offset until the buffer stops moving */
		e->graphs[i] = (coop_rdf_iri){(const char *)(uintptr_t)(e->graph_iris.len + 1), len};
		coop_buf_append(&e->graph_iris, iri, len + 1);
	}
	for (uint32_t i = 0; i < count; i++)
		if (e->graphs[i].value)
			e->graphs[i].value = e->graph_iris.data + ((uintptr_t)e->graphs[i].value - 1);
	e->graph_count = count;
	/* a new generation for each set, so that the serializer does not keep what it derived */
	e->graph_generation++;
	return p;
}

/* Writes the statements of a batch. */
static void replay(coop_rdf_export *e, const batch *b)
{
	const coop_rdf_sink *out = &e->serializer->sink;
	const unsigned char *p = b->data, *end = b->data + b->len;
	while (p < end) {
		unsigned char tag = *p++;
		size_t len;
		if (tag == RECORD_SUBJECT) {
			const char *iri = get_string(&p, &len);
			out->subject(out->payload, iri, len);
			continue;
		}
		if (tag == RECORD_GRAPHS) {
			p = replay_graphs(e, p);
			continue;
		}
		coop_rdf_pred predicate = (coop_rdf_pred)*p++;
		coop_rdf_object object;
		object.is_iri = *p++;
		object.datatype = (coop_rdf_datatype)*p++;
		object.value = get_string(&p, &object.len);
		size_t lang_len;
		object.lang = get_string(&p, &lang_len);
		if (!lang_len)
			object.lang = NULL;
		coop_rdf_graphs graphs = {e->graphs, e->graph_count, e->graph_generation};
		out->statement(out->payload, predicate, &object, &graphs);
	}
}

/* The mapping's sink: straight to the serializer while the mapping runs on the worker, through the
 * queue while it runs on the caller's thread. */
static void export_subject(void *payload, const char *iri, size_t len)
{
	coop_rdf_export *e = payload;
	if (e->relaying)
		relay_subject(e, iri, len);
	else
		e->serializer->sink.subject(e->serializer->sink.payload, iri, len);
}

static void export_statement(void *payload, coop_rdf_pred predicate, const coop_rdf_object *object,
                             const coop_rdf_graphs *graphs)
{
	coop_rdf_export *e = payload;
	if (e->relaying)
		relay_statement(e, predicate, object, graphs);
	else
		e->serializer->sink.statement(e->serializer->sink.payload, predicate, object, graphs);
}

static void map_record(coop_rdf_export *e, const record *r)
{
	if (r->agreement)
		coop_rdf_map_agreement(e->map, r->agreement);
	else
		coop_rdf_map_source(e->map, r->source);
}

static void end_serializer(coop_rdf_export *e);

static void *worker(void *arg)
{
	coop_rdf_export *e = arg;
	for (;;) {
		pthread_mutex_lock(&e->lock);
		while (e->count == 0 && !e->ended)
			pthread_cond_wait(&e->not_empty, &e->lock);
		int done = e->count == 0;
		pthread_mutex_unlock(&e->lock);
		if (done)
			break;
		batch *b = &e->batches[e->head];
		for (size_t i = 0; i < b->count; i++)
			map_record(e, &b->records[i]);
		replay(e, b);
		b->count = 0;
		b->len = 0;
		coop_arena_reset(&b->arena);
		pthread_mutex_lock(&e->lock);
		e->head = (e->head + 1) % BATCHES;
		e->count--;
		pthread_cond_signal(&e->not_full);
		pthread_mutex_unlock(&e->lock);
	}
	if (e->end_requested)
		end_serializer(e);
	return NULL;
}

/* Hands the batch being filled to the worker and waits for an empty one. */
static void publish(coop_rdf_export *e)
{
	pthread_mutex_lock(&e->lock);
	e->count++;
	pthread_cond_signal(&e->not_empty);
	while (e->count == BATCHES)
		pthread_cond_wait(&e->not_full, &e->lock);
	e->filling = &e->batches[(e->head + e->count) % BATCHES];
	pthread_mutex_unlock(&e->lock);
	coop_copier_init(&e->filling->copier, &e->filling->arena);
}

/* Waits until the worker has mapped everything handed over; from then on the caller maps and the
 * worker only writes. */
static void switch_to_relay(coop_rdf_export *e)
{
	if (!e->running)
		return;
	pthread_mutex_lock(&e->lock);
	if (e->filling->count || e->filling->len) {
		e->count++;
		pthread_cond_signal(&e->not_empty);
		while (e->count == BATCHES)
			pthread_cond_wait(&e->not_full, &e->lock);
		e->filling = &e->batches[(e->head + e->count) % BATCHES];
	}
	while (e->count > 0)
		pthread_cond_wait(&e->not_full, &e->lock);
	e->relaying = 1;
	pthread_mutex_unlock(&e->lock);
	coop_copier_init(&e->filling->copier, &e->filling->arena);
}

/* Ends the worker once it has mapped everything handed over. */
static void drain(coop_rdf_export *e)
{
	if (!e->running)
		return;
	pthread_mutex_lock(&e->lock);
	if (e->filling->count || e->filling->len) {
		e->count++;
		pthread_cond_signal(&e->not_empty);
	}
	e->ended = 1;
	pthread_cond_signal(&e->not_empty);
	pthread_mutex_unlock(&e->lock);
	pthread_join(e->thread, NULL);
	e->running = 0;
}

/* Starts the worker; without it, records are mapped on the caller's thread as they come. */
static void start_worker(coop_rdf_export *e)
{
	for (int i = 0; i < BATCHES; i++)
		coop_arena_init(&e->batches[i].arena);
	e->filling = &e->batches[0];
	coop_copier_init(&e->filling->copier, &e->filling->arena);
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->not_empty, NULL);
	pthread_cond_init(&e->not_full, NULL);
	e->started = 1;
	e->running = pthread_create(&e->thread, NULL, worker, e) == 0;
}

coop_result coop_rdf_export_begin(coop_rdf_export **ex, const coop_rdf_opts *opts, coop_outfile *out,
                                  coop_diag_sink *diag)
{
	*ex = NULL;
	const char *base = opts && opts->base ? opts->base : COOP_RDF_DEFAULT_BASE;
	coop_rdf_format format = opts ? opts->format : COOP_RDF_TURTLE;
	const char *why = coop_rdf_base_check(base);
	if (why) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "base IRI '%s' %s", base, why);
		return COOP_ERR_USAGE;
	}
	coop_rdf_export *e = coop_xcalloc(1, sizeof *e);
	e->format = format;
	e->out = out;
	e->diag = diag;
	e->errors_before = diag->errors;
	recorder_init(&e->map_said);
	recorder_init(&e->writer_said);
	int self_check = coop_rdf_self_checks(format, opts ? opts->check : COOP_RDF_CHECK_AUTO);
	switch (format) {
	case COOP_RDF_TURTLE:
	case COOP_RDF_NTRIPLES:
	case COOP_RDF_NQUADS: e->serializer = coop_rdf_serd_new(format, base, self_check, out, &e->writer_said.sink); break;
	case COOP_RDF_RDFXML: e->serializer = coop_rdf_raptor_new(base, self_check, out, &e->writer_said.sink); break;
	default:
		coop_diag(&e->writer_said.sink, COOP_SEV_ERROR, NULL, "internal error: unknown RDF format %d", (int)format);
		break;
	}
	if (!e->serializer) {
		replay_messages(e);
		coop_rdf_export_free(e);
		return COOP_ERR_INTERNAL;
	}
	coop_rdf_sink sink = {e, export_subject, export_statement};
	e->map = coop_rdf_map_new(base, format == COOP_RDF_NQUADS, &sink, &e->map_said.sink);
	start_worker(e);
	*ex = e;
	return COOP_OK;
}

/* Once the input has an error, the output will be thrown away: mapping more would only waste time
 * and could report problems the reader has already reported in its own words. */
static int input_failed(const coop_rdf_export *e)
{
	return e->diag->errors > e->errors_before;
}

static void hand_over(coop_rdf_export *e, const coop_agreement *agreement, const coop_source *source)
{
	record r = {agreement, source};
	if (!e->running) {
		map_record(e, &r);
		return;
	}
	batch *b = e->filling;
	if (agreement)
		r.agreement = coop_agreement_copy(&b->copier, agreement);
	else
		r.source = coop_source_copy(&b->copier, source);
	coop_xgrow((void **)&b->records, &b->cap, b->count + 1, sizeof *b->records);
	b->records[b->count++] = r;
	if (b->arena.total >= BATCH_BYTES)
		publish(e);
}

void coop_rdf_export_agreement(void *payload, const coop_model *model, const coop_agreement *agreement)
{
	coop_rdf_export *e = payload;
	(void)model;
	if (!input_failed(e))
		hand_over(e, agreement, NULL);
}

void coop_rdf_export_source(void *payload, const coop_model *model, const coop_source *source)
{
	coop_rdf_export *e = payload;
	(void)model;
	if (!input_failed(e))
		hand_over(e, NULL, source);
}

/* The serializer ends on the thread that wrote its output. raptor's RDF/XML self-check parses with
 * libxml2, which hands the parser the SAX locator of the thread that began the parse, in that
 * thread's own state: the state is freed when the thread ends, and a parse the worker began and the
 * caller finished read it afterwards (a crash at 10k agreements; valgrind sees it at any size whose
 * output passes the 64 KB the check is fed at a time). */
static void end_serializer(coop_rdf_export *e)
{
	e->finished = e->serializer->finish(e->serializer);
	e->checked = COOP_OK;
	/* the check compares what was written with what it parses: only for a whole output */
	if (e->finished != COOP_OK || !e->check_wanted || e->serializer->written(e->serializer) != e->expected ||
	    coop_outfile_failed(e->out))
		return;
	e->checked = e->serializer->check(e->serializer);
}

static coop_result end_export(coop_rdf_export *e, const coop_model *model, uint64_t *statements)
{
	switch_to_relay(e);
	if (input_failed(e)) {
		drain(e);
		return COOP_ERR_INPUT;
	}
	uint64_t mapped = 0, mapped_quads = 0;
	coop_result rc = coop_rdf_map_finish(e->map, model, &mapped, &mapped_quads);
	e->expected = e->format == COOP_RDF_NQUADS ? mapped_quads : mapped;
	e->check_wanted = rc == COOP_OK;
	e->end_requested = 1; /* before the lock in drain(): the worker reads it after */
	int worker_ends_it = e->running;
	drain(e);
	if (!worker_ends_it)
		end_serializer(e);
	replay_messages(e);
	uint64_t written = e->serializer->written(e->serializer);
	if (rc == COOP_OK && e->finished == COOP_OK && written != e->expected) {
		coop_diag(e->diag, COOP_SEV_ERROR, NULL,
		          "internal error: %" PRIu64 " statements were mapped, the %s writer wrote %" PRIu64, e->expected,
		          coop_rdf_format_name(e->format), written);
		rc = COOP_ERR_INTERNAL;
	}
	if (rc == COOP_OK)
		rc = e->finished;
	if (rc == COOP_OK && input_failed(e))
		rc = COOP_ERR_INPUT; /* with --strict, a warning about the data (a malformed ROR ID) */
	if (rc != COOP_OK)
		return rc;
	/* a failed write is reported by coop_outfile_commit with its reason; the check saw only part */
	if (coop_outfile_failed(e->out))
		return COOP_ERR_IO;
	if (e->checked == COOP_OK && statements)
		*statements = written;
	return e->checked;
}

coop_result coop_rdf_export_end(coop_rdf_export *e, const coop_model *model, uint64_t *statements)
{
	if (statements)
		*statements = 0;
	coop_result rc = end_export(e, model, statements);
	replay_messages(e);
	return rc;
}

void coop_rdf_export_free(coop_rdf_export *e)
{
	if (!e)
		return;
	drain(e);
	if (e->started) {
		for (int i = 0; i < BATCHES; i++) {
			coop_arena_free(&e->batches[i].arena);
			free(e->batches[i].records);
			free(e->batches[i].data);
		}
		pthread_cond_destroy(&e->not_full);
		pthread_cond_destroy(&e->not_empty);
		pthread_mutex_destroy(&e->lock);
	}
	free(e->graphs);
	coop_buf_free(&e->graph_iris);
	replay_messages(e); /* what the serializer said while it was stopped */
	free(e->map_said.messages);
	free(e->writer_said.messages);
	if (e->serializer)
		e->serializer->free(e->serializer);
	coop_rdf_map_free(e->map);
	free(e);
}

coop_result coop_rdf_write(const coop_model *model, const coop_rdf_opts *opts, coop_outfile *out,
                           coop_diag_sink *diag, uint64_t *statements)
{
	if (statements)
		*statements = 0;
	coop_rdf_export *e;
	coop_result rc = coop_rdf_export_begin(&e, opts, out, diag);
	if (rc != COOP_OK)
		return rc;
	rc = coop_rdf_export_end(e, model, statements);
	coop_rdf_export_free(e);
	return rc;
}
