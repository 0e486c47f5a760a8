/**
 * The demo of `npm start` on an empty database, seeded on the day a user runs it. On 2026-11-27 the closed matters
 * of the demo were closed 32–45 days after their reply, before a review window that had rolled over National Day
 * ended — the lifecycle refused, and `npm start` stopped. The demo must seed whatever today is.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedDemo } from '../../src/services/seed.ts';
import { publicArticles } from '../../src/services/articles.ts';
import { listReceptions } from '../../src/services/reception-schedule.ts';
import pino from 'pino';
import { Pii } from '../../src/security/pii.ts';
import { createCtx, type Ctx } from '../../src/services/context.ts';
import { DIALECTS, freshStore, type TestStore } from '../helpers/db.ts';
import { Clock } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`demo seed (${dialect})`, () => {
    let store: TestStore;
    let ctx: Ctx;
    before(async () => {
      store = await freshStore(dialect);
      ctx = await createCtx({ store, pii: new Pii(Pii.generateKeys()), log: pino({ level: 'silent' }), now: new Clock('2026-11-27T01:08:41Z').now });
    });
    after(async () => { await store.drop(); });

    test('seeds every state on 2026-11-27 (review windows rolled over National Day), with the portal\'s articles and reception days', async () => {
      const s = await seedDemo(ctx, { matters: 300 });
      assert.equal(s.matters, 300);
      for (const status of ['registered', 'routed', 'accepted', 'declined', 'replied', 'underReview', 'reviewed', 'underReReview', 'terminated', 'closed']) {
        assert.ok((s.byStatus[status] ?? 0) > 0, `demo has ${status}: ${JSON.stringify(s.byStatus)}`);
      }
      const articles = await publicArticles(ctx, {});
      assert.equal(articles.total, 3);
      assert.deepEqual(articles.items.map((a) => a.kind).sort(), ['news', 'notice', 'policy']);
      // the next two weeks' published reception days: the ten workdays from 2026-11-30 to 2026-12-11
      const days = await listReceptions(ctx, null, {});
      assert.equal(days.length, 10);
      assert.ok(days.every((d) => d.date > '2026-11-27' && d.date <= '2026-12-11' && d.slots.length === 4));
    });
  });
}
