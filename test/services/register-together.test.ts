/**
 * Registrations that arrive together (register-petition.ts `registerTogether`): on PostgreSQL they are written as
 * a group — one look-up, one statement — and each must still mean what it would alone: its own rows, codes, flags
 * and audit chain; a second petition by a person of the same group linked to the first as a repeat; a petition
 * joining an earlier matter; a duplicate idempotency key failing (or answering) alone without taking the group
 * down; the search index and the live announcements of every one. On SQLite on a file they are written in groups
 * too, by the writer thread, which first checks that what a group was decided on still holds; on SQLite in memory
 * the same calls go through the group commit. The test holds all three to the same answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startPetitionIndexer } from '../../src/jobs/scheduler.ts';
import { verifyAudit } from '../../src/services/audit-verify.ts';
import { registerPetition, registrationGroupStats, type RegisterInput, type Registered } from '../../src/services/register-petition.ts';
import { uploadAttachment } from '../../src/services/attachments.ts';
import type { MatterChange } from '../../src/store/live.ts';
import type { Tx } from '../../src/store/matter.repository.ts';
import pino from 'pino';
import { createCtx } from '../../src/services/context.ts';
import { openStore } from '../../src/store/db.ts';
import { STORES } from '../helpers/db.ts';
import { idNumber, platform, type Platform } from '../helpers/fixtures.ts';

for (const { name, dialect, file } of STORES) {
  describe(`registrations arriving together (${name})`, () => {
    let p: Platform;
    let registrar: { userId: number; unitId: number; roles: ['registrar'] };
    const heard: MatterChange[] = [];
    let unsubscribe: () => void;
    before(async () => {
      p = await platform(dialect, { now: '2019-10-15T02:00:00Z', file });
      registrar = { userId: p.userId('city.registrar'), unitId: p.unitId('city.bureau'), roles: ['registrar'] };
      unsubscribe = p.store.live.subscribe((c) => heard.push(c));
      await p.store.live.ready();
    });
    after(async () => { unsubscribe(); await p.close(); });

    let n = 0;
    const input = (over: Partial<RegisterInput> = {}): RegisterInput => {
      n++;
      return {
        channel: 'visit', receivedAt: '2019-10-14T01:00:00Z', title: `小区路灯损坏第${n}处`, content: `第${n}处路灯损坏已久，夜间出行不便，请尽快维修。`,
        petitioners: [{ name: `居民${n}`, idNumber: idNumber('440606', '19700101', String(100 + n).padStart(3, '0')), phone: `1380000${String(n).padStart(4, '0')}` }],
        regionCode: '440606005', ...over,
      };
    };
    /** announcements arrive after the commit, on a later tick (SQLite) or from the database (PostgreSQL) */
    const announced = async (matterIds: number[]) => {
      const deadline = Date.now() + 5000;
      const missing = () => matterIds.filter((id) => !heard.some((c) => c.id === id));
      while (missing().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return missing();
    };
    const outcome = async (r: Promise<Registered>) => { try { return await r; } catch (e) { return e as Error; } };

    test('forty at once: each its own matter, petition, petitioner, event and flags; the chains verify; each announced and searchable', async () => {
      const inputs = Array.from({ length: 40 }, () => input());
      const before = { ...registrationGroupStats(p.ctx) };
      const rs = await Promise.all(inputs.map((i) => registerPetition(p.ctx, registrar, i)));
      assert.equal(new Set(rs.map((r) => r.id)).size, 40);
      const grouped = registrationGroupStats(p.ctx).grouped - before.grouped;
      // PostgreSQL and SQLite on a file write them in groups (the first alone, the rest together); SQLite in memory
      // has no writer thread, and its group commit takes them
      if (dialect === 'postgres' || file) assert.ok(grouped >= 30, `grouped ${grouped}`);
      else assert.equal(grouped, 0);
      assert.equal(new Set(rs.map((r) => r.matterId)).size, 40);
      assert.equal(new Set(rs.map((r) => r.code)).size, 40);
      for (const [i, r] of rs.entries()) {
        assert.equal(r.status, 'registered');
        assert.deepEqual(r.flags, ['firstTime']);
        assert.equal(r.isRepeat, false);
        assert.match(r.code, /^XF20191014\d{7}$/);
        const pet = await p.store.db.selectFrom('petitions').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
        assert.equal(pet.title, inputs[i]!.title);
        assert.equal(Number(pet.matterId), r.matterId);
        const people = await p.store.db.selectFrom('petitioners').selectAll().where('petitionId', '=', r.id).execute();
        assert.equal(people.length, 1);
        assert.equal(p.ctx.pii.decrypt(people[0]!.idEnc!), inputs[i]!.petitioners[0]!.idNumber);
        const m = await p.store.db.selectFrom('matters').selectAll().where('id', '=', r.matterId).executeTakeFirstOrThrow();
        assert.equal(m.status, 'registered');
        assert.deepEqual(JSON.parse(m.deadlines), r.deadlines);
        const events = await p.store.db.selectFrom('events').selectAll().where('matterId', '=', r.matterId).execute();
        assert.equal(events.length, 1);
        assert.equal(JSON.parse(events[0]!.data).petitionCode, r.code);
      }
      const audit = await verifyAudit(p.ctx);
      assert.deepEqual(audit.breaks, []);
      assert.deepEqual(await announced(rs.map((r) => r.matterId)), []);
      for (const r of rs) assert.ok(heard.some((c) => c.id === r.matterId && c.version === 1 && c.status === 'registered'));
      const docs = await p.store.db.selectFrom('textDocs').select('sourceId').where('kind', '=', 'petition').where('sourceId', 'in', rs.map((r) => r.id)).execute();
      assert.equal(docs.length, 40);
    });

    test('the same person twice in one group: the second joins the first as a repeat; an earlier matter is joined', async () => {
      const before = input({ title: '楼上漏水无人处理' });
      const earlier = await registerPetition(p.ctx, registrar, before);
      const same = input();
      const again = { ...same, receivedAt: '2019-10-14T02:00:00Z' };
      // the person of the earlier matter, on its subject again: the petition joins that open matter
      const joining = input({ title: '楼上漏水无人处理', petitioners: before.petitioners });
      const others = Array.from({ length: 6 }, () => input());
      const rs = await Promise.all([same, ...others, again, joining].map((i) => registerPetition(p.ctx, registrar, i)));
      const [first, second, joined] = [rs[0]!, rs[7]!, rs[8]!];
      assert.deepEqual(first.flags, ['firstTime']);
      assert.equal(second.matterId, first.matterId, 'the second petition joins the first one\'s matter');
      assert.equal(second.isRepeat, true);
      assert.ok(second.flags.includes('repeat'));
      assert.equal(joined.matterId, earlier.matterId);
      assert.ok(joined.flags.includes('repeat'));
      const m = await p.store.db.selectFrom('matters').select(['petitionCount', 'version']).where('id', '=', first.matterId).executeTakeFirstOrThrow();
      assert.equal(Number(m.petitionCount), 2);
      assert.equal(Number(m.version), 2);
      assert.deepEqual((await verifyAudit(p.ctx)).breaks, []);
    });

    test('the same person in the next group, sent while the first is being written: linked to the first as a repeat', async () => {
      const person = input();
      const first = Array.from({ length: 40 }, (_, i) => (i === 3 ? person : input())).map((i) => registerPetition(p.ctx, registrar, i));
      // the first group's look-up is on its way; these arrive behind it
      await new Promise((r) => setImmediate(r));
      const again = { ...person, receivedAt: '2019-10-14T03:00:00Z' };
      const second = [input(), again, input(), input()].map((i) => registerPetition(p.ctx, registrar, i));
      const [a, b] = [(await Promise.all(first))[3]!, (await Promise.all(second))[1]!];
      assert.equal(b.matterId, a.matterId, 'the later petition joins the earlier one\'s matter');
      assert.equal(b.isRepeat, true);
      assert.ok(b.flags.includes('repeat'));
      assert.deepEqual((await verifyAudit(p.ctx)).breaks, []);
    });

    test('a petition with a file waits its turn too: the same person\'s earlier petition in flight is found', async () => {
      const person = input();
      const file = await uploadAttachment(p.ctx, { name: '现场.pdf', data: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') }, { source: 'staff', userId: registrar.userId });
      const first = Array.from({ length: 40 }, (_, i) => (i === 5 ? person : input())).map((i) => registerPetition(p.ctx, registrar, i));
      const withFile = registerPetition(p.ctx, registrar, { ...person, receivedAt: '2019-10-14T04:00:00Z', attachments: [file.token] });
      const [a, b] = [(await Promise.all(first))[5]!, await withFile];
      assert.equal(b.matterId, a.matterId);
      assert.equal(b.isRepeat, true);
      const joined = await p.store.db.selectFrom('attachments').select(['petitionId']).where('petitionId', '=', b.id).execute();
      assert.equal(joined.length, 1, 'the file is joined to the petition');
      assert.deepEqual((await verifyAudit(p.ctx)).breaks, []);
    });

    test('a duplicate idempotency key fails nobody else: the repeat answers with the first petition', async () => {
      const keyed = input({ idempotencyKey: `k-${dialect}-1` });
      const rs = await Promise.all([input(), keyed, input(), { ...keyed }, input()].map((i) => outcome(registerPetition(p.ctx, registrar, i))));
      for (const r of rs) assert.ok(!(r instanceof Error), String(r));
      const ok = rs as Registered[];
      assert.equal(ok[1]!.id, ok[3]!.id, 'one petition for the key');
      assert.equal(new Set(ok.map((r) => r.id)).size, 4);
      const count = await p.store.db.selectFrom('petitions').select((eb) => eb.fn.countAll().as('n')).where('idempotencyKey', '=', `k-${dialect}-1`).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    });

    test('a group whose statement fails writes nothing of it; each is tried alone and only the one at fault fails', async () => {
      // a fault the database raises for one petition (a trigger installed by the test, dropped after it)
      if (dialect === 'postgres') {
        await sql`create function fq_test_fault() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`.execute(p.store.db);
        await sql`create trigger fq_test_fault before insert on petitions for each row when (new.title = '注入故障') execute function fq_test_fault()`.execute(p.store.db);
      } else {
        await sql`create trigger fq_test_fault before insert on petitions when new.title = '注入故障' begin select raise(abort, 'injected fault'); end`.execute(p.store.db);
      }
      try {
        const retried = registrationGroupStats(p.ctx).retriedAlone;
        const inputs = [input(), input(), input({ title: '注入故障' }), input(), input()];
        const rs = await Promise.all(inputs.map((i) => outcome(registerPetition(p.ctx, registrar, i))));
        assert.match(String(rs[2]), /injected fault/);
        for (const i of [0, 1, 3, 4]) assert.ok(!(rs[i] instanceof Error), String(rs[i]));
        const titles = await p.store.db.selectFrom('petitions').select('title').where('title', 'in', inputs.map((i) => i.title)).execute();
        assert.deepEqual(titles.map((t) => t.title).sort(), [0, 1, 3, 4].map((i) => inputs[i]!.title).sort());
        // no matter, petitioner or event of the failed one either: every matter has its petition
        const orphans = await sql<{ n: number }>`select count(*) as n from matters m where not exists (select 1 from petitions p where p.matter_id = m.id)`.execute(p.store.db);
        assert.equal(Number(orphans.rows[0]!.n), 0);
        if (dialect === 'postgres' || file) assert.equal(registrationGroupStats(p.ctx).retriedAlone, retried + 1);
        assert.deepEqual((await verifyAudit(p.ctx)).breaks, []);
      } finally {
        await sql`drop trigger fq_test_fault${sql.raw(dialect === 'postgres' ? ' on petitions' : '')}`.execute(p.store.db);
      }
    });

    /**
     * A transaction of the request thread held open: `first` runs in it (taking SQLite's write lock), then it waits until
     * `release()`, then `then` runs and it commits (or, if `then` throws, rolls back). A group decided meanwhile is looked
     * up inside it, and its batch waits for it.
     */
    const heldOpen = async (first: (tx: Tx) => Promise<unknown>, then: (tx: Tx) => Promise<unknown>) => {
      let release!: () => void;
      const released = new Promise<void>((r) => { release = r; });
      let entered!: () => void;
      const inside = new Promise<void>((r) => { entered = r; });
      const done = p.store.write(async (tx) => { await first(tx); entered(); await released; await then(tx); });
      await inside;
      return { release, done };
    };
    /** Registers these at once, and waits until their group has been decided (and its batch waits for a held transaction). */
    const decidedTogether = async (inputs: RegisterInput[]) => {
      const rs = inputs.map((i) => registerPetition(p.ctx, registrar, i));
      await new Promise((r) => setTimeout(r, 100));
      return rs;
    };

    test('a group decided on a change that is then rolled back: the writer finds the matter as it was, and the petition goes again alone and joins it', { skip: !file }, async () => {
      // SQLite on a file: the group's look-up runs on the request thread's connection, here inside a transaction that
      // has closed the person's matter and has not committed; the writer thread reads the committed matter again
      const person = input({ title: '小区停车位被占用' });
      const earlier = await registerPetition(p.ctx, registrar, person);
      const retried = registrationGroupStats(p.ctx).retriedAlone;
      const held = await heldOpen(
        (tx) => tx.updateTable('matters').set({ status: 'closed', version: 99 }).where('id', '=', earlier.matterId).execute(),
        async () => { throw new Error('rolled back'); },
      );
      const rs = await decidedTogether([input(), { ...person, receivedAt: '2019-10-14T06:00:00Z' }, input()]);
      held.release();
      await assert.rejects(held.done, /rolled back/);
      const again = (await Promise.all(rs))[1]!;
      assert.equal(again.matterId, earlier.matterId, 'joined to the open matter, as the committed rows say');
      assert.equal(again.isRepeat, true);
      assert.equal(registrationGroupStats(p.ctx).retriedAlone, retried + 1);
      const m = await p.store.db.selectFrom('matters').select(['status', 'petitionCount']).where('id', '=', earlier.matterId).executeTakeFirstOrThrow();
      assert.equal(m.status, 'registered');
      assert.equal(Number(m.petitionCount), 2);
      assert.deepEqual((await verifyAudit(p.ctx)).breaks, []);
    });

    test('a group decided on a person as new, whose first petition is committed before the writer comes to it: found, and the petition goes again alone and joins it', { skip: !file }, async () => {
      // the look-up finds the person new; the held transaction then writes them as a petitioner of an open matter of the
      // same subject and commits, before the writer's turn
      const other = await registerPetition(p.ctx, registrar, input({ title: '楼道堆放杂物' }));
      const person = input({ title: '楼道堆放杂物' }); // the same subject: a repeat joins the open matter
      const idHash = p.ctx.pii.hash('id', person.petitioners[0]!.idNumber!);
      const retried = registrationGroupStats(p.ctx).retriedAlone;
      const held = await heldOpen(
        (tx) => tx.updateTable('matters').set({ updatedAt: '2019-10-15T02:00:00.000Z' }).where('id', '=', other.matterId).execute(),
        (tx) => tx.insertInto('petitioners').values({ petitionId: other.id, position: 2, name: '居民', idHash, isRepresentative: 0 }).execute(),
      );
      const rs = await decidedTogether([input(), person, input()]);
      held.release();
      await held.done;
      const r = (await Promise.all(rs))[1]!;
      assert.equal(r.matterId, other.matterId, 'joined to the matter the committed rows show the person in');
      assert.equal(r.isRepeat, true);
      assert.equal(registrationGroupStats(p.ctx).retriedAlone, retried + 1);
      assert.deepEqual((await verifyAudit(p.ctx)).breaks, []);
    });

    test('/metrics counts the groups where registrations are written in groups', async () => {
      const body = (await p.app.inject({ method: 'GET', url: '/api/v1/metrics' })).body;
      const g = registrationGroupStats(p.ctx);
      if (dialect === 'sqlite' && !file) assert.doesNotMatch(body, /fengqiao_registration_groups_total/);
      else {
        assert.ok(g.groups > 0);
        assert.match(body, new RegExp(`^fengqiao_registration_groups_total ${g.groups}$`, 'm'));
        assert.match(body, new RegExp(`^fengqiao_registrations_grouped_total ${g.grouped}$`, 'm'));
      }
    });

    test('two processes on one database register the same people at the same moment: each later petition is linked as a repeat', { skip: dialect !== 'postgres' }, async () => {
      // a second server process: its own pool and its own queue of groups, on the same database and keys
      const store2 = openStore(p.store.url, { poolSize: 4 });
      const ctx2 = await createCtx({ store: store2, pii: p.ctx.pii, log: pino({ level: 'silent' }), now: p.clock.now });
      try {
        for (let round = 0; round < 6; round++) {
          const people = Array.from({ length: 12 }, () => input());
          const mine = people.map((i) => registerPetition(p.ctx, registrar, i));
          const theirs = people.map((i) => registerPetition(ctx2, registrar, { ...i, receivedAt: '2019-10-14T05:00:00Z' }));
          // each process also has others in its groups
          const fill = Array.from({ length: 8 }, () => [registerPetition(p.ctx, registrar, input()), registerPetition(ctx2, registrar, input())]).flat();
          const [a, b] = await Promise.all([Promise.all(mine), Promise.all(theirs), Promise.all(fill)]);
          for (const [i, x] of a.entries()) {
            const y = b[i]!;
            assert.equal(x.matterId, y.matterId, `round ${round}, person ${i}: one matter for both petitions`);
            assert.equal([x.isRepeat, y.isRepeat].filter(Boolean).length, 1, `round ${round}, person ${i}: exactly one is the repeat`);
          }
        }
        assert.deepEqual((await verifyAudit(p.ctx)).breaks, []);
      } finally {
        await store2.close();
      }
    });

    test('with the petition indexer running, a group hands its index rows over and they are written', async () => {
      const indexer = startPetitionIndexer(p.ctx);
      try {
        const rs = await Promise.all(Array.from({ length: 12 }, () => registerPetition(p.ctx, registrar, input())));
        await indexer.drained();
        const docs = await p.store.db.selectFrom('textDocs').select('sourceId').where('kind', '=', 'petition').where('sourceId', 'in', rs.map((r) => r.id)).execute();
        assert.equal(docs.length, 12);
        assert.deepEqual(await announced(rs.map((r) => r.matterId)), []);
      } finally {
        indexer.stop();
      }
    });
  });
}
