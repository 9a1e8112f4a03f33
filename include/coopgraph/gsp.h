/*
 * Loading into a SPARQL store with the SPARQL 1.1 Graph Store HTTP Protocol (GSP): PUT replaces one
 * named graph, POST adds to it. This is the only part of coopgraph that talks to the network, and
 * src/lib/gsp_curl.c is the only file that uses libcurl.
 *
 * What every request does, whatever the caller asks:
 *   - it goes to http: or https: only (also for redirects), and redirects are never followed: a
 *     3xx answer is reported with its Location, so a PUT never lands somewhere the user did not name;
 *   - TLS certificates and host names are verified;
 *   - it sends no "Expect: 100-continue" (several stores answer it badly or slowly);
 *   - it identifies itself as "coopgraph/VERSION";
 *   - credentials go only to the endpoint's host; the password is never part of a URL.
 *
 * The graph is named in the query string as graph=IRI (percent-encoded), which Virtuoso, Fuseki,
 * Oxigraph, GraphDB, Stardog and RDF4J all accept.
 */
#ifndef COOPGRAPH_GSP_H
#define COOPGRAPH_GSP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "coopgraph/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	COOP_GSP_PUT = 0, /* replace the graph */
	COOP_GSP_POST     /* add to the graph */
} coop_gsp_method;

typedef enum {
	COOP_GSP_AUTH_ANY = 0, /* basic or digest, whichever the server asks for (digest preferred) */
	COOP_GSP_AUTH_BASIC,
	COOP_GSP_AUTH_DIGEST
} coop_gsp_auth;

/* "PUT", "POST". */
const char *coop_gsp_method_name(coop_gsp_method method);
/* "any", "basic", "digest" and back; -1 for an unknown name. */
const char *coop_gsp_auth_name(coop_gsp_auth auth);
int coop_gsp_auth_from_name(const char *name);

/*
 * Checks a GSP endpoint URL: an absolute http: or https: URL with a host, without user information
 * (credentials never go into a URL, where logs and process lists show them), without a fragment.
 * Returns NULL when it is fine, otherwise a short reason for the error message.
 */
const char *coop_gsp_endpoint_check(const char *endpoint);

/*
 * Checks a graph IRI: an absolute IRI of printable ASCII, none of  < > " { } | \ ^ `  and every '%'
 * followed by two hex digits (what the RDF export mints). NULL when fine, otherwise a reason.
 */
const char *coop_gsp_graph_check(const char *graph);

/*
 * The request URL: endpoint (checked with coop_gsp_endpoint_check) with "graph=" and the graph IRI
 * percent-encoded (every byte but A-Z a-z 0-9 - . _ ~) appended to its query string. The caller
 * frees the result with free().
 */
char *coop_gsp_url(const char *endpoint, const char *graph);

typedef struct {
	const char *user;          /* NULL: no authentication */
	const char *password;      /* used with user; libcurl copies it, so the caller may wipe its own at once */
	coop_gsp_auth auth;
	unsigned timeout;          /* seconds a whole request may take; 0: no limit */
	unsigned connect_timeout;  /* seconds to establish the connection; 0: libcurl's default */
	unsigned retries;          /* further attempts after a transient failure (see coop_gsp_send) */
} coop_gsp_opts;

#define COOP_GSP_OPTS_INIT {NULL, NULL, COOP_GSP_AUTH_ANY, 300, 30, 0}

/* The request body: size bytes, either in memory (data) or read from the start of file. */
typedef struct {
	const char *data;
	FILE *file;                /* used when data is NULL; must be seekable */
	uint64_t size;
	const char *content_type;  /* "application/n-triples", "text/turtle" */
} coop_gsp_body;

/* What the server said to the last attempt. */
typedef struct {
	long status;                /* HTTP status code; 0 when no answer came (connection failed) */
	char status_line[160];      /* "HTTP/1.1 201 Created", control characters removed; "" if none */
	char excerpt[400];          /* about the first 300 bytes of the answer's body, cleaned likewise */
	unsigned attempts;          /* requests made, 1 + retries used */
	uint64_t bytes_sent;        /* body bytes of the last attempt as libcurl counted them */
} coop_gsp_response;

typedef struct coop_gsp_client coop_gsp_client;

/*
 * Prepares a client for one endpoint; the connection is made by the first coop_gsp_send and kept
 * for the next ones. Returns COOP_OK, or COOP_ERR_IO when libcurl cannot be set up (reported).
 * The strings in opts are copied; opts->password is not kept by coopgraph, only by libcurl.
 */
coop_result coop_gsp_client_new(coop_gsp_client **out, const char *endpoint, const coop_gsp_opts *opts,
                                coop_diag_sink *diag);

/*
 * Sends body to the graph with method and waits for the answer. A 2xx answer is success. On
 * connection errors, timeouts, HTTP 5xx, 429 (too many requests) and 408 (request timeout) it
 * tries again up to opts->retries times, waiting 1 s, 2 s, 4 s ... (at most 60 s) in between;
 * every retry is reported as a note. Any other answer (3xx, 4xx) is final at once.
 *
 * Returns COOP_OK on 2xx; COOP_ERR_IO on a connection error, a timeout or any other status (the
 * message names method, URL, the status line and an excerpt of the body); COOP_ERR_INPUT when the
 * body file cannot be read. response (may be NULL) receives what the server said.
 */
coop_result coop_gsp_send(coop_gsp_client *client, coop_gsp_method method, const char *graph,
                          const coop_gsp_body *body, coop_gsp_response *response, coop_diag_sink *diag);

/* Closes the connection and releases everything, libcurl's copy of the credentials too. NULL is fine. */
void coop_gsp_client_free(coop_gsp_client *client);

/*
 * N-Quads to one N-Triples body per graph, for loading each source's facts into its own graph.
 * Lines are taken apart by the N-Quads grammar (IRIs, blank nodes, literals with their escapes,
 * language tags and datatypes) and every triple is copied byte for byte; blank lines and comments
 * are skipped. A line that does not parse, or a blank node as graph name, is an error (reported
 * with its line number under name): the text came from our own writer, so it means a bug.
 * data must stay valid while the result is used.
 */
typedef struct coop_gsp_split coop_gsp_split;

coop_result coop_gsp_split_nquads(coop_gsp_split **out, const char *name, const char *data, size_t size,
                                  coop_diag_sink *diag);
/* Graphs, sorted by IRI, with the default graph (name NULL) first when it has triples. */
size_t coop_gsp_split_count(const coop_gsp_split *split);
const char *coop_gsp_split_graph(const coop_gsp_split *split, size_t i);
uint64_t coop_gsp_split_triples(const coop_gsp_split *split, size_t i);
/* Size in bytes of graph i's N-Triples body. */
uint64_t coop_gsp_split_size(const coop_gsp_split *split, size_t i);
/* Builds graph i's N-Triples body (one "S P O .\n" per triple, in input order); free() it. */
char *coop_gsp_split_body(const coop_gsp_split *split, size_t i, size_t *size);
void coop_gsp_split_free(coop_gsp_split *split);

#ifdef __cplusplus
}
#endif

#endif
