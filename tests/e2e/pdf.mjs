// pdf.mjs — checks of every PDF in the built site (the per-article infographics).
//
// Owns: with poppler-utils, for each .pdf: `pdfinfo` says "Tagged: yes" (accessible
// structure), `pdffonts` lists only embedded fonts (emb = yes), and `pdftotext -layout`
// gives real text containing the figures expectations.json lists for that file (after
// U+202F/U+00A0/U+2007/U+2009 → space and whitespace runs → one space). A PDF named in
// expectations.json but absent from the site fails too.
// The tag tree (`pdfinfo -struct-text`): it exists, and — from the project's data, read
// with python3's PyYAML: the survey `<id>.yaml` the PDF is named after, its
// `infographic:` section or the defaults of docs/infographic.md, and content/quotes/ —
// it has one heading per chart title (charts and sample breakdowns), one LI per key figure
// in the L lists of the key-figure section (between the first and the second H2), a
// BlockQuote exactly when the infographic has a quote, holding its text and no « »
// the quote's text does not have (the template draws them as artifacts), and a P holding
// the source line (the survey's `source`, or its title and organisation) as the last P.
// Without `--project DIR` only the tree's existence is checked.
// Writes artifacts/results/pdf.json, artifacts/pdf/<name>.txt (the extracted text),
// artifacts/pdf/<name>.struct.txt (the tag tree) and artifacts/pdf/<name>-1.png (page 1,
// for a human look).
//
// Usage: node pdf.mjs --site BUILT_SITE_DIR [--project PROJECT_DIR] [--fixture NAME]
//   --project: the project the site was built from (the example: the repository root).
//   --fixture: a fixture project's site: expectations.json's per-file expectations (the
//              example's) do not apply; `pdf.all` does.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  ARTIFACTS, FIXTURE, Result, argValue, ensureDir, listFiles, loadExpectations, siteDir,
} from './common.mjs';

const site = siteDir();
const result = new Result('pdf');
const expectations = loadExpectations().pdf || {};
const all = expectations.all || {};
// expectations.json's files are the example's: a fixture's site gets the generic checks.
const perFile = FIXTURE ? {} : (expectations.files || {});
const projectArg = argValue('--project');
const project = projectArg ? path.resolve(projectArg) : null;
const outDir = path.join(ARTIFACTS, 'pdf');
fs.rmSync(outDir, { recursive: true, force: true });
ensureDir(outDir);
for (const c of ['PDFs checked', 'PDF failures', 'PDF tag tree failures']) result.count(c, 0);

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

// ---- the tag tree ------------------------------------------------------------------------

/**
 * Parses `pdfinfo -struct-text`: one element a line (`H3 "title" (block)`, `L (block):`),
 * indented by depth, its attributes (`/ListNumbering /Circle`) and its text (`"…"`, one
 * string a line) indented below it. Returns the root nodes: { type, attrs: [], texts: [],
 * children: [], parent }. Texts are kept in order, with the children they precede.
 */
export function parseStructText(out) {
  const roots = [];
  const stack = []; // { node, indent }
  let openText = null; // a text line whose closing quote is on a later line
  for (const raw of out.split('\n')) {
    if (openText) { // a string with a line break in it: add this line to it
      const end = /"\s*$/.test(raw);
      openText.node.texts[openText.index] += '\n' + (end ? raw.replace(/"\s*$/, '') : raw);
      if (end) openText = null;
      continue;
    }
    if (!raw.trim()) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    const parent = () => {
      while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
      return stack.length ? stack[stack.length - 1].node : null;
    };
    if (line.startsWith('"')) {
      const node = parent();
      if (!node) continue;
      const closed = line.length > 1 && line.endsWith('"');
      node.texts.push(closed ? line.slice(1, -1) : line.slice(1));
      node.order.push({ text: node.texts.length - 1 });
      if (!closed) openText = { node, index: node.texts.length - 1 };
      continue;
    }
    if (line.startsWith('/')) {
      const node = parent();
      if (node) node.attrs.push(line);
      continue;
    }
    const m = /^([A-Za-z][\w:.-]*)/.exec(line);
    if (!m) continue;
    const up = parent();
    const node = { type: m[1], line, attrs: [], texts: [], children: [], order: [], parent: up };
    if (up) { up.children.push(node); up.order.push({ child: up.children.length - 1 }); } else roots.push(node);
    stack.push({ node, indent });
  }
  return roots;
}

/** Every node of the tree, in document order (pre-order). */
export function walk(roots) {
  const out = [];
  const go = (n) => { out.push(n); n.children.forEach(go); };
  roots.forEach(go);
  return out;
}

/** The text of a node and its descendants, in order, joined as printed. */
export function textOf(node) {
  return node.order.map((o) => ('text' in o ? node.texts[o.text] : textOf(node.children[o.child]))).join('');
}

const isHeading = (n) => /^H[1-6]?$/.test(n.type);

/** Text reduced to its letters and digits, lower case: layout, spaces and typography out. */
const letters = (s) => s.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}\uFFFD]/gu, '');

/**
 * Whether `pdfText` starts with (or, `anywhere`, contains) `wanted`, compared on letters
 * and digits; a U+FFFD in the PDF (a character the fonts lack, docs/data-format.md) matches
 * any one character.
 */
export function textMatches(pdfText, wanted, anywhere = false) {
  const a = letters(pdfText);
  const b = letters(wanted);
  if (!b) return true;
  const at = (i) => [...b].every((c, j) => a[i + j] === c || a[i + j] === '\uFFFD');
  if (!anywhere) return at(0);
  for (let i = 0; i + b.length <= a.length; i++) if (at(i)) return true;
  return false;
}

// ---- what the project says the infographic shows ----------------------------------------

// Reads the project's YAML with PyYAML (the survey files under data/, the quote files
// under content/quotes/, site.yaml) and prints it as JSON.
const PY_PROJECT = `
import json, os, sys
try:
    import yaml
except ImportError:
    print(json.dumps({"error": "python3 has no yaml module (PyYAML)"})); sys.exit(0)
root = sys.argv[1]
def files(d):
    out = []
    for base, dirs, names in os.walk(os.path.join(root, d)):
        dirs[:] = sorted(x for x in dirs if not x.startswith("."))
        for n in sorted(names):
            if not n.startswith(".") and n.endswith((".yaml", ".yml")):
                out.append(os.path.join(base, n))
    return out
def load(f):
    with open(f, encoding="utf-8") as h:
        return yaml.safe_load(h)
out = {"surveys": {}, "quotes": {}, "errors": []}
for f in files("data"):
    try:
        out["surveys"][os.path.splitext(os.path.basename(f))[0]] = load(f)
    except Exception as e:
        out["errors"].append("%s: %s" % (f, e))
        out["surveys"][os.path.splitext(os.path.basename(f))[0]] = {"_error": "%s: %s" % (f, e)}
for f in files(os.path.join("content", "quotes")):
    try:
        for q in load(f) or []:
            if isinstance(q, dict) and "id" in q:
                out["quotes"][str(q["id"])] = q
    except Exception as e:
        out["errors"].append("%s: %s" % (f, e))
print(json.dumps(out, default=str))
`;

function loadProject(dir) {
  const py = spawnSync('python3', ['-c', PY_PROJECT, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (py.error || py.status !== 0) return { error: `python3: ${py.error ? py.error.message : py.stderr.trim()}` };
  const data = JSON.parse(py.stdout);
  if (data.error) return data;
  for (const e of data.errors) result.warn(dir, `could not read ${e}`);
  return data;
}

/**
 * The previous edition of survey `s` among `surveys` (by id): of those its
 * `previous_editions` names, the one with the highest edition below its own.
 */
function previousEdition(s, surveys) {
  const listed = (Array.isArray(s.previous_editions) ? s.previous_editions : []).map(String);
  return listed.map((id) => surveys?.[id]).filter((p) => p && typeof p === 'object' && !p._error)
    .filter((p) => Number(p.edition) < Number(s.edition))
    .sort((a, b) => Number(b.edition) - Number(a.edition))[0] || null;
}

/**
 * What the infographic of survey `s` shows, as src/resolve/infographic.rs chooses it: the
 * `infographic:` section's key figures, charts and quote, or the leading answer (top-level,
 * with a value for the first segment) of each of the first four questions, and the first
 * four questions; its trends (`infographic.trends`, or the first key figure's question
 * when the previous edition asked it, by id or by its `previous:`), each a chart titled
 * with its wording; plus one chart per sample breakdown.
 */
export function expectedInfographic(s, quotes, surveys) {
  const questions = Array.isArray(s.questions) ? s.questions : [];
  const spec = s.infographic && typeof s.infographic === 'object' ? s.infographic : null;
  const firstSegment = (s.segments || [])[0]?.id;
  const keyFigures = Array.isArray(spec?.key_figures) ? spec.key_figures.length
    : questions.slice(0, 4).filter((q) => (q.answers || []).some((a) => !a.part_of
      && a.values && typeof a.values === 'object' && Object.hasOwn(a.values, firstSegment))).length;
  const chartIds = Array.isArray(spec?.charts) ? spec.charts.map(String) : questions.slice(0, 4).map((q) => String(q.id));
  const wording = (id) => String(questions.find((q) => String(q.id) === id)?.wording ?? id);
  const chartTitles = chartIds.map(wording);
  const prev = previousEdition(s, surveys);
  const askedBefore = (id) => {
    const q = questions.find((q) => String(q.id) === id);
    const old = q?.previous != null ? String(q.previous) : id;
    return !!prev && (prev.questions || []).some((pq) => String(pq.id) === old);
  };
  const firstFigure = Array.isArray(spec?.key_figures) ? String(spec.key_figures[0]?.figure ?? '').split('.')[0]
    : (questions[0] ? String(questions[0].id) : '');
  const trendIds = Array.isArray(spec?.trends) ? spec.trends.map(String)
    : (firstFigure && askedBefore(firstFigure) ? [firstFigure] : []);
  chartTitles.push(...trendIds.map(wording));
  const breakdownTitles = (s.breakdowns || []).map((b) => String(b.label ?? b.id));
  const quoteId = spec?.quote != null ? String(spec.quote) : null;
  const quote = quoteId ? quotes[quoteId] || { id: quoteId, text: '' } : null;
  return {
    keyFigures, chartTitles, breakdownTitles, quote,
    source: s.source != null ? String(s.source) : null,
    title: String(s.title ?? ''), organisation: String(s.organisation ?? ''),
  };
}

const GUILLEMETS = /[\u00AB\u00BB]/g;
const count = (s, re) => (s.match(re) || []).length;

/** Checks the tag tree of one infographic against what it should show; returns problems. */
export function checkTagTree(roots, want) {
  const problems = []; // { problem, fix }
  const nodes = walk(roots);
  if (!nodes.length) {
    return [{
      problem: '`pdfinfo -struct-text` prints no structure tree: the PDF has no tags',
      fix: 'export the infographic as a tagged PDF (PDF/UA) so screen readers get its structure',
    }];
  }
  if (!want) return problems;

  // One heading per chart: the results charts and the sample breakdowns.
  const headings = nodes.filter((n) => isHeading(n) && n.type !== 'H1' && n.type !== 'H2');
  const titles = [...want.chartTitles, ...want.breakdownTitles];
  if (headings.length !== titles.length) {
    problems.push({
      problem: `${headings.length} chart heading(s) (H3…) in the tag tree, expected ${titles.length}: one per chart ` +
        `(${want.chartTitles.length}) and per sample breakdown (${want.breakdownTitles.length}); found: ` +
        (headings.map((h) => `${h.type} "${textOf(h)}"`).join(', ') || 'none'),
      fix: 'give every chart and breakdown of the infographic its title as a heading (Typst #heading(level: 3))',
    });
  }
  const unmatched = titles.filter((t) => !headings.some((h) => textMatches(textOf(h), t)));
  if (unmatched.length) {
    problems.push({
      problem: `no heading holds the chart title(s): ${unmatched.map((t) => JSON.stringify(t)).join(', ')}`,
      fix: 'each chart of the infographic needs a heading with its title as real text (tagged, not an artifact)',
    });
  }

  // The key figures: one LI each, in the L lists between the first H2 and the next.
  const h2 = nodes.map((n, i) => [n, i]).filter(([n]) => n.type === 'H2').map(([, i]) => i);
  if (want.keyFigures > 0) {
    const from = h2[0] ?? -1;
    const to = h2[1] ?? nodes.length;
    const lists = from < 0 ? [] : nodes.slice(from + 1, to).filter((n) => n.type === 'L');
    const items = lists.flatMap((l) => l.children.filter((c) => c.type === 'LI'));
    if (from < 0) {
      problems.push({
        problem: `the tag tree has no H2: the key-figure section (${want.keyFigures} figure(s)) has no heading`,
        fix: 'give the key figures a section heading (level 2) and tag them as a list (L/LI)',
      });
    } else if (items.length !== want.keyFigures) {
      problems.push({
        problem: `the key-figure section (after H2 "${textOf(nodes[from])}") has ${lists.length} L list(s) with ` +
          `${items.length} LI item(s), expected one LI per key figure shown: ${want.keyFigures}`,
        fix: 'tag the key figures as one list (L) with one item (LI) per figure',
      });
    }
  }

  // The quote: a BlockQuote exactly when there is one, with its text and no added « ».
  const quotes = nodes.filter((n) => n.type === 'BlockQuote');
  const wantQuotes = want.quote ? 1 : 0;
  if (quotes.length !== wantQuotes) {
    problems.push({
      problem: `${quotes.length} BlockQuote element(s) in the tag tree, expected ${wantQuotes}` +
        (want.quote ? ` (the infographic shows the quote "${want.quote.id}")` : ' (the infographic has no quote)'),
      fix: 'tag the pull quote as a block quote (Typst quote(block: true)), and only it',
    });
  }
  for (const q of quotes) {
    const text = textOf(q);
    const source = String(want.quote?.text ?? '');
    const extra = count(text, GUILLEMETS) - count(source, GUILLEMETS);
    if (extra > 0) {
      problems.push({
        problem: `the BlockQuote's text has ${extra} « or » more than the quote itself: ${JSON.stringify(text.slice(0, 120))}…`,
        fix: 'draw decorative quotation marks as artifacts (pdf.artifact) outside the tagged quote, so they are not read aloud',
      });
    }
    if (source && !textMatches(text, source.slice(0, 60), true)) {
      problems.push({
        problem: `the BlockQuote does not hold the quote's text (${JSON.stringify(source.slice(0, 60))}…); it reads ${JSON.stringify(text.slice(0, 120))}`,
        fix: 'put the quote\'s text inside the tagged block quote',
      });
    }
  }

  // The source line: the last P, as content.
  const paragraphs = nodes.filter((n) => n.type === 'P');
  const last = paragraphs[paragraphs.length - 1];
  const lastText = last ? textOf(last) : '';
  const holdsSource = want.source ? textMatches(lastText, want.source, true)
    : textMatches(lastText, want.title, true) && textMatches(lastText, want.organisation, true);
  if (!holdsSource) {
    problems.push({
      problem: `the last P of the tag tree does not hold the source line (${want.source ? JSON.stringify(want.source)
        : `the survey's title ${JSON.stringify(want.title)} and organisation ${JSON.stringify(want.organisation)}`}); ` +
        `it reads ${JSON.stringify(lastText.slice(0, 160))}`,
      fix: 'tag the source line as a paragraph (content, not an artifact such as a page footer)',
    });
  }
  return problems;
}

const pdfs = listFiles(site).filter((f) => f.toLowerCase().endsWith('.pdf'));
result.checked(pdfs.length);

const failPdf = (rel, check, problem, fix, counter = 'PDF failures') => {
  result.unitFailed(rel);
  result.fail(counter, { check, where: rel, problem, fix });
};

let projectData = null;
if (project && pdfs.length) {
  projectData = loadProject(project);
  if (projectData.error) {
    result.checked();
    failPdf(project, 'project data', `could not read the project's YAML: ${projectData.error}`,
      'install PyYAML (apt-get install -y python3-yaml); run.sh does when it is missing');
    projectData = null;
  }
} else if (pdfs.length) {
  result.warn(site, 'no --project given: the PDFs\' tag trees are only checked to exist, not against the data');
}

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
    const structOut = spawnSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (structOut.error || structOut.status !== 0) {
      throw new Error(`pdfinfo -struct-text exited ${structOut.status}: ${structOut.error?.message || structOut.stderr.trim()}`);
    }
    fs.writeFileSync(path.join(outDir, `${name.replace(/\.pdf$/i, '')}.struct.txt`), structOut.stdout);
    const surveyId = name.replace(/\.pdf$/i, '');
    let shows = null;
    if (projectData) {
      const survey = projectData.surveys[surveyId];
      if (survey && typeof survey === 'object' && !survey._error) shows = expectedInfographic(survey, projectData.quotes, projectData.surveys);
      else {
        failPdf(rel, 'tag tree', (survey?._error ? `could not read the survey file: ${survey._error}`
          : `no survey file data/${surveyId}.yaml in ${project}`) + ': cannot tell what the infographic shows',
          'an infographic is named after its survey; if the naming changed, update how pdf.mjs finds the survey', 'PDF tag tree failures');
      }
    }
    const tree = parseStructText(structOut.stdout);
    for (const p of checkTagTree(tree, shows)) {
      failPdf(rel, 'tag tree', `${p.problem} (see artifacts/pdf/${surveyId}.struct.txt)`, p.fix, 'PDF tag tree failures');
    }
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file,
      path.join(outDir, `${name.replace(/\.pdf$/i, '')}-1`)]);
    const treeNodes = walk(tree);
    const tally = (t) => treeNodes.filter((n) => n.type === t).length;
    const treeSummary = `${treeNodes.length} tags (H3: ${tally('H3')}, LI: ${tally('LI')}, BlockQuote: ${tally('BlockQuote')}, P: ${tally('P')})`;
    result.info[rel] = {
      pages, tagged, title: title || null, fonts: fonts.map((f) => `${f.name} ${f.type} emb=${f.emb}`), textChars: chars,
      tagTree: treeSummary,
      expected: shows && { keyFigures: shows.keyFigures, charts: shows.chartTitles.length, breakdowns: shows.breakdownTitles.length, quote: shows.quote?.id ?? null },
    };
    console.log(`pdf: ${rel}: ${pages} page(s), tagged: ${tagged}, ${fonts.length} font(s), ${chars} characters of text, ${treeSummary}` +
      (shows ? `; expected ${shows.keyFigures} key figure(s), ${shows.chartTitles.length} chart(s) + ${shows.breakdownTitles.length} breakdown(s), ${shows.quote ? 'a quote' : 'no quote'}` : ''));
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
