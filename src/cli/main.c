/*
 * coopgraph: institutions, people and cooperation agreements as a knowledge graph.
 * Subcommands live in cmd_*.c; this file only dispatches and maps results to exit codes.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "coopgraph/coopgraph.h"

static const char usage[] =
	"Usage: coopgraph COMMAND [OPTIONS] FILE|DIR...\n"
	"Turns XML about institutions, people and cooperation agreements into RDF and diagrams.\n\n"
	"Commands:\n"
	"  validate   check the input and report every problem as file:line:col\n"
	"  rdf        export RDF (Turtle, N-Triples, N-Quads, RDF/XML)\n"
	"  graph      draw partner maps (SVG, PNG, PDF, DOT)\n"
	"  load       put the triples into a SPARQL store (Graph Store Protocol)\n\n"
	"  coopgraph COMMAND --help   options of a command\n"
	"  coopgraph --version        version\n\n"
	"Exit status: 0 ok, 1 input rejected, 2 usage error, 3 I/O or system error (also a resource limit), 4 internal error.\n";

/* Commands whose module is not linked in answer with a clear message instead of a link error. */
__attribute__((weak)) int cmd_rdf(int argc, char **argv);
__attribute__((weak)) int cmd_graph(int argc, char **argv);
__attribute__((weak)) int cmd_load(int argc, char **argv);

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return COOP_ERR_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("coopgraph %s\n", COOP_VERSION);
		return 0;
	}
	int (*run)(int, char **) = NULL;
	if (strcmp(cmd, "validate") == 0)
		run = cmd_validate;
	else if (strcmp(cmd, "rdf") == 0)
		run = cmd_rdf;
	else if (strcmp(cmd, "graph") == 0)
		run = cmd_graph;
	else if (strcmp(cmd, "load") == 0)
		run = cmd_load;
	else {
		fprintf(stderr, "coopgraph: error: unknown command '%s'\nTry 'coopgraph --help'.\n", cmd);
		return COOP_ERR_USAGE;
	}
	if (!run) {
		fprintf(stderr, "coopgraph: error: command '%s' is not built into this binary\n", cmd);
		return COOP_ERR_INTERNAL;
	}
	int rc = run(argc - 1, argv + 1);
	coop_global_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "coopgraph: error: cannot write to standard output\n");
		if (rc == 0)
			rc = COOP_ERR_IO;
	}
	return rc;
}
