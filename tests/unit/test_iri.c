/*
 * IRIs for the RDF export: the base check, the backstop check of every IRI written, IRIs minted
 * from hostile IDs (HAZARDS E1-E5) and the recognisers of external identifiers.
 */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iri.h"

#include "check.h"

static void test_base_check(void)
{
	static const char *const good[] = {
		"https://example.org/coopgraph/", "http://example.org/", "https://example.org/data#",
		"urn:example:coop/", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66#", "HTTPS://Example.org/x/",
		"https://example.org/a%20b/", "https://example.org:8080/kg/", "https://example.org/?x=/",
	};
	static const char *const bad[] = {
		"", "example.org/", "ftp://example.org/", "file:///tmp/", "https://example.org",
		"https://example.org/x", "https://example.org/a b/", "https://example.org/a>b/",
		"https://example.org/a\"b/", "https://example.org/{x}/", "https://example.org/a\\b/",
		"https://example.org/a^b/", "https://example.org/a`b/", "https://example.org/a|b/",
		"https://example.org/a%zz/", "https://example.org/a%2/", "https://example.org/#a#",
		"https://example.org/\xC3\xA9/", "https://example.org/\t/", "https:///", "https://#", "urn:/",
		"relative/path/", "javascript:alert(1)//",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(coop_iri_base_check(good[i]) == NULL, "base '%s' refused: %s", good[i], coop_iri_base_check(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(coop_iri_base_check(bad[i]) != NULL, "base '%s' accepted", bad[i]);
	CHECK(coop_iri_base_check(NULL) != NULL, "NULL base accepted");
}

static void test_valid(void)
{
	static const char *const good[] = {
		"https://example.org/x", "urn:a:b", "http://www.wikidata.org/entity/Q1", "a+b-c.d:x",
		"https://example.org/a%3Eb%22c%5Cd", "https://example.org/a.#~_-!$&'()*+,;=:@/?",
	};
	static const char *const bad[] = {
		"", "x", "/relative", "1http://x/", ":x", "https://example.org/a b", "https://example.org/a>b",
		"https://example.org/a<b", "https://example.org/a\"b", "https://example.org/{", "https://example.org/}",
		"https://example.org/|", "https://example.org/\\", "https://example.org/^", "https://example.org/`",
		"https://example.org/%", "https://example.org/%4", "https://example.org/%G0", "https://example.org/\x01",
		"https://example.org/\x7f", "https://example.org/\xC3\xA9", "https://example.org/\n",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		CHECK(coop_iri_valid(good[i]), "IRI '%s' refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(!coop_iri_valid(bad[i]), "IRI '%s' accepted", bad[i]);
	CHECK(!coop_iri_valid(NULL), "NULL accepted");
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s (upper-case hex only, as minted) into a malloc'ed string; NULL if malformed. */
static char *decode(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	assert(out);
	while (*s) {
		if (*s == '%') {
			int hi = hex_value(s[1]), lo = hi < 0 ? -1 : hex_value(s[2]);
			if (lo < 0) {
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			s += 3;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

static void test_entity(void)
{
	static const struct {
		const char *id, *iri;
	} cases[] = {
		{"umm-yeni-klinika-loi", "https://example.org/kg/agreement/umm-yeni-klinika-loi"},
		{"a b", "https://example.org/kg/agreement/a%20b"},
		{"a>b\"c\\d", "https://example.org/kg/agreement/a%3Eb%22c%5Cd"},
		{"../../etc/passwd", "https://example.org/kg/agreement/..%2F..%2Fetc%2Fpasswd"},
		{"..", "https://example.org/kg/agreement/%2E%2E"},
		{".", "https://example.org/kg/agreement/%2E"},
		{"a.", "https://example.org/kg/agreement/a."},
		{"%zz#frag?q=1", "https://example.org/kg/agreement/%25zz%23frag%3Fq%3D1"},
		{"x\xE2\x80\xAEy", "https://example.org/kg/agreement/x%E2%80%AEy"},
		{"{|}^`<", "https://example.org/kg/agreement/%7B%7C%7D%5E%60%3C"},
		{"x> <http://evil/p> \"pwn\" .\n<", "https://example.org/kg/agreement/x%3E%20%3Chttp%3A%2F%2Fevil%2Fp%3E%20%22pwn%22%20.%0A%3C"},
	};
	coop_buf b = COOP_BUF_INIT;
	const char *prefix = "https://example.org/kg/agreement/";
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		coop_buf_clear(&b);
		coop_iri_entity(&b, "https://example.org/kg/", "agreement", cases[i].id);
		CHECK(strcmp(coop_buf_str(&b), cases[i].iri) == 0, "entity IRI for case %zu is '%s'", i, coop_buf_str(&b));
		CHECK(coop_iri_valid(coop_buf_str(&b)), "entity IRI '%s' is not valid", coop_buf_str(&b));
	}

	/* Every byte string gives a valid IRI that decodes back to it (pseudo-random, fixed seed). */
	unsigned seed = 12345;
	char id[40];
	for (int round = 0; round < 20000; round++) {
		size_t n = 1 + (seed >> 16) % (sizeof id - 1);
		for (size_t k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			id[k] = (char)(1 + (seed >> 16) % 255);
		}
		id[n] = '\0';
		seed = seed * 1103515245u + 12345u;
		coop_buf_clear(&b);
		coop_iri_entity(&b, "https://example.org/kg/", "agreement", id);
		const char *iri = coop_buf_str(&b);
		CHECK(coop_iri_valid(iri), "random id %d gave an invalid IRI '%s'", round, iri);
		CHECK(strncmp(iri, prefix, strlen(prefix)) == 0, "random id %d left the base", round);
		CHECK(strchr(iri + strlen(prefix), '/') == NULL, "random id %d spans segments", round);
		char *back = decode(iri + strlen(prefix));
		CHECK(back && strcmp(back, id) == 0, "random id %d does not decode back", round);
		free(back);
	}
	coop_buf_free(&b);
}

typedef int (*recogniser)(coop_buf *, const char *);

static void expect_id(const char *name, recogniser fn, const char *value, const char *want)
{
	coop_buf b = COOP_BUF_INIT;
	int ok = fn(&b, value);
	if (want) {
		CHECK(ok && strcmp(coop_buf_str(&b), want) == 0, "%s('%s') = %d '%s', want '%s'", name, value, ok,
		      coop_buf_str(&b), want);
		CHECK(coop_iri_valid(coop_buf_str(&b)), "%s('%s') gave an invalid IRI", name, value);
	} else {
		CHECK(!ok && b.len == 0, "%s('%s') accepted as '%s'", name, value, coop_buf_str(&b));
	}
	coop_buf_free(&b);
}

static void test_identifiers(void)
{
	expect_id("ror", coop_iri_ror, "https://ror.org/04cdgtt98", "https://ror.org/04cdgtt98");
	expect_id("ror", coop_iri_ror, "http://ror.org/04cdgtt98", "https://ror.org/04cdgtt98");
	expect_id("ror", coop_iri_ror, "04cdgtt98", "https://ror.org/04cdgtt98");
	expect_id("ror", coop_iri_ror, "https://ror.org/04CDGTT98", NULL);
	expect_id("ror", coop_iri_ror, "14cdgtt98", NULL);
	expect_id("ror", coop_iri_ror, "04cdgtt9", NULL);
	expect_id("ror", coop_iri_ror, "04cdgtt988", NULL);
	expect_id("ror", coop_iri_ror, "https://ror.org/04cdgtt98/", NULL);
	expect_id("ror", coop_iri_ror, "04cdg>t98", NULL);
	expect_id("ror", coop_iri_ror, "", NULL);
	expect_id("ror", coop_iri_ror, NULL, NULL);

	expect_id("wikidata", coop_iri_wikidata, "Q1733", "http://www.wikidata.org/entity/Q1733");
	expect_id("wikidata", coop_iri_wikidata, "http://www.wikidata.org/entity/Q42", "http://www.wikidata.org/entity/Q42");
	expect_id("wikidata", coop_iri_wikidata, "https://www.wikidata.org/wiki/Q42", "http://www.wikidata.org/entity/Q42");
	expect_id("wikidata", coop_iri_wikidata, "Q0", NULL);
	expect_id("wikidata", coop_iri_wikidata, "Q01", NULL);
	expect_id("wikidata", coop_iri_wikidata, "q42", NULL);
	expect_id("wikidata", coop_iri_wikidata, "Q", NULL);
	expect_id("wikidata", coop_iri_wikidata, "P17", NULL);
	expect_id("wikidata", coop_iri_wikidata, "Q42 ", NULL);
	expect_id("wikidata", coop_iri_wikidata, "Q1234567890123", NULL);
	expect_id("wikidata", coop_iri_wikidata, "https://www.wikidata.org/wiki/Q42>", NULL);

	expect_id("orcid", coop_iri_orcid, "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097");
	expect_id("orcid", coop_iri_orcid, "https://orcid.org/0000-0001-5109-3700", "https://orcid.org/0000-0001-5109-3700");
	expect_id("orcid", coop_iri_orcid, "0000-0002-1694-233X", "https://orcid.org/0000-0002-1694-233X");
	expect_id("orcid", coop_iri_orcid, "0000-0002-1825-0098", NULL); /* wrong check digit */
	expect_id("orcid", coop_iri_orcid, "0000-0002-1825-009", NULL);
	expect_id("orcid", coop_iri_orcid, "0000000218250097", NULL);
	expect_id("orcid", coop_iri_orcid, "0000-0002-1825-009x", NULL);

	expect_id("geonames", coop_iri_geonames, "2874545", "https://sws.geonames.org/2874545/");
	expect_id("geonames", coop_iri_geonames, "0874545", NULL);
	expect_id("geonames", coop_iri_geonames, "28745a", NULL);
	expect_id("geonames", coop_iri_geonames, "", NULL);
	expect_id("geonames", coop_iri_geonames, "1234567890123", NULL);
}

int main(void)
{
	test_base_check();
	test_valid();
	test_entity();
	test_identifiers();
	if (failures) {
		fprintf(stderr, "test_iri: %d failures\n", failures);
		return 1;
	}
	printf("test_iri: all passed\n");
	return 0;
}
