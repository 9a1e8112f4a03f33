#!/usr/bin/env node
// SHACL validation (rdf-validate-shacl) plus a strict check of typed literals.
// Usage: shacl.mjs [--data-format turtle|trig|ntriples|nquads] DATA SHAPES.ttl
// Prints one line per result, sorted:
//   VIOLATION focus=... path=... value=... [Component] message
// Exit 0: conforms; 1: at least one result (any severity) or an ill-typed literal; 2: usage or bad shapes.
//
// rdf-validate-shacl only checks xsd:date and friends against a pattern, so "2024-13-45"^^xsd:date passes
// sh:datatype. We therefore check every literal of the types below in the data graph ourselves,
// whether or not a shape mentions it, and report it as [IllTypedLiteral].

import * as N3 from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { InputError, UsageError, XSD, parseArgs, readUtf8Strict, runMain, sortUtf8 } from './util.mjs';

const USAGE = 'usage: shacl.mjs [--data-format turtle|trig|ntriples|nquads] DATA SHAPES.ttl';
const SH = 'http://www.w3.org/ns/shacl#';
const N3_FORMATS = { turtle: 'Turtle', trig: 'TriG', ntriples: 'N-Triples', nquads: 'N-Quads' };

const YEAR = '-?(?:[1-9][0-9]{3,}|0[0-9]{3})';
const TZ = '(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[12][0-9]|3[01])';
const TIME = '(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?|24:00:00(?:\\.0+)?)';

function isLeap(year) {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function dayFits(yearText, monthText, dayText) {
	const year = Math.abs(Number(yearText));
	const month = Number(monthText);
	const day = Number(dayText);
	const lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	return day <= lengths[month - 1];
}

function dated(pattern) {
	const re = new RegExp(`^(${YEAR})-${MONTH}-${DAY}${pattern}$`);
	return (lex) => {
		const m = re.exec(lex);
		if (!m) return 'lexical form does not match';
		return dayFits(m[1], m[2], m[3]) ? null : `day ${m[3]} does not exist in ${m[1]}-${m[2]}`;
	};
}

function matching(re) {
	return (lex) => (re.test(lex) ? null : 'lexical form does not match');
}

// XSD would collapse surrounding whitespace; we do not, because our exporter must never emit it.
const LITERAL_CHECKS = {
	date: dated(TZ),
	dateTime: dated(`T${TIME}${TZ}`),
	gYear: matching(new RegExp(`^${YEAR}${TZ}$`)),
	gYearMonth: matching(new RegExp(`^${YEAR}-${MONTH}${TZ}$`)),
	duration: matching(/^-?P(?=[0-9]|T[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?$/),
	integer: matching(/^[+-]?[0-9]+$/),
	nonNegativeInteger: matching(/^(?:\+?[0-9]+|-0+)$/),
	positiveInteger: (lex) => (/^\+?[0-9]+$/.test(lex) && /[1-9]/.test(lex) ? null : 'not a positive integer'),
	decimal: matching(/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/),
	boolean: matching(/^(?:true|false|1|0)$/),
};

function parseTurtleLike(path, format, prefixes) {
	const text = readUtf8Strict(path);
	try {
		return new N3.Parser({ format }).parse(text, null, (prefix, iri) => {
			if (!(prefix in prefixes)) prefixes[prefix] = iri.value;
		});
	} catch (err) {
		throw new InputError(`${path}: ${err.message}`);
	}
}

function makeFormatter(prefixes) {
	const entries = Object.entries(prefixes).filter(([, iri]) => iri).sort((a, b) => b[1].length - a[1].length);
	const iri = (value) => {
		for (const [prefix, ns] of entries) {
			if (value.startsWith(ns) && /^[A-Za-z0-9_-]*$/.test(value.slice(ns.length))) return `${prefix}:${value.slice(ns.length)}`;
		}
		if (value.startsWith(XSD)) return `xsd:${value.slice(XSD.length)}`;
		return `<${value}>`;
	};
	return (term) => {
		if (!term) return '-';
		switch (term.termType) {
		case 'NamedNode': return iri(term.value);
		case 'BlankNode': return `_:${term.value}`;
		case 'Literal': {
			const lex = JSON.stringify(term.value);
			if (term.language) return `${lex}@${term.language}`;
			if (term.datatype.value === `${XSD}string`) return lex;
			return `${lex}^^${iri(term.datatype.value)}`;
		}
		default: return String(term.value);
		}
	};
}

function localName(term) {
	if (!term) return '?';
	const v = term.value;
	return v.startsWith(SH) ? v.slice(SH.length) : v;
}

function illTypedLiterals(quads, fmt) {
	const lines = [];
	for (const quad of quads) {
		const o = quad.object;
		if (o.termType !== 'Literal' || !o.datatype.value.startsWith(XSD)) continue;
		const type = o.datatype.value.slice(XSD.length);
		const check = LITERAL_CHECKS[type];
		if (!check) continue;
		const problem = check(o.value);
		if (problem) {
			lines.push(`VIOLATION focus=${fmt(quad.subject)} path=${fmt(quad.predicate)} value=${fmt(o)} `
				+ `[IllTypedLiteral] not a valid xsd:${type}: ${problem}`);
		}
	}
	return lines;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2), { values: ['data-format'] });
	if (opts._.length !== 2) throw new UsageError(USAGE);
	const dataFormat = N3_FORMATS[opts['data-format'] || 'turtle'];
	if (!dataFormat) throw new UsageError(USAGE);
	const [dataPath, shapesPath] = opts._;

	const prefixes = {};
	const dataQuads = parseTurtleLike(dataPath, dataFormat, prefixes);
	let shapeQuads;
	try {
		shapeQuads = parseTurtleLike(shapesPath, 'Turtle', prefixes);
	} catch (err) {
		throw new UsageError(`bad shapes: ${err.message}`);
	}
	const fmt = makeFormatter(prefixes);

	// SHACL validates the data graph; for quads formats that is the union of all graphs.
	const data = new N3.Store(dataQuads.map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object)));
	const shapes = new N3.Store(shapeQuads);
	const validator = new SHACLValidator(shapes);
	const report = await validator.validate(data);

	const lines = [];
	for (const result of report.results) {
		const severity = result.severity ? localName(result.severity).toUpperCase() : 'VIOLATION';
		const message = (result.message || []).map((m) => m.value).join('; ');
		const path = result.path && result.path.termType === 'BlankNode' ? '(complex path)' : fmt(result.path);
		lines.push(`${severity} focus=${fmt(result.focusNode)} path=${path} value=${fmt(result.value)} `
			+ `[${localName(result.sourceConstraintComponent).replace(/^.*[#/]/, '')}] ${message}`.trimEnd());
	}
	lines.push(...illTypedLiterals(dataQuads, fmt));
	for (const line of sortUtf8(lines)) process.stdout.write(`${line}\n`);
	const conforms = report.conforms && lines.length === 0;
	process.stderr.write(`${dataPath}: ${conforms ? 'conforms' : `does not conform (${lines.length} results)`}\n`);
	return conforms ? 0 : 1;
}

runMain(main);
