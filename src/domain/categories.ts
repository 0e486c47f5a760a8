/**
 * The problem-category dictionary (问题分类) for petition work: three levels, 15 first-level classes.
 * An original default set; administrators edit and version it (DOMAIN.md §3). Codes: level 1 two digits,
 * level 2 four digits, level 3 six digits, each extending its parent's code.
 */

export interface CategorySeed {
  code: string;
  name: string;
  level: 1 | 2 | 3;
  parentCode: string | null;
}

type Tree = readonly (readonly [name: string, children: readonly (readonly [name: string, leaves: readonly string[]])[]])[];

const TREE: Tree = [
  ['城乡建设', [
    ['住房保障与房地产', ['物业管理', '住宅专项维修资金', '商品房质量与交付', '公租房与保障性住房']],
    ['征地拆迁与城市更新', ['拆迁补偿安置', '旧城镇旧厂房旧村庄改造', '违法强拆']],
    ['规划与违法建设', ['违章建筑', '规划许可与调整', '建筑施工扰民']],
    ['市政公用设施', ['供水供电供气', '道路与排水设施', '园林绿化', '环境卫生与垃圾清运']],
    ['建筑市场管理', ['工程款拖欠', '建筑施工安全', '建设工程质量']],
  ]],
  ['环境保护', [
    ['大气污染', ['工业废气', '餐饮油烟', '建筑工地扬尘']],
    ['水污染', ['工业废水排放', '河涌黑臭', '生活污水直排']],
    ['噪声污染', ['工业噪声', '社会生活噪声', '交通噪声']],
    ['固体废物与土壤', ['危险废物处置', '非法倾倒废弃物', '土壤污染']],
    ['建设项目环境管理', ['项目环评', '邻避设施选址']],
  ]],
  ['交通运输', [
    ['道路交通管理', ['交通拥堵', '停车管理', '交通设施设置']],
    ['公共交通', ['公交线路与站点', '轨道交通建设', '出租车与网约车']],
    ['公路与水运', ['公路建设与养护', '路政管理', '渡口与内河航运']],
    ['交通行政执法', ['违法处罚争议', '车辆扣押', '货车超限超载治理']],
  ]],
  ['经济管理', [
    ['企业改制与破产', ['企业改制遗留问题', '破产清算', '改制职工安置']],
    ['金融管理', ['非法集资', '网络借贷', '银行服务', '保险理赔']],
    ['财政税务', ['税收征管', '财政补贴发放', '政府采购']],
    ['投资与营商环境', ['招商引资承诺兑现', '涉企收费', '企业开办与审批']],
  ]],
  ['科技与信息产业', [
    ['通信服务', ['电信资费', '网络信号覆盖', '通信基站建设']],
    ['网络与信息安全', ['网络谣言与有害信息', '个人信息泄露', '电信网络诈骗']],
    ['科技管理', ['科技项目资金', '知识产权保护', '高新技术企业认定']],
  ]],
  ['民政', [
    ['社会救助', ['最低生活保障', '特困人员供养', '临时救助']],
    ['养老与社会福利', ['养老服务机构', '高龄津贴', '残疾人两项补贴']],
    ['基层治理与社区建设', ['村（居）委会选举', '村务居务公开', '社区公共服务']],
    ['婚姻殡葬与区划地名', ['婚姻登记', '殡葬管理', '行政区划与地名']],
  ]],
  ['农村农业', [
    ['农村集体经济', ['集体经济组织成员资格', '集体资产管理', '集体收益分配']],
    ['农村土地', ['土地承包经营', '宅基地管理', '集体土地流转']],
    ['农业生产', ['农资质量', '动物疫病防控', '渔业养殖']],
    ['农田水利', ['河道整治', '防洪排涝', '农田灌溉设施']],
  ]],
  ['商贸旅游', [
    ['消费者权益', ['预付式消费', '商品质量', '售后服务']],
    ['市场秩序', ['无证无照经营', '价格违法', '虚假宣传', '食品安全']],
    ['旅游管理', ['旅行社合同纠纷', '景区管理', '导游服务']],
    ['商贸流通', ['农贸市场管理', '商铺租赁', '成品油与燃气经营']],
  ]],
  ['卫生计生', [
    ['医疗服务', ['医疗纠纷', '医疗收费', '医德医风']],
    ['公共卫生', ['传染病防控', '公共场所卫生', '职业病防治']],
    ['计划生育', ['奖励扶助金', '社会抚养费', '生育登记服务']],
    ['医疗保障', ['医保报销', '药品价格', '医保定点管理']],
  ]],
  ['政法', [
    ['公安管理', ['治安管理', '刑事案件办理', '户籍管理', '出入境管理']],
    ['司法行政', ['法律援助', '人民调解', '律师与公证']],
    ['诉讼与执行', ['涉法涉诉', '执行难', '立案难']],
    ['社会治安', ['扫黑除恶线索', '黄赌毒', '邻里纠纷']],
  ]],
  ['教育文体', [
    ['教育管理', ['学位分配', '招生入学', '教育收费', '校园安全']],
    ['教师队伍', ['教师待遇', '代课教师', '师德师风']],
    ['文化体育', ['文化市场管理', '公共体育设施', '文物保护']],
    ['广电新闻出版', ['有线电视服务', '新闻出版管理']],
  ]],
  ['劳动和社会保障', [
    ['劳动报酬', ['拖欠工资', '加班工资', '最低工资标准']],
    ['劳动关系', ['劳动合同', '工伤认定与待遇', '解除劳动关系经济补偿']],
    ['社会保险', ['养老保险', '医疗保险', '失业保险', '社保补缴']],
    ['就业与人才', ['就业援助', '职业技能培训', '人才引进待遇']],
  ]],
  ['国土资源', [
    ['土地管理', ['征收土地补偿', '土地违法', '土地确权']],
    ['不动产登记', ['不动产登记办理', '历史遗留产权', '登记错误更正']],
    ['矿产与地质', ['非法采砂采石', '地质灾害防治', '矿山生态修复']],
    ['林业管理', ['林地权属', '林木采伐', '森林防火']],
  ]],
  ['党务政务', [
    ['组织人事', ['干部选拔任用', '公务员招录', '退休待遇']],
    ['政务服务', ['办事效率', '政务公开', '12345热线服务']],
    ['机关作风', ['服务态度', '不作为慢作为', '形式主义官僚主义']],
    ['退役军人事务', ['退役安置', '优抚待遇', '军转干部']],
  ]],
  ['纪检监察', [
    ['违反政治纪律和组织纪律', ['违规选人用人', '不如实报告个人事项']],
    ['违反廉洁纪律', ['收受礼品礼金', '违规经商办企业', '公款吃喝']],
    ['违反群众纪律', ['侵害群众利益', '优亲厚友', '吃拿卡要']],
    ['职务违法犯罪', ['贪污挪用', '受贿行贿', '滥用职权玩忽职守']],
  ]],
];

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function build(): CategorySeed[] {
  const out: CategorySeed[] = [];
  TREE.forEach(([name1, seconds], i) => {
    const c1 = two(i + 1);
    out.push({ code: c1, name: name1, level: 1, parentCode: null });
    seconds.forEach(([name2, leaves], j) => {
      const c2 = c1 + two(j + 1);
      out.push({ code: c2, name: name2, level: 2, parentCode: c1 });
      leaves.forEach((name3, k) => {
        out.push({ code: c2 + two(k + 1), name: name3, level: 3, parentCode: c2 });
      });
    });
  });
  return out;
}

export const CATEGORIES: readonly CategorySeed[] = Object.freeze(build().map((c) => Object.freeze(c)));

export const CATEGORY_BY_CODE: ReadonlyMap<string, CategorySeed> = new Map(CATEGORIES.map((c) => [c.code, c]));

/** The category and its ancestors, root first; empty for an unknown code. */
export function categoryPath(code: string): CategorySeed[] {
  const path: CategorySeed[] = [];
  let cur = CATEGORY_BY_CODE.get(code);
  while (cur) {
    path.unshift(cur);
    cur = cur.parentCode === null ? undefined : CATEGORY_BY_CODE.get(cur.parentCode);
  }
  return path;
}

/** The code of a category given its names from the root, e.g. ('城乡建设', '住房保障与房地产', '物业管理'). */
export function categoryCodeByNames(...names: string[]): string | undefined {
  let parent: string | null = null;
  let found: CategorySeed | undefined;
  for (const name of names) {
    found = CATEGORIES.find((c) => c.parentCode === parent && c.name === name);
    if (!found) return undefined;
    parent = found.code;
  }
  return found?.code;
}
