// page-probes.mjs — the functions the browser checks run INSIDE the page (page.evaluate).
//
// Owns: reading the live DOM: the URLs a page references, its #fragment targets, its
// broken images, the smallest rendered chart (SVG) text, and what sticks out sideways.
// Each function is self-contained (no imports, no closures): Playwright serialises it
// into the page, so it can only use the DOM.

/** Collects every URL a page references, resolved against the document base. */
export function collectLinksInPage() {
  const out = [];
  const add = (kind, raw) => {
    if (raw == null) return;
    const v = String(raw).trim();
    if (v === '') { out.push({ kind, raw: v, url: document.baseURI }); return; }
    try { out.push({ kind, raw: v, url: new URL(v, document.baseURI).href }); } catch {
      out.push({ kind, raw: v, url: null });
    }
  };
  const srcset = (kind, v) => {
    if (!v) return;
    for (const part of v.split(/,\s+/)) add(kind, part.trim().split(/\s+/)[0]);
  };
  document.querySelectorAll('a[href], area[href]').forEach((e) => add('a[href]', e.getAttribute('href')));
  document.querySelectorAll('link[href]').forEach((e) => add(`link[rel=${e.getAttribute('rel') || ''}]`, e.getAttribute('href')));
  document.querySelectorAll('img[src]').forEach((e) => add('img[src]', e.getAttribute('src')));
  document.querySelectorAll('img[srcset]').forEach((e) => srcset('img[srcset]', e.getAttribute('srcset')));
  document.querySelectorAll('source[srcset]').forEach((e) => srcset('source[srcset]', e.getAttribute('srcset')));
  document.querySelectorAll('source[src], video[src], audio[src], track[src], iframe[src], embed[src]')
    .forEach((e) => add(`${e.localName}[src]`, e.getAttribute('src')));
  document.querySelectorAll('video[poster]').forEach((e) => add('video[poster]', e.getAttribute('poster')));
  document.querySelectorAll('object[data]').forEach((e) => add('object[data]', e.getAttribute('data')));
  document.querySelectorAll('script[src]').forEach((e) => add('script[src]', e.getAttribute('src')));
  document.querySelectorAll('svg use[href], svg use[*|href]').forEach((e) =>
    add('svg use[href]', e.getAttribute('href') || e.getAttribute('xlink:href')));
  return out;
}

export function anchorsInPage() {
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  const names = [...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name'));
  return [...ids, ...names];
}

export async function brokenImagesInPage() {
  const imgs = [...document.images];
  for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
  await Promise.all(imgs.map((img) => (img.complete ? null : new Promise((r) => {
    img.addEventListener('load', r, { once: true });
    img.addEventListener('error', r, { once: true });
    setTimeout(r, 5000);
  }))));
  return imgs.filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => ({ src: img.currentSrc || img.getAttribute('src') || '', html: img.outerHTML.slice(0, 200) }));
}

export function smallestSvgTextInPage() {
  let min = Infinity;
  let count = 0;
  for (const t of document.querySelectorAll('svg text')) {
    const ctm = t.getScreenCTM();
    if (!ctm || !t.textContent.trim()) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
    if (px < min) min = px;
    count += 1;
  }
  return count ? { min: Math.round(min * 10) / 10, count } : null;
}

export function overflowInPage() {
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= vw + 1) return null;
  const cssPath = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.localName;
      if (e.id) { parts.unshift(`${s}#${e.id}`); break; }
      if (e.classList.length) s += '.' + [...e.classList].slice(0, 2).join('.');
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    const p = el.parentElement && el.parentElement.getBoundingClientRect();
    if (p && p.right > vw + 1) continue; // report the outermost element that sticks out
    offenders.push(`${cssPath(el)} (right edge at ${Math.round(r.right)}px)`);
    if (offenders.length >= 5) break;
  }
  return { scrollWidth: document.documentElement.scrollWidth, viewport: vw, offenders };
}
