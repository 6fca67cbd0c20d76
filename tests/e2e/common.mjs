// common.mjs — what every check script of the e2e suite shares.
//
// Owns: where the site and the artefacts are (command line `--site DIR`, env E2E_SITE,
// E2E_ARTIFACTS), whether the site is a fixture project's (`--fixture NAME`: then only
// generic checks apply, and its artefacts go to artifacts/fixtures/NAME/), reading
// expectations.json, listing the site's files, and the result file each step writes to
// <artefacts>/results/<step>.json for summary.mjs to add up.
//
// A result is { step, checks, failedChecks, counts: {name: n}, failures: [...],
// warnings: [...] }. A failure is { check, where, problem, fix }: `fix` tells the
// developer what to change, so every message is actionable on its own.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The value after `--name` on the command line, or null. */
export function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : null;
}

/** `--fixture NAME`: the site was built from tests/fixtures/valid/NAME, not the example. */
export const FIXTURE = argValue('--fixture');
/** Artefacts of the whole run; those of a fixture's site are in fixtures/NAME/ below it. */
export const ARTIFACTS_ROOT = path.resolve(process.env.E2E_ARTIFACTS || path.join(HERE, 'artifacts'));
/** Where the artefacts of the example's site (fixture null) or of a fixture's site go. */
export const artifactsOf = (fixture) => (fixture ? path.join(ARTIFACTS_ROOT, 'fixtures', fixture) : ARTIFACTS_ROOT);
export const ARTIFACTS = artifactsOf(FIXTURE);
/** How messages name a site: "example" or "fixture NAME". */
export const labelOf = (fixture) => (fixture ? `fixture ${fixture}` : 'example');
export const SITE_LABEL = labelOf(FIXTURE);

export function siteDir() {
  const i = process.argv.indexOf('--site');
  const dir = i >= 0 ? process.argv[i + 1] : process.env.E2E_SITE;
  if (!dir) {
    console.error(`usage: node ${path.basename(process.argv[1])} --site BUILT_SITE_DIR`);
    process.exit(2);
  }
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'index.html'))) {
    console.error(`error: ${abs} has no index.html — build the site first (barograph build --output DIR)`);
    process.exit(2);
  }
  return abs;
}

export function loadExpectations() {
  return JSON.parse(fs.readFileSync(path.join(HERE, 'expectations.json'), 'utf8'));
}

/** Every file under dir, as paths relative to dir with "/" separators, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function ensureDir(d) {
  fs.mkdirSync(d, { recursive: true });
  return d;
}

export class Result {
  /** `fixture`: the fixture whose site this result is about (default: `--fixture`). */
  constructor(step, { fixture = FIXTURE } = {}) {
    this.step = step;
    this.label = labelOf(fixture);
    this.artifacts = artifactsOf(fixture);
    this.checks = 0; // units checked: page visits, files, PDFs
    this.failedUnits = new Set(); // ids of the units that had at least one failure
    this.counts = {};
    this.failures = [];
    this.warnings = [];
    this.info = {}; // anything else worth keeping in the result file (page list, …)
  }
  /** Count one unit checked (a page visit, a file, a PDF). */
  checked(n = 1) { this.checks += n; }
  count(name, n = 1) { this.counts[name] = (this.counts[name] || 0) + n; }
  /** Mark one unit (by any stable id) as failed. */
  unitFailed(id) { this.failedUnits.add(id); }
  /** Record a failure; `counter` names the count it adds to (e.g. 'broken links'). */
  fail(counter, { check, where, problem, fix }) {
    if (counter) this.count(counter);
    this.failures.push({ check, where, problem, fix });
  }
  warn(where, problem) { this.warnings.push({ where, problem }); }
  toJSON() {
    return {
      step: this.step,
      site: this.label,
      checks: this.checks,
      failedChecks: this.failedUnits.size,
      counts: this.counts,
      failures: this.failures,
      warnings: this.warnings,
      info: this.info,
    };
  }
  /** Prints failures and warnings, writes artifacts/results/<step>.json, returns the exit code. */
  finish() {
    const dir = ensureDir(path.join(this.artifacts, 'results'));
    const json = this.toJSON();
    fs.writeFileSync(path.join(dir, `${this.step}.json`), JSON.stringify(json, null, 2) + '\n');
    for (const w of this.warnings) console.log(`  warning: ${w.where}: ${w.problem}`);
    if (this.failures.length) {
      console.log(`\n${this.step} (${this.label}): ${this.failures.length} failure(s):`);
      for (const f of this.failures) {
        console.log(`  ✗ [${f.check}] ${f.where}\n      ${f.problem.split('\n').join('\n      ')}`);
        if (f.fix) console.log(`      fix: ${f.fix}`);
      }
    }
    console.log(`${this.step} (${this.label}): ${json.checks} checked, ${json.failedChecks} with failures, ` +
      Object.entries(json.counts).map(([k, v]) => `${k}: ${v}`).join(', '));
    return this.failures.length ? 1 : 0;
  }
}
