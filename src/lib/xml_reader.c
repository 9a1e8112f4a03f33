/*
 * The only libxml2 user: reads coopgraph XML into the model.
 *
 * Design: a SAX2 parser with the XSD plugged into the same stream (xmlSchemaSAXPlug), reading from a
 * file descriptor through our own callback. Nothing is ever held but the entity being read: each
 * child of the root (an institution, a person, ...) is collected into a small tree of our own
 * (record_node) in a scratch arena, mapped into the model when its end tag arrives, and dropped.
 * Memory therefore grows with the model, not with the file.
 *
 * Hostile input policy, and why each piece is here:
 * - the file is read by us (read(2), size cap, no gunzip, no URLs); a NUL byte, a compressed file or
 *   a non-UTF-8 byte-order mark is rejected before libxml2 sees it;
 * - any DOCTYPE is rejected when the parser reports it, before its internal subset is parsed, which
 *   removes entity expansion (billion laughs, quadratic blow-up) and external DTDs as a class;
 * - the external entity loader refuses everything, catalogs are off and XML_PARSE_NONET is set, so no
 *   file or network resource is ever opened on behalf of the document;
 * - the schema is compiled from coopgraph's embedded copy; xsi:schemaLocation is never consulted;
 * - an encoding declaration other than UTF-8 is rejected;
 * - libxml2's own limits stay on (no XML_PARSE_HUGE): depth 256, 10 MB text nodes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "alloc.h"
#include "arena.h"
#include "coopgraph/reader.h"
#include "langtag.h"
#include "model_impl.h"

extern const unsigned char coop_schema_xsd[];
extern const size_t coop_schema_xsd_len;
extern const unsigned char coop_published_xsd[];
extern const size_t coop_published_xsd_len;
extern const unsigned char coop_xml_ns_xsd[];
extern const size_t coop_xml_ns_xsd_len;

#define COOP_NS "https://w3id.org/coopgraph/ns/1"
/* Text kept per element: the XSD caps fields far below this; the cap only bounds memory while the
 * schema error for an over-long field is on its way. */
#define MAX_TEXT (64 * 1024)
/* Elements deeper than an entity's grandchildren are never valid; they are not collected. */
#define MAX_RECORD_DEPTH 4

/* ---- libxml2 global setup ---- */

static xmlSchemaPtr schema;
static int schema_unreadable; /* it compiled, but its content models are not what the tables describe */
/* the published schema, bounds and all: compiled on the first content-model error (see
 * bounded_message) */
static xmlSchemaPtr bounded_schema;
static int bounded_failed;
static int schema_failed;

/* The schema imports the XML namespace (for xml:lang) from its standard address; while the schema is
 * being compiled, and only then, that one address is answered from coopgraph's embedded copy. */
#define XML_NS_SCHEMA_URL "http://www.w3.org/2001/xml.xsd"
static int compiling_schema;

static xmlParserInputPtr deny_entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	if (compiling_schema && ctxt && url && strcmp(url, XML_NS_SCHEMA_URL) == 0) {
		/* the embedded copy is NUL-terminated */
		xmlParserInputPtr in = xmlNewStringInputStream(ctxt, (const xmlChar *)coop_xml_ns_xsd);
		return in;
	}
	return NULL;
}

static void quiet_generic_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void schema_compile_error(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	fprintf(stderr, "coopgraph: internal error: embedded schema:%d: %s", err ? err->line : 0, err && err->message ? err->message : "?\n");
}

/* ---- the content models, as the reader's copy of the schema states them ---- */

/* Two checks moved from libxml2 to C need to know, for each collected element, its type and the
 * bounds of its place in the parent's sequence. libxml2 builds the bounds maxOccurs="100" and
 * maxOccurs="1000" as counters in its content automaton, which cannot then be compacted: every child
 * element was copied (xmlStrdup) into an input stack and the automaton's state arrays were
 * allocated and freed per element, a sixth of a validation run. cmake/ReaderSchema.cmake therefore
 * makes those particles unbounded in the reader's copy and keeps each bound in an attribute of its
 * own namespace (READER_NS:maxOccurs); the published schema is unchanged. The tables below are read
 * from that copy once, so they follow the schema without a list kept by hand. */
#define READER_NS "urn:x-coopgraph:reader"
#define XSD_NS "http://www.w3.org/2001/XMLSchema"

typedef struct {
	char *name;
	int type;          /* index of its complex type in content_types, or -1 (a simple type) */
	uint32_t min_occurs;
	uint32_t max_occurs; /* the bound checked here; 0 when libxml2 checks it or there is none */
} particle;

typedef struct {
	char *name;
	char *base;        /* the type a simpleContent extension builds on, or NULL */
	int sequence;      /* its particles form an xs:sequence, where bounds and order apply */
	int text_value;    /* its content is TextValue (see is_text_value) */
	particle *parts;
	size_t part_count;
} content_type;

static content_type *content_types;
static size_t content_type_count;
static char *root_name; /* the global element and its type */
static int root_type = -1;

static int is_xsd(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST XSD_NS) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

static char *xsd_attr(const xmlNode *n, const char *name, const char *ns)
{
	xmlChar *v = ns ? xmlGetNsProp(n, BAD_CAST name, BAD_CAST ns) : xmlGetNoNsProp(n, BAD_CAST name);
	if (!v)
		return NULL;
	char *copy = coop_xstrdup((const char *)v);
	xmlFree(v);
	return copy;
}

static int type_index(const char *qname)
{
	if (!qname)
		return -1;
	const char *colon = strchr(qname, ':');
	const char *local = colon ? colon + 1 : qname;
	for (size_t i = 0; i < content_type_count; i++)
		if (strcmp(content_types[i].name, local) == 0)
			return (int)i;
	return -1;
}

/* A minOccurs or maxOccurs value into *out (0 for "unbounded"); -1 when it is neither that nor a
 * number of at most nine digits. */
static int occurs(const xmlNode *n, const char *name, const char *ns, uint32_t dflt, uint32_t *out)
{
	char *v = xsd_attr(n, name, ns);
	*out = dflt;
	if (!v)
		return 0;
	size_t len = strlen(v);
	int ok = strcmp(v, "unbounded") == 0 || (len > 0 && len <= 9 && strspn(v, "0123456789") == len);
	if (ok)
		*out = v[0] == 'u' ? 0 : (uint32_t)strtoul(v, NULL, 10);
	free(v);
	return ok ? 0 : -1;
}

/* Every READER_NS bound in the document, wherever it is: the ones the tables hold must be all. */
static size_t count_bounds(const xmlNode *n)
{
	size_t c = 0;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (const xmlAttr *a = n->properties; a; a = a->next)
			c += a->ns && xmlStrEqual(a->ns->href, BAD_CAST READER_NS);
		c += count_bounds(n->children);
	}
	return c;
}

/* The particles of a model group; -1 for what the tables cannot describe: a particle that is not
 * a named element (a reference, a nested group, a wildcard) or occurrences that are not numbers. */
static int read_particles(content_type *t, const xmlNode *group, size_t *bounds)
{
	size_t count = 0;
	int ok = 1;
	for (const xmlNode *k = group->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE || is_xsd(k, "annotation"))
			continue;
		if (is_xsd(k, "element") && xmlHasProp(k, BAD_CAST "name"))
			count++;
		else
			ok = 0;
	}
	t->parts = coop_xcalloc(count ? count : 1, sizeof *t->parts);
	for (const xmlNode *k = group->children; k && ok; k = k->next) {
		if (!is_xsd(k, "element"))
			continue;
		particle *p = &t->parts[t->part_count++];
		p->name = xsd_attr(k, "name", NULL);
		char *type = xsd_attr(k, "type", NULL);
		p->type = type_index(type);
		free(type);
		ok &= occurs(k, "minOccurs", NULL, 1, &p->min_occurs) == 0 &&
		      occurs(k, "maxOccurs", READER_NS, 0, &p->max_occurs) == 0;
		*bounds += p->max_occurs != 0;
	}
	return ok ? 0 : -1;
}

static void free_content_types(void)
{
	for (size_t i = 0; i < content_type_count; i++) {
		for (size_t k = 0; k < content_types[i].part_count; k++)
			free(content_types[i].parts[k].name);
		free(content_types[i].parts);
		free(content_types[i].name);
		free(content_types[i].base);
	}
	free(content_types);
	content_types = NULL;
	content_type_count = 0;
	free(root_name);
	root_name = NULL;
	root_type = -1;
}

/* Reads the tables; -1 when the schema has a shape they cannot describe (a bound on a group, a
 * nested group, a complexContent extension), so that such a change fails every run, not quietly. */
static int read_content_types(void)
{
	xmlDocPtr doc = xmlReadMemory((const char *)coop_schema_xsd, (int)coop_schema_xsd_len, "reader.xsd",
	                              NULL, XML_PARSE_NONET);
	if (!doc)
		return -1;
	const xmlNode *top = xmlDocGetRootElement(doc);
	size_t count = 0;
	for (const xmlNode *n = top ? top->children : NULL; n; n = n->next)
		count += is_xsd(n, "complexType");
	content_types = coop_xcalloc(count ? count : 1, sizeof *content_types);
	for (const xmlNode *n = top ? top->children : NULL; n; n = n->next)
		if (is_xsd(n, "complexType"))
			content_types[content_type_count++].name = xsd_attr(n, "name", NULL);
	int ok = 1;
	size_t bounds = 0, i = 0;
	for (const xmlNode *n = top ? top->children : NULL; n; n = n->next) {
		if (is_xsd(n, "element") && !root_name) {
			root_name = xsd_attr(n, "name", NULL);
			char *type = xsd_attr(n, "type", NULL);
			root_type = type_index(type);
			free(type);
		}
		if (!is_xsd(n, "complexType"))
			continue;
		content_type *t = &content_types[i++];
		ok &= t->name != NULL;
		for (const xmlNode *k = n->children; k; k = k->next) {
			if (is_xsd(k, "sequence") || is_xsd(k, "choice")) {
				t->sequence = is_xsd(k, "sequence");
				uint32_t min, max;
				/* a bound on a sequence itself would repeat its particles */
				if (t->parts || read_particles(t, k, &bounds) != 0 ||
				    occurs(k, "minOccurs", NULL, 1, &min) != 0 || occurs(k, "maxOccurs", NULL, 1, &max) != 0 ||
				    (t->sequence && (min != 1 || max != 1)))
					ok = 0;
			} else if (is_xsd(k, "simpleContent")) {
				for (const xmlNode *e = k->children; e; e = e->next)
					if (is_xsd(e, "extension") && !t->base)
						t->base = xsd_attr(e, "base", NULL);
			} else if (is_xsd(k, "complexContent") || is_xsd(k, "all") || is_xsd(k, "group")) {
				ok = 0;
			}
		}
	}
	/* TextValue content: an extension of cg:TextValue, or of a type that is one (cg:Quote) */
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t k = 0; k < content_type_count; k++) {
			content_type *t = &content_types[k];
			if (t->text_value || !t->base)
				continue;
			const char *colon = strchr(t->base, ':');
			const char *base = colon ? colon + 1 : t->base;
			int b = type_index(t->base);
			if (strcmp(base, "TextValue") == 0 || (b >= 0 && content_types[b].text_value))
				changed = t->text_value = 1;
		}
	}
	ok &= bounds == count_bounds(top) && root_type >= 0;
	xmlFreeDoc(doc);
	if (!ok)
		free_content_types();
	return ok ? 0 : -1;
}

static xmlSchemaPtr compile_schema(const unsigned char *xsd, size_t len)
{
	xmlSchemaPtr compiled = NULL;
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt((const char *)xsd, (int)len);
	if (pctxt) {
		xmlSchemaSetParserStructuredErrors(pctxt, schema_compile_error, NULL);
		compiling_schema = 1;
		compiled = xmlSchemaParse(pctxt);
		compiling_schema = 0;
		xmlSchemaFreeParserCtxt(pctxt);
	}
	return compiled;
}

static int reader_init(void)
{
	static int done;
	if (done)
		return schema ? 0 : -1;
	done = 1;
	xmlInitParser();
	xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
	xmlSetExternalEntityLoader(deny_entity_loader);
	/* errors are collected per parser context; nothing may print behind our back */
	xmlSetGenericErrorFunc(NULL, quiet_generic_error);

	schema = compile_schema(coop_schema_xsd, coop_schema_xsd_len);
	if (schema && read_content_types() != 0) {
		xmlSchemaFree(schema);
		schema = NULL;
		schema_unreadable = 1;
	}
	if (!schema)
		schema_failed = 1;
	return schema ? 0 : -1;
}

void coop_reader_cleanup(void)
{
	if (schema) {
		xmlSchemaFree(schema);
		schema = NULL;
	}
	if (bounded_schema) {
		xmlSchemaFree(bounded_schema);
		bounded_schema = NULL;
	}
	free_content_types();
	xmlCleanupParser();
}

/* ---- the per-record tree ---- */

typedef struct record_attr {
	const char *name;
	const char *value;
	struct record_attr *next;
} record_attr;

typedef struct record_node {
	const char *name;      /* local name */
	const char *lang;      /* effective xml:lang, or NULL */
	coop_loc loc;
	record_attr *attrs;
	char *text;            /* character content, NUL-terminated */
	size_t text_len, text_cap;
	/* what libxml2 checks TextValue's pattern on: the text before the first child element */
	size_t lead_len;       /* text_len when the first child element started */
	int seen_child;
	int ink;               /* that text has a character other than XML whitespace */
	int foreign;           /* not in coopgraph's namespace: in ns_uri's, or in none */
	const char *ns_uri;
	int type;              /* its complex type (content_types), or -1 */
	int part;              /* the particle it matched in its parent's type, or -1 */
	int run_part;          /* the particle of the parent's type its latest child matched, or -1 */
	uint32_t run;          /* how many children in a row matched run_part */
	struct record_node *parent, *first, *last, *next;
} record_node;

/* Element and attribute names. Most comparisons differ at the first byte; calling strcmp for each
 * child of every record was 5% of a run. */
static inline int same_name(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

/* A reader's state for one file. */
typedef struct {
	coop_model *model;
	coop_diag_sink *diag;
	const coop_read_opts *opts;
	const char *file;          /* model-owned copy of the path, for locations */
	xmlParserCtxtPtr ctxt;

	/* input */
	int fd;
	const char *mem;           /* memory input instead of fd */
	size_t mem_size, mem_pos;
	uint64_t bytes;            /* read so far */
	uint64_t lines_before;     /* newlines in all bytes before the current chunk */
	int first_chunk;
	/* raw scan of start tags, carried across chunks (see scan_tags) */
	enum { SCAN_TEXT, SCAN_LT, SCAN_TAG, SCAN_QUOTE, SCAN_SKIP } scan;
	char scan_quote;
	uint32_t scan_attrs;

	/* outcome */
	size_t errors;             /* errors reported while reading this file */
	int fatal;                 /* stop: a policy violation or an I/O error was reported */
	int io_error;

	/* element stack */
	int depth;
	const char *lang_stack[MAX_RECORD_DEPTH + 2];
	int lang_stack_len;
	coop_arena scratch;        /* the current record */
	coop_arena *arena;         /* where the record's mapped strings go: the model, or scratch when streamed */
	record_node *record;       /* the entity being collected (depth 2), or NULL */
	record_node *current;      /* innermost collected element */
	uint32_t children;         /* child elements of the current record */

	/* recent element starts, to give schema errors a column */
	struct { uint32_t line, col; } recent[32];
	unsigned recent_next;
	/* the latest start tag's '<': its offset in the file plus one (0: none yet), line and column */
	uint64_t tag_offset;
	uint32_t tag_line, tag_col;
	int tag_line_before_buffer; /* its line began before libxml2's buffer (the buffer only moves on) */
	/* the offset of the latest start tag's '<' (UINT64_MAX when it was not in libxml2's buffer any
	 * more; not seen to happen), and of the entity being read */
	uint64_t tag_start, record_start;

	/* a blank text found at its end tag, reported at the next event (see check_blank_text) */
	coop_loc blank_loc;
	char *blank_msg;

	/* the document element: its type, and its children's run (see count_child) */
	int doc_type;
	int doc_run_part;
	uint32_t doc_run;
	/* where libxml2 would not validate (see mute): elements at mute_depth and deeper */
	int mute_depth;        /* 0: none */
	int mute_ours;         /* the mute began with an error reported here (an occurrence bound) */
	int mute_tail;         /* libxml2's errors at the end of the parent just closed are dropped */
	/* what libxml2 is validating since our callback for it returned (reset by next_event) */
	enum { EVENT_NONE, EVENT_START, EVENT_END, EVENT_TEXT } event;
	record_node *event_node; /* the collected element of that start or end tag, or NULL */
} reader;

/* The file being read. libxml2 hands some callbacks the schema plug's context instead of ours (the
 * plug only translates the element and text events), so every callback finds its reader here.
 * Reading is single-threaded: one file at a time. */
static reader *current;

static void rerror(reader *r, const coop_loc *loc, const char *fmt, ...) COOP_PRINTF(3, 4);

static void rerror(reader *r, const coop_loc *loc, const char *fmt, ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->errors++;
	coop_diag(r->diag, COOP_SEV_ERROR, loc, "%s", msg);
}

static void report_blank_text(reader *r);

/* Whether libxml2 would validate nothing at this depth (see mute). */
static int muted_at(const reader *r, int depth)
{
	return r->mute_depth && depth >= r->mute_depth;
}

/* Once a child element is not expected, libxml2 validates nothing more of its parent: not that child,
 * not its later siblings or their content, not the parent's missing children. The checks made here
 * in libxml2's place do the same, and libxml2's own errors there are dropped, since the bounds it
 * no longer checks would have stopped it (ours: the mute began with a bound checked here). */
static void mute(reader *r, int ours)
{
	if (r->mute_depth)
		return;
	r->mute_depth = r->depth;
	r->mute_ours = ours;
}

static void stop(reader *r)
{
	r->fatal = 1;
	if (r->ctxt)
		xmlStopParser(r->ctxt);
}

/* ---- input ---- */

static void count_lines(reader *r, const char *p, size_t n)
{
	const char *end = p + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r->lines_before++;
		p++;
	}
}

/* Line and column (1-based, in characters) of byte offset off within chunk. */
static coop_loc chunk_loc(reader *r, const char *chunk, size_t off)
{
	uint64_t line = r->lines_before + 1;
	size_t line_start = 0;
	for (size_t i = 0; i < off; i++)
		if (chunk[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	uint32_t col = 1;
	for (size_t i = line_start; i < off; i++)
		if (((unsigned char)chunk[i] & 0xC0) != 0x80)
			col++;
	/* a line that started in an earlier chunk has an unknown column: say so with 0 */
	if (line == r->lines_before + 1 && r->bytes > 0 && line_start == 0)
		col = 0;
	return (coop_loc){r->file, (uint32_t)line, col};
}

/* libxml2 checks for duplicate attributes with a loop over the earlier ones, so one element with
 * 100,000 attributes costs minutes before any callback of ours runs. Counting '=' outside quotes in
 * each start tag, on the raw bytes, stops that early. Comments, PIs and CDATA end the scan of a
 * markup item at their first '>', which at worst counts text as attributes: the limit is far above
 * anything the schema allows, so only a pathological document can hit it. */
#define MAX_ATTRIBUTES 64

static int scan_tags(reader *r, const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;
	while (p < end) {
		switch (r->scan) {
		case SCAN_TEXT:
			p = memchr(p, '<', (size_t)(end - p));
			if (!p)
				return 0;
			r->scan = SCAN_LT;
			p++;
			break;
		case SCAN_LT:
			r->scan = (*p == '!' || *p == '?' || *p == '/') ? SCAN_SKIP : SCAN_TAG;
			r->scan_attrs = 0;
			p++;
			break;
		case SCAN_SKIP:
			p = memchr(p, '>', (size_t)(end - p));
			if (!p)
				return 0;
			r->scan = SCAN_TEXT;
			p++;
			break;
		case SCAN_TAG:
			for (; p < end; p++) {
				if (*p == '>') {
					r->scan = SCAN_TEXT;
					p++;
					break;
				}
				if (*p == '"' || *p == '\'') {
					r->scan = SCAN_QUOTE;
					r->scan_quote = *p++;
					break;
				}
				if (*p == '=' && ++r->scan_attrs > MAX_ATTRIBUTES) {
					coop_loc loc = chunk_loc(r, buf, (size_t)(p - buf));
					rerror(r, &loc, "more than %d attributes on one element", MAX_ATTRIBUTES);
					return -1;
				}
			}
			break;
		case SCAN_QUOTE:
			p = memchr(p, r->scan_quote, (size_t)(end - p));
			if (!p)
				return 0;
			r->scan = SCAN_TAG;
			p++;
			break;
		}
	}
	return 0;
}

static int check_chunk(reader *r, const char *buf, size_t n)
{
	if (r->first_chunk && n > 0) {
		r->first_chunk = 0;
		const unsigned char *u = (const unsigned char *)buf;
		coop_loc start = {r->file, 1, 1};
		if (n >= 2 && u[0] == 0x1F && u[1] == 0x8B) {
			rerror(r, &start, "compressed input is not accepted; decompress the file first");
			return -1;
		}
		if ((n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) ||
		    u[0] == 0x00 || (n >= 2 && u[1] == 0x00) || u[0] == 0x4C) {
			rerror(r, &start, "input is not UTF-8 (UTF-16, UTF-32 or EBCDIC?); coopgraph reads UTF-8 only");
			return -1;
		}
	}
	const char *nul = memchr(buf, '\0', n);
	if (nul) {
		coop_loc loc = chunk_loc(r, buf, (size_t)(nul - buf));
		rerror(r, &loc, "NUL byte in input; coopgraph reads UTF-8 text only");
		return -1;
	}
	if (r->opts->max_file_size && r->bytes + n > r->opts->max_file_size) {
		coop_loc loc = {r->file, 0, 0};
		rerror(r, &loc, "file is larger than the limit of %llu bytes (raise it with --max-input-size)",
		       (unsigned long long)r->opts->max_file_size);
		return -1;
	}
	if (scan_tags(r, buf, n) != 0)
		return -1;
	count_lines(r, buf, n);
	r->bytes += n;
	return 0;
}

static int input_read(void *ctx, char *buf, int len)
{
	reader *r = ctx;
	report_blank_text(r);
	if (r->fatal)
		return -1;
	size_t n;
	if (r->mem) {
		n = r->mem_size - r->mem_pos;
		if (n > (size_t)len)
			n = (size_t)len;
		memcpy(buf, r->mem + r->mem_pos, n);
		r->mem_pos += n;
	} else {
		ssize_t got;
		do
			got = read(r->fd, buf, (size_t)len);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			coop_loc loc = {r->file, 0, 0};
			rerror(r, &loc, "cannot read: %s", strerror(errno));
			r->io_error = 1;
			r->fatal = 1;
			return -1;
		}
		n = (size_t)got;
	}
	if (check_chunk(r, buf, n) != 0) {
		r->fatal = 1;
		return -1;
	}
	return (int)n;
}

static int input_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* ---- positions ---- */

static uint32_t utf8_chars(const xmlChar *from, const xmlChar *to)
{
	uint32_t chars = 0;
	for (const xmlChar *q = from; q < to; q++)
		chars += (*q & 0xC0) != 0x80;
	return chars;
}

/* The offset in the file of p in libxml2's buffer (xmlByteConsumed's measure: bytes before the
 * buffer plus the offset in it). Input is UTF-8 only, so buffer and file bytes are the same. */
static uint64_t buffer_offset(xmlParserInputPtr in, const xmlChar *p)
{
	return (uint64_t)in->consumed + (uint64_t)(p - in->base);
}

/* The position of the '<' of the start tag the parser has just read. libxml2 calls startElementNs
 * with the cursor after the attributes, and the whole tag is still in its buffer; attribute values
 * cannot contain a raw '<', so the last '<' before the cursor opens the tag. Its column counts the
 * characters from the start of the line, or, when the previous start tag is on the same line and
 * still in the buffer, from that tag: on a long line (minified XML) counting from the line's start
 * for every element was 40% of a run. */
static coop_loc start_tag_loc(reader *r)
{
	xmlParserInputPtr in = r->ctxt->input;
	coop_loc loc = {r->file, (uint32_t)in->line, (uint32_t)in->col};
	const xmlChar *p = in->cur;
	while (p > in->base && *p != '<')
		p--;
	r->tag_start = *p == '<' ? buffer_offset(in, p) : UINT64_MAX;
	if (*p != '<')
		return loc;
	uint32_t newlines = 0;
	for (const xmlChar *q = p; q < in->cur; q++)
		newlines += *q == '\n';
	loc.line -= newlines;
	uint64_t offset = r->tag_start;
	uint64_t back = offset + 1 - r->tag_offset;
	if (r->tag_offset && r->tag_line == loc.line && offset + 1 > r->tag_offset &&
	    back <= (uint64_t)(p - in->base) && p[-(ptrdiff_t)back] == '<') {
		loc.col = r->tag_col + utf8_chars(p - back, p);
	} else {
		const xmlChar *line_start = p;
		int before_buffer = r->tag_line_before_buffer && r->tag_line == loc.line && newlines == 0;
		if (!before_buffer) {
			while (line_start > in->base && line_start[-1] != '\n')
				line_start--;
			before_buffer = line_start == in->base && newlines == 0;
		}
		if (before_buffer) {
			/* the line began before the buffer: count back from the parser's column (which
			 * later tags do not build on) */
			uint32_t chars = utf8_chars(p, in->cur);
			loc.col = loc.col > chars ? loc.col - chars : 1;
			r->tag_offset = 0;
			r->tag_line = loc.line;
			r->tag_line_before_buffer = 1;
			return loc;
		}
		loc.col = 1 + utf8_chars(line_start, p);
	}
	r->tag_line_before_buffer = 0;
	r->tag_offset = offset + 1;
	r->tag_line = loc.line;
	r->tag_col = loc.col;
	return loc;
}

static void remember_start(reader *r, const coop_loc *loc)
{
	r->recent[r->recent_next % 32].line = loc->line;
	r->recent[r->recent_next % 32].col = loc->col;
	r->recent_next++;
}

static uint32_t column_for_line(const reader *r, uint32_t line)
{
	for (unsigned i = 0; i < 32 && i < r->recent_next; i++) {
		unsigned k = (r->recent_next - 1 - i) % 32;
		if (r->recent[k].line == line)
			return r->recent[k].col;
	}
	return 0;
}

/* ---- error reporting from libxml2 ---- */

/* libxml2 messages end with a newline and name our namespace in braces on every element; both are
 * noise in a one-line message. */
static void clean_message(const char *in, char *out, size_t size)
{
	static const char ns[] = "{" COOP_NS "}";
	static const char xml_ns[] = "{http://www.w3.org/XML/1998/namespace}";
	size_t o = 0;
	while (*in && o + 1 < size) {
		if (strncmp(in, ns, sizeof ns - 1) == 0) {
			in += sizeof ns - 1;
			continue;
		}
		if (strncmp(in, xml_ns, sizeof xml_ns - 1) == 0 && o + 4 < size) {
			in += sizeof xml_ns - 1;
			memcpy(out + o, "xml:", 4);
			o += 4;
			continue;
		}
		char c = *in++;
		out[o++] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
	}
	while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '.'))
		o--;
	out[o] = '\0';
	/* libxml2 capitalises; our messages start lower case unless the word is a name */
	if (out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z')
		out[0] = (char)(out[0] - 'A' + 'a');
}

typedef struct {
	xmlNodePtr node;
	char *message;
} content_capture;

static void capture_content_error(void *ctx, xmlErrorPtr err)
{
	content_capture *c = ctx;
	if (!c->message && err && err->code == XML_SCHEMAV_ELEMENT_CONTENT && err->node == c->node && err->message)
		c->message = coop_xstrdup(err->message);
}

static xmlNodePtr skeleton_element(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
	xmlNodePtr e = xmlNewChild(parent, ns, BAD_CAST name, NULL);
	if (!e)
		coop_oom();
	xmlSetNs(e, ns); /* NULL: no namespace, where xmlNewChild would inherit the parent's */
	return e;
}

/* A child as libxml2's content model sees it: its name and namespace. */
static xmlNodePtr skeleton_child(xmlNodePtr parent, xmlNsPtr ns, const record_node *n)
{
	if (!n->foreign)
		return skeleton_element(parent, ns, n->name);
	xmlNodePtr e = skeleton_element(parent, NULL, n->name);
	if (n->ns_uri) {
		xmlNsPtr own = xmlNewNs(e, BAD_CAST n->ns_uri, NULL);
		if (!own)
			coop_oom();
		xmlSetNs(e, own);
	}
	return e;
}

/* The element of the path to the content model in error, preceded by what its parent's sequence
 * requires before it, so that the published schema accepts it as the reader's copy did. */
static xmlNodePtr skeleton_path(xmlNodePtr parent, xmlNsPtr ns, const record_node *n)
{
	if (n->parent)
		parent = skeleton_path(parent, ns, n->parent);
	int type = n->parent ? n->parent->type : root_type;
	const content_type *t = type >= 0 ? &content_types[type] : NULL;
	if (t && t->sequence && n->part >= 0)
		for (int k = 0; k < n->part; k++)
			for (uint32_t i = 0; i < t->parts[k].min_occurs; i++)
				skeleton_element(parent, ns, t->parts[k].name);
	return skeleton_element(parent, ns, n->name);
}

/* libxml2's words for a content model's error as the published schema says them (the reader's copy,
 * without the bounds, would name other elements as expected): at its start tag target was not
 * expected in its parent, or at its end tag target misses children. The error depends only on the
 * children of that parent (or of target), so a small document is validated against the published
 * schema: the path to it, each step preceded by its sequence's required elements, then those
 * children, empty. Each element of a file is the subject of at most one such document, so the cost
 * stays in proportion to the input. NULL when nothing there says so (or when the error will not be
 * shown); this runs for errors only. */
static char *bounded_message(reader *r, const record_node *target, int at_end)
{
	const record_node *owner = at_end ? target : target->parent;
	if (coop_diag_full(r->diag) || !root_name || !owner)
		return NULL;
	for (const record_node *a = owner; a; a = a->parent)
		if (a->foreign || (a->parent && a->part < 0))
			return NULL; /* libxml2 would not have validated there */
	if (!bounded_schema && !bounded_failed) {
		bounded_schema = compile_schema(coop_published_xsd, coop_published_xsd_len);
		bounded_failed = !bounded_schema;
	}
	if (!bounded_schema)
		return NULL;
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST root_name, NULL) : NULL;
	xmlNsPtr ns = root ? xmlNewNs(root, BAD_CAST COOP_NS, NULL) : NULL;
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(bounded_schema);
	if (!ns || !v)
		coop_oom();
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	content_capture c = {NULL, NULL};
	xmlNodePtr owner_node = skeleton_path(root, ns, owner);
	for (const record_node *k = owner->first; k; k = k->next) {
		xmlNodePtr child = skeleton_child(owner_node, ns, k);
		if (k == target)
			c.node = child;
	}
	if (at_end)
		c.node = owner_node;
	xmlSchemaSetValidStructuredErrors(v, capture_content_error, &c);
	xmlSchemaValidateDoc(v, doc);
	xmlSchemaFreeValidCtxt(v);
	xmlFreeDoc(doc);
	return c.message;
}

static void on_parser_error(void *ctx, xmlErrorPtr err)
{
	reader *r = current;
	(void)ctx;
	report_blank_text(r);
	/* After the first malformation libxml2 reports its consequences ("memory allocation failed",
	 * "couldn't find end of start tag", schema complaints about half-read content): only the first
	 * error says what is wrong, so it is the only one shown. A parser warning (an unsupported XML
	 * version, say) still means the document is not what coopgraph reads. */
	if (!err || r->fatal)
		return;
	/* stop at once: libxml2 would otherwise go on parsing (declarations included) to find more
	 * errors, with our callbacks switched off */
	char msg[700];
	clean_message(err->message ? err->message : "malformed XML", msg, sizeof msg);
	coop_loc loc = {r->file, (uint32_t)(err->line > 0 ? err->line : 0),
	                (uint32_t)(err->int2 > 0 ? err->int2 : 0)};
	rerror(r, &loc, "%s", msg);
	stop(r);
}

static void on_schema_error(void *ctx, xmlErrorPtr err)
{
	reader *r = current;
	(void)ctx;
	/* after an end tag libxml2 validates the element just closed, one level below r->depth; after
	 * a bound overrun it would also have ignored the parent's own text, which the reader's copy
	 * (no bound, no error) still checks */
	int depth = r->depth + (r->event == EVENT_END) + (r->mute_ours && r->event == EVENT_TEXT);
	if (!err || r->fatal || r->mute_tail || muted_at(r, depth))
		return;
	/* read all of err first: the validation that words a content model's error (below) reports
	 * through the same error record */
	int code = err->code;
	uint32_t line = (uint32_t)(err->line > 0 ? err->line : 0);
	char msg[700];
	clean_message(err->message ? err->message : "schema violation", msg, sizeof msg);
	/* a content model's error names the elements expected, and libxml2 names them differently
	 * without the bounds the reader's copy leaves out: the published schema words it */
	if (code == XML_SCHEMAV_ELEMENT_CONTENT) {
		const record_node *target = r->event_node;
		char *bounded = target ? bounded_message(r, target, r->event == EVENT_END) : NULL;
		if (bounded)
			clean_message(bounded, msg, sizeof msg);
		free(bounded);
	}
	coop_loc loc = {r->file, line, column_for_line(r, line)};
	rerror(r, &loc, "%s", msg);
	/* the errors after which libxml2 skips the element just started and its later siblings (or,
	 * for the document element, everything) */
	if (r->event == EVENT_START &&
	    (code == XML_SCHEMAV_ELEMENT_CONTENT || code == XML_SCHEMAV_CVC_TYPE_3_1_2 ||
	     code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1 || code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2 ||
	     code == XML_SCHEMAV_CVC_ELT_1))
		mute(r, 0);
}

/* The pattern facet of TextValue ("not only whitespace") is checked here, not by libxml2: the
 * reader's copy of the schema leaves it out (cmake/ReaderSchema.cmake), because libxml2's regular
 * expressions walk every character of every name, title and goal and took an eighth of a run.
 * These are the elements whose type extends TextValue (cg:Text, cg:Quote); a person's title is a
 * cg:ShortText, whose pattern libxml2 still checks. */
static int is_text_value(const record_node *n)
{
	return n->type >= 0 && content_types[n->type].text_value;
}

/* Called at the end tag of a collected element. libxml2 validates the element's value right after
 * this callback returns (length facets first), so the message waits for the next event to come out
 * where libxml2's own would have: after the length errors, before anything later in the file. The
 * words, line and column are libxml2's. */
static void check_blank_text(reader *r, const record_node *n)
{
	if (n->ink || muted_at(r, r->depth) || !is_text_value(n))
		return;
	size_t len = n->seen_child ? n->lead_len : n->text_len;
	static const char fmt[] = "Element '%s': [facet 'pattern'] The value '%.*s' is not accepted by the "
	                          "pattern '\\s*\\S[\\s\\S]*'.\n";
	size_t size = sizeof fmt + strlen(n->name) + len;
	char *raw = coop_xmalloc(size);
	snprintf(raw, size, fmt, n->name, (int)len, n->text ? n->text : "");
	free(r->blank_msg);
	r->blank_msg = coop_xmalloc(700);
	clean_message(raw, r->blank_msg, 700);
	free(raw);
	uint32_t line = r->ctxt && r->ctxt->input ? (uint32_t)r->ctxt->input->line : 0;
	r->blank_loc = (coop_loc){r->file, line, column_for_line(r, line)};
}

static void report_blank_text(reader *r)
{
	if (!r->blank_msg)
		return;
	if (!r->fatal)
		rerror(r, &r->blank_loc, "%s", r->blank_msg);
	free(r->blank_msg);
	r->blank_msg = NULL;
}

/* Called first by every SAX callback: what libxml2 did after the previous one is over. */
static void next_event(reader *r)
{
	r->event = EVENT_NONE;
	r->event_node = NULL;
	r->mute_tail = 0;
	report_blank_text(r);
}

/* An element past its particle's maxOccurs: the error libxml2 gives with the published schema, in
 * its words, where it would give it. */
static void report_unexpected(reader *r, const record_node *n)
{
	char *bounded = bounded_message(r, n, 0);
	char *raw = bounded;
	if (!raw) {
		size_t size = strlen(COOP_NS) + strlen(n->name) + 64;
		raw = coop_xmalloc(size);
		snprintf(raw, size, "Element '{%s}%s': This element is not expected.\n", COOP_NS, n->name);
	}
	char msg[700];
	clean_message(raw, msg, sizeof msg);
	free(raw);
	uint32_t line = r->ctxt && r->ctxt->input ? (uint32_t)r->ctxt->input->line : 0;
	coop_loc loc = {r->file, line, column_for_line(r, line)};
	rerror(r, &loc, "%s", msg);
	mute(r, 1);
}

/* Finds a collected element's type in its parent's content model, and counts it towards the bound
 * of its particle. In a sequence the children matching one particle are adjacent (anything else is
 * an order error from libxml2, and a mute), so a run of matches is what libxml2's counter counted. */
static void count_child(reader *r, record_node *n, int parent_type, int *run_part, uint32_t *run)
{
	if (parent_type < 0)
		return;
	const content_type *t = &content_types[parent_type];
	size_t k = 0;
	while (k < t->part_count && !same_name(t->parts[k].name, n->name))
		k++;
	if (k == t->part_count)
		return; /* not in the content model: libxml2 says so */
	n->type = t->parts[k].type;
	n->part = (int)k;
	if (!t->sequence || muted_at(r, r->depth))
		return;
	*run = *run_part == (int)k ? *run + 1 : 1;
	*run_part = (int)k;
	if (t->parts[k].max_occurs && *run > t->parts[k].max_occurs)
		report_unexpected(r, n);
}

static int schema_locator(void *ctx, const char **file, unsigned long *line)
{
	reader *r = current;
	(void)ctx;
	if (file)
		*file = r->file;
	if (line)
		*line = r->ctxt && r->ctxt->input ? (unsigned long)r->ctxt->input->line : 0;
	return 0;
}

/* ---- SAX callbacks ---- */

static void on_start_document(void *ctx)
{
	reader *r = current;
	(void)ctx;
	if (r->fatal)
		return;
	const xmlChar *enc = r->ctxt->input ? r->ctxt->input->encoding : NULL;
	if (!enc)
		enc = r->ctxt->encoding;
	if (enc && xmlStrcasecmp(enc, BAD_CAST "UTF-8") != 0 && xmlStrcasecmp(enc, BAD_CAST "UTF8") != 0) {
		coop_loc loc = {r->file, 1, 1};
		rerror(r, &loc, "encoding '%s' is not accepted; coopgraph reads UTF-8 only", (const char *)enc);
		stop(r);
	}
	if (r->ctxt->version && xmlStrcmp(r->ctxt->version, BAD_CAST "1.0") != 0) {
		coop_loc loc = {r->file, 1, 1};
		rerror(r, &loc, "XML version '%s' is not accepted; use 1.0", (const char *)r->ctxt->version);
		stop(r);
	}
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
	reader *r = current;
	(void)ctx;
	(void)name;
	(void)external_id;
	(void)system_id;
	coop_loc loc = start_tag_loc(r);
	rerror(r, &loc, "DOCTYPE is not allowed: coopgraph documents need no DTD, and DTDs enable entity "
	                "expansion and external loading");
	stop(r);
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	(void)name;
	return NULL; /* no DTD, so no entities beyond the five predefined ones, which libxml2 handles */
}

static const char *scratch_str(reader *r, const xmlChar *s, size_t n)
{
	return coop_arena_strndup(&r->scratch, (const char *)s, n);
}

/* libxml2's SAX2 attribute values, parsed without entity substitution (which stays off: it is the
 * switch that lets external entities in), carry every '&' of the value as the text "&#38;", so an
 * entity reference could be told apart. There are no entities here (no DTD), so each "&#38;" is a
 * literal '&'; a single left-to-right pass restores the value ("&amp;#38;" arrives as "&#38;#38;"
 * and correctly becomes "&#38;"). */
static const char *scratch_attr(reader *r, const xmlChar *s, size_t n)
{
	char *out = coop_arena_alloc(&r->scratch, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '&' && n - i >= 5 && memcmp(s + i, "&#38;", 5) == 0) {
			out[o++] = '&';
			i += 5;
		} else {
			out[o++] = (char)s[i++];
		}
	}
	out[o] = '\0';
	return out;
}

static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                             int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                             int nb_defaulted, const xmlChar **attributes)
{
	reader *r = current;
	(void)ctx;
	next_event(r);
	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (r->fatal)
		return;
	r->depth++;
	r->event = EVENT_START;
	if (r->depth == 1) {
		r->doc_type = root_name && same_name((const char *)localname, root_name) ? root_type : -1;
		r->doc_run_part = -1;
		r->doc_run = 0;
	}
	coop_loc loc = start_tag_loc(r);
	remember_start(r, &loc);
	if (r->current && !r->current->seen_child) {
		r->current->seen_child = 1;
		r->current->lead_len = r->current->text_len;
	}

	/* xml:lang is inherited; an explicit empty value means "no language" */
	/* the stack holds the levels we collect; deeper elements (never valid) inherit the last one */
	const int stack_size = (int)(sizeof r->lang_stack / sizeof *r->lang_stack);
	int top = r->lang_stack_len < stack_size ? r->lang_stack_len : stack_size;
	const char *parent_lang = top ? r->lang_stack[top - 1] : NULL;
	const char *lang = parent_lang;
	for (int i = 0; i < nb_attributes; i++) {
		const xmlChar **a = attributes + 5 * i;
		if (a[2] && xmlStrEqual(a[2], XML_XML_NAMESPACE) && xmlStrEqual(a[0], BAD_CAST "lang")) {
			size_t n = (size_t)(a[4] - a[3]);
			char *value = coop_xmalloc(n + 1);
			memcpy(value, a[3], n);
			value[n] = '\0';
			if (n == 0) {
				lang = NULL;
			} else if (!coop_langtag_valid(value)) {
				rerror(r, &loc, "xml:lang '%s' is not a well-formed BCP 47 language tag", value);
				lang = NULL;
			} else {
				lang = coop_model_intern(r->model, value);
			}
			free(value);
		}
	}
	if (r->lang_stack_len < stack_size)
		r->lang_stack[r->lang_stack_len] = lang;
	r->lang_stack_len++;

	if (r->depth < 2 || r->depth > MAX_RECORD_DEPTH)
		return;
	if (r->depth == 2) {
		coop_arena_reset(&r->scratch);
		r->record_start = r->tag_start;
		r->record = NULL;
		r->current = NULL;
		r->children = 0;
		if (r->opts->max_entities && coop_model_entity_count(r->model) >= r->opts->max_entities) {
			rerror(r, &loc, "more than %u entities (raise the limit with --max-entities)",
			       r->opts->max_entities);
			stop(r);
			return;
		}
	} else {
		if (!r->current)
			return; /* inside an element we do not collect */
		if (++r->children > r->opts->max_children && r->opts->max_children) {
			rerror(r, &loc, "more than %u child elements in one entity", r->opts->max_children);
			stop(r);
			return;
		}
	}
	record_node *n = coop_arena_alloc(&r->scratch, sizeof *n);
	memset(n, 0, sizeof *n);
	n->name = scratch_str(r, localname, strlen((const char *)localname));
	n->lang = lang;
	n->loc = loc;
	for (int i = nb_attributes - 1; i >= 0; i--) {
		const xmlChar **a = attributes + 5 * i;
		if (a[2])
			continue; /* namespaced attributes (xml:lang, xsi:*) are not data */
		record_attr *at = coop_arena_alloc(&r->scratch, sizeof *at);
		at->name = scratch_str(r, a[0], strlen((const char *)a[0]));
		at->value = scratch_attr(r, a[3], (size_t)(a[4] - a[3]));
		at->next = n->attrs;
		n->attrs = at;
	}
	if (!uri || strcmp((const char *)uri, COOP_NS) != 0) {
		n->foreign = 1;
		n->ns_uri = uri ? scratch_str(r, uri, strlen((const char *)uri)) : NULL;
	}
	n->type = -1;
	n->part = -1;
	n->run_part = -1;
	r->event_node = n;
	if (r->depth == 2) {
		r->record = n;
		count_child(r, n, r->doc_type, &r->doc_run_part, &r->doc_run);
	} else {
		n->parent = r->current;
		if (r->current->last)
			r->current->last->next = n;
		else
			r->current->first = n;
		r->current->last = n;
		count_child(r, n, n->parent->type, &n->parent->run_part, &n->parent->run);
	}
	r->current = n;
}

static void map_record(reader *r, record_node *rec);

static void on_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	reader *r = current;
	(void)ctx;
	next_event(r);
	(void)localname;
	(void)prefix;
	(void)uri;
	if (r->fatal)
		return;
	if (r->depth >= 2 && r->depth <= MAX_RECORD_DEPTH && r->current) {
		record_node *done = r->current;
		r->event_node = done;
		if (r->depth > 2)
			check_blank_text(r, done);
		r->current = done->parent;
		if (r->depth == 2) {
			if (r->opts->on_span) {
				uint64_t end = buffer_offset(r->ctxt->input, r->ctxt->input->cur);
				int known = r->record_start != UINT64_MAX && end > r->record_start;
				r->opts->on_span(r->opts->payload, r->file, known ? r->record_start : 0, known ? end : 0);
			}
			map_record(r, done);
			r->record = NULL;
			r->current = NULL;
		}
	}
	if (r->mute_depth && r->depth == r->mute_depth - 1) {
		r->mute_depth = 0;
		r->mute_tail = r->mute_ours;
	}
	r->depth--;
	r->lang_stack_len--;
	r->event = EVENT_END;
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
	reader *r = current;
	(void)ctx;
	next_event(r);
	r->event = EVENT_TEXT;
	if (r->fatal || !r->current || r->depth < 3 || r->depth > MAX_RECORD_DEPTH || len <= 0)
		return;
	record_node *n = r->current;
	for (int i = 0; !n->ink && !n->seen_child && i < len; i++)
		n->ink = ch[i] != ' ' && ch[i] != '\t' && ch[i] != '\n' && ch[i] != '\r';
	size_t add = (size_t)len;
	if (n->text_len + add > MAX_TEXT)
		add = n->text_len < MAX_TEXT ? MAX_TEXT - n->text_len : 0;
	if (!add)
		return;
	if (n->text_len + add + 1 > n->text_cap) {
		size_t cap = n->text_cap ? n->text_cap * 2 : 64;
		while (cap < n->text_len + add + 1)
			cap *= 2;
		char *text = coop_arena_alloc(&r->scratch, cap);
		if (n->text_len)
			memcpy(text, n->text, n->text_len);
		n->text = text;
		n->text_cap = cap;
	}
	memcpy(n->text + n->text_len, ch, add);
	n->text_len += add;
	n->text[n->text_len] = '\0';
}

/* ---- mapping a record into the model ---- */

static const char *attr(const record_node *n, const char *name)
{
	for (const record_attr *a = n->attrs; a; a = a->next)
		if (same_name(a->name, name))
			return a->value;
	return NULL;
}

static const char *mstr(reader *r, const char *s)
{
	return s ? coop_arena_strdup(r->arena, s) : NULL;
}

/* Text content with surrounding white space removed (the XSD types are collapsed or trimmed). */
static const char *mtext(reader *r, const record_node *n)
{
	const char *s = n->text ? n->text : "";
	size_t len = n->text_len;
	while (len && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	return coop_arena_strndup(r->arena, s, len);
}

static uint32_t count_children(const record_node *n, const char *name)
{
	uint32_t c = 0;
	for (const record_node *k = n->first; k; k = k->next)
		c += same_name(k->name, name);
	return c;
}

static const record_node *child(const record_node *n, const char *name)
{
	for (const record_node *k = n->first; k; k = k->next)
		if (same_name(k->name, name))
			return k;
	return NULL;
}

static coop_texts texts(reader *r, const record_node *n, const char *name)
{
	coop_texts t = {NULL, 0};
	uint32_t c = count_children(n, name);
	if (!c)
		return t;
	t.items = coop_arena_alloc(r->arena, c * sizeof *t.items);
	for (const record_node *k = n->first; k; k = k->next)
		if (same_name(k->name, name))
			t.items[t.count++] = (coop_text){k->lang, mtext(r, k)};
	return t;
}

static coop_ref ref_from(reader *r, const record_node *n, const char *attr_name)
{
	const char *v = attr(n, attr_name);
	return (coop_ref){mstr(r, v), n->loc, COOP_ENTITY_NONE, COOP_NONE};
}

/* An IDREFS attribute: white-space separated IDs. */
static coop_refs refs_from(reader *r, const record_node *n, const char *attr_name)
{
	coop_refs refs = {NULL, 0};
	const char *v = attr(n, attr_name);
	if (!v)
		return refs;
	uint32_t c = 0;
	for (const char *p = v; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		c++;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
	}
	if (!c)
		return refs;
	refs.items = coop_arena_alloc(r->arena, c * sizeof *refs.items);
	for (const char *p = v; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *s = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		refs.items[refs.count++] = (coop_ref){
			coop_arena_strndup(r->arena, s, (size_t)(p - s)), n->loc,
			COOP_ENTITY_NONE, COOP_NONE};
	}
	return refs;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return days[month - 1];
}

/* "2020", "2020-03" or "2020-03-15"; anything else gives no date (the schema reports it). */
static coop_date parse_date(const char *s, coop_loc loc)
{
	coop_date d = {0, 0, 0, COOP_DATE_NONE, loc};
	if (!s)
		return d;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] == '-' && (i == 4 || i == 7))))
			return d;
	if (n != 4 && n != 7 && n != 10)
		return d;
	int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (year < 1)
		return d;
	d.year = (int16_t)year;
	d.precision = COOP_DATE_YEAR;
	if (n >= 7) {
		int month = (s[5] - '0') * 10 + (s[6] - '0');
		if (s[4] != '-' || month < 1 || month > 12) {
			d.precision = COOP_DATE_NONE;
			return d;
		}
		d.month = (uint8_t)month;
		d.precision = COOP_DATE_MONTH;
	}
	if (n == 10) {
		int day = (s[8] - '0') * 10 + (s[9] - '0');
		if (s[7] != '-' || day < 1 || day > days_in_month(year, d.month)) {
			d.precision = COOP_DATE_NONE;
			return d;
		}
		d.day = (uint8_t)day;
		d.precision = COOP_DATE_DAY;
	}
	return d;
}

static coop_date child_date(reader *r, const record_node *n, const char *name)
{
	const record_node *k = child(n, name);
	if (!k)
		return (coop_date){0, 0, 0, COOP_DATE_NONE, {r->file, 0, 0}};
	return parse_date(mtext(r, k), k->loc);
}

static const char *child_text(reader *r, const record_node *n, const char *name)
{
	const record_node *k = child(n, name);
	return k ? mtext(r, k) : NULL;
}

static coop_identifiers identifiers(reader *r, const record_node *n)
{
	coop_identifiers ids = {NULL, 0};
	uint32_t c = count_children(n, "identifier");
	if (!c)
		return ids;
	ids.items = coop_arena_alloc(r->arena, c * sizeof *ids.items);
	for (const record_node *k = n->first; k; k = k->next)
		if (same_name(k->name, "identifier"))
			ids.items[ids.count++] =
				(coop_identifier){coop_model_intern(r->model, attr(k, "scheme")), mtext(r, k), k->loc};
	return ids;
}

static void map_institution(reader *r, const record_node *n)
{
	coop_institution e;
	memset(&e, 0, sizeof e);
	e.loc = n->loc;
	e.id = mstr(r, attr(n, "id"));
	int kind = coop_inst_kind_from_token(attr(n, "kind"));
	e.kind = kind < 0 ? COOP_INST_OTHER : (coop_inst_kind)kind;
	e.names = texts(r, n, "name");
	e.acronyms = texts(r, n, "acronym");
	e.parent = ref_from(r, n, "partOf");
	e.sources = refs_from(r, n, "sources");
	e.country_loc = n->loc;
	const record_node *loc = child(n, "location");
	if (loc) {
		e.country_loc = loc->loc;
		e.country = coop_model_intern(r->model, attr(loc, "country"));
		e.region = coop_model_intern(r->model, attr(loc, "region"));
		e.city.names = texts(r, loc, "city");
		for (const record_node *k = loc->first; k; k = k->next) {
			if (!same_name(k->name, "city"))
				continue;
			if (!e.city.wikidata && attr(k, "wikidata"))
				e.city.wikidata = mstr(r, attr(k, "wikidata"));
			if (!e.city.geonames && attr(k, "geonames"))
				e.city.geonames = mstr(r, attr(k, "geonames"));
		}
	}
	e.website = child_text(r, n, "website");
	e.identifiers = identifiers(r, n);
	coop_model_add_institution(r->model, &e);
}

static void map_person(reader *r, const record_node *n)
{
	coop_person e;
	memset(&e, 0, sizeof e);
	e.loc = n->loc;
	e.id = mstr(r, attr(n, "id"));
	e.title = child_text(r, n, "title");
	e.given_name = child_text(r, n, "givenName");
	e.family_name = child_text(r, n, "familyName");
	e.sources = refs_from(r, n, "sources");
	e.identifiers = identifiers(r, n);
	uint32_t c = count_children(n, "role");
	if (c) {
		e.roles = coop_arena_alloc(r->arena, c * sizeof *e.roles);
		for (const record_node *k = n->first; k; k = k->next) {
			if (!same_name(k->name, "role"))
				continue;
			coop_role *role = &e.roles[e.role_count++];
			role->loc = k->loc;
			role->names = texts(r, k, "name");
			role->at = ref_from(r, k, "at");
			role->start = parse_date(attr(k, "start"), k->loc);
			role->end = parse_date(attr(k, "end"), k->loc);
		}
	}
	coop_model_add_person(r->model, &e);
}

static void map_programme(reader *r, const record_node *n)
{
	coop_programme e;
	memset(&e, 0, sizeof e);
	e.loc = n->loc;
	e.id = mstr(r, attr(n, "id"));
	e.names = texts(r, n, "name");
	e.acronyms = texts(r, n, "acronym");
	e.funder = ref_from(r, n, "funder");
	e.website = child_text(r, n, "website");
	e.sources = refs_from(r, n, "sources");
	coop_model_add_programme(r->model, &e);
}

static void map_source(reader *r, const record_node *n)
{
	coop_source e;
	memset(&e, 0, sizeof e);
	e.loc = n->loc;
	e.id = mstr(r, attr(n, "id"));
	int kind = coop_source_kind_from_token(attr(n, "kind"));
	e.kind = kind < 0 ? COOP_SOURCE_OTHER : (coop_source_kind)kind;
	e.titles = texts(r, n, "title");
	e.publisher = ref_from(r, n, "publisher");
	e.publisher_names = texts(r, n, "publisherName");
	e.date = child_date(r, n, "date");
	e.url = child_text(r, n, "url");
	const char *language = attr(n, "language");
	if (language && !coop_langtag_valid(language))
		rerror(r, &n->loc, "language '%s' of source '%s' is not a well-formed BCP 47 language tag",
		       language, e.id ? e.id : "");
	else
		e.language = coop_model_intern(r->model, language);
	e.credits = texts(r, n, "credit");
	if (r->opts->stream_sources) {
		coop_model_stream_source(r->model, &e, r->diag);
		if (r->opts->on_source)
			r->opts->on_source(r->opts->payload, r->model, &e);
	} else {
		coop_model_add_source(r->model, &e);
	}
}

static void map_agreement(reader *r, const record_node *n)
{
	coop_arena *arena = r->arena;
	coop_agreement e;
	memset(&e, 0, sizeof e);
	e.loc = n->loc;
	e.id = mstr(r, attr(n, "id"));
	const char *kind = attr(n, "kind");
	int k = coop_agr_kind_from_token(kind);
	e.kind = k < 0 ? COOP_AGR_CUSTOM : (coop_agr_kind)k;
	e.kind_token = coop_model_intern(r->model, kind ? kind : "custom");
	int st = coop_agr_status_from_token(attr(n, "status"));
	e.status = st < 0 ? COOP_STATUS_NONE : (coop_agr_status)st;
	e.titles = texts(r, n, "title");
	e.signed_on = child_date(r, n, "signed");
	e.start = child_date(r, n, "start");
	e.end = child_date(r, n, "end");
	const record_node *dur = child(n, "duration");
	if (dur) {
		e.duration = mtext(r, dur);
		e.duration_loc = dur->loc;
	}
	e.goals = texts(r, n, "goal");
	e.fields = texts(r, n, "field");
	e.areas = texts(r, n, "area");
	e.activities = texts(r, n, "activity");
	e.outcomes = texts(r, n, "outcome");
	e.builds_on.items = NULL;
	e.sources = refs_from(r, n, "sources");

	uint32_t parties = count_children(n, "party"), fundings = count_children(n, "funding"),
	         signatories = count_children(n, "signatory"), quotes = count_children(n, "quote"),
	         builds = count_children(n, "buildsOn");
	if (parties)
		e.parties = coop_arena_alloc(arena, parties * sizeof *e.parties);
	if (fundings)
		e.fundings = coop_arena_alloc(arena, fundings * sizeof *e.fundings);
	if (signatories)
		e.signatories = coop_arena_alloc(arena, signatories * sizeof *e.signatories);
	if (quotes)
		e.quotes = coop_arena_alloc(arena, quotes * sizeof *e.quotes);
	if (builds)
		e.builds_on.items = coop_arena_alloc(arena, builds * sizeof *e.builds_on.items);

	for (const record_node *c = n->first; c; c = c->next) {
		if (same_name(c->name, "party")) {
			e.parties[e.party_count++] =
				(coop_party){c->loc, ref_from(r, c, "ref"), coop_model_intern(r->model, attr(c, "role"))};
		} else if (same_name(c->name, "funding")) {
			e.fundings[e.funding_count++] = (coop_funding){c->loc, ref_from(r, c, "funder"),
			                                               ref_from(r, c, "programme"), mstr(r, attr(c, "grant"))};
		} else if (same_name(c->name, "signatory")) {
			e.signatories[e.signatory_count++] = (coop_signatory){
				c->loc, ref_from(r, c, "person"), ref_from(r, c, "for"), texts(r, c, "description")};
		} else if (same_name(c->name, "quote")) {
			e.quotes[e.quote_count++] = (coop_quote){c->loc, ref_from(r, c, "by"), {c->lang, mtext(r, c)}};
		} else if (same_name(c->name, "buildsOn")) {
			e.builds_on.items[e.builds_on.count++] = ref_from(r, c, "ref");
		}
	}
	if (r->opts->stream_agreements) {
		/* errors of the rules across entities are counted by the caller (coop_load), like those of
		 * coop_model_link: they do not mean the file failed to read */
		coop_model_stream_agreement(r->model, &e, r->diag);
		if (r->opts->on_agreement)
			r->opts->on_agreement(r->opts->payload, r->model, &e);
	} else {
		coop_model_add_agreement(r->model, &e);
	}
}

static void map_record(reader *r, record_node *rec)
{
	/* an entity without an id was reported by the schema; keeping it would only add noise */
	if (!attr(rec, "id"))
		return;
	int streamed = (r->opts->stream_agreements && same_name(rec->name, "agreement")) ||
	               (r->opts->stream_sources && same_name(rec->name, "source"));
	r->arena = streamed ? &r->scratch : coop_model_arena(r->model);
	if (same_name(rec->name, "institution"))
		map_institution(r, rec);
	else if (same_name(rec->name, "person"))
		map_person(r, rec);
	else if (same_name(rec->name, "agreement"))
		map_agreement(r, rec);
	else if (same_name(rec->name, "programme"))
		map_programme(r, rec);
	else if (same_name(rec->name, "source"))
		map_source(r, rec);
}

/* ---- driving one file ---- */

static coop_result read_stream(reader *r)
{
	if (reader_init() != 0) {
		coop_diag(r->diag, COOP_SEV_ERROR, NULL, "%s",
		          schema_unreadable ? "internal error: the embedded schema has a content model the reader cannot "
		                              "describe (see read_content_types)"
		                            : "internal error: the embedded schema does not compile");
		return COOP_ERR_INTERNAL;
	}

	xmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startDocument = on_start_document;
	sax.internalSubset = on_doctype;
	sax.getEntity = on_get_entity;
	sax.startElementNs = on_start_element;
	sax.endElementNs = on_end_element;
	sax.characters = on_characters;
	sax.cdataBlock = on_characters;
	sax.serror = on_parser_error;

	xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
	if (!vctxt)
		coop_oom();
	xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, r);
	xmlSAXHandlerPtr saxp = &sax;
	void *user = r;
	xmlSchemaSAXPlugPtr plug = xmlSchemaSAXPlug(vctxt, &saxp, &user);
	if (!plug)
		coop_oom();

	coop_arena_init(&r->scratch);
	r->first_chunk = 1;
	current = r;
	xmlParserCtxtPtr ctxt =
		xmlCreateIOParserCtxt(saxp, user, input_read, input_close, r, XML_CHAR_ENCODING_NONE);
	if (!ctxt)
		coop_oom();
	r->ctxt = ctxt;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	/* xmlCtxtUseOptions may reset handlers; ours (through the plug) must stay */
	ctxt->sax->serror = on_parser_error;
	if (ctxt->input && ctxt->input->filename == NULL)
		ctxt->input->filename = (const char *)xmlStrdup(BAD_CAST r->file);
	xmlSchemaValidateSetLocator(vctxt, schema_locator, r);

	xmlParseDocument(ctxt);
	report_blank_text(r);
	int well_formed = ctxt->wellFormed;

	xmlSchemaSAXUnplug(plug);
	/* libxml2 builds a document of its own for entity declarations "for expat compatibility" even
	 * in SAX mode; we never asked for it, but must free it */
	if (ctxt->myDoc) {
		xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
	}
	r->ctxt = NULL;
	current = NULL;
	xmlFreeParserCtxt(ctxt);
	xmlSchemaFreeValidCtxt(vctxt);
	coop_arena_free(&r->scratch);

	if (r->io_error)
		return COOP_ERR_IO;
	if (!well_formed && r->errors == 0) {
		coop_loc loc = {r->file, 0, 0};
		rerror(r, &loc, "malformed XML");
	}
	if (r->bytes == 0 && r->errors == 0) {
		coop_loc loc = {r->file, 0, 0};
		rerror(r, &loc, "empty file");
	}
	return r->errors ? COOP_ERR_INPUT : COOP_OK;
}

static const coop_read_opts default_opts = COOP_READ_OPTS_INIT;

coop_result coop_read_file(coop_model *model, const char *path, const coop_read_opts *opts,
                           coop_diag_sink *diag)
{
	reader r;
	memset(&r, 0, sizeof r);
	r.model = model;
	r.diag = diag;
	r.opts = opts ? opts : &default_opts;
	r.file = coop_model_intern(model, path);
	r.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (r.fd < 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot open '%s': %s", path, strerror(errno));
		return COOP_ERR_IO;
	}
	struct stat st;
	if (fstat(r.fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot read '%s': %s", path,
		          S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno));
		close(r.fd);
		return COOP_ERR_IO;
	}
	coop_result res = read_stream(&r);
	close(r.fd);
	return res;
}

coop_result coop_read_memory(coop_model *model, const char *name, const char *data, size_t size,
                             const coop_read_opts *opts, coop_diag_sink *diag)
{
	reader r;
	memset(&r, 0, sizeof r);
	r.model = model;
	r.diag = diag;
	r.opts = opts ? opts : &default_opts;
	r.file = coop_model_intern(model, name);
	r.fd = -1;
	r.mem = data ? data : "";
	r.mem_size = size;
	return read_stream(&r);
}

/* ---- datasets: files and directories ---- */

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_xml_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".xml") == 0 && name[0] != '.';
}

/* Appends the *.xml files of dir, sorted, to the list. */
static coop_result expand_dir(const char *dir, char ***list, size_t *count, size_t *cap, coop_diag_sink *diag)
{
	DIR *d = opendir(dir);
	if (!d) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot read directory '%s': %s", dir, strerror(errno));
		return COOP_ERR_IO;
	}
	size_t first = *count;
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		if (!has_xml_suffix(ent->d_name))
			continue;
		size_t n = strlen(dir) + strlen(ent->d_name) + 2;
		char *path = coop_xmalloc(n);
		int slash = dir[0] && dir[strlen(dir) - 1] == '/';
		snprintf(path, n, "%s%s%s", dir, slash ? "" : "/", ent->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		coop_xgrow((void **)list, cap, *count + 1, sizeof **list);
		(*list)[(*count)++] = path;
	}
	closedir(d);
	qsort(*list + first, *count - first, sizeof **list, compare_strings);
	if (*count == first)
		coop_diag(diag, COOP_SEV_WARNING, NULL, "directory '%s' has no *.xml files", dir);
	return COOP_OK;
}

coop_result coop_load(coop_model **out, const char *const *paths, size_t count, const coop_read_opts *opts,
                      coop_diag_sink *diag)
{
	*out = NULL;
	char **files = NULL;
	size_t n = 0, cap = 0;
	coop_result res = COOP_OK;
	for (size_t i = 0; i < count; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			coop_result r = expand_dir(paths[i], &files, &n, &cap, diag);
			if (r != COOP_OK)
				res = r;
		} else {
			coop_xgrow((void **)&files, &cap, n + 1, sizeof *files);
			files[n++] = coop_xstrdup(paths[i]);
		}
	}

	coop_model *model = coop_model_new();
	size_t errors_before = diag->errors;
	int input_errors = 0;
	for (size_t i = 0; i < n && res != COOP_ERR_INTERNAL; i++) {
		coop_result r = coop_read_file(model, files[i], opts, diag);
		if (r == COOP_ERR_INPUT)
			input_errors = 1;
		else if (r != COOP_OK)
			res = r;
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);

	if (res == COOP_OK && !input_errors) {
		/* cross-entity rules only make sense on a dataset that passed the schema */
		coop_model_link(model, diag);
	}
	if (diag->errors > errors_before)
		input_errors = 1;
	if (res == COOP_OK && input_errors)
		res = COOP_ERR_INPUT;
	if (res != COOP_OK) {
		coop_model_free(model);
		return res;
	}
	*out = model;
	return COOP_OK;
}
