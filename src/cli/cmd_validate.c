#include <stdio.h>

#include "cli.h"

static const char usage[] =
	"Usage: coopgraph validate [OPTIONS] FILE|DIR...\n"
	"Checks coopgraph XML: well-formedness, the schema, and the rules across files\n"
	"(IDs, references, parties, dates, unit hierarchy, ISO 3166 codes, language tags).\n"
	"A directory stands for the *.xml files in it. All errors are reported.\n\n"
	"Options:\n" COOP_CLI_COMMON_HELP "\n"
	"Exit status: 0 valid, 1 input rejected, 2 usage error, 3 I/O or system error (also a resource limit), 4 internal error.\n";

int cmd_validate(int argc, char **argv)
{
	static const struct option options[] = {COOP_CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	cli_common c;
	cli_common_init(&c);
	int opt;
	while ((opt = getopt_long(argc, argv, "qh", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		int handled = cli_common_option(&c, opt, optarg);
		if (handled < 0)
			return COOP_ERR_USAGE;
		if (!handled)
			return cli_usage_error("validate", "unknown option");
	}
	/* validation needs no agreement after checking it: stream them, so memory stays with the rest */
	c.read.stream_agreements = 1;
	c.read.stream_sources = 1;
	c.inputs = (const char *const *)argv + optind;
	c.input_count = (size_t)(argc - optind);
	coop_model *model;
	int rc = cli_load(&c, &model);
	cli_summary(&c);
	if (rc == 0) {
		printf("%s: %u institutions, %u people, %u agreements, %u programmes, %u sources: valid\n",
		       c.input_count == 1 ? c.inputs[0] : "dataset", coop_model_institution_count(model),
		       coop_model_person_count(model),
		       coop_model_agreement_count(model) + coop_model_streamed_agreement_count(model),
		       coop_model_programme_count(model),
		       coop_model_source_count(model) + coop_model_streamed_source_count(model));
	}
	coop_model_free(model);
	return rc;
}
