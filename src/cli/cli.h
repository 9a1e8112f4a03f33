/*
 * Shared pieces of the coopgraph command line: common options, loading the inputs, reporting.
 * Each subcommand lives in its own cmd_*.c and returns an exit code (a coop_result).
 */
#ifndef COOP_CLI_H
#define COOP_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "coopgraph/diag.h"
#include "coopgraph/model.h"
#include "coopgraph/reader.h"

typedef struct {
	coop_diag_sink diag;
	coop_read_opts read;
	const char *const *inputs; /* the FILE|DIR arguments */
	size_t input_count;
} cli_common;

/* Long options every subcommand accepts; put COOP_CLI_COMMON_OPTIONS first in its option array. */
enum {
	CLI_OPT_STRICT = 1000,
	CLI_OPT_MAX_ERRORS,
	CLI_OPT_MAX_INPUT_SIZE,
	CLI_OPT_MAX_ENTITIES,
	CLI_OPT_NO_WARNINGS,
	CLI_OPT_FIRST_FREE = 1100 /* subcommands number their own options from here */
};
#define COOP_CLI_COMMON_OPTIONS \
	{"strict", no_argument, NULL, CLI_OPT_STRICT}, \
	{"max-errors", required_argument, NULL, CLI_OPT_MAX_ERRORS}, \
	{"max-input-size", required_argument, NULL, CLI_OPT_MAX_INPUT_SIZE}, \
	{"max-entities", required_argument, NULL, CLI_OPT_MAX_ENTITIES}, \
	{"no-warnings", no_argument, NULL, CLI_OPT_NO_WARNINGS}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"help", no_argument, NULL, 'h'}
#define COOP_CLI_COMMON_HELP \
	"  -q, --quiet, --no-warnings  do not print warnings\n" \
	"      --strict                treat warnings as errors\n" \
	"      --max-errors N          stop reporting after N errors (default 50; 0: no limit)\n" \
	"      --max-input-size BYTES  largest input file accepted (default 4G; suffixes K, M, G)\n" \
	"      --max-entities N        most entities in a dataset (default 50000000)\n" \
	"  -h, --help                  show this help\n"

void cli_common_init(cli_common *c);
/* Handles a common option; returns 1 if handled, 0 if not common, -1 on a bad value (reported). */
int cli_common_option(cli_common *c, int opt, const char *arg);
/* Parses a whole number with an optional K/M/G suffix; returns 0 on success. */
int cli_parse_size(const char *arg, unsigned long long *out);

/* Reports a usage error ("coopgraph CMD: message") with a hint to see --help; returns COOP_ERR_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...) COOP_PRINTF(2, 3);
/* Loads and checks the inputs named in c. Returns COOP_OK with *out set, or the failure code. */
int cli_load(cli_common *c, coop_model **out);
/* Prints the "N errors, M warnings" summary when there were any. */
void cli_summary(const cli_common *c);

int cmd_validate(int argc, char **argv);
int cmd_rdf(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_load(int argc, char **argv);

#endif
