/* The model: dates, label choice, the ID index, and the rules of coop_model_link, driven through the
 * real reader from memory so each case is a small document. */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "coopgraph/coopgraph.h"

typedef struct {
	char text[4096];
	size_t len;
} captured;

static void capture(void *payload, coop_severity sev, const coop_loc *loc, const char *msg)
{
	captured *c = payload;
	int n = snprintf(c->text + c->len, sizeof c->text - c->len, "%u:%u:%s:%s\n", loc ? loc->line : 0,
	                 loc ? loc->col : 0, sev == COOP_SEV_ERROR ? "E" : "W", msg);
	if (n > 0 && (size_t)n < sizeof c->text - c->len)
		c->len += (size_t)n;
}

/* A sink that collects every message into c, emptied first. */
static coop_diag_sink capturing(captured *c)
{
	memset(c, 0, sizeof *c);
	coop_diag_sink sink = COOP_DIAG_SINK_INIT;
	sink.emit = capture;
	sink.payload = c;
	return sink;
}

/* Reads doc (the part inside <coopgraph>) and links it; returns the diagnostics. */
static coop_model *load(const char *inner, captured *out, coop_result *res)
{
	static char doc[8192];
	snprintf(doc, sizeof doc,
	         "<?xml version=\"1.0\"?>\n<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">\n%s\n</coopgraph>\n",
	         inner);
	coop_diag_sink sink = capturing(out);
	coop_model *m = coop_model_new();
	*res = coop_read_memory(m, "t.xml", doc, strlen(doc), NULL, &sink);
	if (*res == COOP_OK && coop_model_link(m, &sink) > 0)
		*res = COOP_ERR_INPUT;
	return m;
}

#define TWO_INSTITUTIONS \
	"<source id='s' kind='web-page'><title>T</title></source>\n" \
	"<institution id='a' kind='university' sources='s'><name xml:lang='de'>A-de</name><name>A</name><location country='DE'/></institution>\n" \
	"<institution id='b' kind='hospital' sources='s'><name>B</name><location country='AZ' region='AZ-BA'/></institution>\n"

static void test_dates(void)
{
	coop_date y2020 = {2020, 0, 0, COOP_DATE_YEAR, {0}}, m2020_5 = {2020, 5, 0, COOP_DATE_MONTH, {0}},
	          d2020_5_3 = {2020, 5, 3, COOP_DATE_DAY, {0}}, d2020_4_30 = {2020, 4, 30, COOP_DATE_DAY, {0}};
	assert(coop_date_compare(&y2020, &m2020_5) == 0); /* shared precision: the year */
	assert(coop_date_compare(&m2020_5, &d2020_5_3) == 0);
	assert(coop_date_compare(&d2020_4_30, &d2020_5_3) < 0);
	assert(coop_date_compare(&d2020_5_3, &d2020_4_30) > 0);
	char buf[16];
	coop_date_format(&d2020_4_30, buf, sizeof buf);
	assert(strcmp(buf, "2020-04-30") == 0);
	coop_date_format(&m2020_5, buf, sizeof buf);
	assert(strcmp(buf, "2020-05") == 0);
}

static void test_valid_model(void)
{
	captured c;
	coop_result res;
	coop_model *m = load(TWO_INSTITUTIONS
	                     "<institution id='u' kind='clinic' partOf='a' sources='s'><name>U</name></institution>\n"
	                     "<agreement id='x' kind='x-twinning' status='active' sources='s'><party ref='u'/><party ref='b'/>"
	                     "<start>2020</start><end>2024-06-30</end><duration>P4Y</duration></agreement>",
	                     &c, &res);
	assert(res == COOP_OK);
	assert(c.len == 0);
	assert(coop_model_institution_count(m) == 3);
	coop_index i;
	assert(coop_model_find(m, "u", &i) == COOP_ENTITY_INSTITUTION);
	const coop_institution *u = coop_model_institution(m, i);
	assert(u->parent.type == COOP_ENTITY_INSTITUTION);
	assert(strcmp(coop_model_institution(m, coop_model_top_institution(m, i))->id, "a") == 0);
	assert(coop_model_find(m, "nope", &i) == COOP_ENTITY_NONE && i == COOP_NONE);

	const coop_agreement *a = coop_model_agreement(m, 0);
	assert(a->kind == COOP_AGR_CUSTOM && strcmp(a->kind_token, "x-twinning") == 0);
	assert(a->status == COOP_STATUS_ACTIVE);
	assert(a->start.precision == COOP_DATE_YEAR && a->end.precision == COOP_DATE_DAY && a->end.day == 30);
	assert(strcmp(a->duration, "P4Y") == 0);
	assert(a->parties[0].party.index != COOP_NONE);

	const coop_institution *inst_a = coop_model_institution(m, 0);
	const char *de_en[] = {"de", "en", NULL}, *fr[] = {"fr", NULL};
	assert(strcmp(coop_texts_pick(&inst_a->names, de_en), "A-de") == 0);
	assert(strcmp(coop_texts_pick(&inst_a->names, fr), "A") == 0); /* untagged is the fallback */
	coop_model_free(m);
}

static void expect_error(const char *inner, const char *needle)
{
	captured c;
	coop_result res;
	coop_model *m = load(inner, &c, &res);
	if (res != COOP_ERR_INPUT || !strstr(c.text, needle)) {
		fprintf(stderr, "expected an error containing '%s', got result %d:\n%s", needle, res, c.text);
		assert(0);
	}
	coop_model_free(m);
}

static void test_rules(void)
{
	expect_error(TWO_INSTITUTIONS "<agreement id='x' kind='contract' sources='s'><party ref='a'/><party ref='zz'/></agreement>",
	             "E:party refers to unknown institution 'zz'");
	expect_error(TWO_INSTITUTIONS "<agreement id='x' kind='contract' sources='s'><party ref='a'/><party ref='s'/></agreement>",
	             "party refers to 's', which is a source, not an institution");
	expect_error(TWO_INSTITUTIONS "<agreement id='x' kind='contract' sources='s'><party ref='a'/></agreement>",
	             "agreement 'x' has 1 distinct party");
	expect_error(TWO_INSTITUTIONS "<person id='a'><familyName>X</familyName></person>",
	             "duplicate ID 'a': already used by an institution at t.xml:4:1");
	expect_error(TWO_INSTITUTIONS "<agreement id='x' kind='contract' sources='s'><party ref='a'/><party ref='b'/>"
	             "<start>2020-05-02</start><end>2020-05-01</end></agreement>",
	             "agreement ends (2020-05-01) before it starts (2020-05-02)");
	expect_error(TWO_INSTITUTIONS "<institution id='p' kind='clinic' partOf='q'><name>P</name></institution>"
	             "<institution id='q' kind='clinic' partOf='r'><name>Q</name></institution>"
	             "<institution id='r' kind='clinic' partOf='p'><name>R</name></institution>",
	             "unit hierarchy cycle: 'p' -> 'q' -> 'r' -> 'p'");
	expect_error("<institution id='c' kind='other'><name>C</name><location country='ZZ'/></institution>",
	             "unknown ISO 3166-1 country code 'ZZ'");
	expect_error("<institution id='c' kind='other'><name>C</name><location country='DE' region='AZ-BA'/></institution>",
	             "region 'AZ-BA' is not in country 'DE'");
	expect_error("<institution id='c' kind='other'><name xml:lang='de-DE-1901-1901'>C</name></institution>",
	             "xml:lang 'de-DE-1901-1901' is not a well-formed BCP 47 language tag");
	expect_error(TWO_INSTITUTIONS "<agreement id='x' kind='contract' sources='s'><party ref='a'/><party ref='b'/><buildsOn ref='x'/></agreement>",
	             "agreement 'x' builds on itself");
}

static void test_warnings_and_strict(void)
{
	const char *doc = TWO_INSTITUTIONS
		"<person id='p'><familyName>P</familyName></person>"
		"<agreement id='x' kind='contract'><party ref='a'/><party ref='b'/><signatory person='p'/></agreement>";
	captured c;
	coop_result res;
	coop_model *m = load(doc, &c, &res);
	assert(res == COOP_OK);
	assert(strstr(c.text, "W:signatory 'p' holds no role at any party of agreement 'x'"));
	assert(strstr(c.text, "W:agreement 'x' cites no source"));
	coop_model_free(m);

	/* strict: the same warnings are errors */
	coop_diag_sink sink = capturing(&c);
	sink.strict = 1;
	m = coop_model_new();
	char full[4096];
	snprintf(full, sizeof full, "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">%s</coopgraph>", doc);
	assert(coop_read_memory(m, "t.xml", full, strlen(full), NULL, &sink) == COOP_OK);
	assert(coop_model_link(m, &sink) == 2);
	assert(strstr(c.text, "E:signatory 'p' holds no role"));
	coop_model_free(m);
}

static void count_agreement(void *payload, const coop_model *m, const coop_agreement *a)
{
	(void)m;
	(void)a;
	(*(int *)payload)++;
}

/* Streaming: agreements are checked as they come and not kept; forward references still resolve,
 * unknown ones are reported at the end, duplicates with both places. */
static void test_streaming(void)
{
	const char *doc =
		"<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">" TWO_INSTITUTIONS
		"<agreement id='x' kind='contract' sources='s'><party ref='a'/><party ref='late'/><buildsOn ref='y'/></agreement>\n"
		"<agreement id='y' kind='contract' sources='s'><party ref='a'/><party ref='b'/><buildsOn ref='ghost'/></agreement>\n"
		"<agreement id='y' kind='contract' sources='s'><party ref='a'/><party ref='b'/></agreement>\n"
		"<agreement id='z' kind='contract' sources='s'><party ref='a'/><party ref='b'/><buildsOn ref='ghost'/></agreement>\n"
		"<institution id='late' kind='hospital' sources='s'><name>L</name></institution>"
		"</coopgraph>";
	captured c;
	coop_diag_sink sink = capturing(&c);
	int seen = 0;
	coop_read_opts opts = COOP_READ_OPTS_INIT;
	opts.stream_agreements = 1;
	opts.on_agreement = count_agreement;
	opts.payload = &seen;
	coop_model *m = coop_model_new();
	assert(coop_read_memory(m, "t.xml", doc, strlen(doc), &opts, &sink) == COOP_OK);
	assert(seen == 4);
	assert(coop_model_agreement_count(m) == 0 && coop_model_streamed_agreement_count(m) == 4);
	assert(coop_model_link(m, &sink) == 2);
	/* one message per unknown ID, at its first use, counting the others */
	assert(strstr(c.text, "buildsOn refers to unknown agreement 'ghost' (and 1 more place)"));
	assert(strstr(c.text, "duplicate ID 'y': already used by an agreement at t.xml:5:1"));
	assert(!strstr(c.text, "'late'")); /* defined after its use: fine */
	coop_model_free(m);
}

/* Enough IDs to grow the index and the table of waiting references several times, and more files
 * than the model interns: every ID must still be found, every place must name its own file. */
static void test_many_ids(void)
{
	enum { N = 3000, FILES = 600 };
	static char doc[N * 256 + 1024];
	size_t len = (size_t)snprintf(doc, sizeof doc, "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">"
	                              "<source id='s' kind='web-page'><title>T</title></source>\n");
	/* agreements first: each names two institutions that come later, one of them a shared one */
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(doc + len, sizeof doc - len,
		                        "<agreement id='a%d' kind='contract' sources='s'><party ref='i%d'/><party ref='i%d'/></agreement>\n",
		                        i, i, (i * 7) % 50 + N);
	for (int i = 0; i < N + 50; i++)
		len += (size_t)snprintf(doc + len, sizeof doc - len,
		                        "<institution id='i%d' kind='hospital' sources='s'><name>I</name></institution>\n", i);
	len += (size_t)snprintf(doc + len, sizeof doc - len,
	                        "<agreement id='bad' kind='contract' sources='s'><party ref='a5'/><party ref='gone'/></agreement>"
	                        "</coopgraph>");
	assert(len < sizeof doc);

	captured c;
	coop_diag_sink sink = capturing(&c);
	coop_read_opts opts = COOP_READ_OPTS_INIT;
	opts.stream_agreements = 1;
	coop_model *m = coop_model_new();
	assert(coop_read_memory(m, "big.xml", doc, len, &opts, &sink) == COOP_OK);
	for (int f = 0; f < FILES; f++) {
		char name[32], small[256];
		snprintf(name, sizeof name, "f%03d.xml", f);
		int n = snprintf(small, sizeof small,
		                 "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">"
		                 "<institution id='f%d' kind='hospital' sources='s'><name>F</name></institution></coopgraph>", f);
		assert(coop_read_memory(m, name, small, (size_t)n, &opts, &sink) == COOP_OK);
	}
	/* the wrong type is found while streaming, the unknown ID when the dataset is complete */
	assert(coop_model_link(m, &sink) == 1);
	assert(strstr(c.text, "party refers to 'a5', which is an agreement, not an institution"));
	assert(strstr(c.text, "party refers to unknown institution 'gone'"));
	assert(coop_model_institution_count(m) == N + 50 + FILES);
	for (int i = 0; i < N + 50; i += 37) {
		char id[16];
		coop_index idx;
		snprintf(id, sizeof id, "i%d", i);
		assert(coop_model_find(m, id, &idx) == COOP_ENTITY_INSTITUTION && idx == (coop_index)i);
	}
	for (int f = 0; f < FILES; f++) {
		char id[16], name[32];
		coop_index idx;
		snprintf(id, sizeof id, "f%d", f);
		snprintf(name, sizeof name, "f%03d.xml", f);
		assert(coop_model_find(m, id, &idx) == COOP_ENTITY_INSTITUTION);
		assert(strcmp(coop_model_institution(m, idx)->loc.file, name) == 0);
	}
	assert(coop_model_find(m, "a2999", NULL) == COOP_ENTITY_AGREEMENT);
	assert(coop_model_find(m, "i3050", NULL) == COOP_ENTITY_NONE);
	coop_model_free(m);
}

/* Streamed entities keep their places compactly (a file per run of entities): a duplicate names the
 * file, line and column of the first definition, whichever file of many it was in. */
static void test_streamed_places(void)
{
	enum { FILES = 40 };
	captured c;
	coop_diag_sink sink = capturing(&c);
	coop_read_opts opts = COOP_READ_OPTS_INIT;
	opts.stream_agreements = 1;
	opts.stream_sources = 1;
	coop_model *m = coop_model_new();
	const char *inst = "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">\n"
	                   "<institution id='i' kind='hospital'><name>I</name></institution>\n"
	                   "<institution id='j' kind='hospital'><name>J</name></institution></coopgraph>";
	assert(coop_read_memory(m, "inst.xml", inst, strlen(inst), &opts, &sink) == COOP_OK);
	for (int f = 0; f < FILES; f++) {
		char name[32], doc[512];
		snprintf(name, sizeof name, "f%02d.xml", f);
		/* the entities move down a line and right a column from file to file */
		int n = snprintf(doc, sizeof doc,
		                 "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">\n%.*s%*s"
		                 "<source id='s%d' kind='web-page'><title>T</title></source>\n"
		                 "<agreement id='g%d' kind='contract' sources='s%d'><party ref='i'/><party ref='j'/></agreement>"
		                 "</coopgraph>",
		                 f, "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n", f, "", f, f,
		                 f);
		assert(n > 0 && (size_t)n < sizeof doc);
		assert(coop_read_memory(m, name, doc, (size_t)n, &opts, &sink) == COOP_OK);
	}
	const char *dup = "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\">\n"
	                  "<agreement id='g17' kind='contract' sources='s3'><party ref='i'/><party ref='j'/></agreement>\n"
	                  "  <source id='s33' kind='web-page'><title>T</title></source></coopgraph>";
	assert(coop_read_memory(m, "dup.xml", dup, strlen(dup), &opts, &sink) == COOP_OK);
	assert(coop_model_streamed_agreement_count(m) == FILES + 1 && coop_model_streamed_source_count(m) == FILES + 1);
	assert(coop_model_link(m, &sink) == 2);
	assert(strstr(c.text, "2:1:E:duplicate ID 'g17': already used by an agreement at f17.xml:20:1\n"));
	assert(strstr(c.text, "3:3:E:duplicate ID 's33': already used by a source at f33.xml:35:34\n"));
	coop_model_free(m);
}

int main(void)
{
	test_dates();
	test_valid_model();
	test_rules();
	test_warnings_and_strict();
	test_streaming();
	test_many_ids();
	test_streamed_places();
	coop_global_cleanup();
	puts("test_model: ok");
	return 0;
}
