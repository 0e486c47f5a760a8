import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heatScore, placeNames, titlePhrases, topics, type TopicMessage } from '../../src/text/topics.ts';

let seq = 0;
const msg = (title: string, text: string, at: string, votes = 0, user?: string): TopicMessage => ({ id: String(++seq), title, text, at, votes, user: user ?? `u${seq}` });

const corpus: TopicMessage[] = [
  msg('A市A2区翠湖花园小区旁边建搅拌站噪音扰民', '翠湖花园小区附近新建了一个混凝土搅拌站，每天夜里噪音很大，粉尘严重，居民无法休息。', '2019-11-02 10:00:00', 3),
  msg('投诉翠湖花园附近搅拌站噪音污染', '我是翠湖花园业主，小区附近的搅拌站日夜施工，噪音和粉尘严重影响生活。', '2019-11-05 09:30:00', 1),
  msg('翠湖花园小区搅拌站粉尘大，请求撤走', '翠湖花园小区旁边的搅拌站粉尘太大，孩子老人都受不了，请求搬走搅拌站。', '2019/11/9 20:15:00', 0),
  msg('A2区翠湖花园搅拌站夜间施工扰民', '翠湖花园附近搅拌站夜间施工，噪音扰民，希望环保部门处理。', '2019/11/12 8:00:00', 5),
  msg('星光小学门口道路积水严重', '星光小学门口的道路一下雨就积水，学生上学很不方便，希望修缮排水设施。', '2019-06-01 08:00:00', 0),
  msg('咨询医保异地报销手续', '我在外地住院，想了解医保异地报销需要哪些材料和流程。', '2019-03-15 14:00:00', 0),
  msg('金桂家园物业乱收停车费', '金桂家园物业公司擅自上调停车费，从每月150元涨到300元，业主不同意。', '2019-08-01 10:00:00', 2),
  msg('金桂家园物业停车费上涨不合理', '金桂家园物业把停车费从150元涨到300元，没有经过业主大会，请查处。', '2019-08-03 11:00:00', 0),
  msg('银杏苑小区附近搅拌站噪音扰民', '银杏苑小区附近也有一个搅拌站，夜间噪音很大。', '2019-11-20 22:00:00', 0),
];
// unrelated background, so that term weights (idf) mean what they mean on a real inbox
const background = [
  ['公交线路调整建议', '希望增加早高峰班次，方便上班族出行。'], ['农村低保申请条件', '家里老人生病，想知道低保的申请条件。'],
  ['养老金发放延迟', '退休工资这个月还没有到账，请帮忙查询。'], ['企业拖欠农民工工资', '工地老板拖欠三个月工资不发，工人生活困难。'],
  ['幼儿园收费过高', '民办幼儿园每学期学费上涨很多，家长负担重。'], ['路灯不亮存在安全隐患', '晚上路灯一直不亮，行人走路很危险。'],
  ['网约车管理问题', '网约车司机绕路多收费，投诉没有回应。'], ['公积金提取流程', '购买二手房可以提取住房公积金吗，需要什么材料。'],
  ['菜市场卫生脏乱差', '菜市场垃圾没人清理，夏天气味难闻。'], ['高考加分政策咨询', '少数民族考生高考加分政策今年是否有变化。'],
  ['违章建筑举报', '邻居在楼顶私自搭建彩钢房，影响安全。'], ['医院挂号难', '专家号总是挂不上，网上预约系统经常崩溃。'],
  ['河道污染严重', '村里的小河被工厂排放的污水污染，鱼都死了。'], ['出租车拒载', '下雨天出租车拒载现象严重，希望加强管理。'],
  ['社保转移接续', '从外省调回本地工作，社保关系怎么转移。'], ['快递柜收费不合理', '快递放进快递柜超时就收费，居民很不满意。'],
].map(([t, x], k) => msg(t!, x!, `2019-0${1 + (k % 9)}-1${k % 10} 12:00:00`));
const all = [...corpus, ...background];

describe('hotspot topics', () => {
  test('place names and codes are found in Chinese text', () => {
    const p = placeNames('A市A2区翠湖花园小区旁边建搅拌站，位于星沙街道东六路');
    assert.deepEqual(p.codes, ['A市', 'A2区']);
    assert.ok(p.names.includes('翠湖花园'), p.names.join(','));
    assert.ok(p.names.includes('星沙街道'), p.names.join(','));
    assert.ok(p.names.includes('东六路'), p.names.join(','));
    assert.deepEqual(placeNames('该小区的马路').names, []);
  });

  test('titles share phrases: the longest form is kept', () => {
    const ph = titlePhrases(['云栖万象房屋开裂', '云栖万象消防隐患', '云栖万象面积缩水'], 2);
    assert.ok(ph[0]!.includes('云栖万象'), ph[0]!.join(','));
    assert.ok(!ph[0]!.includes('栖万象'));
  });

  test('messages about the same 小区 and problem group together; unrelated ones do not', () => {
    const found = topics(all);
    const byId = (id: string) => found.find((t) => t.ids.includes(id));
    const mixing = byId('1');
    assert.ok(mixing, 'the 搅拌站 messages form a topic');
    assert.deepEqual([...mixing.ids].sort(), ['1', '2', '3', '4']);
    assert.equal(mixing.place, '翠湖花园');
    assert.ok(mixing.keywords.some((k) => k.includes('搅拌')), mixing.label);
    assert.equal(mixing.from, '2019-11-02T10:00:00.000Z');
    assert.equal(mixing.to, '2019-11-12T08:00:00.000Z');
    const parking = byId('7');
    assert.ok(parking);
    assert.deepEqual([...parking.ids].sort(), ['7', '8']);
    // the same problem at another 小区 is another topic; unrelated singletons are no topic at all
    assert.equal(byId('9'), undefined);
    assert.equal(byId('5'), undefined);
    assert.equal(byId('6'), undefined);
    assert.equal(found.length, 2);
  });

  test('deterministic: same input, same output, whatever the input order', () => {
    const a = topics(all), b = topics([...all].reverse());
    assert.deepEqual(a, b);
  });

  test('ranking favours more messages, more users and more votes', () => {
    const found = topics(all);
    assert.equal(found[0]!.ids.length, 4, 'the 4-message topic first');
    assert.ok(found[0]!.heat > found[1]!.heat);
    // equal size: the voted topic is hotter
    const pair = (f: (m: TopicMessage) => TopicMessage) => topics([...corpus.slice(6, 8).map(f), ...background]).find((t) => t.ids.includes('7'))!;
    const quiet = pair((m) => ({ ...m, votes: 0 }));
    const loud = pair((m) => ({ ...m, votes: 50 }));
    assert.ok(loud.heat > quiet.heat);
    // one user reposting is less hot than two users
    const oneUser = pair((m) => ({ ...m, votes: 0, user: 'same' }));
    assert.ok(oneUser.heat < quiet.heat);
  });

  test('heat: concentrated in time beats spread out', () => {
    const day = 86_400_000;
    const burst = heatScore([0, day, 2 * day, 3 * day], 4, 0);
    const spread = heatScore([0, 100 * day, 200 * day, 300 * day], 4, 0);
    assert.equal(burst.peakShare, 1);
    assert.equal(spread.peakShare, 0.25);
    assert.ok(burst.heat > spread.heat);
  });
});
