import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DISTRICTS, demoUsers, foshanRegions, foshanTowns, foshanUnits, type UnitSeed } from '../../src/org/foshan.ts';
import { OrgView } from '../../src/domain/org.ts';

test('regions: the city, 5 districts and exactly 32 towns/streets', () => {
  const regions = foshanRegions();
  const city = regions.filter((r) => r.level === 'city');
  assert.deepEqual(city, [{ code: '440600', name: '佛山市', level: 'city', parentCode: null }]);
  const districts = regions.filter((r) => r.level === 'district');
  assert.equal(districts.length, 5);
  assert.deepEqual(districts.map((d) => `${d.code} ${d.name}`), ['440604 禅城区', '440605 南海区', '440606 顺德区', '440607 三水区', '440608 高明区']);
  for (const d of districts) assert.equal(d.parentCode, '440600');
  const towns = regions.filter((r) => r.level === 'town');
  assert.equal(towns.length, 32);
  const codes = new Set(regions.map((r) => r.code));
  assert.equal(codes.size, regions.length, 'region codes are unique');
  assert.ok(!codes.has('440000'), 'the province is not included');
  for (const t of towns) {
    assert.match(t.code, /^44060[4-8]\d{3}$/);
    assert.ok(Number(t.code.slice(-3)) < 400, `${t.code} ${t.name} is not a prison or farm`);
    assert.equal(t.parentCode, t.code.slice(0, 6));
  }
  assert.ok(towns.some((t) => t.name === '大良街道'));
  assert.ok(towns.some((t) => t.name === '北滘镇'));
  assert.ok(!towns.some((t) => t.name.includes('监狱') || t.name.includes('劳教')));
  assert.equal(foshanTowns('440606').length, 10);
  assert.equal(DISTRICTS.length, 5);
});

test('regions are returned as fresh copies (the cache cannot be mutated from outside)', () => {
  const a = foshanRegions();
  const first = a[0];
  assert.ok(first);
  first.name = 'changed';
  assert.equal(foshanRegions()[0]?.name, '佛山市');
});

test('units: keys and codes unique, every parent exists, the tree the access rules rely on', () => {
  const units = foshanUnits();
  const byKey = new Map<string, UnitSeed>(units.map((u) => [u.key, u]));
  assert.equal(byKey.size, units.length, 'keys are unique');
  assert.equal(new Set(units.map((u) => u.code)).size, units.length, 'codes are unique');
  for (const u of units) {
    if (u.parentKey !== null) assert.ok(byKey.has(u.parentKey), `${u.key} → ${u.parentKey}`);
    assert.match(u.key, /^(city\.[a-z]+|(chancheng|nanhai|shunde|sanshui|gaoming)\.([a-z]+|town\.\d{9}))$/);
  }
  const bureau = byKey.get('city.bureau');
  assert.deepEqual(bureau && { name: bureau.name, kind: bureau.kind, regionCode: bureau.regionCode, parentKey: bureau.parentKey },
    { name: '佛山市信访局', kind: 'bureau', regionCode: '440600', parentKey: null });
  assert.equal(byKey.get('city.court')?.kind, 'court');
  assert.equal(byKey.get('city.court')?.name, '佛山市中级人民法院');
  assert.equal(byKey.get('city.procuratorate')?.kind, 'procuratorate');
  for (const u of units.filter((x) => x.key.startsWith('city.') && x.key !== 'city.bureau')) {
    assert.equal(u.parentKey, null, `${u.key} has no parent at city level`);
    assert.equal(u.regionCode, '440600');
  }
  const required = ['housing', 'police', 'civil', 'hrss', 'natural', 'ecology', 'education', 'market'];
  for (const d of DISTRICTS) {
    const b = byKey.get(`${d.slug}.bureau`);
    assert.equal(b?.parentKey, 'city.bureau');
    assert.equal(b?.kind, 'bureau');
    assert.equal(b?.regionCode, d.code);
    for (const dept of required) {
      const u = byKey.get(`${d.slug}.${dept}`);
      assert.ok(u, `${d.slug}.${dept}`);
      assert.equal(u.parentKey, `city.${dept}`);
      assert.equal(u.dept, dept);
      assert.equal(u.regionCode, d.code);
    }
    const towns = units.filter((u) => u.kind === 'town' && u.regionCode.startsWith(d.code));
    assert.equal(towns.length, foshanTowns(d.code).length);
    for (const t of towns) {
      assert.equal(t.key, `${d.slug}.town.${t.regionCode}`);
      assert.equal(t.parentKey, `${d.slug}.bureau`);
      assert.match(t.name, /(街道办事处|镇人民政府)$/);
    }
  }
  assert.equal(units.filter((u) => u.kind === 'town').length, 32);
  assert.equal(byKey.get('shunde.town.440606005')?.name, '大良街道办事处');
  assert.equal(byKey.get('shunde.town.440606102')?.name, '北滘镇人民政府');
  assert.equal(byKey.get('shunde.housing')?.parentKey, 'city.housing');
  // every region code of a unit is a known region
  const regionCodes = new Set(foshanRegions().map((r) => r.code));
  for (const u of units) assert.ok(regionCodes.has(u.regionCode), `${u.key} ${u.regionCode}`);
});

test('demo users of API.md exist with the right units and roles', () => {
  const users = demoUsers();
  const byName = new Map(users.map((u) => [u.username, u]));
  assert.equal(byName.size, users.length, 'usernames are unique');
  const unitKeys = new Set(foshanUnits().map((u) => u.key));
  for (const u of users) {
    assert.ok(unitKeys.has(u.unitKey), `${u.username} → ${u.unitKey}`);
    assert.ok(u.roles.length > 0);
    assert.match(u.name, /^[\u4e00-\u9fa5]{2,4}$/);
  }
  const expect = (username: string, unitKey: string, roles: string[]) => {
    const u = byName.get(username);
    assert.ok(u, `${username} exists`);
    assert.equal(u.unitKey, unitKey, username);
    assert.deepEqual([...u.roles].sort(), [...roles].sort(), username);
  };
  expect('admin', 'city.bureau', ['admin']);
  for (const r of ['registrar', 'lawyer', 'handler', 'supervisor', 'leader', 'evaluator', 'auditor']) {
    expect(`city.${r}`, 'city.bureau', [r]);
  }
  for (const d of ['chancheng', 'nanhai', 'shunde', 'sanshui', 'gaoming']) {
    expect(`${d}.handler`, `${d}.bureau`, ['handler', 'registrar']);
    expect(`${d}.housing.handler`, `${d}.housing`, ['handler']);
  }
});

test('who sees every unit, and whose accusation hides a matter from whom, on the Foshan tree', () => {
  const seeds = foshanUnits();
  const id = new Map(seeds.map((u, i) => [u.key, i + 1]));
  const org = new OrgView(seeds.map((u) => ({ id: id.get(u.key)!, code: u.code, name: u.name, kind: u.kind, regionCode: u.regionCode, parentId: u.parentKey === null ? null : id.get(u.parentKey)!, dept: u.dept ?? null })));
  const at = (key: string) => id.get(key)!;
  // only the city's petition bureau has no scope to filter by
  assert.equal(org.seesEveryUnit(at('city.bureau')), true);
  for (const key of ['shunde.bureau', 'city.housing', 'shunde.housing', 'shunde.town.440606005']) assert.equal(org.seesEveryUnit(at(key)), false, key);
  // an accusation of a unit or of any unit above it is hidden from it: a Shunde town's users never see one against
  // the Shunde bureau or the city bureau; the city's housing bureau does not see one against Shunde's
  assert.deepEqual(new Set(org.accusationGuard(at('shunde.town.440606005'))), new Set([at('shunde.town.440606005'), at('shunde.bureau'), at('city.bureau')]));
  assert.deepEqual(new Set(org.accusationGuard(at('shunde.housing'))), new Set([at('shunde.housing'), at('city.housing')]));
  assert.ok(!org.accusationGuard(at('city.housing')).includes(at('shunde.housing')));
});
