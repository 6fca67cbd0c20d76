// nu.mjs — HTML conformance with the Nu HTML Checker (vnu.jar, from the vnu-jar package).
//
// Owns: running `java -jar vnu.jar --errors-only --format json --skip-non-html SITE…` over
// every .html file of the built site — and of the fixture projects' sites given with
// `--fixture-site NAME=DIR`, in the same run (one Java start-up instead of one a site) —
// printing each error as file:line:col: message (with the offending extract), and counting
// them. Any error fails.
// Writes <artefacts>/results/nu.json and <artefacts>/nu.json (vnu's raw JSON report), for
// the site and for each fixture site (<artefacts>: artifacts/, or artifacts/fixtures/NAME/).
//
// Usage: node nu.mjs --site BUILT_SITE_DIR [--fixture NAME] [--fixture-site NAME=DIR]…

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FIXTURE, Result, artifactsOf, ensureDir, listFiles, siteDir } from './common.mjs';

// The sites of this run: { fixture (null: the example), dir, result, files }.
const sites = [{ fixture: FIXTURE, dir: siteDir() }];
process.argv.forEach((a, i) => {
  if (a !== '--fixture-site') return;
  const [name, ...rest] = String(process.argv[i + 1] || '').split('=');
  const dir = path.resolve(rest.join('='));
  if (!name || !fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`error: --fixture-site wants NAME=BUILT_SITE_DIR (a folder with index.html), got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  sites.push({ fixture: name, dir });
});
for (const s of sites) {
  s.result = new Result('nu', { fixture: s.fixture });
  s.result.count('Nu errors', 0);
  s.files = listFiles(s.dir).filter((f) => /\.x?html?$/.test(f));
  s.result.checked(s.files.length);
}
const finishAll = () => process.exit(Math.max(...sites.map((s) => s.result.finish())));

/** A failure that concerns the tool, not one site: every site reports it. */
function toolFailure(failure, unit) {
  for (const s of sites) {
    s.result.fail('Nu errors', failure);
    s.result.unitFailed(unit);
  }
  finishAll();
}

const vnuPkg = path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json'));
const jar = path.join(vnuPkg, 'build', 'dist', 'vnu.jar');
if (!fs.existsSync(jar)) {
  toolFailure({
    check: 'Nu HTML checker', where: jar, problem: 'vnu.jar is missing',
    fix: 'run `npm ci --ignore-scripts` in tests/e2e',
  }, 'vnu.jar');
}

const t0 = Date.now();
const run = spawnSync('java', ['-Xss2m', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', ...sites.map((s) => s.dir)], {
  encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
});
if (run.error) {
  toolFailure({
    check: 'Nu HTML checker', where: 'java', problem: String(run.error.message),
    fix: 'install Java 17 (apt-get install -y openjdk-17-jre-headless)',
  }, 'java');
}
// vnu writes its JSON report to stderr; exit code 1 just means "found errors".
const raw = (run.stderr || '').trim();
let report;
try {
  report = JSON.parse(raw || '{"messages":[]}');
} catch {
  fs.writeFileSync(path.join(ensureDir(artifactsOf(FIXTURE)), 'nu.json'), raw + '\n');
  toolFailure({
    check: 'Nu HTML checker', where: 'vnu.jar', problem: `could not parse vnu's output:\n${raw.slice(0, 2000)}`,
    fix: 'run the command by hand: java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html SITE',
  }, 'vnu.jar');
}

// Each message goes to the site whose folder holds its file (the longest matching folder).
const bySite = new Map(sites.map((s) => [s, []]));
for (const m of report.messages || []) {
  let file = m.url || '';
  try { file = fileURLToPath(file); } catch { /* keep the URL */ }
  const owner = sites.filter((s) => file.startsWith(s.dir + path.sep)).sort((a, b) => b.dir.length - a.dir.length)[0] || sites[0];
  bySite.get(owner).push({ ...m, file: path.relative(owner.dir, file) || file });
}

const seconds = Math.round((Date.now() - t0) / 100) / 10;
for (const s of sites) {
  const messages = bySite.get(s);
  fs.writeFileSync(path.join(ensureDir(artifactsOf(s.fixture)), 'nu.json'),
    JSON.stringify({ messages: messages.map(({ file, ...m }) => m) }) + '\n');
  for (const m of messages) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    const line = m.lastLine ?? m.firstLine ?? '?';
    const col = m.firstColumn ?? m.lastColumn ?? '?';
    const extract = m.extract ? `\n${JSON.stringify(m.extract)}` : '';
    s.result.unitFailed(m.file);
    s.result.fail('Nu errors', {
      check: m.type === 'error' ? 'Nu HTML error' : 'Nu HTML checker could not read the file',
      where: `${m.file}:${line}:${col}`,
      problem: `${m.message}${extract}`,
      fix: 'fix the template or Markdown that produces this markup (https://html.spec.whatwg.org/)',
    });
  }
  s.result.info.files = s.files;
  s.result.info.seconds = seconds;
  if (sites.length > 1) s.result.info.checkedTogetherWith = sites.filter((o) => o !== s).map((o) => o.fixture || 'example');
}
console.log(`nu: checked ${sites.reduce((n, s) => n + s.files.length, 0)} HTML file(s) of ${sites.length} site(s) ` +
  `with vnu ${JSON.parse(fs.readFileSync(path.join(vnuPkg, 'package.json'), 'utf8')).version} in ${seconds} s`);
finishAll();
