// nu.mjs — HTML conformance with the Nu HTML Checker (vnu.jar, from the vnu-jar package).
//
// Owns: running `java -jar vnu.jar --errors-only --format json --skip-non-html SITE` over
// every .html file of the built site, printing each error as file:line:col: message
// (with the offending extract), and counting them. Any error fails.
// Writes artifacts/results/nu.json and artifacts/nu.json (vnu's raw JSON report).
//
// Usage: node nu.mjs --site BUILT_SITE_DIR

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, Result, ensureDir, listFiles, siteDir } from './common.mjs';

const site = siteDir();
const result = new Result('nu');
result.count('Nu errors', 0);
const vnuPkg = path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json'));
const jar = path.join(vnuPkg, 'build', 'dist', 'vnu.jar');
const htmlFiles = listFiles(site).filter((f) => /\.x?html?$/.test(f));
result.checked(htmlFiles.length);

if (!fs.existsSync(jar)) {
  result.fail('Nu errors', {
    check: 'Nu HTML checker', where: jar, problem: 'vnu.jar is missing',
    fix: 'run `npm ci --ignore-scripts` in tests/e2e',
  });
  result.unitFailed('vnu.jar');
  process.exit(result.finish());
}

const t0 = Date.now();
const run = spawnSync('java', ['-Xss2m', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', site], {
  encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
});
if (run.error) {
  result.fail('Nu errors', {
    check: 'Nu HTML checker', where: 'java', problem: String(run.error.message),
    fix: 'install Java 17 (apt-get install -y openjdk-17-jre-headless)',
  });
  result.unitFailed('java');
  process.exit(result.finish());
}
// vnu writes its JSON report to stderr; exit code 1 just means "found errors".
const raw = (run.stderr || '').trim();
fs.writeFileSync(path.join(ensureDir(ARTIFACTS), 'nu.json'), raw + '\n');
let report;
try {
  report = JSON.parse(raw || '{"messages":[]}');
} catch {
  result.fail('Nu errors', {
    check: 'Nu HTML checker', where: 'vnu.jar', problem: `could not parse vnu's output:\n${raw.slice(0, 2000)}`,
    fix: 'run the command by hand: java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html SITE',
  });
  result.unitFailed('vnu.jar');
  process.exit(result.finish());
}

for (const m of report.messages || []) {
  if (m.type !== 'error' && m.type !== 'non-document-error') continue;
  let file = m.url || '';
  try { file = path.relative(site, fileURLToPath(file)); } catch { /* keep the URL */ }
  const line = m.lastLine ?? m.firstLine ?? '?';
  const col = m.firstColumn ?? m.lastColumn ?? '?';
  const extract = m.extract ? `\n${JSON.stringify(m.extract)}` : '';
  result.unitFailed(file);
  result.fail('Nu errors', {
    check: m.type === 'error' ? 'Nu HTML error' : 'Nu HTML checker could not read the file',
    where: `${file}:${line}:${col}`,
    problem: `${m.message}${extract}`,
    fix: 'fix the template or Markdown that produces this markup (https://html.spec.whatwg.org/)',
  });
}
result.info.files = htmlFiles;
result.info.seconds = Math.round((Date.now() - t0) / 100) / 10;
console.log(`nu: checked ${htmlFiles.length} HTML file(s) with vnu ${JSON.parse(fs.readFileSync(path.join(vnuPkg, 'package.json'), 'utf8')).version}`);
process.exit(result.finish());
