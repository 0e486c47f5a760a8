/**
 * The citizen portal (issue 4): the built React app in portal/dist served at `/`, every other path that is not a
 * file and not another part of the platform answered by index.html (client-side routing).
 *
 * Registered on the root instance for the reason web.routes.ts gives (route files live under the /api/v1 prefix;
 * `root.get()` takes the root's empty prefix). `GET /*` is the router's last resort: /admin/*, /video, /hall/board,
 * /api/docs and every /api/v1 route are more specific and win, so this handler only sees what nothing else
 * matched. Paths under those reserved prefixes get the API's own 404, never the portal page — a mistyped API
 * address must not answer 200 with HTML.
 *
 * Phones on a slow link are the audience, so the build writes .br and .gz copies of every text asset
 * (portal/vite.config.ts) and the matching copy is sent by Accept-Encoding; hashed assets are cached for a year,
 * index.html is revalidated. The build also writes preload.json (route → the page's chunks): the page sent for
 * such a route names them as modulepreload, so the page's own code downloads with the app, not after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeKey } from '../../../portal/src/routes.ts';
import type { App } from '../app.ts';
import { rootOf } from '../reception-static.ts';

export const PORTAL_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../portal/dist');

/** first path segments that belong to the rest of the platform: never the portal's fallback */
const RESERVED = new Set(['api', 'admin', 'video', 'hall']);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webp': 'image/webp', '.ico': 'image/x-icon', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

const MISSING = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>枫桥 群众门户 未构建</title>'
  + '<h1>群众门户尚未构建 The citizen portal is not built</h1><p>请在项目目录运行 Run in the project folder: '
  + '<code>npm run build:portal</code>（<code>npm install</code> 会自动构建 builds it too）</p></html>';

/** Whether an Accept-Encoding header takes `enc` (listed, and not with q=0). */
function accepts(header: string, enc: string): boolean {
  return header.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((x) => x.startsWith('q='));
    return name === enc && (!q || Number(q.slice(2)) > 0);
  });
}

/** The precompressed copy the client accepts (br before gzip), else the file itself. */
async function pick(file: string, acceptEncoding: string): Promise<{ file: string; size: number; encoding?: 'br' | 'gzip' }> {
  for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (!accepts(acceptEncoding, enc)) continue;
    const st = await fs.promises.stat(file + ext).catch(() => null);
    if (st?.isFile()) return { file: file + ext, size: st.size, encoding: enc };
  }
  const st = await fs.promises.stat(file).catch(() => null);
  return { file, size: st?.isFile() ? st.size : -1 };
}

/** Sends the file (false when it does not exist). Returns a boolean, not the reply: a reply is a thenable. */
async function send(req: FastifyRequest, reply: FastifyReply, file: string, type: string, cache: string): Promise<boolean> {
  const chosen = await pick(file, String(req.headers['accept-encoding'] ?? ''));
  if (chosen.size < 0) return false;
  reply.type(type).header('cache-control', cache).header('vary', 'accept-encoding').header('content-length', chosen.size);
  if (chosen.encoding) reply.header('content-encoding', chosen.encoding);
  void reply.send(fs.createReadStream(chosen.file));
  return true;
}

const CHUNK = /^\/assets\/[\w.-]+\.js$/;

/** route key → modulepreload links, read again whenever the build changes (its mtime) */
async function preloads(dist: string, cache: { mtimeMs: number; links: Map<string, string> }) {
  const file = path.join(dist, 'preload.json');
  const st = await fs.promises.stat(file).catch(() => null);
  if (!st) return new Map<string, string>();
  if (st.mtimeMs !== cache.mtimeMs) {
    const table = JSON.parse(await fs.promises.readFile(file, 'utf8')) as Record<string, string[]>;
    cache.links = new Map(Object.entries(table).map(([route, files]) => [
      route, files.filter((f) => CHUNK.test(f)).map((f) => `<link rel="modulepreload" crossorigin href="${f}">`).join(''),
    ]));
    cache.mtimeMs = st.mtimeMs;
  }
  return cache.links;
}

/** Serves a built portal from `dist` at the root of `root` (exported so a test can point it at a fixture). */
export function servePortal(root: FastifyInstance, dist: string): void {
  const index = path.join(dist, 'index.html');
  const cache = { mtimeMs: -1, links: new Map<string, string>() };
  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const links = (await preloads(dist, cache)).get(routeKey(req.url.split('?')[0] ?? '/'));
    const html = links ? await fs.promises.readFile(index, 'utf8').catch(() => null) : null;
    if (html) return reply.type(TYPES['.html']!).header('cache-control', 'no-cache').send(html.replace('</head>', `${links}</head>`));
    if (await send(req, reply, index, TYPES['.html']!, 'no-cache')) return reply;
    return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(MISSING);
  };

  root.get('/', { schema: { hide: true } }, page);
  root.get('/*', { schema: { hide: true } }, async (req, reply) => {
    let rel: string;
    try { rel = decodeURIComponent((req.url.split('?')[0] ?? '').slice(1)); } catch { return reply.callNotFound(); } // malformed %-escape
    if (RESERVED.has(rel.split('/')[0] ?? '')) return reply.callNotFound();
    const ext = path.extname(rel).toLowerCase();
    if (!ext) return page(req, reply); // a client-side route
    const file = path.resolve(dist, rel);
    // a missing asset is a 404, not the page: a stale tab asking for an old chunk must fail visibly
    const type = TYPES[ext];
    if (!file.startsWith(dist + path.sep) || !type) return reply.callNotFound();
    if (await send(req, reply, file, type, rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')) return reply;
    return reply.callNotFound();
  });
}

export default async function portalWebRoutes(app: App) {
  servePortal(rootOf(app as unknown as FastifyInstance), PORTAL_DIST);
}
