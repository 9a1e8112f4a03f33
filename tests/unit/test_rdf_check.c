/*
 * The self-check must be able to fail: each broken output below is what a serializer bug would
 * produce (a raw space in an IRI, an unterminated literal, a dropped or duplicated statement, a
 * blank node), fed in pieces as small as one byte so that the queue's page boundaries fall
 * everywhere, and each must be refused with the message that names it. Good output, split the
 * same ways, must pass with its exact count.
 */
#undef NDEBUG
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "coopgraph/coopgraph.h"
#include "rdf_check.h"

typedef struct {
	char last[1024];
	int count;
} captured;

static void capture(void *payload, coop_severity severity, const coop_loc *loc, const char *message)
{
	captured *c = payload;
	(void)severity;
	(void)loc;
	snprintf(c->last, sizeof c->last, "%s", message);
	c->count++;
}

/* Runs one check; returns its result and leaves the last message in c. */
static coop_result run(coop_rdf_format format, const char *text, size_t piece, uint64_t expected, captured *c)
{
	memset(c, 0, sizeof *c);
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	diag.emit = capture;
	diag.payload = c;
	coop_rdf_check *check = coop_rdf_check_start(format, "out", &diag);
	if (!check)
		return COOP_ERR_INTERNAL;
	size_t len = strlen(text);
	for (size_t at = 0; at < len; at += piece)
		coop_rdf_check_feed(check, text + at, len - at < piece ? len - at : piece);
	return coop_rdf_check_finish(check, expected, &diag);
}

typedef struct {
	coop_rdf_format format;
	const char *text;
	uint64_t expected;
	const char *message; /* NULL: must pass; else a part of the one error */
} check_case;

static const check_case cases[] = {
	{COOP_RDF_NTRIPLES, "<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> \"x\"@de .\n", 2, NULL},
	{COOP_RDF_NTRIPLES, "<urn:a> <urn:p> <urn:b c> .\n", 1, "does not parse at line 1"},
	{COOP_RDF_NTRIPLES, "<urn:a> <urn:p> \"open .\n<urn:a> <urn:p> <urn:b> .\n", 2, "does not parse"},
	{COOP_RDF_NTRIPLES, "<urn:a> <urn:p> <urn:b> .\n", 2, "holds 1 statements, 2"},
	{COOP_RDF_NTRIPLES, "<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> <urn:b> .\n", 1, "holds 2 statements, 1"},
	{COOP_RDF_NTRIPLES, "_:b <urn:p> <urn:b> .\n", 1, "blank nodes"},
	{COOP_RDF_NQUADS, "<urn:a> <urn:p> <urn:b> <urn:g> .\n<urn:a> <urn:p> <urn:c> .\n", 2, NULL},
	{COOP_RDF_NQUADS, "<urn:a> <urn:p> <urn:b> <urn:g> <urn:h> .\n", 1, "does not parse"},
	{COOP_RDF_TURTLE, "@prefix ex: <urn:ex:> .\nex:a ex:p ex:b , ex:c ;\n\tex:q \"v\" .\n", 3, NULL},
	{COOP_RDF_TURTLE, "@prefix ex: <urn:ex:> .\nex:a ex:p ex:b\n", 1, "does not parse"},
	{COOP_RDF_TURTLE, "ex:a <urn:p> <urn:b> .\n", 1, "undeclared prefix in 'ex:a'"},
	{COOP_RDF_TURTLE, "@prefix ex: <urn:ex:> .\n<urn:a> <urn:p> \"1\"^^xsd:int .\n", 1, "undeclared prefix in 'xsd:int'"},
	{COOP_RDF_TURTLE, "<urn:a> <urn:p> <b> .\n", 1, "relative IRI 'b'"},
	{COOP_RDF_NTRIPLES, "<urn:a> <p> <urn:b> .\n", 1, "missing IRI scheme"},
	{COOP_RDF_TURTLE, "<urn:a> <urn:p> [ <urn:q> <urn:b> ] .\n", 2, "blank nodes"},
};

int main(void)
{
	static const size_t pieces[] = {1, 7, 4096};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const check_case *k = &cases[i];
		for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
			captured c;
			coop_result rc = run(k->format, k->text, pieces[p], k->expected, &c);
			if (!k->message) {
				CHECK(rc == COOP_OK && c.count == 0, "case %zu, pieces of %zu: rejected: %s", i, pieces[p], c.last);
				continue;
			}
			CHECK(rc == COOP_ERR_INTERNAL, "case %zu, pieces of %zu: passed", i, pieces[p]);
			CHECK(c.count == 1 && strstr(c.last, k->message) && strstr(c.last, "self-check"),
			      "case %zu, pieces of %zu: %d messages, last '%s', expected one with '%s'", i, pieces[p], c.count,
			      c.last, k->message);
		}
	}
	/* abandoning a check half-way must not hang or leak (ASan and LSan run this too) */
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	coop_rdf_check *check = coop_rdf_check_start(COOP_RDF_NTRIPLES, "out", &diag);
	CHECK(check != NULL, "cannot start a check");
	coop_rdf_check_feed(check, "<urn:a> <urn:p>", 15);
	coop_rdf_check_abandon(check);
	coop_rdf_check_abandon(NULL);
	coop_global_cleanup();
	return failures ? 1 : 0;
}
