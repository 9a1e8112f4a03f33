#!/usr/bin/env node
// Check an SVG diagram in Debian's Chromium (through playwright-core), with no network access.
// Usage: svg-check.mjs --svg FILE.svg [--expect EXPECT.json] [--screenshot OUT.png] [--chromium PATH]
//
// Always checked: strict UTF-8; well-formed XML (DOMParser, image/svg+xml); root <svg> with a viewBox; only
// SVG-namespace elements; unique ids; no <script>, <foreignObject>, animation of href, on* attributes, <!ENTITY>,
// xml-stylesheet, javascript:/data: values, CSS url()/@import to anything but #fragments; <a> links are
// absolute http(s) or #fragment, any other href/src is a #fragment; the page inlining the SVG and the page
// showing it through <img src> load without any request except our own; <img> decodes; the rendered
// screenshot of each is not blank.
// EXPECT.json (all keys optional), node/edge/cluster names are the Graphviz id or <title>:
//   {"nodes": ["a", "b"] | N, "edges": ["a->b"] | N, "clusters": ["cluster_x"] | N,
//    "tooltips": {"a": "substring of xlink:title"}, "links": {"a": "https://..."},
//    "click": "a" | ["a"], "texts": ["label text that must be rendered"]}
// A list requires each item to exist; a number requires exactly that many.
// Exit 0: all checks passed; 1: a check failed; 2: usage or the browser could not start.
// Every http(s) request is answered by us (page.route); nothing leaves the machine.

import { chromium } from 'playwright-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InputError, UsageError, parseArgs, readUtf8Strict, runMain } from './util.mjs';

const USAGE = 'usage: svg-check.mjs --svg FILE.svg [--expect EXPECT.json] [--screenshot OUT.png] [--chromium PATH]';
const ORIGIN = 'http://coopgraph.test';
// page.route() answers every request, but Chromium still resolves names on its own (preconnect to our hosts,
// update.googleapis.com, accounts.google.com; seen with strace). The resolver rule stops those DNS queries.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--host-resolver-rules=MAP * ~NOTFOUND', '--dns-prefetch-disable'];

let failures = 0;
function ok(message) {
	process.stdout.write(`ok   ${message}\n`);
}
function bad(message) {
	failures++;
	process.stderr.write(`FAIL ${message}\n`);
}
function check(condition, message, detail) {
	if (condition) ok(message);
	else bad(detail ? `${message}: ${detail}` : message);
}

// Runs in the browser: security and structure checks on the SVG parsed as a standalone XML document.
function staticChecks(svgText) {
	const SVG_NS = 'http://www.w3.org/2000/svg';
	const XLINK_NS = 'http://www.w3.org/1999/xlink';
	const out = { parseError: null, problems: [], root: null, viewBox: null, elements: 0 };
	const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
	const parseError = doc.getElementsByTagNameNS('*', 'parsererror')[0];
	if (parseError) {
		const text = parseError.textContent.replace(/\s+/g, ' ').trim();
		const core = /error on line.*?(?=Below is a rendering|$)/.exec(text);
		out.parseError = (core ? core[0] : text).trim().slice(0, 300);
		return out;
	}
	const root = doc.documentElement;
	out.root = `{${root.namespaceURI}}${root.localName}`;
	out.viewBox = root.getAttribute('viewBox');
	for (const node of doc.childNodes) {
		if (node.nodeType === Node.PROCESSING_INSTRUCTION_NODE) out.problems.push(`processing instruction <?${node.target}?>`);
	}
	const where = (el) => {
		const id = el.getAttribute('id');
		return `<${el.localName}${id ? ` id="${id}"` : ''}>`;
	};
	const cssProblem = (css) => {
		if (/@import/i.test(css)) return '@import';
		if (/expression\s*\(/i.test(css)) return 'expression()';
		for (const m of css.matchAll(/url\(\s*(['"]?)([^)'"]*)\1\s*\)/gi)) {
			if (!m[2].startsWith('#')) return `url(${m[2]})`;
		}
		return null;
	};
	const isLinkAttr = (attr) => (attr.localName === 'href' && (attr.namespaceURI === XLINK_NS || !attr.namespaceURI))
		|| (attr.localName === 'src' && !attr.namespaceURI);
	const ids = new Set();
	for (const el of doc.getElementsByTagName('*')) {
		out.elements++;
		const id = el.getAttribute('id');
		if (id !== null) {
			// Duplicate ids break #fragment links and make node lookups ambiguous.
			if (ids.has(id)) out.problems.push(`duplicate id "${id}" on ${where(el)}`);
			ids.add(id);
		}
		const name = el.localName.toLowerCase();
		if (el.namespaceURI !== SVG_NS) out.problems.push(`element outside the SVG namespace: {${el.namespaceURI}}${el.localName}`);
		if (name === 'script' || name === 'foreignobject' || name === 'handler' || name === 'listener') {
			out.problems.push(`forbidden element ${where(el)}`);
		}
		if ((name === 'animate' || name === 'set') && /href/i.test(el.getAttribute('attributeName') || '')) {
			out.problems.push(`animation of href in ${where(el)}`);
		}
		if (name === 'style') {
			const problem = cssProblem(el.textContent);
			if (problem) out.problems.push(`external reference in ${where(el)}: ${problem}`);
		}
		for (const attr of el.attributes) {
			const value = attr.value;
			if (/^on/i.test(attr.localName)) out.problems.push(`event handler attribute ${attr.name} on ${where(el)}`);
			if (!isLinkAttr(attr) && /^\s*(javascript|vbscript|data)\s*:/i.test(value)) out.problems.push(`${attr.name}="${value.slice(0, 60)}" on ${where(el)}`);
			if (attr.localName === 'style') {
				const problem = cssProblem(value);
				if (problem) out.problems.push(`external reference in style of ${where(el)}: ${problem}`);
			}
			if (isLinkAttr(attr)) {
				// Browsers strip whitespace and control characters inside schemes ("java\tscript:"), so refuse them.
				const clean = !/[\x00-\x20\x7f]/.test(value);
				const fragment = value.startsWith('#');
				const web = /^https?:\/\/[^/?#]/i.test(value);
				if (!clean) out.problems.push(`${attr.name} with whitespace or control characters on ${where(el)}`);
				else if (name === 'a' && !(fragment || web)) out.problems.push(`link ${attr.name}="${value.slice(0, 80)}" on ${where(el)} is not absolute http(s) or #fragment`);
				else if (name !== 'a' && !fragment) out.problems.push(`external reference ${attr.name}="${value.slice(0, 80)}" on ${where(el)}`);
			}
		}
	}
	return out;
}

// Runs in the browser on the inline page: what EXPECT.json asks about.
function domFacts() {
	const XLINK_NS = 'http://www.w3.org/1999/xlink';
	const svg = document.querySelector('svg');
	const titleOf = (g) => {
		const t = Array.from(g.children).find((c) => c.localName === 'title');
		return t ? t.textContent.trim() : null;
	};
	const describe = (g) => {
		const a = g.querySelector('a');
		const box = g.getBoundingClientRect();
		return {
			id: g.id || null,
			title: titleOf(g),
			href: a ? (a.getAttributeNS(XLINK_NS, 'href') || a.getAttribute('href')) : null,
			tooltip: a ? (a.getAttributeNS(XLINK_NS, 'title') || a.getAttribute('title')) : null,
			box: { x: box.x, y: box.y, width: box.width, height: box.height },
		};
	};
	return {
		found: !!svg,
		nodes: svg ? Array.from(svg.querySelectorAll('g.node')).map(describe) : [],
		edges: svg ? Array.from(svg.querySelectorAll('g.edge')).map(describe) : [],
		clusters: svg ? Array.from(svg.querySelectorAll('g.cluster')).map(describe) : [],
		texts: svg ? Array.from(svg.querySelectorAll('text')).map((t) => t.textContent) : [],
	};
}

// Runs in the browser: distinct colours of a PNG given as a data: URL, and how many pixels differ from the
// most frequent colour (the background).
async function pixelStats(dataUrl) {
	const img = new Image();
	img.src = dataUrl;
	await img.decode();
	const canvas = document.createElement('canvas');
	canvas.width = img.naturalWidth;
	canvas.height = img.naturalHeight;
	const ctx = canvas.getContext('2d');
	ctx.drawImage(img, 0, 0);
	const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
	const counts = new Map();
	for (let i = 0; i < data.length; i += 4) {
		const key = (data[i] << 24 | data[i + 1] << 16 | data[i + 2] << 8 | data[i + 3]) >>> 0;
		counts.set(key, (counts.get(key) || 0) + 1);
	}
	let background = 0;
	for (const n of counts.values()) background = Math.max(background, n);
	return { width: canvas.width, height: canvas.height, colours: counts.size, foreground: data.length / 4 - background };
}

async function screenshot(locator, label) {
	try {
		return await locator.screenshot({ timeout: 10000 });
	} catch (err) {
		bad(`screenshot of ${label}: ${String(err.message).split('\n')[0]}`);
		return null;
	}
}

function findItem(items, name) {
	return items.find((item) => item.id === name || item.title === name);
}

function checkSet(kind, items, expected) {
	if (expected === undefined) return;
	if (typeof expected === 'number') {
		check(items.length === expected, `${expected} ${kind}`, `found ${items.length}`);
		return;
	}
	for (const name of expected) {
		const item = findItem(items, name);
		check(!!item, `${kind.replace(/s$/, '')} "${name}" exists`, `not among ${items.length} ${kind} (${items.slice(0, 8).map((i) => i.title || i.id).join(', ')}${items.length > 8 ? ', ...' : ''})`);
		if (item && kind === 'nodes') {
			check(item.box.width > 0 && item.box.height > 0, `node "${name}" is rendered with a size`, JSON.stringify(item.box));
		}
	}
}

function loadExpect(path) {
	if (!path) return {};
	let expect;
	try {
		expect = JSON.parse(readUtf8Strict(path));
	} catch (err) {
		throw new UsageError(`${path}: ${err.message}`);
	}
	const known = ['nodes', 'edges', 'clusters', 'tooltips', 'links', 'click', 'texts'];
	for (const key of Object.keys(expect)) {
		if (!known.includes(key)) throw new UsageError(`${path}: unknown key "${key}" (known: ${known.join(', ')})`);
	}
	return expect;
}

function pageHtml(body) {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>svg-check</title>`
		+ `<style>html,body{margin:0;background:#fff}</style></head><body>${body}</body></html>`;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2), { values: ['svg', 'expect', 'screenshot', 'chromium'] });
	if (!opts.svg || opts._.length) throw new UsageError(USAGE);
	const executablePath = opts.chromium || process.env.COOP_CHROMIUM || '/usr/bin/chromium';
	if (!existsSync(executablePath)) throw new UsageError(`${executablePath} not found (apt-get install chromium)`);
	const expect = loadExpect(opts.expect);

	let svgText;
	try {
		svgText = readUtf8Strict(opts.svg);
		ok('valid UTF-8');
	} catch (err) {
		if (!(err instanceof InputError)) throw err;
		bad(err.message);
		svgText = readFileSync(opts.svg, 'latin1');
	}
	check(!/<!ENTITY/i.test(svgText), 'no <!ENTITY> declarations');

	// launch() gives Chromium a fresh temporary --user-data-dir and deletes it on close().
	const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30000 });
	try {
		// Scripts off: a hostile SVG under test must not run anything, even in this throw-away browser.
		const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
		// Strip the prolog so the SVG can sit inside HTML; the file itself is checked as XML above.
		const inlineSvg = svgText.replace(/^\uFEFF?\s*<\?xml[^>]*\?>/, '').replace(/<!DOCTYPE[^>[]*(\[[^\]]*\])?\s*>/i, '');
		const ownPages = {
			[`${ORIGIN}/blank.html`]: { contentType: 'text/html; charset=utf-8', body: pageHtml('') },
			[`${ORIGIN}/inline.html`]: { contentType: 'text/html; charset=utf-8', body: pageHtml(`<div id="diagram">${inlineSvg}</div>`) },
			[`${ORIGIN}/img.html`]: { contentType: 'text/html; charset=utf-8', body: pageHtml('<img id="img" src="graph.svg" alt="diagram">') },
			[`${ORIGIN}/graph.svg`]: { contentType: 'image/svg+xml', body: svgText },
		};
		let foreign = [];
		await context.route('**/*', (route) => {
			const url = route.request().url();
			const own = ownPages[url];
			if (own) return route.fulfill({ status: 200, ...own });
			foreign.push(url);
			return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pageHtml('intercepted') });
		});
		const page = await context.newPage();

		await page.goto(`${ORIGIN}/blank.html`);
		const facts = await page.evaluate(staticChecks, svgText);
		if (facts.parseError) {
			bad(`well-formed XML (DOMParser image/svg+xml): ${facts.parseError}`);
			return 1;
		}
		ok(`well-formed XML (DOMParser image/svg+xml), ${facts.elements} elements`);
		check(facts.root === '{http://www.w3.org/2000/svg}svg', 'root element is SVG <svg>', facts.root);
		check(!!facts.viewBox, 'root <svg> has a viewBox', 'missing');
		if (facts.problems.length === 0) ok('no scripts, event handlers, foreignObject, external references or duplicate ids; links are http(s) or #');
		for (const problem of facts.problems) bad(`unsafe SVG: ${problem}`);

		foreign = [];
		await page.goto(`${ORIGIN}/inline.html`, { waitUntil: 'load' });
		const dom = await page.evaluate(domFacts);
		check(dom.found, 'inline page contains the <svg>');
		check(foreign.length === 0, 'inline page makes no outside requests', foreign.join(' '));
		const shot = await screenshot(page.locator('#diagram svg').first(), 'inline SVG');
		if (opts.screenshot && shot) writeFileSync(opts.screenshot, shot);

		checkSet('nodes', dom.nodes, expect.nodes);
		checkSet('edges', dom.edges, expect.edges);
		checkSet('clusters', dom.clusters, expect.clusters);
		for (const [name, substring] of Object.entries(expect.tooltips || {})) {
			const node = findItem(dom.nodes, name);
			check(node && node.tooltip !== null && node.tooltip.includes(substring), `tooltip of "${name}" contains ${JSON.stringify(substring)}`,
				node ? `tooltip is ${JSON.stringify(node.tooltip)}` : 'no such node');
		}
		for (const [name, href] of Object.entries(expect.links || {})) {
			const node = findItem(dom.nodes, name);
			check(node && node.href === href, `link of "${name}" is ${href}`, node ? `link is ${JSON.stringify(node.href)}` : 'no such node');
		}
		for (const text of expect.texts || []) {
			check(dom.texts.some((t) => t.includes(text)), `text ${JSON.stringify(text)} is rendered`);
		}

		foreign = [];
		await page.goto(`${ORIGIN}/img.html`, { waitUntil: 'load' });
		const img = await page.evaluate(() => {
			const el = document.getElementById('img');
			return { complete: el.complete, width: el.naturalWidth, height: el.naturalHeight };
		});
		check(img.complete && img.width > 0 && img.height > 0, '<img src=graph.svg> decodes', JSON.stringify(img));
		check(foreign.length === 0, '<img> page makes no outside requests', foreign.join(' '));
		const imgShot = img.width > 0 ? await screenshot(page.locator('#img'), '<img> SVG') : null;

		await page.goto(`${ORIGIN}/blank.html`);
		for (const [label, png] of [['inline SVG', shot], ['<img> SVG', imgShot]]) {
			if (!png) continue;
			const stats = await page.evaluate(pixelStats, `data:image/png;base64,${png.toString('base64')}`);
			check(stats.colours >= 2 && stats.foreground >= 20,
				`screenshot of ${label} is not blank (${stats.width}x${stats.height}, ${stats.colours} colours, ${stats.foreground} non-background pixels)`,
				'blank');
		}
		if (opts.screenshot && shot) ok(`screenshot written to ${opts.screenshot}`);

		const clicks = expect.click === undefined ? [] : [].concat(expect.click);
		for (const name of clicks) {
			await page.goto(`${ORIGIN}/inline.html`, { waitUntil: 'load' });
			const node = findItem(dom.nodes, name);
			if (!node || !node.href) {
				bad(`click on "${name}": ${node ? 'node has no link' : 'no such node'}`);
				continue;
			}
			foreign = [];
			const popup = context.waitForEvent('page', { timeout: 5000 }).catch(() => null);
			const link = page.locator('#diagram svg g.node').nth(dom.nodes.indexOf(node)).locator('a').first();
			try {
				// A real click (scrolled into view, hit-tested), not a synthetic event.
				await link.click({ timeout: 5000 });
			} catch (err) {
				bad(`click on "${name}": ${String(err.message).split('\n')[0]}`);
				continue;
			}
			let landed = null;
			try {
				await page.waitForURL(node.href, { timeout: 5000 });
				landed = page.url();
			} catch {
				const other = await popup;
				if (other) landed = other.url();
			}
			check(landed === node.href, `click on "${name}" navigates to ${node.href} (intercepted locally)`,
				`landed on ${landed}; requests: ${foreign.join(' ') || 'none'}`);
		}
	} finally {
		await browser.close();
	}
	process.stdout.write(`${opts.svg}: ${failures === 0 ? 'all checks passed' : `${failures} check(s) failed`}\n`);
	return failures === 0 ? 0 : 1;
}

runMain(main);
