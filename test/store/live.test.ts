/**
 * The live-update carrier (store/live.ts) on both databases: a published change reaches subscribers after
 * `ready()`; on PostgreSQL a lost LISTEN connection is reopened and the subscribers are told that announcements
 * may have been missed (then hear the next ones); nothing is heard after unsubscribing.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';
import type { MatterChange } from '../../src/store/live.ts';

const change = (id: number): MatterChange => ({ id, version: 2, status: 'accepted', units: [3, 7], accusedUnitId: null });

async function until(what: string, ok: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const dialect of DIALECTS) {
  describe(`live channel (${dialect})`, () => {
    let store: TestStore;
    before(async () => { store = await freshStore(dialect); });
    after(async () => { await store.drop(); });

    test('subscribers hear published changes, gaps are reported, nothing after unsubscribing', async () => {
      const heard: MatterChange[] = [];
      let gaps = 0;
      const off = store.live.subscribe((c) => heard.push(c), () => { gaps++; });
      await store.live.ready();
      await store.live.publish(change(1));
      await until('the first change', () => heard.length === 1);
      assert.deepEqual(heard[0], change(1));
      if (dialect === 'postgres') {
        // the server ends the listening connection (a restart, a failover): it is reopened and a gap is reported
        const ended = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = current_database() and query ilike 'listen %'`.execute(store.db);
        assert.equal(ended.rows[0]!.n, 1);
        await until('the gap', () => gaps === 1);
        await store.live.publish(change(2));
        await until('the change after the gap', () => heard.length === 2);
        assert.equal(heard[1]!.id, 2);
      }
      off();
      await store.live.publish(change(3));
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(heard.map((c) => c.id), dialect === 'postgres' ? [1, 2] : [1]);
    });
  });
}
