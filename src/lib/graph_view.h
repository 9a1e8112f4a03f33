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
