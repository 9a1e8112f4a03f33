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
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "coopgraph/graph.h"
#include "coopgraph/reader.h"
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

/*
 * Reading again instead of keeping. The institution views need the title of every agreement a drawn
 * one builds on and the title, URL and date of every source a drawn one cites; which ones is known
 * only at the end (the parties' countries are), so they used to be kept for all: at 1M agreements,
 * 710,000 sources and a million titles, about 110 MB. Now each one's place in its file is kept (12
 * bytes), and at the end the needed ones are read again, file by file, as one small document: the
 * file's bytes up to its first entity, the needed entities, and its bytes after its last entity.
 * A file that is not a regular file (standard input), or whose entity's place is unknown, keeps
 * its data as before.
 */
typedef struct {
	uint64_t *start; /* file index + 1 in the top 16 bits, 0 there: not to be read again */
	uint32_t *len;
	size_t count, cap, cap_len;
} span_vec;

#define SPAN_FILE_SHIFT 48
#define SPAN_OFFSET_MASK ((UINT64_C(1) << SPAN_FILE_SHIFT) - 1)

typedef struct {
	const char *path; /* the model's interned name, as given */
	uint64_t head_end, tail_start; /* before the first entity, after the last */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	int regular;
	int needed;
} file_rec;

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
	/* institution views: agreements' titles and sources' details are read a second time, for the
	 * few the picture shows, from where they lie in their files (below) */
	span_vec agreement_spans, source_spans;
	file_rec *files;
	size_t nfiles, cap_files;
	int defer;          /* read again instead of keeping (institutions view with --country) */
	uint32_t span_file; /* the latest entity: its file (index + 1; 0: not to be read again) */
	uint64_t span_start, span_end;
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
	/* the only view whose drawn agreements the collector can tell: the other institution views draw
	 * all it keeps, or what an ego search finds */
	c->defer = opts->view == COOP_GRAPH_VIEW_INSTITUTIONS && opts->country_count > 0;
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
	free(c->agreement_spans.start);
	free(c->agreement_spans.len);
	free(c->source_spans.start);
	free(c->source_spans.len);
	free(c->files);
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

/* Keeps where entity k is, if its file can be read again; returns whether it can. */
static int keep_span(coop_graph_collector *c, span_vec *v, size_t k)
{
	if (k >= v->count) {
		size_t n = k + 1;
		coop_xgrow((void **)&v->start, &v->cap, n, sizeof *v->start);
		coop_xgrow((void **)&v->len, &v->cap_len, n, sizeof *v->len);
		memset(v->start + v->count, 0, (n - v->count) * sizeof *v->start);
		memset(v->len + v->count, 0, (n - v->count) * sizeof *v->len);
		v->count = n;
	}
	if (!c->span_file || c->span_end - c->span_start > UINT32_MAX) {
		v->start[k] = 0;
		return 0;
	}
	v->start[k] = (uint64_t)c->span_file << SPAN_FILE_SHIFT | c->span_start;
	v->len[k] = (uint32_t)(c->span_end - c->span_start);
	return 1;
}

static int span_deferred(const span_vec *v, size_t k)
{
	return k < v->count && v->start[k] >> SPAN_FILE_SHIFT;
}

void coop_graph_collect_span(void *payload, const char *file, uint64_t start, uint64_t end)
{
	coop_graph_collector *c = payload;
	c->span_file = 0;
	if (!c->defer || !file)
		return;
	file_rec *f = c->nfiles ? &c->files[c->nfiles - 1] : NULL;
	if (!f || f->path != file) {
		coop_xgrow((void **)&c->files, &c->cap_files, c->nfiles + 1, sizeof *c->files);
		f = &c->files[c->nfiles++];
		memset(f, 0, sizeof *f);
		f->path = file;
		f->head_end = UINT64_MAX;
		struct stat st;
		/* file indices live in 16 bits; a later file beyond that keeps its data */
		if (c->nfiles < 0xffff && stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
			f->regular = 1;
			f->dev = st.st_dev;
			f->ino = st.st_ino;
			f->size = st.st_size;
			f->mtime = st.st_mtim;
		}
	}
	if (!f->regular || end <= start || end > SPAN_OFFSET_MASK)
		return; /* this entity keeps its data */
	if (start < f->head_end)
		f->head_end = start;
	f->tail_start = end;
	c->span_file = (uint32_t)c->nfiles;
	c->span_start = start;
	c->span_end = end;
}

/* The title "Builds on" names: the one picked for the languages asked for, else the ID. */
static void put_title(coop_graph_collector *c, size_t k, const coop_agreement *a)
{
	const char *title = coop_texts_pick(&a->titles, c->o->langs);
	c->titles[k] = store_put(&c->chars, title ? title : a->id);
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
		if (keep_span(c, &c->agreement_spans, k))
			c->titles[k] = NO_STR; /* read again if a drawn agreement builds on it */
		else
			put_title(c, k, a);
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

static void fill_source(coop_graph_collector *c, source_rec *r, const coop_source *src)
{
	const char *title = coop_texts_pick(&src->titles, c->o->langs);
	r->title = title ? store_put(&c->chars, title) : NO_STR;
	/* only the views with tooltips link to sources; an unsafe URL is never used */
	r->url = c->keep == KEEP_COPIES && src->url && coop_url_safe(src->url) ? store_put(&c->chars, src->url)
	                                                                        : NO_STR;
}

void coop_graph_collect_source(void *payload, const coop_model *model, const coop_source *src)
{
	coop_graph_collector *c = payload;
	if (c->keep == KEEP_NOTHING || !src->id)
		return;
	size_t k = coop_model_streamed_source_count(model) - 1;
	grow_to((void **)&c->sources, &c->nsources, &c->cap_sources, k, sizeof *c->sources);
	source_rec *r = &c->sources[k];
	r->id = store_put(&c->chars, src->id);
	r->date_kind = PACK_DATE_KIND(src->kind, src->date);
	if (keep_span(c, &c->source_spans, k)) {
		r->title = r->url = NO_STR; /* read again if a drawn agreement cites it */
		return;
	}
	fill_source(c, r, src);
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

/* ---- reading again what the picture needs ---- */

typedef struct {
	uint64_t start; /* as in span_vec */
	uint32_t len;
	uint32_t ordinal; /* in vec */
	const span_vec *vec;
} wanted;

typedef struct {
	wanted *items;
	size_t count, cap;
} wanted_vec;

static void want(wanted_vec *w, const span_vec *v, size_t k)
{
	if (!span_deferred(v, k))
		return;
	coop_xgrow((void **)&w->items, &w->cap, w->count + 1, sizeof *w->items);
	w->items[w->count++] = (wanted){v->start[k], v->len[k], (uint32_t)k, v};
}

static int cmp_wanted(const void *x, const void *y)
{
	uint64_t a = ((const wanted *)x)->start, b = ((const wanted *)y)->start;
	return a < b ? -1 : a > b;
}

/* The --country test of the view (graph_view.c, agreement_passes), the other filters having been
 * applied when the agreement was collected: a party, or the institution it is a unit of, in one of
 * the countries. */
static int may_be_drawn(const coop_graph_collector *c, const coop_model *m, const coop_agreement *a)
{
	const coop_graph_opts *o = c->o;
	uint32_t ninst = coop_model_institution_count(m);
	for (uint32_t p = 0; p < a->party_count; p++) {
		const coop_ref *r = &a->parties[p].party;
		coop_index i = r->type == COOP_ENTITY_INSTITUTION ? r->index : COOP_NONE;
		for (uint32_t steps = 0; i != COOP_NONE && steps < ninst; steps++) {
			const coop_institution *inst = coop_model_institution(m, i);
			if (inst->country) {
				if (in_list(inst->country, o->countries, o->country_count))
					return 1;
				break;
			}
			i = inst->parent.type == COOP_ENTITY_INSTITUTION ? inst->parent.index : COOP_NONE;
		}
	}
	return 0;
}

typedef struct {
	coop_graph_collector *c;
	const coop_model *m;
} refill_ctx;

/* The ordinal of the entity read again, if it is one still waiting in v; it waits no more. */
static int take_deferred(const refill_ctx *x, const char *id, coop_entity_type type, span_vec *v, coop_index *k)
{
	if (!id || coop_model_find(x->m, id, k) != type || !span_deferred(v, *k))
		return 0;
	v->start[*k] = 0;
	return 1;
}

static void refill_agreement(void *payload, const coop_model *scratch, const coop_agreement *a)
{
	(void)scratch;
	refill_ctx *x = payload;
	coop_index k;
	if (take_deferred(x, a->id, COOP_ENTITY_AGREEMENT, &x->c->agreement_spans, &k))
		put_title(x->c, k, a);
}

static void refill_source(void *payload, const coop_model *scratch, const coop_source *src)
{
	(void)scratch;
	refill_ctx *x = payload;
	coop_index k;
	if (take_deferred(x, src->id, COOP_ENTITY_SOURCE, &x->c->source_spans, &k))
		fill_source(x->c, &x->c->sources[k], src);
}

static int read_range(int fd, uint64_t at, uint64_t n, coop_buf *out)
{
	coop_buf_reserve(out, (size_t)n);
	while (n > 0) {
		ssize_t r = pread(fd, out->data + out->len, (size_t)n, (off_t)at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		out->len += (size_t)r;
		out->data[out->len] = '\0';
		at += (uint64_t)r;
		n -= (uint64_t)r;
	}
	return 0;
}

/* Reads file f's wanted entities [from, to) again, as one document: the file up to its first
 * entity, the wanted ones in file order, the file after its last entity. The file must be the one
 * read before (same device, inode, size and time of change) and the document must read cleanly. */
static coop_result read_again(coop_graph_collector *c, const coop_model *m, const file_rec *f, const wanted *from,
                              const wanted *to, coop_diag_sink *diag)
{
	coop_buf doc = COOP_BUF_INIT;
	struct stat st;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	int same = fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == f->dev && st.st_ino == f->ino &&
	           st.st_size == f->size && st.st_mtim.tv_sec == f->mtime.tv_sec &&
	           st.st_mtim.tv_nsec == f->mtime.tv_nsec;
	int ok = same && read_range(fd, 0, f->head_end, &doc) == 0;
	for (const wanted *w = from; ok && w < to; w++)
		ok = read_range(fd, w->start & SPAN_OFFSET_MASK, w->len, &doc) == 0;
	ok = ok && read_range(fd, f->tail_start, (uint64_t)f->size - f->tail_start, &doc) == 0;
	if (fd >= 0)
		close(fd);
	if (ok) {
		coop_model *scratch = coop_model_new();
		coop_read_opts ro = COOP_READ_OPTS_INIT;
		refill_ctx x = {c, m};
		ro.stream_agreements = 1;
		ro.on_agreement = refill_agreement;
		ro.stream_sources = 1;
		ro.on_source = refill_source;
		ro.payload = &x;
		/* the rules across entities may object to a document that lacks the rest of the dataset:
		 * only the reading itself (XML, schema) counts, and that every wanted entity came back */
		coop_diag_sink quiet = COOP_DIAG_SINK_INIT;
		ok = coop_read_memory(scratch, f->path, doc.data ? doc.data : "", doc.len, &ro, &quiet) == COOP_OK;
		coop_model_free(scratch);
		for (const wanted *w = from; ok && w < to; w++)
			ok = !span_deferred(w->vec, w->ordinal);
	}
	coop_buf_free(&doc);
	if (ok)
		return COOP_OK;
	coop_diag(diag, COOP_SEV_ERROR, NULL,
	          "%s changed while coopgraph read it (this picture reads parts of it twice): %s; run again", f->path,
	          !same ? "it is not the same file any more" : "its entities are not where they were");
	return COOP_ERR_IO;
}

/* Reads again the titles and sources that the agreements the view may draw need. */
static coop_result fetch_deferred(coop_graph_collector *c, const coop_model *m, coop_diag_sink *diag)
{
	wanted_vec w = {NULL, 0, 0};
	for (size_t k = 0; k < c->nagreements; k++) {
		const coop_agreement *a = c->agreements[k];
		if (!may_be_drawn(c, m, a))
			continue;
		for (uint32_t b = 0; b < a->builds_on.count; b++)
			if (a->builds_on.items[b].type == COOP_ENTITY_AGREEMENT)
				want(&w, &c->agreement_spans, a->builds_on.items[b].index);
		for (uint32_t s = 0; s < a->sources.count; s++)
			if (a->sources.items[s].type == COOP_ENTITY_SOURCE)
				want(&w, &c->source_spans, a->sources.items[s].index);
	}
	if (w.count > 1)
		qsort(w.items, w.count, sizeof *w.items, cmp_wanted);
	/* one entity may be wanted by several agreements */
	size_t n = 0;
	for (size_t i = 0; i < w.count; i++)
		if (n == 0 || w.items[i].start != w.items[n - 1].start)
			w.items[n++] = w.items[i];
	coop_result rc = COOP_OK;
	for (size_t i = 0; i < n && rc == COOP_OK;) {
		size_t j = i;
		uint64_t file = w.items[i].start >> SPAN_FILE_SHIFT;
		while (j < n && w.items[j].start >> SPAN_FILE_SHIFT == file)
			j++;
		rc = read_again(c, m, &c->files[file - 1], w.items + i, w.items + j, diag);
		i = j;
	}
	free(w.items);
	return rc;
}

coop_result coop_graph_render_collected(const coop_model *model, coop_graph_collector *c,
                                        const coop_graph_opts *opts, char **data, size_t *size,
                                        coop_diag_sink *diag)
{
	if (coop_model_agreement_count(model) > 0) /* the reader kept the agreements after all */
		return coop_graph_render(model, opts, data, size, diag);
	resolve(c, model);
	if (c->defer) {
		coop_result rc = fetch_deferred(c, model, diag);
		if (rc != COOP_OK)
			return rc;
	}
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
