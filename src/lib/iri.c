#include "iri.h"

#include <string.h>

#include "escape.h"

static int is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* Characters that Turtle's IRIREF and RDF/XML attribute values can carry as they are. */
static int iri_char_ok(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return 0;
	return strchr("<>\"{}|\\^`", c) == NULL;
}

/* Length of the scheme including ':' when iri starts with one, else 0. */
static size_t scheme_length(const char *iri)
{
	if (!is_alpha(iri[0]))
		return 0;
	size_t i = 1;
	while (is_alpha(iri[i]) || is_digit(iri[i]) || iri[i] == '+' || iri[i] == '-' || iri[i] == '.')
		i++;
	return iri[i] == ':' ? i + 1 : 0;
}

int coop_iri_valid(const char *iri)
{
	if (!iri || !scheme_length(iri))
		return 0;
	for (const char *p = iri; *p; p++) {
		if (!iri_char_ok((unsigned char)*p))
			return 0;
		if (*p == '%' && !(is_hex(p[1]) && is_hex(p[2])))
			return 0;
	}
	return 1;
}

static int starts_with_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char a = *s, b = *prefix;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

const char *coop_iri_base_check(const char *base)
{
	if (!base || !*base)
		return "must not be empty";
	const char *rest;
	if (starts_with_nocase(base, "http://"))
		rest = base + 7;
	else if (starts_with_nocase(base, "https://"))
		rest = base + 8;
	else if (starts_with_nocase(base, "urn:"))
		rest = base + 4;
	else
		return "must be an absolute http:, https: or urn: IRI";
	if (!*rest || *rest == '/' || *rest == '#' || *rest == ':')
		return "has no host or namespace";
	int hashes = 0;
	for (const char *p = base; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80)
			return "must be ASCII (percent-encode other characters)";
		if (!iri_char_ok(c))
			return "contains a space, a control character or one of < > \" { } | \\ ^ `";
		if (c == '%' && !(is_hex(p[1]) && is_hex(p[2])))
			return "contains a '%' that is not followed by two hex digits";
		if (c == '#')
			hashes++;
	}
	if (hashes > 1)
		return "contains more than one '#'";
	char last = base[strlen(base) - 1];
	if (last != '/' && last != '#')
		return "must end with '/' or '#'";
	return NULL;
}

void coop_iri_entity_prefix(coop_buf *out, const char *base, const char *type)
{
	coop_buf_puts(out, base);
	coop_buf_puts(out, type);
	coop_buf_putc(out, '/');
}

void coop_iri_entity(coop_buf *out, const char *base, const char *type, const char *id)
{
	coop_iri_entity_prefix(out, base, type);
	coop_iri_segment(out, id);
}

/* Strips one of the prefixes (case-insensitively for the scheme and host) from value. */
static const char *strip_prefix(const char *value, const char *const *prefixes)
{
	for (size_t i = 0; prefixes[i]; i++)
		if (starts_with_nocase(value, prefixes[i]))
			return value + strlen(prefixes[i]);
	return value;
}

int coop_iri_ror(coop_buf *out, const char *value)
{
	static const char *const prefixes[] = {"https://ror.org/", "http://ror.org/", NULL};
	if (!value)
		return 0;
	const char *id = strip_prefix(value, prefixes);
	if (strlen(id) != 9 || id[0] != '0')
		return 0;
	for (int i = 1; i < 9; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || is_digit(id[i])))
			return 0;
	coop_buf_puts(out, "https://ror.org/");
	coop_buf_puts(out, id);
	return 1;
}

int coop_iri_wikidata(coop_buf *out, const char *value)
{
	static const char *const prefixes[] = {
		"http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/",
		"http://www.wikidata.org/wiki/", "https://www.wikidata.org/wiki/", NULL};
	if (!value)
		return 0;
	const char *id = strip_prefix(value, prefixes);
	size_t n = strlen(id);
	/* Q and 1 to 12 digits without a leading zero: the largest items are around Q130000000 */
	if (n < 2 || n > 13 || id[0] != 'Q' || id[1] == '0')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!is_digit(id[i]))
			return 0;
	coop_buf_puts(out, "http://www.wikidata.org/entity/");
	coop_buf_puts(out, id);
	return 1;
}

int coop_iri_orcid(coop_buf *out, const char *value)
{
	static const char *const prefixes[] = {"https://orcid.org/", "http://orcid.org/", NULL};
	if (!value)
		return 0;
	const char *id = strip_prefix(value, prefixes);
	if (strlen(id) != 19)
		return 0;
	int total = 0;
	for (int i = 0; i < 19; i++) {
		if (i == 4 || i == 9 || i == 14) {
			if (id[i] != '-')
				return 0;
			continue;
		}
		if (i == 18)
			break;
		if (!is_digit(id[i]))
			return 0;
		total = (total + (id[i] - '0')) * 2;
	}
	int check = (12 - total % 11) % 11;
	char expected = check == 10 ? 'X' : (char)('0' + check);
	if (id[18] != expected)
		return 0;
	coop_buf_puts(out, "https://orcid.org/");
	coop_buf_puts(out, id);
	return 1;
}

int coop_iri_geonames(coop_buf *out, const char *value)
{
	if (!value)
		return 0;
	size_t n = strlen(value);
	if (n < 1 || n > 12 || value[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(value[i]))
			return 0;
	coop_buf_puts(out, "https://sws.geonames.org/");
	coop_buf_puts(out, value);
	coop_buf_putc(out, '/');
	return 1;
}
