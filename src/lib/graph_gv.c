/*
 * The only user of cgraph and gvc: a coop_view becomes an Agraph_t, which is written as DOT by
 * agwrite() or laid out and rendered to memory by gvc in a child process.
 *
 * Why a child process: Graphviz calls exit() on some write and memory errors, and its layout can
 * run for minutes on a graph that looked harmless. The child gets RLIMIT_CPU and alarm() set to
 * --max-layout-seconds, sends the rendered bytes back through a pipe and exits; the parent decides
 * from its exit status. Nothing Graphviz prints or does can then corrupt or hang the parent.
 *
 * What reaches Graphviz from the data: labels and tooltips through coop_dot_text() (escString and
 * entity escapes, controls dropped), URLs that passed coop_url_safe() with '&' written as "&amp;"
 * (Graphviz 2.42 copies href into SVG unescaped; "&amp;" is also what newer versions keep), and
 * ids and classes built only from [A-Za-z0-9_-]. Every attribute name is one of ours.
 */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifndef MAP_NORESERVE /* Linux; elsewhere the region is simply reserved */
#define MAP_NORESERVE 0
#endif

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "alloc.h"
#include "buf.h"
#include "coopgraph/graph.h"
#include "escape.h"
#include "graph_view.h"

#define DEFAULT_LAYOUT_SECONDS 60u
#define FONT "DejaVu Sans,Helvetica,Arial,sans-serif"

/* child exit codes */
enum { CHILD_OK = 0, CHILD_LAYOUT = 10, CHILD_RENDER = 11, CHILD_WRITE = 12 };

/* ---- writing through cgraph ---- */

static int buf_putstr(void *chan, const char *s)
{
	coop_buf_puts(chan, s);
	return 0;
}

static int buf_flush(void *chan)
{
	(void)chan;
	return 0;
}

static Agiodisc_t buf_io;
static Agdisc_t buf_disc;

/*
 * Object IDs in creation order. cgraph's default ID discipline uses the address of the interned
 * name as the ID of a named object and keeps subgraphs ordered by ID, so agwrite() and the layout
 * would see the clusters in an order that depends on the allocator (glibc, ASan). This discipline
 * numbers names as they are first seen (even IDs; cgraph keeps odd ones for anonymous objects) and
 * keeps the names itself, as cgraph reference strings like the default does (agwrite() looks at
 * their header). Declining names and letting cgraph's internal name map take them leaks that map.
 */
typedef struct {
	Agraph_t *g;
	char **names;      /* names[k] has ID 2 * (k + 1); cgraph reference strings (agstrdup) */
	size_t count, cap;
	uint32_t *slots;   /* open addressing: index + 1 into names, 0 = empty */
	size_t slot_count; /* a power of two */
	IDTYPE next_anonymous;
} seq_ids;

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void *seq_open(Agraph_t *g, Agdisc_t *disc)
{
	(void)disc;
	seq_ids *state = coop_xcalloc(1, sizeof *state);
	state->g = g;
	state->slot_count = 256;
	state->slots = coop_xcalloc(state->slot_count, sizeof *state->slots);
	state->next_anonymous = 1;
	return state;
}

static uint32_t *seq_slot(seq_ids *s, const char *name)
{
	size_t mask = s->slot_count - 1;
	for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask)
		if (!s->slots[i] || strcmp(s->names[s->slots[i] - 1], name) == 0)
			return &s->slots[i];
}

static void seq_grow(seq_ids *s)
{
	free(s->slots);
	s->slot_count *= 2;
	s->slots = coop_xcalloc(s->slot_count, sizeof *s->slots);
	for (size_t k = 0; k < s->count; k++)
		*seq_slot(s, s->names[k]) = (uint32_t)(k + 1);
}

static long seq_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	(void)objtype;
	seq_ids *s = state;
	if (!str) {
		if (!createflag)
			return 0;
		*id = s->next_anonymous;
		s->next_anonymous += 2;
		return 1;
	}
	uint32_t *slot = seq_slot(s, str);
	if (!*slot) {
		if (!createflag)
			return 0;
		coop_xgrow((void **)&s->names, &s->cap, s->count + 1, sizeof *s->names);
		s->names[s->count++] = agstrdup(s->g, str);
		*slot = (uint32_t)s->count;
		if (s->count * 2 > s->slot_count)
			seq_grow(s);
		slot = seq_slot(s, str);
	}
	*id = (IDTYPE)*slot * 2;
	return 1;
}

static long seq_alloc(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
	return 0; /* no caller-chosen IDs */
}

static void seq_free(void *state, int objtype, IDTYPE id)
{
	(void)state;
	(void)objtype;
	(void)id;
}

static char *seq_print(void *state, int objtype, IDTYPE id)
{
	(void)objtype;
	seq_ids *s = state;
	if (id % 2 != 0 || id == 0 || id / 2 > s->count)
		return NULL; /* anonymous: cgraph prints its own "%N" */
	return s->names[id / 2 - 1];
}

static void seq_close(void *state)
{
	seq_ids *s = state;
	for (size_t k = 0; k < s->count; k++)
		agstrfree(s->g, s->names[k]);
	free(s->names);
	free(s->slots);
	free(s);
}

static void seq_register(void *state, int objtype, void *obj)
{
	(void)state;
	(void)objtype;
	(void)obj;
}

static Agiddisc_t seq_id_disc = {seq_open, seq_map, seq_alloc, seq_free, seq_print, seq_close, seq_register};

/*
 * cgraph objects at addresses that grow in creation order (layout process only). fdp lays clusters
 * out through graphs of its own, opened without a discipline, and orients each of their edges by
 * comparing the addresses of its two nodes (Graphviz issue 1214); with malloc's addresses, which
 * differ from run to run (address randomisation, and the threads pango starts allocate in
 * between), the same input gave another picture each time (a 400-node institutions view: three
 * runs, three SVGs). Objects are carved one after the other from one reserved region and never
 * reused: the layout process ends with the layout. Should the region run out, calloc takes over
 * (a picture that large is refused long before: COOP_VIEW_MAX_NODES).
 */
#define ORDERED_REGION ((size_t)1 << 30)

static struct {
	char *next, *end;
} ordered_region;

static void *ordered_open(Agdisc_t *disc)
{
	(void)disc;
	return &ordered_region;
}

static void *ordered_alloc(void *state, size_t size)
{
	(void)state;
	size_t rounded = (size + 15) & ~(size_t)15;
	if (rounded >= size && ordered_region.next && rounded <= (size_t)(ordered_region.end - ordered_region.next)) {
		void *p = ordered_region.next; /* fresh pages: already zero, as cgraph expects */
		ordered_region.next += rounded;
		return p;
	}
	return calloc(1, size ? size : 1);
}

static int in_ordered_region(const void *p)
{
	return ordered_region.end && (const char *)p >= ordered_region.end - ORDERED_REGION &&
	       (const char *)p < ordered_region.end;
}

static void *ordered_resize(void *state, void *ptr, size_t old, size_t size)
{
	if (!ptr)
		return ordered_alloc(state, size);
	if (!in_ordered_region(ptr)) {
		char *p = realloc(ptr, size ? size : 1);
		if (p && size > old)
			memset(p + old, 0, size - old);
		return p;
	}
	char *p = ordered_alloc(state, size);
	if (p)
		memcpy(p, ptr, old < size ? old : size);
	return p;
}

static void ordered_free(void *state, void *ptr)
{
	(void)state;
	if (ptr && !in_ordered_region(ptr))
		free(ptr);
}

static void ordered_close(void *state) { (void)state; }

static Agmemdisc_t ordered_mem_disc = {ordered_open, ordered_alloc, ordered_resize, ordered_free, ordered_close};

/* Makes every graph opened from now on in this process take its objects from the ordered region,
 * also those Graphviz opens without a discipline (agopen() then takes AgMemDisc itself). The IDs of
 * named objects in those graphs are the addresses of their names (cgraph's default), so they come
 * in creation order too. Without a region (mmap refused) nothing changes. */
static void order_cgraph_objects(void)
{
	void *region = mmap(NULL, ORDERED_REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
	                    -1, 0);
	if (region == MAP_FAILED)
		return;
	ordered_region.next = region;
	ordered_region.end = (char *)region + ORDERED_REGION;
	AgMemDisc = ordered_mem_disc;
}

/* Sets an attribute declared with an empty default. The casts only satisfy the pre-const API of
 * Graphviz 2.42/2.43: cgraph copies the strings and never writes to them. */
static void set(void *obj, const char *name, const char *value)
{
	agsafeset(obj, (char *)name, (char *)(value ? value : ""), (char *)"");
}

static void set_num(void *obj, const char *name, double value)
{
	char text[32];
	snprintf(text, sizeof text, "%.3g", value);
	set(obj, name, text);
}

/* Plain text as a label or tooltip: every line escaped, joined by the escString line break
 * (sep "\\n" centres the lines, "\\l" left-justifies them and must also end the last one). */
static void put_text(coop_buf *out, const char *text, const char *sep, int terminate)
{
	coop_buf line = COOP_BUF_INIT;
	const char *p = text ? text : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		coop_buf_clear(&line);
		coop_buf_append(&line, p, n);
		coop_dot_text(out, coop_buf_str(&line));
		if (!nl)
			break;
		coop_buf_puts(out, sep);
		p = nl + 1;
	}
	if (terminate)
		coop_buf_puts(out, sep);
	coop_buf_free(&line);
}

static void set_text(void *obj, const char *name, const char *text)
{
	coop_buf b = COOP_BUF_INIT;
	put_text(&b, text, "\\n", 0);
	set(obj, name, coop_buf_str(&b));
	coop_buf_free(&b);
}

/*
 * A tooltip. Graphviz 2.43 unescapes tooltips twice (a pass that turns \n into a line break and \X
 * into X, then the escString pass that expands \N, \G, \L ...), so a backslash meant literally
 * must arrive as four; the line breaks are written as \n for the first pass.
 */
static void set_tooltip(void *obj, const char *text)
{
	/* doubling every backslash before put_text escapes it makes the four the two passes need */
	coop_buf doubled = COOP_BUF_INIT, b = COOP_BUF_INIT;
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == '\\')
			coop_buf_putc(&doubled, '\\');
		coop_buf_putc(&doubled, *p);
	}
	put_text(&b, coop_buf_str(&doubled), "\\n", 0);
	set(obj, "tooltip", coop_buf_str(&b));
	coop_buf_free(&doubled);
	coop_buf_free(&b);
}

static void set_left_text(void *obj, const char *name, const char *text)
{
	coop_buf b = COOP_BUF_INIT;
	put_text(&b, text, "\\l", 1);
	set(obj, name, coop_buf_str(&b));
	coop_buf_free(&b);
}

/* A checked URL, with '&' as "&amp;" so that the SVG stays well-formed (see the file comment). */
static void set_url(void *obj, const char *url)
{
	if (!url || !coop_url_safe(url))
		return;
	coop_buf b = COOP_BUF_INIT;
	for (const char *p = url; *p; p++) {
		if (*p == '&')
			coop_buf_puts(&b, "&amp;");
		else
			coop_buf_putc(&b, *p);
	}
	set(obj, "URL", coop_buf_str(&b));
	coop_buf_free(&b);
}

/* ids and classes come from coop_view_id_part() and fixed words; check rather than trust */
static int token_safe(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_' || *s == ' '))
			return 0;
	return 1;
}

static void set_token(void *obj, const char *name, const char *value)
{
	if (value && token_safe(value))
		set(obj, name, value);
}

static void apply_style(void *obj, const coop_view_style *s, int node)
{
	if (node && s->shape)
		set(obj, "shape", s->shape);
	if (s->style)
		set(obj, "style", s->style);
	if (s->fillcolor)
		set(obj, "fillcolor", s->fillcolor);
	if (s->color)
		set(obj, "color", s->color);
	if (s->fontcolor)
		set(obj, "fontcolor", s->fontcolor);
	if (s->penwidth > 0)
		set_num(obj, "penwidth", s->penwidth);
	if (s->fontsize > 0)
		set_num(obj, "fontsize", s->fontsize);
	if (node && s->width > 0) {
		set_num(obj, "width", s->width);
		set_num(obj, "height", s->width);
	}
}

static void set_double_color(void *obj, const char *color)
{
	coop_buf b = COOP_BUF_INIT;
	coop_buf_printf(&b, "%s:invis:%s", color ? color : "black", color ? color : "black");
	set(obj, "color", coop_buf_str(&b));
	coop_buf_free(&b);
}

#define LEGEND_NODES_PER_ROW 4
#define LEGEND_EDGES_PER_ROW 3

/* Starts a legend row (nodes on one rank) and stacks it under the previous row. */
static Agraph_t *legend_row(Agraph_t *legend, unsigned *rows, Agnode_t **row_first)
{
	char name[32];
	snprintf(name, sizeof name, "legend_row_%u", ++*rows);
	Agraph_t *row = agsubg(legend, name, 1);
	set(row, "rank", "same");
	*row_first = NULL;
	return row;
}

static void invisible_edge(Agraph_t *legend, Agnode_t *tail, Agnode_t *head)
{
	Agedge_t *e = agedge(legend, tail, head, NULL, 1);
	set(e, "style", "invis");
	set(e, "class", "legend-layout");
}

static void stack_row(Agraph_t *legend, Agnode_t **previous, Agnode_t *first)
{
	/* rows are stacked by invisible edges from one row's first node to the next's */
	if (*previous)
		invisible_edge(legend, *previous, first);
	*previous = first;
}

typedef enum {
	LEGEND_ROWS,      /* dot: rows on ranks, stacked by invisible edges */
	LEGEND_PINNED,    /* neato, fdp: one column at fixed positions (pos="x,y!") */
	LEGEND_NOTES_ONLY /* sfdp, circo: they move every node, so only the text can be kept */
} legend_mode;

static legend_mode legend_mode_for(coop_graph_engine engine)
{
	switch (engine) {
	case COOP_GRAPH_ENGINE_DOT: return LEGEND_ROWS;
	case COOP_GRAPH_ENGINE_NEATO:
	case COOP_GRAPH_ENGINE_FDP: return LEGEND_PINNED;
	default: return LEGEND_NOTES_ONLY;
	}
}

static void pin(Agnode_t *n, double x, double y)
{
	char pos[64];
	snprintf(pos, sizeof pos, "%.0f,%.0f!", x, y);
	set(n, "pos", pos);
	set(n, "pin", "true");
}

/* A line drawn in text, for layouts that cannot keep a two-node sample together. */
static const char *line_glyphs(const coop_legend_entry *l)
{
	const char *style = l->style.style ? l->style.style : "solid";
	if (l->style.shape && strcmp(l->style.shape, "point") == 0)
		return "\xE2\x97\x8F"; /* ● a hub */
	if (l->double_line)
		return "\xE2\x95\x90\xE2\x95\x90\xE2\x95\x90\xE2\x95\x90"; /* ════ */
	if (strcmp(style, "dashed") == 0)
		return "\xE2\x95\x8C\xE2\x95\x8C\xE2\x95\x8C\xE2\x95\x8C"; /* ╌╌╌╌ */
	if (strcmp(style, "dotted") == 0)
		return "\xE2\x94\x88\xE2\x94\x88\xE2\x94\x88\xE2\x94\x88"; /* ┈┈┈┈ */
	if (l->style.penwidth >= 2)
		return "\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81"; /* ━━━━ */
	return "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80"; /* ──── */
}

/* A legend line sample: two small points joined by an edge drawn like the real ones. */
static void legend_edge_sample(Agraph_t *legend, Agraph_t *row, const coop_legend_entry *l, Agnode_t **na_out,
                               Agnode_t **nb_out)
{
	char a[160], b[160];
	snprintf(a, sizeof a, "%s__a", l->id);
	snprintf(b, sizeof b, "%s__b", l->id);
	Agnode_t *na = agnode(row, a, 1), *nb = agnode(row, b, 1);
	int hub = l->style.shape && strcmp(l->style.shape, "point") == 0;
	for (int side = 0; side < 2; side++) {
		Agnode_t *n = side ? nb : na;
		const char *size = side == 0 && hub ? "0.12" : "0.04";
		set(n, "label", "");
		set(n, "id", side ? b : a);
		set(n, "class", "legend-entry");
		set(n, "shape", "point");
		set(n, "width", size);
		set(n, "height", size);
		set(n, "color", hub ? l->style.color : "#777777");
		set(n, "fillcolor", hub ? l->style.color : "#777777");
		set_tooltip(n, l->label);
	}
	Agedge_t *e = agedge(legend, na, nb, NULL, 1);
	set(e, "id", l->id);
	set(e, "class", "legend-entry");
	set_text(e, "label", l->label);
	set_tooltip(e, l->label);
	set(e, "minlen", "2");
	if (hub) {
		set(e, "color", l->style.color);
	} else {
		coop_view_style s = l->style;
		s.shape = NULL;
		apply_style(e, &s, 0);
		if (l->double_line)
			set_double_color(e, l->style.color);
	}
	*na_out = na;
	*nb_out = nb;
}

/* The legend: samples of what is drawn and the notes as one left-justified block, built from plain
 * nodes and edges with plain labels only (no HTML-like labels, although the text is ours). */
static void add_legend(Agraph_t *g, const coop_view *v)
{
	if (v->legend_count == 0)
		return;
	legend_mode mode = legend_mode_for(v->layout.engine);
	int samples = 0;
	for (uint32_t k = 0; k < v->legend_count; k++)
		samples += v->legend[k].type != COOP_LEGEND_NOTE;
	if (mode == LEGEND_PINNED && samples)
		set(g, "inputscale", "72"); /* pos in points, not inches */
	/* only dot and fdp draw clusters; elsewhere a cluster label would float over the notes */
	int boxed = v->layout.engine == COOP_GRAPH_ENGINE_DOT || v->layout.engine == COOP_GRAPH_ENGINE_FDP;
	Agraph_t *legend = g;
	if (boxed) {
		legend = agsubg(g, (char *)"cluster_legend", 1);
		set(legend, "id", "legend");
		set(legend, "class", "legend");
		set(legend, "label", "Legend");
		set(legend, "tooltip", "Legend");
		set(legend, "style", "rounded");
		set(legend, "color", "#9a9a9a");
		set(legend, "fillcolor", "");
		set(legend, "fontsize", "12");
	}
	Agnode_t *previous = NULL, *row_first = NULL, *row_last = NULL;
	Agraph_t *row = NULL;
	unsigned rows = 0, in_row = 0, row_group = 0;
	double y = 0; /* LEGEND_PINNED: the next free position, in points, going down */
	coop_buf notes = COOP_BUF_INIT;
	for (uint32_t k = 0; k < v->legend_count; k++) {
		const coop_legend_entry *l = &v->legend[k];
		if (!token_safe(l->id))
			continue;
		if (l->type == COOP_LEGEND_NOTE) {
			if (notes.len)
				coop_buf_putc(&notes, '\n');
			coop_buf_puts(&notes, l->label);
			continue;
		}
		if (mode == LEGEND_NOTES_ONLY)
			continue;
		if (mode == LEGEND_PINNED) {
			row = legend;
		} else {
			unsigned per_row = l->type == COOP_LEGEND_NODE ? LEGEND_NODES_PER_ROW : LEGEND_EDGES_PER_ROW;
			if (!row || row_group != l->group || in_row == per_row) {
				row = legend_row(legend, &rows, &row_first);
				row_group = l->group;
				in_row = 0;
			}
			in_row++;
		}
		Agnode_t *first, *last;
		if (l->type == COOP_LEGEND_NODE) {
			Agnode_t *n = agnode(row, l->id, 1);
			set_text(n, "label", l->label);
			set_tooltip(n, l->label);
			set(n, "id", l->id);
			set(n, "class", "legend-entry");
			apply_style(n, &l->style, 1);
			first = last = n;
			if (mode == LEGEND_PINNED) {
				pin(n, 60, y);
				y -= 30;
			}
		} else if (mode == LEGEND_PINNED) {
			/* force layouts scatter two-node samples; one text node with a drawn line glyph keeps */
			Agnode_t *n = agnode(row, l->id, 1);
			coop_buf text = COOP_BUF_INIT;
			coop_buf_puts(&text, line_glyphs(l));
			coop_buf_puts(&text, "  ");
			coop_buf_puts(&text, l->label);
			set_text(n, "label", coop_buf_str(&text));
			coop_buf_free(&text);
			set_tooltip(n, l->label);
			set(n, "id", l->id);
			set(n, "class", "legend-entry");
			set(n, "shape", "plaintext");
			set(n, "fontsize", "10");
			set(n, "fontcolor", l->style.color ? l->style.color : "#444444");
			pin(n, 60, y);
			y -= 14;
			first = last = n;
		} else {
			legend_edge_sample(legend, row, l, &first, &last);
		}
		if (mode == LEGEND_ROWS) {
			if (!row_first) {
				row_first = first;
				stack_row(legend, &previous, first);
			} else {
				invisible_edge(legend, row_last, first); /* a flat edge keeps the row in order */
			}
			row_last = last;
		}
	}
	if (notes.len) {
		Agnode_t *n = agnode(legend, (char *)"legend-notes", 1);
		set_left_text(n, "label", coop_buf_str(&notes));
		set_tooltip(n, coop_buf_str(&notes));
		set(n, "id", "legend-notes");
		set(n, "class", "legend-note");
		set(n, "shape", boxed ? "plaintext" : "box");
		if (!boxed) {
			/* without a cluster box around the legend the notes carry their own frame */
			set(n, "style", "rounded");
			set(n, "color", "#9a9a9a");
		}
		set(n, "fontsize", "9");
		if (mode == LEGEND_ROWS)
			stack_row(legend, &previous, n);
		else if (mode == LEGEND_PINNED && y < 0)
			pin(n, 60, y - 20); /* under the samples; alone it is better left to the layout */
	}
	coop_buf_free(&notes);
}

static Agraph_t *build_graph(const coop_view *v)
{
	buf_io.afread = AgIoDisc.afread;
	buf_io.putstr = buf_putstr;
	buf_io.flush = buf_flush;
	buf_disc.mem = &AgMemDisc;
	buf_disc.id = &seq_id_disc;
	buf_disc.io = &buf_io;

	/* The name becomes the SVG <title>: controls dropped, and '&' written as "&amp;" because
	 * Graphviz keeps entity references there ("&#x202E;" would become a real RLO). */
	coop_buf stripped = COOP_BUF_INIT, name = COOP_BUF_INIT;
	coop_strip_controls(&stripped, v->name ? v->name : "coopgraph");
	for (size_t k = 0; k < stripped.len; k++) {
		if (stripped.data[k] == '&')
			coop_buf_puts(&name, "&amp;");
		else
			coop_buf_putc(&name, stripped.data[k]);
	}
	coop_buf_free(&stripped);
	Agraph_t *g = agopen((char *)coop_buf_str(&name), Agundirected, &buf_disc);
	coop_buf_free(&name);

	/* graph settings: fixed values of ours */
	const coop_view_layout *l = &v->layout;
	set(g, "layout", coop_view_engine_name(l->engine));
	set(g, "fontname", FONT);
	set(g, "fontsize", "16");
	set(g, "labelloc", "t");
	set_text(g, "label", v->title);
	set_tooltip(g, v->tooltip);
	set_token(g, "class", v->classes);
	set(g, "id", "coopgraph");
	set(g, "pad", "0.2");
	set(g, "outputorder", "edgesfirst");
	if (l->engine == COOP_GRAPH_ENGINE_DOT) {
		set(g, "newrank", "true");
		set(g, "nodesep", "0.3");
		set(g, "ranksep", "0.5");
		if (l->fast_dot) {
			set(g, "mclimit", "0.1");
			set(g, "nslimit", "1");
			set(g, "nslimit1", "1");
			set(g, "searchsize", "10");
		}
	} else {
		set(g, "overlap", l->engine == COOP_GRAPH_ENGINE_FDP ? "false" : "prism");
		set(g, "sep", "+8");
	}
	if (l->straight_edges)
		set(g, "splines", "false");
	else if (l->engine != COOP_GRAPH_ENGINE_DOT)
		set(g, "splines", "true");

	/* defaults for every node and edge, so the DOT reads without repeating them */
	agattr(g, AGNODE, (char *)"fontname", (char *)FONT);
	agattr(g, AGNODE, (char *)"fontsize", (char *)"10");
	agattr(g, AGEDGE, (char *)"fontname", (char *)FONT);
	agattr(g, AGEDGE, (char *)"fontsize", (char *)"9");
	if (l->engine == COOP_GRAPH_ENGINE_NEATO)
		agattr(g, AGEDGE, (char *)"len", (char *)"1.8"); /* room for the edge labels */

	/* clusters: a parent always comes before its children in the view */
	Agraph_t **clusters = coop_xcalloc((size_t)v->cluster_count + 1, sizeof *clusters);
	for (uint32_t c = 0; c < v->cluster_count; c++) {
		const coop_view_cluster *vc = &v->clusters[c];
		Agraph_t *parent = vc->parent == COOP_VIEW_TOP || !clusters[vc->parent] ? g : clusters[vc->parent];
		if (vc->dropped || !token_safe(vc->name) || strncmp(vc->name, "cluster_", 8) != 0)
			continue;
		Agraph_t *sg = agsubg(parent, vc->name, 1);
		clusters[c] = sg;
		set_token(sg, "id", vc->id);
		set_token(sg, "class", vc->classes);
		set_text(sg, "label", vc->label);
		set_tooltip(sg, vc->tooltip);
		coop_view_style s = vc->style;
		s.shape = NULL;
		apply_style(sg, &s, 0);
		if (!vc->style.fillcolor)
			set(sg, "fillcolor", "");
		if (!vc->style.fontsize)
			set(sg, "fontsize", "13");
	}

	Agnode_t **nodes = coop_xcalloc((size_t)v->node_count + 1, sizeof *nodes);
	for (uint32_t i = 0; i < v->node_count; i++) {
		const coop_view_node *vn = &v->nodes[i];
		if (!token_safe(vn->id))
			continue;
		Agraph_t *where = vn->cluster == COOP_VIEW_TOP || !clusters[vn->cluster] ? g : clusters[vn->cluster];
		Agnode_t *n = agnode(where, vn->id, 1);
		nodes[i] = n;
		set(n, "id", vn->id);
		set_token(n, "class", vn->classes);
		set_text(n, "label", vn->label);
		set_tooltip(n, vn->tooltip);
		set_url(n, vn->url);
		apply_style(n, &vn->style, 1);
	}

	for (uint32_t k = 0; k < v->edge_count; k++) {
		const coop_view_edge *ve = &v->edges[k];
		if (!nodes[ve->tail] || !nodes[ve->head] || !token_safe(ve->id))
			continue;
		Agedge_t *e = agedge(g, nodes[ve->tail], nodes[ve->head], NULL, 1);
		set(e, "id", ve->id);
		set_token(e, "class", ve->classes);
		if (ve->label && l->edge_labels)
			set_text(e, "label", ve->label);
		set_tooltip(e, ve->tooltip);
		set_url(e, ve->url);
		coop_view_style s = ve->style;
		s.shape = NULL;
		apply_style(e, &s, 0);
		if (ve->double_line)
			set_double_color(e, ve->style.color);
		if (ve->weight > 1) {
			char w[16];
			snprintf(w, sizeof w, "%u", ve->weight);
			set(e, "weight", w);
		}
	}
	add_legend(g, v);
	free(nodes);
	free(clusters);
	return g;
}

coop_result coop_gv_write_dot(const coop_view *v, coop_buf *out)
{
	Agraph_t *g = build_graph(v);
	coop_buf_printf(out, "/* coopgraph: %s */\n", v->layout.reason);
	int rc = agwrite(g, out);
	agclose(g);
	return rc == 0 ? COOP_OK : COOP_ERR_INTERNAL;
}

/* ---- layout and rendering in a child process ---- */

static int child_graphviz_error(char *message)
{
	/* Graphviz hands over a formatted message; keep it on one line with our prefix */
	size_t n = strlen(message);
	while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == ' '))
		n--;
	fprintf(stderr, "coopgraph: graphviz: %.*s\n", (int)n, message);
	return 0;
}

static int write_all(int fd, const char *data, size_t size)
{
	while (size > 0) {
		ssize_t w = write(fd, data, size);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		size -= (size_t)w;
	}
	return 0;
}

static const char *format_name(coop_graph_format format)
{
	switch (format) {
	case COOP_GRAPH_FORMAT_PNG: return "png";
	case COOP_GRAPH_FORMAT_PDF: return "pdf";
	case COOP_GRAPH_FORMAT_DOT: return "dot";
	default: return "svg";
	}
}

static _Noreturn void run_child(const coop_view *v, coop_graph_format format, unsigned seconds, int fd)
{
	struct rlimit cpu = {seconds, seconds + 1};
	setrlimit(RLIMIT_CPU, &cpu);
	signal(SIGALRM, SIG_DFL);
	signal(SIGXCPU, SIG_DFL);
	alarm(seconds);
	agseterr(AGERR);
	agseterrf(child_graphviz_error);
	order_cgraph_objects(); /* this process ends with the layout: changing the default is contained */
	Agraph_t *g = build_graph(v);
	GVC_t *gvc = gvContext();
	if (gvLayout(gvc, g, coop_view_engine_name(v->layout.engine)) != 0)
		_exit(CHILD_LAYOUT);
	char *data = NULL;
	unsigned int size = 0;
	if (gvRenderData(gvc, g, format_name(format), &data, &size) != 0 || !data)
		_exit(CHILD_RENDER);
	int rc = write_all(fd, data, size) == 0 ? CHILD_OK : CHILD_WRITE;
	gvFreeRenderData(data);
	gvFreeLayout(gvc, g);
	agclose(g);
	gvFreeContext(gvc);
	close(fd);
	_exit(rc);
}

static coop_result render_in_child(const coop_view *v, coop_graph_format format, unsigned seconds, coop_buf *out,
                                   coop_diag_sink *diag)
{
	int fds[2];
	if (pipe(fds) != 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot create a pipe for the layout process: %s", strerror(errno));
		return COOP_ERR_IO;
	}
	fflush(NULL); /* the child must not write our buffered output a second time */
	pid_t pid = fork();
	if (pid < 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot start the layout process: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return COOP_ERR_IO;
	}
	if (pid == 0) {
		close(fds[0]);
		run_child(v, format, seconds, fds[1]);
	}
	close(fds[1]);
	char chunk[65536];
	int read_error = 0;
	for (;;) {
		ssize_t r = read(fds[0], chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			read_error = errno;
			break;
		}
		if (r == 0)
			break;
		coop_buf_append(out, chunk, (size_t)r);
	}
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			coop_diag(diag, COOP_SEV_ERROR, NULL, "lost the layout process: %s", strerror(errno));
			return COOP_ERR_INTERNAL;
		}
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGALRM || sig == SIGXCPU || sig == SIGKILL) {
			coop_diag(diag, COOP_SEV_ERROR, NULL,
			          "layout took longer than %u s (%s, %u nodes, %u lines); try %s, or --engine sfdp; "
			          "--max-layout-seconds raises the limit",
			          seconds, coop_view_engine_name(v->layout.engine), v->node_count, v->edge_count,
			          v->kind == COOP_GRAPH_VIEW_COUNTRIES
			              ? "a filter (--country, --kind, --as-of), fewer lines (--max-edges)"
			              : "--view countries, a filter (--country, --kind, --as-of), --rollup --merge");
			return COOP_ERR_IO;
		}
		coop_diag(diag, COOP_SEV_ERROR, NULL, "graphviz crashed during %s layout (signal %d)",
		          coop_view_engine_name(v->layout.engine), sig);
		return COOP_ERR_INTERNAL;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (code != CHILD_OK) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "graphviz failed to %s the picture (exit status %d)",
		          code == CHILD_LAYOUT ? "lay out" : code == CHILD_WRITE ? "hand over" : "render", code);
		return COOP_ERR_INTERNAL;
	}
	if (read_error) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot read from the layout process: %s", strerror(read_error));
		return COOP_ERR_IO;
	}
	return COOP_OK;
}

/* ---- checking the SVG before anyone sees it ---- */

static const char *const svg_doctype_prefix = "<!DOCTYPE svg";

/* Removes the DOCTYPE Graphviz writes (it names an external DTD no one should fetch). */
static void strip_doctype(coop_buf *svg)
{
	char *start = svg->data ? strstr(svg->data, svg_doctype_prefix) : NULL;
	if (!start)
		return;
	char *end = strchr(start, '>');
	if (!end)
		return;
	end++;
	while (*end == '\n')
		end++;
	size_t tail = svg->len - (size_t)(end - svg->data);
	memmove(start, end, tail + 1);
	svg->len = (size_t)(start - svg->data) + tail;
}

static int href_ok(const xmlChar *value)
{
	const char *v = (const char *)value;
	return v[0] == '#' || strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0;
}

static int element_forbidden(const char *name)
{
	static const char *const forbidden[] = {"script", "foreignObject", "iframe", "embed", "object",
	                                        "handler", "listener", "image", "use", "style", NULL};
	for (int i = 0; forbidden[i]; i++)
		if (strcasecmp(name, forbidden[i]) == 0)
			return 1;
	return 0;
}

/* The self-check of HAZARDS F10: well-formed, no DOCTYPE, no active content, links http(s) only. */
static coop_result check_svg(const coop_buf *svg, coop_diag_sink *diag)
{
	xmlDocPtr doc = xmlReadMemory(svg->data ? svg->data : "", (int)svg->len, "graph.svg", "UTF-8",
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "self-check: the SVG from graphviz is not well-formed XML");
		return COOP_ERR_INTERNAL;
	}
	const char *problem = NULL;
	char what[200] = "";
	if (doc->intSubset)
		problem = "a DOCTYPE";
	xmlNodePtr node = xmlDocGetRootElement(doc);
	if (!problem && (!node || strcmp((const char *)node->name, "svg") != 0))
		problem = "a root element other than <svg>";
	/* iterative pre-order walk: the depth is small, but no recursion on untrusted structure */
	while (node && !problem) {
		if (node->type == XML_ELEMENT_NODE) {
			if (element_forbidden((const char *)node->name)) {
				problem = "a forbidden element";
				snprintf(what, sizeof what, "<%s>", node->name);
			}
			for (xmlAttrPtr a = node->properties; a && !problem; a = a->next) {
				if (strncasecmp((const char *)a->name, "on", 2) == 0) {
					problem = "an event handler attribute";
					snprintf(what, sizeof what, "%s", a->name);
				} else if (strcmp((const char *)a->name, "href") == 0) {
					xmlChar *value = xmlNodeListGetString(doc, a->children, 1);
					if (!value || !href_ok(value)) {
						problem = "a link that is not http(s)";
						snprintf(what, sizeof what, "%.80s", value ? (const char *)value : "");
					}
					xmlFree(value);
				}
			}
		}
		if (node->children && node->type == XML_ELEMENT_NODE) {
			node = node->children;
			continue;
		}
		while (node && !node->next)
			node = node->parent && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
		if (node)
			node = node->next;
	}
	xmlFreeDoc(doc);
	if (problem) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "self-check: the SVG contains %s %s", problem, what);
		return COOP_ERR_INTERNAL;
	}
	return COOP_OK;
}

static int has_magic(const coop_buf *b, const char *magic, size_t n)
{
	return b->len >= n && memcmp(b->data, magic, n) == 0;
}

/* ---- the public entry point ---- */

/* Lays out and renders a built view (and frees it). */
static coop_result render_view(coop_view *v, coop_result rc, const coop_graph_opts *opts, char **data, size_t *size,
                               coop_diag_sink *diag)
{
	if (rc == COOP_OK)
		rc = coop_view_choose_layout(v, opts, diag);
	coop_buf out = COOP_BUF_INIT;
	if (rc == COOP_OK) {
		if (opts->format == COOP_GRAPH_FORMAT_DOT) {
			rc = coop_gv_write_dot(v, &out);
			if (rc != COOP_OK)
				coop_diag(diag, COOP_SEV_ERROR, NULL, "cgraph could not write the DOT text");
		} else {
			unsigned seconds = opts->max_layout_seconds ? opts->max_layout_seconds : DEFAULT_LAYOUT_SECONDS;
			rc = render_in_child(v, opts->format, seconds, &out, diag);
		}
	}
	if (rc == COOP_OK && opts->format == COOP_GRAPH_FORMAT_SVG) {
		strip_doctype(&out);
		rc = check_svg(&out, diag);
	}
	if (rc == COOP_OK && ((opts->format == COOP_GRAPH_FORMAT_PNG && !has_magic(&out, "\x89PNG\r\n\x1a\n", 8)) ||
	                      (opts->format == COOP_GRAPH_FORMAT_PDF && !has_magic(&out, "%PDF-", 5)))) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "self-check: graphviz returned something that is not a %s file",
		          format_name(opts->format));
		rc = COOP_ERR_INTERNAL;
	}
	coop_view_free(v);
	if (rc != COOP_OK) {
		coop_buf_free(&out);
		return rc;
	}
	*size = out.len;
	*data = coop_buf_detach(&out);
	return COOP_OK;
}

coop_result coop_graph_render(const coop_model *model, const coop_graph_opts *opts, char **data, size_t *size,
                              coop_diag_sink *diag)
{
	*data = NULL;
	*size = 0;
	coop_view v;
	coop_view_init(&v);
	return render_view(&v, coop_view_build(&v, model, opts, diag), opts, data, size, diag);
}

coop_result coop_graph_render_input(const coop_view_input *input, const coop_graph_opts *opts, char **data,
                                    size_t *size, coop_diag_sink *diag)
{
	*data = NULL;
	*size = 0;
	coop_view v;
	coop_view_init(&v);
	return render_view(&v, coop_view_build_input(&v, input, opts, diag), opts, data, size, diag);
}
