/*
 * The model as RDF statements. docs/vocabulary.md is the prose version of this file: every element
 * of the input language, the triples it becomes and why. Keep the two in step.
 *
 * Duplicates: raptor's Turtle and RDF/XML writers keep a set and silently drop a repeated
 * statement, its N-Triples writer does not, so the same model would give different counts per
 * format and the self-check would fail. Every place where input can repeat itself (two equal names,
 * a party listed twice, two agreements between the same pair) is therefore deduplicated here.
 */
#include "rdf_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "escape.h"
#include "iri.h"
#include "iso3166.h"
#include "langtag.h"

/* The graph of facts that no source states; sorts after every source index. */
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

/* The path segment below the base for each kind of entity. */
static const char *entity_segment(coop_entity_type type)
{
	switch (type) {
	case COOP_ENTITY_INSTITUTION: return "institution";
	case COOP_ENTITY_PERSON: return "person";
	case COOP_ENTITY_AGREEMENT: return "agreement";
	case COOP_ENTITY_PROGRAMME: return "programme";
	case COOP_ENTITY_SOURCE: return "source";
	case COOP_ENTITY_NONE: break;
	}
	return "entity";
}

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

/* ---- the mapping state ---- */

/* One direction of a "partners with" edge and the agreement that states it. */
typedef struct {
	uint32_t from, to, agreement;
} partner_edge;

/* A string of the model with the slot it came from, for finding repeats by sorting. */
typedef struct {
	const char *lang;
	const char *value;
	uint32_t order;
} text_key;

struct coop_rdf_map {
	const coop_model *model;
	const char *base;
	char **source_iris;
	uint32_t source_count;

	/* units of each institution: units[unit_start[i] .. unit_start[i + 1]) */
	uint32_t *unit_start;
	uint32_t *units;
	/* partner edges sorted by (from, to, agreement); those of i from edge_start[i] */
	partner_edge *edges;
	size_t edge_count;
	size_t *edge_start;

	/* per run */
	const coop_rdf_sink *sink;
	coop_diag_sink *diag;
	uint64_t count;
	int failed;

	coop_buf subject;  /* the current subject IRI */
	coop_buf object;   /* an object IRI being built */
	coop_buf text;     /* a literal after CR normalisation */
	coop_buf scratch;  /* anything else short-lived */
	uint32_t *graphs;  /* the current graph set */
	size_t graph_cap;
	coop_rdf_graphs graph_set;
	uint32_t *indices; /* deduplicated references */
	size_t index_cap;
	text_key *keys;    /* for text deduplication */
	size_t key_cap;
	unsigned char *keep; /* per text: 1 to emit */
	size_t keep_cap;
	unsigned char *first_lang; /* per text: first of its language */
	size_t first_lang_cap;
	coop_text *combined; /* names and acronyms together */
	size_t combined_cap;

	unsigned char kind_used[COOP_AGR_KIND_COUNT];
	unsigned char status_used[COOP_STATUS_COUNT];
	int signatory_used;
};

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int compare_edges(const void *a, const void *b)
{
	const partner_edge *x = a, *y = b;
	if (x->from != y->from)
		return (x->from > y->from) - (x->from < y->from);
	if (x->to != y->to)
		return (x->to > y->to) - (x->to < y->to);
	return (x->agreement > y->agreement) - (x->agreement < y->agreement);
}

/* Sorts and removes repeats; returns the new count. */
static uint32_t sort_unique(uint32_t *items, uint32_t count)
{
	if (count < 2)
		return count;
	qsort(items, count, sizeof *items, compare_u32);
	uint32_t n = 1;
	for (uint32_t i = 1; i < count; i++)
		if (items[i] != items[n - 1])
			items[n++] = items[i];
	return n;
}

static int resolved(const coop_ref *ref, coop_entity_type type)
{
	return ref->id && ref->type == type && ref->index != COOP_NONE;
}

/* The distinct resolved indices of refs of the given type, in map->indices; returns the count. */
static uint32_t unique_refs(coop_rdf_map *m, const coop_refs *refs, coop_entity_type type)
{
	coop_xgrow((void **)&m->indices, &m->index_cap, refs->count ? refs->count : 1, sizeof *m->indices);
	uint32_t n = 0;
	for (uint32_t i = 0; i < refs->count; i++)
		if (resolved(&refs->items[i], type))
			m->indices[n++] = refs->items[i].index;
	return sort_unique(m->indices, n);
}

static void build_units(coop_rdf_map *m)
{
	uint32_t n = coop_model_institution_count(m->model);
	m->unit_start = coop_xcalloc((size_t)n + 1, sizeof *m->unit_start);
	for (uint32_t i = 0; i < n; i++) {
		const coop_institution *inst = coop_model_institution(m->model, i);
		if (resolved(&inst->parent, COOP_ENTITY_INSTITUTION) && inst->parent.index != i)
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
		if (resolved(&inst->parent, COOP_ENTITY_INSTITUTION) && inst->parent.index != i)
			m->units[fill[inst->parent.index]++] = i;
	}
	free(fill);
}

static void build_edges(coop_rdf_map *m)
{
	uint32_t inst_count = coop_model_institution_count(m->model);
	uint32_t agr_count = coop_model_agreement_count(m->model);
	size_t cap = 0;
	for (uint32_t a = 0; a < agr_count; a++) {
		const coop_agreement *agr = coop_model_agreement(m->model, a);
		coop_xgrow((void **)&m->indices, &m->index_cap, agr->party_count ? agr->party_count : 1,
		           sizeof *m->indices);
		uint32_t n = 0;
		for (uint32_t p = 0; p < agr->party_count; p++)
			if (resolved(&agr->parties[p].party, COOP_ENTITY_INSTITUTION))
				m->indices[n++] = agr->parties[p].party.index;
		n = sort_unique(m->indices, n);
		for (uint32_t x = 0; x < n; x++) {
			for (uint32_t y = 0; y < n; y++) {
				if (x == y)
					continue;
				coop_xgrow((void **)&m->edges, &cap, m->edge_count + 1, sizeof *m->edges);
				m->edges[m->edge_count++] = (partner_edge){m->indices[x], m->indices[y], a};
			}
		}
	}
	if (m->edge_count)
		qsort(m->edges, m->edge_count, sizeof *m->edges, compare_edges);
	m->edge_start = coop_xcalloc((size_t)inst_count + 1, sizeof *m->edge_start);
	size_t e = 0;
	for (uint32_t i = 0; i <= inst_count; i++) {
		while (e < m->edge_count && m->edges[e].from < i)
			e++;
		m->edge_start[i] = e;
	}
}

coop_rdf_map *coop_rdf_map_new(const coop_model *model, const char *base)
{
	coop_rdf_map *m = coop_xcalloc(1, sizeof *m);
	m->model = model;
	m->base = base;
	m->source_count = coop_model_source_count(model);
	m->source_iris = coop_xcalloc((size_t)m->source_count + 1, sizeof *m->source_iris);
	coop_buf b = COOP_BUF_INIT;
	for (uint32_t i = 0; i < m->source_count; i++) {
		coop_buf_clear(&b);
		coop_iri_entity(&b, base, "source", coop_model_source(model, i)->id);
		m->source_iris[i] = coop_xstrdup(coop_buf_str(&b));
	}
	coop_buf_free(&b);
	build_units(m);
	build_edges(m);
	return m;
}

void coop_rdf_map_free(coop_rdf_map *m)
{
	if (!m)
		return;
	for (uint32_t i = 0; i < m->source_count; i++)
		free(m->source_iris[i]);
	free(m->source_iris);
	free(m->unit_start);
	free(m->units);
	free(m->edges);
	free(m->edge_start);
	coop_buf_free(&m->subject);
	coop_buf_free(&m->object);
	coop_buf_free(&m->text);
	coop_buf_free(&m->scratch);
	free(m->graphs);
	free(m->indices);
	free(m->keys);
	free(m->keep);
	free(m->first_lang);
	free(m->combined);
	free(m);
}

const char *coop_rdf_graph_iri(const coop_rdf_map *m, uint32_t source)
{
	return source < m->source_count ? m->source_iris[source] : NULL;
}

/* ---- emitting ---- */

static void internal_error(coop_rdf_map *m, const coop_loc *loc, const char *what, const char *value)
{
	m->failed = 1;
	coop_diag(m->diag, COOP_SEV_ERROR, loc, "internal error: %s: '%s'", what, value);
}

/* The graphs of an entity stated by sources (none: the default graph). */
static void graphs_from_refs(coop_rdf_map *m, const coop_refs *sources)
{
	coop_xgrow((void **)&m->graphs, &m->graph_cap, sources->count + 1, sizeof *m->graphs);
	uint32_t n = 0;
	for (uint32_t i = 0; i < sources->count; i++)
		if (resolved(&sources->items[i], COOP_ENTITY_SOURCE))
			m->graphs[n++] = sources->items[i].index;
	n = sort_unique(m->graphs, n);
	if (n == 0)
		m->graphs[n++] = DEFAULT_GRAPH;
	m->graph_set = (coop_rdf_graphs){m->graphs, n};
}

static void graphs_single(coop_rdf_map *m, uint32_t graph)
{
	coop_xgrow((void **)&m->graphs, &m->graph_cap, 1, sizeof *m->graphs);
	m->graphs[0] = graph;
	m->graph_set = (coop_rdf_graphs){m->graphs, 1};
}

static void begin(coop_rdf_map *m, const char *iri)
{
	if (iri != m->subject.data) {
		coop_buf_clear(&m->subject);
		coop_buf_puts(&m->subject, iri);
	}
	if (!coop_iri_valid(coop_buf_str(&m->subject)))
		internal_error(m, NULL, "minted an invalid subject IRI", coop_buf_str(&m->subject));
	m->sink->subject(m->sink->payload, coop_buf_str(&m->subject));
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
	coop_buf_puts(&m->scratch, parent);
	coop_buf_putc(&m->scratch, '/');
	coop_buf_puts(&m->scratch, part);
	if (n)
		coop_buf_printf(&m->scratch, "/%u", n);
	begin(m, coop_buf_str(&m->scratch));
}

static void emit(coop_rdf_map *m, coop_rdf_pred p, const coop_rdf_object *o)
{
	m->sink->statement(m->sink->payload, p, o, &m->graph_set);
	m->count++;
}

static void emit_iri(coop_rdf_map *m, coop_rdf_pred p, const char *iri)
{
	if (!coop_iri_valid(iri)) {
		internal_error(m, NULL, "minted an invalid IRI", iri);
		return;
	}
	coop_rdf_object o = {1, iri, strlen(iri), NULL, COOP_DT_STRING};
	emit(m, p, &o);
}

static void emit_term(coop_rdf_map *m, coop_rdf_pred p, coop_rdf_ns ns, const char *local)
{
	coop_buf_clear(&m->object);
	coop_buf_puts(&m->object, ns_iris[ns]);
	coop_buf_puts(&m->object, local);
	emit_iri(m, p, m->object.data);
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
	emit_iri(m, p, m->object.data);
}

static void emit_ref(coop_rdf_map *m, coop_rdf_pred p, const coop_ref *ref)
{
	if (ref->id && ref->index != COOP_NONE)
		emit_entity(m, p, entity_segment(ref->type), ref->id);
}

/* A literal; text is normalised (CR, CRLF -> LF) and lang checked and put in canonical case. */
static void emit_literal(coop_rdf_map *m, coop_rdf_pred p, const char *text, const char *lang,
                         coop_rdf_datatype dt)
{
	char canonical[COOP_LANGTAG_MAX + 1];
	const char *tag = NULL;
	if (lang && *lang) {
		if (!coop_langtag_canonical(lang, canonical, sizeof canonical)) {
			internal_error(m, NULL, "invalid language tag reached the RDF writer", lang);
			return;
		}
		tag = canonical;
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

static void emit_date(coop_rdf_map *m, coop_rdf_pred p, const coop_date *d)
{
	char buf[32];
	coop_rdf_datatype dt;
	int year = d->year;
	const char *sign = year < 0 ? "-" : "";
	if (year < 0)
		year = -year;
	switch (d->precision) {
	case COOP_DATE_YEAR:
		snprintf(buf, sizeof buf, "%s%04d", sign, year);
		dt = COOP_DT_G_YEAR;
		break;
	case COOP_DATE_MONTH:
		snprintf(buf, sizeof buf, "%s%04d-%02u", sign, year, (unsigned)d->month);
		dt = COOP_DT_G_YEAR_MONTH;
		break;
	case COOP_DATE_DAY:
		snprintf(buf, sizeof buf, "%s%04d-%02u-%02u", sign, year, (unsigned)d->month, (unsigned)d->day);
		dt = COOP_DT_DATE;
		break;
	default:
		return;
	}
	emit_literal(m, p, buf, NULL, dt);
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
	uint32_t n = unique_refs(m, sources, COOP_ENTITY_SOURCE);
	for (uint32_t i = 0; i < n; i++)
		emit_iri(m, COOP_P_PROV_WAS_DERIVED_FROM, m->source_iris[m->indices[i]]);
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
		coop_buf_clear(&m->object);
		coop_buf_printf(&m->object, "%s/identifier/%u", subject, i + 1);
		emit_iri(m, COOP_P_SCHEMA_IDENTIFIER, m->object.data);
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

static void map_source(coop_rdf_map *m, uint32_t index)
{
	const coop_source *s = coop_model_source(m->model, index);
	graphs_single(m, index);
	begin(m, m->source_iris[index]);
	emit_class(m, COOP_NS_PROV, "Entity");
	emit_class(m, COOP_NS_SCHEMA, "CreativeWork");
	if (s->kind < COOP_SOURCE_KIND_COUNT && source_classes[s->kind].local)
		emit_class(m, source_classes[s->kind].ns, source_classes[s->kind].local);
	emit_texts(m, COOP_P_DCTERMS_TITLE, &s->titles);
	if (resolved(&s->publisher, COOP_ENTITY_INSTITUTION))
		emit_ref(m, COOP_P_DCTERMS_PUBLISHER, &s->publisher);
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

static void map_institution(coop_rdf_map *m, uint32_t index)
{
	const coop_institution *inst = coop_model_institution(m->model, index);
	int is_unit = resolved(&inst->parent, COOP_ENTITY_INSTITUTION);
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
		emit_ref(m, COOP_P_ORG_UNIT_OF, &inst->parent);
		emit_ref(m, COOP_P_SCHEMA_PARENT_ORGANIZATION, &inst->parent);
	}

	if (has_location(inst)) {
		coop_buf_clear(&m->object);
		coop_buf_printf(&m->object, "%s/address", self);
		emit_iri(m, COOP_P_SCHEMA_ADDRESS, m->object.data);
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

	/* One edge per partner, in the graphs of every agreement that makes them partners. */
	for (size_t e = m->edge_start[index]; e < m->edge_start[index + 1];) {
		size_t end = e;
		while (end < m->edge_start[index + 1] && m->edges[end].to == m->edges[e].to)
			end++;
		uint32_t n = 0;
		for (size_t k = e; k < end; k++) {
			const coop_agreement *agr = coop_model_agreement(m->model, m->edges[k].agreement);
			coop_xgrow((void **)&m->indices, &m->index_cap, (size_t)n + agr->sources.count + 1,
			           sizeof *m->indices);
			uint32_t before = n;
			for (uint32_t s = 0; s < agr->sources.count; s++)
				if (resolved(&agr->sources.items[s], COOP_ENTITY_SOURCE))
					m->indices[n++] = agr->sources.items[s].index;
			if (n == before)
				m->indices[n++] = DEFAULT_GRAPH;
		}
		n = sort_unique(m->indices, n);
		coop_xgrow((void **)&m->graphs, &m->graph_cap, n, sizeof *m->graphs);
		memcpy(m->graphs, m->indices, n * sizeof *m->graphs);
		m->graph_set = (coop_rdf_graphs){m->graphs, n};
		emit_entity(m, COOP_P_COOP_PARTNERS_WITH, "institution",
		            coop_model_institution(m->model, m->edges[e].to)->id);
		e = end;
	}

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
	if (resolved(&prog->funder, COOP_ENTITY_INSTITUTION))
		emit_ref(m, COOP_P_SCHEMA_FUNDER, &prog->funder);
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
	coop_xgrow((void **)&m->indices, &m->index_cap, person->role_count + 1, sizeof *m->indices);
	uint32_t n = 0;
	for (uint32_t r = 0; r < person->role_count; r++)
		if (resolved(&person->roles[r].at, COOP_ENTITY_INSTITUTION))
			m->indices[n++] = person->roles[r].at.index;
	n = sort_unique(m->indices, n);
	for (uint32_t i = 0; i < n; i++)
		emit_entity(m, COOP_P_ORG_MEMBER_OF, "institution", coop_model_institution(m->model, m->indices[i])->id);
	emit_same_as(m, &person->identifiers, 1);
	emit_identifier_links(m, self, &person->identifiers);
	emit_sources(m, &person->sources);

	coop_buf iri = COOP_BUF_INIT;
	for (uint32_t r = 0; r < person->role_count; r++) {
		const coop_role *role = &person->roles[r];
		begin_child(m, self, "membership", r + 1);
		char *membership = coop_xstrdup(m->subject.data);
		emit_class(m, COOP_NS_ORG, "Membership");
		emit_iri(m, COOP_P_ORG_MEMBER, self);
		if (resolved(&role->at, COOP_ENTITY_INSTITUTION))
			emit_ref(m, COOP_P_ORG_ORGANIZATION, &role->at);
		coop_buf_clear(&iri);
		coop_buf_printf(&iri, "%s/role/%u", self, r + 1);
		emit_iri(m, COOP_P_ORG_ROLE, iri.data);
		int dated = role->start.precision != COOP_DATE_NONE || role->end.precision != COOP_DATE_NONE;
		emit_date(m, COOP_P_SCHEMA_START_DATE, &role->start);
		emit_date(m, COOP_P_SCHEMA_END_DATE, &role->end);
		if (dated) {
			coop_buf_clear(&iri);
			coop_buf_printf(&iri, "%s/interval", membership);
			emit_iri(m, COOP_P_ORG_MEMBER_DURING, iri.data);
			begin(m, iri.data);
			emit_class(m, COOP_NS_TIME, "Interval");
			coop_buf_clear(&iri);
			coop_buf_printf(&iri, "%s/interval/beginning", membership);
			if (role->start.precision != COOP_DATE_NONE)
				emit_iri(m, COOP_P_TIME_HAS_BEGINNING, iri.data);
			coop_buf_clear(&iri);
			coop_buf_printf(&iri, "%s/interval/end", membership);
			if (role->end.precision != COOP_DATE_NONE)
				emit_iri(m, COOP_P_TIME_HAS_END, iri.data);
			if (role->start.precision != COOP_DATE_NONE) {
				coop_buf_clear(&iri);
				coop_buf_printf(&iri, "%s/interval/beginning", membership);
				emit_instant(m, iri.data, &role->start);
			}
			if (role->end.precision != COOP_DATE_NONE) {
				coop_buf_clear(&iri);
				coop_buf_printf(&iri, "%s/interval/end", membership);
				emit_instant(m, iri.data, &role->end);
			}
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
		if (agr->kind_token && *agr->kind_token)
			emit_entity(m, COOP_P_DCTERMS_TYPE, "kind", agr->kind_token);
		return;
	}
	m->kind_used[agr->kind] = 1;
	emit_term(m, COOP_P_DCTERMS_TYPE, COOP_NS_COOP, kind_concepts[agr->kind].local);
}

static void map_agreement(coop_rdf_map *m, uint32_t index)
{
	const coop_agreement *agr = coop_model_agreement(m->model, index);
	graphs_from_refs(m, &agr->sources);
	begin_entity(m, "agreement", agr->id);
	char *self = coop_xstrdup(m->subject.data);

	emit_class(m, COOP_NS_COOP, "Agreement");
	emit_class(m, COOP_NS_ORG, "OrganizationalCollaboration");
	emit_kind(m, agr);
	if (agr->status > COOP_STATUS_NONE && agr->status < COOP_STATUS_COUNT) {
		m->status_used[agr->status] = 1;
		emit_term(m, COOP_P_ADMS_STATUS, COOP_NS_COOP, status_concepts[agr->status].local);
	}
	emit_labels(m, &agr->titles, NULL, COOP_P_DCTERMS_TITLE, 0);

	coop_xgrow((void **)&m->indices, &m->index_cap, agr->party_count + 1, sizeof *m->indices);
	uint32_t n = 0;
	for (uint32_t p = 0; p < agr->party_count; p++)
		if (resolved(&agr->parties[p].party, COOP_ENTITY_INSTITUTION))
			m->indices[n++] = agr->parties[p].party.index;
	n = sort_unique(m->indices, n);
	for (uint32_t i = 0; i < n; i++)
		emit_entity(m, COOP_P_ORG_HAS_MEMBER, "institution", coop_model_institution(m->model, m->indices[i])->id);

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
		coop_buf_clear(&m->object);
		coop_buf_printf(&m->object, "%s/funding/%u", self, f + 1);
		emit_iri(m, COOP_P_SCHEMA_FUNDING, m->object.data);
	}
	n = unique_refs(m, &agr->builds_on, COOP_ENTITY_AGREEMENT);
	for (uint32_t i = 0; i < n; i++)
		emit_entity(m, COOP_P_COOP_BUILDS_ON, "agreement", coop_model_agreement(m->model, m->indices[i])->id);
	emit_sources(m, &agr->sources);

	coop_buf iri = COOP_BUF_INIT;
	for (uint32_t p = 0; p < agr->party_count; p++) {
		const coop_party *party = &agr->parties[p];
		if (!party->role || !*party->role)
			continue;
		begin_child(m, self, "party", p + 1);
		emit_class(m, COOP_NS_ORG, "Membership");
		if (resolved(&party->party, COOP_ENTITY_INSTITUTION))
			emit_ref(m, COOP_P_ORG_MEMBER, &party->party);
		emit_iri(m, COOP_P_ORG_ORGANIZATION, self);
		emit_entity(m, COOP_P_ORG_ROLE, "party-role", party->role);
	}
	for (uint32_t f = 0; f < agr->funding_count; f++) {
		const coop_funding *funding = &agr->fundings[f];
		begin_child(m, self, "funding", f + 1);
		emit_class(m, COOP_NS_SCHEMA, "MonetaryGrant");
		emit_class(m, COOP_NS_FRAPO, "Grant");
		if (resolved(&funding->funder, COOP_ENTITY_INSTITUTION))
			emit_ref(m, COOP_P_SCHEMA_FUNDER, &funding->funder);
		emit_iri(m, COOP_P_SCHEMA_FUNDED_ITEM, self);
		if (resolved(&funding->programme, COOP_ENTITY_PROGRAMME))
			emit_ref(m, COOP_P_DCTERMS_IS_PART_OF, &funding->programme);
		if (funding->grant_number && *funding->grant_number)
			emit_string(m, COOP_P_FRAPO_HAS_GRANT_NUMBER, funding->grant_number);
	}
	if (agr->signatory_count) {
		m->signatory_used = 1;
		begin_child(m, self, "signing", 0);
		emit_class(m, COOP_NS_PROV, "Activity");
		emit_iri(m, COOP_P_PROV_GENERATED, self);
		coop_xgrow((void **)&m->indices, &m->index_cap, agr->signatory_count + 1, sizeof *m->indices);
		n = 0;
		for (uint32_t s = 0; s < agr->signatory_count; s++)
			if (resolved(&agr->signatories[s].person, COOP_ENTITY_PERSON))
				m->indices[n++] = agr->signatories[s].person.index;
		n = sort_unique(m->indices, n);
		for (uint32_t i = 0; i < n; i++)
			emit_entity(m, COOP_P_PROV_WAS_ASSOCIATED_WITH, "person",
			            coop_model_person(m->model, m->indices[i])->id);
		for (uint32_t s = 0; s < agr->signatory_count; s++) {
			coop_buf_clear(&iri);
			coop_buf_printf(&iri, "%s/signatory/%u", self, s + 1);
			emit_iri(m, COOP_P_PROV_QUALIFIED_ASSOCIATION, iri.data);
		}
		for (uint32_t s = 0; s < agr->signatory_count; s++) {
			const coop_signatory *sig = &agr->signatories[s];
			begin_child(m, self, "signatory", s + 1);
			emit_class(m, COOP_NS_PROV, "Association");
			emit_term(m, COOP_P_PROV_HAD_ROLE, COOP_NS_COOP, signatory_concept.local);
			if (resolved(&sig->person, COOP_ENTITY_PERSON))
				emit_ref(m, COOP_P_PROV_AGENT, &sig->person);
			if (resolved(&sig->for_party, COOP_ENTITY_INSTITUTION))
				emit_ref(m, COOP_P_COOP_ON_BEHALF_OF, &sig->for_party);
			emit_texts(m, COOP_P_DCTERMS_DESCRIPTION, &sig->descriptions);
		}
	}
	for (uint32_t q = 0; q < agr->quote_count; q++) {
		const coop_quote *quote = &agr->quotes[q];
		begin_child(m, self, "quote", q + 1);
		emit_class(m, COOP_NS_SCHEMA, "Quotation");
		if (quote->text.value)
			emit_text(m, COOP_P_SCHEMA_TEXT, &quote->text);
		if (resolved(&quote->by, COOP_ENTITY_PERSON))
			emit_ref(m, COOP_P_SCHEMA_SPOKEN_BY_CHARACTER, &quote->by);
		emit_iri(m, COOP_P_SCHEMA_ABOUT, self);
	}
	coop_buf_free(&iri);
	free(self);
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

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Concepts minted from the data ({base}kind/x-..., {base}party-role/...): each distinct token once. */
static void emit_token_concepts(coop_rdf_map *m, const char **tokens, size_t count, const char *type,
                                int is_role)
{
	if (count > 1)
		qsort(tokens, count, sizeof *tokens, compare_strings);
	for (size_t i = 0; i < count; i++) {
		if (i > 0 && strcmp(tokens[i], tokens[i - 1]) == 0)
			continue;
		begin_entity(m, type, tokens[i]);
		if (is_role)
			emit_class(m, COOP_NS_ORG, "Role");
		emit_class(m, COOP_NS_SKOS, "Concept");
		if (!is_role)
			emit_term(m, COOP_P_SKOS_IN_SCHEME, COOP_NS_COOP, "AgreementKinds");
		emit_string(m, COOP_P_SKOS_NOTATION, tokens[i]);
		emit_string(m, COOP_P_SKOS_PREF_LABEL, tokens[i]);
	}
}

static void map_concepts(coop_rdf_map *m)
{
	graphs_single(m, DEFAULT_GRAPH);
	for (int k = 0; k < COOP_AGR_KIND_COUNT; k++)
		if (m->kind_used[k] && kind_concepts[k].local)
			emit_concept(m, &kind_concepts[k]);
	for (int s = 0; s < COOP_STATUS_COUNT; s++)
		if (m->status_used[s] && status_concepts[s].local)
			emit_concept(m, &status_concepts[s]);
	if (m->signatory_used)
		emit_concept(m, &signatory_concept);

	uint32_t agr_count = coop_model_agreement_count(m->model);
	const char **tokens = NULL;
	size_t cap = 0, n = 0;
	for (uint32_t a = 0; a < agr_count; a++) {
		const coop_agreement *agr = coop_model_agreement(m->model, a);
		if ((agr->kind == COOP_AGR_CUSTOM || agr->kind >= COOP_AGR_KIND_COUNT) && agr->kind_token &&
		    *agr->kind_token) {
			coop_xgrow((void **)&tokens, &cap, n + 1, sizeof *tokens);
			tokens[n++] = agr->kind_token;
		}
	}
	emit_token_concepts(m, tokens, n, "kind", 0);
	n = 0;
	for (uint32_t a = 0; a < agr_count; a++) {
		const coop_agreement *agr = coop_model_agreement(m->model, a);
		for (uint32_t p = 0; p < agr->party_count; p++) {
			if (agr->parties[p].role && *agr->parties[p].role) {
				coop_xgrow((void **)&tokens, &cap, n + 1, sizeof *tokens);
				tokens[n++] = agr->parties[p].role;
			}
		}
	}
	emit_token_concepts(m, tokens, n, "party-role", 1);
	free(tokens);
}

coop_result coop_rdf_map_run(coop_rdf_map *m, const coop_rdf_sink *sink, coop_diag_sink *diag,
                             uint64_t *statements)
{
	m->sink = sink;
	m->diag = diag;
	m->count = 0;
	m->failed = 0;
	memset(m->kind_used, 0, sizeof m->kind_used);
	memset(m->status_used, 0, sizeof m->status_used);
	m->signatory_used = 0;

	for (uint32_t i = 0; i < m->source_count; i++)
		map_source(m, i);
	for (uint32_t i = 0, n = coop_model_institution_count(m->model); i < n; i++)
		map_institution(m, i);
	for (uint32_t i = 0, n = coop_model_programme_count(m->model); i < n; i++)
		map_programme(m, i);
	for (uint32_t i = 0, n = coop_model_person_count(m->model); i < n; i++)
		map_person(m, i);
	for (uint32_t i = 0, n = coop_model_agreement_count(m->model); i < n; i++)
		map_agreement(m, i);
	map_concepts(m);

	if (statements)
		*statements = m->count;
	return m->failed ? COOP_ERR_INTERNAL : COOP_OK;
}
