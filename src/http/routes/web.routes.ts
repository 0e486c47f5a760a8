/**
 * The staff workbench (issue 3): the built React app in web/dist served at /admin, with every /admin/* path that
 * is not a file answered by index.html (client-side routing). `/` stays with the citizen portal.
 *
 * Route files are registered under the /api/v1 prefix (app.ts), and a plugin registered from inside lands in the
 * plugin being loaded (avvio), so neither a nested register nor @fastify/static can leave the prefix. Routes can:
 * `root.get()` on the root instance (found up the encapsulation chain: Fastify builds each plugin context with
 * Object.create(parent)) takes the root's empty prefix. The files are therefore served here directly: hashed
 * assets with a year's immutable cache, index.html revalidated, paths confined to web/dist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

function rootOf(app: FastifyInstance): FastifyInstance {
  let inst: FastifyInstance = app;
  while (inst.prefix !== '') {
    const parent = Object.getPrototypeOf(inst) as FastifyInstance | null;
    if (!parent || typeof parent.get !== 'function') break;
    inst = parent;
  }
  return inst;
}

const MISSING = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>枫桥工作台 未构建</title>'
  + '<h1>工作台尚未构建 The workbench is not built</h1><p>请在项目目录运行 Run in the project folder: <code>npm run build:web</code>'
  + '（<code>npm install</code> 会自动构建 builds it too）</p></html>';

export default async function webRoutes(app: App) {
  const root = rootOf(app as unknown as FastifyInstance);
  const index = path.join(WEB_DIST, 'index.html');

  const page = async (reply: FastifyReply) => {
    if (!fs.existsSync(index)) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(MISSING);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(await fs.promises.readFile(index));
  };

  root.get('/admin', { schema: { hide: true } }, async (_req, reply) => page(reply));
  root.get('/admin/*', { schema: { hide: true } }, async (req: FastifyRequest, reply) => {
    const rel = decodeURIComponent((req.url.split('?')[0] ?? '').slice('/admin/'.length));
    const ext = path.extname(rel).toLowerCase();
    if (!ext) return page(reply); // a client-side route
    const file = path.resolve(WEB_DIST, rel);
    // a missing asset is a 404, not the page: a stale tab asking for an old chunk must fail visibly
    if (!file.startsWith(WEB_DIST + path.sep) || !TYPES[ext]) return reply.status(404).type('text/plain; charset=utf-8').send('not found');
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) return reply.status(404).type('text/plain; charset=utf-8').send('not found');
    return reply.type(TYPES[ext]).header('content-length', stat.size)
      .header('cache-control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(fs.createReadStream(file));
  });
}
