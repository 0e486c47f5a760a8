/**
 * The similarity sketches (text/sketch.ts) and the repeat check's use of them (text-related.ts `textSimilarities`):
 * a sketch is the smallest distinct hashes, ascending; two short texts' estimate is their exact Jaccard; long texts'
 * estimates lie within the check's margin of the exact value; and the check reads the texts of exactly the
 * candidates the sketches leave undecided. The texts are written here from a seeded generator, not the shared data.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateJaccard, sketchOf, SKETCH_SIZE } from '../../src/text/sketch.ts';
import { jaccard, jaccardWith, shingleCodes } from '../../src/text/tokenize.ts';
import { textSimilarities } from '../../src/services/text-related.ts';

const words = '物业 维修 基金 小区 业主 噪音 扰民 工地 夜间 施工 拆迁 补偿 安置 工资 拖欠 公司 道路 积水 路灯 损坏 学校 学位 医保 报销 社保 缴费 违章 搭建 占用 通道 垃圾 清运 污水 排放 河涌 整治 停车 收费 电梯 故障'.split(' ');
/** a deterministic generator (mulberry32) */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const textOf = (r: () => number, n: number) => Array.from({ length: n }, () => words[Math.floor(r() * words.length)]! + (r() < 0.1 ? '，' : '')).join('');
const hashes = (s: Buffer) => Array.from({ length: s.length / 4 }, (_, i) => s.readUInt32LE(4 * i));

describe('similarity sketches', () => {
  test('the smallest distinct hashes, ascending, at most SKETCH_SIZE; empty for an empty text', () => {
    const long = sketchOf(textOf(rng(1), 600)), short = sketchOf('小区物业挪用维修基金');
    assert.equal(long.length, 4 * SKETCH_SIZE);
    assert.equal(hashes(short).length, shingleCodes('小区物业挪用维修基金').size);
    for (const h of [hashes(long), hashes(short)]) for (let i = 1; i < h.length; i++) assert.ok(h[i - 1]! < h[i]!);
    assert.equal(sketchOf('').length, 0);
    // whitespace and case do not change the shingles, so not the sketch either
    assert.deepEqual(sketchOf('WiFi 信号 差'), sketchOf('wifi信号差'));
    // nor compatibility forms that NFKC lengthens (㍿ is 株式会社), in a text of thousands of shingles
    const wide = textOf(rng(5), 1500).replace(/公司/g, '㍿公司');
    assert.ok(wide.normalize('NFKC').length > wide.length + 100);
    assert.deepEqual(sketchOf(wide), sketchOf(wide.normalize('NFKC')));
    // a set: the order of a long text's parts does not matter (every shingle of thousands is hashed, none dropped)
    const x = textOf(rng(6), 700).replace(/，/g, ''), y = textOf(rng(7), 700).replace(/，/g, '');
    assert.deepEqual(sketchOf(`${x}。${y}`), sketchOf(`${y}。${x}`));
  });

  test('two short texts: the exact Jaccard; the same long text: 1; nothing shared: 0', () => {
    const a = '小区物业擅自挪用维修基金，请求调查处理', b = '物业公司挪用小区维修基金，业主要求公开账目';
    const e = estimateJaccard(sketchOf(a), sketchOf(b));
    assert.equal(e.exact, true);
    assert.equal(e.value, jaccard(shingleCodes(a), shingleCodes(b)));
    const long = textOf(rng(2), 500);
    assert.deepEqual(estimateJaccard(sketchOf(long), sketchOf(long)), { value: 1, exact: false });
    assert.equal(estimateJaccard(sketchOf('物业维修基金'), sketchOf('abc def')).value, 0);
    assert.equal(estimateJaccard(sketchOf(''), sketchOf('')).value, 0);
  });

  test('long texts: every estimate within the check\'s margin (0.15) of the exact similarity', () => {
    const r = rng(3);
    let worst = 0;
    for (let k = 0; k < 300; k++) {
      const base = textOf(r, 200 + Math.floor(r() * 400));
      // a copy with a share of it replaced: similarities from about 0.1 to 1
      const keep = r();
      const cut = Math.floor(base.length * keep);
      const other = base.slice(0, cut) + textOf(r, Math.floor((base.length - cut) / 2));
      const exact = jaccard(shingleCodes(base), shingleCodes(other));
      const e = estimateJaccard(sketchOf(base), sketchOf(other));
      if (shingleCodes(base).size >= SKETCH_SIZE) assert.equal(e.exact, false);
      worst = Math.max(worst, Math.abs(e.value - exact));
    }
    assert.ok(worst < 0.15, `largest error ${worst}`);
  });

  test('the check reads the texts of the candidates without a sketch or near the threshold only', async () => {
    const r = rng(4);
    const mine = textOf(r, 400);
    const copy = mine.slice(0, mine.length - 20) + textOf(r, 10); // far above 0.35
    const unrelated = '市民反映公交线路调整后出行不便，希望恢复原站点并增加班次。'.repeat(8); // far below
    const near = mine.slice(0, Math.floor(mine.length * 0.3)) + textOf(r, 150); // about the threshold
    const nearExact = jaccardWith(shingleCodes(mine), near);
    assert.ok(Math.abs(nearExact - 0.35) < 0.15, `the near text is at ${nearExact}`);
    const texts = new Map([[1, copy], [2, unrelated], [3, near], [4, copy]]);
    const asked: number[][] = [];
    const sims = await textSimilarities(mine, [
      { id: 1, sketch: sketchOf(copy) }, { id: 2, sketch: sketchOf(unrelated) }, { id: 3, sketch: sketchOf(near) }, { id: 4, sketch: null },
    ], async (ids) => { asked.push(ids); return new Map(ids.map((id) => [id, texts.get(id)!])); });
    assert.deepEqual(asked, [[3, 4]]);
    assert.equal(sims.get(3), nearExact);
    assert.equal(sims.get(4), jaccardWith(shingleCodes(mine), copy));
    assert.ok(sims.get(1)! > 0.7 && Math.abs(sims.get(1)! - sims.get(4)!) < 0.15);
    assert.ok(sims.get(2)! < 0.2);
    // nothing undecided: no texts read
    asked.length = 0;
    await textSimilarities(mine, [{ id: 1, sketch: sketchOf(copy) }], async () => { asked.push([]); return new Map(); });
    assert.equal(asked.length, 0);
  });
});
