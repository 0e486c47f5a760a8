import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerPetition } from '../../src/services/register-petition.ts';
import { catchUp, REQUEST_CATCH_UP } from '../../src/services/text-search.ts';
import { refreshCodeStats } from '../../src/text/stats.ts';
import { petitionText } from '../../src/text/index-writer.ts';
import { jaccardWith, shingleCodes } from '../../src/text/tokenize.ts';
import { estimateJaccard, sketchOf } from '../../src/text/sketch.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, idNumber, platform, type Platform } from '../helpers/fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`text intelligence API (${dialect})`, () => {
    let p: Platform;
    before(async () => { p = await platform(dialect, { now: '2019-10-15T02:00:00Z' }); });
    after(async () => { await p.close(); });
    const visit = (title: string, content: string, seq: string, over: Record<string, unknown> = {}) => ({
      channel: 'visit', receivedAt: '2019-10-14T10:00:00+08:00', title, content,
      petitioners: [{ name: `张${seq}`, idNumber: idNumber('440605', '19900101', seq), phone: `1360013${seq.padStart(4, '0')}` }], ...over,
    });

    test('search finds two-character words and phrases, ranks, highlights, pages and filters', async () => {
      const reg = await as(p, 'city.registrar');
      assert.equal((await reg('POST', '/petitions', visit('物业收费不合理', '小区物业公司乱收停车费，物业服务差。', '101'))).status, 201);
      assert.equal((await reg('POST', '/petitions', visit('噪音扰民', '工地夜间施工噪音大，影响休息。', '102'))).status, 201);
      assert.equal((await reg('POST', '/petitions', visit('拆迁补偿', '旧村改造拆迁补偿款迟迟不到位，物业也不管。', '103'))).status, 201);
      const r = await reg('GET', '/text/search?q=物业');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.total, 2);
      assert.equal(r.body.items[0].title, '物业收费不合理'); // mentions it three times: ranked first
      assert.ok(r.body.items[0].snippet.includes('<mark>物业</mark>'));
      assert.equal((await reg('GET', '/text/search?q=' + encodeURIComponent('拆迁补偿款'))).body.total, 1);
      assert.equal((await reg('GET', '/text/search?q=' + encodeURIComponent('补偿物业'))).body.total, 0); // not a phrase in any text
      assert.equal((await reg('GET', '/text/search?q=' + encodeURIComponent('噪音 施工'))).body.total, 1);
      const page2 = await reg('GET', '/text/search?q=' + encodeURIComponent('物业') + '&pageSize=1&page=2');
      assert.equal(page2.body.items.length, 1);
      assert.equal((await reg('GET', '/text/search?q=' + encodeURIComponent('物业') + '&from=2019-10-15')).body.total, 0);
      assert.equal((await reg('GET', '/text/search?q=' + encodeURIComponent('，，'))).body.total, 0);
      assert.equal((await reg('GET', '/text/search')).status, 400);
    });

    test('related petitions: same person and similar text, with reasons; the registrar confirms a link', async () => {
      const reg = await as(p, 'city.registrar');
      const text = '我们小区旁边的混凝土搅拌站日夜生产，噪音和粉尘严重影响居民生活，多次反映无果，请求搬迁。';
      const a = await reg('POST', '/petitions', visit('搅拌站噪音扰民', text, '201'));
      const b = await reg('POST', '/petitions', visit('再次反映搅拌站扰民', text.replace('多次', '三次'), '202'));
      const c = await reg('POST', '/petitions', visit('工资拖欠', '公司拖欠工资半年。', '201'));
      assert.equal(a.status, 201); assert.equal(b.status, 201); assert.equal(c.status, 201);
      const rel = await reg('GET', `/text/petitions/${a.body.id}/related`);
      assert.equal(rel.status, 200, JSON.stringify(rel.body));
      const byId = new Map(rel.body.items.map((x: { petitionId: number }) => [x.petitionId, x]));
      const sim = byId.get(b.body.id) as { reasons: { code: string }[] };
      assert.ok(sim.reasons.some((x) => x.code === 'similarText'));
      const same = byId.get(c.body.id) as { reasons: { code: string }[] };
      // one statement asks every look-up; the reasons come in their order: ID number, then phone
      assert.deepEqual(same.reasons.map((x) => x.code).slice(0, 2), ['sameIdNumber', 'samePhone']);
      const byAddress = (title: string) => ({ ...visit(title, '楼道堆放杂物，存在消防隐患。', '000'), petitioners: [{ name: '李四', address: '禅城区祖庙路1号' }] });
      const d = await reg('POST', '/petitions', byAddress('楼道杂物'));
      const e = await reg('POST', '/petitions', byAddress('再次反映楼道杂物'));
      const relE = (await reg('GET', `/text/petitions/${e.body.id}/related`)).body.items.find((x: { petitionId: number }) => x.petitionId === d.body.id);
      assert.ok(relE.reasons.some((x: { code: string }) => x.code === 'sameNameAddress'), JSON.stringify(relE));
      const ok = await reg('POST', `/text/petitions/${a.body.id}/related/${b.body.id}`, { decision: 'confirmed' });
      assert.equal(ok.status, 200);
      const again = await reg('GET', `/text/petitions/${a.body.id}/related`);
      assert.equal(again.body.items.find((x: { petitionId: number }) => x.petitionId === b.body.id).status, 'confirmed');
      // with code statistics (the server's text job takes them) the probes are the text's rarest phrases: the same finds
      const stats = await refreshCodeStats(p.store, '2019-10-15T02:00:00.000Z');
      assert.ok(stats.codes > 0); // the later tests of this file run with them too
      const withStats = await reg('GET', `/text/petitions/${a.body.id}/related`);
      assert.equal(withStats.status, 200);
      assert.deepEqual(withStats.body.items.map((x: { petitionId: number; reasons: { code: string }[] }) => [x.petitionId, x.reasons.map((r) => r.code).sort()]),
        again.body.items.map((x: { petitionId: number; reasons: { code: string }[] }) => [x.petitionId, x.reasons.map((r) => r.code).sort()]));
      const mass = await reg('GET', '/text/mass?from=2019-10-14&to=2019-10-14');
      assert.ok(mass.body.items.some((g: { size: number }) => g.size >= 2));
    });

    test('related petitions of long texts: the similarity from the index rows\' sketches, or from the texts where a row has none', async () => {
      const reg = await as(p, 'city.registrar');
      // over 128 shingles each, so the sketches estimate (text/sketch.ts); the second text changes a sixth of the first
      const long = '我们是佛山市顺德区大良街道某花园小区的业主，小区物业公司自二零一八年起未经业主大会同意，擅自动用专项维修资金更换电梯和水泵，'
        + '账目从未公开，业主多次要求查看票据均被拒绝。去年台风过后地下车库积水严重，物业以资金不足为由拖延维修，多部电梯长期停运，'
        + '老人上下楼十分困难。我们曾向街道办和住建部门反映，至今没有答复。请求有关部门依法查处物业公司挪用维修资金的行为，督促其公开账目并尽快维修电梯。';
      const other = long.slice(0, Math.floor(long.length * 5 / 6)) + '另外小区门口的路灯损坏半年无人修理，晚上出行很不安全，希望一并处理。';
      const a = await reg('POST', '/petitions', visit('物业挪用维修资金', long, '301'));
      const b = await reg('POST', '/petitions', visit('再次反映物业挪用维修资金', other, '302'));
      assert.equal(a.status, 201); assert.equal(b.status, 201);
      await catchUp(p.ctx);
      // each as the index holds it: title, content and address (none here)
      const textA = petitionText({ title: '物业挪用维修资金', content: long, address: null });
      const textB = petitionText({ title: '再次反映物业挪用维修资金', content: other, address: null });
      const exact = jaccardWith(shingleCodes(textA), textB);
      assert.ok(exact > 0.5 && exact < 0.95, String(exact));
      const label = async () => {
        const rel = await reg('GET', `/text/petitions/${a.body.id}/related`);
        const item = rel.body.items.find((x: { petitionId: number }) => x.petitionId === b.body.id) as { reasons: { code: string; label: string }[] };
        return Number(/(\d+)%/.exec(item.reasons.find((x) => x.code === 'similarText')!.label)![1]);
      };
      // from the sketches (far enough from the threshold that the texts are not read), within the margin of the texts'
      const estimate = estimateJaccard(sketchOf(textA), sketchOf(textB));
      assert.equal(estimate.exact, false);
      assert.ok(estimate.value >= 0.5, String(estimate.value));
      assert.equal(await label(), Math.round(100 * estimate.value));
      assert.ok(Math.abs(await label() - 100 * exact) < 15, `${await label()}% against ${exact}`);
      // a row without a sketch (written around the writers, or before the migration): the exact similarity, from the texts
      await p.store.db.updateTable('textDocs').set({ sketch: null }).where('kind', '=', 'petition').where('sourceId', '=', b.body.id).execute();
      assert.equal(await label(), Math.round(100 * exact));
    });

    test('a reply becomes searchable; reply check flags a template reply', async () => {
      const sub = await p.app.inject({ method: 'POST', url: '/api/v1/public/petitions', payload: {
        name: '郑爽', idNumber: idNumber('440604', '19950909', '099'), phone: '13955556666', title: '路灯不亮', content: '石湾镇街道某路段路灯损坏一月无人维修。', regionCode: '440604010',
      } });
      assert.equal(sub.statusCode, 201, sub.body);
      const chancheng = await as(p, 'chancheng.handler');
      const mid = (await chancheng('GET', '/matters?q=路灯')).body.items[0].id;
      const check = await chancheng('POST', '/text/reply-check', { matterId: mid, text: '您好，来信收悉，感谢您的关心，我们高度重视。' });
      assert.equal(check.status, 200);
      assert.ok(check.body.flags.some((f: { code: string }) => f.code === 'templateOnly'));
      assert.equal((await chancheng('POST', `/matters/${mid}/actions`, { action: 'accept' })).status, 200);
      assert.equal((await chancheng('POST', `/matters/${mid}/actions`, { action: 'reply', outcome: 'support', text: '已安排电工更换灯泡。' })).status, 200);
      const hit = await chancheng('GET', '/text/search?q=' + encodeURIComponent('灯泡'));
      assert.equal(hit.body.total, 1);
      assert.equal(hit.body.items[0].kind, 'event');
      assert.equal((await chancheng('GET', '/matters?q=' + encodeURIComponent('灯泡'))).body.items.length, 1);
      // the admin rebuild gives the same answers
      const admin = await as(p, 'admin');
      const re = await admin('POST', '/text/reindex');
      assert.equal(re.status, 200, JSON.stringify(re.body));
      assert.equal((await chancheng('GET', '/text/search?q=' + encodeURIComponent('灯泡'))).body.total, 1);
      assert.equal((await chancheng('POST', '/text/reindex')).status, 403);
    });

    test('hotspot topics: petitions about one place and problem are one topic, with the petitions behind it', async () => {
      const reg = await as(p, 'city.registrar');
      const on = (day: string) => ({ receivedAt: `2019-09-${day}T10:00:00+08:00` });
      const same = [
        ['锦绣花园小区垃圾站臭气熏天', '锦绣花园小区门口的垃圾站每天臭气熏天，夏天蚊蝇滋生，请求搬迁垃圾站。'],
        ['锦绣花园垃圾站恶臭扰民', '锦绣花园小区垃圾站恶臭严重，居民无法开窗，请尽快处理垃圾站。'],
        ['再次反映锦绣花园小区垃圾站', '锦绣花园小区垃圾站臭味问题一直没有解决，垃圾站应当搬离小区。'],
      ];
      const ids: number[] = [];
      for (const [i, [t, c]] of same.entries()) {
        const r = await reg('POST', '/petitions', visit(t!, c!, `30${i}`, on(`0${i + 2}`)));
        assert.equal(r.status, 201, JSON.stringify(r.body));
        ids.push(r.body.id);
      }
      // the rest of the month's petitions, each about something else (term weights need a background)
      const others = [['工资拖欠', '某服装厂拖欠工人工资三个月。'], ['学校门口交通拥堵', '放学时间学校门口车辆乱停，交通拥堵。'],
        ['路灯不亮', '石湾镇某路段路灯损坏一月无人维修。'], ['噪音扰民', '工地夜间施工噪音大，影响休息。'], ['医保报销', '异地就医医保报销手续复杂，希望简化。'],
        ['拆迁补偿', '旧村改造拆迁补偿款迟迟不到位。'], ['公交线路', '希望增开一条通往工业园的公交线路。'], ['农田灌溉', '村里水渠堵塞，农田无法灌溉。'],
        ['网吧未成年人', '网吧接纳未成年人上网，无人管理。'], ['食品安全', '菜市场出售过期食品。'], ['养老金', '退休人员养老金调整未到账。']];
      for (const [i, [t, c]] of others.entries()) {
        assert.equal((await reg('POST', '/petitions', visit(t!, c!, String(310 + i), on(String(10 + i))))).status, 201);
      }
      const r = await reg('GET', '/text/hotspots/topics?from=2019-09-01&to=2019-09-30');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const top = r.body.items[0];
      assert.deepEqual(top.petitions.map((x: { id: number }) => x.id).sort(), [...ids].sort());
      assert.equal(top.users, 3);
      assert.ok(top.label.includes('锦绣花园'), top.label);
      assert.ok(!r.body.items.some((t: { petitions: { title: string }[] }) => t.petitions.some((x) => x.title === '工资拖欠')), 'a lone petition is no topic');
      assert.equal((await reg('GET', '/text/hotspots/topics?from=2019-09-30&to=2019-09-01')).status, 400);
    });

    test('classification: 409-free only after training; suggestion with confidence and words', async () => {
      const none = await (await as(p, 'city.registrar'))('POST', '/text/classify', { text: '小区物业乱收费' });
      assert.equal(none.status, 409);
      const admin = await as(p, 'admin');
      const t = await admin('POST', '/text/train');
      assert.equal(t.status, 200, JSON.stringify(t.body));
      const hot = await admin('GET', '/text/hotspots?from=2019-10-14&to=2019-10-15');
      assert.equal(hot.status, 200);
      assert.ok(hot.body.items.length >= 1);
    });

    test('rows written around the services are indexed in bounded steps: a search does one small batch, the job the rest', async () => {
      const registrar = { userId: p.userId('city.registrar'), unitId: p.unitId('city.bureau'), roles: ['registrar' as const] };
      const ids: number[] = [];
      for (let i = 0; i < 450; i++) {
        const r = await registerPetition(p.ctx, registrar, { channel: 'letter', receivedAt: '2019-10-14T10:00:00+08:00', petitioners: [{ name: `批量${i}` }], title: `人行天桥维修 ${i}`, content: '人行天桥栏杆松动，请求维修。' });
        ids.push(r.id);
      }
      // as a bulk load or an import around the services leaves them: no index rows, marks at zero
      await p.store.db.deleteFrom('textDocs').where('kind', '=', 'petition').where('petitionId', 'in', ids).execute();
      await p.store.db.deleteFrom('textState').execute();
      const reg = await as(p, 'city.registrar');
      const first = await reg('GET', '/text/search?q=' + encodeURIComponent('天桥') + '&pageSize=5');
      assert.equal(first.status, 200);
      assert.ok(first.body.total > 0 && first.body.total <= REQUEST_CATCH_UP.batch, `one bounded batch per request, got ${first.body.total}`);
      const rest = await catchUp(p.ctx, { maxBatches: 1, batch: 100 });
      assert.equal(rest.more, true);
      await catchUp(p.ctx);
      // exact up to FENGQIAO_SEARCH_EXACT_UP_TO (default 1,000 on SQLite, the ranked window of 200 on PostgreSQL)
      const all = (await reg('GET', '/text/search?q=' + encodeURIComponent('天桥') + '&pageSize=5')).body;
      if (dialect === 'sqlite') assert.deepEqual([all.total, all.totalEstimated], [450, undefined]);
      else assert.equal(all.totalEstimated, true);
      process.env.FENGQIAO_SEARCH_EXACT_UP_TO = '1000';
      try {
        assert.deepEqual(((await reg('GET', '/text/search?q=' + encodeURIComponent('天桥') + '&pageSize=5')).body).total, 450);
      } finally { delete process.env.FENGQIAO_SEARCH_EXACT_UP_TO; }
      // past FENGQIAO_SEARCH_EXACT_UP_TO matches the total is extrapolated from the walk and says so (both databases)
      process.env.FENGQIAO_SEARCH_EXACT_UP_TO = '100';
      process.env.FENGQIAO_SEARCH_RANK_WINDOW = '20';
      try {
        const big = (await reg('GET', '/text/search?q=' + encodeURIComponent('天桥') + '&pageSize=5')).body;
        assert.equal(big.totalEstimated, true);
        assert.ok(big.total > 300 && big.total < 700, `an estimate near 450, got ${big.total}`);
        assert.equal(big.items.length, 5);
        // every match is reachable once, past the ranked window and past the exact count: 23 pages of 20
        const seen = new Set<number>();
        for (let page = 1; page <= 23; page++) {
          const r = (await reg('GET', '/text/search?q=' + encodeURIComponent('天桥') + `&pageSize=20&page=${page}`)).body;
          for (const it of r.items as { docId: number }[]) { assert.ok(!seen.has(it.docId), `doc ${it.docId} twice`); seen.add(it.docId); }
        }
        assert.equal(seen.size, 450);
      } finally { delete process.env.FENGQIAO_SEARCH_EXACT_UP_TO; delete process.env.FENGQIAO_SEARCH_RANK_WINDOW; }
    });
  });
}
