// summary.mjs — adds up the results of the e2e steps.
//
// Owns: reading artifacts/results/<step>.json of each step named on the command line,
// printing the one-paragraph summary and the closing "e2e: N passed, N failed" line,
// writing artifacts/summary.json, and exiting non-zero if any step failed or left no
// result (a crash). `--build-failed` reports a site build that did not succeed.
//
// Usage: node summary.mjs [--build-failed] [--seconds N] STEP...

import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ensureDir } from './common.mjs';

const args = process.argv.slice(2);
const buildFailed = args.includes('--build-failed');
const secIdx = args.indexOf('--seconds');
const seconds = secIdx >= 0 ? Number(args[secIdx + 1]) : null;
const steps = args.filter((a, i) => !a.startsWith('--') && !(secIdx >= 0 && i === secIdx + 1));

const results = {};
const problems = [];
if (buildFailed) {
  problems.push('the site build failed: see artifacts/build.log (fix the build before anything else can be checked)');
}
for (const step of steps) {
  const file = path.join(ARTIFACTS, 'results', `${step}.json`);
  if (!fs.existsSync(file)) {
    problems.push(`step "${step}" left no result (it crashed: see its output above)`);
    continue;
  }
  results[step] = JSON.parse(fs.readFileSync(file, 'utf8'));
}

const c = (step, name) => results[step]?.counts?.[name] ?? 0;
const b = results.browser;
const widths = b?.info?.widths?.length ?? 0;
const bases = b?.info?.bases?.length ?? 0;
const counts = {
  'pages visited': c('browser', 'pages'),
  'page visits': c('browser', 'page visits'),
  'axe violations': c('browser', 'axe violations'),
  'Nu errors': c('nu', 'Nu errors'),
  'broken links': c('browser', 'broken links'),
  'broken images': c('browser', 'broken images'),
  'console errors': c('browser', 'console errors'),
  'failed requests': c('browser', 'failed requests'),
  'external requests': c('browser', 'external requests'),
  'no-JS failures': c('browser', 'no-JS failures'),
  'horizontal overflow': c('browser', 'horizontal overflow'),
  'XML errors': c('files', 'XML errors'),
  'SVG errors': c('files', 'SVG errors'),
  'JSON errors': c('files', 'JSON errors'),
  'CSV errors': c('files', 'CSV errors'),
  'PDFs checked': c('pdf', 'PDFs checked'),
  'PDF failures': c('pdf', 'PDF failures'),
};

let passed = 0;
let failed = buildFailed ? 1 : 0;
failed += problems.length - (buildFailed ? 1 : 0);
for (const r of Object.values(results)) {
  failed += r.failedChecks;
  passed += Math.max(0, r.checks - r.failedChecks);
}
const failures = Object.values(results).flatMap((r) => r.failures.map((f) => ({ step: r.step, ...f })));
const ok = failed === 0 && failures.length === 0 && problems.length === 0;

const line = `pages visited: ${counts['pages visited']} (×${widths} widths ×${bases} bases), ` +
  Object.entries(counts).filter(([k]) => k !== 'pages visited' && k !== 'page visits').map(([k, v]) => `${k}: ${v}`).join(', ');

console.log('\n==================== e2e summary ====================');
for (const p of problems) console.log(`✗ ${p}`);
console.log(line);
for (const r of Object.values(results)) {
  console.log(`  ${r.step.padEnd(8)} ${r.checks} checked, ${r.failedChecks} with failures, ${r.failures.length} problem(s)` +
    (r.warnings.length ? `, ${r.warnings.length} warning(s)` : ''));
}
for (const r of Object.values(results)) {
  for (const w of r.warnings) console.log(`  warning (${r.step}): ${w.where}: ${w.problem}`);
}
if (seconds !== null) console.log(`  took ${seconds} s`);
console.log(ok ? 'e2e: all checks passed' : 'e2e: FAILED — the failures are listed above, with what to fix; full details in tests/e2e/artifacts/summary.json');
console.log(`e2e: ${passed} passed, ${failed} failed`);

ensureDir(ARTIFACTS);
fs.writeFileSync(path.join(ARTIFACTS, 'summary.json'), JSON.stringify({
  ok, passed, failed, seconds, summary: line, counts, problems,
  steps: Object.fromEntries(Object.values(results).map((r) => [r.step, {
    checks: r.checks, failedChecks: r.failedChecks, counts: r.counts, warnings: r.warnings, info: r.info,
  }])),
  failures,
}, null, 2) + '\n');
process.exit(ok ? 0 : 1);
