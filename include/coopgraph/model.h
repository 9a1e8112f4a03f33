/*
 * The coopgraph model: the whole dataset in memory, as plain read-only structs.
 *
 * The model knows nothing of XML, RDF or Graphviz. The reader fills it, coop_model_link() resolves
 * the references between entities, and the writers walk the arrays. Every string is UTF-8 and owned
 * by the model's arena; every pointer handed out stays valid until coop_model_free().
 *
 * Entities of all kinds share one ID namespace (an ID names exactly one institution, person,
 * agreement, programme or source across all input files), so a reference can be checked without
 * knowing in advance what it should point to, and the error can say what it found instead.
 */
#ifndef COOPGRAPH_MODEL_H
#define COOPGRAPH_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "coopgraph/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An index into one of the model's entity arrays; COOP_NONE when absent or unresolved. */
typedef uint32_t coop_index;
#define COOP_NONE UINT32_MAX

typedef enum {
	COOP_ENTITY_NONE = 0,
	COOP_ENTITY_INSTITUTION,
	COOP_ENTITY_PERSON,
	COOP_ENTITY_AGREEMENT,
	COOP_ENTITY_PROGRAMME,
	COOP_ENTITY_SOURCE
} coop_entity_type;

const char *coop_entity_type_name(coop_entity_type type);

/* A reference to another entity by ID, as written, and what it resolved to. */
typedef struct {
	const char *id;          /* as written in the input; NULL when absent */
	coop_loc loc;            /* where the reference was written */
	coop_entity_type type;   /* set by coop_model_link(); NONE if unresolved */
	coop_index index;        /* index in the array of that type, or COOP_NONE */
} coop_ref;

typedef struct {
	coop_ref *items;
	uint32_t count;
} coop_refs;

/* A string with its language tag (from the nearest xml:lang; NULL or "" when untagged). */
typedef struct {
	const char *lang;
	const char *value;
} coop_text;

typedef struct {
	coop_text *items;
	uint32_t count;
} coop_texts;

typedef enum {
	COOP_DATE_NONE = 0, /* no date given */
	COOP_DATE_YEAR,     /* "2020" */
	COOP_DATE_MONTH,    /* "2020-03" */
	COOP_DATE_DAY       /* "2020-03-15" */
} coop_date_precision;

typedef struct {
	int16_t year;
	uint8_t month; /* 1..12, or 0 below MONTH precision */
	uint8_t day;   /* 1..31, or 0 below DAY precision */
	uint8_t precision;
	coop_loc loc;
} coop_date;

/* Compares two dates at the precision they share: -1, 0 or 1. "2020" equals "2020-05". */
int coop_date_compare(const coop_date *a, const coop_date *b);

/* Writes "2020", "2020-03" or "2020-03-15" into buf (at least 11 bytes); "" for no date. */
void coop_date_format(const coop_date *date, char *buf, size_t size);

/* ---- institutions and their units ---- */

typedef enum {
	COOP_INST_UNIVERSITY_HOSPITAL = 0,
	COOP_INST_HOSPITAL,
	COOP_INST_UNIVERSITY,
	COOP_INST_RESEARCH_INSTITUTE,
	COOP_INST_FUNDING_AGENCY,
	COOP_INST_GOVERNMENT,
	COOP_INST_COMPANY,
	COOP_INST_OTHER,
	/* kinds of units: they normally have a parent */
	COOP_INST_CLINIC,
	COOP_INST_DEPARTMENT,
	COOP_INST_FACULTY,
	COOP_INST_INSTITUTE,
	COOP_INST_KIND_COUNT
} coop_inst_kind;

/* The token used in the input language ("university-hospital"), and the reverse; -1 if unknown. */
const char *coop_inst_kind_token(coop_inst_kind kind);
int coop_inst_kind_from_token(const char *token);

typedef struct {
	const char *scheme; /* "ror", "wikidata", "gnd", "isni", "grid", "crossref-funder", "orcid", "other" */
	const char *value;  /* as written: "https://ror.org/04cdgtt98", "Q1733", ... */
	coop_loc loc;
} coop_identifier;

typedef struct {
	coop_identifier *items;
	uint32_t count;
} coop_identifiers;

typedef struct {
	coop_texts names;     /* the city's names; empty when no city is given */
	const char *wikidata; /* "Q1733", or NULL */
	const char *geonames; /* "2874545", or NULL */
} coop_city;

typedef struct {
	coop_loc loc;
	const char *id;
	coop_inst_kind kind;
	coop_texts names;
	coop_texts acronyms;
	coop_ref parent;           /* the institution this unit belongs to; id NULL for top level */
	const char *country;       /* ISO 3166-1 alpha-2, upper case ("DE"), or NULL */
	const char *region;        /* ISO 3166-2 ("DE-ST"), or NULL */
	coop_city city;
	coop_loc country_loc;      /* where country and region were written */
	const char *website;       /* http(s) URL, or NULL */
	coop_identifiers identifiers;
	coop_refs sources;
} coop_institution;

/* ---- people ---- */

typedef struct {
	coop_loc loc;
	coop_texts names;  /* the role's name, in several languages */
	coop_ref at;       /* institution or unit */
	coop_date start;
	coop_date end;
} coop_role;

typedef struct {
	coop_loc loc;
	const char *id;
	const char *title;       /* academic title exactly as written, "Prof. Dr. med.", or NULL */
	const char *given_name;
	const char *family_name;
	coop_role *roles;
	uint32_t role_count;
	coop_identifiers identifiers;
	coop_refs sources;
} coop_person;

/* ---- funding programmes ---- */

typedef struct {
	coop_loc loc;
	const char *id;
	coop_texts names;
	coop_texts acronyms;
	coop_ref funder;     /* the institution that runs the programme */
	const char *website;
	coop_refs sources;
} coop_programme;

/* ---- sources ---- */

typedef enum {
	COOP_SOURCE_PRESS_RELEASE = 0,
	COOP_SOURCE_WEB_PAGE,
	COOP_SOURCE_NEWS_ARTICLE,
	COOP_SOURCE_CONTRACT_DOCUMENT,
	COOP_SOURCE_REPORT,
	COOP_SOURCE_OTHER,
	COOP_SOURCE_KIND_COUNT
} coop_source_kind;

const char *coop_source_kind_token(coop_source_kind kind);
int coop_source_kind_from_token(const char *token);

typedef struct {
	coop_loc loc;
	const char *id;
	coop_source_kind kind;
	coop_texts titles;
	coop_ref publisher;     /* an institution, or id NULL */
	coop_texts publisher_names; /* a publisher named only as text */
	coop_date date;
	const char *url;
	const char *language;   /* BCP 47 tag of the document, or NULL */
	coop_texts credits;     /* "Foto: ..." */
} coop_source;

/* ---- agreements ---- */

typedef enum {
	COOP_AGR_COOPERATION = 0,
	COOP_AGR_STRATEGIC_PARTNERSHIP,
	COOP_AGR_LETTER_OF_INTENT,
	COOP_AGR_MEMORANDUM_OF_UNDERSTANDING,
	COOP_AGR_CONTRACT,
	COOP_AGR_FUNDED_PROJECT,
	COOP_AGR_CUSTOM, /* "x-..." tokens: user-defined kinds, kept as written in kind_token */
	COOP_AGR_KIND_COUNT
} coop_agr_kind;

const char *coop_agr_kind_token(coop_agr_kind kind);
int coop_agr_kind_from_token(const char *token); /* COOP_AGR_CUSTOM for "x-..." */

typedef enum {
	COOP_STATUS_NONE = 0,
	COOP_STATUS_PLANNED,
	COOP_STATUS_SIGNED,
	COOP_STATUS_ACTIVE,
	COOP_STATUS_ENDED,
	COOP_STATUS_COUNT
} coop_agr_status;

const char *coop_agr_status_token(coop_agr_status status); /* NULL for NONE */
int coop_agr_status_from_token(const char *token);

typedef struct {
	coop_loc loc;
	coop_ref party;    /* institution or unit */
	const char *role;  /* "coordinator", "partner", ...; NULL when not given */
} coop_party;

typedef struct {
	coop_loc loc;
	coop_ref person;       /* may be absent: "representatives of a delegation" */
	coop_ref for_party;    /* the party the signatory acted for; absent when not known */
	coop_texts descriptions;
} coop_signatory;

typedef struct {
	coop_loc loc;
	coop_ref funder;      /* institution */
	coop_ref programme;   /* programme, or absent */
	const char *grant_number;
} coop_funding;

typedef struct {
	coop_loc loc;
	coop_ref by;          /* person quoted */
	coop_text text;
} coop_quote;

typedef struct {
	coop_loc loc;
	const char *id;
	coop_agr_kind kind;
	const char *kind_token;  /* the token as written; for CUSTOM the user's "x-..." */
	coop_agr_status status;
	coop_texts titles;
	coop_party *parties;
	uint32_t party_count;
	coop_date signed_on;
	coop_date start;
	coop_date end;
	const char *duration;    /* ISO 8601 "P4Y", or NULL */
	coop_loc duration_loc;
	coop_texts goals;
	coop_texts fields;
	coop_texts areas;        /* geographic focus ("Mitteldeutschland") */
	coop_texts activities;
	coop_texts outcomes;
	coop_funding *fundings;
	uint32_t funding_count;
	coop_signatory *signatories;
	uint32_t signatory_count;
	coop_quote *quotes;
	uint32_t quote_count;
	coop_refs builds_on;
	coop_refs sources;
} coop_agreement;

/* ---- the dataset ---- */

typedef struct coop_model coop_model;

coop_model *coop_model_new(void);
void coop_model_free(coop_model *model);

uint32_t coop_model_institution_count(const coop_model *model);
uint32_t coop_model_person_count(const coop_model *model);
uint32_t coop_model_agreement_count(const coop_model *model);
uint32_t coop_model_programme_count(const coop_model *model);
uint32_t coop_model_source_count(const coop_model *model);
/* Agreements that were checked and handed to a stream consumer without being kept (reader.h). */
uint32_t coop_model_streamed_agreement_count(const coop_model *model);
/* Sources handed to a stream consumer without being kept. */
uint32_t coop_model_streamed_source_count(const coop_model *model);

const coop_institution *coop_model_institution(const coop_model *model, coop_index i);
const coop_person *coop_model_person(const coop_model *model, coop_index i);
const coop_agreement *coop_model_agreement(const coop_model *model, coop_index i);
const coop_programme *coop_model_programme(const coop_model *model, coop_index i);
const coop_source *coop_model_source(const coop_model *model, coop_index i);

/* Looks an ID up across all entity types. Returns the type (NONE if unknown) and sets *index. */
coop_entity_type coop_model_find(const coop_model *model, const char *id, coop_index *index);

/*
 * Resolves every coop_ref in the model and checks the rules that span entities and files:
 * duplicate IDs, unknown or mistyped references, fewer than two distinct parties, end before start,
 * unit cycles, and warnings for likely mistakes. Reports each problem through diag; returns the
 * number of errors reported (warnings are not counted unless the sink turns them into errors).
 */
size_t coop_model_link(coop_model *model, coop_diag_sink *diag);

/*
 * Walks up the unit hierarchy from institution i to its top-level institution (itself when it has
 * no parent). Safe on cycles: stops at the first repeated node.
 */
coop_index coop_model_top_institution(const coop_model *model, coop_index i);

/* The best text for a list of preferred languages (e.g. {"de","en",NULL}): first exact match in
 * order, then an untagged text, then the first one. NULL when the list is empty. */
const char *coop_texts_pick(const coop_texts *texts, const char *const *langs);

#ifdef __cplusplus
}
#endif

#endif
