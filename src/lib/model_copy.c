#include "model_copy.h"

#include <stdint.h>
#include <string.h>

/* A field added to one of these structs must be copied below: on the common 64-bit ABI their sizes
 * fail the build as a reminder (tests/unit/test_rdf_map.c checks the copies' statements too). */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(coop_agreement) == 336, "coop_agreement changed: update coop_agreement_copy()");
_Static_assert(sizeof(coop_source) == 152, "coop_source changed: update coop_source_copy()");
_Static_assert(sizeof(coop_party) == 56 && sizeof(coop_funding) == 88 && sizeof(coop_signatory) == 96 &&
                   sizeof(coop_quote) == 64 && sizeof(coop_ref) == 32,
               "a part of coop_agreement changed: update coop_agreement_copy()");
#endif

void coop_copier_init(coop_copier *copier, coop_arena *arena)
{
	copier->arena = arena;
	copier->file_from = NULL;
	copier->file_copy = NULL;
}

static const char *str(coop_copier *c, const char *s)
{
	return s ? coop_arena_strdup(c->arena, s) : NULL;
}

static coop_loc loc(coop_copier *c, coop_loc l)
{
	if (l.file && l.file != c->file_from) {
		c->file_from = l.file;
		c->file_copy = coop_arena_strdup(c->arena, l.file);
	}
	if (l.file)
		l.file = c->file_copy;
	return l;
}

/* Room for count items of size bytes, copied from items; NULL for none. */
static void *items(coop_copier *c, const void *from, size_t count, size_t size)
{
	return count && from ? coop_arena_memdup(c->arena, from, count * size) : NULL;
}

static coop_ref ref(coop_copier *c, coop_ref r)
{
	r.id = str(c, r.id);
	r.loc = loc(c, r.loc);
	return r;
}

static coop_refs refs(coop_copier *c, coop_refs r)
{
	coop_ref *to = items(c, r.items, r.count, sizeof *r.items);
	for (uint32_t i = 0; to && i < r.count; i++)
		to[i] = ref(c, to[i]);
	r.items = to;
	return r;
}

static coop_text text(coop_copier *c, coop_text t)
{
	t.lang = str(c, t.lang);
	t.value = str(c, t.value);
	return t;
}

static coop_texts texts(coop_copier *c, coop_texts t)
{
	coop_text *to = items(c, t.items, t.count, sizeof *t.items);
	for (uint32_t i = 0; to && i < t.count; i++)
		to[i] = text(c, to[i]);
	t.items = to;
	return t;
}

static coop_date date(coop_copier *c, coop_date d)
{
	d.loc = loc(c, d.loc);
	return d;
}

coop_agreement *coop_agreement_copy(coop_copier *c, const coop_agreement *from)
{
	coop_agreement *a = coop_arena_memdup(c->arena, from, sizeof *from);
	a->loc = loc(c, a->loc);
	a->id = str(c, a->id);
	a->kind_token = str(c, a->kind_token);
	a->titles = texts(c, a->titles);
	a->parties = items(c, from->parties, from->party_count, sizeof *from->parties);
	for (uint32_t i = 0; a->parties && i < a->party_count; i++) {
		coop_party *p = &a->parties[i];
		p->loc = loc(c, p->loc);
		p->party = ref(c, p->party);
		p->role = str(c, p->role);
	}
	a->signed_on = date(c, a->signed_on);
	a->start = date(c, a->start);
	a->end = date(c, a->end);
	a->duration = str(c, a->duration);
	a->duration_loc = loc(c, a->duration_loc);
	a->goals = texts(c, a->goals);
	a->fields = texts(c, a->fields);
	a->areas = texts(c, a->areas);
	a->activities = texts(c, a->activities);
	a->outcomes = texts(c, a->outcomes);
	a->fundings = items(c, from->fundings, from->funding_count, sizeof *from->fundings);
	for (uint32_t i = 0; a->fundings && i < a->funding_count; i++) {
		coop_funding *f = &a->fundings[i];
		f->loc = loc(c, f->loc);
		f->funder = ref(c, f->funder);
		f->programme = ref(c, f->programme);
		f->grant_number = str(c, f->grant_number);
	}
	a->signatories = items(c, from->signatories, from->signatory_count, sizeof *from->signatories);
	for (uint32_t i = 0; a->signatories && i < a->signatory_count; i++) {
		coop_signatory *s = &a->signatories[i];
		s->loc = loc(c, s->loc);
		s->person = ref(c, s->person);
		s->for_party = ref(c, s->for_party);
		s->descriptions = texts(c, s->descriptions);
	}
	a->quotes = items(c, from->quotes, from->quote_count, sizeof *from->quotes);
	for (uint32_t i = 0; a->quotes && i < a->quote_count; i++) {
		coop_quote *q = &a->quotes[i];
		q->loc = loc(c, q->loc);
		q->by = ref(c, q->by);
		q->text = text(c, q->text);
	}
	a->builds_on = refs(c, a->builds_on);
	a->sources = refs(c, a->sources);
	return a;
}

coop_source *coop_source_copy(coop_copier *c, const coop_source *from)
{
	coop_source *s = coop_arena_memdup(c->arena, from, sizeof *from);
	s->loc = loc(c, s->loc);
	s->id = str(c, s->id);
	s->titles = texts(c, s->titles);
	s->publisher = ref(c, s->publisher);
	s->publisher_names = texts(c, s->publisher_names);
	s->date = date(c, s->date);
	s->url = str(c, s->url);
	s->language = str(c, s->language);
	s->credits = texts(c, s->credits);
	return s;
}
