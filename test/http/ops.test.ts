import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`operations endpoints (${dialect})`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect); });
    after(async () => { await p.close(); });

    test('health answers without the database; ready reports the migrations applied', async () => {
      const h = await p.app.inject({ method: 'GET', url: '/api/v1/ops/health' });
      assert.equal(h.statusCode, 200);
      assert.equal(h.json().ok, true);
      const r = await p.app.inject({ method: 'GET', url: '/api/v1/ops/ready' });
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().ready, true);
      assert.deepEqual(r.json().migrations.pending, []);
    });

    test('ready says 503 while a migration is missing', async () => {
      const last = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC`.execute(p.store.db)).rows[0]!.name;
      await sql`DELETE FROM kysely_migration WHERE name = ${last}`.execute(p.store.db);
      try {
        const r = await p.app.inject({ method: 'GET', url: '/api/v1/ops/ready' });
        assert.equal(r.statusCode, 503);
        assert.deepEqual(r.json().migrations.pending, [last]);
      } finally {
        await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${last}, ${new Date().toISOString()})`.execute(p.store.db);
      }
    });

    test('metrics count requests by route and status, with a latency histogram and overdue gauge', async () => {
      await p.app.inject({ method: 'GET', url: '/api/v1/matters' });
      await p.app.inject({ method: 'GET', url: '/api/v1/matters' });
      const m = await p.app.inject({ method: 'GET', url: '/api/v1/metrics' });
      assert.equal(m.statusCode, 200);
      assert.match(m.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
      assert.match(m.body, /fengqiao_http_requests_total\{method="GET",route="\/api\/v1\/matters",status="401"\} 2/);
      assert.match(m.body, /fengqiao_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/matters"\} 2/);
      assert.match(m.body, /fengqiao_matters_overdue \d+/);
    });

    test('with FENGQIAO_METRICS_TOKEN set, a scrape without it is refused', async () => {
      process.env.FENGQIAO_METRICS_TOKEN = 'scrape-secret';
      try {
        assert.equal((await p.app.inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode, 401);
        assert.equal((await p.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { authorization: 'Bearer scrape-secret' } })).statusCode, 200);
      } finally {
        delete process.env.FENGQIAO_METRICS_TOKEN;
      }
    });
  });
}
