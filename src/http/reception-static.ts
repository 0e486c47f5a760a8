/**
 * The reception pages (issue 8) are self-contained static files (no build step) in src/http/static, served at the
 * root (/video, /hall/board) from route files that are registered under /api/v1: `root.get()` on the root instance
 * takes its empty prefix (the same approach as web.routes.ts, see there).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

export function rootOf(app: FastifyInstance): FastifyInstance {
  let inst: FastifyInstance = app;
  while (inst.prefix !== '') {
    const parent = Object.getPrototypeOf(inst) as FastifyInstance | null;
    if (!parent || typeof parent.get !== 'function') break;
    inst = parent;
  }
  return inst;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Serves one file of src/http/static at a root path. */
export function serveStatic(root: FastifyInstance, url: string, file: string): void {
  const full = path.join(STATIC_DIR, file);
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  root.get(url, { schema: { hide: true } }, async (_req, reply) => reply.type(type).header('cache-control', 'no-cache').send(await fs.promises.readFile(full)));
}
