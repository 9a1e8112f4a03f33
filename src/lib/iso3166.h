/*
 * ISO 3166-1 countries and ISO 3166-2 subdivisions, from the tables embedded at build time
 * (data/iso3166-1.tsv, data/iso3166-2.tsv; see data/README.md for their sources).
 *
 * The first lookup parses the embedded text once into sorted arrays; every lookup after that is a
 * binary search with no allocation, cheap enough to call for every institution. The returned
 * pointers stay valid until coop_iso3166_cleanup(); all strings are UTF-8 and never NULL ("" when
 * unknown or absent). Not thread-safe on first use (the tool is single-threaded).
 */
#ifndef COOP_ISO3166_H
#define COOP_ISO3166_H

#include <stddef.h>

typedef struct {
	const char *alpha2;   /* "DE" */
	const char *alpha3;   /* "DEU" */
	const char *numeric;  /* "276", always three digits */
	const char *name;     /* short English name, "Germany" */
	const char *wikidata; /* Wikidata item, "Q183"; "" when unknown */
} coop_country;

typedef struct {
	const char *code;   /* "DE-ST" */
	const char *parent; /* enclosing subdivision as a full code ("AZ-NX"), or "" */
	const char *type;   /* ISO's category in English: "Land", "Rayon", "Municipality", ... */
	const char *name;   /* as ISO lists it, usually the local name: "Sachsen-Anhalt" */
} coop_subdivision;

/* Exact match on an upper-case alpha-2 code; NULL for anything else ("de", "DEU", "XX", NULL). */
const coop_country *coop_country_find(const char *alpha2);
/* Exact match on an upper-case ISO 3166-2 code ("DE-ST"); NULL for anything else. */
const coop_subdivision *coop_subdivision_find(const char *code);

/* The tables in code order, for listing and for tests. */
size_t coop_country_count(void);
const coop_country *coop_country_at(size_t index);
size_t coop_subdivision_count(void);
const coop_subdivision *coop_subdivision_at(size_t index);

/* Frees the parsed tables (call once at exit, so leak checkers stay quiet). A later lookup parses
 * them again. Invalidates every pointer handed out before. */
void coop_iso3166_cleanup(void);

#endif
