// browser.mjs — the real-browser checks: crawl the built site in Chromium and check
// every page a reader can reach.
//
// Owns: serving the site twice (at "/", and the same site built for a sub-path under
// "/sub/path/"; links are relative), crawling from the home page (a[href], link[href], img[src|srcset],
// source[srcset], script[src], …), checking every same-origin URL found (< 400, and
// #fragments exist on their target page), and visiting every HTML page at each width
// for: console errors, page errors, failed requests, external requests (none allowed:
// the site must be self-contained), broken images, axe-core WCAG 2.x/2.2 A/AA violations,
// horizontal overflow at phone widths (at 320 px: WCAG 1.4.10 reflow, the document must
// not scroll sideways; content may only scroll inside a labelled, focusable role=region),
// a full-page screenshot, and a JavaScript-off load whose <main> must have text. axe runs
// twice on a page with collapsed <details>: as the page loads, and with every <details>
// opened (so the chart data tables are checked too); overflow is checked opened. Also
// checks the 404 page when the site has one, and warns about orphan pages and chart text
// too small to read on a phone.
// "Failed to load resource" console messages are folded into the failed request they echo.
// The example gets the full matrix (320, 375 and 1280 px at "/", 375 and 1280 px under the
// sub-path, no-JS loads, screenshots); a fixture project's site (`--fixture NAME`) is
// served once, under the path of its base_url, and gets 320 and 1280 px only, no
// screenshots, no no-JS loads (the same templates as the example's), to keep the run
// short. At 320 px a screenshot is taken only of a page that overflows. The visits of one
// base, width and JavaScript setting share a tab (see tabFor).
// Writes <artefacts>/results/browser.json, <artefacts>/screenshots/<width>/<slug>.png,
// <artefacts>/external-links.json (<artefacts>: artifacts/, or artifacts/fixtures/NAME/).
//
// Usage: node browser.mjs --site BUILT_SITE_DIR [--sub-site SAME_SITE_BUILT_FOR_SUB_PATH] [--fixture NAME]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import {
  anchorsInPage, brokenImagesInPage, collectLinksInPage, overflowInPage, scrollRegionsInPage, smallestSvgTextInPage,
} from './page-probes.mjs';
import { ARTIFACTS, FIXTURE, Result, argValue, ensureDir, listFiles, siteDir } from './common.mjs';

// ---- settings -------------------------------------------------------------------------
const REFLOW_WIDTH = 320; // WCAG 1.4.10: content reflows at 320 CSS px without sideways scrolling
const HEIGHTS = { 320: 568, 375: 812, 1280: 800 };
// The site is served at "/" and, when `--sub-site DIR` gives the same site built with
// `--base-url …/sub/path/`, that build under "/sub/path/".
// A fixture's site is served once, under the path of its base_url (read from the home
// page's rel=canonical), as its host would serve it.
const SUB_SITE = FIXTURE ? null : argValue('--sub-site');
const FIXTURE_BASE = FIXTURE ? basePathOf(siteDir()) : null;
const BASES = FIXTURE ? [FIXTURE_BASE] : SUB_SITE ? ['/', '/sub/path/'] : ['/'];
// Widths (CSS px) per base: reflow, phone, desktop. The sub-path build has the same layout:
// it is visited at phone and desktop width only. A fixture: reflow and desktop.
const WIDTHS_BY_BASE = FIXTURE ? { [FIXTURE_BASE]: [REFLOW_WIDTH, 1280] }
  : { '/': [REFLOW_WIDTH, 375, 1280], '/sub/path/': [375, 1280] };
const DESKTOP = 1280; // the width of the no-JS loads and of the deep 404 visit
const widthsOf = (srv) => WIDTHS_BY_BASE[srv.prefix];
const SCREENSHOT_BASE = FIXTURE ? null : '/'; // pages look the same under every prefix: shoot once
const NO_JS_VISITS = !FIXTURE;
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
const AXE_SOURCE = fs.readFileSync(AXE_PATH, 'utf8');
// ----------------------------------------------------------------------------------------

/** The path of the site's address (its home page's rel=canonical), e.g. "/obs/"; "/" if none. */
function basePathOf(dir) {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const link = /<link\b[^>]*\brel=["']?canonical["']?[^>]*>/i.exec(html)?.[0];
  const href = link && /\bhref=["']([^"']+)["']/i.exec(link)?.[1];
  try { return href ? new URL(href).pathname.replace(/[^/]*$/, '') : '/'; } catch { return '/'; }
}

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
const linkUnits = (srv, rel) => widthsOf(srv).map((w) => visitUnit(srv, rel, w));

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

/** Runs axe-core (already injected) on the page as it is now. */
async function runAxe(page) {
  return page.evaluate(async (tags) => {
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
}

/** Records axe's violations (one issue per page and rule) and its "needs review" counts. */
function reportAxe(axe, { where, unit, seenAt }) {
  // "Needs review" results (e.g. contrast of SVG text axe cannot compute) are kept in
  // artifacts/results/browser.json (info.axeNeedsReview) for a human, not failed on.
  if (Object.keys(axe.incomplete).length) axeNeedsReview[where] = { ...axeNeedsReview[where], ...axe.incomplete };
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

/**
 * One tab per base, width and JavaScript on/off, reused from visit to visit: a new browser
 * context and tab cost about 0.7 s, a navigation much less. Playwright disables the HTTP
 * cache of a context it routes, so every visit requests every resource again. The tab's
 * listeners report to the visit in progress (`tab.visit`), and to none between visits
 * (the tab then shows about:blank). A visit that throws discards its tab.
 */
const tabs = new Map(); // key → { key, context, page, visit }

async function tabFor(browser, srv, width, javaScript) {
  const key = `${srv.prefix}\u0000${width}\u0000${javaScript}`;
  if (tabs.has(key)) return tabs.get(key);
  const context = await browser.newContext({
    viewport: { width, height: HEIGHTS[width] || 800 },
    javaScriptEnabled: javaScript,
    serviceWorkers: 'block',
    reducedMotion: 'reduce',
  });
  // axe-core as an init script: cheaper than injecting it after each load (about 0.4 s a
  // visit); it only defines window.axe. Not in about:blank between visits.
  if (javaScript) await context.addInitScript({ content: `if (location.protocol !== 'about:') {\n${AXE_SOURCE}\n}` });
  const tab = { key, context, page: null, visit: null };
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:')
      && u.origin !== srv.origin) {
      tab.visit?.external.push(u.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  page.on('console', (msg) => {
    const v = tab.visit;
    if (!v || msg.type() !== 'error') return;
    const loc = msg.location()?.url || '';
    // Chromium fetches /favicon.ico on its own at the domain root; not the site's request.
    if (loc && new URL(loc, srv.origin).pathname === '/favicon.ico') return;
    // The deliberate 404 visit: the document's own 404 is expected.
    if (v.expectStatus === 404 && loc === v.url && /404/.test(msg.text())) return;
    // Requests we blocked as external are reported as such, not twice.
    if (/ERR_BLOCKED_BY_CLIENT/.test(msg.text())) return;
    v.consoleErrors.push({ text: msg.text(), loc });
  });
  page.on('pageerror', (err) => tab.visit?.consoleErrors.push({ text: `uncaught ${err.name}: ${err.message}`, loc: '' }));
  page.on('requestfailed', (req) => {
    const v = tab.visit;
    if (!v || v.external.includes(req.url()) || v.badResponses.has(req.url())) return;
    v.failed.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText || 'failed'}`);
  });
  page.on('response', (res) => {
    const v = tab.visit;
    if (!v || res.status() < 400) return;
    if (v.expectStatus >= 400 && res.url() === v.url && res.request().isNavigationRequest()) return;
    v.badResponses.add(res.url());
    v.failed.push(`${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });
  tab.page = page;
  tabs.set(key, tab);
  return tab;
}

async function closeTab(tab) {
  tabs.delete(tab.key);
  await tab.context.close().catch(() => {});
}

/**
 * Visits one page (in the reused tab of its base, width and JavaScript setting). Returns
 * what was collected; records issues.
 * opts: { width, javaScript, expectStatus, collect, screenshot, label }
 */
async function visit(browser, srv, url, opts) {
  const { width, javaScript = true, expectStatus = 200, screenshot = false } = opts;
  const rel = relTo(srv, url);
  const seenAt = `${width}px${javaScript ? '' : ' no-JS'} at ${srv.prefix}`;
  const unit = visitUnit(srv, rel, width, javaScript);
  const where = opts.label || rel;
  const tab = await tabFor(browser, srv, width, javaScript);
  const { page } = tab;
  const v = {
    url, expectStatus, external: [], failed: [], consoleErrors: [], // { text, loc }
    badResponses: new Set(), // URLs that answered >= 400
  };
  tab.visit = v;
  const { external, failed, consoleErrors, badResponses } = v;

  const out = { links: [], anchors: [], ok: false };
  try {
    const res = await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    // Web fonts change the layout (overflow) and the screenshot: wait for them. The wait for
    // the network to settle (late requests that may fail) is at the end of the visit, so it
    // overlaps the checks instead of adding 0.5 s to each visit.
    await page.evaluate(() => document.fonts.ready.then(() => true)).catch(() => {});
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
      const shotFile = (suffix = '') => path.join(ensureDir(path.join(shotsDir, String(width))),
        `${slug(opts.slugOf || rel.slice(1))}${suffix}.png`);
      if (screenshot && width !== REFLOW_WIDTH) await page.screenshot({ path: shotFile(), fullPage: true });
      // axe as the page loads, and — when it has collapsed <details> (chart data tables…) —
      // again with every <details> opened: both states are what a reader can get.
      const closed = await page.evaluate(() => document.querySelectorAll('details:not([open])').length);
      if (closed) reportAxe(await runAxe(page), { where, unit, seenAt: `${seenAt} (<details> as loaded)` });
      await page.evaluate(() => document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; }));
      if (width <= 480) {
        const ov = await page.evaluate(overflowInPage);
        if (ov) {
          let shot = '';
          if (width === REFLOW_WIDTH) {
            await page.screenshot({ path: shotFile('-overflow'), fullPage: true });
            shot = ` (screenshot: ${path.relative(ARTIFACTS, shotFile('-overflow'))})`;
          }
          issue('horizontal overflow', {
            check: width === REFLOW_WIDTH ? `reflow at ${REFLOW_WIDTH}px (WCAG 1.4.10)` : 'no horizontal scrolling on phones',
            where, key: `overflow ${width === REFLOW_WIDTH ? 'reflow' : 'phone'}`,
            problem: `the document scrolls sideways: document.documentElement.scrollWidth is ${ov.scrollWidth}px in a ` +
              `${ov.viewport}px viewport (with every <details> open); sticking out: ` +
              `${ov.offenders.join('; ') || '(could not tell which element)'}${shot}`,
            fix: 'let these elements shrink or wrap (max-width: 100%, overflow-wrap: anywhere), or put wide tables/charts in a scrolling wrapper (role="region", aria-label, tabindex="0")',
          }, seenAt, unit);
        }
        for (const r of await page.evaluate(scrollRegionsInPage)) {
          const missing = [!r.focusable && 'tabindex="0"', !r.region && 'role="region"', !r.named && 'a name (aria-label)'].filter(Boolean);
          if (!missing.length) continue;
          issue('horizontal overflow', {
            check: 'scrolling content is a scroll region', where, key: `scroll-region ${r.where}`,
            problem: `${r.where} scrolls sideways (${r.scrollWidth}px of content in ${r.clientWidth}px) but lacks ${missing.join(', ')}, ` +
              `so keyboard and screen reader users cannot reach or identify what it hides:\n${r.html}`,
            fix: 'make the scrolling wrapper a scroll region: <div class="table-scroll" role="region" aria-label="…" tabindex="0">, or let the content wrap',
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
      reportAxe(await runAxe(page), { where, unit, seenAt: closed ? `${seenAt} (every <details> open)` : seenAt });
    }
    // Give late requests and events (fonts, images) the time to settle and report.
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(50);
    out.ok = true;
  } catch (e) {
    issue('failed requests', {
      check: 'page load', where, problem: `could not load the page: ${String(e.message || e).split('\n')[0]}`,
      fix: 'open the page in a browser; it must load within 30 s',
    }, seenAt, unit);
  } finally {
    tab.visit = null;
    if (out.ok) await page.goto('about:blank').catch(() => closeTab(tab));
    else await closeTab(tab);
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
  const root = base === BASES[0] ? site : SUB_SITE;
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
    for (const width of widthsOf(srv)) {
      const got = await visit(browser, srv, url, {
        width, collect: first === null, screenshot: base === SCREENSHOT_BASE,
      });
      if (first === null) first = got;
    }
    if (NO_JS_VISITS) await visit(browser, srv, url, { width: DESKTOP, javaScript: false });
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
    for (const width of widthsOf(srv)) {
      await visit(browser, srv, missing, {
        width, expectStatus: 404, screenshot: base === SCREENSHOT_BASE, slugOf: '404', label: '404.html (served for a missing URL)',
      });
    }
    if (NO_JS_VISITS) {
      await visit(browser, srv, missing, {
        width: DESKTOP, javaScript: false, expectStatus: 404, label: '404.html (served for a missing URL)',
      });
    }
    pagesSeen.add('/404.html');
    // Hosts serve 404.html at whatever depth the missing URL has; relative links then
    // resolve elsewhere. Only a warning: the fix is a design choice for the theme.
    const deep = FIXTURE ? [] : await visitDeep404(browser, srv);
    if (deep.length && base === BASES[0]) {
      result.warn('404.html', `served for a missing URL one folder deep (…/e2e-missing/page.html), it loads ${deep.length} ` +
        `missing resource(s): ${deep.slice(0, 3).join(', ')} — relative URLs in 404.html only work at the site root`);
    }
  }
  for (const tab of [...tabs.values()]) await closeTab(tab);
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
result.info.widths = WIDTHS_BY_BASE;
result.info.bases = BASES;
result.info.axeTags = AXE_TAGS;
result.info.axeNeedsReview = axeNeedsReview;
result.info.seconds = Math.round((Date.now() - t0) / 100) / 10;
const ext = Object.fromEntries([...externalLinks].sort().map(([u, from]) => [u, [...from].sort()]));
fs.writeFileSync(path.join(ensureDir(ARTIFACTS), 'external-links.json'), JSON.stringify(ext, null, 2) + '\n');
process.exit(result.finish());
