/*
 * From the model to the abstract picture (graph_view.h): filters, roll-up, merging, thinning,
 * clusters, styles, tooltips, links and the legend. No Graphviz here.
 *
 * Everything is emitted in a fixed order (countries by code, institutions by ID, agreements by ID),
 * never in input or hash order, so the same data gives the same picture whatever the file order.
 */
#include "graph_view.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "escape.h"
#include "iri.h"
#include "iso3166.h"

#define LABEL_WRAP 20      /* characters per label line */
#define LABEL_MAX_LINES 3
#define LONG_NAME 30       /* longer names are shown by their acronym when there is one */
#define EDGE_LABEL_MAX 28
#define LEGEND_LINE 64     /* characters per legend note line */
#define LIST_MAX 12        /* agreements listed in one merged tooltip */
#define SOURCES_MAX 3      /* sources named in the legend */

/* ---- fixed styles ---- */

typedef struct {
	const char *shape;
	const char *style;
	const char *fill;
	const char *label; /* for the legend */
} inst_look;

static const inst_look inst_looks[COOP_INST_KIND_COUNT] = {
	[COOP_INST_UNIVERSITY_HOSPITAL] = {"box", "rounded,filled", "#fcd5d0", "university hospital"},
	[COOP_INST_HOSPITAL] = {"box", "rounded,filled", "#fde6c4", "hospital"},
	[COOP_INST_UNIVERSITY] = {"box", "rounded,filled", "#d6e6f5", "university"},
	[COOP_INST_RESEARCH_INSTITUTE] = {"box", "rounded,filled", "#dcefd6", "research institute"},
	[COOP_INST_FUNDING_AGENCY] = {"hexagon", "filled", "#fbf3b8", "funding agency"},
	[COOP_INST_GOVERNMENT] = {"house", "filled", "#e8e4f2", "government body"},
	[COOP_INST_COMPANY] = {"box", "filled", "#eeeeee", "company"},
	[COOP_INST_OTHER] = {"ellipse", "filled", "#ffffff", "other institution"},
	[COOP_INST_CLINIC] = {"box", "rounded,filled,dashed", "#ffffff", "clinic (unit)"},
	[COOP_INST_DEPARTMENT] = {"box", "rounded,filled,dashed", "#ffffff", "department (unit)"},
	[COOP_INST_FACULTY] = {"box", "rounded,filled,dashed", "#ffffff", "faculty (unit)"},
	[COOP_INST_INSTITUTE] = {"box", "rounded,filled,dashed", "#ffffff", "institute (unit)"},
};

static const char *const kind_colors[COOP_AGR_KIND_COUNT] = {
	[COOP_AGR_COOPERATION] = "#1f77b4",
	[COOP_AGR_STRATEGIC_PARTNERSHIP] = "#9467bd",
	[COOP_AGR_LETTER_OF_INTENT] = "#ff7f0e",
	[COOP_AGR_MEMORANDUM_OF_UNDERSTANDING] = "#8c564b",
	[COOP_AGR_CONTRACT] = "#d62728",
	[COOP_AGR_FUNDED_PROJECT] = "#2ca02c",
	[COOP_AGR_CUSTOM] = "#7f7f7f",
};
#define MIXED_COLOR "#444444"
#define NEUTRAL_COLOR "#444444"

typedef struct {
	const char *style;
	double penwidth;
	const char *label;
	const char *merged_label; /* with --merge the width shows the number of agreements instead */
} status_look;

static const status_look status_looks[COOP_STATUS_COUNT] = {
	[COOP_STATUS_NONE] = {"solid", 0.8, "status not given (thin)", "status not given"},
	[COOP_STATUS_PLANNED] = {"dashed", 1.4, "planned (dashed)", "planned (dashed)"},
	[COOP_STATUS_SIGNED] = {"solid", 1.4, "signed", "signed"},
	[COOP_STATUS_ACTIVE] = {"solid", 2.6, "active (thick)", "active"},
	[COOP_STATUS_ENDED] = {"dotted", 1.4, "ended (dotted)", "ended (dotted)"},
};

static const coop_view_style person_style = {"ellipse", "filled", "#f4f4f4", "#666666", NULL, 0, 9, 0};
static const coop_view_style hub_style = {"point", "filled", "#444444", "#444444", NULL, 0, 0, 0.12};
static const coop_view_style country_node_style = {"box", "rounded,filled", "#d6e6f5", "#6b8fb3", NULL, 0, 0, 0};
static const coop_view_style country_cluster_style = {NULL, "rounded,filled", "#f6f6f6", "#9a9a9a", NULL, 0, 0, 0};
static const coop_view_style city_cluster_style = {NULL, "rounded", NULL, "#b0b0b0", "#555555", 0, 10, 0};
static const coop_view_style group_cluster_style = {NULL, "rounded,dashed", NULL, "#b8b8b8", NULL, 0, 0, 0};
static const coop_view_style part_of_style = {NULL, "solid", NULL, "#aaaaaa", NULL, 1.0, 0, 0};
static const coop_view_style role_style = {NULL, "dashed", NULL, "#888888", "#555555", 1.0, 8, 0};
static const coop_view_style note_style = {"plaintext", NULL, NULL, NULL, NULL, 0, 9, 0};

/* ---- small helpers ---- */

static char *take(coop_buf *b)
{
	return coop_buf_detach(b);
}

static char *dup_or_null(const char *s)
{
	return s ? coop_xstrdup(s) : NULL;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The byte offset after n characters of s (or its end). */
static size_t utf8_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (s[i] && n > 0) {
		i++;
		while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

static void put_shortened(coop_buf *b, const char *s, size_t max_chars)
{
	if (utf8_chars(s) <= max_chars) {
		coop_buf_puts(b, s);
		return;
	}
	coop_buf_append(b, s, utf8_prefix(s, max_chars - 1));
	coop_buf_puts(b, "\xE2\x80\xA6"); /* … */
}

/* Greedy word wrap into lines of about width characters, at most max_lines (the last shortened). */
static void put_wrapped(coop_buf *b, const char *s, size_t width, int max_lines)
{
	int lines = 1;
	size_t line_chars = 0;
	const char *p = s;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		size_t wlen = (size_t)(end - p);
		char word[512];
		if (wlen >= sizeof word)
			wlen = sizeof word - 1;
		memcpy(word, p, wlen);
		word[wlen] = '\0';
		size_t wchars = utf8_chars(word);
		if (line_chars > 0 && line_chars + 1 + wchars > width) {
			if (lines == max_lines) {
				coop_buf_puts(b, " \xE2\x80\xA6");
				return;
			}
			coop_buf_putc(b, '\n');
			lines++;
			line_chars = 0;
		} else if (line_chars > 0) {
			coop_buf_putc(b, ' ');
			line_chars++;
		}
		if (wchars > width + 8) {
			put_shortened(b, word, width);
			line_chars += width;
		} else {
			coop_buf_puts(b, word);
			line_chars += wchars;
		}
		p = end;
	}
}

/* "university-hospital" → "university hospital" */
static void put_token_words(coop_buf *b, const char *token)
{
	for (; *token; token++)
		coop_buf_putc(b, *token == '-' ? ' ' : *token);
}

void coop_view_id_part(coop_buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-') {
			coop_buf_putc(out, (char)*p);
		} else {
			coop_buf_putc(out, '_');
			coop_buf_putc(out, hex[*p >> 4]);
			coop_buf_putc(out, hex[*p & 15]);
		}
	}
}

static char *make_id(const char *prefix, const char *part)
{
	coop_buf b = COOP_BUF_INIT;
	coop_buf_puts(&b, prefix);
	coop_view_id_part(&b, part);
	return take(&b);
}

static const char *country_name(const char *cc)
{
	const coop_country *c = cc ? coop_country_find(cc) : NULL;
	return c && c->name[0] ? c->name : cc;
}

static void put_country(coop_buf *b, const char *cc)
{
	if (!cc) {
		coop_buf_puts(b, "country not given");
		return;
	}
	coop_buf_printf(b, "%s (%s)", country_name(cc), cc);
}

static void put_count(coop_buf *b, unsigned long n, const char *one, const char *many)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lu", n);
	/* thousands separators keep big numbers readable in the legend */
	size_t len = strlen(digits);
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			coop_buf_putc(b, ',');
		coop_buf_putc(b, digits[i]);
	}
	coop_buf_printf(b, " %s", n == 1 ? one : many);
}

/* ---- dates ---- */

/* Dates as yyyymmdd numbers; a missing month or day widens to the earliest or latest possible. */
static long date_lo(const coop_date *d)
{
	return d->year * 10000L + (d->month ? d->month : 1) * 100L + (d->day ? d->day : 1);
}

static long date_hi(const coop_date *d)
{
	return d->year * 10000L + (d->month ? d->month : 12) * 100L + (d->day ? d->day : 31);
}

static int days_in_month(long y, long m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Adds an ISO 8601 duration ("P4Y", "P1Y6M", "P90D", "P2W") to yyyymmdd; -1 if unreadable. */
static long add_duration(long ymd, const char *duration)
{
	if (!duration || duration[0] != 'P')
		return -1;
	long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
	const char *p = duration + 1;
	int any = 0;
	while (*p && *p != 'T') {
		char *end;
		long n = strtol(p, &end, 10);
		if (end == p || n < 0 || n > 10000)
			return -1;
		switch (*end) {
		case 'Y': y += n; break;
		case 'M': m += n; break;
		case 'W': d += 7 * n; break;
		case 'D': d += n; break;
		default: return -1;
		}
		any = 1;
		p = end + 1;
	}
	if (!any)
		return -1;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (d > days_in_month(y, m) && d <= 31 && ymd % 100 == 31)
		d = days_in_month(y, m); /* "end of month" stays end of month */
	while (d > days_in_month(y, m)) {
		d -= days_in_month(y, m);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	return y * 10000 + m * 100 + d;
}

typedef struct {
	long lo, hi; /* LONG_MIN / LONG_MAX: open */
	int dated;   /* at least one end is known */
} span;

static span agreement_span(const coop_agreement *a)
{
	span s = {LONG_MIN, LONG_MAX, 0};
	const coop_date *start = a->start.precision ? &a->start : a->signed_on.precision ? &a->signed_on : NULL;
	if (start) {
		s.lo = date_lo(start);
		s.dated = 1;
	}
	if (a->end.precision) {
		s.hi = date_hi(&a->end);
		s.dated = 1;
	} else if (start && a->duration) {
		long hi = add_duration(date_hi(start), a->duration);
		if (hi > 0)
			s.hi = hi;
	}
	return s;
}

static span role_span(const coop_role *r)
{
	span s = {LONG_MIN, LONG_MAX, 0};
	if (r->start.precision) {
		s.lo = date_lo(&r->start);
		s.dated = 1;
	}
	if (r->end.precision) {
		s.hi = date_hi(&r->end);
		s.dated = 1;
	}
	return s;
}

static int have_date_filter(const coop_graph_opts *o)
{
	return o->from.precision || o->to.precision || o->as_of.precision;
}

/* 1 if the span passes the date filters; undated spans never do (we cannot say they apply). */
static int span_passes(span s, const coop_graph_opts *o)
{
	if (!have_date_filter(o))
		return 1;
	if (!s.dated)
		return 0;
	if (o->from.precision && s.hi < date_lo(&o->from))
		return 0;
	if (o->to.precision && s.lo > date_hi(&o->to))
		return 0;
	if (o->as_of.precision && (s.lo > date_hi(&o->as_of) || s.hi < date_lo(&o->as_of)))
		return 0;
	return 1;
}

int coop_view_agreement_dates_pass(const coop_agreement *a, const coop_graph_opts *o)
{
	return span_passes(agreement_span(a), o);
}

int coop_view_agreement_dated(const coop_agreement *a)
{
	return agreement_span(a).dated;
}

/* ---- the builder ---- */

typedef struct {
	const coop_model *m;
	const coop_view_input *in; /* NULL: everything is in the model */
	const coop_agreement *const *agrs;
	uint32_t nsrc;
	const coop_graph_opts *o;
	coop_view *v;
	coop_diag_sink *diag;
	const char *base;
	uint32_t ninst, nagr, nperson;
	unsigned char *agr_keep;   /* per agreement: passed the filters (and the ego neighbourhood) */
	uint32_t *inst_node;       /* per institution: its node, or COOP_NONE */
	/* what was drawn, for the legend */
	unsigned char inst_kind_seen[COOP_INST_KIND_COUNT];
	unsigned char agr_kind_seen[COOP_AGR_KIND_COUNT];
	const char **custom_kinds; /* distinct custom tokens, sorted */
	size_t custom_count, custom_cap;
	unsigned char status_seen[COOP_STATUS_COUNT];
	int cross_seen, domestic_seen, hub_seen, person_seen, mixed_seen, unit_seen, focus_seen;
	uint32_t undated_dropped, internal_dropped, unknown_country_dropped, roles_undated_dropped;
	unsigned char *source_used; /* per source: cited by a drawn agreement */
	uint32_t inst_drawn;
	coop_index focus_top;
} builder;

static coop_view_node *add_node(builder *b)
{
	coop_view *v = b->v;
	coop_xgrow((void **)&v->nodes, &v->cap_nodes, (size_t)v->node_count + 1, sizeof *v->nodes);
	coop_view_node *n = &v->nodes[v->node_count++];
	memset(n, 0, sizeof *n);
	n->cluster = COOP_VIEW_TOP;
	return n;
}

static coop_view_cluster *add_cluster(builder *b, uint32_t *index)
{
	coop_view *v = b->v;
	coop_xgrow((void **)&v->clusters, &v->cap_clusters, (size_t)v->cluster_count + 1, sizeof *v->clusters);
	*index = v->cluster_count;
	coop_view_cluster *c = &v->clusters[v->cluster_count++];
	memset(c, 0, sizeof *c);
	c->parent = COOP_VIEW_TOP;
	return c;
}

static coop_view_edge *add_edge(builder *b, uint32_t tail, uint32_t head)
{
	coop_view *v = b->v;
	coop_xgrow((void **)&v->edges, &v->cap_edges, (size_t)v->edge_count + 1, sizeof *v->edges);
	coop_view_edge *e = &v->edges[v->edge_count++];
	memset(e, 0, sizeof *e);
	e->tail = tail;
	e->head = head;
	e->weight = 1;
	return e;
}

static coop_legend_entry *add_legend(builder *b, coop_legend_type type, const char *id_part, const char *label)
{
	coop_view *v = b->v;
	coop_xgrow((void **)&v->legend, &v->cap_legend, (size_t)v->legend_count + 1, sizeof *v->legend);
	coop_legend_entry *l = &v->legend[v->legend_count++];
	memset(l, 0, sizeof *l);
	l->type = type;
	l->id = make_id("legend-", id_part);
	l->label = coop_xstrdup(label);
	return l;
}

static const char *pick(const builder *b, const coop_texts *texts)
{
	return coop_texts_pick(texts, b->o->langs);
}

static const char *inst_name(const builder *b, const coop_institution *inst)
{
	const char *name = pick(b, &inst->names);
	return name && *name ? name : inst->id;
}

/* The name to print: the full name, or the acronym when the name is long and an acronym exists. */
static const char *inst_short(const builder *b, const coop_institution *inst)
{
	const char *name = inst_name(b, inst);
	const char *acronym = pick(b, &inst->acronyms);
	if (acronym && *acronym && utf8_chars(name) > LONG_NAME)
		return acronym;
	return name;
}

/* The country of an institution, or of the nearest ancestor that has one (units often omit it). */
static const char *inst_country(const builder *b, coop_index i)
{
	for (uint32_t steps = 0; i != COOP_NONE && steps < b->ninst; steps++) {
		const coop_institution *inst = coop_model_institution(b->m, i);
		if (inst->country)
			return inst->country;
		i = inst->parent.type == COOP_ENTITY_INSTITUTION ? inst->parent.index : COOP_NONE;
	}
	return NULL;
}

static const coop_city *inst_city(const builder *b, coop_index i)
{
	for (uint32_t steps = 0; i != COOP_NONE && steps < b->ninst; steps++) {
		const coop_institution *inst = coop_model_institution(b->m, i);
		if (inst->city.names.count)
			return &inst->city;
		i = inst->parent.type == COOP_ENTITY_INSTITUTION ? inst->parent.index : COOP_NONE;
	}
	return NULL;
}

static int is_unit(const coop_institution *inst)
{
	return inst->parent.type == COOP_ENTITY_INSTITUTION && inst->parent.index != COOP_NONE;
}

static coop_index top_of(const builder *b, coop_index i)
{
	return coop_model_top_institution(b->m, i);
}

/* The institution that stands for i in the picture: its top-level institution when rolling up. */
static coop_index drawn_as(const builder *b, coop_index i)
{
	return b->o->rollup ? top_of(b, i) : i;
}

static coop_index ref_institution(const coop_ref *ref)
{
	return ref->type == COOP_ENTITY_INSTITUTION ? ref->index : COOP_NONE;
}

static void put_link(builder *b, coop_buf *out, coop_entity_type type, const char *id, const char *website)
{
	if (website && coop_url_safe(website)) {
		coop_buf_puts(out, website);
		return;
	}
	if (!b->base || !id || !*id)
		return; /* no made-up links: without --base only real websites are linked */
	const char *segment = type == COOP_ENTITY_PERSON ? "person" : type == COOP_ENTITY_AGREEMENT ? "agreement"
	                                                                                              : "institution";
	coop_buf iri = COOP_BUF_INIT;
	coop_iri_entity(&iri, b->base, segment, id);
	if (coop_url_safe(coop_buf_str(&iri)))
		coop_buf_puts(out, coop_buf_str(&iri));
	coop_buf_free(&iri);
}

static char *link_or_null(builder *b, coop_entity_type type, const char *id, const char *website)
{
	coop_buf out = COOP_BUF_INIT;
	put_link(b, &out, type, id, website);
	if (out.len == 0) {
		coop_buf_free(&out);
		return NULL;
	}
	return take(&out);
}

/* ---- sources and earlier agreements, from the model or from a collector ---- */

static void get_source(const builder *b, coop_index i, coop_view_source *out)
{
	if (b->in && b->in->get_source) {
		b->in->get_source(b->in->ctx, i, out);
		return;
	}
	const coop_source *src = coop_model_source(b->m, i);
	out->id = src->id;
	out->title = pick(b, &src->titles);
	out->url = src->url;
	out->date = src->date;
	out->kind = src->kind;
}

static const char *earlier_title(const builder *b, coop_index i)
{
	if (b->in && b->in->agreement_title)
		return b->in->agreement_title(b->in->ctx, i);
	const coop_agreement *earlier = coop_model_agreement(b->m, i);
	const char *title = pick(b, &earlier->titles);
	return title ? title : earlier->id;
}

/* ---- filters ---- */

static int in_list(const char *s, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (s && strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static int agreement_passes(builder *b, const coop_agreement *a)
{
	const coop_graph_opts *o = b->o;
	if (o->kind_count && !in_list(a->kind_token ? a->kind_token : coop_agr_kind_token(a->kind), o->kinds,
	                              o->kind_count))
		return 0;
	if (o->statuses && !(o->statuses & COOP_GRAPH_STATUS_BIT(a->status)))
		return 0;
	if (o->country_count) {
		int any = 0;
		for (uint32_t p = 0; p < a->party_count && !any; p++) {
			coop_index i = ref_institution(&a->parties[p].party);
			if (i != COOP_NONE && in_list(inst_country(b, i), o->countries, o->country_count))
				any = 1;
		}
		if (!any)
			return 0;
	}
	span s = agreement_span(a);
	if (!span_passes(s, o)) {
		if (!s.dated)
			b->undated_dropped++;
		return 0;
	}
	return 1;
}

/* ---- sorting helpers ---- */

static const builder *sort_ctx; /* qsort has no context argument in C11 */

static int cmp_agreement_ids(const void *x, const void *y)
{
	const coop_agreement *a = sort_ctx->agrs[*(const coop_index *)x];
	const coop_agreement *c = sort_ctx->agrs[*(const coop_index *)y];
	return strcmp(a->id, c->id);
}

static coop_index *sorted_agreements(builder *b, uint32_t *count)
{
	coop_index *order = coop_xmalloc(((size_t)b->nagr + 1) * sizeof *order);
	uint32_t n = 0;
	for (coop_index i = 0; i < b->nagr; i++)
		if (b->agr_keep[i])
			order[n++] = i;
	sort_ctx = b;
	qsort(order, n, sizeof *order, cmp_agreement_ids);
	*count = n;
	return order;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? -1 : b ? 1 : 0; /* missing sorts last */
	return strcmp(a, b);
}

/* The city used for grouping: its Wikidata item when known, else its name as picked. */
static const char *city_key(const builder *b, coop_index i)
{
	const coop_city *city = inst_city(b, i);
	if (!city)
		return NULL;
	return city->wikidata ? city->wikidata : pick(b, &city->names);
}

static int inst_depth(const builder *b, coop_index i)
{
	int d = 0;
	for (uint32_t steps = 0; steps < b->ninst; steps++) {
		const coop_institution *inst = coop_model_institution(b->m, i);
		if (!is_unit(inst))
			break;
		i = inst->parent.index;
		d++;
	}
	return d;
}

/* Institutions in drawing order: country, city (with --by-city), top-level institution, depth, id. */
static int cmp_institutions(const void *x, const void *y)
{
	const builder *b = sort_ctx;
	coop_index i = *(const coop_index *)x, j = *(const coop_index *)y;
	coop_index ti = top_of(b, i), tj = top_of(b, j);
	int c = cmp_str(inst_country(b, ti), inst_country(b, tj));
	if (c)
		return c;
	if (b->o->by_city && (c = cmp_str(city_key(b, ti), city_key(b, tj))) != 0)
		return c;
	if ((c = strcmp(coop_model_institution(b->m, ti)->id, coop_model_institution(b->m, tj)->id)) != 0)
		return c;
	int di = inst_depth(b, i), dj = inst_depth(b, j);
	if (di != dj)
		return di < dj ? -1 : 1;
	return strcmp(coop_model_institution(b->m, i)->id, coop_model_institution(b->m, j)->id);
}

/* ---- institution nodes and their clusters ---- */

static void inst_tooltip(builder *b, coop_buf *t, coop_index i)
{
	const coop_institution *inst = coop_model_institution(b->m, i);
	const char *acronym = pick(b, &inst->acronyms);
	coop_buf_puts(t, inst_name(b, inst));
	if (acronym && *acronym && strcmp(acronym, inst_name(b, inst)) != 0)
		coop_buf_printf(t, " (%s)", acronym);
	coop_buf_putc(t, '\n');
	put_token_words(t, coop_inst_kind_token(inst->kind));
	if (is_unit(inst)) {
		coop_buf_puts(t, " of ");
		coop_buf_puts(t, inst_name(b, coop_model_institution(b->m, inst->parent.index)));
	}
	coop_buf_putc(t, '\n');
	const coop_city *city = inst_city(b, i);
	const char *city_name = city ? pick(b, &city->names) : NULL;
	if (city_name && *city_name)
		coop_buf_printf(t, "%s, ", city_name);
	put_country(t, inst_country(b, i));
	if (inst->website && coop_url_safe(inst->website))
		coop_buf_printf(t, "\n%s", inst->website);
}

static void style_institution(builder *b, coop_view_node *n, const coop_institution *inst)
{
	const inst_look *look = &inst_looks[(unsigned)inst->kind < COOP_INST_KIND_COUNT ? inst->kind : COOP_INST_OTHER];
	n->style.shape = look->shape;
	n->style.style = look->style;
	n->style.fillcolor = look->fill;
	n->style.color = "#555555";
	if (is_unit(inst))
		n->style.fontsize = 9;
	b->inst_kind_seen[(unsigned)inst->kind < COOP_INST_KIND_COUNT ? inst->kind : COOP_INST_OTHER] = 1;
}

typedef struct {
	const char *country;
	const char *city;
	coop_index top;
	uint32_t country_cluster, city_cluster, group_cluster;
} cluster_cursor;

static uint32_t open_country_cluster(builder *b, const char *cc, uint32_t members)
{
	uint32_t index;
	coop_view_cluster *c = add_cluster(b, &index);
	c->name = make_id("cluster_", cc);
	c->id = make_id("country-", cc);
	coop_buf t = COOP_BUF_INIT;
	put_country(&t, cc);
	c->label = coop_xstrdup(coop_buf_str(&t));
	coop_buf_puts(&t, "\n");
	put_count(&t, members, "institution drawn", "institutions drawn");
	c->tooltip = take(&t);
	c->classes = make_id("country-", cc);
	c->style = country_cluster_style;
	return index;
}

static uint32_t open_city_cluster(builder *b, const char *cc, coop_index i, uint32_t parent)
{
	const coop_city *city = inst_city(b, i);
	const char *name = pick(b, &city->names);
	uint32_t index;
	coop_view_cluster *c = add_cluster(b, &index);
	coop_buf t = COOP_BUF_INIT;
	coop_buf_puts(&t, "cluster_");
	coop_view_id_part(&t, cc);
	coop_buf_puts(&t, "__");
	coop_view_id_part(&t, city_key(b, i));
	c->name = take(&t);
	coop_buf_puts(&t, "city-");
	coop_view_id_part(&t, cc);
	coop_buf_puts(&t, "__");
	coop_view_id_part(&t, city_key(b, i));
	c->id = take(&t);
	c->label = coop_xstrdup(name ? name : "");
	coop_buf_printf(&t, "%s, ", name ? name : "");
	put_country(&t, cc);
	c->tooltip = take(&t);
	c->classes = coop_xstrdup("city");
	c->parent = parent;
	c->style = city_cluster_style;
	return index;
}

static uint32_t open_group_cluster(builder *b, coop_index top, uint32_t parent)
{
	const coop_institution *inst = coop_model_institution(b->m, top);
	uint32_t index;
	coop_view_cluster *c = add_cluster(b, &index);
	c->name = make_id("cluster_inst_", inst->id);
	c->id = make_id("group-", inst->id);
	c->label = coop_xstrdup("");
	coop_buf t = COOP_BUF_INIT;
	coop_buf_printf(&t, "%s with its units", inst_name(b, inst));
	c->tooltip = take(&t);
	c->classes = coop_xstrdup("institution-group");
	c->parent = parent;
	c->style = group_cluster_style;
	return index;
}

/* Creates the nodes (and clusters) for every institution marked in want[], in drawing order. */
static void add_institution_nodes(builder *b, const unsigned char *want)
{
	coop_index *order = coop_xmalloc(((size_t)b->ninst + 1) * sizeof *order);
	uint32_t n = 0;
	for (coop_index i = 0; i < b->ninst; i++)
		if (want[i])
			order[n++] = i;
	sort_ctx = b;
	qsort(order, n, sizeof *order, cmp_institutions);

	/* members per country, and whether a top-level institution has units drawn with it */
	uint32_t *units_of_top = coop_xcalloc((size_t)b->ninst + 1, sizeof *units_of_top);
	for (uint32_t k = 0; k < n; k++)
		if (top_of(b, order[k]) != order[k])
			units_of_top[top_of(b, order[k])]++;

	cluster_cursor cur = {NULL, NULL, COOP_NONE, COOP_VIEW_TOP, COOP_VIEW_TOP, COOP_VIEW_TOP};
	int first = 1;
	for (uint32_t k = 0; k < n; k++) {
		coop_index i = order[k];
		coop_index top = top_of(b, i);
		const char *cc = inst_country(b, top);
		const char *city = b->o->by_city ? city_key(b, top) : NULL;
		if (first || cmp_str(cc, cur.country) != 0) {
			uint32_t members = 0;
			for (uint32_t q = k; q < n && cmp_str(inst_country(b, top_of(b, order[q])), cc) == 0; q++)
				members++;
			cur.country = cc;
			cur.country_cluster = cc ? open_country_cluster(b, cc, members) : COOP_VIEW_TOP;
			cur.city = NULL;
			cur.city_cluster = COOP_VIEW_TOP;
			cur.top = COOP_NONE;
			first = 0;
			if (city) {
				cur.city = city;
				cur.city_cluster = open_city_cluster(b, cc ? cc : "none", top, cur.country_cluster);
			}
		} else if (cmp_str(city, cur.city) != 0) {
			cur.city = city;
			cur.city_cluster = city ? open_city_cluster(b, cc ? cc : "none", top, cur.country_cluster)
			                        : COOP_VIEW_TOP;
			cur.top = COOP_NONE;
		}
		uint32_t parent = cur.city_cluster != COOP_VIEW_TOP ? cur.city_cluster : cur.country_cluster;
		if (top != cur.top) {
			cur.top = top;
			cur.group_cluster = units_of_top[top] ? open_group_cluster(b, top, parent) : COOP_VIEW_TOP;
		}
		if (cur.group_cluster != COOP_VIEW_TOP)
			parent = cur.group_cluster;

		const coop_institution *inst = coop_model_institution(b->m, i);
		coop_view_node *node = add_node(b);
		node->id = make_id("inst-", inst->id);
		coop_buf t = COOP_BUF_INIT;
		put_wrapped(&t, inst_short(b, inst), LABEL_WRAP, LABEL_MAX_LINES);
		node->label = take(&t);
		inst_tooltip(b, &t, i);
		node->tooltip = take(&t);
		node->url = link_or_null(b, COOP_ENTITY_INSTITUTION, inst->id, inst->website);
		coop_buf_puts(&t, is_unit(inst) ? "institution unit kind-" : "institution kind-");
		coop_view_id_part(&t, coop_inst_kind_token(inst->kind));
		coop_buf_puts(&t, " country-");
		coop_view_id_part(&t, inst_country(b, i) ? inst_country(b, i) : "unknown");
		if (b->v->kind == COOP_GRAPH_VIEW_EGO && i == b->focus_top) {
			coop_buf_puts(&t, " focus");
			b->focus_seen = 1;
		}
		node->classes = take(&t);
		node->cluster = parent;
		style_institution(b, node, inst);
		if (b->v->kind == COOP_GRAPH_VIEW_EGO && i == b->focus_top)
			node->style.penwidth = 3;
		if (is_unit(inst))
			b->unit_seen = 1;
		b->inst_node[i] = b->v->node_count - 1;
		b->inst_drawn++;
	}

	/* a unit is joined to the institution it belongs to */
	for (uint32_t k = 0; k < n; k++) {
		const coop_institution *inst = coop_model_institution(b->m, order[k]);
		if (!is_unit(inst) || b->inst_node[inst->parent.index] == COOP_NONE)
			continue;
		coop_view_edge *e = add_edge(b, b->inst_node[order[k]], b->inst_node[inst->parent.index]);
		e->id = make_id("partof-", inst->id);
		coop_buf t = COOP_BUF_INIT;
		coop_buf_printf(&t, "%s is part of %s", inst_name(b, inst),
		                inst_name(b, coop_model_institution(b->m, inst->parent.index)));
		e->tooltip = take(&t);
		e->classes = coop_xstrdup("part-of");
		e->style = part_of_style;
		e->weight = 4; /* keep units close to their institution */
	}
	free(units_of_top);
	free(order);
}

/* ---- agreement edges ---- */

static const char *agr_kind_token(const coop_agreement *a)
{
	return a->kind_token ? a->kind_token : coop_agr_kind_token(a->kind);
}

static void note_custom_kind(builder *b, const char *token)
{
	for (size_t i = 0; i < b->custom_count; i++)
		if (strcmp(b->custom_kinds[i], token) == 0)
			return;
	coop_xgrow((void **)&b->custom_kinds, &b->custom_cap, b->custom_count + 1, sizeof *b->custom_kinds);
	size_t at = b->custom_count;
	while (at > 0 && strcmp(b->custom_kinds[at - 1], token) > 0) {
		b->custom_kinds[at] = b->custom_kinds[at - 1];
		at--;
	}
	b->custom_kinds[at] = token;
	b->custom_count++;
}

static void note_agreement_drawn(builder *b, const coop_agreement *a)
{
	for (uint32_t s = 0; s < a->sources.count; s++)
		if (a->sources.items[s].type == COOP_ENTITY_SOURCE && a->sources.items[s].index != COOP_NONE)
			b->source_used[a->sources.items[s].index] = 1;
	if (b->v->kind == COOP_GRAPH_VIEW_COUNTRIES)
		return; /* country links do not show kinds or statuses, so the legend does not list them */
	unsigned kind = (unsigned)a->kind < COOP_AGR_KIND_COUNT ? a->kind : COOP_AGR_CUSTOM;
	b->agr_kind_seen[kind] = 1;
	if (kind == COOP_AGR_CUSTOM)
		note_custom_kind(b, agr_kind_token(a));
	b->status_seen[(unsigned)a->status < COOP_STATUS_COUNT ? a->status : COOP_STATUS_NONE] = 1;
}

static void put_kind_words(coop_buf *t, const coop_agreement *a)
{
	if (a->kind == COOP_AGR_CUSTOM)
		coop_buf_puts(t, agr_kind_token(a));
	else
		put_token_words(t, agr_kind_token(a));
}

/* "letter of intent, signed, 2020 to 2024: Title" on one line */
static void put_agreement_line(builder *b, coop_buf *t, const coop_agreement *a)
{
	put_kind_words(t, a);
	const char *status = coop_agr_status_token(a->status);
	if (status)
		coop_buf_printf(t, ", %s", status);
	char d1[16], d2[16];
	if (a->signed_on.precision) {
		coop_date_format(&a->signed_on, d1, sizeof d1);
		coop_buf_printf(t, ", signed %s", d1);
	}
	if (a->start.precision || a->end.precision) {
		coop_date_format(&a->start, d1, sizeof d1);
		coop_date_format(&a->end, d2, sizeof d2);
		if (a->start.precision && a->end.precision)
			coop_buf_printf(t, ", %s to %s", d1, d2);
		else if (a->start.precision)
			coop_buf_printf(t, ", from %s", d1);
		else
			coop_buf_printf(t, ", until %s", d2);
	}
	if (a->duration)
		coop_buf_printf(t, " (%s)", a->duration);
	const char *title = pick(b, &a->titles);
	coop_buf_printf(t, ": %s", title ? title : a->id);
}

static void agreement_tooltip(builder *b, coop_buf *t, const coop_agreement *a)
{
	put_agreement_line(b, t, a);
	coop_buf_puts(t, "\nParties: ");
	for (uint32_t p = 0; p < a->party_count; p++) {
		coop_index i = ref_institution(&a->parties[p].party);
		if (p)
			coop_buf_puts(t, "; ");
		if (i == COOP_NONE) {
			coop_buf_puts(t, a->parties[p].party.id ? a->parties[p].party.id : "?");
			continue;
		}
		const coop_institution *inst = coop_model_institution(b->m, i);
		coop_buf_printf(t, "%s (%s)", inst_short(b, inst), inst_country(b, i) ? inst_country(b, i) : "?");
	}
	for (uint32_t f = 0; f < a->funding_count; f++) {
		coop_index fi = ref_institution(&a->fundings[f].funder);
		coop_buf_puts(t, "\nFunded by ");
		coop_buf_puts(t, fi != COOP_NONE ? inst_short(b, coop_model_institution(b->m, fi))
		                                 : a->fundings[f].funder.id ? a->fundings[f].funder.id : "?");
		const coop_ref *pr = &a->fundings[f].programme;
		if (pr->type == COOP_ENTITY_PROGRAMME && pr->index != COOP_NONE) {
			const coop_programme *prog = coop_model_programme(b->m, pr->index);
			const char *acr = pick(b, &prog->acronyms);
			const char *name = pick(b, &prog->names);
			coop_buf_printf(t, ", programme %s", acr && *acr ? acr : name ? name : prog->id);
		}
	}
	for (uint32_t k = 0; k < a->builds_on.count; k++) {
		const coop_ref *r = &a->builds_on.items[k];
		if (r->type != COOP_ENTITY_AGREEMENT || r->index == COOP_NONE)
			continue;
		coop_buf_printf(t, "\nBuilds on: %s", earlier_title(b, r->index));
	}
	for (uint32_t s = 0; s < a->sources.count; s++) {
		const coop_ref *r = &a->sources.items[s];
		if (r->type != COOP_ENTITY_SOURCE || r->index == COOP_NONE)
			continue;
		coop_view_source src;
		get_source(b, r->index, &src);
		coop_buf_puts(t, "\nSource: ");
		coop_buf_puts(t, src.title ? src.title : src.id);
		coop_buf_puts(t, " (");
		put_token_words(t, coop_source_kind_token(src.kind));
		if (src.date.precision) {
			char d[16];
			coop_date_format(&src.date, d, sizeof d);
			coop_buf_printf(t, ", %s", d);
		}
		coop_buf_putc(t, ')');
	}
}

/* Where an agreement's edge links to: its first source with a usable URL, else its IRI. */
static char *agreement_link(builder *b, const coop_agreement *a)
{
	for (uint32_t s = 0; s < a->sources.count; s++) {
		const coop_ref *r = &a->sources.items[s];
		if (r->type != COOP_ENTITY_SOURCE || r->index == COOP_NONE)
			continue;
		coop_view_source src;
		get_source(b, r->index, &src);
		if (src.url && coop_url_safe(src.url))
			return coop_xstrdup(src.url);
	}
	return link_or_null(b, COOP_ENTITY_AGREEMENT, a->id, NULL);
}

static const char *node_country(const builder *b, uint32_t node, const coop_index *node_inst)
{
	return node_inst[node] == COOP_NONE ? NULL : inst_country(b, node_inst[node]);
}

static int crosses_border(const builder *b, uint32_t x, uint32_t y, const coop_index *node_inst)
{
	const char *cx = node_country(b, x, node_inst), *cy = node_country(b, y, node_inst);
	return cx && cy && strcmp(cx, cy) != 0;
}

static void agreement_classes(coop_buf *t, const coop_agreement *a)
{
	coop_buf_puts(t, " kind-");
	coop_view_id_part(t, agr_kind_token(a));
	coop_buf_puts(t, " status-");
	coop_buf_puts(t, coop_agr_status_token(a->status) ? coop_agr_status_token(a->status) : "unknown");
}

static void style_agreement(coop_view_style *s, const coop_agreement *a)
{
	unsigned kind = (unsigned)a->kind < COOP_AGR_KIND_COUNT ? a->kind : COOP_AGR_CUSTOM;
	unsigned status = (unsigned)a->status < COOP_STATUS_COUNT ? a->status : COOP_STATUS_NONE;
	s->color = kind_colors[kind];
	s->style = status_looks[status].style;
	s->penwidth = status_looks[status].penwidth;
}

/* The distinct nodes an agreement's parties are drawn as, ascending. */
static uint32_t agreement_nodes(builder *b, const coop_agreement *a, uint32_t *out)
{
	uint32_t n = 0;
	for (uint32_t p = 0; p < a->party_count; p++) {
		coop_index i = ref_institution(&a->parties[p].party);
		if (i == COOP_NONE)
			continue;
		uint32_t node = b->inst_node[drawn_as(b, i)];
		if (node == COOP_NONE)
			continue;
		uint32_t at = n;
		int dup = 0;
		for (uint32_t k = 0; k < n; k++)
			dup |= out[k] == node;
		if (dup)
			continue;
		while (at > 0 && out[at - 1] > node) {
			out[at] = out[at - 1];
			at--;
		}
		out[at] = node;
		n++;
	}
	return n;
}

static void add_single_agreement_edges(builder *b, const coop_agreement *a, const uint32_t *nodes, uint32_t n,
                                       const coop_index *node_inst)
{
	coop_buf t = COOP_BUF_INIT;
	if (n == 2) {
		coop_view_edge *e = add_edge(b, nodes[0], nodes[1]);
		e->id = make_id("agr-", a->id);
		agreement_tooltip(b, &t, a);
		e->tooltip = take(&t);
		e->url = agreement_link(b, a);
		int cross = crosses_border(b, nodes[0], nodes[1], node_inst);
		coop_buf_puts(&t, "agreement");
		agreement_classes(&t, a);
		coop_buf_puts(&t, cross ? " cross-border" : " domestic");
		e->classes = take(&t);
		style_agreement(&e->style, a);
		e->double_line = cross;
		b->cross_seen |= cross;
		b->domestic_seen |= !cross;
		return;
	}
	/* three or more parties: a small hub node with a spoke to each party, instead of a clique */
	coop_view_node *hub = add_node(b);
	uint32_t hub_index = b->v->node_count - 1;
	hub->id = make_id("agr-", a->id);
	hub->label = coop_xstrdup("");
	agreement_tooltip(b, &t, a);
	hub->tooltip = take(&t);
	hub->url = agreement_link(b, a);
	coop_buf_puts(&t, "agreement-hub");
	agreement_classes(&t, a);
	hub->classes = take(&t);
	hub->style = hub_style;
	hub->style.color = kind_colors[(unsigned)a->kind < COOP_AGR_KIND_COUNT ? a->kind : COOP_AGR_CUSTOM];
	hub->style.fillcolor = hub->style.color;
	b->hub_seen = 1;
	int cross_any = 0;
	for (uint32_t k = 0; k + 1 < n && !cross_any; k++)
		cross_any = crosses_border(b, nodes[k], nodes[k + 1], node_inst);
	for (uint32_t k = 0; k < n; k++) {
		coop_view_edge *e = add_edge(b, hub_index, nodes[k]);
		coop_buf_puts(&t, "agr-");
		coop_view_id_part(&t, a->id);
		coop_buf_puts(&t, "__");
		coop_buf_puts(&t, b->v->nodes[nodes[k]].id);
		e->id = take(&t);
		agreement_tooltip(b, &t, a);
		e->tooltip = take(&t);
		e->url = dup_or_null(hub->url);
		coop_buf_puts(&t, "agreement party");
		agreement_classes(&t, a);
		coop_buf_puts(&t, cross_any ? " cross-border" : " domestic");
		e->classes = take(&t);
		style_agreement(&e->style, a);
		e->double_line = cross_any;
	}
	b->cross_seen |= cross_any;
	b->domestic_seen |= !cross_any;
}

typedef struct {
	uint32_t x, y;  /* nodes, x < y */
	coop_index agr;
} pair_agr;

static int cmp_pair_agr(const void *p, const void *q)
{
	const pair_agr *a = p, *c = q;
	if (a->x != c->x)
		return a->x < c->x ? -1 : 1;
	if (a->y != c->y)
		return a->y < c->y ? -1 : 1;
	return strcmp(sort_ctx->agrs[a->agr]->id, sort_ctx->agrs[c->agr]->id);
}

/* log2 within a few per cent, monotonic, without libm (the library links no -lm) */
static double approx_log2(double x)
{
	double e = 0;
	while (x >= 2) {
		x /= 2;
		e++;
	}
	return e + (x - 1);
}

/* Line width grows with the logarithm of the weight: one agreement thin, the strongest link 5.2. */
static double weight_penwidth(unsigned weight, unsigned max_weight)
{
	if (max_weight <= 1 || weight <= 1)
		return 1.2;
	return 1.2 + 4.0 * approx_log2((double)weight) / approx_log2((double)max_weight);
}

/* The thinning limit for weighted edges: a readable number of lines for the number of nodes. */
static unsigned thinning_limit(const builder *b, uint32_t nodes)
{
	if (b->o->max_edges)
		return b->o->max_edges;
	unsigned limit = 3u * nodes;
	if (limit < 200)
		limit = 200;
	if (limit > 1000)
		limit = 1000;
	return limit;
}

typedef struct {
	uint32_t first, count; /* range in the sorted pair_agr array */
	unsigned weight;
} pair_group;

static const pair_agr *group_src;

/* strongest first; ties in node order, so the cut is deterministic */
static int cmp_group_strength(const void *p, const void *q)
{
	const pair_group *a = p, *c = q;
	if (a->weight != c->weight)
		return a->weight > c->weight ? -1 : 1;
	const pair_agr *x = &group_src[a->first], *y = &group_src[c->first];
	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	return x->y < y->y ? -1 : x->y > y->y ? 1 : 0;
}

static int cmp_group_order(const void *p, const void *q)
{
	const pair_group *a = p, *c = q;
	return a->first < c->first ? -1 : a->first > c->first ? 1 : 0;
}

/* Keeps the strongest groups up to the limit; returns the new count and notes the thinning. */
static uint32_t thin_groups(builder *b, pair_group *groups, uint32_t count, const pair_agr *pairs, unsigned limit,
                            const char *what)
{
	b->v->edges_before_thinning = count;
	if (limit == UINT_MAX || count <= limit)
		return count;
	group_src = pairs;
	qsort(groups, count, sizeof *groups, cmp_group_strength);
	unsigned weakest = groups[limit - 1].weight;
	qsort(groups, limit, sizeof *groups, cmp_group_order);
	coop_buf t = COOP_BUF_INIT;
	coop_buf_puts(&t, "Weak links thinned: the ");
	put_count(&t, limit, "", "");
	coop_buf_truncate(&t, t.len - 1);
	coop_buf_puts(&t, " strongest of ");
	put_count(&t, count, what, what);
	coop_buf_puts(&t, " drawn (");
	put_count(&t, weakest, "agreement", "agreements");
	coop_buf_puts(&t, " or more each)");
	if (!b->o->no_legend) {
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_NOTE, "note-thinned", coop_buf_str(&t));
		l->style = note_style;
	}
	coop_buf_free(&t);
	return limit;
}

static void add_merged_edges(builder *b, pair_agr *pairs, size_t npairs, const coop_index *node_inst,
                             unsigned char *drawn)
{
	sort_ctx = b;
	if (npairs)
		qsort(pairs, npairs, sizeof *pairs, cmp_pair_agr);
	pair_group *groups = coop_xmalloc((npairs + 1) * sizeof *groups);
	uint32_t ngroups = 0;
	for (size_t k = 0; k < npairs;) {
		size_t end = k;
		while (end < npairs && pairs[end].x == pairs[k].x && pairs[end].y == pairs[k].y)
			end++;
		groups[ngroups].first = (uint32_t)k;
		groups[ngroups].count = (uint32_t)(end - k);
		groups[ngroups].weight = (unsigned)(end - k);
		ngroups++;
		k = end;
	}
	ngroups = thin_groups(b, groups, ngroups, pairs, thinning_limit(b, b->v->node_count), "links");
	unsigned max_weight = 1;
	for (uint32_t g = 0; g < ngroups; g++)
		if (groups[g].weight > max_weight)
			max_weight = groups[g].weight;

	for (uint32_t g = 0; g < ngroups; g++) {
		const pair_agr *first = &pairs[groups[g].first];
		uint32_t count = groups[g].count;
		coop_view_edge *e = add_edge(b, first->x, first->y);
		coop_buf t = COOP_BUF_INIT;
		coop_buf_puts(&t, "link-");
		coop_buf_puts(&t, b->v->nodes[first->x].id);
		coop_buf_puts(&t, "__");
		coop_buf_puts(&t, b->v->nodes[first->y].id);
		e->id = take(&t);
		const coop_agreement *a0 = b->agrs[first->agr];
		int same_kind = 1, same_status = 1;
		for (uint32_t k = 1; k < count; k++) {
			const coop_agreement *a = b->agrs[first[k].agr];
			same_kind &= a->kind == a0->kind && strcmp(agr_kind_token(a), agr_kind_token(a0)) == 0;
			same_status &= a->status == a0->status;
		}
		/* tooltip: the pair, then one line per agreement */
		const coop_institution *ix = coop_model_institution(b->m, node_inst[first->x]);
		const coop_institution *iy = coop_model_institution(b->m, node_inst[first->y]);
		coop_buf_printf(&t, "%s \xE2\x80\x93 %s: ", inst_short(b, ix), inst_short(b, iy));
		put_count(&t, count, "agreement", "agreements");
		for (uint32_t k = 0; k < count && k < LIST_MAX; k++) {
			coop_buf_puts(&t, "\n\xE2\x80\xA2 ");
			put_agreement_line(b, &t, b->agrs[first[k].agr]);
		}
		if (count > LIST_MAX)
			coop_buf_printf(&t, "\n\xE2\x80\xA6 and %u more", count - LIST_MAX);
		e->tooltip = take(&t);
		e->url = count == 1 ? agreement_link(b, a0) : NULL;
		int cross = crosses_border(b, first->x, first->y, node_inst);
		coop_buf_puts(&t, "agreement merged");
		/* every kind and status present, each once, so CSS can select any of them */
		for (uint32_t k = 0; k < count; k++) {
			const coop_agreement *a = b->agrs[first[k].agr];
			int seen = 0;
			for (uint32_t q = 0; q < k && !seen; q++)
				seen = strcmp(agr_kind_token(b->agrs[first[q].agr]), agr_kind_token(a)) == 0;
			if (!seen) {
				coop_buf_puts(&t, " kind-");
				coop_view_id_part(&t, agr_kind_token(a));
			}
		}
		for (uint32_t k = 0; k < count; k++) {
			const coop_agreement *a = b->agrs[first[k].agr];
			int seen = 0;
			for (uint32_t q = 0; q < k && !seen; q++)
				seen = b->agrs[first[q].agr]->status == a->status;
			if (!seen)
				coop_buf_printf(&t, " status-%s",
				                coop_agr_status_token(a->status) ? coop_agr_status_token(a->status) : "unknown");
		}
		coop_buf_puts(&t, cross ? " cross-border" : " domestic");
		e->classes = take(&t);
		style_agreement(&e->style, a0);
		if (!same_kind) {
			e->style.color = MIXED_COLOR;
			b->mixed_seen = 1;
		}
		if (!same_status) {
			e->style.style = "solid";
		}
		e->style.penwidth = weight_penwidth(count, max_weight);
		e->weight = count;
		if (count > 1) {
			coop_buf_printf(&t, "%u", count);
			e->label = take(&t);
		}
		e->double_line = cross;
		b->cross_seen |= cross;
		b->domestic_seen |= !cross;
		for (uint32_t k = 0; k < count; k++) {
			note_agreement_drawn(b, b->agrs[first[k].agr]);
			drawn[first[k].agr] = 1;
		}
	}
	free(groups);
}

static void add_agreement_edges(builder *b)
{
	uint32_t n;
	coop_index *order = sorted_agreements(b, &n);
	/* which institution each node stands for (hubs and people: none) */
	uint32_t *nodes = coop_xmalloc(sizeof *nodes);
	size_t nodes_cap = 1;
	coop_index *node_inst = coop_xmalloc(((size_t)b->v->node_count + 1) * sizeof *node_inst);
	for (uint32_t k = 0; k < b->v->node_count; k++)
		node_inst[k] = COOP_NONE;
	for (coop_index i = 0; i < b->ninst; i++)
		if (b->inst_node[i] != COOP_NONE)
			node_inst[b->inst_node[i]] = i;

	pair_agr *pairs = NULL;
	size_t npairs = 0, pairs_cap = 0;
	unsigned char *drawn = coop_xcalloc((size_t)b->nagr + 1, 1);
	for (uint32_t k = 0; k < n; k++) {
		const coop_agreement *a = b->agrs[order[k]];
		coop_xgrow((void **)&nodes, &nodes_cap, a->party_count + 1, sizeof *nodes);
		uint32_t count = agreement_nodes(b, a, nodes);
		if (count < 2) {
			b->internal_dropped++;
			continue;
		}
		if (!b->o->merge) {
			add_single_agreement_edges(b, a, nodes, count, node_inst);
			note_agreement_drawn(b, a);
			b->v->agreements_drawn++;
			continue;
		}
		for (uint32_t x = 0; x < count; x++)
			for (uint32_t y = x + 1; y < count; y++) {
				coop_xgrow((void **)&pairs, &pairs_cap, npairs + 1, sizeof *pairs);
				pairs[npairs].x = nodes[x];
				pairs[npairs].y = nodes[y];
				pairs[npairs].agr = order[k];
				npairs++;
			}
	}
	if (b->o->merge) {
		/* an agreement counts as drawn when one of its pairs survived the thinning */
		add_merged_edges(b, pairs, npairs, node_inst, drawn);
		for (coop_index i = 0; i < b->nagr; i++)
			b->v->agreements_drawn += drawn[i];
	}
	free(drawn);
	free(pairs);
	free(node_inst);
	free(nodes);
	free(order);
}

/* ---- people ---- */

typedef struct {
	coop_index person;
	uint32_t node;
	uint32_t role;
} person_role;

static int cmp_person_role(const void *p, const void *q)
{
	const person_role *a = p, *c = q;
	const coop_person *pa = coop_model_person(sort_ctx->m, a->person), *pc = coop_model_person(sort_ctx->m, c->person);
	int r = strcmp(pa->id, pc->id);
	if (r)
		return r;
	if (a->node != c->node)
		return a->node < c->node ? -1 : 1;
	return a->role < c->role ? -1 : a->role > c->role ? 1 : 0;
}

static void person_name(coop_buf *t, const coop_person *p)
{
	size_t before = t->len;
	if (p->given_name)
		coop_buf_puts(t, p->given_name);
	if (p->family_name) {
		if (t->len > before)
			coop_buf_putc(t, ' ');
		coop_buf_puts(t, p->family_name);
	}
	if (t->len == before)
		coop_buf_puts(t, p->id);
}

static char *person_link(builder *b, const coop_person *p)
{
	for (uint32_t k = 0; k < p->identifiers.count; k++) {
		const coop_identifier *ident = &p->identifiers.items[k];
		if (!ident->scheme || strcmp(ident->scheme, "orcid") != 0 || !ident->value)
			continue;
		coop_buf t = COOP_BUF_INIT;
		if (strncmp(ident->value, "https://", 8) != 0 && strncmp(ident->value, "http://", 7) != 0)
			coop_buf_puts(&t, "https://orcid.org/");
		coop_buf_puts(&t, ident->value);
		if (coop_url_safe(coop_buf_str(&t)))
			return take(&t);
		coop_buf_free(&t);
	}
	return link_or_null(b, COOP_ENTITY_PERSON, p->id, NULL);
}

/* Adds the people with roles at drawn institutions (and, for the people view, first marks those
 * institutions in want[] when want is not NULL). */
static void collect_roles(builder *b, person_role **out, size_t *count, unsigned char *want)
{
	size_t cap = 0;
	*out = NULL;
	*count = 0;
	for (coop_index p = 0; p < b->nperson; p++) {
		const coop_person *person = coop_model_person(b->m, p);
		for (uint32_t r = 0; r < person->role_count; r++) {
			const coop_role *role = &person->roles[r];
			coop_index at = ref_institution(&role->at);
			if (at == COOP_NONE)
				continue;
			span s = role_span(role);
			if (!span_passes(s, b->o)) {
				if (!s.dated)
					b->roles_undated_dropped++;
				continue;
			}
			coop_index target = drawn_as(b, at);
			if (want) {
				if (b->o->country_count && !in_list(inst_country(b, target), b->o->countries, b->o->country_count))
					continue;
				want[target] = 1;
			}
			coop_xgrow((void **)out, &cap, *count + 1, sizeof **out);
			(*out)[*count].person = p;
			(*out)[*count].node = target; /* an institution index until resolved to a node */
			(*out)[*count].role = r;
			(*count)++;
		}
	}
}

static void add_people(builder *b, person_role *roles, size_t count)
{
	/* resolve institutions to nodes; drop roles at institutions not drawn */
	size_t kept = 0;
	for (size_t k = 0; k < count; k++) {
		uint32_t node = b->inst_node[roles[k].node];
		if (node == COOP_NONE)
			continue;
		roles[kept] = roles[k];
		roles[kept].node = node;
		kept++;
	}
	sort_ctx = b;
	if (kept)
		qsort(roles, kept, sizeof *roles, cmp_person_role);
	coop_buf t = COOP_BUF_INIT;
	for (size_t k = 0; k < kept;) {
		const coop_person *p = coop_model_person(b->m, roles[k].person);
		size_t pend = k;
		while (pend < kept && roles[pend].person == roles[k].person)
			pend++;
		coop_view_node *node = add_node(b);
		uint32_t person_node = b->v->node_count - 1;
		node->id = make_id("person-", p->id);
		person_name(&t, p);
		coop_buf tmp = COOP_BUF_INIT;
		put_wrapped(&tmp, coop_buf_str(&t), LABEL_WRAP, 2);
		node->label = take(&tmp);
		coop_buf_clear(&t);
		if (p->title)
			coop_buf_printf(&t, "%s ", p->title);
		person_name(&t, p);
		for (size_t r = k; r < pend; r++) {
			const coop_role *role = &p->roles[roles[r].role];
			const char *rn = pick(b, &role->names);
			coop_buf_printf(&t, "\n%s, %s", rn ? rn : "role",
			                inst_short(b, coop_model_institution(b->m, ref_institution(&role->at))));
		}
		node->tooltip = take(&t);
		node->url = person_link(b, p);
		node->classes = coop_xstrdup("person");
		node->style = person_style;
		b->person_seen = 1;
		/* one edge per (person, drawn institution), naming every role held there */
		for (size_t r = k; r < pend;) {
			size_t rend = r;
			while (rend < pend && roles[rend].node == roles[r].node)
				rend++;
			coop_view_edge *e = add_edge(b, person_node, roles[r].node);
			coop_buf_puts(&t, "role-");
			coop_view_id_part(&t, p->id);
			coop_buf_puts(&t, "__");
			coop_buf_puts(&t, b->v->nodes[roles[r].node].id);
			e->id = take(&t);
			coop_buf label = COOP_BUF_INIT;
			for (size_t q = r; q < rend; q++) {
				const coop_role *role = &p->roles[roles[q].role];
				const char *rn = pick(b, &role->names);
				if (q > r)
					coop_buf_puts(&t, "; ");
				coop_buf_puts(&t, rn ? rn : "role");
				char d1[16], d2[16];
				coop_date_format(&role->start, d1, sizeof d1);
				coop_date_format(&role->end, d2, sizeof d2);
				if (d1[0] || d2[0])
					coop_buf_printf(&t, " (%s\xE2\x80\x93%s)", d1, d2);
			}
			put_shortened(&label, coop_buf_str(&t), EDGE_LABEL_MAX);
			e->label = take(&label);
			coop_buf tip = COOP_BUF_INIT;
			person_name(&tip, p);
			coop_buf_printf(&tip, ": %s", coop_buf_str(&t));
			e->tooltip = take(&tip);
			coop_buf_clear(&t);
			e->classes = coop_xstrdup("role");
			e->style = role_style;
			r = rend;
		}
		k = pend;
	}
	coop_buf_free(&t);
}

/* ---- the legend ---- */

static void legend_note_wrapped(builder *b, const char *id, const char *text)
{
	coop_buf t = COOP_BUF_INIT;
	put_wrapped(&t, text, LEGEND_LINE, 6);
	coop_legend_entry *l = add_legend(b, COOP_LEGEND_NOTE, id, coop_buf_str(&t));
	l->style = note_style;
	coop_buf_free(&t);
}

static void legend_filters(builder *b)
{
	const coop_graph_opts *o = b->o;
	coop_buf t = COOP_BUF_INIT;
	if (o->country_count) {
		coop_buf_puts(&t, "countries ");
		for (size_t i = 0; i < o->country_count; i++)
			coop_buf_printf(&t, "%s%s", i ? ", " : "", o->countries[i]);
	}
	if (o->kind_count) {
		coop_buf_puts(&t, t.len ? "; kinds " : "kinds ");
		for (size_t i = 0; i < o->kind_count; i++)
			coop_buf_printf(&t, "%s%s", i ? ", " : "", o->kinds[i]);
	}
	if (o->statuses) {
		coop_buf_puts(&t, t.len ? "; status " : "status ");
		int first = 1;
		for (unsigned s = 0; s < COOP_STATUS_COUNT; s++)
			if (o->statuses & COOP_GRAPH_STATUS_BIT(s) && coop_agr_status_token((coop_agr_status)s)) {
				coop_buf_printf(&t, "%s%s", first ? "" : ", ", coop_agr_status_token((coop_agr_status)s));
				first = 0;
			}
	}
	char d[16];
	if (o->from.precision) {
		coop_date_format(&o->from, d, sizeof d);
		coop_buf_printf(&t, "%sfrom %s", t.len ? "; " : "", d);
	}
	if (o->to.precision) {
		coop_date_format(&o->to, d, sizeof d);
		coop_buf_printf(&t, "%sto %s", t.len ? "; " : "", d);
	}
	if (o->as_of.precision) {
		coop_date_format(&o->as_of, d, sizeof d);
		coop_buf_printf(&t, "%sas of %s", t.len ? "; " : "", d);
	}
	if (t.len) {
		coop_buf text = COOP_BUF_INIT;
		coop_buf_printf(&text, "Filter: %s", coop_buf_str(&t));
		legend_note_wrapped(b, "note-filter", coop_buf_str(&text));
		coop_buf_free(&text);
	}
	coop_buf_free(&t);
}

static void legend_countries(builder *b)
{
	/* the countries drawn, from the clusters (institution views) or the nodes (country view) */
	coop_buf t = COOP_BUF_INIT;
	uint32_t listed = 0, total = 0;
	for (uint32_t c = 0; c < b->v->cluster_count; c++)
		if (strncmp(b->v->clusters[c].id, "country-", 8) == 0)
			total++;
	coop_buf_puts(&t, total == 1 ? "Country: " : "Countries: ");
	for (uint32_t c = 0; c < b->v->cluster_count; c++) {
		const coop_view_cluster *cl = &b->v->clusters[c];
		if (strncmp(cl->id, "country-", 8) != 0)
			continue;
		if (listed == 20) {
			coop_buf_printf(&t, " and %u more", total - listed);
			break;
		}
		coop_buf_printf(&t, "%s%s", listed ? ", " : "", cl->label);
		listed++;
	}
	if (total)
		legend_note_wrapped(b, "note-countries", coop_buf_str(&t));
	coop_buf_free(&t);
}

static int source_id_less(const builder *b, coop_index x, coop_index y)
{
	coop_view_source a, c;
	get_source(b, x, &a);
	get_source(b, y, &c);
	return strcmp(a.id, c.id) < 0;
}

static void legend_sources(builder *b)
{
	/* only the first few by ID are named: a selection, not a sort of every source cited (there
	 * may be a million), gives the same stable legend */
	coop_index first[SOURCES_MAX];
	uint32_t total = 0, listed = 0;
	for (coop_index s = 0; s < b->nsrc; s++) {
		if (!b->source_used[s])
			continue;
		total++;
		if (listed == SOURCES_MAX && !source_id_less(b, s, first[SOURCES_MAX - 1]))
			continue;
		uint32_t at = listed < SOURCES_MAX ? listed++ : SOURCES_MAX - 1;
		while (at > 0 && source_id_less(b, s, first[at - 1])) {
			first[at] = first[at - 1];
			at--;
		}
		first[at] = s;
	}
	if (!total)
		return;
	coop_buf t = COOP_BUF_INIT;
	coop_buf_puts(&t, total == 1 ? "Source: " : "Sources: ");
	for (uint32_t k = 0; k < listed; k++) {
		coop_view_source src;
		get_source(b, first[k], &src);
		coop_buf_printf(&t, "%s%s", k ? "; " : "", src.title ? src.title : src.id);
		if (src.date.precision) {
			char d[16];
			coop_date_format(&src.date, d, sizeof d);
			coop_buf_printf(&t, " (%s)", d);
		}
	}
	if (total > SOURCES_MAX)
		coop_buf_printf(&t, "; and %u more", total - SOURCES_MAX);
	legend_note_wrapped(b, "note-sources", coop_buf_str(&t));
	coop_buf_free(&t);
}

static void build_legend(builder *b)
{
	if (b->o->no_legend)
		return;
	/* notes that qualify the picture come first, where a reader looks */
	legend_countries(b);
	legend_filters(b);
	for (unsigned k = 0; k < COOP_INST_KIND_COUNT; k++) {
		if (!b->inst_kind_seen[k])
			continue;
		coop_buf id = COOP_BUF_INIT;
		coop_buf_printf(&id, "inst-%s", coop_inst_kind_token((coop_inst_kind)k));
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_NODE, coop_buf_str(&id), inst_looks[k].label);
		coop_buf_free(&id);
		l->group = 1;
		l->style.shape = inst_looks[k].shape;
		l->style.style = inst_looks[k].style;
		l->style.fillcolor = inst_looks[k].fill;
		l->style.color = "#555555";
		l->style.fontsize = 9;
	}
	if (b->person_seen) {
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_NODE, "person", "person");
		l->style = person_style;
		l->group = 1;
	}
	if (b->hub_seen) {
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_EDGE, "hub", "agreement of three or more parties");
		l->style = hub_style;
		l->style.color = NEUTRAL_COLOR;
		l->group = 2;
	}
	for (unsigned k = 0; k < COOP_AGR_KIND_COUNT; k++) {
		if (!b->agr_kind_seen[k])
			continue;
		if (k == COOP_AGR_CUSTOM) {
			for (size_t c = 0; c < b->custom_count; c++) {
				coop_buf id = COOP_BUF_INIT;
				coop_buf_printf(&id, "kind-%s", b->custom_kinds[c]);
				coop_legend_entry *l = add_legend(b, COOP_LEGEND_EDGE, coop_buf_str(&id), b->custom_kinds[c]);
				coop_buf_free(&id);
				l->group = 3;
				l->style.color = kind_colors[k];
				l->style.style = "solid";
				l->style.penwidth = 2;
			}
			continue;
		}
		coop_buf id = COOP_BUF_INIT, label = COOP_BUF_INIT;
		coop_buf_printf(&id, "kind-%s", coop_agr_kind_token((coop_agr_kind)k));
		put_token_words(&label, coop_agr_kind_token((coop_agr_kind)k));
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_EDGE, coop_buf_str(&id), coop_buf_str(&label));
		coop_buf_free(&id);
		coop_buf_free(&label);
		l->group = 3;
		l->style.color = kind_colors[k];
		l->style.style = "solid";
		l->style.penwidth = 2;
	}
	if (b->mixed_seen) {
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_EDGE, "kind-mixed", "agreements of several kinds");
		l->group = 3;
		l->style.color = MIXED_COLOR;
		l->style.style = "solid";
		l->style.penwidth = 2;
	}
	for (unsigned s = 0; s < COOP_STATUS_COUNT; s++) {
		if (!b->status_seen[s])
			continue;
		coop_buf id = COOP_BUF_INIT;
		coop_buf_printf(&id, "status-%s", coop_agr_status_token((coop_agr_status)s)
		                                    ? coop_agr_status_token((coop_agr_status)s) : "unknown");
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_EDGE, coop_buf_str(&id),
		                                  b->o->merge ? status_looks[s].merged_label : status_looks[s].label);
		coop_buf_free(&id);
		l->group = 4;
		l->style.color = NEUTRAL_COLOR;
		l->style.style = status_looks[s].style;
		l->style.penwidth = b->o->merge ? 1.4 : status_looks[s].penwidth;
	}
	if (b->cross_seen) {
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_EDGE, "cross-border", "cross-border (double line)");
		l->group = 5;
		l->style.color = NEUTRAL_COLOR;
		l->style.style = "solid";
		l->style.penwidth = 1.4;
		l->double_line = 1;
	}
	if (b->cross_seen && b->domestic_seen) {
		coop_legend_entry *l = add_legend(b, COOP_LEGEND_EDGE, "domestic", "domestic (single line)");
		l->group = 5;
		l->style.color = NEUTRAL_COLOR;
		l->style.style = "solid";
		l->style.penwidth = 1.4;
	}
	if (b->o->merge && b->v->kind != COOP_GRAPH_VIEW_COUNTRIES)
		legend_note_wrapped(b, "note-merged",
		                    "One line per pair of institutions; its width and number show how many agreements it "
		                    "stands for");
	if (b->o->rollup)
		legend_note_wrapped(b, "note-rollup", "Units (clinics, departments) rolled up into their institutions");
	else if (b->unit_seen)
		legend_note_wrapped(b, "note-units", "Units are drawn with their institution inside a dashed box");
	if (b->focus_seen)
		legend_note_wrapped(b, "note-focus", "Thick border: the institution in focus");
	coop_buf t = COOP_BUF_INIT;
	if (b->internal_dropped) {
		put_count(&t, b->internal_dropped, "agreement", "agreements");
		coop_buf_puts(&t, " within a single institution not drawn");
		legend_note_wrapped(b, "note-internal", coop_buf_str(&t));
		coop_buf_clear(&t);
	}
	if (b->undated_dropped) {
		put_count(&t, b->undated_dropped, "agreement", "agreements");
		coop_buf_puts(&t, " without dates left out by the date filter");
		legend_note_wrapped(b, "note-undated", coop_buf_str(&t));
		coop_buf_clear(&t);
	}
	if (b->roles_undated_dropped && (b->person_seen || b->v->kind == COOP_GRAPH_VIEW_PEOPLE)) {
		put_count(&t, b->roles_undated_dropped, "role", "roles");
		coop_buf_puts(&t, " without dates left out by the date filter");
		legend_note_wrapped(b, "note-roles-undated", coop_buf_str(&t));
		coop_buf_clear(&t);
	}
	if (b->unknown_country_dropped) {
		put_count(&t, b->unknown_country_dropped, "agreement", "agreements");
		coop_buf_puts(&t, " with a party of unknown country left out");
		legend_note_wrapped(b, "note-unknown-country", coop_buf_str(&t));
		coop_buf_clear(&t);
	}
	coop_buf_free(&t);
	legend_sources(b);
}

/* ---- the country view ---- */

static int cmp_u64(const void *p, const void *q)
{
	unsigned long long a = *(const unsigned long long *)p, c = *(const unsigned long long *)q;
	return a < c ? -1 : a > c ? 1 : 0;
}

static int cmp_cstr(const void *p, const void *q)
{
	return strcmp(*(const char *const *)p, *(const char *const *)q);
}

static uint32_t country_index(const char **codes, uint32_t n, const char *cc)
{
	const char **hit = cc ? bsearch(&cc, codes, n, sizeof *codes, cmp_cstr) : NULL;
	return hit ? (uint32_t)(hit - codes) : COOP_NONE;
}

/* --country on parties given as institution indices */
static int parties_in_countries(const builder *b, const coop_index *parties, uint32_t count)
{
	for (uint32_t p = 0; p < count; p++)
		if (parties[p] != COOP_NONE && in_list(inst_country(b, parties[p]), b->o->countries, b->o->country_count))
			return 1;
	return 0;
}

/* The country view's agreements: briefs made here from the model's agreements (sorted by ID), or
 * handed over by a stream collector (in arrival order, --country not applied yet). */
typedef struct {
	const builder *b;
	coop_view_brief *items;
	coop_index *flat;
	uint32_t count;
	int from_stream;
} brief_list;

static void brief_list_init(brief_list *l, builder *b)
{
	memset(l, 0, sizeof *l);
	l->b = b;
	if (b->in && b->in->get_brief) {
		l->count = b->in->brief_count;
		l->from_stream = 1;
		return;
	}
	uint32_t n;
	coop_index *order = sorted_agreements(b, &n);
	size_t total = 0;
	for (uint32_t k = 0; k < n; k++)
		total += (size_t)b->agrs[order[k]]->party_count + b->agrs[order[k]]->sources.count;
	l->flat = coop_xmalloc((total + 1) * sizeof *l->flat);
	l->items = coop_xmalloc(((size_t)n + 1) * sizeof *l->items);
	coop_index *at = l->flat;
	for (uint32_t k = 0; k < n; k++) {
		const coop_agreement *a = b->agrs[order[k]];
		coop_view_brief *br = &l->items[k];
		br->id = a->id;
		br->parties = at;
		br->party_count = a->party_count;
		for (uint32_t p = 0; p < a->party_count; p++)
			*at++ = ref_institution(&a->parties[p].party);
		br->sources = at;
		br->source_count = a->sources.count;
		for (uint32_t s = 0; s < a->sources.count; s++) {
			const coop_ref *r = &a->sources.items[s];
			*at++ = r->type == COOP_ENTITY_SOURCE ? r->index : COOP_NONE;
		}
	}
	l->count = n;
	free(order);
}

static void brief_at(const brief_list *l, uint32_t k, coop_view_brief *out)
{
	if (l->items)
		*out = l->items[k];
	else
		l->b->in->get_brief(l->b->in->ctx, k, out);
}

static void brief_list_free(brief_list *l)
{
	free(l->items);
	free(l->flat);
}

/*
 * Aggregates without keeping anything per agreement beyond a flag: a million agreements make a
 * few hundred country pairs, so the counts go into dense country-by-country tables, and only the
 * distinct pairs of institutions behind each country pair need a (counting) sort.
 */
static void build_countries(builder *b)
{
	brief_list list;
	brief_list_init(&list, b);
	uint32_t n = list.count;
	/* per institution: the country it counts for and the top-level institution it belongs to */
	const char **inst_cc = coop_xmalloc(((size_t)b->ninst + 1) * sizeof *inst_cc);
	coop_index *top = coop_xmalloc(((size_t)b->ninst + 1) * sizeof *top);
	for (coop_index i = 0; i < b->ninst; i++) {
		inst_cc[i] = inst_country(b, i);
		top[i] = top_of(b, i);
	}
	unsigned char *usable = coop_xcalloc((size_t)n + 1, 1);
	unsigned char *inst_used = coop_xcalloc((size_t)b->ninst + 1, 1);
	coop_view_brief br;
	for (uint32_t k = 0; k < n; k++) {
		brief_at(&list, k, &br);
		if (list.from_stream) {
			if (b->o->country_count && !parties_in_countries(b, br.parties, br.party_count))
				continue;
			b->v->agreements_matched++;
		}
		int ok = br.party_count > 0;
		for (uint32_t p = 0; p < br.party_count; p++)
			if (br.parties[p] == COOP_NONE || !inst_cc[br.parties[p]])
				ok = 0;
		if (!ok) {
			b->unknown_country_dropped++;
			continue;
		}
		usable[k] = 1;
		for (uint32_t p = 0; p < br.party_count; p++)
			inst_used[br.parties[p]] = 1;
	}
	/* the countries involved, sorted and distinct */
	const char **codes = coop_xmalloc(((size_t)b->ninst + 1) * sizeof *codes);
	uint32_t ncodes = 0;
	for (coop_index i = 0; i < b->ninst; i++)
		if (inst_used[i])
			codes[ncodes++] = inst_cc[i];
	if (ncodes)
		qsort(codes, ncodes, sizeof *codes, cmp_cstr);
	uint32_t ncountries = 0;
	for (uint32_t k = 0; k < ncodes; k++)
		if (ncountries == 0 || strcmp(codes[ncountries - 1], codes[k]) != 0)
			codes[ncountries++] = codes[k];
	uint32_t *inst_ci = coop_xmalloc(((size_t)b->ninst + 1) * sizeof *inst_ci);
	for (coop_index i = 0; i < b->ninst; i++)
		inst_ci[i] = inst_used[i] ? country_index(codes, ncountries, inst_cc[i]) : COOP_NONE;

	size_t ncells = (size_t)ncountries * ncountries;
	uint32_t *domestic = coop_xcalloc((size_t)ncountries + 1, sizeof *domestic);
	uint32_t *abroad = coop_xcalloc((size_t)ncountries + 1, sizeof *abroad);
	uint32_t *institutions = coop_xcalloc((size_t)ncountries + 1, sizeof *institutions);
	uint32_t *cell_agreements = coop_xcalloc(ncells + 1, sizeof *cell_agreements);
	size_t *cell_start = coop_xcalloc(ncells + 2, sizeof *cell_start);
	/* per top-level institution: the first agreement (by ID) and party that reach it */
	const char **first_id = coop_xcalloc((size_t)b->ninst + 1, sizeof *first_id);
	coop_index *first_inst = coop_xmalloc(((size_t)b->ninst + 1) * sizeof *first_inst);
	uint32_t *cs = coop_xmalloc(sizeof *cs);
	size_t cs_cap = 1;
	size_t *cells = coop_xmalloc(sizeof *cells);
	size_t cells_cap = 1;
	for (uint32_t k = 0; k < n; k++) {
		if (!usable[k])
			continue;
		brief_at(&list, k, &br);
		coop_xgrow((void **)&cs, &cs_cap, (size_t)br.party_count + 1, sizeof *cs);
		uint32_t distinct = 0;
		for (uint32_t p = 0; p < br.party_count; p++) {
			coop_index i = br.parties[p], t = top[i];
			if (!first_id[t] || (!inst_cc[t] && strcmp(br.id, first_id[t]) < 0)) {
				/* which unit's country counts for a top-level institution without one depends on
				 * the order by ID, which a stream does not follow */
				first_id[t] = br.id;
				first_inst[t] = i;
			}
			uint32_t c = inst_ci[i];
			int dup = 0;
			for (uint32_t q = 0; q < distinct; q++)
				dup |= cs[q] == c;
			if (!dup)
				cs[distinct++] = c;
		}
		for (uint32_t s = 0; s < br.source_count; s++)
			if (br.sources[s] != COOP_NONE)
				b->source_used[br.sources[s]] = 1;
		b->v->agreements_drawn++;
		if (distinct == 1) {
			domestic[cs[0]]++;
			continue;
		}
		for (uint32_t q = 0; q < distinct; q++)
			abroad[cs[q]]++;
		uint32_t ncell = 0;
		for (uint32_t p = 0; p < br.party_count; p++)
			for (uint32_t r = p + 1; r < br.party_count; r++) {
				uint32_t cp = inst_ci[br.parties[p]], cr = inst_ci[br.parties[r]];
				if (cp == cr)
					continue;
				size_t cell = cp < cr ? (size_t)cp * ncountries + cr : (size_t)cr * ncountries + cp;
				cell_start[cell + 1]++;
				int dup = 0;
				for (uint32_t q = 0; q < ncell; q++)
					dup |= cells[q] == cell;
				if (dup)
					continue;
				coop_xgrow((void **)&cells, &cells_cap, (size_t)ncell + 1, sizeof *cells);
				cells[ncell++] = cell;
				cell_agreements[cell]++;
			}
	}
	for (coop_index t = 0; t < b->ninst; t++) {
		if (!first_id[t])
			continue;
		uint32_t c = inst_cc[t] ? country_index(codes, ncountries, inst_cc[t]) : inst_ci[first_inst[t]];
		if (c != COOP_NONE)
			institutions[c]++;
	}

	/* the pairs of top-level institutions behind each country pair, grouped by a counting sort */
	for (size_t cell = 0; cell < ncells; cell++)
		cell_start[cell + 1] += cell_start[cell];
	size_t nlinks = cell_start[ncells];
	unsigned long long *keys = coop_xmalloc((nlinks + 1) * sizeof *keys);
	size_t *fill = coop_xmalloc((ncells + 1) * sizeof *fill);
	memcpy(fill, cell_start, (ncells + 1) * sizeof *fill);
	for (uint32_t k = 0; k < n; k++) {
		if (!usable[k])
			continue;
		brief_at(&list, k, &br);
		for (uint32_t p = 0; p < br.party_count; p++)
			for (uint32_t r = p + 1; r < br.party_count; r++) {
				coop_index ip = br.parties[p], ir = br.parties[r];
				uint32_t cp = inst_ci[ip], cr = inst_ci[ir];
				if (cp == cr)
					continue;
				coop_index tp = top[ip], tr = top[ir];
				size_t cell = cp < cr ? (size_t)cp * ncountries + cr : (size_t)cr * ncountries + cp;
				keys[fill[cell]++] = cp < cr ? ((unsigned long long)tp << 32) | tr : ((unsigned long long)tr << 32) | tp;
			}
	}

	for (uint32_t c = 0; c < ncountries; c++) {
		coop_view_node *node = add_node(b);
		node->id = make_id("country-", codes[c]);
		coop_buf t = COOP_BUF_INIT;
		coop_buf_printf(&t, "%s\n%s", country_name(codes[c]), codes[c]);
		if (ncountries <= 30) {
			/* small maps have room to say what the lines cannot: institutions, domestic ties */
			coop_buf_puts(&t, "\n");
			put_count(&t, institutions[c], "institution", "institutions");
			if (domestic[c]) {
				coop_buf_puts(&t, ", ");
				put_count(&t, domestic[c], "domestic agreement", "domestic agreements");
			}
		}
		node->label = take(&t);
		put_country(&t, codes[c]);
		coop_buf_putc(&t, '\n');
		put_count(&t, institutions[c], "institution", "institutions");
		coop_buf_putc(&t, '\n');
		put_count(&t, abroad[c], "cross-border agreement", "cross-border agreements");
		coop_buf_putc(&t, '\n');
		put_count(&t, domestic[c], "domestic agreement", "domestic agreements");
		node->tooltip = take(&t);
		const coop_country *country = coop_country_find(codes[c]);
		if (country && country->wikidata[0]) {
			coop_buf_printf(&t, "https://www.wikidata.org/wiki/%s", country->wikidata);
			if (coop_url_safe(coop_buf_str(&t)))
				node->url = take(&t);
			coop_buf_free(&t);
		}
		coop_buf_puts(&t, "country country-");
		coop_view_id_part(&t, codes[c]);
		node->classes = take(&t);
		node->style = country_node_style;
	}

	/* one edge per country pair: agreements (distinct) and institution pairs (distinct) */
	pair_agr *pairs = coop_xmalloc((ncells + 1) * sizeof *pairs);
	pair_group *groups = coop_xmalloc((ncells + 1) * sizeof *groups);
	uint32_t *inst_pairs = coop_xmalloc((ncells + 1) * sizeof *inst_pairs);
	uint32_t ngroups = 0;
	for (uint32_t x = 0; x < ncountries; x++)
		for (uint32_t y = x + 1; y < ncountries; y++) {
			size_t cell = (size_t)x * ncountries + y;
			if (!cell_agreements[cell])
				continue;
			size_t from = cell_start[cell], m = cell_start[cell + 1] - from;
			qsort(keys + from, m, sizeof *keys, cmp_u64);
			uint32_t distinct_pairs = 0;
			for (size_t q = 0; q < m; q++)
				if (q == 0 || keys[from + q] != keys[from + q - 1])
					distinct_pairs++;
			pairs[ngroups].x = x;
			pairs[ngroups].y = y;
			pairs[ngroups].agr = COOP_NONE;
			groups[ngroups].first = ngroups;
			groups[ngroups].count = 1;
			groups[ngroups].weight = cell_agreements[cell];
			inst_pairs[ngroups] = distinct_pairs;
			ngroups++;
		}
	uint32_t kept = thin_groups(b, groups, ngroups, pairs, thinning_limit(b, ncountries), "links");
	unsigned max_weight = 1;
	for (uint32_t g = 0; g < kept; g++)
		if (groups[g].weight > max_weight)
			max_weight = groups[g].weight;
	for (uint32_t g = 0; g < kept; g++) {
		const pair_agr *pa = &pairs[groups[g].first];
		unsigned weight = groups[g].weight;
		uint32_t ipairs = inst_pairs[groups[g].first];
		coop_view_edge *e = add_edge(b, pa->x, pa->y);
		coop_buf t = COOP_BUF_INIT;
		coop_buf_printf(&t, "link-%s__%s", b->v->nodes[pa->x].id, b->v->nodes[pa->y].id);
		e->id = take(&t);
		if (ipairs != weight)
			coop_buf_printf(&t, "%u (%u pair%s)", weight, ipairs, ipairs == 1 ? "" : "s");
		else
			coop_buf_printf(&t, "%u", weight);
		e->label = take(&t);
		coop_buf_printf(&t, "%s \xE2\x80\x93 %s: ", country_name(codes[pa->x]), country_name(codes[pa->y]));
		put_count(&t, weight, "agreement", "agreements");
		coop_buf_puts(&t, " between ");
		put_count(&t, ipairs, "pair of institutions", "pairs of institutions");
		e->tooltip = take(&t);
		e->classes = coop_xstrdup("country-link cross-border");
		e->style.color = kept > 100 ? "#4a6f96aa" : "#4a6f96"; /* see-through where lines cross a lot */
		e->style.style = "solid";
		e->style.penwidth = weight_penwidth(weight, max_weight);
		e->weight = weight;
	}
	if (!b->o->no_legend) {
		coop_buf t = COOP_BUF_INIT;
		coop_buf_puts(&t, "Line width and number: agreements between two countries; \"3 (2 pairs)\" means 3 "
		                  "agreements between 2 pairs of institutions");
		legend_note_wrapped(b, "note-weights", coop_buf_str(&t));
		coop_buf_free(&t);
	}
	free(inst_pairs);
	free(groups);
	free(pairs);
	free(fill);
	free(keys);
	free(cells);
	free(cs);
	free(first_inst);
	free(first_id);
	free(cell_start);
	free(cell_agreements);
	free(institutions);
	free(abroad);
	free(domestic);
	free(inst_ci);
	free(codes);
	free(inst_used);
	free(usable);
	free(top);
	free(inst_cc);
	brief_list_free(&list);
}

/* ---- ego neighbourhood ---- */

static coop_result restrict_to_ego(builder *b)
{
	coop_index focus;
	const char *id = b->o->focus;
	if (!id || coop_model_find(b->m, id, &focus) != COOP_ENTITY_INSTITUTION) {
		coop_diag(b->diag, COOP_SEV_ERROR, NULL, "--focus: no institution with ID '%s' in the input",
		          id ? id : "");
		return COOP_ERR_USAGE;
	}
	b->focus_top = top_of(b, focus);
	/* breadth-first over top-level institutions; an agreement joins all its parties */
	uint32_t *dist = coop_xmalloc(((size_t)b->ninst + 1) * sizeof *dist);
	for (coop_index i = 0; i < b->ninst; i++)
		dist[i] = UINT32_MAX;
	dist[b->focus_top] = 0;
	unsigned depth = b->o->depth ? b->o->depth : 1;
	for (unsigned level = 0; level < depth; level++) {
		int grew = 0;
		for (coop_index k = 0; k < b->nagr; k++) {
			if (!b->agr_keep[k])
				continue;
			const coop_agreement *a = b->agrs[k];
			int touches = 0;
			for (uint32_t p = 0; p < a->party_count && !touches; p++) {
				coop_index i = ref_institution(&a->parties[p].party);
				touches = i != COOP_NONE && dist[top_of(b, i)] == level;
			}
			if (!touches)
				continue;
			for (uint32_t p = 0; p < a->party_count; p++) {
				coop_index i = ref_institution(&a->parties[p].party);
				if (i != COOP_NONE && dist[top_of(b, i)] == UINT32_MAX) {
					dist[top_of(b, i)] = level + 1;
					grew = 1;
				}
			}
		}
		if (!grew)
			break;
	}
	for (coop_index k = 0; k < b->nagr; k++) {
		if (!b->agr_keep[k])
			continue;
		const coop_agreement *a = b->agrs[k];
		for (uint32_t p = 0; p < a->party_count; p++) {
			coop_index i = ref_institution(&a->parties[p].party);
			if (i == COOP_NONE || dist[top_of(b, i)] == UINT32_MAX)
				b->agr_keep[k] = 0;
		}
	}
	free(dist);
	return COOP_OK;
}

/* ---- titles ---- */

static void build_title(builder *b)
{
	coop_view *v = b->v;
	const coop_graph_opts *o = b->o;
	coop_buf first = COOP_BUF_INIT, second = COOP_BUF_INIT;
	if (o->title && *o->title) {
		coop_buf_puts(&first, o->title);
	} else {
		switch (v->kind) {
		case COOP_GRAPH_VIEW_COUNTRIES: coop_buf_puts(&first, "Cooperation between countries"); break;
		case COOP_GRAPH_VIEW_PEOPLE: coop_buf_puts(&first, "People and their institutions"); break;
		case COOP_GRAPH_VIEW_EGO:
			coop_buf_printf(&first, "Partners of %s",
			                b->focus_top != COOP_NONE ? inst_short(b, coop_model_institution(b->m, b->focus_top))
			                                          : "?");
			break;
		default: coop_buf_puts(&first, "Cooperation partners by country"); break;
		}
	}
	uint32_t countries = 0;
	for (uint32_t c = 0; c < v->cluster_count; c++)
		countries += strncmp(v->clusters[c].id, "country-", 8) == 0;
	if (v->kind == COOP_GRAPH_VIEW_COUNTRIES) {
		put_count(&second, v->node_count, "country", "countries");
	} else {
		put_count(&second, b->inst_drawn, "institution", "institutions");
		coop_buf_puts(&second, " in ");
		put_count(&second, countries, "country", "countries");
	}
	if (v->kind != COOP_GRAPH_VIEW_PEOPLE) {
		coop_buf_puts(&second, ", ");
		put_count(&second, v->agreements_drawn, "agreement", "agreements");
	}
	if (o->as_of.precision) {
		char d[16];
		coop_date_format(&o->as_of, d, sizeof d);
		coop_buf_printf(&second, ", as of %s", d);
	}
	if (v->kind == COOP_GRAPH_VIEW_EGO)
		coop_buf_printf(&second, ", within %u step%s", o->depth ? o->depth : 1, (o->depth ? o->depth : 1) == 1 ? "" : "s");
	v->name = coop_xstrdup(coop_buf_str(&first));
	coop_buf_printf(&first, "\n%s", coop_buf_str(&second));
	v->title = take(&first);
	v->tooltip = coop_xstrdup(v->title);
	static const char *const view_names[] = {"institutions", "countries", "ego", "people"};
	coop_buf_clear(&second);
	coop_buf_printf(&second, "coopgraph view-%s", view_names[v->kind]);
	v->classes = take(&second);
}

/* ---- entry points ---- */

void coop_view_init(coop_view *view)
{
	memset(view, 0, sizeof *view);
}

void coop_view_free(coop_view *v)
{
	if (!v)
		return;
	for (uint32_t i = 0; i < v->node_count; i++) {
		free(v->nodes[i].id);
		free(v->nodes[i].label);
		free(v->nodes[i].tooltip);
		free(v->nodes[i].url);
		free(v->nodes[i].classes);
	}
	for (uint32_t i = 0; i < v->cluster_count; i++) {
		free(v->clusters[i].name);
		free(v->clusters[i].id);
		free(v->clusters[i].label);
		free(v->clusters[i].tooltip);
		free(v->clusters[i].classes);
	}
	for (uint32_t i = 0; i < v->edge_count; i++) {
		free(v->edges[i].id);
		free(v->edges[i].label);
		free(v->edges[i].tooltip);
		free(v->edges[i].url);
		free(v->edges[i].classes);
	}
	for (uint32_t i = 0; i < v->legend_count; i++) {
		free(v->legend[i].id);
		free(v->legend[i].label);
	}
	free(v->nodes);
	free(v->clusters);
	free(v->edges);
	free(v->legend);
	free(v->name);
	free(v->title);
	free(v->tooltip);
	free(v->classes);
	memset(v, 0, sizeof *v);
}

static coop_result build_view(coop_view *v, const coop_model *m, const coop_view_input *in,
                              const coop_graph_opts *o, coop_diag_sink *diag)
{
	builder b;
	memset(&b, 0, sizeof b);
	b.m = m;
	b.in = in;
	b.o = o;
	b.v = v;
	b.diag = diag;
	b.base = o->base && *o->base ? o->base : NULL;
	const char *base_problem = b.base ? coop_iri_base_check(b.base) : NULL;
	if (base_problem) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "--base '%s' %s", b.base, base_problem);
		return COOP_ERR_USAGE;
	}
	for (size_t i = 0; i < o->country_count; i++)
		if (!coop_country_find(o->countries[i])) {
			coop_diag(diag, COOP_SEV_ERROR, NULL, "--country: '%s' is not an ISO 3166-1 alpha-2 country code",
			          o->countries[i]);
			return COOP_ERR_USAGE;
		}
	b.ninst = coop_model_institution_count(m);
	b.nperson = coop_model_person_count(m);
	const coop_agreement **kept_agrs = NULL;
	if (in) {
		b.agrs = in->agreements;
		b.nagr = in->agreement_count;
		b.nsrc = in->source_count;
	} else {
		b.nagr = coop_model_agreement_count(m);
		kept_agrs = coop_xmalloc(((size_t)b.nagr + 1) * sizeof *kept_agrs);
		for (coop_index k = 0; k < b.nagr; k++)
			kept_agrs[k] = coop_model_agreement(m, k);
		b.agrs = kept_agrs;
		b.nsrc = coop_model_source_count(m);
	}
	b.focus_top = COOP_NONE;
	v->kind = o->view;
	b.agr_keep = coop_xcalloc((size_t)b.nagr + 1, 1);
	b.inst_node = coop_xmalloc(((size_t)b.ninst + 1) * sizeof *b.inst_node);
	for (coop_index i = 0; i < b.ninst; i++)
		b.inst_node[i] = COOP_NONE;
	b.source_used = coop_xcalloc((size_t)b.nsrc + 1, 1);
	coop_result rc = COOP_OK;

	if (o->view != COOP_GRAPH_VIEW_PEOPLE) {
		/* a collector applied the filters that need no institution; this applies the rest */
		for (coop_index k = 0; k < b.nagr; k++)
			if ((b.agr_keep[k] = (unsigned char)agreement_passes(&b, b.agrs[k])) != 0)
				v->agreements_matched++;
		if (in) {
			b.undated_dropped += in->undated_dropped;
			for (uint32_t k = 0; k < in->undated_count; k++) {
				coop_view_brief br;
				in->get_undated(in->ctx, k, &br);
				if (!o->country_count || parties_in_countries(&b, br.parties, br.party_count))
					b.undated_dropped++;
			}
		}
	}

	if (o->view == COOP_GRAPH_VIEW_EGO && (rc = restrict_to_ego(&b)) != COOP_OK)
		goto done;

	if (o->view == COOP_GRAPH_VIEW_COUNTRIES) {
		build_countries(&b);
	} else {
		unsigned char *want = coop_xcalloc((size_t)b.ninst + 1, 1);
		person_role *roles = NULL;
		size_t nroles = 0;
		if (o->view == COOP_GRAPH_VIEW_PEOPLE) {
			collect_roles(&b, &roles, &nroles, want);
		} else {
			for (coop_index k = 0; k < b.nagr; k++) {
				if (!b.agr_keep[k])
					continue;
				const coop_agreement *a = b.agrs[k];
				for (uint32_t p = 0; p < a->party_count; p++) {
					coop_index i = ref_institution(&a->parties[p].party);
					if (i != COOP_NONE)
						want[drawn_as(&b, i)] = 1;
				}
			}
			if (o->view == COOP_GRAPH_VIEW_EGO && b.focus_top != COOP_NONE)
				want[drawn_as(&b, b.focus_top)] = 1;
		}
		/* a unit drawn on its own needs the institutions above it for context */
		if (!o->rollup)
			for (coop_index i = 0; i < b.ninst; i++) {
				if (!want[i])
					continue;
				coop_index up = i;
				for (uint32_t steps = 0; steps < b.ninst; steps++) {
					const coop_institution *inst = coop_model_institution(m, up);
					if (!is_unit(inst))
						break;
					up = inst->parent.index;
					want[up] = 1;
				}
			}
		add_institution_nodes(&b, want);
		if (o->view != COOP_GRAPH_VIEW_PEOPLE)
			add_agreement_edges(&b);
		if (o->view == COOP_GRAPH_VIEW_PEOPLE || o->people) {
			if (o->view != COOP_GRAPH_VIEW_PEOPLE)
				collect_roles(&b, &roles, &nroles, NULL);
			add_people(&b, roles, nroles);
		}
		free(roles);
		free(want);
	}
	build_legend(&b);
	build_title(&b);
	if (v->node_count == 0)
		coop_diag(diag, COOP_SEV_WARNING, NULL, "nothing to draw: no %s matches the filters",
		          o->view == COOP_GRAPH_VIEW_PEOPLE ? "role" : "agreement");
done:
	free(b.custom_kinds);
	free(b.source_used);
	free(b.inst_node);
	free(b.agr_keep);
	free(kept_agrs);
	return rc;
}

coop_result coop_view_build(coop_view *v, const coop_model *m, const coop_graph_opts *o, coop_diag_sink *diag)
{
	return build_view(v, m, NULL, o, diag);
}

coop_result coop_view_build_input(coop_view *v, const coop_view_input *in, const coop_graph_opts *o,
                                  coop_diag_sink *diag)
{
	return build_view(v, in->model, in, o, diag);
}

const char *coop_view_engine_name(coop_graph_engine engine)
{
	switch (engine) {
	case COOP_GRAPH_ENGINE_NEATO: return "neato";
	case COOP_GRAPH_ENGINE_FDP: return "fdp";
	case COOP_GRAPH_ENGINE_SFDP: return "sfdp";
	case COOP_GRAPH_ENGINE_CIRCO: return "circo";
	default: return "dot";
	}
}

/* fdp in Graphviz 2.43 crashes (SIGSEGV) on nested clusters in larger graphs: keep one level. */
static void flatten_clusters(coop_view *v)
{
	int any = 0;
	for (uint32_t c = 0; c < v->cluster_count; c++)
		if (v->clusters[c].parent != COOP_VIEW_TOP) {
			v->clusters[c].dropped = 1;
			any = 1;
		}
	if (!any)
		return;
	for (uint32_t i = 0; i < v->node_count; i++)
		while (v->nodes[i].cluster != COOP_VIEW_TOP && v->clusters[v->nodes[i].cluster].dropped)
			v->nodes[i].cluster = v->clusters[v->nodes[i].cluster].parent;
	coop_xgrow((void **)&v->legend, &v->cap_legend, (size_t)v->legend_count + 1, sizeof *v->legend);
	coop_legend_entry *l = &v->legend[v->legend_count++];
	memset(l, 0, sizeof *l);
	l->type = COOP_LEGEND_NOTE;
	l->id = coop_xstrdup("legend-note-flat");
	l->label = coop_xstrdup("Cities and units are not boxed: the layout used for large pictures (fdp)\n"
	                        "cannot nest groups");
	l->style = note_style;
}

static coop_result choose_engine(coop_view *v, const coop_graph_opts *o, coop_diag_sink *diag);

coop_result coop_view_choose_layout(coop_view *v, const coop_graph_opts *o, coop_diag_sink *diag)
{
	coop_result rc = choose_engine(v, o, diag);
	if (rc == COOP_OK && v->layout.engine == COOP_GRAPH_ENGINE_FDP)
		flatten_clusters(v);
	return rc;
}

static coop_result choose_engine(coop_view *v, const coop_graph_opts *o, coop_diag_sink *diag)
{
	coop_view_layout *l = &v->layout;
	uint32_t nodes = v->node_count, edges = v->edge_count;
	l->edge_labels = edges <= 300;
	if (o->engine != COOP_GRAPH_ENGINE_AUTO) {
		l->engine = o->engine;
		l->straight_edges = edges > COOP_VIEW_SPLINE_MAX_EDGES && o->engine != COOP_GRAPH_ENGINE_DOT;
		l->fast_dot = o->engine == COOP_GRAPH_ENGINE_DOT && (nodes > 100 || edges > 200);
		snprintf(l->reason, sizeof l->reason, "engine %s chosen by --engine", coop_view_engine_name(o->engine));
		return COOP_OK;
	}
	if (nodes > COOP_VIEW_MAX_NODES || edges > COOP_VIEW_MAX_EDGES) {
		coop_diag(diag, COOP_SEV_ERROR, NULL,
		          "the picture would have %u nodes and %u lines, more than any layout engine draws in "
		          "reasonable time (limits %u and %u); try --view countries, --rollup --merge, a filter "
		          "(--country, --kind, --as-of), or --engine sfdp with a larger --max-layout-seconds",
		          nodes, edges, COOP_VIEW_MAX_NODES, COOP_VIEW_MAX_EDGES);
		return COOP_ERR_IO;
	}
	if (v->kind == COOP_GRAPH_VIEW_COUNTRIES) {
		/* an undirected network without clusters: a force-directed layout reads best; routing
		 * splines around 200 nodes costs minutes, straight lines a fraction of a second */
		if (nodes <= 60 && edges <= COOP_VIEW_SPLINE_MAX_EDGES) {
			l->engine = COOP_GRAPH_ENGINE_NEATO;
			l->straight_edges = 0;
		} else {
			l->engine = COOP_GRAPH_ENGINE_SFDP;
			l->straight_edges = 1;
		}
		snprintf(l->reason, sizeof l->reason, "country view with %u countr%s and %u link%s: %s%s", nodes,
		         nodes == 1 ? "y" : "ies", edges, edges == 1 ? "" : "s", coop_view_engine_name(l->engine),
		         l->straight_edges ? " with straight lines" : "");
		return COOP_OK;
	}
	if (nodes <= COOP_VIEW_DOT_MAX_NODES && edges <= COOP_VIEW_DOT_MAX_EDGES) {
		l->engine = COOP_GRAPH_ENGINE_DOT;
		l->fast_dot = nodes > 100 || edges > 200;
		snprintf(l->reason, sizeof l->reason, "%u nodes and %u lines: dot%s", nodes, edges,
		         l->fast_dot ? " with bounded crossing minimisation" : "");
		return COOP_OK;
	}
	l->engine = v->cluster_count ? COOP_GRAPH_ENGINE_FDP : COOP_GRAPH_ENGINE_SFDP;
	l->straight_edges = 1;
	l->edge_labels = 0;
	snprintf(l->reason, sizeof l->reason, "%u nodes and %u lines, more than dot handles quickly: %s with straight lines",
	         nodes, edges, coop_view_engine_name(l->engine));
	return COOP_OK;
}

uint32_t coop_view_find_node(const coop_view *v, const char *id)
{
	for (uint32_t i = 0; i < v->node_count; i++)
		if (strcmp(v->nodes[i].id, id) == 0)
			return i;
	return COOP_VIEW_TOP;
}

/* ---- options (include/coopgraph/graph.h) ---- */

void coop_graph_opts_init(coop_graph_opts *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->view = COOP_GRAPH_VIEW_INSTITUTIONS;
	opts->format = COOP_GRAPH_FORMAT_SVG;
	opts->engine = COOP_GRAPH_ENGINE_AUTO;
	opts->depth = 1;
}

static int name_index(const char *const *names, const char *name)
{
	for (int i = 0; name && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int coop_graph_view_from_name(const char *name)
{
	static const char *const names[] = {"institutions", "countries", "ego", "people", NULL};
	return name_index(names, name);
}

int coop_graph_format_from_name(const char *name)
{
	static const char *const names[] = {"svg", "png", "pdf", "dot", NULL};
	if (name && strcmp(name, "gv") == 0)
		return COOP_GRAPH_FORMAT_DOT;
	return name_index(names, name);
}

int coop_graph_engine_from_name(const char *name)
{
	static const char *const names[] = {"auto", "dot", "neato", "fdp", "sfdp", "circo", NULL};
	return name_index(names, name);
}

int coop_graph_format_from_path(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	const char *dot = path ? strrchr(slash ? slash : path, '.') : NULL;
	if (!dot)
		return -1;
	char ext[8];
	size_t n = strlen(dot + 1);
	if (n == 0 || n >= sizeof ext)
		return -1;
	for (size_t i = 0; i <= n; i++) {
		char c = dot[1 + i];
		ext[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	return coop_graph_format_from_name(ext);
}

int coop_graph_parse_date(const char *text, coop_date *out)
{
	memset(out, 0, sizeof *out);
	if (!text)
		return -1;
	size_t n = strlen(text);
	if (n != 4 && n != 7 && n != 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int dash = i == 4 || i == 7;
		if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9'))
			return -1;
	}
	int year = atoi(text);
	int month = n >= 7 ? atoi(text + 5) : 0;
	int day = n == 10 ? atoi(text + 8) : 0;
	if (year < 1 || (n >= 7 && (month < 1 || month > 12)) || (n == 10 && (day < 1 || day > days_in_month(year, month))))
		return -1;
	out->year = (int16_t)year;
	out->month = (uint8_t)month;
	out->day = (uint8_t)day;
	out->precision = n == 4 ? COOP_DATE_YEAR : n == 7 ? COOP_DATE_MONTH : COOP_DATE_DAY;
	return 0;
}
