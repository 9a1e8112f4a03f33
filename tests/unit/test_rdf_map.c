/*
 * The mapping from the model to RDF statements, without any RDF library: a recording sink checks
 * what rdf_map.c promises to every serializer. No statement twice (serd would write it twice and
 * the counts would no longer compare with parsers), every IRI valid, no CR in literals, language
 * tags in canonical case, each subject's statements together, graphs per source, the partner edge
 * once per pair in both directions, the same output for the same model, and the same statements
 * when agreements are streamed, even when they come before the entities they name.
 */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "check.h"
#include "coopgraph/coopgraph.h"
#include "iri.h"
#include "langtag.h"
#include "model_copy.h"
#include "rdf_map.h"

#define BASE "https://example.org/t/"
#define NS_COOP "https://w3id.org/coopgraph/ns#"

typedef struct {
	char **lines;   /* "S P O" per statement, O as <iri> or "lit"@lang / "lit"^^dt */
	char **graphs;  /* the graph names of each statement, space-separated, "default" for none */
	size_t count, cap, graph_cap;
	uint64_t quads; /* statements counted once per graph */
	char **subjects; /* in the order subject() was called */
	size_t subject_count, subject_cap;
	char *current;
} recorder;

static void rec_subject(void *payload, const char *iri, size_t len)
{
	recorder *r = payload;
	CHECK(strlen(iri) == len, "subject length %zu for '%s'", len, iri);
	free(r->current);
	r->current = coop_xstrdup(iri);
	coop_xgrow((void **)&r->subjects, &r->subject_cap, r->subject_count + 1, sizeof *r->subjects);
	r->subjects[r->subject_count++] = coop_xstrdup(iri);
	CHECK(coop_iri_valid(iri), "invalid subject IRI '%s'", iri);
}

static void rec_statement(void *payload, coop_rdf_pred p, const coop_rdf_object *o, const coop_rdf_graphs *g)
{
	recorder *r = payload;
	size_t n = strlen(r->current) + strlen(coop_rdf_pred_iri(p)) + o->len + 200;
	char *line = coop_xmalloc(n);
	if (o->is_iri) {
		CHECK(coop_iri_valid(o->value), "invalid object IRI '%s'", o->value);
		snprintf(line, n, "%s %s <%s>", r->current, coop_rdf_pred_iri(p), o->value);
	} else {
		CHECK(strlen(o->value) == o->len, "literal length %zu for '%s'", o->len, o->value);
		CHECK(!strchr(o->value, '\r'), "CR in literal '%s'", o->value);
		if (o->lang) {
			char canonical[64];
			CHECK(coop_langtag_canonical(o->lang, canonical, sizeof canonical) && strcmp(canonical, o->lang) == 0,
			      "language tag '%s' not canonical", o->lang);
			snprintf(line, n, "%s %s \"%s\"@%s", r->current, coop_rdf_pred_iri(p), o->value, o->lang);
		} else {
			snprintf(line, n, "%s %s \"%s\"^^%s", r->current, coop_rdf_pred_iri(p), o->value,
			         coop_rdf_datatype_iri(o->datatype));
		}
	}
	char graphs[1024] = "";
	CHECK(g->count >= 1, "statement without a graph set: %s", line);
	r->quads += g->count;
	for (uint32_t i = 0; i < g->count; i++) {
		const char *name = g->items[i].value;
		if (i)
			strcat(graphs, " ");
		strncat(graphs, name ? name : "default", sizeof graphs - strlen(graphs) - 2);
		if (name) {
			CHECK(coop_iri_valid(name) && strlen(name) == g->items[i].len, "bad graph IRI '%s'", name);
			CHECK(i == 0 || (g->items[i - 1].value && strcmp(g->items[i - 1].value, name) < 0),
			      "graphs not sorted and unique, or the default graph not last: %s", line);
		}
	}
	coop_xgrow((void **)&r->lines, &r->cap, r->count + 1, sizeof *r->lines);
	coop_xgrow((void **)&r->graphs, &r->graph_cap, r->count + 1, sizeof *r->graphs);
	r->lines[r->count] = line;
	r->graphs[r->count++] = coop_xstrdup(graphs);
}

static void rec_free(recorder *r)
{
	for (size_t i = 0; i < r->count; i++) {
		free(r->lines[i]);
		free(r->graphs[i]);
	}
	for (size_t i = 0; i < r->subject_count; i++)
		free(r->subjects[i]);
	free(r->lines);
	free(r->graphs);
	free(r->subjects);
	free(r->current);
	memset(r, 0, sizeof *r);
}

/* Number of recorded statements equal to line; *graphs gets the graphs of the last one. */
static int count_line(const recorder *r, const char *line, const char **graphs)
{
	int n = 0;
	for (size_t i = 0; i < r->count; i++) {
		if (strcmp(r->lines[i], line) == 0) {
			n++;
			if (graphs)
				*graphs = r->graphs[i];
		}
	}
	return n;
}

/* Number of statements starting with prefix ("S P "). */
static int count_prefix(const recorder *r, const char *prefix)
{
	int n = 0;
	for (size_t i = 0; i < r->count; i++)
		n += strncmp(r->lines[i], prefix, strlen(prefix)) == 0;
	return n;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char doc[] =
	"<?xml version=\"1.0\"?>\n"
	"<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\" xml:lang=\"de\">\n"
	"<source id=\"s1\" kind=\"press-release\" language=\"DE\"><title>Eins</title></source>\n"
	"<source id=\"s2\" kind=\"report\"><title>Zwei</title><title>Zwei</title></source>\n"
	"<institution id=\"A\" kind=\"university\" sources=\"s1 s2 s1\">\n"
	"  <name>Alpha</name><name>Alpha</name><name>Alpha2</name><name xml:lang=\"EN-gb\">Alpha</name>\n"
	"  <acronym>Alpha2</acronym><acronym>AL</acronym><acronym>AL</acronym>\n"
	"  <location country=\"DE\" region=\"DE-BE\"><city wikidata=\"Q64\">Berlin</city><city>Berlin</city></location>\n"
	"  <identifier scheme=\"ror\">https://ror.org/04cdgtt98</identifier>\n"
	"  <identifier scheme=\"ror\">04cdgtt98</identifier>\n"
	"</institution>\n"
	"<institution id=\"B\" kind=\"hospital\" sources=\"s1\"><name>Beta</name><location country=\"AZ\"/></institution>\n"
	"<institution id=\"U\" kind=\"clinic\" partOf=\"A\" sources=\"s2\"><name>Unit</name></institution>\n"
	"<person id=\"P\" sources=\"s1\"><familyName>Person</familyName>\n"
	"  <role at=\"A\"><name>Eins</name></role><role at=\"A\"><name>Zwei</name></role></person>\n"
	"<agreement id=\"G1\" kind=\"cooperation\" sources=\"s1\"><party ref=\"A\"/><party ref=\"B\"/>\n"
	"  <goal>x&#13;&#10;y</goal><goal>x&#10;y</goal><goal>x&#13;y</goal></agreement>\n"
	"<agreement id=\"G2\" kind=\"cooperation\" sources=\"s2\"><party ref=\"B\"/><party ref=\"A\"/></agreement>\n"
	"<agreement id=\"G3\" kind=\"x-local\" status=\"active\"><party ref=\"A\" role=\"lead\"/><party ref=\"U\"/>\n"
	"  <signatory><description>Jemand</description></signatory></agreement>\n"
	"<agreement id=\"G4\" kind=\"contract\" sources=\"s1\"><party ref=\"A\"/><party ref=\"B\"/></agreement>\n"
	"</coopgraph>\n";

static void run_with(const coop_model *model, int graphs, recorder *r, uint64_t *count)
{
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	memset(r, 0, sizeof *r);
	coop_rdf_sink sink = {r, rec_subject, rec_statement};
	coop_rdf_map *map = coop_rdf_map_new(BASE, graphs, &sink, &diag);
	uint64_t quads = 0;
	coop_result res = coop_rdf_map_finish(map, model, count, &quads);
	CHECK(res == COOP_OK, "mapping failed: %d", (int)res);
	CHECK(quads == r->quads && (graphs ? quads > *count : quads == *count),
	      "reported %llu quads, emitted %llu (for %llu statements)", (unsigned long long)quads,
	      (unsigned long long)r->quads, (unsigned long long)*count);
	CHECK(diag.errors == 0, "mapping reported %zu errors", diag.errors);
	coop_rdf_map_free(map);
}

static void run(const coop_model *model, recorder *r, uint64_t *count)
{
	run_with(model, 1, r, count);
}

/*
 * As in coopgraph rdf, the mapping gets deep copies (model_copy.c), and maps them only after the
 * reader has reused the memory of the originals: a field the copy forgets would change the
 * statements compared below (or, under ASan, read freed memory).
 */
typedef struct {
	coop_arena arena;
	coop_copier copier;
	const coop_agreement *agreements[16];
	const coop_source *sources[16];
	size_t agreement_count, source_count;
	int order[32]; /* 'a' or 's', in the order they came */
	size_t count;
} copies;

static void on_agreement(void *payload, const coop_model *model, const coop_agreement *agreement)
{
	copies *c = payload;
	(void)model;
	assert(c->agreement_count < 16);
	c->agreements[c->agreement_count++] = coop_agreement_copy(&c->copier, agreement);
	c->order[c->count++] = 'a';
}

static void on_source(void *payload, const coop_model *model, const coop_source *source)
{
	copies *c = payload;
	(void)model;
	assert(c->source_count < 16);
	c->sources[c->source_count++] = coop_source_copy(&c->copier, source);
	c->order[c->count++] = 's';
}

/* Reads doc with the agreements and sources streamed to the mapping, as coopgraph rdf does. */
static void run_streamed(const char *text, recorder *r, uint64_t *count)
{
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	memset(r, 0, sizeof *r);
	coop_rdf_sink sink = {r, rec_subject, rec_statement};
	coop_rdf_map *map = coop_rdf_map_new(BASE, 1, &sink, &diag);
	coop_read_opts opts = COOP_READ_OPTS_INIT;
	opts.stream_agreements = 1;
	opts.on_agreement = on_agreement;
	opts.stream_sources = 1;
	opts.on_source = on_source;
	copies c;
	memset(&c, 0, sizeof c);
	coop_arena_init(&c.arena);
	coop_copier_init(&c.copier, &c.arena);
	opts.payload = &c;
	coop_model *model = coop_model_new();
	coop_result res = coop_read_memory(model, "t.xml", text, strlen(text), &opts, &diag);
	for (size_t i = 0, a = 0, s = 0; i < c.count; i++) {
		if (c.order[i] == 'a')
			coop_rdf_map_agreement(map, c.agreements[a++]);
		else
			coop_rdf_map_source(map, c.sources[s++]);
	}
	CHECK(res == COOP_OK, "streamed read failed: %d", (int)res);
	CHECK(coop_model_link(model, &diag) == 0, "streamed model does not link");
	CHECK(coop_model_agreement_count(model) == 0 && coop_model_streamed_agreement_count(model) == 4,
	      "the agreements were not streamed");
	CHECK(coop_model_source_count(model) == 0 && coop_model_streamed_source_count(model) == 2,
	      "the sources were not streamed");
	res = coop_rdf_map_finish(map, model, count, NULL);
	CHECK(res == COOP_OK, "streamed mapping failed: %d", (int)res);
	CHECK(diag.errors == 0, "streamed mapping reported %zu errors", diag.errors);
	coop_rdf_map_free(map);
	coop_model_free(model);
	coop_arena_free(&c.arena);
}

/* The recorded statements with their graphs, sorted: the same set whatever the order. */
static char **sorted_facts(const recorder *r)
{
	char **facts = coop_xmalloc((r->count + 1) * sizeof *facts);
	for (size_t i = 0; i < r->count; i++) {
		size_t n = strlen(r->lines[i]) + strlen(r->graphs[i]) + 4;
		facts[i] = coop_xmalloc(n);
		snprintf(facts[i], n, "%s | %s", r->lines[i], r->graphs[i]);
	}
	qsort(facts, r->count, sizeof *facts, compare_strings);
	return facts;
}

static void free_facts(char **facts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(facts[i]);
	free(facts);
}

/* The same document with every agreement first: their parties and sources are read after them. */
static char *agreements_first(const char *text)
{
	const char *first = strstr(text, "<agreement");
	const char *end = strstr(text, "</coopgraph>");
	const char *open_end = strchr(strstr(text, "<coopgraph"), '>') + 1;
	size_t n = strlen(text) + 1;
	char *out = coop_xmalloc(n);
	size_t len = 0;
	memcpy(out, text, (size_t)(open_end - text));
	len += (size_t)(open_end - text);
	memcpy(out + len, first, (size_t)(end - first));
	len += (size_t)(end - first);
	memcpy(out + len, open_end, (size_t)(first - open_end));
	len += (size_t)(first - open_end);
	strcpy(out + len, end);
	return out;
}

int main(void)
{
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	coop_model *model = coop_model_new();
	coop_result res = coop_read_memory(model, "t.xml", doc, strlen(doc), NULL, &diag);
	assert(res == COOP_OK);
	size_t link_errors = coop_model_link(model, &diag);
	assert(link_errors == 0);

	recorder r;
	uint64_t count = 0;
	run(model, &r, &count);
	CHECK(count == r.count, "reported %llu statements, emitted %zu", (unsigned long long)count, r.count);

	/* no statement twice */
	char **sorted = coop_xmalloc((r.count + 1) * sizeof *sorted);
	memcpy(sorted, r.lines, r.count * sizeof *sorted);
	qsort(sorted, r.count, sizeof *sorted, compare_strings);
	for (size_t i = 1; i < r.count; i++)
		CHECK(strcmp(sorted[i], sorted[i - 1]) != 0, "statement emitted twice: %s", sorted[i]);
	free(sorted);

	/* each subject's statements together: subject() is never called twice for the same IRI */
	char **subjects = coop_xmalloc((r.subject_count + 1) * sizeof *subjects);
	memcpy(subjects, r.subjects, r.subject_count * sizeof *subjects);
	qsort(subjects, r.subject_count, sizeof *subjects, compare_strings);
	for (size_t i = 1; i < r.subject_count; i++)
		CHECK(strcmp(subjects[i], subjects[i - 1]) != 0, "subject started twice: %s", subjects[i]);
	free(subjects);

	const char *A = BASE "institution/A", *S1 = BASE "source/s1", *S2 = BASE "source/s2";
	const char *g = NULL;
	char line[512];

	/* labels: one prefLabel per language; the repeated name, the acronym equal to a name and the
	 * repeated acronym come out once */
	CHECK(count_prefix(&r, BASE "institution/A http://www.w3.org/2004/02/skos/core#prefLabel ") == 2,
	      "A needs exactly two prefLabels");
	snprintf(line, sizeof line, "%s http://www.w3.org/2004/02/skos/core#prefLabel \"Alpha\"@en-GB", A);
	CHECK(count_line(&r, line, NULL) == 1, "missing %s (language tag in canonical case)", line);
	snprintf(line, sizeof line, "%s http://www.w3.org/2004/02/skos/core#prefLabel \"Alpha\"@de", A);
	CHECK(count_line(&r, line, NULL) == 1, "missing %s", line);
	CHECK(count_prefix(&r, BASE "institution/A http://www.w3.org/2004/02/skos/core#altLabel ") == 2,
	      "A needs exactly two altLabels (Alpha2, AL)");
	CHECK(count_prefix(&r, BASE "institution/A https://schema.org/name ") == 3, "A: three distinct names");
	CHECK(count_prefix(&r, BASE "institution/A https://schema.org/alternateName ") == 2, "A: two distinct acronyms");
	CHECK(count_prefix(&r, BASE "institution/A http://www.w3.org/2002/07/owl#sameAs ") == 1,
	      "the same ROR ID written twice gives one owl:sameAs");
	CHECK(count_prefix(&r, BASE "institution/A/address https://schema.org/addressLocality ") == 1,
	      "the same city name twice gives one addressLocality");
	CHECK(count_prefix(&r, BASE "source/s2 http://purl.org/dc/terms/title ") == 1, "s2: one title");

	/* sources: repeated refs once; the entity's facts are in the graph of each of its sources */
	CHECK(count_prefix(&r, BASE "institution/A http://www.w3.org/ns/prov#wasDerivedFrom ") == 2,
	      "A is derived from s1 and s2, once each");
	snprintf(line, sizeof line, "%s http://www.w3.org/1999/02/22-rdf-syntax-ns#type <http://www.w3.org/ns/org#Organization>", A);
	CHECK(count_line(&r, line, &g) == 1 && g && strcmp(g, BASE "source/s1 " BASE "source/s2") == 0,
	      "A's type must be in graphs s1 and s2, is in '%s'", g ? g : "");
	snprintf(line, sizeof line, "%s http://purl.org/dc/terms/title \"Eins\"@de", S1);
	CHECK(count_line(&r, line, &g) == 1 && g && strcmp(g, S1) == 0, "a source's description is in its own graph");

	/* the unit states that it is part of A: hasUnit on A is in U's graph */
	snprintf(line, sizeof line, "%s http://www.w3.org/ns/org#hasUnit <%sinstitution/U>", A, BASE);
	CHECK(count_line(&r, line, &g) == 1 && g && strcmp(g, S2) == 0, "hasUnit in graph '%s', want s2", g ? g : "");

	/* partner edges: once per ordered pair, in the graphs of every agreement that states it (G1 and
	 * G4 in s1, G2 in s2: s1 once) */
	snprintf(line, sizeof line, "%s " NS_COOP "partnersWith <%sinstitution/B>", A, BASE);
	CHECK(count_line(&r, line, &g) == 1 && g && strcmp(g, BASE "source/s1 " BASE "source/s2") == 0,
	      "A partnersWith B once, in s1 and s2 (is in '%s')", g ? g : "");
	snprintf(line, sizeof line, "%sinstitution/B " NS_COOP "partnersWith <%s>", BASE, A);
	CHECK(count_line(&r, line, NULL) == 1, "B partnersWith A once");
	snprintf(line, sizeof line, "%s " NS_COOP "partnersWith <%sinstitution/U>", A, BASE);
	CHECK(count_line(&r, line, &g) == 1 && g && strcmp(g, "default") == 0,
	      "A partnersWith U from an agreement without source: default graph (is '%s')", g ? g : "");
	CHECK(count_prefix(&r, BASE "institution/A " NS_COOP "partnersWith ") == 2, "A has two partners");

	/* memberships: two roles at A, one org:memberOf */
	CHECK(count_prefix(&r, BASE "person/P http://www.w3.org/ns/org#memberOf ") == 1, "P memberOf A once");
	CHECK(count_prefix(&r, BASE "person/P/membership/2 http://www.w3.org/ns/org#role ") == 1, "second membership");

	/* CR, CRLF and LF give the same text: one goal */
	CHECK(count_prefix(&r, BASE "agreement/G1 http://www.w3.org/ns/org#purpose ") == 1,
	      "goals that differ only in line ends give one org:purpose");
	snprintf(line, sizeof line, "%sagreement/G1 http://www.w3.org/ns/org#purpose \"x\ny\"@de", BASE);
	CHECK(count_line(&r, line, NULL) == 1, "goal normalised to LF");

	/* concepts: described once, in the default graph; custom kinds and party roles under the base */
	CHECK(count_prefix(&r, NS_COOP "Cooperation http://www.w3.org/2004/02/skos/core#prefLabel ") == 2,
	      "coop:Cooperation labelled once in de and en");
	snprintf(line, sizeof line, NS_COOP "Cooperation http://www.w3.org/1999/02/22-rdf-syntax-ns#type <http://www.w3.org/2004/02/skos/core#Concept>");
	CHECK(count_line(&r, line, &g) == 1 && g && strcmp(g, "default") == 0, "concepts go to the default graph");
	snprintf(line, sizeof line, "%sagreement/G3 http://purl.org/dc/terms/type <%skind/x-local>", BASE, BASE);
	CHECK(count_line(&r, line, NULL) == 1, "custom kind under the base");
	CHECK(count_prefix(&r, BASE "kind/x-local http://www.w3.org/2004/02/skos/core#notation ") == 1,
	      "custom kind described once");
	snprintf(line, sizeof line, "%sagreement/G3/party/1 http://www.w3.org/ns/org#role <%sparty-role/lead>", BASE, BASE);
	CHECK(count_line(&r, line, NULL) == 1, "party role");
	CHECK(count_prefix(&r, NS_COOP "Signatory http://www.w3.org/2004/02/skos/core#prefLabel ") == 2,
	      "signatory role described");
	CHECK(count_prefix(&r, BASE "source/s1 http://purl.org/dc/terms/language \"de\"") == 1,
	      "document language in canonical case");

	/* the same model maps to the same statements, in the same order */
	recorder again;
	uint64_t count_again = 0;
	run(model, &again, &count_again);
	CHECK(again.count == r.count, "second run: %zu statements, first %zu", again.count, r.count);
	for (size_t i = 0; i < r.count && i < again.count; i++)
		if (strcmp(r.lines[i], again.lines[i]) != 0) {
			CHECK(0, "second run differs at statement %zu", i);
			break;
		}
	rec_free(&again);

	/* without graphs (Turtle, N-Triples, RDF/XML): the same statements, all in the default graph */
	recorder plain;
	uint64_t plain_count = 0;
	run_with(model, 0, &plain, &plain_count);
	CHECK(plain.count == r.count, "without graphs: %zu statements, with graphs %zu", plain.count, r.count);
	for (size_t i = 0; i < r.count && i < plain.count; i++) {
		if (strcmp(r.lines[i], plain.lines[i]) != 0 || strcmp(plain.graphs[i], "default") != 0) {
			CHECK(0, "without graphs, statement %zu differs: %s in %s", i, plain.lines[i], plain.graphs[i]);
			break;
		}
	}
	rec_free(&plain);

	/* streamed, and streamed with the agreements before everything they name: the same statements
	 * in the same graphs, each subject still started once, the streamed entities first */
	char *reordered = agreements_first(doc);
	CHECK(strstr(reordered, "<agreement") < strstr(reordered, "<institution"), "reordering failed");
	const char *texts[] = {doc, reordered};
	char **expected = sorted_facts(&r);
	for (int t = 0; t < 2; t++) {
		recorder streamed;
		uint64_t streamed_count = 0;
		run_streamed(texts[t], &streamed, &streamed_count);
		CHECK(streamed_count == streamed.count && streamed.count == r.count,
		      "streamed (%d): %zu statements, reported %llu, expected %zu", t, streamed.count,
		      (unsigned long long)streamed_count, r.count);
		char **got = sorted_facts(&streamed);
		for (size_t i = 0; i < r.count && i < streamed.count; i++)
			if (strcmp(expected[i], got[i]) != 0) {
				CHECK(0, "streamed (%d) differs: '%s' instead of '%s'", t, got[i], expected[i]);
				break;
			}
		const char *first = streamed.subject_count ? streamed.subjects[0] : "(none)";
		const char *expected_first = t == 0 ? BASE "source/" : BASE "agreement/";
		CHECK(strncmp(first, expected_first, strlen(expected_first)) == 0,
		      "streamed (%d): the first subject is %s, not under %s", t, first, expected_first);
		qsort(streamed.subjects, streamed.subject_count, sizeof *streamed.subjects, compare_strings);
		for (size_t i = 1; i < streamed.subject_count; i++)
			CHECK(strcmp(streamed.subjects[i], streamed.subjects[i - 1]) != 0, "streamed (%d): subject started twice: %s",
			      t, streamed.subjects[i]);
		free_facts(got, streamed.count);
		rec_free(&streamed);
	}
	free_facts(expected, r.count);
	free(reordered);

	rec_free(&r);
	coop_model_free(model);
	coop_global_cleanup();
	if (failures) {
		fprintf(stderr, "test_rdf_map: %d failures\n", failures);
		return 1;
	}
	printf("test_rdf_map: all passed\n");
	return 0;
}
