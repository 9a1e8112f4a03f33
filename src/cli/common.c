#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_diag(void *payload, coop_severity severity, const coop_loc *loc, const char *message)
{
	(void)payload;
	const char *sev = severity == COOP_SEV_ERROR ? "error" : severity == COOP_SEV_WARNING ? "warning" : "note";
	if (loc && loc->file) {
		if (loc->line && loc->col)
			fprintf(stderr, "%s:%u:%u: %s: %s\n", loc->file, loc->line, loc->col, sev, message);
		else if (loc->line)
			fprintf(stderr, "%s:%u: %s: %s\n", loc->file, loc->line, sev, message);
		else
			fprintf(stderr, "%s: %s: %s\n", loc->file, sev, message);
	} else {
		fprintf(stderr, "coopgraph: %s: %s\n", sev, message);
	}
}

void cli_common_init(cli_common *c)
{
	coop_diag_sink sink = COOP_DIAG_SINK_INIT;
	coop_read_opts read = COOP_READ_OPTS_INIT;
	memset(c, 0, sizeof *c);
	c->diag = sink;
	c->diag.emit = print_diag;
	c->diag.max_errors = 50;
	c->read = read;
}

int cli_parse_size(const char *arg, unsigned long long *out)
{
	if (!arg || !*arg || *arg == '-')
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || end == arg)
		return -1;
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	else if (*end)
		return -1;
	if (shift && end[1])
		return -1;
	if (shift && v > (~0ULL >> shift))
		return -1;
	*out = v << shift;
	return 0;
}

int cli_common_option(cli_common *c, int opt, const char *arg)
{
	unsigned long long v;
	switch (opt) {
	case CLI_OPT_STRICT:
		c->diag.strict = 1;
		return 1;
	case 'q':
	case CLI_OPT_NO_WARNINGS:
		c->diag.no_warnings = 1;
		return 1;
	case CLI_OPT_MAX_ERRORS:
		if (cli_parse_size(arg, &v) != 0 || v > 1000000000ULL) {
			cli_usage_error(NULL, "--max-errors needs a whole number, not '%s'", arg);
			return -1;
		}
		c->diag.max_errors = (size_t)v;
		return 1;
	case CLI_OPT_MAX_INPUT_SIZE:
		if (cli_parse_size(arg, &v) != 0) {
			cli_usage_error(NULL, "--max-input-size needs a size such as 500M, not '%s'", arg);
			return -1;
		}
		c->read.max_file_size = v;
		return 1;
	case CLI_OPT_MAX_ENTITIES:
		if (cli_parse_size(arg, &v) != 0 || v > 0xFFFFFFF0ULL) {
			cli_usage_error(NULL, "--max-entities needs a whole number, not '%s'", arg);
			return -1;
		}
		c->read.max_entities = (uint32_t)v;
		return 1;
	default:
		return 0;
	}
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "coopgraph%s%s: error: %s\n", command ? " " : "", command ? command : "", msg);
	fprintf(stderr, "Try 'coopgraph %s%s--help' for more information.\n", command ? command : "",
	        command ? " " : "");
	return COOP_ERR_USAGE;
}

int cli_load(cli_common *c, coop_model **out)
{
	*out = NULL;
	if (c->input_count == 0)
		return cli_usage_error(NULL, "no input files given");
	coop_result r = coop_load(out, c->inputs, c->input_count, &c->read, &c->diag);
	if (r == COOP_OK && c->diag.errors > 0) {
		/* --strict turned warnings into errors */
		coop_model_free(*out);
		*out = NULL;
		r = COOP_ERR_INPUT;
	}
	return (int)r;
}

void cli_summary(const cli_common *c)
{
	if (c->diag.suppressed)
		fprintf(stderr, "coopgraph: %zu more error%s not shown (see --max-errors)\n", c->diag.suppressed,
		        c->diag.suppressed == 1 ? "" : "s");
	if (c->diag.errors || (c->diag.warnings && !c->diag.no_warnings))
		fprintf(stderr, "coopgraph: %zu error%s, %zu warning%s\n", c->diag.errors, c->diag.errors == 1 ? "" : "s",
		        c->diag.warnings, c->diag.warnings == 1 ? "" : "s");
}
