// pdf.mjs — checks of every PDF in the built site (the per-article infographics).
//
// Owns: with poppler-utils, for each .pdf: `pdfinfo` says "Tagged: yes" (accessible
// structure), `pdffonts` lists only embedded fonts (emb = yes), and `pdftotext -layout`
// gives real text containing the figures expectations.json lists for that file (after
// U+202F/U+00A0/U+2007/U+2009 → space and whitespace runs → one space). A PDF named in
// expectations.json but absent from the site fails too.
// Writes artifacts/results/pdf.json, artifacts/pdf/<name>.txt (the extracted text) and
// artifacts/pdf/<name>-1.png (page 1, for a human look).
//
// Usage: node pdf.mjs --site BUILT_SITE_DIR

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ARTIFACTS, Result, ensureDir, listFiles, loadExpectations, siteDir } from './common.mjs';

const site = siteDir();
const result = new Result('pdf');
const expectations = loadExpectations().pdf || {};
const all = expectations.all || {};
const perFile = expectations.files || {};
const outDir = path.join(ARTIFACTS, 'pdf');
fs.rmSync(outDir, { recursive: true, force: true });
ensureDir(outDir);
for (const c of ['PDFs checked', 'PDF failures']) result.count(c, 0);

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (install poppler-utils: apt-get install -y poppler-utils)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
};

/** pdffonts prints a fixed-width table; the dashes line gives the column spans. */
function parsePdffonts(text) {
  const lines = text.split('\n');
  const dashIdx = lines.findIndex((l) => /^-+( -+)+\s*$/.test(l));
  if (dashIdx < 1) return [];
  const header = lines[dashIdx - 1];
  const spans = [];
  const re = /-+/g;
  let m;
  while ((m = re.exec(lines[dashIdx]))) spans.push([m.index, m.index + m[0].length]);
  const names = spans.map(([a, b]) => header.slice(a, b).trim());
  return lines.slice(dashIdx + 1).filter((l) => l.trim()).map((l) => {
    const row = {};
    spans.forEach(([a, b], i) => { row[names[i]] = l.slice(a, i === spans.length - 1 ? undefined : b).trim(); });
    return row;
  });
}

export const normalise = (s) => s.replace(/[\u202F\u00A0\u2007\u2009]/g, ' ').replace(/[ \t]+/g, ' ');

const pdfs = listFiles(site).filter((f) => f.toLowerCase().endsWith('.pdf'));
result.checked(pdfs.length);

const failPdf = (rel, check, problem, fix) => {
  result.unitFailed(rel);
  result.fail('PDF failures', { check, where: rel, problem, fix });
};

for (const rel of pdfs) {
  const file = path.join(site, rel);
  const name = path.basename(rel);
  const want = perFile[name] || {};
  result.count('PDFs checked');
  try {
    const info = run('pdfinfo', [file]);
    const tagged = /^Tagged:\s*(\S+)/m.exec(info)?.[1];
    const pages = Number(/^Pages:\s*(\d+)/m.exec(info)?.[1] || 0);
    const title = /^Title:\s*(.*)$/m.exec(info)?.[1]?.trim();
    if ((want.tagged ?? all.tagged) && tagged !== 'yes') {
      failPdf(rel, 'tagged PDF', `pdfinfo says "Tagged: ${tagged ?? '(missing)'}"`,
        'produce a tagged PDF (structure tree for screen readers): enable tagging in the Typst/PDF export');
    }
    if (!title) result.warn(rel, 'pdfinfo shows no Title: set the document title in the PDF metadata');

    const fonts = parsePdffonts(run('pdffonts', [file]));
    if (want.fontsEmbedded ?? all.fontsEmbedded) {
      const notEmbedded = fonts.filter((f) => f.emb !== 'yes');
      if (notEmbedded.length) {
        failPdf(rel, 'fonts embedded', `font(s) not embedded: ${notEmbedded.map((f) => `${f.name} (${f.type})`).join(', ')}`,
          'embed every font in the PDF (a reader without the font sees substitutes or nothing)');
      }
      if (!fonts.length) {
        failPdf(rel, 'fonts embedded', 'pdffonts lists no font at all: the PDF has no real text (outlined or image-only)',
          'export text as text, not as paths or a bitmap');
      }
    }

    const text = run('pdftotext', ['-layout', file, '-']);
    fs.writeFileSync(path.join(outDir, `${name.replace(/\.pdf$/i, '')}.txt`), text);
    const flat = normalise(text);
    const chars = flat.replace(/\s+/g, '').length;
    const minChars = want.minTextChars ?? all.minTextChars ?? 1;
    if (chars < minChars) {
      failPdf(rel, 'real text', `pdftotext extracted ${chars} non-blank character(s), expected at least ${minChars}`,
        'export text as text, not as paths or a bitmap, so it can be searched, copied and read aloud');
    }
    const missing = (want.contains || []).filter((s) => !flat.includes(normalise(s)));
    if (missing.length) {
      failPdf(rel, 'figures in text', `pdftotext output lacks: ${missing.map((s) => JSON.stringify(s)).join(', ')} ` +
        `(see artifacts/pdf/${name.replace(/\.pdf$/i, '')}.txt)`,
        'check the infographic shows these figures as text, with a space (or narrow no-break space) before %');
    }
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file,
      path.join(outDir, `${name.replace(/\.pdf$/i, '')}-1`)]);
    result.info[rel] = { pages, tagged, title: title || null, fonts: fonts.map((f) => `${f.name} ${f.type} emb=${f.emb}`), textChars: chars };
    console.log(`pdf: ${rel}: ${pages} page(s), tagged: ${tagged}, ${fonts.length} font(s), ${chars} characters of text`);
  } catch (e) {
    failPdf(rel, 'PDF tools', String(e.message || e), 'make sure the file is a valid PDF and poppler-utils is installed');
  }
}

// Every PDF named in expectations.json must exist somewhere in the site.
const names = new Set(pdfs.map((f) => path.basename(f)));
for (const name of Object.keys(perFile)) {
  if (names.has(name)) continue;
  result.checked();
  failPdf(name, 'expected PDF present', `no file named ${name} in the built site`,
    'the build must write this infographic PDF (or update tests/e2e/expectations.json if it was renamed)');
}
if (!pdfs.length) console.log('pdf: the site has no PDF');
process.exit(result.finish());
