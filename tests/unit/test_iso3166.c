/* The embedded ISO 3166 tables: counts, known entries, rejected codes, internal consistency. */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "iso3166.h"

static int failures;

static void expect_str(const char *what, const char *got, const char *want)
{
	if (!got || strcmp(got, want) != 0) {
		fprintf(stderr, "FAIL %s: got '%s', want '%s'\n", what, got ? got : "(null)", want);
		failures++;
	}
}

static void expect(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "FAIL %s\n", what);
		failures++;
	}
}

/* Rows in the committed TSV, counted independently of the parser under test. */
static size_t data_rows(const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/data/%s", COOP_SOURCE_DIR, name);
	FILE *f = fopen(path, "rb");
	assert(f);
	size_t rows = 0;
	int c, at_line_start = 1, comment = 0;
	while ((c = fgetc(f)) != EOF) {
		if (at_line_start) {
			comment = c == '#';
			if (!comment && c != '\n')
				rows++;
		}
		at_line_start = c == '\n';
	}
	fclose(f);
	return rows;
}

static const struct {
	const char *alpha2, *alpha3, *numeric, *name, *wikidata;
} known_countries[] = {
	{"DE", "DEU", "276", "Germany", "Q183"},
	{"AZ", "AZE", "031", "Azerbaijan", "Q227"},
	{"FR", "FRA", "250", "France", "Q142"},
	{"US", "USA", "840", "United States", "Q30"},
	{"NL", "NLD", "528", "Netherlands", "Q55"},
	{"AT", "AUT", "040", "Austria", "Q40"},
	{"AD", "AND", "020", "Andorra", "Q228"},  /* first row */
	{"ZW", "ZWE", "716", "Zimbabwe", "Q954"}, /* last row */
};

static const struct {
	const char *code, *parent, *type, *name;
} known_subdivisions[] = {
	{"DE-ST", "", "Land", "Sachsen-Anhalt"},
	{"DE-NI", "", "Land", "Niedersachsen"},
	{"DE-BW", "", "Land", "Baden-W\xC3\xBCrttemberg"},
	{"DE-NW", "", "Land", "Nordrhein-Westfalen"},
	{"AZ-BA", "", "Municipality", "Bak\xC4\xB1"},
	{"AZ-BAB", "AZ-NX", "Rayon", "Bab\xC9\x99k"},     /* parent relative in iso-codes */
	{"GB-ABC", "GB-NIR", "District", "Armagh City, Banbridge and Craigavon"}, /* parent in full */
	{"FR-75", "FR-IDF", "Metropolitan department", "Paris"},
};

static const char *const not_countries[] = {
	"XX", "de", "De", "dE", "DEU", "D", "", "DE ", " DE", "DE-ST", "276", "Q183", "EU", "UK",
};

static const char *const not_subdivisions[] = {
	"DE-XX", "de-st", "DE-st", "De-ST", "DE", "DE-", "DE-ST ", "DEST", "DE_ST", "", "XX-ST", "AZ-NX-BAB",
};

static void test_counts(void)
{
	size_t n = coop_country_count();
	if (n != 249) {
		fprintf(stderr, "FAIL country count: got %zu, want 249 (iso-codes 4.15.0)\n", n);
		failures++;
	}
	expect(n == data_rows("iso3166-1.tsv"), "every iso3166-1.tsv row parsed");
	size_t m = coop_subdivision_count();
	expect(m > 5000, "more than 5000 subdivisions");
	if (m != data_rows("iso3166-2.tsv")) {
		fprintf(stderr, "FAIL subdivision count %zu differs from the TSV's %zu rows\n", m,
		        data_rows("iso3166-2.tsv"));
		failures++;
	}
	expect(coop_country_at(n) == NULL, "country index past the end is NULL");
	expect(coop_subdivision_at(m) == NULL, "subdivision index past the end is NULL");
}

static void test_known(void)
{
	for (size_t i = 0; i < sizeof known_countries / sizeof *known_countries; i++) {
		const coop_country *c = coop_country_find(known_countries[i].alpha2);
		if (!c) {
			fprintf(stderr, "FAIL country %s not found\n", known_countries[i].alpha2);
			failures++;
			continue;
		}
		expect_str(known_countries[i].alpha2, c->alpha2, known_countries[i].alpha2);
		expect_str(known_countries[i].alpha2, c->alpha3, known_countries[i].alpha3);
		expect_str(known_countries[i].alpha2, c->numeric, known_countries[i].numeric);
		expect_str(known_countries[i].alpha2, c->name, known_countries[i].name);
		expect_str(known_countries[i].alpha2, c->wikidata, known_countries[i].wikidata);
	}
	expect_str("first country", coop_country_at(0)->alpha2, "AD");
	expect_str("last country", coop_country_at(coop_country_count() - 1)->alpha2, "ZW");

	for (size_t i = 0; i < sizeof known_subdivisions / sizeof *known_subdivisions; i++) {
		const coop_subdivision *s = coop_subdivision_find(known_subdivisions[i].code);
		if (!s) {
			fprintf(stderr, "FAIL subdivision %s not found\n", known_subdivisions[i].code);
			failures++;
			continue;
		}
		expect_str(known_subdivisions[i].code, s->code, known_subdivisions[i].code);
		expect_str(known_subdivisions[i].code, s->parent, known_subdivisions[i].parent);
		expect_str(known_subdivisions[i].code, s->type, known_subdivisions[i].type);
		expect_str(known_subdivisions[i].code, s->name, known_subdivisions[i].name);
	}
}

static void test_rejected(void)
{
	expect(coop_country_find(NULL) == NULL, "country NULL");
	expect(coop_subdivision_find(NULL) == NULL, "subdivision NULL");
	for (size_t i = 0; i < sizeof not_countries / sizeof *not_countries; i++)
		if (coop_country_find(not_countries[i])) {
			fprintf(stderr, "FAIL '%s' accepted as a country\n", not_countries[i]);
			failures++;
		}
	for (size_t i = 0; i < sizeof not_subdivisions / sizeof *not_subdivisions; i++)
		if (coop_subdivision_find(not_subdivisions[i])) {
			fprintf(stderr, "FAIL '%s' accepted as a subdivision\n", not_subdivisions[i]);
			failures++;
		}
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Every row is well-formed, in order, findable, and every reference resolves. */
static void test_consistency(void)
{
	size_t with_qid = 0;
	for (size_t i = 0; i < coop_country_count(); i++) {
		const coop_country *c = coop_country_at(i);
		int ok = strlen(c->alpha2) == 2 && is_upper(c->alpha2[0]) && is_upper(c->alpha2[1]) &&
		         strlen(c->alpha3) == 3 && strlen(c->numeric) == 3 && all_digits(c->numeric) &&
		         c->name[0] && (c->wikidata[0] == '\0' || (c->wikidata[0] == 'Q' &&
		                                                  c->wikidata[1] && all_digits(c->wikidata + 1)));
		if (!ok || coop_country_find(c->alpha2) != c ||
		    (i > 0 && strcmp(coop_country_at(i - 1)->alpha2, c->alpha2) >= 0)) {
			fprintf(stderr, "FAIL country row %zu (%s) malformed, unsorted or not findable\n", i,
			        c->alpha2);
			failures++;
		}
		with_qid += c->wikidata[0] != '\0';
	}
	expect(with_qid == coop_country_count(), "every country has a Wikidata id");

	for (size_t i = 0; i < coop_subdivision_count(); i++) {
		const coop_subdivision *s = coop_subdivision_at(i);
		char country[3] = {s->code[0], s->code[0] ? s->code[1] : '\0', '\0'};
		int ok = strlen(s->code) >= 4 && s->code[2] == '-' && coop_country_find(country) &&
		         s->type[0] && s->name[0] &&
		         (s->parent[0] == '\0' ||
		          (strncmp(s->parent, s->code, 3) == 0 && coop_subdivision_find(s->parent)));
		if (!ok || coop_subdivision_find(s->code) != s ||
		    (i > 0 && strcmp(coop_subdivision_at(i - 1)->code, s->code) >= 0)) {
			fprintf(stderr, "FAIL subdivision row %zu (%s) malformed, unsorted or dangling\n", i,
			        s->code);
			failures++;
		}
	}
}

/* After cleanup the tables load again on demand (and LeakSanitizer sees nothing left). */
static void test_cleanup_reload(void)
{
	coop_iso3166_cleanup();
	coop_iso3166_cleanup(); /* twice is harmless */
	const coop_subdivision *s = coop_subdivision_find("DE-ST");
	expect(s != NULL && strcmp(s->name, "Sachsen-Anhalt") == 0, "subdivision lookup after cleanup");
	const coop_country *c = coop_country_find("AZ");
	expect(c != NULL && strcmp(c->wikidata, "Q227") == 0, "country lookup after cleanup");
	expect(coop_country_count() == 249, "country count after cleanup");
	coop_iso3166_cleanup();
}

int main(void)
{
	test_counts();
	test_known();
	test_rejected();
	test_consistency();
	test_cleanup_reload();
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
