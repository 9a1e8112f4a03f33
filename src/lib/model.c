/*
 * The model: storage, the ID index, and the rules that span entities and files (coop_model_link).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "iso3166.h"
#include "model_impl.h"

/* ---- tokens of the input language ---- */

static const char *const inst_kinds[COOP_INST_KIND_COUNT] = {
	"university-hospital", "hospital", "university", "research-institute", "funding-agency",
	"government", "company", "other", "clinic", "department", "faculty", "institute",
};

static const char *const source_kinds[COOP_SOURCE_KIND_COUNT] = {
	"press-release", "web-page", "news-article", "contract-document", "report", "other",
};

static const char *const agr_kinds[COOP_AGR_KIND_COUNT] = {
	"cooperation", "strategic-partnership", "letter-of-intent", "memorandum-of-understanding",
	"contract", "funded-project", "custom",
};

static const char *const agr_statuses[COOP_STATUS_COUNT] = {
	NULL, "planned", "signed", "active", "ended",
};

static int token_index(const char *const *tokens, int count, const char *token)
{
	if (!token)
		return -1;
	for (int i = 0; i < count; i++)
		if (tokens[i] && strcmp(tokens[i], token) == 0)
			return i;
	return -1;
}

const char *coop_inst_kind_token(coop_inst_kind kind)
{
	return (unsigned)kind < COOP_INST_KIND_COUNT ? inst_kinds[kind] : "other";
}

int coop_inst_kind_from_token(const char *token)
{
	return token_index(inst_kinds, COOP_INST_KIND_COUNT, token);
}

const char *coop_source_kind_token(coop_source_kind kind)
{
	return (unsigned)kind < COOP_SOURCE_KIND_COUNT ? source_kinds[kind] : "other";
}

int coop_source_kind_from_token(const char *token)
{
	return token_index(source_kinds, COOP_SOURCE_KIND_COUNT, token);
}

const char *coop_agr_kind_token(coop_agr_kind kind)
{
	return (unsigned)kind < COOP_AGR_KIND_COUNT ? agr_kinds[kind] : "custom";
}

int coop_agr_kind_from_token(const char *token)
{
	if (token && strncmp(token, "x-", 2) == 0)
		return COOP_AGR_CUSTOM;
	int i = token_index(agr_kinds, COOP_AGR_CUSTOM, token);
	return i;
}

const char *coop_agr_status_token(coop_agr_status status)
{
	return (unsigned)status < COOP_STATUS_COUNT ? agr_statuses[status] : NULL;
}

int coop_agr_status_from_token(const char *token)
{
	return token_index(agr_statuses, COOP_STATUS_COUNT, token);
}

const char *coop_entity_type_name(coop_entity_type type)
{
	switch (type) {
	case COOP_ENTITY_INSTITUTION: return "institution";
	case COOP_ENTITY_PERSON: return "person";
	case COOP_ENTITY_AGREEMENT: return "agreement";
	case COOP_ENTITY_PROGRAMME: return "programme";
	case COOP_ENTITY_SOURCE: return "source";
	case COOP_ENTITY_NONE: break;
	}
	return "nothing";
}

/* ---- dates ---- */

int coop_date_compare(const coop_date *a, const coop_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->precision < COOP_DATE_MONTH || b->precision < COOP_DATE_MONTH)
		return 0;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->precision < COOP_DATE_DAY || b->precision < COOP_DATE_DAY)
		return 0;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

void coop_date_format(const coop_date *d, char *buf, size_t size)
{
	if (size == 0)
		return;
	switch (d->precision) {
	case COOP_DATE_YEAR: snprintf(buf, size, "%04d", d->year); break;
	case COOP_DATE_MONTH: snprintf(buf, size, "%04d-%02u", d->year, d->month); break;
	case COOP_DATE_DAY: snprintf(buf, size, "%04d-%02u-%02u", d->year, d->month, d->day); break;
	default: buf[0] = '\0'; break;
	}
}

/* ---- storage ---- */

coop_model *coop_model_new(void)
{
	coop_model *m = coop_xcalloc(1, sizeof *m);
	coop_arena_init(&m->arena);
	return m;
}

static void streamed_loc_add(coop_streamed_locs *s, const coop_loc *loc)
{
	if (s->files.count == 0 || s->files.items[s->files.count - 1].file != loc->file) {
		coop_xgrow((void **)&s->files.items, &s->files.cap, s->files.count + 1, sizeof *s->files.items);
		s->files.items[s->files.count++] = (coop_file_run){s->at.count, loc->file};
	}
	coop_xgrow((void **)&s->at.items, &s->at.cap, s->at.count + 1, sizeof *s->at.items);
	s->at.items[s->at.count++] = (coop_line_col){loc->line, loc->col};
}

static coop_loc streamed_loc(const coop_streamed_locs *s, size_t i)
{
	/* the last run that starts at or before i */
	size_t lo = 0, hi = s->files.count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->files.items[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return (coop_loc){s->files.items[lo].file, s->at.items[i].line, s->at.items[i].col};
}

static void streamed_locs_free(coop_streamed_locs *s)
{
	free(s->at.items);
	free(s->files.items);
}

void coop_model_free(coop_model *m)
{
	if (!m)
		return;
	free(m->institutions.items);
	free(m->persons.items);
	free(m->agreements.items);
	free(m->programmes.items);
	free(m->sources.items);
	free(m->duplicates.items);
	streamed_locs_free(&m->streamed_locs);
	streamed_locs_free(&m->streamed_source_locs);
	coop_buf_free(&m->pending);
	free(m->pending_slots);
	free(m->ids.items);
	free(m->id_slots);
	coop_arena_free(&m->arena);
	free(m);
}

coop_arena *coop_model_arena(coop_model *m)
{
	return &m->arena;
}

static uint32_t hash_string(const char *s)
{
	/* FNV-1a: IDs are short and this is not exposed to chosen collisions in a way that matters
	 * beyond slowness, which the entity cap bounds */
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

const char *coop_model_intern(coop_model *m, const char *s)
{
	if (!s)
		return NULL;
	/* A table, not a list: a dataset of a few hundred files and 200 countries fills it, and every
	 * element looks up its language tag and file. Past the limit, strings are copied each time. */
	size_t mask = sizeof m->intern_slots / sizeof *m->intern_slots - 1;
	size_t j = hash_string(s) & mask;
	for (; m->intern_slots[j]; j = (j + 1) & mask)
		if (strcmp(m->interned[m->intern_slots[j] - 1], s) == 0)
			return m->interned[m->intern_slots[j] - 1];
	const char *copy = coop_arena_strdup(&m->arena, s);
	if (m->intern_count < COOP_INTERN_MAX) {
		m->interned[m->intern_count++] = copy;
		m->intern_slots[j] = (uint16_t)m->intern_count;
	}
	return copy;
}

/* Doubles a table of hash slots. The slots carry their hashes, so the entries stay untouched. */
static void slots_grow(coop_hash_slot **slots, size_t *slot_count)
{
	size_t n = *slot_count ? *slot_count * 2 : 1024;
	coop_hash_slot *grown = coop_xcalloc_table(n, sizeof *grown);
	for (size_t i = 0; i < *slot_count; i++) {
		coop_hash_slot s = (*slots)[i];
		if (!s.entry)
			continue;
		size_t j = s.hash & (n - 1);
		while (grown[j].entry)
			j = (j + 1) & (n - 1);
		grown[j] = s;
	}
	free(*slots);
	*slots = grown;
	*slot_count = n;
}

/* The slot of id: the one that holds it, or the empty one where it would go. The table must have
 * slots. */
static size_t index_slot(const coop_model *m, const char *id, uint32_t hash)
{
	size_t mask = m->id_slot_count - 1;
	size_t j = hash & mask;
	for (; m->id_slots[j].entry; j = (j + 1) & mask)
		if (m->id_slots[j].hash == hash && strcmp(m->ids.items[m->id_slots[j].entry - 1].id, id) == 0)
			break;
	return j;
}

static const coop_id_entry *index_lookup(const coop_model *m, const char *id, uint32_t hash)
{
	if (!m->id_slot_count)
		return NULL;
	uint32_t entry = m->id_slots[index_slot(m, id, hash)].entry;
	return entry ? &m->ids.items[entry - 1] : NULL;
}

#define PUSH(vec, value) \
	do { \
		coop_xgrow((void **)&(vec).items, &(vec).cap, (vec).count + 1, sizeof *(vec).items); \
		(vec).items[(vec).count++] = *(value); \
	} while (0)

static void index_add(coop_model *m, const char *id, coop_entity_type type, coop_index index)
{
	if (!id)
		return;
	if (m->ids.count >= UINT32_MAX - 1) /* entry numbers are 32 bits; memory runs out long before */
		coop_oom();
	/* grown first, so that one probe finds either the first definition or the free slot */
	if ((m->ids.count + 1) * 4 > m->id_slot_count * 3)
		slots_grow(&m->id_slots, &m->id_slot_count);
	uint32_t hash = hash_string(id);
	size_t j = index_slot(m, id, hash);
	if (m->id_slots[j].entry) {
		const coop_id_entry *first = &m->ids.items[m->id_slots[j].entry - 1];
		coop_duplicate d = {id, type, index, (coop_entity_type)first->type, first->index};
		PUSH(m->duplicates, &d);
		return;
	}
	coop_id_entry e = {id, index, (uint8_t)type};
	PUSH(m->ids, &e);
	m->id_slots[j] = (coop_hash_slot){hash, (uint32_t)m->ids.count};
}

void coop_model_add_institution(coop_model *m, const coop_institution *e)
{
	PUSH(m->institutions, e);
	index_add(m, e->id, COOP_ENTITY_INSTITUTION, (coop_index)(m->institutions.count - 1));
}

void coop_model_add_person(coop_model *m, const coop_person *e)
{
	PUSH(m->persons, e);
	index_add(m, e->id, COOP_ENTITY_PERSON, (coop_index)(m->persons.count - 1));
}

void coop_model_add_agreement(coop_model *m, const coop_agreement *e)
{
	PUSH(m->agreements, e);
	index_add(m, e->id, COOP_ENTITY_AGREEMENT, (coop_index)(m->agreements.count - 1));
}

void coop_model_add_programme(coop_model *m, const coop_programme *e)
{
	PUSH(m->programmes, e);
	index_add(m, e->id, COOP_ENTITY_PROGRAMME, (coop_index)(m->programmes.count - 1));
}

void coop_model_add_source(coop_model *m, const coop_source *e)
{
	PUSH(m->sources, e);
	index_add(m, e->id, COOP_ENTITY_SOURCE, (coop_index)(m->sources.count - 1));
}

size_t coop_model_entity_count(const coop_model *m)
{
	return m->institutions.count + m->persons.count + m->agreements.count + m->programmes.count +
	       m->sources.count + m->streamed_locs.at.count + m->streamed_source_locs.at.count;
}

uint32_t coop_model_streamed_source_count(const coop_model *m)
{
	return (uint32_t)m->streamed_source_locs.at.count;
}

uint32_t coop_model_streamed_agreement_count(const coop_model *m)
{
	return (uint32_t)m->streamed_locs.at.count;
}

uint32_t coop_model_institution_count(const coop_model *m) { return (uint32_t)m->institutions.count; }
uint32_t coop_model_person_count(const coop_model *m) { return (uint32_t)m->persons.count; }
uint32_t coop_model_agreement_count(const coop_model *m) { return (uint32_t)m->agreements.count; }
uint32_t coop_model_programme_count(const coop_model *m) { return (uint32_t)m->programmes.count; }
uint32_t coop_model_source_count(const coop_model *m) { return (uint32_t)m->sources.count; }

const coop_institution *coop_model_institution(const coop_model *m, coop_index i)
{
	return i < m->institutions.count ? &m->institutions.items[i] : NULL;
}
const coop_person *coop_model_person(const coop_model *m, coop_index i)
{
	return i < m->persons.count ? &m->persons.items[i] : NULL;
}
const coop_agreement *coop_model_agreement(const coop_model *m, coop_index i)
{
	return i < m->agreements.count ? &m->agreements.items[i] : NULL;
}
const coop_programme *coop_model_programme(const coop_model *m, coop_index i)
{
	return i < m->programmes.count ? &m->programmes.items[i] : NULL;
}
const coop_source *coop_model_source(const coop_model *m, coop_index i)
{
	return i < m->sources.count ? &m->sources.items[i] : NULL;
}

coop_entity_type coop_model_find(const coop_model *m, const char *id, coop_index *index)
{
	const coop_id_entry *s = id ? index_lookup(m, id, hash_string(id)) : NULL;
	if (!s) {
		if (index)
			*index = COOP_NONE;
		return COOP_ENTITY_NONE;
	}
	if (index)
		*index = s->index;
	return (coop_entity_type)s->type;
}

coop_loc coop_model_entity_loc(const coop_model *m, coop_entity_type type, coop_index i)
{
	switch (type) {
	case COOP_ENTITY_INSTITUTION: return m->institutions.items[i].loc;
	case COOP_ENTITY_PERSON: return m->persons.items[i].loc;
	case COOP_ENTITY_AGREEMENT:
		return m->streamed_locs.at.count ? streamed_loc(&m->streamed_locs, i) : m->agreements.items[i].loc;
	case COOP_ENTITY_PROGRAMME: return m->programmes.items[i].loc;
	case COOP_ENTITY_SOURCE:
		return m->streamed_source_locs.at.count ? streamed_loc(&m->streamed_source_locs, i)
		                                        : m->sources.items[i].loc;
	case COOP_ENTITY_NONE: break;
	}
	return (coop_loc){0};
}

coop_index coop_model_top_institution(const coop_model *m, coop_index i)
{
	/* the parent chain is at most as long as the number of institutions; a cycle stops there */
	size_t steps = 0;
	while (i < m->institutions.count && steps++ <= m->institutions.count) {
		coop_index parent = m->institutions.items[i].parent.index;
		if (parent == COOP_NONE || parent == i)
			return i;
		i = parent;
	}
	return i;
}

const char *coop_texts_pick(const coop_texts *texts, const char *const *langs)
{
	if (!texts || texts->count == 0)
		return NULL;
	for (; langs && *langs; langs++)
		for (uint32_t i = 0; i < texts->count; i++)
			if (texts->items[i].lang && strcasecmp(texts->items[i].lang, *langs) == 0)
				return texts->items[i].value;
	for (uint32_t i = 0; i < texts->count; i++)
		if (!texts->items[i].lang || !*texts->items[i].lang)
			return texts->items[i].value;
	return texts->items[0].value;
}

/* ---- linking and the rules across entities ---- */

typedef struct {
	coop_model *m;
	coop_diag_sink *diag;
	size_t errors;
	int streaming; /* an ID not seen yet may still come: defer instead of reporting */
} linker;

static void lerror(linker *l, const coop_loc *loc, const char *fmt, ...) COOP_PRINTF(3, 4);
static void lwarn(linker *l, const coop_loc *loc, const char *fmt, ...) COOP_PRINTF(3, 4);

static void lreport(linker *l, coop_severity sev, const coop_loc *loc, const char *fmt, va_list ap)
	COOP_PRINTF(4, 0);
static void lreport(linker *l, coop_severity sev, const coop_loc *loc, const char *fmt, va_list ap)
{
	char msg[900];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t before = l->diag->errors;
	coop_diag(l->diag, sev, loc, "%s", msg);
	l->errors += l->diag->errors - before;
}

static void lerror(linker *l, const coop_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lreport(l, COOP_SEV_ERROR, loc, fmt, ap);
	va_end(ap);
}

static void lwarn(linker *l, const coop_loc *loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lreport(l, COOP_SEV_WARNING, loc, fmt, ap);
	va_end(ap);
}

static const char *article(coop_entity_type t)
{
	return (t == COOP_ENTITY_INSTITUTION || t == COOP_ENTITY_AGREEMENT) ? "an" : "a";
}

static coop_pending *pending_at(const coop_model *m, uint32_t entry)
{
	return (coop_pending *)(void *)(m->pending.data + (size_t)(entry - 1) * 8);
}

/* The bytes a record with this ID takes in the buffer: whole 8-byte units, so records stay aligned. */
static size_t pending_size(size_t id_len)
{
	return (offsetof(coop_pending, id) + id_len + 1 + 7) & ~(size_t)7;
}

static void pending_add(coop_model *m, const coop_ref *ref, coop_entity_type want, const char *what)
{
	uint32_t hash = hash_string(ref->id) ^ (uint32_t)want * 0x9E3779B1u;
	if ((m->pending_count + 1) * 4 > m->pending_slot_count * 3)
		slots_grow(&m->pending_slots, &m->pending_slot_count);
	size_t mask = m->pending_slot_count - 1;
	size_t j = hash & mask;
	for (; m->pending_slots[j].entry; j = (j + 1) & mask) {
		if (m->pending_slots[j].hash != hash)
			continue;
		coop_pending *p = pending_at(m, m->pending_slots[j].entry);
		if (p->want == want && strcmp(p->id, ref->id) == 0) {
			p->count++;
			return;
		}
	}
	size_t id_len = strlen(ref->id), at = m->pending.len, size = pending_size(id_len);
	if (at / 8 >= UINT32_MAX - 1)
		coop_oom();
	coop_buf_reserve(&m->pending, size);
	char *to = m->pending.data + at;
	memset(to, 0, size);
	coop_pending record = {1, (uint8_t)want, what, ref->loc};
	memcpy(to, &record, offsetof(coop_pending, id));
	memcpy(to + offsetof(coop_pending, id), ref->id, id_len + 1);
	m->pending.len = at + size;
	m->pending.data[m->pending.len] = '\0';
	m->pending_slots[j] = (coop_hash_slot){hash, (uint32_t)(at / 8) + 1};
	m->pending_count++;
}

/* Resolves ref, which must name an entity of type want. Absent refs are fine (the schema decides
 * which are required). Returns 1 when resolved. */
static int resolve(linker *l, coop_ref *ref, coop_entity_type want, const char *what)
{
	ref->type = COOP_ENTITY_NONE;
	ref->index = COOP_NONE;
	if (!ref->id)
		return 0;
	coop_index idx;
	coop_entity_type t = coop_model_find(l->m, ref->id, &idx);
	if (t == COOP_ENTITY_NONE && l->streaming) {
		pending_add(l->m, ref, want, what);
		return 0;
	}
	if (t == COOP_ENTITY_NONE) {
		lerror(l, &ref->loc, "%s refers to unknown %s '%s'", what, coop_entity_type_name(want), ref->id);
		return 0;
	}
	if (t != want) {
		lerror(l, &ref->loc, "%s refers to '%s', which is %s %s, not %s %s", what, ref->id,
		       article(t), coop_entity_type_name(t), article(want), coop_entity_type_name(want));
		return 0;
	}
	ref->type = t;
	ref->index = idx;
	return 1;
}

static void resolve_all(linker *l, coop_refs *refs, coop_entity_type want, const char *what)
{
	for (uint32_t i = 0; i < refs->count; i++)
		resolve(l, &refs->items[i], want, what);
}

static void check_dates(linker *l, const coop_date *start, const coop_date *end, const char *what)
{
	if (start->precision && end->precision && coop_date_compare(end, start) < 0) {
		char s[16], e[16];
		coop_date_format(start, s, sizeof s);
		coop_date_format(end, e, sizeof e);
		lerror(l, &end->loc, "%s ends (%s) before it starts (%s)", what, e, s);
	}
}

static void check_location(linker *l, const coop_institution *inst)
{
	if (inst->country && !coop_country_find(inst->country))
		lerror(l, &inst->country_loc, "unknown ISO 3166-1 country code '%s' for institution '%s'",
		       inst->country, inst->id);
	if (inst->region) {
		const coop_subdivision *sub = coop_subdivision_find(inst->region);
		if (!sub)
			lerror(l, &inst->country_loc, "unknown ISO 3166-2 subdivision code '%s' for institution '%s'",
			       inst->region, inst->id);
		else if (inst->country && strncmp(inst->region, inst->country, 2) != 0)
			lerror(l, &inst->country_loc, "region '%s' is not in country '%s' (institution '%s')",
			       inst->region, inst->country, inst->id);
	}
}

/* Reports each unit cycle once, at the unit of the cycle that comes first in the input. */
static void check_cycles(linker *l)
{
	coop_model *m = l->m;
	size_t n = m->institutions.count;
	/* 0 = unvisited, 1 = on the current walk, 2 = done */
	unsigned char *state = coop_xcalloc(n ? n : 1, 1);
	for (size_t start = 0; start < n; start++) {
		if (state[start])
			continue;
		size_t i = start;
		while (i != COOP_NONE && state[i] == 0) {
			state[i] = 1;
			i = m->institutions.items[i].parent.index;
		}
		if (i != COOP_NONE && state[i] == 1) {
			/* i is on a cycle found on this walk: find the earliest member to report */
			size_t first = i, j = m->institutions.items[i].parent.index;
			while (j != i) {
				if (j < first)
					first = j;
				j = m->institutions.items[j].parent.index;
			}
			coop_institution *u = &m->institutions.items[first];
			char chain[600] = "";
			size_t len = 0;
			j = first;
			do {
				int w = snprintf(chain + len, sizeof chain - len, "%s'%s'", len ? " -> " : "",
				                 m->institutions.items[j].id);
				if (w < 0 || (size_t)w >= sizeof chain - len) {
					len = sizeof chain - 1;
					break;
				}
				len += (size_t)w;
				j = m->institutions.items[j].parent.index;
			} while (j != first);
			if (len < sizeof chain - 40)
				snprintf(chain + len, sizeof chain - len, " -> '%s'", u->id);
			lerror(l, &u->parent.loc, "unit hierarchy cycle: %s", chain);
		}
		/* mark the walk done */
		i = start;
		while (i != COOP_NONE && state[i] == 1) {
			state[i] = 2;
			i = m->institutions.items[i].parent.index;
		}
	}
	free(state);
}

/* The index a reference resolves to: its own once linked, else a lookup (streamed agreements are
 * checked before the rest of the dataset is linked). */
static coop_index ref_index(const coop_model *m, const coop_ref *ref, coop_entity_type want)
{
	if (ref->index != COOP_NONE || !ref->id)
		return ref->index;
	coop_index i;
	return coop_model_find(m, ref->id, &i) == want ? i : COOP_NONE;
}

/* True if a and b are the same institution or one contains the other. */
static int related_units(const coop_model *m, coop_index a, coop_index b)
{
	if (a == COOP_NONE || b == COOP_NONE)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		coop_index x = pass ? b : a, y = pass ? a : b;
		size_t steps = 0;
		while (x != COOP_NONE && steps++ <= m->institutions.count) {
			if (x == y)
				return 1;
			x = ref_index(m, &m->institutions.items[x].parent, COOP_ENTITY_INSTITUTION);
		}
	}
	return 0;
}

static void link_agreement(linker *l, coop_agreement *a)
{
	coop_model *m = l->m;
	/* IDs are unique, so distinct IDs are distinct parties, resolved or not (an unresolved one is
	 * reported on its own) */
	uint32_t distinct = 0;
	for (uint32_t i = 0; i < a->party_count; i++) {
		coop_party *p = &a->parties[i];
		resolve(l, &p->party, COOP_ENTITY_INSTITUTION, "party");
		int seen = 0;
		for (uint32_t j = 0; j < i && !seen; j++)
			seen = p->party.id && a->parties[j].party.id && strcmp(a->parties[j].party.id, p->party.id) == 0;
		if (seen)
			lwarn(l, &p->loc, "'%s' is listed twice as a party of agreement '%s'", p->party.id, a->id);
		else
			distinct++;
	}
	if (distinct < 2)
		lerror(l, &a->loc, "agreement '%s' has %u distinct part%s; it needs at least two", a->id,
		       distinct, distinct == 1 ? "y" : "ies");

	check_dates(l, &a->start, &a->end, "agreement");
	if (a->signed_on.precision && a->end.precision && coop_date_compare(&a->end, &a->signed_on) < 0)
		lerror(l, &a->end.loc, "agreement '%s' ends before it was signed", a->id);
	if (a->signed_on.precision && a->start.precision && coop_date_compare(&a->signed_on, &a->start) > 0)
		lwarn(l, &a->signed_on.loc, "agreement '%s' was signed after it started", a->id);
	if (a->status == COOP_STATUS_ENDED && !a->end.precision && !a->duration)
		lwarn(l, &a->loc, "agreement '%s' has status 'ended' but no end date or duration", a->id);

	for (uint32_t i = 0; i < a->funding_count; i++) {
		coop_funding *f = &a->fundings[i];
		resolve(l, &f->funder, COOP_ENTITY_INSTITUTION, "funder");
		if (resolve(l, &f->programme, COOP_ENTITY_PROGRAMME, "programme") &&
		    f->funder.index != COOP_NONE) {
			/* both known now (a deferred one is checked for existence only) */
			const coop_programme *prog = &m->programmes.items[f->programme.index];
			if (prog->funder.index != COOP_NONE && prog->funder.index != f->funder.index)
				lwarn(l, &f->loc, "programme '%s' is run by '%s', not by the funder '%s'", prog->id,
				      prog->funder.id, f->funder.id);
		}
	}

	for (uint32_t i = 0; i < a->signatory_count; i++) {
		coop_signatory *s = &a->signatories[i];
		int has_person = resolve(l, &s->person, COOP_ENTITY_PERSON, "signatory");
		int has_for = resolve(l, &s->for_party, COOP_ENTITY_INSTITUTION, "signatory");
		if (has_for) {
			int is_party = 0;
			for (uint32_t j = 0; j < a->party_count && !is_party; j++)
				is_party = related_units(m, ref_index(m, &a->parties[j].party, COOP_ENTITY_INSTITUTION),
				                         s->for_party.index);
			if (!is_party)
				lwarn(l, &s->loc, "signatory acts for '%s', which is not a party of agreement '%s'",
				      s->for_party.id, a->id);
		}
		if (has_person && !has_for) {
			/* a signatory should hold a role at one of the parties, or the signature means little */
			const coop_person *p = &m->persons.items[s->person.index];
			int has_role = 0;
			for (uint32_t r = 0; r < p->role_count && !has_role; r++)
				for (uint32_t j = 0; j < a->party_count && !has_role; j++)
					has_role = related_units(m, ref_index(m, &p->roles[r].at, COOP_ENTITY_INSTITUTION),
					                         ref_index(m, &a->parties[j].party, COOP_ENTITY_INSTITUTION));
			if (!has_role)
				lwarn(l, &s->loc, "signatory '%s' holds no role at any party of agreement '%s'",
				      s->person.id, a->id);
		}
	}

	for (uint32_t i = 0; i < a->builds_on.count; i++) {
		coop_ref *r = &a->builds_on.items[i];
		if (r->id && a->id && strcmp(r->id, a->id) == 0)
			lerror(l, &r->loc, "agreement '%s' builds on itself", a->id);
		else
			resolve(l, r, COOP_ENTITY_AGREEMENT, "buildsOn");
	}
	for (uint32_t i = 0; i < a->quote_count; i++)
		resolve(l, &a->quotes[i].by, COOP_ENTITY_PERSON, "quote");
	resolve_all(l, &a->sources, COOP_ENTITY_SOURCE, "sources");
	if (a->sources.count == 0)
		lwarn(l, &a->loc, "agreement '%s' cites no source (add sources=\"...\")", a->id);
}

size_t coop_model_stream_agreement(coop_model *m, const coop_agreement *a, coop_diag_sink *diag)
{
	coop_index index = (coop_index)m->streamed_locs.at.count;
	streamed_loc_add(&m->streamed_locs, &a->loc);
	index_add(m, a->id ? coop_arena_strdup(&m->arena, a->id) : NULL, COOP_ENTITY_AGREEMENT, index);
	linker l = {m, diag, 0, 1};
	/* the checks only write resolution results into the (scratch) agreement */
	link_agreement(&l, (coop_agreement *)a);
	return l.errors;
}

static int compare_loc(const coop_loc *a, const coop_loc *b)
{
	/* files are interned: the same file is the same pointer, but order must not depend on
	 * addresses, so compare names */
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

static int compare_pending(const void *x, const void *y)
{
	const coop_pending *a = *(const coop_pending *const *)x, *b = *(const coop_pending *const *)y;
	int c = compare_loc(&a->loc, &b->loc);
	return c ? c : strcmp(a->id, b->id);
}

size_t coop_model_stream_source(coop_model *m, const coop_source *src, coop_diag_sink *diag)
{
	coop_index index = (coop_index)m->streamed_source_locs.at.count;
	streamed_loc_add(&m->streamed_source_locs, &src->loc);
	index_add(m, src->id ? coop_arena_strdup(&m->arena, src->id) : NULL, COOP_ENTITY_SOURCE, index);
	linker l = {m, diag, 0, 1};
	coop_ref publisher = src->publisher;
	resolve(&l, &publisher, COOP_ENTITY_INSTITUTION, "publisher");
	return l.errors;
}

size_t coop_model_link(coop_model *m, coop_diag_sink *diag)
{
	linker l = {m, diag, 0, 0};

	/* in input order of their first use, so the messages come out deterministically */
	size_t n = m->pending_count;
	coop_pending **order = coop_xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0, at = 0; i < n; i++) {
		order[i] = pending_at(m, (uint32_t)(at / 8) + 1);
		at += pending_size(strlen(order[i]->id));
	}
	qsort(order, n, sizeof *order, compare_pending);
	for (size_t i = 0; i < n; i++) {
		coop_pending *p = order[i];
		coop_index idx;
		coop_entity_type t = coop_model_find(m, p->id, &idx);
		if (t == (coop_entity_type)p->want)
			continue;
		char more[64] = "";
		if (p->count > 1)
			snprintf(more, sizeof more, " (and %u more place%s)", p->count - 1, p->count == 2 ? "" : "s");
		if (t == COOP_ENTITY_NONE)
			lerror(&l, &p->loc, "%s refers to unknown %s '%s'%s", p->what,
			       coop_entity_type_name((coop_entity_type)p->want), p->id, more);
		else
			lerror(&l, &p->loc, "%s refers to '%s', which is %s %s, not %s %s%s", p->what, p->id, article(t),
			       coop_entity_type_name(t), article((coop_entity_type)p->want),
			       coop_entity_type_name((coop_entity_type)p->want), more);
	}
	free(order);

	for (size_t i = 0; i < m->duplicates.count; i++) {
		const coop_duplicate *d = &m->duplicates.items[i];
		coop_loc second = coop_model_entity_loc(m, d->type, d->index);
		coop_loc first = coop_model_entity_loc(m, d->first_type, d->first_index);
		const char *id = d->id;
		lerror(&l, &second, "duplicate ID '%s': already used by %s %s at %s:%u:%u", id,
		       article(d->first_type), coop_entity_type_name(d->first_type),
		       first.file ? first.file : "?", first.line, first.col);
	}

	for (size_t i = 0; i < m->institutions.count; i++) {
		coop_institution *inst = &m->institutions.items[i];
		if (resolve(&l, &inst->parent, COOP_ENTITY_INSTITUTION, "partOf") && inst->parent.index == i) {
			lerror(&l, &inst->parent.loc, "institution '%s' is part of itself", inst->id);
			inst->parent.index = COOP_NONE;
		}
		resolve_all(&l, &inst->sources, COOP_ENTITY_SOURCE, "sources");
		check_location(&l, inst);
		if (inst->kind >= COOP_INST_CLINIC && !inst->parent.id)
			lwarn(&l, &inst->loc, "%s '%s' has no partOf: is it not a unit of an institution?",
			      coop_inst_kind_token(inst->kind), inst->id);
	}
	check_cycles(&l);

	for (size_t i = 0; i < m->persons.count; i++) {
		coop_person *p = &m->persons.items[i];
		for (uint32_t r = 0; r < p->role_count; r++) {
			resolve(&l, &p->roles[r].at, COOP_ENTITY_INSTITUTION, "role");
			check_dates(&l, &p->roles[r].start, &p->roles[r].end, "role");
		}
		resolve_all(&l, &p->sources, COOP_ENTITY_SOURCE, "sources");
	}

	for (size_t i = 0; i < m->programmes.count; i++) {
		resolve(&l, &m->programmes.items[i].funder, COOP_ENTITY_INSTITUTION, "funder");
		resolve_all(&l, &m->programmes.items[i].sources, COOP_ENTITY_SOURCE, "sources");
	}

	for (size_t i = 0; i < m->sources.count; i++)
		resolve(&l, &m->sources.items[i].publisher, COOP_ENTITY_INSTITUTION, "publisher");

	for (size_t i = 0; i < m->agreements.count; i++)
		link_agreement(&l, &m->agreements.items[i]);

	return l.errors;
}
