// The citizen portal build (issue 4): portal/ → portal/dist, served by the platform at / (src/http/routes/portal-web.routes.ts).
// Plain React and our own CSS, no component library: the audience is phones on mobile networks (docs/PORTAL.md).
// Every text asset is also written as .br and .gz so the server sends it compressed without compressing per request.
import { defineConfig, type Plugin } from 'vite';
import { PAGE_OF_PATH } from './src/routes.ts';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'dist');

function precompress(): Plugin {
  return {
    name: 'fq-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json|webmanifest|txt)$/.test(f))) {
        const data = fs.readFileSync(file);
        if (data.length < 512) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

/** dist/preload.json: route key → the chunk files (the page's and what it imports, minus the app's entry chunk)
 * that the server names as modulepreload in the HTML of that route (src/http/routes/portal-web.routes.ts). */
function pagePreloads(): Plugin {
  return {
    name: 'fq-page-preloads',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = new Set(chunks.filter((c) => c.isEntry).map((c) => c.fileName));
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (file: string, seen = new Set<string>()): Set<string> => {
        if (seen.has(file) || entry.has(file)) return seen;
        seen.add(file);
        for (const dep of byFile.get(file)?.imports ?? []) closure(dep, seen);
        return seen;
      };
      const preload: Record<string, string[]> = {};
      for (const [route, page] of Object.entries(PAGE_OF_PATH)) {
        const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/src/pages/${page}.tsx`) && !entry.has(c.fileName));
        if (chunk) preload[route] = [...closure(chunk.fileName)].map((f) => `/${f}`);
      }
      this.emitFile({ type: 'asset', fileName: 'preload.json', source: JSON.stringify(preload) });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), pagePreloads(), precompress()],
  build: { outDir, emptyOutDir: true, target: 'es2020', cssCodeSplit: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
