/*
 * The string buffer and the escaping functions, table-driven, against the output hazards:
 * IRIs minted from ids (E1-E5), CR in literals (E7), Graphviz escString and entities (F2, F3),
 * link targets (F5, F6), bidi and invisible characters (F8), invalid UTF-8.
 */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"

static int failures;

/* Prints s with everything outside printable ASCII as \xNN, so failures are readable. */
static void show(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7E || c == '\\')
			fprintf(stderr, "\\x%02X", c);
		else
			fputc(c, stderr);
	}
}

static void expect_out(const char *fn, const char *in, const coop_buf *out, const char *want)
{
	if (out->len != strlen(want) || memcmp(coop_buf_str(out), want, out->len) != 0) {
		fprintf(stderr, "FAIL %s(\"", fn);
		show(in, strlen(in));
		fprintf(stderr, "\") = \"");
		show(coop_buf_str(out), out->len);
		fprintf(stderr, "\", want \"");
		show(want, strlen(want));
		fprintf(stderr, "\"\n");
		failures++;
	}
}

typedef struct {
	const char *in, *want;
} case_t;

#define COUNT(a) (sizeof(a) / sizeof *(a))

static void run_cases(const char *fn, void (*f)(coop_buf *, const char *), const case_t *cases,
                      size_t n)
{
	coop_buf out = COOP_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		coop_buf_clear(&out);
		f(&out, cases[i].in);
		expect_out(fn, cases[i].in, &out, cases[i].want);
	}
	/* The functions append: what was in the buffer stays. */
	coop_buf_clear(&out);
	coop_buf_puts(&out, "prefix|");
	f(&out, cases[0].in);
	if (strncmp(coop_buf_str(&out), "prefix|", 7) != 0 || strcmp(out.data + 7, cases[0].want) != 0) {
		fprintf(stderr, "FAIL %s does not append\n", fn);
		failures++;
	}
	coop_buf_free(&out);
}

/* ---- coop_buf ---- */

static void test_buf(void)
{
	/* reserving on an empty buffer still gives a terminated string (an empty input to an escaper) */
	{
		coop_buf e = COOP_BUF_INIT;
		coop_buf_reserve(&e, 16);
		assert(strcmp(coop_buf_str(&e), "") == 0 && e.data && e.data[0] == '\0');
		coop_buf_free(&e);
		coop_dot_text(&e, "");
		assert(strcmp(coop_buf_str(&e), "") == 0);
		coop_buf_free(&e);
	}

	coop_buf b = COOP_BUF_INIT;
	assert(b.data == NULL && b.len == 0 && strcmp(coop_buf_str(&b), "") == 0);
	coop_buf_append(&b, "", 0);
	assert(b.data != NULL && b.len == 0 && b.data[0] == '\0');

	coop_buf_puts(&b, "ab");
	coop_buf_putc(&b, 'c');
	coop_buf_append(&b, "d\0e", 3); /* embedded NUL is kept */
	assert(b.len == 6 && memcmp(b.data, "abcd\0e", 7) == 0);

	size_t cap = b.cap;
	char *data = b.data;
	coop_buf_clear(&b); /* keeps the memory */
	assert(b.len == 0 && b.data == data && b.data[0] == '\0' && b.cap == cap);
	coop_buf_printf(&b, "%s-%d-%05.1f", "x", 42, 3.14159);
	assert(strcmp(b.data, "x-42-003.1") == 0 && b.len == 10);

	/* A result larger than any initial guess, appended after existing text. */
	char big[5000];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	coop_buf_printf(&b, "[%s]", big);
	assert(b.len == 10 + 2 + 4999 && b.data[10] == '[' && b.data[b.len - 1] == ']' &&
	       b.data[b.len] == '\0' && strlen(b.data) == b.len);

	coop_buf_truncate(&b, 3);
	assert(b.len == 3 && strcmp(b.data, "x-4") == 0);
	coop_buf_truncate(&b, 100); /* longer than len: no change */
	assert(b.len == 3);

	/* Many small appends (growth path). */
	coop_buf_clear(&b);
	for (int i = 0; i < 10000; i++)
		coop_buf_putc(&b, (char)('a' + i % 26));
	assert(b.len == 10000 && b.data[9999] == 'a' + 9999 % 26 && b.data[10000] == '\0');

	char *s = coop_buf_detach(&b);
	assert(strlen(s) == 10000 && b.data == NULL && b.len == 0 && b.cap == 0);
	free(s);
	s = coop_buf_detach(&b); /* detaching an untouched buffer gives "" */
	assert(s && s[0] == '\0');
	free(s);

	coop_buf_free(&b);
	coop_buf_free(&b); /* twice is harmless */
	assert(b.data == NULL && b.len == 0 && b.cap == 0);
}

/* ---- coop_iri_segment ---- */

static const case_t iri_cases[] = {
	{"abc", "abc"},
	{"A-Z_a.z~09", "A-Z_a.z~09"},                      /* unreserved passes */
	{"acme corp", "acme%20corp"},                      /* E1 space */
	{"a>b<c", "a%3Eb%3Cc"},
	{"x\"y", "x%22y"},
	{"{}|^`", "%7B%7D%7C%5E%60"},
	{"a\\b", "a%5Cb"},                                 /* E2 backslash */
	{"line\nbreak\r", "line%0Abreak%0D"},
	{"x> <http://evil/p> \"pwn\" .\n<", "x%3E%20%3Chttp%3A%2F%2Fevil%2Fp%3E%20%22pwn%22%20.%0A%3C"},
	{"../../etc/x", "..%2F..%2Fetc%2Fx"},               /* E4 */
	{".", "%2E"},
	{"..", "%2E%2E"},
	{"...", "..."},                                    /* not a dot segment */
	{".a", ".a"},
	{"%2E", "%252E"},                                  /* so "." and "%2E" stay distinct */
	{"%zz", "%25zz"},                                  /* E5 */
	{"#frag", "%23frag"},
	{"?q=1&r", "%3Fq%3D1%26r"},
	{"a/b", "a%2Fb"},
	{"a:b@c;d,e+f$g!h'i(j)k*l", "a%3Ab%40c%3Bd%2Ce%2Bf%24g%21h%27i%28j%29k%2Al"},
	{"caf\xC3\xA9", "caf%C3%A9"},                      /* UTF-8 byte-wise */
	{"\xE2\x80\xAE" "moc", "%E2%80%AEmoc"},             /* RLO */
	{"\xFF\xFE", "%FF%FE"},                            /* invalid UTF-8 is still encoded */
	{"", ""},
};

/* ---- coop_text_normalize ---- */

static const case_t normalize_cases[] = {
	{"plain", "plain"},
	{"a\r\nb", "a\nb"},
	{"a\rb", "a\nb"},
	{"a\r\r\nb", "a\n\nb"},
	{"a\n\rb", "a\n\nb"},
	{"\r", "\n"},
	{"\r\n\r\n", "\n\n"},
	{"tab\tand \"quote\" \\ stay", "tab\tand \"quote\" \\ stay"},
	{"", ""},
};

/* ---- coop_dot_text ---- */

static const case_t dot_cases[] = {
	{"plain text", "plain text"},
	{"a\\b", "a\\\\b"},                                  /* F2 */
	{"\\N", "\\\\N"},
	{"\\l\\n\\r\\G\\E\\T\\H\\L", "\\\\l\\\\n\\\\r\\\\G\\\\E\\\\T\\\\H\\\\L"},
	{"C:\\Net\\Lab\\G\\l", "C:\\\\Net\\\\Lab\\\\G\\\\l"},
	{"&#x202E;", "&amp;#x202E;"},                        /* F3 */
	{"&lt;b&gt;", "&amp;lt;b&amp;gt;"},
	{"R&D", "R&amp;D"},
	{"x\" ]; evil [label=\"pwn", "x\" ]; evil [label=\"pwn"}, /* quoting is cgraph's job */
	{"x\" onmouseover=\"alert(1)", "x\" onmouseover=\"alert(1)"},
	{"<script>", "<script>"},
	{"../x?a#b%20", "../x?a#b%20"},
	{"a\tb\nc\rd\r\ne", "a b c d  e"},                  /* each control is one space */
	{"esc\x1B" "del\x7F", "esc del "},
	{"nel\xC2\x85" "csi\xC2\x9B", "nel csi "},           /* C1 */
	{"line\xE2\x80\xA8para\xE2\x80\xA9", "line para "}, /* U+2028, U+2029 */
	{"https://example.org/\xE2\x80\xAE" "moc.live", "https://example.org/moc.live"}, /* F8 RLO */
	{"\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE|", "|"},     /* LRE..RLO */
	{"\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9|", "|"},                 /* LRI..PDI */
	{"\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C|", "|"},                                 /* LRM RLM ALM */
	{"zero\xE2\x80\x8Bwidth\xE2\x80\x8C\xE2\x80\x8D|", "zerowidth|"},           /* ZWSP ZWNJ ZWJ */
	{"\xEF\xBB\xBF" "bom", "bom"},
	{"wj\xE2\x81\xA0|", "wj|"},
	{"soft\xC2\xADhyphen", "softhyphen"},
	{"tag\xF3\xA0\x81\x81\xF3\xA0\x81\xBF|", "tag|"},                            /* U+E0041, U+E007F */
	{"non\xEF\xBF\xBE" "char\xEF\xB7\x90", "non\xEF\xBF\xBD" "char\xEF\xBF\xBD"}, /* U+FFFE, U+FDD0 */
	{"bad\xFF", "bad\xEF\xBF\xBD"},                                             /* invalid UTF-8 */
	{"\xC3\\N", "\xEF\xBF\xBD\\\\N"},           /* a broken lead byte must not swallow the '\' */
	{"\xE2\x82&amp", "\xEF\xBF\xBD&amp;amp"},   /* truncated sequence: one U+FFFD, '&' kept */
	{"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},   /* overlong '/' */
	{"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
	{"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* > U+10FFFF */
	{"Bak\xC4\xB1 \xE2\x82\xAC \xF0\x9F\x98\x80 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A",
	 "Bak\xC4\xB1 \xE2\x82\xAC \xF0\x9F\x98\x80 \xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A"}, /* kept */
	{"", ""},
};

/* ---- coop_strip_controls: the same cleaning, no Graphviz escapes ---- */

static const case_t strip_cases[] = {
	{"a\\b & c", "a\\b & c"},
	{"&#x202E;", "&#x202E;"},
	{"a\tb\nc", "a b c"},
	{"x\xE2\x80\xAEy", "xy"},
	{"bad\xC3", "bad\xEF\xBF\xBD"},
	{"\xC3\\", "\xEF\xBF\xBD\\"},
	{"caf\xC3\xA9 <t>", "caf\xC3\xA9 <t>"},
	{"", ""},
};

/* ---- coop_utf8_valid ---- */

static void test_utf8(void)
{
	static const struct {
		const char *s;
		size_t n;
		int valid;
	} cases[] = {
		{"", 0, 1},
		{"abc", 3, 1},
		{"\0", 1, 1},                    /* U+0000 is well-formed */
		{"\xC3\xA9", 2, 1},
		{"\xE2\x82\xAC", 3, 1},
		{"\xEF\xBF\xBF", 3, 1},          /* U+FFFF: noncharacter, still well-formed */
		{"\xED\x9F\xBF", 3, 1},          /* U+D7FF */
		{"\xEE\x80\x80", 3, 1},          /* U+E000 */
		{"\xF0\x90\x80\x80", 4, 1},      /* U+10000 */
		{"\xF4\x8F\xBF\xBF", 4, 1},      /* U+10FFFF */
		{"\xFF\xFE", 2, 0},
		{"\x80", 1, 0},                  /* lone continuation */
		{"\xC0\xAF", 2, 0},              /* overlong */
		{"\xC1\xBF", 2, 0},
		{"\xE0\x80\x80", 3, 0},
		{"\xE0\x9F\xBF", 3, 0},
		{"\xF0\x8F\xBF\xBF", 4, 0},
		{"\xE2\x82", 2, 0},              /* truncated */
		{"\xE2\x82\xAC", 2, 0},          /* truncated by n */
		{"\xC3", 1, 0},
		{"\xED\xA0\x80", 3, 0},          /* U+D800 */
		{"\xED\xBF\xBF", 3, 0},          /* U+DFFF */
		{"\xF4\x90\x80\x80", 4, 0},      /* U+110000 */
		{"\xF5\x80\x80\x80", 4, 0},
		{"\xF8\x88\x80\x80\x80", 5, 0},  /* old 5-byte form */
		{"a\xC3(", 3, 0},
	};
	for (size_t i = 0; i < COUNT(cases); i++)
		if (coop_utf8_valid(cases[i].s, cases[i].n) != cases[i].valid) {
			fprintf(stderr, "FAIL utf8_valid(\"");
			show(cases[i].s, cases[i].n);
			fprintf(stderr, "\", %zu) != %d\n", cases[i].n, cases[i].valid);
			failures++;
		}
}

/* ---- coop_url_safe ---- */

static void test_url(void)
{
	static const struct {
		const char *url;
		int safe;
	} cases[] = {
		{"http://example.org", 1},
		{"https://example.org/", 1},
		{"HTTPS://Example.ORG/a?b=c&d=e#f", 1},
		{"https://www.uni-magdeburg.de/path/to%20page.html", 1},
		{"https://example.org:8443/x", 1},
		{"https://example.org:/x", 1},
		{"http://192.0.2.1/", 1},
		{"http://[2001:db8::1]:8080/", 1},
		{"https://a_b.example.org?q", 1},
		{"https://example.org#frag", 1},
		{NULL, 0},
		{"", 0},
		{"javascript:alert(1)", 0},                  /* F6 */
		{"JaVaScRiPt:alert(1)", 0},
		{"data:text/html,<script>alert(1)</script>", 0},
		{"file:///etc/passwd", 0},
		{"ftp://example.org/", 0},
		{"//example.org/", 0},
		{"/relative", 0},
		{"example.org", 0},
		{"http:example.org", 0},
		{"https://", 0},
		{"https:///path", 0},
		{"https://?q", 0},
		{"https://:443/", 0},
		{"https://example.org/x\" onmouseover=\"alert(1)", 0}, /* F5 */
		{"https://example.org/x' onmouseover='alert(1)", 0},
		{"https://example.org/<script>", 0},
		{"https://example.org/a>b", 0},
		{"https://example.org/a b", 0},
		{"https://example.org/a\\b", 0},
		{"https://example.org\\@evil.example/", 0},
		{"https://exa`mple.org/", 0},
		{"https://example.org/{x}", 0},
		{"https://example.org/a|b", 0},
		{"https://example.org/a^b", 0},
		{"https://example.org/\x01", 0},
		{"https://example.org/\t", 0},
		{"https://example.org/\x7F", 0},
		{"https://example.org/\n", 0},
		{"https://exampl\xC3\xA9.org/", 0},          /* non-ASCII: punycode it */
		{"https://example.org/\xE2\x80\xAE" "moc", 0}, /* F8 */
		{"https://user@example.org/", 0},
		{"https://example.org@evil.example/", 0},
		{"https://example.org:8o/", 0},
		{"https://ex%61mple.org/", 0},
		{"https://[]/", 0},
		{"https://[zz::1]/", 0},
		{"https://[::1/", 0},
		{"https://[::1]x/", 0},
		{"\\\\server\\share", 0},
	};
	for (size_t i = 0; i < COUNT(cases); i++)
		if (coop_url_safe(cases[i].url) != cases[i].safe) {
			fprintf(stderr, "FAIL url_safe(\"");
			if (cases[i].url)
				show(cases[i].url, strlen(cases[i].url));
			fprintf(stderr, "\") != %d\n", cases[i].safe);
			failures++;
		}
}

int main(void)
{
	test_buf();
	run_cases("iri_segment", coop_iri_segment, iri_cases, COUNT(iri_cases));
	run_cases("text_normalize", coop_text_normalize, normalize_cases, COUNT(normalize_cases));
	run_cases("dot_text", coop_dot_text, dot_cases, COUNT(dot_cases));
	run_cases("strip_controls", coop_strip_controls, strip_cases, COUNT(strip_cases));
	test_utf8();
	test_url();

	/* Every dot_text and strip_controls output above is valid UTF-8 without controls. */
	coop_buf out = COOP_BUF_INIT;
	for (size_t i = 0; i < COUNT(dot_cases); i++) {
		coop_buf_clear(&out);
		coop_dot_text(&out, dot_cases[i].in);
		int ok = coop_utf8_valid(coop_buf_str(&out), out.len);
		for (size_t k = 0; k < out.len; k++)
			ok &= (unsigned char)out.data[k] >= 0x20 && out.data[k] != 0x7F;
		if (!ok) {
			fprintf(stderr, "FAIL dot_text output %zu invalid or has controls\n", i);
			failures++;
		}
	}
	coop_buf_free(&out);

	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
