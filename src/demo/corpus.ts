/**
 * Realistic Chinese petition content for demo data and tests: topic templates over what people in a Guangdong
 * city actually petition about, slot-filled with names, Foshan towns, estates, companies, dates and amounts.
 * Deterministic for a given seed (mulberry32). Every person, estate, company and village here is invented.
 */
import { categoryCodeByNames } from '../domain/categories.ts';
import { idChecksumChar } from '../domain/id-number.ts';
import { DISTRICTS, foshanTowns, foshanUnits, townOfficeName, type DistrictSlug, type UnitSeed } from '../org/foshan.ts';

export interface Rng {
  /** a number in [0, 1) */
  next(): number;
}

/** mulberry32: a small, fast, deterministic PRNG (32-bit state). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

export type DemoChannel = 'letter' | 'visit' | 'online' | 'phone' | 'video' | 'hotline';
export type DemoPurpose = 'demand' | 'appeal' | 'accusation' | 'suggestion' | 'consultation' | 'other';

export interface DemoPetitioner {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  isRepresentative?: boolean;
}

export interface DemoPetitionDraft {
  channel: DemoChannel;
  title: string;
  content: string;
  purpose: DemoPurpose;
  /** a level-3 code of CATEGORIES */
  categoryCode: string;
  districtSlug: DistrictSlug;
  townCode: string;
  address: string;
  respondentName?: string;
  /** the dept line of the unit complained about (absent for town offices and non-government respondents) */
  respondentDept?: string;
  /** the key of the unit complained about, when it is a unit of foshanUnits() */
  respondentUnitKey?: string;
  petitioners: DemoPetitioner[];
  headcount: number;
  /** the dept line that should handle it */
  suggestedDept: string;
  /** which template produced it (for tests and debugging) */
  topic: string;
}

// ---------------------------------------------------------------------------------------------------------------
// small helpers over the RNG

function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

function pick<T>(rng: Rng, arr: readonly T[]): T {
  const v = arr[Math.floor(rng.next() * arr.length)];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [v, w] of items) {
    r -= w;
    if (r < 0) return v;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}

// ---------------------------------------------------------------------------------------------------------------
// vocabularies

const SURNAMES = [
  '陈', '陈', '陈', '李', '李', '黄', '黄', '梁', '梁', '何', '张', '林', '罗', '吴', '周', '郭', '冯', '麦', '伍', '区',
  '潘', '卢', '谭', '邓', '刘', '杨', '关', '苏', '蔡', '叶', '钟', '霍', '招', '冼', '彭', '曾', '胡', '邱', '余', '谢',
  '欧阳', '司徒', '莫', '岑', '简', '容', '龙', '孔', '严', '温',
];
const GIVEN = [
  '伟', '强', '明', '华', '志', '国', '建', '文', '杰', '俊', '家', '锦', '荣', '永', '浩', '振', '启', '德', '嘉', '耀',
  '秀', '丽', '美', '玲', '芳', '燕', '婷', '敏', '慧', '欣', '雪', '碧', '淑', '惠', '佩', '婉', '彩', '凤', '少', '月',
  '坚', '达', '辉', '光', '海', '泉', '标', '成', '祖', '添', '富', '胜', '权', '培', '炳', '洪', '灿', '桂', '银', '金',
];
const ESTATE_HEADS = [
  '锦绣', '翠湖', '江南明珠', '东海岸', '御景湾', '金沙湾', '丽日', '怡景', '君悦', '海逸', '碧水', '星河', '凯旋', '南峰',
  '华翠', '逸林', '名都', '桂花', '富华', '骏景', '天悦', '美林', '龙湖湾', '汇景', '悦澜', '宏宇', '聚龙', '荷塘月色',
];
const ESTATE_TAILS = ['花园', '豪庭', '名苑', '华府', '新城', '雅居', '半岛', '山庄', '广场', '公馆'];
const COMPANY_HEADS = [
  '恒丰', '鸿达', '兴利', '利华', '宏图', '永盛', '金冠', '广源', '富达', '骏腾', '盈科', '协和', '新锐', '正通', '大展',
  '华凯', '俊朗', '长青', '万隆', '明瑞', '伟业', '美佳', '顺成', '源兴', '嘉信',
];
const INDUSTRY_DEFAULT = ['五金制品', '塑料制品', '电器', '家具', '建材', '纺织', '服装', '物流', '印刷', '包装材料'];
/** the industries a town is known for (keyed by the short town name) */
const TOWN_INDUSTRY: Record<string, readonly string[]> = {
  南庄: ['陶瓷', '陶瓷釉料'], 石湾: ['陶瓷', '不锈钢制品'], 张槎: ['针织', '纺织'], 祖庙: ['服装', '印刷'],
  乐从: ['家具', '钢材贸易'], 龙江: ['家具', '家具材料'], 大沥: ['铝型材', '有色金属'], 北滘: ['家电', '电器配件'],
  容桂: ['家电', '涂料'], 西樵: ['纺织', '面料'], 均安: ['牛仔服装', '纺织'], 狮山: ['汽车配件', '有色金属'],
  杏坛: ['五金', '塑料制品'], 勒流: ['五金', '小家电'], 伦教: ['木工机械', '珠宝加工'], 陈村: ['花卉', '机械'],
  白坭: ['建材', '金属加工'], 芦苞: ['食品', '建材'], 乐平: ['化工', '建材'], 更合: ['石材', '木材'],
  明城: ['纺织', '建材'], 杨和: ['铝型材', '家具'], 九江: ['酒业', '水产加工'], 丹灶: ['五金', '汽车配件'],
  里水: ['袜业', '五金'], 大塘: ['金属加工', '食品'],
};
const VILLAGE_HEADS = [
  '东', '西', '南', '北', '新', '上', '下', '大', '石', '沙', '龙', '水', '岗', '塘', '平', '华', '岭', '桂', '莲', '冲',
];
const VILLAGE_TAILS = ['基', '头', '边', '涌', '滘', '洲', '围', '坑', '岗', '圳', '田', '塘', '海', '桥'];
const ROADS_BY_DISTRICT: Record<DistrictSlug, readonly string[]> = {
  chancheng: ['季华路', '汾江中路', '佛山大道中', '岭南大道北', '魁奇路', '绿景路', '文华北路', '江湾一路'],
  nanhai: ['桂澜路', '南海大道', '海八路', '广佛公路', '里广路', '樵高路', '狮山大道', '黄岐大道'],
  shunde: ['德胜路', '大良凤山路', '容奇大道', '105国道', '顺峰山路', '碧桂路', '乐从大道', '龙洲路'],
  sanshui: ['三水大道', '西南广场路', '健力宝南路', '云东海大道', '芦苞大道', '乐平大道'],
  gaoming: ['荷城大道', '沧江路', '文华路', '明城大道', '更合大道', '杨和大道'],
};
const PHONE_PREFIXES = ['139', '138', '137', '136', '135', '150', '158', '159', '186', '189', '188', '133', '177', '131', '134'];

// ---------------------------------------------------------------------------------------------------------------
// slot context

interface Ctx {
  rng: Rng;
  district: { slug: DistrictSlug; code: string; name: string };
  /** 顺德区 */
  dq: string;
  /** 大良街道 */
  town: string;
  townCode: string;
  /** 大良 */
  ts: string;
  village: string;
  community: string;
  estate: string;
  company: string;
  industry: string;
  road: string;
  school: string;
  hospital: string;
  /** the main petitioner */
  name: string;
  /** headcount */
  n: number;
  year: number;
  d1: string;
  d2: string;
  d3: string;
  /** an integer in [min, max] */
  k(min: number, max: number): number;
  /** an amount in yuan, rounded to step, formatted */
  m(min: number, max: number, step?: number): string;
  /** an anonymised third person: 陈某 / 陈某某 */
  who(): string;
  p<T>(arr: readonly T[]): T;
  /** the unit or party complained about, when the topic names one (set before the texts are written) */
  resp: string;
  /** a (fictitious) investment company */
  fin: string;
}

function shortTown(name: string): string {
  return name.replace(/街道$/, '').replace(/镇$/, '');
}

function personName(rng: Rng): string {
  const s = pick(rng, SURNAMES);
  const g = rng.next() < 0.2 && s.length === 1 ? pick(rng, GIVEN) : pick(rng, GIVEN) + pick(rng, GIVEN);
  return s + g;
}

function cnDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

const DAY = 86_400_000;

function makeCtx(rng: Rng, headcount: number): Ctx {
  const district = pick(rng, DISTRICTS);
  const town = pick(rng, foshanTowns(district.code));
  const ts = shortTown(town.name);
  const year = int(rng, 2019, 2024);
  const t1 = Date.UTC(year, 0, 1) + int(rng, 0, 240) * DAY;
  const t2 = t1 + int(rng, 12, 150) * DAY;
  const t3 = t2 + int(rng, 5, 90) * DAY;
  const industry = pick(rng, TOWN_INDUSTRY[ts] ?? INDUSTRY_DEFAULT);
  const vh = pick(rng, VILLAGE_HEADS) + pick(rng, VILLAGE_TAILS);
  return {
    rng,
    district,
    dq: district.name,
    town: town.name,
    townCode: town.code,
    ts,
    village: `${vh}村`,
    community: `${pick(rng, VILLAGE_HEADS)}${pick(rng, ['华', '苑', '宁', '安', '兴', '明', '和'])}社区`,
    estate: pick(rng, ESTATE_HEADS) + pick(rng, ESTATE_TAILS),
    company: `佛山市${district.name}${pick(rng, COMPANY_HEADS)}${industry}有限公司`,
    industry,
    road: pick(rng, ROADS_BY_DISTRICT[district.slug]),
    school: `${ts}${pick(rng, ['中心', '实验', '第一', '第二', '育才', '新城', '德育'])}小学`,
    hospital: pick(rng, [`${district.name}第一人民医院`, `${ts}医院`, `${district.name}中医院`, `${district.name}人民医院`, '佛山市某三甲医院']),
    name: personName(rng),
    n: headcount,
    year,
    d1: cnDate(t1),
    d2: cnDate(t2),
    d3: cnDate(t3),
    k: (min, max) => int(rng, min, max),
    m: (min, max, step = 100) => `${Math.round(int(rng, min, max) / step) * step}元`,
    who: () => `${pick(rng, SURNAMES)}某${rng.next() < 0.5 ? '某' : ''}`,
    p: (arr) => pick(rng, arr),
    resp: '',
    fin: `佛山${pick(rng, COMPANY_HEADS)}${pick(rng, ['财富管理', '投资咨询', '供应链管理', '金融信息服务', '资产管理'])}有限公司`,
  };
}

/** "我们X户/名…": a group phrase when several people come, else 本人 */
function we(c: Ctx): string {
  return c.n > 1 ? `我们${c.n}人` : `本人${c.name}`;
}

// ---------------------------------------------------------------------------------------------------------------
// topics

type Text = (c: Ctx) => string;

interface Respondent {
  name: string;
  dept?: string;
  unitKey?: string;
}

interface Topic {
  key: string;
  /** category names root → leaf */
  cat: readonly [string, string, string];
  dept: string;
  purpose: DemoPurpose | readonly (readonly [DemoPurpose, number])[];
  weight: number;
  /** probability that it comes as a group (2–12 people) */
  group: number;
  titles: readonly Text[];
  bodies: readonly Text[];
  respondent?: (c: Ctx) => Respondent;
}

let unitCache: UnitSeed[] | undefined;
function units(): UnitSeed[] {
  unitCache ??= foshanUnits();
  return unitCache;
}

function districtUnit(c: Ctx, depts: readonly string[]): Respondent {
  const dept = c.p(depts);
  const u = units().find((x) => x.key === `${c.district.slug}.${dept}`);
  if (!u) throw new Error(`no unit ${c.district.slug}.${dept}`);
  return { name: u.name, dept, unitKey: u.key };
}

function townUnit(c: Ctx): Respondent {
  const key = `${c.district.slug}.town.${c.townCode}`;
  return { name: townOfficeName(c.town), unitKey: key };
}

const TOPICS: readonly Topic[] = [
  {
    key: 'property-fees', cat: ['城乡建设', '住房保障与房地产', '物业管理'], dept: 'housing', purpose: 'demand', weight: 2.2, group: 0.25,
    titles: [
      (c) => `反映${c.town}${c.estate}物业公司乱收费问题`,
      (c) => `${c.estate}物业服务质量差，要求更换物业公司`,
      (c) => `投诉${c.estate}物业擅自上调管理费`,
      (c) => `关于${c.ts}${c.estate}电梯长期故障无人维修的问题`,
      (c) => `${c.estate}业主要求公开小区公共收益`,
    ],
    bodies: [
      (c) => `我们是${c.dq}${c.town}${c.estate}的业主。${c.d1}起，小区物业公司在未经业主大会表决的情况下，将物业管理费从每平方米${c.k(12, 18) / 10}元上调至${c.k(20, 32) / 10}元，并以停水停电相威胁催缴。小区${c.k(2, 12)}栋电梯多次困人，消防设施损坏，物业一直推诿不修。请求主管部门依法查处，督促物业公司规范收费、履行服务义务。`,
      (c) => `${we(c)}住${c.town}${c.estate}。小区地下车库自${c.d1}起多次积水，业主车辆被浸泡，物业公司拒绝承担责任。业主申请成立业主委员会，${c.d2}递交材料后被以材料不全为由拖延至今。希望有关部门指导成立业委会，并责成物业公司公开近三年账目。`,
      (c) => `${c.estate}共有业主约${c.k(3, 15) * 100}户。物业公司将小区公共区域出租作广告位和停车位，每年收益估计超过${c.m(80000, 400000, 1000)}，但从未向业主公示。${c.d2}又以"调整服务标准"为由削减保安和保洁人员，小区内垃圾堆积、夜间无人巡逻。多次向物业和${c.community}居委会反映无果，请求${c.dq}住建部门核查公共收益去向。`,
      (c) => `${c.ts}${c.estate}${c.k(1, 9)}座的两台电梯从${c.d1}开始频繁故障，${c.d2}再次发生困人事件，一名老人被困四十多分钟。物业公司称维修费用需业主另行分摊，每户${c.m(800, 3000)}。我们认为日常维保属于物业服务合同内容，请求市场监管和住建部门督促整改。`,
    ],
  },
  {
    key: 'maintenance-fund', cat: ['城乡建设', '住房保障与房地产', '住宅专项维修资金'], dept: 'housing', purpose: 'demand', weight: 1, group: 0.2,
    titles: [
      (c) => `${c.estate}申请使用维修资金审批太慢`,
      (c) => `要求查明${c.estate}住宅专项维修资金使用情况`,
      (c) => `${c.town}${c.estate}外墙脱落急需动用维修基金`,
      (c) => `${c.ts}老旧小区${c.estate}电梯更新资金问题`,
    ],
    bodies: [
      (c) => `${c.town}${c.estate}${c.k(1, 12)}栋外墙瓷砖多处脱落，${c.d1}曾砸坏楼下停放的车辆，存在严重安全隐患。业主按程序于${c.d2}提交了住宅专项维修资金使用申请，已取得超过三分之二业主签名同意，但至今未获审批。请求尽快审核拨付，避免发生伤人事故。`,
      (c) => `本人${c.name}是${c.estate}业主。近日查询得知小区专项维修资金账户余额比去年减少约${c.m(50000, 300000, 1000)}，但业主从未被告知有任何维修项目表决。怀疑物业公司与施工方虚报工程套取资金，请求主管部门调取使用记录并向全体业主公开。`,
      (c) => `${c.ts}${c.estate}建成已近二十年，${c.k(2, 8)}台电梯年检多次要求整改。业主申请动用维修资金更换电梯，因部分业主长期失联，无法达到法定表决比例，事情从${c.d1}搁置至今。希望${c.dq}出台老旧小区电梯更新的简化程序，或给予适当财政补贴。`,
    ],
  },
  {
    key: 'new-home', cat: ['城乡建设', '住房保障与房地产', '商品房质量与交付'], dept: 'housing', purpose: 'demand', weight: 1.4, group: 0.4,
    titles: [
      (c) => `${c.estate}开发商逾期交楼`,
      (c) => `反映${c.town}${c.estate}商品房质量问题`,
      (c) => `${c.estate}业主要求开发商尽快办理不动产权证`,
      (c) => `${c.ts}${c.estate}二期停工烂尾，购房者求助`,
    ],
    bodies: [
      (c) => `我们是${c.town}${c.estate}二期的购房业主，共${c.k(60, 400)}余户。购房合同约定${c.d1}前交楼，开发商至今仍未取得竣工验收备案，工地已停工数月。大部分业主每月要还房贷${c.m(3000, 9000)}左右，同时还要租房居住，负担沉重。请求政府督促开发商尽快复工交楼，并按合同支付逾期违约金。`,
      (c) => `本人${c.name}于${c.year - 2}年购买${c.estate}${c.k(1, 20)}座一套住房，收楼后发现墙体开裂、卫生间渗水、窗户密封不严，多次报修开发商只做表面修补。${c.d2}暴雨期间房屋严重渗水，家具电器损坏，损失约${c.m(8000, 40000)}。请求住建部门组织质量鉴定，责令开发商彻底维修并赔偿损失。`,
      (c) => `${c.dq}${c.estate}已交楼${c.k(2, 6)}年，开发商因欠缴土地出让金和配套费用，至今无法为业主办理不动产权证书，子女入学、落户都受影响。业主多次到${c.town}和区住建部门反映，答复一直是"正在协调"。恳请领导重视，给出明确的办证时间表。`,
    ],
  },
  {
    key: 'public-rental', cat: ['城乡建设', '住房保障与房地产', '公租房与保障性住房'], dept: 'housing', purpose: [['demand', 3], ['appeal', 1], ['consultation', 1]], weight: 0.8, group: 0,
    titles: [
      (c) => `申请${c.dq}公租房多年仍在轮候`,
      () => `对公租房资格审核结果有异议`,
      (c) => `咨询${c.dq}公租房申请条件`,
      (c) => `${c.ts}公租房小区维修不及时`,
    ],
    bodies: [
      (c) => `本人${c.name}，在${c.town}工作生活十多年，家庭人均月收入不足${c.m(1800, 3000)}，${c.d1}向${c.town}提交公租房申请，至今仍在轮候。目前一家${c.k(3, 6)}口租住在城中村不足二十平方米的单间，孩子上学也不方便，请求尽快安排配租。`,
      (c) => `${c.d1}我申请${c.dq}公租房，${c.d2}收到不予通过的通知，理由是名下有车辆。该车是${c.year - 9}年购买的二手车，现值不足${c.m(5000, 15000)}，已无法正常使用。我认为仅凭名下有车就否定资格不合理，请求重新审核。`,
      (c) => `本人在${c.town}一家${c.industry}企业上班，非本市户籍，已连续缴纳社保${c.k(2, 8)}年。想了解外来务工人员申请${c.dq}公租房需要哪些条件、到哪里办理、轮候大概多长时间，以及能否与配偶合并申请。`,
    ],
  },
  {
    key: 'demolition', cat: ['城乡建设', '征地拆迁与城市更新', '拆迁补偿安置'], dept: 'housing', purpose: 'demand', weight: 1.6, group: 0.45,
    titles: [
      (c) => `${c.town}${c.village}拆迁补偿标准过低`,
      (c) => `要求落实${c.village}拆迁安置房交付`,
      (c) => `反映${c.road}扩建工程拆迁补偿不公`,
      (c) => `${c.ts}${c.village}拆迁户临时安置费被停发`,
    ],
    bodies: [
      (c) => `我们是${c.town}${c.village}的村民。${c.d1}，因${c.road}扩建工程需要，村内部分房屋被纳入征收范围。征收方给出的补偿标准为每平方米${c.k(2800, 5200)}元，远低于周边同类房屋市场价，且对${c.year - 25}年以前建成的房屋一律按临时建筑处理。涉及${c.k(15, 80)}户村民，请求依法重新评估并公开补偿依据。`,
      (c) => `本人${c.name}，原住${c.town}${c.village}，房屋于${c.d1}被拆除，签订协议时约定${c.k(18, 36)}个月内交付安置房，期间每月发放临时安置费${c.m(1500, 4000)}。现已逾期${c.k(6, 30)}个月，安置房仍未封顶，临时安置费也从${c.d2}起停发。请求督促实施主体履行协议。`,
      (c) => `${c.town}${c.village}更新改造项目中，同样面积、同样结构的房屋，有的补偿${c.m(600000, 1200000, 10000)}，有的只补偿${c.m(250000, 500000, 10000)}，评估结果没有公示。村民怀疑有人暗箱操作、关系户多拿，请求公开评估报告和每户补偿明细，对不公部分重新核定。`,
    ],
  },
  {
    key: 'urban-renewal', cat: ['城乡建设', '征地拆迁与城市更新', '旧城镇旧厂房旧村庄改造'], dept: 'natural', purpose: [['demand', 3], ['suggestion', 1]], weight: 0.9, group: 0.35,
    titles: [
      (c) => `${c.village}村级工业园改造项目停滞`,
      (c) => `对${c.town}村级工业园改造搬迁补偿有意见`,
      (c) => `${c.ts}旧厂房改造后地块长期闲置`,
    ],
    bodies: [
      (c) => `${c.town}${c.village}村级工业园改造项目于${c.d1}经村民表决通过，原有厂房已全部清退，但至今地块仍然荒置，村集体每年少了约${c.m(1000000, 5000000, 10000)}租金收入，村民分红大幅减少。请求查明项目停滞原因，督促合作企业按期开发。`,
      (c) => `我们是在${c.town}${c.village}工业园租厂经营的${c.k(8, 40)}家${c.industry}企业。租约尚有${c.k(2, 6)}年到期，村里要求${c.d2}前全部搬离，只给每平方米${c.k(80, 300)}元搬迁补偿，设备拆装和停产损失远远不够，还涉及${c.k(200, 1500)}名工人的安置。请求政府统筹协调，给予合理过渡期和补偿。`,
      (c) => `${c.ts}${c.village}旧厂房改造项目${c.year - 1}年动工，原规划为商业和人才公寓，${c.d1}后工地一直停工，围挡破损，积水滋生蚊虫。建议${c.dq}加强对改造项目的跟踪监管，对长期不开发的项目依约收回重新招商。`,
    ],
  },
  {
    key: 'illegal-building', cat: ['城乡建设', '规划与违法建设', '违章建筑'], dept: 'urban', purpose: 'demand', weight: 1.3, group: 0.1,
    titles: [
      (c) => `反映${c.estate}楼顶违法搭建`,
      (c) => `${c.town}${c.road}旁有人违规加建厂房`,
      () => `邻居违章加建影响采光和通风`,
      (c) => `${c.ts}${c.village}河涌边违建长期无人处理`,
    ],
    bodies: [
      (c) => `${c.town}${c.estate}${c.k(1, 15)}座顶楼住户从${c.d1}开始在楼顶搭建钢结构房屋，面积约${c.k(40, 150)}平方米，占用公共天台，并导致楼下多户天花渗水。业主多次向物业和${c.community}反映，对方称无权制止。请求执法部门依法拆除。`,
      (c) => `${c.dq}${c.town}${c.road}旁原为农用地，${c.d1}以来有人连夜搭建铁皮厂房${c.k(3, 10)}栋，现已出租给${c.industry}作坊使用，噪音和粉尘严重。我们向${c.town}反映过${c.k(2, 5)}次，至今未见处理。请求依法查处并拆除违法建筑。`,
      (c) => `本人${c.name}住${c.town}${c.village}。邻居${c.who()}于${c.d2}起在原宅基地上加建至${c.k(5, 7)}层，与我家间距不足一米，完全挡住采光，施工还造成我家墙体开裂，修复估计需${c.m(10000, 60000)}。多次协商无果，请求核查其是否取得规划许可。`,
    ],
  },
  {
    key: 'construction-noise', cat: ['城乡建设', '规划与违法建设', '建筑施工扰民'], dept: 'ecology', purpose: 'demand', weight: 1.2, group: 0.15,
    titles: [
      (c) => `${c.estate}旁工地夜间施工噪音扰民`,
      (c) => `${c.road}工地深夜施工严重影响休息`,
      (c) => `投诉${c.town}某工地凌晨打桩`,
      (c) => `${c.ts}地铁工地噪音和扬尘问题`,
    ],
    bodies: [
      (c) => `${c.town}${c.estate}东侧的建筑工地从${c.d1}开始几乎每晚施工到凌晨两三点，打桩机和泥头车噪音极大，小区里有高考生和婴儿，居民无法入睡。我们多次拨打12345热线，施工方只停一两晚又继续。请求查明其是否办理夜间施工许可并依法处罚。`,
      (c) => `${c.dq}${c.road}沿线工地近${c.k(1, 4)}个月持续夜间作业，混凝土泵车轰鸣，晚上十一点后仍在切割钢筋。${c.d2}晚居民报警，民警到场后施工暂停半小时。希望环保部门在夜间开展噪声监测，督促施工方合理安排作业时间。`,
      (c) => `本人${c.name}住${c.ts}${c.community}，楼下工地白天扬尘、晚上噪音，${c.d1}至今已持续${c.k(2, 8)}个月。家里老人有心脏病，长期失眠病情加重。请求相关部门严格执行夜间施工审批，并在工地周边设置噪声监测屏。`,
    ],
  },
  {
    key: 'neighbourhood-noise', cat: ['环境保护', '噪声污染', '社会生活噪声'], dept: 'police', purpose: 'demand', weight: 1.3, group: 0.1,
    titles: [
      (c) => `${c.town}${c.community}广场舞音响声音过大`,
      (c) => `${c.road}大排档深夜经营噪音扰民`,
      () => `楼下酒吧和KTV噪音严重影响休息`,
      (c) => `${c.estate}楼上住户长期深夜噪音`,
    ],
    bodies: [
      (c) => `${c.town}${c.community}文化广场每晚七点到十点有多支广场舞队同时播放音乐，音箱声音极大，周边${c.estate}的居民连看电视都听不清。${c.d1}以来多次拨打110和12345，每次来人劝一下又恢复原样。希望划定活动时间和音量标准，安排专人管理。`,
      (c) => `${c.dq}${c.road}${c.k(10, 300)}号附近的几家大排档每晚营业到凌晨三四点，食客喧哗划拳、摩托车来往，油烟也直冲住户窗户。本人${c.name}家住二楼，家中孩子${c.d2}起因长期睡眠不足生病。请求公安和城管部门联合整治。`,
      (c) => `${c.ts}${c.estate}楼下商铺${c.d1}开了一家清吧，每晚有现场乐队演出，低音炮震得窗户发响，一直持续到凌晨两点以后。我们向派出所反映过${c.k(3, 8)}次，店家依然我行我素。请求依法处罚并责令加装隔音设施。`,
    ],
  },
  {
    key: 'factory-pollution', cat: ['环境保护', '水污染', '工业废水排放'], dept: 'ecology', purpose: 'demand', weight: 1.5, group: 0.3,
    titles: [
      (c) => `${c.company}偷排废水污染河涌`,
      (c) => `反映${c.town}${c.village}工业区废水直排`,
      (c) => `${c.village}附近${c.industry}作坊夜间排污`,
      (c) => `要求查处${c.ts}某${c.industry}厂违法排污`,
    ],
    bodies: [
      (c) => `${c.town}${c.village}旁的${c.company}长期在夜间通过暗管向河涌排放废水，${c.d1}起河水发黑发臭，河里的鱼成片死亡。附近鱼塘养殖户损失约${c.m(20000, 200000, 1000)}。我们拍了视频和照片，请求生态环境部门夜间突击检查，依法查处并追究责任。`,
      (c) => `${c.dq}${c.town}${c.village}工业区聚集了${c.k(10, 50)}多家${c.industry}小作坊，生产废水不经处理直接排进雨水管，下雨天路面都是泡沫。${c.d2}村民取样送检，结果显示化学需氧量严重超标。请求对工业区进行集中整治，取缔无证作坊。`,
      (c) => `本人${c.name}在${c.ts}${c.village}承包鱼塘${c.k(5, 40)}亩，${c.d1}上游${c.company}排放的废水流入塘中，三天内死鱼约${c.k(2, 20)}千斤，直接损失${c.m(30000, 300000, 1000)}。企业拒绝承认，请求环保部门认定污染责任并督促赔偿。`,
    ],
  },
  {
    key: 'factory-air', cat: ['环境保护', '大气污染', '工业废气'], dept: 'ecology', purpose: 'demand', weight: 1.1, group: 0.3,
    titles: [
      (c) => `${c.town}${c.village}工业区废气刺鼻`,
      (c) => `${c.company}排放废气影响周边居民健康`,
      (c) => `${c.estate}附近工厂夜间排放异味`,
    ],
    bodies: [
      (c) => `${c.town}${c.estate}附近的${c.company}每天傍晚到凌晨排放刺鼻气味，像烧塑料又像油漆味，小区居民不敢开窗，不少小孩出现咳嗽、皮肤过敏。${c.d1}以来业主群统计投诉超过${c.k(50, 400)}人次。请求对该企业废气排放进行监测，不达标的依法停产整改。`,
      (c) => `${c.ts}${c.village}村民反映：村东${c.industry}厂烟囱经常冒黑烟，${c.d2}前后周边菜地叶片发黄枯死。工厂距离村民住宅不足两百米，环评时村民并不知情。请求公开该厂环评和排污许可情况，并加装在线监测设备。`,
    ],
  },
  {
    key: 'black-river', cat: ['环境保护', '水污染', '河涌黑臭'], dept: 'ecology', purpose: [['demand', 2], ['suggestion', 2]], weight: 0.8, group: 0.2,
    titles: [
      (c) => `${c.town}${c.village}河涌黑臭反弹`,
      (c) => `建议加快${c.ts}${c.community}段河涌整治`,
      (c) => `${c.village}涌整治工程完工后水质未改善`,
    ],
    bodies: [
      (c) => `${c.town}${c.village}村内河涌在${c.year - 1}年完成截污整治，但${c.d1}以后又开始发黑发臭，水面漂浮生活垃圾，夏天蚊虫成群。经了解，沿岸有部分出租屋和餐饮店的污水仍直排河涌。请求重新排查排污口，落实河长巡河责任。`,
      (c) => `${c.ts}${c.community}附近河涌两岸人口密集，每逢下雨就有大量污水溢流。建议${c.dq}加快雨污分流管网改造，在河涌两侧建设碧道和休闲步道，既改善水质，也方便群众散步健身。本人${c.name}愿意担任民间河长参与监督。`,
      (c) => `${c.village}涌整治工程投资${c.m(3000000, 20000000, 100000)}，${c.d2}宣布完工，但现在河水依然浑浊、有异味，清淤的淤泥堆在岸边没有运走。村民质疑工程质量，请求对整治效果进行第三方评估，公开工程验收资料。`,
    ],
  },
  {
    key: 'kitchen-fumes', cat: ['环境保护', '大气污染', '餐饮油烟'], dept: 'urban', purpose: 'demand', weight: 0.7, group: 0,
    titles: [
      (c) => `${c.estate}楼下餐馆油烟直排`,
      (c) => `投诉${c.road}烧烤店油烟噪音扰民`,
      (c) => `${c.ts}商住楼餐饮油烟问题`,
    ],
    bodies: [
      (c) => `${c.town}${c.estate}${c.k(1, 10)}座一楼商铺${c.d1}开了一家湘菜馆，未安装油烟净化设施，排烟管直接对着住户窗户，油烟熏得家里墙面发黄，晾晒的衣服无法收。本人${c.name}多次与店家协商无果，请求依法责令整改。`,
      (c) => `${c.dq}${c.road}一家烧烤店每天下午五点到凌晨在门口露天烧烤，浓烟弥漫整条街，楼上住户苦不堪言。${c.d2}向城管反映后，店家只是把炉子往里挪了挪。请求按照住宅楼内禁止新建产生油烟餐饮项目的规定处理。`,
    ],
  },
  {
    key: 'unpaid-wages', cat: ['劳动和社会保障', '劳动报酬', '拖欠工资'], dept: 'hrss', purpose: 'demand', weight: 2.2, group: 0.6,
    titles: [
      (c) => `${c.company}拖欠工人工资`,
      (c) => `讨要${c.town}某工地农民工工资`,
      (c) => `${c.company}老板失联，工人工资无着落`,
      (c) => `${c.ts}${c.industry}厂拖欠${c.k(2, 6)}个月工资`,
    ],
    bodies: [
      (c) => `${we(c)}是${c.company}的员工，公司自${c.d1}起以资金周转困难为由停发工资，至今已拖欠${c.k(2, 6)}个月，共涉及工人${c.k(20, 260)}名，欠薪总额约${c.m(300000, 3000000, 10000)}。${c.d2}老板突然关停工厂、电话关机，设备正被陆续拉走。请求劳动监察部门立即介入，查封财产，依法追讨工资。`,
      (c) => `我们是在${c.town}${c.estate}项目干活的农民工，共${c.k(12, 60)}人，从事钢筋和模板工程。包工头${c.who()}称总包单位没有拨付进度款，欠我们工资${c.m(200000, 1500000, 1000)}至今未付。${c.d2}到项目部讨薪被保安拦在门外。眼看要过年，请求政府帮忙讨回血汗钱。`,
      (c) => `本人${c.name}于${c.d1}入职${c.company}，担任操作工，月工资${c.m(4500, 7000)}。${c.d2}离职时公司仍欠我${c.k(2, 4)}个月工资和加班费共${c.m(10000, 30000)}，人事以"要等老板签字"为由一直拖延。请求劳动监察部门责令公司支付。`,
    ],
    respondent: (c) => ({ name: c.company }),
  },
  {
    key: 'social-insurance', cat: ['劳动和社会保障', '社会保险', '社保补缴'], dept: 'hrss', purpose: [['demand', 3], ['consultation', 1]], weight: 1.2, group: 0.2,
    titles: [
      (c) => `${c.company}未依法为员工缴纳社保`,
      (c) => `要求补缴${c.year - 10}年至${c.year - 6}年养老保险`,
      () => `咨询灵活就业人员社保补缴政策`,
      (c) => `${c.ts}某企业按最低基数缴纳社保`,
    ],
    bodies: [
      (c) => `本人${c.name}自${c.year - 6}年起在${c.company}工作，近期查询社保记录才发现，公司只为我缴纳了其中${c.k(1, 3)}年的养老保险，其余年份一直没有缴纳，但每月工资条上都扣了社保费用约${c.m(400, 900, 10)}。请求社保部门核查并责令公司补缴。`,
      (c) => `我今年${c.k(56, 62)}岁，${c.year - 12}年至${c.year - 6}年在${c.town}一家${c.industry}厂工作，工厂已倒闭，这几年的养老保险没有缴纳，导致我缴费年限不足十五年，无法办理退休。请求帮助认定劳动关系并办理补缴手续。`,
      (c) => `${c.company}一直按最低缴费基数为员工缴纳社保，而实际工资每月${c.m(6000, 12000)}左右，也没有缴纳住房公积金。我们${c.k(10, 80)}名员工已于${c.d1}向公司提出，至今没有答复。请求按实际工资基数督促补缴。`,
    ],
  },
  {
    key: 'work-injury', cat: ['劳动和社会保障', '劳动关系', '工伤认定与待遇'], dept: 'hrss', purpose: [['appeal', 2], ['demand', 2]], weight: 0.9, group: 0,
    titles: [
      () => `对工伤认定结论不服`,
      (c) => `${c.company}拒不支付工伤待遇`,
      (c) => `在${c.ts}厂区受伤后企业不申报工伤`,
    ],
    bodies: [
      (c) => `本人${c.name}原在${c.company}工作，${c.d1}下班途中在${c.road}发生交通事故受伤，交警认定对方负全部责任。${c.d2}我申请工伤认定，结论为不予认定，理由是事发路线不属于合理上下班路线。我每天都走这条路，认为认定有误，请求重新审查。`,
      (c) => `我丈夫${c.name}在${c.company}车间操作冲床时被压伤右手，${c.d1}已被认定为工伤八级。公司至今拒绝支付一次性伤残补助金和停工期间工资，共计约${c.m(80000, 200000, 1000)}，还要求他主动辞职。请求人社部门督促企业依法支付工伤待遇。`,
      (c) => `${c.d1}我在${c.ts}一家${c.industry}厂搬运货物时从货架摔下，腰椎骨折，住院花了${c.m(20000, 80000)}。老板只付了一部分医药费，说我是临时工不给申报工伤，也没有签劳动合同。请问我该如何确认劳动关系并申请工伤认定？`,
    ],
    respondent: (c) => ({ name: c.company }),
  },
  {
    key: 'school-place', cat: ['教育文体', '教育管理', '学位分配'], dept: 'education', purpose: 'demand', weight: 1.5, group: 0.2,
    titles: [
      (c) => `${c.estate}业主子女无法就近入读${c.school}`,
      (c) => `对${c.dq}积分入学排名结果有异议`,
      (c) => `${c.ts}学位紧张，要求增加公办学位`,
      (c) => `反映${c.town}学区划分不合理`,
    ],
    bodies: [
      (c) => `我们是${c.town}${c.estate}的业主，购房时开发商宣传小区对口${c.school}。今年${c.d2}公布学区划分，小区被划到距离约${c.k(3, 8)}公里外的学校，孩子上学要过两条主干道。涉及适龄儿童约${c.k(40, 200)}名，请求教育部门重新研究学区划分，就近安排学位。`,
      (c) => `本人${c.name}在${c.town}工作${c.k(5, 15)}年，孩子今年申请${c.dq}积分入学，积分${c.k(80, 160)}分，排名公布后却没有被录取，但同一个厂的同事积分比我低也被录取了。请求公开积分核算明细和录取名单，核查是否存在违规操作。`,
      (c) => `${c.ts}近年新建楼盘多，常住人口增长快，但公办小学多年没有新增。今年${c.school}一年级报名${c.k(600, 1200)}人，学位只有${c.k(200, 450)}个。建议${c.dq}加快在${c.community}一带建设新学校，短期内通过扩班、租用校舍等办法缓解学位紧张。`,
    ],
  },
  {
    key: 'school-fees', cat: ['教育文体', '教育管理', '教育收费'], dept: 'education', purpose: 'demand', weight: 0.8, group: 0.3,
    titles: [
      (c) => `${c.town}某民办学校乱收费`,
      () => `校外培训机构停业，学费无法退还`,
      (c) => `${c.school}强制学生购买教辅资料`,
    ],
    bodies: [
      (c) => `${c.town}一所民办学校${c.d1}通知家长，下学期学费从每学期${c.m(6000, 9000)}上涨到${c.m(10000, 15000)}，另外还要交"赞助费"和"校服费"，没有经过任何听证。我们认为涨幅过大，请求教育和价格主管部门核查其收费是否经过备案。`,
      (c) => `我们是${c.ts}一家少儿英语培训机构的学员家长，共${c.k(30, 200)}户。机构${c.d2}突然关门，负责人失联，每户预交的课时费在${c.m(5000, 30000)}不等。请求教育部门和市场监管部门介入，追讨学费，并加强对预收费的监管。`,
      (c) => `${c.school}要求每个学生通过指定书店购买教辅和练习册，每学期${c.m(200, 600, 10)}，老师说不买的学生作业无法完成。我们认为这属于变相强制收费，请求教育局调查处理。`,
    ],
  },
  {
    key: 'traffic-jam', cat: ['交通运输', '道路交通管理', '交通拥堵'], dept: 'transport', purpose: [['suggestion', 3], ['demand', 1]], weight: 1.1, group: 0,
    titles: [
      (c) => `建议优化${c.road}与${c.p(['主干道', '辅道', '高速出口', '学校路段'])}交通组织`,
      (c) => `${c.town}${c.road}早晚高峰严重拥堵`,
      (c) => `${c.ts}${c.school}门口上下学时段交通混乱`,
    ],
    bodies: [
      (c) => `${c.dq}${c.road}是${c.town}进出主干道，早晚高峰车流量大，红绿灯配时不合理，左转车道只有一条，经常排队一公里以上。建议增设左转待行区、优化信号灯配时，并在${c.d2}前完成路口渠化改造，缓解拥堵。`,
      (c) => `${c.ts}${c.school}门口道路狭窄，每天上午七点半和下午四点半家长接送车辆乱停，电动车逆行，孩子们在车流中穿行非常危险。建议设置临时停车接送区，安排交警和志愿者在高峰时段疏导，并加装减速带和人行横道信号灯。`,
      (c) => `${c.town}${c.road}从${c.d1}开始封闭施工，绕行路线没有提前公告，导航也没有更新，每天堵车一个多小时，公交车严重晚点。请求施工单位和交通部门合理设置绕行标志，公布完工时间。`,
    ],
  },
  {
    key: 'parking', cat: ['交通运输', '道路交通管理', '停车管理'], dept: 'transport', purpose: [['demand', 2], ['suggestion', 2]], weight: 1, group: 0.1,
    titles: [
      (c) => `${c.estate}周边停车难问题`,
      (c) => `${c.town}${c.road}路边停车收费不合理`,
      (c) => `建议在${c.ts}${c.community}增设公共停车场`,
    ],
    bodies: [
      (c) => `${c.town}${c.estate}建成较早，车位与住户比例不到一比三，很多业主只能把车停在路边，${c.d1}以来频繁被贴罚单，每次罚款200元。希望相关部门在小区周边规划夜间临时停车位，或协调附近单位停车场错时开放。`,
      (c) => `${c.dq}${c.road}路边停车位${c.d2}起由第三方公司收费，首小时${c.k(3, 8)}元，之后每小时加价，而且收费员不出具正规票据，手机缴费系统经常出错重复扣费。请求核查其收费是否合规，并公开收费依据和收入去向。`,
      (c) => `${c.ts}${c.community}附近有菜市场、卫生院和学校，周末车辆乱停乱放，消防通道经常被堵。附近有一块闲置空地，建议改造为公共停车场，既解决停车难又能增加集体收入。`,
    ],
  },
  {
    key: 'bus-route', cat: ['交通运输', '公共交通', '公交线路与站点'], dept: 'transport', purpose: [['suggestion', 4], ['demand', 1]], weight: 0.8, group: 0,
    titles: [
      (c) => `建议开通${c.ts}至${c.p(['禅城', '千灯湖', '广州南站', '顺德新城', '佛山西站', '三水新城'])}的公交线路`,
      (c) => `${c.estate}附近公交站点被取消`,
      (c) => `${c.town}公交班次太少，等车时间过长`,
    ],
    bodies: [
      (c) => `${c.town}${c.estate}一带已有居民上万人，但最近的公交站要步行二十分钟，很多上班族每天只能打车或骑电动车。建议开通直达地铁站的社区接驳线，早晚高峰加密班次，方便群众出行。`,
      (c) => `原经过${c.estate}的公交线路${c.d1}调整后取消了小区门口站点，附近老人去${c.hospital}看病要换乘两次。本人${c.name}代表部分居民请求恢复该站点，或另开一条社区微循环线路。`,
      (c) => `${c.ts}${c.village}一带的公交线路每小时只有一班，晚上七点后就停运，在工业区上夜班的工人回家很困难。建议延长末班车时间，周末加开班次。`,
    ],
  },
  {
    key: 'medical-dispute', cat: ['卫生计生', '医疗服务', '医疗纠纷'], dept: 'health', purpose: 'demand', weight: 1.1, group: 0.15,
    titles: [
      (c) => `对${c.hospital}诊疗过程有异议`,
      (c) => `家属在${c.hospital}手术后死亡，要求查明原因`,
      (c) => `反映${c.hospital}误诊延误治疗`,
    ],
    bodies: [
      (c) => `本人${c.name}的母亲${c.d1}因腹痛到${c.hospital}就诊，医生诊断为胃炎开药后让其回家，两天后病情加重被确诊为阑尾穿孔，转院手术后住院${c.k(10, 30)}天，花费${c.m(30000, 120000)}。我们认为首诊医生存在误诊，请求卫生健康部门组织调查，并指导医患双方通过医疗纠纷人民调解解决。`,
      (c) => `我父亲${c.d1}在${c.hospital}做心脏支架手术，术后当晚出现异常，值班医生迟迟未到，次日凌晨抢救无效死亡。医院至今不肯提供完整病历，只愿意"人道补偿"${c.m(20000, 50000)}。请求卫生行政部门封存病历，组织医疗事故技术鉴定。`,
      (c) => `${c.hospital}在${c.d2}为我孩子做扁桃体手术，术后出血再次手术，多花了医药费约${c.m(10000, 40000)}。医院称属于手术并发症，拒绝承担任何费用。请求主管部门核查手术是否规范，给予合理说法。`,
    ],
  },
  {
    key: 'medical-insurance', cat: ['卫生计生', '医疗保障', '医保报销'], dept: 'health', purpose: [['demand', 3], ['consultation', 2]], weight: 0.8, group: 0,
    titles: [
      () => `异地就医医保报销比例过低`,
      (c) => `${c.hospital}医保结算出错`,
      () => `咨询大病保险报销流程`,
    ],
    bodies: [
      (c) => `本人${c.name}参加${c.dq}城乡居民医保，${c.d1}因脑梗在广州住院治疗，总费用${c.m(80000, 200000, 1000)}，回来报销时只报了不到三成，理由是未办理异地就医备案。当时是急诊转院，根本来不及备案，请求按急诊规定重新核定。`,
      (c) => `${c.d2}我在${c.hospital}住院，出院结算时发现部分目录内药品被按自费项目计算，多付了约${c.m(2000, 12000)}。医院收费处和医保窗口互相推诿，请求医保部门核查并退还多收费用。`,
      (c) => `我家老人患尿毒症，每周透析三次，每年自付部分超过${c.m(30000, 80000, 1000)}。想咨询在${c.dq}如何申请门诊特定病种待遇和大病保险二次报销，需要准备哪些材料。`,
    ],
  },
  {
    key: 'village-dividend', cat: ['农村农业', '农村集体经济', '集体收益分配'], dept: 'agriculture', purpose: 'demand', weight: 1.4, group: 0.5,
    titles: [
      (c) => `${c.town}${c.village}集体分红不公`,
      (c) => `${c.village}经济社连续${c.k(2, 4)}年未分红`,
      (c) => `要求公开${c.village}集体资产收支账目`,
    ],
    bodies: [
      (c) => `我们是${c.town}${c.village}经济社的股东，${c.year - 1}年全社物业租金收入约${c.m(3000000, 12000000, 10000)}，但年终每股只分了${c.m(800, 3000)}，比往年少了一半以上。经济社理事会解释是用于修路和建祠堂，但没有经过股东代表大会表决，也没有公布账目。请求审计经济社财务，依法公开收支。`,
      (c) => `${c.ts}${c.village}经济社自${c.year - 3}年以来一直没有分红，理由是出租地块的租户欠租。但该地块承租人是村干部的亲戚，租金远低于市场价，合同期长达${c.k(20, 30)}年。请求农业农村部门核查租赁合同是否合法，追缴欠租。`,
      (c) => `本人${c.name}是${c.town}${c.village}村民，多次要求查看经济社账目被拒。${c.d1}村里召开股东大会，表决内容提前没有公示，很多股东不知情。请求镇街农村集体资产管理部门督促村务财务公开，组织审计。`,
    ],
  },
  {
    key: 'married-out-women', cat: ['农村农业', '农村集体经济', '集体经济组织成员资格'], dept: 'agriculture', purpose: [['demand', 3], ['appeal', 1]], weight: 1, group: 0.45,
    titles: [
      (c) => `${c.village}外嫁女股权分配问题`,
      (c) => `要求确认在${c.village}经济社的成员资格`,
      (c) => `${c.town}出嫁女及其子女被取消分红`,
    ],
    bodies: [
      (c) => `我们是${c.town}${c.village}的出嫁女，婚后户口一直留在村里，也履行了村民义务。但经济社${c.d1}修改章程，规定出嫁女及其子女不再享有股权和分红，涉及${c.k(20, 120)}人。我们认为章程违反男女平等原则，请求政府责令纠正，恢复我们的股东资格。`,
      (c) => `本人${c.name}，${c.year - 15}年嫁到外村，户口未迁出，${c.year - 5}年离婚后带孩子回${c.village}居住。村里以我"已出嫁"为由不给分配股份，孩子也没有份。${c.d2}我申请${c.town}作出处理决定，至今未答复。请求依法确认我和孩子的成员资格。`,
    ],
  },
  {
    key: 'land-requisition', cat: ['国土资源', '土地管理', '征收土地补偿'], dept: 'natural', purpose: 'demand', weight: 1.1, group: 0.45,
    titles: [
      (c) => `${c.town}${c.village}征地补偿款未足额发放`,
      (c) => `${c.village}土地被征收后留用地未落实`,
      (c) => `对${c.ts}征地补偿标准有异议`,
    ],
    bodies: [
      (c) => `${c.town}${c.village}约${c.k(50, 400)}亩农用地于${c.year - 3}年被征收用于${c.road}延长线建设，当时承诺每亩补偿${c.m(80000, 200000, 1000)}，但至今只发放了一半。${c.d1}村民到${c.town}询问，答复是区财政资金未到位。请求尽快足额发放。`,
      (c) => `${c.ts}${c.village}${c.year - 8}年被征地后，政府承诺按征地面积的10%返还留用地，但至今未落实地块，也没有给予折算补偿。村集体因此少了一大笔收入来源。请求自然资源部门核查，尽快落实留用地指标。`,
      (c) => `本人${c.name}承包的${c.k(3, 15)}亩鱼塘被纳入${c.town}征收范围，补偿只计算了土地，对鱼塘设施、塘基果树和当年鱼苗都没有补偿，损失约${c.m(50000, 300000, 1000)}。请求公开征收方案和地上附着物补偿标准，重新核定。`,
    ],
  },
  {
    key: 'homestead', cat: ['农村农业', '农村土地', '宅基地管理'], dept: 'natural', purpose: 'demand', weight: 0.6, group: 0,
    titles: [
      (c) => `${c.village}村民申请宅基地多年未获批准`,
      () => `宅基地被他人侵占`,
      (c) => `${c.ts}农村建房报建手续办理难`,
    ],
    bodies: [
      (c) => `本人${c.name}是${c.town}${c.village}村民，${c.year - 6}年结婚分户后申请宅基地，至今一直没有批下来，一家${c.k(4, 7)}口挤在父母的旧房里。村里说没有用地指标，但近年来有人陆续建了新房。请求公开宅基地分配情况，依法安排。`,
      (c) => `我家在${c.ts}${c.village}有一块祖传宅基地，有${c.year - 30}年的土地使用证。${c.d1}邻居${c.who()}在未经同意的情况下占用约${c.k(20, 80)}平方米建房，村委调解无果。请求相关部门依法确权，责令其停止侵占。`,
    ],
  },
  {
    key: 'prepaid-card', cat: ['商贸旅游', '消费者权益', '预付式消费'], dept: 'market', purpose: 'demand', weight: 1.1, group: 0.3,
    titles: [
      (c) => `${c.town}某健身房卷款跑路`,
      (c) => `${c.ts}美容院预付卡无法退费`,
      () => `商家关门，预付卡余额无人负责`,
    ],
    bodies: [
      (c) => `${c.town}${c.road}一家健身房${c.d1}还在推销年卡，${c.d2}突然贴出"装修暂停营业"的通知后关门，老板联系不上。我们统计受害会员约${c.k(100, 600)}人，涉及金额${c.m(200000, 1500000, 1000)}以上。请求市场监管部门和公安机关介入调查。`,
      (c) => `本人${c.name}在${c.ts}一家美容院办了${c.m(5000, 20000)}的储值卡，只消费了几次，店家就换了经营者，新老板不认原来的卡，也不退钱。请求市场监管部门调解并督促退款。`,
      (c) => `${c.estate}楼下的一家洗衣店${c.d1}结业，会员卡余额约${c.m(300, 3000, 10)}无法使用，店里贴的联系电话打不通。类似情况我们小区有几十人。建议加强对预付卡发卡经营者的监管，设立资金存管制度。`,
    ],
  },
  {
    key: 'food-safety', cat: ['商贸旅游', '市场秩序', '食品安全'], dept: 'market', purpose: 'demand', weight: 0.8, group: 0,
    titles: [
      (c) => `${c.town}菜市场销售过期食品`,
      (c) => `${c.ts}某餐馆卫生条件差致多人腹泻`,
      (c) => `举报${c.village}无证食品加工作坊`,
    ],
    bodies: [
      (c) => `${c.d1}本人${c.name}在${c.town}${c.road}附近一家超市购买牛奶和面包，回家发现已过保质期${c.k(3, 20)}天。与超市交涉，对方只同意退货不肯赔偿，并称货架上的商品不归他们管。请求市场监管部门依法查处。`,
      (c) => `${c.d2}晚我们一行${c.k(5, 12)}人在${c.ts}一家酒楼聚餐，当晚多人出现呕吐腹泻，${c.k(2, 6)}人到${c.hospital}输液治疗。酒楼拒绝承担责任。请求对该酒楼进行食品安全检查，督促赔偿医药费。`,
      (c) => `${c.town}${c.village}出租屋内有一个无证腊味加工作坊，环境脏乱，生肉堆放在地上，成品销往附近市场和饭店。请求食品安全监管部门尽快查处。`,
    ],
  },
  {
    key: 'hukou', cat: ['政法', '公安管理', '户籍管理'], dept: 'police', purpose: [['demand', 3], ['consultation', 2]], weight: 0.8, group: 0,
    titles: [
      (c) => `孩子落户${c.dq}遇到困难`,
      (c) => `咨询${c.dq}人才入户政策`,
      () => `户籍信息登记错误要求更正`,
    ],
    bodies: [
      (c) => `本人${c.name}，在${c.town}购房并居住${c.k(3, 10)}年，孩子${c.d1}出生后申请随父亲落户，派出所以我们的结婚证登记地在外省为由，要求回老家开具证明，来回办了三趟还没办好。请求简化手续，尽快为孩子办理入户。`,
      (c) => `我是大专学历，持有中级职业技能证书，在${c.ts}一家${c.industry}企业工作${c.k(1, 5)}年，想了解${c.dq}人才入户需要哪些条件，配偶和孩子能否随迁，在哪里办理。`,
      (c) => `本人身份证上的出生日期与户口簿记载不一致，相差${c.k(1, 3)}年，导致办理退休时社保部门要求先更正。${c.d2}到${c.town}派出所申请，被告知需要提供原始档案，但原单位已撤销。请求帮助协调解决。`,
    ],
  },
  {
    key: 'dibao', cat: ['民政', '社会救助', '最低生活保障'], dept: 'civil', purpose: [['demand', 3], ['appeal', 1]], weight: 1, group: 0,
    titles: [
      () => `申请低保被拒，要求重新审核`,
      (c) => `${c.town}低保金被无故停发`,
      () => `困难家庭申请临时救助`,
    ],
    bodies: [
      (c) => `本人${c.name}，${c.town}${c.village}村民，丈夫${c.year - 2}年因病去世，本人患有糖尿病无法工作，两个孩子在读书，家庭月收入不足${c.m(1000, 2000)}。${c.d1}申请低保，${c.d2}接到通知说不符合条件，理由是家里有一辆面包车。那辆车早已不能开，请求重新入户核查。`,
      (c) => `我父亲是${c.ts}低保户，${c.d1}起低保金突然停发，社区说是大数据比对发现他名下有存款。那笔钱是亲戚捐给他做手术的${c.m(20000, 50000, 1000)}，已经全部用于治病。请求核实情况，恢复低保待遇。`,
      (c) => `本人${c.name}在${c.town}打工，${c.d1}因工地事故重伤，家中妻子无业，老父母需要赡养，医药费已欠下${c.m(30000, 100000, 1000)}。请求政府给予临时救助，帮助度过难关。`,
    ],
  },
  {
    key: 'elderly-care', cat: ['民政', '养老与社会福利', '养老服务机构'], dept: 'civil', purpose: [['demand', 2], ['suggestion', 2]], weight: 0.7, group: 0.1,
    titles: [
      (c) => `${c.town}某养老院服务差、乱收费`,
      (c) => `建议在${c.ts}${c.community}建设长者饭堂`,
      () => `高龄津贴发放不及时`,
    ],
    bodies: [
      (c) => `我母亲住在${c.town}一家民办养老院，每月费用${c.m(3500, 7000)}，${c.d1}我探望时发现她身上有多处褥疮，护理员一人照顾十几位老人，饭菜也很差。养老院还以"护理等级调整"为名每月多收${c.m(500, 1500)}。请求民政部门检查该院服务质量和收费情况。`,
      (c) => `${c.ts}${c.community}老年人较多，很多是独居或空巢老人，吃饭成问题。建议利用社区党群服务中心的空置用房开办长者饭堂，对高龄和困难老人给予餐费补贴，并提供送餐上门服务。`,
      (c) => `我父亲今年${c.k(80, 96)}岁，按规定可以领取高龄津贴，但自${c.d1}起就没有到账，社区说要重新认证，认证完又说系统升级，一直拖到现在。请求民政部门核查发放情况。`,
    ],
  },
  {
    key: 'illegal-fundraising', cat: ['经济管理', '金融管理', '非法集资'], dept: 'police', purpose: 'demand', weight: 0.8, group: 0.55,
    titles: [
      (c) => `${c.fin}涉嫌非法集资`,
      (c) => `${c.ts}某理财公司承诺高息后跑路`,
      (c) => `要求加快${c.town}非法集资案追赃进度`,
    ],
    bodies: [
      (c) => `${c.d1}起，${c.fin}自称做供应链金融，在${c.town}${c.road}设点，以年化收益${c.k(12, 24)}%吸引老年人投资，还组织旅游、送鸡蛋。${c.d2}公司关门，负责人失联，我们受害者有${c.k(10, 80) * 10}多人，涉及金额约${c.m(5000000, 50000000, 100000)}。请求公安机关立案侦查，追缴赃款。`,
      (c) => `本人${c.name}，退休工人，${c.year - 2}年经朋友介绍把养老钱${c.m(100000, 500000, 10000)}投入${c.ts}一家理财公司，现公司已被公安立案。一年多过去了，案件进展和资产追缴情况一直没有通报。请求公开办案进度，尽快清退资金。`,
    ],
  },
  {
    key: 'enforcement', cat: ['政法', '诉讼与执行', '执行难'], dept: 'court', purpose: [['appeal', 3], ['demand', 1]], weight: 0.8, group: 0,
    titles: [
      () => `胜诉判决长期得不到执行`,
      (c) => `对${c.dq}人民法院民事判决不服`,
      (c) => `要求法院加快执行${c.company}欠款案`,
    ],
    bodies: [
      (c) => `本人${c.name}与${c.company}买卖合同纠纷一案，${c.year - 2}年经${c.dq}人民法院判决对方支付货款${c.m(100000, 800000, 1000)}及利息。判决生效后我申请强制执行，${c.d1}法院以"未发现可供执行财产"为由终结本次执行。但据我了解对方仍在正常经营，请求法院恢复执行。`,
      (c) => `我因民间借贷纠纷被起诉，${c.d1}一审判决我偿还${c.m(50000, 300000, 1000)}。我认为借款已经通过银行转账还清，一审没有采纳我的证据。上诉期已过，请问还能通过什么途径申请再审？`,
    ],
    respondent: (c) => ({ name: c.company }),
  },
  {
    key: 'neighbour-dispute', cat: ['政法', '社会治安', '邻里纠纷'], dept: 'justice', purpose: [['demand', 3], ['other', 1]], weight: 0.8, group: 0,
    titles: [
      (c) => `${c.estate}楼上漏水纠纷请求调解`,
      (c) => `${c.village}邻里排水沟纠纷`,
      () => `与邻居通道纠纷长期未解决`,
    ],
    bodies: [
      (c) => `本人${c.name}住${c.town}${c.estate}${c.k(2, 30)}楼，楼上住户卫生间漏水，${c.d1}以来我家天花板发霉、墙皮脱落，维修需${c.m(5000, 20000)}。多次找对方协商，对方拒绝检查和维修。请求${c.community}人民调解委员会组织调解。`,
      (c) => `${c.ts}${c.village}我家与邻居${c.who()}两户之间有一条排水沟，${c.d2}邻居把水沟填平铺了水泥，导致每逢下雨我家院子被淹。村委调解过两次没有结果，双方关系越来越紧张。请求司法所介入调解。`,
    ],
  },
  {
    key: 'property-title', cat: ['国土资源', '不动产登记', '历史遗留产权'], dept: 'natural', purpose: 'demand', weight: 0.7, group: 0.2,
    titles: [
      (c) => `${c.ts}房改房无法办理不动产证`,
      (c) => `${c.estate}历史遗留问题导致无法办证`,
      (c) => `要求解决${c.village}集体土地上房屋确权`,
    ],
    bodies: [
      (c) => `本人${c.name}于${c.year - 25}年购买原单位的房改房，位于${c.town}${c.road}，当时单位统一办理，只发了一张购房收据。现在单位已经改制，想办理不动产证时被告知缺少原始审批资料。请求不动产登记部门协调解决历史遗留问题。`,
      (c) => `${c.town}${c.estate}建于上世纪九十年代，约${c.k(100, 500)}户业主至今没有房产证，原因是开发商当年未办齐用地手续后注销。${c.d1}区里说要出台专项处理办法，至今没有消息。请求明确办证路径和时间。`,
    ],
  },
  {
    key: 'talent-subsidy', cat: ['劳动和社会保障', '就业与人才', '人才引进待遇'], dept: 'hrss', purpose: [['consultation', 3], ['demand', 1]], weight: 0.6, group: 0,
    titles: [
      (c) => `咨询${c.dq}高校毕业生生活补贴申请`,
      () => `人才安居补贴申请未获答复`,
      () => `咨询技能人才补贴政策`,
    ],
    bodies: [
      (c) => `本人${c.name}，${c.year}年应届本科毕业，${c.d1}入职${c.town}一家${c.industry}企业并缴纳社保。听说${c.dq}对新引进的毕业生有生活补贴和租房补贴，想咨询具体标准、申请时间和所需材料。`,
      (c) => `我${c.d1}在线提交人才安居补贴申请，材料显示已受理，但过了${c.k(3, 8)}个月仍没有审核结果，打电话询问多次都说在走流程。请求告知审核进度和预计发放时间。`,
    ],
  },
  {
    key: 'public-facilities', cat: ['城乡建设', '市政公用设施', '园林绿化'], dept: 'urban', purpose: [['suggestion', 4], ['demand', 1]], weight: 0.9, group: 0,
    titles: [
      (c) => `建议在${c.ts}${c.community}增设口袋公园`,
      (c) => `${c.road}路灯长期不亮`,
      (c) => `${c.town}${c.village}垃圾收集点设置不合理`,
      (c) => `建议${c.ts}增加公共厕所和休息座椅`,
    ],
    bodies: [
      (c) => `${c.ts}${c.community}周边人口密集，但附近没有像样的公园和运动场地，老人孩子只能在马路边活动。${c.estate}旁有一块闲置地长满杂草，建议改造成口袋公园，配套健身器材和儿童游乐设施。`,
      (c) => `${c.dq}${c.road}${c.k(100, 900)}号至${c.k(1000, 2000)}号路段的路灯从${c.d1}开始就不亮了，晚上一片漆黑，已经发生过电动车摔倒和抢包事件。向12345反映后说会安排维修，但至今未修好。请求尽快修复。`,
      (c) => `${c.town}${c.village}的垃圾收集点设在住户门口，垃圾经常满溢，夏天臭味熏天、蚊蝇滋生，清运车每天只来一次。建议把收集点迁到远离住宅的地方，增加清运频次，并定期消杀。`,
    ],
  },
  // --- accusations (揭发控告), about a tenth of the corpus: they name a unit ---------------------------------
  {
    key: 'accuse-officials-style', cat: ['纪检监察', '违反群众纪律', '吃拿卡要'], dept: 'discipline', purpose: 'accusation', weight: 1.4, group: 0,
    titles: [
      (c) => `举报${c.resp}执法人员吃拿卡要`,
      () => `实名举报办事窗口工作人员索要好处`,
      (c) => `反映${c.ts}执法队员违规收费`,
    ],
    bodies: [
      (c) => `本人${c.name}在${c.town}经营一家${c.industry}店。${c.d1}起，${c.resp}执法人员${c.who()}多次以检查为名上门，暗示要"意思意思"，我先后给了现金${c.m(2000, 20000)}和购物卡。${c.d2}因拒绝再给，店铺被以"证照不全"为由罚款。我保留了转账记录和录音，请求纪检监察机关调查。`,
      (c) => `${c.d1}我到${c.resp}窗口办理审批，工作人员${c.who()}以材料不全为由退件${c.k(3, 6)}次，后经人介绍找到中介，交了${c.m(5000, 30000)}"加急费"后三天就办好了。我怀疑工作人员与中介勾结牟利，请求查处。`,
    ],
    respondent: (c) => districtUnit(c, ['market', 'urban', 'housing', 'natural', 'transport']),
  },
  {
    key: 'accuse-village-cadre', cat: ['纪检监察', '职务违法犯罪', '贪污挪用'], dept: 'discipline', purpose: 'accusation', weight: 1.2, group: 0.3,
    titles: [
      (c) => `举报${c.village}村干部侵占集体资产`,
      (c) => `${c.town}${c.village}集体土地低价出租给关系户`,
      (c) => `反映${c.ts}${c.village}村委财务问题`,
    ],
    bodies: [
      (c) => `我们是${c.town}${c.village}的村民。村党支部书记${c.who()}${c.year - 4}年以来，将村集体${c.k(20, 150)}亩土地以每亩每年${c.m(800, 2000)}的价格长期出租给其亲属控制的公司，远低于周边每亩${c.m(5000, 12000)}的市场价。村民多次向${c.resp}反映，一直没有处理。请求纪检监察机关彻查。`,
      (c) => `${c.ts}${c.village}村委会在${c.d1}完成的村道硬化工程，造价${c.m(800000, 3000000, 10000)}，实际路面薄、质量差，半年就出现大面积开裂。工程没有公开招标，由村干部的亲戚承包。我们向${c.resp}反映后石沉大海，怀疑有人包庇，请求上级纪委监委调查。`,
    ],
    respondent: (c) => townUnit(c),
  },
  {
    key: 'accuse-bribery', cat: ['纪检监察', '违反廉洁纪律', '收受礼品礼金'], dept: 'discipline', purpose: 'accusation', weight: 1, group: 0,
    titles: [
      (c) => `举报${c.resp}干部收受企业礼金`,
      () => `反映执法人员包庇违法企业`,
      () => `实名举报干部违规经商`,
    ],
    bodies: [
      (c) => `位于${c.town}的${c.company}长期违法生产，周边群众多次投诉。据了解，${c.resp}负责该片区的干部${c.who()}逢年过节都收受该企业的礼金和购物卡，每次检查前企业都会提前得到消息停产。请求纪检监察机关调查其是否存在利益输送。`,
      (c) => `本人${c.name}实名举报：${c.resp}科长${c.who()}以其配偶名义在${c.town}入股${c.industry}企业，利用职务便利为该企业在审批和检查中提供关照。${c.d1}该企业违规行为被群众举报后，仅作了简单警告处理。请求调查。`,
    ],
    respondent: (c) => districtUnit(c, ['urban', 'market', 'ecology', 'transport', 'natural']),
  },
  {
    key: 'accuse-favouritism', cat: ['纪检监察', '违反群众纪律', '优亲厚友'], dept: 'discipline', purpose: 'accusation', weight: 0.8, group: 0.2,
    titles: [
      (c) => `举报${c.town}低保评定优亲厚友`,
      (c) => `反映${c.ts}困难补助发给干部亲属`,
    ],
    bodies: [
      (c) => `${c.town}${c.village}有${c.k(3, 8)}户家庭经济条件较好、有楼房有车，却长期享受低保，其中两户是社区干部${c.who()}的亲戚；而真正困难的几户孤寡老人申请多次都没批。低保名单从未张榜公示。请求调查${c.resp}民政工作人员是否失职渎职。`,
      (c) => `${c.d1}${c.ts}发放的临时困难补助名单中，有多人是工作人员的亲属，每人领取${c.m(2000, 5000)}，真正遭遇大病、火灾的群众却被告知名额已满。请求纪检监察机关核查${c.resp}补助发放过程。`,
    ],
    respondent: (c) => townUnit(c),
  },
  {
    key: 'accuse-inaction', cat: ['党务政务', '机关作风', '不作为慢作为'], dept: 'discipline', purpose: 'accusation', weight: 0.8, group: 0,
    titles: [
      (c) => `反映${c.resp}对群众投诉长期不作为`,
      () => `举报工作人员推诿扯皮、敷衍群众`,
    ],
    bodies: [
      (c) => `本人${c.name}自${c.d1}起就${c.town}${c.village}的问题先后${c.k(4, 9)}次向${c.resp}书面反映，每次都只收到"已转有关部门处理"的答复，问题至今没有解决，也没有任何工作人员到现场查看。我认为该单位存在明显的不作为、慢作为，请求上级机关问责。`,
      (c) => `${c.d2}我到${c.resp}咨询办事，窗口工作人员态度恶劣，一句"不归我们管"就把我打发走，换了三个科室互相推诿。后来通过12345查询才知道正是该单位的职责。请求查处相关人员的作风问题。`,
    ],
    respondent: (c) => districtUnit(c, ['housing', 'ecology', 'urban', 'natural', 'civil']),
  },
];

const OPENERS: readonly Text[] = [
  () => '尊敬的领导：',
  (c) => `${c.dq}信访局：`,
  () => '您好！',
  () => '市信访局领导：',
];
const CLOSERS: readonly Text[] = [
  () => '以上情况属实，恳请领导重视，尽快给予答复。',
  () => '本人愿意配合调查，联系方式见登记信息。',
  () => '附：现场照片、相关票据复印件。',
  () => '希望早日得到解决，谢谢！',
  (c) => `此前已于${c.d3}向有关部门反映过，至今没有结果。`,
  () => '如问题得不到解决，我们将继续向上级反映。',
  () => '请求依法处理并书面答复。',
];

/** Some letters open with an address and close with a plea, as real ones do. */
function frame(c: Ctx, body: string): string {
  const open = c.rng.next() < 0.3 ? pick(c.rng, OPENERS)(c) : '';
  const close = c.rng.next() < 0.5 ? pick(c.rng, CLOSERS)(c) : '';
  return open + body + close;
}

/** The keys of the topic templates. */
export const DEMO_TOPIC_KEYS: readonly string[] = TOPICS.map((t) => t.key);

const codeCache = new Map<string, string>();
function topicCategory(t: Topic): string {
  let code = codeCache.get(t.key);
  if (!code) {
    code = categoryCodeByNames(...t.cat);
    if (!code) throw new Error(`demo topic ${t.key}: unknown category ${t.cat.join(' › ')}`);
    codeCache.set(t.key, code);
  }
  return code;
}

// ---------------------------------------------------------------------------------------------------------------
// people

function idNumber(rng: Rng, districtCode: string): string {
  const y = int(rng, 1945, 2003);
  const m = int(rng, 1, 12);
  const maxDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = int(rng, 1, maxDay);
  const first17 = `${districtCode}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(int(rng, 0, 999)).padStart(3, '0')}`;
  return first17 + idChecksumChar(first17);
}

function phone(rng: Rng): string {
  return pick(rng, PHONE_PREFIXES) + String(int(rng, 0, 99_999_999)).padStart(8, '0');
}

function homeAddress(rng: Rng, c: Ctx): string {
  if (rng.next() < 0.6) return `佛山市${c.dq}${c.town}${c.road}${int(rng, 1, 399)}号`;
  if (rng.next() < 0.6) return `佛山市${c.dq}${c.town}${pick(rng, ESTATE_HEADS)}${pick(rng, ESTATE_TAILS)}${int(rng, 1, 30)}座${int(rng, 1, 32)}0${int(rng, 1, 8)}房`;
  return `佛山市${c.dq}${c.town}${c.village}${pick(rng, ['大街', '新村', '北坊', '南坊', '东巷'])}${int(rng, 1, 120)}号`;
}

function person(rng: Rng, c: Ctx, name: string): DemoPetitioner {
  const home = rng.next() < 0.85 ? c.district : pick(rng, DISTRICTS);
  return { name, idNumber: idNumber(rng, home.code), phone: phone(rng), address: homeAddress(rng, c) };
}

// ---------------------------------------------------------------------------------------------------------------

const CHANNEL_WEIGHTS: readonly (readonly [DemoChannel, number])[] = [
  ['visit', 28], ['online', 28], ['letter', 14], ['phone', 10], ['hotline', 16], ['video', 4],
];
const GROUP_CHANNEL_WEIGHTS: readonly (readonly [DemoChannel, number])[] = [
  ['visit', 80], ['letter', 8], ['online', 8], ['video', 4],
];

/**
 * One demo petition draft. `people` forces the headcount (≥ 2 makes a group petition: 1–5 representatives).
 * Deterministic: the same RNG state gives the same draft.
 */
export function demoPetition(rng: Rng, opts?: { people?: number }): DemoPetitionDraft {
  const topic = weighted(rng, TOPICS.map((t) => [t, t.weight] as const));
  let headcount: number;
  if (opts?.people !== undefined) {
    headcount = Math.max(1, Math.floor(opts.people));
  } else if (rng.next() < topic.group) {
    headcount = rng.next() < 0.35 ? int(rng, 2, 4) : int(rng, 5, 12);
  } else {
    headcount = 1;
  }
  const c = makeCtx(rng, headcount);
  const respondent = topic.respondent?.(c);
  if (respondent) c.resp = respondent.name;
  const title = pick(rng, topic.titles)(c);
  const content = frame(c, pick(rng, topic.bodies)(c));
  const purpose = typeof topic.purpose === 'string' ? topic.purpose : weighted(rng, topic.purpose);
  const channel = weighted(rng, headcount >= 5 ? GROUP_CHANNEL_WEIGHTS : CHANNEL_WEIGHTS);

  const petitioners: DemoPetitioner[] = [person(rng, c, c.name)];
  if (headcount > 1) {
    const reps = int(rng, 1, Math.min(5, headcount));
    const listed = Math.min(headcount, reps + int(rng, 0, 2));
    const names = new Set([c.name]);
    while (petitioners.length < listed) {
      const n = personName(rng);
      if (names.has(n)) continue;
      names.add(n);
      petitioners.push(person(rng, c, n));
    }
    petitioners.forEach((p, i) => {
      if (i < reps) p.isRepresentative = true;
    });
  }

  const draft: DemoPetitionDraft = {
    channel,
    title,
    content,
    purpose,
    categoryCode: topicCategory(topic),
    districtSlug: c.district.slug,
    townCode: c.townCode,
    address: `佛山市${c.dq}${c.town}${rng.next() < 0.5 ? c.road + String(int(rng, 1, 500)) + '号' : c.village}`,
    petitioners,
    headcount,
    suggestedDept: topic.dept,
    topic: topic.key,
  };
  if (respondent) {
    const r = respondent;
    draft.respondentName = r.name;
    if (r.dept !== undefined) draft.respondentDept = r.dept;
    if (r.unitKey !== undefined) draft.respondentUnitKey = r.unitKey;
  }
  return draft;
}
