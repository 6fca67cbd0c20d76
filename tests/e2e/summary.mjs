// summary.mjs — adds up the results of the e2e steps.
//
// Owns: reading <artefacts>/results/<step>.json of each step named on the command line,
// for the example's site and for each fixture project's site (`--fixtures a,b`: their
// results are in artifacts/fixtures/NAME/results/), printing the one-paragraph summary
// (the counts add up every site; a line per site), the closing "e2e: N passed, N failed"
// line, writing artifacts/summary.json, and exiting non-zero if any step failed or left
// no result (a crash). `--build-failed` reports a site build that did not succeed,
// `--fixture-build-failed a,b` fixture projects whose build did not succeed.
//
// Usage: node summary.mjs [--build-failed] [--fixture-build-failed a,b] [--fixtures a,b] [--seconds N] STEP...

import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_ROOT, artifactsOf, ensureDir, labelOf } from './common.mjs';

const args = process.argv.slice(2);
const valueOf = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const listOf = (name) => (valueOf(name) || '').split(',').map((s) => s.trim()).filter(Boolean);
const buildFailed = args.includes('--build-failed');
const seconds = valueOf('--seconds') !== null ? Number(valueOf('--seconds')) : null;
const fixtures = listOf('--fixtures');
const fixtureBuildsFailed = listOf('--fixture-build-failed');
const withValue = new Set(['--seconds', '--fixtures', '--fixture-build-failed']);
const steps = args.filter((a, i) => !a.startsWith('--') && !withValue.has(args[i - 1]));

const problems = [];
if (buildFailed) {
  problems.push('the site build failed: see artifacts/build.log (fix the build before anything else can be checked)');
}
for (const name of fixtureBuildsFailed) {
  problems.push(`the build of the fixture project tests/fixtures/valid/${name} failed: see artifacts/build.log`);
}

// The sites: the example (fixture null), then each fixture. Each: { fixture, label, results }.
const sites = [null, ...fixtures].map((fixture) => ({ fixture, label: labelOf(fixture), results: {} }));
for (const s of sites) {
  if (s.fixture === null && buildFailed) continue;
  for (const step of steps) {
    const file = path.join(artifactsOf(s.fixture), 'results', `${step}.json`);
    if (!fs.existsSync(file)) {
      problems.push(`step "${step}" (${s.label}) left no result (it crashed: see its output above)`);
      continue;
    }
    s.results[step] = JSON.parse(fs.readFileSync(file, 'utf8'));
  }
}

const COUNTS = [
  ['pages visited', 'browser', 'pages'],
  ['page visits', 'browser', 'page visits'],
  ['axe violations', 'browser', 'axe violations'],
  ['Nu errors', 'nu', 'Nu errors'],
  ['broken links', 'browser', 'broken links'],
  ['broken images', 'browser', 'broken images'],
  ['console errors', 'browser', 'console errors'],
  ['failed requests', 'browser', 'failed requests'],
  ['external requests', 'browser', 'external requests'],
  ['no-JS failures', 'browser', 'no-JS failures'],
  ['horizontal overflow', 'browser', 'horizontal overflow'],
  ['XML errors', 'files', 'XML errors'],
  ['SVG errors', 'files', 'SVG errors'],
  ['JSON errors', 'files', 'JSON errors'],
  ['CSV errors', 'files', 'CSV errors'],
  ['PDFs checked', 'pdf', 'PDFs checked'],
  ['PDF failures', 'pdf', 'PDF failures'],
  ['PDF tag tree failures', 'pdf', 'PDF tag tree failures'],
];
const countsOf = (s) => Object.fromEntries(COUNTS.map(([name, step, key]) => [name, s.results[step]?.counts?.[key] ?? 0]));
for (const s of sites) s.counts = countsOf(s);
const counts = Object.fromEntries(COUNTS.map(([name]) => [name, sites.reduce((n, s) => n + s.counts[name], 0)]));

let passed = 0;
let failed = problems.length;
for (const s of sites) {
  for (const r of Object.values(s.results)) {
    failed += r.failedChecks;
    passed += Math.max(0, r.checks - r.failedChecks);
  }
}
const failures = sites.flatMap((s) => Object.values(s.results).flatMap((r) => r.failures.map((f) => ({ site: s.label, step: r.step, ...f }))));
const ok = failed === 0 && failures.length === 0 && problems.length === 0;

/** "320/375/1280 px at /, 375/1280 px at /sub/path/" from browser.json's info.widths. */
const widthsText = (s) => Object.entries(s.results.browser?.info?.widths || {})
  .map(([base, ws]) => `${[ws].flat().join('/')} px at ${base}`).join(', ');
const countsText = (c) => Object.entries(c).filter(([k]) => k !== 'pages visited' && k !== 'page visits').map(([k, v]) => `${k}: ${v}`).join(', ');
const line = `pages visited: ${counts['pages visited']} (${sites.filter((s) => s.results.browser)
  .map((s) => `${s.label}: ${s.counts['pages visited']} at ${widthsText(s) || '?'}`).join('; ')}), ${countsText(counts)}`;

console.log('\n==================== e2e summary ====================');
for (const p of problems) console.log(`✗ ${p}`);
console.log(line);
for (const s of sites) {
  for (const r of Object.values(s.results)) {
    console.log(`  ${r.step.padEnd(8)} ${s.label.padEnd(20)} ${r.checks} checked, ${r.failedChecks} with failures, ${r.failures.length} problem(s)` +
      (r.warnings.length ? `, ${r.warnings.length} warning(s)` : ''));
  }
}
for (const s of sites) {
  for (const r of Object.values(s.results)) {
    for (const w of r.warnings) console.log(`  warning (${r.step}, ${s.label}): ${w.where}: ${w.problem}`);
  }
}
if (seconds !== null) console.log(`  took ${seconds} s`);
console.log(ok ? 'e2e: all checks passed' : 'e2e: FAILED — the failures are listed above, with what to fix; full details in tests/e2e/artifacts/summary.json');
console.log(`e2e: ${passed} passed, ${failed} failed`);

ensureDir(ARTIFACTS_ROOT);
fs.writeFileSync(path.join(ARTIFACTS_ROOT, 'summary.json'), JSON.stringify({
  ok, passed, failed, seconds, summary: line, counts, problems,
  sites: Object.fromEntries(sites.map((s) => [s.label, {
    counts: s.counts,
    steps: Object.fromEntries(Object.values(s.results).map((r) => [r.step, {
      checks: r.checks, failedChecks: r.failedChecks, counts: r.counts, warnings: r.warnings, info: r.info,
    }])),
  }])),
  failures,
}, null, 2) + '\n');
process.exit(ok ? 0 : 1);
