#!/usr/bin/env node
// A tiny HTTP server on 127.0.0.1 for tests/suites/load_virtuoso.sh: it answers by path and logs every
// request it receives, so that the suite can count requests (retries, --dry-run) and see what was sent.
// Usage: http-stub.mjs PORT_FILE LOG_FILE
//   Writes the port it listens on (chosen by the system) to PORT_FILE once it is ready.
//   Appends one JSON line per request to LOG_FILE, after its body has been read completely:
//   {"method","url","contentType","expect","userAgent","authorization","bytes"}.
// Paths (the query string is ignored):
//   /status/NNN      answers HTTP NNN with a text body of 1000 bytes that starts with control characters
//   /digest          401 with a Digest challenge when there is no Authorization header, else 201
//   /fail-on/TEXT    500 when the decoded query string contains TEXT, else 201 (one graph of several fails)
//   /redirect        301 to http://127.0.0.1:1/elsewhere
//   /hang            never answers
//   anything else    201 Created
// Stop it with SIGTERM; it also stops by itself when its parent process is gone.

import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [portFile, logFile] = process.argv.slice(2);
if (!portFile || !logFile) {
	process.stderr.write('usage: http-stub.mjs PORT_FILE LOG_FILE\n');
	process.exit(2);
}

// ESC [ 2 J would clear a terminal that printed the body raw; NUL, BEL and a newline must not pass either.
const ERROR_BODY = '\x1b[2J\x07\x00 Internal\ntrouble: ' + 'x'.repeat(1000);

const server = createServer((req, res) => {
	let bytes = 0;
	req.on('data', (chunk) => { bytes += chunk.length; });
	req.on('end', () => {
		appendFileSync(logFile, JSON.stringify({
			method: req.method,
			url: req.url,
			contentType: req.headers['content-type'] || '',
			expect: req.headers.expect || '',
			userAgent: req.headers['user-agent'] || '',
			authorization: (req.headers.authorization || '').split(' ')[0],
			bytes,
		}) + '\n');
		const path = req.url.split('?')[0];
		const status = /^\/status\/(\d{3})$/.exec(path);
		const failOn = /^\/fail-on\/(.+)$/.exec(path);
		const query = decodeURIComponent(req.url.split('?')[1] || '');
		if (failOn && query.includes(decodeURIComponent(failOn[1]))) {
			res.writeHead(500, { 'Content-Type': 'text/plain' });
			res.end('this graph fails');
		} else if (status) {
			res.writeHead(Number(status[1]), { 'Content-Type': 'text/plain' });
			res.end(ERROR_BODY.slice(0, 1000));
		} else if (path === '/digest' && !req.headers.authorization) {
			res.writeHead(401, {
				'WWW-Authenticate': 'Digest realm="stub", nonce="0123456789abcdef", qop="auth", algorithm=MD5',
				'Content-Type': 'text/plain',
			});
			res.end('authentication required');
		} else if (path === '/redirect') {
			res.writeHead(301, { Location: 'http://127.0.0.1:1/elsewhere' });
			res.end();
		} else if (path === '/hang') {
			// no answer at all
		} else {
			res.writeHead(201, { 'Content-Type': 'text/plain' });
			res.end('created');
		}
	});
});

server.listen(0, '127.0.0.1', () => {
	writeFileSync(portFile, String(server.address().port));
});
process.on('SIGTERM', () => process.exit(0));
// If the suite is killed outright (SIGKILL, a ctest timeout), no trap stops this server: it stops itself once
// its parent is gone, and after 15 minutes in any case.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 1000).unref();
setTimeout(() => process.exit(0), 15 * 60 * 1000).unref();
