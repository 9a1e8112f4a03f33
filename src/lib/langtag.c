#include "langtag.h"

#include <string.h>

/* ASCII only, independent of the locale: a tag is ASCII by definition and <ctype.h> is not. */
static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static char to_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static int ascii_caseeq(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return 0;
	for (size_t i = 0; i < alen; i++)
		if (to_lower(a[i]) != to_lower(b[i]))
			return 0;
	return 1;
}

/* RFC 5646 section 2.2.8: grandfathered tags that do not match the langtag production. */
static const char *const irregular[] = {
	"en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
	"i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL",
	"sgn-CH-DE",
};

/* A tag split at its hyphens. Subtags are at most 8 characters, so at most (MAX + 1) / 2 of them. */
typedef struct {
	const char *start[(COOP_LANGTAG_MAX + 1) / 2];
	size_t len[(COOP_LANGTAG_MAX + 1) / 2];
	size_t count;
} subtags;

/* Splits tag into subtags of 1-8 ASCII letters or digits; 0 if any subtag is empty, too long or
 * holds another character, or the tag is too long. */
static int split(const char *tag, subtags *st)
{
	size_t total = strlen(tag);
	if (total == 0 || total > COOP_LANGTAG_MAX)
		return 0;
	st->count = 0;
	const char *p = tag;
	for (;;) {
		const char *q = p;
		while (is_alpha(*q) || is_digit(*q))
			q++;
		size_t n = (size_t)(q - p);
		if (n < 1 || n > 8)
			return 0;
		st->start[st->count] = p;
		st->len[st->count] = n;
		st->count++;
		if (*q == '\0')
			return 1;
		if (*q != '-')
			return 0;
		p = q + 1;
	}
}

static int all_alpha(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_alpha(s[i]))
			return 0;
	return 1;
}

static int all_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* Parses the subtags from *i on as "x" 1*("-" 1*8alphanum), which must end the tag. */
static int privateuse(const subtags *st, size_t i)
{
	/* split() already guarantees 1-8 alphanumerics per subtag */
	return i + 1 < st->count && st->len[i] == 1 && to_lower(st->start[i][0]) == 'x';
}

static int langtag(const subtags *st)
{
	size_t i = 0;
	const char *s = st->start[0];
	size_t n = st->len[0];

	/* language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA; extlang = 3ALPHA *2("-" 3ALPHA) */
	if (n < 2 || !all_alpha(s, n))
		return 0;
	i++;
	if (n <= 3)
		for (int ext = 0; ext < 3 && i < st->count; ext++) {
			if (st->len[i] != 3 || !all_alpha(st->start[i], 3))
				break;
			i++;
		}

	/* script = 4ALPHA */
	if (i < st->count && st->len[i] == 4 && all_alpha(st->start[i], 4))
		i++;

	/* region = 2ALPHA / 3DIGIT */
	if (i < st->count && ((st->len[i] == 2 && all_alpha(st->start[i], 2)) ||
	                      (st->len[i] == 3 && all_digit(st->start[i], 3))))
		i++;

	/* variant = 5*8alphanum / (DIGIT 3alphanum); no variant twice */
	size_t first_variant = i;
	while (i < st->count &&
	       (st->len[i] >= 5 || (st->len[i] == 4 && is_digit(st->start[i][0])))) {
		for (size_t j = first_variant; j < i; j++)
			if (ascii_caseeq(st->start[j], st->len[j], st->start[i], st->len[i]))
				return 0;
		i++;
	}

	/* extension = singleton 1*("-" (2*8alphanum)); no singleton twice */
	char seen[36] = {0};
	while (i < st->count && st->len[i] == 1 && to_lower(st->start[i][0]) != 'x') {
		char c = to_lower(st->start[i][0]);
		int slot = is_digit(c) ? c - '0' : 10 + (c - 'a');
		if (seen[slot])
			return 0;
		seen[slot] = 1;
		i++;
		size_t body = i;
		while (i < st->count && st->len[i] >= 2)
			i++;
		if (i == body)
			return 0;
	}

	if (i == st->count)
		return 1;
	return privateuse(st, i);
}

static int valid_split(const char *tag, subtags *st)
{
	if (!tag || !split(tag, st))
		return 0;
	size_t n = strlen(tag);
	for (size_t k = 0; k < sizeof irregular / sizeof *irregular; k++)
		if (ascii_caseeq(tag, n, irregular[k], strlen(irregular[k])))
			return 1;
	if (privateuse(st, 0))
		return 1;
	return langtag(st);
}

int coop_langtag_valid(const char *tag)
{
	subtags st;
	return valid_split(tag, &st);
}

int coop_langtag_equal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	return ascii_caseeq(a, strlen(a), b, strlen(b));
}

int coop_langtag_canonical(const char *tag, char *out, size_t out_size)
{
	subtags st;
	if (!valid_split(tag, &st) || strlen(tag) >= out_size) {
		if (out_size > 0)
			out[0] = '\0';
		return 0;
	}
	int after_singleton = 0;
	char *w = out;
	for (size_t i = 0; i < st.count; i++) {
		const char *s = st.start[i];
		size_t n = st.len[i];
		if (i > 0)
			*w++ = '-';
		for (size_t k = 0; k < n; k++) {
			char c = to_lower(s[k]);
			if (i > 0 && !after_singleton && (n == 2 || (n == 4 && k == 0)))
				c = to_upper(c);
			*w++ = c;
		}
		if (n == 1)
			after_singleton = 1;
	}
	*w = '\0';
	return 1;
}
