/*
 * Escaping and checks for text that leaves the program: IRIs and literals for the RDF writer,
 * labels, tooltips and links for the Graphviz writer, SVG text we write ourselves.
 *
 * The hazards they answer are listed in the project's threat notes (RDF E1-E8, Graphviz F2-F8):
 * raptor2 writes IRIs and language tags unchecked, raptor's Turtle writer emits raw CR, Graphviz
 * interprets escString sequences and HTML entities in labels and writes URL/href into SVG raw.
 *
 * All functions append to out (never reset it) and accept any NUL-terminated byte string,
 * including invalid UTF-8; s must not be NULL (coop_url_safe alone also takes NULL, as unsafe).
 * None of them depends on the locale.
 */
#ifndef COOP_ESCAPE_H
#define COOP_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/*
 * Appends s percent-encoded as a single IRI path segment, so that base + segment is a valid IRI
 * that no parser resolves to a different place:
 *   - bytes in the RFC 3986 unreserved set A-Z a-z 0-9 - . _ ~ are copied;
 *   - every other byte becomes %XX with upper-case hex, byte by byte on the UTF-8 (so "é" becomes
 *     "%C3%A9", "/" "%2F", "%" "%25", space "%20"); the output is therefore plain ASCII;
 *   - a segment that is exactly "." or ".." becomes "%2E" or "%2E%2E", so that it is not a dot
 *     segment (RFC 3986 5.2.4) that one store normalises away and another keeps.
 * The mapping is injective: different inputs always give different outputs, and decoding %XX
 * gives the input back. An empty s appends nothing; callers must not mint IRIs from empty ids.
 */
void coop_iri_segment(coop_buf *out, const char *s);

/* 1 if the n bytes at s are well-formed UTF-8 (Unicode 3.9, table 3-7): no overlong forms, no
 * surrogates (U+D800-U+DFFF), nothing above U+10FFFF, no truncated sequence. U+0000 counts as
 * well-formed; n == 0 is well-formed. */
int coop_utf8_valid(const char *s, size_t n);

/* Appends s with every CR LF pair and every lone CR turned into LF; nothing else changes. For RDF
 * literals: raptor's Turtle writer emits a raw CR inside "...", which is not valid Turtle. */
void coop_text_normalize(coop_buf *out, const char *s);

/*
 * 1 if url may be used as a link target (Graphviz URL/href, SVG xlink:href), else 0. It must:
 *   - start with "http://" or "https://" (scheme in any case); so no javascript:, data:, file:,
 *     relative or protocol-relative URLs;
 *   - have a non-empty host made of ASCII letters, digits, '.', '-' and '_', or an IPv6 literal
 *     in brackets, optionally followed by ':' and a decimal port;
 *   - have no user information ("https://example.org@evil.example/"): it only serves to mislead;
 *   - consist only of printable ASCII (0x21-0x7E): no space, no control character, no non-ASCII
 *     (internationalised URLs must arrive punycoded and percent-encoded);
 *   - contain none of  "  '  <  >  \  `  {  }  |  ^  (attribute injection, Graphviz escString).
 * '&' is allowed (query strings). Graphviz 2.42 copies URL/href into SVG without escaping, so the
 * Graphviz writer must not pass a URL containing '&' to it unescaped (HAZARDS F5).
 */
int coop_url_safe(const char *url);

/*
 * Appends s made safe as a Graphviz label, xlabel or tooltip value set through agsafeset() on a
 * plain (non-HTML, non-record) label; cgraph adds the quotes itself. Character by character:
 *   - invalid UTF-8: each maximal ill-formed subsequence becomes U+FFFD;
 *   - '\' becomes "\\" (Graphviz reads \N \G \E \T \H \L \l \n \r in labels as escString);
 *   - '&' becomes "&amp;" (Graphviz decodes entities in labels; "&#x202E;" would smuggle in RLO);
 *   - controls become one space: C0 (U+0000-U+001F, so also TAB, LF, CR), DEL U+007F,
 *     C1 (U+0080-U+009F), and the line and paragraph separators U+2028 and U+2029;
 *   - invisible format characters are dropped: the bidi controls U+061C, U+200E, U+200F,
 *     U+202A-U+202E, U+2066-U+2069; zero width space, non-joiner and joiner U+200B-U+200D;
 *     U+2060-U+2065 (word joiner, invisible operators) and the deprecated U+206A-U+206F; BOM /
 *     zero width no-break space U+FEFF; soft hyphen U+00AD; Mongolian vowel separator U+180E;
 *     interlinear annotation U+FFF9-U+FFFB; the tag characters U+E0000-U+E007F;
 *   - noncharacters (U+FDD0-U+FDEF and U+xxFFFE, U+xxFFFF) become U+FFFD;
 *   - everything else is copied unchanged (including '"', '<', '>', which cgraph and the SVG
 *     renderer escape correctly).
 * The output is valid UTF-8, has no controls and no bidi or zero-width characters, and every '\'
 * and '&' in it is part of "\\" or "&amp;". Dropping U+200C/U+200D changes how some Persian,
 * Indic and emoji sequences join; the text stays readable.
 */
void coop_dot_text(coop_buf *out, const char *s);

/* The same character cleaning as coop_dot_text() (U+FFFD for invalid UTF-8, controls to spaces,
 * invisible format characters dropped, noncharacters replaced) but without the '\' and '&'
 * escapes: for text that we escape for XML ourselves, such as SVG <title>. */
void coop_strip_controls(coop_buf *out, const char *s);

#endif
