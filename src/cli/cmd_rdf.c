/*
 * coopgraph rdf: the export streams. The serializer starts before the input is read, each agreement
 * and each source are mapped and written as soon as the reader has checked them, then forgotten,
 * and the entities the model keeps (institutions, people, programmes) follow once the whole
 * dataset has been read and linked. Memory grows with those, not with the agreements, the sources
 * or the output.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coopgraph/alloc.h"
#include "coopgraph/outfile.h"
#include "coopgraph/rdf.h"

static const char usage[] =
	"Usage: coopgraph rdf [OPTIONS] FILE|DIR...\n"
	"Exports coopgraph XML as RDF: W3C ORG, schema.org, SKOS, DCTERMS and PROV-O terms plus the\n"
	"coop: vocabulary (see docs/vocabulary.md). A directory stands for the *.xml files in it.\n\n"
	"Options:\n"
	"  -f, --format F        turtle (default), ntriples, nquads, rdfxml; nquads puts each fact\n"
	"                        in the named graph of every source that states it\n"
	"  -b, --base IRI        base of the dataset's IRIs, an http(s): or urn: IRI ending in '/' or\n"
	"                        '#' (default " COOP_RDF_DEFAULT_BASE ", a placeholder:\n"
	"                        set your own before publishing or merging data)\n"
	"  -o, --output FILE     write to FILE, replaced only when the export succeeded\n"
	"                        (default '-': standard output, written as the export goes,\n"
	"                        so a rejected input may leave part of an export there)\n"
	"      --stats           print the number of statements written on standard error\n"
	"      --self-check      parse the output again while it is written and compare the count\n"
	"                        (default for turtle and rdfxml)\n"
	"      --no-self-check   do not (default for ntriples and nquads, where the check costs a\n"
	"                        third of the time and only re-tests serd's escaping)\n" COOP_CLI_COMMON_HELP "\n"
	"Exit status: 0 ok, 1 input rejected, 2 usage error, 3 I/O error, 4 internal error.\n";

enum { OPT_STATS = CLI_OPT_FIRST_FREE, OPT_SELF_CHECK, OPT_NO_SELF_CHECK };

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cmd_rdf(int argc, char **argv)
{
	static const struct option options[] = {
		COOP_CLI_COMMON_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"base", required_argument, NULL, 'b'},
		{"output", required_argument, NULL, 'o'},
		{"stats", no_argument, NULL, OPT_STATS},
		{"self-check", no_argument, NULL, OPT_SELF_CHECK},
		{"no-self-check", no_argument, NULL, OPT_NO_SELF_CHECK},
		{NULL, 0, NULL, 0},
	};
	cli_common c;
	cli_common_init(&c);
	coop_rdf_opts opts = COOP_RDF_OPTS_INIT;
	const char *output = "-";
	int stats = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, "f:b:o:qh", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'f': {
			int format = coop_rdf_format_from_name(optarg);
			if (format < 0)
				return cli_usage_error("rdf", "unknown format '%s' (turtle, ntriples, nquads, rdfxml)", optarg);
			opts.format = (coop_rdf_format)format;
			break;
		}
		case 'b': {
			const char *why = coop_rdf_base_check(optarg);
			if (why)
				return cli_usage_error("rdf", "base IRI '%s' %s", optarg, why);
			opts.base = optarg;
			break;
		}
		case 'o':
			if (!*optarg)
				return cli_usage_error("rdf", "--output needs a file name or '-'");
			output = optarg;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		case OPT_SELF_CHECK:
			opts.check = COOP_RDF_CHECK_ON;
			break;
		case OPT_NO_SELF_CHECK:
			opts.check = COOP_RDF_CHECK_OFF;
			break;
		default: {
			int handled = cli_common_option(&c, opt, optarg);
			if (handled < 0)
				return COOP_ERR_USAGE;
			if (!handled)
				return cli_usage_error("rdf", "unknown option");
		}
		}
	}
	c.input_count = (size_t)(argc - optind);
	if (c.input_count == 0)
		return cli_usage_error("rdf", "no input files given");
	/*
	 * The output follows the order in which the files are read: read them sorted by path (as the
	 * files of a directory are), so that naming them in another order gives the same bytes.
	 */
	const char **inputs = coop_xmalloc(c.input_count * sizeof *inputs);
	memcpy(inputs, argv + optind, c.input_count * sizeof *inputs);
	qsort(inputs, c.input_count, sizeof *inputs, compare_paths);
	c.inputs = inputs;

	coop_outfile *out;
	int rc = coop_outfile_open(&out, output, &c.diag);
	if (rc != COOP_OK) {
		cli_summary(&c);
		free(inputs);
		return rc;
	}
	coop_rdf_export *export_state;
	rc = coop_rdf_export_begin(&export_state, &opts, out, &c.diag);
	if (rc != COOP_OK) {
		coop_outfile_abort(out);
		cli_summary(&c);
		free(inputs);
		return rc;
	}

	/* agreements and sources, by far the most numerous entities, are written as they are read */
	c.read.stream_agreements = 1;
	c.read.on_agreement = coop_rdf_export_agreement;
	c.read.stream_sources = 1;
	c.read.on_source = coop_rdf_export_source;
	c.read.payload = export_state;
	coop_model *model = NULL;
	rc = cli_load(&c, &model);
	uint64_t written = 0;
	if (rc == COOP_OK)
		rc = coop_rdf_export_end(export_state, model, &written);
	coop_rdf_export_free(export_state);
	if (rc == COOP_OK || rc == COOP_ERR_IO) {
		/* after a failed write, commit reports the reason and leaves the old file */
		coop_result committed = coop_outfile_commit(out, &c.diag);
		if (rc == COOP_OK)
			rc = committed;
	} else {
		/* rejected input or a failed export: the previous file stays as it was */
		coop_outfile_abort(out);
	}
	if (rc == COOP_OK && stats)
		fprintf(stderr, "coopgraph: wrote %" PRIu64 " triples to %s\n", written, output);
	free(inputs);
	cli_summary(&c);
	coop_model_free(model);
	return rc;
}
