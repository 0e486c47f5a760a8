/**
 * Periodic retraining (issue 7): trains when no model exists, not again within the interval, not when nothing was
 * handled or corrected since, and again once the interval has passed and matters were handled; off with 0.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { retrainIfDue } from '../../src/jobs/retrain.ts';
import { isRetrainHour } from '../../src/jobs/scheduler.ts';
import { actOnMatter } from '../../src/services/act-on-matter.ts';
import { registerPetition } from '../../src/services/register-petition.ts';
import { suggest } from '../../src/services/text-intel.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';

const DAY = 86_400_000;
const EXAMPLES: [string, string][] = [
  ['0101', '小区物业乱收停车费，物业服务差'], ['0101', '物业公司不维修电梯，小区业主投诉物业'], ['0101', '小区物业费上涨，物业服务没有改善'],
  ['1001', '公司拖欠工人工资三个月'], ['1001', '工厂老板拖欠工资跑路，工人讨薪'], ['1001', '建筑工地拖欠农民工工资'],
];

for (const dialect of DIALECTS) {
  describe(`periodic retraining (${dialect})`, () => {
    let p: Platform;
    let actor: { userId: number; unitId: number; roles: ('handler' | 'registrar')[] };
    const handleOne = async (title: string, content: string, categoryCode: string) => {
      const r = await registerPetition(p.ctx, actor, { channel: 'letter', receivedAt: p.ctx.now(), petitioners: [{ name: '张三' }], title, content, categoryCode });
      await actOnMatter(p.ctx, actor, r.matterId, 'accept', {});
    };
    before(async () => {
      p = await platform(dialect, { now: '2019-09-02T02:00:00Z' });
      actor = { userId: p.userId('city.handler'), unitId: p.unitId('city.bureau'), roles: ['handler', 'registrar'] };
      for (const [code, text] of EXAMPLES) await handleOne(text.slice(0, 8), text, code.length === 4 ? `${code}01` : code);
    });
    after(async () => p?.close());

    test('the server retrains at night, Asia/Shanghai', () => {
      assert.equal(isRetrainHour('2019-09-01T18:00:00Z'), true); // 02:00 in Foshan
      assert.equal(isRetrainHour('2019-09-01T20:59:00Z'), true);
      assert.equal(isRetrainHour('2019-09-01T21:00:00Z'), false); // 05:00
      assert.equal(isRetrainHour('2019-09-02T02:00:00Z'), false); // 10:00
    });

    test('trains when due and only then', async () => {
      assert.equal(await retrainIfDue(p.ctx, 'a', 0), null, 'off');
      const first = await retrainIfDue(p.ctx, 'a', DAY);
      assert.ok(first && first.category === EXAMPLES.length, JSON.stringify(first));
      const s = await suggest(p.ctx, '我们小区的物业乱收费');
      assert.equal(s.find((x) => x.target === 'category')?.label, '01');
      p.clock.set(new Date(Date.parse(p.ctx.now()) + DAY / 2).toISOString());
      assert.equal(await retrainIfDue(p.ctx, 'a', DAY), null, 'within the interval');
      p.clock.set(new Date(Date.parse(p.ctx.now()) + DAY).toISOString());
      assert.equal(await retrainIfDue(p.ctx, 'a', DAY), null, 'nothing handled since');
      await handleOne('物业不作为', '小区物业不清理垃圾，物业管理混乱', '010101');
      const again = await retrainIfDue(p.ctx, 'b', DAY);
      assert.ok(again && again.category === EXAMPLES.length + 1, JSON.stringify(again));
    });
  });
}
