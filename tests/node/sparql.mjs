#!/usr/bin/env node
// Run a SPARQL query with Oxigraph in-process over RDF files.
// Usage: sparql.mjs --data FILE [--data FILE...] [--graph IRI] [--base IRI]
//                   (--query FILE.rq | --query-text 'SPARQL') [--format csv|json] [--ordered]
//   --data   .ttl turtle, .nt n-triples, .nq n-quads, .trig trig, .rdf/.owl/.xml rdf/xml (read as strict UTF-8)
//   --graph  load the triples of triple-format files into this named graph instead of the default graph,
//            so that a query written for Virtuoso (FROM <IRI>) runs unchanged
//   --format csv (default): the normalized "coop-csv" form of README.md, rows sorted unless --ordered;
//            json: the SPARQL 1.1 JSON results as Oxigraph writes them
// CONSTRUCT/DESCRIBE results are printed as sorted N-Triples lines with blank nodes written as `_:`.
// Exit 0: query ran; 1: data or query invalid; 2: usage.

import * as oxigraph from 'oxigraph';
import { extname } from 'node:path';
import { InputError, UsageError, parseArgs, readUtf8Strict, resultsToCsv, runMain, sortUtf8 } from './util.mjs';

const USAGE = 'usage: sparql.mjs --data FILE [--data FILE...] [--graph IRI] [--base IRI] '
	+ "(--query FILE.rq | --query-text 'SPARQL') [--format csv|json] [--ordered]";

const BY_EXTENSION = {
	'.ttl': { media: 'text/turtle', quads: false },
	'.nt': { media: 'application/n-triples', quads: false },
	'.nq': { media: 'application/n-quads', quads: true },
	'.trig': { media: 'application/trig', quads: true },
	'.rdf': { media: 'application/rdf+xml', quads: false },
	'.owl': { media: 'application/rdf+xml', quads: false },
	'.xml': { media: 'application/rdf+xml', quads: false },
};

function ntriplesTerm(term) {
	switch (term.termType) {
	case 'NamedNode': return `<${term.value}>`;
	case 'BlankNode': return '_:';
	case 'Literal': {
		const lex = JSON.stringify(term.value);
		if (term.language) return `${lex}@${term.language.toLowerCase()}`;
		return term.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? lex : `${lex}^^<${term.datatype.value}>`;
	}
	default: return String(term);
	}
}

async function main() {
	const opts = parseArgs(process.argv.slice(2), {
		values: ['graph', 'base', 'query', 'query-text', 'format'],
		repeatable: ['data'],
		flags: ['ordered'],
	});
	const format = opts.format || 'csv';
	if (opts._.length || opts.data.length === 0 || !['csv', 'json'].includes(format)) throw new UsageError(USAGE);
	if ((opts.query === undefined) === (opts['query-text'] === undefined)) throw new UsageError(USAGE);

	const store = new oxigraph.Store();
	for (const file of opts.data) {
		const kind = BY_EXTENSION[extname(file).toLowerCase()];
		if (!kind) throw new UsageError(`${file}: unknown RDF file extension (${Object.keys(BY_EXTENSION).join(' ')})`);
		const text = readUtf8Strict(file);
		const loadOptions = { format: kind.media };
		if (opts.base) loadOptions.base_iri = opts.base;
		if (opts.graph && !kind.quads) loadOptions.to_graph_name = oxigraph.namedNode(opts.graph);
		try {
			store.load(text, loadOptions);
		} catch (err) {
			throw new InputError(`${file}: ${String(err.message || err).split('\n')[0]}`);
		}
	}

	const query = opts.query !== undefined ? readUtf8Strict(opts.query) : opts['query-text'];
	const queryOptions = opts.base ? { base_iri: opts.base } : {};
	let json;
	try {
		json = store.query(query, { ...queryOptions, results_format: 'application/sparql-results+json' });
	} catch (err) {
		// Oxigraph refuses a results format for CONSTRUCT/DESCRIBE; anything else is a real error.
		if (!/Not supported RDF format/.test(String(err))) throw new InputError(`query: ${String(err.message || err)}`);
		json = null;
	}
	if (json !== null) {
		process.stdout.write(format === 'json' ? `${json}\n` : resultsToCsv(JSON.parse(json), { ordered: !!opts.ordered }));
		return 0;
	}
	if (format === 'json') throw new UsageError('--format json is only for SELECT and ASK queries');
	const quads = store.query(query, queryOptions);
	let lines = quads.map((q) => `${[q.subject, q.predicate, q.object].map(ntriplesTerm).join(' ')} .`);
	if (!opts.ordered) lines = sortUtf8(lines);
	for (const line of lines) process.stdout.write(`${line}\n`);
	return 0;
}

runMain(main);
