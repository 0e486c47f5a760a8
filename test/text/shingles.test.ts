import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { features, jaccard, jaccardWith, normalize, normalizeForCjk, runsStable, shingleCodes, shingles, tokens } from '../../src/text/tokenize.ts';

const samples = [
  '我们小区的物业乱收费，停车费从每月200元涨到350元！',
  '噪音 扰民：工地夜间施工（22:00后）仍在作业。',
  'ＡＢＣ物业公司１２３号楼漏水',
  '①号楼电梯故障㈱公司不管', // compatibility forms take the NFKC path
  '单字 字 a 物',
  '',
  '⼀号线地铁施工', // a Kangxi radical: NFKC maps it to 一
  // whitespace of every kind removed first, so a run or a word goes on across it; upper case lowered
  'WiFi 信号\t差，ABC def\nGHI 物业\u3000费用\u00a0管理 AB CD 12 34\u2028号',
  'ＷｉＦｉ 信号 Wi Fi\u3000物 业', // full-width letters: the NFKC path, with the same whitespace
];

describe('shingles and normalize', () => {
  test('shingles is the set of features, on texts with and without compatibility forms', () => {
    for (const s of samples) assert.deepEqual([...shingles(s)].sort(), [...new Set(features(s))].sort(), s);
  });
  test('shingle codes: one code per shingle, so the same similarity', () => {
    for (const s of samples) assert.equal(shingleCodes(s).size, shingles(s).size, s);
    for (const a of samples) for (const b of samples) assert.equal(jaccard(shingleCodes(a), shingleCodes(b)), jaccard(shingles(a), shingles(b)), `${a} | ${b}`);
  });
  test('jaccardWith: the same similarity without the text\'s set, for short and long texts (its buffer grows)', () => {
    const long = Array.from({ length: 3000 }, (_, k) => String.fromCharCode(0x4e00 + ((k * 7919) % 20_000))).join('') + samples[0];
    for (const a of [...samples, long]) for (const b of [...samples, long, long + long]) {
      assert.equal(jaccardWith(shingleCodes(a), b), jaccard(shingleCodes(a), shingleCodes(b)), `${a.slice(0, 20)} | ${b.slice(0, 20)}`);
    }
  });
  test('the fast path of normalize gives the same tokens as NFKC', () => {
    for (const s of samples) assert.deepEqual(tokens(s), tokens(s.normalize('NFKC')), s);
    assert.equal(normalize('ＡＢＣ'), 'abc');
    assert.equal(normalize('物业，费用'), '物业，费用'); // full-width punctuation stays: never part of a run
  });
  test('runsStable: the set of characters the regular expression it replaced names, on every character of the BMP', () => {
    const set = /^[\s\u0020-\u007f\u00b7\u2014\u2018-\u201d\u2026\u3000-\u3037\u303b-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]*$/u;
    for (let c = 0; c < 0x10000; c++) assert.equal(runsStable(String.fromCharCode(c)), set.test(String.fromCharCode(c)), c.toString(16));
    for (const s of [...samples, '𠀀物业', 'a\ud800', '物业\u0000']) assert.equal(runsStable(s), set.test(s), s);
    // what the searches' ranking counts in: the text itself where NFKC changes nothing, else as normalize gives it
    assert.equal(normalizeForCjk('物业 ABC'), '物业 ABC');
    assert.equal(normalizeForCjk('⾦山①号'), '金山1号');
  });
  test('a word split by whitespace is one word, in either case, on both paths', () => {
    assert.deepEqual(shingleCodes('Wi Fi'), shingleCodes('wifi'));
    assert.deepEqual(shingleCodes('ＷＩ ＦＩ'), shingleCodes('wifi'));
    assert.equal(jaccardWith(shingleCodes('WIFI 物业'), 'wi\tfi物\u3000业'), 1);
    assert.equal(shingleCodes('物业 费用').has(shingleCodes('业费').values().next().value!), true);
  });
});
