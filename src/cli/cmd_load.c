/*
 * coopgraph load: validate, export completely, self-check, and only then send the triples to a
 * SPARQL store with the Graph Store Protocol (include/coopgraph/gsp.h). docs/loading.md is the
 * user's guide; the choices it documents are made here:
 *   - one graph: --graph IRI, or {base}graph when not given; the body is N-Triples (default) or
 *     Turtle, streamed from a temporary file that is unlinked as soon as it is open;
 *   - --graph-per-source: the N-Quads export (every fact in the graph of each source that states
 *     it) is split into one N-Triples body per source graph, each PUT (or POSTed with --append);
 *     facts that no source states (the coop: vocabulary concepts, entities without sources) go
 *     to {base}graph/unsourced and are always added (POST), never replaced, so that re-loading one
 *     source cannot take away what the other sources need.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coopgraph/alloc.h"
#include "cli.h"
#include "coopgraph/gsp.h"
#include "coopgraph/outfile.h"
#include "coopgraph/rdf.h"

static const char usage[] =
	"Usage: coopgraph load --endpoint URL [OPTIONS] FILE|DIR...\n"
	"Validates the input, exports it as RDF, checks the export, and only then puts the triples into\n"
	"a SPARQL store with the Graph Store Protocol (HTTP PUT replaces a graph, POST adds to it).\n"
	"A directory stands for the *.xml files in it. See docs/loading.md.\n\n"
	"Where:\n"
	"      --endpoint URL        the store's Graph Store Protocol URL, for example\n"
	"                              Virtuoso  http://localhost:8890/sparql-graph-crud-auth\n"
	"                              Fuseki    http://localhost:3030/DATASET/data\n"
	"                              Oxigraph  http://localhost:7878/store\n"
	"      --graph IRI           the graph to load into (default: {base}graph)\n"
	"      --graph-per-source    each source's facts into its own graph, the source's IRI\n"
	"                            ({base}source/ID); facts no source states are added to\n"
	"                            {base}graph/unsourced\n"
	"How:\n"
	"      --replace             replace the graph(s) (HTTP PUT; the default)\n"
	"      --append              add to the graph(s) (HTTP POST)\n"
	"  -f, --format F            ntriples (default) or turtle; --graph-per-source sends ntriples\n"
	"  -b, --base IRI            base of the dataset's IRIs (as for 'coopgraph rdf'; default\n"
	"                            " COOP_RDF_DEFAULT_BASE ")\n"
	"      --dry-run             show what would be sent where, send nothing\n"
	"Authentication (the password never goes on the command line):\n"
	"      --user NAME           log in as NAME; the password comes from the environment\n"
	"                            variable COOPGRAPH_PASSWORD or from --password-file\n"
	"      --password-file FILE  read the password from the first line of FILE\n"
	"      --auth A              any (default: what the server asks for), basic, digest\n"
	"Network:\n"
	"      --timeout SECONDS     longest time one request may take (default 300; 0: no limit)\n"
	"      --retries N           try again N times after connection errors, timeouts, HTTP 5xx\n"
	"                            and 429, waiting 1 s, 2 s, 4 s ... (default 0)\n"
	"Common options:\n" COOP_CLI_COMMON_HELP "\n"
	"Exit status: 0 loaded, 1 input rejected, 2 usage error, 3 I/O or network error (connection\n"
	"failed, timeout, or any HTTP status other than 2xx), 4 internal error.\n";

enum {
	OPT_ENDPOINT = CLI_OPT_FIRST_FREE,
	OPT_GRAPH,
	OPT_GRAPH_PER_SOURCE,
	OPT_REPLACE,
	OPT_APPEND,
	OPT_USER,
	OPT_PASSWORD,
	OPT_PASSWORD_FILE,
	OPT_AUTH,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_DRY_RUN
};

#define PASSWORD_MAX 4096
#define UNSOURCED_GRAPH "graph/unsourced"

typedef struct {
	const char *endpoint;
	const char *graph;
	int per_source;
	int append;
	int replace;
	const char *user;
	const char *password_file;
	coop_gsp_auth auth;
	int auth_given;
	unsigned long long timeout;
	unsigned long long retries;
	int dry_run;
	coop_rdf_opts rdf;
	int format_given;
} load_opts;

/* One request: a graph and its body, in memory or in the exported file. */
typedef struct {
	char *graph;
	coop_gsp_method method;
	uint64_t triples;
	coop_gsp_body body;
	size_t split_index; /* body built on demand from the split */
} load_item;

static int parse_count(const char *arg, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	for (const char *p = arg; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	if (cli_parse_size(arg, &v) != 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Reads the password: the file's first line, without its line end. */
static int read_password_file(const char *path, char *password, cli_common *c)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		coop_diag(&c->diag, COOP_SEV_ERROR, NULL, "cannot read the password file %s: %s", path, strerror(errno));
		return COOP_ERR_IO;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077)) {
		coop_loc loc = {path, 0, 0};
		coop_diag(&c->diag, COOP_SEV_WARNING, &loc,
		          "the password file can be read by other users (chmod 600 it)");
	}
	size_t n = fread(password, 1, PASSWORD_MAX + 1, f);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		coop_diag(&c->diag, COOP_SEV_ERROR, NULL, "cannot read the password file %s", path);
		return COOP_ERR_IO;
	}
	size_t len = 0;
	while (len < n && password[len] != '\n' && password[len] != '\r' && password[len] != '\0')
		len++;
	if (len > PASSWORD_MAX) {
		coop_diag(&c->diag, COOP_SEV_ERROR, NULL, "the password in %s is longer than %d bytes", path, PASSWORD_MAX);
		return COOP_ERR_USAGE;
	}
	memset(password + len, 0, PASSWORD_MAX + 2 - len);
	if (len == 0) {
		coop_diag(&c->diag, COOP_SEV_ERROR, NULL, "the first line of the password file %s is empty", path);
		return COOP_ERR_USAGE;
	}
	return COOP_OK;
}

static void wipe(char *s, size_t n)
{
	volatile char *p = s;
	while (n--)
		*p++ = '\0';
}

/* Loopback hosts, where a password in clear text does not cross a network. */
static int loopback_endpoint(const char *endpoint)
{
	static const char *const prefixes[] = {"http://localhost:", "http://localhost/", "http://127.", "http://[::1]"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(endpoint, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return strcmp(endpoint, "http://localhost") == 0;
}

static int parse_options(int argc, char **argv, load_opts *o, cli_common *c)
{
	static const struct option options[] = {
		COOP_CLI_COMMON_OPTIONS,
		{"endpoint", required_argument, NULL, OPT_ENDPOINT},
		{"graph", required_argument, NULL, OPT_GRAPH},
		{"graph-per-source", no_argument, NULL, OPT_GRAPH_PER_SOURCE},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"append", no_argument, NULL, OPT_APPEND},
		{"user", required_argument, NULL, OPT_USER},
		{"password", optional_argument, NULL, OPT_PASSWORD},
		{"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
		{"auth", required_argument, NULL, OPT_AUTH},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"retries", required_argument, NULL, OPT_RETRIES},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"format", required_argument, NULL, 'f'},
		{"base", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	while ((opt = getopt_long(argc, argv, "f:b:qh", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(usage, stdout);
			return -1;
		case OPT_ENDPOINT: {
			const char *why = coop_gsp_endpoint_check(optarg);
			if (why)
				return cli_usage_error("load", "endpoint '%s' %s", optarg, why);
			o->endpoint = optarg;
			break;
		}
		case OPT_GRAPH: {
			const char *why = coop_gsp_graph_check(optarg);
			if (why)
				return cli_usage_error("load", "graph IRI '%s' %s", optarg, why);
			o->graph = optarg;
			break;
		}
		case OPT_GRAPH_PER_SOURCE:
			o->per_source = 1;
			break;
		case OPT_REPLACE:
			o->replace = 1;
			break;
		case OPT_APPEND:
			o->append = 1;
			break;
		case OPT_USER:
			if (!*optarg)
				return cli_usage_error("load", "--user needs a name");
			if (strchr(optarg, ':'))
				return cli_usage_error("load", "--user takes the name only; the password comes from "
				                               "COOPGRAPH_PASSWORD or --password-file");
			o->user = optarg;
			break;
		case OPT_PASSWORD:
			/* anything on the command line is visible to every user in the process list */
			return cli_usage_error("load", "--password is not accepted: give the password in the environment "
			                               "variable COOPGRAPH_PASSWORD or in a file named by --password-file");
		case OPT_PASSWORD_FILE:
			o->password_file = optarg;
			break;
		case OPT_AUTH: {
			int auth = coop_gsp_auth_from_name(optarg);
			if (auth < 0)
				return cli_usage_error("load", "unknown authentication '%s' (any, basic, digest)", optarg);
			o->auth = (coop_gsp_auth)auth;
			o->auth_given = 1;
			break;
		}
		case OPT_TIMEOUT:
			if (parse_count(optarg, 86400 * 7, &o->timeout) != 0)
				return cli_usage_error("load", "--timeout needs a number of seconds, not '%s'", optarg);
			break;
		case OPT_RETRIES:
			if (parse_count(optarg, 100, &o->retries) != 0)
				return cli_usage_error("load", "--retries needs a whole number from 0 to 100, not '%s'", optarg);
			break;
		case OPT_DRY_RUN:
			o->dry_run = 1;
			break;
		case 'f': {
			int format = coop_rdf_format_from_name(optarg);
			if (format != COOP_RDF_NTRIPLES && format != COOP_RDF_TURTLE)
				return cli_usage_error("load", "--format must be ntriples or turtle, not '%s'", optarg);
			o->rdf.format = (coop_rdf_format)format;
			o->format_given = 1;
			break;
		}
		case 'b': {
			const char *why = coop_rdf_base_check(optarg);
			if (why)
				return cli_usage_error("load", "base IRI '%s' %s", optarg, why);
			o->rdf.base = optarg;
			break;
		}
		default: {
			int handled = cli_common_option(c, opt, optarg);
			if (handled < 0)
				return COOP_ERR_USAGE;
			if (!handled)
				return cli_usage_error("load", "unknown option");
		}
		}
	}
	if (!o->endpoint)
		return cli_usage_error("load", "--endpoint URL is required (the store's Graph Store Protocol URL)");
	if (o->graph && o->per_source)
		return cli_usage_error("load", "--graph and --graph-per-source exclude each other");
	if (o->replace && o->append)
		return cli_usage_error("load", "--replace and --append exclude each other");
	if (o->per_source && o->format_given && o->rdf.format != COOP_RDF_NTRIPLES)
		return cli_usage_error("load", "--graph-per-source always sends N-Triples; leave out --format");
	if (!o->user && o->password_file)
		return cli_usage_error("load", "--password-file needs --user");
	if (!o->user && o->auth_given)
		return cli_usage_error("load", "--auth needs --user");
	if (optind >= argc)
		return cli_usage_error("load", "no input files given");
	c->inputs = (const char *const *)argv + optind;
	c->input_count = (size_t)(argc - optind);
	return COOP_OK;
}

/* A private directory for the export; the file in it is unlinked as soon as it is open. */
static char *make_temp_dir(coop_diag_sink *diag)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	size_t n = strlen(tmp) + 32;
	char *dir = coop_xmalloc(n);
	snprintf(dir, n, "%s/coopgraph-load.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot create a temporary directory in %s: %s", tmp, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

/* Exports the model to a temporary file and opens it; *file is positioned at the start. */
static int export_to_file(const coop_model *model, const coop_rdf_opts *rdf, cli_common *c, FILE **file,
                          uint64_t *size, uint64_t *statements)
{
	*file = NULL;
	char *dir = make_temp_dir(&c->diag);
	if (!dir)
		return COOP_ERR_IO;
	size_t n = strlen(dir) + 16;
	char *path = coop_xmalloc(n);
	snprintf(path, n, "%s/export", dir);
	coop_outfile *out;
	int rc = coop_outfile_open(&out, path, &c->diag);
	if (rc == COOP_OK) {
		size_t errors_before = c->diag.errors;
		rc = coop_rdf_write(model, rdf, out, &c->diag, statements);
		/* with --strict, a warning about the data rejects the load, as it rejects the export */
		if (rc == COOP_OK && c->diag.errors > errors_before)
			rc = COOP_ERR_INPUT;
		if (rc == COOP_OK)
			rc = coop_outfile_commit(out, &c->diag);
		else
			coop_outfile_abort(out);
	}
	if (rc == COOP_OK) {
		*file = fopen(path, "rb");
		struct stat st;
		if (!*file || fstat(fileno(*file), &st) != 0) {
			coop_diag(&c->diag, COOP_SEV_ERROR, NULL, "cannot read back the export %s: %s", path, strerror(errno));
			if (*file)
				fclose(*file);
			*file = NULL;
			rc = COOP_ERR_IO;
		} else {
			*size = (uint64_t)st.st_size;
		}
	}
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	return rc;
}

static int read_all(FILE *file, uint64_t size, char **out, coop_diag_sink *diag)
{
	if (size >= SIZE_MAX) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "the export is too large to hold in memory");
		return COOP_ERR_IO;
	}
	char *data = coop_xmalloc((size_t)size + 1);
	if (fread(data, 1, (size_t)size, file) != (size_t)size) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot read back the export");
		free(data);
		return COOP_ERR_IO;
	}
	data[size] = '\0';
	*out = data;
	return COOP_OK;
}

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = coop_xmalloc(n);
	snprintf(s, n, "%s%s", a, b);
	return s;
}

static void print_plan(const load_opts *o, const load_item *items, size_t count, const char *password_origin)
{
	printf("dry run: nothing is sent\n");
	for (size_t i = 0; i < count; i++) {
		char *url = coop_gsp_url(o->endpoint, items[i].graph);
		printf("%s %s\n", coop_gsp_method_name(items[i].method), url);
		printf("  graph: %s\n", items[i].graph);
		printf("  content-type: %s\n", items[i].body.content_type);
		printf("  size: %" PRIu64 " bytes\n", items[i].body.size);
		printf("  triples: %" PRIu64 "\n", items[i].triples);
		free(url);
	}
	if (o->user)
		printf("auth: %s as user %s, password from %s\n", coop_gsp_auth_name(o->auth), o->user, password_origin);
	else
		printf("auth: none\n");
}

static void explain_failure(const load_opts *o, const coop_gsp_response *response, coop_diag_sink *diag)
{
	const char *hint = NULL;
	if (response->status == 401 && o->user)
		hint = "the server refused the credentials: check --user, --auth and the password (COOPGRAPH_PASSWORD or "
		       "--password-file)";
	else if (response->status == 401)
		hint = "the endpoint needs authentication: give --user, and the password in COOPGRAPH_PASSWORD or a "
		       "--password-file";
	else if (response->status == 403)
		hint = "the server does not let this user write to the graph";
	else if (response->status == 404 || response->status == 405 || response->status == 501)
		hint = "is --endpoint the store's Graph Store Protocol URL? (Virtuoso .../sparql-graph-crud-auth, Fuseki "
		       ".../DATASET/data, Oxigraph .../store)";
	if (hint)
		coop_diag(diag, COOP_SEV_NOTE, NULL, "%s", hint);
}

static int send_all(const load_opts *o, const char *password, load_item *items, size_t count,
                    const coop_gsp_split *split, cli_common *c)
{
	coop_gsp_opts gsp = COOP_GSP_OPTS_INIT;
	gsp.user = o->user;
	gsp.password = password;
	gsp.auth = o->auth;
	gsp.timeout = (unsigned)o->timeout;
	if (gsp.timeout && gsp.connect_timeout > gsp.timeout)
		gsp.connect_timeout = gsp.timeout;
	gsp.retries = (unsigned)o->retries;
	coop_gsp_client *client;
	int rc = coop_gsp_client_new(&client, o->endpoint, &gsp, &c->diag);
	if (rc != COOP_OK)
		return rc;
	uint64_t triples = 0;
	size_t done = 0;
	for (; done < count; done++) {
		load_item *item = &items[done];
		char *data = NULL;
		if (split) {
			size_t size;
			data = coop_gsp_split_body(split, item->split_index, &size);
			item->body.data = data;
		}
		coop_gsp_response response;
		rc = coop_gsp_send(client, item->method, item->graph, &item->body, &response, &c->diag);
		item->body.data = NULL;
		free(data);
		if (rc != COOP_OK) {
			explain_failure(o, &response, &c->diag);
			break;
		}
		printf("%s <%s>: %" PRIu64 " triples, %" PRIu64 " bytes: %s\n", coop_gsp_method_name(item->method),
		       item->graph, item->triples, item->body.size, response.status_line);
		triples += item->triples;
	}
	coop_gsp_client_free(client);
	if (rc == COOP_OK) {
		printf("loaded %" PRIu64 " triples into %zu graph%s at %s\n", triples, count, count == 1 ? "" : "s",
		       o->endpoint);
	} else if (count > 1) {
		coop_diag(&c->diag, COOP_SEV_NOTE, NULL,
		          "%zu of %zu graphs were loaded before this failure and %zu were not touched; running the same "
		          "command again loads them all",
		          done, count, count - done - 1);
	}
	return rc;
}

/*
 * A SPARQL query or update endpoint is the most likely wrong --endpoint, and Virtuoso's /sparql never answers a PUT
 * (the request runs into --timeout), so say so before sending.
 */
static void check_endpoint_kind(const char *endpoint, coop_diag_sink *diag)
{
	static const char *const suffixes[] = {"/sparql", "/sparql/", "/query", "/update"};
	size_t len = strcspn(endpoint, "?");
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t n = strlen(suffixes[i]);
		if (len >= n && strncmp(endpoint + len - n, suffixes[i], n) == 0) {
			coop_diag(diag, COOP_SEV_WARNING, NULL,
			          "%.*s looks like a SPARQL query or update endpoint, not a Graph Store Protocol one "
			          "(Virtuoso .../sparql-graph-crud-auth, Fuseki .../DATASET/data, Oxigraph .../store)",
			          (int)len, endpoint);
			return;
		}
	}
}

/* The password for --user: from --password-file, else COOPGRAPH_PASSWORD. */
static int get_password(const load_opts *o, cli_common *c, char *password, const char **origin)
{
	if (o->password_file) {
		int rc = read_password_file(o->password_file, password, c);
		if (rc != COOP_OK)
			return rc;
		*origin = o->password_file;
	} else {
		const char *env = getenv("COOPGRAPH_PASSWORD");
		if (!env || !*env)
			return cli_usage_error("load", "--user %s needs a password: set COOPGRAPH_PASSWORD or use "
			                               "--password-file FILE",
			                       o->user);
		if (strlen(env) > PASSWORD_MAX)
			return cli_usage_error("load", "COOPGRAPH_PASSWORD is longer than %d bytes", PASSWORD_MAX);
		memcpy(password, env, strlen(env) + 1);
		*origin = "COOPGRAPH_PASSWORD";
	}
	if (o->auth == COOP_GSP_AUTH_BASIC && strncmp(o->endpoint, "http:", 5) == 0 && !loopback_endpoint(o->endpoint))
		coop_diag(&c->diag, COOP_SEV_WARNING, NULL,
		          "basic authentication over http:// sends the password readable to anyone on the way; "
		          "use https:// or --auth digest");
	return c->diag.errors ? COOP_ERR_USAGE : COOP_OK; /* --strict turns those warnings into errors */
}

/* The requests for --graph-per-source: one per graph of the split N-Quads export. */
static int plan_per_source(const load_opts *o, const char *base, const coop_gsp_split *split, uint64_t statements,
                           load_item **out, size_t *out_count, coop_diag_sink *diag)
{
	size_t count = coop_gsp_split_count(split);
	load_item *items = coop_xcalloc(count ? count : 1, sizeof *items);
	coop_gsp_method method = o->append ? COOP_GSP_POST : COOP_GSP_PUT;
	uint64_t total = 0;
	int rc = COOP_OK;
	for (size_t i = 0; i < count; i++) {
		const char *graph = coop_gsp_split_graph(split, i);
		items[i].graph = graph ? coop_xstrdup(graph) : join(base, UNSOURCED_GRAPH);
		/* unsourced facts are shared by every load: adding keeps what the other loads need */
		items[i].method = graph ? method : COOP_GSP_POST;
		items[i].triples = coop_gsp_split_triples(split, i);
		items[i].body.size = coop_gsp_split_size(split, i);
		items[i].body.content_type = "application/n-triples";
		items[i].split_index = i;
		total += items[i].triples;
		const char *why = coop_gsp_graph_check(items[i].graph);
		if (why) {
			coop_diag(diag, COOP_SEV_ERROR, NULL, "internal error: graph name '%s' %s", items[i].graph, why);
			rc = COOP_ERR_INTERNAL;
		}
	}
	if (rc == COOP_OK && total != statements) {
		coop_diag(diag, COOP_SEV_ERROR, NULL,
		          "internal error: the export has %" PRIu64 " statements but %" PRIu64 " were split into graphs",
		          statements, total);
		rc = COOP_ERR_INTERNAL;
	}
	*out = items;
	*out_count = count;
	return rc;
}

/* Export, check, then send (or show, with --dry-run). */
static int load(const load_opts *o, cli_common *c, const char *password, const char *password_origin)
{
	coop_model *model;
	int rc = cli_load(c, &model);
	if (rc != COOP_OK)
		return rc;
	coop_rdf_opts export_opts = o->rdf;
	if (o->per_source)
		export_opts.format = COOP_RDF_NQUADS;
	const char *base = export_opts.base ? export_opts.base : COOP_RDF_DEFAULT_BASE;
	FILE *file = NULL;
	uint64_t size = 0, statements = 0;
	rc = export_to_file(model, &export_opts, c, &file, &size, &statements);
	coop_model_free(model);
	if (rc != COOP_OK)
		return rc;

	load_item *items = NULL;
	size_t count = 0;
	char *nquads = NULL;
	coop_gsp_split *split = NULL;
	if (!o->per_source) {
		items = coop_xcalloc(1, sizeof *items);
		items[0].graph = o->graph ? coop_xstrdup(o->graph) : join(base, "graph");
		items[0].method = o->append ? COOP_GSP_POST : COOP_GSP_PUT;
		items[0].triples = statements;
		items[0].body.file = file;
		items[0].body.size = size;
		items[0].body.content_type = export_opts.format == COOP_RDF_TURTLE ? "text/turtle" : "application/n-triples";
		count = 1;
	} else {
		rc = read_all(file, size, &nquads, &c->diag);
		if (rc == COOP_OK)
			rc = coop_gsp_split_nquads(&split, "N-Quads export", nquads, (size_t)size, &c->diag);
		if (rc == COOP_OK)
			rc = plan_per_source(o, base, split, statements, &items, &count, &c->diag);
	}
	if (rc == COOP_OK) {
		if (o->dry_run)
			print_plan(o, items, count, password_origin);
		else
			rc = send_all(o, password, items, count, split, c);
	}
	for (size_t i = 0; i < count; i++)
		free(items[i].graph);
	free(items);
	coop_gsp_split_free(split);
	free(nquads);
	fclose(file);
	return rc;
}

int cmd_load(int argc, char **argv)
{
	cli_common c;
	cli_common_init(&c);
	load_opts o;
	memset(&o, 0, sizeof o);
	coop_rdf_opts rdf = COOP_RDF_OPTS_INIT;
	o.rdf = rdf;
	o.rdf.format = COOP_RDF_NTRIPLES;
	/* nothing is sent until the export has parsed again: a store may keep half of a bad upload */
	o.rdf.check = COOP_RDF_CHECK_ON;
	o.auth = COOP_GSP_AUTH_ANY;
	o.timeout = 300;
	int rc = parse_options(argc, argv, &o, &c);
	if (rc < 0)
		return COOP_OK; /* --help */
	if (rc != COOP_OK)
		return rc;

	check_endpoint_kind(o.endpoint, &c.diag);
	/* the password first: a missing one is found before any work is done */
	static char password[PASSWORD_MAX + 2];
	const char *password_origin = NULL;
	if (c.diag.errors) /* --strict made the warning an error */
		rc = COOP_ERR_USAGE;
	else if (o.user)
		rc = get_password(&o, &c, password, &password_origin);
	if (rc == COOP_OK)
		rc = load(&o, &c, password, password_origin);
	wipe(password, sizeof password);
	cli_summary(&c);
	return rc;
}
