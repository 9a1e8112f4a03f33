#!/usr/bin/env node
// Convert SPARQL JSON results (W3C, or Virtuoso's with "typed-literal" and ASK as ?__ASK_RETVAL)
// from stdin to the normalized "coop-csv" form of README.md, exactly as sparql.mjs prints it.
// Usage: sparql-json-to-csv.mjs [--ordered] < results.json
// Exit 0: converted; 1: input is not SPARQL JSON results; 2: usage.

import { InputError, UsageError, parseArgs, readStdin, resultsToCsv, runMain } from './util.mjs';

async function main() {
	const opts = parseArgs(process.argv.slice(2), { flags: ['ordered'] });
	if (opts._.length) throw new UsageError('usage: sparql-json-to-csv.mjs [--ordered] < results.json');
	const bytes = await readStdin();
	let results;
	try {
		results = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch (err) {
		const preview = bytes.subarray(0, 200).toString('utf8').replace(/\s+/g, ' ');
		throw new InputError(`not SPARQL JSON results (${err.message}): ${preview}`);
	}
	process.stdout.write(resultsToCsv(results, { ordered: !!opts.ordered }));
	return 0;
}

runMain(main);
