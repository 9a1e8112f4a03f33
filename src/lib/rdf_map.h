/*
 * The model as RDF statements, independent of any RDF library, and the serializers behind it.
 *
 * The mapping (rdf_map.c) turns entities into statements and hands them to a coop_rdf_sink; the
 * serializers (rdf_serd.c: Turtle, N-Triples, N-Quads; rdf_raptor.c: RDF/XML) only turn terms into
 * syntax. The mapping decides everything else: the vocabulary, the IRIs, which graphs a fact belongs
 * to, and that no statement is emitted twice (serd writes what it is given, so a repeat would be a
 * repeated triple and the counts would no longer compare).
 *
 * Streaming: agreements are mapped one at a time as the reader hands them over, while the rest of
 * the dataset may not have been read yet. The mapping of an agreement therefore uses the IDs of the
 * entities it refers to, never their index in the model: {base}{type}/{id} needs nothing else, and
 * a reference that does not resolve fails the whole load, so the output is thrown away anyway. What
 * spans agreements (the partner edges between institutions, the concepts used) is collected in a
 * compact form and written with the institutions and concepts at the end.
 *
 * Order: each subject's statements come together (sink->subject() and then its statements), and no
 * subject is started twice, so a streaming Turtle writer groups them. Predicates, classes and
 * datatypes are small enums, so a sink can build its library terms for them once.
 */
#ifndef COOP_RDF_MAP_H
#define COOP_RDF_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "coopgraph/diag.h"
#include "coopgraph/model.h"
#include "coopgraph/outfile.h"
#include "coopgraph/rdf.h"

/* Namespaces, sorted by prefix; the X-macro keeps the enum and the IRI table in step. */
#define COOP_NS_IRI_ADMS "http://www.w3.org/ns/adms#"
#define COOP_NS_IRI_COOP "https://w3id.org/coopgraph/ns#"
#define COOP_NS_IRI_DC "http://purl.org/dc/elements/1.1/"
#define COOP_NS_IRI_DCTERMS "http://purl.org/dc/terms/"
#define COOP_NS_IRI_FABIO "http://purl.org/spar/fabio/"
#define COOP_NS_IRI_FOAF "http://xmlns.com/foaf/0.1/"
#define COOP_NS_IRI_FRAPO "http://purl.org/cerif/frapo/"
#define COOP_NS_IRI_ORG "http://www.w3.org/ns/org#"
#define COOP_NS_IRI_OWL "http://www.w3.org/2002/07/owl#"
#define COOP_NS_IRI_PROV "http://www.w3.org/ns/prov#"
#define COOP_NS_IRI_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define COOP_NS_IRI_SCHEMA "https://schema.org/"
#define COOP_NS_IRI_SKOS "http://www.w3.org/2004/02/skos/core#"
#define COOP_NS_IRI_TIME "http://www.w3.org/2006/time#"
#define COOP_NS_IRI_WD "http://www.wikidata.org/entity/"
#define COOP_NS_IRI_WDT "http://www.wikidata.org/prop/direct/"
#define COOP_NS_IRI_XSD "http://www.w3.org/2001/XMLSchema#"

#define COOP_RDF_NAMESPACES(X) \
	X(ADMS, "adms", COOP_NS_IRI_ADMS) \
	X(COOP, "coop", COOP_NS_IRI_COOP) \
	X(DC, "dc", COOP_NS_IRI_DC) \
	X(DCTERMS, "dcterms", COOP_NS_IRI_DCTERMS) \
	X(FABIO, "fabio", COOP_NS_IRI_FABIO) \
	X(FOAF, "foaf", COOP_NS_IRI_FOAF) \
	X(FRAPO, "frapo", COOP_NS_IRI_FRAPO) \
	X(ORG, "org", COOP_NS_IRI_ORG) \
	X(OWL, "owl", COOP_NS_IRI_OWL) \
	X(PROV, "prov", COOP_NS_IRI_PROV) \
	X(RDF, "rdf", COOP_NS_IRI_RDF) \
	X(SCHEMA, "schema", COOP_NS_IRI_SCHEMA) \
	X(SKOS, "skos", COOP_NS_IRI_SKOS) \
	X(TIME, "time", COOP_NS_IRI_TIME) \
	X(WD, "wd", COOP_NS_IRI_WD) \
	X(WDT, "wdt", COOP_NS_IRI_WDT) \
	X(XSD, "xsd", COOP_NS_IRI_XSD)

typedef enum {
#define COOP_X(name, prefix, iri) COOP_NS_##name,
	COOP_RDF_NAMESPACES(COOP_X)
#undef COOP_X
	COOP_NS_COUNT
} coop_rdf_ns;

/* Every predicate the mapping uses: namespace and local name. */
#define COOP_RDF_PREDICATES(X) \
	X(RDF_TYPE, RDF, "type") \
	X(ADMS_STATUS, ADMS, "status") \
	X(COOP_ACTIVITY, COOP, "activity") \
	X(COOP_BUILDS_ON, COOP, "buildsOn") \
	X(COOP_ON_BEHALF_OF, COOP, "onBehalfOf") \
	X(COOP_OUTCOME, COOP, "outcome") \
	X(COOP_PARTNERS_WITH, COOP, "partnersWith") \
	X(COOP_SIGNED_ON, COOP, "signedOn") \
	X(DC_PUBLISHER, DC, "publisher") \
	X(DCTERMS_DESCRIPTION, DCTERMS, "description") \
	X(DCTERMS_IS_PART_OF, DCTERMS, "isPartOf") \
	X(DCTERMS_ISSUED, DCTERMS, "issued") \
	X(DCTERMS_LANGUAGE, DCTERMS, "language") \
	X(DCTERMS_PUBLISHER, DCTERMS, "publisher") \
	X(DCTERMS_SUBJECT, DCTERMS, "subject") \
	X(DCTERMS_TITLE, DCTERMS, "title") \
	X(DCTERMS_TYPE, DCTERMS, "type") \
	X(FOAF_NAME, FOAF, "name") \
	X(FRAPO_HAS_GRANT_NUMBER, FRAPO, "hasGrantNumber") \
	X(ORG_HAS_MEMBER, ORG, "hasMember") \
	X(ORG_HAS_UNIT, ORG, "hasUnit") \
	X(ORG_MEMBER, ORG, "member") \
	X(ORG_MEMBER_DURING, ORG, "memberDuring") \
	X(ORG_MEMBER_OF, ORG, "memberOf") \
	X(ORG_ORGANIZATION, ORG, "organization") \
	X(ORG_PURPOSE, ORG, "purpose") \
	X(ORG_ROLE, ORG, "role") \
	X(ORG_UNIT_OF, ORG, "unitOf") \
	X(OWL_SAME_AS, OWL, "sameAs") \
	X(PROV_AGENT, PROV, "agent") \
	X(PROV_GENERATED, PROV, "generated") \
	X(PROV_HAD_ROLE, PROV, "hadRole") \
	X(PROV_QUALIFIED_ASSOCIATION, PROV, "qualifiedAssociation") \
	X(PROV_WAS_ASSOCIATED_WITH, PROV, "wasAssociatedWith") \
	X(PROV_WAS_DERIVED_FROM, PROV, "wasDerivedFrom") \
	X(SCHEMA_ABOUT, SCHEMA, "about") \
	X(SCHEMA_ADDRESS, SCHEMA, "address") \
	X(SCHEMA_ADDRESS_COUNTRY, SCHEMA, "addressCountry") \
	X(SCHEMA_ADDRESS_LOCALITY, SCHEMA, "addressLocality") \
	X(SCHEMA_ADDRESS_REGION, SCHEMA, "addressRegion") \
	X(SCHEMA_ALTERNATE_NAME, SCHEMA, "alternateName") \
	X(SCHEMA_AREA_SERVED, SCHEMA, "areaServed") \
	X(SCHEMA_CREDIT_TEXT, SCHEMA, "creditText") \
	X(SCHEMA_DURATION, SCHEMA, "duration") \
	X(SCHEMA_END_DATE, SCHEMA, "endDate") \
	X(SCHEMA_FAMILY_NAME, SCHEMA, "familyName") \
	X(SCHEMA_FUNDED_ITEM, SCHEMA, "fundedItem") \
	X(SCHEMA_FUNDER, SCHEMA, "funder") \
	X(SCHEMA_FUNDING, SCHEMA, "funding") \
	X(SCHEMA_GIVEN_NAME, SCHEMA, "givenName") \
	X(SCHEMA_HONORIFIC_PREFIX, SCHEMA, "honorificPrefix") \
	X(SCHEMA_IDENTIFIER, SCHEMA, "identifier") \
	X(SCHEMA_LOCATION, SCHEMA, "location") \
	X(SCHEMA_NAME, SCHEMA, "name") \
	X(SCHEMA_PARENT_ORGANIZATION, SCHEMA, "parentOrganization") \
	X(SCHEMA_PROPERTY_ID, SCHEMA, "propertyID") \
	X(SCHEMA_SPOKEN_BY_CHARACTER, SCHEMA, "spokenByCharacter") \
	X(SCHEMA_START_DATE, SCHEMA, "startDate") \
	X(SCHEMA_SUB_ORGANIZATION, SCHEMA, "subOrganization") \
	X(SCHEMA_TEXT, SCHEMA, "text") \
	X(SCHEMA_URL, SCHEMA, "url") \
	X(SCHEMA_VALUE, SCHEMA, "value") \
	X(SKOS_ALT_LABEL, SKOS, "altLabel") \
	X(SKOS_IN_SCHEME, SKOS, "inScheme") \
	X(SKOS_NOTATION, SKOS, "notation") \
	X(SKOS_PREF_LABEL, SKOS, "prefLabel") \
	X(TIME_HAS_BEGINNING, TIME, "hasBeginning") \
	X(TIME_HAS_END, TIME, "hasEnd") \
	X(TIME_IN_XSD_DATE, TIME, "inXSDDate") \
	X(TIME_IN_XSD_G_YEAR, TIME, "inXSDgYear") \
	X(TIME_IN_XSD_G_YEAR_MONTH, TIME, "inXSDgYearMonth") \
	X(WDT_COUNTRY, WDT, "P17") \
	X(WDT_LOCATED_IN, WDT, "P131")

typedef enum {
#define COOP_X(name, ns, local) COOP_P_##name,
	COOP_RDF_PREDICATES(COOP_X)
#undef COOP_X
	COOP_P_COUNT
} coop_rdf_pred;

/* Literal datatypes; COOP_DT_STRING is a plain literal (xsd:string) or, with a language, a langString. */
#define COOP_RDF_DATATYPES(X) \
	X(STRING, "string") \
	X(DATE, "date") \
	X(G_YEAR_MONTH, "gYearMonth") \
	X(G_YEAR, "gYear") \
	X(DURATION, "duration") \
	X(ANY_URI, "anyURI") \
	X(LANGUAGE, "language")

typedef enum {
#define COOP_X(name, local) COOP_DT_##name,
	COOP_RDF_DATATYPES(COOP_X)
#undef COOP_X
	COOP_DT_COUNT
} coop_rdf_datatype;

typedef struct {
	int is_iri;              /* 1: value is an IRI (absolute, checked); 0: a literal */
	const char *value;       /* UTF-8, NUL-terminated, no CR in literals */
	size_t len;              /* strlen(value) */
	const char *lang;        /* literal's language tag in canonical case, or NULL */
	coop_rdf_datatype datatype; /* literal without lang: its datatype */
} coop_rdf_object;

/* An IRI with its length; value NULL stands for the default graph in a graph set. */
typedef struct {
	const char *value;
	size_t len;
} coop_rdf_iri;

/*
 * The graphs a statement belongs to (only N-Quads uses them): the IRIs of the sources that state it
 * (the source's own IRI), sorted by source ID, without repeats, and the default graph (value NULL)
 * last when the statement also holds without a source. count is at least 1.
 */
typedef struct {
	const coop_rdf_iri *items;
	uint32_t count;
	/* changes whenever the set does (it changes about once per entity): a serializer can keep what
	 * it derives from a set until then */
	uint32_t generation;
} coop_rdf_graphs;

typedef struct {
	void *payload;
	/* Starts a subject: every statement until the next call has this subject (an absolute IRI). */
	void (*subject)(void *payload, const char *iri, size_t len);
	void (*statement)(void *payload, coop_rdf_pred predicate, const coop_rdf_object *object,
	                  const coop_rdf_graphs *graphs);
} coop_rdf_sink;

const char *coop_rdf_ns_prefix(coop_rdf_ns ns);
const char *coop_rdf_ns_iri(coop_rdf_ns ns);
coop_rdf_ns coop_rdf_pred_ns(coop_rdf_pred predicate);
const char *coop_rdf_pred_local(coop_rdf_pred predicate);
/* The full IRI of a predicate, a datatype. */
const char *coop_rdf_pred_iri(coop_rdf_pred predicate);
const char *coop_rdf_datatype_iri(coop_rdf_datatype datatype);

/* Prefixes for the dataset's own IRIs, under the base: "agr" -> {base}agreement/ and so on. */
typedef struct {
	const char *prefix;
	const char *type; /* the path segment after the base */
} coop_rdf_data_prefix;
extern const coop_rdf_data_prefix coop_rdf_data_prefixes[];
extern const size_t coop_rdf_data_prefix_count;

/* Every prefix a serializer declares: rdf: first, then the others sorted by name. */
typedef struct {
	const char *prefix;
	char *iri;
} coop_rdf_prefix;
/* Returns the array (free with coop_rdf_prefixes_free) and its length in *count. */
coop_rdf_prefix *coop_rdf_prefixes(const char *base, size_t *count);
void coop_rdf_prefixes_free(coop_rdf_prefix *prefixes, size_t count);

/* ---- the mapping ---- */

typedef struct coop_rdf_map coop_rdf_map;

/*
 * Prepares a mapping under base (already checked) to sink. With graphs set, the graph sets handed
 * to the sink are computed (N-Quads); otherwise every statement gets the default graph and the
 * mapping keeps less across agreements.
 */
coop_rdf_map *coop_rdf_map_new(const char *base, int graphs, const coop_rdf_sink *sink, coop_diag_sink *diag);
void coop_rdf_map_free(coop_rdf_map *map);

/* Maps one agreement or one source now; their strings need to live only during the call. */
void coop_rdf_map_agreement(coop_rdf_map *map, const coop_agreement *agreement);
void coop_rdf_map_source(coop_rdf_map *map, const coop_source *source);

/*
 * Maps what model holds (once the whole dataset is read and linked): its agreements and sources,
 * if it kept any, then the institutions with their partner edges, programmes, people and the
 * concepts the data used. Returns COOP_OK, or COOP_ERR_INTERNAL (reported through diag) when the
 * mapping met something the reader should have refused, here or in an earlier call. *statements
 * receives the number of statements emitted by all calls, *quads the same counted once per graph
 * (what an N-Quads writer writes); either may be NULL.
 */
coop_result coop_rdf_map_finish(coop_rdf_map *map, const coop_model *model, uint64_t *statements,
                                uint64_t *quads);

/* ---- the serializers ---- */

/*
 * A serializer writes statements to a coop_outfile as they come, in constant memory, then checks
 * what it wrote by parsing it again (see rdf_check.h). The sink is what the mapping writes to.
 */
typedef struct coop_rdf_serializer coop_rdf_serializer;
struct coop_rdf_serializer {
	coop_rdf_sink sink;
	/* Ends the document; returns COOP_OK or an error it reported. */
	coop_result (*finish)(coop_rdf_serializer *serializer);
	/* Statements written so far (a quad counts once per graph). */
	uint64_t (*written)(const coop_rdf_serializer *serializer);
	/* Parses the finished output again and compares the count; COOP_OK or a reported error.
	 * COOP_OK at once when the serializer was made without the self-check. */
	coop_result (*check)(coop_rdf_serializer *serializer);
	void (*free)(coop_rdf_serializer *serializer);
};

/* Turtle, N-Triples or N-Quads through serd (rdf_serd.c). NULL, reported, if it cannot start. */
coop_rdf_serializer *coop_rdf_serd_new(coop_rdf_format format, const char *base, int self_check,
                                       coop_outfile *out, coop_diag_sink *diag);
/* RDF/XML through raptor2 (rdf_raptor.c). NULL, reported, if it cannot start. */
coop_rdf_serializer *coop_rdf_raptor_new(const char *base, int self_check, coop_outfile *out,
                                         coop_diag_sink *diag);

#endif
