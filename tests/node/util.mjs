// Shared helpers for the test tools in this directory.
// The normalized result form ("coop-csv") is documented in README.md; keep both in sync.

import { readFileSync } from 'node:fs';

export const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

export class UsageError extends Error {}

// Exit codes shared by every tool: 0 ok, 1 check failed, 2 usage or setup error.
export function runMain(main) {
	main().then(
		(code) => process.exit(code ?? 0),
		(err) => {
			if (err instanceof UsageError || err instanceof InputError) {
				process.stderr.write(`${err.message}\n`);
				process.exit(err instanceof InputError ? 1 : 2);
			}
			process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
			process.exit(2);
		},
	);
}

// A plain readFileSync(..., 'utf8') would turn invalid bytes into U+FFFD and accept the file.
export function readUtf8Strict(path) {
	let bytes;
	try {
		bytes = readFileSync(path);
	} catch (err) {
		throw new UsageError(`${path}: cannot read: ${err.code || err.message}`);
	}
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new InputError(`${path}: invalid UTF-8 at byte ${firstInvalidUtf8Offset(bytes)}`);
	}
}

// An input file is bad (as opposed to the command line being wrong): exit 1.
export class InputError extends Error {}

function firstInvalidUtf8Offset(bytes) {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	let lo = 0;
	let hi = bytes.length;
	// Largest valid prefix, found by bisection; good enough for an error message.
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		try {
			decoder.decode(bytes.subarray(0, mid));
			lo = mid;
		} catch {
			hi = mid - 1;
		}
	}
	return lo;
}

// Sorted as UTF-8 byte strings, the same order as `LC_ALL=C sort`. Each string is encoded once:
// encoding inside the comparator made sorting 300k lines take minutes.
export function sortUtf8(strings) {
	return strings
		.map((text) => ({ text, bytes: Buffer.from(text, 'utf8') }))
		.sort((a, b) => Buffer.compare(a.bytes, b.bytes))
		.map((entry) => entry.text);
}

const RAW_LEXICAL_UNSAFE = /^$|^[<"]|^_:|[@^\\\x00-\x1f\x7f]|^\s|\s$/;

function quoteLexical(lex) {
	let out = '"';
	for (const ch of lex) {
		const cp = ch.codePointAt(0);
		if (ch === '"') out += '\\"';
		else if (ch === '\\') out += '\\\\';
		else if (ch === '\n') out += '\\n';
		else if (ch === '\r') out += '\\r';
		else if (ch === '\t') out += '\\t';
		else if (cp < 0x20 || cp === 0x7f) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
		else out += ch;
	}
	return `${out}"`;
}

function datatypeSuffix(datatype) {
	if (!datatype || datatype === `${XSD}string` || datatype === RDF_LANGSTRING) return '';
	if (datatype.startsWith(XSD) && /^[A-Za-z]+$/.test(datatype.slice(XSD.length))) {
		return `^^xsd:${datatype.slice(XSD.length)}`;
	}
	return `^^<${datatype}>`;
}

// One RDF term from SPARQL JSON results (W3C or Virtuoso's "typed-literal") to its coop-csv cell text.
export function termToCell(term) {
	if (term === undefined || term === null) return '';
	switch (term.type) {
	case 'uri':
		return `<${term.value}>`;
	case 'bnode':
		// Labels are private to each store, so they cannot be compared.
		return '_:';
	case 'literal':
	case 'typed-literal': {
		const lex = String(term.value);
		const body = RAW_LEXICAL_UNSAFE.test(lex) ? quoteLexical(lex) : lex;
		const lang = term['xml:lang'];
		if (lang) return `${body}@${String(lang).toLowerCase()}`;
		return body + datatypeSuffix(term.datatype);
	}
	default:
		throw new InputError(`unknown term type in SPARQL results: ${JSON.stringify(term)}`);
	}
}

// RFC 4180: quote a field only when it contains a comma, a double quote or a line break.
export function csvField(text) {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function booleanToCsv(value) {
	return `boolean\n${value ? 'true' : 'false'}\n`;
}

// SPARQL JSON results (object) to coop-csv text. Rows are sorted unless `ordered`.
export function resultsToCsv(results, { ordered = false } = {}) {
	if (results === null || typeof results !== 'object') throw new InputError('SPARQL results: not a JSON object');
	if (typeof results.boolean === 'boolean') return booleanToCsv(results.boolean);
	const vars = results.head && Array.isArray(results.head.vars) ? results.head.vars : null;
	const bindings = results.results && Array.isArray(results.results.bindings) ? results.results.bindings : null;
	if (!vars || !bindings) throw new InputError('SPARQL results: neither "boolean" nor head.vars + results.bindings');
	// Virtuoso answers ASK with a one-row SELECT of ?__ASK_RETVAL = 1/0 instead of {"boolean": ...}.
	if (vars.length === 1 && vars[0] === '__ASK_RETVAL' && bindings.length === 1) {
		const cell = bindings[0].__ASK_RETVAL;
		return booleanToCsv(cell !== undefined && cell.value !== '0' && cell.value !== 'false');
	}
	let rows = bindings.map((binding) => vars.map((v) => csvField(termToCell(binding[v]))).join(','));
	if (!ordered) rows = sortUtf8(rows);
	return [vars.map(csvField).join(','), ...rows].map((line) => `${line}\n`).join('');
}

export async function readStdin() {
	const chunks = [];
	for await (const chunk of process.stdin) chunks.push(chunk);
	return Buffer.concat(chunks);
}

// Minimal option parser: `--name value` / `--flag`; anything else is positional.
export function parseArgs(argv, { values = [], flags = [], repeatable = [] }) {
	const opts = { _: [] };
	for (const name of repeatable) opts[name] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') {
			opts._.push(...argv.slice(i + 1));
			break;
		}
		if (!arg.startsWith('--') || arg === '-') {
			opts._.push(arg);
			continue;
		}
		const name = arg.slice(2);
		if (flags.includes(name)) {
			opts[name] = true;
		} else if (values.includes(name) || repeatable.includes(name)) {
			if (i + 1 >= argv.length) throw new UsageError(`option ${arg} needs a value`);
			const value = argv[++i];
			if (repeatable.includes(name)) opts[name].push(value);
			else opts[name] = value;
		} else {
			throw new UsageError(`unknown option ${arg}`);
		}
	}
	return opts;
}
