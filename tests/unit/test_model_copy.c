/*
 * coopgraph rdf maps deep copies of the streamed agreements and sources on another thread
 * (model_copy.c). Over the examples, which use every element of the input language, each copy
 * must give exactly the statements of its original, in the same order, even when it is mapped
 * after the reader has freed the original's memory (under ASan a shallow copy reads freed memory).
 */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "check.h"
#include "coopgraph/coopgraph.h"
#include "model_copy.h"
#include "rdf_map.h"

#define BASE "https://example.org/t/"

typedef struct {
	char **lines;
	size_t count, cap;
} recorder;

static void rec_subject(void *payload, const char *iri, size_t len)
{
	recorder *r = payload;
	coop_xgrow((void **)&r->lines, &r->cap, r->count + 1, sizeof *r->lines);
	r->lines[r->count] = coop_xmalloc(len + 3);
	snprintf(r->lines[r->count++], len + 3, "S %.*s", (int)len, iri);
}

static void rec_statement(void *payload, coop_rdf_pred predicate, const coop_rdf_object *object,
                          const coop_rdf_graphs *graphs)
{
	recorder *r = payload;
	size_t n = object->len + 64 + (object->lang ? strlen(object->lang) : 0);
	for (uint32_t g = 0; g < graphs->count; g++)
		n += graphs->items[g].len + 1;
	char *line = coop_xmalloc(n);
	int at = snprintf(line, n, "%d %d %d %s %.*s", (int)predicate, object->is_iri, (int)object->datatype,
	                  object->lang ? object->lang : "-", (int)object->len, object->value);
	for (uint32_t g = 0; g < graphs->count; g++)
		at += snprintf(line + at, n - (size_t)at, " %.*s", (int)graphs->items[g].len,
		               graphs->items[g].value ? graphs->items[g].value : "");
	coop_xgrow((void **)&r->lines, &r->cap, r->count + 1, sizeof *r->lines);
	r->lines[r->count++] = line;
}

typedef struct {
	coop_rdf_map *originals; /* mapped during the callback */
	coop_arena arena;
	coop_copier copier;
	const void **copies; /* agreements and sources, in the order they came */
	char *is_source;
	size_t count, cap, kinds_cap;
} state;

static void keep(state *s, const void *copy, char is_source)
{
	coop_xgrow((void **)&s->copies, &s->cap, s->count + 1, sizeof *s->copies);
	coop_xgrow((void **)&s->is_source, &s->kinds_cap, s->count + 1, 1);
	s->copies[s->count] = copy;
	s->is_source[s->count++] = is_source;
}

static void on_agreement(void *payload, const coop_model *model, const coop_agreement *agreement)
{
	state *s = payload;
	(void)model;
	coop_rdf_map_agreement(s->originals, agreement);
	keep(s, coop_agreement_copy(&s->copier, agreement), 0);
}

static void on_source(void *payload, const coop_model *model, const coop_source *source)
{
	state *s = payload;
	(void)model;
	coop_rdf_map_source(s->originals, source);
	keep(s, coop_source_copy(&s->copier, source), 1);
}

int main(void)
{
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	recorder from_originals = {0}, from_copies = {0};
	coop_rdf_sink sink_originals = {&from_originals, rec_subject, rec_statement};
	coop_rdf_sink sink_copies = {&from_copies, rec_subject, rec_statement};
	state s;
	memset(&s, 0, sizeof s);
	s.originals = coop_rdf_map_new(BASE, 1, &sink_originals, &diag);
	coop_arena_init(&s.arena);
	coop_copier_init(&s.copier, &s.arena);

	coop_read_opts opts = COOP_READ_OPTS_INIT;
	opts.stream_agreements = 1;
	opts.on_agreement = on_agreement;
	opts.stream_sources = 1;
	opts.on_source = on_source;
	opts.payload = &s;
	const char *examples = COOP_SOURCE_DIR "/examples";
	coop_model *model = NULL;
	coop_result rc = coop_load(&model, &examples, 1, &opts, &diag);
	CHECK(rc == COOP_OK && model, "the examples do not load: %d", (int)rc);
	CHECK(s.count >= 5, "only %zu agreements and sources were streamed", s.count);

	/* the reader is done and has freed every original: now map the copies */
	coop_rdf_map *copies = coop_rdf_map_new(BASE, 1, &sink_copies, &diag);
	for (size_t i = 0; i < s.count; i++) {
		if (s.is_source[i])
			coop_rdf_map_source(copies, s.copies[i]);
		else
			coop_rdf_map_agreement(copies, s.copies[i]);
	}
	CHECK(from_originals.count > 100, "only %zu statements from the originals", from_originals.count);
	CHECK(from_copies.count == from_originals.count, "%zu statements from the copies, %zu from the originals",
	      from_copies.count, from_originals.count);
	for (size_t i = 0; i < from_copies.count && i < from_originals.count; i++)
		if (strcmp(from_copies.lines[i], from_originals.lines[i]) != 0) {
			CHECK(0, "statement %zu differs:\n  copy:     %s\n  original: %s", i, from_copies.lines[i],
			      from_originals.lines[i]);
			break;
		}
	CHECK(diag.errors == 0, "%zu errors", diag.errors);

	for (size_t i = 0; i < from_originals.count; i++)
		free(from_originals.lines[i]);
	for (size_t i = 0; i < from_copies.count; i++)
		free(from_copies.lines[i]);
	free(from_originals.lines);
	free(from_copies.lines);
	free(s.copies);
	free(s.is_source);
	coop_arena_free(&s.arena);
	coop_rdf_map_free(s.originals);
	coop_rdf_map_free(copies);
	coop_model_free(model);
	coop_global_cleanup();
	if (!failures)
		puts("test_model_copy: all passed");
	return failures ? 1 : 0;
}
