/*
 * BCP 47 language tags (RFC 5646), as they arrive from xml:lang and go out as RDF language tags.
 *
 * raptor2 writes whatever tag it is given ("hello"@x> . is possible, HAZARDS E8), so every tag is
 * checked here before it reaches a writer. Only the syntax is checked; no registry is consulted, so
 * "qq-QQ" is accepted and "en-Latn-US-x-foo" is too.
 */
#ifndef COOP_LANGTAG_H
#define COOP_LANGTAG_H

#include <stddef.h>

/* Longest tag accepted, in bytes. RFC 5646 sets no limit; real tags are far shorter. */
#define COOP_LANGTAG_MAX 255

/*
 * 1 if tag is a well-formed language tag, else 0 (also for NULL). Case-insensitive. Accepts
 *   language ["-" script] ["-" region] *("-" variant) *("-" extension) ["-" privateuse]
 * (RFC 5646 section 2.1 ABNF: language = 2-3 letters with up to three 3-letter extlangs, or 4-8
 * letters; script = 4 letters; region = 2 letters or 3 digits; variant = 5-8 alphanumerics or a
 * digit and 3 alphanumerics; extension = a singleton other than x and one or more 2-8 alphanumeric
 * subtags), a private-use tag alone ("x-whatever"), and the 17 irregular grandfathered tags
 * ("i-klingon", "en-GB-oed", "sgn-BE-FR", ...). The regular grandfathered tags ("zh-min-nan",
 * "art-lojban", ...) match the langtag rule anyway.
 * In addition, as RFC 5646 section 2.2.9 requires of valid tags: no variant may appear twice and no
 * extension singleton twice ("de-1901-1901", "en-a-bbb-a-ccc" are rejected).
 * Rejected too: "", "en_US", "en-", "-en", "en--US", "en US", "en\"x", subtags over 8 characters,
 * non-ASCII, and tags longer than COOP_LANGTAG_MAX.
 */
int coop_langtag_valid(const char *tag);

/* 1 if a and b are the same tag ignoring ASCII case ("de-AT" and "DE-at"), else 0. Both must be
 * non-NULL to be equal. No other normalisation (no alias or extlang folding) is done. */
int coop_langtag_equal(const char *a, const char *b);

/*
 * Writes tag in the case RFC 5646 section 2.1.1 recommends into out: lower case, except that
 * 2-letter subtags are upper case ("de-AT") and 4-letter subtags title case ("sr-Latn") when they
 * are neither the first subtag nor follow a singleton ("en-CA-x-ca", "az-Latn-x-latn").
 * Returns 1 on success. Returns 0 and writes "" (when out_size > 0) if tag is not valid
 * (coop_langtag_valid) or does not fit; out_size = strlen(tag) + 1 always suffices.
 */
int coop_langtag_canonical(const char *tag, char *out, size_t out_size);

#endif
