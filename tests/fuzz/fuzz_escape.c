/*
 * libFuzzer target for the escaping and checking functions (escape.h, langtag.h). It checks what
 * the functions promise, not only that they do not crash; any broken promise aborts with a message.
 *
 *   coop_iri_segment     output is only unreserved characters and %XX (upper-case hex), is never
 *                        "." or "..", and percent-decoding it gives the input back (so the mapping
 *                        is injective);
 *   coop_utf8_valid      agrees with an independent decoder written differently (below);
 *   coop_dot_text        output is valid UTF-8 with no controls, no bidi, zero-width or other
 *                        dropped characters, every '\' and '&' is part of "\\" or "&amp;", and
 *                        undoing those two escapes gives exactly coop_strip_controls' output;
 *   coop_strip_controls  output is valid UTF-8 with no controls or dropped characters, and equals
 *                        the input whenever the input had nothing to clean;
 *   coop_text_normalize  equals a straightforward reference (CR LF and CR to LF);
 *   coop_url_safe        an accepted URL starts with http:// or https://, is printable ASCII and
 *                        has none of the forbidden characters;
 *   coop_langtag_*       a valid tag has a canonical form that is valid, equal ignoring case,
 *                        and its own canonical form; an invalid tag has none.
 *
 * Build and run: see tests/fuzz/README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "langtag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail_bytes(const char *what, const void *input, size_t n, const coop_buf *out)
{
	fprintf(stderr, "fuzz_escape: invariant broken: %s\n  input (%zu bytes):", what, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %02X", ((const unsigned char *)input)[i]);
	if (out) {
		fprintf(stderr, "\n  output (%zu bytes):", out->len);
		for (size_t i = 0; i < out->len; i++)
			fprintf(stderr, " %02X", (unsigned char)out->data[i]);
	}
	fprintf(stderr, "\n");
	abort();
}

static void fail(const char *what, const char *input, const coop_buf *out)
{
	fail_bytes(what, input, strlen(input), out);
}

/* ---- an independent UTF-8 decoder: decode first, then reject by value ---- */

/* Returns the code point at s (n bytes left) and its length in *len, or -1 if ill-formed. */
static long ref_decode(const unsigned char *s, size_t n, size_t *len)
{
	static const long min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t need;
	long cp;
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	} else if ((s[0] & 0xE0) == 0xC0) {
		need = 2;
		cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		need = 3;
		cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		*len = 1;
		return -1;
	}
	if (need > n) {
		*len = 1;
		return -1;
	}
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return -1;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*len = need;
	if (cp < min_for_len[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	return cp;
}

static int ref_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, len;
	while (i < n) {
		if (ref_decode(s + i, n - i, &len) < 0)
			return 0;
		i += len;
	}
	return 1;
}

/* Characters coop_dot_text and coop_strip_controls must never let through. */
static int forbidden_in_clean_text(long cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x00AD ||
	       cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F) ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

static void check_clean_text(const char *what, const char *input, const coop_buf *out)
{
	const unsigned char *p = (const unsigned char *)coop_buf_str(out);
	if (!coop_utf8_valid((const char *)p, out->len) || !ref_utf8_valid(p, out->len))
		fail(what, input, out);
	size_t i = 0, len;
	while (i < out->len) {
		if (forbidden_in_clean_text(ref_decode(p + i, out->len - i, &len)))
			fail(what, input, out);
		i += len;
	}
}

/* ---- the checks ---- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lower-case hex is not what we promise */
}

static void check_iri_segment(const char *s, coop_buf *out, coop_buf *decoded)
{
	coop_buf_clear(out);
	coop_buf_clear(decoded);
	coop_iri_segment(out, s);
	const char *o = coop_buf_str(out);
	if (strcmp(o, ".") == 0 || strcmp(o, "..") == 0)
		fail("iri_segment produced a dot segment", s, out);
	for (size_t i = 0; i < out->len; i++) {
		char c = o[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			coop_buf_putc(decoded, c);
		} else if (c == '%' && i + 2 < out->len && hex_value(o[i + 1]) >= 0 &&
		           hex_value(o[i + 2]) >= 0) {
			coop_buf_putc(decoded, (char)(hex_value(o[i + 1]) * 16 + hex_value(o[i + 2])));
			i += 2;
		} else {
			fail("iri_segment output has a character outside unreserved and %XX", s, out);
		}
	}
	if (decoded->len != strlen(s) || memcmp(coop_buf_str(decoded), s, decoded->len) != 0)
		fail("iri_segment output does not decode to the input", s, out);
}

static void check_dot_text(const char *s, coop_buf *out, coop_buf *plain, coop_buf *unescaped)
{
	coop_buf_clear(out);
	coop_buf_clear(plain);
	coop_buf_clear(unescaped);
	coop_dot_text(out, s);
	coop_strip_controls(plain, s);
	check_clean_text("dot_text output not clean", s, out);
	check_clean_text("strip_controls output not clean", s, plain);

	const char *o = coop_buf_str(out);
	for (size_t i = 0; i < out->len; i++) {
		if (o[i] == '\\') {
			if (i + 1 >= out->len || o[i + 1] != '\\')
				fail("dot_text output has an unescaped backslash", s, out);
			coop_buf_putc(unescaped, '\\');
			i++;
		} else if (o[i] == '&') {
			if (strncmp(o + i, "&amp;", 5) != 0)
				fail("dot_text output has an unescaped ampersand", s, out);
			coop_buf_putc(unescaped, '&');
			i += 4;
		} else {
			coop_buf_putc(unescaped, o[i]);
		}
	}
	if (unescaped->len != plain->len ||
	    memcmp(coop_buf_str(unescaped), coop_buf_str(plain), plain->len) != 0)
		fail("dot_text minus its escapes differs from strip_controls", s, out);

	/* No visible ASCII character may be lost, added or replaced: the cleaning touches only
	 * controls (which become spaces), non-ASCII characters and invalid bytes. This catches a
	 * decoder that lets a broken lead byte swallow the '\\' or '&' after it. */
	size_t k = 0;
	for (size_t j = 0; s[j]; j++) {
		if (s[j] <= ' ' || s[j] > '~')
			continue;
		while (k < plain->len && (plain->data[k] <= ' ' || plain->data[k] > '~'))
			k++;
		if (k == plain->len || plain->data[k] != s[j])
			fail("strip_controls lost or changed a visible ASCII character", s, plain);
		k++;
	}
	for (; k < plain->len; k++)
		if (plain->data[k] > ' ' && plain->data[k] <= '~')
			fail("strip_controls added a visible ASCII character", s, plain);

	/* Nothing to clean: strip_controls must leave the text alone. */
	size_t n = strlen(s), i = 0, len;
	int clean = ref_utf8_valid((const unsigned char *)s, n);
	while (clean && i < n) {
		clean = !forbidden_in_clean_text(ref_decode((const unsigned char *)s + i, n - i, &len));
		i += len;
	}
	if (clean && (plain->len != n || memcmp(coop_buf_str(plain), s, n) != 0))
		fail("strip_controls changed text that needed no cleaning", s, plain);
}

static void check_text_normalize(const char *s, coop_buf *out, coop_buf *expected)
{
	coop_buf_clear(out);
	coop_buf_clear(expected);
	coop_text_normalize(out, s);
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n')
			continue; /* the LF that follows is kept */
		coop_buf_putc(expected, s[i] == '\r' ? '\n' : s[i]);
	}
	if (memchr(coop_buf_str(out), '\r', out->len) || out->len != expected->len ||
	    memcmp(coop_buf_str(out), coop_buf_str(expected), out->len) != 0)
		fail("text_normalize differs from the reference", s, out);
}

static void check_url_safe(const char *s)
{
	if (!coop_url_safe(s))
		return;
	char scheme[9] = {0}; /* the first 8 characters, lower-cased */
	for (int i = 0; i < 8 && s[i]; i++)
		scheme[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + ('a' - 'A') : s[i]);
	if (strncmp(scheme, "http://", 7) != 0 && strncmp(scheme, "https://", 8) != 0)
		fail("url_safe accepted a URL that is not http(s)", s, NULL);
	const char *authority = s + (scheme[4] == ':' ? 7 : 8);
	size_t authority_len = strcspn(authority, "/?#");
	if (authority_len == 0 || authority[0] == ':')
		fail("url_safe accepted a URL without a host", s, NULL);
	if (memchr(authority, '@', authority_len))
		fail("url_safe accepted a URL with user information", s, NULL);
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c >= 0x7F || strchr("\"'<>\\`{}|^", c))
			fail("url_safe accepted a URL with a forbidden character", s, NULL);
	}
}

static void check_langtag(const char *s)
{
	char canon[COOP_LANGTAG_MAX + 1];
	char again[COOP_LANGTAG_MAX + 1];
	int valid = coop_langtag_valid(s);
	int ok = coop_langtag_canonical(s, canon, sizeof canon);
	if (valid != ok)
		fail("langtag_canonical disagrees with langtag_valid", s, NULL);
	if (!valid) {
		if (canon[0] != '\0')
			fail("langtag_canonical wrote something for an invalid tag", s, NULL);
		return;
	}
	if (strlen(s) > COOP_LANGTAG_MAX || strlen(canon) != strlen(s) || !coop_langtag_valid(canon) ||
	    !coop_langtag_equal(s, canon) || !coop_langtag_canonical(canon, again, sizeof again) ||
	    strcmp(canon, again) != 0)
		fail("canonical form of a valid tag is not stable", s, NULL);
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-'))
			fail("langtag_valid accepted a character outside [A-Za-z0-9-]", s, NULL);

	/* Case shape of the canonical form (RFC 5646 2.1.1), checked subtag by subtag. */
	int after_singleton = 0, first = 1;
	for (const char *p = canon; *p;) {
		size_t n = strcspn(p, "-");
		for (size_t i = 0; i < n; i++) {
			int upper = p[i] >= 'A' && p[i] <= 'Z';
			int want_upper = !first && !after_singleton && (n == 2 || (n == 4 && i == 0)) &&
			                 !(p[i] >= '0' && p[i] <= '9');
			if (upper != want_upper && !(p[i] >= '0' && p[i] <= '9'))
				fail("canonical form has the wrong case", s, NULL);
		}
		if (n == 1)
			after_singleton = 1;
		first = 0;
		p += n;
		if (*p == '-')
			p++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static coop_buf out, aux1, aux2; /* reused across runs; libFuzzer's leak check is per run */

	/* coop_utf8_valid takes a length, so it sees every byte, NULs included. */
	if (coop_utf8_valid((const char *)data, size) != ref_utf8_valid(data, size))
		fail_bytes("utf8_valid disagrees with the reference decoder", data, size, NULL);

	/* The rest take C strings: the input up to its first NUL. */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	check_iri_segment(s, &out, &aux1);
	check_dot_text(s, &out, &aux1, &aux2);
	check_text_normalize(s, &out, &aux1);
	check_url_safe(s);
	check_langtag(s);

	free(s);
	return 0;
}
