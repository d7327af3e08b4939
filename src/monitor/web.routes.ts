// The built pages (web/dist, made by `npm run build`, which `npm ci` runs): the monitor at /, the console at
// /console, hashed assets under /assets/ cached for a year. Files are read once at start-up into memory, and only
// those files are served, so no request path ever reaches the file system.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../core/index.js';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The pages' policy: nothing from elsewhere, no inline script or style, no framing. */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.webmanifest': 'application/manifest+json',
};

interface WebFile { body: Buffer; br: Buffer | null; gzip: Buffer | null; type: string; immutable: boolean }

const COMPRESSIBLE = /^(text\/|application\/(json|manifest)|image\/svg)/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Every built file by URL path; empty when the pages are not built. */
export function loadWebFiles(dir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  let paths: string[];
  try {
    paths = walk(dir);
  } catch {
    return files;
  }
  for (const p of paths) {
    const url = `/${relative(dir, p).split(sep).join('/')}`;
    const body = readFileSync(p);
    const type = TYPES[extname(p)] ?? 'application/octet-stream';
    // Compressed once here (the chart library is ~570 kB, ~190 kB gzipped, less with brotli), not per request.
    const squeeze = COMPRESSIBLE.test(type) && body.length > 1024;
    files.set(url, {
      body, type, immutable: url.startsWith('/assets/'),
      br: squeeze ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }) : null,
      gzip: squeeze ? gzipSync(body, { level: 9 }) : null,
    });
  }
  return files;
}

/** The smallest encoding the client accepts. */
function send(req: FastifyRequest, reply: FastifyReply, f: WebFile): FastifyReply {
  const accept = String(req.headers['accept-encoding'] ?? '');
  reply.type(f.type).header('vary', 'accept-encoding');
  if (f.br && /\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(f.br);
  if (f.gzip && /\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(f.gzip);
  return reply.send(f.body);
}

const NOT_BUILT = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>mamoru</title>
<h1>ページがまだビルドされていません / The pages are not built</h1><p><code>npm run build</code></p></html>`;

export const webRoutes: FastifyPluginAsync<{ dir?: string; logger: Logger }> = async (app, opts) => {
  const files = loadWebFiles(opts.dir ?? WEB_DIST);
  if (files.size === 0) opts.logger.warn({ dir: opts.dir ?? WEB_DIST }, 'the web pages are not built (npm run build): / and /console answer 503');
  const page = (file: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    const f = files.get(file);
    reply.header('content-security-policy', PAGE_CSP).header('cache-control', 'no-cache');
    if (!f) return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return send(req, reply, f);
  };
  app.get('/', { schema: { hide: true } }, page('/index.html'));
  app.get('/console', { schema: { hide: true } }, page('/console.html'));
  for (const [url, f] of files) {
    if (url.endsWith('.html')) continue;
    app.get(url, { schema: { hide: true } }, async (req, reply) =>
      send(req, reply.header('cache-control', f.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300'), f));
  }
};
