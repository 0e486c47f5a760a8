import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOPIC_KEYS, demoPetition, seededRng, type DemoPetitionDraft } from '../../src/demo/corpus.ts';
import { CATEGORY_BY_CODE } from '../../src/domain/categories.ts';
import { checkIdNumber, idChecksumChar } from '../../src/domain/id-number.ts';
import { DEPTS, DISTRICTS, foshanTowns, foshanUnits } from '../../src/org/foshan.ts';

function drafts(seed: number, n: number): DemoPetitionDraft[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => demoPetition(rng));
}

test('seededRng is deterministic and in [0, 1)', () => {
  const a = seededRng(42);
  const b = seededRng(42);
  const c = seededRng(43);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.next()));
  assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, () => c.next()));
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('the corpus is deterministic per seed', () => {
  assert.deepEqual(drafts(7, 50), drafts(7, 50));
  assert.notDeepEqual(drafts(7, 5), drafts(8, 5));
});

test('at least 25 topic templates', () => {
  assert.ok(DEMO_TOPIC_KEYS.length >= 25, String(DEMO_TOPIC_KEYS.length));
  assert.equal(new Set(DEMO_TOPIC_KEYS).size, DEMO_TOPIC_KEYS.length);
});

test('drafts are well formed: categories, places, IDs, phones, representatives', () => {
  const all = drafts(2024, 600);
  const towns = new Map(foshanTowns().map((t) => [t.code, t]));
  const unitKeys = new Map(foshanUnits().map((u) => [u.key, u]));
  const districtBySlug = new Map(DISTRICTS.map((d) => [d.slug, d]));
  const depts = new Set(DEPTS);
  for (const d of all) {
    assert.ok(d.title.length >= 6 && d.title.length <= 60, d.title);
    assert.ok(d.content.length >= 60 && d.content.length <= 400, `${d.topic}: ${d.content.length} ${d.content}`);
    assert.doesNotMatch(d.title + d.content, /undefined|NaN|\$\{/);
    assert.equal(CATEGORY_BY_CODE.get(d.categoryCode)?.level, 3, d.categoryCode);
    const district = districtBySlug.get(d.districtSlug);
    assert.ok(district);
    const town = towns.get(d.townCode);
    assert.ok(town, d.townCode);
    assert.equal(town.parentCode, district.code);
    assert.ok(d.address.includes(town.name) && d.address.includes(district.name), d.address);
    assert.ok(depts.has(d.suggestedDept), d.suggestedDept);
    assert.ok(unitKeys.has(`${d.districtSlug}.${d.suggestedDept}`));
    assert.ok(d.headcount >= 1 && d.headcount <= 12);
    assert.ok(d.petitioners.length >= 1 && d.petitioners.length <= d.headcount);
    const reps = d.petitioners.filter((p) => p.isRepresentative).length;
    assert.ok(reps <= 5, `representatives ≤ 5 (${reps})`);
    if (d.headcount > 1) assert.ok(reps >= 1);
    else assert.equal(reps, 0);
    assert.equal(new Set(d.petitioners.map((p) => p.name)).size, d.petitioners.length);
    for (const p of d.petitioners) {
      assert.match(p.name, /^[\u4e00-\u9fa5]{2,4}$/);
      assert.match(p.idNumber, /^44060[4-8]\d{11}[\dX]$/);
      assert.equal(idChecksumChar(p.idNumber.slice(0, 17)), p.idNumber.slice(17));
      assert.equal(checkIdNumber(p.idNumber, '2025-01-01').ok, true, p.idNumber);
      assert.match(p.phone, /^1[3-9]\d{9}$/);
      assert.match(p.address, /^佛山市/);
    }
    if (d.respondentUnitKey !== undefined) {
      const u = unitKeys.get(d.respondentUnitKey);
      assert.ok(u, d.respondentUnitKey);
      assert.equal(u.name, d.respondentName);
      assert.equal(u.dept, d.respondentDept);
    }
    if (d.purpose === 'accusation') {
      assert.ok(d.respondentName, 'an accusation names a unit');
      assert.ok(d.respondentUnitKey);
      assert.notEqual(d.respondentDept, d.suggestedDept, 'never routed to the accused line');
      assert.ok(d.content.includes(d.respondentName) || d.title.includes(d.respondentName));
    }
  }
});

test('300 drafts are varied: ≥150 distinct titles, many topics, all districts, groups and accusations', () => {
  const all = drafts(1, 300);
  assert.ok(new Set(all.map((d) => d.title)).size >= 150);
  assert.ok(new Set(all.map((d) => d.content)).size >= 280);
  assert.ok(new Set(all.map((d) => d.topic)).size >= 25);
  assert.equal(new Set(all.map((d) => d.districtSlug)).size, 5);
  assert.ok(new Set(all.map((d) => d.townCode)).size >= 25);
  assert.ok(new Set(all.map((d) => d.channel)).size === 6);
  assert.ok(new Set(all.map((d) => d.purpose)).size === 6);
  const accusations = all.filter((d) => d.purpose === 'accusation').length;
  assert.ok(accusations >= 15 && accusations <= 50, `accusations ${accusations}`);
  const groups = all.filter((d) => d.headcount >= 5);
  assert.ok(groups.length >= 10, `groups ${groups.length}`);
  assert.ok(all.filter((d) => d.headcount === 1).length > 150, 'mostly one person');
});

test('people forces the headcount', () => {
  const rng = seededRng(99);
  for (let i = 0; i < 50; i++) {
    const d = demoPetition(rng, { people: 9 });
    assert.equal(d.headcount, 9);
    const reps = d.petitioners.filter((p) => p.isRepresentative).length;
    assert.ok(reps >= 1 && reps <= 5);
    const one = demoPetition(rng, { people: 1 });
    assert.equal(one.headcount, 1);
    assert.equal(one.petitioners.length, 1);
  }
});
