/*
 * Partner maps: the model drawn as a Graphviz diagram (SVG, PNG, PDF) or written as DOT.
 *
 * The drawing is built in two steps. First the model is turned into an abstract view (nodes,
 * clusters, edges, legend) after the filters, the roll-up of units and the merging of parallel
 * agreements; then the view is handed to cgraph and laid out and rendered by gvc. Layout and
 * rendering run in a child process bounded in CPU and wall-clock time, because Graphviz may take
 * minutes on a large graph and calls exit() on some errors.
 *
 * DOT output is the graph before layout, written by cgraph itself: it carries the chosen engine
 * (`layout=`) and every attribute, so `dot -Tsvg FILE.dot` reproduces the picture, and it is
 * byte-identical for the same input.
 */
#ifndef COOPGRAPH_GRAPH_H
#define COOPGRAPH_GRAPH_H

#include <stddef.h>

#include "coopgraph/diag.h"
#include "coopgraph/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	COOP_GRAPH_VIEW_INSTITUTIONS = 0, /* institutions in country clusters, agreements as edges */
	COOP_GRAPH_VIEW_COUNTRIES,        /* one node per country, edges weighted by agreements */
	COOP_GRAPH_VIEW_EGO,              /* the neighbourhood of one institution (focus, depth) */
	COOP_GRAPH_VIEW_PEOPLE            /* people and the institutions where they hold roles */
} coop_graph_view;

typedef enum {
	COOP_GRAPH_FORMAT_SVG = 0,
	COOP_GRAPH_FORMAT_PNG,
	COOP_GRAPH_FORMAT_PDF,
	COOP_GRAPH_FORMAT_DOT
} coop_graph_format;

typedef enum {
	COOP_GRAPH_ENGINE_AUTO = 0, /* chosen by the size of the view, see docs/diagrams.md */
	COOP_GRAPH_ENGINE_DOT,
	COOP_GRAPH_ENGINE_NEATO,
	COOP_GRAPH_ENGINE_FDP,
	COOP_GRAPH_ENGINE_SFDP,
	COOP_GRAPH_ENGINE_CIRCO
} coop_graph_engine;

/* Agreement statuses as a bit set: bit (1u << coop_agr_status). */
#define COOP_GRAPH_STATUS_BIT(status) (1u << (unsigned)(status))

typedef struct {
	coop_graph_view view;
	coop_graph_format format;
	coop_graph_engine engine;
	int rollup;          /* draw units as their top-level institution */
	int merge;           /* one edge per pair of institutions, with a count */
	int by_city;         /* nest city clusters inside the country clusters */
	int people;          /* add the people layer to the institutions and ego views */
	int no_legend;       /* leave the legend out */
	const char *focus;   /* ego view: the institution in the middle */
	unsigned depth;      /* ego view: hops from the focus (default 1) */
	/* Filters; an empty list means no filter. Country codes are upper-case alpha-2, kinds are
	 * tokens as in the input language (custom "x-..." kinds match exactly). */
	const char *const *countries;
	size_t country_count;
	const char *const *kinds;
	size_t kind_count;
	unsigned statuses;   /* COOP_GRAPH_STATUS_BIT set; 0: any status */
	coop_date from;      /* precision NONE: not given */
	coop_date to;
	coop_date as_of;
	const char *const *langs; /* preferred languages, NULL-terminated; NULL: as written */
	const char *title;        /* NULL: a title that says what is drawn */
	const char *base;         /* IRI base for links to entities without a website; NULL: default */
	unsigned max_edges;       /* weighted views: keep at most this many edges (strongest first);
	                             0: the default for the view's size; UINT_MAX: never thin */
	unsigned max_layout_seconds; /* 0: the default (60) */
} coop_graph_opts;

/* The defaults: institutions view, SVG, engine auto, depth 1, no filters. */
void coop_graph_opts_init(coop_graph_opts *opts);

/* Names used on the command line ("institutions", "svg", "sfdp"); -1 when unknown. */
int coop_graph_view_from_name(const char *name);
int coop_graph_format_from_name(const char *name);
int coop_graph_engine_from_name(const char *name);
/* The format named by a file name's extension (".svg", ".png", ".pdf", ".dot", ".gv"); -1 if none. */
int coop_graph_format_from_path(const char *path);

/*
 * Parses a date as written on the command line: "2020", "2020-03" or "2020-03-15", with a real
 * month and day. Returns 0 on success.
 */
int coop_graph_parse_date(const char *text, coop_date *out);

/*
 * Draws the model. On COOP_OK *data holds the output (free() it) and *size its length. Errors:
 * COOP_ERR_USAGE for options that do not fit the data (an unknown --focus), COOP_ERR_IO when the
 * graph is too large to lay out or the layout ran out of time (the message gives advice),
 * COOP_ERR_INTERNAL when Graphviz failed or the SVG self-check found something unsafe. Problems
 * go to diag; nothing is printed.
 */
coop_result coop_graph_render(const coop_model *model, const coop_graph_opts *opts, char **data,
                              size_t *size, coop_diag_sink *diag);

/*
 * Drawing without keeping the agreements and sources: a collector takes them from the reader as
 * they stream past (coop_read_opts.on_agreement and on_source with payload = the collector, and
 * stream_agreements / stream_sources set), keeps only what the view of opts needs, and draws once
 * coop_load() has returned the model. The output is byte for byte that of coop_graph_render() on a
 * model that kept everything. opts, and the lists it points to, must outlive the collector and be
 * the same when rendering. A caller that streams only the agreements leaves the sources to the
 * model; one that streams neither may still use the collector (it then just calls
 * coop_graph_render()).
 */
typedef struct coop_graph_collector coop_graph_collector;

coop_graph_collector *coop_graph_collector_new(const coop_graph_opts *opts);
void coop_graph_collector_free(coop_graph_collector *collector);
/* The reader callbacks (coop_agreement_fn, coop_source_fn of reader.h); payload is the collector. */
void coop_graph_collect_agreement(void *collector, const coop_model *model, const coop_agreement *agreement);
void coop_graph_collect_source(void *collector, const coop_model *model, const coop_source *source);
/* coop_read_opts.on_span: lets the collector read some entities again instead of keeping them. */
void coop_graph_collect_span(void *collector, const char *file, uint64_t start, uint64_t end);
/* Like coop_graph_render(), from the model (institutions, people, programmes) and the collector. */
coop_result coop_graph_render_collected(const coop_model *model, coop_graph_collector *collector,
                                        const coop_graph_opts *opts, char **data, size_t *size,
                                        coop_diag_sink *diag);

#ifdef __cplusplus
}
#endif

#endif
