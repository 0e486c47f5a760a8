/**
 * The citizen portal's server side that is not the public API proper: the page served at / with its client-side
 * routes (portal-web.routes.ts, on a fixture build) and the public region list for the district/town picker.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { servePortal } from '../../src/http/routes/portal-web.routes.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

describe('portal page at / (fixture build)', () => {
  let dir: string;
  let app: FastifyInstance;
  const js = `console.log(${JSON.stringify('枫桥'.repeat(300))});`;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-portal-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>');
    fs.writeFileSync(path.join(dir, 'preload.json'), JSON.stringify({
      '/petition': ['/assets/Petition-1.js', '/assets/shared-1.js'], '/articles/:id': ['/assets/Article-1.js'], '/progress': ['"><script>x</script>'],
    }));
    fs.writeFileSync(path.join(dir, 'assets', 'app-1.js'), js);
    fs.writeFileSync(path.join(dir, 'assets', 'app-1.js.br'), zlib.brotliCompressSync(js));
    fs.writeFileSync(path.join(dir, 'assets', 'app-1.js.gz'), zlib.gzipSync(js));
    app = Fastify();
    app.get('/api/v1/health', async () => ({ ok: true }));
    app.get('/admin/*', async () => 'workbench');
    servePortal(app, dir);
    await app.ready();
  });
  after(async () => { await app.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  test('/ and client-side routes answer the page, revalidated', async () => {
    for (const url of ['/', '/petition', '/progress?x=1', '/articles/12']) {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, 200, url);
      assert.match(r.headers['content-type'] as string, /^text\/html/);
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.match(r.body, /<div id="root">/);
    }
  });

  test('a route whose page has its own chunks names them as modulepreload; others get the page as built', async () => {
    const petition = (await app.inject({ url: '/petition?from=home' })).body;
    assert.match(petition, /<link rel="modulepreload" crossorigin href="\/assets\/Petition-1\.js"><link rel="modulepreload" crossorigin href="\/assets\/shared-1\.js"><\/head>/);
    assert.match((await app.inject({ url: '/articles/42' })).body, /href="\/assets\/Article-1\.js"/);
    assert.doesNotMatch((await app.inject({ url: '/' })).body, /modulepreload/);
    // only chunk paths of the build's own shape are ever written into the page
    assert.doesNotMatch((await app.inject({ url: '/progress' })).body, /<script>x/);
  });

  test('hashed assets: brotli or gzip as accepted, else plain; cached for a year', async () => {
    const br = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), js);
    const gz = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), js);
    const plain = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, js);
    assert.equal(Number(plain.headers['content-length']), Buffer.byteLength(js));
  });

  test('a missing asset, a path outside the build and the other parts of the platform never get the page', async () => {
    assert.equal((await app.inject({ url: '/assets/missing-chunk.js' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/..%2f..%2fetc%2fpasswd.txt' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/api/v1/no-such-route' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/video/unknown' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/hall/unknown' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/api/v1/health' })).json().ok, true);
    assert.equal((await app.inject({ url: '/admin/matters' })).body, 'workbench');
  });

  test('without a build, / says how to build it (503)', async () => {
    const bare = Fastify();
    servePortal(bare, path.join(dir, 'nothing-here'));
    const r = await bare.inject({ url: '/progress' });
    assert.equal(r.statusCode, 503);
    assert.match(r.body, /npm run build:portal/);
    await bare.close();
  });
});

for (const dialect of DIALECTS) {
  describe(`public regions for the portal's picker (${dialect})`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect); });
    after(async () => { await p.close(); });

    test('no login: the city, its five districts and their towns, each town under a district', async () => {
      const r = await p.app.inject({ url: '/api/v1/public/regions' });
      assert.equal(r.statusCode, 200);
      const rows = r.json() as { code: string; name: string; level: string; parentCode: string | null }[];
      const districts = rows.filter((x) => x.level === 'district');
      assert.deepEqual(districts.map((d) => d.name).sort(), ['三水区', '南海区', '禅城区', '顺德区', '高明区'].sort());
      const towns = rows.filter((x) => x.level === 'town');
      assert.ok(towns.length >= 30, `${towns.length} towns`);
      const districtCodes = new Set(districts.map((d) => d.code));
      assert.ok(towns.every((t) => t.parentCode && districtCodes.has(t.parentCode) && /^\d{9}$/.test(t.code)));
      assert.deepEqual(Object.keys(rows[0]!).sort(), ['code', 'level', 'name', 'parentCode']);
    });
  });
}
