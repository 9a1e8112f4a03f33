/*
 * `coopgraph graph` without keeping the agreements and sources in the model (graph.h, collector).
 *
 * The reader hands each agreement and source over once and forgets it. The filters that need no
 * other entity (kind, status, dates) are applied at once; everything about the parties' countries
 * has to wait, because in a dataset the institutions may come after the agreements that name
 * them. So party references are kept as IDs, interned once here (a million agreements name the
 * same hundred thousand institutions over and over), and resolved with coop_model_find() when the
 * model is complete; a source reference is resolved at once when the source came first. What is
 * kept per agreement depends on the view:
 *
 * - countries: a brief (its ID, its parties' interned IDs and its sources), 8 bytes plus 4 per
 *   reference, instead of a coop_agreement of several hundred;
 * - institutions, ego: a deep copy of each agreement that passed the filters (the tooltips show
 *   nearly everything), plus the picked title of every agreement, because "Builds on" names an
 *   earlier agreement even when the filters left that one out;
 * - people: nothing, the view draws no agreement.
 *
 * Sources are kept for every view that draws agreements (their ID, picked title, date, kind and
 * URL): a source usually comes before the agreements that cite it, so which ones will be needed is
 * not known when they pass.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "coopgraph/graph.h"
#include "escape.h"
#include "graph_view.h"
#include "model_copy.h"

/* ---- strings behind 32-bit offsets: half the size of pointers in the per-record tables ---- */

#define CHUNK_BITS 20
#define CHUNK ((size_t)1 << CHUNK_BITS)
#define MAX_SLOTS ((size_t)1 << (32 - CHUNK_BITS))
#define NO_STR UINT32_MAX

typedef struct {
	char **slots;   /* slot k holds offsets k << CHUNK_BITS onwards */
	char **bases;   /* what to free: one block per run of slots */
	size_t nslots, cap_slots, nbases, cap_bases;
	size_t used;    /* bytes used in the last slot */
} str_store;

static uint32_t store_put(str_store *s, const char *str)
{
	size_t n = strlen(str) + 1;
	if (s->nslots == 0 || s->used + n > CHUNK) {
		/* a string longer than a chunk gets a run of slots of its own */
		size_t k = (n + CHUNK - 1) / CHUNK;
		if (s->nslots + k >= MAX_SLOTS)
			coop_oom(); /* 4 GiB of IDs and titles: beyond what a graph is drawn from */
		char *mem = coop_xmalloc(k * CHUNK);
		coop_xgrow((void **)&s->bases, &s->cap_bases, s->nbases + 1, sizeof *s->bases);
		s->bases[s->nbases++] = mem;
		coop_xgrow((void **)&s->slots, &s->cap_slots, s->nslots + k, sizeof *s->slots);
		for (size_t i = 0; i < k; i++)
			s->slots[s->nslots + i] = mem + i * CHUNK;
		s->nslots += k;
		s->used = 0;
		memcpy(mem, str, n);
		uint32_t at = (uint32_t)((s->nslots - k) << CHUNK_BITS);
		s->used = k > 1 ? CHUNK : n;
		return at;
	}
	char *to = s->slots[s->nslots - 1] + s->used;
	memcpy(to, str, n);
	uint32_t at = (uint32_t)(((s->nslots - 1) << CHUNK_BITS) + s->used);
	s->used += n;
	return at;
}

static const char *store_get(const str_store *s, uint32_t at)
{
	return s->slots[at >> CHUNK_BITS] + (at & (CHUNK - 1));
}

static void store_free(str_store *s)
{
	for (size_t i = 0; i < s->nbases; i++)
		free(s->bases[i]);
	free(s->bases);
	free(s->slots);
}

/* ---- interned IDs ---- */

/*
 * The IDs that references name: parties, whose institutions usually come after the agreements, and
 * the rare source not seen yet. Agreements and sources themselves are not interned: the model has
 * already indexed each one by the time it is collected (coop_model_find gives its ordinal among the
 * streamed ones), so the collector keeps them in arrays by that ordinal. At a million of each, a
 * second index of their IDs was 60 MB of the institutions view's 430.
 */
enum { ID_UNKNOWN = 0, ID_INSTITUTION };

typedef struct {
	uint32_t str;
	uint32_t hash;
	uint32_t data; /* the institution's index once resolved */
	uint32_t type;
} id_entry;

/* A source reference resolved when collected: its ordinal with this bit set; without it, an entry. */
#define REF_ORDINAL 0x80000000u

/* What the views show of a source, by its ordinal among the streamed sources. */
typedef struct {
	uint32_t id, title, url; /* offsets in chars; title and url NO_STR when absent (an unsafe URL too) */
	uint32_t date_kind;      /* the date and the kind, packed */
} source_rec;

#define PACK_DATE_KIND(kind, d)                                                                          \
	(((uint32_t)(kind) & 7u) | ((uint32_t)(d).precision & 3u) << 3 | ((uint32_t)(d).day & 31u) << 5 |   \
	 ((uint32_t)(d).month & 15u) << 10 | (uint32_t)(uint16_t)(d).year << 16)
_Static_assert(COOP_SOURCE_KIND_COUNT <= 8, "a source kind is packed in 3 bits");
#define UNPACK_KIND(x) ((x) & 7u)
#define UNPACK_PRECISION(x) (((x) >> 3) & 3u)
#define UNPACK_DAY(x) (((x) >> 5) & 31u)
#define UNPACK_MONTH(x) (((x) >> 10) & 15u)
#define UNPACK_YEAR(x) ((int16_t)(uint16_t)((x) >> 16))

/*
 * Briefs are only ever read in order, so where each one's references start is not stored: a
 * cursor walks the references. 8 bytes per agreement, plus 4 per party and source.
 */
#define PARTY_BITS 11
#define COUNTS_LONG UINT32_MAX /* the two counts are in front of the references */

typedef struct {
	uint32_t id;     /* offset of the agreement's ID, or NO_STR */
	uint32_t counts; /* parties | sources << PARTY_BITS, or COUNTS_LONG */
} brief_rec;

typedef struct {
	brief_rec *recs;
	size_t count, cap;
	uint32_t *refs; /* parties, then sources: entries and ordinals, then institution and source indices */
	size_t nrefs, cap_refs;
	size_t at, at_ref; /* the cursor */
} brief_vec;

static void brief_counts(const brief_vec *v, size_t k, size_t ref, uint32_t *parties, uint32_t *sources,
                         size_t *data)
{
	uint32_t counts = v->recs[k].counts;
	if (counts == COUNTS_LONG) {
		*parties = v->refs[ref];
		*sources = v->refs[ref + 1];
		*data = ref + 2;
	} else {
		*parties = counts & ((1u << PARTY_BITS) - 1);
		*sources = counts >> PARTY_BITS;
		*data = ref;
	}
}

/* Moves the cursor to brief k; returns where its references start. */
static size_t brief_seek(brief_vec *v, size_t k)
{
	if (k < v->at) {
		v->at = 0;
		v->at_ref = 0;
	}
	while (v->at < k) {
		uint32_t np, ns;
		size_t data;
		brief_counts(v, v->at, v->at_ref, &np, &ns, &data);
		v->at_ref = data + np + ns;
		v->at++;
	}
	return v->at_ref;
}

static void brief_vec_free(brief_vec *v)
{
	free(v->recs);
	free(v->refs);
}

enum { KEEP_NOTHING = 0, KEEP_BRIEFS, KEEP_COPIES };

struct coop_graph_collector {
	const coop_graph_opts *o;
	int keep;
	str_store chars;
	id_entry *entries;
	size_t nentries, cap_entries;
	uint32_t *slots; /* entry index + 1; 0: empty */
	size_t nslots;
	/* briefs: the country view's agreements, and those the date filter left out for lack of dates
	 * while --country is still to be decided */
	brief_vec briefs, undated;
	uint32_t undated_dropped;
	source_rec *sources; /* by ordinal among the streamed sources */
	size_t nsources, cap_sources;
	uint32_t *titles; /* institution views: by ordinal among the streamed agreements, the picked title */
	size_t ntitles, cap_titles;
	/* copies */
	coop_arena arena;
	coop_copier copier;
	coop_agreement **agreements;
	size_t nagreements, cap_agreements;
	int resolved;
	int model_sources; /* the caller did not stream sources: the model has them */
};

static uint32_t hash_id(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void rehash(coop_graph_collector *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 4096;
	uint32_t *slots = coop_xcalloc(n, sizeof *slots);
	for (size_t e = 0; e < c->nentries; e++) {
		size_t j = c->entries[e].hash & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = (uint32_t)e + 1;
	}
	free(c->slots);
	c->slots = slots;
	c->nslots = n;
}

static uint32_t find_id(const coop_graph_collector *c, const char *id, uint32_t hash)
{
	if (!c->nslots)
		return UINT32_MAX;
	for (size_t j = hash & (c->nslots - 1); c->slots[j]; j = (j + 1) & (c->nslots - 1)) {
		const id_entry *e = &c->entries[c->slots[j] - 1];
		if (e->hash == hash && strcmp(store_get(&c->chars, e->str), id) == 0)
			return c->slots[j] - 1;
	}
	return UINT32_MAX;
}

static uint32_t intern(coop_graph_collector *c, const char *id)
{
	uint32_t hash = hash_id(id);
	uint32_t found = find_id(c, id, hash);
	if (found != UINT32_MAX)
		return found;
	if ((c->nentries + 1) * 4 > c->nslots * 3)
		rehash(c);
	if (c->nentries >= UINT32_MAX - 1)
		coop_oom();
	coop_xgrow((void **)&c->entries, &c->cap_entries, c->nentries + 1, sizeof *c->entries);
	uint32_t e = (uint32_t)c->nentries++;
	c->entries[e] = (id_entry){store_put(&c->chars, id), hash, COOP_NONE, ID_UNKNOWN};
	size_t j = hash & (c->nslots - 1);
	while (c->slots[j])
		j = (j + 1) & (c->nslots - 1);
	c->slots[j] = e + 1;
	return e;
}

/* ---- collecting ---- */

coop_graph_collector *coop_graph_collector_new(const coop_graph_opts *opts)
{
	coop_graph_collector *c = coop_xcalloc(1, sizeof *c);
	c->o = opts;
	c->keep = opts->view == COOP_GRAPH_VIEW_PEOPLE      ? KEEP_NOTHING
	          : opts->view == COOP_GRAPH_VIEW_COUNTRIES ? KEEP_BRIEFS
	                                                    : KEEP_COPIES;
	coop_arena_init(&c->arena);
	coop_copier_init(&c->copier, &c->arena);
	return c;
}

void coop_graph_collector_free(coop_graph_collector *c)
{
	if (!c)
		return;
	store_free(&c->chars);
	free(c->entries);
	free(c->slots);
	brief_vec_free(&c->briefs);
	brief_vec_free(&c->undated);
	free(c->sources);
	free(c->titles);
	free(c->agreements);
	coop_arena_free(&c->arena);
	free(c);
}

static int in_list(const char *s, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (s && strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* A source the model knows already (the usual case: a source comes before the agreements citing it)
 * is kept by ordinal; another one by its ID, looked up when the model is complete. */
static uint32_t source_ref(coop_graph_collector *c, const coop_model *model, const char *id)
{
	coop_index i;
	if (!id)
		return UINT32_MAX;
	if (coop_model_find(model, id, &i) == COOP_ENTITY_SOURCE && i < REF_ORDINAL)
		return i | REF_ORDINAL;
	return intern(c, id);
}

static void add_brief(coop_graph_collector *c, const coop_model *model, const coop_agreement *a, int undated)
{
	brief_vec *v = undated ? &c->undated : &c->briefs;
	uint32_t np = a->party_count, ns = undated ? 0 : a->sources.count; /* an undated one is only counted */
	int is_long = np >= (1u << PARTY_BITS) || ns >= (1u << (32 - PARTY_BITS)) - 1;
	size_t need = v->nrefs + np + ns + (is_long ? 2 : 0);
	coop_xgrow((void **)&v->recs, &v->cap, v->count + 1, sizeof *v->recs);
	brief_rec *r = &v->recs[v->count++];
	r->id = undated || !a->id ? NO_STR : store_put(&c->chars, a->id);
	r->counts = is_long ? COUNTS_LONG : np | ns << PARTY_BITS;
	coop_xgrow((void **)&v->refs, &v->cap_refs, need + 1, sizeof *v->refs);
	if (is_long) {
		v->refs[v->nrefs++] = np;
		v->refs[v->nrefs++] = ns;
	}
	for (uint32_t p = 0; p < np; p++) {
		const char *id = a->parties[p].party.id;
		v->refs[v->nrefs++] = id ? intern(c, id) : UINT32_MAX;
	}
	for (uint32_t s = 0; s < ns; s++)
		v->refs[v->nrefs++] = source_ref(c, model, a->sources.items[s].id);
}

/* Makes room for the record of ordinal k, the records skipped on the way (entities without an ID,
 * which the reader does not hand over) set to none. */
static void grow_to(void **items, size_t *count, size_t *cap, size_t k, size_t item_size)
{
	coop_xgrow(items, cap, k + 1, item_size);
	if (k >= *count) {
		memset((char *)*items + *count * item_size, 0xff, (k + 1 - *count) * item_size);
		*count = k + 1;
	}
}

void coop_graph_collect_agreement(void *payload, const coop_model *model, const coop_agreement *a)
{
	coop_graph_collector *c = payload;
	if (c->keep == KEEP_NOTHING)
		return;
	const coop_graph_opts *o = c->o;
	if (c->keep == KEEP_COPIES && a->id) {
		/* every agreement's title: a kept one may build on it */
		size_t k = coop_model_streamed_agreement_count(model) - 1;
		grow_to((void **)&c->titles, &c->ntitles, &c->cap_titles, k, sizeof *c->titles);
		const char *title = coop_texts_pick(&a->titles, o->langs);
		c->titles[k] = store_put(&c->chars, title ? title : a->id);
	}
	/* the same tests in the same order as the view's filter (graph_view.c), the country aside */
	if (o->kind_count && !in_list(a->kind_token ? a->kind_token : coop_agr_kind_token(a->kind), o->kinds,
	                              o->kind_count))
		return;
	if (o->statuses && !(o->statuses & COOP_GRAPH_STATUS_BIT(a->status)))
		return;
	if (!coop_view_agreement_dates_pass(a, o)) {
		if (coop_view_agreement_dated(a))
			return;
		if (o->country_count)
			add_brief(c, model, a, 1);
		else
			c->undated_dropped++;
		return;
	}
	if (c->keep == KEEP_BRIEFS) {
		add_brief(c, model, a, 0);
		return;
	}
	coop_xgrow((void **)&c->agreements, &c->cap_agreements, c->nagreements + 1, sizeof *c->agreements);
	c->agreements[c->nagreements++] = coop_agreement_copy(&c->copier, a);
}

void coop_graph_collect_source(void *payload, const coop_model *model, const coop_source *src)
{
	coop_graph_collector *c = payload;
	if (c->keep == KEEP_NOTHING || !src->id)
		return;
	size_t k = coop_model_streamed_source_count(model) - 1;
	grow_to((void **)&c->sources, &c->nsources, &c->cap_sources, k, sizeof *c->sources);
	const char *title = coop_texts_pick(&src->titles, c->o->langs);
	source_rec *r = &c->sources[k];
	r->id = store_put(&c->chars, src->id);
	r->title = title ? store_put(&c->chars, title) : NO_STR;
	/* only the views with tooltips link to sources; an unsafe URL is never used */
	r->url = c->keep == KEEP_COPIES && src->url && coop_url_safe(src->url) ? store_put(&c->chars, src->url)
	                                                                        : NO_STR;
	r->date_kind = PACK_DATE_KIND(src->kind, src->date);
}

/* ---- resolving, once the model is complete ---- */

static coop_index entry_institution(coop_graph_collector *c, const coop_model *m, uint32_t e)
{
	if (e == UINT32_MAX)
		return COOP_NONE;
	id_entry *en = &c->entries[e];
	if (en->type == ID_UNKNOWN) {
		coop_index i;
		if (coop_model_find(m, store_get(&c->chars, en->str), &i) == COOP_ENTITY_INSTITUTION) {
			en->type = ID_INSTITUTION;
			en->data = i;
		} else {
			en->data = COOP_NONE;
		}
	}
	return en->type == ID_INSTITUTION ? en->data : COOP_NONE;
}

static coop_index entry_source(const coop_graph_collector *c, const coop_model *m, uint32_t ref)
{
	if (ref == UINT32_MAX)
		return COOP_NONE;
	if (ref & REF_ORDINAL)
		return ref & ~REF_ORDINAL;
	coop_index i;
	return coop_model_find(m, store_get(&c->chars, c->entries[ref].str), &i) == COOP_ENTITY_SOURCE ? i : COOP_NONE;
}

static void resolve_briefs(coop_graph_collector *c, const coop_model *m, brief_vec *v)
{
	for (size_t k = 0; k < v->count; k++) {
		uint32_t np, ns;
		size_t data;
		brief_counts(v, k, brief_seek(v, k), &np, &ns, &data);
		uint32_t *r = &v->refs[data];
		for (uint32_t p = 0; p < np; p++)
			r[p] = entry_institution(c, m, r[p]);
		for (uint32_t s = 0; s < ns; s++)
			r[np + s] = entry_source(c, m, r[np + s]);
	}
}

/* A streamed agreement or source resolves to its ordinal, which indexes the collector's records. */
static void resolve_ref(const coop_model *m, coop_ref *r, coop_entity_type want)
{
	r->type = COOP_ENTITY_NONE;
	r->index = COOP_NONE;
	if (!r->id)
		return;
	coop_index i;
	if (coop_model_find(m, r->id, &i) == want) {
		r->type = want;
		r->index = i;
	}
}

static void resolve(coop_graph_collector *c, const coop_model *m)
{
	if (c->resolved)
		return;
	c->resolved = 1;
	c->model_sources = coop_model_source_count(m) > 0;
	resolve_briefs(c, m, &c->briefs);
	resolve_briefs(c, m, &c->undated);
	for (size_t k = 0; k < c->nagreements; k++) {
		coop_agreement *a = c->agreements[k];
		for (uint32_t p = 0; p < a->party_count; p++)
			resolve_ref(m, &a->parties[p].party, COOP_ENTITY_INSTITUTION);
		for (uint32_t f = 0; f < a->funding_count; f++) {
			resolve_ref(m, &a->fundings[f].funder, COOP_ENTITY_INSTITUTION);
			resolve_ref(m, &a->fundings[f].programme, COOP_ENTITY_PROGRAMME);
		}
		for (uint32_t s = 0; s < a->signatory_count; s++) {
			resolve_ref(m, &a->signatories[s].person, COOP_ENTITY_PERSON);
			resolve_ref(m, &a->signatories[s].for_party, COOP_ENTITY_INSTITUTION);
		}
		for (uint32_t q = 0; q < a->quote_count; q++)
			resolve_ref(m, &a->quotes[q].by, COOP_ENTITY_PERSON);
		for (uint32_t b = 0; b < a->builds_on.count; b++)
			resolve_ref(m, &a->builds_on.items[b], COOP_ENTITY_AGREEMENT);
		for (uint32_t s = 0; s < a->sources.count; s++)
			resolve_ref(m, &a->sources.items[s], COOP_ENTITY_SOURCE);
	}
	/* nothing is looked up by ID any more: the drawing needs the room */
	free(c->slots);
	c->slots = NULL;
	c->nslots = 0;
}

/* ---- the view's input ---- */

static void fill_brief(const coop_graph_collector *c, brief_vec *v, uint32_t k, coop_view_brief *out)
{
	uint32_t np, ns;
	size_t data;
	brief_counts(v, k, brief_seek(v, k), &np, &ns, &data);
	out->id = v->recs[k].id == NO_STR ? "" : store_get(&c->chars, v->recs[k].id);
	out->parties = &v->refs[data];
	out->party_count = np;
	out->sources = &v->refs[data + np];
	out->source_count = ns;
}

static void get_brief(void *ctx, uint32_t i, coop_view_brief *out)
{
	coop_graph_collector *c = ctx;
	fill_brief(c, &c->briefs, i, out);
}

static void get_undated(void *ctx, uint32_t i, coop_view_brief *out)
{
	coop_graph_collector *c = ctx;
	fill_brief(c, &c->undated, i, out);
}

static void get_source(void *ctx, coop_index i, coop_view_source *out)
{
	const coop_graph_collector *c = ctx;
	const source_rec *r = &c->sources[i];
	out->id = r->id == NO_STR ? "" : store_get(&c->chars, r->id);
	out->title = r->title == NO_STR ? NULL : store_get(&c->chars, r->title);
	out->url = r->url == NO_STR ? NULL : store_get(&c->chars, r->url);
	memset(&out->date, 0, sizeof out->date);
	out->date.year = UNPACK_YEAR(r->date_kind);
	out->date.month = (uint8_t)UNPACK_MONTH(r->date_kind);
	out->date.day = (uint8_t)UNPACK_DAY(r->date_kind);
	out->date.precision = (uint8_t)UNPACK_PRECISION(r->date_kind);
	out->kind = (coop_source_kind)UNPACK_KIND(r->date_kind);
}

static const char *agreement_title(void *ctx, coop_index i)
{
	const coop_graph_collector *c = ctx;
	return i < c->ntitles && c->titles[i] != NO_STR ? store_get(&c->chars, c->titles[i]) : "";
}

coop_result coop_graph_render_collected(const coop_model *model, coop_graph_collector *c,
                                        const coop_graph_opts *opts, char **data, size_t *size,
                                        coop_diag_sink *diag)
{
	if (coop_model_agreement_count(model) > 0) /* the reader kept the agreements after all */
		return coop_graph_render(model, opts, data, size, diag);
	resolve(c, model);
	coop_view_input in;
	memset(&in, 0, sizeof in);
	in.model = model;
	in.agreements = (const coop_agreement *const *)c->agreements;
	in.agreement_count = (uint32_t)c->nagreements;
	if (c->keep == KEEP_BRIEFS) {
		in.brief_count = (uint32_t)c->briefs.count;
		in.get_brief = get_brief;
	}
	in.undated_count = (uint32_t)c->undated.count;
	in.get_undated = get_undated;
	in.undated_dropped = c->undated_dropped;
	if (!c->model_sources) {
		in.source_count = (uint32_t)c->nsources;
		in.get_source = get_source;
	} else {
		in.source_count = coop_model_source_count(model);
	}
	in.agreement_title = agreement_title;
	in.ctx = c;
	return coop_graph_render_input(&in, opts, data, size, diag);
}
