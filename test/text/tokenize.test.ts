import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ftsExpression } from '../../src/text/index.ts';
import { nearDuplicateGroups } from '../../src/text/minhash.ts';
import { checkReply } from '../../src/text/reply-quality.ts';
import { highlight, indexCodes, indexText, jaccard, queryCodes, shingles, tokens, TRIGRAM_BASE } from '../../src/text/tokenize.ts';
import { featureCounts, predict, score, train, type ModelLr1 } from '../../src/text/classifier.ts';

describe('text: tokenizer and pure parts', () => {
  test('CJK runs become bigrams, ASCII words stay words, full-width is folded', () => {
    assert.deepEqual(tokens('物业费ＡＢＣ 12号'), ['物业', '业费', 'abc', '12', '号']);
    assert.deepEqual(tokens('噪'), ['噪']);
    // punctuation separates runs: no phrase across it
    assert.equal(indexText('物业，费用'), '物业 ǂ 费用');
  });

  test('queries: phrases of bigrams, prefix for one character, AND between words', () => {
    assert.equal(ftsExpression('物业费'), '"物业 业费"');
    assert.equal(ftsExpression('噪 音'), '"噪" * AND "音" *');
    // PostgreSQL: the codes every match holds (a two-character word's bigram, a longer phrase's trigrams, words) and
    // the runs to find in its text
    const q = queryCodes('拆迁补偿 噪 WiFi');
    assert.deepEqual(q.runs, ['拆迁补偿', '噪', 'wifi']);
    const doc = indexCodes('小区拆迁补偿款未到位，噪音扰民，wifi 信号差');
    assert.equal(q.codes.length, 3); // 拆迁补 迁补偿, wifi; 噪 has none of its own
    assert.ok(q.codes.every((c) => doc.includes(c)));
    assert.ok(!indexCodes('补偿拆迁').includes(queryCodes('迁补').codes[0]!));
    // a trigram only where its characters are neighbours in one run: not across punctuation, nor from bigrams apart
    assert.ok(!indexCodes('物业，费用').includes(queryCodes('物业费').codes[0]!));
    assert.ok(!indexCodes('物业和业费').includes(queryCodes('物业费').codes[0]!));
    assert.ok(indexCodes('交物业费').includes(queryCodes('物业费').codes[0]!));
    assert.equal(queryCodes('物业').codes.length, 1);
    assert.ok(queryCodes('物业费').codes[0]! >= TRIGRAM_BASE); // above every bigram code
    assert.equal(ftsExpression('，。'), null);
  });

  test('highlight marks the query in a snippet and escapes HTML', () => {
    const h = highlight('小区<b>物业</b>收费不合理，物业公司乱收费', '物业');
    assert.ok(h.includes('<mark>物业</mark>'));
    assert.ok(!h.includes('<b>'));
  });

  test('near-identical texts are grouped, different ones are not', () => {
    const a = '我们是翠湖花园小区业主，小区附近搅拌站噪音扰民，粉尘严重，请求有关部门尽快处理搬迁。';
    const groups = nearDuplicateGroups([a, a.replace('尽快', '马上'), '学校门口交通拥堵，接送孩子很不方便，希望增设红绿灯。', `${a}谢谢！`]);
    assert.equal(groups.length, 1);
    assert.deepEqual(groups[0]!.sort(), [0, 1, 3]);
    assert.ok(jaccard(shingles(a), shingles('学校门口交通拥堵')) < 0.1);
  });

  test('classifier: learns categories from examples, says which words drove it', () => {
    const docs = [
      ...['小区物业乱收费', '楼盘拆迁补偿不到位', '小区停车位捆绑销售', '物业公司不作为', '拆迁安置房质量差'].map((text) => ({ text, label: '城乡建设' })),
      ...['学校乱收补课费', '孩子入学难学位不足', '教师违规有偿补课', '学校食堂卫生差', '幼儿园收费过高'].map((text) => ({ text, label: '教育文体' })),
    ];
    const m = train(docs, { minDf: 1, epochs: 30 });
    assert.equal(m.kind, 'lr2');
    const p = predict(m, '我们小区的物业乱收费');
    assert.equal(p.label, '城乡建设');
    assert.ok(p.confidence > 0.5);
    assert.ok(p.words.includes('物业'));
    assert.equal(predict(m, '学校补课收费').label, '教育文体');
    const s = score(['a', 'a', 'b'], ['a', 'b', 'b']);
    assert.equal(Math.round(s.accuracy * 100), 67);
  });

  test('classifier features: character 1-3-grams without whitespace and function characters, title n-grams count twice', () => {
    const f = featureCounts('物业 的收费ABC', 3, '的', 2, 2);
    // "物业收费" (whitespace and 的 removed): n-grams starting at the first 2 characters count 2
    assert.equal(f.get('物'), 2);
    assert.equal(f.get('物业收'), 2);
    assert.equal(f.get('收费'), 1);
    assert.equal(f.get('abc'), 1);
    assert.ok(!f.has('的') && !f.has('业的'));
    assert.equal(featureCounts('收费收费', 2, '', 0, 1).get('收费'), 2);
  });

  test('classifier: a stored model of the first kind (lr1) still predicts; an unknown kind asks for retraining', () => {
    const lr1: ModelLr1 = { kind: 'lr1', labels: ['a', 'b'], vocab: ['物业', '1学'], idf: [1, 1], weights: [2, -2, -2, 2], bias: [0, 0], trainedOn: 2 };
    assert.equal(predict(lr1, '物业收费').label, 'a');
    assert.equal(predict(lr1, '学').label, 'b');
    assert.deepEqual(predict(lr1, '学').words, ['学']);
    assert.throws(() => predict({ ...lr1, kind: 'nb0' } as unknown as ModelLr1, '物业'), /retrain/);
  });

  test('reply quality: template-only reply flagged, a reply that addresses the petition is not', () => {
    const petition = '小区附近搅拌站噪音扰民，夜间施工，粉尘严重，请求处理。';
    const template = checkReply(petition, '您好！来信收悉，感谢您的关心，相关部门高度重视，将进一步加强管理。谢谢您的支持与理解。');
    assert.ok(template.flags.some((f) => f.code === 'templateOnly'));
    const good = checkReply(petition, '经核实，该搅拌站夜间施工噪音扰民情况属实。根据《环境噪声污染防治法》规定，区环保局已于5月3日责令其停止夜间施工并整改粉尘问题，后续将持续监测。');
    assert.ok(!good.flags.some((f) => ['templateOnly', 'offTopic'].includes(f.code)), JSON.stringify(good));
  });
});
