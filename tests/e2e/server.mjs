// server.mjs — the tiny static file server the browser checks run against.
//
// Owns: serving a built site folder from 127.0.0.1 on a free port, either at the
// domain root ("/") or under a sub-path prefix ("/sub/path/"), with the MIME types a
// static host would send, directory → index.html, "dir" → 301 "dir/", and unknown
// paths → 404 with the site's own 404.html when it has one. Nothing else: no caching,
// no compression, no rewriting. Uses only Node's built-in modules.
//
// Usage (library):  const srv = await startServer({ root, prefix: '/sub/path/' });
//                   srv.baseUrl  // "http://127.0.0.1:PORT/sub/path/"
//                   await srv.close();
// Usage (manual):   node server.mjs SITE_DIR [PREFIX]   (serves until Ctrl-C)

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file) {
  const base = path.basename(file);
  // feed.xml is an Atom feed: a real host should say so.
  if (base === 'feed.xml') return 'application/atom+xml; charset=utf-8';
  return MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function normalisePrefix(prefix) {
  let p = prefix || '/';
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/')) p += '/';
  return p;
}

/** Resolves a URL path to a file inside root, or null. Never escapes root. */
function resolveFile(root, relPath) {
  const target = path.resolve(root, '.' + path.posix.normalize('/' + relPath));
  if (target !== root && !target.startsWith(root + path.sep)) return null;
  return target;
}

export async function startServer({ root, prefix = '/', port = 0 } = {}) {
  const siteRoot = path.resolve(root);
  const base = normalisePrefix(prefix);
  const notFoundPage = path.join(siteRoot, '404.html');
  const log = []; // { method, url, status } of every request, for debugging

  const server = http.createServer((req, res) => {
    const send = (status, headers, body) => {
      log.push({ method: req.method, url: req.url, status });
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => {
      if (fs.existsSync(notFoundPage)) {
        send(404, { 'Content-Type': MIME_TYPES['.html'] }, fs.readFileSync(notFoundPage));
      } else {
        send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
      }
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'Method not allowed\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      send(400, { 'Content-Type': 'text/plain' }, 'Bad request\n');
      return;
    }
    // "/sub/path" without the slash → redirect to the prefix, like a real host.
    if (base !== '/' && pathname === base.slice(0, -1)) {
      send(301, { Location: base }, '');
      return;
    }
    if (!pathname.startsWith(base)) return notFound();

    const file = resolveFile(siteRoot, pathname.slice(base.length));
    if (!file) return notFound();
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound();
    }
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const u = new URL(req.url, 'http://127.0.0.1');
        send(301, { Location: encodeURI(pathname + '/') + u.search }, '');
        return;
      }
      const index = path.join(file, 'index.html');
      if (!fs.existsSync(index)) return notFound();
      send(200, { 'Content-Type': mimeType(index) }, fs.readFileSync(index));
      return;
    }
    send(200, { 'Content-Type': mimeType(file), 'Content-Length': stat.size }, fs.readFileSync(file));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;
  const origin = `http://127.0.0.1:${actualPort}`;
  return {
    origin,
    prefix: base,
    baseUrl: origin + base,
    log,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

// Manual use: node server.mjs SITE_DIR [PREFIX]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root, prefix] = process.argv.slice(2);
  if (!root) {
    console.error('usage: node server.mjs SITE_DIR [PREFIX]');
    process.exit(2);
  }
  const srv = await startServer({ root, prefix });
  console.log(`serving ${path.resolve(root)} at ${srv.baseUrl}`);
}
