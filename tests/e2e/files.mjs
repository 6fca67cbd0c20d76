// files.mjs — well-formedness of the site's non-HTML files.
//
// Owns: every .xml file at the site root (sitemap.xml, feed.xml, …) and every .svg file
// anywhere must be well-formed XML (parsed by python3's xml.dom.minidom); sitemap.xml
// must be a <urlset> of the sitemaps.org schema and feed.xml an Atom <feed>; every .json
// file must parse; every .csv file must be UTF-8 with the same number of columns on every
// row. Writes artifacts/results/files.json.
//
// Usage: node files.mjs --site BUILT_SITE_DIR

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Result, listFiles, siteDir } from './common.mjs';

const site = siteDir();
const result = new Result('files');
for (const c of ['XML errors', 'SVG errors', 'JSON errors', 'CSV errors']) result.count(c, 0);

const all = listFiles(site);
const xmlFiles = all.filter((f) => !f.includes('/') && f.endsWith('.xml'));
const svgFiles = all.filter((f) => f.endsWith('.svg'));
const jsonFiles = all.filter((f) => f.endsWith('.json'));
const csvFiles = all.filter((f) => f.endsWith('.csv'));

// Root element each well-known file must have: [namespace, local name].
const ROOTS = {
  'sitemap.xml': ['http://www.sitemaps.org/schemas/sitemap/0.9', 'urlset'],
  'feed.xml': ['http://www.w3.org/2005/Atom', 'feed'],
};

const PY = `
import json, sys, xml.dom.minidom
out = []
for f in sys.argv[1:]:
    try:
        doc = xml.dom.minidom.parse(f)
        el = doc.documentElement
        out.append({"file": f, "ok": True, "ns": el.namespaceURI, "name": el.localName or el.tagName})
    except Exception as e:
        out.append({"file": f, "ok": False, "error": "%s: %s" % (type(e).__name__, e)})
print(json.dumps(out))
`;

const xmlLike = [...xmlFiles, ...svgFiles];
result.checked(xmlLike.length + jsonFiles.length + csvFiles.length);
if (xmlLike.length) {
  const py = spawnSync('python3', ['-c', PY, ...xmlLike.map((f) => path.join(site, f))], { encoding: 'utf8' });
  if (py.status !== 0) {
    result.fail('XML errors', {
      check: 'XML well-formedness', where: 'python3', problem: py.error ? String(py.error.message) : py.stderr,
      fix: 'install python3 (apt-get install -y python3)',
    });
    result.unitFailed('python3');
  } else {
    for (const r of JSON.parse(py.stdout)) {
      const rel = path.relative(site, r.file);
      const counter = rel.endsWith('.svg') ? 'SVG errors' : 'XML errors';
      if (!r.ok) {
        result.unitFailed(rel);
        result.fail(counter, {
          check: 'well-formed XML', where: rel, problem: r.error,
          fix: 'escape &, < and > in text and attributes, and close every element, in the template that writes this file',
        });
        continue;
      }
      const want = ROOTS[rel];
      if (want && (r.ns !== want[0] || r.name !== want[1])) {
        result.unitFailed(rel);
        result.fail(counter, {
          check: 'XML root element', where: rel,
          problem: `root element is <${r.name}> in namespace ${r.ns || '(none)'}, expected <${want[1]}> in ${want[0]}`,
          fix: `write <${want[1]} xmlns="${want[0]}"> as the root element`,
        });
      }
    }
  }
}

for (const rel of jsonFiles) {
  try {
    JSON.parse(fs.readFileSync(path.join(site, rel), 'utf8'));
  } catch (e) {
    result.unitFailed(rel);
    result.fail('JSON errors', {
      check: 'valid JSON', where: rel, problem: String(e.message),
      fix: 'write this file with a JSON serialiser (serde_json), not by string templating',
    });
  }
}

/** Minimal RFC 4180 reader: returns the number of fields on each record. */
function csvRowWidths(text) {
  const widths = [];
  let fields = 1;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++; else inQuotes = false;
      }
    } else if (c === '"') inQuotes = true;
    else if (c === ',') fields++;
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      widths.push(fields);
      fields = 1;
    }
  }
  if (inQuotes) return null;
  if (!/[\r\n]$/.test(text) && text.length) widths.push(fields);
  return widths;
}

for (const rel of csvFiles) {
  const buf = fs.readFileSync(path.join(site, rel));
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    result.unitFailed(rel);
    result.fail('CSV errors', { check: 'CSV encoding', where: rel, problem: 'not valid UTF-8', fix: 'write CSV files as UTF-8' });
    continue;
  }
  const widths = csvRowWidths(text.replace(/^\uFEFF/, ''));
  const problem = widths === null ? 'a quoted field is never closed'
    : widths.length === 0 ? 'the file is empty (expected at least a header row)'
      : widths.findIndex((w) => w !== widths[0]) >= 0
        ? `row ${widths.findIndex((w) => w !== widths[0]) + 1} has ${widths.find((w) => w !== widths[0])} field(s), the header has ${widths[0]}`
        : null;
  if (problem) {
    result.unitFailed(rel);
    result.fail('CSV errors', {
      check: 'CSV shape', where: rel, problem,
      fix: 'write CSV with a CSV writer (quote fields that contain commas, quotes or newlines)',
    });
  }
}

result.info.files = { xml: xmlFiles, svg: svgFiles, json: jsonFiles, csv: csvFiles };
console.log(`files: ${xmlFiles.length} XML, ${svgFiles.length} SVG, ${jsonFiles.length} JSON, ${csvFiles.length} CSV file(s)`);
process.exit(result.finish());
