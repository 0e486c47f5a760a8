import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { relevance } from '../../src/text/index.ts';

describe('relevance', () => {
  test('a CJK phrase counts the same in a text as in its NFKC form, whether the text needs NFKC or not', () => {
    const plain = { title: '物业收费', body: '物业公司乱收费，物业服务差。ABC' };
    const compat = { title: '⾦山物业', body: '①号楼物业漏水，㎡价上涨' }; // NFKC changes it: 金山 (a Kangxi radical), 1号楼, m2
    for (const d of [plain, compat]) {
      const nfkc = { title: d.title.normalize('NFKC'), body: d.body.normalize('NFKC') };
      for (const q of ['物业', '金山', '物业 收费']) assert.equal(relevance(q, d, 20), relevance(q, nfkc, 20), `${q} in ${d.title}`);
    }
    assert.ok(relevance('金山', compat, 20) > 0); // found through NFKC
  });
  test('an ASCII word counts in either case', () => {
    assert.equal(relevance('abc', { title: '', body: 'ABC 物业' }, 10), relevance('abc', { title: '', body: 'abc 物业' }, 10));
    assert.ok(relevance('ABC', { title: '', body: 'abc' }, 10) > 0);
  });
});
