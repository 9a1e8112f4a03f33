/*
 * Validates XML files against coopgraph-1.xsd the way coopgraph does it, as a cross-check of
 * xmllint: the schema is compiled from memory, catalogs are off, the only document libxml2 may load
 * while compiling is the XML namespace schema (served from memory for its standard address), every
 * other load is refused, and the input is validated on a SAX stream through xmlSchemaSAXPlug.
 *
 * Usage: sax_check SCHEMA XML_NAMESPACE_XSD FILE
 * Exit status: 0 valid, 1 invalid (reasons on stderr), 2 setup failure.
 *
 * Built and run by tests/xsd/check.sh; not part of the coopgraph build.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#define XML_NAMESPACE_SCHEMA_URL "http://www.w3.org/2001/xml.xsd"

static char *xml_namespace_schema;
static size_t xml_namespace_schema_len;
static int refused_loads;
static int problems;
/* The SAX callbacks get the schema plug's data, not the parser, so the parser is kept here. */
static xmlParserCtxtPtr current_parser;

static char *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 65536, used = 0;
	char *buf = malloc(cap);
	while (buf != NULL) {
		size_t got = fread(buf + used, 1, cap - used, f);
		used += got;
		if (used < cap)
			break;
		char *bigger = realloc(buf, cap * 2);
		if (bigger == NULL) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = bigger;
		cap *= 2;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return NULL;
	}
	*len = used;
	return buf;
}

/* While compiling: the XML namespace schema from memory, nothing else. */
static xmlParserInputPtr compile_time_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	if (url != NULL && strcmp(url, XML_NAMESPACE_SCHEMA_URL) == 0) {
		xmlParserInputBufferPtr buf = xmlParserInputBufferCreateMem(
			xml_namespace_schema, (int)xml_namespace_schema_len, XML_CHAR_ENCODING_NONE);
		if (buf == NULL)
			return NULL;
		return xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE);
	}
	fprintf(stderr, "sax_check: refused to load %s while compiling\n", url ? url : "(null)");
	refused_loads++;
	return NULL;
}

/* While validating input: nothing at all. */
static xmlParserInputPtr deny_all_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	(void)ctxt;
	fprintf(stderr, "sax_check: refused to load %s\n", url ? url : "(null)");
	refused_loads++;
	return NULL;
}

/* The name is global because parser errors arrive with the schema plug's data as payload. */
static const char *current_name = "";

static void report(void *payload, xmlErrorPtr error)
{
	(void)payload;
	if (error == NULL || error->level == XML_ERR_NONE)
		return;
	fprintf(stderr, "%s:%d: %s", current_name, error->line, error->message ? error->message : "?\n");
	problems++;
}

static void reject_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
	(void)name;
	(void)external_id;
	(void)system_id;
	(void)ctx;
	fprintf(stderr, "sax_check: DOCTYPE not allowed\n");
	problems++;
	if (current_parser != NULL)
		xmlStopParser(current_parser);
}

/* Schema errors raised on a SAX stream carry no line number unless the validator can ask the parser. */
static int parser_location(void *ctx, const char **file, unsigned long *line)
{
	xmlParserCtxtPtr ctxt = ctx;
	if (ctxt == NULL || ctxt->input == NULL)
		return -1;
	if (file != NULL)
		*file = ctxt->input->filename;
	if (line != NULL)
		*line = (unsigned long)ctxt->input->line;
	return 0;
}

static void ignore_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	(void)ctx; (void)localname; (void)prefix; (void)uri; (void)nb_namespaces;
	(void)namespaces; (void)nb_attributes; (void)nb_defaulted; (void)attributes;
}

static void ignore_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	(void)ctx; (void)localname; (void)prefix; (void)uri;
}

static void ignore_characters(void *ctx, const xmlChar *ch, int len)
{
	(void)ctx; (void)ch; (void)len;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: sax_check SCHEMA XML_NAMESPACE_XSD FILE\n");
		return 2;
	}
	size_t schema_len = 0, input_len = 0;
	char *schema_text = read_whole_file(argv[1], &schema_len);
	xml_namespace_schema = read_whole_file(argv[2], &xml_namespace_schema_len);
	char *input = read_whole_file(argv[3], &input_len);
	if (schema_text == NULL || xml_namespace_schema == NULL || input == NULL) {
		fprintf(stderr, "sax_check: cannot read an argument file\n");
		return 2;
	}

	xmlInitParser();
	xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
	xmlSetExternalEntityLoader(compile_time_loader);
	xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewMemParserCtxt(schema_text, (int)schema_len);
	current_name = argv[1];
	xmlSchemaSetParserStructuredErrors(pctxt, report, NULL);
	xmlSchemaPtr schema = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	xmlSetExternalEntityLoader(deny_all_loader);
	if (schema == NULL || refused_loads > 0) {
		fprintf(stderr, "sax_check: the schema did not compile\n");
		return 2;
	}
	/* A compiler warning (for example a skipped import) would mean the product sees another schema. */
	if (problems > 0) {
		fprintf(stderr, "sax_check: the schema compiled with warnings\n");
		return 2;
	}

	xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
	current_name = argv[3];
	xmlSchemaSetValidStructuredErrors(vctxt, report, NULL);

	xmlSAXHandler sax;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.internalSubset = reject_doctype;
	sax.startElementNs = ignore_start;
	sax.endElementNs = ignore_end;
	sax.characters = ignore_characters;
	sax.serror = report;
	xmlSAXHandlerPtr plugged_sax = &sax;
	void *plugged_data = NULL;
	xmlSchemaSAXPlugPtr plug = xmlSchemaSAXPlug(vctxt, &plugged_sax, &plugged_data);
	if (plug == NULL) {
		fprintf(stderr, "sax_check: xmlSchemaSAXPlug failed\n");
		return 2;
	}
	xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(plugged_sax, plugged_data, NULL, 0, argv[3]);
	if (ctxt == NULL) {
		fprintf(stderr, "sax_check: cannot create a parser\n");
		return 2;
	}
	current_parser = ctxt;
	/* The plug does not pass our serror on to the parser it creates; without this, syntax errors
	 * are silent. */
	ctxt->sax->serror = report;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	xmlSchemaValidateSetLocator(vctxt, parser_location, ctxt);
	if (memchr(input, 0, input_len) != NULL) {
		fprintf(stderr, "%s: NUL byte in input\n", argv[3]);
		problems++;
	} else {
		/* One huge chunk trips the push parser's lookup limit (about 10 MB): feed it in pieces. */
		const size_t chunk = 65536;
		size_t done = 0;
		do {
			size_t piece = input_len - done < chunk ? input_len - done : chunk;
			int last = done + piece == input_len;
			if (xmlParseChunk(ctxt, input + done, (int)piece, last) != 0)
				break;
			done += piece;
		} while (done < input_len);
	}
	int well_formed = ctxt->wellFormed;
	if (!well_formed)
		fprintf(stderr, "%s: not well-formed XML\n", argv[3]);
	int schema_valid = xmlSchemaIsValid(vctxt);
	xmlFreeParserCtxt(ctxt);
	xmlSchemaSAXUnplug(plug);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlCleanupParser();
	free(schema_text);
	free(xml_namespace_schema);
	free(input);

	if (!well_formed || schema_valid != 1 || problems > 0 || refused_loads > 0)
		return 1;
	return 0;
}
