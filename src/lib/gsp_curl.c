/*
 * The Graph Store Protocol client over libcurl (the only libcurl user), and the N-Quads splitter
 * that turns one export into a body per source graph. See include/coopgraph/gsp.h.
 */
#include "coopgraph/gsp.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "buf.h"
#include "escape.h"
#include "iri.h"

#ifndef COOP_VERSION
#define COOP_VERSION "unknown"
#endif

/* How much of an answer's body is kept for the error message. */
#define EXCERPT_BYTES 300
/* The longest wait between two attempts. */
#define MAX_BACKOFF_SECONDS 60u

const char *coop_gsp_method_name(coop_gsp_method method)
{
	return method == COOP_GSP_POST ? "POST" : "PUT";
}

const char *coop_gsp_auth_name(coop_gsp_auth auth)
{
	switch (auth) {
	case COOP_GSP_AUTH_BASIC: return "basic";
	case COOP_GSP_AUTH_DIGEST: return "digest";
	case COOP_GSP_AUTH_ANY: break;
	}
	return "any";
}

int coop_gsp_auth_from_name(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "any") == 0)
		return COOP_GSP_AUTH_ANY;
	if (strcmp(name, "basic") == 0)
		return COOP_GSP_AUTH_BASIC;
	if (strcmp(name, "digest") == 0)
		return COOP_GSP_AUTH_DIGEST;
	return -1;
}

/* ---- URLs ---- */

const char *coop_gsp_endpoint_check(const char *endpoint)
{
	if (!endpoint || !*endpoint)
		return "must not be empty";
	for (const unsigned char *p = (const unsigned char *)endpoint; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return "must be printable ASCII without spaces (percent-encode anything else)";
	CURLU *url = curl_url();
	if (!url)
		coop_oom();
	const char *why = NULL;
	char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL, *fragment = NULL;
	if (curl_url_set(url, CURLUPART_URL, endpoint, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		why = "is not an absolute URL such as http://localhost:8890/sparql-graph-crud-auth";
	} else if (curl_url_get(url, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	           (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		why = "must start with http:// or https://";
	} else if (curl_url_get(url, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		why = "has no host";
	} else if (curl_url_get(url, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	           curl_url_get(url, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK) {
		why = "must not contain a user name or password (use --user and COOPGRAPH_PASSWORD or --password-file)";
	} else if (curl_url_get(url, CURLUPART_FRAGMENT, &fragment, 0) == CURLUE_OK) {
		why = "must not contain a fragment ('#...')";
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(password);
	curl_free(fragment);
	curl_url_cleanup(url);
	return why;
}

const char *coop_gsp_graph_check(const char *graph)
{
	if (!graph || !*graph)
		return "must not be empty";
	if (!coop_iri_valid(graph))
		return "must be an absolute IRI (scheme:...) of printable ASCII without spaces or < > \" { } | \\ ^ `, "
		       "with every '%' followed by two hex digits";
	return NULL;
}

char *coop_gsp_url(const char *endpoint, const char *graph)
{
	static const char hex[] = "0123456789ABCDEF";
	coop_buf url = COOP_BUF_INIT;
	coop_buf_puts(&url, endpoint);
	const char *question = strchr(endpoint, '?');
	if (!question)
		coop_buf_putc(&url, '?');
	else if (question[1] && url.data[url.len - 1] != '&')
		coop_buf_putc(&url, '&');
	coop_buf_puts(&url, "graph=");
	for (const unsigned char *p = (const unsigned char *)graph; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			coop_buf_putc(&url, (char)c);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			coop_buf_append(&url, enc, 3);
		}
	}
	return coop_buf_detach(&url);
}

/* ---- cleaning what the server says before it reaches a terminal ---- */

/*
 * Copies the n bytes at s into dst (of dst_size) as one line of text: no control characters (a
 * hostile server must not drive the terminal), no invisible format characters, runs of white space
 * as one space, invalid UTF-8 as U+FFFD. Appends "..." when cut, or when truncated says that s is
 * only the start of a longer text.
 */
static void clean_text(char *dst, size_t dst_size, const char *s, size_t n, int truncated)
{
	int cut = truncated;
	if (truncated) {
		/* do not show a UTF-8 sequence cut in two as U+FFFD */
		size_t back = 0;
		while (back < 3 && back < n && ((unsigned char)s[n - 1 - back] & 0xC0) == 0x80)
			back++;
		if (back < n) {
			unsigned char lead = (unsigned char)s[n - 1 - back];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (need > back + 1)
				n -= back + 1;
		}
	}
	coop_buf raw = COOP_BUF_INIT, clean = COOP_BUF_INIT;
	coop_buf_append(&raw, s, n);
	for (size_t i = 0; i < raw.len; i++)
		if (raw.data[i] == '\0')
			raw.data[i] = ' ';
	coop_strip_controls(&clean, coop_buf_str(&raw));
	size_t out = 0;
	int space = 1; /* drops leading white space */
	const char *text = coop_buf_str(&clean);
	for (size_t i = 0; text[i];) {
		if (text[i] == ' ') {
			if (!space && out + 5 <= dst_size)
				dst[out++] = ' ';
			space = 1;
			i++;
			continue;
		}
		/* keep multi-byte characters whole, and room for "..." and the NUL */
		unsigned char c = (unsigned char)text[i];
		size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (out + len + 4 > dst_size) {
			cut = 1;
			break;
		}
		memcpy(dst + out, text + i, len);
		out += len;
		i += len;
		space = 0;
	}
	while (out > 0 && dst[out - 1] == ' ')
		out--;
	if (cut && out + 3 < dst_size) {
		memcpy(dst + out, "...", 3);
		out += 3;
	}
	dst[out] = '\0';
	coop_buf_free(&raw);
	coop_buf_free(&clean);
}

/* ---- the client ---- */

struct coop_gsp_client {
	CURL *curl;
	char *endpoint;
	coop_gsp_opts opts;
	char errbuf[CURL_ERROR_SIZE];
	/* the attempt in progress */
	const coop_gsp_body *body;
	uint64_t body_pos;
	int body_read_failed;
	char raw_excerpt[EXCERPT_BYTES + 1];
	size_t raw_excerpt_len;
	int answer_too_long; /* more body than the excerpt holds */
	char status_line[160];
};

static size_t on_body_read(char *dest, size_t size, size_t nitems, void *payload)
{
	coop_gsp_client *c = payload;
	const coop_gsp_body *body = c->body;
	size_t want = size * nitems;
	uint64_t left = body->size - c->body_pos;
	if (want > left)
		want = (size_t)left;
	if (want == 0)
		return 0;
	size_t got;
	if (body->data) {
		memcpy(dest, body->data + c->body_pos, want);
		got = want;
	} else {
		got = fread(dest, 1, want, body->file);
		if (got == 0) {
			/* shorter than it was a moment ago, or unreadable: never send a truncated graph */
			c->body_read_failed = 1;
			return CURL_READFUNC_ABORT;
		}
	}
	c->body_pos += got;
	return got;
}

/* libcurl rewinds the body when it must send it again (after a digest challenge, on a retry). */
static int on_body_seek(void *payload, curl_off_t offset, int origin)
{
	coop_gsp_client *c = payload;
	if (origin != SEEK_SET || offset < 0 || (uint64_t)offset > c->body->size)
		return CURL_SEEKFUNC_CANTSEEK;
	if (!c->body->data && fseeko(c->body->file, (off_t)offset, SEEK_SET) != 0)
		return CURL_SEEKFUNC_FAIL;
	c->body_pos = (uint64_t)offset;
	return CURL_SEEKFUNC_OK;
}

static size_t on_answer_body(char *data, size_t size, size_t nmemb, void *payload)
{
	coop_gsp_client *c = payload;
	size_t n = size * nmemb;
	size_t room = EXCERPT_BYTES - c->raw_excerpt_len;
	size_t take = n < room ? n : room;
	memcpy(c->raw_excerpt + c->raw_excerpt_len, data, take);
	c->raw_excerpt_len += take;
	if (take < n)
		c->answer_too_long = 1;
	return n; /* the rest is read and dropped */
}

static size_t on_header(char *data, size_t size, size_t nitems, void *payload)
{
	coop_gsp_client *c = payload;
	size_t n = size * nitems;
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		/* a new answer (after 100 Continue or an authentication challenge): only the last one counts */
		size_t len = n;
		while (len > 0 && (data[len - 1] == '\r' || data[len - 1] == '\n'))
			len--;
		clean_text(c->status_line, sizeof c->status_line, data, len, 0);
		c->raw_excerpt_len = 0;
		c->answer_too_long = 0;
	}
	return n;
}

static void free_client(coop_gsp_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	free(c->endpoint);
	free(c);
	curl_global_cleanup();
}

#define SETOPT(option, value) \
	do { \
		if (ok == CURLE_OK) \
			ok = curl_easy_setopt(c->curl, option, value); \
	} while (0)

coop_result coop_gsp_client_new(coop_gsp_client **out, const char *endpoint, const coop_gsp_opts *opts,
                                coop_diag_sink *diag)
{
	*out = NULL;
	CURLcode ok = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (ok != CURLE_OK) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot initialise libcurl: %s", curl_easy_strerror(ok));
		return COOP_ERR_IO;
	}
	coop_gsp_client *c = coop_xcalloc(1, sizeof *c);
	c->opts = *opts;
	c->endpoint = coop_xstrdup(endpoint);
	c->curl = curl_easy_init();
	if (!c->curl) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot initialise libcurl");
		free_client(c);
		return COOP_ERR_IO;
	}
	SETOPT(CURLOPT_ERRORBUFFER, c->errbuf);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	SETOPT(CURLOPT_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SETOPT(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	SETOPT(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(CURLOPT_USERAGENT, "coopgraph/" COOP_VERSION);
	SETOPT(CURLOPT_TIMEOUT, (long)opts->timeout);
	SETOPT(CURLOPT_CONNECTTIMEOUT, (long)opts->connect_timeout);
	SETOPT(CURLOPT_READFUNCTION, on_body_read);
	SETOPT(CURLOPT_READDATA, c);
	SETOPT(CURLOPT_SEEKFUNCTION, on_body_seek);
	SETOPT(CURLOPT_SEEKDATA, c);
	SETOPT(CURLOPT_WRITEFUNCTION, on_answer_body);
	SETOPT(CURLOPT_WRITEDATA, c);
	SETOPT(CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(CURLOPT_HEADERDATA, c);
	if (opts->user) {
		long auth = opts->auth == COOP_GSP_AUTH_BASIC    ? (long)CURLAUTH_BASIC
		            : opts->auth == COOP_GSP_AUTH_DIGEST ? (long)CURLAUTH_DIGEST
		                                                 : (long)(CURLAUTH_BASIC | CURLAUTH_DIGEST);
		SETOPT(CURLOPT_HTTPAUTH, auth);
		SETOPT(CURLOPT_USERNAME, opts->user);
		SETOPT(CURLOPT_PASSWORD, opts->password ? opts->password : "");
	}
	c->opts.user = NULL; /* libcurl keeps its own copies */
	c->opts.password = NULL;
	if (ok != CURLE_OK) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot set up libcurl: %s", curl_easy_strerror(ok));
		free_client(c);
		return COOP_ERR_IO;
	}
	*out = c;
	return COOP_OK;
}

void coop_gsp_client_free(coop_gsp_client *client)
{
	if (client)
		free_client(client);
}

/* Failures that may go away by themselves: the network, an overloaded or restarting server. */
static int transient_error(CURLcode code)
{
	switch (code) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static int transient_status(long status)
{
	return status >= 500 || status == 429 || status == 408;
}

static void sleep_seconds(unsigned seconds)
{
	struct timespec left = {(time_t)seconds, 0};
	while (nanosleep(&left, &left) != 0 && errno == EINTR)
		;
}

coop_result coop_gsp_send(coop_gsp_client *c, coop_gsp_method method, const char *graph,
                          const coop_gsp_body *body, coop_gsp_response *response, coop_diag_sink *diag)
{
	coop_gsp_response dummy;
	if (!response)
		response = &dummy;
	memset(response, 0, sizeof *response);
	const char *verb = coop_gsp_method_name(method);
	char *url = coop_gsp_url(c->endpoint, graph);

	struct curl_slist *headers = NULL, *more;
	coop_buf content_type = COOP_BUF_INIT;
	coop_buf_printf(&content_type, "Content-Type: %s", body->content_type);
	/* an empty "Expect:" stops libcurl from waiting for 100 Continue before large bodies */
	const char *lines[] = {coop_buf_str(&content_type), "Expect:"};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		more = curl_slist_append(headers, lines[i]);
		if (!more)
			coop_oom();
		headers = more;
	}

	CURLcode ok = CURLE_OK;
	SETOPT(CURLOPT_URL, url);
	SETOPT(CURLOPT_HTTPHEADER, headers);
	if (method == COOP_GSP_PUT) {
		SETOPT(CURLOPT_POST, 0L);
		SETOPT(CURLOPT_UPLOAD, 1L);
		SETOPT(CURLOPT_INFILESIZE_LARGE, (curl_off_t)body->size);
	} else {
		SETOPT(CURLOPT_UPLOAD, 0L);
		SETOPT(CURLOPT_POST, 1L);
		SETOPT(CURLOPT_POSTFIELDS, (const char *)NULL);
		SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->size);
	}
	coop_result result = COOP_ERR_IO;
	if (ok != CURLE_OK) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "%s %s: cannot set up libcurl: %s", verb, url, curl_easy_strerror(ok));
		goto done;
	}

	c->body = body;
	unsigned delay = 1;
	for (unsigned attempt = 1;; attempt++) {
		c->body_pos = 0;
		c->body_read_failed = 0;
		c->raw_excerpt_len = 0;
		c->answer_too_long = 0;
		c->status_line[0] = '\0';
		c->errbuf[0] = '\0';
		if (!body->data && fseeko(body->file, 0, SEEK_SET) != 0) {
			coop_diag(diag, COOP_SEV_ERROR, NULL, "%s %s: cannot rewind the body: %s", verb, url, strerror(errno));
			result = COOP_ERR_IO;
			break;
		}
		CURLcode code = curl_easy_perform(c->curl);
		response->attempts = attempt;
		long status = 0;
		curl_off_t sent = 0;
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
		if (curl_easy_getinfo(c->curl, CURLINFO_SIZE_UPLOAD_T, &sent) == CURLE_OK && sent > 0)
			response->bytes_sent = (uint64_t)sent;
		response->status = code == CURLE_OK ? status : 0;
		memcpy(response->status_line, c->status_line, sizeof response->status_line);
		clean_text(response->excerpt, sizeof response->excerpt, c->raw_excerpt, c->raw_excerpt_len,
		           c->answer_too_long);
		if (code == CURLE_OK && status >= 200 && status < 300) {
			if (response->bytes_sent != body->size) {
				/* a success for less than the whole body must not pass for a complete load */
				coop_diag(diag, COOP_SEV_ERROR, NULL,
				          "%s %s: the server answered \"%s\" after %" PRIu64 " of %" PRIu64 " bytes", verb, url,
				          response->status_line, response->bytes_sent, body->size);
				result = COOP_ERR_IO;
			} else {
				result = COOP_OK;
			}
			break;
		}

		coop_buf what = COOP_BUF_INIT;
		int again;
		if (c->body_read_failed) {
			coop_buf_puts(&what, "the body could not be read completely");
			again = 0;
		} else if (code != CURLE_OK) {
			coop_buf_puts(&what, c->errbuf[0] ? c->errbuf : curl_easy_strerror(code));
			again = transient_error(code);
		} else {
			coop_buf_printf(&what, "the server answered \"%s\"",
			                response->status_line[0] ? response->status_line : "(no status line)");
			if (status >= 300 && status < 400) {
				char *location = NULL;
				if (curl_easy_getinfo(c->curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) {
					char clean[300];
					clean_text(clean, sizeof clean, location, strlen(location), 0);
					coop_buf_printf(&what, ", a redirect to %s (not followed: if that is the store's endpoint, "
					                       "use it as the endpoint)",
					                clean);
				}
			}
			again = transient_status(status);
		}
		if (again && attempt <= c->opts.retries) {
			coop_diag(diag, COOP_SEV_NOTE, NULL, "%s %s: %s; trying again in %u s (retry %u of %u)", verb, url,
			          coop_buf_str(&what), delay, attempt, c->opts.retries);
			coop_buf_free(&what);
			sleep_seconds(delay);
			delay = delay * 2 > MAX_BACKOFF_SECONDS ? MAX_BACKOFF_SECONDS : delay * 2;
			continue;
		}
		/* the body excerpt only once, in the final message: the notes before would repeat it */
		if (code == CURLE_OK && response->excerpt[0])
			coop_buf_printf(&what, ": %s", response->excerpt);
		if (attempt > 1)
			coop_diag(diag, COOP_SEV_ERROR, NULL, "%s %s: %s (gave up after %u attempts)", verb, url,
			          coop_buf_str(&what), attempt);
		else
			coop_diag(diag, COOP_SEV_ERROR, NULL, "%s %s: %s", verb, url, coop_buf_str(&what));
		coop_buf_free(&what);
		result = c->body_read_failed ? COOP_ERR_INPUT : COOP_ERR_IO;
		break;
	}
	c->body = NULL;

done:
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	curl_slist_free_all(headers);
	coop_buf_free(&content_type);
	free(url);
	return result;
}

/* ---- N-Quads to one N-Triples body per graph ---- */

typedef struct {
	size_t start;    /* the triple: subject, predicate, object, as written */
	size_t length;
	size_t next;     /* the graph's next line, or NO_LINE */
} split_line;

typedef struct {
	char *iri;       /* NULL: the default graph */
	uint64_t triples;
	uint64_t bytes;  /* of the N-Triples body */
	size_t first, last;
} split_graph;

#define NO_LINE ((size_t)-1)
#define NO_GRAPH ((size_t)-1)

struct coop_gsp_split {
	const char *data;
	split_line *lines;
	size_t line_count, line_cap;
	split_graph *graphs;
	size_t graph_count, graph_cap;
	size_t *slots;    /* hash table of graph indices by IRI, NO_GRAPH when empty */
	size_t slot_count;
	size_t default_graph;
	size_t *order;    /* graphs sorted for the caller */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

static void rehash(coop_gsp_split *s)
{
	size_t count = s->slot_count ? s->slot_count * 2 : 64;
	free(s->slots);
	s->slots = coop_xmalloc(count * sizeof *s->slots);
	s->slot_count = count;
	for (size_t i = 0; i < count; i++)
		s->slots[i] = NO_GRAPH;
	for (size_t g = 0; g < s->graph_count; g++) {
		if (!s->graphs[g].iri)
			continue;
		size_t i = (size_t)(hash_bytes(s->graphs[g].iri, strlen(s->graphs[g].iri)) & (count - 1));
		while (s->slots[i] != NO_GRAPH)
			i = (i + 1) & (count - 1);
		s->slots[i] = g;
	}
}

static size_t add_graph(coop_gsp_split *s, char *iri)
{
	coop_xgrow((void **)&s->graphs, &s->graph_cap, s->graph_count + 1, sizeof *s->graphs);
	split_graph *g = &s->graphs[s->graph_count];
	g->iri = iri;
	g->triples = 0;
	g->bytes = 0;
	g->first = g->last = NO_LINE;
	return s->graph_count++;
}

static size_t find_graph(coop_gsp_split *s, const char *iri, size_t n)
{
	if (!iri) {
		if (s->default_graph == NO_GRAPH)
			s->default_graph = add_graph(s, NULL);
		return s->default_graph;
	}
	if ((s->graph_count + 1) * 2 > s->slot_count)
		rehash(s);
	size_t mask = s->slot_count - 1;
	size_t i = (size_t)(hash_bytes(iri, n) & mask);
	for (; s->slots[i] != NO_GRAPH; i = (i + 1) & mask) {
		const char *have = s->graphs[s->slots[i]].iri;
		if (have && strlen(have) == n && memcmp(have, iri, n) == 0)
			return s->slots[i];
	}
	char *copy = coop_xmalloc(n + 1);
	memcpy(copy, iri, n);
	copy[n] = '\0';
	s->slots[i] = add_graph(s, copy);
	return s->slots[i];
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Each scan_* takes p at the first character of a term and returns the end of it, or NULL. */
static const char *scan_iri(const char *p, const char *end)
{
	if (p >= end || *p != '<')
		return NULL;
	for (p++; p < end; p++) {
		if (*p == '>')
			return p + 1;
		if (*p == '<' || *p == '"' || *p == ' ' || *p == '\t')
			return NULL;
	}
	return NULL;
}

static const char *scan_blank(const char *p, const char *end)
{
	if (end - p < 3 || p[0] != '_' || p[1] != ':')
		return NULL;
	const char *label = p + 2;
	p = label;
	while (p < end && *p != ' ' && *p != '\t' && *p != '<' && *p != '"')
		p++;
	while (p > label && p[-1] == '.') /* "_:b1." is the label b1 and the final dot */
		p--;
	return p > label ? p : NULL;
}

static const char *scan_literal(const char *p, const char *end)
{
	if (p >= end || *p != '"')
		return NULL;
	for (p++; p < end && *p != '"'; p++)
		if (*p == '\\')
			p++;
	if (p >= end)
		return NULL;
	p++;
	if (p < end && *p == '@') {
		const char *tag = ++p;
		while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		                   *p == '-'))
			p++;
		return p > tag ? p : NULL;
	}
	if (end - p >= 2 && p[0] == '^' && p[1] == '^')
		return scan_iri(p + 2, end);
	return p;
}

static const char *scan_node(const char *p, const char *end)
{
	return p < end && *p == '<' ? scan_iri(p, end) : scan_blank(p, end);
}

/* Parses one line; sets the triple's end and the graph name (NULL, 0 for the default graph). */
static const char *parse_quad(const char *p, const char *end, const char **triple_end, const char **graph,
                              size_t *graph_len)
{
	p = scan_node(p, end);
	if (!p)
		return "cannot read the subject";
	p = skip_blanks(p, end);
	p = scan_iri(p, end);
	if (!p)
		return "cannot read the predicate";
	p = skip_blanks(p, end);
	const char *object = p;
	p = p < end && *p == '"' ? scan_literal(p, end) : scan_node(p, end);
	if (!p || p == object)
		return "cannot read the object";
	*triple_end = p;
	p = skip_blanks(p, end);
	*graph = NULL;
	*graph_len = 0;
	if (p < end && *p == '_')
		return "a blank node names the graph";
	if (p < end && *p == '<') {
		const char *g = p;
		p = scan_iri(p, end);
		if (!p)
			return "cannot read the graph name";
		*graph = g + 1;
		*graph_len = (size_t)(p - g - 2);
		p = skip_blanks(p, end);
	}
	if (p >= end || *p != '.')
		return "no '.' at the end of the statement";
	p = skip_blanks(p + 1, end);
	if (p < end && *p != '#' && *p != '\r')
		return "text after the final '.'";
	return NULL;
}

typedef struct {
	const char *iri;
	size_t index;
} graph_key;

static int compare_graphs(const void *a, const void *b)
{
	const char *x = ((const graph_key *)a)->iri, *y = ((const graph_key *)b)->iri;
	if (!x || !y)
		return x ? 1 : y ? -1 : 0;
	return strcmp(x, y);
}

coop_result coop_gsp_split_nquads(coop_gsp_split **out, const char *name, const char *data, size_t size,
                                  coop_diag_sink *diag)
{
	*out = NULL;
	coop_gsp_split *s = coop_xcalloc(1, sizeof *s);
	s->data = data;
	s->default_graph = NO_GRAPH;
	const char *end = data + size;
	uint32_t line_no = 0;
	for (const char *line = data; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			eol = end;
		line_no++;
		const char *p = skip_blanks(line, eol);
		if (p < eol && *p != '#' && *p != '\r') {
			const char *triple_end = NULL, *graph = NULL;
			size_t graph_len = 0;
			const char *why = parse_quad(p, eol, &triple_end, &graph, &graph_len);
			if (why) {
				coop_loc loc = {name, line_no, (uint32_t)(p - line) + 1};
				coop_diag(diag, COOP_SEV_ERROR, &loc, "internal error: not an N-Quads statement: %s", why);
				coop_gsp_split_free(s);
				return COOP_ERR_INTERNAL;
			}
			size_t g = find_graph(s, graph, graph_len);
			coop_xgrow((void **)&s->lines, &s->line_cap, s->line_count + 1, sizeof *s->lines);
			split_line *l = &s->lines[s->line_count];
			l->start = (size_t)(p - data);
			l->length = (size_t)(triple_end - p);
			l->next = NO_LINE;
			split_graph *sg = &s->graphs[g];
			if (sg->last == NO_LINE)
				sg->first = s->line_count;
			else
				s->lines[sg->last].next = s->line_count;
			sg->last = s->line_count;
			sg->triples++;
			sg->bytes += l->length + 3; /* " .\n" */
			s->line_count++;
		}
		line = eol + 1;
	}
	size_t n = s->graph_count ? s->graph_count : 1;
	graph_key *keys = coop_xmalloc(n * sizeof *keys);
	for (size_t i = 0; i < s->graph_count; i++)
		keys[i] = (graph_key){s->graphs[i].iri, i};
	qsort(keys, s->graph_count, sizeof *keys, compare_graphs);
	s->order = coop_xmalloc(n * sizeof *s->order);
	for (size_t i = 0; i < s->graph_count; i++)
		s->order[i] = keys[i].index;
	free(keys);
	*out = s;
	return COOP_OK;
}

size_t coop_gsp_split_count(const coop_gsp_split *split)
{
	return split->graph_count;
}

const char *coop_gsp_split_graph(const coop_gsp_split *split, size_t i)
{
	return split->graphs[split->order[i]].iri;
}

uint64_t coop_gsp_split_triples(const coop_gsp_split *split, size_t i)
{
	return split->graphs[split->order[i]].triples;
}

uint64_t coop_gsp_split_size(const coop_gsp_split *split, size_t i)
{
	return split->graphs[split->order[i]].bytes;
}

char *coop_gsp_split_body(const coop_gsp_split *split, size_t i, size_t *size)
{
	const split_graph *g = &split->graphs[split->order[i]];
	char *body = coop_xmalloc((size_t)g->bytes + 1);
	size_t at = 0;
	for (size_t l = g->first; l != NO_LINE; l = split->lines[l].next) {
		const split_line *line = &split->lines[l];
		memcpy(body + at, split->data + line->start, line->length);
		at += line->length;
		memcpy(body + at, " .\n", 3);
		at += 3;
	}
	body[at] = '\0';
	*size = at;
	return body;
}

void coop_gsp_split_free(coop_gsp_split *split)
{
	if (!split)
		return;
	for (size_t i = 0; i < split->graph_count; i++)
		free(split->graphs[i].iri);
	free(split->graphs);
	free(split->lines);
	free(split->slots);
	free(split->order);
	free(split);
}
