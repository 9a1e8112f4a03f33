#include "escape.h"

#include <stdint.h>
#include <string.h>

static int is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

static void put_pct(coop_buf *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
	coop_buf_append(out, enc, 3);
}

void coop_iri_segment(coop_buf *out, const char *s)
{
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
		for (; *s; s++)
			put_pct(out, (unsigned char)*s);
		return;
	}
	coop_buf_reserve(out, strlen(s));
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (is_unreserved(*p))
			coop_buf_putc(out, (char)*p);
		else
			put_pct(out, *p);
	}
}

/*
 * Reads one UTF-8 sequence from the n > 0 bytes at s. Returns its length and stores the code point
 * in *cp; for ill-formed input stores -1 and returns the length of the maximal subpart (Unicode
 * 3.9, "U+FFFD substitution of maximal subparts"): the lead byte and the continuation bytes that
 * were still possible. That is never more than the bytes that could belong to the sequence, so a
 * broken lead byte cannot swallow a following ASCII character such as '\' or '&'.
 */
static size_t utf8_next(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte (table 3-7) */
	int32_t v;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* no overlongs */
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* no overlongs */
		else if (c == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		*cp = -1; /* continuation byte, C0, C1 or F5-FF as a lead byte */
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*cp = -1;
			return i;
		}
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return len;
}

int coop_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		i += utf8_next(p + i, n - i, &cp);
		if (cp < 0)
			return 0;
	}
	return 1;
}

void coop_text_normalize(coop_buf *out, const char *s)
{
	coop_buf_reserve(out, strlen(s));
	for (; *s; s++) {
		if (*s == '\r') {
			coop_buf_putc(out, '\n');
			if (s[1] == '\n')
				s++;
		} else {
			coop_buf_putc(out, *s);
		}
	}
}

static int ascii_starts_with_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return 0;
	}
	return 1;
}

static int is_host_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

static int is_ipv6_char(char c)
{
	return (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') ||
	       c == ':' || c == '.';
}

static int all_digits(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int coop_url_safe(const char *url)
{
	if (!url)
		return 0;
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x21 || c > 0x7E || strchr("\"'<>\\`{}|^", c))
			return 0;
	}
	const char *authority;
	if (ascii_starts_with_nocase(url, "http://"))
		authority = url + 7;
	else if (ascii_starts_with_nocase(url, "https://"))
		authority = url + 8;
	else
		return 0;

	const char *end = authority + strcspn(authority, "/?#");
	if (memchr(authority, '@', (size_t)(end - authority)))
		return 0;

	const char *rest;
	if (*authority == '[') {
		const char *close = memchr(authority, ']', (size_t)(end - authority));
		if (!close || close == authority + 1)
			return 0;
		for (const char *p = authority + 1; p < close; p++)
			if (!is_ipv6_char(*p))
				return 0;
		rest = close + 1;
	} else {
		const char *host_end = authority;
		while (host_end < end && *host_end != ':') {
			if (!is_host_char(*host_end))
				return 0;
			host_end++;
		}
		if (host_end == authority)
			return 0;
		rest = host_end;
	}
	if (rest == end)
		return 1;
	return *rest == ':' && all_digits(rest + 1, end);
}

enum char_action { KEEP, DROP, SPACE, REPLACE };

static enum char_action classify(int32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
		return SPACE;
	if (cp == 0x00AD || cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
	    (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F))
		return DROP;
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return REPLACE;
	return KEEP;
}

static void clean_text(coop_buf *out, const char *s, int dot_escapes)
{
	static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	size_t i = 0;
	coop_buf_reserve(out, n);
	while (i < n) {
		int32_t cp;
		size_t len = utf8_next(p + i, n - i, &cp);
		if (cp < 0) {
			coop_buf_append(out, replacement, 3);
		} else if (dot_escapes && cp == '\\') {
			coop_buf_append(out, "\\\\", 2);
		} else if (dot_escapes && cp == '&') {
			coop_buf_append(out, "&amp;", 5);
		} else {
			switch (classify(cp)) {
			case KEEP:
				coop_buf_append(out, p + i, len);
				break;
			case SPACE:
				coop_buf_putc(out, ' ');
				break;
			case REPLACE:
				coop_buf_append(out, replacement, 3);
				break;
			case DROP:
				break;
			}
		}
		i += len;
	}
}

void coop_dot_text(coop_buf *out, const char *s)
{
	clean_text(out, s, 1);
}

void coop_strip_controls(coop_buf *out, const char *s)
{
	clean_text(out, s, 0);
}
