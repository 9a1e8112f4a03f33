#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coopgraph/graph.h"
#include "coopgraph/model.h"
#include "coopgraph/outfile.h"

static const char usage[] =
	"Usage: coopgraph graph [OPTIONS] FILE|DIR...\n"
	"Draws who cooperates with whom: institutions grouped by country, agreements as lines, a legend.\n"
	"A directory stands for the *.xml files in it.\n\n"
	"What to draw:\n"
	"      --view V             institutions (default), countries, ego, people\n"
	"      --rollup             draw units (clinics, departments) as their institution\n"
	"      --merge              one line per pair of institutions, with the number of agreements\n"
	"      --by-city            group institutions by city inside each country\n"
	"      --people             add the people who hold roles at the drawn institutions\n"
	"      --focus ID           ego view around institution ID (implies --view ego)\n"
	"      --depth N            ego view: steps away from the focus (default 1)\n"
	"      --no-legend          leave the legend out\n"
	"Filters (lists are comma-separated):\n"
	"      --country CC,...     agreements with a party in one of these countries (ISO 3166-1 alpha-2)\n"
	"      --kind K,...         agreement kinds (cooperation, letter-of-intent, funded-project, x-...)\n"
	"      --status S,...       planned, signed, active, ended\n"
	"      --from DATE          agreements running on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)\n"
	"      --to DATE            agreements running on or before DATE\n"
	"      --as-of DATE         agreements running on DATE\n"
	"                           (date filters leave out agreements and roles without dates)\n"
	"Labels and links:\n"
	"      --lang L,...         preferred languages for names, e.g. de,en (default: as written)\n"
	"      --title TEXT         title of the picture\n"
	"      --base IRI           link entities without a website to {IRI}{type}/{id}\n"
	"Output:\n"
	"  -o, --output FILE        output file, or - for standard output (default -)\n"
	"      --format F           svg, png, pdf or dot (default: from the -o extension, else svg)\n"
	"      --engine E           auto (default), dot, neato, fdp, sfdp, circo\n"
	"      --max-edges N        weighted views: draw at most N lines, the strongest (0: automatic)\n"
	"      --max-layout-seconds N  give up on a layout after N seconds (default 60)\n"
	"Common options:\n" COOP_CLI_COMMON_HELP "\n"
	"Exit status: 0 ok, 1 input rejected, 2 usage error, 3 I/O error or the picture is too large\n"
	"to lay out in time, 4 internal error.\n";

enum {
	OPT_VIEW = CLI_OPT_FIRST_FREE,
	OPT_FORMAT,
	OPT_ENGINE,
	OPT_ROLLUP,
	OPT_MERGE,
	OPT_BY_CITY,
	OPT_PEOPLE,
	OPT_FOCUS,
	OPT_DEPTH,
	OPT_COUNTRY,
	OPT_KIND,
	OPT_STATUS,
	OPT_FROM,
	OPT_TO,
	OPT_AS_OF,
	OPT_LANG,
	OPT_TITLE,
	OPT_BASE,
	OPT_MAX_EDGES,
	OPT_MAX_SECONDS,
	OPT_NO_LEGEND
};

/* A comma-separated option value split in place into a NULL-terminated list. */
typedef struct {
	char *text;
	const char **items;
	size_t count;
} word_list;

static int split_list(word_list *list, const char *arg, int upper)
{
	free(list->text);
	free(list->items);
	list->text = strdup(arg);
	list->count = 0;
	size_t commas = 1;
	for (const char *p = arg; *p; p++)
		commas += *p == ',';
	list->items = calloc(commas + 1, sizeof *list->items);
	if (!list->text || !list->items) {
		fputs("coopgraph: error: out of memory\n", stderr);
		exit(COOP_ERR_IO);
	}
	for (char *save = NULL, *w = strtok_r(list->text, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		while (*w == ' ')
			w++;
		size_t n = strlen(w);
		while (n > 0 && w[n - 1] == ' ')
			w[--n] = '\0';
		if (!*w)
			continue;
		if (upper)
			for (char *c = w; *c; c++)
				*c = (char)toupper((unsigned char)*c);
		list->items[list->count++] = w;
	}
	return list->count ? 0 : -1;
}

static void free_list(word_list *list)
{
	free(list->text);
	free(list->items);
}

static int parse_uint(const char *arg, unsigned max, unsigned *out)
{
	if (!arg || !isdigit((unsigned char)*arg))
		return -1;
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int write_output(const char *path, const char *data, size_t size, coop_diag_sink *diag)
{
	coop_outfile *out;
	coop_result rc = coop_outfile_open(&out, path, diag);
	if (rc != COOP_OK)
		return rc;
	coop_outfile_write(out, data, size);
	return coop_outfile_commit(out, diag);
}

int cmd_graph(int argc, char **argv)
{
	static const struct option options[] = {
		COOP_CLI_COMMON_OPTIONS,
		{"output", required_argument, NULL, 'o'},
		{"view", required_argument, NULL, OPT_VIEW},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"engine", required_argument, NULL, OPT_ENGINE},
		{"rollup", no_argument, NULL, OPT_ROLLUP},
		{"merge", no_argument, NULL, OPT_MERGE},
		{"by-city", no_argument, NULL, OPT_BY_CITY},
		{"people", no_argument, NULL, OPT_PEOPLE},
		{"focus", required_argument, NULL, OPT_FOCUS},
		{"depth", required_argument, NULL, OPT_DEPTH},
		{"country", required_argument, NULL, OPT_COUNTRY},
		{"kind", required_argument, NULL, OPT_KIND},
		{"status", required_argument, NULL, OPT_STATUS},
		{"from", required_argument, NULL, OPT_FROM},
		{"to", required_argument, NULL, OPT_TO},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"lang", required_argument, NULL, OPT_LANG},
		{"title", required_argument, NULL, OPT_TITLE},
		{"base", required_argument, NULL, OPT_BASE},
		{"max-edges", required_argument, NULL, OPT_MAX_EDGES},
		{"max-layout-seconds", required_argument, NULL, OPT_MAX_SECONDS},
		{"no-legend", no_argument, NULL, OPT_NO_LEGEND},
		{NULL, 0, NULL, 0},
	};
	cli_common c;
	cli_common_init(&c);
	coop_graph_opts o;
	coop_graph_opts_init(&o);
	const char *output = "-";
	int view_given = 0, format_given = 0, depth_given = 0;
	word_list countries = {0}, kinds = {0}, statuses = {0}, langs = {0};
	int rc = COOP_OK;
	int opt;
	optind = 0;
	while (rc == COOP_OK && (opt = getopt_long(argc, argv, "qho:", options, NULL)) != -1) {
		int v;
		switch (opt) {
		case 'h':
			fputs(usage, stdout);
			goto done;
		case 'o':
			output = optarg;
			break;
		case OPT_VIEW:
			if ((v = coop_graph_view_from_name(optarg)) < 0)
				rc = cli_usage_error("graph", "--view must be institutions, countries, ego or people, not '%s'",
				                     optarg);
			o.view = (coop_graph_view)v;
			view_given = 1;
			break;
		case OPT_FORMAT:
			if ((v = coop_graph_format_from_name(optarg)) < 0)
				rc = cli_usage_error("graph", "--format must be svg, png, pdf or dot, not '%s'", optarg);
			o.format = (coop_graph_format)v;
			format_given = 1;
			break;
		case OPT_ENGINE:
			if ((v = coop_graph_engine_from_name(optarg)) < 0)
				rc = cli_usage_error("graph", "--engine must be auto, dot, neato, fdp, sfdp or circo, not '%s'",
				                     optarg);
			o.engine = (coop_graph_engine)v;
			break;
		case OPT_ROLLUP: o.rollup = 1; break;
		case OPT_MERGE: o.merge = 1; break;
		case OPT_BY_CITY: o.by_city = 1; break;
		case OPT_PEOPLE: o.people = 1; break;
		case OPT_NO_LEGEND: o.no_legend = 1; break;
		case OPT_FOCUS: o.focus = optarg; break;
		case OPT_DEPTH:
			if (parse_uint(optarg, 20, &o.depth) != 0 || o.depth == 0)
				rc = cli_usage_error("graph", "--depth must be a number from 1 to 20, not '%s'", optarg);
			depth_given = 1;
			break;
		case OPT_COUNTRY:
			if (split_list(&countries, optarg, 1) != 0) {
				rc = cli_usage_error("graph", "--country needs country codes such as DE,AZ");
				break;
			}
			for (size_t i = 0; i < countries.count && rc == COOP_OK; i++) {
				const char *cc = countries.items[i];
				if (strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) || !isalpha((unsigned char)cc[1]))
					rc = cli_usage_error("graph", "--country: '%s' is not an ISO 3166-1 alpha-2 code such as DE",
					                     cc);
			}
			break;
		case OPT_KIND:
			if (split_list(&kinds, optarg, 0) != 0) {
				rc = cli_usage_error("graph", "--kind needs agreement kinds such as letter-of-intent");
				break;
			}
			for (size_t i = 0; i < kinds.count && rc == COOP_OK; i++)
				if (coop_agr_kind_from_token(kinds.items[i]) < 0)
					rc = cli_usage_error("graph",
					                     "--kind: unknown agreement kind '%s' (cooperation, strategic-partnership, "
					                     "letter-of-intent, memorandum-of-understanding, contract, funded-project, "
					                     "or x-...)",
					                     kinds.items[i]);
			break;
		case OPT_STATUS:
			if (split_list(&statuses, optarg, 0) != 0) {
				rc = cli_usage_error("graph", "--status needs statuses such as signed,active");
				break;
			}
			for (size_t i = 0; i < statuses.count && rc == COOP_OK; i++) {
				int s = coop_agr_status_from_token(statuses.items[i]);
				if (s <= 0)
					rc = cli_usage_error("graph", "--status: unknown status '%s' (planned, signed, active, ended)",
					                     statuses.items[i]);
				else
					o.statuses |= COOP_GRAPH_STATUS_BIT(s);
			}
			break;
		case OPT_FROM:
		case OPT_TO:
		case OPT_AS_OF: {
			coop_date *d = opt == OPT_FROM ? &o.from : opt == OPT_TO ? &o.to : &o.as_of;
			if (coop_graph_parse_date(optarg, d) != 0)
				rc = cli_usage_error("graph", "--%s needs a date YYYY, YYYY-MM or YYYY-MM-DD, not '%s'",
				                     opt == OPT_FROM ? "from" : opt == OPT_TO ? "to" : "as-of", optarg);
			break;
		}
		case OPT_LANG:
			if (split_list(&langs, optarg, 0) != 0)
				rc = cli_usage_error("graph", "--lang needs language tags such as de,en");
			break;
		case OPT_TITLE: o.title = optarg; break;
		case OPT_BASE: o.base = optarg; break;
		case OPT_MAX_EDGES:
			if (parse_uint(optarg, 1000000, &o.max_edges) != 0)
				rc = cli_usage_error("graph", "--max-edges must be a number (0: automatic), not '%s'", optarg);
			break;
		case OPT_MAX_SECONDS:
			if (parse_uint(optarg, 86400, &o.max_layout_seconds) != 0 || o.max_layout_seconds == 0)
				rc = cli_usage_error("graph", "--max-layout-seconds must be a number from 1 to 86400, not '%s'",
				                     optarg);
			break;
		default: {
			int handled = cli_common_option(&c, opt, optarg);
			if (handled < 0)
				rc = COOP_ERR_USAGE;
			else if (!handled)
				rc = cli_usage_error("graph", "unknown option");
			break;
		}
		}
	}
	if (rc != COOP_OK)
		goto done;

	/* combinations that cannot mean anything are refused rather than silently ignored */
	if (o.focus && !view_given)
		o.view = COOP_GRAPH_VIEW_EGO;
	if (o.view == COOP_GRAPH_VIEW_EGO && !o.focus) {
		rc = cli_usage_error("graph", "--view ego needs --focus ID");
		goto done;
	}
	if (o.view != COOP_GRAPH_VIEW_EGO && (o.focus || depth_given)) {
		rc = cli_usage_error("graph", "--focus and --depth belong to --view ego");
		goto done;
	}
	if (o.view == COOP_GRAPH_VIEW_COUNTRIES && (o.rollup || o.merge || o.by_city || o.people)) {
		rc = cli_usage_error("graph", "--rollup, --merge, --by-city and --people do not apply to --view countries");
		goto done;
	}
	if (o.view == COOP_GRAPH_VIEW_PEOPLE && (o.merge || kinds.count || statuses.count)) {
		rc = cli_usage_error("graph", "--merge, --kind and --status are about agreements, which --view people "
		                              "does not draw");
		goto done;
	}
	if (!format_given) {
		int f = strcmp(output, "-") != 0 ? coop_graph_format_from_path(output) : -1;
		o.format = f >= 0 ? (coop_graph_format)f : COOP_GRAPH_FORMAT_SVG;
	}
	o.countries = countries.items;
	o.country_count = countries.count;
	o.kinds = kinds.items;
	o.kind_count = kinds.count;
	o.langs = langs.count ? langs.items : NULL;

	c.inputs = (const char *const *)argv + optind;
	c.input_count = (size_t)(argc - optind);
	/*
	 * Agreements and sources, by far the most numerous entities, stream past a collector that keeps
	 * only what the chosen view needs (graph.h), so memory does not grow with them as it would if
	 * the model kept them all.
	 */
	coop_graph_collector *collector = coop_graph_collector_new(&o);
	c.read.stream_agreements = 1;
	c.read.on_agreement = coop_graph_collect_agreement;
	c.read.stream_sources = 1;
	c.read.on_source = coop_graph_collect_source;
	c.read.on_span = coop_graph_collect_span;
	c.read.payload = collector;
	coop_model *model = NULL;
	rc = cli_load(&c, &model);
	if (rc == COOP_OK) {
		char *data = NULL;
		size_t size = 0;
		rc = coop_graph_render_collected(model, collector, &o, &data, &size, &c.diag);
		if (rc == COOP_OK)
			rc = write_output(output, data, size, &c.diag);
		free(data);
	}
	cli_summary(&c);
	coop_model_free(model);
	coop_graph_collector_free(collector);
done:
	free_list(&countries);
	free_list(&kinds);
	free_list(&statuses);
	free_list(&langs);
	return rc;
}
