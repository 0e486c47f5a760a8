import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATEGORIES, CATEGORY_BY_CODE, categoryCodeByNames, categoryPath } from '../../src/domain/categories.ts';

const FIRST_LEVEL = [
  '城乡建设', '环境保护', '交通运输', '经济管理', '科技与信息产业', '民政', '农村农业', '商贸旅游', '卫生计生', '政法',
  '教育文体', '劳动和社会保障', '国土资源', '党务政务', '纪检监察',
];

test('15 first-level categories, coded 01..15, in order', () => {
  const roots = CATEGORIES.filter((c) => c.level === 1);
  assert.deepEqual(roots.map((c) => c.name), FIRST_LEVEL);
  assert.deepEqual(roots.map((c) => c.code), FIRST_LEVEL.map((_, i) => String(i + 1).padStart(2, '0')));
  for (const r of roots) assert.equal(r.parentCode, null);
});

test('codes unique, every parent exists, levels and code lengths hold', () => {
  assert.equal(CATEGORY_BY_CODE.size, CATEGORIES.length);
  for (const c of CATEGORIES) {
    assert.equal(c.code.length, c.level * 2, c.code);
    assert.match(c.code, /^\d+$/);
    if (c.level === 1) continue;
    assert.ok(c.parentCode !== null);
    const parent = CATEGORY_BY_CODE.get(c.parentCode);
    assert.ok(parent, `${c.code} parent ${c.parentCode}`);
    assert.equal(parent.level, c.level - 1);
    assert.ok(c.code.startsWith(parent.code));
  }
});

test('at least 3 second-level under each root, 2–4 third-level under each second-level', () => {
  for (const root of CATEGORIES.filter((c) => c.level === 1)) {
    const seconds = CATEGORIES.filter((c) => c.parentCode === root.code);
    assert.ok(seconds.length >= 3, root.name);
    for (const s of seconds) {
      const leaves = CATEGORIES.filter((c) => c.parentCode === s.code);
      assert.ok(leaves.length >= 2 && leaves.length <= 4, `${s.name}: ${leaves.length}`);
      for (const l of leaves) assert.equal(l.level, 3);
    }
  }
  // names are unique among siblings
  const sib = new Set(CATEGORIES.map((c) => `${c.parentCode ?? ''}/${c.name}`));
  assert.equal(sib.size, CATEGORIES.length);
});

test('categoryPath gives root..leaf; unknown codes give []', () => {
  const code = categoryCodeByNames('城乡建设', '住房保障与房地产', '物业管理');
  assert.equal(code, '010101');
  assert.deepEqual(categoryPath('010101').map((c) => c.name), ['城乡建设', '住房保障与房地产', '物业管理']);
  assert.deepEqual(categoryPath('01').map((c) => c.code), ['01']);
  assert.deepEqual(categoryPath('999999'), []);
  assert.equal(categoryCodeByNames('城乡建设', '不存在'), undefined);
});

test('the dictionary is frozen', () => {
  assert.ok(Object.isFrozen(CATEGORIES));
  assert.ok(Object.isFrozen(CATEGORIES[0]));
});
