/*
 * The abstract picture of `coopgraph graph` (graph_view.c) on a small dataset made for it: what is
 * drawn after roll-up, merging, filters and the ego neighbourhood, ids and classes, tooltips and
 * links, the legend, thinning, the engine choice; then the DOT that cgraph writes for it (escaping
 * of hostile text, determinism whatever the input order).
 */
#undef NDEBUG
#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "coopgraph/coopgraph.h"
#include "coopgraph/graph.h"
#include "graph_view.h"

#include "check.h"

/* Element order inside each entity follows the schema; entity order is free (see reordered()). */
#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\" xml:lang=\"en\">\n"
#define SOURCE "<source id=\"s1\" kind=\"press-release\"><title>Press release</title><date>2022-12-12</date><url>https://example.org/news?id=1&amp;lang=en</url></source>\n"
#define UNI "<institution id=\"uni-a\" kind=\"university\" sources=\"s1\"><name>Universit\xC3\xA4t A mit einem sehr langen Namen</name><acronym>UA</acronym><location country=\"DE\"><city>Magdeburg</city></location></institution>\n"
#define CLINIC "<institution id=\"uni-a-clinic\" kind=\"clinic\" partOf=\"uni-a\" sources=\"s1\"><name>Klinik f\xC3\xBCr Chirurgie</name></institution>\n"
#define HOSP "<institution id=\"hosp_b.1\" kind=\"hospital\" sources=\"s1\"><name>Stra\xC3\x9F" "enklinik</name><location country=\"DE\"><city>Hannover</city></location></institution>\n"
#define AZ "<institution id=\"az-1\" kind=\"hospital\" sources=\"s1\"><name xml:lang=\"az\">Az\xC9\x99rbaycan X\xC9\x99st\xC9\x99xanas\xC4\xB1</name><name>Azerbaijan Hospital</name><location country=\"AZ\"><city>Baku</city></location></institution>\n"
#define FR "<institution id=\"fr-1\" kind=\"research-institute\" sources=\"s1\"><name>Institut F</name><location country=\"FR\"><city>Paris</city></location><website>https://example.org/fr?x=1&amp;y=2</website></institution>\n"
#define AGR1 "<agreement id=\"agr1\" kind=\"letter-of-intent\" status=\"signed\" sources=\"s1\"><title>LoI</title><party ref=\"uni-a\"/><party ref=\"az-1\"/><signed>2022-12-12</signed></agreement>\n"
#define AGR2 "<agreement id=\"agr2\" kind=\"funded-project\" status=\"active\" sources=\"s1\"><title>Project</title><party ref=\"uni-a-clinic\"/><party ref=\"az-1\"/><start>2020</start><duration>P4Y</duration></agreement>\n"
#define AGR3 "<agreement id=\"agr3\" kind=\"cooperation\" sources=\"s1\"><title>Domestic</title><party ref=\"uni-a\"/><party ref=\"hosp_b.1\"/></agreement>\n"
#define AGR4 "<agreement id=\"agr4\" kind=\"strategic-partnership\" status=\"planned\" sources=\"s1\"><title>Three</title><party ref=\"uni-a\"/><party ref=\"az-1\"/><party ref=\"fr-1\"/><start>2025-01</start></agreement>\n"
#define AGR5 "<agreement id=\"agr5\" kind=\"contract\" status=\"ended\" sources=\"s1\"><title>Inside</title><party ref=\"uni-a-clinic\"/><party ref=\"uni-a\"/><start>2010</start><end>2012</end></agreement>\n"
#define AGR6 "<agreement id=\"agr6\" kind=\"x-exchange\" status=\"active\" sources=\"s1\"><title>Custom</title><party ref=\"az-1\"/><party ref=\"fr-1\"/><start>2019-05</start><end>2021-06-30</end></agreement>\n"
#define P1 "<person id=\"p1\" sources=\"s1\"><givenName>Anna</givenName><familyName>Schmidt</familyName><role at=\"uni-a-clinic\"><name>Director</name></role><role at=\"fr-1\"><name>Guest</name></role></person>\n"
#define P2 "<person id=\"p2\" sources=\"s1\"><givenName>Elnur</givenName><familyName>M\xC9\x99mm\xC9\x99" "dov</familyName><role at=\"az-1\" start=\"2015\" end=\"2018\"><name>Chief</name></role></person>\n"
#define TAIL "</coopgraph>\n"

static const char doc[] = HEAD SOURCE UNI CLINIC HOSP AZ FR AGR1 AGR2 AGR3 AGR4 AGR5 AGR6 P1 P2 TAIL;
/* the same entities in another order */
static const char reordered[] = HEAD P2 AGR6 AGR5 FR AGR4 AZ AGR3 HOSP AGR2 CLINIC AGR1 UNI P1 SOURCE TAIL;

static void print_diag(void *payload, coop_severity severity, const coop_loc *loc, const char *message)
{
	(void)payload;
	fprintf(stderr, "  %s:%u: %s: %s\n", loc && loc->file ? loc->file : "-", loc ? loc->line : 0,
	        severity == COOP_SEV_ERROR ? "error" : "warning", message);
}

static coop_model *load(const char *text)
{
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	diag.emit = print_diag;
	coop_model *model = coop_model_new();
	coop_result res = coop_read_memory(model, "t.xml", text, strlen(text), NULL, &diag);
	CHECK(res == COOP_OK && diag.errors == 0, "test document rejected (%zu errors)", diag.errors);
	size_t link_errors = coop_model_link(model, &diag);
	CHECK(link_errors == 0, "test document does not link (%zu errors)", link_errors);
	return model;
}

static coop_view build(const coop_model *m, const coop_graph_opts *o, coop_result expect)
{
	coop_view v;
	coop_view_init(&v);
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	coop_result res = coop_view_build(&v, m, o, &diag);
	CHECK(res == expect, "coop_view_build gave %d, expected %d", (int)res, (int)expect);
	if (res == COOP_OK)
		CHECK(coop_view_choose_layout(&v, o, &diag) == COOP_OK, "no layout for a small view");
	return v;
}

static const coop_view_node *node(const coop_view *v, const char *id)
{
	uint32_t i = coop_view_find_node(v, id);
	return i == COOP_VIEW_TOP ? NULL : &v->nodes[i];
}

static const coop_view_edge *edge(const coop_view *v, const char *id)
{
	for (uint32_t k = 0; k < v->edge_count; k++)
		if (strcmp(v->edges[k].id, id) == 0)
			return &v->edges[k];
	return NULL;
}

static const coop_view_cluster *cluster(const coop_view *v, const char *id)
{
	for (uint32_t c = 0; c < v->cluster_count; c++)
		if (strcmp(v->clusters[c].id, id) == 0)
			return &v->clusters[c];
	return NULL;
}

static const coop_legend_entry *legend(const coop_view *v, const char *id)
{
	for (uint32_t k = 0; k < v->legend_count; k++)
		if (strcmp(v->legend[k].id, id) == 0)
			return &v->legend[k];
	return NULL;
}

/* Edges that stand for agreements (not part-of, not roles, not hub spokes counted twice). */
static int agreement_edge_count(const coop_view *v)
{
	int n = 0;
	for (uint32_t k = 0; k < v->edge_count; k++)
		if (strncmp(v->edges[k].classes, "agreement", 9) == 0 && !strstr(v->edges[k].classes, "agreement party"))
			n++;
	return n;
}

static int has_class(const char *classes, const char *cls)
{
	size_t n = strlen(cls);
	for (const char *p = classes; p && *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, cls, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

static void test_ids_and_parsing(void)
{
	coop_buf b = COOP_BUF_INIT;
	coop_view_id_part(&b, "hosp_b.1");
	CHECK(strcmp(coop_buf_str(&b), "hosp_5fb_2e1") == 0, "id part of hosp_b.1 is %s", coop_buf_str(&b));
	coop_buf_clear(&b);
	coop_view_id_part(&b, "x\" onmouseover=\"a");
	CHECK(strcmp(coop_buf_str(&b), "x_22_20onmouseover_3d_22a") == 0, "hostile id part is %s", coop_buf_str(&b));
	coop_buf_free(&b);

	coop_date d;
	CHECK(coop_graph_parse_date("2024", &d) == 0 && d.precision == COOP_DATE_YEAR && d.year == 2024, "year");
	CHECK(coop_graph_parse_date("2024-02-29", &d) == 0 && d.day == 29, "leap day");
	CHECK(coop_graph_parse_date("2023-02-29", &d) != 0, "2023-02-29 accepted");
	CHECK(coop_graph_parse_date("2023-13", &d) != 0, "month 13 accepted");
	CHECK(coop_graph_parse_date("2023-1-1", &d) != 0, "short fields accepted");
	CHECK(coop_graph_parse_date("yesterday", &d) != 0, "word accepted");
	CHECK(coop_graph_format_from_path("out/map.SVG") == COOP_GRAPH_FORMAT_SVG, "svg by extension");
	CHECK(coop_graph_format_from_path("map.gv") == COOP_GRAPH_FORMAT_DOT, "gv is dot");
	CHECK(coop_graph_format_from_path("dir.png/map") == -1, "extension of a directory used");
	CHECK(coop_graph_view_from_name("ego") == COOP_GRAPH_VIEW_EGO, "ego");
	CHECK(coop_graph_engine_from_name("neato") == COOP_GRAPH_ENGINE_NEATO, "neato");
	CHECK(coop_graph_engine_from_name("twopi") == -1, "twopi accepted");
}

static void test_institutions(const coop_model *m)
{
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	coop_view v = build(m, &o, COOP_OK);
	const char *ids[] = {"inst-uni-a", "inst-uni-a-clinic", "inst-hosp_5fb_2e1", "inst-az-1", "inst-fr-1", "agr-agr4"};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		CHECK(node(&v, ids[i]), "node %s missing", ids[i]);
	const coop_view_node *uni = node(&v, "inst-uni-a");
	if (uni) {
		CHECK(strcmp(uni->label, "UA") == 0, "long name not replaced by acronym: %s", uni->label);
		CHECK(strstr(uni->tooltip, "Universit\xC3\xA4t A mit einem sehr langen Namen (UA)") != NULL,
		      "tooltip lacks the full name: %s", uni->tooltip);
		CHECK(strstr(uni->tooltip, "Magdeburg, Germany (DE)") != NULL, "tooltip lacks city and country: %s",
		      uni->tooltip);
		CHECK(uni->url == NULL, "a link without website or --base: %s", uni->url);
		CHECK(has_class(uni->classes, "kind-university") && has_class(uni->classes, "country-DE"),
		      "classes %s", uni->classes);
	}
	const coop_view_node *fr = node(&v, "inst-fr-1");
	CHECK(fr && fr->url && strcmp(fr->url, "https://example.org/fr?x=1&y=2") == 0, "website link %s",
	      fr && fr->url ? fr->url : "(none)");
	const coop_view_node *clinic = node(&v, "inst-uni-a-clinic");
	CHECK(clinic && has_class(clinic->classes, "unit") && has_class(clinic->classes, "country-DE"),
	      "unit inherits the country of its institution: %s", clinic ? clinic->classes : "");
	CHECK(clinic && strstr(clinic->tooltip, "clinic of Universit") != NULL, "unit tooltip %s",
	      clinic ? clinic->tooltip : "");
	const coop_view_node *az = node(&v, "inst-az-1");
	CHECK(az && strstr(az->label, "Az\xC9\x99rbaycan") == az->label, "first name picked without --lang: %s",
	      az ? az->label : "");

	const coop_view_edge *e1 = edge(&v, "agr-agr1");
	CHECK(e1 && has_class(e1->classes, "cross-border") && has_class(e1->classes, "kind-letter-of-intent") &&
	          has_class(e1->classes, "status-signed") && e1->double_line,
	      "agr1: %s", e1 ? e1->classes : "missing");
	CHECK(e1 && e1->url && strcmp(e1->url, "https://example.org/news?id=1&lang=en") == 0,
	      "agreement links to its source: %s", e1 && e1->url ? e1->url : "(none)");
	CHECK(e1 && strstr(e1->tooltip, "signed 2022-12-12") && strstr(e1->tooltip, "Source: Press release"),
	      "agr1 tooltip: %s", e1 ? e1->tooltip : "");
	const coop_view_edge *e3 = edge(&v, "agr-agr3");
	CHECK(e3 && has_class(e3->classes, "domestic") && has_class(e3->classes, "status-unknown") && !e3->double_line,
	      "agr3: %s", e3 ? e3->classes : "missing");
	CHECK(edge(&v, "agr-agr5") != NULL, "unit-to-parent agreement drawn without --rollup");
	CHECK(edge(&v, "partof-uni-a-clinic") != NULL, "part-of edge missing");
	CHECK(edge(&v, "agr-agr4__inst-fr-1") && edge(&v, "agr-agr4__inst-uni-a") && edge(&v, "agr-agr4__inst-az-1"),
	      "three-party agreement spokes missing");
	const coop_view_edge *e6 = edge(&v, "agr-agr6");
	CHECK(e6 && has_class(e6->classes, "kind-x-exchange"), "custom kind class: %s", e6 ? e6->classes : "");
	CHECK(cluster(&v, "country-AZ") && cluster(&v, "country-DE") && cluster(&v, "country-FR") &&
	          cluster(&v, "group-uni-a"),
	      "clusters missing");
	const coop_view_cluster *de = cluster(&v, "country-DE");
	CHECK(de && strcmp(de->label, "Germany (DE)") == 0 && strcmp(de->name, "cluster_DE") == 0, "DE cluster %s",
	      de ? de->label : "");
	CHECK(v.agreements_drawn == 6, "agreements drawn %u", v.agreements_drawn);
	CHECK(legend(&v, "legend-kind-x-exchange") && legend(&v, "legend-kind-letter-of-intent") &&
	          !legend(&v, "legend-kind-memorandum-of-understanding"),
	      "legend kinds follow what is drawn");
	CHECK(legend(&v, "legend-status-planned") && legend(&v, "legend-status-unknown") && legend(&v, "legend-hub") &&
	          legend(&v, "legend-cross-border") && legend(&v, "legend-domestic") && legend(&v, "legend-note-units"),
	      "legend entries missing");
	const coop_legend_entry *countries = legend(&v, "legend-note-countries");
	CHECK(countries && strstr(countries->label, "Azerbaijan (AZ), Germany (DE), France (FR)"), "countries note %s",
	      countries ? countries->label : "missing");
	CHECK(v.layout.engine == COOP_GRAPH_ENGINE_DOT, "small view not laid out with dot");
	CHECK(v.name && strcmp(v.name, "Cooperation partners by country") == 0, "graph name %s", v.name);
	CHECK(strstr(v.title, "5 institutions in 3 countries, 6 agreements") != NULL, "title %s", v.title);
	coop_view_free(&v);

	/* --lang en picks the English name */
	const char *langs[] = {"en", NULL};
	o.langs = langs;
	v = build(m, &o, COOP_OK);
	az = node(&v, "inst-az-1");
	CHECK(az && strcmp(az->label, "Azerbaijan Hospital") == 0, "--lang en: %s", az ? az->label : "");
	coop_view_free(&v);

	/* --base links entities without a website to their IRI */
	coop_graph_opts_init(&o);
	o.base = "https://example.org/id/";
	v = build(m, &o, COOP_OK);
	uni = node(&v, "inst-uni-a");
	CHECK(uni && uni->url && strcmp(uni->url, "https://example.org/id/institution/uni-a") == 0, "IRI link %s",
	      uni && uni->url ? uni->url : "(none)");
	coop_view_free(&v);
	o.base = "javascript:alert(1)//";
	v = build(m, &o, COOP_ERR_USAGE);
	coop_view_free(&v);
}

static void test_rollup_merge(const coop_model *m)
{
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	o.rollup = 1;
	coop_view v = build(m, &o, COOP_OK);
	CHECK(!node(&v, "inst-uni-a-clinic"), "unit drawn despite --rollup");
	CHECK(!edge(&v, "agr-agr5"), "agreement inside one institution drawn");
	const coop_view_edge *e2 = edge(&v, "agr-agr2");
	CHECK(e2 && strcmp(v.nodes[e2->tail].id, "inst-az-1") == 0 && strcmp(v.nodes[e2->head].id, "inst-uni-a") == 0,
	      "agr2 rolled up to uni-a");
	CHECK(legend(&v, "legend-note-internal") && legend(&v, "legend-note-rollup"), "roll-up notes missing");
	CHECK(!cluster(&v, "group-uni-a"), "unit group drawn despite --rollup");
	coop_view_free(&v);

	o.merge = 1;
	v = build(m, &o, COOP_OK);
	const coop_view_edge *link = edge(&v, "link-inst-az-1__inst-uni-a");
	CHECK(link && link->weight == 3 && link->label && strcmp(link->label, "3") == 0,
	      "merged uni-a - az-1: weight %u", link ? link->weight : 0);
	CHECK(link && has_class(link->classes, "merged") && has_class(link->classes, "kind-letter-of-intent") &&
	          has_class(link->classes, "kind-funded-project") && has_class(link->classes, "kind-strategic-partnership"),
	      "merged classes %s", link ? link->classes : "");
	CHECK(link && strstr(link->tooltip, "3 agreements") != NULL, "merged tooltip %s", link ? link->tooltip : "");
	CHECK(legend(&v, "legend-kind-mixed") && legend(&v, "legend-note-merged"), "merge legend missing");
	/* uni-a - az-1 (agr1, agr2, agr4), uni-a - hosp_b.1, uni-a - fr-1 (agr4), az-1 - fr-1 (agr4, agr6) */
	CHECK(agreement_edge_count(&v) == 4, "merged edges: %d", agreement_edge_count(&v));
	CHECK(v.agreements_drawn == 5, "agreements behind merged edges: %u", v.agreements_drawn);
	coop_view_free(&v);
}

static int drawn(const coop_view *v, const char *agr)
{
	char id[64];
	snprintf(id, sizeof id, "agr-%s", agr);
	return edge(v, id) != NULL || node(v, id) != NULL;
}

static void test_filters(const coop_model *m)
{
	coop_graph_opts o;
	const char *kinds[] = {"letter-of-intent"};
	const char *countries[] = {"FR"};
	coop_graph_opts_init(&o);
	o.kinds = kinds;
	o.kind_count = 1;
	coop_view v = build(m, &o, COOP_OK);
	CHECK(drawn(&v, "agr1") && !drawn(&v, "agr2") && !drawn(&v, "agr6"), "--kind letter-of-intent");
	CHECK(!node(&v, "inst-fr-1") && !node(&v, "inst-hosp_5fb_2e1"), "--kind: institutions without agreements drawn");
	CHECK(legend(&v, "legend-note-filter") && strstr(legend(&v, "legend-note-filter")->label, "kinds letter-of-intent"),
	      "filter note");
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	o.statuses = COOP_GRAPH_STATUS_BIT(COOP_STATUS_ACTIVE);
	v = build(m, &o, COOP_OK);
	CHECK(drawn(&v, "agr2") && drawn(&v, "agr6") && !drawn(&v, "agr1") && !drawn(&v, "agr3"), "--status active");
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	o.countries = countries;
	o.country_count = 1;
	v = build(m, &o, COOP_OK);
	CHECK(drawn(&v, "agr4") && drawn(&v, "agr6") && !drawn(&v, "agr1") && !drawn(&v, "agr3"), "--country FR");
	CHECK(node(&v, "inst-az-1") != NULL, "--country FR: the partner abroad is drawn");
	coop_view_free(&v);
	const char *bad_country[] = {"XX"};
	o.countries = bad_country;
	v = build(m, &o, COOP_ERR_USAGE);
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	coop_graph_parse_date("2023-06-01", &o.as_of);
	v = build(m, &o, COOP_OK);
	/* agr1: signed 2022-12-12, open; agr2: 2020 + P4Y runs to the end of 2024 */
	CHECK(drawn(&v, "agr1") && drawn(&v, "agr2") && !drawn(&v, "agr4") && !drawn(&v, "agr5") && !drawn(&v, "agr6") &&
	          !drawn(&v, "agr3"),
	      "--as-of 2023-06-01");
	CHECK(legend(&v, "legend-note-undated") && strstr(legend(&v, "legend-note-undated")->label, "1 agreement without"),
	      "undated note");
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	coop_graph_parse_date("2025", &o.as_of);
	v = build(m, &o, COOP_OK);
	CHECK(!drawn(&v, "agr2") && drawn(&v, "agr4") && drawn(&v, "agr1"), "--as-of 2025: duration ends in 2024");
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	coop_graph_parse_date("2019", &o.to);
	v = build(m, &o, COOP_OK);
	CHECK(drawn(&v, "agr5") && drawn(&v, "agr6") && !drawn(&v, "agr1") && !drawn(&v, "agr2"), "--to 2019");
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	coop_graph_parse_date("2021-07", &o.from);
	coop_graph_parse_date("2021-12", &o.to);
	v = build(m, &o, COOP_OK);
	CHECK(drawn(&v, "agr2") && !drawn(&v, "agr6") && !drawn(&v, "agr1"), "--from 2021-07 --to 2021-12");
	coop_view_free(&v);
}

static void test_countries(const coop_model *m)
{
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	o.view = COOP_GRAPH_VIEW_COUNTRIES;
	coop_view v = build(m, &o, COOP_OK);
	CHECK(v.node_count == 3 && node(&v, "country-AZ") && node(&v, "country-DE") && node(&v, "country-FR"),
	      "country nodes: %u", v.node_count);
	const coop_view_edge *de_az = edge(&v, "link-country-AZ__country-DE");
	/* agr1, agr2 and agr4 join DE and AZ, all through the pair uni-a - az-1 */
	CHECK(de_az && de_az->weight == 3 && strcmp(de_az->label, "3 (1 pair)") == 0, "DE-AZ: %s",
	      de_az ? de_az->label : "missing");
	const coop_view_edge *az_fr = edge(&v, "link-country-AZ__country-FR");
	CHECK(az_fr && az_fr->weight == 2 && strcmp(az_fr->label, "2 (1 pair)") == 0, "AZ-FR: %s",
	      az_fr ? az_fr->label : "missing");
	const coop_view_node *de = node(&v, "country-DE");
	CHECK(de && strstr(de->tooltip, "2 domestic agreements") && strstr(de->tooltip, "2 institutions"),
	      "DE tooltip %s", de ? de->tooltip : "");
	CHECK(!legend(&v, "legend-kind-letter-of-intent"), "country view lists kinds it does not draw");
	CHECK(v.layout.engine != COOP_GRAPH_ENGINE_DOT, "country view laid out with dot");
	coop_view_free(&v);

	o.max_edges = 1;
	v = build(m, &o, COOP_OK);
	CHECK(v.edge_count == 1 && edge(&v, "link-country-AZ__country-DE"), "thinning keeps the strongest link");
	const coop_legend_entry *thin = legend(&v, "legend-note-thinned");
	CHECK(thin && strstr(thin->label, "the 1 strongest of 3 links"), "thinning note %s", thin ? thin->label : "");
	coop_view_free(&v);
}

static void test_ego_people(const coop_model *m)
{
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	o.view = COOP_GRAPH_VIEW_EGO;
	o.focus = "fr-1";
	coop_view v = build(m, &o, COOP_OK);
	/* depth 1 from fr-1: az-1 (agr6) and uni-a (agr4); agr3 reaches hosp_b.1, two steps away */
	CHECK(node(&v, "inst-az-1") && node(&v, "inst-uni-a") && !node(&v, "inst-hosp_5fb_2e1"), "ego depth 1 nodes");
	CHECK(drawn(&v, "agr4") && drawn(&v, "agr6") && drawn(&v, "agr1") && !drawn(&v, "agr3"), "ego depth 1 edges");
	const coop_view_node *focus = node(&v, "inst-fr-1");
	CHECK(focus && has_class(focus->classes, "focus"), "focus class");
	CHECK(strstr(v.title, "Partners of Institut F") == v.title, "ego title %s", v.title);
	coop_view_free(&v);
	o.depth = 2;
	v = build(m, &o, COOP_OK);
	CHECK(node(&v, "inst-hosp_5fb_2e1") && drawn(&v, "agr3"), "ego depth 2");
	coop_view_free(&v);
	o.focus = "agr1";
	v = build(m, &o, COOP_ERR_USAGE);
	coop_view_free(&v);
	o.focus = "nobody";
	v = build(m, &o, COOP_ERR_USAGE);
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	o.view = COOP_GRAPH_VIEW_PEOPLE;
	v = build(m, &o, COOP_OK);
	CHECK(node(&v, "person-p1") && node(&v, "person-p2"), "people nodes");
	CHECK(edge(&v, "role-p1__inst-uni-a-clinic") && edge(&v, "role-p1__inst-fr-1") && edge(&v, "role-p2__inst-az-1"),
	      "role edges");
	CHECK(!node(&v, "inst-hosp_5fb_2e1"), "institution without people drawn in the people view");
	CHECK(agreement_edge_count(&v) == 0, "people view draws agreements");
	const coop_view_edge *r2 = edge(&v, "role-p2__inst-az-1");
	CHECK(r2 && strstr(r2->label, "Chief (2015") == r2->label, "role label %s", r2 ? r2->label : "");
	coop_view_free(&v);
	coop_graph_parse_date("2016", &o.as_of);
	v = build(m, &o, COOP_OK);
	CHECK(node(&v, "person-p2") && !node(&v, "person-p1"), "--as-of keeps dated roles only");
	CHECK(legend(&v, "legend-note-roles-undated") != NULL, "undated roles note");
	coop_view_free(&v);

	coop_graph_opts_init(&o);
	o.people = 1;
	v = build(m, &o, COOP_OK);
	CHECK(node(&v, "person-p1") && edge(&v, "role-p1__inst-fr-1") && drawn(&v, "agr1"), "--people layer");
	coop_view_free(&v);
}

static void test_engine_choice(void)
{
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	coop_view v;
	coop_view_init(&v);
	v.nodes = coop_xcalloc(COOP_VIEW_MAX_NODES + 2, sizeof *v.nodes);
	for (uint32_t i = 0; i < COOP_VIEW_MAX_NODES + 2; i++)
		v.nodes[i].cluster = COOP_VIEW_TOP;
	v.cluster_count = 0;

	v.node_count = 250;
	v.edge_count = 500;
	CHECK(coop_view_choose_layout(&v, &o, &diag) == COOP_OK && v.layout.engine == COOP_GRAPH_ENGINE_DOT &&
	          v.layout.fast_dot,
	      "250 nodes: dot with limits");
	v.node_count = 400;
	v.edge_count = 4000;
	CHECK(coop_view_choose_layout(&v, &o, &diag) == COOP_OK && v.layout.engine == COOP_GRAPH_ENGINE_SFDP &&
	          v.layout.straight_edges,
	      "400 nodes without clusters: sfdp, straight");
	v.kind = COOP_GRAPH_VIEW_COUNTRIES;
	v.node_count = 200;
	v.edge_count = 600;
	CHECK(coop_view_choose_layout(&v, &o, &diag) == COOP_OK && v.layout.engine != COOP_GRAPH_ENGINE_DOT &&
	          v.layout.straight_edges,
	      "country view of 200: no dot, straight lines");
	v.kind = COOP_GRAPH_VIEW_INSTITUTIONS;
	v.node_count = COOP_VIEW_MAX_NODES + 1;
	CHECK(coop_view_choose_layout(&v, &o, &diag) == COOP_ERR_IO && diag.errors == 1, "too large refused");
	o.engine = COOP_GRAPH_ENGINE_NEATO;
	CHECK(coop_view_choose_layout(&v, &o, &diag) == COOP_OK && v.layout.engine == COOP_GRAPH_ENGINE_NEATO,
	      "--engine is obeyed");
	v.node_count = 0;
	v.edge_count = 0;
	coop_view_free(&v);
}

static char *dot_of(const coop_model *m, const coop_graph_opts *o)
{
	coop_view v = build(m, o, COOP_OK);
	coop_buf out = COOP_BUF_INIT;
	CHECK(coop_gv_write_dot(&v, &out) == COOP_OK, "agwrite failed");
	coop_view_free(&v);
	return coop_buf_detach(&out);
}

static void test_dot(const coop_model *m, const coop_model *m2)
{
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	o.people = 1;
	char *a = dot_of(m, &o), *b = dot_of(m, &o), *c = dot_of(m2, &o);
	CHECK(strcmp(a, b) == 0, "DOT differs between two runs");
	CHECK(strcmp(a, c) == 0, "DOT depends on the order of the input");
	CHECK(strstr(a, "graph \"Cooperation partners by country\" {") != NULL, "graph name in DOT");
	CHECK(strstr(a, "URL=\"https://example.org/fr?x=1&amp;y=2\"") != NULL, "& in URL not written as &amp;");
	CHECK(strstr(a, "subgraph cluster_legend") != NULL, "legend cluster");
	CHECK(strstr(a, "Stra\xC3\x9F" "enklinik") != NULL, "UTF-8 label");
	free(a);
	free(b);
	free(c);

	/* hostile text: escString and entity escapes, no bidi control, no attribute outside ours */
	static const char hostile[] =
		HEAD SOURCE "<institution id=\"evil\" kind=\"hospital\"><name>x\" ]; evil [label=\\N &amp;#x202E; &lt;script&gt; \xE2\x80\xAE" "C:\\Net\\l</name>"
		"<location country=\"DE\"/><website>https://evil.example/\"onmouseover=\"alert(1)</website></institution>\n"
		"<institution id=\"ok\" kind=\"hospital\"><name>Fine</name><location country=\"AT\"/></institution>\n"
		"<agreement id=\"e1\" kind=\"cooperation\" sources=\"s1\"><party ref=\"evil\"/><party ref=\"ok\"/></agreement>\n" TAIL;
	coop_model *h = load(hostile);
	coop_graph_opts_init(&o);
	char *d = dot_of(h, &o);
	CHECK(strstr(d, "\xE2\x80\xAE") == NULL, "RLO reached the DOT");
	CHECK(strstr(d, "\\\\N") != NULL && strstr(d, "\\\\l") != NULL, "backslashes not doubled");
	CHECK(strstr(d, "&amp;#x202E;") != NULL, "entity not neutralised");
	CHECK(strstr(d, "onmouseover") == NULL, "a link with a quote in the DOT");
	CHECK(strstr(d, "x\\\" ]; evil [label=") != NULL, "quote not escaped by cgraph");
	free(d);
	coop_model_free(h);
}

/* ---- streaming: a collector fed by the reader draws the same bytes as a model that keeps all ---- */

static char *render_dot(const coop_model *m, coop_graph_collector *col, const coop_graph_opts *opts)
{
	coop_graph_opts o = *opts;
	o.format = COOP_GRAPH_FORMAT_DOT;
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	char *data = NULL;
	size_t size = 0;
	coop_result res = col ? coop_graph_render_collected(m, col, &o, &data, &size, &diag)
	                      : coop_graph_render(m, &o, &data, &size, &diag);
	CHECK(res == COOP_OK && data, "render failed (%d)", (int)res);
	return data;
}

/* A temporary file holding text; the caller unlinks and frees the name. */
static char *temp_file(const char *text)
{
	const char *dir = getenv("TMPDIR");
	char *path = malloc(4096);
	snprintf(path, 4096, "%s/coop-graph-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp failed");
	size_t n = strlen(text);
	CHECK(fd >= 0 && write(fd, text, n) == (ssize_t)n, "cannot write %s", path);
	if (fd >= 0)
		close(fd);
	return path;
}

/* from_file: read from a file, with the spans that let the collector read entities again. */
static char *streamed_dot(const char *text, const coop_graph_opts *o, int stream_sources, int from_file)
{
	coop_graph_collector *col = coop_graph_collector_new(o);
	coop_read_opts ro = COOP_READ_OPTS_INIT;
	ro.stream_agreements = 1;
	ro.on_agreement = coop_graph_collect_agreement;
	ro.stream_sources = stream_sources;
	ro.on_source = stream_sources ? coop_graph_collect_source : NULL;
	ro.on_span = from_file ? coop_graph_collect_span : NULL;
	ro.payload = col;
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;
	diag.emit = print_diag;
	coop_model *m = coop_model_new();
	char *path = from_file ? temp_file(text) : NULL;
	coop_result res = path ? coop_read_file(m, path, &ro, &diag)
	                       : coop_read_memory(m, "t.xml", text, strlen(text), &ro, &diag);
	CHECK(res == COOP_OK && diag.errors == 0, "streamed document rejected (%zu errors)", diag.errors);
	CHECK(coop_model_link(m, &diag) == 0, "streamed document does not link");
	CHECK(coop_model_agreement_count(m) == 0, "the model kept agreements");
	char *dot = render_dot(m, col, o);
	if (path) {
		unlink(path);
		free(path);
	}
	coop_model_free(m);
	coop_graph_collector_free(col);
	return dot;
}

/* The institutions view with --country reads titles and sources again from the files: a file that
 * changed in between is an error, not a wrong picture. */
static void test_read_again_changed(const char *text)
{
	static const char *const cc_az[] = {"AZ"};
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	o.countries = cc_az;
	o.country_count = 1;
	o.format = COOP_GRAPH_FORMAT_DOT;
	for (int change = 0; change < 3; change++) {
		coop_graph_collector *col = coop_graph_collector_new(&o);
		coop_read_opts ro = COOP_READ_OPTS_INIT;
		ro.stream_agreements = 1;
		ro.on_agreement = coop_graph_collect_agreement;
		ro.stream_sources = 1;
		ro.on_source = coop_graph_collect_source;
		ro.on_span = coop_graph_collect_span;
		ro.payload = col;
		coop_diag_sink diag = COOP_DIAG_SINK_INIT;
		coop_model *m = coop_model_new();
		char *path = temp_file(text);
		CHECK(coop_read_file(m, path, &ro, &diag) == COOP_OK && coop_model_link(m, &diag) == 0, "not read");
		if (change == 1) { /* the same bytes written again: another file for coopgraph (its time) */
			struct timespec later[2] = {{0, UTIME_OMIT}, {1, 0}};
			CHECK(utimensat(AT_FDCWD, path, later, 0) == 0, "utimensat failed");
		} else if (change == 2) { /* a changed file */
			FILE *f = fopen(path, "w");
			CHECK(f && fputs("<x/>", f) >= 0 && fclose(f) == 0, "cannot rewrite %s", path);
		}
		char *data = NULL;
		size_t size = 0;
		coop_result res = coop_graph_render_collected(m, col, &o, &data, &size, &diag);
		if (change == 0)
			CHECK(res == COOP_OK && diag.errors == 0, "unchanged file: render failed (%d)", (int)res);
		else
			CHECK(res == COOP_ERR_IO && diag.errors == 1, "changed file (%d): %d, %zu errors", change, (int)res,
			      diag.errors);
		free(data);
		unlink(path);
		free(path);
		coop_model_free(m);
		coop_graph_collector_free(col);
	}
}

/* Agreements before the institutions, sources after their citations, units whose top-level
 * institution has no country, funding, builds-on an agreement the filters leave out, no dates. */
#define FWD_AGR1 "<agreement id=\"z-first\" kind=\"cooperation\" status=\"ended\" sources=\"s2\"><title>The first one</title><party ref=\"nc-top\"/><party ref=\"fr-1\"/><start>2001</start><end>2003</end></agreement>\n"
#define FWD_AGR2 "<agreement id=\"b-next\" kind=\"funded-project\" status=\"active\" sources=\"s2 s1\"><title>Next</title><party ref=\"nc-de\" role=\"coordinator\"/><party ref=\"az-1\"/><party ref=\"nc-at\"/><start>2019-03</start><duration>P3Y</duration><funding funder=\"fr-1\" programme=\"prog\" grant=\"G-1\"/><buildsOn ref=\"z-first\"/></agreement>\n"
#define FWD_AGR3 "<agreement id=\"a-undated\" kind=\"funded-project\" status=\"active\" sources=\"s2\"><party ref=\"nc-at\"/><party ref=\"az-1\"/></agreement>\n"
#define FWD_AGR4 "<agreement id=\"c-at\" kind=\"cooperation\" status=\"active\" sources=\"s3\"><title xml:lang=\"de\">Kooperation</title><title xml:lang=\"en\">Cooperation</title><party ref=\"nc-at\"/><party ref=\"fr-1\"/><start>2020</start><buildsOn ref=\"a-undated\"/></agreement>\n"
#define FWD_INST "<institution id=\"nc-top\" kind=\"university\"><name>No Country University</name></institution>\n" \
	"<institution id=\"nc-de\" kind=\"faculty\" partOf=\"nc-top\"><name>Fakult\xC3\xA4t</name><location country=\"DE\"><city>Halle</city></location></institution>\n" \
	"<institution id=\"nc-at\" kind=\"department\" partOf=\"nc-top\"><name>Abteilung</name><location country=\"AT\"/></institution>\n" \
	"<programme id=\"prog\" funder=\"fr-1\"><name>Programme P</name><acronym>PP</acronym></programme>\n"
#define FWD_SRC "<source id=\"s2\" kind=\"web-page\"><title>Web page</title><date>2019-04</date><url>https://example.org/two</url></source>\n" \
	"<source id=\"s3\" kind=\"report\"><title xml:lang=\"de\">Bericht</title><date>2020</date></source>\n"
static const char forward[] = HEAD FWD_AGR1 FWD_AGR2 AGR6 FWD_AGR3 AGR4 FWD_AGR4 AGR1 AGR2 AGR3 AGR5 P1
	FWD_SRC SOURCE FWD_INST UNI CLINIC HOSP AZ FR TAIL;
static const char forward_sorted[] = HEAD SOURCE FWD_SRC UNI CLINIC HOSP AZ FR FWD_INST P1 AGR1 AGR2 AGR3 AGR4
	AGR5 AGR6 FWD_AGR1 FWD_AGR2 FWD_AGR3 FWD_AGR4 TAIL;

static void test_streamed(void)
{
	static const char *const texts[] = {doc, reordered, forward, forward_sorted};
	static const char *const kinds_funded[] = {"funded-project"};
	static const char *const kinds_coop[] = {"cooperation", "x-exchange"};
	static const char *const cc_az[] = {"AZ"};
	static const char *const cc_at_fr[] = {"AT", "FR"};
	static const char *const langs_en[] = {"en", NULL};
	enum { CASES = 17 };
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		coop_model *kept = load(texts[t]);
		for (int k = 0; k < CASES; k++) {
			coop_graph_opts o;
			coop_graph_opts_init(&o);
			switch (k) {
			case 0: break;
			case 1: o.people = 1; o.by_city = 1; o.langs = langs_en; break;
			case 2: o.rollup = 1; o.merge = 1; break;
			case 3: o.view = COOP_GRAPH_VIEW_COUNTRIES; break;
			case 4: o.view = COOP_GRAPH_VIEW_COUNTRIES; o.countries = cc_at_fr; o.country_count = 2; break;
			case 5: o.view = COOP_GRAPH_VIEW_COUNTRIES; coop_graph_parse_date("2020-06-30", &o.as_of);
				o.countries = cc_az; o.country_count = 1; break;
			case 6: o.view = COOP_GRAPH_VIEW_EGO; o.focus = "az-1"; o.depth = 2; break;
			case 7: o.view = COOP_GRAPH_VIEW_PEOPLE; coop_graph_parse_date("2016", &o.as_of); break;
			case 8: /* the benchmark's filter */
				o.countries = cc_az; o.country_count = 1; o.kinds = kinds_funded; o.kind_count = 1;
				o.statuses = COOP_GRAPH_STATUS_BIT(COOP_STATUS_ACTIVE);
				coop_graph_parse_date("2020-06-30", &o.as_of);
				break;
			case 9: o.kinds = kinds_coop; o.kind_count = 2; coop_graph_parse_date("2015", &o.from); break;
			case 10: o.countries = cc_at_fr; o.country_count = 2; coop_graph_parse_date("2021", &o.to);
				o.base = "https://example.org/id/"; break;
			case 11: coop_graph_parse_date("2020-01", &o.from); coop_graph_parse_date("2024", &o.to);
				o.merge = 1; break;
			case 12: o.view = COOP_GRAPH_VIEW_COUNTRIES; o.max_edges = 1; o.langs = langs_en; break;
			case 13: o.view = COOP_GRAPH_VIEW_COUNTRIES; coop_graph_parse_date("2019", &o.from); break;
			case 14: o.statuses = COOP_GRAPH_STATUS_BIT(COOP_STATUS_ACTIVE) | COOP_GRAPH_STATUS_BIT(COOP_STATUS_ENDED);
				o.people = 1; o.no_legend = 1; break;
			case 15: o.view = COOP_GRAPH_VIEW_EGO; o.focus = "nc-de"; o.rollup = 1; o.merge = 1; break;
			case 16: o.countries = cc_az; o.country_count = 1; coop_graph_parse_date("2020", &o.as_of); break;
			}
			if (o.focus && coop_model_find(kept, o.focus, &(coop_index){0}) != COOP_ENTITY_INSTITUTION)
				continue; /* the first datasets have no nc-de */
			char *a = render_dot(kept, NULL, &o);
			for (int mode = 0; mode < 3; mode++) {
				int stream_sources = mode > 0, from_file = mode == 2;
				char *b = streamed_dot(texts[t], &o, stream_sources, from_file);
				CHECK(strcmp(a, b) == 0, "dataset %zu, case %d%s: streamed DOT differs from the kept model's", t,
				      k, !stream_sources ? " (sources kept)" : from_file ? " (read again from a file)" : "");
				if (strcmp(a, b) != 0 && getenv("COOP_TEST_DUMP")) {
					fprintf(stderr, "--- kept\n%s\n--- streamed\n%s\n", a, b);
				}
				free(b);
			}
			free(a);
		}
		coop_model_free(kept);
	}

	/* the forward dataset exercises what it was made for */
	coop_model *kept = load(forward);
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	char *a = render_dot(kept, NULL, &o);
	CHECK(strstr(a, "Builds on: The first one") && strstr(a, "Builds on: a-undated") && strstr(a, "programme PP"),
	      "builds-on and funding tooltips");
	free(a);
	o.countries = cc_az;
	o.country_count = 1;
	coop_graph_parse_date("2020-06-30", &o.as_of);
	a = render_dot(kept, NULL, &o);
	CHECK(strstr(a, "1 agreement without dates left out") != NULL, "undated count under --country");
	free(a);
	coop_model_free(kept);
	test_read_again_changed(forward);
}

int main(void)
{
	coop_model *m = load(doc);
	coop_model *m2 = load(reordered);
	test_ids_and_parsing();
	test_institutions(m);
	test_rollup_merge(m);
	test_filters(m);
	test_countries(m);
	test_ego_people(m);
	test_engine_choice();
	test_dot(m, m2);
	test_streamed();
	coop_model_free(m);
	coop_model_free(m2);
	coop_global_cleanup();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("test_graph_view: all checks passed\n");
	return 0;
}
