#!/usr/bin/env node
// Strict RDF syntax check with two independent parsers (N3.js and Oxigraph).
// Usage: rdf-parse.mjs --format turtle|ntriples|nquads|trig|rdfxml [--parser n3|oxigraph|both]
//                      [--base IRI] [--expect-count N] FILE...
// Prints FILE<TAB>parser<TAB>N (N = distinct triples/quads) per file and parser.
// Exit 0: every file parsed (and with both parsers they agree); 1: a file is invalid or the parsers disagree.

import * as N3 from 'n3';
import * as oxigraph from 'oxigraph';
import { InputError, UsageError, parseArgs, readUtf8Strict, runMain } from './util.mjs';

const USAGE = 'usage: rdf-parse.mjs --format turtle|ntriples|nquads|trig|rdfxml [--parser n3|oxigraph|both] '
	+ '[--base IRI] [--expect-count N] FILE...';

const FORMATS = {
	turtle: { n3: 'Turtle', oxigraph: 'text/turtle' },
	ntriples: { n3: 'N-Triples', oxigraph: 'application/n-triples' },
	nquads: { n3: 'N-Quads', oxigraph: 'application/n-quads' },
	trig: { n3: 'TriG', oxigraph: 'application/trig' },
	// N3.js has no RDF/XML parser.
	rdfxml: { n3: null, oxigraph: 'application/rdf+xml' },
};

const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function termKey(term, keepBlankLabels) {
	switch (term.termType) {
	case 'NamedNode':
		return `<${term.value}>`;
	case 'BlankNode':
		return keepBlankLabels ? `_:${term.value}` : '_:';
	case 'Literal': {
		const datatype = term.datatype;
		const key = JSON.stringify(term.value) + (term.language ? `@${term.language.toLowerCase()}` : `^^<${datatype.value}>`);
		if (datatype.free) datatype.free();
		return key;
	}
	case 'DefaultGraph':
		return '';
	default:
		return `?${term.termType}:${term.value}`;
	}
}

// One pass per parser, touching every term once: Oxigraph's terms are WASM objects, and walking its quads
// several times (with N3.js's quads also alive) made a 300k-triple file take minutes.
// Returns {distinct: number, agnostic: Map(blank-node-agnostic key -> count over distinct quads)}.
function summarize(quads, checkAbsolute) {
	const exactKeys = new Set();
	const agnostic = new Map();
	for (const quad of quads) {
		const terms = [quad.subject, quad.predicate, quad.object, quad.graph];
		if (quad.free) quad.free();
		let exact = '';
		let loose = '';
		let hasBlank = false;
		for (const term of terms) {
			if (checkAbsolute) {
				if (term.termType === 'NamedNode' && !ABSOLUTE_IRI.test(term.value)) {
					throw new Error(`relative IRI <${term.value}> and no --base given`);
				}
				if (term.termType === 'Literal' && !ABSOLUTE_IRI.test(term.datatype.value)) {
					throw new Error(`relative datatype IRI <${term.datatype.value}> and no --base given`);
				}
			}
			const key = termKey(term, true);
			exact += `${key} `;
			if (term.termType === 'BlankNode') {
				hasBlank = true;
				loose += '_: ';
			} else {
				loose += `${key} `;
			}
			if (term.free) term.free();
		}
		if (exactKeys.has(exact)) continue;
		exactKeys.add(exact);
		const agnosticKey = hasBlank ? loose : exact;
		agnostic.set(agnosticKey, (agnostic.get(agnosticKey) || 0) + 1);
	}
	return { distinct: exactKeys.size, agnostic };
}

function parseWith(parser, text, format, base) {
	if (parser === 'n3') {
		const options = { format: FORMATS[format].n3 };
		if (base) options.baseIRI = base;
		// N3.js keeps relative IRIs when no base is given; Oxigraph rejects them. Make both strict.
		return summarize(new N3.Parser(options).parse(text), !base);
	}
	const options = { format: FORMATS[format].oxigraph };
	if (base) options.base_iri = base;
	return summarize(oxigraph.parse(text, options), false);
}

// A statement one summary has (more often) than the other, or null.
function firstDifference(a, b) {
	for (const [key, count] of a.agnostic) {
		if ((b.agnostic.get(key) || 0) < count) return key;
	}
	return null;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2), { values: ['format', 'parser', 'base', 'expect-count'] });
	if (!opts.format || !(opts.format in FORMATS)) throw new UsageError(USAGE);
	if (opts._.length === 0) throw new UsageError(USAGE);
	const format = opts.format;
	const choice = opts.parser || (FORMATS[format].n3 ? 'both' : 'oxigraph');
	if (!['n3', 'oxigraph', 'both'].includes(choice)) throw new UsageError(USAGE);
	if (choice !== 'oxigraph' && !FORMATS[format].n3) throw new UsageError(`N3.js cannot parse ${format}; use --parser oxigraph`);
	const parsers = choice === 'both' ? ['n3', 'oxigraph'] : [choice];
	let expectCount = null;
	if (opts['expect-count'] !== undefined) {
		if (!/^\d+$/.test(opts['expect-count'])) throw new UsageError('--expect-count needs a number');
		expectCount = Number(opts['expect-count']);
	}

	let failed = false;
	for (const file of opts._) {
		let text;
		try {
			text = readUtf8Strict(file);
		} catch (err) {
			if (!(err instanceof InputError)) throw err;
			process.stderr.write(`${err.message}\n`);
			failed = true;
			continue;
		}
		const results = {};
		for (const parser of parsers) {
			try {
				const summary = parseWith(parser, text, format, opts.base);
				results[parser] = summary;
				const count = summary.distinct;
				process.stdout.write(`${file}\t${parser}\t${count}\n`);
				if (expectCount !== null && count !== expectCount) {
					process.stderr.write(`${file}: ${parser}: ${count} distinct statements, expected ${expectCount}\n`);
					failed = true;
				}
			} catch (err) {
				process.stderr.write(`${file}: ${parser}: ${String(err && err.message ? err.message : err).split('\n')[0]}\n`);
				failed = true;
			}
		}
		if (results.n3 && results.oxigraph) {
			const a = results.n3;
			const b = results.oxigraph;
			const onlyN3 = firstDifference(a, b);
			const onlyOx = firstDifference(b, a);
			if (onlyN3 !== null || onlyOx !== null) {
				process.stderr.write(`${file}: parsers disagree (n3 ${a.distinct}, oxigraph ${b.distinct} statements)\n`);
				if (onlyN3 !== null) process.stderr.write(`  only from n3:       ${onlyN3}\n`);
				if (onlyOx !== null) process.stderr.write(`  only from oxigraph: ${onlyOx}\n`);
				failed = true;
			}
		}
	}
	return failed ? 1 : 0;
}

runMain(main);
