// browser.mjs — the real-browser checks: crawl the built site in Chromium and check
// every page a reader can reach.
//
// Owns: serving the site twice (at "/", and the same site built for a sub-path under
// "/sub/path/"; links are relative), crawling from the home page (a[href], link[href], img[src|srcset],
// source[srcset], script[src], …), checking every same-origin URL found (< 400, and
// #fragments exist on their target page), and visiting every HTML page at each width
// for: console errors, page errors, failed requests, external requests (none allowed:
// the site must be self-contained), broken images, axe-core WCAG 2.x A/AA violations,
// horizontal overflow at phone width, a full-page screenshot, and a JavaScript-off load
// whose <main> must have text. Overflow and axe run with every <details> opened, so the
// collapsed chart data tables are checked too. Also checks the 404 page when the site has
// one, and warns about orphan pages and chart text too small to read on a phone.
// "Failed to load resource" console messages are folded into the failed request they echo.
// Writes artifacts/results/browser.json, artifacts/screenshots/<width>/<slug>.png,
// artifacts/external-links.json.
//
// Usage: node browser.mjs --site BUILT_SITE_DIR [--sub-site SAME_SITE_BUILT_FOR_SUB_PATH]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import {
  anchorsInPage, brokenImagesInPage, collectLinksInPage, overflowInPage, smallestSvgTextInPage,
} from './page-probes.mjs';
import { ARTIFACTS, Result, ensureDir, listFiles, siteDir } from './common.mjs';

// ---- settings -------------------------------------------------------------------------
const WIDTHS = [375, 1280]; // phone, desktop (CSS px)
const HEIGHTS = { 375: 812, 1280: 800 };
// The site is served at "/" and, when `--sub-site DIR` gives the same site built with
// `--base-url …/sub/path/`, that build under "/sub/path/".
const SUB_SITE = (() => { const i = process.argv.indexOf('--sub-site'); return i > 0 ? process.argv[i + 1] : null; })();
const BASES = SUB_SITE ? ['/', '/sub/path/'] : ['/'];
const SCREENSHOT_BASE = '/'; // pages look the same under every prefix: shoot once
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const NAV_TIMEOUT_MS = 30_000;
// Text inside inline SVG (charts) scales down with the chart: below this rendered size
// (CSS px) at phone width it is reported. A warning for now; set to true to fail on it.
const MIN_SVG_TEXT_PX = 9;
const SMALL_SVG_TEXT_FAILS = false;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// ----------------------------------------------------------------------------------------

const site = siteDir();
const result = new Result('browser');
const shotsDir = path.join(ARTIFACTS, 'screenshots');
fs.rmSync(shotsDir, { recursive: true, force: true });

/**
 * Issues are de-duplicated across widths and bases: the same axe rule on the same page
 * is reported once, with the visits it was seen at. key → { counter, check, where,
 * problem, fix, seenAt: Set }
 */
const issues = new Map();
function issue(counter, { check, where, problem, fix, key }, seenAt, unit) {
  const k = `${counter}\u0000${where}\u0000${key ?? problem}`;
  if (!issues.has(k)) issues.set(k, { counter, check, where, problem, fix, seenAt: new Set() });
  if (seenAt) issues.get(k).seenAt.add(seenAt);
  for (const u of [unit].flat()) if (u) result.unitFailed(u);
}

const externalLinks = new Map(); // url → Set(page)
const pagesSeen = new Set(); // page paths relative to the base, all bases
const smallTextWarned = new Set();
const axeNeedsReview = {}; // page → { axe rule id: element count }
let visits = 0;
let noJsVisits = 0;

const slug = (rel) => (rel.replace(/\/$/, '').replace(/\.html$/, '').replace(/[^A-Za-z0-9._-]+/g, '-')
  .replace(/^-+|-+$/g, '') || 'index');

function relTo(srv, url) {
  const u = new URL(url);
  const noHash = u.origin + u.pathname + u.search;
  if (noHash.startsWith(srv.baseUrl)) return '/' + noHash.slice(srv.baseUrl.length);
  return `${u.pathname}${u.search} (outside the site prefix ${srv.prefix})`;
}

/** Id of one page visit, the unit the pass/fail count is made of. */
const visitUnit = (srv, rel, width, javaScript = true) => `${srv.prefix}\u0000${rel}\u0000${width}${javaScript ? '' : '-nojs'}`;
/** A broken link fails the JavaScript-on visits of the page that has it. */
const linkUnits = (srv, rel) => WIDTHS.map((w) => visitUnit(srv, rel, w));

/** Makes messages comparable across the two servers (different ports and prefixes). */
const siteText = (srv, text) => text.replaceAll(srv.baseUrl, '<site>/').replaceAll(srv.origin, '');

/** Whether a collected reference (by its kind) makes the browser fetch or connect. */
const LOADS_RESOURCE = (kind) => kind !== 'a[href]'
  && (!kind.startsWith('link[') || /\b(stylesheet|icon|preload|prefetch|preconnect|dns-prefetch|modulepreload|manifest)\b/i.test(kind));

const stripHash = (url) => { const u = new URL(url); u.hash = ''; return u.href; };

async function fetchStatus(url) {
  try {
    const res = await fetch(url, { redirect: 'follow' });
    await res.arrayBuffer();
    return { status: res.status, contentType: res.headers.get('content-type') || '', finalUrl: res.url };
  } catch (e) {
    return { status: 0, contentType: '', finalUrl: url, error: String(e.message || e) };
  }
}

/**
 * Visits one page in a fresh context. Returns what was collected; records issues.
 * opts: { width, javaScript, expectStatus, collect, screenshot, label }
 */
async function visit(browser, srv, url, opts) {
  const { width, javaScript = true, expectStatus = 200, screenshot = false } = opts;
  const rel = relTo(srv, url);
  const seenAt = `${width}px${javaScript ? '' : ' no-JS'} at ${srv.prefix}`;
  const unit = visitUnit(srv, rel, width, javaScript);
  const where = opts.label || rel;
  const context = await browser.newContext({
    viewport: { width, height: HEIGHTS[width] || 800 },
    javaScriptEnabled: javaScript,
    serviceWorkers: 'block',
    reducedMotion: 'reduce',
  });
  const external = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:')
      && u.origin !== srv.origin) {
      external.push(u.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const consoleErrors = []; // { text, loc }
  const failed = [];
  const badResponses = new Set(); // URLs that answered >= 400
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location()?.url || '';
    // Chromium fetches /favicon.ico on its own at the domain root; not the site's request.
    if (loc && new URL(loc, srv.origin).pathname === '/favicon.ico') return;
    // The deliberate 404 visit: the document's own 404 is expected.
    if (expectStatus === 404 && loc === url && /404/.test(msg.text())) return;
    // Requests we blocked as external are reported as such, not twice.
    if (/ERR_BLOCKED_BY_CLIENT/.test(msg.text())) return;
    consoleErrors.push({ text: msg.text(), loc });
  });
  page.on('pageerror', (err) => consoleErrors.push({ text: `uncaught ${err.name}: ${err.message}`, loc: '' }));
  page.on('requestfailed', (req) => {
    if (external.includes(req.url()) || badResponses.has(req.url())) return;
    failed.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText || 'failed'}`);
  });
  page.on('response', (res) => {
    if (res.status() < 400) return;
    if (expectStatus >= 400 && res.url() === url && res.request().isNavigationRequest()) return;
    badResponses.add(res.url());
    failed.push(`${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });

  const out = { links: [], anchors: [], ok: false };
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    const status = res ? res.status() : 0;
    if (status !== expectStatus) {
      issue('failed requests', {
        check: 'page status', where,
        problem: `the page answered HTTP ${status}, expected ${expectStatus}`,
        fix: 'make sure the build writes this page (or fix the link that leads here)',
      }, seenAt, unit);
    }
    const ctype = res?.headers()['content-type'] || '';
    if (!ctype.startsWith('text/html')) {
      issue('failed requests', {
        check: 'page content type', where, problem: `content-type is "${ctype}", not text/html`,
        fix: 'HTML pages must be written as .html files (or index.html in a folder)',
      }, seenAt, unit);
    }

    if (!javaScript) {
      const text = await page.evaluate(() => {
        const m = document.querySelector('main');
        return m ? (m.innerText || m.textContent || '').trim() : null;
      });
      if (text === null) {
        issue('no-JS failures', {
          check: 'readable without JavaScript', where, problem: 'the page has no <main> element',
          fix: 'wrap the page content in <main> in the page template',
        }, seenAt, unit);
      } else if (!text) {
        issue('no-JS failures', {
          check: 'readable without JavaScript', where,
          problem: '<main> has no text when JavaScript is disabled',
          fix: 'render the content into the HTML at build time; do not depend on scripts to show it',
        }, seenAt, unit);
      }
    } else {
      if (opts.collect) {
        out.links = await page.evaluate(collectLinksInPage);
        out.anchors = await page.evaluate(anchorsInPage);
      }
      for (const img of await page.evaluate(brokenImagesInPage)) {
        issue('broken images', {
          check: 'broken image', where,
          problem: `image did not load (complete && naturalWidth > 0 is false): ${siteText(srv, img.src)}\n${img.html}`,
          fix: 'check that the image file is written to the site and that its src is a correct relative path',
        }, seenAt, unit);
      }
      if (screenshot) {
        const file = path.join(ensureDir(path.join(shotsDir, String(width))), `${slug(opts.slugOf || rel.slice(1))}.png`);
        await page.screenshot({ path: file, fullPage: true });
      }
      // Collapsed <details> (chart data tables…) must pass too: screenshot first, then open
      // them all for the overflow and axe checks.
      await page.evaluate(() => document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; }));
      if (width <= 480) {
        const ov = await page.evaluate(overflowInPage);
        if (ov) {
          issue('horizontal overflow', {
            check: 'no horizontal scrolling on phones', where, key: 'overflow',
            problem: `the page is ${ov.scrollWidth}px wide in a ${ov.viewport}px viewport (WCAG 1.4.10 reflow); ` +
              `sticking out: ${ov.offenders.join('; ') || '(could not tell which element)'}`,
            fix: 'let these elements shrink or wrap (max-width: 100%, overflow-wrap: anywhere), or put wide tables/charts in a scrolling wrapper',
          }, seenAt, unit);
        }
      }
      if (width <= 480) {
        const small = await page.evaluate(smallestSvgTextInPage);
        if (small && small.min < MIN_SVG_TEXT_PX) {
          const problem = `text in inline SVG (charts) renders at ${small.min}px at ${width}px width ` +
            `(under ${MIN_SVG_TEXT_PX}px: unreadable on a phone)`;
          if (SMALL_SVG_TEXT_FAILS) {
            issue('small chart text', {
              check: 'readable chart text on phones', where, key: 'svg-text', problem,
              fix: 'give charts a narrow layout (or a minimum width in a scrolling wrapper) so labels stay >= 9px',
            }, seenAt, unit);
          } else if (!smallTextWarned.has(where)) {
            smallTextWarned.add(where);
            result.warn(where, `${problem} — give charts a narrow layout or keep their labels in HTML`);
          }
        }
      }
      await page.addScriptTag({ path: AXE_PATH });
      const axe = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
        return {
          violations: r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
          })),
          incomplete: Object.fromEntries(r.incomplete.map((v) => [v.id, v.nodes.length])),
        };
      }, AXE_TAGS);
      // "Needs review" results (e.g. contrast of SVG text axe cannot compute) are kept in
      // artifacts/results/browser.json (info.axeNeedsReview) for a human, not failed on.
      if (Object.keys(axe.incomplete).length) axeNeedsReview[where] = axe.incomplete;
      for (const v of axe.violations) {
        const nodes = v.nodes.slice(0, 8).map((n) => `    - ${n.target}\n      ${n.html.slice(0, 160)}\n      ${(n.summary || '').split('\n').join('\n      ')}`);
        issue('axe violations', {
          check: `axe ${v.id} (${v.impact})`, where, key: v.id,
          problem: `${v.help} — ${v.nodes.length} element(s):\n${nodes.join('\n')}` +
            (v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''),
          fix: `see ${v.helpUrl}`,
        }, seenAt, unit);
      }
    }
    // Give late events (fonts, images) a moment to report.
    await page.waitForTimeout(50);
    out.ok = true;
  } catch (e) {
    issue('failed requests', {
      check: 'page load', where, problem: `could not load the page: ${String(e.message || e).split('\n')[0]}`,
      fix: 'open the page in a browser; it must load within 30 s',
    }, seenAt, unit);
  } finally {
    await context.close();
  }

  for (const { text, loc } of consoleErrors) {
    // "Failed to load resource" for a URL that answered >= 400 is the same event as the
    // failed request reported below: report it once.
    if (/^Failed to load resource/.test(text) && badResponses.has(loc)) continue;
    issue('console errors', {
      check: 'console error', where, problem: siteText(srv, `${text}${loc ? ` (${loc})` : ''}`),
      fix: 'open the page with the browser console open and fix the error it shows',
    }, seenAt, unit);
  }
  for (const f of failed) {
    issue('failed requests', {
      check: 'failed request', where, problem: siteText(srv, f),
      fix: 'the page loads a resource that is missing: write it to the site or fix its relative URL',
    }, seenAt, unit);
  }
  for (const u of new Set(external)) {
    issue('external requests', {
      check: 'no external requests', where, key: u, problem: `the page loads ${u}`,
      fix: 'the site must be self-contained: ship the resource in the site (assets/) instead of loading it from another origin',
    }, seenAt, unit);
  }
  if (javaScript) visits += 1; else noJsVisits += 1;
  result.checked();
  return out;
}

async function checkBase(browser, base) {
  const root = base === '/' ? site : SUB_SITE;
  const srv = await startServer({ root, prefix: base });
  console.log(`browser: serving ${root} at ${srv.baseUrl}`);
  const pages = new Map(); // page URL → { anchors: Set } for visited HTML pages
  const resources = new Map(); // URL without hash → { status, contentType, finalUrl, from: Set }
  const fragments = []; // { from, url }
  const queue = [srv.baseUrl];
  const queued = new Set(queue);

  const visitAll = async (url, label) => {
    const rel = relTo(srv, url);
    console.log(`browser:   ${srv.prefix} ${rel}${label ? ` (${label})` : ''}`);
    let first = null;
    for (const width of WIDTHS) {
      const got = await visit(browser, srv, url, {
        width, collect: first === null, screenshot: base === SCREENSHOT_BASE,
      });
      if (first === null) first = got;
    }
    await visit(browser, srv, url, { width: WIDTHS[WIDTHS.length - 1], javaScript: false });
    pages.set(url, { anchors: new Set(first.anchors) });
    pagesSeen.add(rel);
    return first;
  };

  while (queue.length) {
    const url = queue.shift();
    const got = await visitAll(url);
    for (const link of got.links) {
      const where = relTo(srv, url);
      if (link.url === null) {
        issue('broken links', {
          check: 'broken link', where, key: link.raw,
          problem: `${link.kind} "${link.raw}" is not a valid URL`,
          fix: 'fix the URL in the template or content',
        }, null, linkUnits(srv, where));
        continue;
      }
      const u = new URL(link.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue; // mailto:, tel:, data:
      if (u.origin !== srv.origin) {
        if (!externalLinks.has(u.href)) externalLinks.set(u.href, new Set());
        externalLinks.get(u.href).add(where);
        // A plain link or rel=canonical/alternate is fine; markup that makes the browser
        // load or connect to another origin is not (some, like preconnect, never show up
        // as a request, so this is checked in the markup too).
        if (LOADS_RESOURCE(link.kind)) {
          issue('external requests', {
            check: 'no external requests', where, key: u.href,
            problem: `${link.kind} "${link.raw}" makes the browser load or connect to another origin`,
            fix: 'the site must be self-contained: ship the resource in the site (assets/) and link it relatively',
          }, srv.prefix, linkUnits(srv, where));
        }
        continue;
      }
      const key = stripHash(u.href);
      if (u.hash && u.hash !== '#') fragments.push({ from: url, url: u.href, kind: link.kind, raw: link.raw });
      if (!resources.has(key)) resources.set(key, { ...(await fetchStatus(key)), from: new Map() });
      const r = resources.get(key);
      if (!r.from.has(where)) r.from.set(where, new Set());
      r.from.get(where).add(`${link.kind} "${link.raw}"`);
      if (r.status >= 200 && r.status < 400 && r.contentType.startsWith('text/html')
        && r.finalUrl.startsWith(srv.baseUrl) && !queued.has(r.finalUrl)) {
        queued.add(r.finalUrl);
        queue.push(r.finalUrl);
      }
    }
  }

  // Every same-origin URL must answer < 400.
  for (const [url, r] of resources) {
    if (r.status > 0 && r.status < 400) continue;
    const from = [...r.from].map(([page, kinds]) => `${page} (${[...kinds].join(', ')})`);
    issue('broken links', {
      check: 'broken link', where: relTo(srv, url),
      problem: `${r.status ? `HTTP ${r.status}` : r.error} — linked from ${from.length} page(s):\n` +
        from.slice(0, 10).map((f) => `  - ${f}`).join('\n'),
      fix: 'write this file in the build, or correct the relative URL in the template that links to it',
    }, srv.prefix, [...r.from.keys()].flatMap((page) => linkUnits(srv, page)));
  }

  // Every #fragment must exist on its (HTML) target page.
  for (const f of fragments) {
    const u = new URL(f.url);
    const target = pages.get(stripHash(f.url)) || pages.get(resources.get(stripHash(f.url))?.finalUrl);
    if (!target) continue; // not an HTML page we visited (PDF, CSV…): nothing to look into
    let id;
    try { id = decodeURIComponent(u.hash.slice(1)); } catch { id = u.hash.slice(1); }
    if (id === 'top' || target.anchors.has(id)) continue;
    issue('broken links', {
      check: 'broken #fragment', where: relTo(srv, f.from), key: siteText(srv, f.url),
      problem: `${f.kind} "${f.raw}" points to #${id}, but ${relTo(srv, f.url)} has no element with id="${id}" (or <a name>)`,
      fix: `give the target element id="${id}", or correct the link`,
    }, srv.prefix, linkUnits(srv, relTo(srv, f.from)));
  }

  // HTML files nobody links to: visit them too, and say so.
  const allHtml = listFiles(site).filter((f) => f.endsWith('.html'));
  const visitedFiles = new Set([...pages.keys()].map((u) => {
    const r = relTo(srv, u).slice(1);
    return r === '' || r.endsWith('/') ? `${r}index.html` : r;
  }));
  for (const file of allHtml) {
    if (visitedFiles.has(file) || file === '404.html') continue;
    if (base === BASES[0]) result.warn(file, 'no page links to this HTML file (orphan page); visited it anyway');
    await visitAll(srv.baseUrl + file.split('/').map(encodeURIComponent).join('/'), 'orphan');
  }

  // The 404 page: a missing URL must answer 404 with 404.html, which must itself pass.
  if (fs.existsSync(path.join(site, '404.html'))) {
    const missing = `${srv.baseUrl}e2e-no-such-page.html`;
    const r = await fetchStatus(missing);
    if (r.status !== 404) {
      issue('failed requests', {
        check: '404 page', where: '/e2e-no-such-page.html', problem: `a missing URL answered HTTP ${r.status}, not 404`,
        fix: 'the test server serves 404.html for missing URLs; see server.mjs',
      }, srv.prefix, linkUnits(srv, relTo(srv, missing)));
    }
    console.log(`browser:   ${srv.prefix} /e2e-no-such-page.html (missing URL → 404.html)`);
    for (const width of WIDTHS) {
      await visit(browser, srv, missing, {
        width, expectStatus: 404, screenshot: base === SCREENSHOT_BASE, slugOf: '404', label: '404.html (served for a missing URL)',
      });
    }
    await visit(browser, srv, missing, {
      width: WIDTHS[WIDTHS.length - 1], javaScript: false, expectStatus: 404, label: '404.html (served for a missing URL)',
    });
    pagesSeen.add('/404.html');
    // Hosts serve 404.html at whatever depth the missing URL has; relative links then
    // resolve elsewhere. Only a warning: the fix is a design choice for the theme.
    const deep = await visitDeep404(browser, srv);
    if (deep.length && base === BASES[0]) {
      result.warn('404.html', `served for a missing URL one folder deep (…/e2e-missing/page.html), it loads ${deep.length} ` +
        `missing resource(s): ${deep.slice(0, 3).join(', ')} — relative URLs in 404.html only work at the site root`);
    }
  }
  await srv.close();
}

async function visitDeep404(browser, srv) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === srv.origin
    ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const bad = [];
  const url = `${srv.baseUrl}e2e-missing/page.html`;
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url() !== url && new URL(res.url()).pathname !== '/favicon.ico') bad.push(res.url().replace(srv.origin, ''));
  });
  try {
    await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
  } catch { /* reported through `bad` if anything */ }
  await context.close();
  return bad;
}

// ---- main -------------------------------------------------------------------------------
const t0 = Date.now();
let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
} catch (e) {
  result.fail('browser launch', {
    check: 'launch Chromium', where: CHROMIUM, problem: String(e.message || e).split('\n').slice(0, 3).join('\n'),
    fix: 'install Debian\'s chromium (apt-get install -y chromium), or set CHROMIUM_PATH',
  });
  result.unitFailed('launch');
  process.exit(result.finish());
}
console.log(`browser: Chromium ${browser.version()}, axe-core ${JSON.parse(fs.readFileSync(path.join(path.dirname(AXE_PATH), 'package.json'), 'utf8')).version}`);
try {
  for (const base of BASES) await checkBase(browser, base);
} finally {
  await browser.close();
}

for (const counter of ['axe violations', 'broken links', 'broken images', 'console errors', 'failed requests',
  'external requests', 'no-JS failures', 'horizontal overflow']) result.counts[counter] = 0;
const sorted = [...issues.values()].sort((a, b) => a.counter.localeCompare(b.counter) || a.where.localeCompare(b.where));
for (const i of sorted) {
  const seen = [...i.seenAt];
  result.fail(i.counter, {
    check: i.check, where: i.where,
    problem: i.problem + (seen.length ? `\n(seen at: ${seen.join(', ')})` : ''),
    fix: i.fix,
  });
}
result.counts['pages'] = pagesSeen.size;
result.counts['page visits'] = visits;
result.counts['no-JS visits'] = noJsVisits;
result.counts['external links (recorded, not fetched)'] = externalLinks.size;
result.info.pages = [...pagesSeen].sort();
result.info.widths = WIDTHS;
result.info.bases = BASES;
result.info.axeTags = AXE_TAGS;
result.info.axeNeedsReview = axeNeedsReview;
result.info.seconds = Math.round((Date.now() - t0) / 100) / 10;
const ext = Object.fromEntries([...externalLinks].sort().map(([u, from]) => [u, [...from].sort()]));
fs.writeFileSync(path.join(ensureDir(ARTIFACTS), 'external-links.json'), JSON.stringify(ext, null, 2) + '\n');
process.exit(result.finish());
