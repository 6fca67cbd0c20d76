// dark.mjs — the site in the dark colour scheme: every HTML page of the example visited
// in headless Chromium with `prefers-color-scheme: dark` at 1280 px, axe-core (WCAG 2.x
// and 2.2 A/AA) run as the page loads and with every <details> opened, so contrast in
// the dark palette, and in the light card the charts keep, is checked like the light
// one. A fixture's site (the same stylesheet, but perhaps a brand colour of its own) is
// visited on its home page, first survey page and first chart page only.
// Writes artifacts/results/dark.json.
//
// Usage: node dark.mjs --site BUILT_SITE_DIR [--fixture NAME]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { FIXTURE, Result, listFiles, siteDir } from './common.mjs';

const site = siteDir();
const result = new Result('dark');
result.count('axe violations (dark)', 0);

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const html = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1] || '/';
const srv = await startServer({ root: site, prefix: new URL(canonical, 'http://x/').pathname });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark', reducedMotion: 'reduce' });
  await context.addInitScript({ content: `if (location.protocol !== 'about:') {\n${AXE}\n}` });
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === srv.origin ? route.continue() : route.abort()));
  const page = await context.newPage();
  const all = listFiles(site).filter((f) => f.endsWith('.html') && f !== '404.html');
  const first = (re) => all.find((f) => re.test(f));
  const pages = FIXTURE
    ? [first(/^index\.html$/), first(/^surveys\/[^/]+\/index\.html$/), first(/\/charts\/[^/]+\/index\.html$/)].filter(Boolean)
    : all;
  for (const rel of pages) {
    result.checked();
    const url = srv.baseUrl + rel.replace(/index\.html$/, '');
    await page.goto(url, { waitUntil: 'load' });
    const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches
      && getComputedStyle(document.body).backgroundColor);
    if (dark !== 'rgb(20, 23, 31)') {
      result.fail('axe violations (dark)', { check: 'dark scheme applied', where: rel, problem: `the page background is ${dark}`, fix: 'the stylesheet must set the dark palette under prefers-color-scheme: dark' });
      result.unitFailed(rel);
    }
    for (const state of ['as loaded', 'every <details> open']) {
      if (state !== 'as loaded') await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const violations = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
      }, TAGS);
      for (const v of violations) {
        result.fail('axe violations (dark)', { check: `axe (dark, ${state})`, where: rel, problem: v, fix: 'adjust the dark palette in assets/style.css' });
        result.unitFailed(rel);
      }
    }
  }
} finally {
  await browser.close();
  await srv.close();
}
process.exit(result.finish());
