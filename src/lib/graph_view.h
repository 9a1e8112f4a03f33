/*
 * The abstract picture behind `coopgraph graph`: what is drawn, grouped and styled how, after the
 * filters, the roll-up of units and the merging of parallel agreements. It knows no third-party
 * library; graph_gv.c turns it into a cgraph graph.
 *
 * Text fields hold plain UTF-8 as it should appear (lines separated by '\n'); the Graphviz layer
 * escapes them. Style fields point to fixed strings of ours (never to input data), so the set of
 * attribute values that can reach Graphviz from the data is: labels, tooltips, checked URLs, and
 * ids and classes built from sanitised tokens.
 */
#ifndef COOP_GRAPH_VIEW_H
#define COOP_GRAPH_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "coopgraph/graph.h"
#include "coopgraph/model.h"

#define COOP_VIEW_TOP UINT32_MAX /* a node or cluster that sits in no cluster */

typedef struct {
	const char *shape;     /* "box", "ellipse", "point", "plaintext", ... */
	const char *style;     /* "rounded,filled", ... or NULL */
	const char *fillcolor; /* "#deebf7" or NULL */
	const char *color;     /* border or line colour, or NULL */
	const char *fontcolor; /* or NULL */
	double penwidth;       /* 0: Graphviz default */
	double fontsize;       /* 0: the graph's default for this kind of object */
	double width;          /* point nodes: size in inches; 0: default */
} coop_view_style;

typedef struct {
	char *id;         /* DOT node name and SVG id: "inst-umm", "country-DE", "person-hennes" */
	char *label;
	char *tooltip;
	char *url;        /* an http(s) URL that passed coop_url_safe(), or NULL */
	char *classes;    /* "institution kind-university-hospital country-DE" */
	uint32_t cluster; /* innermost cluster, or COOP_VIEW_TOP */
	coop_view_style style;
} coop_view_node;

typedef struct {
	char *name;       /* cgraph subgraph name, starts with "cluster_": "cluster_DE" */
	char *id;         /* SVG id: "country-DE" */
	char *label;      /* may be empty */
	char *tooltip;
	char *classes;    /* Graphviz puts "cluster" in front itself: "country-DE" */
	uint32_t parent;  /* enclosing cluster, or COOP_VIEW_TOP */
	int dropped;      /* not drawn (nested clusters under fdp); its nodes moved to the parent */
	coop_view_style style;
} coop_view_cluster;

typedef struct {
	uint32_t tail, head; /* node indices */
	char *id;
	char *label;         /* may be NULL */
	char *tooltip;
	char *url;
	char *classes;
	unsigned weight;     /* agreements behind the edge (layout weight); 1 for a single one */
	int double_line;     /* cross-border: drawn as two parallel lines */
	coop_view_style style;
} coop_view_edge;

typedef enum {
	COOP_LEGEND_NODE = 0, /* a sample node drawn with style, labelled */
	COOP_LEGEND_EDGE,     /* a sample line drawn with style (and double_line), labelled */
	COOP_LEGEND_NOTE      /* a line of text */
} coop_legend_type;

typedef struct {
	coop_legend_type type;
	unsigned group;      /* entries of one group share rows: kinds of institutions, of agreements, ... */
	char *id;            /* "legend-kind-university", unique */
	char *label;
	int double_line;
	coop_view_style style;
} coop_legend_entry;

/* How the view is to be laid out: the engine and the settings that keep it fast. */
typedef struct {
	coop_graph_engine engine; /* never AUTO once chosen */
	int straight_edges;       /* splines=false: routing splines is what makes dense views slow */
	int fast_dot;             /* dot with bounded crossing minimisation and network simplex */
	int edge_labels;          /* draw edge labels (dropped on large views) */
	char reason[160];         /* why this engine, for the DOT comment and --verbose */
} coop_view_layout;

typedef struct {
	coop_graph_view kind;
	char *name;          /* graph name, shown as the SVG <title> */
	char *title;         /* graph label (title and a line saying what is drawn) */
	char *tooltip;
	char *classes;       /* "coopgraph view-institutions" */
	coop_view_node *nodes;
	uint32_t node_count;
	coop_view_cluster *clusters;
	uint32_t cluster_count;
	coop_view_edge *edges;
	uint32_t edge_count;
	coop_legend_entry *legend;
	uint32_t legend_count;
	coop_view_layout layout;
	/* what the view was built from, for the engine choice and the tests */
	uint32_t agreements_drawn;   /* agreements behind the drawn edges */
	uint32_t agreements_matched; /* agreements that passed the filters */
	uint32_t edges_before_thinning;
	size_t cap_nodes, cap_clusters, cap_edges, cap_legend;
} coop_view;

/* Limits of the automatic choice (docs/diagrams.md explains them with the measurements). */
#define COOP_VIEW_DOT_MAX_NODES 300u
#define COOP_VIEW_DOT_MAX_EDGES 600u
#define COOP_VIEW_SPLINE_MAX_EDGES 100u /* neato, fdp, sfdp: curved edges only up to this many */
#define COOP_VIEW_MAX_NODES 20000u  /* beyond this no engine lays out in reasonable time */
#define COOP_VIEW_MAX_EDGES 100000u

void coop_view_init(coop_view *view);
void coop_view_free(coop_view *view);

/* A source as the view shows it, its title already picked for --lang. */
typedef struct {
	const char *id;
	const char *title; /* NULL: the source has no title (its ID stands in) */
	const char *url;   /* NULL: none */
	coop_date date;
	coop_source_kind kind;
} coop_view_source;

/* An agreement reduced to what the country view counts. */
typedef struct {
	const char *id;
	const coop_index *parties; /* institutions of the model; COOP_NONE: not an institution */
	uint32_t party_count;
	const coop_index *sources; /* indices for coop_view_input.get_source; COOP_NONE: unknown */
	uint32_t source_count;
} coop_view_brief;

/*
 * What a view is drawn from when the agreements and sources are not kept in the model (a stream
 * collector, graph_stream.c). The institutions, people and programmes always come from the model.
 */
typedef struct {
	const coop_model *model;
	/* Agreements for every view but countries, already past the filters on kind, status and dates.
	 * Their parties, funders and programmes are resolved against model, their sources to indices
	 * for get_source and their builds_on to indices for agreement_title. */
	const coop_agreement *const *agreements;
	uint32_t agreement_count;
	/* The country view's agreements, past the same filters. */
	uint32_t brief_count;
	void (*get_brief)(void *ctx, uint32_t i, coop_view_brief *out);
	/* Agreements the date filter left out for lack of dates, counted in the legend only when they
	 * pass --country, which could not be decided before the institutions were read. */
	uint32_t undated_count;
	void (*get_undated)(void *ctx, uint32_t i, coop_view_brief *out);
	uint32_t undated_dropped; /* those already known to count */
	uint32_t source_count;
	void (*get_source)(void *ctx, coop_index i, coop_view_source *out);
	const char *(*agreement_title)(void *ctx, coop_index i); /* title as picked, or the ID */
	void *ctx; /* briefs are read in order: a collector may keep a cursor in it */
} coop_view_input;

/* Builds the view from a collector's input instead of a model that keeps everything. */
coop_result coop_view_build_input(coop_view *view, const coop_view_input *input, const coop_graph_opts *opts,
                                  coop_diag_sink *diag);

/* coop_graph_render() for a collector's input: builds with coop_view_build_input() (graph_gv.c). */
coop_result coop_graph_render_input(const coop_view_input *input, const coop_graph_opts *opts, char **data,
                                    size_t *size, coop_diag_sink *diag);

/* The date filters of opts on one agreement (1: passes), and whether it has a date at all. */
int coop_view_agreement_dates_pass(const coop_agreement *agreement, const coop_graph_opts *opts);
int coop_view_agreement_dated(const coop_agreement *agreement);

/*
 * Builds the view of model for opts. Returns COOP_OK, or COOP_ERR_USAGE for an option that does
 * not fit the data (an unknown --focus). Warnings (nothing to draw) go to diag.
 */
coop_result coop_view_build(coop_view *view, const coop_model *model, const coop_graph_opts *opts,
                            coop_diag_sink *diag);

/*
 * Chooses the engine and routing for the view (opts->engine AUTO decides by size). Returns
 * COOP_ERR_IO with advice in diag when the view is too large for any engine.
 */
coop_result coop_view_choose_layout(coop_view *view, const coop_graph_opts *opts, coop_diag_sink *diag);

/* The Graphviz name of an engine: "dot", "sfdp", ... */
const char *coop_view_engine_name(coop_graph_engine engine);

/* Appends s as an id part that is valid in XML ids, CSS and DOT names: [A-Za-z0-9-] are copied,
 * every other byte becomes "_" and two lower-case hex digits. Injective. */
void coop_view_id_part(coop_buf *out, const char *s);

/* The Graphviz side (graph_gv.c): the view as DOT text written by cgraph's agwrite(), with a
 * comment line saying which engine was chosen and why. */
coop_result coop_gv_write_dot(const coop_view *view, coop_buf *out);

/* Finds a node by id; COOP_VIEW_TOP when absent. Linear: for tests. */
uint32_t coop_view_find_node(const coop_view *view, const char *id);

#endif
