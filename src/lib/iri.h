/*
 * IRIs for the RDF export: minting them from IDs under a base, recognising external identifiers
 * (ROR, Wikidata, ORCID, GeoNames) and a last check before any IRI reaches a writer.
 *
 * raptor2 writes whatever IRI it is given (a space comes out as "\u0020", which every strict parser
 * rejects; HAZARDS E1-E5), so nothing built from input text goes out without passing through
 * coop_iri_segment() or one of the recognisers below, and coop_iri_valid() is the backstop.
 */
#ifndef COOP_IRI_H
#define COOP_IRI_H

#include <stddef.h>

#include "buf.h"

/* NULL if base is acceptable as the base of minted IRIs, else the reason (see coop_rdf_base_check). */
const char *coop_iri_base_check(const char *base);

/*
 * 1 if iri can be written between < > in Turtle, N-Triples and RDF/XML by any strict parser: an
 * absolute IRI (a scheme of a letter followed by letters, digits, + - . and then ':'), printable
 * ASCII only, none of  < > " { } | \ ^ `  and every '%' followed by two hex digits. Non-ASCII is
 * refused although IRIs allow it: everything we mint is percent-encoded ASCII.
 */
int coop_iri_valid(const char *iri);

/* Appends {base}{type}/{id percent-encoded as one segment}. id must not be empty. */
void coop_iri_entity(coop_buf *out, const char *base, const char *type, const char *id);

/* Appends {base}{type}/: what coop_iri_entity() writes before the ID, for a caller that keeps IDs
 * already encoded by coop_iri_segment(). */
void coop_iri_entity_prefix(coop_buf *out, const char *base, const char *type);

/*
 * External identifiers. Each appends the canonical IRI for value and returns 1 when value has the
 * expected syntax; otherwise it appends nothing and returns 0. Accepted forms:
 *   ROR       "0abcdefg1" or "https://ror.org/0abcdefg1" (also http://), "0" and 8 of [a-z0-9]
 *             -> https://ror.org/0abcdefg1
 *   Wikidata  "Q1733", or the entity or wiki page URL (http or https, www.wikidata.org)
 *             -> http://www.wikidata.org/entity/Q1733 (the form the Wikidata RDF dumps use)
 *   ORCID     "0000-0002-1825-0097" or "https://orcid.org/0000-0002-1825-0097" (also http://),
 *             the last character an ISO 7064 11,2 check digit -> https://orcid.org/0000-...
 *   GeoNames  a positive decimal number, "2874545" -> https://sws.geonames.org/2874545/
 */
int coop_iri_ror(coop_buf *out, const char *value);
int coop_iri_wikidata(coop_buf *out, const char *value);
int coop_iri_orcid(coop_buf *out, const char *value);
int coop_iri_geonames(coop_buf *out, const char *value);

#endif
