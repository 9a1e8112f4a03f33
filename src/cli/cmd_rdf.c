#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
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
	"                        (default '-': standard output)\n"
	"      --stats           print the number of statements written on standard error\n" COOP_CLI_COMMON_HELP "\n"
	"Exit status: 0 ok, 1 input rejected, 2 usage error, 3 I/O error, 4 internal error.\n";

enum { OPT_STATS = CLI_OPT_FIRST_FREE };

int cmd_rdf(int argc, char **argv)
{
	static const struct option options[] = {
		COOP_CLI_COMMON_OPTIONS,
		{"format", required_argument, NULL, 'f'},
		{"base", required_argument, NULL, 'b'},
		{"output", required_argument, NULL, 'o'},
		{"stats", no_argument, NULL, OPT_STATS},
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
		default: {
			int handled = cli_common_option(&c, opt, optarg);
			if (handled < 0)
				return COOP_ERR_USAGE;
			if (!handled)
				return cli_usage_error("rdf", "unknown option");
		}
		}
	}
	c.inputs = (const char *const *)argv + optind;
	c.input_count = (size_t)(argc - optind);

	coop_model *model;
	int rc = cli_load(&c, &model);
	if (rc != COOP_OK) {
		cli_summary(&c);
		return rc;
	}

	coop_outfile *out;
	rc = coop_outfile_open(&out, output, &c.diag);
	if (rc == COOP_OK) {
		size_t errors_before = c.diag.errors;
		uint64_t written = 0;
		rc = coop_rdf_write(model, &opts, out, &c.diag, &written);
		/* with --strict, a warning about the data (say, a malformed ROR ID) rejects the export */
		if (rc == COOP_OK && c.diag.errors > errors_before)
			rc = COOP_ERR_INPUT;
		if (rc == COOP_OK || rc == COOP_ERR_IO) {
			/* after a failed write, commit reports the reason and leaves the old file */
			coop_result committed = coop_outfile_commit(out, &c.diag);
			if (rc == COOP_OK)
				rc = committed;
		} else {
			coop_outfile_abort(out);
		}
		if (rc == COOP_OK && stats)
			fprintf(stderr, "coopgraph: wrote %" PRIu64 " triples to %s\n", written, output);
	}
	cli_summary(&c);
	coop_model_free(model);
	return rc;
}
