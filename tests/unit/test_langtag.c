/* BCP 47 language tags: validity, canonical case and comparison, table-driven. */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "langtag.h"

static int failures;

/* A valid tag and its canonical case form. */
static const struct {
	const char *tag, *canonical;
} valid_tags[] = {
	{"de", "de"},
	{"DE", "de"},
	{"de-AT", "de-AT"},
	{"de-at", "de-AT"},
	{"sr-latn", "sr-Latn"},
	{"SR-LATN-RS", "sr-Latn-RS"},
	{"zh-Hant-TW", "zh-Hant-TW"},
	{"es-419", "es-419"},
	{"en-US", "en-US"},
	{"zh-yue-HK", "zh-yue-HK"},                   /* extlang */
	{"zh-cmn-Hans-CN", "zh-cmn-Hans-CN"},
	{"ar-afb-aaa-bbb", "ar-afb-aaa-bbb"},         /* three extlangs, the most allowed */
	{"de-CH-1901", "de-CH-1901"},                 /* digit + 3 variant */
	{"de-1996", "de-1996"},
	{"sl-rozaj-biske", "sl-rozaj-biske"},         /* two variants */
	{"sl-IT-nedis", "sl-IT-nedis"},
	{"hy-Latn-IT-arevela", "hy-Latn-IT-arevela"},
	{"de-DE-u-co-phonebk", "de-DE-u-co-phonebk"}, /* extension */
	{"en-u-ca-gregory-t-de", "en-u-ca-gregory-t-de"},
	{"en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc"},     /* private use may reuse a singleton letter */
	{"en-Latn-GB-boont-r-extended-sequence-x-private",
	 "en-Latn-GB-boont-r-extended-sequence-x-private"},
	{"qaa-Qaaa-QM-x-southern", "qaa-Qaaa-QM-x-southern"},
	{"en-CA-x-ca", "en-CA-x-ca"},                 /* RFC 5646 2.1.1 examples */
	{"az-latn-x-latn", "az-Latn-x-latn"},
	{"x-whatever", "x-whatever"},                 /* private use alone */
	{"X-Foo-BAR", "x-foo-bar"},
	{"i-klingon", "i-klingon"},                   /* irregular grandfathered */
	{"I-KLINGON", "i-klingon"},
	{"en-GB-oed", "en-GB-oed"},
	{"EN-gb-OED", "en-GB-oed"},
	{"sgn-be-fr", "sgn-BE-FR"},
	{"i-default", "i-default"},
	{"zh-min-nan", "zh-min-nan"},                 /* regular grandfathered */
	{"art-lojban", "art-lojban"},
	{"abcd", "abcd"},                             /* 4-letter language (reserved, well-formed) */
	{"abcdefgh", "abcdefgh"},                     /* 8-letter language */
	{"en-abcdefgh", "en-abcdefgh"},               /* 8-character variant */
	{"en-1234", "en-1234"},
	{"de-AT-1996-x-a1b2c3d4", "de-AT-1996-x-a1b2c3d4"},
};

static const char *const invalid_tags[] = {
	"",
	"en_US",
	"en-",
	"-en",
	"en--US",
	"en US",
	" en",
	"en ",
	"en\n",
	"en\"x",
	"x> .",
	"en-US>",
	"abcdefghi",          /* language over 8 */
	"en-abcdefghi",       /* subtag over 8 */
	"en-x-abcdefghi",
	"e",                  /* language under 2 */
	"1de",
	"123",
	"en-12",              /* region: 2 letters or 3 digits */
	"en-1234567890",
	"en-US-US",           /* region twice */
	"en-Latn-Cyrl",       /* script twice */
	"zh-abc-def-ghi-jkl", /* four extlangs */
	"abcd-abc",           /* extlang only after a 2-3 letter language */
	"de-1901-1901",       /* duplicate variant */
	"de-1901-DE",         /* region after variant */
	"en-a",               /* extension without subtags */
	"en-a-b",
	"en-a-bbb-a-ccc",     /* duplicate singleton */
	"en-A-bbb-a-ccc",
	"en-u-x-foo",
	"en-a-c",
	"x",
	"x-",
	"en-x",
	"de-DE-x",
	"i-foo",              /* not one of the irregular tags */
	"i-klingon-x-foo",
	"a-DE",
	"\xC3\xA4\xC3\xA4",   /* non-ASCII */
	"en-\xC3\x84T",
	"en-US\xE2\x80\xAE",
	"en.US",
	"en-US-",
};

static void test_valid(void)
{
	char out[COOP_LANGTAG_MAX + 1];
	for (size_t i = 0; i < sizeof valid_tags / sizeof *valid_tags; i++) {
		const char *tag = valid_tags[i].tag;
		if (!coop_langtag_valid(tag)) {
			fprintf(stderr, "FAIL '%s' rejected\n", tag);
			failures++;
			continue;
		}
		memset(out, 'Z', sizeof out);
		if (!coop_langtag_canonical(tag, out, sizeof out) ||
		    strcmp(out, valid_tags[i].canonical) != 0) {
			fprintf(stderr, "FAIL canonical('%s') = '%s', want '%s'\n", tag, out,
			        valid_tags[i].canonical);
			failures++;
		}
		if (!coop_langtag_equal(tag, valid_tags[i].canonical) || !coop_langtag_valid(out)) {
			fprintf(stderr, "FAIL '%s' and its canonical form do not compare equal\n", tag);
			failures++;
		}
	}
}

static void test_invalid(void)
{
	char out[16];
	if (coop_langtag_valid(NULL)) {
		fprintf(stderr, "FAIL NULL accepted\n");
		failures++;
	}
	for (size_t i = 0; i < sizeof invalid_tags / sizeof *invalid_tags; i++) {
		const char *tag = invalid_tags[i];
		if (coop_langtag_valid(tag)) {
			fprintf(stderr, "FAIL '%s' accepted\n", tag);
			failures++;
		}
		strcpy(out, "junk");
		if (coop_langtag_canonical(tag, out, sizeof out) || out[0] != '\0') {
			fprintf(stderr, "FAIL canonical of invalid '%s' gave '%s'\n", tag, out);
			failures++;
		}
	}
}

/* The length limit: a COOP_LANGTAG_MAX-byte tag passes; the same tag one letter longer does not. */
static void test_length(void)
{
	char tag[COOP_LANGTAG_MAX + 2];
	size_t len = 1;
	tag[0] = 'x';
	while (len + 2 <= COOP_LANGTAG_MAX) {
		memcpy(tag + len, "-a", 2);
		len += 2;
	}
	if (len < COOP_LANGTAG_MAX)
		tag[len++] = 'b'; /* the last subtag becomes "ab" */
	tag[len] = '\0';
	assert(len == COOP_LANGTAG_MAX);
	if (!coop_langtag_valid(tag)) {
		fprintf(stderr, "FAIL %zu-byte private-use tag rejected\n", len);
		failures++;
	}
	tag[len++] = 'c'; /* still a well-formed shape, only too long */
	tag[len] = '\0';
	if (coop_langtag_valid(tag)) {
		fprintf(stderr, "FAIL %zu-byte tag accepted (limit %d)\n", len, COOP_LANGTAG_MAX);
		failures++;
	}
}

static void test_equal_and_buffer(void)
{
	static const struct {
		const char *a, *b;
		int equal;
	} pairs[] = {
		{"de-AT", "DE-at", 1}, {"sr-Latn", "SR-LATN", 1}, {"de", "de", 1},
		{"de", "de-AT", 0},    {"de-AT", "de", 0},        {"de-AT", "de-CH", 0},
		{"", "", 1},           {"en", "en ", 0},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		if (coop_langtag_equal(pairs[i].a, pairs[i].b) != pairs[i].equal) {
			fprintf(stderr, "FAIL equal('%s', '%s') != %d\n", pairs[i].a, pairs[i].b,
			        pairs[i].equal);
			failures++;
		}
	if (coop_langtag_equal(NULL, "de") || coop_langtag_equal("de", NULL) ||
	    coop_langtag_equal(NULL, NULL)) {
		fprintf(stderr, "FAIL equal with NULL\n");
		failures++;
	}

	char out[6];
	if (coop_langtag_canonical("de-at", out, 5) || out[0] != '\0') {
		fprintf(stderr, "FAIL canonical into a too small buffer\n");
		failures++;
	}
	if (!coop_langtag_canonical("de-at", out, 6) || strcmp(out, "de-AT") != 0) {
		fprintf(stderr, "FAIL canonical into an exact buffer: '%s'\n", out);
		failures++;
	}
	if (coop_langtag_canonical("de", out, 0)) {
		fprintf(stderr, "FAIL canonical into a zero-size buffer\n");
		failures++;
	}
}

int main(void)
{
	test_valid();
	test_invalid();
	test_length();
	test_equal_and_buffer();
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
