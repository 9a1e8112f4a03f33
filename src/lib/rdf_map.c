/*
 * The model as RDF statements (the export that drives mapping, serializer and self-check is
 * rdf_export.c).
 * docs/vocabulary.md is the prose version of this file: every element of the input language, the
 * triples it becomes and why. Keep the two in step.
 *
 * Duplicates: serd and raptor's plain RDF/XML writer write every statement they are given, so a
 * repeated statement would be a repeated triple, and the counts that the self-check and --stats
 * compare with parsers (which count each triple once) would differ. No statement is emitted twice,
 * without a set that grows with the output:
 *   - within an entity, every place where input can repeat itself (two equal names, a party or a
 *     source listed twice) is deduplicated when the entity is mapped;
 *   - across entities there is nothing to deduplicate by construction: each entity only states
 *     facts about its own IRI and the child IRIs below it ({agreement}/party/1, ...), and IDs are
 *     unique, except for the partner edges (two agreements between the same pair), which are
 *     collected and written once per pair with the institution, and the concepts (kinds, statuses,
 *     roles), which are described once at the end.
 *
 * Order: agreements (and sources, when the reader streams them) as they are read, then sources
 * kept in the model, institutions, programmes, people and concepts, each in input order. The
 * references inside an entity (parties, sources, people) are written sorted by ID, so they do not
 * depend on whether the entity they name had been read yet.
 */
#include "rdf_map.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "buf.h"
#include "escape.h"
#include "iri.h"
#include "iso3166.h"
#include "langtag.h"

/* In a graph list: the default graph, which sorts after every source. */
#define DEFAULT_GRAPH UINT32_MAX

/* ---- the term tables ---- */

static const char *const ns_prefixes[] = {
#define COOP_X(name, prefix, iri) prefix,
	COOP_RDF_NAMESPACES(COOP_X)
#undef COOP_X
};

static const char *const ns_iris[] = {
#define COOP_X(name, prefix, iri) iri,
	COOP_RDF_NAMESPACES(COOP_X)
#undef COOP_X
};

static const coop_rdf_ns pred_ns[] = {
#define COOP_X(name, ns, local) COOP_NS_##ns,
	COOP_RDF_PREDICATES(COOP_X)
#undef COOP_X
};

static const char *const pred_locals[] = {
#define COOP_X(name, ns, local) local,
	COOP_RDF_PREDICATES(COOP_X)
#undef COOP_X
};

static const char *const pred_iris[] = {
#define COOP_X(name, ns, local) COOP_NS_IRI_##ns local,
	COOP_RDF_PREDICATES(COOP_X)
#undef COOP_X
};

static const char *const datatype_iris[] = {
#define COOP_X(name, local) "http://www.w3.org/2001/XMLSchema#" local,
	COOP_RDF_DATATYPES(COOP_X)
#undef COOP_X
};

const char *coop_rdf_ns_prefix(coop_rdf_ns ns)
{
	return ns < COOP_NS_COUNT ? ns_prefixes[ns] : NULL;
}

const char *coop_rdf_ns_iri(coop_rdf_ns ns)
{
	return ns < COOP_NS_COUNT ? ns_iris[ns] : NULL;
}

coop_rdf_ns coop_rdf_pred_ns(coop_rdf_pred p)
{
	return pred_ns[p];
}

const char *coop_rdf_pred_local(coop_rdf_pred p)
{
	return p < COOP_P_COUNT ? pred_locals[p] : NULL;
}

const char *coop_rdf_pred_iri(coop_rdf_pred p)
{
	return p < COOP_P_COUNT ? pred_iris[p] : NULL;
}

const char *coop_rdf_datatype_iri(coop_rdf_datatype dt)
{
	return dt < COOP_DT_COUNT ? datatype_iris[dt] : NULL;
}

/* Sorted by prefix, like the vocabulary prefixes they are declared after. */
const coop_rdf_data_prefix coop_rdf_data_prefixes[] = {
	{"agr", "agreement/"},
	{"inst", "institution/"},
	{"person", "person/"},
	{"prog", "programme/"},
	{"src", "source/"},
};
const size_t coop_rdf_data_prefix_count = sizeof coop_rdf_data_prefixes / sizeof *coop_rdf_data_prefixes;

/* A class: namespace and local name. */
typedef struct {
	coop_rdf_ns ns;
	const char *local;
} term;

/* Classes for each kind of institution, on top of org:Organization and schema:Organization and of
 * org:FormalOrganization or org:OrganizationalUnit. Each kind gets a distinct set, so the kind can
 * be read back; coop: classes only where schema.org has nothing as specific. */
static const term inst_classes[COOP_INST_KIND_COUNT][2] = {
	[COOP_INST_UNIVERSITY_HOSPITAL] = {{COOP_NS_SCHEMA, "Hospital"}, {COOP_NS_COOP, "UniversityHospital"}},
	[COOP_INST_HOSPITAL] = {{COOP_NS_SCHEMA, "Hospital"}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_UNIVERSITY] = {{COOP_NS_SCHEMA, "CollegeOrUniversity"}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_RESEARCH_INSTITUTE] = {{COOP_NS_SCHEMA, "ResearchOrganization"}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_FUNDING_AGENCY] = {{COOP_NS_SCHEMA, "FundingAgency"}, {COOP_NS_FRAPO, "FundingAgency"}},
	[COOP_INST_GOVERNMENT] = {{COOP_NS_SCHEMA, "GovernmentOrganization"}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_COMPANY] = {{COOP_NS_SCHEMA, "Corporation"}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_OTHER] = {{COOP_NS_COUNT, NULL}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_CLINIC] = {{COOP_NS_SCHEMA, "MedicalOrganization"}, {COOP_NS_COOP, "Clinic"}},
	[COOP_INST_DEPARTMENT] = {{COOP_NS_COOP, "Department"}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_FACULTY] = {{COOP_NS_COOP, "Faculty"}, {COOP_NS_COUNT, NULL}},
	[COOP_INST_INSTITUTE] = {{COOP_NS_SCHEMA, "ResearchOrganization"}, {COOP_NS_COOP, "Institute"}},
};

static const term source_classes[COOP_SOURCE_KIND_COUNT] = {
	[COOP_SOURCE_PRESS_RELEASE] = {COOP_NS_FABIO, "PressRelease"},
	[COOP_SOURCE_WEB_PAGE] = {COOP_NS_SCHEMA, "WebPage"},
	[COOP_SOURCE_NEWS_ARTICLE] = {COOP_NS_SCHEMA, "NewsArticle"},
	[COOP_SOURCE_CONTRACT_DOCUMENT] = {COOP_NS_SCHEMA, "DigitalDocument"},
	[COOP_SOURCE_REPORT] = {COOP_NS_SCHEMA, "Report"},
	[COOP_SOURCE_OTHER] = {COOP_NS_COUNT, NULL},
};

/*
 * Concepts of the coop: vocabulary that the data refers to. Each one used is described in the
 * output too (type, scheme, notation, labels), so the data is readable without schemas/coop.ttl;
 * the test suite checks that these statements are exactly those of coop.ttl.
 */
typedef struct {
	const char *local;
	const char *scheme;   /* local name of its skos:ConceptScheme, or NULL */
	const char *notation; /* the input token, or NULL */
	const char *label_en;
	const char *label_de;
} concept;

static const concept kind_concepts[COOP_AGR_KIND_COUNT] = {
	[COOP_AGR_COOPERATION] = {"Cooperation", "AgreementKinds", "cooperation", "cooperation", "Kooperation"},
	[COOP_AGR_STRATEGIC_PARTNERSHIP] = {"StrategicPartnership", "AgreementKinds", "strategic-partnership",
	                                    "strategic partnership", "strategische Partnerschaft"},
	[COOP_AGR_LETTER_OF_INTENT] = {"LetterOfIntent", "AgreementKinds", "letter-of-intent", "letter of intent",
	                               "Absichtserklärung"},
	[COOP_AGR_MEMORANDUM_OF_UNDERSTANDING] = {"MemorandumOfUnderstanding", "AgreementKinds",
	                                          "memorandum-of-understanding", "memorandum of understanding",
	                                          "Memorandum of Understanding"},
	[COOP_AGR_CONTRACT] = {"Contract", "AgreementKinds", "contract", "contract", "Vertrag"},
	[COOP_AGR_FUNDED_PROJECT] = {"FundedProject", "AgreementKinds", "funded-project", "funded project",
	                             "gefördertes Projekt"},
	[COOP_AGR_CUSTOM] = {NULL, NULL, NULL, NULL, NULL},
};

static const concept status_concepts[COOP_STATUS_COUNT] = {
	[COOP_STATUS_NONE] = {NULL, NULL, NULL, NULL, NULL},
	[COOP_STATUS_PLANNED] = {"Planned", "AgreementStatuses", "planned", "planned", "geplant"},
	[COOP_STATUS_SIGNED] = {"Signed", "AgreementStatuses", "signed", "signed", "unterzeichnet"},
	[COOP_STATUS_ACTIVE] = {"Active", "AgreementStatuses", "active", "active", "aktiv"},
	[COOP_STATUS_ENDED] = {"Ended", "AgreementStatuses", "ended", "ended", "beendet"},
};

static const concept signatory_concept = {"Signatory", NULL, NULL, "signatory", "Unterzeichner"};

/* ---- prefixes ---- */

static int compare_prefixes(const void *a, const void *b)
{
	const coop_rdf_prefix *x = a, *y = b;
	/* rdf: first, as raptor always wrote it and readers expect */
	int xr = strcmp(x->prefix, "rdf") == 0, yr = strcmp(y->prefix, "rdf") == 0;
	if (xr != yr)
		return yr - xr;
	return strcmp(x->prefix, y->prefix);
}

coop_rdf_prefix *coop_rdf_prefixes(const char *base, size_t *count)
{
	size_t n = 0, total = COOP_NS_COUNT + coop_rdf_data_prefix_count;
	coop_rdf_prefix *prefixes = coop_xcalloc(total, sizeof *prefixes);
	for (int ns = 0; ns < COOP_NS_COUNT; ns++) {
		prefixes[n].prefix = ns_prefixes[ns];
		prefixes[n++].iri = coop_xstrdup(ns_iris[ns]);
	}
	for (size_t i = 0; i < coop_rdf_data_prefix_count; i++) {
		size_t len = strlen(base) + strlen(coop_rdf_data_prefixes[i].type) + 1;
		prefixes[n].prefix = coop_rdf_data_prefixes[i].prefix;
		prefixes[n].iri = coop_xmalloc(len);
		snprintf(prefixes[n].iri, len, "%s%s", base, coop_rdf_data_prefixes[i].type);
		n++;
	}
	qsort(prefixes, n, sizeof *prefixes, compare_prefixes);
	*count = n;
	return prefixes;
}

void coop_rdf_prefixes_free(coop_rdf_prefix *prefixes, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(prefixes[i].iri);
	free(prefixes);
}

/* ---- a table of distinct strings, each numbered once ---- */

/*
 * IDs seen in agreements (parties, sources) and the concept tokens. It grows with the number of
 * distinct strings, which is bounded by the institutions and sources of the dataset, not by the
 * agreements.
 */
typedef struct {
	coop_arena strings;
	const char **items; /* by number */
	uint32_t *hashes;   /* by number */
	uint32_t count;
	size_t cap;
	uint32_t *slots;    /* number + 1; 0 is empty */
	size_t slot_count;  /* a power of two, or 0 */
} string_table;

static uint32_t hash_string(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void table_init(string_table *t)
{
	memset(t, 0, sizeof *t);
	coop_arena_init(&t->strings);
}

static void table_free(string_table *t)
{
	coop_arena_free(&t->strings);
	free(t->items);
	free(t->hashes);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static void table_rehash(string_table *t)
{
	size_t n = t->slot_count ? t->slot_count * 2 : 256;
	uint32_t *slots = coop_xcalloc_table(n, sizeof *slots);
	for (uint32_t i = 0; i < t->count; i++) {
		size_t s = t->hashes[i] & (n - 1);
		while (slots[s])
			s = (s + 1) & (n - 1);
		slots[s] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->slot_count = n;
}

/* The number of s, added if new. */
static uint32_t table_add(string_table *t, const char *s)
{
	if ((size_t)t->count * 2 >= t->slot_count)
		table_rehash(t);
	uint32_t h = hash_string(s);
	size_t slot = h & (t->slot_count - 1);
	for (; t->slots[slot]; slot = (slot + 1) & (t->slot_count - 1)) {
		uint32_t i = t->slots[slot] - 1;
		if (t->hashes[i] == h && strcmp(t->items[i], s) == 0)
			return i;
	}
	coop_xgrow((void **)&t->items, &t->cap, (size_t)t->count + 1, sizeof *t->items);
	size_t hash_cap = t->cap;
	t->hashes = coop_xrealloc(t->hashes, hash_cap * sizeof *t->hashes);
	t->items[t->count] = coop_arena_strdup(&t->strings, s);
	t->hashes[t->count] = h;
	t->slots[slot] = t->count + 1;
	return t->count++;
}

/* ---- the mapping state ---- */

/* A string of the model with the slot it came from, for finding repeats by sorting. */
typedef struct {
	const char *lang;
	const char *value;
	uint32_t order;
} text_key;

/* A partner of the institution being written, with one source of an agreement that says so. */
typedef struct {
	uint32_t partner;
	uint32_t source_rank; /* DEFAULT_GRAPH when the agreement has no source */
} partner_fact;

#define LANG_CACHE_SIZE 8

/* IDs IRI-encoded once, side by side, for the partner edges, which reach them in no useful order:
 * through the model each lookup missed the cache twice (the record, then the string). */
typedef struct {
	coop_buf text;
	size_t *start; /* ID i: text[start[i] .. start[i + 1]) */
} encoded_ids;

static void encoded_ids_init(encoded_ids *e, size_t count)
{
	e->start = coop_xmalloc((count + 1) * sizeof *e->start);
	e->start[0] = 0;
}

/* Sets ID i (NULL: empty); IDs are set in order, from 0. */
static void encoded_ids_set(encoded_ids *e, size_t i, const char *id)
{
	if (id)
		coop_iri_segment(&e->text, id);
	e->start[i + 1] = e->text.len;
}

/* Appends the IRI {base}{type}/{ID i} to out. */
static void encoded_ids_iri(const encoded_ids *e, coop_buf *out, const char *base, const char *type, size_t i)
{
	coop_iri_entity_prefix(out, base, type);
	coop_buf_append(out, coop_buf_str(&e->text) + e->start[i], e->start[i + 1] - e->start[i]);
}

static void encoded_ids_free(encoded_ids *e)
{
	coop_buf_free(&e->text);
	free(e->start);
}

struct coop_rdf_map {
	const char *base;
	int with_graphs;
	coop_rdf_sink sink;
	coop_diag_sink *diag;
	uint64_t count; /* statements emitted */
	uint64_t quads; /* the same, once per graph */
	int failed;

	coop_buf subject;  /* the current subject IRI */
	coop_buf object;   /* an object IRI being built */
	coop_buf text;     /* a literal after CR normalisation */
	coop_buf scratch;  /* anything else short-lived */
	coop_buf graph_iris; /* the IRIs of the current graph set, one after the other */
	coop_rdf_iri *graphs;
	size_t graph_cap;
	coop_rdf_graphs graph_set;
	const char **ids;  /* deduplicated references */
	size_t id_cap;
	const char **parties; /* an agreement's distinct parties */
	size_t party_cap;
	coop_buf agreement_iri;
	text_key *keys;    /* for text deduplication */
	size_t key_cap;
	unsigned char *keep; /* per text: 1 to emit */
	size_t keep_cap;
	unsigned char *first_lang; /* per text: first of its language */
	size_t first_lang_cap;
	coop_text *combined; /* names and acronyms together */
	size_t combined_cap;
	struct {
		char raw[COOP_LANGTAG_MAX + 1]; /* "" for an empty slot */
		char canonical[COOP_LANGTAG_MAX + 1];
	} langs[LANG_CACHE_SIZE];
	int next_lang;

	/*
	 * What the partner edges need, collected from each agreement: per agreement, the number of its
	 * distinct parties and their numbers in ids_seen, then (with graphs) the number of its sources
	 * and theirs. About 20 bytes per agreement.
	 */
	string_table ids_seen;
	uint32_t *agreement_refs;
	size_t agreement_refs_len, agreement_refs_cap;

	/* concepts the data used */
	unsigned char kind_used[COOP_AGR_KIND_COUNT];
	unsigned char status_used[COOP_STATUS_COUNT];
	int signatory_used;
	string_table custom_kinds;
	string_table party_roles;

	/* built by coop_rdf_map_finish() from the complete model */
	const coop_model *model;
	uint32_t *unit_start; /* units of institution i: units[unit_start[i] .. unit_start[i + 1]) */
	uint32_t *units;
	uint32_t *id_institution; /* per number in ids_seen: the institution, or COOP_NONE */
	uint32_t *id_rank;        /* per number in ids_seen: its rank in ID order */
	size_t *partner_start;    /* agreements of institution i: partner_refs[partner_start[i] .. [i + 1]) */
	uint32_t *partner_refs;   /* positions in agreement_refs */
	encoded_ids partner_ids;  /* every institution's ID, by institution */
	encoded_ids rank_ids;     /* with graphs: every ID in ids_seen, by rank */
	partner_fact *facts;
	size_t fact_cap;
	uint32_t *edge_ranks;     /* the graphs of one partner edge, by rank */
	size_t edge_rank_cap;
};

static void *grow(void *items, size_t *cap, size_t need, size_t size)
{
	coop_xgrow(&items, cap, need ? need : 1, size);
	return items;
}

static int compare_id_pointers(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the IDs and removes repeats; returns the new count. */
static uint32_t sort_unique_ids(const char **ids, uint32_t count)
{
	if (count < 2)
		return count;
	if (count <= 16) {
		/* the usual case, a handful of parties or sources: qsort's setup would cost more */
		for (uint32_t i = 1; i < count; i++) {
			const char *id = ids[i];
			uint32_t j = i;
			for (; j > 0 && strcmp(ids[j - 1], id) > 0; j--)
				ids[j] = ids[j - 1];
			ids[j] = id;
		}
	} else {
		qsort(ids, count, sizeof *ids, compare_id_pointers);
	}
	uint32_t n = 1;
	for (uint32_t i = 1; i < count; i++)
		if (strcmp(ids[i], ids[n - 1]) != 0)
			ids[n++] = ids[i];
	return n;
}

static int present(const coop_ref *ref)
{
	return ref->id && *ref->id;
}

/* The distinct IDs of refs, sorted, in m->ids; returns the count. */
static uint32_t unique_refs(coop_rdf_map *m, const coop_refs *refs)
{
	m->ids = grow(m->ids, &m->id_cap, refs->count, sizeof *m->ids);
	uint32_t n = 0;
	for (uint32_t i = 0; i < refs->count; i++)
		if (present(&refs->items[i]))
			m->ids[n++] = refs->items[i].id;
	return sort_unique_ids(m->ids, n);
}

coop_rdf_map *coop_rdf_map_new(const char *base, int graphs, const coop_rdf_sink *sink, coop_diag_sink *diag)
{
	coop_rdf_map *m = coop_xcalloc(1, sizeof *m);
	m->base = base;
	m->with_graphs = graphs;
	m->sink = *sink;
	m->diag = diag;
	table_init(&m->ids_seen);
	table_init(&m->custom_kinds);
	table_init(&m->party_roles);
	return m;
}

void coop_rdf_map_free(coop_rdf_map *m)
{
	if (!m)
		return;
	coop_buf_free(&m->subject);
	coop_buf_free(&m->object);
	coop_buf_free(&m->text);
	coop_buf_free(&m->scratch);
	coop_buf_free(&m->graph_iris);
	free(m->graphs);
	free(m->ids);
	free(m->parties);
	coop_buf_free(&m->agreement_iri);
	free(m->keys);
	free(m->keep);
	free(m->first_lang);
	free(m->combined);
	table_free(&m->ids_seen);
	free(m->agreement_refs);
	table_free(&m->custom_kinds);
	table_free(&m->party_roles);
	free(m->unit_start);
	free(m->units);
	free(m->id_institution);
	free(m->id_rank);
	free(m->partner_start);
	free(m->partner_refs);
	encoded_ids_free(&m->partner_ids);
	encoded_ids_free(&m->rank_ids);
	free(m->edge_ranks);
	free(m->facts);
	free(m);
}

/* ---- emitting ---- */

static void internal_error(coop_rdf_map *m, const coop_loc *loc, const char *what, const char *value)
{
	m->failed = 1;
	coop_diag(m->diag, COOP_SEV_ERROR, loc, "internal error: %s: '%s'", what, value);
}

/* Makes the graph set the sources named by their IDs, or (source_ids NULL) by their ranks in
 * rank_ids; either must be sorted and distinct. None: the default graph. With
 * default_too, the default graph is added after them. */
static void set_graphs_of(coop_rdf_map *m, const char *const *source_ids, const uint32_t *ranks, uint32_t n,
                          int default_too)
{
	if (!m->with_graphs) {
		n = 0;
		default_too = 1;
	}
	if (n == 0)
		default_too = 1;
	coop_buf_clear(&m->graph_iris);
	m->graphs = grow(m->graphs, &m->graph_cap, (size_t)n + 1, sizeof *m->graphs);
	/* offsets first: the buffer may move while it grows */
	for (uint32_t i = 0; i < n; i++) {
		size_t start = m->graph_iris.len;
		if (source_ids)
			coop_iri_entity(&m->graph_iris, m->base, "source", source_ids[i]);
		else
			encoded_ids_iri(&m->rank_ids, &m->graph_iris, m->base, "source", ranks[i]);
		m->graphs[i].len = m->graph_iris.len - start;
		m->graphs[i].value = (const char *)(uintptr_t)start;
		coop_buf_putc(&m->graph_iris, '\0');
	}
	for (uint32_t i = 0; i < n; i++)
		m->graphs[i].value = m->graph_iris.data + (size_t)(uintptr_t)m->graphs[i].value;
	if (default_too)
		m->graphs[n++] = (coop_rdf_iri){NULL, 0};
	m->graph_set = (coop_rdf_graphs){m->graphs, n, m->graph_set.generation + 1};
}

static void set_graphs(coop_rdf_map *m, const char *const *source_ids, uint32_t n, int default_too)
{
	set_graphs_of(m, source_ids, NULL, n, default_too);
}

/* The graphs of an entity stated by sources (none: the default graph). */
static void graphs_from_refs(coop_rdf_map *m, const coop_refs *sources)
{
	if (!m->with_graphs) {
		set_graphs(m, NULL, 0, 1);
		return;
	}
	uint32_t n = unique_refs(m, sources);
	set_graphs(m, m->ids, n, 0);
}

/*
 * IRIs minted here are valid by construction, so they are not checked again one by one (that was
 * the largest cost of the mapping): the base has passed coop_rdf_base_check(), the type segments
 * and the vocabulary are constants, and every ID goes through coop_iri_segment(), which writes
 * only unreserved ASCII and %XX. IRIs that come from the input (web addresses) or from the
 * identifier recognisers still pass coop_iri_valid(); the self-check's strict parser re-reads all.
 */
static void begin(coop_rdf_map *m, const char *iri)
{
	if (iri != m->subject.data) {
		coop_buf_clear(&m->subject);
		coop_buf_puts(&m->subject, iri);
	}
	m->sink.subject(m->sink.payload, coop_buf_str(&m->subject), m->subject.len);
}

static void append_number(coop_buf *b, uint32_t n)
{
	char digits[10];
	int len = 0;
	do {
		digits[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (len)
		coop_buf_putc(b, digits[--len]);
}

/* Appends {parent}/{part} or {parent}/{part}/{n} (n > 0) to out. */
static void child_iri(coop_buf *out, const char *parent, const char *part, uint32_t n)
{
	coop_buf_puts(out, parent);
	coop_buf_putc(out, '/');
	coop_buf_puts(out, part);
	if (n) {
		coop_buf_putc(out, '/');
		append_number(out, n);
	}
}

/* Starts the subject {base}{type}/{id}. */
static void begin_entity(coop_rdf_map *m, const char *type, const char *id)
{
	coop_buf_clear(&m->subject);
	coop_iri_entity(&m->subject, m->base, type, id);
	begin(m, m->subject.data);
}

/* Starts the subject {parent}/{part} or {parent}/{part}/{n}; parent is the entity's IRI. */
static void begin_child(coop_rdf_map *m, const char *parent, const char *part, uint32_t n)
{
	coop_buf_clear(&m->scratch);
	child_iri(&m->scratch, parent, part, n);
	begin(m, coop_buf_str(&m->scratch));
}

static void emit(coop_rdf_map *m, coop_rdf_pred p, const coop_rdf_object *o)
{
	m->sink.statement(m->sink.payload, p, o, &m->graph_set);
	m->count++;
	m->quads += m->graph_set.count;
}

/* An IRI minted here (see begin). */
static void emit_minted(coop_rdf_map *m, coop_rdf_pred p, const char *iri, size_t len)
{
	coop_rdf_object o = {1, iri, len, NULL, COOP_DT_STRING};
	emit(m, p, &o);
}

/* An IRI from the input or a recogniser: checked before it goes out. */
static void emit_iri(coop_rdf_map *m, coop_rdf_pred p, const char *iri)
{
	if (!coop_iri_valid(iri)) {
		internal_error(m, NULL, "minted an invalid IRI", iri);
		return;
	}
	emit_minted(m, p, iri, strlen(iri));
}

/* Object {parent}/{part} or {parent}/{part}/{n}. */
static void emit_child(coop_rdf_map *m, coop_rdf_pred p, const char *parent, const char *part, uint32_t n)
{
	coop_buf_clear(&m->object);
	child_iri(&m->object, parent, part, n);
	emit_minted(m, p, m->object.data, m->object.len);
}

static void emit_term(coop_rdf_map *m, coop_rdf_pred p, coop_rdf_ns ns, const char *local)
{
	coop_buf_clear(&m->object);
	coop_buf_puts(&m->object, ns_iris[ns]);
	coop_buf_puts(&m->object, local);
	emit_minted(m, p, m->object.data, m->object.len);
}

static void emit_class(coop_rdf_map *m, coop_rdf_ns ns, const char *local)
{
	emit_term(m, COOP_P_RDF_TYPE, ns, local);
}

/* Object {base}{type}/{id}. */
static void emit_entity(coop_rdf_map *m, coop_rdf_pred p, const char *type, const char *id)
{
	coop_buf_clear(&m->object);
	coop_iri_entity(&m->object, m->base, type, id);
	emit_minted(m, p, m->object.data, m->object.len);
}

/* A reference by ID to an entity of the given type: its IRI needs nothing but the ID. */
static void emit_ref(coop_rdf_map *m, coop_rdf_pred p, const char *type, const coop_ref *ref)
{
	if (present(ref))
		emit_entity(m, p, type, ref->id);
}

/* A literal; text is normalised (CR, CRLF -> LF) and lang checked and put in canonical case. */
/* The canonical form of a language tag; a dataset uses a handful of tags on every text, so the last
 * few are kept rather than parsed again. NULL for an invalid tag. */
static const char *canonical_lang(coop_rdf_map *m, const char *lang)
{
	for (int i = 0; i < LANG_CACHE_SIZE; i++)
		if (m->langs[i].raw[0] && strcmp(m->langs[i].raw, lang) == 0)
			return m->langs[i].canonical;
	if (strlen(lang) > COOP_LANGTAG_MAX)
		return NULL;
	int slot = m->next_lang;
	m->next_lang = (m->next_lang + 1) % LANG_CACHE_SIZE;
	m->langs[slot].raw[0] = '\0';
	if (!coop_langtag_canonical(lang, m->langs[slot].canonical, sizeof m->langs[slot].canonical))
		return NULL;
	strcpy(m->langs[slot].raw, lang);
	return m->langs[slot].canonical;
}

static void emit_literal(coop_rdf_map *m, coop_rdf_pred p, const char *text, const char *lang,
                         coop_rdf_datatype dt)
{
	const char *tag = NULL;
	if (lang && *lang) {
		tag = canonical_lang(m, lang);
		if (!tag) {
			internal_error(m, NULL, "invalid language tag reached the RDF writer", lang);
			return;
		}
	}
	if (strchr(text, '\r')) {
		coop_buf_clear(&m->text);
		coop_text_normalize(&m->text, text);
		text = coop_buf_str(&m->text);
	}
	coop_rdf_object o = {0, text, strlen(text), tag, dt};
	emit(m, p, &o);
}

static void emit_string(coop_rdf_map *m, coop_rdf_pred p, const char *text)
{
	emit_literal(m, p, text, NULL, COOP_DT_STRING);
}

static void emit_text(coop_rdf_map *m, coop_rdf_pred p, const coop_text *t)
{
	emit_literal(m, p, t->value, t->lang, COOP_DT_STRING);
}

/* Appends n in at least width digits (zero-padded); returns the new end. */
static char *put_digits(char *out, unsigned n, int width)
{
	char digits[12];
	int len = 0;
	do {
		digits[len++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (len < width)
		digits[len++] = '0';
	while (len)
		*out++ = digits[--len];
	return out;
}

/* "2020", "2020-03", "2020-03-15" (XSD's lexical forms; a year before 1 gets a sign). */
static void emit_date(coop_rdf_map *m, coop_rdf_pred p, const coop_date *d)
{
	static const coop_rdf_datatype types[] = {
		[COOP_DATE_YEAR] = COOP_DT_G_YEAR, [COOP_DATE_MONTH] = COOP_DT_G_YEAR_MONTH, [COOP_DATE_DAY] = COOP_DT_DATE};
	if (d->precision < COOP_DATE_YEAR || d->precision > COOP_DATE_DAY)
		return;
	char buf[32], *end = buf;
	int year = d->year;
	if (year < 0)
		*end++ = '-';
	end = put_digits(end, (unsigned)(year < 0 ? -year : year), 4);
	if (d->precision >= COOP_DATE_MONTH) {
		*end++ = '-';
		end = put_digits(end, d->month, 2);
	}
	if (d->precision == COOP_DATE_DAY) {
		*end++ = '-';
		end = put_digits(end, d->day, 2);
	}
	*end = '\0';
	emit_literal(m, p, buf, NULL, types[d->precision]);
}

/* A web address: an IRI when it is safe to write as one, otherwise an xsd:anyURI literal. */
static void emit_url(coop_rdf_map *m, coop_rdf_pred p, const char *url)
{
	if (coop_url_safe(url) && coop_iri_valid(url))
		emit_iri(m, p, url);
	else
		emit_literal(m, p, url, NULL, COOP_DT_ANY_URI);
}

/* ---- text deduplication ---- */

static int lang_compare(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

/* The next byte of s as coop_text_normalize() would write it (CR LF and CR read as LF). */
static int next_normalized(const char **s)
{
	int c = (unsigned char)**s;
	if (!c)
		return 0;
	(*s)++;
	if (c == '\r') {
		if (**s == '\n')
			(*s)++;
		return '\n';
	}
	return c;
}

static int value_compare(const char *a, const char *b)
{
	for (;;) {
		int x = next_normalized(&a), y = next_normalized(&b);
		if (x != y || !x)
			return x - y;
	}
}

static int compare_keys(const void *pa, const void *pb)
{
	const text_key *a = pa, *b = pb;
	int c = lang_compare(a->lang, b->lang);
	if (!c)
		c = value_compare(a->value, b->value);
	if (!c)
		c = (a->order > b->order) - (a->order < b->order);
	return c;
}

static int compare_keys_by_lang(const void *pa, const void *pb)
{
	const text_key *a = pa, *b = pb;
	int c = lang_compare(a->lang, b->lang);
	if (!c)
		c = (a->order > b->order) - (a->order < b->order);
	return c;
}

/*
 * Marks in m->keep the texts of items[0..count) that are the first of their (language, value);
 * when first_lang is set, also marks in m->first_lang the first kept text of each language.
 */
static void mark_distinct(coop_rdf_map *m, const coop_text *items, uint32_t count, int first_lang)
{
	size_t n = count ? count : 1;
	coop_xgrow((void **)&m->keys, &m->key_cap, n, sizeof *m->keys);
	coop_xgrow((void **)&m->keep, &m->keep_cap, n, 1);
	coop_xgrow((void **)&m->first_lang, &m->first_lang_cap, n, 1);
	for (uint32_t i = 0; i < count; i++) {
		m->keys[i] = (text_key){items[i].lang, items[i].value ? items[i].value : "", i};
		m->keep[i] = 0;
		m->first_lang[i] = 0;
	}
	if (count)
		qsort(m->keys, count, sizeof *m->keys, compare_keys);
	for (uint32_t i = 0; i < count; i++)
		if (i == 0 || lang_compare(m->keys[i].lang, m->keys[i - 1].lang) ||
		    value_compare(m->keys[i].value, m->keys[i - 1].value))
			m->keep[m->keys[i].order] = 1;
	if (!first_lang || !count)
		return;
	uint32_t kept = 0;
	for (uint32_t i = 0; i < count; i++)
		if (m->keep[i])
			m->keys[kept++] = (text_key){items[i].lang, items[i].value ? items[i].value : "", i};
	qsort(m->keys, kept, sizeof *m->keys, compare_keys_by_lang);
	for (uint32_t i = 0; i < kept; i++)
		if (i == 0 || lang_compare(m->keys[i].lang, m->keys[i - 1].lang))
			m->first_lang[m->keys[i].order] = 1;
}

static void emit_texts(coop_rdf_map *m, coop_rdf_pred p, const coop_texts *texts)
{
	mark_distinct(m, texts->items, texts->count, 0);
	for (uint32_t i = 0; i < texts->count; i++)
		if (m->keep[i])
			emit_text(m, p, &texts->items[i]);
}

/*
 * Names as SKOS labels: the first name in each language is its skos:prefLabel, further names
 * and the acronyms are skos:altLabel (a text is never both). name_pred (schema:name or
 * dcterms:title) gets every distinct name, alt_pred (schema:alternateName) every distinct acronym.
 */
static void emit_labels(coop_rdf_map *m, const coop_texts *names, const coop_texts *acronyms,
                        coop_rdf_pred name_pred, int alt_mirror)
{
	uint32_t n = names->count, a = acronyms ? acronyms->count : 0;
	if (name_pred != COOP_P_COUNT)
		emit_texts(m, name_pred, names);
	if (alt_mirror && acronyms)
		emit_texts(m, COOP_P_SCHEMA_ALTERNATE_NAME, acronyms);

	coop_xgrow((void **)&m->combined, &m->combined_cap, (size_t)n + a + 1, sizeof *m->combined);
	if (n)
		memcpy(m->combined, names->items, n * sizeof *m->combined);
	if (a)
		memcpy(m->combined + n, acronyms->items, a * sizeof *m->combined);
	mark_distinct(m, m->combined, n + a, 1);
	for (uint32_t i = 0; i < n; i++)
		if (m->keep[i] && m->first_lang[i])
			emit_text(m, COOP_P_SKOS_PREF_LABEL, &m->combined[i]);
	for (uint32_t i = 0; i < n + a; i++)
		if (m->keep[i] && !(i < n && m->first_lang[i]))
			emit_text(m, COOP_P_SKOS_ALT_LABEL, &m->combined[i]);
}

/* ---- entities ---- */

static void emit_sources(coop_rdf_map *m, const coop_refs *sources)
{
	uint32_t n = unique_refs(m, sources);
	for (uint32_t i = 0; i < n; i++)
		emit_entity(m, COOP_P_PROV_WAS_DERIVED_FROM, "source", m->ids[i]);
}

/*
 * owl:sameAs for the identifiers that name the same thing in another dataset (ROR, Wikidata,
 * ORCID), then one schema:PropertyValue node per identifier, which keeps the scheme and the value
 * exactly as written. A value that does not parse as its scheme is kept only in the latter.
 */
static void emit_same_as(coop_rdf_map *m, const coop_identifiers *ids, int is_person)
{
	coop_buf seen = COOP_BUF_INIT; /* canonical IRIs emitted, NUL-separated */
	for (uint32_t i = 0; i < ids->count; i++) {
		const coop_identifier *id = &ids->items[i];
		if (!id->scheme || !id->value)
			continue;
		coop_buf_clear(&m->object);
		int ok;
		if (strcmp(id->scheme, "ror") == 0 && !is_person)
			ok = coop_iri_ror(&m->object, id->value);
		else if (strcmp(id->scheme, "wikidata") == 0)
			ok = coop_iri_wikidata(&m->object, id->value);
		else if (strcmp(id->scheme, "orcid") == 0 && is_person)
			ok = coop_iri_orcid(&m->object, id->value);
		else
			continue;
		if (!ok) {
			coop_diag(m->diag, COOP_SEV_WARNING, &id->loc,
			          "'%s' is not a valid %s identifier; it is exported as a literal only", id->value,
			          id->scheme);
			continue;
		}
		int repeated = 0;
		for (size_t at = 0; at < seen.len; at += strlen(seen.data + at) + 1)
			if (strcmp(seen.data + at, m->object.data) == 0)
				repeated = 1;
		if (repeated)
			continue;
		coop_buf_append(&seen, m->object.data, m->object.len + 1);
		emit_iri(m, COOP_P_OWL_SAME_AS, m->object.data);
	}
	coop_buf_free(&seen);
}

/* The schema:identifier links of an entity; the nodes follow with emit_identifier_nodes(). */
static void emit_identifier_links(coop_rdf_map *m, const char *subject, const coop_identifiers *ids)
{
	for (uint32_t i = 0; i < ids->count; i++) {
		emit_child(m, COOP_P_SCHEMA_IDENTIFIER, subject, "identifier", i + 1);
	}
}

static void emit_identifier_nodes(coop_rdf_map *m, const char *subject, const coop_identifiers *ids)
{
	for (uint32_t i = 0; i < ids->count; i++) {
		begin_child(m, subject, "identifier", i + 1);
		emit_class(m, COOP_NS_SCHEMA, "PropertyValue");
		if (ids->items[i].scheme)
			emit_string(m, COOP_P_SCHEMA_PROPERTY_ID, ids->items[i].scheme);
		if (ids->items[i].value)
			emit_string(m, COOP_P_SCHEMA_VALUE, ids->items[i].value);
	}
}

void coop_rdf_map_source(coop_rdf_map *m, const coop_source *s)
{
	if (!s->id || !*s->id)
		return;
	/* a source states its own description */
	set_graphs(m, &s->id, 1, 0);
	begin_entity(m, "source", s->id);
	emit_class(m, COOP_NS_PROV, "Entity");
	emit_class(m, COOP_NS_SCHEMA, "CreativeWork");
	if (s->kind < COOP_SOURCE_KIND_COUNT && source_classes[s->kind].local)
		emit_class(m, source_classes[s->kind].ns, source_classes[s->kind].local);
	emit_texts(m, COOP_P_DCTERMS_TITLE, &s->titles);
	emit_ref(m, COOP_P_DCTERMS_PUBLISHER, "institution", &s->publisher);
	emit_texts(m, COOP_P_DC_PUBLISHER, &s->publisher_names);
	emit_date(m, COOP_P_DCTERMS_ISSUED, &s->date);
	if (s->url)
		emit_url(m, COOP_P_SCHEMA_URL, s->url);
	if (s->language && *s->language) {
		char canonical[COOP_LANGTAG_MAX + 1];
		if (coop_langtag_canonical(s->language, canonical, sizeof canonical))
			emit_literal(m, COOP_P_DCTERMS_LANGUAGE, canonical, NULL, COOP_DT_LANGUAGE);
		else
			internal_error(m, &s->loc, "invalid document language reached the RDF writer", s->language);
	}
	emit_texts(m, COOP_P_SCHEMA_CREDIT_TEXT, &s->credits);
}

static int has_location(const coop_institution *inst)
{
	return (inst->country && *inst->country) || (inst->region && *inst->region) || inst->city.names.count;
}

static int compare_facts(const void *a, const void *b)
{
	const partner_fact *x = a, *y = b;
	if (x->partner != y->partner)
		return (x->partner > y->partner) - (x->partner < y->partner);
	return (x->source_rank > y->source_rank) - (x->source_rank < y->source_rank);
}

/* Walks the record of the agreement at pos in agreement_refs: its parties and its sources. */
typedef struct {
	const uint32_t *parties;
	uint32_t party_count;
	const uint32_t *sources;
	uint32_t source_count;
	size_t next;
} agreement_record;

static agreement_record read_record(const coop_rdf_map *m, size_t pos)
{
	agreement_record r;
	r.party_count = m->agreement_refs[pos];
	r.parties = &m->agreement_refs[pos + 1];
	r.source_count = m->agreement_refs[pos + 1 + r.party_count];
	r.sources = &m->agreement_refs[pos + 2 + r.party_count];
	r.next = pos + 2 + r.party_count + r.source_count;
	return r;
}

/* One coop:partnersWith per partner, in the graphs of every agreement that makes them partners. */
static void emit_partners(coop_rdf_map *m, uint32_t index)
{
	size_t n = 0;
	for (size_t k = m->partner_start[index]; k < m->partner_start[index + 1]; k++) {
		agreement_record r = read_record(m, m->partner_refs[k]);
		uint32_t sources = r.source_count ? r.source_count : 1;
		for (uint32_t p = 0; p < r.party_count; p++) {
			uint32_t partner = m->id_institution[r.parties[p]];
			if (partner == COOP_NONE || partner == index)
				continue;
			m->facts = grow(m->facts, &m->fact_cap, n + sources, sizeof *m->facts);
			for (uint32_t s = 0; s < sources; s++)
				m->facts[n++] =
					(partner_fact){partner, r.source_count ? m->id_rank[r.sources[s]] : DEFAULT_GRAPH};
		}
	}
	if (n > 1)
		qsort(m->facts, n, sizeof *m->facts, compare_facts);
	for (size_t e = 0; e < n;) {
		size_t end = e;
		uint32_t named = 0;
		int default_too = 0;
		m->edge_ranks = grow(m->edge_ranks, &m->edge_rank_cap, n - e, sizeof *m->edge_ranks);
		for (; end < n && m->facts[end].partner == m->facts[e].partner; end++) {
			if (end > e && m->facts[end].source_rank == m->facts[end - 1].source_rank)
				continue;
			if (m->facts[end].source_rank == DEFAULT_GRAPH)
				default_too = 1;
			else
				m->edge_ranks[named++] = m->facts[end].source_rank;
		}
		set_graphs_of(m, NULL, m->edge_ranks, named, default_too);
		coop_buf_clear(&m->object);
		encoded_ids_iri(&m->partner_ids, &m->object, m->base, "institution", m->facts[e].partner);
		emit_minted(m, COOP_P_COOP_PARTNERS_WITH, m->object.data, m->object.len);
		e = end;
	}
}

static void map_institution(coop_rdf_map *m, uint32_t index)
{
	const coop_institution *inst = coop_model_institution(m->model, index);
	int is_unit = present(&inst->parent);
	graphs_from_refs(m, &inst->sources);
	begin_entity(m, "institution", inst->id);
	char *self = coop_xstrdup(m->subject.data);

	emit_class(m, COOP_NS_ORG, "Organization");
	emit_class(m, COOP_NS_SCHEMA, "Organization");
	emit_class(m, COOP_NS_ORG, is_unit ? "OrganizationalUnit" : "FormalOrganization");
	if (inst->kind < COOP_INST_KIND_COUNT)
		for (int k = 0; k < 2; k++)
			if (inst_classes[inst->kind][k].local)
				emit_class(m, inst_classes[inst->kind][k].ns, inst_classes[inst->kind][k].local);
	emit_labels(m, &inst->names, &inst->acronyms, COOP_P_SCHEMA_NAME, 1);

	if (is_unit) {
		emit_ref(m, COOP_P_ORG_UNIT_OF, "institution", &inst->parent);
		emit_ref(m, COOP_P_SCHEMA_PARENT_ORGANIZATION, "institution", &inst->parent);
	}

	if (has_location(inst)) {
		emit_child(m, COOP_P_SCHEMA_ADDRESS, self, "address", 0);
	}
	if (inst->country && *inst->country) {
		const coop_country *country = coop_country_find(inst->country);
		if (country && *country->wikidata)
			emit_term(m, COOP_P_WDT_COUNTRY, COOP_NS_WD, country->wikidata);
	}
	if (inst->city.wikidata) {
		coop_buf_clear(&m->scratch);
		if (coop_iri_wikidata(&m->scratch, inst->city.wikidata)) {
			char *city = coop_xstrdup(m->scratch.data);
			emit_iri(m, COOP_P_WDT_LOCATED_IN, city);
			emit_iri(m, COOP_P_SCHEMA_LOCATION, city);
			free(city);
		} else {
			coop_diag(m->diag, COOP_SEV_WARNING, &inst->country_loc,
			          "city Wikidata ID '%s' is not of the form Q123; not exported", inst->city.wikidata);
		}
	}
	if (inst->city.geonames) {
		coop_buf_clear(&m->scratch);
		if (coop_iri_geonames(&m->scratch, inst->city.geonames)) {
			char *city = coop_xstrdup(m->scratch.data);
			emit_iri(m, COOP_P_SCHEMA_LOCATION, city);
			free(city);
		} else {
			coop_diag(m->diag, COOP_SEV_WARNING, &inst->country_loc,
			          "city GeoNames ID '%s' is not a number; not exported", inst->city.geonames);
		}
	}
	if (inst->website)
		emit_url(m, COOP_P_SCHEMA_URL, inst->website);
	emit_same_as(m, &inst->identifiers, 0);
	emit_identifier_links(m, self, &inst->identifiers);
	emit_sources(m, &inst->sources);

	/* The unit states that it belongs to its parent, so these go to the unit's graphs. */
	for (uint32_t u = m->unit_start[index]; u < m->unit_start[index + 1]; u++) {
		const coop_institution *unit = coop_model_institution(m->model, m->units[u]);
		graphs_from_refs(m, &unit->sources);
		emit_entity(m, COOP_P_ORG_HAS_UNIT, "institution", unit->id);
		emit_entity(m, COOP_P_SCHEMA_SUB_ORGANIZATION, "institution", unit->id);
	}

	emit_partners(m, index);

	graphs_from_refs(m, &inst->sources);
	if (has_location(inst)) {
		begin_child(m, self, "address", 0);
		emit_class(m, COOP_NS_SCHEMA, "PostalAddress");
		if (inst->country && *inst->country)
			emit_string(m, COOP_P_SCHEMA_ADDRESS_COUNTRY, inst->country);
		if (inst->region && *inst->region)
			emit_string(m, COOP_P_SCHEMA_ADDRESS_REGION, inst->region);
		emit_texts(m, COOP_P_SCHEMA_ADDRESS_LOCALITY, &inst->city.names);
	}
	emit_identifier_nodes(m, self, &inst->identifiers);
	free(self);
}

static void map_programme(coop_rdf_map *m, uint32_t index)
{
	const coop_programme *prog = coop_model_programme(m->model, index);
	graphs_from_refs(m, &prog->sources);
	begin_entity(m, "programme", prog->id);
	emit_class(m, COOP_NS_SCHEMA, "FundingScheme");
	emit_labels(m, &prog->names, &prog->acronyms, COOP_P_SCHEMA_NAME, 1);
	emit_ref(m, COOP_P_SCHEMA_FUNDER, "institution", &prog->funder);
	if (prog->website)
		emit_url(m, COOP_P_SCHEMA_URL, prog->website);
	emit_sources(m, &prog->sources);
}

/* An instant of a membership's interval: its own node, as OWL-Time wants. */
static void emit_instant(coop_rdf_map *m, const char *iri, const coop_date *d)
{
	begin(m, iri);
	emit_class(m, COOP_NS_TIME, "Instant");
	coop_rdf_pred p = d->precision == COOP_DATE_DAY     ? COOP_P_TIME_IN_XSD_DATE
	                  : d->precision == COOP_DATE_MONTH ? COOP_P_TIME_IN_XSD_G_YEAR_MONTH
	                                                    : COOP_P_TIME_IN_XSD_G_YEAR;
	emit_date(m, p, d);
}

static void map_person(coop_rdf_map *m, uint32_t index)
{
	const coop_person *person = coop_model_person(m->model, index);
	graphs_from_refs(m, &person->sources);
	begin_entity(m, "person", person->id);
	char *self = coop_xstrdup(m->subject.data);

	emit_class(m, COOP_NS_FOAF, "Person");
	emit_class(m, COOP_NS_SCHEMA, "Person");
	const char *given = person->given_name && *person->given_name ? person->given_name : NULL;
	const char *family = person->family_name && *person->family_name ? person->family_name : NULL;
	if (given || family) {
		coop_buf_clear(&m->scratch);
		coop_buf_puts(&m->scratch, given ? given : "");
		if (given && family)
			coop_buf_putc(&m->scratch, ' ');
		coop_buf_puts(&m->scratch, family ? family : "");
		char *name = coop_xstrdup(m->scratch.data);
		emit_string(m, COOP_P_FOAF_NAME, name);
		emit_string(m, COOP_P_SCHEMA_NAME, name);
		free(name);
	}
	if (person->title && *person->title)
		emit_string(m, COOP_P_SCHEMA_HONORIFIC_PREFIX, person->title);
	if (given)
		emit_string(m, COOP_P_SCHEMA_GIVEN_NAME, given);
	if (family)
		emit_string(m, COOP_P_SCHEMA_FAMILY_NAME, family);

	/* org:memberOf: the shortcut of the memberships, once per institution */
	m->ids = grow(m->ids, &m->id_cap, person->role_count, sizeof *m->ids);
	uint32_t n = 0;
	for (uint32_t r = 0; r < person->role_count; r++)
		if (present(&person->roles[r].at))
			m->ids[n++] = person->roles[r].at.id;
	n = sort_unique_ids(m->ids, n);
	for (uint32_t i = 0; i < n; i++)
		emit_entity(m, COOP_P_ORG_MEMBER_OF, "institution", m->ids[i]);
	emit_same_as(m, &person->identifiers, 1);
	emit_identifier_links(m, self, &person->identifiers);
	emit_sources(m, &person->sources);

	coop_buf iri = COOP_BUF_INIT;
	for (uint32_t r = 0; r < person->role_count; r++) {
		const coop_role *role = &person->roles[r];
		begin_child(m, self, "membership", r + 1);
		char *membership = coop_xstrdup(m->subject.data);
		emit_class(m, COOP_NS_ORG, "Membership");
		emit_minted(m, COOP_P_ORG_MEMBER, self, strlen(self));
		emit_ref(m, COOP_P_ORG_ORGANIZATION, "institution", &role->at);
		emit_child(m, COOP_P_ORG_ROLE, self, "role", r + 1);
		int dated = role->start.precision != COOP_DATE_NONE || role->end.precision != COOP_DATE_NONE;
		emit_date(m, COOP_P_SCHEMA_START_DATE, &role->start);
		emit_date(m, COOP_P_SCHEMA_END_DATE, &role->end);
		if (dated) {
			coop_buf_clear(&iri);
			child_iri(&iri, membership, "interval", 0);
			emit_minted(m, COOP_P_ORG_MEMBER_DURING, iri.data, iri.len);
			begin(m, iri.data);
			emit_class(m, COOP_NS_TIME, "Interval");
			if (role->start.precision != COOP_DATE_NONE)
				emit_child(m, COOP_P_TIME_HAS_BEGINNING, iri.data, "beginning", 0);
			if (role->end.precision != COOP_DATE_NONE)
				emit_child(m, COOP_P_TIME_HAS_END, iri.data, "end", 0);
			char *interval = coop_xstrdup(iri.data);
			if (role->start.precision != COOP_DATE_NONE) {
				coop_buf_clear(&iri);
				child_iri(&iri, interval, "beginning", 0);
				emit_instant(m, iri.data, &role->start);
			}
			if (role->end.precision != COOP_DATE_NONE) {
				coop_buf_clear(&iri);
				child_iri(&iri, interval, "end", 0);
				emit_instant(m, iri.data, &role->end);
			}
			free(interval);
		}
		free(membership);
		begin_child(m, self, "role", r + 1);
		emit_class(m, COOP_NS_ORG, "Role");
		emit_labels(m, &role->names, NULL, COOP_P_COUNT, 0);
	}
	coop_buf_free(&iri);
	emit_identifier_nodes(m, self, &person->identifiers);
	free(self);
}

static void emit_kind(coop_rdf_map *m, const coop_agreement *agr)
{
	if (agr->kind == COOP_AGR_CUSTOM || agr->kind >= COOP_AGR_KIND_COUNT) {
		if (agr->kind_token && *agr->kind_token) {
			table_add(&m->custom_kinds, agr->kind_token);
			emit_entity(m, COOP_P_DCTERMS_TYPE, "kind", agr->kind_token);
		}
		return;
	}
	m->kind_used[agr->kind] = 1;
	emit_term(m, COOP_P_DCTERMS_TYPE, COOP_NS_COOP, kind_concepts[agr->kind].local);
}

/* Keeps what the partner edges need: the agreement's distinct parties and (with graphs) sources. */
static void remember_agreement(coop_rdf_map *m, const char *const *parties, uint32_t party_count,
                               const coop_refs *sources)
{
	uint32_t source_count = 0;
	if (m->with_graphs)
		source_count = unique_refs(m, sources);
	size_t need = m->agreement_refs_len + 2 + party_count + source_count;
	m->agreement_refs = grow(m->agreement_refs, &m->agreement_refs_cap, need, sizeof *m->agreement_refs);
	uint32_t *r = m->agreement_refs + m->agreement_refs_len;
	*r++ = party_count;
	for (uint32_t i = 0; i < party_count; i++)
		*r++ = table_add(&m->ids_seen, parties[i]);
	*r++ = source_count;
	for (uint32_t i = 0; i < source_count; i++)
		*r++ = table_add(&m->ids_seen, m->ids[i]);
	m->agreement_refs_len = need;
}

void coop_rdf_map_agreement(coop_rdf_map *m, const coop_agreement *agr)
{
	if (!agr->id || !*agr->id)
		return;
	graphs_from_refs(m, &agr->sources);
	begin_entity(m, "agreement", agr->id);
	/* agreements come by the million: their own IRI and parties live in buffers that are reused */
	coop_buf_clear(&m->agreement_iri);
	coop_buf_append(&m->agreement_iri, m->subject.data, m->subject.len);
	const char *self = m->agreement_iri.data;
	size_t self_len = m->agreement_iri.len;

	emit_class(m, COOP_NS_COOP, "Agreement");
	emit_class(m, COOP_NS_ORG, "OrganizationalCollaboration");
	emit_kind(m, agr);
	if (agr->status > COOP_STATUS_NONE && agr->status < COOP_STATUS_COUNT) {
		m->status_used[agr->status] = 1;
		emit_term(m, COOP_P_ADMS_STATUS, COOP_NS_COOP, status_concepts[agr->status].local);
	}
	emit_labels(m, &agr->titles, NULL, COOP_P_DCTERMS_TITLE, 0);

	m->ids = grow(m->ids, &m->id_cap, agr->party_count, sizeof *m->ids);
	uint32_t n = 0;
	for (uint32_t p = 0; p < agr->party_count; p++)
		if (present(&agr->parties[p].party))
			m->ids[n++] = agr->parties[p].party.id;
	n = sort_unique_ids(m->ids, n);
	for (uint32_t i = 0; i < n; i++)
		emit_entity(m, COOP_P_ORG_HAS_MEMBER, "institution", m->ids[i]);
	/* m->ids is reused below: keep the parties for the partner edges now */
	m->parties = grow(m->parties, &m->party_cap, n, sizeof *m->parties);
	memcpy(m->parties, m->ids, (size_t)n * sizeof *m->parties);
	remember_agreement(m, m->parties, n, &agr->sources);

	emit_date(m, COOP_P_COOP_SIGNED_ON, &agr->signed_on);
	emit_date(m, COOP_P_SCHEMA_START_DATE, &agr->start);
	emit_date(m, COOP_P_SCHEMA_END_DATE, &agr->end);
	if (agr->duration && *agr->duration)
		emit_literal(m, COOP_P_SCHEMA_DURATION, agr->duration, NULL, COOP_DT_DURATION);
	emit_texts(m, COOP_P_ORG_PURPOSE, &agr->goals);
	emit_texts(m, COOP_P_DCTERMS_SUBJECT, &agr->fields);
	emit_texts(m, COOP_P_SCHEMA_AREA_SERVED, &agr->areas);
	emit_texts(m, COOP_P_COOP_ACTIVITY, &agr->activities);
	emit_texts(m, COOP_P_COOP_OUTCOME, &agr->outcomes);
	for (uint32_t f = 0; f < agr->funding_count; f++) {
		emit_child(m, COOP_P_SCHEMA_FUNDING, self, "funding", f + 1);
	}
	n = unique_refs(m, &agr->builds_on);
	for (uint32_t i = 0; i < n; i++)
		emit_entity(m, COOP_P_COOP_BUILDS_ON, "agreement", m->ids[i]);
	emit_sources(m, &agr->sources);

	for (uint32_t p = 0; p < agr->party_count; p++) {
		const coop_party *party = &agr->parties[p];
		if (!party->role || !*party->role)
			continue;
		table_add(&m->party_roles, party->role);
		begin_child(m, self, "party", p + 1);
		emit_class(m, COOP_NS_ORG, "Membership");
		emit_ref(m, COOP_P_ORG_MEMBER, "institution", &party->party);
		emit_minted(m, COOP_P_ORG_ORGANIZATION, self, self_len);
		emit_entity(m, COOP_P_ORG_ROLE, "party-role", party->role);
	}
	for (uint32_t f = 0; f < agr->funding_count; f++) {
		const coop_funding *funding = &agr->fundings[f];
		begin_child(m, self, "funding", f + 1);
		emit_class(m, COOP_NS_SCHEMA, "MonetaryGrant");
		emit_class(m, COOP_NS_FRAPO, "Grant");
		emit_ref(m, COOP_P_SCHEMA_FUNDER, "institution", &funding->funder);
		emit_minted(m, COOP_P_SCHEMA_FUNDED_ITEM, self, self_len);
		emit_ref(m, COOP_P_DCTERMS_IS_PART_OF, "programme", &funding->programme);
		if (funding->grant_number && *funding->grant_number)
			emit_string(m, COOP_P_FRAPO_HAS_GRANT_NUMBER, funding->grant_number);
	}
	if (agr->signatory_count) {
		m->signatory_used = 1;
		begin_child(m, self, "signing", 0);
		emit_class(m, COOP_NS_PROV, "Activity");
		emit_minted(m, COOP_P_PROV_GENERATED, self, self_len);
		m->ids = grow(m->ids, &m->id_cap, agr->signatory_count, sizeof *m->ids);
		n = 0;
		for (uint32_t s = 0; s < agr->signatory_count; s++)
			if (present(&agr->signatories[s].person))
				m->ids[n++] = agr->signatories[s].person.id;
		n = sort_unique_ids(m->ids, n);
		for (uint32_t i = 0; i < n; i++)
			emit_entity(m, COOP_P_PROV_WAS_ASSOCIATED_WITH, "person", m->ids[i]);
		for (uint32_t s = 0; s < agr->signatory_count; s++) {
			emit_child(m, COOP_P_PROV_QUALIFIED_ASSOCIATION, self, "signatory", s + 1);
		}
		for (uint32_t s = 0; s < agr->signatory_count; s++) {
			const coop_signatory *sig = &agr->signatories[s];
			begin_child(m, self, "signatory", s + 1);
			emit_class(m, COOP_NS_PROV, "Association");
			emit_term(m, COOP_P_PROV_HAD_ROLE, COOP_NS_COOP, signatory_concept.local);
			emit_ref(m, COOP_P_PROV_AGENT, "person", &sig->person);
			emit_ref(m, COOP_P_COOP_ON_BEHALF_OF, "institution", &sig->for_party);
			emit_texts(m, COOP_P_DCTERMS_DESCRIPTION, &sig->descriptions);
		}
	}
	for (uint32_t q = 0; q < agr->quote_count; q++) {
		const coop_quote *quote = &agr->quotes[q];
		begin_child(m, self, "quote", q + 1);
		emit_class(m, COOP_NS_SCHEMA, "Quotation");
		if (quote->text.value)
			emit_text(m, COOP_P_SCHEMA_TEXT, &quote->text);
		emit_ref(m, COOP_P_SCHEMA_SPOKEN_BY_CHARACTER, "person", &quote->by);
		emit_minted(m, COOP_P_SCHEMA_ABOUT, self, self_len);
	}
}

/* ---- concepts ---- */

static void emit_concept(coop_rdf_map *m, const concept *c)
{
	coop_buf_clear(&m->subject);
	coop_buf_puts(&m->subject, COOP_NS_IRI_COOP);
	coop_buf_puts(&m->subject, c->local);
	begin(m, m->subject.data);
	emit_class(m, COOP_NS_SKOS, "Concept");
	if (c == &signatory_concept)
		emit_class(m, COOP_NS_PROV, "Role");
	if (c->scheme)
		emit_term(m, COOP_P_SKOS_IN_SCHEME, COOP_NS_COOP, c->scheme);
	if (c->notation)
		emit_string(m, COOP_P_SKOS_NOTATION, c->notation);
	emit_literal(m, COOP_P_SKOS_PREF_LABEL, c->label_de, "de", COOP_DT_STRING);
	emit_literal(m, COOP_P_SKOS_PREF_LABEL, c->label_en, "en", COOP_DT_STRING);
}

/* Concepts minted from the data ({base}kind/x-..., {base}party-role/...): each distinct token once,
 * sorted. */
static void emit_token_concepts(coop_rdf_map *m, const string_table *tokens, const char *type, int is_role)
{
	const char **sorted = coop_xmalloc(((size_t)tokens->count + 1) * sizeof *sorted);
	if (tokens->count)
		memcpy(sorted, tokens->items, (size_t)tokens->count * sizeof *sorted);
	uint32_t n = sort_unique_ids(sorted, tokens->count);
	for (uint32_t i = 0; i < n; i++) {
		begin_entity(m, type, sorted[i]);
		if (is_role)
			emit_class(m, COOP_NS_ORG, "Role");
		emit_class(m, COOP_NS_SKOS, "Concept");
		if (!is_role)
			emit_term(m, COOP_P_SKOS_IN_SCHEME, COOP_NS_COOP, "AgreementKinds");
		emit_string(m, COOP_P_SKOS_NOTATION, sorted[i]);
		emit_string(m, COOP_P_SKOS_PREF_LABEL, sorted[i]);
	}
	free(sorted);
}

static void map_concepts(coop_rdf_map *m)
{
	set_graphs(m, NULL, 0, 1);
	for (int k = 0; k < COOP_AGR_KIND_COUNT; k++)
		if (m->kind_used[k] && kind_concepts[k].local)
			emit_concept(m, &kind_concepts[k]);
	for (int s = 0; s < COOP_STATUS_COUNT; s++)
		if (m->status_used[s] && status_concepts[s].local)
			emit_concept(m, &status_concepts[s]);
	if (m->signatory_used)
		emit_concept(m, &signatory_concept);
	emit_token_concepts(m, &m->custom_kinds, "kind", 0);
	emit_token_concepts(m, &m->party_roles, "party-role", 1);
}

/* ---- what needs the whole dataset ---- */

static void build_units(coop_rdf_map *m)
{
	uint32_t n = coop_model_institution_count(m->model);
	m->unit_start = coop_xcalloc((size_t)n + 1, sizeof *m->unit_start);
	for (uint32_t i = 0; i < n; i++) {
		const coop_institution *inst = coop_model_institution(m->model, i);
		if (inst->parent.index != COOP_NONE && inst->parent.index < n && inst->parent.index != i)
			m->unit_start[inst->parent.index + 1]++;
	}
	for (uint32_t i = 0; i < n; i++)
		m->unit_start[i + 1] += m->unit_start[i];
	m->units = coop_xmalloc(((size_t)m->unit_start[n] + 1) * sizeof *m->units);
	uint32_t *fill = coop_xmalloc(((size_t)n + 1) * sizeof *fill);
	memcpy(fill, m->unit_start, ((size_t)n + 1) * sizeof *fill);
	/* institutions in model order, so each parent's units come out in input order */
	for (uint32_t i = 0; i < n; i++) {
		const coop_institution *inst = coop_model_institution(m->model, i);
		if (inst->parent.index != COOP_NONE && inst->parent.index < n && inst->parent.index != i)
			m->units[fill[inst->parent.index]++] = i;
	}
	free(fill);
}

static const string_table *rank_table; /* for qsort, which has no context argument */

static int compare_by_string(const void *a, const void *b)
{
	return strcmp(rank_table->items[*(const uint32_t *)a], rank_table->items[*(const uint32_t *)b]);
}

/* Resolves the IDs the agreements named, and lists each institution's agreements. */
static void build_partners(coop_rdf_map *m)
{
	uint32_t inst_count = coop_model_institution_count(m->model);
	uint32_t ids = m->ids_seen.count;
	m->id_institution = coop_xmalloc(((size_t)ids + 1) * sizeof *m->id_institution);
	for (uint32_t i = 0; i < ids; i++) {
		coop_index index;
		coop_entity_type type = coop_model_find(m->model, m->ids_seen.items[i], &index);
		m->id_institution[i] = type == COOP_ENTITY_INSTITUTION && index < inst_count ? index : COOP_NONE;
	}
	if (m->with_graphs) {
		/* graphs are written in ID order: rank the IDs once */
		/* the numbers in ids_seen in ID order, needed only to rank and encode them here */
		uint32_t *rank_id = coop_xmalloc(((size_t)ids + 1) * sizeof *rank_id);
		m->id_rank = coop_xmalloc(((size_t)ids + 1) * sizeof *m->id_rank);
		for (uint32_t i = 0; i < ids; i++)
			rank_id[i] = i;
		rank_table = &m->ids_seen;
		if (ids > 1)
			qsort(rank_id, ids, sizeof *rank_id, compare_by_string);
		rank_table = NULL;
		for (uint32_t r = 0; r < ids; r++)
			m->id_rank[rank_id[r]] = r;
		/* each partner edge names the sources of every agreement behind it as graphs: their IDs,
		 * encoded once, in the order of the ranks the edges hold */
		encoded_ids_init(&m->rank_ids, ids);
		for (uint32_t r = 0; r < ids; r++)
			encoded_ids_set(&m->rank_ids, r, m->ids_seen.items[rank_id[r]]);
		free(rank_id);
	}

	/* positions are kept in 32 bits (4 bytes per party, not 8): far more than any input could need */
	if (m->agreement_refs_len > UINT32_MAX) {
		internal_error(m, NULL, "too many agreements for the partner edges", "4 billion references");
		m->agreement_refs_len = 0;
	}
	m->partner_start = coop_xcalloc((size_t)inst_count + 2, sizeof *m->partner_start);
	for (size_t pos = 0; pos < m->agreement_refs_len;) {
		agreement_record r = read_record(m, pos);
		for (uint32_t p = 0; p < r.party_count; p++) {
			uint32_t inst = m->id_institution[r.parties[p]];
			if (inst != COOP_NONE)
				m->partner_start[inst + 2]++;
		}
		pos = r.next;
	}
	/* partner_start[i + 2] counted institution i; shifted by one it becomes the fill position */
	for (uint32_t i = 0; i < inst_count; i++)
		m->partner_start[i + 2] += m->partner_start[i + 1];
	m->partner_refs = coop_xmalloc((m->partner_start[inst_count + 1] + 1) * sizeof *m->partner_refs);
	for (size_t pos = 0; pos < m->agreement_refs_len;) {
		agreement_record r = read_record(m, pos);
		for (uint32_t p = 0; p < r.party_count; p++) {
			uint32_t inst = m->id_institution[r.parties[p]];
			if (inst != COOP_NONE)
				m->partner_refs[m->partner_start[inst + 1]++] = (uint32_t)pos;
		}
		pos = r.next;
	}

	/* Partners come in no useful order: reaching each one's ID through the model missed the cache
	 * twice (the record, then the string) and, at 1M agreements, made the mapping of the
	 * institutions 28x slower than at 100k instead of 10x. Encoded once, side by side, they fit
	 * in the cache (about 2 MB for 100,000 institutions). */
	encoded_ids_init(&m->partner_ids, inst_count);
	for (uint32_t i = 0; i < inst_count; i++)
		encoded_ids_set(&m->partner_ids, i, coop_model_institution(m->model, i)->id);
}

coop_result coop_rdf_map_finish(coop_rdf_map *m, const coop_model *model, uint64_t *statements,
                                uint64_t *quads)
{
	m->model = model;
	for (uint32_t i = 0, n = coop_model_agreement_count(model); i < n; i++)
		coop_rdf_map_agreement(m, coop_model_agreement(model, i));
	for (uint32_t i = 0, n = coop_model_source_count(model); i < n; i++)
		coop_rdf_map_source(m, coop_model_source(model, i));

	build_units(m);
	build_partners(m);
	for (uint32_t i = 0, n = coop_model_institution_count(model); i < n; i++)
		map_institution(m, i);
	for (uint32_t i = 0, n = coop_model_programme_count(model); i < n; i++)
		map_programme(m, i);
	for (uint32_t i = 0, n = coop_model_person_count(model); i < n; i++)
		map_person(m, i);
	map_concepts(m);

	if (statements)
		*statements = m->count;
	if (quads)
		*quads = m->quads;
	return m->failed ? COOP_ERR_INTERNAL : COOP_OK;
}

