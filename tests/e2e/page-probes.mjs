// page-probes.mjs — the functions the browser checks run INSIDE the page (page.evaluate).
//
// Owns: reading the live DOM: the URLs a page references, its #fragment targets, its
// broken images, the smallest rendered chart (SVG) text, what sticks out sideways, and
// the elements that scroll sideways on their own (which must be labelled, focusable
// scroll regions).
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

/**
 * Whether the document scrolls sideways (WCAG 1.4.10 reflow): its scrollWidth is more than
 * one pixel wider than the viewport. Content inside an element that clips or scrolls on
 * its own (overflow-x other than visible, e.g. a `.table-scroll` region) does not widen
 * the document, and is not named as an offender; such scrolling elements are checked by
 * scrollRegionsInPage. Returns null, or { scrollWidth, viewport, offenders }.
 */
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
  const clipped = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== 'visible') return true;
    }
    return false;
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    const p = el.parentElement && el.parentElement.getBoundingClientRect();
    if (p && p.right > vw + 1) continue; // report the outermost element that sticks out
    if (clipped(el)) continue;
    offenders.push(`${cssPath(el)} (right edge at ${Math.round(r.right)}px)`);
    if (offenders.length >= 5) break;
  }
  return { scrollWidth: document.documentElement.scrollWidth, viewport: vw, offenders };
}

/**
 * The elements whose content is wider than they are and that let it scroll sideways
 * (overflow-x auto or scroll), e.g. a wide table in `.table-scroll`. Keyboard and screen
 * reader users can only reach such content when the element is a scroll region: focusable
 * (tabindex="0"), with role="region" and a name (aria-label or aria-labelledby). Returns
 * [{ where, html, scrollWidth, clientWidth, focusable, region, named }].
 */
export function scrollRegionsInPage() {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const ox = getComputedStyle(el).overflowX;
    if ((ox !== 'auto' && ox !== 'scroll') || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.getClientRects().length === 0) continue; // not rendered
    const label = (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent.trim() || '').join(' ').trim();
    out.push({
      where: el.id ? `${el.localName}#${el.id}` : `${el.localName}${el.classList.length ? '.' + [...el.classList].join('.') : ''}`,
      html: el.outerHTML.slice(0, 160),
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      focusable: el.tabIndex >= 0 && el.getAttribute('tabindex') !== null,
      region: el.getAttribute('role') === 'region',
      named: label !== '',
    });
  }
  return out;
}
