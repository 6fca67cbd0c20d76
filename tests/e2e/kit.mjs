// kit.mjs — the press kits and the chart embeds, as a newsroom and another site use them.
//
// Owns, for every surveys/<id>/<id>-press-kit.zip of the site:
//   - the zip itself (python3's zipfile): every entry under one folder named after the
//     zip, no absolute path or "..", entries in alphabetical order and all with one date;
//     it holds the infographic, the data and codebook, a PNG, SVG and CSV per chart, and
//     a .txt and a .docx per release (or neither);
//   - each .docx opened by LibreOffice (soffice --headless --convert-to txt): the
//     conversion succeeds and the text has the release's title and its figures (every
//     "NN %" of the .txt twin's first paragraphs);
//   - the survey page's kit link points at it;
// and, for one chart page per survey, its embed code as another site pastes it: a
// blank page on another origin holding the code (the site's address replaced by the
// test server's), in headless Chromium: the frame shows the chart (its image loaded),
// and the optional script sets the frame's height to the page's own within 2 px.
// Writes artifacts/results/kit.json.
//
// Usage: node kit.mjs --site BUILT_SITE_DIR [--fixture NAME]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { Result, listFiles, siteDir } from './common.mjs';

const site = siteDir();
const result = new Result('kit');
for (const c of ['kit errors', 'Word errors', 'embed errors']) result.count(c, 0);
const kits = listFiles(site).filter((f) => /^surveys\/[^/]+\/[^/]+-press-kit\.zip$/.test(f));

const fail = (counter, unit, check, problem, fix) => {
  result.fail(counter, { check, where: unit, problem, fix });
  result.unitFailed(unit);
};

const PY = `
import json, sys, zipfile, os
out = {}
z = zipfile.ZipFile(sys.argv[1])
infos = z.infolist()
out["names"] = [i.filename for i in infos]
out["dates"] = sorted(set("%04d-%02d-%02d %02d:%02d" % i.date_time[:5] for i in infos))
dest = sys.argv[2]
out["texts"] = {}
for i in infos:
    if i.filename.endswith(".docx"):
        z.extract(i, dest)
    if i.filename.endswith(".txt"):
        out["texts"][i.filename] = z.read(i).decode("utf-8")
print(json.dumps(out))
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-'));
const docx = []; // { unit, file, title, figures }
for (const rel of kits) {
  result.checked();
  const folder = path.basename(rel, '.zip');
  const out = path.join(tmp, folder);
  const py = spawnSync('python3', ['-c', PY, path.join(site, rel), out], { encoding: 'utf8' });
  if (py.status !== 0) {
    fail('kit errors', rel, 'zip readable', py.stderr || String(py.error), 'the kit must be a valid zip');
    continue;
  }
  const z = JSON.parse(py.stdout);
  const bad = z.names.filter((n) => !n.startsWith(`${folder}/`) || n.includes('..') || n.startsWith('/'));
  if (bad.length) fail('kit errors', rel, 'one folder', `entries outside ${folder}/: ${bad.join(', ')}`, 'put every entry under the kit folder');
  const sorted = [...z.names].sort();
  if (sorted.join('\n') !== z.names.join('\n')) fail('kit errors', rel, 'order', 'entries not in alphabetical order', 'sort the entries (reproducible zips)');
  if (z.dates.length !== 1) fail('kit errors', rel, 'one date', `entry dates: ${z.dates.join(', ')}`, 'date every entry alike');
  const id = rel.split('/')[1];
  const want = [`${folder}/${id}.pdf`, `${folder}/data/${id}.csv`, `${folder}/data/${id}.json`, `${folder}/data/${id}-codebook.csv`];
  for (const w of want) if (!z.names.includes(w)) fail('kit errors', rel, 'contents', `no ${w}`, 'the kit holds the infographic and the data');
  for (const ext of ['png', 'svg', 'csv']) {
    if (!z.names.some((n) => n.startsWith(`${folder}/charts/`) && n.endsWith(`.${ext}`))) {
      fail('kit errors', rel, 'contents', `no chart as .${ext}`, 'every chart goes in as PNG, SVG and CSV');
    }
  }
  const txts = z.names.filter((n) => n.startsWith(`${folder}/release/`) && n.endsWith('.txt'));
  const docxs = z.names.filter((n) => n.startsWith(`${folder}/release/`) && n.endsWith('.docx'));
  if (txts.length !== docxs.length) fail('kit errors', rel, 'releases', `${txts.length} .txt, ${docxs.length} .docx`, 'each release as text and Word');
  for (const t of txts) {
    const text = z.texts[t];
    const lines = text.split('\n');
    const titleAt = lines[0].startsWith('Embargo') || lines[0].startsWith('EMBARGO') ? 2 : 0;
    const head = lines.slice(0, 40).join('\n');
    const figures = [...new Set(head.match(/\d+(?:[.,]\d+)?[\u00a0\u202f ]%/g) || [])].slice(0, 6);
    docx.push({ unit: `${rel}: ${t.replace(/\.txt$/, '.docx')}`, file: path.join(out, t.replace(/\.txt$/, '.docx')), title: lines[titleAt], figures });
  }
  // The survey page links the kit.
  const page = path.join(site, 'surveys', id, 'index.html');
  if (fs.existsSync(page) && !fs.readFileSync(page, 'utf8').includes(`href="${path.basename(rel)}"`)) {
    fail('kit errors', rel, 'kit link', `surveys/${id}/index.html does not link ${path.basename(rel)}`, 'link the kit from the survey page');
  }
}

// Every Word document through LibreOffice, in one start.
if (docx.length) {
  const converted = path.join(tmp, 'converted');
  fs.mkdirSync(converted);
  const lo = spawnSync('soffice', ['--headless', '--norestore', '--convert-to', 'txt:Text', '--outdir', converted, ...docx.map((d) => d.file)], { encoding: 'utf8', timeout: 300_000 });
  if (lo.status !== 0 || lo.error) {
    fail('Word errors', 'soffice', 'LibreOffice', lo.stderr || String(lo.error), 'install libreoffice-writer-nogui; make sure every .docx opens');
  }
  for (const d of docx) {
    result.checked();
    const txt = path.join(converted, path.basename(d.file).replace(/\.docx$/, '.txt'));
    if (!fs.existsSync(txt)) {
      fail('Word errors', d.unit, 'opens in LibreOffice', `LibreOffice made no text of it\n${lo.stderr || ''}`, 'write a valid Word document');
      continue;
    }
    const text = fs.readFileSync(txt, 'utf8').replace(/^\ufeff/, '');
    const missing = [d.title, ...d.figures].filter((needle) => !text.includes(needle));
    if (missing.length) {
      fail('Word errors', d.unit, 'content in LibreOffice', `missing: ${missing.map((m) => JSON.stringify(m)).join(', ')}\nLibreOffice read:\n${text.slice(0, 600)}`, 'the Word document must say what the text release says');
    }
  }
}

// One embed per survey, pasted into a page of another origin.
const srv = await startServer({ root: site, prefix: basePath() });
const host = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(embedPage);
});
let embedPage = '';
await new Promise((r) => host.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const surveys = kits.map((k) => k.split('/')[1]);
  for (const id of surveys) {
    const page = fs.readFileSync(path.join(site, 'surveys', id, 'index.html'), 'utf8');
    const m = /<textarea id="embed-[^"]*"[^>]*>([\s\S]*?)<\/textarea>/.exec(page);
    const unit = `surveys/${id}/ embed code`;
    result.checked();
    if (!m) { fail('embed errors', unit, 'embed code', 'no embed code on the survey page', 'offer an embed code under every chart'); continue; }
    const code = m[1].replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    const base = canonicalBase();
    embedPage = `<!DOCTYPE html><html lang="en"><title>host</title><p>Before</p>${code.replaceAll(base, srv.baseUrl).replaceAll(new URL(base).origin, srv.origin)}<p>After</p>`;
    for (const width of [360, 1000]) {
      const tab = await browser.newPage({ viewport: { width, height: 900 } });
      await tab.goto(`http://127.0.0.1:${host.address().port}/`, { waitUntil: 'load' });
      const frame = tab.frames().find((f) => f !== tab.mainFrame());
      await frame?.waitForLoadState('load');
      await tab.waitForTimeout(500);
      const inner = frame ? await frame.evaluate(() => ({
        height: Math.ceil(document.documentElement.getBoundingClientRect().height),
        title: document.querySelector('h1')?.textContent || '',
        image: [...document.images].every((i) => i.complete && i.naturalWidth > 0),
      })) : null;
      const outer = await tab.evaluate(() => document.querySelector('iframe')?.getBoundingClientRect().height);
      if (!inner || !inner.title || !inner.image) {
        fail('embed errors', `${unit} at ${width}px`, 'the chart shows', `frame: ${JSON.stringify(inner)}`, 'the chart page must load inside an iframe');
      } else if (Math.abs(outer - inner.height) > 2) {
        fail('embed errors', `${unit} at ${width}px`, 'frame height', `the frame is ${outer}px high, its page ${inner.height}px`, 'assets/embed.js posts the height; the embed code\'s script applies it');
      }
      await tab.close();
    }
  }
} finally {
  await browser.close();
  host.close();
  await srv.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** The site's address, from the home page's canonical link. */
function canonicalBase() {
  const html = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
  return /<link rel="canonical" href="([^"]+)"/.exec(html)[1];
}

/** The path the site is served under (that of its address). */
function basePath() {
  return new URL(canonicalBase()).pathname;
}

process.exit(result.finish());
